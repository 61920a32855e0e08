"""The book's explorers, one module each (named after its explorer); each is a model of the package plus two views.

Pieces that more than one explorer draws are in :mod:`cyberorder.explorers._shared`.

Every explorer is listed in :data:`ALL` so that the tests check its live view and its static twin
against its model (at its defaults and at each of its ``examples``). The book's static charts are in
:mod:`cyberorder.figures`.
"""

from __future__ import annotations

from collections.abc import Callable

from cyberorder.explorer import Explorer
from cyberorder.explorers.chessboard_and_web import chessboard_and_web
from cyberorder.explorers.cyber_power_weights import cyber_power_weights
from cyberorder.explorers.democratic_wave import democratic_wave
from cyberorder.explorers.forum_membership import forum_membership
from cyberorder.explorers.fragmentation import fragmentation
from cyberorder.explorers.imf_veto import imf_veto
from cyberorder.explorers.internet_freedom import internet_freedom
from cyberorder.explorers.kahler_scenarios import kahler_scenarios
from cyberorder.explorers.power_shares import power_shares
from cyberorder.explorers.punching_above_weight import punching_above_weight
from cyberorder.explorers.swing_states import swing_states
from cyberorder.explorers.twin_track import twin_track
from cyberorder.explorers.where_the_users_are import where_the_users_are

__all__ = ["ALL", "chessboard_and_web", "cyber_power_weights", "democratic_wave", "forum_membership", "fragmentation",
           "imf_veto", "internet_freedom", "kahler_scenarios", "power_shares", "punching_above_weight", "swing_states",
           "twin_track", "where_the_users_are"]

ALL: dict[str, Callable[[], Explorer]] = {
    "where_the_users_are": where_the_users_are,
    "cyber_power_weights": cyber_power_weights,
    "punching_above_weight": punching_above_weight,
    "internet_freedom": internet_freedom,
    "forum_membership": forum_membership,
    "power_shares": power_shares,
    "chessboard_and_web": chessboard_and_web,
    "democratic_wave": democratic_wave,
    "imf_veto": imf_veto,
    "swing_states": swing_states,
    "twin_track": twin_track,
    "kahler_scenarios": kahler_scenarios,
    "fragmentation": fragmentation,
}
"""Every explorer of the book, by name (chapters add theirs here)."""
