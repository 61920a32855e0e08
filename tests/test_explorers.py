"""Every explorer: the live view shows the model's values, and the static twin computes the same."""

from __future__ import annotations

import altair as alt
import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema import load_schema

from cyberorder import explorer as explorer_module
from cyberorder import live, power
from cyberorder.charts import named_datasets, text_alternative
from cyberorder.explorer import Explorer, Readout, Slider, Toggle
from cyberorder.explorers import ALL, where_the_users_are
from tests.twin import twin_readouts


def expected_text(explorer: Explorer, values: dict) -> dict[str, str]:
    result = explorer.compute(**values)
    return {r.key: r.text(result[r.key]) for r in explorer.readouts}


@pytest.fixture(params=sorted(ALL))
def explorer(request: pytest.FixtureRequest) -> Explorer:
    made = ALL[request.param]()
    assert made.name == request.param
    assert made.examples, f"{request.param} needs examples: settings at which both views are checked"
    return made


def test_live_view_shows_the_model_at_every_setting(explorer: Explorer) -> None:
    shown = explorer.displayed()
    assert shown == expected_text(explorer, {})
    for values in explorer.examples:
        explorer.set(**(explorer.defaults() | values))
        assert explorer.displayed() == expected_text(explorer, values), values


def test_live_view_redraws_its_chart(explorer: Explorer) -> None:
    """The live chart holds the live spec at the current setting, split into structure and named data."""
    _ = explorer.view
    before = (explorer._chart.spec, explorer._chart.datasets)
    explorer.set(**explorer.examples[0])
    after = (explorer._chart.spec, explorer._chart.datasets)
    assert before != after
    spec = explorer.live_spec(explorer.values(), validate=True)  # a valid Vega-Lite spec
    assert after == named_datasets(spec)
    assert explorer._chart_text.value == text_alternative(spec)  # the chart's data as tables, beside it


def test_a_closed_library_is_replaced_so_new_charts_still_draw() -> None:
    """After ``Widget.close_all()`` (or closing the library), the next live chart gets an open library."""
    from cyberorder import live as lv

    first = lv.library()
    assert first is lv.library() and first.comm is not None
    first.close()
    again = lv.library()
    assert again is not first and again.comm is not None
    assert lv.LiveChart().library is again


def test_the_live_chart_sends_vega_once_per_kernel_and_only_data_per_move(monkeypatch) -> None:
    from cyberorder import charts

    first, second = where_the_users_are(), ALL["imf_veto"]()
    assert first.view and second.view
    library = first._chart.library
    assert library is second._chart.library  # one library widget per kernel
    assert len(library._esm) < 5_000 and len(first._chart._esm) < 5_000  # the widgets' own code is small
    # a chart the reader picks on carries the picker's script too (cyberorder.picker), and only such a chart does
    forum = ALL["forum_membership"]()
    assert forum.view and isinstance(forum._chart, live.PickingChart)
    assert not isinstance(first._chart, live.PickingChart)
    assert "function cyberorderPicker" in forum._chart._esm and "function cyberorderPicker" not in first._chart._esm
    assert len(forum._chart._esm) < 10_000
    # the kernel's first chart: the library carries Vega in its state (one copy per notebook), or an earlier chart did
    assert library.bundle in ("", charts.vega_bundle())
    sent = []
    monkeypatch.setattr(library, "send", lambda content, buffers=None: sent.append(content))
    library._answer(library, {"want": "bundle"}, [])  # what the front end asks when the page has no Vega yet
    library._answer(library, {"want": "something else"}, [])
    assert sent == [{"bundle": charts.vega_bundle()}]
    spec = first._chart.spec
    data = first._chart.datasets
    first.set(west_asia=True)  # Asia joins the West: the bars' colours change, the chart's structure does not
    assert first._chart.spec == spec and first._chart.datasets != data


def test_named_datasets_give_charts_that_differ_only_in_data_equal_structures() -> None:
    import altair as alt
    import pandas as pd

    def chart(values: list[int]) -> dict:
        frame = pd.DataFrame({"x": values})
        return alt.layer(alt.Chart(frame).mark_point().encode(x="x:Q"),
                         alt.Chart(frame).mark_rule().encode(x="mean(x):Q")).to_dict()

    a, b = chart([1, 2]), chart([3, 4])
    assert a != b
    (sa, da), (sb, db) = named_datasets(a), named_datasets(b)
    assert sa == sb and da == {"rows-0": [{"x": 1}, {"x": 2}]} and db == {"rows-0": [{"x": 3}, {"x": 4}]}


def test_static_twin_agrees_with_the_model(explorer: Explorer) -> None:
    for values in [{}, *explorer.examples]:
        assert twin_readouts(explorer, **values) == expected_text(explorer, values), values


def test_mimebundle_carries_widget_and_twin(explorer: Explorer, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = []
    draw = explorer_module.chart_html
    monkeypatch.setattr(explorer_module, "chart_html", lambda spec, **kw: shipped.append(spec) or draw(spec, **kw))
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "cyberorder-chart" in bundle["text/html"] and "vegaEmbed" in bundle["text/html"]
    # the twin is shipped without Altair's validation (it is slow): it must be valid Vega-Lite all the same
    assert len(shipped) == 1
    validate_jsonschema(shipped[0], load_schema())


def test_a_twin_refuses_a_control_whose_param_is_not_a_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    """The twin sets its controls' params on the chart as top-level variables; a selection would need Altair's
    add_params (views), so it is refused by name rather than drawn wrong."""
    monkeypatch.setattr(Slider, "param", lambda self: alt.selection_point(name=self.name))
    with pytest.raises(TypeError, match=r"where_the_users_are.*not a variable"):
        where_the_users_are().twin()


def test_where_the_users_are_moves_with_its_controls() -> None:
    e = where_the_users_are()
    base = e.compute(year_shown=2019)
    assert e.compute(year_shown=2005)["west_user_share"] > base["west_user_share"]
    with_asia = e.compute(year_shown=2019, west_asia=True)
    assert with_asia["west_root_share"] == 1.0
    assert with_asia["gap"] < base["gap"]


def test_bad_control_values_are_refused() -> None:
    e = where_the_users_are()
    with pytest.raises(ValueError, match=r"year_shown must be a number in \[2005, 2019\]; got 1990"):
        e.compute(year_shown=1990)
    with pytest.raises(ValueError, match="west_asia must be True or False"):
        e.compute(west_asia="yes")
    with pytest.raises(ValueError, match=r"unknown control\(s\) \['colour'\]"):
        e.compute(colour="red")
    with pytest.raises(ValueError, match="unknown control 'colour'"):
        e.set(colour="red")


def test_a_model_that_forgets_a_readout_is_caught() -> None:
    e = Explorer(name="t", title="t", controls=[Slider("x", "x", 0, 1, 0.5, 0)], readouts=[Readout("y", "y", ".1f")],
                 model=lambda s: {}, live_chart=lambda s: None, twin=lambda p: None)
    with pytest.raises(RuntimeError, match=r"no value for readout\(s\) \['y'\]"):
        e.compute()


def test_controls_make_matching_widgets_and_params() -> None:
    s, t = Slider("year_shown", "Year", 2005, 2019, 1, 2019), Toggle("west_asia", "Asia", False)
    assert type(s.widget()).__name__ == "IntSlider" and s.widget().value == 2019
    assert type(Slider("w", "w", 0, 1, 0.1, 0.5).widget()).__name__ == "FloatSlider"
    assert s.param().param.to_dict()["bind"] == {"input": "range", "min": 2005, "max": 2019, "step": 1, "name": "Year "}
    assert t.param().param.to_dict()["bind"]["input"] == "checkbox"
    assert power.CONTINENTS  # the toggles of where_the_users_are are one per continent
    assert {c.name for c in where_the_users_are().controls} >= {f"west_{c.lower().replace(' ', '_')}"
                                                               for c in power.CONTINENTS}


def test_a_setting_with_no_answer_is_explained_in_the_live_view_not_raised() -> None:
    """An empty forum has no shares: the live view says why, then recovers when the reader moves on."""
    from cyberorder import forums
    from cyberorder.explorer import NO_VALUE
    from cyberorder.explorers import ALL

    e = ALL["forum_membership"]()
    e.set(forum_preset=forums.EMPTY)
    assert set(e.displayed().values()) == {f"{r.label}: {NO_VALUE}" for r in e.readouts}
    assert "the forum is empty" in e.message()
    assert e._chart.spec is None and e._chart_text.value == ""
    e.set(forum_preset=forums.ALL_UN)
    assert e.message() == ""
    assert e.displayed() == expected_text(e, {"forum_preset": forums.ALL_UN})


def test_a_live_chart_built_once_draws_what_a_chart_built_from_its_rows_draws() -> None:
    """spec_with: the template of a chart over named data, filled with rows (a missing value written as null),
    draws the same picture as the chart built from the same rows."""
    import altair as alt
    import numpy as np
    import pandas as pd
    import vl_convert

    from cyberorder.explorer import spec_with

    def chart(data: alt.Chart) -> alt.Chart:
        return data.mark_bar().encode(x="share:Q", y="name:N").properties(description="bars")

    rows = pd.DataFrame({"name": ["a", "b'c", "d"], "share": [0.2, np.nan, 0.7]})
    filled = spec_with(chart(alt.Chart(alt.NamedData("rows"))).to_dict(), {"rows": rows})
    assert filled["datasets"]["rows"][1] == {"name": "b'c", "share": None}
    assert vl_convert.vegalite_to_svg(filled) == vl_convert.vegalite_to_svg(chart(alt.Chart(rows)).to_dict())
