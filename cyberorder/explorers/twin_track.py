"""Chapter 4's explorer: reshape the 2019-21 GGE on a map and compare it with the Assembly (the OEWG)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd

from cyberorder import colours, forums, rollcalls, vega
from cyberorder.data import load
from cyberorder.explorer import Explorer, Picks, Readout, param_name, readout_panel, spec_with, stack
from cyberorder.explorers._shared import camp_bars, member_squares, tile_map, vote_table
from cyberorder.reach import internet_users_of, population_of, reach

__all__ = ["BODY_FILLS", "GGE_BODY", "OEWG_BODY", "STATUS", "twin_track"]


# --- the twin track ------------------------------------------------------------------------------

_TWIN_DESCRIPTION = ("Five charts, one above the other. First: a tile-grid map of the 193 UN member states, one "
                     "square each, filled black if the state sits in the reader's GGE and hollow if not; clicking a "
                     "square puts the state in or takes it out. Second: the reader's GGE as tiles, one row per UN "
                     "regional group, one tile per state of the 2019-21 GGE or added by the reader, filled with its "
                     "camp of the 2018 votes; dropped members are hollow, added states outlined in black. Third: the "
                     "share of the GGE's members in each regional group next to the share of all 193 member states "
                     "(the OEWG's potential membership). Fourth: the GGE's members by camp: sovereignty camp, open "
                     "camp, bridges and neither. Fifth: the GGE's share of the 193 member states, of their population "
                     "and of their internet users, next to the OEWG's, which is 100% on each measure because every "
                     "member may take part.")

GGE_BODY, OEWG_BODY = "GGE (your choice)", "General Assembly / OEWG"
_REACH_MEASURES = ("Member states", "Population", "Internet users")
"""The three denominators of :func:`cyberorder.reach.reach`, in the order the reach chart shows them."""


BODY_FILLS = [colours.INK, colours.OTHER]
"""Your GGE in ink against the Assembly (the OEWG's potential membership) in grey: the reader's choice and its
context, without a hue of the argument."""
STATUS = ("member", "dropped", "added")
"""A tile's state in the forum map: a 2019-21 member kept, a member the reader dropped, a state the reader added."""


def _forum_tiles(chart: alt.Chart) -> alt.LayerChart:
    """The forum as a map of tiles: one row per UN regional group, one tile per state of the 2019-21 GGE or added
    by the reader, filled with its 2018 camp's colour; a dropped member is hollow and grey, an added state has an
    ink outline (fields: group, slot, iso3, country, camp, status)."""
    base = chart.encode(
        x=alt.X("slot:O", title=None, axis=None),
        y=alt.Y("group:N", title=None, sort=list(forums.UN_REGIONAL_GROUPS),
                axis=alt.Axis(labelLimit=200, ticks=False, domain=False)),
    )
    fill = alt.condition("datum.status == 'dropped'", alt.value(colours.PAGE),
                         alt.Fill("camp:N", title="Camp (2018 votes)",
                                  scale=colours.scale("camp", list(rollcalls.CAMPS)),
                                  legend=alt.Legend(orient="bottom", columns=2)))
    tiles = base.mark_square(size=620, strokeWidth=2, opacity=1).encode(
        fill=fill,
        stroke=alt.Stroke("status:N", title="Tile", scale=alt.Scale(domain=list(STATUS), range=[
            colours.PAGE, colours.OTHER, colours.INK]), legend=alt.Legend(orient="bottom")),
        tooltip=["country:N", "group:N", "camp:N", "status:N"],
    )
    codes = base.mark_text(fontSize=9, fontWeight="bold").encode(
        text="iso3:N",
        color=alt.condition("datum.status == 'dropped'", alt.value(colours.OTHER), alt.value(colours.INK)))
    return alt.layer(tiles, codes).properties(width=alt.Step(30), height=alt.Step(30),
                                               title="Your GGE: the 2019-21 members by region, and your changes")


def _region_bars(chart: alt.Chart) -> alt.Chart:
    """Grouped bars (fields: group, body, share)."""
    return chart.mark_bar().encode(
        y=alt.Y("group:N", title=None, sort=list(forums.UN_REGIONAL_GROUPS)),
        yOffset=alt.YOffset("body:N", sort=[GGE_BODY, OEWG_BODY]),
        x=alt.X("share:Q", title="Share of members (%)", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 0.6])),
        color=alt.Color("body:N", title=None, sort=[GGE_BODY, OEWG_BODY],
                        scale=alt.Scale(domain=[GGE_BODY, OEWG_BODY], range=BODY_FILLS),
                        legend=alt.Legend(orient="top")),
        tooltip=["group:N", "body:N", alt.Tooltip("share:Q", format=".1%")],
    ).properties(width=420, height=200, title="Regional balance: your GGE against the Assembly")


def _camp_bars(chart: alt.Chart) -> alt.Chart:
    """Bars of members per camp of the 2018 votes (fields: camp, n; :func:`cyberorder.explorers._shared.camp_bars`)."""
    return camp_bars(chart, members="Members of your GGE", title="Camps, from the 2018 votes", width=420, height=110)


def _reach_bars(chart: alt.Chart) -> alt.Chart:
    """Grouped bars of a forum's share of the UN membership's states, people and internet users, against the
    OEWG's (fields: measure, body, share)."""
    return chart.mark_bar().encode(
        y=alt.Y("measure:N", title=None, sort=list(_REACH_MEASURES)),
        yOffset=alt.YOffset("body:N", sort=[GGE_BODY, OEWG_BODY]),
        x=alt.X("share:Q", title="Share of the 193 UN member states' total (%)", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("body:N", title=None, sort=[GGE_BODY, OEWG_BODY],
                        scale=alt.Scale(domain=[GGE_BODY, OEWG_BODY], range=BODY_FILLS), legend=None),
        tooltip=["measure:N", "body:N", alt.Tooltip("share:Q", format=".1%")],
    ).properties(width=420, height=130, title="Whom the forum speaks for")


def twin_track() -> Explorer:
    """Reshape the 2019-21 GGE: click any of the 193 member states on the map to drop it or add it.

    The picks (:class:`cyberorder.explorer.Picks`, also made from the keyboard in the list under the map) flip
    each state: a member of the 2019-21 GGE leaves, any other state joins.

    Readouts: the forum's size, the share of its members in each UN regional group, the shares
    in the sovereignty camp, the open camp and the bridges, its distance from the Assembly's
    regional balance (the share of seats that would have to move to mirror it), and whom it speaks
    for: its share of the 193 member states, of their population and of their internet users, from
    :func:`cyberorder.reach.reach`. The OEWG, open to every member state, has 100% on all three.
    """
    people, online = population_of(), internet_users_of()
    states = vote_table()
    missing = sorted(set(states.iso3) - set(people))
    if missing:
        raise ValueError(f"no population for member state(s) {missing} in the table 'population'")
    # a state whose share online is unknown counts 0 on both sides of the twin's user share, as reach()
    # leaves it out of both sides; the readout is the same
    states = states.assign(population=states.iso3.map(people), users=states.iso3.map(online).fillna(0.0))
    gge = load("gge_members")
    members = gge[gge.gge == "2019-2021"].iso3.tolist()
    states = states.assign(gge=states.iso3.isin(members).astype(int))
    grid = forums.tile_grid().set_index("iso3")
    states = states.assign(x=states.iso3.map(grid.x), y=states.iso3.map(grid.y))
    columns, rows = int(states.x.max()), int(states.y.max())
    name_of = dict(zip(states.iso3, states.country, strict=True))
    group_of = dict(zip(states.iso3, states.group, strict=True))
    camp_of = dict(zip(states.iso3, states.camp, strict=True))
    oewg = reach(states.iso3)
    options = tuple(sorted(name_of.items(), key=lambda o: o[1]))
    controls = [Picks("picked", "UN member states (ticked: in your GGE)", options)]
    readouts = [Readout("size", "Members", ",.0f")]
    readouts += [Readout(param_name("share", g), f"Share from the {g}", ".1%") for g in forums.UN_REGIONAL_GROUPS]
    readouts += [Readout("sovereignty", "Share in the sovereignty camp", ".1%"),
                 Readout("open", "Share in the open camp", ".1%"),
                 Readout("bridge", "Share of bridges", ".1%"),
                 Readout("distance", "Seats to move to mirror the Assembly's regions", ".1%"),
                 Readout("reach_members", "Share of the 193 member states (OEWG = 100%)", ".1%"),
                 Readout("reach_population", "Share of the member states' population (OEWG = 100%)", ".1%"),
                 Readout("reach_users", "Share of the member states' internet users (OEWG = 100%)", ".1%")]

    def chosen(state: Mapping[str, Any]) -> list[str]:
        """The 2019-21 GGE with each picked state flipped (forums.TOGGLE)."""
        return list(forums.edit(members, [(forums.TOGGLE, iso) for iso in state["picked"]], group_of))

    def model(state: Mapping[str, Any]) -> dict[str, float]:
        picked = chosen(state)
        p = forums.forum_profile(picked, group_of, camp_of)
        r = reach(picked)
        out: dict[str, float] = {"size": p.size}
        out |= {param_name("share", g): p.group_shares[g] for g in forums.UN_REGIONAL_GROUPS}
        out |= {"sovereignty": p.camp_shares[rollcalls.SOVEREIGNTY_CAMP], "open": p.camp_shares[rollcalls.OPEN_CAMP],
                "bridge": p.camp_shares[rollcalls.BRIDGE], "distance": p.regional_distance,
                "reach_members": r.share_of_members, "reach_population": r.share_of_population,
                "reach_users": r.share_of_internet_users}
        return out

    def tiles(state: Mapping[str, Any]) -> pd.DataFrame:
        """The forum map's tiles: every 2019-21 member (kept or dropped) and every added state, numbered by
        name within its regional group (the twin numbers them the same way)."""
        picked = set(chosen(state))
        shown = states[(states.gge == 1) | states.iso3.isin(picked)].sort_values(["group", "country"])
        return shown.assign(
            status=["added" if not g else "member" if iso in picked else "dropped"
                    for iso, g in zip(shown.iso3, shown.gge, strict=True)],
            slot=shown.groupby("group").cumcount() + 1,
            member=shown.iso3.isin(picked).astype(int),  # a click on a tile flips it too (cyberorder.picker)
        )[["group", "slot", "iso3", "country", "camp", "status", "member"]]

    # built once, as a spec: a callback only fills in the small data sets. The map's squares are written into the
    # spec (sent once); a move sends the members' codes, which the squares look up
    template = stack(
        tile_map(member_squares(states[["iso3", "country", "group", "x", "y"]]), columns, rows),
        _forum_tiles(alt.Chart(alt.NamedData("tiles"))), _region_bars(alt.Chart(alt.NamedData("bars"))),
        _camp_bars(alt.Chart(alt.NamedData("camps"))), _reach_bars(alt.Chart(alt.NamedData("spoken"))),
        description=_TWIN_DESCRIPTION, independent=["color", "fill", "stroke"],
    ).to_dict()

    def live_chart(state: Mapping[str, Any]) -> dict[str, Any]:
        picked = chosen(state)
        p = forums.forum_profile(picked, group_of, camp_of)
        r = reach(picked)
        assembly = states.group.value_counts(normalize=True)
        bars = pd.DataFrame(
            [{"group": g, "body": GGE_BODY, "share": p.group_shares[g]} for g in forums.UN_REGIONAL_GROUPS]
            + [{"group": g, "body": OEWG_BODY, "share": float(assembly[g])} for g in forums.UN_REGIONAL_GROUPS])
        forum = states[states.iso3.isin(picked)].groupby("camp").size().rename("n").reset_index()
        spoken = pd.DataFrame(
            [{"measure": m, "body": body, "share": v} for body, x in ((GGE_BODY, r), (OEWG_BODY, oewg))
             for m, v in zip(_REACH_MEASURES, (x.share_of_members, x.share_of_population,
                                              x.share_of_internet_users), strict=True)])
        return spec_with(template, {"members": [{"iso3": iso, "in": 1} for iso in picked], "tiles": tiles(state),
                                    "bars": bars, "camps": forum, "spoken": spoken})

    def twin(params: Sequence[alt.Parameter]) -> alt.TopLevelMixin:
        # a pick flips a state: a 2019-21 member leaves, any other state joins
        flipped = "indexof(picked, '|' + datum.iso3 + '|') >= 0"
        added = f"datum.gge == 0 && {flipped}"
        # the states are the top-level data, serialised once and inherited by every part of the chart
        base = alt.Chart().transform_calculate(member=f"(datum.gge == 1) != ({flipped}) ? 1 : 0")
        totals = base.transform_calculate(
            **{f"g{i}": f"datum.member && datum.group == {vega.string(g)} ? 1 : 0"
               for i, g in enumerate(forums.UN_REGIONAL_GROUPS)},
            cs=f"datum.member && datum.camp == {vega.string(rollcalls.SOVEREIGNTY_CAMP)} ? 1 : 0",
            co=f"datum.member && datum.camp == {vega.string(rollcalls.OPEN_CAMP)} ? 1 : 0",
            cb=f"datum.member && datum.camp == {vega.string(rollcalls.BRIDGE)} ? 1 : 0",
            pm="datum.member ? datum.population : 0",
            um="datum.member ? datum.users : 0",
        ).transform_aggregate(
            size="sum(member)", cs="sum(cs)", co="sum(co)", cb="sum(cb)", n_all="count()",
            pm="sum(pm)", pa="sum(population)", um="sum(um)", ua="sum(users)",
            **{f"g{i}": f"sum(g{i})" for i in range(len(forums.UN_REGIONAL_GROUPS))},
        ).transform_calculate(
            # the forum's reach; the OEWG's is 1 on each measure by construction (every member may sit in it)
            m="datum.size / datum.n_all", p="datum.pm / datum.pa", u="datum.um / datum.ua", om="1", op="1", ou="1",
        )
        lines = {"size": totals.transform_calculate(value="datum.size")}
        lines |= {param_name("share", g): totals.transform_calculate(value=f"datum.g{i} / datum.size")
                  for i, g in enumerate(forums.UN_REGIONAL_GROUPS)}
        lines |= {k: totals.transform_calculate(value=f"datum.{f} / datum.size")
                  for f, k in (("cs", "sovereignty"), ("co", "open"), ("cb", "bridge"))}
        by_group = base.transform_aggregate(n_member="sum(member)", n_all="count()", groupby=["group"]) \
            .transform_joinaggregate(t_member="sum(n_member)", t_all="sum(n_all)")
        distance = by_group.transform_calculate(
            d="abs(datum.n_member / datum.t_member - datum.n_all / datum.t_all)",
        ).transform_aggregate(s="sum(d)").transform_calculate(value="datum.s / 2")
        lines["distance"] = distance
        lines |= {k: totals.transform_calculate(value=f"datum.{f}")
                  for f, k in (("m", "reach_members"), ("p", "reach_population"), ("u", "reach_users"))}
        panel = readout_panel(readouts, lines, width=420)
        region = by_group.transform_calculate(
            gge="datum.n_member / datum.t_member", assembly="datum.n_all / datum.t_all",
        ).transform_fold(["gge", "assembly"], as_=["key", "share"]).transform_calculate(
            body=f"datum.key == 'gge' ? {vega.string(GGE_BODY)} : {vega.string(OEWG_BODY)}")
        camps = _camp_bars(base.transform_filter("datum.member == 1").transform_calculate(n="1"))
        measure = " : ".join(f"indexof([{vega.string(k)}, {vega.string('o' + k)}], datum.key) >= 0 ? {vega.string(m)}"
                             for k, m in zip("mpu", _REACH_MEASURES, strict=True)) + " : ''"
        spoken = _reach_bars(totals.transform_fold(["m", "p", "u", "om", "op", "ou"], as_=["key", "share"])
                             .transform_calculate(measure=measure,
                                                  body=f"length(datum.key) == 1 ? {vega.string(GGE_BODY)} : "
                                                       f"{vega.string(OEWG_BODY)}"))
        forum = base.transform_calculate(added=f"{added} ? 1 : 0").transform_filter(
            "datum.gge == 1 || datum.added == 1").transform_calculate(
            status="datum.gge == 1 ? (datum.member ? 'member' : 'dropped') : 'added'",
        ).transform_window(slot="row_number()", groupby=["group"], sort=[alt.SortField("country")])
        # stacked, not side by side: the rebuilder fits a phone and leaves room for its controls beside it
        return stack(tile_map(base, columns, rows), _forum_tiles(forum), _region_bars(region), camps, spoken, panel,
                     data=states, description=_TWIN_DESCRIPTION, independent=["color", "fill", "stroke"])

    examples = [
        {"picked": ("CHN", "RUS")},
        {"picked": ("IRN", "CUB", "NGA", "NLD", "NOR")},
        {"picked": ("FRA", "DEU", "GBR", "USA", "EGY", "VNM")},
        {"picked": (*sorted(set(members) - {"BRA"}), "CAN", "GHA", "CHL")},
        # China and India out: the group's share of people falls far more than its share of seats
        {"picked": ("CHN", "IND", "PLW")},
        # closer to the regional mirror: four fewer WEOG seats, three more African ones
        {"picked": ("AUS", "CHE", "NLD", "NOR", "NGA", "ETH", "EGY")},
    ]
    return Explorer(name="twin_track", title="The twin track: reshape the GGE and compare it with the Assembly",
                    controls=controls, readouts=readouts, model=model, live_chart=live_chart, twin=twin,
                    examples=examples)
