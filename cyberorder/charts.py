"""The book's charts: one theme, one offline renderer, and the small builders every chapter shares.

Every chart must carry a ``description`` (its ARIA label); the renderer refuses a chart without one,
and writes next to each chart a text alternative: its data as tables (and a static twin's readouts).
The renderer draws with the Vega libraries bundled by ``vl-convert`` (a pip package), so a chart
draws in JupyterLab, Colab or the built book with no request to any other host.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import os
import re
import stat
import sys
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import altair as alt
import vl_convert

from cyberorder import colours, picker

__all__ = [
    "DATA_ROWS_SHOWN",
    "EMBED_OPTIONS",
    "bundle_sent",
    "chart_html",
    "inline_datasets",
    "named_datasets",
    "needs_bundle",
    "reference_label",
    "setup",
    "starting_readouts",
    "text_alternative",
    "vega_bundle",
]

PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "grey": "#999999",
    "black": "#000000",
}
"""Okabe and Ito's colour-blind-safe palette (plus a neutral grey)."""

EMBED_OPTIONS: dict[str, Any] = {
    "renderer": "svg",  # SVG text is readable by screen readers and by the book's tests
    "actions": {"export": True, "source": False, "compiled": False, "editor": False},
}
BUNDLE_MARK = "data-cyberorder-vega"
"""Attribute of the inline script holding the Vega bundle; the book's build swaps it for a file."""


def _theme() -> alt.theme.ThemeConfig:
    return alt.theme.ThemeConfig({
        "config": {
            "font": "DejaVu Sans, Helvetica, Arial, sans-serif",
            # a chart that colours categories without its own scale gets the key's hues, one per category
            "range": {"category": [colours.LIBERAL, colours.SOVEREIGN, colours.AGREEMENT, colours.BETWEEN,
                                   colours.OTHER], "ordinal": {"scheme": colours.SEQUENTIAL},
                      "heatmap": {"scheme": colours.SEQUENTIAL}, "ramp": {"scheme": colours.SEQUENTIAL}},
            "title": {"fontSize": 15, "anchor": "start"},
            "axis": {"labelFontSize": 12, "titleFontSize": 12},
            "legend": {"labelFontSize": 12, "titleFontSize": 12},
            "view": {"stroke": None},
        }
    })


BUNDLE_SHA256 = {
    "1.9.0": "3425bd951a44d478d0505c6b5d1e8d57656b6e9a4da7bfe88a718ce61d76e572",
}
"""sha256 of ``vl_convert.javascript_bundle()`` per vl-convert version (a test checks it against the installed one).

A cached bundle is used only if its hash is listed here; for any other version the bundle is built in-process."""


def _private_cache_dir() -> Path | None:
    """This user's own cache directory (``$XDG_CACHE_HOME/cyberorder``, mode 0700), or None if it is not safe.

    Safe means: a real directory (not a symlink), owned by this user, that no one else can read or write.
    """
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "cyberorder"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None
    return folder


def _read_cached_bundle(path: Path, expected: str) -> str | None:
    """The cached bundle at ``path`` if it is this user's regular file whose sha256 is ``expected``, else None."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
            return None
        raw = handle.read()
    return raw.decode("utf-8") if hashlib.sha256(raw).hexdigest() == expected else None


def _raw_bundle() -> str:
    """``vl_convert.javascript_bundle()`` (about 1 s per process), read from this user's private cache when a
    copy there matches the known sha256 of this vl-convert version; nothing else on disk is ever read."""
    expected = BUNDLE_SHA256.get(vl_convert.__version__)
    folder = _private_cache_dir() if expected else None
    if folder is None:
        return vl_convert.javascript_bundle()
    path = folder / f"vega-{vl_convert.__version__}.js"
    cached = _read_cached_bundle(path, expected)
    if cached is not None:
        return cached
    body = vl_convert.javascript_bundle()
    if hashlib.sha256(body.encode("utf-8")).hexdigest() == expected:
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")  # mode 0600, then renamed in one step
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(body.encode("utf-8"))
            os.replace(tmp, path)
        except OSError:  # a full disk costs the cache, never the chart
            Path(tmp).unlink(missing_ok=True)
    return body


@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one script, guarded so a page evaluates it once.

    Built by ``vl_convert.javascript_bundle()`` (about 0.9 MB); see :func:`_raw_bundle` for the per-user cache.
    Wrapped in a function so its top-level names cannot collide with a page's own scripts.
    """
    body = _raw_bundle().replace("</script", "<\\/script")
    return "(function(){if(window.vegaEmbed){return;}\n" + body + "\n})();"


DATA_ROWS_SHOWN = 60
"""Rows of each data set that a chart's text alternative lists; longer data sets are cut and say so."""

_READOUT_LABEL = re.compile(r'^("(?:[^"\\]|\\.)*): " \+')
"""The start of a readout line's expression: the label, as :func:`cyberorder.vega.string` writes it, then ': '."""
_SVG_TEXT = re.compile(r"<text[^>]*>(.*?)</text>", re.S)


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every mapping inside a Vega-Lite spec (layers, concatenations, transforms ...), ``datasets`` excepted."""
    if isinstance(node, dict):
        yield node
        for key, value in node.items():
            if key != "datasets":
                yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def inline_datasets(spec: dict[str, Any]) -> list[list[Any]]:
    """The rows of every inline data set of ``spec``: its top-level ``datasets`` (where Altair puts a
    chart's data frames) and any ``data: {values: [...]}`` left in the spec or its layers and views."""
    found = [rows for rows in (spec.get("datasets") or {}).values() if isinstance(rows, list)]
    found += [node["data"]["values"] for node in _walk(spec)
              if isinstance(node.get("data"), dict) and isinstance(node["data"].get("values"), list)]
    return found


def named_datasets(spec: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """``spec`` split into its structure and its data: each top-level data set it uses, renamed ``rows-0``,
    ``rows-1``, ... in the order the spec first names it (not ``data_0``: Vega-Lite names its own data sets so).
    Altair names a data set by the hash of its rows, so two charts that differ only in their data have different
    names; after the split their structures are equal. Data written inline (``values``) stay in the structure."""
    datasets = spec.get("datasets") or {}
    renamed: dict[str, str] = {}

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        out = {}
        for key, value in node.items():
            if key == "data" and isinstance(value, dict) and value.get("name") in datasets:
                out[key] = {**value, "name": renamed.setdefault(value["name"], f"rows-{len(renamed)}")}
            else:
                out[key] = walk(value)
        return out

    structure = walk({k: v for k, v in spec.items() if k != "datasets"})
    return structure, {new: datasets[old] for old, new in renamed.items()}


def _cell(value: Any) -> str:
    """A data value as text: numbers to at most six significant digits, never in exponent notation."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer():
            return str(int(value))
        decimals = max(0, 5 - math.floor(math.log10(abs(value))))
        return f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def _data_table(rows: list[Any], caption: str) -> str:
    """An HTML table of ``rows`` (mappings, or bare values under the column 'data'), cut at DATA_ROWS_SHOWN."""
    records = [r if isinstance(r, dict) else {"data": r} for r in rows]
    columns = list(dict.fromkeys(k for r in records for k in r))
    if not records or not columns:
        return f"<p>{html.escape(caption)}: no rows.</p>"
    shown = records[:DATA_ROWS_SHOWN]
    count = ("1 row" if len(records) == 1 else f"all {len(records)} rows" if len(shown) == len(records)
             else f"first {len(shown)} of {len(records)} rows")
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(_cell(r.get(c)))}</td>" for c in columns) + "</tr>"
                   for r in shown)
    return (f"<table><caption>{html.escape(f'{caption} ({count})')}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _title(spec: dict[str, Any]) -> str:
    """The chart's top-level title as plain text ('' when it has none)."""
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(str(t) for t in title)
    return str(title or "")


def _is_twin(spec: dict[str, Any]) -> bool:
    """Does ``spec`` compute readout lines (``readout_panel``) from params bound to HTML inputs (or picked on the
    chart, :mod:`cyberorder.picker`)?"""
    nodes = list(_walk(spec))
    bound = any(isinstance(n.get("bind"), dict) and "input" in n["bind"] for n in nodes) \
        or picker.USERMETA_KEY in (spec.get("usermeta") or {})
    return bound and any(n.get("as") == "readout" and "calculate" in n for n in nodes)


def starting_readouts(spec: dict[str, Any]) -> list[str]:
    """The readout lines ('label: value') a static twin draws before any control is moved.

    The labels come from the spec's ``readout_panel`` layers; the values from drawing the spec with
    vl-convert (the same Vega that runs in the reader's browser), so the text is what the chart shows.
    """
    labels = [json.loads(m.group(1) + '"') for n in _walk(spec)
              if n.get("as") == "readout" and isinstance(n.get("calculate"), str)
              and (m := _READOUT_LABEL.match(n["calculate"]))]
    texts = [html.unescape(t) for t in _SVG_TEXT.findall(vl_convert.vegalite_to_svg(spec))]
    lines = []
    for label in dict.fromkeys(labels):
        line = next((t for t in texts if t.startswith(label + ": ")), None)
        if line is None:
            raise ValueError(f"the static twin titled {_title(spec)!r} draws no readout line for {label!r} "
                             "at its starting setting")
        lines.append(line)
    return lines


def text_alternative(spec: dict[str, Any], readouts: Sequence[str] | None = None) -> str:
    """A ``<details>`` element holding the chart's quantities as text: readout lines, then its data as tables.

    ``readouts`` are the lines a chart reports at its starting setting; when None, a static twin's are
    read from the spec (:func:`starting_readouts`). Each inline data set becomes a table with the data's
    field names as column headers, cut after :data:`DATA_ROWS_SHOWN` rows ('first N of M rows').
    """
    if readouts is None:
        readouts = starting_readouts(spec) if _is_twin(spec) else []
    parts = []
    if readouts:
        items = "".join(f"<li>{html.escape(line)}</li>" for line in readouts)
        parts.append(f"<p>Readouts at the starting setting (move the controls to change them):</p><ul>{items}</ul>")
    datasets = inline_datasets(spec)
    title = _title(spec)
    of_chart = f" of the chart '{title}'" if title else ""
    for i, rows in enumerate(datasets, 1):
        name = "Data" if len(datasets) == 1 else f"Data set {i} of {len(datasets)}"
        parts.append(_data_table(rows, name + of_chart))
    if not parts:
        parts.append("<p>This chart has no inline data (it draws from data it generates or loads).</p>")
    return ('<details class="cyberorder-chart-data" style="text-align:left">'  # not centred like a figure
            "<summary>Data behind this chart (text)</summary>"
            + "".join(parts) + "</details>")


SIDE_PANEL_FROM_PX = 1200
"""From this window width an explorer's controls may sit in a panel beside its chart (book.css draws it)."""
SIDE_PANEL_PX = 224
"""The panel's width with its gap (13 rem and 1 rem in book.css)."""
SIDE_PANEL_MIN_SCALE = 0.7
"""The panel goes beside a chart only if the chart keeps at least this share of its drawn width."""

# A twin whose spec carries a picker (cyberorder.picker): clicks on its marks and ticks in its list edit one param.
_PICKER_JS = (
    f"var picks=(res.spec.usermeta||{{}})[{json.dumps(picker.USERMETA_KEY)}];"
    "if(picks){(function(v){var p=cyberorderPicker(el,picks,{"
    f"get:function(){{return String(v.signal(picks.param)).split({json.dumps(picker.SEPARATOR)}).filter(Boolean);}},"
    f"put:function(c){{v.signal(picks.param,{json.dumps(picker.SEPARATOR)}+c.join({json.dumps(picker.SEPARATOR)})"
    f"+{json.dumps(picker.SEPARATOR)});v.runAsync();}}}});"
    "p.attach(v);v.addSignalListener(picks.param,function(){v.runAfter(p.refresh);});})(res.view);}"
)

# An explorer's setting lives in the page's address (?year_shown=2005&west_asia=true), so an exercise can link
# to a scene and a reload keeps it; a reset button restores the starting setting. Runs once the chart is drawn,
# with `res` from vegaEmbed and `el` the chart's div; a page without bound params is left alone.
_CONTROLS_JS = (
    "var view=res.view,names=[],defaults={};"
    "(res.spec.params||[]).forEach(function(p){if(p.bind&&p.name){names.push(p.name);}});"
    "if(picks){names.push(picks.param);}"  # the states picked on a map (cyberorder.picker): saved and reset too
    "if(!names.length){return;}"
    "names.forEach(function(n){defaults[n]=view.signal(n);});"
    "var q=new URLSearchParams(location.search),moved=false;"
    "names.forEach(function(n){if(!q.has(n)){return;}var d=defaults[n],v=q.get(n);"
    "v=typeof d==='number'?Number(v):typeof d==='boolean'?v==='true':v;"
    "if(typeof v==='number'&&!isFinite(v)){return;}view.signal(n,v);moved=true;});"
    "if(moved){view.runAsync();}"
    "names.forEach(function(n){view.addSignalListener(n,function(name,value){"
    "var q=new URLSearchParams(location.search);"
    "if(value===defaults[name]){q.delete(name);}else{q.set(name,String(value));}"
    "var t=q.toString();try{history.replaceState(null,'',location.pathname+(t?'?'+t:'')+location.hash);}"
    "catch(e){}});});"
    "var b=document.createElement('button');b.type='button';b.className='cyberorder-reset';"
    "b.textContent='Reset the controls';"
    "b.addEventListener('click',function(){names.forEach(function(n){view.signal(n,defaults[n]);});"
    "view.runAsync();});"
    "(el.querySelector('.vega-bindings')||el).appendChild(b);"
    # On a wide screen the controls move beside the drawing (a panel that stays in view) when the drawing keeps at
    # least three quarters of its size there; otherwise, and on a phone, they stay directly under it.
    "var w=el.querySelector('.chart-wrapper'),svg=w&&w.querySelector('svg');"
    "function place(){if(!svg){return;}var natural=parseFloat(svg.getAttribute('width'))||svg.clientWidth;"
    "var room=el.clientWidth-" + str(SIDE_PANEL_PX) + ";"
    "w.classList.toggle('cyberorder-beside',window.matchMedia('(min-width: " + str(SIDE_PANEL_FROM_PX) + "px)')"
    ".matches&&room>=" + str(SIDE_PANEL_MIN_SCALE) + "*natural);}"
    "place();window.addEventListener('resize',place);"
)


def chart_html(spec: dict[str, Any], *, readouts: Sequence[str] | None = None, bundle: bool = True) -> str:
    """HTML that draws ``spec`` with no network: the guarded Vega bundle, then vega-embed.

    Next to the chart comes its text alternative (:func:`text_alternative`): the readout lines
    (``readouts``, or a static twin's own at its starting setting) and the chart's data as tables.
    With ``bundle=False`` the HTML leaves Vega out and waits for the page's (an earlier chart's, or the live
    view's library): a notebook then carries the 0.9 MB bundle once, not once per chart.
    """
    description = spec.get("description")
    if not description:
        raise ValueError(f"every chart needs a description (its ARIA label); chart titled "
                         f"{spec.get('title')!r} has none")
    div = f"cyberorder-{uuid.uuid4().hex[:12]}"
    spec_json = json.dumps(spec).replace("</", "<\\/")
    script = (f'<script type="text/javascript" {BUNDLE_MARK}="{vl_convert.__version__}">{vega_bundle()}</script>\n'
              if bundle else "")
    return (
        f'<div id="{div}" class="cyberorder-chart" role="figure" '
        f'aria-label="{html.escape(str(description), quote=True)}"></div>\n'
        f"{text_alternative(spec, readouts)}\n"
        f"{script}"
        '<script type="text/javascript">'
        f"{picker.PICKER_JS if picker.USERMETA_KEY in spec.get('usermeta', {}) else ''}"
        "(function(){"
        f'var el=document.getElementById("{div}"),tries=0;'
        "(function draw(){if(!window.vegaEmbed){"  # Vega comes with an earlier chart of the page
        f"if(++tries<{WAIT_TRIES})setTimeout(draw,{WAIT_MS});else el.textContent={json.dumps(NO_LIBRARY)};return;}}"
        f"vegaEmbed(el,{spec_json},{json.dumps(EMBED_OPTIONS)})"
        # vega-embed's actions menu is a <summary> holding only an icon: give it a name
        '.then(function(res){var s=el.querySelector("details > summary");'
        'if(s){s.setAttribute("aria-label","Chart actions: save the chart as SVG or PNG");}'
        f"{_PICKER_JS}{_CONTROLS_JS}}})"
        '.catch(function(err){el.textContent="Chart error: "+err.message;console.error(err);});'
        "})();})();</script>"
    )


WAIT_TRIES, WAIT_MS = 200, 50
"""A chart without the bundle waits up to 10 s for the page's Vega."""
NO_LIBRARY = ("This chart needs the chart library, which an earlier chart of this notebook loads: run the notebook's "
              "first cell (cyberorder.setup()) and then this cell again.")
_session = {"bundle_sent": False}
"""Whether this kernel has sent the Vega bundle with a chart since :func:`setup` (see :func:`needs_bundle`)."""


def needs_bundle() -> bool:
    """Should the next chart of this kernel carry the Vega bundle? Only the first one since :func:`setup`, in front
    ends whose outputs share one page (JupyterLab, Notebook, VS Code); in Colab, where each output is a page of
    its own, every chart does."""
    return not _session["bundle_sent"] or "google.colab" in sys.modules


def bundle_sent() -> None:
    """Note that this kernel has sent the Vega bundle (with a chart, or with the live view's library)."""
    _session["bundle_sent"] = True


def _render(spec: dict[str, Any], **_: Any) -> dict[str, str]:
    bundle = needs_bundle()
    bundle_sent()
    return {"text/html": chart_html(spec, bundle=bundle)}


def setup() -> None:
    """Use the book's theme and offline renderer for every Altair chart in this kernel; the next chart carries
    the Vega bundle for the charts after it."""
    alt.theme.register("cyberorder", enable=True)(_theme)
    alt.renderers.register("cyberorder", _render)
    alt.renderers.enable("cyberorder")
    _session["bundle_sent"] = False


def reference_label(chart: alt.Chart, x: str, text: str) -> alt.Chart:
    """The name of a reference line, written beside it at the top of the plot (a rule is never left unlabelled).

    ``chart`` holds the line's data and ``x`` its position (e.g. ``"t:Q"``), as in the rule's own encoding.
    """
    return chart.mark_text(align="left", baseline="top", dx=4, dy=2, fontSize=11, color=colours.INK).encode(
        x=x, y=alt.value(0), text=alt.value(text))


