"""The engine's core objects: an exercise, a scoring result, and the helpers every type shares.

Nothing here imports another module of the engine, so every type module, the compiler, the
scorer, the widget and the grader can import this one without a cycle.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache

from .seal import unseal


@lru_cache(maxsize=4096)
def _unsealed_json(exercise_id: str, sealed: str) -> str:
    return json.dumps(unseal(exercise_id, sealed))


def _unsealed(exercise_id: str, sealed: str) -> dict:
    """The secret, decoded once per exercise (a fresh copy each call: callers may modify it)."""
    return json.loads(_unsealed_json(exercise_id, sealed))


@lru_cache(maxsize=4096)
def shared_secret(exercise_id: str, sealed: str) -> dict:
    """The secret, decoded once and shared: for scoring, which only reads it (a test scores
    every example of every exercise and checks the shared secret is unchanged). Grading a class
    scores each exercise thousands of times; a fresh copy each time was a fifth of the work."""
    return json.loads(_unsealed_json(exercise_id, sealed))


@dataclass(frozen=True)
class Exercise:
    """One compiled exercise: its public part (what a page shows) and its sealed secret."""

    id: str
    type: str
    title: str
    prompt: str
    points: float
    public: dict = field(repr=False)
    sealed: str = field(repr=False)

    def secret(self) -> dict:
        return _unsealed(self.id, self.sealed)

    def to_json(self) -> dict:
        return {**self.public, "sealed": self.sealed}


# Item statuses in words (the same words as STATUS_WORDS in static/src/core.js).
STATUS_WORDS = {"right": "Right", "wrong": "Wrong", "missed": "Missed", "found": "Found", "close": "Close",
                "excess": "Marked, but not annotated so", "unanswered": "Not answered", "flag": "Look again",
                "answer": "The answer", "check": "Ask yourself"}


@dataclass
class Result:
    """A scored answer, in full: what the grader and the teacher see.

    ``items`` are dicts with ``id``, ``status`` (right, wrong, missed, found, excess, close,
    unanswered, flag, answer), ``text`` and ``feedback``, and two flags that decide what a
    student sees before the answer is earned (``present``): ``hidden`` (the item gives the
    key away: a missed span, the right option) and ``secret_feedback`` (its feedback names the
    key); an item's ``key`` is the right value for it.
    """

    exercise_id: str
    score: float | None  # 0..1, or None (an unscored type; bad input)
    max_points: float
    feedback: str
    items: list = field(default_factory=list)
    explanation: str = ""
    error: str | None = None
    hint: str = ""

    @property
    def points(self) -> float:
        return 0.0 if self.score is None else self.score * self.max_points

    def to_dict(self) -> dict:
        # A shallow dict (dataclasses.asdict deep-copies every item: slow when grading a class).
        return {"exercise_id": self.exercise_id, "score": self.score, "max_points": self.max_points,
                "feedback": self.feedback, "items": self.items, "explanation": self.explanation,
                "error": self.error, "points": self.points, "hint": self.hint}


# Statuses that mean the student has this item right: its key may be shown.
EARNED = ("right", "found")
FULL_MARKS = 1.0 - 1e-9


def earned(result: dict) -> bool:
    """Has the student earned the whole answer (full marks)?"""
    return result.get("score") is not None and result["score"] >= FULL_MARKS


def present(result: dict, revealed: bool = False) -> dict:
    """What the student sees of a result: the key only when earned (full marks) or asked for.

    Before that: items that give the key away are left out, item feedback that names the key
    is replaced by its hint, an item's key is dropped, and the explanation waits; the
    exercise's hint is shown instead. An unscored result (a rewrite) and an error pass as they
    are. The same rule is in ``static/src/core.js`` (``present``).
    """
    out = dict(result)
    if out.get("error") or out.get("score") is None:
        out["revealed"] = False
        return out
    if revealed or earned(out):
        out["items"] = [dict(i, hidden=False) for i in out.get("items", [])]
        out["revealed"] = bool(revealed and not earned(out))
        out["hint"] = ""
        return out
    items = []
    for item in out.get("items", []):
        if item.get("hidden"):
            continue
        item = dict(item)
        if item.get("status") not in EARNED:
            item.pop("key", None)
            if item.get("status") == "unanswered":
                item["feedback"] = ""
            elif item.get("secret_feedback"):
                item["feedback"] = item.get("hint", "")
        items.append(item)
    out["items"] = items
    out["explanation"] = ""
    out["revealed"] = False
    return out


def bad(ex: Exercise, message: str) -> Result:
    """A result for an answer the exercise can't read: no score, one clear sentence."""
    return Result(ex.id, None, ex.points, message, error=message)


def is_empty(answer) -> bool:
    if answer is None:
        return True
    if isinstance(answer, (str, list, tuple, set, dict)) and len(answer) == 0:
        return True
    return isinstance(answer, str) and not answer.strip()

