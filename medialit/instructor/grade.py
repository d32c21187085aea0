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
import json
import os
import re
import stat
import sys
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

_JSON_STRING = re.compile(r'"[^"]*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_INNERMOST = re.compile(r"\[\]|\{\}")


def _depth(text: str, limit: int) -> int:
    """Nesting depth of a valid JSON text, counted on its brackets outside strings: each pass
    removes the innermost pairs (C-speed regular expressions, no recursion; a crafted file can't
    exhaust the stack). Stops once past ``limit``."""
    # Escapes first (a string may hold \\" or \\\\), then strings are plain runs between quotes.
    bare = _JSON_STRING.sub("", text.replace("\\\\", "").replace('\\"', ""))
    brackets = _NOT_BRACKET.sub("", bare)
    depth = 0
    while brackets:
        brackets, n = _INNERMOST.subn("", brackets)
        if not n:  # not balanced: can't happen for text json.loads accepted
            return limit + 1
        depth += 1
        if depth > limit:
            return depth
    return max(depth, 1)


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
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, problems + ["not a text file (not UTF-8): not an answers file"]
    if text.count("[") + text.count("{") > 200_000:
        return None, problems + ["too many nested values"]
    try:
        data = json.loads(text)
    except RecursionError:
        return None, problems + [f"nested too deeply (more than {MAX_DEPTH} levels)"]
    except json.JSONDecodeError as exc:
        return None, problems + [f"corrupt or truncated JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"]
    except ValueError as exc:  # e.g. a number too long to read
        return None, problems + [f"unreadable JSON ({str(exc)[:80]})"]
    if _depth(text, MAX_DEPTH) > MAX_DEPTH:
        return None, problems + [f"nested too deeply (more than {MAX_DEPTH} levels)"]
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
    if root:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.name


# A class gives the same answer many times over: each distinct answer to an exercise is scored
# (and described in words) once per process. Keyed by the compiled exercise object itself (held,
# so its id can't be reused) and the answer's canonical JSON; emptied when it grows past a bound,
# so memory stays flat however many files are graded.
_MEMO: dict = {}
_MEMO_LIMIT = 200_000
_memo_size = 0


def _memo(kind: str, ex: Exercise, raw, compute):
    global _memo_size
    if raw is None or isinstance(raw, (str, int, float)):  # bool is an int: the type is in the key
        text = (type(raw), raw)
    else:
        text = repr(raw)  # parsed JSON: the same answer has the same repr (keys in a different order: scored again)
    slot = _MEMO.get((kind, id(ex)))
    if slot is None or slot[0] is not ex:
        if _memo_size > _MEMO_LIMIT:
            _MEMO.clear()
            _memo_size = 0
        slot = _MEMO[(kind, id(ex))] = (ex, {})
    found = slot[1].get(text)
    if found is None:
        found = slot[1][text] = compute()
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


def _rescore(ex: Exercise, raw):
    """The result of ``raw`` against the keys: a fresh top-level dict (callers set its score)."""
    return dict(_memo("score", ex, raw, lambda: _rescore_once(ex, raw)))


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
        candidates = {"latest": entry["answer"]}
        for which in ("first", "best"):
            seen = entry.get(which)
            if isinstance(seen, dict) and "answer" in seen:
                candidates[which] = seen["answer"]
        results = {}
        for which, raw in candidates.items():
            res = _rescore(ex, raw)  # first, best and latest are often the same: scored once (_memo)
            if res["error"]:
                if which == "latest":
                    g.problems.append(f"{ex_id}: answer of the wrong shape (scored 0): {res['error']}")
                res["score"], res["points"] = 0.0, 0.0
            results[which] = (res, raw)
        first = results.get("first", results["latest"])
        if score_mode == "first":
            counted = first
        elif score_mode == "latest":
            counted = results["latest"]
        else:
            counted = max(results.values(), key=lambda pair: pair[0]["score"] or 0.0)
        res, raw = counted
        if ex.public.get("set") in forms:
            left = unanswered_items(ex, _plain(raw))
            if left:
                g.problems.append(f"{ex_id}: {len(left)} of {len(ex.public['items'])} items unanswered "
                                  "(the form's measures count only the answered items)")
        g.scores[ex_id] = res["score"]
        g.results[ex_id] = res
        g.answers[ex_id] = raw
        try:
            attempts = int(entry.get("attempts") or 1)
        except (TypeError, ValueError):
            attempts = 1
        first_seen = entry.get("first") if isinstance(entry.get("first"), dict) else {}
        stamp = first_seen.get("checked_at") or entry.get("checked_at")
        g.details[ex_id] = {"first": first[0]["score"],
                            "best": max((r["score"] or 0.0) for r, _ in results.values()) if ex.type != "rewrite" else None,
                            "latest": results["latest"][0]["score"], "attempts": attempts,
                            "revealed": bool(entry.get("revealed")),
                            "checked_at": stamp if isinstance(stamp, str) else None}
    return g


_WORKER_KEYS = Keys()
_WORKER_OPTIONS: dict = {}


def _init_worker(keys_dir: str, score_mode: str, root: str) -> None:
    keys = load_keys(Path(keys_dir))
    _WORKER_KEYS.update(keys)
    _WORKER_KEYS.retired = keys.retired
    _WORKER_KEYS.forms, _WORKER_KEYS.titles = keys.forms, keys.titles
    _WORKER_OPTIONS.update(score_mode=score_mode, root=root)


def _grade_chunk(paths):
    return [grade_file(p, _WORKER_KEYS, **_WORKER_OPTIONS) for p in paths]


def _init_class_worker(keys_dir: str, score_mode: str, root: str, sets: list[str] | None) -> None:
    _init_worker(keys_dir, score_mode, root)
    _WORKER_OPTIONS["shown"] = _shown_sets(_WORKER_KEYS, sets)


def _grade_and_render_chunk(paths):
    opts = dict(_WORKER_OPTIONS)
    shown = opts.pop("shown")
    return [_grade_and_render(p, _WORKER_KEYS, shown, **opts) for p in paths]


def _grade_and_render(path: str, keys, shown: dict, score_mode: str, root: str):
    """One hand-in graded, its feedback and summary parts rendered, and the record cut down to
    what the class-wide outputs need (see ``_compact``)."""
    g = grade_file(path, keys, score_mode, root)
    feedback, bits = render(g, keys, shown)
    return _compact(g, keys, all_details=True), feedback, bits


def _compact(g: Graded, keys, all_details: bool = False) -> Graded:
    """What is kept of a graded hand-in once its rows and feedback are written: the scores (for
    the LMS columns), and the answers and details of the assessment forms' exercises and of
    open responses (for the assessment report and the rubric file). ``all_details``: keep every
    exercise's details (a worker's record, from which the details rows are still to be written)."""
    forms = getattr(keys, "forms", {}) or {}
    keep = {i for i in g.answers if i in keys and (keys[i].type == "open" or keys[i].public.get("set") in forms)}
    return Graded(file=g.file, name=g.name, student_id=g.student_id, scores=g.scores,
                  answers={i: g.answers[i] for i in keep},
                  details=g.details if all_details else {i: d for i, d in g.details.items() if i in keep},
                  problems=g.problems, readable=g.readable)


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


def grade_folder(handins: Path, keys_dir: Path, workers: int | None = None,
                 progress: bool | None = None, score_mode: str = "best") -> tuple[list[Graded], dict[str, Exercise]]:
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
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                                 initargs=(str(keys_dir), score_mode, root)) as pool:
            it = pool.map(_grade_chunk, chunks)
            if show:
                from tqdm import tqdm

                it = tqdm(it, total=len(chunks), unit="batch", desc="grading", file=sys.stderr)
            for part in it:
                results.extend(part)
    for path in refused:
        g = Graded(file=_display_name(path, root), readable=False)
        kind = "a link" if path.is_symlink() else "not a regular file"
        g.problems.append(f"refused: {kind}; only regular files inside the hand-in folder are read")
        results.append(g)
    results.sort(key=lambda g: g.file)
    _flag_duplicates(results)
    return results, keys


def grade_class(handins: Path, keys_dir: Path, out: Path, sets: list[str] | None = None,
                workers: int | None = None, progress: bool | None = None,
                score_mode: str = "best") -> tuple[list[Graded], Keys, dict[str, Path]]:
    """Grade a folder and write its outputs as the files are graded, in file order: the same
    files as ``grade_folder`` then ``write_outputs``, without holding the class in memory. The
    workers grade a hand-in and render its feedback; this process writes rows as they come and
    keeps a small record per hand-in (``_compact``), which it returns with the keys and the
    paths written."""
    if score_mode not in SCORE_MODES:
        raise KitError(f"--score must be one of {', '.join(SCORE_MODES)}, not {score_mode!r}.")
    keys = load_keys(keys_dir)
    files, refused = collect(handins)
    counted_sets(keys, sets)  # an unknown set stops here, before anything is written
    writer = ClassWriter(keys, out, sets, score_mode)
    root = str(Path(handins))
    order = sorted([(_display_name(p, root), str(p), False) for p in files]
                   + [(_display_name(p, root), str(p), True) for p in refused])
    workers = workers or min(os.cpu_count() or 1, 8)
    show = progress if progress is not None else (len(files) >= 200 and sys.stderr.isatty())
    records: list[Graded] = []

    def refusal(shown: str, path: str) -> Graded:
        g = Graded(file=shown, readable=False)
        kind = "a link" if Path(path).is_symlink() else "not a regular file"
        g.problems.append(f"refused: {kind}; only regular files inside the hand-in folder are read")
        return g

    def take(graded, feedback, bits):
        writer.add(graded, feedback, bits)
        records.append(_compact(graded, keys))

    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(total=len(order), unit="file", desc="grading", file=sys.stderr)
    if workers <= 1 or len(files) < 50:
        for shown, path, is_refused in order:
            if is_refused:
                take(refusal(shown, path), None, [])
            else:
                g = grade_file(path, keys, score_mode, root)
                take(g, *render(g, keys, writer.shown_sets))
            if bar is not None:
                bar.update(1)
    else:
        size = max(25, min(200, len(files) // (workers * 4)))
        todo = [path for _, path, is_refused in order if not is_refused]
        chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_class_worker,
                                 initargs=(str(keys_dir), score_mode, root, sets)) as pool:
            # In file order, at most two chunks per worker in flight: what waits to be written
            # stays small however large the class.
            waiting = iter(chunks)
            pending: deque = deque()

            def top_up():
                while len(pending) < 2 * workers:
                    chunk = next(waiting, None)
                    if chunk is None:
                        return
                    pending.append(pool.submit(_grade_and_render_chunk, chunk))

            top_up()
            part: list = []
            for shown, path, is_refused in order:
                if is_refused:
                    take(refusal(shown, path), None, [])
                else:
                    if not part:
                        part = list(reversed(pending.popleft().result()))
                        top_up()
                    take(*part.pop())
                if bar is not None:
                    bar.update(1)
    if bar is not None:
        bar.close()
    _flag_duplicates(records)
    return records, keys, writer.finish(records)


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
    hand-ins already graded (``grade_folder``). ``grade_class`` writes the same files while it
    grades."""
    writer = ClassWriter(keys, out, sets, score_mode)
    for g in results:
        writer.add(g, *render(g, keys, writer.shown_sets))
    return writer.finish(results)


def render(g: Graded, keys: dict[str, Exercise], shown_sets: dict[str, list[str]]) -> tuple[str | None, list]:
    """What the outputs need from one graded hand-in beyond its scores: its feedback file's text
    (None when the file was unreadable) and, per exercise of the chosen sets it answered, (id,
    score, whether it has a result, the answer in words when not fully right). Computed where
    the file was graded (in a worker), so that the grading process keeps only a small record."""
    if not g.readable:
        return None, []
    bits = []
    for ex_id in (i for ids in shown_sets.values() for i in ids):
        sc = g.scores.get(ex_id)
        has = ex_id in g.results
        if sc is None and not has:
            continue
        wrong = _describe(keys[ex_id], g.answers[ex_id]) if sc is not None and sc < 1.0 and ex_id in g.answers else None
        bits.append((ex_id, sc, has, wrong))
    return feedback_markdown(g, keys, shown_sets), bits


class ClassWriter:
    """Writes a class's outputs one hand-in at a time, in the order given, so that a large class
    is never held in memory. Call ``add`` for each graded hand-in, then ``finish`` with the
    small records ``add`` returned (for the notes only known at the end: duplicate students)."""

    def __init__(self, keys: dict[str, Exercise], out: Path, sets: list[str] | None = None,
                 score_mode: str = "best") -> None:
        self.keys, self.out, self.score_mode = keys, Path(out), score_mode
        (self.out / "feedback").mkdir(parents=True, exist_ok=True)
        self.chosen = counted_sets(keys, sets)
        self.by_set = _scored_ids(keys, self.chosen)
        # Per set: (its scored ids with their points, its maximum), once for the class.
        self._points = {st: ([(i, keys[i].points) for i in ids], sum(keys[i].points for i in ids))
                        for st, ids in self.by_set.items()}
        self.shown_sets = _shown_sets(keys, sets)
        self.summary_ids = [i for s in self.chosen for i in self.shown_sets[s]]
        self.gradebook, self.details = self.out / "gradebook.csv", self.out / "details.csv"
        self._gb_fh = open(self.gradebook, "w", newline="", encoding="utf-8")
        self._gb = csv.writer(self._gb_fh)
        head = ["file", "student", "student_id"]
        for st in self.chosen:
            head += [*self.by_set[st], f"{st} points", f"{st} max", f"{st} %"]
        self._gb.writerow(head + ["total", "max", "percent", "problems"])
        self._dt_fh = open(self.details, "w", newline="", encoding="utf-8")
        self._dt = csv.writer(self._dt_fh)
        self._dt.writerow(["file", "student", "student_id", "set", "exercise", f"counted ({score_mode})", "first",
                           "best", "latest", "attempts", "asked for the answer"])
        self._taken: set[str] = set()
        self._shown: dict[str, int] = {}  # file -> how many problems its rows and feedback show
        self._feedback: dict[str, str] = {}  # file -> its feedback file's name
        self._files = self._readable = 0
        self._sum = {i: {"answered": 0, "scores": [0, 0.0, 0, 0, 0, 0], "wrong": Counter()} for i in self.summary_ids}

    def add(self, g: Graded, feedback: str | None, bits: list) -> None:
        keys = self.keys
        row = [_cell(g.file), _cell(g.name), _cell(g.student_id)]
        total = max_total = 0.0
        scores = g.scores
        for st in self.chosen:
            pairs, mx = self._points[st]
            got = [scores.get(i) for i, _ in pairs]
            pts = sum((s or 0) * w for s, (_, w) in zip(got, pairs))
            row += ["" if s is None else round(s * w, 2) for s, (_, w) in zip(got, pairs)]
            row += [round(pts, 2), mx, round(100 * pts / mx, 1) if mx else ""]
            total, max_total = total + pts, max_total + mx
        row += [round(total, 2), max_total, round(100 * total / max_total, 1) if max_total else "",
                _cell("; ".join(g.problems))]
        self._gb.writerow(row)
        for st in self.chosen:
            for i in self.by_set[st]:
                d = g.details.get(i)
                if d is None:
                    continue
                self._dt.writerow([_cell(g.file), _cell(g.name), _cell(g.student_id), st, i,
                                   "" if g.scores.get(i) is None else round(g.scores[i], 4),
                                   *["" if d[k] is None else round(d[k], 4) for k in ("first", "best", "latest")],
                                   d["attempts"], "yes" if d["revealed"] else "no"])
        self._files += 1
        self._shown[g.file] = len(g.problems)
        if feedback is not None:
            self._readable += 1
            stem = _safe(g.name or g.student_id or Path(g.file).stem)
            name, n = f"{stem}.md", 1
            while name.lower() in self._taken:
                n += 1
                name = f"{stem}-{n}.md"
            self._taken.add(name.lower())
            (self.out / "feedback" / name).write_text(feedback, encoding="utf-8")
            self._feedback[g.file] = name
        for ex_id, sc, has, wrong in bits:
            acc = self._sum.get(ex_id)
            if acc is None:
                continue
            acc["answered"] += has
            if sc is not None:
                c = acc["scores"]
                c[0] += 1
                c[1] += sc
                c[2 if sc == 0 else 3 if sc < 0.5 else 4 if sc < 1 else 5] += 1
            if wrong is not None:
                acc["wrong"][wrong] += 1

    def finish(self, results: list[Graded]) -> dict[str, Path]:
        """Close the files; add to the gradebook and the feedback files the notes added to the
        records since they were written; write problems.csv and the summary."""
        self._gb_fh.close()
        self._dt_fh.close()
        late = {g.file: g for g in results if len(g.problems) > self._shown.get(g.file, 0)}
        if late:
            self._amend(late)
        problems = self.out / "problems.csv"
        with open(problems, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["file", "student", "problem"])
            for g in results:
                for p in g.problems:
                    w.writerow([_cell(g.file), _cell(g.name), _cell(p)])
        summary_csv, summary_md = self._summary()
        return {"gradebook": self.gradebook, "details": self.details, "problems": problems,
                "summary_csv": summary_csv, "summary_md": summary_md, "feedback": self.out / "feedback"}

    def _amend(self, late: dict[str, Graded]) -> None:
        part = self.gradebook.with_suffix(".csv.part")
        with open(self.gradebook, newline="", encoding="utf-8") as src, \
                open(part, "w", newline="", encoding="utf-8") as dst:
            r, w = csv.reader(src), csv.writer(dst)
            w.writerow(next(r))
            cells = {_cell(f): g for f, g in late.items()}
            for row in r:
                g = cells.get(row[0])
                if g is not None:
                    row[-1] = _cell("; ".join(g.problems))
                w.writerow(row)
        part.replace(self.gradebook)
        for file, g in late.items():
            if file not in self._feedback:
                continue
            name, shown = self._feedback[file], self._shown[file]
            path = self.out / "feedback" / name
            text = path.read_text(encoding="utf-8")
            extra = [f"- {_md(p)}" for p in g.problems[shown:]]
            head = [] if shown else ["## Notes on the file", ""]
            path.write_text(text + "\n".join(head + extra) + "\n", encoding="utf-8")

    def _summary(self) -> tuple[Path, Path]:
        """Per exercise: how the class did, and the most common answers that were not right, in words."""
        rows = []
        for ex_id in self.summary_ids:
            ex = self.keys[ex_id]
            acc = self._sum[ex_id]
            n, total, zero, low, high, full = acc["scores"]
            rows.append({
                "exercise": ex_id, "title": ex.title, "type": ex.type,
                "answered": n if ex.type != "rewrite" else acc["answered"],
                "mean": round(total / n, 3) if n else "",
                "score 0": zero, "score below half": low, "score half or more": high, "full": full,
                "most common wrong answers": " | ".join(f"{a} ({k} student{'s' if k > 1 else ''})"
                                                        for a, k in acc["wrong"].most_common(3)),
            })
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
    return _memo("describe", ex, raw, lambda: _describe_once(ex, raw))




def _md(text) -> str:
    """Text for a Markdown file a teacher may render: markup shown as text, table pipes kept in
    their cell, bidirectional controls made visible (a name or an answer is the student's own)."""
    return _md_text(str(text))


@lru_cache(maxsize=65536)
def _md_text(text: str) -> str:
    import html as _html

    from ..corpus import inert

    return _html.escape(inert(text), quote=False).replace("|", "\\|")


def feedback_markdown(g: Graded, keys: dict[str, Exercise], sets: dict[str, list[str]] | None = None) -> str:
    """One student's feedback, set by set, in words: what they chose, and why it is right or not.
    Every text from a hand-in or a definition is escaped (``_md``)."""
    from ..exercises.registry import TYPES

    sets = sets or {"": sorted(keys)}
    lines = [f"# Feedback for {_md(g.name or g.student_id or g.file)}", ""]
    summary_at = len(lines)
    total = max_total = 0.0
    for st, ids in sets.items():
        answered = [i for i in ids if i in g.results]
        if st:
            lines += [f"## {st}", ""]
        skipped = [i for i in ids if i not in g.results]
        for ex_id in answered:
            ex = keys[ex_id]
            res = g.results[ex_id]
            scored = TYPES[ex.type].scored
            lines.append(f"### {ex_id}: {_md(ex.title)}")
            lines += ["", f"Your answer: {_md(_describe(ex, g.answers[ex_id]))}", ""]
            if scored:
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
        for ex_id in ids:
            if TYPES[keys[ex_id].type].scored:
                max_total += keys[ex_id].points
                total += g.results[ex_id]["points"] if ex_id in g.results else 0.0
        if skipped:
            lines += ["Not answered: " + ", ".join(f"{i} ({_md(keys[i].title)})" for i in skipped) + ".", ""]
    lines.insert(summary_at, f"Total: {round(total, 2):g} of {max_total:g}.\n")
    if g.problems:
        lines += ["## Notes on the file", ""] + [f"- {_md(p)}" for p in g.problems]
    return "\n".join(lines) + "\n"
