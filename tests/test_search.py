"""The offline card search: tolerant of word forms, and the same ranking in Python and JS."""

from __future__ import annotations

import json

import pytest

from medialit import dataset
from medialit.search import search, stem, tokens


def test_card_search_is_tolerant_of_word_forms():
    assert stem("listed") == stem("listing") == stem("listings") == "list"
    assert stem("designated") == stem("designation")
    assert tokens("Mujahedin-e Khalq's DELISTING") == ["mujahedin", "khalq", "delist"]
    hits = [cid for cid, _ in search("Zarif tweet Pompeo", limit=3)]
    titles = dataset.card_titles()
    assert any("Zarif" in titles[h] for h in hits)
    assert search("") == [] and search("qwxzv") == []


QUERIES = ["terrorist list 2012", "Kerry Tirana UNHCR", "Albania census religion", "Zarif tweet",
           "Ehsan Bidi asylum", "Giuliani speech Villepinte", "protected persons Geneva",
           "Mossad nuclear scientists", "cult", "", "Mujahedin-e Khalq designation",
           "Élections Manëz", "listed listings LISTING", "qwxzv"]
TOKEN_SAMPLES = ["Mujahedin-e Khalq’s “delisting”", "Manëz, Dyrrhachion (Durrës)", "\u03a4hat label",
                 "protected persons — Geneva Convention", "Ashraf 3, 2016-2019", "classes countries news"]


@pytest.mark.browser
@pytest.mark.book
def test_card_search_ranks_in_javascript_as_in_python(built_book, serve, browser):
    """One index file, two implementations: same tokens, same ranking, same scores."""
    base, html = serve(built_book) + "/", built_book
    index = json.loads((html / "_static" / "cards-index.json").read_text(encoding="utf-8"))
    page = browser.new_page()
    page.goto(base + "book/sources.html", wait_until="networkidle")
    js_tokens = page.evaluate("s => s.map(x => medialitCardSearch.tokens(x))", TOKEN_SAMPLES)
    assert js_tokens == [tokens(s) for s in TOKEN_SAMPLES]
    js = page.evaluate(
        "async qs => { const idx = await (await fetch('../_static/cards-index.json')).json();"
        " return qs.map(q => medialitCardSearch.search(idx, q, 10)); }", QUERIES)
    page.close()
    for q, js_hits in zip(QUERIES, js):
        py_hits = search(q, index=index, limit=10)
        assert [h[0] for h in js_hits] == [h[0] for h in py_hits], q
        assert [h[1] for h in js_hits] == pytest.approx([h[1] for h in py_hits], rel=1e-12), q
    assert any(js), "every query found nothing: the comparison would be vacuous"


@pytest.mark.browser
@pytest.mark.book
def test_card_search_works_with_the_keyboard_alone(built_book, serve, browser):
    base = serve(built_book) + "/"
    page = browser.new_page()
    page.goto(base + "book/sources.html", wait_until="networkidle")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.type === 'search'"):
            break
    else:
        pytest.fail("the card search box cannot be reached with the Tab key")
    page.keyboard.type("Zarif tweet")
    page.keyboard.press("Enter")
    status = page.locator(".ml-cardsearch [role=status]")
    status.wait_for()
    page.wait_for_function("document.querySelector('.ml-cardsearch [role=status]').textContent.length > 0")
    assert "found for “Zarif tweet”" in status.inner_text()
    first = page.locator(".ml-cs-results li a").first
    assert first.get_attribute("href").startswith("#SC-")
    page.close()
