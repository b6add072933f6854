"""Shipped and installed look-up tables: stopwords, IDF, and jieba's word tags.

Everything here is read once per process and never changed afterwards (``functools.cache`` on
functions returning immutable views), so pipelines in one process share the tables without
sharing mutable state.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from multilat_nlp.errors import ConfigError
from multilat_nlp.text.script import simplified_key

_STOPWORDS_PACKAGE = "multilat_nlp.resources.stopwords"
_IDF_PACKAGE = "multilat_nlp.resources.idf"
#: Shipped stopword lists: stopwords-iso zh (MIT, function words) and our own list of the
#: boilerplate of papers and reports (摘要, 各位代表…).
DEFAULT_STOPWORDS = ("stopwords-iso-zh", "policy")


@functools.cache
def _shipped_stopwords(name: str) -> frozenset[str]:
    resource = resources.files(_STOPWORDS_PACKAGE).joinpath(f"{name}.txt")
    if not resource.is_file():
        raise ConfigError(f"unknown stopword list {name!r}; shipped: {list(DEFAULT_STOPWORDS)}")
    return _parse_words(resource.read_text(encoding="utf-8").splitlines())


def _parse_words(lines: Iterable[str]) -> frozenset[str]:
    words = (line.split("#", 1)[0].strip() for line in lines)
    return frozenset(w for w in words if w)


def load_stopwords(names: Iterable[str] = DEFAULT_STOPWORDS) -> frozenset[str]:
    """Union of shipped lists (by name) and user files (by path, one word a line, UTF-8)."""
    words: set[str] = set()
    for name in names:
        if "/" in name or "\\" in name or name.endswith(".txt"):
            try:
                text = Path(name).read_text(encoding="utf-8")
            except OSError as exc:
                raise ConfigError(f"cannot read stopword file {name}: {exc}") from exc
            words |= _parse_words(text.splitlines())
        else:
            words |= _shipped_stopwords(name)
    return frozenset(words)


@functools.cache
def _jieba_idf() -> Mapping[str, float]:
    """jieba's general-language IDF table (MIT), read from the installed jieba package."""
    import jieba

    path = Path(jieba.__file__).with_name("analyse") / "idf.txt"
    table: dict[str, float] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            word, _, value = line.rstrip("\n").rpartition(" ")
            if word:
                table[word] = float(value)
    return MappingProxyType(table)


@functools.cache
def _policy_df() -> tuple[int, Mapping[str, int]]:
    """Paragraph document frequencies of the 53 government work reports (shipped)."""
    text = resources.files(_IDF_PACKAGE).joinpath("policy_df.tsv").read_text(encoding="utf-8")
    documents = 0
    df: dict[str, int] = {}
    for line in text.splitlines():
        if line.startswith("#documents\t"):
            documents = int(line.split("\t")[1])
        elif line and not line.startswith("#"):
            word, _, count = line.partition("\t")
            df[word] = int(count)
    return documents, MappingProxyType(df)


@dataclass(frozen=True)
class IdfTable:
    """Inverse document frequency over a mixture of a general and a policy corpus.

    ``idf(w) = -ln(g·p_general(w) + (1-g)·p_policy(w))`` where ``p`` is the share of documents
    containing ``w`` and ``g = general_weight``: the IDF the word would have in a reference corpus
    made of both in that proportion. A word common in either corpus (的, 发展) is therefore
    uninformative, which neither table gives alone: jieba's table is news and web text, the
    policy table (paragraphs of the 1954–2022 government work reports) knows which words every
    report uses. Words missing from a table count as seen in half a document (add-½
    smoothing), so unseen words share the highest IDF.

    Phrases not in either table get the mean of two bounds on a phrase's document share: its
    rarest word's (the words always occur together) and the product of its words' (they occur
    independently).
    """

    general: Mapping[str, float] = field(repr=False)
    policy_df: Mapping[str, int] = field(repr=False)
    policy_documents: int
    general_weight: float = 0.5

    def __post_init__(self) -> None:
        if not 0.0 <= self.general_weight <= 1.0:
            raise ConfigError(f"general_weight must lie in [0, 1], got {self.general_weight}")
        if self.policy_documents < 1 and self.general_weight < 1.0:
            raise ConfigError("a policy table needs a positive document count")

    @classmethod
    def default(cls, *, general_weight: float = 0.5) -> IdfTable:
        """jieba's IDF mixed with the shipped policy table."""
        documents, df = _policy_df()
        return cls(_jieba_idf(), df, documents, general_weight)

    @functools.cached_property
    def _general_floor(self) -> float:
        # jieba's highest IDF belongs to words seen once; an unseen word is seen half as often.
        return max(self.general.values(), default=0.0) + math.log(2)

    def word_idf(self, word: str) -> float | None:
        """IDF of a word found in either table; ``None`` when neither knows it. Both tables are
        Simplified: a Traditional word is looked up by its Simplified form (國際 as 国际)."""
        word = simplified_key(word)
        general = self.general.get(word)
        if general is None and word.isascii():
            general = self.general.get(word.lower())
        df = self.policy_df.get(word)
        if general is None and df is None:
            return None
        return self._mix(general, df)

    def values(self, words: Sequence[str]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """``(idf, known)`` of many words at once: :meth:`word_idf`, with :attr:`unseen_idf`
        where neither table knows the word (``known`` False).

        Nothing is kept here: the keyword stage keeps what it looked up per word form and per
        phrase (``FormTable``), keyed by integers rather than strings.
        """
        words = [simplified_key(w) for w in words]
        general_table, policy_table = self.general, self.policy_df
        nan = math.nan
        general = np.array([general_table.get(w, nan) for w in words], dtype=np.float64)
        missing = np.flatnonzero(np.isnan(general)).tolist()
        latin = [i for i in missing if words[i].isascii()]  # jieba's table is lower-case
        if latin:
            general[latin] = [general_table.get(words[i].lower(), nan) for i in latin]
        df = np.array([policy_table.get(w, -1) for w in words], dtype=np.float64)
        known = ~np.isnan(general) | (df >= 0)
        p_general = np.exp(-np.where(np.isnan(general), self._general_floor, general))
        p_policy = (np.maximum(df, 0.0) + 0.5) / (self.policy_documents + 1)
        g = self.general_weight
        return -np.log(g * p_general + (1.0 - g) * p_policy), known

    def _mix(self, general: float | None, df: int | None) -> float:
        p_general = math.exp(-(general if general is not None else self._general_floor))
        p_policy = ((df if df is not None else 0) + 0.5) / (self.policy_documents + 1)
        g = self.general_weight
        return -math.log(g * p_general + (1.0 - g) * p_policy)

    @functools.cached_property
    def unseen_idf(self) -> float:
        """The IDF of a word neither table has seen (the maximum)."""
        return self._mix(None, None)

    def max_idf(self, words: int) -> float:
        """The highest IDF :meth:`idf` can give a term of ``words`` words."""
        return self.unseen_idf * (1 + max(words, 1)) / 2.0

    def idf(self, term: str, words: tuple[str, ...] = ()) -> float:
        """IDF of a term; multi-word terms fall back on their words (see the class doc)."""
        known = self.word_idf(term)
        if known is not None:
            return known
        if len(words) <= 1:
            return self.unseen_idf
        parts = [self.word_idf(w) for w in words]
        values = [v if v is not None else self.unseen_idf for v in parts]
        return (max(values) + sum(values)) / 2.0


@functools.cache
def default_idf(general_weight: float = 0.5) -> IdfTable:
    return IdfTable.default(general_weight=general_weight)
