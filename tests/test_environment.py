"""The environment is locked: the hash-locked files agree with the pins people read and edit.

`requirements.txt` holds the direct dependencies, pinned exactly; `requirements.lock` (CI, your own machine)
and `.binder/requirements.txt` (Binder: the slim runtime, no book builder or test tools) pin every package,
indirect ones included, each with its sha256 hashes. Regenerate both with the commands in their headers.
The full lock is installed with `--no-deps` (pip installs exactly the lock), so it must hold every requirement
of every package it holds, save those it leaves out on purpose (``LEFT_OUT``).
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from tests.conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)", re.M)
FULL, SLIM = ROOT / "requirements.lock", ROOT / ".binder" / "requirements.txt"
LOCKS = [FULL, SLIM]
# Optional packages the full lock leaves out, and why (README, "The environment"). Binder's lock keeps them:
# repo2docker installs it with pip's resolver, which refuses a hash-locked file that lacks a requirement.
LEFT_OUT = {
    "rfc3987-syntax": "jsonschema[format-nongpl] checks the 'iri' string format with it, which neither Jupyter nor "
                      "the book uses; importing it compiles 38 grammars, 2.5 s in every otter, jupyter and "
                      "jupyter-book process",
    "lark": "only rfc3987-syntax needs it",
}


def _name(name: str) -> str:
    """A distribution's name as PyPI compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    """`name==version` lines of a requirements file, comments left out."""
    text = "\n".join(line.split(" #", 1)[0] for line in path.read_text(encoding="utf-8").splitlines()
                     if not line.lstrip().startswith("#"))
    return {_name(m.group(1)): m.group(2) for m in PIN.finditer(text)}


def entries(path: Path) -> dict[str, list[str]]:
    """Each locked package with its hashes (a lock entry is `name==version \\` then `--hash=sha256:...` lines)."""
    found: dict[str, list[str]] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", path.read_text(encoding="utf-8")):
        m = PIN.match(block)
        if m:
            found[_name(m.group(1))] = re.findall(r"--hash=sha256:([0-9a-f]{64})", block)
    return found


@pytest.mark.parametrize("lock", LOCKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_locked_package_carries_its_hashes(lock: Path) -> None:
    locked = entries(lock)
    assert len(locked) > 50, f"{lock.name}: only {len(locked)} packages; is it a lock?"
    unhashed = sorted(name for name, hashes in locked.items() if not hashes)
    assert not unhashed, f"{lock.name}: no sha256 hash for {unhashed}"
    assert "-e " not in lock.read_text(encoding="utf-8"), "an editable line turns pip's hash checking off"


def test_the_lock_holds_every_direct_pin_at_its_version() -> None:
    direct, locked = pins(ROOT / "requirements.txt"), pins(FULL)
    wrong = {name: (version, locked.get(name)) for name, version in direct.items() if locked.get(name) != version}
    assert not wrong, f"requirements.txt and requirements.lock disagree (pin: lock): {wrong}; regenerate the lock"


def missing_requirements(locked: set[str], left_out: set[str]) -> dict[str, list[str]]:
    """Requirements of locked packages (extras they ask for included) that the lock does not hold: for each
    package of the lock, read from this environment's metadata, what it needs on Python 3.11 Linux."""
    missing: dict[str, list[str]] = {}
    todo, seen = [(name, "") for name in sorted(locked)], set()
    while todo:
        name, extra = todo.pop()
        if (name, extra) in seen or name in left_out:
            continue
        seen.add((name, extra))
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            missing.setdefault(name, []).append("(locked, but not installed here: install from the lock)")
            continue
        for line in requires:
            req = Requirement(line)
            if req.marker is not None and not req.marker.evaluate({"extra": extra}):
                continue
            needed = _name(req.name)
            if needed in left_out:
                continue
            if needed not in locked:
                missing.setdefault(name + (f"[{extra}]" if extra else ""), []).append(str(req))
            todo += [(needed, _name(e)) for e in req.extras] + [(needed, "")]
    return missing


def test_the_lock_holds_everything_its_packages_need_save_what_it_leaves_out() -> None:
    locked = set(pins(FULL))
    assert not set(LEFT_OUT) & locked, f"the lock holds {set(LEFT_OUT) & locked}: regenerate it (its header)"
    header = FULL.read_text(encoding="utf-8").split("\n", 2)[1]
    assert all(f"--no-emit-package {name}" in header for name in LEFT_OUT), header
    missing = missing_requirements(locked, set(LEFT_OUT))
    assert not missing, f"installed with --no-deps, the lock would leave these out: {missing}"


def test_the_closure_check_finds_a_package_the_lock_lacks() -> None:
    """The check above is not vacuous: without pandas in the lock, altair's and the others' need of it shows."""
    locked = set(pins(FULL)) - {"pandas"}
    missing = missing_requirements(locked, set(LEFT_OUT))
    assert any(req.startswith("pandas") for reqs in missing.values() for req in reqs), missing
    extras_only = missing_requirements(set(pins(FULL)), set())  # jupyter-events asks for it through an extra
    assert any("rfc3987-syntax" in req for req in extras_only.get("jsonschema[format-nongpl]", [])), extras_only


def test_the_slim_environment_is_the_tested_one_without_the_tools() -> None:
    runtime, full, slim = pins(ROOT / ".binder" / "runtime.in"), pins(FULL), pins(SLIM)
    direct = pins(ROOT / "requirements.txt")
    assert {n: v for n, v in runtime.items() if direct.get(n) != v} == {}, "runtime.in strays from requirements.txt"
    assert {n: v for n, v in runtime.items() if slim.get(n) != v} == {}, "the slim lock misses a runtime pin"
    drift = {n: (v, full.get(n)) for n, v in slim.items() if full.get(n) != v and n not in LEFT_OUT}
    assert not drift, f"the slim lock runs versions CI never tested (slim: full): {drift}"
    # (playwright stays: otter-grader needs nbconvert[webpdf], which brings it)
    for tool in ("jupyter-book", "sphinx-exercise", "pytest", "pytest-xdist", "ruff", "frictionless", "hypothesis",
                 "axe-playwright-python", "pypdfium2"):
        assert tool not in slim, f"{tool} is a tool for authors, not for students: keep it out of the Binder lock"


def test_ci_and_binder_install_from_the_locks() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements.lock" in ci
    for path in [ROOT / "README.md", ROOT / ".ci" / "run", *sorted((ROOT / ".github" / "workflows").glob("*.yml"))]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if "-r requirements.lock" in line:
                assert "--no-deps --require-hashes -r requirements.lock" in line, f"{path.name}: {line.strip()}"
    assert (ROOT / ".binder" / "postBuild").read_text(encoding="utf-8").count("--no-deps") == 1
    assert not (ROOT / ".binder" / "environment.yml").exists(), "repo2docker would ignore requirements.txt"
