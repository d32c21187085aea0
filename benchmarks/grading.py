"""Print how fast the grader rescores a class, and how much memory it takes.

    python benchmarks/grading.py [N ...]

For each class size N (default: 1,000 and 10,000 answers files, synthetic, made by the kit's
own sample generator with a fixed seed), grades the folder as ``medialit grade`` does (``grade_class``) with 1 and then 2 worker
processes, outputs included (gradebook, details, feedback files, summary), each run in a fresh Python
process, and prints: the time, files per second, the peak memory (largest resident set) of the
grading process and, apart, of its largest worker, the CPU time used in all (user and system: on a
slow file system, creating the feedback files is a large part of the system time), and the
speed-up from the second worker. The machine's load average is printed before and after.

Targets (issue 25): 10,000 files in 10 s or less on 2 cores; peak memory flat as N grows.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from medialit.instructor import grade as G
from medialit.instructor.samples import answers_file
from medialit.paths import repo_root

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from medialit.instructor import grade as G
hand, keys_dir, out, workers = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
t0 = time.perf_counter()
results, keys, paths = G.grade_class(hand, keys_dir, out, workers=workers, progress=False)
dt = time.perf_counter() - t0
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": dt, "main_kib": me.ru_maxrss, "worker_kib": kids.ru_maxrss, "files": len(results),
                  "user": me.ru_utime + kids.ru_utime, "sys": me.ru_stime + kids.ru_stime}))
"""


def make_class(folder: Path, n: int, exercises) -> None:
    rng = random.Random(1)
    for i in range(n):
        data = answers_file(f"Student {i:05d}", exercises, rng, skill=rng.random())
        (folder / f"s{i:05d}.json").write_text(json.dumps(data), encoding="utf-8")


def run(hand: Path, keys_dir: Path, out: Path, workers: int) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, str(hand), str(keys_dir), str(out), str(workers)],
                          capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(sizes: list[int]) -> None:
    keys_dir = repo_root() / "solutions"
    keys = G.load_keys(keys_dir)
    exercises = list(keys.values())
    print(f"{os.cpu_count()} CPU(s); {len(keys)} exercises; outputs included; load average before: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'files':>7} {'workers':>8} {'seconds':>8} {'files/s':>8} {'main MiB':>9} {'worker MiB':>11} "
          f"{'CPU user+sys s':>15} {'speed-up':>9}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            hand = Path(tmp) / "handins"
            hand.mkdir()
            make_class(hand, n, exercises)
            one = None
            for workers in (1, 2):
                r = run(hand, keys_dir, Path(tmp) / f"out{workers}", workers)
                assert r["files"] == n, r
                one = one or r["seconds"]
                worker = f"{r['worker_kib'] / 1024:11.0f}" if workers > 1 else f"{'-':>11}"
                print(f"{n:7d} {workers:8d} {r['seconds']:8.2f} {n / r['seconds']:8.0f} "
                      f"{r['main_kib'] / 1024:9.0f} {worker} {r['user']:7.1f}+{r['sys']:<7.1f} "
                      f"{one / r['seconds']:8.2f}x")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])
