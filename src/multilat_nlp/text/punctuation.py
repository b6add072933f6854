"""Punctuation classes of Chinese and English policy prose, defined once for every stage.

Both widths count wherever a PDF or a Word file may give either (``。`` and ``.``, ``（`` and
``(``): the stages see text as extracted, not normalised.
"""

from __future__ import annotations

__all__ = [
    "BRACKET_CLOSERS",
    "BRACKET_OPENERS",
    "CIRCLED_NUMBERS",
    "CLAUSE_ENDS",
    "CLOSERS",
    "COMMA_LIKE",
    "FULL_STOP_NUMBERS",
    "PARENTHESISED_NUMBERS",
    "QUOTES",
    "SENTENCE_END_CHARS",
    "SUPERSCRIPT_DIGITS",
    "TERMINALS",
    "TERMINAL_CHARS",
    "ends_sentence",
]

#: Characters that end a sentence (or an enumerated measure, ``；``); a line ending in one is
#: complete. ``…`` counts: a quotation cut short ends its sentence.
TERMINAL_CHARS = "。！？!?；;…"
#: The same, as a set.
TERMINALS = frozenset(TERMINAL_CHARS)
#: The stronger set that ends a sentence inside a line (no ``；``, no ``…``): a run-in heading's
#: first sentence, a one-sentence line.
SENTENCE_END_CHARS = "。！？!?"
#: Closing quotes and brackets that may follow the sentence end they belong to.
#: Paired brackets and quotes whose nesting decides whether a line goes on (a title or list item
#: wrapped inside 《…》 or （…）); each opener's closer is at the same index.
BRACKET_OPENERS = "(（[【《〔“‘"
BRACKET_CLOSERS = ")）]】》〕”’"
CLOSERS = frozenset("”’」』）)》】〉]\"'")
#: What may stand before a clause: sentence ends, commas and colons, closing quotes.
CLAUSE_ENDS = frozenset("。！？!?…；;，,：:") | CLOSERS
#: Commas and enumeration marks a heading never ends with.
COMMA_LIKE = "，、,"
#: Quotes and title marks around a keyword or a title, not part of its normalised form.
QUOTES = "“”\"'‘’「」『』《》"
#: Footnote markers as superscript digits (``¹²``), in digit order.
SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
#: Enclosed numbers 1-20 (``①``), in order: footnote markers and list items.
CIRCLED_NUMBERS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
#: Parenthesised numbers 1-20 (``⑴``), in order.
PARENTHESISED_NUMBERS = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
#: Numbers with a full stop 1-20 (``⒈``), in order.
FULL_STOP_NUMBERS = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"


def ends_sentence(text: str) -> bool:
    """Whether a paragraph ends a sentence, ignoring footnote markers and closing quotes.

    ``…的关键作用。¹`` and ``…严重削弱。”¹`` are complete; ``…协`` and ``…会费，`` are not. A
    colon closes too: ``各位代表：`` ends its paragraph even though it ends no sentence, and so
    does a full stop (an English sentence; inside a line ``.`` is too ambiguous to count).
    """
    stripped = text.rstrip()
    stripped = stripped.rstrip(SUPERSCRIPT_DIGITS + CIRCLED_NUMBERS)
    core = stripped.rstrip("".join(CLOSERS))
    if core and core[-1].isdigit():
        digits = core.rstrip("0123456789")
        # A glued footnote number has at most three digits; ``。2008`` starts a year.
        if (
            len(core) - len(digits) <= 3
            and digits
            and (digits[-1] in TERMINALS or digits[-1] in CLOSERS)
        ):
            core = digits.rstrip("".join(CLOSERS))
    if not core:
        return True
    return core[-1] in TERMINALS or core[-1] in "：:."
