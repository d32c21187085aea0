"""A class roster from the school's LMS, and which hand-in belongs to which student.

``grade HANDINS --keys DIR --roster FILE`` reads the LMS's own export, never a list typed for
the kit:

- **Canvas**: the gradebook export (Grades, Export). Its header starts ``Student, ID``, then
  ``SIS User ID, SIS Login ID`` (when the school uses them) and ``Section``; the assignments
  follow. A row whose first cell says ``Points Possible`` (and a row of "Muted" or "Manual
  Posting" marks) describes the assignments, not a student. The older layout
  ``LastName, FirstName, ID, ...`` is read too.
- **Moodle**: the grade export (plain text or spreadsheet saved as CSV) or the participants
  download: ``First name``, ``Last name`` (or ``Surname``), ``ID number``, ``Email address``,
  ``Username``, in any order, with any other columns.

Which one a file is, the header says; a file that is neither is refused with the columns it
should have. Comma, semicolon and tab separated files are read; the text must be UTF-8 (a
byte-order mark is fine).

Matching, for each readable hand-in (``match``):

1. the id typed in the book's or the notebook's toolbar, against every identity column of the
   roster (Canvas: ID, SIS User ID, SIS Login ID; Moodle: ID number, Username, Email
   address), ignoring case and surrounding spaces;
2. otherwise, the name, normalised: case, accents, punctuation and spacing ignored, and the
   words compared in any order (Canvas exports "Last, First").

Nothing is guessed. An id that fits two roster students, a name that two roster students
share, or an id that points to one student while the name points to another leaves the
hand-in unmatched, with the reason. Every roster student without a hand-in is listed.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import KitError

MAX_BYTES = 10_000_000
CANVAS_IDENTITY = ("student", "lastname", "firstname", "id", "sis user id", "sis login id", "integration id",
                   "root account", "section")
# Columns of a Canvas export that are totals computed by Canvas, not assignments.
CANVAS_TOTALS = re.compile(r"^(unposted )?(current|final|override) (score|points|grade|status)\b", re.I)
MOODLE_COLUMNS = {
    "first": ("first name", "firstname", "given name"),
    "last": ("last name", "lastname", "surname", "family name"),
    "full": ("full name", "fullname"),
    "id_number": ("id number", "idnumber"),
    "email": ("email address", "email", "e-mail address", "e-mail"),
    "username": ("username", "user name"),
}
TEST_STUDENT = ("student", "test")  # Canvas's "Test Student" (the student view), as normalised words


@dataclass
class Student:
    """One student of the roster, with the LMS's own identity values (kept exactly as exported)."""

    line: int
    name: str = ""
    first: str = ""
    last: str = ""
    canvas_id: str = ""
    sis_user_id: str = ""
    login: str = ""
    section: str = ""
    id_number: str = ""
    email: str = ""
    username: str = ""

    def identities(self) -> list[tuple[str, str]]:
        """(what it is, value) for every identity value the roster gives this student."""
        pairs = [("Canvas ID", self.canvas_id), ("SIS User ID", self.sis_user_id), ("SIS Login ID", self.login),
                 ("ID number", self.id_number), ("username", self.username), ("email", self.email)]
        return [(k, v) for k, v in pairs if v.strip()]

    def names(self) -> list[str]:
        out = [self.name]
        if self.first or self.last:
            out.append(f"{self.first} {self.last}")
        return [n for n in out if n.strip()]

    @property
    def shown(self) -> str:
        return self.name or f"{self.first} {self.last}".strip() or "(no name)"


@dataclass
class Roster:
    kind: str                    # "canvas" or "moodle"
    path: Path
    students: list[Student]
    columns: list[str]           # the header as exported
    assignments: list[str] = field(default_factory=list)   # Canvas: assignment columns as exported
    present: set = field(default_factory=set)              # Moodle: which identity columns the file has
    notes: list[str] = field(default_factory=list)


# --- reading ---------------------------------------------------------------------------------

def _key(header: str) -> str:
    return " ".join(str(header).replace("\ufeff", "").strip().casefold().split())


def _rows(path: Path) -> list[list[str]]:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise KitError(f"Cannot read the roster {path}: {exc.strerror or exc}.") from exc
    if size > MAX_BYTES:
        raise KitError(f"The roster {path} is too large ({size} bytes): export only the class's students.")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KitError(f"The roster {path} is not UTF-8 text: export it again as CSV in UTF-8 "
                       "(Canvas and Moodle both offer it).") from exc
    if "\0" in text:
        raise KitError(f"The roster {path} is not a CSV file.")
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count)
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise KitError(f"The roster {path} is not a readable CSV file ({exc}).") from exc


def read_roster(path: Path) -> Roster:
    """The roster in ``path``: a Canvas gradebook export or a Moodle grade or participants export."""
    rows = _rows(path)
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise KitError(f"The roster {path} is empty.")
    header = [_key(h) for h in rows[0]]
    if len(header) > 3 and ("student" in header[0] and header[1] == "id"
                            or header[:3] == ["lastname", "firstname", "id"]):
        return _canvas(Path(path), rows)
    found = {k for k, names in MOODLE_COLUMNS.items() if any(n in header for n in names)}
    if found & {"id_number", "email", "username"} and found & {"first", "last", "full"}:
        return _moodle(Path(path), rows, header)
    raise KitError(
        f"{path} is neither a Canvas gradebook export nor a Moodle export. Its columns are: "
        f"{', '.join(rows[0][:8])}{'...' if len(rows[0]) > 8 else ''}. Canvas: Grades, Export (the file "
        "starts with Student, ID, SIS User ID, SIS Login ID, Section). Moodle: Grades, Export, plain text "
        "file, or the participants page's download (First name, Last name, ID number, Email address).")


def _cells(row: list[str], n: int) -> list[str]:
    return [c.strip() for c in row] + [""] * (n - len(row))


def _canvas(path: Path, rows: list[list[str]]) -> Roster:
    header = [_key(h) for h in rows[0]]
    at = {h: i for i, h in enumerate(header) if h in CANVAS_IDENTITY}
    last_identity = max(at.values())
    assignments = [rows[0][i].strip() for i in range(last_identity + 1, len(rows[0]))
                   if rows[0][i].strip() and not CANVAS_TOTALS.match(rows[0][i].strip())]
    roster = Roster("canvas", path, [], [h.strip() for h in rows[0]], assignments=assignments)
    for n, row in enumerate(rows[1:], start=2):
        cells = _cells(row, len(header))
        if not any(cells):
            continue
        if "points possible" in cells[0].casefold():
            continue
        if all(re.fullmatch(r"(muted|manual posting.*)?", c, re.I) for c in cells):
            continue
        get = lambda h: cells[at[h]] if h in at else ""  # noqa: E731
        s = Student(line=n, name=get("student"), first=get("firstname"), last=get("lastname"),
                    canvas_id=get("id"), sis_user_id=get("sis user id"), login=get("sis login id"),
                    section=get("section"))
        if any(norm_name(x) == TEST_STUDENT for x in s.names()):
            roster.notes.append(f"{path.name}:{n}: Canvas's Test Student left out")
            continue
        roster.students.append(s)
    return roster


def _moodle(path: Path, rows: list[list[str]], header: list[str]) -> Roster:
    at = {}
    for k, names in MOODLE_COLUMNS.items():
        for i, h in enumerate(header):
            if h in names and k not in at:
                at[k] = i
    roster = Roster("moodle", path, [], [h.strip() for h in rows[0]], present=set(at))
    for n, row in enumerate(rows[1:], start=2):
        cells = _cells(row, len(header))
        if not any(cells):
            continue
        get = lambda k: cells[at[k]] if k in at else ""  # noqa: E731
        s = Student(line=n, name=get("full"), first=get("first"), last=get("last"), id_number=get("id_number"),
                    email=get("email"), username=get("username"))
        if not (s.names() or s.identities()):
            continue
        roster.students.append(s)
    return roster


# --- matching --------------------------------------------------------------------------------

def norm_name(name: str) -> tuple[str, ...]:
    """A name as a sorted tuple of words: case, accents, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKD", str(name or ""))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").casefold()
    words = re.sub(r"[^\w]+|_", " ", text).split()
    return tuple(sorted(words))


def _norm_id(value: str) -> str:
    return " ".join(str(value or "").casefold().split())


@dataclass
class Match:
    """One line of the matching report: a hand-in and the roster student it belongs to, or why not."""

    status: str                 # matched | unmatched | unreadable | no hand-in
    graded: object = None       # grade.Graded, or None for a student without a hand-in
    student: Student | None = None
    on: str = ""                # what matched: the identity column, or "name"
    reason: str = ""


@dataclass
class MatchReport:
    roster: Roster
    lines: list[Match]

    def matched(self) -> list[Match]:
        return [m for m in self.lines if m.status == "matched"]

    def by_student(self) -> dict[int, list[Match]]:
        """Roster line -> the matched hand-ins of that student (a student may hand in twice)."""
        out: dict[int, list[Match]] = {}
        for m in self.matched():
            out.setdefault(m.student.line, []).append(m)
        return out

    def unmatched(self) -> list[Match]:
        return [m for m in self.lines if m.status in ("unmatched", "unreadable")]

    def missing(self) -> list[Match]:
        return [m for m in self.lines if m.status == "no hand-in"]


def _rows_of(students: list[Student]) -> str:
    return ", ".join(str(s.line) for s in students)


def match(results: list, roster: Roster) -> MatchReport:
    """Match each graded hand-in to one roster student (by id, then by name), never guessing."""
    by_id: dict[str, list[tuple[Student, str]]] = {}
    by_name: dict[tuple, list[Student]] = {}
    for s in roster.students:
        for what, value in s.identities():
            by_id.setdefault(_norm_id(value), []).append((s, what))
        for key in {norm_name(n) for n in s.names()} - {()}:
            by_name.setdefault(key, []).append(s)
    lines: list[Match] = []
    for g in results:
        if not g.readable:
            why = "; ".join(g.problems) or "the file could not be read"
            lines.append(Match("unreadable", g, reason=f"not an answers file that could be read ({why})"))
            continue
        lines.append(_match_one(g, by_id, by_name))
    matched = {m.student.line for m in lines if m.status == "matched"}
    for s in roster.students:
        if s.line not in matched:
            lines.append(Match("no hand-in", None, s, reason="no hand-in matched this student"))
    return MatchReport(roster, lines)


def _match_one(g, by_id, by_name) -> Match:
    typed_id, name = _norm_id(g.student_id), norm_name(g.name)
    named = by_name.get(name, []) if name else []
    note = ""
    if typed_id:
        hits = {id(s): (s, what) for s, what in by_id.get(typed_id, [])}
        if len(hits) > 1:
            rows = _rows_of([s for s, _ in hits.values()])
            return Match("unmatched", g, reason=f"the id {g.student_id!r} belongs to several students in the "
                                                f"roster (lines {rows})")
        if len(hits) == 1:
            (s, what), = hits.values()
            if named and all(n is not s for n in named):
                return Match("unmatched", g, reason=f"the id {g.student_id!r} is {s.shown}'s (roster line "
                                                    f"{s.line}), but the name {g.name!r} is "
                                                    f"{named[0].shown}'s (line {_rows_of(named)})")
            return Match("matched", g, s, on=what)
        note = f"the id {g.student_id!r} is not in the roster; "
    if not name:
        return Match("unmatched", g, reason=note + "no name in the file" if note else "no name or id in the file")
    if len(named) > 1:
        return Match("unmatched", g, reason=note + f"{len(named)} students in the roster have this name "
                                                   f"(lines {_rows_of(named)}): give the students their ids")
    if len(named) == 1:
        return Match("matched", g, named[0], on="name", reason=note.rstrip("; ") if note else "")
    return Match("unmatched", g, reason=note + "no student in the roster has this name")


REPORT_COLUMNS = ["status", "file", "name in the file", "id in the file", "roster line", "roster student",
                  "matched on", "reason"]


def write_report(report: MatchReport, path: Path) -> Path:
    """``roster.csv``: every hand-in and every roster student, matched or not, and why."""
    from .grade import _cell

    order = {"matched": 2, "unmatched": 0, "unreadable": 0, "no hand-in": 1}
    lines = sorted(report.lines, key=lambda m: (order[m.status], m.student.line if m.student else 0,
                                                m.graded.file if m.graded else ""))
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow(REPORT_COLUMNS)
        for m in lines:
            g, s = m.graded, m.student
            w.writerow([m.status, _cell(g.file if g else ""), _cell(g.name if g else ""),
                        _cell(g.student_id if g else ""), s.line if s else "", _cell(s.shown if s else ""),
                        m.on, _cell(m.reason)])
    return Path(path)
