"""The capstone (issue 23): students check an added article on their own.

A teacher's whole way, on a temporary copy of the kit: ``article add``, annotate, ``article
exercises``, ``article capstone`` (page, notebooks, table of contents), build a small book,
answer in Chromium (served and from disk, by keyboard alone), download, grade, score the
written fact-check in the rubric CSV and read it back. Faster tests check the page, the
refusals, ``--force``/``--no-toc`` and ``article remove``.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from medialit import capstone
from medialit.corpus import texts

from .helpers import ROOT, cell_outputs_text, run_notebook, tab_to
from .test_article import ONE, SCRIPT, add, annotate, changed, cli, kit, tree  # noqa: F401 (fixture)


# --- in-process, on a copy of the kit's data -------------------------------------------------------------

@pytest.fixture
def capkit(kit):
    """The ``kit`` of test_article with the table of contents and the folders a capstone writes."""
    shutil.copy(ROOT / "_toc.yml", kit / "_toc.yml")
    for name in ("book", "exercises"):
        (kit / name).mkdir(exist_ok=True)
    return kit


def _ready(capsys, tmp_path, root, fx=ONE):
    rc, _, err = add(capsys, tmp_path, fx)
    assert rc == 0, err
    annotate(root, fx)
    rc, _, err = cli(capsys, "article", "exercises", fx.key)
    assert rc == 0, err


def _sets(root, key):
    return yaml.safe_load((root / "solutions" / "exercises" / f"{key.lower()}.yaml").read_text(encoding="utf-8"))


def test_capstone_page_notebooks_and_toc(capkit, capsys, tmp_path):
    _ready(capsys, tmp_path, capkit)
    toc_before = (capkit / "_toc.yml").read_text(encoding="utf-8")
    before = tree(capkit)
    rc, out, err = cli(capsys, "article", "capstone", "ONE")
    assert rc == 0, err
    assert changed(before, tree(capkit)) == {
        "book/capstone-one.md", "exercises/capstone-one.ipynb", "solutions/capstone-one.ipynb", "_toc.yml",
        "medialit/exercises/bank/one.json"}
    assert "Wrote book/capstone-one.md" in out and "listed it in _toc.yml" in out

    page = (capkit / "book" / "capstone-one.md").read_text(encoding="utf-8")
    defs = _sets(capkit, "ONE")["exercises"]
    shown = re.findall(r'^show\("([^"]+)"\)$', page, re.M)
    assert sorted(shown) == sorted(d["id"] for d in defs)  # every exercise, once
    # The four skills in turn, then the written fact-check, in that order on the page.
    headings = re.findall(r"^## (.+)$", page, re.M)
    assert headings == ["The article", "1. Who is behind it?", "2. Who does it credit?",
                        "3. Words that do the arguing", "4. Claims to check", "5. Your fact-check",
                        "When you are done"]
    order = {d["id"]: capstone.section_of(d) for d in defs}
    rank = [k for k, _, _ in capstone.SECTIONS]
    assert [rank.index(order[i]) for i in shown] == sorted(rank.index(order[i]) for i in shown)
    assert 'show_article("ONE")' in page  # a code cell: the notebook shows the article too
    # The written fact-check: four open answers on 0-4 rubrics, shown to students before they write;
    # part 3 (loaded words, checked in the text) has levels of its own, the others share theirs.
    fact = [d for d in defs if d["type"] == "open"]
    assert len(fact) == 4 and all([lvl["score"] for lvl in d["rubric"]] == [0, 1, 2, 3, 4] for d in fact)
    assert fact[0]["rubric"] == fact[1]["rubric"] == fact[3]["rubric"] != fact[2]["rubric"]
    ids = [d["id"] for d in fact]
    shared = f'rubric("{ids[0]}", "{ids[1]}", "{ids[3]}")'
    assert page.index(shared) < page.index(f'show("{ids[0]}")')
    assert page.index(f'show("{ids[1]}")') < page.index(f'rubric("{ids[2]}")') < page.index(f'show("{ids[2]}")')
    assert page.count("rubric(") == 2  # each rubric once
    # Its prose is for 15-18 year olds, like the lessons'.
    from medialit.prose import prose_of
    from medialit.readability import scores

    assert scores(prose_of(capkit / "book" / "capstone-one.md"))["flesch_kincaid_grade"] <= 9

    # The page is listed once, as a chapter right after lesson 4.
    toc = yaml.safe_load((capkit / "_toc.yml").read_text(encoding="utf-8"))
    files = [c["file"] for c in toc["parts"][0]["chapters"]]
    assert files[files.index("book/lesson4") + 1] == "book/capstone-one"
    assert (capkit / "_toc.yml").read_text(encoding="utf-8").replace("      - file: book/capstone-one\n", "") \
        == toc_before

    # The notebooks are what the generator gives (the lessons' test of the same), and solve each
    # exercise in the instructor's copy without retyping a key.
    from medialit import notebooks

    assert notebooks.lessons() == ["capstone-one"] and notebooks.stale_notebooks() == []
    student = (capkit / "exercises" / "capstone-one.ipynb").read_text(encoding="utf-8")
    solution = (capkit / "solutions" / "capstone-one.ipynb").read_text(encoding="utf-8")
    for d in defs:
        assert f'show(\\"{d["id"]}\\")' in student and f'solve(\\"{d["id"]}\\")' in solution


def test_a_second_capstone_needs_force_and_no_toc_leaves_the_toc(capkit, capsys, tmp_path):
    _ready(capsys, tmp_path, capkit)
    assert cli(capsys, "article", "capstone", "ONE")[0] == 0
    toc = (capkit / "_toc.yml").read_text(encoding="utf-8")
    before = tree(capkit)
    rc, out, err = cli(capsys, "article", "capstone", "ONE")
    assert rc == 2 and "--force" in err and "Traceback" not in err and tree(capkit) == before
    rc, out, err = cli(capsys, "article", "capstone", "ONE", "--force")
    assert rc == 0, err
    assert (capkit / "_toc.yml").read_text(encoding="utf-8") == toc  # listed once, not twice


def test_no_toc_and_a_title_with_markup(capkit, capsys, tmp_path):
    # --no-toc: the page and notebooks, the table of contents untouched, and the line to add printed.
    toc = (capkit / "_toc.yml").read_text(encoding="utf-8")
    _ready(capsys, tmp_path, capkit, SCRIPT)
    rc, out, err = cli(capsys, "article", "capstone", "SCRIPT", "--no-toc")
    assert rc == 0, err
    assert (capkit / "_toc.yml").read_text(encoding="utf-8") == toc
    assert "- file: book/capstone-script" in out
    # The title typed with markup reaches the page only through the escaping directive.
    page = (capkit / "book" / "capstone-script.md").read_text(encoding="utf-8")
    assert "<script>" not in page and "<b>" not in page


def test_refusals_say_what_to_do(capkit, capsys, tmp_path):
    rc, _, err = cli(capsys, "article", "capstone", "A")
    assert rc == 2 and "case stud" in err and "Traceback" not in err
    rc, _, err = add(capsys, tmp_path, ONE)
    annotate(capkit, ONE)
    before = tree(capkit)
    rc, _, err = cli(capsys, "article", "capstone", "ONE")
    assert rc == 2 and "article exercises ONE" in err and tree(capkit) == before
    assert cli(capsys, "article", "exercises", "ONE")[0] == 0
    # A set the teacher broke: the problems are listed and nothing is written.
    path = capkit / "solutions" / "exercises" / "one.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("type: single", "type: nonsense", 1), encoding="utf-8")
    before = tree(capkit)
    rc, _, err = cli(capsys, "article", "capstone", "ONE")
    assert rc == 2 and "one.yaml" in err and "nothing was written" in err and "Traceback" not in err
    assert tree(capkit) == before
    # A table of contents without lesson 4: the teacher is told the line to add.
    path.write_text(path.read_text(encoding="utf-8").replace("type: nonsense", "type: single", 1), encoding="utf-8")
    (capkit / "_toc.yml").write_text("format: jb-book\nroot: book/intro\n", encoding="utf-8")
    before = tree(capkit)
    rc, _, err = cli(capsys, "article", "capstone", "ONE")
    assert rc == 2 and "- file: book/capstone-one" in err and "--no-toc" in err
    assert {p for p in changed(before, tree(capkit)) if not p.startswith("medialit/")} == set()


def test_remove_takes_the_capstone_out(capkit, capsys, tmp_path):
    toc = (capkit / "_toc.yml").read_text(encoding="utf-8")
    _ready(capsys, tmp_path, capkit)
    assert cli(capsys, "article", "capstone", "ONE")[0] == 0
    rc, out, err = cli(capsys, "article", "remove", "ONE", "--yes")
    assert rc == 0, err
    assert "book/capstone-one.md" in out and "_toc.yml" in out
    for rel in ("book/capstone-one.md", "exercises/capstone-one.ipynb", "solutions/capstone-one.ipynb"):
        assert not (capkit / rel).exists(), rel
    assert (capkit / "_toc.yml").read_text(encoding="utf-8") == toc


def test_rubric_table_shows_levels_as_text(capkit, capsys, tmp_path):
    from medialit.exercises import rubric
    from medialit.exercises import model

    _ready(capsys, tmp_path, capkit)
    path = capkit / "solutions" / "exercises" / "one.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fact = [d for d in data["exercises"] if d["type"] == "open"][0]
    fact["rubric"][0]["text"] = "<script>alert(1)</script> & no effort"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert cli(capsys, "exercises", "one")[0] == 0
    model.bank_cache.cache_clear()
    table = rubric(fact["id"])._repr_html_()
    assert "<script>" not in table and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; no effort" in table
    assert table.count("<tr>") == 1 + 5
    with pytest.raises(Exception) as err:
        rubric(data["exercises"][0]["id"])
    assert "not an open exercise" in str(err.value)
    others = [d["id"] for d in data["exercises"] if d["type"] == "open"][1:]
    with pytest.raises(Exception) as err:  # the edited part no longer shares the others' levels
        rubric(fact["id"], *others)
    assert "other levels" in str(err.value)
    assert f"How your teacher scores {others[0]} and {others[2]}</caption>" in rubric(others[0], others[2])._repr_html_()


# --- the whole way, in a full copy of the kit: notebooks, a built book, Chromium, grading --------------------

def _copy_kit(dest: Path) -> Path:
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, files):
        src = ROOT / rel
        if src.is_file() and not rel.startswith(("tests/", "benchmarks/", ".")):
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


def _run(root: Path, *args, check=True):
    env = {**os.environ, "MEDIALIT_ROOT": str(root), "PYTHONPATH": str(root)}
    res = subprocess.run([sys.executable, "-m", "medialit", *map(str, args)], cwd=root, env=env,
                         capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=900)
    if check:
        assert res.returncode == 0, (res.stdout + res.stderr)[-3000:]
    return res


@pytest.fixture(scope="module")
def teacher_kit(tmp_path_factory):
    """A full copy of the kit in which a teacher added ONE's text and made its capstone."""
    root = _copy_kit(tmp_path_factory.mktemp("capstone") / "kit")
    src = root.parent / "one.txt"
    src.write_bytes(ONE.raw)
    _run(root, "article", "add", src, "--id", "ONE", "--title", ONE.title, "--outlet", ONE.outlet,
         "--date", "2026-11-30", "--byline", ONE.byline, "--url", "https://example.org/news/1")
    old = os.environ.get("MEDIALIT_ROOT")
    os.environ["MEDIALIT_ROOT"] = str(root)
    try:
        texts.clear_caches()
        annotate(root, ONE)
    finally:
        if old is None:
            os.environ.pop("MEDIALIT_ROOT")
        else:
            os.environ["MEDIALIT_ROOT"] = old
        texts.clear_caches()
    _run(root, "validate")
    _run(root, "article", "exercises", "ONE")
    out = _run(root, "article", "capstone", "ONE").stdout
    assert "listed it in _toc.yml" in out
    return root


def _definitions(root):
    return {d["id"]: d for d in _sets(root, "ONE")["exercises"]}


def test_the_capstone_notebooks_run(teacher_kit, tmp_path, monkeypatch):
    """Live: the untouched student notebook shows every exercise and saves nothing; the
    instructor's copy answers every scored exercise with full marks."""
    monkeypatch.setenv("MEDIALIT_ROOT", str(teacher_kit))
    monkeypatch.setenv("PYTHONPATH", str(teacher_kit))
    executed = tmp_path / "student.ipynb"
    answers = run_notebook(teacher_kit / "exercises" / "capstone-one.ipynb", tmp_path / "a.json", executed)
    assert answers == {}
    shown = "\n".join(out for _, out in cell_outputs_text(json.loads(executed.read_text(encoding="utf-8"))))
    defs = _definitions(teacher_kit)
    for ex_id in defs:
        assert f'data-exercise="{ex_id}"' in shown, ex_id
    assert shown.count("How your teacher scores") == 2
    assert "The minister said the plan is a total disaster" in shown  # the article, in the notebook too
    solved = run_notebook(teacher_kit / "solutions" / "capstone-one.ipynb", tmp_path / "s.json")
    # The written parts have no key: the teacher scores them on the rubric.
    assert set(solved) == {i for i, d in defs.items() if d["type"] != "open"}
    for ex_id in solved:
        assert solved[ex_id]["score"] == pytest.approx(1.0), ex_id


@pytest.fixture(scope="module")
def capstone_book(teacher_kit):
    """A small book: the capstone page alone, built with the kit's own command."""
    (teacher_kit / "_toc.yml").write_text("format: jb-book\nroot: book/capstone-one\n", encoding="utf-8")
    _run(teacher_kit, "build")
    html = teacher_kit / "_build" / "html"
    assert (html / "book" / "capstone-one.html").is_file()
    return html


def _answer_by_keyboard(page, defs, name):
    """Answer who-published by keyboard (the key, found by arrowing), and write two parts of the
    fact-check; then download the answers file with the keyboard."""
    first = next(d for d in defs.values() if d["type"] == "single")
    right = [o["id"] for o in first["options"]].index(first["answer"])
    tab_to(page, f'[data-exercise="{first["id"]}"] input[type=radio]')
    for _ in range(right):
        page.keyboard.press("ArrowDown")
    if right == 0:
        page.keyboard.press("Space")
    tab_to(page, f'[data-exercise="{first["id"]}"] .ml-ex-check')
    page.keyboard.press("Enter")
    status = f'section[data-exercise="{first["id"]}"] [role=status]'
    page.wait_for_function(f"() => document.querySelector('{status}').textContent.length > 0")
    assert page.locator(status).text_content().startswith("Right.")
    fact = [i for i, d in defs.items() if d["type"] == "open"]
    for ex_id, text in zip(fact, ["The Test Gazette is run by <b>nobody</b> I could find; see https://example.org/about.",
                                  "Claim 1 traced to the statistics office report (SC-901)."]):
        tab_to(page, f'[data-exercise="{ex_id}"] textarea')
        page.keyboard.type(text)
        tab_to(page, f'[data-exercise="{ex_id}"] .ml-ex-check')
        page.keyboard.press("Enter")
        sel = f'section[data-exercise="{ex_id}"] [role=status]'
        page.wait_for_function(f"() => document.querySelector('{sel}').textContent.length > 0")
        assert "Saved" in page.locator(sel).text_content()
    tab_to(page, ".ml-ex-toolbar input[autocomplete=name]")
    page.keyboard.type(name)
    tab_to(page, ".ml-ex-toolbar button")  # the first button after the name: Download
    assert page.evaluate("document.activeElement.textContent") == "Download my answers"
    with page.expect_download() as dl:
        page.keyboard.press("Enter")
    return dl.value, fact


@pytest.mark.browser
@pytest.mark.book
def test_capstone_in_the_browser_graded_and_scored(teacher_kit, capstone_book, serve, browser, tmp_path):
    defs = _definitions(teacher_kit)
    hand = tmp_path / "handins"
    hand.mkdir()
    for where, name in ((serve(capstone_book) + "/book/capstone-one.html", "Served Student"),
                        ((capstone_book / "book" / "capstone-one.html").as_uri(), "Disk Student")):
        page = browser.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.goto(where, wait_until="load")
        assert "instigated" not in page.content()  # the fresh article, not a case study
        assert page.locator('.ml-article[data-article="ONE"]').count() == 1
        assert page.locator("table.ml-rubric").count() == 2
        assert page.locator("table.ml-rubric").first.locator("tbody tr").count() == 5
        download, fact = _answer_by_keyboard(page, defs, name)
        download.save_as(hand / download.suggested_filename)
        assert not errors, errors
        page.close()
    # Grade: the auto-scored part in the gradebook, the written part in the rubric CSV.
    out = tmp_path / "graded"
    _run(teacher_kit, "grade", hand, "--keys", teacher_kit / "solutions", "-o", out, "--sets", "one")
    with open(out / "gradebook.csv", encoding="utf-8-sig", newline="") as fh:
        book = {r["student"]: r for r in csv.DictReader(fh)}
    first = next(i for i, d in defs.items() if d["type"] == "single")
    assert set(book) == {"Served Student", "Disk Student"}
    assert all(float(r[first]) == 1.0 for r in book.values())
    rubric = out / "rubric.csv"
    rows = list(csv.reader(open(rubric, encoding="utf-8-sig")))
    assert rows[0][-1] == "score" and len(rows) == 1 + 2 * 2  # two written parts for each student
    assert all(r[3] in fact[:2] and r[5].startswith("0: ") and "; 4: " in r[5] for r in rows[1:])
    assert any("<b>nobody</b>" in r[4] for r in rows[1:])  # kept as the student wrote it, as text
    # The teacher scores it in a spreadsheet and hands the file back.
    for r in rows[1:]:
        r[6] = "3" if r[3] == fact[0] else "4"
    with open(rubric, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    res = _run(teacher_kit, "grade", hand, "--keys", teacher_kit / "solutions", "-o", tmp_path / "graded2",
               "--sets", "one", "--rubric", rubric)
    again = list(csv.reader(open(tmp_path / "graded2" / "rubric.csv", encoding="utf-8-sig")))
    assert sorted(r[6] for r in again[1:]) == ["3", "3", "4", "4"]
    with open(tmp_path / "graded2" / "rubric-totals.csv", encoding="utf-8-sig", newline="") as fh:
        totals = {r["student"]: r for r in csv.DictReader(fh)}
    assert {(r["set"], r["scored"], r["of"], r["points"], r["out_of"]) for r in totals.values()} == {
        ("one", "2", "2", "7", "8")}
    assert "rubric-totals.csv" in res.stdout
    # A late hand-in: the same command without --rubric keeps the scores already in the folder's
    # rubric.csv and adds the newcomer's answers unscored (the set named as the teacher typed it).
    late = json.loads(next(hand.glob("*Served*")).read_text(encoding="utf-8"))
    late["student"] = {"name": "Late Student", "id": ""}
    (hand / "late.json").write_text(json.dumps(late), encoding="utf-8")
    res = _run(teacher_kit, "grade", hand, "--keys", teacher_kit / "solutions", "-o", tmp_path / "graded2",
               "--sets", "ONE")
    assert "Kept 4 score(s)" in res.stdout
    kept = list(csv.reader(open(tmp_path / "graded2" / "rubric.csv", encoding="utf-8-sig")))
    assert sorted(r[6] for r in kept[1:]) == ["", "", "3", "3", "4", "4"]
    assert {r[0] for r in kept[1:] if r[6] == ""} == {"late.json"}
    (hand / "late.json").unlink()
    # A spreadsheet set to semicolons saves the file with them: it is read all the same.
    with open(rubric, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    res = _run(teacher_kit, "grade", hand, "--keys", teacher_kit / "solutions", "-o", tmp_path / "graded4",
               "--sets", "one", "--rubric", rubric)
    semi = list(csv.reader(open(tmp_path / "graded4" / "rubric.csv", encoding="utf-8-sig")))
    assert sorted(r[6] for r in semi[1:]) == ["3", "3", "4", "4"]
    # A score the rubric does not have is refused, with its line.
    rows[1][6] = "5"
    with open(rubric, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    res = _run(teacher_kit, "grade", hand, "--keys", teacher_kit / "solutions", "-o", tmp_path / "graded3",
               "--sets", "one", "--rubric", rubric, check=False)
    assert res.returncode == 2 and f"{rubric}:2: score 5 is out of range" in res.stderr
    assert "Traceback" not in res.stderr


@pytest.mark.browser
@pytest.mark.book
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_capstone_page_accessible_in_both_modes_and_on_a_phone(capstone_book, serve, browser, mode):
    """axe finds no serious or critical problem on the capstone page, with feedback showing, in
    both colour modes; at phone width nothing scrolls sideways."""
    from axe_playwright_python.sync_playwright import Axe

    from .test_browser import AXE_OPTIONS, SHOW_FEEDBACK

    url = serve(capstone_book) + "/book/capstone-one.html"
    page = browser.new_page(color_scheme=mode)
    page.goto(url, wait_until="networkidle")
    assert page.evaluate(SHOW_FEEDBACK) > 0
    result = Axe().run(page, options=AXE_OPTIONS)
    serious = [f"{v['id']} at {[n['target'] for n in v['nodes']][:3]}" for v in result.response["violations"]
               if v["impact"] in ("serious", "critical")]
    assert not serious, serious
    page.close()
    phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                             color_scheme=mode)
    phone.goto(url, wait_until="networkidle")
    phone.evaluate(SHOW_FEEDBACK)
    assert phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    phone.close()
