"""Chapter 3's explorer: pick a forum, click states in or out on a map, see whom it speaks for and how it voted."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd

from cyberorder import colours, forums, rollcalls, vega, yourdata
from cyberorder.explorer import Choice, Explorer, Picks, Readout, param_name, readout_panel, spec_with, stack
from cyberorder.explorers._shared import camp_bars, member_squares, tile_map
from cyberorder.reach import internet_users_of, population_of

__all__ = ["AS_PRESET", "EMPTY_SIZE", "EMPTY_VALUE", "GROUP_ALL_IN", "GROUP_ALL_OUT", "forum_membership"]

AS_PRESET, GROUP_ALL_IN, GROUP_ALL_OUT = "as in the forum", "all in", "all out"
"""What the reader can do with a whole UN regional group."""
EMPTY_SIZE = "0 (the forum is empty: add a state or a regional group)"
EMPTY_VALUE = "undefined: the forum is empty"
_REACH_LABELS = ("UN member states", "Population", "Internet users")

_DESCRIPTION = ("The reader's forum on a tile-grid map of the 193 UN member states (one square each: filled black "
                "if the state is in the forum, hollow if not; click a square to put the state in or take it out), "
                "then three bar charts: the forum's share of the UN member states, of their population (2019) and "
                "of their internet users; how many of its members fell in each camp of the 2018 UN votes on the "
                "rival cyber resolutions (sovereignty camp: yes on A/RES/73/27 only; open camp: yes on A/RES/73/266 "
                "only; bridges: yes on both; neither); and how many come from each UN regional group.")


def _camp_bars(chart: alt.Chart) -> alt.Chart:
    """Bars of members per camp of the 2018 votes (fields: camp, n; :func:`cyberorder.explorers._shared.camp_bars`)."""
    return camp_bars(chart, members="Members (states)", title="Camps in the 2018 UN votes", width=220, height=140)


def _reach_bars(chart: alt.Chart) -> alt.Chart:
    """Bars of the forum's shares (fields: measure, share)."""
    return chart.mark_bar(color=colours.INK).encode(
        y=alt.Y("measure:N", title=None, sort=list(_REACH_LABELS)),
        x=alt.X("share:Q", title="Forum's share of the UN membership's total (%)", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        tooltip=["measure:N", alt.Tooltip("share:Q", format=".1%")],
    ).properties(width=260, height=110, title="Whom the forum speaks for")


def _group_bars(chart: alt.Chart) -> alt.Chart:
    """Bars of members per UN regional group (fields: group, n = how many members the row counts)."""
    groups = list(forums.UN_REGIONAL_GROUPS)
    return chart.mark_bar(color=colours.OTHER).encode(
        y=alt.Y("group:N", title=None, sort=groups, scale=alt.Scale(domain=groups), axis=alt.Axis(labelLimit=300)),
        x=alt.X("sum(n):Q", title="Members (states)"),
        tooltip=["group:N", alt.Tooltip("sum(n):Q", title="members")],
    ).properties(width=220, height=140, title="Regional balance: members by UN regional group")


def _states(table: Mapping[str, tuple[str, ...]]) -> pd.DataFrame:
    """One row per UN member state: code, name, regional group, map square, camp, population, internet users,
    presets.

    ``users`` is empty (NaN) where the share online is unknown, as in :func:`cyberorder.reach.reach`;
    ``presets`` lists the presets the state belongs to by their place in ``table`` (from 0) as ``|0|3|``: the twin
    finds the reader's preset's place in the list of labels.
    """
    tiles = forums.tile_grid()
    camps, people, users = forums.camp_of(), population_of(), internet_users_of()
    return tiles.assign(
        camp=[camps[s] for s in tiles.iso3],
        population=[people[s] for s in tiles.iso3],
        users=[users.get(s, float("nan")) for s in tiles.iso3],
        presets=["|" + "|".join(str(i) for i, members in enumerate(table.values()) if s in members) + "|"
                 for s in tiles.iso3],
    )


def forum_membership(members: Iterable[str] | None = None, name: str = "Your forum") -> Explorer:
    """Start from a preset forum, move whole UN regional groups in or out, click states in or out on the map.

    ``members`` (optional) is the reader's own forum: a list of UN member states as ISO3 codes or names (see
    :func:`cyberorder.yourdata.member_codes`, which checks it); it becomes the first preset, called ``name``, and the
    explorer starts from it. E.g. ``forum_membership(["Brazil", "Russia", "India", "China"], "BRIC (2009)")``.

    The model is :func:`cyberorder.forums.edit` (region choices first, in the order of
    :data:`cyberorder.forums.UN_REGIONAL_GROUPS`, then one :data:`~cyberorder.forums.TOGGLE` per state picked on
    the map or in the list: a picked state is in if the preset and regions left it out, out if they put it in)
    and :func:`cyberorder.forums.summarise` (reach, camps, distance from the Assembly's regional balance). An
    empty forum is an error in the model; the static twin says so in its readouts.
    """
    presets = dict(forums.presets())
    if members is not None:
        if not isinstance(name, str) or not name.strip() or "|" in name:
            raise ValueError(f"name must be a non-empty label without '|'; got {name!r}")
        if name in presets:
            raise ValueError(f"name {name!r} is already a preset; choose another")
        presets = {name: tuple(sorted(yourdata.member_codes(members, name)))} | presets
    states = _states(presets)
    columns, rows = int(states.x.max()), int(states.y.max())
    region = {g: param_name("region", g) for g in forums.UN_REGIONAL_GROUPS}
    default = name if members is not None else next(label for label in presets if label.startswith("UN GGE 2019"))
    options = tuple(sorted(zip(states.iso3, states.country, strict=True), key=lambda o: o[1]))
    controls: list[Any] = [Choice("forum_preset", "Start from", tuple(presets), default)]
    controls += [Choice(region[g], g, (AS_PRESET, GROUP_ALL_IN, GROUP_ALL_OUT), AS_PRESET)
                 for g in forums.UN_REGIONAL_GROUPS]
    controls += [Picks("picked", "UN member states (ticked: in the forum)", options)]
    readouts = [
        Readout("size", "Members", ",.0f"),
        Readout("share_members", "Share of the UN member states", ".1%"),
        Readout("share_population", "Share of the UN members' population (2019)", ".1%"),
        Readout("share_users", "Share of the UN members' internet users (2019)", ".1%"),
        Readout("users_unknown", "Members with no internet-use figure (left out of the users share)", ",.0f"),
        Readout("sovereignty", "Members in the sovereignty camp (yes on 73/27 only)", ".1%"),
        Readout("open", "Members in the open camp (yes on 73/266 only)", ".1%"),
        Readout("bridge", "Members who were bridges (yes on both)", ".1%"),
        Readout("neither", "Members in neither camp", ".1%"),
        Readout("yes_oewg", "Members who voted yes on A/RES/73/27 (the OEWG)", ".1%"),
        Readout("yes_gge", "Members who voted yes on A/RES/73/266 (the GGE)", ".1%"),
        Readout("regional_distance", "Seats to move between regional groups to mirror the Assembly", ".1%"),
    ]
    camp_key = {rollcalls.SOVEREIGNTY_CAMP: "sovereignty", rollcalls.OPEN_CAMP: "open", rollcalls.BRIDGE: "bridge",
                rollcalls.NEITHER: "neither"}

    def members(state: Mapping[str, Any]) -> tuple[str, ...]:
        steps: list[tuple[str, str]] = []
        for g in forums.UN_REGIONAL_GROUPS:
            if state[region[g]] != AS_PRESET:
                steps.append((forums.ADD if state[region[g]] == GROUP_ALL_IN else forums.REMOVE, g))
        steps += [(forums.TOGGLE, code) for code in state["picked"]]
        return forums.edit(presets[state["forum_preset"]], steps)

    def model(state: Mapping[str, Any]) -> dict[str, float]:
        s = forums.summarise(members(state))
        out: dict[str, float] = {"size": s.reach.states, "share_members": s.reach.share_of_members,
                                 "share_population": s.reach.share_of_population,
                                 "share_users": s.reach.share_of_internet_users,
                                 "users_unknown": len(s.reach.users_unknown),
                                 "regional_distance": s.regional_distance}
        # a camp is named by its yes votes: yes on 73/27 = sovereignty camp + bridges; on 73/266 = open + bridges
        yes = {"yes_oewg": (rollcalls.SOVEREIGNTY_CAMP, rollcalls.BRIDGE), "yes_gge": (rollcalls.OPEN_CAMP,
                                                                                        rollcalls.BRIDGE)}
        out |= {key: sum(s.camp_counts[c] for c in camps) / s.reach.states for key, camps in yes.items()}
        return out | {camp_key[c]: s.camp_shares[c] for c in rollcalls.CAMPS}

    # built once, as a spec: a callback only fills in the rows (for the map, the members' codes)
    tiles = states[["iso3", "country", "group", "x", "y"]]
    template = alt.vconcat(
        tile_map(member_squares(tiles), columns, rows),
        alt.hconcat(_reach_bars(alt.Chart(alt.NamedData("shares"))), _camp_bars(alt.Chart(alt.NamedData("camps")))),
        _group_bars(alt.Chart(alt.NamedData("groups"))),
    ).properties(description=_DESCRIPTION).to_dict()

    def live_chart(state: Mapping[str, Any]) -> dict[str, Any]:
        inside = set(members(state))
        s = forums.summarise(tuple(inside))
        shares = pd.DataFrame({"measure": list(_REACH_LABELS), "share": [
            s.reach.share_of_members, s.reach.share_of_population, s.reach.share_of_internet_users]})
        counts = pd.DataFrame({"camp": list(s.camp_counts), "n": list(s.camp_counts.values())})
        by_group = tiles.group[tiles.iso3.isin(inside)].value_counts()
        groups = pd.DataFrame({"group": list(forums.UN_REGIONAL_GROUPS),
                               "n": [int(by_group.get(g, 0)) for g in forums.UN_REGIONAL_GROUPS]})
        return spec_with(template, {"members": [{"iso3": code, "in": 1} for code in sorted(inside)],
                                    "shares": shares, "camps": counts, "groups": groups})

    def twin(params: Sequence[alt.Parameter]) -> alt.TopLevelMixin:
        choice = "".join(f"datum.group == {vega.string(g)} ? {region[g]} : " for g in forums.UN_REGIONAL_GROUPS) + "''"
        # every row's membership and amounts, computed once for the whole chart (its parts inherit them): written
        # once in the spec, not once per part
        row_steps = [
            {"region_choice": choice,
             "in_preset": "indexof(datum.presets, '|' + preset_index + '|') >= 0",
             "picked": "indexof(picked, '|' + datum.iso3 + '|') >= 0"},
            {"kept": f"datum.region_choice == {vega.string(GROUP_ALL_IN)} || "
                     f"(datum.region_choice == {vega.string(AS_PRESET)} && datum.in_preset)"},
            {"member": "datum.kept != datum.picked ? 1 : 0"},  # a pick flips the state
            {"pop": "datum.member ? datum.population : 0",
             "known": "isValid(datum.users) && isFinite(datum.users) ? datum.users : 0",
             "unknown": "datum.member && !(isValid(datum.users) && isFinite(datum.users)) ? 1 : 0",
             **{f"c_{camp_key[c]}": f"datum.member && datum.camp == {vega.string(c)} ? 1 : 0"
                for c in rollcalls.CAMPS}},
            {"users_in": "datum.member ? datum.known : 0"},
        ]
        base = alt.Chart()
        totals = base.transform_aggregate(
            size="sum(member)", all="count()", pop="sum(pop)", pop_all="sum(population)", users="sum(users_in)",
            users_all="sum(known)", unknown="sum(unknown)",
            **{f"c_{camp_key[c]}": f"sum(c_{camp_key[c]})" for c in rollcalls.CAMPS},
        )

        # D = 1/2 sum over groups of |forum's share - Assembly's share| (cyberorder.forums.dissimilarity), from one
        # row per regional group (its own chain: the other readouts' rows need not carry five groups' counts)
        by_group = base.transform_aggregate(n_in="sum(member)", n_all="count()", groupby=["group"]) \
            .transform_joinaggregate(size="sum(n_in)", all="sum(n_all)") \
            .transform_calculate(d="abs(datum.n_in / datum.size - datum.n_all / datum.all)") \
            .transform_aggregate(d="sum(d)", size="max(size)")

        def line(expr: str, r: Readout) -> alt.Chart:
            """The readout's text: its value, or what an empty forum shows instead."""
            empty = EMPTY_SIZE if r.key == "size" else EMPTY_VALUE
            value = f"datum.size > 0 ? {vega.format_number(expr, r.fmt)} : {vega.string(empty)}"
            return (by_group if r.key == "regional_distance" else totals).transform_calculate(value=value)

        distance = "datum.d / 2"
        exprs = {"size": "datum.size", "share_members": "datum.size / datum.all",
                 "share_population": "datum.pop / datum.pop_all", "share_users": "datum.users / datum.users_all",
                 "users_unknown": "datum.unknown",
                 **{camp_key[c]: f"datum.c_{camp_key[c]} / datum.size" for c in rollcalls.CAMPS},
                 "yes_oewg": "(datum.c_sovereignty + datum.c_bridge) / datum.size",
                 "yes_gge": "(datum.c_open + datum.c_bridge) / datum.size",
                 "regional_distance": distance}
        panel = readout_panel(readouts, {r.key: line(exprs[r.key], r) for r in readouts},
                              texts=[r.key for r in readouts], width=420)
        shares = totals.transform_calculate(
            m="datum.size / datum.all", p="datum.pop / datum.pop_all", u="datum.users / datum.users_all",
        ).transform_fold(["m", "p", "u"], as_=["key", "share"]).transform_calculate(
            measure=vega.choose("datum.key", dict(zip(("m", "p", "u"), _REACH_LABELS, strict=True))))
        members_only = base.transform_filter("datum.member == 1").transform_calculate(n="1")
        # the reader's preset as its place in the list (the rows name their presets by place)
        where = alt.param(name="preset_index",
                          expr=f"indexof([{', '.join(vega.string(p) for p in presets)}], forum_preset)")
        # the rows' steps, the param and the description go in as the chart is built: each later change to a
        # compound chart makes Altair copy all of its parts again
        return stack(
            tile_map(base, columns, rows),
            alt.hconcat(_reach_bars(shares), _camp_bars(members_only)),
            _group_bars(members_only),
            panel,
            data=states,
            transform=[alt.CalculateTransform(calculate=expr, **{"as": field})
                       for step in row_steps for field, expr in step.items()],
            params=[where.param],
            description=_DESCRIPTION,
        )

    by_name = {country: code for code, country in options}
    examples = [
        {"forum_preset": forums.ALL_UN},
        {"picked": (by_name["Iran"], by_name["Cuba"], by_name["United States"], by_name["Russia"])},
        {region["Western European and Others Group"]: GROUP_ALL_IN, region["African Group"]: GROUP_ALL_OUT},
        {"forum_preset": next(label for label in presets if label.startswith("WCIT-12: signatories")),
         "picked": (by_name["Palau"],)},
        {"forum_preset": forums.EMPTY, region["Eastern European Group"]: GROUP_ALL_IN, "picked": (by_name["Russia"],)},
        {"forum_preset": next(label for label in presets if label.startswith("NCPI")),
         region["Asia-Pacific Group"]: GROUP_ALL_OUT, "picked": (by_name["India"], by_name["Tuvalu"])},
    ]
    return Explorer(name="forum_membership", title="Forum membership: whom a forum speaks for, and how it voted",
                    controls=controls, readouts=readouts, model=model, live_chart=live_chart, twin=twin,
                    examples=examples)
