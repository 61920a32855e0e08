"""Every chart comes with a text alternative: its data as tables and, for a static twin, its readouts.

``chart_html`` writes a ``<details class="cyberorder-chart-data">`` right after the chart's ``<div>``;
these tests read it back with an HTML parser and compare it with the data and the model it came from.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest
from bs4 import BeautifulSoup, Tag

from cyberorder import charts
from cyberorder.explorers import where_the_users_are


def _details(html: str) -> Tag:
    """The chart's text alternative, which must be the element right after the chart's <div>."""
    page = BeautifulSoup(html, "html.parser")
    chart = page.select_one("div.cyberorder-chart")
    assert chart is not None
    details = chart.find_next_sibling()
    assert details is not None and details.name == "details" and "cyberorder-chart-data" in details["class"], \
        f"the element after the chart is {details}"
    assert details.summary is not None and details.summary.get_text(strip=True), "the details has no summary"
    return details


def _table(table: Tag) -> tuple[list[str], list[list[str]]]:
    head = [th.get_text() for th in table.select("thead th")]
    assert all(th.get("scope") == "col" for th in table.select("thead th"))
    return head, [[td.get_text() for td in tr.find_all("td")] for tr in table.select("tbody tr")]


def test_a_small_chart_lists_its_data_in_a_table() -> None:
    data = pd.DataFrame({"country": ["Brazil", "India <&> 'quoted'", "Kenya"], "share": [0.25, 0.5, 0.125],
                         "members": [3, 14, 2]})
    chart = alt.Chart(data).mark_bar().encode(x="share:Q", y="country:N").properties(
        title="Shares", description="Bars of three shares")
    details = _details(charts.chart_html(chart.to_dict()))
    tables = details.find_all("table")
    assert len(tables) == 1
    head, rows = _table(tables[0])
    assert head == list(data.columns)
    assert rows == [[str(v) for v in row] for row in data.itertuples(index=False)]  # escaped, read back as text
    assert tables[0].caption.get_text() == f"Data of the chart 'Shares' (all {len(data)} rows)"
    assert not details.find("ul"), "a chart with no readouts lists none"


def test_long_data_is_cut_and_says_so() -> None:
    n = charts.DATA_ROWS_SHOWN + 15
    data = pd.DataFrame({"year": range(1900, 1900 + n), "value": [i * 2 for i in range(n)]})
    chart = alt.Chart(data).mark_line().encode(x="year:O", y="value:Q").properties(description="A long line")
    (table,) = _details(charts.chart_html(chart.to_dict())).find_all("table")
    head, rows = _table(table)
    assert head == ["year", "value"]
    assert len(rows) == charts.DATA_ROWS_SHOWN
    assert rows == [[str(y), str(v)] for y, v in data.head(charts.DATA_ROWS_SHOWN).itertuples(index=False)]
    assert f"first {charts.DATA_ROWS_SHOWN} of {n} rows" in table.caption.get_text()


def test_every_inline_data_set_gets_a_table() -> None:
    """Altair's top-level datasets and ``data.values`` left inline in a layer, each with its own columns."""
    left = alt.Chart(pd.DataFrame({"a": [1, 2]})).mark_point().encode(x="a:Q")
    spec = alt.layer(left, alt.Chart(pd.DataFrame({"b": ["x"]})).mark_rule()).properties(
        description="Two layers").to_dict()
    spec["layer"].append({"data": {"values": [{"c": 1.5}, {"c": None, "d": True}]}, "mark": "tick"})
    tables = _details(charts.chart_html(spec)).find_all("table")
    assert [_table(t) for t in tables] == [(["a"], [["1"], ["2"]]), (["b"], [["x"]]),
                                           (["c", "d"], [["1.5", ""], ["", "true"]])]
    assert [t.caption.get_text().split(" (")[0] for t in tables] == [f"Data set {i} of 3" for i in (1, 2, 3)]


def test_numbers_are_written_to_six_significant_digits_without_exponents() -> None:
    values = [2 / 3, 123456789.25, 1e-7 / 3, -0.5, 1e21, 7.0]
    shown = [charts._cell(v) for v in values]
    assert shown == ["0.666667", "123456789", "0.0000000333333", "-0.5", str(int(1e21)), "7"]
    for value, text in zip(values, shown, strict=True):  # each is the value to six significant digits
        assert "e" not in text and float(text) == pytest.approx(value, rel=5e-6)


def test_readouts_given_by_the_caller_are_listed() -> None:
    chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q").properties(description="A dot")
    lines = ["Share of the West: 40.0%", "Gap <in points>: -3"]
    details = _details(charts.chart_html(chart.to_dict(), readouts=lines))
    assert [li.get_text() for li in details.select("ul li")] == lines


def test_a_static_twin_lists_its_readouts_at_the_starting_setting() -> None:
    """The explorer's twin, as the book shows it: its text alternative reads as the model at the defaults."""
    explorer = where_the_users_are()
    html = explorer._repr_mimebundle_()["text/html"]
    result = explorer.compute()
    assert [li.get_text() for li in _details(html).select("ul li")] == [r.text(result[r.key])
                                                                       for r in explorer.readouts]


def test_a_twin_shown_on_its_own_reads_its_readouts_from_the_spec() -> None:
    """A lab that shows ``explorer.twin()`` by itself (no model at hand): the labels come from the spec, quoted by
    cyberorder.vega.string, and the values from drawing it; a label with an apostrophe survives the trip."""
    explorer = where_the_users_are()
    spec = explorer.twin().to_dict()
    result = explorer.compute()
    assert charts.starting_readouts(spec) == [r.text(result[r.key]) for r in explorer.readouts]
    asia = next(r for r in explorer.readouts if r.key == "asia_user_share")
    assert "Asia's" in asia.label
    assert [li.get_text() for li in _details(charts.chart_html(spec)).select("ul li")][-1] == \
        asia.text(result[asia.key])


def test_a_chart_without_inline_data_says_so() -> None:
    spec = {"description": "A generated sequence", "data": {"sequence": {"start": 0, "stop": 3, "as": "x"}},
            "mark": "point", "encoding": {"x": {"field": "x", "type": "quantitative"}}}
    details = _details(charts.chart_html(spec))
    assert not details.find("table") and "no inline data" in details.get_text()


@pytest.fixture
def kernel_state(monkeypatch):
    """setup() is global to the process: give the tests after this one the theme, renderer and session they had."""
    theme, renderer = alt.theme.active, alt.renderers.active
    monkeypatch.setattr(charts, "_session", {"bundle_sent": False})
    yield
    alt.theme.enable(theme)
    alt.renderers.enable(renderer)


def test_a_kernel_sends_the_vega_bundle_with_its_first_chart_only(kernel_state, monkeypatch) -> None:
    """A notebook carries the 0.9 MB bundle once; the later charts wait for it. setup() starts over; Colab, whose
    outputs are pages of their own, gets it with every chart."""
    import sys
    import types

    spec = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q").properties(description="A dot").to_dict()
    charts.setup()
    first, second = (charts._render(spec)["text/html"] for _ in range(2))
    assert charts.BUNDLE_MARK in first and charts.BUNDLE_MARK not in second
    assert "window.vegaEmbed" in second and charts.NO_LIBRARY in second and len(second) < 20_000
    charts.setup()
    assert charts.BUNDLE_MARK in charts._render(spec)["text/html"]
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    assert charts.BUNDLE_MARK in charts._render(spec)["text/html"]
