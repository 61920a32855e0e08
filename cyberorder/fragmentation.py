"""Fragmentation: how far the UN's cyber roll calls already split member states into blocs.

The article asks whether cyber diplomacy should build one order or bridges in a "multi-order",
fragmented cyberspace. This module measures how fragmented the recorded votes are, in three steps
that anyone can follow by hand:

1. **Agreement.** For two states, take the recorded votes on which *both* cast a vote (yes, no or
   abstain; a member that did not vote has no position on that roll call). Their agreement is the
   share of those votes on which they voted the same way: a_ij = same_ij / both_ij. The index goes
   back to the classic studies of bloc voting in the General Assembly (Lijphart 1963, who counted an
   abstention against a yes or a no as half an agreement; here it counts as a disagreement).
2. **Blocs.** Join two states when they agree on at least a chosen *threshold* of the votes both cast
   (and both cast at least ``min_common`` votes in common). A bloc is a group of states linked by
   such a chain: a connected component of that graph, with at least two states. States linked to
   nobody are *unattached*. This is single-linkage clustering cut at the threshold (Gower and Ross 1969):
   one chain of like-minded pairs is enough to put two states in one bloc.
3. **Bridges.** A *bridge state* holds its bloc together: remove it, and the rest of the bloc falls
   apart into two or more groups of at least two states. Without it, there would be more blocs.

The number of blocs as the threshold moves is the *fragmentation curve*. One state, one vote makes every
member count alike; :func:`bloc_reach` adds what a bloc weighs outside the Assembly hall: its share of the
members' people and of their internet users (from :mod:`cyberorder.reach`).

Note the difference from :func:`cyberorder.rollcalls.bridges`, chapter 4's bridges: states that voted
yes on both rival 2018 resolutions. Here a bridge is a structural position in the agreement graph.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from cyberorder import checks, rollcalls
from cyberorder import reach as rch
from cyberorder.display import Readable

__all__ = [
    "Agreement",
    "Blocs",
    "agreement",
    "agreement_levels",
    "bloc_reach",
    "blocs",
    "fragmentation_curve",
    "roll_call_agreement",
    "votes_cast",
]

CAST = ("yes", "no", "abstain")
"""Votes that take a position; 'non-voting' does not."""


@dataclass(frozen=True, eq=False)
class Agreement:
    """Pairwise agreement between states over a set of roll calls.

    ``same[i, j]`` counts the roll calls on which i and j both cast a vote and voted alike,
    ``both[i, j]`` the roll calls on which both cast a vote. Agreement is same / both (undefined when
    both is 0). The diagonal holds each state's own number of votes cast. Compared and hashed by
    identity (``eq=False``), so results computed from it can be cached.
    """

    states: tuple[str, ...]
    resolutions: tuple[str, ...]
    same: np.ndarray
    both: np.ndarray

    def share(self, a: str, b: str) -> float:
        """The agreement of two states (NaN when they never both cast a vote)."""
        i, j = self._index(a), self._index(b)
        return float(self.same[i, j] / self.both[i, j]) if self.both[i, j] else float("nan")

    def _index(self, state: str) -> int:
        try:
            return self.states.index(state)
        except ValueError:
            raise ValueError(f"unknown state {state!r}: not in the roll calls") from None


def _check_matrix(matrix: Any) -> pd.DataFrame:
    """``matrix`` if it is a table (what :func:`cyberorder.rollcalls.vote_matrix` returns); else a ``TypeError``."""
    if not isinstance(matrix, pd.DataFrame):
        raise TypeError(f"matrix must be a vote matrix (a DataFrame from vote_matrix); got {type(matrix).__name__}")
    return matrix


def _check_agreement(agr: Any) -> Agreement:
    """``agr`` if it is an :class:`Agreement` (what :func:`agreement` returns); else a ``TypeError`` naming it."""
    if not isinstance(agr, Agreement):
        raise TypeError(f"agr must be the pairwise agreement that agreement(matrix) returns; got {type(agr).__name__}")
    return agr


def agreement(matrix: pd.DataFrame) -> Agreement:
    """Pairwise agreement from a vote matrix (one row per state, one column per roll call).

    ``matrix`` is what :func:`cyberorder.rollcalls.vote_matrix` returns; every cell must be one of
    :data:`cyberorder.rollcalls.VOTES`. An empty matrix, or one with no roll call, is an error.
    """
    _check_matrix(matrix)
    if matrix.empty or matrix.shape[1] == 0:
        raise ValueError("the vote matrix is empty: it needs at least one state and one roll call")
    values = matrix.to_numpy(dtype=object)
    bad = sorted({str(v) for v in values.ravel()} - set(rollcalls.VOTES))
    if bad:
        raise ValueError(f"unknown vote value(s) {bad}; a vote must be one of {list(rollcalls.VOTES)}")
    if matrix.index.duplicated().any():
        raise ValueError(f"state(s) listed twice: {sorted(set(matrix.index[matrix.index.duplicated()]))}")
    cast = np.isin(values, CAST)
    both = cast.astype(int) @ cast.T.astype(int)
    same = np.zeros_like(both)
    for vote in CAST:
        v = (values == vote).astype(int)
        same += v @ v.T
    return Agreement(states=tuple(str(s) for s in matrix.index), resolutions=tuple(str(c) for c in matrix.columns),
                     same=same, both=both)


@lru_cache(maxsize=1)
def roll_call_agreement() -> Agreement:
    """Agreement over the book's four recorded cyber votes (2018: 73/27, 73/266; 2019: 74/28, 74/29)."""
    return agreement(rollcalls.vote_matrix())


def agreement_levels(agr: Agreement) -> list[Fraction]:
    """The distinct agreement values that occur between two different states, as exact fractions.

    Blocs change only when the threshold crosses one of these values, which is why a slider with a
    few steps can show every possible bloc structure.
    """
    n = len(_check_agreement(agr).states)
    off = ~np.eye(n, dtype=bool) & (agr.both > 0)
    # a few distinct (same, both) count pairs among ~n^2 state pairs: make a fraction of each distinct pair only
    same, both = agr.same[off].astype(np.int64), agr.both[off].astype(np.int64)
    base = int(both.max(initial=0)) + 1  # every count of `both` is below base: one integer key per pair
    return sorted({Fraction(int(k) // base, int(k) % base) for k in np.unique(same * base + both)})


@dataclass(frozen=True)
class Blocs(Readable):
    """The blocs at one threshold: who is in which, who holds them together, who is alone."""

    threshold: Fraction
    min_common: int
    bloc_of: dict[str, int]
    """Each state's bloc number (1 = the largest bloc; ties by the first ISO3 code); 0 = unattached."""
    bridges: tuple[str, ...]
    """States whose removal would split their bloc into two or more groups of at least two states."""

    @property
    def sizes(self) -> list[int]:
        """Number of states in each bloc, largest first."""
        counts = pd.Series(list(self.bloc_of.values()))
        counts = counts[counts > 0].value_counts()
        return [int(counts[b]) for b in sorted(counts.index)]

    @property
    def count(self) -> int:
        """Number of blocs (groups of at least two linked states)."""
        return len(self.sizes)

    @property
    def unattached(self) -> list[str]:
        """States linked to no other state at this threshold."""
        return sorted(s for s, b in self.bloc_of.items() if b == 0)

    def shares(self) -> list[float]:
        """Each bloc's share of all states in the roll calls, largest first."""
        return [n / len(self.bloc_of) for n in self.sizes]


def _threshold(threshold: float | Fraction) -> Fraction:
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float, Fraction)):
        raise ValueError(f"threshold must be a number in [0, 1]; got {threshold!r}")
    if isinstance(threshold, float) and not np.isfinite(threshold):
        raise ValueError(f"threshold must be a number in [0, 1]; got {threshold!r}")
    t = Fraction(threshold).limit_denominator(10**6) if isinstance(threshold, float) else Fraction(threshold)
    if not 0 <= t <= 1:
        raise ValueError(f"threshold must be a number in [0, 1]; got {threshold!r}")
    return t


def _adjacency(agr: Agreement, threshold: Fraction, min_common: int) -> list[list[int]]:
    """Neighbours of each state: pairs with both >= min_common and same / both >= threshold (exactly)."""
    n = len(agr.states)
    linked = (agr.both >= min_common) & (agr.both > 0) & \
        (agr.same * threshold.denominator >= agr.both * threshold.numerator)
    np.fill_diagonal(linked, False)
    return [list(np.flatnonzero(linked[i])) for i in range(n)]


def _components(adj: Sequence[Sequence[int]], removed: int = -1) -> list[int]:
    """Component label of each node (``removed`` gets -1)."""
    label = [-1] * len(adj)
    current = 0
    for start in range(len(adj)):
        if label[start] >= 0 or start == removed:
            continue
        label[start] = current
        stack = [start]
        while stack:
            node = stack.pop()
            for nxt in adj[node]:
                if label[nxt] < 0 and nxt != removed:
                    label[nxt] = current
                    stack.append(nxt)
        current += 1
    return label


def _articulation_points(adj: Sequence[Sequence[int]]) -> set[int]:
    """Nodes whose removal disconnects their component (Hopcroft and Tarjan's depth-first search)."""
    n = len(adj)
    disc, low = [-1] * n, [0] * n
    points: set[int] = set()
    timer = 0
    for root in range(n):
        if disc[root] >= 0:
            continue
        disc[root] = low[root] = timer
        timer += 1
        children = 0
        stack = [(root, -1, iter(adj[root]))]
        while stack:
            node, parent, it = stack[-1]
            advanced = False
            for nxt in it:
                if disc[nxt] < 0:
                    disc[nxt] = low[nxt] = timer
                    timer += 1
                    if node == root:
                        children += 1
                    stack.append((nxt, node, iter(adj[nxt])))
                    advanced = True
                    break
                if nxt != parent:
                    low[node] = min(low[node], disc[nxt])
            if advanced:
                continue
            stack.pop()
            if parent >= 0:
                low[parent] = min(low[parent], low[node])
                if parent != root and low[node] >= disc[parent]:
                    points.add(parent)
        if children > 1:
            points.add(root)
    return points


def blocs(agr: Agreement, threshold: float | Fraction, min_common: int = 1) -> Blocs:
    """The blocs, unattached states and bridge states at an agreement ``threshold`` in [0, 1].

    Two states are linked when they both cast at least ``min_common`` votes in common (1 to the number
    of roll calls) and agree on at least ``threshold`` of them. See the module's docstring for the
    method in words. The threshold is compared exactly (as a fraction), so 0.75 means 3 of 4.
    """
    _check_agreement(agr)
    t = _threshold(threshold)
    n_res = len(agr.resolutions)
    if isinstance(min_common, bool) or not isinstance(min_common, (int, np.integer)) \
            or not 1 <= min_common <= n_res:
        raise ValueError(f"min_common must be a whole number from 1 to {n_res}; got {min_common!r}")
    # the links depend only on which agreement values reach t: compute once per level, reuse for every t
    levels = _levels(agr)
    snapped = next((lev for lev in levels if lev >= t), None)
    found = _blocs(agr, snapped, int(min_common))
    return dataclasses.replace(found, threshold=t)


@lru_cache(maxsize=8)
def _levels(agr: Agreement) -> tuple[Fraction, ...]:
    return tuple(agreement_levels(agr))


@lru_cache(maxsize=256)
def _blocs(agr: Agreement, t: Fraction | None, min_common: int) -> Blocs:
    """Blocs when links need agreement >= t (``None``: above every agreement value, so nobody is linked)."""
    adj = _adjacency(agr, t, min_common) if t is not None else [[] for _ in agr.states]
    label = _components(adj)
    members: dict[int, list[int]] = {}
    for node, lab in enumerate(label):
        members.setdefault(lab, []).append(node)
    groups = [m for m in members.values() if len(m) >= 2]
    groups.sort(key=lambda m: (-len(m), min(agr.states[i] for i in m)))
    bloc_of = dict.fromkeys(agr.states, 0)
    for number, group in enumerate(groups, start=1):
        for node in group:
            bloc_of[agr.states[node]] = number
    bridges = []
    for node in sorted(_articulation_points(adj)):
        rest = _components(adj, removed=node)
        pieces = pd.Series([rest[j] for j in members[label[node]] if j != node]).value_counts()
        if int((pieces >= 2).sum()) >= 2:
            bridges.append(agr.states[node])
    return Blocs(threshold=t if t is not None else Fraction(1), min_common=min_common, bloc_of=bloc_of,
                 bridges=tuple(sorted(bridges)))


UNATTACHED = 0
"""The bloc number of states linked to no other state (the last row of :func:`bloc_reach`)."""


def bloc_reach(found: Blocs) -> pd.DataFrame:
    """Whom each bloc speaks for: its share of the UN's member states, of their people and of their internet users.

    One row per bloc (``bloc`` 1 = the largest), then one row for the unattached states (``bloc`` 0) when
    there are any, so that each share column adds up to 1 over the rows. Columns: ``bloc, states,
    share_of_members, share_of_population, share_of_internet_users, users_unknown`` (the ISO3 codes, comma-separated,
    of members whose share online is unknown: left out of both sides of the internet-user share). Computed by
    :func:`cyberorder.reach.reach`, over the 193 member states in 2019; a state of the roll calls that is not
    in the population table is an error.
    """
    if not isinstance(found, Blocs):
        raise TypeError(f"found must be the blocs that blocs(agr, threshold) returns; got {type(found).__name__}")
    groups: dict[int, list[str]] = {}
    for state, number in found.bloc_of.items():
        groups.setdefault(number, []).append(state)
    order = [*range(1, found.count + 1), *([UNATTACHED] if UNATTACHED in groups else [])]
    rows = []
    for number in order:
        try:
            r = rch.reach(sorted(groups[number]))
        except ValueError as err:  # a state of the blocs that the tables do not know
            raise ValueError(f"found (the Blocs), bloc {number}: {err}") from err
        rows.append({"bloc": number, "states": r.states, "share_of_members": r.share_of_members,
                     "share_of_population": r.share_of_population,
                     "share_of_internet_users": r.share_of_internet_users,
                     "users_unknown": ", ".join(r.users_unknown)})
    return pd.DataFrame(rows)


def fragmentation_curve(agr: Agreement, thresholds: Sequence[float | Fraction], min_common: int = 1) -> pd.DataFrame:
    """The fragmentation curve: blocs, unattached states and bridges at each threshold.

    Columns: ``threshold, blocs, largest_share, unattached, bridges``.
    """
    _check_agreement(agr)
    if isinstance(thresholds, str | bytes | Mapping) or not isinstance(thresholds, Iterable):
        raise TypeError(f"thresholds must be a list of numbers in [0, 1]; got {type(thresholds).__name__} "
                        f"{checks.shown(thresholds)}")
    thresholds = list(thresholds)
    if len(thresholds) == 0:
        raise ValueError("no thresholds given: the curve needs at least one")
    rows = []
    for t in thresholds:
        b = blocs(agr, t, min_common)
        rows.append({"threshold": float(b.threshold), "blocs": b.count,
                     "largest_share": b.shares()[0] if b.count else 0.0,
                     "unattached": len(b.unattached), "bridges": len(b.bridges)})
    return pd.DataFrame(rows)


def votes_cast(matrix: pd.DataFrame) -> pd.DataFrame:
    """How many states cast 0, 1, ... of the recorded votes (columns ``votes_cast, states``).

    States that missed votes are the ones a strict ``min_common`` leaves unattached.
    """
    if _check_matrix(matrix).empty:
        raise ValueError("the vote matrix is empty")
    cast = matrix.isin(CAST).sum(axis=1)
    counts = cast.value_counts().reindex(range(matrix.shape[1] + 1), fill_value=0)
    return counts.rename_axis("votes_cast").reset_index(name="states")
