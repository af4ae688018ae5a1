"""Draw a survey wave from the wave population: who responds and what they answered.

Realism added on top of the population's answers: background-dependent response, partial
responses (kept, flagged ``complete = False``), "wil ik niet zeggen" on sensitive background
questions, questionnaire routing (a question not asked is missing, never "no"), and the short
``monitor`` questionnaire that asks only a subset.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.synth.experiences import CHANNELS, GROUNDS, NO_REPORT, SOURCES, UB_FORMS

STUDY_OF_WAVE = {2024: "herhaal", 2026: "monitor"}
UB_ITEMS = tuple(f"ub_{f}" for f in UB_FORMS)
UB_BY = tuple(f"ub_by_{s}" for s in SOURCES)
GROUND_ITEMS = tuple(f"discr_ground_{g}" for g in GROUNDS)
DISCR_BY = tuple(f"discr_by_{s}" for s in SOURCES)
TOLD = tuple(f"told_{c}" for c in (*CHANNELS, "niemand"))
NO_REPORT_ITEMS = tuple(f"no_report_{r}" for r in NO_REPORT)
PS_ITEMS = tuple(f"ps{k}" for k in range(1, 8))
HERHAAL_ITEMS = (*UB_ITEMS, *UB_BY, "witness_ub", "discr", *GROUND_ITEMS, *DISCR_BY,
                 "witness_discr", *TOLD, "report_satisfaction", *NO_REPORT_ITEMS, *PS_ITEMS)
MONITOR_ITEMS = (*UB_ITEMS, "discr", *GROUND_ITEMS, *DISCR_BY, *TOLD, *PS_ITEMS)
ITEMS_OF_STUDY = {"herhaal": HERHAAL_ITEMS, "monitor": MONITOR_ITEMS}
# share answering "wil ik niet zeggen" (or skipping) per background question
_PREFER_NOT = {"directie": 0.015, "schaal_band": 0.03, "age_band": 0.02, "gender": 0.02,
               "origin": 0.04, "disability": 0.05, "lhbtiq": 0.07, "religion": 0.09,
               "education": 0.02}
_RELIGION = {
    "Nederland": {"geen": 0.68, "christelijk": 0.28, "joods": 0.015, "boeddhistisch": 0.01,
                  "anders": 0.015},
    "Europa": {"geen": 0.50, "christelijk": 0.45, "joods": 0.01, "boeddhistisch": 0.01,
               "anders": 0.03},
    "Buiten-Europa": {"geen": 0.36, "christelijk": 0.40, "hindoeistisch": 0.14,
                      "boeddhistisch": 0.04, "anders": 0.06},
}
_EDUCATION = {
    "1-5": {"basis/vmbo": 0.45, "mbo": 0.45, "havo/vwo": 0.10},
    "6-8": {"basis/vmbo": 0.10, "mbo": 0.55, "havo/vwo": 0.15, "hbo": 0.20},
    "9-11": {"mbo": 0.15, "havo/vwo": 0.10, "hbo": 0.55, "wo": 0.20},
    "12-14": {"havo/vwo": 0.05, "hbo": 0.45, "wo": 0.50},
    "15+": {"hbo": 0.30, "wo": 0.70},
}


def _choice_by_group(rng: np.random.Generator, groups: pd.Series,
                     tables: dict[str, dict[str, float]]) -> np.ndarray:
    out = np.empty(len(groups), dtype=object)
    for key, table in tables.items():
        idx = np.flatnonzero((groups == key).to_numpy())
        p = np.array(list(table.values()))
        out[idx] = rng.choice(list(table), size=idx.size, p=p / p.sum())
    return out


def _route(frame: pd.DataFrame) -> pd.DataFrame:
    """Blank every answer whose filter question was not met (not asked = missing)."""
    out = frame.copy()
    any_ub = out[list(UB_ITEMS)].max(axis=1) > 0
    discr_ja = out["discr"] == "ja"
    affected = any_ub | discr_ja
    told_formal = out[[f"told_{c}" for c in CHANNELS[1:]]].any(axis=1)
    for cols, asked in ((UB_BY, any_ub), (GROUND_ITEMS, discr_ja), (DISCR_BY, discr_ja),
                        (TOLD, affected), (NO_REPORT_ITEMS, affected & ~told_formal),
                        (("report_satisfaction",), told_formal)):
        for c in cols:
            if c in out:
                out[c] = out[c].where(asked)
    return out


def draw_wave(pop: pd.DataFrame, wave: int, seed: int) -> pd.DataFrame:
    """Draw the respondents of one wave and return the canonical survey frame.

    Parameters
    ----------
    pop : pandas.DataFrame
        Output of :func:`pipeline.synth.population.population_with_outcomes`.
    wave : int
        Survey year; ``STUDY_OF_WAVE`` gives its study type.
    seed : int
        Base seed.

    Returns
    -------
    pandas.DataFrame
        One row per respondent with canonical variables (data contract), including
        ``resp_id``, ``wave``, ``study``, ``complete``; also the hidden ``person_id`` (dropped
        by the exporter, used for truth computations only).
    """
    rng = np.random.default_rng([seed, wave, 17])
    study = STUDY_OF_WAVE.get(wave, "monitor")
    responds = rng.random(len(pop)) < pop["p_response"].to_numpy()
    resp = pop.loc[responds].reset_index(drop=True)
    n = len(resp)
    frame = pd.DataFrame({
        "resp_id": [f"R{wave}-{k:05d}" for k in rng.permutation(np.arange(10000, 10000 + n))],
        "wave": wave,
        "study": study,
        "person_id": resp["person_id"],
        "cluster": resp["cluster"],
        "directie": resp["directie"],
        "schaal_band": resp["schaal_band"],
        "manager": resp["manager"].astype(bool),
        "age_band": resp["age_band"],
        "gender": resp["gender_survey"],
        "country_self": resp["country_self"],
        "country_mother": resp["country_mother"],
        "country_father": resp["country_father"],
        "disability": resp["disability"].astype(bool),
        "lhbtiq": resp["lhbtiq"].astype(bool),
    })
    religion = _choice_by_group(rng, resp["herkomst"], _RELIGION)
    religion[resp["muslim"].to_numpy()] = "islamitisch"
    frame["religion"] = religion
    frame["education"] = _choice_by_group(rng, resp["schaal_band"], _EDUCATION)
    items = ITEMS_OF_STUDY[study]
    for c in items:
        frame[c] = resp[c].to_numpy()
    frame = _route(frame)

    frame = frame.astype({c: "object" for c in frame.columns if c not in ("wave",)})
    for key, share in _PREFER_NOT.items():
        cols = ["country_self", "country_mother", "country_father"] if key == "origin" else [key]
        blank = rng.random(n) < share
        frame.loc[blank, cols] = None
    # partial responses: stopped after the background questions or after the first block
    partial = rng.random(n) < 0.07
    stop_early = partial & (rng.random(n) < 0.4)
    later_items = [c for c in items if c not in UB_ITEMS]
    frame.loc[partial, later_items] = None
    frame.loc[stop_early, list(UB_ITEMS)] = None
    frame["complete"] = ~partial
    return frame
