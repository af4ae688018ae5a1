"""Issue 11 item 4: a source without the optional inputs still gets a representation report.

Copies the processed tables into a temporary project, replaces the barometer, the benchmark
and the HR flows by the tables the ingest stages write when those inputs are not supplied
(no rows, canonical columns), runs the representatie notebook's code and the index page.
"""

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

import pipeline.config
from pipeline.ingest.cbs import empty_barometer, empty_benchmark
from pipeline.ingest.derive import empty_flows
from tests.e2e.conftest import ROOT
from tests.e2e.inline import run_notebook_inline

WAVE, STUDY = 2026, "monitor"
EMPTY = {"barometer": empty_barometer, "benchmark": empty_benchmark, "hr_flows": empty_flows}


def _project(source: Path, tmp_path: Path, monkeypatch) -> Path:
    params = yaml.safe_load((source / "params.yaml").read_text(encoding="utf-8"))
    params["report"]["sections"] = ["representatie"]  # the one section run here: plan only it
    (tmp_path / "params.yaml").write_text(yaml.safe_dump(params), encoding="utf-8")
    (tmp_path / "config").symlink_to(source / "config")
    (tmp_path / "notebooks").symlink_to(source / "notebooks")
    shutil.copytree(source / "data" / "processed" / "demo",
                    tmp_path / "data" / "processed" / "demo",
                    ignore=shutil.ignore_patterns("notebooks", "survey_*"))
    monkeypatch.setattr(pipeline.config, "ROOT", tmp_path)
    return tmp_path


@pytest.mark.parametrize("absent", [("barometer",), ("benchmark",), ("hr_flows",),
                                    ("barometer", "benchmark", "hr_flows")],
                         ids=["no barometer", "no benchmark", "one HR snapshot", "none"])
def test_representation_report_says_what_is_missing(built, tmp_path, monkeypatch, absent):
    import IPython.display
    import nbformat

    from pipeline.report.availability import section_availability
    from pipeline.report.index import index_page

    root = _project(built, tmp_path, monkeypatch)
    processed = root / "data" / "processed" / "demo"
    for name in absent:
        EMPTY[name]().to_parquet(processed / f"{name}.parquet")
    from pipeline.report.publication import main as publish

    publish([])  # the publication plan of the source without those inputs
    shown: list = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
    namespace = run_notebook_inline(ROOT / "notebooks" / "representatie.ipynb",
                                    {"wave": WAVE, "study": STUDY})
    inputs = namespace["inputs"]
    assert inputs.has("cbs") is ("barometer" not in absent)
    assert inputs.has("benchmark") is ("benchmark" not in absent)
    assert inputs.has("flows") is ("hr_flows" not in absent)
    assert namespace["report"].ledger.section("representatie")  # "jong" is always shown
    html = [o.data for o in shown if isinstance(o, IPython.display.HTML)]
    text = "\n".join(html)
    if "barometer" in absent:
        assert ("Geen CBS-barometer aangeleverd: zet de CBS-tabellen in data/raw/demo/cbs/ om "
                "herkomst volgens CBS te tonen.") in text
    if "hr_flows" in absent:
        assert "om de in-, door- en uitstroom te tonen." in text
    if "benchmark" in absent:
        assert "geen cijfers over de beroepsbevolking" in text.lower()

    # the index lists what is missing, read from the executed notebook's outputs
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output(
        "display_data", data={"text/html": h})]) for h in html]
    executed = processed / "notebooks" / str(WAVE)
    executed.mkdir(parents=True)
    nbformat.write(nb, executed / "representatie.ipynb")
    labels = section_availability(executed / "representatie.ipynb")
    expected = {"barometer": "herkomst volgens CBS", "hr_flows": "in-, door- en uitstroom",
                "benchmark": "vergelijking met de beroepsbevolking"}
    assert {expected[a] for a in absent} <= set(labels)
    assert "projectie" in labels
    reports = root / "reports" / "demo" / str(WAVE)
    reports.mkdir(parents=True)
    (reports / "representatie.html").write_text("<html></html>", encoding="utf-8")
    from pipeline.config import load_params
    from pipeline.contract import stage_params

    index_params = stage_params(load_params(root / "params.yaml"), "index")
    page = index_page(index_params, root / "reports" / "demo", date.today(), "test",
                      executed=executed.parent)
    assert "niet beschikbaar: " + "; ".join(labels) in page
