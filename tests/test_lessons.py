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


# --- lesson 2: telling apart, not only spotting (issue 17) -------------------------------------

def _nothing_items(lesson):
    return [e for e in model.exercise_set(lesson)
            if e.type == "highlight" and model.key_answer(e) == {"nothing": True}]


def test_lesson2_has_nothing_loaded_items_from_both_articles():
    plain = _nothing_items("lesson2")
    assert len(plain) >= 2, [e.id for e in plain]
    assert {e.public["passage"]["article"] for e in plain} == {"A", "B"}


@pytest.mark.parametrize("ex_id", ["L2-E14", "L2-E15"])
def test_lesson2_nothing_loaded_answered_right_scores_full_marks(ex_id):
    """Answering "nothing loaded here" on a plain passage earns full marks, with the reason why;
    marking plain words instead costs a third per run of words (false alarms)."""
    from medialit.exercises import scoring

    ex = model.get(ex_id)
    assert ex in _nothing_items("lesson2")
    res = scoring.score(ex, {"nothing": True})
    assert res.score == 1.0 and res.feedback.startswith("Right")
    assert res.items and res.items[0]["feedback"], "the student is told why nothing is loaded"
    n = len(ex.public["passage"]["tokens"])
    assert scoring.score(ex, [0]).score == pytest.approx(2 / 3)
    assert scoring.score(ex, [0, 2, 4]).score == 0.0 < n
    assert scoring.score(ex, []).score in (None, 0.0)  # no answer is not "nothing loaded here"


def test_lesson2_core_path_mixes_plain_and_loaded_passages():
    """Before "Going further", the chapter asks for loaded words and for plain passages alike."""
    from medialit.prose import lesson_core

    core = lesson_core(ROOT / "book" / "lesson2.md")
    assert 6 <= len(core["exercises"]) <= 8 and core["words"] <= 1100
    highlights = [model.get(i) for i in core["exercises"] if model.get(i).type == "highlight"]
    plain = [e for e in highlights if model.key_answer(e) == {"nothing": True}]
    assert len(plain) >= 2 and len(highlights) - len(plain) >= 2


CHAPTERS = [n for n in LESSONS if n.startswith("lesson")]


@pytest.mark.parametrize("lesson", CHAPTERS)
def test_a_lesson_fits_fifty_minutes(lesson):
    """The core path (before "Going further") is about 1,100 words or fewer that a student reads
    (prose and prompts, quotations excluded) with 6-8 exercises; the teacher's plan adds up to 50."""
    from medialit.prose import lesson_core, plan_minutes

    core = lesson_core(ROOT / "book" / f"{lesson}.md")
    assert core["has_marker"], f"{lesson}: no '## Going further' heading marks where the core path ends"
    assert core["words"] <= 1150, f"{lesson}: {core['words']} words in the core path"
    assert 6 <= len(core["exercises"]) <= 8, core["exercises"]
    minutes, problem = plan_minutes(ROOT / "book" / f"{lesson}-teacher.md")
    assert problem == "" and minutes == 50, (minutes, problem)
    assert (ROOT / "book" / f"{lesson}-remember.md").is_file(), "no printable 'what to remember' page"


def test_every_page_reads_at_grade_nine_or_lower():
    """Flesch-Kincaid grade of every page's own prose, quotations and code excluded."""
    from medialit.prose import page_scores

    rows = page_scores()
    assert len(rows) > 20
    too_hard = [(r["page"], r["flesch_kincaid_grade"]) for r in rows if r["flesch_kincaid_grade"] > 9.0]
    assert not too_hard, too_hard


def test_the_prose_measure_leaves_out_quotations_code_and_addresses():
    """What the readability test measures: the kit's own words, not what it quotes."""
    from medialit.prose import prose_of_text

    text = (
        'The page said "a very long quotation that runs\nover a line break" and went on.\n\n'
        'A mark in `code "here` opens nothing, so "this" goes and these words stay.\n\n'
        'Read at <https://example.org/a-very-long-address> or https://example.org/x today.\n\n'
        'An open mark " in one paragraph\n\nnever swallows the next " one.\n'
    )
    out = prose_of_text(text)
    assert "quotation" not in out and "line break" not in out and "went on" in out
    assert "code" not in out and "this" not in out and "these words stay" in out
    assert "example.org" not in out and "Read at" in out and "today" in out
    assert "in one paragraph" in out and "never swallows the next" in out
