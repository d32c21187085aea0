/* Written by python -m medialit js from medialit/static/src/: edit the sources, not this file. */
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

/* ===== src/types/single.js ===== */
/* Single choice: one right option, feedback per option.
   Python half: medialit/exercises/types/single.py (score mirrors its score()). */

TYPES.single = {
  score(ex, s, a) {
    const ids = ex.options.map((o) => o.id);
    if (typeof a !== "string" || !ids.includes(a)) return bad(ex, `Choose one of the options (${ids.join(", ")}).`);
    const right = a === s.key;
    const fb = s.feedback[a] || "";
    return result(ex, right ? 1 : 0, (right ? "Right. " : "Not quite. ") + fb,
                  [{ id: a, status: right ? "right" : "wrong", feedback: fb }]);
  },
  input(ex, answer, set, ctx) {
    const name = nextId("opt");
    return h("fieldset", { class: "ml-ex-options", "aria-labelledby": ctx.promptId },
      ex.options.map((o) => { const id = nextId("o"); return h("div", {}, h("input", { type: "radio", name, id, value: o.id, checked: answer === o.id, onchange: () => set(o.id) }), h("label", { for: id, text: ` ${o.text}` })); }));
  },
};

/* ===== src/types/multiple.js ===== */
/* Multiple choice: tick every option that applies; a wrong tick cancels a right one.
   Python half: medialit/exercises/types/multiple.py (score mirrors its score()). */

TYPES.multiple = {
  score(ex, s, a) {
    const ids = ex.options.map((o) => o.id);
    if (!Array.isArray(a)) return bad(ex, "Tick one or more options; the answer should be a list of option ids.");
    const chosen = [...new Set(a)];
    const unknown = chosen.filter((x) => !ids.includes(x));
    if (unknown.length) return bad(ex, `Unknown option(s): ${unknown.join(", ")}. The options are ${ids.join(", ")}.`);
    const key = new Set(s.key);
    const items = [];
    for (const o of ids) {
      const picked = chosen.includes(o), correct = key.has(o);
      if (picked || correct) items.push({ id: o, status: picked && correct ? "right" : picked ? "wrong" : "missed", feedback: s.feedback[o] || "" });
    }
    const good = chosen.filter((x) => key.has(x)).length, wrong = chosen.length - good;
    return result(ex, Math.max(0, (good - wrong) / key.size), `${good} of ${key.size} right answers ticked` + (wrong ? `, ${wrong} wrong.` : "."), items);
  },
  input(ex, answer, set, ctx) {
    const chosen = new Set(answer || []);
    return h("fieldset", { class: "ml-ex-options", "aria-labelledby": ctx.promptId },
      ex.options.map((o) => { const id = nextId("o"); return h("div", {}, h("input", { type: "checkbox", id, value: o.id, checked: chosen.has(o.id), onchange: (ev) => { ev.target.checked ? chosen.add(o.id) : chosen.delete(o.id); set([...chosen].sort()); } }), h("label", { for: id, text: ` ${o.text}` })); }));
  },
};

/* ===== src/types/categorise.js ===== */
/* Categorise: a label for each item.
   Python half: medialit/exercises/types/categorise.py (score mirrors its score()). */

TYPES.categorise = {
  score(ex, s, a) {
    if (typeof a !== "object" || Array.isArray(a)) return bad(ex, "Give a label for each item; the answer should map item ids to labels.");
    const ids = ex.items.map((i) => i.id);
    const unknown = Object.keys(a).filter((k) => !ids.includes(k));
    if (unknown.length) return bad(ex, `Unknown item(s): ${unknown.join(", ")}.`);
    const wrongLabel = Object.values(a).find((v) => v !== null && v !== undefined && v !== "" && !ex.labels.includes(v));
    if (wrongLabel !== undefined) return bad(ex, `'${wrongLabel}' is not one of the labels (${ex.labels.join(", ")}).`);
    let right = 0;
    const items = ids.map((i) => {
      const given = a[i] || null, key = s.key[i];
      const status = given === key ? "right" : !given ? "unanswered" : "wrong";
      if (status === "right") right++;
      return { id: i, status, given, answer: key, feedback: s.feedback[i] || "" };
    });
    return result(ex, right / ids.length, `${right} of ${ids.length} items labelled as the annotators did.`, items);
  },
  input(ex, answer, set) {
    const current = { ...(answer || {}) };
    return h("div", { class: "ml-ex-cat" }, ex.items.map((it, n) => {
      const id = nextId("c");
      const sel = h("select", { id, onchange: (ev) => { if (ev.target.value) current[it.id] = ev.target.value; else delete current[it.id]; set({ ...current }); } },
        h("option", { value: "", text: "— choose a label —" }), ex.labels.map((l) => h("option", { value: l, text: l.replace(/_/g, " "), selected: current[it.id] === l })));
      return h("div", { class: "ml-ex-cat-item" }, h("label", { for: id }, h("span", { class: "ml-ex-num", text: `${n + 1}. ` }), `“${it.text}”`, it.context ? h("span", { class: "ml-ex-ctx", text: ` (${it.context})` }) : null), sel);
    }));
  },
};

/* ===== src/types/highlight.js ===== */
/* Highlight: mark the words of a passage that use a technique.
   Python half: medialit/exercises/types/highlight.py (score mirrors its score()). */

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
    if (!Array.isArray(a)) return bad(ex, "Mark words in the passage; the answer should be a list of word numbers.");
    if (!a.every((i) => Number.isInteger(i))) return bad(ex, "Word numbers must be whole numbers.");
    if (a.some((i) => i < 0 || i >= tokens.length)) return bad(ex, `Word numbers run from 0 to ${tokens.length - 1}.`);
    const marked = new Set(a), keyWords = new Set(), boundary = new Set(), items = [];
    let found = 0;
    for (const sp of s.key) {
      const words = spanWords(tokens, sp.begin, sp.end);
      words.forEach((w) => keyWords.add(w));
      const hit = words.filter((w) => marked.has(w)).length / words.length >= 0.5;
      if (hit) { found++; boundary.add(words[0] - 1); boundary.add(words[words.length - 1] + 1); }
      items.push({ id: sp.id, status: hit ? "found" : "missed", text: sp.text, technique: sp.technique, feedback: sp.rationale });
    }
    const excess = [...marked].filter((i) => !keyWords.has(i) && !boundary.has(i)).sort((x, y) => x - y);
    for (const run of runs(excess)) {
      const b = tokens[run[0]][0], e = tokens[run[run.length - 1]][1];
      const other = (s.others || []).find((o) => o.begin < e && o.end > b);
      items.push({ id: null, status: "excess", text: ex.passage.text.slice(b, e),
                   feedback: other ? `Annotated as ${other.technique}, not the technique asked for: ${other.rationale}` : "Not annotated as this technique." });
    }
    const value = Math.max(0, found / s.key.length - excess.length / keyWords.size);
    return result(ex, value, `You found ${found} of ${s.key.length} annotated spans` + (excess.length ? ` and marked ${excess.length} word(s) outside them.` : "."), items);
  },
  input(ex, answer, set) {
    const p = ex.passage, tokens = p.tokens;
    const marked = new Set(answer || []);
    const hintId = nextId("hint");
    const hint = h("p", { id: hintId, class: "ml-ex-ctx", text: "Keyboard: Tab into the passage; the arrow keys move from word to word; Space marks or unmarks a word; Shift with an arrow marks as it moves." });
    const box = h("div", { class: "ml-ex-passage", role: "listbox", "aria-multiselectable": "true", tabindex: "0",
                          "aria-label": `Passage ${p.paragraph_id}: mark words`, "aria-describedby": hintId });
    const words = [];
    let last = 0, cursor = 0;
    const gap = (text) => h("span", { "aria-hidden": "true", text });
    tokens.forEach(([b, e], i) => {
      if (b > last) box.append(gap(p.text.slice(last, b)));
      const w = h("span", { class: "ml-ex-word", role: "option", id: nextId("w"), "aria-selected": marked.has(i) ? "true" : "false", "data-i": String(i), text: p.text.slice(b, e) });
      words.push(w); box.append(w); last = e;
    });
    if (last < p.text.length) box.append(gap(p.text.slice(last)));
    function paint() {
      words.forEach((w, i) => { w.setAttribute("aria-selected", marked.has(i) ? "true" : "false"); w.classList.toggle("ml-ex-cursor", i === cursor); });
      box.setAttribute("aria-activedescendant", words[cursor].id);
    }
    function mark(i, on) {
      on ? marked.add(i) : marked.delete(i);
      paint(); set([...marked].sort((x, y) => x - y));
    }
    // Click or Space toggles one word; Shift+click or Shift+arrow marks (never unmarks).
    words.forEach((w, i) => w.addEventListener("click", (ev) => { cursor = i; mark(i, ev.shiftKey ? true : !marked.has(i)); }));
    box.addEventListener("keydown", (ev) => {
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
    return h("div", {}, h("p", { class: "ml-ex-ctx", text: `Article ${p.article}, paragraph ${p.paragraph_id}. Looking for: ${ex.techniques.join(", ").replace(/_/g, " ")}.` }), hint, box);
  },
};

/* ===== src/types/value.js ===== */
/* Value: a number or a piece of text typed in (pandas values are checked in a notebook).
   Python half: medialit/exercises/types/value.py (score mirrors its score()). */

const VALUE_NAMES = { number: "a number", string: "a piece of text", list: "a list", series: "a pandas Series", frame: "a pandas DataFrame" };

TYPES.value = {
  empty(ex) { return result(ex, 0, `No answer yet: this exercise expects ${VALUE_NAMES[ex.value_kind]}.`); },
  score(ex, s, a) {
    const kind = ex.value_kind, k = s.key;
    if (kind !== "number" && kind !== "string") return bad(ex, "This exercise needs the notebook: open it on Binder or your JupyterHub.");
    if (kind === "number") {
      let n = a;
      if (typeof a === "string") {
        const t = a.trim();
        if (t.includes(",")) return bad(ex, "Write the number without commas (use a dot for decimals).");
        n = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(t) ? Number(t) : NaN;
      }
      if (typeof n !== "number" || !Number.isFinite(n)) {
        return bad(ex, `This exercise expects a number, and got ${pyType(a)}.`);
      }
      const ok = Math.abs(n - k.value) <= Math.max(k.abs_tol, k.rel_tol * Math.abs(k.value));
      return result(ex, ok ? 1 : 0, ok ? "Right." : "Not the expected value.");
    }
    if (typeof a !== "string") return bad(ex, `This exercise expects a piece of text, and got ${pyType(a)}.`);
    const norm = (x) => { const t = x.normalize("NFC").trim(); return k.case_sensitive ? t : t.toLowerCase(); };
    const ok = norm(a) === norm(k.value);
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
    return h("div", {}, h("label", { for: id, text: ex.value_kind === "number" ? "Your number: " : "Your answer: " }),
      h("input", { id, type: "text", inputmode: ex.value_kind === "number" ? "decimal" : "text", value: answer ?? "", oninput: (ev) => set(ev.target.value) }));
  },
};

/* ===== src/types/lateral.js ===== */
/* Lateral reading: search the source cards, pick the evidence, give a verdict.
   Python half: medialit/exercises/types/lateral.py (score mirrors its score()). */

TYPES.lateral = {
  score(ex, s, a) {
    if (typeof a !== "object" || Array.isArray(a)) return bad(ex, "Give a verdict and the source cards you used.");
    const verdict = a.verdict, cards = a.cards === undefined || a.cards === null ? [] : a.cards;
    if (!ex.verdicts.includes(verdict)) return bad(ex, `Choose a verdict from: ${ex.verdicts.join(", ")}.`);
    if (!Array.isArray(cards)) return bad(ex, "The cards should be a list of card ids such as SC-101.");
    const badId = cards.find((c) => typeof c !== "string" || !/^SC-\d{3}$/.test(c));
    if (badId !== undefined) return bad(ex, `'${badId}' is not a card id (they look like SC-101).`);
    const chosen = new Set(cards), wanted = new Set(s.key.cards);
    const union = new Set([...chosen, ...wanted]);
    const inter = [...chosen].filter((c) => wanted.has(c)).length;
    const evidence = union.size ? inter / union.size : 1;
    const ok = verdict === s.key.verdict;
    const items = [{ id: "verdict", status: ok ? "right" : "wrong", given: verdict, answer: s.key.verdict, feedback: s.summary || "" }];
    [...union].sort().forEach((c) => items.push({ id: c, status: chosen.has(c) && wanted.has(c) ? "right" : chosen.has(c) ? "excess" : "missed", feedback: "" }));
    return result(ex, 0.5 * (ok ? 1 : 0) + 0.5 * evidence,
                  (ok ? "The verdict matches the kit's." : "The kit's verdict differs.") + ` ${inter} of your ${chosen.size} card(s) are among the ${wanted.size} the kit relies on.`, items);
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
      const hits = await ctx.search(input.value);
      results.replaceChildren(...hits.map((d) => h("li", {}, h("button", { type: "button", class: "ml-ex-small", "aria-label": `Pick ${d.id}`, text: "Pick", onclick: () => { if (!state.cards.includes(d.id)) { state.cards.push(d.id); state.cards.sort(); drawChosen(); push(); } sstatus.textContent = `${d.id} added to your evidence.`; } }), ` ${d.id}: ${d.title} (${d.publisher}${d.partisan && d.partisan !== "none" ? "; partisan: " + d.partisan : ""})`)));
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
  return flags;
}

TYPES.rewrite = {
  empty(ex) { return result(ex, null, "No rewrite yet: type your version of the passage, then check."); },
  score(ex, s, a) {
    if (typeof a !== "string") return bad(ex, "Type your rewrite as text.");
    const flags = rewriteFlags(a, s.key);
    return result(ex, null, flags.length ? `${flags.length} thing(s) to look at again. This check is for practice: it is never scored.`
      : "No annotated loaded term or scare quote left. Compare your version with the original: did you keep every fact?", flags);
  },
  input(ex, answer, set) {
    const id = nextId("r");
    return h("div", {}, h("blockquote", { class: "ml-ex-original" }, h("p", { text: ex.passage.text })),
      h("label", { for: id, text: "Your neutral version:" }),
      h("textarea", { id, rows: "7", class: "ml-ex-textarea", oninput: (ev) => set(ev.target.value) }, answer || ""));
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

/* A value computed in code (a pandas object, a list) is checked with check(), not a button. */
const codeOnly = (ex) => ex.type === "value" && ex.value_kind !== "number" && ex.value_kind !== "string";

/* Render one exercise into el. model: {get(name), set(name, value), save_changes(), on(event, fn)}
   with "exercise" (public data), "answer", "check_count", "result". ctx.search(q) -> card list. */
function renderExercise(el, model, ctx) {
  const ex = model.get("exercise");
  let answer = model.get("answer");
  // The live region is for screen readers; the same words show in the visible result below.
  const status = h("div", { class: "ml-ex-status ml-visually-hidden", role: "status", "aria-live": "polite" });
  const resultBox = h("div", {});
  const titleId = nextId("t"), promptId = nextId("p");
  ctx = { ...ctx, promptId };
  const check = h("button", { type: "button", class: "ml-ex-check", text: ex.type === "rewrite" ? "Check my rewrite" : "Check" });
  const input = TYPES[ex.type].input(ex, answer, (a) => { answer = a; model.set("answer", a); model.save_changes(); }, ctx);
  check.addEventListener("click", () => {
    model.set("answer", answer === undefined ? null : answer);
    model.set("check_count", (model.get("check_count") || 0) + 1);
    model.save_changes();
  });
  const show = () => {
    const res = model.get("result");
    resultBox.replaceChildren(feedbackView(res, ex));
    status.textContent = "";
    if (res) setTimeout(() => { status.textContent = statusText(res); }, 50);
  };
  model.on("change:result", show);
  const section = h("section", { class: `ml-exercise ml-ex-${ex.type}`, "aria-labelledby": titleId, "data-exercise": ex.id },
    h("h3", { id: titleId, class: "ml-ex-title" }, h("span", { class: "ml-ex-id", text: `${ex.id} ` }), ex.title),
    h("p", { class: "ml-ex-prompt", id: promptId, text: ex.prompt }), input,
    codeOnly(ex) ? null : h("div", { class: "ml-ex-actions" }, check), status, resultBox);
  el.replaceChildren(section);
  if (model.get("result")) resultBox.replaceChildren(feedbackView(model.get("result"), ex));
}

/* anywidget entry point (live notebooks). */
function render({ model, el }) {
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

export { scoreStatic, unseal, spanWords, rewriteFlags, renderExercise };
export default { render };
