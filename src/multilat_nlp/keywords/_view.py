"""What the keyword methods see of a ``Doc``: tokens, their word class, and the text's zones.

Reading spaCy ``Token`` objects one by one costs about as much as segmenting the text, so the
view pulls offsets, surfaces and tags out with one ``Doc.to_array`` call and works on plain
lists from then on.

Word classes come from the POS stage when it ran (jieba tags in ``token.tag_``, or UD tags in
``token.pos_`` from any other tagger); otherwise from jieba's dictionary tag for the surface
form, with a guess from the characters for words jieba does not list.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections import ChainMap
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, TypeGuard

import numpy as np
from spacy.tokens import Doc

from multilat_nlp import doc_columns
from multilat_nlp.doc_text import doc_text
from multilat_nlp.text import TERMINAL_CHARS, simplified_key

Array = np.ndarray[Any, Any]


class WordClass(IntEnum):
    """How a token may take part in a keyword."""

    OTHER = 0  # function words, punctuation: break a phrase
    NOUN = 1  # may be a keyword, and may end a phrase
    MODIFIER = 2  # may start or sit inside a phrase (大, 非线性, 多边合作)
    VERB = 3  # may sit between nouns (全球 治理 机制) and is a TextRank node
    EXCLUDED = 4  # numbers, dates, URLs: never part of a keyword


# jieba / ICTCLAS tags.
_JIEBA_CLASSES: dict[str, WordClass] = {
    **dict.fromkeys(
        ("n", "nr", "nr1", "nr2", "nrj", "nrf", "nrfg", "nrt", "ns", "nsf", "nt", "nz", "nl",
         "ng", "nw", "vn", "an", "j", "eng", "l", "gi", "gm", "gp", "gc", "gb", "gbc", "gg"),
        WordClass.NOUN,
    ),
    **dict.fromkeys(("a", "ag", "b", "bl", "f", "s"), WordClass.MODIFIER),
    **dict.fromkeys(("v", "vd", "vf", "vx", "vi", "vl", "vg"), WordClass.VERB),
    **dict.fromkeys(("m", "mq", "mg", "q", "qv", "qt", "tg"), WordClass.EXCLUDED),
}
# Universal Dependencies POS, for taggers that give no jieba tag.
_UD_CLASSES: dict[str, WordClass] = {
    "NOUN": WordClass.NOUN,
    "PROPN": WordClass.NOUN,
    "ADJ": WordClass.MODIFIER,
    "VERB": WordClass.VERB,
    "NUM": WordClass.EXCLUDED,
}

_HAN = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]")
_HAN_WORD = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]+")
# A Latin keyword is an acronym (WTO, CPTPP, GDP) or a word of four letters or more: shorter
# lower-case tokens are mostly units and symbols (kg, pH, mg).
_LATIN_WORD = re.compile(r"^(?:[A-Z][A-Z0-9&.+\-]+|[A-Za-z][a-z]{3,}[A-Za-z0-9\-']*)$")
_LATIN_ANY = re.compile(r"^[A-Za-z0-9&.+\-']+$")
_NUMERIC = re.compile(
    r"^[\d０-９.,，．·%％‰+\-~～/:：]+[年月日号时分秒%万亿千百元个项次岁倍期届]*$"
    r"|^[零〇一二三四五六七八九十百千万亿两第]+[年月日号个项次岁倍期届条款章节]*$"
)
# Characters a _NUMERIC match can start with, besides digits (a cheap test before the regex).
_NUMERIC_FIRST = frozenset(".,，．·%％‰+-~～/:：零〇一二三四五六七八九十百千万亿两第")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()（）\"“”]+|[\w.+-]+@[\w-]+\.[\w.]+", re.ASCII)
_FOOTNOTE_START = re.compile(
    r"^[ \t\u3000]*(?:\[\d{1,3}\]|\d{1,3}(?![\d年月日.%])|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|[①-⑳])[ \t\u3000]*\S"
)
_CITATION_CUE = re.compile(
    r"https?://|www\.|\bVol\.|\bNo\.\s*\d|\bpp?\.\s*\d|\bet al\.|第\s*\d+\s*[期卷页]|出版社|"
    r"\d{4}\s*年\s*第|《[^》]+》\s*[,，]|[,，]\s*\d{4}[-/]\d{1,2}[-/]\d{1,2}"
)
_LATIN_CHAR = re.compile(r"[A-Za-z]")
#: Weights of a mention by where it stands (structure-aware scoring). Fixed a priori from the
#: positional heuristics of the keyphrase literature (title > headings > lead paragraphs >
#: body: Kim et al. 2013; Florescu & Caragea 2017), not fitted on any data. An abstract weighs
#: what a lead paragraph weighs: without its 摘要 label (as in CSL's title + abstract) it *is* the
#: document's lead paragraph, and a label should not change how much its words count. A heading
#: names one section's topic in a few words; an abstract mentions a score of terms in passing.
ZONE_WEIGHTS: Mapping[str, float] = {
    "title": 3.0,
    "abstract": 1.5,
    "heading": 2.0,
    "lead": 1.5,
    "body": 1.0,
}


def tag_class(tag: str, pos: str = "") -> WordClass | None:
    """The class a tagger's label implies; ``None`` when the label says nothing we know."""
    if tag in _JIEBA_CLASSES:
        return _JIEBA_CLASSES[tag]
    if tag:
        head = tag[0]
        if head in ("u", "p", "c", "d", "r", "e", "y", "o", "h", "k", "x", "w", "z"):
            return WordClass.OTHER
    if pos:
        return _UD_CLASSES.get(pos, WordClass.OTHER)
    return None


def guess_class(word: str, lexicon_tags: Mapping[str, str]) -> WordClass:
    """A word class from the surface alone, when no tagger ran."""
    if _NUMERIC.match(word) or word[:1].isdigit():
        return WordClass.EXCLUDED
    if _LATIN_ANY.match(word) and not _LATIN_WORD.match(word):
        return WordClass.OTHER
    word = simplified_key(word)
    tag = lexicon_tags.get(word)
    if tag is not None:
        known = tag_class(tag)
        if known is not None:
            return known
    if _LATIN_WORD.match(word):
        return WordClass.NOUN
    if _glued_fragment(word, lexicon_tags.get):
        return WordClass.OTHER
    if len(word) >= 2 and _HAN.search(word):
        return WordClass.NOUN  # words jieba's HMM found are mostly names and new terms
    return WordClass.OTHER


@dataclass
class TokenView:
    """The non-space tokens of a text as arrays, with one entry per distinct token kind.

    A *kind* is a distinct (surface, tag, POS) triple; word classes and lengths are worked out
    once per kind, and token-level arrays index into them, so the scorers can vectorise.
    """

    text: str
    kinds: Array  # per token: index into ``forms`` and ``kind_classes``
    forms: list[str]  # per kind: the surface form
    kind_classes: Array  # per kind: a WordClass value
    starts: Array  # per token: character offset
    ends: Array
    blocked: Array  # per token: inside the keyword line, a footnote, a citation line or a URL
    weights: Array  # per token: zone weight (1.0 everywhere unless zones were computed)
    kind_rows: Array  # per kind: its row in ``table``
    table: FormTable  # facts about the forms (stopword, suffix fragment, length…)
    kind_names: Array | None = None  # per kind: a place, person or organisation name

    @functools.cached_property
    def names(self) -> Array:
        """Per token: a place, person or organisation name (ns, nr, nt)."""
        if self.kind_names is None or not len(self.kinds):
            return np.zeros(len(self.kinds), dtype=bool)
        names: Array = self.kind_names[self.kinds]
        return names

    def __len__(self) -> int:
        return len(self.kinds)

    @functools.cached_property
    def words(self) -> list[str]:
        forms = self.forms
        return [forms[k] for k in self.kinds.tolist()]

    @functools.cached_property
    def classes(self) -> Array:
        """Per token: a WordClass value."""
        return self.kind_classes[self.kinds] if len(self.kinds) else np.zeros(0, np.int64)

    @functools.cached_property
    def start_list(self) -> list[int]:
        return list(self.starts.tolist())

    @functools.cached_property
    def form_objects(self) -> Array:
        """Per kind: the surface form, as an object array (for vectorised ``+``)."""
        return self.table.form_array[self.kind_rows]

    @functools.cached_property
    def kind_lengths(self) -> Array:
        """Per kind: the number of characters."""
        return self.table.lengths[self.kind_rows]

    @functools.cached_property
    def kind_bits(self) -> Array:
        """Per kind: :class:`FormTable` bits (STOP, SUFFIX, HAN_END…)."""
        return self.table.bits[self.kind_rows]

    @functools.cached_property
    def content(self) -> Array:
        """Per token: a noun, modifier or verb."""
        classes = self.classes
        content: Array = (classes >= WordClass.NOUN) & (classes <= WordClass.VERB)
        return content  # NOUN, MODIFIER, VERB


#: A phrase of up to :data:`PHRASE_CODE_TOKENS` tokens is one integer: its rows, ROW_BITS each.
ROW_BITS, PHRASE_CODE_TOKENS = 20, 3


def phrase_codes(rows: Array, sizes: Array) -> Array:
    """One integer per phrase from the :class:`FormTable` rows of its tokens.

    ``rows`` is (phrases × PHRASE_CODE_TOKENS), padded past each phrase's ``sizes``; the size
    sits in the top bits, so (a, b) and (0, a, b) differ.
    """
    code = np.zeros(len(sizes), dtype=np.int64)
    for j in range(PHRASE_CODE_TOKENS):
        code = np.where(sizes > j, (code << ROW_BITS) | rows[:, j], code)
    return code | (sizes.astype(np.int64) << (ROW_BITS * PHRASE_CODE_TOKENS))


#: Bits of :attr:`FormTable.bits`.
SPACE, STOP, SUFFIX, HAN_END, NUMERIC, LATIN_ANY, LATIN_WORD, PREFIX, GLUED, NAME = (
    1 << i for i in range(10)
)
#: jieba tags of names: places, persons, organisations. A verb right after one is its
#: predicate (中国|坚持|多边主义, 美国|退出), so no compound joins them.
NAME_TAGS = frozenset({"ns", "nsf", "nr", "nr1", "nr2", "nrj", "nrf", "nrfg", "nrt", "nt"})

#: Function words of one character (prepositions, conjunctions, the copula, modals, structural
#: and aspect particles, 所/等/时) that jieba's HMM glues onto a neighbour when the run around
#: them is not in its dictionary: 对小微 in 对|小微企业, 是助 in 减税降费是助企纾困, 权是, 购等.
#: A token the dictionaries do not know that starts (or ends) with one is such a fragment, not
#: a word: it is no keyword and joins no phrase. Dictionary words (对外, 要素, 以来) are untouched.
GLUE_LEADING = frozenset(
    "对在从向把被为以于由与和及跟是要会将让使给并而或且也都就还又所地的得着了过等之其此该"
)
GLUE_TRAILING = frozenset("是的地得着了过等时在和与及或对把被将要会也都就还又所之其")

#: Productive derivational suffixes of Mandarin (类后缀: -化 -ize, -性 -ity, -式 -style, -型 -type,
#: -率 -rate, -度 -degree, -级 -grade, -者 -er; Lü Shuxiang 1979, Zhu Dexi 1982). A segmenter
#: dictionary entry that starts with one and continues with a word (化发展, 式打印机, 型业务) is
#: a suffix cut off the word before it, when it follows that word without a gap.
BOUND_SUFFIXES = frozenset("化性式型率度级者")
#: Productive derivational prefixes (类前缀: 非- non-, 反- anti-, 超- super-, 逆- counter-, 准-
#: quasi-, 副- vice-, 亚- sub-, 泛- pan-, 伪- pseudo-, 次- sub-, 半- semi-). Standing alone before
#: a word they belong to it (逆|周期调节 is 逆周期调节), so the word after one starts no candidate.
BOUND_PREFIXES = frozenset("非反超逆准副亚泛伪次半")


class FormTable:
    """Facts about each surface form, worked out once and looked up by spaCy's string hash.

    One table per extractor (its stopwords and lexicon decide two of the facts). Documents
    share most of their vocabulary, so after the first few the look-up of a document's forms is
    one vectorised binary search; the hash of a string is the same in every ``Vocab``.
    """

    def __init__(
        self,
        lexicon_tags: Mapping[str, str],
        stopwords: frozenset[str] = frozenset(),
        *,
        limit: int = 1_000_000,
    ) -> None:
        self.lexicon_tags = lexicon_tags
        self.stopwords = stopwords
        self._tag_of = _getter(lexicon_tags)
        self.limit = min(limit, 1 << ROW_BITS)  # rows must fit the phrase codes
        self._columns: dict[int, tuple[object, Array]] = {}
        self._phrases: dict[int, tuple[object, Array, Array]] = {}
        self._clear()
        self._tag_classes: dict[tuple[int, int], int] = {}

    def _clear(self) -> None:
        self._columns = {}
        self._phrases = {}
        self._keys = np.zeros(0, dtype=np.uint64)  # sorted hashes
        self._rows = np.zeros(0, dtype=np.int64)  # row of each hash
        self.forms: list[str] = []
        self.form_array = np.zeros(0, dtype=object)  # the same, for fancy indexing
        self.bits = np.zeros(0, dtype=np.int64)  # per row: SPACE | STOP | ...
        self.guess = np.zeros(0, dtype=np.int64)  # per row: guess_class of the form
        self.lengths = np.zeros(0, dtype=np.int64)

    def rows(self, hashes: Array, store: Any) -> Array:
        """Row of each of the sorted, distinct ``hashes`` (strings from ``store``)."""
        keys = self._keys
        at = np.searchsorted(keys, hashes)
        hit = np.zeros(len(hashes), dtype=bool)
        inside = at < len(keys)
        hit[inside] = keys[at[inside]] == hashes[inside]
        if hit.all():
            return self._rows[at]
        if len(self.forms) + len(hashes) > self.limit and self.forms:  # start afresh, once
            self._clear()
            return self.rows(hashes, store)
        new = hashes[~hit]
        first = len(self.forms)
        forms = [store[h] if h else "" for h in new.tolist()]
        self.forms += forms
        self.form_array = np.concatenate([self.form_array, np.asarray(forms, dtype=object)])
        facts = np.asarray([self._facts(f) for f in forms], dtype=np.int64).reshape(-1, 2)
        self.bits = np.concatenate([self.bits, facts[:, 0]])
        self.guess = np.concatenate([self.guess, facts[:, 1]])
        self.lengths = np.concatenate(
            [self.lengths, np.fromiter(map(len, forms), dtype=np.int64, count=len(forms))]
        )
        where = np.searchsorted(keys, new)
        self._keys = np.insert(keys, where, new)
        self._rows = np.insert(self._rows, where, np.arange(first, len(self.forms)))
        return self.rows(hashes, store)

    def column(self, owner: object, compute: Callable[[list[str]], Array]) -> Array:
        """A per-row column ``compute(forms)`` belonging to ``owner`` (an IDF table), kept and
        extended as rows are added."""
        entry = self._columns.get(id(owner))
        done = entry[1] if entry is not None and entry[0] is owner else np.zeros(0)
        if len(done) < len(self.forms):
            done = np.concatenate([done, compute(self.forms[len(done):])])
            self._columns[id(owner)] = (owner, done)
        return done

    def phrase_values(
        self,
        owner: Any,
        codes: Array,
        texts: Callable[[Array], list[str]],
    ) -> Array:
        """``owner.values`` of phrases identified by ``codes`` (their rows, see
        :func:`phrase_codes`), NaN where ``owner`` does not know the phrase; ``texts(indices)``
        spells the ones not looked up before. Kept per owner (an IDF table), so the strings of
        a phrase seen in an earlier document are not looked up again."""
        entry = self._phrases.get(id(owner))
        empty = np.zeros(0, dtype=np.int64)
        keys, values = (entry[1], entry[2]) if entry and entry[0] is owner else (empty, empty * 1.0)
        at = np.minimum(np.searchsorted(keys, codes), max(len(keys) - 1, 0))
        hit = keys[at] == codes if len(keys) else np.zeros(len(codes), dtype=bool)
        if not hit.all():
            if len(keys) > 4 * self.limit:
                keys, values = empty, empty * 1.0
            miss = np.flatnonzero(~hit)
            new, first = np.unique(codes[miss], return_index=True)
            found, known = owner.values(texts(miss[first]))
            where = np.searchsorted(keys, new)
            keys = np.insert(keys, where, new)
            values = np.insert(values, where, np.where(known, found, np.nan))
            self._phrases[id(owner)] = (owner, keys, values)
            at = np.searchsorted(keys, codes)
        result: Array = values[at]
        return result

    def _facts(self, shown: str) -> tuple[int, int]:
        """``(bits, guess_class(form))``, the character tests done once, on the form's
        Simplified key (國際 is tested as 国际: the lists and lexicons are Simplified)."""
        form = simplified_key(shown)
        first = form[:1]
        numeric = first.isdigit() or (first in _NUMERIC_FIRST and bool(_NUMERIC.match(form)))
        latin_any = form.isascii() and bool(_LATIN_ANY.match(form))
        latin_word = latin_any and bool(_LATIN_WORD.match(form))
        bits = (
            (SPACE if form.isspace() or not form else 0)
            | (STOP if form in self.stopwords else 0)
            | (SUFFIX if _suffix_fragment(form, self.lexicon_tags) else 0)
            | (HAN_END if form and _HAN.match(form[-1]) else 0)
            | (NUMERIC if numeric else 0)
            | (LATIN_ANY if latin_any else 0)
            | (LATIN_WORD if latin_word else 0)
            | (PREFIX if form in BOUND_PREFIXES else 0)
            | (GLUED if _glued_fragment(form, self._tag_of) else 0)
            | (NAME if self._tag_of(form) in NAME_TAGS else 0)
        )
        # guess_class, from the same tests
        if numeric:
            return bits, WordClass.EXCLUDED
        if latin_any and not latin_word:
            return bits, WordClass.OTHER
        tag = self._tag_of(form)
        known = tag_class(tag) if tag is not None else None
        if known is not None:
            return bits, known
        if bits & GLUED:
            return bits, WordClass.OTHER
        if latin_word or (len(form) >= 2 and _HAN.search(form)):
            return bits, WordClass.NOUN  # words jieba's HMM found are mostly names and terms
        return bits, WordClass.OTHER

    def classes(self, rows: Array, tags: Array, poses: Array, store: Any, *, tagged: bool) -> Array:
        """Word class of each (form row, tag hash, POS hash): :func:`_class_of`, vectorised."""
        guess = self.guess[rows]
        if not tagged:
            return guess
        tag_set, first, tag_of = np.unique(tags, return_index=True, return_inverse=True)
        pair_of = tag_of = tag_of.reshape(-1)
        pos_set = poses[first]
        if (poses != pos_set[tag_of]).any():  # the POS is not a function of the tag here
            pos_values, pos_of = np.unique(poses, return_inverse=True)
            codes, pair_of = np.unique(tag_of * len(pos_values) + pos_of.reshape(-1),
                                       return_inverse=True)
            pair_of = pair_of.reshape(-1)
            tag_set = tag_set[codes // len(pos_values)]
            pos_set = pos_values[codes % len(pos_values)]
        pairs = zip(tag_set.tolist(), pos_set.tolist(), strict=True)
        known = self._tag_classes
        pair_class = []
        for tag, pos in pairs:
            found = known.get((tag, pos))
            if found is None:
                label = tag_class(store[tag] if tag else "", store[pos] if pos else "")
                found = known[(tag, pos)] = -1 if label is None else int(label)
            pair_class.append(found)
        by_tag = np.asarray(pair_class, dtype=np.int64)[pair_of]
        bits = self.bits[rows]
        latin = (by_tag == WordClass.NOUN) & (bits & LATIN_ANY > 0)
        out = np.where(by_tag >= 0, by_tag, guess)
        out = np.where(latin, np.where(bits & LATIN_WORD > 0, WordClass.NOUN, WordClass.OTHER), out)
        out = np.where(bits & GLUED > 0, WordClass.OTHER, out)
        return np.where(bits & NUMERIC > 0, WordClass.EXCLUDED, out)


def _getter(tags: Mapping[str, str]) -> Callable[[str], str | None]:
    """``tags.get``; for a ChainMap of two mappings, without ChainMap's Python-level lookup."""
    if isinstance(tags, ChainMap) and len(tags.maps) == 2:
        first, second = tags.maps

        def get(word: str) -> str | None:
            found = first.get(word)
            return found if found is not None else second.get(word)

        return get
    return tags.get


def _glued_fragment(form: str, tag_of: Callable[[str], str | None]) -> bool:
    """A token no dictionary knows, of Han characters, that a function word begins or ends
    (see :data:`GLUE_LEADING`)."""
    return (
        len(form) >= 2
        and (form[0] in GLUE_LEADING or form[-1] in GLUE_TRAILING)
        and _HAN_WORD.fullmatch(form) is not None
        and tag_of(form) is None
    )


def _suffix_fragment(form: str, lexicon: Container[str]) -> bool:
    """化发展: a bound suffix, then a word of two or more characters."""
    return len(form) >= 3 and form[0] in BOUND_SUFFIXES and form[1:] in lexicon


def build_view(
    doc: Doc,
    *,
    lexicon_tags: Mapping[str, str],
    use_declared: bool = False,
    zones: bool = True,
    table: FormTable | None = None,
) -> TokenView:
    """Read ``doc`` once into a :class:`TokenView`; ``table`` keeps form facts across documents.

    A token kind is a distinct (surface, tag, POS): found with one sort of the surface hashes,
    since a surface almost always carries one tag within a document.
    """
    table = table or FormTable(lexicon_tags)
    empty = np.zeros(0, dtype=np.int64)
    if len(doc) == 0:
        return TokenView(doc.text, empty, [], empty, empty, empty, empty.astype(bool),
                         empty.astype(float), empty, table)
    # one column at a time (uint64 hashes): a 4-column array stayed alive beside its slices
    store = doc.vocab.strings
    # the surfaces, their sort and the offsets from the Doc's record (multilat_nlp.doc_columns)
    columns, (orths, first, orth_of) = doc_columns.with_kinds(doc, ["TAG", "POS", "IDX"])
    tag_hash, pos_hash, idx = columns[:, 0], columns[:, 1], columns[:, 2]
    orth_rows = table.rows(orths, store)
    kind_orth = np.arange(len(orths))
    kind_tag, kind_pos = tag_hash[first], pos_hash[first]
    kind_of = orth_of
    odd = np.flatnonzero((tag_hash != kind_tag[orth_of]) | (pos_hash != kind_pos[orth_of]))
    if len(odd):  # a surface with two tags in this document: one kind per (surface, tag, POS)
        kind_of = orth_of.copy()
        extra: dict[tuple[int, int, int], int] = {}
        more_orth: list[int] = []
        more_tag: list[int] = []
        more_pos: list[int] = []
        for i, o, t, p in zip(odd.tolist(), orth_of[odd].tolist(), tag_hash[odd].tolist(),
                              pos_hash[odd].tolist(), strict=True):
            k = extra.get((o, t, p))
            if k is None:
                k = extra[(o, t, p)] = len(orths) + len(more_orth)
                more_orth.append(o)
                more_tag.append(t)
                more_pos.append(p)
            kind_of[i] = k
        kind_orth = np.concatenate([kind_orth, np.asarray(more_orth, dtype=np.int64)])
        kind_tag = np.concatenate([kind_tag, np.asarray(more_tag, dtype=np.uint64)])
        kind_pos = np.concatenate([kind_pos, np.asarray(more_pos, dtype=np.uint64)])
    kind_rows = orth_rows[kind_orth]
    tagged = bool(tag_hash.any() or pos_hash.any())
    classes = table.classes(kind_rows, kind_tag, kind_pos, store, tagged=tagged)
    all_forms = table.form_array
    kind_forms = all_forms[kind_rows]
    forms: list[str] = kind_forms.tolist()
    text = doc_text(doc)  # the tokenizer's record: no join of every token's form
    keep = (table.bits[kind_rows] & SPACE == 0)[kind_of]
    kinds = kind_of[keep].astype(np.int64)
    starts = idx[keep].astype(np.int64)
    ends = starts + table.lengths[kind_rows][kinds]
    blocked = _blocked_regions(doc, text, use_declared=use_declared)[starts]
    weights = _ZONE_LEVELS[zone_codes(doc, text)[starts]] if zones else np.ones(len(starts))
    names = np.isin(kind_tag, [store[tag] for tag in NAME_TAGS])
    view = TokenView(text, kinds, forms, classes.astype(np.int64), starts, ends, blocked,
                     weights, kind_rows, table, names | (table.bits[kind_rows] & NAME > 0))
    view.__dict__["form_objects"] = kind_forms  # the cached_property, already at hand
    return view


def _class_of(
    word: str, tag: str, pos: str, lexicon_tags: Mapping[str, str], *, tagged: bool
) -> WordClass:
    if not tagged:
        return guess_class(word, lexicon_tags)
    if _NUMERIC.match(word) or word[:1].isdigit():
        return WordClass.EXCLUDED
    known = tag_class(tag, pos)
    if known is WordClass.NOUN and _LATIN_ANY.match(word):
        return WordClass.NOUN if _LATIN_WORD.match(word) else WordClass.OTHER
    if known is not None and _glued_fragment(simplified_key(word), lexicon_tags.get):
        return WordClass.OTHER
    return known if known is not None else guess_class(word, lexicon_tags)


def _blocked_regions(doc: Doc, text: str, *, use_declared: bool) -> np.ndarray[Any, Any]:
    """Characters no keyword may come from, as a boolean array over ``text``."""
    mask = np.zeros(len(text) + 1, dtype=bool)
    if not use_declared:
        for start, end in _keyword_lines(doc, text):
            mask[start:end] = True
    if "://" in text or "www." in text or "@" in text:  # scanning costs more than looking
        for match in _URL.finditer(text):
            mask[match.start() : match.end()] = True
    footnotes = _extension(doc, "footnotes")
    if footnotes:
        for note in footnotes:
            if isinstance(note, Mapping) and "start" in note and "end" in note:
                mask[int(note["start"]) : int(note["end"])] = True
    for start, end in citation_lines(text):
        mask[start:end] = True
    meta = _meta(doc)
    for key in ("dropped", "front_matter", "references"):  # wrappers, apparatus, references
        for item in meta.get(key) or []:
            if isinstance(item, Mapping) and "start" in item and "end" in item:
                mask[int(item["start"]) : int(item["end"])] = True
    return mask


def citation_lines(text: str) -> Iterable[tuple[int, int]]:
    """Lines that are footnotes or references: a note marker then a citation, or mostly Latin.

    ``(start, end)`` of each such line with its line break, in order.
    """
    position = 0
    for line in text.splitlines(keepends=True):
        start, position = position, position + len(line)
        body = line.strip()
        if not body:
            continue
        if _FOOTNOTE_START.match(line) and _CITATION_CUE.search(line):
            yield start, position
        elif len(body) > 20 and len(body.encode("ascii", "ignore")) > 20:  # cheap bound first
            latin = len(_LATIN_CHAR.findall(body))
            if latin > 20 and latin > 2 * len(_HAN.findall(body)):
                yield start, position


def _extension(doc: Doc, name: str) -> Any:
    return getattr(doc._, name) if Doc.has_extension(name) else None


def zone_weights(doc: Doc, text: str) -> np.ndarray[Any, Any]:
    """A weight per character: title, abstract, headings and lead paragraphs weigh more
    (:func:`zone_codes`, as weights)."""
    weights: np.ndarray[Any, Any] = _ZONE_LEVELS[zone_codes(doc, text)]
    return weights


#: The distinct zone weights, ascending: a character's zone code indexes this.
_ZONE_LEVELS = np.asarray(sorted(set(ZONE_WEIGHTS.values())), dtype=np.float64)
_ZONE_CODE = {zone: int(np.searchsorted(_ZONE_LEVELS, w)) for zone, w in ZONE_WEIGHTS.items()}


def zone_codes(doc: Doc, text: str) -> np.ndarray[Any, Any]:
    """Per character, the index of its zone weight in ``_ZONE_LEVELS`` (one byte a character:
    a float per character was 160 MB on a 20 MB text): title, abstract, headings and lead
    paragraphs weigh more.

    The zones come from the structure stage alone (``doc._.meta``, ``doc._.sections``); a
    pipeline without it weighs every token as body, except the lead paragraphs. Lead
    paragraphs are the first and last paragraph of each section (of the document, without
    sections), not counting the title, headings or the 关键词 line.
    """
    codes = np.full(len(text) + 1, _ZONE_CODE["body"], dtype=np.uint8)
    lines = _lines(text)
    sections = [s for s in (_extension(doc, "sections") or []) if _has_span(s)]
    meta = _meta(doc)

    def mark(start: int, end: int, zone: str) -> None:
        if 0 <= start < end:
            np.maximum(codes[start:end], _ZONE_CODE[zone], out=codes[start:end])

    title_start, title_end = _title_span(meta)
    mark(title_start, title_end, "title")
    abstract = meta.get("abstract")
    if _has_span(abstract):
        mark(int(abstract["start"]), int(abstract["end"]), "abstract")
    heading_spans: list[tuple[int, int]] = []
    for section in sections:
        if "title_start" in section and "title_end" in section:
            span = (int(section["title_start"]), int(section["title_end"]))
        else:  # the heading is the section's first line
            start, end = int(section["start"]), int(section["end"])
            newline = text.find("\n", start, end)
            span = (start, newline if newline >= 0 else end)
        mark(*span, "heading")
        heading_spans.append((int(section["start"]), span[1]))
    skipped = sorted([*heading_spans, *_keyword_lines(doc, text)])
    skipped_starts = [s for s, _ in skipped]

    def is_skipped(start: int, end: int) -> bool:
        i = bisect.bisect_right(skipped_starts, end) - 1
        return i >= 0 and skipped[i][1] > start and skipped[i][0] < end

    paragraphs = []
    for start, end in lines:
        if is_skipped(start, end):
            continue
        if start < title_end and end > title_start:  # the title's line: what follows it
            start = title_end
            while start < end and text[start] in TERMINAL_CHARS + " \t\u3000":
                start += 1
            if start >= end:
                continue
        paragraphs.append((start, end))
    blocks = [(int(s["start"]), int(s["end"])) for s in sections] or [(0, len(text))]
    starts = [s for s, _ in paragraphs]
    for block_start, block_end in blocks:  # paragraphs are sorted: bisect, not scan
        inside = [
            paragraphs[i]
            for i in range(bisect.bisect_left(starts, block_start),
                           bisect.bisect_left(starts, block_end))
            if paragraphs[i][1] <= block_end
        ]
        if inside:
            mark(*inside[0], "lead")
            mark(*inside[-1], "lead")
    return codes


def _meta(doc: Doc) -> Mapping[str, Any]:
    meta = _extension(doc, "meta") or {}
    return meta if isinstance(meta, Mapping) else {}


def _keyword_lines(doc: Doc, text: str) -> list[tuple[int, int]]:
    """The lines of the declared keywords the structure stage found, label included."""
    spans = _meta(doc).get("spans")
    found = spans.get("keywords") if isinstance(spans, Mapping) else None
    lines: set[tuple[int, int]] = set()
    for span in found or []:
        if _has_span(span):
            start = text.rfind("\n", 0, int(span["start"])) + 1
            end = text.find("\n", int(span["end"]))
            lines.add((start, len(text) if end < 0 else end))
    return sorted(lines)


def _title_span(meta: Mapping[str, Any]) -> tuple[int, int]:
    """Where the structure stage found the title; nowhere without it."""
    spans = meta.get("spans")
    span = spans.get("title") if isinstance(spans, Mapping) else None
    if _has_span(span):
        return int(span["start"]), int(span["end"])
    return 0, 0


def _has_span(item: Any) -> TypeGuard[Mapping[str, Any]]:
    return isinstance(item, Mapping) and "start" in item and "end" in item


def _lines(text: str) -> list[tuple[int, int]]:
    """Non-blank lines as ``(start, end)`` without the line break."""
    spans = []
    position = 0
    for line in text.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        if content.strip():
            spans.append((position, position + len(content)))
        position += len(line)
    return spans


def contains_han_or_latin(word: str) -> bool:
    return bool(_HAN.search(word)) or any(c.isascii() and c.isalpha() for c in word)


def find_mentions(text: str, term: str, regions: Sequence[tuple[int, int]] = ()) -> list[list[int]]:
    """Every occurrence of ``term`` in ``text`` (within ``regions`` if given), sorted.

    A term that begins or ends with a Latin letter or digit must not continue a Latin word
    (``AI`` is not found in ``MAIN``).
    """
    found: list[list[int]] = []
    for lo, hi in regions or [(0, len(text))]:
        found += [[s, e] for s, e in spans_of(text, term, lo, hi)]
    return found


def spans_of(text: str, term: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
    """:func:`find_mentions` in ``text[lo:hi]``, as ``(start, end)`` tuples."""
    size = len(term)
    return [(s, s + size) for s in _starts_of(text, term, lo, len(text) if hi is None else hi)]


def _starts_of(text: str, term: str, lo: int, hi: int) -> list[int]:
    """Starts of the mentions of ``term`` in ``text[lo:hi]`` (see :func:`find_mentions`)."""
    if not term:
        return []
    find = text.find
    position = find(term, lo, hi)
    found: list[int] = []
    latin_left = term[0].isascii() and term[0].isalnum()
    latin_right = term[-1].isascii() and term[-1].isalnum()
    if not latin_left and not latin_right:
        while position >= 0:
            found.append(position)
            position = find(term, position + 1, hi)
        return found
    size = len(term)
    while position >= 0:
        end = position + size
        before = text[position - 1] if position > 0 else ""
        after = text[end] if end < len(text) else ""
        if not (latin_left and before.isascii() and before.isalnum()) and not (
            latin_right and after.isascii() and after.isalnum()
        ):
            found.append(position)
        position = find(term, position + 1, hi)
    return found


Spans = Sequence[tuple[int, int]]


def similarity(a: str, b: str) -> float:
    """Similarity of two terms from their strings alone: 1.0 when one contains the other.

    全球治理 ~ 全球治理体系 1.0 (one keyword in two forms), 全球化 ~ 全球治理 0.0 (two keywords
    that share the morpheme 全球).
    """
    a, b = a.casefold(), b.casefold()
    return 1.0 if a in b or b in a else 0.0


def overlap(a: Spans, b: Spans) -> float:
    """Share of the spans ``a`` that overlap some span of ``b`` (both sorted by start).

    治理体系 ~ 全球治理 is the share of the mentions of 治理体系 that stand inside a 全球治理体系,
    which no comparison of the two strings can tell; 全球化 and 全球治理 never overlap.
    """
    if not a or not b:
        return 0.0
    starts = [start for start, _ in b]
    reach = list(itertools.accumulate((end for _, end in b), max))
    hits = 0
    for start, end in a:
        i = bisect.bisect_left(starts, end) - 1  # the last span of b starting before a ends
        if i >= 0 and reach[i] > start:
            hits += 1
    return hits / len(a)


def can_overlap(a: str, b: str) -> bool:
    """Whether mentions of ``a`` and ``b`` can overlap: one holds the other, or one ends with
    what the other begins with (治理体系 and 全球治理 in 全球治理体系)."""
    if a[:1] not in b and b[:1] not in a:
        return False  # neither can begin inside the other
    if a in b or b in a:
        return True
    shorter = min(len(a), len(b))
    return any(a.endswith(b[:k]) or b.endswith(a[:k]) for k in range(1, shorter))


class Mentions:
    """Every occurrence of a term in one text, found once per term and region.

    Also the text-grounded similarity of two terms (:meth:`overlap`), kept per pair: a
    document's section keywords compare many of the same pairs.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._whole: dict[str, list[int]] = {}
        self._parts: dict[tuple[str, int, int], list[int]] = {}
        self._pairs: dict[tuple[str, str, tuple[int, int] | None], float] = {}
        self._counts: dict[tuple[str, tuple[int, int] | None], int] = {}
        self._possible: dict[tuple[str, str], bool] = {}

    def overlap(self, a: str, b: str, region: tuple[int, int] | None = None) -> float:
        """Share of the mentions of ``a`` (in ``region``) that overlap a mention of ``b``.

        Worked out from counts rather than positions: every mention of ``a`` overlaps ``b``
        when ``a`` contains ``b``; when ``b`` contains ``a``, the mentions of ``a`` inside ``b``
        are ``count(b)`` times the number of ``a`` in ``b``; when one ends with what the other
        begins with, they overlap where the text holds the joined string (全球治理 + 治理体系:
        全球治理体系). Counting is done by ``str.count`` (non-overlapping matches).
        """
        key = (a, b, region)
        found = self._pairs.get(key)
        if found is None:
            found = 0.0
            possible = self._possible.get((a, b))
            if possible is None:
                possible = self._possible[(a, b)] = can_overlap(a, b)
            if possible and b in a:  # every mention of a holds b
                found = 1.0
            elif possible:
                total = self.count(a, region)
                if total:
                    shared = self.count(b, region) * b.count(a) if a in b else 0
                    for k in range(1, min(len(a), len(b))):
                        if a.endswith(b[:k]):
                            shared += self.count(a + b[k:], region)
                        if b.endswith(a[:k]):
                            shared += self.count(b + a[k:], region)
                    found = min(1.0, shared / total)
            self._pairs[key] = found
        return found

    def count(self, term: str, region: tuple[int, int] | None = None) -> int:
        """Non-overlapping occurrences of ``term`` (in ``region``)."""
        key = (term, region)
        found = self._counts.get(key)
        if found is None:
            lo, hi = region if region is not None else (0, len(self.text))
            found = self._counts[key] = self.text.count(term, lo, hi)
        return found

    def starts(self, term: str, region: tuple[int, int] | None = None) -> list[int]:
        """Where every mention of ``term`` (inside ``region`` if given) starts, sorted."""
        whole = self._whole.get(term)
        if region is None:
            if whole is None:
                whole = self._whole[term] = _starts_of(self.text, term, 0, len(self.text))
            return whole
        if whole is not None:
            lo = bisect.bisect_left(whole, region[0])
            return whole[lo : bisect.bisect_left(whole, region[1] - len(term) + 1)]
        key = (term, *region)
        found = self._parts.get(key)
        if found is None:
            found = self._parts[key] = _starts_of(self.text, term, *region)
        return found

    def find(self, term: str, region: tuple[int, int] | None = None) -> list[tuple[int, int]]:
        """``(start, end)`` of every mention of ``term`` (inside ``region`` if given), sorted."""
        size = len(term)
        return [(start, start + size) for start in self.starts(term, region)]

    def lists(self, term: str, region: tuple[int, int] | None = None) -> list[list[int]]:
        """:meth:`find` as fresh ``[start, end]`` lists (JSON-native)."""
        size = len(term)
        return [[start, start + size] for start in self.starts(term, region)]
