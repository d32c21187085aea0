"""The built book in a real browser: every page, at the site root and under a subpath.

For each page: no console error, no request to any host but the book's own, no serious or
critical axe-core violation, and every internal link (and its #fragment) resolves.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urldefrag, urljoin, urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.book]

SUBPATH = "mek-albania-course"  # GitHub Pages serves a project site at /<repository>/
# Rules that axe-core ships off by default but the book must still pass.
AXE_OPTIONS = {"rules": {"label-content-name-mismatch": {"enabled": True}}}


def book_pages(html):
    return sorted(str(p.relative_to(html)) for p in html.rglob("*.html") if "_static" not in p.parts)


@pytest.fixture(scope="module", params=["root", "subpath"])
def site(request, built_book, serve, tmp_path_factory):
    """The built book served at / or at /<SUBPATH>/; returns (base_url, html_folder)."""
    if request.param == "root":
        return serve(built_book) + "/", built_book
    holder = tmp_path_factory.mktemp("pages")
    (holder / SUBPATH).symlink_to(built_book, target_is_directory=True)
    return f"{serve(holder)}/{SUBPATH}/", built_book


def _status(url, cache):
    if url not in cache:
        try:
            with urllib.request.urlopen(url, timeout=10) as resp:
                cache[url] = (resp.status, resp.read().decode("utf-8", errors="replace"))
        except urllib.error.HTTPError as exc:
            cache[url] = (exc.code, "")
    return cache[url]


def test_every_page_is_clean(site, browser):
    from axe_playwright_python.sync_playwright import Axe

    base, html = site
    host = urlparse(base).netloc
    pages = book_pages(html)
    assert len(pages) >= 5
    axe = Axe()
    problems, fetched = [], {}
    for rel in pages:
        page = browser.new_page()
        errors, foreign = [], []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("response", lambda r: r.status >= 400 and errors.append(f"{r.status} {r.url}"))
        page.on("request", lambda r: urlparse(r.url).scheme in ("http", "https", "ws", "wss")
                and urlparse(r.url).netloc != host and foreign.append(r.url))
        page.goto(base + rel, wait_until="networkidle")
        page.wait_for_timeout(200)
        # Console errors and requests are read before axe runs: axe fetches stylesheets itself.
        if errors:
            problems.append(f"{rel}: console errors {errors}")
        if foreign:
            problems.append(f"{rel}: requests to other hosts {foreign}")
        result = axe.run(page, options=AXE_OPTIONS)
        for v in result.response["violations"]:
            if v["impact"] in ("serious", "critical"):
                targets = [n["target"] for n in v["nodes"]][:3]
                problems.append(f"{rel}: axe {v['impact']} {v['id']} at {targets}")
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        page.close()
        for href in hrefs:
            url, frag = urldefrag(href)
            if urlparse(url).netloc != host:
                continue
            if not url.startswith(base):
                problems.append(f"{rel}: link leaves the book's folder: {href}")
                continue
            status, body = _status(url, fetched)
            if status != 200:
                problems.append(f"{rel}: broken link {href} ({status})")
            elif frag and f'id="{frag}"' not in body:
                problems.append(f"{rel}: link to a missing anchor {href}")
    assert not problems, "\n".join(problems)


def test_paragraph_links_work_in_the_browser(site, browser):
    """A lesson's link to case-studies.html#A-P08 scrolls to and highlights that paragraph."""
    base, _ = site
    page = browser.new_page()
    page.goto(urljoin(base, "book/case-studies.html#A-P08"), wait_until="networkidle")
    target = page.locator("#A-P08")
    assert "instigated a coup in 1998" in target.inner_text()
    assert target.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    page.close()


QUERIES = ["terrorist list 2012", "Kerry Tirana UNHCR", "Albania census religion", "Zarif tweet",
           "Ehsan Bidi asylum", "Giuliani speech Villepinte", "protected persons Geneva",
           "Mossad nuclear scientists", "cult", "", "Mujahedin-e Khalq designation",
           "Élections Manëz", "listed listings LISTING", "qwxzv"]
TOKEN_SAMPLES = ["Mujahedin-e Khalq’s “delisting”", "Manëz, Dyrrhachion (Durrës)", "\u03a4hat label",
                 "protected persons — Geneva Convention", "Ashraf 3, 2016-2019", "classes countries news"]


def test_card_search_ranks_in_javascript_as_in_python(site, browser):
    """One index file, two implementations: same tokens, same ranking, same scores."""
    import json

    from medialit.search import search, tokens

    base, html = site
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


def test_card_search_works_with_the_keyboard_alone(site, browser):
    base, _ = site
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
