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


SHOW_FEEDBACK = """async () => {
  // Give every exercise some answer (the first choice of each group, the second option of each
  // list, a word marked, "1" typed), press Check, then "Show the answer", so the feedback's
  // colours are on the page when axe looks. Assessment exercises are left alone.
  const tick = () => new Promise((r) => setTimeout(r, 20));
  for (const sec of document.querySelectorAll('section[data-exercise]')) {
    const check = sec.querySelector('.ml-ex-check');
    if (!check || /Submit/.test(check.textContent)) continue;
    const groups = new Set();
    for (const r of sec.querySelectorAll('input[type=radio]')) {
      if (!groups.has(r.name)) { groups.add(r.name); r.click(); }
    }
    const box = sec.querySelector('input[type=checkbox]'); if (box) box.click();
    for (const sel of sec.querySelectorAll('select')) {
      if (sel.options.length > 1) { sel.selectedIndex = 1; sel.dispatchEvent(new Event('change', { bubbles: true })); }
    }
    for (const t of sec.querySelectorAll('input[type=text], input:not([type]), textarea')) {
      t.value = '1'; t.dispatchEvent(new Event('input', { bubbles: true })); t.dispatchEvent(new Event('change', { bubbles: true }));
    }
    const word = sec.querySelector('.ml-ex-word'); if (word) word.click();
    check.click(); await tick();
    const reveal = sec.querySelector('.ml-ex-reveal:not([hidden])'); if (reveal) { reveal.click(); await tick(); }
  }
  return document.querySelectorAll('section[data-exercise] .ml-ex-items li, section[data-exercise] .ml-ex-error').length;
}"""


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_colour_contrast_in_both_modes_with_feedback_shown(built_book, serve, browser, mode):
    """axe's colour-contrast rule passes on every page in the light and the dark mode, with the
    exercises' feedback and answers showing."""
    from axe_playwright_python.sync_playwright import Axe

    base = serve(built_book) + "/"
    axe = Axe()
    problems, shown = [], 0
    page = browser.new_page(color_scheme=mode)
    for rel in book_pages(built_book):
        page.goto(base + rel, wait_until="networkidle")
        assert page.evaluate("document.documentElement.dataset.theme") == mode, rel
        shown += page.evaluate(SHOW_FEEDBACK)
        result = axe.run(page, options={"runOnly": {"type": "rule", "values": ["color-contrast"]}})
        for v in result.response["violations"]:
            for n in v["nodes"][:5]:
                problems.append(f"{rel} ({mode}): {n['target']} {n.get('failureSummary', '')[:160]}")
    page.close()
    assert shown > 50, "no feedback was shown: the test would pass vacuously"
    assert not problems, "\n".join(problems)


def test_no_page_scrolls_sideways_on_a_phone(built_book, serve, browser):
    """At 390 px wide nothing makes the page scroll sideways; a wide table scrolls inside its own
    labelled, focusable region instead."""
    base = serve(built_book) + "/"
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    problems = []
    for rel in book_pages(built_book):
        page.goto(base + rel, wait_until="networkidle")
        page.evaluate(SHOW_FEEDBACK)
        extra = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if extra > 0:
            wide = page.evaluate("""() => [...document.querySelectorAll('body *')].filter((el) => {
                const r = el.getBoundingClientRect(); return r.right > document.documentElement.clientWidth + 1;
              }).slice(0, 4).map((el) => el.tagName + '.' + el.className)""")
            problems.append(f"{rel}: scrolls sideways by {extra}px ({wide})")
        bad = page.evaluate("""() => [...document.querySelectorAll('table')].filter((t) => {
            const box = t.closest('.ml-scroll, .pst-scrollable-table-container, .cell_output .output.text_html');
            return t.scrollWidth > document.documentElement.clientWidth &&
              !(box && box.getAttribute('tabindex') === '0' && (box.getAttribute('aria-label') || box.getAttribute('aria-labelledby') || box.getAttribute('role')));
          }).length""")
        if bad:
            problems.append(f"{rel}: {bad} wide table(s) without a labelled, focusable scroll region")
    page.close()
    assert not problems, "\n".join(problems)


def test_pages_are_light_and_icons_still_drawn(built_book, serve, browser):
    """First load of every page: at most 1 MiB decoded and 300 KiB gzipped (files compressed as
    a web server would), Font Awesome's web fonts only as the few glyphs the theme's styles
    draw, and every icon drawn as inline SVG."""
    import gzip
    from urllib.parse import unquote

    base = serve(built_book) + "/"
    heavy = []
    for rel in book_pages(built_book):
        page = browser.new_page()
        urls = []
        page.on("requestfinished", lambda r: urls.append(r.url))
        page.goto(base + rel, wait_until="networkidle")
        left = page.locator("i[class*='fa-']").count()
        drawn = page.locator("svg.svg-inline--fa").count()
        page.close()
        files = [built_book / unquote(urlparse(u).path.lstrip("/")) for u in urls]
        files = [f / "index.html" if f.is_dir() else f for f in files]
        data = [f.read_bytes() for f in files if f.is_file()]
        decoded, zipped = sum(map(len, data)), sum(len(gzip.compress(d, 6)) for d in data)
        fonts = [f for f in files if f.suffix.startswith(".woff")]
        assert all(f.stat().st_size < 10_000 for f in fonts), f"{rel}: a whole web font was fetched: {fonts}"
        assert left == 0 and drawn >= 5, f"{rel}: {left} icon(s) not drawn, {drawn} drawn"
        if decoded > 1024 * 1024 or zipped > 300 * 1024:
            heavy.append(f"{rel}: {decoded // 1024} KiB decoded, {zipped // 1024} KiB gzipped")
    assert not heavy, "\n".join(heavy)
    assert (built_book / "_static" / "scripts" / "fontawesome.js").stat().st_size < 50_000
