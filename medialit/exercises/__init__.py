"""Exercises: defined once (solutions/exercises/*.yaml), scored once (scoring.py).

In a notebook:

    from medialit.exercises import check, set_student
    set_student("Ana B.")               # once: the name your teacher will see
    check("G-08", my_series)            # scores a value you computed, saves it, shows feedback

Every checked answer is saved in ``my-answers.json`` beside the notebook (see answers.py).
"""

from __future__ import annotations

import html
import os

from ..errors import KitError
from .answers import AnswersFile
from .model import Exercise, exercise_set, get
from .core import STATUS_WORDS, Result, is_empty, present
from .scoring import score

__all__ = ["AnswersFile", "Exercise", "Report", "check", "exercise_set", "get", "marks", "score",
           "rubric", "set_student", "show", "show_answer", "toolbar"]


def show(exercise_id: str):
    """Show an exercise: a live widget in Jupyter, the static version in the built book."""
    from .widget import show as _show

    return _show(exercise_id)


def toolbar():
    """Your name and "Download my answers", at the top of an exercise notebook."""
    from .widget import toolbar as _toolbar

    return _toolbar()


def answers_file() -> AnswersFile:
    """The answers file: ``$MEDIALIT_ANSWERS`` if set, else ``my-answers.json`` here."""
    return AnswersFile(os.environ.get("MEDIALIT_ANSWERS") or None)


class Report:
    """What a check shows in a notebook: one clear message, never a traceback."""

    def __init__(self, exercise_id: str, result: Result | None = None, message: str = "", notice: str = "",
                 revealed: bool = False):
        self.exercise_id, self.result, self.message, self.notice = exercise_id, result, message, notice
        self.revealed = revealed

    @property
    def score(self):
        return None if self.result is None else self.result.score

    def shown(self) -> dict | None:
        """The result as the student sees it: the key only once earned or asked for."""
        if self.result is None:
            return None
        return present(self.result.to_dict(), self.revealed)

    def lines(self) -> list[str]:
        out = [self.notice] if self.notice else []
        r = self.shown()
        if r is None:
            return out + [self.message]
        head = r["feedback"] if r["score"] is None else f"{r['feedback']} Score: {r['points']:g} of {r['max_points']:g}."
        out.append(head)
        for item in r["items"]:
            label = item.get("text") or item.get("id") or ""
            if item.get("feedback") or item["status"] in ("missed", "answer", "check"):
                extra = f" (right answer: {item['key']})" if r.get("revealed") and item.get("key") is not None \
                    and item["status"] not in ("right", "found") else ""
                out.append(f"- {STATUS_WORDS.get(item['status'], item['status'])}: {label}{extra}"
                           + (f" — {item['feedback']}" if item.get("feedback") else ""))
        if r.get("hint") and r["error"] is None:
            out.append(f"Hint: {r['hint']}")
        if r["explanation"] and r["error"] is None:
            out.append(f"Why it matters: {r['explanation']}")
        elif r["error"] is None and r["score"] is not None and not r.get("revealed"):
            out.append(f'Stuck? show_answer("{self.exercise_id}") shows the answer (your teacher will see you asked).')
        if self.message:
            out.append(self.message)
        return out

    def __repr__(self) -> str:
        return "\n".join(self.lines())

    def _repr_html_(self) -> str:
        body = "".join(f"<p>{html.escape(line)}</p>" for line in self.lines())
        return f'<div class="ml-report" role="status">{body}</div>'


def submit(ex: Exercise, value) -> dict:
    """An assessment answer: saved once and locked, with no score and no feedback.

    Returns what the student sees (a result dict whose ``feedback`` says what happened)."""
    from .model import ASSESSMENT_NOTE

    note = {"exercise_id": ex.id, "score": None, "max_points": ex.points, "points": 0.0, "items": [],
            "explanation": "", "error": None, "hint": "", "assessment": True, "locked": False}
    store = answers_file()
    entry = store.entry(ex.id)
    if entry.get("locked"):
        return {**note, "locked": True,
                "feedback": "Already submitted: this test takes one answer per question, and it can't be changed."}
    if is_empty(value):
        return {**note, "feedback": "No answer yet: answer the question, then submit. You can submit once."}
    from .model import incomplete_note

    if incomplete_note(ex, value):
        return {**note, "feedback": incomplete_note(ex, value)}
    try:
        store.record(ex.id, value, {"score": None, "points": None, "max_points": ex.points}, source="assessment")
        store.lock_answer(ex.id)
    except KitError as exc:
        return {**note, "error": str(exc), "feedback": str(exc)}
    return {**note, "locked": True, "feedback": ASSESSMENT_NOTE}


def check(exercise_id: str, value) -> Report:
    """Score ``value`` for an exercise, save it to the answers file, and show the feedback."""
    try:
        ex = get(exercise_id)
    except KitError as exc:
        return Report(str(exercise_id), message=str(exc))
    from .model import is_assessment

    if is_assessment(ex):
        return Report(ex.id, message=submit(ex, value)["feedback"])
    result = score(ex, value)
    if result.error is not None:
        return Report(ex.id, result)
    if is_empty(value):  # nothing to keep: never overwrite a saved answer with an empty one
        return Report(ex.id, result)
    store = answers_file()
    try:
        store.record(ex.id, value, result.to_dict())
        saved = f"Saved in {store.path.name}."
    except KitError as exc:
        saved = str(exc)
    return Report(ex.id, result, message=saved, notice=store.notice or "",
                  revealed=bool(store.entry(ex.id).get("revealed")))


def show_answer(exercise_id: str) -> Report:
    """Show the answer to an exercise, with the explanation; the answers file records that you asked."""
    try:
        ex = get(exercise_id)
    except KitError as exc:
        return Report(str(exercise_id), message=str(exc))
    from .model import is_assessment

    if is_assessment(ex):
        return Report(ex.id, message="This is a test question: its answer is not shown here. Your teacher has it.")
    store = answers_file()
    try:
        store.reveal(ex.id)
    except KitError as exc:
        return Report(ex.id, message=str(exc))
    from .model import key_answer

    key = key_answer(ex)
    answer = store.saved_answer(ex.id)
    value = answer if answer is not None else key
    try:
        from .answers import from_json_value

        value = from_json_value(value)
    except Exception:  # noqa: BLE001
        pass
    result = score(ex, value)
    shown_key = key.to_dict() if hasattr(key, "to_dict") else key
    return Report(ex.id, result, revealed=True,
                  message=f"The answer: {shown_key!r}" if shown_key is not None else "")


def marks(exercise_id: str, *phrases: str) -> list[int]:
    """Word numbers of ``phrases`` in a highlight exercise's passage (first occurrence of each).

    ``check("L2-E03", marks("L2-E03", "Rajavi gang", "masters of lies"))`` marks those words.
    """
    from .scoring import span_words

    ex = get(exercise_id)
    if ex.type != "highlight":
        raise KitError(f"{exercise_id} is not a highlight exercise.")
    text, tokens = ex.public["passage"]["text"], ex.public["passage"]["tokens"]
    out: set[int] = set()
    for phrase in phrases:
        if not isinstance(phrase, str) or not phrase:
            raise KitError("Give the words to mark as text, for example marks(\"L2-E03\", \"Rajavi gang\").")
        at = text.find(phrase)
        if at < 0:
            raise KitError(f"{phrase!r} is not in the passage of {exercise_id}.")
        out.update(span_words(tokens, at, at + len(phrase)))
    return sorted(out)


def set_student(name: str, student_id: str = "") -> str:
    """Record your name (and an id if your teacher gave you one) in the answers file, once."""
    store = answers_file()
    try:
        data = store.set_student(name, student_id)
    except KitError as exc:
        return str(exc)
    notice = f"{store.notice} " if store.notice else ""
    return f"{notice}Hello {data['student']['name']}: your answers will be saved under this name."


class _HTML:
    """HTML for the notebook and the book (``_repr_html_``), with a plain-text version."""

    def __init__(self, markup: str, text: str):
        self.markup, self.text = markup, text

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return self.text


def rubric(*exercise_ids: str) -> _HTML:
    """The levels open exercises are scored on, as a table students can read before they write;
    the exercises named share them. The levels are the definition's own words, shown as text
    (never as markup)."""
    if not exercise_ids:
        raise KitError("rubric() needs the id of an open exercise, such as rubric(\"NYT-E07\").")
    levels = None
    for exercise_id in exercise_ids:
        ex = get(exercise_id)
        mine = ex.secret().get("rubric") if ex.type == "open" else None
        if not mine:
            raise KitError(f"{exercise_id} is not an open exercise: it has no rubric to show.")
        if levels is not None and mine != levels:
            raise KitError(f"{exercise_id} is scored on other levels than {exercise_ids[0]}: show its rubric apart.")
        levels = mine
    rows = "".join(f"<tr><td>{html.escape(str(lvl['score']))}</td><td>{html.escape(str(lvl['text']))}</td></tr>"
                   for lvl in levels)
    names = [html.escape(str(i)) for i in exercise_ids]
    which = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    markup = (f'<table class="ml-rubric"><caption>How your teacher scores {which}</caption>'
              f'<thead><tr><th scope="col">score</th><th scope="col">what it shows</th></tr></thead>'
              f"<tbody>{rows}</tbody></table>")
    text = "\n".join(f"{lvl['score']}: {lvl['text']}" for lvl in levels)
    return _HTML(markup, text)
