"""The disclosure gate: every table of every report passes here (issue 5).

Notebooks call :class:`ReportGate` (or :func:`publish_estimates` / :func:`publish_counts`
for a single table) and render ``PublishedTable.to_html()``; the methods section uses
:meth:`ReportGate.methods_text`. See ``docs/disclosure.md``.
"""

from pipeline.disclosure.audit import Finding, audit
from pipeline.disclosure.errors import (
    DisclosureError,
    DisclosureInputError,
    DisclosureRulesError,
    PublicationError,
)
from pipeline.disclosure.gate import ReportGate, publish_counts, publish_estimates
from pipeline.disclosure.html import ParsedTable, parse_published_tables
from pipeline.disclosure.published import MARK, PublishedTable, SuppressionCounts
from pipeline.disclosure.rules import DisclosureRules
from pipeline.disclosure.text import describe_counts, describe_rules

__all__ = [
    "MARK",
    "DisclosureError",
    "DisclosureInputError",
    "DisclosureRules",
    "DisclosureRulesError",
    "Finding",
    "ParsedTable",
    "PublicationError",
    "PublishedTable",
    "ReportGate",
    "SuppressionCounts",
    "audit",
    "describe_counts",
    "describe_rules",
    "parse_published_tables",
    "publish_counts",
    "publish_estimates",
]
