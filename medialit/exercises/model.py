"""Exercises as data: each defined once, compiled into a student-facing bank.

An instructor-side definition lives in ``solutions/exercises/<set>.yaml``, keys included, in
plain text. Items can be taken straight from the corpus (attributions, claims, technique
spans, paragraphs) instead of being retyped. ``compile_set`` resolves those references and
splits every exercise into

- a **public** part (id, type, title, prompt, points, options or items or passage, labels),
  which the notebook widget and the static page render; and
- a **secret** part (the key, feedback per option or item, rationales, the explanation),
  sealed (``seal.py``) so that no key appears in student-facing files.

The compiled bank is ``medialit/exercises/bank/<set>.json``; it ships with the package, so a
student copy without ``solutions/`` still works. ``python -m medialit exercises`` rebuilds it;
a test checks it matches the definitions.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .. import dataset
from ..corpus import load_article
from ..errors import KitError
from ..paths import repo_root
from .seal import seal, unseal

BANK_DIR = Path(__file__).parent / "bank"
TYPES = ("single", "multiple", "categorise", "highlight", "value", "lateral", "rewrite")
VERDICT_CHOICES = ("accurate", "inaccurate", "misleading", "misattributed", "unsupported",
                   "unverified", "not checkable")
_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")


@lru_cache(maxsize=4096)
def _unsealed_json(exercise_id: str, sealed: str) -> str:
    return json.dumps(unseal(exercise_id, sealed))


def _unsealed(exercise_id: str, sealed: str) -> dict:
    """The secret, decoded once per exercise (a fresh copy each call: callers may modify it)."""
    return json.loads(_unsealed_json(exercise_id, sealed))


@dataclass(frozen=True)
class Exercise:
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


# --- compiling definitions --------------------------------------------------------------

def solutions_dir() -> Path:
    return repo_root() / "solutions" / "exercises"


def word_tokens(text: str) -> list[list[int]]:
    """[begin, end] of each word in ``text`` (Python string indices)."""
    return [[m.start(), m.end()] for m in _WORD.finditer(text)]


def _passage(paragraph_id: str) -> dict:
    art = load_article(paragraph_id[:1])
    p = art.paragraph(paragraph_id)
    return {"article": art.key, "paragraph_id": p.id, "offset": p.start, "text": p.text,
            "tokens": word_tokens(p.text)}


def _resolve_items(d: dict) -> tuple[list[dict], dict, dict]:
    """Items, key and per-item feedback of a categorise exercise (from the corpus or inline)."""
    source = d.get("items_from")
    if source is None:
        items = [{"id": it["id"], "text": it["text"], "context": it.get("context", "")} for it in d["items"]]
        key = {it["id"]: it["answer"] for it in d["items"]}
        feedback = {it["id"]: it.get("feedback", "") for it in d["items"]}
        return items, key, feedback
    ids = d["items"]
    if source == "attributions":
        df = dataset.attributions().set_index("attr_id")
        field_name = d.get("field", "source_type")
        rows = [(i, df.loc[i]) for i in ids]
        items = [{"id": i, "text": r["text"], "context": f"{r['paragraph_id']}, credited to: {r['source']}"} for i, r in rows]
        return items, {i: r[field_name] for i, r in rows}, {i: r["note"] for i, r in rows}
    if source == "claims":
        df = dataset.claims().set_index("id")
        field_name = d.get("field", "claim_type")
        rows = [(i, df.loc[i]) for i in ids]
        items = [{"id": i, "text": r["quote"], "context": r["paragraph_id"]} for i, r in rows]
        return items, {i: r[field_name] for i, r in rows}, {i: r["summary"] for i, r in rows}
    raise KitError(f"{d['id']}: unknown items_from {source!r}")


def _highlight_key(paragraph_id: str, techniques: list[str]) -> tuple[list[dict], list[dict]]:
    """Key spans (target technique or accepted alternative) and the other spans in the passage."""
    p = load_article(paragraph_id[:1]).paragraph(paragraph_id)
    spans = dataset.spans()
    spans = spans[spans.paragraph_id == paragraph_id]
    key, others = [], []
    for r in spans.itertuples():
        entry = {"id": r.span_id, "begin": r.begin - p.start, "end": r.end - p.start,
                 "technique": r.technique, "alt": r.alt_technique or None,
                 "text": r.text, "rationale": r.rationale}
        (key if (r.technique in techniques or r.alt_technique in techniques) else others).append(entry)
    return key, others


def launch_links(notebook: str) -> dict:
    """One-click links that open ``notebook`` on Binder (and a JupyterHub, if one is set).

    Read from ``_config.yml`` (``repository`` and ``launch_buttons``), the same settings as
    the book's launch buttons.
    """
    from urllib.parse import quote

    cfg = yaml.safe_load((repo_root() / "_config.yml").read_text(encoding="utf-8"))
    repo, buttons = cfg.get("repository", {}), cfg.get("launch_buttons", {})
    links = {}
    url = str(repo.get("url", "")).rstrip("/")
    branch = repo.get("branch", "main")
    if buttons.get("binderhub_url") and url.startswith("https://github.com/"):
        org_repo = url[len("https://github.com/"):]
        links["Binder"] = (f"{buttons['binderhub_url'].rstrip('/')}/v2/gh/{org_repo}/{branch}"
                           f"?urlpath=lab/tree/{quote(notebook)}")
    if buttons.get("jupyterhub_url") and url:
        repo_name = url.rsplit("/", 1)[-1]
        links["JupyterHub"] = (f"{buttons['jupyterhub_url'].rstrip('/')}/hub/user-redirect/git-pull"
                               f"?repo={quote(url, safe='')}&branch={branch}"
                               f"&urlpath=lab/tree/{repo_name}/{quote(notebook)}")
    return links


def compile_exercise(d: dict, set_name: str = "") -> Exercise:
    """One definition (a dict from the YAML file) to a public part and a sealed secret."""
    ex_id, kind = d.get("id"), d.get("type")
    if not ex_id or kind not in TYPES:
        raise KitError(f"exercise {ex_id!r}: type must be one of {TYPES}, found {kind!r}")
    public = {"id": ex_id, "set": set_name, "type": kind, "title": d["title"], "prompt": d["prompt"],
              "points": float(d.get("points", 1))}
    secret: dict = {"explanation": d.get("explanation", "")}
    if kind in ("single", "multiple"):
        public["options"] = [{"id": o["id"], "text": o["text"]} for o in d["options"]]
        secret["feedback"] = {o["id"]: o.get("feedback", "") for o in d["options"]}
        secret["key"] = d["answer"] if kind == "single" else sorted(d["answer"])
    elif kind == "categorise":
        items, key, feedback = _resolve_items(d)
        public["items"] = items
        public["labels"] = list(d["labels"])
        secret["key"], secret["feedback"] = key, feedback
    elif kind == "highlight":
        public["passage"] = _passage(d["paragraph"])
        public["techniques"] = list(d["techniques"])
        key, others = _highlight_key(d["paragraph"], d["techniques"])
        if not key:
            raise KitError(f"{ex_id}: no annotated span of {d['techniques']} in {d['paragraph']}")
        secret["key"], secret["others"] = key, others
    elif kind == "value":
        public["value_kind"] = d["value_kind"]  # number | string | list | series | frame
        public["static"] = d.get("static", "typed" if d["value_kind"] in ("number", "string") else "notebook")
        public["notebook"] = d.get("notebook", "")
        if public["notebook"]:
            public["launch"] = launch_links(public["notebook"])
        secret["key"] = {"value": d["answer"], "abs_tol": float(d.get("abs_tol", 0)),
                         "rel_tol": float(d.get("rel_tol", 0)), "case_sensitive": bool(d.get("case_sensitive", False))}
    elif kind == "lateral":
        claims = dataset.claims().set_index("id")
        c = claims.loc[d["claim"]]
        public["claim"] = {"id": d["claim"], "quote": c["quote"], "claim": c["claim"],
                           "paragraph_id": c["paragraph_id"], "article": c["article"]}
        public["verdicts"] = list(VERDICT_CHOICES)
        secret["key"] = {"verdict": c["verdict"], "cards": sorted(c["evidence"] or [])}
        secret["summary"] = c["summary"]
        secret["confidence"] = c["confidence"]
    elif kind == "rewrite":
        public["passage"] = _passage(d["paragraph"])
        if d.get("sentence"):
            public["passage"]["focus"] = d["sentence"]
        key, _ = _highlight_key(d["paragraph"], list(d.get("flag_techniques", REWRITE_FLAGGED)))
        protect = [t.lower() for t in d.get("protect", [])]
        # Words and short phrases only: a sentence-long span can't be "kept" word for word.
        terms = sorted({s["text"] for s in key if s["text"].lower() not in protect
                        and len(s["text"].split()) <= 5}, key=str.lower)
        secret["key"] = {"flag": terms, "protect": d.get("protect", [])}
    return Exercise(ex_id, kind, public["title"], public["prompt"], public["points"], public,
                    seal(ex_id, secret))


# Techniques whose words a neutral rewrite should not keep.
REWRITE_FLAGGED = ("Loaded_Language", "Name_Calling,Labeling", "Doubt", "Exaggeration,Minimisation")


def compile_set(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    exercises = [compile_exercise(d, data["set"]).to_json() for d in data["exercises"]]
    ids = [e["id"] for e in exercises]
    if len(set(ids)) != len(ids):
        raise KitError(f"{path.name}: duplicate exercise ids")
    return {"set": data["set"], "title": data["title"], "schema": 1, "exercises": exercises}


def write_bank(only: list[str] | None = None) -> list[Path]:
    """Compile the definition files in solutions/exercises/ (all, or the sets named) into the bank."""
    written = []
    BANK_DIR.mkdir(exist_ok=True)
    paths = sorted(solutions_dir().glob("*.yaml"))
    if only:
        paths = [p for p in paths if p.stem in only]
        missing = set(only) - {p.stem for p in paths}
        if missing:
            raise KitError(f"No definition file for: {', '.join(sorted(missing))} (looked in {solutions_dir()}).")
    for path in paths:
        bank = compile_set(path)
        out = BANK_DIR / f"{bank['set']}.json"
        out.write_text(json.dumps(bank, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(out)
    bank_cache.cache_clear()
    return written


def key_answer(ex: Exercise):
    """The answer that scores full marks (for solution notebooks, tests and the grader)."""
    secret = ex.secret()
    key = secret["key"]
    if ex.type in ("single", "multiple", "categorise"):
        return key
    if ex.type == "highlight":
        from .scoring import span_words

        tokens = ex.public["passage"]["tokens"]
        return sorted({i for s in key for i in span_words(tokens, s["begin"], s["end"])})
    if ex.type == "value":
        if ex.public["value_kind"] == "series":
            import pandas as pd

            return pd.Series(key["value"])
        if ex.public["value_kind"] == "frame":
            import pandas as pd

            return pd.DataFrame(key["value"])
        return key["value"]
    if ex.type == "lateral":
        return {"verdict": key["verdict"], "cards": list(key["cards"])}
    return None  # rewrite: no key answer


# --- the compiled bank ----------------------------------------------------------------

@lru_cache(maxsize=1)
def bank_cache() -> dict[str, Exercise]:
    out = {}
    for path in sorted(BANK_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for e in data["exercises"]:
            public = {k: v for k, v in e.items() if k != "sealed"}
            out[e["id"]] = Exercise(e["id"], e["type"], e["title"], e["prompt"], e["points"],
                                    public, e["sealed"])
    return out


def get(exercise_id: str) -> Exercise:
    bank = bank_cache()
    if not isinstance(exercise_id, str) or exercise_id not in bank:
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
