/* Lateral reading: search the source cards, pick the evidence, give a verdict.
   Python half: medialit/exercises/types/lateral.py (score mirrors its score()). */

TYPES.lateral = {
  score(ex, s, a) {
    if (typeof a !== "object" || Array.isArray(a)) return bad(ex, "Give a verdict and the source cards you used.");
    const verdict = a.verdict, cards = a.cards === undefined || a.cards === null ? [] : a.cards;
    if (!ex.verdicts.includes(verdict)) return bad(ex, `Choose a verdict from: ${ex.verdicts.join(", ")}.`);
    if (!Array.isArray(cards)) return bad(ex, "The cards should be a list of card ids such as SC-101.");
    const badId = cards.find((c) => typeof c !== "string" || !/^SC-\d{3}$/.test(c));
    if (badId !== undefined) return bad(ex, `'${badId}' is not a card id (they look like SC-101).`);
    const chosen = new Set(cards), wanted = new Set(s.key.cards);
    const union = new Set([...chosen, ...wanted]);
    const inter = [...chosen].filter((c) => wanted.has(c)).length;
    const evidence = union.size ? inter / union.size : 1;
    const ok = verdict === s.key.verdict;
    const items = [{ id: "verdict", status: ok ? "right" : "wrong", given: verdict, answer: s.key.verdict, feedback: s.summary || "" }];
    [...union].sort().forEach((c) => items.push({ id: c, status: chosen.has(c) && wanted.has(c) ? "right" : chosen.has(c) ? "excess" : "missed", feedback: "" }));
    return result(ex, 0.5 * (ok ? 1 : 0) + 0.5 * evidence,
                  (ok ? "The verdict matches the kit's." : "The kit's verdict differs.") + ` ${inter} of your ${chosen.size} card(s) are among the ${wanted.size} the kit relies on.`, items);
  },
  input(ex, answer, set, ctx) {
    const state = { verdict: (answer && answer.verdict) || "", cards: [...((answer && Array.isArray(answer.cards) && answer.cards) || [])] };
    const sstatus = h("p", { class: "ml-ex-ctx", role: "status" });
    const push = () => set({ verdict: state.verdict, cards: [...state.cards] });
    const chosenList = h("ul", { class: "ml-ex-chosen", "aria-label": "Cards you picked", tabindex: "-1" });
    const drawChosen = () => {
      chosenList.replaceChildren(...state.cards.map((c) => h("li", {}, `${c} `, h("button", { type: "button", class: "ml-ex-small", "aria-label": `Remove ${c}`, text: "Remove", onclick: () => {
        state.cards = state.cards.filter((x) => x !== c); drawChosen(); push();
        sstatus.textContent = `${c} removed.`; chosenList.focus();
      } }))));
      if (!state.cards.length) chosenList.append(h("li", { class: "ml-ex-ctx", text: "No card picked yet." }));
    };
    const qid = nextId("q"), results = h("ul", { class: "ml-ex-search-results" });
    const input = h("input", { id: qid, type: "search" });
    const runSearch = async (ev) => {
      ev.preventDefault();
      const hits = await ctx.search(input.value);
      results.replaceChildren(...hits.map((d) => h("li", {}, h("button", { type: "button", class: "ml-ex-small", "aria-label": `Pick ${d.id}`, text: "Pick", onclick: () => { if (!state.cards.includes(d.id)) { state.cards.push(d.id); state.cards.sort(); drawChosen(); push(); } sstatus.textContent = `${d.id} added to your evidence.`; } }), ` ${d.id}: ${d.title} (${d.publisher}${d.partisan && d.partisan !== "none" ? "; partisan: " + d.partisan : ""})`)));
      sstatus.textContent = hits.length ? `${hits.length} card(s) found.` : "No card matches.";
    };
    drawChosen();
    const vid = nextId("vd");
    return h("div", { class: "ml-ex-lateral" },
      h("blockquote", {}, h("p", { text: `“${ex.claim.quote}”` }), h("p", { class: "ml-ex-ctx", text: `Article ${ex.claim.article}, ${ex.claim.paragraph_id}. The claim: ${ex.claim.claim}` })),
      h("form", { class: "ml-ex-search", role: "search", onsubmit: runSearch }, h("label", { for: qid, text: "Search the source cards: " }), input, h("button", { type: "submit", text: "Search" })),
      sstatus, results, h("p", { text: "Cards you picked as evidence:" }), chosenList,
      h("label", { for: vid, text: "Your verdict: " }),
      h("select", { id: vid, onchange: (ev) => { state.verdict = ev.target.value; push(); } }, h("option", { value: "", text: "— choose —" }), ex.verdicts.map((v) => h("option", { value: v, text: v, selected: state.verdict === v }))));
  },
};
