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
