r"""Coverage check of the weighting and the intervals on two populations with known truth.

Runs the coverage harness (``pipeline.stats.coverage``) with the ``weighting:`` settings of
``params.yaml`` on

* ``demo``: the demo's own synthetic Amsterdam (``pipeline.synth``, 22,000 staff, seed of
  ``params.yaml``), response depending on the four HR margins and a person effect;
* ``veenoord``: an independently made municipality (``tests/stats/veenoord.py``, 9,400 staff,
  five sectors), response depending on the four margins only (MAR);

and prints, per cell type (common / rare proportion / mean x total / group / small group),
the worst bias, the pooled coverage of the 95% intervals and the mean SE/SD, each with its
Monte Carlo error, against the targets (|bias| < 0.3 pt, coverage 93-97%, SE/SD 0.9-1.1).
Then the MNAR check: Veenoord with response depending on herkomst as well, weighted to the
four margins (bias expected) and with herkomst as a fifth margin (bias removed), its totals
built as the pipeline builds them (``weighting.herkomst_margin``: CBS-like shares times the
register counts, :func:`pipeline.analysis.origin.herkomst_totals`).

Exit status 1 when a target is missed. ``make validate`` runs it with K = 400.

Usage::

    python scripts/validate_coverage.py --samples 400
    python scripts/validate_coverage.py --samples 200 --fpc unit --scenarios veenoord
    python scripts/validate_coverage.py --samples 400 --calibration raking
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.stats.coverage import TARGETS, Scenario, run_coverage  # noqa: E402
from tests.stats.veenoord import veenoord  # noqa: E402

logger = logging.getLogger("validate_coverage")

BREAKDOWNS = ("herkomst", "gender_survey", "cluster", "schaal_band", "age_band")


def scenario(name: str, params: dict, response: str = "mar") -> Scenario:
    """Build a named scenario.

    Parameters
    ----------
    name : {'demo', 'veenoord'}
        Population.
    params : dict
        ``params.yaml`` (the demo population's seed).
    response : {'mar', 'mnar'}, default 'mar'
        Veenoord's response model.

    Returns
    -------
    Scenario
        Population, indicators and breakdowns.
    """
    if name == "demo":
        from pipeline.synth.population import population_with_outcomes
        pop = population_with_outcomes(int(params.get("seed", 20240701)))
        return Scenario("demo (pipeline.synth)", pop, ("ub_any", "discr_ja", "sexual_harassment"),
                        ("ps4",), BREAKDOWNS)
    return Scenario(f"veenoord ({response.upper()})", veenoord(5, response=response),
                    ("ub_any", "discr_ja", "geweld"), ("ps_score",), BREAKDOWNS)


def _fmt_types(types: pd.DataFrame) -> str:
    def mark(ok: bool) -> str:
        return "" if ok else " *"
    lines = [f"{'cell type':<24}{'cells':>6}{'mean n':>7}  {'|bias| truth':<13}"
             f"{'oracle':<8}{'method (MC)':<17}{'coverage (MC) [min-max]':<29}"
             f"{'SE/SD (MC)':<14}"]
    for r in types.itertuples(index=False):
        kind = f"{r.indicator_type} / {r.domain_type}"
        method = f"{r.max_abs_method_bias:.3f} ({r.bias_mc:.3f})" + mark(r.ok_bias)
        cov = (f"{100 * r.coverage:.1f}% ({100 * r.coverage_mc:.1f}) "
               f"[{100 * r.coverage_min:.1f}-{100 * r.coverage_max:.1f}]" + mark(r.ok_coverage))
        se_sd = f"{r.se_sd:.3f} ({r.se_sd_mc:.3f})" + mark(r.ok_se_sd)
        lines.append(f"{kind:<24}{r.cells:>6}{r.mean_n:>7.0f}  {r.max_abs_bias:<13.3f}"
                     f"{r.max_abs_oracle_bias:<8.3f}{method:<17}{cov:<29}{se_sd:<14}")
    return "\n".join(lines)


def mnar_check(params: dict, weighting: dict, n_samples: int, seed: int) -> bool:
    """Print the bias of the totals under MNAR with four and with five margins.

    Parameters
    ----------
    params, weighting : dict
        ``params.yaml`` and its (possibly overridden) ``weighting:`` section.
    n_samples : int
        K.
    seed : int
        Seed of the response draws.

    Returns
    -------
    bool
        True when the four margins leave a bias the Monte Carlo error cannot explain in
        some total (the check has power) and the herkomst margin brings every total within
        the bias target.
    """
    from pipeline.analysis.origin import herkomst_totals
    from tests.stats.veenoord import cbs_barometer

    sc = scenario("veenoord", params, response="mnar")
    # the herkomst totals as the pipeline builds them (weighting.herkomst_margin): CBS-like
    # shares (rounded, small units withheld) times the register's counts, not the population's
    # person-level herkomst
    cbs_min_n = int(params.get("disclosure", {}).get("cbs_min_n", 250))
    totals, _ = herkomst_totals(cbs_barometer(sc.population, 2026, min_n=cbs_min_n),
                                sc.population, 2026)
    rows, biased_four, fixed_five = [], False, True
    for label, margins in (("4 HR margins", list(weighting["margins"])),
                           ("+ herkomst", [*weighting["margins"], "herkomst"])):
        res = run_coverage(sc, {**weighting, "margins": margins}, n_samples, seed=seed,
                           totals={"herkomst": totals})
        tot = res.cells[(res.cells["domain_type"] == "totaal")
                        & (res.cells["indicator_type"] != "gemiddelde")]
        for r in tot.itertuples(index=False):
            z = abs(r.bias) / r.bias_mc
            rows.append(f"  {label:<14}{r.indicator:<12}truth {100 * r.truth:5.1f}%  "
                        f"bias {100 * r.bias:+.2f} pt (MC {100 * r.bias_mc:.2f})  "
                        f"coverage {100 * r.coverage:.1f}%")
            if label.startswith("4"):
                biased_four |= bool(z > 4)
            else:
                fixed_five &= bool(abs(100 * r.bias) < TARGETS["bias_pt"] or z < 2.5)
    print(f"\nMNAR check: {sc.name}, {n_samples} samples")
    print("\n".join(rows))
    print(f"  four margins leave a bias: {'yes' if biased_four else 'NO'}; "
          f"herkomst margin removes it: {'yes' if fixed_five else 'NO'}")
    return biased_four and fixed_five


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
    p.add_argument("--samples", type=int, default=400, help="samples K per population (400)")
    p.add_argument("--mnar-samples", type=int, default=200,
                   help="samples of the MNAR check (200; 0 skips it)")
    p.add_argument("--replicates", type=int, default=None,
                   help="bootstrap replicates per sample (default: params.yaml)")
    p.add_argument("--fpc", default=None, help="override weighting.fpc")
    p.add_argument("--calibration", default=None, choices=["raking", "logistic"],
                   help="override weighting.calibration")
    p.add_argument("--scenarios", nargs="+", default=["demo", "veenoord"],
                   choices=["demo", "veenoord"])
    p.add_argument("--seed", type=int, default=1, help="seed of the response draws")
    p.add_argument("--params", type=Path, default=ROOT / "params.yaml")
    p.add_argument("--cells", type=Path, default=None,
                   help="write the per-cell table (all scenarios) to this CSV")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the harness and print the figures; return 1 if a target is missed.

    Parameters
    ----------
    argv : list of str, optional
        Command-line arguments.

    Returns
    -------
    int
        Exit status.
    """
    logging.basicConfig(level=logging.WARNING)
    args = parse_args(argv)
    params = yaml.safe_load(args.params.read_text(encoding="utf-8"))
    weighting = dict(params["weighting"])
    if args.replicates is not None:
        weighting["replicates"] = args.replicates
    if args.fpc is not None:
        weighting["fpc"] = args.fpc
    if args.calibration is not None:
        weighting["calibration"] = args.calibration
    min_count = float(params.get("disclosure", {}).get("min_numerator", 10))
    print(f"margins {weighting['margins']}; calibration "
          f"{weighting.get('calibration', 'raking')}; trim {weighting.get('trim_bounds')} "
          f"({weighting.get('trim_method', 'clip')}); replicates {weighting['replicates']}; "
          f"fpc {weighting.get('fpc')}")
    print(f"bias in percentage points (scale points for means): against the truth, of the "
          f"margin oracle (what no weighting on the margins removes), and of the method "
          f"(= truth - oracle; judged)\ntargets: |method bias| < {TARGETS['bias_pt']} pt "
          f"({TARGETS['bias_mean']} for means) or within the Monte Carlo band (Bonferroni "
          f"over all judged cells of the population); coverage 93-97%; SE/SD 0.9-1.1 "
          f"(* = missed)")
    ok, cells = True, []
    for name in args.scenarios:
        sc = scenario(name, params)
        start = time.perf_counter()
        res = run_coverage(sc, weighting, args.samples, seed=args.seed, min_count=min_count)
        print(f"\n{sc.name}: N = {len(sc.population):,}, mean response propensity "
              f"{sc.population['p_response'].mean():.3f}, {args.samples} samples in "
              f"{time.perf_counter() - start:.0f} s")
        print(_fmt_types(res.types))
        cells.append(res.cells.assign(scenario=sc.name))
        ok &= res.passed
    if args.cells is not None:
        pd.concat(cells).to_csv(args.cells, index=False)
    if args.mnar_samples > 0:
        ok &= mnar_check(params, weighting, args.mnar_samples, args.seed)
    print(f"\n{'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
