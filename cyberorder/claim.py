"""The record of one checkable statement of the article, and of what the data says about it.

A verdict is never stronger than the computation behind it. The registry knows six:

- **holds** / **does not hold**: recomputed from the book's tables on the indicator the article used (or the closest
  one available, named in ``indicator``); a claim may read *does not hold* only then;
- **not shown by this measure**: recomputed on a proxy that is not the article's indicator, and the proxy does not
  bear the claim out — which says something about the proxy as much as about the claim;
- **depends on the measure**: recomputed on two or more defensible indicators, which disagree (each is shown);
- **sourced**: a documented fact read from a cited source, not recomputed by the book;
- **attributed**: the article's own figure, which the book reports but cannot check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["ATTRIBUTED", "DEPENDS", "FAILS", "HOLDS", "KINDS", "NOT_SHOWN", "SOURCED", "VERDICTS", "Claim",
           "Finding"]

HOLDS = "holds"
FAILS = "does not hold"
NOT_SHOWN = "not shown by this measure"
DEPENDS = "depends on the measure"
SOURCED = "sourced"
ATTRIBUTED = "attributed"
VERDICTS = (HOLDS, FAILS, NOT_SHOWN, DEPENDS, SOURCED, ATTRIBUTED)
"""Every verdict the registry can give, from the strongest computation to none."""
KINDS = ("recomputed", "sourced", "attributed")
"""What the book did to test a claim: recomputed it from data, read it from a cited source, or only reported it."""


@dataclass(frozen=True)
class Figure:
    """A number the article gives beside the number the book found for it, in one unit.

    ``unit`` is ``"share"`` (0-1), ``"count"`` or ``"year"``; ``what`` says what is counted, and says so when the
    book's number measures something close to, not the same as, the article's (a proxy)."""

    what: str
    article: float
    data: float
    unit: str

    def __post_init__(self) -> None:
        if self.unit not in FIGURE_UNITS:
            raise ValueError(f"a figure's unit must be one of {FIGURE_UNITS}; got {self.unit!r}")


FIGURE_UNITS = ("share", "count", "year")


@dataclass(frozen=True)
class Finding:
    """What the data says about a claim.

    ``holds`` is the answer on the claim's main indicator; ``other_measures`` gives the answer on each other
    defensible indicator the book computed (name, holds), so that a verdict can say when the answer depends on the
    choice; ``robustness`` says in words how much the answer moves when a choice (a year, a vote, a threshold)
    changes. ``figures`` pairs each number the article gives with the book's (the claims appendix plots them).
    """

    value: str
    holds: bool
    other_measures: tuple[tuple[str, bool], ...] = ()
    robustness: str = ""
    figures: tuple[Figure, ...] = ()


@dataclass(frozen=True)
class Claim:
    """One checkable statement of the article, what the book does with it, and the verdict it expects."""

    id: str
    chapter: str
    quote: str
    """The article's words, exactly (a test compares them with its text); at most one sentence."""
    computation: str
    tables: tuple[str, ...]
    check: Callable[[], Finding]
    expected: str = ""
    """The verdict the book expects (by default: *holds*, *sourced* or *attributed*, after ``kind``);
    ``python -m cyberorder.claims`` fails when another one comes out."""
    kind: str = "recomputed"
    indicator: str = ""
    """The indicator the article used, when the book's main measure is it or the closest one available (named).

    Empty when the book's measure is only a proxy: then a failing check reads *not shown by this measure*, never
    *does not hold*.
    """
    where: str = ""
    """The page (and section) of the book where the claim is computed or discussed: ``"page#Section heading"``."""
    note: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"claim {self.id}: kind must be one of {KINDS}, not {self.kind!r}")
        if not self.expected:
            default = {"recomputed": HOLDS, "sourced": SOURCED, "attributed": ATTRIBUTED}[self.kind]
            object.__setattr__(self, "expected", default)
        if self.expected not in VERDICTS:
            raise ValueError(f"claim {self.id}: expected must be one of {VERDICTS}, not {self.expected!r}")

    def verdict(self, found: Finding) -> str:
        """How a finding of this claim reads in the registry (one of :data:`VERDICTS`)."""
        if self.kind == "attributed":
            return ATTRIBUTED
        if self.kind == "sourced":
            return SOURCED if found.holds else FAILS
        if any(h != found.holds for _, h in found.other_measures):
            return DEPENDS
        if found.holds:
            return HOLDS
        return FAILS if self.indicator else NOT_SHOWN
