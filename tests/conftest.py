"""Shared fixtures of every test."""

import pytest

from pipeline import log


@pytest.fixture(autouse=True)
def _run_logs_in_tmp(tmp_path_factory, monkeypatch):
    """Stages run in-process write their run log under a temporary folder, not the project's."""
    folder = tmp_path_factory.mktemp("logs")
    monkeypatch.setattr(log, "default_log_dir", lambda root=None: folder)
    monkeypatch.setenv("AIM_LOG_DIR", str(folder))  # stages run as subprocesses
