"""The kit's own prose, measured: the text of a book page without code, quotations or tables.

``prose_of(path)`` strips from a MyST Markdown page (or a notebook's Markdown cells) what is
not the kit's own running text: front matter, code and directive blocks, tables, block
quotes, quotations in quotation marks, footnote definitions, roles, links' addresses and
Markdown markup. ``page_scores()`` gives textstat's figures for every page in the table of
contents.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from .paths import repo_root

_FENCE = re.compile(r"^(```|~~~|:::).*?^\1\s*$", re.M | re.S)
# A quotation may run over a line break, never over a paragraph break.
_QUOTED = re.compile(r"[“\"](?:(?!\n[ \t]*\n)[^”\"]){0,400}[”\"]")
_ADDRESS = re.compile(r"<https?://[^>\s]*>|https?://\S+")
_ROLE = re.compile(r"\{[\w:-]+\}`([^`<]*)(?:<[^>]*>)?`")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_FOOTREF = re.compile(r"\[\^[^\]]+\]")


def _markdown_of(path: Path) -> str:
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8"))
        return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    text = path.read_text(encoding="utf-8")
    from myst_nb.core.read import is_myst_markdown_notebook, read_myst_markdown_notebook

    if is_myst_markdown_notebook(text):  # a lesson written as a MyST notebook: its Markdown cells
        nb = read_myst_markdown_notebook(text)
        return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return text


def prose_of(path: Path) -> str:
    text = _markdown_of(path)
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    # Directive blocks hold admonitions (prose) or data; keep admonition bodies only.
    text = _FENCE.sub(lambda m: _admonition_body(m.group(0)), text)
    lines = []
    for line in text.splitlines():
        s = line.strip()
        if s.startswith(("|", ">", "[^", "<", "    <")) or re.fullmatch(r"[-=*_ ]{3,}", s):
            continue
        lines.append(line)
    text = "\n".join(lines)
    text = _ROLE.sub(lambda m: m.group(1), text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _FOOTREF.sub("", text)
    text = re.sub(r"`[^`]*`", "", text)  # code first: a quotation mark in code opens no quotation
    text = _QUOTED.sub("", text)
    text = _ADDRESS.sub("", text)  # an address is not prose
    text = re.sub(r"^#+\s*", "", text, flags=re.M)
    text = re.sub(r"^\s*(?:[-*]|\d+\.)\s+", "", text, flags=re.M)
    text = re.sub(r"[*_]{1,2}", "", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _admonition_body(block: str) -> str:
    first = block.splitlines()[0]
    if re.search(r"\{(admonition|note|warning|tip|important|hint)\}", first):
        body = block.splitlines()[1:-1]
        return "\n".join(ln for ln in body if not ln.startswith(":"))
    return ""


def toc_pages(root: Path | None = None) -> list[Path]:
    """Every source file the table of contents names, in order (a book with parts, or with
    chapters at the top level)."""
    root = root or repo_root()
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    def walk(entries):
        for c in entries or []:
            if "file" in c:
                yield c["file"]
            yield from walk(c.get("sections"))

    files = [toc["root"]] + [f for p in toc.get("parts", []) for f in walk(p.get("chapters"))]
    files += list(walk(toc.get("chapters")))
    out = []
    for f in files:
        for ext in (".md", ".ipynb"):
            if (root / (f + ext)).exists():
                out.append(root / (f + ext))
    return out


def page_scores() -> list[dict]:
    from .readability import scores  # textstat: imported only when figures are asked for

    rows = []
    root = repo_root()
    for page in toc_pages(root):
        prose = prose_of(page)
        rows.append({"page": str(page.relative_to(root)), **scores(prose)})
    return rows


# --- a lesson's core path and its teacher's plan ------------------------------------------------

CORE_END = re.compile(r"^##\s+(Going further|Homework)\b", re.M)
_SHOW = re.compile(r"""show\(\s*["']([A-Z0-9-]+)["']""")


def _plain_words(text: str) -> int:
    text = _QUOTED.sub("", text)
    text = re.sub(r"`[^`]*`", "", text)
    return len(re.findall(r"[\w’'-]+", text))


def lesson_core(path: Path) -> dict:
    """What a student reads in a lesson's core path, the part before "## Going further".

    Returns ``words`` (the chapter's own prose there, measured as ``prose_of`` measures it, plus
    the prompts of the exercises shown there, quotations excluded), ``prose_words``,
    ``prompt_words``, ``exercises`` (ids shown in the core path, in order), ``later`` (ids shown
    after it) and ``has_marker`` (whether the chapter marks where the core path ends).
    """
    from .exercises import model

    text = Path(path).read_text(encoding="utf-8")
    m = CORE_END.search(text)
    core, rest = (text[: m.start()], text[m.start():]) if m else (text, "")
    tmp_core = prose_of_text(core, path.suffix)
    core_ids = _SHOW.findall(core)
    later = _SHOW.findall(rest)
    prompt_words = 0
    for ex_id in core_ids:
        prompt_words += _plain_words(str(model.get(ex_id).public.get("prompt", "")))
    prose_words = _plain_words(tmp_core)
    return {"words": prose_words + prompt_words, "prose_words": prose_words, "prompt_words": prompt_words,
            "exercises": core_ids, "later": later, "has_marker": bool(m)}


def prose_of_text(text: str, suffix: str = ".md") -> str:
    """``prose_of`` for a piece of a MyST page held in memory."""
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / f"piece{suffix}"
        p.write_text(text, encoding="utf-8")
        return prose_of(p)


_PLAN_ROW = re.compile(r"^\|\s*(\d+)\s*[-–]\s*(\d+)\s*\|", re.M)


def teacher_plan(path: Path) -> list[tuple[int, int]]:
    """The minute ranges of a teacher-notes page's plan table (rows starting ``| 0-5 |``)."""
    return [(int(a), int(b)) for a, b in _PLAN_ROW.findall(Path(path).read_text(encoding="utf-8"))]


def plan_minutes(path: Path) -> tuple[int, str]:
    """(total minutes, problem) of a plan: the rows must follow on from 0 without gaps or overlaps."""
    rows = teacher_plan(path)
    if not rows:
        return 0, "no plan table (rows such as '| 0-5 | ... |')"
    at = 0
    for a, b in rows:
        if a != at:
            return rows[-1][1], f"row {a}-{b} does not start where the previous one ended ({at})"
        if b <= a:
            return rows[-1][1], f"row {a}-{b} ends before it starts"
        at = b
    return at, ""
