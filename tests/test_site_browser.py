"""The built site in headless Chromium, with every other host cut off.

One local ``http.server`` (127.0.0.1, a free port) serves ``_build/html`` and one Chromium runs for the
module, reading the book page by page in one tab. Chromium refuses every request to a host other than
127.0.0.1 / localhost (``cut_off``), and the tab records it. Each page of the site must then make no such
request, log no console error (beyond a commented allowlist), draw every chart as SVG and typeset its math.
Every explorer of ``cyberorder.explorers.ALL`` is found on the page that shows its static twin (by its params'
names, not a map of pages); its controls are driven from the keyboard to its defaults and to each of its
examples, and its readouts compared with the package's model.

Full-page screenshots of the book's pages are saved to ``_build/screenshots/`` as CI artefacts.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from cyberorder import forums
from cyberorder import picker as picks
from cyberorder.charts import SIDE_PANEL_FROM_PX, SIDE_PANEL_MIN_SCALE, SIDE_PANEL_PX
from cyberorder.explorer import Choice, Picks, Slider, Toggle
from cyberorder.explorers import ALL, where_the_users_are
from tests.conftest import CHROMIUM_ARGS, LOCAL_HOSTS, LOCAL_SCHEMES, REQUIRE_BROWSER, ROOT, SITE, cut_off, elsewhere

pytestmark = pytest.mark.browser  # every test in this module drives Chromium

TIMEOUT_MS = 15_000  # the Vega bundle is ~0.9 MB; a 2-core CI machine parses it in well under this
SCREENSHOTS = ROOT / "_build" / "screenshots"
SNAPSHOT = {"type": "jpeg", "quality": 80}  # screenshots for people to look at: JPEG takes half PNG's time
LAB = "book/01-introduction/lab.html"

# Console errors allowed: none. (pydata-sphinx-theme's "Got invalid theme mode" is fixed by
# `html_context: {default_mode: auto}` in _config.yml.)
CONSOLE_ALLOWED: tuple[re.Pattern[str], ...] = (
    # (JB1's "Identifier 'THEBE_JS_URL' has already been declared" no longer appears: the book's
    # offline_assets extension removes sphinx-thebe's inline script, so it is not allowed.)
)

CHARTS_DRAWN = """() => [...document.querySelectorAll('div.cyberorder-chart')].every(
    d => d.querySelector('svg.marks g') || d.textContent.startsWith('Chart error'))"""
MATH_TYPESET = """() => [...document.querySelectorAll('.math')].every(m => m.querySelector('mjx-container'))"""
READOUT_TEXTS = """el => [...el.querySelectorAll('svg.marks text')].map(t => t.textContent)
                        .filter(t => t.includes(': '))"""
CONTROL_STATE = """el => ({name: el.name, tabIndex: el.tabIndex, disabled: el.disabled,
                         visible: el.checkVisibility({visibilityProperty: true})})"""


def site_pages() -> list[str]:
    """Every page of the built site (not the theme's templates in _static, nor _sources)."""
    pages = sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html")
                   if p.relative_to(SITE).parts[0] not in {"_static", "_sources"})
    return pages or ["index.html"]  # no build yet: the `site` fixture fails with instructions


def redirect_target(page: str) -> str | None:
    """The target of a page's <meta http-equiv="refresh"> (the site's index.html), if any."""
    text = (SITE / page).read_text(encoding="utf-8")
    m = re.search(r'<meta http-equiv="refresh" content="\d+;\s*url=([^"]+)"', text, re.IGNORECASE)
    return m.group(1) if m else None


# -- the server and the browser ------------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """``_build/html`` over HTTP on 127.0.0.1 (a free port); yields the base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[Browser]:
    """Debian's Chromium, driven by Playwright (never `playwright install`), cut off from every other host
    (``cut_off``: the browser refuses such requests; the tabs record them).

    Module scope, not session: a sync Playwright left open would make any later module's own
    ``sync_playwright()`` (the JupyterLab test's) fail as "inside the asyncio loop" on the same worker.
    """
    with cut_off() as offline, sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=chromium_path, args=[*CHROMIUM_ARGS, offline])
        yield chromium
        chromium.close()


def cancelled_by_the_browser(failure: str | None, url: str) -> bool:
    """A request Chromium made and cancelled itself, not one the page made: it fetches the page's icon again each
    time an explorer writes its setting into the address (``history.replaceState``), and drops that fetch when the
    address changes again before it ends (``net::ERR_ABORTED``). A missing icon still fails: its 404 is a response.
    """
    return failure == "net::ERR_ABORTED" and urlsplit(url).path.endswith("/_static/favicon.svg")


@dataclass
class Visit:
    """A page opened in a tab, with what it asked for and what it logged while it was the tab's page."""

    page: Page
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list, repr=False)

    def problems(self) -> list[str]:
        found = [f"blocked request to another host: {u}" for u in self.blocked]
        found += [f"console error: {e}" for e in self.errors if not any(a.search(e) for a in CONSOLE_ALLOWED)]
        return found + [f"failed local request: {f}" for f in self.failed]


class Tab:
    """One tab of the browser, taken from page to page as a reader browses the book in it.

    Every request to another host (refused by the browser, see ``browser``) is recorded. Opening a page in a tab
    that is already open costs a third of what a new tab costs (31 pages: 21 against 68 seconds of CPU on this
    machine), so the tests that open many pages go on in one tab. A request counts against the page that made
    it: one the previous page left unfinished, cut off when the tab moves on, is not charged to the next.
    """

    def __init__(self, context: BrowserContext) -> None:
        self.page = context.new_page()
        self.visit = Visit(self.page)
        self._made_by: dict[Any, Visit] = {}
        page = self.page
        page.on("request", self._request)
        page.on("console", lambda m: self.visit.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.visit.errors.append(f"uncaught {e.name}: {e.message}"))
        page.on("response", lambda r: self._charge(r.request, f"{r.status} {r.url}") if r.status >= 400 else None)
        page.on("requestfailed", lambda r: None if r.url in self._made_by.get(r, self.visit).blocked
                or cancelled_by_the_browser(r.failure, r.url) else self._charge(r, f"{r.failure} {r.url}"))
        page.on("websocket", lambda ws: None if urlsplit(ws.url).hostname in LOCAL_HOSTS
                else self.visit.blocked.append(f"websocket {ws.url}"))  # recorded: fails the page

    def _request(self, request: Any) -> None:
        self._made_by[request] = self.visit
        self.visit.requested.append(request.url)
        if elsewhere(request.url):
            self.visit.blocked.append(request.url)

    def _charge(self, request: Any, what: str) -> None:
        """Record a failed request against the page that made it (if that page is still the tab's)."""
        if self._made_by.get(request, self.visit) is self.visit:
            self.visit.failed.append(what)

    def open(self, server: str, path: str) -> Visit:
        """Take the tab to ``path`` (following a redirect page to its target); the new page's Visit."""
        self.page.evaluate("0")  # every event of the page being left is handled before the next one starts
        self._made_by.clear()
        self.visit = Visit(self.page)
        self.page.goto(server + path, wait_until="load")
        target = redirect_target(path) if (SITE / path).is_file() else None
        if target:
            self.page.wait_for_url(re.compile(re.escape(target) + "$"), wait_until="load")
        return self.visit


def _context(browser: Browser, width: int = 1280) -> BrowserContext:
    context = browser.new_context(viewport={"width": width, "height": 900}, service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture(scope="module")
def reader(browser: Browser) -> Iterator[BrowserContext]:
    """One reader's browser on a laptop (1,280 x 900): pages opened in it share its cache, as a reader's tabs do.

    The book keeps nothing in the browser's storage, so a page opened here sees what it would see in a fresh
    browser; a test that sets storage first (dark mode, MathJax's settings) gets a context of its own.
    """
    context = _context(browser)
    yield context
    context.close()


@pytest.fixture(scope="module")
def reading(reader: BrowserContext) -> Tab:
    """The reader's tab in which the book is read page by page (the page-by-page checks below)."""
    return Tab(reader)


@pytest.fixture(scope="module")
def browsing(reader: BrowserContext) -> Tab:
    """The reader's tab for the tests that each open one page and use it (``visit``)."""
    return Tab(reader)


@pytest.fixture
def visit(browser: Browser, reader: BrowserContext, browsing: Tab, server: str) -> Iterator[Callable[..., Visit]]:
    """Open a page of the site: the test's first in the reader's tab, a second one in a new tab, or one in a fresh
    browser when ``init_script`` is given to run before the page's own scripts; every request to another host is
    refused by the browser and recorded."""
    pages: list[Page] = []
    contexts: list[BrowserContext] = []

    def open_page(path: str, init_script: str | None = None) -> Visit:
        if init_script:
            contexts.append(_context(browser))
            contexts[-1].add_init_script(init_script)
            return Tab(contexts[-1]).open(server, path)
        if not pages:
            pages.append(browsing.page)
            return browsing.open(server, path)
        tab = Tab(reader)
        pages.append(tab.page)
        return tab.open(server, path)

    yield open_page
    for page in pages[1:]:
        page.close()
    for context in contexts:
        context.close()


def wait_until_rendered(page: Page) -> list[str]:
    """Wait for every chart's SVG and every formula's MathJax output; the problems found."""
    problems = []
    try:
        page.wait_for_function(CHARTS_DRAWN, timeout=TIMEOUT_MS)
    except PlaywrightTimeout:
        problems.append(f"charts not drawn within {TIMEOUT_MS / 1000:.0f} s")
    for i, chart in enumerate(page.locator("div.cyberorder-chart").all()):
        label = (chart.get_attribute("aria-label") or "")[:50]
        svg = chart.locator("svg.marks")
        if svg.count() != 1:
            problems.append(f"chart {i} ({label}...) has no drawn svg: {chart.inner_text()[:200]!r}")
            continue
        box = svg.bounding_box()
        if not box or box["width"] < 50 or box["height"] < 50:
            problems.append(f"chart {i} ({label}...) svg is {box}")
    if page.locator(".math").count():
        try:
            page.wait_for_function(MATH_TYPESET, timeout=TIMEOUT_MS)
        except PlaywrightTimeout:
            problems.append(f"math not typeset by MathJax within {TIMEOUT_MS / 1000:.0f} s")
        if page.locator("mjx-merror").count():
            problems.append(f"MathJax errors: {page.locator('mjx-merror').all_inner_texts()}")
    return problems


# -- every page ----------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=site_pages())
def rendered(request: pytest.FixtureRequest, reading: Tab, server: str) -> tuple[str, Visit, list[str]]:
    """(path, visit, rendering problems) of one page of the site, opened once for all the page-by-page tests below
    (pytest runs a page's tests one after another, then the reader's tab moves on to the next page)."""
    v = reading.open(server, request.param)
    return request.param, v, wait_until_rendered(v.page)


def test_page_loads_offline_and_renders(rendered: tuple[str, Visit, list[str]]) -> None:
    """No request to another host, no console error, every chart drawn, every formula typeset."""
    path, v, problems = rendered
    if path.startswith("book/"):  # the book's own pages: keep a picture of each for CI
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = "-".join(Path(path).relative_to("book").with_suffix("").parts)
        v.page.screenshot(path=SCREENSHOTS / f"{name}.jpg", full_page=True, **SNAPSHOT)
    problems = problems + v.problems()
    assert not problems, f"{path}:\n" + "\n".join(problems)


def test_only_the_browsers_own_cancelled_icon_fetch_is_forgiven() -> None:
    """The allowance above is that narrow: an icon fetch that failed otherwise, or any other aborted request, or an
    icon of another site, is still a failed request."""
    icon = "http://127.0.0.1:8000/_static/favicon.svg"
    assert cancelled_by_the_browser("net::ERR_ABORTED", icon)
    assert not cancelled_by_the_browser("net::ERR_CONNECTION_REFUSED", icon)
    assert not cancelled_by_the_browser("net::ERR_ABORTED", "http://127.0.0.1:8000/_static/vega.js")
    assert not cancelled_by_the_browser("net::ERR_ABORTED", "http://127.0.0.1:8000/_static/favicon.svg.js")
    assert not cancelled_by_the_browser(None, icon)


def test_a_request_to_another_host_is_refused_and_recorded(visit: Callable[..., Visit]) -> None:
    """The cut-off the page checks rely on: a page's request to another host (by name or by address) never gets an
    answer, and it is recorded as a problem of that page."""
    v = visit("book/appendix/glossary.html")
    for url in ("http://example.com/beacon.js", "http://192.0.2.1/beacon.js"):
        outcome = v.page.evaluate("url => fetch(url, {mode: 'no-cors'}).then(() => 'answered', () => 'refused')", url)
        assert outcome == "refused", f"{url} was {outcome}"
        assert url in v.blocked, f"{url} is not recorded: {v.blocked}"
    assert "blocked request to another host: http://example.com/beacon.js" in v.problems()


# -- every explorer's static twin, driven from the keyboard ---------------------------------------

MAX_KEY_PRESSES = 400  # a slider is walked with Home/End, PageUp/PageDown and arrows; never more presses
DRAWING = """(el, labels) => {
    const svg = el.querySelector('svg.marks').cloneNode(true);
    svg.querySelectorAll('text').forEach(t => {
        if (labels.some(l => t.textContent.startsWith(l + ': '))) t.remove(); });
    return svg.outerHTML; }"""


def _page_text(page: str) -> str:
    return (SITE / page).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def _chart_scripts() -> tuple[tuple[str, str], ...]:
    """(page, script text) for every inline script of the built site that calls vegaEmbed."""
    found = []
    for page in site_pages():
        if not (SITE / page).is_file():
            continue
        for script in re.findall(r"<script[^>]*>(.*?)</script>", _page_text(page), re.S):
            if "vegaEmbed(" in script and ('"bind"' in script or f'"{picks.USERMETA_KEY}"' in script):
                found.append((page, script))
    return tuple(found)


def twin_pages(param_names: Sequence[str], texts: Sequence[str] = ()) -> list[str]:
    """Pages of the built site with a chart spec whose params include every one of ``param_names`` (and whose
    script holds each of ``texts``, JSON strings such as a picker's label, when params alone are ambiguous).

    Found by scanning the pages' chart scripts, not from a map of pages: a chapter that shows a new
    explorer is found as soon as the book is rebuilt.
    """
    wanted = [re.compile(r'"name":\s*"' + re.escape(n) + '"') for n in param_names]
    wanted += [re.compile(re.escape(t)) for t in texts]
    return sorted({page for page, script in _chart_scripts() if all(w.search(script) for w in wanted)})


def _readouts(chart: Locator, labels: Sequence[str] | None = None) -> dict[str, str]:
    """The twin's readout lines ('label: value'), by label; only ``labels`` when given.

    d3-format writes negatives with U+2212, Python with '-'.
    """
    texts = [t.replace("\u2212", "-") for t in chart.evaluate(READOUT_TEXTS)]
    if labels is None:
        lines = {t.split(": ", 1)[0]: t for t in texts}
        assert len(lines) == len(texts), f"two readouts share a label: {texts}"
        return lines
    lines: dict[str, str] = {}
    for label in labels:  # a label may itself hold ': '
        found = [t for t in texts if t.startswith(label + ": ")]
        assert len(found) <= 1, f"two readouts share the label {label!r}: {found}"
        if found:
            lines[label] = found[0]
    return lines


def _expected(explorer: Any, **values: Any) -> dict[str, str]:
    result = explorer.compute(**values)
    return {r.label: r.text(result[r.key]) for r in explorer.readouts}


def _wait_for_readouts(page: Page, chart: Locator, expected: dict[str, str], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    labels = list(expected)
    while (shown := _readouts(chart, labels)) != expected and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert shown == expected, f"{what}: the twin shows {shown}, the model says {expected}"


def _set_slider(page: Page, chart: Locator, control: Slider, value: float) -> None:
    """Move a range input to ``value`` with Home/End, PageUp/PageDown and the arrow keys."""
    steps = (value - control.min) / control.step
    assert abs(steps - round(steps)) < 1e-9, \
        f"{control.name}={value} is not on the slider's steps ({control.min}, {control.min}+{control.step}, ...)"
    el = chart.locator(f'.vega-bindings input[name="{control.name}"]')
    kind, now = el.evaluate("e => [e.type, e.value]")
    assert kind == "range", f"{control.name} is not a range input"

    def at(value: str | None = None) -> int:  # the slider's position, in steps from its minimum
        return round((float(el.input_value() if value is None else value) - control.min) / control.step)

    target, last = round(steps), round((control.max - control.min) / control.step)
    if at(now) == target:  # already there: nothing to press
        return
    el.focus()
    page_size = max(1, last // 10)  # Chromium: PageUp/PageDown move by a tenth of the range
    if target < abs(target - at()):  # nearer the minimum than where it is
        page.keyboard.press("Home")
    elif last - target < abs(target - at()):
        page.keyboard.press("End")
    paging, last_gap = True, None
    for _ in range(MAX_KEY_PRESSES):
        gap = target - at()
        if gap == 0:
            break
        if last_gap is not None and abs(gap) >= abs(last_gap):
            paging = False  # a page overshot as far as it went (its size is not the tenth guessed): arrows only
        pages = round(gap / page_size)  # a page where it brings the slider nearer, then the arrows
        if paging and pages and abs(gap - pages * page_size) < abs(gap):
            page.keyboard.press("PageUp" if pages > 0 else "PageDown")
            last_gap = gap
        else:
            page.keyboard.press("ArrowRight" if gap > 0 else "ArrowLeft")
            last_gap = None
    assert at() == target, f"{control.name}: the keyboard left the slider at {el.input_value()}, not {value}"


def _set_toggle(page: Page, chart: Locator, control: Toggle, value: bool) -> None:
    box = chart.locator(f'.vega-bindings input[name="{control.name}"]')
    kind, checked = box.evaluate("e => [e.type, e.checked]")
    assert kind == "checkbox", f"{control.name} is not a checkbox"
    if checked != value:
        box.focus()
        page.keyboard.press("Space")
    assert box.is_checked() == value, f"{control.name}: Space did not set the checkbox to {value}"


def _set_choice(page: Page, chart: Locator, control: Choice, value: str) -> None:
    """A <select> moved with the arrow keys (no pop-up), or a radio group's option chosen with Space."""
    els = chart.locator(f'.vega-bindings [name="{control.name}"]')
    tag, now = els.first.evaluate("e => [e.tagName, e.value]")
    if tag == "SELECT":
        select = els.first
        if now == value:  # already there: nothing to press
            return
        options = select.evaluate("e => [...e.options].map(o => o.value)")
        assert value in options, f"{control.name}: {value!r} is not among the select's options {options}"
        select.focus()
        if abs(options.index(value) - options.index(select.input_value())) > 3:
            page.keyboard.type(value)  # type-ahead: a focused <select> jumps to the option typed
        for _ in range(len(options)):
            gap = options.index(value) - options.index(select.input_value())
            if gap == 0:
                break
            page.keyboard.press("ArrowDown" if gap > 0 else "ArrowUp")
        assert select.input_value() == value, f"{control.name}: the arrow keys left {select.input_value()!r}"
    else:
        radio = chart.locator(f'.vega-bindings input[type="radio"][name="{control.name}"][value="{value}"]')
        assert radio.count() == 1, f"{control.name}: no radio button for {value!r}"
        if radio.is_checked():
            return
        radio.focus()
        page.keyboard.press("Space")
        assert radio.is_checked(), f"{control.name}: Space did not choose {value!r}"


def _open_picker(page: Page, chart: Locator) -> Locator:
    """The chart's list of items to pick (cyberorder.picker), opened from the keyboard."""
    picker = chart.locator("details.cyberorder-picker")
    if picker.get_attribute("open") is None:
        picker.locator("summary").focus()
        page.keyboard.press("Enter")
    assert picker.get_attribute("open") is not None, "Enter on the summary did not open the list"
    return picker


def _set_picks(page: Page, chart: Locator, control: Picks, value: tuple[str, ...]) -> None:
    """Flip, from the keyboard, the items whose pick differs: find each by name, then Space on its checkbox."""
    picker = _open_picker(page, chart)
    now = set(picks.decode(parse_qs(urlsplit(page.url).query).get(control.name, [picks.encode(control.value)])[0]))
    names = dict(control.options)
    for code in sorted(now ^ set(value)):
        picker.locator("input[type=search]").fill(names[code])
        box = picker.locator(f'input[type=checkbox][name="{control.name}"][value="{code}"]')
        visible, before = box.evaluate("e => [e.checkVisibility({visibilityProperty: true}), e.checked]")
        assert visible, f"{control.name}: searching {names[code]!r} does not show its checkbox"
        box.focus()
        page.keyboard.press("Space")
        expect(box).to_be_checked(checked=not before, timeout=TIMEOUT_MS)
    picker.locator("input[type=search]").fill("")
    shown = set(picks.decode(parse_qs(urlsplit(page.url).query).get(control.name, [picks.encode(())])[0]))
    assert shown == set(value), f"{control.name}: the page holds the picks {sorted(shown)}, not {sorted(value)}"


def _set(page: Page, chart: Locator, control: Any, value: Any) -> None:
    if isinstance(control, Picks):
        _set_picks(page, chart, control, value)
    elif isinstance(control, Slider):
        _set_slider(page, chart, control, value)
    elif isinstance(control, Toggle):
        _set_toggle(page, chart, control, value)
    elif isinstance(control, Choice):
        _set_choice(page, chart, control, value)
    else:
        raise AssertionError(f"no way to drive a {type(control).__name__} control ({control.name}) yet")


@pytest.mark.parametrize("name", sorted(ALL))
def test_explorer_twin_agrees_with_the_model_when_driven_by_keyboard(visit: Callable[..., Visit], site: Path,
                                                                      name: str) -> None:
    """Each explorer's twin on the built site: at its defaults and at each example, set from the keyboard.

    Every control is reachable (in the tab order, visible, enabled, labelled as in the model) and Tab
    walks them in order; the twin's readouts equal the model's at each setting; and moving the controls
    changes the drawing, not only the readout lines.
    """
    explorer = ALL[name]()
    names = [c.name for c in explorer.controls]
    # two explorers may both have just a "picked" param: their pickers' labels tell them apart
    labels = [c.label for c in explorer.controls if isinstance(c, Picks)]
    pages = twin_pages(names, [json.dumps(label) for label in labels])
    if not pages:
        pytest.fail(f"the explorer {name!r} (in cyberorder.explorers.ALL) has no static twin in the built site "
                    f"{site}: no page holds a chart whose params include {names}. Show the explorer in a "
                    "chapter's notebook and rebuild the book (jupyter-book build .).")
    v = visit(pages[0])
    page = v.page
    problems = wait_until_rendered(page)
    assert not problems, f"{pages[0]}:\n" + "\n".join(problems)
    chart = page.locator("div.cyberorder-chart")
    for control in explorer.controls:  # a Picks control's inputs are the list under the chart, not a binding
        where = ".cyberorder-picker" if isinstance(control, Picks) else ".vega-bindings"
        chart = chart.filter(has=page.locator(f'{where} [name="{control.name}"]'))
    for label in labels:
        chart = chart.filter(has=page.locator(".cyberorder-picker legend", has_text=label))
    assert chart.count() >= 1, f"{pages[0]}: no drawn chart has inputs named {names}"
    # found by its inputs once; then known by its place on the page (every later look-up is then one query)
    chart = page.locator("div.cyberorder-chart").nth(chart.first.evaluate(
        "el => [...document.querySelectorAll('div.cyberorder-chart')].indexOf(el)"))

    # reachable: each control is labelled as in the model, in the tab order, visible and enabled
    for control in explorer.controls:
        if isinstance(control, Picks):  # the list: a labelled group of checkboxes behind a focusable summary
            picker = _open_picker(page, chart)
            assert picker.locator("fieldset legend").inner_text().strip() == control.label, control.name
            assert picker.locator(f'input[type=checkbox][name="{control.name}"]').count() == len(control.options)
            continue
        bind = chart.locator(".vega-bind", has=page.locator(f'[name="{control.name}"]'))
        assert bind.count() == 1, f"{control.name}: {bind.count()} bindings"
        assert bind.locator(".vega-bind-name").inner_text().strip() == control.label, control.name
        for el in bind.locator(f'[name="{control.name}"]').all():
            state = el.evaluate(CONTROL_STATE)
            assert state["tabIndex"] >= 0 and not state["disabled"] and state["visible"], \
                f"{control.name} cannot be reached from the keyboard: {state}"
    fields = chart.locator(".vega-bindings input, .vega-bindings select")
    field_names = fields.evaluate_all("els => els.map(e => e.name)")
    in_order = [n for i, n in enumerate(field_names) if i == 0 or n != field_names[i - 1]]  # a radio group: 1 stop
    assert in_order == [c.name for c in explorer.controls if not isinstance(c, Picks)], in_order
    if in_order:  # an explorer edited only on its chart (a Picks list) has no bound inputs to walk
        fields.first.focus()
        walked = [page.evaluate("() => document.activeElement.name")]
        for _ in in_order[1:]:
            page.keyboard.press("Tab")
            walked.append(page.evaluate("() => document.activeElement.name"))
        assert walked == in_order, f"Tab visits {walked}, not the controls in order {in_order}"

    # agrees with the model at its defaults and at each example
    labels = [r.label for r in explorer.readouts]
    _wait_for_readouts(page, chart, _expected(explorer), "at the defaults")
    drawing = chart.evaluate(DRAWING, labels)
    redrawn = False
    for example in explorer.examples:
        setting = explorer.defaults() | example
        for control in explorer.controls:
            _set(page, chart, control, setting[control.name])
        _wait_for_readouts(page, chart, _expected(explorer, **setting), f"at {example}, set from the keyboard")
        redrawn = redrawn or chart.evaluate(DRAWING, labels) != drawing
    assert redrawn, f"none of the examples {explorer.examples} changed the chart beyond its readout lines"
    assert not v.problems(), "\n".join(v.problems())


# -- the Introduction lab ------------------------------------------------------------------------


@pytest.fixture
def lab(visit: Callable[..., Visit]) -> Visit:
    v = visit(LAB)
    problems = wait_until_rendered(v.page)
    assert not problems, "\n".join(problems)
    return v


def test_lab_controls_are_keyboard_reachable(lab: Visit) -> None:
    page = lab.page
    controls = page.locator(".vega-bindings input, .vega-bindings select, .vega-bindings textarea")
    states = [c.evaluate(CONTROL_STATE) for c in controls.all()]
    assert {s["name"] for s in states} >= {c.name for c in where_the_users_are().controls}
    unreachable = [s for s in states if s["tabIndex"] < 0 or s["disabled"] or not s["visible"]]
    assert not unreachable, f"controls a keyboard cannot reach: {unreachable}"
    # and Tab really walks through them, in order, from the first
    controls.first.focus()
    walked = [page.evaluate("() => document.activeElement.name")]
    for _ in states[1:]:
        page.keyboard.press("Tab")
        walked.append(page.evaluate("() => document.activeElement.name"))
    assert walked == [s["name"] for s in states], "Tab does not visit the controls in order"


def test_mathjax_accessibility_extensions_load_from_the_site(visit: Callable[..., Visit]) -> None:
    """With MathJax's explorer (speech) switched on, its speech engine and maps come from _static too.

    Backs test_site_static's allowlist: the jsDelivr URLs in tex-chtml.js are defaults never used.
    """
    v = visit(LAB, init_script="localStorage.setItem('MathJax-Menu-Settings', JSON.stringify({explorer: true}))")
    problems = wait_until_rendered(v.page)
    assert not problems, "\n".join(problems)
    v.page.wait_for_selector("mjx-container[data-semantic-speech], mjx-container [data-semantic-speech]",
                             state="attached", timeout=TIMEOUT_MS)  # the speech engine has run
    maps = [u for u in v.requested if "/_static/mathjax/sre/mathmaps/" in u]
    assert maps, "the speech engine loaded no mathmaps from _static/mathjax/sre/"
    assert not v.problems(), "\n".join(v.problems())


# -- fit: every chart and code cell within its column, on a laptop and on a phone --------------------

OVERFLOW = """() => { const col = document.querySelector('article.bd-article').getBoundingClientRect();
  const out = [];
  for (const c of document.querySelectorAll('div.cyberorder-chart')) {
    const parts = [c, ...c.querySelectorAll('svg.marks, .vega-bindings')];
    const right = Math.max(...parts.map(e => e.getBoundingClientRect().right));
    const name = (c.getAttribute('aria-label') || '').slice(0, 50);
    if (right > col.right + 1) out.push(`chart "${name}" by ${Math.round(right - col.right)} px`);
  }
  for (const p of document.querySelectorAll('div.highlight pre, div.cell_output pre, div.output pre'))
    if (p.scrollWidth > p.clientWidth + 1)
      out.push(`code "${p.textContent.slice(0, 40)}" scrolls ${p.scrollWidth - p.clientWidth} px`);
  return out; }"""


def test_no_chart_or_code_is_wider_than_its_column_on_a_laptop(rendered: tuple[str, Visit, list[str]]) -> None:
    """At a laptop's width (1,280 px), no chart (drawing or controls) reaches past the text column and no code cell
    or printed output scrolls sideways."""
    path, v, problems = rendered
    assert not problems, f"{path}:\n" + "\n".join(problems)
    wide = v.page.evaluate(OVERFLOW) if v.page.locator("article.bd-article").count() else []
    assert not wide, f"{path} at 1280 px:\n" + "\n".join(wide)


def test_no_chart_or_code_is_wider_than_its_column_on_a_phone(on_a_phone: dict[str, Any]) -> None:
    """The same at a phone's width (390 px), on every page of the book."""
    assert not on_a_phone["wide"], "at 390 px:\n" + "\n".join(on_a_phone["wide"])


# -- an explorer's setting in the address, and a reset ------------------------------------------------

def test_an_explorers_setting_lives_in_the_address_and_resets(visit: Callable[..., Visit]) -> None:
    """A link such as lab.html?year_shown=2005&west_asia=true opens the explorer at that scene (an exercise can
    link to it, a reload keeps it); moving a control writes it into the address; Reset restores the start."""
    explorer = where_the_users_are()
    v = visit(LAB + "?year_shown=2005&west_asia=true")
    assert not wait_until_rendered(v.page)
    chart = v.page.locator("div.cyberorder-chart").filter(has=v.page.locator('.vega-bindings [name="year_shown"]'))
    _wait_for_readouts(v.page, chart, _expected(explorer, **(explorer.defaults() | {
        "year_shown": 2005, "west_asia": True})), "opened from the address")
    assert chart.locator('input[name="year_shown"]').first.input_value() == "2005", "the slider shows 2005"
    chart.get_by_role("button", name="Reset the controls").click()
    _wait_for_readouts(v.page, chart, _expected(explorer), "after Reset")
    assert "?" not in v.page.url, f"a reset page keeps no setting in its address: {v.page.url}"
    _set(v.page, chart, next(c for c in explorer.controls if c.name == "year_shown"), 2010)
    v.page.wait_for_function("() => location.search === '?year_shown=2010'", timeout=TIMEOUT_MS)
    assert not v.problems(), "\n".join(v.problems())


# -- the forum map: click states in and out --------------------------------------------------------------


def _forum_map(visit: Callable[..., Visit]) -> tuple[Visit, Locator]:
    pages = twin_pages(["forum_preset", "picked"])
    assert pages, "no page of the built site shows the forum explorer's twin"
    v = visit(pages[0])
    assert not wait_until_rendered(v.page)
    chart = v.page.locator("div.cyberorder-chart").filter(has=v.page.locator('.cyberorder-picker [name="picked"]'))
    assert chart.count() >= 1  # the lab shows it twice: from a preset, then from a reader's own list
    return v, chart.first


def _square(chart: Locator, country: str) -> Locator:
    """A state's square on the map, found by its accessible name ('Iran: not in the forum')."""
    square = chart.locator(f'svg [aria-label^="{country}: "]')
    assert square.count() == 1, f"{square.count()} squares named {country!r}"
    return square


def test_clicking_states_on_the_forum_map_edits_the_forum(visit: Callable[..., Visit]) -> None:
    """A click flips a state (readouts, square and list follow the model); shift-click flips a rectangle."""
    explorer = ALL["forum_membership"]()
    v, chart = _forum_map(visit)
    _wait_for_readouts(v.page, chart, _expected(explorer), "at the defaults")
    # a click lands on the square's code label, drawn over it: the reader's click, so no actionability check
    _square(chart, "Iran").click(force=True)
    _wait_for_readouts(v.page, chart, _expected(explorer, picked=("IRN",)), "after clicking Iran")
    assert _square(chart, "Iran").get_attribute("aria-label") == "Iran: in the forum"
    assert chart.locator('.cyberorder-picker input[value="IRN"]').is_checked(), "the list does not tick Iran"
    _square(chart, "United States").click(force=True)  # a member: the click takes it out
    _wait_for_readouts(v.page, chart, _expected(explorer, picked=("IRN", "USA")), "after clicking the US")
    assert not chart.locator('.cyberorder-picker input[value="USA"]').is_checked()
    # shift-click from the US (column 1, row 2) to Guatemala (column 1, row 4): the clicked square goes in, and so
    # does every square of the column between: the US comes back, Mexico (a GGE member) stays in
    gge = set(forums.preset(explorer.defaults()["forum_preset"]))
    assert "MEX" in gge and "GTM" not in gge
    _square(chart, "Guatemala").click(modifiers=["Shift"], force=True)
    _wait_for_readouts(v.page, chart, _expected(explorer, picked=("IRN", "GTM")), "after a shift-click")
    status = chart.locator(".cyberorder-picker-status").text_content()
    assert status.startswith(f"{len(gge) + 2} states ticked"), status
    assert not v.problems(), "\n".join(v.problems())


def test_the_forum_list_edits_the_forum_from_the_keyboard_and_axe_finds_nothing_serious(
        visit: Callable[..., Visit], axe_js: str) -> None:
    """The keyboard path: Tab to the list's summary, open it, type a name, Space on the state's checkbox."""
    explorer = ALL["forum_membership"]()
    v, chart = _forum_map(visit)
    summary = chart.locator("details.cyberorder-picker summary")
    chart.locator('.vega-bindings [name="forum_preset"]').focus()
    for _ in range(40):  # Tab through the controls and the reset button to the list
        if summary.evaluate("el => el === document.activeElement"):
            break
        v.page.keyboard.press("Tab")
    assert summary.evaluate("el => el === document.activeElement"), "Tab never reaches the list"
    v.page.keyboard.press("Enter")
    v.page.keyboard.press("Tab")
    v.page.keyboard.type("ivoire")  # the search box: accents need not be typed
    visible = [t.strip() for t in chart.locator(".cyberorder-picker li:visible").all_inner_texts()]
    name = dict(next(c for c in explorer.controls if c.name == "picked").options)["CIV"]
    assert visible == [name], visible
    v.page.keyboard.press("Tab")
    v.page.keyboard.press("Space")
    _wait_for_readouts(v.page, chart, _expected(explorer, picked=("CIV",)), f"after ticking {name}")
    assert _square(chart, name).get_attribute("aria-label") == f"{name}: in the forum"
    found = axe_findings(v.page, axe_js)
    assert not found, "with the list open:\n" + "\n".join(found)
    assert not v.problems(), "\n".join(v.problems())


# -- an explorer's controls beside its chart -----------------------------------------------------------

PLACEMENT = """() => [...document.querySelectorAll('div.cyberorder-chart')].flatMap(c => {
  const w = c.querySelector('.chart-wrapper'), svg = w && w.querySelector(':scope > svg'),
        bind = w && w.querySelector(':scope > .vega-bindings');
  if (!svg || !bind || !bind.children.length) return [];
  const s = svg.getBoundingClientRect(), b = bind.getBoundingClientRect();
  return [{beside: w.classList.contains('cyberorder-beside'),
           room: (c.clientWidth - PANEL) / parseFloat(svg.getAttribute('width')),
           svgTop: s.top, svgRight: s.right, svgBottom: s.bottom, bindTop: b.top, bindLeft: b.left,
           bindBottom: b.bottom, label: c.getAttribute('aria-label').slice(0, 50)}];
})""".replace("PANEL", str(SIDE_PANEL_PX))
"""Where each explorer's drawing and controls are, and the share of its size it would keep beside a panel."""


def _explorer_pages() -> list[str]:
    """The book's pages with an explorer (a chart whose spec binds a parameter to a control)."""
    return [p for p in site_pages() if p.startswith("book/") and '"bind": ' in (SITE / p).read_text(encoding="utf-8")]


def _scrolled(page: Page, i: int, edge: str) -> tuple[dict, float]:
    """Scroll so that explorer ``i``'s ``edge`` (a JS expression on its bounding box, e.g. "top") meets the window's
    top; its placement then, and how many pixels of its controls are on a 900-px screen."""
    chart = page.locator("div.cyberorder-chart").filter(has=page.locator(".vega-bindings > *")).nth(i)
    chart.evaluate(f"c => {{ const r = c.getBoundingClientRect(); window.scrollTo(0, window.scrollY + r.{edge}); }}")
    page.wait_for_timeout(100)
    now = page.evaluate(PLACEMENT)[i]
    return now, min(now["bindBottom"], 900) - max(now["bindTop"], 0)


def _placement_problems(page: Page, path: str, width: int) -> tuple[list[str], int, int]:
    """(what is wrong, explorers with their controls beside the chart, explorers) on the open page at ``width``."""
    wrong, beside, total = [], 0, 0
    for i, e in enumerate(page.evaluate(PLACEMENT)):
        total += 1
        where = f"{path} explorer {i} ({e['label']}...)"
        if width < SIDE_PANEL_FROM_PX or not e["beside"]:
            if e["beside"]:
                wrong.append(f"{where}: controls beside the chart on a phone")
            if width >= SIDE_PANEL_FROM_PX and e["room"] >= SIDE_PANEL_MIN_SCALE:
                wrong.append(f"{where}: controls under a chart that would keep {e['room']:.0%} beside them")
            # with the chart's top at the top of the window, its controls (under it) are on screen: they
            # stick to the window's bottom edge in a strip of at most 40% of its height
            now, on_screen = _scrolled(page, i, "top")
            if now["bindTop"] < now["svgTop"] or on_screen < min(now["bindBottom"] - now["bindTop"], 0.4 * 900) - 2:
                wrong.append(f"{where}: controls under the chart are off screen while it is in view: {now}")
            continue
        beside += 1
        if e["bindLeft"] < e["svgRight"] - 1 or abs(e["bindTop"] - e["svgTop"]) > 40:
            wrong.append(f"{where}: a beside panel that is not beside the chart: {e}")
        # scroll to the chart's last quarter: the panel (sticky) is still on screen
        after, on_screen = _scrolled(page, i, "bottom - 300")
        if on_screen < min(after["bindBottom"] - after["bindTop"], 250) - 1:
            wrong.append(f"{where}: its controls leave the screen while the chart is still in view: {after}")
    if total:
        page.screenshot(path=SCREENSHOTS / f"controls-{width}-{path.replace('/', '-')}.jpg", **SNAPSHOT)
    return wrong, beside, total


def _assert_placement(found: list[tuple[list[str], int, int]], width: int) -> None:
    wrong = [w for problems, _, _ in found for w in problems]
    beside, total = sum(b for _, b, _ in found), sum(t for _, _, t in found)
    assert total >= 13, f"only {total} explorers found on the site's pages"
    if width >= SIDE_PANEL_FROM_PX:
        assert beside >= total // 2, f"only {beside} of {total} explorers have their controls beside the chart"
    assert not wrong, "\n".join(wrong)


def test_an_explorers_controls_sit_beside_its_chart_on_a_wide_screen(browsing: Tab, server: str) -> None:
    """At 1,280 px an explorer's controls sit in a panel beside its drawing (where the drawing keeps at least
    SIDE_PANEL_MIN_SCALE of its size) and stay in view while the reader scrolls down the chart; beside a chart too
    wide to share the column, they sit directly under it and stick to the window's bottom edge while the chart is
    in view. Screenshots of each explorer page are kept for CI's artefacts. (In the laptop reader's tab.)"""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    found = []
    for path in _explorer_pages():
        page = browsing.open(server, path).page
        page.wait_for_function(CHARTS_DRAWN, timeout=TIMEOUT_MS)
        found.append(_placement_problems(page, path, 1280))
    _assert_placement(found, 1280)


@pytest.fixture(scope="module")
def on_a_phone(browser: Browser, server: str) -> dict[str, Any]:
    """Every page of the book opened once at a phone's width (390 px): what overflows its column, and where each
    explorer's controls sit (screenshots of explorer pages kept for CI's artefacts)."""
    context = _context(browser, 390)
    page = context.new_page()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    wide, placed = [], []
    for path in [p for p in site_pages() if p.startswith("book/")]:
        page.goto(server + path, wait_until="load")
        page.wait_for_function(CHARTS_DRAWN, timeout=TIMEOUT_MS)
        wide += [f"{path}: {problem}" for problem in page.evaluate(OVERFLOW)]
        placed.append(_placement_problems(page, path, 390))
    context.close()
    return {"wide": wide, "placed": placed}


def test_an_explorers_controls_sit_under_its_chart_on_a_phone(on_a_phone: dict[str, Any]) -> None:
    """On a phone an explorer's controls sit directly under its drawing and stick to the window's bottom edge while
    the chart is in view."""
    _assert_placement(on_a_phone["placed"], 390)


# -- dark mode -------------------------------------------------------------------------------------

LUMINANCE = """el => { const rgb = getComputedStyle(el).backgroundColor.match(/[0-9.]+/g).map(Number);
    return rgb.length > 3 && rgb[3] === 0 ? null : (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255; }"""


def test_charts_sit_on_a_light_card_in_dark_mode(visit: Callable[..., Visit]) -> None:
    """In the theme's dark mode the page turns dark and each chart, with its controls, stays on a light card
    (its colours were chosen for a light background); a screenshot is kept for CI's artefacts."""
    v = visit(LAB, init_script="localStorage.setItem('mode', 'dark');")
    assert not wait_until_rendered(v.page)
    assert v.page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert v.page.locator("body").evaluate(LUMINANCE) < 0.2, "the page did not turn dark"
    charts = v.page.locator("div.cyberorder-chart").all()
    assert charts
    for chart in charts:
        assert chart.evaluate(LUMINANCE) > 0.95, "a chart has no light card in dark mode"
        for name in chart.locator(".vega-bind-name").all():
            colour = name.evaluate("el => getComputedStyle(el).color")
            assert colour in ("rgb(26, 26, 26)", "rgb(0, 0, 0)"), f"a control's label is {colour} on the light card"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    charts[-1].scroll_into_view_if_needed()
    v.page.screenshot(path=SCREENSHOTS / "dark-mode-lab.jpg", **SNAPSHOT)


# -- accessibility ---------------------------------------------------------------------------------

AXE_DIR = ROOT / "tests" / "axe"  # axe-core's newest release, locked by package-lock.json (integrity hash)
AXE_BLOCKING = ("serious", "critical")


@pytest.fixture(scope="session")
def axe_js() -> str:
    """axe-core from tests/axe, installed by `npm ci` from its lock on first use (npm's registry only)."""
    script = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
    if not script.is_file():
        npm = shutil.which("npm")
        if npm is None:
            if REQUIRE_BROWSER:
                pytest.fail("npm not found: the accessibility tests need axe-core from tests/axe (npm ci)")
            pytest.skip("npm is not installed: axe-core (tests/axe) cannot be installed")
        run = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=AXE_DIR, capture_output=True, text=True,
                             check=False)
        assert run.returncode == 0, f"npm ci in {AXE_DIR} failed:\n{run.stdout}\n{run.stderr}"
    return script.read_text(encoding="utf-8")


def axe_findings(page: Page, axe_js: str) -> list[str]:
    """What axe-core (WCAG 2.x A/AA rules) finds serious or critical on the page as it stands."""
    page.evaluate(axe_js)
    results = page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: "
                            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}, "
                            "resultTypes: ['violations']})")
    return [f"{r['id']} ({r['impact']}): {r['help']} — e.g. {r['nodes'][0]['target']}"
            for r in results["violations"] if r["impact"] in AXE_BLOCKING]


def test_axe_is_the_locked_release(axe_js: str) -> None:
    """The script the tests inject is the version package.json names (no older copy lying around)."""
    wanted = json.loads((AXE_DIR / "package.json").read_text(encoding="utf-8"))["dependencies"]["axe-core"]
    assert f"axe v{wanted}" in axe_js[:300], axe_js[:300]


def test_the_accessibility_statement_names_the_tested_axe_release() -> None:
    """The statement's version is the one the tests run (bumping axe-core without the page fails here)."""
    wanted = json.loads((AXE_DIR / "package.json").read_text(encoding="utf-8"))["dependencies"]["axe-core"]
    statement = (ROOT / "book" / "appendix" / "accessibility.md").read_text(encoding="utf-8")
    assert f"axe-core **{wanted}**" in statement


def test_page_has_no_serious_accessibility_violations(rendered: tuple[str, Visit, list[str]], axe_js: str) -> None:
    """axe-core (WCAG 2.x A/AA rules) finds nothing serious or critical once the page has rendered."""
    path, v, _ = rendered
    found = axe_findings(v.page, axe_js)
    assert not found, f"{path}:\n" + "\n".join(found)


# -- the offline copy (a zip a teacher can put on a USB stick) -----------------------------------

ZIP_COMMAND = ["-m", "zipfile", "-c"]  # README: python -m zipfile -c post-liberal-cyberspace.zip _build/html/


def test_offline_zip_works_opened_from_disk(browser: Browser, site: Path, tmp_path: Path) -> None:
    """The README's one command packs the site; unpacked and opened over file://, the lab draws and works."""
    import subprocess
    import sys
    import zipfile

    archive = tmp_path / "post-liberal-cyberspace.zip"
    subprocess.run([sys.executable, *ZIP_COMMAND, str(archive), str(site) + "/"], check=True)
    zipfile.ZipFile(archive).extractall(tmp_path / "usb")
    lab_file = tmp_path / "usb" / site.name / LAB
    assert lab_file.is_file()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python -m zipfile -c post-liberal-cyberspace.zip _build/html/" in readme

    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    remote: list[str] = []
    context.route("**/*", lambda r: r.continue_() if urlsplit(r.request.url).scheme in {"file", *LOCAL_SCHEMES}
                  else (remote.append(r.request.url), r.abort()))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(lab_file.as_uri(), wait_until="load")
    problems = wait_until_rendered(page)
    chart = page.locator("div.cyberorder-chart", has=page.locator(".vega-bindings input[type=range]")).first
    before = _readouts(chart)
    chart.locator("input[type=range]").first.focus()
    page.keyboard.press("Home")
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while (after := _readouts(chart)) == before and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    context.close()
    assert after != before, "moving the slider changed no readout in the unpacked copy"
    assert not problems and not remote and not errors, (problems, remote, errors)


# -- CI keeps the screenshots ----------------------------------------------------------------------


def test_ci_uploads_the_screenshots_even_when_tests_fail() -> None:
    """.github/workflows/book.yml uploads SCREENSHOTS with actions/upload-artifact under ``if: always()``."""
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "book.yml").read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
    uploads = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact@")
               and s.get("with", {}).get("path") == SCREENSHOTS.relative_to(ROOT).as_posix()]
    assert uploads, f"no actions/upload-artifact step uploads {SCREENSHOTS.relative_to(ROOT)}"
    assert all(s.get("if") == "always()" for s in uploads), "the screenshots must be uploaded when tests fail too"
    tests_step = next((i for i, s in enumerate(steps) if "pytest" in str(s.get("run", ""))), None)
    assert tests_step is not None and steps.index(uploads[0]) > tests_step, "upload after the step that runs pytest"
