"""Permutation tests and leave-one-out checks: the uncertainty behind the verdicts on the UN votes."""

from __future__ import annotations

import pandas as pd
import pytest

from cyberorder import robustness as r


def _toy(shares: dict[str, list[bool]]) -> tuple[pd.Series, pd.Series]:
    rows = [(g, v) for g, vs in shares.items() for v in vs]
    index = [f"S{i:03d}" for i in range(len(rows))]
    return (pd.Series([g for g, _ in rows], index=index), pd.Series([v for _, v in rows], index=index))


def test_the_spread_is_zero_when_every_group_has_the_same_share() -> None:
    groups, outcome = _toy({"a": [True, False] * 5, "b": [True, False] * 5})
    assert r.group_spread(groups, outcome) == 0


def test_the_spread_is_the_chi_square_of_the_table() -> None:
    groups, outcome = _toy({"a": [True] * 8 + [False] * 2, "b": [True] * 2 + [False] * 8})
    # 2x2 table [[8, 2], [2, 8]]: chi-square = 20 * (64 - 4)^2 / (10 * 10 * 10 * 10) = 7.2
    assert r.group_spread(groups, outcome) == pytest.approx(7.2)


def test_a_real_pattern_gets_a_small_p_value_and_noise_a_large_one() -> None:
    groups, outcome = _toy({"a": [True] * 20, "b": [False] * 20})
    assert r.permutation_test(groups, outcome, permutations=500).p_value < 0.01
    groups, outcome = _toy({"a": [True, False] * 10, "b": [False, True] * 10})
    assert r.permutation_test(groups, outcome, permutations=500).p_value > 0.5


def test_the_test_is_reproducible_with_its_seed() -> None:
    groups, outcome = _toy({"a": [True] * 6 + [False] * 4, "b": [True] * 4 + [False] * 6})
    first = r.permutation_test(groups, outcome, permutations=300, seed=7)
    assert first == r.permutation_test(groups, outcome, permutations=300, seed=7)
    assert 0 < first.p_value <= 1


def test_regional_group_predicts_backing_both_2018_texts() -> None:
    both = r.backed_both_2018()
    groups = r.regional_groups().loc[both.index]
    result = r.permutation_test(groups, both, permutations=1_000)
    assert result.statistic > 30 and result.as_extreme == 0
    assert not both[groups == "Western European and Others Group"].any()


def test_blocs_survive_leaving_out_any_one_roll_call() -> None:
    counts = r.blocs_without_each()
    assert len(counts) == 4 and all(n > 2 for n in counts.values())


@pytest.mark.parametrize(("groups", "outcome", "error"), [
    (["a", "b"], pd.Series([True, False]), TypeError),
    (pd.Series(["a", "b"]), pd.Series([1, 0]), TypeError),
    (pd.Series(["a", None]), pd.Series([True, False]), ValueError),
    (pd.Series(["a", "b"], index=[0, 1]), pd.Series([True, False], index=[1, 2]), ValueError),
    (pd.Series(["a", "b"]), pd.Series([True, True]), ValueError),
    (pd.Series([], dtype=str), pd.Series([], dtype=bool), ValueError),
])
def test_bad_input_is_named(groups, outcome, error) -> None:
    with pytest.raises(error):
        r.group_spread(groups, outcome)


def test_the_number_of_permutations_is_checked() -> None:
    groups, outcome = _toy({"a": [True, False], "b": [False, True]})
    for bad in (0, -5, 2.5, True, r.MAX_PERMUTATIONS + 1):
        with pytest.raises((TypeError, ValueError), match="permutations"):
            r.permutation_test(groups, outcome, permutations=bad)


def test_the_seed_is_checked() -> None:
    """A seed NumPy would refuse with its own words (a fraction, a negative number) is named as the seed."""
    groups, outcome = _toy({"a": [True, False], "b": [False, True]})
    for bad in (75821.5, -1, "7"):
        with pytest.raises((TypeError, ValueError), match="seed"):
            r.permutation_test(groups, outcome, permutations=10, seed=bad)
