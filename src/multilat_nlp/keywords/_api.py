"""The public keyword functions, in the textacy style: ``doc`` first, options keyword-only.

Each returns ``list[Keyword]`` (``term, score, mentions``), best first. They work on any spaCy
``Doc``: with our POS stage's jieba tags, with another tagger's UD tags, or with no tags at all
(jieba's dictionary then supplies word classes).
"""

from __future__ import annotations

import functools
from collections import ChainMap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, cast

from spacy.tokens import Doc

from multilat_nlp.dictionary_tags import dictionary_tags
from multilat_nlp.errors import ConfigError
from multilat_nlp.keywords._methods import (
    Candidates,
    Keyword,
    candidates,
    mmr,
    rank_textrank,
    rank_tfidf,
    rank_tfidf_regions,
    resolve_topn,
    with_mentions,
)
from multilat_nlp.keywords._resources import (
    DEFAULT_STOPWORDS,
    IdfTable,
    default_idf,
    load_stopwords,
)
from multilat_nlp.keywords._view import FormTable, Mentions, TokenView, build_view

METHODS = ("tfidf", "textrank", "structural")


@dataclass(frozen=True)
class KeywordSettings:
    """Everything that decides a keyword list."""

    method: str = "structural"
    topn: int | float = 20
    phrases: bool = True
    max_tokens: int = 3
    diversity: float = 0.3
    window: int = 5
    use_declared: bool = False
    stopwords: tuple[str, ...] = DEFAULT_STOPWORDS
    general_weight: float = 0.5
    textrank_idf: bool = True  # TextRank: PageRank × IDF (False: plain TextRank)
    section_contrast: bool = True  # section keywords: also IDF over the sibling sections

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ConfigError(f"unknown keyword method {self.method!r}; choose one of {METHODS}")
        if not 1 <= self.max_tokens <= 8:
            raise ConfigError(f"max_tokens must lie in 1..8, got {self.max_tokens}")
        if not 0.0 <= self.diversity <= 1.0:
            raise ConfigError(f"diversity must lie in [0, 1], got {self.diversity}")
        if self.window < 2:
            raise ConfigError(f"window must be >= 2, got {self.window}")
        resolve_topn(self.topn, 1)


class Extractor:
    """Ranks keywords of documents with fixed settings; tables are loaded once."""

    def __init__(
        self,
        settings: KeywordSettings | None = None,
        *,
        idf: IdfTable | None = None,
        stopwords: Iterable[str] | None = None,
        lexicon_tags: Mapping[str, str] | None = None,
    ) -> None:
        self.settings = settings or KeywordSettings()
        self.idf = idf or default_idf(self.settings.general_weight)
        self.stopwords = (
            frozenset(stopwords)
            if stopwords is not None
            else load_stopwords(self.settings.stopwords)
        )
        self._extra_tags = dict(lexicon_tags or {})
        # jieba's table is read-only, and a ChainMap only ever writes to its first mapping
        self.lexicon_tags: Mapping[str, str] = ChainMap(
            self._extra_tags, cast("dict[str, str]", dictionary_tags())
        )
        self.forms = FormTable(self.lexicon_tags, self.stopwords)  # facts kept across documents

    def view(self, doc: Doc) -> TokenView:
        return build_view(
            doc,
            lexicon_tags=self.lexicon_tags,
            use_declared=self.settings.use_declared,
            zones=self.settings.method == "structural",
            table=self.forms,
        )

    def candidates(self, view: TokenView) -> Candidates:
        s = self.settings
        return candidates(view, self.stopwords, phrases=s.phrases, max_tokens=s.max_tokens)

    def rank(
        self,
        view: TokenView,
        found: Candidates | None = None,
        *,
        topn: int | float | None = None,
        region: tuple[int, int] | None = None,
        mentions: Mentions | None = None,
    ) -> list[Keyword]:
        """Top keywords of ``view``, or of the characters ``region`` of it.

        ``mentions`` (of ``view.text``) lets several calls on one document share their search.
        """
        mentions = mentions or Mentions(view.text)
        picked = self.picks(view, found, topn=topn, region=region, mentions=mentions)
        return [Keyword(t, score, tuple(mentions.find(t, region))) for t, score in picked]

    def picks(
        self,
        view: TokenView,
        found: Candidates | None = None,
        *,
        topn: int | float | None = None,
        region: tuple[int, int] | None = None,
        mentions: Mentions | None = None,
    ) -> list[tuple[str, float]]:
        """:meth:`rank` without the mentions: ``(term, score)``, best first."""
        s = self.settings
        if found is None:
            found = self.candidates(view)
        if mentions is None:
            mentions = Mentions(view.text)
        count = resolve_topn(s.topn if topn is None else topn, len(found))
        pool = max(4 * count, 40) if s.diversity > 0 else count
        if s.method == "textrank":
            ranked = rank_textrank(
                view, found, self.stopwords, region=region, window=s.window, keep=pool,
                idf=self.idf if s.textrank_idf else None,
            )
        else:
            ranked = rank_tfidf(
                found, self.idf, weighted=s.method == "structural", region=region, keep=pool
            )
        return self._pick(ranked, count, region, mentions)

    def __call__(self, doc: Doc) -> list[Keyword]:
        return self.rank(self.view(doc))

    def sections(
        self,
        view: TokenView,
        found: Candidates,
        sections: Sequence[Mapping[str, Any]],
        *,
        topn: int,
        mentions: Mentions | None = None,
    ) -> dict[str, list[Keyword]]:
        """Keywords of each section, from the section's own text (headings included).

        The TF-IDF methods rank every section in one pass over the candidates
        (:func:`rank_tfidf_regions`), and with ``section_contrast`` weigh each term by how few
        of the section's siblings (same ``parent``) say it; only the diversity step runs per
        section.
        """
        mentions = mentions or Mentions(view.text)
        return {
            key: [Keyword(t, score, tuple(mentions.find(t, region))) for t, score in picked]
            for key, (region, picked) in self.section_picks(
                view, found, sections, topn=topn, mentions=mentions
            ).items()
        }

    def section_picks(
        self,
        view: TokenView,
        found: Candidates,
        sections: Sequence[Mapping[str, Any]],
        *,
        topn: int,
        mentions: Mentions | None = None,
    ) -> dict[str, tuple[tuple[int, int], list[tuple[str, float]]]]:
        """:meth:`sections` without the mentions: ``{id: ((start, end), [(term, score)])}``."""
        s = self.settings
        keys: list[str] = []
        regions: list[tuple[int, int]] = []
        parents: dict[object, int] = {}
        groups: list[int] = []
        for section in sections:
            try:
                start, end, key = int(section["start"]), int(section["end"]), str(section["id"])
            except (KeyError, TypeError, ValueError):
                continue
            keys.append(key)
            regions.append((start, end))
            groups.append(parents.setdefault(section.get("parent"), len(parents)))
        if mentions is None:
            mentions = Mentions(view.text)
        if s.method == "textrank":
            return {
                key: (region, self.picks(view, found, topn=topn, region=region,
                                         mentions=mentions))
                for key, region in zip(keys, regions, strict=True)
            }
        count = resolve_topn(topn, len(found))
        pool = max(4 * count, 40) if s.diversity > 0 else count
        ranked = rank_tfidf_regions(
            found, self.idf, weighted=s.method == "structural", regions=regions, keep=pool,
            groups=groups if s.section_contrast else None,
        )
        return {
            key: (region, self._pick(listed, count, region, mentions))
            for key, region, listed in zip(keys, regions, ranked, strict=True)
        }

    def _pick(
        self,
        ranked: list[tuple[str, float]],
        count: int,
        region: tuple[int, int] | None,
        mentions: Mentions,
    ) -> list[tuple[str, float]]:
        """MMR over ``ranked``, with the similarity read from the text."""
        return mmr(
            ranked, topn=count, diversity=self.settings.diversity,
            similarity=functools.partial(mentions.overlap, region=region), subsume=1.0,
        )

    def __getstate__(self) -> dict[str, Any]:
        # The shared tables are read-only views that do not pickle; rebuild them in the worker.
        return {"settings": self.settings, "tags": self._extra_tags, "stop": self.stopwords}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(  # type: ignore[misc]
            state["settings"], stopwords=state["stop"], lexicon_tags=state["tags"]
        )


def _run(
    doc: Doc,
    method: str,
    *,
    topn: int | float,
    phrases: bool,
    max_tokens: int,
    diversity: float,
    idf: IdfTable | None,
    stopwords: Iterable[str] | None,
    use_declared: bool,
    window: int = 5,
    textrank_idf: bool = True,
) -> list[Keyword]:
    try:
        settings = KeywordSettings(
            method=method,
            topn=topn,
            phrases=phrases,
            max_tokens=max_tokens,
            diversity=diversity,
            window=window,
            use_declared=use_declared,
            textrank_idf=textrank_idf,
        )
    except ConfigError as exc:
        raise ValueError(str(exc)) from None
    return Extractor(settings, idf=idf, stopwords=stopwords)(doc)


def tfidf(
    doc: Doc,
    *,
    topn: int | float = 10,
    phrases: bool = True,
    max_tokens: int = 3,
    diversity: float = 0.3,
    idf: IdfTable | None = None,
    stopwords: Iterable[str] | None = None,
    use_declared: bool = False,
) -> list[Keyword]:
    """Terms by frequency × inverse document frequency (Spärck Jones 1972; Salton & Buckley 1988).

    The IDF mixes jieba's general table with the shipped policy table (:class:`IdfTable`), so
    words every government report uses (发展, 建设) rank low. Candidates are nouns, noun phrases
    up to ``max_tokens`` tokens (``phrases=False``: single words), 《》 titles and quoted terms;
    stopwords, numbers, URLs, footnote/citation lines and the declared keyword line (unless
    ``use_declared``) never contribute. ``diversity`` > 0 re-ranks with :func:`mmr`.
    ``topn``: a count, or a fraction in (0, 1] of the candidates.
    """
    return _run(
        doc, "tfidf", topn=topn, phrases=phrases, max_tokens=max_tokens, diversity=diversity,
        idf=idf, stopwords=stopwords, use_declared=use_declared,
    )


def structural(
    doc: Doc,
    *,
    topn: int | float = 10,
    phrases: bool = True,
    max_tokens: int = 3,
    diversity: float = 0.3,
    idf: IdfTable | None = None,
    stopwords: Iterable[str] | None = None,
    use_declared: bool = False,
) -> list[Keyword]:
    """TF-IDF where a mention counts more in the title, abstract, headings and lead paragraphs.

    Zone weights (``multilat_nlp.keywords.ZONE_WEIGHTS``: title 3, headings 2, abstract and
    first/last paragraph of each section 1.5, body 1) follow the positional evidence of the
    keyphrase literature (Kim et al. 2013, SemEval-2010 Task 5 analyses; Florescu & Caragea 2017,
    PositionRank). Zones come from the structure stage when it ran, otherwise from the layout.
    Options as in :func:`tfidf`.
    """
    return _run(
        doc, "structural", topn=topn, phrases=phrases, max_tokens=max_tokens,
        diversity=diversity, idf=idf, stopwords=stopwords, use_declared=use_declared,
    )


def textrank(
    doc: Doc,
    *,
    topn: int | float = 10,
    window: int = 5,
    phrases: bool = True,
    max_tokens: int = 3,
    diversity: float = 0.3,
    stopwords: Iterable[str] | None = None,
    use_declared: bool = False,
    idf: IdfTable | None = None,
    idf_weighted: bool = True,
) -> list[Keyword]:
    """TextRank (Mihalcea & Tarau 2004): PageRank over noun/verb co-occurrence within ``window``.

    Phrases score the mean of their words (SingleRank's sum, Wan & Xiao 2008, lets the longest
    phrase win). Each word's PageRank is multiplied by its IDF (``idf``, the shipped table by
    default), since in policy prose the most central words are the ones every text uses;
    ``idf_weighted=False`` is plain TextRank, which needs no reference corpus and suits text far
    from both of ours. Options as in :func:`tfidf`.
    """
    return _run(
        doc, "textrank", topn=topn, phrases=phrases, max_tokens=max_tokens, diversity=diversity,
        idf=idf, stopwords=stopwords, use_declared=use_declared, window=window,
        textrank_idf=idf_weighted,
    )


def noun_phrases(
    doc: Doc, *, max_tokens: int = 3, stopwords: Iterable[str] | None = None
) -> list[Keyword]:
    """Every keyword candidate with its frequency as the score: the phrase-formation step alone.

    Adjacent nouns (and modifiers before them, verbs between them) merge into phrases such as
    全球治理体系 and 多边合作机制; 《》 titles and quoted terms are kept whole.
    """
    extractor = Extractor(replace(KeywordSettings(), max_tokens=max_tokens), stopwords=stopwords)
    view = build_view(doc, lexicon_tags=extractor.lexicon_tags, zones=False, table=extractor.forms)
    found = extractor.candidates(view)
    ids, frequency, _, first = found.stats()
    order = sorted(zip(ids.tolist(), frequency.tolist(), first.tolist(), strict=True),
                   key=lambda item: (-item[1], item[2]))
    return with_mentions(view.text, [(found.terms[i], float(f)) for i, f, _ in order])


def declared_keywords(doc: Doc) -> list[str]:
    """The author's keywords (关键词) as the structure stage read them; never a scorer's input."""
    meta = doc._.meta if Doc.has_extension("meta") else None
    declared = meta.get("declared_keywords") if isinstance(meta, Mapping) else None
    return [str(k) for k in declared] if isinstance(declared, list) else []
