"""The capstone: a page on which students check an added article on their own.

``python -m medialit article capstone ID`` writes ``book/capstone-<id>.md`` from the article's
exercise set (``solutions/exercises/<id>.yaml``, written by ``article exercises ID`` and edited
by the teacher): the article in full, then the four skills in turn, then the written
fact-check that the teacher scores on a 0-4 rubric. It compiles the set into the bank, writes
the student's and the instructor's notebooks (``exercises/capstone-<id>.ipynb``,
``solutions/capstone-<id>.ipynb``, generated like the lessons' by ``medialit.notebooks``), and
lists the page in ``_toc.yml`` after the lessons (``--no-toc`` leaves the table of contents
alone). ``article remove ID`` takes all of it out again.

The page is generated, like the notebooks: edit the set, then write the page again with
``--force``. Nothing the teacher typed in the set is written into the page's code: the page
shows exercises by id (``show("NYT-E04")``), and the article's title reaches the page only
through the ``{article-meta}`` directive, which escapes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import KitError
from .exercises import _HTML
from .paths import repo_root

TOC_ANCHOR = "book/lesson4-remember"  # the capstone pages go after the last lesson
FRONT = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3 (ipykernel)
  language: python
  name: python3
---
"""

# The page's sections: (key, heading, what the student does there).
SECTIONS = (
    ("who", "Who is behind it?",
     "Start with the outlet and the writer, as in lesson 4. A side is not a verdict: it tells "
     "you how much checking to do."),
    ("sources", "Who does it credit?",
     "Look at who the text says its facts come from, as in lesson 1. A named person or a document "
     "gives you something to check. A vague source gives you nothing."),
    ("framing", "Words that do the arguing",
     "Mark the words that work on your feelings, as in lesson 2. Leave the plain ones alone: many "
     "sentences have nothing loaded in them."),
    ("claims", "Claims to check",
     "Sort the claims, then check them against the source cards, as in lesson 3. Some claims hold. "
     "Say so when they do."),
    ("more", "More questions",
     "Your teacher added these."),
    ("factcheck", "Your fact-check",
     "Now write your own short fact-check, in four parts. The exercises above gave you feedback. "
     "These answers get none from the kit: they are saved for your teacher."),
)


def section_of(d: dict) -> str:
    """Which section of the page shows an exercise, from its type and what it asks about."""
    kind = d.get("type")
    if kind == "open":
        return "factcheck"
    if kind in ("single", "multiple") and re.search(r"\b(published|name is on|byline|outlet|behind)\b",
                                                   str(d.get("title", "")) + " " + str(d.get("prompt", "")), re.I):
        return "who"
    if kind == "categorise" and d.get("items_from") == "attributions":
        return "sources"
    if kind in ("highlight", "rewrite"):
        return "framing"
    if kind in ("lateral", "verdict_confidence", "evidence") or (
            kind == "categorise" and d.get("items_from") == "claims"):
        return "claims"
    return "more"


RUBRIC_INTRO = ("Your teacher scores each part from 0 to 4, on the levels in the tables below. Read "
                "them before you write. For the parts about sources and claims, the top levels need "
                "sources (addresses, or the numbers of source cards) and conclusions that follow "
                "from them.")


def page_text(key: str) -> str:
    """The capstone page's MyST source for article ``key``, from its exercise set."""
    from .corpus.texts import load_article
    from .exercises.model import read_definitions

    art = load_article(key)
    path = repo_root() / "solutions" / "exercises" / f"{art.key.lower()}.yaml"
    data = read_definitions(path)
    groups: dict[str, list[str]] = {k: [] for k, _, _ in SECTIONS}
    rubrics = {}
    for d in data["exercises"]:
        groups[section_of(d)].append(d["id"])
        rubrics[d["id"]] = repr(d.get("rubric"))
    out = [FRONT, f"# Capstone: check article {art.key} on your own", "",
           "**Level:** upper secondary to first-year university · **Time:** 50 minutes, or a class and "
           "homework · **Before you start:** lessons 1 to 4. No coding is needed.", "",
           "**You will:**",
           "- find out who is behind a text the class has not discussed;",
           "- judge its sources, its words and its claims on your own;",
           "- write a short fact-check, with sources, that says what holds as well as what does not.", "",
           "+++", "",
           "```{code-cell} ipython3", ":tags: [remove-input]", "",
           "from medialit.capstone import show_article", "from medialit.exercises import rubric, show, toolbar",
           "", "toolbar()", "```", "",
           "## The article", "",
           "Read it once, all the way through, before you start. Each paragraph has a number, such as "
           f"{art.key}-P01. Use the numbers in your answers.", "",
           "```{code-cell} ipython3", ":tags: [remove-input]", "", f'show_article("{art.key}")', "```", ""]
    number = 0
    for name, heading, intro in SECTIONS:
        ids = groups[name]
        if not ids:
            continue
        number += 1
        out += [f"## {number}. {heading}", "", intro, ""]
        if name == "factcheck":
            out += [RUBRIC_INTRO, ""]
        shown_rubrics = set()
        for ident in ids:
            if name == "factcheck" and rubrics[ident] not in shown_rubrics:
                # Each rubric once, before the first part scored on it, naming every part it scores.
                shown_rubrics.add(rubrics[ident])
                sharing = ", ".join(f'"{i}"' for i in ids if rubrics[i] == rubrics[ident])
                out += ["```{code-cell} ipython3", ":tags: [remove-input]", "", f"rubric({sharing})", "```", ""]
            out += ["```{code-cell} ipython3", ":tags: [remove-input]", "", f'show("{ident}")', "```", ""]
    out += ["## When you are done", "",
            "Press **Download my answers** in the toolbar at the top of the page and hand in the file, as "
            "your teacher says. Your answers stay in this browser (or beside your notebook) until then.", ""]
    return "\n".join(out)


META_ROWS = (("Title", "title"), ("Byline", "byline"), ("Outlet", "outlet"), ("Date", "date"),
             ("Address", "url"), ("Genre", "genre"))


def show_article(key: str) -> _HTML:
    """An added article as students read it on its capstone page, in the book and in the
    notebook alike: what its record says (title, byline, outlet, date, address, genre), then its
    paragraphs with their ids. Every value is shown as text; an address is a link unless the kit
    warns about its site."""
    import html

    from .corpus.texts import inert, load_article
    from .sphinxext import address_html, article_html

    art = load_article(key)
    rows = []
    for label, field in META_ROWS:
        value = art.meta.get(field)
        if value in (None, ""):
            continue
        shown = address_html(str(value)) if field == "url" else html.escape(inert(str(value)))
        rows.append(f"<dt>{label}</dt><dd>{shown}</dd>")
    markup = (f'<div class="ml-capstone-article"><dl class="ml-meta">{"".join(rows)}</dl>\n'
              f"{article_html(art.key)}</div>")
    text = "\n\n".join([art.title, *(f"{p.id}  {p.text}" for p in art.paragraphs)])
    return _HTML(markup, text)


def page_path(key: str) -> Path:
    return repo_root() / "book" / f"capstone-{key.lower()}.md"


def toc_entry(key: str) -> str:
    return f"book/capstone-{key.lower()}"


def toc_with(text: str, key: str) -> str:
    """``_toc.yml``'s text with the capstone page listed after the last lesson (unchanged if listed)."""
    entry = toc_entry(key)
    if re.search(rf"^\s*-\s*file:\s*{re.escape(entry)}\s*$", text, re.M):
        return text
    m = re.search(rf"^(\s*)-\s*file:\s*{re.escape(TOC_ANCHOR)}\s*\n", text, re.M)
    if m is None:
        raise KitError(f"_toc.yml: no line `- file: {TOC_ANCHOR}` to put the capstone after. Add "
                       f"`- file: {entry}` to _toc.yml yourself, or write the page with --no-toc.")
    # The anchor is a section of lesson 4; the capstone is a chapter, at lesson 4's indentation.
    chapter = re.search(r"^(\s*)-\s*file:\s*book/lesson4\s*$", text, re.M)
    indent = chapter.group(1) if chapter else m.group(1)
    return text[:m.end()] + f"{indent}- file: {entry}\n" + text[m.end():]


def toc_without(text: str, key: str) -> str:
    return re.sub(rf"^\s*-\s*file:\s*{re.escape(toc_entry(key))}\s*\n", "", text, flags=re.M)


@dataclass
class Written:
    page: Path
    notebooks: list[Path]
    toc: bool
    exercises: int


def write_capstone(key: str, force: bool = False, toc: bool = True) -> Written:
    """Write the capstone page of an added article, compile its set, write its notebooks and list
    it in the table of contents; undo every write if a step fails."""
    from .article import Changes, _added_article, _rel
    from .exercises.model import DefinitionError, write_bank
    from .notebooks import solution_notebook, student_notebook, _text

    art = _added_article(key, "capstone")
    root = repo_root()
    definitions = root / "solutions" / "exercises" / f"{art.key.lower()}.yaml"
    if not definitions.exists():
        raise KitError(f"Article {art.key} has no exercise set yet: run `python -m medialit article exercises "
                       f"{art.key}` first, edit solutions/exercises/{definitions.name}, then write the capstone.")
    page = page_path(art.key)
    if page.exists() and not force:
        raise KitError(f"{_rel(page)} already exists: write it again with `python -m medialit article capstone "
                       f"{art.key} --force` (after you edit the exercise set, for instance).")
    try:
        write_bank([definitions.stem])
    except DefinitionError as exc:
        raise KitError(f"solutions/exercises/{definitions.name} has problems (nothing was written):\n"
                       + "\n".join(exc.problems)) from None
    toc_path = root / "_toc.yml"
    changes = Changes([root / "book", root / "exercises", root / "solutions", toc_path])
    stem = page.stem
    try:
        changes.write(page, page_text(art.key).encode("utf-8"))
        notebooks = [root / "exercises" / f"{stem}.ipynb", root / "solutions" / f"{stem}.ipynb"]
        changes.write(notebooks[0], _text(student_notebook(stem)).encode("utf-8"))
        changes.write(notebooks[1], _text(solution_notebook(stem)).encode("utf-8"))
        listed = False
        if toc:
            before = toc_path.read_text(encoding="utf-8")
            after = toc_with(before, art.key)
            if after != before:
                changes.write(toc_path, after.encode("utf-8"))
            listed = True
    except BaseException:
        changes.undo()
        raise
    from .exercises.model import exercise_set

    return Written(page, notebooks, listed, len(exercise_set(definitions.stem)))


def capstone_files(key: str) -> list[Path]:
    """The capstone's own files that exist (for ``article remove``)."""
    root = repo_root()
    stem = f"capstone-{key.lower()}"
    return [p for p in (root / "book" / f"{stem}.md", root / "exercises" / f"{stem}.ipynb",
                        root / "solutions" / f"{stem}.ipynb") if p.exists()]
