"""Scenarios: Kahler's reform, disengagement and fragmentation, as an explicit teaching model.

The article closes by borrowing Miles Kahler's three ways in which a contested order can go:
**reform** (established powers make room for rising ones inside existing institutions),
**disengagement** (rules-based multilateralism itself loses traction: a zero-sum game) and
**fragmentation** (rising powers, frustrated, build institutions of their own: more multilateralism,
less global). The article names the scenarios; it does not say which conditions produce which.

This module writes one possible answer out as a **model, not a measurement**. Three drivers, each a
reader's judgement on a 0-1 scale (no dataset measures them):

- ``accommodation`` *A*: how far established powers make room for rising ones in existing institutions;
- ``commitment`` *C*: how committed the main powers stay to rules-based multilateralism as such;
- ``capacity`` *K*: how well rising powers could do with institutions of their own (money, members, technology);

and one assumption, the ``traction`` line *c\\**: the commitment below which multilateralism loses traction.
The rules, applied in order:

1. if C < c*: **disengagement** (multilateralism itself loses traction, whatever else happens);
2. otherwise, if A >= K: **reform** (the existing institutions offer rising powers at least as much as
   going it alone would);
3. otherwise: **fragmentation** (rising powers still want rules, but their own institutions are the better deal).

Comparing A with K assumes the two drivers sit on one scale; that is the model's main simplification.
"""

from __future__ import annotations

from dataclasses import dataclass

from cyberorder import checks
from cyberorder.display import Readable

__all__ = [
    "CYBERSPACE",
    "DISENGAGEMENT",
    "FRAGMENTATION",
    "REFORM",
    "RULES",
    "SCENARIOS",
    "Scenario",
    "region_shares",
    "scenario",
]

REFORM = "Reform"
DISENGAGEMENT = "Disengagement"
FRAGMENTATION = "Fragmentation"
SCENARIOS = (REFORM, DISENGAGEMENT, FRAGMENTATION)
"""Kahler's three scenarios, numbered 1, 2, 3 in this order by :attr:`Scenario.number`."""

RULES = {
    DISENGAGEMENT: "Rule 1: commitment below the traction line -> disengagement",
    REFORM: "Rule 2: otherwise, accommodation at least equal to rising powers' own capacity -> reform",
    FRAGMENTATION: "Rule 3: otherwise (capacity above accommodation) -> fragmentation",
}
"""The model's rules in words, keyed by the scenario each one yields."""

CYBERSPACE = {
    REFORM: "One internet; existing forums make room for rising powers (e.g. a single UN process).",
    DISENGAGEMENT: "A zero-sum free-for-all: norms ignored, unilateral operations, deals case by case.",
    FRAGMENTATION: "A balkanised internet with rival forums, rival norms and national networks.",
}
"""What each scenario would mean for cyberspace, in one line each (the book's reading of the article)."""


@dataclass(frozen=True)
class Scenario(Readable):
    """Which scenario a setting of the drivers gives, and why."""

    name: str
    rule: str
    """The rule that fired (see :data:`RULES`)."""
    commitment_margin: float
    """C - c*: how far commitment is above (>= 0) or below (< 0) the traction line."""
    exit_margin: float
    """A - K: how far accommodation exceeds (>= 0) or falls short of (< 0) rising powers' own capacity."""

    @property
    def number(self) -> int:
        """1 reform, 2 disengagement, 3 fragmentation (the order of :data:`SCENARIOS`)."""
        return SCENARIOS.index(self.name) + 1

    @property
    def distance(self) -> float:
        """How far the setting is from a boundary of its region: the smallest change of one driver
        (or of the traction line) that could change the scenario. Always >= 0.

        In the disengagement region only commitment matters, so the distance is c* - C; elsewhere it
        is the smaller of C - c* and |A - K|.
        """
        if self.name == DISENGAGEMENT:
            return -self.commitment_margin
        return min(self.commitment_margin, abs(self.exit_margin))


def _check_unit(name: str, value: float) -> float:
    """A driver of a scenario: a number in [0, 1] (NumPy numbers welcome); anything else a ``ValueError``."""
    try:
        return checks.share(value, name)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number in [0, 1]; got {checks.shown(value)}") from None


def scenario(accommodation: float, commitment: float, capacity: float, traction: float = 0.5) -> Scenario:
    """Apply the model's three rules (see the module's docstring) to one setting of the drivers.

    Every argument is a judgement on a 0-1 scale; anything outside [0, 1] is an error, never clamped.
    """
    a = _check_unit("accommodation", accommodation)
    c = _check_unit("commitment", commitment)
    k = _check_unit("capacity", capacity)
    t = _check_unit("traction", traction)
    if c < t:
        name = DISENGAGEMENT
    elif a >= k:
        name = REFORM
    else:
        name = FRAGMENTATION
    return Scenario(name=name, rule=RULES[name], commitment_margin=c - t, exit_margin=a - k)


MAX_STEPS = 200
"""The finest map :func:`region_shares` draws: 201 x 201 settings (the explorer uses 20 steps)."""


def region_shares(capacity: float, traction: float = 0.5, steps: int = 20) -> dict[str, float]:
    """The share of a map of settings that falls in each scenario, at a given capacity and traction line.

    The map is the grid of accommodation x commitment values 0, 1/steps, ..., 1 ((steps + 1)^2 points),
    which is what the explorer draws. Shares add up to 1. ``steps`` is a whole number from 1 to
    :data:`MAX_STEPS`: a finer map changes the shares by less than a point and costs seconds.
    """
    steps = checks.whole(steps, "steps", high=MAX_STEPS)
    _check_unit("capacity", capacity)
    _check_unit("traction", traction)
    grid = [i / steps for i in range(steps + 1)]
    counts = dict.fromkeys(SCENARIOS, 0)
    for a in grid:
        for c in grid:
            counts[scenario(a, c, capacity, traction).name] += 1
    total = len(grid) ** 2
    return {s: n / total for s, n in counts.items()}
