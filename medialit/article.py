"""Bring your own article: ``python -m medialit article add | import-spans | exercises | remove``.

The instructor's path from a plain-text article to a compiled exercise set, through the same
files, loaders, validator and engine as the case studies (``seeds/FORMATS.md``):

1. ``article add PATH --id ID --title T --outlet O [--date D] [--url U] [--genre G] [--byline B]``
   copies the text into ``seeds/`` byte-for-byte (``<id>_<sha256[:16]>.txt``), writes its
   metadata beside it (``.yml``), records its checksum in ``SHA256SUMS`` and lists it in
   ``articles.yaml`` with ``role: added``; then prints its paragraphs with their ids.
2. The instructor annotates it in the corpus's own files: rows in ``spans.tsv`` and
   ``attributions.tsv``, claims in ``claims_<ID>.yaml``, source cards in ``cards_<ID>.yaml``;
   or imports spans from a SemEval-2020 Task 11 file (``article import-spans ID FILE``).
   ``python -m medialit validate`` checks everything, ``FILE:LINE: problem``.
3. ``article exercises ID`` writes ``solutions/exercises/<id>.yaml``: a capstone set generated
   from the annotations, for the instructor to edit and compile (``python -m medialit
   exercises <id>``).
4. ``article capstone ID`` writes the capstone page (``book/capstone-<id>.md``: the article, the
   set's exercises skill by skill, a written fact-check scored on a 0-4 rubric), compiles the
   set, writes the page's notebooks and lists the page in ``_toc.yml`` (``medialit.capstone``).
5. ``article remove ID`` says what it will remove, then removes the article and everything made
   from it, its capstone included (never a case study).

Every command checks all its input before it writes anything, writes only in ``seeds/`` and
``solutions/`` (``capstone`` also in ``book/``, ``exercises/``, ``_toc.yml`` and the bank; ``remove``
deletes from the same places), and undoes its own writes
if a step fails. A refusal is a ``KitError`` whose message says what to do (exit 2).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import stat
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .corpus.texts import (BOM, ID_PATTERN, Article, BIDI_RE, article_files, article_roles, clear_caches,
                           inert, load_article, recorded_sums)
from .errors import KitError
from .paths import repo_root, seeds_dir

MAX_BYTES = 1_000_000  # 1 MB: a long feature is about 60 kB of text
ID_RE = re.compile(ID_PATTERN)
CASE_STUDY_ROLES = ("case study",)
MAX_FIELD = 300  # characters in a title, byline, outlet or genre

# Files that are not plain text, by their first bytes.
MAGIC = (
    (b"PK\x03\x04", "a ZIP container (a word-processor file such as .docx or .odt, or an archive)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Office file of the old kind (such as .doc)"),
    (b"%PDF-", "a PDF"),
    (b"{\\rtf", "a Rich Text file (.rtf)"),
    (b"\xef\xbb\xbf{\\rtf", "a Rich Text file (.rtf)"),
)
_HTML_START = re.compile(r"\s*<(?:!doctype\s+html|html|head|body|\?xml|meta|!--)\b", re.I)
_HTML_TAG = re.compile(r"</?(?:p|div|span|a|br|hr|li|ul|ol|h[1-6]|em|strong|b|i|u|table|tr|td|th|img|meta|"
                       r"link|script|style|body|head|html|section|article|header|footer|nav|figure|"
                       r"figcaption|blockquote|iframe|form)(?:\s[^<>]*)?/?>", re.I)
HTML_TAGS_MAX = 5  # a text about the web may quote a tag or two; a page saved as text has many
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # tab, LF, CR and form feed are text


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


# --- refusing bad input ---------------------------------------------------------------------------

def read_source(path: Path) -> bytes:
    """The bytes of the file to add, or a ``KitError`` saying why it can't be added."""
    shown = str(path)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        raise KitError(f"{shown}: there is no such file. Give the path of the article saved as a "
                       "plain-text file (.txt).") from None
    except OSError as exc:
        raise KitError(f"{shown} cannot be read ({exc.strerror}).") from None
    if stat.S_ISLNK(st.st_mode):
        raise KitError(f"{shown} is a symbolic link (to {os.readlink(path)}): give the file itself, so "
                       "that the kit copies the text you mean.")
    if stat.S_ISDIR(st.st_mode):
        raise KitError(f"{shown} is a folder: give one plain-text file (.txt) holding the article.")
    if not stat.S_ISREG(st.st_mode):
        raise KitError(f"{shown} is not a regular file (it is a pipe, a device or a socket): save the "
                       "article as a plain-text file (.txt) and give that file.")
    if st.st_size > MAX_BYTES:
        raise KitError(f"{shown} is {st.st_size:,} bytes, over the limit of {MAX_BYTES:,} bytes (1 MB): give the "
                       "article's text alone, saved as plain text, not a whole site or a book.")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise KitError(f"{shown} cannot be read ({exc.strerror}).") from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # replaced since the check above
            raise KitError(f"{shown} is not a regular file: give a plain-text file (.txt).")
        raw = fh.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise KitError(f"{shown} is over the limit of {MAX_BYTES:,} bytes (1 MB): give the article's "
                       "text alone.")
    return raw


def check_text(raw: bytes, shown: str) -> tuple[str, list[str]]:
    """The text of ``raw`` and notes about it, or a ``KitError`` if it is not a plain-text article."""
    if not raw:
        raise KitError(f"{shown} is empty (0 bytes): give a file that holds the article's text.")
    for magic, what in MAGIC:
        if raw.startswith(magic):
            raise KitError(f"{shown} is {what}, not plain text: open it in its program, save the article "
                           "as plain text (.txt, UTF-8), and add that file.")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise KitError(f"{shown} is UTF-16 text: save it as UTF-8 (in most editors: Save As, then the "
                       "encoding UTF-8) and add it again.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise KitError(f"{shown} is not UTF-8 text: byte {exc.start:,} (line {line}) is 0x{raw[exc.start]:02x}, "
                       "which UTF-8 does not allow. Save the file as UTF-8 (in most editors: Save As, then "
                       "the encoding UTF-8) and add it again.") from None
    bad = _CONTROL.search(text)
    if bad:
        raise KitError(f"{shown} holds a control character (U+{ord(bad.group()):04X}) on line "
                       f"{_line_of(text, bad.start())}: it is not plain text, or was saved with binary bytes "
                       "in it. Save the article as plain text (UTF-8) and add it again.")
    lone = re.search(r"\r(?!\n)", text)
    if lone:
        raise KitError(f"{shown} ends a line with a lone CR (line {_line_of(text, lone.start())}), as old Mac "
                       "files did: save it with LF or CRLF line endings (your editor's line-ending "
                       "setting) and add it again.")
    body = text[1:] if text.startswith(BOM) else text
    if not body.strip():
        raise KitError(f"{shown} holds no text, only {'a byte-order mark and ' if body != text else ''}"
                       "blank space: give a file that holds the article's text.")
    html_reason = _looks_like_html(body)
    if html_reason:
        raise KitError(f"{shown} looks like HTML ({html_reason}), not plain text: copy the article's words "
                       "from the page into a text editor, save them as plain text (.txt, UTF-8), and add "
                       "that file.")
    notes = []
    if text.startswith(BOM):
        notes.append("It starts with a byte-order mark: kept in the copy, character 0 of the text, "
                     "never part of a paragraph.")
    if "\r\n" in text:
        notes.append("Its lines end with CRLF: kept in the copy; offsets count the CR, and no "
                     "paragraph ends with one.")
    if any(ord(c) > 0xFFFF for c in text):
        notes.append("It holds characters outside the Basic Multilingual Plane (emoji, rare scripts): "
                     "each is one character for offsets, in Python and in the book alike.")
    n_bidi = len(BIDI_RE.findall(text))
    if n_bidi:
        notes.append(f"It holds {n_bidi} bidirectional control character(s): kept in the copy, shown "
                     "as marks such as \u27e8U+202E\u27e9 wherever the kit displays the text.")
    return text, notes


def _looks_like_html(text: str) -> str | None:
    start = _HTML_START.match(text)
    if start:
        return f"it starts with {start.group().strip()}"
    tags = _HTML_TAG.findall(text)
    if len(tags) >= HTML_TAGS_MAX:
        return f"it holds {len(tags)} HTML tags, such as {tags[0]}"
    return None


def _one_line(value, option: str, required: bool = False) -> str | None:
    if value is None or not str(value).strip():
        if required:
            raise KitError(f"--{option} is {'missing' if value is None else 'empty'}: give the article's "
                           f"{option} (in quotes if it has spaces).")
        return None
    value = str(value).strip()
    bad = next((c for c in value if unicodedata.category(c) in ("Cc", "Zl", "Zp")), None)
    if bad is not None:
        raise KitError(f"--{option} holds a line break or a control character (U+{ord(bad):04X}): give it "
                       "on one line.")
    if len(value) > MAX_FIELD:
        raise KitError(f"--{option} is {len(value)} characters long; at most {MAX_FIELD}.")
    return value


def check_date(value) -> str | None:
    value = _one_line(value, "date")
    if value is None:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        fmt = "%Y-%m-%d"
    elif re.fullmatch(r"\d{4}-\d{2}", value):
        fmt = "%Y-%m"
    elif re.fullmatch(r"\d{4}", value):
        fmt = "%Y"
    else:
        fmt = None
    try:
        if fmt is None:
            raise ValueError
        datetime.datetime.strptime(value, fmt)
    except ValueError:
        raise KitError(f"--date {value!r} is not a date: write it as YYYY-MM-DD (or YYYY-MM, or YYYY when "
                       "only the month or the year is known).") from None
    return value


def check_url(value) -> str | None:
    value = _one_line(value, "url")
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or re.search(r"\s", value):
        raise KitError(f"--url must be a web address starting with http:// or https:// (found "
                       f"{value[:60]!r}); leave it out if the address is not known.")
    return value


def check_new_id(key) -> str:
    """``key`` if it can name a new article, or a ``KitError`` saying why not."""
    key = str(key or "")
    if not ID_RE.fullmatch(key):
        raise KitError(f"--id {key!r} does not match ^{ID_PATTERN}$: one capital letter, then up to five "
                       "capital letters or digits (for example C, NYT, G24). It starts every id of the "
                       "article's annotations (C-P01, C-S001, C-C001).")
    files = article_files()
    if key in files:
        raise KitError(f"--id {key} is already used by a text of the corpus (seeds/articles.yaml, "
                       f"{files[key]}): choose another id.")
    leftovers = _id_leftovers(key)
    if leftovers:
        raise KitError(f"--id {key} is already used: {'; '.join(leftovers)}. Choose another id (or take "
                       "those out first).")
    return key


def _id_leftovers(key: str) -> list[str]:
    """Where ``key`` is used outside seeds/articles.yaml: annotations left from an earlier text,
    an exercise set, exercise ids."""
    seeds, out = seeds_dir(), []
    for name in (f"claims_{key}.yaml", f"cards_{key}.yaml"):
        if (seeds / name).exists():
            out.append(f"seeds/{name} exists")
    for name in ("spans.tsv", "attributions.tsv", "reliability/first.tsv", "reliability/second.tsv"):
        n = sum(1 for _ in _rows_of(seeds / name, key))
        if n:
            out.append(f"seeds/{name} has {n} row(s) of article {key}")
    sol = _solutions() / f"{key.lower()}.yaml"
    if sol.exists():
        out.append(f"solutions/exercises/{sol.name} exists")
    prefixes = _exercise_prefixes()
    if key in prefixes:
        out.append(f"exercise ids such as {prefixes[key]} start with {key}-, and the article's exercises "
                   f"would be {key}-E01 and so on")
    return out


def _solutions() -> Path:
    return repo_root() / "solutions" / "exercises"


def _exercise_prefixes() -> dict[str, str]:
    """Every exercise id's prefix (``L1`` of ``L1-E03``), active or retired, in the definitions
    and the compiled bank, to one id that has it (with where it is)."""
    out: dict[str, str] = {}
    for path in sorted(_solutions().glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        data = data if isinstance(data, dict) else {}
        for group in ("exercises", "retired"):
            for d in data.get(group) or []:
                ident = str(d.get("id", "")) if isinstance(d, dict) else ""
                if "-" in ident:
                    out.setdefault(ident.split("-")[0], f"{ident} (solutions/exercises/{path.name})")
    from .exercises.model import BANK_DIR

    for path in sorted(BANK_DIR.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for ident in [e.get("id", "") for e in data.get("exercises", [])] + list(data.get("retired", [])):
            prefix = str(ident).split("-")[0]
            if prefix:
                out.setdefault(prefix, f"{ident} (the compiled set {path.stem})")
    return out


def _rows_of(path: Path, key: str):
    """(line number, line) of each TSV row whose article column is ``key``."""
    if not path.exists():
        return
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        cells = line.split("\t")
        if n > 1 and len(cells) > 1 and cells[1] == key:
            yield n, line


# --- writing, all or nothing ------------------------------------------------------------------------

class Changes:
    """The files one command writes or deletes, all inside the folders it may touch; ``undo``
    puts every one back as it was."""

    def __init__(self, allowed: list[Path]):
        self.allowed = [p.resolve() for p in allowed]
        self.before: dict[Path, bytes | None] = {}

    def _check(self, path: Path) -> Path:
        path = Path(path)
        real = path.parent.resolve() / path.name
        if not any(real == a or a in real.parents for a in self.allowed):
            raise KitError(f"refusing to write {path}: outside {', '.join(map(str, self.allowed))}")
        if path.is_symlink():
            raise KitError(f"refusing to write {path}: it is a symbolic link")
        return real

    def _remember(self, path: Path) -> None:
        if path not in self.before:
            self.before[path] = path.read_bytes() if path.exists() else None

    def write(self, path: Path, data: bytes) -> None:
        path = self._check(path)
        self._remember(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            tmp.write_bytes(data)
            os.replace(tmp, path)  # a reader sees the old file or the new one, never half of it
        finally:
            tmp.unlink(missing_ok=True)

    def delete(self, path: Path) -> None:
        path = self._check(path)
        if path.exists():
            self._remember(path)
            path.unlink()

    def undo(self) -> None:
        for path, data in self.before.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(data)
        clear_caches()


def _rel(path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(repo_root()).as_posix()
    except ValueError:
        return str(path)


# --- YAML that shows what it holds ----------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    pass


def _represent_str(dumper, value):
    # A string holding a bidirectional control is double-quoted, so that ``dump`` can write the
    # control as an escape (\u202E): the file then reads in its stored order in any editor.
    style = '"' if BIDI_RE.search(value) else ("|" if "\n" in value else None)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data) -> str:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return BIDI_RE.sub(lambda m: f"\\u{ord(m.group()):04X}", text)


def _comment(text: str) -> str:
    """One line of a YAML comment, whatever ``text`` holds."""
    return " ".join(inert(str(text)).split())


# --- article add ---------------------------------------------------------------------------------------

@dataclass
class Added:
    article: Article
    written: list[str]
    notes: list[str] = field(default_factory=list)


def add(path, key, title, outlet, date=None, url=None, genre=None, byline=None) -> Added:
    """Add a plain-text article to the corpus (see the module's docstring)."""
    key = check_new_id(key)
    title = _one_line(title, "title", required=True)
    outlet = _one_line(outlet, "outlet", required=True)
    byline = _one_line(byline, "byline")
    genre = _one_line(genre, "genre")
    date, url = check_date(date), check_url(url)
    raw = read_source(Path(path))
    text, notes = check_text(raw, str(path))
    digest = hashlib.sha256(raw).hexdigest()
    sums = recorded_sums()
    for other, name in article_files().items():
        if sums.get(name) == digest:
            raise KitError(f"{path} is the same text as article {other} ({name}): it is already in the corpus.")
    seeds = seeds_dir()
    name = f"{key.lower()}_{digest[:16]}.txt"
    meta_name = name[:-4] + ".yml"
    for n in (name, meta_name):
        if (seeds / n).exists() or n in sums:
            raise KitError(f"seeds/{n} already exists: remove it (or choose another id) and add the article again.")
    today = datetime.date.today().isoformat()
    meta = {"id": key, "file": name, "title": title, "byline": byline, "outlet": outlet, "date": date,
            "url": url, "genre": genre, "role": "added", "sha256": digest, "bytes": len(raw), "added": today,
            "copy_note": "The text as the instructor supplied it, kept byte-for-byte; every annotation "
                         "offset depends on it.",
            "rights": "Not covered by the kit's licences. Whoever added it is responsible for being allowed "
                      "to reproduce it for teaching."}
    meta_text = (f"# Metadata for article {key}, added with `python -m medialit article add` on {today}.\n"
                 f"# The text is seeds/{name}, byte-for-byte as supplied; its SHA-256 is in SHA256SUMS.\n"
                 + dump_yaml(meta))
    changes = Changes([seeds])
    try:
        changes.write(seeds / name, raw)
        changes.write(seeds / meta_name, meta_text.encode("utf-8"))
        changes.write(seeds / "SHA256SUMS", _appended(seeds / "SHA256SUMS", f"{digest}  {name}\n"))
        changes.write(seeds / "articles.yaml",
                      _appended(seeds / "articles.yaml", f"- id: {key}\n  file: {name}\n  role: added\n"))
        clear_caches()
        art = load_article(key)
        if art.text != text or not art.paragraphs:
            raise KitError(f"article {key} did not load back as written")
    except BaseException:
        changes.undo()
        raise
    written = [f"seeds/{name}", f"seeds/{meta_name}", "seeds/SHA256SUMS", "seeds/articles.yaml"]
    return Added(art, written, notes)


def _appended(path: Path, line: str) -> bytes:
    old = path.read_bytes() if path.exists() else b""
    if old and not old.endswith(b"\n"):
        old += b"\n"
    return old + line.encode("utf-8")


def paragraph_lines(art: Article, preview: int = 72) -> list[str]:
    """One line per paragraph: id, offsets, words, and its first words (shown inertly)."""
    out = []
    for p in art.paragraphs:
        words = " ".join(inert(p.text).split())
        words = words if len(words) <= preview else words[: preview - 1].rstrip() + "…"
        out.append(f"  {p.id}  {p.start}-{p.end}  {p.n_words} words  {words}")
    return out


# --- article import-spans --------------------------------------------------------------------------------

def _added_article(key: str, doing: str) -> Article:
    key = str(key or "")
    roles = article_roles()
    if key not in roles:
        known = ", ".join(k for k, r in roles.items() if r not in CASE_STUDY_ROLES) or "none yet"
        raise KitError(f"There is no article {key!r} (added articles: {known}). Add it first: "
                       "python -m medialit article add PATH --id ID --title TITLE --outlet OUTLET")
    if roles[key] in CASE_STUDY_ROLES:
        raise KitError(f"{key} is one of the kit's case studies, not an added article: {doing} only works on "
                       "articles added with `python -m medialit article add`.")
    return load_article(key)


def import_spans(key: str, path) -> list[str]:
    """Append the spans of a SemEval-2020 TC file to ``seeds/spans.tsv``; returns their ids."""
    from .corpus.files import escape_cell
    from .corpus.semeval import import_rows
    from .corpus.vocabulary import SPAN_COLUMNS

    art = _added_article(key, "import-spans")
    path = Path(path)
    raw = read_source(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise KitError(f"{path} is not UTF-8 text: save it as UTF-8 and import it again.") from None
    rows, problems = import_rows(art.key, text, path.name)
    if problems:
        raise KitError("\n".join(problems) + f"\n{len(problems)} problem(s): nothing was imported.")
    spans_path = seeds_dir() / "spans.tsv"
    existing = {(int(c[3]), int(c[4]), c[5]): c[0] for _, line in _rows_of(spans_path, art.key)
                for c in [line.split("\t")] if len(c) > 5 and c[3].isdigit() and c[4].isdigit()}
    dupes = [f"{path.name}: span {r['begin']}-{r['end']} {r['technique']} is already in seeds/spans.tsv "
             f"as {existing[(r['begin'], r['end'], r['technique'])]}" for r in rows
             if (r["begin"], r["end"], r["technique"]) in existing]
    if dupes:
        raise KitError("\n".join(dupes) + "\nNothing was imported: take those lines out of the file first.")
    numbers = [int(m) for _, line in _rows_of(spans_path, art.key)
               for m in re.findall(rf"^{art.key}-S(\d+)\t", line)]
    start = max(numbers, default=0) + 1
    lines, ids = [], []
    for i, r in enumerate(rows):
        sid = f"{art.key}-S{start + i:03d}"
        ids.append(sid)
        r = {**r, "span_id": sid, "text": escape_cell(r["text"])}
        lines.append("\t".join(str(r[c]) for c in SPAN_COLUMNS) + "\n")
    changes = Changes([seeds_dir()])
    try:
        if not spans_path.exists():
            changes.write(spans_path, ("\t".join(SPAN_COLUMNS) + "\n" + "".join(lines)).encode("utf-8"))
        else:
            changes.write(spans_path, _appended(spans_path, "".join(lines)))
    except BaseException:
        changes.undo()
        raise
    return ids


# --- article exercises -------------------------------------------------------------------------------------

@dataclass
class Generated:
    path: Path
    exercises: list[dict]
    comments: list[str]
    notes: list[str]


HIGHLIGHT_MAX, CLAIMS_MAX, LATERAL_MAX, ATTRIBUTIONS_MAX = 6, 10, 6, 10
UNKNOWN = ("unknown", "not known", "none", "n/a", "?")


def generate(key: str) -> tuple[dict, list[str], list[str]]:
    """The definitions of the capstone set of an added article: (data, a comment for each
    exercise, notes on what was left out)."""
    from . import dataset
    from .corpus.confidence import COUNTING_ROLES
    from .corpus.vocabulary import SOURCE_TYPES, TECHNIQUES_18, display_name

    art = load_article(key)
    meta = art.meta
    exercises, comments, notes = [], [], []

    def next_id() -> str:
        return f"{key}-E{len(exercises) + 1:02d}"

    # 1. Who is behind it, from the metadata.
    # Wrong options come from other added articles, never from the case studies: a local story's
    # question should not offer the Tehran Times as its publisher.
    roles = article_roles()
    others = [load_article(k).meta for k in article_files() if k != key and roles.get(k) not in CASE_STUDY_ROLES]
    outlet = str(meta.get("outlet") or "")
    known_outlet = outlet.strip().lower() not in UNKNOWN
    unsaid = "Neither the text nor the kit's record of it says."
    choices = [outlet] if known_outlet else []
    choices += [str(m.get("outlet")) for m in others
                if m.get("outlet") and str(m.get("outlet")).strip().lower() not in UNKNOWN]
    exercises.append(_single(
        next_id(), key, f"Who published article {key}?",
        f"Article {key}, “{meta['title']}”, is in the kit's corpus. According to the kit's record of it, "
        "which outlet published it?",
        right=outlet if known_outlet else unsaid,
        wrong=[c for c in choices if c != outlet] + ([unsaid] if known_outlet else []),
        right_feedback=(f"Yes: the record names {outlet}. Next, find out who runs and funds it, from "
                        "sources independent of it." if known_outlet else
                        "Yes: the outlet is not known. Then the text's claims must stand on sources "
                        "you can check."),
        wrong_feedback="Not this one: look at the article's record (its metadata).",
        explanation=("Who is behind a text is the first of the three questions: the outlet chose to "
                     "publish it, and its owner, its funding and its record tell you how to read it.")))
    comments.append(f"who is behind it: the outlet, from seeds/{Path(art.file).stem}.yml")
    byline = str(meta.get("byline") or "").strip()
    nobody = "No one: the text carries no byline."
    names = [str(m.get("byline")) for m in others if m.get("byline")]
    if not byline and not names:
        names = ["A staff reporter named at the top of the text"]
    exercises.append(_single(
        next_id(), key, f"Whose name is on article {key}?",
        f"Whose name does article {key} carry as its author?",
        right=byline or nobody, wrong=[n for n in names if n != byline] + ([nobody] if byline else []),
        right_feedback=(f"Yes: the byline is {byline}. Search for the name: who is this writer, and "
                        "for whom else do they write?" if byline else
                        "Yes: nobody signs it. An unsigned text asks you to trust the outlet alone."),
        wrong_feedback="Not this one: look at the byline in the article's record.",
        explanation="A byline is a lead, not a credential: search for the writer in sources independent "
                    "of the outlet before you rely on their standing."))
    comments.append("who is behind it: the byline, from the metadata")

    # 2. A highlight per technique-rich paragraph.
    spans = dataset.spans()
    spans = spans[spans.article == key]
    counts = spans.groupby("paragraph_id").size()
    rich = counts[counts >= 2] if (counts >= 2).any() else counts
    chosen = sorted(rich.sort_values(ascending=False, kind="stable").index[:HIGHLIGHT_MAX],
                    key=lambda pid: art.paragraph(pid).index)
    if len(rich) > HIGHLIGHT_MAX:
        notes.append(f"{len(rich) - HIGHLIGHT_MAX} more annotated paragraph(s) have no highlight exercise "
                     f"(at most {HIGHLIGHT_MAX}, the richest).")
    if spans.empty:
        notes.append("No technique spans: no highlight exercise (annotate spans in seeds/spans.tsv, or import them).")
    for pid in chosen:
        here = spans[spans.paragraph_id == pid].sort_values("begin")
        techniques = [t for t in TECHNIQUES_18 if t in set(here.technique)]
        why = [f"“{r.text}” ({display_name(r.technique)}): {r.rationale}" for r in here.head(6).itertuples()]
        if len(here) > 6:
            why.append(f"And {len(here) - 6} more.")
        exercises.append({
            "id": next_id(), "type": "highlight", "title": f"Techniques in {pid}",
            "prompt": (f"Paragraph {pid} of article {key}. Mark every phrase that uses one of the techniques "
                       "named below the passage. A phrase counts when you mark at least half its words."),
            "paragraph": pid, "techniques": techniques,
            "explanation": f"The annotators marked {len(here)} phrase(s) here. " + " ".join(why)})
        comments.append(f"a highlight: {pid} has {len(here)} annotated span(s)")

    # 3. Attributions to categorise.
    attrs = dataset.attributions()
    attrs = attrs[attrs.article == key]
    if attrs.empty:
        notes.append("No attributions: no exercise on sources (annotate them in seeds/attributions.tsv).")
    else:
        ids = list(attrs.sort_values("begin").attr_id)[:ATTRIBUTIONS_MAX]
        if len(attrs) > ATTRIBUTIONS_MAX:
            notes.append(f"{len(attrs) - ATTRIBUTIONS_MAX} attribution(s) left out of the sources exercise.")
        exercises.append({
            "id": next_id(), "type": "categorise", "title": f"Who does article {key} credit?",
            "prompt": (f"Each passage below credits information in article {key} to someone. Label each with "
                       "the kind of source it credits."),
            "items_from": "attributions", "items": ids, "labels": list(SOURCE_TYPES),
            "explanation": ("A named person or document gives you something to search for. A vague source "
                            "and the speaker's own word give you nothing to check.")})
        comments.append(f"attributions to categorise: {len(ids)} from seeds/attributions.tsv")

    # 4. Claims to sort by checkability; 5. lateral reading on claims with cards.
    claims = dataset.claims()
    claims = claims[claims.article == key] if "article" in claims else claims.iloc[0:0]
    if claims.empty:
        notes.append(f"No claims: no checkability or lateral-reading exercise (write seeds/claims_{key}.yaml).")
    else:
        ids = list(claims.id)[:CLAIMS_MAX]
        if len(claims) > CLAIMS_MAX:
            notes.append(f"{len(claims) - CLAIMS_MAX} claim(s) left out of the checkability exercise.")
        exercises.append({
            "id": next_id(), "type": "categorise", "title": f"Can these claims of article {key} be checked?",
            "prompt": ("Can each claim be checked against sources? Label it yes (a record or a source could "
                       "settle it), partly (part of it can be checked) or no (an opinion, a prediction, or "
                       "nothing could settle it)."),
            "items_from": "claims", "field": "checkable", "items": ids, "labels": ["yes", "partly", "no"],
            "explanation": ("Sorting claims first saves time: check what can be checked, and read the rest "
                            "as opinion or prediction, whoever says it.")})
        comments.append(f"claims to sort by checkability: {len(ids)} from seeds/claims_{key}.yaml")
        lateral = [r for r in claims.to_dict("records")
                   if r.get("verdict") != "not checkable"
                   and any(e.get("role") in COUNTING_ROLES for e in r.get("evidence_roles") or [])]
        if not lateral:
            notes.append("No claim with a decisive or supporting source card: no lateral-reading exercise.")
        if len(lateral) > LATERAL_MAX:
            notes.append(f"{len(lateral) - LATERAL_MAX} claim(s) with cards left out of lateral reading.")
        for r in lateral[:LATERAL_MAX]:
            exercises.append({
                "id": next_id(), "type": "lateral", "title": f"Check claim {r['id']}",
                "prompt": (f"Article {key} says this ({r['paragraph_id']}). Search the source cards, pick the "
                           "evidence that settles the claim, and give your verdict."),
                "claim": r["id"],
                "explanation": str(r.get("summary") or "")})
            comments.append(f"lateral reading: {r['id']}, {len(r.get('evidence_roles') or [])} card(s)")
    # 6. The written fact-check, scored by the teacher on a 0-4 rubric.
    for title, prompt, note, levels in fact_check_items(key, outlet if known_outlet else "", byline):
        exercises.append({"id": next_id(), "type": "open", "title": title, "prompt": prompt,
                          "rubric": [dict(level) for level in levels],
                          "explanation": FACT_CHECK_EXPLANATION})
        comments.append(note)
    data = {"set": key.lower(), "title": f"Capstone: article {key}", "exercises": exercises}
    return data, comments, notes


# The written fact-check's rubric: five levels, 0 to 4, after the Digital Polarization
# Initiative's framework (no effort, reactive, inquisitive, investigative, investigative
# competence; its levels 3 and 4 ask for sources as evidence), in the kit's own words.
FACT_CHECK_RUBRIC = (
    {"score": 0, "text": "No effort: no serious attempt."},
    {"score": 1, "text": "Reacts: uses only the article itself, or the student's own views; no outside source."},
    {"score": 2, "text": "Asks the right questions (who is behind it, where a claim comes from, what others say) "
                         "but shows no source that answers them."},
    {"score": 3, "text": "Investigates: gives sources (addresses or source cards) that answer some of those "
                         "questions, but misses a crucial fact or draws a conclusion the sources do not support."},
    {"score": 4, "text": "Investigates well: finds the crucial facts in sources independent of the text, and "
                         "draws only conclusions they support; says what holds as well as what does not."},
)
# Part 3 (loaded words) is checked in the text itself, not in outside sources: its own levels.
LOADED_WORDS_RUBRIC = (
    {"score": 0, "text": "No effort: no serious attempt."},
    {"score": 1, "text": "Reacts: calls the text biased, or fair, as a whole, without quoting its words."},
    {"score": 2, "text": "Quotes words, but does not say how they work on the reader or what a neutral "
                         "writer would have put."},
    {"score": 3, "text": "Quotes words, says how they work and gives neutral wording, but marks plain words "
                         "as loaded or misses the clearest case."},
    {"score": 4, "text": "Quotes the clearest loaded words, says how each works and gives neutral wording, "
                         "and quotes a sentence in which nothing is loaded."},
)
FACT_CHECK_EXPLANATION = ("A written answer shows how you checked. Your teacher scores it from 0 to 4, on the "
                          "levels shown above it on the page.")


def fact_check_items(key: str, outlet: str, byline: str) -> list[tuple[str, str, str, tuple]]:
    """The four parts of the written fact-check: (title, prompt, comment for the definitions,
    the rubric's levels)."""
    who = f"Who runs {outlet}" if outlet else "Who runs the site that carries it"
    return [
        (f"Your fact-check, part 1: who is behind article {key}?",
         f"{who}, who pays for it, and which side does it take?"
         + (f" Who is {byline}?" if byline else " Who wrote the text?")
         + " Use sources independent of them. Give each source's address (or a source card's number) "
           "next to what it tells you, and say what you could not find out.",
         "fact-check, part 1: who is behind it (the teacher scores it on the 0-4 rubric)", FACT_CHECK_RUBRIC),
        (f"Your fact-check, part 2: three claims of article {key}, traced",
         f"Choose three claims in article {key} that could be checked. For each one, quote its words. "
         "Then trace it: where does it come from (a record, a report, a named person), and what does "
         "that source really say? Give each source's address or card number.",
         "fact-check, part 2: three claims traced to their sources", FACT_CHECK_RUBRIC),
        (f"Your fact-check, part 3: loaded words in article {key}",
         f"Quote up to three words or phrases in article {key} that push a feeling rather than state a "
         "fact. For each one, say what a neutral writer would have put instead. Then quote one sentence "
         "in which nothing is loaded.",
         "fact-check, part 3: loaded words, and a sentence with none", LOADED_WORDS_RUBRIC),
        (f"Your fact-check, part 4: verdicts on your three claims",
         "For each of your three claims, give a verdict (accurate, misleading, inaccurate or unverified) "
         "and how sure the evidence lets you be (H, M, L, or NF for not found). Say why in one sentence. "
         "A claim that checks out is accurate: say so.",
         "fact-check, part 4: a verdict and a confidence for each claim", FACT_CHECK_RUBRIC),
    ]


FALLBACK_DISTRACTORS = ("A news agency (a wire service)", "A government ministry's press office")


def _single(ident, key, title, prompt, right, wrong, right_feedback, wrong_feedback, explanation) -> dict:
    texts, seen = [right], {right.casefold()}
    for w in [*wrong, *FALLBACK_DISTRACTORS[: max(0, 2 - len(wrong))]]:
        if w.casefold() not in seen:
            texts.append(w)
            seen.add(w.casefold())
        if len(texts) == 4:
            break
    at = sum(map(ord, key)) % len(texts)  # where the right option goes: fixed, not always first
    texts.insert(at, texts.pop(0))
    options = [{"id": "abcd"[i], "text": t, "feedback": right_feedback if t == right else wrong_feedback}
               for i, t in enumerate(texts)]
    return {"id": ident, "type": "single", "title": title, "prompt": prompt, "options": options,
            "answer": "abcd"[at], "explanation": explanation}


def definitions_text(key: str, data: dict, comments: list[str]) -> str:
    art = load_article(key)
    head = [
        f"# Capstone set for article {key}: {_comment(art.title)}",
        f"# Written by `python -m medialit article exercises {key}` on {datetime.date.today().isoformat()}, "
        "from the article's annotations",
        "# in seeds/ and its metadata. It is yours to edit: put prompts, feedback and explanations in your",
        "# own words, add or drop exercises (once students have answered one, move its id to a `retired:`",
        "# list instead: ids are never reused). Then check and compile it:",
        f"#   python -m medialit exercises {data['set']}",
        f"# Writing it again (`article exercises {key} --force`) replaces this file and your edits.",
        dump_yaml({"set": data["set"], "title": data["title"]}).rstrip("\n"),
        "exercises:",
    ]
    body = []
    for d, note in zip(data["exercises"], comments):
        body.append(f"  # {d['id']}: {_comment(note)}")
        item = dump_yaml([d]).rstrip("\n").split("\n")
        body += ["  " + line for line in item]
        body.append("")
    return "\n".join(head + body).rstrip("\n") + "\n"


def write_exercises(key: str, force: bool = False) -> Generated:
    """Write ``solutions/exercises/<key>.yaml`` and check that it compiles and that every
    scored exercise's key earns full marks."""
    from .corpus.validate import validate

    art = _added_article(key, "exercises")
    problems = validate()
    if problems:
        raise KitError("\n".join(problems) + f"\n{len(problems)} problem(s) in seeds/: fix them first "
                       "(python -m medialit validate), then generate the exercises.")
    path = _solutions() / f"{art.key.lower()}.yaml"
    if path.exists() and not force:
        raise KitError(f"solutions/exercises/{path.name} already exists (and may hold your edits): edit it, "
                       f"or write it again with `python -m medialit article exercises {art.key} --force`.")
    data, comments, notes = generate(art.key)
    changes = Changes([repo_root() / "solutions"])
    try:
        changes.write(path, definitions_text(art.key, data, comments).encode("utf-8"))
        _self_check(path)
    except BaseException:
        changes.undo()
        raise
    return Generated(path, data["exercises"], comments, notes)


def _self_check(path: Path) -> None:
    """The written file passes the definitions' checker and compiles; every scored key earns full marks."""
    from .exercises.core import Exercise
    from .exercises.model import DefinitionError, compile_set
    from .exercises.registry import TYPES
    from .exercises.scoring import score

    try:
        bank = compile_set(path)
    except DefinitionError as exc:
        raise KitError("The generated definitions do not pass the checker (a bug in medialit.article):\n"
                       + "\n".join(exc.problems)) from None
    for e in bank["exercises"]:
        ex = Exercise(e["id"], e["type"], e["title"], e["prompt"], e["points"],
                      {k: v for k, v in e.items() if k != "sealed"}, e["sealed"])
        if not TYPES[ex.type].scored:
            continue
        res = score(ex, TYPES[ex.type].key_answer(ex, ex.secret()))
        if res.score is None or res.score < 1 - 1e-9:
            raise KitError(f"{ex.id}: its key scores {res.score} ({res.feedback}), not full marks "
                           "(a bug in medialit.article).")


# --- article remove -----------------------------------------------------------------------------------------

@dataclass
class Removal:
    key: str
    files: list[Path]          # deleted whole
    rows: dict[Path, int]      # rows taken out of shared TSV files
    blockers: list[str]        # what refers to the article from elsewhere
    toc: bool = False          # _toc.yml lists its capstone page

    def lines(self) -> list[str]:
        out = [f"  {_rel(p)}" for p in self.files]
        out += [f"  {n} row(s) of article {self.key} in {_rel(p)}" for p, n in self.rows.items()]
        out += ["  its line in seeds/SHA256SUMS and its entry in seeds/articles.yaml"]
        if self.toc:
            out += [f"  its capstone page's line in _toc.yml"]
        return out


def plan_removal(key: str) -> Removal:
    art = _added_article(key, "remove")
    seeds, sol = seeds_dir(), _solutions()
    files = [seeds / art.file, seeds / (Path(art.file).stem + ".yml")]
    for name in (f"claims_{art.key}.yaml", f"cards_{art.key}.yaml"):
        if (seeds / name).exists():
            files.append(seeds / name)
    if (sol / f"{art.key.lower()}.yaml").exists():
        files.append(sol / f"{art.key.lower()}.yaml")
    from .exercises.model import BANK_DIR

    bank = BANK_DIR / f"{art.key.lower()}.json"
    if bank.exists() and repo_root().resolve() in BANK_DIR.resolve().parents:
        files.append(bank)
    from .capstone import capstone_files

    files += capstone_files(art.key)
    rows = {}
    for name in ("spans.tsv", "attributions.tsv", "reliability/first.tsv", "reliability/second.tsv"):
        n = sum(1 for _ in _rows_of(seeds / name, art.key))
        if n:
            rows[seeds / name] = n
    from .capstone import toc_without

    toc_file = repo_root() / "_toc.yml"
    listed = toc_file.exists() and toc_without(toc_file.read_text(encoding="utf-8"), art.key) != toc_file.read_text(
        encoding="utf-8")
    return Removal(art.key, files, rows, _blockers(art.key, files), listed)


def _blockers(key: str, own: list[Path]) -> list[str]:
    """Places outside the article's own files that refer to it: removing it would break them."""
    from .corpus.files import read_yaml_list

    seeds, out = seeds_dir(), []
    own_cards: set[str] = set()
    cards_file = seeds / f"cards_{key}.yaml"
    if cards_file.exists():
        own_cards = {str(c.get("id")) for _, c in read_yaml_list(cards_file) if isinstance(c, dict)}
    ids = re.compile(rf"\b{key}-(?:P\d{{2,}}|[CST]\d{{3,}}|E\d{{2,3}})\b")
    for path in sorted(seeds.glob("claims_*.yaml")):
        if path in own:
            continue
        for line, c in read_yaml_list(path):
            if not isinstance(c, dict):
                continue
            if c.get("article") == key:
                out.append(f"seeds/{path.name}:{line}: claim {c.get('id')} belongs to article {key}")
            cited = {str(e.get("card")) if isinstance(e, dict) else str(e) for e in c.get("evidence") or []}
            for card in sorted(cited & own_cards):
                out.append(f"seeds/{path.name}:{line}: claim {c.get('id')} cites {card} of seeds/{cards_file.name}")
    for path in [seeds / "profiles.yaml", *sorted(_solutions().glob("*.yaml"))]:
        if not path.exists() or path in own:
            continue
        for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
            found = ids.findall(text) + [c for c in own_cards if re.search(rf"\b{c}\b", text)]
            if found:
                out.append(f"{_rel(path)}:{n}: refers to {', '.join(sorted(set(found)))}")
    return out


def remove(key: str) -> Removal:
    plan = plan_removal(key)
    if plan.blockers:
        raise KitError("\n".join(plan.blockers) + f"\nThese refer to article {plan.key}: edit them first, "
                       "then remove it. Nothing was removed.")
    seeds = seeds_dir()
    art = load_article(plan.key)
    from .exercises.model import BANK_DIR

    root = repo_root()
    changes = Changes([seeds, root / "solutions", BANK_DIR, root / "book", root / "exercises", root / "_toc.yml"])
    try:
        for path in plan.files:
            changes.delete(path)
        if plan.toc:
            from .capstone import toc_without

            toc_file = root / "_toc.yml"
            changes.write(toc_file, toc_without(toc_file.read_text(encoding="utf-8"), plan.key).encode("utf-8"))
        for path in plan.rows:
            kept = [line for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1)
                    if not (n > 1 and len(line.split("\t")) > 1 and line.split("\t")[1] == plan.key)]
            changes.write(path, "\n".join(kept).encode("utf-8"))
        sums = seeds / "SHA256SUMS"
        kept = [line for line in sums.read_text(encoding="utf-8").split("\n")
                if not (len(line.split()) == 2 and line.split()[1].lstrip("*") == art.file)]
        changes.write(sums, "\n".join(kept).encode("utf-8"))
        listing = seeds / "articles.yaml"
        before = listing.read_text(encoding="utf-8")
        after, n = re.subn(rf"^- id: ['\"]?{plan.key}['\"]?\n(?:[ \t]+.*\n?)*", "", before, flags=re.M)
        if n != 1:
            raise KitError(f"seeds/articles.yaml: the entry of {plan.key} is not in the form `article add` "
                           "wrote it (- id: ... on its own line): take it out by hand, then run remove again.")
        changes.write(listing, after.encode("utf-8"))
        clear_caches()
        if plan.key in article_files():
            raise KitError(f"seeds/articles.yaml still lists {plan.key}")
        from .exercises.model import bank_cache, retired_ids

        bank_cache.cache_clear()
        retired_ids.cache_clear()
    except BaseException:
        changes.undo()
        raise
    return plan


# --- the command line ------------------------------------------------------------------------------------

def add_parser(sub) -> None:
    """The ``article`` command and its subcommands, on ``python -m medialit``'s parser."""
    art = sub.add_parser("article", help="bring your own article: add, import spans, exercises, remove",
                         description="Bring your own article: add a plain-text article to the corpus, "
                                     "annotate it, and generate an exercise set from its annotations.")
    asub = art.add_subparsers(dest="article_command", required=True)
    a = asub.add_parser("add", help="copy a plain-text article into seeds/ and print its paragraphs")
    a.add_argument("path", type=Path, help="the article, as a plain-text file (UTF-8, at most 1 MB)")
    a.add_argument("--id", required=True, dest="key", metavar="ID",
                   help="short id: a capital letter, then up to five capitals or digits (C, NYT, G24)")
    a.add_argument("--title", required=True, help="the article's headline")
    a.add_argument("--outlet", required=True, help="who published it (\"unknown\" if not known)")
    a.add_argument("--date", default=None, help="publication date, YYYY-MM-DD (or YYYY-MM, YYYY)")
    a.add_argument("--url", default=None, help="its web address (http:// or https://)")
    a.add_argument("--genre", default=None, help="news report, opinion, interview, ...")
    a.add_argument("--byline", default=None, help="the author's name as the text gives it")
    imp = asub.add_parser("import-spans", help="append technique spans from a SemEval-2020 Task 11 file")
    imp.add_argument("key", metavar="ID")
    imp.add_argument("file", type=Path, help="lines: article_id<TAB>technique<TAB>begin<TAB>end")
    ex = asub.add_parser("exercises", help="write solutions/exercises/<id>.yaml from the annotations")
    ex.add_argument("key", metavar="ID")
    ex.add_argument("--force", action="store_true", help="replace an existing definitions file (and its edits)")
    cap = asub.add_parser("capstone", help="write the capstone page of an added article and list it in _toc.yml",
                          description="Write book/capstone-<id>.md (the article, the four skills' exercises from "
                                      "its set, and a written fact-check scored on a 0-4 rubric), compile the set, "
                                      "write the page's notebooks and list the page in _toc.yml after the lessons.")
    cap.add_argument("key", metavar="ID")
    cap.add_argument("--force", action="store_true", help="write the page again (after you edit the exercise set)")
    cap.add_argument("--no-toc", action="store_true", help="leave _toc.yml alone (list the page yourself)")
    rm = asub.add_parser("remove", help="remove an added article and everything made from it")
    rm.add_argument("key", metavar="ID")
    rm.add_argument("--yes", action="store_true", help="remove without asking")


def run(args, out=None, err=None, stdin=None) -> int:
    """Run ``python -m medialit article ...``; returns the exit code. A refusal raises ``KitError``."""
    out, err, stdin = out or sys.stdout, err or sys.stderr, stdin or sys.stdin
    cmd = args.article_command
    if cmd == "add":
        res = add(args.path, args.key, args.title, args.outlet, date=args.date, url=args.url,
                  genre=args.genre, byline=args.byline)
        art = res.article
        words = sum(p.n_words for p in art.paragraphs)
        print(f"Added article {art.key}: {inert(art.title)} ({inert(art.meta['outlet'])}); "
              f"{len(art.paragraphs)} paragraph(s), {words:,} words.", file=out)
        for line in res.written:
            print(f"  wrote {line}", file=out)
        for note in res.notes:
            print(f"  note: {note}", file=out)
        print("Paragraphs (id, offsets, words, first words):", file=out)
        for line in paragraph_lines(art):
            print(line, file=out)
        print(f"Next: annotate it in the notebook solutions/annotate.ipynb (annotator(\"{art.key}\")), or by hand "
              f"(seeds/FORMATS.md: rows of article {art.key} in seeds/spans.tsv and "
              f"seeds/attributions.tsv, claims in seeds/claims_{art.key}.yaml, cards in "
              f"seeds/cards_{art.key}.yaml); then `python -m medialit article exercises {art.key}` "
              f"and `python -m medialit article capstone {art.key}`.", file=out)
    elif cmd == "import-spans":
        ids = import_spans(args.key, args.file)
        print(f"Imported {len(ids)} span(s) into seeds/spans.tsv: {ids[0]} to {ids[-1]}. Each rationale "
              "starts with TODO: check the label, write why, then run `python -m medialit validate`.", file=out)
    elif cmd == "exercises":
        gen = write_exercises(args.key, force=args.force)
        print(f"Wrote {_rel(gen.path)}: {len(gen.exercises)} exercise(s); they pass the checker, and every "
              "scored key earns full marks.", file=out)
        for d, note in zip(gen.exercises, gen.comments):
            print(f"  {d['id']} ({d['type']}): {_comment(note)}", file=out)
        for note in gen.notes:
            print(f"  left out: {note}", file=out)
        print(f"Edit it, then compile: python -m medialit exercises {gen.path.stem}", file=out)
    elif cmd == "capstone":
        from .capstone import write_capstone

        res = write_capstone(args.key, force=args.force, toc=not args.no_toc)
        print(f"Wrote {_rel(res.page)}: the article, then {res.exercises} exercise(s) in the four skills' "
              "order, ending with the written fact-check.", file=out)
        for path in res.notebooks:
            print(f"  wrote {_rel(path)}", file=out)
        if res.toc:
            print(f"  listed it in _toc.yml after lesson 4 (- file: book/{res.page.stem})", file=out)
        else:
            print(f"  _toc.yml is unchanged: add `- file: book/{res.page.stem}` to it to put the page in the book.",
                  file=out)
        print("Build the book with ./kit book. After the class has handed in, grade with "
              "`python -m medialit grade` and score the fact-check in the rubric file it writes.", file=out)
    elif cmd == "remove":
        plan = plan_removal(args.key)
        if plan.blockers:
            raise KitError("\n".join(plan.blockers) + f"\nThese refer to article {plan.key}: edit them "
                           "first, then remove it. Nothing was removed.")
        print(f"This removes article {plan.key} and everything made from it:", file=out)
        for line in plan.lines():
            print(line, file=out)
        if not args.yes:
            if not (hasattr(stdin, "isatty") and stdin.isatty()):
                print("Nothing was removed: run again with --yes to remove these.", file=err)
                return 2
            print("Remove them? [y/N] ", end="", file=out, flush=True)
            if stdin.readline().strip().lower() not in ("y", "yes"):
                print("Nothing was removed.", file=out)
                return 1
        remove(args.key)
        print(f"Removed article {plan.key}.", file=out)
    return 0
