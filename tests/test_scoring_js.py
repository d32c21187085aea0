"""One scorer in Python, its mirror in JavaScript: they agree on every exercise.

The JavaScript runs on a blank page (the classic script the book loads, no book needed), on
each type's examples plus the edge cases below, and must give the same score, feedback and
per-item statuses as Python.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from medialit import jsbuild
from medialit.exercises import model, scoring
from medialit.exercises.registry import TYPES

from .helpers import all_exercises

ALL = all_exercises()


def test_both_scripts_are_current():
    assert jsbuild.stale_outputs() == [], "run: python -m medialit js"


def test_every_registered_type_has_its_script():
    assert [p.stem for p in jsbuild.source_files() if p.parent.name == "types"] == list(TYPES)


def _jsonable(value) -> bool:
    try:
        json.dumps(value)
        return not isinstance(value, (pd.Series, pd.DataFrame))
    except TypeError:
        return False


EDGES = {
    "value": lambda key: [str(key), f" {key} ", "not a number", "1,234", "0x0C", "١٢", "nan", "inf", [key],
                          "1_000", "1e3", ".5", True, "straße", f"{key}%", f"{key} %", "%", "three", None,
                          {"a": 1}, "1e999", "x" * 50],
    "highlight": lambda key: [key + [0, 1, 2], [float(key[0])], {"nothing": True}, {"nothing": False}, key[:1], key[::3]]
    if isinstance(key, list) else [[0], [0, 1, 5], [2.0], {"nothing": "yes"}],
    "categorise": lambda key: [{next(iter(key)): 0}, {next(iter(key)): ""}],
    "lateral": lambda key: [{"verdict": key["verdict"], "cards": []}, {"verdict": key["verdict"], "cards": ["SC-١٠١"]}],
    "multiple": lambda key: [[key[0], "zz"], ["none", key[0]]],
    "order": lambda key: [key[:1], key + key[:1], [str(k) for k in reversed(key)]],
    "first_click": lambda key: [key[0], ["r1", "r2", "r3", "r4"], ["r1", "r1"]],
    "rate": lambda key: [{k: 4.0 for k in key}, {k: True for k in key}, {k: None for k in key}],
    "grid": lambda key: [{k: {"x": 0} for k in key}, {k: None for k in key}, {k: {"x": 0.0, "y": 0} for k in key}],
    "verdict_confidence": lambda key: [{k: {"verdict": v["verdict"], "confidence": 75} for k, v in key.items()},
                                       {k: None for k in key}],
    "evidence": lambda key: ([{k: {"cards": v["cards"][:1], "confidence": "M"} for k, v in key.items()},
                              {k: {**v, "relays": {}} for k, v in key.items()},
                              {k: {**v, "repeats": {c: c for c in v["cards"][:1]}} for k, v in key.items()}]
                             if "facts" not in key else
                             [{"facts": key["facts"] + [{"text": None}]}, {"facts": [{"text": "x", "confidence": "NF"}]},
                              {"facts": [{"text": "y", "cards": ["SC-999"], "confidence": "M"}]}]),
    "rewrite": lambda key: ["Albania has become a festering ground, the author writes.", "A ‘guests’ word",
                            "Al Qaeda in the 1990s, the MEK since 2016, ISIS; Greece and Serbia.", "in 19901 and 2016x"],
}


def cases():
    out = []
    for ex in ALL:
        if ex.type == "value" and ex.public["value_kind"] not in ("number", "string"):
            out.append((ex, None))  # a pandas value is checked in a notebook only: the page says so
            continue
        answers = list(TYPES[ex.type].examples(ex).values())
        key = model.key_answer(ex)
        answers += EDGES.get(ex.type, lambda k: [])(key) if not isinstance(key, (pd.Series, pd.DataFrame)) else []
        answers.append(42.5)
        out += [(ex, a) for a in answers if _jsonable(a)]
    return out


@pytest.fixture(scope="module")
def blank(browser):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_content("<!doctype html><html><head><title>blank</title></head><body></body></html>")
    page.add_script_tag(path=str(jsbuild.OUTPUTS["classic"]))
    yield page, errors
    page.close()


@pytest.mark.browser
def test_static_and_live_scores_agree_on_every_exercise(blank):
    page, errors = blank
    todo = cases()
    js = page.evaluate("cases => cases.map(([ex, a]) => medialitExercises.scoreStatic(ex, a))",
                       [[ex.to_json(), a] for ex, a in todo])
    assert len(js) == len(todo) > 100
    for (ex, answer), j in zip(todo, js):
        py = scoring.score(ex, answer)
        where = f"{ex.id} with {answer!r}"
        assert (j["error"] is None) == (py.error is None), f"{where}: {j['error']} / {py.error}"
        if py.score is None:
            assert j["score"] is None, where
        else:
            assert j["score"] == pytest.approx(py.score, abs=1e-12), where
        assert j["feedback"] == py.feedback, where
        assert j["explanation"] == py.explanation, where
        assert [i["status"] for i in j["items"]] == [i["status"] for i in py.items], where
    assert {ex.type for ex, _ in todo} == set(TYPES)
    assert not errors


@pytest.mark.browser
def test_unseal_agrees(blank):
    page, _ = blank
    got = page.evaluate("exs => exs.map(e => medialitExercises.unseal(e.id, e.sealed))", [e.to_json() for e in ALL])
    assert got == [json.loads(json.dumps(e.secret())) for e in ALL]


@pytest.mark.browser
def test_the_module_build_exports_the_same_scorer(browser, serve, tmp_path):
    """The ES module anywidget loads is the same code: load it as a module and score."""
    (tmp_path / "exercises.js").write_text(jsbuild.bundle("module"), encoding="utf-8")
    ex = model.get("G-01")
    (tmp_path / "index.html").write_text(
        "<!doctype html><title>m</title><script type=module>import * as m from './exercises.js';"
        f"window.got = m.scoreStatic({json.dumps(ex.to_json())}, 'b'); window.hasDefault = !!m.default.render;"
        "</script>", encoding="utf-8")
    page = browser.new_page()
    page.goto(serve(tmp_path) + "/index.html")
    page.wait_for_function("window.got !== undefined")
    assert page.evaluate("window.got.score") == 1.0 and page.evaluate("window.hasDefault")
    page.close()


NAMES = ["Ana López", "../../etc/passwd", "  ", "محمد رضا", "Zoë O'Brien", "x" * 500, "😀 Emoji Kid", "A\u0301na",
         "__init__", "Chloé\u00a0Dupont", "李 小龍", "ल​क्ष्मी", "a/b\\c:d*e?f\"g<h>i|j"]


def test_download_names_agree(blank):
    """The book and the notebook name a hand-in the same way."""
    from medialit.exercises.answers import download_name

    page, errors = blank
    js = page.evaluate("names => names.map(n => medialitExercises.downloadName(n, '2026-12-01'))", NAMES)
    assert js == [download_name(n, "2026-12-01") for n in NAMES]
    assert not errors


def test_repeat_marks_and_grades_agree_on_constructed_cards(blank):
    """The confidence rules and the repeat marks, in JavaScript and Python, on cards whose copy
    sorts before its original."""
    from medialit.corpus.confidence import grade_evidence
    from medialit.exercises.types.evidence import _repeats_marked_right

    page, errors = blank
    voa = {"id": "SC-212", "partisan": "none", "relays": "anonymous official"}
    tirana = {"id": "SC-211", "partisan": "none", "relays": "anonymous official", "copy_of": "SC-212"}
    nbc2 = {"id": "SC-213", "partisan": "none", "relays": "anonymous official", "copy_of": "SC-212"}
    named = {"id": "SC-300", "partisan": "none", "relays": "named person"}
    mek = {"id": "SC-400", "partisan": "pro-MEK", "relays": "named person"}
    state = {"id": "SC-401", "partisan": "Iranian state", "relays": "named person"}
    sets = [[tirana, voa], [voa, tirana], [tirana, nbc2], [named, tirana, voa], [mek, state], [mek], []]
    for cards in sets:
        js = page.evaluate("cards => medialitExercises.gradeEvidence(cards)", cards)
        py = grade_evidence(cards)
        assert (js["grade"], js["reasons"]) == (py.grade, py.reasons), cards
    truth = {c["id"]: c for c in (voa, tirana, nbc2, named)}
    marks = [(["SC-211", "SC-212"], {"SC-211": "SC-212"}), (["SC-211", "SC-212"], {"SC-212": "SC-211"}),
             (["SC-211", "SC-213"], {}), (["SC-211", "SC-213"], {"SC-211": "SC-213", "SC-213": "SC-211"}),
             (["SC-211", "SC-300"], {"SC-300": "SC-211"})]
    for cards, rep in marks:
        js = page.evaluate("([c, r, t]) => medialitExercises.repeatsMarkedRight(c, r, t)", [cards, rep, truth])
        assert js == _repeats_marked_right(cards, rep, truth), (cards, rep)
    assert not errors
