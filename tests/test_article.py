"""Bring your own article: ``python -m medialit article add | import-spans | exercises | remove``.

Every test works on a temporary copy of the kit (seeds/, solutions/exercises/, _config.yml),
never on the real seeds/. Each fixture article goes the instructor's whole way: add, annotate
(spans, an attribution, claims and a source card written by the test in the corpus formats),
validate, ``article exercises``, compile with ``python -m medialit exercises``; then every
generated exercise's key scores full marks. Each bad input is refused with its message, exit
2, no traceback, and the kit's files unchanged.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from medialit import article as art_mod
from medialit.__main__ import main
from medialit.corpus import texts
from medialit.corpus.files import escape_cell
from medialit.exercises import model
from medialit.exercises.registry import TYPES
from medialit.exercises.scoring import score

from .helpers import ROOT

RLO, PDF, LRI, PDI = "\u202e", "\u202c", "\u2066", "\u2069"
BIDI_CHARS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


# --- a temporary kit --------------------------------------------------------------------------------

@pytest.fixture
def kit(tmp_path, monkeypatch):
    """A copy of the kit's data; the package's compiled bank redirected into it."""
    root = tmp_path / "kit"
    shutil.copytree(ROOT / "seeds", root / "seeds")
    shutil.copytree(ROOT / "solutions" / "exercises", root / "solutions" / "exercises")
    shutil.copy(ROOT / "_config.yml", root / "_config.yml")
    bank = root / "medialit" / "exercises" / "bank"
    bank.mkdir(parents=True)
    monkeypatch.setenv("MEDIALIT_ROOT", str(root))
    monkeypatch.setattr(model, "BANK_DIR", bank)
    _forget()
    yield root
    _forget()


def _forget():
    texts.clear_caches()
    model.bank_cache.cache_clear()
    model.retired_ids.cache_clear()


def tree(root: Path) -> dict[str, str]:
    """Every file under ``root``: relative path to SHA-256."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def changed(before: dict, after: dict) -> set[str]:
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


def cli(capsys, *args: str) -> tuple[int, str, str]:
    """Run ``python -m medialit ARGS`` in this process; (exit code, stdout, stderr)."""
    capsys.readouterr()
    try:
        rc = main(list(map(str, args)))
    except SystemExit as exc:  # argparse's own refusals
        rc = exc.code
    finally:
        _forget()
    out, err = capsys.readouterr()
    return rc, out, err


# --- fixture articles ------------------------------------------------------------------------------

@dataclass
class Fixture:
    key: str
    raw: bytes
    title: str = "A test article"
    outlet: str = "The Test Gazette"
    byline: str | None = "Ana Writer"
    # (paragraph index or None for "search the whole text", phrase, technique): at least two in one paragraph
    spans: list = field(default_factory=list)
    claims: list = field(default_factory=list)   # quotes; the first gets a source card
    attribution: str = ""                        # the attributing words


PLAIN = ("The minister said the plan is a total disaster, and everyone knows it. "
         "Critics called the scheme reckless and a betrayal of the nation.")
ONE = Fixture("ONE", PLAIN.encode(),
              spans=[("total disaster", "Loaded_Language"), ("everyone knows it", "Bandwagon"),
                     ("reckless", "Loaded_Language")],
              claims=["the plan is a total disaster", "a betrayal of the nation"],
              attribution="The minister said")


def _long() -> bytes:
    words = [f"word{i}" for i in range(10_000)]
    lines = [" ".join(words[i:i + 100]) for i in range(0, 10_000, 100)]
    lines[50] = PLAIN + " " + lines[50]
    return ("\n".join(lines) + "\n").encode()


LONG = Fixture("LONG", _long(), spans=ONE.spans, claims=ONE.claims[:1], attribution="The minister said")

CRLF = Fixture(
    "CRLF",
    ("\ufeffHeadline of the day\r\nBy Ana Writer\r\n\r\n" + PLAIN.replace(". ", ".\r\n") + "\r\n\r\n"
     "A last paragraph, plainly written.\r\n").encode(),
    spans=ONE.spans + [("Critics called the scheme reckless and a betrayal", "Name_Calling,Labeling")],
    claims=ONE.claims, attribution="The minister said")


def _many() -> bytes:
    paras = [f"Paragraph number {i}, plainly written." for i in range(1, 121)]
    paras[104] = PLAIN  # X-P105
    return ("\n\n".join(paras) + "\n").encode()


MANY = Fixture("MANY", _many(), spans=ONE.spans, claims=ONE.claims, attribution="The minister said")

ASTRAL_TEXT = ("𝒜 headline 🚀 for 𠀀𠀁 readers\n\n"
               "The 🚀 minister said 𝒜lice's plan is a total 💥 disaster, and 😀 everyone knows it. "
               "Critics called the 𠀀 scheme reckless 🙈 and a betrayal of the nation.\n")
ASTRAL = Fixture("ASTRAL", ASTRAL_TEXT.encode(),
                 spans=[("total 💥 disaster", "Loaded_Language"), ("everyone knows it", "Bandwagon"),
                        ("scheme reckless", "Loaded_Language")],
                 claims=["𝒜lice's plan is a total 💥 disaster", "a betrayal of the nation"],
                 attribution="The 🚀 minister said")

BIDI_TEXT = (f"Headline {RLO}reversed words{PDF} here\n\n"
             f"The minister said {RLO}the plan is a total disaster{PDF}, and everyone knows it. "
             f"Critics called {LRI}the scheme{PDI} reckless and a betrayal of the nation.\n")
BIDI = Fixture("BIDI", BIDI_TEXT.encode(), title=f"Bidi {RLO}title{PDF}", byline=f"{LRI}Ana{PDI} Writer",
               spans=ONE.spans, claims=["the plan is a total disaster", "a betrayal of the nation"],
               attribution="The minister said")

SCRIPT = Fixture("SCRIPT", PLAIN.encode(), title='<script>alert("title")</script> <b>Bold</b> & co',
                 outlet="<i>Outlet</i> & <script>x()</script>", byline="<img src=x onerror=alert(1)>",
                 spans=ONE.spans, claims=ONE.claims, attribution="The minister said")

FIXTURES = [ONE, LONG, CRLF, MANY, ASTRAL, BIDI, SCRIPT]


def write_source(tmp_path: Path, fx: Fixture) -> Path:
    path = tmp_path / "in" / f"{fx.key.lower()}.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(fx.raw)
    return path


def add(capsys, tmp_path, fx: Fixture) -> tuple[int, str, str]:
    args = ["article", "add", write_source(tmp_path, fx), "--id", fx.key, "--title", fx.title,
            "--outlet", fx.outlet, "--date", "2026-11-30", "--url", "https://example.org/news/1",
            "--genre", "news report"]
    if fx.byline:
        args += ["--byline", fx.byline]
    return cli(capsys, *args)


def annotate(root: Path, fx: Fixture) -> None:
    """Spans, an attribution, claims and a card in the case studies' formats, offsets found with
    the loader (seeds/FORMATS.md: 'Find offsets with the loader, never by hand')."""
    a = texts.load_article(fx.key)
    seeds = root / "seeds"

    def where(phrase):
        # the first occurrence at or after the attributing words' paragraph
        start = a.text.index(fx.attribution)
        b = a.text.index(phrase, a.paragraph_at(start).start)
        return b, b + len(phrase), a.paragraph_at(b).id

    rows = []
    for i, (phrase, technique) in enumerate(fx.spans, start=1):
        b, e, pid = where(phrase)
        rows.append([f"{fx.key}-S{i:03d}", fx.key, pid, b, e, technique, "", "", escape_cell(a.text[b:e]),
                     f"The words {phrase!r} work on the reader, not on the facts."])
    with open(seeds / "spans.tsv", "a", encoding="utf-8", newline="") as fh:
        fh.writelines("\t".join(map(str, r)) + "\n" for r in rows)
    b, e, pid = where(fx.attribution)
    with open(seeds / "attributions.tsv", "a", encoding="utf-8", newline="") as fh:
        fh.write("\t".join(map(str, [f"{fx.key}-T001", fx.key, pid, b, e, escape_cell(a.text[b:e]), "the minister",
                                     "anonymous_or_vague", "", "paraphrase", "partly", "Which minister is not said."]))
                 + "\n")
    claims = []
    for i, quote in enumerate(fx.claims, start=1):
        _, _, pid = where(quote)
        c = {"id": f"{fx.key}-C{i:03d}", "article": fx.key, "paragraph_id": pid, "quote": quote,
             "claim": "The plan failed." if i == 1 else "The scheme betrays the nation.",
             "claim_type": "factual statement" if i == 1 else "opinion presented as fact",
             "attributed_to": "the minister", "checkable": "partly" if i == 1 else "no",
             "verdict": "misleading" if i == 1 else "not checkable",
             "summary": "The statistics office found some targets met and others missed." if i == 1
             else "An opinion: nothing could settle it.",
             "evidence": [{"card": "SC-901", "role": "decisive", "independent": "yes"}] if i == 1 else [],
             "confidence": "M" if i == 1 else "NF", "checked": "2026-11-30"}
        claims.append(c)
    (seeds / f"claims_{fx.key}.yaml").write_text(yaml.safe_dump(claims, allow_unicode=True, sort_keys=False),
                                                 encoding="utf-8")
    card = {"id": "SC-901", "title": "Annual report on the plan", "publisher": "The statistics office",
            "author": None, "date": "2026-01-01", "url": "https://example.org/report", "kind": "government record",
            "partisan": "none", "summary": "The plan met some of its targets and missed others.",
            "excerpt": "some targets were met", "read": "written by the test", "relays": "document"}
    (seeds / f"cards_{fx.key}.yaml").write_text(yaml.safe_dump([card], sort_keys=False), encoding="utf-8")


def compiled(set_name: str) -> list:
    """The set as the package loads it from the (redirected) bank."""
    return model.exercise_set(set_name)


# --- the whole way, for every fixture ------------------------------------------------------------------

@pytest.mark.parametrize("fx", FIXTURES, ids=[f.key for f in FIXTURES])
def test_add_annotate_validate_generate_compile_score(kit, capsys, tmp_path, fx):
    before = tree(kit)
    rc, out, err = add(capsys, tmp_path, fx)
    assert rc == 0, err
    after_add = tree(kit)
    # Only seeds/ changes: the copy, its metadata, SHA256SUMS and articles.yaml.
    assert {p.split("/")[0] for p in changed(before, after_add)} == {"seeds"}
    a = texts.load_article(fx.key)
    assert (kit / "seeds" / a.file).read_bytes() == fx.raw  # byte for byte
    assert a.meta["role"] == "added" and a.meta["sha256"] == hashlib.sha256(fx.raw).hexdigest()
    assert texts.article_roles()[fx.key] == "added"
    for p in a.paragraphs:  # the printout lists every paragraph with its id
        assert f"  {p.id}  {p.start}-{p.end}  " in out
    assert not any(c in out for c in BIDI_CHARS)
    for p in a.paragraphs:
        assert a.text[p.start:p.end] == p.text
        assert not p.text.endswith(("\r", "\n")) and not p.text.startswith("\ufeff")

    annotate(kit, fx)
    rc, out, err = cli(capsys, "validate")
    assert rc == 0, out + err

    before = tree(kit)
    rc, out, err = cli(capsys, "article", "exercises", fx.key)
    assert rc == 0, err
    assert changed(before, tree(kit)) == {f"solutions/exercises/{fx.key.lower()}.yaml"}
    assert "every scored key earns full marks" in out

    rc, out, err = cli(capsys, "exercises", fx.key.lower())
    assert rc == 0, err
    exs = compiled(fx.key.lower())
    kinds = [e.type for e in exs]
    assert kinds.count("single") == 2 and "open" in kinds and "highlight" in kinds and "lateral" in kinds
    assert kinds.count("categorise") == 2
    assert [e.id for e in exs] == [f"{fx.key}-E{i:02d}" for i in range(1, len(exs) + 1)]
    for ex in exs:
        if TYPES[ex.type].scored:
            res = score(ex, model.key_answer(ex))
            assert res.score == pytest.approx(1.0), (ex.id, res.feedback)
    # The highlight is on the paragraph with the spans, and its key marks exactly their words.
    hl = next(e for e in exs if e.type == "highlight")
    assert hl.public["passage"]["paragraph_id"] == a.paragraph_at(a.text.index(fx.spans[0][0], a.text.index(fx.attribution))).id


def test_each_fixture_loads_as_the_issue_asks(kit, capsys, tmp_path):
    for fx in (LONG, CRLF, MANY, ASTRAL):
        assert add(capsys, tmp_path, fx)[0] == 0
    long = texts.load_article("LONG")
    assert len(long.paragraphs) == 1 and long.paragraphs[0].n_words >= 10_000
    crlf = texts.load_article("CRLF")
    assert crlf.text.startswith("\ufeff") and crlf.paragraphs[0].start == 1
    lf = texts.split_paragraphs(crlf.text[1:].replace("\r\n", "\n"), "CRLF")
    assert [p.text.replace("\r\n", "\n") for p in crlf.paragraphs] == [p.text for p in lf]
    many = texts.load_article("MANY")
    assert len(many.paragraphs) == 120
    assert [many.paragraphs[0].id, many.paragraphs[104].id, many.paragraphs[-1].id] == ["MANY-P001", "MANY-P105",
                                                                                         "MANY-P120"]
    astral = texts.load_article("ASTRAL")
    i = astral.text.index("𝒜lice")
    assert astral.text[i] == "𝒜" and len(astral.text) < len(astral.text.encode("utf-16-le")) // 2
    # A and B keep their ids and offsets (tests/test_seeds.py holds the snapshot).
    assert texts.load_article("A").paragraphs[0].id == "A-P01"


def test_offsets_rule_for_crlf_and_bom_in_the_loader():
    text = "\ufeffTitle\r\nline two\r\n\r\n\r\nSecond\r\n"
    ps = texts.split_paragraphs(text, "X")
    assert [(p.id, p.start, p.end, p.text) for p in ps] == [("X-P01", 1, 16, "Title\r\nline two"),
                                                            ("X-P02", 22, 28, "Second")]
    # Without BOM and CR, the same paragraphs as the LF text.
    assert [p.text for p in texts.split_paragraphs("Title\nline two\n\n\nSecond\n", "X")] == \
        ["Title\nline two", "Second"]
    assert [p.id for p in texts.split_paragraphs("\n\n".join("p" * 101), "X")][-1] == "X-P101"


# --- markup and bidi shown as text -------------------------------------------------------------------------

def test_markup_in_title_and_byline_stays_text_in_the_files_and_the_printout(kit, capsys, tmp_path):
    rc, out, _ = add(capsys, tmp_path, SCRIPT)
    assert rc == 0 and SCRIPT.title in out and SCRIPT.outlet in out
    meta = texts.load_article("SCRIPT").meta
    assert (meta["title"], meta["byline"], meta["outlet"]) == (SCRIPT.title, SCRIPT.byline, SCRIPT.outlet)
    annotate(kit, SCRIPT)
    assert cli(capsys, "article", "exercises", "SCRIPT")[0] == 0
    data = yaml.safe_load((kit / "solutions" / "exercises" / "script.yaml").read_text(encoding="utf-8"))
    who = data["exercises"][0]
    assert SCRIPT.title in who["prompt"] and SCRIPT.outlet in [o["text"] for o in who["options"]]
    # The book's metadata block escapes it.
    from medialit.sphinxext import meta_html

    html = meta_html("SCRIPT")
    assert "<script>" not in html and "&lt;script&gt;" in html and "<img" not in html


def test_bidi_controls_are_escaped_in_the_files_and_shown_as_marks(kit, capsys, tmp_path):
    rc, out, _ = add(capsys, tmp_path, BIDI)
    assert rc == 0 and "\u27e8U+202E\u27e9" in out and not any(c in out for c in BIDI_CHARS)
    meta_file = kit / "seeds" / (Path(texts.load_article("BIDI").file).stem + ".yml")
    raw = meta_file.read_text(encoding="utf-8")
    assert not any(c in raw for c in BIDI_CHARS) and "\\u202E" in raw
    assert texts.load_article("BIDI").meta["title"] == BIDI.title
    annotate(kit, BIDI)
    assert cli(capsys, "article", "exercises", "BIDI")[0] == 0
    defs = (kit / "solutions" / "exercises" / "bidi.yaml").read_text(encoding="utf-8")
    assert not any(c in defs for c in BIDI_CHARS)
    assert texts.inert(f"a{RLO}b{PDI}") == "a\u27e8U+202E\u27e9b\u27e8U+2069\u27e9"


# --- JavaScript and Python agree on astral and bidi passages ------------------------------------------------

FAKE_MODEL = """
(ex) => {
  const el = document.createElement("div"); document.body.append(el);
  const data = { exercise: ex, answer: null, result: null, check_count: 0, reveal_count: 0 };
  const model = { get: (k) => data[k], set: (k, v) => { data[k] = v; }, save_changes: () => {}, on: () => {}, off: () => {} };
  medialitExercises.renderExercise(el, model, { search: async () => [] });
  return el;
}
"""


def _compile_fixture(kit, capsys, tmp_path, fx):
    assert add(capsys, tmp_path, fx)[0] == 0
    annotate(kit, fx)
    assert cli(capsys, "article", "exercises", fx.key)[0] == 0
    assert cli(capsys, "exercises", fx.key.lower())[0] == 0
    return compiled(fx.key.lower())


@pytest.fixture
def blank_page(browser):
    from medialit import jsbuild

    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_content("<!doctype html><html><head><title>blank</title></head><body></body></html>")
    page.add_script_tag(path=str(jsbuild.OUTPUTS["classic"]))
    yield page, errors
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("fx", [ASTRAL, BIDI], ids=["astral", "bidi"])
def test_js_slices_and_scores_like_python(kit, capsys, tmp_path, blank_page, fx):
    page, errors = blank_page
    exs = _compile_fixture(kit, capsys, tmp_path, fx)
    hl = next(e for e in exs if e.type == "highlight")
    p = hl.public["passage"]
    # The words the page shows are Python's slices of the passage, shown inertly.
    words = page.evaluate(f"ex => Array.from(({FAKE_MODEL})(ex).querySelectorAll('.ml-ex-word')).map(w => w.textContent)",
                          hl.to_json())
    assert words == [texts.inert(p["text"][b:e]) for b, e in p["tokens"]]
    shown = page.evaluate(f"ex => ({FAKE_MODEL})(ex).querySelector('.ml-ex-passage').textContent", hl.to_json())
    assert shown == texts.inert(p["text"]) and not any(c in shown for c in BIDI_CHARS)
    # Scores, feedback and the words of every item agree, on the key and on answers that mark
    # words after the astral characters (excess runs are sliced from the passage).
    key = model.key_answer(hl)
    n = len(p["tokens"])
    answers = [key, key + [n - 1], [0, 1, n - 2, n - 1], key[:1] + [n - 3], {"nothing": True}]
    js = page.evaluate("cases => cases.map(([ex, a]) => medialitExercises.scoreStatic(ex, a))",
                       [[hl.to_json(), a] for a in answers])
    for a, j in zip(answers, js):
        py = score(hl, a)
        assert j["score"] == pytest.approx(py.score, abs=1e-12), a
        assert j["feedback"] == py.feedback
        assert [(i["status"], i["text"]) for i in j["items"]] == [(i["status"], i["text"]) for i in py.items], a
    # Every other generated exercise scores its key alike in both.
    for ex in exs:
        if not TYPES[ex.type].scored:
            continue
        j = page.evaluate("([ex, a]) => medialitExercises.scoreStatic(ex, a)", [ex.to_json(), model.key_answer(ex)])
        assert j["score"] == pytest.approx(1.0), ex.id
    assert page.evaluate("t => medialitExercises.inert(t)", f"x{RLO}y{PDI}") == texts.inert(f"x{RLO}y{PDI}")
    assert page.evaluate("t => medialitExercises.codePoints(t).length", ASTRAL_TEXT) == len(ASTRAL_TEXT)
    assert not errors


@pytest.mark.browser
def test_markup_in_the_metadata_renders_as_text_on_the_page(kit, capsys, tmp_path, blank_page):
    page, errors = blank_page
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    exs = _compile_fixture(kit, capsys, tmp_path, SCRIPT)
    for ex in exs[:3]:  # the who-is-behind questions carry the title, the outlet and the byline
        got = page.evaluate(f"""ex => {{ const el = ({FAKE_MODEL})(ex);
            return {{ tags: Array.from(el.querySelectorAll('script, b, i, img')).length, text: el.textContent }}; }}""",
                            ex.to_json())
        assert got["tags"] == 0, ex.id
        if ex.type == "single":
            assert any(o["text"] in got["text"] for o in ex.public["options"] if "<" in o["text"])
    right = page.evaluate("([ex, a]) => medialitExercises.scoreStatic(ex, a)",
                          [exs[0].to_json(), model.key_answer(exs[0])])
    assert right["score"] == 1.0
    assert not dialogs and not errors


# --- bad input: refused, with a message, nothing changed -----------------------------------------------------------

def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


BAD_FILES = [
    ("empty", b"", "is empty (0 bytes)"),
    ("blank", b"\xef\xbb\xbf  \n\n \r\n", "holds no text"),
    ("latin1", "Caf\u00e9 cr\u00e8me, a story.".encode("latin-1"), "is not UTF-8 text: byte 3 (line 1) is 0xe9"),
    ("utf16", "A story".encode("utf-16"), "is UTF-16 text"),
    ("nul", b"A story\x00 with a NUL", "holds a control character (U+0000) on line 1"),
    ("lone-cr", b"Line one\rLine two\r", "lone CR (line 1)"),
    ("html-page", b"<!DOCTYPE html>\n<html><body><p>A story</p></body></html>", "looks like HTML (it starts with <!DOCTYPE html"),
    ("html-fragment", b"<p>One</p>\n<p>Two</p>\n<p>Three <b>bold</b></p>", "looks like HTML (it holds 8 HTML tags"),
    ("docx", _docx(), "is a ZIP container (a word-processor file"),
    ("doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "an Office file of the old kind"),
    ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "is a PDF"),
    ("rtf", b"{\\rtf1\\ansi A story}", "is a Rich Text file (.rtf)"),
    ("big", b"word " * 200_001, "over the limit of 1,000,000 bytes"),
]


def _refused(capsys, kit, args, message):
    before = tree(kit)
    rc, out, err = cli(capsys, *args)
    assert rc == 2, (out, err)
    assert message in err, err
    assert "Traceback" not in err and out == ""
    assert tree(kit) == before
    return err


@pytest.mark.parametrize("name, raw, message", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_file_is_refused_and_nothing_changes(kit, capsys, tmp_path, name, raw, message):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(raw)
    _refused(capsys, kit, ["article", "add", path, "--id", "X", "--title", "T", "--outlet", "O"], message)


def test_paths_that_are_not_regular_files_are_refused(kit, capsys, tmp_path):
    base = ["--id", "X", "--title", "T", "--outlet", "O"]
    folder = tmp_path / "folder"
    folder.mkdir()
    _refused(capsys, kit, ["article", "add", folder, *base], "is a folder")
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    _refused(capsys, kit, ["article", "add", fifo, *base], "is not a regular file (it is a pipe")
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("A story that lives elsewhere.", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(outside)
    _refused(capsys, kit, ["article", "add", link, *base], f"is a symbolic link (to {outside})")
    _refused(capsys, kit, ["article", "add", tmp_path / "missing.txt", *base], "there is no such file")


BAD_OPTIONS = [
    (["--id", "x1"], "does not match ^[A-Z][A-Z0-9]{0,5}$"),
    (["--id", "ABCDEFG"], "does not match"),
    (["--id", "1A"], "does not match"),
    (["--id", "A-1"], "does not match"),
    (["--id", ""], "does not match"),
    (["--id", "A"], "--id A is already used by a text of the corpus"),
    (["--id", "L1"], "exercise ids such as L1-E01"),
    (["--id", "G"], "exercise ids such as G-01"),
    (["--url", "javascript:alert(1)"], "--url must be a web address starting with http:// or https://"),
    (["--url", "ftp://example.org/a"], "--url must be a web address"),
    (["--url", "example.org/a"], "--url must be a web address"),
    (["--date", "30/11/2026"], "--date '30/11/2026' is not a date"),
    (["--date", "2026-02-30"], "is not a date"),
    (["--title", "Two\nlines"], "--title holds a line break"),
    (["--title", "  "], "--title is empty"),
    (["--outlet", ""], "--outlet is empty"),
]


@pytest.mark.parametrize("options, message", BAD_OPTIONS, ids=[" ".join(o) for o, _ in BAD_OPTIONS])
def test_bad_options_are_refused_and_nothing_changes(kit, capsys, tmp_path, options, message):
    path = write_source(tmp_path, ONE)
    given = dict(zip(options[::2], options[1::2]))
    base = {"--id": "X", "--title": "T", "--outlet": "O", **given}
    args = ["article", "add", path]
    for k, v in base.items():
        args += [k, v]
    _refused(capsys, kit, args, message)


def test_an_id_already_used_by_an_added_article_or_leftovers(kit, capsys, tmp_path):
    assert add(capsys, tmp_path, ONE)[0] == 0
    other = tmp_path / "other.txt"
    other.write_text("Another story altogether.", encoding="utf-8")
    _refused(capsys, kit, ["article", "add", other, "--id", "ONE", "--title", "T", "--outlet", "O"],
             "--id ONE is already used by a text of the corpus")
    _refused(capsys, kit, ["article", "add", write_source(tmp_path, ONE), "--id", "TWO", "--title", "T",
                           "--outlet", "O"], "is the same text as article ONE")
    (kit / "seeds" / "claims_OLD.yaml").write_text("[]\n", encoding="utf-8")
    _refused(capsys, kit, ["article", "add", other, "--id", "OLD", "--title", "T", "--outlet", "O"],
             "--id OLD is already used: seeds/claims_OLD.yaml exists")


def test_the_real_command_exits_2_without_a_traceback(kit, tmp_path):
    """Through a real process: a FIFO (which must not block), a bad id, a missing option."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    env = {**os.environ, "MEDIALIT_ROOT": str(kit), "PYTHONPATH": str(ROOT)}
    before = tree(kit)
    for args, message in [([str(fifo), "--id", "X", "--title", "T", "--outlet", "O"], "is not a regular file"),
                          ([str(fifo), "--id", "x", "--title", "T", "--outlet", "O"], "does not match"),
                          ([str(fifo), "--id", "X", "--title", "T"], "the following arguments are required: --outlet")]:
        res = subprocess.run([sys.executable, "-m", "medialit", "article", "add", *args], capture_output=True,
                             text=True, env=env, cwd=kit, timeout=60)
        assert res.returncode == 2 and message in res.stderr and "Traceback" not in res.stderr, res.stderr
    assert tree(kit) == before


# --- the validator on an added article's annotations ------------------------------------------------------

def test_the_validator_reports_an_added_articles_annotations_by_file_and_line(kit, capsys, tmp_path):
    assert add(capsys, tmp_path, ASTRAL)[0] == 0
    annotate(kit, ASTRAL)
    spans = kit / "seeds" / "spans.tsv"
    lines = spans.read_text(encoding="utf-8").split("\n")
    n = next(i for i, line in enumerate(lines) if line.startswith("ASTRAL-S001\t"))
    cells = lines[n].split("\t")
    cells[4] = str(int(cells[4]) - 1)  # cuts "disaster"
    lines[n] = "\t".join(cells)
    spans.write_text("\n".join(lines), encoding="utf-8")
    claims = kit / "seeds" / "claims_ASTRAL.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("a betrayal of the nation", "a betrayal of nations"),
                      encoding="utf-8")
    rc, out, _ = cli(capsys, "validate")
    assert rc == 1
    assert f"seeds/spans.tsv:{n + 1}: span ends inside a word" in out
    assert f"seeds/spans.tsv:{n + 1}: text column" in out
    assert "seeds/claims_ASTRAL.yaml:" in out and "quote is not an exact substring of ASTRAL-P02" in out
    # article exercises refuses to work from annotations with problems, and writes nothing.
    before = tree(kit)
    rc, _, err = cli(capsys, "article", "exercises", "ASTRAL")
    assert rc == 2 and "fix them first" in err and tree(kit) == before


# --- SemEval import --------------------------------------------------------------------------------------------------

def test_spans_imported_from_semeval_go_through_the_validator(kit, capsys, tmp_path):
    assert add(capsys, tmp_path, CRLF)[0] == 0
    a = texts.load_article("CRLF")
    stem = Path(a.file).stem
    b1 = a.text.index("total disaster")
    b2 = a.text.index("everyone knows it")
    tsv = tmp_path / "prta.tsv"
    tsv.write_text(f"{stem}\tLoaded_Language\t{b1}\t{b1 + 14}\r\n"
                   f"CRLF\tBandwagon,Reductio_ad_hitlerum\t{b2}\t{b2 + 17}\r\n", encoding="utf-8")
    before = tree(kit)
    rc, out, err = cli(capsys, "article", "import-spans", "CRLF", tsv)
    assert rc == 0, err
    assert changed(before, tree(kit)) == {"seeds/spans.tsv"}
    assert "CRLF-S001 to CRLF-S002" in out
    rc, out, _ = cli(capsys, "validate")
    assert rc == 1
    todo = [line for line in out.splitlines() if "rationale is still a TODO" in line]
    assert len(todo) == 2 and all(line.startswith("seeds/spans.tsv:") for line in todo)
    from medialit import dataset

    spans = dataset.spans()
    rows = spans[spans.article == "CRLF"]
    assert list(rows.technique) == ["Loaded_Language", "Bandwagon"]
    assert "merged label 'Bandwagon,Reductio_ad_hitlerum'" in rows.iloc[1].rationale
    # Writing the rationales settles the validator.
    path = kit / "seeds" / "spans.tsv"
    text = path.read_text(encoding="utf-8")
    path.write_text("\n".join("\t".join(line.split("\t")[:9] + ["Words that work on the reader."])
                              if line.startswith("CRLF-S") else line for line in text.split("\n")), encoding="utf-8")
    assert cli(capsys, "validate")[0] == 0
    # A second import of the same spans is refused.
    _refused(capsys, kit, ["article", "import-spans", "CRLF", tsv], "is already in seeds/spans.tsv as CRLF-S001")


def test_a_bad_semeval_file_is_refused_line_by_line(kit, capsys, tmp_path):
    assert add(capsys, tmp_path, CRLF)[0] == 0
    a = texts.load_article("CRLF")
    b = a.text.index("total disaster")
    tsv = tmp_path / "bad.tsv"
    tsv.write_text(f"CRLF\tLoaded_Language\t{b}\n"
                   f"OTHER\tLoaded_Language\t{b}\t{b + 14}\n"
                   f"CRLF\tLoaded_Lingo\t{b}\t{b + 14}\n"
                   f"CRLF\tLoaded_Language\t{b + 1}\t{b + 14}\n"
                   f"CRLF\tLoaded_Language\t{b}\t{len(a.text) + 5}\n", encoding="utf-8")
    err = _refused(capsys, kit, ["article", "import-spans", "CRLF", tsv], "nothing was imported")
    assert "bad.tsv:1: expected 4 tab-separated fields" in err
    assert "bad.tsv:2: article id 'OTHER' is not CRLF's" in err
    assert "bad.tsv:3: 'Loaded_Lingo' is neither" in err
    assert "bad.tsv:4: span" in err and "inside a word" in err
    assert "bad.tsv:5: offsets" in err and "lie outside article CRLF" in err
    assert "a CRLF line break is two characters" in err
    _refused(capsys, kit, ["article", "import-spans", "A", tsv], "A is one of the kit's case studies")


# --- generating again, and removing -------------------------------------------------------------------------------------

def test_exercises_without_annotations_and_never_over_edits(kit, capsys, tmp_path):
    assert add(capsys, tmp_path, ONE)[0] == 0
    rc, out, _ = cli(capsys, "article", "exercises", "ONE")
    assert rc == 0 and "left out: No technique spans" in out and "left out: No claims" in out
    path = kit / "solutions" / "exercises" / "one.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# my edits\n", encoding="utf-8")
    _refused(capsys, kit, ["article", "exercises", "ONE"], "already exists (and may hold your edits)")
    assert cli(capsys, "article", "exercises", "ONE", "--force")[0] == 0
    assert "# my edits" not in path.read_text(encoding="utf-8")
    _refused(capsys, kit, ["article", "exercises", "B"], "B is one of the kit's case studies")
    # An outlet that is not known and no byline: the right answers say so.
    anon = tmp_path / "anon.txt"
    anon.write_text("An unsigned story from nowhere.", encoding="utf-8")
    assert cli(capsys, "article", "add", anon, "--id", "ANON", "--title", "Anon", "--outlet", "unknown")[0] == 0
    assert cli(capsys, "article", "exercises", "ANON")[0] == 0
    data = yaml.safe_load((kit / "solutions" / "exercises" / "anon.yaml").read_text(encoding="utf-8"))
    keys = [next(o["text"] for o in d["options"] if o["id"] == d["answer"]) for d in data["exercises"][:2]]
    assert keys == ["Neither the text nor the kit's record of it says.", "No one: the text carries no byline."]
    _refused(capsys, kit, ["article", "exercises", "NOPE"], "There is no article 'NOPE'")


def test_remove_says_what_it_removes_and_leaves_the_kit_as_it_was(kit, capsys, tmp_path):
    original = tree(kit)
    _compile_fixture(kit, capsys, tmp_path, MANY)
    assert (kit / "medialit" / "exercises" / "bank" / "many.json").exists()
    # Without --yes and without a terminal: it says what it would remove, and removes nothing.
    before = tree(kit)
    rc, out, err = cli(capsys, "article", "remove", "MANY")
    assert rc == 2 and "Nothing was removed: run again with --yes" in err and tree(kit) == before
    for what in ("seeds/claims_MANY.yaml", "seeds/cards_MANY.yaml", "solutions/exercises/many.yaml",
                 "medialit/exercises/bank/many.json", "3 row(s) of article MANY in seeds/spans.tsv",
                 "1 row(s) of article MANY in seeds/attributions.tsv"):
        assert what in out, out
    rc, out, err = cli(capsys, "article", "remove", "MANY", "--yes")
    assert rc == 0, err
    assert tree(kit) == original
    assert "MANY" not in texts.article_files()


def test_remove_asks_at_a_terminal(kit, capsys, tmp_path, monkeypatch):
    assert add(capsys, tmp_path, ONE)[0] == 0
    before = tree(kit)

    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stdin", Tty("n\n"))
    rc, out, _ = cli(capsys, "article", "remove", "ONE")
    assert rc == 1 and "Remove them? [y/N]" in out and tree(kit) == before
    monkeypatch.setattr(sys, "stdin", Tty("y\n"))
    assert cli(capsys, "article", "remove", "ONE")[0] == 0 and "ONE" not in texts.article_files()


def test_remove_refuses_the_case_studies_and_what_others_depend_on(kit, capsys, tmp_path):
    _refused(capsys, kit, ["article", "remove", "A", "--yes"], "A is one of the kit's case studies")
    _refused(capsys, kit, ["article", "remove", "B", "--yes"], "B is one of the kit's case studies")
    assert add(capsys, tmp_path, ONE)[0] == 0
    annotate(kit, ONE)
    profiles = kit / "seeds" / "profiles.yaml"
    profiles.write_text(profiles.read_text(encoding="utf-8") + "\n- id: test-gazette\n  name: The Test Gazette\n"
                        "  kind: outlet\n  role: publisher of ONE\n  facts:\n  - text: It published ONE.\n"
                        "    evidence:\n    - card: ONE-P01\n      role: decisive\n      independent: 'yes'\n"
                        "    confidence: M\n", encoding="utf-8")
    err = _refused(capsys, kit, ["article", "remove", "ONE", "--yes"], "These refer to article ONE")
    assert "seeds/profiles.yaml:" in err and "ONE-P01" in err


def test_an_unwritable_step_leaves_nothing_behind(kit, capsys, tmp_path, monkeypatch):
    """If writing fails half way (here: articles.yaml), the files already written are undone."""
    before = tree(kit)
    real = art_mod.Changes.write

    def failing(self, path, data):
        if Path(path).name == "articles.yaml":
            raise OSError(28, "No space left on device", str(path))
        return real(self, path, data)

    monkeypatch.setattr(art_mod.Changes, "write", failing)
    rc, out, err = add(capsys, tmp_path, ONE)
    assert rc == 2 and "No space left on device" in err
    assert tree(kit) == before
    assert "ONE" not in texts.article_files()


def test_the_generated_definitions_are_plain_yaml_with_a_guide(kit, capsys, tmp_path):
    assert add(capsys, tmp_path, ONE)[0] == 0
    annotate(kit, ONE)
    assert cli(capsys, "article", "exercises", "ONE")[0] == 0
    text = (kit / "solutions" / "exercises" / "one.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Capstone set for article ONE")
    assert "python -m medialit exercises one" in text and "retired:" in text
    data = yaml.safe_load(text)
    # two who-is-behind, a highlight, attributions, checkability, a lateral reading; the four-part fact-check
    assert data["set"] == "one" and len(data["exercises"]) == 10
    assert [d["type"] for d in data["exercises"]].count("open") == 4
    json.dumps(data)  # plain data


# --- where the kit's other renderers show an added article's metadata -----------------------------------------

def test_the_gradebook_holds_ids_and_the_summary_holds_markup_as_plain_csv_text(kit, capsys, tmp_path):
    from medialit.instructor import grade as G

    _compile_fixture(kit, capsys, tmp_path, SCRIPT)
    keys = G.load_keys(kit / "solutions")
    e1, e2 = keys["SCRIPT-E01"], keys["SCRIPT-E02"]
    wrong = next(o["id"] for o in e1.public["options"] if o["id"] != e1.secret()["key"])
    hand = tmp_path / "hand"
    hand.mkdir()
    (hand / "ana.json").write_text(json.dumps({"schema": "medialit-answers/2", "student": {"name": "Ana"},
                                               "answers": {"SCRIPT-E01": {"answer": wrong},
                                                           "SCRIPT-E02": {"answer": e2.secret()["key"]}}}),
                                   encoding="utf-8")
    results, keys = G.grade_folder(hand, kit / "solutions", workers=1)
    paths = G.write_outputs(results, keys, tmp_path / "grading", sets=["script"])
    assert results[0].scores["SCRIPT-E02"] == 1.0 and results[0].scores["SCRIPT-E01"] == 0.0
    import csv

    with open(paths["gradebook"], encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert "SCRIPT-E01" in rows[0] and not any("<" in cell for row in rows for cell in row)
    with open(paths["summary_csv"], encoding="utf-8", newline="") as fh:
        summary = {r["exercise"]: r for r in csv.DictReader(fh)}
    assert set(summary) >= {"SCRIPT-E01", "SCRIPT-E02"}  # the titles hold no metadata, only the article's id
    assert all("<" not in r["title"] for r in summary.values())


def test_feedback_files_show_markup_in_the_metadata_as_text(kit, capsys, tmp_path):
    from medialit.instructor import grade as G

    _compile_fixture(kit, capsys, tmp_path, SCRIPT)
    keys = G.load_keys(kit / "solutions")
    e2 = keys["SCRIPT-E02"]
    hand = tmp_path / "hand"
    hand.mkdir()
    (hand / "ana.json").write_text(json.dumps({"schema": "medialit-answers/2", "student": {"name": "Ana"},
                                               "answers": {"SCRIPT-E02": {"answer": e2.secret()["key"]}}}),
                                   encoding="utf-8")
    results, keys = G.grade_folder(hand, kit / "solutions", workers=1)
    G.write_outputs(results, keys, tmp_path / "grading", sets=["script"])
    feedback = (tmp_path / "grading" / "feedback" / "Ana.md").read_text(encoding="utf-8")
    assert "<img" not in feedback


def test_the_books_article_page_shows_bidi_controls_as_marks(kit, capsys, tmp_path):
    from medialit.sphinxext import article_html

    assert add(capsys, tmp_path, BIDI)[0] == 0
    html = article_html("BIDI")
    assert not any(c in html for c in BIDI_CHARS) and "\u27e8U+202E\u27e9" in html
