"""The book's explorers, one module per chapter; each is a model of the package plus two views.

Every explorer is listed in :data:`ALL` so that the tests check its live view and its static twin
against its model (at its defaults and at each of its ``examples``).
"""

from __future__ import annotations

from collections.abc import Callable

from cyberorder.explorer import Explorer
from cyberorder.explorers.introduction import where_the_users_are
from cyberorder.power import DEFAULT_WEST

__all__ = ["ALL", "DEFAULT_WEST", "where_the_users_are"]

ALL: dict[str, Callable[[], Explorer]] = {
    "where_the_users_are": where_the_users_are,
}
"""Every explorer of the book, by name (chapters add theirs here)."""
