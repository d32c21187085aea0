"""Open responses scored by the teacher: a rubric CSV out, the scores read back in.

``export_rubric`` writes one row per open response (the student, the exercise, the answer, the
rubric's levels, an empty ``score`` column). The teacher fills in ``score`` in a spreadsheet and
saves it as CSV; ``read_rubric`` reads it back and refuses, with ``FILE:LINE: problem`` for each,
a score that is not one of the rubric's levels, a file or student the grading never saw, an
unknown exercise, and a duplicate row. Empty scores are "not scored yet". The capstone reuses
the same round trip.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ..errors import KitError

COLUMNS = ["file", "student", "student_id", "exercise", "answer", "levels", "score"]


def _levels(ex) -> list[dict]:
    return ex.secret()["rubric"]


def export_rubric(results, keys, path: Path, scores: dict | None = None) -> Path:
    """The rubric CSV for every open response in the hand-ins (UTF-8 with a byte-order mark, so
    spreadsheets show accented names; cells neutralised against formulas), with any scores
    already read filled in."""
    scores = scores or {}
    from .grade import _cell

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for g in results:
            if not g.readable:
                continue
            for ex_id, raw in sorted(g.answers.items()):
                ex = keys.get(ex_id)
                if ex is None or ex.type != "open" or not isinstance(raw, str):
                    continue
                levels = "; ".join(f"{lvl['score']:g}: {lvl['text']}" for lvl in _levels(ex))
                done = scores.get((g.file, ex_id))
                w.writerow([_cell(g.file), _cell(g.name), _cell(g.student_id), ex_id, _cell(raw), _cell(levels),
                            "" if done is None else f"{done:g}"])
    return path


def read_rubric(path: Path, results, keys, lenient: bool = False) -> dict[tuple[str, str], float]:
    """(file, exercise id) -> score, from a filled rubric CSV; KitError listing every bad row.
    ``lenient``: skip the bad rows instead (for scores carried over from an earlier run's file);
    ``read_rubric.skipped`` then says how many rows with a score were left out."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise KitError(f"Could not read the rubric file {path}: {exc.strerror or exc}.") from exc
    except UnicodeDecodeError as exc:
        raise KitError(f"{path}: not UTF-8 text; save the spreadsheet as 'CSV UTF-8'.") from exc
    files = {g.file for g in results if g.readable}  # names only: the records may be a whole class
    rows = list(csv.reader(text.splitlines()))
    if rows and len(rows[0]) == 1 and [c.strip() for c in rows[0][0].split(";")][:len(COLUMNS)] == COLUMNS:
        rows = list(csv.reader(text.splitlines(), delimiter=";"))  # saved by a spreadsheet set to semicolons
    if not rows or [c.strip() for c in rows[0][:len(COLUMNS)]] != COLUMNS:
        raise KitError(f"{path}:1: the header must be: {', '.join(COLUMNS)} (export the rubric with the grader).")
    problems, scores, seen = [], {}, {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        row = dict(zip(COLUMNS, [c.strip() for c in row] + [""] * (len(COLUMNS) - len(row))))
        where = f"{path}:{line}"
        file, ex_id, given = row["file"].lstrip("'"), row["exercise"], row["score"]
        ex = keys.get(ex_id)
        if ex is None or ex.type != "open":
            problems.append(f"{where}: {ex_id!r} is not an open-response exercise of these keys")
            continue
        if file not in files:
            problems.append(f"{where}: unknown student file {file!r} (not among the graded hand-ins)")
            continue
        if (file, ex_id) in seen:
            problems.append(f"{where}: duplicate row for {file} and {ex_id} (first at line {seen[(file, ex_id)]})")
            continue
        seen[(file, ex_id)] = line
        if given == "":
            continue
        allowed = [float(lvl["score"]) for lvl in _levels(ex)]
        try:
            value = float(given.replace(",", "."))
        except ValueError:
            problems.append(f"{where}: score {given!r} is not a number; use one of {', '.join(f'{a:g}' for a in allowed)}")
            continue
        if value not in allowed:
            problems.append(f"{where}: score {given} is out of range; the rubric's levels are "
                            f"{', '.join(f'{a:g}' for a in allowed)}")
            continue
        scores[(file, ex_id)] = value
    read_rubric.skipped = len(problems)
    if problems and not lenient:
        raise KitError("The rubric file has problems (nothing was read):\n" + "\n".join(problems))
    return scores


read_rubric.skipped = 0


TOTAL_COLUMNS = ["file", "student", "student_id", "set", "scored", "of", "points", "out_of"]


def write_rubric_totals(results, keys, scores: dict[tuple[str, str], float], path: Path) -> Path:
    """Each student's rubric points per exercise set, from the filled rubric (a capstone's written
    fact-check, say): how many of the set's open responses are scored, of how many answered, and
    the points against the most the scored ones could earn. One row per student and set."""
    from .grade import _cell

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow(TOTAL_COLUMNS)
        for g in results:
            if not g.readable:
                continue
            per_set: dict[str, list] = {}
            for ex_id, raw in sorted(g.answers.items()):
                ex = keys.get(ex_id)
                if ex is None or ex.type != "open" or not isinstance(raw, str):
                    continue
                row = per_set.setdefault(str(ex.public.get("set") or ""), [0, 0, 0.0, 0.0])
                row[1] += 1
                value = scores.get((g.file, ex_id))
                if value is not None:
                    row[0] += 1
                    row[2] += value
                    row[3] += max(float(lvl["score"]) for lvl in _levels(ex))
            for set_name, (scored, answered, points, most) in sorted(per_set.items()):
                w.writerow([_cell(g.file), _cell(g.name), _cell(g.student_id), set_name, scored, answered,
                            f"{points:g}", f"{most:g}"])
    return path
