"""Strings in Vega expressions: one helper quotes them, so a name with a quote or any script cannot break a twin."""

from __future__ import annotations

import ast
import html
import itertools
import re
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
import vl_convert
from hypothesis import given, settings
from hypothesis import strategies as st

import cyberorder
from cyberorder import vega
from cyberorder.explorer import Readout, format_value, readout_panel

PACKAGE = Path(cyberorder.__file__).parent
TRICKY = ["Côte d'Ivoire", 'say "hi"', "back\\slash", "a\\'b", "’curly’ quotes", "日本と中国", "</script><b>",
          "${x}", "datum.x", "' + alert(1) + '", "Lao People’s Democratic Republic", "tab\tin", "ünïcödé ∑ 🙂"]


def drawn(texts: list[str]) -> list[str]:
    """What Vega draws for each text after it goes through :func:`vega.string` into a calculate transform."""
    layers = [alt.Chart(pd.DataFrame({"i": [0]})).transform_calculate(t=vega.string(t))
              .mark_text().encode(text="t:N", y=alt.value(10 + 20 * i)) for i, t in enumerate(texts)]
    svg = vl_convert.vegalite_to_svg(alt.layer(*layers).to_dict())
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)]


def test_tricky_names_survive_a_vega_expression_unchanged() -> None:
    assert sorted(drawn(TRICKY)) == sorted(TRICKY)


@settings(max_examples=5, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=["Cc", "Cs", "Zl", "Zp", "Zs"]), min_size=1, max_size=12),
                min_size=1, max_size=8))
def test_any_text_survives_a_vega_expression_unchanged(texts: list[str]) -> None:
    assert sorted(drawn(texts)) == sorted(texts)


def test_the_old_way_of_splicing_breaks_on_an_apostrophe() -> None:
    """Why the helper exists: the same name spliced between single quotes is not a valid expression."""
    chart = alt.Chart(pd.DataFrame({"i": [0]})).transform_calculate(t="'Côte d'Ivoire'").mark_text().encode(text="t:N")
    with pytest.raises(Exception):  # noqa: B017 - vl-convert raises its own error type for a parse error
        vl_convert.vegalite_to_svg(chart.to_dict())


def test_choose_and_membership_pick_by_value() -> None:
    rows = pd.DataFrame({"k": ["a'1", "b\"2", "c"]})
    chart = alt.Chart(rows).transform_calculate(
        t=vega.choose("datum.k", {"a'1": "first’s", "b\"2": "second"}, otherwise="none"),
    ).mark_text().encode(text="t:N", y="k:N")
    svg = vl_convert.vegalite_to_svg(chart.to_dict())
    assert {"first’s", "second", "none"} <= {html.unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg)}
    assert vega.membership("region", {}) == "false"
    with pytest.raises(TypeError, match="only text can become a Vega string"):
        vega.string(3)


@pytest.mark.parametrize("value, fmt", [(0.1234, ".1%"), (-0.657, "+.1pp"), (-3.0, "+,.0f"), (1234.5, ",.0f"),
                                        (5 / 16, ".1%"), (0.0625, ".1%"), (-0.0625, "+.1%"), (-0.0004, ".3f"),
                                        (-0.0004, "+.3f"), (2.5, ".0f"), (-2.5, ".0f"), (0.125, "+.2pp")])
def test_both_views_write_a_number_alike_even_on_a_tie(value: float, fmt: str) -> None:
    chart = alt.Chart(pd.DataFrame({"v": [value]})).transform_calculate(t=vega.format_number("datum.v", fmt)) \
        .mark_text().encode(text="t:N")
    svg = vl_convert.vegalite_to_svg(chart.to_dict())
    assert format_value(value, fmt) in {html.unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg)}


def spliced_strings(path: Path) -> list[str]:
    """f-strings in ``path`` that put a value between quotes by hand (``'{name}'``), where a quote or a backslash
    in the value would break (or change) a Vega expression; :func:`vega.string` must write such values."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.JoinedStr):
            parts = node.values
            for before, field in itertools.pairwise(parts):
                if isinstance(field, ast.FormattedValue) and isinstance(before, ast.Constant) \
                        and str(before.value).endswith(("'", '"', "['", '["')):
                    found.append(f"{path.name}:{node.lineno}")
    return found


def test_no_explorer_or_figure_splices_a_string_by_hand() -> None:
    files = [PACKAGE / "explorer.py", *PACKAGE.glob("explorers/*.py"), *PACKAGE.glob("figures/*.py")]
    assert [s for f in files for s in spliced_strings(f)] == []


def test_the_splice_check_finds_a_hand_quoted_name(tmp_path: Path) -> None:
    bad = tmp_path / "probe.py"
    bad.write_text("name = 'x'\nexpr = f\"datum.camp == '{name}'\"\nsafe = f\"datum.camp == {name}\"\n")
    assert spliced_strings(bad) == ["probe.py:2"]


def test_a_readout_panel_pairs_values_with_readouts_by_key() -> None:
    readouts = [Readout("a", "First", ".0f"), Readout("b", "Second", ".0f")]
    one = alt.Chart(pd.DataFrame({"value": [1]}))
    with pytest.raises(ValueError, match=r"no value for \['b'\]; values for no readout: \['c'\]"):
        readout_panel(readouts, {"a": one, "c": one})
    with pytest.raises(ValueError, match=r"texts for no readout: \['z'\]"):
        readout_panel(readouts, {"a": one, "b": one}, texts=["z"])
    two = alt.Chart(pd.DataFrame({"value": [2]}))
    svg = vl_convert.vegalite_to_svg(readout_panel(readouts, {"b": two, "a": one}).to_dict())
    lines = [html.unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg)]
    assert "First: 1" in lines and "Second: 2" in lines  # given in the other order, still paired by key
