"""Argument stage: unit offsets, what is not a unit, precedence rules, attributes, relations, JSON."""

from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import numpy
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from multilat_nlp.arguments.cues import analyse, rule_label
from multilat_nlp.arguments.features import analyse_units
from multilat_nlp.arguments.lexicon import LABELS
from multilat_nlp.arguments.relations import link
from multilat_nlp.arguments.units import build_units, furniture
from multilat_nlp.document import load_schema, to_json

PAPER = (
    "多边主义的新模式\n\n"
    "内容提要：全球治理面临严峻挑战。中国应当推动完善全球治理机制。\n\n"
    "关键词：多边主义 全球治理\n\n"
    "一、多边主义面临挑战\n\n"
    "当前，全球治理机制面临巨大挑战。由于各国信心减弱，多边合作难以推进。"
    "例如，一些国家退出了多边协定。\n\n"
    "二、对策建议\n\n"
    "为此，各方应当加强合作。第一，可推动成立全球人才合作组织。第二，政府应当完善监管体系。"
    "习近平主席指出：“我们要坚持多边主义，应该维护联合国权威。”\n\n"
    "因此，多边主义是大势所趋。\n"
)


@pytest.fixture(scope="module")
def paper(nlp: Language) -> object:
    return nlp(PAPER)


def _by_text(doc: object) -> dict[str, dict[str, object]]:
    text: str = doc.text  # type: ignore[attr-defined]
    return {text[r["start"] : r["end"]]: r for r in doc._.arguments}  # type: ignore[attr-defined]


def test_offsets_point_at_the_unit_text(paper: object) -> None:
    for record in paper._.arguments:  # type: ignore[attr-defined]
        unit = paper.text[record["start"] : record["end"]]  # type: ignore[attr-defined]
        assert unit.strip() == unit and unit


def test_headings_title_and_keywords_are_not_units(paper: object) -> None:
    texts = " ".join(_by_text(paper))
    for heading in ("一、多边主义面临挑战", "二、对策建议", "多边主义的新模式", "关键词"):
        assert heading not in texts


def test_footnote_lines_are_not_units(nlp: Language) -> None:
    text = (
        "一、问题\n\n中国应当加强合作。①\n\n各国面临严峻挑战。\n\n"
        "① 参见联合国大会决议，2020年。\n"
    )
    doc = nlp(text)
    notes = [(n["start"], n["end"]) for n in doc._.footnotes or []]
    for record in doc._.arguments:
        for start, end in notes:
            assert record["end"] <= start or record["start"] >= end


def test_labels_on_a_small_paper(paper: object) -> None:
    units = _by_text(paper)
    assert units["为此，各方应当加强合作。"]["label"] == "RECOMMENDATION"
    assert units["例如，一些国家退出了多边协定。"]["label"] == "EXAMPLE"
    assert units["因此，多边主义是大势所趋。"]["label"] == "CONCLUSION"
    assert all(r["label"] in LABELS for r in units.values())


def test_quoted_speech_modals_do_not_count() -> None:
    quoted = analyse("习近平主席指出：“我们要坚持多边主义，应该维护联合国权威。”")
    assert quoted.strength is None and quoted.reported
    assert rule_label(quoted, "body", None, False, False) == "EVIDENCE"
    assert analyse("我们要坚持多边主义，应该维护联合国权威。").strength == "strong"


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("可见，讨论多边主义必须将眼光放长远。", "CONCLUSION"),  # a norm drawn as an inference
        ("由此可见，观察增长的速度必须同时看绝对数。", "CONCLUSION"),
        ("因此，有必要携手制订相应规则。", "RECOMMENDATION"),  # prescriptive content wins
        ("总之，各部门要把这项工作放到重要议事日程上。", "RECOMMENDATION"),
    ],
)
def test_an_inference_frame_outranks_a_modal_but_a_causal_one_does_not(
    sentence: str, label: str
) -> None:
    assert rule_label(analyse(sentence), "body", None, False, False) == label


@pytest.mark.parametrize(
    "sentence",
    ["这一机制可以带动区域经济发展。", "数字经济的发展可以帮助发展中国家。"],
)
def test_ke_of_ability_is_not_a_recommendation(sentence: str) -> None:
    analysis = analyse(sentence)
    assert analysis.strength is None
    assert rule_label(analysis, "body", None, False, False) != "RECOMMENDATION"


@pytest.mark.parametrize(
    "sentence",
    ["其落地实施需要各方的长期支持。", "这是多边机制需要随时代变化而改革创新的问题。",
     "新机制的建立还需要时间准备。"],
)
def test_xuyao_as_requirement_is_not_a_recommendation(sentence: str) -> None:
    assert analyse(sentence).strength is None


@pytest.mark.parametrize(
    "sentence",
    ["这一进程促进了资源要素充分流动。", "疫情凸显了国际公共卫生合作的必要性。",
     "广泛的多边合作变得更加必要。", "只要坚持改革开放，经济就能持续发展。",
     "《纲要》提出了今后五年的主要目标。", "这项改革还需要付出艰苦努力。"],
)
def test_yao_inside_words_is_no_modal(sentence: str) -> None:
    """要 of 要素, 必要性, 只要, 纲要 and 还需要 + effort or time is no deontic modal."""
    assert analyse(sentence).strength is None


@pytest.mark.parametrize(
    "sentence",
    ["同时各方还需要加强文化纽带。", "各级财政要切实调整支出结构。", "我们有必要重新审视这一机制。"],
)
def test_modals_beside_those_words_still_count(sentence: str) -> None:
    assert analyse(sentence).strength == "strong"


def test_prescriptive_content_wins_over_example_and_conclusion() -> None:
    for sentence in ("因此，我国应当加快推进改革。", "例如，各国可以建立联合研究中心。"):
        analysis = analyse(sentence)
        assert rule_label(analysis, "body", None, False, False) == "RECOMMENDATION"


@pytest.mark.parametrize(
    ("sentence", "actor", "strength"),
    [
        ("我国应当积极参与全球治理改革。", "我国", "strong"),
        ("各方可考虑建立新的协调机制。", "各方", "weak"),
        ("政府不得干预企业的正常经营。", "政府", "negative"),
        ("必须坚持稳中求进工作总基调。", None, "strong"),
    ],
)
def test_actor_and_strength(sentence: str, actor: str | None, strength: str) -> None:
    analysis = analyse(sentence)
    assert (analysis.actor, analysis.strength) == (actor, strength)


def test_recommendation_attributes_in_the_records(paper: object) -> None:
    for record in paper._.arguments:  # type: ignore[attr-defined]
        if record["label"] == "RECOMMENDATION":
            assert record["strength"] in {"strong", "weak", "negative", None}
        else:
            assert record["actor"] is None and record["strength"] is None


def test_relations_shapes(paper: object) -> None:
    records = paper._.arguments  # type: ignore[attr-defined]
    sentences = {r["sentence"] for r in records}
    for record in records:
        assert len(record["relations"]) <= 1
        for relation in record["relations"]:
            assert relation["type"] in {"support", "elaborate", "motivate"}
            assert relation["head"] in sentences and relation["head"] != record["sentence"]


def test_enumerated_items_elaborate_their_lead_and_problems_motivate(paper: object) -> None:
    units = _by_text(paper)
    lead = units["为此，各方应当加强合作。"]["sentence"]
    for item in ("第一，可推动成立全球人才合作组织。", "第二，政府应当完善监管体系。"):
        assert units[item]["relations"] == [{"type": "elaborate", "head": lead}]
    problem = units["当前，全球治理机制面临巨大挑战。"]
    assert problem["label"] == "PROBLEM"
    assert problem["relations"][0]["type"] == "motivate"
    head = problem["relations"][0]["head"]
    assert next(r for r in units.values() if r["sentence"] == head)["label"] == "RECOMMENDATION"


def test_json_arguments_validate_against_the_schema(nlp: Language, paper: object) -> None:
    data = to_json(paper)  # type: ignore[arg-type]
    assert data["arguments"]
    jsonschema.validate(data, load_schema())


def test_disabled_model_keeps_the_cue_labels(paper: object) -> None:
    for record in paper._.arguments:  # type: ignore[attr-defined]
        assert record["cue_label"] in LABELS
        assert 0.0 <= record["confidence"] <= 1.0


_PIECES = st.lists(
    st.sampled_from(
        ["各方应当加强合作", "由于信心减弱", "多边合作难以推进", "例如", "2020年增长了5%",
         "一、问题", "第一", "“我们要坚持”", "\n", "\n\n", "。", "；", "，", " ", "①"]
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=_PIECES)
def test_unit_offsets_are_exact(nlp: Language, pieces: list[str]) -> None:
    doc = nlp("".join(pieces))
    units = analyse_units(build_units(doc), doc.text)
    previous_end = 0
    for item in units:
        unit = item.unit
        assert doc.text[unit.start : unit.end] == unit.text
        assert 0 <= unit.start < unit.end <= len(doc.text)
        assert unit.start >= previous_end  # in order, never overlapping
        previous_end = unit.end
    records = doc._.arguments
    kept = [u for u in units if not furniture(u.unit)]  # furniture: no record
    assert [(r["start"], r["end"]) for r in records] == [(u.unit.start, u.unit.end) for u in kept]
    label_at = {r["start"]: r["label"] for r in records}
    relations = link(units, [label_at.get(u.unit.start, u.rule) for u in units])
    assert len(relations) == len(units)
    for relation in relations:
        assert relation is None or 0 <= relation[1] < len(units)


def test_outline_lists_thesis_and_problems_with_their_answers(paper: object) -> None:
    from multilat_nlp.arguments.outline import build_outline, format_outline

    data = to_json(paper)  # type: ignore[arg-type]
    outline = build_outline(data)
    problem = next(e for e in outline.problems if e.problem.text.startswith("当前，全球治理"))
    assert problem.recommendations and all(
        r.label == "RECOMMENDATION" for r in problem.recommendations
    )
    first = problem.recommendations[0]
    assert data["text"][first.start : first.end] == first.text
    assert problem.problem.section.endswith("多边主义面临挑战")
    printed = format_outline(outline)
    assert printed.startswith("thesis:") and f"{first.start}-{first.end}" in printed


def test_cli_outline_span_view_and_map(paper: object, tmp_path: Path) -> None:
    import json

    from multilat_nlp.cli import main

    path = tmp_path / "doc.json"
    path.write_text(json.dumps(to_json(paper), ensure_ascii=False), encoding="utf-8")  # type: ignore[arg-type]
    assert main(["arguments", str(path)]) == 0
    html, png = tmp_path / "a.html", tmp_path / "a.png"
    assert main(["chart", str(path), "--kind", "arguments", "-o", str(html)]) == 0
    page = html.read_text(encoding="utf-8")
    assert "RECOMMENDATION" in page and "各方应当加强合作" in page
    assert main(["chart", str(path), "--kind", "arguments", "-o", str(png)]) == 0
    assert png.read_bytes()[:4] == b"\x89PNG"
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps({**to_json(paper), "arguments": []}), encoding="utf-8")  # type: ignore[arg-type]
    assert main(["arguments", str(empty)]) == 2


def test_argument_map_is_a_figure_and_leaves_rcparams_alone(paper: object) -> None:
    import matplotlib as mpl
    from matplotlib.figure import Figure

    from multilat_nlp.argument_charts import argument_map

    before = dict(mpl.rcParams)
    figure = argument_map(to_json(paper))  # type: ignore[arg-type]
    assert isinstance(figure, Figure)
    assert dict(mpl.rcParams) == before
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert any("多边主义面临挑战" in label for label in labels)


def test_pull_quotes_mark_the_sentence_they_repeat(nlp: Language, seed_text: str) -> None:
    doc = nlp(seed_text)
    quotes = [d for d in doc._.dropped if d["kind"] == "pull_quote"]
    assert quotes and all(seed_text[d["raw_start"] : d["raw_end"]] == d["text"] for d in quotes)
    marked = [r for r in doc._.arguments if r["pullquote"]]
    assert len(marked) == len(quotes)
    for record in marked:
        unit = "".join(doc.text[record["start"] : record["end"]].split())
        assert any("".join(d["text"].split()).rstrip("。") in unit for d in quotes)


_CUE_ALPHABET = [
    *"要应可以需求是的在但而虽然因为所以例如第一二三，。；：“”「」\n 0123456789年亿万%《》", "必须", "需要", "不得", "问题", "挑战", "指出：", "随着", "以来", "例如，", "建议", "一方面",
    "另一方面", "虽然", "但是", "首先", "增长", "可以带动", "要求", "各方", "我国",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(_CUE_ALPHABET), max_size=12).map("".join), max_size=8))
def test_scanning_joined_units_answers_as_each_unit_alone(texts: list[str]) -> None:
    """One scan over all units gives each unit what scanning its text alone gives."""
    from multilat_nlp.arguments.cues import analyse_texts
    from multilat_nlp.arguments.lexicon import lexicon
    from multilat_nlp.arguments.scan import UnitTexts

    joined = analyse_texts(texts)
    assert joined == [analyse_texts([text])[0] for text in texts]
    scanner = UnitTexts(texts)
    table = lexicon()
    patterns = [p for cues in table.labels.values() for p in (cues.initial, cues.anywhere) if p]
    patterns += [table.non_deontic, table.enumerator, table.list_lead, table.single_connectives]
    patterns += [table.contrast, table.hedge, *(pattern for _, pattern in table.strength)]
    patterns += [re.compile(r"\d"), re.compile("要[^求素点]"), re.compile("“[^”]{2,}”")]
    for pattern in patterns:
        hits = scanner.hits(pattern)
        for k, text in enumerate(texts):
            alone = [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]
            assert hits.get(k, []) == alone
        assert scanner.units_with(pattern) == {k for k, t in enumerate(texts) if pattern.search(t)}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(_CUE_ALPHABET), max_size=12).map("".join), max_size=8))
def test_scanning_from_candidate_openings_answers_as_each_unit_alone(texts: list[str]) -> None:
    """Scans tried only where a match can open (forced here for every pattern with an
    opening table) give what scanning each unit alone gives."""
    from unittest import mock

    from multilat_nlp.arguments import scan
    from multilat_nlp.arguments.cues import _DIGITS, _QUOTE, _REPORTED, analyse_texts
    from multilat_nlp.arguments.lexicon import lexicon

    table = lexicon()
    patterns = [p for cues in table.labels.values() for p in (cues.initial, cues.anywhere) if p]
    patterns += [table.non_deontic, table.contrast, table.hedge, table.list_lead,
                 table.single_connectives, _QUOTE, _REPORTED, *_DIGITS]
    patterns += [pattern for _, pattern in table.strength]
    patterns += [re.compile("要[^求素点]"), re.compile(r"[（(]\d|[.]\d"), re.compile("x|a", re.IGNORECASE)]
    alone = [analyse_texts([text])[0] for text in texts]
    with mock.patch.object(scan, "_SPARSE", 10**9):
        assert analyse_texts(texts) == alone
        scanner = scan.UnitTexts(texts)
        for pattern in patterns:
            hits = scanner.hits(pattern)
            for k, text in enumerate(texts):
                assert hits.get(k, []) == [(m.start(), m.end(), m.group())
                                           for m in pattern.finditer(text)]
            assert scanner.units_with(pattern) == {
                k for k, t in enumerate(texts) if pattern.search(t)
            }


def test_opening_tables_hold_every_opening_character() -> None:
    from multilat_nlp.arguments.scan import _opening_table

    table = _opening_table(re.compile(r"(?:\d+%)|百分之|[一二]万|\.5"))
    assert table is not None
    opened = {chr(c) for c in numpy.flatnonzero(table[:-1]).tolist()}
    assert {"0", "9", "٣", "百", "一", "二", "."} <= opened and not {"分", "万", "%"} & opened
    assert table[-1]  # beyond the BMP: always a candidate
    assert _opening_table(re.compile("^例如")) is None
    assert _opening_table(re.compile(".{2}要")) is None


def test_opening_pairs_hold_every_opening_pair() -> None:
    from multilat_nlp.arguments.scan import _BMP, _PAIR_SHIFT, _opening_pairs

    found = _opening_pairs(re.compile(r"要[^求]|应(?!用)|(?:a|b)[cd]|x(?:y|)z|\d+%|q"))
    assert found is not None
    any_second, keys = found
    assert {chr(c) for c in numpy.flatnonzero(any_second[:-1]).tolist()} >= {"要", "应", "q", "5"}
    assert any_second[-1] and not any_second[ord("a")] and not any_second[ord("x")]
    pairs = {(k >> _PAIR_SHIFT, k & ((1 << _PAIR_SHIFT) - 1)) for k in keys.tolist()}
    assert {(ord(f), ord(s)) for f in "ab" for s in "cd"} | {(ord("x"), ord("y"))} <= pairs
    assert (ord("x"), ord("z")) in pairs and (ord("a"), _BMP) in pairs
    assert (ord("a"), ord("x")) not in pairs and (ord("x"), ord("a")) not in pairs
    assert _opening_pairs(re.compile("^例如")) is None


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_CUE_ALPHABET), max_size=16).map("".join))
def test_the_possessive_initial_frame_matches_as_the_greedy_one(text: str) -> None:
    from multilat_nlp.arguments.lexicon import _INITIAL_FRAME, lexicon

    greedy = _INITIAL_FRAME.replace("{0,8}+", "{0,8}")
    assert greedy != _INITIAL_FRAME
    table = lexicon()
    for pattern in [cues.initial for cues in table.labels.values() if cues.initial]:
        body = pattern.pattern[len(_INITIAL_FRAME):]
        assert [m.span() for m in pattern.finditer(text)] == [
            m.span() for m in re.finditer(greedy + body, text)
        ]


def test_literal_alternation_takes_the_longest_word() -> None:
    from multilat_nlp.arguments.scan import literal_alternation

    pattern = literal_alternation(["但", "但是", "而", "而且"])
    assert [m.group() for m in pattern.finditer("但是而且但而")] == ["但是", "而且", "但", "而"]


def test_report_genre_notes_give_no_section_prior_on_papers() -> None:
    from multilat_nlp.arguments.lexicon import profiles

    assert profiles().prior_role("problems", "gov_report") == "problems"
    assert profiles().prior_role("review", "gov_report") == "review"
    assert profiles().prior_role("problems", "paper") == ""
    assert profiles().prior_role("plan", "paper") == "plan"
    assert profiles().prior_role("problems", "no_such_genre") == "problems"


def test_model_decides_on_an_unseen_role_but_not_an_unseen_genre(nlp: Language) -> None:
    import numpy

    from multilat_nlp.arguments.features import unit_features
    from multilat_nlp.arguments.model import LinearModel
    from multilat_nlp.arguments.tagger import decide, predict_labels

    doc = nlp(PAPER)
    units = analyse_units(build_units(doc), doc.text)
    k = next(i for i, u in enumerate(units) if u.rule not in ("EXAMPLE", "CONCLUSION"))
    genre = units[k].unit.genre
    other = next(label for label in LABELS if label != units[k].rule)

    def model(genre_feature: str, floor: float) -> LinearModel:
        classes = (other, units[k].rule)
        return LinearModel(
            classes=classes,
            index={genre_feature: 0},
            coef=numpy.array([[2.0, 0.0]]),
            intercept=numpy.zeros(2),
            info={},
            confidence_floor={genre: floor},
        )

    features = unit_features(units, k)
    confident = model(f"genre={genre}", 0.0)  # no role feature at all: the role is unseen
    assert decide(confident, units[k], features)[0] == other
    assert predict_labels(units, confident)[k][0] == other
    assert decide(model("genre=elsewhere", 0.0), units[k], features) == (units[k].rule, 1.0)
    floored = model(f"genre={genre}", 0.95)  # p(other) = e²/(1+e²) ≈ 0.88 < 0.95
    assert decide(floored, units[k], features)[0] == units[k].rule
    assert predict_labels(units, floored)[k][0] == units[k].rule
    again = LinearModel.from_json(floored.to_json())
    assert again.confidence_floor == {genre: 0.95}


def _shipped_patterns() -> list[re.Pattern[str]]:
    from multilat_nlp.arguments.lexicon import lexicon, profiles

    table, genres = lexicon(), profiles()
    patterns = [p for cues in table.labels.values() for p in (cues.initial, cues.anywhere) if p]
    patterns += [table.non_deontic, table.contrast, table.hedge, table.enumerator,
                 table.list_lead, table.single_connectives]
    patterns += [pattern for _, pattern in table.strength]
    patterns += [pattern for _, pattern in genres.paragraph_roles]
    patterns += list(genres.thesis.values()) + ([genres.ritual] if genres.ritual else [])
    return patterns


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([*_CUE_ALPHABET, "各位代表！", "谢谢", "做好", "工作，要", "表示衷心的感谢",
                                  "清醒地看到", "3.5%", "1000亿元", "2023年5月", "一百万吨"]),
                max_size=40).map("".join))
def test_charset_first_scans_match_the_patterns_they_replace(text: str) -> None:
    """The rewritten scanning pattern (a class first, then lookbehinds) matches where, and
    what, the shipped pattern matches."""
    from multilat_nlp.arguments.scan import _charset_first

    for pattern in _shipped_patterns():
        rewritten = _charset_first(pattern.pattern)
        if rewritten is None:
            continue
        flags = pattern.flags | re.MULTILINE
        expected = [(m.span(), m.group()) for m in re.finditer(pattern.pattern, text, flags)]
        assert [(m.span(), m.group()) for m in re.finditer(rewritten, text, flags)] == expected


def test_charset_first_rewrites_only_what_re_cannot_skip() -> None:
    from multilat_nlp.arguments.scan import _charset_first

    assert _charset_first("(?:但是|而且)") is None  # a trie of literals: re skips already
    assert _charset_first(r"\d") is None
    assert _charset_first("(?:ab)|(?:[cd]e)") == "[acd](?:(?<=a)b|(?<=[cd])e)"
    assert _charset_first("(?:^a|(b|c)d)") == "[abc](?:(?<=^a)|(?<=b)d|(?<=c)d)"
    assert _charset_first(r"(?:\d+%)|(?:百分之)") == r"[\d百](?:(?<=\d)\d*%|(?<=百)分之)"
    assert _charset_first("(?:.a)|(?:b)") is None  # no class opens every alternative
    assert _charset_first("(?:[-a]x)|(?:b)") is None


def test_batch_scores_equal_the_model_on_each_units_features(nlp: Language, seed_text: str) -> None:
    """The stage's batch scorer gives every unit what the model gives for its feature names."""
    import numpy

    from multilat_nlp.arguments.features import Scorer, unit_features
    from multilat_nlp.arguments.model import shipped_model
    from multilat_nlp.arguments.units import build_units
    from multilat_nlp.doc_text import doc_text

    model = shipped_model()
    if model is None:
        pytest.skip("no shipped argument model")
    doc = nlp(seed_text)
    units = analyse_units(build_units(doc, doc_text(doc)), doc_text(doc))
    scorer = Scorer(model)
    first, again = scorer.scores(units), scorer.scores(units)  # the key cache filled, then read
    expected = numpy.array([model.scores(unit_features(units, i)) for i in range(len(units))])
    assert numpy.allclose(first, expected) and numpy.array_equal(first, again)


def test_the_stage_pauses_the_collector_only_while_it_runs() -> None:
    import gc

    from multilat_nlp.stages.arguments import collector_paused

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # nested: the inner block leaves it to the outer one
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # not switched on by a block that did not switch it off
    finally:
        gc.enable()


DIRECTIVE = (
    "国务院办公厅关于推进某项工作的意见\n"
    "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
    "近年来，各地区积极推进有关工作，取得了较好成效。"
    "但同时一些地方还存在职责不清等突出问题。为推动工作健康发展，经国务院同意，现提出如下意见。\n"
    "一、加强统筹协调\n"
    "积极运用新技术提升服务水平，做好政策解读工作。"
    "督促整改存在的突出问题。\n"
    "二、完善保障措施\n"
    "各地区要将此项工作纳入年度绩效考核。\n"
    "（此件公开发布）\n"
)


def test_a_policy_directive_is_its_own_genre_whose_parts_direct(nlp: Language) -> None:
    """A 意见's bare verb phrases are directives, in whatever part (the genre note on plan
    parts, for a whole document), and its salutation and publication note are no units."""
    from multilat_nlp.arguments.lexicon import profiles
    from multilat_nlp.arguments.units import detect_genre

    doc = nlp(DIRECTIVE)
    assert detect_genre(doc.text, doc._.meta) == "directive"
    assert profiles().prior_role("proposals", "directive") == "directive"
    assert profiles().prior_role("front", "directive") == ""
    records = {doc.text[a["start"]:a["end"]]: a for a in doc._.arguments}
    assert not [text for text in records if text.startswith(("各省", "（此件"))]
    for text in ("积极运用新技术提升服务水平，做好政策解读工作。", "督促整改存在的突出问题。",
                 "各地区要将此项工作纳入年度绩效考核。"):
        assert records[text]["label"] == "RECOMMENDATION", text
    # the opening states background and problems: no directive prior before the first part
    assert records["但同时一些地方还存在职责不清等突出问题。"]["label"] == "PROBLEM"


def test_furniture_is_tagged_but_not_output(nlp: Language) -> None:
    """Mastheads, bylines, datelines and record fields before the first section, table cells,
    stage directions and source lines are no units; a clause is one, and no relation points at
    furniture."""
    text = (
        "社 会\n第 ３７ 卷\n发文机关：\n国办发〔2018〕123号\n"
        "——2003年3月5日在第十届全国人民代表大会第一次会议上\n"
        "近年来，全球治理面临严峻挑战。\n"
        "一、对策建议\n"
        "各方应当加强合作。\n（热烈鼓掌）\n０．５６\n［０．５３］\n（新华社北京3月12日电）\n"
    )
    doc = nlp(text)
    found = [doc.text[a["start"]:a["end"]].strip() for a in doc._.arguments]
    assert found == ["近年来，全球治理面临严峻挑战。", "各方应当加强合作。"]
    sentences = {a["sentence"] for a in doc._.arguments}
    assert all(r["head"] in sentences for a in doc._.arguments for r in a["relations"])
