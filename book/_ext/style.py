"""``{colour-key}``: the book's colour key (``cyberorder.colours.KEY``) as a table of swatches, built from the
package at build time so that the style page cannot drift from the colours the charts use."""

from __future__ import annotations

import html

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from cyberorder import colours


def colour_key_html() -> str:
    """One row per category of the key: family, category, a swatch, the colour and its contrast with the page."""
    rows = []
    for row in colours.legend_rows():
        colour = row["colour"]
        swatch = (f'<span class="cyberorder-swatch" style="background:{colour}" role="img" '
                  f'aria-label="{html.escape(row["role"])} ({colour})"></span>')
        rows.append(f"<tr><td>{html.escape(row['family'])}</td><td>{html.escape(row['category'])}</td>"
                    f"<td>{swatch} {html.escape(row['role'])}</td><td><code>{colour}</code></td>"
                    f"<td>{colours.contrast(colour):.1f}:1</td></tr>")
    return ('<table class="table cyberorder-colour-key"><caption>The book\'s colour key, read from '
            "<code>cyberorder.colours.KEY</code></caption><thead><tr><th>family</th><th>category</th>"
            "<th>hue</th><th>colour</th><th>contrast with the page</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


class ColourKey(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        return [nodes.raw("", colour_key_html(), format="html")]


def setup(app):
    app.add_directive("colour-key", ColourKey)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
