"""Exercises as data: each defined once, checked, and compiled into a student-facing bank.

An instructor-side definition lives in ``solutions/exercises/<set>.yaml``, keys included, in
plain text. Items can be taken straight from the corpus (attributions, claims, technique
spans, paragraphs) instead of being retyped. ``compile_set`` checks every key of the file
(``schema.py``: unknown, missing, of the wrong kind, an answer not among the options, a corpus
id that does not exist; each problem with its ``FILE:LINE``), then splits every exercise into

- a **public** part (id, type, title, prompt, points, options or items or passage, labels),
  which the notebook widget and the static page render; and
- a **secret** part (the key, feedback per option or item, rationales, the explanation),
  sealed (``seal.py``) so that no key appears in student-facing files.

How each type does this is its module's business (``types/``, listed in ``registry.py``).

The compiled bank is ``medialit/exercises/bank/<set>.json``; it ships with the package, so a
student copy without ``solutions/`` still works. ``python -m medialit exercises`` rebuilds it;
a test checks it matches the definitions.

**Exercise ids are permanent.** An exercise removed from a set is listed under the set's
``retired:`` key (id, date, reason); its id is never used again, and the grader reports an
answer to it as retired, not unknown.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from ..errors import KitError
from ..paths import repo_root
from .core import Exercise
from .registry import TYPES as _TYPES
from .schema import CorpusIds, check_file
from .seal import seal

BANK_DIR = Path(__file__).parent / "bank"
TYPES = tuple(_TYPES)

__all__ = ["BANK_DIR", "DefinitionError", "Exercise", "TYPES", "bank_cache", "compile_exercise",
           "compile_set", "exercise_set", "get", "key_answer", "retired_ids", "solutions_dir",
           "write_bank"]


class DefinitionError(KitError):
    """Definition files with problems: ``problems`` holds one ``FILE:LINE: message`` each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def solutions_dir() -> Path:
    return repo_root() / "solutions" / "exercises"


# --- compiling definitions --------------------------------------------------------------

def compile_exercise(d: dict, set_name: str = "") -> Exercise:
    """One checked definition (a dict from the YAML file) to a public part and a sealed secret."""
    ex_id, kind = d.get("id"), d.get("type")
    if not ex_id or kind not in _TYPES:
        raise KitError(f"exercise {ex_id!r}: type must be one of {TYPES}, found {kind!r}")
    public = {"id": ex_id, "set": set_name, "type": kind, "title": d["title"], "prompt": d["prompt"],
              "points": float(d.get("points", 1))}
    extra_public, extra_secret = _TYPES[kind].compile(d)
    public.update(extra_public)
    secret = {"explanation": d.get("explanation", ""), **extra_secret}
    if d.get("hint"):
        secret["hint"] = d["hint"]
    if d.get("model_answer") is not None:
        secret["model_answer"] = d["model_answer"]
    return Exercise(ex_id, kind, public["title"], public["prompt"], public["points"], public,
                    seal(ex_id, secret))


def read_definitions(path: Path, corpus: CorpusIds | None = None, display: str | None = None) -> dict:
    """A definition file, checked; raises ``DefinitionError`` listing every problem."""
    problems, data = check_file(Path(path), _TYPES, corpus, display)
    if problems:
        raise DefinitionError(problems)
    return data


ASSESSMENT_NOTE = ("Submitted: your answer is saved. This is a test: it shows no feedback, and the answer "
                   "can't be changed. Your teacher scores it.")


def for_students(ex: Exercise, mode: str) -> dict:
    """What a student-facing file holds of an exercise: in an assessment set, no key at all,
    sealed or not (the grader takes the keys from solutions/)."""
    if mode != "assessment":
        return ex.to_json()
    return {**ex.public, "mode": "assessment", "sealed": seal(ex.id, {"assessment": True})}


def compile_set(path: Path, corpus: CorpusIds | None = None) -> dict:
    data = read_definitions(path, corpus)
    mode = data.get("mode", "practice")
    exercises = [for_students(compile_exercise(d, data["set"]), mode) for d in data["exercises"]]
    retired = sorted(str(r["id"]) for r in data.get("retired") or [])
    out = {"set": data["set"], "title": data["title"], "schema": 1, "exercises": exercises, "retired": retired}
    if mode == "assessment":
        out.update(mode="assessment", form=data.get("form", data["set"]))
    return out


def check_definitions(paths: list[Path] | None = None) -> list[str]:
    """Every problem in the definition files (all of them by default), as FILE:LINE lines."""
    corpus = CorpusIds()
    problems = []
    seen: dict[str, str] = {}
    for path in paths or sorted(solutions_dir().glob("*.yaml")):
        found, data = check_file(path, _TYPES, corpus)
        problems += found
        for d in (data or {}).get("exercises") or []:
            if isinstance(d, dict) and isinstance(d.get("id"), str):
                if d["id"] in seen and seen[d["id"]] != path.name:
                    problems.append(f"solutions/exercises/{path.name}:1: exercise id {d['id']} is also "
                                    f"defined in {seen[d['id']]}")
                seen[d["id"]] = path.name
    return problems


def write_bank(only: list[str] | None = None) -> list[Path]:
    """Check the definition files in solutions/exercises/ (all, or the sets named), then
    compile them into the bank. Nothing is written if any file has a problem."""
    paths = sorted(solutions_dir().glob("*.yaml"))
    if only:
        paths = [p for p in paths if p.stem in only]
        missing = set(only) - {p.stem for p in paths}
        if missing:
            raise KitError(f"No definition file for: {', '.join(sorted(missing))} (looked in {solutions_dir()}).")
    problems = check_definitions(sorted(solutions_dir().glob("*.yaml")))
    if problems:
        raise DefinitionError(problems)
    corpus = CorpusIds()
    banks = [compile_set(path, corpus) for path in paths]
    BANK_DIR.mkdir(exist_ok=True)
    written = []
    for bank in banks:
        out = BANK_DIR / f"{bank['set']}.json"
        out.write_text(json.dumps(bank, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(out)
    bank_cache.cache_clear()
    return written


def key_answer(ex: Exercise):
    """The answer that scores full marks (for solution notebooks, tests and the grader)."""
    if is_assessment(ex):
        raise KitError(f"{ex.id} belongs to an assessment: its key is only in solutions/, for the grader.")
    return _TYPES[ex.type].key_answer(ex, ex.secret())


def is_assessment(ex: Exercise) -> bool:
    return ex.public.get("mode") == "assessment"


# Types whose answer maps each of the exercise's items to a response: a test submits one only
# when every item has one (a submitted answer is locked).
ITEMISED = ("rate", "verdict_confidence")


def unanswered_items(ex: Exercise, value) -> list[str]:
    """The ids of the items ``value`` leaves without a response (for ``ITEMISED`` types)."""
    items = ex.public.get("items")
    if ex.type not in ITEMISED or not isinstance(value, dict) or not isinstance(items, list):
        return []
    return [it["id"] for it in items if isinstance(it, dict) and value.get(it["id"]) is None]


def incomplete_note(ex: Exercise, value) -> str:
    """What a student is told when a test answer leaves items out ("" when none)."""
    missing = unanswered_items(ex, value)
    if not missing:
        return ""
    n = len(ex.public["items"])
    return (f"Nothing was submitted: {len(missing)} of {n} items have no answer yet. Answer every item, "
            "then submit. You can submit once, and a submitted answer can't be changed.")


# --- the compiled bank ----------------------------------------------------------------

def _bank_files() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(BANK_DIR.glob("*.json"))]


@lru_cache(maxsize=1)
def bank_cache() -> dict[str, Exercise]:
    out = {}
    for data in _bank_files():
        for e in data["exercises"]:
            public = {k: v for k, v in e.items() if k != "sealed"}
            out[e["id"]] = Exercise(e["id"], e["type"], e["title"], e["prompt"], e["points"],
                                    public, e["sealed"])
    return out


@lru_cache(maxsize=1)
def retired_ids() -> frozenset[str]:
    """Ids of exercises that were removed: never reused, reported as retired by the grader."""
    return frozenset(i for data in _bank_files() for i in data.get("retired", []))


def get(exercise_id: str) -> Exercise:
    bank = bank_cache()
    if not isinstance(exercise_id, str) or exercise_id not in bank:
        if isinstance(exercise_id, str) and exercise_id in retired_ids():
            raise KitError(f"Exercise {exercise_id!r} was retired: it is no longer part of the course.")
        close = [i for i in bank if isinstance(exercise_id, str) and i.lower() == exercise_id.lower()]
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise KitError(f"There is no exercise {exercise_id!r}.{hint}")
    return bank[exercise_id]


def exercise_set(name: str) -> list[Exercise]:
    path = BANK_DIR / f"{name}.json"
    if not path.exists():
        raise KitError(f"There is no exercise set {name!r}.")
    ids = [e["id"] for e in json.loads(path.read_text(encoding="utf-8"))["exercises"]]
    return [get(i) for i in ids]
