"""The audit knows the structure: structural zeros, identities between tables, implied bounds."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.disclosure import DisclosureInputError, DisclosureRules, audit, publish_counts
from pipeline.disclosure.counts import plan_counts
from pipeline.disclosure.model import AuditView, one_way_model

FLOWS = pd.DataFrame(
    {"bezetting": [400, 800, 120], "instroom": [40, 60, 3], "doorstroom": [0, 25, 12],
     "uitstroom": [30, 50, 14]},
    index=pd.Index(["1-5", "6-8", "15+"], name="band"))
RULES = DisclosureRules(round_count=1)


def cell(plan, row: str, column: str) -> str:
    return plan.status[plan.rows.index(row) * len(plan.columns) + plan.columns.index(column)]


def test_a_structural_zero_is_shown_and_protects_nothing():
    naive = plan_counts(FLOWS, RULES, "hr", "stromen")
    assert cell(naive, "1-5", "doorstroom") == "primary"
    known = plan_counts(FLOWS, RULES, "hr", "stromen",
                        structural_zeros={("1-5", "doorstroom")})
    assert cell(known, "1-5", "doorstroom") == "shown"
    table = publish_counts(FLOWS, RULES, "stromen", "Stromen",
                           structural_zeros=frozenset({("1-5", "doorstroom")}))
    assert table.display.set_index("band").loc["1-5", "doorstroom"] == "0"
    assert cell(known, "15+", "instroom") == "primary"
    # the hidden instroom of 15+ is protected without counting on the zero
    zero = AuditView(keys=(table.audit_view.keys[2],), labels=("1-5 / doorstroom",),
                     values=(0.0,), constraints=())
    assert audit([table], known=[zero]) == []


def test_the_naive_plan_is_broken_by_the_known_zero():
    """Without structural zeros the gate protects the zero with a second cell; a reader who
    knows the zero recovers that second cell exactly (the reviewer's attack)."""
    table = publish_counts(FLOWS, RULES, "stromen", "Stromen")
    key = next(k for k, label in zip(table.audit_view.keys, table.audit_view.labels,
                                     strict=True) if label == "1-5 / doorstroom")
    zero = AuditView(keys=(key,), labels=("nul",), values=(0.0,), constraints=())
    assert audit([table]) == []
    assert audit([table], known=[zero]) != []


def test_a_declared_zero_must_be_zero():
    with pytest.raises(DisclosureInputError, match="zero by definition"):
        plan_counts(FLOWS, RULES, "hr", "s", structural_zeros={("6-8", "doorstroom")})
    with pytest.raises(DisclosureInputError, match="not a cell"):
        plan_counts(FLOWS, RULES, "hr", "s", structural_zeros={("9-11", "doorstroom")})


def test_a_bound_from_another_table_narrows_a_hidden_cell():
    model = one_way_model(["a", "b", "c"], [40, 30, 300], total=370, key_prefix=("x",))
    view = model.view({0, 1})          # a and b hidden: each between 0 and 70
    class Viewed:  # the audit reads a table's name, audit view and rules
        name = "x"
        audit_view = view
        rules = RULES

    assert audit([Viewed()]) == []
    # a published percentage elsewhere implies that a is 39-41
    implied = AuditView(keys=(view.keys[0],), labels=("a",), values=(None,), constraints=(),
                        bounds=((39.0, 41.0),))
    findings = audit([Viewed()], known=[implied])
    assert {f.cell for f in findings} == {"a", "b"}
    # known cells themselves are never findings
    spare = AuditView(keys=("slack",), labels=("slack",), values=(None,), constraints=(),
                      bounds=((0.0, 1.0),))
    assert audit([Viewed()], known=[spare]) == []
