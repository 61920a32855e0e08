"""Benchmark the book on this machine (a script, not a test): python tests/benchmark.py

1. cold build of the book (fresh copy, empty execution cache) against the build of an empty book
   with the same configuration;
2. each lab's execution time in a fresh kernel against a notebook that only imports the stack;
3. each explorer's callback latency (set a control, model + readouts + chart), median and p95.
Results are printed and written to _build/benchmark.json.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
COPY_IGNORE = shutil.ignore_patterns("_build", ".git", "__pycache__", ".pytest_cache", ".hypothesis", "*.egg-info")


def _build(folder: Path) -> float:
    start = time.perf_counter()
    subprocess.run(["jupyter-book", "build", str(folder)], check=True, capture_output=True)
    return time.perf_counter() - start


def build_times() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "book"
        shutil.copytree(ROOT, book, ignore=COPY_IGNORE)
        cold = _build(book)
        empty = Path(tmp) / "empty"
        shutil.copytree(ROOT, empty, ignore=COPY_IGNORE)
        (empty / "_toc.yml").write_text("format: jb-book\nroot: book/intro\n", encoding="utf-8")
        (empty / "book" / "intro.md").write_text("# Empty\n", encoding="utf-8")
        empty_time = _build(empty)
    return {"cold_build_s": cold, "empty_book_build_s": empty_time, "ratio": cold / empty_time}


def _execute(nb: nbformat.NotebookNode, folder: Path) -> float:
    start = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    return time.perf_counter() - start


def lab_times() -> dict[str, dict[str, float]]:
    imports = nbformat.v4.new_notebook()
    imports.cells = [nbformat.v4.new_code_cell("import altair, ipywidgets, pandas, cyberorder\ncyberorder.setup()")]
    baseline = statistics.median(_execute(imports, ROOT) for _ in range(3))
    out = {"import_only_notebook": {"seconds": baseline}}
    for path in sorted((ROOT / "book").rglob("*.ipynb")):
        seconds = _execute(nbformat.read(path, as_version=4), path.parent)
        out[str(path.relative_to(ROOT))] = {"seconds": seconds, "ratio": seconds / baseline}
    return out


def callback_latency(repeats: int = 60) -> dict[str, dict[str, float]]:
    import cyberorder
    from cyberorder import explorers

    cyberorder.setup()
    out = {}
    for name in ("where_the_users_are",):
        explorer = getattr(explorers, name)()
        _ = explorer.view
        slider = next(c for c in explorer.controls if hasattr(c, "min"))
        values = [slider.min + (i % int((slider.max - slider.min) / slider.step + 1)) * slider.step
                  for i in range(1, repeats + 1)]
        times = []
        for v in values:
            start = time.perf_counter()
            explorer.set(**{slider.name: v})
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        out[name] = {"median_ms": statistics.median(times), "p95_ms": times[int(0.95 * (len(times) - 1))]}
    return out


def main() -> None:
    results = {"build": build_times(), "labs": lab_times(), "callbacks": callback_latency()}
    target = ROOT / "_build" / "benchmark.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
