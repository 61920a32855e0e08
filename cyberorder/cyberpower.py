"""Cyber power: how the Belfer National Cyber Power Index ranks states, and what its weights decide.

The article calls the United States "the equivalent of the lonely cyber superpower", with China and
Russia catching up. The National Cyber Power Index (NCPI) 2020 measures how capable each of 29 states
is, and how intent it is, in pursuit of seven objectives; its overall score is the plain mean of the
seven objective scores. Whether the United States looks like a lone superpower depends on how those
objectives are weighed against one another. The functions here re-weight the index and feed the
result to the concentration measures of :mod:`cyberorder.power`, so that cyber power is measured with
the same tools as economic and military power in chapter 2.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from cyberorder import power

__all__ = [
    "EQUAL_WEIGHTS",
    "OBJECTIVES",
    "LoneSuperpower",
    "lone_superpower",
    "objective_scores",
    "rank_of",
    "weighted_scores",
]

OBJECTIVES: dict[str, str] = {
    "surveillance": "Surveillance of domestic groups",
    "defense": "National cyber defence",
    "information_control": "Control of the information environment",
    "intelligence": "Foreign intelligence",
    "commercial": "Commercial gain and industry",
    "offense": "Destroying an adversary's capabilities",
    "norms": "International norms and standards",
}
"""The NCPI's seven objectives, by the key used in the data (column ``obj_<key>``), with a short label."""

EQUAL_WEIGHTS: dict[str, float] = dict.fromkeys(OBJECTIVES, 1.0)
"""The index's own weighting: every objective counts the same, so the score is the mean of the seven."""


def objective_scores(table: pd.DataFrame) -> pd.DataFrame:
    """The seven objective scores, one row per country (index: country name, columns: objective keys).

    ``table`` is the ``ncpi_2020_scores`` table (or one like it). Rows keep the table's order. A
    missing column, a repeated country, or a score outside [0, 100] raises ``ValueError``.
    """
    columns = ["country"] + [f"obj_{k}" for k in OBJECTIVES]
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"the NCPI table lacks column(s) {missing}")
    if table.empty:
        raise ValueError("the NCPI table has no rows")
    repeated = sorted(table.country[table.country.duplicated()])
    if repeated:
        raise ValueError(f"country(ies) listed twice: {repeated}")
    scores = table.set_index("country")[[f"obj_{k}" for k in OBJECTIVES]]
    scores.columns = list(OBJECTIVES)
    bad = ((scores < 0) | (scores > 100) | scores.isna()).to_numpy()
    if bad.any():
        i, j = (int(x[0]) for x in bad.nonzero())
        raise ValueError(f"{scores.index[i]}: the {scores.columns[j]} score must lie in [0, 100]; "
                         f"got {scores.iat[i, j]!r}")
    return scores.astype(float)


def _check_weights(weights: Mapping[str, float]) -> dict[str, float]:
    unknown = sorted(set(weights) - set(OBJECTIVES))
    if unknown:
        raise ValueError(f"unknown objective(s) {unknown}; the NCPI's objectives are {list(OBJECTIVES)}")
    missing = [k for k in OBJECTIVES if k not in weights]
    if missing:
        raise ValueError(f"no weight given for {missing}: give every objective a weight (0 leaves it out)")
    for k, w in weights.items():
        if isinstance(w, bool) or not isinstance(w, (int, float)) or not math.isfinite(w) or w < 0:
            raise ValueError(f"the weight of {k!r} must be a finite number >= 0; got {w!r}")
    if sum(weights.values()) <= 0:
        raise ValueError("the weights are all zero: give at least one objective a weight above 0")
    return {k: float(weights[k]) for k in OBJECTIVES}


def weighted_scores(table: pd.DataFrame, weights: Mapping[str, float] = EQUAL_WEIGHTS) -> dict[str, float]:
    """Each country's cyber-power score under the reader's weights: C_i = sum_k w_k x_ik / sum_k w_k.

    x_ik is country i's score on objective k (capability times intent, 0-100). With equal weights
    this is the NCPI's overall score, the mean of the seven. Raising a weight says "this objective
    matters more to cyber power"; a weight of 0 leaves the objective out. Weights must be given for
    all seven objectives, be finite and >= 0, and not all be zero.
    """
    w = _check_weights(weights)
    scores = objective_scores(table)
    total = sum(w.values())
    return {str(country): sum(w[k] * float(row[k]) for k in OBJECTIVES) / total
            for country, row in scores.iterrows()}


def rank_of(scores: Mapping[str, float], country: str) -> int:
    """A country's place (1 = first) when ``scores`` are sorted from highest to lowest (ties by name)."""
    if country not in scores:
        raise ValueError(f"{country!r} is not in the index; ranked countries: {sorted(scores)}")
    order = power.ranked(power.shares(scores))
    return [name for name, _ in order].index(country) + 1


@dataclass(frozen=True)
class LoneSuperpower:
    """The 'lone superpower' test: is the leader ahead of the next two combined?"""

    leader: str
    leader_share: float
    challengers: tuple[str, str]
    """The second and third, in order."""
    challengers_share: float
    """The second's and third's shares added up."""

    @property
    def margin(self) -> float:
        """Leader's share minus the next two's combined share (positive: the test is passed)."""
        return self.leader_share - self.challengers_share

    @property
    def passes(self) -> bool:
        """True when the leader holds more than the next two together."""
        return self.margin > 0


def lone_superpower(share_of: Mapping[str, float], exclude: tuple[str, ...] = ()) -> LoneSuperpower:
    """Compare the leader's share with the combined share of the next two: s_1 - (s_2 + s_3).

    A demanding reading of 'lone superpower': not merely first, but stronger than the two nearest
    rivals put together (the test a balance-of-power realist would ask about a coalition). Shares
    must add up to 1 (see :func:`cyberorder.power.ranked`); at least three actors must remain after
    ``exclude``.
    """
    order = power.ranked(share_of, exclude)
    if len(order) < 3:
        raise ValueError(f"the test needs at least three actors; got {[n for n, _ in order]}")
    (a, sa), (b, sb), (c, sc) = order[:3]
    return LoneSuperpower(leader=a, leader_share=sa, challengers=(b, c), challengers_share=sb + sc)
