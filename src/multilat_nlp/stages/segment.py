"""Word segmentation with a private dictionary per pipeline.

jieba keeps one module-level tokenizer; adding a word to it changes every other user in the
process. Each :class:`Segmenter` therefore owns its engine instance and its dictionaries, so two
pipelines with different lexicons can live side by side and give the same answer in 1 or N
processes.

The output is a list of ``(start, end)`` character spans that tile the input exactly, which is
what keeps every later offset honest. One call does, in order:

1. Traditional → Simplified conversion when asked (``convert_traditional``), so that the
   Simplified dictionaries apply; spans are mapped back, tokens stay the original characters;
2. user words in ``force`` mode are cut out wherever they occur;
3. protected spans (numbers, dates, URLs, titles… see :mod:`.protect`) are cut out;
4. the engine segments the text between them (jieba's DAG + HMM, in Rust by default);
5. adjacent tokens that spell a ``combine`` user word, or a lexicon word that step 3 cut
   (联合国2030年可持续发展议程), are merged back.
"""

from __future__ import annotations

import bisect
import contextlib
import logging
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from itertools import accumulate, pairwise
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

from multilat_nlp._cache import cache_dir
from multilat_nlp._io import read_user_text
from multilat_nlp.errors import ConfigError
from multilat_nlp.stages.protect import ALL_KINDS, Protected, Protector, SpanKind
from multilat_nlp.text.charset import char_table

Span = tuple[int, int]

_LEXICON_PACKAGE = "multilat_nlp.resources.lexicons"
_log = logging.getLogger("multilat_nlp")

#: The tag given to user words that come without one (HanLP does the same).
DEFAULT_USER_TAG = "nz"


class Engine(StrEnum):
    """Which segmentation engine does the dictionary look-ups."""

    JIEBA = "jieba"  # the reference implementation, pure Python
    RJIEBA = "rjieba"  # jieba-rs: the same algorithm and dictionary, compiled
    PKUSEG = "pkuseg"  # spacy-pkuseg CRF; needs a model folder given by the user


class UserDictMode(StrEnum):
    """How user words take part (HanLP's dict_force / dict_combine)."""

    COMBINE = "combine"  # adjacent tokens that spell a user word are merged after segmentation
    FORCE = "force"  # every occurrence is cut out first and always stays one token


ConvertSetting = bool | Literal["auto"]


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
    text = read_user_text(path, "user dictionary")
    return parse_lexicon(text.splitlines(), source=str(path))


class _EngineImpl(Protocol):
    def cut(self, text: str, hmm: bool) -> list[str]: ...


class _JiebaEngine:
    """A private ``jieba.Tokenizer``; jieba's global ``jieba.dt`` is never touched."""

    def __init__(self, entries: Sequence[LexiconEntry]) -> None:
        import jieba

        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.tmp_dir = str(cache_dir())
        with _quiet_jieba():
            self._tokenizer.initialize()
        for entry in entries:
            self._tokenizer.add_word(entry.word, entry.freq, entry.tag)

    @property
    def tokenizer(self) -> Any:
        return self._tokenizer

    def cut(self, text: str, hmm: bool) -> list[str]:
        return list(self._tokenizer.cut(text, HMM=hmm))


class _RjiebaEngine:
    """jieba-rs through rjieba: the same dictionary and DAG search, about 20x faster."""

    def __init__(self, entries: Sequence[LexiconEntry]) -> None:
        self._rs = _rjieba_class()()
        for entry in entries:
            self._rs.add_word(entry.word, entry.freq, entry.tag)

    def cut(self, text: str, hmm: bool) -> list[str]:
        words: list[str] = self._rs.cut(text, hmm)
        return words


def _rjieba_class() -> Any:
    """``rjieba.Jieba`` without running ``rjieba/__init__.py``, which builds a default
    tokenizer (its whole dictionary, 0.3–0.4 s) that this library never uses.

    The compiled module is loaded under its own name, so a later ``import rjieba`` by the user
    finds it already there; anything unexpected falls back to the plain import.
    """
    import importlib.machinery
    import importlib.util
    import sys

    loaded = sys.modules.get("rjieba.rjieba") or sys.modules.get("rjieba")
    if loaded is not None:
        return loaded.Jieba
    spec = importlib.util.find_spec("rjieba")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    for folder in folders:
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = Path(folder) / f"rjieba{suffix}"
            if not path.is_file():
                continue
            loader = importlib.machinery.ExtensionFileLoader("rjieba.rjieba", str(path))
            ext_spec = importlib.util.spec_from_file_location("rjieba.rjieba", path, loader=loader)
            if ext_spec is None:
                break
            module = importlib.util.module_from_spec(ext_spec)
            loader.exec_module(module)
            sys.modules["rjieba.rjieba"] = module
            return module.Jieba
    import rjieba

    return rjieba.Jieba


class _PkusegEngine:
    """spacy-pkuseg's CRF from a model folder the user supplies; lexicon words are forced."""

    def __init__(self, model: str, entries: Sequence[LexiconEntry]) -> None:
        path = Path(model).expanduser()
        if not path.is_dir():
            raise ConfigError(
                f"segment.pkuseg_model {model!r} is not a folder; give the folder of a pkuseg "
                "model (it holds features.msgpack and weights.npz)"
            )
        import spacy_pkuseg

        # A path (never a model name) keeps spacy_pkuseg from trying to download anything.
        self._seg = spacy_pkuseg.pkuseg(
            model_name=str(path), user_dict=sorted({e.word for e in entries})
        )

    def cut(self, text: str, hmm: bool) -> list[str]:
        # pkuseg drops whitespace, so whitespace runs are kept here as tokens of their own.
        words: list[str] = []
        for piece in _WHITESPACE_SPLIT.split(text):
            if not piece:
                continue
            if piece.isspace():
                words.append(piece)
            else:
                words.extend(self._seg.cut(piece))
        return words


_WHITESPACE_SPLIT = re.compile(r"(\s+)")


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
    protect: tuple[SpanKind, ...] = ALL_KINDS
    convert_traditional: ConvertSetting = "auto"
    pkuseg_model: str | None = None
    #: Words a stage needs as tokens (the entity gazetteers' names), set by the pipeline's
    #: builder, never read from the [segment] table: token and entity boundaries then agree.
    stage_words: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Plain strings are welcome (engine="jieba"); the code compares enum members.
        object.__setattr__(self, "engine", _enum(Engine, self.engine, "segment.engine"))
        object.__setattr__(
            self,
            "user_dict_mode",
            _enum(UserDictMode, self.user_dict_mode, "segment.user_dict_mode"),
        )
        object.__setattr__(
            self, "protect", tuple(_enum(SpanKind, k, "segment.protect") for k in self.protect)
        )

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> SegmenterSettings:
        known = {
            "engine",
            "hmm",
            "lexicons",
            "user_words",
            "user_dicts",
            "user_dict_mode",
            "protect",
            "convert_traditional",
            "pkuseg_model",
        }
        unknown = sorted(set(config) - known)
        if unknown:
            raise ConfigError(f"unknown segment settings {unknown}; known: {sorted(known)}")
        engine = _enum(Engine, config.get("engine", Engine.RJIEBA.value), "segment.engine")
        mode = _enum(
            UserDictMode,
            config.get("user_dict_mode", UserDictMode.COMBINE.value),
            "segment.user_dict_mode",
        )
        protect = tuple(
            _enum(SpanKind, kind, "segment.protect")
            for kind in _as_str_list(config.get("protect", list(ALL_KINDS)), "segment.protect")
        )
        convert = config.get("convert_traditional", "auto")
        if convert not in (True, False, "auto"):
            raise ConfigError(
                f'segment.convert_traditional must be true, false or "auto", got {convert!r}'
            )
        model = config.get("pkuseg_model")
        if model is not None and not isinstance(model, str):
            raise ConfigError(f"segment.pkuseg_model must be a folder path, got {model!r}")
        if engine is Engine.PKUSEG and not model:
            raise ConfigError(_PKUSEG_NEEDS_MODEL)
        return cls(
            engine=engine,
            hmm=bool(config.get("hmm", True)),
            lexicons=tuple(_as_str_list(config.get("lexicons", ["policy"]), "segment.lexicons")),
            user_words=tuple(_as_str_list(config.get("user_words", []), "segment.user_words")),
            user_dicts=tuple(_as_str_list(config.get("user_dicts", []), "segment.user_dicts")),
            user_dict_mode=mode,
            protect=protect,
            convert_traditional=convert,
            pkuseg_model=model or None,
        )


_PKUSEG_NEEDS_MODEL = (
    'segment.engine = "pkuseg" needs a model folder, and none is downloaded here: train one with '
    "spacy_pkuseg.train(train_file, test_file, model_dir) on a segmented corpus, or copy a "
    "pkuseg model folder (features.msgpack + weights.npz, e.g. the 'mixed' or 'news' model "
    "fetched on a machine with internet access), then pass it with "
    "--set segment.pkuseg_model=/path/to/model or load(segment={'pkuseg_model': path})"
)


_E = TypeVar("_E", bound=StrEnum)


def _enum(cls: type[_E], value: Any, name: str) -> _E:
    try:
        return cls(value)
    except ValueError:
        raise ConfigError(
            f"unknown {name} {value!r}; choose one of {[e.value for e in cls]}"
        ) from None


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
        self._protector = Protector(self.settings.protect)
        self._force_pattern: re.Pattern[str] | None = None
        self._combine_finder: re.Pattern[str] | None = None
        self._combine_by_first: dict[str, list[str]] = {}
        self._word_tags: dict[str, str | None] = {}
        self._lexicon_words: frozenset[str] = frozenset()
        self._warned_no_conversion = False

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
        settings = self.settings
        lexicon_entries = [e for name in settings.lexicons for e in load_lexicon(name)]
        self._lexicon_words = frozenset(e.word for e in lexicon_entries)
        lexicon_entries += [LexiconEntry(w) for w in settings.stage_words]
        user_entries = [LexiconEntry(w) for w in settings.user_words]
        for path in settings.user_dicts:
            user_entries.extend(load_lexicon(path))
        force = settings.user_dict_mode is UserDictMode.FORCE
        engine_entries = lexicon_entries + ([] if force else user_entries)
        if settings.engine is Engine.JIEBA:
            engine: _EngineImpl = _JiebaEngine(engine_entries)
        elif settings.engine is Engine.PKUSEG:
            if not settings.pkuseg_model:
                raise ConfigError(_PKUSEG_NEEDS_MODEL)
            engine = _PkusegEngine(settings.pkuseg_model, engine_entries)
        else:
            engine = _RjiebaEngine(engine_entries)

        user_words = {e.word for e in user_entries}
        if force and user_words:
            ordered = sorted(user_words, key=lambda w: (-len(w), w))
            self._force_pattern = re.compile("|".join(re.escape(w) for w in ordered))
        # Merge back: combine-mode user words, and dictionary words that protection would cut.
        combine = set() if force else set(user_words)
        combine.update(e.word for e in lexicon_entries if self._protector.find(e.word))
        if not force:
            combine.update(w for w in user_words if self._protector.find(w))
        combine = {w for w in combine if len(w) > 1}
        if combine:
            ordered = sorted(combine, key=lambda w: (-len(w), w))
            self._combine_finder = re.compile("|".join(re.escape(w) for w in ordered))
            by_first: dict[str, list[str]] = {}
            for word in ordered:
                by_first.setdefault(word[0], []).append(word)
            self._combine_by_first = by_first
        # Later sources win, as in jieba: lexicons in order, then user words.
        tags: dict[str, str | None] = {}
        for entry in [*lexicon_entries, *user_entries]:
            if entry.tag is not None or entry.word not in tags:
                tags[entry.word] = entry.tag
        self._word_tags = tags
        self._engine = engine
        return self

    @property
    def engine(self) -> _EngineImpl:
        return self.initialize()._engine  # type: ignore[return-value]

    @property
    def protector(self) -> Protector:
        return self._protector

    def word_tags(self) -> Mapping[str, str | None]:
        """Tags of this segmenter's own lexicon and user words (``None``: no tag given).

        The POS stage reads them over jieba's dictionary tags, so that policy terms carry the
        tag of the lexicon that made them one word (nz, nt…).
        """
        self.initialize()
        return self._word_tags

    def lexicon_words(self) -> frozenset[str]:
        """The words of the configured lexicons (policy terms), without jieba's or stages' own."""
        self.initialize()
        return self._lexicon_words

    def words(self, text: str) -> list[str]:
        return [text[s:e] for s, e in self.spans(text)]

    def spans(self, text: str) -> list[Span]:
        """Character spans of the tokens of ``text``; they tile it from 0 to ``len(text)``."""
        bounds = self._bounds_collecting(text, None)
        return list(pairwise(bounds))

    def spans_and_words(self, text: str) -> tuple[list[Span], list[str]]:
        """:meth:`spans` and the words they cut (``text[s:e]`` of each span): where the engine
        cut, its own strings, so the tokenizer does not slice every word a second time."""
        bounds, words = self.bounds_and_words(text)
        return list(pairwise(bounds)), words

    def bounds_and_words(self, text: str) -> tuple[list[int], list[str]]:
        """The token boundaries of ``text`` (0, each token's end; token ``i`` is
        ``text[b[i]:b[i + 1]]``) and the tokens' words, as :meth:`spans_and_words` gives them.

        What the tokenizer reads: a flat list of ints holds no tuple per token, and half a
        million live tuples made the garbage collector run full passes over the whole heap
        during segmentation (a quarter of its time in a pipeline).
        """
        words: list[str] = []
        bounds = self._bounds_collecting(text, words)
        if len(words) != len(bounds) - 1:  # converted: the spans were not all kept
            words = [text[a:b] for a, b in pairwise(bounds)]
        return bounds, words

    def _bounds_collecting(self, text: str, words: list[str] | None) -> list[int]:
        """The token boundaries, adding each token's word to ``words`` where none is converted."""
        convert = self.settings.convert_traditional
        if convert is False or not text:
            return self._bounds(text, words)
        from multilat_nlp.text.script import detect_script, load_tables, to_simplified

        tables = load_tables()
        if convert == "auto":
            # One C-speed scan decides most texts: no Traditional-only character, no conversion.
            if char_table(tables.hant_only).isdisjoint(text) or detect_script(
                text, tables=tables
            ) not in (
                "hant",
                "mixed",
            ):
                return self._bounds(text, words)
            if not tables.complete:
                if not self._warned_no_conversion:  # once per segmenter, not once per paper
                    _log.warning(
                        "Traditional Chinese text segmented without conversion: "
                        "install opencc-python-reimplemented to convert it"
                    )
                    self._warned_no_conversion = True
                return self._bounds(text, words)
        converted, mapping = to_simplified(text, tables=tables)
        bounds = self._bounds(converted)
        if mapping.is_identity:
            return bounds
        mapped = [mapping.to_original(s) for s in bounds[:-1]] + [len(text)]
        kept = [(a, b) for a, b in pairwise(mapped) if b > a]  # they tile ``text`` again
        return [kept[0][0], *(b for _, b in kept)] if kept else [0]

    def _bounds(self, text: str, words: list[str] | None = None) -> list[int]:
        """The token boundaries of ``text`` (each token's word added to ``words`` when given)."""
        self.initialize()
        bounds = [0]
        position = 0
        for start, end in self._fixed(text):
            if start > position:
                self._cut(text, position, start, bounds, words)
            bounds.append(end)
            if words is not None:
                words.append(text[start:end])
            position = end
        if position < len(text):
            self._cut(text, position, len(text), bounds, words)
        if self._combine_finder is not None:
            bounds = self._combine(text, bounds, words)
        return bounds

    def _fixed(self, text: str) -> list[Span]:
        """Force-mode user words, then protected spans between them: never cut, never glued."""
        find = self._protector.find
        if self._force_pattern is None:
            return [(s, e) for s, e, _ in find(text)]
        fixed: list[Span] = []
        position = 0
        for match in self._force_pattern.finditer(text):
            fixed.extend((s, e) for s, e, _ in find(text, position, match.start()))
            fixed.append((match.start(), match.end()))
            position = match.end()
        fixed.extend((s, e) for s, e, _ in find(text, position, len(text)))
        return fixed

    def protected(self, text: str) -> list[Protected]:
        """The protected spans of ``text`` with their kinds (for stages that want them)."""
        return self._protector.find(text)

    def _cut(
        self, text: str, start: int, end: int, out: list[int], out_words: list[str] | None = None
    ) -> None:
        """Segment ``text[start:end]`` with the engine; ``out`` ends at ``start`` and gets the
        end of each word."""
        piece = text[start:end]
        words = self._engine.cut(piece, self.settings.hmm)  # type: ignore[union-attr]
        first = len(out) - 1  # out[first] == start
        out.pop()
        out.extend(accumulate(map(len, words), initial=start))
        if out[-1] != end:  # an engine that drops characters would corrupt every offset
            raise RuntimeError(
                f"segmenter {self.settings.engine.value} lost characters in {piece!r}"
            )
        if out_words is not None:
            # The engine's words are the spans' text when they spell the piece (one join).
            if "".join(words) == piece:
                out_words.extend(words)
            else:
                out_words.extend(text[a:b] for a, b in pairwise(out[first:]))

    def _combine(self, text: str, bounds: list[int], words: list[str] | None = None) -> list[int]:
        """Merge the longest run of adjacent tokens that spells a combine word (``words``, the
        tokens' words when given, is merged alike, in place).

        Occurrences are found with one regex over the text, and token boundaries are checked by
        binary search, so text without such words costs one scan and nothing per token.
        """
        finder = self._combine_finder
        assert finder is not None
        search = finder.search
        count = len(bounds) - 1  # tokens; token i is bounds[i]..bounds[i + 1]
        merged: list[int] = []
        runs: list[tuple[int, int]] = []  # (first, last) token of each merge
        copied = 0  # bounds[:copied] are already in merged
        position = 0
        while True:
            match = search(text, position)
            if match is None:
                break
            start = match.start()
            first = bisect.bisect_left(bounds, start, copied, count)
            if first >= count or bounds[first] != start:
                position = start + 1
                continue
            for word in self._combine_by_first[text[start]]:
                end = start + len(word)
                if not text.startswith(word, start):
                    continue
                last = bisect.bisect_left(bounds, end, first, count) - 1
                if bounds[last + 1] == end and last > first:
                    merged.extend(bounds[copied : first + 1])
                    runs.append((first, last))
                    copied = last + 1
                    position = end
                    break
                if bounds[last + 1] == end:  # already one token
                    position = end
                    break
            else:
                position = start + 1
        if not copied:
            return bounds
        merged.extend(bounds[copied:])
        if words is not None:
            kept: list[str] = []
            previous = 0
            for first, last in runs:
                kept += words[previous:first]
                kept.append(text[bounds[first] : bounds[last + 1]])
                previous = last + 1
            kept += words[previous:]
            words[:] = kept
        return merged
