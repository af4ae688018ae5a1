"""Run the benchmark suite (``make bench``): pipeline, engine, explore, scaling; write results.

Usage: ``python scripts/bench/run.py [--quick] [--skip pipeline,engine,scaling]``.
Everything runs in a throw-away clone of the working tree (``--clone``, default
``/tmp/bench_clone``), never in the project's own data or parameters.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.clone import clone_env, prepare_clone
from bench.common import ROOT, machine
from bench.report import write_results


def main(argv: list[str] | None = None) -> int:
    """Run the suite; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clone", type=Path, default=Path("/tmp/bench_clone"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench_work"))
    parser.add_argument("--quick", action="store_true",
                        help="one run each and small sizes only (a smoke test, not figures)")
    parser.add_argument("--skip", default="",
                        help="comma-separated: pipeline,engine,explore,scaling")
    parser.add_argument("--reuse-clone", action="store_true",
                        help="keep an existing clone and its data (skips the pipeline part)")
    parser.add_argument("--json", type=Path, default=ROOT / "reports" / "bench.json")
    parser.add_argument("--markdown", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--scaling", choices=("both", "survey", "hr"), default="both",
                        help="which scaling part to run (with --merge the other part is kept)")
    parser.add_argument("--merge", action="store_true",
                        help="keep the parts of the existing JSON that this run skips")
    parser.add_argument("--render", action="store_true",
                        help="only rewrite the Markdown page from the existing JSON")
    args = parser.parse_args(argv)
    if args.render:
        results = json.loads(args.json.read_text(encoding="utf-8"))
        write_results(results, args.json, args.markdown)
        return 0
    skip = {s for s in args.skip.split(",") if s}
    if args.reuse_clone:
        skip.add("pipeline")
    settings = {"quick": args.quick}
    results: dict = {"machine": machine(), "settings": settings}
    if args.merge and args.json.is_file():
        old = json.loads(args.json.read_text(encoding="utf-8"))
        results.update({k: old[k] for k in ("pipeline", "engine", "explore", "scaling",
                                              "measured_at")
                        if k in old})
        settings.update({k: v for k, v in old.get("settings", {}).items() if k not in settings})
    if not args.reuse_clone:
        prepare_clone(args.clone)
    env = clone_env(args.clone)
    if "pipeline" not in skip:
        from bench.pipeline_run import pipeline_benchmarks

        reps = (1, 2, 1) if args.quick else (2, 5, 1)
        settings["pipeline_runs"] = {"cold": reps[0], "noop": reps[1], "change": reps[2]}
        print("pipeline ...", flush=True)
        results["pipeline"] = pipeline_benchmarks(args.clone, env, *reps)
        results.setdefault("measured_at", {})["pipeline"] = machine()["date"]
        write_results(results, args.json, args.markdown)
    elif not (args.clone / "data" / "processed" / "demo" / "hr.parquet").is_file():
        from bench.pipeline_run import repro

        repro(args.clone, env)
    if "engine" not in skip:
        import os

        os.environ["AIM_ROOT"] = str(args.clone)
        sys.path.insert(0, str(args.clone))
        from bench.engine import engine_vs_loop
        from bench.workload import wave_workload
        from pipeline.config import load_params

        print("engine ...", flush=True)
        workload = wave_workload(load_params(args.clone / "params.yaml"), 2024, args.clone)
        budget = 10.0 if args.quick else 30.0
        settings["svy_loop_budget_s"] = budget
        results["engine"] = engine_vs_loop(workload, repeats=1 if args.quick else 5,
                                           loop_budget_s=budget)
        results.setdefault("measured_at", {})["engine"] = machine()["date"]
        write_results(results, args.json, args.markdown)
    if "explore" not in skip:
        import os

        os.environ["AIM_ROOT"] = str(args.clone)
        if str(args.clone) not in sys.path:
            sys.path.insert(0, str(args.clone))
        from bench.explore import explore_benchmarks

        print("explore ...", flush=True)
        results["explore"] = explore_benchmarks(repeats=1 if args.quick else 5)
        results.setdefault("measured_at", {})["explore"] = machine()["date"]
        write_results(results, args.json, args.markdown)
    if "scaling" not in skip:
        from bench.scaling import HR_SIZES, SURVEY_SIZES, scaling_benchmarks

        print("scaling ...", flush=True)
        if args.quick:
            sizes = {"survey_sizes": SURVEY_SIZES[:2], "hr_sizes": HR_SIZES[:2],
                     "repeats": {n: 1 for n in SURVEY_SIZES + HR_SIZES}}
        else:
            sizes = {"repeats": {7_000: 3, 70_000: 2, 700_000: 1,
                                 22_000: 3, 220_000: 2, 2_200_000: 1}}
        settings["scaling_repeats"] = sizes["repeats"]
        if args.scaling == "survey":
            sizes["hr_sizes"] = ()
        elif args.scaling == "hr":
            sizes["survey_sizes"] = ()
        old = results.get("scaling", {})
        new = scaling_benchmarks(args.clone, args.work, env, **sizes)
        if args.scaling != "both" and old:
            keep = "hr" if args.scaling == "survey" else "survey"
            new[keep] = old[keep]
            new["exponents"] = {k: v if v is not None else old["exponents"].get(k)
                                for k, v in new["exponents"].items()}
        results["scaling"] = new
        results.setdefault("measured_at", {})[f"scaling ({args.scaling})"] = machine()["date"]
    write_results(results, args.json, args.markdown)
    print(f"benchmarks: {args.json.relative_to(ROOT)}, {args.markdown.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
