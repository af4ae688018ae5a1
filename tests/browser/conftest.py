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


@pytest.fixture(scope="session")
def browser_results(built):  # noqa: F811 (the imported fixture)
    """The browser check over every page in reports/, screenshots in tests/output/."""
    if SCREENSHOTS.exists():
        shutil.rmtree(SCREENSHOTS)
    return run_browser_check(built / "reports", SCREENSHOTS)
