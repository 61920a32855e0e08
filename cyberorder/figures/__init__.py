"""The book's static figures, one module per chapter: charts drawn from the data, with nothing to move.

Explorers (a model with controls) are in :mod:`cyberorder.explorers`. Every figure follows the book's chart
grammar and colour key (:mod:`cyberorder.colours`); a lab shows it with one call, e.g. ``figures.budapest_chart()``.
"""

from __future__ import annotations

from cyberorder.figures.cyberspace import budapest_chart, budapest_dates, internet_use_chart, ncpi_chart
from cyberorder.figures.diplomacy import forums_chart, gge_timeline, strategies_by_year
from cyberorder.figures.framing import freedom_statuses, quota_changes, shares_over_time
from cyberorder.figures.introduction import user_shares_over_time
from cyberorder.figures.order import curves_chart

__all__ = ["budapest_chart", "budapest_dates", "curves_chart", "forums_chart", "freedom_statuses", "gge_timeline",
           "internet_use_chart", "ncpi_chart", "quota_changes", "shares_over_time", "strategies_by_year",
           "user_shares_over_time"]
