"""Paths and configuration files of the ingest stages (read once by each stage's ``main()``).

Library functions take paths and values as arguments; only the stage entry points and the
writers' defaults call these helpers.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from pipeline.config import ROOT
from pipeline.contract import DEMO_SOURCE, artefact_path
from pipeline.ingest.errors import IngestError

#: The demo source's configuration folder (the default layouts of the writers and doctests).
CONFIG_DIR = artefact_path("source_config", DEMO_SOURCE, root=ROOT)
#: Key under which a layout read by :func:`hr_config` carries its own path (for hints).
LAYOUT_FILE = "_file"


def load_yaml(path: str | Path) -> dict[str, Any]:
    """Read a YAML mapping file, raising :class:`IngestError` on a missing or bad file.

    Parameters
    ----------
    path : str or pathlib.Path
        YAML file.

    Returns
    -------
    dict

    Examples
    --------
    >>> load_yaml(CONFIG_DIR / "hr.yml")["columns"]["employee_id"]
    'Personeelsnummer'
    """
    path = Path(path)
    if not path.is_file():
        raise IngestError(path, f"configuration file not found at {_shown(path)}: create it "
                          "(docs/adding-a-wave.md) or check data.source in params.yaml")
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise IngestError(path, "configuration file is not valid YAML") from exc
    if not isinstance(content, dict):
        raise IngestError(path, "configuration file is not a YAML mapping")
    return content


def _shown(path: Path) -> str:
    """Return the path relative to the project root when inside it (never absolute)."""
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(ROOT)).as_posix()
    except ValueError:
        return path.name


@cache
def _cached(path: str) -> dict[str, Any]:
    return load_yaml(path)


def hr_config(path: str | Path | None = None) -> dict[str, Any]:
    """Return the HR export layout (``config/hr.yml`` unless `path` is given).

    Parameters
    ----------
    path : str or pathlib.Path, optional
        Other layout file.

    Returns
    -------
    dict

    Examples
    --------
    >>> hr_config()["date_format"]
    '%d-%m-%Y'
    """
    path = Path(path or CONFIG_DIR / "hr.yml")
    return {**_cached(str(path)), LAYOUT_FILE: _shown(path)}


def cbs_config(path: str | Path | None = None) -> dict[str, Any]:
    """Return the CBS barometer and benchmark layout (``config/cbs.yml`` unless `path`).

    Parameters
    ----------
    path : str or pathlib.Path, optional
        Other layout file.

    Returns
    -------
    dict

    Examples
    --------
    >>> cbs_config()["barometer"]["sheets"]["nieuw"]
    'Herkomst'
    """
    return dict(_cached(str(path or CONFIG_DIR / "cbs.yml")))
