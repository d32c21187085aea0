"""medialit: the logic of the media-literacy course kit.

Notebooks and book pages hold prose and short calls; everything they call lives here.
"""

from .corpus import Article, Paragraph, articles, load_article, paragraphs_frame
from .errors import KitError

__all__ = ["Article", "KitError", "Paragraph", "articles", "load_article", "paragraphs_frame"]
__version__ = "0.1.0"


def _show_kit_errors_plainly() -> None:
    """In IPython/Jupyter, a KitError prints its message, not a traceback."""
    import sys

    # A running IPython has imported IPython already: elsewhere (a script, the book's build)
    # there is nothing to register, and importing IPython to find that out costs time.
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return
    ip = ipython.get_ipython()
    if ip is None:
        return

    def handler(shell, etype, value, tb, tb_offset=None):
        print(f"{value}")
        return None

    ip.set_custom_exc((KitError,), handler)


_show_kit_errors_plainly()
