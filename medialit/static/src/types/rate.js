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
