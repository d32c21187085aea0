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


# --- Lesson 1, second edition: trust where it is due, fair keys -------------------------------

from medialit.exercises import model, scoring  # noqa: E402

from .helpers import ROOT  # noqa: E402


def test_l1_e12_trusting_is_right_where_both_sides_agree():
    """The rating item rewards trust where it is due: a quotation that opponents in the dispute
    print in the same words is to be trusted, and answering so scores; doubting everything
    loses every point that checks out."""
    ex = model.get("L1-E12")
    key = ex.secret()["key"]
    assert key["bolton_room"] is True  # both sides quote Bolton's sentence alike (claim B-C005)
    assert sum(key.values()) == 3 and len(key) == 6  # three to trust, three to hold back on
    right = {"bolton_room": 6, "mccain": 5, "heyrani": 4, "thanasi": 2, "slavin": 3, "telegraf": 1}
    res = scoring.score(ex, right)
    assert res.score == pytest.approx(1.0), res.feedback
    # Trusting the quotation alone is scored right on that item.
    one = scoring.feedback(ex, {"bolton_room": 5})
    assert next(i for i in one["items"] if i["id"] == "bolton_room")["status"] == "right"
    # Doubting everything is not discernment: half the marks, every trustworthy point missed.
    assert scoring.score(ex, {i: 1 for i in key}).score == pytest.approx(0.5)
    assert scoring.score(ex, {i: 6 for i in key}).score == pytest.approx(0.5)


def test_l1_e03_keys_agree_with_the_attribution_list():
    """L1-E03's passages are attributions: words, key and accepted second label come from
    seeds/attributions.tsv, so a correction there can't leave the exercise behind."""
    ex = model.get("L1-E03")
    secret = ex.secret()
    table = dataset.attributions().set_index("attr_id")
    for item in ex.public["items"]:
        row = table.loc[item["id"]]
        assert item["text"] == row["text"], item["id"]
        assert secret["key"][item["id"]] == row["source_type"], item["id"]
        also = set(secret.get("also", {}).get(item["id"], {}))
        assert also == ({row["alt_source_type"]} if row["alt_source_type"] else set()), item["id"]
        # The passage shown does not say who it is credited to (that gave the label away).
        assert "own account" not in item["context"] and "missing" not in item["context"]
    for label in ("named_person", "named_outlet_or_document"):  # B-T051 fits two kinds
        assert scoring.score(ex, {**secret["key"], "B-T051": label}).score == pytest.approx(1.0)


@pytest.mark.parametrize("exercise, answer", [
    ("L1-E06", "c"), ("L1-E06", "d"),   # unnamed US officials; NBC's named Iranian source
    ("L1-E10", 10), ("L1-E10", 8),      # with or without the two photo credits
    ("L1-E10", "8"),
])
def test_l1_disputed_keys_accept_both_answers(exercise, answer):
    assert scoring.score(model.get(exercise), answer).score == pytest.approx(1.0)


def test_l1_e05_police_document_and_telegraf_take_either_label():
    ex = model.get("L1-E05")
    key = ex.secret()["key"]
    for item, label in [("police", "primary"), ("police", "secondary"),
                        ("telegraf", "secondary"), ("telegraf", "primary")]:
        res = scoring.feedback(ex, {**key, item: label})
        assert res["score"] == pytest.approx(1.0), (item, label)
        shown = next(i for i in res["items"] if i["id"] == item)
        assert shown["feedback"], (item, label)  # each accepted label has its own feedback
    assert "matched" not in " ".join(ex.secret()["feedback"].values())


def test_l1_lateral_reading_scores_evidence_roles_and_the_chapter_gives_no_key():
    """Any card that bears the claim out earns the evidence half (no exact list); and the
    chapter never names a card a lateral exercise is scored on, so there is no key to copy."""
    chapter = (ROOT / "book" / "lesson1.md").read_text(encoding="utf-8")
    for ex_id in ("L1-E07", "L1-E08", "L1-E09"):
        ex = model.get(ex_id)
        key = ex.secret()["key"]
        bearing = [c for c, r in key["roles"].items() if r["role"] in ("decisive", "supporting")]
        for card in bearing:
            assert card not in chapter, f"{ex_id}: the chapter names {card}"
        independent = [c for c in bearing if key["roles"][c]["independent"] == "yes"] or bearing
        for card in independent:  # each one alone, with the right verdict, is full marks
            res = scoring.score(ex, {"verdict": key["verdict"], "cards": [card]})
            assert res.score == pytest.approx(1.0), (ex_id, card, res.feedback)
