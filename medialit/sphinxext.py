"""All the kit's Sphinx glue, in one module (so a later move to Jupyter Book 2 stays small).

- ``{article} A``: prints a case-study article in full, one block per paragraph, each with a
  visible id (``A-P07``) that is also its HTML anchor, so any page can link to
  ``case-studies.html#A-P07``.
- ``{article-meta} A``: a definition list of what is known about the article's provenance.
- Accessibility and privacy fixes to the theme (``_fix_theme``, ``_configure`` and the
  template overrides in ``templates/``), and the kit's CSS.
"""

from __future__ import annotations

import html
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive

from .corpus import find_paragraph, inert, load_article

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"


def article_html(key: str) -> str:
    """The article as HTML: a list of paragraphs, each with its id as anchor and label."""
    art = load_article(key)
    parts = [f'<div class="ml-article" lang="en" data-article="{art.key}">']
    for p in art.paragraphs:
        body = "<br>".join(html.escape(inert(line.rstrip("\r"))) for line in p.text.split("\n"))
        parts.append(
            f'<div class="ml-para" id="{p.id}">'
            f'<a class="ml-pid" href="#{p.id}" aria-label="Paragraph {p.id}">{p.id}</a>'
            f'<p>{body}</p></div>'
        )
    parts.append("</div>")
    return "\n".join(parts)


def address_html(url: str) -> str:
    """An address as a link, or as text with the reason when the kit warns about the site."""
    from .corpus.addresses import warning_for

    esc = html.escape(str(url))
    reason = warning_for(url)
    if reason is None:
        return f'<a href="{esc}">{esc}</a>'
    return (f'<code class="ml-unlinked">{esc}</code> <span class="ml-note">(shown as text, not as a '
            f"link: {html.escape(reason)})</span>")


def meta_html(key: str) -> str:
    """What is known, and not known, about where the article was published."""
    m = load_article(key).meta
    rows = [
        ("Title", m.get("title"), m.get("title_note")),
        ("Byline", m.get("byline"), m.get("author_note")),
        ("Interviewee", m.get("interviewee"), None),
        ("Outlet", m.get("outlet"), m.get("outlet_note")),
        ("Date", (f"{m.get('date')} (confidence {m.get('date_confidence')})" if m.get("date_confidence")
                  else m.get("date")), " ".join(m.get("date_evidence") or [])),
        ("Address", m.get("url") or "not known", m.get("url_note")),
        ("Genre", m.get("genre"), m.get("genre_note")),
        ("Stance", m.get("stance"), None),
        ("About this copy", m.get("copy_note"), None),
        ("Rights", m.get("rights"), None),
    ]
    out = ['<dl class="ml-meta">']
    for label, value, note in rows:
        if not value:
            continue
        value = address_html(value) if str(value).startswith("http") else html.escape(inert(str(value)))
        note_html = f" <span class=\"ml-note\">{html.escape(inert(note))}</span>" if note else ""
        out.append(f"<dt>{label}</dt><dd>{value}{note_html}</dd>")
    out.append("</dl>")
    return "\n".join(out)


class _HTMLDirective(Directive):
    """A directive whose output is HTML from ``render`` (given the article key, if any)."""

    render = None

    def run(self):
        args = [a.strip().upper() for a in self.arguments]
        try:
            markup = type(self).render(*args)
        except Exception as exc:  # shown as a build error with the page and line
            raise self.error(f"{self.name}: {exc}") from exc
        return [nodes.raw("", markup, format="html")]


class ArticleDirective(_HTMLDirective):
    required_arguments = 1
    render = staticmethod(article_html)


class ArticleMetaDirective(_HTMLDirective):
    required_arguments = 1
    render = staticmethod(meta_html)


# --- roles: {card}`SC-101` and {para}`A-P08` --------------------------------------------------

def _link_role(target_doc: str, check):
    """A role that links an id to its anchor on ``target_doc``, after checking the id exists."""

    def role(name, rawtext, text, lineno, inliner, options=None, content=None):
        ident = text.strip()
        try:
            title = check(ident)
        except Exception as exc:
            msg = inliner.reporter.error(f"{{{name}}}`{ident}`: {exc}", line=lineno)
            return [inliner.problematic(rawtext, rawtext, msg)], [msg]
        env = inliner.document.settings.env
        uri = env.app.builder.get_relative_uri(env.docname, target_doc) + "#" + ident
        node = nodes.reference(rawtext, ident, refuri=uri, reftitle=title)
        node["classes"].append(f"ml-ref-{name}")
        return [node], []

    return role


def _check_card(ident: str) -> str:
    from .dataset import card_titles

    titles = card_titles()
    if ident not in titles:
        raise KeyError(f"no source card {ident!r}")
    return titles[ident]


def _check_para(ident: str) -> str:
    return find_paragraph(ident).text[:80]


def sources_html() -> str:
    """Every source card, with its id as anchor: the kit's offline library for lateral reading."""
    from .dataset import cards

    df = cards().sort_values("id")
    out = ['<div class="ml-cards">']
    for c in df.itertuples():
        esc = lambda v: html.escape(str(v))  # noqa: E731
        flag = "" if c.partisan == "none" else f' <span class="ml-flag">partisan: {esc(c.partisan)}</span>'
        date = esc(c.date) if c.date else "date unknown"
        excerpts = c.excerpt if isinstance(c.excerpt, list) else [c.excerpt]
        quotes = "".join(f"<blockquote><p>\u201c{esc(e)}\u201d</p></blockquote>" for e in excerpts)
        out.append(
            f'<section class="ml-card" id="{c.id}" aria-labelledby="{c.id}-t">'
            f'<h3 id="{c.id}-t"><span class="ml-cid">{c.id}</span> {esc(c.title)}</h3>'
            f'<p class="ml-card-meta">{esc(c.publisher)}, {date}. '
            f'<span class="ml-kind">{esc(c.kind)}</span>{flag}</p>'
            f"<p>{esc(c.summary)}</p>{quotes}"
            f'<p class="ml-card-meta">Source: {address_html(c.url)} ({esc(c.read)})</p>'
            "</section>"
        )
    out.append("</div>")
    return "\n".join(out)


class SourceCardsDirective(_HTMLDirective):
    render = staticmethod(sources_html)


class CardSearchDirective(Directive):
    """A search box over the source cards (static/cardsearch.js), results linking to sources."""

    def run(self):
        env = self.state.document.settings.env
        up = "../" * env.docname.count("/")
        cards_page = env.app.builder.get_relative_uri(env.docname, "book/sources")
        if cards_page.startswith(env.docname.split("/")[-1] + ".html"):
            cards_page = ""  # the search box sits on the cards page itself
        markup = (f'<div class="ml-cardsearch" data-index="{up}_static/cards-index.js" '
                  f'data-cards-page="{html.escape(cards_page)}">'
                  '<p>The search box needs JavaScript, which is switched off or blocked in this '
                  'browser. The cards below are listed in full.</p></div>')
        return [nodes.raw("", markup, format="html")]


def _store(app):
    """The build's cache of products a rebuild can reuse (buildcache.py)."""
    from .buildcache import store_for

    return store_for(Path(app.doctreedir).parent)


def _write_search_index(app, exc):
    """Write the cards' search index where the book's JavaScript finds it (made again only
    when the cards, the kit's code or pandas' or PyYAML's version changed: buildcache.py)."""
    if exc is not None or app.builder.format != "html":
        return
    from .buildcache import code_digest, digest, files_digest, versions
    from .paths import seeds_dir

    store = _store(app)
    # The cards' files, as the loader finds them (corpus.files._files, which imports pandas).
    cards = sorted(seeds_dir().glob("cards_*.yaml"))
    key = digest(files_digest(cards), code_digest(), versions("pandas", "PyYAML"))
    files = store.load("cards-index", key)
    if files is None:
        import json

        from .search import build_index

        data = json.dumps(build_index(), ensure_ascii=False, separators=(",", ":"))
        files = {
            "cards-index.json": data.encode("utf-8"),
            # The same index as a script, which a script tag can load from file:// (fetch can't).
            # "</" is escaped so no string in the data can close a script element.
            "cards-index.js": ("window.medialitCardsIndex = " + data.replace("</", "<\\/") + ";\n").encode("utf-8"),
        }
        store.save("cards-index", key, files)
    static = Path(app.outdir) / "_static"
    for name, data in files.items():
        (static / name).write_bytes(data)


def _light_icons(app, exc):
    """Replace the theme's whole Font Awesome bundle with the icons the book uses (icons.py)."""
    if exc is not None or app.builder.format != "html":
        return
    from .icons import lighten

    report = lighten(Path(app.outdir), store=_store(app))
    if report.get("missing"):
        from sphinx.util import logging

        logging.getLogger(__name__).warning("icons not found in Font Awesome's bundle: %s",
                                            ", ".join(report["missing"]))


def _mystnb_stylesheet_first(app):
    """Copy myst-nb's stylesheet into the output before any page is written.

    myst-nb copies it only when the build finishes, so the pages of a clean build linked it
    without Sphinx's checksum (``mystnb.HASH.css``) and the pages a rebuild wrote again linked
    it with one (``mystnb.HASH.css?v=...``): the same book differed with its history. With
    the file in place first, every page links it the same way."""
    if app.builder.format != "html":
        return
    import hashlib
    from importlib.resources import files

    from myst_nb import static

    css = files(static).joinpath("mystnb.css").read_bytes()
    # The name myst-nb gives it (myst_nb.sphinx_ext.add_css): the SHA-256 of its content.
    target = Path(app.outdir) / "_static" / f"mystnb.{hashlib.sha256(css).hexdigest()}.css"
    if not target.is_file() or target.read_bytes() != css:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(css)


def _drop_widget_state(app, doctree):
    """Keep no ipywidgets state for a notebook page when the book loads no widget JavaScript
    (``nb_ipywidgets_js: {}``), as the kit's doesn't: nothing would read it, ``_fix_theme``
    leaves it out of the page anyway, and myst-nb would otherwise keep it, megabytes of it, in
    the environment Sphinx loads and saves on every build."""
    if app.config.nb_ipywidgets_js:
        return
    meta = getattr(app.env, "nb_metadata", None)
    js_files = (meta.get(app.env.docname) or {}).get("js_files") if meta is not None else None
    if js_files:
        js_files.pop("ipywidgets_state", None)


def _fix_theme(app, pagename, templatename, context, doctree):
    """Drop what the kit's pages don't use from every page.

    - sphinx-thebe's loader and CSS: Jupyter Book always loads sphinx-thebe, which declares
      ``THEBE_JS_URL`` twice (a console error) even with thebe off; the kit runs no code in
      the browser through thebe.
    - the ipywidgets state that myst-nb embeds for executed widgets: the book shows each
      exercise's static HTML instead, so the state (which repeats the widget's JavaScript
      for every exercise) is dead weight.
    """
    # A form page doesn't lead on to the other form: taking both back to back spoils the pre/post
    # design (the next page after form X is form Y).
    if pagename.startswith("book/form-"):
        context["prev"] = context["next"] = None
    widget_state = "application/vnd.jupyter.widget-state+json"
    for key in ("script_files", "css_files"):
        if context.get(key):
            context[key] = [f for f in context[key] if "thebe" not in str(f)
                            and getattr(f, "attributes", {}).get("type") != widget_state]


def _launch_student_notebook(app, pagename, templatename, context, doctree):
    """A lesson's launch buttons (Binder, JupyterHub) open the student's generated notebook
    (``exercises/<lesson>.ipynb``), which Binder can run, not the chapter's MyST source."""
    lesson = pagename.rsplit("/", 1)[-1]
    if not pagename.startswith(("book/lesson", "book/form-", "book/capstone-")) or lesson.endswith(("-teacher", "-remember")):
        return
    root = Path(app.srcdir)
    if not (root / "exercises" / f"{lesson}.ipynb").exists():
        return

    def rewrite(buttons):
        for b in buttons or []:
            if isinstance(b, dict):
                url = b.get("url")
                # Launch buttons only (absolute addresses); the download button keeps the page's source.
                if isinstance(url, str) and url.startswith(("http://", "https://")):
                    b["url"] = url.replace(f"{pagename}.md", f"exercises/{lesson}.ipynb")
                rewrite(b.get("buttons"))

    rewrite(context.get("header_buttons"))


# The address _config.yml ships with (paths.PLACEHOLDER_REPO): no repository lives there. Until a
# host sets its own copy's address, the book shows no Binder or repository button (they would
# lead nowhere), and the build says how to turn them on.
from .paths import PLACEHOLDER_REPO  # noqa: E402


def _placeholder_repo(app) -> bool:
    url = str((app.config.html_theme_options or {}).get("repository_url") or "")
    return PLACEHOLDER_REPO in url


def _drop_placeholder_buttons(app, pagename, templatename, context, doctree):
    """No button that leads to the placeholder repository (see PLACEHOLDER_REPO)."""
    if not _placeholder_repo(app):
        return

    def keep(buttons):
        out = []
        for b in buttons or []:
            if isinstance(b, dict):
                if PLACEHOLDER_REPO.split("/", 1)[1] in str(b.get("url") or ""):
                    continue
                if "buttons" in b:
                    b["buttons"] = keep(b["buttons"])
                    if not b["buttons"]:
                        continue
            out.append(b)
        return out

    if context.get("header_buttons"):
        context["header_buttons"] = keep(context["header_buttons"])


def _warn_placeholder(app, config):
    if PLACEHOLDER_REPO in str((config.html_theme_options or {}).get("repository_url") or ""):
        import sys

        print("medialit: no Binder or repository buttons: _config.yml's repository url is the kit's "
              "placeholder. Set it to your copy's address (e.g. https://github.com/your-school/media-literacy) "
              "to show them.", file=sys.stderr)


def _assets_digest() -> str:
    """A digest of the kit's own scripts, styles and templates and of this module."""
    import hashlib

    digest = hashlib.sha256()
    files = sorted(p for d in (STATIC, TEMPLATES) for p in d.rglob("*") if p.is_file())
    for p in files + [Path(__file__)]:
        digest.update(p.name.encode() + p.read_bytes())
    return digest.hexdigest()[:16]


def _configure(app, config):
    """Runs once the configuration is read (Jupyter Book's overrides included)."""
    # A rebuild rewrites every page when the kit's scripts, styles or page glue change (a new
    # script must be linked from every page), not only the pages whose source changed.
    config.medialit_assets = _assets_digest()
    config.html_static_path.append(str(STATIC))
    # One search box per page: the theme puts a search field in the sidebar as well as the
    # search button in the header; the kit keeps the header's button only.
    if not config.html_sidebars:
        config.html_sidebars = {"**": ["navbar-logo.html", "icon-links.html", "sbt-sidebar-nav.html"]}
    # Template overrides for the theme's header buttons (see templates/).
    config.templates_path.insert(0, str(TEMPLATES))
    # pydata-sphinx-theme reads default_mode from html_context and logs "invalid theme
    # mode" on every page when it is unset.
    config.html_context.setdefault("default_mode", "auto")


def setup(app):
    app.add_directive("article", ArticleDirective)
    app.add_directive("article-meta", ArticleMetaDirective)
    app.add_directive("source-cards", SourceCardsDirective)
    app.add_directive("card-search", CardSearchDirective)
    app.add_js_file("cardsearch.js", loading_method="defer")
    app.add_js_file("layout.js", loading_method="defer")
    # The exercises' script: renders and scores the static version of every exercise. The
    # classic build of the one source (jsbuild.py), so that it also runs from file://.
    app.add_js_file("exercises.classic.js", loading_method="defer")
    app.add_css_file("exercises.css")
    # After the other extensions' own build-finished steps (myst-nb copies its stylesheet then):
    # the icons are cut to what the finished pages and stylesheets use.
    app.connect("build-finished", _write_search_index, priority=800)
    app.connect("build-finished", _light_icons, priority=800)
    app.connect("doctree-read", _drop_widget_state, priority=900)
    app.connect("builder-inited", _mystnb_stylesheet_first)
    app.add_role("card", _link_role("book/sources", _check_card))
    app.add_role("para", _link_role("book/case-studies", _check_para))
    app.add_config_value("medialit_assets", "", "html")
    app.connect("config-inited", _configure)
    app.add_css_file("medialit.css")
    app.connect("html-page-context", _fix_theme)
    # After sphinx-book-theme has added the launch buttons (its handler runs at priority 500).
    app.connect("html-page-context", _launch_student_notebook, priority=900)
    app.connect("html-page-context", _drop_placeholder_buttons, priority=950)
    app.connect("config-inited", _warn_placeholder)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
