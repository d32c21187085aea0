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
