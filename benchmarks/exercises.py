"""Print the exercise engine's figures: import time, Check-to-feedback time, static asset size.

    python benchmarks/exercises.py
"""

from __future__ import annotations

import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def import_time(module: str, runs: int = 7) -> float:
    def once(code):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - t0

    base = statistics.median(once("pass") for _ in range(runs))
    return statistics.median(once(f"import {module}") for _ in range(runs)) - base


def check_to_feedback(runs: int = 30) -> dict[str, float]:
    os.environ["MEDIALIT_ANSWERS"] = str(Path(tempfile.mkdtemp()) / "bench-answers.json")
    from medialit.exercises import model
    from medialit.exercises.widget import ExerciseWidget

    out = {}
    for ex in model.exercise_set("gallery"):
        w = ExerciseWidget(ex)
        answer = model.key_answer(ex) if ex.type != "rewrite" else "A neutral version."
        if ex.type == "value" and ex.public["value_kind"] == "series":
            answer = {"__pandas__": "series", "data": {"A": 2207, "B": 2317}}
        w.answer = answer
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            w.check_count += 1  # what the browser sends on Check; the result comes back synchronously
            times.append(time.perf_counter() - t0)
            assert w.result is not None
        out[f"{ex.id} ({ex.type})"] = statistics.median(times)
    return out


def static_check_to_feedback(runs: int = 30) -> dict[str, float] | None:
    """Check-to-feedback in the static book: scoring and presenting in Chromium (no server)."""
    import shutil

    exe = shutil.which("chromium")
    if not exe:
        return None
    from playwright.sync_api import sync_playwright

    from medialit import jsbuild
    from medialit.exercises import model
    from medialit.exercises.registry import TYPES

    exs = [e for e in model.exercise_set("gallery")
           if not (e.type == "value" and e.public["value_kind"] not in ("number", "string"))]
    cases = [[e.to_json(), TYPES[e.type].examples(e)["right"]] for e in exs]
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-gpu",
                                                          "--disable-background-networking"])
        page = b.new_page()
        page.set_content("<!doctype html><title>bench</title>")
        page.add_script_tag(path=str(jsbuild.OUTPUTS["classic"]))
        # Timers in a page are coarse (0.1 ms): time a batch and divide.
        times = page.evaluate("""([cases, runs]) => cases.map(([ex, a]) => {
            const t0 = performance.now();
            for (let i = 0; i < runs; i++) medialitExercises.present(medialitExercises.scoreStatic(ex, a), false);
            return (performance.now() - t0) / runs; })""", [cases, 200])
        b.close()
    return {f"{e.id} ({e.type})": t / 1000 for e, t in zip(exs, times)}


def main() -> None:
    static = Path(__file__).resolve().parent.parent / "medialit" / "static"
    print(f"import medialit (fresh interpreter):            {import_time('medialit') * 1000:7.0f} ms")
    print(f"import medialit.exercises.widget:               {import_time('medialit.exercises.widget') * 1000:7.0f} ms")
    print("Check-to-feedback in the live widget (median, scoring + saving the answers file):")
    live = check_to_feedback()
    for name, t in live.items():
        print(f"  {name:34} {t * 1000:7.2f} ms")
    print(f"  slowest: {max(live.values()) * 1000:.2f} ms (goal: under 50 ms for every type)")
    in_book = static_check_to_feedback()
    if in_book is None:
        print("Check-to-feedback in the static book: skipped (no chromium on PATH)")
    else:
        print("Check-to-feedback in the static book (mean of 200, scoring + presenting in Chromium):")
        for name, t in in_book.items():
            print(f"  {name:34} {t * 1000:7.3f} ms")
        print(f"  slowest: {max(in_book.values()) * 1000:.3f} ms (goal: under 50 ms for every type)")
    total = gz = 0
    for name in ("exercises.classic.js", "exercises.css", "cardsearch.js"):  # what a book page loads
        raw = (static / name).read_bytes()
        total += len(raw)
        gz += len(gzip.compress(raw))
        print(f"static {name:22} {len(raw) / 1024:6.1f} KiB ({len(gzip.compress(raw)) / 1024:5.1f} KiB gzipped)")
    print(f"static exercise JS and CSS, total: {total / 1024:6.1f} KiB ({gz / 1024:5.1f} KiB gzipped)")


if __name__ == "__main__":
    main()
