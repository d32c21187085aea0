/* Rewrite: a neutral version of a loaded passage; never scored.
   Python half: medialit/exercises/types/rewrite.py (score mirrors its score()). */

function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

function rewriteFlags(text, key) {
  const protect = (key.protect || []).map((p) => p.toLowerCase());
  const low = text.toLowerCase(), flags = [];
  for (const term of key.flag) {
    const bare = term.replace(/^[‘’“”"' ]+|[‘’“”"' ]+$/g, "").toLowerCase();
    if (bare && new RegExp("(?<![\\p{L}\\p{N}_])" + escapeRe(bare) + "(?![\\p{L}\\p{N}_])", "u").test(low) && !protect.includes(bare)) {
      flags.push({ id: null, status: "flag", text: term, feedback: "An annotated loaded term is still there." });
    }
  }
  const scare = /[‘“"']([^‘’“”"'\n]{1,40})[’”"']/gu;
  let m;
  while ((m = scare.exec(text)) !== null) {
    const inner = m[1].trim();
    if (inner.split(/\s+/).filter(Boolean).length <= 3 && !protect.includes(inner.toLowerCase())) {
      flags.push({ id: null, status: "flag", text: m[0], feedback: "Quotation marks around a word or two can act as scare quotes." });
    }
  }
  const has = (w) => {
    const b = w.trim().toLowerCase();
    const edge = /^[0-9]+(?:[.,][0-9]+)*$/.test(b) ? "[0-9]" : "[\\p{L}\\p{N}_]";
    return b !== "" && new RegExp(`(?<!${edge})` + escapeRe(b) + `(?!${edge})`, "u").test(low);
  };
  for (const fact of key.facts || []) {
    if (!fact.words.some(has)) flags.push({ id: null, status: "missed", text: fact.text, feedback: "The original gives this fact; your version leaves it out." });
  }
  return flags;
}

const REWRITE_CHECKLIST = ["Did you keep every fact: who, what, when, where, and the numbers?",
  "Did you drop the labels, the loaded words and the scare quotes?",
  "Did you keep the accurate terms, even when they sound strong?"];
function rewriteChecklist(key) {
  const protect = key.protect || [];
  const last = REWRITE_CHECKLIST[2] + (protect.length ? ` Here: ${protect.join(", ")}.` : "");
  return [...REWRITE_CHECKLIST.slice(0, 2), last].map((q) => ({ id: null, status: "check", text: q, feedback: "" }));
}

TYPES.rewrite = {
  empty(ex) { return result(ex, null, "No rewrite yet: type your version of the passage, then check."); },
  score(ex, s, a) {
    if (typeof a !== "string") return bad(ex, "Type your rewrite as text.");
    const flags = rewriteFlags(a, s.key);
    return result(ex, null, flags.length ? `${flags.length} thing(s) to look at again. This check is for practice: it is never scored.`
      : "No annotated loaded term or scare quote left, and no fact the kit knows of is missing. Compare your version with the original once more.", [...flags, ...rewriteChecklist(s.key)]);
  },
  input(ex, answer, set) {
    const id = nextId("r");
    return h("div", {}, h("blockquote", { class: "ml-ex-original" }, h("p", { text: ex.passage.text })),
      h("label", { for: id, text: "Your neutral version:" }),
      h("textarea", { id, rows: "7", class: "ml-ex-textarea", oninput: (ev) => set(ev.target.value) }, answer || ""));
  },
};
