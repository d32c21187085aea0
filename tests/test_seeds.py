"""The seeds are the verbatim articles; the loader gives stable paragraph ids and offsets."""

from __future__ import annotations

import csv
import hashlib
import shutil

import pytest

from medialit import corpus
from medialit.errors import KitError, SeedIntegrityError

from .helpers import ROOT

SEEDS = ROOT / "seeds"


def test_seeds_match_recorded_sha256():
    sums = corpus.recorded_sums(SEEDS)
    assert set(sums) == set(corpus.article_files().values())
    for name, digest in sums.items():
        assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.parametrize("key", ["A", "B"])
def test_paragraphs_cover_every_non_blank_line(key):
    art = corpus.load_article(key)
    covered = set()
    for p in art.paragraphs:
        assert art.text[p.start:p.end] == p.text
        assert p.text == p.text.strip("\n") and p.text.strip()
        covered.update(range(p.start, p.end))
    # Every character outside the paragraphs is a newline or blank-line whitespace.
    outside = [c for i, c in enumerate(art.text) if i not in covered]
    assert all(c.isspace() for c in outside)
    # Between two paragraphs there is at least one blank line.
    for prev, nxt in zip(art.paragraphs, art.paragraphs[1:]):
        assert art.text[prev.end:nxt.start].count("\n") >= 2
    # Ids are unique, in order, and name their article.
    ids = [p.id for p in art.paragraphs]
    assert len(set(ids)) == len(ids)
    assert ids[0] == f"{key}-P01"
    assert all(i.startswith(f"{key}-P") for i in ids)


def test_paragraph_offsets_match_snapshot():
    """Freezes the id-to-offset table: annotations everywhere in the kit depend on it."""
    with open(ROOT / "tests" / "snapshots" / "paragraph_offsets.tsv", encoding="utf-8") as fh:
        frozen = [(r["paragraph_id"], int(r["start"]), int(r["end"]))
                  for r in csv.DictReader(fh, delimiter="\t")]
    df = corpus.paragraphs_frame()
    assert list(zip(df.paragraph_id, df.start, df.end)) == frozen


def test_offsets_are_code_points_not_bytes():
    b = corpus.load_article("B")
    i = b.text.index("\u03a4hat")  # B's "Τhat" starts with a Greek capital Tau
    assert b.paragraph_at(i).id == "B-P06"
    assert len(b.text) < len(b.text.encode("utf-8"))


def test_dataframe_and_objects_agree():
    df = corpus.paragraphs_frame()
    arts = corpus.articles()
    assert len(df) == sum(len(a.paragraphs) for a in arts.values())
    row = df.set_index("paragraph_id").loc["A-P08"]
    p = arts["A"].paragraph("A-P08")
    assert (row.start, row.end, row.text) == (p.start, p.end, p.text)
    assert "instigated a coup in 1998" in p.text


@pytest.mark.parametrize("key", ["A", "B"])
def test_metadata_has_the_required_fields(key):
    meta = corpus.load_article(key).meta
    for field in ("title", "byline", "outlet", "date", "date_confidence", "genre", "rights",
                  "copy_note"):
        assert meta.get(field), f"{key}: {field} missing"
    assert "url" in meta  # may be null (A's original address was not located): then a note says so
    assert meta["url"] or meta.get("url_note")
    assert meta["genre"] in ("interview", "opinion essay")


def test_changed_seed_is_caught_with_a_clear_message(tmp_path, monkeypatch):
    copy = tmp_path / "kit"
    shutil.copytree(SEEDS, copy / "seeds")
    target = copy / "seeds" / corpus.article_files()["A"]
    target.write_bytes(target.read_bytes().replace(b"Olsi", b"Olsy", 1))
    monkeypatch.setenv("MEDIALIT_ROOT", str(copy))
    corpus.load_article.cache_clear()
    try:
        with pytest.raises(SeedIntegrityError, match="000_ad5263af5468c706.txt has changed"):
            corpus.load_article("A")
        corpus.load_article("B")  # the untouched article still loads
    finally:
        corpus.load_article.cache_clear()


def test_unknown_article_and_paragraph_give_clear_errors():
    with pytest.raises(KitError, match="the texts are 'A', 'B'"):
        corpus.load_article("C")
    with pytest.raises(KitError, match="has no paragraph 'A-P99'"):
        corpus.load_article("A").paragraph("A-P99")
