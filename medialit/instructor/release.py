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
import re
import shutil
from pathlib import Path

from ..errors import KitError
from ..paths import repo_root

INCLUDE = ["LICENSE", "LICENSE-CONTENT", "_config.yml", "_toc.yml", "kit", "postBuild",
           "pyproject.toml", "requirements.txt", "runtime.txt", "book", "exercises", "seeds",
           "medialit", ".github/workflows", ".github/ISSUE_TEMPLATE", ".gitignore"]
EXCLUDE = ["__pycache__", "*.pyc", "*.egg-info", ".ipynb_checkpoints", "my-answers*",
           "*.lock", ".pytest_cache", "_build"]


# Pages for instructors only: left out of the student book (and its table of contents).
INSTRUCTOR_PAGES = ["book/instructors", "book/grading", "book/assessment", "book/assessment-teacher",
                    "book/*-teacher", "book/add-an-article"]
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

# The student copy's README: for students, not the instructors' README (which explains keys,
# grading and the tests, none of which the copy holds).
STUDENT_README = """# Media literacy: a course kit (student copy)

A course in four skills: checking who is behind a text (sourcing), spotting loaded words
(framing), checking claims, and knowing an outlet's side. It uses two real opinion articles
about the Iranian exile group MEK in Albania as case studies. The kit takes no side in that
dispute: it teaches how to check.

This copy is for students. It holds the book, the exercise notebooks and the data the lessons
teach from. It has no answer keys in plain text and no instructors' pages.

## Work through it

- **In the book** your teacher hosts: read a lesson and answer its exercises on the page. Your
  answers are saved in your browser. Use *Download my answers* in the toolbar to hand them in.
- **In notebooks** (on Binder, or on your own computer with `./kit lab`): open `exercises/`,
  run the cells, answer, and use the toolbar's *Download my answers* to hand in.

Type your name (and the student id your teacher asks for) in the toolbar before you hand in.

## Build the book yourself

```bash
./kit book     # installs the pinned packages once (needs Python 3.11+), builds into _build/html
```

Open `_build/html/index.html` in a browser; the book also works from disk, with no network.
{repo}
## Licences

Code: see `LICENSE`. Course content: see `LICENSE-CONTENT`.
"""


REPO_URL = re.compile(r"^https://[A-Za-z0-9.-]+(:[0-9]+)?/[A-Za-z0-9._~/-]+$")


def _config_repo_url(text: str) -> str:
    """The ``repository: url:`` of a Jupyter Book ``_config.yml`` ("" when none)."""
    import yaml

    conf = yaml.safe_load(text) or {}
    return str((conf.get("repository") or {}).get("url") or "")


def _student_config(text: str, repo_url: str | None) -> str:
    """``_config.yml`` pointing at the student repository, or with no repository buttons.

    Only the ``url:`` line under ``repository:`` changes (comments and layout are kept); with
    ``repo_url=None`` the repository and Binder buttons are switched off instead.
    """
    lines = text.splitlines(keepends=True)
    out, in_repo, done = [], False, False
    for line in lines:
        if re.match(r"^repository:\s*$", line):
            in_repo = True
        elif in_repo and re.match(r"^\S", line):
            in_repo = False
        if in_repo and re.match(r"^\s+url:", line):
            indent = line[: len(line) - len(line.lstrip())]
            line = f"{indent}url: {repo_url or ''}\n"
            done = True
        if repo_url is None:
            line = re.sub(r"^(\s+use_repository_button:)\s*true\s*$", r"\1 false\n", line)
            line = re.sub(r"^(\s+binderhub_url:)\s*\S.*$", r'\1 ""\n', line)
        out.append(line)
    if not done:
        raise KitError("_config.yml has no 'repository: url:' line to change; add one, then release again.")
    return "".join(out)


def check_repo_url(url: str, public: str) -> str:
    url = url.strip().rstrip("/")
    if not REPO_URL.match(url):
        raise KitError(f"--repo-url must be a web address such as https://github.com/school/kit-student "
                       f"(got {url!r}).")
    if public and url.lower() == public.strip().rstrip("/").lower():
        raise KitError(f"--repo-url is the public kit's address ({public}), whose solutions/ holds the keys. "
                       "Give the student repository's address.")
    return url


def release(out: Path, *, force: bool = False, repo_url: str | None = None,
            no_repo: bool = False) -> list[Path]:
    """Write the student copy into ``out``; returns the files written.

    ``out`` must be a new or empty folder outside the kit. With ``force``, a folder that an
    earlier release wrote (it holds a ``.medialit-release`` marker) is replaced; any other
    folder is refused, so a mistyped path can never delete anything else.

    The student book's Binder and repository buttons must not lead to the public kit (whose
    ``solutions/`` holds the keys): give the student repository's address as ``repo_url``,
    or ``no_repo=True`` for a copy without those buttons. Neither is refused.
    """
    root = repo_root()
    config_text = (root / "_config.yml").read_text(encoding="utf-8")
    public = _config_repo_url(config_text)
    if repo_url is not None and no_repo:
        raise KitError("Give either --repo-url or --no-repo, not both.")
    if repo_url is not None:
        repo_url = check_repo_url(repo_url, public)
    elif not no_repo:
        raise KitError("Give the student repository's address, e.g. --repo-url "
                       "https://github.com/your-school/kit-student, so the student book's Binder and "
                       f"repository buttons don't lead to the public kit ({public or 'in _config.yml'}), "
                       "which holds the answers; or --no-repo for a copy without those buttons.")
    student_config = _student_config(config_text, repo_url)
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
    where = (f"\nThis copy's repository: <{repo_url.strip().rstrip('/')}>. The book's Binder button opens "
             "its notebooks online.\n" if repo_url else "")
    (out / "README.md").write_text(STUDENT_README.format(repo=where), encoding="utf-8")
    written.append(out / "README.md")
    (out / "_toc.yml").write_text(_student_toc((root / "_toc.yml").read_text(encoding="utf-8")),
                                  encoding="utf-8")
    (out / MARKER).write_text("Written by python -m medialit release; --force may replace this folder.\n",
                              encoding="utf-8")
    (out / "_config.yml").write_text(student_config, encoding="utf-8")
    return written
