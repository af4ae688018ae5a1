"""What the data contract allows: 5 / 5.0 / 5,0, yes/no spellings, YAML booleans, hints."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.ingest.canonical import (
    apply_canonical,
    canonical_mapping,
    load_mapping_or_canonical,
    study_for_year,
)
from pipeline.ingest.errors import IngestError
from pipeline.ingest.hr import hr_from_raw
from pipeline.ingest.mapping import (
    apply_mapping,
    load_mapping,
    parse_mapping,
    to_raw,
)
from pipeline.ingest.parse import parse_number
from pipeline.ingest.readers import read_raw
from pipeline.ingest.settings import hr_config

BASE = {"wave": 2030, "study": "monitor", "peildatum": "2030-12-31", "file": "s.csv"}
COLUMNS = {"resp_id": "ID", "complete": {"raw": "C", "codes": {1: True, 0: False}},
           "ps1": {"raw": "P", "codeset": "int"},
           "ub_pesten": {"raw": "U", "codes": {1: 0, 2: 1, 3: 2, 4: 3, 5: 4}}}


def _csv(tmp_path: Path, name: str, rows: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(["ID;C;P;U", *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("decimal", [None, ",", "."])
def test_whole_numbers_5_50_and_5comma0_parse_identically(tmp_path: Path,
                                                          decimal: str | None) -> None:
    mapping = parse_mapping({**BASE, "columns": COLUMNS}, "waves/2030.yml")
    options = {} if decimal is None else {"decimal": decimal}
    frames = []
    for name, five, one in (("int.csv", "5", "1"), ("point.csv", "5.0", "1.0"),
                            ("comma.csv", "5,0", "1,0")):
        path = _csv(tmp_path, name, [f"a;{one};{five};{five}", f"b;0;{one};{one}"])
        table = read_raw(path, options)
        frames.append(apply_mapping(table.frame, mapping, file=path).frame)
    for frame in frames[1:]:
        pd.testing.assert_frame_equal(frame, frames[0])
    assert frames[0]["ps1"].tolist() == [5, 1]
    assert frames[0]["ub_pesten"].tolist() == [4, 0]
    assert frames[0]["complete"].tolist() == [True, False]


def test_decimal_setting_reaches_the_survey_items(tmp_path: Path) -> None:
    mapping = parse_mapping({**BASE, "columns": COLUMNS})
    path = _csv(tmp_path, "s.csv", ["a;1;1.000;1"])
    point = apply_mapping(read_raw(path, {"decimal": "."}).frame, mapping, file=path).frame
    comma = apply_mapping(read_raw(path, {"decimal": ","}).frame, mapping, file=path).frame
    assert point["ps1"].tolist() == [1]        # 1.000 with a decimal point is one
    assert comma["ps1"].tolist() == [1000]     # with a decimal comma: thousand (out of range)


def test_decimal_comma_keeps_a_decimal_point_number() -> None:
    values, bad = parse_number(pd.Series(["5.0", "0.8", "1.234,5", "1.000", "5,0"]), ",")
    assert values.tolist() == [5.0, 0.8, 1234.5, 1000.0, 5.0] and bad == []


def test_yes_no_spellings_for_a_yes_no_variable() -> None:
    spellings = ["ja", "nee", "1", "0", "true", "false", "True", "FALSE", "yes", "no", "1,0", 0.0]
    mapping = parse_mapping({**BASE, "columns": {"resp_id": "ID", "complete": "C",
                                                 "manager": {"raw": "M", "codeset": "yesno"}}})
    raw = pd.DataFrame({"ID": [str(i) for i in range(len(spellings))], "C": spellings,
                        "M": spellings})
    out = apply_mapping(raw, mapping).frame
    expected = [True, False] * 6
    assert out["complete"].tolist() == expected and out["manager"].tolist() == expected
    assert str(out["complete"].dtype) == "boolean"
    assert to_raw(out, mapping)["C"].tolist() == [1, 0] * 6


def test_unknown_yes_no_answer_names_column_rows_and_hint_never_the_value() -> None:
    mapping = parse_mapping({**BASE, "columns": {"resp_id": "ID", "complete": "C"}},
                            "waves/2030.yml")
    raw = pd.DataFrame({"ID": ["1", "2"], "C": ["ja", "misschien"]})
    with pytest.raises(IngestError) as info:
        apply_mapping(raw, mapping, file="s.csv")
    message = str(info.value)
    assert message.startswith("s.csv: column 'C': not a yes/no answer")
    assert "`codes:` of complete in waves/2030.yml" in message and "`missing:`" in message
    assert "misschien" not in message and message.endswith("(1 row, first rows: 2)")
    assert "\n" not in message


def _yaml_mapping(tmp_path: Path, columns: str) -> Path:
    path = tmp_path / "2030.yml"
    path.write_text("wave: 2030\nstudy: monitor\npeildatum: 2030-12-31\nfile: s.csv\n"
                    f"columns:\n  resp_id: ID\n{columns}", encoding="utf-8")
    return path


def test_unquoted_true_in_a_mapping_matches_true_spellings(tmp_path: Path) -> None:
    path = _yaml_mapping(tmp_path, "  complete: {raw: C, codes: {True: true, False: false}}\n"
                                   "  discr: {raw: D, codes: {yes: ja, no: nee, 3: twijfel}}\n")
    mapping = load_mapping(path)
    raw = pd.DataFrame({"ID": list("abcdef"), "C": ["True", "true", "1", "False", "0", "FALSE"],
                        "D": ["yes", "no", "3", "Yes", "NO", "3,0"]})
    out = apply_mapping(raw, mapping).frame
    assert out["complete"].tolist() == [True, True, True, False, False, False]
    assert out["discr"].tolist() == ["ja", "nee", "twijfel", "ja", "nee", "twijfel"]
    assert apply_mapping(to_raw(out, mapping), mapping).frame.equals(out)


def test_unquoted_yaml_boolean_as_a_value_says_quote_it(tmp_path: Path) -> None:
    path = _yaml_mapping(tmp_path, "  complete: C\n  country_self: {raw: L, codes: {NO: NO}}\n")
    with pytest.raises(IngestError, match=r"quote the code \(e.g. \"NO\""):
        load_mapping(path)


def test_unknown_code_with_yaml_booleans_says_quote_it(tmp_path: Path) -> None:
    path = _yaml_mapping(tmp_path, "  complete: {raw: C, codes: {on: true, off: false}}\n")
    raw = pd.DataFrame({"ID": ["a", "b"], "C": ["on", "half"]})
    with pytest.raises(IngestError) as info:
        apply_mapping(raw, load_mapping(path), file="s.csv")
    assert "quote the code" in str(info.value) and "half" not in str(info.value)


@pytest.mark.parametrize(("columns", "cells", "hint"), [
    ({"gender": {"raw": "X", "codes": {1: "man", 2: "vrouw"}}}, ["1", "7"],
     "code not in the mapping; add the code to `codes:` of gender in waves/2030.yml, or to "
     "`missing:` if it means no answer"),
    ({"manager": {"raw": "X", "codeset": "jn"}}, ["1", "7"],
     "add the code to codeset jn under `codesets:` in waves/2030.yml"),
    ({"ps1": {"raw": "X", "codeset": "int"}}, ["4", "3,5"],
     "not a whole number; list its codes under `codes:` of ps1 in waves/2030.yml, or no-answer "
     "codes under `missing:`"),
    ({"country_self": {"raw": "X", "codeset": "country_name_nl"}}, ["Marokko", "Atlantis"],
     "code not in the mapping (not a Dutch country name); list its codes under `codes:`"),
])
def test_hints_in_messages_never_values(columns: dict, cells: list[str], hint: str) -> None:
    spec = {**BASE, "codesets": {"jn": {"codes": {1: True, 2: False}}},
            "columns": {"resp_id": "ID", "complete": "C", **columns}}
    mapping = parse_mapping(spec, "waves/2030.yml")
    raw = pd.DataFrame({"ID": ["a", "b"], "C": ["1", "1"], "X": cells})
    with pytest.raises(IngestError) as info:
        apply_mapping(raw, mapping, file="s.csv")
    message = str(info.value)
    assert message.startswith("s.csv: column 'X': ") and hint in message, message
    assert cells[1] not in message and message.endswith("(1 row, first rows: 2)")


def test_hr_codes_ignore_case_and_messages_hint(tmp_path: Path) -> None:
    header = ("Personeelsnummer;Peildatum;Cluster;Directie;Salarisschaal;Leidinggevende;"
              "Geboortedatum;Geslacht;FTE;Datum in dienst;Datum uit dienst\n")
    row = "1;31-12-2030;S;D;10A;{lg};01-06-1990;V;{fte};01-01-2020;\n"
    path = tmp_path / "hr_2030-12-31.csv"
    path.write_text(header + row.format(lg="ja", fte="1.0") + row.replace("1;", "2;", 1)
                    .format(lg="NEE", fte="0,8"), encoding="utf-8")
    hr = hr_from_raw(read_raw(path), hr_config())
    assert hr["manager"].tolist() == [True, False] and hr["fte"].tolist() == [1.0, 0.8]
    path.write_text(header + row.format(lg="Jawel", fte="veel"), encoding="utf-8")
    with pytest.raises(IngestError) as info:
        hr_from_raw(read_raw(path), hr_config())
    assert "add the code under `codes: manager:` in config/hr.yml" in str(info.value)
    assert "Jawel" not in str(info.value)
    path.write_text(header + row.format(lg="Ja", fte="veel"), encoding="utf-8")
    with pytest.raises(IngestError, match=r"not a number; write numbers as 0,8 or 0\.8") as info:
        hr_from_raw(read_raw(path), hr_config())
    assert "veel" not in str(info.value)


# ------------------------------------------------------------------ canonical names, no mapping


def test_study_follows_the_year() -> None:
    assert [study_for_year(y) for y in (2024, 2026, 2028, 2030)] == [
        "herhaal", "monitor", "herhaal", "monitor"]
    with pytest.raises(IngestError, match="not a survey year"):
        study_for_year(2027)


def test_canonical_survey_without_mapping_file(tmp_path: Path) -> None:
    raw_dir = tmp_path / "raw"
    (raw_dir / "survey").mkdir(parents=True)
    frame = pd.DataFrame({"resp_id": ["r1", "r2", "r3"], "complete": ["ja", "0", "True"],
                          "gender": ["vrouw", "Man", None], "country_self": ["NL", "ma", "TR"],
                          "discr": ["twijfel", "nee", "ja"], "ub_pesten": ["0", "4,0", "2.0"],
                          "ps1": ["7", "1", ""], "open": ["x", "y", "z"]})
    frame.to_csv(raw_dir / "survey" / "2026_monitor.csv", sep=";", index=False)
    mapping = load_mapping_or_canonical(tmp_path / "waves" / "2026.yml", 2026, raw_dir=raw_dir)
    assert (mapping.study, mapping.file, mapping.path) == ("monitor", "survey/2026_monitor.csv",
                                                           None)
    table = read_raw(raw_dir / mapping.file, mapping.read)
    out = apply_mapping(table.frame, mapping, file=raw_dir / mapping.file)
    f = out.frame
    assert f["complete"].tolist() == [True, False, True]
    assert f["gender"].tolist() == ["vrouw", "man", pd.NA]
    assert f["country_self"].tolist() == ["NL", "MA", "TR"]
    assert f["ub_pesten"].tolist() == [0, 4, 2] and str(f["ps1"].dtype) == "Int64"
    assert f["study"].tolist() == ["monitor"] * 3 and f["wave"].tolist() == [2026] * 3
    assert out.unmapped_columns == ["open"] and "religion" in out.absent_variables
    assert apply_canonical(table.frame, wave=2026).frame.equals(f)
    back = apply_mapping(to_raw(f, mapping), mapping).frame
    assert back.equals(f)


def test_canonical_file_name_must_carry_the_years_study(tmp_path: Path) -> None:
    (tmp_path / "survey").mkdir()
    (tmp_path / "survey" / "2026_herhaal.csv").write_text("resp_id;complete\n1;1\n")
    with pytest.raises(IngestError, match=r"rename the file to survey/2026_monitor\.csv"):
        load_mapping_or_canonical(tmp_path / "2026.yml", 2026, raw_dir=tmp_path)


def test_canonical_unknown_code_points_to_the_contract() -> None:
    raw = pd.DataFrame({"resp_id": ["1"], "complete": ["1"], "discr": ["misschien"]})
    with pytest.raises(IngestError) as info:
        apply_mapping(raw, canonical_mapping(2028), file="c.csv")
    assert "canonical codes of discr" in str(info.value) and "misschien" not in str(info.value)


def test_existing_mapping_file_wins(tmp_path: Path) -> None:
    path = _yaml_mapping(tmp_path, "  complete: C\n")
    assert load_mapping_or_canonical(path, 2030).path == path
    with pytest.raises(IngestError, match="mapping is for wave 2030, not 2032"):
        load_mapping_or_canonical(path, 2032)
