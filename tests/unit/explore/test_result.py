"""Issue 16: results paste into a memo (Dutch, separated intervals, legend, downloads)."""

import pandas as pd

from pipeline.disclosure import parse_published_tables
from pipeline.explore.result import dutch_p, separating_decimals, signed


def test_decimals_are_added_until_the_ends_differ():
    assert separating_decimals([4.61], [4.64], 1, 3) == 2
    assert separating_decimals([4.2], [4.9], 1, 3) == 1
    assert separating_decimals([4.6001], [4.6002], 1, 3) == 3  # bounded


def test_dutch_numbers():
    assert dutch_p(0.0004) == "< 0,001"
    assert dutch_p(0.0421) == "0,042"
    assert signed(-0.061, 2) == "−0,06" and signed(0.3, 1) == "+0,3"


def test_means_never_show_an_interval_of_one_value(havenstad):
    result = havenstad.breakdown("ps_score", by="herkomst")
    for text in result.display["95%-interval"]:
        low, high = text.split("–")
        assert low != high


def test_the_memo_layout(havenstad, tmp_path):
    result = havenstad.breakdown("discr_ja", by="gender", test=True)
    html = result.to_html()
    assert 'data-disclosure="passed"' in html
    parsed = parse_published_tables(html)[0]
    assert parsed.header[:4] == ["Groep", "Percentage", "95%-interval", "n"]
    assert "Toets" in parsed.header
    assert any(line.startswith("Bron: ") for line in parsed.footer)
    assert any("non-binair" in line and "·" in line for line in parsed.footer)  # reason named
    assert result.withheld["Cel"].tolist() == ["non-binair"]
    assert all(text.endswith("%") or text == "·" for text in result.display["Percentage"])
    csv = result.to_csv(tmp_path / "t.csv")
    back = pd.read_csv(csv, sep=";", encoding="utf-8-sig", dtype=str)
    assert list(back.columns) == parsed.header
    book = pd.read_excel(result.to_excel(tmp_path / "t.xlsx"), sheet_name=None, header=None)
    assert "Toelichting" in book
    sheet = next(v for k, v in book.items() if k != "Toelichting")
    assert sheet.iloc[0, 0] == result.caption
    assert sheet.iloc[2].dropna().tolist() == parsed.header


def test_left_out_categories_keep_the_crossing(havenstad):
    whole = havenstad.breakdown("ub_any", by=["cluster", "gender"])
    kept = havenstad.breakdown("ub_any", by=["cluster", "gender"],
                               where={"gender": ["man", "vrouw"]})
    assert len(whole.display) == 1  # non-binair cells below the threshold: withheld whole
    assert any("non-binair" in note for note in whole.notes)
    assert len(kept.display) == 1 + 2 * 5


def test_merged_categories(havenstad):
    merged = havenstad.breakdown("ub_any", by="gender",
                                 merge={"gender": {"vrouw of non-binair": ["vrouw", "non-binair"]}})
    assert "vrouw of non-binair" in merged.display["Groep"].tolist()
