"""Issue 11 item 4: a source without CBS barometer, labour-force table or a second HR snapshot.

The representation functions get the tables such a source produces (no rows, canonical
columns) and must say, in one Dutch sentence, what is missing and which file would add it.
"""

import json
from datetime import date

import pandas as pd
import pytest

from pipeline.analysis import representation as rep
from pipeline.ingest.cbs import empty_barometer, empty_benchmark
from pipeline.ingest.derive import empty_flows, hr_flows
from pipeline.report.availability import Unavailable, availability_text, section_availability


def _one_snapshot() -> pd.DataFrame:
    return pd.DataFrame({"employee_id": ["a", "b"], "peildatum": pd.Timestamp("2024-12-31"),
                         "cluster": "S", "directie": "X", "schaal": ["8", "12"], "fte": 1.0,
                         "gender": ["M", "V"]})


def _barometer(years=(2023, 2024)) -> pd.DataFrame:
    return pd.DataFrame({"year": list(years), "unit": "organisatie", "schaal_band": "12+",
                         "scheme": "nieuw", "herkomst": rep.BE, "share": 0.2,
                         "n_staff": 3000, "suppressed": False})


def test_flows_of_one_snapshot_are_empty_with_the_usual_columns_and_dtypes():
    flows = hr_flows(_one_snapshot())
    assert flows.empty
    assert list(flows.columns) == list(empty_flows().columns)
    assert str(flows["peildatum_to"].dtype) == "datetime64[ns]"
    assert str(flows["schaal_band_to"].dtype) == "string"


@pytest.mark.parametrize("flows", [empty_flows(), pd.DataFrame(columns=list(empty_flows()))],
                         ids=["typed", "object columns (old parquet)"])
def test_flow_table_without_flows_has_no_rows_instead_of_crashing(flows):
    table = rep.flow_table(flows)
    assert table.empty and list(table.columns) == list(rep.FLOW_COLUMNS)
    assert rep.flows_in(table, 2024).empty


def test_years_and_under_35_without_data():
    assert rep.years_up_to(empty_barometer(), 2024) == []
    assert rep.under_35(pd.DataFrame({"peildatum": pd.Series(dtype="datetime64[ns]"),
                                      "employee_id": [], "age_band": []})).empty


def test_nothing_optional_supplied_gives_one_sentence_per_part():
    inputs = rep.Inputs.of(empty_barometer(), empty_benchmark(),
                           rep.flow_table(empty_flows()), 2024, "team")
    assert not any(inputs.available.values())
    assert inputs.sentence("cbs") == (
        "Geen CBS-barometer aangeleverd: zet de CBS-tabellen in data/raw/team/cbs/ om "
        "herkomst volgens CBS te tonen.")
    assert inputs.sentence("flows") == (
        "Geen HR-bestand van 31 december 2023 aangeleverd: zet hr_2023-12-31.csv in "
        "data/raw/team/hr/ om de in-, door- en uitstroom te tonen.")
    assert inputs.sentence("benchmark") == (
        "Geen cijfers over de beroepsbevolking aangeleverd: zet beroepsbevolking.csv in "
        "data/raw/team/benchmark/ om de vergelijking met de Amsterdamse beroepsbevolking "
        "te tonen.")
    projection = inputs.sentence("cbs", "cbs_history", "flows", "benchmark", shows="de projectie")
    assert ". " not in projection  # one sentence
    assert projection.startswith("Geen CBS-barometer, geen HR-bestand van 31 december 2023 en "
                                 "geen cijfers over de beroepsbevolking aangeleverd: zet ")
    assert projection.endswith("om de projectie te tonen.")


def test_only_the_missing_input_is_named():
    flows = pd.DataFrame({"bezetting": [5], "instroom": [1], "doorstroom": [0], "uitstroom": [1]},
                         index=pd.MultiIndex.from_tuples([(2024, "12-14")],
                                                         names=["year", "band"]))
    inputs = rep.Inputs.of(_barometer(), empty_benchmark(), flows, 2024, "demo")
    assert inputs.has("cbs", "cbs_history", "flows") and not inputs.has("benchmark")
    assert inputs.sentence("cbs", "benchmark").startswith("Geen cijfers over de beroepsbevolking")
    assert inputs.sentence("cbs", "flows") == ""
    one_year = rep.Inputs.of(_barometer((2024,)), empty_benchmark(), flows, 2024, "demo")
    assert one_year.missing("cbs", "cbs_history") == ["cbs_history"]
    assert "CBS-barometer van een eerder jaar" in one_year.sentence("cbs", "cbs_history")


def test_notes_are_marked_and_the_index_lists_them(tmp_path):
    from pipeline.report.index import index_page

    inputs = rep.Inputs.of(empty_barometer(), empty_benchmark(),
                           rep.flow_table(empty_flows()), 2024, "demo")
    notes = [inputs.note("cbs"), inputs.note("flows"),
             inputs.note("cbs", "cbs_history", "flows", "benchmark", shows="de projectie",
                         part="projectie")]
    assert all(isinstance(n, Unavailable) for n in notes)
    assert 'data-niet-beschikbaar="herkomst volgens CBS"' in notes[0].to_html()
    executed = tmp_path / "notebooks" / "2024"
    executed.mkdir(parents=True)
    cells = [{"cell_type": "code", "outputs": [
        {"output_type": "display_data", "data": {"text/html": n.to_html()}}]} for n in notes]
    (executed / "representatie.ipynb").write_text(json.dumps({"cells": cells}), "utf-8")
    labels = section_availability(executed / "representatie.ipynb")
    assert labels == ["herkomst volgens CBS", "in-, door- en uitstroom",
                      "vergelijking met de beroepsbevolking", "projectie"]
    reports = tmp_path / "reports"
    (reports / "2024").mkdir(parents=True)
    for section in ("respons", "representatie"):
        (reports / "2024" / f"{section}.html").write_text("<html></html>", "utf-8")
    params = {"data": {"source": "demo"}, "waves": [2024],
              "report": {"sections": ["respons", "representatie"]}}
    page = index_page(params, reports, date(2026, 1, 1), "abc", executed=tmp_path / "notebooks")
    assert page.count("niet beschikbaar:") == 1
    assert availability_text(labels) in page
