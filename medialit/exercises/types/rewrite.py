"""Rewrite: put a loaded passage in neutral words. Practice only: never scored. The feedback
flags what to look at again (annotated loaded terms still there, scare quotes), lists the facts
of the original that the rewrite dropped (every number in the passage, and the facts a
definition names), and ends with a short checklist."""

from __future__ import annotations

import re

from ..core import Result, bad
from ..schema import Field
from .base import ExerciseType
from .passages import passage, technique_spans

# Techniques whose words a neutral rewrite should not keep.
REWRITE_FLAGGED = ("Loaded_Language", "Name_Calling,Labeling", "Doubt", "Exaggeration,Minimisation")
_SCARE = re.compile(r"[‘“\"']([^‘’“”\"'\n]{1,40})[’”\"']")


_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)*")

CHECKLIST = ["Did you keep every fact: who, what, when, where, and the numbers?",
             "Did you drop the labels, the loaded words and the scare quotes?",
             "Did you keep the accurate terms, even when they sound strong?"]


def _has(text_low: str, word: str) -> bool:
    """Whether ``word`` is in the text as a word (a number: not inside a longer number, so that
    "1990" is found in "the 1990s")."""
    word = word.strip().lower()
    edge = r"[0-9]" if _NUMBER.fullmatch(word) else r"\w"
    return bool(word) and re.search(f"(?<!{edge})" + re.escape(word) + f"(?!{edge})", text_low) is not None


def passage_facts(passage_text: str, facts: list | None = None) -> list[dict]:
    """The facts a rewrite should keep: those a definition names ({text, words}: kept when any
    of the words is there), then every number in the passage."""
    out = [{"text": f["text"], "words": list(f["words"])} for f in facts or []]
    named = {w.lower() for f in out for w in f["words"]}
    seen: set[str] = set()
    for m in _NUMBER.finditer(passage_text):
        n = m.group()
        if n in seen or n.lower() in named:
            continue
        seen.add(n)
        if len(n) == 2 and passage_text[m.end():m.end() + 2] in ("’s", "'s"):  # a decade: the 70's
            out.append({"text": f"the {n}’s (19{n}s)", "words": [n, f"19{n}"]})
        else:
            out.append({"text": f"the number {n}", "words": [n]})
    return out


def rewrite_flags(text: str, key: dict) -> list[dict]:
    protect = [p.lower() for p in key.get("protect", [])]
    flags = []
    low = text.lower()
    for term in key["flag"]:
        bare = term.strip("‘’“”\"' ").lower()
        if bare and re.search(r"(?<!\w)" + re.escape(bare) + r"(?!\w)", low) and bare not in protect:
            flags.append({"id": None, "status": "flag", "text": term,
                          "feedback": "An annotated loaded term is still there."})
    for m in _SCARE.finditer(text):
        inner = m.group(1).strip()
        if len(inner.split()) <= 3 and inner.lower() not in protect:
            flags.append({"id": None, "status": "flag", "text": m.group(0),
                          "feedback": "Quotation marks around a word or two can act as scare quotes."})
    for fact in key.get("facts", []):
        if not any(_has(low, w) for w in fact["words"]):
            flags.append({"id": None, "status": "missed", "text": fact["text"],
                          "feedback": "The original gives this fact; your version leaves it out."})
    return flags


def checklist(key: dict) -> list[dict]:
    protect = key.get("protect", [])
    last = CHECKLIST[2] + (f" Here: {', '.join(protect)}." if protect else "")
    return [{"id": None, "status": "check", "text": q, "feedback": ""} for q in CHECKLIST[:2] + [last]]


class Rewrite(ExerciseType):
    name = "rewrite"
    scored = False
    empty_feedback = "No rewrite yet: type your version of the passage, then check."
    fields = {"paragraph": Field("text", required=True, ref="paragraph"),
              "sentence": Field("text", doc="the sentence to focus on, if not the whole paragraph"),
              "flag_techniques": Field("list", item="text", ref="technique"),
              "protect": Field("list", item="text", doc="terms the checker must never flag (legal terms)"),
              "facts": Field("list", doc="facts a rewrite should keep: mappings {text, words}; kept when "
                                        "any of the words is in the rewrite (the passage's numbers are "
                                        "added by themselves)")}

    def check(self, d, s):
        if not s.corpus.has("paragraph", d["paragraph"]):
            return  # reported with the field
        if d.get("sentence"):
            from ...corpus import find_paragraph

            if d["sentence"] not in find_paragraph(d["paragraph"]).text:
                s.at(("sentence",), f"the sentence is not in {d['paragraph']}")
        for i, f in enumerate(d.get("facts") or []):
            if not (isinstance(f, dict) and isinstance(f.get("text"), str) and isinstance(f.get("words"), list)
                    and f["words"] and all(isinstance(w, str) and w.strip() for w in f["words"])):
                s.at(("facts", i), "a fact is a mapping with 'text' and a non-empty list of 'words'")

    def compile(self, d):
        public = {"passage": passage(d["paragraph"])}
        if d.get("sentence"):
            public["passage"]["focus"] = d["sentence"]
        key, _ = technique_spans(d["paragraph"], list(d.get("flag_techniques", REWRITE_FLAGGED)))
        protect = [t.lower() for t in d.get("protect", [])]
        # Words and short phrases only: a sentence-long span can't be "kept" word for word.
        terms = sorted({sp["text"] for sp in key if sp["text"].lower() not in protect
                        and len(sp["text"].split()) <= 5}, key=str.lower)
        text = public["passage"].get("focus") or public["passage"]["text"]
        return public, {"key": {"flag": terms, "protect": d.get("protect", []),
                                "facts": passage_facts(text, d.get("facts"))}}

    def score(self, ex, secret, answer):
        if not isinstance(answer, str):
            return bad(ex, "Type your rewrite as text.")
        flags = rewrite_flags(answer, secret["key"])
        msg = ("No annotated loaded term or scare quote left, and no fact the kit knows of is missing. "
               "Compare your version with the original once more." if not flags else
               f"{len(flags)} thing(s) to look at again. This check is for practice: it is never scored.")
        return Result(ex.id, None, ex.points, msg, flags + checklist(secret["key"]))

    def key_answer(self, ex, secret):
        return None

    def describe(self, ex, answer):
        if isinstance(answer, str):
            return answer if len(answer) <= 160 else answer[:157].rsplit(" ", 1)[0] + "…"
        return super().describe(ex, answer)

    def examples(self, ex):
        terms = ex.secret()["key"]["flag"]
        loaded = f"The author writes about {terms[0]}." if terms else "They call them ‘guests’ here."
        return {"right": "A neutral version of the paragraph.", "wrong": loaded,
                "partial": "They call it ‘" + "😀" * 25 + "’ here. A ‘guests’ word", "empty": "",
                "malformed": 42.5}


TYPE = Rewrite()
