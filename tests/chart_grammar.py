"""The rules of the book's chart grammar that a Vega-Lite spec can be checked for (used by test_colours on the
package's charts and by test_site_static on every chart of the built site)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from cyberorder import colours

ALLOWED = {c.upper() for c in colours.HUES.values()} | {colours.PAGE.upper()}
"""Every colour a chart may name: the key's hues and the page's white (hollow marks, text on dark cells)."""
HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def nodes(node: object, key: object = None) -> Iterator[tuple[dict, object]]:
    """Every dict in a spec, with the key it sits under."""
    if isinstance(node, dict):
        yield node, key
        for k, v in node.items():
            yield from nodes(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from nodes(v, key)


def _name(spec: dict) -> str:
    title = spec.get("title", {})
    return (title.get("text") if isinstance(title, dict) else title) or spec.get("description", "")[:40]


def colour_problems(spec: dict) -> list[str]:
    """Colours outside the key, a key category drawn in another family's colour, a hue scheme."""
    name, problems = _name(spec), []
    for node, key in nodes(spec):
        named = [v for k, v in node.items() if k in ("color", "fill", "stroke", "value") and isinstance(v, str)]
        if isinstance(node.get("range"), list) and key in ("scale", "range"):
            named += [c for c in node["range"] if isinstance(c, str)]
        if key == "range" and isinstance(node.get("category"), list):
            named += node["category"]
        problems += [f"{name}: colour {c} is not in the book's key" for c in named
                     if HEX.match(c) and c.upper() not in ALLOWED]
        scheme = node.get("scheme")
        if key in ("scale", "ordinal", "heatmap", "ramp") and scheme not in (None, colours.SEQUENTIAL):
            problems.append(f"{name}: colour scheme {scheme!r}; the key's ramp is {colours.SEQUENTIAL!r}")
        domain, rng = node.get("domain"), node.get("range")
        if key == "scale" and isinstance(domain, list) and isinstance(rng, list) and len(domain) == len(rng):
            for category, colour in zip(domain, rng, strict=True):
                try:
                    expected = colours.colour_of(str(category))
                except KeyError:
                    continue
                if isinstance(colour, str) and colour.upper() != expected.upper():
                    problems.append(f"{name}: {category!r} drawn {colour}; the key gives it {expected}")
    return problems


def grammar_problems(spec: dict) -> list[str]:
    """What a spec breaks of the book's chart grammar: unequal years spaced as categories, a colour outside the
    key (or a key category in the wrong colour), a reference line (rule) layered without a text label."""
    name = _name(spec)
    years = sorted({int(row["year"]) for rows in (spec.get("datasets") or {}).values() for row in rows
                    if isinstance(row, dict) and isinstance(row.get("year"), int | float)})
    problems = colour_problems(spec)
    for node, key in nodes(spec):
        if key in ("x", "y") and node.get("field") == "year" and node.get("type") in ("ordinal", "nominal") \
                and years and years[-1] - years[0] + 1 != len(years):
            problems.append(f"{name}: years {years[:6]}... with gaps drawn as evenly spaced categories")
        if "layer" in node:
            marks = [m if isinstance(m := layer.get("mark"), str) else (m or {}).get("type") for layer in node["layer"]]
            if "rule" in marks and "text" not in marks:
                problems.append(f"{name}: a reference line without a label")
    return problems
