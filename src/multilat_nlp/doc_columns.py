"""A Doc's fixed token columns, read once instead of by every stage.

Stages and the JSON writer read offsets, surfaces and flags with ``Doc.to_array``, about twenty
reads of the whole Doc per document, and four of them sort the surfaces again (``numpy.unique``).
``IDX``, ``LENGTH``, ``ORTH``, ``SPACY`` and ``IS_SPACE`` change only when the Doc is
retokenized, so the first read keeps them (and the sort) in a record beside the Doc; later reads
take them from there and read only the columns stages write (``TAG``, ``POS``, ``SENT_START``…).
The record is held by a weak mapping keyed by the Doc, not in ``doc.user_data``: it goes when
the Doc goes and never travels with ``Doc.to_bytes`` or a pickle (0.5 MB for a 13k-token
report, a third more for ``nlp.pipe(n_process=2)`` to send back).

A kept record is never used stale: every read checks it against the Doc's ``IDX`` and ``SPACY``
columns (two of the cheapest columns to read). Those fix every token exactly: spaCy never changes
a Doc's text, token ``i`` ends where token ``i + 1`` starts less its trailing space, and its text
is its ``ORTH`` (whose lexeme gives ``IS_SPACE``). A Doc split or merged since gets a new record.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import Any, cast

import numpy
import numpy.typing as npt
from spacy.tokens import Doc

#: Doc -> its record; a cache checked at every read, so it changes no result.
_RECORDS: weakref.WeakKeyDictionary[Doc, dict[str, Any]] = weakref.WeakKeyDictionary()

#: The columns a record keeps, in the order of its array.
FIXED: tuple[str, ...] = ("IDX", "LENGTH", "ORTH", "SPACY", "IS_SPACE")
_CHECKED = ("IDX", "SPACY")
_COLUMN = {name: i for i, name in enumerate(FIXED)}

Array = npt.NDArray[numpy.uint64]
Kinds = tuple[Array, npt.NDArray[numpy.intp], npt.NDArray[numpy.intp]]


#: Docs with more tokens keep no record (a 3.6 M-token Doc's would hold 170 MB): every read is
#: a plain ``to_array``, as the bounded-memory paths for long documents expect.
RECORD_LIMIT = 250_000


def to_array(doc: Doc, names: Sequence[str]) -> Array:
    """``doc.to_array(list(names))``: the same (tokens × names) ``uint64`` array, always 2-D
    (spaCy's is 1-D for one name), with the fixed columns taken from the Doc's record."""
    if len(doc) > RECORD_LIMIT or not len(doc):
        return _plain(doc, names)
    other = [name for name in names if name not in _COLUMN]
    current = _plain(doc, [*other, *_CHECKED])
    record: Any = _RECORDS.get(doc)
    if not _matches(record, doc, current[:, len(other) :]):
        record = _RECORDS[doc] = {"fixed": _plain(doc, FIXED)}
    fixed: Array = record["fixed"]
    out = numpy.empty((len(doc), len(names)), dtype=numpy.uint64)
    at = 0
    for j, name in enumerate(names):
        if name in _COLUMN:
            out[:, j] = fixed[:, _COLUMN[name]]
        else:
            out[:, j] = current[:, at]
            at += 1
    return out


def column(doc: Doc, name: str) -> Array:
    """``doc.to_array(name)``: one column as a 1-D ``uint64`` array."""
    return to_array(doc, [name])[:, 0]


def with_kinds(doc: Doc, names: Sequence[str]) -> tuple[Array, Kinds]:
    """:func:`to_array` of ``names`` and the Doc's surface kinds: ``numpy.unique(
    doc.to_array("ORTH"), return_index=True, return_inverse=True)`` with the inverse flat (the
    distinct surfaces, the first token of each, each token's kind). The sort is done once per
    record; do not write to the kinds' arrays (they are the record's)."""
    array = to_array(doc, names)
    record = _RECORDS.get(doc) if len(doc) <= RECORD_LIMIT and len(doc) else None
    kinds = record.get("kinds") if isinstance(record, dict) else None
    if not isinstance(kinds, list | tuple) or len(kinds) != 3:
        orth = record["fixed"][:, _COLUMN["ORTH"]] if record else _plain(doc, ["ORTH"])[:, 0]
        orths, first, inverse = numpy.unique(orth, return_index=True, return_inverse=True)
        kinds = [orths, first, inverse.reshape(-1)]
        if record:
            record["kinds"] = kinds
    return array, (kinds[0], kinds[1], kinds[2])


def _matches(record: Any, doc: Doc, checked: Array) -> bool:
    """Whether ``record`` still describes the tokens (``checked``: their IDX and SPACY)."""
    if not isinstance(record, dict):
        return False
    fixed = record.get("fixed")
    if not isinstance(fixed, numpy.ndarray) or fixed.shape != (len(doc), len(FIXED)):
        return False
    return bool(
        numpy.array_equal(fixed[:, _COLUMN["IDX"]], checked[:, 0])
        and numpy.array_equal(fixed[:, _COLUMN["SPACY"]], checked[:, 1])
    )


def _plain(doc: Doc, names: Sequence[str]) -> Array:
    if not len(doc):
        return numpy.zeros((0, len(names)), dtype=numpy.uint64)
    array = cast(Array, doc.to_array(list(names)))  # spaCy's stub says float64: it is uint64
    return array.reshape(len(doc), len(names))
