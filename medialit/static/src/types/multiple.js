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
