"""Benchmark suite of the pipeline (``make bench``; issue 8).

Modules: :mod:`common` (timing, load, machine facts, growth exponents), :mod:`clone` (the
throw-away copy of the working tree the benchmarks run in), :mod:`workload` (the wave as the
estimates stage loads it, and the scaling generators), :mod:`engine` (estimation engine against
a per-group loop with ``svy``), :mod:`scaling` (raking, all estimates and HR cleaning at
growing sizes, one process per size), :mod:`pipeline_run` (cold, no-op and one-parameter
``dvc repro``), :mod:`report` (``reports/bench.json`` and ``docs/benchmarks.md``, which ends
with ``history.md``: the optimisations with before/after figures) and :mod:`run` (the entry
point).
"""
