"""The corpus's texts, with stable paragraph ids and character offsets.

A paragraph is a maximal block of lines without a blank line; headings, bylines and photo
captions are paragraphs too. Paragraphs are numbered from 1 in reading order and get ids like
``A-P07``. Offsets are Python string indices (Unicode code points, not bytes), ``start``
inclusive and ``end`` exclusive, into the verbatim text: ``article.text[p.start:p.end] == p.text``.

Any text ``article add`` accepts loads the same way (``seeds/FORMATS.md``, "Offsets"): a line
ends at LF, and the CR of a CRLF belongs to the line break, never to a paragraph (it still
counts as a character); a byte-order mark is character 0 and never part of a paragraph;
characters outside the Basic Multilingual Plane count as one each, as Python counts them;
ids get three digits (``X-P001``) when a text has more than 99 paragraphs. Bidirectional
control characters stay in the text (offsets count them) and ``inert`` shows them as marks.

Every load checks the text against ``seeds/SHA256SUMS``, so a seed edited by accident is
caught before any annotation offset silently points at the wrong words.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:  # pandas is imported when a frame is asked for: the book's build needs none
    import pandas as pd

from ..errors import KitError, SeedIntegrityError
from ..paths import seeds_dir

ID_PATTERN = r"[A-Z][A-Z0-9]{0,5}"
BOM = "\ufeff"
# The explicit bidirectional formatting characters (embeddings, overrides, isolates and their
# terminators): they reorder the text around them when displayed, so the kit shows them as
# visible marks instead (``inert``). The implicit marks (LRM, RLM, ALM) are left alone: they
# belong to ordinary right-to-left writing and cannot reverse strong characters.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
BIDI_RE = re.compile(f"[{BIDI_CONTROLS}]")


def inert(text: str) -> str:
    """``text`` with each bidirectional control character shown as a mark (``⟨U+202E⟩``), so
    that it displays in its stored order. For display only: offsets index the stored text.
    Mirrored by ``inert`` in ``static/src/core.js``."""
    return BIDI_RE.sub(lambda m: f"\u27e8U+{ord(m.group()):04X}\u27e9", str(text))


def clear_caches() -> None:
    """Forget the list of texts and the loaded texts (after ``article add`` or ``remove``)."""
    _article_list.cache_clear()
    load_article.cache_clear()


@lru_cache(maxsize=8)
def _article_list(folder: str) -> tuple[tuple[str, str, str], ...]:
    """(id, file, role) of every text, read from ``seeds/articles.yaml``."""
    path = Path(folder) / "articles.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as exc:
        raise KitError(f"seeds/articles.yaml cannot be read ({exc}).") from exc
    out = []
    for n, item in enumerate(data if isinstance(data, list) else [], start=1):
        if not isinstance(item, dict) or not re.fullmatch(ID_PATTERN, str(item.get("id", ""))) \
                or not item.get("file"):
            raise KitError(f"seeds/articles.yaml, entry {n}: needs an id (like A) and a file.")
        out.append((str(item["id"]), str(item["file"]), str(item.get("role", "case study"))))
    if not out:
        raise KitError("seeds/articles.yaml lists no texts.")
    return tuple(out)


def article_files() -> dict[str, str]:
    """Every text of the corpus: its key (``"A"``) to its file name in ``seeds/``."""
    return {key: name for key, name, _ in _article_list(str(seeds_dir()))}


def article_keys() -> tuple[str, ...]:
    return tuple(article_files())


def article_roles() -> dict[str, str]:
    return {key: role for key, _, role in _article_list(str(seeds_dir()))}


_BLOCK = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")
_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")


@dataclass(frozen=True)
class Paragraph:
    id: str
    article: str
    index: int
    start: int
    end: int
    text: str

    @property
    def n_words(self) -> int:
        return len(_WORD.findall(self.text))


@dataclass(frozen=True)
class Article:
    key: str
    file: str
    text: str
    sha256: str
    meta: dict = field(repr=False)
    paragraphs: tuple[Paragraph, ...] = field(repr=False)

    @property
    def title(self) -> str:
        return self.meta["title"]

    def paragraph(self, pid: str) -> Paragraph:
        for p in self.paragraphs:
            if p.id == pid:
                return p
        raise KitError(f"Article {self.key} has no paragraph {pid!r} (it has {self.paragraphs[0].id} to {self.paragraphs[-1].id}).")

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph holding character ``offset``, or None if it falls between paragraphs."""
        for p in self.paragraphs:
            if p.start <= offset < p.end:
                return p
        return None


def split_paragraphs(text: str, key: str) -> tuple[Paragraph, ...]:
    """Split ``text`` into paragraphs: maximal runs of lines that are not blank.

    A line ends at LF. A line is blank when it is empty or holds only whitespace (a CR is
    whitespace, so a CRLF file's blank lines are blank). A paragraph's span runs from the start
    of its first line to the end of its last line, line break excluded: the LF, and the CR of a
    CRLF. A byte-order mark at the start of the text is never part of a paragraph. Ids have two
    digits, or as many as the number of paragraphs needs (``X-P001`` ... ``X-P120``).
    """
    blocks = []
    for m in _BLOCK.finditer(text, 1 if text.startswith(BOM) else 0):
        start, end = m.start(), m.end()
        while text[end - 1] == "\r":  # the CR of the last line's CRLF
            end -= 1
        blocks.append((start, end))
    width = max(2, len(str(len(blocks))))
    return tuple(
        Paragraph(
            id=f"{key}-P{i:0{width}d}",
            article=key,
            index=i,
            start=start,
            end=end,
            text=text[start:end],
        )
        for i, (start, end) in enumerate(blocks, start=1)
    )


def recorded_sums(folder: Path | None = None) -> dict[str, str]:
    """File name to SHA-256, as recorded in ``seeds/SHA256SUMS``."""
    folder = folder or seeds_dir()
    sums_file = folder / "SHA256SUMS"
    sums = {}
    for n, line in enumerate(sums_file.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split()
        if len(parts) != 2 or not re.fullmatch(r"[0-9a-f]{64}", parts[0]):
            raise KitError(f"{sums_file}, line {n}: expected '<sha256>  <file name>'.")
        sums[parts[1].lstrip("*")] = parts[0]
    return sums


@lru_cache(maxsize=None)
def load_article(key: str) -> Article:
    """Load a text (``"A"``, ``"B"``, ...), checked against its recorded SHA-256."""
    key = str(key).upper()
    files = article_files()
    if key not in files:
        raise KitError(f"Unknown article {key!r}: the texts are {', '.join(map(repr, files))}.")
    folder = seeds_dir()
    name = files[key]
    raw = (folder / name).read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    expected = recorded_sums(folder).get(name)
    if expected is None:
        raise SeedIntegrityError(f"seeds/SHA256SUMS has no line for {name}.")
    if digest != expected:
        raise SeedIntegrityError(
            f"seeds/{name} has changed: its SHA-256 is {digest}, but seeds/SHA256SUMS records "
            f"{expected}. The seeds must stay byte-for-byte as received, because every "
            f"annotation offset depends on them. Restore the file (git checkout seeds/{name})."
        )
    text = raw.decode("utf-8")
    meta_file = folder / (Path(name).stem + ".yml")
    meta = yaml.safe_load(meta_file.read_text(encoding="utf-8"))
    if meta.get("id") != key or meta.get("file") != name:
        raise KitError(f"{meta_file.name}: expected id {key} and file {name}.")
    return Article(key, name, text, digest, meta, split_paragraphs(text, key))


def articles() -> dict[str, Article]:
    """Every text of the corpus, by key."""
    return {key: load_article(key) for key in article_files()}


def paragraphs_frame() -> pd.DataFrame:
    """One row per paragraph of every text: ids, offsets, sizes and text."""
    rows = [
        {
            "article": p.article,
            "paragraph_id": p.id,
            "index": p.index,
            "start": p.start,
            "end": p.end,
            "n_chars": p.end - p.start,
            "n_words": p.n_words,
            "text": p.text,
        }
        for art in articles().values()
        for p in art.paragraphs
    ]
    import pandas as pd

    return pd.DataFrame(rows)


def metadata_frame() -> pd.DataFrame:
    """One row per article: the main fields of its metadata file."""
    fields = ["id", "title", "byline", "outlet", "date", "date_confidence", "url", "genre"]
    import pandas as pd

    return pd.DataFrame([{f: a.meta.get(f) for f in fields} for a in articles().values()])


def find_paragraph(paragraph_id: str) -> Paragraph:
    """A paragraph of any text by its id (``"A-P08"``), or a ``KitError`` saying what exists."""
    key, sep, _ = str(paragraph_id).partition("-P")
    if not sep:
        raise KitError(f"{paragraph_id!r} is not a paragraph id (they look like A-P08).")
    return load_article(key).paragraph(str(paragraph_id))
