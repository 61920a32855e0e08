"""Chapter 2's explorer: where the wave of democratisation crested, under a measure and a window the reader picks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt

from cyberorder import colours, values
from cyberorder.charts import reference_label
from cyberorder.data import load
from cyberorder.explorer import Choice, Explorer, Readout, Slider, readout_panel, spec_with, stack

__all__ = ["democratic_wave"]


# -- 3. the democratic wave ---------------------------------------------------------------------------

_WAVE_DESCRIPTION = ("Line chart of the chosen Freedom in the World measure for every survey year from 1972; "
                     "points inside the reader's window are highlighted and a vertical line marks the peak year.")

_MEASURE_EXPR = ("wave_measure == 'Share Free' ? datum.free / datum.total_countries : "
                 "(wave_measure == 'Free minus Not Free' ? (datum.free - datum.not_free) / datum.total_countries : "
                 "(wave_measure == 'Share Free or Partly Free' ? (datum.free + datum.partly_free) / "
                 "datum.total_countries : datum.not_free / datum.total_countries))")


def _wave_chart(line: alt.Chart, rule: alt.Chart, title: str) -> alt.LayerChart:
    """The measure over time (fields: survey_year, v, in_window) and a rule at the peak (field: peak_year)."""
    x = alt.X("survey_year:Q", title="Year under review", axis=alt.Axis(format="d"),
              scale=alt.Scale(domain=[1972, 2023]))
    y = alt.Y("v:Q", title="Value of the measure (%)", axis=alt.Axis(format="%"))
    path = line.mark_line(color=colours.OTHER).encode(x=x, y=y)
    dots = line.mark_circle(size=40).encode(
        x=x, y=y, color=alt.Color("in_window:N", title=None, scale=alt.Scale(
            domain=["inside the window", "outside"], range=[colours.INK, colours.OTHER]),
            legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("survey_year:Q", title="year", format="d"), alt.Tooltip("v:Q", format=".1%")])
    peak = rule.mark_rule(color=colours.INK, strokeDash=[4, 3]).encode(x="peak_year:Q")
    labelled = alt.layer(path, dots, peak, reference_label(rule, "peak_year:Q", "peak"))
    return labelled.properties(width=480, height=240, title=title)


def democratic_wave() -> Explorer:
    """Where the wave of democratisation crested, under a measure and a window the reader picks."""
    fiw = load("freedom_in_the_world_status")
    rows = fiw[["survey_year", "total_countries", "free", "partly_free", "not_free"]]
    controls = [
        Slider("window_start", "Window: one end", 1972, 2022, 1, 1972),
        Slider("window_end", "Window: other end", 1982, 2023, 1, 2023),
        Choice("wave_measure", "Measure", tuple(values.FIW_MEASURES), "Share Free"),
    ]
    readouts = [
        Readout("peak_year", "Peak year", "d"),
        Readout("peak_value", "Value at the peak", ".1%"),
        Readout("last_value", "Value in the window's last year", ".1%"),
        Readout("change", "Change since the peak", "+.1pp"),
        Readout("years_since", "Years from the peak to the window's end", "d"),
    ]

    def window(state: Mapping[str, Any]) -> tuple[int, int]:
        a, b = int(state["window_start"]), int(state["window_end"])
        return min(a, b), max(a, b)  # the two handles mark the ends of the window, in either order

    def model(state: Mapping[str, Any]) -> dict[str, Any]:
        p = values.peak(fiw, state["wave_measure"], *window(state))
        return {"peak_year": p.peak_year, "peak_value": p.peak_value, "last_value": p.last_value,
                "change": p.change_since_peak, "years_since": p.years_since_peak}

    # built once, as a spec: a callback fills in the rows and names the window in the title
    template = _wave_chart(alt.Chart(alt.NamedData("series")), alt.Chart(alt.NamedData("peak")), "") \
        .properties(description=_WAVE_DESCRIPTION).to_dict()

    def live_chart(state: Mapping[str, Any]) -> dict[str, Any]:
        lo, hi = window(state)
        series = values.measure_series(fiw, state["wave_measure"])
        p = values.peak(fiw, state["wave_measure"], lo, hi)
        rows = [{"survey_year": int(y), "v": float(v), "in_window": "inside the window" if lo <= y <= hi else "outside"}
                for y, v in series.items()]
        spec = spec_with(template, {"series": rows, "peak": [{"peak_year": int(p.peak_year)}]})
        return spec | {"title": f"{state['wave_measure']}, {lo}-{hi}"}

    def twin(params: Sequence[alt.Parameter]) -> alt.TopLevelMixin:
        lo, hi = "min(window_start, window_end)", "max(window_start, window_end)"
        allrows = alt.Chart(rows).transform_calculate(
            v=_MEASURE_EXPR,
            in_window=f"datum.survey_year >= {lo} && datum.survey_year <= {hi} ? 'inside the window' : 'outside'")
        inside = (allrows.transform_filter("datum.in_window == 'inside the window'")
                  .transform_joinaggregate(vmax="max(v)", vmin="min(v)", last_year="max(survey_year)")
                  .transform_calculate(best="wave_measure == 'Share Not Free' ? datum.vmin : datum.vmax"))
        at_peak = inside.transform_filter("datum.v == datum.best").transform_aggregate(
            peak_year="min(survey_year)", best="max(best)", last_year="max(last_year)")
        last = inside.transform_calculate(lv="datum.survey_year == datum.last_year ? datum.v : 0") \
            .transform_aggregate(lv="sum(lv)", best="max(best)")
        panel = readout_panel(readouts, {
            "peak_year": at_peak.transform_calculate(value="datum.peak_year"),
            "peak_value": at_peak.transform_calculate(value="datum.best"),
            "last_value": last.transform_calculate(value="datum.lv"),
            "change": last.transform_calculate(value="datum.lv - datum.best"),
            "years_since": at_peak.transform_calculate(value="datum.last_year - datum.peak_year"),
        })
        chart = _wave_chart(allrows, at_peak, "The chosen measure, with your window and its peak")
        return stack(chart, panel, description=_WAVE_DESCRIPTION)

    examples = [
        {"window_start": 1972, "window_end": 1990},
        {"wave_measure": "Free minus Not Free"},
        {"wave_measure": "Share Not Free", "window_start": 2005, "window_end": 2023},
        {"wave_measure": "Share Free or Partly Free", "window_start": 2010, "window_end": 1985},
    ]
    return Explorer(name="democratic_wave", title="The wave of democratisation and where it stopped",
                    controls=controls, readouts=readouts, model=model, live_chart=live_chart, twin=twin,
                    examples=examples)
