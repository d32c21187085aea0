"""The exercise types: the registry, and every exercise scored with its type's examples."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medialit.exercises import model, scoring
from medialit.exercises.registry import TYPES
from medialit.exercises.types.base import ExerciseType

from .helpers import all_exercises

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
    assert clean.score is None and clean.items == []


# --- value -----------------------------------------------------------------------------------

def test_numbers_are_read_by_one_rule():
    ex = model.get("G-07")
    assert scoring.score(ex, "37").score == 1.0 and scoring.score(ex, " 3.7e1 ").score == 1.0
    for text in ("0x25", "٣٧", "nan", "inf", "3_7"):
        assert scoring.score(ex, text).error, text
    assert "commas" in scoring.score(ex, "3,7").error
    # An integer too large for a float is not a number this exercise can compare: a sentence.
    huge = scoring.score(ex, 10 ** 400)
    assert huge.error is not None and huge.score is None
