"""Which exercises and lesson passages use a claim, card, span or attribution that changed.

``seeds/affected-by-corrections.tsv`` lists every corpus item a correction changed; its
``used_by`` column names the exercise definitions and pages that mention the item, so that
whoever edits the lessons can bring each one into line. ``used_by()`` computes the column from
the files; a test keeps the file current.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from ..paths import repo_root, seeds_dir

COLUMNS = ["item", "change", "used_by"]


def _sources() -> list[tuple[str, str]]:
    root = repo_root()
    out = []
    for path in sorted((root / "solutions" / "exercises").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        # Name the exercise that mentions the item, not just the file.
        for block in re.split(r"\n  - id: ", text)[1:]:
            ex_id = block.split("\n", 1)[0].strip()
            out.append((f"exercise {ex_id}", block))
    for folder in ("book", "exercises"):
        for path in sorted((root / folder).glob("*.md")) + sorted((root / folder).glob("*.ipynb")):
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".ipynb":
                text = "\n".join("".join(c["source"]) for c in json.loads(text)["cells"])
            out.append((path.relative_to(root).as_posix(), text))
    return out


ITEM_ID = re.compile(r"[A-Z][A-Z0-9]{0,5}-[CSTPR]\d{2,}|SC-\d{3}")


def _mentions(sources, ident: str) -> list[str]:
    pattern = re.compile(rf"(?<![\w-]){re.escape(ident)}(?![\w-])")
    return [where for where, text in sources if pattern.search(text)]


def used_by(items: list[str]) -> dict[str, str]:
    """Item id -> "exercise L1-E07; book/lesson1.ipynb": where the item is used, directly (its
    id appears) or through the corpus (a span's paragraph in a highlight exercise; a card's
    claims in a lateral exercise)."""
    from .loaders import claims, spans

    sources = _sources()
    span_para = dict(zip(spans()["span_id"], spans()["paragraph_id"]))
    claims_of: dict[str, list[str]] = {}
    for r in claims().itertuples():
        for card in r.evidence:
            claims_of.setdefault(card, []).append(r.id)
    out = {}
    for item in items:
        if not ITEM_ID.fullmatch(item):
            out[item] = ""  # a change to a whole file (a new field), not to one item
            continue
        where = _mentions(sources, item)
        if item in span_para:  # a highlight exercise on the span's paragraph
            where += [w for w in _mentions(sources, span_para[item]) if w.startswith("exercise ")]
        for claim in claims_of.get(item, []):  # a lateral exercise on a claim the card backs
            where += [w for w in _mentions(sources, claim) if w.startswith("exercise ")]
        out[item] = "; ".join(dict.fromkeys(where))
    return out


def read() -> list[dict]:
    with open(seeds_dir() / "affected-by-corrections.tsv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def refresh(path: Path | None = None) -> Path:
    """Rewrite the ``used_by`` column from the files as they are now."""
    path = path or seeds_dir() / "affected-by-corrections.tsv"
    rows = read()
    found = used_by([r["item"].split()[0] for r in rows])
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow([r["item"], r["change"], found[r["item"].split()[0]]])
    return path
