"""Print the book's build times beside a fair floor: a minimal Jupyter Book with as many pages,
as many of them notebooks, each notebook importing pandas.

    python benchmarks/build_time.py

Figures: a clean build into an empty folder (notebooks executed: in parallel first, as
``medialit build`` does, and with Jupyter Book alone, one after another), a rebuild after
touching one Markdown page (cached execution; the median of three, each after its own touch),
and the same clean build and rebuild for the floor. The machine's load average is printed
beside them: on a shared machine, compare ratios taken at the same time. Targets (issue 25):
clean build at most 1.5x the floor's, rebuild at most 1.2x.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from medialit.build import build_book, jupyter_book_command
from medialit.paths import repo_root
from medialit.prebuild import read_notebook, toc_files


REBUILDS = 3


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def rebuild_times(page: Path, build) -> list[float]:
    """Seconds for REBUILDS rebuilds, each after touching ``page``."""
    times = []
    for _ in range(REBUILDS):
        os.utime(page)
        times.append(timed(build))
    return times


def load() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


NOTEBOOK = """---
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# Page {i}

{text}

```{{code-cell}} ipython3
import pandas as pd

pd.DataFrame({{"page": [{i}], "words": [200]}})
```
"""


def minimal_book(folder: Path, n_pages: int, n_notebooks: int) -> None:
    (folder / "_config.yml").write_text("title: Floor\nexecute:\n  execute_notebooks: cache\n")
    chapters = "\n".join(f"  - file: page{i}" for i in range(1, n_pages))
    (folder / "_toc.yml").write_text(f"format: jb-book\nroot: page0\nchapters:\n{chapters}\n")
    text = "Some text. " * 200
    for i in range(n_pages):
        body = NOTEBOOK.format(i=i, text=text) if i >= n_pages - n_notebooks else f"# Page {i}\n\n{text}\n"
        (folder / f"page{i}.md").write_text(body)


def jb_build(folder: Path) -> None:
    subprocess.run([*jupyter_book_command(), "build", str(folder), "--warningiserror"],
                   check=True, capture_output=True)


def main() -> None:
    at_start = load()
    root = repo_root()
    pages = toc_files(root)
    notebooks = [p for p in pages if read_notebook(p) is not None]
    with tempfile.TemporaryDirectory() as tmp:
        serial = timed(lambda: build_book(Path(tmp) / "serial", quiet=True, parallel=False))
        out = Path(tmp) / "kit"
        clean = timed(lambda: build_book(out, quiet=True))
        page = root / "book" / "credits.md"
        rebuilds = rebuild_times(page, lambda: build_book(out, quiet=True))
        rebuild = statistics.median(rebuilds)

        floor = Path(tmp) / "floor"
        floor.mkdir()
        minimal_book(floor, len(pages), len(notebooks))
        floor_clean = timed(lambda: jb_build(floor))
        floor_rebuilds = rebuild_times(floor / "page1.md", lambda: jb_build(floor))
        floor_rebuild = statistics.median(floor_rebuilds)

    runs = lambda ts: ", ".join(f"{t:.1f}" for t in ts)  # noqa: E731
    print(f"{os.cpu_count()} CPU(s); {len(pages)} pages, {len(notebooks)} of them notebooks; at the start: {at_start}")
    print(f"kit   clean build, notebooks in parallel:  {clean:6.1f} s")
    print(f"kit   clean build, Jupyter Book alone:      {serial:6.1f} s   (speed-up {serial / clean:.2f}x)")
    print(f"kit   rebuild, one Markdown page touched:   {rebuild:6.1f} s   (median of {runs(rebuilds)})")
    print(f"floor clean build:                          {floor_clean:6.1f} s   "
          f"({len(pages)} pages, {len(notebooks)} notebooks importing pandas)")
    print(f"floor rebuild, one page touched:            {floor_rebuild:6.1f} s   (median of {runs(floor_rebuilds)})")
    print(f"ratio kit/floor, clean:                     {clean / floor_clean:6.2f}   (target 1.5 or less)")
    print(f"ratio kit/floor, rebuild:                   {rebuild / floor_rebuild:6.2f}   (target 1.2 or less)")
    print(f"at the end: {load()}")


if __name__ == "__main__":
    main()
