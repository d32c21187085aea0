"""The pre/post assessment: scores that tell discernment from doubt, and a class report.

An assessment form is an exercise set with ``mode: assessment`` and a ``form`` name (X, Y, ...).
From each student's answers to a form the kit measures:

- **trust ratings** (rate items, 1-6; a rating at or above the item's threshold, 4 by default,
  counts as "trust"): the hit rate (trusting a reliable item) and the false-alarm rate
  (trusting an unreliable one), with the log-linear correction (0.5 added to each count, 1 to
  each number of items, as in statpsych's signal()) so that rates of 0 and 1 stay finite; the sensitivity
  ``d' = z(H) - z(F)`` and the response bias ``c = -(z(H) + z(F)) / 2`` (Macmillan & Creelman):
  a positive c means trusting less overall; and the area under the ROC curve from all the
  rating levels (the chance that a reliable item is rated above an unreliable one, ties half);
- **verdicts with confidence**: the Brier score of "my verdict is right" (0 is best);
- **loaded or plain passages** (highlight items): the precision and recall of the marked words
  on loaded passages, and the words marked on plain ones (false alarms);
- **open responses**: the teacher's rubric scores (``rubric.py``).

Which form was the pre-test: for a student with two forms, the one answered first; with
``post_from`` (a date), every form answered on or after it is a post-test. A student with one
form and no ``post_from`` counts as pre.

The class report pairs each student's pre and post measures and gives the mean change with a
paired bootstrap interval (students resampled, 2,000 times, a fixed seed), and a reading in
plain words that claims more skill only when d' or the AUC rose beyond chance, and warns when
students trusted less overall without discriminating better.
"""

from __future__ import annotations

import csv
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from statistics import NormalDist, fmean

from ..errors import KitError
from ..exercises.core import Exercise

_Z = NormalDist().inv_cdf
MEASURES = ("d_prime", "c", "auc", "brier", "precision", "recall", "plain_false_alarms", "rubric")
LABELS = {"d_prime": "d′ (telling reliable from unreliable)", "c": "c (bias: above 0 trusts less)",
          "auc": "AUC (area under the ROC curve)", "brier": "Brier score (0 is best)",
          "precision": "precision of marked words", "recall": "recall of marked words",
          "plain_false_alarms": "words marked on plain passages", "rubric": "open response (rubric)"}
# Direction of improvement: +1 higher is better, -1 lower is better, 0 neither (a bias).
BETTER = {"d_prime": 1, "c": 0, "auc": 1, "brier": -1, "precision": 1, "recall": 1,
          "plain_false_alarms": -1, "rubric": 1}


# --- measures --------------------------------------------------------------------------------

def rating_measures(ratings: list[tuple[float, bool]], threshold: float = 4) -> dict:
    """d', c and AUC from (rating, deserves trust) pairs; None where a side has no items."""
    signal = [r for r, t in ratings if t]
    noise = [r for r, t in ratings if not t]
    if not signal or not noise:
        return {"d_prime": None, "c": None, "auc": None, "hits": None, "false_alarms": None}
    hits = sum(r >= threshold for r in signal)
    fas = sum(r >= threshold for r in noise)
    h = (hits + 0.5) / (len(signal) + 1)
    f = (fas + 0.5) / (len(noise) + 1)
    wins = sum(1.0 if s > n else 0.5 if s == n else 0.0 for s in signal for n in noise)
    return {"d_prime": _Z(h) - _Z(f), "c": -(_Z(h) + _Z(f)) / 2, "auc": wins / (len(signal) * len(noise)),
            "hits": hits / len(signal), "false_alarms": fas / len(noise)}


@dataclass
class FormScore:
    """One student's measures on one form."""

    student: str
    file: str
    form: str
    at: str | None = None
    window: str = "pre"
    values: dict = field(default_factory=dict)


def _form_measures(answers: dict, exs: list[Exercise], rubric: dict[str, float]) -> dict:
    from ..exercises.types.passages import span_words
    from ..exercises.types.verdict_confidence import brier

    ratings: list[tuple[float, bool]] = []
    threshold = 4.0
    briers: list[float] = []
    marked_right = marked_all = key_all = 0
    plain_marked = 0
    plain_seen = False
    rubric_scores = []
    for ex in exs:
        raw = answers.get(ex.id)
        secret = ex.secret()
        if ex.type == "rate" and isinstance(raw, dict):
            threshold = float(ex.public["scale"]["threshold"])
            for item, trust in secret["key"].items():
                v = raw.get(item)
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    ratings.append((float(v), bool(trust)))
        elif ex.type == "verdict_confidence" and isinstance(raw, dict):
            for item, key in secret["key"].items():
                a = raw.get(item)
                conf = a.get("confidence") if isinstance(a, dict) else None
                if a and a.get("verdict") and isinstance(conf, (int, float)) and not isinstance(conf, bool):
                    briers.append(brier(min(max(conf, 50), 100) / 100, a["verdict"] == key))
        elif ex.type == "highlight" and raw is not None:
            tokens = ex.public["passage"]["tokens"]
            words = {i for sp in secret["key"] for i in span_words(tokens, sp["begin"], sp["end"])}
            marked = ({int(i) for i in raw if isinstance(i, (int, float)) and not isinstance(i, bool)}
                      if isinstance(raw, list) else set())
            if not secret["key"]:
                plain_seen = True
                plain_marked += len(marked)
            else:
                marked_right += len(marked & words)
                marked_all += len(marked)
                key_all += len(words)
        elif ex.type == "open" and ex.id in rubric:
            rubric_scores.append(rubric[ex.id])
    out = rating_measures(ratings, threshold) if ratings else {"d_prime": None, "c": None, "auc": None}
    out["brier"] = fmean(briers) if briers else None
    out["precision"] = marked_right / marked_all if marked_all else None
    out["recall"] = marked_right / key_all if key_all else None
    out["plain_false_alarms"] = plain_marked if plain_seen else None
    out["rubric"] = fmean(rubric_scores) if rubric_scores else None
    return {k: out.get(k) for k in MEASURES}


def _parse_time(stamp: str | None) -> datetime | None:
    if not stamp:
        return None
    try:
        t = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=None)


def student_key(g) -> str:
    """Who a hand-in belongs to: the student id if given, else the name (case and spaces folded)."""
    return (g.student_id or "").strip().casefold() or " ".join((g.name or g.file).split()).casefold()


def form_scores(results, keys, rubric: dict | None = None, post_from: date | None = None) -> list[FormScore]:
    """Each student's measures on each form they answered, with pre or post decided."""
    forms = getattr(keys, "forms", {}) or {}
    by_set: dict[str, list[Exercise]] = defaultdict(list)
    for ex in keys.values():
        st = ex.public.get("set", "")
        if st in forms:
            by_set[st].append(ex)
    rubric = rubric or {}
    scores: list[FormScore] = []
    for g in results:
        if not g.readable:
            continue
        for st, exs in by_set.items():
            answered = [ex for ex in exs if ex.id in g.answers]
            if not answered:
                continue
            stamps = [s for s in (g.details.get(ex.id, {}).get("checked_at") for ex in answered) if s]
            mine = {ex_id: v for (f, ex_id), v in rubric.items() if f == g.file}
            scores.append(FormScore(student=student_key(g), file=g.file, form=forms[st],
                                    at=min(stamps) if stamps else None,
                                    values=_form_measures(g.answers, exs, mine)))
    by_student: dict[str, list[FormScore]] = defaultdict(list)
    for fs in scores:
        by_student[fs.student].append(fs)
    for taken in by_student.values():
        if post_from is not None:
            for fs in taken:
                t = _parse_time(fs.at)
                fs.window = "post" if t is not None and t.date() >= post_from else "pre"
        else:
            taken.sort(key=lambda fs: (fs.at or "", fs.form))
            for n, fs in enumerate(taken):
                fs.window = "pre" if n == 0 else "post"
    return scores


# --- the class --------------------------------------------------------------------------------

def bootstrap_mean(deltas: list[float], reps: int = 2000, seed: int = 0, level: float = 0.95):
    """(mean, low, high) of a paired change: students resampled with replacement."""
    if not deltas:
        return None, None, None
    m = fmean(deltas)
    if len(deltas) < 2:
        return m, None, None
    rng = random.Random(seed)
    n = len(deltas)
    means = sorted(fmean(rng.choices(deltas, k=n)) for _ in range(reps))
    lo = means[int((1 - level) / 2 * reps)]
    hi = means[min(reps - 1, int((1 + level) / 2 * reps))]
    return m, lo, hi


@dataclass
class ClassReport:
    n_students: int
    n_pairs: int
    pre: dict
    post: dict
    change: dict          # measure -> (mean, low, high, n)
    reading: list[str]


def class_report(scores: list[FormScore]) -> ClassReport:
    students = {fs.student for fs in scores}
    pre = {m: [fs.values[m] for fs in scores if fs.window == "pre" and fs.values.get(m) is not None] for m in MEASURES}
    post = {m: [fs.values[m] for fs in scores if fs.window == "post" and fs.values.get(m) is not None] for m in MEASURES}
    pairs: dict[str, dict[str, FormScore]] = defaultdict(dict)
    for fs in scores:
        pairs[fs.student].setdefault(fs.window, fs)
    paired = [p for p in pairs.values() if "pre" in p and "post" in p]
    change = {}
    for m in MEASURES:
        deltas = [p["post"].values[m] - p["pre"].values[m] for p in paired
                  if p["pre"].values.get(m) is not None and p["post"].values.get(m) is not None]
        change[m] = (*bootstrap_mean(deltas), len(deltas))
    return ClassReport(len(students), len(paired), {m: (fmean(v) if v else None, len(v)) for m, v in pre.items()},
                       {m: (fmean(v) if v else None, len(v)) for m, v in post.items()}, change, reading(change))


def _rose(ch) -> bool:
    return ch[2] is not None and ch[1] is not None and ch[1] > 0


def _fell(ch) -> bool:
    return ch[2] is not None and ch[2] < 0


def _f(x, digits=2) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:+.{digits}f}" if digits else f"{x}"


def reading(change: dict) -> list[str]:
    """The report's plain-language reading of the paired changes."""
    d, c, auc, brier = change["d_prime"], change["c"], change["auc"], change["brier"]
    n = d[3]
    out = []
    if n == 0:
        return ["No student took both a pre-test and a post-test form, so nothing can be said about change yet."]
    skill = _rose(d) or _rose(auc)
    if skill:
        out.append(f"Students got better at telling reliable from unreliable claims: d′ changed by {_f(d[0])} "
                   f"(95% interval {_f(d[1])} to {_f(d[2])}) and the AUC by {_f(auc[0])} "
                   f"({_f(auc[1])} to {_f(auc[2])}), over {n} students.")
    elif d[0] is not None and (d[0] > 0 or (auc[0] or 0) > 0):
        out.append(f"d′ or the AUC rose on average ({_f(d[0])}, {_f(auc[0])}), but by too little to rule out "
                   f"chance with {n} students: the interval for d′ runs from {_f(d[1])} to {_f(d[2])}.")
    else:
        out.append(f"There is no sign that students got better at telling reliable from unreliable claims "
                   f"(d′ changed by {_f(d[0])}, interval {_f(d[1])} to {_f(d[2])}; {n} students).")
    if _rose(c) and not skill:
        out.append(f"Warning: students trusted less overall (c rose by {_f(c[0])}, interval {_f(c[1])} to "
                   f"{_f(c[2])}) without telling reliable from unreliable claims better. That is more doubt, "
                   "not more skill.")
    elif _rose(c):
        out.append(f"They also trusted less overall (c rose by {_f(c[0])}): check that reliable claims still "
                   "earn their trust.")
    elif _fell(c):
        out.append(f"Students trusted more overall (c fell by {_f(c[0])}, interval {_f(c[1])} to {_f(c[2])}).")
    if brier[3]:
        if _fell(brier):
            out.append(f"Their confidence matched their verdicts better (the Brier score fell by {_f(-brier[0])}).")
        elif _rose(brier):
            out.append(f"Their confidence matched their verdicts worse (the Brier score rose by {_f(brier[0])}).")
    if n < 30:
        out.append(f"With {n} paired students these intervals are wide; a class this size can show a large "
                   "change, not a small one, and it cannot say what caused it.")
    return out


# --- outputs ----------------------------------------------------------------------------------

def write_report(scores: list[FormScore], out: Path) -> dict[str, Path]:
    """report.md (with a chart), students.csv and class.csv in ``out``."""
    from .grade import _cell

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rep = class_report(scores)
    students_csv = out / "students.csv"
    with open(students_csv, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["student", "file", "form", "window", "answered_at", *MEASURES])
        for fs in sorted(scores, key=lambda s: (s.student, s.window)):
            w.writerow([_cell(fs.student), _cell(fs.file), _cell(fs.form), fs.window, fs.at or "",
                        *["" if fs.values.get(m) is None else round(fs.values[m], 4) for m in MEASURES]])
    class_csv = out / "class.csv"
    with open(class_csv, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["measure", "pre_mean", "pre_n", "post_mean", "post_n", "change_mean", "change_low_95",
                    "change_high_95", "pairs"])
        for m in MEASURES:
            ch = rep.change[m]
            w.writerow([m, *_num(rep.pre[m][0]), rep.pre[m][1], *_num(rep.post[m][0]), rep.post[m][1],
                        *_num(ch[0]), *_num(ch[1]), *_num(ch[2]), ch[3]])
    chart = out / "pre-post.png"
    _chart(scores, chart)
    md = out / "report.md"
    lines = ["# Pre/post assessment: class report", "",
             f"{rep.n_students} student(s); {rep.n_pairs} took both a pre-test and a post-test form.", "",
             "## Reading", "", *[f"- {r}" for r in rep.reading], "",
             "## Measures", "",
             "| measure | pre (mean, n) | post (mean, n) | change (paired mean) | 95% interval | pairs |",
             "|---|---|---|---|---|---|"]
    for m in MEASURES:
        ch = rep.change[m]
        lines.append(f"| {LABELS[m]} | {_show(rep.pre[m])} | {_show(rep.post[m])} | {_f(ch[0])} | "
                     f"{_f(ch[1])} to {_f(ch[2])} | {ch[3]} |")
    lines += ["", f"![Each student's d′ and c before and after: {rep.n_pairs} pairs]({chart.name})", "",
              "How to read this: d′ rises when students tell reliable from unreliable claims better; c rises "
              "when they trust less overall, whatever the claim. More doubt with the same d′ is not more skill. "
              "The intervals come from resampling the students (2,000 times); the forms are parallel in "
              "structure, but their difficulty has not been tested on students. The book's page *The pre/post "
              "assessment* explains the method.", ""]
    md.write_text("\n".join(lines), encoding="utf-8")
    return {"report": md, "students": students_csv, "class": class_csv, "chart": chart}


def _num(x):
    return ("" if x is None else round(x, 4),)


def _show(pair) -> str:
    mean, n = pair
    return "–" if mean is None else f"{mean:.2f} ({n})"


def _chart(scores: list[FormScore], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pairs: dict[str, dict[str, FormScore]] = defaultdict(dict)
    for fs in scores:
        pairs[fs.student].setdefault(fs.window, fs)
    fig, axes = plt.subplots(1, 2, figsize=(7, 3.2))
    for ax, m in zip(axes, ("d_prime", "c")):
        for p in pairs.values():
            if "pre" in p and "post" in p and p["pre"].values.get(m) is not None and p["post"].values.get(m) is not None:
                ax.plot([0, 1], [p["pre"].values[m], p["post"].values[m]], color="#0a5a8a", alpha=0.5, marker="o")
        ax.set_xticks([0, 1], ["pre", "post"])
        ax.set_title(LABELS[m], fontsize=9)
        ax.axhline(0, color="#888", linewidth=0.8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise KitError(f"--post-from takes a date as YYYY-MM-DD, such as 2026-12-01 (got {text!r}).") from exc


def assessment_outputs(results, keys, out: Path, rubric: Path | None = None,
                       post_from: str | None = None, notes: list | None = None) -> dict[str, Path]:
    """What the grader adds when hand-ins hold assessment forms or open responses: the rubric
    CSV to fill in (``rubric.csv``), once it is filled each student's rubric points per set
    (``rubric-totals.csv``), and the class report (``assessment/``).

    Scores are never lost: without ``rubric``, the scores already in ``OUT/rubric.csv`` (an earlier
    run's file, filled in) are carried over; with it, they are read from it. Either way the file
    is written again with every open response of this run, new ones with an empty score.
    ``notes`` receives what the teacher should know (scores carried over, rows dropped)."""
    from .rubric import export_rubric, read_rubric

    out = Path(out)
    notes = notes if notes is not None else []
    paths: dict[str, Path] = {}
    scores = read_rubric(rubric, results, keys) if rubric else {}
    has_open = any(keys.get(i) is not None and keys[i].type == "open" for g in results for i in g.answers)
    target = out / "rubric.csv"
    if rubric is None and target.is_file():
        try:
            scores = read_rubric(target, results, keys, lenient=True)
        except KitError as exc:
            notes.append(f"{target} could not be read ({exc}); it was kept as {target.name}.old")
            target.replace(target.with_name(target.name + ".old"))
        else:
            if scores:
                notes.append(f"Kept {len(scores)} score(s) already filled in {target}.")
            if read_rubric.skipped:
                notes.append(f"{read_rubric.skipped} row(s) of {target} could not be kept (an unknown file or "
                              "exercise, or a score the rubric does not have).")
    if has_open:
        paths["rubric"] = export_rubric(results, keys, target, scores)
    if scores:
        from .rubric import write_rubric_totals

        paths["rubric_totals"] = write_rubric_totals(results, keys, scores, out / "rubric-totals.csv")
    day = parse_day(post_from) if post_from else None
    forms = form_scores(results, keys, scores, day)
    if forms:
        paths.update({f"assessment_{k}": v for k, v in write_report(forms, out / "assessment").items()})
    return paths
