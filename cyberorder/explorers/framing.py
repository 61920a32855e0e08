"""Chapter 2's explorers: power shares and polarity, chessboard vs web, the democratic wave, the IMF veto."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd

from cyberorder import colours, institutions, power, values, vega, yourdata
from cyberorder.charts import reference_label
from cyberorder.data import load
from cyberorder.explorer import Choice, Explorer, Readout, Slider, Toggle, param_name, readout_panel, spec_with

__all__ = ["IMF_GROUPS", "chessboard_and_web", "democratic_wave", "imf_veto", "power_shares"]

REST = power.REST_OF_WORLD
YEARS = tuple(str(y) for y in power.POWER_YEARS)
"""The years a reader can pick (as text: the choice's options)."""


# -- shared helpers -----------------------------------------------------------------------------

def _kinetic_rows() -> pd.DataFrame:
    """Amounts per measure, year and actor, with the rest of the world as a row (the twins' inline data)."""
    frames = []
    for label, (table, value, world) in power.POWER_MEASURES.items():
        t = load(table)
        for year in YEARS:
            rows = t[t.year == int(year)]
            named = {power.POWERS[a]: float(x) for a, x in zip(rows.actor, rows[value], strict=True)}
            rest = float(rows[world].iloc[0]) - sum(named.values())
            frames.append(pd.DataFrame({"measure": label, "preset_year": year,
                                        "actor": [*named, REST], "amount": [*named.values(), rest]}))
    return pd.concat(frames, ignore_index=True)


def _world_shares(measure: str, year: str) -> dict[str, float]:
    """The model's starting point: each power's share of the world total, by display name."""
    table, value, world = power.POWER_MEASURES[measure]
    s = power.shares_of_world(load(table), int(year), value=value, world=world)
    return {power.POWERS.get(k, k): x for k, x in s.items()}


# -- 1. power shares, concentration and polarity ---------------------------------------------------

def _share_bars(chart: alt.Chart, title: str) -> alt.Chart:
    """Bars of each actor's share of the world (fields: actor, share, camp)."""
    camps = ["The West", "Others", REST]
    return chart.mark_bar().encode(
        x=alt.X("share:Q", title="Share of the world total (%)", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 0.7])),
        y=alt.Y("actor:N", title=None, sort="-x"),
        color=alt.Color("camp:N", title=None, scale=colours.scale("bloc", camps), legend=alt.Legend(orient="bottom")),
        tooltip=["actor:N", alt.Tooltip("share:Q", format=".1%")],
    ).properties(width=360, height=230, title=title)


def _threshold_rule(chart: alt.Chart) -> alt.Chart:
    """A dashed vertical line at the pole threshold (field: t)."""
    rule = chart.mark_rule(strokeDash=[4, 3], color=colours.INK).encode(x="t:Q")
    return alt.layer(rule, reference_label(chart, "t:Q", "pole threshold"))


_POWER_DESCRIPTION = ("Horizontal bar chart of each power's share of the world total (GDP or military spending) "
                      "for the chosen year, after the reader's change, coloured by whether the reader counts it "
                      "as the West; a dashed line marks the pole threshold. Readouts give concentration and polarity.")


def _reader_rows(table: pd.DataFrame, label: str) -> pd.DataFrame:
    """A reader's checked table (:func:`cyberorder.yourdata.amounts`) in the twins' long form, with the rest of the
    world as a row when the table gives world totals."""
    frames = []
    for year, rows in table.groupby("year"):
        actors, amounts = list(rows.actor), [float(a) for a in rows.amount]
        if "world" in rows.columns:
            actors, amounts = [*actors, REST], [*amounts, float(rows.world.iloc[0]) - sum(amounts)]
        frames.append(pd.DataFrame({"measure": label, "preset_year": _year_label(year), "actor": actors,
                                    "amount": amounts}))
    return pd.concat(frames, ignore_index=True)


def _year_label(year: int) -> str:
    return str(int(year)) if year else "(no year given)"


def power_shares(data: pd.DataFrame | str | None = None, name: str = "Your data",
                 west: Sequence[str] = ()) -> Explorer:
    """Power shares: concentration, the leader's lead, a polarity label and the West's share.

    Starts from real shares of world GDP (World Bank) or military spending (SIPRI, April 2021 release);
    the reader scales one power's amount (everyone re-normalises), moves the polarity thresholds and
    decides who counts as the West.

    ``data`` (optional) replaces the book's tables with the reader's own: any measure, any actors, as a DataFrame, a
    CSV path or CSV text with columns ``actor`` and ``amount`` (and optionally ``year`` and ``world``), checked by
    :func:`cyberorder.yourdata.amounts`. ``name`` labels the measure; ``west`` names the actors that start as the
    West. Without a ``world`` column, shares are of the actors' total (there is no rest of the world).
    """
    if data is None:
        rows = _kinetic_rows()
        names = list(power.POWERS.values())
        west_of = {power.POWERS[c]: param_name("west", c) for c in power.POWERS}
        measures, years = tuple(power.POWER_MEASURES), YEARS
        start = ("GDP (market exchange rates)", "2019", "China")
        west_start = {power.POWERS[c] for c in power.WEST_POWERS}
    else:
        table = yourdata.amounts(data)
        rows = _reader_rows(table, name)
        names = list(dict.fromkeys(table.actor))
        unknown = sorted(set(west) - set(names))
        if unknown:
            raise ValueError(f"west names actors not in your table: {unknown}; actors: {names}")
        west_of = {n: param_name("west", n) for n in names}
        if len(set(west_of.values())) != len(names):
            raise ValueError(f"your table: two actors' names differ only in punctuation or case: {names}")
        measures, years = (name,), tuple(dict.fromkeys(rows.preset_year))
        start, west_start = (name, years[-1], names[0]), set(west)
    controls = [
        Choice("power_measure", "Measure", measures, start[0]),
        Choice("power_year", "Year", years, start[1]),
        Choice("changed_actor", "Change", tuple(names), start[2]),
        Slider("scale_factor", "Multiply its amount by", 0, 3, 0.05, 1),
        Slider("pole_share", "Pole threshold (share of world)", 0.05, 0.4, 0.01, 0.1),
        Slider("unipolar_ratio", "Dominance ratio for unipolarity", 1, 4, 0.1, 2),
    ]
    controls += [Toggle(flag, f"{actor} counts as the West", actor in west_start) for actor, flag in west_of.items()]
    readouts = [
        Readout("leader", "Leader", ""),
        Readout("leader_share", "Leader's share of the world", ".1%"),
        Readout("lead", "Lead over the runner-up (points)", ".1%"),
        Readout("hhi", "HHI among the eight powers" if data is None else "HHI among the actors", ".3f"),
        Readout("effective_poles", "Effective number of poles (1/HHI)", ".2f"),
        Readout("polarity", "Polarity", ""),
        Readout("west_share", "The West's share of the world", ".1%"),
    ]

    def shares_for(measure: str, year: str) -> dict[str, float]:
        if data is None:
            return _world_shares(measure, year)
        chosen = rows[(rows.measure == measure) & (rows.preset_year == year)]
        total = chosen.amount.sum()
        return {a: float(x) / total for a, x in zip(chosen.actor, chosen.amount, strict=True)}

    def current(state: Mapping[str, Any]) -> dict[str, float]:
        s = shares_for(state["power_measure"], state["power_year"])
        return power.rescale(s, state["changed_actor"], float(state["scale_factor"]))

    def west(state: Mapping[str, Any]) -> list[str]:
        return [actor for actor, flag in west_of.items() if state[flag]]

    def model(state: Mapping[str, Any]) -> dict[str, Any]:
        s = current(state)
        rest = [REST] if REST in s else []
        named = power.among(s, rest)
        top = power.lead(s, rest)
        pol = power.polarity(s, pole_share=float(state["pole_share"]),
                             unipolar_ratio=float(state["unipolar_ratio"]), exclude=rest)
        return {"leader": top.leader, "leader_share": top.leader_share, "lead": top.lead, "hhi": power.hhi(named),
                "effective_poles": power.effective_poles(named), "polarity": pol.label,
                "west_share": power.group_share(s, west(state)) if west(state) else 0.0}

    @functools.lru_cache(maxsize=16)
    def template(title: str) -> dict[str, Any]:
        """The live chart for one title, built once (a callback only fills in its two data sets)."""
        bars = _share_bars(alt.Chart(alt.NamedData("shares")), title)
        return alt.layer(bars, _threshold_rule(alt.Chart(alt.NamedData("threshold")))) \
            .properties(description=_POWER_DESCRIPTION).to_dict()

    def live_chart(state: Mapping[str, Any]) -> dict[str, Any]:
        s, members = current(state), west(state)
        frame = pd.DataFrame({"actor": list(s), "share": list(s.values())})
        frame["camp"] = [REST if a == REST else ("The West" if a in members else "Others") for a in frame.actor]
        title = f"{state['power_measure']}, {state['power_year']}: share of the world"
        return spec_with(template(title), {"shares": frame, "threshold": [{"t": float(state["pole_share"])}]})

    def twin(params: Sequence[alt.Parameter]) -> alt.TopLevelMixin:
        is_west = vega.membership("actor", west_of)
        base = (alt.Chart(rows)
                .transform_filter("datum.measure == power_measure && datum.preset_year == power_year")
                .transform_calculate(amt="datum.actor == changed_actor ? datum.amount * scale_factor : datum.amount")
                .transform_joinaggregate(total="sum(amt)")
                .transform_calculate(share="datum.amt / datum.total", named=f"datum.actor != {vega.string(REST)}",
                                     camp=f"datum.actor == {vega.string(REST)} ? {vega.string(REST)} : "
                                          f"({is_west} ? 'The West' : 'Others')",
                                     west=is_west))
        named = (base.transform_filter("datum.named")
                 .transform_joinaggregate(named_total="sum(share)")
                 .transform_window(rank="row_number()", sort=[alt.SortField("share", order="descending"),
                                                              alt.SortField("actor", order="ascending")]))
        ranks = named.transform_calculate(
            s1="datum.rank == 1 ? datum.share : 0", s2="datum.rank == 2 ? datum.share : 0",
            pole="datum.share >= pole_share ? 1 : 0",
            sq="(datum.share / datum.named_total) * (datum.share / datum.named_total)",
        ).transform_aggregate(s1="sum(s1)", s2="sum(s2)", npoles="sum(pole)", hhi="sum(sq)", n="count()")
        polarity = ("datum.npoles == 0 ? 'nonpolar' : ((datum.npoles == 1 || (datum.n > 1 && "
                    "(datum.s2 == 0 || datum.s1 / datum.s2 >= unipolar_ratio))) ? 'unipolar' : "
                    "(datum.npoles == 2 ? 'bipolar' : 'multipolar'))")
        first = named.transform_filter("datum.rank == 1")
        panel = readout_panel(readouts, {
            "leader": first.transform_calculate(value="datum.actor"),
            "leader_share": first.transform_calculate(value="datum.share"),
            "lead": ranks.transform_calculate(value="datum.s1 - datum.s2"),
            "hhi": ranks.transform_calculate(value="datum.hhi"),
            "effective_poles": ranks.transform_calculate(value="1 / datum.hhi"),
            "polarity": ranks.transform_calculate(value=polarity),
            "west_share": base.transform_calculate(v="datum.west ? datum.share : 0")
            .transform_aggregate(value="sum(v)"),
        }, texts=('leader', 'polarity'))
        bars = _share_bars(base, "Share of the world, after your change")
        rule = _threshold_rule(base.transform_aggregate(n="count()").transform_calculate(t="pole_share"))
        return alt.vconcat(alt.layer(bars, rule), panel).properties(description=_POWER_DESCRIPTION)

    examples = [{"scale_factor": 2.0}, {"pole_share": 0.3, "unipolar_ratio": 1.5}] if data is not None else [
        {"power_measure": "Military expenditure", "power_year": "2019"},
        {"power_measure": "Military expenditure", "power_year": "1990", "unipolar_ratio": 3.0},
        {"power_year": "1990", "west_jpn": True},
        {"changed_actor": "China", "scale_factor": 2.0, "pole_share": 0.2},
        {"power_measure": "GDP (market exchange rates)", "power_year": "2010", "changed_actor": "United States",
         "scale_factor": 0.5, "west_usa": False, "west_chn": True},
    ]
    return Explorer(name="power_shares", title="Power shares: concentration and polarity", controls=controls,
                    readouts=readouts, model=model, live_chart=live_chart, twin=twin, examples=examples)


# -- 2. the chessboard and the web --------------------------------------------------------------------

_WEB_DESCRIPTION = ("Horizontal bar chart of each of the eight powers' share of all influence once non-state "
                    "actors hold the chosen share, next to the non-state actors' combined share and the share "
                    "of a single non-state actor.")


def _web_bars(chart: alt.Chart) -> alt.Chart:
    """Bars of shares of all influence (fields: actor, share, kind)."""
    return chart.mark_bar().encode(
        x=alt.X("share:Q", title="Share of all influence (%)", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("actor:N", title=None, sort="-x"),
        color=alt.Color("kind:N", title=None, scale=colours.scale("actor", ["State", "Non-state"]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=["actor:N", alt.Tooltip("share:Q", format=".1%")],
    ).properties(width=360, height=250, title="The chessboard inside the web")


def chessboard_and_web() -> Explorer:
    """Slaughter's chessboard and web as a conceptual model (see :func:`cyberorder.power.chessboard_and_web`).

    The eight powers share the chessboard as in the data (re-normalised among themselves); non-state
    actors hold a share v of all influence, split equally among m of them.
    """
    rows = _kinetic_rows()
    rows = rows[rows.actor != REST].reset_index(drop=True)
    controls = [
        Choice("power_measure", "Measure", tuple(power.POWER_MEASURES), "GDP (market exchange rates)"),
        Choice("power_year", "Year", YEARS, "2019"),
        Slider("nonstate_share", "Non-state actors' share of influence", 0, 0.9, 0.01, 0.3),
        Slider("nonstate_actors", "Number of non-state actors", 1, 100, 1, 10),
    ]
    readouts = [
        Readout("state_share", "The eight powers' combined share", ".1%"),
        Readout("leading_state_share", "Leading power's share of all influence", ".1%"),
        Readout("each_nonstate_share", "Each non-state actor's share", ".1%"),
        Readout("hhi_states", "HHI on the chessboard (powers only)", ".3f"),
        Readout("hhi_all", "HHI over every actor", ".3f"),
        Readout("effective_actors", "Effective number of actors", ".2f"),
        Readout("largest", "Largest single actor", ""),
    ]

    def web(state: Mapping[str, Any]) -> power.Web:
        states = power.among(_world_shares(state["power_measure"], state["power_year"]), [REST])
        return power.chessboard_and_web(states, float(state["nonstate_share"]), int(state["nonstate_actors"]))

    def model(state: Mapping[str, Any]) -> dict[str, Any]:
        w = web(state)
        return {"state_share": w.state_share, "leading_state_share": w.leading_state_share,
                "each_nonstate_share": w.each_nonstate_share, "hhi_states": w.hhi_states, "hhi_all": w.hhi_all,
                "effective_actors": w.effective_actors,
                "largest": w.leading_state if w.largest_is_state else "a non-state actor"}

    def live_chart(state: Mapping[str, Any]) -> alt.TopLevelMixin:
        states = power.among(_world_shares(state["power_measure"], state["power_year"]), [REST])
        v, m = float(state["nonstate_share"]), int(state["nonstate_actors"])
        frame = pd.DataFrame({"actor": [*states, "Non-state actors (together)", "One non-state actor"],
                              "share": [(1 - v) * s for s in states.values()] + [v, v / m],
                              "kind": ["State"] * len(states) + ["Non-state"] * 2})
        return _web_bars(alt.Chart(frame)).properties(description=_WEB_DESCRIPTION)

    def twin(params: Sequence[alt.Parameter]) -> alt.TopLevelMixin:
        base = (alt.Chart(rows)
                .transform_filter("datum.measure == power_measure && datum.preset_year == power_year")
                .transform_joinaggregate(total="sum(amount)")
                .transform_calculate(s="datum.amount / datum.total")
                .transform_window(rank="row_number()", sort=[alt.SortField("s", order="descending"),
                                                             alt.SortField("actor", order="ascending")]))
        agg = base.transform_calculate(sq="datum.s * datum.s", s1="datum.rank == 1 ? datum.s : 0") \
            .transform_aggregate(h="sum(sq)", s1="sum(s1)")
        lead_state = "(1 - nonstate_share) * datum.s1"
        panel = readout_panel(readouts, {
            "state_share": agg.transform_calculate(value="1 - nonstate_share"),
            "leading_state_share": agg.transform_calculate(value=lead_state),
            "each_nonstate_share": agg.transform_calculate(value="nonstate_share / nonstate_actors"),
            "hhi_states": agg.transform_calculate(value="datum.h"),
            "hhi_all": agg.transform_calculate(value="(1 - nonstate_share) * (1 - nonstate_share) * datum.h + "
                                           "nonstate_share * nonstate_share / nonstate_actors"),
            "effective_actors": agg.transform_calculate(
                value="1 / ((1 - nonstate_share) * (1 - nonstate_share) * datum.h + "
                                           "nonstate_share * nonstate_share / nonstate_actors)"),
            "largest": base.transform_filter("datum.rank == 1").transform_calculate(
                value="(1 - nonstate_share) * datum.s >= nonstate_share / nonstate_actors ? datum.actor : "
                      "'a non-state actor'"),
        }, texts=('largest',))
        states = base.transform_calculate(share="(1 - nonstate_share) * datum.s", kind="'State'")
        together = agg.transform_calculate(actor="'Non-state actors (together)'", share="nonstate_share",
                                           kind="'Non-state'")
        one = agg.transform_calculate(actor="'One non-state actor'", share="nonstate_share / nonstate_actors",
                                      kind="'Non-state'")
        bars = alt.layer(_web_bars(states), _web_bars(together), _web_bars(one))
        return alt.vconcat(bars, panel).properties(description=_WEB_DESCRIPTION)

    examples = [
        {"nonstate_share": 0.0},
        {"nonstate_share": 0.5, "nonstate_actors": 1},
        {"power_measure": "Military expenditure", "power_year": "2019", "nonstate_share": 0.6, "nonstate_actors": 2},
        {"power_measure": "Military expenditure", "power_year": "1990", "nonstate_share": 0.2, "nonstate_actors": 100},
    ]
    return Explorer(name="chessboard_and_web", title="The chessboard and the web", controls=controls,
                    readouts=readouts, model=model, live_chart=live_chart, twin=twin, examples=examples)


# -- 3. the democratic wave ---------------------------------------------------------------------------

_WAVE_DESCRIPTION = ("Line chart of the chosen Freedom in the World measure for every survey year from 1972; "
                     "points inside the reader's window are highlighted and a vertical line marks the peak year.")

_MEASURE_EXPR = ("wave_measure == 'Share Free' ? datum.free / datum.total_countries : "
                 "(wave_measure == 'Free minus Not Free' ? (datum.free - datum.not_free) / datum.total_countries : "
                 "(wave_measure == 'Share Free or Partly Free' ? (datum.free + datum.partly_free) / "
                 "datum.total_countries : datum.not_free / datum.total_countries))")


def _wave_chart(line: alt.Chart, rule: alt.Chart, title: str) -> alt.LayerChart:
    """The measure over time (fields: survey_year, v, in_window) and a rule at the peak (field: peak_year)."""
    x = alt.X("survey_year:Q", title="Year under review", axis=alt.Axis(format="d"),
              scale=alt.Scale(domain=[1972, 2023]))
    y = alt.Y("v:Q", title="Value of the measure (%)", axis=alt.Axis(format="%"))
    path = line.mark_line(color=colours.OTHER).encode(x=x, y=y)
    dots = line.mark_circle(size=40).encode(
        x=x, y=y, color=alt.Color("in_window:N", title=None, scale=alt.Scale(
            domain=["inside the window", "outside"], range=[colours.INK, colours.OTHER]),
            legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("survey_year:Q", title="year", format="d"), alt.Tooltip("v:Q", format=".1%")])
    peak = rule.mark_rule(color=colours.INK, strokeDash=[4, 3]).encode(x="peak_year:Q")
    labelled = alt.layer(path, dots, peak, reference_label(rule, "peak_year:Q", "peak"))
    return labelled.properties(width=480, height=240, title=title)


def democratic_wave() -> Explorer:
    """Where the wave of democratisation crested, under a measure and a window the reader picks."""
    fiw = load("freedom_in_the_world_status")
    rows = fiw[["survey_year", "total_countries", "free", "partly_free", "not_free"]]
    controls = [
        Slider("window_start", "Window: one end", 1972, 2022, 1, 1972),
        Slider("window_end", "Window: other end", 1982, 2023, 1, 2023),
        Choice("wave_measure", "Measure", tuple(values.FIW_MEASURES), "Share Free"),
    ]
    readouts = [
        Readout("peak_year", "Peak year", "d"),
        Readout("peak_value", "Value at the peak", ".1%"),
        Readout("last_value", "Value in the window's last year", ".1%"),
        Readout("change", "Change since the peak", "+.1pp"),
        Readout("years_since", "Years from the peak to the window's end", "d"),
    ]

    def window(state: Mapping[str, Any]) -> tuple[int, int]:
        a, b = int(state["window_start"]), int(state["window_end"])
        return min(a, b), max(a, b)  # the two handles mark the ends of the window, in either order

    def model(state: Mapping[str, Any]) -> dict[str, Any]:
        p = values.peak(fiw, state["wave_measure"], *window(state))
        return {"peak_year": p.peak_year, "peak_value": p.peak_value, "last_value": p.last_value,
                "change": p.change_since_peak, "years_since": p.years_since_peak}

    # built once, as a spec: a callback fills in the rows and names the window in the title
    template = _wave_chart(alt.Chart(alt.NamedData("series")), alt.Chart(alt.NamedData("peak")), "") \
        .properties(description=_WAVE_DESCRIPTION).to_dict()

    def live_chart(state: Mapping[str, Any]) -> dict[str, Any]:
        lo, hi = window(state)
        series = values.measure_series(fiw, state["wave_measure"])
        p = values.peak(fiw, state["wave_measure"], lo, hi)
        rows = [{"survey_year": int(y), "v": float(v), "in_window": "inside the window" if lo <= y <= hi else "outside"}
                for y, v in series.items()]
        spec = spec_with(template, {"series": rows, "peak": [{"peak_year": int(p.peak_year)}]})
        return spec | {"title": f"{state['wave_measure']}, {lo}-{hi}"}

    def twin(params: Sequence[alt.Parameter]) -> alt.TopLevelMixin:
        lo, hi = "min(window_start, window_end)", "max(window_start, window_end)"
        allrows = alt.Chart(rows).transform_calculate(
            v=_MEASURE_EXPR,
            in_window=f"datum.survey_year >= {lo} && datum.survey_year <= {hi} ? 'inside the window' : 'outside'")
        inside = (allrows.transform_filter("datum.in_window == 'inside the window'")
                  .transform_joinaggregate(vmax="max(v)", vmin="min(v)", last_year="max(survey_year)")
                  .transform_calculate(best="wave_measure == 'Share Not Free' ? datum.vmin : datum.vmax"))
        at_peak = inside.transform_filter("datum.v == datum.best").transform_aggregate(
            peak_year="min(survey_year)", best="max(best)", last_year="max(last_year)")
        last = inside.transform_calculate(lv="datum.survey_year == datum.last_year ? datum.v : 0") \
            .transform_aggregate(lv="sum(lv)", best="max(best)")
        panel = readout_panel(readouts, {
            "peak_year": at_peak.transform_calculate(value="datum.peak_year"),
            "peak_value": at_peak.transform_calculate(value="datum.best"),
            "last_value": last.transform_calculate(value="datum.lv"),
            "change": last.transform_calculate(value="datum.lv - datum.best"),
            "years_since": at_peak.transform_calculate(value="datum.last_year - datum.peak_year"),
        })
        chart = _wave_chart(allrows, at_peak, "The chosen measure, with your window and its peak")
        return alt.vconcat(chart, panel).properties(description=_WAVE_DESCRIPTION)

    examples = [
        {"window_start": 1972, "window_end": 1990},
        {"wave_measure": "Free minus Not Free"},
        {"wave_measure": "Share Not Free", "window_start": 2005, "window_end": 2023},
        {"wave_measure": "Share Free or Partly Free", "window_start": 2010, "window_end": 1985},
    ]
    return Explorer(name="democratic_wave", title="The wave of democratisation and where it stopped",
                    controls=controls, readouts=readouts, model=model, live_chart=live_chart, twin=twin,
                    examples=examples)


# -- 4. the IMF: moving quota, and the US veto ------------------------------------------------------------

IMF_GROUPS: dict[str, tuple[str, ...]] = {
    "United States": ("USA",),
    "Europe (listed members)": ("DEU", "FRA", "GBR", "ITA", "ESP", "NLD", "BEL", "CHE"),
    "Japan, Canada, Australia, Korea": ("JPN", "CAN", "AUS", "KOR"),
    "BRIC": ("CHN", "IND", "RUS", "BRA"),
    "Other emerging (listed)": ("SAU", "MEX", "TUR", "VEN"),
    "All other members": (institutions.OTHER_MEMBERS,),
}
"""Disjoint groups covering every member: the top 20 by quota in 2014, and everyone else as one block."""
PERIOD_OF = {name: code for code, name in institutions.PERIOD_NAMES.items()}
"""The period a reader picks, by its short name."""

_IMF_DESCRIPTION = ("Horizontal bar chart of each group's share of IMF votes after the reader's transfer of quota, "
                    "with a dashed line at the blocking share (100% minus the special majority): a bar beyond the "
                    "line can block such decisions alone.")


def _group_of(member: str) -> str:
    return next(g for g, members in IMF_GROUPS.items() if member in members)


def _vote_bars(chart: alt.Chart, rule: alt.Chart, title: str) -> alt.LayerChart:
    """Bars of voting share per group (fields: group, vote, role) and a rule at the blocking line (field: line)."""
    roles = ["gives quota", "receives quota", "unchanged"]
    bars = chart.mark_bar(strokeWidth=1.5).encode(
        x=alt.X("vote:Q", title="Share of IMF votes (%)", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 0.5])),
        y=alt.Y("group:N", title=None, sort=list(IMF_GROUPS)),
        # the two groups of the reader's transfer in ink (the giver hollow, the receiver filled), the rest in grey
        fill=alt.Fill("role:N", title=None, legend=alt.Legend(orient="top"),
                      scale=alt.Scale(domain=roles, range=[colours.PAGE, colours.INK, colours.OTHER])),
        stroke=alt.Stroke("role:N", title=None, legend=alt.Legend(orient="top"),
                          scale=alt.Scale(domain=roles, range=[colours.INK, colours.INK, colours.OTHER])),
        tooltip=["group:N", "role:N", alt.Tooltip("vote:Q", format=".2%")])
    line = rule.mark_rule(strokeDash=[4, 3], color=colours.INK).encode(x="line:Q")
    labelled = alt.layer(bars, line, reference_label(rule, "line:Q", "blocking line"))
    return labelled.properties(width=380, height=200, title=title)


def imf_veto() -> Explorer:
    """Move IMF quota between groups of members and test whether the United States keeps its veto.

    Voting shares follow the IMF's rule (5.502% basic votes shared equally by 188 members, the rest by
    quota); the veto test asks whether the US share exceeds 1 minus the special majority (85%).
    """
    table = load("imf_quota_shares")
    rows = table.assign(period=table.period.map(institutions.PERIOD_NAMES),
                        q=table.quota_share_pct / 100, n=1)[["iso3", "period", "q", "n"]]
    rest = [{"iso3": institutions.OTHER_MEMBERS, "period": label,
             "q": institutions.quota_shares(table, key)[institutions.OTHER_MEMBERS],
             "n": institutions.member_counts(institutions.quota_shares(table, key))[institutions.OTHER_MEMBERS]}
            for label, key in PERIOD_OF.items()]
    rows = pd.concat([rows, pd.DataFrame(rest)], ignore_index=True)
    rows["group"] = [_group_of(m) for m in rows.iso3]
    groups = tuple(IMF_GROUPS)
    controls = [
        Choice("quota_period", "Quota shares", tuple(PERIOD_OF), "After the 14th Review"),
        Choice("from_group", "Take quota from", groups, "United States"),
        Choice("to_group", "Give it to", groups, "BRIC"),
        Slider("moved_share", "Share of the first group's quota moved", 0, 1, 0.01, 0),
        Slider("majority", "Special majority needed", 0.5, 0.95, 0.01, institutions.SPECIAL_MAJORITY),
    ]
    readouts = [
        Readout("us_quota", "US quota share", ".2%"),
        Readout("us_vote", "US voting share", ".2%"),
        Readout("us_margin", "US share minus the blocking line", "+.2pp"),
        Readout("us_veto", "US can block alone", ""),
        Readout("from_vote", "Voting share of the group giving quota", ".2%"),
        Readout("to_vote", "Voting share of the group receiving quota", ".2%"),
    ]

    def members(quota: Mapping[str, float], group: str) -> list[str]:
        return [m for m in IMF_GROUPS[group] if m in quota]

    def shares_after(state: Mapping[str, Any]) -> tuple[dict[str, float], dict[str, float]]:
        quota = institutions.quota_shares(table, PERIOD_OF[state["quota_period"]])
        if state["from_group"] != state["to_group"]:  # the same group on both sides moves nothing
            quota = institutions.move_quota(quota, members(quota, state["from_group"]),
                                            members(quota, state["to_group"]), float(state["moved_share"]))
        return quota, institutions.voting_shares(quota)

    def model(state: Mapping[str, Any]) -> dict[str, Any]:
        quota, votes = shares_after(state)
        majority = float(state["majority"])
        return {"us_quota": quota["USA"], "us_vote": votes["USA"],
                "us_margin": institutions.blocking_margin(votes["USA"], majority),
                "us_veto": "yes" if institutions.can_block(votes["USA"], majority) else "no",
                "from_vote": institutions.group_total(votes, members(votes, state["from_group"])),
                "to_vote": institutions.group_total(votes, members(votes, state["to_group"]))}

    def role(group: str, state: Mapping[str, Any]) -> str:
        if state["from_group"] == state["to_group"]:
            return "unchanged"
        return {state["from_group"]: "gives quota", state["to_group"]: "receives quota"}.get(group, "unchanged")

    @functools.lru_cache(maxsize=len(PERIOD_OF))
    def template(title: str) -> dict[str, Any]:
        """The live chart for one title, built once (a callback only fills in its two data sets)."""
        return _vote_bars(alt.Chart(alt.NamedData("groups")), alt.Chart(alt.NamedData("line")), title) \
            .properties(description=_IMF_DESCRIPTION).to_dict()

    def live_chart(state: Mapping[str, Any]) -> dict[str, Any]:
        _, votes = shares_after(state)
        frame = pd.DataFrame({"group": groups,
                              "vote": [institutions.group_total(votes, members(votes, g)) for g in groups]})
        frame["role"] = [role(g, state) for g in frame.group]
        return spec_with(template(f"Voting shares, {state['quota_period'].lower()}"),
                         {"groups": frame, "line": [{"line": 1 - float(state["majority"])}]})

    def twin(params: Sequence[alt.Parameter]) -> alt.TopLevelMixin:
        b, n = institutions.BASIC_VOTE_SHARE, institutions.MEMBERS
        base = (alt.Chart(rows).transform_filter("datum.period == quota_period")
                .transform_calculate(same="from_group == to_group", is_from="datum.group == from_group",
                                     is_to="datum.group == to_group")
                .transform_calculate(ql="datum.is_from ? datum.q : 0", qg="datum.is_to ? datum.q : 0")
                .transform_joinaggregate(QL="sum(ql)", QG="sum(qg)")
                .transform_calculate(q2="datum.same ? datum.q : (datum.is_from ? datum.q * (1 - moved_share) : "
                                        "(datum.is_to ? datum.q + moved_share * datum.QL * datum.q / datum.QG : "
                                        "datum.q))")
                .transform_calculate(vote=f"{b} * datum.n / {n} + (1 - {b}) * datum.q2"))
        us = base.transform_filter("datum.iso3 == 'USA'")
        panel = readout_panel(readouts, {
            "us_quota": us.transform_calculate(value="datum.q2"),
            "us_vote": us.transform_calculate(value="datum.vote"),
            "us_margin": us.transform_calculate(value="datum.vote - (1 - majority)"),
            "us_veto": us.transform_calculate(value="datum.vote - (1 - majority) > 0 ? 'yes' : 'no'"),
            "from_vote": base.transform_calculate(v="datum.is_from ? datum.vote : 0")
            .transform_aggregate(value="sum(v)"),
            "to_vote": base.transform_calculate(v="datum.is_to ? datum.vote : 0").transform_aggregate(value="sum(v)"),
        }, texts=('us_veto',))
        by_group = base.transform_aggregate(vote="sum(vote)", groupby=["group"]).transform_calculate(
            role="from_group == to_group ? 'unchanged' : (datum.group == from_group ? 'gives quota' : "
                 "(datum.group == to_group ? 'receives quota' : 'unchanged'))")
        line = base.transform_aggregate(k="count()").transform_calculate(line="1 - majority")
        chart = _vote_bars(by_group, line, "Voting shares after your transfer")
        return alt.vconcat(chart, panel).properties(description=_IMF_DESCRIPTION)

    examples = [
        {"moved_share": 0.2},
        {"quota_period": "Before the 2010 reform", "moved_share": 0.1},
        {"from_group": "Europe (listed members)", "to_group": "BRIC", "moved_share": 0.5},
        {"majority": 0.7, "from_group": "All other members", "to_group": "United States", "moved_share": 0.05},
        {"from_group": "BRIC", "to_group": "BRIC", "moved_share": 0.4},
    ]
    return Explorer(name="imf_veto", title="IMF quotas and the US veto", controls=controls, readouts=readouts,
                    model=model, live_chart=live_chart, twin=twin, examples=examples)


# -- static charts for the labs --------------------------------------------------------------------------
