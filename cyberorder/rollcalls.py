"""Roll calls: votes, tallies, camps and bridges.

The article's fourth section treats cyber diplomacy as a practice that gathers support for rival visions. Its
sharpest evidence is the UN's twin track of 2018: two rival General Assembly resolutions, one creating an
Open-ended Working Group open to every member (A/RES/73/27, Russia-led), the other a 25-member Group of
Governmental Experts (A/RES/73/266, US-led). The functions here turn the recorded votes into the quantities the
argument needs: who voted how, whether a resolution passes and by how much, how many states would have to
change sides to sink it, and which states backed both rivals (the *bridges*).

Everything works on a general table of votes (one row per member state and resolution, as in the data package's
``un_votes``), so later chapters can reuse it for any roll call. Forums as sets of states are in
:mod:`cyberorder.forums`; the history of cyber diplomacy (strategies, GGEs, forums founded) in
:mod:`cyberorder.history`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from cyberorder import checks
from cyberorder.data import load
from cyberorder.display import Readable

__all__ = ["BRIDGE", "CAMPS", "NEITHER", "OEWG_RESOLUTION", "OPEN_CAMP", "SOVEREIGNTY_CAMP", "US_RESOLUTION",
           "VOTES", "Tally", "bridges", "camps", "flip", "flips_by_group", "member_states", "tally",
           "vote_matrix", "votes_on"]

VOTES = ("yes", "no", "abstain", "non-voting")
"""The four things a member can do on a recorded vote. 'non-voting': present or not, it cast no vote."""

OEWG_RESOLUTION = "A/RES/73/27"
"""The Russia-led resolution of 5 December 2018 that created the Open-ended Working Group."""
US_RESOLUTION = "A/RES/73/266"
"""The US-led resolution of 22 December 2018 that created the 2019-21 Group of Governmental Experts."""

SOVEREIGNTY_CAMP = "Sovereignty camp"
OPEN_CAMP = "Open camp"
BRIDGE = "Bridge"
NEITHER = "Neither"
CAMPS = (SOVEREIGNTY_CAMP, OPEN_CAMP, BRIDGE, NEITHER)
"""Camps read off the 2018 votes (see :func:`camps`)."""


# --- the vote table --------------------------------------------------------------------------

def vote_matrix(votes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Votes as a table with one row per member state (index: ISO3) and one column per resolution.

    ``votes`` is a long table with columns ``resolution, iso3, vote`` (default: the data package's
    ``un_votes``). Every resolution must cover the same members, each once, with a valid vote: a
    member missing from one roll call would silently change that roll call's totals.
    """
    votes = load("un_votes") if votes is None else votes
    checks.table(votes, "the vote table", ["resolution", "iso3", "vote"])
    for column in ("resolution", "iso3", "vote"):
        for row, cell in zip(votes.index, votes[column], strict=True):
            if not isinstance(cell, str):
                raise ValueError(f"the vote table, row {row}, column {column!r}: {checks.shown(cell)} is not text")
    bad = sorted(set(votes.vote) - set(VOTES))
    if bad:
        raise ValueError(f"unknown vote value(s) {bad}; a vote must be one of {list(VOTES)}")
    repeated = votes[votes.duplicated(["resolution", "iso3"], keep=False)]
    if not repeated.empty:
        r = repeated.iloc[0]
        raise ValueError(f"{r.iso3} has more than one vote on {r.resolution}")
    matrix = votes.pivot(index="iso3", columns="resolution", values="vote")
    gaps = matrix.isna()
    if gaps.any().any():
        iso, res = next((i, c) for c in matrix.columns for i in matrix.index[gaps[c]])
        raise ValueError(f"{iso} has no row for {res}: every resolution must list every member "
                         f"(use 'non-voting' for a member that cast no vote)")
    matrix.columns.name = None
    return matrix.sort_index()


def member_states(votes: pd.DataFrame | None = None) -> list[str]:
    """ISO3 codes of every member state in the vote table (the OEWG's potential membership)."""
    return list(vote_matrix(votes).index)


def votes_on(matrix: pd.DataFrame, resolution: str) -> dict[str, str]:
    """Each member's vote on one resolution, as ``{iso3: vote}``."""
    matrix = checks.table(matrix, "matrix (the vote matrix)", [])
    resolution = checks.choice(resolution, "resolution", matrix.columns, what="resolution")
    return dict(matrix[resolution])


# --- outcomes ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tally(Readable):
    """The count of one recorded vote, and what follows from it under the Assembly's rule.

    A General Assembly resolution on such questions needs a simple majority of the members
    *present and voting*: more yes than no. Abstentions and members that do not vote do not count.
    """

    yes: int
    no: int
    abstain: int
    non_voting: int

    @property
    def present_and_voting(self) -> int:
        """Members that voted yes or no: the base of the majority."""
        return self.yes + self.no

    @property
    def passes(self) -> bool:
        """Adopted when yes outnumber no (a tie fails)."""
        return self.yes > self.no

    @property
    def margin(self) -> int:
        """Yes minus no: how comfortably the resolution passes (> 0) or fails (<= 0)."""
        return self.yes - self.no

    @property
    def yes_share(self) -> float:
        """Yes as a share of the members present and voting; the resolution passes above one half."""
        if self.present_and_voting == 0:
            raise ValueError("nobody voted yes or no: the share of yes is undefined")
        return self.yes / self.present_and_voting

    @property
    def flips_to_sink(self) -> int:
        """The fewest yes voters who, switching to no, would make the resolution fail (0 if it fails).

        Each such switch narrows the margin by 2, so k = ceil(margin / 2).
        """
        return math.ceil(self.margin / 2) if self.passes else 0



def _is_vote(value: Any) -> bool:
    """One of :data:`VOTES` (a missing value or a list is not a vote, and is not compared)."""
    return isinstance(value, str) and value in VOTES


def tally(votes_of: Mapping[str, str]) -> Tally:
    """Count the votes ``{state: vote}`` of one roll call. An empty roll call or a vote outside
    :data:`VOTES` is an error."""
    votes_of = checks.mapping(votes_of, "votes_of")
    if not votes_of:
        raise ValueError("no votes to count: the roll call is empty")
    bad = {s: v for s, v in votes_of.items() if not _is_vote(v)}
    if bad:
        state, vote = next(iter(bad.items()))
        raise ValueError(f"{state} has the invalid vote {vote!r}; a vote must be one of {list(VOTES)}")
    c = Counter(votes_of.values())
    return Tally(yes=c["yes"], no=c["no"], abstain=c["abstain"], non_voting=c["non-voting"])


def flip(votes_of: Mapping[str, str], changes: Mapping[str, str]) -> dict[str, str]:
    """The roll call with some states' votes changed: ``changes`` maps a state to its new vote.

    A state that is not in the roll call, or a new vote outside :data:`VOTES`, is an error: a flip
    the data cannot carry is never silently dropped.
    """
    votes_of, changes = checks.mapping(votes_of, "votes_of"), checks.mapping(changes, "changes")
    unknown = sorted(map(str, set(changes) - set(votes_of)))
    if unknown:
        raise ValueError(f"unknown state(s) {unknown[:5]}: not in this roll call")
    bad = {s: v for s, v in changes.items() if not _is_vote(v)}
    if bad:
        state, vote = next(iter(bad.items()))
        raise ValueError(f"cannot flip {state} to {vote!r}; a vote must be one of {list(VOTES)}")
    return {**votes_of, **changes}


def flips_by_group(matrix: pd.DataFrame, resolution: str, group_of: Mapping[str, str],
                   to: str = "no") -> pd.DataFrame:
    """What happens if every yes voter of one group switches to ``to``, group by group.

    Columns: ``group, yes_in_group, margin_after, passes_after``. It answers the question "which
    bloc could have sunk this resolution on its own?".
    """
    base = votes_on(matrix, resolution)
    to = checks.choice(to, "to", VOTES, what="vote")
    group_of = checks.labels(checks.covers(base, group_of, "group_of"), "group_of")
    rows = []
    for group in sorted(set(group_of.values())):
        yes_voters = [s for s, v in base.items() if v == "yes" and group_of[s] == group]
        after = tally(flip(base, dict.fromkeys(yes_voters, to)))
        rows.append({"group": group, "yes_in_group": len(yes_voters), "margin_after": after.margin,
                     "passes_after": after.passes})
    return pd.DataFrame(rows)


# --- camps and bridges -------------------------------------------------------------------------

def bridges(matrix: pd.DataFrame, a: str = OEWG_RESOLUTION, b: str = US_RESOLUTION) -> list[str]:
    """States that voted yes on both rival resolutions ``a`` and ``b``: the article's bridges."""
    va, vb = votes_on(matrix, a), votes_on(matrix, b)
    return sorted(s for s in va if va[s] == "yes" and vb[s] == "yes")


def camps(matrix: pd.DataFrame, a: str = OEWG_RESOLUTION, b: str = US_RESOLUTION) -> dict[str, str]:
    """Each state's camp, read off its votes on two rival resolutions.

    - :data:`BRIDGE`: yes on both;
    - :data:`SOVEREIGNTY_CAMP`: yes on ``a`` (by default the Russia-led 73/27) but not on ``b``;
    - :data:`OPEN_CAMP`: yes on ``b`` (the US-led 73/266) but not on ``a``;
    - :data:`NEITHER`: yes on neither (abstained or did not vote on both, or mixed).

    The labels name the two visions the resolutions carried; a single pair of votes is, of course,
    a thin basis for calling a state's whole outlook.
    """
    va, vb = votes_on(matrix, a), votes_on(matrix, b)
    out = {}
    for s in va:
        ya, yb = va[s] == "yes", vb[s] == "yes"
        out[s] = BRIDGE if ya and yb else SOVEREIGNTY_CAMP if ya else OPEN_CAMP if yb else NEITHER
    return out
