"""Offline: the network cut is real, textstat needs no download, every notebook runs."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .helpers import ROOT

pytestmark = pytest.mark.network_cut

NOTEBOOK_DIRS = ("book", "exercises", "solutions")


def all_notebooks():
    found = []
    for folder in NOTEBOOK_DIRS:
        found += [p for p in (ROOT / folder).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts]
    return sorted(found)


def run_cut(netcut, code_or_args, *, cwd=ROOT, timeout=600):
    args = code_or_args if isinstance(code_or_args, list) else [sys.executable, "-c", code_or_args]
    return subprocess.run([*netcut, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)


def test_the_cut_is_real(netcut):
    """Inside the namespace an outside address is unreachable, loopback works."""
    code = (
        "import socket\n"
        "s = socket.socket(); s.settimeout(3)\n"
        "try:\n"
        "    s.connect(('1.1.1.1', 80)); print('REACHED')\n"
        "except OSError as e:\n"
        "    print('BLOCKED', e)\n"
        "srv = socket.socket(); srv.bind(('127.0.0.1', 0)); srv.listen()\n"
        "c = socket.create_connection(srv.getsockname(), timeout=3); print('LOOPBACK OK')\n"
    )
    res = run_cut(netcut, code)
    assert "BLOCKED" in res.stdout and "LOOPBACK OK" in res.stdout, res.stdout + res.stderr


def test_textstat_works_with_the_network_cut(netcut, tmp_path):
    """The readability figures need no download (textstat would fetch NLTK's cmudict)."""
    code = (
        "import medialit.readability as r\n"
        "from medialit import load_article\n"
        "s = r.scores(load_article('A').text)\n"
        "assert 5 < s['flesch_kincaid_grade'] < 20, s\n"
        "ts = r.offline_textstat()\n"
        "print('SYLLABLES', ts.syllable_count('Albania accepted the relocation'))\n"
    )
    # A fresh HOME: no NLTK data from earlier runs can help.
    res = subprocess.run([*netcut, "env", f"HOME={tmp_path}", "NLTK_DATA=/nonexistent",
                          sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "SYLLABLES" in res.stdout
    assert not (tmp_path / "nltk_data").exists()


def test_the_kit_has_notebooks():
    assert all_notebooks(), "no notebooks found: the notebook test would pass vacuously"


def test_every_notebook_executes_offline(netcut):
    notebooks = [str(p.relative_to(ROOT)) for p in all_notebooks()]
    res = run_cut(netcut, [sys.executable, str(ROOT / "tests" / "run_notebooks.py"), *notebooks])
    assert res.returncode == 0, res.stdout[-4000:] + res.stderr[-4000:]
    assert res.stdout.count("ok   ") == len(notebooks)
