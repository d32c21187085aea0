"""The two assessment forms, X and Y: parallel by construction, built on the corpus's checked
verdicts and on claims the lessons don't use, no key in anything a student gets, and the full
path from a student's answers (one form in the book, one in a notebook) to the class report."""

from __future__ import annotations

import csv
import functools
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from medialit import dataset
from medialit.corpus.texts import paragraphs_frame
from medialit.exercises import model
from medialit.exercises.model import read_definitions
from medialit.exercises.seal import seal, unseal
from medialit.instructor import grade as G

from .helpers import ROOT, forms

FORMS = {"X": "form-x", "Y": "form-y"}
TRUST_VERDICTS = {"accurate": True, "inaccurate": False, "misleading": False, "unsupported": False}
CLAIM_ID = re.compile(r"\b[AB]-C\d{3}\b")
SPAN_ID = re.compile(r"\b[AB]-S\d{3}\b")
PARA_ID = re.compile(r"\b[AB]-P\d{2}\b")
EXERCISE_ID = re.compile(r"\bL\d-E\d{2}\b")


def _defs(name: str) -> dict:
    return read_definitions(ROOT / "solutions" / "exercises" / f"{name}.yaml")


def _claims():
    return dataset.claims().set_index("id")


def _is_near(item: dict) -> bool:
    """A trust item from article A or B (its source line names the article)."""
    return item["context"].startswith(("Article A", "Article B"))


def _profile(name: str) -> Counter:
    """How many items of each kind a form holds, block by block."""
    claims = _claims()
    c: Counter = Counter()
    for e in _defs(name)["exercises"]:
        if e["type"] == "rate":
            for it in e["items"]:
                side = "reliable" if it["trust"] else "unreliable"
                transfer = "near" if _is_near(it) else "far"
                c["trust", transfer, side] += 1
                if transfer == "near":
                    c["trust", "near", "article " + it["context"][8], side] += 1
        elif e["type"] == "verdict_confidence":
            for it in e["claims"]:
                c["verdict", it.get("answer") or claims.loc[it["claim"], "verdict"]] += 1
                c["verdict", "article " + claims.loc[it["claim"], "article"]] += 1
        elif e["type"] == "highlight":
            c["passage", "plain" if e.get("nothing_here") else "loaded"] += 1
            c["passage", "article " + e["paragraph"][0]] += 1
            c["passage", "techniques", tuple(e["techniques"])] += 1
        elif e["type"] == "open":
            c["open", tuple(lvl["score"] for lvl in e["rubric"])] += 1
        else:
            c["other", e["type"]] += 1
    return c


# --- parallel by construction ---------------------------------------------------------------------

def test_the_two_forms_have_the_same_counts_of_every_kind():
    x, y = _profile("form-x"), _profile("form-y")
    # Which article a verdict's claim comes from may differ: no inaccurate claim of B is new to
    # students after the lessons, so form X's verdicts hold three claims of A and one of B, and
    # form Y's two of each (assessment-teacher.md, FX-03). Both articles appear in each form.
    by_article = {f: {k: p.pop(k) for k in [k for k in p if k[:2] in (("verdict", "article A"), ("verdict", "article B"))]}
                  for f, p in (("X", x), ("Y", y))}
    assert all(len(v) == 2 and sum(v.values()) == 4 for v in by_article.values()), by_article
    assert x == y, f"form X and form Y differ: {dict(x - y)} against {dict(y - x)}"
    # ...and the counts are the ones the issue asks for.
    for side in ("reliable", "unreliable"):
        assert x["trust", "near", side] + x["trust", "far", side] == 8
        assert x["trust", "near", side] >= 2 and x["trust", "far", side] >= 2
    assert sum(v for k, v in x.items() if k[0] == "verdict" and k[1] in model_verdicts()) == 4
    assert x["verdict", "unverified"] >= 1
    cards = {f: [len(it["sources"]) for e in _defs(n)["exercises"] if e["type"] == "verdict_confidence"
                 for it in e["claims"]] for f, n in FORMS.items()}
    assert all(n in (2, 3) for f in cards for n in cards[f])
    assert abs(sum(cards["X"]) - sum(cards["Y"])) <= 1, cards  # about the same reading
    assert x["passage", "plain"] >= 1 and x["passage", "loaded"] >= 1
    assert x["passage", "plain"] + x["passage", "loaded"] == 4
    assert x["open", (0, 1, 2)] == 1 and not any(k[0] == "other" for k in x)


def model_verdicts() -> tuple[str, ...]:
    from medialit.exercises.types.lateral import VERDICT_CHOICES

    return VERDICT_CHOICES


def test_both_forms_are_assessment_sets_named_x_and_y():
    keys = G.load_keys(ROOT / "solutions")
    for form, name in FORMS.items():
        data = _defs(name)
        assert data["set"] == name and data["mode"] == "assessment" and data["form"] == form
        assert keys.forms[name] == form
        bank = json.loads((model.BANK_DIR / f"{name}.json").read_text(encoding="utf-8"))
        assert bank["mode"] == "assessment" and bank["form"] == form


# --- built on checked verdicts, and new to the students ----------------------------------------------

def _norm(s: str) -> str:
    """Compare texts by their words: one kind of quotation mark and apostrophe, one space, no case."""
    s = s.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "…": "..."}))
    return re.sub(r"\s+", " ", s).strip().casefold()


def _quotations(text: str) -> list[str]:
    """The words a text puts in quotation marks ("...", “...”, ‘...’)."""
    return (re.findall(r'"([^"\n]+?)"', text) + re.findall(r"“([^”]+?)”", text)
            + re.findall(r"(?<!\w)‘([^’]+?)’(?!\w)", text))


def _units(node):
    """A lesson exercise cut into what a student sees together: the exercise, then each item,
    option or claim (every mapping's own strings: prompt, text, context, feedback, hint,
    explanation, model answer)."""
    if isinstance(node, dict):
        own, nested = [], []
        for v in node.values():
            if isinstance(v, str):
                own.append(v)
            elif isinstance(v, list) and all(isinstance(x, str) for x in v):
                own += v
            else:
                nested.append(v)
        yield "\n".join(own)
        for v in nested:
            yield from _units(v)
    elif isinstance(node, list):
        for v in node:
            yield from _units(v)


def _shown_texts(node):
    """The `text` of every item and option: words a lesson shows as the thing to judge."""
    if isinstance(node, dict):
        if isinstance(node.get("text"), str):
            yield node["text"]
        for v in node.values():
            yield from _shown_texts(v)
    elif isinstance(node, list):
        for v in node:
            yield from _shown_texts(v)


@functools.lru_cache(maxsize=1)
def _lessons() -> SimpleNamespace:
    """What lessons 1 to 4 show a student of articles A and B: the exercise definitions
    (solutions/exercises/lesson*.yaml) and the lesson pages (book/lesson*.md, with the
    instructors' and "remember" pages)."""
    exercises = [e for f in sorted((ROOT / "solutions" / "exercises").glob("lesson*.yaml"))
                 for e in read_definitions(f)["exercises"]]
    pages = [f.read_text(encoding="utf-8") for f in sorted((ROOT / "book").glob("lesson*.md"))]
    units = [u for e in exercises for u in _units(e) if u]
    raw = "\n".join(units + pages)
    quoted = {_norm(q) for q in _quotations(raw)} | {_norm(t) for e in exercises for t in _shown_texts(e)}
    # Paragraphs a lesson gives whole, to mark or to rewrite, in class or as homework (L2-E12,
    # the rewrite of B-P28, is lesson 2's homework).
    worked = {e["paragraph"] for e in exercises if e.get("paragraph")}
    by_id = {e["id"]: e for e in exercises}
    homework = set()
    for page in pages:
        for section in re.split(r"(?m)^(?=## )", page):
            if re.match(r"## .*homework", section, re.I):
                homework |= set(PARA_ID.findall(section))
                worked |= {by_id[x]["paragraph"] for x in EXERCISE_ID.findall(section)
                           if by_id.get(x, {}).get("paragraph")}
    return SimpleNamespace(
        text=_norm(raw), claims=set(CLAIM_ID.findall(raw)), spans=set(SPAN_ID.findall(raw)),
        quoted={q for q in quoted if len(q.split()) >= 3}, worked=worked, homework=homework,
        units=units)


def _paragraph_text(pid: str) -> str:
    return _norm(paragraphs_frame().set_index("paragraph_id").loc[pid, "text"])


def _why_claim_is_not_new(cid: str) -> list[str]:
    """Why a claim of A or B would not be new to a student after lessons 1 to 4 (empty: it is
    new): a lesson names it, quotes its words (whole, or three words or more of them in
    quotation marks or as an item), names an annotated span inside its words, or gives its
    paragraph to mark or rewrite. A claim-checking homework counts by the claim it names (the
    lesson pages name each one); it does not make the rest of its paragraph used."""
    c, L = _claims().loc[cid], _lessons()
    quote, why = _norm(c["quote"]), []
    if cid in L.claims:
        why.append(f"a lesson names {cid}")
    if quote in L.text:
        why.append(f"a lesson quotes {cid}'s words")
    why += [f"a lesson quotes {q!r}, words of {cid}" for q in sorted(L.quoted) if q in quote]
    spans = dataset.spans()
    for _, s in spans[spans["paragraph_id"] == c["paragraph_id"]].iterrows():
        words = _norm(s["text"])
        if s["span_id"] in L.spans and (words in quote or quote in words):
            why.append(f"a lesson names span {s['span_id']}, on {cid}'s words")
    if c["paragraph_id"] in L.worked:
        why.append(f"a lesson gives {c['paragraph_id']}, the paragraph of {cid}, to mark or rewrite")
    return why


def _why_passage_is_not_new(pid: str) -> list[str]:
    """Why a paragraph would not be new as a passage to mark (empty: it is new): a lesson gives
    it to mark or rewrite, or sends students to it as homework; quotes an annotated phrase of
    it (three words or more: shorter ones, such as "Islamic terrorists", recur across the
    texts) or names one of its spans; or an exercise item names the paragraph and shows three
    words or more of it. A lesson that only names the paragraph for another skill (who says
    what) doesn't give its loaded words away."""
    L, why = _lessons(), []
    if pid in L.worked:
        why.append(f"a lesson gives {pid} to mark or rewrite")
    if pid in L.homework:
        why.append(f"a lesson's homework uses {pid}")
    spans = dataset.spans()
    for _, s in spans[spans["paragraph_id"] == pid].iterrows():
        if len(s["text"].split()) >= 3 and _norm(s["text"]) in L.text:
            why.append(f"a lesson quotes {s['text']!r} ({s['span_id']}, {pid})")
        if s["span_id"] in L.spans:
            why.append(f"a lesson names span {s['span_id']} ({pid})")
    text = _paragraph_text(pid)
    for unit in L.units:
        if pid in PARA_ID.findall(unit):
            shown = [q for q in _quotations(unit) + unit.split("\n") if len(q.split()) >= 3 and _norm(q) in text]
            why += [f"a lesson item names {pid} and shows {q!r}" for q in shown]
    return why


def test_the_newness_check_would_have_caught_the_replaced_item():
    """Form X's verdict item "apparatus" (B-C059, B-P28) was not new: lesson 2 quotes its words
    (L2-E16), names their span and gives its paragraph as the rewrite homework (L2-E12)."""
    why = " | ".join(_why_claim_is_not_new("B-C059"))
    assert "original paramilitary mechanism" in why and "B-S077" in why and "B-P28" in why, why
    assert _why_passage_is_not_new("B-P28")
    assert _why_claim_is_not_new("B-C038")  # named by lessons 2 and 3


def test_near_trust_items_rest_on_the_corpus_verdicts_of_claims_the_lessons_do_not_use():
    claims = _claims()
    seen = []
    for name in FORMS.values():
        for e in _defs(name)["exercises"]:
            if e["type"] != "rate":
                continue
            for it in e["items"]:
                ids = CLAIM_ID.findall(it.get("feedback", ""))
                if not _is_near(it):
                    assert not ids, f"{name} {it['id']}: a far item names a corpus claim"
                    continue
                assert len(ids) == 1, f"{name} {it['id']}: the feedback names its corpus claim once"
                c = claims.loc[ids[0]]
                assert c["verdict"] in TRUST_VERDICTS, (ids[0], c["verdict"])
                assert TRUST_VERDICTS[c["verdict"]] == it["trust"], (name, it["id"], ids[0], c["verdict"])
                assert it["context"][8] == c["article"], (name, it["id"])
                assert not _why_claim_is_not_new(ids[0]), (name, it["id"], _why_claim_is_not_new(ids[0]))
                seen.append(ids[0])
    assert len(seen) == len(set(seen)) == 16, "each near item is its own corpus claim, once across both forms"


def test_verdict_items_and_passages_are_new_and_their_keys_are_the_corpus():
    claims = _claims()
    cards = set(dataset.cards()["id"])
    verdict_claims, paragraphs = [], []
    for name in FORMS.values():
        for e in _defs(name)["exercises"]:
            if e["type"] == "verdict_confidence":
                for it in e["claims"]:
                    assert "answer" not in it, "the key is the corpus's verdict, not a new one"
                    assert not _why_claim_is_not_new(it["claim"]), (name, it["id"], _why_claim_is_not_new(it["claim"]))
                    assert set(it["sources"]) <= cards and 2 <= len(it["sources"]) <= 3
                    verdict_claims.append(it["claim"])
                    if claims.loc[it["claim"], "verdict"] == "unverified":
                        assert claims.loc[it["claim"], "confidence"] in ("L", "NF")
            elif e["type"] == "highlight":
                assert not _why_passage_is_not_new(e["paragraph"]), (name, e["id"], _why_passage_is_not_new(e["paragraph"]))
                paragraphs.append(e["paragraph"])
    assert len(set(verdict_claims)) == len(verdict_claims) == 8
    assert len(set(paragraphs)) == len(paragraphs) == 8


def test_the_key_page_covers_every_item():
    page = (ROOT / "book" / "assessment-teacher.md").read_text(encoding="utf-8")
    for name in FORMS.values():
        for e in _defs(name)["exercises"]:
            assert e["id"] in page, e["id"]
            for it in e.get("items") or e.get("claims") or []:
                assert f"**{it['id']}**" in page or f"| {it['id']} |" in page, (e["id"], it["id"])
    assert "has not been tested on students" in page and "counterbalancing" in page.lower()


# --- no key in anything a student gets ------------------------------------------------------------

def _form_secrets() -> list[str]:
    """Everything in the forms' definitions that would give an answer away."""
    keys = G.load_keys(ROOT / "solutions")
    out = []
    for ex in keys.values():
        if ex.public.get("set") not in FORMS.values():
            continue
        secret = ex.secret()
        out.append('"key":' + json.dumps(secret["key"], sort_keys=True, separators=(",", ":"), ensure_ascii=False))
        out.append(seal(ex.id, secret))
        out.append(secret["explanation"])
        out += [fb for fb in (secret.get("feedback") or {}).values() if fb]
        out += [lvl["text"] for lvl in secret.get("rubric") or []]
        if secret.get("nothing_feedback"):
            out.append(secret["nothing_feedback"])
    return [s for s in out if len(s) > 12]


def _assert_no_secret(paths, secrets):
    assert secrets and paths
    for f in paths:
        text = Path(f).read_text(encoding="utf-8", errors="replace")
        for k in secrets:
            for form in forms(k):
                assert form not in text, f"{f} holds part of a key: {k[:50]}"


def test_no_key_in_the_banks_the_package_or_the_student_notebooks():
    secrets = _form_secrets()
    for name in FORMS.values():
        for ex in model.exercise_set(name):
            assert unseal(ex.id, ex.sealed) == {"assessment": True}
    files = list(model.BANK_DIR.glob("*.json")) + list((ROOT / "medialit").rglob("*.js")) + \
        list((ROOT / "exercises").glob("*.ipynb"))
    _assert_no_secret(files, secrets)
    for name in FORMS.values():  # the page and the student notebook show every question of the form
        notebook = (ROOT / "exercises" / f"{name}.ipynb").read_text(encoding="utf-8")
        page = (ROOT / "book" / f"{name}.md").read_text(encoding="utf-8")
        for ex in model.exercise_set(name):
            assert f'show(\\"{ex.id}\\")' in notebook and f'show("{ex.id}")' in page, ex.id


def test_no_key_in_a_released_copy(tmp_path):
    from medialit.instructor.release import release

    out = tmp_path / "student"
    release(out, no_repo=True)
    assert not (out / "solutions").exists() and not (out / "book" / "assessment-teacher.md").exists()
    assert (out / "book" / "form-x.md").is_file() and (out / "exercises" / "form-y.ipynb").is_file()
    files = [p for p in out.rglob("*") if p.is_file() and p.suffix in {".json", ".ipynb", ".md", ".js", ".py",
                                                                      ".yml", ".yaml", ".html", ".txt"}]
    _assert_no_secret(files, _form_secrets())


@pytest.mark.book
def test_no_key_in_the_built_site(built_book):
    from medialit.instructor.release import _instructor_only

    pages = [p for p in built_book.rglob("*.html") if "_static" not in p.parts
             and not _instructor_only(p.relative_to(built_book).with_suffix("").as_posix())]
    assert (built_book / "book" / "form-x.html") in pages and (built_book / "book" / "form-y.html") in pages
    _assert_no_secret(pages + list(built_book.rglob("*.js")), _form_secrets())
    for name in FORMS.values():
        html = (built_book / "book" / f"{name}.html").read_text(encoding="utf-8")
        assert html.count("data-ml-static") == len(model.exercise_set(name))


# --- the full path: answers in the book and in a notebook, graded, reported -------------------------

def _key_words(keys, ex_id: str) -> list[int]:
    from medialit.exercises.types.passages import span_words

    ex = keys[ex_id]
    tokens = ex.public["passage"]["tokens"]
    return sorted({i for sp in ex.secret()["key"] for i in span_words(tokens, sp["begin"], sp["end"])})


def _answers(keys, form: str, skilled: bool) -> dict:
    """A student's answers to every question of a form: a skilled one rates by the key and
    gives the corpus verdicts; an unskilled one doubts everything and guesses."""
    name = FORMS[form]
    out = {}
    for ex in model.exercise_set(name):
        secret = keys[ex.id].secret()
        if ex.type == "rate":
            out[ex.id] = {i: ((6 if t else 2) if skilled else 2) for i, t in secret["key"].items()}
        elif ex.type == "verdict_confidence":
            out[ex.id] = {i: {"verdict": v if skilled else "inaccurate", "confidence": 80 if skilled else 100}
                          for i, v in secret["key"].items()}
        elif ex.type == "highlight":
            words = _key_words(keys, ex.id)
            out[ex.id] = (words or {"nothing": True}) if skilled else [0, 1, 2]
        elif ex.type == "open":
            out[ex.id] = ("The site names no owner or author; I would search for the expert it quotes "
                          "and compare the claim with a source that has no stake." if skilled else "Looks fine.")
    return out


def _book_handin(path: Path, name: str, answers: dict, when: str) -> None:
    """An answers file as the book's page writes it for an assessment (static/exercises.js)."""
    entries = {}
    for ex_id, a in answers.items():
        seen = {"answer": a, "score": None, "checked_at": when}
        entries[ex_id] = {"answer": a, "score": None, "points": None, "max_points": 1.0, "attempts": 1,
                          "checked_at": when, "source": "assessment", "first": seen, "best": seen,
                          "revealed": None, "locked": True}
    path.write_text(json.dumps({"schema": "medialit-answers/2", "student": {"name": name, "id": ""},
                                "updated": when, "answers": entries, "drafts": {}, "locks": {}}), encoding="utf-8")


def _notebook_handin(path: Path, name: str, answers: dict, monkeypatch) -> None:
    """Answers submitted in a notebook, through the same call the widget's Submit makes."""
    from medialit.exercises import answers_file, get, submit

    monkeypatch.setenv("MEDIALIT_ANSWERS", str(path))
    answers_file().set_student(name)
    for ex_id, a in answers.items():
        shown = submit(get(ex_id), a)
        assert shown["locked"] and shown["score"] is None and not shown["items"], shown
    again = submit(get(next(iter(answers))), answers[next(iter(answers))])
    assert again["feedback"].startswith("Already submitted")
    monkeypatch.delenv("MEDIALIT_ANSWERS")


def test_the_full_path_from_answers_to_the_class_report(tmp_path, monkeypatch):
    keys = G.load_keys(ROOT / "solutions")
    hand = tmp_path / "handins"
    hand.mkdir()
    # Ana takes X first (in the book), then Y (in a notebook); Ben the other way round.
    _book_handin(hand / "ana-x.json", "Ana", _answers(keys, "X", skilled=False), "2026-09-01T09:00:00+00:00")
    _notebook_handin(hand / "ana-y.json", "Ana", _answers(keys, "Y", skilled=True), monkeypatch)
    _book_handin(hand / "ben-y.json", "Ben", _answers(keys, "Y", skilled=False), "2026-09-01T09:05:00+00:00")
    _notebook_handin(hand / "ben-x.json", "Ben", _answers(keys, "X", skilled=True), monkeypatch)
    out = tmp_path / "grading"
    res = subprocess.run([sys.executable, "-m", "medialit", "grade", str(hand), "--keys", str(ROOT / "solutions"),
                          "-o", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    report = (out / "assessment" / "report.md").read_text(encoding="utf-8")
    assert "2 student(s); 2 took both a pre-test and a post-test form." in report
    rows = list(csv.DictReader(open(out / "assessment" / "students.csv", encoding="utf-8")))
    taken = {(r["file"], r["form"], r["window"]) for r in rows}
    assert taken == {("ana-x.json", "X", "pre"), ("ana-y.json", "Y", "post"),
                     ("ben-y.json", "Y", "pre"), ("ben-x.json", "X", "post")}
    for r in rows:  # every block of the form was measured
        for m in ("d_prime", "c", "auc", "brier", "precision", "recall", "plain_false_alarms"):
            assert r[m] != "", (r["file"], m)
        skilled = r["window"] == "post"
        assert (float(r["auc"]) == 1.0) == skilled and (float(r["brier"]) < 0.1) == skilled
        assert float(r["plain_false_alarms"]) == (0 if skilled else 3)
    # The open answers go to the rubric CSV; scored and read back, they join the report.
    rubric = out / "rubric.csv"
    lines = list(csv.reader(rubric.read_text(encoding="utf-8-sig").splitlines()))
    assert {(l[0], l[3]) for l in lines[1:]} == {("ana-x.json", "FX-08"), ("ana-y.json", "FY-08"),
                                                 ("ben-y.json", "FY-08"), ("ben-x.json", "FX-08")}
    scored = tmp_path / "rubric-scored.csv"
    with open(scored, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(lines[0])
        for l in lines[1:]:
            w.writerow(l[:-1] + ["2" if l[0] in ("ana-y.json", "ben-x.json") else "0"])
    res = subprocess.run([sys.executable, "-m", "medialit", "grade", str(hand), "--keys", str(ROOT / "solutions"),
                          "-o", str(out), "--rubric", str(scored)], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    rows = list(csv.DictReader(open(out / "assessment" / "students.csv", encoding="utf-8")))
    assert {r["file"]: float(r["rubric"]) for r in rows} == {"ana-x.json": 0, "ana-y.json": 2,
                                                             "ben-y.json": 0, "ben-x.json": 2}
    report = (out / "assessment" / "report.md").read_text(encoding="utf-8")
    assert "Students got better at telling reliable from unreliable claims" in report or "too little" in report


@pytest.mark.parametrize("name", sorted(FORMS.values()))
def test_the_untouched_student_notebook_runs_and_shows_every_question(name, tmp_path):
    """Run All on a form's notebook: every question shows, nothing is submitted, no cell fails."""
    from .helpers import cell_outputs_text, run_notebook

    executed = tmp_path / "executed.ipynb"
    answers = run_notebook(ROOT / "exercises" / f"{name}.ipynb", tmp_path / "answers.json", executed)
    assert answers == {}
    shown = "\n".join(out for _, out in cell_outputs_text(json.loads(executed.read_text(encoding="utf-8"))))
    for ex in model.exercise_set(name):
        assert f'data-exercise="{ex.id}"' in shown, ex.id
    _assert_no_secret([executed], _form_secrets())


@pytest.mark.browser
@pytest.mark.book
def test_a_form_answered_by_keyboard_in_the_book_then_graded(built_book, serve, browser, tmp_path, monkeypatch):
    """Form X in the served book and form Y from disk (file://), every question answered and
    submitted with keys only: no score, no feedback, locked; X's answers downloaded from the
    toolbar and graded with a form Y handed in from a notebook: the report pairs them."""
    from .test_exercise_pages import _operate

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(serve(built_book) + "/book/form-x.html", wait_until="networkidle")
    page.evaluate("localStorage.clear()")
    page.reload(wait_until="networkidle")
    page.locator(".ml-ex-toolbar input[autocomplete=name]").focus()
    page.keyboard.type("Dara")
    page.keyboard.press("Tab")
    # One claim rated out of eight, then Submit: refused, nothing locked.
    first = next(ex for ex in model.exercise_set("form-x") if ex.type == "rate")
    sec = page.locator(f'section[data-exercise="{first.id}"]')
    sec.locator("input[type=radio]").first.focus()
    page.keyboard.press("Space")
    sec.locator(".ml-ex-check").focus()
    page.keyboard.press("Enter")
    n = len(first.public["items"])
    assert f"{n - 1} of {n} items have no answer yet" in sec.locator(".ml-ex-summary").inner_text()
    assert not sec.locator(".ml-ex-check").is_disabled() and not sec.locator("input[type=radio]").first.is_disabled()
    for ex in model.exercise_set("form-x"):
        status = _operate(page, ex.id)
        sec = page.locator(f'section[data-exercise="{ex.id}"]')
        assert "Submitted" in status, (ex.id, status)
        assert "Score" not in sec.inner_text() and "Why it matters" not in sec.inner_text(), ex.id
        assert sec.locator(".ml-ex-check").is_disabled(), ex.id
    button = page.locator(".ml-ex-toolbar button", has_text="Download my answers")
    button.focus()
    with page.expect_download() as dl:
        page.keyboard.press("Enter")
    hand = tmp_path / "handins"
    hand.mkdir()
    dl.value.save_as(hand / "dara-x.json")
    data = json.loads((hand / "dara-x.json").read_text(encoding="utf-8"))
    assert data["student"]["name"] == "Dara"
    assert {k for k in data["answers"]} == {ex.id for ex in model.exercise_set("form-x")}
    assert all(a["locked"] and a["source"] == "assessment" and a["score"] is None for a in data["answers"].values())
    _assert_no_secret([hand / "dara-x.json"], _form_secrets())
    # Form Y from disk, by keyboard: every question takes its one submission.
    page.goto((built_book / "book" / "form-y.html").as_uri(), wait_until="load")
    for ex in model.exercise_set("form-y"):
        assert "Submitted" in _operate(page, ex.id), ex.id
    assert not errors, errors
    page.close()
    # Graded with the same student's form Y from a notebook (submitted later).
    keys = G.load_keys(ROOT / "solutions")
    _notebook_handin(hand / "dara-y.json", "Dara", _answers(keys, "Y", skilled=True), monkeypatch)
    out = tmp_path / "grading"
    res = subprocess.run([sys.executable, "-m", "medialit", "grade", str(hand), "--keys", str(ROOT / "solutions"),
                          "-o", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    report = (out / "assessment" / "report.md").read_text(encoding="utf-8")
    assert "1 student(s); 1 took both a pre-test and a post-test form." in report
    rows = {r["file"]: r for r in csv.DictReader(open(out / "assessment" / "students.csv", encoding="utf-8"))}
    assert (rows["dara-x.json"]["form"], rows["dara-x.json"]["window"]) == ("X", "pre")
    assert (rows["dara-y.json"]["form"], rows["dara-y.json"]["window"]) == ("Y", "post")
    assert rows["dara-x.json"]["d_prime"] != "" and rows["dara-x.json"]["plain_false_alarms"] != ""


def test_a_test_item_half_answered_is_not_submitted(tmp_path, monkeypatch):
    """A rating or verdict exercise of a form is submitted (and locked) only when every item has
    an answer; the student is told how many are left."""
    from medialit.exercises import answers_file, submit

    monkeypatch.setenv("MEDIALIT_ANSWERS", str(tmp_path / "a.json"))
    for ex in model.exercise_set("form-x"):
        if ex.type not in ("rate", "verdict_confidence"):
            continue
        items = ex.public["items"]
        one = {items[0]["id"]: 4} if ex.type == "rate" else \
            {items[0]["id"]: {"verdict": ex.public["verdicts"][0], "confidence": ex.public["confidences"][0]}}
        said = submit(ex, one)
        assert not said["locked"] and f"{len(items) - 1} of {len(items)} items have no answer yet" in said["feedback"]
        assert said["feedback"].startswith("Nothing was submitted")
        assert not answers_file().entry(ex.id).get("locked")


def test_the_grader_names_a_form_item_left_unanswered(tmp_path):
    """An older answers file (or one edited by hand) with a half-answered test item: the grader
    says so in problems.csv."""
    from medialit.exercises.answers import SCHEMA, to_json_value

    keys = G.load_keys(ROOT / "solutions")
    ex = next(e for e in keys.values() if e.public.get("set") == "form-x" and e.type == "rate")
    hand = tmp_path / "in"
    hand.mkdir()
    answer = to_json_value({ex.public["items"][0]["id"]: 5})
    data = {"schema": SCHEMA, "student": {"name": "Eve", "id": ""}, "updated": "x",
            "answers": {ex.id: {"answer": answer, "score": None, "locked": True, "source": "assessment"}}}
    (hand / "eve.json").write_text(json.dumps(data), encoding="utf-8")
    results, k = G.grade_folder(hand, ROOT / "solutions", workers=1)
    n = len(ex.public["items"])
    assert any(f"{ex.id}: {n - 1} of {n} items unanswered" in p for p in results[0].problems), results[0].problems
