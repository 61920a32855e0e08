"""The book's explorers, one module per chapter; each is a model of the package plus two views.

Every explorer is listed in :data:`ALL` so that the tests check its live view and its static twin
against its model (at its defaults and at each of its ``examples``). The book's static charts are in
:mod:`cyberorder.figures`.
"""

from __future__ import annotations

from collections.abc import Callable

from cyberorder.explorer import Explorer
from cyberorder.explorers.cyberspace import cyber_power_weights, internet_freedom, punching_above_weight
from cyberorder.explorers.diplomacy import swing_states, twin_track
from cyberorder.explorers.forums import forum_membership
from cyberorder.explorers.framing import chessboard_and_web, democratic_wave, imf_veto, power_shares
from cyberorder.explorers.introduction import where_the_users_are
from cyberorder.explorers.scenarios import fragmentation, kahler_scenarios

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
