"""The book's colour key: one role per hue, the same colour for the same thing in every chart.

Hue carries the argument's sides, so a reader who has learnt the key in chapter 1 can read chapter 5 without a
legend: blue is the liberal, open side (the West, the US-led text, "Free"); vermillion the sovereigntist side
(China and Russia, the Russia-led text, "Not Free"); green agreement and bridges (a yes, a consensus, a state
backing both texts, non-state actors weaving the web); reddish purple what lies in between (swing states, an
abstention, "Partly Free"); grey everything else (other states, no data). Black is ink: reference lines,
thresholds, their labels, the article's own figure, and the highlight of the reader's current choice.

The hues are Okabe and Ito's colour-blind-safe set, with grey darkened, and each data colour has a contrast of at
least 3:1 with the white page (WCAG 1.4.11). Okabe and Ito's orange, sky blue and yellow are left out: against
white they reach only 2.3, 2.3 and 1.3 to 1.

The book-wide assignments of categories to colours are in :data:`KEY`; :func:`scale` gives an Altair scale that
follows it. The contributor guide's style page shows the key.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt

LIBERAL = "#0072B2"
"""Blue: the liberal, open side of the argument (the West, the US-led text, 'Free', the reform scenario)."""
SOVEREIGN = "#D55E00"
"""Vermillion: the sovereigntist side (China and Russia, the Russia-led text, 'Not Free', fragmentation)."""
AGREEMENT = "#009E73"
"""Bluish green: agreement and bridges (a yes vote, a consensus report, a state backing both texts, the web)."""
BETWEEN = "#CC79A7"
"""Reddish purple: in between (swing states, an abstention, 'Partly Free', disengagement)."""
OTHER = "#666666"
"""Grey: everything else (other states, the rest of the world, no data, not voting)."""
INK = "#000000"
"""Black: reference lines, thresholds and their labels, the article's figure, the reader's current choice."""

HUES = {"liberal": LIBERAL, "sovereign": SOVEREIGN, "agreement": AGREEMENT, "between": BETWEEN, "other": OTHER,
        "ink": INK}
"""Every colour a chart of the book may use, by role."""

PAGE = "#FFFFFF"
"""The background charts are drawn on (in dark mode they sit on a light card of this colour)."""


def contrast(foreground: str, background: str = PAGE) -> float:
    """WCAG contrast ratio of two ``#RRGGBB`` colours, from 1 (none) to 21 (black on white)."""
    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


KEY: dict[str, dict[str, str]] = {
    # who holds power: the West, the rest, and what no state holds (chapters 1 and 2 use both spellings)
    "bloc": {"The West": LIBERAL, "West": LIBERAL, "Others": BETWEEN, "Rest": BETWEEN,
             "Rest of the world": OTHER, "Not attributed": OTHER},
    # the 2018 camps of the UN votes and forums
    "camp": {"Open camp": LIBERAL, "Sovereignty camp": SOVEREIGN, "Bridge": AGREEMENT, "Neither": OTHER},
    # a roll-call vote
    "vote": {"yes": AGREEMENT, "no": SOVEREIGN, "abstain": BETWEEN, "non-voting": OTHER},
    # Freedom House's statuses (Freedom in the World and Freedom on the Net)
    "freedom": {"Free": LIBERAL, "Partly Free": BETWEEN, "Not Free": SOVEREIGN},
    # Kahler's scenarios
    "scenario": {"Reform": LIBERAL, "Disengagement": BETWEEN, "Fragmentation": SOVEREIGN},
    # a UN Group of Governmental Experts' outcome
    "gge outcome": {"Consensus report": AGREEMENT, "No consensus": SOVEREIGN},
    # the web's non-state actors against the chessboard's states
    "actor": {"State": OTHER, "Non-state": AGREEMENT},
}
"""Family of categories -> category -> colour: the book-wide assignments. A chart that colours one of these
categories takes its colour from here (a test checks every chart of the built book). A category name means one
thing: where it appears in two families it has the same colour in both.

What is not a side of the argument gets no hue: the reader's current choice (a followed country, a chosen window,
the groups a reform moves) is :data:`INK`, everything around it :data:`OTHER`; a single series with no category is
:data:`INK` or :data:`OTHER`; a third level is told by a label, a shape or filled against hollow marks, not by a
new colour. Counts on a grid (a cross-tabulation) use the grey ramp :data:`SEQUENTIAL`."""

SEQUENTIAL = "greys"
"""The Vega colour scheme for a quantity shown as shade (cells of a cross-tabulation), hue-free on purpose."""


def colour_of(category: str) -> str:
    """The colour the key gives ``category`` in whichever family names it (KeyError if none does)."""
    for colours in KEY.values():
        if category in colours:
            return colours[category]
    raise KeyError(f"no family of the book's colour key names {category!r}")


def scale(family: str, domain: Sequence[str] | None = None) -> alt.Scale:
    """An Altair colour scale for ``family`` of :data:`KEY`, over ``domain`` (default: the whole family, in order).

    Raises KeyError naming the family or category that the key does not know, so a chart cannot quietly invent a
    colour."""
    if family not in KEY:
        raise KeyError(f"no colour family {family!r} in the book's key; known: {sorted(KEY)}")
    colours = KEY[family]
    domain = list(colours) if domain is None else list(domain)
    unknown = [c for c in domain if c not in colours]
    if unknown:
        raise KeyError(f"colour family {family!r} has no colour for {unknown}; it has {list(colours)}")
    return alt.Scale(domain=domain, range=[colours[c] for c in domain])


def legend_rows() -> list[dict[str, Any]]:
    """The key as rows (family, category, colour, role) for the style page's table."""
    roles = {colour: role for role, colour in HUES.items()}
    return [{"family": family, "category": category, "colour": colour, "role": roles.get(colour, "?")}
            for family, colours in KEY.items() for category, colour in colours.items()]
