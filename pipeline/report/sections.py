"""What each report section shows: indicators and breakdowns, in reading order."""

from __future__ import annotations

from pipeline.analysis.catalogue import CHANNELS, GROUNDS, NO_REPORT, SOURCES, UB_FORMS

SECTION_TITLES = {
    "samenvatting": "Samenvatting",
    "respons": "Respons en datakwaliteit",
    "prevalentie": "Ongewenst gedrag en discriminatie",
    "gronden": "Discriminatiegronden en meldgedrag",
    "representatie": "Representatie",
    "eenheden": "Clusters en directies",
}
"""Dutch title of each section's page."""

KEY_FIGURES = ("ub_any", "discr_ja", "discr_twijfel", "ub_seksuele_intimidatie")
UB_FORM_INDICATORS = tuple(f"ub_{f}" for f in UB_FORMS)
PREVALENCE_BY_GROUP = ("ub_any", "discr_ja")
GROUP_BREAKDOWNS = ("herkomst", "migratieachtergrond", "gender", "age_band", "schaal_band",
                    "disability", "lhbtiq", "cluster", "manager")

WITNESS_INDICATORS = ("witness_ub", "witness_discr_ja", "witness_discr_twijfel")
TWO_WAY = ("herkomst × gender", "herkomst × schaal_band", "herkomst × age_band")
TREND_INDICATORS = tuple(dict.fromkeys((*KEY_FIGURES, *UB_FORM_INDICATORS)))

GROUND_INDICATORS = tuple(f"discr_ground_{g}" for g in GROUNDS)
DISCR_BY_INDICATORS = ("discr_by_manager", *(f"discr_by_{s}" for s in SOURCES))
UB_BY_INDICATORS = tuple(f"ub_by_{s}" for s in SOURCES)
TOLD_INDICATORS = tuple(f"told_{c}" for c in CHANNELS)
NO_REPORT_INDICATORS = tuple(f"no_report_{r}" for r in NO_REPORT)
GROUND_BREAKDOWNS = ("herkomst", "gender", "age_band", "disability")
SAFETY_BREAKDOWNS = GROUP_BREAKDOWNS
UNIT_GROUND_INDICATORS = ("discr_ground_herkomst", "discr_ground_huidskleur",
                          "discr_ground_leeftijd", "discr_ground_gender")
"""Grounds shown per directie: the most named ones (as in the gronden section's groups)."""
