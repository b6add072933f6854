"""Find entity mentions in text: gazetteer look-ups, number/date patterns, titles, aliases.

Candidates from every source are resolved flat, longest span first (the guidelines' "longest
name wins"); blockers (发展中国家) win over the names inside them and then vanish.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from multilat_nlp.entities.gazetteer import BLOCKER, Gazetteer
from multilat_nlp.entities.linking import ALIAS_CUES, link_document
from multilat_nlp.entities.names import PersonLayer
from multilat_nlp.entities.values import value_canonical

_NUM = r"(?:\d+(?:[.,]\d+)*|[零〇一二两三四五六七八九十百千]+)"
_AR = r"\d+(?:[.,]\d+)*"
_MAG = r"(?:万亿|亿|万|千|百)?"
_APPROX_PRE = r"(?:约|近)?"
_APPROX_POST = r"(?:多|余)?"
_AFTER = r"(?:以上|以内|以下|左右)?"

#: Units by label; data, not code (one table to extend).
MONEY_UNITS = ("元", "美元", "欧元", "日元", "英镑", "人民币", "港元", "卢布")
QUANTITY_UNITS = (
    "吨", "千克", "公斤", "斤", "公里", "千米", "米", "平方公里", "平方米", "亩", "公顷",
    "千瓦时", "千瓦", "瓦", "立方米", "升", "标准煤", "桶", "度电",
)  # fmt: skip
CLASSIFIERS = (
    "个", "件", "部", "种", "大类", "类", "项", "家", "国", "名", "所", "座", "条", "批", "人次",
    "人", "户", "位", "届", "支", "款", "份",
)  # fmt: skip
#: 《…》 head nouns that make a title LAW; any other title is WORK_OF_ART.
LAW_HEADS = (
    "协定", "条约", "公约", "宣言", "声明", "宪章", "议定书", "备忘录", "法", "条例", "规定",
    "规划", "纲要", "意见", "决定", "办法", "通知", "方案", "计划", "规则", "细则", "准则",
    "白皮书", "议程", "框架", "协议", "共识", "行动计划", "决议",
)  # fmt: skip
#: Designators written after a quoted coinage that make it a POLICY (“一带一路”倡议).
POLICY_DESIGNATORS = ("倡议", "战略", "规划", "工程", "计划", "行动", "总体布局", "布局", "建设")
#: Characters before a one-character state form that make it a name (对美, 访华).
COORD_PREFIXES = "对赴访驻援抗反亲仇制涉来离抵侵"
#: A one-character state form standing as its own token before these words names the state
#: too (中方, 美方; 俄 + 总统), as after a prefix (not 政府: 非政府组织).
COORD_SIDE = "方"
COORD_BEFORE_WORDS = (
    "总统", "总理", "首相", "外长", "外交部", "议会", "军方", "政局", "当局",
)  # fmt: skip

#: The first characters of those words: a lone form before any other character names no state.
_COORD_AFTER_FIRST = frozenset(word[0] for word in (COORD_SIDE, *COORD_BEFORE_WORDS))


def _alt(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "DATE",
        re.compile(
            r"(?:\d{4}|[〇零一二三四五六七八九]{4})年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:底|初|末)?"
            r"|\d{1,2}月\d{1,2}日"
            r"|(?:上)?\d{1,2}世纪(?:\d0年代)?|(?:上)?[二十一]{1,3}世纪(?:[一二三四五六七八九]十年代)?"
            r"|\d{4}-\d{1,2}-\d{1,2}"
            r"|(?:January|February|March|April|May|June|July|August|September|October|November"
            r"|December) \d{1,2}, \d{4}"
            r"|\d+周年"
        ),
    ),
    ("TIME", re.compile(r"\d{1,2}[:：]\d{2}|\d{1,2}时\d{1,2}分")),
    (
        "PERCENT",
        re.compile(
            rf"{_APPROX_PRE}{_AR}%(?:[－\-—~～至]{_AR}%)?{_AFTER}"
            rf"|{_APPROX_PRE}{_NUM}个百分点{_AFTER}|百分之{_NUM}"
        ),
    ),
    (
        "MONEY",
        re.compile(rf"{_APPROX_PRE}{_NUM}{_APPROX_POST}{_MAG}(?:{_alt(MONEY_UNITS)}){_AFTER}"),
    ),
    (
        "QUANTITY",
        re.compile(rf"{_APPROX_PRE}{_NUM}{_APPROX_POST}{_MAG}(?:{_alt(QUANTITY_UNITS)}){_AFTER}"),
    ),
    ("ORDINAL", re.compile(rf"第{_NUM}(?:{_alt(CLASSIFIERS)}|步|次)?")),
    (
        "CARDINAL",
        re.compile(
            rf"{_APPROX_PRE}{_NUM}{_APPROX_POST}{_MAG}{_APPROX_POST}(?:{_alt(CLASSIFIERS)}){_AFTER}"
            rf"|{_APPROX_PRE}{_AR}{_APPROX_POST}(?:万亿|亿|万){_APPROX_POST}"
        ),
    ),
]
#: The characters each pattern's matches can start with. A look-ahead on them lets the regex
#: engine drop most positions with one set test instead of trying every alternative there
#: (the number patterns ran 4x faster on the 53 reports, with the same matches).
_NUMBER_START = r"\d零〇一二两三四五六七八九十百千约近"
_FIRST_CHARS = {
    "DATE": r"\d〇零一二三四五六七八九十上JFMASOND",
    "TIME": r"\d",
    "PERCENT": _NUMBER_START,
    "MONEY": _NUMBER_START,
    "QUANTITY": _NUMBER_START,
    "CARDINAL": _NUMBER_START,
}
_PATTERNS = [
    (label, re.compile(f"(?=[{_FIRST_CHARS[label]}])(?:{pattern.pattern})"))
    if label in _FIRST_CHARS
    else (label, pattern)
    for label, pattern in _PATTERNS
]
_FIRST_CHARS["YEAR"] = r"\d"  # _YEAR_RANGE
#: Where a pattern's matches can start: one fast charset scan of the text for all the start
#: characters, then each pattern's own among them. ``finditer`` tries every position of the text
#: (about 30 ns each); the characters that start a number are some 4 % of a report's.
_ANY_START = re.compile("[" + "".join(sorted(set(_FIRST_CHARS.values()))) + "]")
#: Each start set as (its literal characters, whether \d is in it: any Unicode decimal digit,
#: what ``str.isdecimal`` tests).
_START_SETS = {
    chars: (frozenset(chars.replace("\\d", "")), "\\d" in chars) for chars in _FIRST_CHARS.values()
}


class _CandidateStarts:
    """The start positions of one text's possible matches, by pattern label, each start set
    worked out once (PERCENT, MONEY, QUANTITY and CARDINAL share one)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._any: list[int] | None = None
        self._by_chars: dict[str, list[int]] = {}

    def get(self, label: str) -> list[int] | None:
        """None for a pattern without a start set (scanned the ordinary way)."""
        chars = _FIRST_CHARS.get(label)
        if chars is None:
            return None
        starts = self._by_chars.get(chars)
        if starts is None:
            if self._any is None:
                self._any = [m.start() for m in _ANY_START.finditer(self.text)]
            text = self.text
            literal, digits = _START_SETS[chars]
            starts = self._by_chars[chars] = [
                p for p in self._any if text[p] in literal or (digits and text[p].isdecimal())
            ]
        return starts


def _matches_from(
    pattern: re.Pattern[str], text: str, starts: list[int] | None
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` when a match can only start at one of ``starts`` (sorted)
    and is never empty: leftmost first, each search going on where the last match ended."""
    if starts is None:
        yield from pattern.finditer(text)
        return
    match_at = pattern.match
    end = 0
    for position in starts:
        if position < end:
            continue
        match = match_at(text, position)
        if match is not None:
            yield match
            end = match.end()


#: The head of a bloc's name; its contraction keeps the last character (亚洲联盟 → 亚盟).
BLOC_HEAD = "联盟"
_YEAR_PREFIX = re.compile(r"(\d{4})年")
_YEAR_RANGE = re.compile(r"(?=\d)(?<!\d)(\d{4})\s*[—–\-－~～至到]\s*(\d{4})年")
_TITLE = re.compile(r"《[^《》\n]{1,80}》")
_QUOTED_POLICY = re.compile(rf"“([^“”\n]{{2,12}})”(?:{_alt(POLICY_DESIGNATORS)})")
_ENUMERATOR = re.compile(
    r"(?<![\u4e00-\u9fff])([一二三四五六七八九十]{1,2})[是要](?=[，,：:\u4e00-\u9fff])"
)
#: Latin letters, the accented ones too (António Guterres, Volkan Bozkır, Müller).
LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_PAREN = re.compile(rf"[（(]\s*([{LATIN}][{LATIN}0-9&+\-.'’ ]{{0,40}}?)\s*[)）]")
#: ABBR（gloss）: an acronym (capitals and digits) with a bracketed gloss that has a comma.
_ACRONYM_GLOSS = re.compile(
    r"(?=[A-Z])(?<![A-Za-z0-9])([A-Z][A-Z0-9&\-]{1,9})[（(]([^（）()\n]{2,80}[，,；;][^（）()\n]{2,80})[)）]"
)
#: Gloss pieces are split at commas; a cue before a piece is not part of it (即二十国集团数据联盟).
_GLOSS_SPLIT = re.compile(r"[^，,；;]+")
_GLOSS_CUE = re.compile(rf"^(?:{_alt(('即', *ALIAS_CUES))})\s*")
_LATIN_NAME = re.compile(rf"[{LATIN}][{LATIN}0-9&+\-.'’ ]{{1,60}}")
_LATIN_WORD = re.compile(rf"[{LATIN}][{LATIN}'’\-]*")
_ORG_HEADS = re.compile(
    r"[\u4e00-\u9fff]{2,20}?(?:组织|联盟|机构|银行|基金会|基金|协会|委员会|理事会|论坛|集团|署|局"
    r"|中心|研究院|研究所|大学|公司|联合会|共同体|同盟|议会|法院)$"
)
_NAME_STOP = "的与和在是了及对由将为向把被从等、，。；：“”《》（）()"


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    label: str
    canonical: str
    source: str  # "gazetteer", "pattern" or "model"


def _number_canonical(label: str, surface: str) -> str:
    return value_canonical(label, surface)


class EntityFinder:
    """All mentions of one text, flat and sorted; thread-safe, holds no per-text state."""

    def __init__(self, gazetteer: Gazetteer, *, numbers: bool = True) -> None:
        self.gazetteer = gazetteer
        self.numbers = numbers
        self.people = PersonLayer()
        self._coord_chars = "".join(sorted(gazetteer.coord))
        self._coord_run = (
            re.compile(f"[{re.escape(self._coord_chars)}]{{1,4}}") if self._coord_chars else None
        )
        # listed events named with their year (2008年金融危机): year -> (rest of name, entry)
        self._dated_events: dict[str, list[tuple[str, str]]] = {}
        for entry in gazetteer.entries:
            if entry.label != "EVENT":
                continue
            for surface in entry.surfaces:
                match = _YEAR_PREFIX.match(surface)
                if match and len(surface) > match.end() + 1:
                    rests = self._dated_events.setdefault(match.group(1), [])
                    rests.append((surface[match.end() :], entry.id))
        for rests in self._dated_events.values():
            rests.sort(key=lambda r: -len(r[0]))

    def find(
        self, text: str, token_starts: frozenset[int] | None = None, *, link: bool = True
    ) -> list[Mention]:
        """``link=False`` leaves the document-level alias linking to the caller (the stage
        links once, after its POS-based name layers and the tagger have added their names)."""
        candidates: list[tuple[int, int, str, str, str, int]] = []  # ..., priority
        for start, end, label, ident in self.gazetteer.matches(text):
            candidates.append((start, end, label, ident, "gazetteer", 3))
        # Foreign names (罗伯特·基欧汉) here, so NAME(Latin gloss) links below; the other name
        # layers need POS tags and run in the stage (multilat_nlp.stages.entities).
        candidates.extend(self.people.foreign(text, token_starts))
        candidates.extend(self.people.spaced(text))
        for match in _TITLE.finditer(text):
            inner = re.sub(r"[（(][^（）()]*[）)]$", "", match.group()[1:-1])
            label = "LAW" if inner.endswith(LAW_HEADS) else "WORK_OF_ART"
            candidates.append(
                (match.start(), match.end(), label, match.group()[1:-1], "pattern", 2)
            )
        for match in _QUOTED_POLICY.finditer(text):
            candidates.append(
                (match.start(1), match.end(1), "POLICY", match.group(1), "pattern", 2)
            )
        starts_at = _CandidateStarts(text)
        if self.numbers:
            for label, pattern in _PATTERNS:
                for match in _matches_from(pattern, text, starts_at.get(label)):
                    surface = match.group()
                    if label == "CARDINAL" and surface[0] == "一" and len(surface) == 2:
                        continue  # 一个, 一种: an article, not a count
                    candidates.append(
                        (match.start(), match.end(), label, _number_canonical(label, surface),
                         "pattern", 1)
                    )  # fmt: skip
            for match in _ENUMERATOR.finditer(text):
                candidates.append(
                    (match.start(1), match.end(1), "ORDINAL",
                     value_canonical("ORDINAL", match.group(1)), "pattern", 0)
                )  # fmt: skip
        if self._dated_events:
            candidates.extend(self._year_range_events(text, starts_at))
        mentions = resolve(candidates)
        mentions = self._coordinations(text, mentions, token_starts)
        mentions = self._blocs(text, mentions, token_starts)
        mentions = self._parenthetical(text, mentions)
        mentions = self._acronym_glossed(text, mentions)
        mentions = self._document_aliases(text, mentions)
        return link_document(text, mentions) if link else mentions

    def _year_range_events(
        self, text: str, starts_at: _CandidateStarts | None = None
    ) -> list[tuple[int, int, str, str, str, int]]:
        """2008—2009年全球金融危机: a listed event named with its year (2008年全球金融危机),
        written with a year range that starts or ends with that year (the range stays inside
        the EVENT, as the guidelines say)."""
        out = []
        starts_at = starts_at or _CandidateStarts(text)
        for match in _matches_from(_YEAR_RANGE, text, starts_at.get("YEAR")):
            rests = self._dated_events.get(match.group(1), []) + self._dated_events.get(
                match.group(2), []
            )
            end = match.end()
            for rest, ident in sorted(rests, key=lambda r: -len(r[0])):
                if text.startswith(rest, end):
                    out.append((match.start(), end + len(rest), "EVENT", ident, "gazetteer", 3))
                    break
        return out

    def _blocs(
        self, text: str, mentions: list[Mention], token_starts: frozenset[int] | None
    ) -> list[Mention]:
        """A region a list knows + 联盟 is a bloc's name (亚洲联盟: the lists have the blocs that
        exist, 非洲联盟, 欧洲联盟; a proposed one is still a name). Its contraction, the
        region's first character + 盟 (as 东盟, 欧盟, 非盟 are formed), standing as a token
        elsewhere in the document, is the same bloc (亚盟); one a list has is the list's."""
        if BLOC_HEAD not in text:
            return mentions
        out = list(mentions)
        covered = _coverage(mentions, len(text))
        contractions: dict[str, str] = {}
        for i, m in enumerate(mentions):
            end = m.end + len(BLOC_HEAD)
            if m.label != "LOC" or m.source != "gazetteer" or text[m.end : end] != BLOC_HEAD:
                continue
            if _covers(covered, m.end, end):
                continue
            if token_starts is not None and end < len(text) and end not in token_starts:
                continue  # 亚洲联盟体系: part of a longer word
            name = text[m.start : end]
            out[i] = Mention(m.start, end, "ORG", name, "pattern")
            covered[m.start : end] = b"\x01" * (end - m.start)
            contractions.setdefault(name[0] + BLOC_HEAD[-1], name)
        if token_starts is None:
            return out  # contractions only where the tokens say they stand alone
        for short, name in contractions.items():
            position = text.find(short)
            while position != -1:
                end = position + len(short)
                alone = position in token_starts and (end == len(text) or end in token_starts)
                if alone and not _covers(covered, position, end):
                    out.append(Mention(position, end, "ORG", name, "pattern"))
                    covered[position:end] = b"\x01" * (end - position)
                position = text.find(short, end)
        return sorted(out, key=lambda m: m.start)

    def _coordinations(
        self, text: str, mentions: list[Mention], token_starts: frozenset[int] | None
    ) -> list[Mention]:
        """中美 → 中 + 美, 对美 → 美: one-character state forms outside any other mention."""
        if self._coord_run is None:
            return mentions
        covered = _coverage(mentions, len(text))
        ordered_starts = sorted(token_starts) if token_starts is not None else []
        extra = []
        blocked = self.gazetteer.blocker_surfaces
        for match in self._coord_run.finditer(text):
            start, end = match.span()
            if covered.find(1, start, end) != -1:  # _covers, inline: most runs are covered
                continue
            run = match.group()
            if run in blocked or len(set(run)) != len(run):
                continue
            before = text[start - 1] if start > 0 else ""
            after = text[end] if end < len(text) else ""
            if len(run) == 1:
                if not self._alone_state(text, start, token_starts):
                    continue  # it checks the token boundaries of a lone form itself
            elif not self.gazetteer.pair_forms.issuperset(run):
                continue  # 华 (a second form of 中国) stands alone only; 中华 is no pair
            elif token_starts is not None:
                if start not in token_starts and not (
                    before in COORD_PREFIXES and start - 1 in token_starts
                ):
                    continue
                if end < len(text) and end not in token_starts:
                    # 中英文: the run is part of a longer word; 中美关系: a word follows inside
                    # the token (its rest is two or more characters up to the next boundary).
                    i = bisect.bisect_right(ordered_starts, end)
                    rest_end = ordered_starts[i] if i < len(ordered_starts) else len(text)
                    if rest_end - end < 2:
                        continue
            if after == "洲":
                continue
            for i, char in enumerate(run):
                entry = self.gazetteer.coord[char]
                extra.append(Mention(start + i, start + i + 1, entry.label, entry.id, "gazetteer"))
        return sorted([*mentions, *extra], key=lambda m: m.start)

    @staticmethod
    def _alone_state(text: str, start: int, token_starts: frozenset[int] | None) -> bool:
        """A one-character state form outside a coordination: after a prefix (访华,
        对美), before 方 (中方), or a token of its own before a state noun (俄 + 总统). With
        the tokens known, the form must not start a longer word (对美好, 在华为)."""
        end = start + 1
        before = text[start - 1] if start > 0 else ""
        if token_starts is None:
            return bool(before) and before in COORD_PREFIXES
        ends_word = end == len(text) or end in token_starts
        if before and before in COORD_PREFIXES and ends_word:
            return start in token_starts or start - 1 in token_starts
        if start not in token_starts or text[end : end + 1] not in _COORD_AFTER_FIRST:
            return False
        for word in (COORD_SIDE, *COORD_BEFORE_WORDS):
            word_end = end + len(word)
            if text.startswith(word, end) and (word_end == len(text) or word_end in token_starts):
                return True  # 中方, 俄 + 总统, 俄总统 as one token
        return False

    def _parenthetical(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """NAME（ABBR）: the abbreviation is a second mention of the name, same label and id.

        Where no mention ends at the bracket, the name is read back from it (see
        :func:`_name_before`): an organisation no list has (全球数据合作委员会（GDCC）), one a
        list knows only by its abbreviation (海湾合作委员会（GCC）: the name takes GCC's id), or a
        known organisation with more words after it (二十国集团青年会议（Y20）: the abbreviation
        names the longer body, not G20, so the whole name is one ORG with the abbreviation's id).
        """
        by_end = {m.end: m for m in mentions}
        by_span = {(m.start, m.end): m for m in mentions}
        covered = _coverage(mentions, len(text))
        out = list(mentions)
        for match in _PAREN.finditer(text):
            astart, aend = match.span(1)
            abbr = match.group(1)
            known = by_span.get((astart, aend))
            if _covers(covered, astart, aend) and (known is None or known.label != "ORG"):
                continue
            name = by_end.get(match.start())
            if known is not None and name is not None:
                continue  # both found: link_document gives the name the abbreviation's id
            if name is not None and name.label in (
                "ORG",
                "LAW",
                "PERSON",
                "POLICY",
                "EVENT",
                "GPE",
            ):
                canonical = (
                    abbr if name.label in ("ORG", "LAW") and abbr.isupper() else name.canonical
                )
                out = [replace(m, canonical=canonical) if m == name else m for m in out]
                out.append(Mention(astart, aend, name.label, canonical, name.source))
                continue
            if name is not None or (known is None and not abbr.replace("-", "").isupper()):
                continue
            canonical = known.canonical if known is not None else abbr
            found = _name_before(text, match.start(), mentions, covered)
            if found is None:
                continue
            head, inner = found
            if inner:
                out = [m for m in out if m not in inner]
            out.append(Mention(head, match.start(), "ORG", canonical, "pattern"))
            covered[head : match.start()] = b"\x01" * (match.start() - head)
            if known is None:
                out.append(Mention(astart, aend, "ORG", canonical, "pattern"))
        return sorted(out, key=lambda m: m.start)

    def _acronym_glossed(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """ABBR（Expansion，即 NAME）: an acronym glossed in brackets by an organisation's
        name (D20（Digital-20，即二十国集团数据联盟）). The pieces of the gloss (split at commas,
        after a cue such as 即 or 又称) are further names of it when one Chinese piece is an
        organisation: one found, or a listed one with more words up to an organisation head
        (二十国集团 + 数据联盟). The acronym, its Latin expansion and the Chinese name become
        ORG mentions with the acronym's id."""
        out = list(mentions)
        by_span = {(m.start, m.end): m for m in mentions}
        covered = _coverage(mentions, len(text))
        for match in _ACRONYM_GLOSS.finditer(text):
            acronym = match.group(1)
            known = by_span.get(match.span(1))
            if known is None and _covers(covered, *match.span(1)):
                continue
            pieces = []
            for part in _GLOSS_SPLIT.finditer(match.group(2)):
                raw = part.group()
                cue = _GLOSS_CUE.match(raw.lstrip())
                lead = len(raw) - len(raw.lstrip()) + (cue.end() if cue else 0)
                start, end = match.start(2) + part.start() + lead, match.start(2) + part.end()
                while end > start and text[end - 1].isspace():
                    end -= 1
                if end > start:
                    pieces.append((start, end))
            name = None
            for start, end in pieces:
                piece = text[start:end]
                if not all("\u4e00" <= c <= "\u9fff" for c in piece):
                    continue
                inner = [m for m in out if m.start < end and m.end > start]
                if len(inner) == 1 and (inner[0].start, inner[0].end) == (start, end):
                    name = (start, end, inner) if inner[0].label == "ORG" else None
                elif (
                    inner
                    and inner[0].start == start
                    and inner[0].label == "ORG"
                    and inner[-1].end < end
                    and _ORG_HEADS.search(piece)
                ):
                    name = (start, end, inner)
                if name is not None:
                    break
            if name is None:
                continue
            ident = known.canonical if known is not None else acronym
            start, end, inner = name
            out = [m for m in out if m not in inner]
            whole = len(inner) == 1 and (inner[0].start, inner[0].end) == (start, end)
            source = inner[0].source if whole else "pattern"
            out.append(Mention(start, end, "ORG", ident, source))
            if known is None:
                out.append(Mention(*match.span(1), "ORG", ident, "pattern"))
            for p_start, p_end in pieces:
                if _LATIN_NAME.fullmatch(text[p_start:p_end]) and not _covers(
                    covered, p_start, p_end
                ):
                    out.append(Mention(p_start, p_end, "ORG", ident, "pattern"))
            covered = _coverage(out, len(text))
        return sorted(out, key=lambda m: m.start)

    def _document_aliases(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """A short form defined here (IEA; 基欧汉 from 罗伯特·基欧汉) links its other mentions."""
        forms: dict[str, Mention] = {}
        latin_people: dict[str, Mention] = {}
        for m in mentions:
            surface = text[m.start : m.end]
            if m.source == "pattern" and m.label == "ORG" and surface.isascii():
                forms.setdefault(surface, m)
            if m.label == "PERSON" and " " in surface and _is_latin_name(surface):
                latin_people.setdefault(surface, m)  # Robert Keohane, defined in parentheses
            if m.label == "PERSON" and "·" in surface:
                forms.setdefault(surface.rsplit("·", 1)[1], m)
        if not forms and not latin_people:
            return mentions
        covered = _coverage(mentions, len(text))
        out = list(mentions)
        for surface, m in forms.items():
            if len(surface) < 2:
                continue
            position = text.find(surface)
            while position != -1:
                end = position + len(surface)
                if not _covers(covered, position, end):
                    out.append(Mention(position, end, m.label, m.canonical, m.source))
                    covered[position:end] = b"\x01" * (end - position)
                position = text.find(surface, end)
        for surface, m in latin_people.items():
            for match in _latin_variants(surface).finditer(text):
                start, end = match.span()
                if not _covers(covered, start, end):
                    out.append(Mention(start, end, m.label, m.canonical, m.source))
                    covered[start:end] = b"\x01" * (end - start)
        return sorted(out, key=lambda m: m.start)


def _is_latin_name(surface: str) -> bool:
    """Two to four capitalised Latin words (Robert Keohane, António Guterres, Robert O. Keohane)."""
    words = surface.split()
    return 2 <= len(words) <= 4 and all(
        _LATIN_WORD.fullmatch(w.rstrip(".")) and w[0].isupper() for w in words
    )


@lru_cache(maxsize=256)
def _latin_variants(name: str) -> re.Pattern[str]:
    """The ways one person's Latin name is written: Robert Keohane, Robert O. Keohane,
    R. O. Keohane, R. Keohane (the given name or its initial, then middle names or initials,
    then the surname), as a whole word."""
    words = name.split()
    given, surname = words[0], words[-1]
    initial = re.escape(given[0]) + r"\."
    middle = rf"(?:\s+(?:[A-Z]\.|[A-Z][{LATIN}'’\-]+)){{0,2}}"
    return re.compile(
        rf"(?<![{LATIN}.])(?:{re.escape(given)}|{initial}){middle}\s+{re.escape(surname)}"
        rf"(?![{LATIN}])"
    )


def _name_before(
    text: str, end: int, mentions: Sequence[Mention], covered: bytearray
) -> tuple[int, list[Mention]] | None:
    """Start of the organisation name that ends at ``end`` (a bracket with an abbreviation),
    and the mentions inside it that it replaces.

    Uncovered text: a run of Chinese characters ending in an organisation head. Text with
    mentions: a known organisation first, then two or more Chinese characters no mention has
    (二十国集团 + 青年会议), not ending like an agreement or a policy (联合国 + 可持续发展议程
    is no body). The abbreviation names what stands right before its bracket, also where a
    list gives it to the shorter name (二十国集团民间社会 + 会议（C20）: the list's name is cut).
    """
    start = _run_start(text, end)
    if start == end:
        return None
    if not _covers(covered, start, end):
        head = _unknown_org(text, end)
        return None if head is None else (head, [])
    first = covered.find(1, start, end)
    inner = [m for m in mentions if m.start < end and m.end > first]
    if not inner or inner[0].start != first or inner[0].label != "ORG":
        return None
    if end - inner[-1].end < 2:
        return None
    if text[first:end].endswith((*LAW_HEADS, *POLICY_DESIGNATORS, "目标")):
        return None
    return first, inner


def _run_start(text: str, end: int) -> int:
    """Start of the Chinese characters before ``end`` up to a function word or punctuation."""
    start = end
    while start > 0 and end - start < 24 and text[start - 1] not in _NAME_STOP:
        if not ("\u4e00" <= text[start - 1] <= "\u9fff"):
            break
        start -= 1
    return start


def _unknown_org(text: str, end: int) -> int | None:
    start = _run_start(text, end)
    match = _ORG_HEADS.search(text[start:end])
    return start + match.start() if match else None


def _coverage(mentions: Sequence[Mention], length: int) -> bytearray:
    """1 where a mention is; ``_covers`` asks about a stretch in C (``bytearray.find``)."""
    covered = bytearray(length)
    for m in mentions:
        covered[m.start : m.end] = b"\x01" * (m.end - m.start)
    return covered


def _covers(covered: bytearray, start: int, end: int) -> bool:
    return covered.find(1, start, end) != -1


def resolve(candidates: list[tuple[int, int, str, str, str, int]]) -> list[Mention]:
    """Flat annotation: the longest candidate wins; ties go to the higher priority."""
    return [
        Mention(*candidates[i][:5]) for i in resolved(candidates) if candidates[i][2] != BLOCKER
    ]


def resolved(candidates: Sequence[tuple[int, int, str, str, str, int]]) -> list[int]:
    """The indices :func:`resolve` keeps (blockers too), in text order."""
    return resolved_spans(
        [c[0] for c in candidates], [c[1] for c in candidates], [c[5] for c in candidates]
    )


def resolved_spans(starts: list[int], ends: list[int], priorities: list[int]) -> list[int]:
    """:func:`resolved` of candidates given as their starts, ends and priorities.

    Choosing the longest first, then the higher priority, then the earlier, each one that
    overlaps none chosen before: a choice only ever bears on the candidates it overlaps, so
    the text is cut into runs of overlapping candidates and only runs of two or more are
    sorted and chosen in (a document's candidates nearly all stand alone; sorting them all was
    most of the stage's cost of resolving). Empty spans, which block differently, take the
    plain way over all candidates.
    """
    n = len(starts)
    if any(e <= s for s, e in zip(starts, ends, strict=True)):
        return _resolved_plainly(starts, ends, priorities, range(n))
    order = sorted(range(n), key=starts.__getitem__)  # stable: ties keep the given order
    chosen: list[int] = []
    i = 0
    while i < n:
        j = i + 1
        reach = ends[order[i]]
        while j < n and starts[order[j]] < reach:
            reach = max(reach, ends[order[j]])
            j += 1
        if j == i + 1:
            chosen.append(order[i])
        else:
            chosen.extend(_resolved_plainly(starts, ends, priorities, order[i:j]))
        i = j
    return chosen


def _resolved_plainly(
    starts: list[int], ends: list[int], priorities: list[int], among: Sequence[int]
) -> list[int]:
    """:func:`resolved_spans` by sorting the candidates ``among`` (in that order) at once."""
    ordered = sorted(among, key=lambda i: (-(ends[i] - starts[i]), -priorities[i], starts[i]))
    taken: list[tuple[int, int]] = []
    chosen = []
    for index in ordered:
        start, end = starts[index], ends[index]
        i = bisect.bisect_left(taken, (start, start))
        if i > 0 and taken[i - 1][1] > start:
            continue
        if i < len(taken) and taken[i][0] < end:
            continue
        taken.insert(i, (start, end))
        chosen.append(index)
    return sorted(chosen, key=starts.__getitem__)
