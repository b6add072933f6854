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

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy
import numpy.typing as npt

from multilat_nlp.entities.names import Candidate
from multilat_nlp.entities.tokenview import TokenView

_PACKAGE = "multilat_nlp.resources.names"
#: Tags of tokens an organisation name may contain before its head.
MODIFIER_TAGS = ("n", "ns", "nt", "nz", "nr", "nrt", "nrfg", "j", "b", "vn", "an", "eng", "ng", "l")
#: Tags of proper-name tokens that make the expansion a name.
ANCHOR_TAGS = ("ns", "nt", "nz", "nr", "nrt", "nrfg", "j", "eng")
#: Tags a head token may not have (东部/f, 全部/m, 局/q …) unless the POS stage said ``nt``.
NOT_HEAD_TAGS = ("f", "s", "d", "v", "a", "m", "r", "t", "p", "c", "u", "q", "ad", "vd", "x")
MAX_TOKENS = 7
MAX_CHARS = 20


def _lines(name: str) -> Iterator[list[str]]:
    text = resources.files(_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


@dataclass(frozen=True)
class OrgTables:
    heads: tuple[str, ...]
    generic: frozenset[str]
    place_suffixes: dict[str, str]


@lru_cache(maxsize=1)
def org_tables() -> OrgTables:
    heads: list[str] = []
    generic: list[str] = []
    for word, kind in _lines("org_heads.tsv"):
        (heads if kind == "head" else generic).append(word)
    suffixes = {suffix: label for suffix, label in _lines("place_suffixes.tsv")}
    return OrgTables(tuple(heads), frozenset(generic), suffixes)


class OrgLayer:
    """ORG and GPE/LOC candidates of one text; holds only compiled tables (thread-safe)."""

    def __init__(self, tables: OrgTables | None = None) -> None:
        self.tables = t = tables or org_tables()
        heads = "|".join(re.escape(h) for h in sorted(t.heads, key=len, reverse=True))
        self._heads = re.compile(f"(?:{heads})")
        self._admin = frozenset(s for s, label in t.place_suffixes.items() if label == "GPE")

    def candidates(
        self, text: str, tokens: TokenView, names: Sequence[tuple[int, int, str, str]]
    ) -> list[Candidate]:
        """``names``: the gazetteer's (start, end, label, id) matches, anchors of the expansion."""
        anchor_start = numpy.zeros(len(text) + 1, dtype=bool)
        for start, _end, label, _ident in names:
            if label in ("GPE", "LOC", "ORG"):
                anchor_start[start] = True
        modifier = tokens.with_tags(MODIFIER_TAGS)
        anchor = tokens.with_tags(ANCHOR_TAGS)
        not_head = tokens.with_tags(NOT_HEAD_TAGS)
        org_tagged = tokens.with_tags(("nt",))
        out = self._orgs(text, tokens, modifier, anchor, not_head, org_tagged, anchor_start)
        out.extend(self._places(text, tokens))
        return out

    def _orgs(
        self,
        text: str,
        tokens: TokenView,
        modifier: npt.NDArray[numpy.bool_],
        anchor: npt.NDArray[numpy.bool_],
        not_head: npt.NDArray[numpy.bool_],
        org_tagged: npt.NDArray[numpy.bool_],
        anchor_start: npt.NDArray[numpy.bool_],
    ) -> list[Candidate]:
        out: list[Candidate] = []
        starts, ends = tokens.starts, tokens.ends
        seen_heads: set[int] = set()
        for match in self._heads.finditer(text):
            end = match.end()
            k = tokens.index_ending_at(end)
            if k < 0 or k in seen_heads:
                continue
            seen_heads.add(k)
            head_start = int(starts[k])
            if text[head_start:end] in self.tables.generic:
                continue
            if not_head[k] and not org_tagged[k]:
                continue
            if end - head_start == 2 and match.end() - match.start() == 1 and not org_tagged[k]:
                continue  # 变局, 干部: a two-character word ending in a one-character head
            # 中国女队 as one token: a gazetteer name that starts the head token anchors it.
            leftmost = k if head_start < match.start() and anchor_start[head_start] else -1
            j = k - 1
            while j >= 0 and k - j <= MAX_TOKENS and end - int(starts[j]) <= MAX_CHARS:
                if int(ends[j]) != int(starts[j + 1]) or not modifier[j]:
                    break  # a space, a verb, a particle or punctuation ends the name
                if anchor[j] or anchor_start[int(starts[j])]:
                    leftmost = j
                j -= 1
            if leftmost < 0:
                continue
            start = int(starts[leftmost])
            out.append((start, end, "ORG", text[start:end], "pattern", 1))
        return out

    def _places(self, text: str, tokens: TokenView) -> Iterator[Candidate]:
        suffixes = self.tables.place_suffixes
        starts, ends = tokens.starts, tokens.ends
        place = numpy.nonzero(tokens.with_tags(("ns",)))[0].tolist()
        n = len(starts)
        for i in place:
            s, e = int(starts[i]), int(ends[i])
            if e - s < 2:
                continue
            if i + 1 < n and int(starts[i + 1]) == e and text[e : int(ends[i + 1])] in self._admin:
                e = int(ends[i + 1])
            word = text[s:e]
            # The POS stage's ns alone is noise on policy text (大国, 普及, 攸关): only a word
            # of three or more characters ending in a place suffix is taken.
            for length in (3, 2, 1):
                if len(word) >= length + 2 and word[-length:] in suffixes:
                    yield (s, e, suffixes[word[-length:]], word, "pattern", 0)
                    break
