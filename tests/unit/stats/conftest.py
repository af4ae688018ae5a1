import numpy as np
import pandas as pd
import pytest

CATS = {
    "cluster": ["A", "B", "C", "D"],
    "schaal_band": ["1-5", "6-8", "9-11", "12-14", "15+"],
    "age_band": ["<25", "25-34", "35-44", "45-54", "55+"],
    "gender": ["man", "vrouw", "non-binair"],
}


def make_respondents(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({
        "cluster": rng.choice(CATS["cluster"], n, p=[0.4, 0.3, 0.2, 0.1]),
        "schaal_band": rng.choice(CATS["schaal_band"], n, p=[0.1, 0.3, 0.3, 0.2, 0.1]),
        "age_band": rng.choice(CATS["age_band"], n, p=[0.05, 0.25, 0.3, 0.25, 0.15]),
        "gender": rng.choice(CATS["gender"], n, p=[0.45, 0.53, 0.02]),
        "herkomst": rng.choice(["Nederland", "Europa", "Buiten-Europa"], n, p=[0.6, 0.1, 0.3]),
        "disability": pd.array(rng.random(n) < 0.15, dtype="boolean"),
    })
    p = 0.1 + 0.15 * (df["herkomst"] == "Buiten-Europa") + 0.05 * (df["gender"] == "vrouw")
    y = (rng.random(n) < p).astype(float)
    y[rng.random(n) < 0.05] = np.nan
    df["discr_ja"] = pd.array(y, dtype="Float64").astype("Int64")
    df["ub_any"] = (rng.random(n) < 0.4).astype(int)
    df["score"] = rng.normal(5, 1, n).round(2)
    return df


def make_margins(total: float = 20000.0) -> dict[str, pd.Series]:
    shares = {
        "cluster": [0.3, 0.3, 0.25, 0.15],
        "schaal_band": [0.15, 0.25, 0.3, 0.2, 0.1],
        "age_band": [0.08, 0.22, 0.25, 0.25, 0.2],
        "gender": [0.5, 0.49, 0.01],
    }
    return {m: pd.Series(np.array(s) * total, index=CATS[m]) for m, s in shares.items()}


@pytest.fixture
def respondents() -> pd.DataFrame:
    return make_respondents(1500, 11)


@pytest.fixture
def margins() -> dict[str, pd.Series]:
    return make_margins()
