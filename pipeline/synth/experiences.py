"""What each synthetic staff member experienced in the 12 months before a survey wave.

Every person in service at the wave's peildatum gets a full set of canonical survey answers
(the realised population values). The survey module then decides who responds and which items
were asked. Because outcomes exist for the whole population, the true population value of every
estimate is known exactly, which is what the recovery tests check against.

Effects follow the 2024 study: unwanted behaviour (55% overall) is higher for staff of
non-European origin, in the lowest salary bands, with a disability or chronic illness, for
LHBTIQ+ and non-binary staff; discrimination (14%) is about 25% among Buiten-Europa staff and
staff with a disability; managers are named by over 60% of those discriminated against.
Intercepts are solved for (``pipeline.synth.calibrate``), so targets hold whatever the seed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import brentq
from scipy.special import expit

from pipeline.synth.calibrate import intercept_for_mean

UB_FORMS: dict[str, float] = {  # share with the form at least once (before the common shift)
    "roddel": 0.33, "micro_agressie": 0.20, "uitsluiting": 0.17, "vernedering": 0.12,
    "verbale_agressie": 0.19, "pesten": 0.08, "intimidatie": 0.10, "fysiek_geweld": 0.025,
    "seksuele_intimidatie": 0.06,
}
SOURCES = ("leidinggevende", "hoger_management", "collega", "ondergeschikte", "burger")
GROUNDS = ("herkomst", "huidskleur", "religie", "nationaliteit", "naam_accent", "leeftijd",
           "gender", "seksuele_orientatie", "beperking", "neurodivergentie",
           "zwangerschap_ouderschap", "contractvorm", "functieniveau", "anders")
CHANNELS = ("collega", "leidinggevende", "vertrouwenspersoon", "hr", "meldpunt_intern",
            "meldpunt_extern")
NO_REPORT = {"geen_zin": 0.40, "niet_ernstig_genoeg": 0.35, "angst_gevolgen": 0.25,
             "niet_weten_waar": 0.15, "geen_vertrouwen": 0.20, "zelf_opgelost": 0.20}
TARGETS = {"ub_any": 0.55, "discr_ja": 0.14, "sexual_harassment": 0.06, "witness_ub": 0.63}
# A small improvement after 2024 (points on the population share). The intercepts are solved
# per wave, so a change must be expressed in the targets, not as a shift of the linear predictor.
WAVE_CHANGE = {2026: {"ub_any": -0.025, "discr_ja": -0.015, "sexual_harassment": -0.008}}
_FREQ_LEVELS = np.array([1, 2, 3, 4])
_FREQ_P = np.array([0.45, 0.35, 0.12, 0.08])
_AGE_BANDS = ("<25", "25-34", "35-44", "45-54", "55+")


def age_band(age: pd.Series) -> pd.Series:
    """Return the canonical age band of ages in years.

    Examples
    --------
    >>> age_band(pd.Series([19.5, 25.0, 54.99, 60.0])).tolist()
    ['<25', '25-34', '45-54', '55+']
    """
    edges = [-np.inf, 25, 35, 45, 55, np.inf]
    return pd.cut(age, edges, right=False, labels=list(_AGE_BANDS)).astype(str)


def survey_gender(hr_gender: pd.Series, rng: np.random.Generator) -> np.ndarray:
    """Self-described gender in the survey from the HR code (M, V, X)."""
    u = rng.random(len(hr_gender))
    g = hr_gender.to_numpy()
    out = np.where(g == "V", "vrouw", "man").astype(object)
    out[(g != "X") & (u < 0.004)] = "non-binair"
    out[(g != "X") & (u >= 0.004) & (u < 0.006)] = "anders"
    out[g == "X"] = np.where(u[g == "X"] < 0.8, "non-binair", "anders")
    return out


def _linear_ub(pop: pd.DataFrame) -> np.ndarray:
    h, band, g, age = pop["herkomst"], pop["schaal_band"], pop["gender_survey"], pop["age_band"]
    return (
        0.50 * (h == "Buiten-Europa") + 0.15 * (h == "Europa")
        + band.map({"1-5": 0.45, "6-8": 0.22, "9-11": 0.0, "12-14": -0.10, "15+": -0.10})
        + 0.65 * pop["disability"] + 0.30 * pop["lhbtiq"]
        + 0.10 * (g == "vrouw") + 0.9 * g.isin(["non-binair", "anders"])
        + 0.15 * (age == "<25") - 0.15 * (age == "55+")
        + pop["climate"] + pop["person_effect"]
    ).to_numpy(dtype=float)


def _linear_discr(pop: pd.DataFrame) -> np.ndarray:
    h, band, g, age = pop["herkomst"], pop["schaal_band"], pop["gender_survey"], pop["age_band"]
    return (
        1.20 * (h == "Buiten-Europa") + 0.45 * (h == "Europa")
        + 0.90 * pop["disability"] + 0.40 * pop["lhbtiq"] + 0.30 * pop["muslim"]
        + 0.15 * (g == "vrouw") + 1.0 * g.isin(["non-binair", "anders"])
        + band.map({"1-5": 0.20, "6-8": 0.10, "9-11": 0.0, "12-14": 0.0, "15+": 0.0})
        + 0.20 * age.isin(["<25", "55+"])
        + 0.8 * pop["climate"] + 0.7 * pop["person_effect"]
    ).to_numpy(dtype=float)


def _bool(rng: np.random.Generator, p: np.ndarray | float, n: int) -> np.ndarray:
    return rng.random(n) < p


def _ground_probabilities(pop: pd.DataFrame) -> dict[str, np.ndarray]:
    h, g, age = pop["herkomst"], pop["gender_survey"], pop["age_band"]
    be, eu = (h == "Buiten-Europa").to_numpy(), (h == "Europa").to_numpy()
    n = len(pop)
    young_or_old = age.isin(["<25", "55+"]).to_numpy()
    return {
        "herkomst": np.where(be, 0.68, np.where(eu, 0.40, 0.04)),
        "huidskleur": np.where(be, 0.42, 0.02),
        "religie": np.where(pop["muslim"], 0.38, 0.04),
        "nationaliteit": np.where(be | eu, 0.22, 0.02),
        "naam_accent": np.where(be | eu, 0.24, 0.02),
        "leeftijd": np.where(young_or_old, 0.50, 0.17),
        "gender": np.where(g == "vrouw", 0.24, np.where(g.isin(["non-binair", "anders"]),
                                                         0.65, 0.08)),
        "seksuele_orientatie": np.where(pop["lhbtiq"], 0.45, 0.01),
        "beperking": np.where(pop["disability"], 0.50, 0.01),
        "neurodivergentie": np.where(pop["neurodivergent"], 0.45, 0.02),
        "zwangerschap_ouderschap": np.where((g == "vrouw") & age.isin(["25-34", "35-44"]),
                                            0.16, 0.02),
        "contractvorm": np.full(n, 0.07),
        "functieniveau": np.where(pop["schaal_band"].isin(["1-5", "6-8"]), 0.16, 0.07),
        "anders": np.full(n, 0.05),
    }


def realise_outcomes(pop: pd.DataFrame, wave: int, seed: int) -> pd.DataFrame:
    """Draw every canonical survey answer for every person in the wave's population.

    Parameters
    ----------
    pop : pandas.DataFrame
        Staff in service at the wave's peildatum with ``herkomst``, ``schaal_band``,
        ``gender_survey``, ``age_band``, ``disability``, ``lhbtiq``, ``muslim``,
        ``neurodivergent``, ``climate``, ``person_effect``, ``safety_effect``.
    wave : int
        Survey year; later waves get a small improvement (``WAVE_CHANGE``).
    seed : int
        Base seed.

    Returns
    -------
    pandas.DataFrame
        Canonical answer columns (``ub_*``, ``ub_by_*``, ``witness_ub``, ``discr``,
        ``discr_ground_*``, ``discr_by_*``, ``witness_discr``, ``told_*``,
        ``report_satisfaction``, ``no_report_*``, ``ps1``-``ps7``) aligned with ``pop``.
    """
    rng = np.random.default_rng([seed, wave, 11])
    n = len(pop)
    out: dict[str, np.ndarray] = {}
    targets = {k: v + WAVE_CHANGE.get(wave, {}).get(k, 0.0) for k, v in TARGETS.items()}

    lin = _linear_ub(pop)
    base = {f: intercept_for_mean(lin, t) for f, t in UB_FORMS.items()}
    # one common shift so that "any form" reaches its target; sexual harassment on its own
    def any_rate(c: float) -> float:
        none = np.ones(n)
        for f in UB_FORMS:
            none *= 1 - expit(lin + base[f] + c)
        return float((1 - none).mean())

    common = brentq(lambda c: any_rate(c) - targets["ub_any"], -10, 10)
    for form in UB_FORMS:
        intercept = base[form] + common
        if form == "seksuele_intimidatie":
            sh_lin = (lin + 1.3 * (pop["gender_survey"] == "non-binair").to_numpy()
                      + 0.3 * (pop["gender_survey"] == "anders").to_numpy())
            intercept = intercept_for_mean(sh_lin, targets["sexual_harassment"])
            p = expit(sh_lin + intercept)
        else:
            p = expit(lin + intercept)
        occurs = _bool(rng, p, n)
        out[f"ub_{form}"] = np.where(occurs, rng.choice(_FREQ_LEVELS, size=n, p=_FREQ_P), 0)
    any_ub = np.column_stack([out[f"ub_{f}"] for f in UB_FORMS]).max(axis=1) > 0

    public_facing = pop["directie"].isin(["Handhaving en Toezicht", "Dienstverlening",
                                          "Parkeren", "Werk, Participatie en Inkomen",
                                          "Afval en Grondstoffen"]).to_numpy()
    ub_by_p = {"leidinggevende": 0.33, "hoger_management": 0.14, "collega": 0.60,
               "ondergeschikte": 0.06, "burger": np.where(public_facing, 0.55, 0.20)}
    for s in SOURCES:
        out[f"ub_by_{s}"] = np.where(any_ub, _bool(rng, ub_by_p[s], n), False)

    w_lin = 0.8 * any_ub + 0.5 * pop["person_effect"].to_numpy()
    w_int = intercept_for_mean(w_lin, TARGETS["witness_ub"])
    out["witness_ub"] = _bool(rng, expit(w_lin + w_int), n)

    d_lin = _linear_discr(pop) + 0.5 * any_ub
    p_ja = expit(d_lin + intercept_for_mean(d_lin, targets["discr_ja"]))
    u = rng.random(n)
    discr_ja = u < p_ja
    twijfel = ~discr_ja & (rng.random(n) < 0.08 + 0.5 * p_ja)
    out["discr"] = np.where(discr_ja, "ja", np.where(twijfel, "twijfel", "nee"))
    for ground, p in _ground_probabilities(pop).items():
        out[f"discr_ground_{ground}"] = np.where(discr_ja, _bool(rng, p, n), False)
    manager_any = rng.random(n) < 0.63
    leid = manager_any & (rng.random(n) < 0.78)
    hoger = manager_any & (~leid | (rng.random(n) < 0.30))
    discr_by = {"leidinggevende": leid, "hoger_management": hoger,
                "collega": _bool(rng, 0.40, n), "ondergeschikte": _bool(rng, 0.04, n),
                "burger": _bool(rng, np.where(public_facing, 0.30, 0.08), n)}
    for s in SOURCES:
        out[f"discr_by_{s}"] = np.where(discr_ja, discr_by[s], False)

    wd = rng.random(n)
    p_wd = 0.17 * (1 + 0.6 * out["witness_ub"]) / (1 + 0.6 * TARGETS["witness_ub"])
    out["witness_discr"] = np.where(wd < p_wd, "ja", np.where(wd < p_wd + 0.12, "twijfel", "nee"))

    affected = any_ub | discr_ja
    told_p = {"collega": 0.45, "leidinggevende": 0.30, "vertrouwenspersoon": 0.10, "hr": 0.05,
              "meldpunt_intern": 0.04, "meldpunt_extern": 0.02}
    for c in CHANNELS:
        out[f"told_{c}"] = np.where(affected, _bool(rng, told_p[c], n), False)
    formal = np.column_stack([out[f"told_{c}"] for c in CHANNELS[1:]]).any(axis=1)
    out["told_niemand"] = affected & ~formal & ~out["told_collega"]
    sat = rng.choice([1, 2, 3, 4, 5], size=n, p=[0.15, 0.19, 0.23, 0.28, 0.15])
    out["report_satisfaction"] = np.where(formal, sat, -1)
    not_reported = affected & ~formal
    for reason, p in NO_REPORT.items():
        out[f"no_report_{reason}"] = np.where(not_reported, _bool(rng, p, n), False)

    safety = (pop["safety_effect"].to_numpy() - 0.6 * pop["person_effect"].to_numpy()
              - 0.35 * discr_ja - 0.25 * any_ub)
    for k in range(1, 8):
        answer = np.clip(np.rint(4.9 + 1.0 * safety + rng.normal(0, 0.9, n)), 1, 7).astype(int)
        out[f"ps{k}"] = 8 - answer if k in (1, 3, 5) else answer  # 1, 3, 5 negatively worded

    frame = pd.DataFrame(out, index=pop.index)
    frame["report_satisfaction"] = frame["report_satisfaction"].where(formal).astype("Int64")
    frame["affected"] = affected
    frame["not_reported"] = not_reported
    frame["formal"] = formal
    return frame
