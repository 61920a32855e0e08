"""Cyber power: how the Belfer National Cyber Power Index ranks states, and what its weights decide.

The article calls the United States "the equivalent of the lonely cyber superpower", with China and
Russia catching up. The National Cyber Power Index (NCPI) 2020 measures how capable each of 29 states
is, and how intent it is, in pursuit of seven objectives; its overall score is the plain mean of the
seven objective scores. Whether the United States looks like a lone superpower depends on how those
objectives are weighed against one another. The functions here re-weight the index and feed the
result to the concentration measures of :mod:`cyberorder.power`, so that cyber power is measured with
the same tools as economic and military power in chapter 2.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from cyberorder import checks, power
from cyberorder.data import load
from cyberorder.display import Readable

__all__ = [
    "EQUAL_WEIGHTS",
    "NCPI_MEASURES",
    "OBJECTIVES",
    "UNRANKED_2020",
    "LoneSuperpower",
    "Weight",
    "WeightComparison",
    "gdp_by_country",
    "lone_superpower",
    "measure_scores",
    "objective_scores",
    "punching_above_weight",
    "rank_of",
    "weighted_scores",
]

OBJECTIVES: dict[str, str] = {
    "surveillance": "Surveillance of domestic groups",
    "defense": "National cyber defence",
    "information_control": "Control of the information environment",
    "intelligence": "Foreign intelligence",
    "commercial": "Commercial gain and industry",
    "offense": "Destroying an adversary's capabilities",
    "norms": "International norms and standards",
}
"""The NCPI's seven objectives, by the key used in the data (column ``obj_<key>``), with a short label."""

EQUAL_WEIGHTS: dict[str, float] = dict.fromkeys(OBJECTIVES, 1.0)
"""The index's own weighting: every objective counts the same, so the score is the mean of the seven."""


def objective_scores(table: pd.DataFrame) -> pd.DataFrame:
    """The seven objective scores, one row per country (index: country name, columns: objective keys).

    ``table`` is the ``ncpi_2020_scores`` table (or one like it). Rows keep the table's order. Something
    other than a table is a ``TypeError``; a missing column, no rows, a country that is not text or is
    listed twice, or a score that is not a number in [0, 100] (text, NaN, 120) is a ``ValueError`` naming it.
    """
    columns = [f"obj_{k}" for k in OBJECTIVES]
    checks.table(table, NCPI_TABLE, ["country", *columns])
    _check_countries(table)
    for column in columns:
        checks.amounts_in(table, column, NCPI_TABLE)
    scores = table.set_index("country")[columns].apply(pd.to_numeric).astype(float)
    scores.columns = list(OBJECTIVES)
    bad = (scores > 100).to_numpy()
    if bad.any():
        i, j = (int(x[0]) for x in bad.nonzero())
        raise ValueError(f"{scores.index[i]}: the {scores.columns[j]} score must lie in [0, 100]; "
                         f"got {scores.iat[i, j]!r}")
    return scores


NCPI_TABLE = "table (the NCPI scores)"
"""How an error names the NCPI table argument."""


def _check_countries(table: pd.DataFrame) -> None:
    """Every country of an NCPI table is a name (text), each once."""
    checks.names(table["country"], f"the countries of the {NCPI_TABLE}")


def _check_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """The seven weights, checked, divided by the largest (only their ratios matter; see :func:`weighted_scores`)."""
    weights = checks.mapping(weights, "weights")
    unknown = sorted((str(k) for k in set(weights) - set(OBJECTIVES)), key=str)
    if unknown:
        raise ValueError(f"unknown objective(s) {unknown}; the NCPI's objectives are {list(OBJECTIVES)}")
    missing = [k for k in OBJECTIVES if k not in weights]
    if missing:
        raise ValueError(f"no weight given for {missing}: give every objective a weight (0 leaves it out)")
    weights = {k: checks.amount(weights[k], f"the weight of {k!r}") for k in OBJECTIVES}
    top = max(weights.values())
    if top <= 0:
        raise ValueError("the weights are all zero: give at least one objective a weight above 0")
    return {k: w / top for k, w in weights.items()}


def weighted_scores(table: pd.DataFrame, weights: Mapping[str, float] = EQUAL_WEIGHTS) -> dict[str, float]:
    """Each country's cyber-power score under the reader's weights: C_i = sum_k w_k x_ik / sum_k w_k.

    x_ik is country i's score on objective k (capability times intent, 0-100). With equal weights
    this is the NCPI's overall score, the mean of the seven. Raising a weight says "this objective
    matters more to cyber power"; a weight of 0 leaves the objective out. Weights must be given for
    all seven objectives, be finite and >= 0, and not all be zero.

    Only the ratios of the weights matter (C_i is the same for w and for c * w, c > 0), so the weights are
    divided by the largest before they are added up: weights as large as 1e308, whose plain sum would
    overflow to infinity, give the same scores as their ratios, and every C_i lies in [0, 100].
    """
    w = _check_weights(weights)
    scores = objective_scores(table)
    total = sum(w.values())
    return {str(country): sum(w[k] * float(row[k]) for k in OBJECTIVES) / total
            for country, row in scores.iterrows()}


def rank_of(scores: Mapping[str, float], country: str) -> int:
    """A country's place (1 = first) when ``scores`` are sorted from highest to lowest (ties by name).

    ``scores`` maps country names to finite scores >= 0 (of any size: only their order counts).
    """
    scores = checks.mapping(scores, "scores")
    checks.names(list(scores), "the countries of scores")
    values = {name: checks.amount(x, f"the score of {name!r} in scores") for name, x in scores.items()}
    if not isinstance(country, str):
        raise TypeError(f"country must be the name (text) of a country in the index; "
                        f"got {type(country).__name__} {checks.shown(country)}")
    if country not in values:
        raise ValueError(f"{country!r} is not in the index; ranked countries: {sorted(values)}")
    order = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
    return [name for name, _ in order].index(country) + 1


@dataclass(frozen=True)
class LoneSuperpower(Readable):
    """The 'lone superpower' test: is the leader ahead of the next two combined?"""

    leader: str
    leader_share: float
    challengers: tuple[str, str]
    """The second and third, in order."""
    challengers_share: float
    """The second's and third's shares added up."""

    @property
    def margin(self) -> float:
        """Leader's share minus the next two's combined share (positive: the test is passed)."""
        return self.leader_share - self.challengers_share

    @property
    def passes(self) -> bool:
        """True when the leader holds more than the next two together."""
        return self.margin > 0


def lone_superpower(share_of: Mapping[str, float], exclude: tuple[str, ...] = ()) -> LoneSuperpower:
    """Compare the leader's share with the combined share of the next two: s_1 - (s_2 + s_3).

    A demanding reading of 'lone superpower': not merely first, but stronger than the two nearest
    rivals put together (the test a balance-of-power realist would ask about a coalition). Shares
    must add up to 1 (see :func:`cyberorder.power.ranked`); at least three actors must remain after
    ``exclude``.
    """
    order = power.ranked(share_of, exclude)
    if len(order) < 3:
        raise ValueError(f"the test needs at least three actors; got {[n for n, _ in order]}")
    (a, sa), (b, sb), (c, sc) = order[:3]
    return LoneSuperpower(leader=a, leader_share=sa, challengers=(b, c), challengers_share=sb + sc)


# -- punching above their weight: cyber power against economic size ------------------------------------

NCPI_MEASURES: dict[str, str] = {
    "ncpi_total": "Overall score (mean of the seven objectives)",
    "capability_score": "Capability score",
    "intent_score": "Intent score",
    **{f"obj_{k}": f"Objective: {label}" for k, label in OBJECTIVES.items()},
}
"""Columns of ``ncpi_2020_scores`` a reader can take as "cyber power", with a label for menus."""

UNRANKED_2020: dict[str, str] = {
    "North Korea": "assessed by the NCPI 2020 but not ranked, for missing data; not in the GDP table either",
}
"""Countries the NCPI 2020 assessed but did not rank, and why; they cannot enter a comparison, and say so."""


def measure_scores(table: pd.DataFrame, measure: str) -> dict[str, float]:
    """Each country's score on one column of the NCPI table (see :data:`NCPI_MEASURES`), by country name.

    The overall score and the objective scores run from 0 to 100; capability from 0 to 100; intent from
    0 to 1. Only the *share* of a score among the countries compared enters the comparison below, so
    the scale does not matter. An unknown measure, something other than a table, a missing column, a
    repeated country or a score that is not a finite number >= 0 is an error.
    """
    measure = checks.choice(measure, "measure", NCPI_MEASURES)
    checks.table(table, NCPI_TABLE, ["country", measure])
    _check_countries(table)
    return {str(country): checks.amount(x, f"{NCPI_TABLE}, {country}: {measure}")
            for country, x in zip(table.country, table[measure], strict=True)}


def gdp_by_country(year: int = 2019) -> dict[str, float]:
    """GDP (current US$, World Bank) of each NCPI-ranked country that has a figure, by the NCPI's country name.

    A ranked country with no row (or an empty value) in ``gdp_2019`` is absent here, and
    :func:`punching_above_weight` lists it as left out. Rows for other codes (the world, ``WLD``) are not
    used. ``year`` must be a year (a whole number, 1900-2100); a year with no rows is an error.
    """
    year = checks.year(year, "year")
    gdp = load("gdp_2019")
    if year not in set(gdp.year):
        raise ValueError(f"no GDP figures for {year}; years in gdp_2019: {sorted(set(gdp.year))}")
    rows = gdp[(gdp.year == year) & gdp.gdp_current_usd.notna()]
    ncpi = load("ncpi_2020_scores")
    name_of = dict(zip(ncpi.iso3, ncpi.country, strict=True))
    if rows.iso3.duplicated().any():
        raise ValueError(f"gdp_2019: code(s) listed twice in {year}: {sorted(rows.iso3[rows.iso3.duplicated()])}")
    return {name_of[i]: float(y) for i, y in zip(rows.iso3, rows.gdp_current_usd, strict=True) if i in name_of}


@dataclass(frozen=True)
class Weight:
    """One country's cyber power set against its economic weight, among the countries compared."""

    country: str
    cyber_share: float
    """c_i = C_i / sum_j C_j: its share of the summed cyber-power scores."""
    gdp_share: float
    """g_i = Y_i / sum_j Y_j: its share of the summed GDP of the same countries."""
    cyber_rank: int
    gdp_rank: int

    @property
    def gap(self) -> float:
        """c_i - g_i, in shares (x 100 = percentage points). Positive: it punches above its weight."""
        return self.cyber_share - self.gdp_share

    @property
    def rank_gap(self) -> int:
        """GDP rank minus cyber rank. Positive: it ranks higher in cyber power than in GDP."""
        return self.gdp_rank - self.cyber_rank


@dataclass(frozen=True)
class WeightComparison(Readable):
    """The countries compared, and those left out with the reason."""

    countries: dict[str, Weight]
    excluded: dict[str, str]

    def of(self, country: str) -> Weight:
        """One compared country; a country left out, or unknown, is an error that says which and why."""
        if country in self.countries:
            return self.countries[country]
        if country in self.excluded:
            raise ValueError(f"{country!r} is not compared: {self.excluded[country]}")
        raise ValueError(f"{country!r} is not in the comparison; compared: {sorted(self.countries)}")

    def ranked_by_gap(self) -> list[Weight]:
        """From furthest above its weight to furthest below (ties by name)."""
        return sorted(self.countries.values(), key=lambda w: (-w.gap, w.country))


def punching_above_weight(cyber: Mapping[str, float], gdp: Mapping[str, float],
                          left_out: Mapping[str, str] | None = None) -> WeightComparison:
    """Who punches above their weight: each country's share of cyber power minus its share of GDP.

    gap_i = C_i / sum_j C_j - Y_i / sum_j Y_j, where C is the cyber-power score (any column of
    :data:`NCPI_MEASURES`), Y is GDP in current US dollars, and j runs over the countries compared: those with
    both a score and a GDP figure. Both shares are shares of the same club, so the gaps add up to zero:
    one country's surplus is others' deficit. Ranks (1 = largest, ties by name) are taken within the club
    too; the rank gap is GDP rank minus cyber rank.

    A scored country with no entry in ``gdp`` is left out and listed in ``excluded`` with the reason, as is
    every entry of ``left_out`` (e.g. :data:`UNRANKED_2020`). A GDP entry for a country without a score, a
    GDP that is not a finite number > 0, a score that is not a finite number >= 0, a country name that is not
    text, or fewer than two countries to compare is an error. Amounts may be as large as floats go (1e308): the
    shares are taken after dividing by the largest amount, so a sum that would overflow cannot turn them into 0.
    """
    cyber = _amounts(cyber, "cyber", "the cyber-power amount for {!r}", low_open=False)
    gdp = _amounts(gdp, "gdp", "the GDP of {!r}", low_open=True)
    left_out = {} if left_out is None else checks.mapping(left_out, "left_out")
    checks.names(list(left_out), "the countries of left_out", allow_empty=True)
    odd = [checks.shown(why) for why in left_out.values() if not isinstance(why, str)]
    if odd:
        raise TypeError(f"left_out must give each country's reason as text; got {odd[:5]}")
    if not cyber:
        raise ValueError("no cyber-power scores given")
    stray = sorted(set(gdp) - set(cyber))
    if stray:
        raise ValueError(f"GDP given for {stray}, which have no cyber-power score")
    clash = sorted(set(left_out) & set(gdp))
    if clash:
        raise ValueError(f"{clash} are both compared and listed as left out")
    excluded = {c: "no GDP figure in the table" for c in cyber if c not in gdp} | left_out
    compared = [c for c in cyber if c in gdp]
    if len(compared) < 2:
        raise ValueError(f"a comparison needs at least two countries with both measures; got {compared}")
    c_share = _shares({c: cyber[c] for c in compared})
    g_share = _shares({c: gdp[c] for c in compared})
    c_rank = {name: i + 1 for i, (name, _) in enumerate(power.ranked(c_share))}
    g_rank = {name: i + 1 for i, (name, _) in enumerate(power.ranked(g_share))}
    return WeightComparison(
        countries={c: Weight(c, c_share[c], g_share[c], c_rank[c], g_rank[c]) for c in compared},
        excluded=dict(sorted(excluded.items())))


def _amounts(given: Mapping[str, float], name: str, entry: str, *, low_open: bool) -> dict[str, float]:
    """A mapping of country names to finite amounts >= 0 (> 0 with ``low_open``), each named in an error."""
    given = checks.mapping(given, name)
    checks.names(list(given), f"the countries of {name}", allow_empty=True)
    return {c: checks.number(x, entry.format(c), low=0, low_open=low_open) for c, x in given.items()}


def _shares(amounts: dict[str, float]) -> dict[str, float]:
    """Shares of the total, x_i / sum_j x_j, taken after dividing by the largest amount: the same shares, but a sum
    of amounts near 1e308 cannot overflow to infinity (which would make every share 0)."""
    top = max(amounts.values())
    return power.shares({c: x / top for c, x in amounts.items()} if top > 0 else amounts)
