"""Release a student copy of the kit: everything a student or Binder needs, no plaintext keys.

``python -m medialit release OUT/`` copies the book's sources, ``exercises/``, ``seeds/``, the
package (with its sealed exercise bank), the environment files and the README into OUT,
and leaves out ``solutions/`` (plaintext keys, solution notebooks), the instructors' pages
(teacher notes, the grading guide and its sample hand-ins), the tests, benchmarks, build
outputs and version-control files. Publish OUT as its own repository for Binder and
build it as the student book when the course is graded.

What stays: the annotated corpus in ``seeds/`` is course content (the lessons and the data
pages teach from it), so an exercise whose items come from the corpus can be looked up there
by a determined student; the README says so. The exercise keys themselves travel only sealed.
"""

from __future__ import annotations

import fnmatch
import shutil
from pathlib import Path

from ..errors import KitError
from ..paths import repo_root

INCLUDE = ["README.md", "LICENSE", "LICENSE-CONTENT", "_config.yml", "_toc.yml", "kit", "postBuild",
           "pyproject.toml", "requirements.txt", "runtime.txt", "book", "exercises", "seeds",
           "medialit", ".github/workflows", ".gitignore"]
EXCLUDE = ["__pycache__", "*.pyc", "*.egg-info", ".ipynb_checkpoints", "my-answers*",
           "*.lock", ".pytest_cache", "_build"]


# Pages for instructors only: left out of the student book (and its table of contents).
INSTRUCTOR_PAGES = ["book/instructors", "book/grading", "book/*-teacher"]
INSTRUCTOR_FILES = ["book/grading-example"]


def _instructor_only(rel: str) -> bool:
    stem = rel.rsplit(".", 1)[0]
    return (any(fnmatch.fnmatch(stem, pat) for pat in INSTRUCTOR_PAGES)
            or any(rel == f or rel.startswith(f + "/") for f in INSTRUCTOR_FILES))


def _student_toc(text: str) -> str:
    """The table of contents without the instructors' pages."""
    import yaml

    toc = yaml.safe_load(text)
    for part in toc.get("parts", []):
        part["chapters"] = [c for c in part["chapters"] if not _instructor_only(c["file"])]
    toc["parts"] = [p for p in toc.get("parts", []) if p["chapters"]]
    for part in toc["parts"]:
        if part.get("caption") == "For instructors":
            part["caption"] = "More"
    return "# Table of contents of the student copy (written by python -m medialit release).\n" + \
        yaml.safe_dump(toc, sort_keys=False, allow_unicode=True)


def _skip(path: Path) -> bool:
    return any(fnmatch.fnmatch(part, pat) for part in path.parts for pat in EXCLUDE)


MARKER = ".medialit-release"


def release(out: Path, *, force: bool = False) -> list[Path]:
    """Write the student copy into ``out``; returns the files written.

    ``out`` must be a new or empty folder outside the kit. With ``force``, a folder that an
    earlier release wrote (it holds a ``.medialit-release`` marker) is replaced; any other
    folder is refused, so a mistyped path can never delete anything else.
    """
    root = repo_root()
    out = Path(out).expanduser().resolve()
    if out == root or root in out.parents or out in root.parents:
        raise KitError("Release into a new folder outside the kit (for example ../kit-student).")
    if out.exists() and not out.is_dir():
        raise KitError(f"{out} is a file: give a folder for the student copy.")
    if out.exists() and any(out.iterdir()):
        if not force:
            raise KitError(f"{out} is not empty. Choose a new folder, or add --force to replace an earlier release.")
        if not (out / MARKER).is_file():
            raise KitError(f"{out} is not empty and was not written by 'medialit release': it is left untouched. "
                           "Choose a new folder.")
        shutil.rmtree(out)
    written = []
    for name in INCLUDE:
        src = root / name
        if not src.exists():
            continue
        files = [src] if src.is_file() else [p for p in src.rglob("*") if p.is_file()]
        for f in files:
            rel = f.relative_to(root)
            if _skip(rel) or _instructor_only(rel.as_posix()):
                continue
            dst = out / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, dst)
            written.append(dst)
    (out / "_toc.yml").write_text(_student_toc((root / "_toc.yml").read_text(encoding="utf-8")),
                                  encoding="utf-8")
    (out / MARKER).write_text("Written by python -m medialit release; --force may replace this folder.\n",
                              encoding="utf-8")
    (out / "solutions").mkdir(parents=True, exist_ok=True)
    (out / "solutions" / "README.md").write_text(
        "# Solutions\n\nThis is a student copy of the course kit: the instructors' keys and solution\n"
        "notebooks are not included. In-page checks still work, with sealed keys.\n", encoding="utf-8")
    written.append(out / "solutions" / "README.md")
    return written
