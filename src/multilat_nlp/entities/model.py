"""A character tagger for PERSON / ORG / GPE / LOC names that no gazetteer lists.

An averaged perceptron over character n-grams and the segmenter's POS tags (jieba's nr/ns/nt are
features, never the answer), decoded with Viterbi under BIO constraints. The weights are a small
numpy file shipped in the package (``resources/models/ner_chars.npz``); the recipe that trains it
is ``benchmarks/train_ner.py``.

Two ways to score, with bit-identical results: :meth:`CharTagger.spans` builds the feature strings
of one text (the training path, :func:`char_features`), and :meth:`CharTagger.window_spans` scores
many windows of a document at once without any Python work per character: the feature table is
compiled into sorted numpy keys per template (code point, code point pair, tag+code point), looked
up with ``searchsorted``, the weight rows are added template by template (the order
``weights[ids].sum(axis=0)`` adds them in), and all windows are decoded by one Viterbi that steps
through the windows side by side (:func:`viterbi_batch`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy
import numpy.typing as npt

from multilat_nlp.errors import ConfigError

MODEL_LABELS = ("PERSON", "ORG", "GPE", "LOC")
TAGS = ("O", *(f"{p}-{label}" for label in MODEL_LABELS for p in ("B", "I")))
_TAG_INDEX = {tag: i for i, tag in enumerate(TAGS)}
_PACKAGE = "multilat_nlp.resources.models"
MODEL_FILE = "ner_chars.npz"
_PAD = "\x00"


def _allowed_transitions() -> npt.NDArray[numpy.bool_]:
    """I-X may only follow B-X or I-X (the BIO constraint)."""
    allowed = numpy.ones((len(TAGS), len(TAGS)), dtype=bool)
    for j, tag in enumerate(TAGS):
        if tag.startswith("I-"):
            label = tag[2:]
            for i, prev in enumerate(TAGS):
                allowed[i, j] = prev in (f"B-{label}", f"I-{label}")
    return allowed


_ALLOWED = _allowed_transitions()
_START_ALLOWED = numpy.array([not t.startswith("I-") for t in TAGS])


def char_features(text: str, tags: Sequence[str]) -> list[list[str]]:
    """Feature strings of each character; ``tags[i]`` is the POS tag+position of character i."""
    padded = _PAD * 2 + text + _PAD * 2
    out = []
    for i in range(len(text)):
        c = i + 2
        out.append([
            "b",
            "u0" + padded[c],
            "u-1" + padded[c - 1],
            "u1" + padded[c + 1],
            "u-2" + padded[c - 2],
            "u2" + padded[c + 2],
            "b-1" + padded[c - 1 : c + 1],
            "b1" + padded[c : c + 2],
            "t" + tags[i],
            "tu" + tags[i] + padded[c],
        ])  # fmt: skip
    return out


def token_tags(spans: Iterable[tuple[int, int, str]], length: int) -> list[str]:
    """Per character: the containing token's POS tag and B/I/E/S position (nr:B, ns:S…)."""
    tags = ["-:S"] * length
    for start, end, tag in spans:
        tag = tag or "-"
        if end - start == 1:
            tags[start] = f"{tag}:S"
            continue
        tags[start] = f"{tag}:B"
        for i in range(start + 1, end - 1):
            tags[i] = f"{tag}:I"
        tags[end - 1] = f"{tag}:E"
    return tags


def bio_spans(tags: Sequence[int]) -> list[tuple[int, int, str]]:
    """(start, end, label) of each B-X I-X* run."""
    spans = []
    start = -1
    label = ""
    for i, t in enumerate([*tags, 0]):
        name = TAGS[t]
        if start >= 0 and not (name.startswith("I-") and name[2:] == label):
            spans.append((start, i, label))
            start = -1
        if name.startswith("B-"):
            start, label = i, name[2:]
    return spans


@dataclass
class CharTagger:
    """Weights per feature string; ``transitions[i, j]`` scores tag i followed by tag j."""

    features: dict[str, int]
    weights: npt.NDArray[numpy.float32]
    transitions: npt.NDArray[numpy.float32]
    _compiled: _CompiledFeatures | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def compiled(self) -> _CompiledFeatures:
        """The feature table as numpy look-ups (built on first use; the dict stays the truth)."""
        if self._compiled is None:
            self._compiled = _CompiledFeatures(self.features, self.weights)
        return self._compiled

    @classmethod
    def load(cls, path: str | Path | None = None) -> CharTagger:
        source = resources.files(_PACKAGE).joinpath(MODEL_FILE) if path is None else Path(path)
        try:
            with source.open("rb") as handle, numpy.load(handle) as data:
                names = _feature_names(data)
                weights = data["weights"].astype(numpy.float32)
                transitions = data["transitions"].astype(numpy.float32)
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError(f"cannot read the entity model {source}: {exc}") from exc
        return cls({n: i for i, n in enumerate(names)}, weights, transitions)

    def save(self, path: str | Path) -> None:
        names = sorted(self.features, key=self.features.__getitem__)
        # The names as one UTF-8 blob and each one's length in bytes: a numpy string array
        # strips trailing NULs, and the pad character is one ("u1" + pad lost its pad).
        encoded = [n.encode("utf-8") for n in names]
        with open(path, "wb") as handle:
            numpy.savez_compressed(
                handle,
                feature_bytes=numpy.frombuffer(b"".join(encoded), dtype=numpy.uint8),
                feature_lengths=numpy.array([len(e) for e in encoded], dtype=numpy.int32),
                weights=self.weights.astype(numpy.float16),
                transitions=self.transitions.astype(numpy.float16),
            )

    def emissions(self, feats: Sequence[Sequence[str]]) -> npt.NDArray[numpy.float32]:
        table = self.features
        scores = numpy.zeros((len(feats), len(TAGS)), dtype=numpy.float32)
        for i, row in enumerate(feats):
            ids = [table[f] for f in row if f in table]
            if ids:
                scores[i] = self.weights[ids].sum(axis=0)
        return scores

    def decode(self, feats: Sequence[Sequence[str]]) -> list[int]:
        return viterbi(self.emissions(feats), self.transitions)

    def spans(self, text: str, tags: Sequence[str]) -> list[tuple[int, int, str]]:
        """Name spans in ``text`` (offsets into it)."""
        if not text:
            return []
        return bio_spans(self.decode(char_features(text, tags)))

    def window_spans(
        self,
        text: str,
        windows: Sequence[tuple[int, int]] | npt.NDArray[numpy.int64],
        token_starts: npt.NDArray[numpy.int64],
        token_ends: npt.NDArray[numpy.int64],
        token_tags: npt.NDArray[numpy.int64],
        tag_names: Sequence[str],
    ) -> list[tuple[int, int, str]]:
        """Name spans (offsets into ``text``) of every window, each tagged as ``spans`` would
        tag ``text[start:end]`` alone, with a token's POS tag only where the whole token lies
        inside the window (as ``token_tags`` of the tokens inside). ``token_starts``/``_ends``
        are in order (a gap, such as a trailing space, has no tag); token i's POS tag is
        ``tag_names[token_tags[i]]`` ("" for none).

        Windows are scored in batches of about ``BATCH_CHARS`` characters, so the working
        arrays stay bounded on a long document.
        """
        bounds = numpy.asarray(windows, dtype=numpy.int64).reshape(-1, 2)
        bounds = bounds[bounds[:, 1] > bounds[:, 0]]
        if not len(bounds) or not len(token_starts):
            return []
        codes = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
        # Rows: each tag name and "outside" (the last row, "-"), columns: the place B/I/E/S.
        tag_lookup = numpy.array(
            [
                [self.compiled.tag_index(f"{n or '-'}:{p}") for p in "BIES"]
                for n in [*tag_names, ""]
            ],
            dtype=numpy.int64,
        )
        tokens = _Tokens(token_starts, token_ends, token_tags, tag_lookup)
        spans: list[tuple[int, int, str]] = []
        ends = numpy.cumsum(bounds[:, 1] - bounds[:, 0])
        first = 0
        while first < len(bounds):
            done = int(ends[first - 1]) if first else 0
            last = max(first + 1, int(numpy.searchsorted(ends, done + BATCH_CHARS, "right")))
            spans.extend(self._batch_spans(codes, bounds[first:last], tokens))
            first = last
        return spans

    def _batch_spans(
        self, codes: npt.NDArray[numpy.uint32], bounds: npt.NDArray[numpy.int64], tokens: _Tokens
    ) -> list[tuple[int, int, str]]:
        lengths = bounds[:, 1] - bounds[:, 0]
        offsets = numpy.cumsum(lengths) - lengths
        window_of = numpy.repeat(numpy.arange(len(bounds)), lengths)
        first = bounds[window_of, 0]
        last = bounds[window_of, 1]
        positions = first + numpy.arange(len(window_of)) - offsets[window_of]

        def code_at(offset: int) -> npt.NDArray[numpy.int64]:
            at = positions + offset
            inside = (at >= first) & (at < last)
            picked = codes[numpy.clip(at, 0, len(codes) - 1)].astype(numpy.int64)
            return numpy.where(inside, picked, 0)  # 0: the pad, as in char_features

        near = {k: code_at(k) for k in (-2, -1, 0, 1, 2)}
        tag_index = tokens.char_tags(positions, first, last)
        compiled = self.compiled
        emissions = numpy.zeros((len(positions), len(TAGS)), dtype=numpy.float32)
        for template_ids in compiled.ids(near, tag_index):
            # in the order weights[ids].sum adds; ``take`` gathers rows several times faster
            # than fancy indexing does
            emissions += compiled.rows.take(template_ids, axis=0)
        best = viterbi_batch(emissions, lengths, self.transitions)
        stops = offsets + lengths
        spans = []
        for start in numpy.flatnonzero(best % 2 == 1).tolist():  # B-X tags are odd
            stop = int(stops[window_of[start]])
            end = start + 1
            while end < stop and best[end] == best[start] + 1:  # then I-X
                end += 1
            offset = int(positions[start])
            spans.append((offset, offset + end - start, TAGS[int(best[start])][2:]))
        return spans


#: Characters scored per batch by :meth:`CharTagger.window_spans` (bounds its working memory).
BATCH_CHARS = 1 << 16


@dataclass
class _Tokens:
    """A document's tokens as arrays: where each starts/ends, its tag name, the tag look-up."""

    starts: npt.NDArray[numpy.int64]
    ends: npt.NDArray[numpy.int64]
    names: npt.NDArray[numpy.int64]
    lookup: npt.NDArray[numpy.int64]

    def char_tags(
        self,
        positions: npt.NDArray[numpy.int64],
        first: npt.NDArray[numpy.int64],
        last: npt.NDArray[numpy.int64],
    ) -> npt.NDArray[numpy.int64]:
        """Per position, the compiled index of its ``token_tags`` string (-1: no feature has it):
        the token's tag and place (B/I/E/S) if the token lies inside the window, else ``-:S``."""
        token = numpy.searchsorted(self.starts, positions, side="right") - 1
        start, end = self.starts[token], self.ends[token]
        inside = (start >= first) & (end <= last) & (positions < end)  # not a gap
        place = numpy.where(
            end - start == 1,
            3,
            numpy.where(positions == start, 0, numpy.where(positions == end - 1, 2, 1)),
        )
        place = numpy.where(inside, place, 3)
        name = numpy.where(inside, self.names[token], len(self.lookup) - 1)
        return self.lookup[name, place]


def _feature_names(data: Any) -> list[str]:
    """Feature names of a saved model: the UTF-8 blob and lengths :meth:`CharTagger.save`
    writes, or (older files) a string array, whose names lost any trailing NUL."""
    if "feature_bytes" in data:
        blob = data["feature_bytes"].tobytes()
        ends = numpy.cumsum(data["feature_lengths"].astype(numpy.int64)).tolist()
        return [blob[a:b].decode("utf-8") for a, b in zip([0, *ends][:-1], ends, strict=True)]
    return [str(n) for n in data["features"]]


def viterbi(
    emissions: npt.NDArray[numpy.float32], transitions: npt.NDArray[numpy.float32]
) -> list[int]:
    """Best BIO-valid tag sequence."""
    n = len(emissions)
    if n == 0:
        return []
    blocked = numpy.float32(-1e9)
    trans = numpy.where(_ALLOWED, transitions, blocked)
    score = numpy.where(_START_ALLOWED, emissions[0], blocked)
    back = numpy.zeros((n, len(TAGS)), dtype=numpy.int64)
    for i in range(1, n):
        total = score[:, None] + trans
        back[i] = total.argmax(axis=0)
        score = total.max(axis=0) + emissions[i]
    best = [int(score.argmax())]
    for i in range(n - 1, 0, -1):
        best.append(int(back[i, best[-1]]))
    return best[::-1]


def viterbi_batch(
    emissions: npt.NDArray[numpy.float32],
    lengths: npt.NDArray[numpy.int64],
    transitions: npt.NDArray[numpy.float32],
) -> npt.NDArray[numpy.int64]:
    """:func:`viterbi` of many sequences at once: ``emissions`` holds them one after another,
    ``lengths`` says how long each is; the result is the best tags, laid out the same way.

    The sequences are stepped through side by side (longest first, so the ones still running
    are a prefix), with the same float32 operations and tie-breaking as :func:`viterbi`. Two
    layouts make the steps cheap (half the time on the reports' windows): the emissions are
    gathered once in step order, so each step reads a slice, not a fancy index; and the scores
    are laid out [sequence, next tag × previous tag] (``tile``: long contiguous rows, where a
    broadcast add over rows of 9 is slow), so the best previous tag is an argmax over the last
    axis and the best score is read at it by a flat index (the same float as the max).
    """
    n_tags = len(TAGS)
    best = numpy.zeros(len(emissions), dtype=numpy.int64)
    if not len(lengths):
        return best
    blocked = numpy.float32(-1e9)
    trans = numpy.where(_ALLOWED, transitions, blocked).astype(numpy.float32)
    flat_trans = numpy.ascontiguousarray(trans.T).ravel()  # [next * n_tags + previous]
    offsets = numpy.cumsum(lengths) - lengths
    order = numpy.argsort(-lengths, kind="stable")
    lengths_sorted = lengths[order]
    starts_sorted = offsets[order]
    longest = int(lengths_sorted[0])
    # running[t]: how many sequences are longer than t.
    running_counts = numpy.searchsorted(-lengths_sorted, -numpy.arange(longest), side="left")
    running: list[int] = running_counts.tolist()
    # Step order: step t's rows are character t of each sequence still running, in order.
    step_first = numpy.cumsum(running_counts) - running_counts
    within = numpy.arange(int(running_counts.sum())) - numpy.repeat(step_first, running_counts)
    where = starts_sorted[within] + numpy.repeat(numpy.arange(longest), running_counts)
    steps = emissions.take(where, axis=0)
    first: list[int] = step_first.tolist()
    score = numpy.where(_START_ALLOWED, steps[: running[0]], blocked).astype(numpy.float32)
    flat_rows = numpy.arange(len(lengths) * n_tags) * n_tags  # where each row of 9 starts
    final = numpy.zeros((len(lengths), n_tags), dtype=numpy.float32)
    back: list[npt.NDArray[numpy.intp]] = [numpy.zeros((0, n_tags), dtype=numpy.intp)]
    for t in range(1, longest):
        active, ended = running[t], running[t - 1]
        if active < ended:
            final[active:ended] = score[active:ended]
            score = score[:active]
        total = numpy.tile(score, n_tags)  # each sequence's scores once per next tag
        total += flat_trans
        previous = total.reshape(active, n_tags, n_tags).argmax(axis=2)
        back.append(previous)
        at_best = flat_rows[: active * n_tags] + previous.ravel()
        score = total.ravel()[at_best].reshape(active, n_tags) + steps[first[t] : first[t] + active]
    final[: running[longest - 1]] = score
    current = final.argmax(axis=1)
    rows = numpy.arange(len(lengths))
    in_steps = numpy.empty(len(where), dtype=numpy.int64)
    for t in range(longest - 1, -1, -1):
        active = running[t]
        in_steps[first[t] : first[t] + active] = current[:active]
        if t:
            current[:active] = back[t][rows[:active], current[:active]]
    best[where] = in_steps
    return best


def _parse_feature(name: str) -> tuple[str, int, int] | None:
    """(template, key, key2) of a feature string, or None for one ``char_features`` never makes.

    Unigrams ``u0``/``u-1``/``u1``/``u-2``/``u2`` + a character; bigrams ``b-1``/``b1`` + two;
    ``t`` + a tag (``nr:B``); ``tu`` + a tag + a character. ``tu``/``t`` are told apart by where
    the tag's ``:`` is. A name an older file stored without its trailing NUL is never made.
    """
    size = len(name)
    head = name[:3]
    if size == 1:
        return ("b", 0, 0) if name == "b" else None
    if size == 3 and head[:2] in _SHORT_PREFIXES:
        return (head[:2], ord(name[2]), 0)
    if size == 4 and head in ("u-1", "u-2"):
        return (head, ord(name[3]), 0)
    if size == 4 and head[:2] == "b1":
        return ("b1", ord(name[2]), ord(name[3]))
    if size == 5 and head == "b-1":
        return ("b-1", ord(name[3]), ord(name[4]))
    if name[0] == "t" and size >= 4:
        if head[:2] == "tu" and size >= 6 and name[-3] == ":" and name[-2] in "BIES":
            return ("tu", 0, ord(name[-1]))
        if name[-2] == ":" and name[-1] in "BIES":
            return ("t", 0, 0)
    return None


_SHORT_PREFIXES = frozenset({"u0", "u1", "u2"})
_UNIGRAMS = (("u0", 0), ("u-1", -1), ("u1", 1), ("u-2", -2), ("u2", 2))
_SHIFT = 21  # code points fit in 21 bits
#: Code points below this get a row of the dense character table (the model's are all in the
#: Basic Multilingual Plane; a model with others widens it).
_DENSE_CODES = 0x10000


class _CompiledFeatures:
    """The feature dict as arrays, for vectorised look-ups.

    Every character a feature names gets a small id (0: none does), through one dense table
    over code points; the unigram, tag and tag+character features are then dense tables over
    those ids (one gather per template, no search), the character pairs sorted keys searched
    with ``searchsorted``. Where two features would share a key, the lower id is the one found,
    as a search of keys sorted with their ids finds it.
    """

    def __init__(self, features: dict[str, int], weights: npt.NDArray[numpy.float32]) -> None:
        n = len(features)
        self.missing = n  # the id of an all-zero row: adding it changes nothing
        self.rows = numpy.vstack([weights, numpy.zeros((1, weights.shape[1]), weights.dtype)])
        keys: dict[str, list[tuple[int, int, int]]] = {}
        self._tags: dict[str, int] = {}
        self.bias = self.missing
        for name, fid in features.items():
            parsed = _parse_feature(name)
            if parsed is None:
                continue
            template, a, b = parsed
            if template == "b":
                self.bias = fid
            elif template in ("t", "tu"):
                tag = name[1:] if template == "t" else name[2:-1]
                index = self._tags.setdefault(tag, len(self._tags))
                keys.setdefault(template, []).append((index, b, fid))
            else:
                keys.setdefault(template, []).append((a, b, fid))
        chars = sorted(
            {a for t, k in keys.items() if t not in ("t", "tu") for a, _, _ in k}
            | {b for t, k in keys.items() if t in ("b-1", "b1", "tu") for _, b, _ in k}
        )
        size = max(_DENSE_CODES, chars[-1] + 1 if chars else 0)
        #: code point (clipped to ``size``: the last entry is no character) -> character id
        self.char_ids = numpy.zeros(size + 1, dtype=numpy.int64)
        self.char_ids[chars] = numpy.arange(1, len(chars) + 1)
        width = self._width = len(chars) + 1

        def dense(shape: tuple[int, ...], entries: list[tuple[int, ...]]) -> Any:
            table = numpy.full(shape, self.missing, dtype=numpy.int64)
            for *at, fid in sorted(entries, reverse=True):  # the lowest id written last
                table[tuple(at)] = fid
            return table

        cid = self.char_ids
        self._unigrams = {
            t: dense((width,), [(int(cid[a]), f) for a, _, f in keys.get(t, [])])
            for t, _ in _UNIGRAMS
        }
        n_tags = len(self._tags)
        # The last row is for tag index -1 (a tag no feature has): it finds nothing.
        self._tag_table = dense((n_tags + 1,), [(i, f) for i, _, f in keys.get("t", [])])
        self._tag_char_table = dense(
            (n_tags + 1, width), [(i, int(cid[b]), f) for i, b, f in keys.get("tu", [])]
        )
        self._pairs: dict[str, tuple[npt.NDArray[numpy.int64], npt.NDArray[numpy.int64]]] = {}
        for template in ("b-1", "b1"):
            pairs = sorted(
                (int(cid[a]) * width + int(cid[b]), f) for a, b, f in keys.get(template, [])
            )
            self._pairs[template] = (
                numpy.array([k for k, _ in pairs], dtype=numpy.int64),
                numpy.array([f for _, f in pairs], dtype=numpy.int64),
            )

    def tag_index(self, tag: str) -> int:
        """The index of a tag string in the ``t``/``tu`` keys; -1 when no feature has it."""
        return self._tags.get(tag, -1)

    def _find_pair(
        self, template: str, keys: npt.NDArray[numpy.int64]
    ) -> npt.NDArray[numpy.int64]:
        sorted_keys, ids = self._pairs[template]
        if not len(sorted_keys):
            return numpy.full(len(keys), self.missing, dtype=numpy.int64)
        at = numpy.minimum(numpy.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
        return numpy.where(sorted_keys[at] == keys, ids[at], self.missing)

    def ids(
        self, near: dict[int, npt.NDArray[numpy.int64]], tag_index: npt.NDArray[numpy.int64]
    ) -> list[npt.NDArray[numpy.int64]]:
        """Feature ids per template, in :func:`char_features` order (``missing`` where absent).

        ``near[k]`` is the code point k characters away (0 outside the window: the pad)."""
        n = len(tag_index)
        limit = len(self.char_ids) - 1
        cids = {k: self.char_ids[numpy.minimum(codes, limit)] for k, codes in near.items()}
        out = [numpy.full(n, self.bias, dtype=numpy.int64)]
        out += [self._unigrams[t][cids[k]] for t, k in _UNIGRAMS]
        width = self._width
        out.append(self._find_pair("b-1", cids[-1] * width + cids[0]))
        out.append(self._find_pair("b1", cids[0] * width + cids[1]))
        out.append(self._tag_table[tag_index])  # -1: the last entry, which finds nothing
        out.append(self._tag_char_table[tag_index, cids[0]])
        return out


def train(
    sentences: Sequence[tuple[list[list[str]], list[int]]], *, epochs: int = 5, seed: int = 0
) -> CharTagger:
    """Averaged structured perceptron (Collins 2002) over (features, gold tags) sentences."""
    features: dict[str, int] = {}
    encoded = []
    for feats, gold in sentences:
        rows = [[features.setdefault(f, len(features)) for f in row] for row in feats]
        encoded.append((rows, gold))
    n_tags = len(TAGS)
    weights = numpy.zeros((len(features), n_tags), dtype=numpy.float64)
    totals = numpy.zeros_like(weights)
    stamps = numpy.zeros_like(weights)
    trans = numpy.zeros((n_tags, n_tags), dtype=numpy.float64)
    trans_totals = numpy.zeros_like(trans)
    trans_stamps = numpy.zeros_like(trans)
    rng = numpy.random.default_rng(seed)
    step = 0
    for _ in range(epochs):
        for index in rng.permutation(len(encoded)):
            rows, gold = encoded[index]
            step += 1
            emissions = numpy.array([weights[r].sum(axis=0) for r in rows], dtype=numpy.float32)
            guess = viterbi(emissions, trans.astype(numpy.float32))
            if guess == gold:
                continue
            for i, (g, p) in enumerate(zip(gold, guess, strict=True)):
                if g == p:
                    continue
                for f in rows[i]:
                    for tag, delta in ((g, 1.0), (p, -1.0)):
                        totals[f, tag] += (step - stamps[f, tag]) * weights[f, tag]
                        stamps[f, tag] = step
                        weights[f, tag] += delta
            for i in range(1, len(gold)):
                for (a, b), delta in (
                    ((gold[i - 1], gold[i]), 1.0),
                    ((guess[i - 1], guess[i]), -1.0),
                ):
                    trans_totals[a, b] += (step - trans_stamps[a, b]) * trans[a, b]
                    trans_stamps[a, b] = step
                    trans[a, b] += delta
    totals += (step - stamps) * weights
    trans_totals += (step - trans_stamps) * trans
    averaged = (totals / max(step, 1)).astype(numpy.float32)
    averaged_trans = (trans_totals / max(step, 1)).astype(numpy.float32)
    keep = numpy.abs(averaged).max(axis=1) > 1e-3  # drop features that never mattered
    names = sorted(features, key=features.__getitem__)
    kept = [n for n, k in zip(names, keep, strict=True) if k]
    return CharTagger({n: i for i, n in enumerate(kept)}, averaged[keep], averaged_trans)


def tag_ids(labels: Sequence[str]) -> list[int]:
    """BIO strings (B-PERSON…) to tag ids; unknown labels become O."""
    return [_TAG_INDEX.get(label, 0) for label in labels]
