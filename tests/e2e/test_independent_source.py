"""Issue 11: a research team's own source, built with the README's command and configuration only.

A copy of the repository (its tracked files) gets the demo's built state, then Havenstad's
exports (tests/e2e/independent_source.py: other units, size, HR layout, canonical survey names,
one HR snapshot, wave 2028, no CBS, no labour-force table). `make reports` switches to it after
`data.source: havenstad` and `waves: [2028]` in params.yaml; later a 2030 monitor and CBS files
are added.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml

from pipeline.synth.organisation import CLUSTERS as DEMO_CLUSTERS
from tests.background import registry
from tests.e2e.havenstad_build import KEY, set_params, start_havenstad
from tests.e2e.independent_source import MARKERS, SOURCE, write_cbs, write_source

pytestmark = pytest.mark.slow


def _make_reports(project: Path, extra: dict[str, str] | None = None
                  ) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(project), "AIM_PSEUDO_KEY": KEY,
           **(extra or {})}
    env.pop("AIM_ROOT", None)
    env.pop("AIM_LOG_DIR", None)
    return subprocess.run(["make", "-o", ".venv/.installed", "reports"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=900)


def _texts(folder: Path):
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".csv", ".json", ".log", ".ipynb"):
            yield path, path.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def havenstad(built, request):
    """Havenstad's first build: started in the background once the demo was built."""
    build = registry(request.config)["builds"].get("havenstad")
    if build is None:  # not started by the ``built`` fixture (e.g. asked for directly)
        build = start_havenstad(built)
        request.addfinalizer(build.cleanup)
    code, output = build.wait()
    result = subprocess.CompletedProcess(["make", "reports"], code, output, "")
    return build.project, result, build.prepared


def test_make_reports_finishes_with_configuration_only(havenstad):
    project, result, _ = havenstad
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "Traceback" not in output
    assert f"Rapporten: reports/{SOURCE}/index.html" in result.stdout
    pages = sorted(p.name for p in (project / "reports" / SOURCE / "2028").glob("*.html"))
    assert pages == ["eenheden.html", "gronden.html", "prevalentie.html", "representatie.html",
                     "respons.html", "samenvatting.html"]
    units = (project / "reports" / SOURCE / "2028" / "eenheden.html").read_text(encoding="utf-8")
    assert "Haven en Logistiek" in units  # Havenstad's own clusters in its unit reports


def test_the_demo_generator_did_not_run(havenstad):
    project, result, _ = havenstad
    assert "synth" not in yaml.safe_load((project / "dvc.yaml").read_text())["stages"]
    assert "Running stage 'synth'" not in result.stdout


def _assert_no_demo_value(project: Path) -> None:
    demo_only = [c for c in DEMO_CLUSTERS if c not in MARKERS]
    found_marker = False
    for folder in (project / "reports" / SOURCE, project / "data" / "processed" / SOURCE):
        for path, text in _texts(folder):
            leaked = [c for c in demo_only if c in text]
            assert not leaked, (path.relative_to(project), leaked)
            assert "Synthetische data" not in text, path.relative_to(project)
            found_marker |= any(m in text for m in MARKERS)
    assert found_marker, "Havenstad's own units appear nowhere in its reports"


def test_no_demo_value_reaches_the_other_source(havenstad):
    _assert_no_demo_value(havenstad[0])


def test_reports_count_the_sources_own_respondents(havenstad):
    project, _, respondents = havenstad
    import json

    weighting = json.loads((project / "data" / "processed" / SOURCE / "weighting_2028.json")
                           .read_text(encoding="utf-8"))
    assert 0.8 * respondents[2028] < weighting["respondents_in_estimates"] <= respondents[2028]


def test_a_2030_monitor_and_cbs_files_added_later(havenstad):
    """The team adds a 2030 monitor and, for both waves, CBS files; one rerun builds both.

    (One rebuild for the two additions: a separate build for each took a minute more.)
    """
    project, _, _ = havenstad
    page_2028 = project / "reports" / SOURCE / "2028" / "representatie.html"
    assert "Geen CBS-barometer" in page_2028.read_text(encoding="utf-8")
    write_source(project, [2028, 2030])
    set_params(project, waves=[2028, 2030])
    write_cbs(project, [2028, 2030])
    result = _make_reports(project)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "Traceback" not in output
    index = (project / "reports" / SOURCE / "index.html").read_text(encoding="utf-8")
    assert "2030/prevalentie.html" in index and "monitor" in index
    for wave in (2028, 2030):
        text = (project / "reports" / SOURCE / str(wave) / "representatie.html").read_text(
            encoding="utf-8")
        # 2028 has no earlier CBS year, so its projection still says so; 2030 has 2028
        assert wave == 2028 or "Geen CBS-barometer" not in text, wave
        assert "Buiten-Europ" in text and "Haven en Logistiek" in text, wave
    _assert_no_demo_value(project)
