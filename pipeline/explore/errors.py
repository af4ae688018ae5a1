"""The explorer's one error: a request names something the wave does not have."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from pipeline.errors import PipelineError


class ExploreError(PipelineError, ValueError):
    """An exploration request names something the wave does not have.

    The message is one line; in a notebook it shows without a traceback (IPython calls
    :meth:`_render_traceback_` on exceptions that have it).

    Examples
    --------
    >>> str(unknown("indicator", "discr_je", ["discr_ja", "ub_any"]))
    "onbekende indicator 'discr_je'; bedoelde u: discr_ja? (zie Explorer.indicators)"
    """

    def _render_traceback_(self) -> list[str]:
        """Return the lines IPython shows instead of a traceback: the message only."""
        return [f"{type(self).__name__}: {self}"]


def closest(name: object, valid: Iterable[str], n: int = 3) -> list[str]:
    """Return up to ``n`` valid names closest to ``name`` (case-insensitive, difflib)."""
    options = [str(v) for v in valid]
    folded = {o.casefold(): o for o in options}
    hits = difflib.get_close_matches(str(name).casefold(), list(folded), n=n, cutoff=0.5)
    return [folded[h] for h in hits]


def unknown(kind: str, name: object, valid: Iterable[str], where: str = "") -> ExploreError:
    """Build the one-line error for an unknown name, with the closest valid names.

    Parameters
    ----------
    kind : str
        What was asked (``indicator``, ``variabele``, ``groep``), in Dutch.
    name : object
        What the analyst typed.
    valid : iterable of str
        The names that exist.
    where : str, optional
        Where to look them up (default: derived from ``kind``).
    """
    options = list(valid)
    near = closest(name, options)
    hint = f"bedoelde u: {', '.join(near)}?" if near else (
        "geldig: " + ", ".join(options[:12]) + (" …" if len(options) > 12 else ""))
    look = where or {"indicator": "Explorer.indicators", "variabele": "Explorer.breakdowns",
                     "groep": "Explorer.groups(variabele)"}.get(kind, "")
    return ExploreError(f"onbekende {kind} {name!r}; {hint}" + (f" (zie {look})" if look else ""))
