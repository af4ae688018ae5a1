"""Stage ``trends``: each wave against the previous one, for comparable items only.

Run as ``python -m pipeline.analysis.trend_stage``. Reads every wave's tidy estimates
(``data/processed/estimates/<wave>.parquet``) and the wave mappings, and writes
``data/processed/trends.parquet``: per wave (from the second on) the difference with the
previous wave, its interval and p-value (independent samples), adjusted for multiple
testing in the families a confirmatory study uses: the change of the headline totals
(``estimation.confirmatory.indicators``) is one family, adjusted by
``estimation.confirmatory.method`` (Holm); every other comparison is exploratory, adjusted by
``estimation.multiple_testing`` (Benjamini-Hochberg) within families of
``estimation.test_family`` (``table``: one set of related items of the catalogue in one
breakdown). Rows get the flag ``not_comparable`` where wording or answer scale changed.
"""

from __future__ import annotations

import logging
import sys
from itertools import pairwise
from typing import Any

import pandas as pd

from pipeline.analysis.catalogue import BY_NAME, CATALOGUE
from pipeline.config import load_params, project_paths
from pipeline.contract import stage_params
from pipeline.ingest.atomic import write_parquet_atomic
from pipeline.ingest.mapping import WaveMapping
from pipeline.ingest.waves import wave_mapping
from pipeline.stats.compare import compare_waves


def comparable_indicators(current: WaveMapping, previous: WaveMapping) -> set[str]:
    """Return indicators whose every source item is asked in both waves and comparable.

    An indicator built from several items (``ub_any`` from all forms) is comparable only if all
    of them are: one reworded form changes what "any form" measures.
    """
    ok = set()
    for item in CATALOGUE:
        needs = [c for c in item.needs if c in current.columns]
        if not needs or any(c not in previous.columns for c in needs):
            continue
        if item.name == "ub_any" and len(needs) != len(item.needs):
            continue
        if all(current.columns[c].comparable for c in needs):
            ok.add(item.name)
    return ok


def family_settings(est: Any) -> dict[str, Any]:
    """Return the multiple-testing keyword arguments of :func:`compare_waves` from params.

    Parameters
    ----------
    est : mapping
        The ``estimation`` section of ``params.yaml``.

    Returns
    -------
    dict
        ``method``, ``family``, ``sets`` (the catalogue's sets of related items),
        ``confirmatory`` and ``confirmatory_method``.

    Examples
    --------
    >>> s = family_settings({"multiple_testing": "fdr_bh", "test_family": "table",
    ...                    "confirmatory": {"indicators": ["ub_any"], "method": "holm"}})
    >>> s["method"], s["family"], s["confirmatory"], s["sets"]["discr_ground_leeftijd"]
    ('fdr_bh', 'table', ('ub_any',), 'gronden')
    """
    confirmatory = est.get("confirmatory") or {}
    unknown = [i for i in confirmatory.get("indicators", []) if i not in BY_NAME]
    if unknown:
        raise KeyError(f"estimation.confirmatory.indicators names unknown indicator(s) "
                       f"{', '.join(unknown)}")
    return {
        "method": str(est.get("multiple_testing", "fdr_bh")),
        "family": est.get("test_family", "table"),
        "sets": {i.name: i.family for i in CATALOGUE},
        "confirmatory": tuple(confirmatory.get("indicators", ())),
        "confirmatory_method": str(confirmatory.get("method", "holm")),
    }


def wave_trends(params: dict[str, Any]) -> pd.DataFrame:
    """Compare each wave with the one before it (waves as ordered in ``params.yaml``)."""
    paths = project_paths(params)
    waves = sorted(int(w) for w in params["waves"])
    est = params["estimation"]
    settings = family_settings(est)
    frames = []
    for previous, current in pairwise(waves):
        cur_map = wave_mapping(paths, current)
        prev_map = wave_mapping(paths, previous)
        frames.append(compare_waves(
            pd.read_parquet(paths.artefact("estimates", current)),
            pd.read_parquet(paths.artefact("estimates", previous)),
            comparable_indicators(cur_map, prev_map),
            alpha=float(est.get("alpha", 0.05)),
            **settings,
        ))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["wave", "wave_b", "indicator", "breakdown", "group", "diff", "p", "p_adj"])


def main(argv: list[str] | None = None) -> int:
    """Stage entry point; returns the exit status."""
    params = stage_params(load_params(), "trends")
    trends = wave_trends(params)
    write_parquet_atomic(trends, project_paths(params).artefact("trends"))
    log = logging.getLogger(__name__)
    log.info("%d vergelijkingen", len(trends))
    if len(trends):
        tested = trends[trends["p"].notna()]
        sizes = tested.groupby(["wave", "family"]).size()
        log.info("toetsfamilies: %d (bevestigend: %d toetsen per meting; verkennend: %d tot %d)",
                 len(sizes), int(sizes.xs("confirmatory", level="family").max())
                 if "confirmatory" in set(tested["family"]) else 0,
                 int(sizes.min()), int(sizes.max()))
    return 0


if __name__ == "__main__":
    from pipeline.cli import run_stage

    sys.exit(run_stage(main, sys.argv[1:], "trends"))
