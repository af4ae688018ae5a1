"""Run the browser check once per session over the reports that `dvc repro` built.

The pipeline run is the e2e suite's `built` fixture (imported, not duplicated): when the e2e
tests ran first in the same session, its `dvc repro` finds every stage up to date.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import ROOT, built  # noqa: F401 (fixture reused by name)

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
SCRIPT = ROOT / "scripts" / "browser_check.mjs"
SCREENSHOTS = ROOT / "tests" / "output" / "screenshots"


def run_browser_check(reports: Path, screenshots: Path) -> dict:
    """Run scripts/browser_check.mjs over a folder of pages and return its JSON."""
    missing = [what for what, ok in (
        ("node", shutil.which("node") is not None),
        (str(CHROMIUM), CHROMIUM.exists()),
        ("node_modules/playwright-core", (ROOT / "node_modules" / "playwright-core").is_dir()),
        ("node_modules/axe-core", (ROOT / "node_modules" / "axe-core").is_dir()),
    ) if not ok]
    assert not missing, f"missing {', '.join(missing)}: run `make browser-deps`"
    result = subprocess.run(["node", str(SCRIPT), str(reports), str(screenshots)], cwd=ROOT,
                            env={**os.environ, "CHROMIUM": str(CHROMIUM)},
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


UNIT_SAMPLE = {"cluster": 1, "directie": 2}
"""Unit pages per wave the browser opens: they all come from one function
(:mod:`pipeline.report.unit_pages`), and ~40 per wave would double the check's time; the
static checks of test_reports_in_browser.py read every page."""


def browser_pages(reports: Path) -> set[str]:
    """The pages the browser opens (relative paths): every page but a sample of unit pages."""
    out = set()
    for path in sorted(reports.rglob("*.html")):
        rel = path.relative_to(reports)
        if rel.parent.name == "eenheden":
            level = path.name.split("-", 1)[0]
            taken = sum(1 for p in out if p.startswith(f"{rel.parent.as_posix()}/{level}-"))
            if taken >= UNIT_SAMPLE.get(level, 0):
                continue
        out.add(rel.as_posix())
    return out


@pytest.fixture(scope="session")
def browser_results(built, tmp_path_factory):  # noqa: F811 (the imported fixture)
    """The browser check over the pages of reports/ (:func:`browser_pages`), screenshots in
    tests/output/."""
    if SCREENSHOTS.exists():
        shutil.rmtree(SCREENSHOTS)
    reports = built / "reports"
    keep = browser_pages(reports)
    copy = tmp_path_factory.mktemp("browser") / "reports"
    shutil.copytree(reports, copy, ignore=lambda folder, names: [
        n for n in names if n.endswith(".html")
        and (Path(folder) / n).relative_to(reports).as_posix() not in keep])
    return run_browser_check(copy, SCREENSHOTS)
