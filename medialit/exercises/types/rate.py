"""Rate: a scale per item ("how far should a careful reader trust this claim?", 1 to 6).

Each item is keyed as deserving trust or not; a rating at or above the threshold counts as
"trust". An item scores when the rating falls on the key's side of the threshold. The raw
ratings are kept in the answer, so the assessment can measure discernment (hits and false
alarms, d', c, the ROC curve) from them.
"""

from __future__ import annotations

from ..core import Result, bad
from ..schema import Field
from .base import ExerciseType

ITEM = {"id": Field("text", required=True), "text": Field("text", required=True),
        "context": Field("text", doc="the source line: outlet, attribution"),
        "trust": Field("bool", required=True, doc="does a careful reader have good reason to trust it?"),
        "feedback": Field("text", doc="why, shown once earned")}


class Rate(ExerciseType):
    name = "rate"
    empty_feedback = "No answer yet: rate each item, then check."
    fields = {"items": Field("list", required=True, item="mapping", fields=ITEM),
              "scale": Field("mapping", fields={"min": Field("number"), "max": Field("number"),
                                                 "low": Field("text"), "high": Field("text"),
                                                 "threshold": Field("number")},
                             doc="default 1 to 6, trust from 4")}

    def check(self, d, s):
        s.unique([it["id"] for it in d["items"]], ("items",), "item id")
        sc = d.get("scale") or {}
        lo, hi = sc.get("min", 1), sc.get("max", 6)
        if not lo < sc.get("threshold", 4) <= hi:
            s.at(("scale",), "the threshold must lie above min and at most max")

    def compile(self, d):
        sc = d.get("scale") or {}
        scale = {"min": int(sc.get("min", 1)), "max": int(sc.get("max", 6)),
                 "low": sc.get("low", "not at all"), "high": sc.get("high", "completely"),
                 "threshold": int(sc.get("threshold", 4))}
        public = {"items": [{"id": it["id"], "text": it["text"], "context": it.get("context", "")}
                            for it in d["items"]], "scale": scale}
        secret = {"key": {it["id"]: bool(it["trust"]) for it in d["items"]},
                  "feedback": {it["id"]: it.get("feedback", "") for it in d["items"]}}
        return public, secret

    def score(self, ex, secret, answer):
        sc = ex.public["scale"]
        ids = [it["id"] for it in ex.public["items"]]
        texts = {it["id"]: it["text"] for it in ex.public["items"]}
        if not isinstance(answer, dict):
            return bad(ex, "Rate each item; the answer should map item ids to ratings.")
        unknown = [k for k in answer if k not in ids]
        if unknown:
            return bad(ex, f"Unknown item(s): {', '.join(map(str, unknown))}.")
        for v in answer.values():
            if v is None:
                continue
            if isinstance(v, bool) or not (isinstance(v, int) or (isinstance(v, float) and v.is_integer())) \
                    or not sc["min"] <= v <= sc["max"]:
                return bad(ex, f"Each rating is a whole number from {sc['min']} to {sc['max']}.")
        items, right = [], 0
        for i in ids:
            given = answer.get(i)
            if given is None:
                items.append({"id": i, "status": "unanswered", "text": texts[i], "feedback": ""})
                continue
            trusts = given >= sc["threshold"]
            ok = trusts == secret["key"][i]
            right += ok
            items.append({"id": i, "status": "right" if ok else "wrong", "text": f"{texts[i]} (you: {given})",
                          "given": given, "key": "trust" if secret["key"][i] else "doubt",
                          "feedback": secret["feedback"].get(i, ""), "secret_feedback": True,
                          "hint": "Look again at who stands behind it and what they could know."})
        return Result(ex.id, right / len(ids), ex.points,
                      f"{right} of {len(ids)} ratings on the side the evidence supports "
                      f"({sc['threshold']} or more means trust).", items)

    def key_answer(self, ex, secret):
        sc = ex.public["scale"]
        return {i: (sc["max"] if t else sc["min"]) for i, t in secret["key"].items()}

    def examples(self, ex):
        sc = ex.public["scale"]
        key = ex.secret()["key"]
        wrong = {i: (sc["min"] if t else sc["max"]) for i, t in key.items()}
        first = next(iter(key))
        return {"right": self.key_answer(ex, ex.secret()), "wrong": wrong,
                "partial": {**wrong, first: sc["max"] if key[first] else sc["min"]},
                "empty": {}, "malformed": {first: sc["max"] + 5}}

    def describe(self, ex, answer):
        if isinstance(answer, dict):
            texts = {it["id"]: it["text"] for it in ex.public["items"]}
            return "; ".join(f"{texts.get(k, k)}: {v}" for k, v in answer.items())
        return super().describe(ex, answer)


TYPE = Rate()
