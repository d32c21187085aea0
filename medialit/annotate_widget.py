"""The annotation notebook's widget: ``annotator("NYT")`` (see ``medialit.annotate``).

A paragraph chooser; the word selector (``WordPicker``: the highlight exercise's passage, in
its annotate mode, from ``static/exercises.js``); then one form at a time: a technique span, a
source card, a claim with its evidence, an attribution. Each Save button calls the function of
``medialit.annotate`` that an instructor could call by hand, and the validator's messages show
beside the form (``StatusBox``, written as text, never as HTML). Whatever was typed is shown
escaped. Every control carries a label (``description``), so a screen reader names it, and the
layout wraps at phone width.
"""

from __future__ import annotations

import html
from pathlib import Path

import anywidget
import ipywidgets as W
import traitlets

from . import annotate as A
from .corpus.texts import article_roles, inert
from .corpus.vocabulary import display_name
from .errors import KitError

STATIC = Path(__file__).resolve().parent / "static"
SECTIONS = ("Technique span", "Source card", "Claim", "Attribution")
NOT_CITED = "not cited"


class WordPicker(anywidget.AnyWidget):
    """The words of one paragraph, selected by click, drag or keyboard (``renderPicker``)."""

    _esm = STATIC / "exercises.js"
    _css = STATIC / "exercises.css"
    picker = traitlets.Bool(True).tag(sync=True)
    passage = traitlets.Dict().tag(sync=True)
    selected = traitlets.List(traitlets.Int()).tag(sync=True)
    annotated = traitlets.List().tag(sync=True)


STATUS_ESM = """
export default { render({ model, el }) {
  const box = document.createElement("div");
  box.className = "ml-exercise ml-annotator-messages";
  const head = document.createElement("h3");
  head.textContent = "What the validator says";
  const live = document.createElement("div");
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  const draw = () => {
    const list = document.createElement("ul");
    for (const line of model.get("lines") || []) {
      const li = document.createElement("li");
      li.textContent = line;  // text, never HTML: the lines hold what a teacher typed
      list.append(li);
    }
    live.replaceChildren(list);
    box.classList.toggle("ml-annotator-problem", Boolean(model.get("problem")));
  };
  model.on("change:lines", draw);
  draw();
  box.append(head, live);
  el.append(box);
} };
"""


class StatusBox(anywidget.AnyWidget):
    """The outcome of the last save, and the validator's messages, as plain text lines."""

    _esm = STATUS_ESM
    _css = STATIC / "exercises.css"
    lines = traitlets.List(traitlets.Unicode()).tag(sync=True)
    problem = traitlets.Bool(False).tag(sync=True)


def _wide(**extra) -> W.Layout:
    return W.Layout(width="100%", max_width="46rem", flex_flow="row wrap", **extra)


def _field(cls, description: str, **kwargs):
    """A control with its label (a <label for=...> in the page), wrapping at phone width."""
    return cls(description=description, style={"description_width": "initial"}, layout=_wide(), **kwargs)


def _choices(name: str, optional: str | None = None) -> list[tuple[str, str]]:
    pairs = A.vocabulary()[name]
    return ([(optional, "")] if optional is not None else []) + pairs


def _esc(value) -> str:
    return html.escape(inert(str(value)))


class Annotator(W.VBox):
    """The whole annotation form for one added article (built by ``annotator``)."""

    def __init__(self, key: str):
        self.key = A.editable_article(key).key
        art = A.editable_article(self.key)
        self.picker = WordPicker()
        self.status = StatusBox(lines=[f"Article {self.key}: choose a paragraph, select words, fill in a form "
                                       "and press its Save button. The validator's messages show here."])
        self.paragraph = _field(W.Dropdown, "Paragraph", options=A.paragraph_choices(self.key))
        self.section = W.ToggleButtons(options=SECTIONS, description="Annotate:", value=SECTIONS[0],
                                       style={"description_width": "initial", "button_width": "auto"},
                                       layout=W.Layout(width="100%", flex_flow="row wrap"),
                                       tooltips=["Mark the selected words as a technique",
                                                 "Add a source card that claims can cite",
                                                 "Record the selected words as a claim, with its verdict",
                                                 "Mark the selected words as an attribution"])
        self._pending_removal: str | None = None
        forms = [self._span_form(), self._card_form(), self._claim_form(), self._attribution_form()]
        self.forms = dict(zip(SECTIONS, forms))
        title = W.HTML(f"<h2>Annotate article {_esc(self.key)}</h2><p>{_esc(art.title)} "
                       f"({_esc(art.meta.get('outlet') or 'outlet not known')})</p>")
        main = W.VBox([title, self.paragraph, self.picker, self.section, *forms],
                      layout=W.Layout(flex="1 1 26rem", min_width="0", max_width="100%"))
        side = W.VBox([self.status], layout=W.Layout(flex="1 1 16rem", min_width="0", max_width="100%"))
        super().__init__([W.Box([main, side], layout=W.Layout(display="flex", flex_flow="row wrap", width="100%"))],
                         layout=W.Layout(width="100%"))
        self.add_class("ml-annotator")
        self.paragraph.observe(lambda _: self._show_paragraph(), names="value")
        self.section.observe(lambda _: self._show_section(), names="value")
        self._show_paragraph()
        self._show_section()

    # --- what is shown ---------------------------------------------------------------------------

    def _show_section(self) -> None:
        for name, form in self.forms.items():
            form.layout.display = "flex" if name == self.section.value else "none"

    def _show_paragraph(self) -> None:
        pid = self.paragraph.value
        passage = A.passage(self.key, pid)
        spans = A.spans_of(self.key, pid)
        claims = A.claims_of(self.key, pid)
        attrs = A.attributions_of(self.key, pid)
        start = passage["offset"]
        marks = ([{"begin": int(s["begin"]) - start, "end": int(s["end"]) - start,
                   "label": f"{s['span_id']}: {display_name(s['technique'])}"} for s in spans]
                 + [{"begin": int(a["begin"]) - start, "end": int(a["end"]) - start,
                     "label": f"{a['attr_id']}: attribution"} for a in attrs])
        for c in claims:
            at = passage["text"].find(str(c.get("quote") or ""))
            if at >= 0 and c.get("quote"):
                marks.append({"begin": at, "end": at + len(str(c["quote"])), "label": f"{c['id']}: claim"})
        self.picker.selected = []
        self.picker.passage = passage
        self.picker.annotated = marks
        self.span_list.children = self._rows(
            [(s["span_id"], f"<b>{_esc(s['span_id'])}</b> {_esc(display_name(s['technique']))}: "
                            f"“{_esc(s['text'])}”. {_esc(s['rationale'])}") for s in spans],
            "span", A.remove_span, f"No technique span in {pid} yet.")
        self.claim_list.children = self._rows(
            [(str(c["id"]), f"<b>{_esc(c['id'])}</b> “{_esc(c.get('quote'))}”: {_esc(c.get('claim'))} "
                            f"({_esc(c.get('verdict'))}, {_esc(c.get('confidence'))})") for c in claims],
            "claim", A.remove_claim, f"No claim in {pid} yet.")
        self.attribution_list.children = self._rows(
            [(a["attr_id"], f"<b>{_esc(a['attr_id'])}</b> “{_esc(a['text'])}”: {_esc(a['source'])} "
                            f"({_esc(display_name(a['source_type']))})") for a in attrs],
            "attribution", A.remove_attribution, f"No attribution in {pid} yet.")
        self._show_cards()

    def _show_cards(self) -> None:
        cards = A.cards_of(self.key)
        self.card_list.children = self._rows(
            [(str(c["id"]), f"<b>{_esc(c['id'])}</b> {_esc(c.get('title'))} ({_esc(c.get('publisher'))}; "
                            f"{_esc(c.get('kind'))}, relays: {_esc(c.get('relays'))})") for c in cards],
            "card", A.remove_card, f"No source card for article {self.key} yet.")
        rows = []
        for c in cards:
            cid = str(c["id"])
            old = self.evidence.get(cid)
            role = _field(W.Dropdown, f"{cid} ({inert(str(c.get('title')))[:60]}): role for this claim",
                          options=[(NOT_CITED, "")] + _choices("role"), value=old[0].value if old else "")
            independent = _field(W.Dropdown, f"{cid}: independent of both sides, for this point?",
                                 options=[("yes", "yes"), ("no", "no")],
                                 value=old[1].value if old else ("yes" if c.get("partisan") == "none" else "no"))
            self.evidence[cid] = (role, independent)
            rows.append(W.VBox([role, independent], layout=W.Layout(border="1px dotted #c9c9c9", padding="2px",
                                                                      margin="2px 0", max_width="100%")))
        for cid in set(self.evidence) - {str(c["id"]) for c in cards}:
            del self.evidence[cid]
        self.evidence_box.children = rows or [W.HTML(
            "<p>No source card yet: add one under <i>Source card</i>, then cite it here.</p>")]

    def _rows(self, items, what: str, remove, empty: str) -> list:
        if not items:
            return [W.HTML(f"<p>{_esc(empty)}</p>")]
        rows = []
        for ident, text in items:
            button = W.Button(description=f"Remove {ident}", tooltip=f"Remove {what} {ident} (asks you to confirm)",
                              layout=W.Layout(width="auto", flex="0 0 auto"))
            button.on_click(lambda b, ident=ident, remove=remove: self._remove(b, ident, remove))
            rows.append(W.HBox([W.HTML(text, layout=W.Layout(flex="1 1 16rem", min_width="0")), button],
                               layout=W.Layout(flex_flow="row wrap", align_items="center", max_width="100%")))
        return rows

    # --- the forms ---------------------------------------------------------------------------------

    def _span_form(self) -> W.VBox:
        self.technique = _field(W.Dropdown, "Technique", options=_choices("technique"))
        self.alt_technique = _field(W.Dropdown, "Also acceptable (optional)", options=_choices("technique", "none"))
        self.tags = _field(W.SelectMultiple, "Devices the taxonomy lacks (optional)", options=_choices("tag"), rows=3)
        self.rationale = _field(W.Textarea, "Rationale: why is this the technique? (one sentence)", rows=2)
        self.save_span_button = W.Button(description="Save the span", button_style="primary",
                                         tooltip="Write it to seeds/spans.tsv and run the validator")
        self.save_span_button.on_click(lambda _: self.save_span())
        self.span_list = W.VBox()
        return W.VBox([W.HTML("<h3>Technique span</h3><p>Select the words, choose the technique and say why.</p>"),
                       self.technique, self.alt_technique, self.tags, self.rationale, self.save_span_button,
                       W.HTML("<h4>Spans in this paragraph</h4>"), self.span_list])

    def _card_form(self) -> W.VBox:
        self.card_title = _field(W.Text, "Title of the source")
        self.card_publisher = _field(W.Text, "Publisher (outlet, agency or body)")
        self.card_author = _field(W.Text, "Author (optional)")
        self.card_date = _field(W.Text, "Date of the source (YYYY-MM-DD, optional)")
        self.card_url = _field(W.Text, "Web address (https://...)")
        self.card_kind = _field(W.Dropdown, "Kind of source", options=_choices("kind"))
        self.card_partisan = _field(W.Dropdown, "Takes a side on the dispute?", options=_choices("partisan"))
        self.card_relays = _field(W.Dropdown, "What it rests on (relays)", options=_choices("relays"))
        self.card_summary = _field(W.Textarea, "Summary in your own words (2 to 4 sentences)", rows=3)
        self.card_excerpt = _field(W.Textarea, "Excerpt: at most 25 words quoted from the source", rows=2)
        self.card_copy_of = _field(W.Text, "Copy of (the original report, if this is a copy; optional)")
        self.card_keywords = _field(W.Text, "Keywords for the search, separated by commas (optional)")
        self.save_card_button = W.Button(description="Save the card", button_style="primary",
                                         tooltip=f"Write it to seeds/cards_{self.key}.yaml and run the validator")
        self.save_card_button.on_click(lambda _: self.save_card())
        self.card_list = W.VBox()
        return W.VBox([W.HTML("<h3>Source card</h3><p>A source you read to check a claim. Save it, then cite it "
                              "in the claim's evidence. Until a claim cites it, the validator says so.</p>"),
                       self.card_title, self.card_publisher, self.card_author, self.card_date, self.card_url,
                       self.card_kind, self.card_partisan, self.card_relays, self.card_summary, self.card_excerpt,
                       self.card_copy_of, self.card_keywords, self.save_card_button,
                       W.HTML(f"<h4>Source cards of article {_esc(self.key)}</h4>"), self.card_list])

    def _claim_form(self) -> W.VBox:
        self.claim_text = _field(W.Textarea, "The claim, restated as one statement", rows=2)
        self.claim_type = _field(W.Dropdown, "Type of claim", options=_choices("claim_type"))
        self.attributed_to = _field(W.Text, "Who makes the claim in the text")
        self.checkable = _field(W.Dropdown, "Can it be checked?", options=_choices("checkable"))
        self.verdict = _field(W.Dropdown, "Verdict", options=_choices("verdict"))
        self.confidence = _field(W.Dropdown, "Confidence", options=_choices("confidence"))
        self.claim_summary = _field(W.Textarea, "Summary: what the evidence shows", rows=3)
        self.search_note = _field(W.Textarea, "What you searched (needed for 'unverified')", rows=2)
        self.unverified_kind = _field(W.Dropdown, "Why unverified (only for 'unverified')",
                                      options=_choices("unverified_kind", "not unverified"))
        self.languages = _field(W.Text, "Languages searched (codes such as en, sq; for 'unverified')", value="en")
        self.evidence: dict[str, tuple] = {}
        self.evidence_box = W.VBox()
        self.save_claim_button = W.Button(description="Save the claim", button_style="primary",
                                          tooltip=f"Write it to seeds/claims_{self.key}.yaml and run the validator")
        self.save_claim_button.on_click(lambda _: self.save_claim())
        self.claim_list = W.VBox()
        return W.VBox([W.HTML("<h3>Claim</h3><p>The selected words are the claim's quote. The confidence rules "
                              "apply: the validator says when the evidence does not allow the grade.</p>"),
                       self.claim_text, self.claim_type, self.attributed_to, self.checkable, self.verdict,
                       self.confidence, self.claim_summary, W.HTML("<h4>Evidence: the source cards</h4>"),
                       self.evidence_box, self.search_note, self.unverified_kind, self.languages,
                       self.save_claim_button, W.HTML("<h4>Claims in this paragraph</h4>"), self.claim_list])

    def _attribution_form(self) -> W.VBox:
        self.attr_source = _field(W.Text, "Who or what is credited")
        self.attr_source_type = _field(W.Dropdown, "Kind of source", options=_choices("source_type"))
        self.attr_alt = _field(W.Dropdown, "Second kind also accepted (optional)", options=_choices("source_type", "none"))
        self.attr_use = _field(W.Dropdown, "How the text uses it", options=_choices("use"))
        self.attr_traceable = _field(W.Dropdown, "Can a reader trace it?", options=_choices("traceable"))
        self.attr_note = _field(W.Textarea, "Note (one sentence)", rows=2)
        self.save_attribution_button = W.Button(description="Save the attribution", button_style="primary",
                                                tooltip="Write it to seeds/attributions.tsv and run the validator")
        self.save_attribution_button.on_click(lambda _: self.save_attribution())
        self.attribution_list = W.VBox()
        return W.VBox([W.HTML("<h3>Attribution</h3><p>Select the words that credit information to someone "
                              "(\"the minister said\").</p>"),
                       self.attr_source, self.attr_source_type, self.attr_alt, self.attr_use, self.attr_traceable,
                       self.attr_note, self.save_attribution_button,
                       W.HTML("<h4>Attributions in this paragraph</h4>"), self.attribution_list])

    # --- saving ----------------------------------------------------------------------------------------

    def _run(self, action, clear=()) -> A.Saved | None:
        """Run one save; show its outcome (or the refusal) beside the form."""
        self._pending_removal = None
        try:
            saved = action()
        except KitError as exc:
            self.status.problem = True
            self.status.lines = ["Nothing was saved.", *str(exc).split("\n")]
            return None
        for control in clear:
            control.value = () if isinstance(control, W.SelectMultiple) else ""
        self.status.problem = not saved.ok
        self.status.lines = saved.lines()
        self._show_paragraph()
        return saved

    def save_span(self):
        return self._run(lambda: A.add_span(
            self.key, self.paragraph.value, self.technique.value, self.rationale.value,
            alt_technique=self.alt_technique.value, tags=list(self.tags.value),
            word_indices=list(self.picker.selected)), clear=(self.rationale, self.tags))

    def save_card(self):
        return self._run(lambda: A.add_card(
            self.key, title=self.card_title.value, publisher=self.card_publisher.value,
            author=self.card_author.value, date=self.card_date.value, url=self.card_url.value,
            kind=self.card_kind.value, partisan=self.card_partisan.value, relays=self.card_relays.value,
            summary=self.card_summary.value, excerpt=self.card_excerpt.value, copy_of=self.card_copy_of.value,
            keywords=self.card_keywords.value),
            clear=(self.card_title, self.card_publisher, self.card_author, self.card_date, self.card_url,
                   self.card_summary, self.card_excerpt, self.card_copy_of, self.card_keywords))

    def claim_evidence(self) -> list[dict]:
        return [{"card": cid, "role": role.value, "independent": independent.value}
                for cid, (role, independent) in self.evidence.items() if role.value]

    def save_claim(self):
        unverified = self.verdict.value == "unverified"
        saved = self._run(lambda: A.add_claim(
            self.key, self.paragraph.value, claim=self.claim_text.value, claim_type=self.claim_type.value,
            attributed_to=self.attributed_to.value, checkable=self.checkable.value, verdict=self.verdict.value,
            confidence=self.confidence.value, summary=self.claim_summary.value, evidence=self.claim_evidence(),
            search_note=self.search_note.value, unverified_kind=self.unverified_kind.value if unverified else None,
            languages_searched=self.languages.value if unverified else None,
            word_indices=list(self.picker.selected)), clear=(self.claim_text, self.claim_summary, self.search_note))
        if saved is not None:
            for role, _ in self.evidence.values():
                role.value = ""
        return saved

    def save_attribution(self):
        return self._run(lambda: A.add_attribution(
            self.key, self.paragraph.value, source=self.attr_source.value, source_type=self.attr_source_type.value,
            alt_source_type=self.attr_alt.value, use=self.attr_use.value, traceable=self.attr_traceable.value,
            note=self.attr_note.value, word_indices=list(self.picker.selected)),
            clear=(self.attr_source, self.attr_note))

    def _remove(self, button, ident: str, remove):
        """The first press asks to confirm; the second removes."""
        if self._pending_removal != ident:
            self._pending_removal = ident
            button.description = f"Confirm: remove {ident}"
            self.status.problem = False
            self.status.lines = [f"Press “Confirm: remove {ident}” to remove it from the files."]
            return None
        return self._run(lambda: remove(self.key, ident))


def annotator(key=None):
    """The annotation widget for an added article; a plain message when there is none to annotate
    (no article added yet, an unknown id, a case study)."""
    try:
        added = A.added_articles()
        roles = article_roles()
    except KitError as exc:
        return _message(str(exc))
    how = ("Add one first, in a terminal in the kit's folder: .venv/bin/python -m medialit article add news.txt "
           "--id NYT --title \"The headline\" --outlet \"The Outlet\" (see book/add-an-article.md). Then run "
           "this cell again.")
    listed = f"Articles you can annotate: {', '.join(added)}." if added else f"No article has been added yet. {how}"
    if key is None:
        if len(added) != 1:
            return _message(f"Give the id of the article to annotate, for example annotator(\"{(added or ['NYT'])[0]}\"). "
                            + listed)
        key = added[0]
    key = str(key).strip()
    if key.upper() in roles and key not in roles:
        key = key.upper()
    if key not in roles:
        return _message(f"There is no article {key!r} in the kit. {listed}")
    if key not in added:
        what = "one of the kit's case studies" if roles[key] == "case study" else "not an article you added"
        return _message(f"{key} is {what}: this notebook annotates only articles you add. " + listed)
    try:
        return Annotator(key)
    except KitError as exc:
        return _message(str(exc))


def _message(text: str):
    """A message as plain HTML output (it shows wherever the notebook is opened), escaped."""
    from IPython.display import HTML

    return HTML(f'<p class="ml-ex-error" role="status">{_esc(text)}</p>')
