"""Forums as sets of states: pick one, edit its membership, and see whom it speaks for and how it voted.

The article's institutional dimension is a contest between bodies: a 25-member Group of Governmental Experts
against a working group open to every UN member, the states that signed the ITU's new regulations in 2012
against those that did not. Each of these bodies is, for our purposes, a set of UN member states. This module
gives the presets the book can source, a way to edit a forum (add or remove a state or a whole UN regional
group), and one summary per forum: its size and its share of UN members, of their population and of their
internet users (from :mod:`cyberorder.reach`), and the camps its members joined in the 2018 UN roll calls on
the rival cyber resolutions (from :func:`cyberorder.diplomacy.camps`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from cyberorder import checks, diplomacy
from cyberorder.data import load
from cyberorder.display import Readable
from cyberorder.reach import Reach, check_members, reach

__all__ = [
    "ADD",
    "ALL_UN",
    "EMPTY",
    "REMOVE",
    "ForumSummary",
    "camp_of",
    "edit",
    "group_of",
    "preset",
    "presets",
    "summarise",
    "wcit12_unnamed",
]

ADD, REMOVE = "add", "remove"
"""The two things a reader can do to a forum's membership."""

ALL_UN = "All UN member states"
EMPTY = "Nobody (build your own)"


def group_of() -> dict[str, str]:
    """Each UN member state's regional group, by ISO3 (the table ``un_regional_groups``); a fresh dict each call."""
    return dict(_group_of())


@cache
def _group_of() -> dict[str, str]:
    table = load("un_regional_groups")
    return {str(r.iso3): str(r.un_regional_group) for r in table.itertuples()}


def camp_of() -> dict[str, str]:
    """Each UN member state's camp in the 2018 roll calls on A/RES/73/27 and A/RES/73/266 (see
    :func:`cyberorder.diplomacy.camps`); a fresh dict each call."""
    return dict(_camp_of())


@cache
def _camp_of() -> dict[str, str]:
    return diplomacy.camps(diplomacy.vote_matrix())


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
        if op not in (ADD, REMOVE):
            raise ValueError(f"unknown operation {op!r}: use {ADD!r} or {REMOVE!r}")
        if what in groups:
            affected = {what}
        elif what in names:
            affected = {s for s, g in groups.items() if g == what}
        else:
            raise ValueError(f"{what!r} is neither a UN member state (ISO3 code) nor a UN regional group "
                             f"({sorted(names)})")
        current = current | affected if op == ADD else current - affected
    return tuple(sorted(current))


@dataclass(frozen=True)
class ForumSummary(Readable):
    """Whom a forum speaks for, and how its members voted on the UN's twin track in 2018."""

    members: tuple[str, ...]
    reach: Reach
    """Size and shares of UN members, population and internet users (:func:`cyberorder.reach.reach`)."""
    camp_counts: dict[str, int]
    """Members in each camp of the 2018 votes (every camp of :data:`cyberorder.diplomacy.CAMPS`, 0 included)."""
    camp_shares: dict[str, float]
    """The same as shares of the forum's members (adds up to 1)."""
    regional_distance: float
    """Share of the forum's seats that would have to move between UN regional groups to mirror the Assembly."""


def summarise(members: Iterable[str], groups: Mapping[str, str] | None = None,
              camps: Mapping[str, str] | None = None) -> ForumSummary:
    """The forum's size, reach and camp composition.

    Reach: share of members n / 193, share of the UN membership's population and of its internet users
    (denominators: all 193 member states; see :func:`cyberorder.reach.reach`). Camps: read off each member's
    votes on the two rival 2018 resolutions (:func:`cyberorder.diplomacy.camps`). An empty forum, a repeated
    member or a state that is not a UN member is an error.
    """
    groups = _group_of() if groups is None else checks.mapping(groups, "groups")
    camps = _camp_of() if camps is None else checks.mapping(camps, "camps")
    members = checks.names(members, "members", allow_empty=True)
    if not members:
        raise ValueError("the forum is empty: add at least one member state or regional group")
    profile = diplomacy.forum_profile(members, groups, camps)
    counts = Counter(camps[m] for m in members)
    return ForumSummary(members=tuple(sorted(members)), reach=reach(members),
                        camp_counts={c: counts[c] for c in diplomacy.CAMPS},
                        camp_shares=dict(profile.camp_shares), regional_distance=profile.regional_distance)
