"""Highlight: mark the words of a passage that use a technique (spans from the corpus)."""

from __future__ import annotations

from ..core import Result, bad
from ..schema import Field
from .base import ExerciseType
from .passages import passage, span_words, technique_spans


class Highlight(ExerciseType):
    name = "highlight"
    fields = {"paragraph": Field("text", required=True, ref="paragraph"),
              "techniques": Field("list", required=True, item="text", ref="technique")}

    def check(self, d, s):
        if not s.corpus.has("paragraph", d["paragraph"]):
            return  # reported with the field
        key, _ = technique_spans(d["paragraph"], d["techniques"])
        if not key:
            s.at(("techniques",), f"no annotated span of {', '.join(d['techniques'])} in {d['paragraph']}")

    def compile(self, d):
        key, others = technique_spans(d["paragraph"], d["techniques"])
        return ({"passage": passage(d["paragraph"]), "techniques": list(d["techniques"])},
                {"key": key, "others": others})

    def score(self, ex, secret, answer):
        tokens = ex.public["passage"]["tokens"]
        if isinstance(answer, (str, dict)) or not isinstance(answer, (list, tuple, set)):
            return bad(ex, "Mark words in the passage; the answer should be a list of word numbers.")
        if not all((isinstance(i, int) and not isinstance(i, bool)) or (isinstance(i, float) and i.is_integer())
                   for i in answer):
            return bad(ex, "Word numbers must be whole numbers.")
        answer = [int(i) for i in answer]
        if any(i < 0 or i >= len(tokens) for i in answer):
            return bad(ex, f"Word numbers run from 0 to {len(tokens) - 1}.")
        marked = set(answer)
        key = secret["key"]
        key_words: set[int] = set()
        boundary: set[int] = set()
        items, found = [], 0
        for sp in key:
            words = span_words(tokens, sp["begin"], sp["end"])
            key_words.update(words)
            hit = len(marked.intersection(words)) / len(words) >= 0.5
            found += hit
            if hit:  # a word either side of a found span is a boundary difference, not an error
                boundary.update({words[0] - 1, words[-1] + 1})
            items.append({"id": sp["id"], "status": "found" if hit else "missed", "text": sp["text"],
                          "technique": sp["technique"], "feedback": sp["rationale"]})
        excess = sorted(marked - key_words - boundary)
        for run in _runs(excess):
            b, e = tokens[run[0]][0], tokens[run[-1]][1]
            text = ex.public["passage"]["text"][b:e]
            other = next((o for o in secret.get("others", []) if o["begin"] < e and o["end"] > b), None)
            fb = (f"Annotated as {other['technique']}, not the technique asked for: {other['rationale']}"
                  if other else "Not annotated as this technique.")
            items.append({"id": None, "status": "excess", "text": text, "feedback": fb})
        value = max(0.0, found / len(key) - len(excess) / len(key_words))
        return Result(ex.id, value, ex.points,
                      f"You found {found} of {len(key)} annotated spans"
                      + (f" and marked {len(excess)} word(s) outside them." if excess else "."), items)

    def key_answer(self, ex, secret):
        tokens = ex.public["passage"]["tokens"]
        return sorted({i for sp in secret["key"] for i in span_words(tokens, sp["begin"], sp["end"])})

    def examples(self, ex):
        key = self.key_answer(ex, ex.secret())
        n = len(ex.public["passage"]["tokens"])
        outside = [i for i in range(n) if all(abs(i - k) > 1 for k in key)][:2]
        return {"right": key, "wrong": outside or [0, 1], "partial": key[: len(key) // 2],
                "empty": [], "malformed": [float(key[0]) + 0.5] if key else ["x"]}


def _runs(indices: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for i in indices:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


TYPE = Highlight()
