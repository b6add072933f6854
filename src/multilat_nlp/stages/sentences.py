"""Sentence boundaries for policy prose.

Chinese sentences end in 。！？ (and ； in enumerations of measures), and PDF or report text
keeps one paragraph or heading per line, so a line end also closes a sentence. Closing quotes
and brackets stay with the sentence they close. Whitespace joins the sentence before it, so no
sentence is made of whitespace alone.

The stage works on the Doc's arrays (one ``to_array``, one ``from_array``), not on ``Token``
objects: a Python object per token cost more than segmenting the text.
"""

from __future__ import annotations

from typing import Any, cast

import numpy
from spacy.tokens import Doc

from multilat_nlp import doc_columns
from multilat_nlp.text import CLOSERS, SUPERSCRIPT_DIGITS, TERMINAL_CHARS

DEFAULT_TERMINALS = TERMINAL_CHARS
# Closing quotes and brackets, and superscript footnote markers (“…实践”。¹), end with the sentence.
_CLOSERS = CLOSERS | frozenset(SUPERSCRIPT_DIGITS)
_CACHE_LIMIT = 500_000
_TRIGGER, _CLOSER, _SPACE = 1, 2, 4


class SentenceSplitter:
    """Sets ``token.is_sent_start`` for every token.

    A token after a terminal (or after whitespace holding a line end) starts a sentence, unless
    it is a closer glued to the token before it; a closer does not end the pending boundary.
    """

    def __init__(self, terminals: str = DEFAULT_TERMINALS, split_on_newline: bool = True) -> None:
        self.terminals = frozenset(terminals)
        self.split_on_newline = split_on_newline
        self._facts: dict[int, int] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"terminals": "".join(sorted(self.terminals)), "split": self.split_on_newline}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["terminals"], state["split"])  # type: ignore[misc]

    def _word_facts(self, word: str) -> int:
        """``_TRIGGER | _CLOSER | _SPACE`` bits (ends a sentence, is a closer, is whitespace)
        for a token's text: one small int a word, so the table is one ``numpy.asarray``."""
        if word.isspace():
            return _SPACE | (_TRIGGER if self.split_on_newline and "\n" in word else 0)
        return (_TRIGGER if word[-1] in self.terminals else 0) | (
            _CLOSER if all(ch in _CLOSERS for ch in word) else 0
        )

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        array, (orths, _, inverse) = doc_columns.with_kinds(doc, ["ORTH", "SPACY"])
        strings = doc.vocab.strings
        facts = self._facts
        if len(facts) > _CACHE_LIMIT:
            facts.clear()
        distinct = orths.tolist()
        rows: list[int | None] = list(map(facts.get, distinct))
        if None in rows:
            for i, row in enumerate(rows):
                if row is None:
                    rows[i] = facts[distinct[i]] = self._word_facts(strings[distinct[i]])
        bits = numpy.asarray(rows, dtype=numpy.uint8)[inverse]
        trigger, closer, space = (bits & _TRIGGER) > 0, (bits & _CLOSER) > 0, (bits & _SPACE) > 0
        # A glued closer (no whitespace before it) stays with the sentence it closes.
        after_space = numpy.zeros(n, dtype=bool)
        after_space[1:] = space[:-1] | array[:-1, 1].astype(bool)
        candidate = ~space & ~(closer & ~after_space)
        candidate[0] = False
        # A candidate starts a sentence when a trigger lies between the previous candidate
        # (or the first token) and it: exactly the pending-boundary rule, token by token.
        triggers_before = numpy.concatenate(([0], numpy.cumsum(trigger)))
        positions = numpy.flatnonzero(candidate)
        previous = numpy.concatenate(([0], positions[:-1]))
        is_start = triggers_before[positions] > triggers_before[previous]
        starts = numpy.full((n, 1), -1, dtype=numpy.int64)
        starts[0, 0] = 1
        starts[positions[is_start], 0] = 1
        # One array write: token.is_sent_start one by one re-checks the whole Doc each time.
        doc.from_array(["SENT_START"], cast(Any, starts.astype(numpy.uint64)))
        return doc
