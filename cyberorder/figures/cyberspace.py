"""Chapter 3's figures: the NCPI ranking, the population online, the Budapest Convention's Parties."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from cyberorder import colours
from cyberorder.data import load

__all__ = ["budapest_chart", "budapest_dates", "internet_use_chart", "ncpi_chart"]


def ncpi_chart() -> alt.Chart:
    """Bars of the NCPI 2020 overall score, each labelled with the tier the IISS gave the state in 2021.

    The tier is an ordered judgement, not a side of the argument, so it is written at the bar's end rather than
    given a hue of the book's key; states the IISS did not assess carry no label."""
    table = load("ncpi_2020_scores")
    tiers = load("iiss_2021_cyber_tiers").set_index("iso3").tier
    frame = table[["country", "iso3", "ncpi_total"]].assign(
        iiss=[f"IISS tier {tiers[i]}" if i in tiers.index else "" for i in table.iso3])
    base = alt.Chart(frame).encode(y=alt.Y("country:N", title=None, sort="-x"))
    bars = base.mark_bar(color=colours.OTHER).encode(
        x=alt.X("ncpi_total:Q", title="NCPI 2020 overall score (0-100)"),
        tooltip=["country:N", alt.Tooltip("ncpi_total:Q", format=".2f"),
                 alt.Tooltip("iiss:N", title="IISS 2021 (blank: not assessed)")],
    )
    labels = base.mark_text(align="left", dx=4, fontSize=10, color=colours.INK).encode(
        x="ncpi_total:Q", text="iiss:N")
    return alt.layer(bars, labels).properties(
        width=420, height=alt.Step(13),
        title=alt.Title("National Cyber Power Index 2020",
                        subtitle="Labels: the tier the IISS gave the state in 2021, where it assessed it"),
        description="Horizontal bar chart of the 29 countries ranked by the Belfer National Cyber Power Index 2020, "
                    "from the United States (50.2) down to Egypt (4.3); each bar is labelled with the tier the IISS "
                    "gave the state in 2021 where it assessed it.")


def internet_use_chart(countries: Sequence[str] = ("KOR", "USA", "JPN", "GBR", "CHN", "IND", "BHR", "QAT",
                                                   "WLD")) -> alt.FacetChart:
    """Small multiples of the share of the population online: one panel per country (codes), the world repeated
    in each as a grey reference line, panels ordered by the latest share.

    Nine lines on one panel needed nine hues and a legend; in small multiples each country is read against the
    world on its own, South Korea (the article's 'most connected country') is found by its panel's name, and the
    takeaway title says where it ranks among the countries shown."""
    use = load("internet_use_share")
    unknown = sorted(set(countries) - set(use.code))
    if unknown:
        raise ValueError(f"no internet-use data for {unknown}; available: {sorted(set(use.code))}")
    columns = ["code", "country", "year", "pct_population_online"]  # no source URLs inline
    shown = use.loc[use.code.isin(countries) & (use.code != "WLD"), columns]
    world = use.loc[use.code == "WLD", ["year", "pct_population_online"]]
    latest = int(shown.year.max())
    order = list(shown[shown.year == latest].sort_values("pct_population_online", ascending=False).country)
    frames = [shown.assign(panel=shown.country, series="the country")]
    if "WLD" in countries:
        frames += [world.assign(panel=c, series="the world") for c in order]
    frame = pd.concat(frames, ignore_index=True)[["panel", "series", "year", "pct_population_online"]]
    title = "Share of the population online"
    if "KOR" in countries:
        korea = float(shown[(shown.code == "KOR") & (shown.year == 2016)].pct_population_online.iloc[0])
        ahead = int((shown[(shown.year == 2016) & (shown.code != "KOR")].pct_population_online > korea).sum())
        title = (f"In 2016, {ahead} of the {len(order) - 1} other countries shown had more of their people online "
                 f"than South Korea ({korea:.1f}%)")
    return alt.Chart(frame).mark_line(point=alt.OverlayMarkDef(size=20)).encode(
        x=alt.X("year:Q", title=None, axis=alt.Axis(format="d", values=[2005, 2010, 2019])),
        y=alt.Y("pct_population_online:Q", title="Online (%)", scale=alt.Scale(domain=[0, 100]),
                axis=alt.Axis(tickCount=3)),
        color=alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(domain=["the country", "the world"], range=[colours.INK, colours.OTHER])),
        tooltip=["panel:N", "series:N", alt.Tooltip("year:Q", format="d"),
                 alt.Tooltip("pct_population_online:Q", format=".1f", title="online (%)")],
    ).properties(width=120, height=80).facet(
        facet=alt.Facet("panel:N", title=None, sort=order, header=alt.Header(labelFontSize=12, labelFontWeight="bold")),
        columns=4, spacing=10,
    ).properties(
        title=alt.Title(title, subtitle=f"Panels ordered by the share online in {latest}; grey: the world"),
        description="Small multiples, one per country, of the share of the population using the internet, "
                    f"2005 to {latest}, each with the world's share as a grey line: "
                    + ", ".join(f"{c} {v:.0f}%" for c, v in shown[shown.year == latest].set_index("country")
                                .loc[order].pct_population_online.items())
                    + f" in {latest}.")


def budapest_dates(parties: pd.DataFrame) -> pd.DataFrame:
    """The count of Parties at each date the sources give, placed on a time axis without inventing precision.

    A source that gives a month ('2015-09') is drawn at the middle of that month; one that gives only a year
    ('2023') spans the whole year (``start`` to ``end``), with its point at mid-year. ``when`` says which."""
    rows = []
    for as_of, count, confidence in zip(parties.as_of, parties.parties, parties.confidence, strict=True):
        text = str(as_of)
        if len(text) == 7:  # YYYY-MM
            middle = pd.Timestamp(f"{text}-15")
            rows.append({"date": middle, "start": middle, "end": middle, "when": middle.strftime("%B %Y")})
        elif len(text) == 4:  # YYYY: the month is not given
            rows.append({"date": pd.Timestamp(f"{text}-07-01"), "start": pd.Timestamp(f"{text}-01-01"),
                         "end": pd.Timestamp(f"{text}-12-31"), "when": f"{text} (month not given)"})
        else:
            raise ValueError(f"budapest_convention_parties: as_of must be YYYY or YYYY-MM; got {text!r}")
        rows[-1] |= {"parties": int(count), "confidence": f"{confidence} confidence"}
    frame = pd.DataFrame(rows)
    for column in ("date", "start", "end"):
        frame[column] = frame[column].dt.strftime("%Y-%m-%d")
    return frame


def budapest_chart() -> alt.LayerChart:
    """The number of Parties to the Budapest Convention at the dates the sources give, on a true time axis.

    Confidence in the source is shown by fill (filled: high, hollow: medium), not by a new hue; a year given
    without a month is drawn as a span across that year; the latest count is labelled at the line's end."""
    frame = budapest_dates(load("budapest_convention_parties"))  # no source URLs inline
    first, latest = frame.iloc[0], frame.iloc[-1]
    x = alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount={"interval": "year", "step": 1}),
              scale=alt.Scale(domain=["2015-01-01", "2026-06-30"]))
    y = alt.Y("parties:Q", title="States Parties", scale=alt.Scale(domain=[0, 80]))
    base = alt.Chart(frame)
    tooltip = [alt.Tooltip("when:N", title="as of"), "parties:Q", alt.Tooltip("confidence:N", title="source")]
    line = base.mark_line(color=colours.OTHER, strokeDash=[2, 2]).encode(x=x, y=y)
    spans = base.transform_filter("datum.start != datum.end").mark_rule(color=colours.INK, strokeWidth=2).encode(
        x="start:T", x2="end:T", y=y, tooltip=tooltip)
    points = base.mark_point(size=70, strokeWidth=2, opacity=1, color=colours.INK).encode(
        x=x, y=y, tooltip=tooltip,
        fill=alt.Fill("confidence:N", title="Source", legend=alt.Legend(orient="bottom"),
                      scale=alt.Scale(domain=["high confidence", "medium confidence"],
                                      range=[colours.INK, colours.PAGE])))
    ends = alt.Chart(frame.tail(1)).mark_text(align="left", dx=8, fontSize=11, color=colours.INK).encode(
        x=x, y=y, text=alt.value(f"{latest.parties} Parties, {latest.when}"))
    spans_label = base.transform_filter("datum.start != datum.end").mark_text(
        align="center", dy=14, fontSize=10, color=colours.INK).encode(x=x, y=y, text="when:N")
    return alt.layer(line, spans, spans_label, points, ends).properties(
        width=460, height=220,
        title=f"Parties to the Budapest Convention: {first.parties} in {first.when[-4:]}, "
              f"{latest.parties} in {latest.when[-4:]}",
        description="Chart of the number of states Parties to the Budapest Convention on Cybercrime on a time axis: "
                    + ", ".join(f"{r.parties} as of {r.when}" for r in frame.itertuples())
                    + ". Filled points come from high-confidence sources, hollow ones from medium-confidence "
                      "sources; the 2023 count, given without a month, spans the year.")
