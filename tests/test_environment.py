"""The environment is locked: the hash-locked files agree with the pins people read and edit.

`requirements.txt` holds the direct dependencies, pinned exactly; `requirements.lock` (CI, your own machine)
and `.binder/requirements.txt` (Binder: the slim runtime, no book builder or test tools) pin every package,
indirect ones included, each with its sha256 hashes. Regenerate both with the commands in their headers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)", re.M)
FULL, SLIM = ROOT / "requirements.lock", ROOT / ".binder" / "requirements.txt"
LOCKS = [FULL, SLIM]


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


def test_the_slim_environment_is_the_tested_one_without_the_tools() -> None:
    runtime, full, slim = pins(ROOT / ".binder" / "runtime.in"), pins(FULL), pins(SLIM)
    direct = pins(ROOT / "requirements.txt")
    assert {n: v for n, v in runtime.items() if direct.get(n) != v} == {}, "runtime.in strays from requirements.txt"
    assert {n: v for n, v in runtime.items() if slim.get(n) != v} == {}, "the slim lock misses a runtime pin"
    drift = {n: (v, full.get(n)) for n, v in slim.items() if full.get(n) != v}
    assert not drift, f"the slim lock runs versions CI never tested (slim: full): {drift}"
    # (playwright stays: otter-grader needs nbconvert[webpdf], which brings it)
    for tool in ("jupyter-book", "sphinx-exercise", "pytest", "pytest-xdist", "ruff", "frictionless", "hypothesis",
                 "axe-playwright-python"):
        assert tool not in slim, f"{tool} is a tool for authors, not for students: keep it out of the Binder lock"


def test_ci_and_binder_install_from_the_locks() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements.lock" in ci
    assert (ROOT / ".binder" / "postBuild").read_text(encoding="utf-8").count("--no-deps") == 1
    assert not (ROOT / ".binder" / "environment.yml").exists(), "repo2docker would ignore requirements.txt"
