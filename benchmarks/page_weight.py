"""Print what each page of the built book costs a reader on first load, beside a default
Jupyter Book page.

    python benchmarks/page_weight.py [BUILT_HTML_FOLDER]

For every page: the requests Chromium makes on first load (cache empty), the bytes they decode
to, and the bytes they would take gzipped (each file compressed at level 6, as a web server
would). Targets: at most 1 MiB decoded and 300 KiB gzipped for the heaviest page. Without a
folder, the book is built into a temporary one first.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

sys.path.insert(0, str(Path(__file__).parent))
from build_time import jb_build, minimal_book  # noqa: E402


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a browser that closes a connection early is not news


def serve(folder: Path) -> str:
    srv = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{srv.server_port}/"


def weigh(browser, base: str, folder: Path, rel: str) -> tuple[int, int, int]:
    page = browser.new_page()
    urls: list[str] = []
    page.on("requestfinished", lambda r: urls.append(r.url))
    page.goto(base + rel, wait_until="networkidle")
    page.close()
    decoded = zipped = 0
    for url in urls:
        path = urlparse(url).path
        f = folder / unquote(path.lstrip("/"))
        if f.is_dir():
            f = f / "index.html"
        if f.is_file():
            data = f.read_bytes()
            decoded += len(data)
            zipped += len(gzip.compress(data, 6))
    return len(urls), decoded, zipped


def main() -> None:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(Path(__file__).parents[1]))
    from tests.conftest import CHROMIUM_FLAGS, find_chromium

    with tempfile.TemporaryDirectory() as tmp:
        if len(sys.argv) > 1:
            html = Path(sys.argv[1])
        else:
            from medialit.build import build_book

            html = build_book(Path(tmp) / "kit", quiet=True)
        floor = Path(tmp) / "floor"
        floor.mkdir()
        minimal_book(floor, 2)
        jb_build(floor)
        pages = sorted(str(p.relative_to(html)) for p in html.rglob("*.html") if "_static" not in p.parts)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_FLAGS)
            base = serve(html)
            rows = [(rel, *weigh(browser, base, html, rel)) for rel in pages]
            fbase = serve(floor / "_build" / "html")
            fl = weigh(browser, fbase, floor / "_build" / "html", "page0.html")
            browser.close()
    print(f"{'page':42} {'requests':>8} {'decoded KiB':>12} {'gzipped KiB':>12}")
    for rel, n, dec, gz in sorted(rows, key=lambda r: -r[2]):
        print(f"{rel:42} {n:8d} {dec / 1024:12.0f} {gz / 1024:12.0f}")
    print(f"{'(a default Jupyter Book page)':42} {fl[0]:8d} {fl[1] / 1024:12.0f} {fl[2] / 1024:12.0f}")
    heavy = max(rows, key=lambda r: r[2])
    print(f"\nheaviest: {heavy[0]}, {heavy[2] / 1024:.0f} KiB decoded (target 1024), "
          f"{heavy[3] / 1024:.0f} KiB gzipped (target 300); "
          f"{heavy[2] / fl[1]:.2f}x a default Jupyter Book page")


if __name__ == "__main__":
    main()
