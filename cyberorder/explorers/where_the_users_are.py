"""Chapter 1's explorer: where the internet's users are against who runs its core, by year and 'West'."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd

from cyberorder import colours, power, vega
from cyberorder.data import load
from cyberorder.explorer import Explorer, Readout, Slider, Toggle, param_name, readout_panel, spec_with, stack

__all__ = ["where_the_users_are"]

_BLOCS = ["West", "Rest", power.NOT_ATTRIBUTED]
_BLOC_COLOURS = [colours.KEY["bloc"][c] for c in _BLOCS]


def _camp_colour(title: str = "Camp") -> alt.Color:
    return alt.Color("camp:N", title=title, scale=alt.Scale(domain=_BLOCS, range=_BLOC_COLOURS),
                     legend=alt.Legend(orient="bottom", direction="horizontal"))


def _user_bars(chart: alt.Chart) -> alt.Chart:
    """Bars of each region's share of the world's users (fields: region, share, camp)."""
    return chart.mark_bar().encode(
        x=alt.X("share:Q", title="Share of the world's internet users (%)",
                axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 0.6])),
        y=alt.Y("region:N", title=None, sort=[*list(power.CONTINENTS), power.NOT_ATTRIBUTED]),
        color=_camp_colour(),
        tooltip=["region:N", alt.Tooltip("share:Q", format=".1%")],
    ).properties(width=240, height=190, title="Where the users are")


def _root_bars(chart: alt.Chart) -> alt.Chart:
    """Bars of root-server identities per operator's continent (fields: region, camp; one row per letter)."""
    return chart.mark_bar().encode(
        x=alt.X("count():Q", title="Root-server identities (of 13)", scale=alt.Scale(domain=[0, 13])),
        y=alt.Y("region:N", title=None, sort=list(power.CONTINENTS)),
        color=_camp_colour(),
        tooltip=["region:N", alt.Tooltip("count():Q", title="identities")],
    ).properties(width=150, height=190, title="Who runs the core")


def where_the_users_are() -> Explorer:
    """Where the users are vs who runs the core: a year and a definition of the West.

    Readouts: the West's share of the world's internet users, its share of the 13 root-server
    identities, Asia's share of users, and the gap between the two West shares.
    """
    users, roots = load("internet_users_by_continent"), load("root_servers")
    table = power.users_with_remainder(users)
    years = sorted(int(y) for y in table.year.unique())
    west_of = {c: param_name("west", c) for c in power.CONTINENTS}
    controls = [Slider("year_shown", "Year", years[0], years[-1], 1, years[-1])]
    controls += [Toggle(flag, f"{c} counts as the West", c in power.WEST_CONTINENTS) for c, flag in west_of.items()]
    readouts = [
        Readout("west_user_share", "The West's share of internet users", ".1%"),
        Readout("west_root_share", "The West's share of root-server identities", ".1%"),
        Readout("gap", "Root share minus user share", "+.1pp"),
        Readout("asia_user_share", "Asia's share of internet users", ".1%"),
    ]

    def west(state: Mapping[str, Any]) -> list[str]:
        return [c for c, flag in west_of.items() if state[flag]]

    def model(state: Mapping[str, Any]) -> dict[str, float]:
        r = power.users_and_roots(users, roots, int(state["year_shown"]), west(state))
        return {"west_user_share": r.west_user_share, "west_root_share": r.west_root_share,
                "gap": r.gap, "asia_user_share": r.asia_user_share}

    def camp(region: str, members: Sequence[str]) -> str:
        if region == power.NOT_ATTRIBUTED:
            return power.NOT_ATTRIBUTED
        return "West" if region in members else "Rest"

    @functools.lru_cache(maxsize=len(years))
    def template(year: int) -> dict[str, Any]:
        """The live chart for one year (its title names it), built once: a callback only fills in the rows."""
        return alt.hconcat(_user_bars(alt.Chart(alt.NamedData("users"))).properties(
            title=f"Where the users are, {year}"), _root_bars(alt.Chart(alt.NamedData("roots")))).properties(
            description=_DESCRIPTION).to_dict()

    def live_chart(state: Mapping[str, Any]) -> dict[str, Any]:
        members = west(state)
        year = int(state["year_shown"])
        shares = power.user_shares(users, year)
        frame = pd.DataFrame({"region": list(shares), "share": list(shares.values())})
        frame["camp"] = [camp(r, members) for r in frame.region]
        core = pd.DataFrame({"region": roots.operator_continent})
        core["camp"] = [camp(r, members) for r in core.region]
        return spec_with(template(year), {"users": frame, "roots": core})

    def twin(params: Sequence[alt.Parameter]) -> alt.TopLevelMixin:
        rows = pd.concat([
            table.assign(kind="users"),
            pd.DataFrame({"kind": "roots", "region": roots.operator_continent, "letter": roots.letter}),
        ], ignore_index=True)
        is_west = vega.membership("region", west_of)
        base = alt.Chart(rows).transform_joinaggregate(n_kind="count()", groupby=["kind"]).transform_calculate(
            west=is_west,
            camp=f"datum.region == {vega.string(power.NOT_ATTRIBUTED)} ? {vega.string(power.NOT_ATTRIBUTED)} : "
                 f"({is_west} ? 'West' : 'Rest')",
            share="datum.kind == 'users' && datum.year == year_shown ? "
                  "datum.internet_users / datum.world_internet_users : 0",
            root_part="datum.kind == 'roots' ? 1 / datum.n_kind : 0",
        )
        panel = readout_panel(readouts, {
            "west_user_share": base.transform_calculate(v="datum.west ? datum.share : 0")
            .transform_aggregate(value="sum(v)"),
            "west_root_share": base.transform_calculate(v="datum.west ? datum.root_part : 0")
            .transform_aggregate(value="sum(v)"),
            "gap": base.transform_calculate(v="datum.west ? datum.root_part - datum.share : 0")
             .transform_aggregate(value="sum(v)"),
            "asia_user_share": base.transform_calculate(v="datum.region == 'Asia' ? datum.share : 0")
             .transform_aggregate(value="sum(v)"),
        }, width=520)
        user_bars = _user_bars(base.transform_filter("datum.kind == 'users' && datum.year == year_shown"))
        root_bars = _root_bars(base.transform_filter("datum.kind == 'roots'"))
        return stack(alt.hconcat(user_bars, root_bars), panel, description=_DESCRIPTION)

    examples = [
        {"year_shown": 2005},
        {"year_shown": 2016, "west_asia": True},
        {"year_shown": 2010, "west_europe": False, "west_north_america": False, "west_oceania": False},
        {"year_shown": 2012, "west_africa": True, "west_south_america": True, "west_oceania": False},
    ]
    return Explorer(name="where_the_users_are", title="Where the users are vs who runs the core",
                    controls=controls, readouts=readouts, model=model, live_chart=live_chart, twin=twin,
                    examples=examples)


_DESCRIPTION = ("Two bar charts. Left: each continent's share of the world's internet users in the chosen year, "
                "coloured by whether the reader counts it as the West. Right: the 13 DNS root-server identities "
                "by the continent where their operator is based.")
