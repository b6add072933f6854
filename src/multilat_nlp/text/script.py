"""Tell Traditional from Simplified Chinese, and convert Traditional to Simplified.

Hong Kong, Taiwan and Macau papers arrive in Traditional script, while the segmenter dictionaries
and lexicons are Simplified. Conversion here is char-for-char wherever the table allows, so that
every offset in the converted text maps straight back to the original.

Tables come from the OpenCC dictionaries shipped in ``opencc-python-reimplemented`` (Apache-2.0):
``TSCharacters.txt``/``STCharacters.txt`` for characters and ``TSPhrases.txt`` for the few
characters whose simplified form depends on the word (乾坤 stays 乾坤, 乾淨 becomes 干净). Every
entry of those T→S tables maps n characters to n characters, so the mapping is the identity.
When the package is missing, detection falls back to a small built-in table of the 400 most
frequent differing characters and conversion raises :class:`MissingDependencyError`.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

__all__ = [
    "HAN",
    "HAN_RANGES",
    "SCRIPTS",
    "OffsetMapping",
    "ScriptTables",
    "detect_script",
    "fold_simplified",
    "load_tables",
    "simplified_key",
    "t2s_char_map",
    "to_simplified",
]

SCRIPTS = ("hans", "hant", "mixed", "unknown")

#: The Han ideographs of the BMP (Extension A, the Unified block, compatibility ideographs), as
#: a character-class body, and a pattern finding one.
HAN_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN = re.compile(f"[{HAN_RANGES}]")

#: Characters examined by :func:`detect_script`; the opening of a paper decides its script.
_DETECT_LIMIT = 2_000_000


@dataclass(frozen=True, slots=True)
class OffsetMapping:
    """Where converted offsets come from in the original text.

    ``segments`` holds (converted_start, original_start, length) runs, sorted; it is empty when
    the conversion was char-for-char (the identity). An offset inside a length-changing
    replacement maps to the start of that replacement, or to its end past the aligned part.
    """

    segments: tuple[tuple[int, int, int], ...] = ()

    @property
    def is_identity(self) -> bool:
        return not self.segments

    def to_original(self, pos: int) -> int:
        """Original offset for converted offset ``pos`` (works for span ends too)."""
        if not self.segments:
            return pos
        i = bisect.bisect_right(self.segments, pos, key=lambda seg: seg[0]) - 1
        if i < 0:
            return pos
        conv, orig, length = self.segments[i]
        return orig + min(pos - conv, length)


@dataclass(frozen=True, slots=True)
class ScriptTables:
    """Read-only conversion and detection tables; built once per process and shared."""

    t2s_chars: Mapping[str, str]
    t2s_phrases: Mapping[str, str]
    phrase_max: Mapping[str, int]
    hant_only: frozenset[str]
    hans_only: frozenset[str]
    complete: bool


def _parse_dict(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#") or "\t" not in line:
            continue
        key, values = line.split("\t", 1)
        out[key] = values.split(" ")
    return out


def _build(
    ts: dict[str, list[str]],
    st: dict[str, list[str]],
    phrases: dict[str, list[str]],
    complete: bool,
) -> ScriptTables:
    simplified_forms = set(st) | {c for v in ts.values() for c in v}
    traditional_forms = set(ts) | {c for v in st.values() for c in v}
    phrase_map = {k: v[0] for k, v in phrases.items() if v and v[0]}
    phrase_max: dict[str, int] = {}
    for key in phrase_map:
        phrase_max[key[0]] = max(phrase_max.get(key[0], 0), len(key))
    return ScriptTables(
        t2s_chars=MappingProxyType({k: v[0] for k, v in ts.items() if v and v[0] and k != v[0]}),
        t2s_phrases=MappingProxyType(phrase_map),
        phrase_max=MappingProxyType(phrase_max),
        hant_only=frozenset(c for c in traditional_forms - simplified_forms if len(c) == 1),
        hans_only=frozenset(c for c in simplified_forms - traditional_forms if len(c) == 1),
        complete=complete,
    )


def _fallback_tables() -> ScriptTables:
    pairs = "".join(_FALLBACK_PAIRS)
    ts: dict[str, list[str]] = {}
    st: dict[str, list[str]] = {}
    for i in range(0, len(pairs), 2):
        trad, simp = pairs[i], pairs[i + 1]
        ts[trad] = [simp]
        st.setdefault(simp, []).append(trad)
    return _build(ts, st, {}, complete=False)


@functools.cache
def load_tables() -> ScriptTables:
    """OpenCC tables when installed, else the small fallback (detection only)."""
    try:
        folder = resources.files("opencc").joinpath("dictionary")
        ts = _parse_dict(folder.joinpath("TSCharacters.txt").read_text(encoding="utf-8"))
        st = _parse_dict(folder.joinpath("STCharacters.txt").read_text(encoding="utf-8"))
        phrases = _parse_dict(folder.joinpath("TSPhrases.txt").read_text(encoding="utf-8"))
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError, OSError, TypeError):
        return _fallback_tables()
    if not ts or not st:
        return _fallback_tables()
    return _build(ts, st, phrases, complete=True)


def detect_script(
    text: str,
    *,
    tables: ScriptTables | None = None,
    min_evidence: int = 2,
    threshold: float = 0.8,
) -> str:
    """``hans``, ``hant``, ``mixed`` or ``unknown``.

    Only characters that exist in one script alone count as evidence (国 vs 國); shared ones
    (中, 人) say nothing. A document needs ``min_evidence`` such characters to be classified, and
    ``threshold`` of them on one side; a Simplified paper quoting a Taiwanese title stays ``hans``.
    """
    tab = tables if tables is not None else load_tables()
    sample = text[:_DETECT_LIMIT]
    # Most texts hold evidence of one script only: the set of their characters decides
    # without counting each one (counting was most of the time of reading a .txt file).
    present = set(sample)
    hant_chars = present & tab.hant_only
    hans_chars = present & tab.hans_only
    if not hant_chars or not hans_chars:
        side = "hant" if hant_chars else "hans"
        chars = hant_chars or hans_chars
        found = len(chars) if len(chars) >= min_evidence else sum(map(sample.count, chars))
        return side if found >= min_evidence else "unknown"
    counts = Counter(sample)
    hant = sum(counts[ch] for ch in hant_chars)
    hans = sum(counts[ch] for ch in hans_chars)
    total = hant + hans
    if total < min_evidence:
        return "unknown"
    if hant >= threshold * total:
        return "hant"
    if hans >= threshold * total:
        return "hans"
    return "mixed"


def to_simplified(text: str, *, tables: ScriptTables | None = None) -> tuple[str, OffsetMapping]:
    """Convert Traditional characters to Simplified; the mapping leads back to ``text``.

    Longest phrase first (as OpenCC does), then single characters; Simplified and non-Chinese
    characters pass through unchanged.
    """
    tab = tables if tables is not None else load_tables()
    if not tab.complete:
        from multilat_nlp.reading.errors import MissingDependencyError  # the reader's error type

        raise MissingDependencyError(
            None,
            package="opencc-python-reimplemented",
            purpose="converting Traditional to Simplified Chinese",
        )
    out: list[str] = []
    segments: list[tuple[int, int, int]] = []
    changed_length = False
    run_conv = run_orig = 0  # start of the current aligned run
    conv_pos = 0
    i = 0
    n = len(text)
    chars = tab.t2s_chars
    phrases = tab.t2s_phrases
    phrase_max = tab.phrase_max
    while i < n:
        ch = text[i]
        src_len = 1
        repl = chars.get(ch, ch)
        longest = phrase_max.get(ch, 0)
        for size in range(min(longest, n - i), 1, -1):
            hit = phrases.get(text[i : i + size])
            if hit is not None:
                src_len, repl = size, hit
                break
        if len(repl) != src_len:
            changed_length = True
            if conv_pos > run_conv:
                segments.append((run_conv, run_orig, conv_pos - run_conv))
            segments.append((conv_pos, i, min(src_len, len(repl))))
            run_conv, run_orig = conv_pos + len(repl), i + src_len
        out.append(repl)
        conv_pos += len(repl)
        i += src_len
    if not changed_length:
        return "".join(out), OffsetMapping()
    if conv_pos > run_conv:
        segments.append((run_conv, run_orig, conv_pos - run_conv))
    return "".join(out), OffsetMapping(tuple(segments))


@functools.cache
def t2s_char_map() -> Mapping[int, str]:
    """``str.translate`` table: each Traditional character to its Simplified one, where the
    table has a one-character answer (the fallback table without OpenCC)."""
    return MappingProxyType({
        ord(t): s for t, s in load_tables().t2s_chars.items() if len(t) == 1 and len(s) == 1
    })


def fold_simplified(text: str) -> str:
    """``text`` with Traditional characters folded to Simplified one for one (same length), for
    matching Simplified patterns (关键词, 第X页, 参见) against a Big5 paper; report what matched
    from the original text at the same offsets."""
    return text.translate(t2s_char_map())


@functools.lru_cache(maxsize=200_000)
def simplified_key(word: str) -> str:
    """The Simplified form under which to look ``word`` up in our (Simplified) tables.

    Stopword lists, lexicons and IDF tables are Simplified, so 國際 is found as 国际. A word
    with no Traditional-only character, or one that would change length, is its own key; without
    OpenCC the key is the word.
    """
    tables = load_tables()
    # Any character that folds, not only the Traditional-only ones (基於: 於 is Simplified too).
    if not tables.complete or fold_simplified(word) == word:
        return word
    converted, mapping = to_simplified(word, tables=tables)
    return converted if mapping.is_identity else word


# Fallback detection table: 400 (traditional, simplified) pairs for the most frequent characters
# that differ, taken from OpenCC's TSCharacters.txt (Apache-2.0) and ranked by character
# frequency in jieba's dict.txt (MIT).
_FALLBACK_PAIRS = (
    "國国為为爲为這这個个箇个來来會会時时學学說说説说們们發发髮发對对長长過过業业經经"
    "門门動动進进區区產产産产軍军還还現现機机體体與与當当兩两實实關关從从內内沒没將将"
    "員员東东頭头間间無无見见點点場场數数樣样問问並并併并敎教級级應应資资務务氣气漢汉"
    "總总電电聲声設设義义統统處处馬马兒儿領领隊队計计別别彆别權权話话報报給给變变書书"
    "華华議议稱称決决張张導导朮术術术結结師师達达題题條条規规縣县風风運运組组聽听濟济"
    "論论強强黃黄選选記记眞真卻却職职號号類类傳传帶带農农邊边聯联質质陽阳難难厤历曆历"
    "歷历專专卽即認认車车舉举綫线團团糰团備备爭争眾众衆众連连調调轉转該该爾尔讓让較较"
    "際际親亲單单紅红約约亞亚則则屬属積积圖图裝装許许參参蔘参觀观魚鱼辦办復复複复遠远"
    "羣群構构隨随勢势熱热網网語语鐵铁斷断愛爱紀纪況况証证證证編编滿满覺觉雙双樂乐標标"
    "織织項项飛飞節节龍龙響响葯药藥药輕轻擊击請请離离顯显羅罗營营視视護护創创興兴雖虽"
    "費费試试寶宝識识維维宮宫環环鄉乡査查責责嚴严橋桥僅仅殺杀圍围態态楊杨負负層层須须"
    "鬚须續续狀状銀银終终錢钱賽赛獨独細细沖冲衝冲獲获穫获習习醫医盡尽臉脸彈弹樓楼藝艺"
    "陸陆協协鎭镇鎮镇檢检寫写囌苏甦苏蘇苏驗验緊紧勞劳戶户優优財财養养陳陈衛卫傷伤絕绝"
    "絶绝階阶劉刘剛刚億亿聞闻審审壓压監监敵敌蘭兰溫温園园樹树詞词島岛預预繼继執执誰谁"
    "驚惊畵画輯辑劍剑談谈禮礼亂乱講讲臨临旣既揮挥歐欧簡简擔担嵗岁歲岁𡻕岁荊荆貴贵轄辖"
    "幫帮塊块額额錯错劇剧歡欢夠够孫孙陣阵銷销堅坚練练腳脚讀读測测吳吴寧宁甯宁換换異异"
    "顧顾順顺鮮鲜敗败貨货礦矿歸归險险評评嗎吗遺遗筆笔輸输漸渐頂顶訓训彔录錄录録录畢毕"
    "獻献爺爷納纳鈡钟鐘钟腦脑飯饭擴扩齊齐趕赶訴诉詩诗礎础屆届靜静盤盘賣卖灣湾減减祕秘"
    "靈灵雜杂澤泽側侧慶庆媽妈舘馆館馆補补舊旧輪轮婦妇載载懷怀軟软槍枪墻墙牆墙惡恶頓顿"
    "穩稳諸诸綠绿緑绿榮荣針针鍼针寬宽庫库罷罢謝谢頁页擁拥聖圣戲戏旂旗奬奖獎奖幣币圓圆"
)
