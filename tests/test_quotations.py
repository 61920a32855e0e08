"""Every passage the book presents as the article's words is the article's words, exactly (issue: faithful quotation).

The article's text lives in the project's shared folder beside the repository, not in the book; without it these tests
skip, saying why. CI has it.
"""

from __future__ import annotations

import re

import pytest

from tests import quotations as q
from tests.conftest import ROOT

needs_article = pytest.mark.skipif(not q.ARTICLE.is_file(), reason=f"the article's text is not at {q.ARTICLE}")


@needs_article
def test_every_quotation_in_the_book_is_exact_or_marked_as_someone_elses() -> None:
    quotes = q.book_quotations() + q.claim_quotations()
    assert len(quotes) > 100
    problems = [p for x in quotes if (p := q.problem(x))]
    assert problems == [], "\n".join(problems)


@needs_article
def test_a_changed_word_in_a_quotation_of_the_article_is_caught() -> None:
    quotes = [x for x in q.book_quotations() if len(x.text.split()) >= 5 and q.in_article(x.text)]
    assert quotes, "the book quotes no sentence of the article"
    for x in quotes[:10]:
        words = x.text.split()
        i = max(range(len(words)), key=lambda k: len(words[k]))
        changed = " ".join([*words[:i], "different", *words[i + 1:]])
        assert q.problem(q.Quotation(changed, x.where, x.cited)) is not None, changed
        assert q.problem(q.Quotation(changed, x.where, ("someoneelse2020",))) is not None, "a near miss is a misquote"


@needs_article
def test_ellipses_insertions_and_typography_are_allowed() -> None:
    assert q.in_article("China has become a competing Great Power")
    assert q.in_article("The wave of democratization … has clearly stopped")
    assert q.in_article("relatively more powerful [in cyber] than in any other domain")
    assert q.in_article("a ‘primary institution’ of international society")
    assert q.in_article('a "primary institution" of international society')
    assert not q.in_article("China has become a competing Small Power")


@needs_article
def test_unmarked_words_that_are_not_the_article_are_reported() -> None:
    made_up = q.Quotation("diplomacy is the art of letting others have your way", "test", ())
    assert "not the article's words" in q.problem(made_up)
    assert q.problem(q.Quotation(made_up.text, "test", ("someone2019",))) is None  # cited as another author's
    assert "not in it" in q.problem(q.Quotation(made_up.text, "test", (q.ARTICLE_KEY,)))


def test_quotations_are_found_in_prose_but_not_in_code() -> None:
    text = ('A “quoted passage here” {cite:p}`kahler2016global`.\n\n```python\nx = "not a quote at all"\n```\n'
            'And `"code span text"` and “another one”.')
    found = q.quotations_in(text, "t.md")
    assert [x.text for x in found] == ["quoted passage here", "another one"]
    assert found[0].cited == ("kahler2016global",)


def _bib() -> dict[str, dict[str, str]]:
    text = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    out = {}
    for key, body in re.findall(r"@\w+\{([^,]+),(.*?)\n\}", text, re.S):
        fields = dict(re.findall(r"(\w+)\s*=\s*\{(.*?)\},?\s*$", body, re.M | re.S))
        out[key.strip()] = fields
    return out


def _plain(text: str) -> str:
    text = re.sub(r"-\s*\n\s*", "-", text)  # a URL or word broken after a hyphen at a line end
    return re.sub(r"\s+", " ", re.sub(r"[‘’'“”\"{}\\]", "", text)).lower()


def _footnotes() -> dict[int, str]:
    """The article's footnotes in the shared copy of its text (1-49: the copy lacks 50-100), by number."""
    article = q.ARTICLE.read_text(encoding="utf-8")
    notes = {}
    for m in re.finditer(r"(?ms)^(\d{1,3}) [A-Z‘].*?(?=^\d{1,3} [A-Z‘]|^https?://|\Z)", article):
        notes[int(m.group(1))] = _plain(m.group(0))[:600]  # a footnote ends where the page's URLs or body resume
    return notes


def _cites(entry: dict[str, str], note: str) -> bool:
    """Whether a footnote cites the work of a bibliography entry (its title's first words, or a short title)."""
    words = re.findall(r"[a-z0-9]+", _plain(entry.get("title", "")))
    url = entry.get("url", "").lower().split("://")[-1].rstrip("/")
    return (bool(url) and url in note) or (
        bool(words) and any(re.search(r"\W+".join(words[:n]), note) for n in (4, 2) if len(words) >= n))


def _surname(entry: dict[str, str]) -> str:
    return re.sub(r"\\.|[{}]", "", entry.get("author", "").split(" and ")[0].split(",")[0]).strip().lower()


@needs_article
def test_works_by_authors_the_article_cites_are_the_works_it_cites() -> None:
    """A book entry by an author of the article's footnotes must be a work those footnotes cite.

    The shared copy of the article has footnotes 1-49 only. An entry the book adds itself says so with
    ``keywords = {not-cited-by-the-article}``; one the article may cite in footnotes 50-100, which the copy lacks, with
    ``keywords = {footnote-not-in-copy}`` (unverified, and said so).
    """
    notes = _footnotes()
    assert len(notes) >= 40
    wrong = []
    for key, entry in _bib().items():
        marks = entry.get("keywords", "")
        if key == q.ARTICLE_KEY or "not-cited-by-the-article" in marks or "footnote-not-in-copy" in marks:
            continue
        cited = [n for n in notes.values() if _surname(entry) and _surname(entry) in n]
        if cited and not any(_cites(entry, n) for n in cited):
            wrong.append(f"{key}: the article's footnotes cite {_surname(entry).title()} for other works")
    assert wrong == []


@needs_article
def test_a_quotation_cites_the_work_the_article_footnotes_for_it() -> None:
    """Where the book quotes the article quoting someone, its citation is the work of the article's footnote."""
    raw = re.sub(r"\s+", " ", q.ARTICLE.read_text(encoding="utf-8"))
    raw = re.sub(r"[‘’]", "'", raw)
    notes, bib, wrong = _footnotes(), _bib(), []
    for x in q.book_quotations(min_words=1):
        others = [k for k in x.cited if k != q.ARTICLE_KEY and k in bib]
        at = raw.find(q.normalise(x.text).replace('"', "'"))
        if not others or at < 0 or len(x.text.split()) < 1:
            continue
        m = re.search(r"(?<=[a-z.,;:')\]])(\d{1,3})(?=[\s,.;:—-])", raw[at + len(x.text):at + len(x.text) + 120])
        if not m or int(m.group(1)) not in notes:
            continue
        if not any(_cites(bib[k], notes[int(m.group(1))]) for k in others):
            wrong.append(f"{x.where}: “{x.text}” cites {others}, but the article's footnote {m.group(1)} cites "
                         f"“{notes[int(m.group(1))][:90]}…”")
    assert wrong == []
