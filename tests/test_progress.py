"""My progress: per lesson, exercises checked, score so far and what is left, in the book's toolbar
(from the answers saved in the browser) and in the notebook's (from the answers file)."""

from __future__ import annotations

import json

import pytest

from medialit import jsbuild
from medialit.exercises import model
from medialit.exercises.widget import ExerciseWidget, Toolbar, progress_change, progress_rows, progress_sets

from .helpers import forms, key_strings

LESSON1 = "book/lesson1.html"


def _entry(answer, score, best=None, **extra):
    seen = {"answer": answer, "score": score, "checked_at": "2026-12-01T10:00:00+00:00"}
    return {"answer": answer, "score": score, "points": score, "max_points": 1.0, "attempts": 1,
            "checked_at": seen["checked_at"], "source": "static", "first": seen,
            "best": {**seen, "score": best if best is not None else score}, "revealed": None, "locked": False, **extra}


SAVED = {
    "lesson1": {"answers": {"L1-E01": _entry("b", 1.0), "L1-E02": _entry("a", 0.0),
                            "L1-E04": _entry(["a"], 0.0, best=2 / 3),  # the best check counts
                            "L1-E05": {"attempts": 0, "revealed": "2026-12-01T10:00:00+00:00"}},  # asked, never checked
                "drafts": {"L1-E06": {"answer": "a", "saved_at": "x"}}},
    "demo-form": {"answers": {"DF-01": _entry("b", None, locked=True)}, "drafts": {}},
}


def test_the_sets_carry_no_key_and_lessons_come_first():
    sets = progress_sets()
    assert [s["set"] for s in sets[:4]] == ["lesson1", "lesson2", "lesson3", "lesson4"]
    assert sets[-1]["mode"] == "assessment"
    text = json.dumps(sets, ensure_ascii=False)
    for k in key_strings():
        for form in forms(k):
            assert form not in text


def test_progress_counts_checked_exercises_best_scores_and_what_is_left():
    merged = {"answers": {k: v for s in SAVED.values() for k, v in s["answers"].items()},
              "drafts": {k: v for s in SAVED.values() for k, v in s["drafts"].items()}}
    rows = {r["set"]: r for r in progress_rows(merged, progress_sets())}
    l1 = rows["lesson1"]
    n = len(model.exercise_set("lesson1"))
    assert (l1["checked"], l1["total"]) == (3, n)  # a revealed answer is not a checked one
    assert l1["points"] == pytest.approx(1 + 0 + round(2 / 3, 2), abs=0.01)
    assert l1["max_points"] == sum(e.points for e in model.exercise_set("lesson1") if e.type not in ("rewrite", "open"))
    left = {x["id"]: x for x in l1["left"]}
    assert "L1-E01" not in left and "L1-E05" in left and left["L1-E06"]["started"] and not left["L1-E07"]["started"]
    assert rows["demo-form"]["checked"] == 1 and rows["demo-form"]["points"] is None
    assert rows["lesson2"]["checked"] == 0 and len(rows["lesson2"]["left"]) == rows["lesson2"]["total"]
    before = progress_rows({"answers": {}, "drafts": {}}, progress_sets())
    note = progress_change(before, list(rows.values()))
    assert note.startswith(f"My progress, Lesson 1: Sourcing: 3 of {n} checked, ") and "Assessment mode" in note
    assert progress_change(list(rows.values()), list(rows.values())) == ""


@pytest.mark.browser
def test_python_and_javascript_count_progress_alike(browser):
    """The book counts in JavaScript from the browser's storage, the notebook in Python from the
    answers file: the same answers give the same rows and the same sentence."""
    sets = progress_sets()
    merged = {"answers": {k: v for s in SAVED.values() for k, v in s["answers"].items()},
              "drafts": {k: v for s in SAVED.values() for k, v in s["drafts"].items()}}
    page = browser.new_page()
    page.set_content("<!doctype html><html><head><title>blank</title></head><body></body></html>")
    page.add_script_tag(path=str(jsbuild.OUTPUTS["classic"]))
    js = page.evaluate("([sets, stores]) => medialitExercises.progressRows(sets, stores)", [sets, SAVED])
    py = progress_rows(merged, sets)
    assert js == json.loads(json.dumps(py))
    empty = progress_rows({}, sets)
    js_note = page.evaluate("([a, b]) => medialitExercises.progressChange(a, b)", [empty, py])
    assert js_note == progress_change(empty, py)
    page.close()


def test_the_notebook_toolbar_updates_after_a_check(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIALIT_ANSWERS", str(tmp_path / "my-answers.json"))
    bar = Toolbar()
    row = next(r for r in bar.progress if r["set"] == "gallery")
    assert row["checked"] == 0
    notes = []
    bar.observe(lambda c: notes.append(c["new"]), names="progress_note")
    w = ExerciseWidget(model.get("G-01"))
    w.answer = model.key_answer(model.get("G-01"))
    w.check_count += 1
    row = next(r for r in bar.progress if r["set"] == "gallery")
    assert row["checked"] == 1 and row["points"] == 1.0 and "G-01" not in {x["id"] for x in row["left"]}
    assert notes and notes[-1].startswith("My progress, Exercise gallery: 1 of ")
    # Answers checked in code (check()) show after "Update my progress".
    from medialit.exercises import check

    check("G-02", ["a", "c", "d"])
    bar.action = "refresh:1"
    assert next(r for r in bar.progress if r["set"] == "gallery")["checked"] == 2
    html = bar.static_html()
    assert "data-ml-toolbar" in html and "data-ml-sets" in html and "</script></div>" in html


@pytest.mark.browser
@pytest.mark.book
def test_the_book_shows_the_right_counts_after_a_few_answers(built_book, serve, browser):
    from axe_playwright_python.sync_playwright import Axe

    n = len(model.exercise_set("lesson1"))
    page = browser.new_page()
    page.goto(serve(built_book) + "/" + LESSON1, wait_until="networkidle")
    page.evaluate("localStorage.clear()")
    page.reload(wait_until="networkidle")
    bar = page.locator(".ml-ex-toolbar")
    row = bar.locator('tr[data-set="lesson1"]')
    # Closed at first; by keyboard alone, Tab to "My progress" and open it with Enter.
    assert not row.is_visible()
    from .helpers import tab_to

    tab_to(page, ".ml-progress summary")
    page.keyboard.press("Enter")
    # The table is drawn on the disclosure's "toggle" event, which the browser fires a moment
    # after the Enter: wait for it (up to 5 s) rather than race it.
    from playwright.sync_api import expect

    expect(row).to_be_visible(timeout=5000)
    assert row.locator(".ml-progress-checked").inner_text() == f"0 of {n}"
    assert row.locator(".ml-progress-left li").count() == n
    # Answer three: one right, one wrong, one partly right.
    e1 = page.locator('section[data-exercise="L1-E01"]')
    e1.locator("label", has_text="states a claim as settled").click()
    e1.locator(".ml-ex-check").click()
    live = bar.locator(".ml-progress-live")
    assert live.get_attribute("aria-live") == "polite"
    page.wait_for_function("() => document.querySelector('.ml-progress-live').textContent.length > 0")
    assert live.inner_text() == f"My progress, Lesson 1: Sourcing: 1 of {n} checked, 1 of {_max('lesson1'):g} points."
    e2 = page.locator('section[data-exercise="L1-E02"]')
    e2.locator("label", has_text="well-known Greek journalist").click()
    e2.locator(".ml-ex-check").click()
    e4 = page.locator('section[data-exercise="L1-E04"]')
    e4.locator("label").first.click()  # one of the three right passages
    e4.locator(".ml-ex-check").click()
    e6 = page.locator('section[data-exercise="L1-E06"]')
    e6.locator("label").first.click()  # chosen, not checked: a draft
    assert row.locator(".ml-progress-checked").inner_text() == f"3 of {n}"
    assert row.locator(".ml-progress-score").inner_text() == f"{1 + round(1 / 3, 2):g} of {_max('lesson1'):g} points"
    left = row.locator(".ml-progress-left li").all_inner_texts()
    assert len(left) == n - 3 and not any(t.startswith(("L1-E01 ", "L1-E02 ", "L1-E04 ")) for t in left)
    assert any(t.startswith("L1-E06 ") and "started" in t for t in left)
    assert bar.locator('tr[data-set="lesson2"] .ml-progress-checked').inner_text().startswith("0 of ")
    # The same counts after a reload, from storage.
    page.reload(wait_until="networkidle")
    page.locator(".ml-progress summary").click()
    assert page.locator('tr[data-set="lesson1"] .ml-progress-checked').inner_text() == f"3 of {n}"
    # A table with headers; readable in both colour modes (axe, on the open progress view).
    assert page.locator(".ml-progress-table th[scope=col]").count() == 4
    assert page.locator(".ml-progress-table caption").count() == 1
    page.close()
    axe = Axe()
    for mode in ("light", "dark"):
        page = browser.new_page(color_scheme=mode)
        page.goto(serve(built_book) + "/" + LESSON1, wait_until="networkidle")
        page.locator(".ml-progress summary").click()
        expect(page.locator(".ml-progress-table")).to_be_visible(timeout=5000)
        result = axe.run(page, context=".ml-progress")
        bad = [f"{v['id']} {n['target']}" for v in result.response["violations"]
               if v["impact"] in ("serious", "critical") for n in v["nodes"]]
        assert not bad, f"{mode}: {bad}"
        page.close()


def _max(set_name):
    return sum(e.points for e in model.exercise_set(set_name) if e.type not in ("rewrite", "open"))
