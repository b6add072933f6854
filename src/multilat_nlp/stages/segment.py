"""Word segmentation with a private dictionary per pipeline.

jieba keeps one module-level tokenizer; adding a word to it changes every other user in the
process. Each :class:`Segmenter` therefore owns its engine instance and its dictionaries, so two
pipelines with different lexicons can live side by side and give the same answer in 1 or N
processes.

The output is a list of ``(start, end)`` character spans that tile the input exactly, which is
what keeps every later offset honest.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from multilat_nlp._cache import cache_dir
from multilat_nlp.errors import ConfigError

Span = tuple[int, int]

_LEXICON_PACKAGE = "multilat_nlp.resources.lexicons"


class Engine(StrEnum):
    """Which segmentation engine does the dictionary look-ups."""

    JIEBA = "jieba"  # the reference implementation, pure Python
    RJIEBA = "rjieba"  # jieba-rs: the same algorithm and dictionary, compiled


class UserDictMode(StrEnum):
    """How user words take part (HanLP's dict_force / dict_combine)."""

    COMBINE = "combine"  # adjacent tokens that spell a user word are merged after segmentation
    FORCE = "force"  # every occurrence is cut out first and always stays one token


@dataclass(frozen=True)
class LexiconEntry:
    word: str
    freq: int | None = None
    tag: str | None = None


def parse_lexicon(lines: Iterable[str], *, source: str) -> list[LexiconEntry]:
    """Parse jieba's dictionary format (``WORD [FREQ] [TAG]``; ``#`` starts a comment)."""
    entries: list[LexiconEntry] = []
    for number, raw_line in enumerate(lines, start=1):
        line = raw_line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) > 3:
            raise ConfigError(f"{source}:{number}: expected 'WORD [FREQ] [TAG]', got {raw_line!r}")
        word, freq, tag = parts[0], None, None
        for extra in parts[1:]:
            if extra.isdigit():
                freq = int(extra)
            else:
                tag = extra
        entries.append(LexiconEntry(word, freq, tag))
    return entries


def load_lexicon(name_or_path: str) -> list[LexiconEntry]:
    """Load a shipped lexicon by name (``policy``) or a user file by path."""
    if "/" not in name_or_path and "\\" not in name_or_path and not name_or_path.endswith(".txt"):
        resource = resources.files(_LEXICON_PACKAGE).joinpath(f"{name_or_path}.txt")
        if not resource.is_file():
            shipped = sorted(
                p.name.removesuffix(".txt")
                for p in resources.files(_LEXICON_PACKAGE).iterdir()
                if p.name.endswith(".txt")
            )
            raise ConfigError(f"unknown lexicon {name_or_path!r}; shipped lexicons: {shipped}")
        return parse_lexicon(resource.read_text(encoding="utf-8").splitlines(), source=name_or_path)
    path = Path(name_or_path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read user dictionary {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"user dictionary {path} is not UTF-8: {exc}") from exc
    return parse_lexicon(text.splitlines(), source=str(path))


class _EngineImpl(Protocol):
    def cut(self, text: str, hmm: bool) -> list[str]: ...

    def add_word(self, word: str, freq: int | None, tag: str | None) -> None: ...


class _JiebaEngine:
    """A private ``jieba.Tokenizer``; jieba's global ``jieba.dt`` is never touched."""

    def __init__(self) -> None:
        import jieba

        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.tmp_dir = str(cache_dir())
        with _quiet_jieba():
            self._tokenizer.initialize()

    @property
    def tokenizer(self) -> Any:
        return self._tokenizer

    def cut(self, text: str, hmm: bool) -> list[str]:
        return list(self._tokenizer.cut(text, HMM=hmm))

    def add_word(self, word: str, freq: int | None, tag: str | None) -> None:
        self._tokenizer.add_word(word, freq, tag)


class _RjiebaEngine:
    """jieba-rs through rjieba: the same dictionary and DAG search, about 20x faster."""

    def __init__(self) -> None:
        import rjieba

        self._jieba = rjieba.Jieba()

    def cut(self, text: str, hmm: bool) -> list[str]:
        return self._jieba.cut(text, hmm)

    def add_word(self, word: str, freq: int | None, tag: str | None) -> None:
        self._jieba.add_word(word, freq, tag)


@contextlib.contextmanager
def _quiet_jieba() -> Iterator[None]:
    """Silence jieba's 'Building prefix dict…' stderr lines (users asked: jieba #569)."""
    logger = logging.getLogger("jieba")
    previous = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(previous)


@dataclass(frozen=True)
class SegmenterSettings:
    """Everything that decides the output of a :class:`Segmenter`, and nothing else."""

    engine: Engine = Engine.RJIEBA
    hmm: bool = True
    lexicons: tuple[str, ...] = ("policy",)
    user_words: tuple[str, ...] = ()
    user_dicts: tuple[str, ...] = ()
    user_dict_mode: UserDictMode = UserDictMode.COMBINE

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> SegmenterSettings:
        known = {"engine", "hmm", "lexicons", "user_words", "user_dicts", "user_dict_mode"}
        unknown = sorted(set(config) - known)
        if unknown:
            raise ConfigError(f"unknown segment settings {unknown}; known: {sorted(known)}")
        try:
            engine = Engine(config.get("engine", Engine.RJIEBA.value))
        except ValueError:
            raise ConfigError(
                f"unknown segment.engine {config.get('engine')!r}; "
                f"choose one of {[e.value for e in Engine]}"
            ) from None
        try:
            mode = UserDictMode(config.get("user_dict_mode", UserDictMode.COMBINE.value))
        except ValueError:
            raise ConfigError(
                f"unknown segment.user_dict_mode {config.get('user_dict_mode')!r}; "
                f"choose one of {[m.value for m in UserDictMode]}"
            ) from None
        return cls(
            engine=engine,
            hmm=bool(config.get("hmm", True)),
            lexicons=tuple(_as_str_list(config.get("lexicons", ["policy"]), "segment.lexicons")),
            user_words=tuple(_as_str_list(config.get("user_words", []), "segment.user_words")),
            user_dicts=tuple(_as_str_list(config.get("user_dicts", []), "segment.user_dicts")),
            user_dict_mode=mode,
        )


def _as_str_list(value: Any, name: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Sequence) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ConfigError(f"{name} must be a string or a list of strings, got {value!r}")


@dataclass
class Segmenter:
    """Segments text into spans that tile it, with this pipeline's own dictionaries."""

    settings: SegmenterSettings = field(default_factory=SegmenterSettings)

    def __post_init__(self) -> None:
        self._engine: _EngineImpl | None = None
        self._user_entries: list[LexiconEntry] = []
        self._force_pattern: re.Pattern[str] | None = None
        self._combine_words: frozenset[str] = frozenset()
        self._combine_max_len = 0

    def __getstate__(self) -> dict[str, Any]:
        # Compiled engines do not pickle; rebuild them from the settings in the worker.
        return {"settings": self.settings}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.settings = state["settings"]
        self.__post_init__()

    def initialize(self) -> Segmenter:
        """Load the engine and dictionaries; not in ``__init__``, so construction stays cheap."""
        if self._engine is not None:
            return self
        engine: _EngineImpl = (
            _JiebaEngine() if self.settings.engine is Engine.JIEBA else _RjiebaEngine()
        )
        for name in self.settings.lexicons:
            for entry in load_lexicon(name):
                engine.add_word(entry.word, entry.freq, entry.tag)
        user_entries = [LexiconEntry(w) for w in self.settings.user_words]
        for path in self.settings.user_dicts:
            user_entries.extend(load_lexicon(path))
        words = sorted({e.word for e in user_entries}, key=lambda w: (-len(w), w))
        if self.settings.user_dict_mode is UserDictMode.FORCE and words:
            self._force_pattern = re.compile("|".join(re.escape(w) for w in words))
        elif words:
            for entry in user_entries:
                engine.add_word(entry.word, entry.freq, entry.tag)
            self._combine_words = frozenset(words)
            self._combine_max_len = max(len(w) for w in words)
        self._user_entries = user_entries
        self._engine = engine
        return self

    @property
    def engine(self) -> _EngineImpl:
        return self.initialize()._engine  # type: ignore[return-value]

    def words(self, text: str) -> list[str]:
        return [text[s:e] for s, e in self.spans(text)]

    def spans(self, text: str) -> list[Span]:
        """Character spans of the tokens of ``text``; they tile it from 0 to ``len(text)``."""
        engine = self.engine
        spans: list[Span] = []
        position = 0
        if self._force_pattern is not None:
            for match in self._force_pattern.finditer(text):
                spans.extend(self._cut(engine, text, position, match.start()))
                spans.append((match.start(), match.end()))
                position = match.end()
        spans.extend(self._cut(engine, text, position, len(text)))
        if self._combine_words:
            spans = self._combine(text, spans)
        return spans

    def _cut(self, engine: _EngineImpl, text: str, start: int, end: int) -> list[Span]:
        if start >= end:
            return []
        spans: list[Span] = []
        position = start
        for word in engine.cut(text[start:end], self.settings.hmm):
            spans.append((position, position + len(word)))
            position += len(word)
        if position != end:  # an engine that drops characters would corrupt every offset
            raise RuntimeError(
                f"segmenter {self.settings.engine.value} lost characters in {text[start:end]!r}"
            )
        return spans

    def _combine(self, text: str, spans: list[Span]) -> list[Span]:
        """Merge the longest run of adjacent tokens that spells a user word."""
        merged: list[Span] = []
        i = 0
        while i < len(spans):
            best = i
            j = i + 1
            while j < len(spans) and spans[j][1] - spans[i][0] <= self._combine_max_len:
                if text[spans[i][0] : spans[j][1]] in self._combine_words:
                    best = j
                j += 1
            merged.append((spans[i][0], spans[best][1]))
            i = best + 1
        return merged
