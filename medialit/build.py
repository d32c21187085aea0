"""Build the book: Jupyter Book 1 with warnings as errors and notebook errors fatal.

``python -m medialit build`` (what ``./kit book`` runs) calls ``jupyter-book build`` with:

- ``--warningiserror --nitpick --keep-going``: any Sphinx warning fails the build, after
  reporting all of them;
- ``nb_execution_raise_on_error`` (set in ``_config.yml``): a notebook that raises fails the
  build, where Jupyter Book would otherwise warn and exit 0;
- cached execution (``execute_notebooks: cache``): a rebuild re-runs only changed notebooks.

After the build it checks that the landing page exists and that nothing from ``solutions/``
reached the output. A rebuild reuses what didn't change (buildcache.py): the exercise scripts
aren't checked again when their sources are as they were, and the icons and the card search
index are written from the store when their inputs are.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import sys
from pathlib import Path

from .errors import KitError
from .paths import repo_root


def jupyter_book_command() -> list[str]:
    exe = Path(sys.executable).parent / "jupyter-book"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("jupyter-book")
    if found:
        return [found]
    raise KitError(
        "jupyter-book is not installed in this Python environment. Run ./kit book, which "
        "installs the pinned requirements first (or: pip install -r requirements.txt)."
    )


def html_dir(out: Path | None = None) -> Path:
    return (Path(out) if out else repo_root()) / "_build" / "html"


def leaked_solutions(html: Path) -> list[Path]:
    """Files in the built book that come from ``solutions/``."""
    leaked = [p for p in html.rglob("*") if "solutions" in p.relative_to(html).parts]
    return sorted(leaked)


def inputs_digest(root: Path | None = None, package: Path | None = None) -> str:
    """A digest of what notebook outputs depend on beyond their own code: the package (its
    Python, the compiled exercise banks, scripts and styles) and the corpus in ``seeds/``.

    Jupyter Book's execution cache keys a notebook by its code cells only, so a changed exercise
    bank would leave the book showing the old exercises. When this digest changes, the build
    empties that cache and rewrites every page.
    """
    import hashlib

    root = root or repo_root()
    digest = hashlib.sha256()
    package = package or Path(__file__).parent
    files = [p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    files += [p for p in (root / "seeds").rglob("*") if p.is_file()]
    for p in sorted(files):
        digest.update(str(p.relative_to(root) if root in p.parents else p.name).encode() + b"\0" + p.read_bytes())
    return digest.hexdigest()


def build_book(out: Path | None = None, *, fresh: bool = False, quiet: bool = False,
               parallel: bool = True) -> Path:
    """Build the book into ``out/_build/html`` (default: the repository's ``_build/html``).

    ``parallel``: execute the notebooks in parallel first (prebuild.py); False leaves them to
    Jupyter Book, one after another (the benchmark compares the two)."""
    root = repo_root()
    from .buildcache import scripts_current, store_for

    build_dir = (Path(out) if out else root) / "_build"
    scripts_current(build_dir)  # the exercise scripts, current with their source
    stamp = build_dir / ".medialit-inputs"
    digest = inputs_digest(root)
    if fresh or not stamp.is_file() or stamp.read_text(encoding="utf-8").strip() != digest:
        shutil.rmtree(build_dir / ".jupyter_cache", ignore_errors=True)
        store_for(build_dir).clear()  # and the icons and card index are made afresh
        fresh = True  # and the pages Sphinx thinks current are re-read and re-executed
    cmd = [*jupyter_book_command(), "build", str(root), "--builder", "html",
           "--warningiserror", "--nitpick", "--keep-going"]
    if out is not None:
        cmd += ["--path-output", str(out)]
    if fresh:
        cmd.append("--all")
    # Notebooks executed for the book must not write answers files into the repository.
    scratch = tempfile.mkdtemp(prefix="medialit-build-")
    answers = {"MEDIALIT_ANSWERS": str(Path(scratch) / "build-answers.json")}
    env = {**os.environ, **answers}
    # Jupyter Book executes notebooks one at a time: run the ones its cache lacks in parallel
    # first, into that cache (prebuild.py); it then finds them all executed.
    from .prebuild import pre_execute

    import yaml

    conf = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    timeout = int((conf.get("execute") or {}).get("timeout") or 300)
    counts = {"executed": 0}
    if parallel:
        counts = pre_execute(root, build_dir / ".jupyter_cache", timeout=timeout, env=answers,
                             log=(lambda _msg: None) if quiet else (lambda msg: print(msg, file=sys.stderr)))
    if not quiet and counts["executed"]:
        print(f"medialit: executed {counts['executed']} notebook(s) in parallel before the build "
              f"({counts['cached']} already cached).", file=sys.stderr)
    result = subprocess.run(
        cmd, cwd=root, text=True, env=env,
        stdout=subprocess.PIPE if quiet else None,
        stderr=subprocess.STDOUT if quiet else None,
    )
    if result.returncode != 0:
        tail = ""
        if quiet and result.stdout:
            tail = "\n" + "\n".join(result.stdout.splitlines()[-40:])
        raise KitError(
            "The book did not build: a page raised a warning or a notebook raised an error "
            f"(jupyter-book exited with {result.returncode}; its messages say which).{tail}"
        )
    html = html_dir(out)
    if not (html / "index.html").is_file():
        raise KitError(f"The build finished but {html / 'index.html'} is missing.")
    leaked = leaked_solutions(html)
    if leaked:
        raise KitError(f"Files from solutions/ reached the built book: {leaked[:5]}")
    stamp.write_text(digest + "\n", encoding="utf-8")
    return html
