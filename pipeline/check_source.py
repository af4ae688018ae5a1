"""Check a source's files and configuration without running the pipeline (``make check-source``).

Run ``python -m pipeline.check_source [--source NAME] [--root PATH]``. For the source of
``params.yaml`` (or ``--source``) it checks, with the library functions the stages use (nothing
is written): the raw folder; per wave of ``waves:`` the mapping file (if any), the raw survey
file, that the file reads and applies (:func:`pipeline.ingest.clean_survey.clean_survey`), and
that the HR snapshot at its peildatum exists; the HR layout and every HR snapshot
(:func:`pipeline.ingest.hr.read_hr_snapshot`, then
:func:`pipeline.ingest.clean_hr.clean_hr`); the optional CBS barometer and labour-force
benchmark; and the pseudonymisation key for a non-demo source.

It prints one line per check, ``OK   <file>: ...`` or ``FOUT <file>: <problem> — <what to
do>``, and exits 0 when all is fine, else 2. Lines name files, columns, counts and row numbers,
never a cell value; an unexpected error is reported by its type only, never as a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.cli import EXIT_INPUT_ERROR, input_errors
from pipeline.config import ProjectPaths, load_params, project_paths
from pipeline.contract import DEMO_SOURCE
from pipeline.ingest.errors import IngestError

SURVEY_SUFFIXES = (".sav", ".csv", ".xlsx")
HR_REQUIRED = ("employee_id", "peildatum", "cluster", "directie", "schaal", "manager",
               "birth_date", "gender", "fte", "start_date")
DOCS = "docs/adding-a-wave.md"


@dataclass(frozen=True)
class Check:
    """The outcome of one check.

    Parameters
    ----------
    ok : bool
        Whether the check passed.
    file : str
        The file or folder checked, relative to the project root.
    message : str
        What is fine, or the problem.
    todo : str
        What to do (for a failed check).
    """

    ok: bool
    file: str
    message: str
    todo: str = ""

    def line(self) -> str:
        """Return the printed line.

        Examples
        --------
        >>> Check(True, "config/sources/x/hr.yml", "layout loads").line()
        'OK   config/sources/x/hr.yml: layout loads'
        >>> Check(False, "data/raw/x", "folder not found", "create it").line()
        'FOUT data/raw/x: folder not found — create it'
        """
        if self.ok:
            return f"OK   {self.file}: {self.message}"
        return f"FOUT {self.file}: {self.message}" + (f" — {self.todo}" if self.todo else "")


def problem(exc: BaseException) -> str:
    """Return an input error's message without the leading file name (shown in the line).

    Examples
    --------
    >>> problem(IngestError("survey/2028.csv", "code not in the mapping", "Q1", [4]))
    "column 'Q1': code not in the mapping (1 row, first rows: 4)"
    """
    text = str(exc)
    if isinstance(exc, IngestError):
        text = text.removeprefix(f"{exc.file}: ")
    return text


class Checker:
    """Run the checks of one source and collect their outcomes.

    Parameters
    ----------
    paths : ProjectPaths
        The source's paths.
    params : dict
        ``params.yaml``.
    """

    def __init__(self, paths: ProjectPaths, params: dict[str, Any]) -> None:
        self.paths = paths
        self.params = params
        self.checks: list[Check] = []

    def rel(self, path: Path) -> str:
        """Return `path` relative to the project root (as posix)."""
        try:
            return Path(path).resolve().relative_to(self.paths.root.resolve()).as_posix()
        except ValueError:
            return Path(path).name

    def add(self, ok: bool, path: Path | str, message: str, todo: str = "") -> bool:
        """Record one outcome; return `ok`."""
        file = self.rel(path) if isinstance(path, Path) else path
        self.checks.append(Check(ok, file, message, todo))
        return ok

    def attempt(self, path: Path | str, todo: str, func: Callable[[], str]) -> bool:
        """Run `func` (returning the OK message); an input error becomes a FOUT line."""
        try:
            return self.add(True, path, func())
        except input_errors() as exc:
            shown = path
            if (isinstance(path, Path) and isinstance(exc, IngestError)
                    and exc.file != path.name):
                shown = self._named(path, exc.file)
            return self.add(False, shown, problem(exc), todo)
        except Exception as exc:  # never a traceback; the message may hold a value
            return self.add(False, path, f"unexpected {type(exc).__name__} while checking",
                            "check the file by hand, or report this (message withheld: it "
                            "may hold a value)")

    def _named(self, path: Path, name: str) -> Path:
        for base in (path, *path.parents):
            if base.name == name:
                return base
        hits = [p for base in (self.paths.raw, self.paths.config) if base.is_dir()
                for p in base.rglob(name)]
        return hits[0] if len(hits) == 1 else path

    def read_options(self, kind: str) -> dict[str, Any]:
        """Return ``ingest.read.<kind>`` from params."""
        return dict(((self.params.get("ingest") or {}).get("read") or {}).get(kind) or {})


# --------------------------------------------------------------------------- the checks


def check_folder(c: Checker) -> bool:
    """Check that ``data/raw/<source>/`` exists."""
    if c.paths.raw.is_dir():
        return c.add(True, c.paths.raw, f"folder of source '{c.paths.source}' exists")
    todo = ("run `make reports` (the synth stage writes the demo)" if c.paths.source ==
            DEMO_SOURCE else "create it and put the exports in it (README: Where real data "
            "goes), or correct data.source in params.yaml")
    return c.add(False, c.paths.raw, "source folder not found", todo)


def _hr_snapshot(c: Checker, peildatum: str) -> Path | None:
    found = [c.paths.raw / "hr" / f"hr_{peildatum}{s}" for s in (".csv", ".xlsx")]
    return next((p for p in found if p.is_file()), None)


def check_wave(c: Checker, wave: int) -> None:
    """Check one wave: mapping, raw file, that it reads and applies, and its HR snapshot."""
    from pipeline.ingest.clean_survey import clean_survey
    from pipeline.ingest.mapping import load_mapping

    mapping_path = c.paths.mapping(wave)
    peildatum = f"{wave}-12-31"
    scaffold = (f"python -m pipeline.scaffold data/raw/{c.paths.source}/survey/<file> "
                f"--wave {wave}")
    if mapping_path.is_file():
        try:
            mapping = load_mapping(mapping_path)
        except input_errors() as exc:
            c.add(False, mapping_path, problem(exc), f"correct the mapping ({DOCS}, step 2)")
            return
        if mapping.wave != wave:
            c.add(False, mapping_path, f"mapping is for wave {mapping.wave}, not {wave}",
                  "correct `wave:` in the file or rename it")
            return
        c.add(True, mapping_path, f"mapping loads ({len(mapping.columns)} variables, "
              f"{mapping.study})")
        raw_path = c.paths.raw / mapping.file
        peildatum = str(mapping.peildatum)
        if not raw_path.is_file():
            c.add(False, raw_path, f"raw survey file of wave {wave} not found",
                  f"put the export there, or correct `file:` in {c.rel(mapping_path)}")
            return
    else:
        found = sorted(p for p in (c.paths.raw / "survey").glob(f"{wave}_*")
                       if p.suffix.lower() in SURVEY_SUFFIXES)
        where = c.paths.raw / "survey" / f"{wave}_<study>.<sav|csv|xlsx>"
        if not found:
            c.add(False, where, f"no survey file for wave {wave} (and no mapping "
                  f"{c.rel(mapping_path)})", f"put the export there, then `{scaffold}`")
            return
        if len(found) > 1:
            c.add(False, where, f"{len(found)} survey files for wave {wave}",
                  "keep one file per wave in survey/")
            return
        raw_path = found[0]

    def apply() -> str:
        out = clean_survey(wave, c.paths.raw, c.paths.config, c.paths.source,
                           c.read_options("survey"), key=b"0" * 32)
        q = out["quality"]
        how = "with the mapping" if mapping_path.is_file() else "in canonical names (no mapping)"
        return (f"reads and applies {how}: {q['rows_read']} rows, {q['kept']} kept, "
                f"{sum(q['quarantined'].values())} quarantined, "
                f"{len(q['unmapped_columns'])} unmapped columns, {len(q['not_asked'])} "
                "variables not asked")

    fix = (f"correct {c.rel(mapping_path)} (never the raw file)" if mapping_path.is_file()
           else f"rename the columns to the canonical names, or write a mapping: `{scaffold}`")
    c.attempt(raw_path, fix, apply)
    snapshot = _hr_snapshot(c, peildatum)
    if snapshot is None:
        c.add(False, c.paths.raw / "hr" / f"hr_{peildatum}.<csv|xlsx>",
              f"no HR snapshot at the peildatum of wave {wave}: it cannot be weighted",
              "add the payroll export of that date, or correct `peildatum:` in the mapping")


def check_hr(c: Checker) -> None:
    """Check the HR layout and every HR snapshot, then all snapshots together."""
    from pipeline.ingest.clean_hr import clean_hr, snapshot_files
    from pipeline.ingest.hr import read_hr_snapshot
    from pipeline.ingest.settings import LAYOUT_FILE, load_yaml

    layout = c.paths.config / "hr.yml"
    demo = f"config/sources/{DEMO_SOURCE}/hr.yml"
    try:
        config = {**load_yaml(layout), LAYOUT_FILE: c.rel(layout)}
    except input_errors() as exc:
        todo = (f"copy {demo} and set the headers of your payroll export"
                if not layout.is_file() else "correct the YAML")
        c.add(False, layout, "HR layout not found" if not layout.is_file() else problem(exc),
              todo)
        return
    columns = config.get("columns")
    missing = [k for k in HR_REQUIRED if not isinstance(columns, dict) or k not in columns]
    if missing or "date_format" not in config:
        what = f"columns: lacks {', '.join(missing)}" if missing else "lacks date_format"
        c.add(False, layout, f"HR layout incomplete ({what})", f"compare with {demo}")
        return
    c.add(True, layout, "HR layout loads")
    try:
        files = snapshot_files(c.paths.raw)
    except input_errors() as exc:
        c.add(False, c.paths.raw / "hr", problem(exc),
              "put one payroll export per peildatum there: hr/hr_<jjjj>-12-31.csv")
        return
    options = c.read_options("hr")
    good = True
    for path in files:
        def one(path: Path = path) -> str:
            kept, quarantined, _ = read_hr_snapshot(path, config, options)
            return f"HR snapshot reads: {len(kept)} rows kept, {len(quarantined)} quarantined"

        good &= c.attempt(path, f"correct {c.rel(layout)} to the export's headers and codes",
                          one)
    if good:
        def together() -> str:
            out = clean_hr(c.paths.raw, c.paths.source, config, options, key=b"0" * 32)
            return (f"all snapshots validate together ({len(out['ledgers'])} files, "
                    f"{len(out['hr'])} rows)")

        c.attempt(c.paths.raw / "hr", "check the peildatum column against the file names",
                  together)


def check_cbs(c: Checker) -> None:
    """Check the optional CBS barometer tables and labour-force benchmark."""
    from pipeline.ingest.cbs import read_barometer, read_benchmark
    from pipeline.ingest.schemas import barometer_schema, benchmark_schema, validate
    from pipeline.ingest.settings import LAYOUT_FILE, load_yaml

    barometers = sorted(p for p in (c.paths.raw / "cbs").glob("barometer_*")
                        if p.suffix.lower() in (".xlsx", ".csv"))
    benchmark = c.paths.raw / "benchmark" / "beroepsbevolking.csv"
    absent = "not supplied (optional): the representation section will say so"
    if not barometers:
        c.add(True, c.paths.raw / "cbs", f"CBS barometer {absent}")
    if not benchmark.is_file():
        c.add(True, benchmark, f"labour-force benchmark {absent}")
    if not barometers and not benchmark.is_file():
        return
    layout = c.paths.config / "cbs.yml"
    try:
        config = {**load_yaml(layout), LAYOUT_FILE: c.rel(layout)}
    except input_errors() as exc:
        c.add(False, layout, problem(exc) if layout.is_file() else "CBS layout not found",
              f"copy config/sources/{DEMO_SOURCE}/cbs.yml and adapt it")
        return
    c.add(True, layout, "CBS layout loads")
    todo = f"correct {c.rel(layout)} to the table as delivered"
    for path in barometers:
        def one(path: Path = path) -> str:
            table = read_barometer(path, config, options=c.read_options("cbs"))
            validate(table, barometer_schema(), path)
            suppressed = int(table["suppressed"].sum())
            return f"barometer reads: {len(table)} rows, {suppressed} suppressed"

        c.attempt(path, todo, one)
    if benchmark.is_file():
        def bench() -> str:
            table = read_benchmark(benchmark, config, c.read_options("benchmark"))
            validate(table, benchmark_schema(), benchmark)
            return f"benchmark reads: {len(table)} rows"

        c.attempt(benchmark, todo, bench)


def check_key(c: Checker) -> None:
    """Check that the pseudonymisation key is set (for a non-demo source); never show it."""
    from pipeline.ingest.pseudonymise import KEY_ENV, KEY_FILE_ENV, resolve_key

    where = f"{KEY_ENV} / {KEY_FILE_ENV}"
    if c.paths.source == DEMO_SOURCE:
        c.add(True, where, "demo source: the public demo key is allowed")
        return
    todo = (f"set {KEY_ENV} (at least 16 bytes) or {KEY_FILE_ENV} (a key file outside the "
            "repository); use the same key for every run")
    try:
        resolve_key(c.paths.source)
    except IngestError as exc:
        c.add(False, where, exc.problem, todo)
    else:
        c.add(True, where, "pseudonymisation key is set")


def run_checks(paths: ProjectPaths, params: dict[str, Any]) -> list[Check]:
    """Run every check of a source and return the outcomes, in order.

    Parameters
    ----------
    paths : ProjectPaths
        The source's paths.
    params : dict
        ``params.yaml`` (``waves``, ``ingest.read``).

    Returns
    -------
    list of Check
    """
    c = Checker(paths, params)
    if check_folder(c):
        waves = params.get("waves") or []
        if not isinstance(waves, list) or not all(str(w).isdigit() for w in waves):
            c.add(False, "params.yaml", "waves must be a list of years",
                  "set `waves: [<year>, ...]`")
            waves = []
        elif not waves:
            c.add(False, "params.yaml", "no waves listed", "set `waves: [<year>, ...]`")
        for wave in waves:
            check_wave(c, int(wave))
        check_hr(c)
        check_cbs(c)
    check_key(c)
    return c.checks


def _lines(checks: list[Check]) -> Iterator[str]:
    yield from (check.line() for check in checks)
    bad = sum(not check.ok for check in checks)
    yield (f"{len(checks)} checks, all OK" if not bad else
           f"{len(checks)} checks, {bad} FOUT: fix them and run `make check-source` again")


def main(argv: list[str] | None = None) -> int:
    """Run the command (see the module docstring).

    Parameters
    ----------
    argv : list of str, optional
        Command-line arguments.

    Returns
    -------
    int
        0 when every check passed, else 2.
    """
    p = argparse.ArgumentParser(prog="python -m pipeline.check_source",
                                description="Check a source's files and configuration")
    p.add_argument("--source", default=None, help="source folder (default: params data.source)")
    p.add_argument("--root", type=Path, default=None, help="project root (default: this one)")
    args = p.parse_args(argv)
    try:
        params = load_params(None if args.root is None else args.root / "params.yaml")
        if args.source:
            params = {**params, "data": {**(params.get("data") or {}), "source": args.source}}
        paths = project_paths(params, args.root)
    except input_errors() as exc:
        head, _, rest = problem(exc).partition(": ")
        message = rest if rest and head.endswith("params.yaml") else problem(exc)
        print(Check(False, "params.yaml", message, "correct params.yaml").line())
        return EXIT_INPUT_ERROR
    checks = run_checks(paths, params)
    for line in _lines(checks):
        print(line)
    return 0 if all(check.ok for check in checks) else EXIT_INPUT_ERROR


if __name__ == "__main__":
    sys.exit(main())
