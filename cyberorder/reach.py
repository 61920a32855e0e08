"""Whom a group of states speaks for: its share of UN members, of their people and of their internet users.

A forum, a camp or a bloc of the UN General Assembly is a set of member states. One state, one vote makes
every member count the same in the Assembly; the argument about "the rest" needs a second measure: how many
of the world's people, and how many of its internet users, the group represents. The denominators are the
193 UN member states (their population in 2019 and their internet users, population x share online), so a
group of all members has share 1.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from cyberorder import checks
from cyberorder.data import load
from cyberorder.display import Readable

__all__ = ["Reach", "check_members", "internet_users_of", "population_of", "reach", "reach_table"]


def population_of() -> dict[str, float]:
    """Population of each UN member state in 2019 (World Bank), by ISO3 code.

    A fresh dict each call: changing it (``people["USA"] = 1e9`` to try a what-if) changes no later result.
    """
    return dict(_population_of())


@cache
def _population_of() -> dict[str, float]:
    table = load("population")
    return {str(r.iso3): float(r.population) for r in table.itertuples()}


def internet_users_of() -> dict[str, float]:
    """Internet users of each UN member state: population (2019) x share of the population online / 100.

    The share online is the latest value up to 2019 in the ITU series (Our World in Data); the year is kept
    in the table ``internet_use_2019``. A state whose share is unknown is absent from the mapping, and
    :func:`reach` reports it instead of counting it as zero. A fresh dict each call, like :func:`population_of`.
    """
    return dict(_internet_users_of())


@cache
def _internet_users_of() -> dict[str, float]:
    people = _population_of()
    table = load("internet_use_2019")
    users = {}
    for r in table.itertuples():
        if not math.isnan(r.pct_population_online):
            users[str(r.iso3)] = people[str(r.iso3)] * float(r.pct_population_online) / 100.0
    return users


@dataclass(frozen=True)
class Reach(Readable):
    """What share of the UN membership, of its people and of its internet users a group holds."""

    states: int
    share_of_members: float
    population: float
    share_of_population: float
    internet_users: float
    share_of_internet_users: float
    users_unknown: tuple[str, ...]
    """Members whose share online is unknown: left out of both sides of the internet-user share, never zeroed."""


def check_members(members: list[str], known: Iterable[str], *, group: str = "group", table: str = "population",
                  allow_empty: bool = False) -> list[str]:
    """The members as a list, or an error naming what is wrong when no share could be computed for them.

    An empty list (unless ``allow_empty``), a state listed twice, or a code not among ``known`` (the UN member
    states of ``table``) is an error. ``group`` names the thing in the message ("the forum is empty"). Something
    that is not a list of codes (one string, a number, a dict, a missing value) is a ``TypeError``.
    """
    what = f"the members of the {group}"
    if isinstance(members, str | bytes | Mapping) or not isinstance(members, Iterable):
        checks.names(members, what)  # raises a TypeError naming what was given
    members = list(members.tolist() if hasattr(members, "tolist") else members)
    checks.names(members, what, allow_empty=True, repeats=True)
    if not members and not allow_empty:
        raise ValueError(f"the {group} is empty: add at least one member state")
    repeated = sorted({m for m in members if members.count(m) > 1})
    if repeated:
        raise ValueError(f"member(s) listed twice: {repeated}")
    unknown = sorted(set(members) - set(known))
    if unknown:
        raise ValueError(f"unknown state(s) {unknown}: not UN member states in the table '{table}'")
    return members


def reach(members: Iterable[str], people: Mapping[str, float] | None = None,
          users: Mapping[str, float] | None = None) -> Reach:
    """The group's share of UN member states, of their population and of their internet users.

    share of members = n / 193; share of population = sum of members' population / sum over all members;
    share of users = sum of members' internet users / sum over all members with a known share online.
    An empty group, a repeated member or a code that is not a UN member state is an error.
    """
    people = _population_of() if people is None else _counts(people, "people")
    users = _internet_users_of() if users is None else _counts(users, "users")
    members = checks.names(members, "members", allow_empty=True)
    check_members(members, people)
    pop = sum(people[m] for m in members)
    known = [m for m in members if m in users]
    online = sum(users[m] for m in known)
    return Reach(states=len(members), share_of_members=len(members) / len(people), population=pop,
                 share_of_population=pop / sum(people.values()), internet_users=online,
                 share_of_internet_users=online / sum(users.values()) if users else math.nan,
                 users_unknown=tuple(sorted(set(members) - set(known))))


def _counts(values: object, name: str) -> dict[str, float]:
    """A reader's own counts by ISO3 code (a dict or a Series): every one a finite number >= 0, not all 0."""
    counts = checks.mapping(values, name)
    if not counts:
        raise ValueError(f"{name} is empty: give a count for every UN member state")
    counts = {code: checks.amount(x, f"{name}[{code!r}]") for code, x in counts.items()}
    total = sum(counts.values())
    if total == 0:
        raise ValueError(f"{name}: every count is 0, so no share of it can be computed")
    if not math.isfinite(total):
        raise ValueError(f"{name}: the counts add up beyond the largest float; give them in larger units")
    return counts


def reach_table(groups: Mapping[str, Iterable[str]]) -> list[dict[str, object]]:
    """One row per named group (a camp, a bloc, a forum): its reach, ready for a table or a chart."""
    groups = checks.mapping(groups, "groups")
    checks.names(list(groups), "the names of groups", allow_empty=True)
    rows = []
    for name, members in groups.items():
        r = reach(checks.names(members, f"the members of {name!r}", allow_empty=True))
        rows.append({"group": name, "states": r.states, "share_of_members": r.share_of_members,
                     "share_of_population": r.share_of_population,
                     "share_of_internet_users": r.share_of_internet_users})
    return rows
