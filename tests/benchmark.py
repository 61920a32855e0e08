"""Benchmark the book on this machine (a script, not a test): python tests/benchmark.py

Reported as ratios measured in one run on one machine:
- build: the cold build (fresh copy, empty execution cache) against an empty book's build plus N times
  a notebook that only imports the stack (goal <= 1.3), and the rebuild after editing one prose page
  against the cold build (goal <= 0.3);
- labs: each lab's execution in a fresh kernel against the import-only notebook (goal <= 2), and the size of
  the executed notebook as nbclient saves it, widget state included (goal <= 1.5 MB);
- callbacks: each explorer's live-view callback when one control moves (model + readouts + chart), median and
  p95 (goal median < 20 ms, p95 < 50 ms), and the bytes of widget messages one move sends to the browser
  (goal <= 100 KB), with what the view sends once when it is first shown;
- pages (when Chromium is installed): page open to first chart drawn (goal < 2 s) and the heaviest page's
  weight against the theme's empty page.
Results are printed and written to book/appendix/benchmark.json, which the Provenance page shows.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import json
import platform
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
LABS = sorted(p for p in (ROOT / "book").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
COPY_IGNORE = shutil.ignore_patterns("_build", ".git", "__pycache__", ".pytest_cache", ".hypothesis", "*.egg-info")
# the stack, imported as the labs import it (the package first: it spares every kernel jsonschema's rfc3987_syntax)
IMPORT_ONLY = "import cyberorder, altair, ipywidgets, pandas\ncyberorder.setup()"


def _build(folder: Path) -> float:
    start = time.perf_counter()
    subprocess.run(["jupyter-book", "build", str(folder)], check=True, capture_output=True)
    return time.perf_counter() - start


def _execute(nb: nbformat.NotebookNode, folder: Path) -> float:
    """Seconds to run ``nb`` in a fresh kernel; ``nb`` is left holding its outputs and widget state."""
    start = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    return time.perf_counter() - start


def import_only_seconds() -> float:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(IMPORT_ONLY)]
    return statistics.median(_execute(nb, ROOT) for _ in range(3))


def build_times(import_only: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "book"
        shutil.copytree(ROOT, book, ignore=COPY_IGNORE)
        cold = _build(book)
        page = book / "book" / "01-introduction" / "index.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nAn edited sentence.\n", encoding="utf-8")
        rebuild = _build(book)
        empty = Path(tmp) / "empty"
        shutil.copytree(ROOT, empty, ignore=COPY_IGNORE)
        (empty / "_toc.yml").write_text("format: jb-book\nroot: book/intro\n", encoding="utf-8")
        (empty / "book" / "intro.md").write_text("# Empty\n", encoding="utf-8")
        empty_time = _build(empty)
    baseline = empty_time + len(LABS) * import_only
    return {"cold_build_s": cold, "empty_book_build_s": empty_time, "labs": len(LABS),
            "cold_over_empty_plus_labs_x_import_only": cold / baseline,
            "rebuild_after_prose_edit_s": rebuild, "rebuild_over_cold": rebuild / cold}


def lab_times(import_only: float) -> dict[str, dict[str, float]]:
    out = {"import_only_notebook": {"seconds": import_only}}
    for path in LABS:
        nb = nbformat.read(path, as_version=4)
        seconds = _execute(nb, path.parent)
        out[str(path.relative_to(ROOT))] = {"seconds": seconds, "over_import_only": seconds / import_only,
                                            "executed_bytes": len(nbformat.writes(nb).encode("utf-8"))}
    return out


class _Sent:
    """The bytes of every widget message the kernel would send, counted as JSON plus binary buffers."""

    def __init__(self) -> None:
        import comm

        self.bytes = 0

        def publish(_comm, msg_type: str, data=None, metadata=None, buffers=None, **_keys) -> None:
            self.bytes += len(json.dumps(data, default=str).encode("utf-8")) + sum(len(b) for b in buffers or ())

        comm.DummyComm.publish_msg = publish  # no front end here: widgets talk to comm's DummyComm


def callback_latency() -> dict[str, dict[str, float]]:
    """One control moved at a time (one callback), over every control each example changes, back and forth: the
    time of each callback and the bytes of widget messages it sends."""
    import cyberorder
    from cyberorder.explorers import ALL

    cyberorder.setup()
    sent = _Sent()
    out = {}
    for name, make in ALL.items():
        explorer = make()
        sent.bytes = 0
        _ = explorer.view
        once = sent.bytes
        defaults, times, sizes = explorer.defaults(), [], []
        for _round in range(3):
            for example in explorer.examples:
                for control, value in example.items():
                    for v in (value, defaults[control]):
                        sent.bytes = 0
                        start = time.perf_counter()
                        explorer.set(**{control: v})
                        times.append((time.perf_counter() - start) * 1000)
                        sizes.append(sent.bytes)
        times.sort()
        out[name] = {"median_ms": statistics.median(times), "p95_ms": times[round(0.95 * (len(times) - 1))],
                     "callbacks": len(times), "kb_per_move_median": statistics.median(sizes) / 1000,
                     "kb_per_move_max": max(sizes) / 1000, "kb_when_shown": once / 1000}
    return out


def page_metrics() -> dict[str, float | str]:
    """First chart drawn and page weight, in Chromium, against the built site (_build/html)."""
    site = ROOT / "_build" / "html"
    if not Path("/usr/bin/chromium").is_file() or not (site / "index.html").is_file():
        return {"skipped": "needs /usr/bin/chromium and a built book"}
    from playwright.sync_api import sync_playwright

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    pages = sorted(p.relative_to(site).as_posix() for p in site.joinpath("book").rglob("*.html"))
    out: dict[str, float | str] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium",
                                     args=["--headless", "--no-sandbox", "--disable-gpu",
                                           "--disable-background-networking", "--disable-component-update"])
        weights = {}
        for path in pages:
            context = browser.new_context()
            page = context.new_page()
            sizes: list[int] = []
            page.on("response", lambda r, sizes=sizes: sizes.append(len(r.body()) if r.ok else 0))
            start = time.perf_counter()
            page.goto(base + path, wait_until="load")
            if page.locator("div.cyberorder-chart").count():
                page.wait_for_selector("div.cyberorder-chart svg.marks", timeout=30_000)
                out[f"first_chart_drawn_s / {path}"] = time.perf_counter() - start
            page.wait_for_load_state("networkidle")
            weights[path] = sum(sizes)
            context.close()
        browser.close()
    httpd.shutdown()
    empty = weights.get("book/appendix/references.html") or min(weights.values())
    heaviest = max(weights, key=weights.get)
    out.update({"heaviest_page": heaviest, "heaviest_page_bytes": float(weights[heaviest]),
                "heaviest_over_plain_page": weights[heaviest] / empty})
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["callbacks", "labs"], help="measure only this part, print it, write nothing "
                        "(the full run builds the book twice and takes several minutes)")
    args = parser.parse_args(argv)
    if args.only == "callbacks":
        print(json.dumps({"callbacks": callback_latency()}, indent=2))
        return
    if args.only == "labs":
        print(json.dumps({"labs": lab_times(import_only_seconds())}, indent=2))
        return
    import_only = import_only_seconds()
    results = {
        "measured": {"date": datetime.date.today().isoformat(), "machine": platform.platform(),
                     "python": platform.python_version()},
        "build": build_times(import_only),
        "labs": lab_times(import_only),
        "callbacks": callback_latency(),
        "pages": page_metrics(),
    }
    target = ROOT / "book" / "appendix" / "benchmark.json"
    target.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
