"""Tests for medialit.framing (Lesson 2: readability and technique-span density)."""

import math

import pandas as pd
import pytest

from medialit import KitError, dataset
from medialit.lessons import framing
from medialit.corpus import paragraphs_frame


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
