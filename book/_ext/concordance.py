"""The concordance: the article's arguments, one row each, and where the book teaches them.

The rows live in ``book/appendix/concordance.yml``. Each names the article's section, the argument in the book's words,
whose idea it is, the places that teach it (``"page#Section heading"``: a page of ``_toc.yml`` and a heading on that
page) and how (prose, lab, explorer, exercise, claim, glossary, discussion). A row with no place says why in
``left_out``. :func:`problems` checks every reference (a renamed heading or a moved page breaks it); the directive
``{concordance-table}`` renders the rows as one table per section of the article, each place a link.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import yaml
from docutils import nodes
from sphinx.util.docutils import SphinxDirective

HOW = ("prose", "lab", "explorer", "exercise", "claim", "glossary", "discussion")
"""The forms in which the book can teach an argument."""
DATA = Path("book") / "appendix" / "concordance.yml"


def load(root: Path) -> dict:
    """The concordance file of the book at ``root``: its sections and rows."""
    return yaml.safe_load((root / DATA).read_text(encoding="utf-8"))


def _toc_pages(root: Path) -> set[str]:
    return set(re.findall(r"file:\s*(\S+)", (root / "_toc.yml").read_text(encoding="utf-8"))) | {
        re.search(r"^root:\s*(\S+)", (root / "_toc.yml").read_text(encoding="utf-8"), re.M).group(1)}


def _markdown_of(path: Path) -> str:
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return path.read_text(encoding="utf-8")


def headings(path: Path) -> set[str]:
    """The section headings of a page (Markdown or notebook), outside code blocks."""
    text = re.sub(r"```[^\n]*\n.*?```", "", _markdown_of(path), flags=re.S)
    return {m.group(1).strip() for m in re.finditer(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, re.M)}


def page_file(root: Path, page: str) -> Path | None:
    """The source file of a page named as in ``_toc.yml`` (without its suffix), or None."""
    return next((root / f"{page}{s}" for s in (".md", ".ipynb") if (root / f"{page}{s}").is_file()), None)


def problems(root: Path, concordance: dict | None = None) -> list[str]:
    """Every broken or incomplete row of the concordance, each naming the row and what is wrong."""
    data = concordance if concordance is not None else load(root)
    sections, rows, out = data["sections"], data["rows"], []
    pages, seen = _toc_pages(root), set()
    for row in rows:
        rid = row.get("id", "?")
        if rid in seen:
            out.append(f"row {rid}: the id is used twice")
        seen.add(rid)
        for key in ("section", "argument", "author"):
            if not str(row.get(key, "")).strip():
                out.append(f"row {rid}: no {key}")
        if row.get("section") not in sections:
            out.append(f"row {rid}: section {row.get('section')!r} is not one of {sorted(sections)}")
        bad_how = sorted(set(row.get("how", [])) - set(HOW))
        if bad_how:
            out.append(f"row {rid}: unknown forms {bad_how} (use {', '.join(HOW)})")
        where = row.get("where") or []
        if not where and not str(row.get("left_out", "")).strip():
            out.append(f"row {rid}: no place in the book and no reason in left_out")
        if where and not row.get("how"):
            out.append(f"row {rid}: says where but not how it is taught")
        for place in where:
            page, _, heading = place.partition("#")
            path = page_file(root, page)
            if path is None or page not in pages:
                out.append(f"row {rid}: page {page!r} is not a page of _toc.yml")
            elif heading and heading not in headings(path):
                out.append(f"row {rid}: {path.relative_to(root)} has no heading {heading!r}")
    for key in sections:
        if not any(r.get("section") == key for r in rows):
            out.append(f"section {key}: no row")
    return out


class ConcordanceTable(SphinxDirective):
    """``{concordance-table}``: the concordance as one table per section of the article."""

    def run(self) -> list[nodes.Node]:
        root = Path(self.env.srcdir)
        self.env.note_dependency(str(root / DATA))
        data = load(root)
        parts = []
        for key, title in data["sections"].items():
            rows = [r for r in data["rows"] if r["section"] == key]
            body = "".join(self._row(r) for r in rows)
            parts.append(f'<table class="table cyberorder-registry concordance"><caption>{html.escape(title)}: '
                         f'{len(rows)} arguments</caption><thead><tr><th scope="col">Argument</th>'
                         f'<th scope="col">Whose idea</th><th scope="col">Where the book teaches it</th>'
                         f'<th scope="col">How</th></tr></thead><tbody>{body}</tbody></table>')
        return [nodes.raw("", "\n".join(parts), format="html")]

    def _row(self, row: dict) -> str:
        links = [self._link(place) for place in row.get("where") or []]
        where = "<br>".join(links) if links else f"<em>Left out:</em> {html.escape(row.get('left_out', ''))}"
        return (f"<tr><td>{html.escape(row['argument'])}</td><td>{html.escape(row['author'])}</td>"
                f"<td>{where}</td><td>{html.escape(', '.join(row.get('how') or []))}</td></tr>")

    def _link(self, place: str) -> str:
        page, _, heading = place.partition("#")
        builder = self.env.app.builder
        try:
            uri = builder.get_relative_uri(self.env.docname, page)
        except Exception:  # non-HTML builders: plain text
            uri = ""
        anchor = f"#{nodes.make_id(heading)}" if heading else ""
        label = f"{self.env.titles[page].astext() if page in self.env.titles else page}" + (
            f" › {heading}" if heading else "")
        return f'<a href="{html.escape(uri + anchor)}">{html.escape(label)}</a>' if uri else html.escape(label)


def setup(app):
    app.add_directive("concordance-table", ConcordanceTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
