"""Categorise: give each item a label (items written out, or taken from the corpus)."""

from __future__ import annotations

from ... import dataset
from ..core import Result, bad
from ..schema import Field
from .base import ExerciseType

ITEM = {"id": Field("text", required=True), "text": Field("text", required=True),
        "context": Field("text"), "answer": Field("text", required=True), "feedback": Field("text"),
        "also": Field("list", item="text", doc="other labels accepted for this item"),
        "also_feedback": Field("text", doc="what to say when an accepted other label is chosen"),
        "hint": Field("text", doc="shown when the item is labelled wrongly")}
# Corpus tables items can come from: (loader, id column, default field, ref kind).
SOURCES = {"attributions": ("attr_id", "source_type", "attribution"),
           "claims": ("id", "claim_type", "claim")}


class Categorise(ExerciseType):
    name = "categorise"
    fields = {
        "labels": Field("list", required=True, item="text"),
        "items_from": Field("text", choices=tuple(SOURCES), doc="take the items from the corpus"),
        "field": Field("text", doc="with items_from: the corpus column that is the key"),
        "items": Field("list", required=True, doc="item mappings, or corpus ids with items_from"),
        "also": Field("mapping", doc="with items_from: item id -> other labels accepted"),
        "quoted": Field("bool", doc="false when the items are names or descriptions, not words "
                                    "quoted from a text (shown without quotation marks)"),
    }

    def check(self, d, s):
        labels = d["labels"]
        s.unique(labels, ("labels",), "label")
        source = d.get("items_from")
        if source is None:
            if d.get("field"):
                s.at(("field",), "'field' only goes with 'items_from'")
            for i, it in enumerate(d["items"]):
                if s.fields(it, ITEM, ("items", i), f"item {i + 1}"):
                    if isinstance(it.get("answer"), str) and it["answer"] not in labels:
                        s.at(("items", i, "answer"),
                             f"the answer {it['answer']!r} is not among the labels ({', '.join(labels)})")
                    for j, a in enumerate(it.get("also") or []):
                        if a not in labels:
                            s.at(("items", i, "also", j), f"{a!r} is not among the labels")
            s.unique([it.get("id") for it in d["items"] if isinstance(it, dict)], ("items",), "item id")
            return
        id_col, default_field, ref = SOURCES[source]
        ids = d["items"]
        for i, ident in enumerate(ids):
            if not s.corpus.has(ref, ident):
                s.at(("items", i), f"there is no {ref} {ident!r} in the corpus")
        s.unique(ids, ("items",), "item")
        table = _table(source)
        column = d.get("field", default_field)
        if column not in table.columns:
            s.at(("field",), f"the {source} have no column {column!r}")
            return
        keyed = table.set_index(id_col)[column]
        for i, ident in enumerate(ids):
            if ident in keyed.index and keyed[ident] not in labels:
                s.at(("items", i), f"{ident}'s {column} is {keyed[ident]!r}, which is not among the labels")
        for ident, others in (d.get("also") or {}).items():
            if ident not in ids:
                s.at(("also", ident), f"{ident!r} is not one of the items")
            for a in others if isinstance(others, list) else [others]:
                if a not in labels:
                    s.at(("also", ident), f"{a!r} is not among the labels")

    def compile(self, d):
        items, key, feedback, also, hints = _resolve_items(d)
        secret = {"key": key, "feedback": feedback}
        if also:
            secret["also"] = also
        if hints:
            secret["hints"] = hints
        from ...corpus.vocabulary import display_name

        public = {"items": items, "labels": list(d["labels"]),
                  "label_names": {str(lab): display_name(lab) for lab in d["labels"]}}
        if d.get("quoted") is False:
            public["quoted"] = False
        return public, secret

    def score(self, ex, secret, answer):
        if not isinstance(answer, dict):
            return bad(ex, "Give a label for each item; the answer should map item ids to labels.")
        item_ids = [it["id"] for it in ex.public["items"]]
        labels = ex.public["labels"]
        unknown = [k for k in answer if k not in item_ids]
        if unknown:
            return bad(ex, f"Unknown item(s): {', '.join(map(str, unknown))}.")
        wrong_labels = [v for v in answer.values() if v not in labels and v not in (None, "")]
        if wrong_labels:
            return bad(ex, f"'{wrong_labels[0]}' is not one of the labels ({', '.join(labels)}).")
        texts = {it["id"]: it["text"] for it in ex.public["items"]}
        also, hints = secret.get("also", {}), secret.get("hints", {})
        items, right = [], 0
        for i in item_ids:
            given, key = answer.get(i), secret["key"][i]
            accepted = given is not None and given in also.get(i, {})
            status = "right" if given == key or accepted else "unanswered" if not given else "wrong"
            right += status == "right"
            fb = also[i][given] if accepted and also[i][given] else secret["feedback"].get(i, "")
            items.append({"id": i, "status": status, "text": texts[i], "given": given, "key": key,
                          "feedback": fb, "secret_feedback": True,
                          "hint": hints.get(i, "Not this label: read the words again and compare the labels.")})
        return Result(ex.id, right / len(item_ids), ex.points,
                      f"{right} of {len(item_ids)} items labelled as the annotators did.", items)

    def examples(self, ex):
        key = ex.secret()["key"]
        labels = ex.public["labels"]
        wrong = {i: next(l for l in labels if l != k) for i, k in key.items()}
        partial = dict(list(key.items())[:2]) if len(key) > 2 else dict(list(key.items())[:1])
        return {"right": key, "wrong": wrong, "partial": partial, "empty": {}, "malformed": ["x"]}


    def describe(self, ex, answer):
        if isinstance(answer, dict):
            texts = {it["id"]: it["text"] for it in ex.public["items"]}
            q = ("“", "”") if ex.public.get("quoted", True) else ("", "")
            names = ex.public.get("label_names", {})
            return "; ".join(f"{q[0]}{texts.get(k, k)}{q[1]} → {names.get(str(v), str(v).replace('_', ' '))}"
                             for k, v in answer.items() if v)
        return super().describe(ex, answer)


def _table(source: str):
    return dataset.attributions() if source == "attributions" else dataset.claims()


def _resolve_items(d: dict) -> tuple[list[dict], dict, dict, dict, dict]:
    """Items, key, per-item feedback, accepted other labels (label -> feedback) and hints."""
    source = d.get("items_from")
    if source is None:
        items = [{"id": it["id"], "text": it["text"], "context": it.get("context", "")} for it in d["items"]]
        key = {it["id"]: it["answer"] for it in d["items"]}
        feedback = {it["id"]: it.get("feedback", "") for it in d["items"]}
        also = {it["id"]: {a: it.get("also_feedback", "") for a in it["also"]} for it in d["items"] if it.get("also")}
        hints = {it["id"]: it["hint"] for it in d["items"] if it.get("hint")}
        return items, key, feedback, also, hints
    ids = d["items"]
    id_col, default_field, _ = SOURCES[source]
    df = _table(source).set_index(id_col)
    field_name = d.get("field", default_field)
    rows = [(i, df.loc[i]) for i in ids]
    also = {i: {a: "" for a in (v if isinstance(v, list) else [v])} for i, v in (d.get("also") or {}).items()}
    if source == "attributions":
        items = [{"id": i, "text": r["text"], "context": f"{r['paragraph_id']}, credited to: {r['source']}"}
                 for i, r in rows]
        if field_name == "source_type" and "alt_source_type" in df.columns:
            for i, r in rows:  # a second type the annotators accept (attributions.tsv)
                if r["alt_source_type"]:
                    also.setdefault(i, {})[r["alt_source_type"]] = ""
        return items, {i: r[field_name] for i, r in rows}, {i: r["note"] for i, r in rows}, also, {}
    items = [{"id": i, "text": r["quote"], "context": r["paragraph_id"]} for i, r in rows]
    return items, {i: r[field_name] for i, r in rows}, {i: r["summary"] for i, r in rows}, also, {}


TYPE = Categorise()
