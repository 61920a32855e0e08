"""Chapter 1's figure: where the internet's users are, continent by continent, year by year."""

from __future__ import annotations

import altair as alt
import pandas as pd

from cyberorder import colours, power
from cyberorder.claimsets.ch1_introduction import ARTICLE_ASIA_SHARES

__all__ = ["user_shares_over_time"]


def user_shares_over_time(users: pd.DataFrame) -> alt.LayerChart:
    """Each continent's share of the world's internet users, year by year, with the article's figures for Asia.

    Lines are coloured by the book's starting blocs (the West's continents blue, the rest reddish purple, users
    no source attributes grey) and named at their ends instead of in a legend; Asia, the article's subject, is
    drawn thicker, and the article's two figures (34% in 2005, "just above 50%" in 2016) sit on the data as
    labelled ink diamonds, so the claim and the evidence are read in one glance."""
    table = power.users_with_remainder(users)
    table = table.assign(share=table.internet_users / table.world_internet_users,
                         bloc=["West" if r in power.WEST_CONTINENTS else power.NOT_ATTRIBUTED
                               if r == power.NOT_ATTRIBUTED else "Rest" for r in table.region],
                         asia=table.region == "Asia")[["region", "year", "share", "bloc", "asia"]]
    last = int(table.year.max())
    first = int(table.year.min())
    years = alt.X("year:Q", title="Year", axis=alt.Axis(format="d", values=list(range(first, last + 1, 2))),
                  scale=alt.Scale(domain=[first, last + 4]))  # room for the end labels
    share = alt.Y("share:Q", title="Share of the world's internet users (%)", axis=alt.Axis(format="%"))
    colour = alt.Color("bloc:N", title=None, legend=None, scale=colours.scale("bloc", ["West", "Rest",
                                                                                         power.NOT_ATTRIBUTED]))
    base = alt.Chart(table)
    lines = base.mark_line(point=True).encode(
        x=years, y=share, color=colour, detail="region:N",
        strokeWidth=alt.condition("datum.asia", alt.value(3.5), alt.value(1.5)),
        tooltip=["region:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("share:Q", format=".1%")])
    ends = base.transform_filter(f"datum.year == {last}").mark_text(  # names in ink: text needs 4.5:1
        align="left", dx=6, fontSize=11, color=colours.INK).encode(x=years, y=share, text="region:N")
    article = alt.Chart(pd.DataFrame([{"year": y, "share": v, "label": f"article: {words}"}
                                      for y, (v, words) in ARTICLE_ASIA_SHARES.items()]))
    marks = article.mark_point(shape="diamond", size=110, filled=False, strokeWidth=2, color=colours.INK).encode(
        x=years, y=share, tooltip=["label:N"])
    notes = article.mark_text(align="left", dx=8, dy=14, fontSize=11, color=colours.INK).encode(
        x=years, y=share, text="label:N")
    return alt.layer(lines, ends, marks, notes).properties(
        width=520, height=300,
        title=alt.Title("Asia went from a third of the world's internet users to half",
                        subtitle="Blue: the West's continents; purple: the rest; diamonds: the article's figures"),
        description="Line chart of each continent's share of the world's internet users, 2005 to 2019, each line "
                    "named at its end. Asia's line rises from about a third to more than half, passing the "
                    "article's two figures (34% in 2005, just above 50% in 2016), drawn as diamonds; Europe's and "
                    "North America's fall.",
    )
