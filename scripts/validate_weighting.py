r"""Simulation check of the weighting engine: bias and 95% CI coverage against a known truth.

Draws ``--samples`` samples with background-dependent non-response from a synthetic staff
population (``pipeline.synth`` when available, else the toy generator in
``pipeline.stats.simulation``), rakes each to the population margins with bootstrap
replicate weights (raking redone per replicate), and prints the mean bias of the weighted
and unweighted overall and Buiten-Europa prevalence, and the coverage of the 95% intervals.

Usage::

    python scripts/validate_weighting.py --samples 500
    python scripts/validate_weighting.py --samples 500 \
        --margins cluster schaal_band age_band gender herkomst
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.stats.simulation import coverage_band, population_source, simulate  # noqa: E402


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line.

    Parameters
    ----------
    argv : list of str, optional
        Arguments (default ``sys.argv[1:]``).

    Returns
    -------
    argparse.Namespace
        The options.
    """
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--samples", type=int, default=500, help="number of samples (>= 500)")
    p.add_argument("--replicates", type=int, default=None,
                   help="bootstrap replicates per sample (default: params.yaml)")
    p.add_argument("--margins", nargs="+", default=None,
                   help="raking margins (default: params.yaml weighting.margins)")
    p.add_argument("--source", choices=["auto", "synth", "toy"], default="auto",
                   help="population generator: pipeline.synth if importable (auto)")
    p.add_argument("--pop-seed", type=int, default=None, help="population seed (params seed)")
    p.add_argument("--seed", type=int, default=1, help="seed of the response draws")
    p.add_argument("--params", type=Path, default=ROOT / "params.yaml")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the simulation and print the figures; return 1 if a target is missed.

    Parameters
    ----------
    argv : list of str, optional
        Command-line arguments.

    Returns
    -------
    int
        Exit status: 0 when bias and coverage meet the targets.
    """
    args = parse_args(argv)
    params = yaml.safe_load(args.params.read_text(encoding="utf-8"))
    weighting = dict(params["weighting"])
    if args.replicates is not None:
        weighting["replicates"] = args.replicates
    if args.margins is not None:
        weighting["margins"] = args.margins
    pop_seed = params.get("seed", 0) if args.pop_seed is None else args.pop_seed
    pop, source = population_source(pop_seed, args.source)
    print(f"population: {source} (seed {pop_seed}), N = {len(pop)}, "
          f"mean response propensity {pop['p_response'].mean():.3f}")
    print(f"margins: {weighting['margins']}; trim {weighting.get('trim_bounds')}; "
          f"replicates {weighting['replicates']}; fpc {weighting.get('fpc', 'unit')}")
    start = time.perf_counter()
    res = simulate(pop, weighting, n_samples=args.samples, seed=args.seed, source=source)
    elapsed = time.perf_counter() - start
    s = res.summary
    cols = ["outcome", "domain", "truth", "weighted", "unweighted", "bias_weighted_pt",
            "bias_unweighted_pt", "coverage", "mean_se", "sd_weighted", "mean_n"]
    print(f"\n{args.samples} samples in {elapsed:.1f} s\n")
    print(s[cols].to_string(index=False, float_format=lambda v: f"{v:.4f}"))
    lo, hi = coverage_band(args.samples)
    ok_bias = bool((s["bias_weighted_pt"].abs() < 1.0).all())
    visible = bool((s.loc[s.domain == "totaal", "bias_unweighted_pt"].abs()
                    > 3 * s.loc[s.domain == "totaal", "bias_weighted_pt"].abs()).all())
    ok_cov = bool(s["coverage"].between(0.93, 0.97).all())
    ok_band = bool(s["coverage"].between(lo, hi).all())
    print(f"\nweighted |bias| < 1 point: {'PASS' if ok_bias else 'FAIL'}")
    print(f"unweighted overall bias > 3x weighted: {'yes' if visible else 'no'}")
    print(f"coverage in 93-97%: {'PASS' if ok_cov else 'FAIL'} "
          f"(binomial 99.9% band for {args.samples} samples: {lo:.3f}-{hi:.3f}: "
          f"{'PASS' if ok_band else 'FAIL'})")
    return 0 if ok_bias and ok_band else 1


if __name__ == "__main__":
    sys.exit(main())
