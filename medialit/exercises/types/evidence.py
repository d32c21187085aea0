"""Evidence: assemble the evidence for a statement, and see the confidence it allows.

The student picks source cards for each statement, says what each relays (a named person,
an unnamed official, a document, another outlet, the outlet's own reporting), marks any card
that merely repeats another, and gives a confidence (H, M, L or NF). The kit applies its own
written confidence rules (``medialit.corpus.confidence``, the validator's code) to the cards
picked, and shows the grade that evidence allows, and why.

Two modes. ``statements``: fixed statements (lesson 3's confidence calculator). ``profile``:
the student writes the facts of a short profile of an outlet or person and backs each with
cards (lesson 4's profile check); the kit says which facts lack evidence and which confidence
grades the evidence does not allow.

Score per statement: four equal parts — relays marked right, repeats marked right, a
confidence the evidence allows (no more, no less), and evidence as strong as the offered
cards allow. In profile mode, a fact scores when it has evidence (or is marked NF) and its
confidence is what that evidence allows.
"""

from __future__ import annotations

from ... import dataset
from ...corpus.confidence import ORDER, RELAYS, copy_groups, grade_evidence, original_of
from ..core import Result, bad
from ..schema import Field
from .base import ExerciseType

GRADES = ("H", "M", "L", "NF")
STATEMENT = {"id": Field("text", required=True),
             "text": Field("text", doc="the statement (or 'claim' for a corpus claim)"),
             "claim": Field("text", ref="claim"),
             "cards": Field("list", required=True, item="text", ref="card", doc="the cards offered")}
PROFILE = {"subject": Field("text", required=True, doc="who or what the profile is about"),
           "cards": Field("list", required=True, item="text", ref="card", doc="the cards offered"),
           "min_facts": Field("number", doc="how many facts to write (default 3)"),
           "max_facts": Field("number", doc="at most (default 6)")}


def _truth(card) -> dict:
    """What the rules need of a card: id, partisan, relays, copy_of."""
    return {"id": card["id"], "partisan": card["partisan"], "relays": card["relays"],
            "copy_of": card.get("copy_of") if isinstance(card.get("copy_of"), str) else None}


class Evidence(ExerciseType):
    name = "evidence"
    empty_feedback = "No answer yet: pick cards and give a confidence, then check."
    fields = {"statements": Field("list", item="mapping", fields=STATEMENT),
              "profile": Field("mapping", fields=PROFILE)}

    def check(self, d, s):
        if bool(d.get("statements")) == bool(d.get("profile")):
            s.at((), "give either 'statements' or 'profile'")
        for i, st in enumerate(d.get("statements") or []):
            if not st.get("text") and not st.get("claim"):
                s.at(("statements", i), "give the statement's text or a corpus claim")

    def compile(self, d):
        cards = {c["id"]: c for c in dataset.cards().to_dict("records")}
        claims = dataset.claims().set_index("id")

        def offered(ids):
            out = []
            for cid in ids:
                c = cards[cid]
                excerpt = c["excerpt"][0] if isinstance(c["excerpt"], list) else c["excerpt"]
                out.append({"id": cid, "title": c["title"], "publisher": c["publisher"], "excerpt": excerpt})
            return out

        if d.get("profile"):
            p = d["profile"]
            public = {"mode": "profile", "subject": p["subject"], "cards": offered(p["cards"]),
                      "min_facts": int(p.get("min_facts", 3)), "max_facts": int(p.get("max_facts", 6)),
                      "relays": list(RELAYS), "grades": list(GRADES)}
            return public, {"key": {"truth": {cid: _truth(cards[cid]) for cid in p["cards"]}}}
        statements, truth, best = [], {}, {}
        for st in d["statements"]:
            text = st.get("text") or claims.loc[st["claim"], "claim"]
            statements.append({"id": st["id"], "text": text, "cards": offered(st["cards"])})
            for cid in st["cards"]:
                truth[cid] = _truth(cards[cid])
            best[st["id"]] = grade_evidence([truth[cid] for cid in st["cards"]]).grade
        public = {"mode": "statements", "statements": statements, "relays": list(RELAYS), "grades": list(GRADES)}
        return public, {"key": {"truth": truth, "best": best}}

    def score(self, ex, secret, answer):
        if ex.public["mode"] == "profile":
            return _score_profile(ex, secret, answer)
        ids = [st["id"] for st in ex.public["statements"]]
        if not isinstance(answer, dict):
            return bad(ex, "For each statement, pick cards and give a confidence.")
        unknown = [k for k in answer if k not in ids]
        if unknown:
            return bad(ex, f"Unknown statement(s): {', '.join(map(str, unknown))}.")
        truth, best = secret["key"]["truth"], secret["key"]["best"]
        items, total = [], 0.0
        for st in ex.public["statements"]:
            a = answer.get(st["id"])
            if a is None:
                items.append({"id": st["id"], "status": "unanswered", "text": st["text"], "feedback": ""})
                continue
            problem = _malformed(a, [c["id"] for c in st["cards"]], ex.public["grades"])
            if problem:
                return bad(ex, problem)
            part, item = _one(st["id"], st["text"], {"relays": {}, "repeats": {}, **a}, truth, best[st["id"]])
            total += part
            items.append(item)
        return Result(ex.id, total / len(ids), ex.points,
                      f"{sum(1 for it in items if it['status'] == 'right')} of {len(ids)} statements with "
                      "evidence and confidence that hold together.", items)

    def key_answer(self, ex, secret):
        truth = secret["key"]["truth"]
        if ex.public["mode"] == "profile":
            cid = next(iter(truth))
            g = grade_evidence([truth[cid]]).grade
            facts = [{"text": f"Fact {n + 1}, as {ex.public['subject']}'s sources state it.", "cards": [cid],
                      "relays": {cid: truth[cid]["relays"]}, "repeats": {}, "confidence": g}
                     for n in range(ex.public["min_facts"])]
            return {"facts": facts}
        out = {}
        for st in ex.public["statements"]:
            ids = [c["id"] for c in st["cards"]]
            _, repeats = copy_groups([truth[cid] for cid in ids])
            out[st["id"]] = {"cards": ids, "relays": {cid: truth[cid]["relays"] for cid in ids},
                             "repeats": repeats, "confidence": secret["key"]["best"][st["id"]]}
        return out

    def examples(self, ex):
        secret = ex.secret()
        right = self.key_answer(ex, secret)
        if ex.public["mode"] == "profile":
            wrong = {"facts": [{"text": "It is the best outlet.", "cards": [], "relays": {}, "repeats": {},
                                "confidence": "H"}] * ex.public["min_facts"]}
            partial = {"facts": right["facts"][:1] + wrong["facts"][1:]}
            return {"right": right, "wrong": wrong, "partial": partial, "empty": {},
                    "malformed": {"facts": "all of them"}}
        wrong = {i: {"cards": [], "relays": {}, "repeats": {}, "confidence": "H"} for i in right}
        first = next(iter(right))
        partial = {**right, first: dict(right[first], confidence="H" if right[first]["confidence"] != "H" else "L")}
        return {"right": right, "wrong": wrong, "partial": partial, "empty": {},
                "malformed": {first: {"cards": "SC-101", "confidence": "X"}}}

    def describe(self, ex, answer):
        if isinstance(answer, dict) and isinstance(answer.get("facts"), list):
            return "; ".join(f"“{f.get('text')}” ({', '.join(f.get('cards') or []) or 'no card'}, {f.get('confidence')})"
                             for f in answer["facts"] if isinstance(f, dict))
        if isinstance(answer, dict):
            return "; ".join(f"{k}: {', '.join(v.get('cards') or []) or 'no card'}, {v.get('confidence')}"
                             if isinstance(v, dict) else f"{k}: ?" for k, v in answer.items())
        return super().describe(ex, answer)


def _malformed(a, offered: list[str], grades) -> str | None:
    if not isinstance(a, dict):
        return "Each answer needs cards, what they relay, and a confidence."
    cards, relays, repeats = a.get("cards", []), a.get("relays") or {}, a.get("repeats") or {}
    if not isinstance(cards, list) or not isinstance(relays, dict) or not isinstance(repeats, dict):
        return "Each answer needs a list of cards, what each relays, and which repeat another."
    if any(c not in offered for c in cards) or len(set(cards)) != len(cards):
        return f"Pick among the cards offered ({', '.join(offered)}), each once."
    if any(k not in cards or v not in RELAYS for k, v in relays.items()):
        return f"Say what each picked card relays: {', '.join(RELAYS)}."
    if any(k not in cards or v not in cards or k == v for k, v in repeats.items()):
        return "A card can only repeat another card you picked."
    if a.get("confidence") not in grades:
        return f"Choose a confidence: {', '.join(grades)}."
    return None


def _repeats_marked_right(cards: list[str], repeats: dict, truth: dict) -> list[bool]:
    """For each picked card, whether the student said rightly if it repeats another.

    Cards that pass on the same report form a group. The card that is the original must not be
    marked as repeating; every copy must be marked as repeating a card of its own group (any
    one). When the original itself was not picked, one copy of the group may stand unmarked
    (the first unmarked one); the rest must be marked.
    """
    out = []
    standing: set[str] = set()
    for c in cards:
        orig = original_of(truth[c])
        said = repeats.get(c)
        same = said is not None and original_of(truth[said]) == orig
        if orig in cards:
            out.append(said is None if c == orig else same)
        elif said is None and orig not in standing:
            standing.add(orig)
            out.append(True)
        else:
            out.append(same)
    # A group whose every copy is marked as repeating another (a circle) has no card standing
    # for the report: its first card should have stood unmarked.
    for i, c in enumerate(cards):
        orig = original_of(truth[c])
        if orig not in cards and orig not in standing:
            standing.add(orig)
            out[i] = False
    return out


def _one(sid: str, text: str, a: dict, truth: dict, best: str) -> tuple[float, dict]:
    """One statement: (credit 0..1, item)."""
    cards, relays, repeats = a.get("cards") or [], a.get("relays") or {}, a.get("repeats") or {}
    allowed = grade_evidence([truth[c] for c in cards])
    relays_ok = [relays.get(c) == truth[c]["relays"] for c in cards]
    repeats_ok = _repeats_marked_right(cards, repeats, truth)
    parts = [sum(relays_ok) / len(relays_ok) if relays_ok else float(best == "NF"),
             sum(repeats_ok) / len(repeats_ok) if repeats_ok else float(best == "NF"),
             float(a["confidence"] == allowed.grade),
             float(ORDER[allowed.grade] >= ORDER[best])]
    credit = sum(parts) / 4
    notes = [f"Your evidence allows {allowed.grade}. " + " ".join(allowed.reasons)]
    if a["confidence"] != allowed.grade:
        notes.append(f"You said {a['confidence']}: " + ("more than it allows." if ORDER[a["confidence"]] > ORDER[allowed.grade]
                                                        else "less than it allows."))
    wrong_relays = [c for c, ok in zip(cards, relays_ok) if not ok]
    if wrong_relays:
        notes.append("Look again at what these cards relay: " + ", ".join(wrong_relays) + ".")
    if not all(repeats_ok):
        notes.append("Check which cards merely repeat another report.")
    if ORDER[allowed.grade] < ORDER[best]:
        notes.append("Stronger evidence is among the cards offered.")
    item = {"id": sid, "status": "right" if credit == 1 else "wrong" if credit < 0.5 else "close",
            "text": f"{text} — your confidence: {a['confidence']}", "feedback": " ".join(notes),
            "key": best, "allowed": allowed.grade}
    return credit, item


def _score_profile(ex, secret, answer):
    pub = ex.public
    if not isinstance(answer, dict) or not isinstance(answer.get("facts"), list):
        return bad(ex, "Write the profile's facts, each with its cards and a confidence.")
    facts = [f for f in answer["facts"] if isinstance(f, dict) and str(f.get("text") or "").strip()]
    if len(facts) > pub["max_facts"]:
        return bad(ex, f"Write at most {pub['max_facts']} facts.")
    truth = secret["key"]["truth"]
    offered = [c["id"] for c in pub["cards"]]
    items, good = [], 0
    for n, f in enumerate(facts, start=1):
        problem = _malformed({"relays": {}, "repeats": {}, **f}, offered, pub["grades"])
        if problem:
            return bad(ex, problem)
        cards = f.get("cards") or []
        allowed = grade_evidence([truth[c] for c in cards])
        claimed = f["confidence"]
        if not cards and claimed != "NF":
            status, fb = "wrong", "No evidence: a fact without a source can only be 'not found' (NF)."
        elif claimed != allowed.grade:
            status = "wrong"
            fb = (f"You gave {claimed}; the evidence allows {allowed.grade}. " + " ".join(allowed.reasons))
        else:
            status, fb = "right", f"{claimed} is what the evidence allows. " + " ".join(allowed.reasons)
        good += status == "right"
        items.append({"id": f"fact-{n}", "status": status, "text": str(f.get("text") or "")[:300], "feedback": fb,
                      "allowed": allowed.grade})
    need = max(pub["min_facts"], len(facts))
    missing = pub["min_facts"] - len(facts)
    text = f"{good} of {len(facts)} facts with the confidence their evidence allows."
    if missing > 0:
        text += f" Write {missing} more fact(s): the profile needs {pub['min_facts']}."
    return Result(ex.id, good / need, ex.points, text, items)


TYPE = Evidence()
