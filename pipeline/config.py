"""Project paths and parameters, derived in one place.

Every stage's ``main()`` calls :func:`load_params` once and :func:`project_paths` for its
folders; library functions take paths and values as arguments.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pipeline.contract import DEMO_SOURCE, artefact_path
from pipeline.errors import PipelineError

ROOT = Path(os.environ.get("AIM_ROOT", Path(__file__).resolve().parents[1]))


class ConfigError(PipelineError, ValueError):
    """A parameter file is missing or holds an invalid value."""


def load_params(path: str | Path | None = None) -> dict[str, Any]:
    """Read ``params.yaml``.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        Parameter file; default ``params.yaml`` at the project root.

    Returns
    -------
    dict
        The parameters.

    Raises
    ------
    ConfigError
        If the file is missing or is not a YAML mapping.

    Examples
    --------
    >>> params = load_params()
    >>> isinstance(params["seed"], int)
    True
    """
    path = Path(path) if path is not None else ROOT / "params.yaml"  # ROOT read at call time
    if not path.is_file():
        raise ConfigError(f"{path}: parameter file not found")
    try:
        with path.open(encoding="utf-8") as handle:
            params = yaml.safe_load(handle)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path.name}: not valid YAML") from exc
    if not isinstance(params, dict):
        raise ConfigError(f"{path}: expected a mapping of parameters at the top level")
    return params


@dataclass(frozen=True)
class ProjectPaths:
    """Folders of the data tiers and outputs.

    Attributes
    ----------
    raw : pathlib.Path
        ``data/raw/<source>``: immutable inputs (demo data or real exports).
    processed : pathlib.Path
        ``data/processed/<source>``: canonical, pseudonymised tables (sensitive).
    reports : pathlib.Path
        ``reports/<source>``: releasable output that passed the disclosure gate.
    config : pathlib.Path
        ``config/sources/<source>``: the source's layouts and wave mappings.
    notebooks : pathlib.Path
        ``notebooks``: the parameterised report notebooks.
    source : str
        ``data.source``.
    root : pathlib.Path
        Project root.
    """

    raw: Path
    processed: Path
    reports: Path
    config: Path
    notebooks: Path
    source: str = "demo"
    root: Path = ROOT

    def artefact(self, name: str, wave: int | None = None) -> Path:
        """Return the path of a contract artefact (:data:`pipeline.contract.ARTEFACTS`).

        Examples
        --------
        >>> paths = project_paths({"data": {"source": "x"}}, Path("/p"))
        >>> paths.artefact("survey", 2028).as_posix()
        '/p/data/processed/x/survey_2028.parquet'
        """
        return artefact_path(name, self.source, wave, self.root)

    def mapping(self, wave: int) -> Path:
        """Return the path of a wave's mapping file (it may not exist: canonical names)."""
        return self.artefact("wave_mapping", wave)

    def log(self, name: str) -> Path:
        """Return the path of a stage's run log (``<stage>`` or ``<stage>_<wave>``)."""
        return self.artefact("logs") / f"{name}.log"


def project_paths(params: dict[str, Any], root: Path | None = None) -> ProjectPaths:
    """Return the project's folders for the given parameters.

    Parameters
    ----------
    params : dict
        Parameters (``data.source`` selects the raw folder).
    root : pathlib.Path, optional
        Project root; default :data:`ROOT` (looked up when called, so tests can move it).

    Returns
    -------
    ProjectPaths

    Examples
    --------
    >>> project_paths({"data": {"source": "demo"}}, Path("/p")).raw.as_posix()
    '/p/data/raw/demo'
    """
    import pipeline.config as here  # ROOT looked up at call time, so tests can move it

    root = Path(root) if root is not None else here.ROOT
    data = params.get("data") or {}
    source = str(data.get("source", DEMO_SOURCE))
    if not source or "/" in source or "\\" in source or source.startswith("."):
        raise ConfigError("params.yaml: data.source must be a folder name under data/raw/")
    return ProjectPaths(
        raw=root / "data" / "raw" / source,
        processed=artefact_path("hr", source, root=root).parent,
        reports=artefact_path("index", source, root=root).parent,
        config=artefact_path("source_config", source, root=root),
        notebooks=root / "notebooks",
        source=source,
        root=root,
    )
