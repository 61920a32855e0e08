"""Values: how far liberal democracy spread, and where the spread stopped.

The article's second dimension is the contestation and retreat of liberal values. Its evidence for
the world at large is Freedom House's *Freedom in the World*: the late-twentieth-century wave of
democratisation "has clearly stopped". The functions here turn Freedom House's counts of countries
rated Free, Partly Free and Not Free into shares, and find the peak of the wave under a measure and
a window of years that the reader chooses.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cyberorder import checks
from cyberorder.display import Readable

__all__ = [
    "FIW_MEASURES",
    "FOTN_FREE_FROM",
    "FOTN_NOT_FREE_BELOW",
    "FOTN_STATUSES",
    "FotnSummary",
    "Measure",
    "Peak",
    "fotn_freedom",
    "fotn_status",
    "fotn_summary",
    "measure_series",
    "peak",
    "status_shares",
]

STATUS_COLUMNS = ("free", "partly_free", "not_free")


@dataclass(frozen=True)
class Measure:
    """One way of reading Freedom House's counts as a single number per year."""

    label: str
    expression: str
    """The formula, for the reader (F, PF, NF: counts of Free, Partly Free, Not Free countries; N: all)."""
    best: str
    """'max' when more is freer, 'min' when less is freer: the 'peak' of the wave is the best year."""


FIW_MEASURES: dict[str, Measure] = {
    "Share Free": Measure("Share of countries rated Free", "F / N", "max"),
    "Free minus Not Free": Measure("Free minus Not Free, as a share of all countries", "(F - NF) / N", "max"),
    "Share Free or Partly Free": Measure("Share of countries rated Free or Partly Free", "(F + PF) / N", "max"),
    "Share Not Free": Measure("Share of countries rated Not Free (the best year has the fewest)", "NF / N", "min"),
}
"""The measures the book offers, by name."""


FIW_TABLE = "fiw (the Freedom in the World table)"
"""How an error names the Freedom in the World table argument."""


def status_shares(fiw: pd.DataFrame) -> pd.DataFrame:
    """Every measure of :data:`FIW_MEASURES`, one row per survey year (sorted).

    Checks the table first: something other than a table is a ``TypeError``; a missing column, no rows, a
    survey year that is not a year or is listed twice, a count that is not a finite number >= 0 (text, NaN,
    -1), Free + Partly Free + Not Free not equal to the total, or a total of 0 is a ``ValueError``.
    """
    checks.table(fiw, FIW_TABLE, ["survey_year", "total_countries", *STATUS_COLUMNS])
    checks.years_in(fiw, "survey_year", FIW_TABLE)
    years = fiw.survey_year.astype(float).astype(int)
    if years.duplicated().any():
        raise ValueError(f"{FIW_TABLE}: survey year(s) listed twice: {sorted(set(years[years.duplicated()]))}")
    for column in [*STATUS_COLUMNS, "total_countries"]:
        checks.amounts_in(fiw, column, FIW_TABLE)
    f = pd.DataFrame({c: fiw[c].astype(float).to_numpy() for c in ["total_countries", *STATUS_COLUMNS]},
                     index=years.to_numpy()).sort_index()
    bad = f[f.total_countries <= 0]
    if not bad.empty:
        raise ValueError(f"total_countries must be > 0; {bad.index[0]} has {checks.shown(bad.total_countries.iloc[0])}")
    sums = f.free + f.partly_free + f.not_free
    bad = f[sums != f.total_countries]
    if not bad.empty:
        year = bad.index[0]
        raise ValueError(f"{year}: Free + Partly Free + Not Free = {checks.shown(sums[year])}, "
                         f"not the total {checks.shown(f.total_countries[year])}")
    n = f.total_countries
    return pd.DataFrame({
        "survey_year": f.index.to_numpy(dtype=int),
        "Share Free": (f.free / n).to_numpy(),
        "Free minus Not Free": ((f.free - f.not_free) / n).to_numpy(),
        "Share Free or Partly Free": ((f.free + f.partly_free) / n).to_numpy(),
        "Share Not Free": (f.not_free / n).to_numpy(),
    })


def measure_series(fiw: pd.DataFrame, measure: str) -> pd.Series:
    """One measure as a series indexed by survey year (``measure``: one of :data:`FIW_MEASURES`)."""
    measure = checks.choice(measure, "measure", FIW_MEASURES)
    table = status_shares(fiw)
    return pd.Series(table[measure].to_numpy(), index=table.survey_year, name=measure)


@dataclass(frozen=True)
class Peak(Readable):
    """The best year of a measure inside a window, and how far the last year of the window is from it."""

    measure: str
    first: int
    last: int
    peak_year: int
    """The first year in the window at which the measure reaches its best value."""
    peak_value: float
    last_value: float
    """The measure in the last survey year of the window."""

    @property
    def change_since_peak(self) -> float:
        """Last value minus peak value (negative for 'max' measures once the wave has receded)."""
        return self.last_value - self.peak_value

    @property
    def years_since_peak(self) -> int:
        """Years from the peak to the last survey year of the window."""
        return self.last - self.peak_year


def peak(fiw: pd.DataFrame, measure: str, first: int, last: int) -> Peak:
    """Where the wave crested: the best year of ``measure`` between ``first`` and ``last`` (inclusive).

    'Best' is the maximum of a measure where more is freer and the minimum of 'Share Not Free';
    a tie goes to the earliest year, when the level was first reached. ``last`` in the result is the
    last survey year inside the window. ``first`` and ``last`` are years (whole numbers, 1900-2100); an empty
    window (or first > last) is an error.
    """
    first, last = checks.year(first, "first"), checks.year(last, "last")
    if first > last:
        raise ValueError(f"the window starts after it ends: first={first}, last={last}")
    series = measure_series(fiw, measure)
    window = series[(series.index >= first) & (series.index <= last)]
    if window.empty:
        raise ValueError(f"no survey year between {first} and {last}; the data covers "
                         f"{int(series.index.min())}-{int(series.index.max())}")
    best = window.max() if FIW_MEASURES[measure].best == "max" else window.min()
    year = int(window.index[window.to_numpy() == best][0])
    end = int(window.index.max())
    return Peak(measure, int(first), end, year, float(best), float(window.loc[end]))


# -- Freedom on the Net (chapter 3): internet freedom, and a scale that was turned upside down ---------

FOTN_FREE_FROM = 70
"""On the 2019 scale (higher = freer), a country is Free from 70 up (equivalently, 0-30 on the 2018 scale)."""
FOTN_NOT_FREE_BELOW = 40
"""On the 2019 scale, a country is Not Free below 40 (61-100 on the 2018 scale); Partly Free in between."""
FOTN_STATUSES = ("Free", "Partly Free", "Not Free")
FOTN_SCALES = ("lower_is_freer", "higher_is_freer")


def fotn_freedom(score: float, scale: str) -> float:
    """A Freedom on the Net score on the 2019 scale, where 100 is the freest: F = 100 - s for 2018 scores.

    Up to the 2018 edition a higher score meant *less* internet freedom (0 best, 100 worst); from 2019
    Freedom House inverted the scale so that it runs like Freedom in the World's. Comparing the two
    editions without converting would read every gain as a loss. ``scale`` is ``"lower_is_freer"``
    (2018 and earlier) or ``"higher_is_freer"`` (2019 on); the score must lie in [0, 100].
    """
    scale = checks.choice(scale, "scale", FOTN_SCALES)
    score = checks.number(score, "a Freedom on the Net score", low=0, high=100)
    return float(100 - score) if scale == "lower_is_freer" else float(score)


def _check_thresholds(free_from: float, not_free_below: float) -> None:
    free_from = checks.number(free_from, "free_from", low=0, high=100)
    not_free_below = checks.number(not_free_below, "not_free_below", low=0, high=100)
    if not_free_below > free_from:
        raise ValueError(f"not_free_below ({not_free_below}) must not be above free_from ({free_from}): "
                         "the Partly Free band would have negative width")


def fotn_status(freedom: float, free_from: float = FOTN_FREE_FROM,
                not_free_below: float = FOTN_NOT_FREE_BELOW) -> str:
    """'Free' if F >= free_from, 'Not Free' if F < not_free_below, else 'Partly Free' (F on the 2019 scale).

    Freedom House's own cut-offs are 70 and 40; they are arguments so that a reader can see how many
    countries change status when the line moves.
    """
    _check_thresholds(free_from, not_free_below)
    freedom = checks.number(freedom, "freedom", low=0, high=100)
    return "Free" if freedom >= free_from else "Not Free" if freedom < not_free_below else "Partly Free"


@dataclass(frozen=True)
class FotnSummary(Readable):
    """How free the internet is across a group of countries, under the reader's thresholds."""

    countries: int
    share_free: float
    share_partly_free: float
    share_not_free: float
    mean_freedom: float
    """Mean score on the 2019 scale (higher = freer)."""


def fotn_summary(freedom_of: dict[str, float], members: list[str] | tuple[str, ...] | set[str] | None = None, *,
                 free_from: float = FOTN_FREE_FROM, not_free_below: float = FOTN_NOT_FREE_BELOW) -> FotnSummary:
    """Status shares and mean score of a group: e.g. the share Free is #{i in G : F_i >= free_from} / |G|.

    ``freedom_of`` maps each assessed country to its score on the 2019 scale (see :func:`fotn_freedom`);
    ``members`` picks the group (all assessed countries when None; a country listed twice counts once). A member
    that Freedom House did not assess is an error, not a zero; so are an empty group, a score outside [0, 100] or
    not a number, and a country name that is not text.
    """
    _check_thresholds(free_from, not_free_below)
    freedom_of = checks.mapping(freedom_of, "freedom_of")
    checks.names(list(freedom_of), "the countries of freedom_of", allow_empty=True)
    freedom_of = {c: checks.number(f, f"freedom_of[{c!r}]", low=0, high=100) for c, f in freedom_of.items()}
    group = (sorted(freedom_of) if members is None
             else sorted(set(checks.names(members, "members", allow_empty=True, repeats=True))))
    if not group:
        raise ValueError("the group is empty: pick at least one country (freedom_of is empty)")
    unknown = [m for m in group if m not in freedom_of]
    if unknown:
        raise ValueError(f"members not assessed by Freedom on the Net in this edition: {unknown}")
    statuses = [fotn_status(freedom_of[m], free_from, not_free_below) for m in group]
    n = len(group)
    return FotnSummary(countries=n, share_free=statuses.count("Free") / n,
                       share_partly_free=statuses.count("Partly Free") / n,
                       share_not_free=statuses.count("Not Free") / n,
                       mean_freedom=sum(freedom_of[m] for m in group) / n)
