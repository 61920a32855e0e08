"""Roll calls, outcomes, camps, bridges, forums and their reach, checked against recounts of the raw CSVs."""

from __future__ import annotations

import csv
import math
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cyberorder import colours, data, figures, forums, history, load, rollcalls
from cyberorder.explorers import swing_states, twin_track

DATA = Path(data.data_dir())
RAW = list(csv.DictReader((DATA / "un_votes.csv").open(encoding="utf-8")))
MATRIX = rollcalls.vote_matrix()
GROUP_OF = load("un_regional_groups").set_index("iso3").un_regional_group.to_dict()
CAMP_OF = rollcalls.camps(MATRIX)

# the recorded plenary results (press reports and the UN's own tally, as cited in un_resolutions)
RECORDED = {"A/RES/73/27": (119, 46, 14), "A/RES/73/266": (138, 12, 16),
            "A/RES/74/28": (163, 10, 6), "A/RES/74/29": (129, 6, 45)}


def raw_count(resolution: str) -> Counter:
    """Count the votes of one resolution straight from the CSV text, without the package."""
    return Counter(row["vote"] for row in RAW if row["resolution"] == resolution)


# --- the data ---------------------------------------------------------------------------------

@pytest.mark.parametrize("resolution", sorted(RECORDED))
def test_totals_match_the_recorded_results(resolution: str) -> None:
    raw = raw_count(resolution)
    assert (raw["yes"], raw["no"], raw["abstain"]) == RECORDED[resolution]
    assert sum(raw.values()) == 193  # non-voting members are kept, not dropped
    t = rollcalls.tally(rollcalls.votes_on(MATRIX, resolution))
    assert (t.yes, t.no, t.abstain, t.non_voting) == (raw["yes"], raw["no"], raw["abstain"], raw["non-voting"])
    table = load("un_resolutions").set_index("resolution").loc[resolution]
    assert (table.recorded_yes, table.recorded_no, table.recorded_abstain) == RECORDED[resolution]


def test_non_voting_members_are_kept() -> None:
    assert raw_count("A/RES/73/27")["non-voting"] == 14
    assert raw_count("A/RES/73/266")["non-voting"] == 27
    assert len(MATRIX) == 193 and set(MATRIX.columns) == set(RECORDED)


def test_every_member_has_one_regional_group() -> None:
    assert set(GROUP_OF) == set(MATRIX.index)
    # group sizes on the UN DGACM page, with Turkey counted once (in WEOG)
    assert Counter(GROUP_OF.values()) == {"African Group": 54, "Asia-Pacific Group": 54, "Eastern European Group": 23,
                                          "Latin American and Caribbean Group": 33,
                                          "Western European and Others Group": 29}


def test_gge_members_are_member_states() -> None:
    gge = load("gge_members")
    assert (gge.gge == "2019-2021").sum() == 25 and (gge.gge == "2012-2013").sum() == 15
    assert set(gge.iso3) <= set(MATRIX.index)


# --- outcomes -----------------------------------------------------------------------------------

def test_both_2018_resolutions_pass_and_flips_to_sink_them() -> None:
    t27 = rollcalls.tally(rollcalls.votes_on(MATRIX, "A/RES/73/27"))
    assert t27.passes and t27.margin == 73 and t27.flips_to_sink == 37
    # 37 yes voters switching to no: 82 yes against 83 no; 36 would leave 83 against 82
    assert 119 - 37 <= 46 + 37 and 119 - 36 > 46 + 36
    assert math.isclose(t27.yes_share, 119 / 165)


votes = st.lists(st.sampled_from(rollcalls.VOTES), min_size=1, max_size=60)


@given(votes)
def test_tally_counts_every_vote_once(vs: list[str]) -> None:
    t = rollcalls.tally({f"S{i}": v for i, v in enumerate(vs)})
    assert t.yes + t.no + t.abstain + t.non_voting == len(vs)
    assert t.passes == (vs.count("yes") > vs.count("no"))


@given(votes)
def test_flips_to_sink_is_the_smallest_number_that_works(vs: list[str]) -> None:
    roll = {f"S{i}": v for i, v in enumerate(vs)}
    t = rollcalls.tally(roll)
    yes_voters = [s for s, v in roll.items() if v == "yes"]

    def sinks(k: int) -> bool:
        return not rollcalls.tally(rollcalls.flip(roll, dict.fromkeys(yes_voters[:k], "no"))).passes

    k = t.flips_to_sink
    assert sinks(k)
    assert k == 0 or not sinks(k - 1)


def test_bad_votes_and_unknown_states_are_refused() -> None:
    roll = rollcalls.votes_on(MATRIX, "A/RES/73/27")
    with pytest.raises(ValueError, match=r"unknown state\(s\) \['XXX'\]"):
        rollcalls.flip(roll, {"XXX": "no"})
    with pytest.raises(ValueError, match="cannot flip BRA to 'maybe'"):
        rollcalls.flip(roll, {"BRA": "maybe"})
    with pytest.raises(ValueError, match="BRA has the invalid vote 'Y'"):
        rollcalls.tally({**roll, "BRA": "Y"})
    with pytest.raises(ValueError, match="roll call is empty"):
        rollcalls.tally({})
    with pytest.raises(ValueError, match="unknown resolution 'A/RES/1/1'"):
        rollcalls.votes_on(MATRIX, "A/RES/1/1")
    with pytest.raises(ValueError, match="nobody voted yes or no"):
        _ = rollcalls.tally({"A": "abstain"}).yes_share


def test_vote_matrix_refuses_gaps_repeats_and_bad_votes() -> None:
    long = load("un_votes")
    with pytest.raises(ValueError, match="BRA has no row for A/RES/73/27"):
        rollcalls.vote_matrix(long[~((long.iso3 == "BRA") & (long.resolution == "A/RES/73/27"))])
    with pytest.raises(ValueError, match="more than one vote"):
        rollcalls.vote_matrix(pd.concat([long, long.iloc[:1]]))
    with pytest.raises(ValueError, match=r"unknown vote value\(s\) \['absent'\]"):
        rollcalls.vote_matrix(long.assign(vote=long.vote.replace("non-voting", "absent")))
    with pytest.raises(ValueError, match=r"lacks column\(s\) \[.vote.\]"):
        rollcalls.vote_matrix(long.drop(columns="vote"))


def test_flips_by_group_matches_a_recount() -> None:
    table = rollcalls.flips_by_group(MATRIX, "A/RES/73/27", GROUP_OF).set_index("group")
    raw = pd.DataFrame([r for r in RAW if r["resolution"] == "A/RES/73/27"])
    raw["group"] = raw.iso3.map(GROUP_OF)
    for group, rows in raw.groupby("group"):
        k = int((rows.vote == "yes").sum())
        assert table.loc[group, "yes_in_group"] == k
        assert table.loc[group, "margin_after"] == (119 - k) - (46 + k)
    # the African Group alone could have sunk the Russia-led resolution by voting no
    assert not table.loc["African Group", "passes_after"]


# --- camps and bridges --------------------------------------------------------------------------

def test_camps_partition_the_assembly_as_the_crosstab_says() -> None:
    raw = pd.DataFrame(RAW)
    wide = raw.pivot(index="iso3", columns="resolution", values="vote")
    both = (wide["A/RES/73/27"] == "yes") & (wide["A/RES/73/266"] == "yes")
    assert set(rollcalls.bridges(MATRIX)) == set(wide.index[both])
    assert len(rollcalls.bridges(MATRIX)) == 77
    counts = Counter(CAMP_OF.values())
    assert sum(counts.values()) == 193
    assert counts[rollcalls.SOVEREIGNTY_CAMP] == int(((wide["A/RES/73/27"] == "yes") & ~both).sum())
    assert counts[rollcalls.OPEN_CAMP] == int(((wide["A/RES/73/266"] == "yes") & ~both).sum())
    # every state that voted no on 73/266 is in the sovereignty camp, every no on 73/27 in the open camp
    assert all(CAMP_OF[s] == rollcalls.SOVEREIGNTY_CAMP for s in wide.index[wide["A/RES/73/266"] == "no"])
    assert all(CAMP_OF[s] == rollcalls.OPEN_CAMP for s in wide.index[wide["A/RES/73/27"] == "no"])


# --- forums -------------------------------------------------------------------------------------

def test_the_assembly_mirrors_itself_and_the_gge_does_not() -> None:
    everyone = forums.forum_profile(list(GROUP_OF), GROUP_OF, CAMP_OF)
    assert everyone.size == 193 and everyone.regional_distance == pytest.approx(0)
    gge = load("gge_members")
    members = list(gge[gge.gge == "2019-2021"].iso3)
    p = forums.forum_profile(members, GROUP_OF, CAMP_OF)
    weog = sum(GROUP_OF[m] == "Western European and Others Group" for m in members)
    assert p.size == 25 and p.group_shares["Western European and Others Group"] == weog / 25
    assert p.camp_shares[rollcalls.SOVEREIGNTY_CAMP] == 2 / 25  # China and Russia
    assert p.regional_distance > 0.1


@settings(max_examples=50)
@given(st.sets(st.sampled_from(sorted(GROUP_OF)), min_size=1, max_size=60))
def test_forum_profile_shares_add_up(members: set[str]) -> None:
    p = forums.forum_profile(sorted(members), GROUP_OF, CAMP_OF)
    assert p.size == len(members)
    assert math.isclose(sum(p.group_shares.values()), 1) and math.isclose(sum(p.camp_shares.values()), 1)
    assert -1e-12 <= p.regional_distance <= 1


@pytest.mark.parametrize(("members", "message"), [
    ([], "the forum is empty"),
    (["USA", "XYZ"], r"unknown state\(s\) \['XYZ'\]"),
    (["USA", "USA"], "listed twice"),
])
def test_forum_profile_refuses_bad_forums(members: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        forums.forum_profile(members, GROUP_OF, CAMP_OF)


shares = st.dictionaries(st.sampled_from("abcdef"), st.integers(min_value=0, max_value=50), min_size=1).filter(
    lambda d: sum(d.values()) > 0).map(lambda d: {k: v / sum(d.values()) for k, v in d.items()})


@given(shares, shares)
def test_dissimilarity_is_a_distance_between_0_and_1(p: dict, q: dict) -> None:
    d = forums.dissimilarity(p, q)
    assert -1e-12 <= d <= 1 + 1e-12
    assert math.isclose(d, forums.dissimilarity(q, p), abs_tol=1e-12)
    assert forums.dissimilarity(p, p) == pytest.approx(0)


@pytest.mark.parametrize(("p", "q", "message"), [
    ({}, {"a": 1.0}, "p holds no shares"),
    ({"a": 0.5}, {"a": 1.0}, "add up to 1"),
    ({"a": 1.5, "b": -0.5}, {"a": 1.0}, r"must lie in \[0, 1\]"),
])
def test_dissimilarity_refuses_bad_shares(p: dict, q: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        forums.dissimilarity(p, q)


@given(st.integers(min_value=1, max_value=193))
def test_mirror_allocation_respects_quotas(seats: int) -> None:
    alloc = forums.mirror_allocation(GROUP_OF, seats)
    assert sum(alloc.values()) == seats
    sizes = Counter(GROUP_OF.values())
    for g, n in alloc.items():
        quota = seats * sizes[g] / 193
        assert math.floor(quota) <= n <= math.ceil(quota)


def test_mirror_allocation_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="whole number >= 1"):
        forums.mirror_allocation(GROUP_OF, 0)
    with pytest.raises(ValueError, match="no member states"):
        forums.mirror_allocation({}, 5)
    with pytest.raises(ValueError, match="194 seats cannot mirror an assembly of 193"):
        forums.mirror_allocation(GROUP_OF, 194)  # more seats than states would be allocated to no one


# --- the record --------------------------------------------------------------------------------

def test_first_strategies_by_year_matches_a_recount() -> None:
    rows = list(csv.DictReader((DATA / "ncss_first_strategies.csv").open(encoding="utf-8")))
    years = Counter(int(r["first_strategy_year"]) for r in rows if r["first_strategy_year"])
    table = history.first_strategies_by_year(load("ncss_first_strategies")).set_index("year")
    for year in table.index:
        assert table.loc[year, "new"] == years.get(year, 0)
    assert table.cumulative.iloc[-1] == sum(years.values())
    with pytest.raises(ValueError, match="no country in the table has a strategy"):
        history.first_strategies_by_year(pd.DataFrame({"first_strategy_year": [None, None]}))


def test_gge_record() -> None:
    gges = load("gge_groups")
    assert history.gge_record(gges, 2017).report_years == (2010, 2013, 2015)
    assert history.gge_record(gges, 2021).consensus_reports == 4
    with pytest.raises(ValueError, match="no GGE had finished by 2000"):
        history.gge_record(gges, 2000)


# --- the explorers against recounts ---------------------------------------------------------------

def test_swing_simulator_totals_match_a_recount() -> None:
    e = swing_states()
    raw = pd.DataFrame(RAW).pivot(index="iso3", columns="resolution", values="vote")
    for values in e.examples:
        state = e.defaults() | values
        changing = {s for s in raw.index if GROUP_OF[s] == state["flip_group"] or CAMP_OF[s] == state["flip_camp"]}
        changing |= {iso for iso in ("BRA", "IND", "IDN", "MEX", "ZAF", "TUR") if state[f"flip_{iso.lower()}"]}
        got = e.compute(**values)
        for res, key in (("A/RES/73/27", "27"), ("A/RES/73/266", "266")):
            new = state[f"new_vote_{key}"]
            col = raw[res].copy()
            if new != "as recorded":
                col[list(changing)] = new
            assert (got[f"yes_{key}"], got[f"no_{key}"], got[f"abstain_{key}"]) == (
                (col == "yes").sum(), (col == "no").sum(), (col == "abstain").sum()), values
        assert got["flipped"] == len(changing)


def test_explorers_refuse_bad_settings() -> None:
    with pytest.raises(ValueError, match="flip_group must be one of"):
        swing_states().compute(flip_group="Atlantis")
    with pytest.raises(ValueError, match="new_vote_27 must be one of"):
        swing_states().compute(new_vote_27="maybe")
    t = twin_track()
    gge = tuple(load("gge_members").query("gge == '2019-2021'").iso3)
    with pytest.raises(ValueError, match="the forum is empty"):
        t.compute(picked=gge)  # every member clicked out
    with pytest.raises(ValueError, match=r"unknown code\(s\) \['ATL'\]"):
        t.compute(picked=("ATL",))


# --- whom a forum speaks for: population and internet users, recounted from the CSVs -------------

def _raw_people_and_users() -> tuple[dict[str, float], dict[str, float]]:
    """Population (2019) and internet users (population x share online / 100) straight from the CSV text."""
    people = {r["iso3"]: float(r["population"])
              for r in csv.DictReader((DATA / "population.csv").open(encoding="utf-8"))}
    users = {r["iso3"]: people[r["iso3"]] * float(r["pct_population_online"]) / 100
             for r in csv.DictReader((DATA / "internet_use_2019.csv").open(encoding="utf-8"))
             if r["pct_population_online"]}
    return people, users


def _twin_track_members(state: dict) -> set[str]:
    """The 2019-21 GGE with each picked state flipped: a member clicked leaves, any other state clicked joins."""
    gge = load("gge_members")
    return set(gge[gge.gge == "2019-2021"].iso3) ^ set(state["picked"])


def test_gge_reach_matches_a_recount_of_the_tables() -> None:
    people, users = _raw_people_and_users()
    assert len(people) == 193 and set(people) == set(MATRIX.index)
    e = twin_track()
    for values in [{}, *e.examples]:
        members = _twin_track_members(e.defaults() | values)
        got = e.compute(**values)
        assert got["reach_members"] == pytest.approx(len(members) / 193)
        assert got["reach_population"] == pytest.approx(sum(people[m] for m in members) / sum(people.values()))
        # a member whose share online is unknown is left out of both sides, never counted as zero users
        assert got["reach_users"] == pytest.approx(sum(users[m] for m in members if m in users) / sum(users.values()))
    # the 2019-21 GGE: about one state in eight, but more than half the member states' people and users
    default = e.compute()
    assert default["reach_members"] < 0.15 and default["reach_population"] > 0.5 and default["reach_users"] > 0.5


def test_the_oewg_speaks_for_everyone_by_construction() -> None:
    gge = list(load("gge_members").query("gge == '2019-2021'").iso3)
    table = forums.compare_forums({"GGE": gge, "OEWG": list(GROUP_OF)}, GROUP_OF, CAMP_OF)
    oewg = table.loc["OEWG"]
    assert oewg.members == 193 and oewg.regional_distance == pytest.approx(0)
    assert (oewg.share_of_members, oewg.share_of_population, oewg.share_of_internet_users) == (
        pytest.approx(1), pytest.approx(1), pytest.approx(1))
    people, users = _raw_people_and_users()
    assert oewg.users_unknown == ", ".join(sorted(set(people) - set(users)))
    assert table.loc["GGE", "share_of_population"] == pytest.approx(sum(people[m] for m in gge) / sum(people.values()))
    assert table.loc["GGE", "regional_distance"] == pytest.approx(
        forums.forum_profile(gge, GROUP_OF, CAMP_OF).regional_distance)


def test_compare_forums_names_the_bad_forum() -> None:
    with pytest.raises(ValueError, match="forum 'Atlantis': unknown state"):
        forums.compare_forums({"GGE": ["USA"], "Atlantis": ["USA", "XYZ"]}, GROUP_OF, CAMP_OF)
    with pytest.raises(ValueError, match="forum 'Empty': the forum is empty"):
        forums.compare_forums({"Empty": []}, GROUP_OF, CAMP_OF)
    with pytest.raises(ValueError, match="no forums"):
        forums.compare_forums({}, GROUP_OF, CAMP_OF)


@settings(max_examples=30)
@given(st.integers(min_value=1, max_value=193))
def test_mirror_members_fill_each_groups_seats_with_its_most_populous_states(seats: int) -> None:
    people, _ = _raw_people_and_users()
    chosen = forums.mirror_members(GROUP_OF, seats, people)
    assert len(chosen) == len(set(chosen)) == seats
    assert Counter(GROUP_OF[s] for s in chosen) == {g: n for g, n in
                                                     forums.mirror_allocation(GROUP_OF, seats).items() if n}
    for group in set(GROUP_OF.values()):
        inside = [people[s] for s in chosen if GROUP_OF[s] == group]
        outside = [people[s] for s in GROUP_OF if GROUP_OF[s] == group and s not in chosen]
        assert not inside or not outside or min(inside) >= max(outside)


def test_mirror_members_needs_a_rank_for_every_state() -> None:
    with pytest.raises(ValueError, match="rank gives no value"):
        forums.mirror_members(GROUP_OF, 25, {"USA": 1.0})


# --- forums founded by year and by model ---------------------------------------------------------

TINY = pd.DataFrame({"forum": ["A", "B", "C", "D"], "founded": [2011, 2014, 2011, 2013],
                     "model": ["multistakeholder", "company-led", "multistakeholder", "intergovernmental"]})


def test_forums_by_year_counts_a_tiny_table() -> None:
    t = history.forums_by_year(TINY).set_index(["year", "model"])
    assert sorted(set(t.index.get_level_values("year"))) == [2011, 2012, 2013, 2014]
    assert set(t.index.get_level_values("model")) == set(history.FORUM_MODELS)  # absent models kept, at 0
    assert t.loc[(2011, "multistakeholder"), "new"] == 2 and t.loc[(2012, "multistakeholder"), "cumulative"] == 2
    assert t.loc[(2013, "intergovernmental"), "new"] == 1 and t.loc[(2012, "intergovernmental"), "cumulative"] == 0
    assert t.loc[(2014, "company-led"), "cumulative"] == 1 and t.loc[(2014, "civil-society-led"), "cumulative"] == 0
    assert t.xs(2014, level="year").cumulative.sum() == len(TINY)


@pytest.mark.parametrize(("table", "message"), [
    (TINY.assign(model=["multistakeholder", "company-led", "multi-stakeholder", "intergovernmental"]),
     r"row 3 \('C'\): unknown model 'multi-stakeholder'"),
    (TINY.assign(founded=[2011, 2014, None, 2013]), r"row 3 \('C'\): founded must be a whole year"),
    (TINY.assign(founded=[2011, 2014.5, 2011, 2013]), r"row 2 \('B'\): founded must be a whole year .* got 2014.5"),
    (TINY.assign(founded=[2011, "2014", 2011, 2013]), r"row 2 \('B'\): founded must be a whole year"),
    (TINY.assign(founded=[2011, 2014, 1492, 2013]), "got 1492"),
    (TINY.assign(founded=[2011, 2014, 2011, 3013]), "got 3013"),
    (TINY.assign(forum=["A", "B", "A", "D"]), "forum 'A' is listed twice"),
    (TINY.drop(columns="model"), r"lacks column\(s\) \['model'\]"),
    (TINY.iloc[:0], "the forums table has no rows"),
])
def test_forums_by_year_refuses_bad_tables(table: pd.DataFrame, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        history.forums_by_year(table)


forum_tables = st.lists(st.tuples(st.integers(min_value=1990, max_value=2020), st.sampled_from(history.FORUM_MODELS)),
                        min_size=1, max_size=40)


@given(forum_tables)
def test_forums_by_year_running_totals_add_up(rows: list[tuple[int, str]]) -> None:
    table = pd.DataFrame({"forum": [f"F{i}" for i in range(len(rows))], "founded": [y for y, _ in rows],
                          "model": [m for _, m in rows]})
    t = history.forums_by_year(table)
    last = t[t.year == t.year.max()].set_index("model").cumulative
    assert last.to_dict() == {m: sum(1 for _, x in rows if x == m) for m in history.FORUM_MODELS}
    assert t.new.sum() == len(rows)
    assert (t.groupby("model").cumulative.diff().dropna() >= 0).all()


def test_forums_by_year_matches_a_recount_of_the_csv() -> None:
    rows = list(csv.DictReader((DATA / "forums.csv").open(encoding="utf-8")))
    t = history.forums_by_year(load("forums"))
    for year in range(min(int(r["founded"]) for r in rows), max(int(r["founded"]) for r in rows) + 1):
        for model in history.FORUM_MODELS:
            row = t[(t.year == year) & (t.model == model)].iloc[0]
            assert row.new == sum(1 for r in rows if int(r["founded"]) == year and r["model"] == model)
            assert row.cumulative == sum(1 for r in rows if int(r["founded"]) <= year and r["model"] == model)


def test_forums_chart_is_labelled_and_counts_earlier_forums() -> None:
    spec = figures.forums_chart().to_dict()
    assert spec["title"]["text"] and spec["description"]
    assert spec["spec"]["encoding"]["x"]["title"]
    # one small panel per governance model, in the order of the model list, and no hue telling them apart
    assert spec["facet"]["row"]["field"] == "model" and spec["facet"]["row"]["sort"] == list(history.FORUM_MODELS)
    assert "color" not in spec["spec"]["encoding"]
    # the ITU (1865) predates the bars and is named in the subtitle; every forum is in the last bar
    assert "ITU (1865)" in spec["title"]["subtitle"]
    rows = list(csv.DictReader((DATA / "forums.csv").open(encoding="utf-8")))
    values = next(iter(spec["datasets"].values()))
    last = max(v["year"] for v in values)
    assert sum(v["cumulative"] for v in values if v["year"] == last) == len(rows)
    assert figures.forums_chart(TINY, since=2011).to_dict()["title"]["subtitle"] == \
        "Running total by the end of each year"
    with pytest.raises(ValueError, match="since must lie between"):
        figures.forums_chart(TINY, since=2030)


def test_strategies_chart_marks_the_articles_early_2010s_on_one_time_axis() -> None:
    by_year = history.first_strategies_by_year(load("ncss_first_strategies"))
    spec = figures.strategies_by_year(by_year).to_dict()
    top, bottom = spec["vconcat"]
    marks = [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in top["layer"]]
    assert "rule" in marks and "text" in marks  # the line at 2010 carries its label
    starts = [r for rows in spec["datasets"].values() for r in rows if "label" in r]
    assert starts == [{"year": 2010, "label": "article: the early 2010s"}]
    assert top["layer"][0]["encoding"]["x"]["type"] == bottom["encoding"]["x"]["type"] == "quantitative"
    drawn = next(rows for rows in spec["datasets"].values() if rows and "cumulative" in rows[0])
    assert [r["cumulative"] for r in drawn] == by_year.cumulative.tolist()


def test_the_gge_rebuilder_draws_the_forum_the_model_counts_in_both_views() -> None:
    """The forum map shows every 2019-21 member and every added state; the tiles in ink are exactly the members
    the model counts (kept or added), the grey ones the dropped members, in the static twin and the live view."""
    import html
    import re

    import vl_convert

    from tests.twin import twin_spec

    e = twin_track()
    original = set(load("gge_members").query("gge == '2019-2021'").iso3)
    for values in [{}, *e.examples]:
        state = e.defaults() | values
        members = _twin_track_members(state)
        assert e.compute(**values)["size"] == len(members)
        svg = vl_convert.vegalite_to_svg(twin_spec(e, **values))
        # the codes on the GGE's tiles (the second chart), not those on the map of all 193 states above them
        tiles = re.search(r'class="mark-text role-mark concat_1_layer_1_marks".*?</g>', svg, re.S)
        assert tiles, "the twin draws no tiles of the GGE"
        codes = {html.unescape(text): fill for fill, text in
                 re.findall(r'<text[^>]*fill="(#[0-9a-fA-F]{6})"[^>]*>([A-Z]{3})</text>', tiles.group(0))}
        squares = re.search(r'class="mark-symbol role-mark concat_0_layer_0_marks".*?</g>', svg, re.S)
        shown_in = set(re.findall(r'aria-label="[^"]*?: in the forum"', squares.group(0)))
        assert len(shown_in) == len(members), values  # the map fills the same states
        assert {c for c, f in codes.items() if f.upper() == colours.INK} == members, values
        assert {c for c, f in codes.items() if f.upper() == colours.OTHER} == original - members, values
        live = e.live_spec(state, validate=True)
        tiles = next(rows for rows in live["datasets"].values() if rows and "status" in rows[0])
        assert {t["iso3"] for t in tiles if t["status"] != "dropped"} == members
        assert {t["iso3"] for t in tiles if t["status"] == "added"} == members - original
