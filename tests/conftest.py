"""Shared fixtures: the repository's paths, the built site, and Chromium."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import types
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# CI sets REQUIRE_BROWSER=1 so that a missing Chromium fails instead of skipping
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER") == "1"


@pytest.fixture(scope="session")
def site() -> Path:
    """The built book (`jupyter-book build .`, the first Quick start command)."""
    if not (SITE / "index.html").is_file():
        pytest.fail(f"no built book at {SITE}: run `jupyter-book build .` first (README, Quick start)")
    return SITE


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's Chromium (`apt-get install chromium`); skipped locally when absent, fatal in CI."""
    if not Path(CHROMIUM).is_file():
        if REQUIRE_BROWSER:
            pytest.fail(f"Chromium not found at {CHROMIUM}; .ci/run installs it with apt-get")
        pytest.skip("Chromium is not installed (apt-get install chromium); browser tests skipped")
    return CHROMIUM


# Tests by cost (`pyproject.toml` declares the markers). A test is marked from the fixtures it uses, so a new
# test is marked without anyone remembering to: `python -m pytest -m "not browser and not build and not notebook
# and not render and not sweep"` is the fast loop (no built book, no Chromium, no kernel, no Vega rendering, no
# 1,000-input sweep of the API, marked by hand in test_api_sweep.py); the README's `python -m pytest` runs
# everything.
_MARK_BY_FIXTURE = {"chromium_path": "browser", "site": "build", "built": "notebook", "student_edition": "build",
                    "lab": "browser"}


# a test that renders a static twin with vl-convert (tests/twin.py) to read what a reader would see
_RENDERERS = {"twin_readouts", "twin_spec", "vegalite_to_svg", "vegalite_to_png"}


# The slowest test modules, slowest first: seconds of one xdist worker each, measured with `--durations=0` on the
# 2-core CI machine (2026-12-04, with the twins built in fewer copies). Each module runs whole on one worker
# (`--dist loadfile`); handed out slowest first (and `--no-loadscope-reorder`: xdist would otherwise order them by
# their number of tests, so that the 4-test PDF module, then 72 s, started last), the two workers finish together.
# Other modules follow in the usual order.
SLOWEST_FIRST = {
    "test_site_browser.py": 154, "test_coursework.py": 81, "test_pdf.py": 40, "test_api_sweep.py": 37,
    "test_explorers.py": 37, "test_jupyterlab_offline.py": 28, "test_twins_match_models.py": 24,
    "test_controls.py": 17, "test_fragmentation.py": 10,
}


def slowest_first(items: list[pytest.Item]) -> list[pytest.Item]:
    """``items`` with the modules of :data:`SLOWEST_FIRST` moved to the front, slowest first; the order of the tests
    within a module, and of the other modules, is kept."""
    rank = {name: i for i, name in enumerate(sorted(SLOWEST_FIRST, key=lambda n: -SLOWEST_FIRST[n]))}
    return sorted(items, key=lambda item: rank.get(item.path.name, len(rank)))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test `browser`, `build`, `notebook` or `render` from the fixtures it needs and the helpers it calls;
    hand out the slowest modules first (:data:`SLOWEST_FIRST`)."""
    items[:] = slowest_first(items)
    for item in items:
        for fixture in getattr(item, "fixturenames", ()):
            if fixture in _MARK_BY_FIXTURE:
                item.add_marker(_MARK_BY_FIXTURE[fixture])
        function = getattr(item, "function", None)
        if function is not None and renders(function):
            item.add_marker("render")


def renders(function: types.FunctionType) -> bool:
    """Whether a test function calls a helper that renders with vl-convert (:data:`_RENDERERS`)."""
    return bool(_RENDERERS & _names_called(function.__code__))


def _names_called(code: types.CodeType) -> set[str]:
    """The global names a function's code uses, its nested functions' included (a hypothesis test draws inside one)."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _names_called(const)
    return names


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
LOCAL_SCHEMES = frozenset({"data", "blob", "about"})  # never reach the network


def elsewhere(url: str) -> bool:
    """Whether a request for ``url`` would leave this machine (what ``cut_off`` refuses and the tests record)."""
    parts = urlsplit(url)
    return parts.scheme not in LOCAL_SCHEMES and parts.hostname not in LOCAL_HOSTS


@contextlib.contextmanager
def cut_off() -> Iterator[str]:
    """Chromium's argument that cuts it off from every host but this machine, valid while the block lasts.

    Every request for another host goes to a proxy that refuses it: a port of 127.0.0.1 held here, bound and never
    listened on (loopback itself never goes through a proxy). The browser refuses such requests itself, with no
    round trip to Python for each one as a Playwright route would need; the tests record them from its events.
    """
    with socket.socket() as nowhere:
        nowhere.bind(("127.0.0.1", 0))  # bound, never listening: a connection to it is refused
        yield f"--proxy-server=http://127.0.0.1:{nowhere.getsockname()[1]}"


# Property tests measure correctness, not speed: no per-example deadline on a loaded CI machine.
from hypothesis import settings  # noqa: E402

# On CI the examples are drawn from a fixed seed, so a run of the same commit passes or fails the same way; locally
# each run draws new ones, which is how the sweep keeps finding inputs nobody thought of.
settings.register_profile("book", deadline=None)
settings.register_profile("ci", parent=settings.get_profile("book"), derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "book")
