"""Chapter 5's explorer: how fragmented are the UN's cyber votes? Blocs of states at an agreement threshold."""

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
from cyberorder.charts import reference_label
from cyberorder.data import load
from cyberorder.explorer import Explorer, Readout, Slider, readout_panel, spec_with, stack

__all__ = ["REACH_FILLS", "SHORT_GROUP", "fragmentation"]


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
    frame = stack(
        _curve(alt.Chart(alt.NamedData("curve")), alt.Chart(alt.NamedData("here"))),
        _bloc_bars(alt.Chart(alt.NamedData("members"))),
        _reach_bars(alt.Chart(alt.NamedData("reach"))),
        description=_FRAG_DESCRIPTION, independent=["color"],
    ).to_dict()
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
        return stack(_curve(line, here), _bloc_bars(base), _reach_bars(shares), panel,
                     description=_FRAG_DESCRIPTION, independent=["color"])

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
