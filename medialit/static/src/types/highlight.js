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
