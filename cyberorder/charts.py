"""The book's charts: one theme, one offline renderer, and the small builders every chapter shares.

Every chart must carry a ``description`` (its ARIA label); the renderer refuses a chart without one.
The renderer draws with the Vega libraries bundled by ``vl-convert`` (a pip package), so a chart
draws in JupyterLab, Colab or the built book with no request to any other host.
"""

from __future__ import annotations

import html
import json
import tempfile
import uuid
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import altair as alt
import vl_convert

__all__ = [
    "EMBED_OPTIONS",
    "PALETTE",
    "chart_html",
    "readout_panel",
    "setup",
    "vega_bundle",
]

PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "grey": "#999999",
    "black": "#000000",
}
"""Okabe and Ito's colour-blind-safe palette (plus a neutral grey)."""

EMBED_OPTIONS: dict[str, Any] = {
    "renderer": "svg",  # SVG text is readable by screen readers and by the book's tests
    "actions": {"export": True, "source": False, "compiled": False, "editor": False},
}
BUNDLE_MARK = "data-cyberorder-vega"
"""Attribute of the inline script holding the Vega bundle; the book's build swaps it for a file."""


def _theme() -> alt.theme.ThemeConfig:
    return alt.theme.ThemeConfig({
        "config": {
            "font": "DejaVu Sans, Helvetica, Arial, sans-serif",
            "range": {"category": [PALETTE[c] for c in
                                   ("blue", "orange", "green", "vermillion", "sky", "purple", "yellow", "grey")]},
            "title": {"fontSize": 15, "anchor": "start"},
            "axis": {"labelFontSize": 12, "titleFontSize": 12},
            "legend": {"labelFontSize": 12, "titleFontSize": 12},
            "view": {"stroke": None},
        }
    })


@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one script, guarded so a page evaluates it once.

    Built by ``vl_convert.javascript_bundle()`` (about 0.9 MB) and cached on disk per version.
    Wrapped in a function so its top-level names cannot collide with a page's own scripts.
    """
    cache = Path(tempfile.gettempdir()) / f"cyberorder-vega-{vl_convert.__version__}.js"
    if cache.is_file():
        return cache.read_text(encoding="utf-8")
    body = vl_convert.javascript_bundle().replace("</script", "<\\/script")
    text = "(function(){if(window.vegaEmbed){return;}\n" + body + "\n})();"
    tmp = cache.with_suffix(f".{uuid.uuid4().hex}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(cache)
    return text


def chart_html(spec: dict[str, Any]) -> str:
    """HTML that draws ``spec`` with no network: the guarded Vega bundle, then vega-embed."""
    description = spec.get("description")
    if not description:
        raise ValueError(f"every chart needs a description (its ARIA label); chart titled "
                         f"{spec.get('title')!r} has none")
    div = f"cyberorder-{uuid.uuid4().hex[:12]}"
    spec_json = json.dumps(spec).replace("</", "<\\/")
    return (
        f'<div id="{div}" class="cyberorder-chart" role="figure" '
        f'aria-label="{html.escape(str(description), quote=True)}"></div>\n'
        f'<script type="text/javascript" {BUNDLE_MARK}="{vl_convert.__version__}">{vega_bundle()}</script>\n'
        '<script type="text/javascript">(function(){'
        f'var el=document.getElementById("{div}");'
        f"vegaEmbed(el,{spec_json},{json.dumps(EMBED_OPTIONS)})"
        # vega-embed's actions menu is a <summary> holding only an icon: give it a name
        '.then(function(){var s=el.querySelector("details > summary");'
        'if(s){s.setAttribute("aria-label","Chart actions: save the chart as SVG or PNG");}})'
        '.catch(function(err){el.textContent="Chart error: "+err.message;console.error(err);});'
        "})();</script>"
    )


def _render(spec: dict[str, Any], **_: Any) -> dict[str, str]:
    return {"text/html": chart_html(spec)}


def setup() -> None:
    """Use the book's theme and offline renderer for every Altair chart in this kernel."""
    alt.theme.register("cyberorder", enable=True)(_theme)
    alt.renderers.register("cyberorder", _render)
    alt.renderers.enable("cyberorder")


def readout_panel(readouts: Sequence[tuple[alt.Chart, str, str | None]], *, width: int = 420,
                  title: str = "Readouts") -> alt.LayerChart:
    """A column of text lines 'label: value', computed in the browser by a static twin.

    Each item is ``(base, label, fmt)``: ``base`` is a chart whose transforms end in one row with a
    field ``value``; ``fmt`` is a d3 format (the same mini-language as Python's ``format``), or
    None / "" for a text value shown as it is. d3-format writes a negative number with U+2212 where
    Python writes '-': the twin uses the ASCII sign, so both views print the same text.
    """
    layers = []
    for i, (base, label, fmt) in enumerate(readouts):
        safe = label.replace("'", "\\'")
        expr = (f"'{safe}: ' + datum.value" if not fmt
                else f"'{safe}: ' + replace(format(datum.value, '{fmt}'), '\u2212', '-')")
        layers.append(base.transform_calculate(readout=expr)
                      .mark_text(align="left", baseline="top", fontSize=14)
                      .encode(text="readout:N", x=alt.value(0), y=alt.value(4 + 22 * i)))
    return alt.layer(*layers).properties(width=width, height=22 * len(readouts) + 4, title=title)


def user_shares_over_time(users: Any) -> alt.Chart:
    """Lines of each region's share of the world's internet users, year by year."""
    from cyberorder import power  # local import: power does not depend on charts

    table = power.users_with_remainder(users)
    table = table.assign(share=table.internet_users / table.world_internet_users)
    regions = [*list(power.CONTINENTS), power.NOT_ATTRIBUTED]
    return alt.Chart(table).mark_line(point=True).encode(
        x=alt.X("year:O", title="Year"),
        y=alt.Y("share:Q", title="Share of the world's internet users (%)", axis=alt.Axis(format="%")),
        color=alt.Color("region:N", title="Region", sort=regions),
        strokeDash=alt.StrokeDash("region:N", sort=regions, legend=None),
        tooltip=["region:N", "year:O", alt.Tooltip("share:Q", format=".1%")],
    ).properties(
        width=520, height=300, title="Where the world's internet users live",
        description="Line chart of each continent's share of the world's internet users, by year. "
                    "Asia's line rises from about a third to more than half; Europe's and North America's fall.",
    )
