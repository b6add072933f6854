"""Policy terms stay whole: in written sentences, in the seed paper and in the 53 reports.

A term "stays whole" when no token boundary falls inside any of its occurrences (it may be part
of a longer lexicon word, e.g. 一带一路 inside nothing longer, 脱贫攻坚 inside 脱贫攻坚战).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from spacy.language import Language

from multilat_nlp.stages.segment import Segmenter, load_lexicon
from tests.conftest import REPORTS, SEED

TERMS = [
    # domestic programmes (Government Work Reports)
    "改革开放", "社会主义市场经济", "中国特色社会主义", "全面建成小康社会", "小康社会", "一国两制",
    "港人治港", "澳人治澳", "和平统一", "科教兴国", "人才强国", "西部大开发", "宏观调控", "扩大内需",
    "高质量发展", "供给侧结构性改革", "新发展格局", "新型城镇化", "创新驱动发展战略", "乡村振兴",
    "脱贫攻坚", "精准扶贫", "易地扶贫搬迁", "共同富裕", "放管服", "简政放权", "营商环境", "减税降费",
    "营改增", "三去一降一补", "补短板", "六稳", "六保", "大众创业", "万众创新", "互联网+",
    "中国制造2025", "负面清单", "混合所有制", "全面深化改革", "全面从严治党", "八项规定",
    "生态文明建设", "蓝天保卫战", "碳达峰", "碳中和", "中华民族伟大复兴", "两个一百年",
    "新冠肺炎", "粤港澳大湾区", "长江经济带", "京津冀协同发展", "雄安新区", "海南自由贸易港",
    "自贸试验区",
    # foreign policy, initiatives, organisations, agreements (seed paper and reports)
    "多边主义", "单边主义", "保护主义", "霸权主义", "强权政治", "经济全球化", "全球治理体系",
    "人类命运共同体", "新型国际关系", "和平共处五项原则", "独立自主的和平外交政策", "互利共赢",
    "南南合作", "一带一路", "21世纪海上丝绸之路", "联合国", "联合国安理会", "世界贸易组织",
    "世界卫生组织", "国际货币基金组织", "亚洲基础设施投资银行", "金砖国家", "上海合作组织",
    "二十国集团", "东盟", "欧盟", "亚太经合组织", "区域全面经济伙伴关系协定",
    "全面与进步跨太平洋伙伴关系协定", "巴黎协定", "联合国宪章",
]  # fmt: skip

#: Longer strings in which a term's characters are not that term (联合 国际 is not 联合国).
NOT_THE_TERM = {
    "联合国": ("联合国际",),
    "全面深化改革": ("全面深化改革开放",),
    "新发展理念": ("创新发展理念",),
}

SENTENCES = ["报告提到了{}。", "{}是关键。", "我们要坚持{}，"]


def test_the_list_is_long_enough_and_in_the_lexicon() -> None:
    assert len(TERMS) >= 50 and len(set(TERMS)) == len(TERMS)
    lexicon = {e.word for e in load_lexicon("policy")}
    assert set(TERMS) <= lexicon


@pytest.mark.parametrize("template", SENTENCES)
def test_each_term_is_one_token_in_a_sentence(nlp: Language, template: str) -> None:
    broken = []
    for term in TERMS:
        words = [t.text for t in nlp(template.format(term))]
        if term not in words:
            broken.append((term, words))
    assert not broken


def test_without_the_lexicon_many_terms_are_cut() -> None:
    """The test above can fail: plain jieba cuts most of these terms."""
    plain = Segmenter(Segmenter().settings.__class__(lexicons=()))
    cut = [t for t in TERMS if t not in plain.words(f"报告提到了{t}。")]
    assert len(cut) >= 30


def _cuts(text: str, spans: list[tuple[int, int]], term: str) -> tuple[int, list[str]]:
    boundaries = {s for s, _ in spans}
    exceptions = NOT_THE_TERM.get(term, ())
    found, broken = 0, []
    for m in re.finditer(re.escape(term), text):
        if any(text.startswith(longer, m.start() - longer.index(term)) for longer in exceptions):
            continue
        found += 1
        if any(i in boundaries for i in range(m.start() + 1, m.end())):
            broken.append(text[max(0, m.start() - 8) : m.end() + 8])
    return found, broken


def _corpus() -> list[Path]:
    paths = sorted(REPORTS.glob("*.txt")) if REPORTS.is_dir() else []
    if SEED.exists():
        paths.append(SEED)
    return paths


def test_terms_stay_whole_in_seed_and_reports() -> None:
    paths = _corpus()
    if len(paths) < 54:
        pytest.skip("../shared/seed and the 53 reports are not present")
    segmenter = Segmenter().initialize()
    occurrences = dict.fromkeys(TERMS, 0)
    broken: dict[str, list[str]] = {}
    for path in paths:
        text = path.read_text(encoding="utf-8")
        spans = segmenter.spans(text)
        for term in TERMS:
            if term not in text:
                continue
            found, cuts = _cuts(text, spans, term)
            occurrences[term] += found
            if cuts:
                broken.setdefault(term, []).extend(f"{path.name}: {c}" for c in cuts)
    assert not broken
    present = [t for t, n in occurrences.items() if n]
    assert len(present) >= 50, f"only {len(present)} terms occur in the corpus"
    assert sum(occurrences.values()) > 2000
