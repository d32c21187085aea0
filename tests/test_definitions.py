"""Checked definitions: each kind of mistake in an exercise file is caught with FILE:LINE."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from medialit.exercises import model
from medialit.exercises.schema import CorpusIds, check_file
from medialit.exercises.registry import TYPES
from medialit.exercises.seal import seal, unseal
from medialit.instructor import grade as G

from .helpers import ROOT, all_exercises, forms, key_strings

GALLERY = ROOT / "solutions" / "exercises" / "gallery.yaml"


def _check(tmp_path, edit):
    """Check a copy of the gallery's definitions after ``edit(text) -> text``."""
    text = edit(GALLERY.read_text(encoding="utf-8"))
    path = tmp_path / "gallery.yaml"
    path.write_text(text, encoding="utf-8")
    problems, _ = check_file(path, TYPES, CorpusIds())
    return problems, text


def _line_of(text, needle):
    return text[: text.index(needle)].count("\n") + 1


def test_the_shipped_definitions_are_clean():
    assert model.check_definitions() == []


def test_a_misspelt_key(tmp_path):
    problems, text = _check(tmp_path, lambda t: t.replace("    prompt: >-\n      Article A appeared",
                                                          "    promt_typo: x\n    prompt: >-\n      Article A appeared", 1))
    line = _line_of(text, "promt_typo")
    assert f"solutions/exercises/gallery.yaml:{line}: unknown key 'promt_typo' in exercise G-01; did you mean 'prompt'?" in problems


def test_a_missing_key(tmp_path):
    problems, text = _check(tmp_path, lambda t: t.replace("    title: Count the paragraphs\n", "", 1))
    line = _line_of(text, "  - id: G-07")
    assert f"solutions/exercises/gallery.yaml:{line}: exercise G-07 is missing the key 'title'" in problems


def test_a_value_of_the_wrong_kind(tmp_path):
    problems, text = _check(tmp_path, lambda t: t.replace("value_kind: number", "value_kind: [number]", 1))
    line = _line_of(text, "value_kind: [number]")
    assert any(p.startswith(f"solutions/exercises/gallery.yaml:{line}:") and "should be a piece of text" in p
               for p in problems), problems


@pytest.mark.parametrize("old, new, needle, message", [
    ("    answer: b\n", "    answer: z\n", "answer: z", "the answer 'z' is not among the option ids (a, b, c)"),
    ("    answer: [a, c, d]", "    answer: [a, e]", "answer: [a, e]", "the answer 'e' is not among the option ids"),
    ("labels: [named_person, named_outlet_or_document, anonymous_or_vague, own_say_so, link_placeholder]",
     "labels: [named_person, named_outlet_or_document]", "items: [A-T005", "which is not among the labels"),
    ("value_kind: number", "value_kind: numbr", "value_kind: numbr", "did you mean 'number'?"),
])
def test_a_key_not_among_the_options(tmp_path, old, new, needle, message):
    problems, text = _check(tmp_path, lambda t: t.replace(old, new, 1))
    line = _line_of(text, needle)
    assert any(p.startswith(f"solutions/exercises/gallery.yaml:{line}:") and message in p for p in problems), problems


@pytest.mark.parametrize("old, new, message", [
    ("items: [A-T005,", "items: [A-T905,", "there is no attribution 'A-T905'"),
    ("items: [A-C002,", "items: [A-C902,", "there is no claim 'A-C902'"),
    ("    paragraph: A-P21", "    paragraph: A-P99", "there is no paragraph 'A-P99'"),
    ("    claim: A-C009", "    claim: A-C909", "there is no claim 'A-C909'"),
    ("techniques: [Appeal_to_fear-prejudice]", "techniques: [Appeal_to_fear]", "there is no technique name"),
])
def test_an_unknown_corpus_id(tmp_path, old, new, message):
    problems, text = _check(tmp_path, lambda t: t.replace(old, new, 1))
    line = _line_of(text, new)
    assert any(p.startswith(f"solutions/exercises/gallery.yaml:{line}:") and message in p for p in problems), problems


def test_a_broken_file_is_one_clear_line(tmp_path):
    problems, _ = _check(tmp_path, lambda t: t + "\n  - id: [unclosed\n")
    assert len(problems) == 1 and "not valid YAML" in problems[0]
    problems, _ = _check(tmp_path, lambda t: "- just\n- a list\n")
    assert problems == ["solutions/exercises/gallery.yaml:1: the file should be a mapping (key: value lines), found a list"]


def test_the_command_exits_2_and_compiles_nothing(tmp_path):
    kit = tmp_path / "kit"
    shutil.copytree(ROOT / "seeds", kit / "seeds")
    shutil.copytree(ROOT / "solutions" / "exercises", kit / "solutions" / "exercises")
    shutil.copy(ROOT / "_config.yml", kit / "_config.yml")
    path = kit / "solutions" / "exercises" / "gallery.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    answer: b\n", "    answer: z\n", 1), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in model.BANK_DIR.glob("*.json")}
    res = subprocess.run([sys.executable, "-m", "medialit", "exercises"], capture_output=True, text=True,
                         cwd=kit, env={**os.environ, "MEDIALIT_ROOT": str(kit)})
    assert res.returncode == 2
    assert "solutions/exercises/gallery.yaml:" in res.stderr and "not among the option ids" in res.stderr
    assert "Traceback" not in res.stderr and "nothing was compiled" in res.stderr
    assert {p.name: p.read_bytes() for p in model.BANK_DIR.glob("*.json")} == before


# --- permanent ids -------------------------------------------------------------------------------

def _ever_issued() -> set[str]:
    lines = (ROOT / "tests" / "snapshots" / "exercise_ids.txt").read_text(encoding="utf-8").splitlines()
    return {l.strip() for l in lines if l.strip() and not l.startswith("#")}


def test_exercise_ids_are_permanent():
    """Every id ever issued is active or retired; a new id is recorded; none is both."""
    active, retired = set(model.bank_cache()), set(model.retired_ids())
    issued = _ever_issued()
    assert issued - active - retired == set(), "an id disappeared: retire it instead (its set's retired: list)"
    assert active - issued == set(), "a new exercise: add its id to tests/snapshots/exercise_ids.txt"
    assert not active & retired


def test_a_retired_id_cannot_come_back(tmp_path):
    problems, text = _check(tmp_path, lambda t: t + "retired:\n  - id: G-07\n    retired: 2026-12-01\n    reason: test\n")
    assert any("G-07 is retired and must not be used again" in p for p in problems), problems


def test_the_grader_reports_a_retired_exercise(tmp_path):
    keys_dir = tmp_path / "solutions" / "exercises"
    shutil.copytree(ROOT / "solutions" / "exercises", keys_dir)
    path = keys_dir / "gallery.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: G-07")
    end = text.index("  - id: G-08")
    path.write_text(text[:start] + text[end:] + "retired:\n  - id: G-07\n    retired: 2026-12-01\n"
                    "    reason: removed for a test\n", encoding="utf-8")
    keys = G.load_keys(tmp_path / "solutions")
    assert "G-07" not in keys and "G-07" in keys.retired
    hand = tmp_path / "in"
    hand.mkdir()
    (hand / "ana.json").write_text('{"schema": "medialit-answers/1", "student": {"name": "Ana"}, '
                                   '"answers": {"G-07": {"answer": 37}, "Z-99": {"answer": 1}}}', encoding="utf-8")
    g = G.grade_file(str(hand / "ana.json"), keys)
    assert any(p.startswith("G-07: retired exercise") for p in g.problems), g.problems
    assert any("unknown exercise id 'Z-99'" in p for p in g.problems)


# --- the compiled bank -----------------------------------------------------------------------------

def test_bank_matches_the_definitions():
    """The compiled bank shipped with the package is what the instructors' definitions give."""
    for path in sorted((ROOT / "solutions" / "exercises").glob("*.yaml")):
        compiled = model.compile_set(path)
        shipped = json.loads((model.BANK_DIR / f"{compiled['set']}.json").read_text(encoding="utf-8"))
        assert shipped == json.loads(json.dumps(compiled)), f"run: python -m medialit exercises ({path.name})"


def test_seal_round_trip():
    secret = {"key": ["a", "c"], "feedback": {"a": "Ελληνικά and “quotes”"}}
    sealed = seal("X-1", secret)
    assert unseal("X-1", sealed) == secret
    assert "feedback" not in sealed and unseal("X-2", seal("X-2", secret)) == secret


def test_no_key_in_student_facing_files():
    keys = key_strings()
    assert len(keys) > len(all_exercises())
    files = list(model.BANK_DIR.glob("*.json")) + list((ROOT / "exercises").rglob("*.ipynb"))
    for f in files:
        text = f.read_text(encoding="utf-8")
        for k in keys:
            for form in forms(k):
                assert form not in text, f"{f.name} holds a key ({k[:40]}...)"


# --- assessment sets: no key ships ---------------------------------------------------------------

def test_an_assessment_set_ships_no_key_and_is_graded_from_solutions(tmp_path):
    from medialit.exercises import check
    from medialit.exercises.answers import SCHEMA

    from .helpers import assessment_key_strings

    shipped = [e for e in model.bank_cache().values() if model.is_assessment(e)]
    assert shipped, "no assessment set: the test would pass vacuously"
    for ex in shipped:
        assert unseal(ex.id, ex.sealed) == {"assessment": True}
    secrets = assessment_key_strings()
    assert len(secrets) >= 2 * len(shipped)
    for f in list(model.BANK_DIR.glob("*.json")) + list((ROOT / "medialit").rglob("*.js")):
        text = f.read_text(encoding="utf-8")
        for k in secrets:
            for form in forms(k):
                assert form not in text, f"{f.name} holds an assessment key"
    # The grader has the keys: an answer submitted in a notebook is scored from solutions/.
    import os

    os.environ["MEDIALIT_ANSWERS"] = str(tmp_path / "a.json")
    try:
        first = repr(check("DF-01", "b"))
        again = repr(check("DF-01", "a"))
    finally:
        del os.environ["MEDIALIT_ANSWERS"]
    assert "Submitted" in first and "Already submitted" in again and "Score" not in first
    data = json.loads((tmp_path / "a.json").read_text())
    assert data["schema"] == SCHEMA and data["answers"]["DF-01"]["locked"] and data["answers"]["DF-01"]["answer"] == "b"
    hand = tmp_path / "in"
    hand.mkdir()
    shutil.copy(tmp_path / "a.json", hand / "a.json")
    results, keys = G.grade_folder(hand, ROOT / "solutions", workers=1)
    assert results[0].scores["DF-01"] == 1.0
