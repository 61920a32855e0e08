"""The Introduction lab in JupyterLab with the network cut: it runs, draws every chart, and its explorer responds.

A real `jupyter lab` server (on 127.0.0.1, with its config, data, runtime, settings and workspaces in a
temporary directory) serves a copy of book/01-introduction/lab.ipynb; headless Chromium, driven by
Playwright, may reach 127.0.0.1 only. The test runs every cell from the Run menu, as a reader would,
then checks the outputs, moves the explorer's Year slider and ticks one of its checkboxes, and compares
the live readouts with the package's model.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest

from cyberorder.explorers import ALL, where_the_users_are
from tests.conftest import CHROMIUM_ARGS, LOCAL_HOSTS, ROOT, cut_off, elsewhere

LAB = ROOT / "book" / "01-introduction" / "lab.ipynb"
YEAR = 2005
TOGGLE = ("west_asia", "Asia counts as the West")

pytestmark = pytest.mark.browser


@dataclass
class Lab:
    url: str
    token: str
    log: Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _no_proxy_get(url: str, token: str) -> int:
    # ProxyHandler({}): never send a request for 127.0.0.1 through an http_proxy from the environment
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with opener.open(request, timeout=2) as response:
        return response.status


EXPLORER_FIRST = nbformat.v4.new_notebook(
    cells=[nbformat.v4.new_code_cell("import cyberorder\nfrom cyberorder import explorers\n\ncyberorder.setup()"),
           nbformat.v4.new_code_cell("explorers.imf_veto()")],
    metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
"""A notebook whose first chart is an explorer's live view: no chart's HTML has loaded Vega, so the live view's
library must get it from the kernel."""


FORUM_MAP = nbformat.v4.new_notebook(
    cells=[nbformat.v4.new_code_cell("import cyberorder\nfrom cyberorder import explorers\n\ncyberorder.setup()"),
           nbformat.v4.new_code_cell("forum = explorers.forum_membership()\nforum"),
           nbformat.v4.new_code_cell('print("picked in Python:", forum.values()["picked"])')],
    metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
"""The forum explorer's live view, then a cell that prints the picks as the kernel holds them."""


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """`jupyter lab` serving a copy of the lab and the notebooks below, isolated from the user's Jupyter config;
    one server for the module's tests (each opens its own notebook, in its own workspace), stopped at the end."""
    tmp_path = tmp_path_factory.mktemp("jupyterlab")
    root = tmp_path / "root"
    root.mkdir()
    shutil.copy(LAB, root / "lab.ipynb")
    nbformat.write(EXPLORER_FIRST, root / "explorer-first.ipynb")
    nbformat.write(FORUM_MAP, root / "forum-map.ipynb")
    home = tmp_path / "jupyter"
    env = os.environ | {
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "IPYTHONDIR": str(home / "ipython"),
    }
    # The user's dirs are gone, but the kernelspec installed with ipykernel (sys.prefix/share/jupyter) must stay
    # visible, or JupyterLab would ask for a kernel and the lab could not run.
    specs = subprocess.run([sys.executable, "-m", "jupyter", "kernelspec", "list", "--json"], env=env,
                           capture_output=True, text=True, check=True, timeout=60)
    assert "python3" in json.loads(specs.stdout)["kernelspecs"], f"no python3 kernelspec found: {specs.stdout}"

    # JupyterLab's own settings, as a user would set them in Settings > Notifications: never fetch the news feed
    # (and so never check PyPI for updates). With "fetchNews": "none" (the default) JupyterLab shows a toast asking
    # whether to fetch it.
    settings = home / "lab-settings"
    notification = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    notification.parent.mkdir(parents=True)
    notification.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")

    port, token = _free_port(), secrets.token_hex(16)
    log = tmp_path / "jupyterlab.log"
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={home / 'workspaces'}",
        # The news feed and the update check are fetched by the *server* (jupyterlab/handlers/announcements.py),
        # from jupyterlab.github.io and pypi.org, so the browser's blocking below would not see them: turn both off.
        "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        # the default extension manager ("pypi") asks pypi.org for extensions, also from the server
        "--LabApp.extension_manager=readonly",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # CI containers run as root, which jupyter refuses by default
        command.append("--allow-root")
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(command, env=env, cwd=root, stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 45
        while True:
            if server.poll() is not None:
                pytest.fail(f"jupyter lab exited ({server.returncode}):\n{log.read_text(encoding='utf-8')}")
            try:
                if _no_proxy_get(f"{url}/api/status", token) == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"jupyter lab did not answer in 45 s:\n{log.read_text(encoding='utf-8')}")
            time.sleep(0.25)
        yield Lab(url=url, token=token, log=log)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)


@dataclass
class Network:
    """Every request the page made to another host (the browser refuses them: ``cut_off``), and its websockets."""

    blocked: list[str] = field(default_factory=list)
    websockets: list[str] = field(default_factory=list)

    def request(self, request) -> None:
        if elsewhere(request.url):
            self.blocked.append(request.url)


# the explorer's live view, read from the page: its readout lines, and its chart's id, texts and bars (each bar's
# ARIA label, which Vega-Lite writes as "<x title>: <x>; region: <region>; Camp: <camp>; …")
READ_EXPLORER = """() => {
  const view = [...document.querySelectorAll('.jp-OutputArea-output .jupyter-widgets.widget-vbox')]
    .find(v => v.querySelector('.widget-slider') && v.querySelector('.cyberorder-chart'));
  if (!view) return null;
  view.scrollIntoView({block: 'center'});  // JupyterLab skips rendering cells out of view (content-visibility)
  const readouts = {};
  for (const h of view.querySelectorAll('.widget-html-content')) {
    if (h.querySelector('details')) continue;  // the chart's text alternative, not a readout
    const m = h.textContent.trim().match(/^(.+?): (.+)$/);
    if (m) readouts[m[1]] = m[0];
  }
  const chart = view.querySelector('.cyberorder-chart');
  const svg = chart.querySelector('svg');
  return {
    readouts,
    chart: chart.dataset.draws || '0',  // how many times the live chart drew: a new spec or new data
    texts: svg ? [...svg.querySelectorAll('text')].map(t => t.textContent) : [],
    bars: svg ? [...svg.querySelectorAll('.mark-rect path[aria-label]')].map(p => p.getAttribute('aria-label')) : [],
  };
}"""


def _read(page) -> dict:
    state = page.evaluate(READ_EXPLORER)
    assert state is not None, "the explorer's widget view (slider, readouts, chart) is not on the page"
    return state


def _wait_for(page, predicate, what: str, timeout: float = 20) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        state = _read(page)
        if predicate(state):
            return state
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}; the explorer shows {state}")
        page.wait_for_timeout(200)


def _asia_bars(state: dict) -> list[str]:
    """The live chart's two bars for Asia: its share of the users, and its root-server identities."""
    bars = [b for b in state["bars"] if "; region: Asia;" in b]
    assert len(bars) == 2, f"expected Asia's two bars in the live chart, found {state['bars']}"
    return bars


def test_introduction_lab_runs_offline_in_jupyterlab(chromium_path: str, lab: Lab, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    explorer = where_the_users_are()
    start = explorer.compute()
    at_year = explorer.compute(year_shown=YEAR)
    toggled = explorer.compute(year_shown=YEAR, **{TOGGLE[0]: True})

    def text(values: dict) -> dict[str, str]:
        return {r.label: r.text(values[r.key]) for r in explorer.readouts}

    network = Network()
    page_errors: list[str] = []
    with _offline_page(chromium_path, network, page_errors, tmp_path / "jupyterlab.png") as page:
        _run_and_check(page, lab, expect, text, start, at_year, toggled)

    assert network.blocked == [], f"the page tried to reach other hosts: {network.blocked}"
    assert network.websockets, "no websocket to the kernel was opened"
    assert all(urlsplit(u).hostname in LOCAL_HOSTS for u in network.websockets), network.websockets
    assert not [e for e in page_errors if re.search(r"vega|cyberorder|widget", e, re.I)], page_errors


def _run_and_check(page, lab: Lab, expect, text, start: dict, at_year: dict, toggled: dict) -> None:
    page.goto(f"{lab.url}/lab/workspaces/lab/tree/lab.ipynb?token={lab.token}")
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")
    expect(notebook.locator(".jp-CodeCell").first).to_be_visible(timeout=30_000)
    # the notebook asks for kernelspec python3, which exists, so no dialog should come; accept it if one does.
    # Wait for the status bar's "… | Idle" (it reads "Initializing", then "Connecting" first): a cell run before the
    # session has its kernel is silently cleared, not queued.
    dialog = page.locator(".jp-Dialog")
    kernel = page.locator('#jp-main-statusbar .jp-StatusBar-TextItem[title^="Change kernel"]')
    deadline = time.monotonic() + 45
    while not re.search(r"\| Idle$", kernel.text_content() or ""):
        if dialog.is_visible():
            dialog.locator(".jp-Dialog-button.jp-mod-accept").click()
        assert time.monotonic() < deadline, f"the kernel did not start: status bar says {kernel.text_content()!r}"
        page.wait_for_timeout(200)
    assert kernel.text_content().startswith("Python 3"), kernel.text_content()

    # Run > Run All Cells, as a reader would
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-item", has_text="Run All Cells").first.click()

    prompts = notebook.locator(".jp-CodeCell .jp-InputArea-prompt")
    n_cells = prompts.count()
    expected = sum(c.cell_type == "code" for c in nbformat.read(ROOT / "book" / "01-introduction" / "lab.ipynb",
                                                                as_version=4).cells)
    assert n_cells == expected, f"expected the lab's {expected} code cells, found {n_cells}"
    deadline = time.monotonic() + 120  # generous: CI runs this beside other workers
    while True:
        shown = [t.strip() for t in prompts.all_text_contents()]
        if all(re.fullmatch(r"\[\d+\]:", t) for t in shown) and kernel.text_content().endswith("| Idle"):
            break
        assert time.monotonic() < deadline, f"the cells did not all run in 120 s: prompts {shown}"
        page.wait_for_timeout(250)
    counts = [int(t.strip()[1:-2]) for t in shown]
    assert counts == list(range(1, n_cells + 1)), f"cells ran out of order or not all: {counts}"

    # no errors in any output
    outputs = notebook.locator(".jp-OutputArea-output")
    for i in range(outputs.count()):
        out = outputs.nth(i)
        body = out.inner_text()
        assert out.get_attribute("data-mime-type") != "application/vnd.jupyter.stderr" or not re.search(
            r"Traceback|Error", body), f"an output on stderr reports an error:\n{body[:2000]}"
    for body in notebook.locator(".jp-RenderedText").all_inner_texts():
        assert not re.search(r"Traceback|Error", body), f"an output reports an error:\n{body[:2000]}"
    page_text = notebook.inner_text()
    assert "Error loading script" not in page_text
    assert "Chart error" not in page_text

    # every chart drew an SVG: the package's line chart, the chart the lab builds in Altair, the explorer's live chart
    charts = notebook.locator("div.cyberorder-chart")
    expect(charts).to_have_count(3, timeout=40_000)
    for i in range(charts.count()):
        expect(charts.nth(i).locator("svg").first).to_be_attached(timeout=40_000)
    title = "Asia went from a third of the world's internet users to half"  # figures.user_shares_over_time
    assert title in charts.first.locator("svg").first.text_content()

    # the explorer shows its ipywidgets view (not the static twin)
    view = notebook.locator(".jupyter-widgets.widget-vbox").filter(has=page.locator(".widget-slider")).first
    expect(view).to_be_visible()
    assert notebook.locator(".jupyter-widgets .cyberorder-chart").count() == 1, "the live chart is not in the view"
    # the widget's readouts fill in once its model has synced: wait for them rather than read a half-drawn view
    state = _wait_for(page, lambda s: s["readouts"] == text(start), "the explorer's starting readouts", timeout=20)
    assert state["readouts"] == text(start)
    assert "Where the users are, 2019" in state["texts"]
    assert all("; Camp: Rest;" in b for b in _asia_bars(state)), _asia_bars(state)

    # move the Year slider: ipywidgets 8 slider readouts are editable; type the year and press Enter
    slider = view.locator(".widget-slider").filter(has=page.locator(".widget-label", has_text="Year"))
    readout = slider.locator(".widget-readout")
    readout.scroll_into_view_if_needed()
    readout.click()
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(str(YEAR))
    page.keyboard.press("Enter")
    expect(readout).to_have_text(str(YEAR))
    before = state["chart"]
    state = _wait_for(page, lambda s: s["chart"] != before and f"Where the users are, {YEAR}" in s["texts"],
                      f"the live chart to be redrawn for {YEAR}")
    state = _wait_for(page, lambda s: s["readouts"] == text(at_year), f"the readouts for {YEAR}", timeout=5)
    assert state["readouts"] != text(start)
    assert f"; share: {at_year['asia_user_share']:.1%}" in _asia_bars(state)[0], _asia_bars(state)

    # tick "Asia counts as the West"
    before = state["chart"]
    checkbox = view.get_by_role("checkbox", name=TOGGLE[1])
    expect(checkbox).not_to_be_checked()
    checkbox.check()
    state = _wait_for(page, lambda s: s["chart"] != before and s["texts"] and s["readouts"] == text(toggled),
                      f"the readouts and chart with {TOGGLE[1]!r} ticked")
    assert f"Where the users are, {YEAR}" in state["texts"]
    # Asia's users and its root identity (M, WIDE Project) now count for the West
    assert all("; Camp: West;" in b for b in _asia_bars(state)), _asia_bars(state)
    expect(readout).to_have_text(str(YEAR))


def test_an_explorer_shown_first_brings_vega_itself_offline(chromium_path: str, lab: Lab, tmp_path: Path) -> None:
    """When an explorer is the notebook's first chart, no chart's HTML loads Vega: the live view's library brings it
    (from its state, sent by the kernel). With the network cut the chart draws, and a control moved redraws it
    with the model's readouts."""
    from playwright.sync_api import expect

    explorer = ALL["imf_veto"]()
    start, moved = explorer.compute(), explorer.compute(quota_period="Before the 2010 reform")
    network, page_errors = Network(), []
    with _offline_page(chromium_path, network, page_errors, tmp_path / "explorer-first.png") as page:
        page.on("console", lambda m: m.type == "error" and page_errors.append(f"console: {m.text}"))
        notebook = _open_and_run_all(page, lab, "explorer-first.ipynb")
        chart = notebook.locator(".jupyter-widgets .cyberorder-chart")
        try:
            expect(chart.locator("svg").first).to_be_attached(timeout=60_000)
        except AssertionError as err:
            raise AssertionError(f"the live chart drew nothing; the page said {page_errors}") from err
        assert notebook.locator(f"script[{charts_mark()}]").count() == 0, "a chart's HTML loaded Vega after all"
        assert page.evaluate("() => typeof window.vegaEmbed") == "function"
        view = notebook.locator(".jupyter-widgets.widget-vbox").filter(has=page.locator(".widget-slider")).first
        first = readouts_of(explorer, start)[0]
        expect(view).to_contain_text(first)
        draws = chart.get_attribute("data-draws")
        view.locator("select").first.select_option("Before the 2010 reform")  # Quota shares
        expect(view).to_contain_text(readouts_of(explorer, moved)[0])
        expect(chart).not_to_have_attribute("data-draws", draws or "")
    assert network.blocked == [], f"the page tried to reach other hosts: {network.blocked}"
    assert not [e for e in page_errors if re.search(r"vega|cyberorder|widget", e, re.I)], page_errors


def test_clicking_states_in_jupyterlab_edits_the_forum_in_the_kernel(chromium_path: str, lab: Lab,
                                                                      tmp_path: Path) -> None:
    """The live forum map offline: a click on a square, then a tick in the list from the keyboard, each change the
    kernel's picks (printed by a cell run afterwards) and the readouts, which follow the model."""
    from playwright.sync_api import expect

    explorer = ALL["forum_membership"]()
    network, page_errors = Network(), []
    with _offline_page(chromium_path, network, page_errors, tmp_path / "forum-map.png") as page:
        page.on("console", lambda m: m.type == "error" and page_errors.append(f"console: {m.text}"))
        notebook = _open_and_run_all(page, lab, "forum-map.ipynb")
        view = notebook.locator(".jupyter-widgets.widget-vbox").filter(has=page.locator(".cyberorder-picker")).first
        square = view.locator('svg [aria-label^="Iran: "]')
        expect(square).to_have_attribute("aria-label", "Iran: not in the forum", timeout=60_000)
        expect(view).to_contain_text(readouts_of(explorer, explorer.compute())[0])
        square.click(force=True)  # the click lands on the code drawn over the square, as a reader's would
        after_click = explorer.compute(picked=("IRN",))
        for line in readouts_of(explorer, after_click):
            expect(view).to_contain_text(line)
        expect(square).to_have_attribute("aria-label", "Iran: in the forum")
        # the keyboard path: open the list, find a state by name, tick it with Space
        view.locator(".cyberorder-picker summary").focus()
        page.keyboard.press("Enter")
        view.locator(".cyberorder-picker input[type=search]").fill("ivoire")
        box = view.locator('.cyberorder-picker input[value="CIV"]')
        box.focus()
        page.keyboard.press("Space")
        for line in readouts_of(explorer, explorer.compute(picked=("IRN", "CIV"))):
            expect(view).to_contain_text(line)
        expect(box).to_be_checked()
        # the kernel holds the picks: run the last cell again and read what it prints
        printing = notebook.locator(".jp-CodeCell").nth(2)  # Shift+Enter on the last cell adds one below it
        printing.locator(".jp-InputArea-editor").click()
        page.keyboard.press("Shift+Enter")
        expect(printing.locator(".jp-OutputArea-output")).to_contain_text("picked in Python: ('IRN', 'CIV')")
    assert network.blocked == [], f"the page tried to reach other hosts: {network.blocked}"
    assert not [e for e in page_errors if re.search(r"vega|cyberorder|widget|picker", e, re.I)], page_errors


def _open_and_run_all(page, lab: Lab, name: str):
    """Open the notebook ``name`` in JupyterLab, wait for its kernel, and run every cell from the Run menu; returns
    the notebook's locator."""
    from playwright.sync_api import expect

    page.goto(f"{lab.url}/lab/workspaces/{Path(name).stem}/tree/{name}?token={lab.token}")  # its own tabs
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")
    expect(notebook.locator(".jp-CodeCell").first).to_be_visible(timeout=30_000)
    kernel = page.locator('#jp-main-statusbar .jp-StatusBar-TextItem[title^="Change kernel"]')
    expect(kernel).to_have_text(re.compile(r"\| Idle$"), timeout=45_000)
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-item", has_text="Run All Cells").first.click()
    return notebook


def charts_mark() -> str:
    from cyberorder.charts import BUNDLE_MARK
    return BUNDLE_MARK


def readouts_of(explorer, values: dict) -> list[str]:
    return [r.text(values[r.key]) for r in explorer.readouts]


@contextlib.contextmanager
def _offline_page(chromium_path: str, network: Network, page_errors: list[str], screenshot: Path) -> Iterator:
    """A Chromium page whose requests to other hosts are refused (and recorded in ``network``), whose script errors
    are collected, and whose last view is kept as ``screenshot`` (for a failure in CI; never hides the test's own
    error)."""
    from playwright.sync_api import sync_playwright

    with cut_off() as offline, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=[*CHROMIUM_ARGS, offline])
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            context.on("request", network.request)
            page = context.new_page()
            page.set_default_timeout(30_000)
            page.on("websocket", lambda ws: network.websockets.append(ws.url))
            page.on("pageerror", lambda err: page_errors.append(str(err)))
            try:
                yield page
            finally:
                with contextlib.suppress(Exception):
                    page.screenshot(path=str(screenshot))
        finally:
            browser.close()
