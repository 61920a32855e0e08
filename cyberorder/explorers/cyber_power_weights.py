"""Chapter 3's explorer: re-weight the NCPI 2020's seven objectives and see who leads, and by how much."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd

from cyberorder import colours, cyberpower, power, vega
from cyberorder.data import load
from cyberorder.explorer import Choice, Explorer, Readout, Slider, readout_panel, spec_with, stack

__all__ = ["ALL_ZERO", "WEIGHT_NAME", "cyber_power_weights"]


# -- 1. weighting cyber power ----------------------------------------------------------------------

WEIGHT_NAME = {k: f"w_{k}" for k in cyberpower.OBJECTIVES}
"""The control (and twin param) holding each objective's weight."""
ALL_ZERO = "undefined: every weight is 0"

_POWER_DESCRIPTION = ("Horizontal bar chart of each country's share of the summed cyber-power scores of the countries "
                      "counted, under the reader's weights for the National Cyber Power Index's seven objectives; "
                      "the followed country and the leader are coloured. Readouts give the leader, the lone-superpower "
                      "test, concentration and the followed country's rank.")


def _power_bars(chart: alt.Chart, title: str) -> alt.Chart:
    """Bars of shares (fields: country, share, role)."""
    roles = ["Followed", "Leader", "Other"]
    return chart.mark_bar().encode(
        x=alt.X("share:Q", title="Share of the summed scores (%)", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 0.35])),
        y=alt.Y("country:N", title=None, sort="-x"),
        # the country the reader follows in ink; the leader is the top bar (sorted) and named in the readouts
        color=alt.Color("role:N", title=None, legend=None,
                        scale=alt.Scale(domain=roles, range=[colours.INK, colours.OTHER, colours.OTHER])),
        tooltip=["country:N", alt.Tooltip("score:Q", format=".2f", title="weighted score"),
                 alt.Tooltip("share:Q", format=".1%")],
    ).properties(width=360, height=alt.Step(13),
                 title=alt.Title(title, subtitle="Black: the country you follow; the leader is the top bar"))


def cyber_power_weights() -> Explorer:
    """Re-weight the NCPI 2020's seven objectives: ranking, shares, concentration and the lone-superpower test.

    The model is :func:`cyberorder.cyberpower.weighted_scores` for the scores, then the chapter 2
    measures of :mod:`cyberorder.power` (``shares``, ``hhi``, ``effective_poles``, ``lead``) on the top
    ``n`` countries, and :func:`cyberorder.cyberpower.lone_superpower`.
    """
    table = load("ncpi_2020_scores")
    countries = tuple(table.country)
    controls: list[Any] = [Slider(WEIGHT_NAME[k], f"Weight: {label}", 0, 3, 0.5, 1)
                           for k, label in cyberpower.OBJECTIVES.items()]
    controls += [Slider("top_n", "Countries counted (top n)", 3, len(countries), 1, len(countries)),
                 Choice("followed", "Follow", countries, "Estonia")]
    readouts = [
        Readout("leader", "Leading country", ""),
        Readout("leader_share", "Leader's share of the summed scores", ".1%"),
        Readout("margin", "Leader minus the next two combined", "+.1pp"),
        Readout("lone", "Ahead of the next two combined", ""),
        Readout("hhi", "HHI among the countries counted", ".3f"),
        Readout("effective_poles", "Effective number of poles (1/HHI)", ".2f"),
        Readout("followed_rank", "Rank of the followed country", "d"),
    ]

    def weights(state: Mapping[str, Any]) -> dict[str, float]:
        return {k: float(state[WEIGHT_NAME[k]]) for k in cyberpower.OBJECTIVES}

    def counted(state: Mapping[str, Any]) -> tuple[dict[str, float], dict[str, float]]:
        scores = cyberpower.weighted_scores(table, weights(state))
        top = power.ranked(power.shares(scores))[: int(state["top_n"])]
        return scores, power.shares({name: scores[name] for name, _ in top})

    def model(state: Mapping[str, Any]) -> dict[str, Any]:
        scores, share_of = counted(state)
        test = cyberpower.lone_superpower(share_of)
        return {"leader": test.leader, "leader_share": test.leader_share, "margin": test.margin,
                "lone": "yes" if test.passes else "no", "hhi": power.hhi(share_of),
                "effective_poles": power.effective_poles(share_of),
                "followed_rank": cyberpower.rank_of(scores, state["followed"])}

    # built once, as a spec: a callback only fills in the rows
    power_template = _power_bars(alt.Chart(alt.NamedData("shares")), "Cyber power under your weights").properties(
        description=_POWER_DESCRIPTION).to_dict()

    def live_chart(state: Mapping[str, Any]) -> dict[str, Any]:
        scores, share_of = counted(state)
        leader = power.ranked(share_of)[0][0]
        frame = pd.DataFrame({"country": list(share_of), "share": list(share_of.values()),
                              "score": [scores[c] for c in share_of]})
        frame["role"] = ["Leader" if c == leader else "Followed" if c == state["followed"] else "Other"
                         for c in frame.country]
        return spec_with(power_template, {"shares": frame})

    def twin(params: Sequence[alt.Parameter]) -> alt.TopLevelMixin:
        rows = table[["country", *[f"obj_{k}" for k in cyberpower.OBJECTIVES]]]
        wsum = " + ".join(WEIGHT_NAME[k] for k in cyberpower.OBJECTIVES)
        num = " + ".join(f"{WEIGHT_NAME[k]} * datum.obj_{k}" for k in cyberpower.OBJECTIVES)
        ranked_rows = (alt.Chart(rows)
                       .transform_calculate(score=f"({num}) / ({wsum})")
                       .transform_window(rank="row_number()", sort=[alt.SortField("score", order="descending"),
                                                                    alt.SortField("country", order="ascending")]))
        base = (ranked_rows.transform_filter("datum.rank <= top_n")
                .transform_joinaggregate(total="sum(score)")
                .transform_calculate(share="datum.score / datum.total"))
        ok = f"({wsum}) > 0"
        stats = base.transform_calculate(
            s1="datum.rank == 1 ? datum.share : 0", s23="datum.rank == 2 || datum.rank == 3 ? datum.share : 0",
            sq="datum.share * datum.share",
        ).transform_aggregate(s1="sum(s1)", s23="sum(s23)", hhi="sum(sq)")
        first = base.transform_filter("datum.rank == 1")
        panel = readout_panel(readouts, {
            "leader": first.transform_calculate(value=f"{ok} ? datum.country : {vega.string(ALL_ZERO)}"),
            "leader_share": first.transform_calculate(value="datum.share"),
            "margin": stats.transform_calculate(value="datum.s1 - datum.s23"),
            "lone": stats.transform_calculate(value="datum.s1 - datum.s23 > 0 ? 'yes' : 'no'"),
            "hhi": stats.transform_calculate(value="datum.hhi"),
            "effective_poles": stats.transform_calculate(value="1 / datum.hhi"),
            "followed_rank": ranked_rows.transform_filter("datum.country == followed")
            .transform_calculate(value="datum.rank"),
        }, texts=('leader', 'lone'))
        bars = _power_bars(base.transform_calculate(
            role="datum.rank == 1 ? 'Leader' : (datum.country == followed ? 'Followed' : 'Other')"),
            "Cyber power under your weights")
        return stack(panel, bars, description=_POWER_DESCRIPTION)

    examples = [
        {WEIGHT_NAME["surveillance"]: 3.0, WEIGHT_NAME["defense"]: 3.0},
        {WEIGHT_NAME["offense"]: 3.0, WEIGHT_NAME["intelligence"]: 3.0, WEIGHT_NAME["norms"]: 3.0,
         "followed": "Israel"},
        {WEIGHT_NAME["commercial"]: 0.0, WEIGHT_NAME["norms"]: 0.0, "top_n": 4, "followed": "Russia"},
        {**{WEIGHT_NAME[k]: 0.0 for k in cyberpower.OBJECTIVES}, WEIGHT_NAME["information_control"]: 1.0,
         "top_n": 10, "followed": "Singapore"},
    ]
    return Explorer(name="cyber_power_weights", title="Weighting cyber power (NCPI 2020)", controls=controls,
                    readouts=readouts, model=model, live_chart=live_chart, twin=twin, examples=examples)
