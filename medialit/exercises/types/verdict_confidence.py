"""Verdict with confidence: a verdict on each claim and how sure you are, from 50% to 100%.

Half of each item's credit is for the right verdict; the other half is 1 minus the Brier
score of "my verdict is right": (confidence - outcome)², where outcome is 1 if the verdict is
right and 0 if not. So being sure and right earns everything; being sure and wrong costs the
most; saying 60% when unsure costs little either way. In words for students: "say how sure
you are, and mean it".
"""

from __future__ import annotations

import math

from ... import dataset
from ..core import Result, bad
from ..schema import Field
from .base import ExerciseType
from .lateral import VERDICT_CHOICES

CONFIDENCES = (50, 60, 70, 80, 90, 100)
ITEM = {"id": Field("text", required=True),
        "claim": Field("text", ref="claim", doc="a corpus claim: its words, verdict and summary are used"),
        "text": Field("text", doc="the claim as shown (required without 'claim')"),
        "source_line": Field("text", doc="where the claim comes from, shown under it"),
        "sources": Field("list", item="text", ref="card", doc="source cards shown as the evidence"),
        "answer": Field("text", choices=VERDICT_CHOICES, doc="the verdict (default: the corpus claim's)"),
        "feedback": Field("text", doc="why (default: the corpus claim's summary)")}


def brier(confidence: float, right: bool) -> float:
    """The Brier score of "my verdict is right" at ``confidence`` (0.5 to 1): 0 is perfect."""
    return (confidence - (1.0 if right else 0.0)) ** 2


class VerdictConfidence(ExerciseType):
    name = "verdict_confidence"
    empty_feedback = "No answer yet: give a verdict and your confidence for each claim, then check."
    fields = {"verdicts": Field("list", item="text", choices=VERDICT_CHOICES,
                                doc="the verdicts offered (default: all seven)"),
              "claims": Field("list", required=True, item="mapping", fields=ITEM)}

    def check(self, d, s):
        s.unique([it["id"] for it in d["claims"]], ("claims",), "item id")
        offered = d.get("verdicts") or list(VERDICT_CHOICES)
        claims = dataset.claims().set_index("id")
        for i, it in enumerate(d["claims"]):
            if not it.get("claim") and not (it.get("text") and it.get("answer")):
                s.at(("claims", i), "give a corpus claim, or a text and its answer")
                continue
            answer = it.get("answer") or (claims.loc[it["claim"], "verdict"] if it.get("claim") in claims.index else None)
            if answer and answer not in offered:
                s.at(("claims", i), f"its verdict {answer!r} is not among the verdicts offered")

    def compile(self, d):
        claims = dataset.claims().set_index("id")
        cards = dataset.cards().set_index("id")
        items, key, feedback = [], {}, {}
        for it in d["claims"]:
            c = claims.loc[it["claim"]] if it.get("claim") else None
            text = it.get("text") or f"“{c['quote']}” ({c['claim']})"
            sources = []
            for cid in it.get("sources") or []:
                k = cards.loc[cid]
                ex_ = k["excerpt"][0] if isinstance(k["excerpt"], list) else k["excerpt"]
                sources.append({"id": cid, "title": k["title"], "publisher": k["publisher"], "excerpt": ex_})
            items.append({"id": it["id"], "text": text, "source_line": it.get("source_line") or
                          (f"Article {c['article']}, {c['paragraph_id']}" if c is not None else ""),
                          "sources": sources})
            key[it["id"]] = it.get("answer") or c["verdict"]
            feedback[it["id"]] = it.get("feedback") or (c["summary"] if c is not None else "")
        public = {"items": items, "verdicts": list(d.get("verdicts") or VERDICT_CHOICES),
                  "confidences": list(CONFIDENCES)}
        return public, {"key": key, "feedback": feedback}

    def score(self, ex, secret, answer):
        ids = [it["id"] for it in ex.public["items"]]
        if not isinstance(answer, dict):
            return bad(ex, "Give each claim a verdict and a confidence.")
        unknown = [k for k in answer if k not in ids]
        if unknown:
            return bad(ex, f"Unknown item(s): {', '.join(map(str, unknown))}.")
        for v in answer.values():
            if v is None:
                continue
            if not isinstance(v, dict) or v.get("verdict") not in ex.public["verdicts"] \
                    or v.get("confidence") not in ex.public["confidences"]:
                return bad(ex, "For each claim choose a verdict from the list and a confidence from 50% to 100%.")
        items, total, briers = [], 0.0, []
        for i in ids:
            v = answer.get(i)
            if v is None:
                items.append({"id": i, "status": "unanswered", "text": i, "feedback": ""})
                continue
            right = v["verdict"] == secret["key"][i]
            b = brier(v["confidence"] / 100, right)
            briers.append(b)
            total += 0.5 * right + 0.5 * (1 - b)
            how = ("sure and right" if right and v["confidence"] >= 80 else "right" if right else
                   "sure and wrong: the costliest mistake" if v["confidence"] >= 80 else "wrong, but you were unsure")
            items.append({"id": i, "status": "right" if right else "wrong",
                          "text": f"{i}: {v['verdict']} at {v['confidence']}% ({how})", "given": v,
                          "key": secret["key"][i], "feedback": secret["feedback"].get(i, ""),
                          "secret_feedback": True,
                          "hint": "Weigh each source: who stands behind it, and does it settle the claim?"})
        mean_b = sum(briers) / len(briers) if briers else 0.0
        mean_b = math.floor(mean_b * 100 + 0.5) / 100  # half up, as the page rounds it
        return Result(ex.id, total / len(ids), ex.points,
                      f"{sum(1 for it in items if it['status'] == 'right')} of {len(ids)} verdicts right. "
                      f"Brier score {mean_b:.2f} (0 is perfect; 0.25 is what always saying 50% gives).", items)

    def key_answer(self, ex, secret):
        return {i: {"verdict": v, "confidence": 100} for i, v in secret["key"].items()}

    def examples(self, ex):
        key = ex.secret()["key"]
        verdicts = ex.public["verdicts"]
        wrong = {i: {"verdict": next(x for x in verdicts if x != v), "confidence": 100} for i, v in key.items()}
        right = self.key_answer(ex, ex.secret())
        partial = {i: {"verdict": v, "confidence": 60} for i, v in key.items()}
        return {"right": right, "wrong": wrong, "partial": partial, "empty": {},
                "malformed": {next(iter(key)): {"verdict": "maybe", "confidence": 55}}}

    def describe(self, ex, answer):
        if isinstance(answer, dict):
            return "; ".join(f"{k}: {v.get('verdict')} at {v.get('confidence')}%" if isinstance(v, dict) else f"{k}: ?"
                             for k, v in answer.items())
        return super().describe(ex, answer)


TYPE = VerdictConfidence()
