"""Shared fixtures: the repository, a fresh build of the book, a browser, a network cut."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from .helpers import ROOT  # noqa: E402,F401  (re-exported for the tests)
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


def skip_or_fail(reason: str):
    """Outside CI a missing tool skips with a hint; in CI it fails."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true, so this fails instead of skipping)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """The book built from scratch into a temporary folder; returns its html folder."""
    from medialit.build import build_book

    out = tmp_path_factory.mktemp("book")
    return build_book(out, quiet=True)


# --- network cut -------------------------------------------------------------------------

def netcut_prefix() -> list[str]:
    """A command prefix that runs a command in a new network namespace with only loopback.

    As root (CI): ``unshare --net``. Otherwise an unprivileged user namespace is tried.
    """
    unshare = shutil.which("unshare")
    ip = shutil.which("ip") or "/usr/sbin/ip"
    if not unshare or not Path(ip).exists():
        skip_or_fail("the network-cut tests need 'unshare' (util-linux) and 'ip' (iproute2)")
    base = [unshare, "--net"] if os.geteuid() == 0 else [unshare, "--net", "--map-root-user"]
    probe = subprocess.run([*base, ip, "link", "set", "lo", "up"], capture_output=True, text=True)
    if probe.returncode != 0:
        skip_or_fail(f"cannot create a network namespace here: {probe.stderr.strip()}")
    return [*base, "sh", "-c", f'{ip} link set lo up && exec "$@"', "netcut"]


@pytest.fixture(scope="session")
def netcut() -> list[str]:
    return netcut_prefix()


# --- serving and browsing the built book -----------------------------------------------

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture(scope="session")
def serve():
    """serve(folder) -> base URL on 127.0.0.1; servers stop at the end of the session."""
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        servers.append(srv)
        return f"http://127.0.0.1:{srv.server_port}"

    yield start
    for srv in servers:
        srv.shutdown()


def find_chromium() -> str | None:
    env = os.environ.get("MEDIALIT_CHROMIUM")
    if env:
        return env
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser():
    exe = find_chromium()
    if not exe:
        skip_or_fail(
            "no Chromium found: install Debian's package (sudo apt-get install chromium) or set "
            "MEDIALIT_CHROMIUM to a Chromium binary"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("playwright is not installed: run ./kit test, which installs requirements-test.txt")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, args=CHROMIUM_FLAGS)
        yield b
        b.close()
