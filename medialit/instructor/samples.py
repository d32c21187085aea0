"""Synthetic answers files: the worked example's sample hand-ins, and the grading benchmark's.

Made by code (the tests regenerate the shipped samples and compare), never by hand.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from ..exercises.answers import SCHEMA, to_json_value
from ..exercises.core import Exercise, is_empty
from ..exercises.model import key_answer
from ..exercises.registry import TYPES

FIXED_TIME = "2026-11-24T09:00:00+00:00"


def _not_right(ex: Exercise, rng: random.Random):
    """A wrong or partly right answer, from the exercise type's own examples."""
    examples = TYPES[ex.type].examples(ex)
    return examples[rng.choice(["wrong", "partial"])]


def answers_file(student: str, exercises: list[Exercise], rng: random.Random, skill: float) -> dict:
    """An answers file for one student who gets each exercise right with probability ``skill``."""
    answers = {}
    for ex in exercises:
        if rng.random() < 0.1:
            continue  # skipped
        right = rng.random() < skill
        if not TYPES[ex.type].scored:
            answer = "The author says Albania has become a base for armed groups."
        else:
            answer = key_answer(ex) if right else _not_right(ex, rng)
        if answer is None or is_empty(answer):
            continue
        attempts = rng.randint(1, 3)
        latest = {"answer": to_json_value(answer), "score": None, "checked_at": FIXED_TIME}
        # A student who got there in the end usually started with something else.
        first = latest if attempts == 1 or not TYPES[ex.type].scored else \
            {"answer": to_json_value(_not_right(ex, rng)), "score": None, "checked_at": FIXED_TIME}
        answers[ex.id] = {"answer": latest["answer"], "score": None, "points": None,
                          "max_points": ex.points, "attempts": attempts,
                          "checked_at": FIXED_TIME, "source": rng.choice(["live", "static"]),
                          "first": first, "best": latest, "revealed": FIXED_TIME if rng.random() < 0.1 else None,
                          "locked": False}
    return {"schema": SCHEMA, "student": {"name": student, "id": ""}, "updated": FIXED_TIME,
            "answers": answers, "drafts": {}, "locks": {}}


NAMES = ["Ana B.", "Ben C.", "Chloé D.", "Dara E.", "Emil F.", "Farah G."]


def write_samples(folder: Path, exercises: list[Exercise], seed: int = 7) -> list[Path]:
    """The worked example's hand-ins: six students, plus three files with typical problems."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for i, name in enumerate(NAMES):
        data = answers_file(name, exercises, rng, skill=0.35 + 0.12 * i)
        path = folder / f"{name.split()[0].lower()}.json"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        written.append(path)
    # A student who handed in twice, a truncated download, and a file that isn't an answers file.
    dup = json.loads(written[0].read_text(encoding="utf-8"))
    (folder / "ana-second-try.json").write_text(json.dumps(dup, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    text = written[1].read_text(encoding="utf-8")
    (folder / "ben-truncated.json").write_text(text[: len(text) // 2], encoding="utf-8")
    (folder / "notes.txt").write_text("Remember to bring the permission slips.\n", encoding="utf-8")
    return sorted(folder.iterdir())
