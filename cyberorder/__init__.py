"""cyberorder: the quantities, data, charts and explorers of *Post-Liberal Cyberspace*.

The book teaches Barrinha and Renard's argument ("Power and diplomacy in the post-liberal
cyberspace", *International Affairs* 96:3, 2020) through three dimensions. The modules carry
the article's words:

- :mod:`cyberorder.data`: every table of ``data/``, loaded and validated against ``datapackage.json``;
- :mod:`cyberorder.power`: who holds the internet's users and its core infrastructure;
- :mod:`cyberorder.claims`: the article's checkable statements, recomputed from data;
- :mod:`cyberorder.charts`: the book's chart theme and offline renderer;
- :mod:`cyberorder.explorer`: the two-tier explorer pattern (live widgets + static twin);
- :mod:`cyberorder.explorers`: the explorers the chapters use.
"""

import sys

# jsonschema (which Altair imports) loads rfc3987_syntax whenever it is installed, and Jupyter's event system
# installs it; at import it compiles 38 lark grammars, 1.5-3 s of every kernel's start, only to check the "iri"
# string format, which neither Altair nor this book uses. Mark it absent unless something already loaded it.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

from cyberorder.charts import setup  # noqa: E402
from cyberorder.data import DataError, load  # noqa: E402

__all__ = ["DataError", "load", "setup"]
__version__ = "0.3.0"
