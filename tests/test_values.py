"""Freedom in the World measures and the peak of the democratic wave (cyberorder.values)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cyberorder import figures, load, values
from cyberorder.data import data_dir

FIW = load("freedom_in_the_world_status")
RAW = pd.read_csv(data_dir() / "freedom_in_the_world_status.csv")


def test_shares_match_the_raw_counts() -> None:
    t = values.status_shares(FIW).set_index("survey_year")
    for r in RAW.itertuples():
        assert math.isclose(t.loc[r.survey_year, "Share Free"], r.free / r.total_countries)
        assert math.isclose(t.loc[r.survey_year, "Free minus Not Free"], (r.free - r.not_free) / r.total_countries)
        assert math.isclose(t.loc[r.survey_year, "Share Not Free"], r.not_free / r.total_countries)


def test_peak_of_share_free_against_pandas() -> None:
    share = (RAW.free / RAW.total_countries).to_numpy()
    best = share.max()
    first_year = int(RAW.survey_year[share == best].min())
    p = values.peak(FIW, "Share Free", 1972, 2023)
    assert (p.peak_year, p.peak_value) == (first_year, best)
    # Freedom House's own rounded percentage for that edition (FIW 2007: 90 Free of 193, 46.6%)
    assert round(100 * p.peak_value, 1) == 46.6


@pytest.mark.parametrize("measure", list(values.FIW_MEASURES))
@settings(deadline=None)
@given(a=st.integers(min_value=1972, max_value=2023), b=st.integers(min_value=1972, max_value=2023))
def test_peak_is_the_best_year_in_the_window(measure: str, a: int, b: int) -> None:
    lo, hi = min(a, b), max(a, b)
    window = values.measure_series(FIW, measure).loc[lo:hi]
    if window.empty:
        with pytest.raises(ValueError, match="no survey year between"):
            values.peak(FIW, measure, lo, hi)
        return
    p = values.peak(FIW, measure, lo, hi)
    best = window.max() if values.FIW_MEASURES[measure].best == "max" else window.min()
    assert p.peak_value == best and window.loc[p.peak_year] == best
    assert all(window.loc[y] != best for y in window.index if y < p.peak_year)  # the first year at the best value
    assert p.last == window.index.max() and p.last_value == window.iloc[-1]
    assert math.isclose(p.change_since_peak, p.last_value - p.peak_value)
    if values.FIW_MEASURES[measure].best == "max":
        assert p.change_since_peak <= 0
    else:
        assert p.change_since_peak >= 0


def test_peak_errors() -> None:
    with pytest.raises(ValueError, match="the window starts after it ends"):
        values.peak(FIW, "Share Free", 2010, 2000)
    with pytest.raises(ValueError, match="no survey year between 1981 and 1981"):
        values.peak(FIW, "Share Free", 1981, 1981)
    with pytest.raises(ValueError, match="unknown measure 'Share Happy'"):
        values.peak(FIW, "Share Happy", 1972, 2023)


@pytest.mark.parametrize(("column", "value", "message"), [
    ("free", -1, r"row 3, column 'free': -1 is not a finite number >= 0"),
    ("free", 500, r"Free \+ Partly Free \+ Not Free = "),
    ("total_countries", 0, "total_countries must be > 0"),
])
def test_bad_counts_are_refused(column: str, value: int, message: str) -> None:
    bad = FIW.copy()
    bad.loc[bad.index[3], column] = value
    with pytest.raises(ValueError, match=message):
        values.status_shares(bad)


def test_duplicate_year_and_missing_column() -> None:
    with pytest.raises(ValueError, match="listed twice"):
        values.status_shares(pd.concat([FIW, FIW.iloc[:1]]))
    with pytest.raises(ValueError, match=r"lacks column\(s\) \['not_free'\]"):
        values.status_shares(FIW.drop(columns="not_free"))
    with pytest.raises(ValueError, match="no rows"):
        values.status_shares(FIW.iloc[:0])


def test_wave_explorer_window_ends_in_either_order() -> None:
    from cyberorder.explorers import democratic_wave

    e = democratic_wave()
    assert e.compute(window_start=2010, window_end=1985) == e.compute(window_start=1985, window_end=2010)
    assert e.compute(window_start=1972, window_end=1990)["peak_year"] == 1990
    with pytest.raises(ValueError, match="wave_measure must be one of"):
        e.compute(wave_measure="Happiness")


def test_fotn_summary_counts_a_repeated_member_once_and_names_bad_scores() -> None:
    """A country listed twice in ``members`` is one country; a score outside [0, 100] is refused by name."""
    freedom = {"Estonia": 94, "China": 10}
    once = values.fotn_summary(freedom, ["Estonia", "China"])
    twice = values.fotn_summary(freedom, ["Estonia", "Estonia", "China"])
    assert twice == once and twice.countries == 2
    with pytest.raises(ValueError, match=r"freedom_of\['China'\]"):
        values.fotn_summary({"Estonia": 94, "China": 140}, None)
    with pytest.raises(TypeError, match="freedom_of"):
        values.fotn_summary([("Estonia", 94)], None)


def test_the_freedom_statuses_chart_names_each_band_with_its_latest_share() -> None:

    spec = figures.freedom_statuses().to_dict()
    table = values.status_shares(load("freedom_in_the_world_status"))
    last = table[table.survey_year == table.survey_year.max()].iloc[0]
    free, not_free = last["Share Free"], last["Share Not Free"]
    labels = [r["label"] for rows in spec["datasets"].values() for r in rows if "label" in r]
    assert labels == [f"Free ({free:.0%})", f"Partly Free ({1 - free - not_free:.0%})", f"Not Free ({not_free:.0%})"]
    assert spec["layer"][0]["encoding"]["color"]["legend"] is None  # named on the chart, not in a legend
