"""A student's path through a live notebook, in a real JupyterLab on loopback: one session.

Open the gallery notebook, Run All, answer widgets of several types (mouse and keyboard), read
the feedback, find the answers saved; restart the kernel, Run All again and find the answers
and their feedback restored; save, close and re-open the notebook.
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
    # Render every cell (no windowing), so that the test can reach widgets far down the page.
    settings = tmp_path / "lab-settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}', encoding="utf-8")
    # The kit's JupyterLab defaults, as ./kit lab and Binder's postBuild write them.
    from medialit.labsettings import write_overrides

    app_settings = write_overrides(tmp_path / "app-settings").parent
    shutil.copy(ROOT / "book" / "gallery.ipynb", work / "gallery.ipynb")
    port = _free_port()
    env = {**os.environ, "MEDIALIT_ROOT": str(ROOT), "MEDIALIT_ANSWERS": str(work / "my-answers.json"),
           "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt"),
           "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "lab-settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "lab-workspaces")}
    proc = subprocess.Popen(
        [str(jupyter), "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         "--IdentityProvider.token=", "--ServerApp.password=", f"--ServerApp.root_dir={work}",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--LabApp.extension_manager=readonly", f"--LabApp.app_settings_dir={app_settings}",
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


def _menu(page, menu, command):
    page.locator(".jp-Notebook").first.click()
    page.keyboard.press("Escape")
    page.get_by_role("menuitem", name=menu).first.click()
    page.locator(f"li[data-command='{command}']").click()


def _wait_idle(page):
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle'], "
                           "#jp-main-statusbar :text('Idle')", timeout=60000)


def _status(page, ex_id, timeout=30000):
    page.wait_for_function(
        f"""() => {{ const s = document.querySelector('section[data-exercise="{ex_id}"] .ml-ex-status');
            return s && s.textContent.length > 0; }}""", timeout=timeout)
    return page.locator(f'section[data-exercise="{ex_id}"] .ml-ex-status').text_content()


def _saved(work, ex_id):
    for _ in range(40):
        path = work / "my-answers.json"
        if path.exists():
            entry = json.loads(path.read_text(encoding="utf-8"))["answers"].get(ex_id)
            if entry:
                return entry
        time.sleep(0.25)
    pytest.fail(f"{ex_id} was not saved")


def test_a_students_session_in_jupyterlab(lab, browser):
    base, work = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors = []
    page.on("console", lambda m: m.type == "error" and "toFixed" in m.text and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base}/lab/tree/gallery.ipynb", wait_until="domcontentloaded")
    page.wait_for_selector(".jp-Notebook", timeout=60000)
    _wait_idle(page)
    _menu(page, "Run", "runmenu:run-all")
    # Single choice, by mouse.
    g1 = page.locator('section.ml-exercise[data-exercise="G-01"]')
    g1.wait_for(timeout=90000)
    g1.locator("label", has_text="Iranian state body").click()
    g1.locator(".ml-ex-check").click()
    assert _status(page, "G-01").startswith("Right.")
    assert "Why it matters" in g1.inner_text()
    entry = _saved(work, "G-01")
    assert entry["answer"] == "b" and entry["source"] == "live" and entry["first"]["answer"] == "b"
    # Order, by keyboard: move the first item down once, then check (scored in Python).
    g12 = page.locator('section.ml-exercise[data-exercise="G-12"]')
    g12.wait_for(timeout=60000)
    g12.locator(".ml-ex-down").first.focus()
    page.keyboard.press("Enter")
    g12.locator(".ml-ex-check").focus()
    page.keyboard.press("Enter")
    assert "steps in place" in _status(page, "G-12")
    assert "Why it matters" not in g12.inner_text()  # not earned: the explanation waits
    # "Nothing loaded here", then the answer the student asks for.
    g19 = page.locator('section.ml-exercise[data-exercise="G-19"]')
    g19.locator(".ml-ex-nothing input").check()
    g19.locator(".ml-ex-check").click()
    assert _status(page, "G-19").startswith("Right: nothing here is loaded")
    g7 = page.locator('section.ml-exercise[data-exercise="G-07"]')
    g7.locator("input[type=text]").fill("36")
    g7.locator(".ml-ex-check").click()
    assert "Not the expected value" in _status(page, "G-07")
    g7.locator(".ml-ex-reveal").click()
    page.wait_for_function("""() => document.querySelector('section[data-exercise="G-07"]').innerText.includes('Why it matters')""")
    assert _saved(work, "G-07")["revealed"]
    # Restart the kernel and run everything again: the answers come back, with their feedback.
    _menu(page, "Kernel", "runmenu:restart-and-run-all")
    page.locator(".jp-Dialog-footer button.jp-mod-accept").click()  # the "Restart" of the dialog
    page.wait_for_timeout(1500)
    _wait_idle(page)
    g1 = page.locator('section.ml-exercise[data-exercise="G-01"]')
    g1.wait_for(timeout=90000)
    page.wait_for_function("""() => { const s = document.querySelector('section[data-exercise="G-01"] .ml-ex-summary');
                                      return s && s.textContent.startsWith('Right.'); }""", timeout=60000)
    assert g1.locator("input[type=radio]:checked").count() == 1
    assert "Why it matters" in page.locator('section.ml-exercise[data-exercise="G-07"]').inner_text()  # still revealed
    # Save, close, and open the notebook again: each exercise shows as it was left, no error.
    page.keyboard.press("Control+s")
    page.wait_for_timeout(1500)
    _menu(page, "Kernel", "kernelmenu:shutdown")  # the kernel is gone, as on another day
    accept = page.locator(".jp-Dialog-footer button.jp-mod-accept")
    if accept.count():
        accept.click()
    page.wait_for_timeout(1500)
    page.goto(f"{base}/lab/tree/gallery.ipynb", wait_until="domcontentloaded")
    page.wait_for_selector(".jp-Notebook", timeout=60000)
    page.locator('section.ml-exercise[data-exercise="G-01"]').wait_for(timeout=60000)
    page.wait_for_timeout(1000)
    assert "Error displaying widget" not in page.locator(".jp-Notebook").inner_text()
    assert page.locator('section[data-exercise="G-01"] .ml-ex-summary').text_content().startswith("Right.")
    assert not errors, errors
    page.close()
