"""Find every passage the book puts in quotation marks and check it against the article's text.

The book quotes Barrinha and Renard's article, and the scholars and documents it cites. A quotation is checked so:

- a passage that appears, word for word, in the article (after the normalisation below) is the article's words;
- a passage that is *almost* in the article (a word changed, dropped or added) is a misquotation, whoever the book
  attributes it to, unless the registry below lists it as another source's exact words (a UN title the article
  paraphrases, say);
- any other passage of two words or more must be someone else's words, marked so: either a ``{cite}`` role follows
  it in the same sentence and names a work other than the article, or it is listed in
  ``book/quotations-of-others.yml`` with its author or source. An unmarked one is "not the article's words".

Normalisation: quotation marks and apostrophes (curly or straight, double or single) become one mark, dashes become
"-", runs of white space one space; the article's editorial marks ``{N}``, ``{?}`` and its footnote numbers are
dropped, and a line break after a hyphen joins the two halves. An ellipsis ("…" or "...") or an editorial insertion
in square brackets splits a quotation into fragments that must each appear, in order. Case is compared exactly except
for the first letter of each fragment.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

ROOT = Path(os.environ.get("BOOK_ROOT") or Path(__file__).resolve().parents[1]).resolve()
ARTICLE = next((p / "shared" / "article" / "barrinha-renard-2020.txt" for p in ROOT.parents
                if (p / "shared" / "article" / "barrinha-renard-2020.txt").exists()),
               ROOT.parent / "shared" / "article" / "barrinha-renard-2020.txt")
"""The article's text, in the project's shared folder beside the repository (not part of the book)."""
ARTICLE_KEY = "barrinha2020power"
OTHERS = ROOT / "book" / "quotations-of-others.yml"

_QUOTE = re.compile(r"“([^”“]{2,600}?)”|(?<![\w=:(\[/\\])\"((?:[^\"\n]|\n(?!\s*\n)){2,600}?)\"(?![\w=])")
_CITE = re.compile(r"^[^.“\"]{0,80}?\{cite(?::[a-z]+)?\}`([^`]+)`")


def normalise(text: str) -> str:
    """The comparable form of a passage: straight quotes, one kind of dash, single spaces."""
    text = text.replace("\u00a0", " ")
    text = re.sub(r"[‘’‚‛′]", "'", text)
    text = re.sub(r"[“”„‟″\"]", "'", text)  # nested quotation marks: double or single, the same
    text = re.sub(r"[‐‑‒–—―−]", "-", text)
    text = re.sub(r"\s*-\s*-\s*", "-", text)
    return re.sub(r"\s+", " ", text).strip()


@cache
def article_text() -> str:
    """The article as one normalised line: editorial marks, footnote numbers and line breaks removed."""
    raw = ARTICLE.read_text(encoding="utf-8")
    raw = re.sub(r"\{[^}]{0,4}\}", "", raw)
    raw = re.sub(r"-[ \t]*\n\s*", "-", raw)  # post-\nliberal -> post-liberal
    # footnote numbers glued to the end of a word or a closing quote/punctuation: states’4— / cyberspace’.6
    raw = re.sub(r"(?<=[a-z\.,;:’'\)”\"])\d{1,3}(?=[\s—–\-,.;:])", "", raw)
    return normalise(raw)


@cache
def article_without_footnotes() -> str:
    """The article with its footnote blocks cut out, so that a sentence broken by a page's footnotes reads on."""
    raw = ARTICLE.read_text(encoding="utf-8")
    raw = re.sub(r"\{[^}]{0,4}\}", "", raw)
    lines = raw.splitlines()
    keep: list[str] = []
    in_note = False
    blanks = 0
    for line in lines:
        stripped = line.strip()
        if re.match(r"^\d{1,3} [A-Z‘“'\"]", stripped) or (
                re.match(r"^\d{1,3} \S", stripped) and keep and not keep[-1].strip().endswith(".")):
            in_note = True
        if in_note:
            blanks = blanks + 1 if not stripped else 0
            if line == " " or blanks >= 4:
                in_note = False
            continue
        if stripped.startswith("http"):
            continue
        keep.append(line)
    text = "\n".join(keep)
    text = re.sub(r"-[ \t]*\n\s*", "-", text)
    text = re.sub(r"(?<=[a-z\.,;:’'\)”\"])\d{1,3}(?=[\s—–\-,.;:])", "", text)
    return normalise(text)


def _fragments(quote: str) -> list[str]:
    parts = re.split(r"\s*(?:…|\.\.\.|\[[^\]]*\])\s*", normalise(quote))
    return [p.strip(" ,;:") for p in parts if len(p.strip(" ,;:.")) > 0]


def _found(fragment: str, text: str, start: int) -> int:
    """Where ``fragment`` appears in ``text`` at or after ``start`` (first letter in either case), or -1."""
    for candidate in {fragment, fragment[:1].upper() + fragment[1:], fragment[:1].lower() + fragment[1:]}:
        at = text.find(candidate, start)
        if at >= 0:
            return at
        if candidate.endswith("."):
            at = text.find(candidate[:-1], start)
            if at >= 0:
                return at
    return -1


def in_article(quote: str) -> bool:
    """True when every fragment of ``quote`` is in the article, word for word, in order."""
    for text in (article_text(), article_without_footnotes()):
        at = 0
        for fragment in _fragments(quote):
            found = _found(fragment, text, at)
            if found < 0:
                break
            at = found + len(fragment)
        else:
            return True
    return False


@cache
def _article_words() -> tuple[str, ...]:
    return tuple(re.findall(r"\w+(?:[-']\w+)*", article_text().lower()))


def nearest_in_article(quote: str) -> tuple[float, str]:
    """The article's passage most like ``quote``, word by word, and how alike they are (0-1).

    A quotation of four words or more that is 75 % alike or more, but not exact, is a misquotation.
    """
    words = re.findall(r"\w+(?:[-']\w+)*", normalise(quote).lower())
    if len(words) < 4:
        return 0.0, ""
    text = _article_words()
    index: dict[str, list[int]] = {}
    for i, w in enumerate(text):
        index.setdefault(w, []).append(i)
    best = (0.0, "")
    starts = {max(0, i - k) for k, w in enumerate(words) if len(w) > 3 for i in index.get(w, [])}
    for lo in starts:
        for n in (len(words) - 1, len(words), len(words) + 1):
            window = text[lo:lo + n]
            ratio = difflib.SequenceMatcher(None, words, window, autojunk=False).ratio()
            if ratio > best[0]:
                best = (ratio, " ".join(window))
    return best


@dataclass(frozen=True)
class Quotation:
    """One passage in quotation marks, where it stands, and whose words the book says they are."""

    text: str
    where: str
    cited: tuple[str, ...]


def _prose_of_markdown(text: str) -> str:
    """Markdown with code, math, HTML and directive options blanked out (quotes there are not quotations)."""
    text = re.sub(r"```(?!\{(?:exercise|solution|admonition|note|tip|important|warning|dropdown|figure|epigraph|"
                  r"margin|seealso|topic|sidebar|div|glossary|table|list-table)\b)[^\n]*\n.*?```", "", text, flags=re.S)
    text = re.sub(r"^\s*:[\w-]+:.*$", "", text, flags=re.M)
    text = re.sub(r"^ {4,}\S.*\w\(.*$", "", text, flags=re.M)  # indented code inside a solution: a call
    text = re.sub(r"\$\$.*?\$\$", "", text, flags=re.S)
    text = re.sub(r"(?<![`\\])`[^`\n]*`", lambda m: m.group(0) if m.start() and text[m.start() - 1] == "}" else "",
                  text)
    text = re.sub(r"<[^>\n]+>", "", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return text


def quotations_in(text: str, where: str, min_words: int = 2) -> list[Quotation]:
    """Every quotation of ``min_words`` words or more in a piece of Markdown."""
    prose = _prose_of_markdown(text)
    found = []
    for m in _QUOTE.finditer(prose):
        quote = (m.group(1) or m.group(2) or "").strip()
        if len(quote.split()) < min_words:
            continue
        after = _CITE.match(prose[m.end():m.end() + 200])
        cited = tuple(k.strip() for k in after.group(1).split(",")) if after else ()
        line = prose.count("\n", 0, m.start()) + 1
        found.append(Quotation(quote, f"{where}:{line}", cited))
    return found


def book_quotations(min_words: int = 2) -> list[Quotation]:
    """Every quotation of ``min_words`` words or more in the book's prose, labs and coursework."""
    out: list[Quotation] = []
    for path in sorted((ROOT / "book").rglob("*.md")):
        if "_build" not in path.parts:
            out += quotations_in(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)), min_words)
    for folder in ("book", "coursework"):
        for path in sorted((ROOT / folder).rglob("*.ipynb")):
            if ".ipynb_checkpoints" in path.parts or "_build" in path.parts:
                continue
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            for i, cell in enumerate(cells):
                if cell["cell_type"] == "markdown":
                    out += quotations_in("".join(cell["source"]), f"{path.relative_to(ROOT)} cell {i}", min_words)
    return out


def claim_quotations() -> list[Quotation]:
    """The ``quote`` of every claim in the registry: the article's words, by definition."""
    from cyberorder.claims import CLAIMS

    return [Quotation(c.quote, f"claim {c.id}", (ARTICLE_KEY,)) for c in CLAIMS]


@cache
def others() -> dict[str, str]:
    """The quotations the book marks as someone else's words: passage -> author or source.

    ``book/quotations-of-others.yml`` is a list of ``{text: ..., source: ...}``; an entry without a source is an error.
    """
    if not OTHERS.exists():
        return {}
    entries = yaml.safe_load(OTHERS.read_text(encoding="utf-8")) or []
    bad = [e for e in entries if not str(e.get("source", "")).strip() or not str(e.get("text", "")).strip()]
    if bad:
        raise ValueError(f"{OTHERS.name}: every entry needs a text and a source; not {bad[:3]}")
    return {normalise(e["text"]).lower(): e["source"] for e in entries}


def problem(q: Quotation) -> str | None:
    """What is wrong with a quotation, or None when it is exact or marked as someone else's."""
    if in_article(q.text) or normalise(q.text).lower() in article_text().lower():
        return None
    if normalise(q.text).lower() in others():  # listed, with its source, as someone else's exact words
        return None
    ratio, near = nearest_in_article(q.text)
    if ratio >= 0.75:
        return f"{q.where}: misquotes the article: “{q.text}” — the article has “{near.strip()}” ({ratio:.2f} alike)"
    if ARTICLE_KEY in q.cited and len(q.cited) == 1:
        return f"{q.where}: cited as the article's words but not in it: “{q.text}”"
    if q.cited:
        return None
    return (f"{q.where}: not the article's words, and not marked as someone else's: “{q.text}” (a quotation of "
            f"another author: put its {{cite:p}} role right after it, or list it in book/quotations-of-others.yml "
            f"as '- text: \"...\"' + '  source: author or document'; a control's label, a title or a question of "
            f"the book's own is not a quotation: write it in bold or italics)")


def main(argv: list[str]) -> int:
    """Report every problem in the whole book (no arguments) or in the files named."""
    quotes = book_quotations()
    if argv:
        wanted = [str(Path(a).resolve().relative_to(ROOT)) for a in argv]
        quotes = [q for q in quotes if any(q.where.startswith(w) for w in wanted)]
    else:
        quotes += claim_quotations()
    problems = [p for q in quotes if (p := problem(q))]
    for p in problems:
        print(p)
    print(f"{len(quotes)} quotations checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
