"""Chapter 3's explorers: weighting cyber power, and reading internet freedom."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd

from cyberorder import colours, cyberpower, forums, power, rollcalls, values, vega
from cyberorder.data import load
from cyberorder.explorer import Choice, Explorer, Readout, Slider, readout_panel, spec_with

__all__ = ["FOTN_GROUPS", "IN_VIEW", "cyber_power_weights", "fotn_groups", "internet_freedom", "punching_above_weight"]


# -- 1. weighting cyber power ----------------------------------------------------------------------

WEIGHT_NAME = {k: f"w_{k}" for k in cyberpower.OBJECTIVES}
"""The control (and twin param) holding each objective's weight."""
ALL_ZERO = "undefined: every weight is 0"

_POWER_DESCRIPTION = ("Horizontal bar chart of each country's share of the summed cyber-power scores of the countries "
                      "counted, under the reader's weights for the National Cyber Power Index's seven objectives; "
                      "the followed country and the leader are coloured. Readouts give the leader, the lone-superpower "
                      "test, concentration and the followed country's rank.")


def _power_bars(chart: alt.Chart, title: str) -> alt.Chart:
    """Bars of shares (fields: country, share, role)."""
    roles = ["Followed", "Leader", "Other"]
    return chart.mark_bar().encode(
        x=alt.X("share:Q", title="Share of the summed scores (%)", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 0.35])),
        y=alt.Y("country:N", title=None, sort="-x"),
        # the country the reader follows in ink; the leader is the top bar (sorted) and named in the readouts
        color=alt.Color("role:N", title=None, legend=None,
                        scale=alt.Scale(domain=roles, range=[colours.INK, colours.OTHER, colours.OTHER])),
        tooltip=["country:N", alt.Tooltip("score:Q", format=".2f", title="weighted score"),
                 alt.Tooltip("share:Q", format=".1%")],
    ).properties(width=360, height=alt.Step(13),
                 title=alt.Title(title, subtitle="Black: the country you follow; the leader is the top bar"))


def cyber_power_weights() -> Explorer:
    """Re-weight the NCPI 2020's seven objectives: ranking, shares, concentration and the lone-superpower test.

    The model is :func:`cyberorder.cyberpower.weighted_scores` for the scores, then the chapter 2
    measures of :mod:`cyberorder.power` (``shares``, ``hhi``, ``effective_poles``, ``lead``) on the top
    ``n`` countries, and :func:`cyberorder.cyberpower.lone_superpower`.
    """
    table = load("ncpi_2020_scores")
    countries = tuple(table.country)
    controls: list[Any] = [Slider(WEIGHT_NAME[k], f"Weight: {label}", 0, 3, 0.5, 1)
                           for k, label in cyberpower.OBJECTIVES.items()]
    controls += [Slider("top_n", "Countries counted (top n)", 3, len(countries), 1, len(countries)),
                 Choice("followed", "Follow", countries, "Estonia")]
    readouts = [
        Readout("leader", "Leading country", ""),
        Readout("leader_share", "Leader's share of the summed scores", ".1%"),
        Readout("margin", "Leader minus the next two combined", "+.1pp"),
        Readout("lone", "Ahead of the next two combined", ""),
        Readout("hhi", "HHI among the countries counted", ".3f"),
        Readout("effective_poles", "Effective number of poles (1/HHI)", ".2f"),
        Readout("followed_rank", "Rank of the followed country", "d"),
    ]

    def weights(state: Mapping[str, Any]) -> dict[str, float]:
        return {k: float(state[WEIGHT_NAME[k]]) for k in cyberpower.OBJECTIVES}

    def counted(state: Mapping[str, Any]) -> tuple[dict[str, float], dict[str, float]]:
        scores = cyberpower.weighted_scores(table, weights(state))
        top = power.ranked(power.shares(scores))[: int(state["top_n"])]
        return scores, power.shares({name: scores[name] for name, _ in top})

    def model(state: Mapping[str, Any]) -> dict[str, Any]:
        scores, share_of = counted(state)
        test = cyberpower.lone_superpower(share_of)
        return {"leader": test.leader, "leader_share": test.leader_share, "margin": test.margin,
                "lone": "yes" if test.passes else "no", "hhi": power.hhi(share_of),
                "effective_poles": power.effective_poles(share_of),
                "followed_rank": cyberpower.rank_of(scores, state["followed"])}

    # built once, as a spec: a callback only fills in the rows
    power_template = _power_bars(alt.Chart(alt.NamedData("shares")), "Cyber power under your weights").properties(
        description=_POWER_DESCRIPTION).to_dict()

    def live_chart(state: Mapping[str, Any]) -> dict[str, Any]:
        scores, share_of = counted(state)
        leader = power.ranked(share_of)[0][0]
        frame = pd.DataFrame({"country": list(share_of), "share": list(share_of.values()),
                              "score": [scores[c] for c in share_of]})
        frame["role"] = ["Leader" if c == leader else "Followed" if c == state["followed"] else "Other"
                         for c in frame.country]
        return spec_with(power_template, {"shares": frame})

    def twin(params: Sequence[alt.Parameter]) -> alt.TopLevelMixin:
        rows = table[["country", *[f"obj_{k}" for k in cyberpower.OBJECTIVES]]]
        wsum = " + ".join(WEIGHT_NAME[k] for k in cyberpower.OBJECTIVES)
        num = " + ".join(f"{WEIGHT_NAME[k]} * datum.obj_{k}" for k in cyberpower.OBJECTIVES)
        ranked_rows = (alt.Chart(rows)
                       .transform_calculate(score=f"({num}) / ({wsum})")
                       .transform_window(rank="row_number()", sort=[alt.SortField("score", order="descending"),
                                                                    alt.SortField("country", order="ascending")]))
        base = (ranked_rows.transform_filter("datum.rank <= top_n")
                .transform_joinaggregate(total="sum(score)")
                .transform_calculate(share="datum.score / datum.total"))
        ok = f"({wsum}) > 0"
        stats = base.transform_calculate(
            s1="datum.rank == 1 ? datum.share : 0", s23="datum.rank == 2 || datum.rank == 3 ? datum.share : 0",
            sq="datum.share * datum.share",
        ).transform_aggregate(s1="sum(s1)", s23="sum(s23)", hhi="sum(sq)")
        first = base.transform_filter("datum.rank == 1")
        panel = readout_panel(readouts, {
            "leader": first.transform_calculate(value=f"{ok} ? datum.country : {vega.string(ALL_ZERO)}"),
            "leader_share": first.transform_calculate(value="datum.share"),
            "margin": stats.transform_calculate(value="datum.s1 - datum.s23"),
            "lone": stats.transform_calculate(value="datum.s1 - datum.s23 > 0 ? 'yes' : 'no'"),
            "hhi": stats.transform_calculate(value="datum.hhi"),
            "effective_poles": stats.transform_calculate(value="1 / datum.hhi"),
            "followed_rank": ranked_rows.transform_filter("datum.country == followed")
            .transform_calculate(value="datum.rank"),
        }, texts=('leader', 'lone'))
        bars = _power_bars(base.transform_calculate(
            role="datum.rank == 1 ? 'Leader' : (datum.country == followed ? 'Followed' : 'Other')"),
            "Cyber power under your weights")
        return alt.vconcat(panel, bars).properties(description=_POWER_DESCRIPTION)

    examples = [
        {WEIGHT_NAME["surveillance"]: 3.0, WEIGHT_NAME["defense"]: 3.0},
        {WEIGHT_NAME["offense"]: 3.0, WEIGHT_NAME["intelligence"]: 3.0, WEIGHT_NAME["norms"]: 3.0,
         "followed": "Israel"},
        {WEIGHT_NAME["commercial"]: 0.0, WEIGHT_NAME["norms"]: 0.0, "top_n": 4, "followed": "Russia"},
        {**{WEIGHT_NAME[k]: 0.0 for k in cyberpower.OBJECTIVES}, WEIGHT_NAME["information_control"]: 1.0,
         "top_n": 10, "followed": "Singapore"},
    ]
    return Explorer(name="cyber_power_weights", title="Weighting cyber power (NCPI 2020)", controls=controls,
                    readouts=readouts, model=model, live_chart=live_chart, twin=twin, examples=examples)


# -- 1b. who punches above their weight -------------------------------------------------------------

IN_VIEW = ("Estonia", "Singapore", "Israel", "Netherlands")
"""The small and middle powers kept in view: the article names Estonia, Singapore and Israel; the issue adds the
Netherlands, fifth in the NCPI 2020."""

_PUNCH_DESCRIPTION = ("Two charts of the countries ranked by the NCPI 2020 that have a 2019 GDP figure. Left: bars of "
                      "each country's share of the summed cyber-power scores (on the measure chosen) minus its share "
                      "of the same countries' summed GDP; bars to the right punch above their weight. Right: each "
                      "country's cyber-power rank against its GDP rank, with a dashed line where the two are equal; "
                      "points above the line punch above their weight. The highlighted country and Estonia, "
                      "Singapore, Israel and the Netherlands are coloured and named.")



PUNCH_ROLES = ["Highlighted", "In view", "Other"]


def _punch_fill() -> alt.Fill:
    """The highlighted country in ink, the countries in view in grey, the others hollow (a grey outline)."""
    return alt.Fill("role:N", title=None, legend=alt.Legend(orient="bottom"),
                    scale=alt.Scale(domain=PUNCH_ROLES, range=[colours.INK, colours.OTHER, colours.PAGE]))


def _punch_stroke() -> alt.Stroke:
    return alt.Stroke("role:N", title=None, legend=alt.Legend(orient="bottom"),
                      scale=alt.Scale(domain=PUNCH_ROLES, range=[colours.INK, colours.OTHER, colours.OTHER]))


def _diagonal(n: int) -> pd.DataFrame:
    """The two ends of the line where cyber rank equals GDP rank, for ``n`` countries."""
    return pd.DataFrame({"gdp_rank": [0, n + 1], "cyber_rank": [0, n + 1]})


def _punch_view(chart: alt.Chart, diagonal: alt.Chart, n: int) -> alt.VConcatChart:
    """Bars of share gaps and a scatter of ranks (fields: country, gap, cyber_share, gdp_share, cyber_rank,
    gdp_rank, role) for ``n`` countries compared; ``diagonal`` holds :func:`_diagonal`."""
    chart = chart.transform_calculate(gap_pp="datum.gap * 100")  # the gap in percentage points, for the tooltip
    tooltip = ["country:N", alt.Tooltip("cyber_share:Q", format=".2%", title="share of cyber power"),
               alt.Tooltip("gdp_share:Q", format=".2%", title="share of GDP"),
               alt.Tooltip("gap_pp:Q", format="+.2f", title="share gap (percentage points)"),
               alt.Tooltip("cyber_rank:Q", title="cyber rank"), alt.Tooltip("gdp_rank:Q", title="GDP rank")]
    bars = chart.mark_bar(strokeWidth=1).encode(
        x=alt.X("gap:Q", title="Cyber-power share minus GDP share (percentage points)",
                axis=alt.Axis(labelExpr=vega.format_number("datum.value", "+.0pp"))),
        y=alt.Y("country:N", title=None, sort="-x"),
        fill=_punch_fill(), stroke=_punch_stroke(), tooltip=tooltip,
    ).properties(width=300, height=alt.Step(13), title="Shares: cyber power minus GDP")
    ranks = alt.Scale(domain=[n + 1, 0], nice=False)
    line = diagonal.mark_line(color=colours.OTHER, strokeDash=[4, 4]).encode(
        x=alt.X("gdp_rank:Q", scale=ranks), y=alt.Y("cyber_rank:Q", scale=ranks))
    dots = chart.mark_circle(size=70, strokeWidth=1.5).encode(
        x=alt.X("gdp_rank:Q", title="GDP rank among the countries compared (1 = largest)", scale=ranks),
        y=alt.Y("cyber_rank:Q", title="Cyber-power rank (1 = strongest)", scale=ranks),
        fill=_punch_fill(), stroke=_punch_stroke(), tooltip=tooltip)
    names = chart.transform_filter("datum.role != 'Other'").mark_text(align="left", dx=6, fontSize=11).encode(
        x=alt.X("gdp_rank:Q", scale=ranks), y=alt.Y("cyber_rank:Q", scale=ranks), text="country:N")
    scatter = alt.layer(line, dots, names).properties(
        width=300, height=300, title="Ranks: above the dashed line, above its weight")
    return alt.vconcat(bars, scatter)  # stacked: fits a phone, and leaves room for the controls beside it


def punching_above_weight() -> Explorer:
    """Who punches above their weight: cyber-power share minus GDP share, among the NCPI's ranked countries.

    The model is :func:`cyberorder.cyberpower.measure_scores` (the measure the reader picks: overall score,
    capability, intent or one objective) and :func:`cyberorder.cyberpower.punching_above_weight` with the
    2019 GDP of :func:`cyberorder.cyberpower.gdp_by_country`; North Korea (unranked) and any ranked country
    without a GDP figure are listed as left out, never dropped silently.
    """
    table = load("ncpi_2020_scores")
    gdp = cyberpower.gdp_by_country()
    compared = tuple(c for c in table.country if c in gdp)
    column_of = {label: column for column, label in cyberpower.NCPI_MEASURES.items()}

    def comparison(state: Mapping[str, Any]) -> cyberpower.WeightComparison:
        scores = cyberpower.measure_scores(table, column_of[state["measure"]])
        return cyberpower.punching_above_weight(scores, gdp, cyberpower.UNRANKED_2020)

    left_out = "; ".join(f"{c} ({why})" for c, why in comparison(
        {"measure": cyberpower.NCPI_MEASURES["ncpi_total"]}).excluded.items()) or "none"
    controls = [Choice("measure", "Cyber power measured by", tuple(column_of), cyberpower.NCPI_MEASURES["ncpi_total"]),
                Choice("highlighted", "Highlight", compared, "Estonia")]
    readouts = [
        Readout("compared", "Countries compared", "d"),
        Readout("left_out", "Left out", ""),
        Readout("cyber_share", "Highlighted country's share of cyber power", ".2%"),
        Readout("gdp_share", "Its share of GDP (2019)", ".2%"),
        Readout("gap", "Its cyber share minus GDP share", "+.2pp"),
        Readout("cyber_rank", "Its cyber-power rank", "d"),
        Readout("gdp_rank", "Its GDP rank", "d"),
        Readout("rank_gap", "Its GDP rank minus cyber rank", "+d"),
        Readout("most_above", "Furthest above its weight", ""),
        Readout("most_below", "Furthest below its weight", ""),
        Readout("above", "Countries above their weight (gap > 0)", "d"),
    ]

    def model(state: Mapping[str, Any]) -> dict[str, Any]:
        result = comparison(state)
        w = result.of(state["highlighted"])
        order = result.ranked_by_gap()
        below = min(result.countries.values(), key=lambda x: (x.gap, x.country))
        return {"compared": len(result.countries), "left_out": left_out, "cyber_share": w.cyber_share,
                "gdp_share": w.gdp_share, "gap": w.gap, "cyber_rank": w.cyber_rank, "gdp_rank": w.gdp_rank,
                "rank_gap": w.rank_gap, "most_above": order[0].country, "most_below": below.country,
                "above": sum(1 for x in order if x.gap > 0)}

    def role(country: str, state: Mapping[str, Any]) -> str:
        return "Highlighted" if country == state["highlighted"] else "In view" if country in IN_VIEW else "Other"

    # built once, as a spec: a callback only fills in the rows
    frame = _punch_view(alt.Chart(alt.NamedData("weights")), alt.Chart(alt.NamedData("diagonal")),
                        len(compared)).properties(description=_PUNCH_DESCRIPTION).to_dict()
    diagonal = _diagonal(len(compared)).to_dict("records")

    def live_chart(state: Mapping[str, Any]) -> dict[str, Any]:
        result = comparison(state)
        rows = [{"country": w.country, "gap": w.gap, "cyber_share": w.cyber_share, "gdp_share": w.gdp_share,
                 "cyber_rank": w.cyber_rank, "gdp_rank": w.gdp_rank, "role": role(w.country, state)}
                for w in result.countries.values()]
        return spec_with(frame, {"weights": rows, "diagonal": diagonal})

    def twin(params: Sequence[alt.Parameter]) -> alt.TopLevelMixin:
        rows = table.loc[table.country.isin(compared), ["country", *cyberpower.NCPI_MEASURES]].assign(
            gdp=[gdp[c] for c in table.country if c in gdp])
        pick = "".join(f"measure == {vega.string(label)} ? datum[{vega.string(column)}] : "
                       for label, column in column_of.items()) + "0"
        base = (alt.Chart(rows)
                .transform_calculate(score=pick)
                .transform_joinaggregate(total_score="sum(score)", total_gdp="sum(gdp)")
                .transform_calculate(cyber_share="datum.score / datum.total_score",
                                     gdp_share="datum.gdp / datum.total_gdp")
                .transform_calculate(gap="datum.cyber_share - datum.gdp_share")
                .transform_window(cyber_rank="row_number()", sort=[alt.SortField("score", order="descending"),
                                                                   alt.SortField("country", order="ascending")])
                .transform_window(gdp_rank="row_number()", sort=[alt.SortField("gdp", order="descending"),
                                                                 alt.SortField("country", order="ascending")])
                .transform_window(above_rank="row_number()", sort=[alt.SortField("gap", order="descending"),
                                                                   alt.SortField("country", order="ascending")])
                .transform_window(below_rank="row_number()", sort=[alt.SortField("gap", order="ascending"),
                                                                   alt.SortField("country", order="ascending")]))
        stats = base.transform_calculate(up="datum.gap > 0 ? 1 : 0").transform_aggregate(n="count()", up="sum(up)")
        chosen = base.transform_filter("datum.country == highlighted")
        fields = ["cyber_share", "gdp_share", "gap", "cyber_rank", "gdp_rank"]
        panel = readout_panel(readouts, {
            "compared": stats.transform_calculate(value="datum.n"),
            "left_out": stats.transform_calculate(value=vega.string(left_out)),
            **{f: chosen.transform_calculate(value=f"datum.{f}") for f in fields},
            "rank_gap": chosen.transform_calculate(value="datum.gdp_rank - datum.cyber_rank"),
            "most_above": base.transform_filter("datum.above_rank == 1").transform_calculate(value="datum.country"),
            "most_below": base.transform_filter("datum.below_rank == 1").transform_calculate(value="datum.country"),
            "above": stats.transform_calculate(value="datum.up"),
        }, texts=('left_out', 'most_above', 'most_below'), width=640)
        in_view = " || ".join(f"datum.country == {vega.string(c)}" for c in IN_VIEW)
        view = _punch_view(base.transform_calculate(
            role=f"datum.country == highlighted ? 'Highlighted' : ({in_view} ? 'In view' : 'Other')"),
            alt.Chart(_diagonal(len(rows))), len(rows))
        return alt.vconcat(panel, view).properties(description=_PUNCH_DESCRIPTION)

    examples = [
        {"highlighted": "Singapore"},
        {"measure": cyberpower.NCPI_MEASURES["capability_score"], "highlighted": "Israel"},
        {"measure": cyberpower.NCPI_MEASURES["intent_score"], "highlighted": "Netherlands"},
        {"measure": cyberpower.NCPI_MEASURES["obj_surveillance"], "highlighted": "China"},
        {"measure": cyberpower.NCPI_MEASURES["obj_commercial"], "highlighted": "United States"},
    ]
    return Explorer(name="punching_above_weight", title="Who punches above their weight? Cyber power against GDP",
                    controls=controls, readouts=readouts, model=model, live_chart=live_chart, twin=twin,
                    examples=examples)


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
        return alt.vconcat(panel, _fotn_dots(base, "Internet freedom in the group, 2018")).properties(
            description=_FOTN_DESCRIPTION)

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


# -- static charts of the chapter's labs -----------------------------------------------------------
