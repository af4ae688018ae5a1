"""The second report set of the attack suite: the demo built from another seed.

Kept out of the conftest so that the session hook (``tests/conftest.py``), which starts the
build early, and the fixture that waits for it share one module.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.background import BackgroundBuild
from tests.e2e.conftest import copy_project

SECOND_SEED = 42
KEY = "attack-suite-test-key-0123456789abcdef"


def prepare_second_seed(project: Path) -> None:
    """Write the project with another ``seed`` (and 40 replicates) into ``project``."""
    copy_project(project)
    path = project / "params.yaml"
    params = yaml.safe_load(path.read_text(encoding="utf-8"))
    params["seed"] = SECOND_SEED
    # the attacks read counts and percentages; fewer replicates only widen nothing they use
    params["weighting"]["replicates"] = 40
    path.write_text(yaml.safe_dump(params, sort_keys=False), encoding="utf-8")


def start_second_seed() -> BackgroundBuild:
    """Start the second-seed build in the background (``tests/conftest.py`` does, early)."""
    return BackgroundBuild.start(prepare_second_seed, "aim-second-seed-", KEY)
