"""run_stage: one error line and exit 2; a run log per stage, without timings or personal values."""

from __future__ import annotations

import logging
import re

import pandas as pd

from pipeline.cli import run_cli, run_stage
from pipeline.disclosure import DisclosureRules, ReportGate
from pipeline.errors import EXIT_INPUT_ERROR, PipelineError
from pipeline.ingest.quarantine import flag_duplicates, split_quarantine
from pipeline.stats.errors import ColumnError
from pipeline.stats.weights import rake


class WaveMissingError(PipelineError):
    pass


def _bad(argv):
    logging.getLogger("pipeline.test").info("stap 1 klaar")
    raise WaveMissingError("2030.yml: configuration file not found",
                           hint="add config/waves/2030.yml")


def test_pipeline_error_is_one_line_and_exit_2(tmp_path, capsys):
    status = run_stage(_bad, ["--wave", "2030"], "schattingen", log_dir=tmp_path)
    err = capsys.readouterr().err
    assert status == EXIT_INPUT_ERROR
    error_lines = [line for line in err.splitlines() if not line.endswith(" s]")]
    assert error_lines == ["schattingen: 2030.yml: configuration file not found "
                           "(hint: add config/waves/2030.yml)"]
    assert "Traceback" not in err


def test_error_without_progress_is_exactly_one_stderr_line(tmp_path, capsys):
    def bad(argv):
        raise WaveMissingError("params.yaml: not valid YAML")

    assert run_stage(bad, [], "trends", log_dir=tmp_path) == 2
    assert capsys.readouterr().err == "trends: params.yaml: not valid YAML\n"


def test_the_run_log_is_written_per_stage_and_wave(tmp_path, capsys):
    run_stage(_bad, ["--wave", "2030"], "schattingen", log_dir=tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["schattingen_2030.log"]
    text = (tmp_path / "schattingen_2030.log").read_text(encoding="utf-8")
    assert text == ("INFO pipeline.test: stap 1 klaar\n"
                    "ERROR pipeline.stage: 2030.yml: configuration file not found "
                    "(hint: add config/waves/2030.yml)\n")
    assert "stap 1 klaar" in capsys.readouterr().err  # progress on the terminal, with timing


def test_run_log_has_no_timings_and_handlers_are_removed(tmp_path, capsys):
    before = list(logging.getLogger().handlers)
    assert run_stage(lambda argv: 0, [], "index", log_dir=tmp_path) == 0
    assert logging.getLogger().handlers == before
    text = (tmp_path / "index.log").read_text(encoding="utf-8")
    assert text == "INFO pipeline.stage: klaar\n"
    assert re.search(r"\d+\.\d s\]", capsys.readouterr().err)  # timings on the terminal only


def test_programming_errors_keep_their_traceback(tmp_path):
    def bug(argv):
        raise KeyError("column")

    try:
        run_stage(bug, [], "trends", log_dir=tmp_path)
    except KeyError:
        pass
    else:
        raise AssertionError("a bug must not be turned into an input error")
    assert "unexpected error" in (tmp_path / "trends.log").read_text(encoding="utf-8")


def test_run_cli_names_the_log_after_the_module(tmp_path, capsys):
    assert run_cli(_bad, ["--wave", "2024"], log_dir=tmp_path) == 2
    assert (tmp_path / "test_log_2024.log").is_file()
    assert capsys.readouterr().err.splitlines()[-1].startswith("ingest error: 2030.yml")


def test_hint_also_in_errors_that_override_str():
    assert str(ColumnError("x is absent", hint="check the mapping")) == (
        "x is absent (hint: check the mapping)")


FAKE_PEOPLE = ["P-0451237", "P-0451238", "Jansen-Bakker", "1971-03-14", "resp-9f3a2c"]


def _small_stage(argv):
    ids = pd.Series([FAKE_PEOPLE[0], FAKE_PEOPLE[0], None, FAKE_PEOPLE[1], FAKE_PEOPLE[4]] * 4)
    frame = pd.DataFrame({"id": ids, "name": FAKE_PEOPLE[2], "birth": FAKE_PEOPLE[3],
                          "unit": ["A", "B", "A", "B", "C"] * 4,
                          "age_band": ["<25", "25-34", "25-34", "35-44", "35-44"] * 4})
    kept, _, _ = split_quarantine(frame, [
        ("missing_id", "id", frame["id"].isna()),
        ("duplicate_id", "id", flag_duplicates(frame["id"]))], "hr_fake.csv")
    rake(kept, {"unit": pd.Series({"A": 40.0, "B": 40.0, "C": 20.0}),
                "age_band": pd.Series({"<25": 10.0, "25-34": 30.0, "35-44": 60.0})},
         trim_bounds=(0.5, 2.0))
    counts = pd.DataFrame({"man": [30, 4], "vrouw": [40, 25]},
                          index=pd.Index(["a", "b"], name="cluster"))
    ReportGate(DisclosureRules()).publish_counts(counts, "staf", "Staf")
    return 0


def test_a_stage_log_holds_no_personal_value(tmp_path, capsys):
    assert run_stage(_small_stage, [], "proef", log_dir=tmp_path) == 0
    text = (tmp_path / "proef.log").read_text(encoding="utf-8")
    shown = text + capsys.readouterr().err
    assert "hr_fake.csv" in text and "quarantaine" in text      # the decisions are logged,
    assert "samengevoegd" in text and "weging klaar" in text
    assert "tabel 'staf'" in text                               # the gate at DEBUG,
    for value in FAKE_PEOPLE:                                   # the people are not
        assert value not in shown
