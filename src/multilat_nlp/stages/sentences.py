"""Sentence boundaries for policy prose.

Chinese sentences end in 。！？ (and ； in enumerations of measures), and PDF or report text
keeps one paragraph or heading per line, so a line end also closes a sentence. Closing quotes
and brackets stay with the sentence they close. Whitespace joins the sentence before it, so no
sentence is made of whitespace alone.
"""

from __future__ import annotations

from spacy.tokens import Doc

DEFAULT_TERMINALS = "。！？!?；;…"
_CLOSERS = frozenset("”’」』）)》〉】]\"'")


class SentenceSplitter:
    """Sets ``token.is_sent_start`` for every token."""

    def __init__(self, terminals: str = DEFAULT_TERMINALS, split_on_newline: bool = True) -> None:
        self.terminals = frozenset(terminals)
        self.split_on_newline = split_on_newline

    def __call__(self, doc: Doc) -> Doc:
        boundary_pending = False
        for i, token in enumerate(doc):
            text = token.text
            if i == 0:
                token.is_sent_start = True
            elif token.is_space:
                token.is_sent_start = False
            elif boundary_pending and not (text in _CLOSERS and not _after_space(doc, i)):
                token.is_sent_start = True
                boundary_pending = False
            else:
                token.is_sent_start = False
            if token.is_space:
                if self.split_on_newline and "\n" in text:
                    boundary_pending = True
            elif text[-1] in self.terminals:
                boundary_pending = True
        return doc


def _after_space(doc: Doc, i: int) -> bool:
    previous = doc[i - 1]
    return bool(previous.is_space or previous.whitespace_)
