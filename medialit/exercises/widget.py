"""The live front end: an anywidget whose JavaScript is the same module the static book uses.

``show("G-01")`` returns an ``ExerciseWidget``. In JupyterLab it renders from
``static/exercises.js``; when the student presses Check, Python scores the answer
(``scoring.py``), saves it to the answers file and sends the result back. The widget's
output also carries an HTML version of the exercise; the built book shows that one
(``nb_mime_priority_overrides`` in ``_config.yml``), where the same module scores in the
browser.
"""

from __future__ import annotations

import base64
import html
import json
import weakref
from pathlib import Path

import anywidget
import traitlets

from ..errors import KitError
from . import answers_file
from .answers import download_name, from_json_value
from .core import Exercise
from .model import get, is_assessment
from .core import is_empty, present
from .scoring import score

STATIC = Path(__file__).resolve().parent.parent / "static"


# --- my progress ---------------------------------------------------------------------------

def progress_sets() -> list[dict]:
    """The book's exercise sets for the progress view: each set's title and mode, and its
    exercises' ids, titles, points and whether they are scored (no keys). Lessons first."""
    from .model import BANK_DIR
    from .registry import TYPES

    out = []
    for path in sorted(BANK_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out.append({"set": data["set"], "title": data.get("title", data["set"]), "mode": data.get("mode", "practice"),
                    "exercises": [{"id": e["id"], "title": e["title"], "points": e["points"],
                                   "scored": TYPES[e["type"]].scored} for e in data["exercises"]]})
    return sorted(out, key=lambda s: (s["mode"] == "assessment", not s["set"].startswith("lesson"), s["set"]))


def progress_rows(data: dict, sets: list[dict]) -> list[dict]:
    """Per set: exercises checked (submitted, in a test), the score so far (the best checked
    answer of each scored exercise) and what is left, from an answers file's data. Mirrors
    ``progressRows`` in static/src/core.js (a test compares them)."""
    answers = data.get("answers") if isinstance(data.get("answers"), dict) else {}
    drafts = data.get("drafts") if isinstance(data.get("drafts"), dict) else {}
    rows = []
    for st in sets:
        assessment = st["mode"] == "assessment"
        checked, points, top, left = 0, 0.0, 0.0, []
        for ex in st["exercises"]:
            entry = answers.get(ex["id"])
            done = isinstance(entry, dict) and entry.get("answer") is not None
            if ex["scored"] and not assessment:
                top += ex["points"]
                if done:
                    best = entry["best"].get("score") if isinstance(entry.get("best"), dict) else entry.get("score")
                    points += (best if isinstance(best, (int, float)) and not isinstance(best, bool) else 0) * ex["points"]
            if done:
                checked += 1
            else:
                left.append({"id": ex["id"], "title": ex["title"], "started": ex["id"] in drafts})
        rows.append({"set": st["set"], "title": st["title"], "assessment": assessment, "total": len(st["exercises"]),
                     "checked": checked, "points": None if assessment else round(points, 2),
                     "max_points": None if assessment else round(top, 2), "left": left})
    return rows


def progress_change(before: list[dict], after: list[dict]) -> str:
    """What changed, in one sentence (mirrors ``progressChange`` in core.js)."""
    old = {r["set"]: r for r in before or []}
    out = []
    for r in after:
        o = old.get(r["set"])
        if o and o["checked"] == r["checked"] and o["points"] == r["points"]:
            continue
        verb = "submitted" if r["assessment"] else "checked"
        score = "." if r["assessment"] or not r["max_points"] else f", {r['points']:g} of {r['max_points']:g} points."
        out.append(f"My progress, {r['title']}: {r['checked']} of {r['total']} {verb}{score}")
    return " ".join(out)


_TOOLBARS: weakref.WeakSet = weakref.WeakSet()  # the notebook's toolbars, told when an answer is saved


def refresh_progress() -> None:
    """Update the progress view of every toolbar in this kernel (after a check or a submission)."""
    for bar in list(_TOOLBARS):
        try:
            bar.refresh_progress(announce=True)
        except Exception:  # noqa: BLE001 - a progress view must never break a check
            pass


def static_html(ex: Exercise) -> str:
    """The exercise for the static book: a placeholder the page's module renders."""
    data = json.dumps(ex.to_json(), ensure_ascii=False).replace("</", "<\\/")
    return (
        f'<div class="ml-exercise-static" data-ml-static data-exercise="{html.escape(ex.id)}">'
        f'<script type="application/json">{data}</script>'
        f'<noscript><p><strong>{html.escape(ex.title)}</strong>: this exercise needs JavaScript.</p></noscript>'
        "</div>"
    )


class _WithStaticHTML(anywidget.AnyWidget):
    """A widget whose output also offers HTML: JupyterLab shows the widget, the book the HTML."""

    def static_html(self) -> str:
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        data, meta = bundle if isinstance(bundle, tuple) else (bundle, {})
        data = {**(data or {}), "text/html": self.static_html()}
        return (data, meta) if isinstance(bundle, tuple) else data


class ExerciseWidget(_WithStaticHTML):
    _esm = STATIC / "exercises.js"
    _css = STATIC / "exercises.css"

    exercise = traitlets.Dict().tag(sync=True)
    answer = traitlets.Any(None, allow_none=True).tag(sync=True)
    check_count = traitlets.Int(0).tag(sync=True)
    reveal_count = traitlets.Int(0).tag(sync=True)
    # The presented result (core.present): None until there is something to show.
    result = traitlets.Any(None, allow_none=True).tag(sync=True)
    search_query = traitlets.Unicode("").tag(sync=True)
    search_results = traitlets.List([]).tag(sync=True)

    DRAFT_DELAY = 0.8  # seconds of quiet before a typed or marked answer is saved as a draft

    def __init__(self, ex: Exercise, **kwargs):
        # Start from what was saved earlier (an unchecked draft, or the last checked answer with
        # its feedback), so that Run All after a restart shows the exercise as it was left.
        store = answers_file()
        saved = store.saved_answer(ex.id)
        entry = store.entry(ex.id)
        result = None
        if is_assessment(ex):
            if entry.get("locked"):
                from .model import ASSESSMENT_NOTE

                result = {"exercise_id": ex.id, "score": None, "items": [], "error": None, "explanation": "",
                          "hint": "", "assessment": True, "locked": True, "feedback": ASSESSMENT_NOTE}
        elif "answer" in entry and saved == entry.get("answer") and not is_empty(saved):
            result = self._presented(ex, saved, bool(entry.get("revealed")))
        super().__init__(exercise={**ex.public, "__live": True}, answer=saved, result=result, **kwargs)
        self._ex = ex
        self._draft_timer = None
        self.observe(self._on_check, names="check_count")
        self.observe(self._on_reveal, names="reveal_count")
        self.observe(self._on_answer, names="answer")
        self.observe(self._on_search, names="search_query")

    @staticmethod
    def _presented(ex: Exercise, answer, revealed: bool) -> dict:
        try:
            value = from_json_value(answer)
        except Exception:  # noqa: BLE001 - a malformed value is scored as a wrong shape
            value = answer
        return present(score(ex, value).to_dict(), revealed)

    def _on_answer(self, change=None):
        """Keep an unchecked answer as a draft, once the student pauses."""
        import threading

        if self._draft_timer is not None:
            self._draft_timer.cancel()
        answer = self.answer
        if is_empty(answer):
            return
        self._draft_timer = threading.Timer(self.DRAFT_DELAY, self._save_draft, args=(answer,))
        self._draft_timer.daemon = True
        self._draft_timer.start()

    def _save_draft(self, answer):
        try:
            answers_file().save_draft(self._ex.id, answer)
        except KitError:
            pass  # a draft that can't be saved is not worth an error: Check saves and says so

    def _on_check(self, change=None):
        if self._draft_timer is not None:
            self._draft_timer.cancel()
        try:
            answer = from_json_value(self.answer)
        except Exception:  # noqa: BLE001 - a malformed value is scored as a wrong shape
            answer = self.answer
        if is_assessment(self._ex):
            from . import submit

            self.result = {**submit(self._ex, answer), "check": self.check_count}
            refresh_progress()
            return
        full = score(self._ex, answer).to_dict()
        store = answers_file()
        notice = ""
        if full["error"] is None and not is_empty(answer):
            try:
                store.record(self._ex.id, answer, full)
                notice = store.notice or ""
            except KitError as exc:
                notice = str(exc)
        res = present(full, bool(store.entry(self._ex.id).get("revealed")))
        if notice:
            res["feedback"] = f"{notice} {res['feedback']}"
        # A new check always sends a new result (traitlets skip equal values).
        res["check"] = self.check_count
        self.result = res
        refresh_progress()

    def _on_reveal(self, change=None):
        """The student asked for the answer: record it, and show the key and the explanation."""
        if is_assessment(self._ex):
            return  # a test shows no answer
        store = answers_file()
        try:
            store.reveal(self._ex.id)
        except KitError as exc:
            self.result = {**(self.result or {}), "feedback": str(exc), "check": -self.reveal_count}
            return
        try:
            answer = from_json_value(self.answer)
        except Exception:  # noqa: BLE001
            answer = self.answer
        res = present(score(self._ex, answer).to_dict(), True)
        res["check"] = -self.reveal_count
        self.result = res

    def _on_search(self, change=None):
        from ..search import default_index, search

        query, _, nonce = self.search_query.partition("\u0000")
        docs = {d["id"]: d for d in default_index()["docs"]}
        # The nonce makes every answer a change, even when the cards found are the same.
        self.search_results = [{"nonce": nonce}] + [docs[cid] for cid, _ in search(query, limit=8)]

    def static_html(self) -> str:
        return static_html(self._ex)


TOOLBAR_ESM = """
export default { render({ model, el }) {
  const make = (tag, props = {}) => Object.assign(document.createElement(tag), props);
  const wrap = make("div", { className: "ml-ex-toolbar" });
  const p = make("p", { textContent: "Your checked answers are saved in " + model.get("file") + " beside this notebook. To hand them in, type your name and download them. On Binder, download before you close the tab: Binder deletes files when a session ends." });
  const uid = Math.random().toString(36).slice(2, 8);
  const input = make("input", { type: "text", value: model.get("name"), id: "ml-name-" + uid, autocomplete: "name" });
  const sid = make("input", { type: "text", value: model.get("student_id"), id: "ml-sid-" + uid, autocomplete: "off", size: 12 });
  const label = make("label", { textContent: "Your name: ", htmlFor: input.id });
  const slabel = make("label", { textContent: "Student id (if your teacher gave you one): ", htmlFor: sid.id });
  const dl = make("button", { type: "button", textContent: "Download my answers" });
  const status = make("p", { className: "ml-ex-status" }); status.setAttribute("role", "status");
  const send = (what) => { model.set("name", input.value); model.set("student_id", sid.value); model.set("action", what + ":" + Date.now()); model.save_changes(); };
  input.addEventListener("change", () => send("save"));
  sid.addEventListener("change", () => send("save"));
  dl.onclick = () => {
    if (!input.value.trim()) { status.textContent = "Type your name first, so your teacher knows whose answers these are."; input.focus(); return; }
    send("download");
  };
  model.on("change:status", () => { status.textContent = model.get("status"); });
  model.on("change:payload", () => {
    if (!model.get("payload")) return;
    const a = make("a", { href: "data:application/json;base64," + model.get("payload"), download: model.get("download_name") });
    document.body.append(a); a.click(); a.remove();
  });
  const field = (l, i) => { const s = make("span", { className: "ml-ex-field" }); s.append(l, i); return s; };
  // My progress: the rows come from Python (widget.py: progress_rows); the same table as the book's.
  const box = make("div", { className: "ml-progress" });
  const details = make("details"), summary = make("summary", { textContent: "My progress" });
  const holder = make("div", { className: "ml-progress-body" });
  const live = make("p", { className: "ml-visually-hidden ml-progress-live" }); live.setAttribute("aria-live", "polite"); live.setAttribute("aria-atomic", "true");
  const refresh = make("button", { type: "button", className: "ml-ex-secondary", textContent: "Update my progress" });
  refresh.onclick = () => send("refresh");
  const cell = (tag, text, cls) => { const c = make(tag, { textContent: text }); if (cls) c.className = cls; return c; };
  const score = (r) => r.assessment ? "Scored by your teacher" : !r.max_points ? "Practice, not scored" : `${+r.points} of ${+r.max_points} points`;
  const draw = () => {
    const table = make("table", { className: "ml-progress-table" });
    table.append(cell("caption", "Per lesson: exercises checked, score so far, and what is left"));
    const head = make("tr");
    for (const t of ["Lesson", "Checked", "Score so far", "Left to do"]) { const th = cell("th", t); th.scope = "col"; head.append(th); }
    const thead = make("thead"); thead.append(head); table.append(thead);
    const body = make("tbody");
    for (const r of model.get("progress") || []) {
      const tr = make("tr"); tr.dataset.set = r.set;
      const th = cell("th", r.title); th.scope = "row";
      const left = make("td", { className: "ml-progress-left" });
      if (r.left.length) { const ul = make("ul"); for (const x of r.left) ul.append(cell("li", `${x.id} ${x.title}${x.started ? " (started, not checked yet)" : ""}`)); left.append(ul); }
      else left.textContent = "Nothing: all done.";
      tr.append(th, cell("td", `${r.checked} of ${r.total}${r.assessment ? " submitted" : ""}`, "ml-progress-checked"), cell("td", score(r), "ml-progress-score"), left);
      body.append(tr);
    }
    table.append(body);
    holder.replaceChildren(table, refresh);
  };
  draw();
  model.on("change:progress", draw);
  model.on("change:progress_note", () => { const note = (model.get("progress_note") || "").split("\\u0000")[0]; live.textContent = ""; if (note) setTimeout(() => { live.textContent = note; }, 150); });
  details.append(summary, holder); box.append(details, live);
  wrap.append(p, field(label, input), " ", field(slabel, sid), " ", dl, status, box); el.append(wrap);
} };
"""


class Toolbar(_WithStaticHTML):
    """Name, and "Download my answers", for a notebook (live) or a book page (static)."""

    _esm = TOOLBAR_ESM
    _css = STATIC / "exercises.css"
    name = traitlets.Unicode("").tag(sync=True)
    student_id = traitlets.Unicode("").tag(sync=True)
    file = traitlets.Unicode("").tag(sync=True)
    action = traitlets.Unicode("").tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    payload = traitlets.Unicode("").tag(sync=True)
    download_name = traitlets.Unicode("").tag(sync=True)
    progress = traitlets.List([]).tag(sync=True)       # progress_rows(): one row per exercise set
    progress_note = traitlets.Unicode("").tag(sync=True)  # what changed, for the live region

    def __init__(self, **kwargs):
        store = answers_file()
        data = store.read()
        super().__init__(name=data["student"]["name"], student_id=data["student"].get("id", ""),
                         file=store.path.name, progress=progress_rows(data, progress_sets()), **kwargs)
        self.observe(self._on_action, names="action")
        _TOOLBARS.add(self)

    def refresh_progress(self, announce: bool = False) -> None:
        """Read the answers file again; with ``announce``, say what changed (the live region)."""
        try:
            rows = progress_rows(answers_file().read(), progress_sets())
        except OSError:
            return
        note = progress_change(self.progress, rows) if announce else ""
        self.progress = rows
        if note:  # a nonce, so the same sentence twice is still a change
            import time

            self.progress_note = f"{note}\u0000{time.time()}"

    def _save_student(self, store) -> dict | None:
        """Save the name and id typed in the toolbar; None (and a message) when that fails."""
        try:
            data = store.set_student(self.name, self.student_id)
        except KitError as exc:
            self.status = str(exc)
            return None
        return data

    def _on_action(self, change=None):
        store = answers_file()
        if self.action.startswith("refresh:"):
            self.refresh_progress(announce=False)
            return
        if self.action.startswith("save:"):
            if not self.name.strip():
                return
            if self._save_student(store) is not None:
                notice = f"{store.notice} " if store.notice else ""
                self.status = f"{notice}Saved: your answers carry the name {self.name.strip()}."
        elif self.action.startswith("download:"):
            if not self.name.strip():
                self.status = "Type your name first, so your teacher knows whose answers these are."
                return
            data = self._save_student(store)
            if data is None:
                return
            try:
                data = store.read()
            except OSError as exc:
                self.status = f"Could not read {store.path.name}: {exc.strerror or exc}."
                return
            raw = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
            self.download_name = download_name(data["student"]["name"])
            self.payload = ""  # so the same answers twice still make a change, hence a download
            self.payload = base64.b64encode(raw).decode("ascii")
            self.status = (f"Downloading {self.download_name} with {len(data['answers'])} answer(s). "
                           "Hand in that file.")

    def static_html(self) -> str:
        # The book's list of sets, for the progress view (ids, titles and points: no key).
        sets = json.dumps(progress_sets(), ensure_ascii=False).replace("</", "<\\/")
        return (f'<div class="ml-toolbar-static" data-ml-toolbar>'
                f'<script type="application/json" data-ml-sets>{sets}</script></div>')


def show(exercise_id: str):
    """Show an exercise: a live widget in Jupyter, the static version in the built book."""
    try:
        return ExerciseWidget(get(exercise_id))
    except KitError as exc:
        from IPython.display import HTML

        return HTML(f'<p class="ml-ex-error" role="status">{html.escape(str(exc))}</p>')


def toolbar():
    return Toolbar()
