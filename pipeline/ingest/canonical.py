"""The mapping of a raw survey file that already carries the canonical names and codes.

``docs/adding-a-wave.md`` promises that such a file needs no mapping file:
:func:`load_mapping_or_canonical` loads ``config/sources/<source>/waves/<wave>.yml`` when it
exists and else
returns :func:`canonical_mapping`, in which every canonical variable maps to itself with the
canonical codes and the study follows from the year (:func:`study_for_year`). Importable from
:mod:`pipeline.ingest.mapping` too.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from pipeline.ingest.errors import IngestError
from pipeline.ingest.variables import SURVEY_VARIABLES, WAVE_CONSTANTS
from pipeline.ingest.wavemap import WaveMapping, project_path

if TYPE_CHECKING:
    from pipeline.ingest.convert import MappedFrame


def study_for_year(wave: int) -> str:
    """Return the study of a survey year: ``herhaal`` every four years from 2024, else ``monitor``.

    Parameters
    ----------
    wave : int
        Survey year (even: the survey runs every two years).

    Returns
    -------
    str

    Raises
    ------
    IngestError
        For an odd year (no survey is held then).

    Examples
    --------
    >>> [study_for_year(y) for y in (2024, 2026, 2028, 2030, 2032)]
    ['herhaal', 'monitor', 'herhaal', 'monitor', 'herhaal']
    """
    if wave % 2:
        raise IngestError(f"waves/{wave}.yml", f"{wave} is not a survey year (herhaal every four "
                          "years from 2024, monitor in between); add a mapping file with "
                          "`study:`", "wave")
    return "herhaal" if (wave - 2024) % 4 == 0 else "monitor"


def _canonical_column(name: str) -> dict[str, Any]:
    var = SURVEY_VARIABLES[name]
    if var.kind == "str" and var.values is not None:
        return {"raw": name, "codes": {v: v for v in var.values}}
    if name.startswith("country_"):
        return {"raw": name, "codeset": "iso2"}
    return {"raw": name}  # the kind's default code set: text, int or yesno


def canonical_mapping(wave: int, study: str | None = None, file: str | None = None) -> WaveMapping:
    """Return the mapping of a raw file that already carries canonical names and codes.

    Every canonical (not derived) survey variable maps to the column of its own name with the
    canonical codes; yes/no items accept every yes/no spelling, whole numbers ``5``/``5.0``/
    ``5,0``, country codes ISO alpha-2. The peildatum is 31 December of the wave.

    Parameters
    ----------
    wave : int
        Survey year.
    study : str, optional
        ``monitor`` or ``herhaal``; default from the year (:func:`study_for_year`).
    file : str, optional
        Raw file relative to ``data/raw/<source>/``; default ``survey/<wave>_<study>.csv``.

    Returns
    -------
    WaveMapping
        With ``path`` None.

    Examples
    --------
    >>> m = canonical_mapping(2026)
    >>> m.study, m.file, m.columns["discr"].codes["ja"], m.columns["complete"].builtin
    ('monitor', 'survey/2026_monitor.csv', 'ja', 'yesno')
    """
    from pipeline.ingest.mapping import parse_mapping

    study = study or study_for_year(wave)
    file = file or f"survey/{wave}_{study}.csv"
    columns = {name: _canonical_column(name) for name, var in SURVEY_VARIABLES.items()
               if not var.derived and name not in WAVE_CONSTANTS}
    spec = {"wave": wave, "study": study, "peildatum": f"{wave}-12-31", "file": file,
            "columns": columns}
    parsed = parse_mapping(spec, f"survey/{wave}_{study} (canonical names, no mapping file)")
    return WaveMapping(parsed.wave, parsed.study, parsed.peildatum, parsed.file, {},
                       parsed.columns, None)


def load_mapping_or_canonical(
    path: str | Path, wave: int, *, raw_dir: str | Path | None = None
) -> WaveMapping:
    """Load the wave's mapping file, or without one the mapping of canonical names.

    Parameters
    ----------
    path : str or pathlib.Path
        Where the wave mapping would be (``config/sources/<source>/waves/<wave>.yml``).
    wave : int
        Survey year.
    raw_dir : str or pathlib.Path, optional
        ``data/raw/<source>/``: without a mapping file, the one
        ``survey/<wave>_<study>.<sav|csv|xlsx>`` there is the raw file, and its study must be
        the year's (:func:`study_for_year`).

    Returns
    -------
    WaveMapping

    Raises
    ------
    IngestError
        Bad mapping file, mapping of another wave, no or several canonical raw files, or a
        file name whose study is not the year's.

    Examples
    --------
    >>> load_mapping_or_canonical("config/waves/2030.yml", 2030).study
    'monitor'
    """
    from pipeline.ingest.mapping import load_mapping

    path = Path(path)
    if path.is_file():
        mapping = load_mapping(path)
        if mapping.wave != wave:
            raise IngestError(path, f"mapping is for wave {mapping.wave}, not {wave}; fix "
                              f"`wave:` in {project_path(path)}", "wave")
        return mapping
    study = study_for_year(wave)
    if raw_dir is None:
        return replace(canonical_mapping(wave, study), mapping_file=project_path(path))
    found = sorted(p for p in (Path(raw_dir) / "survey").glob(f"{wave}_*")
                   if p.suffix.lower() in (".sav", ".csv", ".xlsx"))
    if len(found) != 1:
        raise IngestError(f"survey/{wave}_<study>.<sav|csv|xlsx>",
                          f"expected one raw file for wave {wave} without a mapping file, found "
                          f"{len(found)}; keep one, or add {project_path(path)}")
    named = found[0].stem.split("_", 1)[1]
    if named != study:
        raise IngestError(found[0], f"wave {wave} is a {study} year; rename the file to "
                          f"survey/{wave}_{study}{found[0].suffix} or add {project_path(path)} "
                          "with `study:`")
    return replace(canonical_mapping(wave, study, f"survey/{found[0].name}"),
                   mapping_file=project_path(path))


def apply_canonical(
    raw: pd.DataFrame,
    *,
    file: str | Path = "survey",
    wave: int | None = None,
    study: str | None = None,
) -> MappedFrame:
    """Type a raw table whose columns already carry the canonical names and codes (no mapping).

    :func:`apply_mapping` with :func:`~pipeline.ingest.canonical.canonical_mapping`; ``wave``
    and ``study`` columns, when the file has them, must hold one value (equal to `wave`/`study`
    when given). Without either, the study follows from the year.

    Parameters
    ----------
    raw : pandas.DataFrame
        Table with canonical column names and codes (as text, numbers or bools).
    file : str or pathlib.Path
        Raw file name for messages.
    wave, study : optional
        The wave and study (else from the file's ``wave``/``study`` columns).

    Returns
    -------
    MappedFrame

    Raises
    ------
    IngestError
        If a required column is missing or a value is not a canonical code.

    Examples
    --------
    >>> raw = pd.DataFrame({"resp_id": ["1"], "complete": ["ja"], "ps1": ["6,0"], "extra": [0]})
    >>> out = apply_canonical(raw, wave=2026)
    >>> out.frame[["complete", "ps1", "study"]].values.tolist(), out.unmapped_columns
    ([[True, 6, 'monitor']], ['extra'])
    """
    from pipeline.ingest.convert import MappedFrame, _constant, apply_mapping

    wave = _constant(raw, "wave", file, wave)
    if wave is None:
        raise IngestError(file, "required column is missing", "wave")
    study = _constant(raw, "study", file, study)
    mapping = canonical_mapping(int(wave), study)
    body = raw.drop(columns=[c for c in ("wave", "study") if c in raw.columns])
    out = apply_mapping(body, mapping, file=file)
    return MappedFrame(out.frame, out.unmapped_columns, [])
