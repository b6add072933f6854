"""Part of speech: jieba's raw tag in ``token.tag_``, a Universal Dependencies tag in ``pos_``.

``jieba.posseg`` re-segments the text in pure Python and is several times slower than the
segmenter itself. Here the tokens are already there, so a tag is a dictionary look-up:

1. the pipeline's own lexicon and user words (``policy.txt`` gives 一带一路 ``nz``, 东盟 ``nt``;
   a user word without a tag gets ``nz``);
2. jieba's ``dict.txt``, the table ``jieba.posseg`` reads (shared read-only by all pipelines),
   with our corrections (``resources/lexicons/tag_fixes.txt``: 52 frequent words of policy prose
   that jieba tags as nouns, such as 深化 ``j`` and 着力 ``n``, become ``v``, ``d`` or ``b``);
3. a token no dictionary knows: a protected span takes the tag of its kind (number and the
   digits of a date ``m``, Latin ``eng``, URL/e-mail ``x``, document number ``nz``, the inside
   of a 《title》 ``nz``);
   a Han word takes the best tag of jieba.posseg's HMM for that word as one unit; a single
   unknown Han character is ``x``, as in jieba.posseg; other text follows jieba.posseg's rules
   (digits ``m``, Latin ``eng``, the rest ``x``).

The tags equal ``jieba.posseg``'s wherever both give the same token and that token is in the
dictionary, except on the corrected words. They differ (measured in ``docs/benchmarks.md``)
where the segmentations differ:
``posseg`` cuts unknown words with its own POS-HMM rather than the segmenter's, and splits
``2020年`` or ``74.78%`` differently.

UD mapping of the jieba/ICTCLAS tags (``UD_POS``; the choices that are not one-to-one):

==============================  ======  =====================================================
jieba tag                       UD      note
==============================  ======  =====================================================
n ng an vn s t tg l q g         NOUN    vn: 名动词, a verb used as a noun (发展, 建设); l: fixed
                                        expressions are mostly noun phrases (组成部分); q:
                                        classifiers are NOUN in UD Chinese
nr nrfg nrt ns nt nz j          PROPN   j: abbreviations (人大, 东盟)
v vg vi vq i                    VERB    i: 成语 mostly stand as predicates
a ag b z                        ADJ     b: 区别词 (主要, 大型); z: 状态词
d df dg ad vd                   ADV
m mg mq                         NUM
r rg rr rz                      PRON
p f                             ADP     f: localisers (上, 之后) are ADP in UD Chinese GSD
c                               CCONJ
u uj uv ud k h y yg             PART    k/h: affixes (们, 非)
ul uz ug                        AUX     aspect markers 了, 着, 过 are AUX in UD Chinese
e o                             INTJ
eng                             PROPN   when all capitals (WTO, PM2.5), else X
x                               PUNCT   when punctuation; SYM for symbols, SPACE for
                                        whitespace, else X
zg                              X       jieba's catch-all for 5,666 single characters of
                                        every class (很, 此, 县, 穿)
==============================  ======  =====================================================
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, cast

import numpy
from spacy.language import Language
from spacy.parts_of_speech import IDS as UD_IDS  # type: ignore[import-not-found]
from spacy.tokens import Doc

from multilat_nlp import doc_columns
from multilat_nlp._tables import jieba_file
from multilat_nlp.dictionary_tags import dictionary_tags, jieba_dict_tags
from multilat_nlp.doc_text import doc_text
from multilat_nlp.stages.protect import Protector, SpanKind
from multilat_nlp.stages.segment import DEFAULT_USER_TAG, Segmenter

_UD_GROUPS: dict[str, str] = {
    "NOUN": "n ng an vn s t tg l q g",
    "PROPN": "nr nrfg nrt ns nt nz j",
    "VERB": "v vg vi vq i",
    "ADJ": "a ag b z",
    "ADV": "d df dg ad vd",
    "NUM": "m mg mq",
    "PRON": "r rg rr rz",
    "ADP": "p f",
    "CCONJ": "c",
    "PART": "u uj uv ud k h y yg",
    "AUX": "ul uz ug",
    "INTJ": "e o",
    "X": "eng x zg",
}

#: jieba/ICTCLAS tag → UD POS (``eng`` and ``x`` are refined by the token's characters).
UD_POS: Mapping[str, str] = MappingProxyType(
    {tag: ud for ud, tags in _UD_GROUPS.items() for tag in tags.split()}
)

_KIND_TAGS: dict[SpanKind, str] = {
    SpanKind.NUMBER: "m",
    SpanKind.DATE: "m",
    SpanKind.LATIN: "eng",
    SpanKind.URL: "x",
    SpanKind.EMAIL: "x",
    SpanKind.DOCNO: "nz",
    SpanKind.TITLE: "nz",
}
_TITLE_TAG = "nz"
_HAN_WORD = re.compile("[\u4e00-\u9fff]+")
_JIEBA_NUM = re.compile(r"[.0-9]+")
_JIEBA_ENG = re.compile("[a-zA-Z0-9]+")
_MIN_FLOAT = -3.14e100  # jieba.posseg's floor for unseen emissions
_CACHE_LIMIT = 500_000


@dataclass(frozen=True)
class _HmmModel:
    char_states: Mapping[str, tuple[tuple[str, str], ...]]
    start: Mapping[tuple[str, str], float]
    trans: Mapping[tuple[str, str], Mapping[tuple[str, str], float]]
    emit: Mapping[tuple[str, str], Mapping[str, float]]
    tags: tuple[str, ...]


@functools.cache
def _hmm_model() -> _HmmModel:
    """jieba.posseg's HMM tables, loaded from its data modules without importing
    ``jieba.posseg`` (whose import builds a second global dictionary table)."""
    tables: dict[str, Any] = {}
    folder = jieba_file("posseg")  # found without importing jieba (and its pkg_resources)
    for name in ("char_state_tab", "prob_start", "prob_trans", "prob_emit"):
        spec = importlib.util.spec_from_file_location(
            f"multilat_nlp._jieba_posseg_{name}", str(folder.joinpath(f"{name}.py"))
        )
        if spec is None or spec.loader is None:
            raise ImportError(f"jieba.posseg data {name}.py not found")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        tables[name] = module.P
    start = tables["prob_start"]
    return _HmmModel(
        char_states=tables["char_state_tab"],
        start=start,
        trans=tables["prob_trans"],
        emit=tables["prob_emit"],
        tags=tuple(sorted({tag for _, tag in start})),
    )


def hmm_tag(word: str) -> str:
    """The tag jieba.posseg's HMM likes best for ``word`` taken as one word.

    When posseg's own Viterbi keeps the word whole, this is the same tag; when it would split
    the word, this still gives one tag (the best path that keeps it whole).
    """
    model = _hmm_model()
    n = len(word)
    positions = ["S"] if n == 1 else ["B", *["M"] * (n - 2), "E"]
    best: tuple[float, str] | None = None
    for strict in (True, False):
        for tag in model.tags:
            states = [(p, tag) for p in positions]
            if strict and any(
                word[i] in model.char_states and states[i] not in model.char_states[word[i]]
                for i in range(n)
            ):
                continue
            score = model.start.get(states[0], float("-inf"))
            score += model.emit.get(states[0], {}).get(word[0], _MIN_FLOAT)
            for i in range(1, n):
                score += model.trans.get(states[i - 1], {}).get(states[i], float("-inf"))
                score += model.emit.get(states[i], {}).get(word[i], _MIN_FLOAT)
            if score > float("-inf") and (best is None or (score, tag) > best):
                best = (score, tag)
        if best is not None:
            return best[1]
    return "x"


def ud_pos(word: str, tag: str) -> str:
    """The UD POS for a token with jieba tag ``tag``."""
    if tag == "x":
        if word.isspace():
            return "SPACE"
        categories = {unicodedata.category(ch)[0] for ch in word}
        if categories == {"P"}:
            return "PUNCT"
        if categories <= {"S", "P"}:
            return "SYM"
        return "X"
    if tag == "eng":
        return "PROPN" if word.isupper() and len(word) > 1 else "X"
    return UD_POS.get(tag, "X")


class PosTagger:
    """The ``pos`` stage: tags every token from the dictionaries, HMM only for unknown words."""

    def __init__(
        self,
        word_tags: Mapping[str, str | None] | None = None,
        protector: Protector | None = None,
        hmm: bool = True,
        convert_traditional: bool = True,
    ) -> None:
        self.word_tags: Mapping[str, str | None] = dict(word_tags or {})
        self.protector = protector if protector is not None else Protector()
        self.hmm = hmm
        self.convert_traditional = convert_traditional
        self._cache: dict[int, tuple[int, int]] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {
            "word_tags": self.word_tags,
            "protector_kinds": self.protector.kinds,
            "hmm": self.hmm,
            "convert_traditional": self.convert_traditional,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(  # type: ignore[misc]
            state["word_tags"],
            Protector(state["protector_kinds"]),
            state["hmm"],
            state["convert_traditional"],
        )

    def tag(self, word: str) -> str:
        """jieba tag of ``word`` out of context (a title's inside is tagged in ``__call__``)."""
        if word in self.word_tags:
            return self.word_tags[word] or dictionary_tags().get(word) or DEFAULT_USER_TAG
        known = dictionary_tags().get(word)
        if known is not None:
            return known
        if word.isspace():
            return "x"
        if self.convert_traditional:
            simplified = _simplified(word)
            if simplified != word:  # 多邊主義 is looked up as 多边主义
                return self.tag(simplified)
        kind = self.protector.classify(word)
        if kind is not None:
            return _KIND_TAGS[kind]
        if _HAN_WORD.fullmatch(word):
            return hmm_tag(word) if self.hmm and len(word) > 1 else "x"
        if _JIEBA_NUM.fullmatch(word):
            return "m"
        if _JIEBA_ENG.fullmatch(word):
            return "eng"
        return "x"

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        strings = doc.vocab.strings
        cache = self._cache
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        # Tag each distinct word once and spread the rows over the tokens with numpy: no
        # Python work per token.
        # the surfaces and their sort from the Doc's record (multilat_nlp.doc_columns)
        columns, (distinct, _, inverse) = doc_columns.with_kinds(doc, ["ORTH"])
        orth_array = columns[:, 0]
        orths = distinct.tolist()
        kinds: list[tuple[int, int] | None] = list(map(cache.get, orths))
        if None in kinds:
            for i, row in enumerate(kinds):
                if row is None:
                    word = strings[orths[i]]
                    tag = self.tag(word)
                    kinds[i] = cache[orths[i]] = (strings.add(tag), UD_IDS[ud_pos(word, tag)])
        pairs = itertools.chain.from_iterable(cast("list[tuple[int, int]]", kinds))
        table = numpy.fromiter(pairs, dtype=numpy.uint64, count=2 * len(kinds)).reshape(-1, 2)
        rows = table[inverse]
        if "《" in doc_text(doc):
            self._tag_titles(doc, orth_array, rows)
        doc.from_array(["TAG", "POS"], cast(Any, rows))
        return doc

    def _tag_titles(self, doc: Doc, orths: Any, rows: Any) -> None:
        """The inside of 《…》 that no dictionary knows is a title: nz (PROPN)."""
        strings = doc.vocab.strings
        opening, closing = strings.add("《"), strings.add("》")
        title = (strings.add(_TITLE_TAG), UD_IDS[UD_POS[_TITLE_TAG]])
        base = jieba_dict_tags()
        inside = numpy.flatnonzero((orths[:-2] == opening) & (orths[2:] == closing)) + 1
        for i in inside.tolist():
            word = strings[int(orths[i])]
            if word not in self.word_tags and word not in base:
                rows[i] = title


def _simplified(word: str) -> str:
    """``word`` in Simplified characters, or unchanged when conversion is not installed."""
    from multilat_nlp.text.script import fold_simplified, load_tables, to_simplified

    tables = load_tables()
    # Not only Traditional-only characters: 於 and 著 are Simplified too, yet 基於 is 基于.
    if not tables.complete or fold_simplified(word) == word:
        return word
    return to_simplified(word, tables=tables)[0]


def make_pos_tagger(nlp: Language, name: str, hmm: bool) -> PosTagger:
    """Factory: tag with the pipeline segmenter's own lexicon when there is one."""
    segmenter = getattr(nlp.tokenizer, "segmenter", None)
    if not isinstance(segmenter, Segmenter):  # spaCy's own zh tokenizer has a str there
        return PosTagger(hmm=hmm)
    return PosTagger(
        segmenter.word_tags(),
        segmenter.protector,
        hmm=hmm,
        convert_traditional=segmenter.settings.convert_traditional is not False,
    )
