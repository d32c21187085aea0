/* First click: a mock results page; choose what to open first (and, if you like, next).
   Python half: medialit/exercises/types/first_click.py (score mirrors its score()). */

const RATING_VALUES = { best: 1, acceptable: 0.6, poor: 0 };
const cap = (t) => t.charAt(0).toUpperCase() + t.slice(1);

TYPES.first_click = {
  empty(ex) { return result(ex, 0, "No answer yet: choose the result you would open first, then check."); },
  score(ex, s, a) {
    const ids = ex.results.map((r) => r.id);
    if (typeof a === "string") a = [a];
    if (!Array.isArray(a)) return bad(ex, "Choose the result you would open first (then, if you like, a second and a third).");
    if (a.some((x) => !ids.includes(x)) || new Set(a).size !== a.length) return bad(ex, `Choose among the results (${ids.join(", ")}), each at most once.`);
    if (a.length > ex.max_picks) return bad(ex, `Rank at most ${ex.max_picks} results.`);
    const title = (r) => ex.results.find((x) => x.id === r).title;
    const first = RATING_VALUES[s.key[a[0]]], rest = a.slice(1).map((x) => RATING_VALUES[s.key[x]]);
    const value = rest.length ? 0.7 * first + 0.3 * rest.reduce((p, q) => p + q, 0) / rest.length : first;
    const items = a.map((x, n) => {
      const rating = s.key[x], who = s.behind[x];
      const side = who.partisan === "none" ? "independent of both sides" : `partisan: ${who.partisan}`;
      return { id: x, status: rating === "best" ? "right" : rating === "acceptable" ? "close" : "wrong",
               text: `${n === 0 ? "First" : `Then (${n + 1})`}: ${title(x)} — ${who.publisher} (${side})`, feedback: `${cap(rating)}: ${s.reasons[x]}` };
    });
    ids.filter((x) => !a.includes(x)).forEach((x) => items.push({ id: x, status: "answer", hidden: true,
      text: `${title(x)} — ${s.behind[x].publisher}`, feedback: `${cap(s.key[x])}: ${s.reasons[x]}` }));
    const head = { best: "A good first click.", acceptable: "A reasonable first click, not the best.", poor: "Not the best first click." }[s.key[a[0]]];
    return result(ex, value, head, items);
  },
  input(ex, answer, set, ctx) {
    const picks = Array.isArray(answer) ? [...answer] : [];
    const live = h("p", { class: "ml-visually-hidden", role: "status", "aria-live": "polite" });
    const list = h("ol", { class: "ml-ex-results", "aria-labelledby": ctx.promptId });
    const draw = () => list.replaceChildren(...ex.results.map((r) => {
      const n = picks.indexOf(r.id);
      const label = n === 0 ? "Open first" : n > 0 ? `Open next (${n + 1})` : picks.length ? "Open next" : "Open first";
      return h("li", { class: "ml-ex-result-item" + (n >= 0 ? " ml-ex-picked" : "") },
        h("p", { class: "ml-ex-result-title", text: r.title }),
        h("p", { class: "ml-ex-result-url", text: r.url }),
        h("p", { class: "ml-ex-result-snippet", text: r.excerpt }),
        n >= 0
          ? h("button", { type: "button", class: "ml-ex-small", "aria-label": `Take back: ${r.title}`, text: `Your pick ${n + 1} — take back`,
                          onclick: () => { picks.splice(n, 1); draw(); set([...picks]); live.textContent = `${r.title} taken back.`; } })
          : h("button", { type: "button", class: "ml-ex-small", disabled: picks.length >= ex.max_picks, "aria-label": `${label}: ${r.title}`, text: label,
                          onclick: () => { picks.push(r.id); draw(); set([...picks]); live.textContent = `${r.title}: your pick ${picks.length}.`; } }));
    }));
    draw();
    return h("div", { class: "ml-ex-serp" },
      h("p", { class: "ml-ex-serp-query" }, h("span", { class: "ml-ex-ctx", text: "Search: " }), h("strong", { text: ex.query })), list, live);
  },
};
