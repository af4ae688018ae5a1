"""Write ``reports/bench.json`` and the readable ``docs/benchmarks.md`` from the results."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HISTORY = Path(__file__).with_name("history.md")

TARGETS = {
    "cold_pipeline_s": 60.0,
    "noop_s": 2.0,
    "estimates_7k_s": 2.0,
    "engine_speedup": 5.0,
    "estimates_700k_s": 60.0,
    "peak_700k_mb": 4096.0,
    "growth_exponent": 1.1,
    "explore_query_s": 0.5,
}


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Compare the results with the targets of issue 8.

    Parameters
    ----------
    results : dict
        As written to ``reports/bench.json``.

    Returns
    -------
    list of dict
        ``target``, ``value``, ``limit``, ``met`` (None when not measured).

    Examples
    --------
    >>> rows = targets({"pipeline": {"noop": {"median_s": 1.2}}})
    >>> [r["met"] for r in rows if r["target"].startswith("no-op")]
    [True]
    """
    pipe = results.get("pipeline", {})
    engine = results.get("engine", {})
    scaling = results.get("scaling", {})
    survey = {s["n"]: s for s in scaling.get("survey", [])}
    exps = scaling.get("exponents", {})
    small = min(survey) if survey else None
    large = max(survey) if survey else None

    def get(d: dict[str, Any] | None, *keys: str) -> Any:
        for key in keys:
            if not isinstance(d, dict) or key not in d:
                return None
            d = d[key]
        return d

    queries = results.get("explore", {}).get("queries", {})
    slowest = max((q["median_s"] for q in queries.values()), default=None)
    worst_exp = max([e for k, e in exps.items() if e is not None and "memory" not in k],
                    default=None)
    rows = [
        ("cold full pipeline (s)", get(pipe, "cold", "median_s"), TARGETS["cold_pipeline_s"],
         "<="),
        ("no-op dvc repro (s)", get(pipe, "noop", "median_s"), TARGETS["noop_s"], "<="),
        (f"all estimates, {small} respondents (s)",
         get(survey.get(small), "estimates_s"), TARGETS["estimates_7k_s"], "<="),
        ("all estimates, demo wave (s)", get(engine, "estimate_all_s"),
         TARGETS["estimates_7k_s"], "<="),
        ("speed-up over the per-group svy loop (x, same cells)",
         get(engine, "ratio_same_cells"), TARGETS["engine_speedup"], ">="),
        (f"all estimates, {large} respondents (s)", get(survey.get(large), "estimates_s"),
         TARGETS["estimates_700k_s"], "<="),
        (f"peak memory, {large} respondents (MB)", get(survey.get(large), "peak_mb"),
         TARGETS["peak_700k_mb"], "<="),
        ("worst growth exponent of time (1 = linear; 1.1 allows for timing noise)", worst_exp,
         TARGETS["growth_exponent"],
         "<="),
        ("slowest explorer query, one breakdown with its test (s; issue 16)", slowest,
         TARGETS["explore_query_s"], "<="),
    ]
    out = []
    for name, value, limit, op in rows:
        met = None if value is None else (value <= limit if op == "<=" else value >= limit)
        out.append({"target": name, "value": value, "limit": f"{op} {limit:g}", "met": met})
    return out


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def markdown(results: dict[str, Any]) -> str:
    """Render the results as the Markdown page ``docs/benchmarks.md``.

    Parameters
    ----------
    results : dict
        As written to ``reports/bench.json``.

    Returns
    -------
    str
    """
    m = results["machine"]
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`scripts/bench/`, issue 8); the raw figures, every run and the "
        "machine load beside each are in `reports/bench.json`. Timings are wall-clock seconds, "
        "medians of several runs; the machine is shared, so the one-minute load average is given "
        "with the figures (2 cores: a load above 2 means other work was competing).",
        "",
        f"- date: {m['date']}; settings: {results.get('settings', {})}",
        f"- machine: {m['host_cpu']}, {m['cpus']} CPUs, {m['memory_gb']} GB; {m['os']}",
        f"- Python {m['python']}; " + ", ".join(f"{k} {v}" for k, v in m["packages"].items()),
        f"- load average at the start: {m['load_at_start']}",
        "- parts finished at: " + (", ".join(f"{k} {v}" for k, v in
                                          results.get("measured_at", {}).items()) or "–"),
        "",
        "Run it with `make bench` (about 10-12 minutes; `scripts/bench/run.py --quick` for a "
        "smoke test, `--render` to rewrite this page from the JSON). Everything runs in a "
        "throw-away clone of the working tree under `/tmp` (`git clone` plus the uncommitted "
        "files), never on the project's own data or `params.yaml`. Repetitions: cold pipeline "
        "2, no-op 5, each one-parameter change 1; all estimates 5; scaling 3 runs at the "
        "small sizes, 2 at the middle and 1 at 700k respondents and 2.2M register rows (a "
        "single run takes minutes there).",
        "",
        "## Targets (issue 8)",
        "",
        "| target | measured | limit | met |",
        "|---|---:|---:|---|",
    ]
    for row in targets(results):
        met = {True: "yes", False: "**no**", None: "not measured"}[row["met"]]
        lines.append(f"| {row['target']} | {_fmt(row['value'])} | {row['limit']} | {met} |")
    pipe = results.get("pipeline")
    if pipe:
        lines += ["", "## Pipeline (`dvc repro` in a fresh clone of the working tree)", "",
                  "| run | median (s) | runs (s) | load |", "|---|---:|---|---|"]
        entries = [("cold `dvc repro -f`", pipe["cold"]), ("no-op `dvc repro`", pipe["noop"])]
        entries += [(f"one-parameter change: `{k}`", v) for k, v in pipe["change"].items()]
        for name, entry in entries:
            runs = ", ".join(_fmt(r["wall_s"]) for r in entry["runs"])
            loads = ", ".join(_fmt(r["load"]) for r in entry["runs"])
            lines.append(f"| {name} | {_fmt(entry['median_s'])} | {runs} | {loads} |")
        lines += ["", "Time per stage of the cold run (median; from dvc's start of one stage to "
                  "the next, so dvc's own hashing is included):", "",
                  "| stage | s |", "|---|---:|"]
        lines += [f"| {k} | {_fmt(v)} |" for k, v in pipe["stages_median_s"].items()]
    engine = results.get("engine")
    if engine:
        lines += ["", "## Estimation engine against a per-group loop with `svy`", "",
                  f"One wave ({engine['respondents']:,} respondents, {engine['replicates']} "
                  f"bootstrap replicates, {engine['indicators']} indicators, "
                  f"{engine['cells']:,} cells: totaal, every breakdown and two-way breakdown).",
                  "",
                  "| | s |", "|---|---:|",
                  f"| design (raking + replicates) | {_fmt(engine['design_s'])} |",
                  f"| `estimate_all`, every cell (median) | {_fmt(engine['estimate_all_s'])} |",
                  f"| svy loop, {engine['loop_cells_timed']:,} cells "
                  f"({engine['loop_indicators_timed']} indicators) | {_fmt(engine['loop_s'])} |",
                  f"| `estimate_all` on the same indicators | "
                  f"{_fmt(engine['estimate_all_same_cells_s'])} |",
                  f"| svy loop, every cell (extrapolated per cell) | "
                  f"{_fmt(engine['loop_full_extrapolated_s'])} |",
                  "",
                  f"Speed-up on the same cells: **{engine['ratio_same_cells']}x** "
                  f"(every cell, extrapolated: {engine['ratio_full']}x). Largest difference "
                  f"between the two estimates: {engine['max_abs_diff_estimate']}."]
    explore = results.get("explore")
    if explore:
        lines += ["", "## Explorer queries (`pipeline.explore`, issue 16)", "",
                  f"Wave {explore['wave']}, weighted once beforehand as in a notebook "
                  f"(`Explorer.load`: {_fmt(explore['load_s'])} s); each query a fresh "
                  "breakdown with its group-against-the-rest test, gated against the wave's "
                  "ledger.", "",
                  "| query | median (s) | runs (s) | within budget |", "|---|---:|---|---|"]
        for label, q in explore["queries"].items():
            runs = ", ".join(_fmt(r) for r in q["runs_s"])
            ok = "yes" if q["within_budget"] else "**no**"
            lines.append(f"| {label} | {_fmt(q['median_s'])} | {runs} | {ok} |")
    scaling = results.get("scaling")
    if scaling:
        lines += ["", "## Growth with size", "",
                  "Survey: one wave resampled with replacement, margins scaled; each size in a "
                  "fresh process (peak memory = that process's peak resident set, imports "
                  "included). `design` = raking plus the bootstrap replicates (raking redone in "
                  "each).", "",
                  "| respondents | runs | rake (s) | design (s) | all estimates (s) | "
                  "peak (MB) | load |", "|---:|---:|---:|---:|---:|---:|---|"]
        for s in scaling["survey"]:
            lines.append(f"| {s['n']:,} | {s['runs']} | {_fmt(s['rake_s'])} | "
                         f"{_fmt(s['design_s'])} | {_fmt(s['estimates_s'])} | "
                         f"{_fmt(s['peak_mb'])} | {', '.join(_fmt(x) for x in s['load'])} |")
        lines += ["", "HR register: Dutch payroll CSVs (two peildata, half the rows each) "
                  "resampled from the demo register with re-keyed ids, cleaned by "
                  "`pipeline.ingest.clean_hr.clean_hr` (read, check, derive, pseudonymise, "
                  "flows).", "",
                  "| rows | runs | clean (s) | peak (MB) | load |", "|---:|---:|---:|---:|---|"]
        for s in scaling["hr"]:
            lines.append(f"| {s['n']:,} | {s['runs']} | {_fmt(s['clean_s'])} | "
                         f"{_fmt(s['peak_mb'])} | {', '.join(_fmt(x) for x in s['load'])} |")
        lines += ["", "Growth exponents (slope of log time on log size; 1 = linear): " + ", ".join(
            f"{k} {_fmt(v)}" for k, v in scaling["exponents"].items()) + "."]
    if HISTORY.is_file():
        lines += ["", HISTORY.read_text(encoding="utf-8").strip()]
    return "\n".join(lines) + "\n"


def write_results(results: dict[str, Any], json_path: Path, md_path: Path) -> None:
    """Write the JSON results and the Markdown page.

    Parameters
    ----------
    results : dict
        Benchmark results.
    json_path : pathlib.Path
        ``reports/bench.json``.
    md_path : pathlib.Path
        ``docs/benchmarks.md``.
    """
    results = {**results, "targets": targets(results)}
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n",
                         encoding="utf-8")
    md_path.write_text(markdown(results), encoding="utf-8")
