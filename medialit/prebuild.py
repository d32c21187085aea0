"""Execute the book's notebooks in parallel before Jupyter Book reads them.

Jupyter Book 1 executes notebooks one after another (jupyter-book issue #1735: no parallel
option). With ``execute_notebooks: cache``, myst-nb first looks each notebook up in
jupyter-cache's store (``_build/.jupyter_cache``), by a hash of its code cells, and executes
only what it doesn't find. So the build fills that store first: each notebook the store
lacks is executed in a worker process, and the executed notebook is written into the store
by this process alone, one at a time (jupyter-cache's own parallel executor writes to its
SQLite database from every worker at once). Jupyter Book then finds every notebook cached.

A notebook that fails here is not stored: the build executes it again, in order, and stops
with its error and its usual message.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path


def toc_files(root: Path) -> list[Path]:
    """Every source file the table of contents names, in order (prose.toc_pages)."""
    from .prose import toc_pages

    return toc_pages(root)


def _maybe_notebook(path: Path) -> bool:
    """Cheaply: an .ipynb, or a Markdown page whose front matter names a kernel (what makes
    myst-nb read it as a notebook); ``read_notebook`` decides for sure."""
    if path.suffix == ".ipynb":
        return True
    with open(path, encoding="utf-8") as fh:
        head = fh.read(3000)
    return head.startswith("---") and ("kernelspec" in head or "jupytext" in head)


def read_notebook(path: Path):
    """The notebook myst-nb reads from ``path`` (an .ipynb, or a MyST Markdown notebook), or
    None when the file is a plain page."""
    import nbformat

    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        return nbformat.reads(text, as_version=4)
    from myst_nb.core.read import is_myst_markdown_notebook, read_myst_markdown_notebook

    if not is_myst_markdown_notebook(text):
        return None
    return read_myst_markdown_notebook(text, add_source_map=True, path=path)


def _quiet_worker() -> None:
    """A worker's kernels inherit its standard error: silence it (the kernel's notices about
    its transport would fill the terminal). Errors come back as results, and the build runs a
    failed notebook again with its full output."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def _execute(path: str, text: str, timeout: int) -> tuple[str, str | None, float]:
    """In a worker: execute one notebook in its own folder (as myst-nb does). Returns the
    executed notebook as JSON, the error (None when it ran), and the seconds taken."""
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    nb = nbformat.reads(text, as_version=4)
    result = single_nb_execution(nb, cwd=str(Path(path).parent), timeout=timeout, allow_errors=False,
                                 meta_override=True)
    err = None if result.err is None else f"{type(result.err).__name__}: {result.err}"
    return nbformat.writes(nb), err, result.time


def pre_execute(root: Path, cache_dir: Path, *, workers: int | None = None, timeout: int = 300,
                env: dict | None = None, log=print) -> dict:
    """Execute, in parallel, every notebook of the book that ``cache_dir`` lacks, and store it.

    Returns counts: ``cached`` (already stored), ``executed`` (stored now), ``failed`` (left
    for the build to execute and report), and ``skipped`` (True when no page is newer than the
    cache, so nothing was looked at).
    """
    counts = {"cached": 0, "executed": 0, "failed": 0, "skipped": False}
    pages = toc_files(root)
    # A rebuild after an edit to a plain page: when no notebook (nor the table of contents)
    # changed since the last complete check, every notebook is in the cache already, so the
    # check, which costs a second or two of imports and parsing, is skipped. (Were one
    # missing, Jupyter Book would still execute it: only speed is at stake.)
    stamp = Path(cache_dir) / ".medialit-checked"
    watched = [p for p in pages if _maybe_notebook(p)] + [root / "_toc.yml"]
    if stamp.is_file() and all(p.stat().st_mtime < stamp.stat().st_mtime for p in watched):
        counts["skipped"] = True
        return counts
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(str(cache_dir))
    todo = []
    for path in pages:
        nb = read_notebook(path)
        if nb is None:
            continue
        try:
            cache.match_cache_notebook(nb)
            counts["cached"] += 1
        except KeyError:
            todo.append((path, nb))
    if not todo:
        stamp.touch()
        return counts
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    saved = dict(os.environ)
    os.environ.update(env or {})  # the kernels inherit it from the workers
    try:
        with ProcessPoolExecutor(max_workers=workers, initializer=_quiet_worker) as pool:
            jobs = {pool.submit(_execute, str(path), nbformat.writes(nb), timeout): (path, nb)
                    for path, nb in todo}
            for job in as_completed(jobs):
                path, nb = jobs[job]
                try:
                    text, err, seconds = job.result()
                except Exception as exc:  # noqa: BLE001 - a worker that died: the build retries
                    text, err, seconds = "", f"{type(exc).__name__}: {exc}", 0.0
                if err is not None:
                    counts["failed"] += 1
                    log(f"medialit: {path.relative_to(root)} failed in the parallel run; the build runs it again.")
                    continue
                # Written here, by one process: jupyter-cache's SQLite store never has two writers.
                cache.cache_notebook_bundle(CacheBundleIn(nbformat.reads(text, as_version=4), str(path),
                                                          data={"execution_seconds": seconds}),
                                            check_validity=False, overwrite=True)
                counts["executed"] += 1
    finally:
        os.environ.clear()
        os.environ.update(saved)
    if not counts["failed"]:
        stamp.touch()
    return counts
