"""The annotated corpus: the texts, their vocabularies, loaders, SemEval exchange, validator.

One module a job:

- ``texts``: the texts listed in ``seeds/articles.yaml``, checked against their checksums,
  with paragraph ids and offsets (``load_article``, ``articles``, ``paragraphs_frame``), and
  ``inert`` (bidirectional controls shown as marks);
- ``vocabulary``: the allowed values of every field (techniques, verdicts, kinds of source);
- ``files``: reading TSV and YAML files with the file line of each row;
- ``loaders``: each corpus file as a pandas DataFrame (``spans``, ``claims``, ``cards``...);
- ``semeval``: SemEval-2020 Task 11 export and import (``import_rows``: spans for an added text);
- ``validate``: the validator (``seeds/FILE:LINE: problem``).

``medialit.dataset`` still gives the loaders, vocabularies, SemEval and validator in one
namespace, as it always has.
"""

from .texts import (Article, Paragraph, article_files, article_keys, article_roles, articles,
                    find_paragraph, inert, load_article, metadata_frame, paragraphs_frame,
                    recorded_sums, split_paragraphs)

__all__ = ["Article", "Paragraph", "article_files", "article_keys", "article_roles", "articles",
           "find_paragraph", "inert", "load_article", "metadata_frame", "paragraphs_frame",
           "recorded_sums", "split_paragraphs"]
