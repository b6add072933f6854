"""Data tables of the entity name layers (surnames, cues, organisation heads, place suffixes)."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources


def table_rows(name: str) -> Iterator[list[str]]:
    """The tab-separated cells of each row of table ``name``; blank and ``#`` lines skipped."""
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")
