"""Candidate keyphrases and the scorers that rank them.

Every method ranks the same candidates, so methods differ only in how they score:

- candidates are content words and compounds of up to ``max_tokens`` adjacent content tokens
  (全球治理体系, 多边合作机制, 大角度机动, 经济增长), plus 《》 titles and short quoted
  terms kept whole (“一带一路”). Chinese technical terms are compounds of nouns, verbs used as nouns
  (增长, 控制) and modifiers (大, 非): a compound may not start with a stopword nor end in a
  modifier, and needs at least one non-verb (推动构建 is a verb phrase);
- :func:`rank_tfidf` scores frequency × IDF, optionally weighting each term by the most
  prominent zone it stands in (the structure-aware scorer);
- :func:`rank_textrank` scores words by PageRank over a co-occurrence graph and phrases by the
  mean of their words;
- :func:`mmr` re-ranks for diversity, so 全球治理 and 全球治理体系 do not both take a slot unless
  both are strong.

Candidates are found once per document and kept as flat arrays of occurrences, so the
keywords of each section are a filter on those arrays rather than a second pass over the text.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

import numpy as np

from multilat_nlp.keywords._view import TokenView, WordClass, find_mentions

_QUOTED = re.compile(
    r"“([^“”\n]{2,12})”|「([^「」\n]{2,12})」|‘([^‘’\n]{2,12})’|\"([^\"\n]{2,12})\""
)
_BOOK_TITLE = re.compile(r"《([^《》\n]{2,30})》")
_INNER_PUNCT = re.compile(r"[，。；：！？、,.;:!?（）()\s]")
_MAX_PHRASE_CHARS = 20
_CONTENT = (WordClass.NOUN, WordClass.MODIFIER, WordClass.VERB)

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
    """The tokens of each term, built on demand from where the term first occurs."""

    def __init__(self, view: TokenView, position: Array, sizes: Array,
                 explicit: dict[int, tuple[str, ...]]) -> None:
        self._view = view
        self._position = position
        self.sizes = sizes
        self._explicit = explicit

    def __len__(self) -> int:
        return len(self.sizes)

    def __getitem__(self, index: int) -> tuple[str, ...]:
        found = self._explicit.get(index)
        if found is not None:
            return found
        at = int(self._position[index])
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

    def __len__(self) -> int:
        return len(self.terms)

    @functools.cached_property
    def idf_values(self) -> Array:
        """IDF of each term, filled in by :func:`rank_tfidf` as it needs them (NaN: not yet)."""
        return np.full(len(self.terms), np.nan)

    @functools.cached_property
    def term_lengths(self) -> Array:
        """Number of characters of each term."""
        return np.strings.str_len(np.asarray(self.terms, dtype=str)).astype(np.int64)

    @property
    def sizes(self) -> Array:
        """Number of words of each term."""
        return self.words.sizes

    def stats(self, region: Region | None = None) -> tuple[Array, Array, Array, Array]:
        """``(ids, frequency, best zone weight, first token)`` of the terms in ``region``."""
        term, weight, token = self.term, self.weight, self.token
        if region is not None:
            lo, hi = np.searchsorted(self.start, region, side="left").tolist()
            term, weight, token = term[lo:hi], weight[lo:hi], token[lo:hi]
        ids, first_index, frequency = np.unique(term, return_index=True, return_counts=True)
        best = np.zeros(len(self.terms))
        np.maximum.at(best, term, weight)
        return ids, frequency, best[ids], token[first_index]


def candidates(
    view: TokenView,
    stopwords: frozenset[str],
    *,
    phrases: bool = True,
    max_tokens: int = 3,
    quoted: bool = True,
    known: Callable[[str], bool] | None = None,
) -> Candidates:
    """Content words, compounds and quoted terms of ``view``.

    Runs of adjacent noun/verb/modifier tokens outside blocked regions are cut into every
    sub-sequence of up to ``max_tokens`` tokens that is a plausible term (see the module doc).
    With ``known``, a known term also occurs wherever it is part of a longer token.
    The n-grams are found with array operations over the tokens, and strings are built once
    per distinct n-gram, which keeps the stage cheaper than segmentation.
    """
    forms = view.forms
    n_tokens = len(view)
    gram_strings: list[Array] = []  # per n: the text of each distinct n-gram
    gram_position: list[Array] = []  # per n: where it first occurs
    gram_size: list[Array] = []
    occ_gram: list[Array] = []  # per n: for each occurrence, its gram's row in the concatenation
    occ_token: list[Array] = []
    rows = 0
    if n_tokens:
        kinds = view.kinds
        cls = view.classes
        form_text = np.asarray(forms, dtype=str)
        kind_len = np.strings.str_len(form_text).astype(np.int64)
        kind_stop = np.fromiter((f in stopwords for f in forms), dtype=bool, count=len(forms))
        length, stop = kind_len[kinds], kind_stop[kinds]
        noun, verb = cls == WordClass.NOUN, cls == WordClass.VERB
        modifier = cls == WordClass.MODIFIER
        # A stopword may sit inside or end a phrase only as a noun (三农问题), never start one.
        usable = ~view.blocked & (noun | ((modifier | verb) & ~stop))
        link = usable[:-1] & usable[1:] & (view.ends[:-1] == view.starts[1:])
        after_single = np.zeros(n_tokens, dtype=bool)  # 化发展, 周期调节 (after 逆)
        after_single[1:] = link & (length[:-1] == 1)
        start_ok = usable & ~verb & ~stop & ~((length == 1) & ~modifier) & ~after_single
        end_ok = usable & ~modifier
        span = max_tokens if phrases else 1
        code = kinds.copy()  # per start position: id of the n-gram starting there
        valid_run = start_ok.copy()  # the n-gram is one run that began well
        verbs = verb.astype(np.int64)
        chars = length.copy()
        for n in range(1, span + 1):
            count = n_tokens - n + 1
            if count <= 0:
                break
            last = np.arange(n - 1, n_tokens)
            if n > 1:
                valid_run = valid_run[:count] & link[last - 1]
                # a verb only right after a noun, and one per compound (理念遭受抵制: a clause)
                valid_run &= ~(verb[last] & ~noun[last - 1])
                verbs = verbs[:count] + verb[last]
                valid_run &= verbs <= 1
                chars = chars[:count] + length[last]
                _, code = np.unique(code[:count] * len(forms) + kinds[last], return_inverse=True)
                code = code.reshape(-1)
            ok = valid_run & end_ok[last] & (chars <= _MAX_PHRASE_CHARS) & (chars >= 2)
            if n > 2:
                ok &= ~verb[last]  # 二十大胜利召开 is a clause
            positions = np.flatnonzero(ok)
            if not len(positions):
                continue
            _, first_at, inverse = np.unique(
                code[positions], return_index=True, return_inverse=True
            )
            starts_at = positions[first_at]
            text = form_text[kinds[starts_at]]
            for k in range(1, n):
                text = np.strings.add(text, form_text[kinds[starts_at + k]])
            gram_strings.append(text)
            gram_position.append(starts_at)
            gram_size.append(np.full(len(starts_at), n, dtype=np.int64))
            occ_gram.append(inverse.reshape(-1) + rows)
            occ_token.append(positions)
            rows += len(starts_at)
    # The same string from different token splits is one term.
    if rows:
        all_strings = np.concatenate(gram_strings)
        unique_strings, first_row, term_of_row = np.unique(
            all_strings, return_index=True, return_inverse=True
        )
        terms: list[str] = unique_strings.tolist()
        position = np.concatenate(gram_position)[first_row]
        sizes = np.concatenate(gram_size)[first_row]
        term_array = term_of_row.reshape(-1)[np.concatenate(occ_gram)]
        token_array = np.concatenate(occ_token)
    else:
        terms = []
        position = sizes = term_array = token_array = np.zeros(0, dtype=np.int64)
    ids = {term: index for index, term in enumerate(terms)}
    explicit: dict[int, tuple[str, ...]] = {}
    extra_term: list[int] = []
    extra_start: list[int] = []
    extra_token: list[int] = []
    extra_sizes: list[int] = []
    if quoted:
        for term, start, token, tokens in _quoted(view, stopwords, max_tokens):
            index = ids.get(term)
            if index is None:
                index = ids[term] = len(terms)
                terms.append(term)
                explicit[index] = tokens
                extra_sizes.append(len(tokens))
            extra_term.append(index)
            extra_start.append(start)
            extra_token.append(token)
    if known is not None:
        for index, start, token in _nested(view, ids, known):
            extra_term.append(index)
            extra_start.append(start)
            extra_token.append(token)
    start_array = np.concatenate(
        [view.starts[token_array], np.asarray(extra_start, dtype=np.int64)]
    )
    term_array = np.concatenate([term_array, np.asarray(extra_term, dtype=np.int64)])
    token_array = np.concatenate([token_array, np.asarray(extra_token, dtype=np.int64)])
    sizes = np.concatenate([sizes, np.asarray(extra_sizes, dtype=np.int64)])
    position = np.concatenate([position, np.zeros(len(extra_sizes), dtype=np.int64)])
    # A compound can spell a stopword (研究+表明): drop those; one occurrence per (term, offset).
    banned = np.fromiter((t in stopwords for t in terms), dtype=bool, count=len(terms))
    if banned.any():
        allowed = ~banned[term_array]
        term_array, start_array = term_array[allowed], start_array[allowed]
        token_array = token_array[allowed]
    key = start_array * (len(terms) + 1) + term_array
    _, keep = np.unique(key, return_index=True)
    term_array, start_array = term_array[keep], start_array[keep]
    token_array = token_array[keep]
    return Candidates(
        terms=terms,
        words=TermWords(view, position, sizes, explicit),
        term=term_array,
        start=start_array,
        token=token_array,
        weight=view.weights[token_array] if len(token_array) else np.zeros(0),
    )


def _quoted(
    view: TokenView, stopwords: frozenset[str], max_tokens: int
) -> Iterable[tuple[str, int, int, tuple[str, ...]]]:
    """《》 titles and short quoted terms, kept whole even where the segmenter cut them."""
    text = view.text
    if not len(view):
        return
    starts = view.start_list
    lo_char, hi_char = starts[0], int(view.ends[-1])
    for pattern in (_BOOK_TITLE, _QUOTED):
        for match in pattern.finditer(text, lo_char, hi_char):
            group = next(g for g in range(1, (pattern.groups or 0) + 1) if match.group(g))
            raw = match.group(group)
            term = raw.strip()
            if (
                len(term) < 2
                or term in stopwords
                or (pattern is _QUOTED and _INNER_PUNCT.search(term))
                or "。" in term
            ):
                continue
            start = match.start(group) + raw.index(term)
            first = bisect.bisect_left(starts, start)
            last = bisect.bisect_left(starts, start + len(term))
            if first >= len(starts) or view.blocked[first]:
                continue
            if not np.isin(view.classes[first:last], _CONTENT).any():
                continue
            tokens = tuple(view.forms[k] for k in view.kinds[first:last].tolist())
            # A long title is one unit: its IDF is that of an unknown word, not of its parts.
            yield term, start, first, tokens if 1 <= len(tokens) <= max_tokens else (term,)


def _nested(
    view: TokenView, ids: dict[str, int], known: Callable[[str], bool]
) -> Iterable[tuple[int, int, int]]:
    """Occurrences of known terms inside longer tokens (全球治理 in 全球治理体系).

    The segmenter's units are arbitrary for this purpose: a writer who says 全球治理体系 five
    times has also said 全球治理 five times. Only terms ``known`` to a dictionary take part,
    so a fragment such as 伙伴关系协 (a line break inside 伙伴关系协定) gains nothing.
    """
    inside: dict[int, list[tuple[int, int]]] = {}
    for kind, word in enumerate(view.forms):
        if len(word) < 3:
            continue
        pairs = []
        for size in range(2, len(word)):
            for offset in range(len(word) - size + 1):
                part = word[offset : offset + size]
                index = ids.get(part)
                if index is not None and known(part):
                    pairs.append((offset, index))
        if pairs:
            inside[kind] = pairs
    if not inside:
        return
    has = np.zeros(len(view.forms), dtype=bool)
    has[list(inside)] = True
    tokens = np.flatnonzero(has[view.kinds] & ~view.blocked)
    for token, kind, start in zip(
        tokens.tolist(), view.kinds[tokens].tolist(), view.starts[tokens].tolist(), strict=True
    ):
        for offset, index in inside[kind]:
            yield index, start + offset, token


class IdfLike(Protocol):
    """What :func:`rank_tfidf` needs of an IDF table."""

    def idf(self, term: str, words: tuple[str, ...] = ()) -> float: ...

    def lookup(self, term: str) -> float | None: ...

    def max_idf(self, words: int) -> float: ...


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

    IDF is looked up only for terms that can still enter the top ``keep``: terms are taken in
    order of their highest possible score, in growing batches, until even the highest possible
    IDF could not lift the next term past the current ``keep``-th score (as in Fagin's
    threshold algorithm).
    """
    ids, frequency, best, first = found.stats(region)
    if not len(ids):
        return []
    part = 1.0 + np.log(frequency)
    if weighted:
        part = part * best
    ceilings = np.array([idf.max_idf(n) for n in range(int(found.sizes.max()) + 1)])
    bounds = part * ceilings[found.sizes[ids]]
    order = np.argsort(-bounds, kind="stable")
    values = found.idf_values
    take = min(len(order), 4 * keep)
    while True:
        chosen = order[:take]
        terms = ids[chosen]
        missing = terms[np.isnan(values[terms])]
        for index in missing.tolist():
            term = found.terms[index]
            known = idf.lookup(term)
            values[index] = known if known is not None else idf.idf(term, found.words[index])
        scores = part[chosen] * values[terms]
        if take == len(order):
            break
        if len(scores) >= keep:
            kth = np.partition(scores, len(scores) - keep)[len(scores) - keep]
            if bounds[order[take]] < kth:
                break  # no term further down can beat the current keep-th score
        take = min(len(order), 2 * take)
    ranking = np.lexsort((-found.term_lengths[terms], first[chosen], -scores))[:keep]
    return [(found.terms[int(terms[i])], float(scores[i])) for i in ranking.tolist()]


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
) -> list[tuple[str, float]]:
    """PageRank over words that co-occur within ``window`` tokens; phrases average their words.

    Nodes are nouns and verbs of two or more characters outside stopwords and blocked regions;
    edges join nodes whose tokens lie fewer than ``window`` tokens apart, weighted by how often
    they do (Mihalcea & Tarau 2004). A phrase scores the mean of its words: SingleRank's sum
    (Wan & Xiao 2008) lets the longest phrase win whatever its words.
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


def _shingles(term: str) -> frozenset[str]:
    term = term.lower()
    return frozenset(term[i : i + 2] for i in range(len(term) - 1)) or frozenset((term,))


def similarity(a: str, b: str) -> float:
    """Dice coefficient of character bigrams: 全球治理 ~ 全球治理体系 0.75, ~ 全球化 0.4."""
    return _dice(_shingles(a), _shingles(b))


def _dice(sa: frozenset[str], sb: frozenset[str]) -> float:
    return 2.0 * len(sa & sb) / (len(sa) + len(sb))


def mmr(
    ranked: Sequence[tuple[str, float]], *, topn: int, diversity: float = 0.3
) -> list[tuple[str, float]]:
    """Maximal marginal relevance (Carbonell & Goldstein 1998) over a ranked list.

    Picks, one at a time, the term maximising ``(1 - diversity) · relevance - diversity ·
    max similarity to the terms already picked``; relevance is the score over the best score
    and similarity is :func:`similarity`. ``diversity=0`` keeps the original order. Scores are
    returned unchanged, so a list re-ranked this way is not sorted by score.
    """
    if not 0.0 <= diversity <= 1.0:
        raise ValueError(f"diversity must lie in [0, 1], got {diversity}")
    if diversity == 0.0 or len(ranked) <= 1:
        return list(ranked[:topn])
    pool = list(ranked[: max(4 * topn, 40)])
    best = max(score for _, score in pool) or 1.0
    shingles = {term: _shingles(term) for term, _ in pool}
    penalty = dict.fromkeys(shingles, 0.0)
    picked: list[tuple[str, float]] = []
    while pool and len(picked) < topn:
        index = max(
            range(len(pool)),
            key=lambda k: (1 - diversity) * pool[k][1] / best - diversity * penalty[pool[k][0]],
        )
        term, score = pool.pop(index)
        picked.append((term, score))
        chosen = shingles[term]
        for other, _ in pool:
            value = _dice(chosen, shingles[other])
            if value > penalty[other]:
                penalty[other] = value
    return picked


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
