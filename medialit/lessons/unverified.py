"""Lesson 3 (Unverified claims): the claims inventory as tables, and the confidence rules.

Every function reads the kit's claims inventory (``seeds/claims_*.yaml``) and source cards
(``seeds/cards_*.yaml``) through ``medialit.dataset`` and works offline. Tables put the two
articles side by side (columns ``A`` and ``B``), ready for ``medialit.charts.table`` or
``medialit.charts.side_by_side``.

    from medialit.lessons import unverified
    unverified.inventory()              # one row per claim: type, verdict, confidence, basis
    unverified.verdicts()               # verdicts by article (percent=True: shares)
    unverified.verdicts_by_type("B")    # claim type against verdict, for one article
    unverified.confidence()             # H, M, L, NF by article
    unverified.kinds()                  # the kinds of "unverified" by article
    unverified.rests_on()               # what each article's claims rest on
    unverified.calculator(["SC-212", "SC-211"])   # the confidence rules on a set of cards
    unverified.reasons(["SC-212", "SC-211"])      # ... and why they give that grade

The counts describe the kit's own inventory: which claims the annotators listed, and what
two checkers found in the sources they searched. They are not a score for either text.
"""

from __future__ import annotations

import pandas as pd

from .. import dataset
from ..corpus.confidence import (COUNTING_ROLES, Grade, cards_for_grading, grade_evidence,
                                 original_of)
from ..errors import KitError

ARTICLES = ["A", "B"]

# Plain names for the codes of the inventory.
KIND_LABELS = {
    "secret": "the original is secret",
    "partisan_only": "only partisan sources",
    "languages": "only some languages searched",
    "not_found": "nothing found",
}
GRADE_LABELS = {"H": "H (high)", "M": "M (medium)", "L": "L (low)", "NF": "NF (not found)"}

# What a claim rests on: the strongest kind of evidence among the cards that bear on its
# verdict (decisive or supporting), counted as the kit's confidence rules count them.
BASES = (
    "two or more independent sources",
    "one independent source",
    "unnamed officials only",
    "partisan sources only",
    "no source found",
    "not checkable",
)


def _card_data() -> dict[str, dict]:
    out = {}
    for c in dataset.cards().to_dict("records"):
        c = dict(c)
        c["copy_of"] = c["copy_of"] if isinstance(c.get("copy_of"), str) else None
        out[c["id"]] = c
    return out


def _basis(entries: list[dict], verdict: str, cards: dict[str, dict]) -> str:
    """What one claim rests on (one of ``BASES``)."""
    if verdict == "not checkable":
        return "not checkable"
    counted = cards_for_grading(entries or [], cards)
    if not counted:
        return "no source found"
    first: dict[str, dict] = {}
    for c in counted:
        first.setdefault(original_of(c), c)
    independent = [c for c in first.values() if c.get("partisan") == "none"]
    named = [c for c in independent if c.get("relays") != "anonymous official"]
    if len(named) >= 2:
        return "two or more independent sources"
    if named:
        return "one independent source"
    if independent:
        return "unnamed officials only"
    return "partisan sources only"


def _check_article(article: str | None) -> None:
    if article is not None and article not in ARTICLES:
        raise KitError(f"There is no article {article!r}: use 'A' or 'B'.")


def inventory(article: str | None = None) -> pd.DataFrame:
    """The claims inventory as a table indexed by claim id, optionally for one article.

    Columns: article, paragraph_id, claim (restated), claim_type, verdict, confidence,
    unverified_kind (for unverified claims: secret, partisan_only, languages, not_found),
    rests_on (see ``rests_on``) and n_cards (how many cards bear on the verdict).
    """
    _check_article(article)
    cards = _card_data()
    df = dataset.claims()
    out = df[["id", "article", "paragraph_id", "claim", "claim_type", "verdict", "confidence"]].copy()
    out["unverified_kind"] = df["unverified_kind"].where(df["unverified_kind"].notna(), "")
    out["rests_on"] = [_basis(e, v, cards) for e, v in zip(df["evidence_roles"], df["verdict"])]
    out["n_cards"] = [sum(1 for x in (e or []) if x.get("role") in COUNTING_ROLES) for e in df["evidence_roles"]]
    if article is not None:
        out = out[out["article"] == article]
    return out.set_index("id")


def _by_article(column: str, order: list[str], labels: dict[str, str] | None, name: str,
                percent: bool, df: pd.DataFrame | None = None) -> pd.DataFrame:
    df = inventory() if df is None else df
    table = pd.crosstab(df[column], df["article"]).reindex(index=order, columns=ARTICLES)
    table = table.fillna(0).astype(int)
    if percent:
        totals = inventory()["article"].value_counts().reindex(ARTICLES)
        table = (table / totals * 100).round(1)
    if labels:
        table.index = [labels.get(i, i) for i in table.index]
    table.index.name = name
    table.columns.name = None
    return table


def verdicts(percent: bool = False) -> pd.DataFrame:
    """Claims by verdict (rows, in the kit's order) in each article (columns A and B).

    ``percent=True`` gives each verdict's share of the article's claims (columns add up to 100).
    """
    return _by_article("verdict", list(dataset.VERDICTS), None, "verdict", percent)


def verdicts_by_type(article: str | None = None) -> pd.DataFrame:
    """Claim type (rows) against verdict (columns), for one article or both together.

    Types and verdicts that never occur are left out.
    """
    _check_article(article)
    df = inventory(article)
    types = [t for t in dataset.CLAIM_TYPES if t in set(df["claim_type"])]
    cols = [v for v in dataset.VERDICTS if v in set(df["verdict"])]
    table = pd.crosstab(df["claim_type"], df["verdict"]).reindex(index=types, columns=cols).fillna(0).astype(int)
    table.index.name = "claim type" + (f" (article {article})" if article else "")
    table.columns.name = None
    return table


def confidence(percent: bool = False) -> pd.DataFrame:
    """Claims by the kit's confidence grade (H, M, L, NF) in each article."""
    return _by_article("confidence", list(dataset.CONFIDENCE), GRADE_LABELS, "confidence", percent)


def kinds() -> pd.DataFrame:
    """The unverified claims of each article, by the kind of "unverified" (why it could not be checked)."""
    df = inventory()
    df = df[df["verdict"] == "unverified"]
    return _by_article("unverified_kind", list(dataset.UNVERIFIED_KINDS), KIND_LABELS,
                       "why it is unverified", False, df)


def rests_on(percent: bool = False) -> pd.DataFrame:
    """What each article's claims rest on: the strongest evidence among the cards that bear on
    the verdict, counted by the kit's rules (a copy counts once; unnamed officials and partisan
    sources never make two independent sources).

    A card can bear on a claim without settling it: an unverified quotation may rest on
    independent reports that the speech took place, while its words were never found.
    """
    return _by_article("rests_on", list(BASES), None, "what the claim rests on", percent)


def unverified_claims(article: str | None = None) -> pd.DataFrame:
    """The unverified claims, with their kind and the languages searched."""
    _check_article(article)
    df = dataset.claims()
    df = df[df["verdict"] == "unverified"]
    if article is not None:
        df = df[df["article"] == article]
    out = df[["id", "article", "paragraph_id", "claim", "confidence"]].copy()
    out["why"] = df["unverified_kind"].map(KIND_LABELS)
    out["languages searched"] = df["languages_searched"].map(lambda x: ", ".join(x) if isinstance(x, list) else "")
    return out.set_index("id")


# --- the confidence calculator -------------------------------------------------------------

def grade_cards(cards: list[dict]) -> Grade:
    """The kit's confidence rules on cards given as mappings (``id``, ``partisan``, ``relays``,
    optional ``copy_of``): the highest grade the evidence allows, and why.

    This is ``medialit.corpus.confidence.grade_evidence``, the code the validator and the
    evidence exercise use, so a constructed case here gets the grade a student would see.
    """
    return grade_evidence([{"id": c["id"], "partisan": c.get("partisan", "none"),
                            "relays": c.get("relays", "own reporting"), "copy_of": c.get("copy_of")}
                           for c in cards])


def _kit_cards(card_ids: list[str]) -> list[dict]:
    cards = _card_data()
    unknown = [c for c in card_ids if c not in cards]
    if unknown:
        raise KitError(f"No source card {unknown[0]!r}: card ids look like 'SC-212'.")
    return [cards[c] for c in card_ids]


def calculator(card_ids: list[str]) -> pd.DataFrame:
    """The confidence rules applied to the kit's own cards: one row per card, saying how it
    counts, and a last row ("all together") with the grade the set allows. ``reasons`` says why.

    Example: ``calculator(["SC-212", "SC-211"])``: two outlets, one report, one unnamed official.
    """
    picked = _kit_cards(card_ids)
    g = grade_evidence(picked)
    rows = []
    for c in picked:
        if c["id"] in g.repeats:
            counts = f"repeats {g.repeats[c['id']]}: counted once"
        elif c.get("partisan") != "none":
            counts = "takes a side: cannot lift the grade"
        elif c.get("relays") == "anonymous official":
            counts = "rests on an unnamed official: never enough for H"
        else:
            counts = "independent, with a named or written origin"
        rows.append({"card": c["id"], "publisher": c["publisher"], "side": c["partisan"],
                     "passes on": c["relays"], "copy of": c["copy_of"] or "", "counts as": counts})
    rows.append({"card": "all together", "publisher": "", "side": "", "passes on": "", "copy of": "",
                 "counts as": f"grade {GRADE_LABELS[g.grade]}"})
    return pd.DataFrame(rows).set_index("card")


def reasons(card_ids: list[str]) -> pd.DataFrame:
    """Why the rules give the grade they give for these cards, one reason a row."""
    g = grade_evidence(_kit_cards(card_ids))
    out = pd.DataFrame({"why": g.reasons}, index=pd.RangeIndex(1, len(g.reasons) + 1, name="reason"))
    return out
