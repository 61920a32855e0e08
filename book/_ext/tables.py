"""Directives that render the package's registries as tables at build time (no kernel, no launch button).

- ``{claims-table}``: the article's claims recomputed from data (``cyberorder.claims.table()``);
- ``{data-sources-table}``: every table of ``data/``, its sources, licence and confidence;
- ``{package-versions}``: every pinned dependency of ``requirements.txt`` and the version installed;
- ``{benchmark-results}``: the latest figures of ``tests/benchmark.py`` (``book/appendix/benchmark.json``).
"""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path

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


class PackageVersions(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        requirements = Path(self.env.srcdir) / "requirements.txt"
        rows = []
        for line in requirements.read_text(encoding="utf-8").splitlines():
            m = re.match(r"^([A-Za-z0-9_.\-]+)==(\S+)", line.strip())
            if m:
                try:
                    installed = metadata.version(m.group(1))
                except metadata.PackageNotFoundError:
                    installed = "not installed"
                rows.append({"package": m.group(1), "pinned": m.group(2), "installed for this build": installed})
        return [_html_table(pd.DataFrame(rows))]


class BenchmarkResults(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        path = Path(self.env.srcdir) / "book" / "appendix" / "benchmark.json"
        self.env.note_dependency(str(path))
        if not path.is_file():
            return [nodes.paragraph(text="No benchmark has been recorded yet: run python tests/benchmark.py.")]
        results = json.loads(path.read_text(encoding="utf-8"))
        rows = [{"measure": k, "value": v} for k, v in _flatten(results).items()]
        return [_html_table(pd.DataFrame(rows))]


def _flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + " / "))
        else:
            flat[name] = f"{value:.3g}" if isinstance(value, float) else str(value)
    return flat


def setup(app):
    app.add_directive("package-versions", PackageVersions)
    app.add_directive("benchmark-results", BenchmarkResults)
    app.add_directive("claims-table", ClaimsTable)
    app.add_directive("data-sources-table", DataSourcesTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
