"""Whom a group of states speaks for: shares of UN members, of their people and of their internet users."""

from __future__ import annotations

import csv
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cyberorder import reach as rc
from cyberorder.data import data_dir

MEMBERS = sorted(rc.population_of())


def _csv(name: str) -> list[dict[str, str]]:
    with open(data_dir() / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_population_table_covers_every_un_member_once() -> None:
    groups = {r["iso3"] for r in _csv("un_regional_groups.csv")}
    rows = _csv("population.csv")
    assert [r["iso3"] for r in rows].count("USA") == 1
    assert {r["iso3"] for r in rows} == groups and len(rows) == 193


def test_internet_table_covers_every_un_member_and_is_no_later_than_2019() -> None:
    rows = _csv("internet_use_2019.csv")
    assert {r["iso3"] for r in rows} == set(MEMBERS)
    assert all(int(r["year"]) <= 2019 for r in rows if r["year"])


def test_reach_of_a_group_recomputed_from_the_csv_files() -> None:
    group = ["USA", "CHN", "IND", "EST", "BRA"]
    pop = {r["iso3"]: int(r["population"]) for r in _csv("population.csv")}
    pct = {r["iso3"]: float(r["pct_population_online"]) for r in _csv("internet_use_2019.csv")
           if r["pct_population_online"]}
    users = {k: pop[k] * pct[k] / 100 for k in pct}
    r = rc.reach(group)
    assert r.states == 5 and r.share_of_members == pytest.approx(5 / 193)
    assert r.population == sum(pop[k] for k in group)
    assert r.share_of_population == pytest.approx(sum(pop[k] for k in group) / sum(pop.values()))
    assert r.share_of_internet_users == pytest.approx(sum(users[k] for k in group) / sum(users.values()))
    assert r.users_unknown == ()


def test_the_whole_membership_has_every_share_equal_to_one() -> None:
    r = rc.reach(MEMBERS)
    assert (r.share_of_members, r.share_of_population) == (1.0, pytest.approx(1.0))
    assert r.share_of_internet_users == pytest.approx(1.0)


@given(st.sets(st.sampled_from(MEMBERS), min_size=1, max_size=60),
       st.sets(st.sampled_from(MEMBERS), min_size=1, max_size=60))
def test_shares_of_disjoint_groups_add_up(a: set[str], b: set[str]) -> None:
    b = b - a
    if not b:
        return
    ra, rb, rab = rc.reach(sorted(a)), rc.reach(sorted(b)), rc.reach(sorted(a | b))
    assert rab.share_of_population == pytest.approx(ra.share_of_population + rb.share_of_population)
    assert rab.share_of_internet_users == pytest.approx(ra.share_of_internet_users + rb.share_of_internet_users,
                                                        abs=1e-12)
    assert rab.states == ra.states + rb.states


def test_a_state_with_unknown_share_online_is_reported_not_zeroed() -> None:
    people = {"AAA": 10.0, "BBB": 30.0}
    r = rc.reach(["AAA", "BBB"], people=people, users={"AAA": 5.0})
    assert r.users_unknown == ("BBB",)
    assert r.share_of_internet_users == 1.0 and r.share_of_population == 1.0


@pytest.mark.parametrize(("members", "message"), [
    ([], "empty"),
    (["USA", "USA"], "listed twice: ['USA']"),
    (["USA", "XXX"], "unknown state(s) ['XXX']"),
    (["TWN"], "unknown state(s) ['TWN']"),
])
def test_bad_groups_are_refused_with_a_clear_message(members: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")
                       .replace("]", r"\]")):
        rc.reach(members)


def test_reach_table_gives_one_row_per_group() -> None:
    rows = rc.reach_table({"a": ["USA"], "b": ["CHN", "RUS"]})
    assert [r["group"] for r in rows] == ["a", "b"]
    assert rows[1]["states"] == 2
    assert math.isclose(float(rows[0]["share_of_population"]), rc.reach(["USA"]).share_of_population)


def test_members_online_agree_with_the_world_aggregate_of_the_same_series() -> None:
    """Summed state by state, the members' share online is close to OWID's world figure for 2019.

    The two differ by construction (latest-year values for 39 states, Palau missing, territories
    outside the UN membership), so the check allows two percentage points; a transcription slip in a
    large state (China, India, the US) would move it further.
    """
    world = next(float(r["pct_population_online"]) for r in _csv("internet_use_share.csv")
                 if r["code"] == "WLD" and r["year"] == "2019")
    online = sum(rc.internet_users_of().values()) / sum(rc.population_of().values()) * 100
    assert abs(online - world) < 2.0, f"members online {online:.2f}% vs world {world}%"


def test_a_readers_counts_that_are_all_zero_are_refused() -> None:
    """Shares of a total of 0 are undefined: named, not a ZeroDivisionError (the sweep's finding)."""
    with pytest.raises(ValueError, match="users: every count is 0"):
        rc.reach(["USA", "CHN"], users={"MOZ": 0})
    with pytest.raises(ValueError, match="people: the counts add up beyond the largest float"):
        rc.reach(["USA"], people={"USA": 1e308, "CHN": 1e308})
