"""The book's local Sphinx extensions: stale-cache guard and offline asset rewriting."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from cyberorder.charts import BUNDLE_MARK, chart_html
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import offline_assets
import package_cache


def _app(tmp_path: Path) -> SimpleNamespace:
    out = tmp_path / "_build" / "html"
    return SimpleNamespace(outdir=str(out), doctreedir=str(tmp_path / "_build" / ".doctrees"))


def test_cache_is_kept_while_package_and_data_are_unchanged(tmp_path: Path) -> None:
    app, config = _app(tmp_path), SimpleNamespace(nb_execution_cache_path="")
    cache = tmp_path / "_build" / ".jupyter_cache"
    package_cache._config_inited(app, config)  # first build: stamp written
    cache.mkdir(parents=True)
    (cache / "entry").write_text("outputs")
    package_cache._config_inited(app, config)
    assert (cache / "entry").is_file()


def test_cache_and_doctrees_are_dropped_when_the_package_changes(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    app, config = _app(tmp_path), SimpleNamespace(nb_execution_cache_path="")
    package_cache._config_inited(app, config)
    cache, doctrees = tmp_path / "_build" / ".jupyter_cache", Path(app.doctreedir)
    cache.mkdir(parents=True)
    doctrees.mkdir(parents=True)
    monkeypatch.setattr(package_cache, "_fingerprint", lambda: "something else")
    package_cache._config_inited(app, config)
    assert not cache.exists() and not doctrees.exists()


def test_fingerprint_follows_the_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from cyberorder import data

    copy = tmp_path / "data"
    shutil.copytree(data.data_dir(), copy)
    monkeypatch.setattr(data, "data_dir", lambda: copy)
    before = package_cache._fingerprint()
    (copy / "root_servers.csv").write_text((copy / "root_servers.csv").read_text() + "\n")
    assert package_cache._fingerprint() != before


def test_page_rewrite_swaps_the_inline_bundle_for_the_site_file() -> None:
    html = chart_html({"description": "d", "mark": "point"})
    assert BUNDLE_MARK in html and len(html) > 500_000
    context = {"body": "<p>x</p>" + html, "pathto": lambda name, _resource: "../" + name}
    offline_assets._page_context(None, "page", "page.html", context, None)
    assert BUNDLE_MARK not in context["body"]
    assert '<script type="text/javascript" src="../_static/offline/vega-all.js"></script>' in context["body"]
    assert "vegaEmbed(el," in context["body"] and len(context["body"]) < 5_000
