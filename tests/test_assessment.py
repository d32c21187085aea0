"""The pre/post assessment: measures on constructed students, the class report's reading, and
the rubric round trip."""

from __future__ import annotations

import csv
import json
import random
import subprocess
import sys

import pytest

from medialit.errors import KitError
from medialit.instructor import assess
from medialit.instructor import grade as G
from medialit.instructor.assess import FormScore, class_report, rating_measures
from medialit.instructor.rubric import export_rubric, read_rubric

from .helpers import ROOT

KEYS = ROOT / "solutions"
RELIABLE, UNRELIABLE = 8, 8


def _ratings(rate_reliable, rate_unreliable):
    return [(rate_reliable(i), True) for i in range(RELIABLE)] + [(rate_unreliable(i), False) for i in range(UNRELIABLE)]


# --- one student --------------------------------------------------------------------------------

def test_a_perfect_discerner():
    m = rating_measures(_ratings(lambda i: 6, lambda i: 1))
    assert m["d_prime"] == pytest.approx(3.19, abs=0.01) and m["c"] == pytest.approx(0.0, abs=1e-9)
    assert m["auc"] == 1.0 and m["hits"] == 1.0 and m["false_alarms"] == 0.0


def test_a_cynic_and_a_believer_have_no_skill_and_opposite_biases():
    cynic = rating_measures(_ratings(lambda i: 1, lambda i: 1))
    believer = rating_measures(_ratings(lambda i: 6, lambda i: 6))
    for m in (cynic, believer):
        assert m["d_prime"] == pytest.approx(0.0, abs=1e-9) and m["auc"] == 0.5
    assert cynic["c"] == pytest.approx(1.59, abs=0.01) and believer["c"] == pytest.approx(-1.59, abs=0.01)


def test_a_random_responder_is_near_chance():
    rng = random.Random(3)
    d = [rating_measures(_ratings(lambda i: rng.randint(1, 6), lambda i: rng.randint(1, 6)))["d_prime"]
         for _ in range(400)]
    assert abs(sum(d) / len(d)) < 0.1


def test_the_auc_uses_every_rating_level():
    """Two students with the same trust/distrust split: the one whose ratings still order the
    reliable items above the unreliable ones has the higher AUC."""
    ordered = rating_measures(_ratings(lambda i: 5, lambda i: 4))
    flat = rating_measures(_ratings(lambda i: 4, lambda i: 4))
    assert ordered["d_prime"] == flat["d_prime"] and ordered["auc"] == 1.0 > flat["auc"] == 0.5


def test_missing_sides_give_no_measure():
    assert rating_measures([(6, True), (5, True)])["d_prime"] is None


# --- a class -------------------------------------------------------------------------------------

def _class(post_rule, n=25, seed=1):
    rng = random.Random(seed)
    scores = []
    for s in range(n):
        pre = _ratings(lambda i: rng.randint(3, 6), lambda i: rng.randint(1, 4))
        post = post_rule(pre, rng)
        for window, ratings, at in (("pre", pre, "2026-09-01"), ("post", post, "2026-12-01")):
            vals = {m: None for m in assess.MEASURES}
            vals.update({k: v for k, v in rating_measures(ratings).items() if k in vals})
            scores.append(FormScore(student=f"s{s}", file=f"s{s}-{window}.json", form="X" if window == "pre" else "Y",
                                    at=at, window=window, values=vals))
    return scores


def test_the_report_tells_a_discerning_class_from_a_cynical_one():
    discerning = class_report(_class(lambda pre, rng: _ratings(lambda i: rng.randint(5, 6), lambda i: rng.randint(1, 2))))
    cynical = class_report(_class(lambda pre, rng: [(max(1, r - 2), t) for r, t in pre]))
    assert discerning.change["d_prime"][1] > 0  # the interval's low end
    assert discerning.reading[0].startswith("Students got better at telling reliable from unreliable claims")
    assert not any("more doubt, not more skill" in r for r in discerning.reading)
    assert cynical.change["c"][1] > 0 and not cynical.reading[0].startswith("Students got better")
    assert any("more doubt, not more skill" in r for r in cynical.reading)
    assert any("intervals are wide" in r for r in cynical.reading)  # 25 students


def test_no_pairs_no_claim():
    lone = [FormScore("a", "a.json", "X", "2026-09-01", "pre", {m: None for m in assess.MEASURES})]
    rep = class_report(lone)
    assert rep.n_pairs == 0 and "nothing can be said" in rep.reading[0]


def test_the_bootstrap_interval_holds_the_mean_and_narrows_with_more_students():
    rng = random.Random(0)
    small = [rng.gauss(0.5, 1) for _ in range(10)]
    big = small * 10
    m, lo, hi = assess.bootstrap_mean(small)
    m2, lo2, hi2 = assess.bootstrap_mean(big)
    assert lo < m < hi and lo2 < m2 < hi2 and (hi2 - lo2) < (hi - lo)
    assert assess.bootstrap_mean([1.0]) == (1.0, None, None)


# --- the grader's path: hand-ins with a form, pre and post by time ---------------------------------

def _handin(path, name, answers, when):
    entries = {ex: {"answer": a, "score": None, "attempts": 1, "checked_at": when, "source": "static",
                    "first": {"answer": a, "score": None, "checked_at": when}} for ex, a in answers.items()}
    path.write_text(json.dumps({"schema": "medialit-answers/2", "student": {"name": name, "id": ""},
                                "updated": when, "answers": entries, "drafts": {}, "locks": {}}), encoding="utf-8")


def test_forms_are_paired_by_time_and_reported(tmp_path):
    hand = tmp_path / "in"
    hand.mkdir()
    # The demonstration form (DF-02 rates one reliable and one unreliable claim) taken twice.
    _handin(hand / "ana-pre.json", "Ana", {"DF-02": {"albania3000": 3, "eu2012": 5}}, "2026-09-01T09:00:00+00:00")
    _handin(hand / "ana-post.json", "Ana", {"DF-02": {"albania3000": 6, "eu2012": 1}}, "2026-12-01T09:00:00+00:00")
    _handin(hand / "ben.json", "Ben", {"DF-02": {"albania3000": 4, "eu2012": 4}}, "2026-12-02T09:00:00+00:00")
    res = subprocess.run([sys.executable, "-m", "medialit", "grade", str(hand), "--keys", str(KEYS), "-o",
                          str(tmp_path / "out"), "--post-from", "2026-11-15"], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    rows = list(csv.DictReader(open(tmp_path / "out" / "assessment" / "students.csv", encoding="utf-8")))
    windows = {(r["file"], r["window"]) for r in rows}
    assert windows == {("ana-pre.json", "pre"), ("ana-post.json", "post"), ("ben.json", "post")}
    ana_post = next(r for r in rows if r["file"] == "ana-post.json")
    assert float(ana_post["d_prime"]) > 0 > float(next(r for r in rows if r["file"] == "ana-pre.json")["d_prime"])
    report = (tmp_path / "out" / "assessment" / "report.md").read_text(encoding="utf-8")
    assert "1 took both" in report and "d′" in report and (tmp_path / "out" / "assessment" / "pre-post.png").is_file()
    # Without --post-from, a student's earlier form is the pre-test.
    keys = G.load_keys(KEYS)
    results, _ = G.grade_folder(hand, KEYS, workers=1)
    scores = assess.form_scores(results, keys)
    assert {(s.file, s.window) for s in scores} == {("ana-pre.json", "pre"), ("ana-post.json", "post"), ("ben.json", "pre")}
    # A bad date is a sentence, not a traceback.
    res = subprocess.run([sys.executable, "-m", "medialit", "grade", str(hand), "--keys", str(KEYS), "-o",
                          str(tmp_path / "out2"), "--post-from", "December"], capture_output=True, text=True)
    assert res.returncode == 2 and "YYYY-MM-DD" in res.stderr and "Traceback" not in res.stderr


# --- rubric round trip ---------------------------------------------------------------------------------

def test_rubric_round_trip_and_its_errors(tmp_path):
    hand = tmp_path / "in"
    hand.mkdir()
    _handin(hand / "ana.json", "Ana", {"G-21": "=HYPERLINK(\"x\") The owner is unknown; I'd check the registration."},
            "2026-12-01T09:00:00+00:00")
    _handin(hand / "ben.json", "Ben", {"G-21": "Looks fine."}, "2026-12-01T09:00:00+00:00")
    keys = G.load_keys(KEYS)
    results, _ = G.grade_folder(hand, KEYS, workers=1)
    path = export_rubric(results, keys, tmp_path / "rubric.csv")
    rows = list(csv.reader(open(path, encoding="utf-8-sig")))
    assert rows[0] == ["file", "student", "student_id", "exercise", "answer", "levels", "score"]
    assert {r[0] for r in rows[1:]} == {"ana.json", "ben.json"}
    assert all(not r[4].startswith("=") for r in rows[1:])  # no formula reaches a spreadsheet
    rows[1][6], rows[2][6] = "2", "0"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    scores = read_rubric(path, results, keys)
    assert sorted(scores.values()) == [0.0, 2.0]
    bad = rows + [rows[1]] + [["carl.json", "Carl", "", "G-21", "x", "", "1"], ["ana.json", "Ana", "", "G-01", "", "", "1"]]
    bad[2] = bad[2][:6] + ["7"]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(bad)
    with pytest.raises(KitError) as err:
        read_rubric(path, results, keys)
    text = str(err.value)
    assert f"{path}:3: score 7 is out of range" in text
    assert f"{path}:4: duplicate row" in text
    assert f"{path}:5: unknown student file 'carl.json'" in text
    assert f"{path}:6: 'G-01' is not an open-response exercise" in text
    # Through the command: the scores feed the report's rubric column, and the export keeps them.
    rows[1][6], rows[2][6] = "2", ""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    res = subprocess.run([sys.executable, "-m", "medialit", "grade", str(hand), "--keys", str(KEYS), "-o",
                          str(tmp_path / "out"), "--rubric", str(path)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    again = list(csv.reader(open(tmp_path / "out" / "rubric.csv", encoding="utf-8-sig")))
    assert {r[0]: r[6] for r in again[1:]} == {"ana.json": "2", "ben.json": ""}
