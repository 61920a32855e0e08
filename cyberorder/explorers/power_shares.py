"""Chapter 2's explorer: power shares: concentration, the leader's lead, a polarity label and the West's share."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd

from cyberorder import colours, power, vega, yourdata
from cyberorder.charts import reference_label
from cyberorder.explorer import Choice, Explorer, Readout, Slider, Toggle, param_name, readout_panel, spec_with, stack
from cyberorder.explorers._shared import REST, YEARS, kinetic_rows, world_shares

__all__ = ["power_shares"]


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
        rows = kinetic_rows()
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
            return world_shares(measure, year)
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
        return stack(alt.layer(bars, rule), panel, description=_POWER_DESCRIPTION)

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
