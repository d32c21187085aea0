"""The exercise engine's core: definitions, sealing, scoring, answers files."""

from __future__ import annotations

import base64
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medialit.exercises import check, model, scoring, set_student
from medialit.exercises.answers import SCHEMA, AnswersFile
from medialit.exercises.seal import seal, unseal

from .conftest import ROOT

ALL = list(model.bank_cache().values())


def test_bank_matches_the_definitions():
    """The compiled bank shipped with the package is what the instructors' definitions give."""
    for path in sorted((ROOT / "solutions" / "exercises").glob("*.yaml")):
        compiled = model.compile_set(path)
        shipped = json.loads((model.BANK_DIR / f"{compiled['set']}.json").read_text(encoding="utf-8"))
        assert shipped == json.loads(json.dumps(compiled)), f"run: python -m medialit exercises ({path.name})"


def test_every_type_is_in_the_gallery():
    assert {e.type for e in model.exercise_set("gallery")} == set(model.TYPES)


def test_seal_round_trip():
    secret = {"key": ["a", "c"], "feedback": {"a": "Ελληνικά and “quotes”"}}
    sealed = seal("X-1", secret)
    assert unseal("X-1", sealed) == secret
    assert "feedback" not in sealed and unseal("X-2", seal("X-2", secret)) == secret


@pytest.mark.parametrize("ex", ALL, ids=lambda e: e.id)
def test_key_scores_full_and_empty_scores_zero(ex):
    empty = scoring.score(ex, None)
    assert empty.error is None
    if ex.type == "rewrite":
        assert empty.score is None
        return
    assert empty.score == 0.0
    full = scoring.score(ex, model.key_answer(ex))
    assert full.error is None and full.score == pytest.approx(1.0), full.feedback
    assert full.explanation


WRONG = {
    "single": lambda ex: next(o["id"] for o in ex.public["options"] if o["id"] != ex.secret()["key"]),
    "multiple": lambda ex: [o["id"] for o in ex.public["options"] if o["id"] not in ex.secret()["key"]],
    "categorise": lambda ex: {i: next(l for l in ex.public["labels"] if l != k) for i, k in ex.secret()["key"].items()},
    "highlight": lambda ex: [0, 1],
    "value": lambda ex: 1 if ex.public["value_kind"] == "number" else __import__("pandas").Series({"A": 1, "B": 2}),
    "lateral": lambda ex: {"verdict": "not checkable", "cards": ["SC-999"]},
}


@pytest.mark.parametrize("ex", [e for e in ALL if e.type != "rewrite"], ids=lambda e: e.id)
def test_wrong_answers_score_less(ex):
    res = scoring.score(ex, WRONG[ex.type](ex))
    assert res.error is None and res.score < 1.0


@pytest.mark.parametrize("ex", ALL, ids=lambda e: e.id)
@pytest.mark.parametrize("bad", [42.5, object(), {"x": 1}, ["nonsense", 3], "zzz"])
def test_bad_input_gives_a_sentence_not_a_traceback(ex, bad):
    res = scoring.score(ex, bad)
    assert res.error is None or (isinstance(res.error, str) and res.error.endswith("."))
    assert res.score is None or 0.0 <= res.score <= 1.0


def test_partial_credit():
    ex = model.get("G-02")
    assert scoring.score(ex, ["a"]).score == pytest.approx(1 / 3)
    assert scoring.score(ex, ["a", "b"]).score == 0.0
    cat = model.get("G-03")
    key = cat.secret()["key"]
    half = dict(list(key.items())[:2])
    assert scoring.score(cat, half).score == pytest.approx(2 / len(key))
    lat = model.get("G-09")
    k = lat.secret()["key"]
    assert scoring.score(lat, {"verdict": k["verdict"], "cards": []}).score == pytest.approx(0.5)


# --- highlight: property tests ---------------------------------------------------------------

HIGHLIGHTS = [e for e in ALL if e.type == "highlight"]


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_highlight_scoring_properties(data):
    ex = data.draw(st.sampled_from(HIGHLIGHTS))
    n = len(ex.public["passage"]["tokens"])
    marked = data.draw(st.sets(st.integers(0, n - 1)))
    res = scoring.score(ex, sorted(marked))
    assert 0.0 <= res.score <= 1.0
    # Adding a word outside every key span never raises the score.
    key_words = set(model.key_answer(ex))
    outside = [i for i in range(n) if i not in key_words and i not in marked]
    if outside:
        extra = data.draw(st.sampled_from(outside))
        assert scoring.score(ex, sorted(marked | {extra})).score <= res.score + 1e-12


def test_highlight_tolerates_boundaries_and_reports_excess():
    ex = model.get("G-05")
    key = model.key_answer(ex)
    n = len(ex.public["passage"]["tokens"])
    # One word either side of the key is a boundary difference, not an error.
    widened = sorted({*key, *(i - 1 for i in key if i > 0), *(i + 1 for i in key if i < n - 1)})
    res = scoring.score(ex, widened)
    assert res.score > 0.7
    far = [i for i in range(n) if all(abs(i - k) > 2 for k in key)][:3]
    res2 = scoring.score(ex, key + far)
    assert res2.score < 1.0 and any(item["status"] == "excess" for item in res2.items)


def test_rewrite_never_scores_and_spares_protected_facts():
    ex = model.get("G-11")
    res = scoring.score(ex, "Albania has become a festering ground, he writes.")
    assert res.score is None and any(f["text"] == "festering ground" for f in res.items)
    clean = scoring.score(ex, "The author argues that Albania hosts armed groups.")
    assert clean.score is None and clean.items == []


# --- check() and the answers file --------------------------------------------------------

def test_check_saves_and_explains(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIALIT_ANSWERS", str(tmp_path / "a.json"))
    assert "Hello Ana" in set_student("Ana B.")
    rep = check("G-07", 37)
    assert rep.score == 1.0 and "Saved" in repr(rep)
    rep2 = check("G-07", "thirty")
    assert rep2.result.error and "expects a number" in repr(rep2)
    assert "no exercise" in repr(check("G-99", 1)).lower()
    data = json.loads((tmp_path / "a.json").read_text())
    assert data["schema"] == SCHEMA and data["student"]["name"] == "Ana B."
    assert data["answers"]["G-07"]["answer"] == 37 and data["answers"]["G-07"]["attempts"] == 1
    check("G-08", __import__("pandas").Series({"A": 2207, "B": 2317}))
    saved = json.loads((tmp_path / "a.json").read_text())["answers"]["G-08"]["answer"]
    assert saved == {"__pandas__": "series", "data": {"A": 2207, "B": 2317}}


def test_a_corrupt_answers_file_is_set_aside(tmp_path):
    path = tmp_path / "my-answers.json"
    path.write_text('{"schema": "medialit-answers/1", "answ', encoding="utf-8")
    store = AnswersFile(path)
    store.record("G-07", 37, {"score": 1.0, "points": 1.0, "max_points": 1.0})
    assert store.notice and "could not be read" in store.notice
    aside = list(tmp_path.glob("my-answers.corrupt-*.json"))
    assert len(aside) == 1 and aside[0].read_text().endswith("answ")
    assert json.loads(path.read_text())["answers"]["G-07"]["answer"] == 37


def _writer(path, prefix, n):
    store = AnswersFile(path)
    for i in range(n):
        store.record(f"{prefix}-{i}", i, {"score": 1.0, "points": 1.0, "max_points": 1.0})


def test_two_writers_at_once_lose_nothing(tmp_path):
    path = tmp_path / "my-answers.json"
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, p, 40)) for p in ("P", "Q")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    answers = json.loads(path.read_text())["answers"]
    assert len(answers) == 80


def test_a_process_killed_mid_write_loses_nothing(tmp_path):
    path = tmp_path / "my-answers.json"
    AnswersFile(path).record("FIRST", "kept", {"score": 1.0, "points": 1.0, "max_points": 1.0})
    code = (
        "import sys; from medialit.exercises.answers import AnswersFile\n"
        "s = AnswersFile(sys.argv[1]); i = 0\n"
        "while True:\n"
        "    s.record(f'X-{i % 50}', 'x' * 5000, {'score': 1.0}); i += 1\n"
    )
    for _ in range(5):
        proc = subprocess.Popen([sys.executable, "-c", code, str(path)])
        time.sleep(0.4)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        data = json.loads(path.read_text(encoding="utf-8"))  # always whole, valid JSON
        assert data["answers"]["FIRST"]["answer"] == "kept"
    leftovers = [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]
    assert len(leftovers) <= 1  # at most the one temp file the killed writer had open


# --- keys stay out of student-facing files -------------------------------------------------

def key_strings(corpus: bool = True) -> list[str]:
    """What would give answers away if it appeared in a student's files.

    ``corpus=False`` leaves out what the exercises copy from the annotated corpus (a claim's
    evidence summary): the corpus is course content and ships in ``seeds/``.
    """
    out = []
    for ex in ALL:
        secret = ex.secret()
        out.append('"key":' + json.dumps(secret["key"], sort_keys=True, separators=(",", ":"), ensure_ascii=False))
        if ex.type == "categorise":
            out += [f'"{i}":"{label}"' for i, label in secret["key"].items()]
        if ex.type in ("single", "multiple"):
            out += [fb for fb in secret["feedback"].values() if len(fb) > 20]
        if ex.type == "lateral" and corpus:
            out.append(secret["summary"])
    return out


def forms(s: str) -> list[str]:
    raw = s.encode("utf-8")
    return [s, base64.b64encode(raw).decode(), raw.hex()]


def student_files():
    files = list(model.BANK_DIR.glob("*.json")) + list((ROOT / "exercises").rglob("*.ipynb"))
    return files


def test_no_key_in_student_facing_files():
    keys = key_strings()
    assert len(keys) > len(ALL)
    for f in student_files():
        text = f.read_text(encoding="utf-8")
        for k in keys:
            for form in forms(k):
                assert form not in text, f"{f.name} holds a key ({k[:40]}...)"


def test_an_empty_check_never_overwrites_a_saved_answer(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIALIT_ANSWERS", str(tmp_path / "a.json"))
    check("G-07", 37)
    rep = check("G-07", None)
    assert "No answer yet" in repr(rep)
    saved = json.loads((tmp_path / "a.json").read_text())["answers"]["G-07"]
    assert saved["answer"] == 37 and saved["score"] == 1.0


def test_a_hand_edited_answers_file_does_not_break_check(tmp_path, monkeypatch):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"schema": SCHEMA, "student": "me", "answers": {"G-07": 5, "G-01": {"attempts": "x"}}}))
    monkeypatch.setenv("MEDIALIT_ANSWERS", str(path))
    assert check("G-07", 37).score == 1.0
    assert check("G-01", "b").score == 1.0
    assert "Hello" in set_student("Ana", None)
    data = json.loads(path.read_text())
    assert data["student"] == {"name": "Ana", "id": ""}


def test_numbers_are_read_by_one_rule():
    ex = model.get("G-07")
    assert scoring.score(ex, "37").score == 1.0 and scoring.score(ex, " 3.7e1 ").score == 1.0
    for text in ("0x25", "٣٧", "nan", "inf", "3_7"):
        assert scoring.score(ex, text).error, text
    assert "commas" in scoring.score(ex, "3,7").error
    assert scoring.score(ex, 10 ** 400).error is not None or scoring.score(ex, 10 ** 400).score == 0.0
