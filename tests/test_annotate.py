"""The annotation notebook: ``medialit.annotate`` (what it calls) and its widget.

Every test works on a temporary copy of the kit with a fixture article added by ``article add``
(tests/test_article.py's fixtures): annotate it through the module's functions, check the rows
and items written against the corpus formats, validate, generate and compile the exercises and
score their keys; bad input is refused with its message and nothing changed; a case study is
refused; markup typed by a teacher is stored as text and shown escaped. The widget is driven
from Python as JupyterLab would drive it, and must call the same functions.
"""

from __future__ import annotations

import json

import pytest
import yaml

from medialit import annotate as A
from medialit import dataset
from medialit.corpus import texts
from medialit.corpus.files import escape_cell
from medialit.corpus.vocabulary import ATTR_COLUMNS, SPAN_COLUMNS
from medialit.errors import KitError
from medialit.exercises import model
from medialit.exercises.registry import TYPES
from medialit.exercises.scoring import score
from medialit.exercises.types.passages import word_tokens

from .helpers import ROOT, cell_outputs_text, run_notebook
from .test_article import ASTRAL, BIDI, CRLF, ONE, add, blank_page, changed, cli, compiled, kit, tree  # noqa: F401

CHECKED = "2026-12-01"
SCRIPT = "<script>alert('x')</script> & <b>bold</b>"


def _para(fx, phrase):
    a = texts.load_article(fx.key)
    start = a.text.index(fx.attribution)
    b = a.text.index(phrase, a.paragraph_at(start).start)
    return a, b, b + len(phrase), a.paragraph_at(b)


def _rows(name, key):
    lines = (texts.seeds_dir() / name).read_text(encoding="utf-8").split("\n")
    return [line.split("\t") for line in lines[1:] if line.split("\t")[1:2] == [key]]


def _annotate(fx):
    """Annotate the fixture through the module's functions: every way of choosing words once."""
    saved = []
    (p1, t1), (p2, t2), (p3, t3) = fx.spans[:3]
    a, b, e, para = _para(fx, p1)
    saved.append(A.add_span(fx.key, para.id, t1, f"The words {p1!r} work on the reader.", words=p1))
    a, b, e, para = _para(fx, p2)
    tokens = word_tokens(para.text)
    idx = [i for i, (tb, te) in enumerate(tokens) if tb >= b - para.start and te <= e - para.start]
    saved.append(A.add_span(fx.key, para.id, t2, f"The words {p2!r} work on the reader.", word_indices=idx,
                            alt_technique="Loaded_Language", tags=["hyperbole_number"]))
    a, b, e, para = _para(fx, p3)
    saved.append(A.add_span(fx.key, para.id, t3, f"The words {p3!r} work on the reader.", begin=b, end=e))
    saved.append(A.add_card(fx.key, title="Annual report on the plan", publisher="The statistics office",
                            url="https://example.org/report", kind="government record", partisan="none",
                            summary="The plan met some of its targets and missed others.",
                            excerpt="some targets were met", relays="document", date="2026-01-01",
                            keywords="plan, targets"))
    card = saved[-1].id
    quote = fx.claims[0]
    a, b, e, para = _para(fx, quote)
    saved.append(A.add_claim(fx.key, para.id, words=quote, claim="The plan failed.", claim_type="factual statement",
                             attributed_to="the minister", checkable="partly", verdict="misleading", confidence="M",
                             summary="The statistics office found some targets met and others missed.",
                             evidence=[{"card": card, "role": "decisive", "independent": "yes"}], checked=CHECKED))
    if len(fx.claims) > 1:
        a, b, e, para = _para(fx, fx.claims[1])
        saved.append(A.add_claim(fx.key, para.id, words=fx.claims[1], claim="The scheme betrays the nation.",
                                 claim_type="opinion presented as fact", attributed_to="critics", checkable="no",
                                 verdict="not checkable", confidence="NF", summary="An opinion: nothing could settle it.",
                                 checked=CHECKED))
    a, b, e, para = _para(fx, fx.attribution)
    saved.append(A.add_attribution(fx.key, para.id, words=fx.attribution, source="the minister",
                                   source_type="anonymous_or_vague", use="paraphrase", traceable="partly",
                                   note="Which minister is not said."))
    return saved


# --- the whole way, through the functions -----------------------------------------------------------

@pytest.mark.parametrize("fx", [ONE, CRLF, ASTRAL, BIDI], ids=lambda f: f.key)
def test_annotate_validate_generate_score(kit, capsys, tmp_path, fx):
    assert add(capsys, tmp_path, fx)[0] == 0
    saved = _annotate(fx)
    card = next(s for s in saved if "cards_" in s.file)
    # The card is cited by no claim until the claim is saved: the validator says so, then no more.
    assert card.id == "SC-400" and card.problems == ["seeds/cards_%s.yaml:4: card SC-400 is cited by no claim or "
                                                     "profile" % fx.key]
    for s in saved:
        assert s is card or (s.ok and s.problems == []), (s.id, s.problems)
    assert [s.id for s in saved if s.file == "seeds/spans.tsv"] == [f"{fx.key}-S00{i}" for i in (1, 2, 3)]
    assert [s.id for s in saved if "claims_" in s.file] == [f"{fx.key}-C00{i}" for i in range(1, len(fx.claims) + 1)]

    a = texts.load_article(fx.key)
    # spans.tsv: the rows a hand annotator would write (FORMATS.md), offsets found with the loader.
    rows = _rows("spans.tsv", fx.key)
    assert all(len(r) == len(SPAN_COLUMNS) for r in rows)
    for r, (phrase, technique) in zip(rows, fx.spans):
        _, b, e, para = _para(fx, phrase)
        assert r[:6] == [r[0], fx.key, para.id, str(b), str(e), technique]
        assert r[8] == escape_cell(a.text[b:e]) and r[9] == f"The words {phrase!r} work on the reader."
    assert rows[1][6:8] == ["Loaded_Language", "hyperbole_number"]
    attrs = _rows("attributions.tsv", fx.key)
    _, b, e, para = _para(fx, fx.attribution)
    assert attrs == [[f"{fx.key}-T001", fx.key, para.id, str(b), str(e), escape_cell(fx.attribution), "the minister",
                      "anonymous_or_vague", "", "paraphrase", "partly", "Which minister is not said."]]
    assert len(attrs[0]) == len(ATTR_COLUMNS)
    claims = yaml.safe_load((kit / "seeds" / f"claims_{fx.key}.yaml").read_text(encoding="utf-8"))
    assert list(claims[0]) == ["id", "article", "paragraph_id", "quote", "claim", "claim_type", "attributed_to",
                               "checkable", "verdict", "summary", "evidence", "confidence", "search_note", "checked"]
    assert claims[0]["quote"] == fx.claims[0] and claims[0]["checked"] == CHECKED
    assert claims[0]["evidence"] == [{"card": "SC-400", "role": "decisive", "independent": "yes"}]
    cards = yaml.safe_load((kit / "seeds" / f"cards_{fx.key}.yaml").read_text(encoding="utf-8"))
    assert cards[0]["id"] == "SC-400" and cards[0]["keywords"] == ["plan", "targets"] and cards[0]["date"] == "2026-01-01"
    # The loaders read them back like the case studies' annotations.
    spans = dataset.spans()
    assert list(spans[spans.article == fx.key].text) == [a.text[int(r[3]):int(r[4])] for r in rows]

    rc, out, err = cli(capsys, "validate")
    assert rc == 0, out + err
    rc, out, err = cli(capsys, "article", "exercises", fx.key)
    assert rc == 0, err
    assert cli(capsys, "exercises", fx.key.lower())[0] == 0
    exs = compiled(fx.key.lower())
    kinds = [e.type for e in exs]
    assert "highlight" in kinds and "lateral" in kinds and kinds.count("categorise") == 2
    for ex in exs:
        if TYPES[ex.type].scored:
            res = score(ex, model.key_answer(ex))
            assert res.score == pytest.approx(1.0), (ex.id, res.feedback)


def test_the_confidence_rules_are_the_validators(kit, capsys, tmp_path):
    """One good card allows M, not H: the save writes the claim and the validator says why."""
    assert add(capsys, tmp_path, ONE)[0] == 0
    card = A.add_card("ONE", title="A report", publisher="An office", url="https://example.org/a",
                      kind="government record", partisan="none", summary="It says so.", excerpt="it says so",
                      relays="document")
    assert card.problems == [f"seeds/cards_ONE.yaml:4: card {card.id} is cited by no claim or profile"]
    s = A.add_claim("ONE", "ONE-P01", words="a total disaster", claim="The plan failed.",
                    claim_type="factual statement", attributed_to="the minister", checkable="yes", verdict="accurate",
                    confidence="H", summary="The report says so.", evidence=[(card.id, "decisive", "yes")])
    assert len(s.problems) == 1 and "confidence H is more than the evidence allows (M)" in s.problems[0]
    assert s.problems[0].startswith("seeds/claims_ONE.yaml:")
    assert not s.ok and "1 problem(s)" in " ".join(s.lines())
    # Not found is never H; an unverified claim needs what was searched.
    s = A.replace_claim("ONE", s.id, verdict="unverified", confidence="NF", evidence=[], unverified_kind="not_found")
    assert any("search_note" in p for p in s.problems) and any("languages_searched" in p for p in s.problems)
    s = A.replace_claim("ONE", s.id, search_note="Searched the office's site in English.", languages_searched="en")
    assert s.problems == [card.problems[0]]  # the claim is valid; the card is cited by nothing now
    s = A.replace_claim("ONE", s.id, verdict="accurate", confidence="M", unverified_kind=None,
                        evidence=[{"card": card.id, "role": "decisive", "independent": "yes"}])
    assert s.ok, s.problems
    claim = yaml.safe_load((kit / "seeds" / "claims_ONE.yaml").read_text(encoding="utf-8"))[0]
    assert claim["id"] == "ONE-C001" and claim["confidence"] == "M" and "unverified_kind" not in claim


# --- replacing and removing -----------------------------------------------------------------------------

def test_replace_and_remove_leave_the_rest_of_each_file_as_it_was(kit, capsys, tmp_path):
    assert add(capsys, tmp_path, ONE)[0] == 0
    _annotate(ONE)
    spans_path = kit / "seeds" / "spans.tsv"
    before = spans_path.read_text(encoding="utf-8").split("\n")
    s = A.replace_span("ONE", "ONE-S002", technique="Slogans", rationale="A slogan, repeated.")
    assert s.action == "replaced" and s.ok
    after = spans_path.read_text(encoding="utf-8").split("\n")
    diff = [i for i, (x, y) in enumerate(zip(before, after)) if x != y]
    assert len(before) == len(after) and len(diff) == 1
    assert after[diff[0]].split("\t")[:6] == ["ONE-S002", "ONE", "ONE-P01", *before[diff[0]].split("\t")[3:5], "Slogans"]
    s = A.remove_span("ONE", "ONE-S001")
    assert s.action == "removed" and s.ok
    assert spans_path.read_text(encoding="utf-8").split("\n") == [x for x in after if not x.startswith("ONE-S001\t")]
    assert [r["span_id"] for r in A.spans_of("ONE")] == ["ONE-S002", "ONE-S003"]
    assert A.add_span("ONE", "ONE-P01", "Doubt", "Casts doubt.", words="Critics").id == "ONE-S004"

    claims_path = kit / "seeds" / "claims_ONE.yaml"
    head = claims_path.read_text(encoding="utf-8").split("\n")[:2]
    with pytest.raises(KitError, match="SC-400 is cited in seeds/claims_ONE.yaml"):
        A.remove_card("ONE", "SC-400")
    A.remove_claim("ONE", "ONE-C001")
    text = claims_path.read_text(encoding="utf-8")
    assert text.split("\n")[:2] == head  # the comments stay
    assert [c["id"] for c in yaml.safe_load(text)] == ["ONE-C002"]
    assert A.remove_card("ONE", "SC-400").ok
    assert A.cards_of("ONE") == []
    A.remove_attribution("ONE", "ONE-T001")
    assert A.attributions_of("ONE") == []
    # A removal that the exercise set refers to says so.
    assert cli(capsys, "article", "exercises", "ONE")[0] == 0
    s = A.remove_claim("ONE", "ONE-C002")
    assert any("solutions/exercises/one.yaml refers to ONE-C002" in n for n in s.notes)
    rc, out, err = cli(capsys, "validate")
    assert rc == 0, out + err


# --- refusals -----------------------------------------------------------------------------------------------

REFUSALS = [
    ("span", dict(technique="Propaganda", rationale="Why.", words="total disaster"), "technique 'Propaganda' is not one"),
    ("span", dict(technique="Loaded_Language", rationale="  \n ", words="total disaster"), "The rationale is empty"),
    ("span", dict(technique="Loaded_Language", rationale="TODO later", words="total disaster"), "still starts with TODO"),
    ("span", dict(technique="Loaded_Language", rationale="Why.", words="total disaster",
                  alt_technique="Loaded_Language"), "repeats the technique"),
    ("span", dict(technique="Loaded_Language", rationale="Why.", words="total catastrophe"),
     "ONE-P01 does not contain the words 'total catastrophe'"),
    ("span", dict(technique="Loaded_Language", rationale="Why.", words="the", occurrence=9), "appear 3 time(s)"),
    ("span", dict(technique="Loaded_Language", rationale="Why.", word_indices=[1, 3]), "have a gap (the word 'said'"),
    ("span", dict(technique="Loaded_Language", rationale="Why.", word_indices=[]), "No words are selected"),
    ("span", dict(technique="Loaded_Language", rationale="Why.", word_indices=[999]), "word numbers run from 0"),
    ("span", dict(technique="Loaded_Language", rationale="Why.", begin=33, end=46), "starts inside a word"),
    ("span", dict(technique="Loaded_Language", rationale="Why."), "Select the words first"),
    ("span", dict(technique="Loaded_Language", rationale="Why.", words="total", begin=1, end=4), "give only one"),
    ("span", dict(technique="Loaded_Language", rationale="Why.", words="total disaster", paragraph_id="A-P01"),
     "choose a paragraph of article ONE"),
    ("span", dict(technique="Loaded_Language", rationale="Why.", words="total disaster", paragraph_id="ONE-P09"),
     "has no paragraph 'ONE-P09'"),
    ("claim", dict(evidence=[{"card": "SC-999", "role": "decisive", "independent": "yes"}]),
     "Evidence 'SC-999' is not a source card"),
    ("claim", dict(evidence=[{"card": "SC-101", "role": "key", "independent": "yes"}]), "role of SC-101 'key'"),
    ("claim", dict(verdict="true"), "verdict 'true' is not one"),
    ("claim", dict(confidence="high"), "confidence 'high' is not one"),
    ("claim", dict(claim=""), "The claim is empty"),
    ("claim", dict(checked="30/11/2026"), "is not a date"),
    ("claim", dict(languages_searched="English"), "'english' is not a two-letter language code"),
    ("claim", dict(unverified_kind="secret"), "goes only with the verdict unverified"),
    ("card", dict(url="example.org"), "must start with http:// or https://"),
    ("card", dict(excerpt=" ".join(["word"] * 26)), "The excerpt has 26 words; at most 25"),
    ("card", dict(kind="blog"), "kind 'blog' is not one"),
    ("attribution", dict(source_type="someone"), "source_type 'someone' is not one"),
    ("attribution", dict(note=""), "The note is empty"),
    ("remove_span", dict(span_id="ONE-S077"), "Article ONE has no span 'ONE-S077'"),
]

GOOD = {
    "span": dict(paragraph_id="ONE-P01"),
    "claim": dict(paragraph_id="ONE-P01", words="a total disaster", claim="It failed.", claim_type="factual statement",
                  attributed_to="the minister", checkable="yes", verdict="accurate", confidence="M", summary="So.",
                  evidence=[{"card": "SC-101", "role": "decisive", "independent": "yes"}]),
    "card": dict(title="T", publisher="P", url="https://example.org/x", kind="newspaper", partisan="none",
                 summary="S.", excerpt="e", relays="own reporting"),
    "attribution": dict(paragraph_id="ONE-P01", words="The minister said", source="the minister",
                        source_type="anonymous_or_vague", use="paraphrase", traceable="partly", note="N."),
    "remove_span": {},
}


@pytest.mark.parametrize("what,kwargs,message", REFUSALS, ids=[f"{w}-{m[:24]}" for w, _, m in REFUSALS])
def test_bad_input_is_refused_with_its_message_and_nothing_changes(kit, capsys, tmp_path, what, kwargs, message):
    assert add(capsys, tmp_path, ONE)[0] == 0
    call = {"span": A.add_span, "claim": A.add_claim, "card": A.add_card, "attribution": A.add_attribution,
            "remove_span": A.remove_span}[what]
    args = {**GOOD[what], **kwargs}
    before = tree(kit)
    with pytest.raises(KitError) as exc:
        call("ONE", **args)
    assert message in str(exc.value), str(exc.value)
    assert tree(kit) == before


def test_the_same_span_twice_is_refused(kit, capsys, tmp_path):
    assert add(capsys, tmp_path, ONE)[0] == 0
    A.add_span("ONE", "ONE-P01", "Loaded_Language", "Why.", words="total disaster")
    before = tree(kit)
    with pytest.raises(KitError, match="already marked as Loaded_Language: span ONE-S001"):
        A.add_span("ONE", "ONE-P01", "Loaded_Language", "Again.", words="total disaster")
    assert tree(kit) == before


def test_case_studies_and_unknown_articles_are_refused(kit, capsys, tmp_path):
    before = tree(kit)
    for call in (lambda: A.add_span("A", "A-P01", "Loaded_Language", "Why.", words="reveals"),
                 lambda: A.remove_span("B", "B-S001"),
                 lambda: A.add_card("A", **GOOD["card"]),
                 lambda: A.spans_of("A")):
        with pytest.raises(KitError, match="A is one of the kit's case studies|B is one of the kit's case studies"):
            call()
    with pytest.raises(KitError, match="There is no article 'ZZ'"):
        A.add_span("ZZ", "ZZ-P01", "Loaded_Language", "Why.", words="x")
    assert tree(kit) == before
    assert A.added_articles() == []
    html = A.annotator("A").data
    assert "case studies" in html and "No article has been added yet" in html


# --- markup typed by a teacher ------------------------------------------------------------------------

def test_markup_in_a_rationale_is_stored_as_text_and_shown_escaped(kit, capsys, tmp_path):
    from medialit.annotate_widget import STATUS_ESM, annotator

    assert add(capsys, tmp_path, ONE)[0] == 0
    s = A.add_span("ONE", "ONE-P01", "Loaded_Language", SCRIPT, words="total disaster")
    assert s.ok
    row = _rows("spans.tsv", "ONE")[0]
    assert row[9] == SCRIPT  # verbatim in the file
    assert dataset.spans().set_index("span_id").loc["ONE-S001", "rationale"] == SCRIPT
    w = annotator("ONE")
    shown = " ".join(child.value for row in w.span_list.children for child in row.children if hasattr(child, "value"))
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in shown
    assert "<script" not in shown and "<b>bold" not in shown
    # The validator's messages are shown as text by the status box (textContent, never innerHTML).
    assert "textContent = line" in STATUS_ESM and "innerHTML" not in STATUS_ESM
    # A claim and a card holding markup: YAML keeps it as text, and the widget escapes it.
    card = A.add_card("ONE", **{**GOOD["card"], "title": SCRIPT})
    A.add_claim("ONE", **{**GOOD["claim"], "claim": SCRIPT,
                          "evidence": [{"card": card.id, "role": "decisive", "independent": "yes"}]})
    assert yaml.safe_load((kit / "seeds" / "claims_ONE.yaml").read_text(encoding="utf-8"))[0]["claim"] == SCRIPT
    w = annotator("ONE")
    for box in (w.claim_list, w.card_list):
        html = " ".join(c.value for row in box.children for c in row.children if hasattr(c, "value"))
        assert "&lt;script&gt;" in html and "<script" not in html
    labels = [role.description for role, _ in w.evidence.values()]
    assert labels and all("<script>" in d for d in labels)  # a label is text: ipywidgets sets it as text


# --- the widget, driven from Python ------------------------------------------------------------------------

def _spy(monkeypatch, name, calls):
    real = getattr(A, name)

    def spy(*args, **kwargs):
        calls.append((name, args, kwargs))
        return real(*args, **kwargs)
    monkeypatch.setattr(A, name, spy)


def test_the_widget_saves_through_the_same_functions(kit, capsys, tmp_path, monkeypatch):
    from medialit.annotate_widget import Annotator, annotator

    assert add(capsys, tmp_path, ONE)[0] == 0
    calls = []
    for name in ("add_span", "add_card", "add_claim", "add_attribution", "remove_span"):
        _spy(monkeypatch, name, calls)
    w = annotator("ONE")
    assert isinstance(w, Annotator) and w.picker.passage["paragraph_id"] == "ONE-P01"
    p = w.picker.passage
    words = [p["text"][b:e] for b, e in p["tokens"]]
    assert p["tokens"] == word_tokens(p["text"])  # the words as the highlight exercise numbers them

    # Nothing selected: refused, shown beside the form, nothing written.
    before = tree(kit)
    w.rationale.value = "Why."
    w.save_span_button.click()
    assert w.status.lines[0] == "Nothing was saved." and "No words are selected" in " ".join(w.status.lines)
    assert w.status.problem and tree(kit) == before

    # A span: select "total disaster", choose the technique, say why, save.
    w.picker.selected = [words.index("total"), words.index("disaster")]
    w.technique.value = "Loaded_Language"
    w.rationale.value = "The words judge, they do not report."
    w.save_span_button.click()
    assert calls[-1][0] == "add_span" and calls[-1][2]["word_indices"] == [7, 8]
    assert w.status.lines[:2] == ["ONE-S001: added in seeds/spans.tsv.",
                                 "The validator found no problem in this article's annotations."]
    assert w.picker.selected == [] and w.rationale.value == ""
    assert {"begin": p["text"].index("total disaster"), "end": p["text"].index("total disaster") + 14,
            "label": "ONE-S001: loaded language"} in w.picker.annotated
    assert "ONE-S001" in w.span_list.children[0].children[0].value

    # A card, then a claim citing it, then an attribution.
    w.section.value = "Source card"
    assert w.forms["Source card"].layout.display == "flex" and w.forms["Technique span"].layout.display == "none"
    for control, value in ((w.card_title, "Annual report"), (w.card_publisher, "The statistics office"),
                           (w.card_url, "https://example.org/report"), (w.card_kind, "government record"),
                           (w.card_partisan, "none"), (w.card_relays, "document"),
                           (w.card_summary, "Some targets were met."), (w.card_excerpt, "some targets were met")):
        control.value = value
    w.save_card_button.click()
    assert calls[-1][0] == "add_card" and w.status.lines[0] == "SC-400: added in seeds/cards_ONE.yaml."
    assert "SC-400" in w.evidence
    role, independent = w.evidence["SC-400"]
    assert independent.value == "yes"  # from the card's partisan: none
    role.value = "decisive"
    w.section.value = "Claim"
    w.picker.selected = list(range(words.index("the", 3), words.index("disaster") + 1))
    w.claim_text.value, w.attributed_to.value, w.claim_summary.value = ("The plan failed.", "the minister",
                                                                        "Some targets met, others missed.")
    w.claim_type.value, w.checkable.value, w.verdict.value, w.confidence.value = (
        "factual statement", "partly", "misleading", "M")
    w.save_claim_button.click()
    name, args, kwargs = calls[-1]
    assert name == "add_claim" and kwargs["evidence"] == [{"card": "SC-400", "role": "decisive", "independent": "yes"}]
    assert w.status.lines[0] == "ONE-C001: added in seeds/claims_ONE.yaml." and not w.status.problem, w.status.lines
    claim = A.claims_of("ONE")[0]
    assert claim["quote"] == "the plan is a total disaster" and claim["evidence"][0]["card"] == "SC-400"
    w.section.value = "Attribution"
    w.picker.selected = [0, 1, 2]
    w.attr_source.value, w.attr_source_type.value = "the minister", "anonymous_or_vague"
    w.attr_use.value, w.attr_traceable.value, w.attr_note.value = "paraphrase", "partly", "Which minister?"
    w.save_attribution_button.click()
    assert calls[-1][0] == "add_attribution" and w.status.lines[0] == "ONE-T001: added in seeds/attributions.tsv."
    # The same rows the functions write.
    assert _rows("attributions.tsv", "ONE")[0][3:6] == ["0", "17", "The minister said"]

    # Remove takes two presses.
    remove = w.span_list.children[0].children[1]
    remove.click()
    assert remove.description == "Confirm: remove ONE-S001" and A.spans_of("ONE")
    remove.click()
    assert calls[-1] == ("remove_span", ("ONE", "ONE-S001"), {}) and A.spans_of("ONE") == []
    A.add_span("ONE", "ONE-P01", "Loaded_Language", "Judges.", words="reckless")
    rc, out, err = cli(capsys, "validate")
    assert rc == 0, out + err
    assert cli(capsys, "article", "exercises", "ONE")[0] == 0


def test_every_control_has_a_label(kit, capsys, tmp_path):
    import ipywidgets as W

    from medialit.annotate_widget import annotator

    assert add(capsys, tmp_path, ONE)[0] == 0
    A.add_card("ONE", **GOOD["card"])
    w = annotator("ONE")
    found, stack = [], [w]
    while stack:
        x = stack.pop()
        stack += list(getattr(x, "children", ()))
        if isinstance(x, (W.Text, W.Textarea, W.Dropdown, W.SelectMultiple, W.ToggleButtons)):
            found.append(x)
            assert x.description.strip(), x
        if isinstance(x, W.Button):
            assert x.description.strip(), x
    assert len(found) > 30


# --- the notebook --------------------------------------------------------------------------------------

def test_the_notebook_runs_with_and_without_an_added_article(kit, capsys, tmp_path):
    nb = ROOT / "solutions" / "annotate.ipynb"
    data = json.loads(nb.read_text(encoding="utf-8"))
    assert all(len(c["source"]) and len("".join(c["source"]).split("\n")) <= 3
               for c in data["cells"] if c["cell_type"] == "code"), "code cells hold short calls only"
    assert 'annotator("NYT")' in "".join("".join(c["source"]) for c in data["cells"])
    executed = tmp_path / "none.ipynb"
    run_notebook(nb, tmp_path / "answers.json", executed)
    shown = "\n".join(out for _, out in cell_outputs_text(json.loads(executed.read_text(encoding="utf-8"))))
    assert "There is no article &#x27;NYT&#x27; in the kit. No article has been added yet." in shown
    assert "medialit article add" in shown

    src = tmp_path / "nyt.txt"
    src.write_bytes(ONE.raw)
    assert cli(capsys, "article", "add", src, "--id", "NYT", "--title", "T", "--outlet", "O")[0] == 0
    executed = tmp_path / "nyt.ipynb"
    run_notebook(nb, tmp_path / "answers.json", executed)
    cells = cell_outputs_text(json.loads(executed.read_text(encoding="utf-8")))
    assert "['NYT']" in cells[0][1] and "Annotator(" in cells[1][1]
    outputs = [o for c in json.loads(executed.read_text(encoding="utf-8"))["cells"] for o in c.get("outputs", [])]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)


# --- the word selector in Chromium, by keyboard ------------------------------------------------------------

PICKER = """
(passage) => {
  const el = document.createElement("div"); document.body.append(el);
  const data = { picker: true, passage, selected: [], annotated: [{ begin: passage.tokens[0][0], end: passage.tokens[1][1], label: "ONE-T001: attribution" }] };
  const handlers = {};
  window.__model = data;
  const model = { get: (k) => data[k], set: (k, v) => { data[k] = v; }, save_changes: () => {},
                  on: (e, f) => { (handlers[e] = handlers[e] || []).push(f); }, off: () => {} };
  window.__fire = (k, v) => { data[k] = v; (handlers["change:" + k] || []).forEach((f) => f()); };
  medialitExercises.renderPicker(el, model);
}
"""


@pytest.mark.browser
def test_the_word_selector_works_by_keyboard(kit, capsys, tmp_path, blank_page):
    from medialit import jsbuild

    page, errors = blank_page
    page.add_style_tag(path=str(jsbuild.STATIC / "exercises.css"))
    assert add(capsys, tmp_path, ONE)[0] == 0
    p = A.passage("ONE", "ONE-P01")
    page.evaluate(PICKER, p)
    box = page.locator(".ml-ex-passage")
    assert box.get_attribute("aria-label") == "Paragraph ONE-P01: select words to annotate"
    assert page.locator(".ml-ex-annotated").count() == 2  # "The minister" is already an attribution
    box.focus()
    for _ in range(7):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")              # "total"
    page.keyboard.press("Shift+ArrowRight")   # and "disaster"
    assert page.evaluate("window.__model.selected") == [7, 8]
    assert page.locator(".ml-annotate-selected").text_content() == "Selected (2 words): total disaster"
    assert page.locator('.ml-ex-word[aria-selected="true"]').count() == 2
    page.keyboard.press("Space")              # unselect "disaster"
    assert page.evaluate("window.__model.selected") == [7]
    # Python clears the selection after a save: the words unmark.
    page.evaluate("window.__fire('selected', [])")
    assert page.locator('.ml-ex-word[aria-selected="true"]').count() == 0
    assert page.locator(".ml-annotate-selected").text_content() == "No words selected."
    # The focus shows, and the Clear button is reached by Tab.
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Clear the selection"
    assert not errors
