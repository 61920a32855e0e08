"""How the package's results look in a notebook: numbers rounded for a reader, not printed to 17 digits.

A result such as ``power.lead(...)`` is a dataclass; its ``repr`` stays exact (for debugging and tests), but
IPython shows it through :meth:`Readable._repr_pretty_`, with every float to four significant digits:
``Lead(leader='USA', leader_share=0.3846, ...)`` rather than ``leader_share=0.38458933165184894``.
"""

from __future__ import annotations

import dataclasses
import numbers
from typing import Any

__all__ = ["Readable", "readable"]

DIGITS = 4
"""Significant digits a reader is shown: enough to compare shares, few enough to read."""


class Readable:
    """Mixin for the package's result dataclasses: IPython shows them with rounded numbers."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # IPython walks the class's MRO and takes the first __repr__ or _repr_pretty_ it finds in a class's own
        # namespace; @dataclass writes __repr__ into the subclass, so the pretty printer must live there too.
        super().__init_subclass__(**kwargs)
        cls._repr_pretty_ = Readable._repr_pretty_

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(readable(self))


def readable(value: Any) -> str:
    """``value`` written for a reader: floats to four significant digits, inside dataclasses, dicts and tuples."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        parts = [f"{f.name}={readable(getattr(value, f.name))}" for f in dataclasses.fields(value) if f.repr]
        return f"{type(value).__name__}({', '.join(parts)})"
    if isinstance(value, bool):
        return repr(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return f"{float(value):.{DIGITS}g}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {readable(v)}" for k, v in value.items()) + "}"
    if isinstance(value, tuple | list):
        inner = ", ".join(readable(v) for v in value)
        return f"({inner}{',' if len(value) == 1 else ''})" if isinstance(value, tuple) else f"[{inner}]"
    return repr(value)
