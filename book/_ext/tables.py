"""Directives that render the package's registries as tables at build time (no kernel, no launch button).

- ``{claims-table}``: the article's claims recomputed from data (``cyberorder.claims.table()``);
- ``{data-sources-table}``: every table of ``data/``, its sources, licence and confidence;
- ``{package-versions}``: every pinned dependency of ``requirements.txt`` and the version installed;
- ``{benchmark-results}``: the latest figures of ``tests/benchmark.py`` (``book/appendix/benchmark.json``);
- ``{lab-workload}``: every lab's words, code cells and exercises, and the working time they suggest.
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


WORDS_PER_MINUTE, MINUTES_PER_CODE_CELL, MINUTES_PER_EXERCISE = 200, 2, 10
"""The instructor guide's stated rule for estimating a lab's working time."""


def lab_workload(book: Path) -> pd.DataFrame:
    """One row per lab of ``book`` (chapter folders, in order): its size and the working time it suggests.

    Words are counted in Markdown cells; code cells leave out the hidden Colab set-up cell
    (tag ``remove-cell``); exercises are MyST ``{exercise}`` blocks. The estimate is
    words / 200 + 2 min per code cell + 10 min per exercise, rounded up to 5 minutes.
    """
    import nbformat

    rows = []
    for path in sorted(book.glob("0*/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        md = [c.source for c in nb.cells if c.cell_type == "markdown"]
        title = next((m.group(1) for s in md if (m := re.search(r"^#\s+(.+)$", s, re.M))), path.stem)
        prose = [re.sub(r"(?m)^\s*(?:`{3,}|:{3,}|:[\w-]+:).*$", "", s) for s in md]  # not directive syntax
        words = sum(len(re.findall(r"[A-Za-z][\w'-]*", s)) for s in prose)
        code = sum(1 for c in nb.cells if c.cell_type == "code" and "remove-cell" not in c.metadata.get("tags", []))
        exercises = sum(len(re.findall(r"^(?:`{3,}|:{3,})\{exercise\}", s, re.M)) for s in md)
        minutes = words / WORDS_PER_MINUTE + MINUTES_PER_CODE_CELL * code + MINUTES_PER_EXERCISE * exercises
        rows.append({"lab": title, "file": path.relative_to(book).as_posix(), "words": words, "code cells": code,
                     "exercises": exercises, "estimated working time": f"{5 * -(-int(minutes) // 5)} min"})
    return pd.DataFrame(rows).sort_values("lab", kind="stable", ignore_index=True)


class LabWorkload(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        book = Path(self.env.srcdir) / "book"
        for path in book.glob("0*/*.ipynb"):
            self.env.note_dependency(str(path))
        return [_html_table(lab_workload(book))]


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
    app.add_directive("lab-workload", LabWorkload)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
