"""Corpus: sparse counts by document, section, argument label and metadata; filters; compare."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

import multilat_nlp
from multilat_nlp.comparison import COLUMNS, Comparison, compare
from multilat_nlp.corpus import Corpus, CorpusError, year_of
from multilat_nlp.errors import SchemaError
from tests.conftest import REPORTS


def _doc_json(name: str, words: list[tuple[str, str]], **extra: Any) -> dict[str, Any]:
    tokens, offset = [], 0
    for word, pos in words:
        tokens.append({"start": offset, "end": offset + len(word), "text": word, "tag": None,
                       "pos": pos})
        offset += len(word)
    text = "".join(w for w, _ in words)
    return {"schema": multilat_nlp.SCHEMA_VERSION, "source": {"path": f"/data/{name}.txt"},
            "text": text, "meta": {}, "sections": [], "sentences": [], "tokens": tokens,
            "keywords": [], "arguments": [], **extra}


def _write(folder: Path, data: dict[str, Any], name: str) -> Path:
    path = folder / f"{name}.txt.abc123.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


W = [("坚持", "VERB"), ("多边主义", "NOUN"), ("，", "PUNCT"), ("全球", "NOUN"), ("治理", "VERB"),
     ("体系", "NOUN"), ("的", "PART"), ("改革", "NOUN"), ("。", "PUNCT"), ("2021", "NUM")]


def test_counts_leave_out_punctuation_stopwords_and_numbers() -> None:
    corpus = Corpus.from_records([{"name": "a", "tokens": W}])
    assert "的" not in corpus.terms and "，" not in corpus.terms and "2021" not in corpus.terms
    assert corpus.frequency("多边主义") == 1
    assert int(corpus.sizes()[0]) == 8  # word tokens: punctuation is not a token of the size


def test_phrases_are_merged_into_one_term() -> None:
    corpus = Corpus.from_records([{"tokens": W}], phrases=("全球治理体系",))
    assert corpus.frequency("全球治理体系") == 1
    assert corpus.frequency("全球") == 0 and corpus.frequency("治理") == 0


def test_ngrams_do_not_cross_punctuation_or_start_with_a_stopword() -> None:
    corpus = Corpus.from_records([{"tokens": W}], ngrams=(1, 2))
    assert corpus.frequency("坚持 多边主义") == 1
    assert corpus.frequency("多边主义 全球") == 0  # a comma lies between
    assert not any(t.startswith("的 ") for t in corpus.terms)


def test_pos_filter_keeps_only_the_named_classes() -> None:
    corpus = Corpus.from_records([{"tokens": W}], include_pos=frozenset({"NOUN"}))
    assert set(corpus.terms) == {"多边主义", "全球", "体系", "改革"}


def test_counts_by_section_and_argument_label(tmp_path: Path) -> None:
    data = _doc_json("2019", W)
    data["sections"] = [
        {"id": "s1", "level": 1, "marker": "一、", "title": "回顾", "start": 0, "end": 6,
         "parent": None},
        {"id": "s2", "level": 2, "marker": "（一）", "title": "任务", "start": 2, "end": 6,
         "parent": "s1"},
        {"id": "s3", "level": 1, "marker": "二、", "title": "要求", "start": 6, "end": 40,
         "parent": None},
    ]
    data["sentences"] = [{"start": 0, "end": 7, "section": "s1"},
                         {"start": 7, "end": 20, "section": "s3"}]
    data["arguments"] = [{"sentence": 1, "label": "RECOMMENDATION"}]
    corpus = Corpus.from_json([_write(tmp_path, data, "2019")])
    sections = corpus.counts_by("section")
    assert sections.groups == ("一、回顾", "一、回顾 / （一）任务", "二、要求")
    index = corpus.term_index
    by_section = dict(zip(sections.groups, sections.matrix.toarray(), strict=True))
    assert by_section["一、回顾 / （一）任务"][index["多边主义"]] == 1
    assert by_section["二、要求"][index["改革"]] == 1
    labels = corpus.counts_by("label")
    assert "RECOMMENDATION" in labels.groups
    rec = labels.matrix.toarray()[labels.groups.index("RECOMMENDATION")]
    assert rec[index["改革"]] == 1 and rec[index["坚持"]] == 0
    assert corpus.select(section=r"^一、").frequency("改革") == 0
    assert corpus.select(label="RECOMMENDATION").frequency("改革") == 1


def test_year_comes_from_metadata_then_the_file_name(tmp_path: Path) -> None:
    assert year_of(None, "2018.txt") == 2018 and year_of("报告", "x") is None
    a = _write(tmp_path, _doc_json("2018", W), "2018")
    b = _write(tmp_path, _doc_json("report_b", W), "report_b")
    meta = tmp_path / "meta.csv"
    meta.write_text("file,year,source\nreport_b.txt,1999,国务院\n", encoding="utf-8")
    corpus = Corpus.from_json([a, b], meta=meta)
    assert corpus.metadata("year") == [2018, 1999]
    assert corpus.metadata("source") == [None, "国务院"]
    assert corpus.counts_by("year").groups == (2018, 1999)
    assert corpus.trend(["改革"])[0]["year"] == 1999  # trends are in year order
    assert corpus.select(source="国务院").names == ["report_b"]


def test_bad_inputs_are_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"bad\.json"):
        Corpus.from_json([bad])
    other = tmp_path / "other.json"
    other.write_text("{}", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"other\.json"):
        Corpus.from_json([other])
    with pytest.raises(CorpusError, match="missing"):
        Corpus.from_json([tmp_path / "missing"])
    corpus = Corpus.from_records([{"tokens": W}])
    with pytest.raises(CorpusError, match="group"):
        corpus.counts_by("group")


def test_from_texts_equals_from_json_of_the_same_documents(nlp: Language, tmp_path: Path) -> None:
    texts = ["我们坚持多边主义，推动构建人类命运共同体。", "完善全球治理体系，坚持多边主义。"]
    direct = Corpus.from_texts(texts, nlp, names=["a", "b"])
    paths = [_write(tmp_path, multilat_nlp.to_json(nlp(t)), n) for t, n in zip(texts, "ab",
                                                                                 strict=True)]
    via_json = Corpus.from_json(paths)
    assert direct.terms == via_json.terms
    assert (direct.counts != via_json.counts).nnz == 0


def test_positions_locate_a_term_in_its_document() -> None:
    tokens = [("发展", "VERB")] + [("合作", "NOUN")] * 98 + [("发展", "VERB")]
    corpus = Corpus.from_records([{"name": "d", "tokens": tokens}], stopwords=(), bins=100)
    (name, where), = corpus.positions("发展")
    assert name == "d" and len(where) == 2
    assert where[0] < 0.02 and where[1] > 0.97


# --- compare ----------------------------------------------------------------------------

def _corpus(counts: dict[str, int]) -> Corpus:
    tokens = [(term, "NOUN") for term, n in counts.items() for _ in range(n)]
    return Corpus.from_records([{"tokens": tokens}], stopwords=())


def test_compare_reproduces_the_reference_example() -> None:
    target = _corpus({"多边主义": 40, "合作": 30, "美国": 10, "挑战": 20})
    reference = _corpus({"多边主义": 20, "合作": 60, "美国": 80, "挑战": 40})
    result = compare(target, reference, stat="g2", min_freq=1)
    rows = {r["term"]: r for r in result}
    assert math.isclose(rows["多边主义"]["log_ratio"], 2.0, abs_tol=1e-4)
    assert math.isclose(rows["多边主义"]["g2"], 35.6059, abs_tol=1e-4)
    assert math.isclose(rows["美国"]["g2"], -32.2973, abs_tol=1e-4)
    assert math.isclose(rows["多边主义"]["scaled_f"], 0.75, abs_tol=1e-4)
    assert result.records[0]["term"] == "多边主义" and result.records[-1]["term"] == "美国"
    assert [r["term"] for r in result.top(1, "reference")] == ["美国"]


def test_records_have_every_column_and_round_trip_csv_and_json(tmp_path: Path) -> None:
    result = compare(_corpus({"甲": 9, "乙": 3}), _corpus({"甲": 2, "乙": 9}), min_freq=1)
    assert all(tuple(r) == tuple(r) and set(COLUMNS) <= set(r) for r in result)
    text = result.to_csv(tmp_path / "out.csv")
    assert text.splitlines()[0].split(",") == list(COLUMNS)
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == text
    again = Comparison.from_json(json.loads(json.dumps(result.to_json(), ensure_ascii=False)))
    assert [r["term"] for r in again] == [r["term"] for r in result]


def test_min_freq_drops_rare_terms_before_the_bonferroni_count() -> None:
    result = compare(_corpus({"甲": 9, "乙": 1}), _corpus({"甲": 2, "丙": 9}), min_freq=3)
    assert {r["term"] for r in result} == {"甲", "丙"}
    assert result.provenance["bonferroni_m"] == 2


def test_document_unit_counts_documents_not_tokens() -> None:
    many = Corpus.from_records([{"tokens": [("甲", "NOUN"), ("乙", "NOUN")]},
                                {"tokens": [("甲", "NOUN")] * 50}], stopwords=())
    few = Corpus.from_records([{"tokens": [("乙", "NOUN")]}, {"tokens": [("乙", "NOUN")]}],
                              stopwords=())
    rows = {r["term"]: r for r in compare(many, few, unit="document", min_freq=1)}
    assert rows["甲"]["df_target"] == 2 and rows["甲"]["freq_target"] == 51


def test_unknown_statistic_is_refused() -> None:
    with pytest.raises(CorpusError, match="statistic"):
        compare(_corpus({"甲": 1}), _corpus({"甲": 1}), stat="nonsense")


counts = st.dictionaries(st.sampled_from(list("甲乙丙丁戊己庚辛")),
                         st.integers(min_value=1, max_value=60), min_size=2)


@settings(max_examples=40, deadline=None)
@given(counts, counts)
def test_swapping_target_and_reference_flips_every_sign(t: dict[str, int], r: dict[str, int]
                                                        ) -> None:
    forward = {x["term"]: x for x in compare(_corpus(t), _corpus(r), min_freq=1)}
    backward = {x["term"]: x for x in compare(_corpus(r), _corpus(t), min_freq=1)}
    assert forward.keys() == backward.keys()
    for term, row in forward.items():
        for key in ("lrc", "g2", "log_ratio", "logodds_z"):
            assert np.isfinite(row[key])
            assert math.isclose(row[key], -backward[term][key], abs_tol=1e-9)


# --- the 53 government work reports ------------------------------------------------------

@pytest.fixture(scope="module")
def reports(nlp: Language) -> Corpus:
    if not REPORTS.is_dir():
        pytest.skip("../shared/eval/policy_gov_work_reports is not present")
    paths = sorted(REPORTS.glob("*.txt"))
    texts = (p.read_text(encoding="utf-8") for p in paths)
    return Corpus.from_texts(texts, nlp, names=[p.stem for p in paths])


def test_policy_terms_first_appear_in_the_documented_years(reports: Corpus) -> None:
    assert len(reports) == 53
    assert reports.first_appearance("高质量发展") == 2018
    assert reports.first_appearance("碳达峰") == 2021


def test_token_counts_never_exceed_the_substring_oracle(reports: Corpus) -> None:
    oracle = REPORTS.parent / "term_oracles_substring_counts.tsv"
    lines = [line.split("\t") for line in oracle.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    years = [int(y) for y in lines[0][3:]]
    for row in lines[1:]:
        substring = dict(zip(years, (int(x) for x in row[3:]), strict=True))
        for record in reports.trend([row[0]]):
            assert record["count"] <= substring[record["year"]], (row[0], record)


def test_sentences_read_from_arrays_equal_sentence_offsets(nlp: Language) -> None:
    from multilat_nlp.corpus import _record_from_doc
    from multilat_nlp.document import sentence_offsets

    doc = nlp("第一句话。 第二句话！\n\n  第三句？最后")
    assert _record_from_doc(doc, "x").sentences == sentence_offsets(doc)
