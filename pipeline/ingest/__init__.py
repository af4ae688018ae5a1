"""Ingest: raw exports -> canonical, validated, pseudonymised tables in ``data/processed/``.

Stages (each a thin ``main()``): :mod:`~pipeline.ingest.clean_survey`,
:mod:`~pipeline.ingest.clean_hr`, :mod:`~pipeline.ingest.clean_cbs`. Both directions of the
raw <-> canonical boundary live here: :mod:`~pipeline.ingest.mapping` (``apply_mapping`` and its
inverse ``to_raw``), :mod:`~pipeline.ingest.readers` and :mod:`~pipeline.ingest.writers`.
"""
