"""Kahler's scenarios as a model: the rules, the map of regions and the explorer's two views; and the book's
closing page (book/05-order-or-bridges/closing.md), whose figures must be the claims registry's."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cyberorder import figures
from cyberorder import scenarios as sc
from cyberorder.explorers import ALL
from tests.twin import twin_spec

unit = st.floats(min_value=0, max_value=1, allow_nan=False)


def test_each_rule_gives_its_scenario() -> None:
    # Rule 1: commitment below the line -> disengagement, whatever accommodation and capacity are
    assert sc.scenario(1.0, 0.2, 0.0).name == sc.DISENGAGEMENT
    # Rule 2: committed, and accommodation at least equal to capacity -> reform (a tie counts as reform)
    assert sc.scenario(0.7, 0.8, 0.4).name == sc.REFORM
    assert sc.scenario(0.5, 0.5, 0.5).name == sc.REFORM
    # Rule 3: committed, capacity above accommodation -> fragmentation
    assert sc.scenario(0.2, 0.8, 0.6).name == sc.FRAGMENTATION


def test_the_result_says_which_rule_fired_and_why() -> None:
    r = sc.scenario(0.2, 0.75, 0.65, traction=0.5)
    assert r.rule == sc.RULES[sc.FRAGMENTATION]
    assert r.commitment_margin == pytest.approx(0.25) and r.exit_margin == pytest.approx(-0.45)
    assert r.number == 3 and r.distance == pytest.approx(0.25)
    d = sc.scenario(0.9, 0.3, 0.1, traction=0.5)
    assert d.number == 2 and d.distance == pytest.approx(0.2)


@pytest.mark.parametrize(("args", "message"), [
    ((1.2, 0.5, 0.5), r"accommodation must be a number in \[0, 1\]; got 1.2"),
    ((0.5, -0.1, 0.5), r"commitment must be a number in \[0, 1\]; got -0.1"),
    ((0.5, 0.5, float("nan")), r"capacity must be a number in \[0, 1\]; got nan"),
    ((0.5, 0.5, "high"), r"capacity must be a number in \[0, 1\]; got 'high'"),
    ((0.5, 0.5, True), r"capacity must be a number in \[0, 1\]; got True"),
])
def test_bad_drivers_are_refused(args: tuple, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        sc.scenario(*args)


def test_bad_traction_and_steps_are_refused() -> None:
    with pytest.raises(ValueError, match="traction must be a number"):
        sc.scenario(0.5, 0.5, 0.5, traction=2)
    with pytest.raises(ValueError, match="steps must be a whole number between 1 and 200; got 0"):
        sc.region_shares(0.5, steps=0)
    with pytest.raises(ValueError, match="steps must be a whole number between 1 and 200; got 1000000000"):
        sc.region_shares(0.5, steps=10**9)  # a billion steps was a MemoryError (10^18 settings)


@given(unit, unit, unit, unit)
def test_exactly_one_scenario_and_distance_is_honest(a: float, c: float, k: float, t: float) -> None:
    r = sc.scenario(a, c, k, t)
    assert r.name in sc.SCENARIOS
    assert r.distance >= 0
    # the scenario is the one the written rules give, checked independently of the function's branches
    expected = sc.DISENGAGEMENT if c < t else sc.REFORM if a >= k else sc.FRAGMENTATION
    assert r.name == expected


@given(unit, unit, unit, unit, st.floats(min_value=0.001, max_value=1))
def test_more_commitment_never_causes_disengagement(a: float, c: float, k: float, t: float, bump: float) -> None:
    before, after = sc.scenario(a, c, k, t), sc.scenario(a, min(1.0, c + bump), k, t)
    if before.name != sc.DISENGAGEMENT:
        assert after.name != sc.DISENGAGEMENT


@given(unit, unit)
def test_region_shares_add_up_and_match_a_count(k: float, t: float) -> None:
    shares = sc.region_shares(k, t, steps=10)
    assert sum(shares.values()) == pytest.approx(1.0)
    grid = [i / 10 for i in range(11)]
    dis = sum(1 for c in grid if c < t) * 11 / 121
    ref = sum(1 for c in grid if c >= t) * sum(1 for a in grid if a >= k) / 121
    assert shares[sc.DISENGAGEMENT] == pytest.approx(dis)
    assert shares[sc.REFORM] == pytest.approx(ref)


def test_explorer_moves_between_all_three_scenarios() -> None:
    e = ALL["kahler_scenarios"]()
    assert e.compute(accommodation_pct=70, commitment_pct=80, capacity_pct=40)["number"] == 1
    assert e.compute(commitment_pct=30)["number"] == 2
    assert e.compute(accommodation_pct=20, commitment_pct=75, capacity_pct=65)["number"] == 3
    # raising the traction line above the setting's commitment tips it into disengagement
    assert e.compute(accommodation_pct=70, commitment_pct=80, capacity_pct=40, traction_pct=85)["number"] == 2


def test_twin_writes_out_the_rules_and_the_scenario() -> None:
    import html
    import re

    import vl_convert

    e = ALL["kahler_scenarios"]()
    for values, name in [({"commitment_pct": 30}, sc.DISENGAGEMENT),
                         ({"accommodation_pct": 70, "commitment_pct": 80, "capacity_pct": 40}, sc.REFORM),
                         ({}, sc.FRAGMENTATION)]:
        svg = vl_convert.vegalite_to_svg(twin_spec(e, **values))
        texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)]
        assert f"Your scenario: {name}." in texts, (values, texts)
        assert f"For cyberspace: {sc.CYBERSPACE[name]}" in texts
        fired = [t for t in texts if t.startswith("\u25b6 ")]
        assert fired == ["\u25b6 " + sc.RULES[name]], values
        assert "a model, not a measurement" in " ".join(texts)


def test_live_chart_draws_what_a_chart_built_from_scratch_draws() -> None:
    # the live view fills a chart built once with new data; it must draw exactly what a fresh chart would
    import altair as alt
    import pandas as pd
    import vl_convert

    from cyberorder.explorers.kahler_scenarios import GRID_STEP, _map, _rules_text

    e = ALL["kahler_scenarios"]()
    settings = [e.defaults() | values for values in e.examples[:3]]
    drawn = [e.live_spec(state, validate=True) for state in settings]  # all built before any is drawn
    for state, spec in zip(settings, drawn, strict=True):
        k, t = state["capacity_pct"] / 100, state["traction_pct"] / 100
        cells = pd.DataFrame([(a, c, sc.scenario(a / 100, c / 100, k, t).name)
                              for a in range(0, 101, GRID_STEP) for c in range(0, 101, GRID_STEP)],
                             columns=["a_pct", "c_pct", "scenario"])
        point = pd.DataFrame({"a_pct": [state["accommodation_pct"]], "c_pct": [state["commitment_pct"]],
                              "k_pct": [state["capacity_pct"]], "t_pct": [state["traction_pct"]]})
        name = sc.scenario(state["accommodation_pct"] / 100, state["commitment_pct"] / 100, k, t).name
        text = pd.DataFrame({"fires": [name], "meaning": [sc.CYBERSPACE[name]]})
        fresh = alt.vconcat(_map(alt.Chart(cells), alt.Chart(point)), _rules_text(alt.Chart(text)))
        assert vl_convert.vegalite_to_svg(spec) == vl_convert.vegalite_to_svg(fresh.to_dict()), state


def test_closing_page_quotes_the_claims_registry() -> None:
    import re
    from pathlib import Path

    from cyberorder import claims

    page = (Path(__file__).resolve().parents[1] / "book" / "05-order-or-bridges" / "closing.md").read_text(
        encoding="utf-8")
    found = {claim.id: (claim, result) for claim, result in claims.check_all()}
    registry = " ".join(result.value for _, result in found.values())
    # every percentage on the page is one the registry computes from the data today
    for pct in re.findall(r"\d+(?:\.\d+)?%", page):
        assert pct in registry, pct
    # every claim named on the page exists, and a verdict stated on the page is the registry's
    named = set(re.findall(r"(?<![}>])`([a-z0-9-]+)`", page))  # not {cite:p}`...` nor <...>`...`
    assert named and named <= set(found), named - set(found)
    for claim_id, verdict in re.findall(r"`([a-z0-9-]+)`: (does not hold|the article's figure, not checked)", page):
        claim, result = found[claim_id]
        assert claim.verdict(result) == verdict, claim_id


def _layers(spec: dict) -> list[dict]:
    found = []
    for node in spec.get("vconcat", [spec]):
        found += node.get("layer", [node])
    return found


def _mark(layer: dict) -> str:
    return layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"]


def test_the_scenario_map_names_its_regions_and_labels_its_lines_in_the_books_colours() -> None:
    from cyberorder import colours

    e = ALL["kahler_scenarios"]()
    spec = twin_spec(e)
    layers = _layers(spec["vconcat"][0])
    rects = [la for la in layers if _mark(la) == "rect"]
    assert rects[0]["encoding"]["color"]["scale"]["range"] == [colours.KEY["scenario"][s] for s in sc.SCENARIOS]
    assert rects[0]["encoding"]["color"]["legend"] is None  # named on the map instead
    names = [la for la in layers if _mark(la) == "text" and la["encoding"]["text"].get("field") == "scenario"]
    assert names and names[0]["transform"][-1]["aggregate"]  # one name per region, at its cells' centre
    rules = [la for la in layers if _mark(la) == "rule"]
    assert len(rules) == 2 and any(_mark(la) == "text" and "traction line" in str(la) for la in layers)
    # the drawn names sit inside their regions at the starting setting (Kahler's three scenarios all visible)
    import html
    import re

    import vl_convert

    texts = {html.unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", vl_convert.vegalite_to_svg(spec))}
    assert set(sc.SCENARIOS) <= texts


def test_the_fragmentation_charts_use_no_hue_for_what_is_not_a_side_of_the_argument() -> None:
    from tests.chart_grammar import grammar_problems

    spec = ALL["fragmentation"]().twin().to_dict()
    assert not grammar_problems(spec)
    curves = figures.curves_chart().to_dict()
    assert curves["facet"]["field"] == "rule" and len(curves["facet"]["sort"]) == 4  # one panel per rule
    assert "color" not in curves["spec"]["encoding"] and not grammar_problems(curves)
