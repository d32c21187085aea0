"""Agreement between two technique annotations of the same paragraphs.

The measure follows the scorer of SemEval-2020 Task 11, which gives partial credit for
overlapping spans. For annotation S against annotation T:

    C(s, t, h) = |s ∩ t| / h   if the labels match, else 0
    P = (1/|S|) · Σ_s min(1, Σ_t C(s, t, |s|))      precision of S against T
    R = (1/|T|) · Σ_t min(1, Σ_s C(s, t, |t|))      recall
    F1 = 2PR / (P + R)

Labels match when they are equal or when either span's accepted alternative label equals
the other's label. ``labelled=False`` ignores labels (span identification only). F1 is
symmetric in S and T, so it needs no choice of which annotator is "right".
"""

from __future__ import annotations

import pandas as pd


def _labels(row) -> set[str]:
    labels = {row["technique"]}
    if row.get("alt_technique"):
        labels.add(row["alt_technique"])
    return labels


def _coverage(spans_a: list[dict], spans_b: list[dict], labelled: bool) -> float:
    """Mean over spans in ``spans_a`` of the share of each covered by matching spans in ``spans_b``."""
    if not spans_a:
        return 0.0
    total = 0.0
    for a in spans_a:
        length = a["end"] - a["begin"]
        covered = 0.0
        for b in spans_b:
            if a["article"] != b["article"]:
                continue
            if labelled and not (a["technique"] in _labels(b) or b["technique"] in _labels(a)):
                continue
            overlap = min(a["end"], b["end"]) - max(a["begin"], b["begin"])
            if overlap > 0:
                covered += overlap / length
        total += min(1.0, covered)
    return total / len(spans_a)


def span_agreement(first: pd.DataFrame, second: pd.DataFrame, *, labelled: bool = True) -> dict:
    """Precision, recall and F1 of ``second`` against ``first`` (F1 is symmetric)."""
    s = second.to_dict("records")
    t = first.to_dict("records")
    p = _coverage(s, t, labelled)
    r = _coverage(t, s, labelled)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1, "n_first": len(t), "n_second": len(s)}


def agreement_table(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Agreement per article and overall, with and without labels."""
    rows = []
    for scope in ("A", "B", "both"):
        f = first if scope == "both" else first[first.article == scope]
        s = second if scope == "both" else second[second.article == scope]
        for labelled in (False, True):
            res = span_agreement(f, s, labelled=labelled)
            rows.append({
                "article": scope,
                "measure": "spans and labels" if labelled else "spans only",
                "spans (first)": res["n_first"],
                "spans (second)": res["n_second"],
                "precision": round(res["precision"], 3),
                "recall": round(res["recall"], 3),
                "F1": round(res["f1"], 3),
            })
    return pd.DataFrame(rows)


def unmatched(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Spans of either annotation that no span of the other overlaps with a matching label."""
    out = []
    for name, mine, other in (("first", first, second), ("second", second, first)):
        others = other.to_dict("records")
        for row in mine.to_dict("records"):
            if _coverage([row], others, labelled=True) == 0.0:
                out.append({"annotation": name, **{k: row[k] for k in
                            ("article", "paragraph_id", "begin", "end", "technique", "text")}})
    return pd.DataFrame(out)


# --- verdicts: the second verification of every claim ---------------------------------------------

def cohen_kappa(first: list[str], second: list[str]) -> float:
    """Cohen's kappa for two raters' labels of the same items (1 = perfect, 0 = chance)."""
    if len(first) != len(second) or not first:
        raise ValueError("two lists of labels of the same, non-zero length")
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second)) / n
    labels = set(first) | set(second)
    expected = sum((first.count(lab) / n) * (second.count(lab) / n) for lab in labels)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def verdict_agreement() -> dict:
    """Raw agreement and Cohen's kappa between the first and the second verdicts of every claim,
    from ``seeds/verification/first.tsv`` and ``second.tsv`` (both frozen before settlement)."""
    from .corpus.files import read_tsv
    from .paths import seeds_dir

    folder = seeds_dir() / "verification"
    first = read_tsv(folder / "first.tsv", ["claim_id", "verdict", "confidence"]).set_index("claim_id")
    second = read_tsv(folder / "second.tsv", ["claim_id", "verdict", "confidence", "unverified_kind",
                                              "addresses_read", "reason", "checked", "checker"]).set_index("claim_id")
    ids = sorted(set(first.index) & set(second.index))
    a, b = [first.loc[i, "verdict"] for i in ids], [second.loc[i, "verdict"] for i in ids]
    return {"claims": len(ids), "agree": sum(x == y for x, y in zip(a, b)),
            "raw_agreement": sum(x == y for x, y in zip(a, b)) / len(ids), "kappa": cohen_kappa(a, b),
            "confidence_agree": sum(first.loc[i, "confidence"] == second.loc[i, "confidence"] for i in ids) / len(ids)}


# --- the official SemEval-2020 Task 11 SI method -------------------------------------------------

def merge_overlapping(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge spans that share at least one character (as the official SI scorer merges one
    annotation's overlapping spans first). Spans that only touch stay apart."""
    merged: list[list[int]] = []
    for begin, end in sorted(spans):
        if merged and begin < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([begin, end])
    return [(b, e) for b, e in merged]


def official_si(first: dict[str, list[tuple[int, int]]], second: dict[str, list[tuple[int, int]]]) -> dict:
    """Span identification agreement by the method of SemEval-2020 Task 11's official SI scorer
    (run with its "merge user annotations" option): each annotation's overlapping spans are
    merged first; then, over every pair of spans in the same article,
    P = Σ |s ∩ t| / |s| / |S| and R = Σ |s ∩ t| / |t| / |T| (no cap), F1 = 2PR / (P + R).

    ``first``/``second``: article id -> list of (begin, end). The kit's reimplementation (the
    scorer itself is GPL and stays outside the kit); ``seeds/reliability/official-scorer.tsv``
    records what the official scorer printed on the same inputs, and a test compares.
    """
    a = {k: merge_overlapping(v) for k, v in first.items()}
    b = {k: merge_overlapping(v) for k, v in second.items()}
    p_num = r_num = 0.0
    for art in set(a) & set(b):
        for sb, se in a[art]:
            for tb, te in b[art]:
                inter = max(0, min(se, te) - max(sb, tb))
                p_num += inter / (se - sb)
                r_num += inter / (te - tb)
    n_a, n_b = sum(map(len, a.values())), sum(map(len, b.values()))
    p = p_num / n_a if n_a else 0.0
    r = r_num / n_b if n_b else 0.0
    f1 = 1.0 if n_a == 0 and n_b == 0 else (2 * p * r / (p + r) if p > 0 and r > 0 else 0.0)
    return {"precision": p, "recall": r, "f1": f1, "spans_first": n_a, "spans_second": n_b}


def official_si_for(first: pd.DataFrame, second: pd.DataFrame) -> dict:
    """``official_si`` on two span tables (columns article, begin, end)."""
    def grouped(df):
        out: dict[str, list] = {}
        for r in df.itertuples():
            out.setdefault(r.article, []).append((int(r.begin), int(r.end)))
        return out

    return official_si(grouped(first), grouped(second))
