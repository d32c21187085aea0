"""The student's answers file: one JSON format for live notebooks and the static book.

Every checked answer is saved at once. A write goes to a temporary file in the same folder,
is flushed to disk, and replaces the old file in one step (``os.replace``), under a lock
shared by every process (``filelock``; the lock file is hidden, ``.my-answers.json.lock``): a
kernel killed mid-write leaves the previous file whole, and two notebooks writing at once
lose nothing. A file that can't be read is never overwritten: it is moved aside
(``...corrupt-<time>.json``) and the student is told. A file of the earlier version is not
corrupt: it is read and upgraded, losing nothing.

Format, version 2 (``schema`` names the version)::

    {"schema": "medialit-answers/2",
     "student": {"name": "Ana B.", "id": "s123"},
     "updated": "2026-12-01T10:00:00+00:00",
     "answers": {"G-01": {"answer": "b", "score": 1.0, "points": 1.0, "max_points": 1.0,
                          "attempts": 2, "checked_at": "...", "source": "live",
                          "first": {"answer": "a", "score": 0.0, "checked_at": "..."},
                          "best": {"answer": "b", "score": 1.0, "checked_at": "..."},
                          "revealed": null, "locked": false}},
     "drafts": {"G-02": {"answer": ["a"], "saved_at": "..."}},
     "locks": {"form-x": {"locked_at": "..."}}}

- ``answer``/``score``: the latest checked answer; ``first`` and ``best``: the first attempt
  and the best one (a teacher chooses which counts); ``revealed``: when the student asked to
  see the answer; ``locked``: an assessment answer, submitted once.
- ``drafts``: answers typed or marked but not yet checked, so a reload loses nothing.
- ``locks``: assessment sets the student has submitted.

Version 1 (``medialit-answers/1``) had only the latest answer per exercise; it is upgraded on
reading (``migrate``), its answer becoming the first, the best and the latest.

Scores in the file are for the student's own view; the grader recomputes every score from
the answers with the instructor's keys.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from filelock import FileLock

from ..errors import KitError

SCHEMA = "medialit-answers/2"
OLD_SCHEMAS = ("medialit-answers/1",)
DEFAULT_NAME = "my-answers.json"


def download_name(name: str, day: str | None = None) -> str:
    """The file name a hand-in downloads as: ``answers-<name>-<YYYY-MM-DD>.json``.

    The name keeps its letters, digits and marks (any script) and turns every other run of
    characters into one hyphen, so a teacher's folder of hand-ins never holds two files with
    the same name. The book's JavaScript (``downloadName`` in static/src/core.js) does the
    same; a test compares them.
    """
    import unicodedata

    text = unicodedata.normalize("NFC", str(name or ""))
    kept = "".join(c if (unicodedata.category(c)[0] in "LNM" or c == "_") else " " for c in text)
    safe = "-".join(kept.split())
    safe = "".join(list(safe)[:60]).strip("-_") or "student"
    from datetime import date

    return f"answers-{safe}-{day or date.today().isoformat()}.json"


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def empty(name: str = "", student_id: str = "") -> dict:
    return {"schema": SCHEMA, "student": {"name": name, "id": student_id}, "updated": now(),
            "answers": {}, "drafts": {}, "locks": {}}


def migrate(data: dict) -> dict:
    """An answers file of any known version, as version 2 (in place; returns it)."""
    if data.get("schema") in OLD_SCHEMAS:
        for entry in data.get("answers", {}).values():
            if isinstance(entry, dict) and "answer" in entry:
                seen = {"answer": entry.get("answer"), "score": entry.get("score"),
                        "checked_at": entry.get("checked_at")}
                entry.setdefault("first", dict(seen))
                entry.setdefault("best", dict(seen))
                entry.setdefault("revealed", None)
                entry.setdefault("locked", False)
        data["schema"] = SCHEMA
    if not isinstance(data.get("drafts"), dict):
        data["drafts"] = {}
    if not isinstance(data.get("locks"), dict):
        data["locks"] = {}
    return data


def to_json_value(value):
    """A student's answer as plain JSON (pandas objects become tagged dicts)."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover
        pd = None
    if pd is not None and isinstance(value, pd.Series):
        return {"__pandas__": "series", "data": {str(k): _plain(v) for k, v in value.items()}}
    if pd is not None and isinstance(value, pd.DataFrame):
        return {"__pandas__": "frame",
                "data": {str(c): {str(k): _plain(v) for k, v in value[c].items()} for c in value.columns}}
    if isinstance(value, (list, tuple, set)):
        return [to_json_value(v) for v in (sorted(value) if isinstance(value, set) else value)]
    if isinstance(value, dict):
        return {str(k): to_json_value(v) for k, v in value.items()}
    return _plain(value)


def from_json_value(value):
    """Undo ``to_json_value`` (tagged dicts back to pandas objects)."""
    if isinstance(value, dict) and value.get("__pandas__") in ("series", "frame"):
        import pandas as pd

        return pd.Series(value["data"]) if value["__pandas__"] == "series" else pd.DataFrame(value["data"])
    return value


def _plain(v):
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        try:
            return v.item()
        except (ValueError, AttributeError):
            pass
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    return str(v)


class AnswersFile:
    """The answers file at ``path`` (default: ``my-answers.json`` in the current folder)."""

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path) if path else Path.cwd() / DEFAULT_NAME
        # Hidden beside the file, so a student's file browser doesn't show it.
        self.lock = FileLock(str(self.path.parent / f".{self.path.name}.lock"), timeout=30)
        self.notice: str | None = None  # set when a corrupt file was moved aside

    def _read_unlocked(self) -> dict:
        if not self.path.exists():
            return empty()
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("schema") not in (SCHEMA, *OLD_SCHEMAS) \
                    or not isinstance(data.get("answers"), dict):
                raise ValueError("not an answers file of this kit")
            migrate(data)
            if not isinstance(data.get("student"), dict):
                data["student"] = {"name": "", "id": ""}
            data["student"].setdefault("name", "")
            data["student"].setdefault("id", "")
            return data
        except (ValueError, UnicodeDecodeError) as exc:
            stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
            aside = self.path.with_name(f"{self.path.stem}.corrupt-{stamp}{self.path.suffix}")
            os.replace(self.path, aside)
            self.notice = (f"Your answers file {self.path.name} could not be read ({exc}); it was "
                           f"kept as {aside.name} and a new one started. Show it to your teacher.")
            return empty()

    def read(self) -> dict:
        if not self.path.exists():  # nothing to read: don't create a lock file either
            return empty()
        with self.lock:
            return self._read_unlocked()

    def _write_unlocked(self, data: dict) -> None:
        # Under the lock no other writer is busy: a temp file left here is from a killed one.
        for stale in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            stale.unlink(missing_ok=True)
        data["updated"] = now()
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    def _update(self, change, what: str) -> dict:
        try:
            with self.lock:
                data = self._read_unlocked()
                change(data)
                self._write_unlocked(data)
                return data
        except OSError as exc:
            raise KitError(f"Could not save {what} to {self.path}: {exc.strerror or exc}.") from exc

    def record(self, exercise_id: str, answer, result: dict, source: str = "live") -> dict:
        """Save one checked answer (latest, first and best); returns the whole file's data."""

        def change(data):
            old = data["answers"].get(exercise_id)
            old = old if isinstance(old, dict) else {}  # a hand-edited entry counts as absent
            try:
                attempts = int(old.get("attempts", 0)) + 1
            except (TypeError, ValueError):
                attempts = 1
            stamp = now()
            seen = {"answer": to_json_value(answer), "score": result.get("score"), "checked_at": stamp}
            best = old.get("best") if isinstance(old.get("best"), dict) else None
            if best is None or (seen["score"] or 0) > (best.get("score") or 0):
                best = seen
            data["answers"][exercise_id] = {
                "answer": seen["answer"], "score": result.get("score"), "points": result.get("points"),
                "max_points": result.get("max_points"), "attempts": attempts, "checked_at": stamp,
                "source": source,
                "first": old.get("first") if isinstance(old.get("first"), dict) else seen,
                "best": best, "revealed": old.get("revealed"), "locked": bool(old.get("locked", False)),
            }
            data["drafts"].pop(exercise_id, None)

        return self._update(change, "your answer")

    def save_draft(self, exercise_id: str, answer) -> dict:
        """Keep an answer not yet checked, so a reload or a restart loses nothing."""

        def change(data):
            data["drafts"][exercise_id] = {"answer": to_json_value(answer), "saved_at": now()}

        return self._update(change, "your draft")

    def reveal(self, exercise_id: str) -> dict:
        """Record that the student asked to see the answer (once; the first time counts)."""

        def change(data):
            entry = data["answers"].get(exercise_id)
            if not isinstance(entry, dict):
                entry = data["answers"][exercise_id] = {"attempts": 0}
            entry["revealed"] = entry.get("revealed") or now()

        return self._update(change, "that you asked for the answer")

    def lock_answer(self, exercise_id: str) -> dict:
        """An assessment answer, submitted: it can't be changed afterwards."""

        def change(data):
            entry = data["answers"].get(exercise_id)
            if isinstance(entry, dict):
                entry["locked"] = True

        return self._update(change, "your submission")

    def entry(self, exercise_id: str) -> dict:
        try:
            entry = self.read()["answers"].get(exercise_id)
        except OSError:
            return {}
        return entry if isinstance(entry, dict) else {}

    def set_student(self, name: str, student_id: str = "") -> dict:
        if not isinstance(name, str) or not name.strip():
            raise KitError("Give your name (or the id your teacher gave you) as a short piece of text.")
        try:
            with self.lock:
                data = self._read_unlocked()
                data["student"] = {"name": name.strip()[:120], "id": str(student_id or "").strip()[:60]}
                self._write_unlocked(data)
                return data
        except OSError as exc:
            raise KitError(f"Could not save your name in {self.path}: {exc.strerror or exc}.") from exc

    def saved_answer(self, exercise_id: str):
        """The answer to show again: an unchecked draft if there is one, else the last checked
        answer (as JSON), else None."""
        try:
            data = self.read()
        except OSError:
            return None
        draft = data["drafts"].get(exercise_id)
        if isinstance(draft, dict) and "answer" in draft:
            return draft["answer"]
        entry = data["answers"].get(exercise_id)
        return entry.get("answer") if isinstance(entry, dict) else None
