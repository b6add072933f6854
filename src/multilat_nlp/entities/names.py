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

import numpy
import numpy.typing as npt

from multilat_nlp.entities.tokenview import TokenView
from multilat_nlp.resources.names import table_rows

#: (start, end, label, canonical, source, priority), as the finder resolves them.
Candidate = tuple[int, int, str, str, str, int]

#: Characters that never end or fill a given name: function words, numerals and common word-final
#: characters (a surname before them is a word: 高度, 文件 are caught by the token rule instead).
NOT_GIVEN = (
    "的了和与及或在是有不也就都而对把被从向为以于等将已又还所这那个们之其该各每本此些着过得地"
    "上下中内外前后里年月日时分说讲称表指认会见到去来给让使由同并但且即如若虽则因乃亦们吗呢吧啊"
    "一二三四五六七八九十百千万亿零〇两几多少第某"
    "称问答笑看想写唱带叫用做打拿听读买卖送接指性费证肉率类型式"
)
NAME_TAGS = ("nr", "nrfg", "nrt")
#: Least name-likeness (given_chars.tsv) of each given character of a one-token name that only
#: a cue vouches for (the POS stage did not tag it ``nr``).
GIVEN_WITH_CUE = 0.5
DOTS = "·•・"
_DOT = re.compile(f"[{DOTS}]")
_SPACED_LINE = re.compile(
    r"^[ \t\u3000]*([\u4e00-\u9fff])[ \u3000]{1,3}([\u4e00-\u9fff])"
    r"(?:[ \u3000]{1,3}([\u4e00-\u9fff]))?[ \t\u3000]*$",
    re.MULTILINE,
)
_NOT_GIVEN = frozenset(NOT_GIVEN)


def _is_given(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" and char not in _NOT_GIVEN


def _apart(text: str, start: int, end: int) -> bool:
    """No Chinese character right before ``start`` and right after ``end``."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return not _is_cjk(before) and not _is_cjk(after)


def _is_cjk(char: str) -> bool:
    return bool(char) and "\u4e00" <= char <= "\u9fff"


@dataclass(frozen=True)
class NameTables:
    common: frozenset[str]
    ambiguous: frozenset[str]
    compound: tuple[str, ...]
    transliteration: frozenset[str]
    before: tuple[str, ...]
    after: tuple[str, ...]
    honorific: tuple[str, ...]
    #: how name-like a character is as a given name (``given_chars.tsv``; absent: 0)
    given: dict[str, float]


@lru_cache(maxsize=1)
def name_tables() -> NameTables:
    surnames: dict[str, list[str]] = {"common": [], "ambiguous": [], "compound": []}
    for surname, kind in table_rows("surnames.tsv"):
        surnames[kind].append(surname)
    cues: dict[str, list[str]] = {"before": [], "after": [], "honorific": []}
    for cue, where in table_rows("cues.tsv"):
        cues[where].append(cue)
    translit = frozenset(row[0] for row in table_rows("transliteration.txt"))
    given = {char: float(ratio) for char, ratio in table_rows("given_chars.tsv")}
    return NameTables(
        frozenset(surnames["common"]),
        frozenset(surnames["ambiguous"]),
        tuple(surnames["compound"]),
        translit,
        tuple(cues["before"]),
        tuple(cues["after"]),
        tuple(cues["honorific"]),
        given,
    )


#: Quotation marks around a word that is a coinage or a metaphor (这个“牛鼻子”), not a name.
_TERM_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』"}


def _quoted_term(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is the whole of a quotation: a tagged "name" quoted on its
    own is a term (“牛鼻子”, “领头羊”); a quoted person is written with a cue (所谓“张三”)."""
    closer = _TERM_QUOTES.get(text[start - 1]) if start > 0 else None
    return closer is not None and text[end : end + 1] == closer


_CUE_REACH = 5  # characters: the longest cue looked for around a name (副 + 部长)


class PersonLayer:
    """PERSON candidates of one text; holds only the tables (thread-safe).

    Cues are tokens (记者, 说, 先生), found with one vectorised look-up over the token ids; each
    cue looks at the two to four characters next to it. (A regular expression or automaton over
    the characters costs more than the whole entity stage may: surname characters are everywhere.)
    """

    def __init__(self, tables: NameTables | None = None) -> None:
        self.tables = t = tables or name_tables()
        self._surnames = t.common | t.ambiguous
        self._compound = frozenset(t.compound)
        self._cue_words = frozenset((*t.before, *t.after, *t.honorific))
        self._honorific_ends = frozenset(h[-1] for h in t.honorific)
        self._long_titles = tuple(c for c in t.before if len(c) >= 2)
        self._before_ends = frozenset(c[-1] for c in self._long_titles)
        self._after_words = frozenset(t.after)

    def candidates(self, text: str, tokens: TokenView) -> list[Candidate]:
        """Chinese names and name-tagged transliterations (the foreign ``·`` names are
        :meth:`foreign`'s: the finder needs them before the POS tags exist)."""
        out: list[Candidate] = []
        t = self.tables
        aligned, ends = tokens.is_start, tokens.is_end
        named = tokens.with_tags(NAME_TAGS)
        starts_of, ends_of = tokens.starts, tokens.ends
        for k in numpy.nonzero(tokens.is_word(t.after))[0].tolist():
            p = self._cue_start(text, int(starts_of[k]), int(ends_of[k]))
            if not ends[p]:
                continue  # 韩正副 + 总理: the cue is 副总理, and no token ends where the name does
            found = False
            for s in self._name_starts(text, p):
                if aligned[s] and self._plausible(text, s, p, tokens, named):
                    out.append((s, p, "PERSON", text[s:p], "pattern", 1))
                    found = True
            if not found and k > 0:
                span = self._foreign_next_to(text, k - 1, tokens, named)
                if span is not None:
                    out.append((*span, "PERSON", text[span[0] : span[1]], "pattern", 1))
        nrt = tokens.with_tags(("nrt",))  # two characters after a title: only a foreign name
        titles = tokens.is_word(t.before) | self._title_ended(text, tokens)
        for k in numpy.nonzero(titles)[0].tolist():
            q = int(ends_of[k])
            sn = self._surname_length(text, q)
            found = False
            if sn:
                given = self._given_length(text, q + sn, 2)
                for e in range(q + sn + given, q + sn, -1):
                    if ends[e] and self._plausible(text, q, e, tokens, named):
                        out.append((q, e, "PERSON", text[q:e], "pattern", 1))
                        found = True
                        break
            if not found and k + 1 < len(starts_of) and int(starts_of[k + 1]) == q:
                # a title before a foreign name (外交大臣库克, 总理若斯潘): a name-tagged token
                # or a run of transliteration characters right after it
                span = self._foreign_next_to(text, k + 1, tokens, named)
                length = int(ends_of[k + 1]) - q
                if (
                    span is None
                    and named[k + 1]
                    and (3 <= length <= 4 or (nrt[k + 1] and length == 2))
                ):
                    word = text[q : int(ends_of[k + 1])]
                    if (
                        all(_is_cjk(c) for c in word)
                        and word[-1] not in _NOT_GIVEN
                        and word not in self._cue_words
                    ):
                        span = (q, int(ends_of[k + 1]))
                if span is not None:
                    out.append((*span, "PERSON", text[span[0] : span[1]], "pattern", 1))
        honorific = tokens.is_word(t.honorific)
        for k in numpy.nonzero(honorific)[0].tolist():
            p = int(starts_of[k])
            if p and aligned[p - 1] and ends[p] and text[p - 1] in t.common:
                out.append((p - 1, p, "PERSON", text[p - 1], "pattern", 0))
        # 李先生 as one token: the surname alone is the name.
        lengths = ends_of - starts_of
        glued = (lengths >= 2) & (lengths <= 3) & tokens.last_char_in(self._honorific_ends)
        for k in numpy.nonzero(glued)[0].tolist():
            s, e = int(starts_of[k]), int(ends_of[k])
            if text[s] in t.common and text[s + 1 : e] in t.honorific:
                out.append((s, s + 1, "PERSON", text[s], "pattern", 0))
        out.extend(self._tagged(text, tokens, named))
        return out

    def _cue_start(self, text: str, start: int, end: int) -> int:
        """Where the longest listed after-cue ending at ``end`` starts: before 副 + 部长 the cue
        is 副部长, so the name ends before 副 (王毅副部长 is 王毅)."""
        while start > 0 and end - start < _CUE_REACH and text[start - 1 : end] in self._after_words:
            start -= 1
        return start

    def _surname_length(self, text: str, s: int) -> int:
        if text[s : s + 2] in self._compound:
            return 2
        return 1 if s < len(text) and text[s] in self._surnames else 0

    @staticmethod
    def _given_length(text: str, s: int, most: int) -> int:
        n = 0
        while n < most and s + n < len(text) and _is_given(text[s + n]):
            n += 1
        return n

    def _name_starts(self, text: str, end: int) -> Iterator[int]:
        """Starts of surname + one or two given characters that end at ``end``."""
        for given in (2, 1):
            g = end - given
            if g < 1 or self._given_length(text, g, given) != given:
                continue
            if text[g - 2 : g] in self._compound and g >= 2:
                yield g - 2
            if text[g - 1] in self._surnames:
                yield g - 1

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
        if named[i]:
            return True
        # one token the POS stage did not tag as a name (周恩来/t), next to a cue: a name when
        # it is a common surname and two name-like given characters (given_chars.tsv)
        given = self.tables.given
        return (
            end - start == 3
            and text[start] in self.tables.common
            and min(given.get(c, 0.0) for c in text[start + 1 : end]) >= GIVEN_WITH_CUE
        )

    def _title_ended(self, text: str, tokens: TokenView) -> npt.NDArray[numpy.bool_]:
        """Tokens longer than a title that end with one (财政部长, 外交大臣): a title too."""
        lengths = tokens.ends - tokens.starts
        mask = (lengths >= 3) & (lengths <= 6) & tokens.last_char_in(self._before_ends)
        for k in numpy.nonzero(mask)[0].tolist():
            word = text[int(tokens.starts[k]) : int(tokens.ends[k])]
            mask[k] = word.endswith(self._long_titles) and word not in self._cue_words
        return mask

    def _foreign_next_to(
        self, text: str, i: int, tokens: TokenView, named: npt.NDArray[numpy.bool_]
    ) -> tuple[int, int] | None:
        """Token ``i`` and the transliteration tokens joined to it, when token ``i`` is two or
        more transliteration characters (库克, 若斯潘; 斯捷 + 帕申 rejoined)."""
        s, e = int(tokens.starts[i]), int(tokens.ends[i])
        translit = self.tables.transliteration
        if e - s < 2 or not all(c in translit for c in text[s:e]):
            return None
        if e - s == 2 and not named[i]:
            return None  # 工人 + 福利: two transliteration characters are often a plain word
        if text[s:e] in self._cue_words:
            return None
        return self._translit_extent(text, s, e, tokens)

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
            # The segmenter tags many two-character words nr (施政, 蓝图): two characters are a
            # name only standing apart (a byline, a list: 、 or punctuation on both sides).
            given = all(_is_given(c) for c in word[1:])
            chinese = (
                word[0] in t.common
                and given
                and (len(word) == 3 or (len(word) == 2 and _apart(text, s, e)))
            )
            compound = len(word) == 4 and word.startswith(t.compound)
            if len(word) <= 2 and word[0] in t.common and word[-1] not in NOT_GIVEN:
                # the segmenter cut the given name off (陶 + 汉明, 陈姗 + 姗): a short token of
                # given-name characters right after the surname completes it
                rest = self._given_token_after(text, i, tokens, 3 - len(word))
                if rest:
                    yield (s, rest, "PERSON", text[s:rest], "pattern", 1)
                    continue
            if (chinese or compound) and not _quoted_term(text, s, e):
                yield (s, e, "PERSON", word, "pattern", 1)
            elif len(word) >= 2 and all(c in t.transliteration for c in word):
                # the segmenter often cuts a long transliteration (斯特罗 + 耶夫): take the
                # neighbouring tokens made only of transliteration characters too
                s, e = self._translit_extent(text, s, e, tokens)
                if e - s >= 3:
                    yield (s, e, "PERSON", text[s:e], "pattern", 1)

    def _given_token_after(self, text: str, i: int, tokens: TokenView, most: int) -> int:
        """End of the token after token ``i`` if it is 1..``most`` given-name characters."""
        j = i + 1
        if j >= len(tokens.starts) or tokens.starts[j] != tokens.ends[i]:
            return 0
        a, b = int(tokens.starts[j]), int(tokens.ends[j])
        word = text[a:b]
        if b - a > most or word in self._cue_words or not all(_is_given(c) for c in word):
            return 0  # 赵 + 女士 is the honorific rule's
        if any(text[a : a + n] in self._cue_words for n in range(b - a + 1, _CUE_REACH + 1)):
            return 0  # 王毅 + 副 + 部长: 副 opens the cue 副部长, it is no given name
        return b

    def _translit_extent(self, text: str, s: int, e: int, tokens: TokenView) -> tuple[int, int]:
        translit = self.tables.transliteration
        i = int(numpy.searchsorted(tokens.starts, s))
        j = i
        while i > 0 and tokens.ends[i - 1] == tokens.starts[i]:
            a, b = int(tokens.starts[i - 1]), int(tokens.ends[i - 1])
            if b - a > 3 or not all(c in translit for c in text[a:b]):
                break
            i -= 1
        while j + 1 < len(tokens.starts) and tokens.starts[j + 1] == tokens.ends[j]:
            a, b = int(tokens.starts[j + 1]), int(tokens.ends[j + 1])
            if b - a > 3 or not all(c in translit for c in text[a:b]):
                break
            j += 1
        return int(tokens.starts[i]), int(tokens.ends[j])

    def spaced(self, text: str) -> list[Candidate]:
        """A line that is only a Chinese name with spaces between its characters: the byline
        convention that pads a two-character name to the width of three (苗 绿). The canonical
        form has no spaces, so the name's other mentions (苗绿) link to it."""
        out: list[Candidate] = []
        for match in _SPACED_LINE.finditer(text):
            chars = [c for c in match.groups() if c]
            if chars[0] in self.tables.common and all(_is_given(c) for c in chars[1:]):
                out.append(
                    (match.start(1), match.end(match.lastindex or 2), "PERSON", "".join(chars),
                     "pattern", 1)
                )  # fmt: skip
        return out

    def foreign(self, text: str, token_starts: frozenset[int] | None) -> list[Candidate]:
        """Transliteration runs joined by ``·``, trimmed to token boundaries when the tokens'
        starts are known (a token ends where the next starts, or before a space)."""
        out: list[Candidate] = []
        translit = self.tables.transliteration
        consumed = -1
        for match in _DOT.finditer(text):
            d = match.start()
            if d < consumed:
                continue
            s = d
            while s > 0 and d - s < 8 and text[s - 1] in translit:
                s -= 1
            if s == d:
                continue
            first_dot = last_dot = d
            e = d + 1
            while True:
                run = e
                while e < len(text) and e - run < 10 and text[e] in translit:
                    e += 1
                if e == run:
                    e = last_dot  # a dot with nothing after it ends the name before it
                    break
                if e < len(text) and text[e] in DOTS:
                    last_dot = e
                    e += 1
                    continue
                break
            consumed = e
            if e <= last_dot + 1:
                continue
            if token_starts is not None:
                s = next((p for p in range(s, first_dot) if p in token_starts), first_dot)
                e = next(
                    (
                        p
                        for p in range(e, last_dot + 1, -1)
                        if p in token_starts or p == len(text) or text[p].isspace()
                    ),
                    last_dot,
                )
                if s >= first_dot or e <= last_dot + 1:
                    continue
            out.append((s, e, "PERSON", text[s:e], "pattern", 1))
        return out
