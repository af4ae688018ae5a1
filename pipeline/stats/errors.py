"""Exceptions raised by the statistics engine.

All derive from :class:`StatsError` (a :class:`ValueError`), so a caller can catch
every engine failure at once while tests can check the specific kind.
"""

from pipeline.errors import PipelineError


class StatsError(PipelineError, ValueError):
    """Base class for bad input or an impossible computation in ``pipeline.stats``."""


class MarginError(StatsError):
    """A raking margin is malformed or does not match the respondents' codes."""


class EmptyCategoryError(MarginError):
    """A margin category with population > 0 has no respondents and cannot be collapsed."""


class RakeConvergenceError(StatsError):
    """Raking did not reach the tolerance within ``max_iter`` sweeps."""


class ColumnError(StatsError, KeyError):
    """A column named in an argument is absent from the data or has invalid values."""

    def __str__(self) -> str:
        # KeyError quotes its message; show it plainly.
        return self.with_hint(str(self.args[0]) if self.args else "")
