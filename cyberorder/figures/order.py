"""Chapter 5's figure: how many blocs the UN's cyber votes fall into at each agreement threshold."""

from __future__ import annotations

from fractions import Fraction

import altair as alt
import pandas as pd

from cyberorder import colours
from cyberorder import fragmentation as fr

__all__ = ["curves_chart"]


def curves_chart() -> alt.FacetChart:
    """The fragmentation curve for each number of votes two states must share, as four small panels.

    Four step lines on one panel overlapped (those for 1 and 2 votes coincide) and needed four hues and a legend;
    side by side on a shared scale each is read on its own, titled by its rule."""
    agr = fr.roll_call_agreement()
    steps = range(0, 101, 5)
    curves = pd.concat([fr.fragmentation_curve(agr, [Fraction(p, 100) for p in steps], mc)
                        .assign(min_common=mc, threshold_pct=list(steps))
                        for mc in range(1, len(agr.resolutions) + 1)], ignore_index=True)
    frame = curves.assign(rule=[f"both cast at least {int(m)} vote{'s' if m > 1 else ''}" for m in curves.min_common])
    return alt.Chart(frame).mark_line(point=alt.OverlayMarkDef(color=colours.INK, size=20), interpolate="step-before",
                                      color=colours.INK).encode(
        x=alt.X("threshold_pct:Q", title="Agreement threshold (%)", scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("blocs:Q", title="Blocs"),
        tooltip=[alt.Tooltip("rule:N", title="votes in common"),
                 alt.Tooltip("threshold_pct:Q", title="threshold (%)"), alt.Tooltip("blocs:Q", title="blocs")],
    ).properties(width=240, height=120).facet(
        facet=alt.Facet("rule:N", title=None, sort=list(dict.fromkeys(frame.rule)),
                        header=alt.Header(labelFontSize=12, labelFontWeight="bold")),
        columns=2, spacing=14,
    ).properties(
        title="One bloc up to 75% agreement; beyond it the stricter rules split the votes",
        description="Four small step charts, one for each number of votes two states must both have cast (1 to 4), "
                    "of the number of blocs of member states at each agreement threshold from 0 to 100%. Every "
                    "curve stays at one bloc up to 75%; above it (all shared votes alike), the curves for 3 and 4 "
                    "votes jump to 4 and 9 blocs, while those for 1 and 2 stay at one.")
