"""The built site fetches nothing from another host: a static scan of ``_build/html`` (no browser).

The book promises that the published site loads nothing from any other host (README, "Read it"):
Vega comes from ``_static/offline/vega-all.js``, MathJax from ``_static/mathjax/``. These tests read
every ``.html`` file of the built site and every CSS and JavaScript file the pages reference (found
transitively, vendored libraries included), and fail on any reference the browser would *fetch* from
another host. Plain ``<a href>`` links are navigation, not fetches, and are allowed.

They also check the pieces of the offline design: chart pages load the Vega file, no page carries
the inline Vega bundle, math pages load the local MathJax, charts have ARIA labels, and no ipywidgets
output or widget manager reaches the site. ``test_site_browser.py`` checks the same promise at run time.

Each check is a function returning a list of problems, so the meta-tests at the end can prove, on
mutated copies of real pages, that the checks catch what they name.
"""

from __future__ import annotations

import os
import re
import shutil
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from cyberorder.charts import BUNDLE_MARK, vega_bundle
from tests.chart_grammar import grammar_problems

VEGA_FILE = Path("_static") / "offline" / "vega-all.js"
MATHJAX_DIR = Path("_static") / "mathjax"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"
# The first line of the guarded Vega bundle, "(function(){if(window.vegaEmbed){return;}": its signature.
BUNDLE_GUARD = vega_bundle().split("\n", 1)[0]

# A URL the browser would resolve against another host: any scheme-qualified network URL, or a
# protocol-relative one ("//host/x", which browsers also accept as "\\host\x").
EXTERNAL = re.compile(r"^\s*(?:(?:https?|wss?|ftp):|[/\\]{2})", re.IGNORECASE)

# <link rel> values that only describe a relation to another document: the browser fetches nothing.
# Any other rel (stylesheet, preload, modulepreload, icon, manifest, prefetch, preconnect, ...) counts.
NAVIGATION_RELS = frozenset({
    "alternate", "author", "bookmark", "canonical", "chapter", "contents", "copyright", "first", "glossary",
    "help", "index", "last", "license", "next", "prev", "previous", "search", "section", "start", "top", "up",
})
# Attributes whose URL the browser fetches, on any element (``data`` only on <object>, below).
FETCH_ATTRS = ("src", "poster", "background", "ping", "manifest", "codebase", "lowsrc", "dynsrc")
SRCSET_ATTRS = ("srcset", "imagesrcset")
# SVG elements whose href / xlink:href is fetched (an external <use> or <image> is a request).
SVG_FETCH_TAGS = frozenset({"image", "use", "feimage", "script"})

# <script> types the browser executes (classic and module scripts), or that make it fetch URLs
# (import maps, speculation rules). Any other type is an inert data block, never run by the browser.
SCRIPT_TYPES = frozenset({
    "", "text/javascript", "application/javascript", "application/x-javascript", "text/x-javascript",
    "text/ecmascript", "application/ecmascript", "text/jscript", "module", "importmap", "speculationrules",
})
INLINE_URL = re.compile(r"""https?://[^\s"'`<>\\)]+|(?<=["'`])//[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+""", re.IGNORECASE)
# The one URL allowed inside an inline script: the Vega-Lite spec's "$schema". vega-embed reads it only
# to choose the parser (Vega or Vega-Lite) and to compare versions; it never fetches it (the browser
# tests block every other host and see no request).
SCHEMA_URL = re.compile(r'"\$schema":\s*"https://vega\.github\.io/schema/vega-lite/v[0-9][0-9.]*\.json"')

CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""", re.IGNORECASE)
CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)

# In JavaScript: a string literal that *is* an absolute URL (not the href of an <a> built in a string:
# a link), and HTML or CSS fragments built in strings.
JS_URL_LITERAL = re.compile(r"""(?<!href=)(?<!href=\\)["'`]"""
                            r"""((?:https?:)?//[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+[^"'`\s\\]*)""", re.IGNORECASE)
JS_FRAGMENT = re.compile(
    r"""(?:\b(?:src|srcset|poster|data)\s*=\s*\\?["']?|url\(\s*\\?["']?|@import\s+\\?["'])\s*((?:https?:)?//[^"'`\s)\\]+)""",
    re.IGNORECASE,
)
# Absolute URL literals in the vendored JavaScript that are never fetched. Each needs a reason; the
# browser tests (every other host blocked, 0 blocked requests, MathJax's speech explorer switched on)
# back the claims.
JS_URL_ALLOWED: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("*", re.compile(r"^http://www\.w3\.org/"),
     "XML namespace names (SVG, MathML, XLink, SSML): identifiers, never dereferenced"),
    ("offline/vega-all.js", re.compile(r"^https://vega\.github\.io/schema/vega/v\d+\.json$"),
     "the $schema Vega-Lite writes into the Vega spec it compiles: metadata, not fetched"),
    ("offline/vega-all.js", re.compile(r"^https://vega\.github\.io/editor/$"),
     "the 'Open in Vega Editor' action (disabled by EMBED_OPTIONS): a window opened on a click, not a fetch"),
    ("mathjax/tex-chtml.js", re.compile(r"^https://cdn\.jsdelivr\.net/npm/speech-rule-engine@"),
     "SRE's default mathmaps location; MathJax's loader replaces it with [mathjax]/sre/mathmaps (local)"),
    ("mathjax/tex-chtml.js", re.compile(r"^https://cdn\.jsdelivr\.net/npm/(?:sre-mathmaps-ie|wicked-good-xpath)@"),
     "loaded by SRE only in browsers without document.evaluate (Internet Explorer)"),
)

WIDGET_MANAGER = re.compile(r"require(?:\.min)?\.js|html-manager|embed-amd|@jupyter-widgets", re.IGNORECASE)


# -- reading the site ----------------------------------------------------------------------------


def html_files(root: Path) -> list[Path]:
    """Every .html file of the built site, ``_static`` and ``_sources`` included."""
    return sorted(root.rglob("*.html"))


@lru_cache(maxsize=256)  # more than the site has pages: a scan of every page must not evict them all
def _parse(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "html.parser")


def soup(path: Path) -> BeautifulSoup:
    """The parsed page (cached by content, so a page rewritten by a meta-test is parsed again)."""
    return _parse(path.read_text(encoding="utf-8"))


def rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def resolve(ref: str, base: Path, root: Path) -> Path | None:
    """The file under ``root`` that ``ref`` (relative to the file ``base``) names; None if not local."""
    if EXTERNAL.match(ref):
        return None
    parts = urlsplit(ref.strip())
    if parts.scheme or not parts.path:  # data:, blob:, javascript:, mailto:, or only '#frag' / '?q'
        return None
    path = unquote(parts.path)
    target = root / path.lstrip("/") if path.startswith("/") else base.parent / path
    return Path(os.path.normpath(target))


def _link_fetches(tag: Tag) -> bool:
    rels = {r.lower() for r in (tag.get("rel") or [])}
    return not rels or not rels <= NAVIGATION_RELS


def _is_executed(script: Tag) -> bool:
    return str(script.get("type") or "").strip().lower() in SCRIPT_TYPES


def _srcset_urls(value: str) -> list[str]:
    return [c.split()[0] for c in value.split(",") if c.strip()]


def page_fetch_refs(page: BeautifulSoup) -> list[tuple[str, str]]:
    """(where, url) for every URL the page makes the browser fetch, local or not."""
    refs: list[tuple[str, str]] = []
    for tag in page.find_all(True):
        name = tag.name.lower()
        for attr in FETCH_ATTRS:
            if tag.get(attr) is not None:
                refs.append((f"<{name} {attr}>", str(tag[attr])))
        for attr in SRCSET_ATTRS:
            if tag.get(attr):
                refs += [(f"<{name} {attr}>", u) for u in _srcset_urls(str(tag[attr]))]
        if name == "object" and tag.get("data") is not None:
            refs.append(("<object data>", str(tag["data"])))
        if name == "link" and tag.get("href") is not None and _link_fetches(tag):
            refs.append((f"<link rel={' '.join(tag.get('rel') or [])} href>", str(tag["href"])))
        if name == "base" and tag.get("href") is not None:
            refs.append(("<base href>", str(tag["href"])))
        if name in SVG_FETCH_TAGS:
            for attr in ("href", "xlink:href"):
                if tag.get(attr) is not None:
                    refs.append((f"<{name} {attr}>", str(tag[attr])))
        if tag.get("style"):
            refs += [(f"<{name} style> {w}", u) for w, u in css_refs(str(tag["style"]))]
        if name == "style":
            refs += [(f"<style> {w}", u) for w, u in css_refs(tag.get_text())]
    return refs


def css_refs(text: str) -> list[tuple[str, str]]:
    """(where, url) for every url(...) and @import in a style sheet (comments removed)."""
    text = CSS_COMMENT.sub("", text)
    refs = [("url()", next(g for g in m.groups() if g is not None)) for m in CSS_URL.finditer(text)]
    refs += [("@import", m.group(1) or m.group(2)) for m in CSS_IMPORT.finditer(text)]
    return refs


# -- the checks: each returns a list of problems -------------------------------------------------


def external_fetches_in_page(path: Path) -> list[str]:
    """Fetchable references to another host in one HTML file, inline scripts and styles included."""
    page = soup(path)
    problems = [f"{where} {url}" for where, url in page_fetch_refs(page) if EXTERNAL.match(url)]
    for script in page.find_all("script"):
        if script.get("src") is not None or not _is_executed(script):
            continue  # src is checked above; data blocks (JSON, Thebe's config) are never run
        body = SCHEMA_URL.sub('"$schema": ""', script.get_text())
        problems += [f"inline <script> {m.group(0)}" for m in INLINE_URL.finditer(body)]
    return problems


def external_fetches_in_css(text: str) -> list[str]:
    return [f"{where} {url}" for where, url in css_refs(text) if EXTERNAL.match(url)]


def external_fetches_in_js(text: str, name: str) -> list[str]:
    """Absolute URL literals and HTML/CSS fragments pointing to another host, minus the allowlist."""
    found: dict[str, str] = {}
    for m in [*JS_URL_LITERAL.finditer(text), *JS_FRAGMENT.finditer(text)]:
        url = m.group(1)
        if not any((who == "*" or name.endswith(who)) and pattern.search(url)
                   for who, pattern, _why in JS_URL_ALLOWED):
            found.setdefault(url, m.group(0))
    return [f"{url} (in {context})" for url, context in found.items()]


def referenced_assets(root: Path) -> set[Path]:
    """Every CSS and JS file under ``root`` the pages reference, following @import and url() in CSS."""
    todo: list[Path] = []
    for path in html_files(root):
        for _where, url in page_fetch_refs(soup(path)):
            target = resolve(url, path, root)
            if target is not None and target.suffix in {".css", ".js", ".mjs"}:
                todo.append(target)
    seen: set[Path] = set()
    while todo:
        asset = todo.pop()
        if asset in seen or not asset.is_file():
            continue
        seen.add(asset)
        if asset.suffix == ".css":
            for _where, url in css_refs(asset.read_text(encoding="utf-8", errors="replace")):
                target = resolve(url, asset, root)
                if target is not None and target.suffix == ".css":
                    todo.append(target)
    return seen


def missing_local_files(path: Path, root: Path) -> list[str]:
    """Local files the page makes the browser fetch that the build did not write."""
    if path.relative_to(root).parts[0] in {"_static", "_sources"}:
        return []  # the theme's Jinja macro files in _static are templates ({{ pathto(...) }}), not pages
    problems = []
    for where, url in page_fetch_refs(soup(path)):
        target = resolve(url, path, root)
        if target is not None and not target.is_file():
            problems.append(f"{where} {url} -> missing {target}")
    return problems


def chart_problems(path: Path, root: Path) -> list[str]:
    """A page with a chart must load the offline Vega file, and before its first vegaEmbed call."""
    page = soup(path)
    if not page.select("div.cyberorder-chart"):
        return []
    vega = Path(os.path.normpath(root / VEGA_FILE))
    loaded = False
    for script in page.find_all("script"):
        if script.get("src") is not None and resolve(str(script["src"]), path, root) == vega:
            loaded = True
        elif _is_executed(script) and "vegaEmbed(" in script.get_text() and not loaded:
            return [f"a vegaEmbed call runs before any <script src> of {VEGA_FILE.as_posix()} (or there is none)"]
    if not loaded:
        return [f"has a chart but no <script src> of {VEGA_FILE.as_posix()}"]
    if not vega.is_file():
        return [f"loads {VEGA_FILE.as_posix()}, which the build did not write"]
    return []


def inline_bundle_problems(path: Path) -> list[str]:
    """The inline Vega bundle (marked by BUNDLE_MARK) must have been swapped for the file."""
    text = path.read_text(encoding="utf-8")
    states = "".join(s.get_text() for s in soup(path).find_all("script", type=WIDGET_STATE_MIME))
    problems = []
    for what, needle in ((f"the attribute {BUNDLE_MARK}", BUNDLE_MARK), ("the Vega bundle's code", BUNDLE_GUARD)):
        if needle in text:
            where = (f" (inside the <script type={WIDGET_STATE_MIME}>: the live view's Output widget holds "
                     "chart_html() with the bundle inline)") if needle in states else ""
            problems.append(f"contains {what}: the inline Vega bundle survived the build{where}")
    return problems


def math_problems(path: Path, root: Path) -> list[str]:
    """A page with math must load MathJax from ``_static/mathjax/``, and that file must exist."""
    page = soup(path)
    if not page.select(".math"):
        return []
    mathjax = Path(os.path.normpath(root / MATHJAX_DIR))
    local = [t for s in page.find_all("script", src=True)
             if (t := resolve(str(s["src"]), path, root)) is not None and mathjax in t.parents]
    if not local:
        return [f"has math but loads no MathJax from {MATHJAX_DIR.as_posix()}/"]
    return [f"loads {t}, which the build did not write" for t in local if not t.is_file()]


def aria_problems(path: Path) -> list[str]:
    problems = []
    for div in soup(path).select("div.cyberorder-chart"):
        if not str(div.get("aria-label") or "").strip():
            problems.append(f"chart {div.get('id')} has no aria-label")
        if div.get("role") != "figure":
            problems.append(f"chart {div.get('id')} has role={div.get('role')!r}, not 'figure'")
    return problems


def text_alternative_problems(path: Path) -> list[str]:
    """Each chart is followed by its text alternative: a <details class="cyberorder-chart-data"> with a
    <summary> and the chart's quantities as text (a table of its data, or its readout lines)."""
    problems = []
    for div in soup(path).select("div.cyberorder-chart"):
        details = div.find_next_sibling()
        label = f"chart {div.get('id')} ({str(div.get('aria-label') or '')[:40]}...)"
        if details is None or details.name != "details" or "cyberorder-chart-data" not in (details.get("class") or []):
            problems.append(f"{label} is not followed by a <details class=\"cyberorder-chart-data\"> "
                            f"(its text alternative); the next element is <{getattr(details, 'name', None)}>")
            continue
        if details.summary is None or not details.summary.get_text(strip=True):
            problems.append(f"{label}: its text alternative has no <summary> naming it")
        tables = details.find_all("table")
        if not tables and not details.find("li"):
            problems.append(f"{label}: its text alternative holds neither a data table nor readout lines")
        for table in tables:
            if not table.select("thead th") or not table.select("tbody td"):
                problems.append(f"{label}: a data table without column headers or cells")
    return problems


def widget_problems(path: Path) -> list[str]:
    """No ipywidgets view, no widget manager (require.js, html-manager) and no widget state."""
    text = path.read_text(encoding="utf-8")
    page = soup(path)
    problems = []
    if WIDGET_VIEW_MIME in text:
        problems.append(f"renders {WIDGET_VIEW_MIME} (a widget view that cannot run without a kernel)")
    for tag in page.find_all(["script", "link"]):
        url = str(tag.get("src") or tag.get("href") or "")
        if WIDGET_MANAGER.search(url) or tag.get("data-jupyter-widgets-cdn") is not None:
            problems.append(f"loads a widget manager: <{tag.name}> {url}")
    return problems


def widget_state_problems(path: Path) -> list[str]:
    size = sum(len(s.get_text()) for s in soup(path).find_all("script", type=WIDGET_STATE_MIME))
    if size:
        return [f"embeds a <script type={WIDGET_STATE_MIME}> ({size:,} characters) for a widget manager "
                f"the site does not load"]
    return []



def _report(problems: dict[str, list[str]]) -> str:
    return "\n".join(f"{page}: {p}" for page, ps in problems.items() for p in ps)


def _per_page(root: Path, check) -> dict[str, list[str]]:
    found = {rel(p, root): check(p) for p in html_files(root)}
    return {k: v for k, v in found.items() if v}


# -- the tests -----------------------------------------------------------------------------------


def test_pages_fetch_nothing_from_other_hosts(site: Path) -> None:
    """src, srcset, <link> (stylesheet, preload, icon, ...), <object data>, CSS and inline scripts."""
    problems = _per_page(site, external_fetches_in_page)
    assert not problems, "pages fetch from another host:\n" + _report(problems)


def test_referenced_css_and_js_fetch_nothing_from_other_hosts(site: Path) -> None:
    assets = referenced_assets(site)
    names = {rel(a, site) for a in assets}
    assert {VEGA_FILE.as_posix(), (MATHJAX_DIR / "tex-chtml.js").as_posix()} <= names, \
        f"the scan must reach the vendored libraries; it found only {sorted(names)}"
    problems = {}
    for asset in sorted(assets):
        text = asset.read_text(encoding="utf-8", errors="replace")
        name = rel(asset, site)
        found = external_fetches_in_css(text) if asset.suffix == ".css" else external_fetches_in_js(text, name)
        if found:
            problems[rel(asset, site)] = found
    assert not problems, "style sheets or scripts fetch from another host:\n" + _report(problems)


def test_every_local_asset_a_page_fetches_exists(site: Path) -> None:
    problems = _per_page(site, lambda p: missing_local_files(p, site))
    assert not problems, "pages reference files the build did not write:\n" + _report(problems)


def test_chart_pages_load_the_offline_vega_file(site: Path) -> None:
    chart_pages = [p for p in html_files(site) if soup(p).select("div.cyberorder-chart")]
    assert chart_pages, "no page has a div.cyberorder-chart; the Introduction lab should have charts"
    problems = {rel(p, site): found for p in chart_pages if (found := chart_problems(p, site))}
    assert not problems, "\n" + _report(problems)
    text = (site / VEGA_FILE).read_text(encoding="utf-8")
    assert text.startswith(BUNDLE_GUARD) and "vegaEmbed" in text and len(text) > 100_000, \
        f"{VEGA_FILE} is not the guarded Vega bundle of cyberorder.charts.vega_bundle()"


def test_no_page_carries_the_inline_vega_bundle(site: Path) -> None:
    problems = _per_page(site, inline_bundle_problems)
    assert not problems, "\n" + _report(problems)


def test_math_pages_load_mathjax_from_the_site(site: Path) -> None:
    problems = _per_page(site, lambda p: math_problems(p, site))
    assert not problems, "\n" + _report(problems)


def test_every_chart_has_an_aria_label(site: Path) -> None:
    problems = _per_page(site, aria_problems)
    assert not problems, "\n" + _report(problems)


def test_every_chart_has_a_text_alternative(site: Path) -> None:
    """The issue asks for "a text alternative next to each chart for the quantity it shows"."""
    problems = _per_page(site, text_alternative_problems)
    assert not problems, "charts without their text alternative (rebuild the book after changing " \
        "cyberorder.charts.chart_html):\n" + _report(problems)


def test_no_widget_view_and_no_widget_manager(site: Path) -> None:
    problems = _per_page(site, widget_problems)
    assert not problems, "\n" + _report(problems)


def test_no_widget_state_is_embedded(site: Path) -> None:
    """Widget state is data for the ipywidgets manager, which the site never loads: dead weight."""
    problems = _per_page(site, widget_state_problems)
    assert not problems, "\n" + _report(problems)


# -- meta-tests: the checks catch what they name -------------------------------------------------

LAB = Path("book") / "01-introduction" / "lab.html"


@pytest.fixture
def lab_copy(site: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the lab page, the Vega file and MathJax's entry point in a scratch site: (root, page)."""
    for path in (LAB, VEGA_FILE, MATHJAX_DIR / "tex-chtml.js"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(site / path, tmp_path / path)
    return tmp_path, tmp_path / LAB


def _inserted(text: str, html: str, before: str) -> str:
    """``text`` with ``html`` before the *last* ``before`` (the lab's widget state holds earlier ones)."""
    head, sep, tail = text.rpartition(before)
    assert sep, f"no {before} in the page"
    return head + html + sep + tail


def _inject(page: Path, html: str, before: str = "</head>") -> None:
    page.write_text(_inserted(page.read_text(encoding="utf-8"), html, before), encoding="utf-8")


def test_the_scan_catches_external_fetches_in_a_page(lab_copy: tuple[Path, Path]) -> None:
    _root, page = lab_copy
    assert not external_fetches_in_page(page), "the real lab page must scan clean before the mutation"
    injected = {
        '<script src="https://cdn.example/x.js"></script>': "https://cdn.example/x.js",
        '<link rel="stylesheet" href="//cdn.example/x.css">': "//cdn.example/x.css",
        '<link rel="icon" href="http://cdn.example/favicon.ico">': "http://cdn.example/favicon.ico",
        '<link rel="modulepreload" href="https://cdn.example/m.js">': "https://cdn.example/m.js",
        '<img src="a.png" srcset="a.png 1x, https://cdn.example/b.png 2x">': "https://cdn.example/b.png",
        '<object data="https://cdn.example/o.svg"></object>': "https://cdn.example/o.svg",
        '<svg><image href="https://cdn.example/i.png"/></svg>': "https://cdn.example/i.png",
        "<style>body{background:url( 'https://cdn.example/bg.png' )}</style>": "https://cdn.example/bg.png",
        '<style>@import "https://cdn.example/more.css";</style>': "https://cdn.example/more.css",
        '<div style="background: url(//cdn.example/d.png)"></div>': "//cdn.example/d.png",
        '<script>fetch("https://api.example/data.json")</script>': "https://api.example/data.json",
    }
    _inject(page, "\n".join(injected))
    found = "\n".join(external_fetches_in_page(page))
    missed = [url for url in injected.values() if url not in found]
    assert not missed, f"the scan missed {missed}; it found:\n{found}"


def test_the_scan_allows_links_and_the_vega_lite_schema(lab_copy: tuple[Path, Path]) -> None:
    _root, page = lab_copy
    text = page.read_text(encoding="utf-8")
    assert SCHEMA_URL.search(text), "the lab's specs should carry a Vega-Lite $schema (the allowed URL)"
    _inject(page, '<a href="https://example.org/read-more">a link</a>'
                  '<link rel="next" href="https://example.org/next.html">', before="</body>")
    assert not external_fetches_in_page(page)
    # ... but any other URL next to the schema in a spec is caught
    _inject(page, '<script>vegaEmbed(el, {"$schema": "https://vega.github.io/schema/vega-lite/v6.json", '
                  '"data": {"url": "https://data.example/t.csv"}})</script>', before="</body>")
    assert external_fetches_in_page(page) == ["inline <script> https://data.example/t.csv"]


def test_the_scan_catches_external_fetches_in_css_and_js(site: Path, tmp_path: Path) -> None:
    css = ("/* see https://example.org/docs */ a{background:url(https://cdn.example/a.png)} "
           "@import '//cdn.example/b.css';")
    assert external_fetches_in_css(css) == ["url() https://cdn.example/a.png", "@import //cdn.example/b.css"]
    js = ('var ns="http://www.w3.org/2000/svg"; s.src="https://cdn.example/x.js"; a.innerHTML=\'<a href="https://'
          'example.org">docs</a>\'; el.innerHTML=\'<img src=\\"//cdn.example/p.png\\">\'; st.textContent="p{background:'
          'url(https://cdn.example/q.png)}";')
    found = external_fetches_in_js(js, "_static/x.js")
    assert [f.split()[0] for f in found] == ["https://cdn.example/x.js", "//cdn.example/p.png",
                                             "https://cdn.example/q.png"], found
    # the allowlist is per file: the jsDelivr default of MathJax's speech engine is allowed only there
    sre = 'r.url="https://cdn.jsdelivr.net/npm/speech-rule-engine@"+r.VERSION'
    assert not external_fetches_in_js(sre, "_static/mathjax/tex-chtml.js")
    assert external_fetches_in_js(sre, "_static/other.js")
    # and the transitive walk reaches a style sheet imported by a referenced one
    root = tmp_path / "site"
    (root / "_static").mkdir(parents=True)
    (root / "index.html").write_text('<link rel="stylesheet" href="_static/a.css">', encoding="utf-8")
    (root / "_static" / "a.css").write_text('@import "b.css";', encoding="utf-8")
    (root / "_static" / "b.css").write_text("p{background:url(https://cdn.example/c.png)}", encoding="utf-8")
    assert {a.name for a in referenced_assets(root)} == {"a.css", "b.css"}


def test_the_page_checks_catch_a_broken_chart_page(lab_copy: tuple[Path, Path]) -> None:
    root, page = lab_copy
    original = page.read_text(encoding="utf-8")
    assert not chart_problems(page, root) and not aria_problems(page) and not math_problems(page, root)

    page.write_text(original.replace("_static/offline/vega-all.js", "_static/offline/elsewhere.js"), encoding="utf-8")
    assert chart_problems(page, root), "a chart page without the Vega file must fail"
    assert any("elsewhere.js" in p for p in missing_local_files(page, root)), \
        "a reference to a file the build did not write must fail"

    blank = re.sub(r'(class="cyberorder-chart" role="figure" aria-label=")[^"]*"', r'\1 "', original, count=1)
    assert blank != original
    page.write_text(blank, encoding="utf-8")
    assert aria_problems(page), "a chart with a blank aria-label must fail"

    page.write_text(original.replace("_static/mathjax/", "_static/elsewhere/"), encoding="utf-8")
    assert math_problems(page, root), "a math page without the local MathJax must fail"

    page.write_text(_inserted(original, f'<script {BUNDLE_MARK}="1">{BUNDLE_GUARD}}})();</script>', "</body>"),
                    encoding="utf-8")
    assert len(inline_bundle_problems(page)) == 2, "an inline Vega bundle must fail"

    broken = _inserted(original, f'<script type="{WIDGET_VIEW_MIME}">{{}}</script>'
                       '<script src="https://cdn.example/require.min.js"></script>', "</body>")
    page.write_text(broken, encoding="utf-8")
    assert len(widget_problems(page)) == 2, "a widget view and require.js must fail"


# -- internal links ------------------------------------------------------------------------------


def broken_links(path: Path, root: Path) -> list[str]:
    """Every <a href> inside the site must name an existing file, and its #fragment an existing id."""
    problems = []
    for a in soup(path).find_all("a", href=True):
        href = a["href"]
        target = resolve(href, path, root)
        fragment = urlsplit(href).fragment
        if target is None:
            if href.startswith("#") and fragment and not soup(path).find(id=unquote(fragment)):
                problems.append(f"anchor {href!r} not on the page")
            continue
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            problems.append(f"link to a missing file: {href!r}")
        elif fragment and target.suffix == ".html" and not soup(target).find(id=unquote(fragment)):
            problems.append(f"link to a missing anchor: {href!r}")
    return problems


def test_no_broken_internal_links(site: Path) -> None:
    pages = [p for p in html_files(site) if rel(p, site).split("/")[0] not in {"_static", "_sources"}]
    problems = {rel(p, site): broken_links(p, site) for p in pages}
    problems = {k: v for k, v in problems.items() if v}
    assert not problems, "broken links:\n" + _report(problems)


def test_the_link_check_catches_a_broken_link(site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("_static"))
    page = copy / "book" / "intro.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</body>", '<a href="nowhere.html">x</a><a href="#no-such-id">y</a></body>'), encoding="utf-8")
    found = broken_links(page, copy)
    assert any("nowhere.html" in p for p in found) and any("no-such-id" in p for p in found)


def test_the_text_alternative_check_on_a_page_made_by_chart_html(tmp_path: Path) -> None:
    """chart_html's output passes; a chart without its details, or with an empty one, fails."""
    import altair as alt
    import pandas as pd

    from cyberorder.charts import chart_html

    chart = alt.Chart(pd.DataFrame({"year": [2005, 2019], "share": [0.16, 0.51]})).mark_line().encode(
        x="year:O", y="share:Q").properties(description="A line of two shares")
    made = chart_html(chart.to_dict())
    page = tmp_path / "page.html"
    page.write_text(f"<html><body><figure><div class='output'>{made}</div></figure></body></html>", encoding="utf-8")
    assert not text_alternative_problems(page)

    without = re.sub(r"<details class=\"cyberorder-chart-data\".*?</details>", "", made, flags=re.S)
    assert without != made
    page.write_text(f"<html><body>{without}<details class='cyberorder-chart-data'><summary>x</summary>"
                    "<table><tr><td>1</td></tr></table></details></body></html>", encoding="utf-8")
    assert any("is not followed by" in p for p in text_alternative_problems(page)), \
        "a chart whose text alternative is missing (or not right after it) must fail"

    empty = re.sub(r"(<summary>[^<]*</summary>).*?</details>", r"\1</details>", made, flags=re.S)
    page.write_text(empty, encoding="utf-8")
    assert any("neither a data table" in p for p in text_alternative_problems(page)), \
        "an empty text alternative must fail"


def test_every_page_offers_to_edit_its_source_and_to_open_an_issue(site: Path) -> None:
    """Readers can suggest an edit (the page's own source on GitHub) and report a problem from every page."""
    import yaml

    from tests.conftest import ROOT

    repo = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["repository"]["url"]
    missing = []
    for page in sorted(site.glob("book/**/*.html")):
        html = page.read_text(encoding="utf-8")
        stem = page.relative_to(site).with_suffix("")
        source = next((s for s in (stem.with_suffix(".md"), stem.with_suffix(".ipynb")) if (ROOT / s).is_file()), None)
        if source is None:
            continue
        if f'href="{repo}/edit/main/{source.as_posix()}"' not in html or f'href="{repo}/issues/new?' not in html:
            missing.append(str(stem))
    assert not missing, f"pages without an edit or an issue button: {missing}"


PROSE_IN_MATH = re.compile(r"(?:\b[A-Za-z]{2,}\b[ ,()]+){4,}")


def test_no_prose_is_typeset_as_math(site: Path) -> None:
    """Two dollar signs in one paragraph or caption ("current US$ ... 2019 US$") turn the prose between them
    into a formula: no inline formula on the site may hold four words in a row (outside \\text{...})."""
    garbled = []
    for page in sorted(site.glob("book/**/*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for span in soup.select("span.math"):
            tex = re.sub(r"\\(?:text|mathrm|operatorname)\{[^}]*\}", "", span.get_text())
            if PROSE_IN_MATH.search(tex):
                garbled.append(f"{page.relative_to(site)}: {span.get_text()[:80]!r}")
    assert not garbled, "prose typeset as math (write 'US dollars', or escape the $):\\n" + "\\n".join(garbled)


# -- the book's chart grammar (the rules a spec can be checked for) -------------------------------------

SPEC = re.compile(r'vegaEmbed\(el,(\{.*?\}),\{"renderer"', re.S)


def chart_specs(site: Path) -> list[tuple[str, dict]]:
    """Every chart's Vega-Lite spec on the book's pages, with the page it is on."""
    import json

    return [(page.relative_to(site).as_posix(), json.loads(m.group(1)))
            for page in sorted(site.glob("book/**/*.html")) for m in SPEC.finditer(page.read_text(encoding="utf-8"))]


def test_the_grammar_rules_catch_what_they_name() -> None:
    bad = {"title": "t", "datasets": {"d": [{"year": 1990}, {"year": 2000}]},
           "layer": [{"mark": "line", "encoding": {"x": {"field": "year", "type": "ordinal"}}},
                     {"mark": {"type": "rule"}, "encoding": {"color": "#123456"}}]}
    assert len(grammar_problems(bad)) == 3  # gaps as categories, an off-key colour, an unlabelled rule
    assert any("key" in p for p in grammar_problems({"mark": {"type": "bar", "color": "#FF0000"}}))
    good = {"title": "t", "datasets": {"d": [{"year": 1990}, {"year": 1991}]},
            "layer": [{"mark": "bar", "encoding": {"x": {"field": "year", "type": "ordinal"}}},
                      {"mark": "rule"}, {"mark": "text"}]}
    assert grammar_problems(good) == []


def test_every_chart_follows_the_books_chart_grammar(site: Path) -> None:
    specs = chart_specs(site)
    assert len(specs) >= 30
    problems = [f"{page}: {problem}" for page, spec in specs for problem in grammar_problems(spec)]
    assert not problems, "\n".join(problems)
