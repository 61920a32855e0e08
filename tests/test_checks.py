"""No silent wrong answer: every public function checks what it is given (cyberorder/checks.py).

Numbers may be Python or NumPy/pandas scalars; NaN, infinities, negative amounts, impossible years, one string
where a list belongs, duplicates and empty tables are clear errors naming the argument; the package's cached
look-ups cannot be changed from outside.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cyberorder import checks, data, forums, history, institutions, power, reach, scenarios, values
from cyberorder.data import DataError, load

# -- the checks themselves ----------------------------------------------------------------------------

@pytest.mark.parametrize("good", [6, 6.0, np.int64(6), np.float64(6.0), np.int32(6), pd.Series([6]).iloc[0]])
def test_numpy_and_pandas_scalars_are_numbers(good: object) -> None:
    assert checks.number(good, "x", low=0, high=100) == 6.0
    assert isinstance(checks.number(good, "x"), float)


@pytest.mark.parametrize(("bad", "error", "says"), [
    (True, TypeError, "x must be a number; got bool True"),
    ("6", TypeError, "x must be a number; got str '6'"),
    (None, TypeError, "got NoneType"),
    (float("nan"), ValueError, "x must be a finite number; got nan"),
    (np.float64("inf"), ValueError, "x must be a finite number; got inf"),
    (np.int64(-3), ValueError, "x must be a finite number >= 0; got -3"),
])
def test_bad_numbers_are_named(bad: object, error: type, says: str) -> None:
    with pytest.raises(error, match=says.replace("(", r"\(")):
        checks.amount(bad, "x")


def test_messages_show_numpy_numbers_plainly() -> None:
    with pytest.raises(ValueError, match=r"must lie in \[0, 1\]; got 6$"):
        checks.share(np.int64(6), "s")


def test_years() -> None:
    assert checks.year(np.int64(2010)) == 2010 and checks.year(2010.0) == 2010
    with pytest.raises(TypeError, match="not the text '2010'"):
        checks.year("2010")
    for bad in (20100, 2010.5, 1066):
        with pytest.raises(ValueError, match="between 1900 and 2100"):
            checks.year(bad)


def test_mappings_and_names() -> None:
    assert checks.mapping(pd.Series({"a": 1, "b": 2}), "m") == {"a": 1, "b": 2}
    with pytest.raises(TypeError, match="m must be a mapping"):
        checks.mapping([1, 2], "m")
    assert checks.names(pd.Series(["USA", "CHN"]), "members") == ["USA", "CHN"]
    with pytest.raises(TypeError, match=r"not one string"):
        checks.names("USA", "members")
    with pytest.raises(ValueError, match=r"listed twice: \['USA'\]"):
        checks.names(["USA", "USA"], "members")
    with pytest.raises(TypeError, match="must hold names"):
        checks.names(["USA", 3], "members")


# -- cached look-ups are copies --------------------------------------------------------------------------

def test_changing_a_look_up_changes_no_later_result() -> None:
    before = reach.reach(["USA", "CHN"]).share_of_population
    people = reach.population_of()
    people["USA"] = 1e9
    reach.internet_users_of()["CHN"] = 0
    forums.group_of()["USA"] = "African Group"
    forums.camp_of()["USA"] = "bridge"
    forums.presets().clear()
    assert reach.reach(["USA", "CHN"]).share_of_population == before
    assert abs(before - 0.226) < 0.001, before
    assert forums.group_of()["USA"] == "Western European and Others Group"
    assert forums.presets() and forums.camp_of()["USA"] != "bridge"


# -- bad inputs the audit found ------------------------------------------------------------------------

def test_a_numpy_score_is_accepted_where_assignment_3_uses_it() -> None:
    scores = load("fotn_scores")
    score = scores.total_score.to_numpy()[0]  # what a student passes: a NumPy scalar
    assert isinstance(score, np.generic)
    assert values.fotn_freedom(score, "higher_is_freer") == float(score)
    assert values.fotn_status(np.int64(75)) == "Free"


def test_internet_users_that_cannot_be_refuse_to_give_shares() -> None:
    users = load("internet_users_by_continent")
    for bad in (np.nan, -5.0):
        broken = users.copy()
        broken.loc[broken.index[2], "internet_users"] = bad
        with pytest.raises(ValueError, match=r"users, row 2, column 'internet_users'"):
            power.user_shares(broken, 2010)
    with pytest.raises(TypeError, match="not the text"):
        power.user_shares(users, "2010")
    with pytest.raises(ValueError, match="users has no rows"):
        power.user_shares(users.iloc[0:0], 2010)


def test_strategy_years_and_duplicates() -> None:
    table = load("ncss_first_strategies")
    typo = table.copy()
    typo.loc[typo.first_strategy_year.notna().idxmax(), "first_strategy_year"] = 20100
    with pytest.raises(ValueError, match="20100 is not a year"):
        history.first_strategies_by_year(typo)
    twice = pd.concat([table, table.iloc[[0]]], ignore_index=True)
    with pytest.raises(ValueError, match="listed twice"):
        history.first_strategies_by_year(twice)


def test_text_flags_are_not_consensus() -> None:
    gges = load("gge_groups")
    gges["consensus_report"] = gges.consensus_report.map({True: "true", False: "false"})
    with pytest.raises(ValueError, match="'false' is not True or False"):
        history.gge_record(gges, 2017)


def test_series_work_where_mappings_do() -> None:
    shares = pd.Series({"A": 0.5, "B": 0.3, "C": 0.2})
    assert power.hhi(shares) == pytest.approx(0.38)
    quota = pd.Series({"USA": 0.6, "Rest": 0.4})
    assert institutions.group_total(quota, ["USA"]) == pytest.approx(0.6)
    with pytest.raises(ValueError, match="no shares given"):
        power.hhi({})


def test_one_string_is_not_a_list_of_members() -> None:
    with pytest.raises(TypeError, match="not one string"):
        reach.reach("USA")
    with pytest.raises(TypeError, match="not one string"):
        forums.summarise("FRA")


def test_a_scenario_driver_from_numpy() -> None:
    assert scenarios._check_unit("capacity", np.float64(0.5)) == 0.5


# -- reading a table -------------------------------------------------------------------------------------

def _schema() -> dict:
    return next(r["schema"] for r in data.descriptor()["resources"] if r["name"] == "root_servers")


def test_read_table_takes_a_string_path_and_a_bom(tmp_path: Path) -> None:
    source = data.data_dir() / "root_servers.csv"
    with_bom = tmp_path / "roots.csv"
    with_bom.write_bytes(b"\xef\xbb\xbf" + source.read_bytes())
    table = data.read_table(str(with_bom), _schema())
    assert list(table.columns) == list(load("root_servers").columns) and len(table) == 13


def test_read_table_names_the_file_in_every_error(tmp_path: Path) -> None:
    latin = tmp_path / "roots-latin1.csv"
    latin.write_bytes((data.data_dir() / "root_servers.csv").read_text(encoding="utf-8").replace(
        "Verisign", "Vérisign").encode("latin-1", errors="replace"))
    with pytest.raises(DataError, match=r"roots-latin1.csv: is not UTF-8 text"):
        data.read_table(latin, _schema())
    with pytest.raises(DataError, match=r"missing.csv: is not a file"):
        data.read_table(tmp_path / "missing.csv", _schema())


def test_counts_stay_exact_and_bounded() -> None:
    """A count is kept as the exact int given (no float detour), and one beyond any count of the book is refused
    by name instead of overflowing a later sum (10**400 used to raise OverflowError deep in pandas)."""
    assert checks.whole(np.int64(10**15 - 1), "n") == 10**15 - 1 and type(checks.whole(np.int64(7), "n")) is int
    with pytest.raises(ValueError, match=r"n must be a whole number <= 1e\+15; got 1000000000000001"):
        checks.whole(checks.LARGEST_COUNT + 1, "n")
    with pytest.raises(ValueError, match="too large to be a number of this book; got an integer of about 401 digits"):
        checks.number(10**400, "x")


def test_a_column_of_amounts_names_text_huge_and_boolean_cells() -> None:
    for cell in ("2", 10**400, True, None):
        frame = pd.DataFrame({"users": [5, cell]}, dtype=object)
        with pytest.raises(ValueError, match="row 1, column 'users'"):
            checks.amounts_in(frame, "users", "table")


def test_choice_names_the_argument_for_a_list_or_an_unknown_option() -> None:
    with pytest.raises(TypeError, match=r"period must be one of \['a', 'b'\]; got list"):
        checks.choice(["a"], "period", ["a", "b"])
    with pytest.raises(ValueError, match=r"unknown period 'c'; known: \['a', 'b'\]"):
        checks.choice("c", "period", ["b", "a"])
    assert checks.choice("a", "period", {"a": 1}) == "a"
