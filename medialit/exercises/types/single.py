"""Single choice: one option is right; each option has its own feedback."""

from __future__ import annotations

from ..core import Result, bad
from ..schema import Field
from .base import ExerciseType

OPTION = {"id": Field("text", required=True), "text": Field("text", required=True),
          "feedback": Field("text")}


def check_options(d, s) -> list[str]:
    ids = [o["id"] for o in d["options"]]
    s.unique(ids, ("options",), "option id")
    return ids


class Single(ExerciseType):
    name = "single"
    fields = {"options": Field("list", required=True, item="mapping", fields=OPTION),
              "answer": Field("text", required=True, doc="the id of the right option")}

    def check(self, d, s):
        ids = check_options(d, s)
        if len(ids) < 2:
            s.at(("options",), "a choice needs at least two options")
        if d["answer"] not in ids:
            s.at(("answer",), f"the answer {d['answer']!r} is not among the option ids ({', '.join(ids)})")

    def compile(self, d):
        public = {"options": [{"id": o["id"], "text": o["text"]} for o in d["options"]]}
        secret = {"feedback": {o["id"]: o.get("feedback", "") for o in d["options"]}, "key": d["answer"]}
        return public, secret

    def score(self, ex, secret, answer):
        ids = [o["id"] for o in ex.public["options"]]
        if not isinstance(answer, str) or answer not in ids:
            return bad(ex, f"Choose one of the options ({', '.join(ids)}).")
        right = answer == secret["key"]
        fb = secret["feedback"].get(answer, "")
        items = [{"id": answer, "status": "right" if right else "wrong", "feedback": fb}]
        return Result(ex.id, 1.0 if right else 0.0, ex.points, ("Right. " if right else "Not quite. ") + fb, items)

    def examples(self, ex):
        key = ex.secret()["key"]
        wrong = next(o["id"] for o in ex.public["options"] if o["id"] != key)
        return {"right": key, "wrong": wrong, "partial": wrong, "empty": None, "malformed": 42.5}


TYPE = Single()
