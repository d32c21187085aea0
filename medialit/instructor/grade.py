"""Grade a class: every answers file in a folder, rescored with the instructor's keys.

``python -m medialit grade HANDINS/ --keys solutions/ -o OUT/`` reads every file under
HANDINS (answers downloaded from the static book or saved by live notebooks, in any mix),
recompiles the exercise definitions in ``--keys`` (the plaintext keys; the package's sealed
bank is not used), recomputes every score from the raw answers (a score stored in a file is
ignored), and writes into OUT:

- ``gradebook.csv``: one row per file, one column per exercise, totals, and a ``problems``
  column; readable by pandas and by a spreadsheet;
- ``feedback/<student>.md``: each exercise's score, what was right and wrong, the explanation;
- ``summary.md`` and ``summary.csv``: per exercise, the score distribution and the most common
  wrong answers, so a teacher sees what to reteach;
- ``problems.csv``: every file that needed a comment, and why.

Nothing a file contains is executed: files are parsed as JSON with size and depth limits.
Every file gets a row; none stops the batch. Files are graded in parallel across cores.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import sys
import tempfile
from collections import Counter, defaultdict, deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import KitError
from ..exercises.answers import OLD_SCHEMAS, SCHEMA, from_json_value, migrate
from ..exercises.core import STATUS_WORDS, Exercise
from ..exercises.model import DefinitionError, compile_exercise, read_definitions, unanswered_items
from ..exercises.scoring import score

try:  # optional: a faster JSON reader (requirements.txt pins it); the standard library otherwise
    import orjson as _orjson
except ImportError:  # pragma: no cover - depends on what is installed
    _orjson = None

MAX_BYTES = 2_000_000
MAX_DEPTH = 40


SCORE_MODES = ("best", "first", "latest")


@dataclass
class Graded:
    file: str
    name: str = ""
    student_id: str = ""
    scores: dict = field(default_factory=dict)      # exercise id -> the score that counts (0..1) or None
    results: dict = field(default_factory=dict)     # exercise id -> Result.to_dict() of the answer that counts
    answers: dict = field(default_factory=dict)     # exercise id -> raw answer that counts (JSON)
    details: dict = field(default_factory=dict)     # exercise id -> first, best, latest scores, attempts, revealed
    problems: list = field(default_factory=list)
    readable: bool = True
    # exercise id -> the _Outcome counted (this process's cache; not compared, not kept in records)
    outcomes: dict = field(default_factory=dict, repr=False, compare=False)


# --- keys ------------------------------------------------------------------------------

class Keys(dict):
    """Exercise id to its compiled exercise (with the plaintext keys), the retired ids, and the
    assessment forms (set name -> form name) among the sets."""

    retired: frozenset = frozenset()
    forms: dict = {}
    titles: dict = {}  # set name -> the set's title ("Lesson 1: Sourcing"), for LMS columns


def load_keys(keys_dir: Path) -> Keys:
    """Check and compile the plaintext definitions under ``keys_dir`` (``exercises/*.yaml`` or ``*.yaml``)."""
    keys_dir = Path(keys_dir)
    folder = keys_dir / "exercises" if (keys_dir / "exercises").is_dir() else keys_dir
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise KitError(f"No exercise definitions (*.yaml) in {folder}: point --keys at the solutions folder.")
    out = Keys()
    retired: set[str] = set()
    forms: dict[str, str] = {}
    titles: dict[str, str] = {}
    for path in files:
        try:
            data = read_definitions(path, display=str(path))
        except DefinitionError as exc:
            raise KitError(f"The exercise definitions have problems:\n{exc}") from exc
        for d in data["exercises"]:
            ex = compile_exercise(d, data.get("set", path.stem))
            if ex.id in out:
                raise KitError(f"{path}: exercise id {ex.id} is defined twice")
            out[ex.id] = ex
        retired.update(str(r["id"]) for r in data.get("retired") or [])
        titles[data.get("set", path.stem)] = str(data.get("title") or data.get("set", path.stem))
        if data.get("mode") == "assessment":
            forms[data.get("set", path.stem)] = str(data.get("form") or data.get("set", path.stem))
    out.retired = frozenset(retired)
    out.forms = forms
    out.titles = titles
    return out


# --- reading one file safely -------------------------------------------------------------

_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")  # \uD800 to \uDFFF
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'[]{}"')  # bytes the depth count drops


def _depth(text: str | bytes, limit: int) -> int:
    """Nesting depth of a valid JSON text, counted on its brackets outside strings: the largest
    number of brackets open at once (vectorised, no recursion: a crafted file can't exhaust the
    stack). ``limit`` is kept for the callers: the count is exact whatever it is."""
    import numpy as np

    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    if raw.find(b"\\") != -1:  # escapes first: a string may hold \" or \\
        raw = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    # Only brackets and quotes kept (one C pass; no byte of a multi-byte UTF-8 character is
    # ASCII). A bracket after an odd number of quotes is inside a string and counts 0.
    bare = np.frombuffer(raw.translate(None, _NOT_STRUCTURE), dtype=np.uint8)
    if not len(bare):
        return 1
    outside = (np.cumsum(bare == 34, dtype=np.int64) & 1) == 0
    opened = np.cumsum(_bracket_steps()[bare] * outside, dtype=np.int64)
    return max(int(opened.max()), 1)


@lru_cache(maxsize=1)
def _bracket_steps():
    """Per byte value: +1 for an opening bracket, -1 for a closing one, 0 otherwise."""
    import numpy as np

    step = np.zeros(256, dtype=np.int64)
    step[list(b"[{")] = 1
    step[list(b"]}")] = -1
    return step


_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_LONG_DIGITS = b"0" * 19


def _loads(raw: bytes):
    """The JSON value of ``raw`` (UTF-8, a byte-order mark allowed), or the exception that says why
    not. orjson, when installed, reads first (about twice as fast); whatever it refuses is read
    again by the standard library, whose answer and messages are the ones used, so the result is
    the same either way (the standard library also reads NaN, huge integers and lone surrogates)."""
    # orjson reads an integer past 64 bits as a float: a run of 19 digits or more (in a number or
    # a string: a phone number, say) goes to the standard library, which keeps it exact.
    if _orjson is not None and _LONG_DIGITS not in raw.translate(_DIGITS_AS_ZERO):
        try:
            return _orjson.loads(raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw)
        except Exception:  # noqa: BLE001 - read again below, for the standard library's verdict
            pass
    return json.loads(raw.decode("utf-8-sig"))


def read_handin(path: Path) -> tuple[dict | None, list[str]]:
    problems = []
    name = path.name
    if name.startswith(".") or not name.lower().endswith(".json") or re.search(r"[^\w.\- ()@+]", name):
        problems.append(f"unusual file name {name!r}")
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, problems + [f"cannot read the file ({exc.strerror})"]
    if size == 0:
        return None, problems + ["empty file"]
    if size > MAX_BYTES:
        return None, problems + [f"file too large ({size} bytes; the limit is {MAX_BYTES})"]
    raw = path.read_bytes()
    if raw.count(b"[") + raw.count(b"{") > 200_000:
        try:
            raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None, problems + ["not a text file (not UTF-8): not an answers file"]
        return None, problems + ["too many nested values"]
    try:
        data = _loads(raw)
    except UnicodeDecodeError:
        return None, problems + ["not a text file (not UTF-8): not an answers file"]
    except RecursionError:
        return None, problems + [f"nested too deeply (more than {MAX_DEPTH} levels)"]
    except json.JSONDecodeError as exc:
        return None, problems + [f"corrupt or truncated JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"]
    except ValueError as exc:  # e.g. a number too long to read
        return None, problems + [f"unreadable JSON ({str(exc)[:80]})"]
    if _depth(raw, MAX_DEPTH) > MAX_DEPTH:
        return None, problems + [f"nested too deeply (more than {MAX_DEPTH} levels)"]
    if _SURROGATE.search(raw):  # a lone surrogate escape: text no file can be written with
        text = json.dumps(data, ensure_ascii=False)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            data = json.loads(text.encode("utf-8", "replace"))
            problems.append("unpaired surrogate escapes (such as \\ud800, not a character) shown as ?")
    if not isinstance(data, dict) or "answers" not in data:
        return None, problems + ["not an answers file (no 'answers')"]
    if data.get("schema") not in (SCHEMA, *OLD_SCHEMAS):
        return None, problems + [f"wrong schema version {data.get('schema')!r} (expected {SCHEMA!r})"]
    if not isinstance(data["answers"], dict):
        return None, problems + ["'answers' is not a mapping of exercise ids"]
    return migrate(data), problems


def grade_file(path: str, keys: dict[str, Exercise], score_mode: str = "best", root: str | None = None) -> Graded:
    """Grade one file; whatever is in it, the result is a row (a problem, never a crash).

    ``score_mode``: which of a student's checked answers counts: ``best`` (the highest score of
    the first, the best and the latest answer in the file, each rescored with the keys),
    ``first`` (the first attempt) or ``latest``. ``root``: the hand-in folder, so that the row
    names the file by its path inside it.
    """
    shown = _display_name(Path(path), root)
    try:
        return _grade_file(Path(path), keys, score_mode, shown)
    except Exception as exc:  # noqa: BLE001 - one hostile file must not stop a class's grading
        g = Graded(file=shown, readable=False)
        g.problems.append(f"could not be graded ({type(exc).__name__}): check this file by hand")
        return g


def _display_name(path: Path, root: str | None) -> str:
    """The file's path inside the hand-in folder, as text that can be written (a name that is not
    UTF-8 shows its odd bytes as \ufffd)."""
    shown = path.name
    if root:
        try:
            shown = path.relative_to(root).as_posix()
        except ValueError:
            pass
    try:
        shown.encode("utf-8")
    except UnicodeEncodeError:
        shown = shown.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return shown


# --- each distinct answer, once --------------------------------------------------------------

# A class gives the same answer many times over: each distinct answer to an exercise is scored,
# put in words and rendered for the feedback once per process (an ``_Outcome``), keyed by the
# compiled exercise object itself (held, so its id can't be reused) and the answer: its type and
# value for a scalar, its repr for parsed JSON (the same answer has the same repr; the same keys
# in another order are scored again). The cache is emptied when it holds ``_MEMO_LIMIT``
# outcomes (a result and its feedback text each: a few KiB), so a process's memory stays flat
# however many files it grades and however varied their answers.
_MEMO: dict = {}
_MEMO_LIMIT = 20_000
_memo_size = 0


class _Outcome:
    """One answer to one exercise, rescored with the keys: the result (read only: shared by every
    hand-in that gave this answer; score 0 for an answer of the wrong shape), and, each computed
    when first needed, the answer in words, its section of a feedback file, and how many items
    it leaves unanswered."""

    __slots__ = ("ex", "raw", "res", "_words", "_block", "_left")

    def __init__(self, ex: Exercise, raw):
        self.ex, self.raw = ex, raw
        self.res = _rescore_once(ex, raw)
        if self.res["error"]:
            self.res["score"], self.res["points"] = 0.0, 0.0
        self._words = self._block = self._left = None

    def words(self) -> str:
        if self._words is None:
            self._words = _describe_once(self.ex, self.raw)
        return self._words

    def left(self) -> int:
        if self._left is None:
            self._left = len(unanswered_items(self.ex, _plain(self.raw)))
        return self._left

    def block(self) -> bytes:
        """This answer's section of a feedback file (every text escaped, ``_md``)."""
        if self._block is None:
            from ..exercises.registry import TYPES

            ex, res = self.ex, self.res
            lines = [f"### {ex.id}: {_md(ex.title)}", "", f"Your answer: {_md(self.words())}", ""]
            if TYPES[ex.type].scored:
                lines.append(f"Score: {round(res['points'], 2):g} of {ex.points:g}. {_md(res['feedback'])}")
            else:
                lines.append(f"Not scored (practice). {_md(res['feedback'])}")
            for item in res["items"]:
                if item.get("status") == "unanswered":
                    continue
                label = _md(item.get("text") or item.get("id") or "")
                fb = f" — {_md(item['feedback'])}" if item.get("feedback") else ""
                lines.append(f"- {STATUS_WORDS.get(item['status'], item['status'])}: {label}{fb}")
            if res.get("explanation"):
                lines += ["", f"Why it matters: {_md(res['explanation'])}"]
            lines.append("")
            self._block = "".join(line + "\n" for line in lines).encode("utf-8", "surrogateescape")
        return self._block


def _outcome(ex: Exercise, raw) -> _Outcome:
    global _memo_size
    if raw is None or isinstance(raw, (str, int, float)):  # bool is an int: the type is in the key
        key = (type(raw), raw)
    else:
        key = repr(raw)
    slot = _MEMO.get(id(ex))
    if slot is None or slot[0] is not ex:
        slot = _MEMO[id(ex)] = (ex, {})
    found = slot[1].get(key)
    if found is None:
        if _memo_size >= _MEMO_LIMIT:
            _MEMO.clear()
            _memo_size = 0
            slot = _MEMO[id(ex)] = (ex, {})
        found = slot[1][key] = _Outcome(ex, raw)
        _memo_size += 1
    return found


def _plain(raw):
    """The answer a tagged JSON value stands for (the raw value when it can't be read)."""
    try:
        return from_json_value(raw)
    except Exception:  # noqa: BLE001
        return raw


def _rescore_once(ex: Exercise, raw):
    try:
        answer = from_json_value(raw)
    except Exception:  # noqa: BLE001 - a malformed tagged value is a wrong-shape answer
        answer = raw if not isinstance(raw, dict) else {"unreadable": True}
    return score(ex, answer).to_dict()


def _grade_file(p: Path, keys: dict[str, Exercise], score_mode: str, shown: str) -> Graded:
    g = Graded(file=shown)
    data, problems = read_handin(p)
    g.problems.extend(problems)
    if data is None:
        g.readable = False
        return g
    student = data.get("student") if isinstance(data.get("student"), dict) else {}
    g.name = str(student.get("name") or "").strip()[:120]
    g.student_id = str(student.get("id") or "").strip()[:60]
    if not g.name and not g.student_id:
        g.problems.append("no student name or id")
    forms = getattr(keys, "forms", None) or {}
    for ex_id, entry in data["answers"].items():
        if ex_id not in keys:
            if ex_id in getattr(keys, "retired", ()):
                g.problems.append(f"{ex_id}: retired exercise (no longer in the course; ignored)")
            else:
                g.problems.append(f"unknown exercise id {str(ex_id)[:40]!r} (ignored)")
            continue
        if isinstance(entry, dict) and "answer" not in entry and entry.get("revealed"):
            g.details[ex_id] = {"first": None, "best": None, "latest": None, "attempts": 0,
                                "revealed": True}  # asked for the answer without checking one
            continue
        if not isinstance(entry, dict) or "answer" not in entry:
            g.problems.append(f"{ex_id}: entry has no 'answer' (scored 0)")
            g.scores[ex_id] = 0.0
            continue
        ex = keys[ex_id]
        # The latest, first and best answers, in that order (the first of equal scores counts);
        # first and best are often the latest again: each distinct answer is scored once (_outcome).
        raw = entry["answer"]
        latest = counted = first = _outcome(ex, raw)
        if latest.res["error"]:
            g.problems.append(f"{ex_id}: answer of the wrong shape (scored 0): {latest.res['error']}")
        top = latest.res["score"] or 0.0
        best = top
        first_seen = entry.get("first")
        for which, seen in (("first", first_seen), ("best", entry.get("best"))):
            if isinstance(seen, dict) and "answer" in seen:
                out = _outcome(ex, seen["answer"])
                if which == "first":
                    first = out
                got = out.res["score"] or 0.0
                if got > best:
                    best = got
                if got > top and score_mode == "best":
                    top, counted, raw = got, out, seen["answer"]
        if score_mode == "first" and first is not latest:
            counted, raw = first, first_seen["answer"]
        res = counted.res
        if ex.public.get("set") in forms:
            left = counted.left()
            if left:
                g.problems.append(f"{ex_id}: {left} of {len(ex.public['items'])} items unanswered "
                                  "(the form's measures count only the answered items)")
        g.scores[ex_id] = res["score"]
        g.results[ex_id] = res
        g.answers[ex_id] = raw
        g.outcomes[ex_id] = counted
        try:
            attempts = int(entry.get("attempts") or 1)
        except (TypeError, ValueError):
            attempts = 1
        stamp = (first_seen.get("checked_at") if isinstance(first_seen, dict) else None) or entry.get("checked_at")
        g.details[ex_id] = {"first": first.res["score"], "best": best if ex.type != "rewrite" else None,
                            "latest": latest.res["score"], "attempts": attempts,
                            "revealed": bool(entry.get("revealed")),
                            "checked_at": stamp if isinstance(stamp, str) else None}
    return g


# --- grading in worker processes ---------------------------------------------------------------

_WORKER: dict = {}


def _worker_keys(keys_dir: str, keys: Keys | None) -> Keys:
    """The keys a worker grades with: the grading process's own, inherited when the worker was
    forked from it (nothing to read again), else compiled from ``keys_dir``."""
    return keys if keys is not None else load_keys(Path(keys_dir))


def _init_worker(keys_dir: str, score_mode: str, root: str, keys: Keys | None = None) -> None:
    _WORKER.update(keys=_worker_keys(keys_dir, keys), score_mode=score_mode, root=root)


def _grade_chunk(paths):
    keys, score_mode, root = _WORKER["keys"], _WORKER["score_mode"], _WORKER["root"]
    out = [grade_file(p, keys, score_mode, root) for p in paths]
    for g in out:
        g.outcomes = {}  # the process's own cache: not sent back
    return out


def _init_class_worker(keys_dir: str, score_mode: str, root: str, sets: list[str] | None, out: str,
                       keys: Keys | None = None) -> None:
    keys = _worker_keys(keys_dir, keys)
    _WORKER.update(layout=_Layout(keys, sets, score_mode), score_mode=score_mode, root=root,
                   feedback=Path(out) / "feedback")


def _grade_batch(entries):
    """Grade consecutive entries of the class (sequence number, name shown, path, refused) and
    render their outputs (``_Batch``): what the grading process receives is text to append."""
    layout, score_mode, root = _WORKER["layout"], _WORKER["score_mode"], _WORKER["root"]
    batch = _Batch(layout, _WORKER["feedback"])
    for seq, shown, path, refused in entries:
        g = _refusal(shown, path) if refused else grade_file(path, layout.keys, score_mode, root)
        batch.add(g, seq)
    return batch.done()


def _refusal(shown: str, path: str) -> Graded:
    g = Graded(file=shown, readable=False)
    kind = "a link" if Path(path).is_symlink() else "not a regular file"
    g.problems.append(f"refused: {kind}; only regular files inside the hand-in folder are read")
    return g


def _shown_sets(keys, sets: list[str] | None) -> dict[str, list[str]]:
    return {s: [i for i, ex in keys.items() if ex.public.get("set") == s] for s in counted_sets(keys, sets)}


# --- the whole class -----------------------------------------------------------------------

def collect(handins: Path) -> tuple[list[Path], list[Path]]:
    """(regular files, other entries) under ``handins``, links never followed.

    A symbolic link, even to a file, and anything that is not a regular file (a device, a
    pipe) is refused: grading opens only what the students handed in, inside the folder.
    """
    handins = Path(handins)
    if not handins.is_dir() or handins.is_symlink():
        raise KitError(f"{handins} is not a folder: give the folder that holds the students' files.")
    files, refused = [], []
    for folder, dirs, names in os.walk(handins, followlinks=False):
        for d in list(dirs):
            if (Path(folder) / d).is_symlink():
                refused.append(Path(folder) / d)
                dirs.remove(d)
        for name in names:
            path = Path(folder) / name
            if name.endswith(".lock"):
                continue
            if path.is_symlink() or not stat.S_ISREG(path.lstat().st_mode):
                refused.append(path)
            else:
                files.append(path)
    return sorted(files), sorted(refused)


def _pool(workers: int, initializer, initargs: tuple, keys: Keys) -> ProcessPoolExecutor:
    """Worker processes; forked where the system can and this process runs no other thread (a
    fork copies one thread: another's locks could stay held), so that they inherit the compiled
    keys (and the modules imported) instead of compiling them again."""
    import multiprocessing
    import threading

    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=initializer, initargs=(*initargs, keys))
    return ProcessPoolExecutor(max_workers=workers, initializer=initializer, initargs=initargs)


def grade_folder(handins: Path, keys_dir: Path, workers: int | None = None,
                 progress: bool | None = None, score_mode: str = "best") -> tuple[list[Graded], dict[str, Exercise]]:
    """Grade a folder and return every hand-in's full record (results and answers included), in
    memory: for a small class, or a test. ``grade_class`` grades a class of any size."""
    if score_mode not in SCORE_MODES:
        raise KitError(f"--score must be one of {', '.join(SCORE_MODES)}, not {score_mode!r}.")
    keys = load_keys(keys_dir)
    files, refused = collect(handins)
    root = str(Path(handins))
    workers = workers or min(os.cpu_count() or 1, 8)
    results: list[Graded] = []
    if workers <= 1 or len(files) < 50:
        results = [grade_file(str(p), keys, score_mode, root) for p in files]
    else:
        size = max(25, len(files) // (workers * 4))
        chunks = [[str(p) for p in files[i:i + size]] for i in range(0, len(files), size)]
        show = progress if progress is not None else (len(files) >= 200 and sys.stderr.isatty())
        with _pool(workers, _init_worker, (str(keys_dir), score_mode, root), keys) as pool:
            it = pool.map(_grade_chunk, chunks)
            if show:
                from tqdm import tqdm

                it = tqdm(it, total=len(chunks), unit="batch", desc="grading", file=sys.stderr)
            for part in it:
                results.extend(part)
    for path in refused:
        results.append(_refusal(_display_name(path, root), str(path)))
    results.sort(key=lambda g: g.file)
    _flag_duplicates(results)
    return results, keys


BATCH = 100  # hand-ins per batch sent to a worker: what waits to be written stays small


def grade_class(handins: Path, keys_dir: Path, out: Path, sets: list[str] | None = None,
                workers: int | None = None, progress: bool | None = None,
                score_mode: str = "best") -> tuple[Records, Keys, dict[str, Path]]:
    """Grade a folder and write its outputs as the files are graded, in file order: the same
    files as ``grade_folder`` then ``write_outputs``, with nothing kept in memory per hand-in
    but its name (to find a student who handed in twice, and to name the feedback files).

    Workers grade batches of hand-ins and render everything from them (gradebook, details and
    problems rows, the summary's counts, a small record) and write their feedback files; this
    process appends the rows in file order and spools the records to a temporary file. Returns
    the records (``Records``: read back from that file, one at a time, as often as needed), the
    keys, and the paths written."""
    if score_mode not in SCORE_MODES:
        raise KitError(f"--score must be one of {', '.join(SCORE_MODES)}, not {score_mode!r}.")
    keys = load_keys(keys_dir)
    files, refused = collect(handins)
    counted_sets(keys, sets)  # an unknown set stops here, before anything is written
    layout = _Layout(keys, sets, score_mode)
    writer = ClassWriter(keys, out, layout=layout)
    root = str(Path(handins))
    n_files = len(files)
    # (sequence number, name shown, path, refused), in file order: the paths as plain text
    # (a Path object per file would be the largest thing this process keeps).
    entries = [(n, *e) for n, e in enumerate(sorted([(_display_name(p, root), str(p), False) for p in files]
                                                    + [(_display_name(p, root), str(p), True) for p in refused]))]
    del files, refused
    workers = workers or min(os.cpu_count() or 1, 8)
    show = progress if progress is not None else (n_files >= 200 and sys.stderr.isatty())
    bar = None

    def progress_bar():
        if not show:
            return None
        from tqdm import tqdm

        return tqdm(total=len(entries), unit="file", desc="grading", file=sys.stderr)

    try:
        if workers <= 1 or n_files < 50:
            _WORKER.update(layout=layout, score_mode=score_mode, root=root, feedback=writer.feedback_dir)
            bar = progress_bar()
            for i in range(0, len(entries), BATCH):
                writer.take(_grade_batch(entries[i:i + BATCH]))
                if bar is not None:
                    bar.update(min(BATCH, len(entries) - i))
        else:
            size = max(10, min(BATCH, len(entries) // (workers * 4)))
            batches = (entries[i:i + size] for i in range(0, len(entries), size))
            with _pool(workers, _init_class_worker, (str(keys_dir), score_mode, root, sets, str(out)), keys) as pool:
                # In file order, at most two batches per worker in flight.
                pending: deque = deque()

                def top_up():
                    while len(pending) < 2 * workers:
                        batch = next(batches, None)
                        if batch is None:
                            return
                        pending.append((len(batch), pool.submit(_grade_batch, batch)))

                top_up()
                bar = progress_bar()  # after the workers are forked (tqdm may start a thread)
                while pending:
                    n, done = pending.popleft()
                    writer.take(done.result())
                    top_up()
                    if bar is not None:
                        bar.update(n)
    except BaseException:
        writer.abort()
        raise
    finally:
        if bar is not None:
            bar.close()
    paths, records = writer.finish()
    return records, keys, paths


def _flag_duplicates(results: list[Graded]) -> None:
    seen = defaultdict(list)
    for g in results:
        if g.readable and (g.name or g.student_id):
            seen[(g.name.casefold(), g.student_id.casefold())].append(g)
    for group in seen.values():
        if len(group) > 1:
            for g in group:
                others = ", ".join(o.file for o in group if o is not g)
                g.problems.append(f"duplicate student: also in {others}")


def _cell(value):
    """A text cell a spreadsheet won't run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _safe(name: str) -> str:
    return re.sub(r"[^\w\-]+", "_", name).strip("_")[:60] or "student"


def counted_sets(keys: dict[str, Exercise], sets: list[str] | None = None) -> list[str]:
    """The sets that count: those named, or every lesson set (see below)."""
    present = sorted({ex.public.get("set", "") for ex in keys.values()})
    if sets:
        unknown = sorted(set(sets) - set(present))
        if unknown:
            raise KitError(f"No exercise set {', '.join(unknown)} in the definitions (the sets are: {', '.join(present)}).")
        return [s for s in present if s in sets]
    forms = getattr(keys, "forms", {}) or {}
    # By default: the lessons. Not the gallery's examples, the demonstration sets, or the
    # assessment forms (a pre-test is not for a grade; the assessment report measures them).
    return [s for s in present if s != "gallery" and not s.startswith("demo") and s not in forms]


def _scored_ids(keys, sets) -> dict[str, list[str]]:
    """Set -> its scored exercise ids, in the definitions' order (practice-only types left out)."""
    from ..exercises.registry import TYPES

    out: dict[str, list[str]] = {s: [] for s in sets}
    for ex_id, ex in keys.items():
        st = ex.public.get("set", "")
        if st in out and TYPES[ex.type].scored:
            out[st].append(ex_id)
    return out


def write_outputs(results: list[Graded], keys: dict[str, Exercise], out: Path,
                  sets: list[str] | None = None, score_mode: str = "best") -> dict[str, Path]:
    """The gradebook (one subtotal per set), problems, details, feedback files and summary, for
    hand-ins already graded (``grade_folder``, which has flagged the duplicates). ``grade_class``
    writes the same files while it grades."""
    writer = ClassWriter(keys, out, sets, score_mode)
    try:
        for i in range(0, len(results), BATCH):
            batch = _Batch(writer.layout, writer.feedback_dir)
            for seq, g in enumerate(results[i:i + BATCH], start=i):
                batch.add(g, seq)
            writer.take(batch.done())
    except BaseException:
        writer.abort()
        raise
    paths, records = writer.finish(flag_duplicates=False)
    records.close()
    return paths


# --- the outputs ---------------------------------------------------------------------------

DETAILS_HEAD = ["file", "student", "student_id", "set", "exercise", "counted ({})", "first", "best", "latest",
                "attempts", "asked for the answer"]


class _Layout:
    """What turns a graded hand-in into its rows: the sets counted and shown, with their
    exercises and points; built once per process."""

    def __init__(self, keys: dict[str, Exercise], sets: list[str] | None, score_mode: str) -> None:
        from ..exercises.registry import TYPES

        self.keys, self.score_mode = keys, score_mode
        self.chosen = counted_sets(keys, sets)
        self.by_set = _scored_ids(keys, self.chosen)
        # Per set: (its scored ids with their points, its maximum), once for the class.
        self.points = {st: ([(i, keys[i].points) for i in ids], sum(keys[i].points for i in ids))
                       for st, ids in self.by_set.items()}
        self.shown_sets = _shown_sets(keys, sets)
        self.summary_ids = [i for s in self.chosen for i in self.shown_sets[s]]
        self.scored = {i: TYPES[ex.type].scored for i, ex in keys.items()}
        forms = getattr(keys, "forms", {}) or {}
        # What a record keeps beyond the scores: the forms' and the open responses' answers.
        self.keep = frozenset(i for i, ex in keys.items() if ex.type == "open" or ex.public.get("set") in forms)
        self.set_heads = {st: f"## {st}\n\n".encode() for st in self.shown_sets if st}
        self.not_answered = {i: f"{i} ({_md(keys[i].title)})" for ids in self.shown_sets.values() for i in ids}
        self.gradebook_head = ["file", "student", "student_id"]
        for st in self.chosen:
            self.gradebook_head += [*self.by_set[st], f"{st} points", f"{st} max", f"{st} %"]
        self.gradebook_head += ["total", "max", "percent", "problems"]
        self.details_head = [h.format(score_mode) for h in DETAILS_HEAD]

    def outcome(self, g: Graded, ex_id: str) -> _Outcome:
        out = g.outcomes.get(ex_id)
        return out if out is not None else _outcome(self.keys[ex_id], g.answers[ex_id])

    def feedback(self, g: Graded) -> bytes:
        """One student's feedback, set by set, in words: what they chose, and why it is right or
        not. Every text from a hand-in or a definition is escaped (``_md``)."""
        keys, results = self.keys, g.results
        parts: list[bytes] = []
        total = max_total = 0.0
        for st, ids in self.shown_sets.items():
            if st:
                parts.append(self.set_heads[st])
            skipped = []
            for ex_id in ids:
                if ex_id in results:
                    parts.append(self.outcome(g, ex_id).block())
                else:
                    skipped.append(ex_id)
                if self.scored[ex_id]:
                    max_total += keys[ex_id].points
                    total += results[ex_id]["points"] if ex_id in results else 0.0
            if skipped:
                parts.append(("Not answered: " + ", ".join(self.not_answered[i] for i in skipped) + ".\n\n").encode())
        head = (f"# Feedback for {_md(g.name or g.student_id or g.file)}\n\n"
                f"Total: {round(total, 2):g} of {max_total:g}.\n\n")
        parts.insert(0, head.encode("utf-8", "surrogateescape"))
        if g.problems:
            parts.append(_notes(g.problems, heading=True))
        return b"".join(parts)


def _notes(problems: list[str], heading: bool) -> bytes:
    lines = (["## Notes on the file", ""] if heading else []) + [f"- {_md(p)}" for p in problems]
    return "".join(line + "\n" for line in lines).encode("utf-8", "surrogateescape")


def feedback_markdown(g: Graded, keys: dict[str, Exercise], sets: list[str] | None = None) -> str:
    """One student's feedback file, as text (``sets``: the sets shown; by default the lessons)."""
    return _Layout(keys, sets, "best").feedback(g).decode("utf-8", "surrogateescape")


class _Tally:
    """Per exercise, what the summary counts: files that answered, scores by band, each score
    value's count (so the mean is exact whatever the order of adding), and the wrong answers in
    words. Batches are tallied apart and added in file order: the result is the same."""

    def __init__(self) -> None:
        self.ex: dict[str, list] = {}

    def add(self, ex_id: str, sc, has: bool, wrong: str | None) -> None:
        acc = self.ex.get(ex_id)
        if acc is None:
            acc = self.ex[ex_id] = [0, 0, 0, 0, 0, 0, Counter(), Counter()]
        acc[0] += has
        if sc is not None:
            acc[1] += 1
            acc[2 if sc == 0 else 3 if sc < 0.5 else 4 if sc < 1 else 5] += 1
            acc[6][sc] += 1
        if wrong is not None:
            acc[7][wrong] += 1

    def merge(self, other: _Tally) -> None:
        for ex_id, theirs in other.ex.items():
            acc = self.ex.get(ex_id)
            if acc is None:
                self.ex[ex_id] = theirs
                continue
            for k in range(6):
                acc[k] += theirs[k]
            acc[6].update(theirs[6])
            acc[7].update(theirs[7])  # new answers after the earlier ones: ties keep file order

    def row(self, ex: Exercise) -> dict:
        from fractions import Fraction

        answered, n, zero, low, high, full, values, wrong = self.ex.get(ex.id) or [0, 0, 0, 0, 0, 0, Counter(), Counter()]
        total = sum((Fraction(v) * k for v, k in values.items()), Fraction(0))
        return {
            "exercise": ex.id, "title": ex.title, "type": ex.type,
            "answered": n if ex.type != "rewrite" else answered,
            "mean": round(float(total / n), 3) if n else "",
            "score 0": zero, "score below half": low, "score half or more": high, "full": full,
            "most common wrong answers": " | ".join(f"{a} ({k} student{'s' if k > 1 else ''})"
                                                    for a, k in wrong.most_common(3)),
        }


_TAILS: dict = {}  # the end of a details row (exercise, scores, attempts), as CSV text


def _csv_text(cells: list) -> str:
    """One CSV row as text, as ``csv.writer`` writes it (ending in \\r\\n)."""
    buf = io.StringIO()
    csv.writer(buf).writerow(cells)
    return buf.getvalue()


class _Batch:
    """The outputs of consecutive hand-ins, rendered where they were graded: their gradebook,
    details and problems rows (CSV text), the summary's tally, their records (JSON lines), and
    their feedback files, written under a temporary name (``.<sequence number>.part``) that the
    grading process changes to the student's, once it knows which names earlier files took."""

    def __init__(self, layout: _Layout, feedback_dir: Path) -> None:
        self.layout, self.feedback_dir = layout, feedback_dir
        self._gb, self._dt, self._pr = io.StringIO(), io.StringIO(), io.StringIO()
        self.gb, self.dt, self.pr = csv.writer(self._gb), csv.writer(self._dt), csv.writer(self._pr)
        self.tally = _Tally()
        self.records: list[str] = []
        self.files: list[tuple] = []

    def add(self, g: Graded, seq: int) -> None:
        layout = self.layout
        cells = [_cell(g.file), _cell(g.name), _cell(g.student_id)]
        row = list(cells)
        total = max_total = 0.0
        scores = g.scores
        for st in layout.chosen:
            pairs, mx = layout.points[st]
            got = [scores.get(i) for i, _ in pairs]
            pts = sum((s or 0) * w for s, (_, w) in zip(got, pairs))
            row += ["" if s is None else round(s * w, 2) for s, (_, w) in zip(got, pairs)]
            row += [round(pts, 2), mx, round(100 * pts / mx, 1) if mx else ""]
            total, max_total = total + pts, max_total + mx
        row += [round(total, 2), max_total, round(100 * total / max_total, 1) if max_total else "",
                _cell("; ".join(g.problems))]
        self.gb.writerow(row)
        details = g.details
        if details:
            # The details rows: the hand-in's cells, then the exercise's, which many hand-ins
            # share (each distinct tail made into CSV text once per process).
            head = _csv_text(cells)[:-2] + ","
            write = self._dt.write
            for st in layout.chosen:
                for i in layout.by_set[st]:
                    d = details.get(i)
                    if d is None:
                        continue
                    sc, f, b, la = scores.get(i), d["first"], d["best"], d["latest"]
                    # (the types too: 1 and 1.0 are equal keys, but not the same text)
                    key = (i, sc, f, b, la, d["attempts"], d["revealed"], type(sc), type(f), type(b), type(la))
                    tail = _TAILS.get(key)
                    if tail is None:
                        if len(_TAILS) > 50_000:
                            _TAILS.clear()
                        tail = _TAILS[key] = _csv_text(
                            [st, i, "" if sc is None else round(sc, 4),
                             *["" if d[k] is None else round(d[k], 4) for k in ("first", "best", "latest")],
                             d["attempts"], "yes" if d["revealed"] else "no"])
                    write(head + tail)
        for p in g.problems:
            self.pr.writerow([cells[0], cells[1], _cell(p)])
        temp = stem = None
        if g.readable:
            for ex_id in layout.summary_ids:
                sc = scores.get(ex_id)
                has = ex_id in g.results
                if sc is None and not has:
                    continue
                wrong = (layout.outcome(g, ex_id).words()
                         if sc is not None and sc < 1.0 and ex_id in g.answers else None)
                self.tally.add(ex_id, sc, has, wrong)
            temp = f".{seq}.part"
            (self.feedback_dir / temp).write_bytes(layout.feedback(g))
            stem = _safe(g.name or g.student_id or Path(g.file).stem)
        keep = layout.keep
        self.records.append(json.dumps(
            {"file": g.file, "name": g.name, "student_id": g.student_id, "scores": g.scores,
             "answers": {i: a for i, a in g.answers.items() if i in keep},
             "details": {i: d for i, d in g.details.items() if i in keep},
             "problems": g.problems, "readable": g.readable}, separators=(",", ":")))
        who = (g.name.casefold(), g.student_id.casefold()) if g.readable and (g.name or g.student_id) else None
        self.files.append((g.file, stem, temp, who, len(g.problems)))

    def done(self) -> dict:
        return {"gradebook": self._gb.getvalue(), "details": self._dt.getvalue(), "problems": self._pr.getvalue(),
                "tally": self.tally, "records": "".join(r + "\n" for r in self.records), "files": self.files}


class Records:
    """The graded hand-ins' records, in file order, read back one at a time from the temporary
    file they were spooled to, as often as needed: each a ``Graded`` with the scores, the
    problems (those found at the end, such as a duplicate student, included), and the answers
    and details of the assessment forms and open responses only (no results). ``close()`` (or
    the end of the process) removes the file."""

    def __init__(self, path: Path, count: int, late: dict[str, list[str]], with_problems: int) -> None:
        import weakref

        self.path, self.count, self.late, self.with_problems = Path(path), count, late, with_problems
        self._remove = weakref.finalize(self, _unlink, str(path))

    def __len__(self) -> int:
        return self.count

    def __iter__(self):
        with open(self.path, "rb") as fh:
            for line in fh:
                d = _loads(line)
                g = Graded(**d)
                g.problems += self.late.get(g.file, [])
                yield g

    def close(self) -> None:
        self._remove()


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


class ClassWriter:
    """Writes a class's outputs batch by batch (``_Batch``), in file order, so that a large class
    is never held in memory; then ``finish`` adds what is only known at the end (a student who
    handed in twice), writes the summary, and returns the paths and the records (``Records``)."""

    def __init__(self, keys: dict[str, Exercise], out: Path, sets: list[str] | None = None,
                 score_mode: str = "best", layout: _Layout | None = None) -> None:
        self.layout = layout or _Layout(keys, sets, score_mode)
        self.keys, self.out = keys, Path(out)
        self.feedback_dir = self.out / "feedback"
        self.feedback_dir.mkdir(parents=True, exist_ok=True)
        self.gradebook, self.details = self.out / "gradebook.csv", self.out / "details.csv"
        self.problems = self.out / "problems.csv"
        self._fh = {}
        for path, head in ((self.gradebook, self.layout.gradebook_head), (self.details, self.layout.details_head),
                           (self.problems, ["file", "student", "problem"])):
            fh = self._fh[path] = open(path, "w", newline="", encoding="utf-8")
            csv.writer(fh).writerow(head)
        fd, spool = tempfile.mkstemp(prefix="medialit-records-", suffix=".jsonl")
        self._spool_path = Path(spool)
        self._spool = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        self._taken: set[str] = set()
        self._who: dict[tuple, list] = {}  # (name, id) folded -> [(file, feedback name, problems shown)]
        self._tally = _Tally()
        self._files = self._readable = self._with_problems = 0

    def take(self, batch: dict) -> None:
        self._fh[self.gradebook].write(batch["gradebook"])
        self._fh[self.details].write(batch["details"])
        self._fh[self.problems].write(batch["problems"])
        self._spool.write(batch["records"])
        self._tally.merge(batch["tally"])
        for file, stem, temp, who, shown in batch["files"]:
            self._files += 1
            self._with_problems += shown > 0
            name = None
            if temp is not None:
                self._readable += 1
                name, n = f"{stem}.md", 1
                while name.lower() in self._taken:
                    n += 1
                    name = f"{stem}-{n}.md"
                self._taken.add(name.lower())
                os.replace(self.feedback_dir / temp, self.feedback_dir / name)
            if who is not None:
                self._who.setdefault(who, []).append((file, name, shown))

    def abort(self) -> None:
        """After an error: close the files, remove the records and the feedback files' temporary copies."""
        for fh in self._fh.values():
            fh.close()
        self._spool.close()
        _unlink(str(self._spool_path))
        for part in self.feedback_dir.glob(".*.part"):
            _unlink(str(part))

    def finish(self, flag_duplicates: bool = True) -> tuple[dict[str, Path], Records]:
        """Close the files; add to the gradebook, the problems and the feedback files the notes
        only known at the end (a student who handed in twice); write the summary."""
        for fh in self._fh.values():
            fh.close()
        self._spool.close()
        late: dict[str, list[str]] = {}
        amend: dict[str, tuple] = {}
        if flag_duplicates:
            for group in self._who.values():
                if len(group) > 1:
                    for file, name, shown in group:
                        others = ", ".join(f for f, _, _ in group if f != file)
                        late[file] = [f"duplicate student: also in {others}"]
                        amend[file] = (name, shown)
                        self._with_problems += shown == 0
        records = Records(self._spool_path, self._files, late, self._with_problems)
        if late:
            self._amend(late, amend, records)
        summary_csv, summary_md = self._summary()
        paths = {"gradebook": self.gradebook, "details": self.details, "problems": self.problems,
                 "summary_csv": summary_csv, "summary_md": summary_md, "feedback": self.feedback_dir}
        return paths, records

    def _amend(self, late: dict[str, list[str]], amend: dict[str, tuple], records: Records) -> None:
        """The gradebook's problems column and problems.csv written again from the records (which
        hold every problem), and the notes appended to the feedback files concerned."""
        part = self.gradebook.with_suffix(".csv.part")
        with open(self.gradebook, newline="", encoding="utf-8") as src, \
                open(part, "w", newline="", encoding="utf-8") as dst, \
                open(self.problems, "w", newline="", encoding="utf-8") as pr:
            r, w, p = csv.reader(src), csv.writer(dst), csv.writer(pr)
            w.writerow(next(r))
            p.writerow(["file", "student", "problem"])
            for g, row in zip(records, r):
                if g.file in late:
                    row[-1] = _cell("; ".join(g.problems))
                w.writerow(row)
                for problem in g.problems:
                    p.writerow([_cell(g.file), _cell(g.name), _cell(problem)])
        part.replace(self.gradebook)
        for file, (name, shown) in amend.items():
            if name is not None:
                with open(self.feedback_dir / name, "ab") as fh:
                    fh.write(_notes(late[file], heading=not shown))

    def _summary(self) -> tuple[Path, Path]:
        """Per exercise: how the class did, and the most common answers that were not right, in words."""
        rows = [self._tally.row(self.keys[ex_id]) for ex_id in self.layout.summary_ids]
        summary_csv = self.out / "summary.csv"
        with open(summary_csv, "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]) if rows else ["exercise"])
            w.writeheader()
            w.writerows({k: _cell(v) for k, v in r.items()} for r in rows)
        md = ["# Class summary", "", f"{self._files} file(s), {self._readable} readable.", "",
              "| exercise | type | answered | mean | 0 | <½ | ≥½ | full | most common wrong answers |",
              "|---|---|---|---|---|---|---|---|---|"]
        for r in rows:
            md.append(f"| {r['exercise']} | {r['type']} | {r['answered']} | {r['mean']} | {r['score 0']} | "
                      f"{r['score below half']} | {r['score half or more']} | {r['full']} | "
                      f"{_md(r['most common wrong answers'])} |")
        summary_md = self.out / "summary.md"
        summary_md.write_text("\n".join(md) + "\n", encoding="utf-8")
        return summary_csv, summary_md


def _describe_once(ex: Exercise, raw) -> str:
    from ..exercises.registry import TYPES

    try:
        return TYPES[ex.type].describe(ex, from_json_value(raw))
    except Exception:  # noqa: BLE001 - a hand-in of an odd shape is still described
        return json.dumps(raw, ensure_ascii=False, default=str)[:120]


def _describe(ex: Exercise, raw) -> str:
    return _outcome(ex, raw).words()


def _md(text) -> str:
    """Text for a Markdown file a teacher may render: markup shown as text, table pipes kept in
    their cell, bidirectional controls made visible (a name or an answer is the student's own)."""
    return _md_text(str(text))


@lru_cache(maxsize=65536)
def _md_text(text: str) -> str:
    import html as _html

    from ..corpus import inert

    return _html.escape(inert(text), quote=False).replace("|", "\\|")
