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
