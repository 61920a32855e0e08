"""Forums as sets of states: pick one, edit its membership, and see whom it speaks for and how it voted.

The article's institutional dimension is a contest between bodies: a 25-member Group of Governmental Experts
against a working group open to every UN member, the states that signed the ITU's new regulations in 2012
against those that did not. Each of these bodies is, for our purposes, a set of UN member states. This module
gives the presets the book can source, a way to edit a forum (add or remove a state or a whole UN regional
group), and one summary per forum: its size and its share of UN members, of their population and of their
internet users (from :mod:`cyberorder.reach`), and the camps its members joined in the 2018 UN roll calls on
the rival cyber resolutions (from :func:`cyberorder.rollcalls.camps`). It also profiles a forum against the General
Assembly it reports to (its regional balance and camp composition, :func:`forum_profile`), builds the mirror
forum of a given size (:func:`mirror_members`) and compares forums side by side (:func:`compare_forums`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

import pandas as pd

from cyberorder import checks, rollcalls
from cyberorder.data import load
from cyberorder.display import Readable
from cyberorder.reach import Reach, check_members, reach

__all__ = [
    "ADD",
    "ALL_UN",
    "EMPTY",
    "REMOVE",
    "TOGGLE",
    "UN_REGIONAL_GROUPS",
    "ForumProfile",
    "ForumSummary",
    "camp_of",
    "compare_forums",
    "dissimilarity",
    "edit",
    "forum_profile",
    "group_of",
    "mirror_allocation",
    "mirror_members",
    "preset",
    "presets",
    "summarise",
    "tile_grid",
    "wcit12_unnamed",
]

ADD, REMOVE, TOGGLE = "add", "remove", "toggle"
"""The three things a reader can do to a forum's membership: put states in, take them out, or flip each one (a
click on the map: in if it was out, out if it was in)."""

ALL_UN = "All UN member states"
EMPTY = "Nobody (build your own)"

UN_REGIONAL_GROUPS = ("African Group", "Asia-Pacific Group", "Eastern European Group",
                      "Latin American and Caribbean Group", "Western European and Others Group")
"""The UN's five regional groups, into which every member state falls once (table ``un_regional_groups``)."""


def group_of() -> dict[str, str]:
    """Each UN member state's regional group, by ISO3 (the table ``un_regional_groups``); a fresh dict each call."""
    return dict(_group_of())


@cache
def _group_of() -> dict[str, str]:
    table = load("un_regional_groups")
    return {str(r.iso3): str(r.un_regional_group) for r in table.itertuples()}


def camp_of() -> dict[str, str]:
    """Each UN member state's camp in the 2018 roll calls on A/RES/73/27 and A/RES/73/266 (see
    :func:`cyberorder.rollcalls.camps`); a fresh dict each call."""
    return dict(_camp_of())


@cache
def _camp_of() -> dict[str, str]:
    return rollcalls.camps(rollcalls.vote_matrix())


def _fact(name: str) -> int:
    facts = load("cyberspace_facts")
    return int(facts.loc[facts.fact == name, "value"].iloc[0])


def presets() -> dict[str, tuple[str, ...]]:
    """The preset forums and groups a reader can start from, by menu label; members as sorted ISO3 codes.

    Every preset comes from a sourced table of the book: the two GGEs whose member lists were verified
    (``gge_members``), the states the sources name as signing or not signing the ITRs at WCIT-12
    (``wcit12_signatures``, a partial list: the label says how partial), the Freedom Online Coalition's
    members named by 2016 (``foc_members``, 29 of 30), the 29 countries ranked by the
    NCPI 2020 (not a forum, a yardstick), all 193 UN member states, and an empty start. A preset member
    that is not a UN member state is an error, not a silent drop. A fresh dict each call.
    """
    return dict(_presets())


@cache
def _presets() -> dict[str, tuple[str, ...]]:
    """Built once: see :func:`presets`."""
    gge = load("gge_members")
    wcit = load("wcit12_signatures")
    ncpi = load("ncpi_2020_scores")
    foc = load("foc_members")
    signed = tuple(wcit.iso3[wcit.status == "signed"])
    not_signed = tuple(wcit.iso3[wcit.status == "did_not_sign"])
    out: dict[str, tuple[str, ...]] = {}
    for name in ("2019-2021", "2012-2013"):
        members = tuple(gge.iso3[gge.gge == name])
        out[f"UN GGE {name} ({len(members)} members)"] = members
    out[f"WCIT-12: signatories named in the sources ({len(signed)} of {_fact('wcit12_signed')})"] = signed
    out[f"WCIT-12: non-signatories named in the sources ({len(not_signed)} of {_fact('wcit12_not_signed')})"] = \
        not_signed
    out[f"Freedom Online Coalition: members named by 2016 ({len(foc)} of 30)"] = tuple(foc.iso3)
    out[f"NCPI 2020: the {len(ncpi)} ranked countries (a yardstick, not a forum)"] = tuple(ncpi.iso3)
    out[ALL_UN] = tuple(_group_of())
    out[EMPTY] = ()
    known = _group_of()
    for label, members in out.items():
        unknown = sorted(set(members) - set(known))
        if unknown:
            raise ValueError(f"preset {label!r}: {unknown} are not UN member states in 'un_regional_groups'")
    return {label: tuple(sorted(members)) for label, members in out.items()}


def preset(label: str) -> tuple[str, ...]:
    """The members (ISO3) of one preset; an unknown label is an error naming the presets."""
    table = _presets()
    return table[checks.choice(label, "preset", table, what="preset")]


def wcit12_unnamed() -> dict[str, int]:
    """How many WCIT-12 signatories and non-signatories the sources do *not* name.

    The ITU's totals (89 signed, 55 did not) minus the rows of ``wcit12_signatures`` for each side.
    """
    wcit = load("wcit12_signatures")
    return {"signed": _fact("wcit12_signed") - int((wcit.status == "signed").sum()),
            "did_not_sign": _fact("wcit12_not_signed") - int((wcit.status == "did_not_sign").sum())}


def edit(members: Iterable[str], steps: Iterable[tuple[str, str]],
         groups: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """A forum's membership after the reader's edits, applied in order.

    ``members`` are ISO3 codes of UN member states. Each step is ``(ADD, what)`` or ``(REMOVE, what)``,
    where ``what`` is a member state's ISO3 code or the name of a UN regional group (the step then adds or
    removes every state of that group). Steps apply one after the other, so adding a state and then
    removing it leaves it out. Adding a state already in, or removing one that is not, changes nothing.
    An unknown operation, state or group, or a repeated starting member, is an error. ``groups`` maps each
    UN member state to its regional group (default: :func:`group_of`). Returns sorted ISO3 codes.
    """
    groups = _group_of() if groups is None else checks.mapping(groups, "groups")
    start = checks.names(members, "the forum's members", allow_empty=True)
    if isinstance(steps, str | bytes | Mapping) or not isinstance(steps, Iterable):
        raise TypeError(f"steps must be a list of (operation, state or group) pairs; got {type(steps).__name__}")
    check_members(start, groups, table="un_regional_groups", allow_empty=True)
    names = set(groups.values())
    current = set(start)
    for step in steps:
        if not isinstance(step, tuple) or len(step) != 2:
            raise ValueError(f"a step is a pair (operation, state or group); got {step!r}")
        op, what = step
        if not isinstance(what, str):
            raise TypeError(f"a step's state or group is a code or a name (text); got {checks.shown(what)} "
                            f"in {step!r:.80}")
        if op not in (ADD, REMOVE, TOGGLE):
            raise ValueError(f"unknown operation {op!r}: use {ADD!r}, {REMOVE!r} or {TOGGLE!r}")
        if what in groups:
            affected = {what}
        elif what in names:
            affected = {s for s, g in groups.items() if g == what}
        else:
            raise ValueError(f"{what!r} is neither a UN member state (ISO3 code) nor a UN regional group "
                             f"({sorted(names)})")
        current = current | affected if op == ADD else current - affected if op == REMOVE else current ^ affected
    return tuple(sorted(current))


def tile_grid() -> pd.DataFrame:
    """Where each UN member state sits on the forum explorer's map: one equal square per state (table
    ``un_tile_grid``, after Jon Schwabish's World Tile Grid Map), so that Tuvalu is as easy to click as Russia.

    Columns: iso3, country, group (UN regional group), x (column, from the left), y (row, from the top). Every UN
    member state has exactly one square and no two share one; a table that breaks this is an error naming the
    states concerned. The squares are a layout, not borders (the table's notes say how disputed territories are
    handled).
    """
    tiles = load("un_tile_grid")
    names = load("un_regional_groups").set_index("iso3").country
    groups = _group_of()
    missing, extra = sorted(set(groups) - set(tiles.iso3)), sorted(set(tiles.iso3) - set(groups))
    if missing or extra:
        raise ValueError(f"un_tile_grid.csv must place every UN member state once: no square for {missing}; "
                         f"squares for states that are not UN members: {extra}")
    shared = tiles[tiles.duplicated(["x", "y"], keep=False)]
    if len(shared):
        raise ValueError("un_tile_grid.csv: two states on one square: "
                         + ", ".join(f"{r.iso3} at ({r.x}, {r.y})" for r in shared.itertuples()))
    return pd.DataFrame({"iso3": tiles.iso3, "country": [str(names[c]) for c in tiles.iso3],
                         "group": [groups[c] for c in tiles.iso3], "x": tiles.x.astype(int),
                         "y": tiles.y.astype(int)}).sort_values("iso3", ignore_index=True)


@dataclass(frozen=True)
class ForumSummary(Readable):
    """Whom a forum speaks for, and how its members voted on the UN's twin track in 2018."""

    members: tuple[str, ...]
    reach: Reach
    """Size and shares of UN members, population and internet users (:func:`cyberorder.reach.reach`)."""
    camp_counts: dict[str, int]
    """Members in each camp of the 2018 votes (every camp of :data:`cyberorder.rollcalls.CAMPS`, 0 included)."""
    camp_shares: dict[str, float]
    """The same as shares of the forum's members (adds up to 1)."""
    regional_distance: float
    """Share of the forum's seats that would have to move between UN regional groups to mirror the Assembly."""


def summarise(members: Iterable[str], groups: Mapping[str, str] | None = None,
              camps: Mapping[str, str] | None = None) -> ForumSummary:
    """The forum's size, reach and camp composition.

    Reach: share of members n / 193, share of the UN membership's population and of its internet users
    (denominators: all 193 member states; see :func:`cyberorder.reach.reach`). Camps: read off each member's
    votes on the two rival 2018 resolutions (:func:`cyberorder.rollcalls.camps`). An empty forum, a repeated
    member or a state that is not a UN member is an error.
    """
    groups = _group_of() if groups is None else checks.mapping(groups, "groups")
    camps = _camp_of() if camps is None else checks.mapping(camps, "camps")
    members = checks.names(members, "members", allow_empty=True)
    if not members:
        raise ValueError("the forum is empty: add at least one member state or regional group")
    profile = forum_profile(members, groups, camps)
    counts = Counter(camps[m] for m in members)
    return ForumSummary(members=tuple(sorted(members)), reach=reach(members),
                        camp_counts={c: counts[c] for c in rollcalls.CAMPS},
                        camp_shares=dict(profile.camp_shares), regional_distance=profile.regional_distance)


# --- profiles: a forum's make-up against the Assembly's --------------------------------------------------------

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


def _shares(labels: list[str], categories: Iterable[str]) -> dict[str, float]:
    c = Counter(labels)
    return {k: c[k] / len(labels) for k in categories}


def forum_profile(members: Iterable[str], group_of: Mapping[str, str], camp_of: Mapping[str, str]) -> ForumProfile:
    """Size, regional balance, camp composition and distance from the Assembly of a forum.

    ``members`` are ISO3 codes; ``group_of`` and ``camp_of`` map every member state of the
    Assembly to its UN regional group and its camp. The Assembly's own balance (all states in
    ``group_of``) is the benchmark. An empty forum, an unknown state or a repeated member is an error.
    """
    group_of = checks.labels(group_of, "group_of")
    members = check_members(members, group_of, group="forum", table="un_regional_groups")
    camp_of = checks.labels(checks.covers(group_of, camp_of, "camp_of"), "camp_of")
    groups = sorted(set(group_of.values()))
    forum = _shares([group_of[m] for m in members], groups)
    assembly = _shares(list(group_of.values()), groups)
    return ForumProfile(size=len(members), group_shares=forum,
                        camp_shares=_shares([camp_of[m] for m in members], rollcalls.CAMPS),
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
    group_of = checks.labels(group_of, "group_of")
    rank = checks.covers(group_of, rank, "rank")
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
    group_of = checks.labels(group_of, "group_of")
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
