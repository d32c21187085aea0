"""Each lesson: its solution notebook scores full marks, its untouched student notebook zero."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from medialit.exercises import model

from .conftest import ROOT

LESSONS = sorted(p.stem for p in (ROOT / "solutions" / "exercises").glob("lesson*.yaml"))


def _run(notebook, answers, netcut=None):
    env = {**os.environ, "MEDIALIT_ANSWERS": str(answers)}
    cmd = [sys.executable, str(ROOT / "tests" / "run_notebooks.py"), str(notebook)]
    res = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, (res.stdout + res.stderr)[-3000:]
    return json.loads(answers.read_text(encoding="utf-8"))["answers"] if answers.exists() else {}


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_has_what_a_lesson_needs(lesson):
    exercises = model.exercise_set(lesson)
    assert len(exercises) >= 8
    assert len({e.type for e in exercises}) >= 3
    for name in (f"book/{lesson}.ipynb", f"exercises/{lesson}.ipynb", f"solutions/{lesson}.ipynb",
                 f"book/{lesson}-teacher.md"):
        assert (ROOT / name).is_file(), name
    chapter = (ROOT / "book" / f"{lesson}.ipynb").read_text(encoding="utf-8")
    for e in exercises:  # every exercise is shown in the chapter and in the student notebook
        assert f'show(\\"{e.id}\\")' in chapter, e.id
        assert e.id in (ROOT / "exercises" / f"{lesson}.ipynb").read_text(encoding="utf-8"), e.id


@pytest.mark.parametrize("lesson", LESSONS)
def test_solution_notebook_scores_full_marks(lesson, tmp_path):
    answers = _run(ROOT / "solutions" / f"{lesson}.ipynb", tmp_path / "answers.json")
    for e in model.exercise_set(lesson):
        if e.type == "rewrite":
            assert e.id in answers, f"{e.id}: the solution shows no model rewrite"
            continue
        assert e.id in answers, f"{e.id} is not answered in the solution notebook"
        assert answers[e.id]["score"] == pytest.approx(1.0), e.id


@pytest.mark.parametrize("lesson", LESSONS)
def test_untouched_student_notebook_scores_zero(lesson, tmp_path):
    answers = _run(ROOT / "exercises" / f"{lesson}.ipynb", tmp_path / "answers.json")
    assert all((a["score"] or 0) == 0 for a in answers.values()), answers
