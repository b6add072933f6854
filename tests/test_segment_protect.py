"""Protected spans: each kind stays one token, or follows its documented fixed split."""

from __future__ import annotations

import itertools

import pytest

from multilat_nlp.stages.protect import Protector, SpanKind
from multilat_nlp.stages.segment import Segmenter, SegmenterSettings

# (text, expected): a string must be a whole token; a list is a fixed split, a run of tokens
CASES = [
    ("进口额增长74.78%，出口增长１７％。", ["74.78%", "１７％"]),
    ("指数下跌-26.95%以上", ["-26.95%"]),
    ("人口达到1,100人，约合16,250户", ["1,100", "16,250"]),
    ("投资50万元和1万亿元", ["50万", "1万亿"]),
    ("2020年10月19日登录", [["2020", "年", "10", "月", "19", "日"]]),
    ("一九九八年，经济", [["一九九八", "年"]]),
    ("2008—2009年金融危机", [["2008", "—", "2009", "年"]]),
    ("2011-2020年规划", [["2011", "-", "2020", "年"]]),
    ("１９９６年以来", [["１９９６", "年"]]),
    ("见https://www.un.org/zh/about-us，2020年", ["https://www.un.org/zh/about-us"]),
    (
        "参见<https://www.jstor.org/stable/40202705?seq=1>,",
        ["https://www.jstor.org/stable/40202705?seq=1"],
    ),
    ("网址www.gov.cn。", ["www.gov.cn"]),
    ("来信请寄caibian3@peopledaily.com.cn。", ["caibian3@peopledaily.com.cn"]),
    ("加入CPTPP和RCEP", ["CPTPP", "RCEP"]),
    ("PM2.5浓度和COVID-19疫情", ["PM2.5", "COVID-19"]),
    ("发展5G网络", ["5G"]),
    ("签署《区域全面经济伙伴关系协定》", [["《", "区域全面经济伙伴关系协定", "》"]]),
    ("《中国制造2025》提出", [["《", "中国制造2025", "》"]]),
    ("根据国发〔2020〕5号文件", [["根据", "国发〔2020〕5号", "文件"]]),
    ("（国办发〔2019〕12号）", [["（", "国办发〔2019〕12号", "）"]]),
    ("印发财税[2018]32号通知", ["财税[2018]32号"]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_protected_span_tokens(text: str, expected: list[str | list[str]]) -> None:
    words = Segmenter().words(text)
    assert "".join(words) == text
    for item in expected:
        run = [item] if isinstance(item, str) else item
        n = len(run)
        assert any(words[i : i + n] == run for i in range(len(words) - n + 1)), words


def test_jieba_alone_breaks_these_spans() -> None:
    """The reason for protection: without it the engine cuts them."""
    bare = Segmenter(SegmenterSettings(protect=(), lexicons=()))
    assert "１７％" not in bare.words("增长１７％")
    assert "国发〔2020〕5号" not in bare.words("国发〔2020〕5号")
    assert "https://www.un.org/zh" not in bare.words("见https://www.un.org/zh")


def test_title_longer_than_limit_or_with_space_is_not_one_token() -> None:
    long_title = "《" + "多边主义" * 13 + "》"
    assert long_title[1:-1] not in Segmenter().words(long_title)
    assert "人民日报" in Segmenter().words("《 人民日报 》")


def test_docno_does_not_swallow_leading_function_words() -> None:
    spans = Protector().find("依照国办函〔2021〕103号和国发〔2020〕5号")
    texts = ["依照国办函〔2021〕103号和国发〔2020〕5号"[s:e] for s, e, _ in spans]
    assert texts[0] == "国办函〔2021〕103号"
    assert texts[-1] == "国发〔2020〕5号"


def test_classify_out_of_context() -> None:
    protector = Protector()
    assert protector.classify("74.78%") is SpanKind.NUMBER
    assert protector.classify("CPTPP") is SpanKind.LATIN
    assert protector.classify("国发〔2020〕5号") is SpanKind.DOCNO
    assert protector.classify("https://www.un.org") is SpanKind.URL
    assert protector.classify("一九九八") is SpanKind.DATE
    assert protector.classify("多边主义") is None


def test_only_chosen_kinds_are_protected() -> None:
    protector = Protector([SpanKind.URL])
    assert [k for _, _, k in protector.find("CPTPP 74.78% https://a.org")] == [SpanKind.URL]
    assert Protector([]).find("CPTPP 74.78%") == []


def test_find_respects_bounds_and_never_overlaps() -> None:
    text = "一九九八年GDP增长7.8%，见《政府工作报告》和https://www.gov.cn/a.htm。"
    spans = Protector().find(text)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    inner = Protector().find(text, 5, 14)
    assert all(5 <= s < e <= 14 for s, e, _ in inner)
    assert [text[s:e] for s, e, _ in inner] == ["GDP", "7.8%"]
