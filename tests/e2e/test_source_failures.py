"""Issue 11: every failure on the way from a folder of exports to the reports is one line.

Each case breaks Havenstad's source in one way and runs `make reports` as a new user would:
a non-zero exit, no traceback, one error line that names the file and says what to do, and no
value from the data in the output.
"""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

from tests.e2e.conftest import copy_project
from tests.e2e.havenstad_build import set_params
from tests.e2e.independent_source import SOURCE, write_source
from tests.e2e.test_independent_source import KEY, _make_reports

pytestmark = pytest.mark.slow
#: The prefixes of the one-line errors (pipeline.cli.run_stage callers, pipeline.contract).
ERROR_PREFIXES = ("ingest error", "schattingen", "trends", "rapport", "index", "contract",
                  "synthetische data")


def _no_key(project):
    return {"env": {"AIM_PSEUDO_KEY": ""}}


def _no_hr_layout(project):
    (project / "config" / "sources" / SOURCE / "hr.yml").unlink()
    return {}


def _wrong_header(project):
    path = project / "data" / "raw" / SOURCE / "hr" / "hr_2028-12-31.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.rename(columns={"Cluster": "Organisatie"}).to_csv(path, index=False)
    return {}


def _unknown_code(project):
    path = project / "data" / "raw" / SOURCE / "survey" / "2028_herhaal.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[3, "gender"] = "onbekend"
    frame.to_csv(path, index=False)
    return {"secret": "onbekend"}


def _missing_params_key(project):
    text = (project / "params.yaml").read_text(encoding="utf-8")
    (project / "params.yaml").write_text(text.replace("report:", "rapport:"), encoding="utf-8")
    return {}


CASES = {
    "no pseudonymisation key": (_no_key, ["AIM_PSEUDO_KEY"]),
    "no HR layout": (_no_hr_layout, ["config/sources/havenstad/hr.yml", "create it"]),
    "wrong HR header": (_wrong_header, ["hr_2028-12-31.csv", "Cluster"]),
    "unknown survey code": (_unknown_code, ["2028_herhaal.csv", "gender", "canonical codes",
                                            "docs/data-contract.md"]),
    "params key missing": (_missing_params_key, ["params.yaml", "report"]),
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    project = tmp_path_factory.mktemp("havenstad_broken")
    copy_project(project)
    write_source(project, [2028], n_staff=800)
    set_params(project, data__source=SOURCE, waves=[2028])
    return project


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_broken_source_stops_in_one_clear_line(pristine, tmp_path, case):
    project = tmp_path / "p"
    shutil.copytree(pristine, project, symlinks=True)
    breaker, expected = CASES[case]
    extra = breaker(project)
    env = extra.get("env", {"AIM_PSEUDO_KEY": KEY})
    result = _make_reports(project, env)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    assert "Traceback" not in output
    noise = ("ERROR: failed to reproduce", "make:", "Running stage", "> ", "Updating lock",
             "WARNING:", "Stage '")
    errors = [line for line in result.stderr.splitlines() + result.stdout.splitlines()
              if ": " in line and not line.startswith(noise)
              and not re.search(r"\[\d+(\.\d+)? s\]$", line)
              and line.split(": ", 1)[0] in ERROR_PREFIXES]
    assert len(errors) == 1, result.stderr[-3000:]
    for part in expected:
        assert part in errors[0], (part, errors[0])
    if "secret" in extra:
        assert extra["secret"] not in output
    assert not list((project / "reports" / SOURCE).glob("*/*.html"))
