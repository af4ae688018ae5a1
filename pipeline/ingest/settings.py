"""Paths and configuration files of the ingest stages (read once by each stage's ``main()``).

Library functions take paths and values as arguments; only the stage entry points and the
writers' defaults call these helpers.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from pipeline.config import ROOT
from pipeline.ingest.errors import IngestError

CONFIG_DIR = ROOT / "config"


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
        raise IngestError(path, "configuration file not found")
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise IngestError(path, "configuration file is not valid YAML") from exc
    if not isinstance(content, dict):
        raise IngestError(path, "configuration file is not a YAML mapping")
    return content


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
    return dict(_cached(str(path or CONFIG_DIR / "hr.yml")))


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


def load_params(path: str | Path | None = None) -> dict[str, Any]:
    """Read ``params.yaml`` (the repository's unless `path` is given).

    Parameters
    ----------
    path : str or pathlib.Path, optional
        Params file.

    Returns
    -------
    dict

    Examples
    --------
    >>> isinstance(load_params()["waves"], list)
    True
    """
    return load_yaml(path or ROOT / "params.yaml")
