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
import tables


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


def _notebook(path: Path, code: str) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


@pytest.mark.notebook
def test_labs_are_executed_in_parallel_before_reading_and_failures_left_for_mystnb(tmp_path: Path) -> None:
    """Labs without cached outputs are run up front, on every core; a failing one stays uncached (myst-nb then
    runs it and stops the strict build with its error)."""
    from jupyter_cache import get_cache

    _notebook(tmp_path / "book" / "a.ipynb", "x = 1 + 1\nprint(x)")
    _notebook(tmp_path / "book" / "b.ipynb", "print('b')")
    _notebook(tmp_path / "book" / "c.ipynb", "raise ValueError('broken lab')")
    _notebook(tmp_path / "book" / "draft.ipynb", "print('not in the book')")  # not in the toc: not a page
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/a\nchapters:\n- file: book/b\n"
                                       "- file: book/c\n  sections:\n  - file: book/d\n  - file: book/e\n")
    app = SimpleNamespace(outdir=str(tmp_path / "_build" / "html"), srcdir=str(tmp_path))
    config = SimpleNamespace(nb_execution_cache_path="", nb_execution_mode="cache", nb_execution_timeout=60)
    package_cache._execute_in_parallel(app, config)
    cache = get_cache(str(tmp_path / "_build" / ".jupyter_cache"))
    cached = {Path(r.uri).name: cache.get_cached_project_nb(r.pk) is not None for r in cache.list_project_records()}
    assert cached == {"a.ipynb": True, "b.ipynb": True, "c.ipynb": False}
    record = cache.get_cached_project_nb(next(r.pk for r in cache.list_project_records() if r.uri.endswith("a.ipynb")))
    assert cache.get_cache_bundle(record.pk).nb.cells[0].outputs[0]["text"] == "2\n"
    config.nb_execution_mode = "force"  # other modes: myst-nb does it all, nothing runs here
    _notebook(tmp_path / "book" / "d.ipynb", "print('d')")
    _notebook(tmp_path / "book" / "e.ipynb", "print('e')")
    package_cache._execute_in_parallel(app, config)
    assert len(cache.list_cache_records()) == 2


def test_page_rewrite_swaps_the_inline_bundle_for_the_site_file() -> None:
    html = chart_html({"description": "d", "mark": "point"})
    assert BUNDLE_MARK in html and len(html) > 500_000
    context = {"body": "<p>x</p>" + html, "pathto": lambda name, _resource: "../" + name}
    offline_assets._page_context(None, "page", "page.html", context, None)
    assert BUNDLE_MARK not in context["body"]
    assert '<script type="text/javascript" src="../_static/offline/vega-all.js"></script>' in context["body"]
    assert "vegaEmbed(el," in context["body"] and len(context["body"]) < 5_000


def test_a_page_whose_charts_carry_no_bundle_gets_the_site_file_before_them() -> None:
    """A notebook whose first chart is an explorer: its twin leaves Vega to the page, which must load the file."""
    html = chart_html({"description": "d", "mark": "point"}, bundle=False)
    assert BUNDLE_MARK not in html
    context = {"body": "<p>x</p>" + html, "pathto": lambda name, _resource: "../" + name}
    offline_assets._page_context(None, "page", "page.html", context, None)
    tag = '<script type="text/javascript" src="../_static/offline/vega-all.js"></script>'
    assert context["body"].index(tag) < context["body"].index("vegaEmbed(el,")
    plain = {"body": "<p>no chart</p>", "pathto": lambda name, _resource: "../" + name}
    offline_assets._page_context(None, "page", "page.html", plain, None)
    assert plain["body"] == "<p>no chart</p>"


def _lab(path: Path, words: int, code: int, exercises: int) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    prose = " ".join(["word"] * (words - 3))
    nb.cells = [nbformat.v4.new_markdown_cell(f"# Lab 9: a test\n\n{prose}")]
    nb.cells.append(nbformat.v4.new_code_cell("pip install", metadata={"tags": ["remove-cell"]}))
    nb.cells += [nbformat.v4.new_code_cell("1 + 1") for _ in range(code)]
    nb.cells += [nbformat.v4.new_markdown_cell(f"```{{exercise}}\n:label: ex-{i}\n```") for i in range(exercises)]
    path.parent.mkdir(parents=True)
    nbformat.write(nb, path)


def test_lab_workload_counts_what_the_notebook_holds(tmp_path: Path) -> None:
    _lab(tmp_path / "09-test" / "lab.ipynb", words=403, code=5, exercises=2)
    row = tables.lab_workload(tmp_path).iloc[0]
    # 3 words in the heading ("Lab", "a", "test"; "9" is not a word) + 400; directive lines are not prose
    assert (row["lab"], row["words"], row["code cells"], row["exercises"]) == ("Lab 9: a test", 403, 5, 2)
    assert row["estimated working time"] == "35 min"  # 403/200 + 2*5 + 10*2 = 32.0 -> 35


def test_lab_workload_lists_every_lab_of_the_book() -> None:
    table = tables.lab_workload(ROOT / "book")
    assert set(table["file"]) == {p.relative_to(ROOT / "book").as_posix() for p in (ROOT / "book").glob("0*/*.ipynb")}
    assert (table["exercises"] >= 3).all(), "every lab has at least three exercises"
