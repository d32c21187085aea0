"""Single choice: one option is right (others the author accepts too); feedback per option."""

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


def option_text(ex, oid: str) -> str:
    return next((o["text"] for o in ex.public["options"] if o["id"] == oid), oid)


class Single(ExerciseType):
    name = "single"
    fields = {"options": Field("list", required=True, item="mapping", fields=OPTION),
              "answer": Field("text", required=True, doc="the id of the right option"),
              "also_right": Field("list", item="text",
                                  doc="ids of other options accepted as right (two defensible answers)")}

    def check(self, d, s):
        ids = check_options(d, s)
        if len(ids) < 2:
            s.at(("options",), "a choice needs at least two options")
        if d["answer"] not in ids:
            s.at(("answer",), f"the answer {d['answer']!r} is not among the option ids ({', '.join(ids)})")
        for i, a in enumerate(d.get("also_right") or []):
            if a not in ids or a == d["answer"]:
                s.at(("also_right", i), f"{a!r} is not another option id")

    def compile(self, d):
        public = {"options": [{"id": o["id"], "text": o["text"]} for o in d["options"]]}
        secret = {"feedback": {o["id"]: o.get("feedback", "") for o in d["options"]}, "key": d["answer"]}
        if d.get("also_right"):
            secret["also"] = list(d["also_right"])
        return public, secret

    def score(self, ex, secret, answer):
        ids = [o["id"] for o in ex.public["options"]]
        if not isinstance(answer, str) or answer not in ids:
            return bad(ex, f"Choose one of the options ({', '.join(ids)}).")
        right = answer == secret["key"] or answer in secret.get("also", [])
        fb = secret["feedback"].get(answer, "")
        items = [{"id": answer, "status": "right" if right else "wrong", "text": option_text(ex, answer),
                  "feedback": fb}]
        if not right:  # the right option, shown once earned or asked for
            items.append({"id": secret["key"], "status": "answer", "hidden": True,
                          "text": option_text(ex, secret["key"]),
                          "feedback": secret["feedback"].get(secret["key"], "")})
        return Result(ex.id, 1.0 if right else 0.0, ex.points, "Right." if right else "Not quite.", items)

    def examples(self, ex):
        secret = ex.secret()
        key = secret["key"]
        wrong = next(o["id"] for o in ex.public["options"] if o["id"] != key and o["id"] not in secret.get("also", []))
        return {"right": key, "wrong": wrong, "partial": wrong, "empty": None, "malformed": 42.5}

    def describe(self, ex, answer):
        return option_text(ex, answer) if isinstance(answer, str) else super().describe(ex, answer)


TYPE = Single()
