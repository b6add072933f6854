"""Parsed copies of large installed tables (jieba's ``idf.txt`` and ``dict.txt``), cached.

Parsing jieba's 350,000-line tables costs about a second at every start of the command line;
reading back a ``marshal`` dump of the parsed dict costs a tenth of that. The cache lives in the
user cache folder (:func:`multilat_nlp._cache.cache_dir`), is keyed by the source file's path,
size and modification time and the library version, and is written atomically, so a stale or
half-written copy is never read: any problem falls back to parsing the source. ``marshal`` is
used rather than ``pickle`` because loading it can never run code.

jieba's files are located without importing ``jieba``: its import pulls in ``pkg_resources``.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import marshal
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from multilat_nlp._cache import cache_dir
from multilat_nlp._io import atomic_write_bytes
from multilat_nlp._version import __version__

Value = TypeVar("Value", str, float, int)


def jieba_file(*parts: str) -> Path:
    """A data file inside the installed ``jieba`` package, found without importing it."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("jieba is not installed (it is a dependency of multilat_nlp)")
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)


def cached_table(
    name: str, source: Path, parse: Callable[[Path], dict[str, Value]]
) -> dict[str, Value]:
    """``parse(source)``, from the cache when a copy for this very file is there."""
    try:
        stat = source.stat()
    except OSError:
        return parse(source)  # let the parser raise its own clear error
    key = f"{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{__version__}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    folder = cache_dir() / "tables"
    path = folder / f"{name}-{digest}.marshal"
    with contextlib.suppress(OSError, EOFError, ValueError, TypeError):
        table = marshal.loads(path.read_bytes())
        if isinstance(table, dict):
            return table
    table = parse(source)
    with contextlib.suppress(OSError):
        atomic_write_bytes(path, marshal.dumps(table))
        for old in folder.glob(f"{name}-*.marshal"):  # copies for other versions of the file
            if old != path:
                old.unlink(missing_ok=True)
    return table
