"""The student copy: no keys anywhere, still checks answers; the instructor's whole path."""

from __future__ import annotations

import csv
import os
import subprocess
import sys

import pytest

from medialit.instructor.release import release

from .helpers import ROOT, forms, key_strings

KEYS = ROOT / "solutions"
STUDENT_REPO = "https://github.com/example-school/kit-student"


def _rows(out):
    with open(out / "gradebook.csv", encoding="utf-8") as fh:
        return {r["file"]: r for r in csv.DictReader(fh)}


def test_release_has_no_solutions_and_no_keys(tmp_path):
    out = tmp_path / "student"
    release(out, repo_url=STUDENT_REPO)
    assert not (out / "solutions").exists()
    assert not list(out.rglob("*.ipynb")) or all("solutions" not in p.parts for p in out.rglob("*.ipynb"))
    assert (out / "medialit" / "exercises" / "bank" / "gallery.json").exists()
    keys = key_strings(corpus=False)
    for f in out.rglob("*"):
        if f.is_file() and f.suffix in {".json", ".yaml", ".yml", ".md", ".ipynb", ".py", ".js", ".tsv", ".txt", ".html"}:
            text = f.read_text(encoding="utf-8", errors="replace")
            for k in keys:
                for form in forms(k):
                    assert form not in text, f"{f.relative_to(out)} holds a key"
    # The released copy still checks answers, with no solutions/ anywhere near it.
    env = {**os.environ, "MEDIALIT_ROOT": str(out), "PYTHONPATH": str(out), "MEDIALIT_ANSWERS": str(tmp_path / "a.json")}
    code = ("import medialit, sys; assert str(medialit.__file__).startswith(sys.argv[1]), medialit.__file__\n"
            "from medialit.exercises import check; r = check('G-07', 37); assert r.score == 1.0, r; print('OK')")
    res = subprocess.run([sys.executable, "-c", code, str(out)], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert "OK" in res.stdout, res.stdout + res.stderr


def test_release_never_deletes_what_it_did_not_write(tmp_path):
    from medialit.errors import KitError

    with pytest.raises(KitError, match="outside the kit"):
        release(ROOT.parent, force=True, no_repo=True)  # a folder that contains the kit
    other = tmp_path / "precious"
    other.mkdir()
    (other / "thesis.docx").write_text("years of work", encoding="utf-8")
    with pytest.raises(KitError, match="not written by 'medialit release'"):
        release(other, force=True, no_repo=True)
    assert (other / "thesis.docx").exists()
    out = tmp_path / "student"
    release(out, no_repo=True)
    release(out, force=True, no_repo=True)  # an earlier release may be replaced
    assert (out / ".medialit-release").exists()


@pytest.mark.book
@pytest.mark.browser
def test_release_answer_live_and_static_then_grade(tmp_path, serve, browser):
    """The instructor's whole path: release, students answer (notebook and book), grade."""
    out = tmp_path / "student"
    release(out, repo_url=STUDENT_REPO)
    env = {**os.environ, "MEDIALIT_ROOT": str(out), "PYTHONPATH": str(out)}
    res = subprocess.run([sys.executable, "-m", "medialit", "build", "--out", str(tmp_path / "b")],
                         cwd=out, env=env, capture_output=True, text=True, timeout=900)
    assert res.returncode == 0, (res.stdout + res.stderr)[-3000:]
    html = tmp_path / "b" / "_build" / "html"
    assert (html / "book" / "gallery.html").exists()
    assert not (html / "book" / "grading.html").exists() and not list(html.rglob("*-teacher.html"))
    assert not (out / "book" / "grading-example").exists()
    _launch_buttons_open_student_notebooks(html, out)
    hand = tmp_path / "handins"
    hand.mkdir()
    # A student in a notebook of the released copy.
    code = ("from medialit.exercises import check, set_student\n"
            "set_student('Live Student'); check('G-07', 37); check('G-01', 'a')")
    res = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                         env={**env, "MEDIALIT_ANSWERS": str(hand / "live.json")})
    assert res.returncode == 0, res.stderr
    # A student in the released book, in the browser.
    page = browser.new_page()
    page.goto(serve(html) + "/book/gallery.html", wait_until="networkidle")
    g1 = page.locator('section[data-exercise="G-01"]')
    g1.locator("label", has_text="Iranian state body").click()
    g1.locator(".ml-ex-check").click()
    page.locator(".ml-ex-toolbar input[autocomplete=name]").fill("Static Student")
    with page.expect_download() as dl:
        page.locator(".ml-ex-toolbar button", has_text="Download my answers").click()
    dl.value.save_as(hand / "static.json")
    page.close()
    # The instructor grades both with the keys kept back from the release.
    res = subprocess.run([sys.executable, "-m", "medialit", "grade", str(hand), "--keys", str(KEYS),
                          "-o", str(tmp_path / "grading"), "--sets", "gallery"], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    rows = _rows(tmp_path / "grading")
    assert rows["live.json"]["student"] == "Live Student" and float(rows["live.json"]["G-07"]) == 1.0
    assert float(rows["live.json"]["G-01"]) == 0.0
    assert rows["static.json"]["student"] == "Static Student" and float(rows["static.json"]["G-01"]) == 1.0
    assert (tmp_path / "grading" / "feedback" / "Static_Student.md").exists()


def _cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "medialit", "release", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)


def test_release_needs_the_student_repository_address(tmp_path):
    """Without an address, the student book's buttons would lead to the public kit (and its keys)."""
    import yaml

    public = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["repository"]["url"]
    res = _cli(tmp_path / "a")
    assert res.returncode == 2 and "--repo-url" in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "a").exists()
    res = _cli(tmp_path / "b", "--repo-url", public + "/")
    assert res.returncode == 2 and "public kit" in res.stderr and not (tmp_path / "b").exists()
    res = _cli(tmp_path / "c", "--repo-url", "javascript:alert(1)")
    assert res.returncode == 2 and "web address" in res.stderr
    res = _cli(tmp_path / "d", "--repo-url", STUDENT_REPO)
    assert res.returncode == 0, res.stderr
    assert STUDENT_REPO in res.stdout and "no solutions/" in res.stdout
    conf = yaml.safe_load((tmp_path / "d" / "_config.yml").read_text(encoding="utf-8"))
    assert conf["repository"]["url"] == STUDENT_REPO
    assert conf["html"]["use_repository_button"] is True
    assert public not in (tmp_path / "d" / "_config.yml").read_text(encoding="utf-8")
    assert not (tmp_path / "d" / "solutions").exists()
    res = _cli(tmp_path / "e", "--no-repo")
    assert res.returncode == 0, res.stderr
    text = (tmp_path / "e" / "_config.yml").read_text(encoding="utf-8")
    conf = yaml.safe_load(text)
    assert public not in text and not conf["repository"]["url"]
    assert conf["html"]["use_repository_button"] is False and not conf["launch_buttons"]["binderhub_url"]
    # The comments of the kit's _config.yml are kept.
    assert text.count("#") == (ROOT / "_config.yml").read_text(encoding="utf-8").count("#")


def test_a_student_copy_runs_its_own_kit_commands(tmp_path):
    """The copy has no requirements-test.txt: ./kit book still works there (its install check
    hashes the pins that exist), ./kit test says there are no tests, and the README is the
    student's, without the add-an-article page or the instructors' README."""
    import hashlib
    import os

    out = tmp_path / "copy"
    assert _cli(out, "--repo-url", STUDENT_REPO).returncode == 0
    assert not (out / "requirements-test.txt").exists() and not (out / "book" / "add-an-article.md").exists()
    assert "add-an-article" not in (out / "_toc.yml").read_text(encoding="utf-8")
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "student copy" in readme and STUDENT_REPO in readme and "solutions/" not in readme
    # A virtual environment already holding the pins (its stamp says so) whose python is the test's.
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    (venv / "bin" / "python").chmod(0o755)
    pins = b"".join((out / f).read_bytes() for f in ("requirements.txt", "pyproject.toml"))
    (venv / ".medialit-requirements.txt.stamp").write_text(hashlib.sha256(pins).hexdigest() + "\n")
    env = {**os.environ, "VIRTUAL_ENV": str(venv)}
    res = subprocess.run(["bash", "kit", "book", "--help"], cwd=out, env=env, capture_output=True, text=True,
                         stdin=subprocess.DEVNULL)
    assert res.returncode == 0 and "--out" in res.stdout, res.stderr
    res = subprocess.run(["bash", "kit", "test"], cwd=out, env=env, capture_output=True, text=True,
                         stdin=subprocess.DEVNULL)
    assert res.returncode == 2 and "no requirements-test.txt" in res.stderr


def _launch_buttons_open_student_notebooks(built_book, root):
    """The Binder button of a lesson page (and of a notebook page) leads to the generated student
    notebook (which Binder can run), and that notebook exists in the repository; never to the
    chapter's MyST source."""
    import re as _re
    from urllib.parse import parse_qs, unquote, urlparse

    from medialit.notebooks import lessons

    for lesson in lessons():
        html = (built_book / "book" / f"{lesson}.html").read_text(encoding="utf-8")
        links = [unquote(h) for h in _re.findall(r'href="(https://mybinder\.org/v2/gh/[^"]+)"', html.replace("&amp;", "&"))]
        assert links, f"{lesson}: no Binder button"
        for link in links:
            path = parse_qs(urlparse(link).query)["urlpath"][0].split("lab/tree/", 1)[1]
            assert path == f"exercises/{lesson}.ipynb", link
            assert (root / path).is_file()
        # The download button still offers the page's own source, which the build copies.
        for href in _re.findall(r'href="([^"]*_sources/[^"]+)"', html):
            assert (built_book / "book" / href).resolve().is_file(), href
    html = (built_book / "exercises" / "00-start-here.html").read_text(encoding="utf-8")
    assert "mybinder.org/v2/gh/example-school/kit-student" in html
    assert "urlpath=lab/tree/exercises/00-start-here.ipynb" in html
