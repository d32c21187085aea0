"""Tests for medialit.sourcing (Lesson 1: Sourcing)."""

import pandas as pd
import pytest

from medialit import dataset
from medialit.lessons import sourcing
from medialit.errors import KitError


def test_attributions_indexed_and_filtered():
    df = sourcing.attributions()
    assert df.index.name == "attr_id"
    assert len(df) == len(dataset.attributions())
    a = sourcing.attributions("A")
    assert set(a["article"]) == {"A"}
    assert "A-T024" in a.index
    with pytest.raises(KitError):
        sourcing.attributions("C")


def test_source_types_counts_match_inventory():
    table = sourcing.source_types(labels=False)
    assert list(table.columns) == ["A", "B"]
    assert list(table.index) == list(dataset.SOURCE_TYPES)
    raw = dataset.attributions()
    for art in ("A", "B"):
        assert table[art].sum() == (raw.article == art).sum()
    assert table.loc["link_placeholder", "A"] == 0
    assert table.loc["link_placeholder", "B"] == 10


def test_source_types_labels_and_percent():
    labelled = sourcing.source_types()
    assert "speaker's own say-so" in labelled.index
    pct = sourcing.source_types(percent=True)
    assert pct.sum().round(0).tolist() == [100.0, 100.0]


def test_traceability_counts():
    t = sourcing.traceability()
    assert list(t.index) == ["yes", "partly", "no"]
    assert t.loc["no"].tolist() == [13, 33]
    assert t.sum().tolist() == [35, 56]


def test_traceability_by_type_drops_empty_rows():
    a = sourcing.traceability_by_type("A")
    assert "link placeholder" not in a.index
    b = sourcing.traceability_by_type("B")
    assert b.loc["link placeholder", "no"] == 10
    assert b.loc["anonymous or vague"].tolist() == [0, 0, 20]


def test_of_type_accepts_code_or_label():
    by_code = sourcing.of_type("own_say_so", "A")
    by_label = sourcing.of_type("speaker's own say-so", "A")
    assert by_code.equals(by_label)
    assert "A-T024" in by_code.index
    with pytest.raises(KitError):
        sourcing.of_type("rumour")


def test_chain_hersh_links():
    c = sourcing.chain("Hersh")
    assert c.loc["B-T038", "link"] == 1     # B cites Hersh
    assert c.loc["B-T039", "link"] == 2     # Hersh cites NBC
    assert c.loc["B-T043", "link"] == 2     # Hersh's own anonymous source
    assert c.loc["B-T040", "link"] == 3     # NBC's anonymous officials
    assert c["link"].is_monotonic_increasing


def test_chain_zarif_and_unknown():
    c = sourcing.chain("Zarif")
    assert c["link"].to_dict() == {"A-T033": 1, "A-T034": 2}
    with pytest.raises(KitError):
        sourcing.chain("nobody by this name")


def test_claim_sources_and_tables():
    cs = sourcing.claim_sources()
    assert len(cs) == len(dataset.claims())
    assert cs.loc["A-C001", "best_source"] == "yes"          # A-P01 credits a named person
    assert cs.loc["A-C005", "best_source"] == sourcing.NO_SOURCE  # A-P11 has no attribution
    by_t = sourcing.claims_by_traceability()
    assert by_t.sum().tolist() == [int((cs.article == "A").sum()), int((cs.article == "B").sum())]
    v = sourcing.verdicts_by_traceability()
    assert v.values.sum() == len(cs)
    assert sourcing.NO_SOURCE in v.columns


def test_share_traceable():
    s = sourcing.share_traceable()
    assert isinstance(s, pd.Series)
    assert s["A"] == pytest.approx(22 / 35 * 100, abs=0.1)
    assert s["B"] == pytest.approx(23 / 56 * 100, abs=0.1)
