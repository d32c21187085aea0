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
  return { schema: SCHEMA, student: { name: "", id: "" }, updated: nowStamp(), answers: {} };
}
function loadStore(set) {
  try {
    const data = JSON.parse(storage.get(STORE + set) || "null");
    if (data && data.schema === SCHEMA && data.answers) return data;
  } catch (e) { /* unreadable: start again */ }
  return emptyStore();
}
function saveStore(set, data) {
  data.updated = nowStamp();
  return storage.set(STORE + set, JSON.stringify(data));
}
function storedSets() {
  return storage.keys().filter((k) => k.startsWith(STORE)).map((k) => k.slice(STORE.length));
}
/* Every set's answers in one answers-file object, for the download. */
function mergedStore() {
  const out = emptyStore(), names = JSON.parse(storage.get(STUDENT) || "null");
  if (names) out.student = names;
  for (const set of storedSets()) Object.assign(out.answers, loadStore(set).answers);
  return out;
}

class LocalModel {
  constructor(ex, stored) {
    this.values = { exercise: ex, answer: stored ? stored.answer : null, check_count: 0, result: null };
    this.handlers = {};
    if (stored && stored.answer !== undefined && stored.answer !== null) this.values.result = scoreStatic(ex, stored.answer);
  }
  get(k) { return this.values[k]; }
  set(k, v) { const old = this.values[k]; this.values[k] = v; if (old !== v) this.pending = [...(this.pending || []), k]; }
  on(ev, fn) { (this.handlers[ev] = this.handlers[ev] || []).push(fn); }
  off(ev, fn) { this.handlers[ev] = (this.handlers[ev] || []).filter((f) => f !== fn); }
  emit(ev) { (this.handlers[ev] || []).forEach((fn) => fn()); }
  save_changes() {
    const changed = this.pending || []; this.pending = [];
    if (changed.includes("check_count")) {
      const ex = this.values.exercise;
      const res = scoreStatic(ex, this.values.answer);
      this.values.result = res;
      if (!res.error && !isEmpty(this.values.answer)) {
        const data = loadStore(ex.set), old = data.answers[ex.id] || {};
        data.answers[ex.id] = { answer: this.values.answer, score: res.score, points: res.points, max_points: res.max_points,
                                attempts: (old.attempts || 0) + 1, checked_at: nowStamp(), source: "static" };
        if (!saveStore(ex.set, data)) {
          res.feedback += " (This browser won't keep your answers after you leave: download them first.)";
        }
      }
      this.emit("change:result");
    }
  }
}

let cardIndex = null;
async function staticSearch(url, q) {
  if (!cardIndex) cardIndex = await (await fetch(url)).json();
  const hits = window.medialitCardSearch ? window.medialitCardSearch.search(cardIndex, q, 8) : [];
  return hits.map(([id]) => cardIndex.docs.find((d) => d.id === id));
}

function toolbar(el) {
  let student = { name: "", id: "" };
  try { student = JSON.parse(storage.get(STUDENT) || "null") || student; } catch (e) { /* start again */ }
  const nid = nextId("name"), status = h("p", { class: "ml-ex-status", role: "status", "aria-live": "polite" });
  const name = h("input", { id: nid, type: "text", value: student.name || "", autocomplete: "name" });
  name.addEventListener("change", () => {
    const kept = storage.set(STUDENT, JSON.stringify({ name: name.value.trim(), id: "" }));
    status.textContent = kept ? "Name saved." : "Name noted for this visit (this browser won't keep it).";
  });
  const download = () => {
    const d = mergedStore();
    if (!d.student.name) { status.textContent = "Type your name first, so your teacher knows whose answers these are."; name.focus(); return; }
    d.updated = nowStamp();
    const blob = new Blob([JSON.stringify(d, null, 1)], { type: "application/json" });
    const a = h("a", { href: URL.createObjectURL(blob), download: "my-answers.json" });
    document.body.append(a); a.click(); a.remove();
    status.textContent = `Downloaded my-answers.json with ${Object.keys(d.answers).length} answer(s).`;
  };
  const reset = () => {
    if (!window.confirm("Clear your name and all your saved answers in this browser? This can't be undone.")) { status.textContent = "Nothing was cleared."; return; }
    storedSets().forEach((set) => storage.remove(STORE + set));
    storage.remove(STUDENT); name.value = "";
    status.textContent = "Your saved answers were cleared. Reload the page to start again.";
  };
  storage.keys();
  el.replaceChildren(h("div", { class: "ml-ex-toolbar" },
    h("p", { text: storageOK ? "Your answers are kept in this browser only. To hand them in, type your name and download them."
      : "This browser won't keep your answers after you leave this page. To hand them in, type your name and download them before you go." }),
    h("label", { for: nid, text: "Your name or student id: " }), name, " ",
    h("button", { type: "button", onclick: download, text: "Download my answers" }), " ",
    h("button", { type: "button", onclick: reset, text: "Reset" }), status));
}

function initStatic() {
  document.querySelectorAll("[data-ml-toolbar]").forEach(toolbar);
  document.querySelectorAll("[data-ml-static]").forEach((el) => {
    const holder = el.querySelector("script[type='application/json']");
    if (!holder) return;
    const ex = JSON.parse(holder.textContent);
    const model = new LocalModel(ex, loadStore(ex.set).answers[ex.id]);
    const root = document.documentElement.dataset.content_root || "";
    const url = el.dataset.cardsIndex || `${root}_static/cards-index.json`;
    renderExercise(el, model, { search: (q) => staticSearch(url, q) });
  });
}

if (typeof document !== "undefined" && !globalThis.__medialitExercisesLoaded) {
  globalThis.__medialitExercisesLoaded = true;
  globalThis.medialitExercises = { scoreStatic, unseal, spanWords, rewriteFlags };
  if (document.querySelector("[data-ml-static], [data-ml-toolbar]")) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initStatic);
    else initStatic();
  }
}
