"""The article's checkable statements, each recomputed from the book's data.

Each :class:`Claim` records a short quotation of the article, where the book discusses it, the
computation, the value the data gives, and a verdict of one of the kinds in :mod:`cyberorder.claim`
(holds, does not hold, not shown by this measure, depends on the measure, sourced, attributed).
``expected`` says which verdict the book expects: any other makes ``python -m cyberorder.claims``
exit non-zero, so a change of data or code that moves a verdict cannot pass unnoticed. Where the
data disagrees with the article, the expected verdict and the note say so: that is a finding, not a
failure.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import pandas as pd

from cyberorder.claim import Claim, Finding

__all__ = ["CLAIMS", "Claim", "Finding", "check_all", "table"]

def _discover() -> tuple[Claim, ...]:
    """Every chapter's claims, in chapter order: each module of :mod:`cyberorder.claimsets` has CLAIMS."""
    import cyberorder.claimsets as sets

    found: list[Claim] = []
    for info in sorted(pkgutil.iter_modules(sets.__path__), key=lambda m: m.name):
        found.extend(importlib.import_module(f"{sets.__name__}.{info.name}").CLAIMS)
    ids = [c.id for c in found]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"claim ids must be unique; repeated: {duplicates}")
    return tuple(found)


CLAIMS = _discover()
"""Every claim of the book, chapter by chapter."""


def check_all() -> list[tuple[Claim, Finding]]:
    """Recompute every claim."""
    return [(c, c.check()) for c in CLAIMS]


def table() -> pd.DataFrame:
    """The registry as a table: one row per claim, with its value and verdict."""
    rows = []
    for claim, found in check_all():
        verdict = claim.verdict(found)
        rows.append({"id": claim.id, "chapter": claim.chapter, "the article says": f"“{claim.quote}”",
                     "computation": claim.computation, "value found": found.value, "verdict": verdict,
                     "expected": claim.expected, "indicator": claim.indicator or "a proxy (see the computation)",
                     "other measures": "; ".join(f"{m}: {'holds' if h else 'does not'}"
                                                 for m, h in found.other_measures),
                     "robustness": found.robustness, "where": claim.where, "note": claim.note})
    return pd.DataFrame(rows)


def main() -> int:
    """Print the registry; return 1 when a claim's verdict is not the one the book expects."""
    results = check_all()
    for claim, found in results:
        mark = "ok " if claim.verdict(found) == claim.expected else "FAIL"
        print(f"[{mark}] {claim.id} ({claim.chapter}): “{claim.quote}”")
        print(f"       {found.value} -> {claim.verdict(found)}")
    wrong = [c.id for c, f in results if c.verdict(f) != c.expected]
    counts = pd.Series([c.verdict(f) for c, f in results]).value_counts()
    print("verdicts: " + ", ".join(f"{n} {v}" for v, n in counts.items()))
    print(f"{len(results)} claims, {len(results) - len(wrong)} as expected" +
          (f"; unexpected: {', '.join(wrong)}" if wrong else ""))
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
