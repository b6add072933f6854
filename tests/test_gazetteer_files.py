"""Every shipped gazetteer file: one format, known labels, unique ids, no surface claimed twice."""

from __future__ import annotations

from collections import Counter
from importlib import resources

import pytest

from multilat_nlp.entities.gazetteer import (
    BLOCKER,
    LABELS,
    SHIPPED,
    GazetteerEntry,
    parse_gazetteer,
)

_PACKAGE = "multilat_nlp.resources.gazetteers"


def _text(name: str) -> str:
    return resources.files(_PACKAGE).joinpath(f"{name}.tsv").read_text(encoding="utf-8")


def _entries(name: str) -> list[GazetteerEntry]:
    return parse_gazetteer(_text(name).splitlines(), source=f"{name}.tsv")


@pytest.mark.parametrize("name", SHIPPED)
def test_file_states_source_and_licence(name: str) -> None:
    header = [line for line in _text(name).splitlines() if line.startswith("#")][:3]
    assert any(line.startswith("# source:") for line in header), name
    assert any(line.startswith("# licence:") for line in header), name


@pytest.mark.parametrize("name", SHIPPED)
def test_every_line_has_the_columns_a_label_and_a_chinese_name(name: str) -> None:
    for number, line in enumerate(_text(name).splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        assert len(cols) in (6, 7), f"{name}.tsv:{number}: {len(cols)} columns"
        assert all(c == c.strip() and c for c in cols), f"{name}.tsv:{number}: empty or padded cell"
        assert cols[1] in LABELS or cols[1] == BLOCKER, f"{name}.tsv:{number}: label {cols[1]!r}"
        assert cols[2] != "-", f"{name}.tsv:{number}: no Chinese name"
        values = [v for c in cols[2:6] for v in c.split("|")]
        assert all(v and v == v.strip() for v in values), f"{name}.tsv:{number}: empty value"


def test_ids_are_unique_across_all_files() -> None:
    ids = Counter(e.id for name in SHIPPED for e in _entries(name) if e.label != BLOCKER)
    assert [i for i, n in ids.items() if n > 1] == []


def test_no_surface_form_belongs_to_two_entries() -> None:
    """A surface with two owners would be linked to whichever comes last: a silent error."""
    owners: dict[str, set[str]] = {}
    for name in SHIPPED:
        for entry in _entries(name):
            for surface in entry.surfaces:
                if not surface.isascii() or len(surface) > 1:
                    owners.setdefault(surface, set()).add(f"{name}:{entry.id}")
    shared = {s: o for s, o in owners.items() if len(o) > 1}
    assert shared == {}


def test_coordination_forms_are_single_characters_owned_once() -> None:
    coords = Counter(c for name in SHIPPED for e in _entries(name) if e.coord for c in e.coord)
    assert [c for c, n in coords.items() if n > 1] == []
    assert all(len(c) == 1 for c in coords)


def test_one_character_chinese_forms_only_as_coordinations() -> None:
    """The finder never matches a lone Chinese character in running text: such a value is dead."""
    lone = [
        (name, e.id, s)
        for name in SHIPPED
        for e in _entries(name)
        for s in e.surfaces
        if len(s) == 1 and not s.isascii()
    ]
    assert lone == []


def test_the_classes_the_issue_names_are_covered() -> None:
    """Sizes of the classes: the lists are meant to be complete, not a sample."""
    by_label = Counter(e.label for name in SHIPPED for e in _entries(name))
    assert by_label["GPE"] >= 193 + 300  # every UN member + prefecture-level divisions
    states = {z for e in _entries("states") for z in e.zh}
    assert {"中国", "美国", "苏联", "南斯拉夫", "石家庄", "马六甲海峡", "中东"} <= states


def test_no_value_carries_quotes_or_brackets() -> None:
    """Quotes and 《》 are never part of a span (guidelines §3.2): such a value would be wrong."""
    marks = set('“”‘’"《》')
    bad = [
        (name, e.id, s)
        for name in SHIPPED
        for e in _entries(name)
        for s in (*e.zh, *e.abbr, *e.aliases)
        if marks & set(s) and not s.isascii()
    ]
    assert bad == []


#: The 193 UN member states (Chinese short names as the UN and China's foreign ministry write them).
UN_MEMBERS = [
    "阿富汗",
    "阿尔巴尼亚",
    "阿尔及利亚",
    "安道尔",
    "安哥拉",
    "安提瓜和巴布达",
    "阿根廷",
    "亚美尼亚",
    "澳大利亚",
    "奥地利",
    "阿塞拜疆",
    "巴哈马",
    "巴林",
    "孟加拉国",
    "巴巴多斯",
    "白俄罗斯",
    "比利时",
    "伯利兹",
    "贝宁",
    "不丹",
    "玻利维亚",
    "波斯尼亚和黑塞哥维那",
    "博茨瓦纳",
    "巴西",
    "文莱",
    "保加利亚",
    "布基纳法索",
    "布隆迪",
    "佛得角",
    "柬埔寨",
    "喀麦隆",
    "加拿大",
    "中非共和国",
    "乍得",
    "智利",
    "中国",
    "哥伦比亚",
    "科摩罗",
    "刚果共和国",
    "哥斯达黎加",
    "科特迪瓦",
    "克罗地亚",
    "古巴",
    "塞浦路斯",
    "捷克",
    "朝鲜",
    "刚果民主共和国",
    "丹麦",
    "吉布提",
    "多米尼克",
    "多米尼加",
    "厄瓜多尔",
    "埃及",
    "萨尔瓦多",
    "赤道几内亚",
    "厄立特里亚",
    "爱沙尼亚",
    "斯威士兰",
    "埃塞俄比亚",
    "斐济",
    "芬兰",
    "法国",
    "加蓬",
    "冈比亚",
    "格鲁吉亚",
    "德国",
    "加纳",
    "希腊",
    "格林纳达",
    "危地马拉",
    "几内亚",
    "几内亚比绍",
    "圭亚那",
    "海地",
    "洪都拉斯",
    "匈牙利",
    "冰岛",
    "印度",
    "印度尼西亚",
    "伊朗",
    "伊拉克",
    "爱尔兰",
    "以色列",
    "意大利",
    "牙买加",
    "日本",
    "约旦",
    "哈萨克斯坦",
    "肯尼亚",
    "基里巴斯",
    "科威特",
    "吉尔吉斯斯坦",
    "老挝",
    "拉脱维亚",
    "黎巴嫩",
    "莱索托",
    "利比里亚",
    "利比亚",
    "列支敦士登",
    "立陶宛",
    "卢森堡",
    "马达加斯加",
    "马拉维",
    "马来西亚",
    "马尔代夫",
    "马里",
    "马耳他",
    "马绍尔群岛",
    "毛里塔尼亚",
    "毛里求斯",
    "墨西哥",
    "密克罗尼西亚联邦",
    "摩纳哥",
    "蒙古国",
    "黑山",
    "摩洛哥",
    "莫桑比克",
    "缅甸",
    "纳米比亚",
    "瑙鲁",
    "尼泊尔",
    "荷兰",
    "新西兰",
    "尼加拉瓜",
    "尼日尔",
    "尼日利亚",
    "北马其顿",
    "挪威",
    "阿曼",
    "巴基斯坦",
    "帕劳",
    "巴拿马",
    "巴布亚新几内亚",
    "巴拉圭",
    "秘鲁",
    "菲律宾",
    "波兰",
    "葡萄牙",
    "卡塔尔",
    "韩国",
    "摩尔多瓦",
    "罗马尼亚",
    "俄罗斯",
    "卢旺达",
    "圣基茨和尼维斯",
    "圣卢西亚",
    "圣文森特和格林纳丁斯",
    "萨摩亚",
    "圣马力诺",
    "圣多美和普林西比",
    "沙特阿拉伯",
    "塞内加尔",
    "塞尔维亚",
    "塞舌尔",
    "塞拉利昂",
    "新加坡",
    "斯洛伐克",
    "斯洛文尼亚",
    "所罗门群岛",
    "索马里",
    "南非",
    "南苏丹",
    "西班牙",
    "斯里兰卡",
    "苏丹",
    "苏里南",
    "瑞典",
    "瑞士",
    "叙利亚",
    "塔吉克斯坦",
    "泰国",
    "东帝汶",
    "多哥",
    "汤加",
    "特立尼达和多巴哥",
    "突尼斯",
    "土耳其",
    "土库曼斯坦",
    "图瓦卢",
    "乌干达",
    "乌克兰",
    "阿联酋",
    "英国",
    "坦桑尼亚",
    "美国",
    "乌拉圭",
    "乌兹别克斯坦",
    "瓦努阿图",
    "委内瑞拉",
    "越南",
    "也门",
    "赞比亚",
    "津巴布韦",
]


def test_every_un_member_and_observer_is_a_gpe() -> None:
    assert len(set(UN_MEMBERS)) == 193
    gpe = {s for e in _entries("states") if e.label == "GPE" for s in (*e.zh, *e.aliases)}
    assert [n for n in (*UN_MEMBERS, "梵蒂冈", "巴勒斯坦") if n not in gpe] == []
