"""Exceptions of the disclosure gate."""


class DisclosureRulesError(ValueError):
    """A key of the ``disclosure:`` section of ``params.yaml`` has a bad value."""


class DisclosureInputError(ValueError):
    """A table handed to the gate lacks a column or holds values the gate cannot use."""


class DisclosureError(RuntimeError):
    """A table would disclose a suppressed value; the report must not be rendered."""


class PublicationError(TypeError):
    """A ``PublishedTable`` was built outside the disclosure gate."""
