"""Offline search over the source cards, for lateral reading without a network.

``build_index()`` turns the cards into one JSON-ready dict: the cards' display fields and a
BM25 index of their words. The book writes that dict to ``_static/cards-index.json`` and its
JavaScript (``static/cardsearch.js``) ranks with it; ``search()`` here ranks with the same
dict. Both sides tokenise and stem alike (a small suffix stemmer, so "listed", "listing" and
"listings" meet), and a test runs the same queries through both and compares the rankings.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

INDEX_VERSION = 1
K1 = 1.2
B = 0.75
# Fields and how many times each counts.
FIELDS = (("title", 2), ("keywords", 2), ("publisher", 1), ("summary", 1), ("excerpt", 1))
STOPWORDS = frozenset(
    "a an and are as at be but by for from had has have he her his in is it its of on or "
    "that the their them they this to was were which who will with".split()
)
_TOKEN = re.compile(r"[a-z0-9]+")
# (suffix, replacement, letters that must remain), first match wins; mirrored in cardsearch.js.
_PLURAL = (("sses", "ss", 2), ("ies", "y", 2), ("s", "", 3))
_SUFFIXES = (
    ("ational", "ate", 3), ("ation", "ate", 3), ("ated", "ate", 3), ("ating", "ate", 3),
    ("ment", "", 4), ("ing", "", 3), ("edly", "", 3), ("ed", "", 3), ("ly", "", 4),
)


def stem(word: str) -> str:
    for suffix, repl, keep in _PLURAL:
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            if suffix == "s" and word[-2:] in ("ss", "us", "is"):
                break
            word = word[: -len(suffix)] + repl
            break
    for suffix, repl, keep in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            return word[: -len(suffix)] + repl
    return word


def tokens(text: str) -> list[str]:
    """Lower-case, strip accents, split on anything not a letter or digit, drop one-letter
    tokens and stopwords, stem."""
    text = unicodedata.normalize("NFKD", str(text).lower())
    text = "".join(c for c in text if not unicodedata.category(c).startswith("M"))
    return [stem(t) for t in _TOKEN.findall(text) if len(t) > 1 and t not in STOPWORDS]


def _field_text(card: dict, field: str) -> str:
    value = card.get(field) or ""
    return " ".join(map(str, value)) if isinstance(value, list) else str(value)


def _preview(summary, limit: int = 180) -> str:
    """The start of what a card says, for a results list: whole words, at most ``limit`` characters."""
    text = " ".join(str(summary or "").split()) if isinstance(summary, str) else ""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def build_index(cards: list[dict] | None = None) -> dict:
    """The JSON-ready search index over ``cards`` (default: every card in seeds/)."""
    if cards is None:
        from .dataset import cards as load_cards

        cards = load_cards().sort_values("id").to_dict("records")
    docs, postings = [], {}
    for i, card in enumerate(cards):
        counts: dict[str, int] = {}
        length = 0
        for field, weight in FIELDS:
            for tok in tokens(_field_text(card, field)):
                counts[tok] = counts.get(tok, 0) + weight
                length += weight
        for tok, tf in counts.items():
            postings.setdefault(tok, []).append([i, tf])
        docs.append({
            "id": card["id"], "len": length,
            **{k: (None if card.get(k) is None else str(card.get(k)))
               for k in ("title", "publisher", "date", "partisan", "kind", "url")},
            "preview": _preview(card.get("summary")),
        })
    avgdl = sum(d["len"] for d in docs) / len(docs) if docs else 0.0
    return {"version": INDEX_VERSION, "k1": K1, "b": B, "avgdl": avgdl, "docs": docs,
            "postings": dict(sorted(postings.items()))}


@lru_cache(maxsize=1)
def default_index() -> dict:
    return build_index()


def search(query: str, index: dict | None = None, limit: int = 10) -> list[tuple[str, float]]:
    """Card ids ranked by BM25 for ``query``: [(id, score), ...], best first, ties by id."""
    index = index or default_index()
    n = len(index["docs"])
    k1, b, avgdl = index["k1"], index["b"], index["avgdl"]
    scores: dict[int, float] = {}
    for term in dict.fromkeys(tokens(query)):  # each query term once, in order
        plist = index["postings"].get(term)
        if not plist:
            continue
        idf = math.log(1 + (n - len(plist) + 0.5) / (len(plist) + 0.5))
        for doc, tf in plist:
            dl = index["docs"][doc]["len"]
            scores[doc] = scores.get(doc, 0.0) + idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], index["docs"][kv[0]]["id"]))
    return [(index["docs"][d]["id"], s) for d, s in ranked[:limit]]
