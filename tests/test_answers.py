"""The student's answers file, and check() in a notebook: saved at once, never lost."""

from __future__ import annotations

import json
import multiprocessing
import signal
import subprocess
import sys
import time

import pandas as pd

from medialit.exercises import check, set_student
from medialit.exercises.answers import SCHEMA, AnswersFile

from .helpers import ROOT


def test_check_saves_and_explains(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIALIT_ANSWERS", str(tmp_path / "a.json"))
    assert "Hello Ana" in set_student("Ana B.")
    rep = check("G-07", 37)
    assert rep.score == 1.0 and "Saved" in repr(rep)
    rep2 = check("G-07", "thirty")
    assert rep2.result.error and "is not a number" in repr(rep2) and "digits" in repr(rep2)
    assert "no exercise" in repr(check("G-99", 1)).lower()
    data = json.loads((tmp_path / "a.json").read_text())
    assert data["schema"] == SCHEMA and data["student"]["name"] == "Ana B."
    assert data["answers"]["G-07"]["answer"] == 37 and data["answers"]["G-07"]["attempts"] == 1
    check("G-08", pd.Series({"A": 2207, "B": 2317}))
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


# --- version 2: first and best, drafts, asking for the answer, version 1 upgraded ---------------

def test_first_best_and_latest_are_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIALIT_ANSWERS", str(tmp_path / "a.json"))
    check("G-01", "a")
    check("G-01", "b")
    check("G-01", "c")
    entry = json.loads((tmp_path / "a.json").read_text())["answers"]["G-01"]
    assert entry["first"]["answer"] == "a" and entry["first"]["score"] == 0.0
    assert entry["best"]["answer"] == "b" and entry["best"]["score"] == 1.0
    assert entry["answer"] == "c" and entry["attempts"] == 3


def test_a_draft_is_kept_and_cleared_by_a_check(tmp_path):
    store = AnswersFile(tmp_path / "a.json")
    store.save_draft("G-02", ["a"])
    assert store.saved_answer("G-02") == ["a"]
    store.record("G-02", ["a", "c"], {"score": 0.67})
    data = json.loads((tmp_path / "a.json").read_text())
    assert "G-02" not in data["drafts"] and store.saved_answer("G-02") == ["a", "c"]


def test_asking_for_the_answer_is_recorded(tmp_path, monkeypatch):
    from medialit.exercises import show_answer

    monkeypatch.setenv("MEDIALIT_ANSWERS", str(tmp_path / "a.json"))
    check("G-07", 36)
    assert "G-07" in repr(check("G-07", 35)) and "37" not in repr(check("G-07", 35))
    report = repr(show_answer("G-07"))
    assert "37" in report and "Why it matters" in report
    entry = json.loads((tmp_path / "a.json").read_text())["answers"]["G-07"]
    assert entry["revealed"] and entry["answer"] == 35


def test_a_version_1_file_is_read_and_upgraded_without_loss(tmp_path, monkeypatch):
    path = tmp_path / "my-answers.json"
    v1 = {"schema": "medialit-answers/1", "student": {"name": "Ana", "id": ""}, "updated": "x",
          "answers": {"G-07": {"answer": 36, "score": 0.0, "points": 0.0, "max_points": 1.0, "attempts": 2,
                               "checked_at": "2026-11-20T10:00:00+00:00", "source": "live"}}}
    path.write_text(json.dumps(v1), encoding="utf-8")
    monkeypatch.setenv("MEDIALIT_ANSWERS", str(path))
    store = AnswersFile(path)
    assert store.saved_answer("G-07") == 36 and store.notice is None
    check("G-07", 37)
    data = json.loads(path.read_text())
    assert data["schema"] == SCHEMA == "medialit-answers/2" and data["student"]["name"] == "Ana"
    entry = data["answers"]["G-07"]
    assert entry["attempts"] == 3 and entry["first"]["answer"] == 36 and entry["best"]["answer"] == 37
    assert not list(tmp_path.glob("*.corrupt-*")), "a version 1 file is not corrupt"


def test_the_grader_reads_both_versions(tmp_path):
    from medialit.instructor import grade as G

    hand = tmp_path / "in"
    hand.mkdir()
    (hand / "old.json").write_text(json.dumps({"schema": "medialit-answers/1", "student": {"name": "Old"},
                                               "answers": {"G-07": {"answer": 37}}}), encoding="utf-8")
    (hand / "new.json").write_text(json.dumps({"schema": SCHEMA, "student": {"name": "New"}, "drafts": {},
                                               "answers": {"G-07": {"answer": 37, "first": {"answer": 36}}}}), encoding="utf-8")
    results, _ = G.grade_folder(hand, ROOT / "solutions", workers=1)
    assert {g.name: g.scores.get("G-07") for g in results} == {"Old": 1.0, "New": 1.0}
    assert all(not g.problems for g in results)


def test_the_lock_file_is_hidden(tmp_path):
    store = AnswersFile(tmp_path / "my-answers.json")
    store.record("G-07", 37, {"score": 1.0})
    assert not (tmp_path / "my-answers.json.lock").exists()
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == ["my-answers.json"]
