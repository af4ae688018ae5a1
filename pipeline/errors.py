"""The root of every 'bad input or configuration' error of the pipeline.

Ground floor: this module imports nothing from ``pipeline``, so every module can import it.

Every error family of the pipeline (``ConfigError``, ``IngestError``, ``DesignError``,
``StatsError``, ``DisclosureRulesError``, ``DisclosureInputError``, ``DisclosureError``,
``ExploreError``) derives from :class:`PipelineError`. :func:`pipeline.cli.run_stage` catches
it and turns it into one line ``<stage>: <message>`` on stderr and exit status
:data:`EXIT_INPUT_ERROR`, without a traceback. Errors that mean a bug in the code (e.g.
``PublicationError``) do not derive from it and keep their traceback.
"""

from __future__ import annotations

#: Exit status of a stage stopped by a :class:`PipelineError`.
EXIT_INPUT_ERROR = 2


class PipelineError(Exception):
    """Bad input or configuration: the stage stops with one line on stderr and exit status 2.

    The message names files, columns, parameters and counts, never a personal value.

    Parameters
    ----------
    *args : object
        The message (as for :class:`Exception`).
    hint : str, optional
        What the user can do about it; appended to the message as ``(hint: ...)``.

    Attributes
    ----------
    hint : str or None
        The hint, if any.

    Examples
    --------
    >>> str(PipelineError("params.yaml: waves is empty"))
    'params.yaml: waves is empty'
    >>> str(PipelineError("params.yaml: waves is empty", hint="list the survey years"))
    'params.yaml: waves is empty (hint: list the survey years)'
    >>> class WaveError(PipelineError, ValueError):
    ...     pass
    >>> isinstance(WaveError("x"), ValueError)
    True
    """

    def __init__(self, *args: object, hint: str | None = None) -> None:
        super().__init__(*args)
        self.hint = hint

    def with_hint(self, text: str) -> str:
        """Return ``text`` with the hint appended (unchanged when there is none).

        Parameters
        ----------
        text : str
            The message.

        Returns
        -------
        str
        """
        hint = getattr(self, "hint", None)
        return f"{text} (hint: {hint})" if hint else text

    def __str__(self) -> str:
        return self.with_hint(super().__str__())
