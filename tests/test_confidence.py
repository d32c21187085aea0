"""The confidence rules, in code (medialit.corpus.confidence): the validator's and the evidence
exercise's, on constructed cases."""

from __future__ import annotations

from medialit.corpus.confidence import allows, cards_for_grading, grade_evidence


def card(cid, partisan="none", relays="own reporting", copy_of=None):
    return {"id": cid, "partisan": partisan, "relays": relays, "copy_of": copy_of}


def test_two_independent_sources_give_h():
    g = grade_evidence([card("SC-1"), card("SC-2", relays="document")])
    assert g.grade == "H" and g.independent == ["SC-1", "SC-2"]


def test_one_source_repeated_by_three_outlets_is_one_source():
    g = grade_evidence([card("SC-1"), card("SC-2", relays="another outlet", copy_of="SC-1"),
                        card("SC-3", relays="another outlet", copy_of="SC-1"),
                        card("SC-4", relays="another outlet", copy_of="SC-1")])
    # SC-1 is the original; each copy names it in copy_of, so all four count once.
    assert g.grade == "M", g.reasons


def test_copies_of_a_report_not_in_the_set_still_count_once():
    g = grade_evidence([card("SC-2", copy_of="AP, 2018-12-19"), card("SC-3", copy_of="AP, 2018-12-19")])
    assert g.grade == "M" and g.repeats == {"SC-3": "SC-2"}


def test_one_anonymous_official_is_never_h():
    g = grade_evidence([card("SC-1", relays="anonymous official", copy_of="VOA"),
                        card("SC-2", relays="anonymous official", copy_of="VOA"),
                        card("SC-3", relays="anonymous official", copy_of="VOA")])
    assert g.grade == "M" and any("unnamed officials" in r for r in g.reasons)
    # Even two different reports resting on unnamed officials stay below H.
    assert grade_evidence([card("SC-1", relays="anonymous official"), card("SC-2", relays="anonymous official")]).grade == "M"


def test_nothing_found_is_nf_and_never_h():
    g = grade_evidence([])
    assert g.grade == "NF" and not allows("H", g) and allows("NF", g)


def test_partisan_sources_alone_and_on_opposite_sides():
    assert grade_evidence([card("SC-1", "anti-MEK"), card("SC-2", "Iranian state")]).grade == "L"
    assert grade_evidence([card("SC-1", "pro-MEK"), card("SC-2", "Iranian state")]).grade == "M"


def test_roles_decide_what_counts():
    data = {"SC-1": card("SC-1"), "SC-2": card("SC-2"), "SC-3": card("SC-3", "pro-MEK")}
    entries = [{"card": "SC-1", "role": "decisive", "independent": "yes", "relays": None},
               {"card": "SC-2", "role": "context", "independent": "yes", "relays": None},
               {"card": "SC-3", "role": "supporting", "independent": "yes", "relays": "document"}]
    counted = cards_for_grading(entries, data)
    assert [c["id"] for c in counted] == ["SC-1", "SC-3"]  # context left out
    assert counted[1]["partisan"] == "none"  # independent for this point (its own words)
    assert grade_evidence(counted).grade == "H"


def test_the_original_stands_for_its_copies_whatever_the_order():
    """A copy listed (or numbered) before its original never makes the original 'repeat' it."""
    from medialit.corpus.confidence import copy_groups

    voa = {"id": "SC-212", "partisan": "none", "relays": "anonymous official"}
    tirana = {"id": "SC-211", "partisan": "none", "relays": "anonymous official", "copy_of": "SC-212"}
    other = {"id": "SC-300", "partisan": "none", "relays": "named person"}
    for cards in ([tirana, voa, other], [voa, tirana, other], [other, tirana, voa]):
        first, repeats = copy_groups(cards)
        assert first["SC-212"] == "SC-212" and repeats == {"SC-211": "SC-212"}
        g = grade_evidence(cards)
        assert "SC-211 repeats SC-212" in " ".join(g.reasons) and g.grade == "M"
    # Two copies of an original that was not picked: the first stands, the other repeats it.
    nbc2 = {"id": "SC-213", "partisan": "none", "relays": "anonymous official", "copy_of": "SC-212"}
    assert copy_groups([nbc2, tirana])[1] == {"SC-211": "SC-213"}


def test_cards_from_a_pandas_table_are_not_all_one_report():
    """dataset.cards() gives NaN where a card has no copy_of; that must not make every such card
    a copy of one report named "nan"."""
    from medialit import dataset

    rows = dataset.cards().to_dict("records")
    plain = [r for r in rows if not isinstance(r.get("copy_of"), str)][:3]
    assert len(plain) == 3
    from medialit.corpus.confidence import copy_groups

    first, repeats = copy_groups(plain)
    assert repeats == {} and len(first) == 3
