"""Open response: a short written answer that the teacher scores on a rubric (never the kit).

The definition gives the rubric's levels (``rubric``: a list of ``{score, text}``, lowest
first). Check saves the answer and says that the teacher will read it; nothing is scored
automatically. The grader exports every open response to a rubric CSV for the teacher to fill
in and reads the scores back (``medialit.instructor.rubric``).
"""

from __future__ import annotations

from ..core import Result, bad
from ..schema import Field
from .base import ExerciseType

LEVEL = {"score": Field("number", required=True), "text": Field("text", required=True)}
MAX_CHARS = 4000


class Open(ExerciseType):
    name = "open"
    scored = False
    empty_feedback = "No answer yet: write your answer, then save it."
    fields = {"rubric": Field("list", required=True, item="mapping", fields=LEVEL,
                              doc="the rubric's levels, lowest score first: {score, text}"),
              "lines": Field("number", doc="how many lines the answer box shows (default 6)")}

    def check(self, d, s):
        scores = [lvl.get("score") for lvl in d["rubric"] if isinstance(lvl, dict)]
        if len(scores) < 2:
            s.at(("rubric",), "a rubric needs at least two levels")
        elif scores != sorted(scores) or len(set(scores)) != len(scores):
            s.at(("rubric",), "the rubric's scores must rise from level to level, each once")

    def compile(self, d):
        rubric = [{"score": lvl["score"], "text": lvl["text"]} for lvl in d["rubric"]]
        public = {"lines": int(d.get("lines", 6))}
        return public, {"key": None, "rubric": rubric}

    def score(self, ex, secret, answer):
        if not isinstance(answer, str):
            return bad(ex, "Write your answer as text.")
        if len(answer) > MAX_CHARS:
            return bad(ex, f"Your answer is {len(answer)} characters long; keep it under {MAX_CHARS}.")
        return Result(ex.id, None, ex.points,
                      "Saved. Your teacher reads this answer and scores it on a rubric; the kit does not.")

    def key_answer(self, ex, secret):
        return None

    def describe(self, ex, answer):
        if isinstance(answer, str):
            return answer if len(answer) <= 160 else answer[:157].rsplit(" ", 1)[0] + "…"
        return super().describe(ex, answer)

    def examples(self, ex):
        return {"right": "It comes from a state-run paper; I would look for the original report.",
                "wrong": "I don't know.", "partial": "Someone wrote it.", "empty": "", "malformed": 42}


TYPE = Open()
