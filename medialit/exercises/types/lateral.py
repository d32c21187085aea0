"""Lateral reading: search the source cards, pick the evidence, give a verdict on a claim."""

from __future__ import annotations

import re

from ... import dataset
from ..core import Result, bad
from ..schema import Field
from .base import ExerciseType

VERDICT_CHOICES = ("accurate", "inaccurate", "misleading", "misattributed", "unsupported",
                   "unverified", "not checkable")


class Lateral(ExerciseType):
    name = "lateral"
    fields = {"claim": Field("text", required=True, ref="claim")}

    def compile(self, d):
        c = dataset.claims().set_index("id").loc[d["claim"]]
        public = {"claim": {"id": d["claim"], "quote": c["quote"], "claim": c["claim"],
                            "paragraph_id": c["paragraph_id"], "article": c["article"]},
                  "verdicts": list(VERDICT_CHOICES)}
        secret = {"key": {"verdict": c["verdict"], "cards": sorted(c["evidence"] or [])},
                  "summary": c["summary"], "confidence": c["confidence"]}
        return public, secret

    def score(self, ex, secret, answer):
        if not isinstance(answer, dict):
            return bad(ex, "Give a verdict and the source cards you used.")
        verdict, cards = answer.get("verdict"), answer.get("cards")
        cards = [] if cards is None else cards
        if verdict not in ex.public["verdicts"]:
            return bad(ex, f"Choose a verdict from: {', '.join(ex.public['verdicts'])}.")
        if not isinstance(cards, (list, tuple)):
            return bad(ex, "The cards should be a list of card ids such as SC-101.")
        bad_ids = [c for c in cards if not (isinstance(c, str) and re.fullmatch(r"SC-[0-9]{3}", c))]
        if bad_ids:
            return bad(ex, f"'{bad_ids[0]}' is not a card id (they look like SC-101).")
        key = secret["key"]
        chosen, wanted = set(cards), set(key["cards"])
        union = chosen | wanted
        evidence = len(chosen & wanted) / len(union) if union else 1.0
        verdict_ok = verdict == key["verdict"]
        items = [{"id": "verdict", "status": "right" if verdict_ok else "wrong", "given": verdict,
                  "answer": key["verdict"], "feedback": secret.get("summary", "")}]
        for c in sorted(union):
            status = "right" if c in chosen and c in wanted else "excess" if c in chosen else "missed"
            items.append({"id": c, "status": status, "feedback": ""})
        value = 0.5 * verdict_ok + 0.5 * evidence
        return Result(ex.id, value, ex.points,
                      ("The verdict matches the kit's." if verdict_ok else "The kit's verdict differs.")
                      + f" {len(chosen & wanted)} of your {len(chosen)} card(s) are among the {len(wanted)} the kit relies on.",
                      items)

    def key_answer(self, ex, secret):
        return {"verdict": secret["key"]["verdict"], "cards": list(secret["key"]["cards"])}

    def examples(self, ex):
        key = self.key_answer(ex, ex.secret())
        wrong_verdict = next(v for v in ex.public["verdicts"] if v != key["verdict"])
        return {"right": key, "wrong": {"verdict": wrong_verdict, "cards": ["SC-999"]},
                "partial": {"verdict": key["verdict"], "cards": key["cards"][:1] if len(key["cards"]) > 1 else []},
                "empty": {}, "malformed": {"verdict": key["verdict"], "cards": {}}}


TYPE = Lateral()
