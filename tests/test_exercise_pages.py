"""The exercises in the built book (static, no kernel): by keyboard, by mouse, no key shown."""

from __future__ import annotations

import json

import pytest

from medialit.exercises import model

from .helpers import forms, key_strings, tab_to

GALLERY = "book/gallery.html"


@pytest.mark.browser
@pytest.mark.book
def test_the_gallery_holds_no_key(built_book):
    html = (built_book / GALLERY).read_text(encoding="utf-8")
    assert html.count("data-ml-static") == len(model.exercise_set("gallery")) + len(model.exercise_set("demo-form"))
    for k in key_strings():
        for form in forms(k):
            assert form not in html, k[:40]


@pytest.mark.browser
@pytest.mark.book
def test_keyboard_alone_from_page_load(built_book, serve, browser):
    page = browser.new_page()
    page.goto(serve(built_book) + "/" + GALLERY, wait_until="networkidle")
    # Single choice: Tab to the radio group, arrow to option b, Tab to Check, Enter.
    tab_to(page, '[data-exercise="G-01"] input[type=radio]')
    page.keyboard.press("ArrowDown")
    tab_to(page, '[data-exercise="G-01"] .ml-ex-check')
    page.keyboard.press("Enter")
    status = page.locator('section[data-exercise="G-01"] [role=status]')
    page.wait_for_function("() => document.querySelector('section[data-exercise=\"G-01\"] [role=status]').textContent.length > 0")
    assert status.text_content().startswith("Right.")
    # Highlight: Tab into the passage, move with arrows, mark with Space.
    ex = model.get("G-05")
    key = model.key_answer(ex)
    tab_to(page, '[data-exercise="G-05"] .ml-ex-passage')
    page.keyboard.press("Home")
    at = 0
    for i in key:
        for _ in range(i - at):
            page.keyboard.press("ArrowRight")
        at = i
        page.keyboard.press("Space")
    tab_to(page, '[data-exercise="G-05"] .ml-ex-check')
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('section[data-exercise=\"G-05\"] [role=status]').textContent.length > 0")
    text = page.locator('section[data-exercise="G-05"] [role=status]').text_content()
    n_spans = len(ex.secret()["key"])
    assert f"You found {n_spans} of {n_spans}" in text and "Score: 1 of 1" in text
    # Shift+arrow marks a run of words.
    page.locator('[data-exercise="G-06"] .ml-ex-passage').focus()
    page.keyboard.press("Home")
    for _ in range(3):
        page.keyboard.press("Shift+ArrowRight")
    marked = page.locator('[data-exercise="G-06"] .ml-ex-word[aria-selected=true]').count()
    assert marked == 4
    page.close()


@pytest.mark.browser
@pytest.mark.book
def test_mouse_progress_download_and_reset(built_book, serve, browser, tmp_path):
    page = browser.new_page()
    url = serve(built_book) + "/" + GALLERY
    page.goto(url, wait_until="networkidle")
    g2 = page.locator('section[data-exercise="G-02"]')
    for label in g2.locator("label").all()[:1]:
        label.click()
    g2.locator(".ml-ex-check").click()
    assert "1 of 3 right answers" in g2.locator(".ml-ex-summary").inner_text()
    # Progress survives a reload.
    page.reload(wait_until="networkidle")
    assert "1 of 3 right answers" in page.locator('section[data-exercise="G-02"] .ml-ex-summary').inner_text()
    # Download needs a name; then it saves the answers-file format.
    page.locator(".ml-ex-toolbar button", has_text="Download my answers").click()
    assert "Type your name first" in page.locator(".ml-ex-toolbar [role=status]").inner_text()
    # One step: type the name, press Download (no separate save). The file is named after the
    # student and the day, so a teacher's folder never holds two files of the same name.
    page.locator(".ml-ex-toolbar input[autocomplete=name]").fill("Test Student")
    page.get_by_label("Student id (if your teacher gave you one):").fill("s-42")
    with page.expect_download() as dl:
        page.locator(".ml-ex-toolbar button", has_text="Download my answers").click()
    today = page.evaluate("(() => { const d = new Date(); return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0'); })()")
    assert dl.value.suggested_filename == f"answers-Test-Student-{today}.json"
    assert dl.value.suggested_filename in page.locator(".ml-ex-toolbar [role=status]").inner_text()
    path = tmp_path / dl.value.suggested_filename
    dl.value.save_as(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == "medialit-answers/2" and data["student"] == {"name": "Test Student", "id": "s-42"}
    page.reload(wait_until="networkidle")
    assert page.locator(".ml-ex-toolbar input[autocomplete=name]").input_value() == "Test Student"
    assert data["answers"]["G-02"]["source"] == "static" and data["answers"]["G-02"]["answer"] == ["a"]
    text = path.read_text(encoding="utf-8")
    for k in key_strings():
        for form in forms(k):
            assert form not in text
    # Reset asks first; dismissing keeps the answers, accepting clears them.
    page.once("dialog", lambda d: d.dismiss())
    page.locator(".ml-ex-toolbar button", has_text="Reset").click()
    assert page.evaluate("Object.keys(JSON.parse(localStorage.getItem('medialit/answers/v2/gallery')).answers).length") == 1
    page.once("dialog", lambda d: d.accept())
    page.locator(".ml-ex-toolbar button", has_text="Reset").click()
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('medialit/answers/')).length") == 0
    page.close()


# --- every type, by keyboard alone -----------------------------------------------------------

KEYBOARD_DRIVER = """
async (id) => {
  // Operate every control of one exercise as a keyboard user would, through its focusable
  // elements in tab order, then press Check. Returns the status text.
  const sec = document.querySelector(`section[data-exercise="${id}"]`);
  const focusables = () => [...sec.querySelectorAll('input, select, textarea, button, [tabindex="0"]')]
    .filter((el) => !el.disabled && !el.hidden && el.offsetParent !== null);
  return focusables().map((el) => el.tagName.toLowerCase() + (el.type ? ':' + el.type : '') +
                                   (el.classList.length ? '.' + [...el.classList].join('.') : ''));
}
"""


def _operate(page, ex_id):
    """Tab from the exercise's title into each control and use it with keys only."""
    sel = f'section[data-exercise="{ex_id}"]'
    page.locator(f"{sel} .ml-ex-title").scroll_into_view_if_needed()
    controls = page.evaluate(KEYBOARD_DRIVER, ex_id)
    assert controls, f"{ex_id}: nothing a keyboard can reach"
    page.evaluate(f"() => document.querySelector('{sel}').querySelector('input:not([disabled]), select:not([disabled]), textarea, button:not([disabled]), [tabindex=\"0\"]').focus()")
    seen_radio_groups = set()
    picked = False
    for _ in range(len(controls) + 60):
        info = page.evaluate(f"""() => {{ const el = document.activeElement; const sec = document.querySelector('{sel}');
            if (!sec.contains(el)) return null;
            return {{tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '', cls: el.className || '',
                    text: el.textContent || ''}}; }}""")
        if info is None:
            break
        if "ml-ex-check" in info["cls"]:
            page.keyboard.press("Enter")
            break
        if info["tag"] == "select":
            page.keyboard.press("ArrowDown")
        elif info["type"] == "radio" and info["name"] not in seen_radio_groups:
            seen_radio_groups.add(info["name"])
            page.keyboard.press("ArrowRight")
        elif info["type"] == "checkbox":
            page.keyboard.press("Space")
        elif info["tag"] in ("input", "textarea") and info["type"] in ("text", "search", "textarea", ""):
            page.keyboard.type("1" if info["type"] != "search" else "Tirana")
            if info["type"] == "search":
                page.keyboard.press("Enter")
                page.wait_for_timeout(150)
        elif "ml-ex-passage" in info["cls"]:
            page.keyboard.press("Space")
        elif info["tag"] == "button" and info["text"] == "Pick" and not picked:
            picked = True
            page.keyboard.press("Enter")
        elif info["tag"] == "button" and ("ml-ex-down" in info["cls"] or "Open first" in info["text"]):
            page.keyboard.press("Enter")
        page.keyboard.press("Tab")
    try:
        page.wait_for_function(f"() => document.querySelector('{sel} .ml-ex-status').textContent.length > 0", timeout=5000)
    except Exception:  # noqa: BLE001 - say which exercise and where the keyboard got stuck
        pytest.fail(f"{ex_id}: Check was not reached or said nothing; controls: {controls}")
    return page.locator(f"{sel} .ml-ex-status").text_content()


@pytest.mark.browser
@pytest.mark.book
def test_every_type_works_with_the_keyboard_alone(built_book, serve, browser):
    """Each exercise of the gallery (every type) is answered and checked with keys only: the
    answer is read (no error about its shape) and feedback is announced."""
    from medialit.exercises.registry import TYPES

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(serve(built_book) + "/" + GALLERY, wait_until="networkidle")
    done = set()
    for ex in model.exercise_set("gallery"):
        if ex.type == "value" and ex.public["value_kind"] not in ("number", "string"):
            continue  # a pandas value is checked in a notebook
        status = _operate(page, ex.id)
        assert "can't read" not in status and "should be" not in status, (ex.id, status)
        done.add(ex.type)
    assert done == set(TYPES), set(TYPES) - done
    assert not errors
    page.close()


# --- keys shown only when earned ----------------------------------------------------------------

def _hidden_strings(ex, answer):
    """What the full result of ``answer`` holds that a student must not see before earning it."""
    from medialit.exercises import scoring

    full = scoring.score(ex, answer).to_dict()
    out = []
    for item in full["items"]:
        if item.get("hidden"):
            out += [item.get("feedback") or "", item.get("text") or ""]
        elif item.get("status") not in ("right", "found"):
            if item.get("secret_feedback") and item.get("feedback"):
                out.append(item["feedback"])
    if full["explanation"]:
        out.append(full["explanation"])
    shown = json.dumps(ex.public, ensure_ascii=False)  # options, items, passages: on the page anyway
    return [s for s in out if len(s) > 12 and s not in shown and json.dumps(s, ensure_ascii=False)[1:-1] not in shown]


@pytest.mark.browser
@pytest.mark.book
def test_a_wrong_answer_shows_no_key_until_asked(built_book, serve, browser):
    """Wrong answers to every exercise, stored as a student would have them: the page shows
    feedback and hints but no key, no hidden item and no explanation; "Show the answer" then
    shows them and the browser's storage records that the student asked."""
    from medialit.exercises.registry import TYPES

    exercises = [ex for ex in model.exercise_set("gallery") if TYPES[ex.type].scored
                 and not (ex.type == "value" and ex.public["value_kind"] not in ("number", "string"))]
    wrong = {ex.id: TYPES[ex.type].examples(ex)["wrong"] for ex in exercises}
    data = {"schema": "medialit-answers/2", "student": {"name": "", "id": ""}, "updated": "x", "drafts": {}, "locks": {},
            "answers": {i: {"answer": a, "score": 0, "attempts": 1, "revealed": None} for i, a in wrong.items()}}
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    base = serve(built_book) + "/" + GALLERY
    page.goto(base, wait_until="networkidle")
    page.evaluate("d => localStorage.setItem('medialit/answers/v2/gallery', JSON.stringify(d))", data)
    page.reload(wait_until="networkidle")
    checked = 0
    for ex in exercises:
        sec = page.locator(f'section[data-exercise="{ex.id}"]')
        text = sec.inner_text()
        secrets = _hidden_strings(ex, wrong[ex.id])
        for s in secrets:
            assert s not in text, f"{ex.id} shows what it should keep back: {s[:60]}"
        checked += bool(secrets)
        assert sec.locator(".ml-ex-reveal").is_visible(), ex.id
    assert checked >= len(exercises) // 2, "hardly any exercise has something to keep back: the test is vacuous"
    # Asking for the answer shows it, and is recorded.
    ex = model.get("G-01")
    sec = page.locator('section[data-exercise="G-01"]')
    sec.locator(".ml-ex-reveal").click()
    right = next(o["text"] for o in ex.public["options"] if o["id"] == ex.secret()["key"])
    assert right in sec.inner_text() and ex.secret()["explanation"].split()[0] in sec.inner_text()
    stored = page.evaluate("JSON.parse(localStorage.getItem('medialit/answers/v2/gallery')).answers['G-01']")
    assert stored["revealed"]
    page.close()


@pytest.mark.browser
@pytest.mark.book
def test_storage_of_the_first_version_is_upgraded_without_loss(built_book, serve, browser):
    """A student who answered under version 1 of the kit opens the new book: answers, name and
    attempts are all there, under the new keys; nothing is dropped."""
    page = browser.new_page()
    base = serve(built_book) + "/" + GALLERY
    page.goto(base, wait_until="networkidle")
    page.evaluate("""() => { localStorage.clear();
      localStorage.setItem('medialit/answers/v1/gallery', JSON.stringify({schema: 'medialit-answers/1',
        student: {name: '', id: ''}, updated: 'x', answers: {'G-01': {answer: 'b', score: 1, points: 1, max_points: 1,
        attempts: 3, checked_at: '2026-11-20T10:00:00+00:00', source: 'static'}, 'G-07': {answer: '36', score: 0,
        attempts: 1, checked_at: '2026-11-20T10:01:00+00:00', source: 'static'}}}));
      localStorage.setItem('medialit/answers/v1:student', JSON.stringify({name: 'Old Student', id: ''})); }""")
    page.reload(wait_until="networkidle")
    keys = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('medialit/')).sort()")
    assert keys == ["medialit/answers/v2/gallery", "medialit/answers/v2:student"]
    data = page.evaluate("JSON.parse(localStorage.getItem('medialit/answers/v2/gallery'))")
    assert data["schema"] == "medialit-answers/2"
    assert data["answers"]["G-01"]["attempts"] == 3 and data["answers"]["G-01"]["first"]["answer"] == "b"
    assert data["answers"]["G-07"]["answer"] == "36"
    assert "Right." in page.locator('section[data-exercise="G-01"] .ml-ex-summary').inner_text()
    assert page.locator(".ml-ex-toolbar input[autocomplete=name]").first.input_value() == "Old Student"
    page.close()


@pytest.mark.browser
@pytest.mark.book
def test_a_draft_survives_a_reload(built_book, serve, browser):
    page = browser.new_page()
    page.goto(serve(built_book) + "/" + GALLERY, wait_until="networkidle")
    page.evaluate("localStorage.clear()")
    page.reload(wait_until="networkidle")
    page.locator('section[data-exercise="G-07"] input[type=text]').fill("12")
    page.reload(wait_until="networkidle")
    assert page.locator('section[data-exercise="G-07"] input[type=text]').input_value() == "12"
    assert page.locator('section[data-exercise="G-07"] .ml-ex-summary').count() == 0  # not checked yet
    page.close()



# --- assessment mode --------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.book
def test_assessment_mode_in_the_book(built_book, serve, browser):
    """No feedback, no answer to show, one submission, locked after Submit and after a reload;
    and no assessment key anywhere in the built site."""
    from .helpers import assessment_key_strings

    for f in built_book.rglob("*"):
        if f.is_file() and f.suffix in {".html", ".js", ".json", ".txt", ".ipynb"}:
            text = f.read_text(encoding="utf-8", errors="replace")
            for k in assessment_key_strings():
                for form in forms(k):
                    assert form not in text, f"{f.relative_to(built_book)} holds an assessment key"
    page = browser.new_page()
    page.goto(serve(built_book) + "/" + GALLERY, wait_until="networkidle")
    page.evaluate("localStorage.clear()")
    page.reload(wait_until="networkidle")
    sec = page.locator('section[data-exercise="DF-01"]')
    assert sec.locator(".ml-ex-check").inner_text() == "Submit"
    assert not sec.locator(".ml-ex-reveal").is_visible()
    sec.locator("label", has_text="January 2009").click()
    sec.locator(".ml-ex-check").click()
    assert "Submitted" in sec.locator(".ml-ex-summary").inner_text()
    assert "Score" not in sec.inner_text() and "Why it matters" not in sec.inner_text()
    assert sec.locator("input[type=radio]").first.is_disabled() and sec.locator(".ml-ex-check").is_disabled()
    stored = page.evaluate("JSON.parse(localStorage.getItem('medialit/answers/v2/demo-form')).answers['DF-01']")
    assert stored["locked"] and stored["answer"] == "b" and stored["score"] is None
    page.reload(wait_until="networkidle")
    sec = page.locator('section[data-exercise="DF-01"]')
    assert "Submitted" in sec.inner_text() and sec.locator(".ml-ex-check").is_disabled()
    # "Reset all my answers" clears practice answers but keeps a submitted test answer.
    page.once("dialog", lambda d: d.accept())
    page.locator(".ml-ex-toolbar button", has_text="Reset all my answers").click()
    assert "submitted test answer was kept" in page.locator(".ml-ex-toolbar").inner_text()
    page.reload(wait_until="networkidle")
    sec = page.locator('section[data-exercise="DF-01"]')
    assert "Submitted" in sec.inner_text() and sec.locator(".ml-ex-check").is_disabled()
    page.close()


# --- opened from a disk folder (file://) -----------------------------------------------------------

@pytest.mark.browser
@pytest.mark.book
def test_the_book_works_opened_from_disk(built_book, browser):
    """A teacher double-clicks a page, or copies the book to a USB stick: every exercise of every
    page renders and checks from file://, the toolbar and the card search work, nothing fails."""
    pages = sorted(p for p in built_book.rglob("*.html") if "data-ml-static" in p.read_text(encoding="utf-8"))
    assert len(pages) >= 3, pages
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    checked = 0
    for path in pages:
        page.goto(path.as_uri(), wait_until="load")
        assert page.url.startswith("file://")
        ids = page.eval_on_selector_all("section[data-exercise]", "els => els.map(e => e.dataset.exercise)")
        assert ids, path
        page.wait_for_function("() => document.querySelectorAll('section[data-exercise] .ml-ex-title').length"
                               " === document.querySelectorAll('section[data-exercise]').length", timeout=5000)
        if page.locator("[data-ml-toolbar]").count():
            assert page.locator(".ml-ex-toolbar button", has_text="Download my answers").count() >= 1
        for ex_id in ids:
            sec = page.locator(f'section[data-exercise="{ex_id}"]')
            button = sec.locator(".ml-ex-check")
            ex = model.get(ex_id)
            if ex.type == "value" and ex.public["value_kind"] not in ("number", "string"):
                assert "notebook" in sec.inner_text(), ex_id  # a pandas value: the page says where
                continue
            assert button.count() == 1, f"{path.name} {ex_id}: no Check or Submit button"
            if model.is_assessment(ex):
                continue  # a Submit locks the answer: checked in its own test
            button.click()
            page.wait_for_function(
                f"() => document.querySelector('section[data-exercise=\"{ex_id}\"] .ml-ex-status').textContent.length > 0",
                timeout=5000)
            checked += 1
    assert checked >= 30
    # Every type, answered by keyboard from disk; the lateral exercises' card search included.
    page.goto((built_book / GALLERY).as_uri(), wait_until="load")
    for ex in model.exercise_set("gallery"):
        if ex.type == "value" and ex.public["value_kind"] not in ("number", "string"):
            continue
        status = _operate(page, ex.id)
        assert "can't read" not in status and "should be" not in status, (ex.id, status)
        if ex.type == "lateral":
            assert page.locator(f'section[data-exercise="{ex.id}"] .ml-ex-search-results li').count() > 0, ex.id
    # The source cards' search box.
    page.goto((built_book / "book" / "sources.html").as_uri(), wait_until="load")
    box = page.locator(".ml-cardsearch input")
    box.fill("Tirana")
    box.press("Enter")
    page.wait_for_function("() => /card/.test(document.querySelector('.ml-cardsearch [role=status]').textContent)",
                           timeout=5000)
    assert "found" in page.locator(".ml-cardsearch [role=status]").inner_text()
    assert not errors, errors
    page.close()


@pytest.mark.browser
@pytest.mark.book
def test_dragging_marks_words_with_a_mouse_and_a_finger(built_book, serve, browser):
    """A drag across words marks them all (no browser text selection); a drag that starts on a
    marked word unmarks; a touch drag (pointer events from a finger) does the same."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(serve(built_book) + "/" + GALLERY, wait_until="networkidle")
    sec = page.locator('section[data-exercise="G-05"]')
    words = sec.locator(".ml-ex-word")
    sec.scroll_into_view_if_needed()
    first, third = words.nth(0).bounding_box(), words.nth(2).bounding_box()
    page.mouse.move(first["x"] + 3, first["y"] + first["height"] / 2)
    page.mouse.down()
    page.mouse.move(third["x"] + third["width"] / 2, third["y"] + third["height"] / 2, steps=6)
    page.mouse.up()
    marked = lambda: sec.locator('.ml-ex-word[aria-selected="true"]').evaluate_all("els => els.map(e => +e.dataset.i)")
    assert marked() == [0, 1, 2]
    assert page.evaluate("window.getSelection().toString()") == ""
    # A drag that starts on a marked word unmarks what it crosses.
    second = words.nth(1).bounding_box()
    page.mouse.move(third["x"] + third["width"] / 2, third["y"] + third["height"] / 2)
    page.mouse.down()
    page.mouse.move(second["x"] + second["width"] / 2, second["y"] + second["height"] / 2, steps=4)
    page.mouse.up()
    assert marked() == [0]
    # A finger: pointer events of type touch, moving sideways across words 4 to 6.
    page.evaluate("""(sel) => {
      const sec = document.querySelector(sel), ws = sec.querySelectorAll('.ml-ex-word');
      const at = (w) => { const r = w.getBoundingClientRect(); return { clientX: r.left + r.width / 2, clientY: r.top + r.height / 2 }; };
      const fire = (type, w) => ws[4].dispatchEvent(new PointerEvent(type, { bubbles: true, pointerType: 'touch', isPrimary: true, button: 0, ...at(w) }));
      fire('pointerdown', ws[4]); fire('pointermove', ws[5]); fire('pointermove', ws[6]); fire('pointerup', ws[6]);
    }""", 'section[data-exercise="G-05"]')
    assert marked() == [0, 4, 5, 6]
    # The drag is the answer: Check reads it.
    sec.locator(".ml-ex-check").click()
    assert "annotated phrase" in sec.locator(".ml-ex-summary").inner_text()
    assert "drag across words" in sec.inner_text()
    page.close()


# --- printing -------------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.book
def test_a_lesson_prints_as_a_blank_worksheet(built_book, serve, browser, tmp_path):
    """Printed to PDF by Chromium after a student answered, checked and asked for the answers,
    a lesson shows its exercises but no answer, feedback, explanation, toolbar or navigation;
    back on screen, the student's answers are all still there."""
    from pypdf import PdfReader

    from .test_browser import SHOW_FEEDBACK

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(serve(built_book) + "/book/lesson2.html", wait_until="networkidle")
    assert page.evaluate(SHOW_FEEDBACK) > 5
    typed = page.locator("section[data-exercise] input[type=text], section[data-exercise] textarea").first
    typed.fill("ZQXJ-TYPED-ANSWER")
    checked_before = page.evaluate("document.querySelectorAll('section[data-exercise] input:checked').length")
    marked_before = page.evaluate("document.querySelectorAll('.ml-ex-word[aria-selected=\"true\"]').length")
    assert checked_before and marked_before
    page.emulate_media(media="print")
    # The page empties its controls when the print media query starts to match (one frame later).
    page.wait_for_function("() => document.querySelectorAll('section[data-exercise] input:checked').length === 0",
                           timeout=5000)
    pdf = tmp_path / "lesson2.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = "\n".join(p.extract_text() or "" for p in PdfReader(str(pdf)).pages)
    flat = " ".join(text.split())
    ids = page.eval_on_selector_all("section[data-exercise]", "els => els.map(e => e.dataset.exercise)")
    for ex_id in ids:
        ex = model.get(ex_id)
        assert ex_id in flat, f"{ex_id} is missing from the printout"
        explanation = " ".join(str(ex.secret().get("explanation", "")).split())
        if explanation:
            assert explanation[:60] not in flat, f"{ex_id}: its explanation was printed"
    for shown_on_screen in ("ZQXJ-TYPED-ANSWER", "Why it matters", "Show the answer", "Download my answers",
                            "Score:", "The answer:", "You asked to see the answer", "Not quite", "Right:"):
        assert shown_on_screen not in flat, f"printed: {shown_on_screen}"
    assert "Lesson 1: Sourcing" not in flat  # the navigation is not printed
    # Back on screen, nothing the student did is lost.
    page.emulate_media(media="screen")
    page.wait_for_function("n => document.querySelectorAll('section[data-exercise] input:checked').length === n",
                           arg=checked_before, timeout=5000)
    assert typed.input_value() == "ZQXJ-TYPED-ANSWER"
    assert page.evaluate("document.querySelectorAll('section[data-exercise] input:checked').length") == checked_before
    assert page.evaluate("document.querySelectorAll('.ml-ex-word[aria-selected=\"true\"]').length") == marked_before
    page.close()


@pytest.mark.browser
@pytest.mark.book
def test_the_search_page_finds_pages_served_and_from_disk(built_book, serve, browser):
    """Sphinx's search lists matching pages, without errors, over HTTP and from file://."""
    for base in (serve(built_book), built_book.as_uri()):
        page = browser.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.goto(base + "/search.html?q=lateral", wait_until="load")
        page.wait_for_selector("#search-results ul.search li", timeout=15000)
        titles = page.locator("#search-results ul.search li a").all_inner_texts()
        assert any("Sourcing" in t or "Lesson" in t for t in titles), titles
        assert not errors, (base[:8], errors)
        page.close()
