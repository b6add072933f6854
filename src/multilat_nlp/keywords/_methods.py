"""Candidate keyphrases and the scorers that rank them.

Every method ranks the same candidates, so methods differ only in how they score:

- candidates are content words, single verbs (就业, 创新) and compounds of up to ``max_tokens``
  adjacent content tokens (全球治理体系, 多边合作机制, 大角度机动, 经济增长), plus 《》 titles and
  short quoted terms kept whole (“一带一路”). Chinese technical terms are compounds of nouns, verbs
  used as nouns (增长, 控制) and modifiers (大, 非): a compound may not start with a stopword nor
  end in a modifier, and needs at least one non-verb (推动构建 is a verb phrase); a verb between
  a name and a noun is the name's predicate (中国|坚持|多边主义 is a clause); a compound
  that is only ever said inside the same longer one is a piece of it, not a term
  (:func:`pieces_of_longer_terms`); a token that jieba's HMM made by gluing a function word
  onto a neighbour (对小微, 是助) is no content word;
- :func:`rank_tfidf` scores frequency × IDF, optionally weighting each term by the most
  prominent zone it stands in (the structure-aware scorer); :func:`rank_tfidf_regions` does the
  same for all sections of a document at once;
- :func:`rank_textrank` scores words by PageRank over a co-occurrence graph and phrases by the
  mean of their words;
- :func:`mmr` re-ranks for diversity with a similarity read from the text (how many of one
  term's mentions overlap the other's), so 全球治理体系 gives way to 全球治理 when it is only ever
  said as part of it, while 全球化 and 全球治理, which share a morpheme but never a mention, do not
  compete.

Candidates are found once per document and kept as flat arrays of occurrences, so the
keywords of each section are a filter on those arrays rather than a second pass over the text.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

import numpy as np

from multilat_nlp.keywords._view import (
    HAN_END,
    PHRASE_CODE_TOKENS,
    PREFIX,
    STOP,
    SUFFIX,
    TokenView,
    WordClass,
    can_overlap,
    find_mentions,
    phrase_codes,
)
from multilat_nlp.keywords._view import similarity as string_similarity

# Short quoted terms, one pattern per kind of quote: a pattern that starts with a literal is
# searched for far faster than an alternation, and a quote absent from the text costs nothing.
_QUOTES = tuple(
    (opening, re.compile(f"{opening}([^{opening}{closing}\\n]{{2,12}}){closing}"))
    for opening, closing in (("“", "”"), ("「", "」"), ("‘", "’"), ('"', '"'))
)
_BOOK_TITLE = re.compile(r"《([^《》\n]{2,30})》")
_INNER_PUNCT = re.compile(r"[，。；：！？、,.;:!?（）()\s]")
_MAX_PHRASE_CHARS = 20
Array = np.ndarray[Any, Any]
Region = tuple[int, int]


class Keyword(NamedTuple):
    """One keyword: its surface form, its score, and where it occurs in ``doc.text``.

    ``mentions`` lists every occurrence of ``term`` as ``(start, end)`` character offsets with
    ``doc.text[start:end] == term``; for a quoted or 《》 term that is the text inside the quotes.
    """

    term: str
    score: float
    mentions: tuple[tuple[int, int], ...]


class TermWords:
    """The tokens of each term, read from where the term first occurs."""

    def __init__(self, view: TokenView, position: Array, sizes: Array,
                 explicit: dict[int, tuple[str, ...]]) -> None:
        self._view = view
        self.position = position
        self.sizes = sizes
        self.explicit = explicit

    def __len__(self) -> int:
        return len(self.sizes)

    def __getitem__(self, index: int) -> tuple[str, ...]:
        found = self.explicit.get(index)
        if found is not None:
            return found
        at = int(self.position[index])
        forms = self._view.forms
        return tuple(forms[k] for k in self._view.kinds[at : at + int(self.sizes[index])].tolist())


@dataclass
class Candidates:
    """Every candidate of a document and every place it occurs.

    Occurrences are flat arrays sorted by offset, one per (term, offset), so the candidates of a
    section are a slice.
    """

    terms: list[str]
    words: TermWords  # the tokens each term was built from
    term: Array  # per occurrence: index into ``terms``
    start: Array  # per occurrence: character offset (sorted)
    token: Array  # per occurrence: index of its first token in the view
    weight: Array  # per occurrence: zone weight
    _idf: dict[int, tuple[IdfLike, Array]] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.terms)

    @property
    def sizes(self) -> Array:
        """Number of words of each term."""
        return self.words.sizes

    def idf(self, table: IdfLike) -> Array:
        """IDF of every term under ``table`` (computed once per table, vectorised)."""
        found = self._idf.get(id(table))
        if found is None or found[0] is not table:
            found = self._idf[id(table)] = (table, term_idf(self, table))
        return found[1]

    @property
    def first_token(self) -> Array:
        """Per term: the token where it was first found (its first occurrence, except for a
        string that several token splits spell: there, the first occurrence of one split)."""
        return self.words.position

    def stats(self, region: Region | None = None) -> tuple[Array, Array, Array, Array]:
        """``(ids, frequency, best zone weight, first token)`` of the terms in ``region``.

        Counting is a ``bincount`` over the occurrences in the region (a slice: they are
        sorted by offset); the first token is where the term first occurs in the document.
        """
        term, weight = self.term, self.weight
        if region is not None:
            lo, hi = np.searchsorted(self.start, region, side="left").tolist()
            term, weight = term[lo:hi], weight[lo:hi]
        size = len(self.terms)
        frequency = np.bincount(term, minlength=size)
        ids = np.flatnonzero(frequency)
        best = np.zeros(size)
        np.maximum.at(best, term, weight)
        return ids, frequency[ids], best[ids], self.first_token[ids]


def candidates(
    view: TokenView,
    stopwords: frozenset[str],
    *,
    phrases: bool = True,
    max_tokens: int = 3,
    quoted: bool = True,
) -> Candidates:
    """Content words, compounds and quoted terms of ``view``.

    Runs of adjacent noun/verb/modifier tokens outside blocked regions are cut into every
    sub-sequence of up to ``max_tokens`` tokens that is a plausible term (see the module doc).
    A single verb of two or more characters is a candidate too: Chinese uses verbs as nouns
    without marking them (就业, 创新, 治理; Zhu Dexi's 名动词), and a tagger often says "v".
    A term counts where it stands on token boundaries, not inside a longer token: 高质量 inside
    the token 高质量发展 is the writer saying 高质量发展 (counting it made fragments such as 高质量,
    宏观 and 主体 outrank the policy terms they come from, and cost CSL F1). A token that starts
    with a bound suffix glued to the word before it (化发展 in 多边|化发展; see
    :data:`~multilat_nlp.keywords._view.BOUND_SUFFIXES`) starts no candidate, nor does a word
    after a bound prefix standing alone (周期调节 in 逆|周期调节; ``BOUND_PREFIXES``). A compound
    always continued the same way (弘扬伟大建党 in 弘扬伟大建党精神) is dropped, quoted terms
    excepted (:func:`pieces_of_longer_terms`).

    Each length is found with one sort of the valid start positions, and a string is built
    only once per distinct n-gram.
    """
    forms = view.forms
    n_tokens = len(view)
    terms: list[str] = []
    ids: dict[str, int] = {}
    term_position: list[Array] = []  # per term: token where it first occurs (in chunks)
    term_size: list[Array] = []
    occ_term: list[Array] = []
    occ_token: list[Array] = []
    spelled: set[str] = set()  # compounds that spell a stopword (研究+表明)
    # link[i]: tokens i and i+1 may stand in one compound; extends_left/right: a token that
    # may begin a compound / a noun, which may head one
    link: Array | None = None
    extends_left = extends_right = np.zeros(0, dtype=bool)
    span = max_tokens if phrases else 1
    if n_tokens:
        kinds = view.kinds
        cls = view.classes
        bits = view.kind_bits
        if view.table.stopwords is stopwords:
            kind_stop = bits & STOP > 0
        else:
            kind_stop = np.fromiter((f in stopwords for f in forms), dtype=bool, count=len(forms))
        form_objects = view.form_objects
        length = view.kind_lengths[kinds].astype(np.int32)  # characters per token
        stop = kind_stop[kinds]
        noun, verb = cls == WordClass.NOUN, cls == WordClass.VERB
        name = view.names
        modifier = cls == WordClass.MODIFIER
        adjacent = view.ends[:-1] == view.starts[1:]
        # A stopword may sit inside or end a phrase only as a noun (三农问题), never start one.
        usable = ~view.blocked & (noun | ((modifier | verb) & ~stop))
        link = usable[:-1] & usable[1:] & adjacent
        # A bound prefix standing alone (逆|周期|调节) belongs to the word after it: that word
        # starts no candidate (周期调节), and no candidate ends with the prefix (宏观政策逆).
        prefix = (bits[kinds] & PREFIX > 0) & (length == 1)
        after_single = np.zeros(n_tokens, dtype=bool)
        after_single[1:] = link & prefix[:-1]
        glued = np.zeros(n_tokens, dtype=bool)  # 多边|化发展
        glued[1:] = (bits[kinds[1:]] & SUFFIX > 0) & (bits[kinds[:-1]] & HAN_END > 0)
        glued[1:] &= adjacent
        begins = usable & ~stop & ~after_single & ~glued
        start_ok = begins & ~verb & ~((length == 1) & ~modifier)
        end_ok = usable & ~modifier & ~prefix
        single = (start_ok & end_ok) | (usable & verb & ~stop & ~glued)
        extends_left, extends_right = start_ok, noun & usable
        single &= (length >= 2) & (length <= _MAX_PHRASE_CHARS)
        positions = np.flatnonzero(single)
        if len(positions):
            kind_first = np.full(len(forms), n_tokens, dtype=np.int64)
            np.minimum.at(kind_first, kinds[positions], positions)
            used = np.flatnonzero(kind_first < n_tokens)
            kind_term = np.full(len(forms), -1, dtype=np.int64)
            kind_term[used] = _intern_all(form_objects[used].tolist(), ids, terms)
            _, at = np.unique(kind_term[used], return_index=True)  # a form with two tags: once
            term_position.append(kind_first[used][at])
            term_size.append(np.ones(len(terms), dtype=np.int64))
            occ_term.append(kind_term[kinds[positions]])
            occ_token.append(positions)
        code = kinds  # per start position: id of the n-gram starting there (-1: not valid)
        valid = start_ok.copy()  # the n-gram is one run that began well
        verbs = verb.astype(np.int8)  # at most one verb per compound: small counts
        chars = length
        for n in range(2, span + 1):
            count = n_tokens - n + 1
            if count <= 0:
                break
            # the n-gram's last token, the one before it, the one before that: slices (views),
            # not index arrays, so a long document pays no per-token copies per length
            last, before_last = slice(n - 1, n_tokens), slice(n - 2, n_tokens - 1)
            valid = valid[:count] & link[before_last]
            # a verb only right after a noun, and one per compound (理念遭受抵制: a clause);
            # a verb between a name and a noun is the name's predicate (中国坚持多边主义)
            valid &= ~(verb[last] & ~noun[before_last])
            if n > 2:
                valid &= ~(name[n - 3 : n_tokens - 2] & verb[before_last])
            verbs = verbs[:count] + verb[last]
            valid &= verbs <= 1
            chars = chars[:count] + length[last]
            valid &= chars <= _MAX_PHRASE_CHARS
            starts_here = np.flatnonzero(valid)
            if not len(starts_here):
                break
            grams, first_at, inverse = np.unique(
                code[starts_here].astype(np.int64) * len(forms) + kinds[starts_here + n - 1],
                return_index=True, return_inverse=True,
            )
            inverse = inverse.reshape(-1)
            code = np.full(count, -1, dtype=np.int32)  # n-gram ids < tokens: int32 holds them
            code[starts_here] = inverse
            # Whether an n-gram may end here depends only on its tokens, so one look at its
            # first occurrence decides for all of them.
            leads = starts_here[first_at]
            tail = leads + n - 1
            ending = end_ok[tail] & (~verb[tail] if n > 2 else True)  # 二十大胜利召开: a clause
            ended = leads[ending]
            text = form_objects[kinds[ended]]
            for j in range(1, n):  # str + str, element by element, in numpy's loop
                text = text + form_objects[kinds[ended + j]]
            texts: list[str] = text.tolist()
            spelled.update(stopwords.intersection(texts))
            before = len(terms)
            numbers = _intern_all(texts, ids, terms)
            fresh = numbers >= before
            if fresh.any():  # the first split of a string decides its words
                new, at = np.unique(numbers[fresh], return_index=True)
                term_position.append(ended[fresh][at])
                term_size.append(np.full(len(new), n, dtype=np.int64))
            gram_term = np.full(len(grams), -1, dtype=np.int64)
            gram_term[ending] = numbers
            terms_here = gram_term[inverse]
            keep = terms_here >= 0
            occ_term.append(terms_here[keep])
            occ_token.append(starts_here[keep])
    explicit: dict[int, tuple[str, ...]] = {}
    extra_term: list[int] = []
    extra_token: list[int] = []
    extra_start: list[int] = []
    if quoted and n_tokens:
        for term, start, token, tokens in _quoted(view, stopwords, max_tokens):
            index = ids.get(term)
            if index is None:
                index = ids[term] = len(terms)
                terms.append(term)
                term_position.append(np.asarray([token], dtype=np.int64))
                term_size.append(np.asarray([len(tokens)], dtype=np.int64))
                explicit[index] = tokens
            extra_term.append(index)
            extra_token.append(token)
            extra_start.append(start)
    term_array = np.concatenate([*occ_term, np.asarray(extra_term, dtype=np.int64)])
    token_array = np.concatenate([*occ_token, np.asarray(extra_token, dtype=np.int64)])
    occ_term.clear()  # the pieces are copied: on a long document they are hundreds of MB
    occ_token.clear()
    start_array = np.concatenate(
        [view.starts[token_array[: len(token_array) - len(extra_start)]],
         np.asarray(extra_start, dtype=np.int64)]
    )
    banned = np.zeros(len(terms), dtype=bool)
    if spelled:  # drop the compounds that spell a stopword
        banned[[ids[t] for t in spelled]] = True
    if link is not None and len(term_array) and span > 1:
        sizes = np.concatenate([np.zeros(0, dtype=np.int64), *term_size])
        quoted_only = np.zeros(len(terms), dtype=bool)
        quoted_only[list(explicit)] = True
        banned |= pieces_of_longer_terms(
            term_array[: len(term_array) - len(extra_term)],
            token_array[: len(token_array) - len(extra_term)],
            sizes, view.kinds, link, extends_left, extends_right,
        ) & ~quoted_only
    if banned.any():
        allowed = ~banned[term_array]
        term_array, start_array = term_array[allowed], start_array[allowed]
        token_array = token_array[allowed]
    # Runs sorted by offset, one per length: a stable sort merges them.
    order = np.argsort(start_array, kind="stable")
    if extra_term:  # a quoted term may repeat a candidate at the same offset
        key = start_array * (len(terms) + 1) + term_array
        order = order[np.unique(key[order], return_index=True)[1]]
    term_array, start_array, token_array = term_array[order], start_array[order], token_array[order]
    empty = np.zeros(0, dtype=np.int64)
    return Candidates(
        terms=terms,
        words=TermWords(view, np.concatenate([empty, *term_position]),
                        np.concatenate([empty, *term_size]), explicit),
        term=term_array,
        start=start_array,
        token=token_array,
        weight=view.weights[token_array] if len(token_array) else np.zeros(0),
    )


def pieces_of_longer_terms(
    term: Array, token: Array, sizes: Array, kinds: Array, link: Array,
    extends_left: Array, extends_right: Array,
) -> Array:
    """Per term: a compound that is always continued, on the same side, by the same token.

    弘扬伟大建党 said only in 弘扬伟大建党精神, 压实地方属地 only in 压实地方属地责任: a piece of a
    longer term that the ``max_tokens`` window cut, or a sub-phrase that never stands alone, is
    not a term of its own (the closedness test of frequent-pattern mining: a pattern whose
    every occurrence extends the same way is not closed). A single token is a word and is never
    a piece, and only what makes a longer compound continues one: a noun after it (a new head,
    全球治理 → 全球治理体系), or before it a token that may begin a compound (not a verb:
    经济增长 in 经济增长放缓 and 多边合作机制 in 加强多边合作机制 stay). ``term``/``token`` are the
    n-gram occurrences (term id, first token), ``sizes`` the tokens per term, ``link[i]``
    whether tokens i and i+1 may share a compound.
    """
    count = len(sizes)
    n_tokens = len(kinds)
    right = token + sizes[term]
    has_right = right < n_tokens
    at = right[has_right]
    has_right[has_right] = link[at - 1] & extends_right[at]
    has_left = token > 0
    at = token[has_left] - 1
    has_left[has_left] = link[at] & extends_left[at]
    pieces = np.zeros(count, dtype=bool)
    never = np.iinfo(np.int64).max
    for present, neighbour in ((has_right, right), (has_left, token - 1)):
        seen = np.where(present, kinds[np.clip(neighbour, 0, n_tokens - 1)], -1)
        low = np.full(count, never, dtype=np.int64)
        high = np.full(count, -1, dtype=np.int64)
        np.minimum.at(low, term, seen)
        np.maximum.at(high, term, seen)
        pieces |= (low == high) & (low >= 0)  # every occurrence: the same token, linked
    return pieces & (sizes >= 2)


def _intern_all(texts: list[str], ids: dict[str, int], terms: list[str]) -> Array:
    """Term ids of ``texts``, adding the new ones to ``ids`` and ``terms`` in order.

    The same string from different token splits is one term.
    """
    before = len(ids)
    numbers = [ids.setdefault(text, len(ids)) for text in texts]  # len before the insertion
    if len(ids) > before:
        terms += list(ids)[before:]  # dicts keep insertion order
    return np.asarray(numbers, dtype=np.int64)


def _quoted(
    view: TokenView, stopwords: frozenset[str], max_tokens: int
) -> Iterable[tuple[str, int, int, tuple[str, ...]]]:
    """《》 titles and short quoted terms, kept whole even where the segmenter cut them."""
    text = view.text
    if not len(view):
        return
    found: list[tuple[str, int]] = []
    lo_char, hi_char = int(view.starts[0]), int(view.ends[-1])
    matches = list(_BOOK_TITLE.finditer(text, lo_char, hi_char)) if "《" in text else []
    quotes = [m for opening, pattern in _QUOTES if opening in text
              for m in pattern.finditer(text, lo_char, hi_char)]
    end = -1  # as one scan would: a quote inside another quote is not a match
    for match in sorted(quotes, key=lambda m: m.start()):
        if match.start() >= end:
            matches.append(match)
            end = match.end()
    for match in matches:
        raw = match.group(1)
        term = raw.strip()
        if (
            len(term) < 2
            or term in stopwords
            or (match.re is not _BOOK_TITLE and _INNER_PUNCT.search(term))
            or "。" in term
        ):
            continue
        found.append((term, match.start(1) + raw.index(term)))
    if not found:
        return
    begin = np.asarray([start for _, start in found], dtype=np.int64)
    finish = begin + np.asarray([len(term) for term, _ in found], dtype=np.int64)
    first = np.searchsorted(view.starts, begin)
    last = np.searchsorted(view.starts, finish)
    content = np.concatenate(([0], np.cumsum(view.content)))
    inside = first < len(view)
    ok = inside & (content[last] > content[np.minimum(first, len(view))])
    ok[inside] &= ~view.blocked[first[inside]]
    forms, kinds = view.forms, view.kinds
    for i in np.flatnonzero(ok).tolist():
        term, start = found[i]
        lo, hi = int(first[i]), int(last[i])
        tokens = tuple(forms[k] for k in kinds[lo:hi].tolist())
        # A long title is one unit: its IDF is that of an unknown word, not of its parts.
        yield term, start, lo, tokens if 1 <= len(tokens) <= max_tokens else (term,)


class IdfLike(Protocol):
    """What :func:`rank_tfidf` needs of an IDF table."""

    def values(self, words: Sequence[str]) -> tuple[Array, Array]: ...

    def idf(self, term: str, words: tuple[str, ...] = ()) -> float: ...


def term_idf(found: Candidates, table: IdfLike) -> Array:
    """IDF of every candidate, vectorised: a term a table knows gets its own IDF; a phrase the
    tables do not know gets the estimate of :meth:`IdfTable.idf` from the IDFs of its words.

    Word IDFs come from a column of the view's :class:`FormTable`, so a form is looked up once
    per extractor, not once per document.
    """
    count = len(found.terms)
    if not count:
        return np.zeros(0)
    words = found.words
    view = words._view
    sizes, position = words.sizes, words.position
    word_idf = view.table.column(table, lambda forms: table.values(forms)[0])[view.kind_rows]
    values = np.empty(count)
    single = np.flatnonzero(sizes == 1)
    values[single] = word_idf[view.kinds[position[single]]]
    multi = np.flatnonzero(sizes > 1)
    if len(multi):
        # A phrase the tables know as a word (经济增长) gets its own IDF. Phrases of up to three
        # tokens are looked up by their rows, remembered from earlier documents; the rest
        # (longer ones, quoted titles) by their strings.
        coded = multi[sizes[multi] <= PHRASE_CODE_TOKENS]
        if words.explicit:
            coded = coded[~np.isin(coded, list(words.explicit))]
        spelled = np.setdiff1d(multi, coded, assume_unique=True)
        if len(coded):
            grid = np.arange(PHRASE_CODE_TOKENS)
            tokens = np.minimum(position[coded][:, None] + grid[None, :], len(view) - 1)
            codes = phrase_codes(view.kind_rows[view.kinds[tokens]], sizes[coded])
            values[coded] = view.table.phrase_values(
                table, codes, lambda at: [found.terms[i] for i in coded[at].tolist()]
            )
        if len(spelled):
            got, known_here = table.values([found.terms[i] for i in spelled.tolist()])
            values[spelled] = np.where(known_here, got, np.nan)
        known = ~np.isnan(values[multi])
        phrase = multi[~known]
        if len(phrase):
            size = sizes[phrase]
            grid = np.arange(int(size.max()))
            inside = grid[None, :] < size[:, None]
            tokens = np.minimum(position[phrase][:, None] + grid[None, :], len(view) - 1)
            parts = np.where(inside, word_idf[view.kinds[tokens]], 0.0)
            values[phrase] = (parts.max(axis=1) + parts.sum(axis=1)) / 2.0
    for index, parts_of in words.explicit.items():
        values[index] = table.idf(found.terms[index], parts_of)
    return values


def rank_tfidf(
    found: Candidates,
    idf: IdfLike,
    *,
    weighted: bool,
    region: Region | None = None,
    keep: int = 50,
) -> list[tuple[str, float]]:
    """The ``keep`` best terms by sublinear frequency × IDF (× best zone weight if ``weighted``).

    ``1 + ln tf`` (SMART's "l" weighting; Salton & Buckley 1988) rather than raw counts: in a
    50,000-character report 推进 occurs 67 times, and a raw count would let any frequent word
    outweigh a specific term such as 碳达峰 whatever its IDF. The structure-aware variant
    multiplies by the weight of the most prominent place the term appears (a title mention
    makes it a title term, as in PositionRank's emphasis on prominent mentions). Ties go to the
    earlier first mention, then to the longer term.
    """
    ids, frequency, best, first = found.stats(region)
    if not len(ids) or keep < 1:
        return []
    part = 1.0 + np.log(frequency)
    if weighted:
        part = part * best
    scores = part * found.idf(idf)[ids]
    if len(scores) > keep:  # the keep best, and whatever ties with the last of them
        kth = np.partition(scores, len(scores) - keep)[len(scores) - keep]
        chosen = np.flatnonzero(scores >= kth)
    else:
        chosen = np.arange(len(scores))
    lengths = np.fromiter((len(found.terms[i]) for i in ids[chosen].tolist()), dtype=np.int64,
                          count=len(chosen))
    ranking = chosen[np.lexsort((-lengths, first[chosen], -scores[chosen]))[:keep]]
    return [(found.terms[i], s) for i, s in zip(ids[ranking].tolist(),
                                                 scores[ranking].tolist(), strict=True)]


def rank_tfidf_regions(
    found: Candidates,
    idf: IdfLike,
    *,
    weighted: bool,
    regions: Sequence[Region],
    keep: int = 50,
    groups: Sequence[int] | None = None,
) -> list[list[tuple[str, float]]]:
    """:func:`rank_tfidf` for each of many regions (a document's sections) in one pass.

    The occurrences of every region are counted at once into a regions × terms table (one
    ``bincount``), each row's ``keep``-th best score is found with one ``partition``, and one
    ``lexsort`` orders what passes; the result is that of calling :func:`rank_tfidf` per
    region, at a fraction of the cost.

    With ``groups`` (a group id per region: sections under the same parent), a term's score in a
    region is also multiplied by ``ln((n + 1) / (k + 0.5))``, ``n`` the regions of its group and
    ``k`` those that contain it: TF-IDF again, with the sibling sections as the documents
    (Salton's IDF inside one document, as TF-ISF does with sentences). A section's keywords then
    say what sets it apart from its neighbours, not what every section says (加强, 保障, or the
    paper's own topic). A region alone in its group is scored as without ``groups``.
    """
    terms, count = found.terms, len(regions)
    size = len(terms)
    if not count:
        return []
    if not size or keep < 1:
        return [[] for _ in regions]
    if count * size > 4_000_000:  # a table that large is not worth it
        return [rank_tfidf(found, idf, weighted=weighted, region=r, keep=keep) for r in regions]
    bounds = np.searchsorted(found.start, np.asarray(regions, dtype=np.int64).reshape(-1))
    lo = bounds[0::2]
    lengths = np.maximum(bounds[1::2] - lo, 0)
    section = np.repeat(np.arange(count), lengths)
    index = np.arange(int(lengths.sum())) + np.repeat(lo - (np.cumsum(lengths) - lengths), lengths)
    key = section * size + found.term[index]
    frequency = np.bincount(key, minlength=count * size)
    present = np.flatnonzero(frequency)  # (region, term) pairs, region by region
    part = 1.0 + np.log(frequency[present])
    if weighted:
        best = np.zeros(count * size)
        np.maximum.at(best, key, found.weight[index])
        part = part * best[present]
    scores = part * found.idf(idf)[present % size]
    if groups is not None:
        group = np.asarray(groups, dtype=np.int64)
        members = np.bincount(group)[group[present // size]]
        sibling_key = group[present // size] * size + present % size
        holding = np.bincount(sibling_key)[sibling_key]  # siblings that say the term
        scores = scores * np.where(members > 1, np.log((members + 1) / (holding + 0.5)), 1.0)
    heads = np.searchsorted(present, np.arange(count + 1) * size)
    chosen = np.ones(len(present), dtype=bool)
    for r in np.flatnonzero(np.diff(heads) > keep).tolist():
        # the keep best of the region, and whatever ties with the last of them
        a, b = int(heads[r]), int(heads[r + 1])
        kth = np.partition(scores[a:b], b - a - keep)[b - a - keep]
        chosen[a:b] = scores[a:b] >= kth
    rows, cols, scores = present[chosen] // size, present[chosen] % size, scores[chosen]
    lengths_of = np.fromiter((len(terms[i]) for i in cols.tolist()), dtype=np.int64,
                             count=len(cols))
    order = np.lexsort((-lengths_of, found.first_token[cols], -scores, rows))
    rows, cols, scores = rows[order], cols[order], scores[order]
    heads = np.searchsorted(rows, np.arange(count + 1))
    out: list[list[tuple[str, float]]] = []
    for r in range(count):
        a, b = int(heads[r]), min(int(heads[r + 1]), int(heads[r]) + keep)
        out.append([(terms[i], v) for i, v in zip(cols[a:b].tolist(), scores[a:b].tolist(),
                                                  strict=True)])
    return out


def rank_textrank(
    view: TokenView,
    found: Candidates,
    stopwords: frozenset[str],
    *,
    region: Region | None = None,
    window: int = 5,
    damping: float = 0.85,
    iterations: int = 100,
    tolerance: float = 1e-6,
    keep: int = 50,
    idf: IdfLike | None = None,
) -> list[tuple[str, float]]:
    """PageRank over words that co-occur within ``window`` tokens; phrases average their words.

    Nodes are nouns and verbs of two or more characters outside stopwords and blocked regions;
    edges join nodes whose tokens lie fewer than ``window`` tokens apart, weighted by how often
    they do (Mihalcea & Tarau 2004). A phrase scores the mean of its words: SingleRank's sum
    (Wan & Xiao 2008) lets the longest phrase win whatever its words.

    With ``idf``, a word's PageRank is multiplied by its IDF. PageRank alone measures how central
    a word is in this text, and in policy prose the most central words are the ones every text
    uses (发展, 国际, 推进 led the seed and the reports); the IDF says how specific it is. The
    extractor passes its table (CSL dev F1@5 0.186 → 0.204); ``idf=None`` is plain TextRank.
    """
    lo, hi = 0, len(view)
    if region is not None:
        lo, hi = np.searchsorted(view.starts, region, side="left").tolist()
    forms = view.forms
    kind_node = np.fromiter(
        (len(f) >= 2 and f not in stopwords for f in forms), dtype=bool, count=len(forms)
    ) & np.isin(view.kind_classes, (WordClass.NOUN, WordClass.VERB))
    form_index: dict[str, int] = {}
    kind_form = np.fromiter(
        (form_index.setdefault(f, len(form_index)) for f in forms), dtype=np.int64, count=len(forms)
    )
    kinds = view.kinds[lo:hi]
    mask = kind_node[kinds] & ~view.blocked[lo:hi]
    node_forms, node_of = np.unique(kind_form[kinds[mask]], return_inverse=True)
    positions = np.flatnonzero(mask)
    nodes = node_of.reshape(-1)
    size = len(node_forms)
    if size == 0:
        return []
    scores = _pagerank(positions, nodes, size, window, damping, iterations, tolerance)
    names = list(form_index)
    pairs = zip(node_forms.tolist(), scores.tolist(), strict=True)
    word_score = {names[f]: score for f, score in pairs}
    if idf is not None:
        node_words = list(word_score)
        weights, _ = idf.values(node_words)
        word_score = {
            w: word_score[w] * v for w, v in zip(node_words, weights.tolist(), strict=True)
        }
    ids, _, _, first = found.stats(region)
    ranked = []
    for index, first_token in zip(ids.tolist(), first.tolist(), strict=True):
        words = found.words[index]
        total = sum(word_score.get(w, 0.0) for w in words) / len(words)
        if total > 0:
            term = found.terms[index]
            ranked.append((-total * size, first_token, -len(term), term))
    ranked.sort()
    return [(term, -neg) for neg, _, _, term in ranked[:keep]]


def _pagerank(
    positions: Array,
    nodes: Array,
    size: int,
    window: int,
    damping: float,
    iterations: int,
    tolerance: float,
) -> Array:
    pos = positions.astype(np.int64)
    node = nodes.astype(np.int64)
    sources: list[Array] = []
    targets: list[Array] = []
    for distance in range(1, min(window, len(pos))):
        close = (pos[distance:] - pos[:-distance]) < window
        a, b = node[:-distance][close], node[distance:][close]
        keep = a != b
        sources += [a[keep], b[keep]]
        targets += [b[keep], a[keep]]
    source = np.concatenate(sources) if sources else np.zeros(0, dtype=np.int64)
    target = np.concatenate(targets) if targets else np.zeros(0, dtype=np.int64)
    out_weight = np.bincount(source, minlength=size).astype(np.float64)
    dangling = out_weight == 0
    share = 1.0 / out_weight[source] if len(source) else np.zeros(0)
    scores = np.full(size, 1.0 / size)
    for _ in range(iterations):
        spread = np.bincount(target, weights=scores[source] * share, minlength=size)
        spread = spread.astype(np.float64) + scores[dangling].sum() / size
        updated = (1.0 - damping) / size + damping * spread
        converged = float(np.abs(updated - scores).sum()) < tolerance
        scores = updated
        if converged:
            break
    return scores


def mmr(
    ranked: Sequence[tuple[str, float]],
    *,
    topn: int,
    diversity: float = 0.3,
    similarity: Callable[[str, str], float] | None = None,
    subsume: float | None = None,
) -> list[tuple[str, float]]:
    """Maximal marginal relevance (Carbonell & Goldstein 1998) over a ranked list.

    Picks, one at a time, the term maximising ``(1 - diversity) · relevance - diversity ·
    max similarity to the terms already picked``; relevance is the score over the best score.
    ``similarity(candidate, picked)`` lies in [0, 1]; the default, :func:`similarity`, compares
    the strings (1.0 when one contains the other). The keyword stage passes
    :meth:`Mentions.overlap`, the share of the candidate's mentions that overlap the picked
    term's in the text: 新冠肺炎 after 新冠肺炎疫情 is 0.8 when 8 of its 10 mentions are inside
    新冠肺炎疫情, and 全球化 after 全球治理 is 0 (sharing 全球 does not make them one keyword).
    ``diversity=0`` keeps the original order. Scores are returned unchanged, so a list re-ranked
    this way is not sorted by score.

    ``subsume`` (the keyword stage uses 1.0): a picked term gives its place to a longer term of
    the pool that contains it when ``similarity(term, longer) >= subsume``. At 1.0 that is a
    term never said on its own in the text, only as part of the longer one (中小微 in
    中小微企业): the nested-term principle of C-value (Frantzi, Ananiadou & Mima 2000). A lower
    threshold also folds terms mostly said inside a longer one; on CSL that loses gold keywords
    said once alone and twice inside a phrase (0.5: F1@5 0.238 → 0.217).

    Similarities are computed lazily (a term's penalty only grows as terms are picked, so a
    term whose undiscounted value cannot beat the current choice is not looked at), and only
    for pairs that :func:`can_overlap` (one holds the other, or one ends with what the other
    begins with); a ``similarity`` is taken to be 0 otherwise, as both shipped ones are.
    """
    if not 0.0 <= diversity <= 1.0:
        raise ValueError(f"diversity must lie in [0, 1], got {diversity}")
    if diversity == 0.0 or len(ranked) <= 1:
        return list(ranked[:topn])
    compare = similarity or string_similarity
    pool = sorted(ranked[: max(4 * topn, 40)], key=operator.itemgetter(1), reverse=True)
    best = pool[0][1] or 1.0
    relevance = [(1.0 - diversity) * score / best for _, score in pool]
    folded = [term.casefold() for term, _ in pool]
    joined = "\n".join(term for term, _ in pool) if subsume is not None else ""
    penalty = [0.0] * len(pool)
    seen = [0] * len(pool)  # how many picked terms each penalty already accounts for
    alive = list(range(len(pool)))
    picked: list[int] = []
    while alive and len(picked) < topn:
        choice, value = -1, -math.inf
        for position, k in enumerate(alive):
            if relevance[k] <= value:
                break  # sorted by relevance: no later term can do better
            if seen[k] < len(picked):
                mine = folded[k]
                for j in picked[seen[k]:]:
                    if can_overlap(mine, folded[j]):  # else no text can relate the two
                        penalty[k] = max(penalty[k], compare(pool[k][0], pool[j][0]))
                seen[k] = len(picked)
            current = relevance[k] - diversity * penalty[k]
            if current > value:
                choice, value = position, current
        chosen = alive.pop(choice)
        if subsume is not None and joined.count(pool[chosen][0]) > 1:  # inside another term
            term = pool[chosen][0]
            for position, k in enumerate(alive):
                longer = pool[k][0]
                if len(longer) > len(term) and term in longer and (
                    compare(term, longer) >= subsume
                ):
                    alive.insert(choice, chosen)  # it may still come, as itself, later
                    chosen = alive.pop(position + (position >= choice))
                    break
        picked.append(chosen)
    return [pool[k] for k in picked]


def resolve_topn(topn: int | float, available: int) -> int:
    """``topn`` as a count: an int ≥ 1, or a fraction in (0, 1] of the candidates."""
    if isinstance(topn, bool) or not isinstance(topn, int | float):
        raise ValueError(f"topn must be an int >= 1 or a float in (0, 1], got {topn!r}")
    if isinstance(topn, float):
        if not 0.0 < topn <= 1.0:
            raise ValueError(f"topn as a float must lie in (0, 1], got {topn}")
        return max(1, math.ceil(topn * available)) if available else 0
    if topn < 1:
        raise ValueError(f"topn must be >= 1, got {topn}")
    return topn


def with_mentions(
    text: str, ranked: Iterable[tuple[str, float]], region: Region | None = None
) -> list[Keyword]:
    regions = [region] if region is not None else []
    return [
        Keyword(term, score, tuple((s, e) for s, e in find_mentions(text, term, regions)))
        for term, score in ranked
    ]
