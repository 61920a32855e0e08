"""Concentration and polarity (cyberorder.power, chapter 2): HHI, poles, lead, polarity, rescaling, the web."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cyberorder import load, power
from cyberorder.data import data_dir

REST = power.REST_OF_WORLD

amounts = st.dictionaries(st.text(alphabet="abcdefgh", min_size=1, max_size=4),
                          st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_subnormal=False),
                          min_size=1, max_size=10)
share_dicts = amounts.filter(lambda d: sum(d.values()) > 0).map(power.shares)


# -- HHI and effective number of poles ---------------------------------------------------------

@pytest.mark.parametrize(("share_of", "hhi"), [
    ({"a": 1.0}, 1.0),
    ({"a": 0.5, "b": 0.5}, 0.5),
    ({"a": 0.25, "b": 0.25, "c": 0.25, "d": 0.25}, 0.25),
    ({"a": 0.6, "b": 0.3, "c": 0.1}, 0.36 + 0.09 + 0.01),
])
def test_hhi_by_hand(share_of: dict[str, float], hhi: float) -> None:
    assert math.isclose(power.hhi(share_of), hhi)
    assert math.isclose(power.effective_poles(share_of), 1 / hhi)


@given(share_dicts)
def test_hhi_lies_between_one_over_n_and_one(share_of: dict[str, float]) -> None:
    h = power.hhi(share_of)
    assert 1 / len(share_of) - 1e-9 <= h <= 1 + 1e-9
    assert 1 - 1e-9 <= power.effective_poles(share_of) <= len(share_of) + 1e-9


@given(st.integers(min_value=1, max_value=50))
def test_n_equal_powers_make_n_poles(n: int) -> None:
    assert math.isclose(power.effective_poles({str(i): 1 / n for i in range(n)}), n)


@pytest.mark.parametrize(("share_of", "message"), [
    ({}, "no shares"),
    ({"a": 0.7, "b": 0.2}, "add up to 1"),
    ({"a": 1.2, "b": -0.2}, r"share of 'a' must lie in \[0, 1\]"),
])
def test_hhi_rejects_bad_shares(share_of: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        power.hhi(share_of)


# -- among, ranked, lead -------------------------------------------------------------------------

@given(share_dicts, st.data())
def test_among_renormalises_the_rest(share_of: dict[str, float], data: st.DataObject) -> None:
    kept = [n for n, s in share_of.items() if s > 0]
    excluded = data.draw(st.lists(st.sampled_from(sorted(share_of)), unique=True).filter(
        lambda ex: any(n not in ex for n in kept)))
    a = power.among(share_of, excluded)
    assert set(a) == set(share_of) - set(excluded)
    assert math.isclose(sum(a.values()), 1.0)
    total = sum(s for n, s in share_of.items() if n not in excluded)
    assert all(math.isclose(a[n], share_of[n] / total, abs_tol=1e-12) for n in a)


def test_among_errors() -> None:
    with pytest.raises(ValueError, match=r"unknown actor\(s\) \['x'\]"):
        power.among({"a": 0.5, "b": 0.5}, ["x"])
    with pytest.raises(ValueError, match="nothing is left"):
        power.among({"a": 0.5, "b": 0.5}, ["a", "b"])
    with pytest.raises(ValueError, match="nothing is left"):
        power.among({"a": 1.0, "b": 0.0}, ["a"])


def test_lead_and_ranking() -> None:
    s = {"a": 0.2, "b": 0.5, "c": 0.2, REST: 0.1}
    assert power.ranked(s, [REST]) == [("b", 0.5), ("a", 0.2), ("c", 0.2)]  # tie broken by name
    top = power.lead(s, [REST])
    assert (top.leader, top.runner_up) == ("b", "a")
    assert math.isclose(top.lead, 0.3) and math.isclose(top.ratio, 2.5)
    assert power.lead({"a": 1.0, "b": 0.0}).ratio == math.inf
    with pytest.raises(ValueError, match="at least two actors"):
        power.lead({"a": 0.6, REST: 0.4}, [REST])


@given(share_dicts.filter(lambda d: len(d) >= 2))
def test_leader_holds_the_largest_share(share_of: dict[str, float]) -> None:
    top = power.lead(share_of)
    assert top.leader_share == max(share_of.values())
    assert top.lead >= 0 and top.leader != top.runner_up


# -- polarity ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("share_of", "kwargs", "label"), [
    ({"a": 0.05, "b": 0.05, REST: 0.9}, {}, "nonpolar"),
    ({"a": 0.45, "b": 0.05, REST: 0.5}, {}, "unipolar"),             # one pole
    ({"a": 0.40, "b": 0.15, REST: 0.45}, {}, "unipolar"),            # two poles, but 0.40 >= 2 x 0.15
    ({"a": 0.40, "b": 0.15, REST: 0.45}, {"unipolar_ratio": 3}, "bipolar"),
    ({"a": 0.30, "b": 0.25, "c": 0.2, REST: 0.25}, {}, "multipolar"),
    ({"a": 0.30, "b": 0.25, "c": 0.2, REST: 0.25}, {"pole_share": 0.21}, "bipolar"),
    ({"a": 0.30, "b": 0.25, "c": 0.2, REST: 0.25}, {"pole_share": 0.31}, "nonpolar"),
])
def test_polarity_rule(share_of: dict[str, float], kwargs: dict, label: str) -> None:
    p = power.polarity(share_of, exclude=[REST], **kwargs)
    assert p.label == label
    assert p.poles == tuple(n for n, s in sorted(share_of.items(), key=lambda kv: -kv[1])
                            if n != REST and s >= p.pole_share)


def test_the_residual_is_never_a_pole() -> None:
    p = power.polarity({"a": 0.12, REST: 0.88}, exclude=[REST])
    assert p.poles == ("a",) and p.label == "unipolar"


@given(share_dicts, st.floats(min_value=0.01, max_value=1), st.floats(min_value=1, max_value=10))
def test_polarity_always_labels(share_of: dict[str, float], pole: float, ratio: float) -> None:
    p = power.polarity(share_of, pole_share=pole, unipolar_ratio=ratio)
    assert p.label in {"nonpolar", "unipolar", "bipolar", "multipolar"}
    assert (p.label == "nonpolar") == (len(p.poles) == 0)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"pole_share": 0}, r"pole_share must lie in \(0, 1\]"),
    ({"pole_share": 1.5}, "pole_share"),
    ({"unipolar_ratio": 0.5}, "unipolar_ratio must be a finite number >= 1"),
])
def test_polarity_rejects_bad_thresholds(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        power.polarity({"a": 0.5, "b": 0.5}, **kwargs)


# -- changing one actor's share ------------------------------------------------------------------

def test_rescale_by_hand() -> None:
    s = power.rescale({"a": 0.5, "b": 0.25, "c": 0.25}, "a", 2.0)  # amounts 1.0, 0.25, 0.25
    assert math.isclose(s["a"], 1 / 1.5) and math.isclose(s["b"], 0.25 / 1.5)


@given(share_dicts, st.data(), st.floats(min_value=0, max_value=5))
def test_rescale_keeps_a_whole_and_the_others_proportions(share_of: dict[str, float], data: st.DataObject,
                                                          k: float) -> None:
    actor = data.draw(st.sampled_from(sorted(share_of)))
    if k * share_of[actor] + (1 - share_of[actor]) <= 0:
        return
    s = power.rescale(share_of, actor, k)
    assert math.isclose(sum(s.values()), 1.0)
    others = [n for n in share_of if n != actor and share_of[n] > 1e-12]
    if len(others) >= 2:
        a, b = others[:2]
        assert math.isclose(s[a] / s[b], share_of[a] / share_of[b], rel_tol=1e-9)


def test_rescale_refuses_a_negative_factor() -> None:
    s = {"a": 0.4, "b": 0.4, REST: 0.2}
    with pytest.raises(ValueError, match="factor must be a finite number >= 0"):
        power.rescale(s, "a", -1)


# -- chessboard and web --------------------------------------------------------------------------

def test_web_by_hand() -> None:
    w = power.chessboard_and_web({"a": 0.5, "b": 0.5}, 0.5, 1)
    # each state 0.25, one non-state actor 0.5: HHI = 2 x 0.0625 + 0.25
    assert math.isclose(w.hhi_all, 0.375) and math.isclose(w.effective_actors, 1 / 0.375)
    assert math.isclose(w.leading_state_share, 0.25) and not w.largest_is_state
    assert power.chessboard_and_web({"a": 1.0}, 0.0, 3).hhi_all == 1.0


@given(share_dicts, st.floats(min_value=0, max_value=0.99), st.integers(min_value=1, max_value=200))
def test_web_matches_an_explicit_list_of_actors(states: dict[str, float], v: float, m: int) -> None:
    w = power.chessboard_and_web(states, v, m)
    everyone = [(1 - v) * s for s in states.values()] + [v / m] * m
    assert math.isclose(sum(everyone), 1.0)
    assert math.isclose(w.hhi_all, sum(x * x for x in everyone), rel_tol=1e-9, abs_tol=1e-12)
    assert math.isclose(w.state_share, 1 - v)


@pytest.mark.parametrize(("v", "m", "message"), [
    (1.0, 5, r"nonstate_share must lie in \[0, 1\)"),
    (-0.1, 5, "nonstate_share"),
    (0.3, 0, "nonstate_actors must be a whole number >= 1"),
    (0.3, 2.5, "nonstate_actors"),
])
def test_web_rejects_bad_input(v: float, m: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        power.chessboard_and_web({"a": 1.0}, v, m)


# -- shares of the world from the data --------------------------------------------------------------

def test_world_shares_match_the_raw_csv() -> None:
    raw = pd.read_csv(data_dir() / "military_expenditure_share.csv")
    row = raw[(raw.actor == "USA") & (raw.year == 2019)].iloc[0]
    s = power.shares_of_world(load("military_expenditure_share"), 2019, value="milex_constant_2019_usd_m",
                              world="world_milex_constant_2019_usd_m")
    assert math.isclose(s["USA"], row.milex_constant_2019_usd_m / row.world_milex_constant_2019_usd_m)
    named = raw[raw.year == 2019].milex_constant_2019_usd_m.sum()
    assert math.isclose(s[REST], 1 - named / row.world_milex_constant_2019_usd_m)
    # SIPRI's April 2021 release: the US at 38.5% of world spending in 2019 (reference notes)
    assert round(s["USA"], 3) == 0.385


def test_shares_of_amounts_near_the_float_limit_still_add_up_to_one() -> None:
    """Amounts whose sum overflows a float (3 x 8e307) give shares of a third, not three zeros."""
    s = power.shares({"a": 8e307, "b": 8e307, "c": 8e307})
    assert all(math.isclose(v, 1 / 3) for v in s.values())


def test_world_shares_errors() -> None:
    gdp = load("gdp_share")
    kw = {"value": "gdp_current_usd_bn", "world": "world_gdp_current_usd_bn"}
    with pytest.raises(ValueError, match=r"no rows for 1995; years available: \[1990, 2000, 2010, 2019\]"):
        power.shares_of_world(gdp, 1995, **kw)
    too_big = gdp.assign(gdp_current_usd_bn=gdp.gdp_current_usd_bn * 10)
    with pytest.raises(ValueError, match="more than the world total"):
        power.shares_of_world(too_big, 2019, **kw)
    twice = pd.concat([gdp, gdp[gdp.actor == "USA"]])
    with pytest.raises(ValueError, match=r"listed twice in 2019: \['USA'\]"):
        power.shares_of_world(twice, 2019, **kw)
    negative = gdp.copy()
    negative.loc[negative.index[0], "gdp_current_usd_bn"] = -1.0
    with pytest.raises(ValueError, match=r"row 0, column 'gdp_current_usd_bn': -1\.0 is not a finite number >= 0"):
        power.shares_of_world(negative, int(negative.year.iloc[0]), **kw)
    with pytest.raises(ValueError, match=r"lacks column\(s\) \['gdp'\]"):
        power.shares_of_world(gdp, 2019, value="gdp", world="world_gdp_current_usd_bn")


def test_power_explorer_moves_with_its_controls() -> None:
    from cyberorder.explorers import chessboard_and_web, power_shares

    e = power_shares()
    base = e.compute()
    doubled = e.compute(changed_actor="China", scale_factor=2.0)
    assert doubled["hhi"] != base["hhi"] and doubled["west_share"] < base["west_share"]
    assert e.compute(power_measure="Military expenditure")["polarity"] == "unipolar"
    assert e.compute(pole_share=0.4)["polarity"] == "nonpolar"
    assert e.compute(west_jpn=True)["west_share"] > base["west_share"]
    with pytest.raises(ValueError, match="changed_actor must be one of"):
        e.compute(changed_actor="Atlantis")
    w = chessboard_and_web()
    assert w.compute(nonstate_share=0.5, nonstate_actors=1)["largest"] == "a non-state actor"
    assert w.compute(nonstate_share=0.0)["hhi_all"] == w.compute(nonstate_share=0.0)["hhi_states"]
