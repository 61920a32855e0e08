"""The record of one checkable statement of the article, and of what the data says about it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Claim", "Finding"]


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
