"""Lesson 1 (Sourcing): who is cited, how, and whether a reader could trace it.

Every function reads the attribution inventory (``seeds/attributions.tsv``, through
``medialit.dataset.attributions()``) and, for claims, the claims inventory. Tables put the
two articles side by side (columns ``A`` and ``B``) so they can go straight into
``medialit.charts.side_by_side`` or ``medialit.charts.table``.

    from medialit import sourcing
    sourcing.source_types()            # attributions by type of source, per article
    sourcing.traceability()            # could a reader trace them? yes / partly / no
    sourcing.chain("B-P29")            # the links of a chain of citation in one paragraph
    sourcing.claims_by_traceability()  # claims, by how traceable their paragraph's sources are
"""

from __future__ import annotations

import re

import pandas as pd

from .. import dataset
from ..errors import KitError

ARTICLES = ["A", "B"]

# Plain-English names for the inventory's codes, in the inventory's own order.
SOURCE_TYPE_LABELS = {
    "named_person": "named person",
    "named_outlet_or_document": "named outlet or document",
    "anonymous_or_vague": "anonymous or vague",
    "own_say_so": "speaker's own say-so",
    "link_placeholder": "link placeholder",
}
TRACEABLE_LABELS = {"yes": "yes", "partly": "partly", "no": "no"}
NO_SOURCE = "no attribution in its paragraph"

_COLUMNS = ["attr_id", "article", "paragraph_id", "text", "source", "source_type", "use",
            "traceable", "note"]


def attributions(article: str | None = None) -> pd.DataFrame:
    """The attribution inventory as a table indexed by ``attr_id``, optionally one article.

    Columns: article, paragraph_id, text (the attributing words), source (who is credited),
    source_type, use (direct_quote, paraphrase, allusion), traceable (yes, partly, no), note.
    """
    df = dataset.attributions()[_COLUMNS]
    if article is not None:
        if article not in ARTICLES:
            raise KitError(f"There is no article {article!r}: use 'A' or 'B'.")
        df = df[df["article"] == article]
    return df.set_index("attr_id")


def _count(column: str, order: list[str], labels: dict[str, str] | None,
           percent: bool) -> pd.DataFrame:
    df = dataset.attributions()
    table = pd.crosstab(df[column], df["article"]).reindex(index=order, columns=ARTICLES)
    table = table.fillna(0).astype(int)
    if percent:
        table = (table / table.sum() * 100).round(1)
    if labels:
        table.index = [labels.get(i, i) for i in table.index]
    table.index.name = column.replace("_", " ")
    table.columns.name = None
    return table


def source_types(percent: bool = False, labels: bool = True) -> pd.DataFrame:
    """Attributions by type of source (rows) in each article (columns ``A``, ``B``).

    ``percent=True`` gives each type's share of the article's attributions (columns add up
    to 100). ``labels=False`` keeps the inventory's codes (``anonymous_or_vague``) as row names.
    """
    return _count("source_type", list(dataset.SOURCE_TYPES),
                  SOURCE_TYPE_LABELS if labels else None, percent)


def traceability(percent: bool = False) -> pd.DataFrame:
    """Attributions a reader could trace to an original: ``yes``, ``partly``, ``no`` per article."""
    return _count("traceable", list(dataset.TRACEABLE), None, percent)


def traceability_by_type(article: str) -> pd.DataFrame:
    """For one article: source types (rows) against traceable yes/partly/no (columns)."""
    df = attributions(article)
    table = pd.crosstab(df["source_type"], df["traceable"])
    table = table.reindex(index=list(dataset.SOURCE_TYPES), columns=list(dataset.TRACEABLE))
    table = table.fillna(0).astype(int)
    table = table[table.sum(axis=1) > 0]
    table.index = [SOURCE_TYPE_LABELS[i] for i in table.index]
    table.index.name = "source type"
    table.columns.name = None
    return table


def of_type(source_type: str, article: str | None = None) -> pd.DataFrame:
    """The attributions of one type (code or plain label), with their words and notes."""
    codes = {**{c: c for c in SOURCE_TYPE_LABELS}, **{v: k for k, v in SOURCE_TYPE_LABELS.items()}}
    if source_type not in codes:
        raise KitError(f"Unknown source type {source_type!r}. Use one of: "
                       + ", ".join(SOURCE_TYPE_LABELS) + ".")
    df = attributions(article)
    return df[df["source_type"] == codes[source_type]][["paragraph_id", "text", "source", "traceable"]]


_RELAY = re.compile(r"\bvia\b|as cited|'s source|invoked by|relayed by")


def chain(name: str) -> pd.DataFrame:
    """A chain of citation: every attribution whose credited source mentions ``name``.

    ``link`` is 1 for a source the text cites itself, 2 for a source that source relies on,
    3 for the source of that one (counted from the inventory's "via", "as cited by", "'s
    source" wording). Example: ``chain("Hersh")`` shows B quoting Hersh in The New Yorker,
    Hersh citing NBC, and NBC citing anonymous officials.
    """
    df = attributions()
    df = df[df["source"].str.contains(name, case=False, regex=False)]
    if df.empty:
        raise KitError(f"No attribution credits a source matching {name!r}.")
    link = df["source"].str.count(_RELAY) + 1
    out = df[["paragraph_id", "text", "source", "traceable"]].copy()
    out.insert(0, "link", link.astype(int))
    return out.sort_values("link", kind="stable")


def claim_sources() -> pd.DataFrame:
    """One row per claim: its paragraph, verdict, and the best-traceable attribution near it.

    A claim is linked to the attributions recorded in the same paragraph and takes the best
    rating among them (yes over partly over no). A claim in a paragraph with no attribution
    (an interviewee's or author's own assertion) gets ``no attribution in its paragraph``.
    This is a rough, paragraph-level link: it shows where a reader has something to follow
    up, not which source a claim really rests on.
    """
    claims = dataset.claims()
    attrs = dataset.attributions()
    rank = {t: i for i, t in enumerate(dataset.TRACEABLE)}  # yes = 0 is best
    best = attrs.assign(r=attrs["traceable"].map(rank)).groupby("paragraph_id")["r"].min()
    best = best.map(dict(enumerate(dataset.TRACEABLE)))
    out = claims[["id", "article", "paragraph_id", "claim", "verdict"]].copy()
    out["best_source"] = out["paragraph_id"].map(best).fillna(NO_SOURCE)
    return out.set_index("id")


_SOURCE_ORDER = list(dataset.TRACEABLE) + [NO_SOURCE]


def _count_table(rows, cols, row_order, col_order, row_name) -> pd.DataFrame:
    """Counts of ``rows`` against ``cols`` in a fixed order, zeros included."""
    table = pd.crosstab(rows, cols).reindex(index=row_order, columns=col_order).fillna(0).astype(int)
    table.index.name = row_name
    table.columns.name = None
    return table


def claims_by_traceability() -> pd.DataFrame:
    """Claims of each article (columns A, B) by the best source in their paragraph (rows).

    See ``claim_sources`` for how a claim is linked to attributions, and its limits.
    """
    df = claim_sources()
    return _count_table(df["best_source"], df["article"], _SOURCE_ORDER, ARTICLES,
                        "best source in the claim's paragraph")


def verdicts_by_traceability() -> pd.DataFrame:
    """Both articles' claims: verdict (rows) against the best source in their paragraph.

    Shows that a traceable source and a sound claim are different things.
    """
    df = claim_sources()
    verdicts = [v for v in dataset.VERDICTS if v in set(df["verdict"])]
    return _count_table(df["verdict"], df["best_source"], verdicts, _SOURCE_ORDER, "verdict")


def share_traceable() -> pd.Series:
    """Per article, the percentage of attributions a reader could trace fully or in part."""
    t = traceability()
    return ((t.loc["yes"] + t.loc["partly"]) / t.sum() * 100).round(1).rename("traceable (%)")
