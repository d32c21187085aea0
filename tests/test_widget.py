"""The live widget, driven from Python as JupyterLab would drive it."""

from __future__ import annotations

import json

import pytest

from medialit.exercises import model
from medialit.exercises.widget import ExerciseWidget


def test_live_widget_check_saves_and_reports(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIALIT_ANSWERS", str(tmp_path / "my-answers.json"))
    ex = model.get("G-05")
    w = ExerciseWidget(ex)
    w.answer = model.key_answer(ex)
    w.check_count += 1
    assert w.result["score"] == pytest.approx(1.0) and w.result["explanation"]
    w.answer = "not a list"
    w.check_count += 1
    assert w.result["error"] and w.result["score"] is None
    saved = json.loads((tmp_path / "my-answers.json").read_text())["answers"]["G-05"]
    assert saved["attempts"] == 1 and saved["source"] == "live"
    bundle = w._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "application/vnd.jupyter.widget-view+json" in data and "data-ml-static" in data["text/html"]


def test_the_same_search_twice_answers_twice(tmp_path, monkeypatch):
    """The front end waits for a change of search_results: asking again must send one."""
    monkeypatch.setenv("MEDIALIT_ANSWERS", str(tmp_path / "my-answers.json"))
    w = ExerciseWidget(model.get("G-09"))
    changes = []
    w.observe(lambda change: changes.append(change["new"]), names="search_results")
    w.search_query = "Zarif tweet\u00001"
    first = [d["id"] for d in w.search_results if "id" in d]
    assert first and "Zarif" in next(d for d in w.search_results if "id" in d)["title"]
    w.search_query = "Zarif tweet\u00002"
    again = [d["id"] for d in w.search_results if "id" in d]
    assert len(changes) == 2, "the repeated search sent no change: the front end would wait forever"
    assert again == first  # the same cards, in the same order
    w.search_query = "qwxzv\u00003"
    assert [d for d in w.search_results if "id" in d] == [] and len(changes) == 3


def test_notebook_toolbar_downloads_in_one_step(tmp_path, monkeypatch):
    """Type a name (and an id), press Download: the name is saved and the file is named after it."""
    import base64
    from datetime import date

    from medialit.exercises.widget import Toolbar

    monkeypatch.setenv("MEDIALIT_ANSWERS", str(tmp_path / "my-answers.json"))
    bar = Toolbar()
    downloads = []
    bar.observe(lambda c: c["new"] and downloads.append(c["new"]), names="payload")
    bar.action = "download:1"
    assert "Type your name first" in bar.status and not downloads
    bar.name, bar.student_id = "Zoë O'Brien", " s-42 "
    bar.action = "download:2"
    assert bar.download_name == f"answers-Zoë-O-Brien-{date.today().isoformat()}.json"
    data = json.loads(base64.b64decode(downloads[-1]))
    assert data["student"] == {"name": "Zoë O'Brien", "id": "s-42"}
    saved = json.loads((tmp_path / "my-answers.json").read_text(encoding="utf-8"))
    assert saved["student"] == {"name": "Zoë O'Brien", "id": "s-42"}
    # Pressing Download again with nothing new still downloads.
    bar.action = "download:3"
    assert len(downloads) == 2
    # Reopened, the toolbar shows the saved name and id.
    again = Toolbar()
    assert (again.name, again.student_id) == ("Zoë O'Brien", "s-42")


def test_download_names_are_safe_and_distinct():
    from medialit.exercises.answers import download_name

    day = "2026-12-01"
    assert download_name("Ana López", day) == "answers-Ana-López-2026-12-01.json"
    assert download_name("../../etc/passwd", day) == "answers-etc-passwd-2026-12-01.json"
    assert download_name("  ", day) == "answers-student-2026-12-01.json"
    assert download_name("محمد رضا", day) == "answers-محمد-رضا-2026-12-01.json"
    assert download_name("Ana López", day) != download_name("Ana Lopes", day)
    assert len(download_name("x" * 500, day)) == len("answers--2026-12-01.json") + 60
