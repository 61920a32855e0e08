"""Chapter 2's figures: the powers' shares of the world over time, Freedom House's statuses, IMF quotas."""

from __future__ import annotations

import altair as alt
import pandas as pd

from cyberorder import colours, institutions, power, values
from cyberorder.data import load

__all__ = ["freedom_statuses", "quota_changes", "shares_over_time"]


def shares_over_time() -> alt.Chart:
    """Each power's share of world GDP and of world military spending, 1990-2019 (two panels)."""
    years, names = power.POWER_YEARS, power.POWERS
    frames = []
    for label, (table, value, world) in power.POWER_MEASURES.items():
        t = load(table)
        for year in years:
            s = power.shares_of_world(t, int(year), value=value, world=world)
            frames.append(pd.DataFrame({"measure": label, "year": int(year),
                                        "actor": [names[a] for a in s if a != power.REST_OF_WORLD],
                                        "share": [x for a, x in s.items() if a != power.REST_OF_WORLD]}))
    frame = pd.concat(frames, ignore_index=True)
    west = [names[a] for a in power.WEST_POWERS]
    gdp = frame[(frame.actor == names["CHN"]) & (frame.measure == next(iter(power.POWER_MEASURES)))].sort_values("year")
    china = gdp.share.tolist()
    frame["bloc"] = ["The West" if a in west else "Others" for a in frame.actor]
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d", values=[int(y) for y in years]),
              scale=alt.Scale(domain=[int(years[0]), int(years[-1]) + 12]))  # room for the names at the ends
    y = alt.Y("share:Q", title="Share of the world total (%)", axis=alt.Axis(format="%"))
    colour = alt.Color("bloc:N", title=None, scale=colours.scale("bloc", ["The West", "Others"]),
                       legend=alt.Legend(orient="bottom"))
    lines = alt.Chart().mark_line(point=True).encode(
        x=x, y=y, color=colour, detail="actor:N",
        tooltip=["measure:N", "actor:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("share:Q", format=".1%")])
    names = alt.Chart().transform_filter(f"datum.year == {int(years[-1])}").mark_text(
        align="left", dx=5, fontSize=10, color=colours.INK).encode(x=x, y=y, text="actor:N")  # text in ink: 4.5:1
    return alt.layer(lines, names, data=frame).properties(width=250, height=240).facet(
        column=alt.Column("measure:N", title=None)).properties(
        title=alt.Title(f"China's share of world GDP went from {china[0]:.0%} in {years[0]} to {china[-1]:.0%} in "
                        f"{years[-1]}", subtitle="Shares of world GDP and of world military spending; blue: the West "
                                                  "as the book first defines it (the explorer lets you change it)"),
        description="Two line charts, one for GDP at market exchange rates and one for military spending, of each "
                    "of eight powers' share of the world total in 1990, 2000, 2010 and 2019, each line named at its "
                    "end and coloured by whether the book's starting definition counts it as the West. The United "
                    "States leads military spending throughout; China's GDP share rises steeply.")


def freedom_statuses() -> alt.Chart:
    """Stacked areas: the share of countries rated Free, Partly Free and Not Free, by survey year."""
    table = values.status_shares(load("freedom_in_the_world_status"))
    long = pd.DataFrame({
        "survey_year": list(table.survey_year) * 3,
        "status": ["Free"] * len(table) + ["Partly Free"] * len(table) + ["Not Free"] * len(table),
        "share": [*table["Share Free"], *(1 - table["Share Free"] - table["Share Not Free"]), *table["Share Not Free"]],
    })
    order = ["Free", "Partly Free", "Not Free"]
    last = int(table.survey_year.max())
    x = alt.X("survey_year:Q", title="Year under review",
              axis=alt.Axis(format="d", values=list(range(1975, last + 1, 5))),
              scale=alt.Scale(domain=[int(table.survey_year.min()), last + 9], nice=False))  # room for the names
    colour = alt.Color("status:N", title="Freedom House status", sort=order, legend=None,
                       scale=colours.scale("freedom", order))
    areas = alt.Chart(long).mark_area().encode(
        x=x, y=alt.Y("share:Q", title="Share of the world's countries (%)", axis=alt.Axis(format="%"),
                     stack="normalize"),
        color=colour, order=alt.Order("status_order:Q"),
        tooltip=[alt.Tooltip("survey_year:Q", format="d", title="year"), "status:N",
                 alt.Tooltip("share:Q", format=".1%")],
    ).transform_calculate(status_order="indexof(['Free', 'Partly Free', 'Not Free'], datum.status)")
    # each band named at its right end, half-way up the band (the stack runs Free, Partly Free, Not Free upwards)
    ends = long[long.survey_year == last].set_index("status").share.reindex(order)
    middles = ends.cumsum() - ends / 2
    names = alt.Chart(pd.DataFrame({"survey_year": last, "status": order, "middle": middles.to_numpy(),
                                    "label": [f"{s} ({v:.0%})" for s, v in ends.items()]})).mark_text(
        align="left", dx=5, fontSize=11, color=colours.INK).encode(x=x, y=alt.Y("middle:Q"), text="label:N")
    return alt.layer(areas, names).properties(
        width=480, height=260, title="Free, Partly Free and Not Free countries, 1972-2023",
        description="Stacked area chart of the share of the world's countries that Freedom House rated Free, Partly "
                    "Free and Not Free in each year under review from 1972 to 2023, each band named at its end. The "
                    "Free band widens until the mid-2000s and then narrows slightly.")


def quota_changes() -> alt.Chart:
    """Dumbbells: each top-20 member's IMF quota share before and after the 14th General Review."""
    table = load("imf_quota_shares")
    wide = table.pivot(index=["iso3", "member"], columns="period", values="quota_share_pct").reset_index()
    long = table.assign(share=table.quota_share_pct / 100,
                        when=table.period.map(institutions.PERIOD_NAMES))[["member", "share", "when"]]
    order = list(wide.sort_values("after_14th_review", ascending=False, na_position="last").member)
    base = alt.Chart(long).encode(y=alt.Y("member:N", title=None, sort=order))
    lines = base.mark_line(color=colours.OTHER).encode(x="share:Q", detail="member:N")
    dots = base.mark_point(filled=True, size=60).encode(
        x=alt.X("share:Q", title="Share of IMF quotas (%)", axis=alt.Axis(format="%")),
        color=alt.Color("when:N", title=None, sort=list(institutions.PERIOD_NAMES.values()),
                        scale=alt.Scale(range=[colours.OTHER, colours.INK]), legend=alt.Legend(orient="bottom")),
        tooltip=["member:N", "when:N", alt.Tooltip("share:Q", format=".3%")])
    return alt.layer(lines, dots).properties(
        width=420, height=380, title="IMF quota shares before and after the 2010 reform",
        description="Dot plot of the IMF quota shares of the 20 largest members before and after the 14th General "
                    "Review of Quotas, joined by a line for each member. China, Brazil, India and others gain; most "
                    "European members, Saudi Arabia and the United States lose a little.")
