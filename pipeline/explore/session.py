"""The explorer: one wave, weighted once, every result through the wave's ledger."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from pipeline.analysis.catalogue import BASES, BREAKDOWN_LABELS, BY_NAME, CATALOGUE, group_rank
from pipeline.analysis.trend_stage import comparable_indicators, family_settings
from pipeline.analysis.wave import load_wave
from pipeline.config import load_params, project_paths
from pipeline.disclosure.ledger import Unavailable, WaveLedger, read_wave_ledger
from pipeline.disclosure.published import MARK, PublishedTable
from pipeline.explore.errors import ExploreError, unknown
from pipeline.explore.gate import publish_query
from pipeline.explore.query import Query, build
from pipeline.explore.result import (
    Result,
    dutch_p,
    hidden_cells,
    interval_text,
    mean_texts,
    signed,
)
from pipeline.report.narrative import trend_verdict
from pipeline.stats.compare import assign_families, compare_waves, group_vs_rest
from pipeline.stats.design import SurveyDesign

EXTRA_BREAKDOWNS = ("religion", "education", "directie")
"""Variables the explorer breaks down by besides the reports' breakdowns."""
REGISTER_SECTION = "representatie"
"""The ledger section of the register and CBS tables."""
REPRESENTATION = {"cluster": "clusters-groei", "schaal": "herkomst-schaal", "jaar": "doel-12",
                  "gemeente": "gemeente-trend", "schaal 15+": "schaal-15",
                  "indeling": "indelingen", "leeftijd": "jong"}
"""Representation figures by unit, as the ledger publishes them."""


def _listed(value: str | Sequence[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(str(v) for v in value)


class Explorer:
    """One wave, weighted to the register, publishing every result through its ledger.

    Every result is gated against the wave's publication ledger and itself only (stateless:
    the same question gives the same answer whatever was asked before). The respondent data
    stay inside; no attribute or method returns them.

    Examples
    --------
    In JupyterLab (``make lab``)::

        ex = Explorer.load(2026)
        ex.breakdown("discr_ja", by="directie")
        ex.breakdown("ub_any", by=["cluster", "gender"], where={"gender": ["man", "vrouw"]})
        ex.breakdown("ps_score", by="herkomst", test=True)
        ex.change("discr_ja", by="cluster", group="Sociaal")
    """

    __slots__ = ("_cluster_of", "_design", "_ledger", "_options", "_others", "_params",
                 "_replicates", "_study", "wave")

    def __init__(self, wave: int, design: SurveyDesign, ledger: WaveLedger,
                 params: Mapping[str, Any], replicates: int | None = None,
                 cluster_of: Mapping[str, str] | None = None) -> None:
        self.wave = int(wave)
        self._design = design
        self._ledger = ledger
        self._params = dict(params)
        self._replicates = replicates
        self._others: dict[int, Explorer] = {}
        self._cluster_of = dict(cluster_of or {})  # the organisation chart: directie -> cluster
        est = self._params["estimation"]
        self._options = {"alpha": float(est.get("alpha", 0.05)),
                         "small_n": int(est.get("small_n", 30)),
                         "min_expected": float(est.get("min_expected", 10))}

    def __repr__(self) -> str:
        return f"Explorer(wave={self.wave})"

    @classmethod
    def load(cls, wave: int, replicates: int | None = None) -> Explorer:
        """Weight a wave to the register at its peildatum and read its ledger.

        Parameters
        ----------
        wave : int
            Survey year (needs the processed survey and the ledger: ``make reports``).
        replicates : int, optional
            Bootstrap replicates (default from ``params.yaml``, as the reports).
        """
        params = load_params()
        waves = [int(w) for w in params.get("waves", [])]
        if waves and int(wave) not in waves:
            raise unknown("meting", wave, [str(w) for w in waves], where="params.yaml: waves")
        path = project_paths(params).artefact("publication", wave)
        if not path.is_file():
            raise ExploreError(f"{path}: the publication ledger of {wave} is missing; run "
                               "make reports first (the explorer publishes on top of it)")
        ledger = read_wave_ledger(path)
        data = load_wave(params, int(wave),
                         [*params["estimation"]["breakdowns"], *EXTRA_BREAKDOWNS])
        weighting = dict(params["weighting"])
        if replicates is not None:
            weighting["replicates"] = int(replicates)
        from pipeline.report.units import parents

        # the organisation chart as the publication stage reads it (pipeline.report.tables)
        chart = parents(pd.read_parquet(project_paths(params).artefact("hr")))
        return cls(int(wave), data.design(weighting), ledger, params, replicates, chart)

    # --- what there is ------------------------------------------------------------------

    @property
    def indicators(self) -> pd.DataFrame:
        """Indicators of this wave: name, Dutch label, who the share is among, kind."""
        have = [i for i in CATALOGUE if i.name in self._design.data]
        return pd.DataFrame({
            "indicator": [i.name for i in have], "label": [i.label for i in have],
            "basis": [BASES.get(i.base, i.base) for i in have],
            "soort": ["percentage" if i.kind == "proportion" else "gemiddelde" for i in have]})

    def _variables(self) -> list[str]:
        data = self._design.data
        return [c for c in data.columns
                if c not in BY_NAME and c != "gender_hr" and data[c].notna().any()]

    @property
    def breakdowns(self) -> pd.DataFrame:
        """Variables to break down by: name, Dutch label and number of categories."""
        names = self._variables()
        data = self._design.data
        return pd.DataFrame({"variabele": names,
                             "label": [BREAKDOWN_LABELS.get(v, v) for v in names],
                             "categorieën": [int(data[v].nunique()) for v in names]})

    def groups(self, variable: str) -> list[str]:
        """Categories of a variable, in reading order (names only, no counts)."""
        self._check_variable(variable)
        values = [str(v) for v in self._design.data[variable].dropna().unique()]
        return sorted(values, key=lambda g: (group_rank(variable, g), g))

    @property
    def register_tables(self) -> pd.DataFrame:
        """The register and CBS tables the wave's reports publish (name and caption)."""
        entries = self._ledger.section(REGISTER_SECTION)
        return pd.DataFrame({"tabel": [e.table.name for e in entries],
                             "titel": [e.table.caption for e in entries]})

    # --- checks -------------------------------------------------------------------------

    def _check_indicator(self, name: str) -> None:
        have = [i for i in CATALOGUE if i.name in self._design.data]
        if name not in {i.name for i in have}:
            names = [i.name for i in have]
            if name in BY_NAME:
                raise ExploreError(f"indicator {name!r} is in de meting van {self.wave} niet "
                                   "gevraagd (zie Explorer.indicators); een andere meting: "
                                   "Explorer.at(jaar)")
            raise unknown("indicator", name, names)

    def _check_variable(self, name: str) -> None:
        if name not in self._variables():
            raise unknown("variabele", name, self._variables())

    def _check_groups(self, variable: str, groups: Sequence[str]) -> None:
        have = self.groups(variable)
        for g in groups:
            if g not in have:
                raise unknown("groep", g, have, where=f"Explorer.groups({variable!r})")

    def _query(self, indicator: str, by: str | Sequence[str] | None,
               where: Mapping[str, str | Sequence[str]] | None,
               merge: Mapping[str, Mapping[str, Sequence[str]]] | None) -> Query:
        if not isinstance(indicator, str):
            raise ExploreError(f"indicator moet een naam zijn, niet {type(indicator).__name__}")
        self._check_indicator(indicator)
        spec = () if by is None else _listed(by)
        if len(spec) > 2 or len(set(spec)) != len(spec):
            raise ExploreError(f"by: één of twee verschillende variabelen, niet {list(spec)}")
        for v in spec:
            self._check_variable(v)
        restrictions = []
        for v, cats in (where or {}).items():
            self._check_variable(v)
            listed = _listed(cats)
            self._check_groups(v, listed)
            restrictions.append((v, tuple(sorted(listed))))
        merges = []
        for v, groups in (merge or {}).items():
            self._check_variable(v)
            pairs = []
            for label, cats in groups.items():
                listed = _listed(cats)
                self._check_groups(v, listed)
                pairs.append((str(label), tuple(sorted(listed))))
            merges.append((v, tuple(sorted(pairs))))
        return Query(indicator, spec, tuple(sorted(restrictions)), tuple(sorted(merges)))

    # --- publishing ---------------------------------------------------------------------

    @property
    def _source_line(self) -> str:
        return (f"Medewerkersonderzoek {self.wave}, gewogen naar de personeelsregistratie "
                f"({self._design.n_replicates} bootstrapreplicaten); verkenning via "
                "pipeline.explore, gecontroleerd tegen het publicatieplan van de rapporten")

    def _publish(self, query: Query, caption: str | None = None
                 ) -> tuple[PublishedTable, pd.DataFrame, bool, bool]:
        rules = self._ledger.rules
        frame, links, shown_n, _ = build(self._design, query, self._options,
                                         rules.min_n("survey"), self._cluster_of)
        item = BY_NAME[query.indicator]
        label = " × ".join(BREAKDOWN_LABELS.get(b, b).lower() for b in query.by)
        text = caption or (f"{item.label[0].upper()}{item.label[1:]}"
                           + (f", naar {label}" if label else "") + query.describe()
                           + f" ({self.wave})")
        gated = publish_query(self._ledger, frame, links, shown_n, query.name, text)
        return gated.table, frame, gated.reasons_named, gated.withheld_whole

    def _result(self, query: Query, caption: str | None = None) -> Result:
        table, frame, named, whole = self._publish(query, caption)
        rules = self._ledger.rules
        notes = []
        if whole:
            notes.append("Alleen het totaal getoond: de uitsplitsing zou samen met de tabellen "
                         "van de rapporten cellen herleidbaar maken.")
        if query.kept and "totaal" in set(frame["breakdown"].str.casefold()):
            notes.append("Totaal: alle respondenten, ook die in de weggelaten categorieën.")
        withheld = hidden_cells(table, rules, "survey", named)
        withheld += _withheld_crossing(table, frame, rules)
        means = None
        if BY_NAME[query.indicator].kind == "mean" and not whole:
            means = mean_texts(table, frame, rules.round_mean, rules.round_mean + 2)
        return Result(caption=table.caption, source=self._source_line, published=table,
                      _withheld=tuple(withheld), _notes=tuple(notes), _means=means)

    def breakdown(self, indicator: str, by: str | Sequence[str] | None = None, *,
                  where: Mapping[str, str | Sequence[str]] | None = None,
                  merge: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
                  test: bool = False, caption: str | None = None) -> Result:
        """Estimate an indicator by one or two variables, gated against the wave's ledger.

        Parameters
        ----------
        indicator : str
            A name from :attr:`indicators`.
        by : str or sequence of two str, optional
            Variables from :attr:`breakdowns` (none: the total only).
        where : mapping, optional
            Keep only these categories: ``{"gender": ["man", "vrouw"]}``. On a variable of
            ``by`` it leaves the other categories out of the table; on another variable it
            restricts the table to that subset.
        merge : mapping, optional
            Merge categories: ``{"gender": {"anders/non-binair": ["anders", "non-binair"]}}``.
        test : bool, default False
            Add each group against the rest of the table (difference, p-value corrected by
            Benjamini-Hochberg over the groups shown, verdict).
        caption : str, optional
            Caption (default: generated in Dutch).

        Returns
        -------
        Result
            Shown as an HTML table in JupyterLab; ``.to_excel()``, ``.to_csv()``.
        """
        query = self._query(indicator, by, where, merge)
        result = self._result(query, caption)
        if test and query.by:
            result = self._with_tests(query, result)
        return result

    def _with_tests(self, query: Query, result: Result) -> Result:
        from pipeline.explore.query import frame_of

        data = frame_of(self._design, query)
        mask = np.ones(len(data), dtype=bool)
        for variable, cats in query.where:
            mask &= data[variable].isin(list(cats)).fillna(False).to_numpy(dtype=bool)
        design = SurveyDesign(data, self._design.weights, self._design.replicates, None,
                              self.wave).subset(mask)
        item = BY_NAME[query.indicator]
        kinds = ([query.indicator], []) if item.kind == "proportion" else ([], [query.indicator])
        by = list(query.by)
        tests = group_vs_rest(design, kinds[0], by if len(by) == 1 else [], means=kinds[1],
                              two_way=[tuple(by)] if len(by) == 2 else (),
                              alpha=self._options["alpha"], method="none")
        published = result.published.data
        shown = published[published["status"] == "shown"]["group"].astype(str).tolist()
        tests = tests[tests["group"].astype(str).isin(shown) & tests["p"].notna()]
        settings = family_settings(self._params["estimation"])
        tests = assign_families(tests, method=settings["method"], family="all")
        by_group = {str(r.group): r for r in tests.itertuples(index=False)}
        scale, unit, digits = ((100.0, "procentpunt", self._ledger.rules.round_percent + 1)
                               if item.kind == "proportion" else
                               (1.0, "punt", self._ledger.rules.round_mean + 1))
        diff, p, p_adj, verdict = [], [], [], []
        numbers: dict[str, list[float]] = {"diff_rest": [], "p": [], "p_adj": []}
        alpha = self._options["alpha"]
        for group in published["group"].astype(str):
            row = by_group.get(group)
            if row is None:
                for column in (diff, p, p_adj):
                    column.append(MARK)
                verdict.append("" if group == "Totaal" else MARK)
                for values in numbers.values():
                    values.append(np.nan)
                continue
            diff.append(signed(row.diff * scale, digits))
            p.append(dutch_p(row.p))
            p_adj.append(dutch_p(row.p_adj))
            if row.p_adj < alpha:
                verdict.append("significant hoger" if row.diff > 0 else "significant lager")
            else:
                verdict.append("geen significant verschil")
            numbers["diff_rest"].append(float(row.diff))
            numbers["p"].append(float(row.p))
            numbers["p_adj"].append(float(row.p_adj))
        for column in (diff, p, p_adj):
            for i, group in enumerate(published["group"].astype(str)):
                if group == "Totaal":
                    column[i] = ""
        columns = {f"Verschil met de rest ({unit})": diff, "p": p,
                   "p (gecorrigeerd, BH)": p_adj, "Toets": verdict}
        note = ("Toets: elke groep tegen de rest van de respondenten in de tabel (Wald, "
                "replicaatgewichten); p gecorrigeerd met Benjamini-Hochberg over de getoonde "
                f"groepen; significant bij gecorrigeerde p < {format(alpha, 'g')}.")
        return Result(caption=result.caption, source=result.source, published=result.published,
                      _columns=columns, _numbers=numbers, _withheld=result._withheld,
                      _notes=(*result._notes, note), _means=result._means)

    def reportable(self, by: str = "directie", indicator: str = "discr_ja") -> pd.DataFrame:
        """Which groups of a variable can be reported (for an indicator), and why not.

        Returns
        -------
        pandas.DataFrame
            ``Groep``, ``Te rapporteren`` (ja/nee) and ``Reden`` (the rule that hides it).
        """
        result = self.breakdown(indicator, by=by)
        data = result.published.data
        reasons = dict(result._withheld)
        rows = []
        for group in self.groups(by):
            match = data[data["group"].astype(str) == group]
            status = str(match["status"].iloc[0]) if len(match) else "withheld"
            rows.append({"Groep": group, "Te rapporteren": "ja" if status == "shown" else "nee",
                         "Reden": "" if status == "shown" else reasons.get(
                             group, "niet in de tabel (te weinig respondenten)")})
        return pd.DataFrame(rows)

    # --- waves --------------------------------------------------------------------------

    def _other(self, wave: int) -> Explorer:
        if wave not in self._others:
            self._others[wave] = Explorer.load(wave, self._replicates)
            self._others[wave]._others[self.wave] = self
        return self._others[wave]

    def at(self, wave: int) -> Explorer:
        """Return the explorer of another wave (loaded once, with the same replicates)."""
        waves = [int(w) for w in self._params["waves"]]
        if int(wave) not in waves:
            raise unknown("meting", wave, [str(w) for w in waves], where="params.yaml: waves")
        return self if int(wave) == self.wave else self._other(int(wave))

    def change(self, indicator: str, by: str | Sequence[str] | None = None, *,
               group: str | None = None, since: int | None = None,
               where: Mapping[str, str | Sequence[str]] | None = None,
               merge: Mapping[str, Mapping[str, Sequence[str]]] | None = None) -> Result:
        """Return the change since an earlier wave for every cell (or one group), with its test.

        Each wave's cells pass that wave's ledger; a change is shown only where both are.
        The change of a headline total is adjusted by Holm with the other headline totals
        (the confirmatory family of the reports); other changes by Benjamini-Hochberg over the
        cells shown (exploratory).

        Parameters
        ----------
        indicator, by, where, merge
            As in :meth:`breakdown`.
        group : str, optional
            Show this group only (its test is still corrected over the table's groups).
        since : int, optional
            The earlier wave (default: the wave before this one in ``params.yaml``).
        """
        query = self._query(indicator, by, where, merge)
        waves = sorted(int(w) for w in self._params["waves"])
        earlier = [w for w in waves if w < self.wave]
        if since is None:
            if not earlier:
                raise ExploreError(f"er is geen meting vóór {self.wave}")
            since = earlier[-1]
        if int(since) not in earlier:
            raise unknown("meting", since, [str(w) for w in earlier], where="params.yaml: waves")
        if group is not None and query.by:
            valid = self.groups(query.by[0]) if len(query.by) == 1 else None
            if valid is not None and group not in valid:
                raise unknown("groep", group, valid, where=f"Explorer.groups({query.by[0]!r})")
        other = self._other(int(since))
        other._check_indicator(indicator)
        now_table, now_frame, _, _ = self._publish(query)
        then_table, then_frame, _, _ = other._publish(query)
        paths = project_paths(self._params)
        from pipeline.ingest.waves import wave_mapping

        comparable_names = comparable_indicators(wave_mapping(paths, self.wave),
                                                 wave_mapping(paths, int(since)))
        settings = family_settings(self._params["estimation"])
        label = BY_NAME[indicator].label
        compared = compare_waves(now_frame, then_frame,
                                 {BY_NAME[i].label for i in comparable_names if i in BY_NAME},
                                 alpha=self._options["alpha"], method="none")
        shown_now = _shown(now_table)
        shown_then = _shown(then_table)
        keep = compared.apply(lambda r: (str(r["breakdown"]), str(r["group"])) in shown_now
                              and (str(r["breakdown"]), str(r["group"])) in shown_then
                              and r["p"] == r["p"], axis=1)
        tested = compared[keep]
        headline = (indicator in settings["confirmatory"] and not query.where
                    and not query.merge)
        tested = assign_families(tested, method=settings["method"], family="all")
        if headline:
            p_total = self._confirmatory_p(int(since), other, comparable_names, settings)
            total = tested["breakdown"].str.casefold() == "totaal"
            tested.loc[total, "p_adj"] = p_total.get(indicator, np.nan)
            tested.loc[total, "p_adj_method"] = settings["confirmatory_method"]
        item = BY_NAME[indicator]
        proportion = item.kind == "proportion"
        rules = self._ledger.rules
        scale, unit, digits = ((100.0, "procentpunt", rules.round_percent + 1) if proportion
                               else (1.0, "punt", rules.round_mean + 1))
        text_now = _texts(now_table)
        text_then = _texts(then_table)
        rows, data_rows = [], []
        for r in compared.itertuples(index=False):
            key = (str(r.breakdown), str(r.group))
            shown_group = "Totaal" if str(r.group).casefold() == "totaal" else str(r.group)
            if group is not None and shown_group not in (group, "Totaal"):
                continue
            if group is not None and shown_group == "Totaal" and query.by:
                continue
            test = tested[(tested["breakdown"].astype(str) == key[0])
                          & (tested["group"].astype(str) == key[1])]
            row = {"Groep": shown_group, str(since): text_then.get(key, MARK),
                   str(self.wave): text_now.get(key, MARK)}
            if len(test):
                t = test.iloc[0]
                row |= {f"Verschil ({unit})": signed(t["diff"] * scale, digits),
                        "95%-interval verschil": interval_text(t["diff_ci_low"] * scale,
                                                               t["diff_ci_high"] * scale, digits),
                        "p": dutch_p(t["p"]),
                        "p (gecorrigeerd)": f"{dutch_p(t['p_adj'])} ({_method(t['p_adj_method'])})",
                        "Toets": trend_verdict(t["diff"], t["p"], t["p_adj"],
                                               self._options["alpha"])}
                data_rows.append({"group": key[1], "breakdown": key[0], "diff": t["diff"],
                                  "diff_ci_low": t["diff_ci_low"],
                                  "diff_ci_high": t["diff_ci_high"], "p": t["p"],
                                  "p_adj": t["p_adj"], "p_adj_method": t["p_adj_method"]})
            else:
                reason = (MARK if key not in shown_now or key not in shown_then
                          else "niet vergelijkbaar")
                row |= {f"Verschil ({unit})": reason, "95%-interval verschil": reason,
                        "p": reason, "p (gecorrigeerd)": reason, "Toets": reason}
                data_rows.append({"group": key[1], "breakdown": key[0]})
            rows.append(row)
        caption = (f"{label[0].upper()}{label[1:]}: {since} en {self.wave}"
                   + (f", naar {' × '.join(BREAKDOWN_LABELS.get(b, b).lower() for b in query.by)}"
                      if query.by else "") + query.describe())
        notes = ("Verschil alleen getoond waar beide metingen de cel tonen; onafhankelijke "
                 "steekproeven, SE = √(SE₁² + SE₂²), Wald-toets. Gecorrigeerde p: Holm over de "
                 "kerncijfers (bevestigend) voor een totaal van een kerncijfer, anders "
                 "Benjamini-Hochberg over de getoonde cellen (verkennend).",)
        withheld = [(f"{c} ({since})", why) for c, why in hidden_cells(
            then_table, other._ledger.rules, "survey", False)]
        withheld += [(f"{c} ({self.wave})", why) for c, why in hidden_cells(
            now_table, rules, "survey", False)]
        return Result(caption=caption, source=self._source_line + f"; {since}: idem",
                      published=now_table, _withheld=tuple(withheld), _notes=notes,
                      _display=pd.DataFrame(rows), _data=pd.DataFrame(data_rows))

    def _confirmatory_p(self, since: int, other: Explorer, comparable: set[str],
                        settings: Mapping[str, Any]) -> dict[str, float]:
        """Holm-adjusted p of the headline totals' changes (the reports' confirmatory family)."""
        frames = []
        for ex in (self, other):
            parts = []
            for name in settings["confirmatory"]:
                if name in ex._design.data:
                    _, frame, _, _ = ex._publish(Query(name, ()))
                    parts.append(frame.assign(_name=name))
            frames.append(pd.concat(parts, ignore_index=True))
        names = dict(zip(frames[0]["indicator"], frames[0]["_name"], strict=False))
        out = compare_waves(frames[0].drop(columns="_name"), frames[1].drop(columns="_name"),
                            {BY_NAME[i].label for i in comparable if i in BY_NAME},
                            alpha=self._options["alpha"],
                            confirmatory={BY_NAME[i].label for i in settings["confirmatory"]},
                            confirmatory_method=settings["confirmatory_method"], method="none")
        return {names[r.indicator]: float(r.p_adj) for r in out.itertuples(index=False)
                if r.indicator in names}

    # --- register and CBS ---------------------------------------------------------------

    def register(self, name: str) -> Result:
        """Return a register or CBS table exactly as the reports publish it (register_tables)."""
        names = [e.table.name for e in self._ledger.section(REGISTER_SECTION)]
        if name not in names:
            try:
                found = self._ledger.table(name)
            except KeyError:
                found = None
            if isinstance(found, Unavailable):
                raise ExploreError(f"tabel {name!r} ontbreekt in {self.wave}: {found.text}")
            raise unknown("tabel", name, names, where="Explorer.register_tables")
        table = self._ledger.table(name)
        assert isinstance(table, PublishedTable)
        withheld = []
        if "status" in table.data:
            withheld = [(f"{r.group} ({r.wave})", "te weinig medewerkers of herleidbaar uit "
                         "andere cellen") for r in table.data.itertuples(index=False)
                        if str(r.status) != "shown"]
        return Result(caption=table.caption, source=(
            "CBS-barometer en personeelsregistratie, zoals gepubliceerd in de rapporten van "
            f"{self.wave}"), published=table, _withheld=tuple(withheld))

    def representation(self, by: str = "cluster") -> Result:
        """Representation (Buiten-Europese herkomst) per cluster, schaal or year, as published.

        ``by``: one of ``cluster``, ``schaal``, ``jaar``, ``gemeente``, ``schaal 15+``,
        ``indeling``, ``leeftijd``. Per directie the CBS gives no figures.
        """
        if by not in REPRESENTATION:
            raise unknown("eenheid", by, list(REPRESENTATION),
                          where="Explorer.representation (CBS geeft geen cijfers per directie)")
        return self.register(REPRESENTATION[by])

    def targets(self) -> Result:
        """Return the council's targets (value, target, verdict) as the reports publish them."""
        return self.register("doelen")

    def flows(self) -> Result:
        """Staff and flows per salary scale, as the reports publish them."""
        return self.register("stromen")


def _method(name: object) -> str:
    return {"holm": "Holm", "fdr_bh": "BH", "none": "geen", "bonferroni": "Bonferroni"}.get(
        str(name), str(name))


def _shown(table: PublishedTable) -> set[tuple[str, str]]:
    data = table.data
    return {(str(r.breakdown), str(r.group)) for r in data.itertuples(index=False)
            if str(r.status) == "shown"}


def _texts(table: PublishedTable) -> dict[tuple[str, str], str]:
    data, display = table.data, table.display
    column = next(c for c in display.columns if c in ("Percentage", "Gemiddelde", "Uitkomst"))
    return {(str(r.breakdown), str(r.group)): str(text)
            for r, text in zip(data.itertuples(index=False), display[column], strict=True)}


def _withheld_crossing(table: PublishedTable, frame: pd.DataFrame, rules: Any
                       ) -> list[tuple[str, str]]:
    """Name the cells that kept a withheld crossing back (below the threshold)."""
    if not table.suppressed.withheld:
        return []
    min_n = rules.min_n("survey")
    two_way = frame[frame["breakdown"].str.contains(" × ", regex=False)]
    small = [str(g) for g, n in zip(two_way["group"], two_way["n"], strict=True) if n < min_n]
    if not small:
        return [("kruising", "een groep is in de tabellen van de rapporten onderdrukt")]
    return [(", ".join(small), f"minder dan {min_n} respondenten: de kruising is niet getoond")]
