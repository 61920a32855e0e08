"""A property sweep over the public API: every function that takes amounts, shares, years, codes, mappings or tables.

Each function is called with at least 1,000 drawn inputs, valid ones mixed with wrong types, empty inputs, NaN
and infinity, negatives, huge values, unknown and repeated codes, numpy scalars and pandas Series. Every call
must either give a valid answer (shares in [0, 1], no NaN, sums as documented) or raise ``ValueError``,
``TypeError`` or ``KeyError`` from the package's own code, with a message naming what is wrong: never an
exception from inside pandas or numpy, never a NaN or a negative share.

Speed: hypothesis spends about as long drawing a nested ``one_of`` as most of these functions take to run,
so each kind of input is a *pool*: a few hundred values made once with a seeded generator (valid values,
wrong types, edges), from which hypothesis draws (``sampled_from``: one choice per argument, shrinking
towards the simple values listed first). Functions that take the same kinds of input share one draw.

Left out: functions without inputs (``population_of``, ``presets`` ...), the explorers and charts (each builds
an Altair chart: too slow for 1,000 calls; their models are the functions swept here) and
``coursework.answer`` (it raises ``AssertionError`` for students by design).
"""

from __future__ import annotations

import atexit
import functools
import math
import resource
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cyberorder
from cyberorder import (
    cyberpower,
    data,
    forums,
    fragmentation,
    history,
    institutions,
    power,
    reach,
    robustness,
    rollcalls,
    scenarios,
    values,
    yourdata,
)

EXAMPLES = 1000
PACKAGE = Path(cyberorder.__file__).resolve().parent
ERRORS = (ValueError, TypeError, KeyError)
TOL = 1e-9

# -- the data the pools draw from -----------------------------------------------------------------------

UN = sorted(reach.population_of())
GROUPS, CAMPS = forums.group_of(), forums.camp_of()
USERS = data.load("internet_users_by_continent")
ROOTS = data.load("root_servers")
GDP = data.load("gdp_share")
NCPI = data.load("ncpi_2020_scores")
FIW = data.load("freedom_in_the_world_status")
QUOTAS = data.load("imf_quota_shares")
GGES = data.load("gge_groups")
STRATEGIES = data.load("ncss_first_strategies")
FORUMS = data.load("forums")
UN_VOTES = data.load("un_votes")
QUOTA_AFTER = institutions.quota_shares(QUOTAS, "after_14th_review")
TMP = Path(tempfile.mkdtemp(prefix="cyberorder-sweep-"))
atexit.register(shutil.rmtree, TMP, ignore_errors=True)  # the CSV files the pools write

# -- pools of right and wrong values --------------------------------------------------------------------

RNG = np.random.default_rng(17)
SIZE = 400
"""Values made for each pool."""

ODD_VALUES = [None, True, False, "1", "x", "", [1], (), {"a": 1}, pd.NA, np.bool_(True), complex(1, 1), math.nan,
              math.inf, -math.inf, 10**400, -(10**400), 1e308, -1e308, 5e-324, -0.0, 2**63, -1, -1e-300,
              np.float64(math.nan), np.float32(math.inf), np.int64(-1), Fraction(1, 3), np.float32(0.5), 0.5, 1, 0]
"""Values no function should take for a number, the edges of floats, and a few numbers of every kind."""
ODD = st.sampled_from(ODD_VALUES)
NAME_POOL = ["a", "b", "c", "d", power.REST_OF_WORLD, institutions.OTHER_MEMBERS]
CODE_POOL = [*UN[::7], "XXX", "usa", "US", "TWN", "", "Germany"]
"""ISO3 codes: 28 UN member states, and codes that are not (a typo, lower case, a name, Taiwan)."""

Maker = Callable[[], Any]


def pick(items: Sequence[Any]) -> Any:
    """One item, at random."""
    return items[int(RNG.integers(len(items)))]


def pool(make: Maker, *first: Any, size: int = SIZE) -> st.SearchStrategy[Any]:
    """A draw out of ``first`` (simple values, which failures shrink towards) and ``size`` made values."""
    return st.sampled_from([*first, *(make() for _ in range(size))])


def number(low: float = -1e9, high: float = 1e9) -> Maker:
    """Makes numbers: mostly floats in [low, high] (spread over orders of magnitude when the range is wide),
    sometimes ints, numpy scalars (float64, int64, float32) or an odd value."""
    def make() -> Any:
        if high > 1e6 and RNG.random() < 0.5:
            x = min(high, max(low, 10 ** RNG.uniform(-3, math.log10(high))))
        else:
            x = float(RNG.uniform(low, high))
        kind = int(RNG.integers(10))
        if kind == 4 and math.ceil(low) <= round(x) <= high:
            return round(x)
        if kind == 5:
            return np.float64(x)
        if kind == 6 and abs(x) < 2**62 and math.ceil(low) <= round(x) <= high:
            return np.int64(round(x))
        if kind == 7 and abs(x) < 1e38:
            return np.float32(x)
        return pick(ODD_VALUES) if kind >= 8 else x
    return make


def numbers(low: float = -1e9, high: float = 1e9) -> st.SearchStrategy[Any]:
    """Numbers, mostly in [low, high] (see :func:`number`)."""
    return pool(number(low, high), low, high, (low + high) / 2)


def counts(low: int = 0, high: int = 10**6) -> st.SearchStrategy[Any]:
    """Whole numbers, mostly in [low, high]; sometimes numpy integers, huge integers, floats or odd values."""
    def make() -> Any:
        n = int(RNG.integers(low, high + 1))
        kind = int(RNG.integers(10))
        return [n, n, n, n, n, np.int64(n), int(pick([-1, 1])) * 10 ** int(RNG.integers(7, 400)), float(n) + 0.5,
                float(n), pick(ODD_VALUES)][kind]
    return pool(make, low, high)


def _year() -> Any:
    y = int(RNG.integers(1990, 2025))
    kind = int(RNG.integers(10))
    return [y, y, y, y, y, np.int64(y), float(y), pick([20100, 1899, 2101, 0, -2019, 2019.5, "2019", "soon"]),
            pick(ODD_VALUES), int(RNG.integers(-10**6, 10**6))][kind]


YEAR = pool(_year, 2019, 2016, 2005)


def code_list(max_size: int = 8) -> Any:
    """A list of codes: distinct UN member states (as a list, tuple or Series), unknown or repeated codes,
    one string, an empty list, an item that is not a code, or something else."""
    good = list(RNG.choice(UN, size=int(RNG.integers(1, max_size + 1)), replace=False))
    good = [str(c) for c in good]
    kind = int(RNG.integers(10))
    if kind == 4:
        return tuple(good)
    if kind == 5:
        return pd.Series(good)
    if kind == 6:
        return [pick(CODE_POOL) for _ in range(int(RNG.integers(1, max_size + 1)))]
    if kind == 7:
        return pick(UN)
    if kind == 8:
        return pick([[], ["USA", 840], [["USA"]], ["USA", None]])
    return pick(ODD_VALUES) if kind == 9 else good


def code_lists(max_size: int = 8) -> st.SearchStrategy[Any]:
    """Lists of ISO3 codes, right and wrong (see :func:`code_list`)."""
    return pool(lambda: code_list(max_size), ["USA", "CHN"])


def mapping_of(keys: Sequence[Any], value: Maker, max_size: int = 6) -> Any:
    """A dict from a run of distinct ``keys`` to made values; sometimes a Series, a key that is not text,
    a list or something else."""
    n = int(RNG.integers(0, min(max_size, len(keys)) + 1))
    start = int(RNG.integers(len(keys)))
    d = {keys[(start + j) % len(keys)]: value() for j in range(n)}
    kind = int(RNG.integers(10))
    if kind in (6, 7):
        return pd.Series(d, dtype=object if any(not isinstance(v, (int, float)) for v in d.values()) else None)
    if kind == 8:
        return {**d, 3: value()}
    if kind == 9:
        return pick([list(d.values()), None, "x", 3, ()])
    return d


def mappings(keys: Sequence[Any], value: Maker, max_size: int = 6) -> st.SearchStrategy[Any]:
    return pool(lambda: mapping_of(keys, value, max_size), {})


def share_map(keys: Sequence[str], max_size: int = 6) -> Any:
    """Shares that add up to 1 (a dict or a Series), or broken ones: out of [0, 1], not adding up, empty."""
    kind = int(RNG.integers(10))
    if kind >= 7:
        return mapping_of(keys, number(-0.5, 1.5), max_size)
    n = int(RNG.integers(1, min(max_size, len(keys)) + 1))
    counts_ = RNG.integers(0, 51, size=n)
    counts_[0] += 1 if counts_.sum() == 0 else 0
    start = int(RNG.integers(len(keys)))
    d = {keys[(start + j) % len(keys)]: float(c / counts_.sum()) for j, c in enumerate(counts_)}
    return pd.Series(d) if kind == 6 else d


def share_maps(keys: Sequence[str], max_size: int = 6) -> st.SearchStrategy[Any]:
    return pool(lambda: share_map(keys, max_size), {"a": 0.5, "b": 0.5}, {"a": 1.0})


def list_of(item: Maker, max_size: int = 5) -> Any:
    """A list (or tuple) of made items; sometimes one string, or something else."""
    items = [item() for _ in range(int(RNG.integers(0, max_size + 1)))]
    kind = int(RNG.integers(10))
    return tuple(items) if kind == 7 else pick(["a", "Europe", "USA"]) if kind == 8 else \
        pick(ODD_VALUES) if kind == 9 else items


def lists_of(item: Maker, max_size: int = 5) -> st.SearchStrategy[Any]:
    return pool(lambda: list_of(item, max_size), [])


def one_of(items: Sequence[Any]) -> Maker:
    return lambda: pick(items)


CELLS = [*ODD_VALUES, "", "x", "2019", "true", "false", "yes", "USA", -5, 1e12, 0.5]


def spoil(table: pd.DataFrame, columns: Sequence[str]) -> Any:
    """The table, or with one cell of ``columns`` spoiled (NaN, negative, text, huge), a column dropped, no rows,
    or not a table at all."""
    kind = int(RNG.integers(10))
    if kind in (2, 3, 4) and len(table):
        column, row = pick(columns), int(RNG.integers(len(table)))
        cells = table[column].astype(object).tolist()
        cells[row] = pick(CELLS) if RNG.random() < 0.7 else number()()
        return table.assign(**{column: pd.Series(cells, index=table.index, dtype=object)})
    if kind == 5:
        return table.drop(columns=pick(columns))
    if kind == 6:
        return table.iloc[:0]
    if kind == 7:
        return pick([None, table.to_dict(), list(table.columns), "table.csv", 3])
    return table


def rows_of(table: pd.DataFrame, max_rows: int = 6) -> pd.DataFrame:
    """A few rows of a real table, in any order (repeats possible)."""
    return table.iloc[RNG.integers(len(table), size=int(RNG.integers(0, max_rows + 1)))].reset_index(drop=True)


def tables(table: pd.DataFrame, columns: Sequence[str], max_rows: int = 6, size: int = 200) -> st.SearchStrategy[Any]:
    """Tables of a few real rows, spoiled in one of the ways of :func:`spoil`."""
    return pool(lambda: spoil(rows_of(table, max_rows), columns), rows_of(table, max_rows), size=size)


def _users_table() -> Any:
    if RNG.random() < 0.5:
        years = RNG.choice(sorted(set(USERS.year)), size=int(RNG.integers(1, 3)), replace=False)
        table = USERS[USERS.year.isin(years)].reset_index(drop=True)
    else:
        table = rows_of(USERS, 8)
    return spoil(table, ["continent", "year", "internet_users", "world_internet_users"])


def _roll_call() -> Any:
    """A long vote table (every state of a few on each of a few resolutions, some spoiled); one time in twenty
    the book's four roll calls (193 states)."""
    if RNG.random() < 0.05:
        return UN_VOTES
    states = [str(s) for s in RNG.choice(UN[:12], size=int(RNG.integers(1, 6)), replace=False)]
    resolutions = [str(r) for r in RNG.choice([rollcalls.OEWG_RESOLUTION, rollcalls.US_RESOLUTION, "A/RES/74/28"],
                                              size=int(RNG.integers(1, 4)), replace=False)]
    cells = [(r, s) for r in resolutions for s in states]
    table = pd.DataFrame({"resolution": [r for r, _ in cells], "iso3": [s for _, s in cells],
                          "vote": [pick(rollcalls.VOTES) for _ in cells]})
    return spoil(table, ["resolution", "iso3", "vote"])


def _groups_outcome() -> tuple[Any, Any]:
    """Group labels and a boolean outcome for a few states (Series on the same index), sometimes spoiled."""
    index = ["USA", "CHN", "RUS", "BRA", "IND", "FRA"][:int(RNG.integers(0, 7))]
    groups = pd.Series([pick(["g1", "g2", "g3", "g1", None]) for _ in index], index=index, dtype=object)
    outcome = [bool(RNG.random() < 0.5) if RNG.random() < 0.9 else number(0, 1)() for _ in index]
    kind = bool if all(isinstance(o, bool) for o in outcome) else object
    return pick([groups, groups, groups, groups.to_dict(), None]), pd.Series(outcome, index=index, dtype=kind)


def _amount_text() -> str:
    header = pick(["actor,amount\n", "\ufeffactor,amount\n", "actor;amount\n", "amount\n", ""])
    actors = ["A", "B", "C", "", '"Q,R"']
    amounts = ["1", "5", "0", "-5", "100", "x", "nan", "inf", "1e400", ""]
    return header + "".join(f"{pick(actors)},{pick(amounts)}\n" for _ in range(int(RNG.integers(0, 5))))


def _csv_file(i: int) -> Path:
    """A CSV file on disk: UTF-8 with or without a BOM, Latin-1 or UTF-16, ragged rows, odd cells."""
    header = pick(["actor,share,count\n", "\ufeffactor,share,count\n", "actor,share\n", ""])
    cells = ["A", "Åland", "0.5", "1.2", "-1", "x", "", "nan", "1", "\x00", '"']
    body = "\n".join(",".join(pick(cells) for _ in range(int(RNG.integers(1, 5))))
                     for _ in range(int(RNG.integers(0, 5))))
    path = TMP / f"t{i}.csv"
    path.write_bytes((header + body).encode(pick(["utf-8", "utf-8", "latin-1", "utf-16"]), errors="replace"))
    return path


CSV_SCHEMA = {"fields": [{"name": "actor", "type": "string", "constraints": {"required": True}},
                         {"name": "share", "type": "number", "constraints": {"minimum": 0, "maximum": 1}},
                         {"name": "count", "type": "integer"}]}
A_TABLE = pd.DataFrame({"actor": ["A", "B"], "amount": [1.0, 3.0], "year": [2020, 2020], "world": [10.0, 10.0]})

RESOLUTION = st.sampled_from([rollcalls.OEWG_RESOLUTION, rollcalls.US_RESOLUTION, "A/RES/74/28", "x", *ODD_VALUES])
GROUP_OF = pool(lambda: GROUPS if RNG.random() < 0.5 else mapping_of(
    CODE_POOL, one_of([*forums.UN_REGIONAL_GROUPS, None, 3]), 8), GROUPS)
CAMP_OF = pool(lambda: CAMPS if RNG.random() < 0.5 else mapping_of(CODE_POOL, one_of(rollcalls.CAMPS), 8), CAMPS)
FREEDOM_OF = mappings(["USA", "CHN", "EST", "RUS"], number(-10, 110))
SHARE_NAMES = st.sampled_from([*NAME_POOL, *ODD_VALUES[:8]])
STEPS = lists_of(lambda: (pick([forums.ADD, forums.REMOVE, forums.TOGGLE, "join"]),
                           pick([*CODE_POOL, *forums.UN_REGIONAL_GROUPS]))
                 if RNG.random() < 0.9 else pick([("add",), ["add", "USA"], ("add", ["USA"])]))
WEIGHTS = pool(lambda: pick([lambda: {k: number(0, 1e308)() for k in cyberpower.OBJECTIVES},
                             lambda: mapping_of([*cyberpower.OBJECTIVES, "espionage"], number(0, 10), 8)])(),
               cyberpower.EQUAL_WEIGHTS)
FORUM_MAPS = mappings(["G7", "BRICS", "", "x|y"], lambda: code_list(5), 3)
PEOPLE = pool(lambda: None if RNG.random() < 0.5 else mapping_of(CODE_POOL, number(0, 1e12)), None)
LABEL = st.sampled_from([*forums.presets(), "G20", "", *ODD_VALUES])
RANK = pool(lambda: reach.population_of() if RNG.random() < 0.5 else mapping_of(CODE_POOL, number(0, 1e9)))
ITEMS = pool(lambda: code_list() if RNG.random() < 0.6 else list_of(one_of(["Brazil", "Brasil", "india", "Taiwan",
                                                                         "BRA", 3])))
VOTES_OF = mappings(CODE_POOL, one_of([*rollcalls.VOTES, *rollcalls.VOTES, "Y", None]))
WEST = lists_of(one_of([*power.CONTINENTS, "Europa", "", power.NOT_ATTRIBUTED]))
FOTN_SETS = pool(lambda: None if RNG.random() < 0.3 else list_of(one_of(["USA", "CHN", "EST", "XXX"])), None)


# -- what a valid answer is ------------------------------------------------------------------------------

def is_share(x: Any) -> bool:
    """A share: a real number in [0, 1] (up to rounding), never NaN."""
    return isinstance(x, (int, float, np.floating, np.integer)) and not isinstance(x, bool) and \
        -TOL <= float(x) <= 1 + TOL


def shares_of_one(d: Any) -> None:
    """Shares that add up to 1."""
    assert isinstance(d, dict) and d and all(is_share(v) for v in d.values()), d
    assert math.isclose(sum(d.values()), 1.0, abs_tol=1e-6), d


def finite(x: Any) -> None:
    assert isinstance(x, (int, float, np.floating, np.integer)) and math.isfinite(float(x)), x


def no_nan(frame: pd.DataFrame, *share_columns: str) -> None:
    """A table without NaN, whose share columns hold shares."""
    assert isinstance(frame, pd.DataFrame)
    numeric = frame.select_dtypes("number")
    assert not numeric.isna().any().any() and np.isfinite(numeric.to_numpy(dtype=float)).all(), frame
    for column in share_columns:
        assert all(is_share(v) for v in frame[column]), frame[column]


def reach_ok(r: reach.Reach) -> None:
    assert r.states >= 1
    for s in (r.share_of_members, r.share_of_population, r.share_of_internet_users):
        assert is_share(s), r


def anything(_: Any) -> None:
    """Any answer is valid (the function returns labels, not quantities); what matters is how it fails."""


def _lone(r: cyberpower.LoneSuperpower) -> None:
    assert is_share(r.leader_share) and is_share(r.challengers_share)


def _comparison(r: cyberpower.WeightComparison) -> None:
    assert math.isclose(sum(w.gap for w in r.countries.values()), 0.0, abs_tol=1e-9)
    for w in r.countries.values():
        assert is_share(w.cyber_share) and is_share(w.gdp_share)


def _web(w: power.Web) -> None:
    for s in (w.state_share, w.nonstate_share, w.leading_state_share, w.each_nonstate_share, w.hhi_states, w.hhi_all):
        assert is_share(s), w
    assert w.hhi_all > 0


def _summary(s: values.FotnSummary) -> None:
    shares_of_one({"f": s.share_free, "p": s.share_partly_free, "n": s.share_not_free})
    assert -TOL <= s.mean_freedom <= 100 + TOL


def _profile(p: forums.ForumProfile) -> None:
    shares_of_one(p.group_shares)
    shares_of_one(p.camp_shares)
    assert is_share(p.regional_distance)


def _forum_summary(s: forums.ForumSummary) -> None:
    reach_ok(s.reach)
    shares_of_one(s.camp_shares)
    assert is_share(s.regional_distance)


def _first(t: pd.DataFrame) -> None:
    no_nan(t)
    assert (t.new >= 0).all() and t.cumulative.is_monotonic_increasing and len(t) <= 201


def _by_model(t: pd.DataFrame) -> None:
    no_nan(t)
    assert (t.new >= 0).all()


def _status(t: pd.DataFrame) -> None:
    no_nan(t, "Share Free", "Share Free or Partly Free", "Share Not Free")
    assert t["Free minus Not Free"].between(-1 - TOL, 1 + TOL).all()


def _alloc(a: dict[str, int], group_of: Any, seats: Any) -> None:
    assert all(isinstance(n, int) and n >= 0 for n in a.values()) and sum(a.values()) == seats


def _mirror(m: list[str], group_of: Any, seats: Any, rank: Any) -> None:
    assert len(m) == len(set(m)) == seats


def _member_counts(c: dict[str, int], quota: Any, members: Any) -> None:
    assert all(isinstance(n, int) and n >= 1 for n in c.values())
    assert sum(c.values()) == members or institutions.OTHER_MEMBERS not in c


def _spread(s: float) -> None:
    finite(s)
    assert s >= -TOL


def _reach_rows(rows_: list[dict[str, Any]]) -> None:
    for r in rows_:
        assert all(is_share(r[k]) for k in ("share_of_members", "share_of_population", "share_of_internet_users")), r


def _ranked(r: list[tuple[str, float]]) -> None:
    assert all(is_share(s) for _, s in r) and [s for _, s in r] == sorted((s for _, s in r), reverse=True)


def _blocs_ok(b: fragmentation.Blocs) -> None:
    assert b.count == len(b.sizes) and all(is_share(s) for s in b.shares())


def _curve(t: pd.DataFrame) -> None:
    no_nan(t, "largest_share", "threshold")


def _read(t: pd.DataFrame) -> None:
    """A table read against CSV_SCHEMA: every share given lies in [0, 1] (a missing count stays missing)."""
    assert all(is_share(x) for x in t["share"].dropna()), t


def _permutation(r: robustness.PermutationResult) -> None:
    finite(r.statistic)
    assert r.statistic >= -TOL and 0 < r.p_value <= 1


# -- the calls, in groups that share one drawn bundle of inputs ------------------------------------------
#
# Drawing inputs costs more than most calls, so the functions that take the same kinds of input share one
# draw: every example of a group calls each of its functions once. Each function still gets its own
# arguments out of the bundle, and at least 1,000 calls.


@dataclass(frozen=True)
class Call:
    """One public function, which inputs of the bundle it takes, what a valid answer is, and the words an
    error must use (one of them, so that the message names what is wrong)."""

    func: Callable[..., Any]
    args: tuple[str, ...]
    kwargs: tuple[tuple[str, str], ...] = ()
    valid: Callable[..., None] | None = None
    """Checks the answer; with ``related`` it also gets the arguments: ``valid(result, *args, **kwargs)``."""
    names: tuple[str, ...] = ()
    related: bool = False
    keep: str | None = None
    """Stores the answer (or, when the call fails, its first argument) in the bundle under this name, as the
    input of the calls that follow (a vote matrix, an agreement)."""

    @property
    def id(self) -> str:
        return f"{self.func.__module__.rsplit('.', 1)[-1]}.{self.func.__name__}"


def call(func: Callable[..., Any], *args: str, valid: Callable[..., None] | None = None,
         names: tuple[str, ...] = (), related: bool = False, keep: str | None = None, **kwargs: str) -> Call:
    """``func(bundle[args[0]], ..., key=bundle[kwargs[key]])``."""
    return Call(func, args, tuple(kwargs.items()), valid, names, related, keep)


@dataclass(frozen=True)
class Group:
    """Functions that draw their inputs from one bundle; ``derive`` adds inputs computed from the drawn ones."""

    name: str
    bundle: dict[str, st.SearchStrategy[Any]]
    calls: tuple[Call, ...]
    derive: Callable[[dict[str, Any]], None] | None = None


GROUPS_ = (
    Group("shares", {"share_of": share_maps(NAME_POOL), "other": share_maps(NAME_POOL),
                     "names": lists_of(one_of(NAME_POOL)), "more": lists_of(one_of(NAME_POOL)),
                     "actor": SHARE_NAMES, "absorb": st.sampled_from([None, *NAME_POOL, 3, ["a"]]),
                     "unit": numbers(0, 1), "ratio": numbers(0, 10),
                     "factor": numbers(0, 1e6), "count": counts(1, 10**6), "members": counts(1, 300)}, (
        call(power.group_share, "share_of", "names", valid=lambda s: is_share(s) or pytest.fail(str(s)),
             names=("share", "member")),
        call(power.hhi, "share_of", valid=lambda h: is_share(h) or pytest.fail(str(h)), names=("share",)),
        call(power.effective_poles, "share_of", valid=finite, names=("share",)),
        call(power.among, "share_of", "names", valid=shares_of_one, names=("share", "exclude", "nothing is left")),
        call(power.ranked, "share_of", "names", valid=_ranked, names=("share", "exclude")),
        call(power.lead, "share_of", "names", valid=lambda r: is_share(r.leader_share - r.runner_up_share),
             names=("share", "exclude", "actors")),
        call(power.polarity, "share_of", pole_share="unit", unipolar_ratio="ratio", exclude="names",
             valid=lambda p: p.label in ("unipolar", "bipolar", "multipolar", "nonpolar") or pytest.fail(p.label),
             names=("share", "pole_share", "unipolar_ratio", "exclude")),
        call(power.rescale, "share_of", "actor", "factor", valid=shares_of_one,
             names=("share", "actor", "factor", "add up to 0")),
        call(power.chessboard_and_web, "share_of", "unit", "count", valid=_web,
             names=("share", "nonstate_share", "nonstate_actors")),
        call(cyberpower.lone_superpower, "share_of", "names", valid=_lone, names=("share", "exclude", "actors")),
        call(forums.dissimilarity, "share_of", "other", valid=lambda d: is_share(d) or pytest.fail(str(d)),
             names=("p", "q", "share")),
        call(institutions.member_counts, "share_of", "members", valid=_member_counts, related=True,
             names=("members", "quota", "share_of")),
        call(institutions.voting_shares, "share_of", "members", "unit", valid=shares_of_one,
             names=("quota", "members", "basic_share")),
        call(institutions.group_total, "share_of", "names", valid=lambda s: is_share(s) or pytest.fail(str(s)),
             names=("share", "group", "member")),
        call(institutions.move_quota, "share_of", "names", "more", "unit", valid=shares_of_one,
             names=("quota", "group", "member", "fraction", "losers", "gainers", "overlap")),
    )),
    Group("amounts", {"amounts": mappings(NAME_POOL, number(0, 1e308)), "gdp": mappings(NAME_POOL, number(0, 1e15)),
                      "left_out": pool(lambda: None if RNG.random() < 0.5 else mapping_of(NAME_POOL, lambda: "why")),
                      "actor": SHARE_NAMES}, (
        call(power.shares, "amounts", valid=shares_of_one, names=("amount", "values", "shares")),
        call(cyberpower.rank_of, "amounts", "actor", valid=lambda r: r >= 1,
             names=("scores", "index", "amount", "add up to 0")),
        call(cyberpower.punching_above_weight, "amounts", "gdp", "left_out", valid=_comparison,
             names=("cyber", "gdp", "GDP", "left_out", "amount", "countr", "left out")),
    )),
    Group("numbers", {"a": numbers(0, 1), "b": numbers(0, 1), "c": numbers(0, 1), "d": numbers(0, 1),
                      "majority": numbers(0.5, 1), "score": numbers(-10, 110), "high": numbers(-10, 110),
                      "low": numbers(-10, 110), "scale": st.sampled_from([*values.FOTN_SCALES, *ODD_VALUES]),
                      "steps": st.sampled_from([*range(1, 13), np.int64(4), 0, -3, 201, 10**9, 2.0, 4.5, *ODD_VALUES]),
                      "freedom_of": FREEDOM_OF, "members": FOTN_SETS}, (
        call(scenarios.scenario, "a", "b", "c", "d", valid=lambda s: s.name in scenarios.SCENARIOS and s.distance >= 0,
             names=("accommodation", "commitment", "capacity", "traction")),
        call(scenarios.region_shares, "a", "b", "steps", valid=shares_of_one, names=("capacity", "traction", "steps")),
        call(institutions.blocking_margin, "a", "majority", valid=lambda m: -1 - TOL <= m <= 1 + TOL,
             names=("voting_share", "majority")),
        call(institutions.can_block, "a", "majority", valid=lambda x: isinstance(x, bool),
             names=("voting_share", "majority")),
        call(values.fotn_freedom, "score", "scale", valid=lambda f: -TOL <= f <= 100 + TOL or pytest.fail(str(f)),
             names=("score", "scale")),
        call(values.fotn_status, "score", "high", "low", valid=lambda s: s in values.FOTN_STATUSES or pytest.fail(s),
             names=("freedom", "free_from", "not_free_below")),
        call(values.fotn_summary, "freedom_of", "members", free_from="high", not_free_below="low", valid=_summary,
             names=("freedom_of", "members", "group", "free_from", "not_free_below", "assessed")),
    )),
    Group("codes", {"members": code_lists(), "people": PEOPLE, "users": PEOPLE, "group_of": GROUP_OF,
                    "camp_of": CAMP_OF, "known": st.sampled_from([UN, ["USA", "CHN"]]), "steps": STEPS,
                    "forums": FORUM_MAPS, "seats": counts(1, 193), "label": LABEL, "rank": RANK, "items": ITEMS}, (
        call(reach.check_members, "members", "known", valid=anything, names=("group", "member", "state")),
        call(reach.reach, "members", "people", "users", valid=reach_ok,
             names=("group", "people", "users", "state", "member")),
        call(reach.reach_table, "forums", valid=_reach_rows, names=("groups", "group", "member", "state")),
        call(forums.forum_profile, "members", "group_of", "camp_of", valid=_profile,
             names=("forum", "group_of", "camp_of", "state", "member")),
        call(forums.mirror_allocation, "group_of", "seats", valid=_alloc, related=True, names=("group_of", "seats")),
        call(forums.mirror_members, "group_of", "seats", "rank", valid=_mirror, related=True,
             names=("group_of", "seats", "rank")),
        call(forums.compare_forums, "forums", "group_of", "camp_of",
             valid=lambda t: no_nan(t, "regional_distance", "share_of_members", "share_of_population",
                                    "share_of_internet_users"),
             names=("forum", "group_of", "camp_of", "state", "member")),
        call(forums.preset, "label", valid=anything, names=("preset",)),
        call(forums.edit, "members", "steps", valid=anything, names=("forum", "step", "operation", "state", "group")),
        call(forums.summarise, "members", valid=_forum_summary, names=("forum", "state", "member", "group")),
        call(yourdata.member_codes, "items", valid=anything, names=("forum", "item", "state", "list")),
    )),
    Group("votes", {"votes": pool(_roll_call), "resolution": RESOLUTION, "other": RESOLUTION,
                    "votes_of": VOTES_OF, "changes": VOTES_OF, "group_of": GROUP_OF,
                    "to": st.sampled_from([*rollcalls.VOTES, "maybe", *ODD_VALUES]), "threshold": numbers(0, 1),
                    "min_common": counts(1, 4), "thresholds": lists_of(number(0, 1), 3)}, (
        call(rollcalls.vote_matrix, "votes", valid=lambda m: m.isin(rollcalls.VOTES).all().all() or pytest.fail(),
             names=("vote", "votes", "resolution", "iso3"), keep="matrix"),
        call(rollcalls.member_states, "votes", valid=anything, names=("vote", "votes", "resolution", "iso3")),
        call(rollcalls.votes_on, "matrix", "resolution", valid=anything, names=("matrix", "resolution")),
        call(rollcalls.tally, "votes_of", valid=lambda t: t.yes >= 0 and t.no >= 0, names=("vote", "roll call")),
        call(rollcalls.flip, "votes_of", "changes", valid=anything, names=("votes_of", "changes", "state", "flip")),
        call(rollcalls.flips_by_group, "matrix", "resolution", "group_of", "to", valid=lambda t: no_nan(t),
             names=("matrix", "resolution", "group_of", "to ", "vote")),
        call(rollcalls.bridges, "matrix", "resolution", "other", valid=anything, names=("matrix", "resolution")),
        call(rollcalls.camps, "matrix", "resolution", "other", valid=anything, names=("matrix", "resolution")),
        call(fragmentation.agreement, "matrix", valid=anything, names=("matrix", "vote"), keep="agr"),
        call(fragmentation.agreement_levels, "agr", valid=lambda lv: all(0 <= x <= 1 for x in lv),
             names=("agr", "Agreement")),
        call(fragmentation.blocs, "agr", "threshold", "min_common", valid=_blocs_ok,
             names=("agr", "threshold", "min_common"), keep="found"),
        call(fragmentation.bloc_reach, "found",
             valid=lambda t: no_nan(t, "share_of_members", "share_of_population", "share_of_internet_users"),
             names=("found", "Blocs")),
        call(fragmentation.fragmentation_curve, "agr", "thresholds", "min_common", valid=_curve,
             names=("agr", "threshold", "min_common")),
        call(fragmentation.votes_cast, "matrix", valid=lambda t: no_nan(t), names=("matrix",)),
    )),
    Group("users and roots", {"users": pool(_users_table, USERS),
                              "roots": tables(ROOTS, ["operator_continent"], 13), "year": YEAR, "west": WEST}, (
        call(power.users_with_remainder, "users", valid=lambda t: no_nan(t), names=("users", "world total")),
        call(power.user_shares, "users", "year", valid=shares_of_one, names=("users", "year")),
        call(power.root_server_shares, "roots", valid=lambda d: all(is_share(v) for v in d.values()) or pytest.fail(),
             names=("roots", "operator_continent")),
        call(power.users_and_roots, "users", "roots", "year", "west",
             valid=lambda r: all(is_share(s) for s in (r.west_user_share, r.west_root_share, r.asia_user_share)),
             names=("users", "roots", "year", "west", "continent", "member")),
    )),
    Group("tables of the record", {
        "world": tables(GDP, ["actor", "year", "gdp_current_usd_bn", "world_gdp_current_usd_bn"], 8),
        "year": YEAR, "value": st.sampled_from(["gdp_current_usd_bn", "gdp"]),
        "total": st.sampled_from(["world_gdp_current_usd_bn", *ODD_VALUES]),
        "strategies": tables(STRATEGIES, ["first_strategy_year", "iso3"], 8),
        "gges": tables(GGES, ["last_year", "consensus_report"]),
        "forums": tables(FORUMS, ["forum", "founded", "model"]),
        "quotas": tables(QUOTAS, ["iso3", "quota_share_pct", "period"], 8),
        "period": st.sampled_from([*institutions.PERIODS, *ODD_VALUES])}, (
        call(power.shares_of_world, "world", "year", value="value", world="total", valid=shares_of_one,
             names=("table", "year", "column", "actor", "world", "gdp")),
        call(history.first_strategies_by_year, "strategies", valid=_first,
             names=("strateg", "first_strategy_year", "iso3", "countr")),
        call(history.gge_record, "gges", "year", valid=lambda r: 0 <= r.consensus_reports <= r.groups,
             names=("gge", "until", "last_year", "consensus_report", "GGE")),
        call(history.forums_by_year, "forums", valid=_by_model, names=("forum", "founded", "model")),
        call(institutions.quota_shares, "quotas", "period", valid=shares_of_one,
             names=("period", "quota", "table", "member")),
    )),
    Group("indices", {"ncpi": tables(NCPI, ["country", "obj_offense", "obj_norms", "intent_score"]),
                      "weights": WEIGHTS, "measure": st.sampled_from([*cyberpower.NCPI_MEASURES, *ODD_VALUES]),
                      "year": YEAR, "fiw": tables(FIW, ["survey_year", "free", "not_free", "total_countries"], 5),
                      "fiw_measure": st.sampled_from([*values.FIW_MEASURES, *ODD_VALUES]), "first": YEAR,
                      "last": YEAR}, (
        call(cyberpower.objective_scores, "ncpi", valid=lambda t: no_nan(t), names=("NCPI", "score", "countr")),
        call(cyberpower.weighted_scores, "ncpi", "weights",
             valid=lambda d: all(-TOL <= v <= 100 + TOL for v in d.values()) or pytest.fail(str(d)),
             names=("NCPI", "score", "weight", "objective", "countr")),
        call(cyberpower.measure_scores, "ncpi", "measure",
             valid=lambda d: all(v >= 0 and math.isfinite(v) for v in d.values()) or pytest.fail(str(d)),
             names=("NCPI", "measure", "countr", "score", "intent")),
        call(cyberpower.gdp_by_country, "year", valid=lambda d: all(v > 0 for v in d.values()), names=("year", "GDP")),
        call(values.status_shares, "fiw", valid=_status, names=("Freedom in the World", "fiw", "survey", "free",
                                                                  "total")),
        call(values.measure_series, "fiw", "fiw_measure",
             valid=lambda x: x.between(-1 - TOL, 1 + TOL).all() or pytest.fail(),
             names=("measure", "Freedom", "fiw", "free", "total", "survey")),
        call(values.peak, "fiw", "fiw_measure", "first", "last", valid=lambda p: p.first <= p.peak_year <= p.last,
             names=("first", "last", "window", "survey", "fiw", "free", "Freedom", "measure", "total")),
    )),
    Group("roll-call robustness", {"go": pool(_groups_outcome), "permutations": st.sampled_from(
        [*range(1, 31), np.int64(10), 0, -1, 2.5, 10**7, 10**12, *ODD_VALUES]), "seed": counts(0, 10**6)}, (
        call(robustness.group_spread, "groups", "outcome", valid=_spread, names=("groups", "outcome")),
        call(robustness.permutation_test, "groups", "outcome", "permutations", "seed", valid=_permutation,
             names=("groups", "outcome", "permutations", "seed")),
    ), lambda b: b.update(groups=b["go"][0], outcome=b["go"][1])),
    Group("files", {"text": pool(lambda: _amount_text() if RNG.random() < 0.6 else spoil(A_TABLE, A_TABLE.columns)),
                    "path": st.sampled_from([_csv_file(i) for i in range(200)]),
                    "schema": st.sampled_from([CSV_SCHEMA, CSV_SCHEMA, CSV_SCHEMA, *ODD_VALUES]),
                    "name": st.sampled_from([*data.resource_names(), "nope", "", *ODD_VALUES])}, (
        call(yourdata.amounts, "text", valid=lambda t: no_nan(t.select_dtypes("number").drop(
            columns=["world"], errors="ignore")), names=("your table", "file", "CSV")),
        call(data.read_table, "path", "schema", valid=_read,
             names=(".csv", "schema", "path")),
        call(data.load, "name", valid=anything, names=("table", "name")),
    )),
)


@functools.cache
def _in_package(filename: str) -> bool:
    return Path(filename).resolve().is_relative_to(PACKAGE)


def _raised_here(error: BaseException) -> bool:
    """Whether the package's own code raised ``error`` (the innermost frame is in cyberorder/)."""
    tb = error.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and _in_package(tb.tb_frame.f_code.co_filename)


def _check(c: Call, bundle: dict[str, Any]) -> Any:
    """Call ``c`` with its inputs from ``bundle``: a valid answer, or an error of the package naming the problem.

    Returns the answer, or the first argument when the call raised.
    """
    args = tuple(bundle[k] for k in c.args)
    kwargs = {key: bundle[k] for key, k in c.kwargs}
    try:
        result = c.func(*args, **kwargs)
    except ERRORS as error:
        message = str(error)
        assert _raised_here(error), f"{c.id}: {type(error).__name__} from outside the package: {message}"
        assert any(name in message for name in c.names), f"{c.id}: the message names none of {c.names}: {message}"
        return args[0] if args else None
    except Exception as error:
        raise AssertionError(f"{c.id} raised {type(error).__name__}: {error}") from error
    if c.valid is not None:
        try:
            c.valid(result, *args, **kwargs) if c.related else c.valid(result)
        except AssertionError as error:
            raise AssertionError(f"{c.id} gave an invalid answer: {error}") from error
    return result


def example(group: Group, bundle: dict[str, Any]) -> list[Call]:
    """Make every call of ``group`` with its inputs from ``bundle``; returns the calls made."""
    if group.derive is not None:
        group.derive(bundle)
    for c in group.calls:
        answer = _check(c, bundle)
        if c.keep:
            bundle[c.keep] = answer
    return list(group.calls)


@pytest.fixture
def bounded_memory():
    """A call that tries to allocate gigabytes (a billion-step grid, say) fails here with MemoryError, named as a
    finding, instead of taking the machine down: the address space may grow by at most 3 GB during a group."""
    with open("/proc/self/status", encoding="ascii") as status:
        in_use = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
    old = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (in_use + 3 * 2**30, old[1]))
    yield
    resource.setrlimit(resource.RLIMIT_AS, old)


@pytest.mark.sweep  # out of the fast loop: about 30 s of CPU
@pytest.mark.parametrize("group", GROUPS_, ids=lambda g: g.name)
def test_public_functions_answer_or_name_the_problem(group: Group, bounded_memory: None) -> None:
    ran = dict.fromkeys((c.id for c in group.calls), 0)

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.fixed_dictionaries(group.bundle))
    def sweep(bundle: dict[str, Any]) -> None:
        for c in example(group, bundle):
            ran[c.id] += 1

    sweep()
    assert min(ran.values()) >= EXAMPLES, f"fewer than {EXAMPLES} calls: {ran}"


def test_the_sweep_covers_every_public_function_with_inputs() -> None:
    """A new public function with inputs must join the sweep (or the list of functions left out, with a reason)."""
    swept = {c.id for g in GROUPS_ for c in g.calls}
    without_inputs = {"reach.population_of", "reach.internet_users_of", "forums.group_of", "forums.camp_of",
                      "forums.presets", "forums.tile_grid", "forums.wcit12_unnamed", "robustness.regional_groups",
                      "robustness.backed_both_2018", "robustness.blocs_without_each",
                      "fragmentation.roll_call_agreement", "data.data_dir", "data.descriptor",
                      "data.resource_names"}
    modules = [power, reach, rollcalls, forums, history, cyberpower, values, institutions, scenarios, fragmentation,
               robustness, yourdata, data]
    public = {f"{m.__name__.rsplit('.', 1)[-1]}.{name}" for m in modules for name in m.__all__
              if callable(getattr(m, name)) and not isinstance(getattr(m, name), type)}
    assert public - swept - without_inputs == set()
