"""Stage: clean all HR snapshots -> ``data/processed/hr.parquet`` and ``hr_flows.parquet``.

Run ``python -m pipeline.ingest.clean_hr``. Reads every ``hr/hr_<jjjj-mm-dd>.<csv|xlsx>`` under
``data/raw/<data.source>/`` with the layout of ``config/hr.yml``, quarantines rows with
impossible dates, derives salary band and age band at each peildatum, pseudonymises
``employee_id`` (the same key links snapshots), derives in-, door- and uitstroom between
consecutive snapshots (none with a single snapshot: the flows table is then empty, with
its usual columns), and writes ``hr.parquet``, ``hr_flows.parquet``,
``quarantine_hr.parquet``, ``ledger_hr.json`` and ``dq_hr.json`` to ``data/processed/``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.cli import run_cli
from pipeline.ingest.atomic import write_json_atomic, write_parquet_atomic
from pipeline.ingest.derive import hr_flows
from pipeline.ingest.errors import IngestError
from pipeline.ingest.hr import read_hr_snapshot
from pipeline.ingest.pseudonymise import pseudonymise, resolve_key
from pipeline.ingest.schemas import hr_schema, validate
from pipeline.ingest.settings import hr_config
from pipeline.ingest.stage import context, parser


def snapshot_files(raw_dir: Path) -> list[Path]:
    """Return the HR snapshot files under ``raw_dir/hr``, oldest first.

    Parameters
    ----------
    raw_dir : pathlib.Path
        ``data/raw/<source>/``.

    Returns
    -------
    list of pathlib.Path

    Raises
    ------
    IngestError
        If there is none, or two files for one peildatum.

    Examples
    --------
    >>> snapshot_files(Path("data/raw/demo"))  # doctest: +SKIP
    """
    files = sorted(p for p in (raw_dir / "hr").glob("hr_*")
                   if p.suffix.lower() in (".csv", ".xlsx"))
    if not files:
        raise IngestError(raw_dir / "hr", "no HR snapshot files (hr_<jjjj-mm-dd>.csv|xlsx)")
    stems = [p.stem for p in files]
    dupes = sorted({s for s in stems if stems.count(s) > 1})
    if dupes:
        raise IngestError(f"hr/{dupes[0]}.*", "two files for one peildatum (csv and xlsx)")
    return files


def clean_hr(
    raw_dir: Path,
    source: str,
    config: dict[str, Any],
    read_options: dict[str, Any] | None = None,
    key: bytes | None = None,
) -> dict[str, Any]:
    """Read, check, quarantine, derive and pseudonymise all HR snapshots (nothing written).

    Parameters
    ----------
    raw_dir : pathlib.Path
        ``data/raw/<source>/``.
    source : str
        ``data.source``.
    config : dict
        ``config/hr.yml``.
    read_options : dict, optional
        Reader overrides.
    key : bytes, optional
        Pseudonymisation key (default :func:`resolve_key`).

    Returns
    -------
    dict
        ``hr``, ``flows``, ``quarantine`` (frames), ``ledgers`` (list of dicts), ``quality``.

    Examples
    --------
    >>> out = clean_hr(Path("data/raw/demo"), "demo", hr_config())  # doctest: +SKIP
    """
    kept_parts, q_parts, ledgers = [], [], []
    for path in snapshot_files(raw_dir):
        kept, quarantined, ledger = read_hr_snapshot(path, config, read_options)
        dates = pd.concat([kept["peildatum"], quarantined.get("peildatum", pd.Series())])
        dates = dates.dropna().unique()
        named = path.stem.removeprefix("hr_")
        if len(dates) > 1 or (len(dates) == 1 and str(pd.Timestamp(dates[0]).date()) != named):
            raise IngestError(path, "peildatum differs from the file name or between rows",
                              config["columns"]["peildatum"])
        kept_parts.append(kept)
        q_parts.append(quarantined.assign(_file=path.name))
        ledgers.append(ledger.to_dict())
    hr = pd.concat(kept_parts, ignore_index=True)
    validate(hr, hr_schema(), raw_dir / "hr")
    key = key or resolve_key(source)
    hr = pseudonymise(hr, "employee_id", key, "hr")
    quarantine = pseudonymise(pd.concat(q_parts, ignore_index=True), "employee_id", key, "hr")
    flows = hr_flows(hr)
    quality = {
        "inputs": ledgers,
        "rows_by_peildatum": {str(k.date()): int(v)
                              for k, v in hr["peildatum"].value_counts().sort_index().items()},
        "flows": {f"{a.date()}→{b.date()}": g["flow"].value_counts().to_dict()
                  for (a, b), g in flows.groupby(["peildatum_from", "peildatum_to"])},
    }
    if flows.empty:
        quality["not_supplied"] = {
            "flows": "not supplied: one HR snapshot, so no in-, door- or uitstroom "
                     "(add the snapshot of an earlier peildatum to hr/)"}
    return {"hr": hr, "flows": flows, "quarantine": quarantine, "ledgers": ledgers,
            "quality": quality}


def main(argv: list[str] | None = None) -> None:
    """Run the stage (see the module docstring).

    Parameters
    ----------
    argv : list of str, optional
        Command-line arguments.

    Examples
    --------
    >>> main([])  # doctest: +SKIP
    """
    args = parser("Clean all HR snapshots into data/processed/hr.parquet").parse_args(argv)
    ctx = context(args, "clean_hr")
    result = clean_hr(ctx.raw_dir, ctx.source, hr_config(ctx.config_dir / "hr.yml"),
                      ctx.read_options("hr"))
    write_parquet_atomic(result["quarantine"], ctx.output("quarantine_hr"))
    write_json_atomic(result["ledgers"], ctx.output("ledger_hr"))
    write_json_atomic(result["quality"], ctx.output("dq_hr"))
    write_parquet_atomic(result["flows"], ctx.output("hr_flows"))
    write_parquet_atomic(result["hr"], ctx.output("hr"))


if __name__ == "__main__":
    sys.exit(run_cli(main))
