"""The book builds from scratch, fails loudly, and leaves instructors' files out."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from medialit import corpus
from medialit.build import jupyter_book_command, leaked_solutions

from .helpers import ROOT

pytestmark = pytest.mark.book


def test_book_builds_from_scratch(built_book):
    for page in ("index.html", "book/intro.html", "book/case-studies.html",
                 "book/instructors.html", "book/credits.html", "exercises/00-start-here.html"):
        assert (built_book / page).is_file(), page


def test_no_file_from_solutions_reaches_the_book(built_book):
    assert any((ROOT / "solutions").iterdir()), "solutions/ is empty: this test would pass vacuously"
    assert leaked_solutions(built_book) == []
    marker = "INSTRUCTORS-ONLY-7f3a"  # stands in solutions/README.md
    assert marker in (ROOT / "solutions" / "README.md").read_text(encoding="utf-8")
    for f in built_book.rglob("*"):
        if f.is_file() and f.suffix in {".html", ".js", ".txt", ".json", ".ipynb", ".md"}:
            assert marker not in f.read_text(encoding="utf-8", errors="replace"), f


def test_case_studies_page_has_every_paragraph_as_an_anchor(built_book):
    html = (built_book / "book" / "case-studies.html").read_text(encoding="utf-8")
    for art in corpus.articles().values():
        for p in art.paragraphs:
            assert f'id="{p.id}"' in html, p.id
    assert "\u03a4hat label is now gone" in html  # the Greek Tau survives, verbatim


def test_no_button_leads_to_the_placeholder_repository(built_book):
    """_config.yml ships with a placeholder repository address, where no repository lives: the
    book shows no Binder or repository button until a host sets its own (the launch buttons
    themselves are tested on a released copy, which has a real address: test_release.py)."""
    from medialit.sphinxext import PLACEHOLDER_REPO

    assert PLACEHOLDER_REPO in (ROOT / "_config.yml").read_text(encoding="utf-8")
    owner_repo = PLACEHOLDER_REPO.split("/", 1)[1]
    for page in built_book.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert f'href="https://github.com/{owner_repo}' not in html, page
        assert f"mybinder.org/v2/gh/{owner_repo}" not in html, page


def test_pages_reference_no_other_host(built_book):
    """Static check beside the browser one: no script, stylesheet, image or font from elsewhere."""
    pattern = re.compile(r'<(?:script|link|img|iframe|source)\b[^>]*?(?:src|href)="(https?:)?//', re.I)
    for page in built_book.rglob("*.html"):
        if "_static" in page.parts:
            continue
        hits = pattern.findall(page.read_text(encoding="utf-8"))
        assert not hits, f"{page}: loads from another host"


def _mini_kit(tmp_path):
    """A small book with the kit's configuration, one page and one notebook, to break on purpose."""
    kit = tmp_path / "kit"
    (kit / "book").mkdir(parents=True)
    (kit / "exercises").mkdir()
    shutil.copy(ROOT / "_config.yml", kit / "_config.yml")
    (kit / "_toc.yml").write_text(
        "format: jb-book\nroot: book/intro\nchapters:\n  - file: book/credits\n"
        "  - file: exercises/00-start-here\n", encoding="utf-8")
    (kit / "book" / "intro.md").write_text("# A small book\n\nSee {doc}`credits`.\n", encoding="utf-8")
    (kit / "book" / "credits.md").write_text("# Credits\n\nNothing here.\n", encoding="utf-8")
    shutil.copytree(ROOT / "book" / "extra", kit / "book" / "extra")
    shutil.copytree(ROOT / "book" / "images", kit / "book" / "images")
    shutil.copy(ROOT / "exercises" / "00-start-here.ipynb", kit / "exercises")
    shutil.copytree(ROOT / "seeds", kit / "seeds")
    return kit


def test_the_small_book_builds_cleanly(tmp_path):
    """The control for the two tests below: unbroken, the small book builds."""
    kit = _mini_kit(tmp_path)
    res = subprocess.run([*jupyter_book_command(), "build", str(kit), "--warningiserror",
                          "--nitpick", "--keep-going"], capture_output=True, text=True, cwd=kit)
    assert res.returncode == 0, (res.stdout + res.stderr)[-3000:]


def test_a_notebook_error_fails_the_build(tmp_path):
    kit = _mini_kit(tmp_path)
    import nbformat

    nb = nbformat.read(kit / "exercises" / "00-start-here.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("raise ValueError('broken on purpose')"))
    nbformat.write(nb, kit / "exercises" / "00-start-here.ipynb")
    res = subprocess.run([*jupyter_book_command(), "build", str(kit), "--warningiserror",
                          "--keep-going"], capture_output=True, text=True, cwd=kit)
    assert res.returncode != 0
    assert "broken on purpose" in res.stdout + res.stderr


def test_a_sphinx_warning_fails_the_build(tmp_path):
    kit = _mini_kit(tmp_path)
    page = kit / "book" / "credits.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{doc}`no-such-page`\n", encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "medialit", "build", "--out", str(tmp_path / "o")],
                         capture_output=True, text=True, cwd=kit, env={**__import__("os").environ,
                                                                        "MEDIALIT_ROOT": str(kit)})
    assert res.returncode == 2
    assert "The book did not build" in res.stderr
    assert "no-such-page" in res.stdout + res.stderr


def test_a_changed_exercise_bank_or_corpus_refreshes_the_book(tmp_path):
    """Jupyter Book caches a notebook's outputs by its code alone; the kit's build notices when
    the package (exercise banks included) or the corpus changed, and re-executes everything."""
    import os

    from medialit.build import inputs_digest

    pkg = tmp_path / "medialit"
    shutil.copytree(ROOT / "medialit", pkg, ignore=shutil.ignore_patterns("__pycache__"))
    before = inputs_digest(ROOT, pkg)
    bank = pkg / "exercises" / "bank" / "gallery.json"
    bank.write_text(bank.read_text(encoding="utf-8").replace("Who runs the outlet?", "Who runs it?"), encoding="utf-8")
    assert inputs_digest(ROOT, pkg) != before
    # The build: a stamp that no longer matches empties the execution cache and rebuilds all.
    kit = _mini_kit(tmp_path)
    env = {**os.environ, "MEDIALIT_ROOT": str(kit)}
    out = tmp_path / "o"
    run = lambda: subprocess.run([sys.executable, "-m", "medialit", "build", "--out", str(out)],
                                 capture_output=True, text=True, cwd=kit, env=env)
    res = run()
    assert res.returncode == 0, (res.stdout + res.stderr)[-2000:]
    stamp = out / "_build" / ".medialit-inputs"
    assert stamp.read_text().strip() == inputs_digest(kit)
    res = run()
    said = res.stdout + res.stderr
    # Nothing changed: the cache serves (no run before the build, none by Jupyter Book).
    assert "Executing" not in said and "executed" not in said
    stamp.write_text("an older kit\n")
    res = run()
    assert res.returncode == 0 and "executed 1 notebook(s) in parallel" in res.stdout + res.stderr
    assert stamp.read_text().strip() == inputs_digest(kit)


def test_notebooks_run_in_parallel_before_the_build_and_the_build_uses_them(tmp_path):
    """prebuild.pre_execute stores every notebook the cache lacks; Jupyter Book then executes
    none itself. A notebook that fails is not stored, and the kit's build still stops on it."""
    import nbformat

    from medialit.prebuild import pre_execute

    kit = _mini_kit(tmp_path)
    nb = nbformat.read(kit / "exercises" / "00-start-here.ipynb", as_version=4)
    twin = kit / "exercises" / "twin.ipynb"
    nb.cells.append(nbformat.v4.new_code_cell("print('the twin')"))  # a second, different notebook
    nbformat.write(nb, twin)
    (kit / "_toc.yml").write_text((kit / "_toc.yml").read_text(encoding="utf-8") + "  - file: exercises/twin\n",
                                  encoding="utf-8")
    cache = kit / "_build" / ".jupyter_cache"
    env = {"MEDIALIT_ANSWERS": str(tmp_path / "answers.json")}
    done = {"executed": 0, "failed": 0, "skipped": False}
    assert pre_execute(kit, cache, workers=2, env=env) == {**done, "cached": 0, "executed": 2}
    # Nothing changed, or only a plain page: nothing looked at. A notebook touched: looked up,
    # found cached.
    assert pre_execute(kit, cache, workers=2, env=env) == {**done, "cached": 0, "skipped": True}
    import time

    later = time.time() + 5
    os.utime(kit / "book" / "intro.md", (later, later))
    assert pre_execute(kit, cache, workers=2, env=env) == {**done, "cached": 0, "skipped": True}
    os.utime(kit / "exercises" / "00-start-here.ipynb", (later, later))
    assert pre_execute(kit, cache, workers=2, env=env) == {**done, "cached": 2}
    res = subprocess.run([*jupyter_book_command(), "build", str(kit), "--warningiserror", "--keep-going"],
                         capture_output=True, text=True, cwd=kit, env={**os.environ, **env})
    out = res.stdout + res.stderr
    assert res.returncode == 0, out[-3000:]
    assert out.count("Using cached notebook") == 2 and "Executing notebook" not in out
    assert "the twin" in (kit / "_build" / "html" / "exercises" / "twin.html").read_text(encoding="utf-8")
    # Broken: not stored; the kit's build executes it again and stops with its error.
    nb.cells.append(nbformat.v4.new_code_cell("raise ValueError('broken on purpose')"))
    nbformat.write(nb, twin)
    os.utime(twin, (later + 5, later + 5))
    assert pre_execute(kit, cache, workers=2, env=env) == {**done, "cached": 1, "failed": 1}
    res = subprocess.run([sys.executable, "-m", "medialit", "build", "--out", str(tmp_path / "out")],
                         capture_output=True, text=True, cwd=kit, env={**os.environ, "MEDIALIT_ROOT": str(kit)})
    assert res.returncode == 2 and "The book did not build" in res.stderr
    assert "broken on purpose" in res.stdout + res.stderr
