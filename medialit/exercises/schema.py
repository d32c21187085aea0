"""Checked definitions: every key of every exercise definition, with the file line of each problem.

A definition file (``solutions/exercises/<set>.yaml``) is read with the line of every key
kept, then checked against the fields its exercises' types declare: an unknown key (a typo),
a missing key, a value of the wrong kind, a key answer that is not among the options or labels,
a corpus id (claim, card, span, paragraph, attribution) that does not exist. Each problem reads
``solutions/exercises/FILE.yaml:LINE: what is wrong``; ``python -m medialit exercises`` prints
them all and exits 2, without compiling anything.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from ..errors import KitError

# --- fields ------------------------------------------------------------------------------------

KINDS = {
    "text": (str,),
    "number": (int, float),
    "bool": (bool,),
    "list": (list,),
    "mapping": (dict,),
}
KIND_WORDS = {"text": "a piece of text", "number": "a number", "bool": "true or false",
              "list": "a list", "mapping": "a mapping (key: value lines)"}


@dataclass(frozen=True)
class Field:
    """What one key of a definition may hold.

    ``kind``: text, number, bool, list, mapping or any. ``choices``: the allowed values (of
    the value, or of each item of a list). ``ref``: a corpus id kind the value (or each list
    item) must exist as: claim, card, span, paragraph, attribution, technique. ``item``: the
    kind of a list's items, or ``fields`` for a list of mappings (and for a mapping itself).
    """

    kind: str
    required: bool = False
    choices: tuple | None = None
    ref: str | None = None
    item: str | None = None
    fields: dict | None = None
    doc: str = ""


# Keys every exercise has, whatever its type.
COMMON = {
    "id": Field("text", required=True, doc="permanent id, e.g. L3-E04"),
    "type": Field("text", required=True, doc="the exercise type (see the registry)"),
    "title": Field("text", required=True),
    "prompt": Field("text", required=True),
    "points": Field("number", doc="default 1"),
    "explanation": Field("text", required=True, doc="shown once the answer is earned"),
    "hint": Field("text", doc="shown after an attempt that is not yet right"),
    # For the generated notebooks (medialit.notebooks), never compiled into the bank:
    "scaffold": Field("text", doc="code a student fills in, after the exercise in the student notebook"),
    "scaffold_note": Field("text", doc="the instruction above the scaffold"),
    "solution": Field("text", doc="code that computes and checks the answer, in the solution notebook"),
    "model_answer": Field("any", doc="a model answer for a practice exercise that is never scored"),
}
RETIRED = {
    "id": Field("text", required=True),
    "retired": Field("any", required=True, doc="the date it was retired, YYYY-MM-DD"),
    "reason": Field("text", required=True),
}
SET = {
    "set": Field("text", required=True, doc="the set's name, the file's stem"),
    "title": Field("text", required=True),
    "exercises": Field("list", required=True),
    "retired": Field("list", item="mapping", fields=RETIRED,
                     doc="exercises removed from the set: their ids are never reused"),
    "mode": Field("text", choices=("practice", "assessment"),
                  doc="assessment: no feedback, one submission per exercise, no key in any page"),
    "form": Field("text", doc="for an assessment set: the name of its form (X, Y)"),
}
EXERCISE_ID = re.compile(r"[A-Z][A-Z0-9]*-[A-Z]?[0-9]{2,3}")


# --- YAML with lines ---------------------------------------------------------------------------

class Located:
    """A YAML document as plain data, with the line of every mapping key and list item."""

    def __init__(self, text: str):
        self.lines: dict[tuple, int] = {}
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        self.data = self._build(node, ()) if node is not None else None

    def _build(self, node, path):
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            out = {}
            for k, v in node.value:
                key = _scalar(k) if isinstance(k, yaml.ScalarNode) else str(k.start_mark)
                self.lines[path + (key,)] = k.start_mark.line + 1
                out[key] = self._build(v, path + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self._build(v, path + (i,)) for i, v in enumerate(node.value)]
        return _scalar(node)

    def line(self, path: tuple) -> int:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


def _scalar(node):
    """A scalar node's Python value, by YAML's safe rules (so 'yes' stays text when quoted)."""
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


# --- the corpus ids a definition may name --------------------------------------------------------

class CorpusIds:
    """The ids of the annotated corpus, loaded once when first asked for."""

    @cached_property
    def claim(self) -> set[str]:
        from ..corpus.loaders import claims

        return set(claims()["id"])

    @cached_property
    def card(self) -> set[str]:
        from ..corpus.loaders import cards

        return set(cards()["id"])

    @cached_property
    def span(self) -> set[str]:
        from ..corpus.loaders import spans

        return set(spans()["span_id"])

    @cached_property
    def attribution(self) -> set[str]:
        from ..corpus.loaders import attributions

        return set(attributions()["attr_id"])

    @cached_property
    def paragraph(self) -> set[str]:
        from ..corpus.texts import articles

        return {p.id for a in articles().values() for p in a.paragraphs}

    @cached_property
    def technique(self) -> set[str]:
        from ..corpus.vocabulary import TECHNIQUES_18

        return set(TECHNIQUES_18)

    def has(self, kind: str, ident) -> bool:
        return isinstance(ident, str) and ident in getattr(self, kind)


REF_WORDS = {"claim": "claim", "card": "source card", "span": "technique span",
             "paragraph": "paragraph", "attribution": "attribution", "technique": "technique name"}


# --- checking ------------------------------------------------------------------------------------

@dataclass
class Checker:
    """Collects ``FILE:LINE: message`` problems for one definition file."""

    file: str
    doc: Located
    corpus: CorpusIds
    problems: list = field(default_factory=list)

    def at(self, path: tuple, message: str) -> None:
        self.problems.append(f"{self.file}:{self.doc.line(path)}: {message}")

    def fields(self, value, schema: dict, path: tuple, what: str) -> bool:
        """Check a mapping against ``schema``; False if it is not a mapping at all."""
        if not isinstance(value, dict):
            self.at(path, f"{what} should be a mapping (key: value lines), found {_kind_of(value)}")
            return False
        for key in value:
            if key not in schema:
                close = difflib.get_close_matches(str(key), list(schema), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else f"; the keys are {', '.join(schema)}"
                self.at(path + (key,), f"unknown key {key!r} in {what}{hint}")
        for key, spec in schema.items():
            if key not in value or value[key] is None or value[key] == "" or value[key] == []:
                if spec.required:
                    self.at(path, f"{what} is missing the key {key!r}")
                continue
            self.value(value[key], spec, path + (key,), f"{what}, {key!r}")
        return True

    def value(self, value: Any, spec: Field, path: tuple, what: str) -> None:
        if spec.kind != "any" and not _is_kind(value, spec.kind):
            self.at(path, f"{what} should be {KIND_WORDS[spec.kind]}, found {_kind_of(value)}")
            return
        if spec.kind == "list":
            for i, item in enumerate(value):
                if spec.fields is not None:
                    self.fields(item, spec.fields, path + (i,), f"item {i + 1} of {what}")
                else:
                    if spec.item and not _is_kind(item, spec.item):
                        self.at(path + (i,), f"item {i + 1} of {what} should be {KIND_WORDS[spec.item]}, "
                                             f"found {_kind_of(item)}")
                        continue
                    self._one(item, spec, path + (i,), f"item {i + 1} of {what}")
        elif spec.kind == "mapping" and spec.fields is not None:
            self.fields(value, spec.fields, path, what)
        else:
            self._one(value, spec, path, what)

    def _one(self, value, spec: Field, path, what) -> None:
        if spec.choices is not None and value not in spec.choices:
            close = difflib.get_close_matches(str(value), [str(c) for c in spec.choices], n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            self.at(path, f"{what} is {value!r}, which is not one of {', '.join(map(str, spec.choices))}{hint}")
        if spec.ref is not None and not self.corpus.has(spec.ref, value):
            self.at(path, f"{what}: there is no {REF_WORDS[spec.ref]} {value!r} in the corpus")


@dataclass
class Scope:
    """The checker as one exercise's ``check`` sees it: paths below the exercise, messages
    prefixed with the exercise's id."""

    checker: Checker
    prefix: tuple
    label: str

    @property
    def corpus(self) -> CorpusIds:
        return self.checker.corpus

    def at(self, sub: tuple, message: str) -> None:
        self.checker.at(self.prefix + tuple(sub), f"{self.label}: {message}")

    def fields(self, value, schema: dict, sub: tuple, what: str) -> bool:
        return self.checker.fields(value, schema, self.prefix + tuple(sub), f"{self.label}, {what}")

    def unique(self, values: list, sub: tuple, what: str) -> None:
        for i, v in enumerate(values):
            if v in values[:i]:
                self.at(tuple(sub) + (i,), f"{what} {v!r} appears twice")


def _is_kind(value, kind: str) -> bool:
    if kind == "any":
        return True
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, KINDS[kind])


def _kind_of(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true or false"
    for kind, types in KINDS.items():
        if isinstance(value, types):
            return KIND_WORDS[kind]
    return type(value).__name__


def check_file(path: Path, types: dict, corpus: CorpusIds | None = None,
               display: str | None = None) -> tuple[list[str], dict | None]:
    """Check one definition file; returns (problems, data). ``types``: the registry."""
    display = display or f"solutions/exercises/{path.name}"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [f"{display}:1: cannot be read ({exc})"], None
    try:
        doc = Located(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        return [f"{display}:{line}: not valid YAML: {getattr(exc, 'problem', None) or exc}"], None
    c = Checker(display, doc, corpus or CorpusIds())
    data = doc.data
    if not c.fields(data, SET, (), "the file"):
        return c.problems, None
    if isinstance(data.get("set"), str) and data["set"] != path.stem:
        c.at(("set",), f"set is {data['set']!r}, but the file is {path.name}: they must match")
    exercises = data.get("exercises") if isinstance(data.get("exercises"), list) else []
    ids: dict[str, tuple] = {}
    for i, d in enumerate(exercises):
        where = ("exercises", i)
        if not isinstance(d, dict):
            c.at(where, f"exercise {i + 1} should be a mapping (key: value lines), found {_kind_of(d)}")
            continue
        kind = d.get("type")
        t = types.get(kind)
        if t is None:
            close = difflib.get_close_matches(str(kind), list(types), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            c.at(where + ("type",) if "type" in d else where,
                 f"exercise {d.get('id', i + 1)}: type {kind!r} is not one of {', '.join(types)}{hint}")
            continue
        label = f"exercise {d.get('id')}" if isinstance(d.get("id"), str) else f"exercise {i + 1}"
        if not c.fields(d, {**COMMON, **t.fields}, where, label):
            continue
        ex_id = d.get("id")
        if isinstance(ex_id, str):
            if not EXERCISE_ID.fullmatch(ex_id):
                c.at(where + ("id",), f"id {ex_id!r} does not look like L1-E03 or G-07")
            if ex_id in ids:
                c.at(where + ("id",), f"id {ex_id} is used twice in this file")
            ids[ex_id] = where
        try:
            t.check(d, Scope(c, where, label))
        except (KeyError, TypeError, AttributeError, ValueError, IndexError, KitError):
            pass  # a key of the wrong kind or an unknown corpus id, already reported above
    retired = data.get("retired") if isinstance(data.get("retired"), list) else []
    for i, r in enumerate(retired):
        if isinstance(r, dict) and r.get("id") in ids:
            c.at(("retired", i, "id"), f"{r['id']} is retired and must not be used again as an active exercise")
    return c.problems, data

