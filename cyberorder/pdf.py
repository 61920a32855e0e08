"""The whole book as one PDF, printed from the built site by Chromium: ``python -m cyberorder.pdf``.

Every page of ``_toc.yml``, in the book's order, is opened from the built site (``_build/html``; built first if
missing), left to draw its charts and formulas, and printed by headless Chromium (the browser the tests already
use, so no LaTeX toolchain is needed). In print:

- each chart is printed as drawn, followed by its text alternative (the description a screen reader hears);
- the explorers' controls, the site's navigation and buttons are left out (paper cannot move a slider);
- every exercise stays where it is; its solution moves to a closing *Solutions* section, by exercise number,
  or is left out with ``--no-solutions`` (the student edition);
- the bibliography is the book's own References page.

The pages are joined by pypdf into ``_build/pdf/post-liberal-cyberspace.pdf``, with one bookmark per page.
Playwright and pypdf are imported by the command only: the package itself does not need them.
"""

from __future__ import annotations

import argparse
import functools
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

__all__ = ["build_pdf", "main", "pages_in_order"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 60_000

# What paper cannot use, hidden in print; code wraps instead of running off the page.
PRINT_CSS = """
@media print {
  .bd-header, .bd-header-article, .bd-sidebar-primary, .bd-sidebar-secondary, .prev-next-area, .bd-footer,
  .bd-footer-content, .bd-footer-article, .vega-bindings, .vega-actions, .copybtn, .toggle-button,
  .cyberorder-chart-data, .headerlink, #pst-back-to-top, .skip-link { display: none !important; }
  .bd-main .bd-content .bd-article-container { max-width: 100% !important; }
  .bd-page-width { max-width: 100% !important; }
  pre { white-space: pre-wrap !important; word-break: break-word; }
  .cyberorder-chart, figure { break-inside: avoid; }
  .cyberorder-chart, .vega-embed { max-width: 100% !important; }
  .cyberorder-chart svg.marks { max-width: 100% !important; max-height: 230mm !important; height: auto !important; }
  .pdf-text-alternative { font-size: 0.85em; color: #333; margin: 0.3em 0 1em; break-inside: avoid; }
}
"""

# Runs in each page: adds text alternatives, opens folded content, takes the solutions out (returned).
PREPARE = """(keepSolutions) => {
  for (const chart of document.querySelectorAll('div.cyberorder-chart[aria-label]')) {
    const p = document.createElement('p');
    p.className = 'pdf-text-alternative';
    p.textContent = 'Text alternative: ' + chart.getAttribute('aria-label');
    (chart.closest('figure') || chart).insertAdjacentElement('afterend', p);
  }
  const solutions = [];
  for (const s of document.querySelectorAll('div.solution')) {
    const title = s.querySelector('.admonition-title');
    const body = s.querySelector('section') || s;
    solutions.push({title: title ? title.textContent.trim() : 'Solution', html: body.innerHTML});
    s.remove();
  }
  document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
  document.querySelectorAll('details:not(.cyberorder-chart-data)').forEach(d => d.open = true);
  return keepSolutions ? solutions : [];
}"""
CHARTS_DRAWN = """() => [...document.querySelectorAll('div.cyberorder-chart')].every(
    d => d.querySelector('svg.marks g') || d.textContent.startsWith('Chart error'))"""
MATH_TYPESET = """() => [...document.querySelectorAll('.math')].every(m => m.querySelector('mjx-container'))"""
SOLUTIONS_PAGE = """(parts) => {
  const main = document.querySelector('article.bd-article') || document.querySelector('main') || document.body;
  main.innerHTML = '<section><h1>Solutions</h1><p>The solutions to the exercises, by exercise number.</p></section>';
  const section = main.querySelector('section');
  for (const part of parts) {
    const h = document.createElement('h2'); h.textContent = part.title; section.appendChild(h);
    const div = document.createElement('div'); div.innerHTML = part.html; section.appendChild(div);
  }
  document.title = 'Solutions';
}"""


@dataclass(frozen=True)
class Page:
    """One page of the book: its path in the built site and its title (the PDF bookmark)."""

    html: str
    title: str


def pages_in_order(toc: Path) -> list[str]:
    """The book's documents in reading order (root, then parts, chapters and their sections), as in ``_toc.yml``."""
    import yaml

    data = yaml.safe_load(toc.read_text(encoding="utf-8"))

    def walk(entries: list[dict]) -> Iterator[str]:
        for entry in entries:
            if "file" in entry:
                yield entry["file"]
            yield from walk(entry.get("sections", []))
            yield from walk(entry.get("chapters", []))

    return [data["root"], *walk(data.get("parts", [])), *walk(data.get("chapters", []))]


@functools.cache
def _server(site: Path) -> str:
    """A local web server for the built site (the charts' scripts need http://, not file://); its address."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No access log on the terminal."""


def _print_page(page, url: str, keep_solutions: bool) -> tuple[bytes, str, list[dict]]:
    """One page printed to PDF: its bytes, its title and the solutions taken out of it."""
    page.goto(url, wait_until="load")
    page.wait_for_function(CHARTS_DRAWN, timeout=TIMEOUT_MS)
    if page.locator(".math").count():
        page.wait_for_function(MATH_TYPESET, timeout=TIMEOUT_MS)
    page.add_style_tag(content=PRINT_CSS)
    solutions = page.evaluate(PREPARE, keep_solutions)
    title = page.locator("article h1").first.inner_text().replace("#", "").strip() or page.title()
    return _to_pdf(page), title, solutions


def _to_pdf(page) -> bytes:
    page.emulate_media(media="print")
    return page.pdf(format="A4", print_background=True, margin={"top": "18mm", "bottom": "18mm",
                                                                 "left": "16mm", "right": "16mm"})


def build_pdf(root: Path = Path(), solutions: bool = True) -> Path:
    """Print every page of the book at ``root`` (the repository), in order, into one PDF; return its path."""
    from playwright.sync_api import sync_playwright
    from pypdf import PdfWriter

    site, out, order = root / "_build" / "html", root / "_build" / "pdf", pages_in_order(root / "_toc.yml")
    if not (site / "index.html").is_file():
        subprocess.run(["jupyter-book", "build", str(root)], check=True)
    base = _server(site.resolve())
    writer, collected = PdfWriter(), []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        for doc in order:
            pdf, title, found = _print_page(page, f"{base}/{doc}.html", solutions)
            collected += found
            _append(writer, pdf, title)
        if collected:
            page.goto(f"{base}/{order[0]}.html", wait_until="load")
            page.add_style_tag(content=PRINT_CSS)
            page.evaluate(SOLUTIONS_PAGE, collected)
            _append(writer, _to_pdf(page), "Solutions")
        browser.close()
    out.mkdir(parents=True, exist_ok=True)
    target = out / "post-liberal-cyberspace.pdf"
    writer.add_metadata({"/Title": "Post-Liberal Cyberspace", "/Author": "The Post-Liberal Cyberspace authors"})
    with target.open("wb") as f:
        writer.write(f)
    return target


def _append(writer, pdf: bytes, title: str) -> None:
    """Add one printed page's sheets to the book, with a bookmark at its first sheet."""
    import io

    from pypdf import PdfReader

    first = len(writer.pages)
    writer.append(PdfReader(io.BytesIO(pdf)))
    writer.add_outline_item(title=title, page_number=first)


def main(argv: list[str] | None = None) -> int:
    """``python -m cyberorder.pdf [--no-solutions] [--root DIR]``, from the repository's root."""
    parser = argparse.ArgumentParser(prog="python -m cyberorder.pdf", description=__doc__.split("\n", 1)[0])
    parser.add_argument("--no-solutions", action="store_true", help="leave the solutions out (student edition)")
    parser.add_argument("--root", type=Path, default=Path(), help="the repository (default: here)")
    args = parser.parse_args(argv)
    target = build_pdf(args.root, solutions=not args.no_solutions)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
