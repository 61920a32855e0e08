"""Power: who holds the internet's users, and who runs its core.

The article's first dimension is power, shifting horizontally (from the West to "the rest") and
vertically (from states to non-state actors). In cyberspace the horizontal shift shows in where
the users are, while the infrastructure at the core stayed where it was built. The functions
here measure both sides of that mismatch.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

__all__ = [
    "CONTINENTS",
    "DEFAULT_WEST",
    "NOT_ATTRIBUTED",
    "UsersAndRoots",
    "group_share",
    "root_server_shares",
    "shares",
    "user_shares",
    "users_and_roots",
    "users_with_remainder",
]

CONTINENTS = ("Africa", "Asia", "Europe", "North America", "Oceania", "South America")
DEFAULT_WEST = ("Europe", "North America", "Oceania")
"""The book's starting definition of 'the West' by continent; every explorer lets the reader change it."""
NOT_ATTRIBUTED = "Not attributed"
"""Users counted in the world total but not assigned to any continent by the source."""


def shares(values: Mapping[str, float]) -> dict[str, float]:
    """Each actor's share of the total: s_i = x_i / sum_j x_j.

    A share is the basic unit of the power argument: what counts is not how much an actor has
    but how much of the whole. Raises ``ValueError`` for a negative, missing or infinite amount,
    or when everything is zero.
    """
    if not values:
        raise ValueError("shares() needs at least one actor; got none")
    for name, x in values.items():
        if not isinstance(x, (int, float)) or not math.isfinite(x) or x < 0:
            raise ValueError(f"amount for {name!r} must be a finite number >= 0; got {x!r}")
    total = sum(values.values())
    if total <= 0:
        raise ValueError("the amounts add up to 0: shares are undefined")
    return {name: x / total for name, x in values.items()}


def group_share(share_of: Mapping[str, float], members: Iterable[str]) -> float:
    """The combined share of a group of actors, e.g. "the West" as the reader defines it.

    ``share_of`` must hold shares in [0, 1] that add up to 1; every member must be one of its
    actors (an unknown name is an error, not a zero).
    """
    _check_shares(share_of)
    members = list(members)
    unknown = [m for m in members if m not in share_of]
    if unknown:
        raise ValueError(f"unknown member(s) {unknown}; known actors: {sorted(share_of)}")
    return float(sum(share_of[m] for m in set(members)))


def _check_shares(share_of: Mapping[str, float]) -> None:
    if not share_of:
        raise ValueError("no shares given")
    for name, s in share_of.items():
        if not isinstance(s, (int, float)) or not 0 <= s <= 1:
            raise ValueError(f"share of {name!r} must lie in [0, 1]; got {s!r}")
    total = sum(share_of.values())
    if not math.isclose(total, 1.0, abs_tol=1e-9):
        raise ValueError(f"shares must add up to 1; they add up to {total!r}")


def users_with_remainder(users: pd.DataFrame) -> pd.DataFrame:
    """Internet users per region and year, with the users no continent claims as their own row.

    The source's world total is larger than the sum of its continents; the difference becomes the
    region :data:`NOT_ATTRIBUTED`, so shares of the world add up to exactly 1 and nothing is dropped.
    Columns: ``region, year, internet_users, world_internet_users``.
    """
    by_year = users.groupby("year").agg(users=("internet_users", "sum"),
                                        world=("world_internet_users", "first"))
    over = by_year[by_year.users > by_year.world]
    if not over.empty:
        year = int(over.index[0])
        raise ValueError(f"in {year} the continents count {int(over.users.iloc[0])} users, more than "
                         f"the world total {int(over.world.iloc[0])}")
    rest = pd.DataFrame({"region": NOT_ATTRIBUTED, "year": by_year.index,
                         "internet_users": (by_year.world - by_year.users).to_numpy(),
                         "world_internet_users": by_year.world.to_numpy()})
    regions = users.rename(columns={"continent": "region"})[list(rest.columns)]
    return pd.concat([regions, rest], ignore_index=True).sort_values(["year", "region"],
                                                                     ignore_index=True)


def user_shares(users: pd.DataFrame, year: int) -> dict[str, float]:
    """Each region's share of the world's internet users in ``year`` (adds up to 1).

    s_r = users_r / users_world. The article's Asia figures (34% in 2005, just above half in 2016)
    are values of this function.
    """
    table = users_with_remainder(users)
    rows = table[table.year == year]
    if rows.empty:
        years = sorted(table.year.unique())
        raise ValueError(f"no internet-user data for {year}; years available: {years[0]}-{years[-1]}")
    return {r.region: r.internet_users / r.world_internet_users for r in rows.itertuples()}


def root_server_shares(roots: pd.DataFrame) -> dict[str, float]:
    """Each continent's share of the 13 root-server identities, by where the operator is based."""
    counts = roots.groupby("operator_continent").size()
    return {c: float(counts.get(c, 0)) / len(roots) for c in CONTINENTS}


@dataclass(frozen=True)
class UsersAndRoots:
    """Where the users are against who runs the core, for one year and one definition of the West."""

    year: int
    west_user_share: float
    """The West's share of the world's internet users."""
    west_root_share: float
    """The West's share of the 13 root-server identities (by operator's home continent)."""
    asia_user_share: float
    """Asia's share of the world's internet users."""

    @property
    def gap(self) -> float:
        """How far control of the core outruns the users: root share minus user share."""
        return self.west_root_share - self.west_user_share


def users_and_roots(users: pd.DataFrame, roots: pd.DataFrame, year: int,
                    west: Iterable[str]) -> UsersAndRoots:
    """The Introduction's mismatch: the West's share of users vs its share of the root servers.

    ``west`` is the reader's definition of the West as a set of continents (it may be empty).
    """
    west = list(west)
    unknown = [w for w in west if w not in CONTINENTS]
    if unknown:
        raise ValueError(f"unknown continent(s) {unknown}; choose from {list(CONTINENTS)}")
    users_share = user_shares(users, year)
    return UsersAndRoots(
        year=year,
        west_user_share=group_share(users_share, west),
        west_root_share=group_share(root_server_shares(roots), west),
        asia_user_share=users_share["Asia"],
    )
