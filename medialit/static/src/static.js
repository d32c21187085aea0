/* ---------- static pages ---------- */

/* localStorage, or memory when the browser refuses storage (private modes, blocked cookies). */
const memory = new Map();
let storageOK = true;
const storage = {
  get(k) { try { return localStorage.getItem(k); } catch (e) { storageOK = false; return memory.has(k) ? memory.get(k) : null; } },
  set(k, v) { try { localStorage.setItem(k, v); return true; } catch (e) { storageOK = false; memory.set(k, v); return false; } },
  remove(k) { try { localStorage.removeItem(k); } catch (e) { storageOK = false; } memory.delete(k); },
  keys() { try { return Object.keys(localStorage); } catch (e) { storageOK = false; return [...memory.keys()]; } },
};
const nowStamp = () => new Date().toISOString().replace(/\.\d+Z$/, "+00:00");

function emptyStore() {
  return { schema: SCHEMA, student: { name: "", id: "" }, updated: nowStamp(), answers: {}, drafts: {}, locks: {} };
}

/* An answers object of any known version, as version 2 (mirrors answers.py: migrate). */
function migrateStore(data) {
  if (data.schema === "medialit-answers/1") {
    for (const entry of Object.values(data.answers || {})) {
      if (entry && typeof entry === "object" && "answer" in entry) {
        const seen = { answer: entry.answer, score: entry.score, checked_at: entry.checked_at };
        if (!entry.first) entry.first = { ...seen };
        if (!entry.best) entry.best = { ...seen };
        if (entry.revealed === undefined) entry.revealed = null;
        if (entry.locked === undefined) entry.locked = false;
      }
    }
    data.schema = SCHEMA;
  }
  if (!data.drafts || typeof data.drafts !== "object") data.drafts = {};
  if (!data.locks || typeof data.locks !== "object") data.locks = {};
  return data;
}

/* Browser storage written by the kit's first version (keys with v1/): moved to v2 keys,
   upgraded, never dropped. Runs once per page load; a v1 key is removed only after its v2
   copy is written. */
function migrateOldStorage() {
  for (const k of storage.keys().filter((x) => x.startsWith(OLD_STORE))) {
    const set = k.slice(OLD_STORE.length);
    let old;
    try { old = JSON.parse(storage.get(k) || "null"); } catch (e) { old = null; }
    if (!old || !old.answers) continue;
    const now = loadStore(set);
    const merged = migrateStore(old);
    for (const [id, entry] of Object.entries(now.answers)) merged.answers[id] = entry;  // newer wins
    if (saveStore(set, merged)) storage.remove(k);
  }
  const oldStudent = storage.get(OLD_STUDENT);
  if (oldStudent && !storage.get(STUDENT)) { if (storage.set(STUDENT, oldStudent)) storage.remove(OLD_STUDENT); }
  else if (oldStudent) storage.remove(OLD_STUDENT);
}

function loadStore(set) {
  try {
    const data = JSON.parse(storage.get(STORE + set) || "null");
    if (data && data.answers && (data.schema === SCHEMA || data.schema === "medialit-answers/1")) return migrateStore(data);
  } catch (e) { /* unreadable: start again */ }
  return emptyStore();
}
function saveStore(set, data) {
  data.updated = nowStamp();
  const kept = storage.set(STORE + set, JSON.stringify(data));
  // The toolbar's progress view listens: a check on this page updates it at once.
  if (typeof document !== "undefined" && typeof CustomEvent === "function") document.dispatchEvent(new CustomEvent("medialit-saved", { detail: { set } }));
  return kept;
}
function storedSets() {
  return storage.keys().filter((k) => k.startsWith(STORE)).map((k) => k.slice(STORE.length));
}
/* Every set's answers in one answers-file object, for the download. */
function mergedStore() {
  const out = emptyStore();
  try { const names = JSON.parse(storage.get(STUDENT) || "null"); if (names) out.student = { name: names.name || "", id: names.id || "" }; } catch (e) { /* none */ }
  for (const set of storedSets()) {
    const data = loadStore(set);
    Object.assign(out.answers, data.answers);
    Object.assign(out.drafts, data.drafts);
    Object.assign(out.locks, data.locks);
  }
  return out;
}

class LocalModel {
  constructor(ex, data) {
    const stored = data.answers[ex.id], draft = data.drafts[ex.id];
    const checked = stored && stored.answer !== undefined && stored.answer !== null ? stored.answer : null;
    this.values = { exercise: ex, answer: draft && draft.answer !== undefined ? draft.answer : checked,
                    check_count: 0, reveal_count: 0, result: null };
    this.revealed = Boolean(stored && stored.revealed);
    this.handlers = {};
    if (ex.mode === "assessment") {
      if (stored && stored.locked) this.values.result = assessmentResult(ex, ASSESSMENT_NOTE, true);
      return;
    }
    if (checked !== null && (!draft || JSON.stringify(draft.answer) === JSON.stringify(checked))) {
      this.values.result = present(scoreStatic(ex, checked), this.revealed);
    }
  }
  get(k) { return this.values[k]; }
  set(k, v) { const old = this.values[k]; this.values[k] = v; if (old !== v) this.pending = [...(this.pending || []), k]; }
  on(ev, fn) { (this.handlers[ev] = this.handlers[ev] || []).push(fn); }
  off(ev, fn) { this.handlers[ev] = (this.handlers[ev] || []).filter((f) => f !== fn); }
  emit(ev) { (this.handlers[ev] || []).forEach((fn) => fn()); }
  save_changes() {
    const changed = this.pending || []; this.pending = [];
    const ex = this.values.exercise;
    if (changed.includes("check_count") && ex.mode === "assessment") {
      const data = loadStore(ex.set), old = data.answers[ex.id];
      if (old && old.locked) this.values.result = assessmentResult(ex, "Already submitted: this test takes one answer per question, and it can't be changed.", true);
      else if (isEmpty(this.values.answer)) this.values.result = assessmentResult(ex, "No answer yet: answer the question, then submit. You can submit once.", false);
      else if (incompleteNote(ex, this.values.answer)) this.values.result = assessmentResult(ex, incompleteNote(ex, this.values.answer), false);
      else {
        const stamp = nowStamp(), seen = { answer: this.values.answer, score: null, checked_at: stamp };
        data.answers[ex.id] = { answer: this.values.answer, score: null, points: null, max_points: ex.points, attempts: 1,
                                checked_at: stamp, source: "assessment", first: seen, best: seen, revealed: null, locked: true };
        delete data.drafts[ex.id];
        const kept = saveStore(ex.set, data);
        this.values.result = assessmentResult(ex, ASSESSMENT_NOTE + (kept ? "" : " (This browser won't keep it after you leave: download your answers first.)"), true);
      }
      this.emit("change:result");
    } else if (changed.includes("check_count")) {
      const full = scoreStatic(ex, this.values.answer);
      let kept = true;
      if (!full.error && !isEmpty(this.values.answer)) {
        const data = loadStore(ex.set), old = data.answers[ex.id] || {}, stamp = nowStamp();
        const seen = { answer: this.values.answer, score: full.score, checked_at: stamp };
        const best = old.best && (old.best.score || 0) >= (full.score || 0) ? old.best : seen;
        data.answers[ex.id] = { answer: this.values.answer, score: full.score, points: full.points, max_points: full.max_points,
                                attempts: (old.attempts || 0) + 1, checked_at: stamp, source: "static",
                                first: old.first || seen, best, revealed: old.revealed || null, locked: Boolean(old.locked) };
        delete data.drafts[ex.id];
        kept = saveStore(ex.set, data);
      }
      const res = present(full, this.revealed);
      if (!kept) res.feedback += " (This browser won't keep your answers after you leave: download them first.)";
      this.values.result = res;
      this.emit("change:result");
    } else if (changed.includes("reveal_count")) {
      const data = loadStore(ex.set), entry = data.answers[ex.id] || { attempts: 0 };
      entry.revealed = entry.revealed || nowStamp();
      data.answers[ex.id] = entry;
      saveStore(ex.set, data);
      this.revealed = true;
      this.values.result = present(scoreStatic(ex, this.values.answer), true);
      this.emit("change:result");
    } else if (changed.includes("answer")) {
      // A draft: what the student typed or marked, kept until it is checked.
      const data = loadStore(ex.set);
      if (isEmpty(this.values.answer)) delete data.drafts[ex.id];
      else data.drafts[ex.id] = { answer: this.values.answer, saved_at: nowStamp() };
      saveStore(ex.set, data);
    }
  }
}

let cardIndex = null;
async function staticSearch(url, q) {
  if (!cardIndex) {
    if (!window.medialitCardSearch) throw new Error("The card search script is missing from this page.");
    cardIndex = await window.medialitCardSearch.load(url);
  }
  const hits = window.medialitCardSearch ? window.medialitCardSearch.search(cardIndex, q, 8) : [];
  return hits.map(([id]) => cardIndex.docs.find((d) => d.id === id));
}

/* "My progress": per set, exercises checked, score so far and what is left, from the answers
   saved in this browser. A disclosure with a plain table; a visually hidden live region says
   what changed after a check, and nothing else. sets: the book's list of exercise sets, which
   the toolbar's HTML carries (widget.py: Toolbar.static_html). */
function progressView(sets) {
  if (!sets.length) return { el: null, update() {} };
  const holder = h("div", { class: "ml-progress-body" });
  // A live region without role="status": the toolbar's own status line keeps that role.
  const live = h("p", { class: "ml-visually-hidden ml-progress-live", "aria-live": "polite", "aria-atomic": "true" });
  const details = h("details", {}, h("summary", { text: "My progress" }), holder);
  const stores = () => Object.fromEntries(sets.map((s) => [s.set, loadStore(s.set)]));
  let rows = progressRows(sets, stores()), drawn = false;
  // The table is drawn when it is open (and again when it changes while open); closed, a save
  // only recounts, so typing an answer touches nothing else on the page.
  const draw = () => { holder.replaceChildren(progressTable(rows)); drawn = true; };
  details.addEventListener("toggle", () => { if (details.open && !drawn) draw(); });
  const update = (announce) => {
    const next = progressRows(sets, stores());
    const note = announce ? progressChange(rows, next) : "";
    rows = next;
    drawn = false;
    if (details.open) draw();
    if (note) { live.textContent = ""; setTimeout(() => { live.textContent = note; }, 150); }
  };
  document.addEventListener("medialit-saved", () => update(true));
  window.addEventListener("storage", () => update(false));
  return { el: h("div", { class: "ml-progress" }, details, live), update };
}

function toolbar(el) {
  let sets = [];
  try { sets = JSON.parse((el.querySelector("script[data-ml-sets]") || {}).textContent || "[]"); } catch (e) { sets = []; }
  let student = { name: "", id: "" };
  try { student = JSON.parse(storage.get(STUDENT) || "null") || student; } catch (e) { /* start again */ }
  const nid = nextId("name"), iid = nextId("sid"), status = h("p", { class: "ml-ex-status", role: "status", "aria-live": "polite" });
  const name = h("input", { id: nid, type: "text", value: student.name || "", autocomplete: "name" });
  const sid = h("input", { id: iid, type: "text", value: student.id || "", autocomplete: "off", size: "12" });
  const remember = () => {
    const kept = storage.set(STUDENT, JSON.stringify({ name: name.value.trim().slice(0, 120), id: sid.value.trim().slice(0, 60) }));
    status.textContent = kept ? "Saved in this browser." : "Noted for this visit (this browser won't keep it).";
  };
  name.addEventListener("change", remember);
  sid.addEventListener("change", remember);
  const download = () => {
    if (!name.value.trim()) { status.textContent = "Type your name first, so your teacher knows whose answers these are."; name.focus(); return; }
    remember();
    const d = mergedStore();
    d.student = { name: name.value.trim().slice(0, 120), id: sid.value.trim().slice(0, 60) };
    d.updated = nowStamp();
    const file = downloadName(d.student.name);
    const blob = new Blob([JSON.stringify(d, null, 1)], { type: "application/json" });
    const a = h("a", { href: URL.createObjectURL(blob), download: file });
    document.body.append(a); a.click(); a.remove();
    status.textContent = `Downloaded ${file} with ${Object.keys(d.answers).length} answer(s). Hand in that file.`;
  };
  const reset = () => {
    const sets = storedSets();
    if (!window.confirm(`Clear your name and every saved answer in this browser, on every page of the book (${sets.length} exercise set${sets.length === 1 ? "" : "s"}: ${sets.join(", ") || "none"})? Answers you submitted in a test stay: a test takes one answer. Download your answers first if you need them. This can't be undone.`)) { status.textContent = "Nothing was cleared."; return; }
    let kept = 0;
    storedSets().forEach((set) => {
      // A submitted test answer is locked for good: a reset keeps it (and only it).
      const data = loadStore(set), locked = Object.entries(data.answers).filter(([, a]) => a && a.locked);
      if (!locked.length) { storage.remove(STORE + set); return; }
      kept += locked.length;
      saveStore(set, { ...data, answers: Object.fromEntries(locked), drafts: {} });
    });
    storage.remove(STUDENT); name.value = ""; sid.value = "";
    progress.update(false);
    status.textContent = "Your saved answers were cleared" + (kept ? ` (your ${kept} submitted test answer${kept === 1 ? " was" : "s were"} kept)` : "") + ". Reload the page to start again.";
  };
  storage.keys();
  const progress = progressView(sets);
  el.replaceChildren(h("div", { class: "ml-ex-toolbar" },
    h("p", { text: storageOK ? "Your answers are kept in this browser only. To hand them in, type your name and download them: the file holds your answers from every page of the book."
      : "This browser won't keep your answers after you leave this page. To hand them in, type your name and download them before you go." }),
    h("span", { class: "ml-ex-field" }, h("label", { for: nid, text: "Your name: " }), name), " ",
    h("span", { class: "ml-ex-field" }, h("label", { for: iid, text: "Student id (if your teacher gave you one): " }), sid), " ",
    h("button", { type: "button", onclick: download, text: "Download my answers" }), " ",
    h("button", { type: "button", class: "ml-ex-secondary", onclick: reset, text: "Reset all my answers" }), status,
    progress.el));
}

/* Printing: a lesson prints as a blank worksheet. While the page prints, every answer control
   is emptied (typed text, choices, lists) and then restored as it was; the print stylesheet
   hides the feedback, the buttons and the toolbar. */
function blankForPrint(on) {
  document.querySelectorAll("section[data-exercise] input, section[data-exercise] select, section[data-exercise] textarea").forEach((c) => {
    if (on) {
      if (c.dataset.mlPrinted) return;
      c.dataset.mlPrinted = "1";
      if (c.type === "radio" || c.type === "checkbox") { c.dataset.mlWas = c.checked ? "1" : ""; c.checked = false; }
      else if (c.tagName === "SELECT") { c.dataset.mlWas = String(c.selectedIndex); c.selectedIndex = -1; }
      else { c.dataset.mlWas = c.value; c.value = ""; }
    } else if (c.dataset.mlPrinted) {
      if (c.type === "radio" || c.type === "checkbox") c.checked = c.dataset.mlWas === "1";
      else if (c.tagName === "SELECT") c.selectedIndex = Number(c.dataset.mlWas);
      else c.value = c.dataset.mlWas;
      delete c.dataset.mlPrinted; delete c.dataset.mlWas;
    }
  });
}

function initStatic() {
  migrateOldStorage();
  window.addEventListener("beforeprint", () => blankForPrint(true));
  window.addEventListener("afterprint", () => blankForPrint(false));
  if (window.matchMedia) {
    const print = window.matchMedia("print");
    const onChange = (e) => blankForPrint(e.matches);
    if (print.addEventListener) print.addEventListener("change", onChange); else if (print.addListener) print.addListener(onChange);
  }
  document.querySelectorAll("[data-ml-toolbar]").forEach(toolbar);
  document.querySelectorAll("[data-ml-static]").forEach((el) => {
    const holder = el.querySelector("script[type='application/json']");
    if (!holder) return;
    const ex = JSON.parse(holder.textContent);
    const model = new LocalModel(ex, loadStore(ex.set));
    const root = document.documentElement.dataset.content_root || "";
    const url = el.dataset.cardsIndex || `${root}_static/cards-index.js`;
    renderExercise(el, model, { search: (q) => staticSearch(url, q) });
  });
}

if (typeof document !== "undefined" && !globalThis.__medialitExercisesLoaded) {
  globalThis.__medialitExercisesLoaded = true;
  globalThis.medialitExercises = { scoreStatic, present, unseal, spanWords, rewriteFlags, gradeEvidence, repeatsMarkedRight, migrateStore, downloadName, progressRows, progressChange, renderExercise, renderPicker, inert, codePoints };
  if (document.querySelector("[data-ml-static], [data-ml-toolbar]")) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initStatic);
    else initStatic();
  }
}
