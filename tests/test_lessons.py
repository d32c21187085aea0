"""Each lesson: its solution notebook scores full marks, its untouched student notebook zero."""

from __future__ import annotations

import json

import pytest

from medialit.exercises import model
from medialit.exercises.registry import TYPES

from .helpers import ROOT, cell_outputs_text, run_notebook

LESSONS = sorted(p.stem for p in (ROOT / "solutions" / "exercises").glob("lesson*.yaml"))


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_has_what_a_lesson_needs(lesson):
    exercises = model.exercise_set(lesson)
    assert len(exercises) >= 8
    assert len({e.type for e in exercises}) >= 3
    for name in (f"book/{lesson}.md", f"exercises/{lesson}.ipynb", f"solutions/{lesson}.ipynb",
                 f"book/{lesson}-teacher.md"):
        assert (ROOT / name).is_file(), name
    chapter = (ROOT / "book" / f"{lesson}.md").read_text(encoding="utf-8")
    for e in exercises:  # every exercise is shown in the chapter and in the student notebook
        assert f'show("{e.id}")' in chapter, e.id
        assert e.id in (ROOT / "exercises" / f"{lesson}.ipynb").read_text(encoding="utf-8"), e.id


def test_the_generated_notebooks_are_current():
    """exercises/ and solutions/ lesson notebooks are what book/*.md and the definitions give."""
    from medialit.notebooks import lessons, stale_notebooks

    assert lessons(), "no lesson chapter found: the test would pass vacuously"
    assert stale_notebooks() == [], "run: python -m medialit notebooks"


def test_no_notebook_retypes_a_key():
    """Solution notebooks call solve() (keys from the definitions); no key answer is written out."""
    from medialit.notebooks import lessons

    for lesson in lessons():
        text = (ROOT / "solutions" / f"{lesson}.ipynb").read_text(encoding="utf-8")
        for e in model.exercise_set(lesson):
            assert f'solve(\\"{e.id}\\"' in text or f"solve({e.id!r}" in text, e.id
            assert f'check(\\"{e.id}\\"' not in text, f"{e.id}: a solution retypes its answer"


@pytest.mark.parametrize("lesson", LESSONS)
def test_solution_notebook_scores_full_marks(lesson, tmp_path):
    answers = run_notebook(ROOT / "solutions" / f"{lesson}.ipynb", tmp_path / "answers.json")
    for e in model.exercise_set(lesson):
        assert e.id in answers, f"{e.id} is not answered in the solution notebook"
        if not TYPES[e.type].scored:
            continue
        assert answers[e.id]["score"] == pytest.approx(1.0), e.id


@pytest.mark.parametrize("lesson", LESSONS)
def test_untouched_student_notebook_scores_zero(lesson, tmp_path):
    """Run All on the notebook a student receives: every exercise shows, every check() in it
    answers "No answer yet", nothing is saved (so nothing can score), and no cell fails."""
    executed = tmp_path / "executed.ipynb"
    answers = run_notebook(ROOT / "exercises" / f"{lesson}.ipynb", tmp_path / "answers.json", executed)
    assert answers == {}, f"the untouched notebook saved answers: {answers}"
    cells = cell_outputs_text(json.loads(executed.read_text(encoding="utf-8")))
    shown = "\n".join(out for _, out in cells)
    for e in model.exercise_set(lesson):
        assert f'data-exercise="{e.id}"' in shown, f"{e.id} is not shown in the student notebook"
    checks = [(src, out) for src, out in cells if "check(" in src]
    assert checks or not any(e.public.get("static") == "notebook" for e in model.exercise_set(lesson))
    for src, out in checks:
        assert "No answer yet" in out, f"an untouched check() did not say 'No answer yet':\n{src}\n{out}"
