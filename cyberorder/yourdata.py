"""A reader's own data for the explorers: a table of amounts, or a list of member states, checked like ``data/``.

Two kinds of input are accepted, and each is validated with an error that names what is wrong and where:

- **a table of amounts** (any measure, any set of actors) for the power-shares explorer: a pandas DataFrame, a path to
  a CSV file, or CSV text, with a column ``actor`` (a name) and a column ``amount`` (a finite number >= 0; at least one
  above 0), and optionally ``year`` (whole numbers) and ``world`` (the world total for that year, so that whatever the
  actors do not hold becomes the rest of the world);
- **a list of member states** for the forum explorer: ISO 3166-1 alpha-3 codes (``"BRA"``) or names (``"Brazil"``,
  as the book's tables spell them, or as :mod:`pycountry` knows them), in any mix. Only the 193 UN member states can
  be members.
"""

from __future__ import annotations

import difflib
import io
import math
import numbers
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from cyberorder.data import load

__all__ = ["amounts", "member_codes"]


def _un_names() -> dict[str, str]:
    groups = load("un_regional_groups")
    return dict(zip(groups.iso3, groups.country, strict=True))


def member_codes(items: Iterable[str], what: str = "the forum") -> tuple[str, ...]:
    """The ISO3 codes of a reader's list of UN member states, in the order given.

    Each item is a code or a name. Raises ``TypeError`` for a bare string or a non-text item, and ``ValueError`` for
    an empty list, an unknown or ambiguous name (with the closest names the book knows), or a state listed twice.
    """
    if isinstance(items, str):
        raise TypeError(f"{what}: give a list of states, not one string ({items!r}); e.g. ['BRA', 'RUS']")
    if not isinstance(items, Iterable) or isinstance(items, bytes | Mapping):
        raise TypeError(f"{what}: give a list of states; got {type(items).__name__} {items!r:.60}")
    names = _un_names()
    by_name = {n.casefold(): c for c, n in names.items()}
    codes: list[str] = []
    for position, item in enumerate(items, start=1):
        if not isinstance(item, str) or not item.strip():
            raise TypeError(f"{what}: item {position} is {item!r}; each member is an ISO3 code or a country name")
        code = _resolve(item.strip(), names, by_name, f"{what}: item {position}")
        if code in codes:
            raise ValueError(f"{what}: {names[code]} ({code}) is listed twice (item {position})")
        codes.append(code)
    if not codes:
        raise ValueError(f"{what} is empty: list at least one UN member state")
    return tuple(codes)


def _resolve(item: str, names: dict[str, str], by_name: dict[str, str], where: str) -> str:
    if item.upper() in names:
        return item.upper()
    if item.casefold() in by_name:
        return by_name[item.casefold()]
    try:
        import pycountry

        found = pycountry.countries.lookup(item)
        if found.alpha_3 in names:
            return found.alpha_3
        raise ValueError(f"{where}: {item!r} is {found.name} ({found.alpha_3}), which is not a UN member state")
    except LookupError:
        pass
    close = difflib.get_close_matches(item, list(names.values()), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise ValueError(f"{where}: {item!r} is neither an ISO3 code of a UN member state nor a name the book knows{hint}")


LARGEST_AMOUNT = 1e300
"""Above this, a sum of a few amounts would overflow a float; no amount of this book (people, dollars) comes near."""


def amounts(data: pd.DataFrame | str | Path, what: str = "your table") -> pd.DataFrame:
    """A reader's table of amounts, checked: columns ``actor``, ``amount`` and, if given, ``year`` and ``world``.

    ``data`` is a DataFrame, a path to a CSV file, or CSV text. Returns a copy with ``year`` filled with ``0`` when the
    table has none. Errors name the row (counting from 1, as a spreadsheet shows the first data row) and the column.
    """
    table = _as_frame(data, what)
    missing = [c for c in ("actor", "amount") if c not in table.columns]
    if missing:
        raise ValueError(f"{what}: no column {', '.join(map(repr, missing))}; found {list(table.columns)}. "
                         "Expected at least 'actor' (a name) and 'amount' (a number >= 0)")
    if table.empty:
        raise ValueError(f"{what} has no rows: give at least one actor and its amount")
    table = table.copy()
    if "year" not in table.columns:
        table["year"] = 0
    for row, (actor, amount, year) in enumerate(zip(table.actor, table.amount, table.year, strict=True), start=1):
        if not isinstance(actor, str) or not actor.strip():
            raise ValueError(f"{what}, row {row}, column 'actor': {actor!r} is not a name")
        _check_number(amount, f"{what}, row {row}, column 'amount' ({actor})", allow_zero=True)
        if isinstance(year, bool) or not isinstance(year, numbers.Integral) or year < 0:
            raise ValueError(f"{what}, row {row}, column 'year': {year!r} is not a year (a whole number)")
    repeated = table[table.duplicated(["actor", "year"], keep=False)]
    if not repeated.empty:
        first = repeated.iloc[0]
        raise ValueError(f"{what}: {first.actor!r} appears twice for the same year ({int(first.year)})")
    for year, rows in table.groupby("year"):
        if rows.amount.sum() <= 0:
            raise ValueError(f"{what}: every amount is 0 in year {year}: there is nothing to share")
    if "world" in table.columns:
        for row, world in enumerate(table.world, start=1):
            _check_number(world, f"{what}, row {row}, column 'world'", allow_zero=False)
        for year, rows in table.groupby("year"):
            worlds = set(rows.world)
            if len(worlds) != 1:
                raise ValueError(f"{what}: year {year} has several world totals {sorted(worlds)}; give one")
            world = worlds.pop()
            _check_number(world, f"{what}, year {year}, column 'world'", allow_zero=False)
            if world < rows.amount.sum():
                raise ValueError(f"{what}: in year {year} the world total {world:g} is below the actors' sum "
                                 f"{rows.amount.sum():g}")
    return table


def _as_frame(data: pd.DataFrame | str | Path, what: str) -> pd.DataFrame:
    if isinstance(data, pd.DataFrame):
        return data
    if isinstance(data, Path) or (isinstance(data, str) and "\n" not in data and data.endswith(".csv")):
        path = Path(data)
        if not path.is_file():
            raise ValueError(f"{what}: no file {str(path)!r}")
        try:
            return _read_csv(path, what, encoding="utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValueError(f"{what}: {path.name} is not UTF-8 text ({error.reason})") from None
    if isinstance(data, str):
        return _read_csv(io.StringIO(data), what)
    raise TypeError(f"{what}: expected a DataFrame, a path to a CSV file or CSV text; got {type(data).__name__}")


def _read_csv(source: Path | io.StringIO, what: str, **options: str) -> pd.DataFrame:
    """The CSV as a DataFrame; empty or unreadable CSV is a ``ValueError`` naming ``what``."""
    try:
        return pd.read_csv(source, **options)
    except pd.errors.EmptyDataError:
        raise ValueError(f"{what} is empty: expected a header row (actor,amount) and one row per actor") from None
    except pd.errors.ParserError as error:
        raise ValueError(f"{what} is not readable as CSV: {str(error).strip()}") from None


def _check_number(value: object, where: str, allow_zero: bool) -> None:
    """A reader's amount (or world total): a real, finite number; >= 0, or > 0 when ``allow_zero`` is False."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise ValueError(f"{where}: {value!r:.60} is not a finite number")
    try:
        finite = math.isfinite(float(value))
    except OverflowError:  # an int beyond any float
        finite = False
    if not finite or abs(float(value)) > LARGEST_AMOUNT:
        raise ValueError(f"{where}: {value!r:.60} is not a finite number of at most {LARGEST_AMOUNT:.0e}")
    if value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"{where}: {value!r} must be {'at least 0' if allow_zero else 'above 0'}")
