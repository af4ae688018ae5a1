"""What each report section shows: indicators and breakdowns, in reading order."""

from __future__ import annotations

from pipeline.analysis.catalogue import UB_FORMS

KEY_FIGURES = ("ub_any", "discr_ja", "discr_twijfel", "ub_seksuele_intimidatie")
UB_FORM_INDICATORS = tuple(f"ub_{f}" for f in UB_FORMS)
PREVALENCE_BY_GROUP = ("ub_any", "discr_ja")
GROUP_BREAKDOWNS = ("herkomst", "migratieachtergrond", "gender", "age_band", "schaal_band",
                    "disability", "lhbtiq", "cluster", "manager")

# Every (indicators, breakdowns) block a section publishes. The report's disclosure gate
# reserves them all before the first table, so hidden groups are the same in every table.
SECTION_CONTENT: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]] = {
    "prevalentie": (
        (KEY_FIGURES, ("totaal",)),
        (UB_FORM_INDICATORS, ("totaal",)),
        (PREVALENCE_BY_GROUP, GROUP_BREAKDOWNS),
    ),
}
