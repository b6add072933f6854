"""Organisation and place names no gazetteer lists, from head nouns and suffixes over tokens.

An organisation name ends with a head noun (委员会, 公司, 银行, 大学, 法院, 队 …, data in
``resources/names/org_heads.tsv``) at a token end, and is expanded to the left over the nominal
tokens before it up to the leftmost *anchor*: a place or organisation the gazetteer found, or a
token the POS stage tagged as a proper name (ns/nt/nz/nr/j). Without an anchor nothing is
proposed, so generic references (地方政府, 有关部门, 电子公司) stay plain words, as the
guidelines want. Words that end like a head but are none (东部, 干部, 社会) are listed there too.

A place is a token the POS stage tagged ``ns``, joined with an administrative suffix token after
it (塔科马 + 市); its label comes from the suffix table (GPE for 省/市/县…, LOC for 江/河/山…).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy
import numpy.typing as npt

from multilat_nlp.entities.names import Candidate
from multilat_nlp.entities.tokenview import TokenView
from multilat_nlp.resources.names import table_rows

#: Tags of tokens an organisation name may contain before its head.
MODIFIER_TAGS = ("n", "ns", "nt", "nz", "nr", "nrt", "nrfg", "j", "b", "vn", "an", "eng", "ng", "l")
#: Tags of proper-name tokens that make the expansion a name.
#: (Not nz: the segmenter tags many policy coinages nz, 高水平, 友好.)
ANCHOR_TAGS = ("ns", "nt", "nr", "nrt", "nrfg", "j", "eng")
#: Tags a head token may not have (东部/f, 全部/m, 局/q …) unless the POS stage said ``nt``.
NOT_HEAD_TAGS = ("f", "s", "d", "v", "a", "m", "r", "t", "p", "c", "u", "q", "ad", "vd", "x")
#: Tags of tokens that may be a place name before a strong suffix token (集美 + 镇).
PLACE_NAME_TAGS = ("nz", "nr", "ns", "j", "nrt")
#: Administrative suffixes that end hardly any common word.
STRONG_SUFFIXES = ("县", "镇", "乡", "村", "旗")
#: First characters that make a suffixed word a reference, not a name (全县, 本市, 各乡).
DETERMINERS = "全本该各每此这那其某两三四五六七八九十百千万我你他她它贵"
#: Where a head token the POS stage read as a verb (组织/v) is still a head: after a noun,
#: closing the clause or a quotation (成立全球人才合作组织。), or before a distinguishing word
#: (国际人才合作组织主要承担), never before a verb or a noun (卫健委组织专家, 组织开展: the verb);
#: and not after a quantity or a pronoun (一些国际救援组织已经: a generic plural).
CLOSING = "。，,、；;：:”\"）)！？\n"
AFTER_HEAD_TAGS = ("b",)
GENERIC_BEFORE_TAGS = ("m", "r", "mq", "q")
#: Dictionary tags of a word before a bare head that make the whole a kind (公立/b 医院).
KIND_MODIFIER_TAGS = "abvd"
MAX_TOKENS = 7
MAX_CHARS = 20


@dataclass(frozen=True)
class OrgTables:
    heads: tuple[str, ...]
    generic: frozenset[str]
    bare: frozenset[str]
    scope: tuple[str, ...]
    generic_places: tuple[str, ...]
    place_suffixes: dict[str, str]


@lru_cache(maxsize=1)
def org_tables() -> OrgTables:
    words: dict[str, list[str]] = {"head": [], "generic": [], "bare": [], "scope": []}
    for word, kind in table_rows("org_heads.tsv"):
        words[kind].append(word)
    suffixes: dict[str, str] = {}
    generic_places: list[str] = []
    for suffix, label in table_rows("place_suffixes.tsv"):
        if label == "generic":
            generic_places.append(suffix)
        else:
            suffixes[suffix] = label
    return OrgTables(
        heads=tuple(words["head"] + words["bare"]),
        generic=frozenset(words["generic"]),
        bare=frozenset(words["bare"]),
        scope=tuple(words["scope"]),
        generic_places=tuple(generic_places),
        place_suffixes=suffixes,
    )


class OrgLayer:
    """ORG and GPE/LOC candidates of one text; holds only compiled tables (thread-safe)."""

    def __init__(self, tables: OrgTables | None = None) -> None:
        self.tables = t = tables or org_tables()
        self._head_set = frozenset(t.heads)
        self._head_ends = frozenset(h[-1] for h in t.heads)
        self._head_lengths = sorted({len(h) for h in t.heads}, reverse=True)
        self._generic_lengths = sorted({len(g) for g in t.generic}, reverse=True)
        self._bare = t.bare
        self._admin = frozenset(s for s, label in t.place_suffixes.items() if label == "GPE")
        self._suffix_ends = frozenset(s[-1] for s in t.place_suffixes)

    def names_a_kind(self, word: str, tag_of: Callable[[str], str | None]) -> bool:
        """Whether an organisation-like word names a kind, not one body: it ends in a generic
        noun (新格局, 东中部), or it is a descriptive word (``tag_of`` gives a/b/v/d) and a bare
        head (公立医院, 普通中学). For names another layer (the tagger) proposes."""
        if self._generic_length(word):
            return True
        for bare in self._bare:
            if len(word) > len(bare) and word.endswith(bare):
                tag = tag_of(word[: -len(bare)])
                if tag and tag[0] in KIND_MODIFIER_TAGS:
                    return True
        return False

    def _generic_length(self, word: str) -> int:
        """Length of the longest generic noun ``word`` ends in (村干部: 3), 0 for none."""
        generic = self.tables.generic
        lengths = (n for n in self._generic_lengths if n <= len(word) and word[-n:] in generic)
        return next(lengths, 0)

    def candidates(
        self, text: str, tokens: TokenView, names: Sequence[tuple[int, int, str, str]]
    ) -> list[Candidate]:
        """``names``: the gazetteer's (start, end, label, id) matches, anchors of the expansion."""
        anchor_start = numpy.zeros(len(text) + 1, dtype=bool)
        place_start = numpy.zeros(len(text) + 1, dtype=bool)
        for start, _end, label, _ident in names:
            if label in ("GPE", "LOC", "ORG"):
                anchor_start[start] = True
            if label in ("GPE", "LOC"):
                place_start[start] = True
        out = self._orgs(text, tokens, anchor_start, place_start)
        out.extend(self._places(text, tokens))
        return out

    def _orgs(
        self,
        text: str,
        tokens: TokenView,
        anchor_start: npt.NDArray[numpy.bool_],
        place_start: npt.NDArray[numpy.bool_],
    ) -> list[Candidate]:
        """Head tokens with an anchor at most ``MAX_TOKENS`` before them, expanded leftwards.

        The filters that need no text run on whole arrays first; Python sees only the few
        hundred head tokens that can still be names.
        """
        out: list[Candidate] = []
        starts, ends = tokens.starts, tokens.ends
        if not len(starts):
            return out
        org_tagged = tokens.with_tags(("nt",))
        modifier = tokens.with_tags(MODIFIER_TAGS)
        anchored_here = anchor_start[starts]
        place = place_start[starts] | tokens.with_tags(("ns",))
        # 国家/全球/国际 … start official and international body names (国家环保总局,
        # 国际电商联盟), but only with a modifier before the head (国际组织 stays generic).
        scope = tokens.is_word(self.tables.scope)
        anchor = tokens.with_tags(ANCHOR_TAGS) | anchored_here | scope
        index = numpy.arange(len(starts))
        last_anchor = numpy.maximum.accumulate(numpy.where(anchor, index, -1))
        before = numpy.concatenate(([-1], last_anchor[:-1]))
        # a verb-tagged head after a noun, closing the clause: 合作 + 组织/v + 。
        nominal_before = numpy.zeros(len(starts), dtype=bool)
        nominal_before[1:] = tokens.with_tags(("n", "vn"))[:-1] & (starts[1:] == ends[:-1])
        verb_head = tokens.with_tags(("v",)) & nominal_before & tokens.last_char_in(self._head_ends)
        quantified = tokens.with_tags(GENERIC_BEFORE_TAGS)
        after_head = numpy.zeros(len(starts), dtype=bool)
        after_head[:-1] = tokens.with_tags(AFTER_HEAD_TAGS)[1:] & (starts[1:] == ends[:-1])
        for k in numpy.nonzero(verb_head & ~after_head)[0].tolist():
            e = int(ends[k])
            verb_head[k] = e >= len(text) or text[e] in CLOSING
        heads = (
            tokens.last_char_in(self._head_ends)
            & (~tokens.with_tags(NOT_HEAD_TAGS) | org_tagged | verb_head)
            & ((before >= index - MAX_TOKENS) | anchored_here)
        )
        for k in numpy.nonzero(heads)[0].tolist():
            head_start, end = int(starts[k]), int(ends[k])
            word = text[head_start:end]
            head_len = next(
                (n for n in self._head_lengths if n <= len(word) and word[-n:] in self._head_set),
                0,
            )
            generic_len = self._generic_length(word)
            if not head_len or generic_len >= head_len:
                continue  # 村干部, 新格局, 中国政府: the word ends in a generic noun
            if len(word) == 2 and head_len == 1 and not org_tagged[k]:
                continue  # 变局, 干部: a two-character word ending in a one-character head
            # 中国女队 as one token: a gazetteer name that starts the head token anchors it.
            leftmost = k if len(word) > head_len and anchored_here[k] else -1
            j = k - 1
            while j >= 0 and k - j <= MAX_TOKENS and end - int(starts[j]) <= MAX_CHARS:
                if int(ends[j]) != int(starts[j + 1]) or not modifier[j]:
                    break  # a space, a verb, a particle or punctuation ends the name
                if anchor[j]:
                    leftmost = j
                j -= 1
            if leftmost < 0:
                continue
            if verb_head[k] and not (scope[leftmost] or anchored_here[leftmost]):
                continue  # 中介服务组织: a verb-tagged head needs a scope word or a listed name
            if verb_head[k] and leftmost > 0 and quantified[leftmost - 1]:
                continue  # 一些国际救援组织: a quantity before it makes it generic
            quoted = text[int(starts[leftmost]) - 1 : int(starts[leftmost])] == "“" and (
                text[end : end + 1] == "”"
            )
            if leftmost == k - 1 and scope[leftmost] and len(word) == head_len and not quoted:
                continue  # 国际组织, 国家机构: a scope word and a bare head stay generic
                # (in quotes it is a designation: “亚洲联盟”)
            if scope[leftmost] and word[-head_len:] in self._bare:
                continue  # 全国高等学校: a scope word is no anchor for 学校, 公司, 政府
            bare_after_state = (leftmost == k - 1 and len(word) == head_len) or leftmost == k
            if bare_after_state and place[leftmost] and word[-head_len:] in self._bare:
                continue  # 美国公司, 印度政府: a state and a bare generic head are no name
            start = int(starts[leftmost])
            out.append((start, end, "ORG", text[start:end], "pattern", 1))
        return out

    def _places(self, text: str, tokens: TokenView) -> Iterator[Candidate]:
        suffixes = self.tables.place_suffixes
        starts, ends = tokens.starts, tokens.ends
        lengths = ends - starts
        ns = tokens.with_tags(("ns",)) & (lengths >= 2)
        n = len(starts)
        # a suffix at the token's end, or an administrative suffix token right after it
        after = numpy.zeros(n, dtype=bool)
        after[:-1] = tokens.is_word(self._admin)[1:] & (starts[1:] == ends[:-1])
        # a proper-name token right before a 县/镇/乡/村/旗 token is a place too (集美 + 镇)
        nominal = tokens.with_tags(PLACE_NAME_TAGS) & (lengths >= 2)
        strong_after = numpy.zeros(n, dtype=bool)
        strong_after[:-1] = tokens.is_word(STRONG_SUFFIXES)[1:] & (starts[1:] == ends[:-1])
        strong = nominal & strong_after
        wanted = (ns & (tokens.last_char_in(self._suffix_ends) | after)) | strong
        for i in numpy.nonzero(wanted)[0].tolist():
            s, e = int(starts[i]), int(ends[i])
            if text[s] in DETERMINERS:
                continue  # 全县, 本市, 各乡
            if i + 1 < n and int(starts[i + 1]) == e and text[e : int(ends[i + 1])] in self._admin:
                e = int(ends[i + 1])
            word = text[s:e]
            if word.endswith(self.tables.generic_places):
                continue  # 沿海地区, 大城市: a common noun ending in a place suffix
            # The POS stage's ns alone is noise on policy text (大国, 普及, 攸关): only a word
            # of three or more characters ending in a place suffix is taken.
            for length in (3, 2, 1):
                if len(word) >= length + 2 and word[-length:] in suffixes:
                    yield (s, e, suffixes[word[-length:]], word, "pattern", 0)
                    break
