"""Coursework: every assignment builds, its solution scores full marks and a wrong answer less, students
get helpful checks and no solution or hidden test; the student edition of the book publishes no solution.

The assignments are built once per session with the README's command (into a temporary folder); the
student edition is built with its command into ``_build/student/html``, reusing the execution cache.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
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

# One plausible mistake per assignment: (variable, code that sets it wrongly but in the right form).
# Adding an assignment means adding its line here (see coursework/README.md).
WRONG = {
    "ch1-users-and-roots": ("africa_share_2019",
                            "_y = users[users.year == 2019]\n"
                            "africa_share_2019 = float(_y[_y.continent == 'Africa'].internet_users.iloc[0]"
                            " / _y.internet_users.sum())"),
    "ch2-power-and-vetoes": ("west_gdp_share_2019",  # a share of the eight powers' GDP, not of the world's
                             "_r = gdp[gdp.year == 2019]\n"
                             "west_gdp_share_2019 = float(_r[_r.actor.isin(WEST)].gdp_current_usd_bn.sum()"
                             " / _r.gdp_current_usd_bn.sum())"),
    "ch3-cyber-power-and-freedom": ("share_free_2018",  # 2018 scores read as if higher were freer
                                    "share_free_2018 = float((fotn_2018.total_score >= 70).mean())"),
    "ch4-roll-calls": ("oewg_margin",  # abstentions counted against: not the Assembly's rule
                       "_t = diplomacy.tally(diplomacy.votes_on(matrix, OEWG))\n"
                       "oewg_margin = _t.yes - _t.no - _t.abstain"),
    "ch5-scenarios-and-blocs": ("largest_share_all_four",  # of the states that cast all four votes, not of all
                                "_cast = votes.isin(['yes', 'no', 'abstain']).all(axis=1)\n"
                                "largest_share_all_four = strict.sizes[0] / int(_cast.sum())"),
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


def test_student_checks_in_jupyter_are_helpful(built: dict[str, Path]) -> None:
    """Chapter 1's student notebook with a renamed variable, a wrong type and a failing cell."""
    student, _, _ = parts(built["ch1-users-and-roots"], "ch1-users-and-roots")
    attempts = {
        "africa_share_2019 = ...": 'africa_2019 = power.user_shares(users, 2019)["Africa"]',  # renamed
        "first_year_below_half = ...": 'first_year_below_half = "2007"',  # text, not a number
        "gap_2005 = ...": 'gap_2005 = explorer.compute(year=2005)["gap"]\ngap_2019 = 0.6',  # raises
    }
    nb = nbformat.read(student, as_version=4)
    nb.cells = [c for c in nb.cells if "grader.export" not in c.source]
    for cell in nb.cells:
        for placeholder, attempt in attempts.items():
            if cell.source.startswith(placeholder):
                cell.source = attempt
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(student.parent)}}).execute()
    shown = {}
    for cell in nb.cells:
        m = re.fullmatch(r'grader\.check\("(\w+)"\)', cell.source.strip())
        if m:
            assert not [o for o in cell.outputs if o.output_type == "error"], "a check cell raised"
            shown[m.group(1)] = "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
    assert "there is no variable called `africa_share_2019`" in shown["q1"]
    assert "should be a year" in shown["q2"] and "Remove the quotation marks" in shown["q2"]
    assert "there is no variable called `gap_2005`" in shown["q3"]
    assert not any("Traceback" in text for text in shown.values())


# -- the helper the checks use ------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "kind", "says"), [
    ("0.1", "share", "Remove the quotation marks"),
    (9.7, "share", "Divide it by 100"),
    (-0.1, "share", "between 0 and 1"),
    (True, "number", "should be a number"),
    (float("nan"), "number", "not a finite number"),
    ([0.1, 0.2], "number", "Pick the one number"),
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
    assert answer({"x": ("Asia",)}, "x", "names") == ("Asia",)
    with pytest.raises(ValueError, match="unknown kind"):
        answer({"x": 1}, "x", "colour")  # type: ignore[arg-type]


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


def test_student_edition_publishes_no_solution(student_edition: Path, site: Path) -> None:
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
