"""The claims appendix as a picture: every number of the registry plotted once, as the registry computes it, each
mark linked to its claim's card and shaped by the claim's verdict."""

from __future__ import annotations

import re

import pytest
import vl_convert

from cyberorder import claims, claims_chart
from cyberorder.claim import VERDICTS, Figure, Finding
from tests.test_claims_page import _html as cards_html


def _rows(spec: dict) -> list[dict]:
    return [r for rows in spec["datasets"].values() for r in rows]


def test_every_figure_of_the_registry_is_plotted_once_as_computed() -> None:
    results = claims.check_all()
    spec = claims_chart.claims_dot_plot(results).to_dict()
    plotted = {(r["id"], r["what"]): (r["article"], r["data"], r["verdict"]) for r in _rows(spec)}
    expected = {(c.id, f.what): (float(f.article), float(f.data), c.verdict(found))
                for c, found in results for f in found.figures}
    assert plotted == expected and len(expected) >= 10
    assert len(_rows(spec)) == len(expected)  # each once
    # claims with no number are listed, not dropped: together the two cover the registry
    assert set(claims_chart.without_figures(results)) | {c for c, _ in expected} == {c.id for c in claims.CLAIMS}


def test_each_mark_links_to_an_existing_card_and_names_where_the_claim_is_computed() -> None:
    cards = set(re.findall(r'<article class="claim-card" id="([^"]+)"', cards_html()))
    table = claims_chart.figures_table()
    assert set(table.href.str.lstrip("#")) <= cards
    spec = claims_chart.claims_dot_plot().to_dict()
    for panel in spec["vconcat"]:
        points = [layer for layer in panel["layer"] if layer["mark"]["type"] == "point"]
        assert len(points) == 2 and all(p["encoding"]["href"]["field"] == "href" for p in points)
        assert any(t.get("field") == "computed in" for t in points[1]["encoding"]["tooltip"])


def test_verdicts_are_told_by_shape_not_by_hue() -> None:
    assert set(claims_chart.VERDICT_SHAPES) == set(VERDICTS)
    assert len(set(claims_chart.VERDICT_SHAPES.values())) == len(VERDICTS)  # one shape per verdict
    spec = claims_chart.claims_dot_plot().to_dict()
    book = next(layer for layer in spec["vconcat"][0]["layer"] if "shape" in layer["encoding"])
    scale = book["encoding"]["shape"]["scale"]
    assert dict(zip(scale["domain"], scale["range"], strict=True)) == claims_chart.VERDICT_SHAPES
    assert "color" not in book["encoding"]


def test_the_dot_plot_fits_the_column_and_draws() -> None:
    svg = vl_convert.vegalite_to_svg(claims_chart.claims_dot_plot().to_dict())
    width = float(re.search(r'<svg[^>]*width="([0-9.]+)"', svg).group(1))
    assert width <= 640, width
    assert "Tech Accord founding companies" in svg


def test_bad_figures_and_an_empty_registry_are_refused() -> None:
    with pytest.raises(ValueError, match="unit must be one of"):
        Figure("x", 1, 1, "percent")
    empty = [(claims.CLAIMS[0], Finding("no number", True))]
    with pytest.raises(ValueError, match="no claim of the registry carries a figure"):
        claims_chart.claims_dot_plot(empty)
