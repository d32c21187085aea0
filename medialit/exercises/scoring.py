"""Scoring, written once: every exercise type, with partial credit and feedback per item.

``score(exercise, answer)`` never raises on a student's input: a wrong type, an empty answer
or a value of the wrong shape comes back as a ``Result`` whose ``error`` is one clear
sentence. The static page's JavaScript (``static/exercises.js``) mirrors these rules; a test
runs both on every exercise with right, wrong, partial and empty answers and compares.

Answer shapes, by type:
- single: an option id (``"b"``);  multiple: a list of option ids;
- categorise: ``{item_id: label}``;  highlight: a list of word indices into the passage;
- value: the value itself (number, string, list, pandas Series or DataFrame);
- lateral: ``{"verdict": ..., "cards": [card ids]}``;  rewrite: the rewritten text.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

from .model import Exercise


@dataclass
class Result:
    exercise_id: str
    score: float | None  # 0..1, or None (rewrite is never scored; bad input)
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


def _bad(ex: Exercise, message: str) -> Result:
    return Result(ex.id, None, ex.points, message, error=message)


def _is_empty(answer) -> bool:
    if answer is None:
        return True
    if isinstance(answer, (str, list, tuple, set, dict)) and len(answer) == 0:
        return True
    return isinstance(answer, str) and not answer.strip()


def score(ex: Exercise, answer) -> Result:
    secret = ex.secret()
    if _is_empty(answer) and ex.type not in ("value",):
        res = Result(ex.id, 0.0, ex.points, "No answer yet: make your choice, then check.")
        if ex.type == "rewrite":
            res.score = None
            res.feedback = "No rewrite yet: type your version of the passage, then check."
        return res
    handler = {"single": _single, "multiple": _multiple, "categorise": _categorise,
               "highlight": _highlight, "value": _value, "lateral": _lateral,
               "rewrite": _rewrite}[ex.type]
    try:
        res = handler(ex, secret, answer)
    except (TypeError, ValueError, KeyError, AttributeError, IndexError, OverflowError,
            ZeroDivisionError, RecursionError) as exc:  # a shape we did not foresee
        return _bad(ex, f"That answer has a shape this exercise can't read ({type(exc).__name__}).")
    if res.error is None:
        res.explanation = secret.get("explanation", "")
    return res


# --- choice ------------------------------------------------------------------------------

def _single(ex, secret, answer) -> Result:
    ids = [o["id"] for o in ex.public["options"]]
    if not isinstance(answer, str) or answer not in ids:
        return _bad(ex, f"Choose one of the options ({', '.join(ids)}).")
    right = answer == secret["key"]
    fb = secret["feedback"].get(answer, "")
    items = [{"id": answer, "status": "right" if right else "wrong", "feedback": fb}]
    return Result(ex.id, 1.0 if right else 0.0, ex.points,
                  ("Right. " if right else "Not quite. ") + fb, items)


def _multiple(ex, secret, answer) -> Result:
    ids = [o["id"] for o in ex.public["options"]]
    if isinstance(answer, str) or not isinstance(answer, (list, tuple, set)):
        return _bad(ex, "Tick one or more options; the answer should be a list of option ids.")
    chosen = list(dict.fromkeys(answer))
    unknown = [a for a in chosen if a not in ids]
    if unknown:
        return _bad(ex, f"Unknown option(s): {', '.join(map(str, unknown))}. The options are {', '.join(ids)}.")
    key = set(secret["key"])
    items = []
    for o in ids:
        picked, correct = o in chosen, o in key
        if picked or correct:
            status = "right" if picked and correct else "wrong" if picked else "missed"
            items.append({"id": o, "status": status, "feedback": secret["feedback"].get(o, "")})
    good = sum(1 for a in chosen if a in key)
    bad = len(chosen) - good
    value = max(0.0, (good - bad) / len(key))
    return Result(ex.id, value, ex.points,
                  f"{good} of {len(key)} right answers ticked" + (f", {bad} wrong." if bad else "."), items)


# --- categorise ---------------------------------------------------------------------------

def _categorise(ex, secret, answer) -> Result:
    if not isinstance(answer, dict):
        return _bad(ex, "Give a label for each item; the answer should map item ids to labels.")
    item_ids = [it["id"] for it in ex.public["items"]]
    labels = ex.public["labels"]
    unknown = [k for k in answer if k not in item_ids]
    if unknown:
        return _bad(ex, f"Unknown item(s): {', '.join(map(str, unknown))}.")
    wrong_labels = [v for v in answer.values() if v not in labels and v not in (None, "")]
    if wrong_labels:
        return _bad(ex, f"'{wrong_labels[0]}' is not one of the labels ({', '.join(labels)}).")
    items, right = [], 0
    for i in item_ids:
        given, key = answer.get(i), secret["key"][i]
        status = "right" if given == key else "unanswered" if not given else "wrong"
        right += status == "right"
        items.append({"id": i, "status": status, "given": given, "answer": key,
                      "feedback": secret["feedback"].get(i, "")})
    return Result(ex.id, right / len(item_ids), ex.points,
                  f"{right} of {len(item_ids)} items labelled as the annotators did.", items)


# --- highlight ----------------------------------------------------------------------------

def span_words(tokens: list, begin: int, end: int) -> list[int]:
    """Indices of the words that overlap the span [begin, end)."""
    return [i for i, (b, e) in enumerate(tokens) if b < end and e > begin]


def _highlight(ex, secret, answer) -> Result:
    tokens = ex.public["passage"]["tokens"]
    if isinstance(answer, (str, dict)) or not isinstance(answer, (list, tuple, set)):
        return _bad(ex, "Mark words in the passage; the answer should be a list of word numbers.")
    if not all((isinstance(i, int) and not isinstance(i, bool)) or (isinstance(i, float) and i.is_integer())
               for i in answer):
        return _bad(ex, "Word numbers must be whole numbers.")
    answer = [int(i) for i in answer]
    if any(i < 0 or i >= len(tokens) for i in answer):
        return _bad(ex, f"Word numbers run from 0 to {len(tokens) - 1}.")
    marked = set(answer)
    key = secret["key"]
    key_words: set[int] = set()
    boundary: set[int] = set()
    items, found = [], 0
    for s in key:
        words = span_words(tokens, s["begin"], s["end"])
        key_words.update(words)
        hit = len(marked.intersection(words)) / len(words) >= 0.5
        found += hit
        if hit:  # a word either side of a found span is a boundary difference, not an error
            boundary.update({words[0] - 1, words[-1] + 1})
        items.append({"id": s["id"], "status": "found" if hit else "missed", "text": s["text"],
                      "technique": s["technique"], "feedback": s["rationale"]})
    excess = sorted(marked - key_words - boundary)
    for run in _runs(excess):
        b, e = tokens[run[0]][0], tokens[run[-1]][1]
        text = ex.public["passage"]["text"][b:e]
        other = next((o for o in secret.get("others", []) if o["begin"] < e and o["end"] > b), None)
        fb = (f"Annotated as {other['technique']}, not the technique asked for: {other['rationale']}"
              if other else "Not annotated as this technique.")
        items.append({"id": None, "status": "excess", "text": text, "feedback": fb})
    value = max(0.0, found / len(key) - len(excess) / len(key_words))
    return Result(ex.id, value, ex.points,
                  f"You found {found} of {len(key)} annotated spans"
                  + (f" and marked {len(excess)} word(s) outside them." if excess else "."), items)


def _runs(indices: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for i in indices:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


# --- value --------------------------------------------------------------------------------

def _close(a, b, key) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(b, (int, float)) and isinstance(a, (int, float)):
        a, b = float(a), float(b)
        if not (math.isfinite(a) and math.isfinite(b)):
            return False
        return abs(a - b) <= max(key["abs_tol"], key["rel_tol"] * abs(b))
    if isinstance(b, str) and isinstance(a, str):
        return _norm(a, key["case_sensitive"]) == _norm(b, key["case_sensitive"])
    return False


def _norm(text: str, case_sensitive: bool) -> str:
    """The same text rule as exercises.js: NFC, trimmed, lower-cased unless case matters."""
    text = unicodedata.normalize("NFC", text).strip()
    return text if case_sensitive else text.lower()


_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def parse_number(text: str) -> float:
    """A typed number, by the rule exercises.js also uses: ASCII digits, a dot for decimals."""
    t = text.strip()
    if "," in t:
        raise ValueError("Write the number without commas (use a dot for decimals).")
    if not _NUMBER.fullmatch(t):
        raise ValueError("not a number")
    value = float(t)
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return value


def _as_plain(value, kind):
    """Turn a student's value into plain Python data of the exercise's kind, or raise TypeError."""
    try:
        import numpy as np
        import pandas as pd
    except ImportError:  # pragma: no cover
        np = pd = None
    if np is not None and isinstance(value, np.generic):
        value = value.item()
    if kind == "number":
        if isinstance(value, str):
            value = parse_number(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError("a number")
        if isinstance(value, float) and not math.isfinite(value):
            raise TypeError("a finite number")
        return value
    if kind == "string":
        if not isinstance(value, str):
            raise TypeError("a string")
        return value
    if kind == "list":
        if pd is not None and isinstance(value, (pd.Series, pd.Index)):
            value = value.tolist()
        if np is not None and isinstance(value, np.ndarray):
            value = value.tolist()
        if not isinstance(value, (list, tuple)):
            raise TypeError("a list")
        return [v.item() if np is not None and isinstance(v, np.generic) else v for v in value]
    if kind == "series":
        if pd is None or not isinstance(value, pd.Series):
            raise TypeError("a pandas Series")
        return {str(k): (v.item() if hasattr(v, "item") else v) for k, v in value.items()}
    if kind == "frame":
        if pd is None or not isinstance(value, pd.DataFrame):
            raise TypeError("a pandas DataFrame")
        return {str(c): {str(k): (v.item() if hasattr(v, "item") else v) for k, v in value[c].items()}
                for c in value.columns}
    raise TypeError(kind)


_KIND_NAMES = {"number": "a number", "string": "a piece of text", "list": "a list",
               "series": "a pandas Series", "frame": "a pandas DataFrame"}


def _value(ex, secret, answer) -> Result:
    kind = ex.public["value_kind"]
    key = secret["key"]
    if _is_empty(answer):
        return Result(ex.id, 0.0, ex.points, f"No answer yet: this exercise expects {_KIND_NAMES[kind]}.")
    try:
        got = _as_plain(answer, kind)
    except ValueError as exc:
        if "commas" in str(exc):
            return _bad(ex, str(exc))
        return _bad(ex, f"This exercise expects {_KIND_NAMES[kind]}, and got {type(answer).__name__}.")
    except TypeError:
        return _bad(ex, f"This exercise expects {_KIND_NAMES[kind]}, and got {type(answer).__name__}.")
    want = key["value"]
    if kind in ("number", "string"):
        ok = _close(got, want, key)
        return Result(ex.id, 1.0 if ok else 0.0, ex.points, "Right." if ok else "Not the expected value.")
    if kind == "list":
        if len(got) != len(want):
            return Result(ex.id, 0.0, ex.points, f"Your list has {len(got)} items; the expected one has {len(want)}.")
        right = sum(_close(a, b, key) for a, b in zip(got, want))
        return Result(ex.id, right / len(want), ex.points, f"{right} of {len(want)} items match.")
    if kind == "series":
        if set(got) != set(map(str, want)):
            return Result(ex.id, 0.0, ex.points, "Your Series has a different index (labels) from the expected one.")
        right = sum(_close(got[str(k)], v, key) for k, v in want.items())
        return Result(ex.id, right / len(want), ex.points, f"{right} of {len(want)} values match.")
    # frame: compare column by column, cell by cell
    if set(got) != set(map(str, want)):
        return Result(ex.id, 0.0, ex.points, "Your table has different columns from the expected one.")
    cells = right = 0
    for col, values in want.items():
        for k, v in values.items():
            cells += 1
            right += str(k) in got[str(col)] and _close(got[str(col)][str(k)], v, key)
    return Result(ex.id, right / cells, ex.points, f"{right} of {cells} cells match.")


# --- lateral reading ----------------------------------------------------------------------

def _lateral(ex, secret, answer) -> Result:
    if not isinstance(answer, dict):
        return _bad(ex, "Give a verdict and the source cards you used.")
    verdict, cards = answer.get("verdict"), answer.get("cards")
    cards = [] if cards is None else cards
    if verdict not in ex.public["verdicts"]:
        return _bad(ex, f"Choose a verdict from: {', '.join(ex.public['verdicts'])}.")
    if not isinstance(cards, (list, tuple)):
        return _bad(ex, "The cards should be a list of card ids such as SC-101.")
    bad_ids = [c for c in cards if not (isinstance(c, str) and re.fullmatch(r"SC-[0-9]{3}", c))]
    if bad_ids:
        return _bad(ex, f"'{bad_ids[0]}' is not a card id (they look like SC-101).")
    key = secret["key"]
    chosen, wanted = set(cards), set(key["cards"])
    union = chosen | wanted
    evidence = len(chosen & wanted) / len(union) if union else 1.0
    verdict_ok = verdict == key["verdict"]
    items = [{"id": "verdict", "status": "right" if verdict_ok else "wrong", "given": verdict,
              "answer": key["verdict"], "feedback": secret.get("summary", "")}]
    for c in sorted(union):
        status = "right" if c in chosen and c in wanted else "excess" if c in chosen else "missed"
        items.append({"id": c, "status": status, "feedback": ""})
    value = 0.5 * verdict_ok + 0.5 * evidence
    return Result(ex.id, value, ex.points,
                  ("The verdict matches the kit's." if verdict_ok else "The kit's verdict differs.")
                  + f" {len(chosen & wanted)} of your {len(chosen)} card(s) are among the {len(wanted)} the kit relies on.",
                  items)


# --- rewrite ------------------------------------------------------------------------------

_SCARE = re.compile(r"[‘“\"']([^‘’“”\"'\n]{1,40})[’”\"']")


def rewrite_flags(text: str, key: dict) -> list[dict]:
    protect = [p.lower() for p in key.get("protect", [])]
    flags = []
    low = text.lower()
    for term in key["flag"]:
        bare = term.strip("‘’“”\"' ").lower()
        if bare and re.search(r"(?<!\w)" + re.escape(bare) + r"(?!\w)", low) and bare not in protect:
            flags.append({"id": None, "status": "flag", "text": term,
                          "feedback": "An annotated loaded term is still there."})
    for m in _SCARE.finditer(text):
        inner = m.group(1).strip()
        if len(inner.split()) <= 3 and inner.lower() not in protect:
            flags.append({"id": None, "status": "flag", "text": m.group(0),
                          "feedback": "Quotation marks around a word or two can act as scare quotes."})
    return flags


def _rewrite(ex, secret, answer) -> Result:
    if not isinstance(answer, str):
        return _bad(ex, "Type your rewrite as text.")
    flags = rewrite_flags(answer, secret["key"])
    msg = ("No annotated loaded term or scare quote left. Compare your version with the original: "
           "did you keep every fact?" if not flags else
           f"{len(flags)} thing(s) to look at again. This check is for practice: it is never scored.")
    return Result(ex.id, None, ex.points, msg, flags)
