"""The ``keywords`` stage: ``doc._.keywords``, and ``doc._.section_keywords`` per section.

The ranking itself lives in :mod:`multilat_nlp.keywords`; this stage only picks the method from
the config, reads the pipeline's lexicon tags (so 一带一路 is a known noun even without the POS
stage), and writes JSON-native dicts::

    {"term": "多边主义", "score": 41.2, "method": "structural", "mentions": [[52, 56], ...]}

The declared keywords (关键词) are the structure stage's business (``doc._.meta``); their line is
masked here unless ``use_declared = true``, so the scores never see them by default.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from multilat_nlp.keywords import Extractor, Keyword, KeywordSettings, Mentions
from multilat_nlp.stages.segment import Segmenter, load_lexicon

#: Defaults of ``[stages.keywords]``.
DEFAULT_CONFIG: dict[str, Any] = {
    "method": "structural",
    "topn": 20,
    "phrases": True,
    "max_tokens": 3,
    "diversity": 0.3,
    "window": 5,
    "use_declared": False,
    "stopwords": ["stopwords-iso-zh", "policy"],
    "general_weight": 0.5,
    "textrank_idf": True,
    "section_contrast": True,
    "sections": True,
    "section_topn": 10,
}


def register_keyword_extensions() -> None:
    """``doc._.section_keywords``: ``{section_id: [keyword dicts]}`` (idempotent)."""
    if not Doc.has_extension("section_keywords"):
        Doc.set_extension("section_keywords", default=None)
    if not Doc.has_extension("keywords"):
        Doc.set_extension("keywords", default=None)


def keyword_dicts(keywords: Sequence[Keyword], method: str) -> list[dict[str, Any]]:
    """Keywords as the JSON-native dicts of the document schema."""
    return [
        {
            "term": k.term,
            "score": round(k.score, 6),
            "method": method,
            "mentions": list(map(list, k.mentions)),
        }
        for k in keywords
    ]


class KeywordStage:
    """Sets ``doc._.keywords`` (and ``doc._.section_keywords`` when sections exist)."""

    def __init__(
        self,
        settings: KeywordSettings,
        *,
        sections: bool = True,
        section_topn: int = 10,
        lexicon_tags: Mapping[str, str] | None = None,
    ) -> None:
        register_keyword_extensions()
        self.settings = settings
        self.sections = sections
        self.section_topn = section_topn
        self.extractor = Extractor(settings, lexicon_tags=lexicon_tags)

    def __call__(self, doc: Doc) -> Doc:
        extractor = self.extractor
        view = extractor.view(doc)
        found = extractor.candidates(view)
        mentions = Mentions(view.text)  # shared: sections reuse the document's searches
        method = self.settings.method
        doc._.keywords = [
            {"term": t, "score": round(score, 6), "method": method, "mentions": mentions.lists(t)}
            for t, score in extractor.picks(view, found, mentions=mentions)
        ]
        sections = doc._.sections if Doc.has_extension("sections") else None
        if self.sections and sections:
            picked = extractor.section_picks(
                view, found, sections, topn=self.section_topn, mentions=mentions
            )
            doc._.section_keywords = {
                key: [
                    {"term": t, "score": round(score, 6), "method": method,
                     "mentions": mentions.lists(t, region)}
                    for t, score in terms
                ]
                for key, (region, terms) in picked.items()
            }
        else:
            doc._.section_keywords = None
        return doc


def _lexicon_tags(nlp: Language) -> dict[str, str]:
    """Tags of the pipeline's own lexicons and user words (a user word is a noun, ``nz``)."""
    segmenter = getattr(nlp.tokenizer, "segmenter", None)  # PolicyTokenizer or its cleaning wrapper
    if not isinstance(segmenter, Segmenter):
        return {}
    settings = segmenter.settings
    tags: dict[str, str] = {}
    for source in (*settings.lexicons, *settings.user_dicts):
        for entry in load_lexicon(source):
            tags[entry.word] = entry.tag or "nz"
    for word in settings.user_words:
        tags.setdefault(word, "nz")
    return tags


def make_keywords(
    nlp: Language,
    name: str,
    method: str,
    topn: int | float,
    phrases: bool,
    max_tokens: int,
    diversity: float,
    window: int,
    use_declared: bool,
    stopwords: list[str],
    general_weight: float,
    sections: bool,
    section_topn: int,
    textrank_idf: bool = True,
    section_contrast: bool = True,
) -> KeywordStage:
    """The spaCy factory ``policy_keywords``."""
    settings = KeywordSettings(
        method=method,
        topn=topn,
        phrases=phrases,
        max_tokens=max_tokens,
        diversity=diversity,
        window=window,
        use_declared=use_declared,
        stopwords=tuple(stopwords),
        general_weight=general_weight,
        textrank_idf=textrank_idf,
        section_contrast=section_contrast,
    )
    return KeywordStage(
        settings, sections=sections, section_topn=section_topn, lexicon_tags=_lexicon_tags(nlp)
    )
