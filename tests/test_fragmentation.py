"""Fragmentation of the UN's cyber votes: agreement, blocs, bridges and the curve, recomputed independently."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cyberorder import diplomacy as dip
from cyberorder import fragmentation as fr
from cyberorder.explorers import ALL

VOTES_CSV = Path(__file__).resolve().parents[1] / "data" / "un_votes.csv"


def raw_profiles() -> dict[str, dict[str, str]]:
    """Each state's cast votes {resolution: vote}, read straight from the CSV with pandas."""
    raw = pd.read_csv(VOTES_CSV)
    cast = raw[raw.vote != "non-voting"]
    profiles: dict[str, dict[str, str]] = {s: {} for s in raw.iso3.unique()}
    for row in cast.itertuples():
        profiles[row.iso3][row.resolution] = row.vote
    return profiles


def independent_blocs(profiles: dict[str, dict[str, str]], t: Fraction, min_common: int,
                      skip: str | None = None) -> list[set[str]]:
    """Union-find over pairs agreeing on >= t of >= min_common votes both cast; groups of >= 2 states."""
    states = sorted(s for s in profiles if s != skip)
    parent = {s: s for s in states}

    def find(s: str) -> str:
        while parent[s] != s:
            parent[s] = parent[parent[s]]
            s = parent[s]
        return s

    for i, a in enumerate(states):
        for b in states[i + 1:]:
            common = set(profiles[a]) & set(profiles[b])
            if len(common) >= min_common and common:
                same = sum(profiles[a][r] == profiles[b][r] for r in common)
                if Fraction(same, len(common)) >= t:
                    parent[find(a)] = find(b)
    groups: dict[str, set[str]] = {}
    for s in states:
        groups.setdefault(find(s), set()).add(s)
    return [g for g in groups.values() if len(g) >= 2]


@pytest.fixture(scope="module")
def agr() -> fr.Agreement:
    return fr.roll_call_agreement()


def test_agreement_matches_a_hand_count(agr: fr.Agreement) -> None:
    p = raw_profiles()
    for a, b in [("USA", "RUS"), ("IND", "IDN"), ("BRA", "CHN"), ("FRA", "DEU"), ("AGO", "USA")]:
        common = set(p[a]) & set(p[b])
        want = sum(p[a][r] == p[b][r] for r in common) / len(common)
        assert agr.share(a, b) == pytest.approx(want), (a, b)
    # the four votes recorded: the USA and Russia voted against each other's texts and apart on all four
    assert agr.share("USA", "RUS") == 0.0
    assert len(agr.resolutions) == 4 and len(agr.states) == 193


def test_the_fragmentation_curve_is_recomputed_from_the_csv(agr: fr.Agreement) -> None:
    p = raw_profiles()
    thresholds = [Fraction(x, 100) for x in (0, 30, 50, 70, 75, 80, 100)]
    for min_common in (1, 2, 3, 4):
        curve = fr.fragmentation_curve(agr, thresholds, min_common)
        for t, row in zip(thresholds, curve.itertuples(), strict=True):
            groups = independent_blocs(p, t, min_common)
            assert row.blocs == len(groups), (t, min_common)
            assert row.unattached == len(p) - sum(len(g) for g in groups)
            assert row.largest_share == pytest.approx(max(len(g) for g in groups) / len(p))
            b = fr.blocs(agr, t, min_common)
            assert sorted(map(sorted, groups)) == sorted(
                sorted(s for s, n in b.bloc_of.items() if n == k) for k in range(1, b.count + 1))


def test_bridges_are_the_states_whose_removal_splits_a_bloc(agr: fr.Agreement) -> None:
    p = raw_profiles()
    t, mc = Fraction(1), 3
    b = fr.blocs(agr, t, mc)
    before = independent_blocs(p, t, mc)
    found = []
    for state in sorted(p):
        home = next((g for g in before if state in g), None)
        if home is None:
            continue
        after = [g for g in independent_blocs(p, t, mc, skip=state) if g <= home]
        if len(after) >= 2:
            found.append(state)
    assert list(b.bridges) == found
    assert found  # at this setting some states hold a bloc together


def test_perfect_agreement_on_all_four_votes_gives_the_vote_profiles() -> None:
    # with every vote required, blocs at 100% are exactly the groups of full voters with identical votes
    matrix = dip.vote_matrix()
    full = matrix[(matrix != "non-voting").all(axis=1)]
    profiles = full.apply(tuple, axis=1).value_counts()
    b = fr.blocs(fr.roll_call_agreement(), 1, 4)
    assert b.sizes == sorted((int(n) for n in profiles if n >= 2), reverse=True)


def test_levels_are_the_fractions_that_occur(agr: fr.Agreement) -> None:
    assert fr.agreement_levels(agr) == [Fraction(0), Fraction(1, 4), Fraction(1, 3), Fraction(1, 2),
                                        Fraction(2, 3), Fraction(3, 4), Fraction(1)]


def test_votes_cast_counts_states() -> None:
    table = fr.votes_cast(dip.vote_matrix())
    assert table.states.sum() == 193 and list(table.votes_cast) == [0, 1, 2, 3, 4]
    raw = pd.read_csv(VOTES_CSV)
    never = (raw.assign(cast=raw.vote != "non-voting").groupby("iso3").cast.sum() == 0).sum()
    assert table.loc[table.votes_cast == 0, "states"].item() == never


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"threshold": 1.5}, r"threshold must be a number in \[0, 1\]; got 1.5"),
    ({"threshold": -0.1}, r"threshold must be a number in \[0, 1\]"),
    ({"threshold": "high"}, r"threshold must be a number in \[0, 1\]; got 'high'"),
    ({"threshold": 0.5, "min_common": 0}, r"min_common must be a whole number from 1 to 4; got 0"),
    ({"threshold": 0.5, "min_common": 5}, r"min_common must be a whole number from 1 to 4; got 5"),
    ({"threshold": 0.5, "min_common": 2.0}, r"min_common must be a whole number"),
])
def test_bad_settings_are_refused(agr: fr.Agreement, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        fr.blocs(agr, **kwargs)


def test_bad_vote_tables_are_refused(agr: fr.Agreement) -> None:
    with pytest.raises(ValueError, match="the vote matrix is empty"):
        fr.agreement(pd.DataFrame())
    with pytest.raises(ValueError, match=r"unknown vote value\(s\) \['maybe'\]"):
        fr.agreement(pd.DataFrame({"r1": ["yes", "maybe"]}, index=["AAA", "BBB"]))
    with pytest.raises(ValueError, match=r"listed twice: \['AAA'\]"):
        fr.agreement(pd.DataFrame({"r1": ["yes", "no"]}, index=["AAA", "AAA"]))
    with pytest.raises(ValueError, match="unknown state 'XXX'"):
        agr.share("USA", "XXX")
    with pytest.raises(ValueError, match="no thresholds given"):
        fr.fragmentation_curve(agr, [])


vote = st.sampled_from(list(dip.VOTES))


@st.composite
def vote_matrices(draw: st.DrawFn) -> pd.DataFrame:
    n_states = draw(st.integers(2, 12))
    n_res = draw(st.integers(1, 5))
    cells = draw(st.lists(st.lists(vote, min_size=n_res, max_size=n_res), min_size=n_states, max_size=n_states))
    return pd.DataFrame(cells, index=[f"S{i:02d}" for i in range(n_states)],
                        columns=[f"R{j}" for j in range(n_res)])


@settings(max_examples=60, deadline=None)
@given(vote_matrices(), st.fractions(0, 1), st.fractions(0, 1))
def test_raising_the_threshold_only_splits_blocs(matrix: pd.DataFrame, t1: Fraction, t2: Fraction) -> None:
    agr = fr.agreement(matrix)
    low, high = sorted((t1, t2))
    a, b = fr.blocs(agr, low), fr.blocs(agr, high)
    for state, bloc in b.bloc_of.items():
        if bloc:  # every pair together at the higher threshold is together at the lower one
            mates = [s for s, n in b.bloc_of.items() if n == bloc]
            assert len({a.bloc_of[s] for s in mates}) == 1 and a.bloc_of[state] != 0
    assert sum(b.sizes) <= sum(a.sizes) or len(b.unattached) >= len(a.unattached)


@settings(max_examples=60, deadline=None)
@given(vote_matrices())
def test_agreement_is_symmetric_and_bounded(matrix: pd.DataFrame) -> None:
    agr = fr.agreement(matrix)
    frame = agr.frame()
    assert frame.equals(frame.T)
    values = frame.to_numpy()
    finite = values[~pd.isna(values)]
    assert ((finite >= 0) & (finite <= 1)).all()
    b = fr.blocs(agr, 0.5)
    assert sum(b.sizes) + len(b.unattached) == len(matrix)
    assert set(b.bridges) <= {s for s, n in b.bloc_of.items() if n}


def test_explorer_readouts_follow_the_model() -> None:
    e = ALL["fragmentation"]()
    strict = e.compute(threshold_pct=100, min_common=4)
    b = fr.blocs(fr.roll_call_agreement(), 1, 4)
    assert strict["blocs"] == b.count
    assert strict["largest"] == pytest.approx(b.sizes[0] / 193)
    loose = e.compute(threshold_pct=75, min_common=4)
    assert loose["blocs"] == 1
