"""Grades and quizzes into the LMS: roster matching, the Canvas and Moodle grade imports, and the
QTI 1.2 and Moodle XML quiz exports (checked against their documented structure, read back)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
import zipfile

import pytest

from medialit.__main__ import main
from medialit.errors import KitError
from medialit.instructor import grade as G
from medialit.instructor import qti
from medialit.instructor.roster import match, norm_name, read_roster

from .helpers import ROOT

KEYS = ROOT / "solutions"
HANDINS = ROOT / "book" / "grading-example" / "handins"
FIXTURES = ROOT / "tests" / "fixtures" / "lms"
CANVAS = FIXTURES / "canvas-gradebook.csv"
MOODLE = FIXTURES / "moodle-grades.csv"
FORMULA = '=HYPERLINK("http://example.com";"x")'


@pytest.fixture()
def handins(tmp_path):
    """The worked example's sample class, plus a student who typed her id (Emil, whose roster
    name is his full name) and a student whose name is a spreadsheet formula (matched by id)."""
    folder = tmp_path / "handins"
    shutil.copytree(HANDINS, folder)
    emil = json.loads((folder / "emil.json").read_text(encoding="utf-8"))
    emil["student"]["id"] = " S-1006 "  # case and spaces ignored
    (folder / "emil.json").write_text(json.dumps(emil), encoding="utf-8")
    mal = json.loads((folder / "farah.json").read_text(encoding="utf-8"))
    mal["student"] = {"name": FORMULA, "id": "s-1008"}
    (folder / "mal.json").write_text(json.dumps(mal), encoding="utf-8")
    return folder


def _csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name}: no byte-order mark"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def _gradebook_points(out, set_name="gallery"):
    with open(out / "gradebook.csv", encoding="utf-8") as fh:
        return {r["file"]: float(r[f"{set_name} points"]) for r in csv.DictReader(fh)}


# --- reading a roster ---------------------------------------------------------------------------

def test_a_canvas_export_is_recognised_by_its_header():
    r = read_roster(CANVAS)
    assert r.kind == "canvas"
    assert [s.name for s in r.students][:3] == ["B., Ana", "C., Ben", "D., Chloe"]
    assert r.students[0].canvas_id == "1001" and r.students[0].sis_user_id == "s-1001" and r.students[0].login == "ana.b"
    assert r.students[0].line == 3  # the Points Possible row is not a student
    assert not any("Test" in s.name for s in r.students) and any("Test Student" in n for n in r.notes)
    assert r.assignments == ["Exercise gallery (4401)", "Reading log (4402)"]  # Canvas's totals left out


def test_moodle_exports_are_recognised_by_their_header():
    r = read_roster(MOODLE)
    assert r.kind == "moodle" and {"first", "last", "id_number", "email"} <= r.present
    assert (r.students[0].first, r.students[0].email, r.students[0].id_number) == ("Ana", "Ana.B@example.edu", "s-1001")
    p = read_roster(FIXTURES / "moodle-participants.csv")  # the participants download, semicolons
    assert p.kind == "moodle" and p.students[1].username == "ben.c" and "username" in p.present


def test_an_unknown_file_is_refused_with_the_columns_it_should_have(tmp_path):
    bad = tmp_path / "class.csv"
    bad.write_text("name,grade\nAna,3\n", encoding="utf-8")
    with pytest.raises(KitError, match="neither a Canvas gradebook export nor a Moodle export.*Student, ID"):
        read_roster(bad)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("Student,ID,Section\nJosé,1,A\n".encode("latin-1"))
    with pytest.raises(KitError, match="not UTF-8"):
        read_roster(latin)


def test_names_compare_without_case_accents_punctuation_or_order():
    assert norm_name("Chloé D.") == norm_name("d.,  CHLOE") == norm_name("D, Chloe")
    assert norm_name("Ana B.") != norm_name("Ana Bianchi")
    assert norm_name("  ") == ()


# --- matching ------------------------------------------------------------------------------------

def test_hand_ins_are_matched_on_id_then_name_and_never_guessed(handins):
    ben = json.loads((handins / "ben.json").read_text(encoding="utf-8"))
    ben["student"]["id"] = "BEN.C"  # the login, in capitals
    (handins / "ben.json").write_text(json.dumps(ben), encoding="utf-8")
    results, _ = G.grade_folder(handins, KEYS, workers=1)
    report = match(results, read_roster(CANVAS))
    by_file = {m.graded.file: m for m in report.lines if m.graded is not None}
    assert by_file["emil.json"].status == "matched" and by_file["emil.json"].on == "SIS User ID"
    assert by_file["emil.json"].student.name == "Fischer, Emil"
    assert by_file["ben.json"].on == "SIS Login ID" and by_file["mal.json"].on == "SIS User ID"
    assert by_file["chloé.json"].status == "matched" and by_file["chloé.json"].on == "name"  # the accent
    assert by_file["ana.json"].student is by_file["ana-second-try.json"].student
    # Two roster students share Dara's name: unmatched, with the reason, not a guess.
    assert by_file["dara.json"].status == "unmatched" and "2 students in the roster have this name" in by_file["dara.json"].reason
    assert by_file["farah.json"].status == "unmatched" and "no student in the roster" in by_file["farah.json"].reason
    assert by_file["ben-truncated.json"].status == "unreadable" and by_file["notes.txt"].status == "unreadable"
    assert sorted(m.student.shown for m in report.missing()) == ["E., Dara", "E., Dara", "Gray, Hana"]


def test_an_id_that_points_to_another_student_than_the_name_is_not_matched(handins):
    ben = json.loads((handins / "ben.json").read_text(encoding="utf-8"))
    ben["student"]["id"] = "s-1001"  # Ana's id, Ben's name
    (handins / "ben.json").write_text(json.dumps(ben), encoding="utf-8")
    results, _ = G.grade_folder(handins, KEYS, workers=1)
    m = next(x for x in match(results, read_roster(CANVAS)).lines if x.graded and x.graded.file == "ben.json")
    assert m.status == "unmatched" and "B., Ana" in m.reason and "C., Ben" in m.reason


# --- the grade import files -------------------------------------------------------------------------

def test_grade_roster_lms_canvas_writes_canvas_s_columns(handins, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["grade", str(handins), "--keys", str(KEYS), "-o", str(out), "--sets", "gallery", "--workers", "1",
                 "--roster", str(CANVAS), "--lms", "canvas"]) == 0
    rows = _csv(out / "lms-canvas.csv")
    # The identity columns, then the set, under the assignment column the export already had.
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Exercise gallery (4401)"]
    keys = G.load_keys(KEYS)
    gallery_max = sum(e.points for e in keys.values() if e.public["set"] == "gallery" and e.type not in ("rewrite", "open"))
    assert rows[1] == ["Points Possible", "", "", "", "", f"{gallery_max:g}"]
    students = {r[0]: r for r in rows[2:]}
    assert set(students) == {"B., Ana", "C., Ben", "D., Chloe", "Fischer, Emil", "'" + FORMULA + ", Mal"}
    assert students["Fischer, Emil"][1:5] == ["1006", "s-1006", "emil.f", "Period 3"]  # the export's own values
    points = _gradebook_points(out)
    assert float(students["D., Chloe"][5]) == pytest.approx(points["chloé.json"], abs=0.005)
    assert float(students["Fischer, Emil"][5]) == pytest.approx(points["emil.json"], abs=0.005)
    report = _csv(out / "roster.csv")
    assert report[0][:3] == ["status", "file", "name in the file"]
    assert any(r[0] == "no hand-in" and r[5] == "Gray, Hana" for r in report)
    assert any(r[0] == "matched" and r[2] == "'" + FORMULA for r in report)  # a typed name, neutralised
    said = capsys.readouterr().out
    assert "unmatched hand-in dara.json" in said and "unmatched hand-in farah.json" in said
    assert "no hand-in: Gray, Hana" in said


def test_grade_roster_lms_moodle_writes_a_user_column_and_one_column_per_set(handins, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["grade", str(handins), "--keys", str(KEYS), "-o", str(out), "--sets", "gallery,lesson1",
                 "--workers", "1", "--roster", str(MOODLE), "--lms", "moodle"]) == 0
    rows = _csv(out / "lms-moodle.csv")
    assert rows[0] == ["Email address", "ID number", "First name", "Last name", "Exercise gallery", "Lesson 1: Sourcing"]
    by_email = {r[0]: r for r in rows[1:]}
    assert "Ana.B@example.edu" in by_email  # exactly as exported: Moodle compares emails with their case
    assert by_email["emil.f@example.edu"][1] == "s-1006"
    assert by_email["emil.f@example.edu"][5] == ""  # nothing answered in lesson 1: left empty, not 0
    assert float(by_email["ben.c@example.edu"][4]) == pytest.approx(_gradebook_points(out)["ben.json"], abs=0.005)
    assert by_email["mal.x@example.edu"][3] == "'" + FORMULA  # a roster value, neutralised
    assert "map from 'Email address' to useremail" in capsys.readouterr().out


def test_columns_by_default_are_the_lessons_and_the_forms(tmp_path):
    from medialit.instructor.lms import lms_columns

    keys = G.load_keys(KEYS)
    cols = lms_columns(keys)
    # The lessons, then the two real assessment forms; the demonstration form is left out.
    assert [c.set for c in cols] == ["lesson1", "lesson2", "lesson3", "lesson4", "form-x", "form-y"]
    assert "demo-form" in keys.forms
    assert cols[0].header == "Lesson 1: Sourcing" and cols[0].max_points > 0
    assert all(c.max_points > 0 for c in cols)
    assert [c.set for c in lms_columns(keys, sets=["lesson2"])] == ["lesson2"]  # --sets names the columns


def test_two_hand_ins_with_different_scores_leave_the_student_out(handins, tmp_path, capsys):
    ana = json.loads((handins / "ana-second-try.json").read_text(encoding="utf-8"))
    ana["answers"] = {k: v for k, v in list(ana["answers"].items())[:3]}
    (handins / "ana-second-try.json").write_text(json.dumps(ana), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["grade", str(handins), "--keys", str(KEYS), "-o", str(out), "--sets", "gallery", "--workers", "1",
                 "--roster", str(CANVAS), "--lms", "canvas"]) == 0
    assert "B., Ana" not in {r[0] for r in _csv(out / "lms-canvas.csv")}
    assert "different scores" in capsys.readouterr().out


def test_a_typed_name_cannot_drive_the_terminal(handins, tmp_path, capsys):
    farah = json.loads((handins / "farah.json").read_text(encoding="utf-8"))
    farah["student"]["name"] = "Farah \x1b[2J\x1b]0;owned\x07G."
    (handins / "farah.json").write_text(json.dumps(farah), encoding="utf-8")
    assert main(["grade", str(handins), "--keys", str(KEYS), "-o", str(tmp_path / "out"), "--sets", "gallery",
                 "--workers", "1", "--roster", str(CANVAS)]) == 0
    said = capsys.readouterr().out
    assert "\x1b" not in said and "\x07" not in said and "Farah ?[2J?]0;owned?G." in said


def test_lms_needs_a_roster_of_that_lms(handins, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["grade", str(handins), "--keys", str(KEYS), "-o", str(out), "--lms", "canvas"]) == 2
    assert "--lms needs --roster" in capsys.readouterr().err
    assert main(["grade", str(handins), "--keys", str(KEYS), "-o", str(out), "--roster", str(MOODLE),
                 "--lms", "canvas"]) == 2
    assert "Moodle export" in capsys.readouterr().err


# --- quizzes -----------------------------------------------------------------------------------------

def _key_texts(ex):
    """What the exported question must read back as: option texts and right options, or pairs."""
    s = ex.secret()
    if ex.type == "categorise":
        names = ex.public.get("label_names", {})
        return {qti.plain(qti._item_text(ex, it)): names.get(s["key"][it["id"]]) for it in ex.public["items"]}
    texts = {o["id"]: qti.plain(o["text"]) for o in ex.public["options"]}
    right = {s["key"]} | set(s.get("also", [])) if ex.type == "single" else set(s["key"])
    return [texts[o["id"]] for o in ex.public["options"]], {texts[i] for i in right}


@pytest.mark.parametrize("set_name", ["lesson1", "lesson2"])
def test_the_qti_export_passes_its_check_and_reads_back(set_name, tmp_path):
    out = tmp_path / f"{set_name}.zip"
    result = qti.export_quiz(set_name, "qti", out)
    quiz = qti.load_set(set_name)
    assert sorted(result.exported + [s[0] for s in result.skipped]) == sorted(e.id for e in quiz.exercises)  # none dropped silently
    assert result.exported and all(reason for _, _, reason in result.skipped)
    with zipfile.ZipFile(out) as z:
        manifest = ET.fromstring(z.read("imsmanifest.xml"))
        href = manifest.find(".//{*}file").get("href")
        assert manifest.find(".//{*}resource").get("type") == "imsqti_xmlv1p2"
        root = ET.fromstring(z.read(href))
    assert qti.validate_qti(root) == []
    back = qti.read_qti(root)
    assert sorted(back) == sorted(result.exported)
    for ex in quiz.exercises:
        if ex.id not in back:
            continue
        item = back[ex.id]
        assert item["type"] == qti.CANVAS_TYPES[ex.type] and item["points"] == ex.points
        assert item["prompt"] == qti.plain(ex.prompt)
        if ex.type == "categorise":
            pairs = {}
            for ident, resp in item["responses"].items():
                labels = dict(resp["options"])
                (chosen,) = item["key"][ident]
                pairs[resp["text"]] = labels[chosen]
            assert pairs == _key_texts(ex)
        else:
            (resp,) = item["responses"].values()
            labels = dict(resp["options"])
            options, right = _key_texts(ex)
            assert [t for _, t in resp["options"]] == options
            assert {labels[i] for i in item["key"]["response1"]} == right
            assert resp["cardinality"] == ("Single" if ex.type == "single" else "Multiple")
            for o in ex.public["options"]:  # each option's feedback travels with it
                if ex.secret()["feedback"].get(o["id"]):
                    assert item["feedback"][f"{ex.id}-{o['id']}_fb"] == qti.plain(ex.secret()["feedback"][o["id"]])


@pytest.mark.parametrize("set_name", ["lesson1", "lesson2"])
def test_the_moodle_export_passes_its_check_and_reads_back(set_name, tmp_path):
    out = tmp_path / f"{set_name}.xml"
    result = qti.export_quiz(set_name, "moodle", out)
    quiz = qti.load_set(set_name)
    assert sorted(result.exported + [s[0] for s in result.skipped]) == sorted(e.id for e in quiz.exercises)
    root = ET.parse(out).getroot()
    assert qti.validate_moodle(root) == []
    back = qti.read_moodle(root)
    assert sorted(back) == sorted(result.exported)
    for ex in quiz.exercises:
        if ex.id not in back:
            continue
        q = back[ex.id]
        assert q["points"] == ex.points and q["prompt"] == qti.plain(ex.prompt)
        if ex.type == "categorise":
            asked = {text: answer for text, answer in q["pairs"] if text}
            assert asked == _key_texts(ex)
            assert {a for _, a in q["pairs"]} == {ex.public["label_names"][lab] for lab in ex.public["labels"]}
        else:
            options, right = _key_texts(ex)
            assert [t for t, _, _ in q["options"]] == options
            assert {t for t, f, _ in q["options"] if f > 0} == right and q["single"] == (ex.type == "single")
            if ex.type == "multiple":  # Moodle's sum, floored at 0, is the kit's score for any ticks
                k = len(ex.secret()["key"])
                assert all(abs(f) == pytest.approx(100 / k, abs=1e-4) or f == 0 for _, f, _ in q["options"])


def test_what_a_format_cannot_express_is_listed_with_the_reason(tmp_path):
    result = qti.export_quiz("lesson1", "qti", tmp_path / "l1.zip")
    reasons = {i: r for i, _, r in result.skipped}
    assert "second label" in reasons["L1-E03"]  # categorise with another accepted label
    assert "lateral exercise" in reasons["L1-E07"] and "value exercise" in reasons["L1-E10"]
    gallery = qti.load_set("gallery")
    g3 = next(e for e in gallery.exercises if e.id == "G-03")
    assert qti.why_not(g3, "qti") is None and qti.why_not(g3, "moodle") is None


def test_the_checks_catch_a_broken_file(tmp_path):
    qti.export_quiz("lesson1", "qti", tmp_path / "l1.xml")
    root = ET.parse(tmp_path / "l1.xml").getroot()
    assert qti.validate_qti(root) == []
    ns = "{" + qti.QTI_NS + "}"
    lid = root.find(f".//{ns}response_lid")
    lid.set("rcardinality", "Some")
    del root.find(f".//{ns}item").attrib["ident"]
    rp = root.find(f".//{ns}resprocessing")  # the outcomes moved after the conditions
    rp.append(rp[0])
    rp.remove(rp[0])
    root.find(f".//{ns}varequal").text = "nothing"
    problems = "\n".join(qti.validate_qti(root))
    for words in ("rcardinality='Some'", "ident is required", "needs 'outcomes'", "'nothing' is not a label"):
        assert words in problems, words
    qti.export_quiz("lesson2", "moodle", tmp_path / "l2m.xml")  # lesson 2 has matching questions
    m = ET.parse(tmp_path / "l2m.xml").getroot()
    assert qti.validate_moodle(m) == []
    m.find(".//answer").set("fraction", "33.3")
    matching = m.find(".//question[@type='matching']")
    for sub in matching.findall("subquestion")[1:]:
        matching.remove(sub)
    problems = "\n".join(qti.validate_moodle(m))
    assert "'33.3' is not one of Moodle's grades" in problems and "needs two questions and three answers" in problems


def test_an_assessment_form_exports_with_a_warning(tmp_path, capsys):
    assert main(["quiz", "demo-form", "--format", "moodle", "-o", str(tmp_path / "f.xml")]) == 0
    said = capsys.readouterr()
    assert "holds its answer keys" in said.err and "DF-02" in said.out


def test_text_is_escaped_in_the_xml_and_the_html(tmp_path):
    from medialit.exercises.model import compile_exercise

    ex = compile_exercise({"id": "X-01", "type": "single", "title": "Tags <b>", "prompt": "Is `<script>` & co <i>safe</i>?",
                           "options": [{"id": "a", "text": "<img src=x onerror=alert(1)>", "feedback": "]]> & <"},
                                       {"id": "b", "text": "No"}], "answer": "b", "explanation": "</p><script>"}, "t")
    quiz = qti.QuizSet("t", "T & <t>", False, [ex])
    for fmt in ("qti", "moodle"):
        root, keep, _ = qti.build(quiz, fmt)
        data = qti.qti_xml(root) if fmt == "qti" else qti.moodle_xml(root)
        parsed = ET.fromstring(data)
        fragments = [el.text or "" for el in parsed.iter() if el.text]
        assert not any(el.tag.endswith(("script", "img", "b", "i")) for el in parsed.iter())  # text, not elements
        html_bits = " ".join(fragments)
        assert "<script>" not in html_bits.replace("<code>&lt;script&gt;</code>", "")
        assert "&lt;img src=x onerror=alert(1)&gt;" in html_bits and "<code>&lt;script&gt;</code>" in html_bits
        assert (qti.validate_qti(parsed) if fmt == "qti" else qti.validate_moodle(parsed)) == []
