/* The kit's exercises: one source for both front ends (this folder, src/).

   python -m medialit js (medialit/jsbuild.py) joins these files, in a fixed order (core.js,
   each type in types/ in the registry's order, render.js, static.js), into two outputs:
   static/exercises.js, an ES module that anywidget loads in Jupyter, and
   static/exercises.classic.js, a classic script the built book loads (it also works from
   file://, where browsers refuse to load modules). A test checks both are current.

   - Live (Jupyter): anywidget imports this module and calls render({model, el}); Python
     scores (medialit/exercises/scoring.py) and sends the result back through the model.
   - Static (the built book, no kernel): on load, every element with data-ml-static is
     rendered with a local model that scores here, in JavaScript, by the same rules
     (a test runs both on every exercise and compares), keeps progress in localStorage,
     and offers "Download my answers" in the same JSON format as the live answers file.

   Keyboard: every control is a native form element, except the highlight passage, which
   is one tab stop (a multi-select listbox of words): arrows move word to word, Space marks
   or unmarks, Shift+arrow extends the marking, Home/End jump. Feedback is announced through
   a role="status" region. */

const SCHEMA = "medialit-answers/1";
const STORE = "medialit/answers/v1/"; // + exercise set: keys versioned by schema and set
const STUDENT = "medialit/answers/v1:student";


/* ---------- sealing (mirrors medialit/exercises/seal.py) ---------- */

function fnv1a(str) {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(str)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h || 1;
}

function unseal(id, sealed) {
  const bin = atob(sealed);
  const data = new Uint8Array(bin.length);
  let x = fnv1a(id);
  for (let i = 0; i < bin.length; i++) {
    x ^= (x << 13) >>> 0; x >>>= 0;
    x ^= x >>> 17;
    x ^= (x << 5) >>> 0; x >>>= 0;
    data[i] = bin.charCodeAt(i) ^ (x & 0xff);
  }
  return JSON.parse(new TextDecoder().decode(data));
}

/* ---------- scoring (mirrors medialit/exercises/scoring.py) ---------- */

function result(ex, score, feedback, items = [], error = null) {
  return { exercise_id: ex.id, score, max_points: ex.points, feedback, items, explanation: "",
           error, points: score === null ? 0 : score * ex.points };
}
const bad = (ex, msg) => result(ex, null, msg, [], msg);

/* The name Python would give the type of a JSON value (for identical messages). */
function pyType(a) {
  if (a === null || a === undefined) return "NoneType";
  if (typeof a === "string") return "str";
  if (typeof a === "boolean") return "bool";
  if (typeof a === "number") return Number.isInteger(a) ? "int" : "float";
  if (Array.isArray(a)) return "list";
  return "dict";
}

function isEmpty(a) {
  if (a === null || a === undefined) return true;
  if (typeof a === "string") return a.trim() === "";
  if (Array.isArray(a)) return a.length === 0;
  if (typeof a === "object") return Object.keys(a).length === 0;
  return false;
}

function spanWords(tokens, begin, end) {
  const out = [];
  tokens.forEach(([b, e], i) => { if (b < end && e > begin) out.push(i); });
  return out;
}

/* ---------- rendering (shared by both front ends) ---------- */

let uid = 0;
const nextId = (p) => `${p}-${++uid}-${Math.random().toString(36).slice(2, 6)}`;

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c);
  return el;
}

const STATUS_WORDS = { right: "Right", wrong: "Wrong", missed: "Missed", found: "Found", excess: "Marked, but not annotated so", unanswered: "Not answered", flag: "Look again" };

function feedbackView(res, ex) {
  const box = h("div", { class: "ml-ex-result" });
  if (!res) return box;
  if (res.error) { box.append(h("p", { class: "ml-ex-error", text: res.error })); return box; }
  const scoreText = res.score === null ? "" : ` Score: ${+(res.points).toFixed(2)} of ${res.max_points}.`;
  box.append(h("p", { class: "ml-ex-summary", text: res.feedback + scoreText }));
  const shown = res.items.filter((i) => i.feedback || i.status === "missed" || i.status === "excess" || i.status === "flag");
  if (shown.length) {
    box.append(h("ul", { class: "ml-ex-items" }, shown.map((i) => {
      const label = i.text || labelFor(ex, i);
      const extra = i.answer && i.status !== "right" ? ` (annotators: ${i.answer})` : "";
      return h("li", { class: `ml-ex-${i.status}` }, h("strong", { text: `${STATUS_WORDS[i.status] || i.status}: ` }),
               `${label}${extra}`, i.feedback ? h("span", { class: "ml-ex-why", text: ` ${i.feedback}` }) : null);
    })));
  }
  if (res.explanation) box.append(h("details", { class: "ml-ex-explain", open: true }, h("summary", { text: "Why it matters" }), h("p", { text: res.explanation })));
  return box;
}

function labelFor(ex, item) {
  if (ex.options) { const o = ex.options.find((x) => x.id === item.id); if (o) return o.text; }
  if (ex.items) { const it = ex.items.find((x) => x.id === item.id); if (it) return it.text; }
  if (item.id === "verdict") return `verdict ${item.given}`;
  return item.id || "";
}

function statusText(res) {
  if (!res) return "";
  if (res.error) return res.error;
  return res.feedback + (res.score === null ? "" : ` Score: ${+(res.points).toFixed(2)} of ${res.max_points}.`);
}


/* Every exercise type: TYPES.<name> = { score(ex, secret, answer), input(ex, answer, set, ctx) },
   one file each in src/types/. */
const TYPES = {};
