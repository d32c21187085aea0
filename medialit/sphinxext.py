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

from .corpus import load_article

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"


def article_html(key: str) -> str:
    """The article as HTML: a list of paragraphs, each with its id as anchor and label."""
    art = load_article(key)
    parts = [f'<div class="ml-article" lang="en" data-article="{art.key}">']
    for p in art.paragraphs:
        body = "<br>".join(html.escape(line) for line in p.text.split("\n"))
        parts.append(
            f'<div class="ml-para" id="{p.id}">'
            f'<a class="ml-pid" href="#{p.id}" aria-label="Paragraph {p.id}">{p.id}</a>'
            f'<p>{body}</p></div>'
        )
    parts.append("</div>")
    return "\n".join(parts)


def meta_html(key: str) -> str:
    """What is known, and not known, about where the article was published."""
    m = load_article(key).meta
    rows = [
        ("Title", m.get("title"), m.get("title_note")),
        ("Byline", m.get("byline"), m.get("author_note")),
        ("Interviewee", m.get("interviewee"), None),
        ("Outlet", m.get("outlet"), m.get("outlet_note")),
        ("Date", f"{m.get('date')} (confidence {m.get('date_confidence')})",
         " ".join(m.get("date_evidence") or [])),
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
        value = html.escape(str(value))
        if value.startswith("http"):
            value = f'<a href="{value}">{value}</a>'
        note_html = f" <span class=\"ml-note\">{html.escape(note)}</span>" if note else ""
        out.append(f"<dt>{label}</dt><dd>{value}{note_html}</dd>")
    out.append("</dl>")
    return "\n".join(out)


class _ArticleDirective(Directive):
    required_arguments = 1
    render = staticmethod(article_html)

    def run(self):
        key = self.arguments[0].strip().upper()
        try:
            markup = self.render(key)
        except Exception as exc:  # shown as a build error with the page and line
            raise self.error(f"{self.name}: {exc}") from exc
        return [nodes.raw("", markup, format="html")]


class ArticleDirective(_ArticleDirective):
    render = staticmethod(article_html)


class ArticleMetaDirective(_ArticleDirective):
    render = staticmethod(meta_html)


def _fix_theme(app, pagename, templatename, context, doctree):
    """Drop sphinx-thebe's files from every page.

    Jupyter Book always loads sphinx-thebe, which adds its loader script (declaring
    ``THEBE_JS_URL`` twice, a console error) and its CSS to every page, even with thebe off.
    The kit runs no code in the browser, so neither is needed.
    """
    for key in ("script_files", "css_files"):
        if context.get(key):
            context[key] = [f for f in context[key] if "thebe" not in str(f)]


def _configure(app, config):
    """Runs once the configuration is read (Jupyter Book's overrides included)."""
    config.html_static_path.append(str(STATIC))
    # Template overrides for the theme's header buttons (see templates/).
    config.templates_path.insert(0, str(TEMPLATES))
    # pydata-sphinx-theme reads default_mode from html_context and logs "invalid theme
    # mode" on every page when it is unset.
    config.html_context.setdefault("default_mode", "auto")


def setup(app):
    app.add_directive("article", ArticleDirective)
    app.add_directive("article-meta", ArticleMetaDirective)
    app.connect("config-inited", _configure)
    app.add_css_file("medialit.css")
    app.connect("html-page-context", _fix_theme)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
