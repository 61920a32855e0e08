"""The claims appendix: one card per claim, with its verdict in words, its value and a link to where it is computed."""

from __future__ import annotations

import re
import sys
from types import SimpleNamespace

from cyberorder import claims
from tests.conftest import ROOT
from tests.test_site_browser import browser, server  # noqa: F401  (the built site and Chromium, as fixtures)

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import tables


class _Builder:
    def get_relative_uri(self, source: str, target: str) -> str:
        return f"../{target.split('/', 1)[1]}.html"


class _Cards(tables.ClaimsTable):
    env = SimpleNamespace(app=SimpleNamespace(builder=_Builder()), docname="book/appendix/claims")

    def __init__(self) -> None:  # no Sphinx state needed to render
        pass


def _html() -> str:
    return _Cards().run()[0].astext()


def test_one_card_per_claim_with_its_verdict_in_words_and_a_link() -> None:
    page = _html()
    assert page.count('class="claim-card"') == len(claims.CLAIMS)
    for claim, found in claims.check_all():
        card = re.search(rf'<article class="claim-card" id="claim-{claim.id}".*?</article>', page, re.S).group(0)
        assert f">{claim.verdict(found)}</span>" in card
        assert 'href="../' in card, f"{claim.id}: no link to where it is computed"


def test_filters_by_chapter_and_verdict_are_labelled_controls() -> None:
    page = _html()
    for key in ("chapter", "verdict"):
        assert f'<label for="claim-filter-{key}">' in page and f'id="claim-filter-{key}"' in page
    assert 'role="status"' in page


def test_cards_fit_a_phone_column() -> None:
    assert "minmax(min(100%,22rem),1fr)" in tables.CLAIM_CARD_STYLE
    assert "overflow-wrap:anywhere" in tables.CLAIM_CARD_STYLE


def test_the_claims_page_fits_a_phone_and_its_filters_work(browser, server) -> None:  # noqa: F811
    """At 390 px nothing scrolls sideways; choosing a verdict shows only its cards and says how many."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(server + "book/appendix/claims.html")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator(".claim-card:visible").count() == len(claims.CLAIMS)
    page.select_option("#claim-filter-verdict", "depends-on-the-measure")
    expected = sum(c.verdict(f) == "depends on the measure" for c, f in claims.check_all())
    assert page.locator(".claim-card:visible").count() == expected > 0
    assert page.locator("#claim-count").inner_text() == f"{expected} claims shown"
    context.close()
