"""Exceptions of the disclosure gate.

Bad rules, bad input tables and tables that would disclose are :class:`PipelineError` (one line,
exit status 2); :class:`PublicationError` means a bug in the code and keeps its traceback.
"""

from pipeline.errors import PipelineError


class DisclosureRulesError(PipelineError, ValueError):
    """A key of the ``disclosure:`` section of ``params.yaml`` has a bad value."""


class DisclosureInputError(PipelineError, ValueError):
    """A table handed to the gate lacks a column or holds values the gate cannot use."""


class DisclosureError(PipelineError, RuntimeError):
    """A table would disclose a suppressed value; the report must not be rendered."""


class PublicationError(TypeError):
    """A ``PublishedTable`` was built outside the disclosure gate (a programming error)."""
