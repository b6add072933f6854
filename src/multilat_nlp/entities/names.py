"""Personal names no gazetteer lists: Chinese names from a surname table and cues, foreign names.

Data, not code: ``resources/names/`` holds the surnames (common / ambiguous / compound), the
characters of transliterated foreign names and the cues around names (titles before, titles and
verbs of saying after, honorifics after a bare surname). A Chinese name is a surname plus one or
two given-name characters that the segmenter's tokens delimit on both sides, accepted on evidence:
a cue before or after it, or the POS stage's name tag (``nr``) on a token that starts with a
common surname. Ambiguous surnames (高, 金, 文 … are also word characters) need a cue. Foreign names
are runs of transliteration characters joined by ``·``, trimmed to token boundaries (so 总理 or
有幸 around them stay out), or a name-tagged token made only of them.

Everything is regular expressions over the text and numpy look-ups at the few thousand places
they hit (no pass per character in Python).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy
import numpy.typing as npt

from multilat_nlp.entities.tokenview import TokenView

#: (start, end, label, canonical, source, priority), as the finder resolves them.
Candidate = tuple[int, int, str, str, str, int]

_PACKAGE = "multilat_nlp.resources.names"
#: Characters that never end or fill a given name: function words, numerals and common word-final
#: characters (a surname before them is a word: 高度, 文件 are caught by the token rule instead).
NOT_GIVEN = (
    "的了和与及或在是有不也就都而对把被从向为以于等将已又还所这那个们之其该各每本此些着过得地"
    "上下中内外前后里年月日时分说讲称表指认会见到去来给让使由同并但且即如若虽则因乃亦们吗呢吧啊"
    "一二三四五六七八九十百千万亿零〇两几多少第"
)
NAME_TAGS = ("nr", "nrfg", "nrt")
DOTS = "·•・"


def _lines(name: str) -> Iterator[list[str]]:
    text = resources.files(_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


@dataclass(frozen=True)
class NameTables:
    common: frozenset[str]
    ambiguous: frozenset[str]
    compound: tuple[str, ...]
    transliteration: frozenset[str]
    before: tuple[str, ...]
    after: tuple[str, ...]
    honorific: tuple[str, ...]


@lru_cache(maxsize=1)
def name_tables() -> NameTables:
    surnames: dict[str, list[str]] = {"common": [], "ambiguous": [], "compound": []}
    for surname, kind in _lines("surnames.tsv"):
        surnames[kind].append(surname)
    cues: dict[str, list[str]] = {"before": [], "after": [], "honorific": []}
    for cue, where in _lines("cues.tsv"):
        cues[where].append(cue)
    translit = frozenset(row[0] for row in _lines("transliteration.txt"))
    return NameTables(
        frozenset(surnames["common"]),
        frozenset(surnames["ambiguous"]),
        tuple(surnames["compound"]),
        translit,
        tuple(cues["before"]),
        tuple(cues["after"]),
        tuple(cues["honorific"]),
    )


def _alt(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _char_class(chars: frozenset[str] | str) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


def _cjk_except(excluded: str) -> str:
    """A character class of the CJK block without ``excluded`` (``re`` has no class subtraction)."""
    points = sorted({ord(c) for c in excluded if "\u4e00" <= c <= "\u9fff"})
    ranges, low = [], 0x4E00
    for p in points:
        if p > low:
            ranges.append((low, p - 1))
        low = p + 1
    ranges.append((low, 0x9FFF))
    return "[" + "".join(f"{chr(a)}-{chr(b)}" if a != b else chr(a) for a, b in ranges) + "]"


class PersonLayer:
    """PERSON candidates of one text; holds only compiled tables (thread-safe)."""

    def __init__(self, tables: NameTables | None = None) -> None:
        self.tables = t = tables or name_tables()
        given = _cjk_except(NOT_GIVEN)
        surname = f"(?:{_alt(t.compound)}|{_char_class(t.common | t.ambiguous)})"
        self._after = [
            re.compile(f"(?=({surname}{given}{{{n}}})(?:{_alt(t.after)}))") for n in (2, 1)
        ]
        self._before = re.compile(f"(?:{_alt(t.before)})({surname}{given}{{1,2}})")
        self._honorific = re.compile(f"({_char_class(t.common)})(?:{_alt(t.honorific)})")
        self._cue_words = frozenset((*t.before, *t.after, *t.honorific))
        tr = _char_class(t.transliteration)
        dots = _char_class(DOTS)
        self._dotted = re.compile(f"{tr}{{1,8}}(?:{dots}{tr}{{1,10}})+")

    def candidates(self, text: str, tokens: TokenView | None) -> list[Candidate]:
        out = self._foreign(text, tokens)
        if tokens is None:
            return out
        aligned = tokens.is_start
        ends = tokens.is_end
        named = tokens.with_tags(NAME_TAGS)
        for pattern in self._after:
            for match in pattern.finditer(text):
                s, e = match.span(1)
                if aligned[s] and ends[e] and self._plausible(text, s, e, tokens, named):
                    out.append((s, e, "PERSON", text[s:e], "pattern", 1))
        for match in self._before.finditer(text):
            s, e = match.span(1)
            if not aligned[s]:
                continue
            for end in range(e, s + 1, -1):
                if ends[end] and self._plausible(text, s, end, tokens, named):
                    out.append((s, end, "PERSON", text[s:end], "pattern", 1))
                    break
        for match in self._honorific.finditer(text):
            s, e = match.span(1)
            if aligned[s] and ends[match.end()]:
                out.append((s, e, "PERSON", text[s:e], "pattern", 0))
        out.extend(self._tagged(text, tokens, named))
        return out

    def _plausible(
        self, text: str, start: int, end: int, tokens: TokenView, named: npt.NDArray[numpy.bool_]
    ) -> bool:
        """Not one dictionary word (文件, 高度): a name is one ``nr`` token or several tokens.

        Nor a surname with a cue (李先生, 王教授: the honorific rule takes the surname alone).
        """
        rest = text[start + 1 : end]
        if rest in self._cue_words or rest[:2] in self._cue_words:
            return False
        i = int(numpy.searchsorted(tokens.starts, start))
        if int(tokens.ends[i]) != end:
            return True  # several tokens (陶 + 汉明): the segmenter did not know the word
        return bool(named[i])

    def _tagged(
        self, text: str, tokens: TokenView, named: npt.NDArray[numpy.bool_]
    ) -> Iterator[Candidate]:
        """``nr`` tokens that start with a common surname (邓小平), or are all transliteration."""
        t = self.tables
        for i in numpy.nonzero(named)[0].tolist():
            s, e = int(tokens.starts[i]), int(tokens.ends[i])
            word = text[s:e]
            if word[1:] in self._cue_words or word[1:3] in self._cue_words:
                continue  # 李先生: the honorific rule takes 李
            chinese = 2 <= len(word) <= 3 and word[0] in t.common and word[-1] not in NOT_GIVEN
            compound = len(word) == 4 and word.startswith(t.compound)
            foreign = len(word) >= 3 and all(c in t.transliteration for c in word)
            if chinese or compound or foreign:
                yield (s, e, "PERSON", word, "pattern", 1)

    def _foreign(self, text: str, tokens: TokenView | None) -> list[Candidate]:
        out: list[Candidate] = []
        for match in self._dotted.finditer(text):
            s, e = match.span()
            if tokens is not None:
                dots = [i for i in range(s, e) if text[i] in DOTS]
                first_dot, last_dot = dots[0], dots[-1]
                s = next((p for p in range(s, first_dot) if tokens.is_start[p]), first_dot)
                e = next((p for p in range(e, last_dot + 1, -1) if tokens.is_end[p]), last_dot)
                if s >= first_dot or e <= last_dot + 1:
                    continue
            out.append((s, e, "PERSON", text[s:e], "pattern", 1))
        return out
