"""Build a configured pipeline from a named TOML config.

A pipeline is a spaCy ``Language`` whose tokenizer is our segmenter and whose stages are
registered factories. The config (a plain dict that round-trips to TOML) is the single source of
truth: it is stored in ``nlp.meta["multilat_nlp"]`` and its hash goes into every JSON output, so a
result can always be traced to the settings that made it.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import tomli_w
from spacy.lang.zh import Chinese
from spacy.language import Language
from spacy.tokens import Doc

from multilat_nlp._version import __version__
from multilat_nlp.doc_text import doc_text
from multilat_nlp.entities.gazetteer import gazetteer_terms, load_gazetteers
from multilat_nlp.errors import ConfigError, InputError, PipelineError, TextTooLongError
from multilat_nlp.limits import DEFAULT_MAX_BYTES
from multilat_nlp.long_document import (
    LONG_TEXT_CHARS,
    PIECE_CHARS,
    run_in_pieces,
    runs_in_pieces,
)
from multilat_nlp.registry import BUILTIN_STAGES, TOKENIZER_ASSIGNS, register_builtin_stages
from multilat_nlp.stages.cleaning import CleaningTokenizer, CleanSettings
from multilat_nlp.stages.segment import Segmenter, SegmenterSettings
from multilat_nlp.stages.tokenizer import PolicyTokenizer

Config = dict[str, Any]

_PIPELINES_PACKAGE = "multilat_nlp.pipelines"
_RECORDED_PACKAGES = ("spacy", "jieba", "rjieba")

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_lone_surrogates(text: str) -> str:
    """Each lone surrogate becomes U+FFFD: one character for one, so every offset still holds.

    A Python ``str`` may hold them (``json.loads('"\\ud800"')``, ``surrogateescape``), but no
    segmenter and no UTF-8 output can, so they are replaced rather than refused.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _LONE_SURROGATE.sub("\ufffd", text)
    return text


class PolicyLanguage(Chinese):  # type: ignore[no-untyped-call]  # spaCy's __init_subclass__
    """spaCy's ``Chinese`` with typed errors for bad input and a byte limit in place of spaCy's
    ``max_length``: texts of any length up to the limit are segmented in bounded chunks."""

    max_bytes: int = DEFAULT_MAX_BYTES
    #: Texts of more characters than this run their per-unit stages over bounded pieces
    #: (``long_document.py``); shorter texts run exactly as spaCy would run them.
    long_text_chars: int = LONG_TEXT_CHARS
    piece_chars: int = PIECE_CHARS

    def make_doc(self, text: str) -> Doc:
        if not isinstance(text, str):
            raise InputError(f"nlp() takes a str, not {type(text).__name__}")
        if len(text) * 4 > self.max_bytes:  # UTF-8 needs at most 4 bytes per character
            size = len(text.encode("utf-8", errors="surrogatepass"))
            if size > self.max_bytes:
                raise TextTooLongError(size, self.max_bytes)
        return self.tokenizer(replace_lone_surrogates(text))

    def __call__(self, text: Any, **kwargs: Any) -> Doc:
        _check_input(text)
        length = len(text) if isinstance(text, str) else len(doc_text(text))
        if kwargs or length <= self.long_text_chars:
            return super().__call__(text, **kwargs)
        # A long document: every stage runs as usual except those whose working set is one
        # Python object per unit; they run over pieces of about ``piece_chars`` characters,
        # cut at paragraph starts, and their results are stitched back with offsets shifted.
        doc = self._ensure_doc(text)
        del text
        for name, proc in self.pipeline:
            factory = self.get_pipe_meta(name).factory
            if runs_in_pieces(factory):
                doc = run_in_pieces(factory, proc, doc, self.piece_chars)
            else:
                doc = proc(doc)
        return doc

    def pipe(self, texts: Any, **kwargs: Any) -> Any:
        """spaCy's ``pipe``, with each input's type checked before it reaches a worker.

        The check is here and not in ``_ensure_doc`` because spaCy's own workers hand serialised
        ``Doc`` bytes to ``_ensure_doc``; only a caller's bytes are a mistake.
        """
        as_tuples = bool(kwargs.get("as_tuples", False))

        def checked() -> Iterator[Any]:
            for item in texts:
                _check_input(item[0] if as_tuples and isinstance(item, tuple) else item)
                yield item

        return super().pipe(checked(), **kwargs)


def _check_input(text: Any) -> None:
    """Raise ``InputError`` for anything but a str or a Doc handed to ``nlp``."""
    if isinstance(text, str | Doc):
        return
    hint = (
        "; decode bytes first, or use multilat_nlp.reading.read_bytes"
        if isinstance(text, bytes | bytearray)
        else ""
    )
    raise InputError(f"nlp() takes a str (or a Doc), not {type(text).__name__}{hint}")


def available_pipelines() -> list[str]:
    """Names of the configs shipped in the package."""
    return sorted(
        entry.name.removesuffix(".toml")
        for entry in resources.files(_PIPELINES_PACKAGE).iterdir()
        if entry.name.endswith(".toml")
    )


def load_config(name_or_path: str | Path = "policy") -> Config:
    """Read a shipped config by name, or a TOML file by path."""
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read pipeline config {path}: {exc.strerror or exc}") from exc
        source = str(path)
    else:
        resource = resources.files(_PIPELINES_PACKAGE).joinpath(f"{name_or_path}.toml")
        if not resource.is_file():
            raise ConfigError(
                f"unknown pipeline {str(name_or_path)!r}; shipped: {available_pipelines()}, "
                "or give the path of a .toml file"
            )
        text = resource.read_text(encoding="utf-8")
        source = f"{name_or_path}.toml"
    try:
        config = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source} is not valid TOML: {exc}") from exc
    _validate_config(config, source)
    return config


def _validate_config(config: Config, source: str) -> None:
    pipeline = config.get("pipeline")
    if not isinstance(pipeline, dict) or not isinstance(pipeline.get("name"), str):
        raise ConfigError(f"{source}: needs a [pipeline] table with a 'name'")
    stages = pipeline.get("stages", [])
    if not isinstance(stages, list) or not all(isinstance(s, str) for s in stages):
        raise ConfigError(f"{source}: pipeline.stages must be a list of stage names")
    unknown_tables = sorted(set(config) - {"pipeline", "clean", "segment", "stages"})
    if unknown_tables:
        raise ConfigError(f"{source}: unknown tables {unknown_tables}")


def to_toml(config: Mapping[str, Any]) -> str:
    """The config as TOML text; ``load_config`` of it gives the same dict back."""
    return tomli_w.dumps(dict(config))


def config_hash(config: Mapping[str, Any]) -> str:
    canonical = json.dumps(config, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def apply_overrides(config: Config, settings: Iterable[str]) -> Config:
    """Apply ``--set`` style ``section.param=value`` strings; the value is read as TOML.

    ``segment.hmm=false`` sets the segmenter; ``keywords.topn=20`` sets a stage's parameter
    (the ``stages.`` prefix may be omitted); ``pipeline.stages=["sentences"]`` picks stages.
    A value that is not TOML is taken as a string, so ``segment.engine=jieba`` works unquoted.
    """
    config = copy.deepcopy(config)
    for setting in settings:
        key, sep, raw_value = setting.partition("=")
        if not sep or "." not in key:
            raise ConfigError(f"--set expects SECTION.PARAM=VALUE, got {setting!r}")
        try:
            value = tomllib.loads(f"v = {raw_value}")["v"]
        except tomllib.TOMLDecodeError:
            value = raw_value
        parts = key.strip().split(".")
        if parts[0] not in ("pipeline", "clean", "segment", "stages"):
            parts = ["stages", *parts]
        table = config
        for part in parts[:-1]:
            table = table.setdefault(part, {})
            if not isinstance(table, dict):
                raise ConfigError(f"--set {key}: {part!r} is not a table")
        table[parts[-1]] = value
    return config


def load(
    name_or_path: str | Path | Config = "policy",
    *,
    disable: Iterable[str] = (),
    settings: Iterable[str] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    **overrides: Mapping[str, Any],
) -> Language:
    """Build a ready pipeline.

    ``overrides`` are tables merged into the config: ``load(segment={"hmm": False})`` or
    ``load(keywords={"topn": 20})``. ``disable`` leaves stages out by name; ``settings`` takes
    CLI-style ``"segment.engine=jieba"`` strings. ``max_bytes`` is the longest text (UTF-8
    bytes) ``nlp`` accepts; longer ones raise ``TextTooLongError``. Nothing is downloaded: every
    resource ships with the package.
    """
    if isinstance(name_or_path, dict):
        config = copy.deepcopy(name_or_path)
        _validate_config(config, "config")
    else:
        config = load_config(name_or_path)
    for section, values in overrides.items():
        if not isinstance(values, Mapping):
            raise ConfigError(f"override {section}= must be a mapping of parameters")
        target = (
            config.setdefault(section, {})
            if section in ("pipeline", "clean", "segment")
            else config.setdefault("stages", {}).setdefault(section, {})
        )
        target.update(values)
    config = apply_overrides(config, settings)
    disabled = set(disable)
    unknown = disabled - set(config["pipeline"].get("stages", []))
    if unknown:
        raise ConfigError(f"cannot disable {sorted(unknown)}: not stages of this pipeline")
    config["pipeline"]["stages"] = [
        s for s in config["pipeline"].get("stages", []) if s not in disabled
    ]
    return build(config, max_bytes=max_bytes)


def build(config: Config, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Language:
    """Make the ``Language`` for a validated config and check that its stages fit together."""
    if not isinstance(max_bytes, int) or max_bytes <= 0:
        raise ConfigError(f"max_bytes must be a positive integer, not {max_bytes!r}")
    register_builtin_stages()
    nlp = PolicyLanguage()
    nlp.max_bytes = max_bytes
    nlp.max_length = max_bytes  # a character is at least one byte: spaCy's own check never fires
    seg_settings = SegmenterSettings.from_config(config.get("segment", {}))
    stage_words = _stage_words(config)
    if stage_words:
        seg_settings = dataclasses.replace(seg_settings, stage_words=stage_words)
    segmenter = Segmenter(seg_settings).initialize()
    info = pipeline_info(config)
    tokenizer = PolicyTokenizer(nlp.vocab, segmenter, info)
    clean_settings = CleanSettings.from_config(config.get("clean", {}))
    nlp.tokenizer = (
        CleaningTokenizer(tokenizer, clean_settings) if clean_settings.enabled else tokenizer
    )
    stage_configs: Mapping[str, Any] = config.get("stages", {})
    for name in config["pipeline"].get("stages", []):
        stage_config = dict(stage_configs.get(name, {}))
        factory = stage_config.pop("factory", None) or _builtin_factory(name)
        try:
            nlp.add_pipe(factory, name=name, config=stage_config)
        except Exception as exc:  # spaCy raises ConfigValidationError, ValueError…
            raise ConfigError(f"stage {name!r} (factory {factory!r}): {exc}") from exc
    check_requirements(nlp)
    nlp.meta["name"] = config["pipeline"]["name"]
    nlp.meta["version"] = __version__
    nlp.meta["multilat_nlp"] = {"config": config, "config_hash": info["config_hash"]}
    return nlp


def _stage_words(config: Config) -> tuple[str, ...]:
    """Words the configured stages need as whole tokens: the entity gazetteers' names."""
    if "entities" not in config["pipeline"].get("stages", []):
        return ()
    paths = config.get("stages", {}).get("entities", {}).get("gazetteers", [])
    return tuple(gazetteer_terms(load_gazetteers(list(paths))))


def _builtin_factory(name: str) -> str:
    if name not in BUILTIN_STAGES:
        raise ConfigError(
            f"unknown stage {name!r}; built-in stages: {sorted(BUILTIN_STAGES)}; "
            "a custom stage needs a 'factory' key in [stages.NAME]"
        )
    return BUILTIN_STAGES[name].factory


def check_requirements(nlp: Language) -> None:
    """Fail when a stage runs before the stage that assigns what it requires."""
    available = set(TOKENIZER_ASSIGNS)
    for name in nlp.pipe_names:
        meta = nlp.get_pipe_meta(name)
        missing = [attr for attr in meta.requires if attr not in available]
        if missing:
            providers = sorted(
                stage for stage, info in BUILTIN_STAGES.items() if set(missing) & set(info.assigns)
            )
            hint = f"; add {providers} before it" if providers else ""
            raise PipelineError(
                f"stage {name!r} requires {missing}, which no earlier stage assigns{hint}"
            )
        available.update(meta.assigns)


def config_of(nlp: Language) -> Config:
    """The config a pipeline was built from (a copy)."""
    try:
        return copy.deepcopy(nlp.meta["multilat_nlp"]["config"])
    except KeyError:
        raise ConfigError("this Language was not built by multilat_nlp.load") from None


def pipeline_info(config: Mapping[str, Any]) -> dict[str, Any]:
    """What goes into every output's ``pipeline`` key, for reproducibility."""
    packages = {}
    for package in _RECORDED_PACKAGES:
        try:
            packages[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return {
        "name": config["pipeline"]["name"],
        "version": __version__,
        "config_hash": config_hash(config),
        "packages": packages,
    }
