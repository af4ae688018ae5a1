"""Havenstad's first build (issue 11): a project that built the demo switches to another source.

Started in the background by the ``built`` fixture as soon as the demo is built
(``tests/background.py``), since it starts from the demo's built state; the tests of
``tests/e2e/test_independent_source.py`` wait for it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from tests.background import BackgroundBuild
from tests.e2e.conftest import copy_project
from tests.e2e.independent_source import SOURCE, write_source

KEY = "havenstad-test-key-0123456789abcdef"
FIRST_WAVES = [2028]


def set_params(project: Path, **changes) -> None:
    """Change params.yaml of ``project``: ``a__b=value`` sets ``a: b: value``."""
    path = project / "params.yaml"
    params = yaml.safe_load(path.read_text(encoding="utf-8"))
    for dotted, value in changes.items():
        node = params
        *parents, last = dotted.split("__")
        for key in parents:
            node = node[key]
        node[last] = value
    path.write_text(yaml.safe_dump(params, sort_keys=False), encoding="utf-8")


def start_havenstad(built: Path) -> BackgroundBuild:
    """Copy the project with the demo's built state, add Havenstad's exports, start the build.

    The build's ``prepared`` is the number of respondents written per wave.
    """
    def prepare(project: Path) -> dict[int, int]:
        copy_project(project)
        for rel in ("data/raw/demo", "data/processed/demo", "reports/demo"):
            shutil.copytree(built / rel, project / rel)
        shutil.copy2(built / "dvc.lock", project / "dvc.lock")
        respondents = write_source(project, FIRST_WAVES)
        set_params(project, data__source=SOURCE, waves=FIRST_WAVES)
        return respondents

    return BackgroundBuild.start(prepare, "aim-havenstad-", KEY)
