"""SemEval-2020 Task 11 export and import (``article_id<TAB>technique<TAB>begin<TAB>end``).

The article id of a text is its seed file's stem (e.g. ``000_ad5263af5468c706``), as in the
shared task, whose article ids are file names.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import KitError
from .loaders import spans
from .texts import article_files
from .vocabulary import SEMEVAL_14, TO_SEMEVAL


def semeval_article_id(key: str) -> str:
    """The article id used in SemEval files: the seed's file stem (e.g. 000_ad5263af5468c706)."""
    return Path(article_files()[key]).stem


def to_semeval(df: pd.DataFrame | None = None) -> str:
    """Spans in SemEval-2020 Task 11 TC format: ``article_id<TAB>technique<TAB>begin<TAB>end``.

    Techniques outside the 14 labels (Obfuscation) are left out, as in the shared task.
    """
    df = spans() if df is None else df
    lines = []
    for r in df.itertuples():
        label = TO_SEMEVAL[r.technique]
        if label:
            lines.append(f"{semeval_article_id(r.article)}\t{label}\t{r.begin}\t{r.end}")
    return "\n".join(lines) + ("\n" if lines else "")


def from_semeval(text: str) -> pd.DataFrame:
    """Parse SemEval-2020 Task 11 lines into a DataFrame (article, technique, begin, end)."""
    by_stem = {semeval_article_id(k): k for k in article_files()}
    rows = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 4:
            raise KitError(f"line {n}: expected 4 tab-separated fields, found {len(parts)}")
        art, label, begin, end = parts
        if art not in by_stem:
            raise KitError(f"line {n}: unknown article id {art!r}")
        if label not in SEMEVAL_14:
            raise KitError(f"line {n}: {label!r} is not one of the 14 SemEval-2020 labels")
        if not (begin.isdigit() and end.isdigit()) or int(begin) >= int(end):
            raise KitError(f"line {n}: begin and end must be whole numbers with begin < end")
        rows.append({"article": by_stem[art], "technique": label, "begin": int(begin), "end": int(end)})
    return pd.DataFrame(rows, columns=["article", "technique", "begin", "end"])
