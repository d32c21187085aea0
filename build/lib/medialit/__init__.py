"""medialit: the logic of the media-literacy course kit.

Notebooks and book pages hold prose and short calls; everything they call lives here.
"""

from .corpus import Article, Paragraph, articles, load_article, paragraphs_frame
from .errors import KitError

__all__ = ["Article", "KitError", "Paragraph", "articles", "load_article", "paragraphs_frame"]
__version__ = "0.1.0"
