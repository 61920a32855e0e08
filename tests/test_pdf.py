"""The whole book as one PDF (`python -m cyberorder.pdf`, README): every page, heading, chart and solution."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from cyberorder.pdf import pages_in_order
from tests.conftest import ROOT

PDF = ROOT / "_build" / "pdf" / "post-liberal-cyberspace.pdf"


def _squash(text: str) -> str:
    """Text without spaces, hyphens or quotes, ligatures undone: PDF extraction breaks lines and words anywhere."""
    return re.sub(r"[\s\-‐'’\"“”]+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def book(site: Path, chromium_path: str) -> dict:
    """The README's PDF command, run on the built site: its pages' text and its bookmarks.

    The text is read by PDFium (pypdfium2), Chromium's own PDF library, in 0.5 s; pypdf, which joins the pages
    and writes the bookmarks, reads them too, but in pure Python: 11 s for the book's 363 sheets of charts.
    """
    import pypdfium2
    from pypdf import PdfReader

    run = subprocess.run([sys.executable, "-m", "cyberorder.pdf"], cwd=ROOT, capture_output=True, text=True,
                         check=False)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    reader, document = PdfReader(PDF), pypdfium2.PdfDocument(PDF)
    try:
        pages = [document[i].get_textpage().get_text_bounded() for i in range(len(document))]
    finally:
        document.close()
    assert len(pages) == len(reader.pages)
    return {"pages": pages, "outline": [(o.title, reader.get_destination_page_number(o)) for o in reader.outline]}


def _built(site: Path) -> dict[str, BeautifulSoup]:
    return {doc: BeautifulSoup((site / f"{doc}.html").read_text(encoding="utf-8"), "html.parser")
            for doc in pages_in_order(ROOT / "_toc.yml")}


def test_the_toc_is_read_in_the_books_order() -> None:
    order = pages_in_order(ROOT / "_toc.yml")
    assert order[0] == "book/intro" and order.index("book/01-introduction/index") < order.index(
        "book/01-introduction/lab") < order.index("book/02-framing/index") < order.index("book/appendix/references")
    assert len(order) == len(set(order)) == (ROOT / "_toc.yml").read_text(encoding="utf-8").count("file:") + 1


def test_every_page_of_the_book_is_in_the_pdf_in_order_with_its_heading(book: dict, site: Path) -> None:
    built = _built(site)
    titles = [title for title, _ in book["outline"]]
    assert titles[-1] == "Solutions" and len(titles) == len(built) + 1
    starts = [start for _, start in book["outline"]]
    assert starts == sorted(starts) and len(set(starts)) == len(starts), "a page is missing or out of order"
    assert len(book["pages"]) >= 2 * len(built), f"{len(book['pages'])} sheets for {len(built)} pages"
    for (doc, soup), (title, start) in zip(built.items(), book["outline"], strict=False):
        heading = soup.select_one("article h1").get_text(" ", strip=True).replace("#", "").strip()
        assert title == heading, f"{doc}: bookmark {title!r}, page heading {heading!r}"
        assert _squash(heading.split(". ", 1)[-1])[:40] in _squash(book["pages"][start]), f"{doc}: heading not printed"


def test_every_chart_is_printed_with_its_text_alternative(book: dict, site: Path) -> None:
    text = _squash("".join(book["pages"]))
    labels = [chart["aria-label"] for soup in _built(site).values()
              for chart in soup.select("div.cyberorder-chart[aria-label]")]
    assert len(labels) >= 30
    assert "".join(book["pages"]).count("Text alternative:") == len(labels)
    missing = [label[:60] for label in labels if _squash("Text alternative: " + label) not in text]
    assert not missing, f"charts printed without their text alternative: {missing}"


def test_exercises_stay_in_place_and_their_solutions_close_the_book(book: dict, site: Path) -> None:
    built = _built(site)
    solutions = [s.select_one(".admonition-title").get_text(" ", strip=True)
                 for soup in built.values() for s in soup.select("div.solution")]
    exercises = sum(len(soup.select("div.exercise")) for soup in built.values())
    assert exercises >= 36 and len(solutions) >= 36
    start = book["outline"][-1][1]
    before, after = _squash("".join(book["pages"][:start])), _squash("".join(book["pages"][start:]))
    for title in solutions:
        assert _squash(title) in after, f"{title} is not in the Solutions section"
        assert _squash(title) not in before, f"{title} is printed in the body: solutions belong at the end"
