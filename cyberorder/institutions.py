"""Institutions: who has a say in the multilateral system, and who can block it.

The article's third dimension is the rules-based multilateral system, pressed by emerging powers to
reform. Its example is the 2010 reform of voting shares at the IMF and the World Bank. At the IMF a
member's say follows its *quota*, and the most important decisions (changing quotas, for one) need
85% of all votes, so any member or bloc holding more than 15% can block them.

The rules used here are the IMF's own (Articles of Agreement, as amended by the 2008 reform):

- each member has *basic votes*, the same number for every member, together 5.502% of all votes;
- plus one vote per SDR 100,000 of its quota, so the other 94.498% of votes follow quota shares;
- decisions such as quota changes need an 85% majority of the total voting power.

**Simplifications** (labelled wherever they are used): votes are computed from quota *shares* by the
rule above, not read from the IMF's published voting table (which rounds quotas to whole votes);
every member is assumed to vote (no suspended voting rights); the number of members is 188 (the
membership from April 2012 to April 2016); and the members outside the top 20 appear as one block,
'all other members', whose basic votes are those of its members combined.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import pandas as pd

from cyberorder import checks

__all__ = [
    "BASIC_VOTE_SHARE",
    "MEMBERS",
    "OTHER_MEMBERS",
    "PERIODS",
    "PERIOD_NAMES",
    "SPECIAL_MAJORITY",
    "blocking_margin",
    "can_block",
    "group_total",
    "member_counts",
    "move_quota",
    "quota_shares",
    "voting_shares",
]

BASIC_VOTE_SHARE = 0.05502
"""Basic votes as a share of all votes, shared equally among members (Articles of Agreement, Art. XII, Sec. 5(a))."""
SPECIAL_MAJORITY = 0.85
"""The special majority of the total voting power needed e.g. to change quotas (Art. III, Sec. 2(c))."""
MEMBERS = 188
"""IMF members from South Sudan's accession (April 2012) to Nauru's (April 2016): the membership of the 14th Review."""
OTHER_MEMBERS = "All other members"
"""The members outside the table's top 20, kept as one block so that quota shares add up to 1."""
PERIODS = {"before_14th_review": "Before the 2010 reform (in force in 2014)",
           "after_14th_review": "After the 14th General Review (2010 reform)"}
PERIOD_NAMES = {"before_14th_review": "Before the 2010 reform", "after_14th_review": "After the 14th Review"}
"""The two periods' short names, for controls and legends."""


def quota_shares(table: pd.DataFrame, period: str) -> dict[str, float]:
    """Each listed member's share of IMF quotas (as a fraction), plus :data:`OTHER_MEMBERS` for the rest."""
    period = checks.choice(period, "period", PERIODS)
    table = checks.table(table, "table", ["iso3", "period", "quota_share_pct"])
    rows = table[table.period == period]
    if rows.empty:
        raise ValueError(f"table: no quota shares for {period!r}")
    checks.amounts_in(rows, "quota_share_pct", "table")
    twice = sorted({checks.shown(c) for c in rows.iso3[rows.iso3.duplicated()]})
    if twice:
        raise ValueError(f"table: member(s) listed twice in {period}: {twice}")
    share_of = {str(r.iso3): float(r.quota_share_pct) / 100 for r in rows.itertuples()}
    rest = 1.0 - sum(share_of.values())
    if rest < 0:
        raise ValueError(f"the listed quota shares add up to {100 * (1 - rest):.3f}%, more than 100%")
    return {**share_of, OTHER_MEMBERS: rest}


def member_counts(quota_share_of: Mapping[str, float], members: int = MEMBERS) -> dict[str, int]:
    """How many members each entry stands for: 1 for a country, the remainder for :data:`OTHER_MEMBERS`."""
    quota_share_of = checks.mapping(quota_share_of, "quota_share_of")
    members = checks.whole(members, "members")
    listed = [n for n in quota_share_of if n != OTHER_MEMBERS]
    if len(listed) > members:
        raise ValueError(f"{len(listed)} members are listed, more than the {members} members in all")
    counts = dict.fromkeys(listed, 1)
    if OTHER_MEMBERS in quota_share_of:
        if len(listed) == members:
            raise ValueError(f"all {members} members are listed, so {OTHER_MEMBERS!r} stands for no one")
        counts[OTHER_MEMBERS] = members - len(listed)
    return counts


def _check_quota(quota_share_of: Mapping[str, float], name: str = "quota_share_of") -> dict[str, float]:
    """The quota shares as a dict of floats, if each lies in [0, 1] and they add up to 1 (a dict or a Series)."""
    quota_share_of = checks.mapping(quota_share_of, name)
    if not quota_share_of:
        raise ValueError(f"{name} is empty: no shares given")
    quota_share_of = {key: checks.share(s, f"{name}: share of {key!r}") for key, s in quota_share_of.items()}
    total = sum(quota_share_of.values())
    if not math.isclose(total, 1.0, abs_tol=1e-9):
        raise ValueError(f"{name}: shares must add up to 1; they add up to {total!r}")
    return quota_share_of


def voting_shares(quota_share_of: Mapping[str, float], members: int = MEMBERS,
                  basic_share: float = BASIC_VOTE_SHARE) -> dict[str, float]:
    """Each entry's share of all votes: v_i = b n_i / N + (1 - b) q_i.

    b = 5.502% of votes are basic votes, split equally among the N members (n_i is how many members
    entry i stands for); the rest follow quota shares q_i. Basic votes lift small members a little;
    the largest members' voting share is a little below their quota share. (Simplification: computed
    from shares, not from the IMF's rounded vote counts; see the module's docstring.)
    """
    quota_share_of = _check_quota(quota_share_of)
    basic_share = checks.number(basic_share, "basic_share", low=0, high=1, high_open=True)
    members = checks.whole(members, "members")
    counts = member_counts(quota_share_of, members)
    if OTHER_MEMBERS not in quota_share_of and len(counts) != members:
        raise ValueError(f"{len(counts)} members listed but members={members}: add {OTHER_MEMBERS!r} for the rest")
    return {n: basic_share * counts[n] / members + (1 - basic_share) * q for n, q in quota_share_of.items()}


def group_total(share_of: Mapping[str, float], group: Iterable[str]) -> float:
    """The combined share of a group of entries (every name must be known; the group must not be empty).

    ``share_of`` must be shares of one whole (each in [0, 1], adding up to 1), so the total is a share too."""
    share_of = _check_quota(share_of, "share_of")
    group = checks.names(group, "group", allow_empty=True)
    if not group:
        raise ValueError("the group is empty")
    unknown = [g for g in group if g not in share_of]
    if unknown:
        raise ValueError(f"unknown member(s) {unknown} in the group; known: {sorted(share_of, key=str)}")
    return float(sum(share_of[g] for g in set(group)))


def move_quota(quota_share_of: Mapping[str, float], losers: Iterable[str], gainers: Iterable[str],
               fraction: float) -> dict[str, float]:
    """Move ``fraction`` of the losing group's quota to the gaining group.

    Each loser gives up the same fraction f of its quota; the gainers share the moved quota f Q_L in
    proportion to their own quotas: q_i' = q_i (1 - f) for losers, q_j' = q_j (1 + f Q_L / Q_G) for
    gainers. Shares still add up to 1. The groups must be non-empty, known and disjoint, and the
    gaining group must hold some quota to share it out by.
    """
    quota_share_of = _check_quota(quota_share_of)
    losers = checks.names(losers, "losers", allow_empty=True, repeats=True)
    gainers = checks.names(gainers, "gainers", allow_empty=True, repeats=True)
    fraction = checks.share(fraction, "fraction")
    q_l = group_total(quota_share_of, losers)
    q_g = group_total(quota_share_of, gainers)
    overlap = sorted(set(losers) & set(gainers))
    if overlap:
        raise ValueError(f"the losing and gaining groups overlap: {overlap}")
    if q_g <= 0:
        raise ValueError(f"the gaining group {gainers} holds no quota to share the transfer by")
    moved = fraction * q_l
    return {n: q * (1 - fraction) if n in losers else (_share(q + moved * q / q_g) if n in gainers else q)
            for n, q in quota_share_of.items()}


ROUNDING = 1e-12
"""How far past 1 a computed share may land by floating-point rounding alone (a gainer that takes the whole quota:
0.3 + 0.7 is 1.0000000000000002)."""


def _share(x: float) -> float:
    """A share this module computed, written as 1 when it passes 1 by rounding alone (never an input: inputs are
    checked strictly); anything further past 1 is a bug and raises."""
    if x > 1 + ROUNDING:
        raise RuntimeError(f"a computed quota share is {x!r}, above 1: the transfer is wrong")
    return min(x, 1.0)


def blocking_margin(voting_share: float, majority: float = SPECIAL_MAJORITY) -> float:
    """How far a voting share is above the blocking line 1 - majority (positive: it can block alone)."""
    voting_share = checks.share(voting_share, "voting_share")
    majority = checks.number(majority, "majority", low=0.5, high=1)
    return voting_share - (1 - majority)


def can_block(voting_share: float, majority: float = SPECIAL_MAJORITY) -> bool:
    """The veto test: with this share voting no, can the others still reach ``majority`` of all votes?

    A decision passes with yes votes >= majority. If a member with share v votes no, at most 1 - v
    can vote yes, so it blocks alone exactly when 1 - v < majority, i.e. v > 1 - majority (15% at 85%).
    """
    return blocking_margin(voting_share, majority) > 0
