"""The live view's chart in Jupyter: Vega sent to the front end once per kernel, then only specs and data.

An explorer's callback used to re-render its chart as HTML with the whole Vega bundle inlined (about 0.9 MB of
widget state for every move of a control). Here two small custom widgets (anywidget: no build step, no CDN):

- :class:`VegaLibrary`, made once per kernel (:func:`library`), hands ``vegaEmbed`` to the charts that ask for
  it: the page's own when a chart's HTML has loaded Vega, else the bundle of :func:`cyberorder.charts.vega_bundle`
  (checked against its known hash), sent by the kernel once per page as a message;
- :class:`LiveChart`, one per explorer, holds a chart's Vega-Lite ``spec`` without its data and its named
  ``datasets``. A move that changes only the data sends only the data, which the front end swaps into the
  drawn view (no redraw from scratch, no flicker); a move that changes the chart's structure sends the spec.
"""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets

from cyberorder import charts, picker

__all__ = ["LiveChart", "PickingChart", "VegaLibrary", "library"]

_LIBRARY_ESM = r"""
// vegaEmbed for every live chart of this page: the page's own when a chart's HTML has loaded Vega already; else
// the library's own copy (when it is the kernel's first chart); else the kernel sends it once, as a message.
// initialize() must return at once (anywidget waits 10 s for it), so it exports a promise of vegaEmbed.
const run = async (code) => {
  if (window.vegaEmbed) { return; }
  const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
  try { await import(url); } finally { URL.revokeObjectURL(url); }
};
const load = (model) => new Promise((resolve, reject) => {
  if (window.vegaEmbed) { resolve(window.vegaEmbed); return; }
  if (model.get("bundle")) { run(model.get("bundle")).then(() => resolve(window.vegaEmbed), reject); return; }
  const take = (msg) => {
    if (!msg || !msg.bundle) { return; }
    model.off("msg:custom", take);
    run(msg.bundle).then(() => resolve(window.vegaEmbed), reject);
  };
  model.on("msg:custom", take);
  model.send({ want: "bundle" });
});
export default {
  initialize({ model }) { return { vegaEmbed: load(model) }; }
};
"""

_CHART_ESM = r"""
// A chart whose structure (`spec`) rarely changes and whose named `datasets` change on every move: a new spec
// re-embeds; new datasets alone are swapped into the drawn Vega view. `data-draws` counts what was drawn.
export default {
  async render({ model, el, host }) {
    const library = await host.getWidget(model.get("library"));
    const vegaEmbed = await library.exports.vegaEmbed;
    const box = document.createElement("div");
    box.className = "cyberorder-chart";
    box.setAttribute("role", "figure");
    el.appendChild(box);
    // a chart whose marks the reader clicks to pick (cyberorder.picker): the picks are this widget's `value`
    const cfg = model.get("picker");
    const picks = cfg && cfg.param && typeof cyberorderPicker === "function" ? cyberorderPicker(el, cfg, {
      get: () => model.get("value") || [],
      put: (codes) => { model.set("value", codes); model.save_changes(); },
    }) : null;
    let result = null, specChanged = true, dataChanged = false, queued = null;
    const drawn = () => { box.dataset.draws = String(Number(box.dataset.draws || 0) + 1); };
    const flush = async () => {
      queued = null;
      const spec = model.get("spec"), datasets = model.get("datasets") || {};
      if (specChanged || !result) {
        specChanged = dataChanged = false;
        if (result) { result.finalize(); result = null; }
        if (!spec) { box.replaceChildren(); box.removeAttribute("aria-label"); drawn(); return; }
        box.setAttribute("aria-label", spec.description || "chart");
        try {
          result = await vegaEmbed(box, { ...structuredClone(spec), datasets: structuredClone(datasets) },
                                   model.get("embed_options"));
        } catch (err) { box.textContent = "Chart error: " + err.message; }
        if (picks && result) { picks.attach(result.view); }
        drawn();
      } else if (dataChanged) {
        dataChanged = false;
        for (const [name, rows] of Object.entries(datasets)) { result.view.data(name, structuredClone(rows)); }
        await result.view.runAsync();
        if (picks) { picks.refresh(); }
        drawn();
      }
    };
    const schedule = () => { if (!queued) { queued = Promise.resolve().then(flush); } return queued; };
    const onSpec = () => { specChanged = true; schedule(); };
    const onData = () => { dataChanged = true; schedule(); };
    model.on("change:spec", onSpec);
    model.on("change:datasets", onData);
    await schedule();
    return () => { model.off("change:spec", onSpec); model.off("change:datasets", onData);
                   if (result) { result.finalize(); } };
  }
};
"""


class VegaLibrary(anywidget.AnyWidget):
    """Vega, Vega-Lite and vega-embed in the front end (make it with :func:`library`).

    Its code is a few lines. When it is the kernel's first chart it carries the bundle in its state (so a saved
    notebook holds one copy, and draws when reopened); otherwise it uses the page's Vega, loaded by an earlier
    chart, and asks the kernel for the bundle only if the page has none (a message: never stored).
    """

    _esm = _LIBRARY_ESM
    bundle = traitlets.Unicode("").tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.on_msg(self._answer)

    def _answer(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("want") == "bundle":
            self.send({"bundle": charts.vega_bundle()})


_kernel: dict[str, VegaLibrary | None] = {"library": None}


def library() -> VegaLibrary:
    """This kernel's one open :class:`VegaLibrary`; it carries the bundle if no chart of this kernel has yet. A
    library that was closed (``Widget.close_all()``, say) is replaced by a new one, which asks for Vega if the
    page has none."""
    found = _kernel["library"]
    if found is None or found.comm is None:  # none yet, or closed: a closed widget can draw nothing
        carry = charts.needs_bundle()
        charts.bundle_sent()
        found = _kernel["library"] = VegaLibrary(bundle=charts.vega_bundle() if carry else "")
    return found


class LiveChart(anywidget.AnyWidget):
    """A chart drawn by the kernel's :class:`VegaLibrary`; :meth:`show` sends only what changed."""

    _esm = _CHART_ESM
    library = anywidget.WidgetTrait().tag(sync=True)
    spec = traitlets.Dict(allow_none=True, default_value=None).tag(sync=True)
    datasets = traitlets.Dict().tag(sync=True)
    embed_options = traitlets.Dict(default_value=charts.EMBED_OPTIONS).tag(sync=True)
    picker = traitlets.Dict().tag(sync=True)
    """A :class:`cyberorder.explorer.Picks` control's settings, when the reader picks on this chart (else empty)."""
    value = traitlets.List(traitlets.Unicode()).tag(sync=True)
    """The codes picked on the chart or in its list, in the order picked (the Picks control's value)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(library=library(), **kwargs)

    @classmethod
    def for_picks(cls, picker_config: dict[str, Any], value: list[str]) -> LiveChart:
        """A live chart whose marks the reader clicks to pick (:class:`PickingChart`), or a plain one."""
        return PickingChart(picker=picker_config, value=value) if picker_config else cls()

    def show(self, spec: dict[str, Any] | None) -> None:
        """Draw ``spec`` (a Vega-Lite dict; None clears the chart). Its inline data are moved into named datasets,
        so a move that changes only the data sends only the data: an equal ``spec`` is not sent again."""
        if spec is None:
            self.spec = None
            return
        structure, datasets = charts.named_datasets(spec)
        with self.hold_sync():
            self.spec = structure
            self.datasets = datasets


class PickingChart(LiveChart):
    """A :class:`LiveChart` whose marks the reader clicks to pick, with a searchable list under it
    (:mod:`cyberorder.picker`): its code carries the picker's script, which plain live charts leave out."""

    _esm = picker.PICKER_JS + _CHART_ESM
