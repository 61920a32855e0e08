"""Pieces that more than one explorer draws: the powers' amounts and shares (chapter 2's power-shares and
chessboard explorers) and the UN member states' 2018 votes (chapter 4's swing-state and twin-track explorers)."""

from __future__ import annotations

import pandas as pd

from cyberorder import power, rollcalls
from cyberorder.data import load

__all__ = ["REST", "YEARS"]

REST = power.REST_OF_WORLD
YEARS = tuple(str(y) for y in power.POWER_YEARS)
"""The years a reader can pick (as text: the choice's options)."""


# -- shared helpers -----------------------------------------------------------------------------

def _kinetic_rows() -> pd.DataFrame:
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


def _world_shares(measure: str, year: str) -> dict[str, float]:
    """The model's starting point: each power's share of the world total, by display name."""
    table, value, world = power.POWER_MEASURES[measure]
    s = power.shares_of_world(load(table), int(year), value=value, world=world)
    return {power.POWERS.get(k, k): x for k, x in s.items()}


def _states() -> pd.DataFrame:
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
