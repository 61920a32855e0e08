"""Chapter 5's explorers: Kahler's scenarios (a model) and how fragmented the UN's cyber votes are (a measure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from functools import lru_cache
from typing import Any

import altair as alt
import pandas as pd

from cyberorder import colours, vega
from cyberorder import fragmentation as fr
from cyberorder import reach as rch
from cyberorder import scenarios as sc
from cyberorder.charts import reference_label
from cyberorder.data import load
from cyberorder.explorer import Explorer, Readout, Slider, readout_panel, spec_with

__all__ = ["fragmentation", "kahler_scenarios"]

SCENARIO_COLOURS = {s: colours.KEY["scenario"][s] for s in sc.SCENARIOS}
GRID_STEP = 5
"""The scenario map's grid: accommodation and commitment every 5 points from 0 to 100 (21 x 21 settings)."""


def _scenario_colour() -> alt.Color:
    """The book's scenario colours; no legend, since each region is named on the map itself."""
    return alt.Color("scenario:N", title="Scenario", legend=None, scale=colours.scale("scenario", sc.SCENARIOS))



def _map(cells: alt.Chart, point: alt.Chart) -> alt.LayerChart:
    """The map of the three regions (fields of ``cells``: a_pct, c_pct, scenario), each named where it lies, the
    traction line and the capacity line that bound them (labelled), and the reader's setting as an ink diamond
    (fields of ``point``: a_pct, c_pct, k_pct = capacity, t_pct = traction line)."""
    half = GRID_STEP / 2
    x = alt.X("x0:Q", title="Accommodation by established powers (0-100)", scale=alt.Scale(domain=[-half, 100 + half],
              nice=False), axis=alt.Axis(values=list(range(0, 101, 20))))
    y = alt.Y("y0:Q", title="Commitment to rules-based multilateralism (0-100)",
              scale=alt.Scale(domain=[-half, 100 + half], nice=False), axis=alt.Axis(values=list(range(0, 101, 20))))
    rect = cells.transform_calculate(x0=f"datum.a_pct - {half}", x1=f"datum.a_pct + {half}",
                                     y0=f"datum.c_pct - {half}", y1=f"datum.c_pct + {half}").mark_rect(
        stroke=colours.PAGE, strokeWidth=0.5).encode(
        x=x, x2="x1:Q", y=y, y2="y1:Q", color=_scenario_colour(),
        tooltip=[alt.Tooltip("a_pct:Q", title="accommodation"), alt.Tooltip("c_pct:Q", title="commitment"),
                 "scenario:N"],
    )
    names = cells.transform_aggregate(x0="mean(a_pct)", y0="mean(c_pct)", groupby=["scenario"]).mark_text(
        fontSize=13, fontWeight="bold", color=colours.INK).encode(x=x, y=y, text="scenario:N")
    bounds = point.transform_calculate(t0=f"datum.t_pct - {half}", k0=f"datum.k_pct - {half}", top=str(100 + half),
                                       left=str(-half), right=str(100 + half))
    traction = bounds.mark_rule(color=colours.INK, strokeWidth=2).encode(x="left:Q", x2="right:Q", y="t0:Q")
    capacity = bounds.mark_rule(color=colours.INK, strokeWidth=2, strokeDash=[4, 3]).encode(
        x="k0:Q", y="t0:Q", y2="top:Q")
    labels = bounds.transform_calculate(text="'traction line'").mark_text(
        align="right", baseline="bottom", dx=-2, dy=-2, fontSize=11, color=colours.INK).encode(
        x="right:Q", y="t0:Q", text="text:N")
    dot = point.transform_calculate(x0="datum.a_pct", y0="datum.c_pct").mark_point(
        shape="diamond", size=260, filled=True, color=colours.INK, stroke=colours.PAGE, strokeWidth=1.5).encode(
        x=x, y=y, tooltip=[alt.Tooltip("a_pct:Q", title="your accommodation"),
                           alt.Tooltip("c_pct:Q", title="your commitment")])
    return alt.layer(rect, names, traction, capacity, labels, dot).properties(
        width=320, height=320, title=alt.Title("Where your setting sits among all settings",
                                               subtitle="Solid: the traction line; dashed: rising powers' capacity"))


def _rules_text(chart: alt.Chart) -> alt.LayerChart:
    """The three rules, the one that fires marked and coloured (field ``fires``: the firing scenario's name)."""
    layers = []
    for i, (name, rule) in enumerate(sc.RULES.items()):
        layers.append(chart.transform_calculate(
            line=f"(datum.fires == {vega.string(name)} ? '\u25b6 ' : '    ') + {vega.string(rule)}").mark_text(
            align="left", baseline="top", fontSize=12).encode(
            text="line:N", x=alt.value(0), y=alt.value(4 + 22 * i), color=alt.value(colours.INK)))
    for i, (expr, weight) in enumerate([("'Your scenario: ' + datum.fires + '.'", "bold"),
                                        ("'For cyberspace: ' + datum.meaning", "normal")]):
        layers.append(chart.transform_calculate(line=expr).mark_text(
            align="left", baseline="top", fontSize=12, fontWeight=weight).encode(
            text="line:N", x=alt.value(0), y=alt.value(4 + 22 * (3 + i) + 8)))
    return alt.layer(*layers).properties(width=520, height=126,
                                         title="The model's rules (a model, not a measurement)")


_SCENARIO_DESCRIPTION = (
    "A map of Kahler's three scenarios under a teaching model: a grid of settings of accommodation (across) and "
    "commitment to multilateralism (up), coloured reform, disengagement or fragmentation for the reader's capacity "
    "and traction line, with a black diamond at the reader's setting; below, the model's three rules with the one "
    "that fires marked by an arrow.")


def kahler_scenarios() -> Explorer:
    """Kahler's scenarios as an explicit model: three drivers and a traction line -> reform, disengagement or
    fragmentation (see :mod:`cyberorder.scenarios` for the rules).

    Readouts: the scenario's number, how many points the setting is from a rule boundary, and the share
    of the map (accommodation x commitment, at the reader's capacity and traction line) in each scenario.
    """
    controls = [
        Slider("accommodation_pct", "Accommodation of rising powers (0-100)", 0, 100, 5, 30),
        Slider("commitment_pct", "Commitment to rules-based multilateralism (0-100)", 0, 100, 5, 60),
        Slider("capacity_pct", "Rising powers' capacity for their own institutions (0-100)", 0, 100, 5, 50),
        Slider("traction_pct", "Traction line: commitment multilateralism needs (0-100)", 0, 100, 5, 50),
    ]
    readouts = [
        Readout("number", "Scenario (1 reform, 2 disengagement, 3 fragmentation)", "d"),
        Readout("distance", "Points from the nearest rule boundary", ".0f"),
        *[Readout(f"share_{s.lower()}", f"Share of the map in {s.lower()}", ".1%") for s in sc.SCENARIOS],
    ]
    grid = pd.DataFrame([(a, c) for a in range(0, 101, GRID_STEP) for c in range(0, 101, GRID_STEP)],
                        columns=["a_pct", "c_pct"])

    def result(state: Mapping[str, Any]) -> sc.Scenario:
        return sc.scenario(state["accommodation_pct"] / 100, state["commitment_pct"] / 100,
                           state["capacity_pct"] / 100, state["traction_pct"] / 100)

    def model(state: Mapping[str, Any]) -> dict[str, float]:
        r = result(state)
        shares = sc.region_shares(state["capacity_pct"] / 100, state["traction_pct"] / 100, steps=100 // GRID_STEP)
        return {"number": r.number, "distance": round(100 * r.distance, 9),
                **{f"share_{s.lower()}": shares[s] for s in sc.SCENARIOS}}

    @lru_cache(maxsize=128)
    def regions(capacity_pct: float, traction_pct: float) -> tuple[str, ...]:
        """The scenario of every cell of the map: it depends only on capacity and the traction line."""
        k, t = capacity_pct / 100, traction_pct / 100
        return tuple(sc.scenario(a / 100, c / 100, k, t).name for a, c in zip(grid.a_pct, grid.c_pct, strict=True))

    # built once, as a spec: a callback only swaps the three small named datasets (building the rules' text
    # layers with Altair took most of a callback's time)
    frame = alt.vconcat(_map(alt.Chart(alt.NamedData("cells")), alt.Chart(alt.NamedData("point"))),
                        _rules_text(alt.Chart(alt.NamedData("rules")))).properties(description=_SCENARIO_DESCRIPTION)
    template = frame.to_dict()

    def live_chart(state: Mapping[str, Any]) -> dict[str, Any]:
        cells = [{"a_pct": a, "c_pct": c, "scenario": s} for a, c, s in
                 zip(grid.a_pct, grid.c_pct, regions(state["capacity_pct"], state["traction_pct"]), strict=True)]
        name = result(state).name
        return spec_with(template, {
            "cells": cells,
            "point": [{"a_pct": state["accommodation_pct"], "c_pct": state["commitment_pct"],
                       "k_pct": state["capacity_pct"], "t_pct": state["traction_pct"]}],
            "rules": [{"fires": name, "meaning": sc.CYBERSPACE[name]}],
        })

    def classify(a: str, c: str) -> str:
        """Vega expression of the rules, for accommodation ``a`` and commitment ``c`` (in points)."""
        return (f"({c} < traction_pct ? {vega.string(sc.DISENGAGEMENT)} : "
                f"({a} >= capacity_pct ? {vega.string(sc.REFORM)} : {vega.string(sc.FRAGMENTATION)}))")

    def twin(params: Sequence[alt.Parameter]) -> alt.TopLevelMixin:
        cells = alt.Chart(grid).transform_calculate(scenario=classify("datum.a_pct", "datum.c_pct"))
        one = pd.DataFrame({"row": [0]})
        number = (f"({classify('accommodation_pct', 'commitment_pct')} == {vega.string(sc.REFORM)} ? 1 : "
                  f"{classify('accommodation_pct', 'commitment_pct')} == {vega.string(sc.DISENGAGEMENT)} ? 2 : 3)")
        meaning = vega.choose("datum.fires", {s: sc.CYBERSPACE[s] for s in sc.SCENARIOS})
        setting = alt.Chart(one).transform_calculate(
            a_pct="accommodation_pct", c_pct="commitment_pct", k_pct="capacity_pct", t_pct="traction_pct",
            fires=classify("accommodation_pct", "commitment_pct"), number=number,
            distance="commitment_pct < traction_pct ? traction_pct - commitment_pct : "
                     "min(commitment_pct - traction_pct, abs(accommodation_pct - capacity_pct))",
        ).transform_calculate(meaning=meaning)
        lines = {"number": setting.transform_calculate(value="datum.number"),
                 "distance": setting.transform_calculate(value="datum.distance")}
        for s in sc.SCENARIOS:
            lines[f"share_{s.lower()}"] = (cells.transform_calculate(v=f"datum.scenario == {vega.string(s)} ? 1 : 0")
                                           .transform_aggregate(hits="sum(v)", n="count()")
                                           .transform_calculate(value="datum.hits / datum.n"))
        panel = readout_panel(readouts, lines, width=520)
        return alt.vconcat(_map(cells, setting), _rules_text(setting), panel).properties(
            description=_SCENARIO_DESCRIPTION)

    examples = [
        {"accommodation_pct": 70, "commitment_pct": 80, "capacity_pct": 40},
        {"commitment_pct": 30},
        {"accommodation_pct": 20, "commitment_pct": 75, "capacity_pct": 65},
        {"accommodation_pct": 50, "commitment_pct": 50, "capacity_pct": 50, "traction_pct": 50},
        {"accommodation_pct": 45, "commitment_pct": 90, "capacity_pct": 50, "traction_pct": 85},
        {"traction_pct": 0, "capacity_pct": 100, "accommodation_pct": 100},
    ]
    return Explorer(name="kahler_scenarios", title="Kahler's scenarios: a teaching model (not a measurement)",
                    controls=controls, readouts=readouts, model=model, live_chart=live_chart, twin=twin,
                    examples=examples)


# --- fragmentation ---------------------------------------------------------------------------------

_UNATTACHED = "unattached"
SHORT_GROUP = {"African Group": "African", "Asia-Pacific Group": "Asia-Pacific",
               "Eastern European Group": "Eastern European", "Latin American and Caribbean Group": "Latin America",
               "Western European and Others Group": "WEOG"}


@lru_cache(maxsize=1)
def _table() -> tuple[pd.DataFrame, pd.DataFrame, tuple[Fraction, ...]]:
    """What the static twin needs, precomputed from the roll calls by the model.

    - one row per state: code, name, regional group, and two strings ``blocs`` and ``bridge`` holding
      its bloc number and bridge flag at every (min_common, level) setting, in the order of the twin's index;
      and its population and internet users (:mod:`cyberorder.reach`), which the twin sums by bloc;
    - the fragmentation curve at every threshold step of the slider and every min_common;
    - the agreement levels (blocs change only when the threshold crosses one of them).
    """
    agr = fr.roll_call_agreement()
    levels = tuple(fr.agreement_levels(agr))
    # one setting per level, plus one above every level (where nobody is linked)
    settings = [(mc, lev) for mc in range(1, len(agr.resolutions) + 1) for lev in range(len(levels) + 1)]
    columns: dict[str, list[str]] = {s: [] for s in agr.states}
    flags: dict[str, list[str]] = {s: [] for s in agr.states}
    for mc, lev in settings:
        # past the highest level (lev == len(levels)) nobody is linked
        b = fr.blocs(agr, levels[lev], mc) if lev < len(levels) else None
        for s in agr.states:
            columns[s].append(str(b.bloc_of[s]) if b else "0")
            flags[s].append("1" if b and s in b.bridges else "0")
    groups = load("un_regional_groups").set_index("iso3")
    people, users = rch.population_of(), rch.internet_users_of()
    states = pd.DataFrame({
        "iso3": list(agr.states),
        "country": groups.loc[list(agr.states), "country"].to_numpy(),
        "group": [SHORT_GROUP[g] for g in groups.loc[list(agr.states), "un_regional_group"]],
        "blocs": [",".join(columns[s]) for s in agr.states],
        "bridge": ["".join(flags[s]) for s in agr.states],
        # for the blocs' reach, aggregated by the twin; None where the share online is unknown (never zeroed)
        "population": [people[s] for s in agr.states],
        "users": [users.get(s) for s in agr.states],
    })
    curves = pd.concat([fr.fragmentation_curve(agr, [Fraction(p, 100) for p in range(0, 101, 5)], mc)
                        .assign(min_common=mc, threshold_pct=list(range(0, 101, 5)))
                        for mc in range(1, len(agr.resolutions) + 1)], ignore_index=True)
    return states, curves[["min_common", "threshold_pct", "blocs"]], levels


def _bloc_bars(chart: alt.Chart) -> alt.LayerChart:
    """Who is in each bloc: a grid of UN regional groups (rows) by bloc (columns), each cell the number of member
    states, shaded on the key's grey ramp (fields: bloc_label, bloc_order, group). A grid, not bars stacked in five
    hues: the regional groups are not sides of the argument, and the counts are read as numbers."""
    base = chart.encode(
        x=alt.X("bloc_label:N", title="Bloc (1 = largest)", sort=alt.EncodingSortField(field="bloc_order", op="min"),
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y("group:N", title=None, sort=list(SHORT_GROUP.values())),
    )
    cells = base.mark_rect(stroke=colours.PAGE).encode(
        color=alt.Color("count():Q", title="States", legend=None,
                        scale=alt.Scale(scheme=colours.SEQUENTIAL, domain=[0, 60], clamp=True)),
        tooltip=["bloc_label:N", "group:N", alt.Tooltip("count():Q", title="states")])
    counts = base.mark_text(fontSize=12).encode(
        text="count():Q", color=alt.condition("datum.__count > 30", alt.value(colours.PAGE), alt.value(colours.INK)))
    return alt.layer(cells, counts).properties(width=480, height=150, title="Who is in each bloc, by UN regional group")


_REACH_MEASURES = {"members": "Member states", "population": "Population", "users": "Internet users"}
"""The three weights of a bloc: one state one vote, its people, its internet users (each a share of the 193)."""
REACH_FILLS = [colours.OTHER, colours.INK, colours.PAGE]
"""Members grey, population ink, internet users hollow: three weights told apart by fill, not by three hues."""


def _reach_bars(chart: alt.Chart) -> alt.Chart:
    """Grouped bars of each bloc's share of members, population and internet users
    (fields: bloc_label, bloc_order, measure, share)."""
    return chart.mark_bar(strokeWidth=1).encode(
        x=alt.X("bloc_label:N", title="Bloc (1 = largest)", sort=alt.EncodingSortField(field="bloc_order", op="min"),
                axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("measure:N", sort=list(_REACH_MEASURES.values())),
        y=alt.Y("share:Q", title="Share of the 193 member states' total (%)", axis=alt.Axis(format="%")),
        fill=alt.Fill("measure:N", title="Share of", sort=list(_REACH_MEASURES.values()),
                      scale=alt.Scale(domain=list(_REACH_MEASURES.values()), range=REACH_FILLS),
                      legend=alt.Legend(orient="top", direction="horizontal")),
        stroke=alt.Stroke("measure:N", title="Share of", sort=list(_REACH_MEASURES.values()),
                          scale=alt.Scale(domain=list(_REACH_MEASURES.values()),
                                          range=[colours.OTHER, colours.INK, colours.INK]),
                          legend=alt.Legend(orient="top", direction="horizontal")),
        tooltip=["bloc_label:N", "measure:N", alt.Tooltip("share:Q", title="share", format=".1%")],
    ).properties(width=480, height=200, title="Whom each bloc speaks for: its share of states, people and users")


def _curve(line: alt.Chart, here: alt.Chart) -> alt.LayerChart:
    """The fragmentation curve (fields: threshold_pct, blocs) with a rule at the reader's threshold."""
    path = line.mark_line(point=alt.OverlayMarkDef(color=colours.INK), interpolate="step-before",
                          color=colours.INK).encode(
        x=alt.X("threshold_pct:Q", title="Agreement threshold (%)", scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("blocs:Q", title="Number of blocs"),
        tooltip=[alt.Tooltip("threshold_pct:Q", title="threshold (%)"), alt.Tooltip("blocs:Q", title="blocs")],
    )
    rule = here.mark_rule(color=colours.INK, strokeDash=[4, 3]).encode(x="threshold_pct:Q")
    labelled = alt.layer(path, rule, reference_label(here, "threshold_pct:Q", "your threshold"))
    return labelled.properties(width=480, height=180, title="The fragmentation curve")


_FRAG_DESCRIPTION = ("Three charts of the UN's four recorded cyber votes of 2018 and 2019, one above the other. "
                     "First: the fragmentation curve, the number of blocs of states at each agreement threshold, with "
                     "a dashed line at the reader's threshold. Second: a grid counting the member states of each UN "
                     "regional group in each bloc at that threshold, with unattached states in a column of their own. "
                     "Below: for each bloc and the unattached states, three bars giving their share of the 193 "
                     "member states, of the members' population and of their internet users in 2019.")


def _reach_rows(found: fr.Blocs) -> list[dict[str, Any]]:
    """The reach chart's rows (bloc_label, bloc_order, measure, share), from :func:`fragmentation.bloc_reach`."""
    table = fr.bloc_reach(found)
    columns = {"members": "share_of_members", "population": "share_of_population",
               "users": "share_of_internet_users"}
    return [{"bloc_label": _UNATTACHED if row.bloc == fr.UNATTACHED else f"{row.bloc}",
             "bloc_order": 10_000 if row.bloc == fr.UNATTACHED else int(row.bloc),
             "measure": _REACH_MEASURES[key], "share": float(getattr(row, column))}
            for row in table.itertuples() for key, column in columns.items()]


def fragmentation() -> Explorer:
    """How fragmented are the UN's cyber votes? Blocs of states at a reader-chosen agreement threshold.

    Readouts: the number of blocs; the largest and second bloc's share of member states, of the members'
    population and of their internet users (one state one vote against people and users); the
    unattached states and the bridge states (see :mod:`cyberorder.fragmentation` for the method).
    """
    agr = fr.roll_call_agreement()
    states, curves, levels = _table()
    n_res = len(agr.resolutions)
    controls = [
        Slider("threshold_pct", "Agreement threshold (%)", 0, 100, 5, 100),
        Slider("min_common", "Votes two states must both have cast", 1, n_res, 1, 3),
    ]
    readouts = [
        Readout("blocs", "Blocs (groups of two or more linked states)", ",.0f"),
        Readout("largest", "Largest bloc's share of member states", ".1%"),
        Readout("largest_population", "Largest bloc's share of the members' population", ".1%"),
        Readout("largest_users", "Largest bloc's share of the members' internet users", ".1%"),
        Readout("second", "Second bloc's share of member states", ".1%"),
        Readout("second_population", "Second bloc's share of the members' population", ".1%"),
        Readout("second_users", "Second bloc's share of the members' internet users", ".1%"),
        Readout("unattached", "Unattached states", ",.0f"),
        Readout("bridges", "Linchpin states (holding a bloc together)", ",.0f"),
    ]

    def result(state: Mapping[str, Any]) -> fr.Blocs:
        return fr.blocs(agr, Fraction(int(state["threshold_pct"]), 100), int(state["min_common"]))

    def model(state: Mapping[str, Any]) -> dict[str, float]:
        b = result(state)
        table = fr.bloc_reach(b).set_index("bloc")
        out: dict[str, float] = {"blocs": b.count, "unattached": len(b.unattached), "bridges": len(b.bridges)}
        for number, key in ((1, "largest"), (2, "second")):
            row = table.loc[number] if number <= b.count else None
            out[key] = float(row.share_of_members) if row is not None else 0.0
            out[f"{key}_population"] = float(row.share_of_population) if row is not None else 0.0
            out[f"{key}_users"] = float(row.share_of_internet_users) if row is not None else 0.0
        return out

    # built once, as a spec: a callback only swaps the four small named datasets (a dict copy, no Altair)
    frame = alt.vconcat(  # stacked: fits a phone and leaves room for the controls beside it
        _curve(alt.Chart(alt.NamedData("curve")), alt.Chart(alt.NamedData("here"))),
        _bloc_bars(alt.Chart(alt.NamedData("members"))),
        _reach_bars(alt.Chart(alt.NamedData("reach"))),
    ).resolve_scale(color="independent").properties(description=_FRAG_DESCRIPTION).to_dict()
    curve_rows = {mc: curves[curves.min_common == mc].to_dict("records") for mc in range(1, n_res + 1)}

    def live_chart(state: Mapping[str, Any]) -> dict[str, Any]:
        b = result(state)
        members = [{"iso3": s, "country": c, "group": g, "bloc_label": _UNATTACHED if b.bloc_of[s] == 0
                    else f"{b.bloc_of[s]}", "bloc_order": 10_000 if b.bloc_of[s] == 0 else b.bloc_of[s]}
                   for s, c, g in zip(states.iso3, states.country, states.group, strict=True)]
        return spec_with(frame, {"curve": curve_rows[int(state["min_common"])],
                                 "here": [{"threshold_pct": state["threshold_pct"]}],
                                 "members": members, "reach": _reach_rows(b)})

    # the twin's index into each state's precomputed strings: (min_common - 1) * (levels + 1) + level index,
    # where the level index counts the levels strictly below the threshold
    below = " + ".join(f"(threshold_pct > {float(lev * 100)!r} ? 1 : 0)" for lev in levels)
    index = f"(min_common - 1) * {len(levels) + 1} + {below}"

    def twin(params: Sequence[alt.Parameter]) -> alt.TopLevelMixin:
        base = alt.Chart(states).transform_calculate(idx=index).transform_calculate(
            bloc="toNumber(split(datum.blocs, ',')[datum.idx])",
            is_bridge="substring(datum.bridge, datum.idx, datum.idx + 1) == '1' ? 1 : 0",
            # unknown users (null) count on neither side of the share, as in cyberorder.reach
            online="isValid(datum.users) ? datum.users : 0",
        ).transform_calculate(
            bloc_label=f"datum.bloc == 0 ? {vega.string(_UNATTACHED)} : '' + datum.bloc",
            bloc_order="datum.bloc == 0 ? 10000 : datum.bloc",
        )
        sums = {"first": "datum.bloc == 1", "second": "datum.bloc == 2"}
        counts = base.transform_calculate(
            alone="datum.bloc == 0 ? 1 : 0",
            **{f"{k}_n": f"{cond} ? 1 : 0" for k, cond in sums.items()},
            **{f"{k}_pop": f"{cond} ? datum.population : 0" for k, cond in sums.items()},
            **{f"{k}_users": f"{cond} ? datum.online : 0" for k, cond in sums.items()},
        ).transform_aggregate(
            top="max(bloc)", alone="sum(alone)", bridges="sum(is_bridge)", n="count()",
            pop="sum(population)", users="sum(online)",
            **{f"{k}_{w}": f"sum({k}_{w})" for k in sums for w in ("n", "pop", "users")},
        )
        exprs = ["datum.top",
                 "datum.first_n / datum.n", "datum.first_pop / datum.pop", "datum.first_users / datum.users",
                 "datum.second_n / datum.n", "datum.second_pop / datum.pop", "datum.second_users / datum.users",
                 "datum.alone", "datum.bridges"]
        panel = readout_panel(readouts, {r.key: counts.transform_calculate(value=e)
                                         for e, r in zip(exprs, readouts, strict=True)}, width=480)
        shares = base.transform_joinaggregate(all_n="count()", all_pop="sum(population)", all_users="sum(online)",
                                              ).transform_aggregate(
            n="count()", pop="sum(population)", users="sum(online)", all_n="max(all_n)", all_pop="max(all_pop)",
            all_users="max(all_users)", groupby=["bloc_label", "bloc_order"],
        ).transform_calculate(
            members="datum.n / datum.all_n", population="datum.pop / datum.all_pop",
            users="datum.users / datum.all_users",
        ).transform_fold(list(_REACH_MEASURES), as_=["key", "share"]).transform_calculate(
            measure=vega.choose("datum.key", _REACH_MEASURES))
        line = alt.Chart(curves).transform_filter("datum.min_common == min_common")
        here = alt.Chart(pd.DataFrame({"row": [0]})).transform_calculate(threshold_pct="threshold_pct")
        return alt.vconcat(_curve(line, here), _bloc_bars(base), _reach_bars(shares), panel
                           ).resolve_scale(color="independent").properties(description=_FRAG_DESCRIPTION)

    examples = [
        {"threshold_pct": 100, "min_common": 4},
        {"threshold_pct": 75, "min_common": 4},
        {"threshold_pct": 100, "min_common": 1},
        {"threshold_pct": 30, "min_common": 2},
        {"threshold_pct": 0, "min_common": 3},
        {"threshold_pct": 65, "min_common": 3},
    ]
    return Explorer(name="fragmentation", title="How fragmented is it already? Blocs in the UN's cyber votes",
                    controls=controls, readouts=readouts, model=model, live_chart=live_chart, twin=twin,
                    examples=examples)
