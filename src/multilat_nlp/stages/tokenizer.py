"""The spaCy tokenizer that puts a :class:`Segmenter`'s spans into a ``Doc``."""

from __future__ import annotations

import bisect
from typing import Any

from spacy.tokens import Doc
from spacy.vocab import Vocab

from multilat_nlp.stages.segment import Segmenter
from multilat_nlp.text.normalise import fold_for_analysis


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
        # Segment the analysis fold (same length): ``２０１７`` and Founder-font Latin are
        # cut as ``2017`` and ``Abstract`` are; the tokens keep the text's own characters and
        # carry the folded form as ``norm_``.
        folded = fold_for_analysis(text)
        spans = self.segmenter.spans(folded)
        words = [text[s:e] for s, e in spans]
        spaces = [False] * len(words)
        if " " in text:
            words, spaces = _fold_spaces(text, spans, words, spaces)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        if folded != text:
            for token in doc:
                norm = folded[token.idx : token.idx + len(token.text)]
                if norm != token.text:
                    token.norm_ = norm
        doc._.pipeline = self.pipeline_info
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
