"""The explorer pattern: one model, two views.

An :class:`Explorer` joins
1. a **model**, a pure function from the controls' values to the quantities the argument needs;
2. a **live view** (ipywidgets): moving a control calls the model and redraws readouts and chart;
3. a **static twin** (an Altair chart whose params are bound to HTML inputs): the same quantities
   computed by Vega in the reader's browser, with no kernel.

Its ``_repr_mimebundle_`` carries both views. Jupyter front ends show the widget; the built book
is told to prefer the twin (``nb_mime_priority_overrides``), so a published page never shows a
slider whose Python callback cannot run.
"""

from __future__ import annotations

import html
import math
import numbers
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import altair as alt
import ipywidgets as widgets
import pandas as pd
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema import load_schema

from cyberorder import checks, live, picker, vega
from cyberorder.charts import chart_html, text_alternative

NO_VALUE = "\u2013"
"""What a readout shows when the setting has no answer (the live view then says why)."""

__all__ = [
    "NO_VALUE",
    "Choice",
    "Control",
    "Explorer",
    "Picks",
    "Readout",
    "Slider",
    "Toggle",
    "format_value",
    "param_name",
    "readout_panel",
    "spec_with",
    "stack",
]


@dataclass(frozen=True)
class Slider:
    """A number on a range. Integer when ``min``, ``max`` and ``step`` are all integers."""

    name: str
    label: str
    min: float
    max: float
    step: float
    value: float

    def widget(self) -> widgets.ValueWidget:
        kind = widgets.IntSlider if all(float(v).is_integer() for v in (self.min, self.max, self.step)) \
            else widgets.FloatSlider
        return kind(value=self.value, min=self.min, max=self.max, step=self.step,
                    description=self.label, style={"description_width": "initial"},
                    continuous_update=True)

    def param(self) -> alt.Parameter:
        return alt.param(name=self.name, value=self.value,
                         bind=alt.binding_range(min=self.min, max=self.max, step=self.step, name=self.label + " "))

    def check(self, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not self.min <= value <= self.max:
            raise ValueError(f"{self.name} must be a number in [{self.min}, {self.max}]; got {checks.shown(value)}")


@dataclass(frozen=True)
class Toggle:
    """An on/off choice, e.g. whether a region counts as part of 'the West'."""

    name: str
    label: str
    value: bool

    def widget(self) -> widgets.ValueWidget:
        return widgets.Checkbox(value=self.value, description=self.label, indent=False)

    def param(self) -> alt.Parameter:
        return alt.param(name=self.name, value=self.value, bind=alt.binding_checkbox(name=self.label + " "))

    def check(self, value: Any) -> None:
        if not isinstance(value, bool):
            raise ValueError(f"{self.name} must be True or False; got {value!r}")


@dataclass(frozen=True)
class Choice:
    """One option out of several."""

    name: str
    label: str
    options: tuple[str, ...]
    value: str

    def widget(self) -> widgets.ValueWidget:
        return widgets.Dropdown(options=list(self.options), value=self.value, description=self.label,
                                style={"description_width": "initial"})

    def param(self) -> alt.Parameter:
        return alt.param(name=self.name, value=self.value,
                         bind=alt.binding_select(options=list(self.options), name=self.label + " "))

    def check(self, value: Any) -> None:
        if value not in self.options:
            raise ValueError(f"{self.name} must be one of {list(self.options)}; got {value!r}")


@dataclass(frozen=True)
class Picks:
    """A set of items the reader flips by clicking their marks on the chart (shift-click: a rectangle of them), or
    by ticking them in a searchable, labelled list under it -- the keyboard and screen-reader path to the same
    edits (:mod:`cyberorder.picker`). E.g. the UN member states a reader clicks into or out of a forum.

    ``options`` are (code, name) pairs in the list's order; the chart's marks carry the code in ``field``, whether
    the item is in (0 or 1) in ``member`` and their grid position in ``x`` and ``y``. The value is a tuple of
    picked codes, in the order picked. In the twin it is a param holding ``"|FRA|DEU|"``
    (:func:`cyberorder.picker.encode`); in Jupyter, the live chart's synced ``value``.
    """

    name: str
    label: str
    options: tuple[tuple[str, str], ...]
    value: tuple[str, ...] = ()
    field: str = "iso3"
    member: str = "member"
    x: str = "x"
    y: str = "y"
    noun: str = "states"

    def param(self) -> alt.Parameter:
        return alt.param(name=self.name, value=picker.encode(self.value))

    def check(self, value: Any) -> None:
        if isinstance(value, str) or not isinstance(value, list | tuple):
            raise ValueError(f"{self.name} must be a list of codes; got {checks.shown(value)}")
        known = {code for code, _ in self.options}
        unknown = [v for v in value if v not in known]
        twice = sorted({v for v in value if list(value).count(v) > 1})
        if unknown or twice:
            raise ValueError(f"{self.name}: unknown code(s) {unknown[:5]}; picked twice: {twice}")

    def config(self) -> dict[str, Any]:
        """The front end's settings (:data:`cyberorder.picker.PICKER_JS`): what to read off the marks, what to list."""
        return {"param": self.name, "label": self.label, "field": self.field, "member": self.member,
                "x": self.x, "y": self.y, "options": [list(o) for o in self.options],
                "summary": f"Pick {self.noun} from a list (keyboard and screen readers)",
                "search": f"Find {self.noun[:-1] if self.noun.endswith('s') else self.noun} by name",
                "count": "{n} " + self.noun + " ticked (in), the same as on the chart"}


Control = Slider | Toggle | Choice | Picks


@dataclass(frozen=True)
class Readout:
    """A quantity the explorer reports, shown as 'label: value' in both views."""

    key: str
    label: str
    fmt: str
    """A format understood by both Python's ``format`` and d3-format (e.g. ``.1%``), or one ending in "pp" for a
    difference of shares in percentage points (``+.1pp``: see :func:`format_value`)."""

    def text(self, value: float) -> str:
        return f"{self.label}: {format_value(value, self.fmt)}"


def param_name(prefix: str, label: str) -> str:
    """A Vega-safe param name for a choice about ``label``: ``param_name("west", "North America")``."""
    return prefix + "_" + "".join(ch if ch.isalnum() else "_" for ch in label.lower())




_FIXED = re.compile(r"^(?P<sign>[+\-]?)(?P<comma>,?)\.(?P<places>\d+)(?P<type>[f%])$")
"""A fixed-point format such as ``.1%``, ``+,.0f`` or ``.3f``: the kind a readout uses."""


def format_value(value: float, fmt: str) -> str:
    """``value`` written with ``fmt`` (Python's format mini-language, plus "pp" for percentage points) exactly
    as the twin writes it in the browser with d3-format (:func:`cyberorder.vega.format_number`).

    The two differ on an exact tie: 5 of 16 members is 31.25%, which Python's ``format`` rounds to even (31.2%)
    and d3 away from zero (31.3%). Both views follow d3, so a reader never sees the live view and the book
    disagree; a negative value that rounds to zero loses its sign, as in d3, unless the format shows the sign.
    """
    if fmt.endswith(vega.POINTS):
        return f"{format_value(value * 100, fmt[:-len(vega.POINTS)] + 'f')} pp"
    fixed = _FIXED.match(fmt)
    if fixed is None or isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        return format(value, fmt)
    scaled = value * 100 if fixed["type"] == "%" else value  # d3 scales in floating point too
    rounded = Decimal(scaled).quantize(Decimal(1).scaleb(-int(fixed["places"])), rounding=ROUND_HALF_UP)
    if rounded == 0 and fixed["sign"] != "+":
        rounded = rounded.copy_abs()
    text = format(rounded, f"{fixed['sign']}{fixed['comma']}.{fixed['places']}f")
    return text + "%" if fixed["type"] == "%" else text


def readout_panel(readouts: Sequence[Readout], values: Mapping[str, alt.Chart], *, texts: Collection[str] = (),
                  width: int = 420, title: str = "Readouts") -> alt.LayerChart:
    """The twin's readouts: a column of lines 'label: value', computed in the reader's browser.

    ``values[key]`` is a chart whose transforms end in one row with a field ``value``: the quantity of the
    readout with that key, which its line writes with the readout's ``fmt`` (as :func:`format_value` does in
    Python) -- or, for a key in ``texts``, a text the line shows as it is. Lines follow the order of ``readouts``.
    Values are matched to readouts by key, never by position: a readout without a value, or a value or text for
    no readout, is an error naming the keys.
    """
    keys = [r.key for r in readouts]
    missing, extra = [k for k in keys if k not in values], sorted(set(values) - set(keys))
    unknown = sorted(set(texts) - set(keys))
    if missing or extra or unknown:
        raise ValueError(f"readout_panel: no value for {missing}; values for no readout: {extra}; "
                         f"texts for no readout: {unknown}")
    layers = []
    for i, r in enumerate(readouts):
        value = "datum.value" if r.key in texts else vega.format_number("datum.value", r.fmt)
        # channel objects, not shorthand strings: Altair parses each string with a schema look-up (about 6 ms)
        layers.append(values[r.key].transform_calculate(readout=f"{vega.string(r.label + ': ')} + {value}")
                      .mark_text(align="left", baseline="top", fontSize=14)
                      .encode(text=alt.Text("readout", type="nominal"), x=alt.XValue(0), y=alt.YValue(4 + 22 * i)))
    return alt.layer(*layers, width=width, height=22 * len(readouts) + 4, title=title)


def stack(*parts: alt.TopLevelMixin, description: str, independent: Sequence[str] = (),
          **properties: Any) -> alt.VConcatChart:
    """An explorer's chart: ``parts`` one above the other (the explorer fits a phone and leaves room beside it for
    its controls), with its ``description`` (the ARIA label), the encodings in ``independent`` given a scale per
    part, and any other top-level ``properties`` (``data=``, ``transform=``, ``params=``).

    One step, not ``alt.vconcat(...).resolve_scale(...).properties(...)``: Altair copies every part of a compound
    chart each time one is changed, and the chain would copy them three times.
    """
    if independent:
        properties["resolve"] = alt.Resolve(scale=alt.ScaleResolveMap(**dict.fromkeys(independent, "independent")))
    return alt.vconcat(*parts, description=description, **properties)


def spec_with(template: dict[str, Any], datasets: Mapping[str, pd.DataFrame | list[dict[str, Any]]]) -> dict[str, Any]:
    """A live chart built once, with this move's rows: ``template`` is the ``to_dict()`` of a chart drawn from
    named data (``alt.NamedData("tiles")``...), and ``datasets`` gives each name its rows (a table or records).

    Building a chart with Altair takes tens of milliseconds; when only the data change with the controls, a
    callback that copies the template and fills in the rows answers in a few (see the benchmark).
    """
    return template | {"datasets": {name: rows if isinstance(rows, list) else alt.to_values(rows)["values"]
                                    for name, rows in datasets.items()}}


Model = Callable[[Mapping[str, Any]], Mapping[str, float]]
LiveChart = Callable[[Mapping[str, Any]], "alt.TopLevelMixin | dict[str, Any]"]
"""A chart, or its Vega-Lite spec (an explorer that only swaps datasets in a prebuilt spec returns a dict)."""


class Explorer:
    """A model with a live ipywidgets view and a static Altair twin (see the module's docstring)."""

    def __init__(self, *, name: str, title: str, controls: Sequence[Control], readouts: Sequence[Readout],
                 model: Model, live_chart: LiveChart, twin: Callable[[Sequence[alt.Parameter]], alt.TopLevelMixin],
                 examples: Sequence[Mapping[str, Any]] = ()):
        """``examples`` are settings worth trying; the tests check both views against the model at each."""
        self.name = name
        self.title = title
        self.examples = [dict(e) for e in examples]
        self.controls = list(controls)
        self.readouts = list(readouts)
        for what in ("key", "label"):
            seen = [getattr(r, what) for r in self.readouts]
            twice = sorted({x for x in seen if seen.count(x) > 1})
            if twice:
                raise ValueError(f"explorer {name!r}: two readouts share the {what} {twice}; each needs its own")
        self._model = model
        self._live_chart = live_chart
        self._twin_builder = twin
        self._view: widgets.VBox | None = None

    # the model ---------------------------------------------------------------------------
    def defaults(self) -> dict[str, Any]:
        """The controls' starting values."""
        return {c.name: c.value for c in self.controls}

    def compute(self, **values: Any) -> dict[str, float]:
        """The model's readouts at ``values`` (unset controls keep their defaults)."""
        known = {c.name: c for c in self.controls}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise ValueError(f"unknown control(s) {unknown}; this explorer has {sorted(known)}")
        state = self.defaults() | values
        for name, value in values.items():
            known[name].check(value)
        result = dict(self._model(state))
        missing = [r.key for r in self.readouts if r.key not in result]
        if missing:
            raise RuntimeError(f"the model returned no value for readout(s) {missing}")
        return result

    # the static twin ---------------------------------------------------------------------
    def twin(self) -> alt.TopLevelMixin:
        """The kernel-free chart: params bound to inputs, readouts computed by Vega."""
        params = [c.param() for c in self.controls]
        chart = self._twin_builder(params)
        # The controls are top-level variables: set them once. Altair's add_params on a compound chart would copy
        # every part of it at every level (a third of the time of building a twin).
        if any(not isinstance(p.param, alt.VariableParameter) for p in params):
            raise TypeError(f"explorer {self.name!r}: a control's param is not a variable; it needs add_params")
        top = [] if chart.params is alt.Undefined else list(chart.params)
        picks = self._picks()
        extra = {"usermeta": {picker.USERMETA_KEY: picks.config()}} if picks else {}
        return chart.properties(params=top + [p.param for p in params], **extra)

    def _picks(self) -> Picks | None:
        """The explorer's :class:`Picks` control (at most one: its picks are made on the chart)."""
        picks = [c for c in self.controls if isinstance(c, Picks)]
        if len(picks) > 1:
            raise ValueError(f"explorer {self.name!r}: {len(picks)} Picks controls; the chart can hold one")
        return picks[0] if picks else None

    # the live view -----------------------------------------------------------------------
    @property
    def view(self) -> widgets.VBox:
        """The ipywidgets view (built on first use)."""
        if self._view is None:
            picks = self._picks()
            self._chart = live.LiveChart.for_picks(picks.config() if picks else {}, list(picks.value) if picks else [])
            # a Picks control is edited on the chart itself: the live chart's `value` is its widget
            self._controls = {c.name: self._chart if isinstance(c, Picks) else c.widget() for c in self.controls}
            self._readout_widgets = {r.key: widgets.HTML() for r in self.readouts}
            self._message = widgets.HTML()
            self._chart_text = widgets.HTML()  # the chart's text alternative: its data as tables
            for w in self._controls.values():
                w.observe(self._update, names="value")
            self._view = widgets.VBox([
                widgets.HTML(f"<strong>{self.title}</strong>"),
                widgets.HBox([w for w in self._controls.values() if w is not self._chart],
                             layout=widgets.Layout(flex_flow="row wrap")),
                widgets.VBox(list(self._readout_widgets.values())),
                self._message,
                self._chart,
                self._chart_text,
            ])
            self._update()
        return self._view

    def values(self) -> dict[str, Any]:
        """The live view's current control values."""
        _ = self.view
        return {name: tuple(w.value) if w is self._chart else w.value for name, w in self._controls.items()}

    def set(self, **values: Any) -> None:
        """Set controls of the live view, as a reader would; the view updates through its observers."""
        _ = self.view
        for name, value in values.items():
            if name not in self._controls:
                raise ValueError(f"unknown control {name!r}; this explorer has {sorted(self._controls)}")
            self._controls[name].value = list(value) if self._controls[name] is self._chart else value

    def displayed(self) -> dict[str, str]:
        """The readouts' text as the live view shows it (tags removed)."""
        _ = self.view
        return {k: w.value.replace("<b>", "").replace("</b>", "") for k, w in self._readout_widgets.items()}

    def message(self) -> str:
        """What the live view says when the reader's setting has no answer (empty when it has one)."""
        _ = self.view
        return self._message.value

    def _update(self, _change: Any = None) -> None:
        state = self.values()
        try:
            result = self.compute(**state)
        except ValueError as err:  # a setting with no answer (an empty forum, say): say why, never a traceback
            for r in self.readouts:
                self._readout_widgets[r.key].value = f"<b>{r.label}</b>: {NO_VALUE}"
            self._message.value = f"<b>No result at this setting:</b> {html.escape(str(err))}"
            self._chart.show(None)
            self._chart_text.value = ""
            return
        self._message.value = ""
        for r in self.readouts:
            self._readout_widgets[r.key].value = f"<b>{r.label}</b>: {format_value(result[r.key], r.fmt)}"
        spec = self.live_spec(state)
        self._chart.show(spec)  # Vega is in the front end already: only the spec's changes cross the wire
        self._chart_text.value = text_alternative(spec)

    def live_spec(self, state: Mapping[str, Any], *, validate: bool = False) -> dict[str, Any]:
        """The live chart's Vega-Lite spec at ``state`` (what a callback sends to the front end).

        A callback does not validate it (that would double its time); the tests do, with ``validate=True``, against
        the Vega-Lite schema Altair carries.
        """
        chart = self._live_chart(state)
        spec = chart if isinstance(chart, dict) else chart.to_dict(validate=False)
        if validate:
            validate_jsonschema(spec, load_schema())
        return spec

    # both --------------------------------------------------------------------------------
    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        # the text alternative lists the model's readouts at the defaults (tests prove the twin draws the same)
        result = self.compute()
        lines = [r.text(result[r.key]) for r in self.readouts]
        # the twin never carries Vega: Jupyter shows the widget, whose library brings it; the book's pages load it
        # not validated here (a third of the time of showing an explorer): the tests validate the spec this ships
        bundle = {"text/html": chart_html(self.twin().to_dict(validate=False), readouts=lines, bundle=False)}
        bundle.update(self.view._repr_mimebundle_(include=include, exclude=exclude))
        bundle["text/plain"] = f"{self.title} (explorer: run in Jupyter to use its widgets)"
        return bundle
