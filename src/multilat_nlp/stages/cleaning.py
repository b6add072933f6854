"""Clean-up as the first step of the pipeline, in front of the tokenizer.

Users hand ``nlp`` the text they have — often PDF-extracted, with footers and cut sentences — so
cleaning runs before segmentation rather than as a separate call they could forget. The ``Doc``
is built on the clean text; ``doc._.offset_map`` leads every offset back to the text given, and
``doc._.dropped`` lists what was removed, so nothing is lost silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, get_args

from spacy.tokens import Doc

from multilat_nlp.errors import ConfigError
from multilat_nlp.reading.clean import CleanText, Mode, clean
from multilat_nlp.reading.letter_spacing import remove_letter_spacing
from multilat_nlp.stages.segment import Segmenter
from multilat_nlp.stages.tokenizer import PolicyTokenizer


@dataclass(frozen=True)
class CleanSettings:
    """The ``[clean]`` table of a pipeline config."""

    enabled: bool = True
    mode: Mode = "auto"
    drop_pull_quotes: bool = True
    unwrap_lines: bool = True

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> CleanSettings:
        known = {"enabled", "mode", "drop_pull_quotes", "unwrap_lines"}
        unknown = sorted(set(config) - known)
        if unknown:
            raise ConfigError(f"unknown clean settings {unknown}; known: {sorted(known)}")
        mode = config.get("mode", "auto")
        if mode not in get_args(Mode):
            raise ConfigError(f"clean.mode must be one of {list(get_args(Mode))}, not {mode!r}")
        return cls(
            enabled=bool(config.get("enabled", True)),
            mode=mode,
            drop_pull_quotes=bool(config.get("drop_pull_quotes", True)),
            unwrap_lines=bool(config.get("unwrap_lines", True)),
        )


class CleaningTokenizer:
    """Cleans the text, then hands it to the segmenting tokenizer."""

    def __init__(self, inner: PolicyTokenizer, settings: CleanSettings) -> None:
        self.inner = inner
        self.settings = settings
        self.vocab = inner.vocab

    @property
    def segmenter(self) -> Segmenter:
        return self.inner.segmenter

    def clean(self, text: str) -> CleanText:
        """The clean text the Doc is built on (what the benchmark times as cleaning)."""
        cleaned = clean(
            text,
            mode=self.settings.mode,
            drop_pull_quotes=self.settings.drop_pull_quotes,
            unwrap_lines=self.settings.unwrap_lines,
        )
        if cleaned.mode == "pdf":
            # Only text the cleaner saw as PDF-extracted: elsewhere a spaced line is the
            # author's (and "left exactly as it is" is the cleaner's promise).
            cleaned = remove_letter_spacing(cleaned)
        return cleaned

    def __call__(self, text: str) -> Doc:
        cleaned = self.clean(text)
        doc = self.inner(cleaned.text)
        doc._.offset_map = cleaned.offset_map.to_list()
        doc._.dropped = list(cleaned.dropped)
        doc._.clean_info = cleaned.info()
        return doc

    def pipe(self, texts: Any, batch_size: int = 1000) -> Any:
        for text in texts:
            yield self(text)
