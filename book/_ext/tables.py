"""Directives that render the package's registries as tables at build time (no kernel, no launch button).

- ``{claims-table}``: the article's claims recomputed from data (``cyberorder.claims.table()``);
- ``{claims-chart}``: the same claims as a dot plot, the article's numbers against the book's;
- ``{data-sources-table}``: every table of ``data/``, its sources, licence and confidence;
- ``{package-versions}``: every pinned dependency of ``requirements.txt`` and the version installed;
- ``{benchmark-results}``: the latest figures of ``tests/benchmark.py`` (``book/appendix/benchmark.json``);
- ``{lab-workload}``: every lab's words, code cells and exercises, and the working time they suggest.
"""

from __future__ import annotations

import html
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


CLAIM_CARD_STYLE = """<style>
.claim-filters{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;margin:1rem 0}
.claim-filters label{font-weight:600;margin-right:.4rem}
.claim-cards{display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(min(100%,22rem),1fr))}
.claim-card{border:1px solid var(--pst-color-border,#ccc);border-radius:.4rem;padding:.8rem 1rem;
  background:var(--pst-color-background,transparent);color:var(--pst-color-text-base,inherit);overflow-wrap:anywhere}
.claim-card h3{font-size:1rem;margin:0 0 .4rem}
.claim-card blockquote{margin:.3rem 0 .6rem;padding-left:.6rem;border-left:3px solid var(--pst-color-border,#ccc)}
.claim-card dl{margin:0}.claim-card dt{font-weight:600;margin-top:.4rem}.claim-card dd{margin:0}
.verdict{display:inline-block;border:2px solid currentColor;border-radius:1rem;padding:0 .6rem;font-weight:700}
.verdict-holds{color:#1a6b2f}.verdict-does-not-hold{color:#a3162c}.verdict-depends-on-the-measure{color:#7a4b00}
.verdict-not-shown-by-this-measure{color:#5b4a9c}.verdict-sourced{color:#1f4e8c}.verdict-attributed{color:#555}
html[data-theme=dark] .verdict-holds{color:#7fd49a}html[data-theme=dark] .verdict-does-not-hold{color:#ff9aa8}
html[data-theme=dark] .verdict-depends-on-the-measure{color:#f3c56b}
html[data-theme=dark] .verdict-not-shown-by-this-measure{color:#c3b5ff}
html[data-theme=dark] .verdict-sourced{color:#9cc3ff}
html[data-theme=dark] .verdict-attributed{color:#ccc}
</style>"""
"""The claim cards' layout: one column on a phone, a grid on a wide screen; verdict colours with 4.5:1 contrast in
light and dark mode, always beside the verdict's words."""

CLAIM_FILTER_SCRIPT = """<script>
(function(){var f=document.querySelectorAll('.claim-filters select');function apply(){
var want={};f.forEach(function(s){want[s.dataset.key]=s.value});var n=0;
document.querySelectorAll('.claim-card').forEach(function(c){var ok=Object.keys(want).every(function(k){
return !want[k]||c.dataset[k]===want[k]});c.hidden=!ok;if(ok)n++});
var out=document.getElementById('claim-count');if(out)out.textContent=n+' claims shown';}
f.forEach(function(s){s.addEventListener('change',apply)});apply();})();
</script>"""


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class ClaimsTable(SphinxDirective):
    """``{claims-table}``: one card per claim (quote, verdict, value found, where it is computed), with filters."""

    def run(self) -> list[nodes.Node]:
        from cyberorder import claims

        table = claims.table()
        chapters = sorted(table.chapter.unique())
        verdicts = [v for v in claims_verdicts() if v in set(table.verdict)]
        options = {"chapter": chapters, "verdict": verdicts}
        filters = "".join(
            f'<div><label for="claim-filter-{key}">{key.title()}</label><select id="claim-filter-{key}" '
            f'data-key="{key}"><option value="">all</option>'
            + "".join(f'<option value="{html.escape(_slug(v))}">{html.escape(v)}</option>' for v in values)
            + "</select></div>" for key, values in options.items())
        cards = "".join(self._card(row) for row in table.to_dict("records"))
        body = (f'{CLAIM_CARD_STYLE}<div class="claim-filters" role="group" aria-label="Filter the claims">{filters}'
                f'<p id="claim-count" role="status" aria-live="polite">{len(table)} claims shown</p></div>'
                f'<div class="claim-cards">{cards}</div>{CLAIM_FILTER_SCRIPT}')
        return [nodes.raw("", body, format="html")]

    def _card(self, row: dict[str, str]) -> str:
        page, _, heading = row["where"].partition("#")
        try:
            uri = self.env.app.builder.get_relative_uri(self.env.docname, page) + (
                f"#{nodes.make_id(heading)}" if heading else "")
        except Exception:  # a builder without URIs
            uri = ""
        where = (f'<a href="{html.escape(uri)}">{html.escape(heading or page)}</a>' if uri
                 else html.escape(row["where"]))
        extra = "".join(f"<dt>{k}</dt><dd>{html.escape(str(row[c]))}</dd>" for k, c in
                        (("Other measures", "other measures"), ("Robustness", "robustness"), ("Note", "note"))
                        if row[c])
        cid, verdict = html.escape(row["id"]), row["verdict"]
        return (f'<article class="claim-card" id="claim-{cid}" data-chapter="{_slug(row["chapter"])}" '
                f'data-verdict="{_slug(verdict)}" aria-labelledby="claim-{cid}-h">'
                f'<h3 id="claim-{cid}-h">{cid} '
                f'<span class="verdict verdict-{_slug(verdict)}">{html.escape(verdict)}</span></h3>'
                f'<blockquote>{html.escape(row["the article says"])}</blockquote><dl>'
                f'<dt>Computation</dt><dd>{html.escape(row["computation"])}</dd>'
                f'<dt>Value found</dt><dd>{html.escape(row["value found"])}</dd>'
                f'<dt>Indicator</dt><dd>{html.escape(row["indicator"])}</dd>{extra}'
                f'<dt>Where</dt><dd>{where}</dd></dl></article>')


class ClaimsChart(SphinxDirective):
    """``{claims-chart}``: the claims registry as a dot plot (:func:`cyberorder.claims_chart.claims_dot_plot`), each
    mark linked to its card; the claims whose article gives no number are listed under it, each linked too."""

    def run(self) -> list[nodes.Node]:
        from cyberorder import charts, claims, claims_chart

        charts.setup()  # the book's theme, as in the labs
        results = claims.check_all()
        missing = claims_chart.without_figures(results)
        links = ", ".join(f'<a href="#claim-{html.escape(i)}">{html.escape(i)}</a>' for i in missing)
        body = (charts.chart_html(claims_chart.claims_dot_plot(results).to_dict())
                + f'<p class="cyberorder-claims-without-figures">Claims whose article gives no number to plot '
                  f"({len(missing)}): {links}.</p>")
        return [nodes.raw("", body, format="html")]


def claims_verdicts() -> tuple[str, ...]:
    """The registry's verdicts, strongest first (for the filter)."""
    from cyberorder.claim import VERDICTS

    return VERDICTS


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
    app.add_directive("claims-chart", ClaimsChart)
    app.add_directive("data-sources-table", DataSourcesTable)
    app.add_directive("lab-workload", LabWorkload)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
