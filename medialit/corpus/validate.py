"""The corpus validator: every file checked against ``seeds/FORMATS.md``.

``validate()`` returns every problem as a ``seeds/FILE:LINE: message`` string;
``python -m medialit validate`` prints them and exits non-zero when there are any.
"""

from __future__ import annotations

import re

from ..errors import KitError
from ..paths import seeds_dir
from .confidence import RELAYS, ROLES, allows, cards_for_grading, grade_evidence
from .loaders import evidence_entries
from .files import Problems, _files, read_tsv, read_yaml_list
from .texts import article_files, load_article
from .vocabulary import (ATTR_COLUMNS, CARD_KINDS, CHECKABLE, CLAIM_TYPES, CONFIDENCE,
                         EXCERPT_MAX_WORDS, PARTISAN, SOURCE_TYPES, SPAN_COLUMNS, TAGS,
                         TECHNIQUES_18, TRACEABLE, UNVERIFIED_KINDS, USES, VERDICTS)

_WORDCHAR = re.compile(r"\w")


def corpus_id(letter: str, digits: int = 3) -> str:
    """The pattern of a corpus id of one kind, for every text: e.g. ``(?:A|B)-C\\d{3,}``."""
    keys = "|".join(map(re.escape, article_files()))
    return rf"(?:{keys})-{letter}\d{{{digits},}}"


def _texts() -> str:
    return ", ".join(article_files())


def _check_span_rows(df, file, problems, id_pattern, allowed_paragraphs=None):
    seen = set()
    for r in df.itertuples():
        where = (file, r.lineno)
        if not re.fullmatch(id_pattern, r[1]):
            problems.add(*where, f"id {r[1]!r} does not match {id_pattern}")
        if r[1] in seen:
            problems.add(*where, f"duplicate id {r[1]}")
        seen.add(r[1])
        if r.article not in article_files():
            problems.add(*where, f"article must be one of {_texts()}, found {r.article!r}")
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
        elif r.rationale.strip().startswith("TODO"):
            problems.add(*where, "rationale is still a TODO (an imported span): say in one sentence why "
                                 "this is an instance of the technique, and check the label")


def _validate_attributions(problems):
    name = "attributions.tsv"
    path = seeds_dir() / name
    if not path.exists():
        problems.add(name, 0, "file is missing")
        return
    df = read_tsv(path, ATTR_COLUMNS, problems)
    _check_span_rows(df, name, problems, corpus_id("T"))
    for r in df.itertuples():
        where = (name, r.lineno)
        for col, allowed in (("source_type", SOURCE_TYPES), ("use", USES), ("traceable", TRACEABLE)):
            if getattr(r, col) not in allowed:
                problems.add(*where, f"{col} {getattr(r, col)!r} is not one of {allowed}")
        if r.alt_source_type and (r.alt_source_type not in SOURCE_TYPES or r.alt_source_type == r.source_type):
            problems.add(*where, f"alt_source_type {r.alt_source_type!r} must be another of {SOURCE_TYPES}, or empty")
        if not r.source.strip():
            problems.add(*where, "source is empty")


def _require(item, fields, where, problems):
    for f in fields:
        if item.get(f) in (None, "", []):
            problems.add(*where, f"field {f!r} is missing or empty")


def _validate_cards(problems, card_data) -> dict[str, tuple[str, int]]:
    found = {}
    for path in _files("cards_*.yaml"):
        for line, card in read_yaml_list(path, problems):
            where = (path.name, line)
            if not isinstance(card, dict):
                problems.add(*where, "each card must be a mapping")
                continue
            _require(card, ["id", "title", "publisher", "url", "kind", "partisan", "summary",
                            "excerpt", "read", "relays"], where, problems)
            cid = str(card.get("id"))
            if not re.fullmatch(r"SC-\d{3}", cid):
                problems.add(*where, f"card id {cid!r} does not match SC-000")
            if cid in found:
                problems.add(*where, f"duplicate card id {cid} (also {found[cid][0]}:{found[cid][1]})")
            found[cid] = where
            card_data[cid] = card
            if card.get("relays") not in RELAYS:
                problems.add(*where, f"relays {card.get('relays')!r} is not one of {RELAYS}")
            if card.get("copy_of") is not None and not str(card.get("copy_of")).strip():
                problems.add(*where, "copy_of is empty: name the original report, or leave the field out")
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


def _validate_claims(problems, card_data) -> set[str]:
    card_ids = set(card_data)
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
            if not re.fullmatch(corpus_id("C"), cid):
                problems.add(*where, f"claim id {cid!r} does not match A-C000 (a text's key, -C, three digits)")
            if cid in seen:
                problems.add(*where, f"duplicate claim id {cid}")
            seen[cid] = where
            key = c.get("article")
            if key not in article_files():
                problems.add(*where, f"article must be one of {_texts()}, found {key!r}")
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
            entries = evidence_entries(c.get("evidence"))
            evidence = [e["card"] for e in entries]
            verdict, confidence = c.get("verdict"), c.get("confidence")
            # The evidence rule: empty only for 'not checkable', or a genuine not-found.
            if not evidence and verdict != "not checkable" and not (verdict == "unverified" and confidence == "NF"):
                problems.add(*where, f"verdict {verdict!r} with confidence {confidence!r} needs evidence "
                                     "(source card ids); only 'not checkable', or 'unverified' with NF, may have none")
            if verdict == "unverified" and not str(c.get("search_note") or "").strip():
                problems.add(*where, "an 'unverified' verdict needs a search_note saying what was searched")
            kind = c.get("unverified_kind")
            if verdict == "unverified" and kind not in UNVERIFIED_KINDS:
                problems.add(*where, f"an 'unverified' verdict needs an unverified_kind, one of {UNVERIFIED_KINDS}")
            langs = c.get("languages_searched")
            if verdict == "unverified" and not (isinstance(langs, list) and langs
                                                and all(isinstance(x, str) and len(x) == 2 for x in langs)):
                problems.add(*where, "an 'unverified' verdict needs languages_searched, a list of "
                                     "two-letter language codes (['en'], ['en', 'sq'])")
            if verdict != "unverified" and kind is not None:
                problems.add(*where, "unverified_kind goes only with the verdict 'unverified'")
            _check_entries(entries, card_ids, where, problems)
            cited.update(evidence)
            # Rule 2: not found is never H.
            if confidence == "H" and verdict == "unverified":
                problems.add(*where, "a claim that could not be verified cannot have confidence H")
            # Rules 1 and 4, and H/M/L: the confidence may not exceed what the cards allow.
            if verdict != "not checkable" and all(e in card_data for e in evidence):
                allowed = grade_evidence(cards_for_grading(entries, card_data))
                if not allows(confidence, allowed):
                    problems.add(*where, f"confidence {confidence} is more than the evidence allows "
                                         f"({allowed.grade}): {' '.join(allowed.reasons)}")
    return cited


def _check_entries(entries, card_ids, where, problems) -> None:
    """Each evidence entry: a known card, with its role for this claim and its independence."""
    seen = set()
    for e in entries:
        if e["role"] is None or e["independent"] is None:
            problems.add(*where, f"evidence {e['card']}: give its role and independence for this claim "
                                 "(card:, role:, independent:; see FORMATS.md, 'Evidence roles')")
        if e["card"] not in card_ids:
            problems.add(*where, f"evidence {e['card']!r} is not a card id")
        if e["card"] in seen:
            problems.add(*where, f"evidence {e['card']} is cited twice")
        seen.add(e["card"])
        if e["role"] is not None and e["role"] not in ROLES:
            problems.add(*where, f"evidence {e['card']}: role {e['role']!r} is not one of {ROLES}")
        if e["independent"] is not None and e["independent"] not in ("yes", "no"):
            problems.add(*where, f"evidence {e['card']}: independent must be yes or no")
        if e["relays"] is not None and e["relays"] not in RELAYS:
            problems.add(*where, f"evidence {e['card']}: relays {e['relays']!r} is not one of {RELAYS}")


def _validate_profiles(problems, card_data) -> set[str]:
    card_ids = set(card_data)
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
            entries = evidence_entries(fact.get("evidence"))
            # Evidence is a source card, or a paragraph of a text for what the text itself
            # states (e.g. its byline): that text's own word, one primary document however many
            # of its paragraphs are cited.
            known = dict(card_data)
            for e in entries:
                if re.fullmatch(corpus_id("P", 2), e["card"]):
                    try:
                        load_article(e["card"].split("-")[0]).paragraph(e["card"])
                        known[e["card"]] = {"id": e["card"], "partisan": "none", "relays": "document",
                                            "copy_of": "text " + e["card"].split("-")[0]}
                    except KitError:
                        problems.add(*where, f"evidence {e['card']!r} is not a paragraph of the texts")
            _check_entries([e for e in entries if e["card"] in known or not re.fullmatch(corpus_id("P", 2), e["card"])],
                           set(known), where, problems)
            cited.update(e["card"] for e in entries)
            if not entries and fact.get("confidence") != "NF":
                problems.add(*where, f"fact without evidence: {str(fact.get('text'))[:50]!r}")
            # The same confidence rules as for claims.
            if entries and str(fact.get("confidence")) in CONFIDENCE and all(e["card"] in known for e in entries):
                allowed = grade_evidence(cards_for_grading(entries, known))
                if not allows(fact.get("confidence"), allowed):
                    problems.add(*where, f"fact {str(fact.get('text'))[:40]!r}: confidence {fact.get('confidence')} "
                                         f"is more than the evidence allows ({allowed.grade}): {' '.join(allowed.reasons)}")
    return cited


def _validate_texts(problems) -> None:
    """Every text listed in articles.yaml loads (its checksum holds) and its metadata names at
    least a title and an outlet."""
    for key, name in article_files().items():
        meta_name = name.rsplit(".", 1)[0] + ".yml"
        meta = load_article(key).meta
        for f in ("title", "outlet"):
            if not str(meta.get(f) or "").strip():
                problems.add(meta_name, 1, f"field {f!r} is missing or empty")


def validate() -> list[str]:
    """Check every corpus file; return the problems as ``file:line: message`` strings."""
    problems = Problems([])
    _validate_texts(problems)
    _validate_spans("spans.tsv", problems, corpus_id("S"))
    _validate_spans("reliability/first.tsv", problems, corpus_id("S"), RELIABILITY_PARAGRAPHS)
    _validate_spans("reliability/second.tsv", problems, corpus_id("R"), RELIABILITY_PARAGRAPHS)
    _validate_attributions(problems)
    card_data: dict[str, dict] = {}
    card_where = _validate_cards(problems, card_data)
    cited = (_validate_claims(problems, card_data)
             | _validate_profiles(problems, card_data))
    for cid, where in sorted(card_where.items()):
        if cid not in cited:
            problems.add(*where, f"card {cid} is cited by no claim or profile")
    return problems.items


# The paragraphs annotated twice, independently (see FORMATS.md).
RELIABILITY_PARAGRAPHS = ("A-P06", "A-P13", "A-P19", "A-P36", "B-P10", "B-P17", "B-P28", "B-P37")
