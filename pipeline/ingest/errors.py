"""Ingest errors: one clear line naming file, column, problem and first rows; no values.

Every error that stops an ingest stage is an :class:`IngestError`. Its message never holds a
cell value (the data are special-category personal data); it names the file, the column, what
is wrong, how many rows and the first row numbers (1-based data rows, header not counted).
It is a :class:`~pipeline.errors.PipelineError`: :func:`pipeline.cli.run_cli` turns it into that
single line on stderr and exit status 2, without a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from pipeline.errors import PipelineError

MAX_ROWS_SHOWN = 3


class IngestError(PipelineError):
    """Bad input that cannot be set aside: the stage stops.

    Parameters
    ----------
    file : str or pathlib.Path
        The input file (its name is shown, not its directory).
    problem : str
        What is wrong, without any cell value.
    column : str, optional
        The raw or canonical column concerned.
    rows : sequence of int, optional
        1-based data row numbers concerned; the count and the first three are shown.
    hint : str, optional
        What the user can do about it (appended to the message).

    Examples
    --------
    >>> str(IngestError("survey/2024.sav", "code not in the mapping", "Q12_3", [3, 17, 42, 50]))
    "2024.sav: column 'Q12_3': code not in the mapping (4 rows, first rows: 3, 17, 42)"
    >>> str(IngestError("hr.csv", "file is empty"))
    'hr.csv: file is empty'
    """

    def __init__(
        self,
        file: str | Path,
        problem: str,
        column: str | None = None,
        rows: Sequence[int] | None = None,
        *,
        hint: str | None = None,
    ) -> None:
        self.file = Path(file).name
        self.problem = problem
        self.column = column
        self.rows = list(rows) if rows is not None else None
        super().__init__(format_problem(self.file, problem, column, self.rows), hint=hint)


def format_problem(
    file: str, problem: str, column: str | None = None, rows: Iterable[int] | None = None
) -> str:
    """Format the one-line message ``<file>: column '<col>': <problem> (<k> rows, first rows: ..)``.

    Parameters
    ----------
    file : str
        File name.
    problem : str
        What is wrong.
    column : str, optional
        Column concerned.
    rows : iterable of int, optional
        1-based data row numbers.

    Returns
    -------
    str

    Examples
    --------
    >>> format_problem("a.csv", "value out of range", "ps1", [5])
    "a.csv: column 'ps1': value out of range (1 row, first rows: 5)"
    """
    text = f"{file}: "
    if column is not None:
        text += f"column '{column}': "
    text += problem
    if rows is not None:
        rows = list(rows)
        shown = ", ".join(str(r) for r in rows[:MAX_ROWS_SHOWN])
        noun = "row" if len(rows) == 1 else "rows"
        text += f" ({len(rows)} {noun}, first rows: {shown})"
    return text

