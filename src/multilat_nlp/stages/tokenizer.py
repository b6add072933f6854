"""The spaCy tokenizer that puts a :class:`Segmenter`'s spans into a ``Doc``."""

from __future__ import annotations

import bisect
from typing import Any

from spacy.tokens import Doc
from spacy.vocab import Vocab

from multilat_nlp.doc_text import remember_text
from multilat_nlp.stages.segment import Segmenter


class PolicyTokenizer:
    """Builds a ``Doc`` whose tokens are exactly the segmenter's spans.

    A single ASCII space after a token becomes that token's trailing space (spaCy's convention);
    every other whitespace run stays a token of its own, so ``doc.text`` is always the input.
    """

    def __init__(self, vocab: Vocab, segmenter: Segmenter, pipeline_info: dict[str, Any]) -> None:
        self.vocab = vocab
        self.segmenter = segmenter
        self.pipeline_info = pipeline_info

    def __call__(self, text: str) -> Doc:
        spans = self.segmenter.spans(text)
        words = [text[s:e] for s, e in spans]
        spaces = [False] * len(words)
        if " " in text:
            words, spaces = _fold_spaces(text, spans, words, spaces)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc._.pipeline = self.pipeline_info
        remember_text(doc, text)  # stages read it back instead of rebuilding doc.text
        return doc

    def pipe(self, texts: Any, batch_size: int = 1000) -> Any:
        for text in texts:
            yield self(text)


def _fold_spaces(
    text: str, spans: list[tuple[int, int]], words: list[str], spaces: list[bool]
) -> tuple[list[str], list[bool]]:
    """Turn a lone " " token after a non-space token into that token's trailing space.

    Only the places where the text has a space are visited (found by ``str.find``), so Chinese
    text with a few spaces costs no Python work per token.
    """
    drop: list[int] = []
    position = text.find(" ")
    while position != -1:
        i = bisect.bisect_left(spans, (position, position))
        if (
            i > 0
            and i < len(spans)
            and spans[i] == (position, position + 1)
            and not words[i - 1].isspace()
        ):
            spaces[i - 1] = True
            drop.append(i)
        position = text.find(" ", position + 1)
    if not drop:
        return words, spaces
    dropped = set(drop)
    kept = [i for i in range(len(words)) if i not in dropped]
    return [words[i] for i in kept], [spaces[i] for i in kept]
