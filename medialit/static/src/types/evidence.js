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
