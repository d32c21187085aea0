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

const SCHEMA = "medialit-answers/2";
const STORE = "medialit/answers/v2/"; // + exercise set: keys versioned by schema and set
const STUDENT = "medialit/answers/v2:student";
const OLD_STORE = "medialit/answers/v1/", OLD_STUDENT = "medialit/answers/v1:student";
/* What an assessment says once an answer is submitted (mirrors model.py: ASSESSMENT_NOTE). */
const ASSESSMENT_NOTE = "Submitted: your answer is saved. This is a test: it shows no feedback, and the answer can't be changed. Your teacher scores it.";
/* A test answer that leaves items out is not submitted (mirrors model.py: incomplete_note). */
const ITEMISED = ["rate", "verdict_confidence"];
function incompleteNote(ex, a) {
  if (!ITEMISED.includes(ex.type) || typeof a !== "object" || a === null || Array.isArray(a) || !Array.isArray(ex.items)) return "";
  const missing = ex.items.filter((it) => a[it.id] === null || a[it.id] === undefined).length;
  if (!missing) return "";
  return `Nothing was submitted: ${missing} of ${ex.items.length} items have no answer yet. Answer every item, then submit. ` +
    "You can submit once, and a submitted answer can't be changed.";
}
function assessmentResult(ex, feedback, locked) {
  return { exercise_id: ex.id, score: null, max_points: ex.points, points: 0, items: [], explanation: "", error: null,
           hint: "", assessment: true, locked, feedback };
}


/* ---------- sealing (mirrors medialit/exercises/seal.py) ---------- */

/* The file name a hand-in downloads as (mirrors answers.download_name in Python). */
function downloadName(name, day) {
  const kept = String(name || "").normalize("NFC").replace(/[^\p{L}\p{N}\p{M}_]/gu, " ");
  let safe = kept.split(/\s+/).filter(Boolean).join("-");
  safe = Array.from(safe).slice(0, 60).join("").replace(/^[-_]+|[-_]+$/g, "") || "student";
  if (!day) {
    const d = new Date();
    day = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  }
  return `answers-${safe}-${day}.json`;
}

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
           error, points: score === null ? 0 : score * ex.points, hint: "" };
}

/* What the student sees of a result: the key only when earned (full marks) or asked for.
   Mirrors medialit/exercises/core.py (present). */
const EARNED = ["right", "found"];
const earned = (res) => res.score !== null && res.score >= 1 - 1e-9;
function present(res, revealed) {
  const out = { ...res };
  if (out.error || out.score === null) { out.revealed = false; return out; }
  if (revealed || earned(out)) {
    out.items = (out.items || []).map((i) => ({ ...i, hidden: false }));
    out.revealed = Boolean(revealed && !earned(out));
    out.hint = "";
    return out;
  }
  out.items = (out.items || []).filter((i) => !i.hidden).map((i) => {
    const item = { ...i };
    if (!EARNED.includes(item.status)) {
      delete item.key;
      if (item.status === "unanswered") item.feedback = "";
      else if (item.secret_feedback) item.feedback = item.hint || "";
    }
    return item;
  });
  out.explanation = "";
  out.revealed = false;
  return out;
}
const bad = (ex, msg) => result(ex, null, msg, [], msg);

/* The name Python would give the type of a JSON value (for identical messages). */
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

/* Offsets come from Python: they count code points, where JavaScript strings count UTF-16
   units, and a character outside the Basic Multilingual Plane (an emoji, 𝒜) is one code point
   but two units. codePoints(text) gives { slice(begin, end), length } in code points; a text
   with no such character is sliced as usual. */
function codePoints(text) {
  text = String(text);
  if (!/[\uD800-\uDFFF]/.test(text)) return { slice: (b, e) => text.slice(b, e), length: text.length };
  const points = Array.from(text);
  return { slice: (b, e) => points.slice(b, e).join(""), length: points.length };
}

/* Bidirectional control characters (U+202A-U+202E, U+2066-U+2069) are shown, not obeyed: each
   becomes a visible mark such as ⟨U+202E⟩, so a text reads in its stored order (mirrors
   medialit.corpus.texts.inert). Every text the kit puts on a page goes through h(), which
   applies it. */
const BIDI = /[\u202A-\u202E\u2066-\u2069]/g;
function inert(text) {
  return String(text).replace(BIDI, (c) => `\u27E8U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}\u27E9`);
}

/* ---------- rendering (shared by both front ends) ---------- */

let uid = 0;
const nextId = (p) => `${p}-${++uid}-${Math.random().toString(36).slice(2, 6)}`;

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = inert(v);
    else if (k === "aria-label" || k === "title") el.setAttribute(k, inert(v));
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(typeof c === "string" ? inert(c) : c);
  return el;
}

const STATUS_WORDS = { right: "Right", wrong: "Wrong", missed: "Missed", found: "Found", close: "Close",
  excess: "Marked, but not annotated so", unanswered: "Not answered", flag: "Look again", answer: "The answer",
  check: "Ask yourself" };

/* A key for one item, in words (a label, a verdict, zones on a grid). */
function keyText(key) {
  if (key === null || key === undefined) return "";
  if (Array.isArray(key)) return key.join(", ");
  if (typeof key === "object") return Object.entries(key).map(([k, v]) => `${k}: ${keyText(v)}`).join("; ");
  return String(key).replace(/_/g, " ");
}

function scoreLine(res) {
  return res.score === null || res.score === undefined ? "" : ` Score: ${+(res.points).toFixed(2)} of ${res.max_points}.`;
}

function feedbackView(res, ex) {
  const box = h("div", { class: "ml-ex-result" });
  if (!res) return box;
  if (res.error) { box.append(h("p", { class: "ml-ex-error", text: res.error })); return box; }
  box.append(h("p", { class: "ml-ex-summary", text: res.feedback + scoreLine(res) }));
  const shown = (res.items || []).filter((i) => i.status !== "unanswered" || res.revealed)
    .filter((i) => i.feedback || ["missed", "excess", "flag", "answer", "wrong", "check"].includes(i.status));
  if (shown.length) {
    box.append(h("ul", { class: "ml-ex-items" }, shown.map((i) => {
      const label = i.text || labelFor(ex, i);
      const extra = res.revealed && i.key !== undefined && !EARNED.includes(i.status) ? ` (the answer: ${keyText(i.key)})` : "";
      return h("li", { class: `ml-ex-${i.status}` },
        h("span", { class: "ml-ex-item-head" }, h("strong", { text: `${STATUS_WORDS[i.status] || i.status}: ` }), `${label}${extra}`),
        i.feedback ? h("span", { class: "ml-ex-why", text: i.feedback }) : null);
    })));
  }
  if (res.hint) box.append(h("p", { class: "ml-ex-hint" }, h("strong", { text: "Hint: " }), res.hint));
  if (res.explanation) box.append(h("details", { class: "ml-ex-explain", open: true }, h("summary", { text: "Why it matters" }), h("p", { text: res.explanation })));
  if (res.revealed) box.append(h("p", { class: "ml-ex-ctx", text: "You asked to see the answer; your answers file records it." }));
  return box;
}

function labelFor(ex, item) {
  if (ex.options) { const o = ex.options.find((x) => x.id === item.id); if (o) return o.text; }
  if (ex.items) { const it = ex.items.find((x) => x.id === item.id); if (it) return it.text; }
  if (item.id === "verdict") return `your verdict, ${item.given}`;
  return item.id || "";
}

function statusText(res) {
  if (!res) return "";
  if (res.error) return res.error;
  return res.feedback + scoreLine(res) + (res.hint ? ` Hint: ${res.hint}` : "");
}


/* Every exercise type: TYPES.<name> = { score(ex, secret, answer), input(ex, answer, set, ctx),
   and optionally empty(ex) }, one file each in src/types/. */
const TYPES = {};

/* ---------- my progress (mirrors medialit/exercises/widget.py: progress_rows) ---------- */

/* Per exercise set: how many exercises are checked (submitted, in a test), the score so far
   (the best checked answer of each scored exercise), and what is left. sets: the book's list
   of sets ({set, title, mode, exercises: [{id, title, points, scored}]}); stores: set -> the
   saved answers of that set (an answers-file object). */
function progressRows(sets, stores) {
  return sets.map((st) => {
    const data = stores[st.set] || {};
    const answers = data.answers || {}, drafts = data.drafts || {};
    const assessment = st.mode === "assessment";
    let checked = 0, points = 0, max = 0;
    const left = [];
    for (const ex of st.exercises) {
      const entry = answers[ex.id];
      const done = Boolean(entry && typeof entry === "object" && entry.answer !== undefined && entry.answer !== null);
      if (ex.scored && !assessment) {
        max += ex.points;
        if (done) {
          const best = entry.best && typeof entry.best === "object" ? entry.best.score : entry.score;
          points += (Number(best) || 0) * ex.points;
        }
      }
      if (done) checked += 1;
      else left.push({ id: ex.id, title: ex.title, started: Boolean(drafts[ex.id]) });
    }
    return { set: st.set, title: st.title, assessment, total: st.exercises.length, checked,
             points: assessment ? null : Math.round(points * 100) / 100,
             max_points: assessment ? null : Math.round(max * 100) / 100, left };
  });
}

function progressScore(r) {
  if (r.assessment) return "Scored by your teacher";
  if (!r.max_points) return "Practice, not scored";
  return `${r.points} of ${r.max_points} points`;
}

/* What changed between two progress snapshots, in one sentence (for the live region). */
function progressChange(before, after) {
  const old = Object.fromEntries((before || []).map((r) => [r.set, r]));
  return after.filter((r) => !old[r.set] || old[r.set].checked !== r.checked || old[r.set].points !== r.points)
    .map((r) => `My progress, ${r.title}: ${r.checked} of ${r.total} ${r.assessment ? "submitted" : "checked"}` +
                (r.assessment || !r.max_points ? "." : `, ${r.points} of ${r.max_points} points.`)).join(" ");
}

/* The progress as a plain table: one row per set, what is left as a list. */
function progressTable(rows) {
  return h("table", { class: "ml-progress-table" },
    h("caption", { text: "Per lesson: exercises checked, score so far, and what is left" }),
    h("thead", {}, h("tr", {}, ["Lesson", "Checked", "Score so far", "Left to do"].map((t) => h("th", { scope: "col", text: t })))),
    h("tbody", {}, rows.map((r) => h("tr", { "data-set": r.set },
      h("th", { scope: "row", text: r.title }),
      h("td", { class: "ml-progress-checked", text: `${r.checked} of ${r.total}${r.assessment ? " submitted" : ""}` }),
      h("td", { class: "ml-progress-score", text: progressScore(r) }),
      h("td", { class: "ml-progress-left" }, r.left.length
        ? h("ul", {}, r.left.map((x) => h("li", { text: `${x.id} ${x.title}${x.started ? " (started, not checked yet)" : ""}` })))
        : "Nothing: all done.")))));
}
