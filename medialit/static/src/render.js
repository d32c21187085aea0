/* ---------- scoring and rendering one exercise (both front ends) ---------- */

function scoreStatic(ex, answer) {
  const s = unseal(ex.id, ex.sealed);
  const type = TYPES[ex.type];
  if (isEmpty(answer)) return type.empty ? type.empty(ex) : result(ex, 0, "No answer yet: make your choice, then check.");
  let res;
  try { res = type.score(ex, s, answer); }
  catch (err) { return bad(ex, `That answer has a shape this exercise can't read (${err.name}).`); }
  if (res.error === null) res.explanation = s.explanation || "";
  return res;
}

/* Text with `code` marked as in Markdown: the backticked parts become <code> elements (as
   text nodes, never as HTML). */
function withCode(text) {
  return String(text || "").split(/`([^`]+)`/).map((part, i) => (i % 2 ? h("code", { text: part }) : part));
}

/* A value computed in code (a pandas object, a list) is checked with check(), not a button. */
const codeOnly = (ex) => ex.type === "value" && ex.value_kind !== "number" && ex.value_kind !== "string";

/* Render one exercise into el. model: {get(name), set(name, value), save_changes(), on(event, fn)}
   with "exercise" (public data), "answer", "check_count", "reveal_count" and "result" (a
   presented result: the key only once earned or asked for). ctx.search(q) -> card list. */
function renderExercise(el, model, ctx) {
  const ex = model.get("exercise");
  let answer = model.get("answer");
  // The live region is for screen readers; the same words show in the visible result below.
  const status = h("div", { class: "ml-ex-status ml-visually-hidden", role: "status", "aria-live": "polite" });
  const resultBox = h("div", {});
  const titleId = nextId("t"), promptId = nextId("p");
  ctx = { ...ctx, promptId };
  const assessment = ex.mode === "assessment";
  const check = h("button", { type: "button", class: "ml-ex-check",
                              text: assessment ? "Submit" : ex.type === "rewrite" ? "Check my rewrite" : ex.type === "open" ? "Save my answer" : "Check" });
  // "Show the answer": offered after a check that is not yet right; the answers file records it.
  const reveal = h("button", { type: "button", class: "ml-ex-reveal", hidden: true, text: "Show the answer" });
  reveal.addEventListener("click", () => {
    model.set("answer", answer === undefined ? null : answer);
    model.set("reveal_count", (model.get("reveal_count") || 0) + 1);
    model.save_changes();
  });
  // When the answer changes after a check, the feedback shown is about the old answer: say so.
  const staleNote = h("p", { class: "ml-ex-stale", hidden: true, text: "Your answer has changed since this feedback: check again." });
  const markStale = () => {
    if (!model.get("result") || assessment) return;
    resultBox.classList.add("ml-ex-old");
    staleNote.hidden = false;
  };
  const input = TYPES[ex.type].input(ex, answer, (a) => { answer = a; model.set("answer", a); model.save_changes(); markStale(); }, ctx);
  check.addEventListener("click", () => {
    model.set("answer", answer === undefined ? null : answer);
    model.set("check_count", (model.get("check_count") || 0) + 1);
    model.save_changes();
  });
  const offerReveal = (res) => { reveal.hidden = assessment || !(res && !res.error && res.score !== null && res.score !== undefined && !earned(res) && !res.revealed); };
  // An assessment answer, once submitted, can't be changed: every control of the exercise is disabled.
  const lockIfSubmitted = (res) => {
    if (!(assessment && res && res.locked)) return;
    section.querySelectorAll("input, select, textarea, button").forEach((c) => { c.disabled = true; });
    section.querySelectorAll("[tabindex='0']").forEach((c) => { c.setAttribute("tabindex", "-1"); c.setAttribute("aria-disabled", "true"); });
  };
  const show = () => {
    const res = model.get("result");
    resultBox.classList.remove("ml-ex-old");
    staleNote.hidden = true;
    resultBox.replaceChildren(feedbackView(res, ex));
    offerReveal(res);
    lockIfSubmitted(res);
    status.textContent = "";
    if (res) setTimeout(() => { status.textContent = statusText(res); }, 50);
  };
  model.on("change:result", show);
  const section = h("section", { class: `ml-exercise ml-ex-${ex.type}`, "aria-labelledby": titleId, "data-exercise": ex.id },
    h("h3", { id: titleId, class: "ml-ex-title" }, h("span", { class: "ml-ex-id", text: `${ex.id} ` }), ex.title),
    h("p", { class: "ml-ex-prompt", id: promptId }, ...withCode(ex.prompt)), input,
    codeOnly(ex) ? null : h("div", { class: "ml-ex-actions" }, check, " ", reveal), status, staleNote, resultBox);
  el.replaceChildren(section);
  if (model.get("result")) { resultBox.replaceChildren(feedbackView(model.get("result"), ex)); offerReveal(model.get("result")); lockIfSubmitted(model.get("result")); }
}

/* The annotation notebook's word selector (medialit/annotate_widget.py): the highlight
   exercise's passage (wordPicker) in annotate mode. model: "passage" (as the highlight
   exercise has it), "selected" (word numbers, synced both ways: Python clears it after a
   save), "annotated" (spans already saved: [{begin, end, label}], relative to the passage). */
function renderPicker(el, model) {
  let picker = null;
  const hintId = nextId("hint");
  const hint = h("p", { id: hintId, class: "ml-ex-ctx", text: "Select the words to annotate: click a word, or drag across words. Keyboard: Tab into the paragraph; the arrow keys move from word to word; Space selects or unselects a word; Shift with an arrow selects as it moves. Words already annotated are underlined." });
  const shown = h("p", { class: "ml-annotate-selected", "aria-live": "polite" });
  const clear = h("button", { type: "button", class: "ml-ex-secondary", text: "Clear the selection" });
  const words = () => {
    const p = model.get("passage"), sel = model.get("selected") || [];
    if (!p || !p.tokens || !sel.length) return "";
    const cut = codePoints(p.text), lo = Math.min(...sel), hi = Math.max(...sel);
    if (lo < 0 || hi >= p.tokens.length) return "";
    return cut.slice(p.tokens[lo][0], p.tokens[hi][1]);
  };
  const say = () => {
    const sel = model.get("selected") || [];
    shown.textContent = sel.length ? inert(`Selected (${sel.length} word${sel.length !== 1 ? "s" : ""}): ${words()}`) : "No words selected.";
  };
  const draw = () => {
    const p = model.get("passage");
    if (!p || !p.tokens) { picker = null; el.replaceChildren(h("p", { class: "ml-ex-ctx", text: "Choose a paragraph first." })); return; }
    picker = wordPicker(p, model.get("selected") || [], (sel) => { model.set("selected", sel); model.save_changes(); say(); },
                        { label: `Paragraph ${p.paragraph_id}: select words to annotate`, describedBy: hintId, annotated: model.get("annotated") || [] });
    say();
    el.replaceChildren(h("div", { class: "ml-exercise ml-annotate-picker" }, hint, picker.box, h("div", { class: "ml-ex-actions" }, clear), shown));
  };
  clear.addEventListener("click", () => { model.set("selected", []); model.save_changes(); if (picker) picker.clear(); say(); });
  model.on("change:passage", draw);
  model.on("change:annotated", draw);
  model.on("change:selected", () => {
    if (!picker) return;
    const sel = model.get("selected") || [];
    if (sel.join(",") !== picker.marked().join(",")) picker.set(sel);
    say();
  });
  draw();
}

/* anywidget entry point (live notebooks): an exercise, or the annotation notebook's word selector. */
function render({ model, el }) {
  if (model.get("picker")) { renderPicker(el, model); return; }
  const ctx = {
    search: (q) => new Promise((resolve) => {
      const handler = () => { model.off("change:search_results", handler); resolve((model.get("search_results") || []).filter((d) => d.id)); };
      model.on("change:search_results", handler);
      model.set("search_query", q + "\u0000" + Date.now()); model.save_changes();
    }),
  };
  renderExercise(el, model, ctx);
}
