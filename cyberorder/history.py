"""History: the rise of cyber diplomacy in three counts.

The article dates cyber diplomacy's rise by what states built: national cybersecurity strategies (most countries
adopted their first in the 2010s), the UN's Groups of Governmental Experts (five by 2017, three with a consensus
report) and the forums of cyber diplomacy and internet governance, by who runs them. Each function here turns one
of the data package's tables into those counts, refusing a table that would miscount.
"""

from __future__ import annotations

import datetime
import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cyberorder import checks
from cyberorder.display import Readable

__all__ = ["EARLIEST_FOUNDING", "FORUM_MODELS", "GGERecord", "first_strategies_by_year", "forums_by_year",
           "gge_record"]


def first_strategies_by_year(strategies: pd.DataFrame) -> pd.DataFrame:
    """Countries adopting their first national cybersecurity strategy, per year, and the running total.

    ``strategies`` has one row per country with ``first_strategy_year`` (empty when none). Every
    year between the first and the last adoption appears, with 0 where nobody adopted one.
    """
    strategies = checks.table(strategies, "strategies", ["first_strategy_year"])
    if "iso3" in strategies.columns:
        twice = sorted(set(strategies.iso3[strategies.iso3.duplicated()]))
        if twice:
            raise ValueError(f"strategies: countries listed twice (each counts once): {twice}")
    adopted = strategies[strategies.first_strategy_year.notna()]
    checks.years_in(adopted, "first_strategy_year", "strategies")
    years = pd.to_numeric(adopted.first_strategy_year).astype(int)
    if years.empty:
        raise ValueError("no country in the table has a strategy")
    counts = years.value_counts().reindex(range(years.min(), years.max() + 1), fill_value=0).sort_index()
    return pd.DataFrame({"year": counts.index, "new": counts.to_numpy(), "cumulative": counts.cumsum().to_numpy()})


@dataclass(frozen=True)
class GGERecord(Readable):
    """How many GGEs met in a period, and how many agreed a consensus report."""

    groups: int
    consensus_reports: int
    report_years: tuple[int, ...]


def gge_record(gges: pd.DataFrame, until: int) -> GGERecord:
    """The GGEs that had finished by ``until`` (inclusive) and their consensus reports."""
    gges = checks.table(gges, "gges", ["last_year", "consensus_report"])
    until = checks.year(until, "until")
    checks.years_in(gges, "last_year", "gges")
    flags = gges.consensus_report
    def is_flag(f: Any) -> bool:
        return isinstance(f, bool | np.bool_) or (isinstance(f, numbers.Integral) and f in (0, 1))
    if not all(is_flag(f) for f in flags):
        bad = next(f for f in flags if not is_flag(f))
        raise ValueError(f"gges, column 'consensus_report': {checks.shown(bad)} is not True or False "
                         "(text such as 'false' would count as a report)")
    done = gges[gges.last_year <= until]
    if done.empty:
        raise ValueError(f"no GGE had finished by {until}")
    agreed = done[done.consensus_report.astype(bool)]
    return GGERecord(groups=len(done), consensus_reports=len(agreed),
                     report_years=tuple(int(y) for y in sorted(agreed.last_year)))


# --- forums founded by year and by model -------------------------------------------------------

FORUM_MODELS = ("intergovernmental", "state-led coalition", "multistakeholder", "company-led", "civil-society-led")
"""Who runs a forum: states through a treaty body; a coalition of states; states, companies, the technical
community and civil society together; a company or companies; civil society or independent experts."""

EARLIEST_FOUNDING = 1800
"""A sanity bound, as in the ``forums`` table's schema: the oldest forum in it, the ITU, dates from 1865."""


def forums_by_year(forums: pd.DataFrame) -> pd.DataFrame:
    """Forums founded per year and model, and the running total of each model.

    ``forums`` has one row per forum with ``forum`` (its name), ``founded`` (a year) and ``model``
    (one of :data:`FORUM_MODELS`). The result is a long table with columns ``year, model, new,
    cumulative``: for every year from the first founding to the last and every model, how many
    forums of that model were founded that year (``new``) and how many had been founded by the end
    of it (``cumulative``). Models absent from the table appear with zeros, so charts keep one colour
    per model. A missing column, an empty table, a forum listed twice, an unknown model or a year that
    is not a whole number between :data:`EARLIEST_FOUNDING` and the current year is an error naming
    the row and the value.
    """
    forums = checks.table(forums, "the forums table", ["forum", "founded", "model"])
    repeated = forums.forum[forums.forum.duplicated()]
    if not repeated.empty:
        raise ValueError(f"forum {repeated.iloc[0]!r} is listed twice")
    this_year = datetime.date.today().year
    years = []
    for i, row in enumerate(forums.itertuples(index=False), start=1):
        if row.model not in FORUM_MODELS:
            raise ValueError(f"row {i} ({row.forum!r}): unknown model {row.model!r}; "
                             f"a model must be one of {list(FORUM_MODELS)}")
        year = row.founded
        ok = isinstance(year, numbers.Real) and not isinstance(year, bool) and not pd.isna(year) \
            and float(year).is_integer() and EARLIEST_FOUNDING <= year <= this_year
        if not ok:
            raise ValueError(f"row {i} ({row.forum!r}): founded must be a whole year between {EARLIEST_FOUNDING} "
                             f"and {this_year}; got {year!r}")
        years.append(int(year))
    table = pd.DataFrame({"year": years, "model": list(forums.model)})
    span = range(min(years), max(years) + 1)
    counts = table.groupby(["year", "model"]).size().reindex(
        pd.MultiIndex.from_product([span, FORUM_MODELS], names=["year", "model"]), fill_value=0)
    out = counts.rename("new").reset_index()
    out["cumulative"] = out.groupby("model").new.cumsum()
    return out
