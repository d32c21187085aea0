"""The registry of exercise types: name to the object that defines, checks, compiles and scores
the type (one module each in ``types/``). Everything that loops over types (the checker, the
compiler, the scorer, the tests, the JS-vs-Python agreement test, the grader's sample
hand-ins) reads this one dictionary.
"""

from __future__ import annotations

from .types import (categorise, evidence, first_click, grid, highlight, lateral, multiple, open, order,
                    rate, rewrite, single, value, verdict_confidence)
from .types.base import ExerciseType

TYPES: dict[str, ExerciseType] = {
    t.TYPE.name: t.TYPE
    for t in (single, multiple, categorise, highlight, value, lateral, rewrite, order, first_click, rate,
              grid, verdict_confidence, evidence, open)
}


def get_type(name: str) -> ExerciseType:
    return TYPES[name]
