"""Keywords and keyphrases of a document: TF-IDF on a policy IDF, TextRank, structure, MMR.

>>> import multilat_nlp
>>> from multilat_nlp import keywords
>>> doc = multilat_nlp.load()("坚持多边主义，完善全球治理体系。多边主义是中国外交的基本原则。")
>>> [k.term for k in keywords.tfidf(doc, topn=3)]
['多边主义', '全球治理体系', '中国外交']
>>> keywords.tfidf(doc, topn=1)[0].mentions
((2, 6), (16, 20))

The pipeline's ``keywords`` stage runs one of these on every document and stores the result as
``doc._.keywords`` (JSON dicts ``{"term", "score", "method", "mentions"}``).
"""

from multilat_nlp.keywords._api import (
    METHODS,
    Extractor,
    KeywordSettings,
    declared_keywords,
    noun_phrases,
    structural,
    textrank,
    tfidf,
)
from multilat_nlp.keywords._methods import Keyword, mmr
from multilat_nlp.keywords._resources import IdfTable, default_idf, load_stopwords
from multilat_nlp.keywords._view import (
    BOUND_SUFFIXES,
    ZONE_WEIGHTS,
    Mentions,
    WordClass,
    overlap,
    similarity,
)

__all__ = [
    "BOUND_SUFFIXES",
    "METHODS",
    "ZONE_WEIGHTS",
    "Extractor",
    "IdfTable",
    "Keyword",
    "KeywordSettings",
    "Mentions",
    "WordClass",
    "declared_keywords",
    "default_idf",
    "load_stopwords",
    "mmr",
    "noun_phrases",
    "overlap",
    "similarity",
    "structural",
    "textrank",
    "tfidf",
]
