"""Build the book: Jupyter Book 1 with warnings as errors and notebook errors fatal.

``python -m medialit build`` (what ``./kit book`` runs) calls ``jupyter-book build`` with:

- ``--warningiserror --nitpick --keep-going``: any Sphinx warning fails the build, after
  reporting all of them;
- ``nb_execution_raise_on_error`` (set in ``_config.yml``): a notebook that raises fails the
  build, where Jupyter Book would otherwise warn and exit 0;
- cached execution (``execute_notebooks: cache``): a rebuild re-runs only changed notebooks.

After the build it checks that the landing page exists and that nothing from ``solutions/``
reached the output.
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


def build_book(out: Path | None = None, *, fresh: bool = False, quiet: bool = False) -> Path:
    """Build the book into ``out/_build/html`` (default: the repository's ``_build/html``)."""
    root = repo_root()
    from .jsbuild import write_outputs

    write_outputs()  # the exercise scripts, current with their source
    cmd = [*jupyter_book_command(), "build", str(root), "--builder", "html",
           "--warningiserror", "--nitpick", "--keep-going"]
    if out is not None:
        cmd += ["--path-output", str(out)]
    if fresh:
        cmd.append("--all")
    # Notebooks executed for the book must not write answers files into the repository.
    scratch = tempfile.mkdtemp(prefix="medialit-build-")
    env = {**os.environ, "MEDIALIT_ANSWERS": str(Path(scratch) / "build-answers.json")}
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
    return html
