"""Pieces that more than one explorer draws: the powers' amounts and shares (chapter 2's power-shares and
chessboard explorers), the UN member states' 2018 votes (chapter 4's swing-state and twin-track explorers) and the
clickable map of the UN member states (the forum-membership and twin-track explorers)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from cyberorder import colours, power, rollcalls, vega
from cyberorder.data import load

__all__ = ["REST", "YEARS", "camp_bars", "kinetic_rows", "member_squares", "tile_map", "vote_table", "world_shares"]

REST = power.REST_OF_WORLD
YEARS = tuple(str(y) for y in power.POWER_YEARS)
"""The years a reader can pick (as text: the choice's options)."""


# -- shared helpers -----------------------------------------------------------------------------

def kinetic_rows() -> pd.DataFrame:
    """Amounts per measure, year and actor, with the rest of the world as a row (the twins' inline data)."""
    frames = []
    for label, (table, value, world) in power.POWER_MEASURES.items():
        t = load(table)
        for year in YEARS:
            rows = t[t.year == int(year)]
            named = {power.POWERS[a]: float(x) for a, x in zip(rows.actor, rows[value], strict=True)}
            rest = float(rows[world].iloc[0]) - sum(named.values())
            frames.append(pd.DataFrame({"measure": label, "preset_year": year,
                                        "actor": [*named, REST], "amount": [*named.values(), rest]}))
    return pd.concat(frames, ignore_index=True)


def world_shares(measure: str, year: str) -> dict[str, float]:
    """The model's starting point: each power's share of the world total, by display name."""
    table, value, world = power.POWER_MEASURES[measure]
    s = power.shares_of_world(load(table), int(year), value=value, world=world)
    return {power.POWERS.get(k, k): x for k, x in s.items()}


def vote_table() -> pd.DataFrame:
    """One row per member state: code, name, regional group, camp and its two 2018 votes."""
    matrix = rollcalls.vote_matrix()
    groups = load("un_regional_groups").set_index("iso3")
    camp_of = rollcalls.camps(matrix)
    return pd.DataFrame({
        "iso3": matrix.index,
        "country": groups.loc[matrix.index, "country"].to_numpy(),
        "group": groups.loc[matrix.index, "un_regional_group"].to_numpy(),
        "camp": [camp_of[s] for s in matrix.index],
        "v27": matrix[rollcalls.OEWG_RESOLUTION].to_numpy(),
        "v266": matrix[rollcalls.US_RESOLUTION].to_numpy(),
    })


# -- the map of the UN member states ----------------------------------------------------------------

_IN, _OUT = "in the forum", "not in the forum"
_TILE = 17
"""Pixels per square of the map."""


def tile_map(chart: alt.Chart, columns: int, rows: int) -> alt.LayerChart:
    """The clickable map of the forum and twin-track explorers: one square per UN member state (fields: iso3,
    country, group, x, y, member), filled if the state is in, hollow if not (:class:`cyberorder.explorer.Picks`)."""
    at = chart.transform_calculate(
        status=f"datum.member ? {vega.string(_IN)} : {vega.string(_OUT)}",
        label=f"datum.country + ': ' + (datum.member ? {vega.string(_IN)} : {vega.string(_OUT)})",
    ).encode(x=alt.X("x:Q", axis=None, scale=alt.Scale(domain=[0.5, columns + 0.5], nice=False, zero=False)),
             y=alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[rows + 0.5, 0.5], nice=False, zero=False)))
    squares = at.mark_square(size=(_TILE - 2) ** 2, cursor="pointer", strokeWidth=1, opacity=1).encode(
        fill=alt.Fill("status:N", title=None, scale=alt.Scale(domain=[_IN, _OUT], range=[colours.INK, colours.PAGE]),
                      legend=alt.Legend(orient="top", symbolStrokeColor=colours.OTHER)),
        stroke=alt.value(colours.OTHER),
        description=alt.Description("label:N"),
        tooltip=[alt.Tooltip("country:N", title="State"), alt.Tooltip("group:N", title="UN regional group"),
                 alt.Tooltip("status:N", title="Now")],
    )
    codes = at.mark_text(fontSize=6, cursor="pointer", aria=False).encode(
        text="iso3:N", color=alt.condition("datum.member", alt.value(colours.PAGE), alt.value(colours.INK)))
    return alt.layer(squares, codes).properties(
        width=columns * _TILE, height=rows * _TILE,
        title=alt.Title("Click a state to put it in or take it out",
                        subtitle="Shift-click: every square from the last one clicked. No mouse? Use the list "
                                 "under the chart. Squares are a layout, not borders."))


def member_squares(tiles: pd.DataFrame) -> alt.Chart:
    """The live view's squares (``tiles``: iso3, country, group, x, y) written into the spec, sent once; each move
    sends only the members' codes (the named data ``members``: rows ``{"iso3": code, "in": 1}``), which the
    squares look up to set ``member``."""
    return alt.Chart(alt.Data(values=tiles.to_dict("records"))).transform_lookup(
        lookup="iso3", from_=alt.LookupData(alt.NamedData("members"), key="iso3", fields=["in"]),
    ).transform_calculate(member="datum['in'] ? 1 : 0")


def camp_bars(chart: alt.Chart, *, members: str, title: str, width: int, height: int) -> alt.Chart:
    """Bars of a forum's members per camp of the 2018 votes, every camp shown, coloured by the book's key (fields:
    camp, n = how many members the row counts); ``members`` titles the count axis."""
    camps = list(rollcalls.CAMPS)
    return chart.mark_bar().encode(
        y=alt.Y("camp:N", title=None, sort=camps, scale=alt.Scale(domain=camps)),
        x=alt.X("sum(n):Q", title=members),
        color=alt.Color("camp:N", legend=None, scale=colours.scale("camp", camps)),
        tooltip=["camp:N", alt.Tooltip("sum(n):Q", title="members")],
    ).properties(width=width, height=height, title=title)
