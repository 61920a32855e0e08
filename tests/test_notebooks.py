"""Every lab runs top to bottom in a fresh kernel, and is committed without outputs.

Labs are executed once per CI run: the strict build (`jupyter-book build . -W`) runs each lab in its own
fresh kernel and keeps the result in its execution cache (`_build/.jupyter_cache`, keyed by the lab's code
cells); this test reads that result when it is the build of exactly this code and this package (the cache
matches the code cells, and the build's package fingerprint is today's), and runs the lab itself otherwise
(no build, or a stale one).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))
from package_cache import _fingerprint  # the build's own fingerprint of cyberorder/ and data/

EXECUTED = ROOT / "_build" / ".jupyter_cache"
FINGERPRINT = ROOT / "_build" / "package-fingerprint.txt"
NOTEBOOKS = sorted(p for p in (ROOT / "book").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def test_there_are_labs() -> None:
    assert NOTEBOOKS, "no notebooks found under book/"


def _code(nb: nbformat.NotebookNode) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "code"]


def executed_by_the_build(path: Path) -> nbformat.NotebookNode | None:
    """The build's executed copy of this lab, if it ran this very code against this very package; else None."""
    from jupyter_cache import get_cache

    if not EXECUTED.is_dir() or not FINGERPRINT.is_file() or FINGERPRINT.read_text() != _fingerprint():
        return None
    source = nbformat.read(path, as_version=4)
    try:
        record = get_cache(str(EXECUTED)).match_cache_notebook(source)
    except KeyError:
        return None
    executed = get_cache(str(EXECUTED)).get_cache_bundle(record.pk).nb
    return executed if _code(executed) == _code(source) else None


def execute(path: Path) -> nbformat.NotebookNode:
    """Run the lab top to bottom in a fresh kernel; raises CellExecutionError on the first failing cell."""
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_runs_in_a_fresh_kernel(path: Path) -> None:
    nb = executed_by_the_build(path) or execute(path)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    html = [o["data"].get("text/html", "") for c in nb.cells if c.cell_type == "code"
            for o in c.outputs if o.output_type in ("display_data", "execute_result")]
    assert any("cyberorder-chart" in h for h in html), "the lab draws no chart"


def test_a_stale_build_is_not_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build made before the package changed, or of other code, is executed again rather than trusted."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    lab = NOTEBOOKS[0]
    nb = nbformat.read(lab, as_version=4)
    cache = get_cache(str(tmp_path / "cache"))
    cache.cache_notebook_bundle(CacheBundleIn(nb, str(lab)), check_validity=False)
    stamp = tmp_path / "package-fingerprint.txt"
    stamp.write_text(_fingerprint())
    monkeypatch.setitem(globals(), "EXECUTED", tmp_path / "cache")
    monkeypatch.setitem(globals(), "FINGERPRINT", stamp)
    assert executed_by_the_build(lab) is not None
    stamp.write_text("an older package")
    assert executed_by_the_build(lab) is None
    stamp.write_text(_fingerprint())
    edited = tmp_path / lab.name
    next(c for c in nb.cells if c.cell_type == "code").source += "\n# edited"
    nbformat.write(nb, edited)
    assert executed_by_the_build(edited) is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, f"{path.name}: clear the outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_lab_has_objectives_exercises_and_prompts(path: Path) -> None:
    text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    assert "You will learn" in text
    assert text.count("```{exercise}") >= 3
    assert text.count("```{solution}") == text.count("```{exercise}")
    assert "Discussion prompts" in text
