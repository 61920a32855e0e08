"""Chapter 2's explorer: Slaughter's chessboard and web as a model: states' shares beside non-state actors'."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd

from cyberorder import colours, power
from cyberorder.explorer import Choice, Explorer, Readout, Slider, readout_panel, stack
from cyberorder.explorers._shared import REST, YEARS, kinetic_rows, world_shares

__all__ = ["chessboard_and_web"]


# -- 2. the chessboard and the web --------------------------------------------------------------------

_WEB_DESCRIPTION = ("Horizontal bar chart of each of the eight powers' share of all influence once non-state "
                    "actors hold the chosen share, next to the non-state actors' combined share and the share "
                    "of a single non-state actor.")


def _web_bars(chart: alt.Chart) -> alt.Chart:
    """Bars of shares of all influence (fields: actor, share, kind)."""
    return chart.mark_bar().encode(
        x=alt.X("share:Q", title="Share of all influence (%)", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("actor:N", title=None, sort="-x"),
        color=alt.Color("kind:N", title=None, scale=colours.scale("actor", ["State", "Non-state"]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=["actor:N", alt.Tooltip("share:Q", format=".1%")],
    ).properties(width=360, height=250, title="The chessboard inside the web")


def chessboard_and_web() -> Explorer:
    """Slaughter's chessboard and web as a conceptual model (see :func:`cyberorder.power.chessboard_and_web`).

    The eight powers share the chessboard as in the data (re-normalised among themselves); non-state
    actors hold a share v of all influence, split equally among m of them.
    """
    rows = kinetic_rows()
    rows = rows[rows.actor != REST].reset_index(drop=True)
    controls = [
        Choice("power_measure", "Measure", tuple(power.POWER_MEASURES), "GDP (market exchange rates)"),
        Choice("power_year", "Year", YEARS, "2019"),
        Slider("nonstate_share", "Non-state actors' share of influence", 0, 0.9, 0.01, 0.3),
        Slider("nonstate_actors", "Number of non-state actors", 1, 100, 1, 10),
    ]
    readouts = [
        Readout("state_share", "The eight powers' combined share", ".1%"),
        Readout("leading_state_share", "Leading power's share of all influence", ".1%"),
        Readout("each_nonstate_share", "Each non-state actor's share", ".1%"),
        Readout("hhi_states", "HHI on the chessboard (powers only)", ".3f"),
        Readout("hhi_all", "HHI over every actor", ".3f"),
        Readout("effective_actors", "Effective number of actors", ".2f"),
        Readout("largest", "Largest single actor", ""),
    ]

    def web(state: Mapping[str, Any]) -> power.Web:
        states = power.among(world_shares(state["power_measure"], state["power_year"]), [REST])
        return power.chessboard_and_web(states, float(state["nonstate_share"]), int(state["nonstate_actors"]))

    def model(state: Mapping[str, Any]) -> dict[str, Any]:
        w = web(state)
        return {"state_share": w.state_share, "leading_state_share": w.leading_state_share,
                "each_nonstate_share": w.each_nonstate_share, "hhi_states": w.hhi_states, "hhi_all": w.hhi_all,
                "effective_actors": w.effective_actors,
                "largest": w.leading_state if w.largest_is_state else "a non-state actor"}

    def live_chart(state: Mapping[str, Any]) -> alt.TopLevelMixin:
        states = power.among(world_shares(state["power_measure"], state["power_year"]), [REST])
        v, m = float(state["nonstate_share"]), int(state["nonstate_actors"])
        frame = pd.DataFrame({"actor": [*states, "Non-state actors (together)", "One non-state actor"],
                              "share": [(1 - v) * s for s in states.values()] + [v, v / m],
                              "kind": ["State"] * len(states) + ["Non-state"] * 2})
        return _web_bars(alt.Chart(frame)).properties(description=_WEB_DESCRIPTION)

    def twin(params: Sequence[alt.Parameter]) -> alt.TopLevelMixin:
        base = (alt.Chart(rows)
                .transform_filter("datum.measure == power_measure && datum.preset_year == power_year")
                .transform_joinaggregate(total="sum(amount)")
                .transform_calculate(s="datum.amount / datum.total")
                .transform_window(rank="row_number()", sort=[alt.SortField("s", order="descending"),
                                                             alt.SortField("actor", order="ascending")]))
        agg = base.transform_calculate(sq="datum.s * datum.s", s1="datum.rank == 1 ? datum.s : 0") \
            .transform_aggregate(h="sum(sq)", s1="sum(s1)")
        lead_state = "(1 - nonstate_share) * datum.s1"
        panel = readout_panel(readouts, {
            "state_share": agg.transform_calculate(value="1 - nonstate_share"),
            "leading_state_share": agg.transform_calculate(value=lead_state),
            "each_nonstate_share": agg.transform_calculate(value="nonstate_share / nonstate_actors"),
            "hhi_states": agg.transform_calculate(value="datum.h"),
            "hhi_all": agg.transform_calculate(value="(1 - nonstate_share) * (1 - nonstate_share) * datum.h + "
                                           "nonstate_share * nonstate_share / nonstate_actors"),
            "effective_actors": agg.transform_calculate(
                value="1 / ((1 - nonstate_share) * (1 - nonstate_share) * datum.h + "
                                           "nonstate_share * nonstate_share / nonstate_actors)"),
            "largest": base.transform_filter("datum.rank == 1").transform_calculate(
                value="(1 - nonstate_share) * datum.s >= nonstate_share / nonstate_actors ? datum.actor : "
                      "'a non-state actor'"),
        }, texts=('largest',))
        states = base.transform_calculate(share="(1 - nonstate_share) * datum.s", kind="'State'")
        together = agg.transform_calculate(actor="'Non-state actors (together)'", share="nonstate_share",
                                           kind="'Non-state'")
        one = agg.transform_calculate(actor="'One non-state actor'", share="nonstate_share / nonstate_actors",
                                      kind="'Non-state'")
        bars = alt.layer(_web_bars(states), _web_bars(together), _web_bars(one))
        return stack(bars, panel, description=_WEB_DESCRIPTION)

    examples = [
        {"nonstate_share": 0.0},
        {"nonstate_share": 0.5, "nonstate_actors": 1},
        {"power_measure": "Military expenditure", "power_year": "2019", "nonstate_share": 0.6, "nonstate_actors": 2},
        {"power_measure": "Military expenditure", "power_year": "1990", "nonstate_share": 0.2, "nonstate_actors": 100},
    ]
    return Explorer(name="chessboard_and_web", title="The chessboard and the web", controls=controls,
                    readouts=readouts, model=model, live_chart=live_chart, twin=twin, examples=examples)
