"""Serve every script the book needs from the site itself: no CDN, no third-party host.

- Vega, Vega-Lite and vega-embed: a notebook's first chart (from ``cyberorder.charts``) carries the Vega
  bundle inline so it draws anywhere Jupyter runs; here that inline copy is swapped for one file,
  ``_static/offline/vega-all.js``, written at build time from the pinned ``vl-convert-python`` (and a page whose
  charts carry no copy, because its first chart is an explorer's twin, gets the file at its top).
- MathJax 3: served from the files of the pinned ``sphinx-mathjax-offline`` package.
- Thebe: its script URL (unpkg.com) is removed; the book has no Thebe button.
- Widget state: dropped, since the site renders the explorers' static twins (see ``_dropped``).
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from cyberorder.charts import BUNDLE_MARK, vega_bundle

_INLINE_BUNDLE = re.compile(r'<script type="text/javascript" ' + BUNDLE_MARK + r'="[^"]*">.*?</script>', re.S)
VEGA_FILE = "offline/vega-all.js"


def _mathjax_static() -> Path:
    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    if spec is None or spec.origin is None:
        raise RuntimeError("the package sphinx-mathjax-offline is missing: pip install -r requirements.txt")
    return Path(spec.origin).parent / "static"  # holds mathjax/


def _config_inited(app, config) -> None:
    static = Path(app.outdir).parent / "offline_static"
    (static / "offline").mkdir(parents=True, exist_ok=True)
    target = static / VEGA_FILE
    text = vega_bundle()
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    config.html_static_path.extend([str(static), str(_mathjax_static())])
    config.mathjax_path = "mathjax/tex-chtml.js"


def _dropped(script) -> bool:
    """Scripts the site must not carry.

    - sphinx-thebe's inline 'THEBE_JS_URL = "https://unpkg.com/..."' (the book has no Thebe button);
    - the executed notebooks' widget state: the site shows static twins and loads no widget manager,
      so the state (which holds the live views' charts, Vega bundle included) would be dead weight.
    """
    attributes = getattr(script, "attributes", {})
    if attributes.get("type") == "application/vnd.jupyter.widget-state+json":
        return True
    return "unpkg.com" in str(attributes.get("body", ""))


def _page_context(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if scripts is not None:
        scripts[:] = [s for s in scripts if not _dropped(s)]
    body = context.get("body")
    if body and (BUNDLE_MARK in body or "vegaEmbed(" in body):
        src = context["pathto"]("_static/" + VEGA_FILE, 1)
        tag = f'<script type="text/javascript" src="{src}"></script>'
        if BUNDLE_MARK in body:
            context["body"] = _INLINE_BUNDLE.sub(lambda _m: tag, body)
        else:  # a notebook whose first chart is an explorer: its twin leaves Vega to the page
            context["body"] = tag + "\n" + body


def setup(app):
    app.connect("config-inited", _config_inited)
    app.connect("html-page-context", _page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
