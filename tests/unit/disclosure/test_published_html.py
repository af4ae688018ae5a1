from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from pipeline.disclosure import (
    MARK,
    DisclosureRules,
    PublicationError,
    PublishedTable,
    SuppressionCounts,
    parse_published_tables,
    publish_counts,
    publish_estimates,
)
from pipeline.disclosure.model import one_way_model


def _table(tidy, rules):
    frame = tidy("gender", {"man": (50, 6), "vrouw": (62, 9), "non-binair": (8, 2)}, total=120)
    return publish_estimates(frame, rules, "discr_gender", "Discriminatie <naar> gender")


def test_published_table_cannot_be_built_outside_the_gate(rules):
    with pytest.raises(PublicationError, match="disclosure gate"):
        PublishedTable(
            name="x", caption="x", rules=rules, source="survey", suppressed=SuppressionCounts(),
            notes=(), legend="", audit_view=one_way_model(["a"], [5]).view(set()),
            display_frame=pd.DataFrame({"n": ["5"]}), data_frame=pd.DataFrame(),
        )


def test_published_table_is_frozen_and_display_is_a_copy(tidy, rules):
    table = _table(tidy, rules)
    with pytest.raises(dataclasses.FrozenInstanceError):
        table.name = "y"  # type: ignore[misc]
    display = table.display
    display.loc[:, "n"] = "3"
    assert "3" not in set(table.display["n"])


def test_html_carries_the_mark_caption_headers_and_legend(tidy, rules):
    table = _table(tidy, rules)
    html = table.to_html()
    assert html.count("<table") == 1
    assert 'data-disclosure="passed"' in html
    # primary non-binair, secondary man, and vrouw's 15% (9 of 62) by the numerator rule
    assert 'data-suppressed="3"' in html
    assert "<caption>Discriminatie &lt;naar&gt; gender</caption>" in html
    assert html.count('<th scope="col">') == len(table.display.columns)
    assert "onderdrukt: te weinig respondenten (minder dan 10)" in html


def test_html_round_trips_through_the_parser(tidy, rules):
    table = _table(tidy, rules)
    [parsed] = parse_published_tables("<html><body><h2>x</h2>" + table.to_html() + "</body>")
    assert parsed.disclosure == "passed"
    assert parsed.attrs["data-table"] == "discr_gender"
    assert parsed.caption == "Discriminatie <naar> gender"
    assert parsed.header == list(table.display.columns)
    assert parsed.rows == table.display.astype(str).to_numpy().tolist()
    assert parsed.footer[0].startswith(f"{MARK} = onderdrukt")


def test_parser_reads_plain_tables_and_nested_tables():
    html = (
        "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2 &amp; 3</td></tr></table>"
        '<table data-disclosure="passed"><tbody><tr><td>x<table><tr><td>in</td></tr></table>'
        "</td></tr></tbody></table>"
    )
    tables = parse_published_tables(html)
    assert [t.disclosure for t in tables] == [None, "passed", None]
    assert tables[0].header == ["a", "b"]
    assert tables[0].rows == [["1", "2 & 3"]]
    assert tables[2].rows == [["in"]]


def test_every_published_count_is_rounded_and_at_least_the_threshold():
    rules = DisclosureRules(round_count=5)
    counts = pd.DataFrame({"man": [30, 4, 22, 11], "vrouw": [40, 25, 18, 13]},
                          index=["a", "b", "c", "d"])
    table = publish_counts(counts, rules, "t", "Staf")
    [parsed] = parse_published_tables(table.to_html())
    numbers = [int(v.replace(".", "")) for row in parsed.rows for v in row[1:] if v != MARK]
    assert numbers and all(v >= 10 and v % 5 == 0 for v in numbers)
    assert any("veelvouden van 5" in text for text in parsed.footer)


def test_a_view_of_rows_shows_only_cells_of_the_table_with_their_marks(tidy, rules):
    from pipeline.disclosure.published import table_rows

    table = _table(tidy, rules)
    whole = table.display
    hidden_group = whole.loc[whole["Percentage"] == MARK, "Groep"].iloc[0]
    view = table_rows(table, ["Totaal", hidden_group], name="v", caption="Eén groep")
    assert set(view.display["Groep"]) <= {"Totaal", hidden_group} and len(view.display) >= 1
    for _, row in view.display.iterrows():  # every row is a row of the table, cell for cell
        same = whole[(whole == row).all(axis=1)]
        assert len(same) == 1
    marks = int((view.display == MARK).any(axis=1).sum())
    assert view.suppressed.cells == marks > 0
    assert view.to_html().startswith('<table data-disclosure="passed" data-table="v"')
    with pytest.raises(PublicationError, match="no group column"):
        table_rows(dataclasses.replace(table, display_frame=whole.drop(columns="Groep")), ["x"],
                   name="w", caption="w")
