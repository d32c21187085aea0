"""Grid: place items (outlets) on two axes, each with a zone the key accepts.

Operable without a mouse: each item has a value per axis, chosen from a list of positions;
the page also draws the grid for those who can see it. An item in its zone on both axes
scores 1, on one axis 0.5.
"""

from __future__ import annotations

from ..core import Result, bad
from ..schema import Field
from .base import ExerciseType

AXIS = {"label": Field("text", required=True), "positions": Field("list", required=True, item="text",
                                                                  doc="the positions, from low to high")}
ITEM = {"id": Field("text", required=True), "text": Field("text", required=True),
        "x": Field("list", required=True, item="number", doc="the accepted positions on the first axis (0-based)"),
        "y": Field("list", required=True, item="number", doc="the accepted positions on the second axis"),
        "feedback": Field("text", doc="what the sources say about this item, shown once earned")}


class Grid(ExerciseType):
    name = "grid"
    empty_feedback = "No answer yet: place the items, then check."
    fields = {"x_axis": Field("mapping", required=True, fields=AXIS),
              "y_axis": Field("mapping", required=True, fields=AXIS),
              "items": Field("list", required=True, item="mapping", fields=ITEM)}

    def check(self, d, s):
        s.unique([it["id"] for it in d["items"]], ("items",), "item id")
        nx, ny = len(d["x_axis"]["positions"]), len(d["y_axis"]["positions"])
        for i, it in enumerate(d["items"]):
            for axis, n in (("x", nx), ("y", ny)):
                if not it[axis] or any(not float(v).is_integer() or not 0 <= v < n for v in it[axis]):
                    s.at(("items", i, axis), f"positions on this axis run from 0 to {n - 1}")

    def compile(self, d):
        public = {"x_axis": {"label": d["x_axis"]["label"], "positions": list(d["x_axis"]["positions"])},
                  "y_axis": {"label": d["y_axis"]["label"], "positions": list(d["y_axis"]["positions"])},
                  "items": [{"id": it["id"], "text": it["text"]} for it in d["items"]]}
        secret = {"key": {it["id"]: {"x": sorted(int(v) for v in it["x"]), "y": sorted(int(v) for v in it["y"])}
                          for it in d["items"]},
                  "feedback": {it["id"]: it.get("feedback", "") for it in d["items"]}}
        return public, secret

    def score(self, ex, secret, answer):
        ids = [it["id"] for it in ex.public["items"]]
        texts = {it["id"]: it["text"] for it in ex.public["items"]}
        nx, ny = len(ex.public["x_axis"]["positions"]), len(ex.public["y_axis"]["positions"])
        if not isinstance(answer, dict):
            return bad(ex, "Place each item; the answer should map item ids to {x, y} positions.")
        unknown = [k for k in answer if k not in ids]
        if unknown:
            return bad(ex, f"Unknown item(s): {', '.join(map(str, unknown))}.")
        for v in answer.values():
            if v is None:
                continue
            if not isinstance(v, dict) or set(v) - {"x", "y"} or not all(
                    isinstance(v.get(a), (int, float)) and not isinstance(v.get(a), bool)
                    and float(v.get(a)).is_integer() for a in ("x", "y")) \
                    or not (0 <= v["x"] < nx and 0 <= v["y"] < ny):
                return bad(ex, "Give each item a position on both axes.")
        items, total = [], 0.0
        xs, ys = ex.public["x_axis"]["positions"], ex.public["y_axis"]["positions"]
        for i in ids:
            v = answer.get(i)
            if v is None:
                items.append({"id": i, "status": "unanswered", "text": texts[i], "feedback": ""})
                continue
            k = secret["key"][i]
            v = {"x": int(v["x"]), "y": int(v["y"])}
            hits = (v["x"] in k["x"]) + (v["y"] in k["y"])
            total += hits / 2
            status = "right" if hits == 2 else "close" if hits == 1 else "wrong"
            where = []
            if v["x"] not in k["x"]:
                where.append(ex.public["x_axis"]["label"])
            if v["y"] not in k["y"]:
                where.append(ex.public["y_axis"]["label"])
            items.append({"id": i, "status": status, "text": f"{texts[i]}: {xs[v['x']]}; {ys[v['y']]}",
                          "given": v, "key": {"x": [xs[n] for n in k["x"]], "y": [ys[n] for n in k["y"]]},
                          "feedback": secret["feedback"].get(i, ""), "secret_feedback": True,
                          "hint": ("Look again at: " + " and ".join(where) + ".") if where else ""})
        return Result(ex.id, total / len(ids), ex.points,
                      f"{sum(1 for it in items if it['status'] == 'right')} of {len(ids)} items placed where "
                      "the sources put them.", items)

    def key_answer(self, ex, secret):
        return {i: {"x": k["x"][0], "y": k["y"][0]} for i, k in secret["key"].items()}

    def examples(self, ex):
        key = ex.secret()["key"]
        nx, ny = len(ex.public["x_axis"]["positions"]), len(ex.public["y_axis"]["positions"])
        far = lambda k, n: next((p for p in range(n) if p not in k), 0)  # noqa: E731
        wrong = {i: {"x": far(k["x"], nx), "y": far(k["y"], ny)} for i, k in key.items()}
        right = self.key_answer(ex, ex.secret())
        first = next(iter(key))
        return {"right": right, "wrong": wrong, "partial": {**wrong, first: right[first]},
                "empty": {}, "malformed": {first: {"x": nx + 3, "y": 0}}}

    def describe(self, ex, answer):
        if isinstance(answer, dict):
            texts = {it["id"]: it["text"] for it in ex.public["items"]}
            xs, ys = ex.public["x_axis"]["positions"], ex.public["y_axis"]["positions"]
            out = []
            for k, v in answer.items():
                try:
                    out.append(f"{texts.get(k, k)}: {xs[int(v['x'])]}, {ys[int(v['y'])]}")
                except (KeyError, IndexError, TypeError, ValueError):
                    out.append(f"{texts.get(k, k)}: ?")
            return "; ".join(out)
        return super().describe(ex, answer)


TYPE = Grid()
