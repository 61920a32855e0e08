"""Pick items on a chart by clicking them, or from a searchable list: one front-end script for both views.

A :class:`cyberorder.explorer.Picks` control is a set of items (UN member states, say) that the reader flips by
clicking their marks on the chart -- shift-click flips every square in the rectangle from the last one clicked --
or by ticking them in a labelled, searchable list of checkboxes under the chart, which is the keyboard and
screen-reader path to the same edits. The list shows what the chart shows: a box is ticked when the item's
mark says ``member`` (read off the drawn marks, so it can never disagree with the drawing).

The script is the same in the book (the static twin keeps the picks in a Vega param, "|FRA|DEU|", which the
page's address and the reset button also handle) and in Jupyter (:class:`cyberorder.live.LiveChart` keeps them
in a synced list that the kernel observes): only where the picks are stored differs (``store``).
"""

from __future__ import annotations

__all__ = ["PICKER_JS", "USERMETA_KEY", "decode", "encode"]

USERMETA_KEY = "cyberorder_picker"
"""Where a twin's spec carries its picker's settings (``usermeta``): the param, the fields, the list's labels."""

SEPARATOR = "|"


def encode(codes: tuple[str, ...] | list[str]) -> str:
    """The picks as the twin's param holds them: ``("FRA", "DEU")`` -> ``"|FRA|DEU|"`` (none: ``"||"``)."""
    return SEPARATOR + SEPARATOR.join(codes) + SEPARATOR


def decode(text: str) -> tuple[str, ...]:
    """The codes in a twin's param value (the inverse of :func:`encode`)."""
    return tuple(c for c in text.split(SEPARATOR) if c)


PICKER_JS = r"""
function cyberorderPicker(el, cfg, store) {
  // cfg: {param, label, field, member, x, y, options: [[code, name], ...], summary, search, count}
  // store: {get: () => picked codes, put: (codes) => void}; attach(view) after each embed, refresh() after a draw
  var view = null, last = null, boxes = {};
  var fold = function (s) { return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); };
  var make = function (tag, props) { var e = document.createElement(tag); Object.assign(e, props || {}); return e; };
  var box = make("details", {className: "cyberorder-picker"});
  var summary = make("summary", {textContent: cfg.summary});
  // vega-embed styles every summary of its chart as its round actions button: undo that, and keep a 24 px target
  summary.style.cssText = "all:revert;display:list-item;cursor:pointer;min-height:24px;line-height:24px;" +
    "margin-top:8px;text-align:left";
  box.appendChild(summary);
  var find = make("input", {type: "search", className: "cyberorder-picker-search"});
  var findLabel = make("label", {textContent: cfg.search + " "});
  findLabel.appendChild(find);
  box.appendChild(findLabel);
  var set = make("fieldset");
  set.appendChild(make("legend", {textContent: cfg.label}));
  var list = make("ul", {className: "cyberorder-picker-list"});
  list.style.cssText = "list-style:none;padding:0;margin:0;columns:13em;max-height:18em;overflow-y:auto;" +
    "text-align:left";
  cfg.options.forEach(function (o) {
    var li = make("li"), label = make("label"), cb = make("input", {type: "checkbox", name: cfg.param, value: o[0]});
    cb.addEventListener("change", function () { flip([o[0]]); });
    label.appendChild(cb);
    label.appendChild(document.createTextNode(" " + o[1]));
    li.appendChild(label);
    list.appendChild(li);
    boxes[o[0]] = {li: li, cb: cb, text: fold(o[1])};
  });
  set.appendChild(list);
  box.appendChild(set);
  var status = make("p", {className: "cyberorder-picker-status"});
  status.setAttribute("role", "status");
  box.appendChild(status);
  el.appendChild(box);
  find.addEventListener("input", function () {
    var q = fold(find.value.trim());
    Object.keys(boxes).forEach(function (k) { boxes[k].li.hidden = q !== "" && boxes[k].text.indexOf(q) < 0; });
  });
  // the drawn marks' data, by code: what the chart shows is what the list shows
  var drawn = function () {
    var out = {};
    var walk = function (node) {
      if (!node) { return; }
      var d = node.datum;
      if (d && boxes[d[cfg.field]] && d[cfg.member] !== undefined) {
        var had = out[d[cfg.field]];  // a state drawn twice: keep the mark that has a grid position (shift-click)
        if (!had || (had[cfg.x] === undefined && d[cfg.x] !== undefined)) { out[d[cfg.field]] = d; }
      }
      (node.items || []).forEach(walk);
    };
    walk(view && view.scenegraph().root);
    return out;
  };
  var flip = function (codes) {
    var picked = store.get().slice();
    codes.forEach(function (c) {
      var i = picked.indexOf(c);
      if (i < 0) { picked.push(c); } else { picked.splice(i, 1); }
    });
    store.put(picked);
  };
  var refresh = function () {
    var m = drawn(), n = 0;
    Object.keys(boxes).forEach(function (k) {
      var on = Boolean(m[k] && m[k][cfg.member]);
      boxes[k].cb.checked = on;
      if (on) { n += 1; }
    });
    status.textContent = cfg.count.replace("{n}", String(n));
  };
  var click = function (event, item) {
    var d = item && item.datum;
    if (!d || !boxes[d[cfg.field]]) { return; }
    var code = d[cfg.field], m = drawn();
    if (event && event.shiftKey && last && m[last] && m[code]) {
      // shift-click: every square of the rectangle from the last click takes the state the clicked one gets
      var to = !m[code][cfg.member], a = m[last];
      var x0 = Math.min(a[cfg.x], d[cfg.x]), x1 = Math.max(a[cfg.x], d[cfg.x]);
      var y0 = Math.min(a[cfg.y], d[cfg.y]), y1 = Math.max(a[cfg.y], d[cfg.y]);
      flip(Object.keys(m).filter(function (k) {
        var e = m[k];
        return e[cfg.x] >= x0 && e[cfg.x] <= x1 && e[cfg.y] >= y0 && e[cfg.y] <= y1 && Boolean(e[cfg.member]) !== to;
      }));
    } else {
      flip([code]);
    }
    last = code;
  };
  return {attach: function (v) { view = v; v.addEventListener("click", click); refresh(); }, refresh: refresh};
}
"""
