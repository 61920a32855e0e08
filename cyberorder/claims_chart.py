"""The claims appendix as a picture: every number the article gives, beside the number the book found for it.

One row per :class:`cyberorder.claim.Figure` of the registry, in three panels by unit (shares, counts, years: the
scales cannot be shared). The article's figure is a grey ring, the book's a black mark whose shape says the claim's
verdict, joined by a grey segment whose length is the gap. Verdicts are told by shape and named in the legend and
the tooltip, not by hue: they are not sides of the argument (see :mod:`cyberorder.colours`). Every mark links to its
claim's card on the appendix page (``#claim-<id>``) and names the page where the claim is computed.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from cyberorder import colours
from cyberorder.claim import FIGURE_UNITS, VERDICTS

__all__ = ["VERDICT_SHAPES", "claims_dot_plot", "figures_table", "without_figures"]

VERDICT_SHAPES = {
    "holds": "circle",
    "does not hold": "cross",
    "not shown by this measure": "diamond",
    "depends on the measure": "triangle-up",
    "sourced": "square",
    "attributed": "triangle-down",
}
"""The mark of the book's figure for each verdict of :data:`cyberorder.claim.VERDICTS`."""

PANELS = {"share": ("Shares", alt.Axis(format="%"), [0, 1]),
          "count": ("Counts", alt.Axis(format="d"), [0, 40]),
          "year": ("Years", alt.Axis(format="d"), [1995, 2020])}
"""Each unit's panel: its title, axis and domain."""


def figures_table(results: list | None = None) -> pd.DataFrame:
    """One row per figure of the registry: claim id, what, unit, the article's and the book's number, the verdict,
    the card it links to and the page where the claim is computed."""
    from cyberorder import claims

    results = claims.check_all() if results is None else results
    rows = [{"id": claim.id, "what": fig.what, "unit": fig.unit, "article": float(fig.article),
             "data": float(fig.data), "verdict": claim.verdict(found), "href": f"#claim-{claim.id}",
             "computed in": claim.where.partition("#")[0] or claim.where}
            for claim, found in results for fig in found.figures]
    return pd.DataFrame(rows, columns=["id", "what", "unit", "article", "data", "verdict", "href", "computed in"])


def without_figures(results: list | None = None) -> list[str]:
    """The ids of the claims whose article gives no number to plot (listed beside the chart, not dropped)."""
    from cyberorder import claims

    results = claims.check_all() if results is None else results
    return [claim.id for claim, found in results if not found.figures]


def _panel(rows: pd.DataFrame, unit: str) -> alt.LayerChart:
    """One unit's dot plot: segment, article's ring and the book's mark for each figure."""
    title, axis, domain = PANELS[unit]
    x = alt.X("article:Q", title=None, axis=axis, scale=alt.Scale(domain=domain))
    y = alt.Y("what:N", title=None, sort=list(rows.what), axis=alt.Axis(labelLimit=330))
    tooltip = ["what:N", alt.Tooltip("article:Q", title="the article", format=".3~r"),
               alt.Tooltip("data:Q", title="the book", format=".3~r"), "verdict:N", "computed in:N"]
    base = alt.Chart(rows)
    gap = base.transform_fold(["article", "data"], as_=["who", "value"]).mark_line(
        color=colours.OTHER, strokeWidth=2).encode(x=alt.X("value:Q", scale=alt.Scale(domain=domain)), y=y,
                                                   detail="what:N")
    article = base.mark_point(shape="circle", size=110, strokeWidth=2, color=colours.OTHER, filled=False,
                              opacity=1).encode(x=x, y=y, href="href:N", tooltip=tooltip)
    book = base.mark_point(size=80, filled=True, color=colours.INK, opacity=1).encode(
        x=alt.X("data:Q", scale=alt.Scale(domain=domain)), y=y, href="href:N", tooltip=tooltip,
        shape=alt.Shape("verdict:N", title="Verdict (black mark)", scale=alt.Scale(
            domain=list(VERDICT_SHAPES), range=list(VERDICT_SHAPES.values())),
            legend=alt.Legend(orient="bottom", columns=2)))
    return alt.layer(gap, article, book).properties(width=240, height=alt.Step(22), title=title)


def claims_dot_plot(results: list | None = None) -> alt.VConcatChart:
    """Every figure of the claims registry: the article's number (grey ring) against the book's (black, shaped by
    verdict), one panel per unit; each mark links to its claim's card."""
    table = figures_table(results)
    if table.empty:
        raise ValueError("no claim of the registry carries a figure to plot")
    unknown = sorted(set(table.verdict) - set(VERDICTS))
    if unknown:
        raise ValueError(f"verdicts without a shape: {unknown}")
    panels = [_panel(table[table.unit == unit], unit) for unit in FIGURE_UNITS if (table.unit == unit).any()]
    gaps = table.assign(gap=(table.data - table.article).abs())
    agree = int((gaps.gap < 1e-9).sum())
    return alt.vconcat(*panels).resolve_scale(x="independent", y="independent", shape="shared").properties(
        title=alt.Title(f"The article's numbers against the book's: {agree} of {len(table)} agree exactly",
                        subtitle="Grey ring: the article; black: the book, shaped by verdict. Select a mark for its "
                                 "card."),
        description=f"Dot plot of the {len(table)} numbers the article gives for {table.id.nunique()} of its claims, "
                    f"each beside the number the book found, in three panels (shares, counts, years): "
                    + "; ".join(f"{r.what}: article {r.article:.3g}, book {r.data:.3g} ({r.verdict})"
                                for r in table.itertuples()) + ".",
    )
