"""The spaCy tokenizer that puts a :class:`Segmenter`'s spans into a ``Doc``."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc
from spacy.vocab import Vocab

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
        words: list[str] = []
        spaces: list[bool] = []
        for start, end in self.segmenter.spans(text):
            word = text[start:end]
            if word == " " and words and not spaces[-1] and not words[-1].isspace():
                spaces[-1] = True
            else:
                words.append(word)
                spaces.append(False)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc._.pipeline = self.pipeline_info
        return doc

    def pipe(self, texts: Any, batch_size: int = 1000) -> Any:
        for text in texts:
            yield self(text)
