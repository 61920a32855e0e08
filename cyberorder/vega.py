"""Writing Vega expressions from Python: the one place where a Python string becomes part of an expression.

A static twin recomputes the model in the reader's browser with Vega expressions such as
``datum.camp == 'Open camp' ? 1 : 0``. A name spliced into such a string by hand breaks the spec (or changes
its meaning) as soon as it holds a quote or a backslash: a reader's forum called "Côte d'Ivoire's friends",
say. Every string that enters an expression goes through :func:`string`, which writes it as a JSON string
literal (a JSON string is a valid Vega string: quotes, backslashes, line breaks and any script survive).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

__all__ = ["choose", "equals", "format_number", "membership", "string"]


def string(text: str) -> str:
    """``text`` as a Vega string literal, e.g. ``"Côte d'Ivoire"`` -> ``"C\\u00f4te d'Ivoire"``."""
    if not isinstance(text, str):
        raise TypeError(f"only text can become a Vega string; got {type(text).__name__} {text!r}")
    return json.dumps(text)


def equals(expr: str, text: str) -> str:
    """The expression "``expr`` is the text ``text``", e.g. ``equals("datum.camp", "Bridge")``."""
    return f"({expr} == {string(text)})"


def choose(expr: str, cases: Mapping[str, str], otherwise: str = "") -> str:
    """The text ``cases[value]`` where ``expr`` evaluates to ``value`` (``otherwise`` if no case matches)."""
    parts = [f"{equals(expr, key)} ? {string(value)}" for key, value in cases.items()]
    return "(" + " : ".join([*parts, string(otherwise)]) + ")"


def membership(field: str, flag_of: Mapping[str, str]) -> str:
    """Is ``datum[field]`` one of the items whose toggle (a param) is on?

    ``flag_of`` maps each item to the name of its toggle's param. The static twins use it to recompute a
    reader-defined group (e.g. "the West") in the browser.
    """
    terms = [f"({equals(f'datum[{string(field)}]', item)} && {flag})" for item, flag in flag_of.items()]
    return "(" + " || ".join(terms) + ")" if terms else "false"


POINTS = "pp"
"""A format ending in "pp" (``+.1pp``) writes a difference of two shares in percentage points: 0.657 -> +65.7 pp."""


def format_number(expr: str, fmt: str) -> str:
    """The expression that writes the number ``expr`` with ``fmt`` as Python's ``format`` does (ASCII minus sign).

    ``fmt`` is a d3-format specifier (the same mini-language as Python's), or one ending in "pp" for a difference
    of shares in percentage points.
    """
    if fmt.endswith(POINTS):
        return f"replace(format(({expr}) * 100, {string(fmt[:-len(POINTS)] + 'f')}), '\u2212', '-') + ' pp'"
    return f"replace(format({expr}, {string(fmt)}), '\u2212', '-')"
