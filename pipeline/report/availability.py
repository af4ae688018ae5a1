"""Parts of a report that an optional input would add, marked so the index can list them.

A notebook shows an :class:`Unavailable` note where a table or figure needs an input the
source did not supply (no CBS barometer, no labour-force table, a single HR snapshot). The
note is one Dutch sentence that says what is missing and which file would add it; its HTML
carries the short label in ``data-niet-beschikbaar``. The index stage reads the executed
notebooks (its dependency) with :func:`section_availability` and lists the labels per report
as "niet beschikbaar: ...".
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Note:
    """A Dutch note shown instead of a table or figure that this wave cannot give."""

    text: str

    def to_html(self) -> str:
        """Render the note as a paragraph."""
        return f'<p class="note"><em>{self.text}</em></p>'

    _repr_html_ = to_html


MARKER = "data-niet-beschikbaar"
_MARKER_RE = re.compile(rf'{MARKER}="([^"]*)"')


@dataclass(frozen=True)
class Unavailable(Note):
    """A note shown instead of a part of a report that needs an input not supplied.

    Attributes
    ----------
    text : str
        The Dutch sentence (what is missing and which file would add it).
    label : str
        What the reader misses, short (``herkomst volgens CBS``); listed on the index page.
        Several labels are separated by ``"; "``.

    Examples
    --------
    >>> print(Unavailable("Geen CBS-barometer.", "herkomst volgens CBS").to_html())
    <p class="note" data-niet-beschikbaar="herkomst volgens CBS"><em>Geen CBS-barometer.</em></p>
    """

    label: str = ""

    def to_html(self) -> str:
        """Render the note as a paragraph that carries its label."""
        return (f'<p class="note" {MARKER}="{html.escape(self.label, quote=True)}">'
                f"<em>{html.escape(self.text, quote=False)}</em></p>")

    _repr_html_ = to_html


def _html_outputs(notebook: dict) -> list[str]:
    texts = []
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/html")
            if text:
                texts.append("".join(text) if isinstance(text, list) else str(text))
    return texts


def section_availability(executed: Path) -> list[str]:
    """Return what a report could not show, from its executed notebook (labels, in order).

    Parameters
    ----------
    executed : pathlib.Path
        The executed notebook (``.ipynb``) of one section of one wave.

    Returns
    -------
    list of str
        Labels of the :class:`Unavailable` notes it showed, each once; empty when the
        notebook showed none or does not exist.

    Examples
    --------
    >>> import tempfile
    >>> note = Unavailable("Geen CBS-barometer aangeleverd.", "herkomst volgens CBS")
    >>> nb = {"cells": [{"outputs": [{"data": {"text/html": [note.to_html()]}}] * 2}]}
    >>> path = Path(tempfile.mkdtemp()) / "representatie.ipynb"
    >>> _ = path.write_text(json.dumps(nb), encoding="utf-8")
    >>> section_availability(path), section_availability(path.with_name("x.ipynb"))
    (['herkomst volgens CBS'], [])
    """
    if not executed.is_file():
        return []
    notebook = json.loads(executed.read_text(encoding="utf-8"))
    labels: list[str] = []
    for text in _html_outputs(notebook):
        for found in _MARKER_RE.findall(text):
            for label in html.unescape(found).split("; "):
                if label and label not in labels:
                    labels.append(label)
    return labels


def availability_text(labels: list[str]) -> str:
    """Return the index page's Dutch line for what a report could not show ('' if complete).

    Examples
    --------
    >>> availability_text(["herkomst volgens CBS", "in-, door- en uitstroom"])
    'niet beschikbaar: herkomst volgens CBS; in-, door- en uitstroom'
    >>> availability_text([])
    ''
    """
    return f"niet beschikbaar: {'; '.join(labels)}" if labels else ""
