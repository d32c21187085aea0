"""Lesson 4 (partisan outlets): who is behind an outlet, what others say about it, and what a
profile's evidence allows.

Every function returns a pandas object (or, for the chart, an HTML figure) built from the
kit's own files in ``seeds/``; nothing is fetched.

    from medialit.lessons import outlets
    outlets.profiles_table()          # the outlet profiles, one row each, facts by confidence
    outlets.profile_facts("al-jazeera")  # one profile's facts, with their evidence
    outlets.what_sources_say()        # what each source says about each outlet (cards cited)
    outlets.scale_table()             # each rater's own grades, and the kit's class for each
    outlets.ratings_matrix()          # outlet x rater: the reliability class each rater gives
    outlets.agreement()               # per outlet: how many ratings, and do they agree?
    outlets.ratings_chart()           # the matrix as a chart, with alt text
    outlets.check_profile(facts)      # which facts lack evidence, which grades it does not allow

Two different questions are kept apart: *who controls an outlet* (a media monitor's finding,
the outlet's own account) and *how reliable raters find it*. A stance on this dispute is a
third question, and none of the raters here measures it.
"""

from __future__ import annotations

import base64
import io
import re

import pandas as pd

from .. import dataset
from ..corpus import load_article
from ..corpus.confidence import ORDER, cards_for_grading, grade_evidence
from ..corpus.loaders import evidence_entries
from ..errors import KitError

# --- what each source says about each outlet ---------------------------------------------------

# Reliability classes: the kit's three-way summary of each rater's own scale (summarised, not
# copied). The class is never typed in by hand: it comes from SCALE, so one rater's grade always
# gets the same class.
HIGH, MIXED, LOW = "high or above average", "mixed or below average", "low"
CLASSES = (HIGH, MIXED, LOW)
RATERS = ("Media Bias/Fact Check", "Ad Fontes Media", "The Factual")

# Each rater's own grade (as the card gives it) -> the kit's class. Media Bias/Fact Check grades
# factual reporting in words from "Very High" down to "Very Low": High and above count as high,
# "Mostly Factual" and "Mixed" as mixed, Low and below as low. Ad Fontes Media's bands: its top
# band, or "reliable", counts as high, "mixed reliability" as mixed. The Factual scores articles
# against its dataset's average: above it counts as high, below it as mixed (it names no "low").
# Only grades in this table can be entered; book/lesson4.md states the rule in one sentence.
SCALE = {
    "Media Bias/Fact Check": {"Very High": HIGH, "High": HIGH, "Mostly Factual": MIXED,
                              "Mixed": MIXED, "Low": LOW, "Very Low": LOW},
    "Ad Fontes Media": {"top reliability band": HIGH, "reliable": HIGH, "mixed reliability": MIXED},
    "The Factual": {"above average": HIGH, "below average": MIXED},
}


def reliability_class(rater: str, grade: str) -> str:
    """The kit's class for a rater's own grade, from ``SCALE`` (a KitError for any other grade)."""
    try:
        return SCALE[rater][grade]
    except KeyError:
        raise KitError(f"No class for {rater!r} grade {grade!r}. Known grades: "
                       + "; ".join(f"{r}: {', '.join(g)}" for r, g in SCALE.items()) + ".") from None


def scale_table() -> pd.DataFrame:
    """``SCALE`` as a table: one row per rater's grade, with the kit's class."""
    return pd.DataFrame([{"rater": r, "grade": g, "class": c} for r, grades in SCALE.items()
                         for g, c in grades.items()])


# One row per thing a source says about an outlet, each resting on a source card. ``rater``
# names the rating service when the row is a reliability rating (``grade`` then gives the
# rater's own grade, and SCALE its class); other rows are what monitors, encyclopedias,
# partisan sites and the outlet itself say.
# ``second_hand``: the rater's own page was not read, only someone else's report of it.
# tests/test_outlets.py checks every row against its card (publisher, and the words summarised).
SAYS = [
    # outlet, source, kind of source, what it says (summarised), rater's grade, card, second_hand
    ("Tehran Times", "Media Bias/Fact Check", "rater",
     "rates it Questionable, factual reporting Mixed", "Mixed", "SC-302", False),
    ("Tehran Times", "State Media Monitor", "media monitor",
     "state-controlled; its parent body's head is appointed by the Supreme Leader", None, "SC-301", False),
    ("Tehran Times", "encyclopedia (citing the BBC and Politico)", "encyclopedia",
     "considered state-controlled; the BBC and Politico call it state-run", None, "SC-303", False),
    ("Tehran Times", "the Tehran Times itself", "the outlet itself",
     "its managing director quotes the founder's words as its main strategy: not the government's "
     "paper but the voice of the Islamic Revolution", None, "SC-304", False),
    ("Tehran Times", "moisdisinformation.com (pro-MEK)", "partisan site",
     "its stories are often reposted on anti-MEK sites", None, "SC-348", False),
    ("Al Jazeera", "The Factual", "rater",
     "its articles score below the rater's average (59.3%)", "below average", "SC-320", False),
    ("Al Jazeera", "Ad Fontes Media", "rater",
     "reliable and left-leaning, as a hostile critic reports it", "reliable", "SC-356", True),
    ("Al Jazeera", "State Media Monitor", "media monitor",
     "state-controlled; funded through Qatar's Council of Ministers", None, "SC-318", False),
    ("Al Jazeera", "encyclopedia", "encyclopedia",
     "funded by the Qatari state, with nominal editorial independence", None, "SC-319", False),
    ("NBC News", "The Factual", "rater",
     "its articles score above the rater's average (68.1%)", "above average", "SC-355", False),
    ("MSNBC", "Ad Fontes Media", "rater", "skews left; mixed reliability", "mixed reliability", "SC-354", False),
    ("The New Yorker", "Ad Fontes Media", "rater", "skews left; top reliability band",
     "top reliability band", "SC-349", False),
    ("Newsweek", "Media Bias/Fact Check", "rater",
     "left-center; Mostly Factual (January 2021)", "Mostly Factual", "SC-351", False),
    ("Newsweek", "Ad Fontes Media", "rater", "skews left; top reliability band",
     "top reliability band", "SC-350", False),
    ("The Wall Street Journal", "Media Bias/Fact Check", "rater",
     "right-center; factual reporting Mixed (January 2019)", "Mixed", "SC-352", False),
    ("The Wall Street Journal", "The Factual", "rater",
     "its articles score just below the rater's average (61.9% against 62.0%; another version of the page gives 64.5%, above)", "below average", "SC-353", False),
    ("Channel 4 News", "NCRI statement (pro-MEK)", "partisan site",
     "attacked its report on the MEK's camp as biased, before broadcast", None, "SC-335", False),
]

# Outlets for which the kit found no rating from any rater. ``why``: the profile fact or the
# search that says so. The four sites on either side of the dispute are named in the lesson:
# for ncr-iran.org and Iran Focus only a Media Bias/Fact Check page was searched for; for
# nejatngo.org and iran-interlink.org, any rater's page.
NO_RATING = [
    ("Channel 4 News", "profile: no independent rating found"),
    ("Al-Monitor", "profile: no independent rating found"),
    ("fashthenation.com", "profile: no independent rating found"),
    ("ncr-iran.org (NCRI, pro-MEK)", "searched stored copies for a Media Bias/Fact Check page: none found"),
    ("Iran Focus (pro-MEK)", "searched stored copies for a Media Bias/Fact Check page: none found"),
    ("nejatngo.org (Nejat Society, anti-MEK)", "searched stored copies for a rater's page: none found"),
    ("iran-interlink.org (anti-MEK)", "searched stored copies for a rater's page: none found"),
]
NONE_FOUND = "no rating found"


def what_sources_say(outlet: str | None = None) -> pd.DataFrame:
    """What each source says about each outlet: one row per statement, with its card.

    Columns: ``outlet``, ``source``, ``kind`` (rater, media monitor, encyclopedia, partisan
    site, the outlet itself), ``says`` (in the kit's words), ``grade`` (a rater's own grade),
    ``reliability`` (its class from ``SCALE``: high or above average, mixed or below average,
    low; empty for the other kinds), ``card`` and ``second_hand`` (True when the rater's own
    page was not read). Outlets with no rating found are listed with ``kind`` "rater" and
    ``says`` "no rating found".
    """
    rows = []
    for outlet_, source, kind, says, grade, card, second in SAYS:
        rows.append({"outlet": outlet_, "source": source, "kind": kind, "says": says, "grade": grade,
                     "reliability": reliability_class(source, grade) if grade is not None else None,
                     "card": card, "second_hand": second})
    rows += [{"outlet": o, "source": "(any rater)", "kind": "rater", "says": NONE_FOUND, "grade": None,
              "reliability": None, "card": "", "second_hand": False, "note": why} for o, why in NO_RATING]
    df = pd.DataFrame(rows)
    df["note"] = df.get("note", pd.Series(dtype=object)).fillna("")
    if outlet is not None:
        df = df[df["outlet"].str.lower() == outlet.lower()]
        if df.empty:
            raise KitError(f"No source in the lesson's table speaks of {outlet!r}. Outlets: "
                           + ", ".join(outlets_named()) + ".")
    return df.reset_index(drop=True)


def outlets_named() -> list[str]:
    """The outlets in ``what_sources_say``, in table order."""
    return list(dict.fromkeys([r[0] for r in SAYS] + [o for o, _ in NO_RATING]))


def ratings_matrix() -> pd.DataFrame:
    """Outlet (rows) x rater (columns): the reliability class each rater gives, "second-hand"
    marked, and ``no rating found`` where the kit read none. Only raters' ratings count here:
    what monitors, encyclopedias and partisan sites say is in ``what_sources_say``."""
    df = what_sources_say()
    rated = df[df["source"].isin(RATERS)]
    cell = rated["reliability"] + rated["second_hand"].map({True: " (second-hand)", False: ""})
    table = pd.DataFrame({"outlet": rated["outlet"], "rater": rated["source"], "class": cell})
    out = table.pivot(index="outlet", columns="rater", values="class")
    out = out.reindex(index=outlets_named(), columns=list(RATERS)).fillna("—")
    out.index.name = "outlet"
    out.columns.name = None
    return out


def agreement() -> pd.DataFrame:
    """Per outlet: how many ratings the kit read, their classes, and whether they agree.

    ``verdict`` is "no rating found", "one rating only", "raters agree" or "raters differ".
    A second-hand rating counts, and is marked, so a reader can weigh it less.
    """
    df = what_sources_say()
    rows = []
    for outlet in outlets_named():
        r = df[(df["outlet"] == outlet) & df["source"].isin(RATERS)]
        classes = list(r["reliability"])
        if not classes:
            verdict = NONE_FOUND
        elif len(classes) == 1:
            verdict = "one rating only"
        else:
            verdict = "raters agree" if len(set(classes)) == 1 else "raters differ"
        rows.append({"outlet": outlet, "ratings": len(classes),
                     "classes": "; ".join(f"{s}: {c}" + (" (second-hand)" if h else "")
                                          for s, c, h in zip(r["source"], classes, r["second_hand"])),
                     "verdict": verdict})
    return pd.DataFrame(rows).set_index("outlet")


# Colour-blind-safe colours (Okabe-Ito) and a distinct marker per class, so the chart reads in
# grey print too; the class is also written in each cell.
_STYLE = {HIGH: ("#0072B2", "o", "high"), MIXED: ("#E69F00", "s", "mixed"), LOW: ("#D55E00", "v", "low")}


def ratings_chart():
    """``ratings_matrix`` as a chart: a marker and a word per rating, a dash where none was
    read, hollow markers for second-hand ratings. Returns an HTML figure whose alt text states
    every cell (``medialit.charts`` style: a PNG as a data URI, no file, no request)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from IPython.display import HTML

    m = ratings_matrix()
    fig, ax = plt.subplots(figsize=(7.5, 0.42 * len(m) + 1.3), dpi=110)
    for y, (outlet, row) in enumerate(m.iterrows()):
        for x, rater in enumerate(m.columns):
            value = row[rater]
            if value == "—":
                ax.text(x, y, "—", ha="center", va="center", color="#555555")
                continue
            cls = value.replace(" (second-hand)", "")
            colour, marker, word = _STYLE[cls]
            hollow = "second-hand" in value
            ax.scatter([x - 0.18], [y], s=70, marker=marker, edgecolors=colour, linewidths=1.5,
                       facecolors="none" if hollow else colour)
            ax.text(x - 0.05, y, word + ("*" if hollow else ""), va="center", fontsize=9)
    ax.set_xticks(range(len(m.columns)))
    ax.set_xticklabels(list(m.columns), fontsize=9)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(m)))
    ax.set_yticklabels(list(m.index), fontsize=9)
    ax.set_xlim(-0.6, len(m.columns) - 0.4)
    ax.set_ylim(len(m) - 0.5, -0.5)
    ax.spines[["top", "right", "bottom", "left"]].set_visible(False)
    ax.tick_params(length=0)
    fig.text(0.01, 0.01, "* second-hand: the rater's own page was not read.  — no rating read.", fontsize=8)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    parts = []
    for outlet, row in m.iterrows():
        cells = [f"{r}: {v if v != '—' else 'no rating read'}" for r, v in row.items()]
        parts.append(f"{outlet}: " + ", ".join(cells) + ".")
    alt = ("Chart of the reliability class three raters give each outlet. " + " ".join(parts)).replace('"', "&quot;")
    caption = ("What three raters say about the reliability of outlets in the case, as the kit read them "
               "(classes summarised from each rater's own scale). Most outlets have one rating or none.")
    return HTML(f'<figure class="ml-figure"><img src="data:image/png;base64,{data}" alt="{alt}" '
                f'style="max-width:100%;height:auto"><figcaption>{caption}</figcaption></figure>')


# --- profiles -------------------------------------------------------------------------------------

GRADES = ("H", "M", "L", "NF")


def _profiles(kind: str | None = "outlet") -> list[dict]:
    df = dataset.profiles()
    rows = df.to_dict("records")
    return [p for p in rows if kind is None or p.get("kind") == kind]


def profiles_table(kind: str | None = "outlet") -> pd.DataFrame:
    """The profiles as a table, one row each (outlets by default; ``kind=None`` for all).

    Columns: ``name``, ``role``, ``facts`` and the number of facts at each confidence (H, M,
    L, NF), and ``unknowns`` (what the research could not establish).
    """
    rows = []
    for p in _profiles(kind):
        facts = p.get("facts") if isinstance(p.get("facts"), list) else []
        grades = [str(f.get("confidence")) for f in facts]
        unknowns = p.get("unknowns") if isinstance(p.get("unknowns"), list) else []
        rows.append({"id": p["id"], "name": p["name"], "role": p["role"], "facts": len(facts),
                     **{g: grades.count(g) for g in GRADES}, "unknowns": len(unknowns)})
    return pd.DataFrame(rows).set_index("id")


def _card_data() -> dict[str, dict]:
    """Card id -> card, as the confidence rules read it (a missing ``copy_of`` is None, not NaN:
    a NaN would make every card without one look like a copy of the same report)."""
    out = {}
    for c in dataset.cards().to_dict("records"):
        copy_of = c.get("copy_of")
        out[c["id"]] = {**c, "copy_of": copy_of if isinstance(copy_of, str) else None}
    return out


def profile_facts(profile_id: str | None = None, kind: str | None = "outlet") -> pd.DataFrame:
    """The profiles' facts, one row each: ``profile``, ``fact``, ``confidence``, ``cards``
    (the evidence ids) and ``partisan_cards`` (those flagged as taking a side on the dispute)."""
    cards = _card_data()
    rows = []
    for p in _profiles(None if profile_id else kind):
        if profile_id and p["id"] != profile_id:
            continue
        for f in p.get("facts") or []:
            ids = [e["card"] for e in evidence_entries(f.get("evidence"))]
            rows.append({"profile": p["id"], "fact": f["text"], "confidence": f["confidence"],
                         "cards": ids,
                         "partisan_cards": [i for i in ids if cards.get(i, {}).get("partisan", "none") != "none"]})
    if profile_id and not rows:
        raise KitError(f"No profile {profile_id!r} with facts. Profiles: "
                       + ", ".join(dataset.profiles()["id"]) + ".")
    return pd.DataFrame(rows)


# --- the profile check ----------------------------------------------------------------------------

OK = "ok"
NO_EVIDENCE = "no evidence"
TOO_HIGH = "more than the evidence allows"
TOO_LOW = "less than the evidence allows"
_PARAGRAPH = re.compile(r"[A-Z]-P\d{2,}")


def check_profile(facts: list[dict], cards: dict[str, dict] | None = None) -> pd.DataFrame:
    """Check a short profile against the kit's confidence rules (``medialit.corpus.confidence``,
    the code the validator and the evidence exercise use).

    ``facts``: mappings with ``text``, ``confidence`` (H, M, L or NF) and ``evidence`` (card
    ids, paragraph ids such as ``B-P02`` for what a text itself states, or the mappings of
    ``profiles.yaml``; ``cards`` is accepted as another name). ``cards``: card id -> card
    (``partisan``, ``relays``, ``copy_of``); the corpus's cards by default.

    One row per fact: ``fact``, ``claimed``, ``allowed`` (the grade the evidence allows),
    ``status`` and ``why``. Status is "ok"; "no evidence" (a fact with no source can only be
    NF); "more than the evidence allows" (the validator refuses it); or "less than the
    evidence allows" (the validator accepts an understatement, the exercise asks for the
    exact grade).
    """
    known = dict(_card_data() if cards is None else cards)
    rows = []
    for n, fact in enumerate(facts, start=1):
        if not isinstance(fact, dict):
            raise KitError(f"Fact {n} should be a mapping with text, evidence and confidence.")
        claimed = str(fact.get("confidence"))
        if claimed not in GRADES:
            raise KitError(f"Fact {n}: confidence {claimed!r} is not one of {', '.join(GRADES)}.")
        entries = evidence_entries(fact.get("evidence", fact.get("cards")))
        for e in entries:
            if _PARAGRAPH.fullmatch(e["card"]) and e["card"] not in known:
                load_article(e["card"].split("-")[0]).paragraph(e["card"])  # raises if unknown
                known[e["card"]] = {"id": e["card"], "partisan": "none", "relays": "document",
                                    "copy_of": "text " + e["card"].split("-")[0]}
        unknown = [e["card"] for e in entries if e["card"] not in known]
        if unknown:
            raise KitError(f"Fact {n}: unknown evidence {', '.join(unknown)}.")
        grade = grade_evidence(cards_for_grading(entries, known))
        if not entries:
            status = OK if claimed == "NF" else NO_EVIDENCE
            why = "No source: a fact nobody could check is 'not found' (NF), never more."
        elif claimed == grade.grade:
            status, why = OK, " ".join(grade.reasons)
        elif ORDER[claimed] > ORDER[grade.grade]:
            status, why = TOO_HIGH, " ".join(grade.reasons)
        else:
            status, why = TOO_LOW, " ".join(grade.reasons)
        rows.append({"fact": str(fact.get("text") or f"fact {n}"), "claimed": claimed,
                     "allowed": grade.grade, "status": status, "why": why})
    return pd.DataFrame(rows, columns=["fact", "claimed", "allowed", "status", "why"])


def check_corpus_profile(profile_id: str) -> pd.DataFrame:
    """``check_profile`` on one of the kit's own profiles (they pass: no fact claims more than
    its evidence allows)."""
    match = [p for p in _profiles(None) if p["id"] == profile_id]
    if not match:
        raise KitError(f"No profile {profile_id!r}. Profiles: " + ", ".join(dataset.profiles()["id"]) + ".")
    return check_profile(match[0].get("facts") or [])
