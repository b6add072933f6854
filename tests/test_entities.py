"""The entities stage: exact offsets, canonical ids, user gazetteers, footnotes, JSON, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

import multilat_nlp
from multilat_nlp.cli import EXIT_OK, main
from multilat_nlp.document import from_json, load_schema, to_json
from multilat_nlp.entities.gazetteer import GazetteerError
from multilat_nlp.errors import ConfigError

# Names, numbers, brackets and the characters around them, mixed at random.
_pieces = st.sampled_from(
    [
        "世界贸易组织", "(WTO)", "世贸组织", "WTO", "中美", "对美", "东盟", "一带一路", "“一带一路”倡议",
        "《巴黎协定》", "《国际论坛》", "2020年10月19日", "1.2万亿元", "74.78%", "184个", "第75届",
        "国际能源署", "（IEA）", "罗伯特·基欧汉", "(Robert Keohane)", "发展中国家", "中国", "联合国",
        "的", "和", "。", "，", "\n", " ", "\u3000", "一是", "国家", "a", "1",
    ]
)  # fmt: skip
texts = st.lists(_pieces, max_size=30).map("".join)


def _ents(nlp: Language, text: str) -> list[tuple[str, str, str, str]]:
    return [(e.text, e.label_, e.kb_id_, e.id_) for e in nlp(text).ents]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts)
def test_offsets_are_exact_and_flat(nlp: Language, text: str) -> None:
    doc = nlp(text)
    data = to_json(doc)
    previous_end = 0
    for ent in data["entities"]:
        assert data["text"][ent["start"] : ent["end"]] == ent["text"]
        assert ent["start"] >= previous_end  # flat: no overlap, sorted
        previous_end = ent["end"]
        assert ent["canonical"] and ent["source"] in ("gazetteer", "pattern", "model")
    for row in data["entity_table"]:
        assert row["count"] == len(row["mentions"])
    assert sum(r["count"] for r in data["entity_table"]) == len(data["entities"])


def test_aliases_share_one_canonical_id(nlp: Language) -> None:
    ents = _ents(nlp, "世界贸易组织(WTO)改革后，世贸组织和WTO成员都受益。")
    assert [e[0] for e in ents] == ["世界贸易组织", "WTO", "世贸组织", "WTO"]
    assert {e[2] for e in ents} == {"WTO"} and {e[1] for e in ents} == {"ORG"}
    table = nlp("东盟与东南亚国家联盟（ASEAN）。")._.entity_table
    assert len([r for r in table if r["label"] == "ORG"]) == 1


def test_unknown_organisation_is_linked_to_its_abbreviation(nlp: Language) -> None:
    ents = _ents(nlp, "他说，全球数据合作委员会（GDCC）成立后，GDCC将发布报告。")
    assert ("全球数据合作委员会", "ORG", "GDCC", "pattern") in ents
    assert [e for e in ents if e[0] == "GDCC"] == [("GDCC", "ORG", "GDCC", "pattern")] * 2


def test_coordinations_split_into_states(nlp: Language) -> None:
    ents = _ents(nlp, "中美关系与中日韩合作。")
    assert [(e[0], e[1]) for e in ents][:2] == [("中", "GPE"), ("美", "GPE")]
    assert ("韩", "GPE") in [(e[0], e[1]) for e in ents]


def test_one_character_states_outside_coordinations(nlp: Language) -> None:
    """A one-character form names its state after a prefix, before 方 or a state noun, and
    never when it starts a longer word (对中小企业, 对美好生活)."""
    found = {(e[0], e[1], e[2]) for e in _ents(nlp, "总理访华期间，中方表示欢迎。")}
    china = {e for e in found if e[0] in ("华", "中")}
    assert {e[1] for e in china} == {"GPE"} and len({e[2] for e in china}) == 1
    assert len(china) == 2
    for text in ("国家对中小企业加大支持。", "人民对美好生活的向往。"):
        assert not [e for e in _ents(nlp, text) if e[1] == "GPE"], text


def test_longest_name_wins_and_blockers_block(nlp: Language) -> None:
    assert "中国" not in [e[0] for e in _ents(nlp, "发展中国家的诉求。")]
    labels = {
        e[0]: e[1] for e in _ents(nlp, "签署《区域全面经济伙伴关系协定》，阅读《国际论坛》。")
    }
    assert labels == {"《区域全面经济伙伴关系协定》": "LAW", "《国际论坛》": "WORK_OF_ART"}


def test_tokens_agree_with_entity_boundaries(nlp: Language) -> None:
    doc = nlp("中美两国支持亚洲基础设施投资银行。")
    starts = {t.idx for t in doc}
    ends = {t.idx + len(t.text) for t in doc}
    for ent in doc.ents:
        assert ent.start_char in starts and ent.end_char in ends


def test_user_gazetteer_adds_entries(tmp_path: Path) -> None:
    path = tmp_path / "my_orgs.tsv"
    path.write_text(
        "# source: test\n# licence: CC0-1.0\nXYZI\tORG\t星云研究所\tNebula Institute\tNBI\t星云所\n",
        encoding="utf-8",
    )
    nlp = multilat_nlp.load(entities={"gazetteers": [str(path)]})
    doc = nlp("星云研究所（NBI）和星云所合作。")
    assert [(e.text, e.kb_id_) for e in doc.ents] == [
        ("星云研究所", "XYZI"), ("NBI", "XYZI"), ("星云所", "XYZI"),
    ]  # fmt: skip
    assert "星云研究所" in [t.text for t in doc]  # the user's names are tokens too
    row = next(r for r in doc._.entity_table if r["canonical"] == "XYZI")
    assert row["name_en"] == "Nebula Institute"


@pytest.mark.parametrize(
    ("content", "line", "cause"),
    [
        ("X\tORG\t名字\t-\t-\t-\nY\tORG\t名字二\n", 2, "columns"),
        ("# c\n\nX\tORGAN\t名字\t-\t-\t-\n", 3, "unknown label"),
        ("X\tGPE\t某国\t-\t-\t-\t两字\n", 1, "one character"),
    ],
)
def test_malformed_user_gazetteer_names_file_and_line(
    tmp_path: Path, content: str, line: int, cause: str
) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GazetteerError) as info:
        multilat_nlp.load(entities={"gazetteers": [str(path)]})
    assert f"{path}:{line}:" in str(info.value) and cause in str(info.value)


def test_missing_user_gazetteer_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match=r"missing\.tsv"):
        multilat_nlp.load(entities={"gazetteers": [str(tmp_path / "missing.tsv")]})


def test_footnote_mentions_are_marked(nlp: Language) -> None:
    text = "多边主义的未来\n\n世界贸易组织面临改革。①\n\n①参见联合国大会决议，2020年。\n"
    doc = nlp(text)
    footnotes = doc._.footnotes or []
    flags = {
        doc.text[m["start"] : m["end"]]: m["in_footnote"]
        for row in doc._.entity_table
        for m in row["mentions"]
    }
    assert flags["世界贸易组织"] is False
    if footnotes:  # the structure stage found the footnote line
        assert flags["联合国大会"] is True
        assert all(
            m["in_footnote"] == any(f["start"] <= m["start"] < f["end"] for f in footnotes)
            for row in doc._.entity_table
            for m in row["mentions"]
        )


def test_footnote_flag_follows_the_footnote_spans(nlp: Language, seed_text: str) -> None:
    doc = nlp(seed_text)
    footnotes = [(f["start"], f["end"]) for f in doc._.footnotes]
    assert footnotes, "the seed has footnotes"
    marked = [m for row in doc._.entity_table for m in row["mentions"] if m["in_footnote"]]
    assert marked
    for m in marked:
        assert any(s <= m["start"] < e for s, e in footnotes)


def test_json_entities_are_schema_valid_and_round_trip(nlp: Language) -> None:
    doc = nlp("2020年，中美两国与世界贸易组织(WTO)讨论“一带一路”倡议，投资1.2万亿元。")
    data = to_json(doc)
    jsonschema.validate(data, load_schema())
    assert data["entity_table"] and data["entities"]
    again = to_json(from_json(data))
    assert again["entities"] == data["entities"]


def test_traditional_text_finds_the_same_entities(nlp: Language) -> None:
    simplified = _ents(nlp, "国际货币基金组织与世界银行。")
    traditional = _ents(nlp, "國際貨幣基金組織與世界銀行。")
    assert [e[1:] for e in traditional] == [e[1:] for e in simplified]


def test_evaluate_entities_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "中美两国在联合国讨论。"
    data = tmp_path / "gold.jsonl"
    record = {"text": text, "entities": [
        {"start": 0, "end": 1, "label": "GPE"}, {"start": 1, "end": 2, "label": "GPE"},
        {"start": 2, "end": 4, "label": "CARDINAL"}, {"start": 5, "end": 8, "label": "ORG"},
    ]}  # fmt: skip
    data.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["evaluate", "entities", "--data", str(data), "--json"]) == EXIT_OK
    result = json.loads(capsys.readouterr().out)
    assert result["f1"] == pytest.approx(1.0)


def test_evaluate_cluener_maps_its_types_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # CLUENER's labels (organization, address, ...) are none of ours: without a default map
    # every prediction would be a false positive and F1 0.
    text = "联合国召开会议。"
    data = tmp_path / "dev.jsonl"
    record = {"text": text, "label": {"organization": {"联合国": [[0, 2]]}}}
    data.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    argv = ["evaluate", "entities", "--data", str(data), "--format", "cluener", "--json"]
    assert main(argv) == EXIT_OK
    result = json.loads(capsys.readouterr().out)
    assert result["f1"] == pytest.approx(1.0)


def test_model_modes_and_the_shipped_tagger() -> None:
    from multilat_nlp.entities.model import TAGS, CharTagger, bio_spans, char_features

    tagger = CharTagger.load()
    assert tagger.weights.shape == (len(tagger.features), len(TAGS))
    text = "张伟明在杭州市西湖区会见了阿里巴巴集团代表。"
    tags = ["-:S"] * len(text)
    decoded = tagger.decode(char_features(text, tags))
    assert len(decoded) == len(text)
    for start, end, label in bio_spans(decoded):  # BIO-valid spans inside the text
        assert 0 <= start < end <= len(text) and label in ("PERSON", "ORG", "GPE", "LOC")
    off = multilat_nlp.load(entities={"model": "off"})
    assert all(e.id_ != "model" for e in off(text).ents)
    with pytest.raises(ConfigError, match=r"entities\.model"):
        multilat_nlp.load(entities={"model": "sometimes"})


def test_the_tagger_names_no_common_word_and_nothing_inside_a_blocker() -> None:
    from multilat_nlp.dictionary_tags import common_words
    from multilat_nlp.entities.gazetteer import BLOCKER, Gazetteer, GazetteerEntry

    texts = ["加快中西部地区发展，深化商业银行改革，支持企业上市。", "弘扬中华文化，推进法治化进程。"]
    kept_all = multilat_nlp.load(entities={"model_common_words": 0})
    gated = multilat_nlp.load()  # the default gate: 100
    common = common_words(100)
    ungated = {(e.start_char, e.text) for t in texts for e in kept_all(t).ents if e.id_ == "model"}
    assert any(text in common for _, text in ungated)  # the gate has something to do here
    for text in texts:
        for ent in gated(text).ents:
            assert ent.id_ != "model" or ent.text not in common
    blocker = GazetteerEntry("-", BLOCKER, ("中华文化",), (), (), ())
    gazetteer = Gazetteer([blocker])
    text = "弘扬中华文化和中华传统"
    assert gazetteer.blocked(text, 2, 4) and gazetteer.blocked(text, 4, 6)
    assert not gazetteer.blocked(text, 7, 9) and not gazetteer.blocked(text, 0, 2)
    from multilat_nlp.dictionary_tags import dictionary_tags
    from multilat_nlp.entities.orgs import OrgLayer

    orgs, tags = OrgLayer(), dictionary_tags().get
    assert orgs.names_a_kind("新格局", tags) and orgs.names_a_kind("公立医院", tags)
    assert not orgs.names_a_kind("世界卫生组织", tags) and not orgs.names_a_kind("北京大学", tags)
    with pytest.raises(ConfigError, match=r"model_common_words"):
        multilat_nlp.load(entities={"model_common_words": -1})


def test_people_cited_by_name_alone_and_accented_latin_forms(nlp: Language) -> None:
    found = {(e[0], e[1], e[3]) for e in _ents(nlp, "周恩来在万隆会议上提出求同存异，普京访问中国。")}
    assert {("周恩来", "PERSON", "gazetteer"), ("普京", "PERSON", "gazetteer")} <= found
    assert "马克思" not in [e[0] for e in _ents(nlp, "坚持马克思主义。")]
    doc = nlp("他加入了Médecins Sans Frontières，读过Treaty of Asunción。")
    assert ("Médecins Sans Frontières", "ORG", "MSF") in [(e.text, e.label_, e.kb_id_) for e in doc.ents]
    assert all(" " not in token.text.strip() for token in doc)  # no segmenter word with spaces
    assert not nlp("XMédecins Sans Frontières").ents  # a Latin form needs word boundaries


def test_policy_accurate_is_a_named_pipeline() -> None:
    nlp = multilat_nlp.load("policy-accurate")
    assert nlp.get_pipe("entities").model_mode == "full"
    doc = nlp("李明远教授在成都市会见了代表。")
    assert all(doc.text[e.start_char : e.end_char] == e.text for e in doc.ents)


def test_bio_spans_decodes_runs() -> None:
    from multilat_nlp.entities.model import TAGS, bio_spans

    ids = [TAGS.index(t) for t in ["B-PERSON", "I-PERSON", "O", "B-GPE", "B-ORG", "I-ORG"]]
    assert bio_spans(ids) == [(0, 2, "PERSON"), (3, 4, "GPE"), (4, 6, "ORG")]


_tagger_alphabet = st.sampled_from(
    list("张伟明在杭州市西湖区会见了阿里巴巴集团代表。中美国家 \nAB1\x00")
)


@settings(max_examples=80, deadline=None)
@given(
    chars=st.lists(_tagger_alphabet, min_size=1, max_size=60),
    cuts=st.lists(st.integers(1, 4), min_size=60, max_size=60),
    tag_picks=st.lists(st.integers(0, 5), min_size=60, max_size=60),
    window_cuts=st.lists(st.integers(0, 12), min_size=1, max_size=12),
    gaps=st.lists(st.booleans(), min_size=60, max_size=60),
)
def test_window_spans_equal_one_window_at_a_time(
    chars: list[str],
    cuts: list[int],
    tag_picks: list[int],
    window_cuts: list[int],
    gaps: list[bool],
) -> None:
    """The batched scorer/decoder gives what ``spans`` gives on each window alone, bit for bit
    (tokens with gaps between them, as trailing spaces leave, included)."""
    import numpy

    from multilat_nlp.entities.model import CharTagger, token_tags

    tagger = CharTagger.load()
    text = "".join(chars)
    names = ["", "nr", "ns", "nt", "uj", "x"]
    starts, ends, tags = [], [], []
    position = 0
    for cut, pick, gap in zip(cuts, tag_picks, gaps, strict=True):
        if position >= len(text):
            break
        end = min(len(text), position + cut)
        starts.append(position)
        ends.append(end - 1 if gap and end - position > 1 else end)
        tags.append(pick)
        position = end
    windows, position = [], 0
    for size in window_cuts:
        if position >= len(text):
            break
        windows.append((position, min(len(text), position + size)))
        position += size + (size % 3 == 0)
    batched = tagger.window_spans(
        text, windows, numpy.array(starts), numpy.array(ends), numpy.array(tags), names
    )
    expected = []
    for wstart, wend in windows:
        inside = [
            (s - wstart, e - wstart, names[t])
            for s, e, t in zip(starts, ends, tags, strict=True)
            if s >= wstart and e <= wend
        ]
        for s, e, label in tagger.spans(text[wstart:wend], token_tags(inside, wend - wstart)):
            expected.append((s + wstart, e + wstart, label))
    assert batched == expected


_random_text = st.lists(
    st.one_of(_pieces, st.text(alphabet=st.characters(codec="utf-8"), max_size=6)), max_size=25
).map("".join)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_random_text)
def test_offsets_are_exact_on_random_text(nlp: Language, text: str) -> None:
    """Any text: every entity is exact against the text and lies on token boundaries, the
    tokens (cut before the Doc is built where a mention needs it) still tile the text."""
    doc = nlp(text)
    assert "".join(t.text_with_ws for t in doc) == doc.text
    data = to_json(doc)
    for ent, span in zip(data["entities"], doc.ents, strict=True):
        assert data["text"][ent["start"] : ent["end"]] == ent["text"] == span.text
        assert span.start_char == ent["start"] and span.end_char == ent["end"]


def test_a_doc_from_another_tokenizer_is_split_in_place(nlp: Language) -> None:
    """Without the tokenizer's cuts (a Doc built elsewhere) the stage splits the tokens itself,
    in the same Doc: the pieces keep the token's tag and only the first starts a sentence."""
    from spacy.tokens import Doc

    doc = Doc(nlp.vocab, words=["中美关系", "与", "中日韩", "合作", "。"], spaces=[False] * 5)
    doc[0].tag_ = "n"
    doc[0].is_sent_start = True
    for token in doc[1:]:
        token.is_sent_start = False
    out = nlp.get_pipe("entities")(doc)
    assert out is doc
    assert [t.text for t in doc][:3] == ["中", "美", "关系"]
    assert [t.tag_ for t in doc][:3] == ["n", "n", "n"]
    assert [t.is_sent_start for t in doc][:3] == [True, False, False]
    assert [(e.text, e.label_) for e in doc.ents][:2] == [("中", "GPE"), ("美", "GPE")]


def test_the_tokenizer_cuts_tokens_where_mentions_need_it(nlp: Language) -> None:
    doc = nlp.make_doc("中美关系与中日韩合作。")
    assert [t.text for t in doc][:2] == ["中", "美"]
    doc = nlp(doc.text)
    assert [(e.text, e.label_) for e in doc.ents][:2] == [("中", "GPE"), ("美", "GPE")]
    assert "multilat_nlp.entities.found" not in doc.user_data  # the stage took it


def test_saved_tagger_keeps_features_that_end_in_the_pad(tmp_path: Path) -> None:
    import numpy

    from multilat_nlp.entities.model import TAGS, CharTagger

    features = {"u1\x00": 0, "b1A\x00": 1, "u0A": 2}
    weights = numpy.ones((3, len(TAGS)), dtype=numpy.float32)
    tagger = CharTagger(features, weights, numpy.zeros((len(TAGS), len(TAGS)), numpy.float32))
    tagger.save(tmp_path / "m.npz")
    assert CharTagger.load(tmp_path / "m.npz").features == features


def test_saved_tagger_with_no_features_loads(tmp_path: Path) -> None:
    import numpy

    from multilat_nlp.entities.model import TAGS, CharTagger

    empty = numpy.zeros((0, len(TAGS)), dtype=numpy.float32)
    CharTagger({}, empty, numpy.zeros((len(TAGS), len(TAGS)), numpy.float32)).save(tmp_path / "m.npz")
    assert CharTagger.load(tmp_path / "m.npz").features == {}


def test_latin_names_with_diacritics_and_initials_link_to_the_chinese_name(
    nlp: Language,
) -> None:
    ents = _ents(
        nlp,
        "秘书长安东尼奥·古特雷斯（António Guterres）说。\n"
        "罗伯特·基欧汉(Robert Keohane)认为。\n\n1 Robert O. Keohane, “Multilateralism”.",
    )
    ids = {text: ident for text, label, ident, _ in ents if label == "PERSON"}
    assert ids["António Guterres"] == ids["安东尼奥·古特雷斯"]
    assert ids["Robert O. Keohane"] == ids["Robert Keohane"] == ids["罗伯特·基欧汉"]


def test_abbreviation_in_brackets_names_the_longer_body(nlp: Language) -> None:
    """A known organisation with more words before （ABBR） is the longer body the abbreviation
    names; a name before an abbreviation a list knows takes the list's id."""
    ents = _ents(nlp, "参照二十国集团青年会议（Y20），Y20每年开会。海湾合作委员会(GCC)和海合会。")
    assert ("二十国集团青年会议", "ORG", "Y20", "pattern") in ents
    assert [e[2] for e in ents if e[0] == "Y20"] == ["Y20", "Y20"]
    assert {e[2] for e in ents if e[0] in ("海湾合作委员会", "GCC", "海合会")} == {"GCC"}
    # the abbreviation of the known body itself, or an agenda after a body, is no longer body
    assert ("联合国可持续发展议程", "ORG") not in [
        (e[0], e[1]) for e in _ents(nlp, "落实联合国可持续发展议程（SDA）。")
    ]


def test_alias_cue_links_the_next_name(nlp: Language) -> None:
    ents = _ents(nlp, "太平洋联盟(Alianza del Pacifico),又名拉美太平洋联盟,是一个经济组织。")
    assert {e[2] for e in ents if e[1] == "ORG"} == {"PA"}


def test_proposed_body_variants_and_contractions_share_an_id(nlp: Language) -> None:
    ents = _ents(
        nlp,
        "可推动成立全球人才合作组织。可建立“国际人才合作组织”进行引导。"
        "推动构建亚盟。建立一个在亚洲进行协调的“亚洲联盟”很有必要。",
    )
    orgs = [(e[0], e[2]) for e in ents if e[1] == "ORG"]
    assert len({i for t, i in orgs if "人才" in t}) == 1 and len(orgs) == 4
    assert {i for t, i in orgs if t in ("亚盟", "亚洲联盟")} == {"亚洲联盟"}
    # generic bodies stay words: a verb 组织, a scope word and a bare head outside quotes
    assert not [e for e in _ents(nlp, "学校组织学生参观。由中国政府组织。要加强国际组织。") if e[1] == "ORG"]


def test_spaced_byline_name_links_to_the_name(nlp: Language) -> None:
    ents = _ents(nlp, "多边主义挑战\n\n苗 绿\n\n正文。\n\n苗绿 全球化智库联合创始人。")
    assert [(e[0], e[2]) for e in ents if e[1] == "PERSON"] == [("苗 绿", "苗绿"), ("苗绿", "苗绿")]


@pytest.mark.parametrize(
    ("label", "surface", "value"),
    [
        ("DATE", "2020年10月19日", "2020-10-19"), ("DATE", "2020-10-19", "2020-10-19"),
        ("DATE", "2020年9月底", "2020-09-end"), ("DATE", "20世纪90年代", "1990s"),
        ("DATE", "21世纪", "21st-century"), ("DATE", "July 6, 2020", "2020-07-06"),
        ("CARDINAL", "三个以上", ">=3"), ("CARDINAL", "一百多万人", ">1000000"),
        ("CARDINAL", "十多亿", ">1000000000"), ("MONEY", "约1.5万亿元", "~1500000000000 CNY"),
        ("ORDINAL", "第一步", "1"), ("ORDINAL", "第75届", "75"), ("ORDINAL", "一", "1"),
        ("PERCENT", "0.2个百分点", "0.2pp"), ("PERCENT", "约5%", "~5%"),
    ],
)  # fmt: skip
def test_numbers_and_dates_have_their_value_as_canonical(
    label: str, surface: str, value: str
) -> None:
    from multilat_nlp.entities.values import value_canonical

    assert value_canonical(label, surface) == value


def test_one_date_written_two_ways_is_one_entity(nlp: Language) -> None:
    table = nlp("2020年10月19日发布，见2020-10-19的报道。")._.entity_table
    assert [(r["canonical"], r["count"]) for r in table if r["label"] == "DATE"] == [
        ("2020-10-19", 2)
    ]


def test_year_range_stays_inside_a_listed_dated_event(nlp: Language) -> None:
    ents = _ents(nlp, "2008—2009年全球金融危机之后，2008年金融危机的教训。")
    assert [(e[0], e[2]) for e in ents if e[1] == "EVENT"] == [
        ("2008—2009年全球金融危机", "GFC2008"), ("2008年金融危机", "GFC2008"),
    ]  # fmt: skip


def test_acronym_glossed_by_an_organisation_name(nlp: Language) -> None:
    ents = _ents(nlp, "成立D20（Digital-20，即二十国集团数据联盟），D20将讨论数据流动。")
    assert [(e[0], e[2]) for e in ents if e[1] == "ORG"] == [
        ("D20", "D20"), ("Digital-20", "D20"), ("二十国集团数据联盟", "D20"), ("D20", "D20"),
    ]  # fmt: skip
    # a gloss with no organisation in it makes no organisation (GDP is an indicator)
    assert not [e for e in _ents(nlp, "GDP（Gross Domestic Product，即国内生产总值）增长。")
                if e[1] == "ORG"]  # fmt: skip


def test_listed_abbreviation_names_the_longer_name_before_its_bracket(nlp: Language) -> None:
    ents = _ents(nlp, "和二十国集团民间社会会议（C20）。")
    assert ("二十国集团民间社会会议", "ORG", "C20", "pattern") in ents


def test_number_patterns_tried_at_their_start_characters_only() -> None:
    """The finder tries a pattern only where its matches can start: the same matches as
    ``finditer`` over the whole text."""
    from multilat_nlp.entities import finder as F

    text = (
        "2017年3月5日，约3.5%，一千二百万元，第十五届，15:30时，2008—2009年全球金融危机，"
        "上世纪90年代，二〇二〇年底，百分之五，3个百分点以上，1200多万吨，五是要，March 5, 2020"
    )
    starts = F._CandidateStarts(text)
    for label, pattern in [*F._PATTERNS, ("YEAR", F._YEAR_RANGE)]:
        expected = [m.span() for m in pattern.finditer(text)]
        assert [m.span() for m in F._matches_from(pattern, text, starts.get(label))] == expected
