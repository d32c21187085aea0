"""Scoring, written once: every exercise type's scorer lives in its module (``types/``); this
is the one entry point that dispatches to it.

``score(exercise, answer)`` never raises on a student's input: a wrong type, an empty answer
or a value of the wrong shape comes back as a ``Result`` whose ``error`` is one clear
sentence. The static page's JavaScript (``static/src/``) mirrors every type's rules; a test runs
both on every exercise with each type's ``examples()`` and compares.

Answer shapes, by type:
- single: an option id (``"b"``);  multiple: a list of option ids;
- categorise: ``{item_id: label}``;  highlight: a list of word indices into the passage;
- value: the value itself (number, string, list, pandas Series or DataFrame);
- lateral: ``{"verdict": ..., "cards": [card ids]}``;  rewrite: the rewritten text.
"""

from __future__ import annotations

from .core import Exercise, Result, bad, is_empty, present, shared_secret
from .registry import TYPES
from .types.passages import span_words
from .types.rewrite import rewrite_flags
from .types.value import parse_number

__all__ = ["Result", "feedback", "is_empty", "parse_number", "present", "rewrite_flags", "score",
           "span_words"]


def score(ex: Exercise, answer) -> Result:
    kind = TYPES[ex.type]
    secret = shared_secret(ex.id, ex.sealed)  # read only: never modified while scoring
    if is_empty(answer):
        return kind.empty(ex)
    try:
        res = kind.score(ex, secret, answer)
    except (TypeError, ValueError, KeyError, AttributeError, IndexError, OverflowError,
            ZeroDivisionError, RecursionError) as exc:  # a shape we did not foresee
        return bad(ex, f"That answer has a shape this exercise can't read ({type(exc).__name__}).")
    if res.error is None:
        res.explanation = secret.get("explanation", "")
        res.hint = secret.get("hint", "")
    return res


def feedback(ex: Exercise, answer, revealed: bool = False) -> dict:
    """The result a student sees: the key only when earned or asked for (``core.present``)."""
    return present(score(ex, answer).to_dict(), revealed)
