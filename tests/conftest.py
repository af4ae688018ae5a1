"""Shared fixtures of every test, and the session's background build."""

import pytest

from pipeline import log

SLOW_BUILD_FIXTURE = "second_seed_reports"


def _needs_second_seed(item: pytest.Item) -> bool:
    params = getattr(getattr(item, "callspec", None), "params", {})
    named = [v for v in params.values() if isinstance(v, str)]  # params may be frames
    return SLOW_BUILD_FIXTURE in item.fixturenames or SLOW_BUILD_FIXTURE in named


def pytest_collection_modifyitems(session, config, items):
    """Move the tests of the second-seed build to the end and start that build now.

    The build (``make reports`` in a copy, ``tests/background.py``) then runs on the second
    core beside the rest of the suite instead of after it.
    """
    late = [item for item in items if _needs_second_seed(item)]
    if not late:
        return
    items[:] = [item for item in items if not _needs_second_seed(item)] + late
    if config.getoption("collectonly"):
        return
    from tests.disclosure.attacks.second_seed import SECOND_SEED_BUILD, start_second_seed

    config.stash[SECOND_SEED_BUILD] = start_second_seed()


def pytest_unconfigure(config):
    """Stop and remove the background build (a session that ended early leaves none)."""
    from tests.disclosure.attacks.second_seed import SECOND_SEED_BUILD

    build = config.stash.get(SECOND_SEED_BUILD, None)
    if build is not None:
        build.cleanup()


@pytest.fixture(autouse=True)
def _run_logs_in_tmp(tmp_path_factory, monkeypatch):
    """Stages run in-process write their run log under a temporary folder, not the project's."""
    folder = tmp_path_factory.mktemp("logs")
    monkeypatch.setattr(log, "default_log_dir", lambda root=None: folder)
    monkeypatch.setenv("AIM_LOG_DIR", str(folder))  # stages run as subprocesses
