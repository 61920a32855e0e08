"""Chapter 3's forum-membership explorer: pick a forum, edit its members, see whom it speaks for and how it voted."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd

from cyberorder import colours, forums, rollcalls, vega, yourdata
from cyberorder.data import load
from cyberorder.explorer import Choice, Explorer, Readout, param_name, readout_panel, spec_with
from cyberorder.reach import internet_users_of, population_of

__all__ = ["AS_PRESET", "GROUP_ALL_IN", "GROUP_ALL_OUT", "NOBODY", "forum_membership"]

AS_PRESET, GROUP_ALL_IN, GROUP_ALL_OUT = "as in the forum", "all in", "all out"
"""What the reader can do with a whole UN regional group."""
NOBODY = "nobody"
EMPTY_SIZE = "0 (the forum is empty: add a state or a regional group)"
EMPTY_VALUE = "undefined: the forum is empty"
_CAMP_COLOURS = {camp: colours.KEY["camp"][camp] for camp in rollcalls.CAMPS}
_REACH_LABELS = ("UN member states", "Population", "Internet users")

_DESCRIPTION = ("Two bar charts of the reader's forum. Left: its share of the 193 UN member states, of their "
                "population (2019) and of their internet users. Right: how many of its members fell in each camp "
                "of the 2018 UN votes on the rival cyber resolutions: sovereignty camp (yes on A/RES/73/27 only), "
                "open camp (yes on A/RES/73/266 only), bridges (yes on both) and neither.")


def _reach_bars(chart: alt.Chart) -> alt.Chart:
    """Bars of the forum's shares (fields: measure, share)."""
    return chart.mark_bar(color=colours.INK).encode(
        y=alt.Y("measure:N", title=None, sort=list(_REACH_LABELS)),
        x=alt.X("share:Q", title="Forum's share of the UN membership's total (%)", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        tooltip=["measure:N", alt.Tooltip("share:Q", format=".1%")],
    ).properties(width=260, height=110, title="Whom the forum speaks for")


def _camp_bars(chart: alt.Chart) -> alt.Chart:
    """Bars of members per camp (fields: camp, n = how many members the row counts)."""
    return chart.mark_bar().encode(
        y=alt.Y("camp:N", title=None, sort=list(rollcalls.CAMPS), scale=alt.Scale(domain=list(rollcalls.CAMPS))),
        x=alt.X("sum(n):Q", title="Members (states)"),
        color=alt.Color("camp:N", legend=None, scale=alt.Scale(domain=list(_CAMP_COLOURS),
                                                                range=list(_CAMP_COLOURS.values()))),
        tooltip=["camp:N", alt.Tooltip("sum(n):Q", title="members")],
    ).properties(width=220, height=140, title="Camps in the 2018 UN votes")


def _states(table: Mapping[str, tuple[str, ...]]) -> pd.DataFrame:
    """One row per UN member state: code, name, regional group, camp, population, internet users, presets.

    ``users`` is empty (NaN) where the share online is unknown, as in :func:`cyberorder.reach.reach`;
    ``presets`` lists the presets the state belongs to as ``|label|label|``.
    """
    names = load("un_regional_groups").set_index("iso3").country
    groups, camps, people, users = forums.group_of(), forums.camp_of(), population_of(), internet_users_of()
    codes = sorted(groups)
    return pd.DataFrame({
        "iso3": codes,
        "country": [str(names[s]) for s in codes],
        "group": [groups[s] for s in codes],
        "camp": [camps[s] for s in codes],
        "population": [people[s] for s in codes],
        "users": [users.get(s, float("nan")) for s in codes],
        "presets": ["|" + "|".join(label for label, members in table.items() if s in members) + "|"
                    for s in codes],
    })


def forum_membership(members: Iterable[str] | None = None, name: str = "Your forum") -> Explorer:
    """Start from a preset forum, move whole UN regional groups in or out, add or remove states.

    ``members`` (optional) is the reader's own forum: a list of UN member states as ISO3 codes or names (see
    :func:`cyberorder.yourdata.member_codes`, which checks it); it becomes the first preset, called ``name``, and the
    explorer starts from it. E.g. ``forum_membership(["Brazil", "Russia", "India", "China"], "BRIC (2009)")``.

    The model is :func:`cyberorder.forums.edit` (region choices first, in the order of
    :data:`cyberorder.forums.UN_REGIONAL_GROUPS`, then the two additions, then the two removals: a state
    both added and removed ends up out) and :func:`cyberorder.forums.summarise` (reach and camps). An empty
    forum is an error in the model; the static twin says so in its readouts.
    """
    presets = dict(forums.presets())
    if members is not None:
        if not isinstance(name, str) or not name.strip() or "|" in name:
            raise ValueError(f"name must be a non-empty label without '|'; got {name!r}")
        if name in presets:
            raise ValueError(f"name {name!r} is already a preset; choose another")
        presets = {name: tuple(sorted(yourdata.member_codes(members, name)))} | presets
    states = _states(presets)
    iso_of = dict(zip(states.country, states.iso3, strict=True))
    names = tuple(sorted(iso_of))
    region = {g: param_name("region", g) for g in forums.UN_REGIONAL_GROUPS}
    default = name if members is not None else next(label for label in presets if label.startswith("UN GGE 2019"))
    controls: list[Any] = [Choice("forum_preset", "Start from", tuple(presets), default)]
    controls += [Choice(region[g], g, (AS_PRESET, GROUP_ALL_IN, GROUP_ALL_OUT), AS_PRESET)
                 for g in forums.UN_REGIONAL_GROUPS]
    controls += [Choice("add_1", "Add a state", (NOBODY, *names), NOBODY),
                 Choice("add_2", "Add another state", (NOBODY, *names), NOBODY),
                 Choice("remove_1", "Remove a state", (NOBODY, *names), NOBODY),
                 Choice("remove_2", "Remove another state", (NOBODY, *names), NOBODY)]
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
    ]
    camp_key = {rollcalls.SOVEREIGNTY_CAMP: "sovereignty", rollcalls.OPEN_CAMP: "open", rollcalls.BRIDGE: "bridge",
                rollcalls.NEITHER: "neither"}

    def members(state: Mapping[str, Any]) -> tuple[str, ...]:
        steps: list[tuple[str, str]] = []
        for g in forums.UN_REGIONAL_GROUPS:
            if state[region[g]] != AS_PRESET:
                steps.append((forums.ADD if state[region[g]] == GROUP_ALL_IN else forums.REMOVE, g))
        steps += [(forums.ADD, iso_of[state[k]]) for k in ("add_1", "add_2") if state[k] != NOBODY]
        steps += [(forums.REMOVE, iso_of[state[k]]) for k in ("remove_1", "remove_2") if state[k] != NOBODY]
        return forums.edit(presets[state["forum_preset"]], steps)

    def model(state: Mapping[str, Any]) -> dict[str, float]:
        s = forums.summarise(members(state))
        out: dict[str, float] = {"size": s.reach.states, "share_members": s.reach.share_of_members,
                                 "share_population": s.reach.share_of_population,
                                 "share_users": s.reach.share_of_internet_users,
                                 "users_unknown": len(s.reach.users_unknown)}
        return out | {camp_key[c]: s.camp_shares[c] for c in rollcalls.CAMPS}

    # built once, as a spec: a callback only fills in the rows
    template = alt.vconcat(_reach_bars(alt.Chart(alt.NamedData("shares"))),
                           _camp_bars(alt.Chart(alt.NamedData("camps")))).properties(description=_DESCRIPTION).to_dict()

    def live_chart(state: Mapping[str, Any]) -> dict[str, Any]:
        s = forums.summarise(members(state))
        shares = pd.DataFrame({"measure": list(_REACH_LABELS), "share": [
            s.reach.share_of_members, s.reach.share_of_population, s.reach.share_of_internet_users]})
        counts = pd.DataFrame({"camp": list(s.camp_counts), "n": list(s.camp_counts.values())})
        return spec_with(template, {"shares": shares, "camps": counts})

    def twin(params: Sequence[alt.Parameter]) -> alt.TopLevelMixin:
        choice = "".join(f"datum.group == {vega.string(g)} ? {region[g]} : " for g in forums.UN_REGIONAL_GROUPS) + "''"
        base = alt.Chart(states).transform_calculate(
            region_choice=choice,
            in_preset="indexof(datum.presets, '|' + forum_preset + '|') >= 0",
        ).transform_calculate(
            kept=f"datum.region_choice == {vega.string(GROUP_ALL_IN)} || "
                 f"(datum.region_choice == {vega.string(AS_PRESET)} "
                 "&& datum.in_preset)",
            added="datum.country == add_1 || datum.country == add_2",
            removed="datum.country == remove_1 || datum.country == remove_2",
        ).transform_calculate(member="(datum.kept || datum.added) && !datum.removed ? 1 : 0")
        totals = base.transform_calculate(
            pop="datum.member ? datum.population : 0",
            known="isValid(datum.users) && isFinite(datum.users) ? datum.users : 0",
            unknown="datum.member && !(isValid(datum.users) && isFinite(datum.users)) ? 1 : 0",
            **{f"c_{camp_key[c]}": f"datum.member && datum.camp == {vega.string(c)} ? 1 : 0" for c in rollcalls.CAMPS},
        ).transform_calculate(users_in="datum.member ? datum.known : 0").transform_aggregate(
            size="sum(member)", all="count()", pop="sum(pop)", pop_all="sum(population)", users="sum(users_in)",
            users_all="sum(known)", unknown="sum(unknown)",
            **{f"c_{camp_key[c]}": f"sum(c_{camp_key[c]})" for c in rollcalls.CAMPS},
        )

        def line(expr: str, r: Readout) -> alt.Chart:
            """The readout's text: its value, or what an empty forum shows instead."""
            empty = EMPTY_SIZE if r.key == "size" else EMPTY_VALUE
            value = f"datum.size > 0 ? {vega.format_number(expr, r.fmt)} : {vega.string(empty)}"
            return totals.transform_calculate(value=value)

        exprs = ["datum.size", "datum.size / datum.all", "datum.pop / datum.pop_all", "datum.users / datum.users_all",
                 "datum.unknown", *[f"datum.c_{camp_key[c]} / datum.size" for c in rollcalls.CAMPS]]
        panel = readout_panel(readouts, {r.key: line(e, r) for e, r in zip(exprs, readouts, strict=True)},
                              texts=[r.key for r in readouts], width=420)
        shares = totals.transform_calculate(
            m="datum.size / datum.all", p="datum.pop / datum.pop_all", u="datum.users / datum.users_all",
        ).transform_fold(["m", "p", "u"], as_=["key", "share"]).transform_calculate(
            measure=vega.choose("datum.key", dict(zip(("m", "p", "u"), _REACH_LABELS, strict=True))))
        camps = _camp_bars(base.transform_filter("datum.member == 1").transform_calculate(n="1"))
        return alt.vconcat(_reach_bars(shares), camps, panel).properties(description=_DESCRIPTION)  # stacked

    examples = [
        {"forum_preset": forums.ALL_UN},
        {"add_1": "Iran", "add_2": "Cuba", "remove_1": "United States", "remove_2": "Russia"},
        {region["Western European and Others Group"]: GROUP_ALL_IN, region["African Group"]: GROUP_ALL_OUT},
        {"forum_preset": next(label for label in presets if label.startswith("WCIT-12: signatories")),
         "add_1": "Palau"},
        {"forum_preset": forums.EMPTY, region["Eastern European Group"]: GROUP_ALL_IN, "remove_1": "Russia",
         "add_1": "Russia"},
        {"forum_preset": next(label for label in presets if label.startswith("NCPI")),
         region["Asia-Pacific Group"]: GROUP_ALL_OUT, "add_1": "India"},
    ]
    return Explorer(name="forum_membership", title="Forum membership: whom a forum speaks for, and how it voted",
                    controls=controls, readouts=readouts, model=model, live_chart=live_chart, twin=twin,
                    examples=examples)
