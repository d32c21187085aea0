"""The annotated corpus in one namespace: loaders, vocabularies, SemEval exchange, validator.

The code lives in ``medialit.corpus`` (one module a job); this module gathers it so that
``from medialit import dataset; dataset.claims()`` keeps working.
"""

from .corpus.files import Problems, read_tsv, read_yaml_list
from .corpus.loaders import (attributions, card_titles, cards, claims, profiles,
                             reliability_first, reliability_second, spans)
from .corpus.semeval import from_semeval, semeval_article_id, to_semeval
from .corpus.validate import RELIABILITY_PARAGRAPHS, validate
from .corpus.vocabulary import (ATTR_COLUMNS, CARD_KINDS, CHECKABLE, CLAIM_TYPES, CONFIDENCE,
                                EXCERPT_MAX_WORDS, PARTISAN, SEMEVAL_14, SOURCE_TYPES,
                                SPAN_COLUMNS, TAGS, TECHNIQUES_18, TO_SEMEVAL, TRACEABLE,
                                UNVERIFIED_KINDS, USES, VERDICTS)

__all__ = [
    "ATTR_COLUMNS", "CARD_KINDS", "CHECKABLE", "CLAIM_TYPES", "CONFIDENCE", "EXCERPT_MAX_WORDS",
    "PARTISAN", "Problems", "RELIABILITY_PARAGRAPHS", "SEMEVAL_14", "SOURCE_TYPES",
    "SPAN_COLUMNS", "TAGS", "TECHNIQUES_18", "TO_SEMEVAL", "TRACEABLE", "UNVERIFIED_KINDS", "USES", "VERDICTS",
    "attributions", "card_titles", "cards", "claims", "from_semeval", "profiles", "read_tsv",
    "read_yaml_list", "reliability_first", "reliability_second", "semeval_article_id", "spans",
    "to_semeval", "validate",
]
