"""The article's checkable statements, each recomputed from the book's data.

Each :class:`Claim` records a short quotation of the article, where the book discusses it, the
computation, the value the data gives, and whether the statement holds. ``should_hold`` says what
the book expects: a claim that should hold and does not makes ``python -m cyberorder.claims``
exit non-zero, so a change of data or code that breaks the argument cannot pass unnoticed.
Where the data disagrees with the article, ``should_hold`` is False and the note says so: that is
a finding, not a failure.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from cyberorder import power
from cyberorder.data import load

__all__ = ["CLAIMS", "Claim", "Finding", "check_all", "table"]


@dataclass(frozen=True)
class Finding:
    """What the data says about a claim."""

    value: str
    holds: bool


@dataclass(frozen=True)
class Claim:
    """One checkable statement of the article."""

    id: str
    chapter: str
    quote: str
    """At most a short phrase of the article, in its words."""
    computation: str
    tables: tuple[str, ...]
    check: Callable[[], Finding]
    should_hold: bool = True
    note: str = ""


def _asia_share() -> Finding:
    users = load("internet_users_by_continent")
    s2005 = power.user_shares(users, 2005)["Asia"]
    s2016 = power.user_shares(users, 2016)["Asia"]
    holds = abs(s2005 - 0.34) < 0.01 and 0.50 < s2016 < 0.53
    return Finding(f"2005: {s2005:.1%}; 2016: {s2016:.1%}", holds)


def _asia_outnumbers_rest() -> Finding:
    users = load("internet_users_by_continent")
    row = users[(users.year == 2016) & (users.continent == "Asia")].iloc[0]
    rest = int(row.world_internet_users) - int(row.internet_users)
    return Finding(f"2016: Asia {int(row.internet_users) / 1e6:,.0f} m, rest of the world {rest / 1e6:,.0f} m",
                   int(row.internet_users) > rest)


def _users_outside_west_roots_in_us() -> Finding:
    users, roots = load("internet_users_by_continent"), load("root_servers")
    latest = int(users.year.max())
    west = power.group_share(power.user_shares(users, latest), ("Europe", "North America", "Oceania"))
    us = float((roots.operator_iso3 == "USA").mean())
    return Finding(f"{latest}: Europe + North America + Oceania have {west:.1%} of users; "
                   f"US-based operators run {us:.1%} of the 13 root identities", west < 0.5 and us > 0.5)


CLAIMS: tuple[Claim, ...] = (
    Claim(
        id="intro-roots",
        chapter="01-introduction",
        quote="most internet traffic is now generated outside the West",
        computation="share of the world's internet users in Europe, North America and Oceania (latest year) < 50%; "
                    "share of root-server identities run by US-based operators > 50%",
        tables=("internet_users_by_continent", "root_servers"),
        check=_users_outside_west_roots_in_us,
        note="Users stand in for traffic, which no open dataset measures by region; operators' home "
             "countries are not where the anycast instances are.",
    ),
    Claim(
        id="asia-share",
        chapter="01-introduction",
        quote="from 34 per cent of the global share in 2005 to just above 50 per cent in 2016",
        computation="Asia's internet users / world internet users: within one point of 34% in 2005, "
                    "between 50% and 53% in 2016",
        tables=("internet_users_by_continent",),
        check=_asia_share,
    ),
    Claim(
        id="asia-absolute",
        chapter="01-introduction",
        quote="more internet users in Asia than in the rest of the world",
        computation="Asia's internet users > world minus Asia, 2016",
        tables=("internet_users_by_continent",),
        check=_asia_outnumbers_rest,
    ),
)


def check_all() -> list[tuple[Claim, Finding]]:
    """Recompute every claim."""
    return [(c, c.check()) for c in CLAIMS]


def table() -> pd.DataFrame:
    """The registry as a table: one row per claim, with its value and verdict."""
    rows = []
    for claim, found in check_all():
        verdict = "holds" if found.holds else "does not hold"
        rows.append({"id": claim.id, "chapter": claim.chapter, "the article says": f"“{claim.quote}”",
                     "computation": claim.computation, "value found": found.value, "verdict": verdict,
                     "expected": "holds" if claim.should_hold else "does not hold", "note": claim.note})
    return pd.DataFrame(rows)


def main() -> int:
    """Print the registry; return 1 when a claim's verdict differs from what the book expects."""
    results = check_all()
    for claim, found in results:
        mark = "ok " if found.holds == claim.should_hold else "FAIL"
        print(f"[{mark}] {claim.id} ({claim.chapter}): “{claim.quote}”")
        print(f"       {found.value} -> {'holds' if found.holds else 'does not hold'}")
    wrong = [c.id for c, f in results if f.holds != c.should_hold]
    print(f"{len(results)} claims, {len(results) - len(wrong)} as expected" +
          (f"; unexpected: {', '.join(wrong)}" if wrong else ""))
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
