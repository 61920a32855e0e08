"""The record of one checkable statement of the article, and of what the data says about it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["ATTRIBUTED", "VERDICTS", "Claim", "Finding"]

ATTRIBUTED = "the article's figure, not checked"
"""The verdict of an attributed claim: a figure the book reports as the article's, without a source to check it."""
VERDICTS = ("holds", "does not hold", ATTRIBUTED)
"""Every verdict the registry can give."""


@dataclass(frozen=True)
class Finding:
    """What the data says about a claim."""

    value: str
    holds: bool


@dataclass(frozen=True)
class Claim:
    """One checkable statement of the article."""

    id: str
    chapter: str
    quote: str
    """At most a short phrase of the article, in its words."""
    computation: str
    tables: tuple[str, ...]
    check: Callable[[], Finding]
    should_hold: bool = True
    note: str = ""
    attributed: bool = False
    """True for a figure the book reports as the article's own and could not check against its source.

    Its verdict is :data:`ATTRIBUTED`, never "holds". Its ``check`` still runs: it tests only what the
    book can test (e.g. that the figures are consistent with each other), and its value sets the book's
    own data beside them.
    """

    def verdict(self, found: Finding) -> str:
        """How a finding of this claim reads in the registry (one of :data:`VERDICTS`)."""
        if self.attributed:
            return ATTRIBUTED
        return "holds" if found.holds else "does not hold"
