"""Multiple choice: tick every option that applies; a wrong tick cancels a right one.

``none_option``: the author adds "None of these", which must be ticked alone. ``optional``:
options the author accepts ticked or not (two defensible answers)."""

from __future__ import annotations

from ..core import Result, bad
from ..schema import Field
from .base import ExerciseType
from .single import OPTION, check_options, option_text

NONE_ID = "none"
NONE_TEXT = "None of these"


class Multiple(ExerciseType):
    name = "multiple"
    fields = {"options": Field("list", required=True, item="mapping", fields=OPTION),
              "answer": Field("list", required=True, item="text",
                              doc="the ids of every right option ([none] when none applies)"),
              "optional": Field("list", item="text", doc="options right whether ticked or not"),
              "none_option": Field("bool", doc="add 'None of these' (id: none)"),
              "none_feedback": Field("text", doc="feedback on 'None of these'")}

    def check(self, d, s):
        ids = check_options(d, s)
        if d.get("none_option"):
            if NONE_ID in ids:
                s.at(("options",), f"the option id {NONE_ID!r} is kept for 'None of these'")
            ids = ids + [NONE_ID]
        for i, a in enumerate(d["answer"]):
            if a not in ids:
                s.at(("answer", i), f"the answer {a!r} is not among the option ids ({', '.join(ids)})")
        if NONE_ID in d["answer"] and len(d["answer"]) > 1:
            s.at(("answer",), "'none' goes alone")
        s.unique(d["answer"], ("answer",), "answer")
        for i, a in enumerate(d.get("optional") or []):
            if a not in ids or a in d["answer"]:
                s.at(("optional", i), f"{a!r} is not an option outside the answer")

    def compile(self, d):
        options = [{"id": o["id"], "text": o["text"]} for o in d["options"]]
        feedback = {o["id"]: o.get("feedback", "") for o in d["options"]}
        if d.get("none_option"):
            options.append({"id": NONE_ID, "text": NONE_TEXT})
            feedback[NONE_ID] = d.get("none_feedback", "")
        secret = {"feedback": feedback, "key": sorted(d["answer"])}
        if d.get("optional"):
            secret["optional"] = sorted(d["optional"])
        return {"options": options}, secret

    def score(self, ex, secret, answer):
        ids = [o["id"] for o in ex.public["options"]]
        if isinstance(answer, str) or not isinstance(answer, (list, tuple, set)):
            return bad(ex, "Tick one or more options; the answer should be a list of option ids.")
        chosen = list(dict.fromkeys(answer))
        unknown = [a for a in chosen if a not in ids]
        if unknown:
            return bad(ex, f"Unknown option(s): {', '.join(map(str, unknown))}. The options are {', '.join(ids)}.")
        if NONE_ID in chosen and len(chosen) > 1 and NONE_ID in ids:
            return bad(ex, f"'{NONE_TEXT}' can't be ticked together with other options.")
        key, optional = set(secret["key"]), set(secret.get("optional", []))
        items = []
        for o in ids:
            picked, correct = o in chosen, o in key
            if o in optional:
                if picked:
                    items.append({"id": o, "status": "right", "text": option_text(ex, o),
                                  "feedback": secret["feedback"].get(o, "")})
                continue
            if picked or correct:
                status = "right" if picked and correct else "wrong" if picked else "missed"
                items.append({"id": o, "status": status, "text": option_text(ex, o), "hidden": status == "missed",
                              "feedback": secret["feedback"].get(o, "")})
        good = sum(1 for a in chosen if a in key)
        wrong = sum(1 for a in chosen if a not in key and a not in optional)
        value = max(0.0, (good - wrong) / len(key))
        return Result(ex.id, value, ex.points,
                      f"{good} of {len(key)} right answers ticked" + (f", {wrong} wrong." if wrong else "."), items)

    def examples(self, ex):
        secret = ex.secret()
        key, optional = secret["key"], set(secret.get("optional", []))
        wrong = [o["id"] for o in ex.public["options"]
                 if o["id"] not in key and o["id"] not in optional and o["id"] != NONE_ID] or key[:1]
        if key == [NONE_ID]:
            partial = wrong[:1]
        else:
            partial = key[:1] if len(key) > 1 else sorted(key + [w for w in wrong if w not in key][:1])
        return {"right": key, "wrong": wrong, "partial": partial, "empty": [], "malformed": "a"}

    def describe(self, ex, answer):
        if isinstance(answer, list) and all(isinstance(a, str) for a in answer):
            return "; ".join(option_text(ex, a) for a in answer) or "nothing ticked"
        return super().describe(ex, answer)


TYPE = Multiple()
