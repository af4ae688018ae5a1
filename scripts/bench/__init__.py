"""Benchmark suite of the pipeline (``make bench``; issue 8).

Modules: :mod:`common` (timing, load, machine facts, subprocess peak memory),
:mod:`workload` (the wave design and the synthetic scaling generators),
:mod:`engine` (estimation engine against a per-group loop with ``svy``),
:mod:`scaling` (raking, all estimates and HR cleaning at growing sizes),
:mod:`pipeline_run` (cold, no-op and one-parameter rebuilds of ``dvc repro`` in a clone),
:mod:`report` (``reports/bench.json`` and ``docs/benchmarks.md``) and :mod:`run` (the entry
point).
"""
