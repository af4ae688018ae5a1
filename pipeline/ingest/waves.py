"""The mapping of a wave of a source: its file, or canonical names when there is none."""

from __future__ import annotations

from pipeline.config import ProjectPaths
from pipeline.ingest.canonical import load_mapping_or_canonical
from pipeline.ingest.mapping import WaveMapping


def wave_mapping(paths: ProjectPaths, wave: int) -> WaveMapping:
    """Return the mapping of `wave`: ``config/sources/<source>/waves/<wave>.yml`` if present.

    A survey exported in the canonical variable names needs no mapping file (the data
    contract, ``docs/data-contract.md``): then the canonical mapping of that year is used.

    Parameters
    ----------
    paths : ProjectPaths
        The project's paths for the source.
    wave : int
        Survey year.

    Returns
    -------
    WaveMapping

    Raises
    ------
    IngestError
        If the file is for another wave, or without one the canonical raw file is missing.
    """
    return load_mapping_or_canonical(paths.mapping(wave), int(wave), raw_dir=paths.raw)
