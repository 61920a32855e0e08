"""Directives that render the package's registries as tables at build time (no kernel, no launch button).

- ``{claims-table}``: the article's claims recomputed from data (``cyberorder.claims.table()``);
- ``{data-sources-table}``: every table of ``data/``, its sources, licence and confidence.
"""

from __future__ import annotations

import pandas as pd
from docutils import nodes
from sphinx.util.docutils import SphinxDirective


def _html_table(frame: pd.DataFrame) -> nodes.raw:
    html = frame.to_html(index=False, escape=True, border=0, classes=["table", "cyberorder-registry"])
    return nodes.raw("", html, format="html")


class ClaimsTable(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        from cyberorder import claims

        return [_html_table(claims.table())]


class DataSourcesTable(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        from cyberorder.data import descriptor

        rows = [{
            "table": r["name"],
            "what it holds": r["title"],
            "sources": "; ".join(s["title"] for s in r["sources"]),
            "licence": "; ".join(lic.get("title", lic["name"]) for lic in r["licenses"]),
            "confidence": r.get("x-confidence", ""),
        } for r in descriptor()["resources"]]
        return [_html_table(pd.DataFrame(rows))]


def setup(app):
    app.add_directive("claims-table", ClaimsTable)
    app.add_directive("data-sources-table", DataSourcesTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
