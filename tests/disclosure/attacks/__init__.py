"""An attacker's library against the disclosure control of the rendered reports.

Everything here works from what a reader gets: the rendered pages
(``reports/<source>/<wave>/<section>.html``) and their downloads (CSV and XLSX). Nothing reads
the pipeline's data or its ``PublishedTable`` objects, so the attacks keep working while the gate
and the report stage are restructured, as long as the tables keep their HTML format.

Modules: :mod:`.rules` (thresholds from ``params.yaml``), :mod:`.numbers` (Dutch numbers and
rounding intervals), :mod:`.pages` (loading pages and downloads, planting leaks),
:mod:`.reading` (what a table says: rows, groups, bases), :mod:`.lp` (bounds by linear
programming), :mod:`.attacks` (the six attacks). See ``docs/attacks.md``.
"""
