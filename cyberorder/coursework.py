"""Coursework: autograded assignments (otter-grader) and the student edition of the book.

From the repository's root:

- ``python -m cyberorder.coursework`` turns every assignment source ``coursework/*.ipynb`` (otter's
  assign format: questions, solutions, public and hidden tests) into a student notebook, with no
  solution and no hidden test in it, and an autograder zip, under ``_build/coursework/<name>/``;
  otter checks on the way that the reference solutions score full marks.
- ``python -m cyberorder.coursework grade <autograder.zip> <submission>...`` grades submissions with
  ``otter run``, one results folder each, and writes one table of scores with each notebook's
  student ID (see the instructor guide, "Grading a term").
- ``python -m cyberorder.coursework student-edition`` builds the book without its exercise
  solutions (sphinx-exercise's ``hide_solutions``) into ``_build/student/html``.

For the assignments' notebooks and tests:

- :func:`variant` draws a student's own inputs (a year, a group of states, a set of weights...) from
  their student ID, so that each student's answers are their own and no public file holds them;
  the hidden tests recompute the expected values from the package for that student's variant.
- :func:`answer` fetches a student's answer from the notebook's variables and, when the answer is
  missing, unfinished or of the wrong kind, fails with a message a student can act on instead of a
  traceback; :func:`expect` compares it with the expected value, numbers with :func:`close` (a
  tolerance that accepts sensible rounding) and text with :func:`same_text` (case and spacing do
  not matter), the same way in every assignment.
- :func:`notebook_path` finds the student's notebook whatever its file name, for
  ``otter.Notebook(...)`` in the first cell; :func:`quiet_kernel_warning` keeps a harmless warning of
  the kernel that otter's export starts out of the notebook.

otter-grader and jupyter-book are imported only by the commands, so the package itself does not need
them.
"""

from __future__ import annotations

import argparse
import csv
import functools
import hashlib
import json
import math
import numbers
import os
import random
import re
import shutil
import subprocess
import sys
import warnings
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

__all__ = ["ABS_TOL", "SIG_FIGS", "Kind", "Variant", "answer", "build_assignments", "build_student_edition",
           "close", "expect", "grade_submissions", "inputs", "main", "normalise_text", "notebook_path",
           "quiet_kernel_warning", "same_text", "sources", "submitted_id", "variant", "variant_names"]

Kind = Literal["share", "number", "whole", "year", "text", "names"]

_WHAT = {
    "share": "a share: a number between 0 and 1 (0.25 means 25%)",
    "number": "a number",
    "whole": "a whole number, such as 12 or -4",
    "year": "a year, as a whole number such as 2010",
    "text": "a string of text in quotation marks",
    "names": "a list of names, such as ['Europe', 'Asia']",
}

SIG_FIGS = 3
"""Numbers count as right when they match to three significant figures ..."""
ABS_TOL = 5e-4
"""... or to three decimals (within 0.0005), whichever is looser: a share to three decimals is enough."""


def answer(env: Mapping[str, Any], name: str, kind: Kind = "number") -> Any:
    """The student's answer called ``name``, checked to be ``kind``; else an ``AssertionError`` saying what to do.

    Covers the three ways a first attempt usually goes wrong: the variable is not there (renamed,
    or its cell stopped with an error), it is still the placeholder ``...``, or it holds the wrong
    kind of value (text instead of a number, a percentage instead of a share, a float for a year).
    Numbers come back as Python numbers (``int`` for ``"whole"`` and ``"year"``), text as given.
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
    if kind in ("share", "number", "whole", "year") and not is_number:
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
        return float(value)
    if kind in ("whole", "year"):
        if not math.isfinite(value) or value != int(value):
            raise AssertionError(wrong)
        return int(value)
    if kind == "text":
        if not isinstance(value, str) or not value.strip():
            raise AssertionError(wrong)
    elif not isinstance(value, (list, tuple, set)) or not all(isinstance(v, str) for v in value):
        raise AssertionError(wrong)
    return value


def close(value: float, expected: float) -> bool:
    """Whether a numeric answer is right: it matches ``expected`` to three significant figures or three decimals.

    "Matches" means a difference of at most half a unit in the third significant figure of
    ``expected`` (0.05 for 21.43, 0.5 for 187.2), or at most 0.0005, whichever is looser. So any
    sensible rounding passes (``round(x, 3)`` for a share, 21.4 for 21.43), while a slip in the
    third figure, a two-figure rounding such as 0.63 for 0.6315, a percentage for a share or a
    different quantity does not.
    """
    if not (math.isfinite(value) and math.isfinite(expected)):
        return False
    figure = 0.5 * 10 ** (math.floor(math.log10(abs(expected))) - (SIG_FIGS - 1)) if expected else 0.0
    return abs(value - expected) <= max(ABS_TOL, figure) * (1 + 1e-9)


def normalise_text(text: Any) -> str:
    """Text as compared: spacing collapsed and case folded (``' North  america '`` -> ``'north america'``)."""
    return " ".join(str(text).split()).casefold()


def same_text(value: Any, expected: Any) -> bool:
    """Whether two texts are the same answer: case, extra spaces and line breaks do not matter."""
    return normalise_text(value) == normalise_text(expected)


def expect(env: Mapping[str, Any], name: str, kind: Kind, expected: Any, hint: str) -> None:
    """Fail with ``hint`` unless the answer ``name`` (of ``kind``) matches ``expected``; never shows the value.

    The one comparison of every hidden test: numbers with :func:`close`, whole numbers and years
    exactly, text with :func:`same_text`, lists of names as sets of texts (order does not matter).
    """
    value = answer(env, name, kind)
    if kind in ("share", "number"):
        right = close(value, float(expected))
    elif kind in ("whole", "year"):
        right = value == int(expected)
    elif kind == "text":
        right = same_text(value, expected)
    else:
        right = sorted({normalise_text(v) for v in value}) == sorted({normalise_text(v) for v in expected})
    if not right:
        raise AssertionError(f"`{name}` is not right: {hint}")


# -- per-student variants ----------------------------------------------------------------------------

class Variant(Mapping[str, Any]):
    """A student's own inputs for one assignment: read them as ``mine.MY_YEAR`` or ``mine["MY_YEAR"]``."""

    def __init__(self, assignment: str, student_id: str, values: Mapping[str, Any]):
        self.assignment, self.student_id = assignment, student_id
        self._values = dict(values)

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __getattr__(self, key: str) -> Any:
        try:
            return self.__dict__["_values"][key]
        except KeyError:
            raise AttributeError(f"{self.assignment} has no input called {key!r}; its inputs: "
                                 f"{', '.join(self.__dict__.get('_values', {}))}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        lines = [f"Your inputs for {self.assignment} (drawn from student ID {self.student_id!r}):"]
        lines += [f"  {k} = {v!r}" for k, v in self._values.items()]
        return "\n".join(lines)


def _normalise_id(student_id: Any) -> str:
    if student_id is Ellipsis:
        raise ValueError("`student_id` is still `...`: type your student ID between quotation marks, "
                         'e.g. student_id = "s1234567", then run the cell again.')
    if isinstance(student_id, numbers.Integral) and not isinstance(student_id, bool):
        student_id = str(student_id)  # an ID typed without quotation marks still names the student
    if not isinstance(student_id, str) or not student_id.strip():
        raise ValueError("`student_id` should be your student ID as text in quotation marks, "
                         f'e.g. student_id = "s1234567"; got {student_id!r}')
    return normalise_text(student_id)


def _seed(assignment: str, student_id: Any) -> int:
    """A stable seed from the assignment's name and the student ID (SHA-256, independent of Python's hash)."""
    digest = hashlib.sha256(f"{assignment}\n{_normalise_id(student_id)}".encode()).hexdigest()
    return int(digest[:16], 16)


# Definitions of the West a reader might defend (chapter 1's lab lets each continent count or not).
_WESTS = (["Europe", "North America"], ["Europe", "North America", "Oceania"],
          ["Europe", "North America", "Oceania", "South America"])


@functools.cache
def _west_user_shares(west: tuple[str, ...]) -> dict[int, float]:
    """The West's share of the world's internet users in each year 2005-2019, the West being ``west``.

    It depends on the definition of the West alone (one of three), not on the student: worked out once per
    definition in a process (0.2 s each), not again for every variant a grader or a test draws.
    """
    from .data import load
    from .power import users_and_roots

    users, roots = load("internet_users_by_continent"), load("root_servers")
    return {y: users_and_roots(users, roots, y, list(west)).west_user_share for y in range(2005, 2020)}


def _ch1(r: random.Random) -> dict[str, Any]:
    from .power import CONTINENTS

    west = r.choice(_WESTS)
    share = _west_user_shares(tuple(west))
    # a line the West's share crosses between 2005 and 2018, in whole percentages (the book prints 2019's share)
    lines = [p / 100 for p in range(20, 71) if share[2005] >= p / 100 > share[2018]]
    first, second = sorted(r.sample(range(2005, 2020), 2))
    return {"MY_PAIR": sorted(r.sample(CONTINENTS, 2)), "MY_YEAR": r.randint(2006, 2018),
            "MY_WEST": west, "MY_LINE": r.choice(lines), "MY_YEARS": [first, second]}


def _ch2(r: random.Random) -> dict[str, Any]:
    from . import institutions
    from .data import load

    actors = sorted(load("gdp_share").actor.unique())
    years = sorted(int(y) for y in load("gdp_share").year.unique())
    members = [m for m in institutions.quota_shares(load("imf_quota_shares"), "after_14th_review")
               if m != institutions.OTHER_MEMBERS]
    donor = r.choice(members[:6])
    fiw = load("freedom_in_the_world_status")
    share = (fiw.free / (fiw.free + fiw.partly_free + fiw.not_free)).set_axis(fiw.survey_year)
    below_peak = [int(y) for y in share.index if y >= 1990 and share.loc[:y].max() > share.loc[y]]
    return {"MY_YEAR": r.choice(years), "MY_COALITION": sorted(r.sample(actors, 3)),
            "MY_LEFT_OUT": r.choice(actors), "MY_POLE_LINE": r.choice([0.05, 0.08, 0.10, 0.12, 0.15, 0.20]),
            "MY_RATIO": r.choice([1.5, 2.0, 2.5, 3.0, 4.0]),
            "MY_DONOR": donor, "MY_GAINERS": sorted(r.sample([m for m in members if m != donor], 3)),
            "MY_FRACTION": r.choice([0.05, 0.10, 0.15, 0.20, 0.25]), "MY_SURVEY_YEAR": r.choice(below_peak)}


def _ch3(r: random.Random) -> dict[str, Any]:
    from .cyberpower import OBJECTIVES
    from .data import load

    countries = sorted(load("ncpi_2020_scores").country)
    weights = {}
    while sum(1 for w in weights.values() if w) < 2:
        weights = {o: r.randint(0, 3) for o in OBJECTIVES}
    fotn = load("fotn_scores")
    assessed = sorted(fotn[fotn.edition == 2018].iso3)
    dated = [a for a in load("budapest_convention_parties").as_of if re.fullmatch(r"\d{4}-\d{2}", a)]
    first, last = sorted(r.sample(dated, 2))
    return {"MY_TRIO": sorted(r.sample(countries, 3)), "MY_WEIGHTS": weights,
            "MY_SAMPLE": sorted(r.sample(assessed, 23)), "MY_COUNTS": [first, last]}


def _ch4(r: random.Random) -> dict[str, Any]:
    from . import forums, rollcalls
    from .data import load

    table = load("un_resolutions").sort_values("resolution")
    resolutions = list(table.resolution)
    led_by = dict(zip(table.resolution, table.led_by, strict=True))
    # rival texts (one of each track), but not the 2018 pair, whose bridges the book counts
    pairs = [[a, b] for i, a in enumerate(resolutions) for b in resolutions[i + 1:]
             if led_by[a] != led_by[b] and {a, b} != {rollcalls.OEWG_RESOLUTION, rollcalls.US_RESOLUTION}]
    return {"MY_RESOLUTION": r.choice(resolutions), "MY_GROUP": r.choice(forums.UN_REGIONAL_GROUPS),
            "MY_PAIR": r.choice(pairs), "MY_STATES": sorted(r.sample(rollcalls.member_states(), 10))}


def _ch5(r: random.Random) -> dict[str, Any]:
    from . import forums, rollcalls
    from .data import load

    resolutions = sorted(load("un_resolutions").resolution)
    pairs = [[a, b] for i, a in enumerate(resolutions) for b in resolutions[i + 1:]
             if {a, b} != {rollcalls.OEWG_RESOLUTION, rollcalls.US_RESOLUTION}]
    drivers = {k: round(r.uniform(0.05, 0.95), 3) for k in ("accommodation", "commitment", "capacity")}
    grid = [round(0.05 * i, 2) for i in range(4, 17)]  # 0.2 to 0.8
    low, high = sorted(r.sample(grid, 2))
    return {"MY_SETTING": drivers | {"traction": r.choice([0.3, 0.4, 0.5, 0.6, 0.7])},
            "MY_CAPACITIES": [low, high], "MY_TRACTION": r.choice([0.3, 0.4, 0.5, 0.6, 0.7]),
            "MY_GROUP": r.choice(forums.UN_REGIONAL_GROUPS), "MY_PAIR": r.choice(pairs)}


_DRAWS: dict[str, Callable[[random.Random], dict[str, Any]]] = {
    "ch1-users-and-roots": _ch1,
    "ch2-power-and-vetoes": _ch2,
    "ch3-cyber-power-and-freedom": _ch3,
    "ch4-roll-calls": _ch4,
    "ch5-scenarios-and-blocs": _ch5,
}


def variant_names() -> list[str]:
    """The assignments that have per-student variants."""
    return list(_DRAWS)


def variant(assignment: str, student_id: Any) -> Variant:
    """The inputs of ``assignment`` drawn for ``student_id``: the same every time, different between students.

    The seed is a SHA-256 hash of the assignment's name and the ID with case and spacing normalised
    (``" S123 "`` is ``"s123"``), so every machine and Python version draws the same variant. The
    draws read the book's data: changing the data or this function mid-term changes students' inputs.
    """
    if assignment not in _DRAWS:
        raise ValueError(f"unknown assignment {assignment!r}; known: {list(_DRAWS)}")
    seed = _seed(assignment, student_id)
    return Variant(assignment, " ".join(str(student_id).split()), _DRAWS[assignment](random.Random(seed)))


def inputs(env: Mapping[str, Any], assignment: str, *, unchanged: bool = False) -> Variant:
    """The variant of the student whose notebook ``env`` is, from its ``student_id``; for the tests.

    Fails with a message a student can act on when ``student_id`` is missing, still ``...`` or not
    text. With ``unchanged``, also fails when a ``MY_...`` input in ``env`` differs from the one the ID
    draws (the student changed it, or changed the ID without re-running the cell that draws them).
    """
    if "student_id" not in env:
        raise AssertionError("there is no variable called `student_id`: run Question 0's cell, with your student "
                             "ID in quotation marks, then run this check again.")
    try:
        mine = variant(assignment, env["student_id"])
    except ValueError as e:
        raise AssertionError(str(e)) from None
    if unchanged:
        for key, value in mine.items():
            if key not in env:
                raise AssertionError(f"there is no variable called `{key}`: run Question 0's cell as it is, "
                                     "then run this check again.")
            if env[key] != value:
                raise AssertionError(f"`{key}` is not the one your student ID draws ({value!r}): run Question 0's "
                                     "cell again and do not change the `MY_...` names; your grading uses the "
                                     "inputs your ID draws.")
    return mine


# -- the student's notebook --------------------------------------------------------------------------

def _assignment_of(path: Path) -> str | None:
    try:
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError):
        return None
    otter = meta.get("otter", {}) if isinstance(meta, dict) else {}
    return otter.get("assignment_name") if isinstance(otter, dict) else None


def notebook_path(assignment: str, folder: str | Path | None = None) -> str:
    """The file name of the running notebook of ``assignment``, whatever the student or browser named it.

    otter's first cell names the notebook's original file (``ch4-roll-calls.ipynb``); a download
    saved as ``ch4-roll-calls (1).ipynb`` then fails with ``FileNotFoundError`` and every check after
    it. This looks, in order, at the session's own notebook (JupyterLab and Notebook set
    ``JPY_SESSION_NAME``; VS Code sets ``__vsc_ipynb_file__``), then at the notebooks in ``folder``
    (default: the working folder) whose metadata names ``assignment``: one is the answer; of several,
    the most recently saved. The path is relative to ``folder`` when the notebook is in it, so that the
    zip that ``grader.export`` writes holds the notebook at its top level, where ``otter run`` looks.
    """
    here = Path.cwd() if folder is None else Path(folder)
    main = sys.modules.get("__main__")
    candidates = [os.environ.get("JPY_SESSION_NAME", ""), getattr(main, "__vsc_ipynb_file__", "") or ""]
    for candidate in candidates:
        path = Path(candidate) if candidate else None
        if path and path.suffix == ".ipynb" and (path if path.is_absolute() else here / path).is_file():
            path = path if path.is_absolute() else here / path
            if _assignment_of(path) == assignment:
                return path.name if path.resolve().parent == here.resolve() else str(path)
    found = sorted((p for p in here.glob("*.ipynb") if _assignment_of(p) == assignment),
                   key=lambda p: (p.stat().st_mtime, p.name), reverse=True)
    if not found:
        raise FileNotFoundError(
            f"no notebook of {assignment} in {here}: open the assignment from the folder it is saved in "
            "(File > Save Notebook first if it is new), then run this cell again.")
    if len(found) > 1:
        print(f"Several copies of {assignment} are here; using the most recently saved, {found[0].name!r}. "
              "Keep one copy in this folder to be sure.")
    return found[0].name


_TCP_LINE = r"\s*(\[IPKernelApp\] WARNING \| )?Kernel is running over TCP without encryption\.[^\n]*"
# ipykernel writing to a socket it has already closed while it shuts down (errno ENOTSOCK; a race of the kind
# ipykernel's PR #1518 addresses, at another place):
# a tornado traceback through ipykernel's own code, ending in that one error
_SHUTDOWN_RACE = (r"\s*ERROR:tornado\.general:Uncaught exception in ZMQStream callback\n"
                  r"Traceback \(most recent call last\):\n(?:[ \t][^\n]*\n)*?[ \t][^\n]*/ipykernel/[^\n]*\n"
                  r"(?:[ \t][^\n]*\n)*?zmq\.error\.ZMQError: Socket operation on non-socket[ \t]*(?:\n|\Z)")
# those lines (once per kernel), and nothing else
_KERNEL_TCP_WARNING = rf"(?:{_TCP_LINE}|{_SHUTDOWN_RACE})(?:{_TCP_LINE}|{_SHUTDOWN_RACE})*\s*\Z"


def quiet_kernel_warning() -> None:
    """Keep ipykernel's "Kernel is running over TCP without encryption" out of the export cell, and nothing else.

    ``grader.export(run_tests=True)`` re-runs the notebook in a kernel that otter starts in a child
    process, and re-issues whatever that process writes to stderr as a ``RuntimeWarning``. ipykernel 7
    logs that warning whenever its kernel manager has not provisioned CurveZMQ keys, which otter's
    (a ``jupyter_client.KernelManager`` with the default ``transport_encryption="disabled"``) does not;
    the kernel listens on the loopback interface only, for the few seconds of the check, and every
    message is signed with a key only this user can read. On a busy machine the same kernel may also
    log a traceback as it shuts down, once the check is over: ipykernel writing to a socket it has
    just closed ("Socket operation on non-socket", a race of the kind ipykernel's PR #1518 addresses).
    The filter matches a stderr that holds nothing but those: any other output of the child process
    still shows.
    """
    warnings.filterwarnings("ignore", message=_KERNEL_TCP_WARNING, category=RuntimeWarning)


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
        for notebook in (target / "student" / source.name, target / "autograder" / source.name):
            _use_any_file_name(notebook)
        built[source.stem] = target
    return built


_FIRST_CELL = """\
# Initialize Otter (it finds this notebook whatever its file name)
from cyberorder.coursework import notebook_path, quiet_kernel_warning  # first: it makes otter start 1 s sooner
import otter

quiet_kernel_warning()
grader = otter.Notebook(notebook_path({name!r}))"""


def _use_any_file_name(notebook: Path) -> None:
    """Replace otter's first cell, ``otter.Notebook("<name>.ipynb")``, by one that finds the notebook by its content.

    The notebook is written back as otter wrote it (JSON, one-space indent), with only that cell's
    source changed.
    """
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    name = nb["metadata"]["otter"]["assignment_name"]
    first = next(c for c in nb["cells"] if c["cell_type"] == "code")
    source = "".join(first["source"])
    if "otter.Notebook(" not in source:
        raise ValueError(f"{notebook}: the first code cell is not otter's initialisation: {source!r}")
    first["source"] = _FIRST_CELL.format(name=name).splitlines(keepends=True)
    notebook.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


# -- grading a term ----------------------------------------------------------------------------------

_ID_LINE = re.compile(r"""^\s*student_id\s*=\s*(?:(?P<q>["'])(?P<id>.*?)(?P=q)|(?P<digits>\d+)\b)""", re.M)
_TAMPER = re.compile(r"differs from logged score|No score logged|No score for .* found in this log|"
                     r"Could not deserialize the log|Error encountered while trying to verify")


def _submitted_notebook(submission: Path) -> dict[str, Any] | None:
    try:
        if submission.suffix == ".zip":
            with zipfile.ZipFile(submission) as z:
                names = [n for n in z.namelist() if n.endswith(".ipynb") and "/" not in n.strip("/")]
                return json.loads(z.read(names[0]).decode("utf-8")) if len(names) == 1 else None
        return json.loads(submission.read_text(encoding="utf-8"))
    except (OSError, ValueError, zipfile.BadZipFile):
        return None


def submitted_id(submission: Path) -> str:
    """The ``student_id`` a submission (zip or notebook) sets, normalised; ``""`` if it sets none."""
    nb = _submitted_notebook(submission)
    for cell in (nb or {}).get("cells", []):
        if cell.get("cell_type") == "code":
            m = _ID_LINE.search("".join(cell.get("source", "")))
            if m:
                return normalise_text(m.group("id") if m.group("q") else m.group("digits"))
    return ""


def _otter_run(autograder: Path, submission: Path, folder: Path) -> subprocess.CompletedProcess[str]:
    """``otter run`` of one submission into ``folder``, what it printed kept in ``folder/otter-run.txt``."""
    folder.mkdir(parents=True, exist_ok=True)
    run = subprocess.run([sys.executable, "-m", "otter", "run", "-a", str(autograder), "-o", str(folder),
                          "--no-logo", str(submission)], capture_output=True, text=True, check=False)
    (folder / "otter-run.txt").write_text(run.stdout + run.stderr, encoding="utf-8")
    return run


def grade_submissions(autograder: Path, submissions: Sequence[Path], out: Path, jobs: int | None = None) -> Path:
    """Grade each submission with ``otter run`` into ``out/<submission's name>/``; returns ``out/grades.csv``.

    Every folder is created as needed. Each gets otter's ``results.json`` and ``otter-run.txt`` (what
    otter printed). ``grades.csv`` has one row per submission, in the order given: its file, the student ID
    its notebook sets, the points of each question, the total, and notes for the instructor: no student ID,
    an ID that another submission also uses, or a score that differs from the one logged by the student's
    own checks (otter's tamper check). ``jobs`` submissions are graded at once (default: one per core).
    """
    from concurrent.futures import ThreadPoolExecutor

    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise ValueError(f"jobs must be a whole number of 1 or more (submissions graded at once); got {jobs!r}")
    out.mkdir(parents=True, exist_ok=True)
    folders = [out / submission.stem for submission in submissions]
    with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool:
        runs = list(pool.map(lambda s, f: _otter_run(autograder, s, f), submissions, folders))
    rows, questions = [], []
    for submission, folder, run in zip(submissions, folders, runs, strict=True):
        scores: dict[str, tuple[float, float]] = {}
        notes = [line.strip() for line in run.stdout.splitlines() if _TAMPER.search(line)]
        results = folder / "results.json"
        if run.returncode == 0 and results.is_file():
            for test in json.loads(results.read_text(encoding="utf-8")).get("tests", []):
                if "score" in test and test.get("max_score") is not None:
                    scores[test["name"]] = test["score"], test["max_score"]
                    if test["name"] not in questions:
                        questions.append(test["name"])
        else:
            notes.append(f"otter run failed (exit {run.returncode}): see {folder / 'otter-run.txt'}")
        sid = submitted_id(submission)
        if not sid:
            notes.append("the notebook sets no student_id")
        rows.append({"submission": submission.name, "student_id": sid, "scores": scores, "notes": notes})
    used: dict[str, list[str]] = {}
    for row in rows:
        if row["student_id"]:
            used.setdefault(row["student_id"], []).append(row["submission"])
    table = out / "grades.csv"
    with table.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["submission", "student_id", *questions, "total", "possible", "notes"])
        for row in rows:
            others = [s for s in used.get(row["student_id"], []) if s != row["submission"]]
            if others:
                row["notes"].append(f"same student_id as {', '.join(others)}")
            got = [row["scores"].get(q, (0.0, 0.0)) for q in questions]
            writer.writerow([row["submission"], row["student_id"], *[f"{s:g}" for s, _ in got],
                             f"{sum(s for s, _ in got):g}", f"{sum(p for _, p in got):g}", "; ".join(row["notes"])])
    return table


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
    parser.add_argument("what", nargs="?", choices=["assignments", "grade", "student-edition"], default="assignments")
    parser.add_argument("files", nargs="*", type=Path,
                        help="grade: the autograder zip, then the submissions (zip files or notebooks)")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the repository's root (default: here)")
    parser.add_argument("--out", type=Path, help="output folder (default: _build/coursework, _build/student/html, "
                                                 "or for grade: results)")
    parser.add_argument("--no-check", action="store_true", help="assignments: do not grade the solutions")
    parser.add_argument("--jobs", type=int, help="grade: submissions graded at once (default: one per core)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.what == "grade":
        if len(args.files) < 2:
            parser.error("grade needs the autograder zip and at least one submission")
        autograder, *submissions = args.files
        if args.jobs is not None and args.jobs < 1:
            parser.error(f"--jobs must be 1 or more; got {args.jobs}")
        table = grade_submissions(autograder, submissions, args.out or Path("results"), jobs=args.jobs)
        print(table.read_text(encoding="utf-8"), end="")
        print(f"grades: {table}")
        return 0
    if args.files:
        parser.error(f"{args.what} takes no file arguments")
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
