"""A student's path through a live notebook, in a real JupyterLab on loopback.

Open the gallery notebook, Run All, answer one widget, press Check, read the feedback, and
find the answer saved in the answers file.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .helpers import ROOT

pytestmark = [pytest.mark.browser]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(tmp_path):
    jupyter = Path(sys.executable).parent / "jupyter-lab"
    if not jupyter.exists():
        pytest.skip("jupyterlab is not installed in this environment")
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(ROOT / "book" / "gallery.ipynb", work / "gallery.ipynb")
    port = _free_port()
    env = {**os.environ, "MEDIALIT_ROOT": str(ROOT), "MEDIALIT_ANSWERS": str(work / "my-answers.json"),
           "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt")}
    proc = subprocess.Popen(
        [str(jupyter), "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         "--IdentityProvider.token=", "--ServerApp.password=", f"--ServerApp.root_dir={work}",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--LabApp.extension_manager=readonly",
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        env=env, stdout=open(tmp_path / "lab.log", "w"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(base + "/api", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("JupyterLab did not start: " + (tmp_path / "lab.log").read_text()[-3000:])
    yield base, work
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_run_all_answer_a_widget_read_the_feedback(lab, browser):
    base, work = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{base}/lab/tree/gallery.ipynb", wait_until="domcontentloaded")
    page.wait_for_selector(".jp-Notebook", timeout=60000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle'], "
                           "#jp-main-statusbar :text('Idle')", timeout=60000)
    page.locator(".jp-Notebook").first.click()
    page.keyboard.press("Escape")
    page.get_by_role("menuitem", name="Run").first.click()
    page.locator("li[data-command='runmenu:run-all']").click()
    section = page.locator('section.ml-exercise[data-exercise="G-01"]')
    section.wait_for(timeout=90000)
    section.locator("label", has_text="Iranian state body").click()
    section.locator(".ml-ex-check").click()
    page.wait_for_function(
        "() => { const s = document.querySelector('section[data-exercise=\"G-01\"] [role=status]');"
        " return s && s.textContent.length > 0; }", timeout=30000)
    assert section.locator("[role=status]").text_content().startswith("Right.")
    assert "Why it matters" in section.inner_text()
    for _ in range(40):
        if (work / "my-answers.json").exists():
            break
        time.sleep(0.25)
    saved = json.loads((work / "my-answers.json").read_text(encoding="utf-8"))
    assert saved["answers"]["G-01"]["answer"] == "b" and saved["answers"]["G-01"]["source"] == "live"
    page.close()
