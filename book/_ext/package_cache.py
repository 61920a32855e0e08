"""Execute the labs when they or the package change, on every core, before Sphinx reads them.

- jupyter-cache keys a notebook's outputs on its code cells alone, so an edit to ``cyberorder/`` or
  ``data/`` would otherwise leave stale charts on the site. This extension fingerprints both and
  empties the execution cache (and Sphinx's saved doctrees) when the fingerprint differs from the
  last build's.
- myst-nb executes the notebooks one after another as Sphinx reads them. Before reading, this
  extension runs every lab that has no cached outputs through jupyter-cache's parallel executor (one
  kernel per core); myst-nb then finds them cached. A lab that fails here is left uncached, so myst-nb
  runs it again and reports its error as usual: the strict build still stops on any failing cell.
"""

from __future__ import annotations

import hashlib
import logging as std_logging
import shutil
import time
from pathlib import Path

from sphinx.util import logging

import cyberorder


def _fingerprint() -> str:
    package = Path(cyberorder.__file__).resolve().parent
    from cyberorder.data import data_dir

    digest = hashlib.sha256()
    for folder in (package, data_dir()):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in {".py", ".csv", ".json"}:
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


LOGGER = logging.getLogger(__name__)


def _cache_path(app, config) -> Path:
    return Path(config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")


def _config_inited(app, config) -> None:
    cache = _cache_path(app, config)
    stamp = Path(app.outdir).parent / "package-fingerprint.txt"
    current = _fingerprint()
    if not stamp.is_file() or stamp.read_text() != current:
        shutil.rmtree(cache, ignore_errors=True)
        # Sphinx would otherwise keep the pages of unchanged notebooks: read every document again
        shutil.rmtree(app.doctreedir, ignore_errors=True)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current)


def _labs(app, config) -> list[Path]:
    """The notebooks the book's table of contents lists (only those are pages: `only_build_toc_files`)."""
    from cyberorder.pdf import pages_in_order

    toc = Path(app.srcdir) / (getattr(config, "external_toc_path", None) or "_toc.yml")
    docs = pages_in_order(toc) if toc.is_file() else []
    return [path for doc in docs if (path := Path(app.srcdir) / f"{doc}.ipynb").is_file()]


def _execute_in_parallel(app, config) -> None:
    """Run every lab without cached outputs in parallel, so that myst-nb finds each one in the cache."""
    if config.nb_execution_mode != "cache":
        return
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    cache = get_cache(str(_cache_path(app, config)))
    stale = []
    for lab in _labs(app, config):
        record = cache.add_nb_to_project(str(lab))
        if cache.get_cached_project_nb(record.pk) is None:
            stale.append(str(lab))
    if len(stale) < 2:
        return  # nothing to share out: myst-nb runs it as it reads
    start = time.perf_counter()
    quiet = std_logging.getLogger("package_cache.jupyter_cache")
    quiet.setLevel(std_logging.WARNING)  # not jupyter-cache's per-process chatter on the build's output
    result = load_executor("local-parallel", cache, logger=quiet).run_and_cache(
        filter_uris=stale, timeout=config.nb_execution_timeout, allow_errors=False)
    LOGGER.info(f"[package_cache] executed {len(result.succeeded)} of {len(stale)} labs in parallel in "
                f"{time.perf_counter() - start:.1f} s; failures are run again by myst-nb")


def setup(app):
    app.connect("config-inited", _config_inited, priority=100)
    app.connect("config-inited", _execute_in_parallel, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
