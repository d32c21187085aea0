"""The exercises in the built book (static, no kernel) and as live widgets (a kernel)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from medialit.exercises import model, scoring
from medialit.exercises.widget import ExerciseWidget

from .test_exercises import ALL, WRONG, forms, key_strings

GALLERY = "book/gallery.html"


def answers_for(ex):
    """Right, wrong, partial and empty answers (JSON-able: what the static page can send)."""
    out = [None]
    if ex.type == "rewrite":
        return out + ["Albania has become a festering ground, the author writes.", "A neutral text.",
                      "They call it ‘" + "😀" * 25 + "’ here.", "A ‘guests’ word"]
    key = model.key_answer(ex)
    if ex.type == "value" and ex.public["value_kind"] not in ("number", "string"):
        return out  # pandas values are checked in notebooks only
    out.append(key)
    wrong = WRONG[ex.type](ex)
    if not isinstance(wrong, pd.Series):
        out.append(wrong)
    if ex.type == "multiple":
        out += [key[:1], [key[0], wrong[0]]]
    elif ex.type == "categorise":
        out += [dict(list(key.items())[:2]), {next(iter(key)): 0}, {next(iter(key)): ""}]
    elif ex.type == "highlight":
        out += [key[: len(key) // 2], key + [0, 1, 2], [float(key[0])]]
    elif ex.type == "lateral":
        out += [{"verdict": key["verdict"], "cards": key["cards"][:1]}, {"verdict": key["verdict"], "cards": []},
                {"verdict": key["verdict"], "cards": {}}, {"verdict": key["verdict"], "cards": ["SC-١٠١"]}]
    elif ex.type == "value" and ex.public["value_kind"] == "number":
        out += [str(key), f" {key} ", "not a number", "1,234", "0x0C", "١٢", "nan", "inf", [key], "1_000",
                "1e3", ".5", True]
    elif ex.type == "value":
        out += [str(key), key.upper() if isinstance(key, str) else str(key), "straße", [key]]
    out.append(42.5)  # a value of the wrong shape
    return out


@pytest.fixture(scope="module")
def gallery(built_book, serve, browser):
    base = serve(built_book) + "/"
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + GALLERY, wait_until="networkidle")
    yield page, base, errors
    page.close()


@pytest.mark.browser
@pytest.mark.book
def test_static_and_live_scores_agree_on_every_exercise(gallery):
    page, _, errors = gallery
    cases = [(ex, a) for ex in ALL for a in answers_for(ex)]
    js = page.evaluate(
        "cases => cases.map(([ex, a]) => medialitExercises.scoreStatic(ex, a))",
        [[ex.to_json(), a] for ex, a in cases])
    assert len(js) == len(cases) > 50
    for (ex, answer), j in zip(cases, js):
        py = scoring.score(ex, answer)
        where = f"{ex.id} with {answer!r}"
        assert (j["error"] is None) == (py.error is None), f"{where}: {j['error']} / {py.error}"
        if py.score is None:
            assert j["score"] is None, where
        else:
            assert j["score"] == pytest.approx(py.score, abs=1e-12), where
        assert j["feedback"] == py.feedback, where
        assert [i["status"] for i in j["items"]] == [i["status"] for i in py.items], where
    assert {ex.type for ex, _ in cases} == set(model.TYPES)
    assert not errors


@pytest.mark.browser
@pytest.mark.book
def test_unseal_agrees(gallery):
    page, _, _ = gallery
    got = page.evaluate("exs => exs.map(e => medialitExercises.unseal(e.id, e.sealed))", [e.to_json() for e in ALL])
    assert got == [json.loads(json.dumps(e.secret())) for e in ALL]


@pytest.mark.browser
@pytest.mark.book
def test_the_gallery_holds_no_key(built_book):
    html = (built_book / GALLERY).read_text(encoding="utf-8")
    assert html.count("data-ml-static") == len(model.exercise_set("gallery"))
    for k in key_strings():
        for form in forms(k):
            assert form not in html, k[:40]


def _tab_to(page, selector, limit=200):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


@pytest.mark.browser
@pytest.mark.book
def test_keyboard_alone_from_page_load(built_book, serve, browser):
    page = browser.new_page()
    page.goto(serve(built_book) + "/" + GALLERY, wait_until="networkidle")
    # Single choice: Tab to the radio group, arrow to option b, Tab to Check, Enter.
    _tab_to(page, '[data-exercise="G-01"] input[type=radio]')
    page.keyboard.press("ArrowDown")
    _tab_to(page, '[data-exercise="G-01"] .ml-ex-check')
    page.keyboard.press("Enter")
    status = page.locator('section[data-exercise="G-01"] [role=status]')
    page.wait_for_function("() => document.querySelector('section[data-exercise=\"G-01\"] [role=status]').textContent.length > 0")
    assert status.text_content().startswith("Right.")
    # Highlight: Tab into the passage, move with arrows, mark with Space.
    ex = model.get("G-05")
    key = model.key_answer(ex)
    _tab_to(page, '[data-exercise="G-05"] .ml-ex-passage')
    page.keyboard.press("Home")
    at = 0
    for i in key:
        for _ in range(i - at):
            page.keyboard.press("ArrowRight")
        at = i
        page.keyboard.press("Space")
    _tab_to(page, '[data-exercise="G-05"] .ml-ex-check')
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
    page.locator(".ml-ex-toolbar input").fill("Test Student")
    page.locator(".ml-ex-toolbar input").dispatch_event("change")
    with page.expect_download() as dl:
        page.locator(".ml-ex-toolbar button", has_text="Download my answers").click()
    path = tmp_path / "my-answers.json"
    dl.value.save_as(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == "medialit-answers/1" and data["student"]["name"] == "Test Student"
    assert data["answers"]["G-02"]["source"] == "static" and data["answers"]["G-02"]["answer"] == ["a"]
    text = path.read_text(encoding="utf-8")
    for k in key_strings():
        for form in forms(k):
            assert form not in text
    # Reset asks first; dismissing keeps the answers, accepting clears them.
    page.once("dialog", lambda d: d.dismiss())
    page.locator(".ml-ex-toolbar button", has_text="Reset").click()
    assert page.evaluate("Object.keys(JSON.parse(localStorage.getItem('medialit/answers/v1/gallery')).answers).length") == 1
    page.once("dialog", lambda d: d.accept())
    page.locator(".ml-ex-toolbar button", has_text="Reset").click()
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('medialit/answers/')).length") == 0
    page.close()


def test_live_widget_check_saves_and_reports(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIALIT_ANSWERS", str(tmp_path / "my-answers.json"))
    ex = model.get("G-05")
    w = ExerciseWidget(ex)
    w.answer = model.key_answer(ex)
    w.check_count += 1
    assert w.result["score"] == pytest.approx(1.0) and w.result["explanation"]
    w.answer = "not a list"
    w.check_count += 1
    assert w.result["error"] and w.result["score"] is None
    saved = json.loads((tmp_path / "my-answers.json").read_text())["answers"]["G-05"]
    assert saved["attempts"] == 1 and saved["source"] == "live"
    w.search_query = "Zarif tweet\u00001"
    cards = [d for d in w.search_results if "id" in d]
    assert cards and "Zarif" in cards[0]["title"]
    first = list(w.search_results)
    w.search_query = "Zarif tweet\u00002"  # the same search again still answers (a new nonce)
    assert w.search_results != first
    bundle = w._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "application/vnd.jupyter.widget-view+json" in data and "data-ml-static" in data["text/html"]
