"""Print the time to grade 1,000 synthetic answers files (goal: under 5 s on 2 cores).

    python benchmarks/grading.py [N]
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path

from medialit.instructor import grade as G
from medialit.instructor.samples import answers_file
from medialit.paths import repo_root


def main(n: int = 1000) -> None:
    keys_dir = repo_root() / "solutions"
    keys = G.load_keys(keys_dir)
    exercises = list(keys.values())
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        hand = Path(tmp) / "handins"
        hand.mkdir()
        for i in range(n):
            data = answers_file(f"Student {i:04d}", exercises, rng, skill=rng.random())
            (hand / f"s{i:04d}.json").write_text(json.dumps(data), encoding="utf-8")
        for workers in (1, 2):
            t0 = time.perf_counter()
            results, k = G.grade_folder(hand, keys_dir, workers=workers, progress=False)
            G.write_outputs(results, k, Path(tmp) / f"out{workers}")
            dt = time.perf_counter() - t0
            print(f"{n} files, {len(keys)} exercises, {workers} worker(s): {dt:6.2f} s "
                  f"({dt / n * 1000:5.2f} ms per file, outputs included)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
