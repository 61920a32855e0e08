"""Every static twin against its model at random settings: the Vega expressions cannot drift from the Python.

The examples in tests/test_explorers.py check a few settings chosen by hand; here hypothesis draws settings
from each explorer's own controls (any slider stop, any toggle, any option) and checks that the twin, drawn
by vl-convert (the Vega that runs in the reader's browser), shows the model's readouts, matched by key.
``TWIN_EXAMPLES`` sets how many settings per explorer (default 10; raise it for a deeper search).
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cyberorder.explorer import Choice, Control, Explorer, Picks, Slider, Toggle
from cyberorder.explorers import ALL
from tests.twin import twin_readouts

EXAMPLES = int(os.environ.get("TWIN_EXAMPLES", "10"))


def values_of(control: Control) -> st.SearchStrategy[Any]:
    """What a reader can set a control to: a slider's stops, a toggle's two states, a choice's options, a few picks."""
    if isinstance(control, Toggle):
        return st.booleans()
    if isinstance(control, Choice):
        return st.sampled_from(control.options)
    if isinstance(control, Picks):  # any few items, in any order
        return st.lists(st.sampled_from([code for code, _ in control.options]), unique=True, max_size=12).map(tuple)
    assert isinstance(control, Slider), control
    stops = round((control.max - control.min) / control.step)
    whole = all(float(v).is_integer() for v in (control.min, control.max, control.step))
    return st.integers(0, stops).map(
        lambda i: int(control.min + i * control.step) if whole else round(control.min + i * control.step, 10))


def settings_of(explorer: Explorer) -> st.SearchStrategy[dict[str, Any]]:
    """A setting of every control at once."""
    return st.fixed_dictionaries({c.name: values_of(c) for c in explorer.controls})


def model_text(explorer: Explorer, values: dict[str, Any]) -> dict[str, str]:
    """The readout lines the model gives at ``values``, by readout key."""
    result = explorer.compute(**values)
    return {r.key: r.text(result[r.key]) for r in explorer.readouts}


@pytest.mark.parametrize("name", sorted(ALL))
def test_the_twin_shows_the_models_readouts_at_random_settings(name: str) -> None:
    explorer = ALL[name]()

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(settings_of(explorer))
    def check(values: dict[str, Any]) -> None:
        try:
            want = model_text(explorer, values)
        except ValueError:  # a setting with no answer (an empty forum): tests/test_explorers.py checks what shows
            assume(False)
        assert twin_readouts(explorer, **values) == want, values

    check()


def test_the_check_catches_a_twin_that_drifts_from_its_model(monkeypatch) -> None:
    """Proof that the comparison can fail: a model that reports one readout 1 percentage point high is caught."""
    explorer = ALL["imf_veto"]()
    first = explorer.readouts[0].key
    honest = explorer._model
    monkeypatch.setattr(explorer, "_model", lambda state: honest(state) | {first: honest(state)[first] + 0.01})
    values = explorer.defaults()
    assert twin_readouts(explorer, **values) != model_text(explorer, values)
