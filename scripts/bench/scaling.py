"""Growth with size: raking and all estimates for 7k-700k respondents, HR cleaning 22k-2.2M rows.

Each measurement runs in a fresh process (``python scripts/bench/scaling.py <kind> <size>
<root>``) that prints one JSON line, so its peak memory (``VmHWM``) belongs to that size
alone. The parent (:func:`scaling_benchmarks`) collects medians and growth exponents.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import child_json, growth_exponent, load, median

SURVEY_SIZES = (7_000, 70_000, 700_000)
HR_SIZES = (22_000, 220_000, 2_200_000)
HR_PEILDATA = ("2024-12-31", "2025-12-31")
SCRIPT = Path(__file__).resolve()


def _peak_mb() -> float:
    """Peak resident set of this process in MB.

    ``VmHWM`` from ``/proc/self/status`` belongs to this program alone; Linux's ``ru_maxrss``
    also remembers the parent's resident set copied at ``fork`` (kept across ``exec``), so a
    small child of a big parent would report the parent's size.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def measure_survey(root: Path, n: int, wave: int = 2024) -> dict[str, Any]:
    """Scale one wave to ``n`` respondents; time one raking, the design and all estimates.

    Parameters
    ----------
    root : pathlib.Path
        Project (clone) with the processed demo data.
    n : int
        Respondents.
    wave : int
        Wave to scale.

    Returns
    -------
    dict
        ``rake_s`` (one raking with trimming), ``design_s`` (raking plus the bootstrap
        replicates, raking redone in each), ``estimates_s`` (``estimate_all``), ``peak_mb``.
    """
    from bench.workload import scale_margins, scale_survey, wave_workload
    from pipeline.config import load_params
    from pipeline.stats.design import SurveyDesign
    from pipeline.stats.estimate import estimate_all
    from pipeline.stats.weights import rake

    params = load_params(root / "params.yaml")
    base = wave_workload(params, wave, root)
    frame = scale_survey(base.frame, n, seed=n)
    margins = scale_margins(base.margins, n / len(base.frame))
    w = base.weighting
    setup_mb = _peak_mb()
    t0 = time.perf_counter()
    rake(frame, margins, max_iter=int(w["max_iter"]), tol=float(w["tolerance"]),
         trim_bounds=w.get("trim_bounds"), missing_margin=w.get("missing_margin", "cell_average"),
         collapse=bool(w.get("collapse", True)), collapse_below=int(w.get("collapse_below", 1)))
    rake_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    design = SurveyDesign.from_margins(frame, margins, w, wave=wave, seed=base.seed)
    design_s = time.perf_counter() - t0
    design_mb = _peak_mb()
    t0 = time.perf_counter()
    table = estimate_all(design, base.proportions, base.breakdowns, means=base.means,
                         two_way=base.two_way, alpha=base.alpha, small_n=base.small_n,
                         min_expected=base.min_expected)
    estimates_s = time.perf_counter() - t0
    return {"n": n, "replicates": design.n_replicates, "rows": len(table),
            "rake_s": round(rake_s, 3), "design_s": round(design_s, 3),
            "estimates_s": round(estimates_s, 3), "setup_peak_mb": setup_mb,
            "design_peak_mb": design_mb,
            "peak_mb": _peak_mb()}


def hr_folder(work: Path, n: int) -> Path:
    """Folder of the scaled HR exports of size ``n`` (``<work>/hr_<n>/``)."""
    return work / f"hr_{n}"


def write_scaled_hr(root: Path, work: Path, n: int) -> dict[str, Any]:
    """Write a register of ``n`` rows as two Dutch payroll CSVs (two peildata, ``n/2`` rows each).

    Rows are resampled with replacement from the demo register's snapshots, ids re-keyed.

    Parameters
    ----------
    root : pathlib.Path
        Project (clone) with ``data/processed/hr.parquet``.
    work : pathlib.Path
        Scratch folder.
    n : int
        Rows of the register (both snapshots together).

    Returns
    -------
    dict
        ``n``, ``files`` and ``bytes``.
    """
    import pandas as pd

    from bench.workload import numeric_ids, scale_register
    from pipeline.ingest.writers import write_hr_export

    hr = numeric_ids(pd.read_parquet(root / "data" / "processed" / "demo" / "hr.parquet"))
    out = hr_folder(work, n) / "hr"
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for i, day in enumerate(HR_PEILDATA):
        snap = hr[hr["peildatum"] == pd.Timestamp(day)]
        path = out / f"hr_{day}.csv"
        rows = n // len(HR_PEILDATA) + (1 if i < n % len(HR_PEILDATA) else 0)
        write_hr_export(scale_register(snap, rows, seed=i), path)
        files.append(path)
    return {"n": n, "files": len(files), "bytes": sum(p.stat().st_size for p in files)}


def measure_hr(work: Path, n: int) -> dict[str, Any]:
    """Clean the scaled HR exports of size ``n`` (read, check, derive, pseudonymise, flows).

    Parameters
    ----------
    work : pathlib.Path
        Scratch folder holding :func:`write_scaled_hr`'s files.
    n : int
        Rows of the register (both snapshots together).

    Returns
    -------
    dict
        ``clean_s``, ``rows`` (read from both snapshots), ``peak_mb``.
    """
    from pipeline.ingest.clean_hr import clean_hr
    from pipeline.ingest.settings import hr_config

    config = hr_config()
    t0 = time.perf_counter()
    result = clean_hr(hr_folder(work, n), "demo", config, {})
    clean_s = time.perf_counter() - t0
    return {"n": n, "rows": len(result["hr"]) + len(result["quarantine"]),
            "clean_s": round(clean_s, 3), "peak_mb": _peak_mb()}


def scaling_benchmarks(root: Path, work: Path, env: dict[str, str],
                       survey_sizes: tuple[int, ...] = SURVEY_SIZES,
                       hr_sizes: tuple[int, ...] = HR_SIZES,
                       repeats: dict[int, int] | None = None) -> dict[str, Any]:
    """Run every size in fresh processes; medians, peak memory and growth exponents.

    Parameters
    ----------
    root : pathlib.Path
        Project (clone) with processed demo data.
    work : pathlib.Path
        Scratch folder for the scaled HR exports.
    env : dict
        Environment of the child processes (the clone's code).
    survey_sizes, hr_sizes : tuple of int
        Sizes.
    repeats : dict of int to int, optional
        Runs per size (default 3, and 1 from 500,000 up).

    Returns
    -------
    dict
        ``survey`` and ``hr``: one entry per size, plus ``exponents``.
    """
    repeats = repeats or {}

    def runs_for(n: int) -> int:
        return repeats.get(n, 3 if n < 500_000 else 1)

    survey = []
    for n in survey_sizes:
        runs = []
        for _ in range(runs_for(n)):
            start = load()
            out = child_json([str(SCRIPT), "survey", str(n), str(root)], root, env)
            runs.append({**out, "load": start})
        survey.append(_summary(n, runs, ("rake_s", "design_s", "estimates_s")))
    hr = []
    for n in hr_sizes:
        if not (hr_folder(work, n) / "hr").is_dir():
            child_json([str(SCRIPT), "write-hr", str(n), str(root), str(work)], root, env)
        runs = []
        for _ in range(runs_for(n)):
            start = load()
            out = child_json([str(SCRIPT), "hr", str(n), str(root), str(work)], root, env)
            runs.append({**out, "load": start})
        hr.append(_summary(n, runs, ("clean_s",)))
    exponents = {
        "rake": growth_exponent(survey_sizes, [s["rake_s"] for s in survey]),
        "design": growth_exponent(survey_sizes, [s["design_s"] for s in survey]),
        "estimates": growth_exponent(survey_sizes, [s["estimates_s"] for s in survey]),
        "survey_peak_memory": growth_exponent(survey_sizes, [s["peak_mb"] for s in survey]),
        "hr_clean": growth_exponent(hr_sizes, [s["clean_s"] for s in hr]),
        "hr_peak_memory": growth_exponent(hr_sizes, [s["peak_mb"] for s in hr]),
    }
    return {"survey": survey, "hr": hr, "exponents": exponents}


def _summary(n: int, runs: list[dict[str, Any]], keys: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {"n": n, "runs": len(runs)}
    for key in keys:
        out[key] = median([r[key] for r in runs])
    out["peak_mb"] = max(r["peak_mb"] for r in runs)
    out["load"] = [r["load"] for r in runs]
    out["detail"] = runs
    return out


def main(argv: list[str]) -> int:
    """Run one measurement in this (child) process and print it as one JSON line.

    ``survey <n> <root>``, ``write-hr <n> <root> <work>`` or ``hr <n> <root> <work>``.
    """
    kind, n, root = argv[0], int(argv[1]), Path(argv[2])
    if kind == "survey":
        out = measure_survey(root, n)
    elif kind == "write-hr":
        out = write_scaled_hr(root, Path(argv[3]), n)
    elif kind == "hr":
        out = measure_hr(Path(argv[3]), n)
    else:
        raise SystemExit(f"unknown measurement {kind!r}")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
