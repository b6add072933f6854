"""Registration of the built-in stages with spaCy, in one explicit and idempotent function.

Registering from a function rather than from import-time decorators keeps imports free of side
effects and avoids circular imports (spaCy moved to the same pattern in ``registrations.py``).
A stage is a spaCy factory, so a spaCy user can also ``nlp.add_pipe("policy_sentences")``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language

from multilat_nlp.document import register_extensions
from multilat_nlp.stages.arguments import DEFAULT_CONFIG as ARGUMENTS_CONFIG
from multilat_nlp.stages.arguments import make_arguments
from multilat_nlp.stages.entities import DEFAULT_CONFIG as ENTITIES_CONFIG
from multilat_nlp.stages.entities import make_entities
from multilat_nlp.stages.keywords import DEFAULT_CONFIG as KEYWORDS_CONFIG
from multilat_nlp.stages.keywords import make_keywords, register_keyword_extensions
from multilat_nlp.stages.pos import make_pos_tagger
from multilat_nlp.stages.sentences import DEFAULT_TERMINALS, SentenceSplitter
from multilat_nlp.stages.structure import DEFAULT_CONFIG as STRUCTURE_CONFIG
from multilat_nlp.stages.structure import make_structure

#: What the tokenizer gives every Doc before any stage runs.
TOKENIZER_ASSIGNS = frozenset({"doc.text", "token.text", "token.idx", "token.is_space"})


@dataclass(frozen=True)
class StageInfo:
    """A built-in stage: its spaCy factory and the attributes it needs and sets."""

    factory: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


BUILTIN_STAGES: dict[str, StageInfo] = {
    "structure": StageInfo(
        factory="policy_structure",
        requires=("doc.text",),
        assigns=("doc._.meta", "doc._.sections", "doc._.footnotes"),
    ),
    "sentences": StageInfo(
        factory="policy_sentences",
        requires=("token.text",),
        assigns=("token.is_sent_start", "doc.sents"),
    ),
    "pos": StageInfo(
        factory="policy_pos",
        requires=("token.text",),
        assigns=("token.tag", "token.pos"),
    ),
    "entities": StageInfo(
        factory="policy_entities",
        requires=("token.text",),
        assigns=("doc.ents", "doc._.entity_table"),
    ),
    "keywords": StageInfo(
        factory="policy_keywords",
        # Zones (title, abstract, headings) and the declared-keyword line come from the
        # structure stage's doc._.meta and doc._.sections; the keyword stage parses none.
        requires=("token.text", "doc._.meta", "doc._.sections"),
        assigns=("doc._.keywords",),
    ),
    "arguments": StageInfo(
        factory="policy_arguments",
        requires=("doc.sents",),
        assigns=("doc._.arguments", "doc.spans"),
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
    _factory(BUILTIN_STAGES["pos"], {"hmm": True}, make_pos_tagger)
    _factory(BUILTIN_STAGES["structure"], dict(STRUCTURE_CONFIG), make_structure)
    _factory(BUILTIN_STAGES["entities"], dict(ENTITIES_CONFIG), make_entities)
    register_keyword_extensions()
    _factory(BUILTIN_STAGES["keywords"], dict(KEYWORDS_CONFIG), make_keywords)
    _factory(BUILTIN_STAGES["arguments"], dict(ARGUMENTS_CONFIG), make_arguments)
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
