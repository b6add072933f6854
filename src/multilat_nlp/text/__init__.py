"""The text layer: what every stage knows about Chinese text, defined once.

Pure Python (no spaCy, no readers): punctuation classes, Chinese numerals, heading markers,
front-matter labels, same-length folds for matching (width, Traditional→Simplified), script
detection and conversion, and the normalisation for analysis the cleaner applies.
"""

from .folding import WIDTH_FOLD, fold_for_matching, fold_simplified, fold_width
from .labels import (
    ABSTRACT_LABEL,
    AUTHOR_NOTE_START,
    KEYWORDS_LABEL,
    LABEL_NAMES,
    METADATA_LABELS,
    REFERENCES_LABEL,
    TABLE_NOTE_LABEL,
    TOC_LABEL,
    TOC_LINE,
    label_pattern,
)
from .markers import (
    HEADING_STYLES,
    IDEOGRAPHIC_SPACE_NUMBER,
    LIST_ITEM_OPENER,
    heading_marker,
    starts_with_heading_marker,
)
from .numerals import (
    CHINESE_DIGITS,
    CHINESE_NUMERAL_CHARS,
    IDEOGRAPHIC_DIGITS,
    format_chinese_numeral,
    parse_chinese_numeral,
)
from .punctuation import (
    BRACKET_CLOSERS,
    BRACKET_OPENERS,
    CIRCLED_NUMBERS,
    CLAUSE_ENDS,
    CLOSERS,
    COMMA_LIKE,
    FULL_STOP_NUMBERS,
    PARENTHESISED_NUMBERS,
    QUOTES,
    SENTENCE_END_CHARS,
    SUPERSCRIPT_DIGITS,
    TERMINAL_CHARS,
    TERMINALS,
    ends_sentence,
)
from .script import detect_script, simplified_key, t2s_char_map, to_simplified

__all__ = [
    "ABSTRACT_LABEL",
    "AUTHOR_NOTE_START",
    "BRACKET_CLOSERS",
    "BRACKET_OPENERS",
    "CHINESE_DIGITS",
    "CHINESE_NUMERAL_CHARS",
    "CIRCLED_NUMBERS",
    "CLAUSE_ENDS",
    "CLOSERS",
    "COMMA_LIKE",
    "FULL_STOP_NUMBERS",
    "HEADING_STYLES",
    "IDEOGRAPHIC_DIGITS",
    "IDEOGRAPHIC_SPACE_NUMBER",
    "KEYWORDS_LABEL",
    "LABEL_NAMES",
    "LIST_ITEM_OPENER",
    "METADATA_LABELS",
    "PARENTHESISED_NUMBERS",
    "QUOTES",
    "REFERENCES_LABEL",
    "SENTENCE_END_CHARS",
    "SUPERSCRIPT_DIGITS",
    "TABLE_NOTE_LABEL",
    "TERMINALS",
    "TERMINAL_CHARS",
    "TOC_LABEL",
    "TOC_LINE",
    "WIDTH_FOLD",
    "detect_script",
    "ends_sentence",
    "fold_for_matching",
    "fold_simplified",
    "fold_width",
    "format_chinese_numeral",
    "heading_marker",
    "label_pattern",
    "parse_chinese_numeral",
    "simplified_key",
    "starts_with_heading_marker",
    "t2s_char_map",
    "to_simplified",
]
