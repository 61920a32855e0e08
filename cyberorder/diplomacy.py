"""Diplomacy: roll calls, outcomes, camps, bridges and the membership of forums.

The article's fourth section treats cyber diplomacy as a practice that keeps channels open, limits
escalation, builds norms and gathers support for rival visions. Its sharpest evidence is the UN's
twin track of 2018: two rival General Assembly resolutions, one creating an Open-ended Working
Group open to every member (A/RES/73/27, Russia-led), the other a 25-member Group of Governmental
Experts (A/RES/73/266, US-led). The functions here turn the recorded votes into the quantities
the argument needs: who voted how, whether a resolution passes and by how much, how many states
would have to change sides to sink it, which states backed both rivals (the *bridges*), and how
representative a small forum is of the Assembly it reports to (by region, by camp and, through
:mod:`cyberorder.reach`, by the people and internet users its members stand for). It also counts the
forums of cyber diplomacy founded each year, by governance model.

Everything works on a general table of votes (one row per member state and resolution, as in the
data package's ``un_votes``), so later chapters can reuse it for any roll call.
"""

from __future__ import annotations

import datetime
import math
import numbers
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cyberorder import checks
from cyberorder.data import load
from cyberorder.display import Readable
from cyberorder.reach import check_members, reach

__all__ = [
    "BRIDGE",
    "CAMPS",
    "EARLIEST_FOUNDING",
    "FORUM_MODELS",
    "NEITHER",
    "OEWG_RESOLUTION",
    "OPEN_CAMP",
    "SOVEREIGNTY_CAMP",
    "UN_REGIONAL_GROUPS",
    "US_RESOLUTION",
    "VOTES",
    "ForumProfile",
    "GGERecord",
    "Tally",
    "bridges",
    "camps",
    "compare_forums",
    "dissimilarity",
    "first_strategies_by_year",
    "flip",
    "flips_by_group",
    "forum_profile",
    "forums_by_year",
    "gge_record",
    "member_states",
    "mirror_allocation",
    "mirror_members",
    "tally",
    "vote_matrix",
    "votes_on",
]

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

UN_REGIONAL_GROUPS = ("African Group", "Asia-Pacific Group", "Eastern European Group",
                      "Latin American and Caribbean Group", "Western European and Others Group")


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

    @property
    def flips_to_pass(self) -> int:
        """The fewest no voters who, switching to yes, would make a failing resolution pass (0 if it passes)."""
        return 0 if self.passes else (self.no - self.yes) // 2 + 1


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
    group_of = _labels(_check_covers(base, group_of, "group_of"), "group_of")
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


# --- forums --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ForumProfile(Readable):
    """Who sits in a forum: its size, regional balance and camp composition."""

    size: int
    group_shares: dict[str, float]
    """Share of the forum's members in each UN regional group (adds up to 1)."""
    camp_shares: dict[str, float]
    """Share of the forum's members in each camp of the 2018 votes (adds up to 1)."""
    regional_distance: float
    """How far the forum's regional balance is from the Assembly's (see :func:`dissimilarity`)."""


def dissimilarity(p: Mapping[str, float], q: Mapping[str, float]) -> float:
    """Half the sum of absolute differences between two sets of shares: D = 1/2 sum_g |p_g - q_g|.

    D is the share of one body's seats that would have to move between groups to make it mirror
    the other: 0 for a perfect mirror, 1 for bodies with no group in common. Both arguments must
    be shares in [0, 1] adding up to 1; a group missing from one of them counts as 0 there.
    """
    p, q = checks.mapping(p, "p"), checks.mapping(q, "q")
    for name, shares in (("p", p), ("q", q)):
        if not shares:
            raise ValueError(f"{name} holds no shares")
        for key, value in shares.items():
            checks.share(value, f"{name}: share of {key!r}")
        if not math.isclose(sum(shares.values()), 1.0, abs_tol=1e-9):
            raise ValueError(f"{name}: shares must add up to 1; they add up to {sum(shares.values())!r}")
    keys = set(p) | set(q)
    return 0.5 * sum(abs(p.get(k, 0.0) - q.get(k, 0.0)) for k in sorted(keys))


def _check_covers(states: Iterable[str], mapping: Mapping[str, Any], what: str) -> dict[str, Any]:
    """``mapping`` as a dict, if it gives a value for every state; else an error naming the first states it lacks."""
    mapping = checks.mapping(mapping, what)
    missing = sorted(set(states) - set(mapping))
    if missing:
        raise ValueError(f"{what} gives no value for {missing[:5]}")
    return mapping


def _labels(mapping: Mapping[str, str], what: str) -> dict[str, str]:
    """A mapping of states to labels (a regional group, a camp), checked: every state and every label is text."""
    mapping = checks.mapping(mapping, what)
    checks.names(list(mapping), f"the states of {what}", allow_empty=True)
    odd = [f"{s}: {checks.shown(g)}" for s, g in mapping.items() if not isinstance(g, str)]
    if odd:
        raise TypeError(f"{what} must map each state to a name (text); not: {odd[:5]}")
    return mapping


def _shares(labels: list[str], categories: Iterable[str]) -> dict[str, float]:
    c = Counter(labels)
    return {k: c[k] / len(labels) for k in categories}


def forum_profile(members: Iterable[str], group_of: Mapping[str, str], camp_of: Mapping[str, str]) -> ForumProfile:
    """Size, regional balance, camp composition and distance from the Assembly of a forum.

    ``members`` are ISO3 codes; ``group_of`` and ``camp_of`` map every member state of the
    Assembly to its UN regional group and its camp. The Assembly's own balance (all states in
    ``group_of``) is the benchmark. An empty forum, an unknown state or a repeated member is an error.
    """
    group_of = _labels(group_of, "group_of")
    members = check_members(members, group_of, group="forum", table="un_regional_groups")
    camp_of = _labels(_check_covers(group_of, camp_of, "camp_of"), "camp_of")
    groups = sorted(set(group_of.values()))
    forum = _shares([group_of[m] for m in members], groups)
    assembly = _shares(list(group_of.values()), groups)
    return ForumProfile(size=len(members), group_shares=forum,
                        camp_shares=_shares([camp_of[m] for m in members], CAMPS),
                        regional_distance=dissimilarity(forum, assembly))


def mirror_allocation(group_of: Mapping[str, str], seats: int) -> dict[str, int]:
    """Seats per regional group for a forum of ``seats`` members that mirrors the Assembly.

    Largest-remainder (Hamilton) apportionment: each group gets the whole part of its quota
    seats x (its members / all members), and the seats left go to the largest remainders (ties to
    the larger group, then alphabetically).
    """
    group_of = checks.mapping(group_of, "group_of")
    seats = checks.whole(seats, "seats")
    if not group_of:
        raise ValueError("group_of is empty: no member states to apportion seats among")
    labels = [g for g in group_of.values() if not isinstance(g, str)]
    if labels:
        raise TypeError(f"group_of must give each state a group's name (text); these are not: "
                        f"{[checks.shown(g) for g in labels[:5]]}")
    sizes = Counter(group_of.values())
    total = sum(sizes.values())
    if seats > total:
        raise ValueError(f"seats: a forum of {seats} seats cannot mirror an assembly of {total} member states")
    quotas = {g: seats * n / total for g, n in sizes.items()}
    alloc = {g: math.floor(q) for g, q in quotas.items()}
    left = seats - sum(alloc.values())
    order = sorted(quotas, key=lambda g: (-(quotas[g] - alloc[g]), -sizes[g], g))
    for g in order[:left]:
        alloc[g] += 1
    return dict(sorted(alloc.items()))


def mirror_members(group_of: Mapping[str, str], seats: int, rank: Mapping[str, float]) -> list[str]:
    """One forum of ``seats`` members that mirrors the Assembly's regional groups, filled by a stated rule.

    :func:`mirror_allocation` says how many seats each regional group gets; it does not say which
    states take them. This fills each group's seats with its states of highest ``rank`` (ties broken
    by ISO3 code). With ``rank`` = population it builds the mirror that speaks for the most people, an
    upper bound for a regional mirror of that size, not a proposal. ``rank`` must cover every state.
    """
    group_of = _labels(group_of, "group_of")
    rank = _check_covers(group_of, rank, "rank")
    rank = {s: checks.number(rank[s], f"rank[{s!r}]") for s in group_of}
    alloc = mirror_allocation(group_of, seats)
    chosen: list[str] = []
    for group, n in alloc.items():
        states = sorted((s for s, g in group_of.items() if g == group), key=lambda s: (-rank[s], s))
        chosen += states[:n]
    return sorted(chosen)


def compare_forums(forums: Mapping[str, Iterable[str]], group_of: Mapping[str, str],
                   camp_of: Mapping[str, str]) -> pd.DataFrame:
    """Size, regional distance and reach of several forums, one row each.

    For each named forum (a list of ISO3 codes): its size, its distance D from the Assembly's
    regional balance (:func:`forum_profile`) and its share of the 193 member states, of their
    population and of their internet users (:func:`cyberorder.reach.reach`, the book's one
    implementation of these shares). A forum of all 193 members has D = 0 and every share 1.
    """
    forums = checks.mapping(forums, "forums")
    if not forums:
        raise ValueError("no forums to compare")
    checks.names(list(forums), "the names of forums")
    group_of = _labels(group_of, "group_of")
    rows = []
    for name, members in forums.items():
        try:
            members = check_members(members, group_of, group="forum", table="un_regional_groups")
            profile = forum_profile(members, group_of, camp_of)
            r = reach(members)
        except (TypeError, ValueError) as err:
            raise type(err)(f"forum {name!r}: {err}") from err
        rows.append({"forum": name, "members": profile.size, "regional_distance": profile.regional_distance,
                     "share_of_members": r.share_of_members, "share_of_population": r.share_of_population,
                     "share_of_internet_users": r.share_of_internet_users,
                     "users_unknown": ", ".join(r.users_unknown)})
    return pd.DataFrame(rows).set_index("forum")


# --- the rise of cyber diplomacy and the GGE record ---------------------------------------------

def first_strategies_by_year(strategies: pd.DataFrame) -> pd.DataFrame:
    """Countries adopting their first national cybersecurity strategy, per year, and the running total.

    ``strategies`` has one row per country with ``first_strategy_year`` (empty when none). Every
    year between the first and the last adoption appears, with 0 where nobody adopted one.
    """
    strategies = checks.table(strategies, "strategies", ["first_strategy_year"])
    if "iso3" in strategies.columns:
        twice = sorted(set(strategies.iso3[strategies.iso3.duplicated()]))
        if twice:
            raise ValueError(f"strategies: countries listed twice (each counts once): {twice}")
    adopted = strategies[strategies.first_strategy_year.notna()]
    checks.years_in(adopted, "first_strategy_year", "strategies")
    years = pd.to_numeric(adopted.first_strategy_year).astype(int)
    if years.empty:
        raise ValueError("no country in the table has a strategy")
    counts = years.value_counts().reindex(range(years.min(), years.max() + 1), fill_value=0).sort_index()
    return pd.DataFrame({"year": counts.index, "new": counts.to_numpy(), "cumulative": counts.cumsum().to_numpy()})


@dataclass(frozen=True)
class GGERecord(Readable):
    """How many GGEs met in a period, and how many agreed a consensus report."""

    groups: int
    consensus_reports: int
    report_years: tuple[int, ...]


def gge_record(gges: pd.DataFrame, until: int) -> GGERecord:
    """The GGEs that had finished by ``until`` (inclusive) and their consensus reports."""
    gges = checks.table(gges, "gges", ["last_year", "consensus_report"])
    until = checks.year(until, "until")
    checks.years_in(gges, "last_year", "gges")
    flags = gges.consensus_report
    def is_flag(f: Any) -> bool:
        return isinstance(f, bool | np.bool_) or (isinstance(f, numbers.Integral) and f in (0, 1))
    if not all(is_flag(f) for f in flags):
        bad = next(f for f in flags if not is_flag(f))
        raise ValueError(f"gges, column 'consensus_report': {checks.shown(bad)} is not True or False "
                         "(text such as 'false' would count as a report)")
    done = gges[gges.last_year <= until]
    if done.empty:
        raise ValueError(f"no GGE had finished by {until}")
    agreed = done[done.consensus_report.astype(bool)]
    return GGERecord(groups=len(done), consensus_reports=len(agreed),
                     report_years=tuple(int(y) for y in sorted(agreed.last_year)))


# --- forums founded by year and by model -------------------------------------------------------

FORUM_MODELS = ("intergovernmental", "state-led coalition", "multistakeholder", "company-led", "civil-society-led")
"""Who runs a forum: states through a treaty body; a coalition of states; states, companies, the technical
community and civil society together; a company or companies; civil society or independent experts."""

EARLIEST_FOUNDING = 1800
"""A sanity bound, as in the ``forums`` table's schema: the oldest forum in it, the ITU, dates from 1865."""


def forums_by_year(forums: pd.DataFrame) -> pd.DataFrame:
    """Forums founded per year and model, and the running total of each model.

    ``forums`` has one row per forum with ``forum`` (its name), ``founded`` (a year) and ``model``
    (one of :data:`FORUM_MODELS`). The result is a long table with columns ``year, model, new,
    cumulative``: for every year from the first founding to the last and every model, how many
    forums of that model were founded that year (``new``) and how many had been founded by the end
    of it (``cumulative``). Models absent from the table appear with zeros, so charts keep one colour
    per model. A missing column, an empty table, a forum listed twice, an unknown model or a year that
    is not a whole number between :data:`EARLIEST_FOUNDING` and the current year is an error naming
    the row and the value.
    """
    forums = checks.table(forums, "the forums table", ["forum", "founded", "model"])
    repeated = forums.forum[forums.forum.duplicated()]
    if not repeated.empty:
        raise ValueError(f"forum {repeated.iloc[0]!r} is listed twice")
    this_year = datetime.date.today().year
    years = []
    for i, row in enumerate(forums.itertuples(index=False), start=1):
        if row.model not in FORUM_MODELS:
            raise ValueError(f"row {i} ({row.forum!r}): unknown model {row.model!r}; "
                             f"a model must be one of {list(FORUM_MODELS)}")
        year = row.founded
        ok = isinstance(year, numbers.Real) and not isinstance(year, bool) and not pd.isna(year) \
            and float(year).is_integer() and EARLIEST_FOUNDING <= year <= this_year
        if not ok:
            raise ValueError(f"row {i} ({row.forum!r}): founded must be a whole year between {EARLIEST_FOUNDING} "
                             f"and {this_year}; got {year!r}")
        years.append(int(year))
    table = pd.DataFrame({"year": years, "model": list(forums.model)})
    span = range(min(years), max(years) + 1)
    counts = table.groupby(["year", "model"]).size().reindex(
        pd.MultiIndex.from_product([span, FORUM_MODELS], names=["year", "model"]), fill_value=0)
    out = counts.rename("new").reset_index()
    out["cumulative"] = out.groupby("model").new.cumsum()
    return out
