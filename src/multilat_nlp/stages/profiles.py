"""Genre profiles: the structure stage's genre rules as data (``resources/profiles/*.toml``).

``generic.toml`` holds what every document gets (masthead lines, document-type words, byline
roles). A genre profile (``report``, ``standard``, ``broker``…) adds its own lines: a work
report's 各位代表 opening and 总理 speaker line, a standard's 前言/引言 apparatus. A profile is
chosen by name (``load(structure={"profile": "report"})``) or, with ``"auto"``, by its
``detect`` patterns on the head of the text. The generic stage only reads these tables, so
no genre string appears in its code.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, fields
from importlib import resources
from typing import Any

from multilat_nlp.errors import ConfigError
from multilat_nlp.text import fold_for_matching

__all__ = ["AUTO", "GENERIC", "Profile", "available_profiles", "load_profile", "select_profile"]

AUTO = "auto"
GENERIC = "generic"
_DETECT_CHARS = 4000  # how much of the text auto-detection looks at


@dataclass(frozen=True, slots=True)
class Profile:
    """The tables one profile contributes; :meth:`merged` adds a genre to the generic rules."""

    name: str = GENERIC
    detect: tuple[re.Pattern[str], ...] = ()
    masthead: tuple[re.Pattern[str], ...] = ()
    boilerplate: tuple[re.Pattern[str], ...] = ()
    trailers: tuple[re.Pattern[str], ...] = ()
    speaker: tuple[re.Pattern[str], ...] = ()
    byline_roles: tuple[str, ...] = ()
    name_suffixes: tuple[str, ...] = ()
    title_endings: tuple[str, ...] = ()
    document_types: tuple[str, ...] = ()
    apparatus_headings: tuple[str, ...] = ()
    opening: tuple[str, ...] = ()

    def merged(self, other: Profile) -> Profile:
        values: dict[str, Any] = {"name": other.name}
        for f in fields(self):
            if f.name != "name":
                values[f.name] = getattr(self, f.name) + getattr(other, f.name)
        return Profile(**values)


_PATTERN_FIELDS = frozenset({"detect", "masthead", "boilerplate", "trailers", "speaker"})


def available_profiles() -> tuple[str, ...]:
    """Names of the shipped profiles (``generic`` included)."""
    folder = resources.files("multilat_nlp.resources") / "profiles"
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml")))


@functools.cache
def _read(name: str) -> Profile:
    if name not in available_profiles():
        raise ConfigError(
            f"unknown structure profile {name!r}; known: {', '.join(available_profiles())}"
        )
    path = resources.files("multilat_nlp.resources") / "profiles" / f"{name}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    known = {f.name for f in fields(Profile)} - {"name"}
    unknown = set(data) - known
    if unknown:
        raise ConfigError(f"profile {name}.toml: unknown keys {sorted(unknown)}")
    values: dict[str, Any] = {"name": name}
    for key, items in data.items():
        if key in _PATTERN_FIELDS:
            values[key] = tuple(re.compile(item) for item in items)
        else:
            values[key] = tuple(str(item) for item in items)
    return Profile(**values)


@functools.cache
def load_profile(name: str) -> Profile:
    """The generic rules plus those of profile ``name``."""
    generic = _read(GENERIC)
    return generic if name == GENERIC else generic.merged(_read(name))


def select_profile(name: str, text: str) -> Profile:
    """Profile ``name``, or with ``"auto"`` the first whose ``detect`` matches the text's head."""
    if name != AUTO:
        return load_profile(name)
    head = fold_for_matching(text[:_DETECT_CHARS])
    for candidate in available_profiles():
        if candidate == GENERIC:
            continue
        if any(p.search(head) for p in _read(candidate).detect):
            return load_profile(candidate)
    return load_profile(GENERIC)
