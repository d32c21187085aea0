"""Every cited address has a recorded check against a stored copy; no page links a site the kit
warns about, or an address whose stored copy contradicts the citation."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from medialit.corpus.addresses import (CHECK_COLUMNS, cited_addresses, find_urls, recorded_checks,
                                       warned_sites, warning_for)
from medialit.sphinxext import address_html

from .helpers import ROOT


def test_every_cited_address_has_a_recorded_check():
    cited, recorded = cited_addresses(), recorded_checks()
    assert len(cited) > 100, "few addresses found: the gathering is broken and the test would be vacuous"
    missing = sorted(set(cited) - set(recorded))
    assert not missing, ("addresses cited with no row in seeds/address-checks.tsv "
                         "(check a stored copy and record it):\n" + "\n".join(missing))


def test_the_check_file_is_well_formed():
    text = (ROOT / "seeds" / "address-checks.tsv").read_text(encoding="utf-8")
    header, *rows = text.rstrip("\n").split("\n")
    assert header.split("\t") == CHECK_COLUMNS
    for n, row in enumerate(rows, start=2):
        cells = row.split("\t")
        assert len(cells) == len(CHECK_COLUMNS), f"address-checks.tsv:{n}: {len(cells)} fields"
        r = dict(zip(CHECK_COLUMNS, cells))
        assert r["found"] in ("yes", "no") and r["matches"] in ("yes", "no", "unknown"), n
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["checked"]), n
        assert (r["found"] == "yes") == bool(r["title_seen"]), f"address-checks.tsv:{n}: title_seen and found"
        assert (r["found"] == "no") == (r["matches"] == "unknown"), n


def test_a_new_address_without_a_check_is_caught(monkeypatch):
    """The control: an address added to a page shows up as unchecked."""
    from medialit.corpus import addresses

    real = addresses._texts
    monkeypatch.setattr(addresses, "_texts", lambda: real() + [("book/new.md", "See https://example.net/new-page.")])
    assert "https://example.net/new-page" in set(cited_addresses()) - set(recorded_checks())


def test_warned_sites_are_shown_as_text():
    assert "fashthenation.com" in warned_sites()
    url = "http://fashthenation.com/2019/09/x/"
    assert warning_for(url) and warning_for("https://www.fashthenation.com/") and not warning_for("https://rferl.org/")
    out = address_html(url)
    assert "<a " not in out and "fashthenation.com/2019/09/x/" in out and "white-supremacist" in out
    assert address_html("https://www.rferl.org/a/1.html").startswith('<a href="https://www.rferl.org/a/1.html"')
    assert find_urls("(see <http://a.org/x>).") == ["http://a.org/x"]


@pytest.mark.book
def test_no_built_page_links_a_warned_or_contradicted_address(built_book):
    contradicted = {u for u, r in recorded_checks().items() if r["matches"] == "no"}
    hrefs = re.compile(r'<a\b[^>]*\bhref="([^"]+)"', re.I)
    bad = []
    pages = [p for p in built_book.rglob("*.html") if "_static" not in p.parts]
    for page in pages:
        for href in hrefs.findall(page.read_text(encoding="utf-8")):
            href = href.replace("&amp;", "&")
            if not urlparse(href).scheme.startswith("http"):
                continue
            if warning_for(href) or href in contradicted:
                bad.append(f"{page.relative_to(built_book)}: {href}")
    assert len(pages) > 10
    assert not bad, "\n".join(bad)
