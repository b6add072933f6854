"""Features of a unit for the learned layer: cues, section role, genre, position, character
n-grams and the neighbours' cue labels.

Review and plan sections share bare verb phrases with opposite functions (EVIDENCE of work done
vs RECOMMENDATION), so cue features are also crossed with the section role and the genre: a
linear model cannot form those conjunctions itself.

A unit's features come in groups, each a pure function of a small hashable key (its section
role, its cue keys, …) plus its character n-grams. Training reads the names
(:func:`unit_features`); the stage scores whole batches (:func:`score_units`): each group's
model columns are looked up once per distinct key, the n-grams by code point arrays, and one
sparse product gives every unit's scores. Both read the same keys, so they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import compress

import numpy
from numpy.typing import NDArray
from scipy.sparse import csr_matrix

from multilat_nlp.arguments.cues import CueAnalysis, analyse_texts, rule_label
from multilat_nlp.arguments.lexicon import profiles
from multilat_nlp.arguments.model import LinearModel
from multilat_nlp.arguments.units import Unit

_NGRAM_RANGE = (1, 2)
_NGRAM_PREFIX = 12  # the opening characters carry the frames (自…以来, 例如, 一是)
_HEAD_BIGRAMS = 4  # bigrams of the opening taken as ``head=`` features
_BATCH = 4096  # units scored together: bounded memory on long documents
_CODE_BITS = 21  # a code point fits in 21 bits; a bigram key is (first + 1) << 21 | second
_CLOSERS = "”’」）)"


@dataclass(slots=True)
class AnalysedUnit:
    """A unit with its cue analysis and the cue tagger's label."""

    unit: Unit
    cues: CueAnalysis
    rule: str
    after_semicolon: bool
    verb_initial: bool


def analyse_units(units: Sequence[Unit], text: str) -> list[AnalysedUnit]:
    """Cue analysis and the rule label of every unit, in order (the rule reads its predecessor)."""
    analysed: list[AnalysedUnit] = []
    priors = profiles()
    previous: str | None = None
    before: Unit | None = None
    for unit, cues in zip(units, analyse_texts([unit.text for unit in units]), strict=True):
        after_semicolon = bool(
            before is not None
            and before.paragraph == unit.paragraph
            and before.text.rstrip(_CLOSERS).endswith(("；", ";"))
        )
        verb_initial = unit.first_token_tag.startswith("v")
        role = priors.prior_role(unit.paragraph_role or unit.role, unit.genre)
        label = rule_label(cues, role, previous, after_semicolon, verb_initial)
        analysed.append(AnalysedUnit(unit, cues, label, after_semicolon, verb_initial))
        previous = label
        before = unit
    return analysed


# --- feature groups: key -> names -------------------------------------------------------------

_FLAGS: tuple[str, ...] = (
    "verb_initial", "after_semicolon", "enumerated", "list_lead", "contrast", "hedge", "quoted",
    "reported", "digits", "footnote", "first_in_paragraph", "last_in_paragraph",
    "first_in_section", "ends_semicolon", "ends_colon", "question",
)


def _base_names(genre: str, role: str, srole: str, rule: str, pos: int, length: int
                ) -> list[str]:
    return [
        f"genre={genre}",
        f"role={role}",
        f"role={role}|genre={genre}",
        f"srole={srole}",
        f"rule={rule}",
        f"rule={rule}|role={role}",
        f"rule={rule}|genre={genre}",
        f"pos={pos}",
        f"pos={pos}|genre={genre}",
        f"len={length}",
    ]


def _flag_names(flags: tuple[str, ...], role: str, genre: str) -> list[str]:
    names: list[str] = []
    for name in flags:
        names += [name, f"{name}|role={role}", f"{name}|genre={genre}"]
    return names


def _cue_names(strength: str | None, keys: tuple[str, ...], role: str, genre: str) -> list[str]:
    names = [f"modal={strength}", f"modal={strength}|role={role}"] if strength else []
    for key in keys:
        names += [f"cue={key}", f"cue={key}|role={role}", f"cue={key}|genre={genre}"]
    return names


def _sense_names(senses: tuple[str, ...], initial: tuple[str, ...], role: str) -> list[str]:
    names = [f"sense={sense}" for sense in senses]
    for sense in initial:
        names += [f"isense={sense}", f"isense={sense}|role={role}"]
    return names


def _neighbour_names(name: str, rule: str | None, same_paragraph: bool) -> list[str]:
    if rule is None:
        return [f"{name}:none"]
    names = [f"{name}:rule={rule}"]
    if same_paragraph:
        names.append(f"{name}:same_paragraph:rule={rule}")
    return names


_GROUPS: dict[str, Callable[..., list[str]]] = {
    "base": _base_names,
    "flags": _flag_names,
    "cues": _cue_names,
    "senses": _sense_names,
    "neighbour": _neighbour_names,
}


_NO_SENSES: tuple[str, ...] = ()
_SEMICOLONS = frozenset("；;")  # the last characters of the ends_* and question flags
_COLONS = frozenset("：:")
_QUESTIONS = frozenset("？?呢")


def _keys_of_units(analysed: Sequence[AnalysedUnit], low: int, high: int
                   ) -> list[tuple[object, ...]]:
    """The group keys of units ``low..high-1``, :data:`_KEYS_PER_UNIT` per unit in order:
    ``(group, *arguments)``, whose features are ``_GROUPS[group](*arguments)``. One loop over
    the units with the document's lists at hand: the stage calls it for every unit."""
    count = len(analysed)
    scale = max(count, 1)
    keys: list[tuple[object, ...]] = []
    append = keys.append
    before = analysed[low - 1] if low > 0 else None
    for i in range(low, high):
        item = analysed[i]
        unit, cues = item.unit, item.cues
        role = unit.paragraph_role or unit.role
        genre = unit.genre
        text = unit.text
        rule = item.rule
        position = (10 * i) // scale
        size = len(text) // 15
        append(("base", genre, role, unit.role, rule, position if position < 9 else 9,
                size if size < 6 else 6))
        last = text[-1:]  # "" for an empty text: in none of the sets
        on = (
            item.verb_initial, item.after_semicolon, cues.enumerated, cues.list_lead,
            cues.contrast, cues.hedge, cues.quoted, cues.reported, cues.digits,
            cues.footnote_mark, unit.first_in_paragraph, unit.last_in_paragraph,
            unit.first_in_section, last in _SEMICOLONS, last in _COLONS, last in _QUESTIONS,
        )
        append(("flags", tuple(compress(_FLAGS, on)), role, genre))
        append(("cues", cues.strength, tuple(cues.hits), role, genre))
        senses, initial = cues.senses, cues.initial_senses
        append(("senses", tuple(dict.fromkeys(senses)) if senses else _NO_SENSES,
                tuple(dict.fromkeys(initial)) if initial else _NO_SENSES, role))
        if before is None:
            append(("neighbour", "prev", None, False))
        else:
            append(("neighbour", "prev", before.rule, before.unit.paragraph == unit.paragraph))
        if i + 1 < count:
            after = analysed[i + 1]
            append(("neighbour", "next", after.rule, after.unit.paragraph == unit.paragraph))
        else:
            append(("neighbour", "next", None, False))
        before = item
    return keys


_KEYS_PER_UNIT = 6


def _group_keys(analysed: Sequence[AnalysedUnit], i: int) -> list[tuple[object, ...]]:
    """The group keys of unit ``i`` (see :func:`_keys_of_units`)."""
    return _keys_of_units(analysed, i, i + 1)


def _group_names(key: tuple[object, ...]) -> list[str]:
    return _GROUPS[str(key[0])](*key[1:])


def _text_names(text: str) -> list[str]:
    head = text[:_NGRAM_PREFIX]
    low, high = _NGRAM_RANGE
    grams = {text[k : k + n] for n in range(low, high + 1) for k in range(len(text) - n + 1)}
    names = [f"ng={g}" for g in grams]
    names += [f"head={head[k : k + 2]}" for k in range(min(_HEAD_BIGRAMS, len(head) - 1))]
    return names


def unit_features(analysed: Sequence[AnalysedUnit], i: int) -> list[str]:
    """The binary features of unit ``i`` (names only; the value is always 1)."""
    names: list[str] = []
    for key in _group_keys(analysed, i):
        names += _group_names(key)
    return names + _text_names(analysed[i].unit.text)


# --- scoring ------------------------------------------------------------------------------------


def _gram_key(gram: str) -> int:
    if len(gram) == 1:
        return ord(gram)
    return ((ord(gram[0]) + 1) << _CODE_BITS) | ord(gram[1])


@dataclass(frozen=True)
class _PairTable:
    """Two-character keys and their model columns as a dense table: each character that opens
    (closes) a key has a row (column) number, 0 for any other, and ``columns[row, column]``
    is the key's model column, -1 where the model has none. One gather per character pair,
    where a binary search over the sorted keys cost a cache miss per step."""

    rows: NDArray[numpy.int64]  # code point -> row (last entry: every code point beyond)
    cols: NDArray[numpy.int64]  # code point -> column (last entry: every code point beyond)
    columns: NDArray[numpy.int64]  # (row, column) -> model column, or -1

    @classmethod
    def of(cls, pairs: Sequence[tuple[int, int]]) -> _PairTable:
        """The table of ``(key, model column)`` pairs, keys as :func:`_gram_key` makes them."""
        mask = (1 << _CODE_BITS) - 1
        firsts = sorted({(key >> _CODE_BITS) - 1 for key, _ in pairs})
        seconds = sorted({key & mask for key, _ in pairs})
        rows = numpy.zeros(max(firsts, default=0) + 2, dtype=numpy.int64)
        rows[firsts] = numpy.arange(1, len(firsts) + 1)
        cols = numpy.zeros(max(seconds, default=0) + 2, dtype=numpy.int64)
        cols[seconds] = numpy.arange(1, len(seconds) + 1)
        columns = numpy.full((len(firsts) + 1, len(seconds) + 1), -1, dtype=numpy.int64)
        for key, column in pairs:
            columns[rows[(key >> _CODE_BITS) - 1], cols[key & mask]] = column
        return cls(rows, cols, columns)

    def lookup(self, first: NDArray[numpy.int64], second: NDArray[numpy.int64]
               ) -> NDArray[numpy.int64]:
        """The model column of each pair ``first[i] second[i]`` (code points), -1 where none."""
        row = self.rows[numpy.minimum(first, len(self.rows) - 1)]
        column = self.cols[numpy.minimum(second, len(self.cols) - 1)]
        found: NDArray[numpy.int64] = self.columns[row, column]
        return found


@dataclass(frozen=True)
class _GramColumns:
    """The model's n-gram and head features: bigram and head tables, unigram columns."""

    grams: _PairTable
    heads: _PairTable
    unigram: NDArray[numpy.int64]  # code point -> column of its unigram, -1 (last: beyond)


def _gram_columns(model: LinearModel) -> _GramColumns:
    grams: list[tuple[int, int]] = []
    heads: list[tuple[int, int]] = []
    low, high = _NGRAM_RANGE
    for name, column in model.index.items():
        if name.startswith("ng=") and low <= len(name) - 3 <= high and high <= 2:
            grams.append((_gram_key(name[3:]), column))
        elif name.startswith("head=") and len(name) == 7:
            heads.append((_gram_key(name[5:]), column))
    single = [(key, column) for key, column in grams if key < 1 << _CODE_BITS]
    unigram = numpy.full(max((key for key, _ in single), default=0) + 2, -1, dtype=numpy.int64)
    for key, column in single:
        unigram[key] = column
    pairs = [(key, column) for key, column in grams if key >= 1 << _CODE_BITS]
    return _GramColumns(_PairTable.of(pairs), _PairTable.of(heads), unigram)


def _text_columns(table: _GramColumns, texts: Sequence[str]
                  ) -> tuple[NDArray[numpy.int64], NDArray[numpy.int64]]:
    """``(row, column)`` of every n-gram and head feature of ``texts`` the model has (a
    repeated n-gram repeats its pair)."""
    lengths = numpy.fromiter((len(t) for t in texts), dtype=numpy.int64, count=len(texts))
    code = numpy.frombuffer("".join(texts).encode("utf-32-le"), dtype=numpy.uint32).astype(
        numpy.int64
    )
    starts = numpy.cumsum(lengths) - lengths
    row_of = numpy.repeat(numpy.arange(len(texts)), lengths)
    following = numpy.append(code[1:], 0)
    is_last = numpy.zeros(len(code), dtype=bool)
    is_last[(starts + lengths - 1)[lengths > 0]] = True
    inside = ~is_last
    rows = [row_of, row_of[inside]]
    columns = [table.unigram[numpy.minimum(code, len(table.unigram) - 1)],
               table.grams.lookup(code[inside], following[inside])]
    heads = numpy.minimum(_HEAD_BIGRAMS, numpy.minimum(lengths, _NGRAM_PREFIX) - 1).clip(0)
    head_rows = numpy.repeat(numpy.arange(len(texts)), heads)
    head_at = numpy.repeat(starts, heads) + (
        numpy.arange(heads.sum()) - numpy.repeat(numpy.cumsum(heads) - heads, heads)
    )
    rows.append(head_rows)
    columns.append(table.heads.lookup(code[head_at], following[head_at]))
    row = numpy.concatenate(rows)
    column = numpy.concatenate(columns)
    known = column >= 0
    return row[known], column[known]


class Scorer:
    """Scores units with a model. The n-gram tables are built once; each distinct group key
    (see :func:`_group_keys`) gets its summed weights once, so a unit's group features cost a
    few dictionary look-ups (the stage keeps one Scorer; the cache grows only with new keys)."""

    def __init__(self, model: LinearModel) -> None:
        self.model = model
        self._grams = _gram_columns(model)
        self._key_ids: dict[tuple[object, ...], int] = {}
        self._key_scores: list[NDArray[numpy.float64]] = []
        self._rows: NDArray[numpy.float64] | None = None

    def _key_id(self, key: tuple[object, ...]) -> int:
        index = self.model.index
        columns = sorted({index[name] for name in _group_names(key) if name in index})
        weights = self.model.coef[columns].sum(axis=0) if columns else numpy.zeros(
            len(self.model.classes)
        )
        self._key_scores.append(weights)
        found = self._key_ids[key] = len(self._key_scores) - 1
        return found

    def _table(self) -> NDArray[numpy.float64]:
        """The summed weights of every key so far, one row per key id (rebuilt when keys were
        added since the last call)."""
        if self._rows is None or len(self._rows) != len(self._key_scores):
            self._rows = numpy.array(self._key_scores)
        return self._rows

    def scores(self, analysed: Sequence[AnalysedUnit]) -> NDArray[numpy.float64]:
        """Every unit's class scores, ``intercept + sum(coef[f])`` over its distinct features,
        as :meth:`LinearModel.scores` gives for :func:`unit_features` (batches of ``_BATCH``
        units, so no matrix grows with the document)."""
        model = self.model
        scores = numpy.empty((len(analysed), len(model.classes)), dtype=numpy.float64)
        key_ids = self._key_ids
        for low in range(0, len(analysed), _BATCH):
            high = min(len(analysed), low + _BATCH)
            keys = _keys_of_units(analysed, low, high)
            ids = list(map(key_ids.get, keys))
            for j in [j for j, found in enumerate(ids) if found is None]:
                found = key_ids.get(keys[j])  # a new key seen twice in the batch
                ids[j] = self._key_id(keys[j]) if found is None else found
            text_rows, text_columns = _text_columns(
                self._grams, [item.unit.text for item in analysed[low:high]]
            )
            matrix = csr_matrix(
                (numpy.ones(len(text_rows)), (text_rows, text_columns)),
                shape=(high - low, len(model.index)),
            )
            matrix.data[:] = 1.0  # a feature counts once per unit (an n-gram seen twice, too)
            groups = self._table()[
                numpy.array(ids, dtype=numpy.int64).reshape(high - low, _KEYS_PER_UNIT)
            ]
            scores[low:high] = matrix @ model.coef + groups.sum(axis=1) + model.intercept
        return scores
