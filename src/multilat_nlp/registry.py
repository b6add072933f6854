"""Registration of the built-in stages with spaCy, in one explicit and idempotent function.

Registering from a function rather than from import-time decorators keeps imports free of side
effects and avoids circular imports (spaCy moved to the same pattern in ``registrations.py``).
A stage is a spaCy factory, so a spaCy user can also ``nlp.add_pipe("policy_sentences")``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language

from multilat_nlp.document import register_extensions
from multilat_nlp.stages.sentences import DEFAULT_TERMINALS, SentenceSplitter

#: What the tokenizer gives every Doc before any stage runs.
TOKENIZER_ASSIGNS = frozenset({"doc.text", "token.text", "token.idx", "token.is_space"})


@dataclass(frozen=True)
class StageInfo:
    """A built-in stage: its spaCy factory and the attributes it needs and sets."""

    factory: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


BUILTIN_STAGES: dict[str, StageInfo] = {
    "sentences": StageInfo(
        factory="policy_sentences",
        requires=("token.text",),
        assigns=("token.is_sent_start", "doc.sents"),
    ),
}

_registered = False


def register_builtin_stages() -> None:
    """Register every built-in factory and Doc extension with spaCy (idempotent)."""
    global _registered
    if _registered:
        return
    register_extensions()
    info = BUILTIN_STAGES["sentences"]

    def make_sentences(
        nlp: Language, name: str, terminals: str, split_on_newline: bool
    ) -> SentenceSplitter:
        return SentenceSplitter(terminals=terminals, split_on_newline=split_on_newline)

    _factory(
        info,
        {"terminals": DEFAULT_TERMINALS, "split_on_newline": True},
        make_sentences,
    )
    _registered = True


def _factory(info: StageInfo, default_config: dict[str, object], func: object) -> None:
    if Language.has_factory(info.factory):
        return
    Language.factory(
        info.factory,
        default_config=default_config,
        requires=list(info.requires),
        assigns=list(info.assigns),
        func=func,  # type: ignore[arg-type]
    )
