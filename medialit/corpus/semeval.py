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


def import_rows(key: str, text: str, source: str) -> tuple[list[dict], list[str]]:
    """Spans for ``spans.tsv`` from a SemEval-2020 Task 11 TC file about one text.

    ``text`` is the file's content; ``source`` its name, for messages (``FILE:LINE: problem``).
    A line's article id is the text's SemEval id (its seed file's stem) or its key. A label may
    be one of the 14 SemEval labels or one of the 18 technique names; a merged SemEval label
    (``Bandwagon,Reductio_ad_hitlerum``) becomes its first name. Every row gets a rationale that
    starts with ``TODO``: the validator reports it until the annotator has checked the label and
    written why. Returns (rows without span ids, problems); rows only when there is no problem.
    """
    import re

    from .texts import load_article
    from .vocabulary import TECHNIQUES_18

    art = load_article(key)
    text = text[1:] if text.startswith("\ufeff") else text
    own = {semeval_article_id(key), key}
    rows, problems = [], []
    word = re.compile(r"\w")
    offsets_trouble = False
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{n}"
        parts = line.split("\t")
        if len(parts) != 4:
            problems.append(f"{where}: expected 4 tab-separated fields (article id, technique, begin, end), "
                            f"found {len(parts)}")
            continue
        art_id, label, begin, end = (p.strip() for p in parts)
        if art_id not in own:
            problems.append(f"{where}: article id {art_id!r} is not {key}'s: write {semeval_article_id(key)} "
                            f"(its seed file's name) or {key} in the first column")
            continue
        if label in TECHNIQUES_18:
            technique, note = label, ""
        elif label in SEMEVAL_14:
            names = label.split(",")
            technique = names[0]
            note = f" SemEval's merged label {label!r}: keep {names[0]} or change it to {' or '.join(names[1:])}."
        else:
            problems.append(f"{where}: {label!r} is neither one of the 14 SemEval-2020 labels nor one of "
                            "the 18 technique names (seeds/FORMATS.md)")
            continue
        if not (begin.isdigit() and end.isdigit()) or int(begin) >= int(end):
            problems.append(f"{where}: begin and end must be whole numbers with begin < end")
            continue
        b, e = int(begin), int(end)
        if e > len(art.text):
            problems.append(f"{where}: offsets {b}-{e} lie outside article {key} (length {len(art.text)})")
            offsets_trouble = True
            continue
        para = art.paragraph_at(b)
        if para is None or e > para.end:
            problems.append(f"{where}: span {b}-{e} is not inside one paragraph of {key} "
                            "(a span never crosses paragraphs)")
            offsets_trouble = True
            continue
        if (b > 0 and word.match(art.text[b - 1]) and word.match(art.text[b])) or \
                (e < len(art.text) and word.match(art.text[e - 1]) and word.match(art.text[e])):
            problems.append(f"{where}: span {b}-{e} ({art.text[b:e][:40]!r}) starts or ends inside a word")
            offsets_trouble = True
            continue
        rows.append({"article": key, "paragraph_id": para.id, "begin": b, "end": e, "technique": technique,
                     "alt_technique": "", "tags": "", "text": art.text[b:e],
                     "rationale": f"TODO: imported from {source} line {n}.{note} Say in one sentence why "
                                  "this is an instance of the technique."})
    if offsets_trouble and ("\r\n" in art.text or art.text.startswith("\ufeff")):
        problems.append(f"{source}: offsets count every character of {art.file} as Python decodes it: the "
                        "byte-order mark is character 0 and a CRLF line break is two characters. A tool that "
                        "read the file with its line breaks turned into LF counts one fewer per line.")
    if not rows and not problems:
        problems.append(f"{source}:1: no spans in the file")
    return ([] if problems else rows), problems
