"""Read a static twin's readouts without a browser: set its params, render with vl-convert, parse the SVG."""

from __future__ import annotations

import copy
import html
import re
import weakref
from typing import Any

import vl_convert

from cyberorder import picker
from cyberorder.explorer import Explorer, Picks

_TEXT = re.compile(r"<text[^>]*>(.*?)</text>", re.S)


_BUILT: weakref.WeakKeyDictionary[Explorer, dict[str, dict[str, Any]]] = weakref.WeakKeyDictionary()


def _built_twin(explorer: Explorer) -> dict[str, Any]:
    """A fresh copy of ``explorer.twin().to_dict()``, built (and validated by Altair) once per explorer.

    Building and validating a twin takes longer than drawing it, and a test draws one twin at many settings. The
    twin is built from the explorer's controls (not from its live view, which ``explorer.set`` moves), so it is
    built again only if a test gives the explorer other controls or other starting values.
    """
    key = repr([(c.name, c.value) for c in explorer.controls])
    built = _BUILT.setdefault(explorer, {})
    if key not in built:
        built[key] = explorer.twin().to_dict()
    return copy.deepcopy(built[key])


def twin_spec(explorer: Explorer, **values: Any) -> dict[str, Any]:
    """The twin's Vega-Lite spec with its params' starting values set to ``values``."""
    spec = _built_twin(explorer)
    params = {p["name"]: p for p in spec["params"]}
    picks = {c.name for c in explorer.controls if isinstance(c, Picks)}
    for name, value in values.items():
        if name not in params:
            raise KeyError(f"the twin has no param {name!r}; it has {sorted(params)}")
        params[name]["value"] = picker.encode(value) if name in picks else value  # picks: "|FRA|DEU|"
    return spec


def twin_readouts(explorer: Explorer, **values: Any) -> dict[str, str]:
    """The readout lines ('label: value') that the twin draws at ``values``, keyed by the readout's key.

    A line is known by its label, which the explorer keeps unique (two readouts with one label are refused when
    the explorer is built), so a line is never matched to a readout by its position on the panel.
    """
    svg = vl_convert.vegalite_to_svg(twin_spec(explorer, **values))
    texts = [html.unescape(t) for t in _TEXT.findall(svg)]
    key_of = {r.label: r.key for r in explorer.readouts}
    return {key_of[label]: t for t in texts if (label := t.split(": ", 1)[0]) in key_of}
