"""Scaffold a new wave: a draft mapping file from a raw export (``python -m pipeline.scaffold``).

See :mod:`pipeline.scaffold.cli` for the command and ``docs/adding-a-wave.md`` for the steps.
"""
