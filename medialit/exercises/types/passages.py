"""Passages from the corpus, split into words: shared by the highlight and rewrite types."""

from __future__ import annotations

import re

from ... import dataset
from ...corpus import find_paragraph

_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")


def word_tokens(text: str) -> list[list[int]]:
    """[begin, end] of each word in ``text`` (Python string indices)."""
    return [[m.start(), m.end()] for m in _WORD.finditer(text)]


def passage(paragraph_id: str) -> dict:
    p = find_paragraph(paragraph_id)
    return {"article": p.article, "paragraph_id": p.id, "offset": p.start, "text": p.text,
            "tokens": word_tokens(p.text)}


def span_words(tokens: list, begin: int, end: int) -> list[int]:
    """Indices of the words that overlap the span [begin, end)."""
    return [i for i, (b, e) in enumerate(tokens) if b < end and e > begin]


def technique_spans(paragraph_id: str, techniques: list[str]) -> tuple[list[dict], list[dict]]:
    """The annotated spans of a paragraph: those of ``techniques`` (main label or accepted
    alternative) and the others, with offsets relative to the paragraph."""
    p = find_paragraph(paragraph_id)
    spans = dataset.spans()
    spans = spans[spans.paragraph_id == paragraph_id]
    key, others = [], []
    for r in spans.itertuples():
        entry = {"id": r.span_id, "begin": r.begin - p.start, "end": r.end - p.start,
                 "technique": r.technique, "alt": r.alt_technique or None,
                 "text": r.text, "rationale": r.rationale}
        (key if (r.technique in techniques or r.alt_technique in techniques) else others).append(entry)
    return key, others
