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
