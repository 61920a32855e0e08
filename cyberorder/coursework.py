"""Coursework: autograded assignments (otter-grader) and the student edition of the book.

From the repository's root:

- ``python -m cyberorder.coursework`` turns every assignment source ``coursework/*.ipynb`` (otter's
  assign format: questions, solutions, public and hidden tests) into a student notebook, with no
  solution and no hidden test in it, and an autograder zip, under ``_build/coursework/<name>/``;
  otter checks on the way that the reference solutions score full marks.
- ``python -m cyberorder.coursework student-edition`` builds the book without its exercise
  solutions (sphinx-exercise's ``hide_solutions``) into ``_build/student/html``.

:func:`answer` is for the assignments' tests: it fetches a student's answer from the notebook's
variables and, when the answer is missing, unfinished or of the wrong kind, fails with a message a
student can act on instead of a traceback. otter-grader and jupyter-book are imported only by the
commands, so the package itself does not need them.
"""

from __future__ import annotations

import argparse
import math
import numbers
import shutil
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

__all__ = ["Kind", "answer", "build_assignments", "build_student_edition", "main", "sources"]

Kind = Literal["share", "number", "year", "text", "names"]

_WHAT = {
    "share": "a share: a number between 0 and 1 (0.25 means 25%)",
    "number": "a number",
    "year": "a year, as a whole number such as 2010",
    "text": "a string of text in quotation marks",
    "names": "a list of names, such as ['Europe', 'Asia']",
}


def answer(env: Mapping[str, Any], name: str, kind: Kind = "number") -> Any:
    """The student's answer called ``name``, checked to be ``kind``; else an ``AssertionError`` saying what to do.

    Covers the three ways a first attempt usually goes wrong: the variable is not there (renamed,
    or its cell stopped with an error), it is still the placeholder ``...``, or it holds the wrong
    kind of value (text instead of a number, a percentage instead of a share, a float for a year).
    """
    if kind not in _WHAT:
        raise ValueError(f"unknown kind {kind!r}; choose from {sorted(_WHAT)}")
    if name not in env:
        raise AssertionError(
            f"there is no variable called `{name}`. Keep the name the question gives; if you did, the cell "
            "that sets it has not run or stopped with an error: fix that cell, run it, then run this check again.")
    value = env[name]
    if value is Ellipsis:
        raise AssertionError(f"`{name}` is still `...`: replace the `...` with your answer, run the cell, "
                             "then run this check again.")
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
    wrong = f"`{name}` should be {_WHAT[kind]}, but it is {type(value).__name__} {shown}."
    is_number = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if kind in ("share", "number", "year") and not is_number:
        if isinstance(value, str):
            raise AssertionError(wrong + " Remove the quotation marks: a number is not text.")
        if hasattr(value, "__len__"):
            raise AssertionError(wrong + " Pick the one number you need out of it (e.g. with ['Asia'] or .iloc[0]).")
        raise AssertionError(wrong)
    if kind in ("share", "number"):
        if not math.isfinite(value):
            raise AssertionError(wrong + " It is not a finite number: check for a division by zero.")
        if kind == "share" and not 0 <= value <= 1:
            hint = " Did you give a percentage? Divide it by 100." if 1 < value <= 100 else ""
            raise AssertionError(wrong + hint)
    elif kind == "year":
        if not math.isfinite(value) or value != int(value):
            raise AssertionError(wrong)
    elif kind == "text":
        if not isinstance(value, str) or not value.strip():
            raise AssertionError(wrong)
    elif not isinstance(value, (list, tuple, set)) or not all(isinstance(v, str) for v in value):
        raise AssertionError(wrong)
    return value


# -- the commands ------------------------------------------------------------------------------------

def sources(root: Path) -> list[Path]:
    """The assignment sources: every notebook in ``coursework/``, in name order."""
    found = sorted((root / "coursework").glob("*.ipynb"))
    if not found:
        raise FileNotFoundError(f"no assignment sources in {root / 'coursework'}: run this from the repository's root")
    return found


def build_assignments(root: Path, out: Path, *, check: bool = True) -> dict[str, Path]:
    """Run ``otter assign`` on every source; returns each assignment's output folder.

    Each folder holds ``student/<name>.ipynb`` and ``autograder/<name>-autograder_<time>.zip`` (plus
    the solution notebook ``autograder/<name>.ipynb``). With ``check`` otter also grades the
    solution notebook and stops with an error unless it scores full marks.
    """
    from otter.assign import main as assign

    built = {}
    for source in sources(root):
        target = out / source.stem
        shutil.rmtree(target, ignore_errors=True)  # no stale zip from an earlier run
        print(f"otter assign {source.relative_to(root)} -> {target}", flush=True)
        assign(str(source), str(target), no_pdfs=True, no_run_tests=not check)
        built[source.stem] = target
    return built


def build_student_edition(root: Path, out: Path, *, strict: bool = True) -> Path:
    """Build the book with every ``{solution}`` left out into ``out`` (html); returns ``out``.

    The same ``_config.yml`` and ``_toc.yml`` as the normal build, with three overrides: hide the
    solutions, copy no page sources (``_sources/`` would carry them) and offer no source download.
    The execution cache lives next to ``out``. Whenever the normal build's cache is of another
    package fingerprint than this one's (or this one has none), it starts as a copy of the normal
    build's, fingerprint included: after ``jupyter-book build .`` the labs are not executed twice,
    and a changed package or data still re-executes them (``book/_ext/package_cache.py``).
    """
    from jupyter_book.sphinx import build_sphinx

    main_build, here = root / "_build", out.parent
    main_stamp, own_stamp = main_build / "package-fingerprint.txt", here / "package-fingerprint.txt"
    if here != main_build and (main_build / ".jupyter_cache").is_dir() and main_stamp.is_file() \
            and (not own_stamp.is_file() or own_stamp.read_text() != main_stamp.read_text()):
        shutil.rmtree(here / ".jupyter_cache", ignore_errors=True)
        shutil.copytree(main_build / ".jupyter_cache", here / ".jupyter_cache")
        shutil.copy2(main_stamp, own_stamp)

    overrides: dict[str, Any] = {
        "external_toc_path": (root / "_toc.yml").as_posix(),
        "latex_individualpages": False,
        "hide_solutions": True,
        "html_copy_source": False,
        "html_theme_options": {"use_download_button": False},
        "nitpicky": strict,
    }
    result = build_sphinx(root, out, noconfig=True, path_config=str(root / "_config.yml"), confoverrides=overrides,
                          builder="html", warningiserror=strict, keep_going=strict)
    if result != 0:
        raise RuntimeError(f"the student edition did not build (Sphinx returned {result!r})")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cyberorder.coursework", description=__doc__.split("\n\n")[0])
    parser.add_argument("what", nargs="?", choices=["assignments", "student-edition"], default="assignments")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the repository's root (default: here)")
    parser.add_argument("--out", type=Path, help="output folder (default: _build/coursework or _build/student/html)")
    parser.add_argument("--no-check", action="store_true", help="assignments: do not grade the solutions")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.what == "student-edition":
        out = build_student_edition(root, (args.out or root / "_build" / "student" / "html").resolve())
        print(f"student edition: {out / 'index.html'}")
        return 0
    built = build_assignments(root, (args.out or root / "_build" / "coursework").resolve(), check=not args.no_check)
    for name, folder in built.items():
        print(f"{name}: hand out {folder / 'student' / (name + '.ipynb')}; grade with {folder / 'autograder'}/*.zip")
    return 0


if __name__ == "__main__":
    sys.exit(main())
