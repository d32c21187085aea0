"""Grades into the school's LMS: a Canvas gradebook import and a Moodle grade import.

``grade HANDINS --keys DIR --roster FILE --lms canvas`` (or ``--lms moodle``, or both) writes,
beside the gradebook, one import file per LMS with one row per roster student whose hand-in
was matched (``roster.py``) and one column per lesson set and per assessment form:

- ``lms-canvas.csv``: ``Student, ID, SIS User ID, SIS Login ID, Section`` (the values of the
  Canvas export given as the roster, exactly as exported, so Canvas finds its students), then
  one column per set, then a ``Points Possible`` row under the header with each set's maximum.
  A set whose title is already an assignment column of the export ("Lesson 1: Sourcing
  (1234)") keeps that column's exact header, so the import updates that assignment; any other
  title makes Canvas create a new assignment with those points possible.
- ``lms-moodle.csv``: the identity columns the Moodle export had (``Email address``, ``ID
  number``, ``Username``, then ``First name``, ``Last name``), then one column per set. In
  Moodle's import, one identity column is mapped to the user (useremail, useridnumber or
  username) and each set column to a grade item.

A cell holds the points the student earned in the set (rescored with the keys, the counted
answer as in the gradebook), rounded to two decimals; a set the student answered nothing of is
left empty, so the import changes nothing there. Both files are UTF-8 with a byte-order mark
(spreadsheets then show accented names), and every text cell is neutralised against
spreadsheet formulas (``grade._cell``). A student matched to two hand-ins whose scores differ is
left out of both files and listed: which one counts is the teacher's decision.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import KitError
from .grade import _cell, _scored_ids, counted_sets
from .roster import MatchReport, Roster, Student

LMS = ("canvas", "moodle")
CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
# Moodle: (column in the file, Student attribute, Moodle's "Map to" for it), in this order.
MOODLE_IDENTITY = [("Email address", "email", "useremail"), ("ID number", "id_number", "useridnumber"),
                   ("Username", "username", "username"), ("First name", "first", None),
                   ("Last name", "last", None)]
MOODLE_PRESENT = {"email": "email", "id_number": "id_number", "username": "username", "first": "first",
                  "last": "last"}


@dataclass
class Column:
    set: str
    header: str
    ids: list[str]
    max_points: float


@dataclass
class GradeTable:
    columns: list[Column]
    rows: list[tuple[Student, list]] = field(default_factory=list)   # student, points per column (None: nothing answered)
    left_out: list[tuple[Student, str]] = field(default_factory=list)


def _number(x) -> str:
    return "" if x is None else f"{round(x, 2):g}"


def lms_columns(keys, sets: list[str] | None = None, roster: Roster | None = None) -> list[Column]:
    """One column per lesson set (those ``--sets`` names, or every lesson) and per assessment form
    (by default; the demonstration form left out), in that order; sets with nothing scored are
    left out."""
    chosen = counted_sets(keys, sets)
    if sets is None:
        chosen += [f for f in sorted(getattr(keys, "forms", {}) or {}) if not f.startswith("demo") and f not in chosen]
    scored = _scored_ids(keys, chosen)
    titles = getattr(keys, "titles", {}) or {}
    existing = {}
    if roster is not None and roster.kind == "canvas":
        for h in roster.assignments:
            existing.setdefault(re.sub(r"\s*\(\d+\)\s*$", "", h).strip().casefold(), h)
    out, used = [], set()
    for st in chosen:
        if not scored[st]:
            continue
        title = titles.get(st, st)
        header = existing.get(title.casefold(), title)
        if header.casefold() in used:
            header = f"{title} ({st})"
        used.add(header.casefold())
        out.append(Column(st, header, scored[st], sum(keys[i].points for i in scored[st])))
    return out


def set_points(g, column: Column, keys) -> float | None:
    """The points a hand-in earned in one set; None when it answered none of the set's exercises."""
    answered = [i for i in column.ids if g.scores.get(i) is not None]
    if not answered:
        return None
    return sum(g.scores[i] * keys[i].points for i in answered)


def grade_table(report: MatchReport, keys, sets: list[str] | None = None) -> GradeTable:
    """Each matched roster student's points per set, in roster order."""
    table = GradeTable(lms_columns(keys, sets, report.roster))
    grouped = report.by_student()
    for s in report.roster.students:
        found = grouped.get(s.line)
        if not found:
            continue
        values = [[_rounded(set_points(m.graded, c, keys)) for c in table.columns] for m in found]
        if any(v != values[0] for v in values[1:]):
            files = ", ".join(m.graded.file for m in found)
            why = f"left out of the LMS files: {len(found)} hand-ins ({files}) with different scores; keep one and grade again"
            table.left_out.append((s, why))
            for m in found:
                m.reason = "; ".join(x for x in (m.reason, why) if x)
            continue
        if len(found) > 1:
            for m in found[1:]:
                m.reason = "; ".join(x for x in (m.reason, f"same scores as {found[0].graded.file}: counted once") if x)
        table.rows.append((s, values[0]))
    return table


def _rounded(x):
    return None if x is None else round(x, 2)


def write_canvas(table: GradeTable, roster: Roster, path: Path) -> Path:
    """Canvas's gradebook import: identity columns, one column per set, a Points Possible row."""
    if roster.kind != "canvas":
        raise KitError("--lms canvas needs the Canvas gradebook export as the --roster (Grades, Export): "
                       "Canvas finds its students by the ID and SIS columns of that file.")
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow(CANVAS_IDENTITY + [_cell(c.header) for c in table.columns])
        w.writerow(["Points Possible", "", "", "", ""] + [_number(c.max_points) for c in table.columns])
        for s, values in table.rows:
            w.writerow([_cell(s.name or f"{s.last}, {s.first}".strip(", ")), _cell(s.canvas_id),
                        _cell(s.sis_user_id), _cell(s.login), _cell(s.section)] + [_number(v) for v in values])
    return Path(path)


def moodle_identity(roster: Roster) -> list[tuple[str, str, str | None]]:
    """The identity columns the Moodle export had, in the import file's order."""
    return [col for col in MOODLE_IDENTITY if MOODLE_PRESENT[col[1]] in roster.present]


def moodle_map_column(table: GradeTable, roster: Roster) -> tuple[str, str] | None:
    """The column to choose in Moodle's "Map from", and its "Map to": the first identity column
    filled for every student in the file."""
    for header, attr, to in moodle_identity(roster):
        if to and table.rows and all(getattr(s, attr).strip() for s, _ in table.rows):
            return header, to
    return None


def write_moodle(table: GradeTable, roster: Roster, path: Path) -> Path:
    """Moodle's grade import (CSV): the identity columns, then one column per set."""
    if roster.kind != "moodle":
        raise KitError("--lms moodle needs a Moodle export as the --roster (Grades, Export, or the participants "
                       "download): Moodle finds its students by email address, ID number or username.")
    ident = moodle_identity(roster)
    if not any(to for _, _, to in ident):
        raise KitError(f"The Moodle roster {roster.path.name} has no Email address, ID number or Username column: "
                       "Moodle's import needs one of them to find each student.")
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow([h for h, _, _ in ident] + [_cell(c.header) for c in table.columns])
        for s, values in table.rows:
            w.writerow([_cell(getattr(s, attr)) for _, attr, _ in ident] + [_number(v) for v in values])
    return Path(path)


def write_lms(which: str, report: MatchReport, keys, out: Path, sets: list[str] | None = None,
              table: GradeTable | None = None) -> tuple[Path, GradeTable]:
    if which not in LMS:
        raise KitError(f"--lms must be one of {', '.join(LMS)}, not {which!r}.")
    table = table or grade_table(report, keys, sets)
    path = Path(out) / f"lms-{which}.csv"
    (write_canvas if which == "canvas" else write_moodle)(table, report.roster, path)
    return path, table
