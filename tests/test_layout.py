"""The package's layout: where a newcomer looks for a thing is where it is, and a name means one thing."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from collections import defaultdict
from pathlib import Path

import cyberorder
from cyberorder import explorers, figures

PACKAGE = Path(cyberorder.__file__).parent
PER_CHAPTER = {"CLAIMS", "CHAPTER"}
"""Names every claim module defines for its own chapter (its claims, its chapter's title): one role, by design."""


def _modules() -> list[str]:
    return [m.name for m in pkgutil.walk_packages(cyberorder.__path__, "cyberorder.")]


def constants_by_name() -> dict[str, list[tuple[str, object]]]:
    """Every public module-level constant (an UPPER_CASE name without a leading underscore), by name."""
    found: dict[str, list[tuple[str, object]]] = defaultdict(list)
    for name in _modules():
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if attr.isupper() and not attr.startswith("_") and not isinstance(value, type(cyberorder)):
                found[attr].append((name, value))
    return found


def test_a_public_constant_means_one_thing_across_the_package() -> None:
    """CAMPS (the camps of the 2018 votes) must not also be a list of blocs elsewhere, nor MEASURES three things."""
    clashes = {attr: [m for m, _ in where] for attr, where in constants_by_name().items()
               if attr not in PER_CHAPTER and len({id(v) for _, v in where}) > 1}
    assert clashes == {}, "one name, several meanings (rename one, or make it private): " + repr(clashes)


def test_the_clash_check_finds_a_name_used_twice(monkeypatch) -> None:
    from cyberorder import forums, rollcalls

    monkeypatch.setattr(forums, "CAMPS", ("West", "Rest"), raising=False)
    clashes = {a for a, where in constants_by_name().items() if len({id(v) for _, v in where}) > 1}
    assert "CAMPS" in clashes and rollcalls.CAMPS != forums.CAMPS


def _top_level_functions(path: Path) -> set[str]:
    return {n.name for n in ast.parse(path.read_text()).body if isinstance(n, ast.FunctionDef)}


def test_explorers_hold_explorers_and_figures_hold_figures() -> None:
    """Every public function of explorers/ builds an explorer; every static chart lives in figures/."""
    explorer_modules = [p for p in (PACKAGE / "explorers").glob("*.py") if p.name not in ("__init__.py", "_shared.py")]
    public = {f for p in explorer_modules for f in _top_level_functions(p) if not f.startswith("_")}
    # besides the explorers: the internet-freedom explorer's groups of countries
    assert public <= set(explorers.ALL) | {"fotn_groups"}, public - set(explorers.ALL)
    assert set(explorers.ALL) <= public


def test_each_explorer_is_a_module_of_its_own() -> None:
    """explorers/<name>.py builds the explorer <name> and no other, so its model, live chart and twin are found (and
    imported, and tested) by its name; what several explorers draw is in explorers/_shared.py."""
    files = {p.stem for p in (PACKAGE / "explorers").glob("*.py")} - {"__init__", "_shared"}
    assert files == set(explorers.ALL), files ^ set(explorers.ALL)
    for name in explorers.ALL:
        module = importlib.import_module(f"cyberorder.explorers.{name}")
        builders = {f for f in _top_level_functions(Path(module.__file__)) if f in explorers.ALL}
        assert builders == {name}, f"explorers/{name}.py builds {sorted(builders)}"
        assert explorers.ALL[name] is getattr(module, name) and explorers.ALL[name]().name == name
    for name in figures.__all__:
        assert getattr(figures, name).__module__.startswith("cyberorder.figures."), name


def test_charts_stays_generic() -> None:
    """charts.py draws no chapter's chart: it imports no module of the argument's quantities."""
    imported = {a.name for n in ast.walk(ast.parse((PACKAGE / "charts.py").read_text()))
                if isinstance(n, ast.ImportFrom | ast.Import) for a in n.names}
    quantities = {"power", "values", "institutions", "cyberpower", "rollcalls", "forums", "history", "reach",
                  "scenarios", "fragmentation", "robustness"}
    assert not imported & quantities, imported & quantities
    assert not any(f.endswith("_over_time") for f in _top_level_functions(PACKAGE / "charts.py"))
