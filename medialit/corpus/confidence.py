"""The confidence rules of ``seeds/FORMATS.md``, written once: the validator enforces them on
every claim, and the evidence exercise shows students the grade their evidence allows.

A grade says how sure the evidence lets a reader be: H (two or more independent, non-partisan
sources agree), M (one good source, or a reprint or relay of one report, or sources resting
on unnamed officials), L (weak sources only, or partisan sources on one side only), NF (searched, nothing found).

- One anonymous official is never H: a source that rests on an unnamed official counts
  towards M at most, however many outlets relay it.
- A copy counts once: cards that pass on the same original (``copy_of``) are one source.
- Not found is never H: no evidence gives NF.
- A partisan source (on either side of the dispute) alone gives L; partisan sources on
  opposite sides that agree give M (each side would contest the other), never H.
- Only the cards that bear on the verdict count (role ``decisive`` or ``supporting``); a card
  cited for ``context`` or marked ``irrelevant`` does not lift a grade.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ORDER = {"NF": 0, "L": 1, "M": 2, "H": 3}
ROLES = ("decisive", "supporting", "context", "irrelevant")
COUNTING_ROLES = ("decisive", "supporting")
# The sides of the dispute: Iranian state media and anti-MEK sites stand on the same side.
SIDES = {"pro-MEK": "pro-MEK", "anti-MEK": "anti-MEK", "Iranian state": "anti-MEK", "other": "other"}
RELAYS = ("named person", "anonymous official", "document", "another outlet", "own reporting")


@dataclass
class Grade:
    grade: str
    reasons: list = field(default_factory=list)
    independent: list = field(default_factory=list)   # originals counted towards H
    repeats: dict = field(default_factory=dict)       # card id -> the card it merely repeats


def original_of(card: dict) -> str:
    """The report a card passes on: its ``copy_of`` if it is a copy, else the card itself."""
    copy = card.get("copy_of")
    if not isinstance(copy, str) or not copy.strip():  # None, "", or NaN from a pandas table
        copy = None
    return str(copy or card.get("id"))


def copy_groups(cards: list[dict]) -> tuple[dict[str, str], dict[str, str]]:
    """Cards that pass on the same report, grouped: (the card standing for each report, keyed by
    the report; and each other card -> the card it repeats). The card that *is* the original
    stands for its group when it is among the cards; otherwise the first copy does. The order of
    ``cards`` never decides which of an original and its copy repeats the other."""
    groups: dict[str, list[str]] = {}
    for c in cards:
        groups.setdefault(original_of(c), []).append(str(c["id"]))
    first = {key: (key if key in ids else ids[0]) for key, ids in groups.items()}
    repeats = {i: first[key] for key, ids in groups.items() for i in ids if i != first[key]}
    return first, repeats


def grade_evidence(cards: list[dict]) -> Grade:
    """The highest confidence the cards allow, and why, in words a student can follow.

    Each card is a mapping with at least ``id``, ``partisan`` (``none`` or a side) and
    ``relays``; ``copy_of`` is optional.
    """
    if not cards:
        return Grade("NF", ["No source: a claim nobody could check is 'not found', never more."])
    first, repeats = copy_groups(cards)
    by_id = {str(c["id"]): c for c in cards}
    originals = [by_id[i] for i in first.values()]
    independent = [c for c in originals if c.get("partisan") == "none"]
    named = [c for c in independent if c.get("relays") != "anonymous official"]
    reasons = []
    if repeats:
        reasons.append("Counted once: " + ", ".join(f"{r} repeats {o}" for r, o in repeats.items()) + ".")
    partisan = [c for c in originals if c.get("partisan") != "none"]
    if partisan:
        reasons.append("Partisan on the dispute (they count, but cannot lift the grade): "
                       + ", ".join(str(c["id"]) for c in partisan) + ".")
    anonymous = [c for c in independent if c.get("relays") == "anonymous official"]
    if anonymous:
        reasons.append("Resting on unnamed officials (never enough for H): "
                       + ", ".join(str(c["id"]) for c in anonymous) + ".")
    sides = {SIDES.get(str(c.get("partisan")), "other") for c in partisan}
    if len(named) >= 2:
        grade = "H"
        reasons.append(f"{len(named)} independent, non-partisan sources with named or documentary origins.")
    elif independent:
        grade = "M"
        reasons.append("One independent source (or several that rest on one report or on unnamed "
                       "officials): enough for M, not for H.")
    elif {"pro-MEK", "anti-MEK"} <= sides:
        grade = "M"
        reasons.append("Partisan sources on opposite sides agree: M, never H.")
    else:
        grade = "L"
        reasons.append("Only partisan sources: L at most.")
    return Grade(grade, reasons, [str(c["id"]) for c in named], repeats)


def allows(claimed: str, grade: Grade) -> bool:
    """Does the evidence allow the confidence ``claimed``?"""
    return ORDER.get(str(claimed), 99) <= ORDER[grade.grade]


def cards_for_grading(entries: list[dict], card_data: dict[str, dict]) -> list[dict]:
    """The cards that count for one claim, with its per-claim role applied.

    ``entries``: the claim's evidence (``loaders.evidence_entries``); ``card_data``: card id to
    card. A card whose role is context or irrelevant is left out; ``independent`` and
    ``relays`` recorded for this claim override the card's own flags.
    """
    out = []
    for e in entries:
        card = card_data.get(e["card"])
        if card is None or (e.get("role") and e["role"] not in COUNTING_ROLES):
            continue
        card = dict(card)
        if e.get("independent") == "yes":
            card["partisan"] = "none"
        elif e.get("independent") == "no" and card.get("partisan") == "none":
            card["partisan"] = "other"
        if e.get("relays"):
            card["relays"] = e["relays"]
        out.append(card)
    return out
