/* Value: a number or a piece of text typed in (pandas values are checked in a notebook).
   Python half: medialit/exercises/types/value.py (score mirrors its score()). */

const VALUE_NAMES = { number: "a number", string: "a piece of text", list: "a list", series: "a pandas Series", frame: "a pandas DataFrame" };

/* What a student gave, in words (mirrors _gave in value.py for the JSON kinds). */
function gave(a) {
  if (a === null || a === undefined) return "nothing";
  if (typeof a === "boolean") return "True or False";
  if (typeof a === "number") return "a number";
  if (typeof a === "string") return "a piece of text";
  if (Array.isArray(a)) return "a list";
  return "a dictionary";
}

TYPES.value = {
  empty(ex) { return result(ex, 0, `No answer yet: this exercise expects ${VALUE_NAMES[ex.value_kind]}.`); },
  score(ex, s, a) {
    const kind = ex.value_kind, k = s.key;
    if (kind !== "number" && kind !== "string") return bad(ex, "This exercise needs the notebook: open it on Binder or your JupyterHub.");
    if (kind === "number") {
      let n = a;
      if (typeof a === "string") {
        let t = a.trim();
        if (t.endsWith("%")) {
          if (ex.unit !== "percent") return bad(ex, "Type the number alone, without a % sign.");
          t = t.slice(0, -1).trimEnd();
        }
        if (t.includes(",")) return bad(ex, "Write the number without commas, with a dot for decimals: 3.7, not 3,7.");
        n = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(t) ? Number(t) : NaN;
        if (!Number.isFinite(n)) {
          return bad(ex, `“${Array.from(a.trim()).slice(0, 30).join("")}” is not a number this box can read. Type it in digits, with a dot for decimals (for example 12.5).`);
        }
      }
      if (typeof n !== "number" || typeof a === "boolean" || !Number.isFinite(n)) {
        return bad(ex, `This exercise expects a number; you gave ${gave(a)}.`);
      }
      const ok = [k.value, ...(k.also || [])].some((w) => typeof w === "number" && Math.abs(n - w) <= Math.max(k.abs_tol, k.rel_tol * Math.abs(w)));
      return result(ex, ok ? 1 : 0, ok ? "Right." : "Not the expected value.");
    }
    if (typeof a !== "string") return bad(ex, `This exercise expects a piece of text; you gave ${gave(a)}.`);
    const norm = (x) => { const t = x.normalize("NFC").trim(); return k.case_sensitive ? t : t.toLowerCase(); };
    const ok = [k.value, ...(k.also || [])].some((w) => typeof w === "string" && norm(a) === norm(w));
    return result(ex, ok ? 1 : 0, ok ? "Right." : "Not the expected value.");
  },
  input(ex, answer, set) {
    if (ex.static === "notebook" && !ex.__live) {
      const links = Object.entries(ex.launch || {}).map(([name, url]) => h("a", { href: url, class: "ml-ex-launch", text: `Open the notebook on ${name}` }));
      return h("div", { class: "ml-ex-notebook" },
        h("p", {}, "This exercise checks a value you compute with pandas, so it runs in a notebook (",
          h("code", { text: ex.notebook || "the lesson's notebook" }), "). There, call ",
          h("code", { text: `check("${ex.id}", your_value)` }), "."),
        links.length ? h("p", {}, ...links.flatMap((a, i) => (i ? [" · ", a] : [a]))) : null);
    }
    if (ex.value_kind !== "number" && ex.value_kind !== "string") {
      return h("p", { class: "ml-ex-notebook" }, "Compute the value in a code cell below, then run ",
        h("code", { text: `check("${ex.id}", your_value)` }), " to check it and save it.");
    }
    const id = nextId("v");
    const percent = ex.unit === "percent";
    return h("div", {}, h("label", { for: id, text: ex.value_kind === "number" ? (percent ? "Your number (a percentage): " : "Your number: ") : "Your answer: " }),
      h("input", { id, type: "text", inputmode: ex.value_kind === "number" ? "decimal" : "text", value: answer ?? "", oninput: (ev) => set(ev.target.value) }),
      percent ? h("span", { "aria-hidden": "true", text: " %" }) : null);
  },
};
