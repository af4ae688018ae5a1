"""Explore a wave beyond the fixed reports, through the same engine and disclosure ledger.

In JupyterLab (``make lab``, ``notebooks/verkennen.ipynb``)::

    from pipeline.explore import Explorer
    ex = Explorer.load(2026)                                   # weights the wave once
    ex.breakdown("discr_ja", by="directie")                    # gated against the ledger
    ex.breakdown("ub_any", by=["cluster", "gender"], where={"gender": ["man", "vrouw"]})
    ex.breakdown("ps_score", by="herkomst", test=True)         # group against the rest
    ex.change("discr_ja", by="cluster", group="Sociaal")       # 2024 -> 2026 with its test
    ex.representation("cluster"); ex.targets()                 # register and CBS, as published

Modules: :mod:`~pipeline.explore.session` (the :class:`Explorer`), :mod:`~.query` (estimates
of one query and its identities with published cells), :mod:`~.gate` (the stateless gate),
:mod:`~.result` (the memo-ready :class:`Result`), :mod:`~.errors` (one-line errors with the
closest names). See docs/explore.md.
"""

from pipeline.explore.errors import ExploreError
from pipeline.explore.result import Result
from pipeline.explore.session import EXTRA_BREAKDOWNS, Explorer

__all__ = ["EXTRA_BREAKDOWNS", "ExploreError", "Explorer", "Result"]
