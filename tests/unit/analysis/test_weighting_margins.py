"""Issue 11 item 7: weighting margins are never dropped silently; peildatum against fieldwork."""

import datetime as dt
import logging

import pandas as pd
import pytest

from pipeline.analysis.design import (
    DesignError,
    allowed_missing_margins,
    peildatum_check,
    usable_margins,
    wave_design,
)
from pipeline.ingest.errors import IngestError
from pipeline.ingest.mapping import parse_mapping
from pipeline.report.context import weighting_method_text

MARGINS = ["cluster", "schaal_band", "age_band", "gender"]
FIELDWORK = (dt.date(2026, 9, 14), dt.date(2026, 10, 25))


def _frame(n: int = 40) -> pd.DataFrame:
    return pd.DataFrame({"schaal_band": ["1-5", "6-8"] * (n // 2),
                         "age_band": ["<25", "25-34", "35-44", "45-54"] * (n // 4),
                         "gender_hr": ["M", "V"] * (n // 2), "ub_any": [True, False] * (n // 2)})


def _register(n: int = 400) -> pd.DataFrame:
    return pd.DataFrame({"employee_id": [str(i) for i in range(n)],
                         "cluster": ["a", "b"] * (n // 2),
                         "schaal_band": ["1-5", "6-8"] * (n // 2),
                         "age_band": ["<25", "25-34", "35-44", "45-54"] * (n // 4),
                         "gender": ["M", "V"] * (n // 2)})


def test_a_margin_the_survey_lacks_stops_with_one_line_naming_wave_and_margin():
    with pytest.raises(DesignError) as err:
        usable_margins(_frame(), MARGINS, wave=2026)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith("wave 2026: weighting margin 'cluster' is not in the survey")
    assert "config/sources/<source>/waves/2026.yml" in message
    assert "weighting.allow_missing_margins: {2026: [cluster]}" in message


def test_an_allowed_missing_margin_is_left_out_and_the_others_are_raked():
    assert usable_margins(_frame(), MARGINS, 2026, ["cluster"]) == MARGINS[1:]
    weighting = {"margins": MARGINS, "allow_missing_margins": {2026: ["cluster"]},
                 "replicates": 5, "max_iter": 50, "tolerance": 1e-8}
    design = wave_design(_frame(), _register(), weighting, 2026, seed=1)
    assert "cluster" not in {str(m) for m in design.rake.margin_table()["margin"]}
    with pytest.raises(DesignError, match="'cluster'"):  # allowed for another wave only
        wave_design(_frame(), _register(), {**weighting, "allow_missing_margins":
                                            {2024: ["cluster"]}}, 2026, seed=1)


def test_allowance_accepts_string_keys_and_rejects_a_list():
    assert allowed_missing_margins({"allow_missing_margins": {"2026": ["gender"]}}, 2026) == [
        "gender"]
    with pytest.raises(DesignError, match="allow_missing_margins"):
        allowed_missing_margins({"allow_missing_margins": ["gender"]}, 2026)


def test_peildatum_far_from_fieldwork_is_recorded_and_logged(caplog):
    with caplog.at_level(logging.WARNING, logger="pipeline.analysis.design"):
        near = peildatum_check(2026, dt.date(2026, 12, 31), FIELDWORK, 183)
        assert not caplog.records
        far = peildatum_check(2026, dt.date(2025, 12, 31), FIELDWORK, 183)
    assert near["peildatum_gap_days"] == 67 and not near["peildatum_gap_too_large"]
    assert far["peildatum_gap_days"] == 257 and far["peildatum_gap_too_large"]
    assert far["peildatum"] == "2025-12-31" and far["fieldwork"] == ["2026-09-14", "2026-10-25"]
    assert len(caplog.records) == 1 and "257 days" in caplog.records[0].getMessage()
    unknown = peildatum_check(2026, dt.date(2026, 12, 31), None, 183)
    assert unknown["peildatum_gap_days"] is None and not unknown["peildatum_gap_too_large"]


def test_fieldwork_in_the_wave_mapping():
    spec = {"wave": 2026, "study": "monitor", "peildatum": "2026-12-31", "file": "s.csv",
            "columns": {"resp_id": "ID", "complete": {"raw": "DONE", "codes": {1: True}}}}
    assert parse_mapping(spec).fieldwork is None
    with_period = parse_mapping({**spec, "fieldwork": {"start": "2026-09-14",
                                                       "end": "2026-10-25"}})
    assert with_period.fieldwork == FIELDWORK
    with pytest.raises(IngestError, match="fieldwork"):
        parse_mapping({**spec, "fieldwork": {"start": "2026-10-25", "end": "2026-09-14"}})


WEIGHTING = {"respondents_in_estimates": 900, "population": 2000, "iterations": 5,
             "max_margin_diff": 1e-7, "deff": 1.2, "n_eff": 750, "replicates": 200,
             "margins_used": ["age_band", "gender_hr", "schaal_band"],
             "margins_missing": ["cluster"], "peildatum": "2026-12-31",
             "fieldwork": ["2026-09-14", "2026-10-25"], "peildatum_gap_days": 67,
             "max_peildatum_gap_days": 183, "peildatum_gap_too_large": False}


def test_methods_text_states_the_margins_used_from_the_weighting_report():
    text = weighting_method_text(WEIGHTING, 2026, MARGINS)
    assert ("gewogen naar de personeelsregistratie op peildatum 31 december 2026 (2.000 "
            "medewerkers), op salarisschaal, leeftijd en gender (registratie) (raking") in text
    assert ("Niet gewogen op cluster: die gegevens ontbreken in deze meting (de instellingen "
            "staan wegen zonder dit kenmerk in deze meting toe).") in text
    assert "Het veldwerk liep van 14 september 2026 tot en met 25 oktober 2026." in text
    assert "Let op" not in text


def test_methods_text_warns_about_a_far_peildatum_and_an_unknown_fieldwork():
    far = {**WEIGHTING, "peildatum": "2025-12-31", "peildatum_gap_days": 257,
           "peildatum_gap_too_large": True, "margins_missing": []}
    text = weighting_method_text(far, 2026, MARGINS)
    assert ("Let op: de peildatum van de personeelsregistratie (31 december 2025) ligt 257 dagen "
            "buiten de veldwerkperiode (14 september 2026 tot en met 25 oktober 2026), meer dan "
            "183 dagen; de gewogen cijfers kunnen daardoor afwijken van het personeel tijdens "
            "het veldwerk.") in text
    assert "Niet gewogen" not in text
    unknown = weighting_method_text({**WEIGHTING, "fieldwork": None}, 2026, MARGINS,
                                    "config/sources/x/waves/2026.yml")
    assert ("De veldwerkperiode is niet opgegeven in het koppelbestand van deze meting "
            "(config/sources/x/waves/2026.yml); de afstand tussen peildatum en veldwerk is "
            "daarom niet gecontroleerd.") in unknown
