"""IMF quota shares, voting shares and the 85% veto test (cyberorder.institutions)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cyberorder import institutions as inst
from cyberorder import load
from cyberorder.data import data_dir

TABLE = load("imf_quota_shares")
RAW = pd.read_csv(data_dir() / "imf_quota_shares.csv")
OTHER = inst.OTHER_MEMBERS


def test_quota_shares_match_the_raw_csv_and_keep_the_rest() -> None:
    for period in inst.PERIODS:
        q = inst.quota_shares(TABLE, period)
        rows = RAW[RAW.period == period]
        assert len(q) == len(rows) + 1
        assert math.isclose(q["CHN"], rows[rows.iso3 == "CHN"].quota_share_pct.iloc[0] / 100)
        assert math.isclose(q[OTHER], 1 - rows.quota_share_pct.sum() / 100)
    # Reuters / IMF table: China 3.994% before, 6.390% after
    assert round(inst.quota_shares(TABLE, "before_14th_review")["CHN"] * 100, 3) == 3.994
    assert round(inst.quota_shares(TABLE, "after_14th_review")["CHN"] * 100, 3) == 6.390


def test_voting_share_by_hand() -> None:
    # US after the reform: 5.502% of votes shared by 188 members, the rest by quota (17.398%)
    v = inst.voting_shares(inst.quota_shares(TABLE, "after_14th_review"))
    assert math.isclose(v["USA"], 0.05502 / 188 + 0.94498 * 0.17398)
    assert math.isclose(v[OTHER], 0.05502 * 168 / 188 + 0.94498 * inst.quota_shares(TABLE, "after_14th_review")[OTHER])
    assert math.isclose(sum(v.values()), 1.0)


quota_dicts = st.dictionaries(st.sampled_from(["A", "B", "C", "D", "E"]),
                              st.floats(min_value=0.001, max_value=1), min_size=1, max_size=5).map(
    lambda d: {**{k: x / (sum(d.values()) * 1.25) for k, x in d.items()}, OTHER: 0.2})


@given(quota_dicts, st.integers(min_value=6, max_value=250))
def test_votes_add_up_and_favour_small_members(q: dict[str, float], n: int) -> None:
    v = inst.voting_shares(q, members=n)
    assert math.isclose(sum(v.values()), 1.0)
    for name in q:
        if name != OTHER:  # a single member is above its quota share iff its quota share is below 1/N
            assert (v[name] > q[name]) == (q[name] < 1 / n) or math.isclose(q[name], 1 / n)


@given(quota_dicts, st.floats(min_value=0, max_value=1))
def test_moving_quota_keeps_the_whole(q: dict[str, float], f: float) -> None:
    """Also when one gainer ends up with the whole quota (0.3 + 0.7 once gave 1.0000000000000002, a share > 1)."""
    names = sorted(q)
    losers, gainers = names[:1], names[1:]
    moved = inst.move_quota(q, losers, gainers, f)
    assert math.isclose(sum(moved.values()), 1.0)
    assert math.isclose(moved[losers[0]], q[losers[0]] * (1 - f))
    assert math.isclose(inst.group_total(moved, gainers), inst.group_total(q, gainers) + f * q[losers[0]])


def test_veto_test_by_hand() -> None:
    assert inst.can_block(0.1647) and not inst.can_block(0.15) and not inst.can_block(0.149)
    assert inst.can_block(0.31, majority=0.70) and not inst.can_block(0.29, majority=0.70)
    assert math.isclose(inst.blocking_margin(0.1647), 0.0147)


def test_us_keeps_its_veto_after_the_reform_and_loses_it_if_it_gives_up_a_fifth() -> None:
    after = inst.quota_shares(TABLE, "after_14th_review")
    assert inst.can_block(inst.voting_shares(after)["USA"])
    moved = inst.move_quota(after, ["USA"], ["CHN", "IND", "RUS", "BRA"], 0.2)
    assert moved["USA"] * 0.94498 < 0.15 and not inst.can_block(inst.voting_shares(moved)["USA"])


@pytest.mark.parametrize(("call", "message"), [
    (lambda q: inst.move_quota(q, [], ["CHN"], 0.1), "the group is empty"),
    (lambda q: inst.move_quota(q, ["USA"], ["XXX"], 0.1), r"unknown member\(s\) \['XXX'\]"),
    (lambda q: inst.move_quota(q, ["USA", "CHN"], ["CHN"], 0.1), r"overlap: \['CHN'\]"),
    (lambda q: inst.move_quota(q, ["USA"], ["CHN"], 1.5), r"fraction must lie in \[0, 1\]"),
    (lambda q: inst.voting_shares({**q, "USA": q["USA"] + 0.1}), "must add up to 1"),
    (lambda q: inst.voting_shares(q, members=10), "more than the 10 members"),
    (lambda q: inst.voting_shares(q, basic_share=1.0), r"basic_share must lie in \[0, 1\)"),
    (lambda q: inst.blocking_margin(0.2, majority=0.3), r"majority must lie in \[0.5, 1\]"),
    (lambda q: inst.blocking_margin(-0.2), r"voting_share must lie in \[0, 1\]"),
])
def test_bad_input_is_refused(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call(inst.quota_shares(TABLE, "after_14th_review"))


def test_bad_tables_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown period 'future'"):
        inst.quota_shares(TABLE, "future")
    twice = pd.concat([TABLE, TABLE.iloc[:1]])
    with pytest.raises(ValueError, match="listed twice"):
        inst.quota_shares(twice, TABLE.period.iloc[0])
    inflated = TABLE.assign(quota_share_pct=TABLE.quota_share_pct * 2)
    with pytest.raises(ValueError, match="more than 100%"):
        inst.quota_shares(inflated, "after_14th_review")
    negative = TABLE.copy()
    negative.loc[negative.index[0], "quota_share_pct"] = -1.0
    with pytest.raises(ValueError, match=r"'quota_share_pct': -1\.0 is not a finite number >= 0"):
        inst.quota_shares(negative, negative.period.iloc[0])


def test_imf_explorer_flips_the_veto_and_refuses_bad_values() -> None:
    from cyberorder.explorers import imf_veto

    e = imf_veto()
    assert e.compute()["us_veto"] == "yes"
    assert e.compute(moved_share=0.2)["us_veto"] == "no"
    assert e.compute(majority=0.95, moved_share=0.5)["us_veto"] == "yes"  # a 95% rule: 5% blocks
    same = e.compute(from_group="BRIC", to_group="BRIC", moved_share=0.5)
    assert same["us_vote"] == e.compute()["us_vote"] and same["from_vote"] == same["to_vote"]
    with pytest.raises(ValueError, match="from_group must be one of"):
        e.compute(from_group="G77")


def test_a_gainer_that_takes_the_whole_quota_holds_a_share_of_exactly_one() -> None:
    q = {"A": 1.5767209582411664e-07, "B": 0.9999998423279043}  # found by hypothesis: B once got 1.0000000000000002
    moved = inst.move_quota(q, ["A"], ["B"], 1.0)
    assert moved == {"A": 0.0, "B": 1.0}
    assert inst.group_total(moved, ["B"]) == 1.0
