"""The spaCy tokenizer that puts a :class:`Segmenter`'s spans into a ``Doc``."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable
from typing import Any, TypeVar

import numpy
from spacy.tokens import Doc
from spacy.vocab import Vocab

from multilat_nlp.doc_text import remember_text
from multilat_nlp.stages.segment import Segmenter
from multilat_nlp.text.normalise import fold_for_analysis

#: ``cutter(text, token_starts, token_lengths) -> (cut offsets, user_data)``: a stage that needs
#: token boundaries inside the segmenter's tokens (entities: 中美 → 中 + 美) says where, before
#: the ``Doc`` exists; spaCy can only split tokens of a built Doc at a cost of one pass over the
#: whole document per split (or by building a second Doc).
TokenCutter = Callable[[str, list[int], list[int]], tuple[list[int], dict[str, Any]]]


class PolicyTokenizer:
    """Builds a ``Doc`` whose tokens are exactly the segmenter's spans (cut where a
    :data:`TokenCutter` in ``cutters`` says so).

    A single ASCII space after a token becomes that token's trailing space (spaCy's convention);
    every other whitespace run stays a token of its own, so ``doc.text`` is always the input.
    """

    def __init__(self, vocab: Vocab, segmenter: Segmenter, pipeline_info: dict[str, Any]) -> None:
        self.vocab = vocab
        self.segmenter = segmenter
        self.pipeline_info = pipeline_info
        self.cutters: list[TokenCutter] = []
        # word -> its hash in ``vocab.strings``: a Doc built from hashes skips spaCy's per-word
        # string hashing and symbol lookup (half of the Doc's construction time)
        self._orths: dict[str, int] = {}
        self._orths_of: object = vocab.strings

    def __getstate__(self) -> dict[str, Any]:
        # The hashes are only valid with the strings they were added to: not sent along.
        state = dict(self.__dict__)
        state["_orths"], state["_orths_of"] = {}, None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._orths_of = self.vocab.strings

    def __call__(self, text: str) -> Doc:
        # Segment the analysis fold (same length): ``２０１７`` and Founder-font Latin are
        # cut as ``2017`` and ``Abstract`` are; the tokens keep the text's own characters and
        # carry the folded form as ``norm_``. Long texts are cut in bounded chunks, and each
        # chunk's words become string-store hashes before the next chunk is cut: a word list
        # of the whole text held millions of str objects at once, and the memory they left
        # behind (freed blocks among survivors) stayed with the process for every later stage.
        folded = fold_for_analysis(text)
        keys: list[Any] = []
        # Each chunk's token starts, kept in numpy: Python ints made chunk by chunk would stay
        # among the freed words (the memory note above).
        chunk_starts: list[Any] = []
        spaces: list[bool] = []
        last_word = ""
        for start, end in chunk_bounds(text):
            chunk = text[start:end]
            if folded is text:  # nothing folded (fold_for_analysis returns its input)
                bounds, chunk_words = self.segmenter.bounds_and_words(chunk)
            else:
                bounds, chunk_words = self.segmenter.bounds_and_words(folded[start:end])
                _unfold_words(chunk, folded[start:end], bounds, chunk_words)
            chunk_spaces = [False] * len(chunk_words)
            if " " in chunk:
                drop = _fold_spaces(chunk, bounds, chunk_words, chunk_spaces)
                if drop:
                    chunk_words = _without(chunk_words, drop)
                    chunk_spaces = _without(chunk_spaces, drop)
                    bounds = _without(bounds, drop)
            bounds.pop()  # the chunk's end: the rest are its tokens' starts
            if (
                keys
                and chunk_words
                and chunk_words[0] == " "
                and not spaces[-1]
                and not last_word.isspace()
            ):
                # A lone space at a chunk start is the previous chunk's last trailing space.
                spaces[-1] = True
                chunk_words, chunk_spaces = chunk_words[1:], chunk_spaces[1:]
                del bounds[0]
            if chunk_words:
                last_word = chunk_words[-1]
            keys.extend(self._word_keys(chunk_words))
            chunk_starts.append(numpy.asarray(bounds, dtype=numpy.int64) + start)
            spaces.extend(chunk_spaces)
            del chunk_words, bounds
        extra: dict[str, Any] = {}
        if self.cutters:
            starts_array = numpy.concatenate([numpy.zeros(0, numpy.int64), *chunk_starts])
            del chunk_starts
            # A token ends where the next starts, less its trailing space.
            gaps = numpy.diff(starts_array, append=len(text))
            gaps -= numpy.asarray(spaces, dtype=bool)
            starts: list[int] = starts_array.tolist()
            lengths: list[int] = gaps.tolist()
            del starts_array, gaps
            for cutter in self.cutters:
                keys, starts, lengths, spaces = self._cut_words(
                    cutter, text, keys, starts, lengths, spaces, extra
                )
            del starts, lengths
        doc = Doc(self.vocab, words=keys, spaces=spaces)
        doc.user_data.update(extra)
        set_folded_norms(doc, text, folded)
        doc._.pipeline = self.pipeline_info
        remember_text(doc, text)  # stages read it back instead of rebuilding doc.text
        return doc

    def pipe(self, texts: Any, batch_size: int = 1000) -> Any:
        for text in texts:
            yield self(text)

    def _cut_words(
        self,
        cutter: TokenCutter,
        text: str,
        keys: list[Any],
        starts: list[int],
        lengths: list[int],
        spaces: list[bool],
        extra: dict[str, Any],
    ) -> tuple[list[Any], list[int], list[int], list[bool]]:
        """Split the tokens at the cutter's offsets; only the tokens that are cut are touched
        (their pieces are read from ``text``)."""
        cuts, data = cutter(text, starts, lengths)
        extra.update(data)
        if not cuts:
            return keys, starts, lengths, spaces
        inner: dict[int, list[int]] = {}
        for cut in sorted(set(cuts)):
            i = bisect.bisect_right(starts, cut) - 1
            if i >= 0 and starts[i] < cut < starts[i] + lengths[i]:
                inner.setdefault(i, []).append(cut)
        if not inner:
            return keys, starts, lengths, spaces
        new_keys: list[Any] = []
        new_starts: list[int] = []
        new_lengths: list[int] = []
        new_spaces: list[bool] = []
        previous = 0
        for i in sorted(inner):
            new_keys.extend(keys[previous:i])
            new_starts.extend(starts[previous:i])
            new_lengths.extend(lengths[previous:i])
            new_spaces.extend(spaces[previous:i])
            bounds = [starts[i], *inner[i], starts[i] + lengths[i]]
            new_keys.extend(self._word_keys([text[a:b] for a, b in itertools.pairwise(bounds)]))
            new_starts.extend(bounds[:-1])
            new_lengths.extend(b - a for a, b in itertools.pairwise(bounds))
            new_spaces.extend([False] * (len(bounds) - 2))
            new_spaces.append(spaces[i])
            previous = i + 1
        new_keys.extend(keys[previous:])
        new_starts.extend(starts[previous:])
        new_lengths.extend(lengths[previous:])
        new_spaces.extend(spaces[previous:])
        return new_keys, new_starts, new_lengths, new_spaces

    def _word_keys(self, words: list[str]) -> list[Any]:
        """The words as their string-store hashes where known (``Doc`` accepts both).

        A hash is remembered only for a string added outside a memory zone (a zone's strings
        are dropped when it ends, so inside one the words go as text), and only for the string
        store it was added to (a replaced vocab starts afresh).
        """
        vocab = self.vocab
        if getattr(vocab, "in_memory_zone", False):  # not in spaCy's type stubs
            return words
        if self._orths_of is not vocab.strings or len(self._orths) > _ORTH_CACHE_LIMIT:
            self._orths, self._orths_of = {}, vocab.strings
        orths = self._orths
        try:  # every word seen before (most chunks once the cache is warm): no None scan
            return list(map(orths.__getitem__, words))
        except KeyError:
            pass
        keys: list[Any] = list(map(orths.get, words))
        add = vocab.strings.add
        for i, key in enumerate(keys):
            if key is None:
                word = words[i]
                key = orths.get(word)
                if key is None:
                    key = orths[word] = add(word)
                keys[i] = key
        return keys


#: Distinct words whose hash the tokenizer remembers before it starts afresh.
_ORTH_CACHE_LIMIT = 200_000  # ~25 MB at most (the vocab itself keeps every lexeme)


def set_folded_norms(doc: Doc, text: str, folded: str | None = None) -> None:
    """Give each token whose analysis fold differs from its text that fold as ``norm_``.

    Called by the tokenizer and by any stage that rebuilds the Doc (entities splits tokens).
    """
    if folded is None:
        folded = fold_for_analysis(text)
    if folded == text:
        return
    for i in _tokens_that_fold(doc, text, folded):
        token = doc[i]
        token.norm_ = folded[token.idx : token.idx + len(token.text)]


#: Texts longer than this are segmented in pieces of about this size, cut after a line break, so
#: the segmenter's working memory stays bounded and time stays linear in the text's length.
CHUNK_CHARS = 100_000
_CUT_AFTER = ("\n", "。", "！", "？", "；", " ")


def chunk_bounds(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """(start, end) pieces that tile ``text``, each at most ``size`` characters.

    A piece ends after the last line break before the limit (or, in a text without one, after the
    last sentence end or space), so no word is cut: the segmenter never joins across a line break.
    A piece never ends between the halves of a surrogate pair.
    """
    bounds: list[tuple[int, int]] = []
    start = 0
    length = len(text)
    while length - start > size:
        limit = start + size
        cut = -1
        for mark in _CUT_AFTER:
            cut = text.rfind(mark, start + size // 2, limit)
            if cut != -1:
                break
        end = cut + 1 if cut != -1 else limit
        if "\ud800" <= text[end - 1] <= "\udbff":
            end -= 1
        bounds.append((start, end))
        start = end
    bounds.append((start, length))
    return bounds


def _tokens_that_fold(doc: Doc, text: str, folded: str) -> list[int]:
    """Indices of the tokens whose folded form differs from their text, found with numpy on the
    code points (a Token object per token cost as much as segmenting the text)."""
    original = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
    changed = numpy.frombuffer(folded.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
    positions = numpy.flatnonzero(original != changed)
    starts = doc.to_array("IDX").astype(numpy.int64)
    indices: list[int] = numpy.unique(numpy.searchsorted(starts, positions, "right") - 1).tolist()
    return indices


def _unfold_words(text: str, folded: str, bounds: list[int], words: list[str]) -> None:
    """Make ``words`` (``folded``'s words between ``bounds``) ``text``'s: only the words with a
    folded character are sliced again."""
    if folded == text:
        return
    original = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
    changed = numpy.frombuffer(folded.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
    done = -1
    for position in numpy.flatnonzero(original != changed).tolist():
        i = bisect.bisect_right(bounds, position, 0, len(words)) - 1
        if i != done:
            words[i] = text[bounds[i] : bounds[i + 1]]
            done = i


def _fold_spaces(text: str, bounds: list[int], words: list[str], spaces: list[bool]) -> list[int]:
    """Turn a lone " " token after a non-space token into that token's trailing space (set in
    ``spaces``); the indices of those " " tokens, ascending, are for the caller to drop.

    Only the places where the text has a space are visited (found by ``str.find``), so Chinese
    text with a few spaces costs no Python work per token.
    """
    drop: list[int] = []
    count = len(words)  # token i is text[bounds[i]:bounds[i + 1]]
    position = text.find(" ")
    while position != -1:
        i = bisect.bisect_left(bounds, position, 0, count)
        if (
            i > 0
            and i < count
            and bounds[i] == position
            and bounds[i + 1] == position + 1
            and not words[i - 1].isspace()
        ):
            spaces[i - 1] = True
            drop.append(i)
        position = text.find(" ", position + 1)
    return drop


_T = TypeVar("_T")


def _without(items: list[_T], drop: list[int]) -> list[_T]:
    """``items`` without the ascending indices ``drop`` (copied in runs, not item by item)."""
    kept: list[_T] = []
    previous = 0
    for i in drop:
        kept += items[previous:i]
        previous = i + 1
    kept += items[previous:]
    return kept
