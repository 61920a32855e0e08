"""Chapter 4's explorer: flip states' votes on the two rival 2018 resolutions and watch the outcomes move."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd

from cyberorder import colours, forums, rollcalls, vega
from cyberorder.explorer import Choice, Explorer, Readout, Toggle, param_name, readout_panel, spec_with, stack
from cyberorder.explorers._shared import vote_table

__all__ = ["AS_RECORDED", "NO_CAMP", "NO_GROUP", "SHORT", "SWING_STATES", "VOTE_COLOURS", "swing_states"]

SWING_STATES = {"BRA": "Brazil", "IND": "India", "IDN": "Indonesia", "MEX": "Mexico", "ZAF": "South Africa",
                "TUR": "Turkey"}
"""States the reader can flip one by one: the article's three bridges and three of Maurer and Morgus's swing
states or other often-named middle powers."""

AS_RECORDED = "as recorded"
NO_GROUP, NO_CAMP = "no group", "no camp"
VOTE_COLOURS = colours.KEY["vote"]
SHORT = {rollcalls.OEWG_RESOLUTION: "73/27", rollcalls.US_RESOLUTION: "73/266"}


def _vote_colour(field: str = "vote:N") -> alt.Color:
    return alt.Color(field, title="Vote", scale=alt.Scale(domain=list(VOTE_COLOURS), range=list(VOTE_COLOURS.values())),
                     legend=alt.Legend(orient="bottom", direction="horizontal"))


def _totals_bars(chart: alt.Chart) -> alt.Chart:
    """Stacked bars of votes per resolution (fields: resolution, vote, order, n = how many states the row counts)."""
    return chart.mark_bar().encode(
        y=alt.Y("resolution:N", title=None, sort=["73/27 (Russia-led, OEWG)", "73/266 (US-led, GGE)"]),
        x=alt.X("sum(n):Q", title="Member states", scale=alt.Scale(domain=[0, 193])),
        color=_vote_colour(),
        order=alt.Order("order:Q"),
        tooltip=["resolution:N", "vote:N", alt.Tooltip("sum(n):Q", title="states")],
    ).properties(width=330, height=90, title="Votes on the two rival resolutions")


def _crosstab(chart: alt.Chart) -> alt.LayerChart:
    """A grid of states by their vote on 73/27 (columns) and on 73/266 (rows), with counts (fields: n27, n266, n)."""
    order = list(rollcalls.VOTES)
    base = chart.encode(
        x=alt.X("n27:N", title="Vote on 73/27 (Russia-led)", sort=order, scale=alt.Scale(domain=order)),
        y=alt.Y("n266:N", title="Vote on 73/266 (US-led)", sort=order, scale=alt.Scale(domain=order)),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("sum(n):Q", title="States", scale=alt.Scale(scheme=colours.SEQUENTIAL, domain=[0, 140])),
        tooltip=[alt.Tooltip("n27:N", title="73/27"), alt.Tooltip("n266:N", title="73/266"),
                 alt.Tooltip("sum(n):Q", title="states")],
    )
    text = base.mark_text(fontSize=13).encode(  # white on the dark half of the grey ramp
        text="sum(n):Q", color=alt.condition("datum.sum_n > 70", alt.value(colours.PAGE), alt.value(colours.INK)))
    return alt.layer(cells, text).properties(width=260, height=200,
                                             title="Bridges sit where yes meets yes")


_SWING_DESCRIPTION = ("Two charts of the 2018 General Assembly votes after the reader's flips. Left: a grid counting "
                      "member states by their vote on A/RES/73/27 (columns) and on A/RES/73/266 (rows); the yes-yes "
                      "cell holds the bridges. Right: stacked bars of yes, no, abstain and non-voting states for "
                      "each resolution.")


def swing_states() -> Explorer:
    """Flip states' votes on the two rival 2018 resolutions; watch totals, outcomes, margins and bridges.

    The reader picks who changes (a UN regional group, a camp of the 2018 votes, and any of six named
    states) and what they now vote on each resolution ('as recorded' leaves that vote alone).
    Readouts: yes/no/abstain, margin and flips needed to sink it, for each resolution; the number
    of bridges (yes on both) and of states flipped.
    """
    states = vote_table()
    swing_flags = {iso: param_name("flip", iso) for iso in SWING_STATES}
    vote_options = (AS_RECORDED, *rollcalls.VOTES)
    controls = [
        Choice("flip_group", "Regional group that changes its votes", (NO_GROUP, *forums.UN_REGIONAL_GROUPS), NO_GROUP),
        Choice("flip_camp", "Camp that changes its votes", (NO_CAMP, *rollcalls.CAMPS), NO_CAMP),
        *[Toggle(flag, f"{SWING_STATES[iso]} changes", False) for iso, flag in swing_flags.items()],
        Choice("new_vote_27", "Their new vote on 73/27", vote_options, AS_RECORDED),
        Choice("new_vote_266", "Their new vote on 73/266", vote_options, AS_RECORDED),
    ]
    readouts = []
    for res, key in ((rollcalls.OEWG_RESOLUTION, "27"), (rollcalls.US_RESOLUTION, "266")):
        name = SHORT[res]
        readouts += [
            Readout(f"yes_{key}", f"{name} yes", ",.0f"),
            Readout(f"no_{key}", f"{name} no", ",.0f"),
            Readout(f"abstain_{key}", f"{name} abstain", ",.0f"),
            Readout(f"yes_share_{key}", f"{name} yes as a share of those present and voting (passes above 50%)", ".1%"),
            Readout(f"sink_{key}", f"{name} yes voters who must switch to no to sink it", ",.0f"),
        ]
    readouts += [Readout("bridges", "Bridges (yes on both)", ",.0f"),
                 Readout("flipped", "States told to change", ",.0f")]

    def who_changes(state: Mapping[str, Any]) -> list[str]:
        chosen = states[(states.group == state["flip_group"]) | (states.camp == state["flip_camp"])].iso3
        named = [iso for iso, flag in swing_flags.items() if state[flag]]
        return sorted(set(chosen) | set(named))

    def after(state: Mapping[str, Any]) -> pd.DataFrame:
        """The states' votes after the reader's flips (columns n27, n266)."""
        changing = who_changes(state)
        result = states.copy()
        for col, new in (("v27", state["new_vote_27"]), ("v266", state["new_vote_266"])):
            votes = dict(zip(result.iso3, result[col], strict=True))
            if new != AS_RECORDED:
                votes = rollcalls.flip(votes, dict.fromkeys(changing, new))
            result["n" + col[1:]] = [votes[s] for s in result.iso3]
        return result

    def model(state: Mapping[str, Any]) -> dict[str, float]:
        table = after(state)
        out: dict[str, float] = {}
        for col, key in (("n27", "27"), ("n266", "266")):
            t = rollcalls.tally(dict(zip(table.iso3, table[col], strict=True)))
            out |= {f"yes_{key}": t.yes, f"no_{key}": t.no, f"abstain_{key}": t.abstain,
                    f"yes_share_{key}": t.yes_share, f"sink_{key}": t.flips_to_sink}
        out["bridges"] = int(((table.n27 == "yes") & (table.n266 == "yes")).sum())
        out["flipped"] = len(who_changes(state))
        return out

    def totals(table: pd.DataFrame) -> pd.DataFrame:
        """Counts per resolution and vote (the live chart draws counted rows, not 386 state rows)."""
        rows = [{"resolution": name, "vote": v, "order": i, "n": int((table[col] == v).sum())}
                for col, name in (("n27", "73/27 (Russia-led, OEWG)"), ("n266", "73/266 (US-led, GGE)"))
                for i, v in enumerate(rollcalls.VOTES)]
        return pd.DataFrame(rows)

    # built once; each update only swaps the two small named datasets (keeps a callback in tens of ms)
    frame = stack(_crosstab(alt.Chart(alt.NamedData("grid"))), _totals_bars(alt.Chart(alt.NamedData("totals"))),
                  description=_SWING_DESCRIPTION, independent=["color"]).to_dict()

    def live_chart(state: Mapping[str, Any]) -> dict[str, Any]:
        table = after(state)
        grid = table.groupby(["n27", "n266"]).size().rename("n").reset_index()
        return spec_with(frame, {"grid": grid, "totals": totals(table)})

    def twin(params: Sequence[alt.Parameter]) -> alt.TopLevelMixin:
        swing = " || ".join(f"(datum.iso3 == {vega.string(iso)} && {flag})" for iso, flag in swing_flags.items())
        changes = f"(datum.group == flip_group || datum.camp == flip_camp || {swing})"
        base = alt.Chart(states).transform_calculate(
            n="1",
            changes=changes,
            n27=f"{changes} && new_vote_27 != {vega.string(AS_RECORDED)} ? new_vote_27 : datum.v27",
            n266=f"{changes} && new_vote_266 != {vega.string(AS_RECORDED)} ? new_vote_266 : datum.v266",
        )
        lines: dict[str, alt.Chart] = {}
        for key in ("27", "266"):
            counts = base.transform_calculate(
                y=f"datum.n{key} == 'yes' ? 1 : 0", n=f"datum.n{key} == 'no' ? 1 : 0",
                a=f"datum.n{key} == 'abstain' ? 1 : 0",
            ).transform_aggregate(yes="sum(y)", no="sum(n)", abstain="sum(a)")
            exprs = ["datum.yes", "datum.no", "datum.abstain", "datum.yes / (datum.yes + datum.no)",
                     "datum.yes > datum.no ? ceil((datum.yes - datum.no) / 2) : 0"]
            names = (f"yes_{key}", f"no_{key}", f"abstain_{key}", f"yes_share_{key}", f"sink_{key}")
            lines |= {name: counts.transform_calculate(value=e) for name, e in zip(names, exprs, strict=True)}
        lines["bridges"] = base.transform_calculate(v="datum.n27 == 'yes' && datum.n266 == 'yes' ? 1 : 0") \
            .transform_aggregate(value="sum(v)")
        lines["flipped"] = base.transform_calculate(v="datum.changes ? 1 : 0").transform_aggregate(value="sum(v)")
        panel = readout_panel(readouts, lines, width=460)
        bars = _totals_bars(base.transform_fold(["n27", "n266"], as_=["which", "vote"]).transform_calculate(
            resolution="datum.which == 'n27' ? '73/27 (Russia-led, OEWG)' : '73/266 (US-led, GGE)'",
            order=" + ".join(f"(datum.vote == {vega.string(v)} ? {i} : 0)" for i, v in enumerate(rollcalls.VOTES)),
        ))
        # stacked, not side by side: the explorer fits a phone and leaves room for its controls beside it
        return stack(_crosstab(base), bars, panel, description=_SWING_DESCRIPTION, independent=["color"])

    examples = [
        {"flip_group": "African Group", "new_vote_27": "no"},
        {"flip_bra": True, "flip_ind": True, "flip_idn": True, "new_vote_27": "no", "new_vote_266": "abstain"},
        {"flip_camp": rollcalls.BRIDGE, "new_vote_266": "non-voting"},
        {"flip_group": "Western European and Others Group", "flip_camp": rollcalls.NEITHER, "flip_tur": True,
         "new_vote_27": "yes", "new_vote_266": "no"},
        {"flip_camp": rollcalls.SOVEREIGNTY_CAMP, "new_vote_266": "yes"},
    ]
    return Explorer(name="swing_states", title="Swing-state simulator: the 2018 votes on the UN's twin track",
                    controls=controls, readouts=readouts, model=model, live_chart=live_chart, twin=twin,
                    examples=examples)
