"""The exercise types: the registry, and every exercise scored with its type's examples."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medialit.exercises import model, scoring
from medialit.exercises.core import present
from medialit.exercises.registry import TYPES
from medialit.exercises.types.base import ExerciseType

from .helpers import ROOT, all_exercises

ALL = all_exercises()
EXAMPLE_KINDS = ("right", "wrong", "partial", "empty", "malformed")


def test_every_type_is_registered_and_in_the_gallery():
    assert set(model.TYPES) == set(TYPES)
    assert {e.type for e in model.exercise_set("gallery")} == set(TYPES)
    for name, t in TYPES.items():
        assert isinstance(t, ExerciseType) and t.name == name
        assert type(t).score is not ExerciseType.score, name
        assert type(t).compile is not ExerciseType.compile, name


@pytest.mark.parametrize("ex", ALL, ids=lambda e: e.id)
def test_examples_score_as_their_names_say(ex):
    """right: full marks with the explanation; wrong and partial: less; empty: nothing yet;
    malformed: one sentence, no score, never a traceback."""
    t = TYPES[ex.type]
    examples = t.examples(ex)
    assert set(examples) == set(EXAMPLE_KINDS)
    right = scoring.score(ex, examples["right"])
    empty = scoring.score(ex, examples["empty"])
    bad = scoring.score(ex, examples["malformed"])
    assert right.error is None and empty.error is None, (right.error, empty.error)
    assert bad.error and bad.error.endswith(".") and bad.score is None, bad
    assert empty.explanation == "", "an empty check must not reveal the explanation"
    if not t.scored:
        assert right.score is None and empty.score is None
        return
    assert right.score == pytest.approx(1.0), right.feedback
    assert right.explanation
    assert empty.score == 0.0 and empty.feedback.startswith("No answer yet")
    for kind in ("wrong", "partial"):
        res = scoring.score(ex, examples[kind])
        assert res.error is None and 0.0 <= res.score < 1.0, (kind, res.feedback)


@pytest.mark.parametrize("ex", ALL, ids=lambda e: e.id)
def test_key_answer_is_the_right_example(ex):
    key = model.key_answer(ex)
    if not TYPES[ex.type].scored:
        assert key is None
        return
    assert scoring.score(ex, key).score == pytest.approx(1.0)


@pytest.mark.parametrize("ex", ALL, ids=lambda e: e.id)
@pytest.mark.parametrize("junk", [42.5, object(), {"x": 1}, ["nonsense", 3], "zzz", True])
def test_junk_gets_a_sentence_or_a_low_score(ex, junk):
    """Whatever a file holds, the result is a sentence (error) or a score below full marks."""
    res = scoring.score(ex, junk)
    if res.error is not None:
        assert isinstance(res.error, str) and res.error.endswith(".") and res.score is None
    elif TYPES[ex.type].scored:
        assert 0.0 <= res.score < 1.0, (junk, res.feedback)
    else:
        assert res.score is None


def test_partial_credit():
    ex = model.get("G-02")
    assert scoring.score(ex, ["a"]).score == pytest.approx(1 / 3)
    assert scoring.score(ex, ["a", "b"]).score == 0.0
    cat = model.get("G-03")
    key = cat.secret()["key"]
    half = dict(list(key.items())[:2])
    assert scoring.score(cat, half).score == pytest.approx(2 / len(key))
    lat = model.get("G-09")
    k = lat.secret()["key"]
    assert scoring.score(lat, {"verdict": k["verdict"], "cards": []}).score == pytest.approx(0.5)


# --- highlight ---------------------------------------------------------------------------------

HIGHLIGHTS = [e for e in ALL if e.type == "highlight" and e.secret()["key"]]
PLAIN = [e for e in ALL if e.type == "highlight" and not e.secret()["key"]]


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_highlight_scoring_properties(data):
    ex = data.draw(st.sampled_from(HIGHLIGHTS))
    n = len(ex.public["passage"]["tokens"])
    marked = data.draw(st.sets(st.integers(0, n - 1)))
    res = scoring.score(ex, sorted(marked))
    assert 0.0 <= res.score <= 1.0
    # Adding a word outside every key span never raises the score.
    key_words = set(model.key_answer(ex))
    outside = [i for i in range(n) if i not in key_words and i not in marked]
    if outside:
        extra = data.draw(st.sampled_from(outside))
        assert scoring.score(ex, sorted(marked | {extra})).score <= res.score + 1e-12


def test_highlight_tolerates_boundaries_and_reports_excess():
    ex = model.get("G-05")
    key = model.key_answer(ex)
    n = len(ex.public["passage"]["tokens"])
    # One word either side of the key is a boundary difference, not an error.
    widened = sorted({*key, *(i - 1 for i in key if i > 0), *(i + 1 for i in key if i < n - 1)})
    res = scoring.score(ex, widened)
    assert res.score > 0.7
    far = [i for i in range(n) if all(abs(i - k) > 2 for k in key)][:3]
    res2 = scoring.score(ex, key + far)
    assert res2.score < 1.0 and any(item["status"] == "excess" for item in res2.items)


def test_part_of_a_phrase_earns_part_of_the_credit():
    """L2-E03: marking one word of each of the three phrases ("Refuge", "cultists", "dream") earns
    credit for each, in proportion, and the feedback states the rule; half a phrase counts it."""
    ex = model.get("L2-E03")
    tokens, text = ex.public["passage"]["tokens"], ex.public["passage"]["text"]
    index = {text[b:e]: i for i, (b, e) in enumerate(tokens)}
    res = scoring.score(ex, [index["Refuge"], index["cultists"], index["dream"]])
    assert 0.3 < res.score < 0.7, res.score
    assert "part of 3 more" in res.feedback and "at least half" in res.feedback
    one = scoring.score(ex, [index["cultists"]]).score
    more = scoring.score(ex, [index["backed"], index["cultists"]]).score
    assert 0 < one < more == pytest.approx(1 / 3)  # two of its three words: found


def test_nothing_loaded_here_is_an_answer():
    """A plain passage: "nothing loaded here" is right, each false alarm costs a third; on a
    loaded passage the same answer is wrong; and it is not the same as not answering."""
    assert PLAIN, "no plain passage in the banks"
    ex = PLAIN[0]
    assert scoring.score(ex, {"nothing": True}).score == 1.0
    assert scoring.score(ex, [0]).score == pytest.approx(2 / 3)
    assert scoring.score(ex, [0, 2, 4]).score == 0.0
    assert scoring.score(ex, []).feedback.startswith("No answer yet")
    loaded = HIGHLIGHTS[0]
    res = scoring.score(loaded, {"nothing": True})
    assert res.score == 0.0 and "There is something here" in res.feedback


def test_rewrite_never_scores_and_spares_protected_facts():
    ex = model.get("G-11")
    res = scoring.score(ex, "Albania has become a festering ground, he writes.")
    assert res.score is None and any(f["text"] == "festering ground" for f in res.items)
    clean = scoring.score(ex, "The author argues that Albania hosts armed groups.")
    assert clean.score is None and not [i for i in clean.items if i["status"] == "flag"]


def test_rewrite_feedback_lists_dropped_facts_and_a_checklist():
    """The neutral rewrite: facts of the original left out (numbers found by themselves, named
    facts from the definition), then a checklist; a faithful neutral version drops nothing."""
    ex = model.get("G-11")
    thin = scoring.score(ex, "The author argues that Albania hosts armed groups.")
    missed = [i["text"] for i in thin.items if i["status"] == "missed"]
    assert "the number 1990" in missed and "the number 2016" in missed and "ISIS remnants" in missed
    assert [i["status"] for i in thin.items[-3:]] == ["check"] * 3
    full = scoring.score(ex, "The author says Al-Qaeda was in Albania in the 1990s, the MEK since 2016 and now "
                             "members of ISIS, and that armed groups there threaten Greece and Serbia.")
    assert not [i for i in full.items if i["status"] in ("missed", "flag")], full.items
    assert full.feedback.startswith("No annotated loaded term")


# --- value -----------------------------------------------------------------------------------

def test_numbers_are_read_by_one_rule():
    ex = model.get("G-07")
    assert scoring.score(ex, "37").score == 1.0 and scoring.score(ex, " 3.7e1 ").score == 1.0
    for text in ("0x25", "٣٧", "nan", "inf", "3_7"):
        assert scoring.score(ex, text).error, text
    assert "commas" in scoring.score(ex, "3,7").error and "3.7, not 3,7" in scoring.score(ex, "3,7").error
    # Said as a person would: what was typed, and how to write it; no Python type names.
    three = scoring.score(ex, "three").error
    assert three.startswith("“three” is not a number") and "digits" in three and "str" not in three
    assert scoring.score(ex, ["37"]).error == "This exercise expects a number; you gave a list."
    assert "without a % sign" in scoring.score(ex, "37%").error
    # Where the answer is a percentage, a trailing % is accepted.
    pct = model.get("L2-E10")
    assert pct.public["unit"] == "percent"
    for typed in ("12.2%", "12.22 %", " 12.2 "):
        assert scoring.score(pct, typed).score == 1.0, typed
    assert "is not a number" in scoring.score(pct, "%").error
    # An integer too large for a float is not a number this exercise can compare: a sentence.
    huge = scoring.score(ex, 10 ** 400)
    assert huge.error is not None and huge.score is None


# --- lateral reading, fair scoring --------------------------------------------------------------

def test_l1_e08_full_credit_for_the_two_independent_cards_the_lesson_recommends():
    """The lesson recommends the university library's record and the Albanian dailies: with
    the right verdict, that is full credit, whatever other cards the research also cites."""
    ex = model.get("L1-E08")
    res = scoring.score(ex, {"verdict": "accurate", "cards": ["SC-309", "SC-310"]})
    assert res.score == pytest.approx(1.0), res.feedback
    assert not any(i["status"] == "missed" for i in scoring.feedback(ex, {"verdict": "accurate", "cards": ["SC-309"]})["items"])


def test_lateral_scoring_is_fair():
    ex = model.get("G-09")  # the EU listing: decisive UPI card, supporting Irish Times
    key = ex.secret()["key"]
    decisive = [c for c, r in key["roles"].items() if r["role"] == "decisive" and r["independent"] == "yes"]
    assert decisive
    right = scoring.score(ex, {"verdict": key["verdict"], "cards": decisive[:1]})
    assert right.score == 1.0
    # A card that does not bear on the claim costs a little, not everything.
    extra = scoring.score(ex, {"verdict": key["verdict"], "cards": decisive[:1] + ["SC-306"]})
    assert 0.9 <= extra.score < 1.0 and "do not bear on it" in extra.feedback
    # A close verdict earns half of the verdict's half.
    close = next(v for v in key["close"])
    assert scoring.score(ex, {"verdict": close, "cards": decisive[:1]}).score == pytest.approx(0.75)
    # Partisan cards alone: a hint and part of the credit, not a zero.
    partisan = model.get("L1-E07")
    k = partisan.secret()["key"]
    only_partisan = [c for c, r in k["roles"].items() if r["independent"] == "no"]
    res = scoring.score(partisan, {"verdict": k["verdict"], "cards": only_partisan})
    assert 0.5 < res.score < 1.0 and "only partisan ones" in res.feedback


# --- what a student sees -------------------------------------------------------------------------

@pytest.mark.parametrize("ex", [e for e in ALL if TYPES[e.type].scored], ids=lambda e: e.id)
def test_the_key_is_kept_back_until_earned_or_asked(ex):
    """A wrong answer's presented result holds no key, no hidden item and no explanation; asking
    shows them; a right answer shows everything."""
    wrong = TYPES[ex.type].examples(ex)["wrong"]
    shown = scoring.feedback(ex, wrong)
    assert shown["explanation"] == "" and not shown["revealed"]
    assert all(not i.get("hidden") and ("key" not in i or i["status"] in ("right", "found")) for i in shown["items"])
    asked = scoring.feedback(ex, wrong, revealed=True)
    assert asked["explanation"] and asked["revealed"] and len(asked["items"]) >= len(shown["items"])
    earned = scoring.feedback(ex, model.key_answer(ex))
    assert earned["explanation"] and not earned["revealed"]


def test_evidence_repeat_marks_follow_the_copy_not_the_card_order():
    """Marking a copy as repeating its original is right even when the copy's id sorts first;
    marking the original as repeating its copy is wrong; two copies without their original
    need one standing and the other marked; a circle of marks is wrong."""
    from medialit.exercises.types.evidence import _repeats_marked_right

    truth = {"SC-211": {"copy_of": "SC-212"}, "SC-212": {}, "SC-213": {"copy_of": "SC-212"}, "SC-300": {}}
    for t in truth:
        truth[t]["id"] = t
    assert _repeats_marked_right(["SC-211", "SC-212"], {"SC-211": "SC-212"}, truth) == [True, True]
    assert _repeats_marked_right(["SC-211", "SC-212"], {"SC-212": "SC-211"}, truth) == [False, False]
    assert _repeats_marked_right(["SC-211", "SC-213"], {"SC-213": "SC-211"}, truth) == [True, True]
    assert _repeats_marked_right(["SC-211", "SC-213"], {"SC-211": "SC-213"}, truth) == [True, True]
    assert _repeats_marked_right(["SC-211", "SC-213"], {}, truth) == [True, False]
    assert _repeats_marked_right(["SC-211", "SC-213"], {"SC-211": "SC-213", "SC-213": "SC-211"}, truth) == [False, True]
    assert _repeats_marked_right(["SC-211", "SC-300"], {"SC-300": "SC-211"}, truth) == [True, False]


def test_the_lesson_rewrite_model_answer_keeps_every_fact():
    """L2-E12: its model answer keeps every fact the checker knows of (the decades included)."""
    import yaml

    ex = model.get("L2-E12")
    defs = yaml.safe_load((ROOT / "solutions" / "exercises" / "lesson2.yaml").read_text(encoding="utf-8"))
    model_answer = next(e for e in defs["exercises"] if e["id"] == "L2-E12")["model_answer"]
    res = scoring.score(ex, model_answer)
    assert not [i for i in res.items if i["status"] == "missed"], res.items
    assert len([i for i in scoring.score(ex, "The MEK was listed.").items if i["status"] == "missed"]) >= 8


def test_scoring_never_modifies_the_shared_secret():
    """Scoring reads a secret decoded once and shared between calls: no type may change it."""
    import json as _json

    from medialit.exercises.core import _unsealed, shared_secret

    for ex in ALL:
        before = _json.dumps(_unsealed(ex.id, ex.sealed), sort_keys=True)
        for answer in TYPES[ex.type].examples(ex).values():
            res = scoring.score(ex, answer)
            present(res.to_dict(), revealed=True)
        assert _json.dumps(shared_secret(ex.id, ex.sealed), sort_keys=True) == before, ex.id
