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
