"""Shared fixtures of every test, and the session's background build."""

import pytest

from pipeline import log
from tests.background import NAMES, registry


def _builds_needed(item: pytest.Item) -> set[str]:
    params = getattr(getattr(item, "callspec", None), "params", {})
    named = {v for v in params.values() if isinstance(v, str)}  # params may be frames
    return {name for name in NAMES if name in item.fixturenames or name in named}


def pytest_collection_modifyitems(session, config, items):
    """Move the tests of the background builds to the end; start the second-seed build now.

    The builds (``make reports`` in a copy, ``tests/background.py``) then run on the second
    core beside the rest of the suite instead of after it. The second seed needs nothing
    first; Havenstad starts from the built demo, so the ``built`` fixture starts it
    (``tests/e2e/conftest.py``).
    """
    wanted = set().union(*(_builds_needed(item) for item in items)) if items else set()
    if not wanted:
        return
    late = [item for item in items if _builds_needed(item)]
    items[:] = [item for item in items if not _builds_needed(item)] + late
    if config.getoption("collectonly"):
        return
    registry(config)["wanted"] = wanted
    if "second_seed_reports" in wanted:
        from tests.disclosure.attacks.second_seed import start_second_seed

        registry(config)["builds"]["second_seed_reports"] = start_second_seed()


def pytest_unconfigure(config):
    """Stop and remove the background builds (a session that ended early leaves none)."""
    for build in registry(config)["builds"].values():
        build.cleanup()


@pytest.fixture(autouse=True)
def _run_logs_in_tmp(tmp_path_factory, monkeypatch):
    """Stages run in-process write their run log under a temporary folder, not the project's."""
    folder = tmp_path_factory.mktemp("logs")
    monkeypatch.setattr(log, "default_log_dir", lambda root=None: folder)
    monkeypatch.setenv("AIM_LOG_DIR", str(folder))  # stages run as subprocesses
