"""Where the library may keep caches (jieba's prefix dictionary) without touching /tmp."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def cache_dir() -> Path:
    """A per-user cache folder: $MULTILAT_NLP_CACHE, else $XDG_CACHE_HOME or ~/.cache.

    Falls back to the system temp folder when the home folder is read-only (CI, containers).
    """
    explicit = os.environ.get("MULTILAT_NLP_CACHE")
    base = (
        Path(explicit)
        if explicit
        else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "multilat_nlp"
    )
    try:
        base.mkdir(parents=True, exist_ok=True)
        probe = base / ".writable"
        probe.touch()
        return base
    except OSError:
        fallback = Path(tempfile.gettempdir()) / f"multilat_nlp-{os.getuid()}"
        fallback.mkdir(parents=True, exist_ok=True)
        return fallback
