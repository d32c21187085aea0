"""Value: a number or a piece of text typed in, or a list, Series or DataFrame computed with
pandas in a notebook and checked with ``check(id, value)``."""

from __future__ import annotations

import math
import re
import unicodedata

from ..core import Result, bad, is_empty
from ..launch import launch_links
from ..schema import Field
from .base import ExerciseType

VALUE_KINDS = ("number", "string", "list", "series", "frame")


class Value(ExerciseType):
    name = "value"
    fields = {
        "value_kind": Field("text", required=True, choices=VALUE_KINDS),
        "answer": Field("any", required=True),
        "static": Field("text", choices=("typed", "notebook"),
                        doc="typed: a box on the page; notebook: checked in a notebook only"),
        "notebook": Field("text", doc="the notebook where it is checked (for the launch links)"),
        "abs_tol": Field("number"), "rel_tol": Field("number"),
        "case_sensitive": Field("bool"),
        "unit": Field("text", choices=("percent",),
                      doc="percent: the answer is a percentage; a typed '%' after the number is accepted"),
        "also": Field("list", doc="other values accepted (a number or a text answer)"),
    }

    def check(self, d, s):
        kind, answer = d["value_kind"], d["answer"]
        ok = {"number": lambda a: isinstance(a, (int, float)) and not isinstance(a, bool),
              "string": lambda a: isinstance(a, str), "list": lambda a: isinstance(a, list),
              "series": lambda a: isinstance(a, dict),
              "frame": lambda a: isinstance(a, dict) and all(isinstance(v, dict) for v in a.values())}[kind]
        if not ok(answer):
            s.at(("answer",), f"the answer does not fit value_kind {kind!r}")
        static = d.get("static", "typed" if kind in ("number", "string") else "notebook")
        if static == "typed" and kind not in ("number", "string"):
            s.at(("static",), f"a {kind} can't be typed on a page: use static: notebook")
        if static == "notebook" and not d.get("notebook"):
            s.at((), "name the notebook where this value is computed (notebook: exercises/...)")

    def compile(self, d):
        public = {"value_kind": d["value_kind"], **({"unit": d["unit"]} if d.get("unit") else {}),
                  "static": d.get("static", "typed" if d["value_kind"] in ("number", "string") else "notebook"),
                  "notebook": d.get("notebook", "")}
        if public["notebook"]:
            public["launch"] = launch_links(public["notebook"])
        secret = {"key": {"value": d["answer"], "abs_tol": float(d.get("abs_tol", 0)),
                          "rel_tol": float(d.get("rel_tol", 0)),
                          "case_sensitive": bool(d.get("case_sensitive", False))}}
        if d.get("also"):
            secret["key"]["also"] = list(d["also"])
        return public, secret

    def empty(self, ex):
        return Result(ex.id, 0.0, ex.points, f"No answer yet: this exercise expects {_KIND_NAMES[ex.public['value_kind']]}.")

    def score(self, ex, secret, answer):
        return _score_value(ex, secret, answer)

    def key_answer(self, ex, secret):
        value = secret["key"]["value"]
        if ex.public["value_kind"] in ("series", "frame"):
            import pandas as pd

            return pd.Series(value) if ex.public["value_kind"] == "series" else pd.DataFrame(value)
        return value

    def examples(self, ex):
        kind = ex.public["value_kind"]
        key = self.key_answer(ex, ex.secret())
        if kind == "number":
            return {"right": key, "wrong": key + 1, "partial": key + 1, "empty": None, "malformed": [key]}
        if kind == "string":
            return {"right": key, "wrong": key + " not", "partial": key + " not", "empty": "", "malformed": [key]}
        if kind == "list":
            wrong = [None] * len(key)
            return {"right": key, "wrong": wrong, "partial": key[:-1] + [None] if key else wrong,
                    "empty": [], "malformed": 42.5}
        import pandas as pd

        if kind == "series":
            partial = key.copy()
            partial.iloc[0] = (partial.iloc[0] or 0) + 1
            return {"right": key, "wrong": key * 0 - 1, "partial": partial, "empty": None,
                    "malformed": pd.DataFrame({"x": [1]})}
        partial = key.copy()
        partial.iloc[0, 0] = None
        return {"right": key, "wrong": key.iloc[:, :1].rename(columns=lambda c: "other"),
                "partial": partial, "empty": None, "malformed": pd.Series([1])}

    def describe(self, ex, answer):
        if hasattr(answer, "to_dict"):
            answer = answer.to_dict()
        return super().describe(ex, answer)


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


def parse_number(text: str, unit: str = "") -> float:
    """A typed number, by the rule exercises.js also uses: ASCII digits, a dot for decimals; a
    trailing '%' where the answer is a percentage. A ValueError says, as a person would, what
    was typed and how to write it."""
    t = text.strip()
    if t.endswith("%"):
        if unit != "percent":
            raise ValueError("Type the number alone, without a % sign.")
        t = t[:-1].rstrip()
    if "," in t:
        raise ValueError("Write the number without commas, with a dot for decimals: 3.7, not 3,7.")
    value = float(t) if _NUMBER.fullmatch(t) else math.nan
    if not math.isfinite(value):
        shown = "".join(list(text.strip())[:30])
        raise ValueError(f"“{shown}” is not a number this box can read. Type it in digits, with a dot "
                         "for decimals (for example 12.5).")
    return value


def _gave(value) -> str:
    """What a student gave, in words (the JavaScript mirror names the JSON kinds the same way)."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "True or False"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a piece of text"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a dictionary"
    name = type(value).__name__
    return {"Series": "a pandas Series", "DataFrame": "a pandas DataFrame"}.get(name, f"a value of type {name}")


def _as_plain(value, kind, unit=""):
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
            value = parse_number(value, unit)
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


def _score_value(ex, secret, answer) -> Result:
    kind = ex.public["value_kind"]
    key = secret["key"]
    if is_empty(answer):
        return Result(ex.id, 0.0, ex.points, f"No answer yet: this exercise expects {_KIND_NAMES[kind]}.")
    try:
        got = _as_plain(answer, kind, ex.public.get("unit", ""))
    except ValueError as exc:
        return bad(ex, str(exc))
    except TypeError:
        return bad(ex, f"This exercise expects {_KIND_NAMES[kind]}; you gave {_gave(answer)}.")
    want = key["value"]
    if kind in ("number", "string"):
        ok = any(_close(got, w, key) for w in [want, *key.get("also", [])])
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


TYPE = Value()
