"""The annotated corpus: valid, complete enough, fails loudly when corrupted; SemEval I/O; one
list of texts; no import cycle in the package."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from medialit import agreement, dataset
from medialit.errors import KitError

from .helpers import ROOT


def test_the_corpus_is_valid():
    assert dataset.validate() == []


def test_the_corpus_meets_the_counts():
    spans, claims, cards = dataset.spans(), dataset.claims(), dataset.cards()
    for key in ("A", "B"):
        assert (spans.article == key).sum() >= 36, f"{key}: dozens of spans expected"
        mine = claims[claims.article == key]
        assert len(mine) >= 25, key
        # Both articles have claims that check out and claims that don't.
        assert (mine.verdict == "accurate").sum() >= 5, key
        assert mine.verdict.isin(["inaccurate", "misleading", "misattributed", "unsupported"]).sum() >= 5, key
        assert (dataset.attributions().article == key).sum() >= 10, key
    assert len(cards) >= 30
    assert (cards.partisan != "none").any() and (cards.partisan == "none").sum() > len(cards) / 2
    assert len(dataset.reliability_second()) > 0
    assert set(dataset.reliability_second().paragraph_id) == set(dataset.RELIABILITY_PARAGRAPHS)


def _corrupt_copy(tmp_path):
    kit = tmp_path / "kit"
    shutil.copytree(ROOT / "seeds", kit / "seeds")
    return kit


def _validate(kit):
    env = {**os.environ, "MEDIALIT_ROOT": str(kit)}
    return subprocess.run([sys.executable, "-m", "medialit", "validate"], capture_output=True,
                          text=True, env=env, cwd=kit)


def _replace_line(path, lineno, fn):
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[lineno - 1] = fn(lines[lineno - 1])
    path.write_text("\n".join(lines), encoding="utf-8")


def test_validator_fails_loudly_on_a_corrupted_copy(tmp_path):
    kit = _corrupt_copy(tmp_path)
    seeds = kit / "seeds"
    # 1. a span whose end cuts a word; 2. an unknown technique
    def cut(line):
        f = line.split("\t"); f[4] = str(int(f[4]) - 1); return "\t".join(f)
    _replace_line(seeds / "spans.tsv", 2, cut)
    _replace_line(seeds / "spans.tsv", 3, lambda l: l.replace("Loaded_Language", "Loaded_Lingo", 1))
    # 3. a claim quote that is not in its paragraph; 4. evidence pointing at no card
    claims = (seeds / "claims_A.yaml").read_text(encoding="utf-8")
    first_quote = dataset.claims().query("article == 'A'").iloc[0]["quote"]
    claims = claims.replace(first_quote[:20], "NOT IN THE TEXT " + first_quote[:20], 1)
    claims = re.sub(r"(card: [\"']?)SC-1", r"\1SC-9", claims, count=1)
    (seeds / "claims_A.yaml").write_text(claims, encoding="utf-8")
    # 5. an excerpt over 25 words
    cards = (seeds / "cards_B.yaml").read_text(encoding="utf-8")
    cards = cards.replace("  excerpt: ", "  excerpt: " + "word " * 30, 1)
    (seeds / "cards_B.yaml").write_text(cards, encoding="utf-8")
    res = _validate(kit)
    out = res.stdout
    assert res.returncode == 1, out + res.stderr
    assert "problem(s) in seeds/" in res.stderr
    assert "seeds/spans.tsv:2: span ends inside a word" in out
    assert "seeds/spans.tsv:3: technique 'Loaded_Lingo' is not one of the 18 names" in out
    assert "seeds/claims_A.yaml:" in out and "quote is not an exact substring" in out
    assert "is not a card id" in out
    assert "seeds/cards_B.yaml:" in out and "words; at most 25" in out


def test_validator_reports_broken_yaml_and_tsv_with_file_and_line(tmp_path):
    kit = _corrupt_copy(tmp_path)
    seeds = kit / "seeds"
    (seeds / "profiles.yaml").write_text("- id: x\n  name: [unclosed\n", encoding="utf-8")
    _replace_line(seeds / "attributions.tsv", 4, lambda l: l.replace("\t", " ", 2))
    res = _validate(kit)
    assert res.returncode == 1
    assert "seeds/profiles.yaml:" in res.stdout and "not valid YAML" in res.stdout
    assert "seeds/attributions.tsv:4: expected 12 tab-separated fields" in res.stdout


def test_semeval_export_and_import_round_trip():
    text = dataset.to_semeval()
    back = dataset.from_semeval(text)
    spans = dataset.spans()
    exported = spans[spans.technique.map(dataset.TO_SEMEVAL).notna()]
    assert len(back) == len(exported)
    assert list(back.begin) == list(exported.begin) and list(back.end) == list(exported.end)
    assert set(back.technique) <= set(dataset.SEMEVAL_14)
    assert len(dataset.SEMEVAL_14) == 14 and len(dataset.TECHNIQUES_18) == 18
    first = text.splitlines()[0].split("\t")
    assert first[0] == "000_ad5263af5468c706" and first[2].isdigit()


@pytest.mark.parametrize("line, message", [
    ("000_ad5263af5468c706\tLoaded_Language\t5", "expected 4 tab-separated fields"),
    ("999\tLoaded_Language\t1\t5", "unknown article id"),
    ("000_ad5263af5468c706\tObfuscation,Intentional_Vagueness,Confusion\t1\t5", "not one of the 14"),
    ("000_ad5263af5468c706\tLoaded_Language\t9\t5", "begin < end"),
])
def test_semeval_import_rejects_bad_lines_clearly(line, message):
    with pytest.raises(KitError, match=message):
        dataset.from_semeval(line)


def _span(article, begin, end, technique, alt=""):
    return {"article": article, "begin": begin, "end": end, "technique": technique, "alt_technique": alt}


def test_agreement_measure():
    a = pd.DataFrame([_span("A", 0, 10, "Doubt"), _span("A", 20, 30, "Loaded_Language")])
    assert agreement.span_agreement(a, a)["f1"] == pytest.approx(1.0)
    far = pd.DataFrame([_span("A", 100, 110, "Doubt")])
    assert agreement.span_agreement(a, far)["f1"] == 0.0
    half = pd.DataFrame([_span("A", 5, 10, "Doubt")])
    res = agreement.span_agreement(a, half)
    assert res["precision"] == pytest.approx(1.0) and res["recall"] == pytest.approx(0.25)
    # Another label: no credit with labels, full credit without; an accepted alternative counts.
    other = pd.DataFrame([_span("A", 0, 10, "Name_Calling,Labeling")])
    assert agreement.span_agreement(a.iloc[:1], other)["f1"] == 0.0
    assert agreement.span_agreement(a.iloc[:1], other, labelled=False)["f1"] == pytest.approx(1.0)
    alt = pd.DataFrame([_span("A", 0, 10, "Name_Calling,Labeling", "Doubt")])
    assert agreement.span_agreement(a.iloc[:1], alt)["f1"] == pytest.approx(1.0)
    # Symmetric F1.
    assert agreement.span_agreement(a, half)["f1"] == pytest.approx(agreement.span_agreement(half, a)["f1"])


def test_ids_cited_in_the_book_exist():
    """Claim, span and attribution ids named in the book's pages are real."""
    import re as _re

    known = set(dataset.claims()["id"]) | set(dataset.spans()["span_id"]) | set(dataset.attributions()["attr_id"])
    pages = list((ROOT / "book").glob("*.md")) + list((ROOT / "book").glob("*.ipynb"))
    cited = {m for p in pages for m in _re.findall(r"\b[AB]-[CST]\d{3}\b", p.read_text(encoding="utf-8"))}
    assert cited, "no ids cited: the test would pass vacuously"
    assert cited <= known, sorted(cited - known)


def test_the_list_of_texts_is_data():
    from medialit.corpus import article_files, article_keys

    files = article_files()
    assert article_keys() == ("A", "B")
    assert files == {"A": "000_ad5263af5468c706.txt", "B": "003_a4e84ee0726c3723.txt"}
    for name in files.values():
        assert (ROOT / "seeds" / name).is_file()


def test_no_import_cycle_in_the_package():
    """Import every module of medialit, recording which module imports which (at module level,
    by the modules' own import statements); the graph has no cycle."""
    import ast
    import pkgutil

    import medialit

    pkg_dir = ROOT / "medialit"
    modules = {}
    for info in pkgutil.walk_packages([str(pkg_dir)], prefix="medialit."):
        path = pkg_dir.joinpath(*info.name.split(".")[1:])
        path = path / "__init__.py" if info.ispkg else path.with_suffix(".py")
        modules[info.name] = (path, info.ispkg)
    modules["medialit"] = (pkg_dir / "__init__.py", True)
    assert len(modules) > 25

    def resolve(mod, ispkg, node):
        base = mod.split(".") if ispkg else mod.split(".")[:-1]
        if node.level:
            base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
            name = ".".join(base + ([node.module] if node.module else []))
        else:
            name = node.module or ""
        found = []
        for alias in node.names:
            full = f"{name}.{alias.name}"
            found.append(full if full in modules else name)
        return found

    graph = {}
    for mod, (path, ispkg) in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        deps = set()
        for node in tree.body:  # module level only: imports inside functions run later
            if isinstance(node, ast.ImportFrom):
                deps.update(d for d in resolve(mod, ispkg, node) if d in modules)
            elif isinstance(node, ast.Import):
                deps.update(a.name for a in node.names if a.name in modules)
        graph[mod] = deps - {mod}

    # A package's __init__ importing its own submodules is how Python packages work; a cycle
    # through two different modules is the defect.
    def edges(m):
        return {d for d in graph[m] if not (modules[m][1] and d.startswith(m + "."))}

    state, stack = {}, []

    def visit(m):
        state[m] = 1
        stack.append(m)
        for d in edges(m):
            if state.get(d) == 1:
                cycle = stack[stack.index(d):] + [d]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if d not in state:
                visit(d)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)
    assert medialit.__name__ == "medialit"


def test_the_list_of_affected_items_says_where_each_is_used():
    """seeds/affected-by-corrections.tsv's used_by column is what the files show today
    (run medialit.corpus.affected.refresh() after editing a lesson or an exercise)."""
    from medialit.corpus import affected

    rows = affected.read()
    assert len(rows) > 50
    found = affected.used_by([r["item"].split()[0] for r in rows])
    stale = [r["item"] for r in rows if r["used_by"] != found[r["item"].split()[0]]]
    assert not stale, f"refresh affected-by-corrections.tsv: {stale[:5]}"


def test_verdict_agreement_is_computed_from_the_frozen_files():
    from medialit.agreement import cohen_kappa, verdict_agreement

    assert cohen_kappa(["a", "a", "b", "b"], ["a", "b", "a", "b"]) == 0.0
    assert cohen_kappa(["a", "b", "c"], ["a", "b", "c"]) == 1.0
    # A textbook case (Cohen 1960 layout): 2x2 table [[20, 5], [10, 15]] gives kappa 0.4.
    first = ["y"] * 25 + ["n"] * 25
    second = ["y"] * 20 + ["n"] * 5 + ["y"] * 10 + ["n"] * 15
    assert abs(cohen_kappa(first, second) - 0.4) < 1e-12
    result = verdict_agreement()
    assert result["claims"] == 126 and 0 < result["kappa"] < 1
    import csv

    with open(ROOT / "seeds" / "verification" / "settled.tsv", encoding="utf-8") as fh:
        settled = {r["claim_id"] for r in csv.DictReader(fh, delimiter="\t")}
    assert result["claims"] - result["agree"] <= len(settled)


def test_the_official_si_method_reproduces_the_official_scorer():
    """The figures the official SemEval-2020 SI scorer printed (run outside the kit, GPL) on its
    own example files and on the kit's two annotations, reproduced by the kit's
    reimplementation."""
    import csv

    from medialit.agreement import merge_overlapping, official_si, official_si_for

    with open(ROOT / "seeds" / "reliability" / "official-scorer.tsv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    # The task's example (offsets from tools/data/submission-task-SI.tsv and the reference labels).
    example = official_si({"736757214": [(0, 50), (161, 172), (0, 10), (115, 167)]},
                          {"736757214": [(0, 59), (171, 181), (0, 9), (115, 167), (740, 759)]})
    ours = official_si_for(dataset.reliability_second(), dataset.reliability_first())
    for got, row in zip((example, ours), rows):
        assert round(got["precision"], 6) == float(row["precision"])
        assert round(got["recall"], 6) == float(row["recall"])
        assert round(got["f1"], 6) == float(row["f1"])
    assert merge_overlapping([(0, 5), (3, 8), (8, 10)]) == [(0, 8), (8, 10)]  # touching stays apart
