"""Counts over the annotated corpus, side by side for the two articles (the data page's tables)."""

from __future__ import annotations

import pandas as pd

from . import dataset
from .corpus.texts import articles
from .paths import seeds_dir


def words_per_article() -> pd.Series:
    return pd.Series({k: sum(p.n_words for p in a.paragraphs) for k, a in articles().items()})


def overview() -> pd.DataFrame:
    """One column per article: paragraphs, words, spans, claims, attributions, cards cited."""
    spans, claims, attrs = dataset.spans(), dataset.claims(), dataset.attributions()
    rows = {}
    for key, art in articles().items():
        cited = {e for ev in claims[claims.article == key]["evidence"] for e in (ev or [])}
        rows[key] = {
            "paragraphs": len(art.paragraphs),
            "words": sum(p.n_words for p in art.paragraphs),
            "technique spans": int((spans.article == key).sum()),
            "claims": int((claims.article == key).sum()),
            "attributions": int((attrs.article == key).sum()),
            "source cards cited by its claims": len(cited),
        }
    return pd.DataFrame(rows)


def _by(df: pd.DataFrame, column: str, order=None) -> pd.DataFrame:
    table = df.groupby([column, "article"]).size().unstack("article").reindex(columns=["A", "B"])
    table = table.fillna(0).astype(int)
    if order is not None:
        table = table.reindex([o for o in order if o in table.index])
    return table


def techniques(per_100_words: bool = False) -> pd.DataFrame:
    """Technique spans by technique and article; optionally per 100 words of the article."""
    table = _by(dataset.spans(), "technique", dataset.TECHNIQUES_18)
    table = table.loc[table.sum(axis=1).sort_values(ascending=False).index]
    if per_100_words:
        table = (table / words_per_article() * 100).round(2)
    return table


def verdicts() -> pd.DataFrame:
    return _by(dataset.claims(), "verdict", dataset.VERDICTS)


def confidence() -> pd.DataFrame:
    return _by(dataset.claims(), "confidence", dataset.CONFIDENCE)


def source_types() -> pd.DataFrame:
    return _by(dataset.attributions(), "source_type", dataset.SOURCE_TYPES)


def traceable() -> pd.DataFrame:
    return _by(dataset.attributions(), "traceable", dataset.TRACEABLE)


def cards_by_flag() -> pd.DataFrame:
    """Source cards by kind and partisan flag (all cards, both articles)."""
    cards = dataset.cards()
    return cards.groupby(["kind", "partisan"]).size().unstack("partisan", fill_value=0)


def agreement() -> pd.DataFrame:
    from .agreement import agreement_table

    return agreement_table(dataset.reliability_first(), dataset.reliability_second())


def adjudication() -> pd.DataFrame:
    path = seeds_dir() / "reliability" / "adjudication.tsv"
    if not path.exists():
        return pd.DataFrame(columns=["decision", "cases"])
    df = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    return df.groupby("decision").size().rename("cases").reset_index()


def verdict_agreement() -> pd.DataFrame:
    """The second verification of every claim: raw agreement and Cohen's kappa, as a table."""
    from .agreement import verdict_agreement as va

    r = va()
    return pd.DataFrame([
        {"measure": "claims verified twice", "value": str(r["claims"])},
        {"measure": "same verdict", "value": str(r["agree"])},
        {"measure": "raw agreement on the verdict", "value": f"{r['raw_agreement']:.2f}"},
        {"measure": "Cohen's kappa on the verdict", "value": f"{r['kappa']:.2f}"},
        {"measure": "raw agreement on the confidence", "value": f"{r['confidence_agree']:.2f}"},
    ]).set_index("measure")


def verdict_settlements() -> pd.DataFrame:
    """Every claim the two checkers judged differently, and how it was settled."""
    path = seeds_dir() / "verification" / "settled.tsv"
    df = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, quoting=3)
    df = df.rename(columns={"claim_id": "claim", "first_verdict": "first", "second_verdict": "second",
                            "final_verdict": "settled as", "final_confidence": "confidence"})
    return df[["claim", "first", "second", "settled as", "confidence", "reason"]].set_index("claim")


def agreement_official() -> pd.DataFrame:
    """Span agreement by the official SemEval-2020 SI method, beside the kit's own figure."""
    from .agreement import official_si_for

    first, second = dataset.reliability_first(), dataset.reliability_second()
    ours = agreement().set_index(["article", "measure"]).loc[("both", "spans only")]
    off = official_si_for(second, first)
    return pd.DataFrame([
        {"method": "the kit's measure (each span counted once, overlaps within one annotation kept)",
         "precision": round(float(ours["precision"]), 3), "recall": round(float(ours["recall"]), 3),
         "F1": round(float(ours["F1"]), 3)},
        {"method": "the official SemEval-2020 SI method (each annotation's overlapping spans merged first)",
         "precision": round(off["precision"], 3), "recall": round(off["recall"], 3), "F1": round(off["f1"], 3)},
    ]).set_index("method")
