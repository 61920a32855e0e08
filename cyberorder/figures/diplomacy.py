"""Chapter 4's figures: the GGEs and their reports, first national strategies, forums by model."""

from __future__ import annotations

import altair as alt
import pandas as pd

from cyberorder import colours, history
from cyberorder.data import load

__all__ = ["forums_chart", "gge_timeline", "strategies_by_year"]


def gge_timeline(gges: pd.DataFrame) -> alt.LayerChart:
    """The six GGEs as bars from first to last year, coloured by whether they agreed a consensus report."""
    table = gges[["gge", "first_year", "last_year", "members", "consensus_report", "report_symbol"]].assign(
        outcome=gges.consensus_report.map({True: "Consensus report", False: "No consensus"}),
        end=gges.last_year + 1,
        label=[f"{s}" if s else "no report" for s in gges.report_symbol.fillna("")],
        size=[f"{int(m)} members" if pd.notna(m) else "size not verified" for m in gges.members],
    )
    base = alt.Chart(table).encode(y=alt.Y("gge:N", title="Group", sort=list(table.gge)))
    bars = base.mark_bar(height=16).encode(
        x=alt.X("first_year:Q", title="Year", scale=alt.Scale(domain=[2003, 2023]), axis=alt.Axis(format="d")),
        x2="end:Q",
        color=alt.Color("outcome:N", title=None, scale=alt.Scale(domain=["Consensus report", "No consensus"],
                                                                 range=list(colours.KEY["gge outcome"].values())),
                        legend=alt.Legend(orient="bottom")),
        tooltip=["gge:N", "outcome:N", "label:N", "size:N"],
    )
    text = base.mark_text(align="left", dx=4).encode(x="end:Q", text="label:N")
    return alt.layer(bars, text).properties(
        width=480, height=200, title="Six UN GGEs on ICTs and international security",
        description="Timeline of the six UN Groups of Governmental Experts from 2004 to 2021. The groups of "
                    "2004-05 and 2016-17 ended without a consensus report; those of 2009-10, 2012-13, 2014-15 and "
                    "2019-21 agreed reports A/65/201, A/68/98, A/70/174 and A/76/135.")


def strategies_by_year(by_year: pd.DataFrame) -> alt.VConcatChart:
    """First national cybersecurity strategies: the running total above, the adoptions of each year below.

    Two panels on one time axis instead of two y-axes on one panel; a labelled line at 2010 marks where the
    article dates the start of cyber diplomacy ("starting essentially in the early 2010s"), so the reader can see
    how much of the curve lies after it."""
    first, last = int(by_year.year.min()), int(by_year.year.max())
    years = alt.X("year:Q", title="Year", axis=alt.Axis(format="d"), scale=alt.Scale(domain=[first - 0.5, last + 0.5]))
    base = alt.Chart(by_year)
    total = base.mark_line(color=colours.INK, point=alt.OverlayMarkDef(color=colours.INK)).encode(
        x=years, y=alt.Y("cumulative:Q", title="Countries with one"),
        tooltip=[alt.Tooltip("year:Q", format="d"), alt.Tooltip("cumulative:Q", title="countries with one")])
    start = alt.Chart(pd.DataFrame({"year": [2010], "label": ["article: the early 2010s"]}))
    rule = start.mark_rule(strokeDash=[4, 3], color=colours.INK).encode(x=years)
    label = start.mark_text(align="left", baseline="top", dx=4, dy=2, fontSize=11, color=colours.INK).encode(
        x=years, y=alt.value(0), text="label:N")
    bars = base.mark_bar(color=colours.OTHER).encode(
        x=years, y=alt.Y("new:Q", title="First adopted"),
        tooltip=[alt.Tooltip("year:Q", format="d"), alt.Tooltip("new:Q", title="first strategies")])
    return alt.vconcat(
        alt.layer(total, rule, label).properties(width=520, height=170),
        bars.properties(width=520, height=110),
    ).properties(
        title=alt.Title("Most countries adopted their first cybersecurity strategy from 2010 on",
                        subtitle="Above: countries with a national strategy; below: first adoptions each year"),
        description=f"Two charts on one time axis, {first} to {last}: above, the running total of countries with "
                    f"a national cybersecurity strategy, which passes 100 countries in 2018; below, bars of how "
                    f"many adopted their first strategy each year. A dashed line at 2010 marks the article's "
                    f"'early 2010s'.")


def forums_chart(forums: pd.DataFrame | None = None, *, since: int = 1995) -> alt.Chart:
    """Stacked bars: how many forums of each governance model had been founded by the end of each year.

    ``forums`` is the data package's ``forums`` table (loaded when omitted); the counts come from
    :func:`cyberorder.history.forums_by_year`. The bars start in ``since``; forums founded earlier
    (the ITU, 1865, in the book's table) are counted in every bar, and the chart's subtitle names them.
    """
    forums = load("forums") if forums is None else forums
    by_year = history.forums_by_year(forums)
    last = int(by_year.year.max())
    if not by_year.year.min() <= since <= last:
        raise ValueError(f"since must lie between the first founding ({int(by_year.year.min())}) and the last "
                         f"({last}); got {since!r}")
    shown = by_year[by_year.year >= since]
    earlier = forums[forums.founded < since]
    label = forums.short_name if "short_name" in forums.columns else forums.forum
    subtitle = ("Running total by the end of each year" if earlier.empty else
                "Running total by the end of each year; counted from the start: "
                + ", ".join(f"{label[i]} ({int(earlier.founded[i])})" for i in earlier.index))
    totals = shown[shown.year == last].set_index("model").cumulative
    summary = ", ".join(f"{int(totals[m])} {m}" for m in history.FORUM_MODELS if totals[m])
    # one small panel per model on a shared scale: the models are compared by height, not told apart by hue
    return alt.Chart(shown).mark_area(color=colours.OTHER, interpolate="step-after").encode(
        x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d"), scale=alt.Scale(domain=[since, last])),
        y=alt.Y("cumulative:Q", title=None, axis=alt.Axis(tickCount=3)),
        tooltip=[alt.Tooltip("year:Q", format="d"), "model:N", alt.Tooltip("new:Q", title="founded this year"),
                 alt.Tooltip("cumulative:Q", title="founded so far")],
    ).properties(width=520, height=48).facet(
        row=alt.Row("model:N", title=None, sort=list(history.FORUM_MODELS),
                    header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start", labelOrient="top",
                                      labelFontSize=12)),
        spacing=6,
    ).properties(
        title=alt.Title("Forums founded so far, by governance model", subtitle=subtitle),
        description=f"Five small step charts, one per governance model, of the running total of forums founded "
                    f"by the end of each year from {since} to {last}, from the book's table of {len(forums)} forums, "
                    f"on a shared scale. By {last} the table counts {summary}.",
    )
