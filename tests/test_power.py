"""The power quantities: shares, group shares, users against roots."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cyberorder import figures, load, power

USERS = load("internet_users_by_continent")
ROOTS = load("root_servers")

amounts = st.dictionaries(st.text(min_size=1, max_size=8),
                          st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_subnormal=False),
                          min_size=1, max_size=12)


@given(amounts.filter(lambda d: sum(d.values()) > 0))
def test_shares_are_fractions_that_add_up_to_one(values: dict[str, float]) -> None:
    s = power.shares(values)
    assert set(s) == set(values)
    assert all(0 <= v <= 1 for v in s.values())
    assert math.isclose(sum(s.values()), 1.0, rel_tol=1e-9)


@given(amounts.filter(lambda d: sum(d.values()) > 1e-200), st.floats(min_value=0.001, max_value=1000))
def test_shares_do_not_depend_on_the_unit(values: dict[str, float], k: float) -> None:
    a, b = power.shares(values), power.shares({n: x * k for n, x in values.items()})
    assert all(math.isclose(a[n], b[n], rel_tol=1e-9, abs_tol=1e-12) for n in values)


@pytest.mark.parametrize(("values", "message"), [
    ({}, "at least one actor"),
    ({"a": -1.0, "b": 2.0}, "'a' must be a finite number >= 0"),
    ({"a": float("inf")}, "finite"),
    ({"a": 0.0, "b": 0.0}, "add up to 0"),
])
def test_shares_reject_bad_amounts(values: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        power.shares(values)


@given(amounts.filter(lambda d: sum(d.values()) > 0), st.data())
def test_group_share_is_the_sum_of_members(values: dict[str, float], data: st.DataObject) -> None:
    s = power.shares(values)
    members = data.draw(st.lists(st.sampled_from(sorted(s)), unique=True))
    g = power.group_share(s, members)
    assert math.isclose(g, sum(s[m] for m in members), abs_tol=1e-12)
    assert -1e-12 <= g <= 1 + 1e-12
    # the complement makes up the rest
    rest = [n for n in s if n not in members]
    assert math.isclose(g + power.group_share(s, rest), 1.0, rel_tol=1e-9)


@pytest.mark.parametrize(("share_of", "members", "message"), [
    ({"a": 0.5, "b": 0.5}, ["c"], "unknown member"),
    ({"a": 1.2, "b": -0.2}, ["a"], r"share of 'a' must lie in \[0, 1\]"),
    ({"a": 0.5, "b": 0.4}, ["a"], "add up to 1"),
    ({}, [], "no shares"),
])
def test_group_share_rejects_bad_input(share_of: dict[str, float], members: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        power.group_share(share_of, members)


def test_user_shares_keep_the_unattributed_users() -> None:
    for year in sorted(USERS.year.unique()):
        s = power.user_shares(USERS, int(year))
        assert math.isclose(sum(s.values()), 1.0)
        assert s[power.NOT_ATTRIBUTED] >= 0
    row = USERS[(USERS.year == 2005) & (USERS.continent == "Asia")].iloc[0]
    assert power.user_shares(USERS, 2005)["Asia"] == row.internet_users / row.world_internet_users


def test_user_shares_unknown_year() -> None:
    with pytest.raises(ValueError, match="no internet-user data for 1995; years available: 2005-2019"):
        power.user_shares(USERS, 1995)


def test_continents_exceeding_the_world_total_is_an_error() -> None:
    bad = USERS.copy()
    bad.loc[bad.index[0], "internet_users"] = bad.loc[bad.index[0], "world_internet_users"] * 2
    with pytest.raises(ValueError, match="more than the world total"):
        power.users_with_remainder(bad)


def test_a_continent_counted_twice_in_a_year_is_an_error_not_a_double_count() -> None:
    twice = pd.concat([USERS, USERS.iloc[[0]]], ignore_index=True)
    with pytest.raises(ValueError, match=f"{USERS.continent.iloc[0]!r} is listed twice in {USERS.year.iloc[0]}"):
        power.users_with_remainder(twice)
    with pytest.raises(TypeError, match="users must be a table"):
        power.users_with_remainder(USERS.to_dict())


def test_root_servers_run_from_an_unknown_continent_are_an_error_not_dropped() -> None:
    odd = ROOTS.assign(operator_continent=["Atlantis", *ROOTS.operator_continent.iloc[1:]])
    with pytest.raises(ValueError, match=r"unknown continent\(s\) 'Atlantis';"):
        power.root_server_shares(odd)
    with pytest.raises(ValueError, match="roots has no rows"):
        power.root_server_shares(ROOTS.iloc[:0])


def test_root_server_shares_count_identities() -> None:
    s = power.root_server_shares(ROOTS)
    assert s["North America"] == 10 / 13 and s["Europe"] == 2 / 13 and s["Asia"] == 1 / 13
    assert math.isclose(sum(s.values()), 1.0)


@given(st.sampled_from(range(2005, 2020)), st.sets(st.sampled_from(power.CONTINENTS)))
def test_users_and_roots_agree_with_its_parts(year: int, west: set[str]) -> None:
    r = power.users_and_roots(USERS, ROOTS, year, west)
    users = power.user_shares(USERS, year)
    assert math.isclose(r.west_user_share, sum(users[c] for c in west), abs_tol=1e-12)
    assert math.isclose(r.west_root_share, sum(power.root_server_shares(ROOTS)[c] for c in west), abs_tol=1e-12)
    assert math.isclose(r.gap, r.west_root_share - r.west_user_share)
    assert r.asia_user_share == users["Asia"]


def test_users_and_roots_rejects_unknown_continent() -> None:
    with pytest.raises(ValueError, match=r"unknown continent\(s\) \['Europa'\]"):
        power.users_and_roots(USERS, ROOTS, 2019, ["Europa"])


def test_users_and_roots_names_a_year_without_asia() -> None:
    """Asia's share is reported, so a users table with no Asian row in that year is refused, not read as 0."""
    users = load("internet_users_by_continent")
    no_asia = users[~((users.continent == "Asia") & (users.year == 2019))]
    with pytest.raises(ValueError, match="no row for the continent 'Asia' in 2019"):
        power.users_and_roots(no_asia, load("root_servers"), 2019, ["Europe"])


def test_the_users_chart_draws_the_articles_figures_on_the_data_and_names_each_line() -> None:
    from cyberorder import colours
    from cyberorder.claimsets.ch1_introduction import ARTICLE_ASIA_SHARES

    users = load("internet_users_by_continent")
    spec = figures.user_shares_over_time(users).to_dict()
    rows = [r for rows in spec["datasets"].values() for r in rows]
    drawn = {r["year"]: r["share"] for r in rows if "label" in r}
    assert drawn == {y: v for y, (v, _) in ARTICLE_ASIA_SHARES.items()}
    assert {r["label"] for r in rows if "label" in r} == {f"article: {w}" for _, w in ARTICLE_ASIA_SHARES.values()}
    # every line is named at its end (a text layer filtered to the last year), no legend
    lines, ends = spec["layer"][0], spec["layer"][1]
    assert lines["encoding"]["color"]["legend"] is None and ends["encoding"]["text"]["field"] == "region"
    assert ends["transform"] == [{"filter": f"datum.year == {int(users.year.max())}"}]
    assert lines["encoding"]["x"]["type"] == "quantitative"  # years on a true scale
    west, rest = colours.KEY["bloc"]["West"], colours.KEY["bloc"]["Rest"]
    assert lines["encoding"]["color"]["scale"]["range"][:2] == [west, rest]
    # the shares drawn are the package's: Asia's 2016 share as power.user_shares computes it
    asia_2016 = next(r["share"] for r in rows if r.get("region") == "Asia" and r["year"] == 2016)
    assert asia_2016 == pytest.approx(power.user_shares(users, 2016)["Asia"])


def test_the_shares_chart_names_each_power_at_its_line_end_and_recomputes_its_title() -> None:
    from cyberorder.explorers._shared import YEARS

    spec = figures.shares_over_time().to_dict()
    lines, names = spec["spec"]["layer"]
    assert lines["encoding"]["detail"]["field"] == "actor" and names["encoding"]["text"]["field"] == "actor"
    assert names["transform"] == [{"filter": f"datum.year == {YEARS[-1]}"}]
    assert lines["encoding"]["color"]["scale"]["domain"] == ["The West", "Others"]
    gdp = load("gdp_share")
    china = [power.shares_of_world(gdp, int(y), value="gdp_current_usd_bn", world="world_gdp_current_usd_bn")["CHN"]
             for y in (YEARS[0], YEARS[-1])]
    assert spec["title"]["text"] == (f"China's share of world GDP went from {china[0]:.0%} in {YEARS[0]} "
                                     f"to {china[1]:.0%} in {YEARS[-1]}")
