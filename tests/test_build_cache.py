"""What a rebuild reuses (medialit/buildcache.py): the light icons (icons.py), the cards' search
index and the exercise-script check. Each is reused only while everything it is made from is
unchanged; any changed input (a page's icon, a card, a package's version, a script source)
gives fresh output, and the reused output is byte for byte what a fresh one would be."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from medialit import buildcache
from medialit.buildcache import Store

from .helpers import ROOT


# --- the store ------------------------------------------------------------------------------

def test_the_store_gives_back_only_what_the_same_key_made(tmp_path):
    store = Store(tmp_path / "cache")
    assert store.load("icons", "k1") is None
    store.save("icons", "k1", {"scripts/a.js": b"one", "report.json": b"{}"})
    assert store.load("icons", "k1") == {"scripts/a.js": b"one", "report.json": b"{}"}
    assert store.load("icons", "k2") is None
    assert store.load("cards-index", "k1") is None  # kinds are apart
    store.save("icons", "k2", {"scripts/a.js": b"two"})
    assert store.load("icons", "k1") is None  # only the latest is kept
    assert store.load("icons", "k2") == {"scripts/a.js": b"two"}
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["icons"]  # nothing half-written left
    store.clear()
    assert store.load("icons", "k2") is None


def test_a_damaged_entry_is_a_miss_not_an_error(tmp_path):
    store = Store(tmp_path / "cache")
    store.save("icons", "k", {"a": b"x"})
    (tmp_path / "cache" / "icons" / "0.bin").unlink()
    assert store.load("icons", "k") is None
    (tmp_path / "cache" / "icons" / "manifest.json").write_text("not json")
    assert store.load("icons", "k") is None


def test_digests_change_with_any_input(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_text("1")
    b.write_text("2")
    d = buildcache.files_digest([a, b], tmp_path)
    assert buildcache.files_digest([b, a], tmp_path) == d  # order given doesn't matter
    b.write_text("3")
    assert buildcache.files_digest([a, b], tmp_path) != d
    b.unlink()
    assert buildcache.files_digest([a, b], tmp_path) != d
    assert buildcache.digest("ab", "c") != buildcache.digest("a", "bc")
    assert "pandas=" in buildcache.versions("pandas") and buildcache.versions("no-such-dist-x") == "no-such-dist-x=none"


# --- icons ------------------------------------------------------------------------------------

def _theme_static(out: Path, icons: list[str]) -> None:
    """What Sphinx leaves before the kit's step: the theme's own bundle, stylesheet and fonts
    (copied afresh on every build), and a page using ``icons``."""
    from medialit.icons import THEME_CSS, theme_bundle

    theme = theme_bundle().parents[1]
    static = out / "_static"
    (static / "scripts").mkdir(parents=True, exist_ok=True)
    shutil.copy(theme_bundle(), static / "scripts" / "fontawesome.js")
    (static / THEME_CSS).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(theme / THEME_CSS, static / THEME_CSS)
    for font in (theme / "vendor").rglob("fa-*.woff2"):
        dest = static / font.relative_to(theme)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(font, dest)
    body = "".join(f'<i class="fa-solid fa-{name}"></i>' for name in icons)
    (out / "index.html").write_text(f"<html><body>{body}</body></html>", encoding="utf-8")


def _products(out: Path) -> dict[str, bytes]:
    static = out / "_static"
    files = [static / "scripts" / "fontawesome.js", static / "styles" / "pydata-sphinx-theme.css",
             *static.rglob("fa-*.woff2")]
    return {f.relative_to(static).as_posix(): f.read_bytes() for f in files}


def test_icons_are_reused_unchanged_and_made_afresh_when_an_input_changes(tmp_path, monkeypatch):
    from medialit.icons import lighten

    store = Store(tmp_path / "cache")
    out = tmp_path / "html"
    _theme_static(out, ["bars"])
    first = lighten(out, store=store)
    assert first["cached"] is False and first["missing"] == []
    made = _products(out)
    assert len(made) >= 3 and b"fas:bars" in made["scripts/fontawesome.js"]

    # The same inputs (Sphinx has copied the theme's files again): reused, the same bytes.
    _theme_static(out, ["bars"])
    again = lighten(out, store=store)
    assert again["cached"] is True
    assert _products(out) == made
    assert {k: v for k, v in again.items() if k != "cached"} == json.loads(json.dumps(
        {k: v for k, v in first.items() if k != "cached"}))
    # ... which is what the kit makes without a store.
    plain = tmp_path / "plain"
    _theme_static(plain, ["bars"])
    lighten(plain)
    assert _products(plain) == made

    # A page that uses one more icon: made afresh, with it.
    _theme_static(out, ["bars", "house"])
    assert lighten(out, store=store)["cached"] is False
    assert b"fas:house" in (out / "_static" / "scripts" / "fontawesome.js").read_bytes()

    # Another fontTools (which cuts the fonts): made afresh.
    real = buildcache.versions
    monkeypatch.setattr(buildcache, "versions",
                        lambda *names: real(*names).replace("fonttools=", "fonttools=0.0-other-"))
    _theme_static(out, ["bars", "house"])
    assert lighten(out, store=store)["cached"] is False
    monkeypatch.undo()

    # A theme that ships another stylesheet (another glyph drawn by CSS): made afresh.
    _theme_static(out, ["bars", "house"])
    css = out / "_static" / "styles" / "pydata-sphinx-theme.css"
    css.write_text(css.read_text(encoding="utf-8") + '\nhtml{--pst-icon-extra:"\\f015"}\n', encoding="utf-8")
    assert lighten(out, store=store)["cached"] is False


# --- the cards' search index ---------------------------------------------------------------------

def _fake_app(out: Path):
    """What _write_search_index reads of Sphinx's application."""
    (out / "html" / "_static").mkdir(parents=True, exist_ok=True)
    return SimpleNamespace(builder=SimpleNamespace(format="html"), outdir=str(out / "html"),
                           doctreedir=str(out / ".doctrees"))


def test_the_card_index_is_reused_until_a_card_or_a_version_changes(tmp_path, monkeypatch):
    from medialit import search, sphinxext

    kit = tmp_path / "kit"
    shutil.copytree(ROOT / "seeds", kit / "seeds")
    monkeypatch.setenv("MEDIALIT_ROOT", str(kit))
    app = _fake_app(tmp_path / "_build")
    index_js = tmp_path / "_build" / "html" / "_static" / "cards-index.js"
    index_json = index_js.with_suffix(".json")

    calls = []
    real_build = search.build_index
    monkeypatch.setattr(search, "build_index", lambda *a, **k: calls.append(1) or real_build(*a, **k))

    sphinxext._write_search_index(app, None)
    assert len(calls) == 1
    first = (index_js.read_bytes(), index_json.read_bytes())
    assert first[0].startswith(b"window.medialitCardsIndex = ")
    assert json.loads(first[1]) == real_build()  # the index of these cards

    # Nothing changed (the output even deleted): the stored index, not a new one.
    index_js.unlink()
    index_json.unlink()
    sphinxext._write_search_index(app, None)
    assert len(calls) == 1 and (index_js.read_bytes(), index_json.read_bytes()) == first

    # A card's title edited: a new index, with it.
    cards = kit / "seeds" / "cards_A.yaml"
    cards.write_text(cards.read_text(encoding="utf-8").replace(
        'title: "US takes MEK off terrorism list"', 'title: "Delisting of a group, renamed"'), encoding="utf-8")
    sphinxext._write_search_index(app, None)
    assert len(calls) == 2
    assert b"Delisting of a group, renamed" in index_js.read_bytes()
    assert json.loads(index_json.read_bytes()) == real_build()

    # Another pandas: a new index.
    real = buildcache.versions
    monkeypatch.setattr(buildcache, "versions", lambda *names: real(*names).replace("pandas=", "pandas=0.0-other-"))
    sphinxext._write_search_index(app, None)
    assert len(calls) == 3


# --- the exercise scripts' check -----------------------------------------------------------------

def test_the_scripts_check_is_skipped_only_while_its_inputs_are_unchanged(tmp_path, monkeypatch):
    from medialit import jsbuild

    src = tmp_path / "core.js"
    src.write_text("one")
    monkeypatch.setattr(buildcache, "_scripts_inputs", lambda: [src])
    calls = []
    monkeypatch.setattr(jsbuild, "write_outputs", lambda: calls.append(1))
    build = tmp_path / "_build"
    buildcache.scripts_current(build)
    buildcache.scripts_current(build)
    assert calls == [1]
    src.write_text("two")
    buildcache.scripts_current(build)
    assert calls == [1, 1]
    buildcache.scripts_current(build / "elsewhere")  # another build folder has its own stamp
    assert calls == [1, 1, 1]


def test_the_scripts_stamp_covers_everything_the_scripts_are_made_from():
    """The check may be skipped only if the stamp would see any change to what write_outputs
    reads: every source fragment, the registry that orders the types, each type's module, and
    the outputs themselves."""
    import types

    from medialit import jsbuild
    from medialit.exercises import registry

    inputs = set(buildcache._scripts_inputs())
    assert set(jsbuild.source_files()) <= inputs
    assert set(jsbuild.OUTPUTS.values()) <= inputs
    assert Path(registry.__file__) in inputs and Path(jsbuild.__file__) in inputs
    type_modules = {Path(m.__file__) for m in vars(registry).values()
                    if isinstance(m, types.ModuleType) and m.__name__.startswith("medialit.exercises.types.")}
    assert len(type_modules) >= len(registry.TYPES) and type_modules <= inputs


# --- a real build and rebuild ------------------------------------------------------------------

def _build(kit: Path, out: Path) -> str:
    res = subprocess.run([sys.executable, "-m", "medialit", "build", "--out", str(out)], capture_output=True,
                         text=True, cwd=kit, env={**os.environ, "MEDIALIT_ROOT": str(kit)})
    assert res.returncode == 0, (res.stdout + res.stderr)[-3000:]
    return res.stdout + res.stderr


def _static_products(html: Path) -> dict[str, bytes]:
    static = html / "_static"
    names = ["cards-index.js", "cards-index.json", "scripts/fontawesome.js", "styles/pydata-sphinx-theme.css"]
    files = [static / n for n in names] + sorted(static.rglob("fa-*.woff2"))
    return {f.relative_to(static).as_posix(): f.read_bytes() for f in files}


def test_a_rebuild_reuses_the_products_and_a_changed_page_gets_fresh_icons(tmp_path):
    from .test_book import _mini_kit

    kit = _mini_kit(tmp_path)
    import nbformat

    notebook = kit / "exercises" / "00-start-here.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import ipywidgets\nipywidgets.IntSlider(value=3)"))
    nbformat.write(nb, notebook)  # a widget, so the executed notebook holds widget state
    out = tmp_path / "o"
    html = out / "_build" / "html"
    cache = out / "_build" / buildcache.CACHE_DIR
    _build(kit, out)
    first = _static_products(html)
    assert len(first) >= 6
    stamps = {kind: (cache / kind / "manifest.json").stat().st_mtime_ns for kind in ("icons", "cards-index")}

    # A prose edit: the store serves both products, unchanged.
    page = kit / "book" / "credits.md"
    page.write_text("# Credits\n\nSomething here.\n", encoding="utf-8")
    _build(kit, out)
    assert "Something here" in (html / "book" / "credits.html").read_text(encoding="utf-8")
    assert _static_products(html) == first
    assert {kind: (cache / kind / "manifest.json").stat().st_mtime_ns for kind in stamps} == stamps
    # Every page links myst-nb's stylesheet alike, rewritten this time or not.
    links = {p.name: [line.strip().replace("../", "") for line in p.read_text(encoding="utf-8").splitlines()
                      if "_static/mystnb." in line]
             for p in [html / "book" / "credits.html", html / "exercises" / "00-start-here.html"]}
    assert len({tuple(v) for v in links.values()}) == 1 and all(links.values()), links

    # A page that draws a new icon: the icons are made again and include it; the index is kept.
    page.write_text('# Credits\n\n<i class="fa-solid fa-house-chimney"></i> Home.\n', encoding="utf-8")
    _build(kit, out)
    script = (html / "_static" / "scripts" / "fontawesome.js").read_text(encoding="utf-8")
    assert '"fas:house-chimney"' in script
    assert (cache / "icons" / "manifest.json").stat().st_mtime_ns != stamps["icons"]
    assert (cache / "cards-index" / "manifest.json").stat().st_mtime_ns == stamps["cards-index"]
    # No widget state is kept for a page (the book loads no widget JavaScript to read it).
    import pickle

    env = pickle.loads((out / "_build" / ".doctrees" / "environment.pickle").read_bytes())
    from jupyter_cache import get_cache

    cache_store = get_cache(str(out / "_build" / ".jupyter_cache"))
    executed = [cache_store.get_cache_bundle(r.pk).nb for r in cache_store.list_cache_records()]
    assert any(nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state")
               for nb in executed), "the executed notebook holds widget state"
    assert "00-start-here" in "".join(env.nb_metadata)
    assert not any("ipywidgets_state" in (meta.get("js_files") or {}) for meta in env.nb_metadata.values())


def test_a_fresh_build_empties_the_store(tmp_path, monkeypatch):
    """A build after any change to the package or the corpus (or build_book(fresh=True)) makes
    every product again: the store is emptied before Jupyter Book runs; otherwise it is kept."""
    from medialit import build

    store = buildcache.store_for(tmp_path / "_build")
    seen = {}

    def fake_run(cmd, **kwargs):
        seen["store"] = store.load("icons", "k")
        seen["all"] = "--all" in cmd
        raise SystemExit  # stop before the build proper

    monkeypatch.setattr(build.subprocess, "run", fake_run)
    monkeypatch.setattr(buildcache, "scripts_current", lambda build_dir: None)
    stamp = tmp_path / "_build" / ".medialit-inputs"
    for stamped, fresh, kept in [(build.inputs_digest(), False, True), ("an older kit", False, False),
                                 (build.inputs_digest(), True, False)]:
        store.save("icons", "k", {"a": b"x"})
        stamp.write_text(stamped + "\n", encoding="utf-8")
        with pytest.raises(SystemExit):
            build.build_book(tmp_path, fresh=fresh, quiet=True, parallel=False)
        assert seen == {"store": {"a": b"x"} if kept else None, "all": not kept}, (stamped, fresh)
