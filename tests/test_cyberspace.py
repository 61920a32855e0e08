"""Chapter 3: cyber-power weighting, Freedom on the Net, and the chapter's explorers and data."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cyberorder import cyberpower, explorers, figures, load, power, values
from cyberorder.explorers.cyber_power_weights import WEIGHT_NAME, cyber_power_weights
from cyberorder.explorers.internet_freedom import ALL_ASSESSED, FOTN_GROUPS, fotn_groups, internet_freedom
from cyberorder.explorers.punching_above_weight import IN_VIEW, punching_above_weight

DATA = Path(__file__).resolve().parents[1] / "data"
RAW_NCPI = pd.read_csv(DATA / "ncpi_2020_scores.csv")
RAW_GDP = pd.read_csv(DATA / "gdp_2019.csv")
OBJ_COLUMNS = [f"obj_{k}" for k in cyberpower.OBJECTIVES]


# -- cyberpower ----------------------------------------------------------------------------------

def test_equal_weights_reproduce_the_published_overall_score() -> None:
    # the index's own total is the mean of the seven objective scores (to the data's 3 decimals)
    scores = cyberpower.weighted_scores(load("ncpi_2020_scores"))
    for row in RAW_NCPI.itertuples():
        assert scores[row.country] == pytest.approx(row.ncpi_total, abs=5e-4)


def test_equal_weights_give_the_published_ranking() -> None:
    scores = cyberpower.weighted_scores(load("ncpi_2020_scores"))
    for row in RAW_NCPI.itertuples():
        assert cyberpower.rank_of(scores, row.country) == row.ncpi_rank


def test_a_single_objective_ranks_by_that_objective_alone() -> None:
    w = dict.fromkeys(cyberpower.OBJECTIVES, 0.0) | {"surveillance": 1.0}
    scores = cyberpower.weighted_scores(load("ncpi_2020_scores"), w)
    best = RAW_NCPI.sort_values("obj_surveillance", ascending=False).country.iloc[0]
    assert best == "China" and cyberpower.rank_of(scores, "China") == 1
    assert scores["China"] == pytest.approx(48.055)


def test_lone_superpower_on_hand_made_shares() -> None:
    t = cyberpower.lone_superpower({"A": 0.6, "B": 0.25, "C": 0.1, "D": 0.05})
    assert (t.leader, t.challengers) == ("A", ("B", "C"))
    assert t.margin == pytest.approx(0.25) and t.passes
    assert not cyberpower.lone_superpower({"A": 0.4, "B": 0.3, "C": 0.3}).passes


def test_the_us_is_first_but_not_ahead_of_the_next_two_by_the_raw_csv() -> None:
    top = RAW_NCPI.sort_values("ncpi_total", ascending=False).ncpi_total.to_numpy()
    t = cyberpower.lone_superpower(power.shares(cyberpower.weighted_scores(load("ncpi_2020_scores"))))
    assert t.leader == "United States"
    assert t.margin == pytest.approx((top[0] - top[1] - top[2]) / RAW_NCPI.ncpi_total.sum(), abs=1e-4)
    assert not t.passes


@pytest.mark.parametrize(("weights", "message"), [
    (dict.fromkeys(cyberpower.OBJECTIVES, 0.0), "the weights are all zero"),
    (dict.fromkeys(cyberpower.OBJECTIVES, 1.0) | {"norms": -1.0}, "weight of 'norms' must be a finite number >= 0"),
    (dict.fromkeys(cyberpower.OBJECTIVES, 1.0) | {"norms": math.nan}, "weight of 'norms'"),
    (dict.fromkeys(cyberpower.OBJECTIVES, 1.0) | {"espionage": 1.0}, r"unknown objective\(s\) \['espionage'\]"),
    ({"norms": 1.0}, "no weight given for"),
])
def test_bad_weights_are_refused(weights: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        cyberpower.weighted_scores(load("ncpi_2020_scores"), weights)


def test_bad_tables_and_countries_are_refused() -> None:
    table = load("ncpi_2020_scores")
    with pytest.raises(ValueError, match="lacks column"):
        cyberpower.weighted_scores(table.drop(columns="obj_norms"))
    with pytest.raises(ValueError, match="listed twice"):
        cyberpower.weighted_scores(pd.concat([table, table.head(1)]))
    bad = table.copy()
    bad.loc[0, "obj_offense"] = 120.0
    with pytest.raises(ValueError, match="United States: the offense score must lie in"):
        cyberpower.weighted_scores(bad)
    with pytest.raises(ValueError, match="'North Korea' is not in the index"):
        cyberpower.rank_of(cyberpower.weighted_scores(table), "North Korea")
    with pytest.raises(ValueError, match="at least three actors"):
        cyberpower.lone_superpower({"A": 0.5, "B": 0.5})


weights_st = st.fixed_dictionaries({k: st.floats(0, 10) for k in cyberpower.OBJECTIVES}).filter(
    lambda w: sum(w.values()) > 0.01)


@settings(max_examples=60, deadline=None)
@given(weights_st)
def test_weighted_scores_stay_between_the_objective_scores(w: dict) -> None:
    scores = cyberpower.weighted_scores(load("ncpi_2020_scores"), w)
    used = [f"obj_{k}" for k, x in w.items() if x > 0]
    for row in RAW_NCPI.itertuples():
        lo, hi = min(getattr(row, c) for c in used), max(getattr(row, c) for c in used)
        assert lo - 1e-9 <= scores[row.country] <= hi + 1e-9


@settings(max_examples=60, deadline=None)
@given(weights_st, st.floats(0.1, 10))
def test_scaling_every_weight_changes_nothing(w: dict, k: float) -> None:
    a = cyberpower.weighted_scores(load("ncpi_2020_scores"), w)
    b = cyberpower.weighted_scores(load("ncpi_2020_scores"), {o: x * k for o, x in w.items()})
    assert all(math.isclose(a[c], b[c], rel_tol=1e-9, abs_tol=1e-9) for c in a)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.01, 1), min_size=3, max_size=10))
def test_lone_superpower_margin_is_first_minus_next_two(xs: list[float]) -> None:
    share_of = power.shares({f"a{i}": x for i, x in enumerate(xs)})
    top = sorted(share_of.values(), reverse=True)
    t = cyberpower.lone_superpower(share_of)
    assert t.margin == pytest.approx(top[0] - top[1] - top[2])
    assert t.passes == (t.margin > 0)


# -- punching above their weight -------------------------------------------------------------------

def test_measure_scores_are_the_published_columns() -> None:
    for column in cyberpower.NCPI_MEASURES:
        scores = cyberpower.measure_scores(load("ncpi_2020_scores"), column)
        assert scores == dict(zip(RAW_NCPI.country, RAW_NCPI[column].astype(float), strict=True))


def test_a_hand_made_comparison() -> None:
    # A has 3/4 of the cyber scores and 1/4 of the GDP: +0.5; B the reverse: -0.5
    r = cyberpower.punching_above_weight({"A": 3.0, "B": 1.0}, {"A": 1.0, "B": 3.0})
    a, b = r.of("A"), r.of("B")
    assert (a.cyber_share, a.gdp_share, a.gap) == (0.75, 0.25, 0.5) and b.gap == -0.5
    assert (a.cyber_rank, a.gdp_rank, a.rank_gap) == (1, 2, 1) and b.rank_gap == -1
    assert [w.country for w in r.ranked_by_gap()] == ["A", "B"] and r.excluded == {}


def test_missing_gdp_and_unranked_countries_are_listed_not_dropped() -> None:
    r = cyberpower.punching_above_weight({"A": 1.0, "B": 2.0, "C": 3.0}, {"A": 5.0, "B": 1.0},
                                         {"North Korea": "unranked"})
    assert set(r.countries) == {"A", "B"}
    assert r.excluded == {"C": "no GDP figure in the table", "North Korea": "unranked"}
    with pytest.raises(ValueError, match="'C' is not compared: no GDP figure"):
        r.of("C")
    with pytest.raises(ValueError, match="'Z' is not in the comparison"):
        r.of("Z")


@pytest.mark.parametrize(("cyber", "gdp", "message"), [
    ({}, {}, "no cyber-power scores"),
    ({"A": 1.0, "B": 1.0}, {"A": 1.0, "B": 1.0, "WLD": 9.0}, r"GDP given for \['WLD'\]"),
    ({"A": 1.0, "B": 1.0}, {"A": 0.0, "B": 1.0}, "GDP of 'A' must be a finite number > 0"),
    ({"A": 1.0, "B": 1.0}, {"A": math.nan, "B": 1.0}, "GDP of 'A'"),
    ({"A": 1.0, "B": 1.0}, {"A": 1.0}, "at least two countries"),
    ({"A": -1.0, "B": 1.0}, {"A": 1.0, "B": 1.0}, "amount for 'A' must be a finite number >= 0"),
])
def test_bad_comparisons_are_refused(cyber: dict, gdp: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        cyberpower.punching_above_weight(cyber, gdp)


def test_gdp_by_country_refuses_a_year_it_does_not_have() -> None:
    with pytest.raises(ValueError, match="no GDP figures for 2020"):
        cyberpower.gdp_by_country(2020)


def test_bad_measures_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown measure 'espionage'"):
        cyberpower.measure_scores(load("ncpi_2020_scores"), "espionage")
    bad = load("ncpi_2020_scores").copy()
    bad.loc[0, "intent_score"] = -0.5
    with pytest.raises(ValueError, match="United States: intent_score must be a finite number >= 0"):
        cyberpower.measure_scores(bad, "intent_score")


@pytest.mark.parametrize("given", [None, "ncpi_2020_scores.csv", [1, 2], {"country": {0: "France"}}])
def test_something_other_than_a_table_is_named(given: object) -> None:
    """A dict or a file name instead of the table was an AttributeError from deep inside."""
    with pytest.raises(TypeError, match=r"table \(the NCPI scores\) must be a table"):
        cyberpower.weighted_scores(given)
    with pytest.raises(TypeError, match=r"table \(the NCPI scores\) must be a table"):
        cyberpower.measure_scores(given, "ncpi_total")


@pytest.mark.parametrize("cell", [math.nan, "high", None, 10**400], ids=["nan", "text", "none", "huge"])
def test_a_score_that_is_not_a_number_is_named_by_row(cell: object) -> None:
    """A text score was a TypeError from pandas ('<' between str and int); a missing score must not pass as NaN."""
    bad = load("ncpi_2020_scores").astype({"obj_norms": object, "intent_score": object})
    bad.loc[2, ["obj_norms", "intent_score"]] = [cell, cell]
    with pytest.raises(ValueError, match="row 2, column 'obj_norms'"):
        cyberpower.weighted_scores(bad)
    with pytest.raises((ValueError, TypeError), match=f"{bad.country[2]}: intent_score (must|is too large)"):
        cyberpower.measure_scores(bad, "intent_score")


def test_weights_too_large_to_add_up_give_the_scores_of_their_ratios() -> None:
    """Seven weights of 1e308 add up to infinity: the scores were all NaN. Only ratios matter: the equal weights'."""
    table = load("ncpi_2020_scores")
    huge = cyberpower.weighted_scores(table, dict.fromkeys(cyberpower.OBJECTIVES, 1e308))
    assert huge == pytest.approx(cyberpower.weighted_scores(table))
    lopsided = dict.fromkeys(cyberpower.OBJECTIVES, 0.0) | {"offense": 1e308, "norms": 5e307}
    expected = {c: (2 * x.obj_offense + x.obj_norms) / 3 for c, x in table.set_index("country").iterrows()}
    assert cyberpower.weighted_scores(table, lopsided) == pytest.approx(expected)


def test_amounts_too_large_to_add_up_still_give_shares_and_ranks() -> None:
    """A sum over 1e308 overflowed to infinity and every share became 0; a list for a country crashed in a dict."""
    r = cyberpower.punching_above_weight({"A": 1e308, "B": 3e307}, {"A": 1.0, "B": 3.0},
                                         pd.Series({"C": "unranked"}))
    assert r.of("A").cyber_share == pytest.approx(1 / 1.3) and r.excluded == {"C": "unranked"}
    assert cyberpower.rank_of({"A": 10**300, "B": 1e308}, "B") == 1
    with pytest.raises(TypeError, match="country must be the name"):
        cyberpower.rank_of({"A": 1.0}, ["A"])
    with pytest.raises(TypeError, match="left_out must be a mapping"):
        cyberpower.punching_above_weight({"A": 1.0, "B": 1.0}, {"A": 1.0, "B": 1.0}, ["why"])


positive = st.floats(0.01, 1e6, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from("ABCDEFGHIJ"), st.tuples(positive, positive), min_size=2), st.floats(0.1, 10))
def test_gaps_add_up_to_zero_and_ignore_units(pairs: dict, k: float) -> None:
    cyber, gdp = {c: x for c, (x, _) in pairs.items()}, {c: y for c, (_, y) in pairs.items()}
    r = cyberpower.punching_above_weight(cyber, gdp)
    assert sum(w.gap for w in r.countries.values()) == pytest.approx(0, abs=1e-9)
    assert sum(w.rank_gap for w in r.countries.values()) == 0
    scaled = cyberpower.punching_above_weight({c: x * k for c, x in cyber.items()}, {c: y / k for c, y in gdp.items()})
    assert all(math.isclose(scaled.of(c).gap, r.of(c).gap, abs_tol=1e-9) for c in cyber)


def test_every_ranked_country_has_a_2019_gdp_and_north_korea_is_named_as_left_out() -> None:
    e = punching_above_weight()
    got = e.compute()
    assert got["compared"] == len(set(RAW_NCPI.iso3) & set(RAW_GDP.iso3)) == len(RAW_NCPI)
    assert got["left_out"].startswith("North Korea (") and "PRK" not in set(RAW_GDP.iso3)


def test_estonia_punches_above_its_weight_by_the_raw_csvs() -> None:
    gdp = RAW_GDP[RAW_GDP.iso3 != "WLD"].set_index("iso3").gdp_current_usd
    total = RAW_NCPI.set_index("iso3").ncpi_total
    want = total["EST"] / total.sum() - gdp["EST"] / gdp[total.index].sum()
    got = punching_above_weight().compute(highlighted="Estonia")
    assert got["gap"] == pytest.approx(want) and want > 0
    assert got["gdp_rank"] == int((gdp[total.index] > gdp["EST"]).sum()) + 1
    assert got["cyber_rank"] == RAW_NCPI.set_index("iso3").ncpi_rank["EST"]


def test_every_control_of_the_weight_explorer_changes_something() -> None:
    e = punching_above_weight()
    base = e.compute()
    for label in cyberpower.NCPI_MEASURES.values():
        if label != e.defaults()["measure"]:
            assert e.compute(measure=label) != base, label
    assert {e.compute(highlighted=c)["gap"] for c in IN_VIEW} != {base["gap"]}


def test_the_weight_explorer_refuses_unranked_countries() -> None:
    with pytest.raises(ValueError, match="highlighted must be one of"):
        punching_above_weight().compute(highlighted="North Korea")
    with pytest.raises(ValueError, match="measure must be one of"):
        punching_above_weight().compute(measure="GDP")


# -- Freedom on the Net ----------------------------------------------------------------------------

def test_the_2018_statuses_match_freedom_houses_counts() -> None:
    # FOTN 2018 reported 15 Free, 30 Partly Free and 20 Not Free of 65 countries
    raw = pd.read_csv(DATA / "fotn_scores.csv")
    raw = raw[raw.edition == 2018]
    freedom = {r.iso3: values.fotn_freedom(int(r.total_score), r.scale) for r in raw.itertuples()}
    s = values.fotn_summary(freedom)
    assert s.countries == 65
    assert (round(s.share_free * 65), round(s.share_partly_free * 65), round(s.share_not_free * 65)) == (15, 30, 20)
    assert s.mean_freedom == pytest.approx(100 - raw.total_score.mean())


@pytest.mark.parametrize(("score_2018", "status"), [(0, "Free"), (30, "Free"), (31, "Partly Free"),
                                                    (60, "Partly Free"), (61, "Not Free"), (100, "Not Free")])
def test_the_inverted_scale_keeps_freedom_houses_bands(score_2018: int, status: str) -> None:
    assert values.fotn_status(values.fotn_freedom(score_2018, "lower_is_freer")) == status


def test_2019_scores_are_already_on_the_freer_scale() -> None:
    assert values.fotn_freedom(77, "higher_is_freer") == 77.0
    assert values.fotn_status(77) == "Free" and values.fotn_status(39) == "Not Free"


@pytest.mark.parametrize(("call", "message"), [
    (lambda: values.fotn_freedom(101, "lower_is_freer"), r"must lie in \[0, 100\]"),
    (lambda: values.fotn_freedom(50, "sideways"), "unknown scale 'sideways'"),
    (lambda: values.fotn_status(50, free_from=40, not_free_below=60), "must not be above free_from"),
    (lambda: values.fotn_summary({"EST": 94.0}, []), "the group is empty"),
    (lambda: values.fotn_summary({"EST": 94.0}, ["PRK"]), r"not assessed by Freedom on the Net.*PRK"),
])
def test_bad_fotn_input_is_refused(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 100), st.integers(40, 90), st.integers(10, 40))
def test_status_shares_add_up_and_move_with_the_line(score: int, free_from: int, not_free_below: int) -> None:
    freedom = {"A": float(score), "B": 50.0, "C": 90.0}
    s = values.fotn_summary(freedom, free_from=free_from, not_free_below=not_free_below)
    assert s.share_free + s.share_partly_free + s.share_not_free == pytest.approx(1)
    stricter = values.fotn_summary(freedom, free_from=min(free_from + 5, 100), not_free_below=not_free_below)
    assert stricter.share_free <= s.share_free


# -- explorers -------------------------------------------------------------------------------------

def test_every_weight_and_control_of_the_power_explorer_changes_something() -> None:
    e = cyber_power_weights()
    base = e.compute()
    for k in cyberpower.OBJECTIVES:
        assert e.compute(**{WEIGHT_NAME[k]: 3.0}) != base, k
    assert e.compute(top_n=5)["hhi"] > base["hhi"]
    assert e.compute(followed="China")["followed_rank"] == 2


def test_the_power_explorer_refuses_all_zero_weights_and_unknown_countries() -> None:
    e = cyber_power_weights()
    with pytest.raises(ValueError, match="the weights are all zero"):
        e.compute(**{WEIGHT_NAME[k]: 0.0 for k in cyberpower.OBJECTIVES})
    with pytest.raises(ValueError, match="followed must be one of"):
        e.compute(followed="North Korea")


def test_the_freedom_explorer_groups_come_from_the_data() -> None:
    groups = fotn_groups()
    assert set(groups) == set(FOTN_GROUPS)
    assert len(groups[ALL_ASSESSED]) == 193
    e = internet_freedom()
    assert e.compute()["countries"] == 65
    votes = pd.read_csv(DATA / "un_votes.csv")
    yes = votes[votes.vote == "yes"]
    sovereignty = set(yes.iso3[yes.resolution == "A/RES/73/27"]) - set(yes.iso3[yes.resolution == "A/RES/73/266"])
    fotn = set(pd.read_csv(DATA / "fotn_scores.csv").query("edition == 2018").iso3)
    assert e.compute(fotn_group="2018 votes: Sovereignty camp")["countries"] == len(sovereignty & fotn)


def test_the_scale_control_changes_the_mean_reading_not_the_statuses() -> None:
    e = internet_freedom()
    a, b = e.compute(), e.compute(fotn_scale="Lower is freer (2018 and before)")
    assert a["mean_score"] + b["mean_score"] == pytest.approx(100)
    assert {k: a[k] for k in ("share_free", "share_not_free")} == {k: b[k] for k in ("share_free", "share_not_free")}
    assert e.compute(free_from=60)["share_free"] > a["share_free"]
    assert e.compute(not_free_below=50)["share_not_free"] > a["share_not_free"]


# -- data -----------------------------------------------------------------------------------------

def test_ncpi_leaves_north_korea_out_and_iiss_has_one_top_tier_state() -> None:
    assert "PRK" not in set(load("ncpi_2020_scores").iso3)
    tiers = load("iiss_2021_cyber_tiers")
    assert list(tiers.iso3[tiers.tier == 1]) == ["USA"] and "PRK" in set(tiers.iso3)


def test_wcit_named_states_are_a_subset_of_the_totals() -> None:
    named = load("wcit12_signatures")
    facts = load("cyberspace_facts").set_index("fact").value
    assert (named.status == "signed").sum() <= facts["wcit12_signed"]
    assert (named.status == "did_not_sign").sum() <= facts["wcit12_not_signed"]
    assert facts["wcit12_signed"] + facts["wcit12_not_signed"] == facts["wcit12_present_accredited"]


def test_the_labs_static_charts_carry_descriptions_and_refuse_unknown_codes() -> None:
    for chart in (figures.ncpi_chart(), figures.internet_use_chart(), figures.budapest_chart()):
        assert chart.to_dict()["description"]
    with pytest.raises(ValueError, match=r"no internet-use data for \['ISL'\]"):
        figures.internet_use_chart(("KOR", "ISL"))


def test_the_labs_static_charts_carry_no_source_urls_inline() -> None:
    for chart in (figures.ncpi_chart(), figures.internet_use_chart(), figures.budapest_chart(),
                  explorers.cyber_power_weights().twin(), explorers.internet_freedom().twin(),
                  explorers.punching_above_weight().twin()):
        assert "http" not in str(chart.to_dict()["datasets"])


def test_the_budapest_chart_puts_the_sources_dates_on_a_time_axis_without_inventing_a_month() -> None:
    from cyberorder import colours

    table = load("budapest_convention_parties")
    dates = figures.budapest_dates(table)
    assert dates.parties.tolist() == table.parties.tolist()  # every count drawn, none added
    year_only = dates[table.as_of.astype(str).str.len() == 4]
    assert (year_only.start.str.endswith("-01-01") & year_only.end.str.endswith("-12-31")).all()
    assert year_only.when.str.contains("month not given").all()
    spec = figures.budapest_chart().to_dict()
    assert spec["layer"][0]["encoding"]["x"]["type"] == "temporal"
    latest = table.iloc[-1]
    assert any(layer.get("encoding", {}).get("text", {}).get("value", "").startswith(f"{latest.parties} Parties")
               for layer in spec["layer"])  # the latest count labelled at the end
    fills = next(layer["encoding"]["fill"]["scale"]["range"] for layer in spec["layer"] if "fill" in layer["encoding"])
    assert fills == [colours.INK, colours.PAGE]  # confidence by fill, not by a new hue
    with pytest.raises(ValueError, match="as_of must be YYYY or YYYY-MM; got '2023-1'"):
        figures.budapest_dates(table.assign(as_of=["2023-1"] * len(table)))


def test_the_internet_use_chart_is_one_panel_per_country_against_the_world() -> None:
    spec = figures.internet_use_chart().to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert spec["facet"]["field"] == "panel" and set(spec["facet"]["sort"]) == {r["panel"] for r in rows}
    use = load("internet_use_share")
    world = use[use.code == "WLD"].set_index("year").pct_population_online
    for panel in spec["facet"]["sort"]:  # the world repeated, unchanged, in every panel
        mine = {r["year"]: r["pct_population_online"] for r in rows
                if r["panel"] == panel and r["series"] == "the world"}
        assert mine == world.to_dict()
    # ordered by the latest share, and the title's count recomputed: countries ahead of South Korea in 2016
    latest = use[(use.year == use.year.max()) & use.country.isin(spec["facet"]["sort"])]
    assert spec["facet"]["sort"] == list(latest.sort_values("pct_population_online", ascending=False).country)
    shown = use[use.code.isin(["USA", "JPN", "GBR", "CHN", "IND", "BHR", "QAT"]) & (use.year == 2016)]
    korea = use[(use.code == "KOR") & (use.year == 2016)].pct_population_online.iloc[0]
    assert spec["title"]["text"].startswith(f"In 2016, {(shown.pct_population_online > korea).sum()} of the 7 other")
    assert "color" in spec["spec"]["encoding"] and spec["spec"]["encoding"]["x"]["type"] == "quantitative"
