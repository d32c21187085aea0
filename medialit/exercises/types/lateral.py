"""Lateral reading: search the source cards, pick the evidence, give a verdict on a claim.

Scored fairly: the key gives each card its role for the claim (from the corpus's evidence
roles: decisive, supporting, context, irrelevant; independent of both sides or not). Any
sufficient set of evidence earns the evidence half in full: a decisive card independent of
both sides (or, where there is none, any card that bears on the verdict), or a set the
definition declares equivalent. Cards that don't bear on the claim cost a little; partisan
cards used alone earn a hint and part of the credit, not a zero. A verdict the key declares
close (``unverified`` for ``unsupported``) earns half the verdict's half.
"""

from __future__ import annotations

import re

from ... import dataset
from ...corpus.confidence import COUNTING_ROLES
from ..core import Result, bad
from ..schema import Field
from .base import ExerciseType

VERDICT_CHOICES = ("accurate", "inaccurate", "misleading", "misattributed", "unsupported",
                   "unverified", "not checkable")
# Verdicts close enough to earn part of the credit, unless a definition says otherwise.
CLOSE = {
    "unverified": ("unsupported",), "unsupported": ("unverified", "inaccurate"),
    "inaccurate": ("misleading", "unsupported"), "misleading": ("inaccurate", "misattributed"),
    "misattributed": ("misleading",), "accurate": (), "not checkable": (),
}
CARD_ID = re.compile(r"SC-[0-9]{3}")
PENALTY = 0.1  # per card that does not bear on the claim


def card_roles(claim_row, cards) -> dict:
    """Card id -> {"role", "independent"} for a claim, from its evidence roles (or, where none
    are recorded, from its evidence list and the cards' partisan flags)."""
    out = {}
    for e in claim_row.get("evidence_roles") or []:
        card = cards.get(e["card"], {})
        independent = e.get("independent") or ("yes" if card.get("partisan") == "none" else "no")
        out[e["card"]] = {"role": e.get("role") or "supporting", "independent": independent}
    return out


class Lateral(ExerciseType):
    name = "lateral"
    fields = {"claim": Field("text", required=True, ref="claim"),
              "close_verdicts": Field("list", item="text", choices=VERDICT_CHOICES,
                                      doc="verdicts that earn part of the credit (default: the usual near misses)"),
              "also_sufficient": Field("list", item="list",
                                       doc="other sets of card ids that settle the claim as well as a decisive card")}

    def check(self, d, s):
        for i, group in enumerate(d.get("also_sufficient") or []):
            for j, cid in enumerate(group):
                if not s.corpus.has("card", cid):
                    s.at(("also_sufficient", i, j), f"there is no source card {cid!r} in the corpus")

    def compile(self, d):
        claims = dataset.claims().set_index("id")
        cards = {c["id"]: c for c in dataset.cards().to_dict("records")}
        c = claims.loc[d["claim"]]
        roles = card_roles(c, cards)
        public = {"claim": {"id": d["claim"], "quote": c["quote"], "claim": c["claim"],
                            "paragraph_id": c["paragraph_id"], "article": c["article"]},
                  "verdicts": list(VERDICT_CHOICES)}
        close = d.get("close_verdicts")
        secret = {"key": {"verdict": c["verdict"], "cards": sorted(roles),
                          "roles": roles,
                          "close": list(close if close is not None else CLOSE.get(c["verdict"], ())),
                          "sufficient": [sorted(g) for g in d.get("also_sufficient") or []]},
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
        bad_ids = [c for c in cards if not (isinstance(c, str) and CARD_ID.fullmatch(c))]
        if bad_ids:
            return bad(ex, f"'{bad_ids[0]}' is not a card id (they look like SC-101).")
        key = secret["key"]
        roles = key.get("roles") or {c: {"role": "supporting", "independent": "yes"} for c in key["cards"]}
        chosen = sorted(set(cards))
        ev_score, ev_text, card_items = _evidence(chosen, roles, key.get("sufficient", []))
        if verdict == key["verdict"]:
            v_score, v_status = 1.0, "right"
        elif verdict in key.get("close", []):
            v_score, v_status = 0.5, "close"
        else:
            v_score, v_status = 0.0, "wrong"
        items = [{"id": "verdict", "status": v_status, "text": f"Your verdict: {verdict}", "given": verdict,
                  "key": key["verdict"], "feedback": secret.get("summary", ""), "secret_feedback": True,
                  "hint": ("Close: the evidence points to a neighbouring verdict. Read the decisive source again."
                           if v_status == "close" else
                           "Not the verdict the evidence supports. What does the most independent source say?")}]
        items += card_items
        value = 0.5 * v_score + 0.5 * ev_score
        verdict_text = {"right": "The verdict matches the kit's.", "close": "The verdict is close to the kit's.",
                        "wrong": "The kit's verdict differs."}[v_status]
        return Result(ex.id, value, ex.points, f"{verdict_text} {ev_text}", items)

    def key_answer(self, ex, secret):
        key = secret["key"]
        roles = key.get("roles") or {}
        best = [c for c, r in roles.items() if r["role"] == "decisive" and r["independent"] == "yes"]
        if not best:
            best = [c for c, r in roles.items() if r["role"] in COUNTING_ROLES]
        return {"verdict": key["verdict"], "cards": sorted(best or key["cards"])}

    def examples(self, ex):
        secret = ex.secret()
        key = self.key_answer(ex, secret)
        wrong_verdict = next(v for v in ex.public["verdicts"]
                             if v != key["verdict"] and v not in secret["key"].get("close", []))
        return {"right": key, "wrong": {"verdict": wrong_verdict, "cards": ["SC-999"]},
                "partial": {"verdict": key["verdict"], "cards": []},
                "empty": {}, "malformed": {"verdict": key["verdict"], "cards": {}}}


    def describe(self, ex, answer):
        if isinstance(answer, dict):
            titles = dataset.card_titles()
            cards = [f"{c} ({titles[c]})" if c in titles else str(c) for c in answer.get("cards") or []]
            return f"verdict: {answer.get('verdict')}; cards: {', '.join(cards) or 'none'}"
        return super().describe(ex, answer)


def _evidence(chosen: list[str], roles: dict, sufficient: list[list[str]]):
    """(score 0..1, a sentence, per-card items) for the cards a student picked."""
    strong = {c for c, r in roles.items() if r["role"] == "decisive" and r["independent"] == "yes"}
    bearing = {c for c, r in roles.items() if r["role"] in COUNTING_ROLES}
    independent_bearing = {c for c in bearing if roles[c]["independent"] == "yes"}
    picked = set(chosen)
    items = []
    for c in chosen:
        r = roles.get(c)
        if r is None:
            items.append({"id": c, "status": "excess", "text": c,
                          "feedback": "This card does not bear on the claim."})
        elif r["role"] in COUNTING_ROLES:
            side = "independent of both sides" if r["independent"] == "yes" else "partisan on the dispute"
            items.append({"id": c, "status": "right", "text": c,
                          "feedback": f"{'Settles' if r['role'] == 'decisive' else 'Bears out'} the verdict; {side}."})
        elif r["role"] == "context":
            items.append({"id": c, "status": "right", "text": c,
                          "feedback": "Useful background, though it does not settle the claim."})
        else:
            items.append({"id": c, "status": "excess", "text": c,
                          "feedback": "Cited in the kit's research, but it does not bear on this claim."})
    # What the student has not found yet: shown once earned or asked for.
    for c in sorted(bearing - picked):
        items.append({"id": c, "status": "answer", "text": c, "hidden": True,
                      "feedback": "The kit's research also relies on this card."})
    extra = sum(1 for c in chosen if c not in roles or roles[c]["role"] == "irrelevant")
    if strong:
        enough = bool(picked & strong)
    else:
        enough = bool(picked & (independent_bearing or bearing))
    enough = enough or any(set(g) <= picked for g in sufficient)
    if enough:
        base, text = 1.0, "Your evidence settles the claim."
    elif picked & independent_bearing:
        base, text = 0.6, "Your evidence bears on the claim; a more decisive source would settle it."
    elif picked & bearing:
        base, text = 0.3, ("Your cards bear on the claim, but only partisan ones: good leads, not enough "
                           "alone. Look for a source independent of both sides.")
    else:
        base, text = 0.0, ("None of your cards bears on the claim yet." if chosen
                           else "You picked no card: search the cards for evidence.")
    score = max(0.0, base - PENALTY * extra)
    if extra:
        text += f" {extra} card(s) do not bear on it (−{PENALTY:g} each)."
    return score, text, items


TYPE = Lateral()
