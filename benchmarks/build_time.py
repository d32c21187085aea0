"""Print the book's build times beside a minimal Jupyter Book with as many pages (the floor).

    python benchmarks/build_time.py

Figures: a clean build into an empty folder (notebooks executed), a rebuild after touching
one page (cached execution), and the same two for a minimal book of plain Markdown pages.
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from pathlib import Path

import yaml

from medialit.build import build_book, jupyter_book_command
from medialit.paths import repo_root


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def toc_files(root: Path) -> list[str]:
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part.get("chapters", [])]
    return files


def minimal_book(folder: Path, n_pages: int) -> None:
    (folder / "_config.yml").write_text("title: Floor\nexecute:\n  execute_notebooks: cache\n")
    chapters = "\n".join(f"  - file: page{i}" for i in range(1, n_pages))
    (folder / "_toc.yml").write_text(f"format: jb-book\nroot: page0\nchapters:\n{chapters}\n")
    for i in range(n_pages):
        (folder / f"page{i}.md").write_text(f"# Page {i}\n\n" + "Some text. " * 200 + "\n")


def jb_build(folder: Path) -> None:
    subprocess.run([*jupyter_book_command(), "build", str(folder), "--warningiserror"],
                   check=True, capture_output=True)


def main() -> None:
    root = repo_root()
    pages = toc_files(root)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "kit"
        clean = timed(lambda: build_book(out, quiet=True))
        page = root / "book" / "credits.md"
        page.touch()
        rebuild = timed(lambda: build_book(out, quiet=True))

        floor = Path(tmp) / "floor"
        floor.mkdir()
        minimal_book(floor, len(pages))
        floor_clean = timed(lambda: jb_build(floor))
        (floor / "page1.md").touch()
        floor_rebuild = timed(lambda: jb_build(floor))

    print(f"pages in the book:            {len(pages)}")
    print(f"kit   clean build:            {clean:6.1f} s")
    print(f"kit   rebuild, one page:      {rebuild:6.1f} s")
    print(f"floor clean build:            {floor_clean:6.1f} s   (minimal book, {len(pages)} Markdown pages)")
    print(f"floor rebuild, one page:      {floor_rebuild:6.1f} s")
    print(f"ratio kit/floor (clean):      {clean / floor_clean:6.2f}")
    print(f"ratio kit/floor (rebuild):    {rebuild / floor_rebuild:6.2f}")


if __name__ == "__main__":
    main()
