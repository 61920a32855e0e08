"""A reader's own data: a table of amounts for the power-shares explorer, a member list for the forum explorer.

Good inputs give explorers whose live view and static twin agree with the model; bad inputs get an error that
names what is wrong and where.
"""

from __future__ import annotations

import pandas as pd
import pytest

from cyberorder import forums, power, yourdata
from cyberorder.explorers.forum_membership import forum_membership
from cyberorder.explorers.power_shares import power_shares
from tests.twin import twin_readouts

TABLE = "actor,amount,year,world\nAlpha,50,2020,200\nBeta,30,2020,200\nGamma,20,2020,200\n" \
        "Alpha,60,2024,250\nBeta,60,2024,250\nGamma O'Neil,30,2024,250\n"


def _expected(explorer, values):
    result = explorer.compute(**values)
    return {r.key: r.text(result[r.key]) for r in explorer.readouts}


def test_member_lists_take_codes_and_names_in_any_mix() -> None:
    assert yourdata.member_codes(["BRA", "Russia", "india", "CHN"]) == ("BRA", "RUS", "IND", "CHN")


@pytest.mark.parametrize(("items", "error", "message"), [
    ("BRA", TypeError, "not one string"),
    ([], ValueError, "is empty"),
    (["BRA", "Brazil"], ValueError, "listed twice"),
    (["Brasil"], ValueError, "did you mean Brazil"),
    (["Taiwan"], ValueError, "not a UN member state"),
    (["XYZ"], ValueError, "neither an ISO3 code"),
    ([3], TypeError, "item 1 is 3"),
])
def test_bad_member_lists_are_named(items, error, message) -> None:
    with pytest.raises(error, match=message):
        yourdata.member_codes(items)


@pytest.mark.parametrize(("text", "message"), [
    ("actor,amount\nA,-1\n", "row 1, column 'amount'.*at least 0"),
    ("actor,amount\nA,x\n", "row 1, column 'amount'.*not a finite number"),
    ("actor,amount\nA,nan\n", "not a finite number"),
    ("actor,amt\nA,1\n", "no column 'amount'"),
    ("actor,amount\n", "has no rows"),
    ("actor,amount\nA,1\nA,2\n", "appears twice"),
    ("actor,amount\nA,0\nB,0\n", "every amount is 0"),
    ("actor,amount,world\nA,5,3\n", "below the actors' sum"),
    ("actor,amount,year\nA,5,2020.5\n", "not a year"),
])
def test_bad_tables_are_named(text, message) -> None:
    with pytest.raises(ValueError, match=message):
        yourdata.amounts(text)


def test_a_table_may_come_as_a_frame_a_path_or_text(tmp_path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("\ufeffactor,amount\nA,1\nB,3\n", encoding="utf-8")  # a BOM, as Excel writes it
    for given in (pd.DataFrame({"actor": ["A", "B"], "amount": [1, 3]}), path, str(path), "actor,amount\nA,1\nB,3\n"):
        table = yourdata.amounts(given)
        assert list(table.actor) == ["A", "B"] and list(table.amount) == [1, 3]
    with pytest.raises(ValueError, match="no file"):
        yourdata.amounts(str(tmp_path / "missing.csv"))


def test_the_power_explorer_takes_a_readers_table_and_both_views_agree() -> None:
    e = power_shares(TABLE, name="Seats", west=["Alpha"])
    result = e.compute()
    assert result["leader"] == "Alpha" and result["leader_share"] == pytest.approx(60 / 250)
    assert result["west_share"] == pytest.approx(60 / 250)
    shares = {"Alpha": 60 / 250, "Beta": 60 / 250, "Gamma O'Neil": 30 / 250, power.REST_OF_WORLD: 100 / 250}
    assert result["hhi"] == pytest.approx(power.hhi(power.among(shares, [power.REST_OF_WORLD])))
    for values in [{}, *e.examples, {"power_year": "2020"}, {"west_gamma_o_neil": True}]:
        assert twin_readouts(e, **values) == _expected(e, values), values


def test_a_table_without_world_totals_shares_the_actors_total() -> None:
    e = power_shares("actor,amount\nA,1\nB,3\n")
    assert e.compute()["leader_share"] == pytest.approx(0.75)
    assert twin_readouts(e) == _expected(e, {})


def test_a_west_outside_the_table_is_refused() -> None:
    with pytest.raises(ValueError, match="not in your table"):
        power_shares(TABLE, west=["Delta"])


def test_the_forum_explorer_starts_from_a_readers_list_and_both_views_agree() -> None:
    e = forum_membership(["Brazil", "Russia", "India", "China"], "BRIC (2009)")
    result = e.compute()
    assert result["size"] == 4
    assert result["share_population"] == pytest.approx(forums.summarise(("BRA", "CHN", "IND", "RUS")).reach
                                                       .share_of_population)
    for values in [{}, {"picked": ("ZAF",)}]:
        assert twin_readouts(e, **values) == _expected(e, values), values
    with pytest.raises(ValueError, match="listed twice"):
        forum_membership(["BRA", "Brazil"])
    with pytest.raises(ValueError, match="already a preset"):
        forum_membership(["BRA"], next(iter(forums.presets())))


@pytest.mark.parametrize(("text", "message"), [
    ("", "your table is empty: expected a header row"),
    ("actor,amount\nA," + "1" * 400 + "\n", r"row 1, column 'amount' \(A\): .* is not a finite number"),
    ("actor,amount,year,world\nA,1,2020,()\nB,3,2020,10\n", r"row 1, column 'world': '\(\)' is not a finite number"),
])
def test_amounts_names_empty_text_huge_numbers_and_odd_world_cells(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        yourdata.amounts(text)


def test_member_codes_names_something_that_is_not_a_list() -> None:
    with pytest.raises(TypeError, match="the forum: give a list of states; got float"):
        yourdata.member_codes(-1e308)
