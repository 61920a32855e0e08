"""Accessibility repairs of the theme's HTML that no configuration reaches (found by axe-core).

- pydata-sphinx-theme's sidebar toggles are ``<summary>`` elements holding only an icon: they get
  an accessible name;
- the theme's search field (a button showing "Search" and "Ctrl+K") is named "Search" by an
  ``aria-label``, which does not contain all of its visible text (WCAG 2.5.3, Label in Name; axe-core 4.14's
  ``label-content-name-mismatch``): the label goes, so the button is named by what it shows;
- the colour-mode button, named "Color mode", holds three icons titled "Light", "Dark" and "System Settings",
  which Font Awesome's script turns into visible SVG titles the name does not contain (the same WCAG 2.5.3
  failure): the icons lose their titles and are hidden from assistive technology (the button keeps its name);
- docutils marks the bibliography as ``role="list"`` and its entries ``doc-biblioentry``, a role ARIA has
  deprecated (axe-core 4.14's ``aria-deprecated-role``) and the list role does not allow: both roles go.
"""

from __future__ import annotations

from pathlib import Path

_REPAIRS = (
    ('data-mode="light" title="Light"></i>', 'data-mode="light" aria-hidden="true"></i>'),
    ('data-mode="dark"  title="Dark"></i>', 'data-mode="dark" aria-hidden="true"></i>'),
    ('data-mode="auto"  title="System Settings"></i>', 'data-mode="auto" aria-hidden="true"></i>'),
    ('<summary><span class="toctree-toggle" role="presentation">',
     '<summary aria-label="Show or hide the pages of this part"><span class="toctree-toggle" role="presentation">'),
    ('<div role="list" class="citation-list">', '<div class="citation-list">'),
    (' role="doc-biblioentry">', '>'),
    ('<button class="btn search-button-field search-button__button pst-js-only" title="Search" aria-label="Search"',
     '<button class="btn search-button-field search-button__button pst-js-only" title="Search"'),
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
