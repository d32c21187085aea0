"""Helpers shared by the test files (fixtures live in conftest.py)."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def all_exercises():
    """Every practice exercise in the bank (assessment exercises ship with no key to test)."""
    from medialit.exercises import model

    return [e for e in model.bank_cache().values() if not model.is_assessment(e)]


def assessment_key_strings() -> list[str]:
    """The keys of the assessment sets, from the instructors' definitions: none may appear in
    anything a student gets, sealed or not."""
    import json as _json

    from medialit.exercises import model
    from medialit.exercises.seal import seal
    from medialit.instructor.grade import load_keys

    out = []
    for ex in load_keys(ROOT / "solutions").values():
        if ex.public.get("set") not in {e.public["set"] for e in model.bank_cache().values() if model.is_assessment(e)}:
            continue
        secret = ex.secret()
        out.append('"key":' + _json.dumps(secret["key"], sort_keys=True, separators=(",", ":"), ensure_ascii=False))
        out.append(seal(ex.id, secret))  # the sealed form of the full secret
        if secret.get("explanation"):
            out.append(secret["explanation"])
    return out


def key_strings(corpus: bool = True) -> list[str]:
    """What would give answers away if it appeared in a student's files.

    ``corpus=False`` leaves out what the exercises copy from the annotated corpus (a claim's
    evidence summary): the corpus is course content and ships in ``seeds/``.
    """
    out = []
    for ex in all_exercises():
        secret = ex.secret()
        out.append('"key":' + json.dumps(secret["key"], sort_keys=True, separators=(",", ":"), ensure_ascii=False))
        if ex.type == "categorise":
            out += [f'"{i}":"{label}"' for i, label in secret["key"].items()]
        if ex.type in ("single", "multiple"):
            out += [fb for fb in secret["feedback"].values() if len(fb) > 20]
        if ex.type == "lateral" and corpus:
            out.append(secret["summary"])
    return out


def forms(s: str) -> list[str]:
    """A string as it would appear plain, base64-encoded or hex-encoded."""
    raw = s.encode("utf-8")
    return [s, base64.b64encode(raw).decode(), raw.hex()]


def run_notebook(notebook: Path, answers: Path, executed: Path | None = None) -> dict:
    """Execute a notebook in a fresh kernel (answers to ``answers``); return the saved answers.

    With ``executed``, the executed notebook (with its outputs) is written there.
    """
    env = {**os.environ, "MEDIALIT_ANSWERS": str(answers)}
    cmd = [sys.executable, str(ROOT / "tests" / "run_notebooks.py")]
    if executed is not None:
        cmd += ["--save", str(executed)]
    res = subprocess.run([*cmd, str(notebook)], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=600)
    assert res.returncode == 0, (res.stdout + res.stderr)[-3000:]
    return json.loads(answers.read_text(encoding="utf-8"))["answers"] if answers.exists() else {}


def cell_outputs_text(notebook: dict) -> list[tuple[str, str]]:
    """(source, all text of its outputs) of every code cell of an executed notebook."""
    out = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        texts = []
        for o in cell.get("outputs", []):
            if "text" in o:
                texts.append("".join(o["text"]))
            for mime in ("text/plain", "text/html"):
                if mime in o.get("data", {}):
                    texts.append("".join(o["data"][mime]))
        out.append(("".join(cell["source"]), "\n".join(texts)))
    return out


def tab_to(page, selector, limit=200):
    """Press Tab until the focused element matches ``selector``."""
    import pytest

    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")
