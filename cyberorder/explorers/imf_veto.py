"""Chapter 2's explorer: move IMF quota between groups of members and test whether the United States keeps its veto."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd

from cyberorder import colours, institutions
from cyberorder.charts import reference_label
from cyberorder.data import load
from cyberorder.explorer import Choice, Explorer, Readout, Slider, readout_panel, spec_with, stack

__all__ = ["IMF_GROUPS", "PERIOD_OF", "imf_veto"]


# -- 4. the IMF: moving quota, and the US veto ------------------------------------------------------------

IMF_GROUPS: dict[str, tuple[str, ...]] = {
    "United States": ("USA",),
    "Europe (listed members)": ("DEU", "FRA", "GBR", "ITA", "ESP", "NLD", "BEL", "CHE"),
    "Japan, Canada, Australia, Korea": ("JPN", "CAN", "AUS", "KOR"),
    "BRIC": ("CHN", "IND", "RUS", "BRA"),
    "Other emerging (listed)": ("SAU", "MEX", "TUR", "VEN"),
    "All other members": (institutions.OTHER_MEMBERS,),
}
"""Disjoint groups covering every member: the top 20 by quota in 2014, and everyone else as one block."""
PERIOD_OF = {name: code for code, name in institutions.PERIOD_NAMES.items()}
"""The period a reader picks, by its short name."""

_IMF_DESCRIPTION = ("Horizontal bar chart of each group's share of IMF votes after the reader's transfer of quota, "
                    "with a dashed line at the blocking share (100% minus the special majority): a bar beyond the "
                    "line can block such decisions alone.")


def _group_of(member: str) -> str:
    return next(g for g, members in IMF_GROUPS.items() if member in members)


def _vote_bars(chart: alt.Chart, rule: alt.Chart, title: str) -> alt.LayerChart:
    """Bars of voting share per group (fields: group, vote, role) and a rule at the blocking line (field: line)."""
    roles = ["gives quota", "receives quota", "unchanged"]
    bars = chart.mark_bar(strokeWidth=1.5).encode(
        x=alt.X("vote:Q", title="Share of IMF votes (%)", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 0.5])),
        y=alt.Y("group:N", title=None, sort=list(IMF_GROUPS)),
        # the two groups of the reader's transfer in ink (the giver hollow, the receiver filled), the rest in grey
        fill=alt.Fill("role:N", title=None, legend=alt.Legend(orient="top"),
                      scale=alt.Scale(domain=roles, range=[colours.PAGE, colours.INK, colours.OTHER])),
        stroke=alt.Stroke("role:N", title=None, legend=alt.Legend(orient="top"),
                          scale=alt.Scale(domain=roles, range=[colours.INK, colours.INK, colours.OTHER])),
        tooltip=["group:N", "role:N", alt.Tooltip("vote:Q", format=".2%")])
    line = rule.mark_rule(strokeDash=[4, 3], color=colours.INK).encode(x="line:Q")
    labelled = alt.layer(bars, line, reference_label(rule, "line:Q", "blocking line"))
    return labelled.properties(width=380, height=200, title=title)


def imf_veto() -> Explorer:
    """Move IMF quota between groups of members and test whether the United States keeps its veto.

    Voting shares follow the IMF's rule (5.502% basic votes shared equally by 188 members, the rest by
    quota); the veto test asks whether the US share exceeds 1 minus the special majority (85%).
    """
    table = load("imf_quota_shares")
    rows = table.assign(period=table.period.map(institutions.PERIOD_NAMES),
                        q=table.quota_share_pct / 100, n=1)[["iso3", "period", "q", "n"]]
    rest = [{"iso3": institutions.OTHER_MEMBERS, "period": label,
             "q": institutions.quota_shares(table, key)[institutions.OTHER_MEMBERS],
             "n": institutions.member_counts(institutions.quota_shares(table, key))[institutions.OTHER_MEMBERS]}
            for label, key in PERIOD_OF.items()]
    rows = pd.concat([rows, pd.DataFrame(rest)], ignore_index=True)
    rows["group"] = [_group_of(m) for m in rows.iso3]
    groups = tuple(IMF_GROUPS)
    controls = [
        Choice("quota_period", "Quota shares", tuple(PERIOD_OF), "After the 14th Review"),
        Choice("from_group", "Take quota from", groups, "United States"),
        Choice("to_group", "Give it to", groups, "BRIC"),
        Slider("moved_share", "Share of the first group's quota moved", 0, 1, 0.01, 0),
        Slider("majority", "Special majority needed", 0.5, 0.95, 0.01, institutions.SPECIAL_MAJORITY),
    ]
    readouts = [
        Readout("us_quota", "US quota share", ".2%"),
        Readout("us_vote", "US voting share", ".2%"),
        Readout("us_margin", "US share minus the blocking line", "+.2pp"),
        Readout("us_veto", "US can block alone", ""),
        Readout("from_vote", "Voting share of the group giving quota", ".2%"),
        Readout("to_vote", "Voting share of the group receiving quota", ".2%"),
    ]

    def members(quota: Mapping[str, float], group: str) -> list[str]:
        return [m for m in IMF_GROUPS[group] if m in quota]

    def shares_after(state: Mapping[str, Any]) -> tuple[dict[str, float], dict[str, float]]:
        quota = institutions.quota_shares(table, PERIOD_OF[state["quota_period"]])
        if state["from_group"] != state["to_group"]:  # the same group on both sides moves nothing
            quota = institutions.move_quota(quota, members(quota, state["from_group"]),
                                            members(quota, state["to_group"]), float(state["moved_share"]))
        return quota, institutions.voting_shares(quota)

    def model(state: Mapping[str, Any]) -> dict[str, Any]:
        quota, votes = shares_after(state)
        majority = float(state["majority"])
        return {"us_quota": quota["USA"], "us_vote": votes["USA"],
                "us_margin": institutions.blocking_margin(votes["USA"], majority),
                "us_veto": "yes" if institutions.can_block(votes["USA"], majority) else "no",
                "from_vote": institutions.group_total(votes, members(votes, state["from_group"])),
                "to_vote": institutions.group_total(votes, members(votes, state["to_group"]))}

    def role(group: str, state: Mapping[str, Any]) -> str:
        if state["from_group"] == state["to_group"]:
            return "unchanged"
        return {state["from_group"]: "gives quota", state["to_group"]: "receives quota"}.get(group, "unchanged")

    @functools.lru_cache(maxsize=len(PERIOD_OF))
    def template(title: str) -> dict[str, Any]:
        """The live chart for one title, built once (a callback only fills in its two data sets)."""
        return _vote_bars(alt.Chart(alt.NamedData("groups")), alt.Chart(alt.NamedData("line")), title) \
            .properties(description=_IMF_DESCRIPTION).to_dict()

    def live_chart(state: Mapping[str, Any]) -> dict[str, Any]:
        _, votes = shares_after(state)
        frame = pd.DataFrame({"group": groups,
                              "vote": [institutions.group_total(votes, members(votes, g)) for g in groups]})
        frame["role"] = [role(g, state) for g in frame.group]
        return spec_with(template(f"Voting shares, {state['quota_period'].lower()}"),
                         {"groups": frame, "line": [{"line": 1 - float(state["majority"])}]})

    def twin(params: Sequence[alt.Parameter]) -> alt.TopLevelMixin:
        b, n = institutions.BASIC_VOTE_SHARE, institutions.MEMBERS
        base = (alt.Chart(rows).transform_filter("datum.period == quota_period")
                .transform_calculate(same="from_group == to_group", is_from="datum.group == from_group",
                                     is_to="datum.group == to_group")
                .transform_calculate(ql="datum.is_from ? datum.q : 0", qg="datum.is_to ? datum.q : 0")
                .transform_joinaggregate(QL="sum(ql)", QG="sum(qg)")
                .transform_calculate(q2="datum.same ? datum.q : (datum.is_from ? datum.q * (1 - moved_share) : "
                                        "(datum.is_to ? datum.q + moved_share * datum.QL * datum.q / datum.QG : "
                                        "datum.q))")
                .transform_calculate(vote=f"{b} * datum.n / {n} + (1 - {b}) * datum.q2"))
        us = base.transform_filter("datum.iso3 == 'USA'")
        panel = readout_panel(readouts, {
            "us_quota": us.transform_calculate(value="datum.q2"),
            "us_vote": us.transform_calculate(value="datum.vote"),
            "us_margin": us.transform_calculate(value="datum.vote - (1 - majority)"),
            "us_veto": us.transform_calculate(value="datum.vote - (1 - majority) > 0 ? 'yes' : 'no'"),
            "from_vote": base.transform_calculate(v="datum.is_from ? datum.vote : 0")
            .transform_aggregate(value="sum(v)"),
            "to_vote": base.transform_calculate(v="datum.is_to ? datum.vote : 0").transform_aggregate(value="sum(v)"),
        }, texts=('us_veto',))
        by_group = base.transform_aggregate(vote="sum(vote)", groupby=["group"]).transform_calculate(
            role="from_group == to_group ? 'unchanged' : (datum.group == from_group ? 'gives quota' : "
                 "(datum.group == to_group ? 'receives quota' : 'unchanged'))")
        line = base.transform_aggregate(k="count()").transform_calculate(line="1 - majority")
        chart = _vote_bars(by_group, line, "Voting shares after your transfer")
        return stack(chart, panel, description=_IMF_DESCRIPTION)

    examples = [
        {"moved_share": 0.2},
        {"quota_period": "Before the 2010 reform", "moved_share": 0.1},
        {"from_group": "Europe (listed members)", "to_group": "BRIC", "moved_share": 0.5},
        {"majority": 0.7, "from_group": "All other members", "to_group": "United States", "moved_share": 0.05},
        {"from_group": "BRIC", "to_group": "BRIC", "moved_share": 0.4},
    ]
    return Explorer(name="imf_veto", title="IMF quotas and the US veto", controls=controls, readouts=readouts,
                    model=model, live_chart=live_chart, twin=twin, examples=examples)
