"""The samenvatting of a wave and the monitor on the index page, written from published tables.

Every number in a finding comes from a table of the wave's publication ledger (the between-wave
tables, the key figures, the groups that stand out, the representation tables); nothing is read
from processed data. Each finding links to the section (page and anchor) that holds its table.

Test families (docs/statistics.md): the change of the headline totals is one confirmatory
family (Holm); every other comparison is exploratory (Benjamini-Hochberg per table). A finding
calls a change significant only when it is after the correction of its own family.

The council's targets come from the representation section's ``doelen`` table when the plan
publishes it (:data:`DOELEN_COLUMNS`); until then they are judged from the published series
(``doel-12``, ``clusters-groei``, ``jong``) where the rounded figure decides the verdict, and
the finding says plainly where it does not.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipeline.report.formats import lower_first, pct
from pipeline.report.narrative import (
    HEADLINE_PHRASES,
    NOT_AFTER_CORRECTION,
    SIGNIFICANT_DOWN,
    SIGNIFICANT_UP,
    _change,
    _signed,
    _value,
    headline,
)
from pipeline.report.sections import SECTION_TITLES

CONFIRMATORY = "confirmatory"
"""The ``family`` of the headline totals' changes (``estimation.confirmatory``)."""
DOELEN = "doelen"
"""Name of the representation section's table of the council's targets, with a verdict each."""
DOELEN_COLUMNS = ("doel", "eenheid", "jaar", "waarde", "streefwaarde", "oordeel")
"""Columns of the ``doelen`` table: label, ``organisatie`` or a cluster, year, value, target,
verdict (:data:`VERDICTS`)."""
MET, NOT_MET, NO_DATA = "gehaald", "niet gehaald", "geen gegevens"
VERDICTS = (MET, NOT_MET, NO_DATA)
ROUNDED_ON_TARGET = "niet te beoordelen: het afgeronde cijfer ligt op het doel"
ORGANISATION = "organisatie"

OTHER_TRENDS = ("trend", "trend-getuige", "trend-gronden", "trend-daders-discriminatie",
                "trend-daders-ongewenst", "trend-verteld", "trend-niet-melden",
                "trend-veiligheid")
"""Between-wave tables whose totals (other than the headline) make the exploratory finding."""
GROUP_TRENDS = ("trend-discr-groepen", "trend-ub-groepen", "trend-veiligheid")
"""Between-wave tables whose groups make the finding on groups that changed."""
MEANS = frozenset({"trend-veiligheid"})
"""Between-wave tables of means (points), not shares."""
LISTED = 4
"""At most this many items are named in one finding; the rest are counted."""

WHERE: dict[str, tuple[str, str]] = {
    "kerncijfers": ("prevalentie", "Kerncijfers"),
    "trend": ("prevalentie", "Verandering sinds de vorige meting"),
    "trend-getuige": ("prevalentie", "Verandering sinds de vorige meting"),
    "trend-discr-groepen": ("prevalentie", "Verandering per groep"),
    "trend-ub-groepen": ("prevalentie", "Verandering per groep"),
    "discr": ("prevalentie", "Discriminatie naar groep"),
    "ub": ("prevalentie", "Ongewenst gedrag naar groep"),
    "trend-gronden": ("gronden", "Discriminatiegronden"),
    "trend-daders-discriminatie": ("gronden", "Door wie"),
    "trend-daders-ongewenst": ("gronden", "Door wie"),
    "trend-verteld": ("gronden", "Melden"),
    "trend-niet-melden": ("gronden", "Melden"),
    "trend-veiligheid": ("gronden", "Psychologische veiligheid"),
}
"""Where a table is shown: its section and the heading (``h2``/``h3``) above it."""


def anchor(heading: str) -> str:
    """Return the id the renderer gives a heading (the first of that text on its page).

    Examples
    --------
    >>> anchor("Doel: 30% vanaf schaal 12"), anchor("Jonger dan 35 (doel: 20%)")
    ('doel-30-vanaf-schaal-12', 'jonger-dan-35-doel-20')
    """
    from pipeline.report.render import heading_slug

    return heading_slug(heading.lstrip("#").strip(), set())


@dataclass(frozen=True)
class Link:
    """A section of a report page: file stem and heading."""

    section: str
    heading: str

    @property
    def href(self) -> str:
        """Relative link from a page of the same wave."""
        return f"{self.section}.html#{anchor(self.heading)}"

    @property
    def text(self) -> str:
        """Dutch link text: page title and heading."""
        return f"{SECTION_TITLES.get(self.section, self.section)}: {self.heading.lstrip('# ')}"


@dataclass(frozen=True)
class Finding:
    """One finding of the samenvatting: a short label, its sentences and where it is shown."""

    label: str
    text: str
    links: tuple[Link, ...]

    def markdown(self) -> str:
        """Markdown list item: bold label, text, links."""
        seen = list(dict.fromkeys(self.links))
        where = "; ".join(f"[{link.text}]({link.href})" for link in seen)
        tail = f" Zie {where}." if where else ""
        return f"1. **{self.label}.** {self.text}{tail}"


def _link(name: str) -> Link:
    section, heading = WHERE[name]
    return Link(section, heading)


def _join(words: Sequence[str]) -> str:
    words = list(words)
    if not words:
        return ""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " en " + words[-1]


def _data(table: Any) -> pd.DataFrame | None:
    data = getattr(table, "data", None)
    return data.copy() if isinstance(data, pd.DataFrame) else None


def _trend_rows(table: Any) -> tuple[pd.DataFrame, dict] | None:
    """Return the current rows of a published between-wave table and earlier estimates."""
    data = _data(table)
    if data is None or "diff" not in data:
        return None
    for column in ("diff", "diff_ci_low", "diff_ci_high", "p", "p_adj", "wave_b", "estimate"):
        data[column] = pd.to_numeric(data[column], errors="coerce")
    current = data[data["diff"].notna()]
    before = {(r.indicator, r.breakdown, r.group): r.estimate
              for r in data[data["diff"].isna()].itertuples(index=False)}
    return current, before


def _short(breakdown: str) -> str:
    """Breakdown label without its parenthesis, lower case unless an acronym.

    Examples
    --------
    >>> _short("Herkomst (CBS, nieuwe indeling)"), _short("LHBTIQ+"), _short("Salarisschaal")
    ('herkomst', 'LHBTIQ+', 'salarisschaal')
    """
    return lower_first(re.sub(r"\s*\(.*\)$", "", str(breakdown)))


def group_name(breakdown: str, group: str) -> str:
    """Dutch name of a group in a sentence: ``Buiten-Europa (herkomst)``, ``LHBTIQ+: ja``.

    Examples
    --------
    >>> group_name("Herkomst (CBS, nieuwe indeling)", "Buiten-Europa")
    'Buiten-Europa (herkomst)'
    >>> group_name("Beperking of chronische ziekte", "ja")
    'beperking of chronische ziekte: ja'
    """
    if str(group) in ("ja", "nee"):
        return f"{_short(breakdown)}: {group}"
    return f"{group} ({_short(breakdown)})"


SKIPPED_BREAKDOWNS = frozenset({"Migratieachtergrond (oude indeling)"})
"""Breakdowns the findings leave out: the old classification repeats herkomst (it stays in the
sections' tables for continuity)."""


def _name(row: pd.Series) -> str:
    if row["group"] == "Totaal":
        return str(row["indicator"])
    return f"{row['indicator']} bij {group_name(row['breakdown'], row['group'])}"


def _changed(count: int) -> str:
    return "veranderde er 1" if count == 1 else f"veranderden er {count}"


def _phrase(row: pd.Series, before: dict, mean: bool) -> str:
    old = before.get((row["indicator"], row["breakdown"], row["group"]), math.nan)
    return (f"{_name(row)} van {_value(old, mean)} naar {_value(row['estimate'], mean)}, "
            f"{_change(row, mean)}")


@dataclass
class _Changes:
    """Tested changes of several tables, sorted into significant, corrected away and the rest."""

    rows: list[tuple[pd.Series, dict, bool, str]]

    @property
    def previous(self) -> int | None:
        return int(self.rows[0][0]["wave_b"]) if self.rows else None

    def where(self, verdicts: Sequence[str]) -> list[tuple[pd.Series, dict, bool, str]]:
        return [r for r in self.rows if r[0]["verdict"] in verdicts]


def _changes(tables: Mapping[str, Any], names: Sequence[str], keep: Any) -> _Changes:
    rows = []
    for name in names:
        parts = _trend_rows(tables.get(name))
        if parts is None:
            continue
        current, before = parts
        for _, row in current.iterrows():
            if keep(row):
                rows.append((row, before, name in MEANS, name))
    return _Changes(rows)


def _listed(items: list[tuple[pd.Series, dict, bool, str]], most: int = LISTED) -> str:
    ranked = sorted(items, key=lambda r: -abs(float(r[0]["diff"]) * (1 if r[2] else 100)))
    text = "; ".join(_phrase(row, before, mean) for row, before, mean, _ in ranked[:most])
    if len(ranked) > most:
        rest = len(ranked) - most
        text += f"; en nog {rest} andere"
    return text


def _direction(verdict: str) -> str:
    return "steeg significant" if verdict == SIGNIFICANT_UP else "daalde significant"


def headline_finding(tables: Mapping[str, Any]) -> Finding:
    """Write the finding on the headline totals: their change (confirmatory family) or level.

    In the first wave of a series (no between-wave table) the finding gives the key figures of
    the wave and says there is no earlier comparable wave.
    """
    changes = _changes(tables, ["trend"], lambda r: r.get("family") == CONFIRMATORY)
    if not changes.rows:
        key = tables.get("kerncijfers")
        note = getattr(tables.get("trend"), "text", None) or (
            "Dit is de eerste meting in deze reeks: er is nog geen eerdere vergelijkbare meting.")
        return Finding("Kerncijfers", f"{headline(key, HEADLINE_PHRASES)} {note}",
                       (_link("kerncijfers"),))
    previous = changes.previous
    moved = changes.where([SIGNIFICANT_UP, SIGNIFICANT_DOWN])
    parts = []
    for row, before, mean, _ in moved:
        old = before.get((row["indicator"], row["breakdown"], row["group"]), math.nan)
        parts.append(f"{row['indicator']} {_direction(row['verdict'])} van {_value(old, mean)} "
                     f"naar {_value(row['estimate'], mean)}, {_change(row, mean)}")
    total = len(changes.rows)
    if parts:
        text = f"Sinds {previous}: " + "; ".join(parts) + "."
    else:
        text = f"Geen van de {total} kerncijfers veranderde significant sinds {previous}."
    corrected = changes.where([NOT_AFTER_CORRECTION])
    if corrected:
        text += (f" Bij {_join([_name(r[0]) for r in corrected])} is de verandering "
                 f"{NOT_AFTER_CORRECTION}.")
    same = [r for r in changes.rows if r[0]["verdict"] not in
            (SIGNIFICANT_UP, SIGNIFICANT_DOWN, NOT_AFTER_CORRECTION)]
    if same and parts:
        listed = []
        for row, before, mean, _ in same:
            old = before.get((row["indicator"], row["breakdown"], row["group"]), math.nan)
            listed.append(f"{_name(row)} ({_value(old, mean)} in {previous}, "
                          f"{_value(row['estimate'], mean)} in {int(row['wave'])})")
        text += f" Geen significante verandering bij {_join(listed)}."
    text += (f" De {total} kerncijfers zijn samen getoetst als één familie (correctie volgens "
             "Holm).")
    return Finding("Kerncijfers", text, (_link("trend"),))


def other_changes_finding(tables: Mapping[str, Any]) -> Finding | None:
    """Write the finding on the other items' totals: their changes (exploratory families)."""
    changes = _changes(tables, OTHER_TRENDS,
                       lambda r: r["group"] == "Totaal" and r.get("family") != CONFIRMATORY)
    if not changes.rows:
        return None
    moved = changes.where([SIGNIFICANT_UP, SIGNIFICANT_DOWN])
    total = len(changes.rows)
    if moved:
        text = (f"Van de {total} andere vragen die in beide metingen gelijk zijn gesteld, "
                f"{_changed(len(moved))} significant sinds {changes.previous}: "
                f"{_listed(moved)}.")
        links = tuple(_link(r[3]) for r in moved)
    else:
        text = (f"Geen van de {total} andere vragen die in beide metingen gelijk zijn gesteld, "
                f"veranderde significant sinds {changes.previous}.")
        links = (_link("trend"), _link("trend-gronden"))
    text += " Gecorrigeerd voor meervoudig toetsen per tabel (Benjamini-Hochberg)."
    return Finding("Andere vragen", text, links)


def group_changes_finding(tables: Mapping[str, Any]) -> Finding | None:
    """Write the finding on the groups whose share (or score) changed since the last wave."""
    changes = _changes(tables, GROUP_TRENDS, lambda r: r["group"] != "Totaal"
                       and r["breakdown"] not in SKIPPED_BREAKDOWNS)
    if not changes.rows:
        return None
    moved = changes.where([SIGNIFICANT_UP, SIGNIFICANT_DOWN])
    total = len(changes.rows)
    if moved:
        text = (f"Van de {total} vergelijkingen per groep {_changed(len(moved))} "
                f"significant sinds {changes.previous}; de grootste: {_listed(moved, 3)}.")
        links = tuple(_link(r[3]) for r in moved)
    else:
        text = (f"In geen van de {total} vergelijkingen per groep is sinds {changes.previous} "
                "een significante verandering gevonden.")
        links = (_link("trend-discr-groepen"),)
    text += " Gecorrigeerd voor meervoudig toetsen per tabel (Benjamini-Hochberg)."
    return Finding("Verandering per groep", text, links)


STANDING_OUT_BREAKDOWNS = ("herkomst", "gender", "age_band", "schaal_band", "disability",
                           "lhbtiq", "cluster", "manager")
"""Breakdowns of the groups that stand out (the old classification repeats herkomst)."""


def standing_out_groups(contrasts: pd.DataFrame, alpha: float,
                        outcomes: Sequence[str] = ("discr_ja", "ub_any"),
                        breakdowns: Sequence[str] = STANDING_OUT_BREAKDOWNS) -> pd.DataFrame:
    """Return the groups that meet an outcome more often than the rest, after correction.

    A group stands out when its test against the rest of the wave (``contrasts_<wave>``,
    Benjamini-Hochberg within its family) is significant after correction and its share is
    the higher one. Only which groups: their shares are read from the published figures.

    Examples
    --------
    >>> c = pd.DataFrame({"indicator": "discr_ja", "breakdown": "gender",
    ...     "group": ["man", "vrouw", "non-binair"], "diff": [-0.04, 0.03, 0.23],
    ...     "p_adj": [0.002, 0.06, 0.002], "flags": ""})
    >>> standing_out_groups(c, 0.05).values.tolist()
    [['discr_ja', 'gender', 'non-binair']]
    """
    keys = ["indicator", "breakdown", "group"]
    if contrasts.empty:
        return pd.DataFrame(columns=keys)
    hits = contrasts[contrasts["indicator"].isin(outcomes)
                     & contrasts["breakdown"].isin(breakdowns)
                     & (contrasts["p_adj"] < alpha) & (contrasts["diff"] > 0)]
    if "flags" in hits:
        hits = hits[hits["flags"].fillna("") == ""]
    return hits[keys].drop_duplicates().reset_index(drop=True)


STANDING_OUT_LABELS = {
    "discriminatie ervaren": ("Vaker discriminatie", "discr",
                              ("ervoer vaker discriminatie", "ervoeren vaker discriminatie")),
    "ongewenst gedrag (minstens één vorm)": (
        "Vaker ongewenst gedrag", "ub",
        ("maakte vaker ongewenst gedrag mee", "maakten vaker ongewenst gedrag mee")),
}
"""Per outcome of the ``opvallend`` table: finding label, figure prefix, verb (one, more)."""


def standing_out_findings(tables: Mapping[str, Any],
                          standing: pd.DataFrame | None) -> list[Finding]:
    """Write per outcome the groups that meet it more often than the rest, after correction.

    Parameters
    ----------
    tables : mapping
        The wave's published tables: the figures' tables (``discr-<breakdown>``,
        ``ub-<breakdown>``) give the shares, ``kerncijfers`` the total.
    standing : pandas.DataFrame or None
        :func:`standing_out_groups` (codes); None when the wave has no tests against the rest.
        A group whose share the figure does not show is not named.
    """
    key = _data(tables.get("kerncijfers"))
    standing = standing if standing is not None else pd.DataFrame(
        columns=["indicator", "breakdown", "group"])
    codes = {"discriminatie ervaren": "discr_ja",
             "ongewenst gedrag (minstens één vorm)": "ub_any"}
    out = []
    for indicator, (label, prefix, (one, more)) in STANDING_OUT_LABELS.items():
        total = None
        if key is not None:
            rows = key[(key["indicator"] == indicator) & (key["group"] == "Totaal")]
            if not rows.empty and pd.notna(rows["estimate"].iloc[0]):
                total = float(rows["estimate"].iloc[0])
        named_rows = []
        for hit in standing[standing["indicator"] == codes[indicator]].itertuples(index=False):
            figure = _data(tables.get(f"{prefix}-{hit.breakdown}"))
            if figure is None:
                continue
            row = figure[(figure["group"] == hit.group) & figure["estimate"].notna()]
            if not row.empty:
                named_rows.append((str(row["breakdown"].iloc[0]), str(hit.group),
                                   float(row["estimate"].iloc[0])))
        links = (Link(*WHERE[prefix]),)
        if not named_rows:
            out.append(Finding(label, f"Geen groep {one} dan de rest van de medewerkers "
                               "(na correctie voor meervoudig toetsen).", links))
            continue
        named_rows.sort(key=lambda r: -r[2])
        named = [f"{group_name(b, g)} {pct(e)}" for b, g, e in named_rows[:LISTED + 1]]
        rest = len(named_rows) - len(named)
        count = len(named_rows)
        # each group is tested against everyone else: a large group lies close to the total
        # and can still be well above the rest ("leidinggevende: nee 13%", total 13%)
        total_text = (f" (elke groep vergeleken met alle andere medewerkers samen; in het totaal "
                      f"{pct(total)})" if total is not None else "")
        text = (f"{count} {'groep' if count == 1 else 'groepen'} "
                f"{one if count == 1 else more} dan de rest van de medewerkers{total_text}, "
                f"significant na correctie voor meervoudig toetsen (Benjamini-Hochberg): "
                + (f"{', '.join(named)} en nog {rest} {'andere' if rest > 1 else 'andere groep'}"
                   if rest else _join(named)) + ".")
        out.append(Finding(label, text, links))
    return out


# --- the council's targets -------------------------------------------------------------------

def judge(value: float, target: float, step: float = 0.0) -> str:
    """Verdict of a published (rounded) value against a target it must reach.

    A value rounded to ``step`` stands for any true value within half a step; where that
    range holds the target, the rounded figure cannot decide.

    Examples
    --------
    >>> judge(0.22, 0.30, 0.01), judge(0.31, 0.30, 0.01), judge(float("nan"), 0.3)
    ('niet gehaald', 'gehaald', 'geen gegevens')
    >>> judge(0.20, 0.20, 0.01)
    'niet te beoordelen: het afgeronde cijfer ligt op het doel'
    """
    if value is None or pd.isna(value):
        return NO_DATA
    low, high = round(value - step / 2, 10), round(value + step / 2, 10)
    if low >= target:
        return MET
    if high <= target and not (step == 0 and value >= target):
        return NOT_MET
    return ROUNDED_ON_TARGET


def _target_link(doel: str, targets: Any) -> Link:
    text = doel.lower()
    if "35" in text:
        return Link("representatie", targets.heading("under_35"))
    if "cluster" in text or "groei" in text:
        return Link("representatie", targets.heading("clusters"))
    return Link("representatie", targets.heading("12plus"))


def doelen_findings(frame: pd.DataFrame, wave: int, targets: Any) -> list[Finding]:
    """Write one finding per target of the ``doelen`` table: value, target and verdict.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table's published data, with :data:`DOELEN_COLUMNS` (``waarde`` a fraction or
        NaN, ``streefwaarde`` a fraction).
    wave : int
        The report's wave: the latest year up to it is judged.
    targets : Targets
        Only for the headings the findings link to.

    Returns
    -------
    list of Finding
        One per target (``doel``), in the table's order.

    Examples
    --------
    >>> from pipeline.analysis.representation import Targets
    >>> t = pd.DataFrame({"doel": ["Jonger dan 35"] * 2, "eenheid": "organisatie",
    ...     "jaar": [2024, 2025], "waarde": [0.21, 0.19], "streefwaarde": 0.2,
    ...     "oordeel": ["gehaald", "niet gehaald"]})
    >>> print(doelen_findings(t, 2026, Targets())[0].text)
    In 2025 19,0% (doel: 20%): niet gehaald.

    Values are written as the table judges them, with one decimal (19,94% is 19,9%, not
    "20%" next to "niet gehaald").
    """
    out = []
    frame = frame[pd.to_numeric(frame["jaar"], errors="coerce") <= wave]
    for doel, rows in frame.groupby("doel", sort=False):
        latest = int(rows["jaar"].max())
        rows = rows[rows["jaar"] == latest]
        org = rows[rows["eenheid"] == ORGANISATION]
        units = rows[rows["eenheid"] != ORGANISATION]
        parts = []
        for r in org.itertuples(index=False):
            parts.append(f"In {latest} {pct(r.waarde, 1)} (doel: {_goal(r.streefwaarde)}): "
                         f"{r.oordeel}.")
        if not units.empty:
            by: dict[str, list[str]] = {v: [] for v in VERDICTS}
            for r in units.itertuples(index=False):
                by.setdefault(str(r.oordeel), []).append(
                    str(r.eenheid) if pd.isna(r.waarde)
                    else f"{r.eenheid} ({pct(r.waarde, 1)}, doel {_goal(r.streefwaarde)})")
            met = len(by[MET])
            text = (f"In {latest} haalde geen van de {len(units)} clusters het doel" if not met
                    else f"In {latest} {'haalde' if met == 1 else 'haalden'} {met} van de "
                    f"{len(units)} clusters het doel: {_join(by[MET])}")
            text += f"; niet gehaald: {_join(by[NOT_MET]) or 'geen'}"
            text += f"; geen gegevens: {_join(by[NO_DATA])}" if by[NO_DATA] else ""
            parts.append(text + ".")
        out.append(Finding(f"Doel: {doel}", " ".join(parts), (_target_link(str(doel), targets),)))
    return out


def _goal(value: float) -> str:
    """Write a target as a percentage, with one decimal where it has one (20%, 23,6%).

    Examples
    --------
    >>> _goal(0.2), _goal(0.2362), _goal(0.3)
    ('20%', '23,6%', '30%')
    """
    tenths = round(value * 1000)
    return pct(value) if tenths % 10 == 0 else pct(value, 1)


def _series_value(table: Any, group: str | None = None) -> tuple[int, float] | None:
    """Return the latest year and value of a published per-year series (``wave`` = year)."""
    data = _data(table)
    if data is None or data.empty:
        return None
    if group is not None:
        data = data[data["group"] == group]
    data = data.assign(year=pd.to_numeric(data["wave"], errors="coerce"))
    data = data[data["estimate"].notna()]
    if data.empty:
        return None
    row = data.sort_values("year").iloc[-1]
    return int(row["year"]), float(row["estimate"])


def _years_series(table: Any) -> pd.Series:
    """Return the ``jong`` series: year -> share.

    The year is the row's ``wave`` (a series with the years as columns), or its ``group``
    where a long table keys the years by group.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> wide = pd.DataFrame({"wave": [2025, 2026], "group": "Totaal", "estimate": [.2, .21]})
    >>> _years_series(SimpleNamespace(data=wide)).to_dict()
    {2025: 0.2, 2026: 0.21}
    >>> long = pd.DataFrame({"wave": 2026, "group": ["2025", "2026"], "estimate": [.2, .21]})
    >>> _years_series(SimpleNamespace(data=long)).to_dict()
    {2025: 0.2, 2026: 0.21}
    """
    data = _data(table)
    if data is None or data.empty:
        return pd.Series(dtype=float)
    years = pd.to_numeric(data["group"], errors="coerce")
    if years.isna().all():
        years = pd.to_numeric(data["wave"], errors="coerce")
    return pd.Series(data["estimate"].to_numpy(), index=years).dropna().sort_index()


def _target_text(what: str, found: tuple[int, float] | None, target: float, step: float,
                 source: str) -> str:
    if found is None:
        return f"{what}: het doel is {pct(target)}; er is geen gepubliceerd cijfer ({source})."
    year, value = found
    return (f"{what}: {pct(value)} in {year}; het doel is {pct(target)}: "
            f"{judge(value, target, step)}.")


def published_target_findings(tables: Mapping[str, Any], targets: Any,
                              step: float) -> list[Finding]:
    """Judge the targets from the representation tables published today (no ``doelen``).

    Parameters
    ----------
    tables : mapping
        The wave's published tables by name (``doel-12``, ``clusters-groei``, ``jong``).
    targets : Targets
        The council's targets (``representation`` in params.yaml).
    step : float
        Rounding step of a published share (``0.01`` for whole percentages).
    """
    twelve = _series_value(tables.get("doel-12"), "12+")
    out = [Finding(f"Doel: {pct(targets.share_12plus)} vanaf schaal 12",
                   _target_text("Buiten-Europese herkomst vanaf schaal 12", twelve,
                                targets.share_12plus, step, "CBS"),
                   (Link("representatie", targets.heading("12plus")),))]
    out.append(_cluster_finding(tables.get("clusters-groei"), targets, step))
    young = _years_series(tables.get("jong"))
    found = (int(young.index[-1]), float(young.iloc[-1])) if not young.empty else None
    out.append(Finding(f"Doel: {pct(targets.under_35)} jonger dan 35",
                       _target_text("Medewerkers jonger dan 35", found, targets.under_35, step,
                                    "personeelsregistratie"),
                       (Link("representatie", targets.heading("under_35")),)))
    return out


def _cluster_finding(table: Any, targets: Any, step: float) -> Finding:
    label = f"Doel: {pct(targets.cluster_growth)} groei per cluster"
    link = (Link("representatie", targets.heading("clusters")),)
    goal = (f"het aandeel Buiten-Europese herkomst vanaf schaal 12 groeit in elk cluster met "
            f"{pct(targets.cluster_growth)} tussen {targets.base_year} en {targets.target_year}")
    data = _data(table)
    if data is None or data.empty:
        return Finding(label, f"Het doel: {goal}. Er zijn geen gepubliceerde cijfers per "
                       "cluster.", link)
    now = [str(i) for i in data["indicator"].unique()
           if str(i).startswith("schaal 12+ in ") and str(i) != f"schaal 12+ in "
           f"{targets.base_year}"]
    years = [int(m.group(1)) for i in now if (m := re.search(r"(\d{4})$", i))]
    latest = max(years, default=targets.base_year)
    if latest < targets.target_year:
        return Finding(label, f"Het doel: {goal}. Nog niet te beoordelen: het laatste CBS-cijfer "
                       f"is van {latest}, het doeljaar is {targets.target_year}.", link)
    wide = data.pivot_table(index="group", columns="indicator", values="estimate",
                            aggfunc="first", dropna=False)
    required = next((c for c in wide.columns if str(c).startswith("nodig in")), None)
    verdicts: dict[str, list[str]] = {}
    for cluster, row in wide.iterrows():
        value = row.get(f"schaal 12+ in {latest}", math.nan)
        need = row.get(required, math.nan) if required else math.nan
        verdict = NO_DATA if pd.isna(need) else judge(value, float(need), step)
        shown = (str(cluster) if verdict == NO_DATA
                 else f"{cluster} ({pct(value)}, nodig {pct(need)})")
        verdicts.setdefault(verdict, []).append(shown)
    text = (f"Het doel: {goal}. In {latest} gehaald: {_join(verdicts.get(MET, [])) or 'geen'}; "
            f"niet gehaald: {_join(verdicts.get(NOT_MET, [])) or 'geen'}")
    if verdicts.get(ROUNDED_ON_TARGET):
        text += f"; {ROUNDED_ON_TARGET}: {_join(verdicts[ROUNDED_ON_TARGET])}"
    if verdicts.get(NO_DATA):
        text += f"; geen gegevens: {_join(verdicts[NO_DATA])}"
    return Finding(label, text + ".", link)


def _fraction(value: Any) -> float:
    """Read a published share as a fraction: a number, or Dutch text such as ``19,9%``.

    Examples
    --------
    >>> _fraction(0.23), _fraction("19,9%"), _fraction("·")
    (0.23, 0.199, nan)
    """
    if isinstance(value, str):
        text = value.strip().replace(".", "").replace(",", ".")
        try:
            return round(float(text.rstrip("%")) / 100, 10) if text.endswith("%") else float(text)
        except ValueError:
            return math.nan
    return float(value) if value is not None and pd.notna(value) else math.nan


def doelen_frame(table: Any) -> pd.DataFrame | None:
    """Return the published ``doelen`` rows with :data:`DOELEN_COLUMNS`, or None.

    The columns are read from the table's data, or else from its display (Dutch text:
    ``23%``); a table without them is not the ``doelen`` table this module knows.
    """
    data = _data(table)
    if data is None or not set(DOELEN_COLUMNS) <= set(data.columns):
        display = getattr(table, "display", None)
        if not isinstance(display, pd.DataFrame) or not set(DOELEN_COLUMNS) <= set(display):
            return None
        data = display.copy()
    data = data.assign(jaar=pd.to_numeric(data["jaar"], errors="coerce"),
                       waarde=[_fraction(v) for v in data["waarde"]],
                       streefwaarde=[_fraction(v) for v in data["streefwaarde"]])
    return data[list(DOELEN_COLUMNS)]


def target_findings(tables: Mapping[str, Any], wave: int, targets: Any,
                    step: float) -> list[Finding]:
    """Write every council target with its value, the target and the verdict."""
    doelen = doelen_frame(tables.get(DOELEN))
    if doelen is not None and not doelen.empty:
        return doelen_findings(doelen, wave, targets)
    return published_target_findings(tables, targets, step)


def wave_findings(tables: Mapping[str, Any], wave: int, targets: Any, step: float = 0.01,
                  standing: pd.DataFrame | None = None) -> list[Finding]:
    """Write the samenvatting of one wave: five to eight findings, each with its links.

    Parameters
    ----------
    tables : mapping of str to PublishedTable or note
        The wave's published tables by name (a note, with ``text``, for a table the wave
        cannot give; a name that is absent counts as not published).
    wave : int
        Survey year.
    targets : Targets
        The council's targets.
    step : float
        Rounding step of a published share.
    standing : pandas.DataFrame, optional
        The groups that stand out (:func:`standing_out_groups`).

    Returns
    -------
    list of Finding
        The headline totals, the other items, the groups that changed, the groups that stand
        out, and every target.
    """
    found = [headline_finding(tables)]
    found += [f for f in (other_changes_finding(tables), group_changes_finding(tables)) if f]
    found += standing_out_findings(tables, standing)
    found += target_findings(tables, wave, targets, step)
    return found


def findings_markdown(findings: Sequence[Finding]) -> str:
    """Return the findings as one numbered Markdown list."""
    return "\n".join(f.markdown() for f in findings)


def ledger_tables(ledger: Any) -> dict[str, Any]:
    """Return a wave ledger's published tables and notes by name (for :func:`wave_findings`)."""
    from pipeline.report.availability import Note

    tables: dict[str, Any] = {name: Note(u.text) for name, u in ledger.unavailable.items()}
    tables |= {name: entry.table for name, entry in ledger.entries.items()}
    return tables


def share_step(rules: Any) -> float:
    """Return the rounding step of a published share (0.01 for whole percentages)."""
    return 10.0 ** -(int(rules.round_percent) + 2)


# --- the monitor on the index page -----------------------------------------------------------

def _cell(text: str, numeric: bool = True) -> str:
    cls = ' class="num"' if numeric else ""
    return f"<td{cls}>{html.escape(text)}</td>"


def monitor_key_figures(waves: Mapping[int, Mapping[str, Any]]) -> str:
    """HTML table: the key figures of every wave side by side, the change and its verdict.

    Parameters
    ----------
    waves : mapping of int to mapping
        Per wave its published tables by name (``kerncijfers`` and ``trend``).

    Returns
    -------
    str
        One ``<table>`` (caption, column headers, row headers), or a sentence when no wave has
        published key figures.
    """
    order = sorted(waves)
    values: dict[str, dict[int, str]] = {}
    changes: dict[str, dict[int, tuple[str, str]]] = {}
    pairs: list[tuple[int, int]] = []
    for wave in order:
        key = _data(waves[wave].get("kerncijfers"))
        if key is not None:
            for r in key[key["group"] == "Totaal"].itertuples(index=False):
                values.setdefault(str(r.indicator), {})[wave] = pct(r.estimate)
        parts = _trend_rows(waves[wave].get("trend"))
        if parts is None:
            continue
        current, _ = parts
        current = current[current.get("family") == CONFIRMATORY] if "family" in current else (
            current.iloc[0:0])
        if current.empty:
            continue
        previous = int(current["wave_b"].iloc[0])
        pairs.append((previous, wave))
        for _, r in current.iterrows():
            changes.setdefault(str(r["indicator"]), {})[wave] = (
                _signed(float(r["diff"]) * 100, 1), str(r["verdict"]))
    if not values:
        return "<p>Nog geen gepubliceerde kerncijfers.</p>"
    head = ['<th scope="col">Kerncijfer</th>']
    head += [f'<th scope="col" class="num">{w}</th>' for w in order]
    for before, after in pairs:
        head += [f'<th scope="col" class="num">Verschil {before}–{after} (procentpunt)</th>',
                 f'<th scope="col">Toets {before}–{after}</th>']
    body = []
    for indicator, by_wave in values.items():
        cells = [f'<th scope="row">{html.escape(indicator[:1].upper() + indicator[1:])}</th>']
        cells += [_cell(by_wave.get(w, "–")) for w in order]
        for _, after in pairs:
            diff, verdict = changes.get(indicator, {}).get(after, ("–", "–"))
            cells += [_cell(diff), _cell(verdict, numeric=False)]
        body.append(f"<tr>{''.join(cells)}</tr>")
    return ('<table class="monitor-table">\n<caption>Kerncijfers per meting: aandeel '
            "respondenten in de twaalf maanden voor het onderzoek, en de verandering sinds de "
            "vorige meting (toets op de kerncijfers samen, correctie volgens Holm)</caption>\n"
            f"<thead><tr>{''.join(head)}</tr></thead>\n<tbody>\n" + "\n".join(body)
            + "\n</tbody>\n</table>")


def monitor_representation(tables: Mapping[str, Any], targets: Any) -> str:
    """HTML table: the representation series per year, with the targets in the headers.

    Parameters
    ----------
    tables : mapping
        The latest wave's published tables (``doel-12`` and ``jong`` hold every year up to
        it).
    targets : Targets
        The council's targets.
    """
    twelve = _data(tables.get("doel-12"))
    series: dict[str, pd.Series] = {}
    if twelve is not None and not twelve.empty:
        rows = twelve[twelve["group"] == "12+"]
        series[f"Buiten-Europese herkomst vanaf schaal 12 (doel {pct(targets.share_12plus)})"] = (
            pd.Series(rows["estimate"].to_numpy(),
                      index=pd.to_numeric(rows["wave"], errors="coerce")))
    young = _years_series(tables.get("jong"))
    if not young.empty:
        series[f"Jonger dan 35 (doel {pct(targets.under_35)})"] = young
    if not series:
        return "<p>Nog geen gepubliceerde representatiecijfers.</p>"
    years = sorted({int(y) for s in series.values() for y in s.index if pd.notna(y)})
    head = ['<th scope="col">Jaar</th>'] + [f'<th scope="col" class="num">{html.escape(c)}</th>'
                                            for c in series]
    body = []
    for year in years:
        cells = [f'<th scope="row">{year}</th>']
        for s in series.values():
            value = s.get(year, math.nan) if year in s.index else math.nan
            cells.append(_cell(pct(float(value))))
        body.append(f"<tr>{''.join(cells)}</tr>")
    return ('<table class="monitor-table">\n<caption>Representatie per jaar (31 december): '
            "aandeel medewerkers, met het doel van het college</caption>\n"
            f"<thead><tr>{''.join(head)}</tr></thead>\n<tbody>\n" + "\n".join(body)
            + "\n</tbody>\n<tfoot><tr><td colspan=\"" + str(len(series) + 1) + "\">"
            "– = geen gepubliceerd cijfer voor dat jaar. Herkomst: CBS; leeftijd: "
            "personeelsregistratie.</td></tr></tfoot>\n</table>")


def monitor_targets(findings: Sequence[Finding], wave: int) -> str:
    """HTML list of the target findings of the latest wave, linked to its pages."""
    items = []
    for f in findings:
        where = "; ".join(f'<a href="{wave}/{link.href}">{html.escape(link.text)}</a>'
                          for link in dict.fromkeys(f.links))
        items.append(f"<li><strong>{html.escape(f.label)}.</strong> {html.escape(f.text)} "
                     f"Zie {where}.</li>")
    return f"<ul>{''.join(items)}</ul>" if items else ""
