"""The environment, Binder, the Pages workflow and the README agree with each other."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import skip_or_fail
from .helpers import ROOT

README_BOOK = "./kit book"
README_TEST = "./kit test"


def requirement_lines(name):
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-test.txt"])
def test_requirements_are_exact_pins(name):
    for line in requirement_lines(name):
        if line in ("-e .", "-r requirements.txt"):
            continue
        assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[A-Za-z0-9_.+!\-]+", line), f"{name}: {line!r} is not an exact pin"


def test_runtime_pins_what_the_brief_names():
    pins = dict(ln.split("==") for ln in requirement_lines("requirements.txt") if "==" in ln)
    low = {k.lower(): v for k, v in pins.items()}
    for pkg in ("jupyter-book", "ipywidgets", "pandas", "textstat"):
        assert pkg in low, pkg
    assert low["jupyter-book"].startswith("1."), "the kit is built on Jupyter Book 1.x"
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"


def test_readme_states_the_two_commands_and_ci_calls_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert README_BOOK in readme and README_TEST in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "set -euo pipefail" in ci
    assert re.search(r"^\./kit test\s*$", ci, re.M)


def test_pages_workflow_builds_with_the_readme_command():
    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = wf["jobs"]["build"]["steps"]
    runs = [s.get("run", "").strip() for s in steps]
    assert README_BOOK in runs
    uploads = [s for s in steps if "upload-pages-artifact" in s.get("uses", "")]
    assert uploads and uploads[0]["with"]["path"] == "_build/html"
    assert "deploy-pages" in str(wf["jobs"]["deploy"]["steps"])
    py = [s for s in steps if "setup-python" in s.get("uses", "")][0]["with"]["python-version"]
    assert str(py) == "3.11"


def test_binder_accepts_the_repository(tmp_path):
    """repo2docker --no-build: the Dockerfile it would build uses Python 3.11 and our pins."""
    r2d = Path(sys.executable).parent / "jupyter-repo2docker"
    if not r2d.exists():
        skip_or_fail("jupyter-repo2docker is not installed: run ./kit test, which installs it")
    repo = tmp_path / "repo"
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.split("\n")
    for rel in filter(None, files):
        src = ROOT / rel
        if src.is_file():
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, repo / rel)
    res = subprocess.run([str(r2d), "--no-build", "--no-run", "--debug", str(repo)],
                         capture_output=True, text=True, timeout=300)
    out = res.stdout + res.stderr
    assert res.returncode == 0, out[-3000:]
    assert "python=3.11" in out
    assert 'pip install --no-cache-dir -r "requirements.txt"' in out


def test_kit_script_reports_unknown_commands_clearly():
    res = subprocess.run([str(ROOT / "kit"), "nonsense"], capture_output=True, text=True)
    assert res.returncode == 2 and "unknown command 'nonsense'" in res.stderr


def test_kit_grade_and_release_read_paths_from_the_callers_folder(tmp_path):
    """`./kit grade handins -o out` typed in another folder grades that folder's hand-ins with
    the kit's keys; `./kit release` writes where the caller says."""
    import hashlib

    venv = Path(sys.prefix)
    want = hashlib.sha256(b"".join((ROOT / n).read_bytes() for n in
                                   ("requirements.txt", "requirements-test.txt", "pyproject.toml"))).hexdigest()
    stamps = [venv / f".medialit-{n}.stamp" for n in ("requirements-test.txt", "requirements.txt")]
    if not any(s.is_file() and s.read_text().strip() == want for s in stamps):
        skip_or_fail("this environment was not installed by ./kit (its stamp is missing or old), so "
                     "./kit would reinstall the pins: run the suite with ./kit test")
    shutil.copytree(ROOT / "book" / "grading-example" / "handins", tmp_path / "handins")
    env = {**os.environ, "VIRTUAL_ENV": str(venv)}
    res = subprocess.run([str(ROOT / "kit"), "grade", "handins", "-o", "out", "--sets", "gallery"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "out" / "gradebook.csv").is_file() and not (ROOT / "out").exists()
    res = subprocess.run([str(ROOT / "kit"), "release", "student", "--no-repo"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "student" / "_config.yml").is_file() and not (ROOT / "student").exists()
