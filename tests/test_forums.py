"""Forums as sets of states: presets, editing, reach and camps, and the forum-membership explorer."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cyberorder import forums, reach, rollcalls
from cyberorder.data import load
from cyberorder.explorer import param_name
from cyberorder.explorers import ALL
from cyberorder.explorers.forum_membership import EMPTY_SIZE, EMPTY_VALUE, GROUP_ALL_IN, GROUP_ALL_OUT, forum_membership
from tests.twin import twin_readouts

DATA = Path(__file__).resolve().parents[1] / "data"
RAW_GROUPS = pd.read_csv(DATA / "un_regional_groups.csv")
RAW_GGE = pd.read_csv(DATA / "gge_members.csv")
RAW_WCIT = pd.read_csv(DATA / "wcit12_signatures.csv")
RAW_FACTS = pd.read_csv(DATA / "cyberspace_facts.csv").set_index("fact").value
UN = sorted(RAW_GROUPS.iso3)
GROUP_OF = dict(zip(RAW_GROUPS.iso3, RAW_GROUPS.un_regional_group, strict=True))
GGE_2019 = next(label for label in forums.presets() if label.startswith("UN GGE 2019"))
WCIT_SIGNED = next(label for label in forums.presets() if label.startswith("WCIT-12: signatories"))
WCIT_NOT = next(label for label in forums.presets() if label.startswith("WCIT-12: non-signatories"))


# -- presets --------------------------------------------------------------------------------------

def test_presets_hold_the_sourced_members() -> None:
    assert forums.preset(GGE_2019) == tuple(sorted(RAW_GGE.iso3[RAW_GGE.gge == "2019-2021"]))
    assert forums.preset(WCIT_SIGNED) == tuple(sorted(RAW_WCIT.iso3[RAW_WCIT.status == "signed"]))
    assert forums.preset(WCIT_NOT) == tuple(sorted(RAW_WCIT.iso3[RAW_WCIT.status == "did_not_sign"]))
    assert forums.preset(forums.ALL_UN) == tuple(UN)
    assert forums.preset(forums.EMPTY) == ()


def test_preset_labels_state_their_size_and_how_partial_they_are() -> None:
    for label, members in forums.presets().items():
        if label not in (forums.ALL_UN, forums.EMPTY):
            assert f"{len(members)}" in label, label
    assert f"of {int(RAW_FACTS['wcit12_signed'])}" in WCIT_SIGNED
    assert f"of {int(RAW_FACTS['wcit12_not_signed'])}" in WCIT_NOT


def test_wcit12_unnamed_is_the_itu_total_minus_the_named_rows() -> None:
    named = RAW_WCIT.status.value_counts()
    assert forums.wcit12_unnamed() == {
        "signed": int(RAW_FACTS["wcit12_signed"]) - int(named["signed"]),
        "did_not_sign": int(RAW_FACTS["wcit12_not_signed"]) - int(named["did_not_sign"])}


def test_an_unknown_preset_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown preset 'G20'"):
        forums.preset("G20")


# -- editing --------------------------------------------------------------------------------------

def test_edit_adds_and_removes_states_and_groups() -> None:
    gge = forums.preset(GGE_2019)
    assert forums.edit(gge, [(forums.ADD, "IRN")]) == tuple(sorted({*gge, "IRN"}))
    assert forums.edit(gge, [(forums.REMOVE, "USA")]) == tuple(sorted(set(gge) - {"USA"}))
    africa = {s for s, g in GROUP_OF.items() if g == "African Group"}
    assert forums.edit(gge, [(forums.ADD, "African Group")]) == tuple(sorted(set(gge) | africa))
    assert forums.edit(gge, [(forums.REMOVE, "African Group")]) == tuple(sorted(set(gge) - africa))


def test_edit_applies_steps_in_order() -> None:
    assert forums.edit([], [(forums.ADD, "RUS"), (forums.REMOVE, "RUS")]) == ()
    assert forums.edit([], [(forums.REMOVE, "RUS"), (forums.ADD, "RUS")]) == ("RUS",)
    east = forums.edit([], [(forums.ADD, "Eastern European Group"), (forums.REMOVE, "RUS")])
    assert "RUS" not in east and len(east) == sum(g == "Eastern European Group" for g in GROUP_OF.values()) - 1


def test_edit_treats_a_no_op_as_a_no_op() -> None:
    assert forums.edit(["USA"], [(forums.ADD, "USA"), (forums.REMOVE, "CHN")]) == ("USA",)


@pytest.mark.parametrize(("members", "steps", "message"), [
    (["USA"], [("join", "CHN")], "unknown operation 'join'"),
    (["USA"], [(forums.ADD, "TWN")], "'TWN' is neither a UN member state"),
    (["USA"], [(forums.REMOVE, "Arab Group")], "'Arab Group' is neither"),
    (["USA", "USA"], [], r"listed twice: \['USA'\]"),
    (["XKX"], [], r"unknown state\(s\) \['XKX'\]"),
    (["USA"], [("add",)], "a step is a pair"),
])
def test_bad_edits_are_refused(members: list[str], steps: list, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        forums.edit(members, steps)


# -- summaries ------------------------------------------------------------------------------------

def test_summary_joins_reach_and_the_2018_camps() -> None:
    gge = forums.preset(GGE_2019)
    s = forums.summarise(gge)
    assert s.reach == reach.reach(gge)
    camp_of = rollcalls.camps(rollcalls.vote_matrix())
    want = Counter(camp_of[m] for m in gge)
    assert s.camp_counts == {c: want[c] for c in rollcalls.CAMPS}
    assert s.camp_shares == pytest.approx({c: want[c] / len(gge) for c in rollcalls.CAMPS})
    assert s.regional_distance == forums.forum_profile(gge, GROUP_OF, camp_of).regional_distance


def test_the_whole_membership_has_every_share() -> None:
    s = forums.summarise(UN)
    assert (s.reach.states, s.reach.share_of_members) == (len(UN), 1.0)
    assert s.reach.share_of_population == pytest.approx(1.0)
    assert s.reach.share_of_internet_users == pytest.approx(1.0)
    assert s.regional_distance == pytest.approx(0.0)


@pytest.mark.parametrize(("members", "message"), [
    ([], "the forum is empty"),
    (["USA", "ZZZ"], "ZZZ"),
    (["USA", "USA"], "listed twice"),
])
def test_bad_forums_are_refused(members: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        forums.summarise(members)


members_of_un = st.lists(st.sampled_from(UN), min_size=2, max_size=60, unique=True)


@given(members_of_un, st.data())
def test_reach_and_camps_add_up_over_a_split_forum(members: list[str], data: st.DataObject) -> None:
    cut = data.draw(st.integers(1, len(members) - 1))
    a, b, whole = forums.summarise(members[:cut]), forums.summarise(members[cut:]), forums.summarise(members)
    assert whole.reach.states == a.reach.states + b.reach.states
    assert whole.reach.share_of_population == pytest.approx(a.reach.share_of_population + b.reach.share_of_population)
    assert whole.reach.share_of_internet_users == pytest.approx(
        a.reach.share_of_internet_users + b.reach.share_of_internet_users)
    assert whole.camp_counts == {c: a.camp_counts[c] + b.camp_counts[c] for c in rollcalls.CAMPS}
    assert sum(whole.camp_counts.values()) == len(members)
    assert math.isclose(sum(whole.camp_shares.values()), 1.0)


@given(members_of_un, st.sampled_from(UN))
def test_adding_then_removing_a_state_leaves_it_out(members: list[str], state: str) -> None:
    after = forums.edit(members, [(forums.ADD, state), (forums.REMOVE, state)])
    assert after == tuple(sorted(set(members) - {state}))
    assert forums.edit(after, [(forums.ADD, state)]) == tuple(sorted({*members, state}))


@given(members_of_un, st.sampled_from(forums.UN_REGIONAL_GROUPS))
def test_a_group_in_then_out_leaves_none_of_it(members: list[str], group: str) -> None:
    after = forums.edit(members, [(forums.ADD, group), (forums.REMOVE, group)])
    assert not any(GROUP_OF[m] == group for m in after)
    assert set(after) == {m for m in members if GROUP_OF[m] != group}


# -- the explorer ---------------------------------------------------------------------------------

def test_forum_membership_is_registered() -> None:
    assert ALL["forum_membership"] is forum_membership


def test_explorer_readouts_are_the_forum_summary() -> None:
    e = forum_membership()
    s = forums.summarise(forums.preset(GGE_2019))
    got = e.compute()
    assert got["size"] == len(forums.preset(GGE_2019))
    assert got["share_population"] == s.reach.share_of_population
    assert got["share_users"] == s.reach.share_of_internet_users
    assert got["open"] == s.camp_shares[rollcalls.OPEN_CAMP]
    plus_iran = e.compute(picked=("IRN", "USA"))  # two clicks: Iran in, the United States out
    assert plus_iran["size"] == got["size"]
    assert plus_iran["share_population"] == forums.summarise(
        forums.edit(forums.preset(GGE_2019), [(forums.ADD, "IRN"), (forums.REMOVE, "USA")])).reach.share_of_population


def test_explorer_region_controls_move_whole_groups() -> None:
    e = forum_membership()
    west = param_name("region", "Western European and Others Group")
    n_west = sum(g == "Western European and Others Group" for g in GROUP_OF.values())
    got = e.compute(forum_preset=forums.EMPTY, **{west: GROUP_ALL_IN})
    assert got["size"] == n_west and got["share_members"] == n_west / len(UN)


def test_empty_forum_is_an_error_in_the_model_and_a_message_in_the_twin() -> None:
    e = forum_membership()
    everything_out = {param_name("region", g): GROUP_ALL_OUT for g in forums.UN_REGIONAL_GROUPS}
    for values in ({"forum_preset": forums.EMPTY}, everything_out):
        with pytest.raises(ValueError, match="the forum is empty"):
            e.compute(**values)
        shown = twin_readouts(e, **values)
        assert shown["size"] == f"Members: {EMPTY_SIZE}"
        others = [t for key, t in shown.items() if key != "size"]
        assert others and all(t.endswith(EMPTY_VALUE) for t in others)
        assert not any("NaN" in t for t in shown.values())


def test_explorer_refuses_an_unknown_or_repeated_pick() -> None:
    for bad, message in ((("TWN",), r"unknown code\(s\) \['TWN'\]"), (("FRA", "FRA"), r"picked twice: \['FRA'\]"),
                         ("FRA", "must be a list of codes")):
        with pytest.raises(ValueError, match=message):
            forum_membership().compute(picked=bad)


def test_a_pick_flips_a_state_after_the_preset_and_the_regions() -> None:
    """Clicking a state puts it in if the preset and region buttons left it out, and takes it out otherwise."""
    e = forum_membership()
    west = param_name("region", "Western European and Others Group")
    gge = set(forums.preset(GGE_2019))
    assert {"USA", "FRA"} <= gge and "IRN" not in gge
    for picked, want in ((("IRN",), gge | {"IRN"}), (("USA",), gge - {"USA"}), (("IRN", "USA"), gge ^ {"IRN", "USA"})):
        assert e.compute(picked=picked)["size"] == len(want)
        assert e.compute(picked=picked)["share_population"] == forums.summarise(want).reach.share_of_population
    # a pick applies after a region button: all of WEOG in, then France clicked out
    weog = {c for c, g in GROUP_OF.items() if g == "Western European and Others Group"}
    assert e.compute(**{west: GROUP_ALL_IN}, picked=("FRA",))["size"] == len((gge | weog) - {"FRA"})


def test_toggle_flips_each_state_it_names() -> None:
    assert forums.edit(["FRA", "DEU"], [(forums.TOGGLE, "FRA"), (forums.TOGGLE, "ITA")]) == ("DEU", "ITA")
    assert forums.edit(["FRA"], [(forums.TOGGLE, "FRA"), (forums.TOGGLE, "FRA")]) == ("FRA",)
    with pytest.raises(ValueError, match=r"'flip'.*'toggle'"):
        forums.edit(["FRA"], [("flip", "FRA")])


def test_the_tile_grid_places_every_un_member_once_on_its_own_square() -> None:
    tiles = forums.tile_grid()
    assert sorted(tiles.iso3) == UN
    assert not tiles.duplicated(["x", "y"]).any()
    assert dict(zip(tiles.iso3, tiles.group, strict=True)) == GROUP_OF
    raw = load("un_tile_grid")
    # four microstates the World Tile Grid Map leaves out were placed by the book, and say so
    assert sorted(raw.iso3[raw.placed_by == "this book"]) == ["AND", "LIE", "MCO", "SMR"]


def test_a_broken_tile_grid_is_named(monkeypatch) -> None:
    good = load("un_tile_grid")
    for broken, message in ((good[good.iso3 != "TUV"], r"no square for \['TUV'\]"),
                            (good.assign(x=good.x.where(good.iso3 != "FRA", good.x[good.iso3 == "DEU"].iloc[0]),
                                         y=good.y.where(good.iso3 != "FRA", good.y[good.iso3 == "DEU"].iloc[0])),
                             "two states on one square: DEU .*FRA")):
        monkeypatch.setattr(forums, "load", lambda name, t=broken: t if name == "un_tile_grid" else load(name))
        with pytest.raises(ValueError, match=message):
            forums.tile_grid()


def test_a_member_without_an_internet_figure_is_counted_as_unknown() -> None:
    unknown = sorted(set(UN) - set(reach.internet_users_of()))
    assert unknown, "every UN member has a share online: pick another test case"
    assert forum_membership().compute(picked=(unknown[0],))["users_unknown"] == 1


def test_the_twin_carries_one_row_per_member_state_and_no_source_urls() -> None:
    datasets = forum_membership().twin().to_dict()["datasets"]
    assert "http" not in str(datasets)
    rows = next(rows for rows in datasets.values() if rows and "presets" in rows[0])
    assert sorted(r["iso3"] for r in rows) == UN
    people = reach.population_of()
    assert all(r["population"] == people[r["iso3"]] for r in rows)
