"""Annotate an added article: technique spans, claims, source cards and attributions.

What the annotation notebook (``solutions/annotate.ipynb``, the widget ``annotator("NYT")``)
calls, usable without it. Every function writes the corpus's own files, in their own formats
(``seeds/FORMATS.md``), exactly as an instructor would by hand:

- technique spans: rows of ``seeds/spans.tsv`` (``NYT-S001`` ...);
- attributions: rows of ``seeds/attributions.tsv`` (``NYT-T001`` ...);
- claims: items of ``seeds/claims_NYT.yaml`` (``NYT-C001`` ...);
- source cards: items of ``seeds/cards_NYT.yaml`` (``SC-400`` upwards, ids no other card uses).

Words are chosen in one of three ways, always inside one paragraph: the exact ``words`` (and
which ``occurrence`` of them, 1 for the first), ``word_indices`` (the paragraph's words as the
highlight exercise numbers them, from 0; one run without gaps), or ``begin`` and ``end``
(offsets into the article's text, as in the files).

Each save first checks what it was given and refuses with a ``KitError`` that says what to do,
writing nothing. It refuses the case studies: only articles added with ``python -m medialit
article add`` (role ``added``) can be edited here. Then it writes the file atomically (a reader
sees the old file or the new one), forgets the loaders' caches, runs the validator and returns
a ``Saved``: the id, the file, and the validator's messages about this article (``seeds/FILE:LINE:
problem``), the confidence rules of ``medialit.corpus.confidence`` included. What a teacher types
is stored as text: nothing is run, and the widget escapes it before showing it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .article import Changes, _added_article, _appended, dump_yaml
from .corpus.confidence import RELAYS, ROLES
from .corpus.files import escape_cell
from .corpus.texts import Article, Paragraph, article_roles, clear_caches, inert, load_article
from .corpus.vocabulary import (ATTR_COLUMNS, CARD_KINDS, CHECKABLE, CLAIM_TYPES, CONFIDENCE,
                                EXCERPT_MAX_WORDS, PARTISAN, SOURCE_TYPES, SPAN_COLUMNS, TAGS,
                                TECHNIQUES_18, TRACEABLE, UNVERIFIED_KINDS, USES, VERDICTS,
                                display_name)
from .errors import KitError
from .paths import repo_root, seeds_dir

DOING = "the annotation notebook"
MAX_TEXT = 2000       # characters in a rationale, a summary, a note
MAX_LINE = 300        # characters in a one-line field (a source, a title)
CARD_FIRST, CARD_LAST = 400, 999   # the case studies use SC-1xx to SC-3xx
_WORDCHAR = re.compile(r"\w")


# --- what a save returns ---------------------------------------------------------------------------

@dataclass
class Saved:
    """The outcome of one save: what was written, and what the validator says about the article."""

    action: str                 # "added", "replaced" or "removed"
    id: str                     # the span, claim, card or attribution
    file: str                   # seeds/...
    problems: list[str] = field(default_factory=list)   # the validator's messages about this article
    elsewhere: int = 0          # problems the validator found in other articles' files
    notes: list[str] = field(default_factory=list)      # other things worth knowing (an exercise set to update)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        """The outcome in plain sentences (what the widget shows, escaped)."""
        out = [f"{self.id}: {self.action} in {self.file}."]
        if self.problems:
            out.append(f"The validator found {len(self.problems)} problem(s) in this article's annotations:")
            out += self.problems
        else:
            out.append("The validator found no problem in this article's annotations.")
        if self.elsewhere:
            out.append(f"It also found {self.elsewhere} problem(s) in other files of seeds/ "
                       "(python -m medialit validate lists them).")
        return out + self.notes


@dataclass(frozen=True)
class Selection:
    """Words of one paragraph: ``begin`` and ``end`` are offsets into the article's text."""

    paragraph: Paragraph
    begin: int
    end: int

    @property
    def text(self) -> str:
        p = self.paragraph
        return p.text[self.begin - p.start:self.end - p.start]


# --- the article and its words -------------------------------------------------------------------

def added_articles() -> list[str]:
    """The ids of the articles that can be annotated here (role ``added``), in the order listed."""
    return [k for k, role in article_roles().items() if role == "added"]


def editable_article(key) -> Article:
    """An added article, or a ``KitError``: no such article, or a case study (never edited here)."""
    key = str(key or "").strip()
    roles = article_roles()
    if key.upper() in roles and key not in roles:
        key = key.upper()
    if key in roles and roles[key] != "added":
        what = "one of the kit's case studies" if roles[key] == "case study" else f"a text of role {roles[key]!r}"
        raise KitError(f"{key} is {what}, not an added article: {DOING} only works on articles added with "
                       "`python -m medialit article add` (role: added in seeds/articles.yaml).")
    return _added_article(key, DOING)


def paragraph_of(art: Article, paragraph_id) -> Paragraph:
    pid = str(paragraph_id or "").strip()
    if not pid.startswith(f"{art.key}-P"):
        raise KitError(f"{pid or 'No paragraph'}: choose a paragraph of article {art.key} "
                       f"({art.paragraphs[0].id} to {art.paragraphs[-1].id}).")
    return art.paragraph(pid)


def paragraph_choices(key) -> list[tuple[str, str]]:
    """(label, paragraph id) for each paragraph: its id and first words, shown inertly."""
    art = editable_article(key)
    out = []
    for p in art.paragraphs:
        words = " ".join(inert(p.text).split())
        words = words if len(words) <= 60 else words[:59].rstrip() + "…"
        out.append((f"{p.id}: {words}", p.id))
    return out


def passage(key, paragraph_id) -> dict:
    """A paragraph as the highlight exercise shows it: its text and its words' offsets
    (relative to the paragraph), for the word selector."""
    from .exercises.types.passages import word_tokens

    p = paragraph_of(editable_article(key), paragraph_id)
    return {"article": p.article, "paragraph_id": p.id, "offset": p.start, "text": p.text,
            "tokens": word_tokens(p.text)}


def select(key, paragraph_id, *, words=None, occurrence=1, word_indices=None, begin=None, end=None) -> Selection:
    """The words chosen in a paragraph (see the module's docstring), or a ``KitError``."""
    art = editable_article(key)
    p = paragraph_of(art, paragraph_id)
    given = [name for name, value in (("words", words), ("word_indices", word_indices),
                                      ("begin/end", begin if begin is not None else end)) if value is not None]
    if len(given) != 1:
        raise KitError("Select the words first: mark them in the paragraph (or give the exact words). "
                       + (f"Got {' and '.join(given)}: give only one." if given else ""))
    if words is not None:
        b, e = _find_words(p, words, occurrence)
    elif word_indices is not None:
        b, e = _word_run(p, word_indices)
    else:
        b, e = _offsets(art, p, begin, end)
    text = art.text
    if b > 0 and _WORDCHAR.match(text[b - 1]) and _WORDCHAR.match(text[b]):
        raise KitError(f"The selection starts inside a word ({_around(text, b)}): select whole words.")
    if e < len(text) and _WORDCHAR.match(text[e - 1]) and _WORDCHAR.match(text[e]):
        raise KitError(f"The selection ends inside a word ({_around(text, e)}): select whole words.")
    return Selection(p, b, e)


def _around(text: str, i: int) -> str:
    return repr(inert(text[max(0, i - 12):i] + "|" + text[i:i + 12]))


def _find_words(p: Paragraph, words, occurrence) -> tuple[int, int]:
    if not isinstance(words, str) or not words.strip():
        raise KitError("The words are empty: give the words exactly as the paragraph has them.")
    words = words.strip()
    try:
        occurrence = int(occurrence)
    except (TypeError, ValueError):
        raise KitError(f"occurrence {occurrence!r} is not a number: 1 for the first time the words appear, "
                       "2 for the second, and so on.") from None
    found, i = [], p.text.find(words)
    while i >= 0:
        found.append(i)
        i = p.text.find(words, i + 1)
    if not found:
        raise KitError(f"{p.id} does not contain the words {inert(words)!r}. Copy them exactly as the paragraph "
                       "has them (the same capitals, punctuation and quotation marks).")
    if not 1 <= occurrence <= len(found):
        raise KitError(f"The words {inert(words)!r} appear {len(found)} time(s) in {p.id}: occurrence must be "
                       f"from 1 to {len(found)}.")
    b = p.start + found[occurrence - 1]
    return b, b + len(words)


def _word_run(p: Paragraph, indices) -> tuple[int, int]:
    from .exercises.types.passages import word_tokens

    tokens = word_tokens(p.text)
    try:
        chosen = sorted({int(i) for i in indices})
        if any(isinstance(i, bool) or float(i) != int(i) for i in indices):
            raise ValueError
    except (TypeError, ValueError):
        raise KitError("word_indices must be whole numbers (the words' places in the paragraph, from 0).") from None
    if not chosen:
        raise KitError("No words are selected: mark the words in the paragraph first.")
    if chosen[0] < 0 or chosen[-1] >= len(tokens):
        raise KitError(f"{p.id} has {len(tokens)} words: word numbers run from 0 to {len(tokens) - 1}.")
    gaps = [i for i in range(chosen[0], chosen[-1] + 1) if i not in chosen]
    if gaps:
        b, e = tokens[gaps[0]]
        raise KitError(f"The selected words have a gap (the word {inert(p.text[b:e])!r} between them is not "
                       "selected): one annotation covers one run of words. Select the words without gaps, or save "
                       "each run on its own.")
    return p.start + tokens[chosen[0]][0], p.start + tokens[chosen[-1]][1]


def _offsets(art: Article, p: Paragraph, begin, end) -> tuple[int, int]:
    try:
        b, e = int(begin), int(end)
        if isinstance(begin, bool) or isinstance(end, bool) or b != begin or e != end:
            raise ValueError
    except (TypeError, ValueError):
        raise KitError("begin and end must both be given, as whole numbers (offsets into the article's text).") from None
    if not (p.start <= b < e <= p.end):
        raise KitError(f"Offsets {b}-{e} are not inside {p.id} ({p.start}-{p.end}): an annotation never crosses "
                       "paragraphs.")
    if not art.text[b:e].strip():
        raise KitError(f"Offsets {b}-{e} hold only blank space: select words.")
    if art.text[b:e] != art.text[b:e].strip():
        raise KitError(f"Offsets {b}-{e} start or end with blank space: start and end on a word.")
    return b, e


# --- checking what was typed -----------------------------------------------------------------------

def _choice(value, allowed, what: str, optional: bool = False) -> str:
    value = "" if value is None else str(value).strip()
    if optional and not value:
        return ""
    if value not in allowed:
        shown = ", ".join(allowed) if len(allowed) <= 8 else f"{len(allowed)} names such as {', '.join(allowed[:3])}"
        raise KitError(f"{what} {value!r} is not one of the kit's values ({shown})."
                       if value else f"Choose the {what} (one of {shown}).")
    return value


def _text(value, what: str, hint: str, limit: int = MAX_TEXT, required: bool = True) -> str | None:
    """Free text on one line: runs of blank space (line breaks, tabs) become one space."""
    value = " ".join(str(value or "").split())
    if not value:
        if required:
            raise KitError(f"The {what} is empty: {hint}")
        return None
    if len(value) > limit:
        raise KitError(f"The {what} is {len(value)} characters long; at most {limit}. {hint}")
    bad = next((c for c in value if ord(c) < 32 or ord(c) == 127), None)
    if bad is not None:
        raise KitError(f"The {what} holds a control character (U+{ord(bad):04X}): type it again as plain text.")
    return value


def _date(value, what: str, required: bool = False) -> str | None:
    value = "" if value is None else str(value).strip()
    if not value:
        if required:
            raise KitError(f"The {what} is empty: write it as YYYY-MM-DD.")
        return None
    for pattern, fmt in ((r"\d{4}-\d{2}-\d{2}", "%Y-%m-%d"), (r"\d{4}-\d{2}", "%Y-%m"), (r"\d{4}", "%Y")):
        if re.fullmatch(pattern, value):
            try:
                datetime.datetime.strptime(value, fmt)
                return value
            except ValueError:
                break
    raise KitError(f"The {what} {value!r} is not a date: write it as YYYY-MM-DD (or YYYY-MM, or YYYY).")


def _yes_no(value, what: str) -> str:
    if value is True or str(value).strip().lower() in ("yes", "true"):
        return "yes"
    if value is False or str(value).strip().lower() in ("no", "false"):
        return "no"
    raise KitError(f"{what} must be yes or no, found {value!r}.")


# --- the caches, the validator -------------------------------------------------------------------------

def clear_corpus_caches() -> None:
    """Forget every loaded text, file and index, so that the next read sees the files as written."""
    from . import search
    from .corpus import loaders

    clear_caches()
    loaders._yaml_records.cache_clear()
    loaders._card_titles.cache_clear()
    search.default_index.cache_clear()


_PROBLEM = re.compile(r"^seeds/(.+?):(\d+|\?): ")


def problems_for(key) -> tuple[list[str], int]:
    """The validator's messages about this article's annotations, and how many others it found."""
    from .corpus.validate import validate

    key = str(key)
    try:
        problems = validate()
    except KitError as exc:
        return [str(exc)], 0
    art = load_article(key)
    own_files = {f"claims_{key}.yaml", f"cards_{key}.yaml", Path(art.file).stem + ".yml"}
    own_rows = {name: {n for n, _ in _rows(seeds_dir() / name, key)} for name in ("spans.tsv", "attributions.tsv")}
    mine = []
    for line in problems:
        m = _PROBLEM.match(line)
        if not m:
            continue
        name, n = m.group(1), m.group(2)
        if name in own_files or (name in own_rows and n.isdigit() and int(n) in own_rows[name]):
            mine.append(line)
    return mine, len(problems) - len(mine)


def validate_article(key) -> list[str]:
    """The validator's messages about an added article's annotations (empty when all is well)."""
    editable_article(key)
    return problems_for(key)[0]


def _saved(key: str, action: str, ident: str, file: str, notes: list[str] | None = None) -> Saved:
    clear_corpus_caches()
    problems, elsewhere = problems_for(key)
    return Saved(action, ident, file, problems, elsewhere, notes or [])


def _exercise_notes(key: str, ident: str) -> list[str]:
    """Where the article's exercise definitions refer to ``ident`` (an annotation removed or changed)."""
    path = repo_root() / "solutions" / "exercises" / f"{key.lower()}.yaml"
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    if not re.search(rf"\b{re.escape(ident)}\b", text):
        return []
    return [f"solutions/exercises/{path.name} refers to {ident}: edit it, or write the set again "
            f"(python -m medialit article exercises {key} --force), then compile it."]


# --- TSV files: spans.tsv, attributions.tsv -----------------------------------------------------------

def _rows(path: Path, key: str):
    """(file line, cells) of each row whose article column is ``key``."""
    if not path.exists():
        return
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        cells = line.rstrip("\r").split("\t")
        if n > 1 and len(cells) > 1 and cells[1] == key:
            yield n, cells


def _next_id(ids, key: str, letter: str) -> str:
    numbers = [int(m.group(1)) for i in ids for m in [re.fullmatch(rf"{re.escape(key)}-{letter}(\d+)", str(i))] if m]
    return f"{key}-{letter}{max(numbers, default=0) + 1:03d}"


def _tsv_write(path: Path, columns: list[str], change: str, key: str, ident: str, row: dict | None) -> None:
    """Append ``row`` (change "add"), put it in place of row ``ident`` ("replace"), or take row
    ``ident`` out ("remove"), leaving every other line as it was."""
    line = None if row is None else "\t".join(str(row[c]) for c in columns)
    changes = Changes([seeds_dir()])
    try:
        if change == "add":
            if not path.exists():
                changes.write(path, ("\t".join(columns) + "\n" + line + "\n").encode("utf-8"))
            else:
                changes.write(path, _appended(path, line + "\n"))
        else:
            lines = path.read_text(encoding="utf-8").split("\n")
            at = [n for n, cells in _rows(path, key) if cells[0] == ident]
            if len(at) != 1:
                raise KitError(f"seeds/{path.name} has {len(at)} rows with the id {ident}: fix the file by hand.")
            if change == "remove":
                del lines[at[0] - 1]
            else:
                lines[at[0] - 1] = line
            changes.write(path, "\n".join(lines).encode("utf-8"))
    except BaseException:
        changes.undo()
        raise


def _tsv_records(name: str, columns: list[str], key: str, paragraph_id=None) -> list[dict]:
    out = []
    for n, cells in _rows(seeds_dir() / name, key):
        if len(cells) != len(columns):
            continue
        r = dict(zip(columns, cells), line=n)
        r["text"] = r["text"].replace("\\t", "\t").replace("\\r", "\r").replace("\\n", "\n")
        if paragraph_id is None or r["paragraph_id"] == paragraph_id:
            out.append(r)
    return out


def _find_row(name: str, columns: list[str], key: str, ident, what: str) -> dict:
    ident = str(ident or "").strip()
    rows = {r[columns[0]]: r for r in _tsv_records(name, columns, key)}
    if ident not in rows:
        known = ", ".join(rows) or "none yet"
        raise KitError(f"Article {key} has no {what} {ident!r} in seeds/{name} (it has: {known}).")
    return rows[ident]


# --- technique spans ------------------------------------------------------------------------------------

def spans_of(key, paragraph_id=None) -> list[dict]:
    """The article's technique spans (of one paragraph, if given), as rows of ``spans.tsv``
    (with their file ``line``), in file order."""
    art = editable_article(key)
    return _tsv_records("spans.tsv", SPAN_COLUMNS, art.key, paragraph_id)


def _span_row(art: Article, sel: Selection, technique, rationale, alt_technique, tags, ident: str) -> dict:
    technique = _choice(technique, TECHNIQUES_18, "technique")
    alt = _choice(alt_technique, TECHNIQUES_18, "alt_technique", optional=True)
    if alt == technique:
        raise KitError(f"The accepted alternative repeats the technique ({technique}): leave it empty, or "
                       "choose another technique.")
    if isinstance(tags, str):
        tags = [t for t in re.split(r"[;,\s]+", tags) if t]
    tags = list(dict.fromkeys(_choice(t, TAGS, "tag") for t in tags or ()))
    rationale = _text(rationale, "rationale", "say in one sentence, in plain words, why these words are an "
                                              "instance of the technique.")
    if rationale.startswith("TODO"):
        raise KitError("The rationale still starts with TODO: say in one sentence why these words are an "
                       "instance of the technique.")
    return {"span_id": ident, "article": art.key, "paragraph_id": sel.paragraph.id, "begin": sel.begin,
            "end": sel.end, "technique": technique, "alt_technique": alt, "tags": ";".join(tags),
            "text": escape_cell(sel.text), "rationale": rationale}


def add_span(key, paragraph_id, technique, rationale, *, alt_technique="", tags=(), words=None, occurrence=1,
             word_indices=None, begin=None, end=None) -> Saved:
    """Mark words of a paragraph as an instance of a technique: a new row of ``seeds/spans.tsv``."""
    art = editable_article(key)
    sel = select(art.key, paragraph_id, words=words, occurrence=occurrence, word_indices=word_indices,
                 begin=begin, end=end)
    existing = spans_of(art.key)
    row = _span_row(art, sel, technique, rationale, alt_technique, tags,
                    _next_id([r["span_id"] for r in existing], art.key, "S"))
    for r in existing:
        if (int(r["begin"]), int(r["end"]), r["technique"]) == (sel.begin, sel.end, row["technique"]):
            raise KitError(f"These words are already marked as {row['technique']}: span {r['span_id']}.")
    _tsv_write(seeds_dir() / "spans.tsv", SPAN_COLUMNS, "add", art.key, row["span_id"], row)
    return _saved(art.key, "added", row["span_id"], "seeds/spans.tsv")


def replace_span(key, span_id, *, paragraph_id=None, technique=None, rationale=None, alt_technique=None, tags=None,
                 words=None, occurrence=1, word_indices=None, begin=None, end=None) -> Saved:
    """Change a span, keeping its id: whatever is not given stays as it was (new words need
    their paragraph)."""
    art = editable_article(key)
    old = _find_row("spans.tsv", SPAN_COLUMNS, art.key, span_id, "span")
    if words is None and word_indices is None and begin is None and end is None:
        if paragraph_id not in (None, old["paragraph_id"]):
            raise KitError("A new paragraph needs new words: select them too.")
        begin, end = int(old["begin"]), int(old["end"])
    sel = select(art.key, paragraph_id or old["paragraph_id"], words=words, occurrence=occurrence,
                 word_indices=word_indices, begin=begin, end=end)
    row = _span_row(art, sel, old["technique"] if technique is None else technique,
                    old["rationale"] if rationale is None else rationale,
                    old["alt_technique"] if alt_technique is None else alt_technique,
                    old["tags"] if tags is None else tags, old["span_id"])
    _tsv_write(seeds_dir() / "spans.tsv", SPAN_COLUMNS, "replace", art.key, old["span_id"], row)
    return _saved(art.key, "replaced", old["span_id"], "seeds/spans.tsv", _exercise_notes(art.key, old["span_id"]))


def remove_span(key, span_id) -> Saved:
    art = editable_article(key)
    old = _find_row("spans.tsv", SPAN_COLUMNS, art.key, span_id, "span")
    _tsv_write(seeds_dir() / "spans.tsv", SPAN_COLUMNS, "remove", art.key, old["span_id"], None)
    return _saved(art.key, "removed", old["span_id"], "seeds/spans.tsv", _exercise_notes(art.key, old["span_id"]))


# --- attributions ---------------------------------------------------------------------------------------

def attributions_of(key, paragraph_id=None) -> list[dict]:
    art = editable_article(key)
    return _tsv_records("attributions.tsv", ATTR_COLUMNS, art.key, paragraph_id)


def add_attribution(key, paragraph_id, *, source, source_type, use, traceable, note, alt_source_type="",
                    words=None, occurrence=1, word_indices=None, begin=None, end=None) -> Saved:
    """Mark the words that credit information to someone: a new row of ``seeds/attributions.tsv``."""
    art = editable_article(key)
    sel = select(art.key, paragraph_id, words=words, occurrence=occurrence, word_indices=word_indices,
                 begin=begin, end=end)
    source_type = _choice(source_type, SOURCE_TYPES, "source_type")
    alt = _choice(alt_source_type, SOURCE_TYPES, "alt_source_type", optional=True)
    if alt == source_type:
        raise KitError("The second source type repeats the first: leave it empty, or choose another type.")
    existing = attributions_of(art.key)
    row = {"attr_id": _next_id([r["attr_id"] for r in existing], art.key, "T"), "article": art.key,
           "paragraph_id": sel.paragraph.id, "begin": sel.begin, "end": sel.end, "text": escape_cell(sel.text),
           "source": _text(source, "source", "name who or what the words credit (a person, an outlet, "
                                             "\"unnamed officials\").", MAX_LINE),
           "source_type": source_type, "alt_source_type": alt,
           "use": _choice(use, USES, "use"), "traceable": _choice(traceable, TRACEABLE, "traceable"),
           "note": _text(note, "note", "say in one sentence what a reader can or cannot trace.")}
    for r in existing:
        if (int(r["begin"]), int(r["end"])) == (sel.begin, sel.end):
            raise KitError(f"These words are already attribution {r['attr_id']}.")
    _tsv_write(seeds_dir() / "attributions.tsv", ATTR_COLUMNS, "add", art.key, row["attr_id"], row)
    return _saved(art.key, "added", row["attr_id"], "seeds/attributions.tsv")


def remove_attribution(key, attr_id) -> Saved:
    art = editable_article(key)
    old = _find_row("attributions.tsv", ATTR_COLUMNS, art.key, attr_id, "attribution")
    _tsv_write(seeds_dir() / "attributions.tsv", ATTR_COLUMNS, "remove", art.key, old["attr_id"], None)
    return _saved(art.key, "removed", old["attr_id"], "seeds/attributions.tsv",
                  _exercise_notes(art.key, old["attr_id"]))


# --- YAML lists: claims_<ID>.yaml, cards_<ID>.yaml ------------------------------------------------------

def _yaml_items(path: Path) -> list:
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise KitError(f"seeds/{path.name} is not valid YAML ({getattr(exc, 'problem', exc)}): fix it by hand "
                       "(python -m medialit validate says where), then save again.") from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise KitError(f"seeds/{path.name} is not a YAML list: fix it by hand, then save again.")
    return data


def _item_blocks(text: str) -> list[tuple[int, int]] | None:
    """(first line, end line) of each item of a block-style YAML list (0-based, end exclusive),
    without the blank lines and comments that follow it; None for any other layout."""
    node = yaml.compose(text)
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode) or node.flow_style:
        return None
    lines = text.split("\n")
    starts = [item.start_mark.line for item in node.value]
    if any(lines[s][:item.start_mark.column].strip() != "-" for s, item in zip(starts, node.value)):
        return None
    out = []
    for i, s in enumerate(starts):
        e = starts[i + 1] if i + 1 < len(starts) else len(lines)
        while e > s + 1 and (not lines[e - 1].strip() or lines[e - 1].lstrip().startswith("#")):
            e -= 1
        out.append((s, e))
    return out


def _yaml_write(path: Path, header: str, change: str, index: int | None, item: dict | None) -> None:
    """Add ``item`` at the end of the list, replace item ``index`` with it, or remove item
    ``index``; the rest of the file (comments, quoting) stays as it was. The result is read
    back; a file laid out otherwise is written whole."""
    old_items = _yaml_items(path)
    want = list(old_items)
    if change == "add":
        want.append(item)
    elif change == "replace":
        want[index] = item
    else:
        del want[index]
    text = path.read_text(encoding="utf-8") if path.exists() else header
    new = None
    blocks = _item_blocks(text) if text.strip() else []
    if blocks is not None:
        lines = text.split("\n")
        dumped = dump_yaml([item]).rstrip("\n").split("\n") if item is not None else []
        if change == "add":
            body = text.rstrip("\n")
            new = (body + "\n\n" if body else "") + "\n".join(dumped) + "\n"
        else:
            s, e = blocks[index]
            if change == "remove":
                # the blank line before the item goes too, so items stay one blank line apart
                if s > 0 and not lines[s - 1].strip():
                    s -= 1
                dumped = []
            new = "\n".join(lines[:s] + dumped + lines[e:])
            new = new if new.endswith("\n") else new + "\n"
        try:
            if (yaml.safe_load(new) or []) != want:
                new = None
        except yaml.YAMLError:
            new = None
    if new is None:  # a layout the splice can't follow: the whole list, as the kit writes it
        new = header + "\n" + (dump_yaml(want) if want else "[]\n")
    changes = Changes([seeds_dir()])
    try:
        changes.write(path, new.encode("utf-8"))
    except BaseException:
        changes.undo()
        raise


def _index_of(items: list, ident, what: str, file: str) -> int:
    ident = str(ident or "").strip()
    found = [i for i, it in enumerate(items) if isinstance(it, dict) and str(it.get("id")) == ident]
    if len(found) != 1:
        known = ", ".join(str(it.get("id")) for it in items if isinstance(it, dict)) or "none yet"
        raise KitError(f"seeds/{file} has no {what} {ident!r} (it has: {known})." if not found else
                       f"seeds/{file} has {len(found)} {what}s with the id {ident}: fix the file by hand.")
    return found[0]


def _header(kind: str, key: str) -> str:
    return (f"# {kind} of article {key}, written with the annotation notebook (solutions/annotate.ipynb)\n"
            "# or by hand. Format: seeds/FORMATS.md. Check with: python -m medialit validate\n")


# --- source cards ----------------------------------------------------------------------------------------

def all_cards() -> dict[str, tuple[str, dict]]:
    """Every source card of the corpus: id -> (its file, the card)."""
    out = {}
    for path in sorted(seeds_dir().glob("cards_*.yaml")):
        try:
            items = _yaml_items(path)
        except KitError:
            continue
        for c in items:
            if isinstance(c, dict) and c.get("id") is not None:
                out[str(c["id"])] = (path.name, c)
    return out


def cards_of(key) -> list[dict]:
    """The article's own source cards (``seeds/cards_<ID>.yaml``), in file order."""
    art = editable_article(key)
    return [c for c in _yaml_items(seeds_dir() / f"cards_{art.key}.yaml") if isinstance(c, dict)]


def _next_card_id() -> str:
    numbers = {int(m.group(1)) for cid in all_cards() for m in [re.fullmatch(r"SC-(\d{3})", cid)] if m}
    top = max((n for n in numbers if n >= CARD_FIRST), default=CARD_FIRST - 1) + 1
    if top <= CARD_LAST:
        return f"SC-{top}"
    free = [n for n in range(CARD_FIRST, CARD_LAST + 1) if n not in numbers]
    if not free:
        raise KitError("Every card id from SC-400 to SC-999 is used: remove cards that no claim cites.")
    return f"SC-{free[0]}"


def _url(value) -> str:
    value = str(value or "").strip()
    if not re.fullmatch(r"https?://[^\s/]+\S*", value, flags=re.I):
        raise KitError(f"The web address {value[:60]!r} must start with http:// or https:// and hold no spaces."
                       if value else "The web address is empty: give the source's address (http:// or https://).")
    return value


def add_card(key, *, title, publisher, url, kind, partisan, summary, excerpt, relays, read=None, author=None,
             date=None, copy_of=None, keywords=()) -> Saved:
    """A source card for lateral reading: a new item of ``seeds/cards_<ID>.yaml`` (id ``SC-400``
    upwards, one no other card uses). A claim then cites it as evidence."""
    art = editable_article(key)
    excerpt = _text(excerpt, "excerpt", f"quote at most {EXCERPT_MAX_WORDS} words of the source, word for word.")
    if len(excerpt.split()) > EXCERPT_MAX_WORDS:
        raise KitError(f"The excerpt has {len(excerpt.split())} words; at most {EXCERPT_MAX_WORDS}: quote less.")
    if isinstance(keywords, str):
        keywords = [k for k in re.split(r"[;,]", keywords)]
    keywords = [k for k in (_text(k, "keyword", "", MAX_LINE, required=False) for k in keywords or ()) if k]
    card = {"id": _next_card_id(),
            "title": _text(title, "title", "give the headline or the document's title.", MAX_LINE),
            "publisher": _text(publisher, "publisher", "name the outlet, agency or body.", MAX_LINE),
            "author": _text(author, "author", "", MAX_LINE, required=False),
            "date": _date(date, "date of the source"),
            "url": _url(url),
            "kind": _choice(kind, CARD_KINDS, "kind"),
            "partisan": _choice(partisan, PARTISAN, "partisan"),
            "summary": _text(summary, "summary", "say in your own words what the source says that bears on "
                                                 "the claims (two to four sentences)."),
            "excerpt": excerpt,
            "read": _text(read, "read", "", MAX_LINE, required=False) or f"read {datetime.date.today().isoformat()}",
            "relays": _choice(relays, RELAYS, "relays")}
    copy_of = _text(copy_of, "copy_of", "", MAX_LINE, required=False)
    if copy_of:
        card["copy_of"] = copy_of
    card["keywords"] = keywords
    for cid, (file, c) in all_cards().items():
        if str(c.get("url") or "").strip() == card["url"] and file == f"cards_{art.key}.yaml":
            raise KitError(f"This web address already has a card: {cid} ({c.get('title')}).")
    path = seeds_dir() / f"cards_{art.key}.yaml"
    _yaml_write(path, _header("Source cards", art.key), "add", None, card)
    return _saved(art.key, "added", card["id"], f"seeds/{path.name}")


def remove_card(key, card_id) -> Saved:
    """Take a card out of ``seeds/cards_<ID>.yaml``; refused while a claim or a profile cites it."""
    art = editable_article(key)
    path = seeds_dir() / f"cards_{art.key}.yaml"
    items = _yaml_items(path)
    index = _index_of(items, card_id, "card", path.name)
    cid = str(items[index]["id"])
    citing = []
    for other in sorted(seeds_dir().glob("claims_*.yaml")) + [seeds_dir() / "profiles.yaml"]:
        if other.exists() and re.search(rf"\b{re.escape(cid)}\b", other.read_text(encoding="utf-8")):
            citing.append(f"seeds/{other.name}")
    if citing:
        raise KitError(f"{cid} is cited in {', '.join(citing)}: take it out of the claims' evidence first, then "
                       "remove the card.")
    _yaml_write(path, _header("Source cards", art.key), "remove", index, None)
    return _saved(art.key, "removed", cid, f"seeds/{path.name}")


# --- claims ------------------------------------------------------------------------------------------------

def claims_of(key, paragraph_id=None) -> list[dict]:
    """The article's claims (``seeds/claims_<ID>.yaml``), in file order."""
    art = editable_article(key)
    items = [c for c in _yaml_items(seeds_dir() / f"claims_{art.key}.yaml") if isinstance(c, dict)]
    return [c for c in items if paragraph_id is None or c.get("paragraph_id") == paragraph_id]


def _evidence(entries) -> list[dict]:
    """A claim's evidence, each entry a card with its role for this claim (FORMATS.md)."""
    cards = all_cards()
    out, seen = [], set()
    for e in entries or ():
        if isinstance(e, (list, tuple)):
            e = dict(zip(("card", "role", "independent", "relays", "note"), e))
        if not isinstance(e, dict):
            raise KitError(f"Evidence {e!r}: give each card as {{'card': 'SC-400', 'role': 'decisive', "
                           "'independent': 'yes'}.")
        cid = str(e.get("card") or "").strip()
        if cid not in cards:
            raise KitError(f"Evidence {cid!r} is not a source card: add the card first (its id is then "
                           "shown), or choose one of the cards listed.")
        if cid in seen:
            raise KitError(f"Evidence {cid} is cited twice: cite each card once.")
        seen.add(cid)
        entry = {"card": cid, "role": _choice(e.get("role"), ROLES, f"role of {cid}"),
                 "independent": _yes_no(e.get("independent"), f"Independent (for {cid})")}
        relays = _choice(e.get("relays"), RELAYS, f"relays of {cid}", optional=True)
        if relays:
            entry["relays"] = relays
        note = _text(e.get("note"), "note", "", MAX_LINE, required=False)
        if note:
            entry["note"] = note
        out.append(entry)
    return out


def _languages(value) -> list[str] | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    codes = re.split(r"[\s,;]+", value.strip()) if isinstance(value, str) else [str(v).strip() for v in value]
    codes = [c.lower() for c in codes if c]
    bad = [c for c in codes if not re.fullmatch(r"[a-z]{2}", c)]
    if bad:
        raise KitError(f"Languages searched: {bad[0]!r} is not a two-letter language code (en, sq, it ...).")
    return list(dict.fromkeys(codes)) or None


def _claim_item(art: Article, sel: Selection, ident: str, *, claim, claim_type, attributed_to, checkable, verdict,
                confidence, summary, evidence, search_note, unverified_kind, languages_searched, checked) -> dict:
    verdict = _choice(verdict, VERDICTS, "verdict")
    kind = _choice(unverified_kind, UNVERIFIED_KINDS, "unverified_kind", optional=True) or None
    if kind and verdict != "unverified":
        raise KitError("The kind of 'unverified' goes only with the verdict unverified: leave it empty.")
    item = {"id": ident, "article": art.key, "paragraph_id": sel.paragraph.id, "quote": sel.text,
            "claim": _text(claim, "claim", "restate the claim as one atomic statement, in your own words."),
            "claim_type": _choice(claim_type, CLAIM_TYPES, "claim_type"),
            "attributed_to": _text(attributed_to, "attributed_to", "name who makes the claim in the text (the "
                                                                   "author, an interviewee, a person quoted).",
                                   MAX_LINE),
            "checkable": _choice(checkable, CHECKABLE, "checkable"),
            "verdict": verdict}
    if kind:
        item["unverified_kind"] = kind
    item["summary"] = _text(summary, "summary", "say in your own words what the evidence shows.")
    item["evidence"] = _evidence(evidence)
    item["confidence"] = _choice(confidence, CONFIDENCE, "confidence")
    item["search_note"] = _text(search_note, "search_note", "", required=False)
    langs = _languages(languages_searched)
    if langs:
        item["languages_searched"] = langs
    item["checked"] = _date(checked, "date checked") or datetime.date.today().isoformat()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", item["checked"]):
        raise KitError(f"The date checked {item['checked']!r}: write the full date, YYYY-MM-DD.")
    return item


def add_claim(key, paragraph_id, *, claim, claim_type, attributed_to, checkable, verdict, confidence, summary,
              evidence=(), search_note=None, unverified_kind=None, languages_searched=None, checked=None,
              words=None, occurrence=1, word_indices=None, begin=None, end=None) -> Saved:
    """A claim of the text, with its verdict, confidence and evidence cards: a new item of
    ``seeds/claims_<ID>.yaml``. The selected words are its ``quote``."""
    art = editable_article(key)
    sel = select(art.key, paragraph_id, words=words, occurrence=occurrence, word_indices=word_indices,
                 begin=begin, end=end)
    path = seeds_dir() / f"claims_{art.key}.yaml"
    items = _yaml_items(path)
    item = _claim_item(art, sel, _next_id([c.get("id") for c in items if isinstance(c, dict)], art.key, "C"),
                       claim=claim, claim_type=claim_type, attributed_to=attributed_to, checkable=checkable,
                       verdict=verdict, confidence=confidence, summary=summary, evidence=evidence,
                       search_note=search_note, unverified_kind=unverified_kind,
                       languages_searched=languages_searched, checked=checked)
    _yaml_write(path, _header("Claims", art.key), "add", None, item)
    return _saved(art.key, "added", item["id"], f"seeds/{path.name}")


def replace_claim(key, claim_id, **changes) -> Saved:
    """Change a claim, keeping its id: the fields given replace the old ones (new words need
    ``words``, ``word_indices`` or ``begin``/``end``, and ``paragraph_id`` if it moves)."""
    art = editable_article(key)
    path = seeds_dir() / f"claims_{art.key}.yaml"
    items = _yaml_items(path)
    index = _index_of(items, claim_id, "claim", path.name)
    old = items[index]
    fields = ("claim", "claim_type", "attributed_to", "checkable", "verdict", "confidence", "summary", "evidence",
              "search_note", "unverified_kind", "languages_searched", "checked")
    where = ("paragraph_id", "words", "occurrence", "word_indices", "begin", "end")
    unknown = set(changes) - set(fields) - set(where)
    if unknown:
        raise KitError(f"replace_claim: unknown field(s) {', '.join(sorted(unknown))}.")
    pid = changes.get("paragraph_id") or old.get("paragraph_id")
    if any(changes.get(k) is not None for k in ("words", "word_indices", "begin", "end")):
        sel = select(art.key, pid, words=changes.get("words"), occurrence=changes.get("occurrence", 1),
                     word_indices=changes.get("word_indices"), begin=changes.get("begin"), end=changes.get("end"))
    else:
        sel = select(art.key, pid, words=str(old.get("quote") or ""))
    values = {f: changes[f] if f in changes else old.get(f) for f in fields}
    item = _claim_item(art, sel, str(old["id"]), **values)
    _yaml_write(path, _header("Claims", art.key), "replace", index, item)
    return _saved(art.key, "replaced", item["id"], f"seeds/{path.name}", _exercise_notes(art.key, item["id"]))


def remove_claim(key, claim_id) -> Saved:
    art = editable_article(key)
    path = seeds_dir() / f"claims_{art.key}.yaml"
    items = _yaml_items(path)
    index = _index_of(items, claim_id, "claim", path.name)
    cid = str(items[index]["id"])
    _yaml_write(path, _header("Claims", art.key), "remove", index, None)
    return _saved(art.key, "removed", cid, f"seeds/{path.name}", _exercise_notes(art.key, cid))


# --- the widget ---------------------------------------------------------------------------------------------

def annotator(key=None):
    """The annotation widget for an added article (``medialit.annotate_widget``); a plain message
    instead when there is no such article or it is a case study."""
    from .annotate_widget import annotator as _annotator

    return _annotator(key)


def vocabulary() -> dict[str, list[tuple[str, str]]]:
    """(label, value) choices for every field with a fixed vocabulary, for the widget."""
    def pairs(values, named=False):
        return [(display_name(v) if named else str(v).replace("_", " "), v) for v in values]

    return {"technique": pairs(TECHNIQUES_18, named=True), "tag": pairs(TAGS), "claim_type": pairs(CLAIM_TYPES),
            "checkable": pairs(CHECKABLE), "verdict": pairs(VERDICTS), "confidence": [
                ("H: two or more independent sources agree", "H"), ("M: one good source, or a relay of one report", "M"),
                ("L: weak or one-sided sources only", "L"), ("NF: searched, not found", "NF")],
            "unverified_kind": pairs(UNVERIFIED_KINDS), "role": pairs(ROLES), "relays": pairs(RELAYS),
            "kind": pairs(CARD_KINDS), "partisan": pairs(PARTISAN), "source_type": pairs(SOURCE_TYPES, named=True),
            "use": pairs(USES), "traceable": pairs(TRACEABLE)}
