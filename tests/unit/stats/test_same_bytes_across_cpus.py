"""Same bytes on another CPU (issue 12): the written estimates do not depend on OpenBLAS.

OpenBLAS picks its kernels by CPU and splits work over threads; both change the last bits of
the domain sums, the regression fits and hence of every estimate, se and p-value. The test
runs the estimates stage's computations (estimates, contrasts, odds ratios, weighting facts)
for a small synthetic wave in fresh interpreters under other OpenBLAS core types
(``OPENBLAS_CORETYPE``, which simulates another CPU) and thread counts, writes them with the
stage's writers and compares the bytes. Without the canonical rounding of
:func:`pipeline.ingest.atomic.canonical_floats` they differ; without the single BLAS thread
of the odds ratios, the odds differ between 1 and 2 threads.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = r"""
import sys
from pathlib import Path

from pipeline.ingest.atomic import write_json_atomic, write_parquet_atomic
from pipeline.stats.compare import group_vs_rest
from pipeline.stats.design import SurveyDesign
from pipeline.stats.diagnostics import effective_n, kish_deff
from pipeline.stats.estimate import estimate_all
from pipeline.stats.regression import odds_ratios
from tests.unit.stats.conftest import make_margins, make_respondents

out = Path(sys.argv[1])
df = make_respondents(2500, 5)
df["discr_ja"] = df["discr_ja"].astype("Float64")
weighting = {"margins": ["cluster", "schaal_band", "age_band", "gender"],
             "trim_bounds": [0.3, 3.0], "replicates": 40, "replicate_seed": 3,
             "tolerance": 1e-8}
design = SurveyDesign.from_margins(df, make_margins(), weighting)
by = ["cluster", "herkomst", "gender", "age_band"]
write_parquet_atomic(estimate_all(design, ["discr_ja", "ub_any"], by, means=["score"]),
                     out / "estimates.parquet")
write_parquet_atomic(group_vs_rest(design, ["discr_ja", "ub_any"], by, means=["score"]),
                     out / "contrasts.parquet")
write_parquet_atomic(odds_ratios(design, "ub_any", ["herkomst", "gender", "age_band"]),
                     out / "odds.parquet")
write_json_atomic({"iterations": int(design.rake.iterations),
                   "max_margin_diff": float(design.rake.max_margin_diff),
                   "deff": float(kish_deff(design.weights)),
                   "n_eff": float(effective_n(design.weights))}, out / "weighting.json")
"""

#: Settings that differ from the machine's own: another CPU's kernels, another thread count.
#: Prescott (SSE3) and Sandybridge (AVX) run on every x86-64 CPU of the last decade.
VARIANTS = {
    "default": {},
    "one_thread_prescott": {"OPENBLAS_NUM_THREADS": "1", "OPENBLAS_CORETYPE": "Prescott"},
    "two_threads_sandybridge": {"OPENBLAS_NUM_THREADS": "2", "OPENBLAS_CORETYPE": "Sandybridge"},
}


def _openblas() -> bool:
    from threadpoolctl import threadpool_info

    return any(i.get("internal_api") == "openblas" for i in threadpool_info())


def _written(tmp_path: Path, name: str, settings: dict[str, str]) -> dict[str, str]:
    out = tmp_path / name
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENBLAS_")}
    env.update(settings, PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, "-c", SCRIPT, str(out)], cwd=ROOT, env=env, check=True,
                   timeout=120)
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())}


@pytest.mark.skipif(sys.platform != "linux" or os.uname().machine != "x86_64",
                    reason="OpenBLAS core types of x86-64")
def test_estimates_have_the_same_bytes_under_other_blas_kernels_and_threads(tmp_path):
    if not _openblas():
        pytest.skip("numpy does not use OpenBLAS")
    written = {name: _written(tmp_path, name, s) for name, s in VARIANTS.items()}
    assert len(written["default"]) == 4
    for name, hashes in written.items():
        differ = [f for f in hashes if hashes[f] != written["default"][f]]
        assert not differ, f"{name}: {differ} differ from the default build"
