"""Fragmentation of the UN's cyber votes: agreement, blocs, bridges, the curve and each bloc's reach,
recomputed independently from the CSV files."""

from __future__ import annotations

import html
import re
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cyberorder import fragmentation as fr
from cyberorder import rollcalls
from cyberorder.explorers import ALL
from tests.twin import twin_spec

DATA = Path(__file__).resolve().parents[1] / "data"
VOTES_CSV = DATA / "un_votes.csv"


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
    matrix = rollcalls.vote_matrix()
    full = matrix[(matrix != "non-voting").all(axis=1)]
    profiles = full.apply(tuple, axis=1).value_counts()
    b = fr.blocs(fr.roll_call_agreement(), 1, 4)
    assert b.sizes == sorted((int(n) for n in profiles if n >= 2), reverse=True)


def test_levels_are_the_fractions_that_occur(agr: fr.Agreement) -> None:
    assert fr.agreement_levels(agr) == [Fraction(0), Fraction(1, 4), Fraction(1, 3), Fraction(1, 2),
                                        Fraction(2, 3), Fraction(3, 4), Fraction(1)]


def test_votes_cast_counts_states() -> None:
    table = fr.votes_cast(rollcalls.vote_matrix())
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


vote = st.sampled_from(list(rollcalls.VOTES))


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
    assert (agr.same == agr.same.T).all() and (agr.both == agr.both.T).all()
    assert ((agr.same >= 0) & (agr.same <= agr.both)).all()  # every defined share lies in [0, 1]
    for a in agr.states[:4]:
        for b in agr.states[:4]:
            share = agr.share(a, b)
            assert pd.isna(share) or 0 <= share <= 1
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


# --- each bloc's share of members, population and internet users -----------------------------------

def raw_weights() -> tuple[dict[str, float], dict[str, float]]:
    """Population (2019) and internet users (population x share online / 100), straight from the CSV files;
    a member with no share online is absent from the users."""
    people = pd.read_csv(DATA / "population.csv").set_index("iso3").population.astype(float)
    online = pd.read_csv(DATA / "internet_use_2019.csv").set_index("iso3").pct_population_online.dropna()
    return people.to_dict(), (people[online.index] * online / 100).to_dict()


SETTINGS = [(Fraction(1), 4), (Fraction(1), 3), (Fraction(3, 4), 4), (Fraction(1), 1), (Fraction(3, 10), 2)]


@pytest.mark.parametrize(("t", "min_common"), SETTINGS)
def test_bloc_reach_is_recomputed_from_the_tables(agr: fr.Agreement, t: Fraction, min_common: int) -> None:
    people, users = raw_weights()
    groups = sorted(independent_blocs(raw_profiles(), t, min_common), key=lambda g: (-len(g), min(g)))
    alone = set(people) - set().union(*groups)
    table = fr.bloc_reach(fr.blocs(agr, t, min_common))
    expected = [(number, g) for number, g in enumerate(groups, start=1)] + ([(0, alone)] if alone else [])
    assert list(table.bloc) == [number for number, _ in expected]
    for row, (_, members) in zip(table.itertuples(), expected, strict=True):
        known = members & set(users)
        assert row.states == len(members)
        assert row.share_of_members == pytest.approx(len(members) / len(people))
        assert row.share_of_population == pytest.approx(sum(people[s] for s in members) / sum(people.values()))
        assert row.share_of_internet_users == pytest.approx(sum(users[s] for s in known) / sum(users.values()))
        assert row.users_unknown == ", ".join(sorted(members - known))


def test_bloc_reach_splits_the_membership(agr: fr.Agreement) -> None:
    # blocs and the unattached together are all 193 members: every share column adds up to 1
    for t, min_common in SETTINGS:
        found = fr.blocs(agr, t, min_common)
        table = fr.bloc_reach(found)
        for column in ("share_of_members", "share_of_population", "share_of_internet_users"):
            assert table[column].sum() == pytest.approx(1.0), (t, min_common, column)
        assert table.states.sum() == 193
        assert list(table.share_of_members[table.bloc > 0]) == pytest.approx(found.shares())


def test_strict_blocs_weigh_differently_by_people_than_by_states(agr: fr.Agreement) -> None:
    # identical votes on all four roll calls: the bloc of China and Russia is a small share of the members
    # but a far larger share of their people (recomputed here from the tables, not typed in)
    people, _ = raw_weights()
    table = fr.bloc_reach(fr.blocs(agr, 1, 4)).set_index("bloc")
    found = fr.blocs(agr, 1, 4)
    china = found.bloc_of["CHN"]
    assert found.bloc_of["RUS"] == china
    members = [s for s, b in found.bloc_of.items() if b == china]
    assert table.loc[china, "share_of_population"] == pytest.approx(
        sum(people[s] for s in members) / sum(people.values()))
    assert table.loc[china, "share_of_population"] > 2 * table.loc[china, "share_of_members"]


def test_bloc_reach_refuses_a_state_outside_the_population_table() -> None:
    odd = fr.Blocs(threshold=Fraction(1), min_common=1, bloc_of={"USA": 1, "XXX": 1}, bridges=())
    with pytest.raises(ValueError, match=r"unknown state\(s\) \['XXX'\]"):
        fr.bloc_reach(odd)


_ARIA = re.compile(r'aria-label="([^"]*)"')
_BAR = re.compile(r"Bloc \(1 = largest\): ([^;]+); Share of the 193 member states' total \(%\): ([0-9.e+-]+)%; "
                  r"measure: ([^;]+);")


def _expected_bars(found: fr.Blocs) -> dict[tuple[str, str], float]:
    table = fr.bloc_reach(found)
    names = {"Member states": "share_of_members", "Population": "share_of_population",
             "Internet users": "share_of_internet_users"}
    return {("unattached" if row.bloc == 0 else str(row.bloc), label): float(getattr(row, column))
            for row in table.itertuples() for label, column in names.items()}


@pytest.mark.parametrize(("threshold_pct", "min_common"), [(100, 4), (100, 3), (75, 4)])
def test_explorer_reach_bars_follow_the_model_in_both_views(agr: fr.Agreement, threshold_pct: int,
                                                            min_common: int) -> None:
    import vl_convert

    e = ALL["fragmentation"]()
    want = _expected_bars(fr.blocs(agr, Fraction(threshold_pct, 100), min_common))
    values = {"threshold_pct": threshold_pct, "min_common": min_common}
    live = e.live_spec(e.defaults() | values, validate=True)
    for spec in (live, twin_spec(e, **values)):
        svg = vl_convert.vegalite_to_svg(spec)
        bars = {}
        for label in _ARIA.findall(svg):
            m = _BAR.match(html.unescape(label))
            if m:
                bars[(m.group(1), m.group(3))] = float(m.group(2)) / 100
        assert bars.keys() == want.keys()
        for key, share in want.items():
            assert bars[key] == pytest.approx(share, abs=1e-6), key
    result = e.compute(**values)
    table = fr.bloc_reach(fr.blocs(agr, Fraction(threshold_pct, 100), min_common)).set_index("bloc")
    for number, key in ((1, "largest"), (2, "second")):
        known = number in table.index
        assert result[f"{key}_population"] == (table.loc[number, "share_of_population"] if known else 0.0)
        assert result[f"{key}_users"] == (table.loc[number, "share_of_internet_users"] if known else 0.0)


# --- the chapter's prose quotes what the data give ------------------------------------------------

CHAPTER = Path(__file__).resolve().parents[1] / "book" / "05-order-or-bridges"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _chapter_texts() -> dict[str, str]:
    import nbformat

    lab = nbformat.read(CHAPTER / "fragmentation-lab.ipynb", as_version=4)
    return {"index.md": _flat((CHAPTER / "index.md").read_text(encoding="utf-8")),
            "fragmentation-lab": _flat("\n".join(c.source for c in lab.cells if c.cell_type == "markdown"))}


def test_the_chapter_quotes_the_blocs_weights_that_the_tables_give() -> None:
    people, users = raw_weights()
    groups = independent_blocs(raw_profiles(), Fraction(1), 4)
    alone = set(people) - set().union(*groups)

    def of(state: str) -> set[str]:
        return next(g for g in groups if state in g)

    def n(g: set[str]) -> str:
        return f"{len(g) / len(people):.1%}"

    def p(g: set[str]) -> str:
        return f"{sum(people[s] for s in g) / sum(people.values()):.1%}"

    def u(g: set[str]) -> str:
        return f"{sum(users[s] for s in g if s in users) / sum(users.values()):.1%}"

    china, middle, west, usa = of("CHN"), of("IND"), of("FRA"), of("USA")
    both = west | usa
    shared = [f"is {n(china)} of the members but holds {p(china)} of their people and {u(china)} of their internet "
              f"users", f"two western blocs together ({u(west)} and {u(usa)})"]
    wanted = {
        "index.md": [*shared, f"is {n(middle)} of the members and holds {p(middle)} of the people, but only "
                              f"{u(middle)} of the users", f"The {len(alone)} states that fall in no bloc",
                     f"{p(alone)} of its people"],
        "fragmentation-lab": [*shared, f"{n(middle)} of the members, holds {p(middle)} of the people but only "
                                       f"{u(middle)} of the users", f"The {len(alone)} unattached states",
                              f"{p(alone)} of the people and {u(alone)} of the users",
                              f"{len(both)} states ({n(both)} of the members) with {p(both)} of the people and "
                              f"{u(both)} of the internet users", f"bloc 3's {p(china)}"],
    }
    assert fr.blocs(fr.roll_call_agreement(), 1, 4).bloc_of["CHN"] == 3
    for name, text in _chapter_texts().items():
        for phrase in wanted[name]:
            assert phrase in text, (name, phrase)


def test_the_chapter_quotes_the_workload_that_the_tables_give() -> None:
    forums = pd.read_csv(DATA / "forums.csv")
    by_2017 = forums[forums.founded <= 2017]
    recent = forums[(forums.founded >= 2012) & (forums.founded <= 2019)]
    intergovernmental = recent[recent.model == "intergovernmental"]
    assert list(intergovernmental.short_name) == ["OEWG"]
    strategies = pd.to_numeric(pd.read_csv(DATA / "ncss_first_strategies.csv").first_strategy_year,
                               errors="coerce").dropna()
    up_to = strategies[strategies <= 2017]
    text = _chapter_texts()["index.md"]
    for phrase in [f"Of the {len(up_to)} countries", f"{(up_to >= 2012).mean():.1%} adopted it in 2012 or later and "
                   f"{(up_to >= 2015).mean():.1%} in 2015 or later",
                   f"of the {len(by_2017)} forums in it founded by 2017, {(by_2017.founded >= 2012).sum()} date from "
                   f"2012 or later and {(by_2017.founded >= 2015).sum()} from 2015 or later",
                   f"Of the {len(recent)} forums founded from 2012 to 2019, only one, the OEWG, is intergovernmental"]:
        assert phrase in text, phrase


def test_bloc_reach_names_the_blocs_when_a_state_is_unknown(agr: fr.Agreement) -> None:
    """Found by the API sweep: blocs holding a code no table knows ('') are refused with a message naming them."""
    from dataclasses import replace

    found = fr.blocs(agr, 1, 4)
    broken = replace(found, bloc_of={**found.bloc_of, "": 0})
    with pytest.raises(ValueError, match=r"found \(the Blocs\), bloc 0: unknown state\(s\) \[''\]"):
        fr.bloc_reach(broken)
