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
