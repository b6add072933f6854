"""Script detection and Traditional→Simplified conversion now live in :mod:`multilat_nlp.text`.

Kept as a re-export so that code importing ``multilat_nlp.reading.script`` keeps working.
"""

from multilat_nlp.text.script import (
    SCRIPTS,
    OffsetMapping,
    ScriptTables,
    _build,
    _fallback_tables,
    detect_script,
    fold_simplified,
    load_tables,
    simplified_key,
    t2s_char_map,
    to_simplified,
)

__all__ = [
    "SCRIPTS",
    "OffsetMapping",
    "ScriptTables",
    "_build",
    "_fallback_tables",
    "detect_script",
    "fold_simplified",
    "load_tables",
    "simplified_key",
    "t2s_char_map",
    "to_simplified",
]
