"""Chapter 3's explorer: Freedom on the Net 2018, with the reader's status thresholds, group and scale."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd

from cyberorder import colours, forums, rollcalls, values, vega
from cyberorder.data import load
from cyberorder.explorer import Choice, Explorer, Readout, Slider, readout_panel, spec_with, stack

__all__ = [
    "ALL_ASSESSED",
    "FOTN_GROUPS",
    "NCPI_RANKED",
    "SCALES",
    "STATUS_COLOURS",
    "WCIT_NOT_SIGNED",
    "WCIT_SIGNED",
    "fotn_groups",
    "internet_freedom",
]


# -- 2. internet freedom: thresholds and groups ------------------------------------------------------

ALL_ASSESSED = "All countries assessed"
NCPI_RANKED = "Ranked by the NCPI 2020"
WCIT_SIGNED = "WCIT-12: named signatories"
WCIT_NOT_SIGNED = "WCIT-12: named non-signatories"
SCALES = {"Higher is freer (2019 on)": "higher_is_freer", "Lower is freer (2018 and before)": "lower_is_freer"}


def fotn_groups() -> dict[str, tuple[str, ...]]:
    """Groups of countries (ISO3) a reader can pick, each from a sourced table of the book.

    All countries in the UN regional-group table; each UN regional group; each camp of the 2018 UN
    votes (:func:`cyberorder.rollcalls.camps`); the NCPI's 29 ranked countries; and the states named as
    signing or not signing the ITRs at WCIT-12 (partial lists).
    """
    regional = load("un_regional_groups")
    groups: dict[str, tuple[str, ...]] = {ALL_ASSESSED: tuple(regional.iso3)}
    for g in forums.UN_REGIONAL_GROUPS:
        groups[g] = tuple(regional.iso3[regional.un_regional_group == g])
    camp_of = rollcalls.camps(rollcalls.vote_matrix())
    for c in rollcalls.CAMPS:
        groups[f"2018 votes: {c}"] = tuple(s for s, v in camp_of.items() if v == c)
    groups[NCPI_RANKED] = tuple(load("ncpi_2020_scores").iso3)
    wcit = load("wcit12_signatures")
    groups[WCIT_SIGNED] = tuple(wcit.iso3[wcit.status == "signed"])
    groups[WCIT_NOT_SIGNED] = tuple(wcit.iso3[wcit.status == "did_not_sign"])
    return groups


FOTN_GROUPS = (ALL_ASSESSED, *forums.UN_REGIONAL_GROUPS, *(f"2018 votes: {c}" for c in rollcalls.CAMPS),
               NCPI_RANKED, WCIT_SIGNED, WCIT_NOT_SIGNED)
"""The groups offered by :func:`internet_freedom`, in menu order."""

_FOTN_DESCRIPTION = ("Strip of dots, one per country assessed by Freedom on the Net 2018 in the chosen group, placed "
                     "by its score on the chosen scale and coloured by its status under the reader's thresholds. "
                     "Readouts give the group's size, its shares Free, Partly Free and Not Free, and its mean score.")
STATUS_COLOURS = [colours.KEY["freedom"][s] for s in values.FOTN_STATUSES]


def _fotn_dots(chart: alt.Chart, title: str) -> alt.Chart:
    """Dots of countries (fields: country, shown, status)."""
    return chart.mark_circle(size=90, opacity=0.85).encode(
        x=alt.X("shown:Q", title="Freedom on the Net 2018 score, on the scale chosen",
                scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("status:N", title=None, sort=list(values.FOTN_STATUSES)),
        color=alt.Color("status:N", title="Status", legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(domain=list(values.FOTN_STATUSES), range=STATUS_COLOURS)),
        tooltip=["country:N", alt.Tooltip("shown:Q", title="score"), "status:N"],
    ).properties(width=460, height=120, title=title)


def internet_freedom() -> Explorer:
    """Freedom on the Net 2018: move the status thresholds, pick a group, choose the scale to read.

    The model is :func:`cyberorder.values.fotn_summary` on 2018 scores converted to the 2019 scale by
    :func:`cyberorder.values.fotn_freedom`. The scale control changes only how scores are shown (and
    the mean score's reading), never a country's status: that is the point of converting.
    """
    table = load("fotn_scores")
    table = table[table.edition == 2018]
    freedom_of = {r.iso3: values.fotn_freedom(int(r.total_score), r.scale) for r in table.itertuples()}
    name_of = dict(zip(table.iso3, table.country, strict=True))
    groups = fotn_groups()
    assessed = {g: tuple(m for m in groups[g] if m in freedom_of) for g in FOTN_GROUPS}
    controls = [
        Choice("fotn_group", "Group", FOTN_GROUPS, ALL_ASSESSED),
        Slider("free_from", "Free from (higher-is-freer scale)", 55, 90, 1, values.FOTN_FREE_FROM),
        Slider("not_free_below", "Not Free below (higher-is-freer scale)", 20, 55, 1, values.FOTN_NOT_FREE_BELOW),
        Choice("fotn_scale", "Read scores as", tuple(SCALES), "Higher is freer (2019 on)"),
    ]
    readouts = [
        Readout("countries", "Countries assessed in the group", "d"),
        Readout("share_free", "Share rated Free", ".1%"),
        Readout("share_partly_free", "Share rated Partly Free", ".1%"),
        Readout("share_not_free", "Share rated Not Free", ".1%"),
        Readout("mean_score", "Mean score on the scale chosen", ".1f"),
    ]

    def summary(state: Mapping[str, Any]) -> values.FotnSummary:
        return values.fotn_summary(freedom_of, assessed[state["fotn_group"]], free_from=float(state["free_from"]),
                                   not_free_below=float(state["not_free_below"]))

    def shown(freedom: float, state: Mapping[str, Any]) -> float:
        return freedom if SCALES[state["fotn_scale"]] == "higher_is_freer" else 100 - freedom

    def model(state: Mapping[str, Any]) -> dict[str, Any]:
        s = summary(state)
        return {"countries": s.countries, "share_free": s.share_free, "share_partly_free": s.share_partly_free,
                "share_not_free": s.share_not_free, "mean_score": shown(s.mean_freedom, state)}

    @functools.lru_cache(maxsize=len(FOTN_GROUPS))
    def template(title: str) -> dict[str, Any]:
        """The live chart for one group (its title names it), built once: a callback only fills in the rows."""
        return _fotn_dots(alt.Chart(alt.NamedData("countries")), title).properties(
            description=_FOTN_DESCRIPTION).to_dict()

    def live_chart(state: Mapping[str, Any]) -> dict[str, Any]:
        members = assessed[state["fotn_group"]]
        frame = pd.DataFrame({"country": [name_of[m] for m in members],
                              "shown": [shown(freedom_of[m], state) for m in members],
                              "status": [values.fotn_status(freedom_of[m], float(state["free_from"]),
                                                            float(state["not_free_below"])) for m in members]})
        return spec_with(template(f"{state['fotn_group']}: internet freedom, 2018"), {"countries": frame})

    def twin(params: Sequence[alt.Parameter]) -> alt.TopLevelMixin:
        rows = pd.DataFrame({"country": [name_of[m] for m in freedom_of], "freedom": list(freedom_of.values()),
                             "groups": ["|" + "|".join(g for g in FOTN_GROUPS if m in assessed[g]) + "|"
                                        for m in freedom_of]})
        higher = f"fotn_scale == {vega.string(next(iter(SCALES)))}"
        base = (alt.Chart(rows)
                .transform_filter("indexof(datum.groups, '|' + fotn_group + '|') >= 0")
                .transform_calculate(
                    status="datum.freedom >= free_from ? 'Free' : (datum.freedom < not_free_below ? "
                           "'Not Free' : 'Partly Free')",
                    shown=f"{higher} ? datum.freedom : 100 - datum.freedom"))
        stats = base.transform_calculate(
            f="datum.status == 'Free' ? 1 : 0", p="datum.status == 'Partly Free' ? 1 : 0",
            nf="datum.status == 'Not Free' ? 1 : 0",
        ).transform_aggregate(n="count()", f="sum(f)", p="sum(p)", nf="sum(nf)", mean_freedom="mean(freedom)")
        panel = readout_panel(readouts, {
            "countries": stats.transform_calculate(value="datum.n"),
            "share_free": stats.transform_calculate(value="datum.f / datum.n"),
            "share_partly_free": stats.transform_calculate(value="datum.p / datum.n"),
            "share_not_free": stats.transform_calculate(value="datum.nf / datum.n"),
            "mean_score": stats.transform_calculate(value=f"{higher} ? datum.mean_freedom : 100 - datum.mean_freedom"),
        })
        return stack(panel, _fotn_dots(base, "Internet freedom in the group, 2018"), description=_FOTN_DESCRIPTION)

    examples = [
        {"fotn_group": "2018 votes: " + rollcalls.SOVEREIGNTY_CAMP},
        {"fotn_group": "2018 votes: " + rollcalls.OPEN_CAMP, "fotn_scale": "Lower is freer (2018 and before)"},
        {"fotn_group": NCPI_RANKED, "free_from": 60, "not_free_below": 50},
        {"fotn_group": "African Group", "free_from": 80, "not_free_below": 30},
        {"fotn_group": WCIT_SIGNED, "fotn_scale": "Lower is freer (2018 and before)"},
    ]
    return Explorer(name="internet_freedom", title="Internet freedom: thresholds and groups (FOTN 2018)",
                    controls=controls, readouts=readouts, model=model, live_chart=live_chart, twin=twin,
                    examples=examples)
