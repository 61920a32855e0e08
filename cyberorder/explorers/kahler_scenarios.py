"""Chapter 5's explorer: Kahler's scenarios as an explicit model of three drivers and a traction line."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import altair as alt
import pandas as pd

from cyberorder import colours, vega
from cyberorder import scenarios as sc
from cyberorder.explorer import Explorer, Readout, Slider, readout_panel, spec_with, stack

__all__ = ["GRID_STEP", "kahler_scenarios"]
GRID_STEP = 5
"""The scenario map's grid: accommodation and commitment every 5 points from 0 to 100 (21 x 21 settings)."""


def _scenario_colour() -> alt.Color:
    """The book's scenario colours; no legend, since each region is named on the map itself."""
    return alt.Color("scenario:N", title="Scenario", legend=None, scale=colours.scale("scenario", sc.SCENARIOS))



def _map(cells: alt.Chart, point: alt.Chart) -> alt.LayerChart:
    """The map of the three regions (fields of ``cells``: a_pct, c_pct, scenario), each named where it lies, the
    traction line and the capacity line that bound them (labelled), and the reader's setting as an ink diamond
    (fields of ``point``: a_pct, c_pct, k_pct = capacity, t_pct = traction line)."""
    half = GRID_STEP / 2
    x = alt.X("x0:Q", title="Accommodation by established powers (0-100)", scale=alt.Scale(domain=[-half, 100 + half],
              nice=False), axis=alt.Axis(values=list(range(0, 101, 20))))
    y = alt.Y("y0:Q", title="Commitment to rules-based multilateralism (0-100)",
              scale=alt.Scale(domain=[-half, 100 + half], nice=False), axis=alt.Axis(values=list(range(0, 101, 20))))
    rect = cells.transform_calculate(x0=f"datum.a_pct - {half}", x1=f"datum.a_pct + {half}",
                                     y0=f"datum.c_pct - {half}", y1=f"datum.c_pct + {half}").mark_rect(
        stroke=colours.PAGE, strokeWidth=0.5).encode(
        x=x, x2="x1:Q", y=y, y2="y1:Q", color=_scenario_colour(),
        tooltip=[alt.Tooltip("a_pct:Q", title="accommodation"), alt.Tooltip("c_pct:Q", title="commitment"),
                 "scenario:N"],
    )
    names = cells.transform_aggregate(x0="mean(a_pct)", y0="mean(c_pct)", groupby=["scenario"]).mark_text(
        fontSize=13, fontWeight="bold", color=colours.INK).encode(x=x, y=y, text="scenario:N")
    bounds = point.transform_calculate(t0=f"datum.t_pct - {half}", k0=f"datum.k_pct - {half}", top=str(100 + half),
                                       left=str(-half), right=str(100 + half))
    traction = bounds.mark_rule(color=colours.INK, strokeWidth=2).encode(x="left:Q", x2="right:Q", y="t0:Q")
    capacity = bounds.mark_rule(color=colours.INK, strokeWidth=2, strokeDash=[4, 3]).encode(
        x="k0:Q", y="t0:Q", y2="top:Q")
    labels = bounds.transform_calculate(text="'traction line'").mark_text(
        align="right", baseline="bottom", dx=-2, dy=-2, fontSize=11, color=colours.INK).encode(
        x="right:Q", y="t0:Q", text="text:N")
    dot = point.transform_calculate(x0="datum.a_pct", y0="datum.c_pct").mark_point(
        shape="diamond", size=260, filled=True, color=colours.INK, stroke=colours.PAGE, strokeWidth=1.5).encode(
        x=x, y=y, tooltip=[alt.Tooltip("a_pct:Q", title="your accommodation"),
                           alt.Tooltip("c_pct:Q", title="your commitment")])
    return alt.layer(rect, names, traction, capacity, labels, dot).properties(
        width=320, height=320, title=alt.Title("Where your setting sits among all settings",
                                               subtitle="Solid: the traction line; dashed: rising powers' capacity"))


def _rules_text(chart: alt.Chart) -> alt.LayerChart:
    """The three rules, the one that fires marked and coloured (field ``fires``: the firing scenario's name)."""
    layers = []
    for i, (name, rule) in enumerate(sc.RULES.items()):
        layers.append(chart.transform_calculate(
            line=f"(datum.fires == {vega.string(name)} ? '\u25b6 ' : '    ') + {vega.string(rule)}").mark_text(
            align="left", baseline="top", fontSize=12).encode(
            text="line:N", x=alt.value(0), y=alt.value(4 + 22 * i), color=alt.value(colours.INK)))
    for i, (expr, weight) in enumerate([("'Your scenario: ' + datum.fires + '.'", "bold"),
                                        ("'For cyberspace: ' + datum.meaning", "normal")]):
        layers.append(chart.transform_calculate(line=expr).mark_text(
            align="left", baseline="top", fontSize=12, fontWeight=weight).encode(
            text="line:N", x=alt.value(0), y=alt.value(4 + 22 * (3 + i) + 8)))
    return alt.layer(*layers).properties(width=520, height=126,
                                         title="The model's rules (a model, not a measurement)")


_SCENARIO_DESCRIPTION = (
    "A map of Kahler's three scenarios under a teaching model: a grid of settings of accommodation (across) and "
    "commitment to multilateralism (up), coloured reform, disengagement or fragmentation for the reader's capacity "
    "and traction line, with a black diamond at the reader's setting; below, the model's three rules with the one "
    "that fires marked by an arrow.")


def kahler_scenarios() -> Explorer:
    """Kahler's scenarios as an explicit model: three drivers and a traction line -> reform, disengagement or
    fragmentation (see :mod:`cyberorder.scenarios` for the rules).

    Readouts: the scenario's number, how many points the setting is from a rule boundary, and the share
    of the map (accommodation x commitment, at the reader's capacity and traction line) in each scenario.
    """
    controls = [
        Slider("accommodation_pct", "Accommodation of rising powers (0-100)", 0, 100, 5, 30),
        Slider("commitment_pct", "Commitment to rules-based multilateralism (0-100)", 0, 100, 5, 60),
        Slider("capacity_pct", "Rising powers' capacity for their own institutions (0-100)", 0, 100, 5, 50),
        Slider("traction_pct", "Traction line: commitment multilateralism needs (0-100)", 0, 100, 5, 50),
    ]
    readouts = [
        Readout("number", "Scenario (1 reform, 2 disengagement, 3 fragmentation)", "d"),
        Readout("distance", "Points from the nearest rule boundary", ".0f"),
        *[Readout(f"share_{s.lower()}", f"Share of the map in {s.lower()}", ".1%") for s in sc.SCENARIOS],
    ]
    grid = pd.DataFrame([(a, c) for a in range(0, 101, GRID_STEP) for c in range(0, 101, GRID_STEP)],
                        columns=["a_pct", "c_pct"])

    def result(state: Mapping[str, Any]) -> sc.Scenario:
        return sc.scenario(state["accommodation_pct"] / 100, state["commitment_pct"] / 100,
                           state["capacity_pct"] / 100, state["traction_pct"] / 100)

    def model(state: Mapping[str, Any]) -> dict[str, float]:
        r = result(state)
        shares = sc.region_shares(state["capacity_pct"] / 100, state["traction_pct"] / 100, steps=100 // GRID_STEP)
        return {"number": r.number, "distance": round(100 * r.distance, 9),
                **{f"share_{s.lower()}": shares[s] for s in sc.SCENARIOS}}

    @lru_cache(maxsize=128)
    def regions(capacity_pct: float, traction_pct: float) -> tuple[str, ...]:
        """The scenario of every cell of the map: it depends only on capacity and the traction line."""
        k, t = capacity_pct / 100, traction_pct / 100
        return tuple(sc.scenario(a / 100, c / 100, k, t).name for a, c in zip(grid.a_pct, grid.c_pct, strict=True))

    # built once, as a spec: a callback only swaps the three small named datasets (building the rules' text
    # layers with Altair took most of a callback's time)
    frame = stack(_map(alt.Chart(alt.NamedData("cells")), alt.Chart(alt.NamedData("point"))),
                  _rules_text(alt.Chart(alt.NamedData("rules"))), description=_SCENARIO_DESCRIPTION)
    template = frame.to_dict()

    def live_chart(state: Mapping[str, Any]) -> dict[str, Any]:
        cells = [{"a_pct": a, "c_pct": c, "scenario": s} for a, c, s in
                 zip(grid.a_pct, grid.c_pct, regions(state["capacity_pct"], state["traction_pct"]), strict=True)]
        name = result(state).name
        return spec_with(template, {
            "cells": cells,
            "point": [{"a_pct": state["accommodation_pct"], "c_pct": state["commitment_pct"],
                       "k_pct": state["capacity_pct"], "t_pct": state["traction_pct"]}],
            "rules": [{"fires": name, "meaning": sc.CYBERSPACE[name]}],
        })

    def classify(a: str, c: str) -> str:
        """Vega expression of the rules, for accommodation ``a`` and commitment ``c`` (in points)."""
        return (f"({c} < traction_pct ? {vega.string(sc.DISENGAGEMENT)} : "
                f"({a} >= capacity_pct ? {vega.string(sc.REFORM)} : {vega.string(sc.FRAGMENTATION)}))")

    def twin(params: Sequence[alt.Parameter]) -> alt.TopLevelMixin:
        cells = alt.Chart(grid).transform_calculate(scenario=classify("datum.a_pct", "datum.c_pct"))
        one = pd.DataFrame({"row": [0]})
        number = (f"({classify('accommodation_pct', 'commitment_pct')} == {vega.string(sc.REFORM)} ? 1 : "
                  f"{classify('accommodation_pct', 'commitment_pct')} == {vega.string(sc.DISENGAGEMENT)} ? 2 : 3)")
        meaning = vega.choose("datum.fires", {s: sc.CYBERSPACE[s] for s in sc.SCENARIOS})
        setting = alt.Chart(one).transform_calculate(
            a_pct="accommodation_pct", c_pct="commitment_pct", k_pct="capacity_pct", t_pct="traction_pct",
            fires=classify("accommodation_pct", "commitment_pct"), number=number,
            distance="commitment_pct < traction_pct ? traction_pct - commitment_pct : "
                     "min(commitment_pct - traction_pct, abs(accommodation_pct - capacity_pct))",
        ).transform_calculate(meaning=meaning)
        lines = {"number": setting.transform_calculate(value="datum.number"),
                 "distance": setting.transform_calculate(value="datum.distance")}
        for s in sc.SCENARIOS:
            lines[f"share_{s.lower()}"] = (cells.transform_calculate(v=f"datum.scenario == {vega.string(s)} ? 1 : 0")
                                           .transform_aggregate(hits="sum(v)", n="count()")
                                           .transform_calculate(value="datum.hits / datum.n"))
        panel = readout_panel(readouts, lines, width=520)
        return stack(_map(cells, setting), _rules_text(setting), panel, description=_SCENARIO_DESCRIPTION)

    examples = [
        {"accommodation_pct": 70, "commitment_pct": 80, "capacity_pct": 40},
        {"commitment_pct": 30},
        {"accommodation_pct": 20, "commitment_pct": 75, "capacity_pct": 65},
        {"accommodation_pct": 50, "commitment_pct": 50, "capacity_pct": 50, "traction_pct": 50},
        {"accommodation_pct": 45, "commitment_pct": 90, "capacity_pct": 50, "traction_pct": 85},
        {"traction_pct": 0, "capacity_pct": 100, "accommodation_pct": 100},
    ]
    return Explorer(name="kahler_scenarios", title="Kahler's scenarios: a teaching model (not a measurement)",
                    controls=controls, readouts=readouts, model=model, live_chart=live_chart, twin=twin,
                    examples=examples)
