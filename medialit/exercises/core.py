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


@dataclass
class Result:
    exercise_id: str
    score: float | None  # 0..1, or None (an unscored type; bad input)
    max_points: float
    feedback: str
    items: list = field(default_factory=list)
    explanation: str = ""
    error: str | None = None

    @property
    def points(self) -> float:
        return 0.0 if self.score is None else self.score * self.max_points

    def to_dict(self) -> dict:
        # A shallow dict (dataclasses.asdict deep-copies every item: slow when grading a class).
        return {"exercise_id": self.exercise_id, "score": self.score, "max_points": self.max_points,
                "feedback": self.feedback, "items": self.items, "explanation": self.explanation,
                "error": self.error, "points": self.points}


def bad(ex: Exercise, message: str) -> Result:
    """A result for an answer the exercise can't read: no score, one clear sentence."""
    return Result(ex.id, None, ex.points, message, error=message)


def is_empty(answer) -> bool:
    if answer is None:
        return True
    if isinstance(answer, (str, list, tuple, set, dict)) and len(answer) == 0:
        return True
    return isinstance(answer, str) and not answer.strip()

