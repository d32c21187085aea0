"""Tests for medialit.lessons.outlets (Lesson 4: Partisan outlets) and its profile check."""

from __future__ import annotations

import re

import pytest

from medialit import dataset
from medialit.errors import KitError
from medialit.exercises import model
from medialit.exercises.scoring import score
from medialit.lessons import outlets

from .helpers import ROOT

# --- what each source says about each outlet -------------------------------------------------

# Words of each row's summary that its card must bear out (the card's summary or excerpt).
BORNE_OUT = {
    ("Tehran Times", "SC-302"): ["Questionable", "Mixed"],
    ("Tehran Times", "SC-301"): ["state-controlled", "Supreme Leader"],
    ("Tehran Times", "SC-303"): ["state-controlled", "BBC", "Politico"],
    ("Tehran Times", "SC-304"): ["not the newspaper of the government", "voice of the Islamic Revolution"],
    ("Tehran Times", "SC-348"): ["reposted", "anti-MEK"],
    ("Al Jazeera", "SC-320"): ["59.3%", "below"],
    ("Al Jazeera", "SC-356"): ["reliable", "41.56"],
    ("Al Jazeera", "SC-318"): ["state-controlled", "Council of Ministers"],
    ("Al Jazeera", "SC-319"): ["nominal editorial independence"],
    ("NBC News", "SC-355"): ["68.1%", "above"],
    ("MSNBC", "SC-354"): ["skews left", "mixed reliability"],
    ("The New Yorker", "SC-349"): ["skews left", "top reliability band"],
    ("Newsweek", "SC-351"): ["Left-Center", "Mostly Factual"],
    ("Newsweek", "SC-350"): ["skews left", "top reliability band"],
    ("The Wall Street Journal", "SC-352"): ["right-center", "Mixed"],
    ("The Wall Street Journal", "SC-353"): ["61.9%", "below"],
    ("Channel 4 News", "SC-335"): ["Channel 4 News", "NCRI"],
}
PUBLISHER = {"Media Bias/Fact Check": "Media Bias/Fact Check", "Ad Fontes Media": "Ad Fontes",
             "The Factual": "The Factual", "State Media Monitor": "State Media Monitor"}


def _cards():
    return {c["id"]: c for c in dataset.cards().to_dict("records")}


def test_every_statement_rests_on_its_card():
    cards = _cards()
    df = outlets.what_sources_say()
    stated = df[df["card"] != ""]
    assert {(r.outlet, r.card) for r in stated.itertuples()} == set(BORNE_OUT)
    for r in stated.itertuples():
        card = cards[r.card]
        text = " ".join([card["summary"], card["title"],
                         *(card["excerpt"] if isinstance(card["excerpt"], list) else [card["excerpt"]])])
        for word in BORNE_OUT[(r.outlet, r.card)]:
            assert word.lower() in text.lower(), (r.card, word)
        if r.source in PUBLISHER and not r.second_hand:  # a rater's own page
            assert PUBLISHER[r.source] in card["publisher"], (r.card, card["publisher"])
        if r.kind == "partisan site":
            assert card["partisan"] != "none", r.card
    # A second-hand rating is one the rater did not publish on the card's page.
    second = df[df["second_hand"]]
    assert list(second["card"]) == ["SC-356"] and PUBLISHER[second.iloc[0]["source"]] not in cards["SC-356"]["publisher"]


def test_no_rating_found_is_listed_and_never_a_class():
    df = outlets.what_sources_say()
    none = df[df["says"] == outlets.NONE_FOUND]
    assert len(none) == 7 and none["reliability"].isna().all() and (none["note"] != "").all()
    assert {"ncr-iran.org (NCRI, pro-MEK)", "nejatngo.org (Nejat Society, anti-MEK)"} <= set(none["outlet"])
    rated = df[df["source"].isin(outlets.RATERS)]
    assert set(rated["reliability"]) <= set(outlets.CLASSES)


def test_one_outlet_and_an_unknown_outlet():
    aj = outlets.what_sources_say("al jazeera")
    assert set(aj["card"]) == {"SC-318", "SC-319", "SC-320", "SC-356"}
    with pytest.raises(KitError, match="Outlets:"):
        outlets.what_sources_say("The Daily Nowhere")


def test_one_grade_one_class():
    """The class comes from one table: the same grade of the same rater always gets the same
    class (the Tehran Times and the WSJ are both "Mixed" on Media Bias/Fact Check)."""
    df = outlets.what_sources_say()
    rated = df[df["source"].isin(outlets.RATERS)]
    assert rated["grade"].notna().all()
    for r in rated.itertuples():
        assert r.reliability == outlets.SCALE[r.source][r.grade], (r.outlet, r.source, r.grade)
        assert all(w in r.says.lower() for w in r.grade.lower().split()), (r.outlet, r.grade, r.says)
    assert rated.groupby(["source", "grade"])["reliability"].nunique().max() == 1
    mbfc = outlets.SCALE["Media Bias/Fact Check"]
    assert mbfc["Mixed"] == mbfc["Mostly Factual"] == outlets.MIXED and mbfc["High"] == outlets.HIGH
    assert set(outlets.scale_table()["class"]) == set(outlets.CLASSES)
    with pytest.raises(KitError, match="Known grades"):
        outlets.reliability_class("Media Bias/Fact Check", "Questionable")
    # Only the raters' rows have a grade.
    assert df[~df["source"].isin(outlets.RATERS)]["grade"].isna().all()


def test_matrix_and_agreement():
    m = outlets.ratings_matrix()
    assert list(m.columns) == list(outlets.RATERS)
    assert m.loc["Tehran Times", "Media Bias/Fact Check"] == outlets.MIXED
    assert m.loc["The Wall Street Journal", "Media Bias/Fact Check"] == outlets.MIXED
    assert m.loc["Al Jazeera", "Ad Fontes Media"].endswith("(second-hand)")
    assert m.loc["fashthenation.com"].tolist() == ["—"] * 3
    a = outlets.agreement()
    # Where the kit read two ratings of one outlet: "Mostly Factual" counts as mixed, so
    # Newsweek's two ratings differ by one class; the Wall Street Journal's two ("Mixed", and
    # just below The Factual's average on the page at the card's address) agree.
    assert set(a[a["verdict"] == "raters agree"].index) == {"The Wall Street Journal"}
    assert set(a[a["verdict"] == "raters differ"].index) == {"Al Jazeera", "Newsweek"}
    assert a.loc["Tehran Times", "verdict"] == "one rating only"
    # The value exercise's key is what the function computes.
    assert (a["verdict"] == outlets.NONE_FOUND).sum() == model.get("L4-E10").secret()["key"]["value"]


def test_chart_states_every_cell_in_its_alt_text():
    html = outlets.ratings_chart().data
    assert html.startswith('<figure class="ml-figure"><img src="data:image/png;base64,')
    alt = re.search(r'alt="([^"]*)"', html).group(1)
    for outlet in outlets.outlets_named():
        assert outlet.replace('"', "&quot;") in alt, outlet
    assert "no rating read" in alt and "second-hand" in alt


# --- profiles ----------------------------------------------------------------------------------

def test_profiles_table_counts_the_facts():
    t = outlets.profiles_table()
    raw = dataset.profiles()
    outlet_ids = set(raw[raw["kind"] == "outlet"]["id"])
    assert set(t.index) == outlet_ids
    for pid, row in t.iterrows():
        facts = raw.set_index("id").loc[pid, "facts"]
        assert row["facts"] == len(facts) == row[list(outlets.GRADES)].sum()
    assert t.loc["fashthenation-com", "NF"] >= 3
    assert len(outlets.profiles_table(kind=None)) == len(raw)


def test_profile_facts_flags_partisan_cards():
    f = outlets.profile_facts("tehran-times")
    row = f[f["fact"].str.startswith("A pro-MEK site")].iloc[0]
    assert row["partisan_cards"] == ["SC-348"] and row["confidence"] == "L"
    with pytest.raises(KitError):
        outlets.profile_facts("no-such-outlet")


def test_the_kits_own_profiles_claim_no_more_than_their_evidence():
    """The same rule as the validator: no profile fact's grade exceeds its evidence."""
    for pid in dataset.profiles()["id"]:
        checked = outlets.check_corpus_profile(pid)
        assert outlets.TOO_HIGH not in set(checked["status"]), (pid, checked[checked.status == outlets.TOO_HIGH])


# --- the profile check, on constructed profiles --------------------------------------------------

CARDS = {
    "X-1": {"id": "X-1", "partisan": "none", "relays": "own reporting", "copy_of": None},
    "X-2": {"id": "X-2", "partisan": "none", "relays": "document", "copy_of": None},
    "X-3": {"id": "X-3", "partisan": "none", "relays": "another outlet", "copy_of": "Wire, 2020-01-01"},
    "X-4": {"id": "X-4", "partisan": "none", "relays": "another outlet", "copy_of": "Wire, 2020-01-01"},
    "X-5": {"id": "X-5", "partisan": "pro-MEK", "relays": "own reporting", "copy_of": None},
    "X-6": {"id": "X-6", "partisan": "Iranian state", "relays": "named person", "copy_of": None},
    "X-7": {"id": "X-7", "partisan": "none", "relays": "anonymous official", "copy_of": None},
}


def _check(facts):
    return outlets.check_profile(facts, CARDS).set_index("fact")


def test_a_fact_with_no_evidence():
    r = _check([{"text": "no card, M", "evidence": [], "confidence": "M"},
                {"text": "no card, NF", "evidence": [], "confidence": "NF"}])
    assert r.loc["no card, M", "status"] == outlets.NO_EVIDENCE
    assert r.loc["no card, M", "allowed"] == "NF"
    assert "not found" in r.loc["no card, M", "why"]
    assert r.loc["no card, NF", "status"] == outlets.OK


def test_an_h_grade_resting_on_one_partisan_card():
    r = _check([{"text": "H on a pro-MEK card", "evidence": ["X-5"], "confidence": "H"},
                {"text": "H on a state-media card", "evidence": ["X-6"], "confidence": "H"}])
    for fact in r.index:
        assert r.loc[fact, "status"] == outlets.TOO_HIGH
        assert r.loc[fact, "allowed"] == "L"
        assert "Partisan" in r.loc[fact, "why"]


def test_a_sound_profile():
    r = _check([
        {"text": "two independent sources agree", "evidence": ["X-1", "X-2"], "confidence": "H"},
        {"text": "one good source", "evidence": ["X-1"], "confidence": "M"},
        {"text": "one side only", "evidence": ["X-5"], "confidence": "L"},
        {"text": "opposite sides agree", "evidence": ["X-5", "X-6"], "confidence": "M"},
        {"text": "nothing found", "evidence": [], "confidence": "NF"},
    ])
    assert set(r["status"]) == {outlets.OK}
    assert list(r["allowed"]) == ["H", "M", "L", "M", "NF"]


def test_copies_and_anonymous_officials_never_reach_h():
    r = _check([{"text": "two copies of one wire story", "evidence": ["X-3", "X-4"], "confidence": "H"},
                {"text": "an unnamed official plus one source", "evidence": ["X-7", "X-1"], "confidence": "H"},
                {"text": "understated", "evidence": ["X-1", "X-2"], "confidence": "M"}])
    assert r.loc["two copies of one wire story", "allowed"] == "M"
    assert "Counted once" in r.loc["two copies of one wire story", "why"]
    assert r.loc["an unnamed official plus one source", "status"] == outlets.TOO_HIGH
    assert r.loc["understated", "status"] == outlets.TOO_LOW


def test_profile_entries_roles_and_paragraphs():
    """The mappings of profiles.yaml work too: a context card does not count, a per-fact
    independence overrides the card's flag, and a paragraph stands for what a text states."""
    r = _check([
        {"text": "context only", "confidence": "NF",
         "evidence": [{"card": "X-1", "role": "context", "independent": "yes"}]},
        {"text": "partisan card, independent for this point", "confidence": "M",
         "evidence": [{"card": "X-5", "role": "decisive", "independent": "yes"}]},
        {"text": "the byline of B", "confidence": "M", "cards": ["B-P02"]},
    ])
    assert set(r["status"]) == {outlets.OK}
    with pytest.raises(KitError):
        outlets.check_profile([{"text": "?", "evidence": ["SC-999"], "confidence": "M"}])
    with pytest.raises(KitError):
        outlets.check_profile([{"text": "?", "evidence": [], "confidence": "high"}])


# --- the same check in the lesson's evidence exercise (profile mode) ----------------------------

def _fact(text, cards, confidence):
    truth = model.get("L4-E08").secret()["key"]["truth"]
    return {"text": text, "cards": cards, "relays": {c: truth[c]["relays"] for c in cards}, "repeats": {},
            "confidence": confidence}


def test_the_exercise_reports_a_fact_with_no_evidence():
    ex = model.get("L4-E08")
    res = score(ex, {"facts": [_fact("Its editors are free.", [], "M"),
                               _fact("Funded by Qatar.", ["SC-318", "SC-319"], "H"),
                               _fact("The Factual scores it below average.", ["SC-320"], "M")]})
    first = res.items[0]
    assert first["status"] == "wrong" and "No evidence" in first["feedback"] and first["allowed"] == "NF"
    assert res.score == pytest.approx(2 / 3)


def test_the_exercise_refuses_h_on_one_partisan_card():
    ex = model.get("L4-E08")
    res = score(ex, {"facts": [_fact("Ad Fontes rates it reliable.", ["SC-356"], "H"),
                               _fact("Funded by Qatar.", ["SC-318", "SC-319"], "H"),
                               _fact("The Factual scores it below average.", ["SC-320"], "M")]})
    first = res.items[0]
    assert first["status"] == "wrong" and first["allowed"] == "L"
    assert "the evidence allows L" in first["feedback"] and "Partisan" in first["feedback"]


def test_the_exercise_gives_full_marks_to_a_sound_profile():
    ex = model.get("L4-E08")
    res = score(ex, {"facts": [_fact("Funded by Qatar.", ["SC-318", "SC-319"], "H"),
                               _fact("The Factual scores it below average.", ["SC-320"], "M"),
                               _fact("A critic reports an Ad Fontes rating.", ["SC-356"], "L"),
                               _fact("Who appoints its editors: not found.", [], "NF")]})
    assert res.score == pytest.approx(1.0)
    assert [it["allowed"] for it in res.items] == ["H", "M", "L", "NF"]
    # The exercise and outlets.check_profile agree on every fact.
    checked = outlets.check_profile([{"text": f["text"], "evidence": f["cards"], "confidence": f["confidence"]}
                                     for f in [_fact("a", ["SC-318", "SC-319"], "H"), _fact("b", ["SC-320"], "M"),
                                               _fact("c", ["SC-356"], "L"), _fact("d", [], "NF")]])
    assert list(checked["allowed"]) == ["H", "M", "L", "NF"]


# --- the lesson's definitions --------------------------------------------------------------------

def test_every_card_the_lesson_names_exists():
    text = (ROOT / "solutions" / "exercises" / "lesson4.yaml").read_text(encoding="utf-8")
    text += (ROOT / "book" / "lesson4.md").read_text(encoding="utf-8")
    named = set(re.findall(r"SC-\d{3}", text))
    assert named and named <= set(_cards())


def test_the_lesson_has_unknown_and_trust_answers():
    """Discernment, not doubt: some right answers are "unknown" or "trust it for this point"."""
    e01 = model.get("L4-E01").secret()["key"]
    assert "unknown" in e01.values()
    e06 = model.get("L4-E06").secret()["key"]
    assert 0 < list(e06.values()).count("trust it for this point") < len(e06)
