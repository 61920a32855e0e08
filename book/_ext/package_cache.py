"""Re-execute the labs when the package or the data change, not only when a notebook does.

jupyter-cache keys a notebook's outputs on its code cells alone, so an edit to ``cyberorder/`` or
``data/`` would otherwise leave stale charts on the site. This extension fingerprints both and
empties the execution cache (and Sphinx's saved doctrees) when the fingerprint differs from the
last build's.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

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


def _config_inited(app, config) -> None:
    cache = Path(config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")
    stamp = Path(app.outdir).parent / "package-fingerprint.txt"
    current = _fingerprint()
    if not stamp.is_file() or stamp.read_text() != current:
        shutil.rmtree(cache, ignore_errors=True)
        # Sphinx would otherwise keep the pages of unchanged notebooks: read every document again
        shutil.rmtree(app.doctreedir, ignore_errors=True)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current)


def setup(app):
    app.connect("config-inited", _config_inited, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
