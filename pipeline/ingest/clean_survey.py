"""Stage: clean one survey wave -> ``data/processed/survey_<wave>.parquet``.

Run ``python -m pipeline.ingest.clean_survey --wave 2024``. Reads ``params.yaml`` and
``config/sources/<source>/waves/<wave>.yml`` (without a mapping file the raw file must carry
canonical names:
``survey/<wave>_<study>.<ext>``), the raw file from ``data/raw/<data.source>/``, and writes to
``data/processed/``: ``survey_<wave>.parquet`` (canonical, derived origin, pseudonymised
``resp_id``), ``quarantine_survey_<wave>.parquet``, ``ledger_survey_<wave>.json`` and
``dq_survey_<wave>.json`` (data-quality facts). Bad input stops with one line and exit status 2.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.cli import run_cli
from pipeline.ingest.atomic import write_json_atomic, write_parquet_atomic
from pipeline.ingest.canonical import apply_canonical, load_mapping_or_canonical
from pipeline.ingest.countries import iso_codes
from pipeline.ingest.derive import derive_origin
from pipeline.ingest.errors import IngestError
from pipeline.ingest.mapping import (
    MappedFrame,
    WaveMapping,
    apply_mapping,
)
from pipeline.ingest.pseudonymise import pseudonymise, resolve_key
from pipeline.ingest.quarantine import Ledger, flag_duplicates, split_quarantine
from pipeline.ingest.readers import read_raw
from pipeline.ingest.schemas import survey_schema, validate
from pipeline.ingest.stage import context, parser
from pipeline.ingest.variables import SURVEY_VARIABLES, WAVE_CONSTANTS
from pipeline.ingest.variables import asked as routed_to


def range_flags(frame: pd.DataFrame) -> list[tuple[str, str | None, pd.Series]]:
    """Return ``out_of_range`` flags for every canonical column with a value outside its codes.

    Parameters
    ----------
    frame : pandas.DataFrame
        Canonical survey frame.

    Returns
    -------
    list of (reason, column, mask)

    Examples
    --------
    >>> df = pd.DataFrame({"ps1": pd.array([1, 9], dtype="Int64"),
    ...                    "country_self": pd.array(["NL", "XX"], dtype="string")})
    >>> [(c, m.tolist()) for _, c, m in range_flags(df)]
    [('country_self', [False, True]), ('ps1', [False, True])]
    """
    flags = []
    codes = iso_codes()
    for name, var in SURVEY_VARIABLES.items():
        if name not in frame.columns or name in WAVE_CONSTANTS:
            continue
        col = frame[name]
        if var.kind == "int" and var.values is not None:
            low, high = var.values
            mask = col.notna() & ((col < low) | (col > high))
        elif var.kind == "str" and var.values is not None:
            mask = col.notna() & ~col.isin(var.values)
        elif name.startswith("country_"):
            mask = col.notna() & ~col.isin(codes)
        else:
            continue
        mask = mask.fillna(False).astype(bool)
        if mask.any():
            flags.append(("out_of_range", name, mask))
    return flags


def quality_facts(
    kept: pd.DataFrame,
    ledger: Ledger,
    mapped: MappedFrame,
    mapping: WaveMapping | None,
    file_format: str,
) -> dict[str, Any]:
    """Return the data-quality facts of one wave (for the data-quality report).

    Parameters
    ----------
    kept : pandas.DataFrame
        Kept canonical rows.
    ledger : Ledger
        The wave's ledger.
    mapped : MappedFrame
        Mapping result (unmapped columns, absent variables).
    mapping : WaveMapping or None
        The wave mapping (None for a canonical file).
    file_format : str
        ``sav``, ``csv`` or ``xlsx``.

    Returns
    -------
    dict
        ``input``, ``format``, ``rows_read``, ``kept``, ``quarantined`` (by reason),
        ``item_nonresponse`` (variable -> n, n_missing, share_missing, computed on kept complete
        and partial rows; a filter question on those who were asked it,
        :func:`~pipeline.ingest.variables.asked`), ``unmapped_columns``,
        ``absent_variables``, ``not_asked``, ``not_comparable`` (variable -> note).

    Examples
    --------
    >>> kept = pd.DataFrame({"resp_id": ["a", "b"], "ps1": pd.array([1, None], dtype="Int64")})
    >>> mapped = MappedFrame(kept, ["X"], [])
    >>> facts = quality_facts(kept, Ledger("s.csv", 2, 2), mapped, None, "csv")
    >>> facts["item_nonresponse"]["ps1"]
    {'n': 2, 'n_missing': 1, 'share_missing': 0.5}
    """
    skip = {"resp_id", "wave", "study"}
    nonresponse = {}
    for name in kept.columns:
        if name in skip:
            continue
        # a filter question counts against its filter: only those who were asked it
        routed = routed_to(kept, name)
        base = kept[name] if routed is None else kept.loc[routed.to_numpy(), name]
        n_missing = int(base.isna().sum())
        nonresponse[name] = {
            "n": len(base),
            "n_missing": n_missing,
            "share_missing": round(n_missing / len(base), 6) if len(base) else None,
        }
    asked = set(mapping.columns) if mapping is not None else set(kept.columns)
    not_asked = [v for v, var in SURVEY_VARIABLES.items()
                 if v not in asked and not var.derived and v not in WAVE_CONSTANTS]
    not_comparable = {} if mapping is None else {
        name: col.note for name, col in mapping.columns.items() if not col.comparable}
    return {
        "input": ledger.input,
        "format": file_format,
        "rows_read": ledger.rows_read,
        "kept": ledger.kept,
        "quarantined": ledger.quarantined,
        "item_nonresponse": nonresponse,
        "unmapped_columns": mapped.unmapped_columns,
        "absent_variables": mapped.absent_variables,
        "not_asked": not_asked,
        "not_comparable": not_comparable,
    }


def clean_survey(
    wave: int,
    raw_dir: Path,
    config_dir: Path,
    source: str,
    read_options: dict[str, Any] | None = None,
    key: bytes | None = None,
) -> dict[str, Any]:
    """Read, map, check, quarantine, derive and pseudonymise one wave (nothing is written).

    Parameters
    ----------
    wave : int
        Survey year.
    raw_dir : pathlib.Path
        ``data/raw/<source>/``.
    config_dir : pathlib.Path
        ``config/`` (with ``waves/<wave>.yml``).
    source : str
        ``data.source`` (decides which pseudonymisation key is allowed).
    read_options : dict, optional
        Reader overrides from params (over the mapping's ``read:`` block).
    key : bytes, optional
        Pseudonymisation key (default :func:`resolve_key`).

    Returns
    -------
    dict
        ``survey``, ``quarantine`` (frames), ``ledger`` (:class:`Ledger`), ``quality`` (dict).

    Examples
    --------
    >>> out = clean_survey(2024, Path("data/raw/demo"), Path("config"), "demo")  # doctest: +SKIP
    """
    mapping = load_mapping_or_canonical(config_dir / "waves" / f"{wave}.yml", wave,
                                        raw_dir=raw_dir)
    canonical = mapping.path is None  # a raw file in the canonical names, no mapping file
    raw_path = raw_dir / mapping.file
    options = {**mapping.read, **(read_options or {})}
    if not raw_path.is_file():
        raise IngestError(raw_path, "raw survey file not found")
    table = read_raw(raw_path, options)
    if canonical:
        mapped = apply_canonical(table.frame, file=raw_path, wave=wave, study=mapping.study)
    else:
        mapped = apply_mapping(table.frame, mapping, file=raw_path, value_labels=table.value_labels)
    frame = mapped.frame
    flags = [
        ("missing_id", "resp_id", frame["resp_id"].isna()),
        ("duplicate_id", "resp_id", flag_duplicates(frame["resp_id"], frame["complete"])),
        *range_flags(frame),
    ]
    kept, quarantined, ledger = split_quarantine(frame, flags, raw_path)
    kept = derive_origin(kept)
    validate(kept, survey_schema(), raw_path)
    key = key or resolve_key(source)
    domain = f"survey:{wave}"
    kept = pseudonymise(kept, "resp_id", key, domain)
    quarantined = pseudonymise(quarantined, "resp_id", key, domain)
    quality = quality_facts(kept, ledger, mapped, None if canonical else mapping, table.format)
    return {"survey": kept, "quarantine": quarantined, "ledger": ledger, "quality": quality}


def main(argv: list[str] | None = None) -> None:
    """Run the stage (see the module docstring).

    Parameters
    ----------
    argv : list of str, optional
        Command-line arguments.

    Examples
    --------
    >>> main(["--wave", "2024"])  # doctest: +SKIP
    """
    p = parser("Clean one survey wave into data/processed/survey_<wave>.parquet")
    p.add_argument("--wave", type=int, required=True)
    args = p.parse_args(argv)
    ctx = context(args, "clean_survey")
    result = clean_survey(args.wave, ctx.raw_dir, ctx.config_dir, ctx.source,
                          ctx.read_options("survey"))
    wave = args.wave
    write_parquet_atomic(result["quarantine"], ctx.output("quarantine_survey", wave))
    write_json_atomic(result["ledger"].to_dict(), ctx.output("ledger_survey", wave))
    write_json_atomic(result["quality"], ctx.output("dq_survey", wave))
    write_parquet_atomic(result["survey"], ctx.output("survey", wave))


if __name__ == "__main__":
    sys.exit(run_cli(main))
