"""Rewrite: put a loaded passage in neutral words. Practice only: never scored, flags what to
look at again (annotated loaded terms still there, scare quotes)."""

from __future__ import annotations

import re

from ..core import Result, bad
from ..schema import Field
from .base import ExerciseType
from .passages import passage, technique_spans

# Techniques whose words a neutral rewrite should not keep.
REWRITE_FLAGGED = ("Loaded_Language", "Name_Calling,Labeling", "Doubt", "Exaggeration,Minimisation")
_SCARE = re.compile(r"[‘“\"']([^‘’“”\"'\n]{1,40})[’”\"']")


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
    return flags


class Rewrite(ExerciseType):
    name = "rewrite"
    scored = False
    empty_feedback = "No rewrite yet: type your version of the passage, then check."
    fields = {"paragraph": Field("text", required=True, ref="paragraph"),
              "sentence": Field("text", doc="the sentence to focus on, if not the whole paragraph"),
              "flag_techniques": Field("list", item="text", ref="technique"),
              "protect": Field("list", item="text", doc="terms the checker must never flag (legal terms)")}

    def check(self, d, s):
        if not s.corpus.has("paragraph", d["paragraph"]):
            return  # reported with the field
        if d.get("sentence"):
            from ...corpus import find_paragraph

            if d["sentence"] not in find_paragraph(d["paragraph"]).text:
                s.at(("sentence",), f"the sentence is not in {d['paragraph']}")

    def compile(self, d):
        public = {"passage": passage(d["paragraph"])}
        if d.get("sentence"):
            public["passage"]["focus"] = d["sentence"]
        key, _ = technique_spans(d["paragraph"], list(d.get("flag_techniques", REWRITE_FLAGGED)))
        protect = [t.lower() for t in d.get("protect", [])]
        # Words and short phrases only: a sentence-long span can't be "kept" word for word.
        terms = sorted({sp["text"] for sp in key if sp["text"].lower() not in protect
                        and len(sp["text"].split()) <= 5}, key=str.lower)
        return public, {"key": {"flag": terms, "protect": d.get("protect", [])}}

    def score(self, ex, secret, answer):
        if not isinstance(answer, str):
            return bad(ex, "Type your rewrite as text.")
        flags = rewrite_flags(answer, secret["key"])
        msg = ("No annotated loaded term or scare quote left. Compare your version with the original: "
               "did you keep every fact?" if not flags else
               f"{len(flags)} thing(s) to look at again. This check is for practice: it is never scored.")
        return Result(ex.id, None, ex.points, msg, flags)

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
