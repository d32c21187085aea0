"""First click (click restraint): a mock results page built from source cards; the student
chooses which result to open first, and may rank a few more.

Each result shows the card's title, address and its own excerpt, verbatim (never an invented
snippet). The key rates each result best, acceptable or poor, with a reason; who is behind
each result (publisher, partisan flag) is shown only after the choice.
"""

from __future__ import annotations

from ... import dataset
from ..core import Result, bad
from ..schema import Field
from .base import ExerciseType

RATINGS = {"best": 1.0, "acceptable": 0.6, "poor": 0.0}
RESULT = {"card": Field("text", required=True, ref="card"),
          "rating": Field("text", required=True, choices=tuple(RATINGS)),
          "reason": Field("text", required=True)}
MAX_PICKS = 3


class FirstClick(ExerciseType):
    name = "first_click"
    empty_feedback = "No answer yet: choose the result you would open first, then check."
    fields = {"query": Field("text", required=True, doc="what the student is shown as typed in the search box"),
              "results": Field("list", required=True, item="mapping", fields=RESULT,
                               doc="the results, in the order the page shows them")}

    def check(self, d, s):
        cards = [r["card"] for r in d["results"]]
        s.unique(cards, ("results",), "card")
        if not any(r["rating"] == "best" for r in d["results"]):
            s.at(("results",), "rate at least one result 'best'")
        if len(cards) < 3:
            s.at(("results",), "a results page needs at least three results")

    def compile(self, d):
        cards = dataset.cards().set_index("id")
        results, behind = [], {}
        for n, r in enumerate(d["results"], start=1):
            c = cards.loc[r["card"]]
            excerpt = c["excerpt"][0] if isinstance(c["excerpt"], list) else c["excerpt"]
            results.append({"id": f"r{n}", "title": c["title"], "url": c["url"], "excerpt": excerpt})
            behind[f"r{n}"] = {"card": r["card"], "publisher": c["publisher"], "partisan": c["partisan"],
                               "kind": c["kind"]}
        secret = {"key": {f"r{n}": r["rating"] for n, r in enumerate(d["results"], start=1)},
                  "reasons": {f"r{n}": r["reason"] for n, r in enumerate(d["results"], start=1)},
                  "behind": behind}
        return {"query": d["query"], "results": results, "max_picks": MAX_PICKS}, secret

    def score(self, ex, secret, answer):
        ids = [r["id"] for r in ex.public["results"]]
        if isinstance(answer, str):
            answer = [answer]
        if isinstance(answer, dict) or not isinstance(answer, (list, tuple)):
            return bad(ex, "Choose the result you would open first (then, if you like, a second and a third).")
        if any(a not in ids for a in answer) or len(set(answer)) != len(answer):
            return bad(ex, f"Choose among the results ({', '.join(ids)}), each at most once.")
        if len(answer) > MAX_PICKS:
            return bad(ex, f"Rank at most {MAX_PICKS} results.")
        key, reasons, behind = secret["key"], secret["reasons"], secret["behind"]
        first = RATINGS[key[answer[0]]]
        rest = [RATINGS[key[a]] for a in answer[1:]]
        value = first if not rest else 0.7 * first + 0.3 * sum(rest) / len(rest)
        items = []
        for n, a in enumerate(answer):
            rating = key[a]
            status = "right" if rating == "best" else "close" if rating == "acceptable" else "wrong"
            who = behind[a]
            side = "independent of both sides" if who["partisan"] == "none" else f"partisan: {who['partisan']}"
            items.append({"id": a, "status": status, "text": f"{'First' if n == 0 else f'Then ({n + 1})'}: "
                          f"{_title(ex, a)} — {who['publisher']} ({side})",
                          "feedback": f"{rating.capitalize()}: {reasons[a]}"})
        for a in ids:  # the ones not picked: shown once earned or asked for
            if a not in answer:
                who = behind[a]
                items.append({"id": a, "status": "answer", "hidden": True,
                              "text": f"{_title(ex, a)} — {who['publisher']}",
                              "feedback": f"{key[a].capitalize()}: {reasons[a]}"})
        head = {"best": "A good first click.", "acceptable": "A reasonable first click, not the best.",
                "poor": "Not the best first click."}[key[answer[0]]]
        return Result(ex.id, value, ex.points, head, items)

    def key_answer(self, ex, secret):
        return [next(r for r, rating in secret["key"].items() if rating == "best")]

    def examples(self, ex):
        key = ex.secret()["key"]
        best = next(r for r, v in key.items() if v == "best")
        worst = next((r for r, v in key.items() if v == "poor"), None)
        ok = next((r for r, v in key.items() if v == "acceptable"), worst)
        return {"right": [best], "wrong": [worst or ok], "partial": [ok] if ok else [worst],
                "empty": [], "malformed": {"first": best}}


    def describe(self, ex, answer):
        if isinstance(answer, list):
            return " → ".join(_title(ex, a) if any(r["id"] == a for r in ex.public["results"]) else str(a) for a in answer)
        return super().describe(ex, answer)


def _title(ex, rid):
    return next(r["title"] for r in ex.public["results"] if r["id"] == rid)


TYPE = FirstClick()
