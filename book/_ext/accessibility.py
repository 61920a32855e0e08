"""Accessibility repairs of the theme's HTML that no configuration reaches (found by axe-core).

- pydata-sphinx-theme's sidebar toggles are ``<summary>`` elements holding only an icon: they get
  an accessible name;
- docutils marks the bibliography as ``role="list"`` while its entries are ``doc-biblioentry``,
  which the list role does not allow: the role is dropped (the entries keep theirs).
"""

from __future__ import annotations

from pathlib import Path

_REPAIRS = (
    ('<summary><span class="toctree-toggle" role="presentation">',
     '<summary aria-label="Show or hide the pages of this part"><span class="toctree-toggle" role="presentation">'),
    ('<div role="list" class="citation-list">', '<div class="citation-list">'),
)


def repair(html: str) -> str:
    """The page's HTML with the repairs above applied."""
    for old, new in _REPAIRS:
        html = html.replace(old, new)
    return html


def _build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = repair(text)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


def setup(app):
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
