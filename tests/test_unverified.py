"""Tests for medialit.lessons.unverified (Lesson 3: Unverified claims) and for the confidence
calculator (the evidence exercise) on constructed cases."""

from __future__ import annotations

import pytest

from medialit import dataset
from medialit.corpus.confidence import ORDER, RELAYS, cards_for_grading, grade_evidence
from medialit.errors import KitError
from medialit.exercises import model
from medialit.exercises.core import Exercise
from medialit.exercises.scoring import score
from medialit.exercises.seal import seal
from medialit.lessons import unverified

GRADES = ["H", "M", "L", "NF"]


# --- the claims inventory as tables ------------------------------------------------------------

def test_inventory_has_every_claim_once():
    inv = unverified.inventory()
    claims = dataset.claims()
    assert inv.index.name == "id" and len(inv) == len(claims) and inv.index.is_unique
    assert set(inv["rests_on"]) <= set(unverified.BASES)
    assert (inv.loc[inv["verdict"] == "not checkable", "rests_on"] == "not checkable").all()
    # an unverified claim always says why; no other claim does
    assert (inv.loc[inv["verdict"] == "unverified", "unverified_kind"] != "").all()
    assert (inv.loc[inv["verdict"] != "unverified", "unverified_kind"] == "").all()
    a = unverified.inventory("A")
    assert set(a["article"]) == {"A"} and len(a) == (claims["article"] == "A").sum()
    with pytest.raises(KitError):
        unverified.inventory("C")


def test_verdicts_counts_and_shares():
    v = unverified.verdicts()
    assert list(v.columns) == ["A", "B"]
    assert list(v.index) == list(dataset.VERDICTS)
    assert v.sum().tolist() == [65, 61]
    assert v.loc["unverified"].tolist() == [11, 18]
    assert v.loc["accurate"].tolist() == [21, 23]  # B-C052 became misleading (corrections, 2026-12-01)
    pct = unverified.verdicts(percent=True)
    assert pct.sum().round(0).tolist() == [100.0, 100.0]
    assert pct.loc["unverified", "B"] == 29.5 and pct.loc["unverified", "A"] == 16.9


def test_both_articles_have_accurate_and_unverified_claims():
    v = unverified.verdicts()
    for art in ("A", "B"):
        assert v.loc["accurate", art] > 0 and v.loc["unverified", art] > 0
        assert v.loc[["inaccurate", "misleading"], art].sum() > 0


def test_kinds_add_up_to_the_unverified_claims():
    k = unverified.kinds()
    assert list(k.index) == [unverified.KIND_LABELS[x] for x in dataset.UNVERIFIED_KINDS]
    assert k.sum().tolist() == unverified.verdicts().loc["unverified"].tolist()
    assert k.loc["nothing found", "B"] == 15


def test_verdicts_by_type_and_confidence():
    b = unverified.verdicts_by_type("B")
    assert b.loc["quote attributed to someone", "unverified"] == 11
    assert b.to_numpy().sum() == 61
    both = unverified.verdicts_by_type()
    assert both.to_numpy().sum() == 126
    c = unverified.confidence()
    assert c.sum().tolist() == [65, 61]
    assert list(c.index) == ["H (high)", "M (medium)", "L (low)", "NF (not found)"]
    with pytest.raises(KitError):
        unverified.verdicts_by_type("Z")


def test_rests_on_counts_every_claim():
    r = unverified.rests_on()
    assert list(r.index) == list(unverified.BASES)
    assert r.sum().tolist() == [65, 61]
    assert unverified.rests_on(percent=True).sum().round(0).tolist() == [100.0, 100.0]


def test_the_kit_never_grades_above_what_its_rules_allow():
    """The teacher notes say the rules give a ceiling the checkers never exceed."""
    cards = unverified._card_data()
    for _, row in dataset.claims().iterrows():
        allowed = grade_evidence(cards_for_grading(row["evidence_roles"] or [], cards)).grade
        assert ORDER[row["confidence"]] <= ORDER[allowed], row["id"]


def test_calculator_on_the_kit_cards():
    t = unverified.calculator(["SC-212", "SC-211"])
    assert list(t.index) == ["SC-212", "SC-211", "all together"]
    assert t.loc["SC-211", "counts as"].startswith("repeats SC-212")
    assert t.loc["all together", "counts as"] == "grade M (medium)"
    assert unverified.calculator(["SC-143", "SC-144"]).loc["all together", "counts as"] == "grade H (high)"
    assert unverified.calculator(["SC-151", "SC-152"]).loc["all together", "counts as"] == "grade L (low)"
    why = unverified.reasons(["SC-212", "SC-211"])["why"].tolist()
    assert why[0].startswith("Counted once: SC-211 repeats SC-212")
    assert any("unnamed officials" in w for w in why)
    with pytest.raises(KitError):
        unverified.calculator(["SC-999"])
    with pytest.raises(KitError):
        unverified.reasons(["SC-999"])


# --- the confidence calculator on constructed cases ---------------------------------------------

def card(cid, partisan="none", relays="own reporting", copy_of=None):
    return {"id": cid, "partisan": partisan, "relays": relays, "copy_of": copy_of}


CASES = {
    # two independent, non-partisan sources with named or documentary origins
    "two_independent": ([card("SC-901"), card("SC-902", relays="document")], "H"),
    # one report, repeated by three outlets: counted once
    "one_source_three_outlets": ([card("SC-911"),
                                  card("SC-912", relays="another outlet", copy_of="SC-911"),
                                  card("SC-913", relays="another outlet", copy_of="SC-911"),
                                  card("SC-914", relays="another outlet", copy_of="SC-911")], "M"),
    # one anonymous official, relayed by three outlets: never H
    "one_anonymous_official": ([card("SC-921", relays="anonymous official", copy_of="Wire, 2016-02-14"),
                                card("SC-922", relays="anonymous official", copy_of="Wire, 2016-02-14"),
                                card("SC-923", relays="anonymous official", copy_of="Wire, 2016-02-14")], "M"),
    # nothing found
    "nothing_found": ([], "NF"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_grade_cards_gives_the_kit_rules_grade(case):
    cards, expected = CASES[case]
    g = unverified.grade_cards(cards)
    assert g.grade == expected, g.reasons
    assert g.grade != "H" or len(g.independent) >= 2


def test_grade_cards_explains_repeats_and_anonymity():
    g = unverified.grade_cards(CASES["one_source_three_outlets"][0])
    assert g.repeats == {"SC-912": "SC-911", "SC-913": "SC-911", "SC-914": "SC-911"}
    assert g.independent == ["SC-911"]
    g = unverified.grade_cards(CASES["one_anonymous_official"][0])
    assert any("unnamed officials" in r for r in g.reasons) and g.independent == []
    assert any("'not found'" in r for r in unverified.grade_cards([]).reasons)
    # two different reports that each rest on an unnamed official are still not H
    assert unverified.grade_cards([card("SC-931", relays="anonymous official"),
                                   card("SC-932", relays="anonymous official")]).grade == "M"
    # partisan on one side: L; on opposite sides: M, never H
    assert unverified.grade_cards([card("SC-941", "anti-MEK"), card("SC-942", "Iranian state")]).grade == "L"
    assert unverified.grade_cards([card("SC-941", "anti-MEK"), card("SC-943", "pro-MEK")]).grade == "M"


def _evidence_exercise() -> Exercise:
    """An evidence exercise (the calculator) whose statements are the constructed cases."""
    statements, truth, best = [], {}, {}
    for sid, (cards, expected) in CASES.items():
        statements.append({"id": sid, "text": sid.replace("_", " "),
                           "cards": [{"id": c["id"], "title": c["id"], "publisher": "constructed",
                                      "excerpt": ""} for c in cards]})
        for c in cards:
            truth[c["id"]] = c
        best[sid] = expected
    public = {"id": "T-EV", "set": "test", "type": "evidence", "title": "constructed", "prompt": "",
              "points": 1.0, "mode": "statements", "statements": statements, "relays": list(RELAYS),
              "grades": GRADES}
    secret = {"explanation": "", "key": {"truth": truth, "best": best}}
    return Exercise("T-EV", "evidence", "constructed", "", 1.0, public, seal("T-EV", secret))


def _answer(cards, confidence, repeats=None):
    return {"cards": [c["id"] for c in cards], "relays": {c["id"]: c["relays"] for c in cards},
            "repeats": repeats or {}, "confidence": confidence}


def _repeats(cards):
    first, out = {}, {}
    for c in cards:
        key = c["copy_of"] or c["id"]
        if key in first:
            out[c["id"]] = first[key]
        else:
            first[key] = c["id"]
    return out


@pytest.mark.parametrize("case", list(CASES))
def test_the_evidence_exercise_shows_the_grade_the_rules_allow(case):
    """A student who assembles all the evidence, marks what repeats and claims the grade the
    rules give scores full marks; claiming more earns a 'more than it allows'."""
    ex = _evidence_exercise()
    cards, expected = CASES[case]
    right = score(ex, {case: _answer(cards, expected, _repeats(cards))})
    item = next(i for i in right.items if i["id"] == case)
    assert item["allowed"] == expected and item["status"] == "right", item
    assert f"Your evidence allows {expected}." in item["feedback"]
    if expected != "H":
        over = score(ex, {case: _answer(cards, "H", _repeats(cards))})
        item = next(i for i in over.items if i["id"] == case)
        assert item["allowed"] == expected and item["status"] != "right"
        assert "more than it allows" in item["feedback"]


def test_the_evidence_exercise_catches_an_unmarked_repeat():
    ex = _evidence_exercise()
    cards, _ = CASES["one_source_three_outlets"]
    res = score(ex, {"one_source_three_outlets": _answer(cards, "M")})  # copies not marked
    item = next(i for i in res.items if i["id"] == "one_source_three_outlets")
    assert item["allowed"] == "M" and item["status"] != "right"
    assert "merely repeat" in item["feedback"]


# --- the lesson's own exercises --------------------------------------------------------------------

def test_lesson3_calculator_exercise():
    ex = model.get("L3-E08")
    key = {"giuliani": {"cards": ["SC-143", "SC-144"], "relays": {"SC-143": "own reporting", "SC-144": "own reporting"},
                        "repeats": {}, "confidence": "H"},
           "nbc": {"cards": ["SC-236", "SC-237", "SC-326"],
                   "relays": {"SC-236": "anonymous official", "SC-237": "anonymous official", "SC-326": "anonymous official"},
                   "repeats": {"SC-237": "SC-236", "SC-326": "SC-236"}, "confidence": "M"},
           "bidi": {"cards": ["SC-151", "SC-152"], "relays": {"SC-151": "another outlet", "SC-152": "named person"},
                    "repeats": {}, "confidence": "L"}}
    assert score(ex, key).score == pytest.approx(1.0)
    # three outlets, one report resting on unnamed officials: claiming H is more than it allows
    res = score(ex, {**key, "nbc": {**key["nbc"], "confidence": "H"}})
    nbc = next(i for i in res.items if i["id"] == "nbc")
    assert nbc["allowed"] == "M" and "more than it allows" in nbc["feedback"]
    # the copies left unmarked: the grade is still M, but the repeats part is lost
    res = score(ex, {**key, "nbc": {**key["nbc"], "repeats": {}}})
    nbc = next(i for i in res.items if i["id"] == "nbc")
    assert nbc["allowed"] == "M" and nbc["status"] == "close" and "merely repeat" in nbc["feedback"]
    assert model.key_answer(ex) == key  # the key shown to students is the one that scores
    # one of the two independent reports alone allows only M, and the feedback says so
    res = score(ex, {"giuliani": {"cards": ["SC-143"], "relays": {"SC-143": "own reporting"}, "confidence": "M"}})
    g = next(i for i in res.items if i["id"] == "giuliani")
    assert g["allowed"] == "M" and "Stronger evidence is among the cards offered" in g["feedback"]


def test_lesson3_rewards_accurate_and_unverified_answers():
    """Discernment: at least one right answer is 'accurate' and one is 'unverified'."""
    keys = []
    for ex in model.exercise_set("lesson3"):
        secret = ex.secret()
        if ex.type == "lateral":
            keys.append(secret["key"]["verdict"])
        elif ex.type == "verdict_confidence":
            keys += list(secret["key"].values())
    assert "accurate" in keys and "unverified" in keys
    assert model.get("L3-E05").secret()["key"]["verdict"] == "accurate"  # article A's number holds
    assert model.get("L3-E06").secret()["key"]["verdict"] == "inaccurate"  # article B's does not
    assert model.get("L3-E07").secret()["key"]["bidi"] == "unverified"


def test_lesson3_core_path_fits_the_hour():
    from medialit.paths import repo_root
    from medialit.prose import lesson_core, plan_minutes

    root = repo_root()
    core = lesson_core(root / "book" / "lesson3.md")
    assert core["has_marker"] and 6 <= len(core["exercises"]) <= 8
    assert core["words"] <= 1100
    assert len(core["exercises"]) + len(core["later"]) >= 8
    assert plan_minutes(root / "book" / "lesson3-teacher.md") == (50, "")
