"""Labs teach the code and the argument: each shows its computation and builds a chart in plain sight (issue: labs
that teach the code), and each asks for an argument, not only a number (issue: exercises that test understanding)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from tests.conftest import ROOT
from tests.test_notebooks import executed_by_the_build

LABS = sorted(p for p in (ROOT / "book").glob("0*/*.ipynb"))
HIDDEN = {"remove-cell", "remove-input"}


def _visible_code(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code" and not HIDDEN & set(c.metadata.get("tags", []))]


def _markdown(path: Path) -> str:
    return "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")


@pytest.mark.parametrize("path", LABS, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_first_visible_cell_imports_the_package_and_sets_it_up(path: Path) -> None:
    """...and imports nothing before it: the package keeps jsonschema (which Altair imports) from compiling the
    grammars of a string format nobody uses, 1-3 s of every kernel, only if it comes first."""
    first = _visible_code(path)[0]
    assert re.search(r"^import cyberorder$", first, re.M) and "cyberorder.setup()" in first, first
    imports = [n for n in ast.walk(ast.parse(first)) if isinstance(n, ast.Import | ast.ImportFrom)]
    assert isinstance(imports[0], ast.Import) and [a.name for a in imports[0].names] == ["cyberorder"], first


@pytest.mark.parametrize("path", LABS, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_lab_builds_a_chart_in_visible_altair_with_a_description(path: Path) -> None:
    charts = [s for s in _visible_code(path) if "alt.Chart(" in s]
    assert charts, f"{path.name}: no chart built in visible Altair code"
    assert any("description=" in s and "title=" in s for s in charts), f"{path.name}: chart without title/description"


@pytest.mark.parametrize("path", LABS, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_lab_checks_a_plain_computation_against_the_package(path: Path) -> None:
    assert any(re.search(r"^assert ", s, re.M) for s in _visible_code(path)), \
        f"{path.name}: no plain computation checked against the package with an assert"


@pytest.mark.parametrize("path", LABS, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_lab_has_an_argument_exercise_and_one_that_changes_its_chart(path: Path) -> None:
    text = _markdown(path)
    exercises = re.split(r"```\{exercise\}", text)[1:]
    assert any("**Argue.**" in e.split("```")[0] for e in exercises), f"{path.name}: no argument-level exercise"
    assert any(re.search(r"\bChange\b.*\bchart\b|\bchart\b.*\bChange\b", e.split("```")[0], re.S | re.I)
               for e in exercises), f"{path.name}: no exercise that asks to change a chart"


def test_the_install_cell_names_the_release_tag_and_the_build_skips_it() -> None:
    """The one hidden cell installs the tagged release where the package is missing (Colab); the build and nbclient
    skip it (``skip-execution``), so the build runs exactly the code a reader sees."""
    from cyberorder import __version__

    for path in LABS:
        nb = nbformat.read(path, as_version=4)
        hidden = [c for c in nb.cells if "remove-cell" in c.metadata.get("tags", [])]
        assert len(hidden) == 1 and f"@v{__version__}" in hidden[0].source, path.name
        assert "skip-execution" in hidden[0].metadata["tags"], f"{path.name}: the build would run the install cell"


def ran_only_the_visible_code(nb: nbformat.NotebookNode) -> bool:
    """True when an executed copy of a lab ran every visible code cell and no hidden one: the run of the code a
    reader sees, alone, in one fresh kernel."""
    code = [c for c in nb.cells if c.cell_type == "code"]
    return all((c.execution_count is None and not c.outputs) if HIDDEN & set(c.metadata.get("tags", []))
               else c.execution_count is not None for c in code)


def test_a_run_of_a_hidden_cell_is_not_taken_for_the_visible_code_alone() -> None:
    nb = nbformat.read(LABS[0], as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    for i, cell in enumerate(code):
        cell.execution_count = i + 1
    assert not ran_only_the_visible_code(nb)  # the install cell ran too
    hidden = next(c for c in code if HIDDEN & set(c.metadata.get("tags", [])))
    hidden.execution_count = None
    assert ran_only_the_visible_code(nb)
    code[-1].execution_count = None  # a visible cell that never ran
    assert not ran_only_the_visible_code(nb)


@pytest.mark.notebook
@pytest.mark.parametrize("path", LABS, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_code_a_reader_sees_runs_on_its_own(path: Path) -> None:
    """Only the website's visible code cells, in a fresh kernel, run without error (hidden cells dropped).

    The strict build's run is that run when it executed this very code against this very package and skipped
    every hidden cell (tests/test_notebooks.py); otherwise the visible cells are run here."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    built = executed_by_the_build(path)
    if built is not None and ran_only_the_visible_code(built):
        errors = [o for c in built.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
        assert not errors, f"{path.name}: the visible code fails on its own: {errors[0].get('evalue')}"
        return
    nb = nbformat.read(path, as_version=4)
    nb.cells = [c for c in nb.cells if not (c.cell_type == "code" and HIDDEN & set(c.metadata.get("tags", [])))]
    try:
        where = {"metadata": {"path": str(path.parent)}}
        client = NotebookClient(nb, timeout=180, kernel_name="python3", resources=where)
        client.execute()
    except CellExecutionError as error:
        pytest.fail(f"{path.name}: the visible code fails on its own: {str(error).splitlines()[-1]}")
