"""Coursework: every assignment builds, its solution scores full marks and a wrong answer less, students get
helpful checks and no solution or hidden test, real submissions get the right points from `otter run`, and the
student edition of the book publishes no solution.

The assignments are built once per session with the README's command (into a temporary folder); one of them is
also answered and exported as students do it (right, wrong, mistyped, rounded and renamed submissions) and
graded in a term folder with the instructor guide's commands, as written; the student edition is built with its
command into ``_build/student/html``, reusing the execution cache. Whether any student's answer can be read from
public files is tested in ``test_coursework_leaks.py``.
"""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml
from nbclient import NotebookClient

from cyberorder import coursework
from cyberorder.coursework import answer
from tests.conftest import ROOT

SOURCES = {p.stem: p for p in coursework.sources(ROOT)}
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))

# One plausible mistake per assignment: (variable, code that sets it wrongly but in the right form). The code
# runs after the solution's cell, so it can use the student's inputs (MY_...). Adding an assignment means
# adding its line here (see coursework/README.md).
WRONG = {
    "ch1-users-and-roots": ("pair_share",  # a share of the continents' sum, not of the world's users
                            "_y = users[users.year == MY_YEAR]\n"
                            "pair_share = float(_y[_y.continent.isin(MY_PAIR)].internet_users.sum()"
                            " / _y.internet_users.sum())"),
    "ch2-power-and-vetoes": ("coalition_gdp_share",  # a share of the eight powers' GDP, not of the world's
                             "_r = gdp[gdp.year == MY_YEAR]\n"
                             "coalition_gdp_share = float(_r[_r.actor.isin(MY_COALITION)].gdp_current_usd_bn.sum()"
                             " / _r.gdp_current_usd_bn.sum())"),
    "ch3-cyber-power-and-freedom": ("mean_freedom_sample",  # 2018 scores not turned over (there lower is freer)
                                    "mean_freedom_sample = float(fotn_2018.set_index('iso3').loc[MY_SAMPLE]"
                                    ".total_score.mean())"),
    "ch4-roll-calls": ("group_margin",  # abstentions counted against: not the Assembly's rule
                       "group_margin = group_tally.yes - group_tally.no - group_tally.abstain"),
    "ch5-scenarios-and-blocs": ("scenario_distance",  # only one of the two boundaries
                                "scenario_distance = abs(MY_SETTING['accommodation'] - MY_SETTING['capacity'])"),
}


# -- helpers -------------------------------------------------------------------------------------------

def words(text: str) -> str:
    """Text reduced to its words, one space apart: layout, quotes, markup and HTML tags do not matter.

    Exponents lose leading zeros (``1e-06``, as Python writes ``1e-6`` back, counts as ``1e-6``).
    """
    text = re.sub(r"(?<=\d)e([+-]?)0+(?=\d)", r"e\1", text)
    return " " + " ".join(re.findall(r"\w+", text)) + " "


def strings(value: Any) -> Iterator[str]:
    """Every string inside a parsed JSON value (a notebook: sources, outputs and metadata)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def text_of(folder: Path) -> str:
    """All the text a person gets with ``folder``: notebooks' strings, zip members, other files; tags removed.

    A built site's ``_static/`` is left out: theme and library files (MathJax, Vega), the same in every build.
    """
    parts = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "_static" not in p.relative_to(folder).parts):
        if path.suffix == ".ipynb":
            parts.extend(strings(json.loads(path.read_text(encoding="utf-8"))))
        elif path.suffix == ".zip":
            with zipfile.ZipFile(path) as z:
                parts.extend(z.read(n).decode("utf-8", "ignore") for n in z.namelist())
        else:
            text = path.read_bytes().decode("utf-8", "ignore")
            parts.append(html.unescape(re.sub(r"<[^>]+>", " ", text)) if path.suffix == ".html" else text)
    return words("\n".join(parts))


def split_source(source: Path) -> tuple[list[str], list[str]]:
    """The source's lines only an instructor may see (solutions, hidden tests) and the lines everyone sees.

    Reads otter's assign format independently of otter: raw cells ``# BEGIN/END SOLUTION`` and
    ``# BEGIN/END TESTS`` delimit blocks; a test cell whose first line says HIDDEN is hidden; inside a code
    cell, ``# BEGIN SOLUTION`` ... ``# END SOLUTION`` comments and lines ending ``# SOLUTION`` are solutions.
    """
    secret, public = [], []
    block = None
    for cell in nbformat.read(source, as_version=4).cells:
        text = cell.source.strip()
        if cell.cell_type == "raw":
            marker = re.match(r"#\s*(BEGIN|END)\s+(SOLUTION|TESTS)", text)
            if marker:
                block = marker.group(2) if marker.group(1) == "BEGIN" else None
            continue
        if block == "TESTS":
            (secret if re.match(r"#\s*HIDDEN", text, re.I) else public).extend(text.splitlines())
        elif block == "SOLUTION" and cell.cell_type == "markdown":
            secret.extend(text.splitlines())
        elif block == "SOLUTION":
            inside = False
            for line in text.splitlines():
                if re.match(r"\s*# BEGIN SOLUTION", line):
                    inside = True
                elif re.match(r"\s*# END SOLUTION", line):
                    inside = False
                elif inside or re.search(r"#\s*SOLUTION\s*$", line):
                    secret.append(re.sub(r"#\s*SOLUTION\s*$", "", line))
                else:
                    public.append(line)
        else:
            public.extend(text.splitlines())
    return secret, public


def distinctive(lines: list[str], public: list[str], min_words: int = 4) -> set[str]:
    """Secret lines (as word sequences) long enough to be telling and not also shown to everyone."""
    seen = words("\n".join(public))
    found = {words(line) for line in lines if not line.lstrip().startswith("#")}
    return {w for w in found if len(w.split()) >= min_words and w not in seen}


def autograded_questions(source: Path) -> list[str]:
    cells = nbformat.read(source, as_version=4).cells
    configs = [yaml.safe_load(c.source.split("\n", 1)[1]) for c in cells
               if c.cell_type == "raw" and c.source.startswith("# BEGIN QUESTION")]
    return [q["name"] for q in configs if not q.get("manual")]


def parts(folder: Path, name: str) -> tuple[Path, Path, Path]:
    """(student notebook, solution notebook, autograder zip) of an assignment built into ``folder``."""
    zips = list((folder / "autograder").glob(f"{name}-autograder_*.zip"))
    assert len(zips) == 1, f"{name}: expected one autograder zip, found {zips}"
    return folder / "student" / f"{name}.ipynb", folder / "autograder" / f"{name}.ipynb", zips[0]


def grade(notebook: Path, autograder: Path) -> tuple[float, float, str]:
    from otter.api import grade_submission

    results = grade_submission(str(notebook), str(autograder), quiet=True)
    return results.total, results.possible, results.summary()


# -- fixtures -------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every assignment, built by the README's command; the solutions are graded by the tests below."""
    out = tmp_path_factory.mktemp("coursework")
    run = subprocess.run([sys.executable, "-m", "cyberorder.coursework", "--out", str(out), "--no-check"],
                         cwd=ROOT, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return {name: out / name for name in SOURCES}


@pytest.fixture(scope="session")
def student_edition() -> Path:
    """The book without solutions, built by its README command (incrementally: the cache is reused)."""
    run = subprocess.run([sys.executable, "-m", "cyberorder.coursework", "student-edition"], cwd=ROOT,
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return ROOT / "_build" / "student" / "html"


# -- the assignments ----------------------------------------------------------------------------------

def test_every_assignment_has_a_wrong_answer_to_try() -> None:
    assert SOURCES, "no assignment sources in coursework/"
    assert set(WRONG) == set(SOURCES), "add a plausible wrong answer for each assignment to WRONG"


def test_grading_installs_the_configured_repository() -> None:
    url = CONFIG["repository"]["url"]
    assert f"git+{url}" in (ROOT / "coursework" / "requirements.txt").read_text(encoding="utf-8")


def question_cells(source: Path) -> dict[str, tuple[dict[str, Any], list[str]]]:
    """Each question of a source: its config and the sources of its test cells."""
    found: dict[str, tuple[dict[str, Any], list[str]]] = {}
    current, tests = None, False
    for cell in nbformat.read(source, as_version=4).cells:
        if cell.cell_type == "raw" and cell.source.startswith("# BEGIN QUESTION"):
            current = found.setdefault(yaml.safe_load(cell.source.split("\n", 1)[1])["name"], ({}, []))
            current[0].update(yaml.safe_load(cell.source.split("\n", 1)[1]))
        elif cell.cell_type == "raw":
            tests = {"# BEGIN TESTS": True, "# END TESTS": False}.get(cell.source.strip(), tests)
        elif tests and current is not None and cell.cell_type == "code":
            current[1].append(cell.source)
    return found


@pytest.mark.parametrize("name", SOURCES)
def test_every_question_is_marked_the_same_way(name: str) -> None:
    """All of a question's points on its public check, all or nothing; every hidden test compares with `expect`."""
    for question, (config, tests) in question_cells(SOURCES[name]).items():
        if config.get("manual") or question == "q0":
            continue
        hidden = [t for t in tests if re.match(r"#\s*HIDDEN", t)]
        public = [t for t in tests if t not in hidden]
        assert public and hidden, f"{name} {question}: needs public and hidden tests"
        assert config.get("all_or_nothing") is True, f"{name} {question}: all_or_nothing: true"
        points = config["points"]
        assert isinstance(points, list) and points[0] > 0 and not any(points[1:]), (
            f"{name} {question}: all the points on the first public test, e.g. [2, 0]; got {points}")
        for test in hidden:
            assert "expect(env" in test and "inputs(env" in test, f"{name} {question}: {test[:200]}"
            assert not re.search(r"answer\(env|abs\(|==\s*expected|\.lower\(\)|\.strip\(\)", test), (
                f"{name} {question}: compare with coursework.expect only: {test[:200]}")


@pytest.mark.parametrize("name", SOURCES)
def test_command_makes_student_and_autograder_versions(built: dict[str, Path], name: str) -> None:
    student, _, autograder = parts(built[name], name)
    questions = autograded_questions(SOURCES[name])
    assert questions, f"{name} has no autograded question"
    with zipfile.ZipFile(autograder) as z:
        assert {f"tests/{q}.py" for q in questions} <= set(z.namelist())
    checks = nbformat.read(student, as_version=4).metadata["otter"]["tests"]
    assert set(checks) == set(questions), "every autograded question needs public tests students can run"
    source_cells = "\n".join(c.source for c in nbformat.read(student, as_version=4).cells)
    assert all(f'grader.check("{q}")' in source_cells for q in questions)


@pytest.mark.parametrize("name", SOURCES)
def test_reference_solution_scores_full_marks(built: dict[str, Path], name: str) -> None:
    _, solution, autograder = parts(built[name], name)
    total, possible, summary = grade(solution, autograder)
    assert possible > 0 and total == possible, summary


@pytest.mark.parametrize("name", SOURCES)
def test_a_wrong_answer_scores_less(built: dict[str, Path], name: str, tmp_path: Path) -> None:
    _, solution, autograder = parts(built[name], name)
    variable, wrong = WRONG[name]
    nb = nbformat.read(solution, as_version=4)
    at = next(i for i, c in enumerate(nb.cells)
              if c.cell_type == "code" and re.search(rf"^{variable}\s*=", c.source, re.M))
    nb.cells.insert(at + 1, nbformat.v4.new_code_cell(wrong))
    nbformat.write(nb, tmp_path / solution.name)
    total, possible, summary = grade(tmp_path / solution.name, autograder)
    assert 0 < total < possible, summary


@pytest.mark.parametrize("name", SOURCES)
def test_no_student_file_holds_a_solution_or_a_hidden_test(built: dict[str, Path], name: str) -> None:
    secret, public = split_source(SOURCES[name])
    lines = distinctive(secret, public)
    assert len(lines) >= 5, f"{name}: too few solution lines to test ({lines})"
    student, autograder = text_of(built[name] / "student"), text_of(built[name] / "autograder")
    missing = sorted(line for line in lines if line not in autograder)
    assert not missing, f"the check cannot see these solution lines in the autograder either: {missing}"
    leaked = sorted(line for line in lines if line in student)
    assert not leaked, f"{name}: the student files contain {leaked}"


@pytest.mark.parametrize("name", SOURCES)
def test_every_public_check_explains_a_missing_or_unfinished_answer(built: dict[str, Path], name: str) -> None:
    """Every check, run on an empty notebook and on an untouched one (answers still ``...``), says what to do."""
    from otter.test_files import ExceptionTestFile

    student = nbformat.read(parts(built[name], name)[0], as_version=4)
    untouched = {v: ... for c in student.cells if c.cell_type == "code"
                 for v in re.findall(r"^(\w+) = \.\.\.$", c.source, re.M)}
    assert untouched, "the student notebook has no answer placeholders"
    for question, code in student.metadata["otter"]["tests"].items():
        for env, expected in (({}, "there is no variable called"), (untouched, "is still `...`")):
            check = ExceptionTestFile.from_string(code, path=question)
            check.run(dict(env))
            messages = [r.message for r in check.test_case_results if not r.passed]
            assert messages, f"{question}: a missing answer passed its check"
            assert all(expected in m and "Traceback" not in m for m in messages), messages


@pytest.mark.parametrize("name", SOURCES)
def test_every_public_check_explains_a_wrong_type(built: dict[str, Path], name: str) -> None:
    """Every check, with each answer set to a list of numbers (no kind of answer is that), says what it should be."""
    from otter.test_files import ExceptionTestFile

    student = nbformat.read(parts(built[name], name)[0], as_version=4)
    wrong = {v: [1, 2] for c in student.cells if c.cell_type == "code"
             for v in re.findall(r"^(\w+) = \.\.\.$", c.source, re.M)}
    for question, code in student.metadata["otter"]["tests"].items():
        check = ExceptionTestFile.from_string(code, path=question)
        check.run(dict(wrong))
        messages = [r.message for r in check.test_case_results if not r.passed]
        assert messages, f"{question}: an answer of the wrong type passed its check"
        assert all("should be" in m and "Traceback" not in m for m in messages), messages


@pytest.mark.notebook
def test_student_checks_in_jupyter_are_helpful(built: dict[str, Path], tmp_path: Path) -> None:
    """Chapter 1's student notebook, renamed by a browser, with a renamed variable, a wrong type and a failing cell."""
    student, _, _ = parts(built["ch1-users-and-roots"], "ch1-users-and-roots")
    attempts = {
        "student_id = ...": 'student_id = "S1234567 "',
        "pair_share = ...": 'share_of_pair = power.group_share(power.user_shares(users, MY_YEAR), MY_PAIR)',  # renamed
        "first_year_below = ...": 'first_year_below = "2007"\nwest_share_then = 0.4',  # text, not a number
        "gap_first = ...": 'gap_first = explorer.compute(year_shown=1900)["gap"]\ngap_second = 0.6',  # raises
    }
    nb = nbformat.read(student, as_version=4)
    nb.cells = [c for c in nb.cells if "grader.export" not in c.source]
    for cell in nb.cells:
        for placeholder, attempt in attempts.items():
            if cell.source.startswith(placeholder):
                cell.source = cell.source.replace(placeholder, attempt, 1)
    renamed = tmp_path / "ch1-users-and-roots (1).ipynb"
    nbformat.write(nb, renamed)
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    first = nb.cells[0]
    assert "otter.Notebook" in first.source and not [o for o in first.outputs if o.output_type == "error"], (
        "the first cell fails on a renamed notebook")
    shown = {}
    for cell in nb.cells:
        m = re.fullmatch(r'grader\.check\("(\w+)"\)', cell.source.strip())
        if m:
            assert not [o for o in cell.outputs if o.output_type == "error"], "a check cell raised"
            shown[m.group(1)] = "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
    assert "All test cases passed" in shown["q0"], shown["q0"]
    assert "there is no variable called `pair_share`" in shown["q1"]
    assert "should be a year" in shown["q2"] and "Remove the quotation marks" in shown["q2"]
    assert "there is no variable called `gap_first`" in shown["q3"]
    assert not any("Traceback" in text for text in shown.values())


# -- grading real submissions with `otter run` ------------------------------------------------------

MATRIX = "ch4-roll-calls"
STUDENT = "s1234567"


def solution_sources(solution: Path) -> list[str]:
    """The code of each answer cell of a solution notebook, as a student would type it (markers removed)."""
    found = []
    for cell in nbformat.read(solution, as_version=4).cells:
        if "otter_assign_solution_cell" in cell.metadata.get("tags", []) and cell.cell_type == "code":
            lines = [re.sub(r"\s*# SOLUTION\s*$", "", ln) for ln in cell.source.splitlines()
                     if not re.match(r"\s*# (BEGIN|END) SOLUTION", ln)]
            found.append("\n".join(lines))
    return found


def submit(assignment: Path, out: Path, file_name: str, student_id: str, extra: dict[str, str] | None = None,
           rounded: bool = False) -> tuple[Path, nbformat.NotebookNode]:
    """A student's submission: the handed-out notebook answered with the solution's code, saved as ``file_name``
    in ``out`` and run top to bottom by Jupyter, export cell included; returns the zip it exports and the run.

    ``extra`` maps a variable to code run at the end of the cell that answers it (a wrong value, text for a
    number); ``rounded`` rounds every float answer to three decimals.
    """
    name = assignment.name
    student, solution, _ = parts(assignment, name)
    nb = nbformat.read(student, as_version=4)
    answers = iter(solution_sources(solution))
    for cell in nb.cells:
        if cell.cell_type == "code" and "otter_answer_cell" in cell.metadata.get("tags", []):
            code = next(answers).replace('student_id = "demo"', f"student_id = {student_id!r}")
            assigned = re.findall(r"^(\w+) = ", code, re.M)
            for variable, change in (extra or {}).items():
                if variable in assigned:
                    code += "\n" + change
            if rounded:
                code += "".join(f"\n{v} = round({v}, 3) if isinstance({v}, float) else {v}" for v in assigned)
            cell.source = code
    out.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out / file_name)
    NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(out)}}).execute()
    zips = sorted(out.glob("*.zip"))
    assert len(zips) == 1, f"the export cell wrote {zips}: {cell_outputs(nb.cells[-2])}"
    return zips[0], nb


def cell_outputs(cell: nbformat.NotebookNode) -> str:
    """Everything a cell showed: streams, displayed text and HTML, warnings and errors."""
    texts = []
    for o in cell.get("outputs", []):
        texts.append(o.get("text", ""))
        texts.extend(str(v) for v in o.get("data", {}).values())
        if o.get("output_type") == "error":
            texts.append(f"{o.ename}: {o.evalue}")
    return "\n".join(texts)


# The submissions of one assignment, as students make them, and the points otter should give each question.
# Each submission is made and graded in real kernels (~20 s), so mistakes that touch different questions share one.
# Each is handed in to the instructor's term folder under a name, with a student ID.
RIGHT = {"q0": 0, "q1": 2, "q2": 2, "q3": 2}
OTHER_STUDENT = "s7654321"
KINDS = {
    "right": ({}, False, "ch4-roll-calls.ipynb", RIGHT, "alice.zip", STUDENT),
    # two plausible mistakes, each costing only its own question: abstentions counted against (q1: the public
    # check passes, the hidden one does not), and text where a number belongs (q2: the public check fails)
    "wrong-and-mistyped": ({"group_margin": "group_margin = group_tally.yes - group_tally.no - group_tally.abstain"
                                            " - group_tally.non_voting",
                            "group_bridges": "group_bridges = str(group_bridges)"},
                           False, "ch4-roll-calls.ipynb", RIGHT | {"q1": 0, "q2": 0}, "bob.zip", OTHER_STUDENT),
    # every float rounded to three decimals (sensible rounding is right), in the notebook as a browser saves a
    # second download (the first cell finds it all the same); handed in again under alice's student ID
    "rounded-and-renamed": ({}, True, "ch4-roll-calls (1).ipynb", RIGHT, "carol.zip", STUDENT),
}


@pytest.fixture(scope="session")
def graded(built: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Each kind of submission of the matrix assignment, made in Jupyter (its export cell included)."""
    found = {}
    for kind, (extra, rounded, file_name, _, _, student_id) in KINDS.items():
        root = tmp_path_factory.mktemp(kind)
        submission, run = submit(built[MATRIX], root / "student", file_name, student_id, extra, rounded)
        found[kind] = {"zip": submission, "notebook": run}
    return found


GUIDE = ROOT / "book" / "appendix" / "instructor-guide.md"


def guide_commands() -> list[str]:
    """The shell commands of the instructor guide's section "Grading a term", as written."""
    section = GUIDE.read_text(encoding="utf-8").split("## Grading a term", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.*?)```", section, re.S)


@pytest.fixture(scope="session")
def term(built: dict[str, Path], graded: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An instructor's term folder: the built assignment and every submission in ``submissions/``, graded by the
    instructor guide's commands ("Grading a term"), run literally with bash; returns the folder."""
    commands = guide_commands()
    assert len(commands) >= 2, commands
    assert all(MATRIX in c for c in commands), "the guide's commands grade the assignment this test submits"
    folder = tmp_path_factory.mktemp("term")
    shutil.copytree(built[MATRIX] / "autograder", folder / "_build" / "coursework" / MATRIX / "autograder")
    (folder / "submissions").mkdir()
    for kind, (*_, handed_in_as, _) in KINDS.items():
        shutil.copy(graded[kind]["zip"], folder / "submissions" / handed_in_as)
    for block in commands:
        run = subprocess.run(["bash", "-eu", "-c", block], cwd=folder, capture_output=True, text=True, check=False)
        assert run.returncode == 0, f"{block}\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}"
    return folder


@pytest.mark.notebook
@pytest.mark.parametrize("kind", KINDS)
def test_otter_run_gives_each_submission_its_points(term: Path, kind: str) -> None:
    """What `otter run` (started by the guide's grade command) gives each question of each submission, and its
    check of the student's log: no score differs from the one the student's own checks logged."""
    results = term / "results" / Path(KINDS[kind][4]).stem
    output = (results / "otter-run.txt").read_text(encoding="utf-8")
    tests = json.loads((results / "results.json").read_text(encoding="utf-8"))["tests"]
    assert {t["name"]: t["score"] for t in tests if "score" in t} == KINDS[kind][3], output[-2000:]
    assert "No discrepancies found while verifying scores against the log." in output, output[-2000:]
    assert "differs from logged score" not in output


@pytest.mark.notebook
@pytest.mark.parametrize("kind", KINDS)
def test_student_notebook_runs_cleanly_whatever_its_name(graded: dict[str, Any], kind: str) -> None:
    """No cell fails (the first finds the notebook by its content), and no kernel warning reaches the student."""
    nb = graded[kind]["notebook"]
    errors = [(i, cell_outputs(c)) for i, c in enumerate(nb.cells) if c.cell_type == "code"
              and any(o.output_type == "error" for o in c.get("outputs", []))]
    assert not errors, errors
    export = next(c for c in nb.cells if "grader.export" in c.source)
    shown = cell_outputs(export)
    assert "Your submission has been exported" in shown, shown
    assert "without encryption" not in shown and "Warning" not in shown, shown
    with zipfile.ZipFile(graded[kind]["zip"]) as z:
        assert KINDS[kind][2] in z.namelist() and ".OTTER_LOG" in z.namelist(), z.namelist()


@pytest.mark.notebook
def test_the_guide_s_grading_commands_work_as_written(term: Path) -> None:
    """Run literally in a term folder on an instructor's machine: one submission graded with `otter run`, then the
    whole folder graded into one table, with a note on the two submissions that share a student ID."""
    tests = json.loads((term / "results" / "alice" / "results.json").read_text(encoding="utf-8"))["tests"]
    assert sum(t.get("score", 0) for t in tests) == sum(RIGHT.values())
    with (term / "results" / "grades.csv").open(encoding="utf-8") as f:
        rows = {row["submission"]: row for row in csv.DictReader(f)}
    assert set(rows) == {handed_in_as for *_, handed_in_as, _ in KINDS.values()}
    for name, other in (("alice.zip", "carol.zip"), ("carol.zip", "alice.zip")):
        row = rows[name]
        assert row["student_id"] == STUDENT and row["total"] == row["possible"] == "6", row
        assert [row[q] for q in RIGHT] == [f"{p:g}" for p in RIGHT.values()], row
        assert row["notes"] == f"same student_id as {other}", row  # and no tamper note
        assert (term / "results" / Path(name).stem / "otter-run.txt").is_file()
    bob, points = rows["bob.zip"], KINDS["wrong-and-mistyped"][3]
    assert bob["student_id"] == OTHER_STUDENT and bob["notes"] == "", bob
    assert [bob[q] for q in points] == [f"{p:g}" for p in points.values()] and bob["possible"] == "6", bob
    assert bob["total"] == f"{sum(points.values()):g}", bob


def test_grading_notes_a_missing_student_id(tmp_path: Path) -> None:
    """A notebook without its ID (or an unreadable file) is noted, not skipped."""
    bare = tmp_path / "bare.ipynb"
    bare.write_text(json.dumps({"cells": [{"cell_type": "code", "source": "student_id = ...\n", "metadata": {},
                                           "outputs": [], "execution_count": None}],
                                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    assert coursework.submitted_id(bare) == ""
    assert coursework.submitted_id(tmp_path / "missing.zip") == ""
    typed = bare.read_text(encoding="utf-8").replace("student_id = ...", "student_id = ' S123 '")
    bare.write_text(typed, encoding="utf-8")
    assert coursework.submitted_id(bare) == "s123"
    bare.write_text(typed.replace("' S123 '", "1234567"), encoding="utf-8")  # typed without quotation marks
    assert coursework.submitted_id(bare) == "1234567" == coursework.variant("ch4-roll-calls", 1234567).student_id


def test_grading_runs_submissions_at_once_and_keeps_their_order(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """``--jobs 2`` grades two submissions at a time, ``--jobs 1`` one; the table lists them as given either way."""
    import threading

    running, most = [0], [0]
    lock = threading.Lock()

    def fake_run(autograder: Path, submission: Path, folder: Path) -> subprocess.CompletedProcess[str]:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.3 if submission.stem == "s0" else 0.05)  # the first finishes last
        folder.mkdir(parents=True, exist_ok=True)
        points = int(submission.stem[1:])
        (folder / "results.json").write_text(json.dumps({"tests": [{"name": "q1", "score": points,
                                                                    "max_score": 9}]}), encoding="utf-8")
        with lock:
            running[0] -= 1
        return subprocess.CompletedProcess([], 0, "", "")

    monkeypatch.setattr(coursework, "_otter_run", fake_run)
    names = [f"s{i}" for i in range(4)]
    for jobs, at_once in ((2, 2), (1, 1)):
        most[0] = 0
        out = tmp_path / f"jobs{jobs}"
        assert coursework.main(["grade", "autograder.zip", *[f"{n}.zip" for n in names], "--out", str(out),
                                "--jobs", str(jobs)]) == 0
        with (out / "grades.csv").open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert [(r["submission"], r["q1"]) for r in rows] == [(f"{n}.zip", n[1:]) for n in names]
        assert most[0] == at_once, f"--jobs {jobs}: {most[0]} submissions graded at once"
    with pytest.raises(SystemExit):
        coursework.main(["grade", "autograder.zip", "s0.zip", "--jobs", "0"])
    for jobs in (0, -1, 1.5, True):
        with pytest.raises(ValueError, match=rf"jobs must be a whole number of 1 or more .*got {jobs!r}"):
            coursework.grade_submissions(Path("autograder.zip"), [Path("s0.zip")], tmp_path / "refused", jobs=jobs)


# -- the helpers the checks use -------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "kind", "says"), [
    ("0.1", "share", "Remove the quotation marks"),
    (9.7, "share", "Divide it by 100"),
    (-0.1, "share", "between 0 and 1"),
    (True, "number", "should be a number"),
    (float("nan"), "number", "not a finite number"),
    ([0.1, 0.2], "number", "Pick the one number"),
    (2.5, "whole", "whole number"),
    ("12", "whole", "Remove the quotation marks"),
    (2007.5, "year", "whole number"),
    (float("inf"), "year", "whole number"),
    ("", "text", "string of text"),
    (["Asia", 3], "names", "list of names"),
])
def test_answer_says_what_is_wrong(value: Any, kind: coursework.Kind, says: str) -> None:
    with pytest.raises(AssertionError, match=re.escape(says)):
        answer({"x": value}, "x", kind)


def test_answer_accepts_good_answers_and_refuses_unknown_kinds() -> None:
    import numpy as np

    assert answer({"x": np.float64(0.25)}, "x", "share") == 0.25
    assert answer({"x": np.int64(2007)}, "x", "year") == 2007
    assert answer({"x": np.float64(-4.0)}, "x", "whole") == -4
    assert answer({"x": ("Asia",)}, "x", "names") == ("Asia",)
    with pytest.raises(ValueError, match="unknown kind"):
        answer({"x": 1}, "x", "colour")  # type: ignore[arg-type]


@pytest.mark.parametrize(("value", "expected", "right"), [
    (round(0.0577633, 3), 0.0577633, True),   # a share to three decimals
    (0.0577633, 0.0577633, True),
    (0.059, 0.0577633, False),                # a slip in the third decimal
    (21.4, 21.43, True),                      # three significant figures
    (21.5, 21.43, False),                     # not the rounding of 21.43
    (0.63, 0.6315, False),                    # two figures are not enough
    (0.632, 0.6315, True),
    (63.15, 0.6315, False),                   # a percentage for a share
    (187.0, 187.2, True),
    (190.0, 187.2, False),
    (-0.052, -0.0523, True),
    (0.0004, 0.0, True),
    (float("nan"), 0.5, False),
])
def test_numbers_are_compared_to_three_figures_or_decimals(value: float, expected: float, right: bool) -> None:
    assert coursework.close(value, expected) is right


def test_text_is_compared_without_case_or_spacing() -> None:
    assert coursework.same_text("  Multipolar\n", "multipolar")
    assert coursework.same_text("north  AMERICA", "North America")
    assert not coursework.same_text("multi-polar", "multipolar")


def test_expect_compares_every_kind_the_same_way_and_never_shows_the_value() -> None:
    env = {"s": 0.1234, "w": 12.0, "t": " UNIPOLAR", "n": ["asia", "Europe "]}
    coursework.expect(env, "s", "share", 0.12341, "")
    coursework.expect(env, "w", "whole", 12, "")
    coursework.expect(env, "t", "text", "unipolar", "")
    coursework.expect(env, "n", "names", ["Europe", "Asia"], "")
    with pytest.raises(AssertionError) as failed:
        coursework.expect(env, "s", "share", 0.2718, "not the share of the pair")
    assert "not the share of the pair" in str(failed.value) and "0.27" not in str(failed.value)


# -- per-student variants -------------------------------------------------------------------------------

def test_every_assignment_has_variants() -> None:
    assert set(coursework.variant_names()) == set(SOURCES)


@pytest.mark.parametrize("name", SOURCES)
def test_a_variant_is_stable_and_personal(name: str) -> None:
    mine = coursework.variant(name, "s1234567")
    assert mine == coursework.variant(name, "  S1234567 ")  # case and spacing of the ID do not matter
    assert coursework.variant(name, 1234567) == coursework.variant(name, "1234567")  # typed without quotes
    others = [dict(coursework.variant(name, f"s{n:07d}")) for n in range(30)]
    assert sum(o == dict(mine) for o in others) <= 1, "most students should get inputs of their own"
    assert set(mine) == set(others[0]) and all(k.startswith("MY_") for k in mine)


def test_variants_do_not_change_silently() -> None:
    """The draws are part of the assignments: a change mid-term would change every student's answers."""
    assert dict(coursework.variant("ch4-roll-calls", "s1234567")) == {
        "MY_RESOLUTION": "A/RES/74/29", "MY_GROUP": "Eastern European Group",
        "MY_PAIR": ["A/RES/74/28", "A/RES/74/29"],
        "MY_STATES": ["BLZ", "CYP", "DMA", "GHA", "LAO", "LIE", "PAK", "PRK", "SEN", "TJK"]}
    assert coursework.variant("ch1-users-and-roots", "demo").MY_YEAR == 2014


@pytest.mark.parametrize(("student_id", "says"), [
    (..., "still `...`"), ("", "as text in quotation marks"), (None, "as text in quotation marks"),
])
def test_a_missing_student_id_says_what_to_do(student_id: Any, says: str) -> None:
    with pytest.raises(ValueError, match=re.escape(says)):
        coursework.variant("ch1-users-and-roots", student_id)
    with pytest.raises(AssertionError, match=re.escape(says)):
        coursework.inputs({"student_id": student_id}, "ch1-users-and-roots")


def test_inputs_notice_a_changed_input() -> None:
    env = {"student_id": "s1"} | dict(coursework.variant("ch4-roll-calls", "s1"))
    assert coursework.inputs(env, "ch4-roll-calls", unchanged=True) == coursework.variant("ch4-roll-calls", "s1")
    with pytest.raises(AssertionError, match="MY_GROUP"):
        coursework.inputs(env | {"MY_GROUP": "Nobody"}, "ch4-roll-calls", unchanged=True)
    with pytest.raises(AssertionError, match="no variable called `student_id`"):
        coursework.inputs({}, "ch4-roll-calls")


# -- the notebook's file name and the export cell --------------------------------------------------------

def _notebook(path: Path, assignment: str) -> Path:
    path.write_text(json.dumps({"cells": [], "metadata": {"otter": {"assignment_name": assignment}},
                                "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    return path


def test_notebook_path_finds_the_notebook_whatever_its_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    import os

    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    _notebook(tmp_path / "notes.ipynb", "ch1-users-and-roots")
    _notebook(tmp_path / "ch4-roll-calls (1).ipynb", "ch4-roll-calls")
    assert coursework.notebook_path("ch4-roll-calls", tmp_path) == "ch4-roll-calls (1).ipynb"
    with pytest.raises(FileNotFoundError, match="no notebook of ch5"):
        coursework.notebook_path("ch5-scenarios-and-blocs", tmp_path)
    # two copies: the one Jupyter says it runs, else the last saved
    older = _notebook(tmp_path / "ch4-roll-calls.ipynb", "ch4-roll-calls")
    os.utime(older, (1, 1))
    assert coursework.notebook_path("ch4-roll-calls", tmp_path) == "ch4-roll-calls (1).ipynb"
    assert "most recently saved" in capsys.readouterr().out
    monkeypatch.setenv("JPY_SESSION_NAME", str(older))
    assert coursework.notebook_path("ch4-roll-calls", tmp_path) == "ch4-roll-calls.ipynb"


def test_the_kernel_warning_of_the_export_check_is_quiet_and_nothing_else() -> None:
    import warnings

    line = ("[IPKernelApp] WARNING | Kernel is running over TCP without encryption. All communication (including "
            "code and outputs) is sent in plain text and is susceptible to eavesdropping. Use IPC transport or "
            "launch with kernel manager-provisioned CurveZMQ keys to enable transport encryption.\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        coursework.quiet_kernel_warning()
        warnings.warn(line, RuntimeWarning, stacklevel=1)
        warnings.warn(line + line, RuntimeWarning, stacklevel=1)
        warnings.warn(line + "Traceback (most recent call last): boom\n", RuntimeWarning, stacklevel=1)
    assert [str(w.message) for w in caught] == [line + "Traceback (most recent call last): boom\n"]


# what the export check's kernel wrote to stderr in a CI run under load (2026-12-04), the export itself done
SHUTDOWN_RACE = """ERROR:tornado.general:Uncaught exception in ZMQStream callback
Traceback (most recent call last):
  File "/usr/lib/python3.11/site-packages/zmq/eventloop/zmqstream.py", line 585, in _log_error
    f.result()
  File "/usr/lib/python3.11/site-packages/ipykernel/kernelbase.py", line 372, in dispatch_control
    await self.process_control(msg)
  File "/usr/lib/python3.11/site-packages/ipykernel/kernelbase.py", line 406, in process_control
    sys.stdout.flush()
  File "/usr/lib/python3.11/site-packages/ipykernel/iostream.py", line 343, in schedule
    self._event_pipe.send(b"")
  File "zmq/backend/cython/_zmq.py", line 190, in zmq.backend.cython._zmq._check_rc
zmq.error.ZMQError: Socket operation on non-socket
"""


def test_the_kernels_shutdown_race_is_quiet_and_no_other_traceback() -> None:
    """ipykernel's traceback on closing a socket twice at shutdown is hidden with the TCP warning; a traceback
    that ends in another error, or that does not pass through ipykernel, still shows."""
    import warnings

    line = "[IPKernelApp] WARNING | Kernel is running over TCP without encryption. Use IPC transport.\n"
    other_error = SHUTDOWN_RACE.replace("Socket operation on non-socket", "Address already in use")
    not_the_kernel = SHUTDOWN_RACE.replace("/ipykernel/", "/mypackage/")
    then_more = SHUTDOWN_RACE + "NameError: name 'x' is not defined\n"
    shown = [other_error, not_the_kernel, then_more, line + other_error]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        coursework.quiet_kernel_warning()
        for stderr in (SHUTDOWN_RACE, line + SHUTDOWN_RACE, SHUTDOWN_RACE + line, *shown):
            warnings.warn(stderr, RuntimeWarning, stacklevel=1)
    assert [str(w.message) for w in caught] == shown


@pytest.mark.parametrize("name", SOURCES)
def test_built_notebooks_find_themselves(built: dict[str, Path], name: str) -> None:
    student, solution, _ = parts(built[name], name)
    for notebook in (student, solution):
        first = next(c for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code")
        assert f"otter.Notebook(notebook_path({name!r}))" in first.source and "quiet_kernel_warning()" in first.source


# -- the student edition of the book -------------------------------------------------------------------

FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{solution\}[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S)


def book_sources() -> dict[Path, str]:
    """The text of every page source under book/ (every cell of a notebook: code is shown on the page too)."""
    texts = {}
    for path in sorted((ROOT / "book").rglob("*")):
        if path.suffix == ".md":
            texts[path] = path.read_text(encoding="utf-8")
        elif path.suffix == ".ipynb" and ".ipynb_checkpoints" not in path.parts:
            cells = nbformat.read(path, as_version=4).cells
            texts[path] = "\n\n".join(c.source for c in cells)
    return texts


def solution_phrases() -> dict[tuple[Path, int], set[str]]:
    """Each {solution} block of the book, keyed by (page source, number), as its telling lines' word sequences."""
    sources = book_sources()
    outside = words("\n".join(FENCE.sub("", text) for text in sources.values()))
    found = {}
    for path, text in sources.items():
        for i, m in enumerate(FENCE.finditer(text)):
            lines = [ln for ln in m.group("body").splitlines() if not ln.lstrip().startswith(":")]
            phrases = {words(ln) for ln in lines if len(words(ln).split()) >= 6}
            found[path.relative_to(ROOT), i + 1] = {p for p in phrases if p not in outside}
    return found


def test_the_book_has_solutions_to_hide() -> None:
    phrases = solution_phrases()
    assert len(phrases) >= 3
    assert all(phrases.values()), [k for k, v in phrases.items() if not v]


def test_student_edition_publishes_no_solution(site: Path, student_edition: Path) -> None:
    # `site` first: without the normal build this fails at once instead of building the student edition
    phrases = solution_phrases()
    # the check can see a solution: each one is on its page of the normal build
    pages = {key: site / key[0].with_suffix(".html") for key in phrases}
    published = {key: page for key, page in pages.items() if page.is_file()}
    assert published, "the normal build has none of the pages with solutions"
    unseen = [key for key, page in published.items()
              if not any(p in text_of_page(page) for p in phrases[key])]
    assert not unseen, f"the normal build does not show these solutions (rebuild the book?): {unseen}"
    # ... and the student edition has none of them, anywhere
    assert not (student_edition / "_sources").exists(), "page sources (with solutions) are copied"
    student = text_of(student_edition)
    leaked = {key: sorted(p for p in ps if p in student) for key, ps in phrases.items()}
    assert not any(leaked.values()), {k: v for k, v in leaked.items() if v}
    # the same book otherwise: every exercise is still there
    for page in published.values():
        exercises = re.findall(r'id="(ex-[\w-]+)"', page.read_text(encoding="utf-8"))
        counterpart = (student_edition / page.relative_to(site)).read_text(encoding="utf-8")
        assert exercises and all(f'id="{e}"' in counterpart for e in exercises), page.name


def text_of_page(page: Path) -> str:
    return words(html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))))
