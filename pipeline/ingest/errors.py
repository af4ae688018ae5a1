"""Ingest errors: one clear line naming file, column, problem and first rows; no values.

Every error that stops an ingest stage is an :class:`IngestError`. Its message never holds a
cell value (the data are special-category personal data); it names the file, the column, what
is wrong, how many rows and the first row numbers (1-based data rows, header not counted).
:func:`run_cli` turns it into that single line on stderr and exit status 2, without a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

MAX_ROWS_SHOWN = 3


class IngestError(Exception):
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
    ) -> None:
        self.file = Path(file).name
        self.problem = problem
        self.column = column
        self.rows = list(rows) if rows is not None else None
        super().__init__(format_problem(self.file, problem, column, self.rows))


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


def run_cli(main: Callable[[list[str] | None], None], argv: list[str] | None = None) -> int:
    """Run a stage's ``main`` and turn an :class:`IngestError` into one line and exit status 2.

    Parameters
    ----------
    main : callable
        The stage function, taking the argument list.
    argv : list of str, optional
        Command-line arguments (``sys.argv[1:]`` when None).

    Returns
    -------
    int
        0 on success, 2 on an ingest error.

    Examples
    --------
    >>> def bad(argv):
    ...     raise IngestError("x.csv", "file is empty")
    >>> run_cli(bad, [])  # doctest: +SKIP
    2
    """
    from pipeline.cli import run_stage

    return run_stage(main, argv, "ingest error", (IngestError,))
