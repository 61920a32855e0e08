"""No student's answer can be read from the public repository or the published site.

The assignments give each student their own inputs, drawn from their student ID (``coursework.variant``),
and the hidden tests recompute each expected value from the package for that student. This module takes a
sample of student IDs, records every expected value the hidden tests compare a graded answer with (by
running the assignment sources' hidden tests with a recording ``expect``), and searches every public file
for a number the grader would accept in its place: the assignment sources (solutions, hidden tests and
rubrics included), every page source of the book, and the built site when ``_build/html`` exists.

What counts as reading an answer, and what is left out (argued, not hidden):

- **Any printed form.** The search does not guess formats (repr, two to four decimals, a percentage): it
  reads every number printed in a public file, and every percentage (``12.3%``, ``12.3 per cent``), and
  asks the grader's own comparison, ``coursework.close``, whether that number would pass for the answer.
  Longer and shorter printings of the same value are all caught.
- **Trivially common numbers are not evidence** (the whitelist, :func:`common`). A printed number with at
  most two significant figures (``0.48``, ``3.2%``, ``55.0``, ``100%``) matches one value in a hundred,
  and every page holds dozens; whole-number answers (counts, margins, years) and text answers (a label
  from a short list) are of that kind. They cannot be protected by absence, so the variants protect them
  instead: :func:`test_students_do_not_share_answers` checks that a classmate's answers are rarely yours.
- **Data points are inputs, not answers.** A printed number equal to a value of the book's data tables
  (``data/*.csv``, or a percentage column divided by 100) is that data point; every graded answer is
  computed from several of them, never read off one (checked: no expected value equals a data point).
- **A number is a student's answer only where the page says so.** The site prints some 6,000 distinct
  numbers, so a three-figure value turns up by chance on one page in five, as some other quantity; it
  tells a student nothing unless the page names what it is about. A match counts as a leak when the
  page names, within :data:`WINDOW` characters, the inputs of the question for that student
  (:func:`inputs_of`): their year, continents, countries, group or resolutions, or, for a question
  whose inputs are only numbers, those numbers. The book's sentence "In 2019, Europe, North America and
  Oceania together held 26.6% of users" is such a leak for a student whose West is those three continents
  and whose line the West crossed in 2019: the variants leave that line out, and
  :func:`test_the_search_finds_the_book_s_own_sentence` shows that the search would catch it.
"""

from __future__ import annotations

import bisect
import collections
import html
import math
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
import pytest
import yaml

from cyberorder import coursework
from tests.conftest import ROOT, SITE

SOURCES = {p.stem: p for p in coursework.sources(ROOT)}
WINDOW = 150
"""Characters either side of a printed number in which the student's inputs make it a statement about them."""


def student_ids(n: int = 20) -> list[str]:
    """``n`` student IDs in the shapes universities use, the same every run (a fixed seed)."""
    rng = random.Random(17)
    shapes = [lambda: f"s{rng.randrange(10**6, 10**7)}", lambda: str(rng.randrange(10**7, 10**8)),
              lambda: f"{''.join(rng.choices('abcdefghijklmnopqrstuvwxyz', k=2))}{rng.randrange(100, 1000)}",
              lambda: f"u{rng.randrange(10**5, 10**6)}@example.edu"]
    return [shapes[i % len(shapes)]() for i in range(n)]


IDS = student_ids()


# -- the expected values --------------------------------------------------------------------------------

def questions(source: Path) -> dict[str, dict[str, Any]]:
    """Each question of an assignment source: its config and the source of its hidden tests."""
    found: dict[str, dict[str, Any]] = {}
    current = None
    for cell in nbformat.read(source, as_version=4).cells:
        if cell.cell_type == "raw" and cell.source.startswith("# BEGIN QUESTION"):
            config = yaml.safe_load(cell.source.split("\n", 1)[1])
            current = found.setdefault(config["name"], {"config": config, "hidden": []})
        elif cell.cell_type == "code" and current and re.match(r"#\s*HIDDEN", cell.source):
            current["hidden"].append(cell.source)
    return found


def graded(source: Path) -> dict[str, dict[str, Any]]:
    """The questions that carry points and are graded by tests (not the written ones, not question 0)."""
    def points(config: dict[str, Any]) -> float:
        p = config.get("points", 0)
        return sum(p) if isinstance(p, list) else p
    return {q: v for q, v in questions(source).items() if not v["config"].get("manual") and points(v["config"]) > 0}


def expected_values(source: Path, student_id: str) -> dict[str, list[tuple[str, str, Any]]]:
    """What the hidden tests of each graded question compare with for ``student_id``: [(answer, kind, value)].

    Each hidden test runs as the autograder runs it, on a notebook whose only variable is ``student_id``,
    with ``coursework.expect`` replaced by a recorder: so these are the grader's own expected values.
    """
    recorded: dict[str, list[tuple[str, str, Any]]] = {}

    def record(env: Any, name: str, kind: str, expected: Any, hint: str) -> None:
        recorded.setdefault(question, []).append((name, kind, expected))

    real = coursework.expect
    coursework.expect = record  # type: ignore[assignment]
    try:
        for question, spec in graded(source).items():
            for test in spec["hidden"]:
                code = re.sub(r"^(test_\w+)\(globals\(\)\)\s*$", r"\1({'student_id': STUDENT_ID})", test, flags=re.M)
                exec(compile(code, f"{source.name}:{question}", "exec"), {"STUDENT_ID": student_id})
    finally:
        coursework.expect = real  # type: ignore[assignment]
    return recorded


@pytest.fixture(scope="module")
def expected() -> dict[tuple[str, str], dict[str, list[tuple[str, str, Any]]]]:
    """(assignment, student ID) -> question -> [(answer, kind, expected value)]."""
    return {(name, sid): expected_values(source, sid) for name, source in SOURCES.items() for sid in IDS}


# -- the public files -------------------------------------------------------------------------------------

def public_files() -> Iterator[tuple[str, str]]:
    """(name, text) of every public file: assignment sources, book page sources, the built site if there is one."""
    for path in sorted((ROOT / "coursework").glob("*.ipynb")):
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "book").rglob("*")):
        if path.suffix in (".md", ".ipynb") and ".ipynb_checkpoints" not in path.parts:
            yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")
    if SITE.is_dir():  # theme and library files (_static) are the same in every build
        for path in sorted(p for p in SITE.rglob("*") if p.is_file() and "_static" not in p.relative_to(SITE).parts):
            text = html.unescape(path.read_bytes().decode("utf-8", "ignore"))
            yield f"_build/html/{path.relative_to(SITE).as_posix()}", text


NUMBER = re.compile(r"(?<![\w.])[-−]?\d+(?:\.\d+)?(?![\d])")
PERCENT = re.compile(r"(?<![\w.])([-−]?\d+(?:\.\d+)?)\s*(?:%|per ?cent)")


def figures(token: str) -> int:
    """Significant figures a printed number shows (trailing zeros of its digits do not count: 100 has one)."""
    digits = token.lstrip("-−").replace(".", "").lstrip("0").rstrip("0")
    return len(digits)


def common(token: str) -> bool:
    """The whitelist: a printed number with at most two significant figures is evidence of nothing."""
    return figures(token) <= 2


def data_points() -> set[float]:
    """Every number in the book's data tables, and each divided by 100 (percentage columns read as shares)."""
    found: set[float] = set()
    for path in sorted((ROOT / "data").glob("*.csv")):
        table = pd.read_csv(path)
        for column in table.select_dtypes("number"):
            values = table[column].dropna().astype(float)
            found.update(values)
            found.update(values / 100)
    return {round(v, 12) for v in found}


class Printed:
    """Every number printed in the public files, sorted by value, for finding those near an expected value."""

    def __init__(self, files: dict[str, str]):
        self.files = files
        data = data_points()
        entries = []
        for name, text in files.items():
            for pattern, scale in ((NUMBER, 1.0), (PERCENT, 100.0)):
                for m in pattern.finditer(text):
                    token = (m.group(1) if pattern is PERCENT else m.group()).replace("−", "-")
                    value = float(token) / scale
                    if common(token) or round(float(token), 12) in data or round(value, 12) in data:
                        continue
                    entries.append((value, m.group(), name, m.start()))
        entries.sort(key=lambda e: e[0])
        self.entries, self.values = entries, [e[0] for e in entries]
        self.count = len(entries)

    def near(self, value: float) -> Iterator[tuple[str, str, int]]:
        """(printed form, file, position) of every printed number the grader would accept for ``value``."""
        width = max(coursework.ABS_TOL, abs(value) * 10 ** (1 - coursework.SIG_FIGS)) * 1.01
        lo, hi = bisect.bisect_left(self.values, value - width), bisect.bisect_right(self.values, value + width)
        for v, form, name, pos in self.entries[lo:hi]:
            if coursework.close(v, value):
                yield form, name, pos


def names_of() -> dict[str, set[str]]:
    """Other ways the book prints an input: a country's name for its code, a resolution's short name."""
    found: dict[str, set[str]] = collections.defaultdict(set)
    for path in sorted((ROOT / "data").glob("*.csv")):
        table = pd.read_csv(path)
        for code, name in (("iso3", "country"), ("actor", "actor_name"), ("iso3", "member"),
                           ("resolution", "short_name")):
            if code in table and name in table:
                for c, n in zip(table[code], table[name], strict=True):
                    found[str(c)].add(str(n))
    return found


NAMES = names_of()


def inputs_of(question: dict[str, Any], mine: coursework.Variant) -> list[set[str]]:
    """What a page must name for a number on it to be this question's answer, for this student.

    The inputs the question's hidden tests use (``mine.MY_...``), item by item, each as the ways the book
    prints it: a name or code (a country's name for its code, a resolution's short name), a year. A question
    whose inputs are only numbers (a setting of a model, a line) must have those numbers named instead.
    A dictionary's keys are the same for every student, so only its values count.
    """
    used = sorted(set(re.findall(r"mine\.(MY_\w+)", "\n".join(question["hidden"]))))
    names: list[set[str]] = []
    numbers: list[set[str]] = []

    def walk(x: Any) -> None:
        if isinstance(x, str):
            names.append({x} | NAMES.get(x, set()))
        elif isinstance(x, bool):
            return
        elif isinstance(x, int) and 1900 <= x <= 2100:
            names.append({str(x)})
        elif isinstance(x, (int, float)):
            numbers.append({f"{x:g}", repr(x)})
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, (list, tuple)):
            for v in x:
                walk(v)

    for key in used:
        walk(mine[key])
    return names or numbers


def names_all(context: str, items: list[set[str]]) -> bool:
    """Whether ``context`` names every item (in one of its forms; a number as a whole printed number)."""
    printed = {m.group().replace("−", "-") for m in NUMBER.finditer(context)}
    return all(any(form in printed if NUMBER.fullmatch(form) else form in context for form in item)
               for item in items)


def leaks(printed: Printed, assignment: str, student_id: str, values: dict[str, list[tuple[str, str, Any]]]
          ) -> Iterator[str]:
    """Every printed number that would pass for one of this student's numeric answers, on a page that names the
    question's inputs around it (:func:`inputs_of`)."""
    mine, spec = coursework.variant(assignment, student_id), questions(SOURCES[assignment])
    for question, answers in values.items():
        items = inputs_of(spec[question], mine)
        for name, kind, value in answers:
            if kind not in ("share", "number"):
                continue
            for form, file, pos in printed.near(float(value)):
                context = printed.files[file][max(0, pos - WINDOW):pos + WINDOW]
                if names_all(context, items):
                    shown = " ".join(context.split())
                    yield (f"{assignment} {question} `{name}` of {student_id!r} = {value:.6g}: {form!r} in {file} "
                           f"names the inputs: ...{shown}...")


@pytest.fixture(scope="module")
def printed() -> Printed:
    return Printed(dict(public_files()))


# -- the tests ----------------------------------------------------------------------------------------------

def test_every_graded_question_has_expected_values(expected: dict[Any, Any]) -> None:
    for name, source in SOURCES.items():
        names = set(graded(source))
        assert names, f"{name} has no graded question"
        for sid in IDS:
            got = expected[name, sid]
            assert set(got) == names, f"{name}: no expected value recorded for {sorted(names - set(got))}"
            for answers in got.values():
                for answer, kind, value in answers:
                    coursework.answer({answer: value}, answer, kind)  # each expected value is a valid answer


def test_no_expected_value_can_be_read_from_public_files(expected: dict[Any, Any], printed: Printed) -> None:
    found = [leak for (name, sid), values in expected.items() for leak in leaks(printed, name, sid, values)]
    numeric = sum(1 for values in expected.values() for answers in values.values()
                  for _, kind, _ in answers if kind in ("share", "number"))
    assert numeric >= 20 * len(IDS), f"only {numeric} numeric answers checked"
    assert printed.count > 100, f"only {printed.count} printed numbers found: is the search reading the files?"
    assert not found, f"{len(found)} answers can be read from public files:\n" + "\n".join(found[:20])


def test_no_expected_value_is_a_data_point(expected: dict[Any, Any]) -> None:
    """Answers are computed, never read off the data (so a printed data point is never an answer)."""
    data = data_points()
    lookups = [(name, sid, answer, value) for (name, sid), values in expected.items()
               for answers in values.values() for answer, kind, value in answers
               if kind in ("share", "number") and not common(f"{value:.3g}") and round(float(value), 12) in data]
    assert not lookups, lookups


def test_students_do_not_share_answers(expected: dict[Any, Any]) -> None:
    """Copying a classmate's answers mostly fails: no question's answers are the same for half the sample or more.

    This is what protects the answers the search cannot (whole numbers, labels, round numbers).
    """
    crowded = {}
    for name, source in SOURCES.items():
        for question in graded(source):
            answers = collections.Counter(
                tuple(round(v, 3) if isinstance(v, float) else str(v) for _, _, v in expected[name, sid][question])
                for sid in IDS)
            top, n = answers.most_common(1)[0]
            if n >= len(IDS) / 2:
                crowded[name, question] = (top, n)
    assert not crowded, f"answers shared by half the students or more: {crowded}"


def test_the_book_s_printed_answers_are_no_one_s(expected: dict[Any, Any]) -> None:
    """The 2018 tallies (margins 73 and 126) and the 77 states that voted for both texts are printed in the book:
    the questions that used to ask for them now ask about each student's group, pair and states."""
    for sid in IDS:
        values = {a: v for answers in expected["ch4-roll-calls", sid].values() for a, _, v in answers}
        assert values["group_bridges"] != 77
        assert (values["oewg_margin_changed"], values["gge_margin_changed"]) != (73, 126)


def test_the_search_finds_a_planted_answer(expected: dict[Any, Any]) -> None:
    """A page that states a student's answer next to their inputs is a leak; the same number alone, or next to
    only some of the inputs, or with two figures, is not."""
    sid = IDS[0]
    values = expected["ch1-users-and-roots", sid]
    _, kind, value = values["q1"][0]
    mine = coursework.variant("ch1-users-and-roots", sid)
    statement = f"In {mine.MY_YEAR}, {' and '.join(mine.MY_PAIR)} held {100 * value:.2f}% of the users."
    for text, leaking in ((statement, True), (f"a share of {100 * value:.2f}% of something else", False),
                          (f"{mine.MY_PAIR[1]}, {mine.MY_PAIR[0]} ({mine.MY_YEAR}): {value!r}", True),
                          (f"In {mine.MY_YEAR}: {value!r}", False),  # the year alone does not say it is the pair's
                          (f"the value {value:.3f}", False),
                          (f"In {mine.MY_YEAR}, {' and '.join(mine.MY_PAIR)} held {100 * value:.0f}%.", False)):
        found = list(leaks(Printed({"page.md": text}), "ch1-users-and-roots", sid, values))
        assert bool(found) is leaking, (text, found)
    assert math.isfinite(value) and kind == "share"


def test_the_search_finds_the_book_s_own_sentence(printed: Printed, monkeypatch: pytest.MonkeyPatch) -> None:
    """Were a student's West the book's and their line crossed in 2019, their answer would be the 26.6% that
    the closing chapter prints with those continents named: the search finds it in the real files."""
    draw = coursework._DRAWS["ch1-users-and-roots"]

    def crossing_in_2019(r: random.Random) -> dict[str, Any]:
        return draw(r) | {"MY_WEST": ["Europe", "North America", "Oceania"], "MY_LINE": 0.28}

    monkeypatch.setitem(coursework._DRAWS, "ch1-users-and-roots", crossing_in_2019)
    values = expected_values(SOURCES["ch1-users-and-roots"], IDS[0])
    assert values["q2"] == [("first_year_below", "year", 2019),
                            ("west_share_then", "share", pytest.approx(0.2663, abs=1e-4))]
    found = list(leaks(printed, "ch1-users-and-roots", IDS[0], values))
    assert any("26.6%" in leak and "closing.md" in leak for leak in found), found


def test_the_instructor_guide_states_what_this_module_checks(expected: dict[Any, Any]) -> None:
    guide = " ".join((ROOT / "book" / "appendix" / "instructor-guide.md").read_text(encoding="utf-8").split())
    m = re.search(r"for (\d+) sample IDs .*?\((\d+) values, (\d+) of them numbers\)", guide)
    assert m, "the guide's section 'Grading a term' should say how many IDs and values the leak test checks"
    answers = [kind for values in expected.values() for answers in values.values() for _, kind, _ in answers]
    numeric = sum(kind in ("share", "number") for kind in answers)
    assert (int(m.group(1)), int(m.group(2)), int(m.group(3))) == (len(IDS), len(answers), numeric)
