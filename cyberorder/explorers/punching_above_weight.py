"""Chapter 3's explorer: who punches above their weight (cyber-power share minus GDP share)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd

from cyberorder import colours, cyberpower, vega
from cyberorder.data import load
from cyberorder.explorer import Choice, Explorer, Readout, readout_panel, spec_with, stack

__all__ = ["IN_VIEW", "PUNCH_ROLES", "punching_above_weight"]


# -- 1b. who punches above their weight -------------------------------------------------------------

IN_VIEW = ("Estonia", "Singapore", "Israel", "Netherlands")
"""The small and middle powers kept in view: the article names Estonia, Singapore and Israel; the issue adds the
Netherlands, fifth in the NCPI 2020."""

_PUNCH_DESCRIPTION = ("Two charts of the countries ranked by the NCPI 2020 that have a 2019 GDP figure. Left: bars of "
                      "each country's share of the summed cyber-power scores (on the measure chosen) minus its share "
                      "of the same countries' summed GDP; bars to the right punch above their weight. Right: each "
                      "country's cyber-power rank against its GDP rank, with a dashed line where the two are equal; "
                      "points above the line punch above their weight. The highlighted country and Estonia, "
                      "Singapore, Israel and the Netherlands are coloured and named.")



PUNCH_ROLES = ["Highlighted", "In view", "Other"]


def _punch_fill() -> alt.Fill:
    """The highlighted country in ink, the countries in view in grey, the others hollow (a grey outline)."""
    return alt.Fill("role:N", title=None, legend=alt.Legend(orient="bottom"),
                    scale=alt.Scale(domain=PUNCH_ROLES, range=[colours.INK, colours.OTHER, colours.PAGE]))


def _punch_stroke() -> alt.Stroke:
    return alt.Stroke("role:N", title=None, legend=alt.Legend(orient="bottom"),
                      scale=alt.Scale(domain=PUNCH_ROLES, range=[colours.INK, colours.OTHER, colours.OTHER]))


def _diagonal(n: int) -> pd.DataFrame:
    """The two ends of the line where cyber rank equals GDP rank, for ``n`` countries."""
    return pd.DataFrame({"gdp_rank": [0, n + 1], "cyber_rank": [0, n + 1]})


def _punch_view(chart: alt.Chart, diagonal: alt.Chart, n: int) -> alt.VConcatChart:
    """Bars of share gaps and a scatter of ranks (fields: country, gap, cyber_share, gdp_share, cyber_rank,
    gdp_rank, role) for ``n`` countries compared; ``diagonal`` holds :func:`_diagonal`."""
    chart = chart.transform_calculate(gap_pp="datum.gap * 100")  # the gap in percentage points, for the tooltip
    tooltip = ["country:N", alt.Tooltip("cyber_share:Q", format=".2%", title="share of cyber power"),
               alt.Tooltip("gdp_share:Q", format=".2%", title="share of GDP"),
               alt.Tooltip("gap_pp:Q", format="+.2f", title="share gap (percentage points)"),
               alt.Tooltip("cyber_rank:Q", title="cyber rank"), alt.Tooltip("gdp_rank:Q", title="GDP rank")]
    bars = chart.mark_bar(strokeWidth=1).encode(
        x=alt.X("gap:Q", title="Cyber-power share minus GDP share (percentage points)",
                axis=alt.Axis(labelExpr=vega.format_number("datum.value", "+.0pp"))),
        y=alt.Y("country:N", title=None, sort="-x"),
        fill=_punch_fill(), stroke=_punch_stroke(), tooltip=tooltip,
    ).properties(width=300, height=alt.Step(13), title="Shares: cyber power minus GDP")
    ranks = alt.Scale(domain=[n + 1, 0], nice=False)
    line = diagonal.mark_line(color=colours.OTHER, strokeDash=[4, 4]).encode(
        x=alt.X("gdp_rank:Q", scale=ranks), y=alt.Y("cyber_rank:Q", scale=ranks))
    dots = chart.mark_circle(size=70, strokeWidth=1.5).encode(
        x=alt.X("gdp_rank:Q", title="GDP rank among the countries compared (1 = largest)", scale=ranks),
        y=alt.Y("cyber_rank:Q", title="Cyber-power rank (1 = strongest)", scale=ranks),
        fill=_punch_fill(), stroke=_punch_stroke(), tooltip=tooltip)
    names = chart.transform_filter("datum.role != 'Other'").mark_text(align="left", dx=6, fontSize=11).encode(
        x=alt.X("gdp_rank:Q", scale=ranks), y=alt.Y("cyber_rank:Q", scale=ranks), text="country:N")
    scatter = alt.layer(line, dots, names).properties(
        width=300, height=300, title="Ranks: above the dashed line, above its weight")
    return alt.vconcat(bars, scatter)  # stacked: fits a phone, and leaves room for the controls beside it


def punching_above_weight() -> Explorer:
    """Who punches above their weight: cyber-power share minus GDP share, among the NCPI's ranked countries.

    The model is :func:`cyberorder.cyberpower.measure_scores` (the measure the reader picks: overall score,
    capability, intent or one objective) and :func:`cyberorder.cyberpower.punching_above_weight` with the
    2019 GDP of :func:`cyberorder.cyberpower.gdp_by_country`; North Korea (unranked) and any ranked country
    without a GDP figure are listed as left out, never dropped silently.
    """
    table = load("ncpi_2020_scores")
    gdp = cyberpower.gdp_by_country()
    compared = tuple(c for c in table.country if c in gdp)
    column_of = {label: column for column, label in cyberpower.NCPI_MEASURES.items()}

    def comparison(state: Mapping[str, Any]) -> cyberpower.WeightComparison:
        scores = cyberpower.measure_scores(table, column_of[state["measure"]])
        return cyberpower.punching_above_weight(scores, gdp, cyberpower.UNRANKED_2020)

    left_out = "; ".join(f"{c} ({why})" for c, why in comparison(
        {"measure": cyberpower.NCPI_MEASURES["ncpi_total"]}).excluded.items()) or "none"
    controls = [Choice("measure", "Cyber power measured by", tuple(column_of), cyberpower.NCPI_MEASURES["ncpi_total"]),
                Choice("highlighted", "Highlight", compared, "Estonia")]
    readouts = [
        Readout("compared", "Countries compared", "d"),
        Readout("left_out", "Left out", ""),
        Readout("cyber_share", "Highlighted country's share of cyber power", ".2%"),
        Readout("gdp_share", "Its share of GDP (2019)", ".2%"),
        Readout("gap", "Its cyber share minus GDP share", "+.2pp"),
        Readout("cyber_rank", "Its cyber-power rank", "d"),
        Readout("gdp_rank", "Its GDP rank", "d"),
        Readout("rank_gap", "Its GDP rank minus cyber rank", "+d"),
        Readout("most_above", "Furthest above its weight", ""),
        Readout("most_below", "Furthest below its weight", ""),
        Readout("above", "Countries above their weight (gap > 0)", "d"),
    ]

    def model(state: Mapping[str, Any]) -> dict[str, Any]:
        result = comparison(state)
        w = result.of(state["highlighted"])
        order = result.ranked_by_gap()
        below = min(result.countries.values(), key=lambda x: (x.gap, x.country))
        return {"compared": len(result.countries), "left_out": left_out, "cyber_share": w.cyber_share,
                "gdp_share": w.gdp_share, "gap": w.gap, "cyber_rank": w.cyber_rank, "gdp_rank": w.gdp_rank,
                "rank_gap": w.rank_gap, "most_above": order[0].country, "most_below": below.country,
                "above": sum(1 for x in order if x.gap > 0)}

    def role(country: str, state: Mapping[str, Any]) -> str:
        return "Highlighted" if country == state["highlighted"] else "In view" if country in IN_VIEW else "Other"

    # built once, as a spec: a callback only fills in the rows
    frame = _punch_view(alt.Chart(alt.NamedData("weights")), alt.Chart(alt.NamedData("diagonal")),
                        len(compared)).properties(description=_PUNCH_DESCRIPTION).to_dict()
    diagonal = _diagonal(len(compared)).to_dict("records")

    def live_chart(state: Mapping[str, Any]) -> dict[str, Any]:
        result = comparison(state)
        rows = [{"country": w.country, "gap": w.gap, "cyber_share": w.cyber_share, "gdp_share": w.gdp_share,
                 "cyber_rank": w.cyber_rank, "gdp_rank": w.gdp_rank, "role": role(w.country, state)}
                for w in result.countries.values()]
        return spec_with(frame, {"weights": rows, "diagonal": diagonal})

    def twin(params: Sequence[alt.Parameter]) -> alt.TopLevelMixin:
        rows = table.loc[table.country.isin(compared), ["country", *cyberpower.NCPI_MEASURES]].assign(
            gdp=[gdp[c] for c in table.country if c in gdp])
        pick = "".join(f"measure == {vega.string(label)} ? datum[{vega.string(column)}] : "
                       for label, column in column_of.items()) + "0"
        base = (alt.Chart(rows)
                .transform_calculate(score=pick)
                .transform_joinaggregate(total_score="sum(score)", total_gdp="sum(gdp)")
                .transform_calculate(cyber_share="datum.score / datum.total_score",
                                     gdp_share="datum.gdp / datum.total_gdp")
                .transform_calculate(gap="datum.cyber_share - datum.gdp_share")
                .transform_window(cyber_rank="row_number()", sort=[alt.SortField("score", order="descending"),
                                                                   alt.SortField("country", order="ascending")])
                .transform_window(gdp_rank="row_number()", sort=[alt.SortField("gdp", order="descending"),
                                                                 alt.SortField("country", order="ascending")])
                .transform_window(above_rank="row_number()", sort=[alt.SortField("gap", order="descending"),
                                                                   alt.SortField("country", order="ascending")])
                .transform_window(below_rank="row_number()", sort=[alt.SortField("gap", order="ascending"),
                                                                   alt.SortField("country", order="ascending")]))
        stats = base.transform_calculate(up="datum.gap > 0 ? 1 : 0").transform_aggregate(n="count()", up="sum(up)")
        chosen = base.transform_filter("datum.country == highlighted")
        fields = ["cyber_share", "gdp_share", "gap", "cyber_rank", "gdp_rank"]
        panel = readout_panel(readouts, {
            "compared": stats.transform_calculate(value="datum.n"),
            "left_out": stats.transform_calculate(value=vega.string(left_out)),
            **{f: chosen.transform_calculate(value=f"datum.{f}") for f in fields},
            "rank_gap": chosen.transform_calculate(value="datum.gdp_rank - datum.cyber_rank"),
            "most_above": base.transform_filter("datum.above_rank == 1").transform_calculate(value="datum.country"),
            "most_below": base.transform_filter("datum.below_rank == 1").transform_calculate(value="datum.country"),
            "above": stats.transform_calculate(value="datum.up"),
        }, texts=('left_out', 'most_above', 'most_below'), width=640)
        in_view = " || ".join(f"datum.country == {vega.string(c)}" for c in IN_VIEW)
        view = _punch_view(base.transform_calculate(
            role=f"datum.country == highlighted ? 'Highlighted' : ({in_view} ? 'In view' : 'Other')"),
            alt.Chart(_diagonal(len(rows))), len(rows))
        return stack(panel, view, description=_PUNCH_DESCRIPTION)

    examples = [
        {"highlighted": "Singapore"},
        {"measure": cyberpower.NCPI_MEASURES["capability_score"], "highlighted": "Israel"},
        {"measure": cyberpower.NCPI_MEASURES["intent_score"], "highlighted": "Netherlands"},
        {"measure": cyberpower.NCPI_MEASURES["obj_surveillance"], "highlighted": "China"},
        {"measure": cyberpower.NCPI_MEASURES["obj_commercial"], "highlighted": "United States"},
    ]
    return Explorer(name="punching_above_weight", title="Who punches above their weight? Cyber power against GDP",
                    controls=controls, readouts=readouts, model=model, live_chart=live_chart, twin=twin,
                    examples=examples)
