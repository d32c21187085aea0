/* Order: put items in sequence; partial credit is the share of pairs in the right order.
   Python half: medialit/exercises/types/order.py (score mirrors its score()). */

TYPES.order = {
  empty(ex) { return result(ex, 0, "No answer yet: put the items in order, then check."); },
  score(ex, s, a) {
    const ids = ex.items.map((i) => i.id), texts = Object.fromEntries(ex.items.map((i) => [i.id, i.text]));
    if (!Array.isArray(a)) return bad(ex, "Put every item in order; the answer should be a list of item ids.");
    const sorted = (x) => [...x].map(String).sort();
    if (new Set(a).size !== a.length || JSON.stringify(sorted(a)) !== JSON.stringify(sorted(ids))) return bad(ex, `Place each of the ${ids.length} items exactly once.`);
    const key = s.key, pos = Object.fromEntries(a.map((x, n) => [x, n]));
    let pairs = 0, right = 0;
    key.forEach((x, n) => key.slice(n + 1).forEach((y) => { pairs++; if (pos[x] < pos[y]) right++; }));
    const value = right / pairs;
    const firstWrong = a.findIndex((x, n) => x !== key[n]);
    const items = a.map((x, n) => {
      const ok = x === key[n];
      return { id: x, status: ok ? "right" : "wrong", text: `${n + 1}. ${texts[x]}`,
               feedback: ok ? (s.feedback[x] || "") : (n === firstWrong ? "The first step out of place." : ""), secret_feedback: !ok, key: key[n] };
    });
    items.push({ id: null, status: "answer", hidden: true, text: key.map((x) => texts[x]).join(" → "), feedback: "The order the sources show." });
    const inPlace = a.filter((x, n) => x === key[n]).length;
    return result(ex, value, value === 1 ? "Every step in place." : `${inPlace} of ${key.length} steps in place; the first one out of place is step ${firstWrong + 1}.`, items);
  },
  input(ex, answer, set, ctx) {
    const texts = Object.fromEntries(ex.items.map((i) => [i.id, i.text]));
    let order = Array.isArray(answer) && answer.length === ex.items.length ? [...answer] : ex.items.map((i) => i.id);
    const list = h("ol", { class: "ml-ex-order", "aria-labelledby": ctx.promptId });
    const live = h("p", { class: "ml-visually-hidden", role: "status", "aria-live": "polite" });
    const move = (n, by) => {
      const m = n + by;
      if (m < 0 || m >= order.length) return;
      [order[n], order[m]] = [order[m], order[n]];
      draw(); set([...order]);
      live.textContent = `${texts[order[m]]}: now at position ${m + 1} of ${order.length}.`;
      const again = list.querySelectorAll("li")[m].querySelector(by < 0 ? ".ml-ex-up" : ".ml-ex-down");
      (again && !again.disabled ? again : list.querySelectorAll("li")[m].querySelector("button:not([disabled])"))?.focus();
    };
    const draw = () => list.replaceChildren(...order.map((id, n) => h("li", { class: "ml-ex-order-item" },
      h("span", { class: "ml-ex-order-text", text: texts[id] }),
      h("span", { class: "ml-ex-order-buttons" },
        h("button", { type: "button", class: "ml-ex-small ml-ex-up", disabled: n === 0, "aria-label": `Move up: ${texts[id]}`, text: "Up", onclick: () => move(n, -1) }),
        h("button", { type: "button", class: "ml-ex-small ml-ex-down", disabled: n === order.length - 1, "aria-label": `Move down: ${texts[id]}`, text: "Down", onclick: () => move(n, 1) })))));
    draw();
    return h("div", {}, h("p", { class: "ml-ex-ctx", text: `Top: ${ex.first_label}. Bottom: ${ex.last_label}.` }), list, live);
  },
};
