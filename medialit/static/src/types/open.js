/* Open response: a written answer the teacher scores on a rubric; the kit never scores it.
   Python half: medialit/exercises/types/open.py (score mirrors its score()). */

TYPES.open = {
  empty(ex) { return result(ex, null, "No answer yet: write your answer, then save it."); },
  score(ex, s, a) {
    if (typeof a !== "string") return bad(ex, "Write your answer as text.");
    const n = Array.from(a).length;
    if (n > 4000) return bad(ex, `Your answer is ${n} characters long; keep it under 4000.`);
    return result(ex, null, "Saved. Your teacher reads this answer and scores it on a rubric; the kit does not.");
  },
  input(ex, answer, set) {
    const id = nextId("o");
    return h("div", {}, h("label", { for: id, text: "Your answer:" }),
      h("textarea", { id, rows: String(ex.lines || 6), class: "ml-ex-textarea", oninput: (ev) => set(ev.target.value) }, answer || ""));
  },
};
