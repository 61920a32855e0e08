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

from cyberorder.charts import setup
from cyberorder.data import DataError, load

__all__ = ["DataError", "load", "setup"]
__version__ = "0.1.0"
