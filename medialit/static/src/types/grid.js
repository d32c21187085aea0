/* Grid: place items on two axes; an item in its zone on both axes scores 1, on one 0.5.
   Operable without a mouse: a list of positions per axis; the grid is drawn for the eye.
   Python half: medialit/exercises/types/grid.py (score mirrors its score()). */

TYPES.grid = {
  empty(ex) { return result(ex, 0, "No answer yet: place the items, then check."); },
  score(ex, s, a) {
    const ids = ex.items.map((i) => i.id), texts = Object.fromEntries(ex.items.map((i) => [i.id, i.text]));
    const xs = ex.x_axis.positions, ys = ex.y_axis.positions;
    if (typeof a !== "object" || a === null || Array.isArray(a)) return bad(ex, "Place each item; the answer should map item ids to {x, y} positions.");
    const unknown = Object.keys(a).filter((k) => !ids.includes(k));
    if (unknown.length) return bad(ex, `Unknown item(s): ${unknown.join(", ")}.`);
    for (const v of Object.values(a)) {
      if (v === null || v === undefined) continue;
      const okShape = typeof v === "object" && !Array.isArray(v) && Object.keys(v).every((k) => k === "x" || k === "y")
        && ["x", "y"].every((k) => Number.isInteger(v[k])) && v.x >= 0 && v.x < xs.length && v.y >= 0 && v.y < ys.length;
      if (!okShape) return bad(ex, "Give each item a position on both axes.");
    }
    let total = 0;
    const items = ids.map((i) => {
      const v = a[i];
      if (v === null || v === undefined) return { id: i, status: "unanswered", text: texts[i], feedback: "" };
      const k = s.key[i], inX = k.x.includes(v.x), inY = k.y.includes(v.y);
      const hits = inX + inY;
      total += hits / 2;
      const where = [];
      if (!inX) where.push(ex.x_axis.label);
      if (!inY) where.push(ex.y_axis.label);
      return { id: i, status: hits === 2 ? "right" : hits === 1 ? "close" : "wrong", text: `${texts[i]}: ${xs[v.x]}; ${ys[v.y]}`, given: v,
               key: { x: k.x.map((n) => xs[n]), y: k.y.map((n) => ys[n]) }, feedback: s.feedback[i] || "", secret_feedback: true,
               hint: where.length ? `Look again at: ${where.join(" and ")}.` : "" };
    });
    return result(ex, total / ids.length, `${items.filter((i) => i.status === "right").length} of ${ids.length} items placed where the sources put them.`, items);
  },
  input(ex, answer, set) {
    const current = {};
    Object.entries(answer && typeof answer === "object" && !Array.isArray(answer) ? answer : {}).forEach(([k, v]) => { if (v) current[k] = { ...v }; });
    const xs = ex.x_axis.positions, ys = ex.y_axis.positions;
    const svgNS = "http://www.w3.org/2000/svg";
    const W = 100 * xs.length, H = 60 * ys.length;
    const svg = document.createElementNS(svgNS, "svg");
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`); svg.setAttribute("class", "ml-ex-grid-svg"); svg.setAttribute("aria-hidden", "true");
    const draw = () => {
      svg.replaceChildren();
      for (let i = 0; i <= xs.length; i++) { const l = document.createElementNS(svgNS, "line"); l.setAttribute("x1", i * 100); l.setAttribute("x2", i * 100); l.setAttribute("y1", 0); l.setAttribute("y2", H); svg.append(l); }
      for (let j = 0; j <= ys.length; j++) { const l = document.createElementNS(svgNS, "line"); l.setAttribute("y1", j * 60); l.setAttribute("y2", j * 60); l.setAttribute("x1", 0); l.setAttribute("x2", W); svg.append(l); }
      const cells = {};
      ex.items.forEach((it, n) => {
        const v = current[it.id];
        if (!v || v.x === undefined || v.y === undefined) return;
        // Each item is drawn as its number in a circle; the list above names it.
        const key = `${v.x},${v.y}`, k = (cells[key] = (cells[key] || 0) + 1) - 1;
        const cx = v.x * 100 + 16 + 24 * (k % 4), cy = (ys.length - 1 - v.y) * 60 + 18 + 24 * Math.floor(k / 4);
        const dot = document.createElementNS(svgNS, "circle");
        dot.setAttribute("cx", cx); dot.setAttribute("cy", cy); dot.setAttribute("r", 10); dot.setAttribute("class", "ml-ex-grid-dot");
        const t = document.createElementNS(svgNS, "text");
        t.setAttribute("x", cx); t.setAttribute("y", cy + 4); t.setAttribute("text-anchor", "middle");
        t.textContent = String(n + 1);
        svg.append(dot, t);
      });
    };
    const rows = ex.items.map((it, n) => {
      const pick = (axis, positions, label) => {
        const id = nextId("g");
        const sel = h("select", { id, onchange: (ev) => {
          const val = ev.target.value === "" ? undefined : Number(ev.target.value);
          current[it.id] = { ...(current[it.id] || {}), [axis]: val };
          if (val === undefined) delete current[it.id][axis];
          draw();
          const complete = Object.fromEntries(Object.entries(current).filter(([, v]) => v.x !== undefined && v.y !== undefined));
          set(complete);
        } }, h("option", { value: "", text: "— choose —" }), positions.map((p, i) => h("option", { value: String(i), text: p, selected: current[it.id] && current[it.id][axis] === i })));
        return h("span", { class: "ml-ex-grid-pick" }, h("label", { for: id, text: `${label}: ` }), sel);
      };
      return h("div", { class: "ml-ex-grid-item" }, h("p", { class: "ml-ex-grid-name" }, h("span", { class: "ml-ex-num", text: `${n + 1}. ` }), it.text),
        pick("x", xs, ex.x_axis.label), " ", pick("y", ys, ex.y_axis.label));
    });
    draw();
    const axisX = h("p", { class: "ml-ex-ctx", "aria-hidden": "true", text: `Across: ${ex.x_axis.label} (${xs.join(" → ")}). Up: ${ex.y_axis.label} (${ys.join(" → ")}).` });
    return h("div", { class: "ml-ex-grid" }, rows, h("figure", { class: "ml-ex-grid-figure" }, svg, axisX));
  },
};
