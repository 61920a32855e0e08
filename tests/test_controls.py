"""Every control of every explorer changes what the reader sees, in the live view and in the static twin.

A control that moves nothing is a broken promise: the reader turns it and learns nothing. For each control,
other values are tried (a slider's ends, a toggle flipped, each other option of a dropdown) until one changes
the live view's readouts or chart; the static twin, rendered with vl-convert at that same setting, must then
draw something different. Some controls act only together with another (the vote given to the states a reader
flips does nothing while nobody is flipped), so each control is tried at the defaults and then at each of the
explorer's examples.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
import vl_convert

from cyberorder.explorer import Choice, Control, Explorer, Picks, Slider, Toggle
from cyberorder.explorers import ALL
from tests.twin import twin_spec

# every test here renders explorers' live views and twins (vl-convert): out of the fast loop
pytestmark = pytest.mark.render

CASES = [(name, control.name) for name in sorted(ALL) for control in ALL[name]().controls]


def alternatives(control: Control) -> Iterator[Any]:
    """Values of ``control`` other than its default, the most different first."""
    if isinstance(control, Toggle):
        yield not control.value
    elif isinstance(control, Slider):
        for v in (control.max, control.min, (control.min + control.max) / 2):
            if v != control.value:
                yield type(control.value)(v) if isinstance(control.value, int) and float(v).is_integer() else v
    elif isinstance(control, Choice):
        yield from (o for o in control.options if o != control.value)
    elif isinstance(control, Picks):  # flip one item, the other end of the list, three at once
        codes = [code for code, _ in control.options]
        yield from ((codes[0],), (codes[-1],), tuple(codes[:3]))
    else:
        raise AssertionError(f"no alternatives for a {type(control).__name__} control ({control.name})")


def live_view(explorer: Explorer, values: dict[str, Any]) -> tuple[dict[str, str], str]:
    """What the live view shows at ``values``: its readout texts and its chart's spec."""
    state = explorer.defaults() | values
    result = explorer.compute(**values)
    readouts = {r.label: r.text(result[r.key]) for r in explorer.readouts}
    chart = explorer.live_spec(state)
    return readouts, json.dumps(chart, sort_keys=True, default=str)


@cache
def explorer_named(name: str) -> Explorer:
    return ALL[name]()


@cache
def twin_svg(name: str, setting: str) -> str:
    """The twin drawn by vl-convert at a setting (JSON of the values), cached across a module's tests."""
    return vl_convert.vegalite_to_svg(twin_spec(explorer_named(name), **json.loads(setting)))


def _moving_setting(explorer: Explorer, control: Control) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """A context (defaults or an example) and the same context with ``control`` moved, whose live views differ."""
    for context in [{}, *explorer.examples]:
        context = {k: v for k, v in context.items() if k != control.name}
        shown = live_view(explorer, context)
        for value in alternatives(control):
            moved = context | {control.name: value}
            if live_view(explorer, moved) != shown:
                return context, moved
    return None


@pytest.mark.parametrize(("name", "control_name"), CASES, ids=[f"{n}-{c}" for n, c in CASES])
def test_every_control_changes_what_is_shown_live_and_static(name: str, control_name: str) -> None:
    explorer = explorer_named(name)
    control = next(c for c in explorer.controls if c.name == control_name)
    found = _moving_setting(explorer, control)
    assert found is not None, f"{name}: no value of control {control.label!r} changes the live view"
    context, moved = found
    before, after = (twin_svg(name, json.dumps(s, sort_keys=True)) for s in (context, moved))
    assert after != before, (f"{name}: moving {control.label!r} ({context} -> {moved}) changes the live view but "
                             "not the static twin")
