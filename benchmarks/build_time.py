"""Print the book's build times beside a fair floor: a minimal Jupyter Book with as many pages,
as many of them notebooks, each notebook importing pandas.

    python benchmarks/build_time.py

Figures: a clean build into an empty folder (notebooks executed: in parallel first, as
``medialit build`` does, and with Jupyter Book alone, one after another), a rebuild after
touching one Markdown page (cached execution), and the same clean build and rebuild for the
floor. Targets (issue 25): clean build at most 1.5x the floor's, rebuild at most 1.2x.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

from medialit.build import build_book, jupyter_book_command
from medialit.paths import repo_root
from medialit.prebuild import read_notebook, toc_files


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


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
    root = repo_root()
    pages = toc_files(root)
    notebooks = [p for p in pages if read_notebook(p) is not None]
    with tempfile.TemporaryDirectory() as tmp:
        serial = timed(lambda: build_book(Path(tmp) / "serial", quiet=True, parallel=False))
        out = Path(tmp) / "kit"
        clean = timed(lambda: build_book(out, quiet=True))
        page = root / "book" / "credits.md"
        os.utime(page)
        rebuild = timed(lambda: build_book(out, quiet=True))

        floor = Path(tmp) / "floor"
        floor.mkdir()
        minimal_book(floor, len(pages), len(notebooks))
        floor_clean = timed(lambda: jb_build(floor))
        os.utime(floor / "page1.md")
        floor_rebuild = timed(lambda: jb_build(floor))

    print(f"{os.cpu_count()} CPU(s); {len(pages)} pages, {len(notebooks)} of them notebooks")
    print(f"kit   clean build, notebooks in parallel:  {clean:6.1f} s")
    print(f"kit   clean build, Jupyter Book alone:      {serial:6.1f} s   (speed-up {serial / clean:.2f}x)")
    print(f"kit   rebuild, one Markdown page touched:   {rebuild:6.1f} s")
    print(f"floor clean build:                          {floor_clean:6.1f} s   "
          f"({len(pages)} pages, {len(notebooks)} notebooks importing pandas)")
    print(f"floor rebuild, one page touched:            {floor_rebuild:6.1f} s")
    print(f"ratio kit/floor, clean:                     {clean / floor_clean:6.2f}   (target 1.5 or less)")
    print(f"ratio kit/floor, rebuild:                   {rebuild / floor_rebuild:6.2f}   (target 1.2 or less)")


if __name__ == "__main__":
    main()
