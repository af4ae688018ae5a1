"""Byte-for-byte reproducibility of the report writers (issue 12): no clock, no machine paths."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
import zipfile
from pathlib import Path

import nbformat
import pytest

from pipeline.disclosure import ParsedTable
from pipeline.report.build import normalise_notebook_file
from pipeline.report.downloads import write_xlsx
from pipeline.report.provenance import FIXED_BUILD_DATE, build_date, code_version

CLOCK_TICK = 1.1  # seconds between the two writes: the clock's second has changed


ROOT = Path(__file__).resolve().parents[3]


def _table() -> ParsedTable:
    return ParsedTable(caption="Respons naar cluster", header=["Cluster", "n", "Respons"],
                       rows=[["Dienstverlening", "1.230", "34%"], ["Stadsdelen", "·", "·"]],
                       footer=["· = niet getoond"], attrs={"data-table": "respons"},
                       disclosure="passed")


def test_xlsx_download_same_bytes_at_different_times(tmp_path: Path) -> None:
    first = write_xlsx([_table()], tmp_path / "a.xlsx", "Respons 2024").read_bytes()
    time.sleep(CLOCK_TICK)
    second = write_xlsx([_table()], tmp_path / "b.xlsx", "Respons 2024").read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "b.xlsx") as book:
        assert {i.date_time for i in book.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def _executed_notebook(folder: Path, root: Path) -> Path:
    """A notebook as papermill leaves it: clock times, absolute paths, a random cell id."""
    now = dt.datetime.now(dt.UTC)
    stamp = now.isoformat()
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {
        "start_time": stamp, "end_time": stamp, "duration": now.microsecond / 1e6,
        "input_path": str(root / "notebooks" / "respons.ipynb"),
        "output_path": str(folder / "respons.ipynb"), "parameters": {"wave": 2024},
        "version": "2.7.0", "exception": None}
    params = nbformat.v4.new_code_cell("wave = 2024", id=f"{now.microsecond:08x}"[:8])
    params.metadata = {"tags": ["injected-parameters"],
                       "execution": {"iopub.status.busy": stamp, "shell.execute_reply": stamp},
                       "papermill": {"start_time": stamp, "end_time": stamp,
                                     "duration": 0.01, "status": "completed",
                                     "exception": False}}
    body = nbformat.v4.new_code_cell("print(wave)", id="181d6dcf")
    body.metadata = {"execution": {"iopub.execute_input": stamp}}
    body.outputs = [nbformat.v4.new_output("stream", name="stdout", text="2024\n")]
    nb.cells = [params, body]
    folder.mkdir(parents=True)
    path = folder / "respons.ipynb"
    nbformat.write(nb, path)
    return path


def test_notebook_normaliser_same_bytes_at_different_times(tmp_path: Path) -> None:
    root_a, root_b = tmp_path / "clone_a", tmp_path / "clone_b"
    first = _executed_notebook(root_a / "data" / "processed" / "notebooks" / "2024", root_a)
    time.sleep(CLOCK_TICK)
    second = _executed_notebook(root_b / "data" / "processed" / "notebooks" / "2024", root_b)
    assert first.read_bytes() != second.read_bytes()
    normalise_notebook_file(first, root_a)
    normalise_notebook_file(second, root_b)
    assert first.read_bytes() == second.read_bytes()
    nb = json.loads(second.read_text(encoding="utf-8"))
    assert nb["metadata"]["papermill"]["output_path"] == (
        "data/processed/notebooks/2024/respons.ipynb")
    assert "".join(nb["cells"][1]["outputs"][0]["text"]) == "2024\n"  # outputs kept
    nbformat.validate(nbformat.read(second, as_version=4))


def test_build_date_is_never_the_clock() -> None:
    peildatum = dt.date(2024, 12, 31)
    assert build_date(peildatum, env={}) == peildatum
    assert build_date(None, env={}) == FIXED_BUILD_DATE
    assert build_date(peildatum, env={"SOURCE_DATE_EPOCH": "1798675200"}) == dt.date(2026, 12,
                                                                                      31)
    with pytest.raises(ValueError):
        build_date(peildatum, env={"SOURCE_DATE_EPOCH": "morgen"})


def test_code_version_is_the_fingerprint_of_the_stage_code_only(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(ROOT / "pipeline", root / "pipeline",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    sections = ["respons"]
    first = code_version(root, "report", sections)
    assert len(first) == 10 and first == code_version(root, "report", sections)
    (root / "dvc.lock").write_text("stages: {}\n")  # what a build or a commit changes
    (root / "pipeline" / "synth" / "main.py").write_text("# not report code\n")
    assert code_version(root, "report", sections) == first
    from pipeline.contract.dvcfile import _code_deps, _file_imports

    _code_deps.cache_clear()
    _file_imports.cache_clear()
    with open(root / "pipeline" / "report" / "render.py", "a", encoding="utf-8") as handle:
        handle.write("# changed\n")
    assert code_version(root, "report", sections) != first


def test_pages_are_dated_by_the_peildatum_and_a_stated_build_date_only() -> None:
    from pipeline.report.provenance import dated_line

    assert dated_line(dt.date(2028, 12, 31), env={}) == \
        "peildatum personeelsregistratie 31 december 2028"
    assert "gemaakt op 31 december 2026" in dated_line(
        dt.date(2028, 12, 31), env={"SOURCE_DATE_EPOCH": "1798675200"})
