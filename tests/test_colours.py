"""The book's colour key (cyberorder.colours): its colours can be seen and told apart, it gives one colour per
category, and every chart the package draws takes its colours from it (the built site's charts are checked by
test_site_static with the same rules)."""

from __future__ import annotations

import itertools
import math

import pytest

from cyberorder import claims_chart, colours, figures, history, load, rollcalls
from cyberorder.explorers import ALL
from tests.chart_grammar import colour_problems, grammar_problems

# Machado, Oliveira and Fernandes (2009), full severity, on linear RGB: how a colour looks to readers with
# protanopia, deuteranopia and tritanopia.
VISION = {
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protan": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deutan": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritan": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}
APART = 15
"""The smallest CIELAB difference (CIE76) at which two categories of a family count as told apart by hue."""


def _lab(colour: str, vision: str) -> tuple[float, float, float]:
    srgb = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in srgb]
    r, g, b = (min(max(sum(m * c for m, c in zip(row, linear, strict=True)), 0.0), 1.0) for row in VISION[vision])
    x, y, z = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b, \
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def difference(a: str, b: str, vision: str) -> float:
    """How far apart two colours look (CIE76 ΔE) to a reader with ``vision``."""
    return math.dist(_lab(a, vision), _lab(b, vision))


def told_apart(a: str, b: str) -> bool:
    """Two categories are told apart by lightness (WCAG contrast ≥ 3:1) or by hue for every kind of vision."""
    return colours.contrast(a, b) >= 3 or all(difference(a, b, v) >= APART for v in VISION)


def test_every_colour_of_the_key_stands_out_from_the_page() -> None:
    low = {role: round(colours.contrast(c), 2) for role, c in colours.HUES.items() if colours.contrast(c) < 3}
    assert not low, f"data colours below 3:1 against the page (WCAG 1.4.11): {low}"


def test_the_categories_of_each_family_can_be_told_apart_in_every_kind_of_vision() -> None:
    close = [(family, a, b) for family, cats in colours.KEY.items()
             for (a, ca), (b, cb) in itertools.combinations(cats.items(), 2) if ca != cb and not told_apart(ca, cb)]
    assert not close, f"categories too close to tell apart: {close}"


def test_the_difference_measure_catches_what_colour_blind_readers_cannot_tell_apart() -> None:
    # Vega's default red and green look alike to a reader with deuteranopia, though not to others
    assert difference("#D62728", "#2CA02C", "normal") > 50 > difference("#D62728", "#2CA02C", "deutan")
    assert not told_apart("#D62728", "#2CA02C")
    assert not told_apart("#0072B2", "#1F77B4")  # two blues
    assert told_apart(colours.INK, colours.OTHER)  # the reader's choice against its context, by lightness


def test_a_category_name_has_one_colour_across_families() -> None:
    seen: dict[str, str] = {}
    clashes = [(cat, seen[cat], colour) for cats in colours.KEY.values() for cat, colour in cats.items()
               if seen.setdefault(cat, colour) != colour]
    assert not clashes


def test_the_key_names_the_categories_the_package_draws() -> None:
    assert set(colours.KEY["camp"]) == set(rollcalls.CAMPS)
    assert set(colours.KEY["vote"]) == set(rollcalls.VOTES)
    assert set(colours.KEY["freedom"]) == {"Free", "Partly Free", "Not Free"}


def test_scale_follows_the_key_and_refuses_what_it_does_not_know() -> None:
    scale = colours.scale("vote", ["no", "yes"]).to_dict()
    assert scale == {"domain": ["no", "yes"], "range": [colours.SOVEREIGN, colours.AGREEMENT]}
    with pytest.raises(KeyError, match="no colour family 'votes'"):
        colours.scale("votes")
    with pytest.raises(KeyError, match=r"has no colour for \['maybe'\]"):
        colours.scale("vote", ["yes", "maybe"])
    assert colours.colour_of("Partly Free") == colours.BETWEEN
    with pytest.raises(KeyError):
        colours.colour_of("Purple")


def test_the_style_page_rows_cover_the_whole_key() -> None:
    rows = colours.legend_rows()
    assert len(rows) == sum(len(c) for c in colours.KEY.values())
    assert {r["role"] for r in rows} <= set(colours.HUES)


def _package_charts() -> list[tuple[str, dict]]:
    gges = load("gge_groups")
    found = [(name, make().twin().to_dict()) for name, make in ALL.items()]
    found += [("ncpi_chart", figures.ncpi_chart().to_dict()),
               ("shares_over_time", figures.shares_over_time().to_dict()),
               ("freedom_statuses", figures.freedom_statuses().to_dict()),
               ("quota_changes", figures.quota_changes().to_dict()),
               ("gge_timeline", figures.gge_timeline(gges).to_dict()),
               ("forums_chart", figures.forums_chart().to_dict()),
               ("strategies_by_year", figures.strategies_by_year(
                   history.first_strategies_by_year(load("ncss_first_strategies"))).to_dict()),
               ("claims_dot_plot", claims_chart.claims_dot_plot().to_dict()),
               ("user_shares_over_time", figures.user_shares_over_time(load("internet_users_by_continent")).to_dict())]
    return found


def test_every_chart_of_the_package_follows_the_grammar() -> None:
    problems = [f"{name}: {p}" for name, spec in _package_charts() for p in grammar_problems(spec)]
    assert not problems, "\n".join(problems)


def test_the_colour_rules_catch_an_off_key_colour_a_wrong_category_and_a_hue_scheme() -> None:
    assert colour_problems({"mark": {"type": "bar", "color": "#E69F00"}})  # Okabe-Ito orange: not in the key
    wrong = {"encoding": {"color": {"field": "status", "scale": {"domain": ["Free", "Not Free"],
                                                                 "range": [colours.AGREEMENT, colours.SOVEREIGN]}}}}
    assert any("'Free' drawn" in p for p in colour_problems(wrong))  # 'Free' is blue in every chapter
    assert colour_problems({"encoding": {"color": {"field": "n", "scale": {"scheme": "blues"}}}})
    theme = {"config": {"range": {"category": ["#0072B2", "#F0E442"]}}}
    assert colour_problems(theme)  # yellow in the default range
    assert colour_problems({"encoding": {"color": {"condition": {"value": "#56B4E9"}, "value": colours.OTHER}}})


def test_the_style_page_table_is_read_from_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from tests.conftest import ROOT

    monkeypatch.syspath_prepend(str(ROOT / "book" / "_ext"))
    sys.modules.pop("style", None)
    import style

    page = style.colour_key_html()
    for row in colours.legend_rows():
        assert f"<td>{row['category']}</td>" in page and f"<code>{row['colour']}</code>" in page
    assert page.count("<tr>") == len(colours.legend_rows()) + 1  # and a header
    # a colour changed in the package is the colour the page shows
    monkeypatch.setitem(colours.KEY["vote"], "yes", colours.LIBERAL)
    assert f"<td>yes</td><td><span class=\"cyberorder-swatch\" style=\"background:{colours.LIBERAL}\"" \
        in style.colour_key_html()
    assert "{colour-key}" in (ROOT / "book" / "appendix" / "chart-style.md").read_text(encoding="utf-8")
