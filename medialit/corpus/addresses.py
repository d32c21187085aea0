"""Every web address the kit cites, and the record of checking each against a stored copy.

``seeds/address-checks.tsv`` holds one row per address: where it is cited, whether a stored
copy was found, the title seen there, whether it matches what the kit says the page is, and
the date. ``cited_addresses()`` gathers the addresses from the corpus, the book's pages, the
notebooks and the READMEs; a test fails when one has no row. ``seeds/warned-sites.yaml`` lists
sites whose address the kit shows as text, never as a link.
"""

from __future__ import annotations

import csv
import json
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

import yaml

from ..paths import repo_root, seeds_dir

CHECK_COLUMNS = ["url", "cited_in", "found", "title_seen", "matches", "checked", "note"]
# The kit's own placeholders, not citations.
SKIP = ("github.com/medialit-kit", "github.com/your-school", "mybinder.org", "example.edu", "example.com", "example.org",
        "localhost", "127.0.0.1")
_URL = re.compile(r"https?://[^\s<>\"\]\}`|\\]+")


def _clean(url: str) -> str:
    while True:
        short = url.rstrip(".,;:*_'")
        if short.endswith(")") and short.count("(") < short.count(")"):
            short = short[:-1]
        if short == url:
            return url
        url = short


def find_urls(text: str) -> list[str]:
    return [_clean(u) for u in _URL.findall(text)]


def _texts() -> list[tuple[str, str]]:
    """(where, text) of every file that may cite an address."""
    root = repo_root()
    out = []
    for path in sorted(seeds_dir().glob("cards_*.yaml")) + sorted(seeds_dir().glob("*.yml")) + \
            [seeds_dir() / "profiles.yaml", seeds_dir() / "README.md", root / "README.md"] + \
            sorted((root / "book").glob("*.md")):
        if path.is_file():
            out.append((path.relative_to(root).as_posix(), path.read_text(encoding="utf-8")))
    for folder in ("book", "exercises"):
        for path in sorted((root / folder).glob("*.ipynb")):
            nb = json.loads(path.read_text(encoding="utf-8"))
            text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
            out.append((path.relative_to(root).as_posix(), text))
    return out


def cited_addresses() -> dict[str, list[str]]:
    """Every address cited, with the files that cite it."""
    found: dict[str, list[str]] = {}
    for where, text in _texts():
        for url in find_urls(text):
            if any(s in url for s in SKIP):
                continue
            places = found.setdefault(url, [])
            if where not in places:
                places.append(where)
    return found


def recorded_checks() -> dict[str, dict]:
    """The rows of ``seeds/address-checks.tsv``, by address."""
    path = seeds_dir() / "address-checks.tsv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return {r["url"]: r for r in rows}


@lru_cache(maxsize=4)
def _warned(folder: str) -> tuple[tuple[str, str], ...]:
    data = yaml.safe_load((Path(folder) / "warned-sites.yaml").read_text(encoding="utf-8")) or []
    return tuple((str(d["host"]).lower(), " ".join(str(d["reason"]).split())) for d in data)


def warned_sites() -> dict[str, str]:
    """Host to the reason the kit shows its addresses as text, never as links."""
    return dict(_warned(str(seeds_dir())))


def warning_for(url: str) -> str | None:
    """The reason not to link ``url``, or None if it may be linked."""
    host = (urlparse(str(url)).hostname or "").lower()
    for warned, reason in warned_sites().items():
        if host == warned or host.endswith("." + warned):
            return reason
    return None
