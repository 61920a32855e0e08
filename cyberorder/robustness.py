"""How sure can a verdict be? Permutation tests and leave-one-out checks on the UN's cyber votes.

The article reads the 2018 votes as a clear division, and the book reads them as blocs. Both readings rest on a few
roll calls. This module asks two questions a student of politics can follow without a course in statistics:

- **Does a state's UN regional group predict how it voted?** Shuffle the group labels many times: if the real groups
  differ more than almost every shuffled grouping, the pattern is unlikely to be chance (:func:`permutation_test`).
- **Do the blocs survive if one roll call is left out?** Drop each vote in turn and count the blocs again
  (:func:`blocs_without_each`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cyberorder import checks, rollcalls
from cyberorder import fragmentation as fr
from cyberorder.data import load
from cyberorder.display import Readable

__all__ = ["PermutationResult", "backed_both_2018", "blocs_without_each", "group_spread", "permutation_test",
           "regional_groups"]


@dataclass(frozen=True)
class PermutationResult(Readable):
    """A permutation test: the real statistic, how often shuffled labels did as well, and the share that did."""

    statistic: float
    as_extreme: int
    permutations: int

    @property
    def p_value(self) -> float:
        """Share of shufflings (counting the real one) whose spread is at least the real one's."""
        return (self.as_extreme + 1) / (self.permutations + 1)


def regional_groups() -> pd.Series:
    """Each UN member's regional group (ISO3 code -> group), from the UN's own list."""
    table = load("un_regional_groups")
    return table.set_index("iso3").un_regional_group


def backed_both_2018() -> pd.Series:
    """True for each UN member that voted yes on both rival 2018 texts (73/27 and 73/266): the states bridging them."""
    matrix = rollcalls.vote_matrix()
    return (matrix[rollcalls.OEWG_RESOLUTION] == "yes") & (matrix[rollcalls.US_RESOLUTION] == "yes")


def group_spread(groups: pd.Series, outcome: pd.Series) -> float:
    """How far the groups' shares of ``outcome`` differ: the chi-square statistic of a groups × yes/no table.

    ``sum over groups of n_g (p_g - p)^2 / (p (1 - p))``, where ``p_g`` is the group's share and ``p`` the overall
    share. It is 0 when every group has the same share, and grows as they differ.
    """
    _check(groups, outcome)
    p = outcome.mean()
    if p in (0, 1):
        raise ValueError("outcome is the same for every state: nothing for the groups to predict")
    by_group = outcome.groupby(groups).agg(["size", "mean"])
    return float((by_group["size"] * (by_group["mean"] - p) ** 2).sum() / (p * (1 - p)))


MAX_PERMUTATIONS = 100_000
"""Enough for a p-value to three decimals; more only costs time (the labs use 1,000 to 10,000)."""


def permutation_test(groups: pd.Series, outcome: pd.Series, permutations: int = 10_000,
                     seed: int = 0) -> PermutationResult:
    """Shuffle ``groups`` ``permutations`` times and count how often the spread is at least the real one.

    ``groups`` and ``outcome`` are Series on the same index (ISO3 codes), ``outcome`` boolean. ``seed`` fixes the
    shuffles so that a reader can reproduce the figure: a whole number >= 0. ``permutations`` runs from 1 to
    :data:`MAX_PERMUTATIONS`.
    """
    _check(groups, outcome)
    permutations = checks.whole(permutations, "permutations", high=MAX_PERMUTATIONS)
    seed = checks.whole(seed, "seed", low=0)
    real = group_spread(groups, outcome)
    codes, labels = pd.factorize(groups)
    y = outcome.to_numpy(dtype=float)
    p = y.mean()
    rng = np.random.default_rng(seed)
    count = 0
    for _ in range(permutations):
        shuffled = rng.permutation(codes)
        sizes = np.bincount(shuffled, minlength=len(labels))
        shares = np.bincount(shuffled, weights=y, minlength=len(labels)) / sizes
        if (sizes * (shares - p) ** 2).sum() / (p * (1 - p)) >= real - 1e-12:
            count += 1
    return PermutationResult(real, count, permutations)


def blocs_without_each() -> dict[str, int]:
    """The number of blocs of identical voters when each of the four roll calls is left out in turn."""
    matrix = rollcalls.vote_matrix()
    out = {}
    for res in matrix.columns:
        kept = fr.agreement(matrix.drop(columns=res))
        out[res] = fr.blocs(kept, 1, len(kept.resolutions)).count
    return out


def _check(groups: pd.Series, outcome: pd.Series) -> None:
    for name, s in (("groups", groups), ("outcome", outcome)):
        if not isinstance(s, pd.Series):
            raise TypeError(f"{name} must be a pandas Series indexed by ISO3 code; got {type(s).__name__}")
        if s.empty:
            raise ValueError(f"{name} is empty")
        if s.isna().any():
            raise ValueError(f"{name} has missing values for {', '.join(map(str, s.index[s.isna()][:5]))}")
    if not groups.index.equals(outcome.index):
        raise ValueError("groups and outcome must have the same index (the same states in the same order)")
    if outcome.dtype != bool:
        raise TypeError(f"outcome must be boolean (True/False per state); got dtype {outcome.dtype}")
