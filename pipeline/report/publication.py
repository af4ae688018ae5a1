"""Stage ``publication``: plan every table of every report of the source, then write the ledgers.

Run as ``python -m pipeline.report.publication``. It builds the tables of every section of
every wave (:mod:`pipeline.report.tables`), passes all of them through one publication plan
(:func:`pipeline.disclosure.ledger.plan_publication`) and writes one ledger per wave,
``data/processed/<source>/publication_<wave>.json``. The report notebooks, the explorer and
unit reports render from those ledgers and gate nothing themselves. Nothing is written unless
every table of every wave passed.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from pipeline.config import load_params, project_paths
from pipeline.contract import stage_params
from pipeline.disclosure.ledger import PublicationLedger, plan_publication, wave_ledger_text
from pipeline.disclosure.rules import DisclosureRules
from pipeline.ingest.atomic import atomic_path
from pipeline.report.tables import wave_tables
from pipeline.report.wavedata import WaveData

logger = logging.getLogger(__name__)


def source_ledger(params: Any) -> PublicationLedger:
    """Plan the publication of every table of every wave of the source.

    Parameters
    ----------
    params : Mapping
        The stage's parameters (``waves``, ``report.sections``, ``disclosure``, ...).

    Returns
    -------
    PublicationLedger
    """
    sections = list(params["report"]["sections"])
    items = []
    for wave in sorted(int(w) for w in params["waves"]):
        data = WaveData.load(wave, stage="publication", params=params)
        items += wave_tables(data, sections)
    rules = DisclosureRules.from_params(params.get("disclosure"))
    return plan_publication(items, rules, report=f"publicatie {params['data']['source']}")


def main(argv: list[str] | None = None) -> int:
    """Stage entry point; returns the exit status."""
    params = stage_params(load_params(), "publication")
    paths = project_paths(params)
    ledger = source_ledger(params)
    texts = {wave: wave_ledger_text(ledger.wave(wave))
             for wave in sorted(int(w) for w in params["waves"])}
    for wave, text in texts.items():
        with atomic_path(paths.artefact("publication", wave)) as tmp:
            tmp.write_text(text, encoding="utf-8")
        wave_ledger = ledger.wave(wave)
        s = wave_ledger.summary()
        logger.info("%d: %d tabellen, %d cellen verborgen (primair %d, secundair %d, groep %d, "
                    "teller %d), %d kruisingen achtergehouden; %d groepen onnodig verborgen",
                    wave, len(wave_ledger.entries), s.cells, s.primary, s.secondary, s.group,
                    s.numerator, s.withheld, len(wave_ledger.over_suppressed))
    return 0


if __name__ == "__main__":
    from pipeline.cli import run_stage

    sys.exit(run_stage(main, sys.argv[1:], "publication"))
