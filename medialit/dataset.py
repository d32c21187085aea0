"""The annotated corpus: technique spans, claims, source cards, attributions, profiles.

Loaders return pandas DataFrames. ``validate()`` checks every file against
``seeds/FORMATS.md`` and returns problems as ``file:line: message`` strings; the command
``python -m medialit validate`` prints them and exits non-zero when there are any.
SemEval-2020 Task 11 export and import live here too.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from .corpus import ARTICLE_FILES, load_article
from .errors import KitError
from .paths import seeds_dir

# The Propaganda Techniques Corpus's 18 techniques (teaching vocabulary).
TECHNIQUES_18 = (
    "Appeal_to_Authority", "Appeal_to_fear-prejudice", "Bandwagon", "Reductio_ad_hitlerum",
    "Black-and-White_Fallacy", "Causal_Oversimplification", "Doubt", "Exaggeration,Minimisation",
    "Flag-Waving", "Loaded_Language", "Name_Calling,Labeling", "Repetition", "Slogans",
    "Thought-terminating_Cliches", "Whataboutism", "Straw_Men", "Red_Herring",
    "Obfuscation,Intentional_Vagueness,Confusion",
)
# SemEval-2020 Task 11's 14 labels (exchange format); None = not exported.
TO_SEMEVAL = {t: t for t in TECHNIQUES_18}
TO_SEMEVAL.update({
    "Bandwagon": "Bandwagon,Reductio_ad_hitlerum",
    "Reductio_ad_hitlerum": "Bandwagon,Reductio_ad_hitlerum",
    "Whataboutism": "Whataboutism,Straw_Men,Red_Herring",
    "Straw_Men": "Whataboutism,Straw_Men,Red_Herring",
    "Red_Herring": "Whataboutism,Straw_Men,Red_Herring",
    "Obfuscation,Intentional_Vagueness,Confusion": None,
})
SEMEVAL_14 = tuple(sorted({v for v in TO_SEMEVAL.values() if v}))
TAGS = ("scare_quotes", "metaphor", "loaded_question", "sarcasm", "hyperbole_number",
        "guilt_by_association")
SPAN_COLUMNS = ["span_id", "article", "paragraph_id", "begin", "end", "technique",
                "alt_technique", "tags", "text", "rationale"]
ATTR_COLUMNS = ["attr_id", "article", "paragraph_id", "begin", "end", "text", "source",
                "source_type", "use", "traceable", "note"]
SOURCE_TYPES = ("named_person", "named_outlet_or_document", "anonymous_or_vague",
                "own_say_so", "link_placeholder")
USES = ("direct_quote", "paraphrase", "allusion")
TRACEABLE = ("yes", "partly", "no")
CLAIM_TYPES = ("number", "factual statement", "quote attributed to someone", "prediction",
               "opinion presented as fact")
VERDICTS = ("accurate", "inaccurate", "misleading", "misattributed", "unsupported",
            "unverified", "not checkable")
CHECKABLE = ("yes", "partly", "no")
CONFIDENCE = ("H", "M", "L", "NF")
CARD_KINDS = ("government record", "court ruling", "parliament record", "census",
              "wire report", "newspaper", "broadcaster", "magazine", "think tank",
              "encyclopedia", "NGO", "partisan site", "state media", "primary text")
PARTISAN = ("none", "pro-MEK", "anti-MEK", "Iranian state", "other")
EXCERPT_MAX_WORDS = 25

_WORDCHAR = re.compile(r"\w")


@dataclass
class Problems:
    """Collects ``file:line: message`` strings."""

    items: list

    def add(self, file: str, line, message: str) -> None:
        self.items.append(f"seeds/{file}:{line}: {message}")


# --- reading files -----------------------------------------------------------------------

def _unescape(value: str) -> str:
    return value.replace("\\t", "\t").replace("\\n", "\n")


def read_tsv(path: Path, columns: list[str], problems: Problems | None = None) -> pd.DataFrame:
    """A TSV file as a DataFrame of strings, with a ``lineno`` column (1-based file line)."""
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header != columns:
            msg = f"header should be {columns}, found {header}"
            if problems is None:
                raise KitError(f"{path.name}:1: {msg}")
            problems.add(path.name, 1, msg)
            return pd.DataFrame(columns=[*columns, "lineno"])
        for n, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(columns):
                msg = f"expected {len(columns)} tab-separated fields, found {len(row)}"
                if problems is None:
                    raise KitError(f"{path.name}:{n}: {msg}")
                problems.add(path.name, n, msg)
                continue
            rows.append([*row, n])
    df = pd.DataFrame(rows, columns=[*columns, "lineno"])
    if "text" in df:
        df["text"] = df["text"].map(_unescape)
    return df


def read_yaml_list(path: Path, problems: Problems | None = None) -> list[tuple[int, dict]]:
    """A YAML list of mappings, each with the file line where it starts."""
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else "?"
        if problems is None:
            raise KitError(f"{path.name}:{line}: not valid YAML: {exc}") from exc
        problems.add(path.name, line, f"not valid YAML: {getattr(exc, 'problem', exc)}")
        return []
    if data is None:
        return []
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        if problems is None:
            raise KitError(f"{path.name}:1: expected a YAML list")
        problems.add(path.name, 1, "expected a YAML list")
        return []
    return [(item_node.start_mark.line + 1, item) for item_node, item in zip(node.value, data)]


def _files(pattern: str) -> list[Path]:
    return sorted(seeds_dir().glob(pattern))


# --- loaders -------------------------------------------------------------------------------

def _spans(name: str) -> pd.DataFrame:
    path = seeds_dir() / name
    if not path.exists():
        return pd.DataFrame(columns=SPAN_COLUMNS)
    df = read_tsv(path, SPAN_COLUMNS).drop(columns="lineno")
    df[["begin", "end"]] = df[["begin", "end"]].astype(int)
    df["tags"] = df["tags"].map(lambda s: [t for t in s.split(";") if t])
    return df


def spans() -> pd.DataFrame:
    """Technique spans, first (complete) annotation."""
    return _spans("spans.tsv")


def reliability_first() -> pd.DataFrame:
    """The first annotation of the reliability paragraphs, frozen before adjudication."""
    return _spans("reliability/first.tsv")


def reliability_second() -> pd.DataFrame:
    """The independent second annotation of the same paragraphs."""
    return _spans("reliability/second.tsv")


def attributions() -> pd.DataFrame:
    path = seeds_dir() / "attributions.tsv"
    df = read_tsv(path, ATTR_COLUMNS).drop(columns="lineno")
    df[["begin", "end"]] = df[["begin", "end"]].astype(int)
    return df


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=32)
def _yaml_records(path: str, mtime_ns: int) -> tuple:
    data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_FAST_LOADER) or []
    if not isinstance(data, list):
        raise KitError(f"{Path(path).name}:1: expected a YAML list (run python -m medialit validate)")
    return tuple(data)


def _yaml_frame(pattern: str) -> pd.DataFrame:
    """All items of the matching YAML files (parsed once per file version)."""
    rows = []
    for path in _files(pattern):
        for item in _yaml_records(str(path), path.stat().st_mtime_ns):
            rows.append({**item, "_file": path.name})
    return pd.DataFrame(rows)


def claims() -> pd.DataFrame:
    return _yaml_frame("claims_*.yaml")


def cards() -> pd.DataFrame:
    return _yaml_frame("cards_*.yaml")


def card_titles() -> dict[str, str]:
    """Card id to title, for links."""
    return dict(zip(cards()["id"], cards()["title"]))


def profiles() -> pd.DataFrame:
    return _yaml_frame("profiles.yaml")


# --- SemEval-2020 Task 11 --------------------------------------------------------------------

def semeval_article_id(key: str) -> str:
    """The article id used in SemEval files: the seed's file stem (e.g. 000_ad5263af5468c706)."""
    return Path(ARTICLE_FILES[key]).stem


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
    by_stem = {semeval_article_id(k): k for k in ARTICLE_FILES}
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


# --- validation ------------------------------------------------------------------------------

def _check_span_rows(df, file, problems, id_pattern, allowed_paragraphs=None):
    seen = set()
    for r in df.itertuples():
        where = (file, r.lineno)
        if not re.fullmatch(id_pattern, r[1]):
            problems.add(*where, f"id {r[1]!r} does not match {id_pattern}")
        if r[1] in seen:
            problems.add(*where, f"duplicate id {r[1]}")
        seen.add(r[1])
        if r.article not in ARTICLE_FILES:
            problems.add(*where, f"article must be A or B, found {r.article!r}")
            continue
        art = load_article(r.article)
        if not (r.begin.isdigit() and r.end.isdigit()):
            problems.add(*where, "begin and end must be whole numbers")
            continue
        begin, end = int(r.begin), int(r.end)
        if not 0 <= begin < end <= len(art.text):
            problems.add(*where, f"offsets {begin}-{end} lie outside article {r.article} (length {len(art.text)})")
            continue
        try:
            para = art.paragraph(r.paragraph_id)
        except KitError:
            problems.add(*where, f"no paragraph {r.paragraph_id!r} in article {r.article}")
            continue
        if allowed_paragraphs is not None and r.paragraph_id not in allowed_paragraphs:
            problems.add(*where, f"{r.paragraph_id} is not one of the paragraphs this file covers")
        if not (para.start <= begin and end <= para.end):
            problems.add(*where, f"span {begin}-{end} is not inside {r.paragraph_id} ({para.start}-{para.end})")
        if art.text[begin:end] != r.text:
            problems.add(*where, f"text column {r.text[:40]!r} differs from the article's text at {begin}-{end} ({art.text[begin:end][:40]!r})")
        if begin > 0 and _WORDCHAR.match(art.text[begin - 1]) and _WORDCHAR.match(art.text[begin]):
            problems.add(*where, f"span starts inside a word at {begin}")
        if end < len(art.text) and _WORDCHAR.match(art.text[end - 1]) and _WORDCHAR.match(art.text[end]):
            problems.add(*where, f"span ends inside a word at {end}")


def _validate_spans(name, problems, id_pattern, allowed_paragraphs=None):
    path = seeds_dir() / name
    if not path.exists():
        problems.add(name, 0, "file is missing")
        return
    df = read_tsv(path, SPAN_COLUMNS, problems)
    _check_span_rows(df, name, problems, id_pattern, allowed_paragraphs)
    for r in df.itertuples():
        where = (name, r.lineno)
        if r.technique not in TECHNIQUES_18:
            problems.add(*where, f"technique {r.technique!r} is not one of the 18 names")
        if r.alt_technique and r.alt_technique not in TECHNIQUES_18:
            problems.add(*where, f"alt_technique {r.alt_technique!r} is not one of the 18 names")
        if r.alt_technique and r.alt_technique == r.technique:
            problems.add(*where, "alt_technique repeats technique")
        for tag in filter(None, r.tags.split(";")):
            if tag not in TAGS:
                problems.add(*where, f"tag {tag!r} is not one of {TAGS}")
        if not r.rationale.strip():
            problems.add(*where, "rationale is empty")


def _validate_attributions(problems):
    name = "attributions.tsv"
    path = seeds_dir() / name
    if not path.exists():
        problems.add(name, 0, "file is missing")
        return
    df = read_tsv(path, ATTR_COLUMNS, problems)
    _check_span_rows(df, name, problems, r"[AB]-T\d{3}")
    for r in df.itertuples():
        where = (name, r.lineno)
        for col, allowed in (("source_type", SOURCE_TYPES), ("use", USES), ("traceable", TRACEABLE)):
            if getattr(r, col) not in allowed:
                problems.add(*where, f"{col} {getattr(r, col)!r} is not one of {allowed}")
        if not r.source.strip():
            problems.add(*where, "source is empty")


def _require(item, fields, where, problems):
    for f in fields:
        if item.get(f) in (None, "", []):
            problems.add(*where, f"field {f!r} is missing or empty")


def _validate_cards(problems, nonpartisan) -> dict[str, tuple[str, int]]:
    found = {}
    for path in _files("cards_*.yaml"):
        for line, card in read_yaml_list(path, problems):
            where = (path.name, line)
            if not isinstance(card, dict):
                problems.add(*where, "each card must be a mapping")
                continue
            _require(card, ["id", "title", "publisher", "url", "kind", "partisan", "summary",
                            "excerpt", "read"], where, problems)
            cid = str(card.get("id"))
            if not re.fullmatch(r"SC-\d{3}", cid):
                problems.add(*where, f"card id {cid!r} does not match SC-000")
            if cid in found:
                problems.add(*where, f"duplicate card id {cid} (also {found[cid][0]}:{found[cid][1]})")
            found[cid] = where
            nonpartisan[cid] = card.get("partisan") == "none"
            if card.get("kind") not in CARD_KINDS:
                problems.add(*where, f"kind {card.get('kind')!r} is not one of {CARD_KINDS}")
            if card.get("partisan") not in PARTISAN:
                problems.add(*where, f"partisan {card.get('partisan')!r} is not one of {PARTISAN}")
            excerpts = card.get("excerpt")
            excerpts = excerpts if isinstance(excerpts, list) else [excerpts]
            if len(excerpts) > 2:
                problems.add(*where, "at most two excerpts per card")
            for excerpt in excerpts:
                words = len(str(excerpt or "").split())
                if words > EXCERPT_MAX_WORDS:
                    problems.add(*where, f"excerpt has {words} words; at most {EXCERPT_MAX_WORDS}")
    return found


def _validate_claims(problems, card_ids, nonpartisan) -> set[str]:
    cited = set()
    seen = {}
    for path in _files("claims_*.yaml"):
        for line, c in read_yaml_list(path, problems):
            where = (path.name, line)
            if not isinstance(c, dict):
                problems.add(*where, "each claim must be a mapping")
                continue
            _require(c, ["id", "article", "paragraph_id", "quote", "claim", "claim_type",
                         "attributed_to", "checkable", "verdict", "summary", "confidence",
                         "checked"], where, problems)
            cid = str(c.get("id"))
            if not re.fullmatch(r"[AB]-C\d{3}", cid):
                problems.add(*where, f"claim id {cid!r} does not match A-C000 / B-C000")
            if cid in seen:
                problems.add(*where, f"duplicate claim id {cid}")
            seen[cid] = where
            key = c.get("article")
            if key not in ARTICLE_FILES:
                problems.add(*where, f"article must be A or B, found {key!r}")
                continue
            try:
                para = load_article(key).paragraph(str(c.get("paragraph_id")))
                if str(c.get("quote")) not in para.text:
                    problems.add(*where, f"quote is not an exact substring of {para.id}: {str(c.get('quote'))[:50]!r}")
            except KitError:
                problems.add(*where, f"no paragraph {c.get('paragraph_id')!r} in article {key}")
            for field, allowed in (("claim_type", CLAIM_TYPES), ("verdict", VERDICTS),
                                   ("checkable", CHECKABLE), ("confidence", CONFIDENCE)):
                if str(c.get(field)) not in allowed:
                    problems.add(*where, f"{field} {c.get(field)!r} is not one of {allowed}")
            evidence = c.get("evidence") or []
            verdict = c.get("verdict")
            if verdict != "not checkable" and not evidence and verdict != "unverified":
                problems.add(*where, f"verdict {verdict!r} needs evidence (source card ids)")
            if verdict == "unverified" and not str(c.get("search_note") or "").strip():
                problems.add(*where, "an 'unverified' verdict needs a search_note saying what was searched")
            for e in evidence:
                if str(e) not in card_ids:
                    problems.add(*where, f"evidence {e!r} is not a card id")
                cited.add(str(e))
            if c.get("confidence") == "H" and len([e for e in evidence if nonpartisan.get(str(e))]) < 2:
                problems.add(*where, "confidence H needs at least two non-partisan source cards")
            if c.get("confidence") == "H" and verdict == "unverified":
                problems.add(*where, "a claim that could not be verified cannot have confidence H")
    return cited


def _validate_profiles(problems, card_ids) -> set[str]:
    cited = set()
    path = seeds_dir() / "profiles.yaml"
    if not path.exists():
        problems.add("profiles.yaml", 0, "file is missing")
        return cited
    seen = set()
    for line, p in read_yaml_list(path, problems):
        where = ("profiles.yaml", line)
        if not isinstance(p, dict):
            problems.add(*where, "each profile must be a mapping")
            continue
        _require(p, ["id", "name", "kind", "role"], where, problems)
        if p.get("id") in seen:
            problems.add(*where, f"duplicate profile id {p.get('id')}")
        seen.add(p.get("id"))
        if p.get("kind") not in ("outlet", "person"):
            problems.add(*where, f"kind must be outlet or person, found {p.get('kind')!r}")
        for fact in p.get("facts") or []:
            if not isinstance(fact, dict) or not fact.get("text"):
                problems.add(*where, "each fact needs a text")
                continue
            if str(fact.get("confidence")) not in CONFIDENCE:
                problems.add(*where, f"fact confidence {fact.get('confidence')!r} is not one of {CONFIDENCE}")
            for e in fact.get("evidence") or []:
                # Evidence is a source card, or a paragraph of the articles for what a text
                # itself states (e.g. its byline).
                if re.fullmatch(r"[AB]-P\d{2}", str(e)):
                    try:
                        load_article(str(e)[0]).paragraph(str(e))
                    except KitError:
                        problems.add(*where, f"evidence {e!r} is not a paragraph of the articles")
                elif str(e) not in card_ids:
                    problems.add(*where, f"evidence {e!r} is not a card id")
                cited.add(str(e))
            if not fact.get("evidence") and fact.get("confidence") != "NF":
                problems.add(*where, f"fact without evidence: {str(fact.get('text'))[:50]!r}")
    return cited


def validate() -> list[str]:
    """Check every corpus file; return the problems as ``file:line: message`` strings."""
    problems = Problems([])
    _validate_spans("spans.tsv", problems, r"[AB]-S\d{3}")
    _validate_spans("reliability/first.tsv", problems, r"[AB]-S\d{3}", RELIABILITY_PARAGRAPHS)
    _validate_spans("reliability/second.tsv", problems, r"[AB]-R\d{3}", RELIABILITY_PARAGRAPHS)
    _validate_attributions(problems)
    nonpartisan: dict[str, bool] = {}
    card_where = _validate_cards(problems, nonpartisan)
    cited = (_validate_claims(problems, set(card_where), nonpartisan)
             | _validate_profiles(problems, set(card_where)))
    for cid, where in sorted(card_where.items()):
        if cid not in cited:
            problems.add(*where, f"card {cid} is cited by no claim or profile")
    return problems.items


# The paragraphs annotated twice, independently (see FORMATS.md).
RELIABILITY_PARAGRAPHS = ("A-P06", "A-P13", "A-P19", "A-P36", "B-P10", "B-P17", "B-P28", "B-P37")
