"""Light pages: the theme's Font Awesome script, cut down to the icons the book uses.

pydata-sphinx-theme loads Font Awesome's whole JavaScript bundle on every page (about 1.4 MiB,
some 530 KiB gzipped) to draw about twenty icons. After the build, the kit scans the built
pages for the icon classes they use (``fa-solid fa-bars``, ``fab fa-github`` ...), takes just
those icons' outlines from the theme's own copy of the bundle, and writes in its place a small
script that turns each ``<i class="fa-...">`` into the same inline SVG Font Awesome would draw.
Icons that the theme's scripts add later (the search dialog's close button) are listed in
``ALWAYS``. The theme's stylesheet still draws a few icons from Font Awesome's web fonts
(admonition titles, links: its ``--pst-icon-*`` variables); those fonts are cut down to the
glyphs the stylesheets name (fontTools; brotli for WOFF2). Font Awesome Free's icons and fonts
are under CC BY 4.0 and the SIL Open Font License, its code under MIT (see the bundle's licence
file, which the build keeps).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

PACKS = {"fa-solid": "fas", "fas": "fas", "fa-brands": "fab", "fab": "fab", "fa-regular": "far", "far": "far"}
# Classes that are Font Awesome modifiers, not icon names.
MODIFIERS = {"fa-lg", "fa-xs", "fa-sm", "fa-1x", "fa-2x", "fa-3x", "fa-fw", "fa-spin", "fa-pulse", "fa-border"}
# Icons added by the theme's JavaScript after the page loads.
ALWAYS = {("fas", "xmark")}

_CLASS = re.compile(r'class="([^"]*\bfa[-a-z]*[^"]*)"')
_DEFINE = re.compile(r'\(function\(\)\{\w\("(fa[bsr])",\w\)')


def icons_used(html_files) -> set[tuple[str, str]]:
    """(pack, icon name) for every Font Awesome icon class in the given HTML files."""
    used: set[tuple[str, str]] = set(ALWAYS)
    for path in html_files:
        for classes in _CLASS.findall(Path(path).read_text(encoding="utf-8", errors="replace")):
            words = classes.split()
            pack = next((PACKS[w] for w in words if w in PACKS), None)
            if pack is None:
                continue
            for w in words:
                if w.startswith("fa-") and w not in PACKS and w not in MODIFIERS:
                    used.add((pack, w[3:]))
    return used


def extract(bundle: str, wanted: set[tuple[str, str]]) -> dict[str, list]:
    """``{"fas:bars": [width, height, path], ...}`` from Font Awesome's all-in-one bundle.

    The bundle defines each pack's icons in one object, followed by the call that registers
    the pack (``d("fas", p)``); an icon is looked up only within its own pack's part.
    """
    bounds, start = {}, 0
    for m in _DEFINE.finditer(bundle):
        bounds[m.group(1)] = (start, m.start())
        start = m.end()
    out: dict[str, list] = {}
    for pack, name in sorted(wanted):
        if pack not in bounds:
            continue
        lo, hi = bounds[pack]
        key = re.escape(name)
        m = re.compile(r'[{,](?:"' + key + r'"|' + key + r'):\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+",'
                       r'("(?:[^"\\]|\\.)*"|\[[^\]]*\])\]').search(bundle, lo, hi)
        if m:
            path = json.loads(m.group(3))
            if isinstance(path, list):  # a duotone icon: both layers in one outline
                path = " ".join(p for p in path if p)
            out[f"{pack}:{name}"] = [int(m.group(1)), int(m.group(2)), path]
    return out


SCRIPT = """/* Font Awesome icons used by this book only (written by the kit's build from the theme's
   copy of Font Awesome Free: icons CC BY 4.0, code MIT). Each <i class="fa-..."> becomes the
   inline SVG Font Awesome itself would draw. */
(function () {
  "use strict";
  var ICONS = %(icons)s;
  var PACKS = %(packs)s;
  var css = document.createElement("style");
  css.textContent = ".svg-inline--fa{display:inline-block;height:1em;overflow:visible;vertical-align:-.125em;box-sizing:content-box}" +
    ".svg-inline--fa.fa-lg{font-size:1.25em;line-height:.05em;vertical-align:-.2em}" +
    ".svg-inline--fa.fa-fw{width:1.25em;text-align:center}";
  document.head.appendChild(css);
  var NS = "http://www.w3.org/2000/svg";
  function draw(el) {
    var pack = null, name = null;
    el.classList.forEach(function (c) {
      if (PACKS[c]) pack = PACKS[c];
      else if (c.indexOf("fa-") === 0 && ICONS[(pack || "fas") + ":" + c.slice(3)] !== undefined) name = c.slice(3);
    });
    if (!name) el.classList.forEach(function (c) { if (c.indexOf("fa-") === 0 && !name) name = c.slice(3); });
    var icon = ICONS[(pack || "fas") + ":" + name];
    if (!icon) return;
    var svg = document.createElementNS(NS, "svg");
    for (var i = 0; i < el.attributes.length; i++) {
      var a = el.attributes[i];
      if (a.name !== "class") svg.setAttribute(a.name, a.value);
    }
    svg.setAttribute("class", "svg-inline--fa " + el.getAttribute("class"));
    svg.setAttribute("viewBox", "0 0 " + icon[0] + " " + icon[1]);
    if (!svg.hasAttribute("aria-hidden") && !svg.hasAttribute("aria-label")) svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("role", "img");
    var p = document.createElementNS(NS, "path");
    p.setAttribute("fill", "currentColor");
    p.setAttribute("d", icon[2]);
    svg.appendChild(p);
    el.parentNode.replaceChild(svg, el);
  }
  var SELECTOR = "i[class*='fa-'], span[class*='fa-']";
  function drawAll(root) {
    (root.querySelectorAll ? root.querySelectorAll(SELECTOR) : []).forEach(function (el) {
      if (el.namespaceURI !== NS) draw(el);
    });
  }
  function start() {
    drawAll(document);
    new MutationObserver(function (changes) {
      changes.forEach(function (c) {
        c.addedNodes.forEach(function (n) {
          if (n.nodeType !== 1) return;
          if (n.matches && n.matches(SELECTOR)) draw(n); else drawAll(n);
        });
      });
    }).observe(document.documentElement, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
"""


def subset_script(bundle: str, wanted: set[tuple[str, str]], icons: dict | None = None) -> str:
    icons = extract(bundle, wanted) if icons is None else icons
    packs = {k: v for k, v in PACKS.items()}
    return SCRIPT % {"icons": json.dumps(icons, separators=(",", ":")),
                     "packs": json.dumps(packs, separators=(",", ":"))}


def theme_bundle() -> Path:
    """The theme's own copy of Font Awesome's bundle (the build output is overwritten)."""
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "scripts" / "fontawesome.js"


THEME_CSS = Path("styles") / "pydata-sphinx-theme.css"


def lighten(outdir: Path, store=None) -> dict:
    """Replace the built book's Font Awesome bundle with the subset its pages use.

    ``store`` (a ``buildcache.Store``): reuse the script, fonts and stylesheet made last time
    when everything they are made from is the same (the icons the pages use, the glyphs the
    stylesheets name, the theme's bundle, fonts and stylesheet as Sphinx copied them, the
    kit's code, the theme's, fontTools' and Brotli's versions), and store them when made."""
    outdir = Path(outdir)
    static = outdir / "_static"
    target = static / "scripts" / "fontawesome.js"
    if not target.exists():
        return {}
    used = icons_used(sorted(outdir.rglob("*.html")))
    points = css_glyphs(static)
    key = None
    if store is not None:
        from .buildcache import code_digest, digest, files_digest, versions

        originals = [target, static / THEME_CSS, *static.rglob("fa-*.woff2")]
        key = digest(sorted(used), sorted(points), files_digest([theme_bundle()]),
                     files_digest(originals, static), code_digest(),
                     versions("pydata-sphinx-theme", "fonttools", "brotli"))
        stored = store.load("icons", key)
        if stored is not None:
            report = json.loads(stored.pop("report.json"))
            for rel, data in stored.items():
                (static / rel).write_bytes(data)
            _drop_map(target)
            return {**report, "cached": True}
    bundle = theme_bundle().read_text(encoding="utf-8")
    icons = extract(bundle, used)
    script = subset_script(bundle, used, icons)
    target.write_text(script, encoding="utf-8")
    _drop_map(target)
    missing = sorted(f"{p}:{n}" for p, n in used if f"{p}:{n}" not in icons)
    fonts = subset_fonts(static, points)
    saved = drop_glyph_rules(static)
    report = {"icons": len(used), "bytes": len(script.encode("utf-8")), "missing": missing, "fonts": fonts,
              "css_saved": saved}
    if store is not None:
        products = {rel.as_posix(): (static / rel).read_bytes()
                    for rel in [target.relative_to(static), THEME_CSS,
                                *(f.relative_to(static) for f in static.rglob("fa-*.woff2"))]
                    if (static / rel).is_file()}
        products["report.json"] = json.dumps(report).encode("utf-8")
        store.save("icons", key, products)
    return {**report, "cached": False}


def _drop_map(target: Path) -> None:
    mapfile = target.with_name("fontawesome.js.map")
    if mapfile.exists():
        mapfile.unlink()  # the map describes the full bundle, not this file


_ICON_VAR = re.compile(r'--pst-icon-[a-z-]+:\s*"([^"]+)"')
_CONTENT = re.compile(r'--pst-icon-[a-z-]+:\s*"\\(f[0-9a-fA-F]{3})"')


def css_glyphs(static: Path) -> set[int]:
    """Code points of the icons the theme's stylesheets draw from the web fonts."""
    points: set[int] = set()
    for css in Path(static).rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        for value in _ICON_VAR.findall(text):
            points.update(ord(ch) for ch in value if ord(ch) >= 0xE000)
        points.update(int(h, 16) for h in _CONTENT.findall(text))
    return points


def subset_fonts(static: Path, points: set[int]) -> list[tuple[str, int, int]]:
    """Cut every Font Awesome WOFF2 under ``static`` down to ``points``: (file, before, after)."""
    from fontTools import subset

    done = []
    for font in sorted(Path(static).rglob("fa-*.woff2")):
        before = font.stat().st_size
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        options.notdef_outline = True
        f = subset.load_font(str(font), options)
        sub = subset.Subsetter(options)
        sub.populate(unicodes=sorted(points))
        sub.subset(f)
        subset.save_font(f, str(font), options)
        done.append((font.name, before, font.stat().st_size))
    return done


_GLYPH_RULE = re.compile(r'(?:\.fa-[a-z0-9-]+:(?:before|after),?)+\{content:"\\[0-9a-fA-F]+"\}')


def drop_glyph_rules(static: Path) -> int:
    """Remove the theme stylesheet's Font Awesome glyph rules (``.fa-bars:before{content:"\\f0c9"}``
    and some 1,900 more): the icons are inline SVG now. Returns the bytes saved."""
    css = Path(static) / "styles" / "pydata-sphinx-theme.css"
    if not css.exists():
        return 0
    text = css.read_text(encoding="utf-8")
    lean = _GLYPH_RULE.sub("", text)
    css.write_text(lean, encoding="utf-8")
    return len(text.encode("utf-8")) - len(lean.encode("utf-8"))
