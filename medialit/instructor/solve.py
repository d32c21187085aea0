"""Solve an exercise with its key, for the instructors' notebooks (``solutions/<lesson>.ipynb``).

``solve("L1-E03")`` takes the key from the plaintext definitions in ``solutions/exercises/``
(never retyped in a notebook), scores it like a student's answer, saves it in the answers file
and shows the answer with its feedback and explanation. It needs ``solutions/``: a student copy
of the kit (``python -m medialit release``) has none.
"""

from __future__ import annotations

from functools import lru_cache

from ..errors import KitError
from ..paths import repo_root


@lru_cache(maxsize=1)
def _keys():
    from .grade import load_keys

    folder = repo_root() / "solutions"
    if not (folder / "exercises").is_dir():
        raise KitError("solve() needs the instructors' solutions/ folder, which this copy of the kit does not have.")
    return load_keys(folder)


def solve(exercise_id: str, value=None):
    """Score the key answer of ``exercise_id`` (or ``value``), save it, show it with the answer."""
    from ..exercises import Report, answers_file
    from ..exercises.registry import TYPES
    from ..exercises.scoring import score

    keys = _keys()
    if exercise_id not in keys:
        return Report(str(exercise_id), message=f"There is no exercise {exercise_id!r} in solutions/exercises/.")
    ex = keys[exercise_id]
    t = TYPES[ex.type]
    answer = value if value is not None else (t.key_answer(ex, ex.secret()) if t.scored else
                                             ex.secret().get("model_answer"))
    if answer is None:
        return Report(ex.id, message=f"{ex.id} has no key answer (a practice exercise with no model answer).")
    result = score(ex, answer)
    store = answers_file()
    try:
        store.record(ex.id, answer, result.to_dict())
        store.reveal(ex.id)
        saved = f"Saved in {store.path.name}."
    except KitError as exc:
        saved = str(exc)
    shown = answer.to_dict() if hasattr(answer, "to_dict") else answer
    return Report(ex.id, result, revealed=True, message=f"The answer: {shown!r}. {saved}")
