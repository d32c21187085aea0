"""Multiple choice: tick every option that applies; a wrong tick cancels a right one."""

from __future__ import annotations

from ..core import Result, bad
from ..schema import Field
from .base import ExerciseType
from .single import OPTION, check_options


class Multiple(ExerciseType):
    name = "multiple"
    fields = {"options": Field("list", required=True, item="mapping", fields=OPTION),
              "answer": Field("list", required=True, item="text", doc="the ids of every right option")}

    def check(self, d, s):
        ids = check_options(d, s)
        for i, a in enumerate(d["answer"]):
            if a not in ids:
                s.at(("answer", i), f"the answer {a!r} is not among the option ids ({', '.join(ids)})")
        s.unique(d["answer"], ("answer",), "answer")

    def compile(self, d):
        public = {"options": [{"id": o["id"], "text": o["text"]} for o in d["options"]]}
        secret = {"feedback": {o["id"]: o.get("feedback", "") for o in d["options"]},
                  "key": sorted(d["answer"])}
        return public, secret

    def score(self, ex, secret, answer):
        ids = [o["id"] for o in ex.public["options"]]
        if isinstance(answer, str) or not isinstance(answer, (list, tuple, set)):
            return bad(ex, "Tick one or more options; the answer should be a list of option ids.")
        chosen = list(dict.fromkeys(answer))
        unknown = [a for a in chosen if a not in ids]
        if unknown:
            return bad(ex, f"Unknown option(s): {', '.join(map(str, unknown))}. The options are {', '.join(ids)}.")
        key = set(secret["key"])
        items = []
        for o in ids:
            picked, correct = o in chosen, o in key
            if picked or correct:
                status = "right" if picked and correct else "wrong" if picked else "missed"
                items.append({"id": o, "status": status, "feedback": secret["feedback"].get(o, "")})
        good = sum(1 for a in chosen if a in key)
        wrong = len(chosen) - good
        value = max(0.0, (good - wrong) / len(key))
        return Result(ex.id, value, ex.points,
                      f"{good} of {len(key)} right answers ticked" + (f", {wrong} wrong." if wrong else "."), items)

    def examples(self, ex):
        key = ex.secret()["key"]
        wrong = [o["id"] for o in ex.public["options"] if o["id"] not in key] or key[:1]
        partial = key[:1] if len(key) > 1 else sorted(key + [w for w in wrong if w not in key][:1])
        return {"right": key, "wrong": wrong, "partial": partial, "empty": [], "malformed": "a"}


TYPE = Multiple()
