"""Power: who holds the internet's users, and who runs its core.

The article's first dimension is power, shifting horizontally (from the West to "the rest") and
vertically (from states to non-state actors). In cyberspace the horizontal shift shows in where
the users are, while the infrastructure at the core stayed where it was built. The functions
here measure both sides of that mismatch.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from cyberorder import checks
from cyberorder.display import Readable

__all__ = [
    "CONTINENTS",
    "NOT_ATTRIBUTED",
    "POLARITY_RULE",
    "POWERS",
    "POWER_MEASURES",
    "POWER_YEARS",
    "REST_OF_WORLD",
    "WEST_CONTINENTS",
    "WEST_POWERS",
    "Lead",
    "Polarity",
    "UsersAndRoots",
    "Web",
    "among",
    "chessboard_and_web",
    "effective_poles",
    "group_share",
    "hhi",
    "lead",
    "polarity",
    "ranked",
    "rescale",
    "root_server_shares",
    "shares",
    "shares_of_world",
    "user_shares",
    "users_and_roots",
    "users_with_remainder",
]

CONTINENTS = ("Africa", "Asia", "Europe", "North America", "Oceania", "South America")
WEST_CONTINENTS = ("Europe", "North America", "Oceania")
"""The book's starting definition of 'the West' by continent; every explorer lets the reader change it."""
NOT_ATTRIBUTED = "Not attributed"
"""Users counted in the world total but not assigned to any continent by the source."""


def shares(values: Mapping[str, float]) -> dict[str, float]:
    """Each actor's share of the total: s_i = x_i / sum_j x_j.

    A share is the basic unit of the power argument: what counts is not how much an actor has
    but how much of the whole. Raises ``ValueError`` for a negative, missing or infinite amount,
    or when everything is zero.
    """
    values = checks.mapping(values, "values")
    if not values:
        raise ValueError("shares() needs at least one actor; got none")
    amounts = {name: checks.amount(x, f"amount for {name!r}") for name, x in values.items()}
    largest = max(amounts.values())
    if largest <= 0:
        raise ValueError("the amounts add up to 0: shares are undefined")
    # divided by the largest first, so amounts near the float limit (1e308) cannot add up to infinity
    scaled = {name: x / largest for name, x in amounts.items()}
    total = math.fsum(scaled.values())
    return {name: x / total for name, x in scaled.items()}


def group_share(share_of: Mapping[str, float], members: Iterable[str]) -> float:
    """The combined share of a group of actors, e.g. "the West" as the reader defines it.

    ``share_of`` must hold shares in [0, 1] that add up to 1; every member must be one of its
    actors (an unknown name is an error, not a zero).
    """
    share_of = _check_shares(share_of)
    members = checks.names(members, "members", allow_empty=True)
    unknown = [m for m in members if m not in share_of]
    if unknown:
        raise ValueError(f"unknown member(s) {unknown}; known actors: {sorted(share_of)}")
    return float(sum(share_of[m] for m in set(members)))


def _check_shares(share_of: Mapping[str, float]) -> dict[str, float]:
    """The shares as a dict of floats, if each lies in [0, 1] and they add up to 1 (a dict or a Series)."""
    share_of = checks.mapping(share_of, "share_of")
    if not share_of:
        raise ValueError("no shares given")
    share_of = {name: checks.share(s, f"share of {name!r}") for name, s in share_of.items()}
    total = sum(share_of.values())
    if not math.isclose(total, 1.0, abs_tol=1e-9):
        raise ValueError(f"shares must add up to 1; they add up to {total!r}")
    return share_of


def _check_users(users: pd.DataFrame) -> pd.DataFrame:
    """The internet-users table, checked: one row per continent and year, counts >= 0, one world total a year.

    Returns a copy with numeric columns as numbers and years as ints."""
    users = checks.table(users, "users", ["continent", "year", "internet_users", "world_internet_users"])
    for column in ("internet_users", "world_internet_users"):
        checks.amounts_in(users, column, "users")
    checks.years_in(users, "year", "users")
    not_text = [checks.shown(c) for c in users.continent if not isinstance(c, str)]
    if not_text:
        raise TypeError(f"users, column 'continent' must hold continents' names; these are not: {not_text[:5]}")
    users = users.astype({"internet_users": float, "world_internet_users": float, "year": int})
    twice = users[users.duplicated(["continent", "year"])]
    if not twice.empty:
        raise ValueError(f"users: {twice.continent.iloc[0]!r} is listed twice in {twice.year.iloc[0]}")
    totals = users.groupby("year").world_internet_users.nunique()
    if (totals > 1).any():
        raise ValueError(f"users: more than one world total in {int(totals[totals > 1].index[0])}")
    return users


def users_with_remainder(users: pd.DataFrame) -> pd.DataFrame:
    """Internet users per region and year, with the users no continent claims as their own row.

    The source's world total is larger than the sum of its continents; the difference becomes the
    region :data:`NOT_ATTRIBUTED`, so shares of the world add up to exactly 1 and nothing is dropped.
    Columns: ``region, year, internet_users, world_internet_users``.
    """
    users = _check_users(users)
    by_year = users.groupby("year").agg(users=("internet_users", "sum"),
                                        world=("world_internet_users", "first"))
    over = by_year[by_year.users > by_year.world]
    if not over.empty:
        year = int(over.index[0])
        raise ValueError(f"in {year} the continents count {int(over.users.iloc[0])} users, more than "
                         f"the world total {int(over.world.iloc[0])}")
    rest = pd.DataFrame({"region": NOT_ATTRIBUTED, "year": by_year.index,
                         "internet_users": (by_year.world - by_year.users).to_numpy(),
                         "world_internet_users": by_year.world.to_numpy()})
    regions = users.rename(columns={"continent": "region"})[list(rest.columns)]
    return pd.concat([regions, rest], ignore_index=True).sort_values(["year", "region"],
                                                                     ignore_index=True)


def user_shares(users: pd.DataFrame, year: int) -> dict[str, float]:
    """Each region's share of the world's internet users in ``year`` (adds up to 1).

    s_r = users_r / users_world. The article's Asia figures (34% in 2005, just above half in 2016)
    are values of this function.
    """
    year = checks.year(year)
    table = users_with_remainder(users)
    rows = table[table.year == year]
    if rows.empty:
        years = sorted(table.year.unique())
        raise ValueError(f"no internet-user data for {year}; years available: {years[0]}-{years[-1]}")
    return {r.region: r.internet_users / r.world_internet_users for r in rows.itertuples()}


def root_server_shares(roots: pd.DataFrame) -> dict[str, float]:
    """Each continent's share of the 13 root-server identities, by where the operator is based."""
    roots = checks.table(roots, "roots", ["letter", "operator_continent"])
    unknown = sorted({checks.shown(c) for c in roots.operator_continent if c not in CONTINENTS})
    if unknown:
        raise ValueError(f"roots, column 'operator_continent': unknown continent(s) {', '.join(unknown)}; "
                         f"known: {list(CONTINENTS)}")
    counts = roots.groupby("operator_continent").size()
    return {c: float(counts.get(c, 0)) / len(roots) for c in CONTINENTS}


@dataclass(frozen=True)
class UsersAndRoots(Readable):
    """Where the users are against who runs the core, for one year and one definition of the West."""

    year: int
    west_user_share: float
    """The West's share of the world's internet users."""
    west_root_share: float
    """The West's share of the 13 root-server identities (by operator's home continent)."""
    asia_user_share: float
    """Asia's share of the world's internet users."""

    @property
    def gap(self) -> float:
        """How far control of the core outruns the users: root share minus user share."""
        return self.west_root_share - self.west_user_share


def users_and_roots(users: pd.DataFrame, roots: pd.DataFrame, year: int,
                    west: Iterable[str]) -> UsersAndRoots:
    """The Introduction's mismatch: the West's share of users vs its share of the root servers.

    ``west`` is the reader's definition of the West as a set of continents (it may be empty).
    """
    west = checks.names(west, "west", allow_empty=True)
    unknown = [w for w in west if w not in CONTINENTS]
    if unknown:
        raise ValueError(f"west: unknown continent(s) {unknown}; choose from {list(CONTINENTS)}")
    year = checks.year(year)
    users_share = user_shares(users, year)
    if "Asia" not in users_share:  # not 0: Asia's users may sit in the unattributed remainder
        raise ValueError(f"users: no row for the continent 'Asia' in {year}, so Asia's share of users is unknown")
    return UsersAndRoots(
        year=year,
        west_user_share=group_share(users_share, west),
        west_root_share=group_share(root_server_shares(roots), west),
        asia_user_share=users_share["Asia"],
    )


# -- concentration and polarity (chapter 2; reused for cyberspace in chapter 3) ---------------------

REST_OF_WORLD = "Rest of the world"
"""A residual that stands for many small actors: it is never a pole, and concentration leaves it out."""


def hhi(share_of: Mapping[str, float]) -> float:
    """The Herfindahl–Hirschman index: HHI = sum_i s_i**2.

    How concentrated power is: 1 when one actor holds everything, 1/n when n actors hold equal
    shares. ``share_of`` must hold shares in [0, 1] that add up to 1.
    """
    share_of = _check_shares(share_of)
    return float(sum(s * s for s in share_of.values()))


def effective_poles(share_of: Mapping[str, float]) -> float:
    """The effective number of poles: 1 / HHI.

    How many equally strong powers would give the same concentration (Laakso and Taagepera's
    'effective number of parties' applied to powers): 2.0 for two equal powers, close to 1 for one
    dominant power. Whether the world has one, two or several poles is the heart of the debate
    about the end of the 'unipolar moment'.
    """
    return 1.0 / hhi(share_of)


def among(share_of: Mapping[str, float], exclude: Iterable[str] = ()) -> dict[str, float]:
    """The shares within the actors that are not excluded, re-normalised to add up to 1.

    s_i' = s_i / sum_{j not excluded} s_j. Use it to measure concentration among the powers named,
    leaving out a residual such as :data:`REST_OF_WORLD` (many small actors, not one big one).
    Every excluded name must be one of the actors; at least one actor with a share above 0 must remain.
    """
    share_of = _check_shares(share_of)
    exclude = set(checks.names(exclude, "exclude", allow_empty=True))
    unknown = sorted(exclude - set(share_of))
    if unknown:
        raise ValueError(f"cannot exclude unknown actor(s) {unknown}; known actors: {sorted(share_of)}")
    kept = {name: s for name, s in share_of.items() if name not in exclude}
    total = sum(kept.values())
    if not kept or total <= 0:
        raise ValueError(f"nothing is left once {sorted(exclude)} are excluded: the group is empty or holds 0")
    return {name: s / total for name, s in kept.items()}


def ranked(share_of: Mapping[str, float], exclude: Iterable[str] = ()) -> list[tuple[str, float]]:
    """Actors from the largest share to the smallest (ties broken by name), leaving out ``exclude``."""
    share_of = _check_shares(share_of)
    exclude = set(checks.names(exclude, "exclude", allow_empty=True))
    unknown = sorted(exclude - set(share_of))
    if unknown:
        raise ValueError(f"cannot exclude unknown actor(s) {unknown}; known actors: {sorted(share_of)}")
    return sorted(((n, s) for n, s in share_of.items() if n not in exclude), key=lambda kv: (-kv[1], kv[0]))


@dataclass(frozen=True)
class Lead(Readable):
    """The leading actor and the runner-up."""

    leader: str
    leader_share: float
    runner_up: str
    runner_up_share: float

    @property
    def lead(self) -> float:
        """The leader's share minus the runner-up's (in shares, i.e. points of the whole)."""
        return self.leader_share - self.runner_up_share

    @property
    def ratio(self) -> float:
        """How many times the runner-up's share the leader holds (infinite if the runner-up has 0)."""
        return math.inf if self.runner_up_share == 0 else self.leader_share / self.runner_up_share


def lead(share_of: Mapping[str, float], exclude: Iterable[str] = ()) -> Lead:
    """Who leads, by how much, and over whom: the first measure of a 'unipolar moment'.

    Shares are those of the whole (not re-normalised); ``exclude`` names residuals that are not
    actors (e.g. :data:`REST_OF_WORLD`). Needs at least two actors.
    """
    order = ranked(share_of, exclude)
    if len(order) < 2:
        raise ValueError(f"a lead needs at least two actors; got {[n for n, _ in order]}")
    (a, sa), (b, sb) = order[0], order[1]
    return Lead(a, sa, b, sb)


@dataclass(frozen=True)
class Polarity(Readable):
    """A polarity label and the rule that produced it."""

    label: str
    """'unipolar', 'bipolar', 'multipolar' or 'nonpolar'."""
    poles: tuple[str, ...]
    """The actors whose share reaches ``pole_share``, largest first."""
    pole_share: float
    unipolar_ratio: float


POLARITY_RULE = (
    "An actor is a pole if its share is at least the pole threshold. No pole: 'nonpolar'. "
    "'Unipolar' if there is exactly one pole, or if the leader holds at least the dominance ratio "
    "times the runner-up's share. Otherwise 'bipolar' with two poles and 'multipolar' with three or more."
)


def polarity(share_of: Mapping[str, float], *, pole_share: float = 0.10, unipolar_ratio: float = 2.0,
             exclude: Iterable[str] = ()) -> Polarity:
    """Label the distribution of power with an explicit, adjustable rule (:data:`POLARITY_RULE`).

    Polarity is a judgement, not a measurement: the thresholds are arguments so that a reader can
    see how the label changes with them. ``pole_share`` must lie in (0, 1]; ``unipolar_ratio`` >= 1.
    """
    pole_share = checks.number(pole_share, "pole_share", low=0, high=1, low_open=True)
    unipolar_ratio = checks.number(unipolar_ratio, "unipolar_ratio", low=1)
    exclude = checks.names(exclude, "exclude", allow_empty=True)
    order = ranked(share_of, exclude)
    poles = tuple(n for n, s in order if s >= pole_share)
    if not poles:
        label = "nonpolar"
    elif len(poles) == 1 or (len(order) > 1 and lead(share_of, exclude).ratio >= unipolar_ratio):
        label = "unipolar"
    elif len(poles) == 2:
        label = "bipolar"
    else:
        label = "multipolar"
    return Polarity(label, poles, float(pole_share), float(unipolar_ratio))


def rescale(share_of: Mapping[str, float], actor: str, factor: float) -> dict[str, float]:
    """Multiply one actor's underlying amount by ``factor`` and re-normalise everyone.

    s_a' = k s_a / (1 + (k - 1) s_a) and s_j' = s_j / (1 + (k - 1) s_a) for the others: "what if
    China's economy were twice as large?" Every other share shrinks or grows in proportion.
    """
    share_of = _check_shares(share_of)
    actor = checks.choice(actor, "actor", share_of)
    factor = checks.amount(factor, "factor")
    return shares({n: s * factor if n == actor else s for n, s in share_of.items()})


@dataclass(frozen=True)
class Web(Readable):
    """Slaughter's chessboard and web: states' shares once non-state actors hold part of the influence."""

    state_share: float
    """All states together: 1 - v."""
    nonstate_share: float
    """All non-state actors together: v."""
    leading_state: str
    leading_state_share: float
    """The largest state's share of all influence: (1 - v) s_max."""
    each_nonstate_share: float
    """Each non-state actor's share of all influence: v / m."""
    hhi_states: float
    """Concentration among the states alone (the chessboard)."""
    hhi_all: float
    """Concentration over every actor: (1 - v)**2 HHI_states + v**2 / m."""

    @property
    def effective_actors(self) -> float:
        """The effective number of actors over states and non-state actors together: 1 / HHI_all."""
        return 1.0 / self.hhi_all

    @property
    def largest_is_state(self) -> bool:
        """Whether the single largest actor is still a state (ties go to the state)."""
        return self.leading_state_share >= self.each_nonstate_share


def chessboard_and_web(state_shares: Mapping[str, float], nonstate_share: float, nonstate_actors: int) -> Web:
    """A conceptual model of the vertical shift of power, not a measurement.

    Non-state actors (firms, NGOs, networks) hold a share ``v`` of all influence, split equally among
    ``m`` of them; states keep 1 - v, divided among themselves as in ``state_shares`` (shares that add up
    to 1). Then each state i holds (1 - v) s_i, each non-state actor v / m, and concentration over all
    actors is HHI_all = (1 - v)**2 HHI_states + v**2 / m. A few giant platforms (small m) can make the
    web *more* concentrated than the chessboard; many small ones make it flatter.
    """
    nonstate_share = checks.number(nonstate_share, "nonstate_share", low=0, high=1,
                                   high_open=True)
    nonstate_actors = checks.whole(nonstate_actors, "nonstate_actors")
    h = hhi(state_shares)
    top, top_share = ranked(state_shares)[0]
    v, m = float(nonstate_share), nonstate_actors
    return Web(state_share=1.0 - v, nonstate_share=v, leading_state=top, leading_state_share=(1.0 - v) * top_share,
               each_nonstate_share=v / m, hhi_states=h, hhi_all=(1.0 - v) ** 2 * h + v * v / m)


def shares_of_world(table: pd.DataFrame, year: int, *, value: str, world: str,
                    actor: str = "actor") -> dict[str, float]:
    """Each actor's share of the world total in ``year``, plus :data:`REST_OF_WORLD` for the remainder.

    s_i = x_i / X_world for the actors in ``table``; the rest of the world gets 1 - sum_i s_i, so the
    shares add up to exactly 1 and nothing is dropped. Used for GDP and military spending; the actors
    must not overlap (an aggregate such as the EU must not sit beside its own members).
    """
    for column, what in ((value, "value"), (world, "world"), (actor, "actor")):
        if not isinstance(column, str):
            raise TypeError(f"{what} must be the name of a column (text); got {checks.shown(column)}")
    table = checks.table(table, "table", [actor, value, world, "year"])
    year = checks.year(year)
    checks.years_in(table, "year", "table")
    rows = table[table["year"].astype(float) == year]
    if rows.empty:
        raise ValueError(f"no rows for {year}; years available: {sorted(int(y) for y in table['year'].unique())}")
    if rows[actor].duplicated().any():
        raise ValueError(f"actor(s) listed twice in {year}: {sorted(rows[actor][rows[actor].duplicated()])}")
    checks.amounts_in(rows, value, "table")
    checks.amounts_in(rows, world, "table")
    totals = pd.to_numeric(rows[world]).unique()
    if len(totals) != 1 or not totals[0] > 0:
        raise ValueError(f"table, {year}: the world total ({world!r}) must be one positive number; "
                         f"got {[checks.shown(t) for t in totals]}")
    amounts = {str(r[actor]): float(r[value]) for _, r in rows.iterrows()}
    rest = float(totals[0]) - sum(amounts.values())
    if rest < 0:
        raise ValueError(f"{year}: the actors add up to more than the world total ({sum(amounts.values())} > "
                         f"{totals[0]}); do aggregates overlap?")
    return shares({**amounts, REST_OF_WORLD: rest})


# --- the eight powers of chapter 2 ----------------------------------------------------------------

POWERS = {"USA": "United States", "CHN": "China", "EUU": "EU-27", "JPN": "Japan", "GBR": "United Kingdom",
          "IND": "India", "RUS": "Russia / USSR", "BRA": "Brazil"}
"""The eight powers chapter 2 compares, by the data's actor code (Russia's 1990 military row is the USSR's)."""
WEST_POWERS = ("USA", "EUU", "GBR")
"""The powers the book first counts as the West (its explorer lets a reader change that)."""
POWER_MEASURES = {
    "GDP (market exchange rates)": ("gdp_share", "gdp_current_usd_bn", "world_gdp_current_usd_bn"),
    "Military expenditure": ("military_expenditure_share", "milex_constant_2019_usd_m",
                             "world_milex_constant_2019_usd_m"),
}
"""The two measures of kinetic power, by name: (table, the column of amounts, the column of the world's total)."""
POWER_YEARS = (1990, 2000, 2010, 2019)
"""The years the two power tables cover."""
