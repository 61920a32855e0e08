"""The built site in headless Chromium, with every other host cut off.

One local ``http.server`` (127.0.0.1, a free port) serves ``_build/html`` and one Chromium runs for
the whole session. Every request to a host other than 127.0.0.1 / localhost is aborted and recorded.
Each page of the site must then make no such request, log no console error (beyond a commented
allowlist), draw every chart as SVG and typeset its math. On the Introduction lab, the static twin's
controls are driven from the keyboard and its readouts compared with the package's model.

Full-page screenshots of the book's pages are saved to ``_build/screenshots/`` as CI artefacts.
"""

from __future__ import annotations

import functools
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, Route, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from cyberorder.explorer import Slider, Toggle
from cyberorder.explorers import where_the_users_are
from tests.conftest import CHROMIUM_ARGS, ROOT, SITE

pytestmark = pytest.mark.browser  # every test in this module drives Chromium

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
# Schemes that never reach the network (Playwright does not route them anyway).
LOCAL_SCHEMES = frozenset({"data", "blob", "about"})
TIMEOUT_MS = 15_000  # the Vega bundle is ~0.9 MB; a 2-core CI machine parses it in well under this
SCREENSHOTS = ROOT / "_build" / "screenshots"
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


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    """Debian's Chromium, driven by Playwright (never `playwright install`)."""
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """A page opened in a fresh context, with what it asked for and what it logged."""

    page: Page
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list, repr=False)

    def problems(self) -> list[str]:
        found = [f"blocked request to another host: {u}" for u in self.blocked]
        found += [f"console error: {e}" for e in self.errors if not any(a.search(e) for a in CONSOLE_ALLOWED)]
        return found + [f"failed local request: {f}" for f in self.failed]


@pytest.fixture
def visit(browser: Browser, server: str) -> Iterator[Callable[..., Visit]]:
    """Open a page of the site in a fresh context that aborts every request to another host."""
    contexts: list[BrowserContext] = []

    def open_page(path: str, init_script: str | None = None) -> Visit:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        if init_script:
            context.add_init_script(init_script)
        page = context.new_page()
        v = Visit(page)

        def route(r: Route) -> None:
            parts = urlsplit(r.request.url)
            if parts.scheme in LOCAL_SCHEMES or parts.hostname in LOCAL_HOSTS:
                r.continue_()
            else:
                v.blocked.append(r.request.url)
                r.abort("blockedbyclient")

        context.route("**/*", route)
        page.on("request", lambda r: v.requested.append(r.url))
        page.on("console", lambda m: v.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: v.errors.append(f"uncaught {e.name}: {e.message}"))
        page.on("response", lambda r: v.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.on("requestfailed", lambda r: None if r.url in v.blocked else v.failed.append(f"{r.failure} {r.url}"))
        page.on("websocket", lambda ws: None if urlsplit(ws.url).hostname in LOCAL_HOSTS
                else v.blocked.append(f"websocket {ws.url}"))  # not routable: recorded, fails the page
        page.goto(server + path, wait_until="load")
        target = redirect_target(path) if (SITE / path).is_file() else None
        if target:
            page.wait_for_url(re.compile(re.escape(target) + "$"), wait_until="load")
        return v

    yield open_page
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


@pytest.mark.parametrize("path", site_pages())
def test_page_loads_offline_and_renders(visit: Callable[..., Visit], path: str) -> None:
    """No request to another host, no console error, every chart drawn, every formula typeset."""
    v = visit(path)
    problems = wait_until_rendered(v.page)
    if path.startswith("book/"):  # the book's own pages: keep a picture of each for CI
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = "-".join(Path(path).relative_to("book").with_suffix("").parts)
        v.page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    problems += v.problems()
    assert not problems, f"{path}:\n" + "\n".join(problems)


# -- the Introduction lab's explorer --------------------------------------------------------------


def _readouts(chart: Locator) -> dict[str, str]:
    """The twin's readout lines, by label. d3-format writes negatives with U+2212, Python with '-'."""
    texts = chart.evaluate(READOUT_TEXTS)
    lines = {t.split(": ", 1)[0]: t.replace("\u2212", "-") for t in texts}
    assert len(lines) == len(texts), f"two readouts share a label: {texts}"
    return lines


def _expected(explorer: Any, **values: Any) -> dict[str, str]:
    result = explorer.compute(**values)
    return {r.label: r.text(result[r.key]) for r in explorer.readouts}


def _wait_for_readouts(page: Page, chart: Locator, expected: dict[str, str], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while (shown := _readouts(chart)) != expected and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert shown == expected, f"{what}: the twin shows {shown}, the model says {expected}"


@pytest.fixture
def lab(visit: Callable[..., Visit]) -> Visit:
    v = visit(LAB)
    problems = wait_until_rendered(v.page)
    assert not problems, "\n".join(problems)
    return v


def test_lab_explorer_twin_agrees_with_the_model_when_driven_by_keyboard(lab: Visit) -> None:
    page, explorer = lab.page, where_the_users_are()
    year = next(c for c in explorer.controls if isinstance(c, Slider))
    asia = next(c for c in explorer.controls if isinstance(c, Toggle) and c.label == "Asia counts as the West")
    chart = page.locator("div.cyberorder-chart", has=page.locator(f'.vega-bindings input[name="{year.name}"]'))
    assert chart.count() == 1, "exactly one chart on the lab page should hold the explorer's Year slider"
    for control in explorer.controls:  # each control is bound under the model's name and label
        bind = chart.locator(".vega-bind", has=page.locator(f'input[name="{control.name}"]'))
        assert bind.locator(".vega-bind-name").inner_text().strip() == control.label

    initial = _readouts(chart)
    assert initial == _expected(explorer), "the twin's starting readouts differ from the model's defaults"

    slider = chart.locator(f'input[name="{year.name}"]')
    assert slider.get_attribute("type") == "range"
    slider.focus()
    page.keyboard.press("Home")  # a keyboard user's way to the first year
    assert slider.input_value() == str(int(year.min)) == "2005"
    _wait_for_readouts(page, chart, _expected(explorer, year_shown=2005), "Year set to 2005 with the keyboard")
    assert _readouts(chart) != initial, "moving the Year slider changed no readout"

    box = chart.locator(f'input[name="{asia.name}"]')
    assert box.get_attribute("type") == "checkbox" and not box.is_checked()
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()
    _wait_for_readouts(page, chart, _expected(explorer, year_shown=2005, **{asia.name: True}),
                       "Asia counted as the West with the keyboard")
    assert not lab.problems(), "\n".join(lab.problems())


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


# -- accessibility ---------------------------------------------------------------------------------

AXE_JS = Path(__import__("axe_playwright_python").__file__).with_name("axe.min.js")  # axe-core, pinned via pip
AXE_BLOCKING = ("serious", "critical")


@pytest.mark.parametrize("path", [p for p in site_pages() if p.startswith("book/")])
def test_page_has_no_serious_accessibility_violations(visit: Callable[..., Visit], path: str) -> None:
    """axe-core (WCAG 2.x A/AA rules) finds nothing serious or critical once the page has rendered."""
    v = visit(path)
    wait_until_rendered(v.page)
    v.page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    results = v.page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: "
                              "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})")
    found = [f"{r['id']} ({r['impact']}): {r['help']} — e.g. {r['nodes'][0]['target']}"
             for r in results["violations"] if r["impact"] in AXE_BLOCKING]
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
    chart = page.locator("div.cyberorder-chart").nth(1)
    before = _readouts(chart)
    chart.locator("input[type=range]").first.focus()
    page.keyboard.press("Home")
    page.wait_for_function("(b) => !document.body.innerText.includes(b)", arg=next(iter(before.values())))
    context.close()
    assert not problems and not remote and not errors, (problems, remote, errors)
