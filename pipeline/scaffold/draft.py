"""Write the draft wave mapping: YAML in the format that ``load_mapping`` reads.

Every raw column gets a comment (its variable label or header, and its value labels or, for a
low-cardinality coded column, its distinct values) and either a guessed ``columns:`` entry or a
commented-out ``TODO`` entry. Each guessed entry is checked with
:func:`pipeline.ingest.mapping.parse_mapping`; one that does not validate is commented out with
a ``TODO`` naming the problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from pipeline.ingest.errors import IngestError
from pipeline.ingest.mapping import parse_mapping, raw_key
from pipeline.ingest.readers import RawTable
from pipeline.scaffold.codes import CodeGuess, guess_codes
from pipeline.scaffold.guess import guess_variable
from pipeline.scaffold.profile import MAX_SHOWN, ColumnProfile, code_order, profile_table

_HIDDEN = {"id": "identifier", "id_like": "identifier-like (every value once)", "date": "dates",
           "text": "free text or many distinct values", "empty": "empty column"}

_REQUIRED = {"resp_id": "the respondent identifier (unique per row)",
             "complete": "whether the questionnaire was completed (codes: raw code -> true/false)"}


@dataclass
class Draft:
    """A draft mapping and what the scaffolder counted (never a cell value).

    Parameters
    ----------
    text : str
        The YAML text.
    columns, guessed, todos : int
        Raw columns, columns with a guessed variable, ``TODO`` marks.
    problem : str or None
        Why the draft does not load yet (e.g. ``resp_id`` not found), else None.
    """

    text: str
    columns: int
    guessed: int
    todos: int
    problem: str | None = None


def flow(value: Any) -> str:
    """Return `value` as one line of YAML (flow style), quoted where YAML needs it.

    Examples
    --------
    >>> flow({"raw": "Q1", "codes": {1: True, 2: False}, "label": "Ja: of nee?"})
    "{raw: Q1, codes: {1: true, 2: false}, label: 'Ja: of nee?'}"
    >>> flow("15+"), flow("2028_herhaal.sav")
    ('15+', '2028_herhaal.sav')
    """
    text = yaml.safe_dump(value, default_flow_style=True, sort_keys=False, allow_unicode=True,
                          width=1 << 30).strip()
    return text.removesuffix("...").strip()


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _describe(p: ColumnProfile, variable: str | None = None) -> str:
    head = f'# {_one_line(p.name)}' + (f' "{_one_line(p.label)}"' if p.label else "")
    if (variable or "").startswith("country_") and not p.value_labels:
        return f"{head} (values not written: birth countries)"
    if p.value_labels and p.role == "coded":
        shown = ", ".join(f"{c} = {_one_line(lab)}" for c, lab in p.value_labels.items())
        return f"{head}: {shown}"
    if p.shown:
        return f"{head}: values {', '.join(_one_line(k) for k in p.keys)}"
    why = _HIDDEN.get(p.role, f"more than {MAX_SHOWN} distinct values")
    return f"{head} (values not written: {why})"


def _missing_codes(guesses: dict[str, CodeGuess]) -> tuple[dict[str, str], dict[str, set[str]]]:
    """Return global missing codes, and per variable the codes that must stay column-local."""
    values = {raw_key(k) for g in guesses.values() for k in (g.spec.get("codes") or {})}
    found: dict[str, str] = {}
    for g in guesses.values():
        for code, label in g.missing.items():
            found.setdefault(code, label)
    shared = {c: found[c] for c in sorted(found, key=code_order) if c not in values}
    local = {name: set(g.missing) - set(shared) for name, g in guesses.items()}
    return shared, local


def _validate(name: str, spec: dict[str, Any], missing: dict[str, str]) -> str | None:
    columns: dict[str, Any] = {name: spec}
    if name != "resp_id":
        columns["resp_id"] = "__scaffold_id__"
    if name != "complete":
        columns["complete"] = {"raw": "__scaffold_complete__", "codes": {1: True}}
    try:
        parse_mapping({"wave": 2000, "study": "herhaal", "peildatum": "2000-12-31", "file": "x",
                       "missing_codes": missing, "columns": columns}, "draft")
    except IngestError as exc:
        return exc.problem
    return None


def _assign(profiles: list[ColumnProfile]) -> tuple[dict[str, str], dict[str, str]]:
    """Return raw column -> guessed variable, and raw column -> why a guess was dropped."""
    by_raw: dict[str, str] = {}
    dropped: dict[str, str] = {}
    taken: dict[str, str] = {}
    for p in profiles:
        name = guess_variable(p)
        if name is None:
            continue
        if name in taken:
            dropped[p.name] = (f"no variable guessed (its name or label also suggests {name}, "
                               f"already mapped to {taken[name]})")
            continue
        by_raw[p.name] = taken[name] = name
    if "resp_id" not in taken:
        candidates = [p for p in profiles if p.role == "id_like" and p.name not in by_raw]
        if len(candidates) == 1:
            by_raw[candidates[0].name] = "resp_id"
    return by_raw, dropped


def build_draft(table: RawTable, *, wave: int, study: str, file: str,
                study_todo: bool = False, file_todo: str | None = None) -> Draft:
    """Return the draft mapping of a raw export.

    Parameters
    ----------
    table : RawTable
        The raw export as read by :func:`pipeline.ingest.readers.read_raw`.
    wave : int
        Survey year.
    study : str
        ``herhaal`` or ``monitor``.
    file : str
        The raw file relative to ``data/raw/<source>/``.
    study_todo : bool
        Mark the study as a guess.
    file_todo : str, optional
        What to do about the file's place (when it is not yet under ``data/raw/<source>/``).

    Returns
    -------
    Draft
    """
    profiles = profile_table(table)
    by_raw, dropped = _assign(profiles)
    guesses = {by_raw[p.name]: guess_codes(by_raw[p.name], p) for p in profiles
               if p.name in by_raw}
    if any(by_raw.get(p.name) == "resp_id" and p.role == "id_like" for p in profiles):
        guesses["resp_id"].todo.append("check: identifier guessed from its values")
    shared, local = _missing_codes(guesses)
    lines = _header(table, wave, study, file, study_todo, file_todo, len(profiles), len(guesses))
    if shared:
        lines.append("missing_codes:                 # raw codes meaning \"no answer\" (guessed "
                     "from the value labels)")
        lines += [f"  {flow(_key(c))}: {flow(lab)}" for c, lab in shared.items()]
    else:
        lines.append("# missing_codes: none recognised in the value labels; add the raw codes "
                     "meaning \"no answer\"")
    lines.append("columns:")
    at_columns = len(lines) - 1
    active = 0
    mapped: set[str] = set()
    for p in profiles:
        name = by_raw.get(p.name)
        lines.append(f"  {_describe(p, name)}")
        if name is None:
            why = dropped.get(p.name, "no variable guessed")
            lines.append(f"  # TODO <variable>: {flow({'raw': p.name})}   # {why}; "
                         "map it or leave it out (reported as unmapped)")
            continue
        guess = guesses[name]
        if local.get(name):
            guess.spec["missing"] = {_key(c): guess.missing[c] for c in sorted(local[name])}
        entry = f"  {name}: {flow(guess.spec)}"
        problem = _validate(name, guess.spec, shared)
        if problem is not None:
            lines.append(f"  # TODO fix, does not validate ({problem}):")
            lines.append(f"  # {entry.strip()}")
            continue
        lines.append(entry + (f"   # TODO {'; '.join(guess.todo)}" if guess.todo else ""))
        active += 1
        mapped.add(name)
    for name, what in _REQUIRED.items():
        if name not in mapped:
            lines.append(f"  # TODO {name}: {{raw: <column>}}   # required: {what}")
    if not active:
        lines[at_columns] = "columns: {}"
    text = "\n".join(lines) + "\n"
    return Draft(text, len(profiles), len(guesses), text.count("TODO"), _loads(text))


def _key(code: str) -> int | str:
    return int(code) if code.lstrip("-").isdigit() else code


def _header(table: RawTable, wave: int, study: str, file: str, study_todo: bool,
            file_todo: str | None, n_columns: int, n_guessed: int) -> list[str]:
    read: dict[str, Any] = {"format": table.format}
    if table.format == "csv":
        read.update(encoding=table.encoding, delimiter=table.delimiter, decimal=table.decimal)
    if table.header_row:
        read["header_row"] = table.header_row
    lines = [
        f"# DRAFT wave mapping {wave}, written by `python -m pipeline.scaffold` from "
        f"{table.path.name}.",
        "# Check every guess and every TODO, then run `make check-source`.",
        "# Format: docs/adding-a-wave.md; canonical variables and codes: docs/data-contract.md.",
        "description: >",
        f"  DRAFT from {_one_line(table.path.name)} ({n_columns} columns, {n_guessed} guessed).",
        "  TODO: questionnaire version, supplier, remarks.",
        f"wave: {int(wave)}",
        f"study: {flow(study)}" + ("   # TODO: herhaal (four-yearly, full) or monitor "
                                   "(two-yearly, short)?" if study_todo else ""),
        f"peildatum: {int(wave)}-12-31   # TODO: check: the HR snapshot this wave is weighted "
        "to (hr/hr_<peildatum>.*)",
        f"file: {flow(file)}" + (f"   # TODO: {file_todo}" if file_todo else ""),
        "read:",
    ]
    lines += [f"  {k}: {flow(v)}" for k, v in read.items()]
    return lines


def _loads(text: str) -> str | None:
    try:
        parse_mapping(yaml.safe_load(text), "draft")
    except IngestError as exc:
        return exc.problem + (f" ({exc.column})" if exc.column else "")
    return None
