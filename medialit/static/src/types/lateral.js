/* Lateral reading: search the source cards, pick the evidence, give a verdict. Scored by each
   card's role for the claim: any sufficient evidence earns the evidence half.
   Python half: medialit/exercises/types/lateral.py (score mirrors its score()). */

const COUNTING_ROLES = ["decisive", "supporting"];

function lateralEvidence(chosen, roles, sufficient) {
  const entries = Object.entries(roles);
  const strong = new Set(entries.filter(([, r]) => r.role === "decisive" && r.independent === "yes").map(([c]) => c));
  const bearing = new Set(entries.filter(([, r]) => COUNTING_ROLES.includes(r.role)).map(([c]) => c));
  const indepBearing = new Set([...bearing].filter((c) => roles[c].independent === "yes"));
  const picked = new Set(chosen), items = [];
  for (const c of chosen) {
    const r = roles[c];
    if (!r) items.push({ id: c, status: "excess", text: c, feedback: "This card does not bear on the claim." });
    else if (COUNTING_ROLES.includes(r.role)) {
      const side = r.independent === "yes" ? "independent of both sides" : "partisan on the dispute";
      items.push({ id: c, status: "right", text: c, feedback: `${r.role === "decisive" ? "Settles" : "Bears out"} the verdict; ${side}.` });
    } else if (r.role === "context") items.push({ id: c, status: "right", text: c, feedback: "Useful background, though it does not settle the claim." });
    else items.push({ id: c, status: "excess", text: c, feedback: "Cited in the kit's research, but it does not bear on this claim." });
  }
  [...bearing].filter((c) => !picked.has(c)).sort().forEach((c) => items.push({ id: c, status: "answer", text: c, hidden: true, feedback: "The kit's research also relies on this card." }));
  const extra = chosen.filter((c) => !roles[c] || roles[c].role === "irrelevant").length;
  const some = (set) => [...set].some((c) => picked.has(c));
  let enough = strong.size ? some(strong) : some(indepBearing.size ? indepBearing : bearing);
  enough = enough || sufficient.some((g) => g.every((c) => picked.has(c)));
  let base, text;
  if (enough) { base = 1; text = "Your evidence settles the claim."; }
  else if (some(indepBearing)) { base = 0.6; text = "Your evidence bears on the claim; a more decisive source would settle it."; }
  else if (some(bearing)) { base = 0.3; text = "Your cards bear on the claim, but only partisan ones: good leads, not enough alone. Look for a source independent of both sides."; }
  else { base = 0; text = chosen.length ? "None of your cards bears on the claim yet." : "You picked no card: search the cards for evidence."; }
  const score = Math.max(0, base - 0.1 * extra);
  if (extra) text += ` ${extra} card(s) do not bear on it (−0.1 each).`;
  return [score, text, items];
}

TYPES.lateral = {
  score(ex, s, a) {
    if (typeof a !== "object" || Array.isArray(a)) return bad(ex, "Give a verdict and the source cards you used.");
    const verdict = a.verdict, cards = a.cards === undefined || a.cards === null ? [] : a.cards;
    if (!ex.verdicts.includes(verdict)) return bad(ex, `Choose a verdict from: ${ex.verdicts.join(", ")}.`);
    if (!Array.isArray(cards)) return bad(ex, "The cards should be a list of card ids such as SC-101.");
    const badId = cards.find((c) => typeof c !== "string" || !/^SC-[0-9]{3}$/.test(c));
    if (badId !== undefined) return bad(ex, `'${badId}' is not a card id (they look like SC-101).`);
    const key = s.key;
    const roles = key.roles || Object.fromEntries(key.cards.map((c) => [c, { role: "supporting", independent: "yes" }]));
    const chosen = [...new Set(cards)].sort();
    const [evScore, evText, cardItems] = lateralEvidence(chosen, roles, key.sufficient || []);
    const status = verdict === key.verdict ? "right" : (key.close || []).includes(verdict) ? "close" : "wrong";
    const vScore = { right: 1, close: 0.5, wrong: 0 }[status];
    const items = [{ id: "verdict", status, text: `Your verdict: ${verdict}`, given: verdict, key: key.verdict, feedback: s.summary || "", secret_feedback: true,
                     hint: status === "close" ? "Close: the evidence points to a neighbouring verdict. Read the decisive source again."
                       : "Not the verdict the evidence supports. What does the most independent source say?" }, ...cardItems];
    const head = { right: "The verdict matches the kit's.", close: "The verdict is close to the kit's.", wrong: "The kit's verdict differs." }[status];
    return result(ex, 0.5 * vScore + 0.5 * evScore, `${head} ${evText}`, items);
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
      let hits;
      try { hits = await ctx.search(input.value); } catch (e) {
        sstatus.textContent = "The card search could not load its index. Reload the page; if that fails, ask your teacher for the book's files in full.";
        return;
      }
      results.replaceChildren(...hits.map((d) => h("li", {}, h("button", { type: "button", class: "ml-ex-small", "aria-label": `Pick ${d.id}`, text: "Pick", onclick: () => { if (!state.cards.includes(d.id)) { state.cards.push(d.id); state.cards.sort(); drawChosen(); push(); } sstatus.textContent = `${d.id} added to your evidence.`; } }), ` ${d.id}: ${d.title} (${d.publisher}${d.partisan && d.partisan !== "none" ? "; partisan: " + d.partisan : ""})`,
        d.preview ? h("span", { class: "ml-ex-preview", text: d.preview }) : null)));
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
