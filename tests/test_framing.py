"""Tests for medialit.framing (Lesson 2: readability and technique-span density)."""

import math

import pandas as pd
import pytest

from medialit import KitError, dataset
from medialit.lessons import framing
from medialit.corpus import paragraphs_frame

from .helpers import ROOT


def test_readability_table_has_both_articles():
    df = framing.readability_table()
    assert list(df.columns) == ["A", "B"]
    assert "Flesch-Kincaid grade" in df.index
    assert (df.loc["words"] > 1000).all()
    assert df.notna().all().all()


def test_density_by_paragraph_counts_every_span_once():
    df = framing.density_by_paragraph()
    assert df["n_spans"].sum() == len(dataset.spans())
    assert len(df) == len(paragraphs_frame())
    assert set(df.columns) >= {"article", "paragraph_id", "n_words", "n_spans", "spans_per_100_words"}


def test_density_matches_hand_computation():
    row = framing.density_by_paragraph("A").set_index("paragraph_id").loc["A-P13"]
    assert row["n_words"] == 90 and row["n_spans"] == 11
    assert framing.paragraph_density("A-P13") == pytest.approx(12.2)


def test_density_filters():
    only_b = framing.density_by_paragraph("B", min_words=20)
    assert set(only_b["article"]) == {"B"}
    assert (only_b["n_words"] >= 20).all()
    with pytest.raises(KitError):
        framing.density_by_paragraph("C")
    with pytest.raises(KitError):
        framing.paragraph_density("A-P999")


def test_zero_word_paragraphs_do_not_divide_by_zero():
    df = framing.density_by_paragraph()
    assert not df["spans_per_100_words"].map(lambda v: math.isinf(v) or math.isnan(v)).any()


def test_densest_paragraphs_per_article():
    top = framing.densest_paragraphs(3, min_words=20)
    assert top.groupby("article").size().to_dict() == {"A": 3, "B": 3}
    assert (top["n_words"] >= 20).all()
    a = top[top["article"] == "A"]["spans_per_100_words"].tolist()
    assert a == sorted(a, reverse=True)


def test_density_by_technique_is_per_100_words_of_each_article():
    per = framing.density_by_technique()
    assert list(per.columns) == ["A", "B"]
    words = paragraphs_frame().groupby("article")["n_words"].sum()
    spans = dataset.spans()
    n = ((spans.article == "A") & (spans.technique == "Loaded_Language")).sum()
    assert per.loc["Loaded_Language", "A"] == pytest.approx(round(100 * n / words["A"], 2))
    chosen = framing.density_by_technique(["Doubt", "Loaded_Language"])
    assert list(chosen.index) == ["Doubt", "Loaded_Language"]


def test_tag_counts_and_spans_in():
    tags = framing.tag_counts()
    assert "scare_quotes" in tags.index and "metaphor" in tags.index
    assert tags.loc["scare_quotes"].sum() >= 1
    spans = framing.spans_in("B-P01")
    assert "Refuge of Islamic Marxism" in spans["words"].tolist()
    doubt = framing.spans_in("A-P16", ["Doubt"])
    assert set(doubt["words"]) == {"the Iranian opposition", "bring democracy to Iran"}
    assert isinstance(doubt, pd.DataFrame)


# --- plain paragraphs, and the second edition's keys (issue 17) ---------------------------------

def test_plain_paragraphs_hold_no_span_of_the_techniques():
    plain = framing.plain_paragraphs()
    spans = dataset.spans()
    loaded = spans[spans.technique.isin(framing.LOADED) | spans.alt_technique.isin(framing.LOADED)]
    assert not set(plain.index) & set(loaded.paragraph_id)
    assert {"A-P37", "B-P24", "B-P13"} <= set(plain.index)
    assert (plain["n_words"] >= 15).all() and set(plain["article"]) == {"A", "B"}
    assert set(framing.plain_paragraphs(article="B")["article"]) == {"B"}
    with pytest.raises(KitError):
        framing.plain_paragraphs(article="C")
    counts = framing.loaded_or_plain()
    assert counts.loc["with none"].to_dict() == plain.groupby("article").size().to_dict()
    words = paragraphs_frame()
    assert counts.sum().to_dict() == words[words.n_words >= 15].groupby("article").size().to_dict()


def test_the_nothing_loaded_passages_are_plain_by_the_corpus():
    from medialit.exercises import model

    for ex_id in ("L2-E14", "L2-E15"):
        ex = model.get(ex_id)
        assert ex.public["passage"]["paragraph_id"] in framing.plain_paragraphs(ex.public["techniques"]).index


def test_disputed_keys_are_settled_as_the_guide_and_spans_say():
    """'MEK soldiers' (span A-S103, arguable): both labels earn full credit, each with its own
    feedback. 'protected persons' (its scare-quote span was removed): the marks report a legal
    term. L2-E08 no longer says Khodabandeh is vouched for only by his own page."""
    from medialit.exercises import model, scoring

    ex = model.get("L2-E16")
    key = model.key_answer(ex)
    assert key["soldiers"] == "loaded label"
    fb = {}
    for label in ex.public["labels"]:
        res = scoring.score(ex, {**key, "soldiers": label})
        assert res.score == 1.0, label
        fb[label] = next(i["feedback"] for i in res.items if i["id"] == "soldiers")
    assert len(set(fb.values())) == 2 and all(fb.values())
    assert key["us-list"] == key["fto"] == key["wing"] == "plain or official term"
    assert key["camp"] == "loaded label"
    assert "B-S071" not in set(dataset.spans().span_id)
    quotes = model.key_answer(model.get("L2-E17"))
    assert quotes["protected"] == quotes["assessment"] == "they report words or a name"
    assert quotes["free-iran"] == "scare quotes"
    e08 = model.get("L2-E08")
    d = next(o["text"] for o in e08.public["options"] if o["id"] == "d")
    assert "only by his own" not in d and "both sides" in d
    assert "d" in model.key_answer(e08)


def test_section_5_rests_on_claims_that_are_wrong_and_misleading():
    """The chapter's section 5 teaches with B's Fallujah claim (inaccurate) and its "prisoners of
    war" (misleading since the corrections, no longer inaccurate); L2-E18 then takes its keys
    from the claims inventory: one accurate, one inaccurate and one misleading claim from each
    article, none of them the section's worked examples."""
    from medialit.exercises import model

    claims = dataset.claims().set_index("id")["verdict"]
    assert claims["B-C038"] == "inaccurate" and claims["B-C039"] == "misleading"
    chapter = (ROOT / "book" / "lesson2.md").read_text(encoding="utf-8")
    section5 = chapter[chapter.index("## 5."):chapter.index("## Going further")]
    assert "Fallujah" in section5 and "prisoners of war" in section5
    key = model.key_answer(model.get("L2-E18"))
    assert key == {i: claims[i] for i in key}
    assert not {"B-C038", "B-C039", "B-C040"} & set(key)
    assert key["B-C017"] == key["A-C009"] == "inaccurate"
    assert key["B-C050"] == key["A-C002"] == "misleading"
    by_article = {a: sorted(v for i, v in key.items() if i.startswith(a)) for a in "AB"}
    assert by_article["A"] == by_article["B"] == ["accurate", "inaccurate", "misleading"]
