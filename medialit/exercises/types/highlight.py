"""Highlight: mark the words of a passage that use a technique (spans from the corpus).

The key may be empty: a plainly written passage, where the right answer is "nothing loaded
here" (the answer ``{"nothing": true}``, distinct from not answering). Such a passage is
scored on false alarms: every run of marked words costs a third.

The rule students are told: a phrase counts as found when at least half its words are marked,
and part of a phrase earns part of the credit (its share of words marked, doubled, up to 1).
A word either side of a found phrase is a boundary difference, not an error; any other marked
word outside the annotated phrases costs its share of the annotated words.
"""

from __future__ import annotations

from ..core import Result, bad
from ..schema import Field
from .base import ExerciseType
from .passages import passage, span_words, technique_spans


class Highlight(ExerciseType):
    name = "highlight"
    fields = {"paragraph": Field("text", required=True, ref="paragraph"),
              "techniques": Field("list", required=True, item="text", ref="technique"),
              "nothing_here": Field("bool", doc="true when the passage holds none of the techniques: "
                                                  "the right answer is 'nothing loaded here'"),
              "nothing_feedback": Field("text", doc="why there is nothing loaded here")}

    def check(self, d, s):
        if not s.corpus.has("paragraph", d["paragraph"]):
            return  # reported with the field
        key, _ = technique_spans(d["paragraph"], d["techniques"])
        if not key and not d.get("nothing_here"):
            s.at(("techniques",), f"no annotated span of {', '.join(d['techniques'])} in {d['paragraph']}: "
                                  "if that is the point, add nothing_here: true")
        if key and d.get("nothing_here"):
            s.at(("nothing_here",), f"{d['paragraph']} has {len(key)} annotated span(s) of these techniques")

    def compile(self, d):
        key, others = technique_spans(d["paragraph"], d["techniques"])
        secret = {"key": key, "others": others}
        if d.get("nothing_feedback"):
            secret["nothing_feedback"] = d["nothing_feedback"]
        from ...corpus.vocabulary import display_name

        return {"passage": passage(d["paragraph"]), "techniques": list(d["techniques"]),
                "technique_names": [display_name(t) for t in d["techniques"]]}, secret

    def score(self, ex, secret, answer):
        tokens = ex.public["passage"]["tokens"]
        if answer == NOTHING:
            return _nothing(ex, secret)
        if isinstance(answer, (str, dict)) or not isinstance(answer, (list, tuple, set)):
            return bad(ex, "Mark words in the passage (a list of word numbers), or answer that nothing is loaded here.")
        if not all((isinstance(i, int) and not isinstance(i, bool)) or (isinstance(i, float) and i.is_integer())
                   for i in answer):
            return bad(ex, "Word numbers must be whole numbers.")
        answer = [int(i) for i in answer]
        if any(i < 0 or i >= len(tokens) for i in answer):
            return bad(ex, f"Word numbers run from 0 to {len(tokens) - 1}.")
        marked = set(answer)
        key = secret["key"]
        if not key:
            return _false_alarms(ex, secret, sorted(marked), tokens)
        key_words: set[int] = set()
        boundary: set[int] = set()
        items, found, partly, credit = [], 0, 0, 0.0
        for sp in key:
            words = span_words(tokens, sp["begin"], sp["end"])
            key_words.update(words)
            share = len(marked.intersection(words)) / len(words)
            hit = share >= 0.5
            found += hit
            partly += 0 < share < 0.5
            credit += min(1.0, 2 * share)
            if hit:  # a word either side of a found span is a boundary difference, not an error
                boundary.update({words[0] - 1, words[-1] + 1})
            items.append({"id": sp["id"], "status": "found" if hit else "missed", "text": sp["text"],
                          "technique": sp["technique"], "feedback": sp["rationale"], "hidden": not hit})
        excess = sorted(marked - key_words - boundary)
        for run in _runs(excess):
            b, e = tokens[run[0]][0], tokens[run[-1]][1]
            text = ex.public["passage"]["text"][b:e]
            other = next((o for o in secret.get("others", []) if o["begin"] < e and o["end"] > b), None)
            fb = (f"Annotated as {other['technique']}, not the technique asked for: {other['rationale']}"
                  if other else "Not annotated as this technique.")
            items.append({"id": None, "status": "excess", "text": text, "feedback": fb})
        value = max(0.0, credit / len(key) - len(excess) / len(key_words))
        return Result(ex.id, value, ex.points, summary(found, partly, len(key), len(excess)), items)

    def key_answer(self, ex, secret):
        if not secret["key"]:
            return dict(NOTHING)
        tokens = ex.public["passage"]["tokens"]
        return sorted({i for sp in secret["key"] for i in span_words(tokens, sp["begin"], sp["end"])})

    def examples(self, ex):
        key = self.key_answer(ex, ex.secret())
        if key == NOTHING:
            return {"right": dict(NOTHING), "wrong": [0, 1, 2, 5, 6, 9], "partial": [3],
                    "empty": [], "malformed": [0.5]}
        n = len(ex.public["passage"]["tokens"])
        outside = [i for i in range(n) if all(abs(i - k) > 1 for k in key)][:2]
        return {"right": key, "wrong": outside or dict(NOTHING), "partial": key[: len(key) // 2],
                "empty": [], "malformed": [float(key[0]) + 0.5]}


    def describe(self, ex, answer):
        if answer == NOTHING:
            return "Nothing loaded here"
        if isinstance(answer, list) and all(isinstance(i, int) for i in answer):
            tokens, text = ex.public["passage"]["tokens"], ex.public["passage"]["text"]
            runs = [text[tokens[r[0]][0]:tokens[r[-1]][1]] for r in _runs(sorted(i for i in set(answer) if 0 <= i < len(tokens)))]
            return " … ".join(f"“{r}”" for r in runs) or "no words marked"
        return super().describe(ex, answer)

def summary(found: int, partly: int, total: int, excess: int) -> str:
    """The feedback's first sentence (the JavaScript mirror builds the same one)."""
    text = f"You found {found} of {total} annotated phrase{'s' if total != 1 else ''}"
    if partly:
        text += (f", and marked part of {partly} more (a phrase counts when you mark at least half "
                 "its words; part of one earns part of the credit)")
    if excess:
        text += f"; you marked {excess} word{'s' if excess != 1 else ''} outside them"
    return text + "."


# The explicit answer "nothing loaded here" (not the same as no answer).
NOTHING = {"nothing": True}


def _nothing(ex, secret):
    """The student answered that nothing in the passage is loaded."""
    if not secret["key"]:
        return Result(ex.id, 1.0, ex.points, "Right: nothing here is loaded in the way asked about.",
                      [{"id": None, "status": "right", "text": "Nothing loaded here",
                        "feedback": secret.get("nothing_feedback", "")}])
    items = [{"id": sp["id"], "status": "missed", "text": sp["text"], "technique": sp["technique"],
              "feedback": sp["rationale"], "hidden": True} for sp in secret["key"]]
    return Result(ex.id, 0.0, ex.points,
                  f"There is something here: the annotators marked {len(secret['key'])} span(s) of the "
                  "techniques asked about.", items)


def _false_alarms(ex, secret, marked, tokens):
    """A passage with nothing to find: each run of marked words is a false alarm."""
    text = ex.public["passage"]["text"]
    items = []
    for run in _runs(marked):
        b, e = tokens[run[0]][0], tokens[run[-1]][1]
        other = next((o for o in secret.get("others", []) if o["begin"] < e and o["end"] > b), None)
        fb = (f"Annotated as {other['technique']}, not the technique asked for: {other['rationale']}"
              if other else "Not annotated as loaded: plain words.")
        items.append({"id": None, "status": "excess", "text": text[b:e], "feedback": fb})
    value = max(0.0, 1.0 - len(items) / 3)
    return Result(ex.id, value, ex.points,
                  f"You marked {len(items)} passage(s) as loaded; the annotators found none of the "
                  "techniques asked about here.", items)


def _runs(indices: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for i in indices:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


TYPE = Highlight()
