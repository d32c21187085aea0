"""What every exercise type provides: the contract each module in this folder fulfils.

A type is one module holding one subclass of ``ExerciseType``:

- ``fields``: the definition keys it takes beyond the common ones (``schema.COMMON``), each a
  ``schema.Field``; the checker refuses any other key and any missing required one;
- ``check(d, s)``: cross-checks the fields alone can't express (the key answer is among the
  options; ids are unique); ``s`` is a ``schema.Scope``: ``s.at(path, message)`` reports a
  problem at the line of ``path`` (keys below the exercise), ``s.fields``, ``s.unique`` and
  ``s.corpus`` help;
- ``compile(d)``: the public part (shown to students) and the secret part (key, feedback,
  explanation; sealed in the bank) of one definition;
- ``score(ex, secret, answer)``: a ``Result`` with partial credit and feedback per item; never
  raises on a student's answer (the engine turns a surprise into one sentence);
- ``key_answer(ex, secret)``: an answer that scores full marks (None where there is none);
- ``examples(ex)``: a right, a wrong, a partial, an empty and a malformed answer, which the
  tests replay in Python and in JavaScript, and the grader's sample hand-ins draw from;
- ``describe(ex, answer)``: the answer in words, for feedback files and the class summary;
- ``scored``: False for practice types that are never scored (a rewrite).

The JavaScript half of a type is ``medialit/static/src/types/<name>.js`` (its scorer, mirroring
``score``, and its input); see the README's "Adding an exercise type".
"""

from __future__ import annotations

from typing import Any

from ..core import Exercise, Result


class ExerciseType:
    name: str = ""
    scored: bool = True
    fields: dict = {}
    # What Check says when nothing is answered yet.
    empty_feedback = "No answer yet: make your choice, then check."

    def check(self, d: dict, s) -> None:
        """Cross-checks of one definition whose keys have the right kinds."""

    def compile(self, d: dict) -> tuple[dict, dict]:
        raise NotImplementedError

    def empty(self, ex: Exercise) -> Result:
        return Result(ex.id, 0.0 if self.scored else None, ex.points, self.empty_feedback)

    def score(self, ex: Exercise, secret: dict, answer: Any) -> Result:
        raise NotImplementedError

    def key_answer(self, ex: Exercise, secret: dict) -> Any:
        return secret["key"]

    def examples(self, ex: Exercise) -> dict[str, Any]:
        raise NotImplementedError

    def describe(self, ex: Exercise, answer: Any) -> str:
        """A student's answer in words (for a teacher's feedback files and class summary)."""
        import json

        text = json.dumps(answer, ensure_ascii=False, default=str)
        return text if len(text) <= 120 else text[:117].rsplit(" ", 1)[0] + "…"
