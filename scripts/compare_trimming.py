"""Compare clip-and-re-rake trimming with bounded raking on a built wave (docs/statistics.md).

Usage: ``python scripts/compare_trimming.py [--wave 2024] [--root PATH] [--replicates 200]``.
Reads the processed survey and register of the wave (a build: ``make reports``) under
``--root`` (default: this project), weights it with ``weighting.trim_method: clip`` and with
``bounded`` (same margins, bounds, replicates and seed) and prints how far the weights, the
estimates and their standard errors lie apart, overall and in the cells with a trimmed
respondent. Writes nothing.
"""

from __future__ import annotations

import argparse
import copy
import logging
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pipeline.config  # noqa: E402
from pipeline.analysis.catalogue import BY_NAME  # noqa: E402
from pipeline.analysis.wave import load_wave  # noqa: E402
from pipeline.config import load_params  # noqa: E402
from pipeline.stats.estimate import estimate_all  # noqa: E402


def raking_distance(w: np.ndarray, d: float) -> float:
    """``sum d (g log g - g + 1)``, the distance bounded raking minimises."""
    g = w / d
    return float(np.sum(d * (g * np.log(g) - g + 1)))


def main(argv: list[str] | None = None) -> int:
    """Print the comparison; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wave", type=int, default=2024)
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--replicates", type=int, default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    pipeline.config.ROOT = args.root.resolve()
    params = load_params(args.root / "params.yaml")
    est = params["estimation"]
    data = load_wave(params, args.wave)
    tables, designs = {}, {}
    for method in ("clip", "bounded"):
        weighting = copy.deepcopy(params["weighting"])
        weighting["trim_method"] = method
        if args.replicates is not None:
            weighting["replicates"] = args.replicates
        design = data.design(weighting)
        props = [c for c in data.indicators if BY_NAME[c].kind == "proportion"]
        means = [c for c in data.indicators if BY_NAME[c].kind == "mean"]
        tables[method] = estimate_all(
            design, props, list(est["breakdowns"]), means=means,
            two_way=[tuple(p) for p in est.get("two_way", [])]).set_index(
            ["indicator", "breakdown", "group"])
        designs[method] = design
    clip, bnd = designs["clip"], designs["bounded"]
    d = clip.weights.sum() / clip.n
    lo, hi = clip.rake.trim_bounds
    g_clip, g_bnd = clip.weights / d, bnd.weights / d
    # within 0.1% of a bound (weights of respondents with a margin missing are rescaled)
    at = {m: int(((g <= lo * (1 + 1e-3)) | (g >= hi * (1 - 1e-3))).sum())
          for m, g in (("clip", g_clip), ("bounded", g_bnd))}
    touched = np.abs(g_clip / g_bnd - 1) > 1e-3
    print(f"wave {args.wave}: {clip.n} respondents, bounds {lo}-{hi} x mean weight, "
          f"{clip.n_replicates} replicates")
    print(f"  at a bound: clip {at['clip']}, bounded {at['bounded']}; weights differing by "
          f"more than 0.1%: {int(touched.sum())}; largest relative difference "
          f"{np.max(np.abs(g_clip / g_bnd - 1)):.4f}")
    print(f"  raking distance: clip {raking_distance(clip.weights, d):.1f}, bounded "
          f"{raking_distance(bnd.weights, d):.1f}; Kish deff clip "
          f"{clip.n * np.sum(clip.weights**2) / clip.weights.sum()**2:.4f}, bounded "
          f"{bnd.n * np.sum(bnd.weights**2) / bnd.weights.sum()**2:.4f}")
    print(f"  iterations: clip {clip.rake.iterations} (trimming rounds "
          f"{clip.rake.trimming_rounds}), bounded {bnd.rake.iterations}; replicates not "
          f"converged: clip {clip.replicates.n_not_converged if clip.replicates else 0}, "
          f"bounded {bnd.replicates.n_not_converged if bnd.replicates else 0}")
    a, b = tables["clip"], tables["bounded"]
    # cells with a variance (p = 0 or 1 gives replicate ratios equal up to rounding)
    ok = (a["n"].to_numpy() > 0) & (np.minimum(a["se"], b["se"]).to_numpy() > 1e-9)
    is_prop = np.array([BY_NAME[i].kind == "proportion" for i in a.index.get_level_values(0)])
    diff = (a["estimate"] - b["estimate"]).abs().to_numpy()
    se_ratio = (a["se"] / b["se"]).to_numpy()
    rows = data.frame.reset_index(drop=True)
    cells_touched = np.zeros(len(a), dtype=bool)
    for k, (ind, brk, grp) in enumerate(a.index):
        base = (rows[ind].notna().to_numpy().copy() if ind in rows
                else np.zeros(len(rows), dtype=bool))
        if brk != "totaal":
            parts, values = brk.split(" × "), grp.split(" × ")
            for p, v in zip(parts, values, strict=True):
                base &= (rows[p].astype("string") == v).fillna(False).to_numpy()
        cells_touched[k] = bool((base & touched).any())
    big = a["n"].to_numpy() >= int(est.get("small_n", 30))
    for label, sel in (("all cells", ok), ("cells with a trimmed respondent",
                                           ok & cells_touched),
                       ("cells with a trimmed respondent and n >= small_n",
                        ok & cells_touched & big)):
        sel_p = sel & is_prop
        if not sel_p.any():
            print(f"  {label}: none")
            continue
        print(f"  {label} ({int(sel.sum())}): proportions max |difference| "
              f"{100 * np.nanmax(diff[sel_p]):.3f} points, mean "
              f"{100 * np.nanmean(diff[sel_p]):.4f}; SE clip/bounded "
              f"{np.nanmin(se_ratio[sel]):.3f}-{np.nanmax(se_ratio[sel]):.3f}")
    worst = pd.Series(np.where(ok & is_prop, diff, np.nan), index=a.index).nlargest(5)
    print("  largest differences (points):")
    for key, value in worst.items():
        print(f"    {' / '.join(key)}: {100 * value:.3f} (clip {100 * a.loc[key, 'estimate']:.2f},"
              f" bounded {100 * b.loc[key, 'estimate']:.2f}, n {int(a.loc[key, 'n'])})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
