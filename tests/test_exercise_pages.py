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
    assert html.count("data-ml-static") == len(model.exercise_set("gallery"))
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
