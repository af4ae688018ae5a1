from __future__ import annotations

import pandas as pd
import pytest

from pipeline.disclosure import DisclosureRules


@pytest.fixture
def rules() -> DisclosureRules:
    """The defaults, without rounding of counts (so values can be compared exactly)."""
    return DisclosureRules(round_count=1)


def build_tidy(breakdown: str, groups: dict[str, tuple[int, int]], *, total: int | None = None,
         wave: int = 2024, indicator: str = "discr_ja") -> pd.DataFrame:
    """A tidy estimate table: ``groups`` maps group -> (n, n_pos); a totaal row when given."""
    rows = []
    if total is not None:
        pos = sum(p for _, p in groups.values())
        rows.append(("totaal", "totaal", total, pos))
    rows += [(breakdown, g, n, p) for g, (n, p) in groups.items()]
    frame = pd.DataFrame(rows, columns=["breakdown", "group", "n", "n_pos"])
    frame.insert(0, "indicator", indicator)
    frame.insert(0, "wave", wave)
    frame["estimate"] = frame["n_pos"] / frame["n"]
    frame["se"] = 0.02
    frame["ci_low"] = (frame["estimate"] - 0.05).clip(lower=0)
    frame["ci_high"] = (frame["estimate"] + 0.05).clip(upper=1)
    frame["ci_method"] = "korn-graubard"
    frame["n_weighted"] = frame["n"] * 3.1
    frame["n_eff"] = frame["n"] * 0.8
    frame["flags"] = ""
    return frame


@pytest.fixture
def tidy():
    """The tidy-table builder ``build_tidy``."""
    return build_tidy


@pytest.fixture(scope="session")
def tidy_builder():
    """Session-scoped ``build_tidy`` (for hypothesis tests, which reject function fixtures)."""
    return build_tidy
