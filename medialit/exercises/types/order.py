"""Order: put items in sequence (trace a claim back through the outlets that carried it).

Partial credit is the share of pairs of items in the right relative order (Kendall's
measure), so one step out of place costs little and a reversed chain costs everything.
Feedback names the first step out of place, not where it belongs.
"""

from __future__ import annotations

import random

from ..core import Result, bad
from ..schema import Field
from .base import ExerciseType

ITEM = {"id": Field("text", required=True), "text": Field("text", required=True),
        "feedback": Field("text", doc="why this step sits where it does")}


class Order(ExerciseType):
    name = "order"
    empty_feedback = "No answer yet: put the items in order, then check."
    fields = {"items": Field("list", required=True, item="mapping", fields=ITEM,
                             doc="the items in their right order"),
              "first_label": Field("text", doc="what the first position means, e.g. 'the text you read'"),
              "last_label": Field("text", doc="what the last position means, e.g. 'the original source'")}

    def check(self, d, s):
        ids = [it["id"] for it in d["items"]]
        s.unique(ids, ("items",), "item id")
        if len(ids) < 3:
            s.at(("items",), "an order exercise needs at least three items")

    def compile(self, d):
        items = [{"id": it["id"], "text": it["text"]} for it in d["items"]]
        shown = list(items)
        rng = random.Random(d["id"])  # the same shuffled start for every student, every build
        for _ in range(10):
            rng.shuffle(shown)
            if [i["id"] for i in shown] != [i["id"] for i in items]:
                break
        public = {"items": shown, "first_label": d.get("first_label", "first"),
                  "last_label": d.get("last_label", "last")}
        secret = {"key": [it["id"] for it in d["items"]],
                  "feedback": {it["id"]: it.get("feedback", "") for it in d["items"]}}
        return public, secret

    def score(self, ex, secret, answer):
        ids = [it["id"] for it in ex.public["items"]]
        texts = {it["id"]: it["text"] for it in ex.public["items"]}
        if isinstance(answer, (str, dict)) or not isinstance(answer, (list, tuple)):
            return bad(ex, "Put every item in order; the answer should be a list of item ids.")
        if sorted(map(str, answer)) != sorted(ids) or len(set(answer)) != len(answer):
            return bad(ex, f"Place each of the {len(ids)} items exactly once.")
        key = secret["key"]
        pos = {item: n for n, item in enumerate(answer)}
        pairs = [(a, b) for n, a in enumerate(key) for b in key[n + 1:]]
        right = sum(pos[a] < pos[b] for a, b in pairs)
        value = right / len(pairs)
        items = []
        first_wrong = next((n for n, (a, b) in enumerate(zip(answer, key)) if a != b), None)
        for n, item in enumerate(answer):
            ok = item == key[n]
            items.append({"id": item, "status": "right" if ok else "wrong", "text": f"{n + 1}. {texts[item]}",
                          "feedback": secret["feedback"].get(item, "") if ok else
                          ("The first step out of place." if n == first_wrong else ""),
                          "secret_feedback": not ok, "key": key[n]})
        items.append({"id": None, "status": "answer", "hidden": True,
                      "text": " → ".join(texts[i] for i in key), "feedback": "The order the sources show."})
        summary = ("Every step in place." if value == 1 else
                   f"{sum(a == b for a, b in zip(answer, key))} of {len(key)} steps in place; "
                   f"the first one out of place is step {first_wrong + 1}.")
        return Result(ex.id, value, ex.points, summary, items)

    def examples(self, ex):
        key = ex.secret()["key"]
        partial = [key[1], key[0], *key[2:]]
        return {"right": list(key), "wrong": list(reversed(key)), "partial": partial, "empty": [],
                "malformed": key[:-1]}

    def describe(self, ex, answer):
        texts = {it["id"]: it["text"] for it in ex.public["items"]}
        if isinstance(answer, list):
            return " → ".join(texts.get(a, str(a)) for a in answer)
        return super().describe(ex, answer)


TYPE = Order()
