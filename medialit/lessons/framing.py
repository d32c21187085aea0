"""Lesson 2 (loaded framing): readability and technique-span density for the two articles.

Every function returns a pandas object that the lesson's notebooks show with
``medialit.charts.table`` or ``medialit.charts.side_by_side``. All of them read the kit's own
files in ``seeds/`` and work offline.

Densities are *spans per 100 words*: the number of annotated technique spans whose start
falls in a paragraph (or article), divided by its word count, times 100. They describe what
annotators marked, not how persuasive, harmful or false a text is.
"""

from __future__ import annotations

import pandas as pd

from .. import dataset
from ..corpus import load_article, paragraphs_frame
from ..errors import KitError
from ..readability import scores

ARTICLES = ("A", "B")  # the two case studies this lesson compares

# Plain names for the measures of ``readability_table``.
READABILITY_LABELS = {
    "words": "words",
    "sentences": "sentences",
    "flesch_reading_ease": "Flesch reading ease (higher = easier)",
    "flesch_kincaid_grade": "Flesch-Kincaid grade",
    "gunning_fog": "Gunning fog index",
}


def readability_table() -> pd.DataFrame:
    """Readability of both articles (textstat, offline): one row per measure, columns A and B.

    Figures are rounded to one decimal. Word and sentence counts come from textstat, so
    they can differ slightly from the kit's own word count.
    """
    data = {key: scores(load_article(key).text) for key in ARTICLES}
    df = pd.DataFrame(data).round(1)
    df.index = [READABILITY_LABELS.get(i, i) for i in df.index]
    df.index.name = "measure"
    return df


def density_by_paragraph(article: str | None = None, min_words: int = 0) -> pd.DataFrame:
    """Technique spans per 100 words, one row per paragraph.

    Columns: ``article``, ``paragraph_id``, ``n_words``, ``n_spans``, ``spans_per_100_words``
    (rounded to one decimal). ``article`` ("A" or "B") keeps one article; ``min_words`` drops
    paragraphs shorter than that (a 4-word heading with one span would show 25 per 100 words).
    """
    paras = paragraphs_frame()[["article", "paragraph_id", "n_words"]]
    counts = dataset.spans().groupby("paragraph_id").size().rename("n_spans")
    df = paras.merge(counts, left_on="paragraph_id", right_index=True, how="left")
    df["n_spans"] = df["n_spans"].fillna(0).astype(int)
    per = (100 * df["n_spans"] / df["n_words"].where(df["n_words"] > 0)).fillna(0.0)
    df["spans_per_100_words"] = per.round(1)
    if article is not None:
        if article not in ARTICLES:
            raise KitError(f"Give the article as 'A' or 'B', not {article!r}.")
        df = df[df["article"] == article]
    if min_words:
        df = df[df["n_words"] >= min_words]
    return df.reset_index(drop=True)


def paragraph_density(paragraph_id: str) -> float:
    """Technique spans per 100 words in one paragraph, e.g. ``paragraph_density("A-P13")``."""
    df = density_by_paragraph()
    row = df[df["paragraph_id"] == paragraph_id]
    if row.empty:
        raise KitError(f"There is no paragraph {paragraph_id!r}: paragraph ids look like 'A-P13'.")
    return float(row["spans_per_100_words"].iloc[0])


def densest_paragraphs(n: int = 5, min_words: int = 20) -> pd.DataFrame:
    """The ``n`` paragraphs of each article with the most spans per 100 words.

    Paragraphs under ``min_words`` words are left out, so that headings do not top the list.
    """
    df = density_by_paragraph(min_words=min_words)
    top = (df.sort_values(["article", "spans_per_100_words"], ascending=[True, False])
             .groupby("article").head(n))
    return top.set_index("paragraph_id")[["article", "n_words", "n_spans", "spans_per_100_words"]]


def density_by_technique(techniques: list[str] | None = None) -> pd.DataFrame:
    """Spans per 100 words of each whole article, by technique: index technique, columns A, B.

    Only the main label of each span counts (not its accepted alternative). ``techniques``
    keeps those rows only, in that order. Rows are sorted by the total otherwise.
    """
    words = paragraphs_frame().groupby("article")["n_words"].sum()
    counts = dataset.spans().groupby(["technique", "article"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=list(ARTICLES), fill_value=0)
    per = counts.div(words.reindex(list(ARTICLES)), axis=1) * 100
    if techniques is not None:
        per = per.reindex(techniques).fillna(0.0)
    else:
        per = per.loc[per.sum(axis=1).sort_values(ascending=False).index]
    per = per.round(2)
    per.index.name = "technique"
    per.columns.name = None
    return per


def tag_counts() -> pd.DataFrame:
    """How many spans carry each tag (scare_quotes, metaphor, sarcasm...): index tag, columns A, B."""
    s = dataset.spans().explode("tags").dropna(subset=["tags"])
    s = s[s["tags"] != ""]
    df = s.groupby(["tags", "article"]).size().unstack(fill_value=0)
    df = df.reindex(columns=list(ARTICLES), fill_value=0)
    df.index.name = "tag"
    df.columns.name = None
    return df.sort_index()


def spans_in(paragraph_id: str, techniques: list[str] | None = None) -> pd.DataFrame:
    """The annotated spans of one paragraph: span id, words, technique, alternative and tags.

    ``techniques`` keeps spans whose main or alternative label is one of them.
    """
    s = dataset.spans()
    s = s[s["paragraph_id"] == paragraph_id]
    if techniques is not None:
        s = s[s["technique"].isin(techniques) | s["alt_technique"].isin(techniques)]
    out = s[["span_id", "text", "technique", "alt_technique", "tags"]].copy()
    out["tags"] = out["tags"].map(lambda t: ", ".join(t))
    out = out.rename(columns={"text": "words", "alt_technique": "alternative"})
    return out.set_index("span_id")


LOADED = ("Loaded_Language", "Name_Calling,Labeling")  # the two techniques lesson 2 starts with


def plain_paragraphs(techniques: list[str] | tuple[str, ...] = LOADED, min_words: int = 15,
                     article: str | None = None) -> pd.DataFrame:
    """Paragraphs with no annotated span of ``techniques`` (main label or accepted alternative).

    These are the plain passages a reader should be able to leave unmarked: the right answer to
    "mark the loaded words" there is "nothing loaded here". Columns: ``article``,
    ``paragraph_id``, ``n_words``, ``other_spans`` (spans of other techniques in the paragraph)
    and ``opening`` (its first words). Paragraphs under ``min_words`` words (headings, bylines,
    link placeholders) are left out. The annotators' marks decide; a paragraph with no span is
    not thereby true, and it can still quote loaded words in a way the annotators left unmarked.
    """
    paras = paragraphs_frame()
    if article is not None:
        if article not in ARTICLES:
            raise KitError(f"Give the article as 'A' or 'B', not {article!r}.")
        paras = paras[paras["article"] == article]
    spans = dataset.spans()
    hit = spans["technique"].isin(techniques) | spans["alt_technique"].isin(techniques)
    loaded = set(spans.loc[hit, "paragraph_id"])
    others = spans.groupby("paragraph_id").size()
    rows = []
    for r in paras.itertuples():
        if r.n_words < min_words or r.paragraph_id in loaded:
            continue
        words = r.text.split()
        rows.append({"article": r.article, "paragraph_id": r.paragraph_id, "n_words": int(r.n_words),
                     "other_spans": int(others.get(r.paragraph_id, 0)),
                     "opening": " ".join(words[:8]) + (" …" if len(words) > 8 else "")})
    return pd.DataFrame(rows, columns=["article", "paragraph_id", "n_words", "other_spans", "opening"]
                        ).set_index("paragraph_id")


def loaded_or_plain(techniques: list[str] | tuple[str, ...] = LOADED, min_words: int = 15) -> pd.DataFrame:
    """How many paragraphs of each article hold a span of ``techniques``, and how many hold none.

    Index: ``with a span``, ``with none``; columns A and B. Paragraphs under ``min_words`` words
    are left out, as in ``plain_paragraphs``.
    """
    paras = paragraphs_frame()
    paras = paras[paras["n_words"] >= min_words]
    plain = set(plain_paragraphs(techniques, min_words).index)
    is_plain = paras["paragraph_id"].isin(plain)
    df = pd.DataFrame({a: {"with a span": int((~is_plain & (paras["article"] == a)).sum()),
                           "with none": int((is_plain & (paras["article"] == a)).sum())}
                       for a in ARTICLES})
    df.index.name = "paragraphs"
    return df
