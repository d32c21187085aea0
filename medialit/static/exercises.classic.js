/* Written by python -m medialit js from medialit/static/src/: edit the sources, not this file. */
(function () {
"use strict";
/* ===== src/core.js ===== */
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

/* ===== src/types/single.js ===== */
/* Single choice: one right option (others the author accepts too), feedback per option.
   Python half: medialit/exercises/types/single.py (score mirrors its score()). */

const optionText = (ex, id) => { const o = ex.options.find((x) => x.id === id); return o ? o.text : id; };

/* A list of radio buttons or checkboxes, each with its text on the same line. */
function choiceList(ex, ctx, kind, isOn, onChange) {
  const name = nextId("opt");
  return h("fieldset", { class: "ml-ex-options", "aria-labelledby": ctx.promptId },
    ex.options.map((o) => {
      const id = nextId("o");
      return h("label", { class: "ml-ex-choice", for: id },
        h("input", { type: kind, name: kind === "radio" ? name : null, id, value: o.id, checked: isOn(o.id),
                     onchange: (ev) => onChange(o.id, ev.target.checked, ev) }),
        h("span", { text: o.text }));
    }));
}

TYPES.single = {
  score(ex, s, a) {
    const ids = ex.options.map((o) => o.id);
    if (typeof a !== "string" || !ids.includes(a)) return bad(ex, `Choose one of the options (${ids.join(", ")}).`);
    const right = a === s.key || (s.also || []).includes(a);
    const items = [{ id: a, status: right ? "right" : "wrong", text: optionText(ex, a), feedback: s.feedback[a] || "" }];
    if (!right) items.push({ id: s.key, status: "answer", hidden: true, text: optionText(ex, s.key), feedback: s.feedback[s.key] || "" });
    return result(ex, right ? 1 : 0, right ? "Right." : "Not quite.", items);
  },
  input(ex, answer, set, ctx) {
    return choiceList(ex, ctx, "radio", (id) => answer === id, (id) => set(id));
  },
};

/* ===== src/types/multiple.js ===== */
/* Multiple choice: tick every option that applies; a wrong tick cancels a right one. "None of
   these" (id none) goes alone; optional options are right ticked or not.
   Python half: medialit/exercises/types/multiple.py (score mirrors its score()). */

TYPES.multiple = {
  score(ex, s, a) {
    const ids = ex.options.map((o) => o.id);
    if (!Array.isArray(a)) return bad(ex, "Tick one or more options; the answer should be a list of option ids.");
    const chosen = [...new Set(a)];
    const unknown = chosen.filter((x) => !ids.includes(x));
    if (unknown.length) return bad(ex, `Unknown option(s): ${unknown.join(", ")}. The options are ${ids.join(", ")}.`);
    if (chosen.includes("none") && chosen.length > 1 && ids.includes("none")) return bad(ex, "'None of these' can't be ticked together with other options.");
    const key = new Set(s.key), optional = new Set(s.optional || []);
    const items = [];
    for (const o of ids) {
      const picked = chosen.includes(o), correct = key.has(o);
      if (optional.has(o)) {
        if (picked) items.push({ id: o, status: "right", text: optionText(ex, o), feedback: s.feedback[o] || "" });
        continue;
      }
      if (picked || correct) {
        const status = picked && correct ? "right" : picked ? "wrong" : "missed";
        items.push({ id: o, status, text: optionText(ex, o), hidden: status === "missed", feedback: s.feedback[o] || "" });
      }
    }
    const good = chosen.filter((x) => key.has(x)).length;
    const wrong = chosen.filter((x) => !key.has(x) && !optional.has(x)).length;
    return result(ex, Math.max(0, (good - wrong) / key.size), `${good} of ${key.size} right answers ticked` + (wrong ? `, ${wrong} wrong.` : "."), items);
  },
  input(ex, answer, set, ctx) {
    const chosen = new Set(answer || []);
    const list = choiceList(ex, ctx, "checkbox", (id) => chosen.has(id), (id, on) => {
      if (on) {
        chosen.add(id);
        // "None of these" goes alone: ticking it clears the others, and the other way round.
        const clear = id === "none" ? [...chosen].filter((x) => x !== "none") : (chosen.has("none") ? ["none"] : []);
        clear.forEach((x) => { chosen.delete(x); const box = list.querySelector(`input[value="${CSS.escape(x)}"]`); if (box) box.checked = false; });
      } else chosen.delete(id);
      set([...chosen].sort());
    });
    return list;
  },
};

/* ===== src/types/categorise.js ===== */
/* Categorise: a label for each item; other labels the author accepts count as right.
   Python half: medialit/exercises/types/categorise.py (score mirrors its score()). */

TYPES.categorise = {
  score(ex, s, a) {
    if (typeof a !== "object" || Array.isArray(a)) return bad(ex, "Give a label for each item; the answer should map item ids to labels.");
    const ids = ex.items.map((i) => i.id);
    const unknown = Object.keys(a).filter((k) => !ids.includes(k));
    if (unknown.length) return bad(ex, `Unknown item(s): ${unknown.join(", ")}.`);
    const wrongLabel = Object.values(a).find((v) => v !== null && v !== undefined && v !== "" && !ex.labels.includes(v));
    if (wrongLabel !== undefined) return bad(ex, `'${wrongLabel}' is not one of the labels (${ex.labels.join(", ")}).`);
    const also = s.also || {}, hints = s.hints || {};
    let right = 0;
    const items = ex.items.map((it) => {
      const i = it.id, given = a[i] || null, key = s.key[i];
      const accepted = given !== null && (also[i] || {})[given] !== undefined;
      const status = given === key || accepted ? "right" : !given ? "unanswered" : "wrong";
      if (status === "right") right++;
      const fb = accepted && also[i][given] ? also[i][given] : (s.feedback[i] || "");
      return { id: i, status, text: it.text, given, key, feedback: fb, secret_feedback: true,
               hint: hints[i] || "Not this label: read the words again and compare the labels." };
    });
    return result(ex, right / ids.length, `${right} of ${ids.length} items labelled as the annotators did.`, items);
  },
  input(ex, answer, set) {
    const current = { ...(answer || {}) };
    return h("div", { class: "ml-ex-cat" }, ex.items.map((it, n) => {
      const id = nextId("c");
      const sel = h("select", { id, onchange: (ev) => { if (ev.target.value) current[it.id] = ev.target.value; else delete current[it.id]; set({ ...current }); } },
        h("option", { value: "", text: "— choose a label —" }), ex.labels.map((l) => h("option", { value: l, text: (ex.label_names || {})[l] || l.replace(/_/g, " "), selected: current[it.id] === l })));
      return h("div", { class: "ml-ex-cat-item" }, h("label", { for: id }, h("span", { class: "ml-ex-num", text: `${n + 1}. ` }), ex.quoted === false ? it.text : `“${it.text}”`, it.context ? h("span", { class: "ml-ex-ctx", text: ` (${it.context})` }) : null), sel);
    }));
  },
};

/* ===== src/types/highlight.js ===== */
/* Highlight: mark the words of a passage that use a technique, or answer "nothing loaded
   here" (the answer {nothing: true}) when the passage is plainly written.
   Python half: medialit/exercises/types/highlight.py (score mirrors its score()). */

const isNothing = (a) => a !== null && typeof a === "object" && !Array.isArray(a) && Object.keys(a).length === 1 && a.nothing === true;

function nothingResult(ex, s) {
  if (!s.key.length) {
    return result(ex, 1, "Right: nothing here is loaded in the way asked about.",
      [{ id: null, status: "right", text: "Nothing loaded here", feedback: s.nothing_feedback || "" }]);
  }
  return result(ex, 0, `There is something here: the annotators marked ${s.key.length} span(s) of the techniques asked about.`,
    s.key.map((sp) => ({ id: sp.id, status: "missed", text: sp.text, technique: sp.technique, feedback: sp.rationale, hidden: true })));
}

function falseAlarms(ex, s, marked, tokens) {
  const cut = codePoints(ex.passage.text);  // Python's offsets: code points
  const items = runs(marked).map((run) => {
    const b = tokens[run[0]][0], e = tokens[run[run.length - 1]][1];
    const other = (s.others || []).find((o) => o.begin < e && o.end > b);
    return { id: null, status: "excess", text: cut.slice(b, e),
             feedback: other ? `Annotated as ${other.technique}, not the technique asked for: ${other.rationale}` : "Not annotated as loaded: plain words." };
  });
  return result(ex, Math.max(0, 1 - items.length / 3),
    `You marked ${items.length} passage(s) as loaded; the annotators found none of the techniques asked about here.`, items);
}

function highlightSummary(found, partly, total, excess) {
  let text = `You found ${found} of ${total} annotated phrase${total !== 1 ? "s" : ""}`;
  if (partly) text += `, and marked part of ${partly} more (a phrase counts when you mark at least half its words; part of one earns part of the credit)`;
  if (excess) text += `; you marked ${excess} word${excess !== 1 ? "s" : ""} outside them`;
  return text + ".";
}

function runs(indices) {
  const out = [];
  for (const i of indices) {
    if (out.length && i === out[out.length - 1][out[out.length - 1].length - 1] + 1) out[out.length - 1].push(i);
    else out.push([i]);
  }
  return out;
}

TYPES.highlight = {
  score(ex, s, a) {
    const tokens = ex.passage.tokens;
    if (isNothing(a)) return nothingResult(ex, s);
    if (!Array.isArray(a)) return bad(ex, "Mark words in the passage (a list of word numbers), or answer that nothing is loaded here.");
    if (!a.every((i) => Number.isInteger(i))) return bad(ex, "Word numbers must be whole numbers.");
    if (a.some((i) => i < 0 || i >= tokens.length)) return bad(ex, `Word numbers run from 0 to ${tokens.length - 1}.`);
    if (!s.key.length) return falseAlarms(ex, s, [...new Set(a)].sort((x, y) => x - y), tokens);
    const marked = new Set(a), keyWords = new Set(), boundary = new Set(), items = [];
    let found = 0, partly = 0, credit = 0;
    for (const sp of s.key) {
      const words = spanWords(tokens, sp.begin, sp.end);
      words.forEach((w) => keyWords.add(w));
      const share = words.filter((w) => marked.has(w)).length / words.length;
      const hit = share >= 0.5;
      if (share > 0 && share < 0.5) partly++;
      credit += Math.min(1, 2 * share);
      if (hit) { found++; boundary.add(words[0] - 1); boundary.add(words[words.length - 1] + 1); }
      items.push({ id: sp.id, status: hit ? "found" : "missed", text: sp.text, technique: sp.technique, feedback: sp.rationale, hidden: !hit });
    }
    const excess = [...marked].filter((i) => !keyWords.has(i) && !boundary.has(i)).sort((x, y) => x - y);
    const cut = codePoints(ex.passage.text);  // Python's offsets: code points
    for (const run of runs(excess)) {
      const b = tokens[run[0]][0], e = tokens[run[run.length - 1]][1];
      const other = (s.others || []).find((o) => o.begin < e && o.end > b);
      items.push({ id: null, status: "excess", text: cut.slice(b, e),
                   feedback: other ? `Annotated as ${other.technique}, not the technique asked for: ${other.rationale}` : "Not annotated as this technique." });
    }
    const value = Math.max(0, credit / s.key.length - excess.length / keyWords.size);
    return result(ex, value, highlightSummary(found, partly, s.key.length, excess.length), items);
  },
  input(ex, answer, set) {
    const p = ex.passage;
    let nothing = isNothing(answer);
    const hintId = nextId("hint");
    const hint = h("p", { id: hintId, class: "ml-ex-ctx", text: "Click a word to mark or unmark it, or drag across words. Keyboard: Tab into the passage; the arrow keys move from word to word; Space marks or unmarks a word; Shift with an arrow marks as it moves. A phrase counts as found when you mark at least half its words; part of a phrase earns part of the credit." });
    const nothingBox = h("input", { type: "checkbox", id: nextId("nothing"), checked: nothing });
    const nothingLabel = h("label", { class: "ml-ex-choice ml-ex-nothing", for: nothingBox.id }, nothingBox,
      h("span", { text: "Nothing loaded here: I find none of these techniques in this passage" }));
    const picker = wordPicker(p, Array.isArray(answer) ? answer : [], (marked) => {
      if (marked.length && nothing) { nothing = false; nothingBox.checked = false; }
      set(marked);
    }, { label: `Passage ${p.paragraph_id}: mark words`, describedBy: hintId });
    nothingBox.addEventListener("change", () => {
      nothing = nothingBox.checked;
      if (nothing) { picker.clear(); set({ nothing: true }); } else set(picker.marked());
    });
    return h("div", {}, h("p", { class: "ml-ex-ctx", text: `Article ${p.article}, paragraph ${p.paragraph_id}. Looking for: ${(ex.technique_names || ex.techniques.map((t) => t.replace(/_/g, " "))).join("; ")}.` }), hint, picker.box, nothingLabel);
  },
};

/* The words of a passage as one tab stop, a multi-select listbox: click a word to mark or
   unmark it, drag across words, or use the keyboard (arrows move, Space marks or unmarks,
   Shift+arrow marks as it moves, Home/End jump). The highlight exercise's input, and the word
   selector of the annotation notebook (renderPicker), which passes opts.annotated: spans
   already saved, [{begin, end, label}] relative to the passage, underlined and named.
   onChange(sorted word numbers) runs after every change made here. */
function wordPicker(p, initial, onChange, opts = {}) {
  const tokens = p.tokens, cut = codePoints(p.text);  // Python's offsets: code points
  const marked = new Set(initial || []);
  const box = h("div", { class: "ml-ex-passage", role: "listbox", "aria-multiselectable": "true", tabindex: "0",
                        "aria-label": opts.label, "aria-describedby": opts.describedBy });
  const words = [];
  let last = 0, cursor = 0;
  const gap = (text) => h("span", { "aria-hidden": "true", text });
  const notes = (i) => (opts.annotated || []).filter((a) => a.begin < tokens[i][1] && a.end > tokens[i][0]).map((a) => a.label);
  tokens.forEach(([b, e], i) => {
    if (b > last) box.append(gap(cut.slice(last, b)));
    const named = opts.annotated ? notes(i) : [];
    const w = h("span", { class: named.length ? "ml-ex-word ml-ex-annotated" : "ml-ex-word", role: "option", id: nextId("w"),
                          "aria-selected": marked.has(i) ? "true" : "false", "data-i": String(i), text: cut.slice(b, e),
                          title: named.length ? named.join("; ") : null });
    if (named.length) w.append(h("span", { class: "ml-visually-hidden", text: ` (${named.join("; ")})` }));
    words.push(w); box.append(w); last = e;
  });
  if (last < cut.length) box.append(gap(cut.slice(last, cut.length)));
  const sorted = () => [...marked].sort((x, y) => x - y);
  function paint() {
    words.forEach((w, i) => { w.setAttribute("aria-selected", marked.has(i) ? "true" : "false"); w.classList.toggle("ml-ex-cursor", i === cursor); });
    if (words.length) box.setAttribute("aria-activedescendant", words[cursor].id);
  }
  function mark(i, on) {
    on ? marked.add(i) : marked.delete(i);
    paint(); onChange(sorted());
  }
  // Click or Space toggles one word; Shift+click or Shift+arrow marks (never unmarks).
  let drag = null, dragged = false;
  words.forEach((w, i) => w.addEventListener("click", (ev) => {
    if (dragged) { dragged = false; return; }  // the end of a drag, already applied
    cursor = i; mark(i, ev.shiftKey ? true : !marked.has(i));
  }));
  // Dragging (mouse, pen or finger) across words marks them all, or unmarks them all when the
  // drag starts on a marked word. No browser text selection is made.
  const wordAt = (ev) => {
    const el = document.elementFromPoint(ev.clientX, ev.clientY);
    const w = el && el.closest ? el.closest(".ml-ex-word") : null;
    return w && box.contains(w) ? Number(w.dataset.i) : null;
  };
  box.addEventListener("pointerdown", (ev) => {
    if (ev.button !== 0) return;
    const i = wordAt(ev);
    if (i === null) return;
    drag = { start: i, last: i, on: !marked.has(i), before: new Set(marked) };
  });
  box.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    const i = wordAt(ev);
    if (i === null || i === drag.last) return;
    drag.last = i;
    const lo = Math.min(drag.start, i), hi = Math.max(drag.start, i);
    marked.clear(); drag.before.forEach((k) => marked.add(k));
    for (let k = lo; k <= hi; k++) drag.on ? marked.add(k) : marked.delete(k);
    cursor = i; paint(); onChange(sorted());
    window.getSelection && window.getSelection().removeAllRanges();
  });
  const endDrag = () => { if (drag) { dragged = drag.last !== drag.start; drag = null; } };
  box.addEventListener("pointerup", endDrag);
  box.addEventListener("pointercancel", () => { drag = null; dragged = false; });
  document.addEventListener("pointerup", () => { if (drag) { drag = null; } });
  box.addEventListener("keydown", (ev) => {
    if (!words.length) return;
    const move = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[ev.key];
    if (move !== undefined) {
      ev.preventDefault();
      if (ev.shiftKey) mark(cursor, true);
      cursor = Math.max(0, Math.min(words.length - 1, cursor + move));
      if (ev.shiftKey) mark(cursor, true); else paint();
    } else if (ev.key === "Home" || ev.key === "End") {
      ev.preventDefault(); cursor = ev.key === "Home" ? 0 : words.length - 1; paint();
    } else if (ev.key === " " || ev.key === "Spacebar") {
      ev.preventDefault(); mark(cursor, !marked.has(cursor));
    }
  });
  paint();
  // clear() and set() change the marks from outside (no onChange: the caller knows).
  return { box, marked: sorted, clear() { marked.clear(); paint(); },
           set(list) { marked.clear(); (list || []).forEach((i) => marked.add(i)); paint(); } };
}

/* ===== src/types/value.js ===== */
/* Value: a number or a piece of text typed in (pandas values are checked in a notebook).
   Python half: medialit/exercises/types/value.py (score mirrors its score()). */

const VALUE_NAMES = { number: "a number", string: "a piece of text", list: "a list", series: "a pandas Series", frame: "a pandas DataFrame" };

/* What a student gave, in words (mirrors _gave in value.py for the JSON kinds). */
function gave(a) {
  if (a === null || a === undefined) return "nothing";
  if (typeof a === "boolean") return "True or False";
  if (typeof a === "number") return "a number";
  if (typeof a === "string") return "a piece of text";
  if (Array.isArray(a)) return "a list";
  return "a dictionary";
}

TYPES.value = {
  empty(ex) { return result(ex, 0, `No answer yet: this exercise expects ${VALUE_NAMES[ex.value_kind]}.`); },
  score(ex, s, a) {
    const kind = ex.value_kind, k = s.key;
    if (kind !== "number" && kind !== "string") return bad(ex, "This exercise needs the notebook: open it on Binder or your JupyterHub.");
    if (kind === "number") {
      let n = a;
      if (typeof a === "string") {
        let t = a.trim();
        if (t.endsWith("%")) {
          if (ex.unit !== "percent") return bad(ex, "Type the number alone, without a % sign.");
          t = t.slice(0, -1).trimEnd();
        }
        if (t.includes(",")) return bad(ex, "Write the number without commas, with a dot for decimals: 3.7, not 3,7.");
        n = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(t) ? Number(t) : NaN;
        if (!Number.isFinite(n)) {
          return bad(ex, `“${Array.from(a.trim()).slice(0, 30).join("")}” is not a number this box can read. Type it in digits, with a dot for decimals (for example 12.5).`);
        }
      }
      if (typeof n !== "number" || typeof a === "boolean" || !Number.isFinite(n)) {
        return bad(ex, `This exercise expects a number; you gave ${gave(a)}.`);
      }
      const ok = [k.value, ...(k.also || [])].some((w) => typeof w === "number" && Math.abs(n - w) <= Math.max(k.abs_tol, k.rel_tol * Math.abs(w)));
      return result(ex, ok ? 1 : 0, ok ? "Right." : "Not the expected value.");
    }
    if (typeof a !== "string") return bad(ex, `This exercise expects a piece of text; you gave ${gave(a)}.`);
    const norm = (x) => { const t = x.normalize("NFC").trim(); return k.case_sensitive ? t : t.toLowerCase(); };
    const ok = [k.value, ...(k.also || [])].some((w) => typeof w === "string" && norm(a) === norm(w));
    return result(ex, ok ? 1 : 0, ok ? "Right." : "Not the expected value.");
  },
  input(ex, answer, set) {
    if (ex.static === "notebook" && !ex.__live) {
      const links = Object.entries(ex.launch || {}).map(([name, url]) => h("a", { href: url, class: "ml-ex-launch", text: `Open the notebook on ${name}` }));
      return h("div", { class: "ml-ex-notebook" },
        h("p", {}, "This exercise checks a value you compute with pandas, so it runs in a notebook (",
          h("code", { text: ex.notebook || "the lesson's notebook" }), "). There, call ",
          h("code", { text: `check("${ex.id}", your_value)` }), "."),
        links.length ? h("p", {}, ...links.flatMap((a, i) => (i ? [" · ", a] : [a]))) : null);
    }
    if (ex.value_kind !== "number" && ex.value_kind !== "string") {
      return h("p", { class: "ml-ex-notebook" }, "Compute the value in a code cell below, then run ",
        h("code", { text: `check("${ex.id}", your_value)` }), " to check it and save it.");
    }
    const id = nextId("v");
    const percent = ex.unit === "percent";
    return h("div", {}, h("label", { for: id, text: ex.value_kind === "number" ? (percent ? "Your number (a percentage): " : "Your number: ") : "Your answer: " }),
      h("input", { id, type: "text", inputmode: ex.value_kind === "number" ? "decimal" : "text", value: answer ?? "", oninput: (ev) => set(ev.target.value) }),
      percent ? h("span", { "aria-hidden": "true", text: " %" }) : null);
  },
};

/* ===== src/types/lateral.js ===== */
/* Lateral reading: search the source cards, pick the evidence, give a verdict. Scored by each
   card's role for the claim: any sufficient evidence earns the evidence half.
   Python half: medialit/exercises/types/lateral.py (score mirrors its score()). */

const COUNTING_ROLES = ["decisive", "supporting"];

function lateralEvidence(chosen, roles, sufficient) {
  const entries = Object.entries(roles);
  const strong = new Set(entries.filter(([, r]) => r.role === "decisive" && r.independent === "yes").map(([c]) => c));
  const bearing = new Set(entries.filter(([, r]) => COUNTING_ROLES.includes(r.role)).map(([c]) => c));
  const indepBearing = new Set([...bearing].filter((c) => roles[c].independent === "yes"));
  const picked = new Set(chosen), items = [];
  for (const c of chosen) {
    const r = roles[c];
    if (!r) items.push({ id: c, status: "excess", text: c, feedback: "This card does not bear on the claim." });
    else if (COUNTING_ROLES.includes(r.role)) {
      const side = r.independent === "yes" ? "independent of both sides" : "partisan on the dispute";
      items.push({ id: c, status: "right", text: c, feedback: `${r.role === "decisive" ? "Settles" : "Bears out"} the verdict; ${side}.` });
    } else if (r.role === "context") items.push({ id: c, status: "right", text: c, feedback: "Useful background, though it does not settle the claim." });
    else items.push({ id: c, status: "excess", text: c, feedback: "Cited in the kit's research, but it does not bear on this claim." });
  }
  [...bearing].filter((c) => !picked.has(c)).sort().forEach((c) => items.push({ id: c, status: "answer", text: c, hidden: true, feedback: "The kit's research also relies on this card." }));
  const extra = chosen.filter((c) => !roles[c] || roles[c].role === "irrelevant").length;
  const some = (set) => [...set].some((c) => picked.has(c));
  let enough = strong.size ? some(strong) : some(indepBearing.size ? indepBearing : bearing);
  enough = enough || sufficient.some((g) => g.every((c) => picked.has(c)));
  let base, text;
  if (enough) { base = 1; text = "Your evidence settles the claim."; }
  else if (some(indepBearing)) { base = 0.6; text = "Your evidence bears on the claim; a more decisive source would settle it."; }
  else if (some(bearing)) { base = 0.3; text = "Your cards bear on the claim, but only partisan ones: good leads, not enough alone. Look for a source independent of both sides."; }
  else { base = 0; text = chosen.length ? "None of your cards bears on the claim yet." : "You picked no card: search the cards for evidence."; }
  const score = Math.max(0, base - 0.1 * extra);
  if (extra) text += ` ${extra} card(s) do not bear on it (−0.1 each).`;
  return [score, text, items];
}

TYPES.lateral = {
  score(ex, s, a) {
    if (typeof a !== "object" || Array.isArray(a)) return bad(ex, "Give a verdict and the source cards you used.");
    const verdict = a.verdict, cards = a.cards === undefined || a.cards === null ? [] : a.cards;
    if (!ex.verdicts.includes(verdict)) return bad(ex, `Choose a verdict from: ${ex.verdicts.join(", ")}.`);
    if (!Array.isArray(cards)) return bad(ex, "The cards should be a list of card ids such as SC-101.");
    const badId = cards.find((c) => typeof c !== "string" || !/^SC-[0-9]{3}$/.test(c));
    if (badId !== undefined) return bad(ex, `'${badId}' is not a card id (they look like SC-101).`);
    const key = s.key;
    const roles = key.roles || Object.fromEntries(key.cards.map((c) => [c, { role: "supporting", independent: "yes" }]));
    const chosen = [...new Set(cards)].sort();
    const [evScore, evText, cardItems] = lateralEvidence(chosen, roles, key.sufficient || []);
    const status = verdict === key.verdict ? "right" : (key.close || []).includes(verdict) ? "close" : "wrong";
    const vScore = { right: 1, close: 0.5, wrong: 0 }[status];
    const items = [{ id: "verdict", status, text: `Your verdict: ${verdict}`, given: verdict, key: key.verdict, feedback: s.summary || "", secret_feedback: true,
                     hint: status === "close" ? "Close: the evidence points to a neighbouring verdict. Read the decisive source again."
                       : "Not the verdict the evidence supports. What does the most independent source say?" }, ...cardItems];
    const head = { right: "The verdict matches the kit's.", close: "The verdict is close to the kit's.", wrong: "The kit's verdict differs." }[status];
    return result(ex, 0.5 * vScore + 0.5 * evScore, `${head} ${evText}`, items);
  },
  input(ex, answer, set, ctx) {
    const state = { verdict: (answer && answer.verdict) || "", cards: [...((answer && Array.isArray(answer.cards) && answer.cards) || [])] };
    const sstatus = h("p", { class: "ml-ex-ctx", role: "status" });
    const push = () => set({ verdict: state.verdict, cards: [...state.cards] });
    const chosenList = h("ul", { class: "ml-ex-chosen", "aria-label": "Cards you picked", tabindex: "-1" });
    const drawChosen = () => {
      chosenList.replaceChildren(...state.cards.map((c) => h("li", {}, `${c} `, h("button", { type: "button", class: "ml-ex-small", "aria-label": `Remove ${c}`, text: "Remove", onclick: () => {
        state.cards = state.cards.filter((x) => x !== c); drawChosen(); push();
        sstatus.textContent = `${c} removed.`; chosenList.focus();
      } }))));
      if (!state.cards.length) chosenList.append(h("li", { class: "ml-ex-ctx", text: "No card picked yet." }));
    };
    const qid = nextId("q"), results = h("ul", { class: "ml-ex-search-results" });
    const input = h("input", { id: qid, type: "search" });
    const runSearch = async (ev) => {
      ev.preventDefault();
      let hits;
      try { hits = await ctx.search(input.value); } catch (e) {
        sstatus.textContent = "The card search could not load its index. Reload the page; if that fails, ask your teacher for the book's files in full.";
        return;
      }
      results.replaceChildren(...hits.map((d) => h("li", {}, h("button", { type: "button", class: "ml-ex-small", "aria-label": `Pick ${d.id}`, text: "Pick", onclick: () => { if (!state.cards.includes(d.id)) { state.cards.push(d.id); state.cards.sort(); drawChosen(); push(); } sstatus.textContent = `${d.id} added to your evidence.`; } }), ` ${d.id}: ${d.title} (${d.publisher}${d.partisan && d.partisan !== "none" ? "; partisan: " + d.partisan : ""})`,
        d.preview ? h("span", { class: "ml-ex-preview", text: d.preview }) : null)));
      sstatus.textContent = hits.length ? `${hits.length} card(s) found.` : "No card matches.";
    };
    drawChosen();
    const vid = nextId("vd");
    return h("div", { class: "ml-ex-lateral" },
      h("blockquote", {}, h("p", { text: `“${ex.claim.quote}”` }), h("p", { class: "ml-ex-ctx", text: `Article ${ex.claim.article}, ${ex.claim.paragraph_id}. The claim: ${ex.claim.claim}` })),
      h("form", { class: "ml-ex-search", role: "search", onsubmit: runSearch }, h("label", { for: qid, text: "Search the source cards: " }), input, h("button", { type: "submit", text: "Search" })),
      sstatus, results, h("p", { text: "Cards you picked as evidence:" }), chosenList,
      h("label", { for: vid, text: "Your verdict: " }),
      h("select", { id: vid, onchange: (ev) => { state.verdict = ev.target.value; push(); } }, h("option", { value: "", text: "— choose —" }), ex.verdicts.map((v) => h("option", { value: v, text: v, selected: state.verdict === v }))));
  },
};

/* ===== src/types/rewrite.js ===== */
/* Rewrite: a neutral version of a loaded passage; never scored.
   Python half: medialit/exercises/types/rewrite.py (score mirrors its score()). */

function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

function rewriteFlags(text, key) {
  const protect = (key.protect || []).map((p) => p.toLowerCase());
  const low = text.toLowerCase(), flags = [];
  for (const term of key.flag) {
    const bare = term.replace(/^[‘’“”"' ]+|[‘’“”"' ]+$/g, "").toLowerCase();
    if (bare && new RegExp("(?<![\\p{L}\\p{N}_])" + escapeRe(bare) + "(?![\\p{L}\\p{N}_])", "u").test(low) && !protect.includes(bare)) {
      flags.push({ id: null, status: "flag", text: term, feedback: "An annotated loaded term is still there." });
    }
  }
  const scare = /[‘“"']([^‘’“”"'\n]{1,40})[’”"']/gu;
  let m;
  while ((m = scare.exec(text)) !== null) {
    const inner = m[1].trim();
    if (inner.split(/\s+/).filter(Boolean).length <= 3 && !protect.includes(inner.toLowerCase())) {
      flags.push({ id: null, status: "flag", text: m[0], feedback: "Quotation marks around a word or two can act as scare quotes." });
    }
  }
  const has = (w) => {
    const b = w.trim().toLowerCase();
    const edge = /^[0-9]+(?:[.,][0-9]+)*$/.test(b) ? "[0-9]" : "[\\p{L}\\p{N}_]";
    return b !== "" && new RegExp(`(?<!${edge})` + escapeRe(b) + `(?!${edge})`, "u").test(low);
  };
  for (const fact of key.facts || []) {
    if (!fact.words.some(has)) flags.push({ id: null, status: "missed", text: fact.text, feedback: "The original gives this fact; your version leaves it out." });
  }
  return flags;
}

const REWRITE_CHECKLIST = ["Did you keep every fact: who, what, when, where, and the numbers?",
  "Did you drop the labels, the loaded words and the scare quotes?",
  "Did you keep the accurate terms, even when they sound strong?"];
function rewriteChecklist(key) {
  const protect = key.protect || [];
  const last = REWRITE_CHECKLIST[2] + (protect.length ? ` Here: ${protect.join(", ")}.` : "");
  return [...REWRITE_CHECKLIST.slice(0, 2), last].map((q) => ({ id: null, status: "check", text: q, feedback: "" }));
}

TYPES.rewrite = {
  empty(ex) { return result(ex, null, "No rewrite yet: type your version of the passage, then check."); },
  score(ex, s, a) {
    if (typeof a !== "string") return bad(ex, "Type your rewrite as text.");
    const flags = rewriteFlags(a, s.key);
    return result(ex, null, flags.length ? `${flags.length} thing(s) to look at again. This check is for practice: it is never scored.`
      : "No annotated loaded term or scare quote left, and no fact the kit knows of is missing. Compare your version with the original once more.", [...flags, ...rewriteChecklist(s.key)]);
  },
  input(ex, answer, set) {
    const id = nextId("r");
    return h("div", {}, h("blockquote", { class: "ml-ex-original" }, h("p", { text: ex.passage.text })),
      h("label", { for: id, text: "Your neutral version:" }),
      h("textarea", { id, rows: "7", class: "ml-ex-textarea", oninput: (ev) => set(ev.target.value) }, answer || ""));
  },
};

/* ===== src/types/order.js ===== */
/* Order: put items in sequence; partial credit is the share of pairs in the right order.
   Python half: medialit/exercises/types/order.py (score mirrors its score()). */

TYPES.order = {
  empty(ex) { return result(ex, 0, "No answer yet: put the items in order, then check."); },
  score(ex, s, a) {
    const ids = ex.items.map((i) => i.id), texts = Object.fromEntries(ex.items.map((i) => [i.id, i.text]));
    if (!Array.isArray(a)) return bad(ex, "Put every item in order; the answer should be a list of item ids.");
    const sorted = (x) => [...x].map(String).sort();
    if (new Set(a).size !== a.length || JSON.stringify(sorted(a)) !== JSON.stringify(sorted(ids))) return bad(ex, `Place each of the ${ids.length} items exactly once.`);
    const key = s.key, pos = Object.fromEntries(a.map((x, n) => [x, n]));
    let pairs = 0, right = 0;
    key.forEach((x, n) => key.slice(n + 1).forEach((y) => { pairs++; if (pos[x] < pos[y]) right++; }));
    const value = right / pairs;
    const firstWrong = a.findIndex((x, n) => x !== key[n]);
    const items = a.map((x, n) => {
      const ok = x === key[n];
      return { id: x, status: ok ? "right" : "wrong", text: `${n + 1}. ${texts[x]}`,
               feedback: ok ? (s.feedback[x] || "") : (n === firstWrong ? "The first step out of place." : ""), secret_feedback: !ok, key: key[n] };
    });
    items.push({ id: null, status: "answer", hidden: true, text: key.map((x) => texts[x]).join(" → "), feedback: "The order the sources show." });
    const inPlace = a.filter((x, n) => x === key[n]).length;
    return result(ex, value, value === 1 ? "Every step in place." : `${inPlace} of ${key.length} steps in place; the first one out of place is step ${firstWrong + 1}.`, items);
  },
  input(ex, answer, set, ctx) {
    const texts = Object.fromEntries(ex.items.map((i) => [i.id, i.text]));
    let order = Array.isArray(answer) && answer.length === ex.items.length ? [...answer] : ex.items.map((i) => i.id);
    const list = h("ol", { class: "ml-ex-order", "aria-labelledby": ctx.promptId });
    const live = h("p", { class: "ml-visually-hidden", role: "status", "aria-live": "polite" });
    const move = (n, by) => {
      const m = n + by;
      if (m < 0 || m >= order.length) return;
      [order[n], order[m]] = [order[m], order[n]];
      draw(); set([...order]);
      live.textContent = `${texts[order[m]]}: now at position ${m + 1} of ${order.length}.`;
      const again = list.querySelectorAll("li")[m].querySelector(by < 0 ? ".ml-ex-up" : ".ml-ex-down");
      (again && !again.disabled ? again : list.querySelectorAll("li")[m].querySelector("button:not([disabled])"))?.focus();
    };
    const draw = () => list.replaceChildren(...order.map((id, n) => h("li", { class: "ml-ex-order-item" },
      h("span", { class: "ml-ex-order-text", text: texts[id] }),
      h("span", { class: "ml-ex-order-buttons" },
        h("button", { type: "button", class: "ml-ex-small ml-ex-up", disabled: n === 0, "aria-label": `Move up: ${texts[id]}`, text: "Up", onclick: () => move(n, -1) }),
        h("button", { type: "button", class: "ml-ex-small ml-ex-down", disabled: n === order.length - 1, "aria-label": `Move down: ${texts[id]}`, text: "Down", onclick: () => move(n, 1) })))));
    draw();
    return h("div", {}, h("p", { class: "ml-ex-ctx", text: `Top: ${ex.first_label}. Bottom: ${ex.last_label}.` }), list, live);
  },
};

/* ===== src/types/first_click.js ===== */
/* First click: a mock results page; choose what to open first (and, if you like, next).
   Python half: medialit/exercises/types/first_click.py (score mirrors its score()). */

const RATING_VALUES = { best: 1, acceptable: 0.6, poor: 0 };
const cap = (t) => t.charAt(0).toUpperCase() + t.slice(1);

TYPES.first_click = {
  empty(ex) { return result(ex, 0, "No answer yet: choose the result you would open first, then check."); },
  score(ex, s, a) {
    const ids = ex.results.map((r) => r.id);
    if (typeof a === "string") a = [a];
    if (!Array.isArray(a)) return bad(ex, "Choose the result you would open first (then, if you like, a second and a third).");
    if (a.some((x) => !ids.includes(x)) || new Set(a).size !== a.length) return bad(ex, `Choose among the results (${ids.join(", ")}), each at most once.`);
    if (a.length > ex.max_picks) return bad(ex, `Rank at most ${ex.max_picks} results.`);
    const title = (r) => ex.results.find((x) => x.id === r).title;
    const first = RATING_VALUES[s.key[a[0]]], rest = a.slice(1).map((x) => RATING_VALUES[s.key[x]]);
    const value = rest.length ? 0.7 * first + 0.3 * rest.reduce((p, q) => p + q, 0) / rest.length : first;
    const items = a.map((x, n) => {
      const rating = s.key[x], who = s.behind[x];
      const side = who.partisan === "none" ? "independent of both sides" : `partisan: ${who.partisan}`;
      return { id: x, status: rating === "best" ? "right" : rating === "acceptable" ? "close" : "wrong",
               text: `${n === 0 ? "First" : `Then (${n + 1})`}: ${title(x)} — ${who.publisher} (${side})`, feedback: `${cap(rating)}: ${s.reasons[x]}` };
    });
    ids.filter((x) => !a.includes(x)).forEach((x) => items.push({ id: x, status: "answer", hidden: true,
      text: `${title(x)} — ${s.behind[x].publisher}`, feedback: `${cap(s.key[x])}: ${s.reasons[x]}` }));
    const head = { best: "A good first click.", acceptable: "A reasonable first click, not the best.", poor: "Not the best first click." }[s.key[a[0]]];
    return result(ex, value, head, items);
  },
  input(ex, answer, set, ctx) {
    const picks = Array.isArray(answer) ? [...answer] : [];
    const live = h("p", { class: "ml-visually-hidden", role: "status", "aria-live": "polite" });
    const list = h("ol", { class: "ml-ex-results", "aria-labelledby": ctx.promptId });
    const draw = () => list.replaceChildren(...ex.results.map((r) => {
      const n = picks.indexOf(r.id);
      const label = n === 0 ? "Open first" : n > 0 ? `Open next (${n + 1})` : picks.length ? "Open next" : "Open first";
      return h("li", { class: "ml-ex-result-item" + (n >= 0 ? " ml-ex-picked" : "") },
        h("p", { class: "ml-ex-result-title", text: r.title }),
        h("p", { class: "ml-ex-result-url", text: r.url }),
        h("p", { class: "ml-ex-result-snippet", text: r.excerpt }),
        n >= 0
          ? h("button", { type: "button", class: "ml-ex-small", "aria-label": `Take back: ${r.title}`, text: `Your pick ${n + 1} — take back`,
                          onclick: () => { picks.splice(n, 1); draw(); set([...picks]); live.textContent = `${r.title} taken back.`; } })
          : h("button", { type: "button", class: "ml-ex-small", disabled: picks.length >= ex.max_picks, "aria-label": `${label}: ${r.title}`, text: label,
                          onclick: () => { picks.push(r.id); draw(); set([...picks]); live.textContent = `${r.title}: your pick ${picks.length}.`; } }));
    }));
    draw();
    return h("div", { class: "ml-ex-serp" },
      h("p", { class: "ml-ex-serp-query" }, h("span", { class: "ml-ex-ctx", text: "Search: " }), h("strong", { text: ex.query })), list, live);
  },
};

/* ===== src/types/rate.js ===== */
/* Rate: a rating per item on a scale; an item scores on the key's side of the threshold.
   Python half: medialit/exercises/types/rate.py (score mirrors its score()). */

TYPES.rate = {
  empty(ex) { return result(ex, 0, "No answer yet: rate each item, then check."); },
  score(ex, s, a) {
    const sc = ex.scale, ids = ex.items.map((i) => i.id), texts = Object.fromEntries(ex.items.map((i) => [i.id, i.text]));
    if (typeof a !== "object" || a === null || Array.isArray(a)) return bad(ex, "Rate each item; the answer should map item ids to ratings.");
    const unknown = Object.keys(a).filter((k) => !ids.includes(k));
    if (unknown.length) return bad(ex, `Unknown item(s): ${unknown.join(", ")}.`);
    for (const v of Object.values(a)) {
      if (v === null || v === undefined) continue;
      if (!Number.isInteger(v) || v < sc.min || v > sc.max) return bad(ex, `Each rating is a whole number from ${sc.min} to ${sc.max}.`);
    }
    let right = 0;
    const items = ids.map((i) => {
      const given = a[i];
      if (given === null || given === undefined) return { id: i, status: "unanswered", text: texts[i], feedback: "" };
      const ok = (given >= sc.threshold) === s.key[i];
      if (ok) right++;
      return { id: i, status: ok ? "right" : "wrong", text: `${texts[i]} (you: ${given})`, given, key: s.key[i] ? "trust" : "doubt",
               feedback: s.feedback[i] || "", secret_feedback: true, hint: "Look again at who stands behind it and what they could know." };
    });
    return result(ex, right / ids.length, `${right} of ${ids.length} ratings on the side the evidence supports (${sc.threshold} or more means trust).`, items);
  },
  input(ex, answer, set, ctx) {
    const sc = ex.scale, current = { ...(answer && typeof answer === "object" && !Array.isArray(answer) ? answer : {}) };
    const values = Array.from({ length: sc.max - sc.min + 1 }, (_, n) => sc.min + n);
    return h("div", { class: "ml-ex-rate" },
      h("p", { class: "ml-ex-ctx", text: `${sc.min} = ${sc.low}; ${sc.max} = ${sc.high}.` }),
      ex.items.map((it, n) => {
        const name = nextId("r"), legend = nextId("lg");
        return h("fieldset", { class: "ml-ex-rate-item", "aria-labelledby": legend },
          h("p", { id: legend, class: "ml-ex-rate-text" }, h("span", { class: "ml-ex-num", text: `${n + 1}. ` }), it.text,
            it.context ? h("span", { class: "ml-ex-ctx", text: ` (${it.context})` }) : null),
          h("div", { class: "ml-ex-scale" }, values.map((v) => {
            const id = nextId("rv");
            return h("label", { class: "ml-ex-scale-point", for: id },
              h("input", { type: "radio", name, id, value: String(v), checked: current[it.id] === v,
                           "aria-label": `${v}${v === sc.min ? ", " + sc.low : v === sc.max ? ", " + sc.high : ""}`,
                           onchange: () => { current[it.id] = v; set({ ...current }); } }),
              h("span", { "aria-hidden": "true", text: String(v) }));
          })));
      }));
  },
};

/* ===== src/types/grid.js ===== */
/* Grid: place items on two axes; an item in its zone on both axes scores 1, on one 0.5.
   Operable without a mouse: a list of positions per axis; the grid is drawn for the eye.
   Python half: medialit/exercises/types/grid.py (score mirrors its score()). */

TYPES.grid = {
  empty(ex) { return result(ex, 0, "No answer yet: place the items, then check."); },
  score(ex, s, a) {
    const ids = ex.items.map((i) => i.id), texts = Object.fromEntries(ex.items.map((i) => [i.id, i.text]));
    const xs = ex.x_axis.positions, ys = ex.y_axis.positions;
    if (typeof a !== "object" || a === null || Array.isArray(a)) return bad(ex, "Place each item; the answer should map item ids to {x, y} positions.");
    const unknown = Object.keys(a).filter((k) => !ids.includes(k));
    if (unknown.length) return bad(ex, `Unknown item(s): ${unknown.join(", ")}.`);
    for (const v of Object.values(a)) {
      if (v === null || v === undefined) continue;
      const okShape = typeof v === "object" && !Array.isArray(v) && Object.keys(v).every((k) => k === "x" || k === "y")
        && ["x", "y"].every((k) => Number.isInteger(v[k])) && v.x >= 0 && v.x < xs.length && v.y >= 0 && v.y < ys.length;
      if (!okShape) return bad(ex, "Give each item a position on both axes.");
    }
    let total = 0;
    const items = ids.map((i) => {
      const v = a[i];
      if (v === null || v === undefined) return { id: i, status: "unanswered", text: texts[i], feedback: "" };
      const k = s.key[i], inX = k.x.includes(v.x), inY = k.y.includes(v.y);
      const hits = inX + inY;
      total += hits / 2;
      const where = [];
      if (!inX) where.push(ex.x_axis.label);
      if (!inY) where.push(ex.y_axis.label);
      return { id: i, status: hits === 2 ? "right" : hits === 1 ? "close" : "wrong", text: `${texts[i]}: ${xs[v.x]}; ${ys[v.y]}`, given: v,
               key: { x: k.x.map((n) => xs[n]), y: k.y.map((n) => ys[n]) }, feedback: s.feedback[i] || "", secret_feedback: true,
               hint: where.length ? `Look again at: ${where.join(" and ")}.` : "" };
    });
    return result(ex, total / ids.length, `${items.filter((i) => i.status === "right").length} of ${ids.length} items placed where the sources put them.`, items);
  },
  input(ex, answer, set) {
    const current = {};
    Object.entries(answer && typeof answer === "object" && !Array.isArray(answer) ? answer : {}).forEach(([k, v]) => { if (v) current[k] = { ...v }; });
    const xs = ex.x_axis.positions, ys = ex.y_axis.positions;
    const svgNS = "http://www.w3.org/2000/svg";
    const W = 100 * xs.length, H = 60 * ys.length;
    const svg = document.createElementNS(svgNS, "svg");
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`); svg.setAttribute("class", "ml-ex-grid-svg"); svg.setAttribute("aria-hidden", "true");
    const draw = () => {
      svg.replaceChildren();
      for (let i = 0; i <= xs.length; i++) { const l = document.createElementNS(svgNS, "line"); l.setAttribute("x1", i * 100); l.setAttribute("x2", i * 100); l.setAttribute("y1", 0); l.setAttribute("y2", H); svg.append(l); }
      for (let j = 0; j <= ys.length; j++) { const l = document.createElementNS(svgNS, "line"); l.setAttribute("y1", j * 60); l.setAttribute("y2", j * 60); l.setAttribute("x1", 0); l.setAttribute("x2", W); svg.append(l); }
      const cells = {};
      ex.items.forEach((it, n) => {
        const v = current[it.id];
        if (!v || v.x === undefined || v.y === undefined) return;
        // Each item is drawn as its number in a circle; the list above names it.
        const key = `${v.x},${v.y}`, k = (cells[key] = (cells[key] || 0) + 1) - 1;
        const cx = v.x * 100 + 16 + 24 * (k % 4), cy = (ys.length - 1 - v.y) * 60 + 18 + 24 * Math.floor(k / 4);
        const dot = document.createElementNS(svgNS, "circle");
        dot.setAttribute("cx", cx); dot.setAttribute("cy", cy); dot.setAttribute("r", 10); dot.setAttribute("class", "ml-ex-grid-dot");
        const t = document.createElementNS(svgNS, "text");
        t.setAttribute("x", cx); t.setAttribute("y", cy + 4); t.setAttribute("text-anchor", "middle");
        t.textContent = String(n + 1);
        svg.append(dot, t);
      });
    };
    const rows = ex.items.map((it, n) => {
      const pick = (axis, positions, label) => {
        const id = nextId("g");
        const sel = h("select", { id, onchange: (ev) => {
          const val = ev.target.value === "" ? undefined : Number(ev.target.value);
          current[it.id] = { ...(current[it.id] || {}), [axis]: val };
          if (val === undefined) delete current[it.id][axis];
          draw();
          const complete = Object.fromEntries(Object.entries(current).filter(([, v]) => v.x !== undefined && v.y !== undefined));
          set(complete);
        } }, h("option", { value: "", text: "— choose —" }), positions.map((p, i) => h("option", { value: String(i), text: p, selected: current[it.id] && current[it.id][axis] === i })));
        return h("span", { class: "ml-ex-grid-pick" }, h("label", { for: id, text: `${label}: ` }), sel);
      };
      return h("div", { class: "ml-ex-grid-item" }, h("p", { class: "ml-ex-grid-name" }, h("span", { class: "ml-ex-num", text: `${n + 1}. ` }), it.text),
        pick("x", xs, ex.x_axis.label), " ", pick("y", ys, ex.y_axis.label));
    });
    draw();
    const axisX = h("p", { class: "ml-ex-ctx", "aria-hidden": "true", text: `Across: ${ex.x_axis.label} (${xs.join(" → ")}). Up: ${ex.y_axis.label} (${ys.join(" → ")}).` });
    return h("div", { class: "ml-ex-grid" }, rows, h("figure", { class: "ml-ex-grid-figure" }, svg, axisX));
  },
};

/* ===== src/types/verdict_confidence.js ===== */
/* Verdict with confidence: half the credit for the verdict, half for 1 - Brier score of
   "my verdict is right". Python half: medialit/exercises/types/verdict_confidence.py. */

TYPES.verdict_confidence = {
  empty(ex) { return result(ex, 0, "No answer yet: give a verdict and your confidence for each claim, then check."); },
  score(ex, s, a) {
    const ids = ex.items.map((i) => i.id);
    if (typeof a !== "object" || a === null || Array.isArray(a)) return bad(ex, "Give each claim a verdict and a confidence.");
    const unknown = Object.keys(a).filter((k) => !ids.includes(k));
    if (unknown.length) return bad(ex, `Unknown item(s): ${unknown.join(", ")}.`);
    for (const v of Object.values(a)) {
      if (v === null || v === undefined) continue;
      if (typeof v !== "object" || Array.isArray(v) || !ex.verdicts.includes(v.verdict) || !ex.confidences.includes(v.confidence)) {
        return bad(ex, "For each claim choose a verdict from the list and a confidence from 50% to 100%.");
      }
    }
    let total = 0;
    const briers = [];
    const items = ids.map((i) => {
      const v = a[i];
      if (v === null || v === undefined) return { id: i, status: "unanswered", text: i, feedback: "" };
      const right = v.verdict === s.key[i];
      const b = (v.confidence / 100 - (right ? 1 : 0)) ** 2;
      briers.push(b);
      total += 0.5 * (right ? 1 : 0) + 0.5 * (1 - b);
      const how = right && v.confidence >= 80 ? "sure and right" : right ? "right" : v.confidence >= 80 ? "sure and wrong: the costliest mistake" : "wrong, but you were unsure";
      return { id: i, status: right ? "right" : "wrong", text: `${i}: ${v.verdict} at ${v.confidence}% (${how})`, given: v, key: s.key[i],
               feedback: s.feedback[i] || "", secret_feedback: true, hint: "Weigh each source: who stands behind it, and does it settle the claim?" };
    });
    const meanB = Math.floor((briers.length ? briers.reduce((p, q) => p + q, 0) / briers.length : 0) * 100 + 0.5) / 100;
    return result(ex, total / ids.length, `${items.filter((i) => i.status === "right").length} of ${ids.length} verdicts right. Brier score ${meanB.toFixed(2)} (0 is perfect; 0.25 is what always saying 50% gives).`, items);
  },
  input(ex, answer, set) {
    const current = {};
    Object.entries(answer && typeof answer === "object" && !Array.isArray(answer) ? answer : {}).forEach(([k, v]) => { if (v) current[k] = { ...v }; });
    const push = () => set(Object.fromEntries(Object.entries(current).filter(([, v]) => v.verdict && v.confidence)));
    return h("div", { class: "ml-ex-vc" }, ex.items.map((it, n) => {
      const vid = nextId("vc"), cid = nextId("cc");
      return h("div", { class: "ml-ex-vc-item" },
        h("p", { class: "ml-ex-vc-claim" }, h("span", { class: "ml-ex-num", text: `${n + 1}. ` }), it.text,
          it.source_line ? h("span", { class: "ml-ex-ctx", text: ` (${it.source_line})` }) : null),
        it.sources.length ? h("ul", { class: "ml-ex-sources" }, it.sources.map((c) => h("li", {},
          h("strong", { text: `${c.title}` }), h("span", { class: "ml-ex-ctx", text: ` — ${c.publisher}` }),
          h("span", { class: "ml-ex-snippet", text: ` “${c.excerpt}”` })))) : null,
        h("span", { class: "ml-ex-grid-pick" }, h("label", { for: vid, text: "Verdict: " }),
          h("select", { id: vid, onchange: (ev) => { current[it.id] = { ...(current[it.id] || {}), verdict: ev.target.value }; push(); } },
            h("option", { value: "", text: "— choose —" }), ex.verdicts.map((v) => h("option", { value: v, text: v, selected: current[it.id] && current[it.id].verdict === v })))),
        " ",
        h("span", { class: "ml-ex-grid-pick" }, h("label", { for: cid, text: "How sure: " }),
          h("select", { id: cid, onchange: (ev) => { current[it.id] = { ...(current[it.id] || {}), confidence: ev.target.value ? Number(ev.target.value) : undefined }; push(); } },
            h("option", { value: "", text: "— choose —" }), ex.confidences.map((c) => h("option", { value: String(c), text: `${c}%`, selected: current[it.id] && current[it.id].confidence === c })))));
    }));
  },
};

/* ===== src/types/evidence.js ===== */
/* Evidence: assemble the evidence for a statement and see the confidence it allows, by the
   kit's own rules. gradeEvidence mirrors medialit/corpus/confidence.py (grade_evidence).
   Python half: medialit/exercises/types/evidence.py (score mirrors its score()). */

const GRADE_ORDER = { NF: 0, L: 1, M: 2, H: 3 };
const SIDES = { "pro-MEK": "pro-MEK", "anti-MEK": "anti-MEK", "Iranian state": "anti-MEK", other: "other" };
const originalOf = (c) => String(c.copy_of || c.id);

/* Mirrors copy_groups in confidence.py: the card that is the original stands for its group
   when picked, else the first copy; [first (Map report -> card), repeats ([card, stands for])]. */
function copyGroups(cards) {
  const groups = new Map();
  for (const c of cards) {
    const key = originalOf(c);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(String(c.id));
  }
  const first = new Map(), repeats = [];
  for (const [key, ids] of groups) {
    const rep = ids.includes(key) ? key : ids[0];
    first.set(key, rep);
    for (const i of ids) if (i !== rep) repeats.push([i, rep]);
  }
  return [first, repeats];
}

/* Mirrors _repeats_marked_right in evidence.py. */
function repeatsMarkedRight(cards, rep, truth) {
  const out = [], standing = new Set();
  for (const c of cards) {
    const orig = originalOf(truth[c]), said = rep[c];
    const same = said !== undefined && originalOf(truth[said]) === orig;
    if (cards.includes(orig)) out.push(c === orig ? said === undefined : same);
    else if (said === undefined && !standing.has(orig)) { standing.add(orig); out.push(true); }
    else out.push(same);
  }
  cards.forEach((c, i) => {
    const orig = originalOf(truth[c]);
    if (!cards.includes(orig) && !standing.has(orig)) { standing.add(orig); out[i] = false; }
  });
  return out;
}

function gradeEvidence(cards) {
  if (!cards.length) return { grade: "NF", reasons: ["No source: a claim nobody could check is 'not found', never more."] };
  const [first, repeats] = copyGroups(cards);
  const byId = Object.fromEntries(cards.map((c) => [String(c.id), c]));
  const originals = [...first.values()].map((i) => byId[i]);
  const independent = originals.filter((c) => c.partisan === "none");
  const named = independent.filter((c) => c.relays !== "anonymous official");
  const reasons = [];
  if (repeats.length) reasons.push("Counted once: " + repeats.map(([r, o]) => `${r} repeats ${o}`).join(", ") + ".");
  const partisan = originals.filter((c) => c.partisan !== "none");
  if (partisan.length) reasons.push("Partisan on the dispute (they count, but cannot lift the grade): " + partisan.map((c) => c.id).join(", ") + ".");
  const anonymous = independent.filter((c) => c.relays === "anonymous official");
  if (anonymous.length) reasons.push("Resting on unnamed officials (never enough for H): " + anonymous.map((c) => c.id).join(", ") + ".");
  const sides = new Set(partisan.map((c) => SIDES[c.partisan] || "other"));
  let grade;
  if (named.length >= 2) { grade = "H"; reasons.push(`${named.length} independent, non-partisan sources with named or documentary origins.`); }
  else if (independent.length) { grade = "M"; reasons.push("One independent source (or several that rest on one report or on unnamed officials): enough for M, not for H."); }
  else if (sides.has("pro-MEK") && sides.has("anti-MEK")) { grade = "M"; reasons.push("Partisan sources on opposite sides agree: M, never H."); }
  else { grade = "L"; reasons.push("Only partisan sources: L at most."); }
  return { grade, reasons };
}

function evidenceProblem(a, offered, grades, relays) {
  if (typeof a !== "object" || a === null || Array.isArray(a)) return "Each answer needs cards, what they relay, and a confidence.";
  const cards = a.cards === undefined ? [] : a.cards, rel = a.relays || {}, rep = a.repeats || {};
  if (!Array.isArray(cards) || typeof rel !== "object" || Array.isArray(rel) || typeof rep !== "object" || Array.isArray(rep)) return "Each answer needs a list of cards, what each relays, and which repeat another.";
  if (cards.some((c) => !offered.includes(c)) || new Set(cards).size !== cards.length) return `Pick among the cards offered (${offered.join(", ")}), each once.`;
  if (Object.entries(rel).some(([k, v]) => !cards.includes(k) || !relays.includes(v))) return `Say what each picked card relays: ${relays.join(", ")}.`;
  if (Object.entries(rep).some(([k, v]) => !cards.includes(k) || !cards.includes(v) || k === v)) return "A card can only repeat another card you picked.";
  if (!grades.includes(a.confidence)) return `Choose a confidence: ${grades.join(", ")}.`;
  return null;
}

function evidenceOne(sid, text, a, truth, best) {
  const cards = a.cards || [], rel = a.relays || {}, rep = a.repeats || {};
  const allowed = gradeEvidence(cards.map((c) => truth[c]));
  const relaysOk = cards.map((c) => rel[c] === truth[c].relays);
  const repeatsOk = repeatsMarkedRight(cards, rep, truth);
  const share = (xs) => xs.filter(Boolean).length / xs.length;
  const parts = [relaysOk.length ? share(relaysOk) : (best === "NF" ? 1 : 0), repeatsOk.length ? share(repeatsOk) : (best === "NF" ? 1 : 0),
                 a.confidence === allowed.grade ? 1 : 0, GRADE_ORDER[allowed.grade] >= GRADE_ORDER[best] ? 1 : 0];
  const credit = parts.reduce((p, q) => p + q, 0) / 4;
  const notes = [`Your evidence allows ${allowed.grade}. ` + allowed.reasons.join(" ")];
  if (a.confidence !== allowed.grade) notes.push(`You said ${a.confidence}: ` + (GRADE_ORDER[a.confidence] > GRADE_ORDER[allowed.grade] ? "more than it allows." : "less than it allows."));
  const wrongRelays = cards.filter((c, n) => !relaysOk[n]);
  if (wrongRelays.length) notes.push("Look again at what these cards relay: " + wrongRelays.join(", ") + ".");
  if (!repeatsOk.every(Boolean)) notes.push("Check which cards merely repeat another report.");
  if (GRADE_ORDER[allowed.grade] < GRADE_ORDER[best]) notes.push("Stronger evidence is among the cards offered.");
  return [credit, { id: sid, status: credit === 1 ? "right" : credit < 0.5 ? "wrong" : "close", text: `${text} — your confidence: ${a.confidence}`,
                    feedback: notes.join(" "), key: best, allowed: allowed.grade }];
}

function evidenceProfile(ex, s, a) {
  if (typeof a !== "object" || a === null || Array.isArray(a) || !Array.isArray(a.facts)) return bad(ex, "Write the profile's facts, each with its cards and a confidence.");
  const facts = a.facts.filter((f) => f && typeof f === "object" && !Array.isArray(f) && String(f.text || "").trim());
  if (facts.length > ex.max_facts) return bad(ex, `Write at most ${ex.max_facts} facts.`);
  const truth = s.key.truth, offered = ex.cards.map((c) => c.id);
  const items = [];
  let good = 0;
  for (const [n, f] of facts.entries()) {
    const problem = evidenceProblem({ relays: {}, repeats: {}, ...f }, offered, ex.grades, ex.relays);
    if (problem) return bad(ex, problem);
    const cards = f.cards || [];
    const allowed = gradeEvidence(cards.map((c) => truth[c]));
    let status, fb;
    if (!cards.length && f.confidence !== "NF") { status = "wrong"; fb = "No evidence: a fact without a source can only be 'not found' (NF)."; }
    else if (f.confidence !== allowed.grade) { status = "wrong"; fb = `You gave ${f.confidence}; the evidence allows ${allowed.grade}. ` + allowed.reasons.join(" "); }
    else { status = "right"; fb = `${f.confidence} is what the evidence allows. ` + allowed.reasons.join(" "); }
    if (status === "right") good++;
    items.push({ id: `fact-${n + 1}`, status, text: String(f.text || "").slice(0, 300), feedback: fb, allowed: allowed.grade });
  }
  const need = Math.max(ex.min_facts, facts.length), missing = ex.min_facts - facts.length;
  let text = `${good} of ${facts.length} facts with the confidence their evidence allows.`;
  if (missing > 0) text += ` Write ${missing} more fact(s): the profile needs ${ex.min_facts}.`;
  return result(ex, good / need, text, items);
}

/* One card's row: pick it, say what it relays, and whether it repeats another picked card. */
function cardPicker(cards, state, relays, onChange) {
  return h("ul", { class: "ml-ex-evidence-cards" }, cards.map((c) => {
    const pid = nextId("ep"), rid = nextId("er"), qid = nextId("eq");
    const picked = state.cards.includes(c.id);
    const relaySel = h("select", { id: rid, disabled: !picked, onchange: (ev) => { if (ev.target.value) state.relays[c.id] = ev.target.value; else delete state.relays[c.id]; onChange(); } },
      h("option", { value: "", text: "— what it passes on —" }), relays.map((r) => h("option", { value: r, text: r, selected: state.relays[c.id] === r })));
    const repeatSel = h("select", { id: qid, disabled: !picked, onchange: (ev) => { if (ev.target.value) state.repeats[c.id] = ev.target.value; else delete state.repeats[c.id]; onChange(); } },
      h("option", { value: "", text: "its own report" }), cards.filter((o) => o.id !== c.id).map((o) => h("option", { value: o.id, text: `repeats ${o.id}`, selected: state.repeats[c.id] === o.id })));
    const box = h("input", { type: "checkbox", id: pid, checked: picked, onchange: (ev) => {
      if (ev.target.checked) { state.cards.push(c.id); state.cards.sort(); }
      else { state.cards = state.cards.filter((x) => x !== c.id); delete state.relays[c.id]; delete state.repeats[c.id]; Object.keys(state.repeats).forEach((k) => { if (state.repeats[k] === c.id) delete state.repeats[k]; }); }
      relaySel.disabled = repeatSel.disabled = !ev.target.checked; onChange();
    } });
    return h("li", { class: "ml-ex-evidence-card" },
      h("label", { class: "ml-ex-choice", for: pid }, box, h("span", {}, h("strong", { text: `${c.id}: ${c.title}` }), h("span", { class: "ml-ex-ctx", text: ` — ${c.publisher}` }))),
      h("p", { class: "ml-ex-snippet", text: `“${c.excerpt}”` }),
      h("span", { class: "ml-ex-grid-pick" }, h("label", { for: rid, text: "Passes on: " }), relaySel), " ",
      h("span", { class: "ml-ex-grid-pick" }, h("label", { for: qid, text: "Is it: " }), repeatSel));
  }));
}

function gradePicker(grades, value, onChange, label) {
  const id = nextId("eg");
  return h("span", { class: "ml-ex-grid-pick" }, h("label", { for: id, text: label }),
    h("select", { id, onchange: (ev) => onChange(ev.target.value || undefined) }, h("option", { value: "", text: "— choose —" }),
      grades.map((g) => h("option", { value: g, text: g, selected: value === g }))));
}

TYPES.evidence = {
  empty(ex) { return result(ex, 0, "No answer yet: pick cards and give a confidence, then check."); },
  score(ex, s, a) {
    if (ex.mode === "profile") return evidenceProfile(ex, s, a);
    const ids = ex.statements.map((st) => st.id);
    if (typeof a !== "object" || a === null || Array.isArray(a)) return bad(ex, "For each statement, pick cards and give a confidence.");
    const unknown = Object.keys(a).filter((k) => !ids.includes(k));
    if (unknown.length) return bad(ex, `Unknown statement(s): ${unknown.join(", ")}.`);
    let total = 0;
    const items = [];
    for (const st of ex.statements) {
      const ans = a[st.id];
      if (ans === null || ans === undefined) { items.push({ id: st.id, status: "unanswered", text: st.text, feedback: "" }); continue; }
      const problem = evidenceProblem(ans, st.cards.map((c) => c.id), ex.grades, ex.relays);
      if (problem) return bad(ex, problem);
      const [part, item] = evidenceOne(st.id, st.text, { relays: {}, repeats: {}, ...ans }, s.key.truth, s.key.best[st.id]);
      total += part; items.push(item);
    }
    return result(ex, total / ids.length, `${items.filter((i) => i.status === "right").length} of ${ids.length} statements with evidence and confidence that hold together.`, items);
  },
  input(ex, answer, set) {
    const norm = (a) => ({ cards: [...((a && a.cards) || [])], relays: { ...((a && a.relays) || {}) }, repeats: { ...((a && a.repeats) || {}) }, confidence: a && a.confidence });
    const clean = (st) => { const o = { cards: st.cards, relays: st.relays, repeats: st.repeats }; if (st.confidence) o.confidence = st.confidence; return o; };
    if (ex.mode === "profile") {
      const facts = ((answer && Array.isArray(answer.facts)) ? answer.facts : []).map((f) => ({ text: f.text || "", ...norm(f) }));
      while (facts.length < ex.min_facts) facts.push({ text: "", ...norm(null) });
      const push = () => set({ facts: facts.filter((f) => f.text.trim()).map((f) => ({ text: f.text, ...clean(f) })) });
      const wrap = h("div", { class: "ml-ex-evidence" });
      const draw = () => wrap.replaceChildren(...facts.map((f, n) => {
        const tid = nextId("ft");
        return h("fieldset", { class: "ml-ex-evidence-statement" }, h("legend", { text: `Fact ${n + 1} about ${ex.subject}` }),
          h("label", { for: tid, text: "The fact, in your words: " }),
          h("input", { id: tid, type: "text", class: "ml-ex-fact", value: f.text, oninput: (ev) => { f.text = ev.target.value; push(); } }),
          cardPicker(ex.cards, f, ex.relays, push), gradePicker(ex.grades, f.confidence, (g) => { f.confidence = g; push(); }, "Confidence: "));
      }), facts.length < ex.max_facts ? h("button", { type: "button", class: "ml-ex-small", text: "Add a fact", onclick: () => { facts.push({ text: "", ...norm(null) }); draw(); } }) : null);
      draw();
      return wrap;
    }
    const state = {};
    ex.statements.forEach((st) => { state[st.id] = norm(answer && answer[st.id]); });
    const push = () => set(Object.fromEntries(Object.entries(state).filter(([, st]) => st.cards.length || st.confidence).map(([k, st]) => [k, clean(st)])));
    return h("div", { class: "ml-ex-evidence" }, ex.statements.map((st, n) => h("fieldset", { class: "ml-ex-evidence-statement" },
      h("legend", { text: `${n + 1}. ${st.text}` }), cardPicker(st.cards, state[st.id], ex.relays, push),
      gradePicker(ex.grades, state[st.id].confidence, (g) => { state[st.id].confidence = g; push(); }, "Your confidence: "))));
  },
};

/* ===== src/types/open.js ===== */
/* Open response: a written answer the teacher scores on a rubric; the kit never scores it.
   Python half: medialit/exercises/types/open.py (score mirrors its score()). */

TYPES.open = {
  empty(ex) { return result(ex, null, "No answer yet: write your answer, then save it."); },
  score(ex, s, a) {
    if (typeof a !== "string") return bad(ex, "Write your answer as text.");
    const n = Array.from(a).length;
    if (n > 4000) return bad(ex, `Your answer is ${n} characters long; keep it under 4000.`);
    return result(ex, null, "Saved. Your teacher reads this answer and scores it on a rubric; the kit does not.");
  },
  input(ex, answer, set) {
    const id = nextId("o");
    return h("div", {}, h("label", { for: id, text: "Your answer:" }),
      h("textarea", { id, rows: String(ex.lines || 6), class: "ml-ex-textarea", oninput: (ev) => set(ev.target.value) }, answer || ""));
  },
};

/* ===== src/render.js ===== */
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

/* ===== src/static.js ===== */
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

})();
