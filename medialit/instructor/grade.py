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
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import KitError
from ..exercises.answers import OLD_SCHEMAS, SCHEMA, from_json_value, migrate
from ..exercises.core import STATUS_WORDS, Exercise
from ..exercises.model import DefinitionError, compile_exercise, read_definitions
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

def _depth(value, limit: int) -> int:
    """Nesting depth of parsed JSON, iteratively (a crafted file can't exhaust the stack)."""
    if not isinstance(value, (dict, list)):
        return 1
    deepest, stack = 0, [(value, 1)]
    while stack:
        v, d = stack.pop()
        deepest = max(deepest, d)
        if deepest > limit:
            return deepest
        children = v.values() if isinstance(v, dict) else v
        stack.extend((x, d + 1) for x in children if isinstance(x, (dict, list)))
    return deepest


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
    if _depth(data, MAX_DEPTH) > MAX_DEPTH:
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


def _rescore(ex: Exercise, raw):
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
        scored: list[tuple] = []  # first, best and latest are often the same answer: score it once
        for which, raw in candidates.items():
            earlier = next((r for other, r in scored if type(other) is type(raw) and other == raw), None)
            if earlier is not None:
                res = dict(earlier)
            else:
                res = _rescore(ex, raw)
                scored.append((raw, dict(res)))
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
    _WORKER_OPTIONS.update(score_mode=score_mode, root=root)


def _grade_chunk(paths):
    return [grade_file(p, _WORKER_KEYS, **_WORKER_OPTIONS) for p in paths]


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
    """The gradebook (one subtotal per set), problems, details, feedback files and summary."""
    out = Path(out)
    (out / "feedback").mkdir(parents=True, exist_ok=True)
    chosen = counted_sets(keys, sets)
    by_set = _scored_ids(keys, chosen)
    ids = [i for s in chosen for i in by_set[s]]
    gradebook = out / "gradebook.csv"
    with open(gradebook, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        head = ["file", "student", "student_id"]
        for st in chosen:
            head += [*by_set[st], f"{st} points", f"{st} max", f"{st} %"]
        w.writerow(head + ["total", "max", "percent", "problems"])
        for g in results:
            row = [_cell(g.file), _cell(g.name), _cell(g.student_id)]
            total = max_total = 0.0
            for st in chosen:
                pts = sum((g.scores.get(i) or 0) * keys[i].points for i in by_set[st])
                mx = sum(keys[i].points for i in by_set[st])
                row += ["" if g.scores.get(i) is None else round(g.scores[i] * keys[i].points, 4) for i in by_set[st]]
                row += [round(pts, 4), mx, round(100 * pts / mx, 1) if mx else ""]
                total, max_total = total + pts, max_total + mx
            row += [round(total, 4), max_total, round(100 * total / max_total, 1) if max_total else "",
                    _cell("; ".join(g.problems))]
            w.writerow(row)
    details = out / "details.csv"
    with open(details, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "student", "student_id", "set", "exercise", f"counted ({score_mode})", "first", "best",
                    "latest", "attempts", "asked for the answer"])
        for g in results:
            for st in chosen:
                for i in by_set[st]:
                    d = g.details.get(i)
                    if d is None:
                        continue
                    w.writerow([_cell(g.file), _cell(g.name), _cell(g.student_id), st, i,
                                "" if g.scores.get(i) is None else round(g.scores[i], 4),
                                *["" if d[k] is None else round(d[k], 4) for k in ("first", "best", "latest")],
                                d["attempts"], "yes" if d["revealed"] else "no"])
    problems = out / "problems.csv"
    with open(problems, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "student", "problem"])
        for g in results:
            for p in g.problems:
                w.writerow([_cell(g.file), _cell(g.name), _cell(p)])
    taken: set[str] = set()
    shown_sets = {s: [i for i, ex in keys.items() if ex.public.get("set") == s] for s in chosen}
    for g in results:
        if not g.readable:
            continue
        stem = _safe(g.name or g.student_id or Path(g.file).stem)
        name, n = f"{stem}.md", 1
        while name.lower() in taken:
            n += 1
            name = f"{stem}-{n}.md"
        taken.add(name.lower())
        (out / "feedback" / name).write_text(feedback_markdown(g, keys, shown_sets), encoding="utf-8")
    summary_csv, summary_md = write_summary(results, keys, out, [i for s in chosen for i in shown_sets[s]])
    return {"gradebook": gradebook, "details": details, "problems": problems, "summary_csv": summary_csv,
            "summary_md": summary_md, "feedback": out / "feedback"}


def _describe(ex: Exercise, raw) -> str:
    from ..exercises.registry import TYPES

    try:
        return TYPES[ex.type].describe(ex, from_json_value(raw))
    except Exception:  # noqa: BLE001 - a hand-in of an odd shape is still described
        return json.dumps(raw, ensure_ascii=False, default=str)[:120]




def _md(text) -> str:
    """Text for a Markdown file a teacher may render: markup shown as text, table pipes kept in
    their cell, bidirectional controls made visible (a name or an answer is the student's own)."""
    import html as _html

    from ..corpus import inert

    return _html.escape(inert(str(text)), quote=False).replace("|", "\\|")


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


def write_summary(results: list[Graded], keys: dict[str, Exercise], out: Path,
                  ids: list[str] | None = None) -> tuple[Path, Path]:
    """Per exercise: how the class did, and the most common answers that were not right, in words."""
    rows = []
    for ex_id in ids if ids is not None else sorted(keys):
        ex = keys[ex_id]
        scores = [g.scores[ex_id] for g in results if g.readable and g.scores.get(ex_id) is not None]
        wrong = Counter(_describe(ex, g.answers[ex_id])
                        for g in results if g.scores.get(ex_id) is not None and g.scores[ex_id] < 1.0
                        and ex_id in g.answers)
        rows.append({
            "exercise": ex_id, "title": ex.title, "type": ex.type,
            "answered": len(scores) if ex.type != "rewrite" else sum(ex_id in g.results for g in results),
            "mean": round(sum(scores) / len(scores), 3) if scores else "",
            "score 0": sum(s == 0 for s in scores), "score below half": sum(0 < s < 0.5 for s in scores),
            "score half or more": sum(0.5 <= s < 1 for s in scores), "full": sum(s == 1 for s in scores),
            "most common wrong answers": " | ".join(f"{a} ({n} student{'s' if n > 1 else ''})"
                                                    for a, n in wrong.most_common(3)),
        })
    summary_csv = out / "summary.csv"
    with open(summary_csv, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]) if rows else ["exercise"])
        w.writeheader()
        w.writerows({k: _cell(v) for k, v in r.items()} for r in rows)
    readable = sum(g.readable for g in results)
    md = [f"# Class summary", "", f"{len(results)} file(s), {readable} readable.", "",
          "| exercise | type | answered | mean | 0 | <½ | ≥½ | full | most common wrong answers |",
          "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        md.append(f"| {r['exercise']} | {r['type']} | {r['answered']} | {r['mean']} | {r['score 0']} | "
                  f"{r['score below half']} | {r['score half or more']} | {r['full']} | "
                  f"{_md(r['most common wrong answers'])} |")
    summary_md = out / "summary.md"
    summary_md.write_text("\n".join(md) + "\n", encoding="utf-8")
    return summary_csv, summary_md
