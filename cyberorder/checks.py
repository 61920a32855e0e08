"""Input checks shared by the whole package: one place that says what a number, a share, a year or a list is.

Every public function of the package checks what a reader passes it with these helpers, so that a bad input gets
a clear ``TypeError`` or ``ValueError`` naming the argument and the value, and never a silently wrong answer:

- a *number* is any real number — a Python ``int`` or ``float``, or a NumPy/pandas scalar such as what ``.iloc``,
  ``.loc`` or ``.to_numpy()`` return — but not ``True``/``False``, not text, and never NaN or infinite;
- an *amount* (people, dollars, votes) is a number ``>= 0``; a *share* lies in [0, 1];
- a *year* is a whole number in a plausible range (1900–2100), not the text ``"2010"`` and not a typo like 20100;
- a *mapping* is a dict or a pandas Series (turned into a dict);
- a *table* is a pandas DataFrame with the columns a function reads and at least one row; its amounts and
  years are checked row by row, and an error names the row;
- a *list of names* is a list, tuple, set or Series of strings — never one string, which would be split into
  letters — with no name twice.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["amount", "amounts_in", "covers", "labels", "mapping", "names", "number", "share", "shown", "table", "whole",
           "year", "years_in"]

FIRST_YEAR, LAST_YEAR = 1900, 2100
"""The years any table of the book could hold; outside them a year is a typo."""


def shown(value: Any) -> str:
    """A value as an error message shows it: NumPy scalars as plain numbers (``6``, not ``np.int64(6)``)."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        whole = int(value)
        if abs(whole) < 10**60:
            return str(whole)
        return f"an integer of about {int(whole.bit_length() * math.log10(2)) + 1} digits"  # no str() past 4300
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return repr(float(value))
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def number(value: Any, name: str, *, low: float | None = None, high: float | None = None,
           low_open: bool = False, high_open: bool = False) -> float:
    """``value`` as a float, if it is a finite real number within the bounds; else a clear error.

    ``low``/``high`` are inclusive unless ``low_open``/``high_open``. ``name`` says which argument (or which
    entry: "the GDP of 'China'") the value is, so that the message points at it.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number; got {type(value).__name__} {shown(value)}")
    try:
        x = float(value)
    except OverflowError:  # an int beyond any float (10**400): no count or year of the book is that large
        raise ValueError(f"{name} is too large to be a number of this book; got {shown(value)}") from None
    if not math.isfinite(x):
        raise ValueError(f"{name} must be a finite number; got {shown(value)}")
    too_low = low is not None and (x <= low if low_open else x < low)
    too_high = high is not None and (x >= high if high_open else x > high)
    if too_low or too_high:
        raise ValueError(f"{name} must {_range(low, high, low_open, high_open)}; got {shown(value)}")
    return x


def _range(low: float | None, high: float | None, low_open: bool, high_open: bool) -> str:
    if low is not None and high is not None:
        return f"lie in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    if low is not None:
        return f"be a finite number {'>' if low_open else '>='} {low:g}"
    return f"be a finite number {'<' if high_open else '<='} {high:g}"


def amount(value: Any, name: str) -> float:
    """A count or a sum of money that cannot be negative: people online, GDP, votes, quota."""
    return number(value, name, low=0)


def share(value: Any, name: str) -> float:
    """A part of a whole, in [0, 1] (0.25 means a quarter)."""
    return number(value, name, low=0, high=1)


LARGEST_COUNT = 10**15
"""No count of this book (states, people, actors, seats, permutations) comes near it; above it, float arithmetic
on counts stops being exact (2**53 is about 9e15)."""


def whole(value: Any, name: str, *, low: int = 1, high: int = LARGEST_COUNT) -> int:
    """A whole number in ``[low, high]``: a count of actors, of steps, of seats.

    NumPy integers welcome, 2.0 too, 2.5 not; an int is kept exact (no detour through a float)."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        x = int(value)
    else:
        f = number(value, name)
        if f != int(f):
            raise ValueError(f"{name} must be a whole number >= {low}; got {shown(value)}")
        x = int(f)
    if x < low:
        raise ValueError(f"{name} must be a whole number {_bound(low, high)}; got {shown(value)}")
    if x > high:
        limit = f"<= {high:.0e}" if high == LARGEST_COUNT else f"between {low} and {high}"
        raise ValueError(f"{name} must be a whole number {limit}; got {shown(value)}")
    return x


def _bound(low: int, high: int) -> str:
    return f">= {low}" if high == LARGEST_COUNT else f"between {low} and {high}"


def year(value: Any, name: str = "year") -> int:
    """A calendar year as an int (2010, np.int64(2010) or 2010.0), between 1900 and 2100."""
    if isinstance(value, str):
        raise TypeError(f"{name} must be a year as a number, such as 2010, not the text {value!r}")
    x = number(value, name)
    if x != int(x) or not FIRST_YEAR <= x <= LAST_YEAR:
        raise ValueError(f"{name} must be a whole year between {FIRST_YEAR} and {LAST_YEAR}; got {shown(value)}")
    return int(x)


def mapping(value: Any, name: str) -> dict:
    """A dict (of names to numbers, say) from a dict or a pandas Series; anything else is a ``TypeError``."""
    if isinstance(value, Mapping):
        return dict(value)
    if hasattr(value, "to_dict") and hasattr(value, "index") and getattr(value, "ndim", None) == 1:
        keys = list(value.index)
        if len(set(keys)) != len(keys):
            twice = sorted({str(k) for k in keys if keys.count(k) > 1})
            raise ValueError(f"{name}: listed twice: {twice}")
        return dict(zip(keys, value.tolist(), strict=True))
    raise TypeError(f"{name} must be a mapping such as {{'China': 0.2}} or a pandas Series; "
                    f"got {type(value).__name__}")


def names(value: Any, name: str, *, allow_empty: bool = False, repeats: bool = False) -> list[str]:
    """A list of names or codes, in order, each once; one bare string is refused (it would be split into letters).

    With ``repeats=True`` a name given twice is kept once instead of being an error.
    """
    if isinstance(value, str | bytes):
        raise TypeError(f"{name} must be a list of names, such as [{value!r}], not one string")
    if isinstance(value, Mapping) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a list of names; got {type(value).__name__}")
    items = list(value.tolist() if hasattr(value, "tolist") else value)
    wrong = [shown(v) for v in items if not isinstance(v, str)]
    if wrong:
        raise TypeError(f"{name} must hold names (text); these are not: {wrong[:5]}")
    if repeats:
        items = list(dict.fromkeys(items))
    twice = sorted({v for v in items if items.count(v) > 1})
    if twice:
        raise ValueError(f"{name}: listed twice: {twice}")
    if not items and not allow_empty:
        raise ValueError(f"{name} is empty: give at least one name")
    return items


def covers(states: Iterable[str], value: Any, name: str) -> dict[str, Any]:
    """``value`` as a dict, if it gives a value for every state; else an error naming the first states it lacks."""
    found = mapping(value, name)
    missing = sorted(set(states) - set(found))
    if missing:
        raise ValueError(f"{name} gives no value for {missing[:5]}")
    return found


def labels(value: Any, name: str) -> dict[str, str]:
    """A mapping of states to labels (a regional group, a camp), checked: every state and every label is text."""
    found = mapping(value, name)
    names(list(found), f"the states of {name}", allow_empty=True)
    odd = [f"{s}: {shown(g)}" for s, g in found.items() if not isinstance(g, str)]
    if odd:
        raise TypeError(f"{name} must map each state to a name (text); not: {odd[:5]}")
    return found


def choice(value: Any, name: str, options: Iterable[Any], what: str = "") -> Any:
    """``value`` if it is one of ``options`` (a period, a measure, an actor, a resolution); else an error that
    names the argument and lists the options. A list or other unhashable value is a ``TypeError``, not a crash."""
    options = list(options)
    try:
        known = value in options if isinstance(value, str | numbers.Number) else False
    except TypeError:
        known = False
    if known:
        return value
    listed = sorted(str(o) for o in options)
    if not isinstance(value, str | numbers.Number) or isinstance(value, bool):
        raise TypeError(f"{name} must be one of {listed[:12]}{' ...' if len(listed) > 12 else ''}; "
                        f"got {type(value).__name__} {shown(value)}")
    raise ValueError(f"unknown {what or name} {shown(value)}; known: {listed[:12]}{' ...' if len(listed) > 12 else ''}")


def table(value: Any, name: str, columns: Iterable[str]) -> pd.DataFrame:
    """``value`` if it is a DataFrame with ``columns`` and at least one row; else an error naming what is missing."""
    if not isinstance(value, pd.DataFrame):
        raise TypeError(f"{name} must be a table (a pandas DataFrame); got {type(value).__name__}")
    missing = [c for c in columns if c not in value.columns]
    if missing:
        raise ValueError(f"{name} lacks column(s) {missing}; it has {list(value.columns)}")
    if value.empty:
        raise ValueError(f"{name} has no rows")
    return value


def _floats(column: pd.Series) -> np.ndarray:
    """A column as floats, NaN where a cell is not a number (text, even "2"; None; a bool; an int too large for a
    float), so the checks below name it instead of letting it reach a sum."""
    def one(cell: Any) -> float:
        if isinstance(cell, bool | np.bool_) or not isinstance(cell, numbers.Real):
            return math.nan
        try:
            return float(cell)
        except OverflowError:
            return math.nan
    if column.dtype.kind in "iuf":
        return column.to_numpy(dtype=float)
    return np.array([one(c) for c in column], dtype=float)


def amounts_in(frame: pd.DataFrame, column: str, name: str) -> None:
    """Every value of ``column`` is a finite number >= 0; else a ``ValueError`` naming the first bad row."""
    values = _floats(frame[column])
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        row = frame.index[int(np.argmax(bad))]
        raise ValueError(f"{name}, row {row}, column {column!r}: {shown(frame.at[row, column])} is not a finite "
                         "number >= 0")


def years_in(frame: pd.DataFrame, column: str, name: str) -> None:
    """Every value of ``column`` is a whole year in 1900–2100; else a ``ValueError`` naming the first bad row."""
    values = _floats(frame[column])
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(values) | (values != np.round(values)) | (values < FIRST_YEAR) | (values > LAST_YEAR)
    if bad.any():
        row = frame.index[int(np.argmax(bad))]
        raise ValueError(f"{name}, row {row}, column {column!r}: {shown(frame.at[row, column])} is not a year "
                         f"between {FIRST_YEAR} and {LAST_YEAR}")
