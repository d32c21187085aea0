"""Lessons as MyST text sources, and the notebooks generated from them.

A lesson is written once, as a MyST Markdown notebook: ``book/<lesson>.md`` (myst-nb reads it
and the book executes it like any notebook). ``python -m medialit notebooks`` then writes, from
the chapter and the lesson's exercise definitions,

- ``exercises/<lesson>.ipynb``, the student's notebook: the chapter, with a code cell to fill in
  after each exercise that checks a value computed in code (the definition's ``scaffold``);
- ``solutions/<lesson>.ipynb``, the instructor's notebook: the chapter, with every exercise
  solved right after it is shown (``solve("L1-E03")`` takes the key from the definitions, so no
  notebook retypes a key; code exercises run the definition's ``solution`` code).

Cells tagged ``remove-cell`` in the chapter are left out of the book but kept in the notebooks
(notes for someone working in Jupyter); cells tagged ``book-only`` are left out of the notebooks.
Cell ids are derived from each cell's content, so they stay the same from one generation to
the next; every notebook carries its kernelspec (JupyterLab then opens it without asking).
A test fails when a generated notebook differs from what its sources give.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import nbformat
import yaml

from .errors import KitError
from .paths import repo_root

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
FRONT_MATTER = {
    "jupytext": {"text_representation": {"extension": ".md", "format_name": "myst"}},
    "kernelspec": KERNELSPEC,
}
SHOW = re.compile(r'^\s*show\("([^"]+)"\)\s*$', re.M)


CAPSTONE_PREFIX = "capstone-"


def chapter_set(chapter: str) -> str:
    """The exercise set a chapter shows: its own name for a lesson or a form (``lesson1``,
    ``form-x``); the article's set for a capstone page (``capstone-nyt`` shows set ``nyt``)."""
    return chapter[len(CAPSTONE_PREFIX):] if chapter.startswith(CAPSTONE_PREFIX) else chapter


def lessons() -> list[str]:
    """The chapters with a MyST source and a definitions file for their set: the lessons
    (lesson1, lesson2, ...), the assessment forms (form-x, form-y, ...) and the capstone pages
    of added articles (capstone-nyt, ...; ``python -m medialit article capstone``)."""
    root = repo_root()
    pages = [*(root / "book").glob("lesson*.md"), *(root / "book").glob("form-*.md"),
             *(root / "book").glob(f"{CAPSTONE_PREFIX}*.md")]
    return sorted(p.stem for p in pages
                  if not p.stem.endswith(("-teacher", "-remember"))
                  and (root / "solutions" / "exercises" / f"{chapter_set(p.stem)}.yaml").exists())


# --- reading and writing MyST notebooks ---------------------------------------------------

def read_chapter(path: Path) -> nbformat.NotebookNode:
    from myst_nb.core.read import is_myst_markdown_notebook, read_myst_markdown_notebook

    text = Path(path).read_text(encoding="utf-8")
    if not is_myst_markdown_notebook(text):
        raise KitError(f"{path} is not a MyST notebook (it needs the jupytext/kernelspec front matter).")
    return read_myst_markdown_notebook(text)


def to_myst(nb) -> str:
    """A notebook as MyST Markdown text (used once to convert the first lessons)."""
    out = ["---", yaml.safe_dump(FRONT_MATTER, sort_keys=False).rstrip(), "---", ""]
    previous = None
    for cell in nb["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "markdown":
            if previous == "markdown":
                out += ["+++", ""]
            out += [source.rstrip(), ""]
        elif cell["cell_type"] == "code":
            tags = cell.get("metadata", {}).get("tags", [])
            out.append("```{code-cell} ipython3")
            if tags:
                out.append(f":tags: [{', '.join(tags)}]")
                out.append("")
            out += [source.rstrip(), "```", ""]
        previous = cell["cell_type"]
    return "\n".join(out).rstrip() + "\n"


def _cell_id(cell, seen: set[str]) -> str:
    digest = hashlib.sha1((cell.cell_type + "\0" + cell.source).encode("utf-8")).hexdigest()[:10]
    ident, n = digest, 1
    while ident in seen:
        n += 1
        ident = f"{digest}-{n}"
    seen.add(ident)
    return ident


def _finish(cells: list, title_note: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    nb.cells = [nbformat.v4.new_markdown_cell(title_note)] + cells
    seen: set[str] = set()
    for cell in nb.cells:
        cell.id = _cell_id(cell, seen)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.validate(nb)
    return nb


def _copy(cell) -> nbformat.NotebookNode:
    meta = {k: v for k, v in cell.get("metadata", {}).items() if k == "tags"}
    if cell.cell_type == "code":
        new = nbformat.v4.new_code_cell(cell.source)
    else:
        new = nbformat.v4.new_markdown_cell(cell.source)
    new.metadata = meta
    return new


def _definitions(lesson: str) -> dict[str, dict]:
    from .exercises.model import read_definitions

    data = read_definitions(repo_root() / "solutions" / "exercises" / f"{chapter_set(lesson)}.yaml")
    return {d["id"]: d for d in data["exercises"]}


# --- the two notebooks -------------------------------------------------------------------------

def _generated_note(lesson: str, kind: str) -> str:
    return (f"*{kind} This notebook is generated from `book/{lesson}.md` and "
            f"`solutions/exercises/{chapter_set(lesson)}.yaml` by `python -m medialit notebooks`: edit those, "
            "not this file.*")


def student_notebook(lesson: str) -> nbformat.NotebookNode:
    chapter = read_chapter(repo_root() / "book" / f"{lesson}.md")
    defs = _definitions(lesson)
    cells = []
    for cell in chapter.cells:
        if "book-only" in cell.get("metadata", {}).get("tags", []):
            continue
        cells.append(_copy(cell))
        for ex_id in SHOW.findall(cell.source) if cell.cell_type == "code" else []:
            d = defs.get(ex_id, {})
            if d.get("scaffold"):
                cells.append(nbformat.v4.new_markdown_cell(
                    d.get("scaffold_note") or f"Write your code for {ex_id} in the cell below, then run it."))
                cells.append(nbformat.v4.new_code_cell(d["scaffold"].rstrip()))
    return _finish(cells, _generated_note(lesson, "Your notebook for this lesson: your checked answers are "
                                                  "saved beside it, in my-answers.json."))


def solution_notebook(lesson: str) -> nbformat.NotebookNode:
    chapter = read_chapter(repo_root() / "book" / f"{lesson}.md")
    defs = _definitions(lesson)
    cells = [nbformat.v4.new_code_cell("from medialit.instructor.solve import solve")]
    for cell in chapter.cells:
        if "book-only" in cell.get("metadata", {}).get("tags", []):
            continue
        cells.append(_copy(cell))
        for ex_id in SHOW.findall(cell.source) if cell.cell_type == "code" else []:
            d = defs.get(ex_id)
            if d is None:
                continue
            if d.get("solution"):
                cells.append(nbformat.v4.new_code_cell(d["solution"].rstrip()))
            else:
                cells.append(nbformat.v4.new_code_cell(f'solve("{ex_id}")'))
    return _finish(cells, _generated_note(lesson, "Instructors' copy: every exercise is solved right after it "
                                                  "is shown, with the key from the definitions."))


def _text(nb) -> str:
    return json.dumps(nb, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def outputs() -> dict[Path, str]:
    """Every generated notebook's path and the text it should hold."""
    root = repo_root()
    out = {}
    for lesson in lessons():
        out[root / "exercises" / f"{lesson}.ipynb"] = _text(student_notebook(lesson))
        out[root / "solutions" / f"{lesson}.ipynb"] = _text(solution_notebook(lesson))
    return out


def write_notebooks() -> list[Path]:
    written = []
    for path, text in outputs().items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale_notebooks() -> list[Path]:
    return [p for p, text in outputs().items() if not p.exists() or p.read_text(encoding="utf-8") != text]
