"""Sentence boundaries for policy prose.

Chinese sentences end in 。！？ (and ； in enumerations of measures), and PDF or report text
keeps one paragraph or heading per line, so a line end also closes a sentence. Closing quotes
and brackets stay with the sentence they close. Whitespace joins the sentence before it, so no
sentence is made of whitespace alone.
"""

from __future__ import annotations

import numpy
from spacy.tokens import Doc

from multilat_nlp.text import CLOSERS, SUPERSCRIPT_DIGITS, TERMINAL_CHARS

DEFAULT_TERMINALS = TERMINAL_CHARS
# Closing quotes and brackets, and superscript footnote markers (“…实践”。¹), end with the sentence.
_CLOSERS = CLOSERS | frozenset(SUPERSCRIPT_DIGITS)


class SentenceSplitter:
    """Sets ``token.is_sent_start`` for every token."""

    def __init__(self, terminals: str = DEFAULT_TERMINALS, split_on_newline: bool = True) -> None:
        self.terminals = frozenset(terminals)
        self.split_on_newline = split_on_newline

    def __call__(self, doc: Doc) -> Doc:
        # Set all boundaries in one array write: assigning token.is_sent_start one by one
        # re-checks the whole Doc's annotation each time (quadratic on a 50k-token report).
        starts = numpy.full((len(doc), 1), -1, dtype=numpy.int32)
        boundary_pending = False
        for i, token in enumerate(doc):
            text = token.text
            if i == 0:
                starts[i, 0] = 1
            elif token.is_space:
                pass
            elif boundary_pending and not (_is_closer(text) and not _after_space(doc, i)):
                starts[i, 0] = 1
                boundary_pending = False
            if token.is_space:
                if self.split_on_newline and "\n" in text:
                    boundary_pending = True
            elif text[-1] in self.terminals:
                boundary_pending = True
        if len(doc):
            doc.from_array(["SENT_START"], starts.astype(numpy.uint64))  # type: ignore[arg-type]
        return doc


def _is_closer(text: str) -> bool:
    return all(ch in _CLOSERS for ch in text)


def _after_space(doc: Doc, i: int) -> bool:
    previous = doc[i - 1]
    return bool(previous.is_space or previous.whitespace_)
