"""Stage: CBS barometer tables and the labour-force benchmark -> canonical parquet.

Run ``python -m pipeline.ingest.clean_cbs``. Reads every ``cbs/barometer_<jjjj>.<xlsx|csv>``
and ``benchmark/beroepsbevolking.csv`` under ``data/raw/<data.source>/`` (layout in
``config/cbs.yml``) and writes ``barometer.parquet``, ``benchmark.parquet`` and ``dq_cbs.json``
to ``data/processed/<source>/``. These are aggregate tables: no pseudonymisation is needed.

Both inputs are optional: without barometer files (``cbs/`` empty or absent) or without the
benchmark file, the stage writes the table without rows (canonical columns and dtypes) and
``dq_cbs.json`` says under ``not_supplied`` what was not supplied.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.cli import run_cli
from pipeline.ingest.atomic import write_json_atomic, write_parquet_atomic
from pipeline.ingest.cbs import (
    empty_barometer,
    empty_benchmark,
    read_barometer,
    read_benchmark,
)
from pipeline.ingest.errors import IngestError
from pipeline.ingest.schemas import barometer_schema, benchmark_schema, validate
from pipeline.ingest.settings import cbs_config
from pipeline.ingest.stage import context, parser

BENCHMARK_FILE = "beroepsbevolking.csv"


def clean_cbs(
    raw_dir: Path,
    config: dict[str, Any] | None,
    read_options: dict[str, Any] | None = None,
    benchmark_options: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Read and check all barometer files and the benchmark (nothing written).

    Parameters
    ----------
    raw_dir : pathlib.Path
        ``data/raw/<source>/``.
    config : dict
        ``config/cbs.yml``.
    read_options, benchmark_options : dict, optional
        Reader overrides.

    Returns
    -------
    dict
        ``barometer``, ``benchmark`` (frames; without rows when not supplied) and
        ``quality`` (dict; ``not_supplied`` names the missing inputs).

    Examples
    --------
    >>> out = clean_cbs(Path("data/raw/demo"), cbs_config())  # doctest: +SKIP
    """
    files = sorted(p for p in (raw_dir / "cbs").glob("barometer_*")
                   if p.suffix.lower() in (".xlsx", ".csv"))
    bench_path = raw_dir / "benchmark" / BENCHMARK_FILE
    if config is None and (files or bench_path.is_file()):
        raise IngestError("cbs.yml", "CBS or labour-force files are present but the source has "
                          "no layout for them: add cbs.yml to the source's configuration "
                          "(config/sources/demo/cbs.yml is an example)")
    parts = []
    inputs = []
    not_supplied: dict[str, str] = {}
    for path in files:
        part = read_barometer(path, config, options=read_options)
        validate(part, barometer_schema(), path)
        parts.append(part)
        inputs.append({"input": path.name, "rows": len(part),
                       "suppressed": int(part["suppressed"].sum())})
    if parts:
        barometer = pd.concat(parts, ignore_index=True)
        validate(barometer, barometer_schema(), raw_dir / "cbs")
    else:
        barometer = empty_barometer()
        not_supplied["barometer"] = ("not supplied: no cbs/barometer_<jjjj>.xlsx|csv; "
                                     "the reports show no herkomst from CBS")
    if bench_path.is_file():
        benchmark = read_benchmark(bench_path, config, benchmark_options)
        validate(benchmark, benchmark_schema(), bench_path)
        inputs.append({"input": bench_path.name, "rows": len(benchmark), "suppressed": 0})
    else:
        benchmark = empty_benchmark()
        not_supplied["benchmark"] = (f"not supplied: no benchmark/{BENCHMARK_FILE}; the reports "
                                     "show no labour-force comparison")
    quality: dict[str, Any] = {"inputs": inputs}
    if not_supplied:
        quality["not_supplied"] = not_supplied
    return {"barometer": barometer, "benchmark": benchmark, "quality": quality}


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
    args = parser("Clean CBS barometer tables and the benchmark").parse_args(argv)
    ctx = context(args, "clean_cbs")
    layout = ctx.config_dir / "cbs.yml"
    result = clean_cbs(ctx.raw_dir, cbs_config(layout) if layout.is_file() else None,
                       ctx.read_options("cbs"), ctx.read_options("benchmark"))
    write_json_atomic(result["quality"], ctx.output("dq_cbs"))
    write_parquet_atomic(result["benchmark"], ctx.output("benchmark"))
    write_parquet_atomic(result["barometer"], ctx.output("barometer"))


if __name__ == "__main__":
    sys.exit(run_cli(main))
