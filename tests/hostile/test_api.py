"""Hostile values through the Python API: wrong types, lone surrogates, long texts, NULs, and
malformed or out-of-range document JSON. Each case runs in a limited child process."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile._harness import assert_typed_error, run_case

LOAD = "import multilat_nlp\nnlp = multilat_nlp.load()\n"


@pytest.mark.parametrize("value", ["None", "123", "'我们'.encode('utf-8')", "['文本']"])
def test_nlp_wrong_type_is_input_error(tmp_path: Path, value: str) -> None:
    result = run_case(LOAD + f"nlp({value})", cwd=tmp_path)
    assert_typed_error(result, "InputError")
    assert "takes a str" in result["message"]


def test_nlp_pipe_wrong_type_is_input_error(tmp_path: Path) -> None:
    result = run_case(LOAD + "list(nlp.pipe(['好的。', None]))", cwd=tmp_path)
    assert_typed_error(result, "InputError")


def test_lone_surrogates_are_replaced_one_for_one(tmp_path: Path) -> None:
    result = run_case(
        LOAD
        + """
import json
from multilat_nlp.document import to_json
text = "发展\\ud800经济\\udfff。高质量\\udbff"
doc = nlp(text)
data = to_json(doc)
json.dumps(data, ensure_ascii=False).encode("utf-8")  # valid UTF-8 out
assert len(doc.text) == len(text)
assert all(data["text"][t["start"]:t["end"]] == t["text"] for t in data["tokens"])
return data["text"]
""",
        cwd=tmp_path,
    )
    assert result["value"] == "发展\ufffd经济\ufffd。高质量\ufffd"


def test_text_over_the_byte_limit_is_typed(tmp_path: Path) -> None:
    result = run_case(
        "import multilat_nlp\nnlp = multilat_nlp.load(max_bytes=1000)\nnlp('字' * 400)",
        cwd=tmp_path,
    )
    assert_typed_error(result, "TextTooLongError")
    assert "1,000" in result["message"]


def test_long_text_is_analysed_in_chunks_with_exact_offsets(tmp_path: Path) -> None:
    """1.2M characters (over spaCy's 1M max_length): segmented in bounded chunks, offsets stitched."""
    result = run_case(
        LOAD
        + """
import time
from multilat_nlp.document import to_json
unit = "我们要坚持稳中求进工作总基调，推动高质量发展。 Reform and opening-up 继续深化！\\n"
text = unit * (1_200_000 // len(unit) + 1)
started = time.perf_counter()
data = to_json(nlp(text))
seconds = time.perf_counter() - started
assert len(text) > 1_000_000 and data["text"] == text
assert all(text[t["start"]:t["end"]] == t["text"] for t in data["tokens"])
assert all(a["end"] <= b["start"] for a, b in zip(data["tokens"], data["tokens"][1:]))
covered = "".join(t["text"] for t in data["tokens"])
assert covered == "".join(text.split()), "every non-space character is in one token"
return {"seconds": seconds, "sentences": len(data["sentences"])}
""",
        cwd=tmp_path,
    )
    assert "error" not in result, result.get("traceback")
    assert result["value"]["sentences"] > 20_000


def test_nul_after_64_kib_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_text("正文内容。" * 20_000 + "\x00" + "结尾。", encoding="utf-8")
    result = run_case(
        f"from multilat_nlp.reading import read\nread({str(path)!r})", cwd=tmp_path
    )
    assert_typed_error(result, "BinaryFileError", path=path.name)


FROM_JSON = """
import json
import multilat_nlp
from multilat_nlp.document import from_json, to_json
good = to_json(multilat_nlp.load()("第一句话。第二句话。"))
"""


@pytest.mark.parametrize(
    "mutation",
    [
        "data = 'not a document'",
        "data = dict(good); del data['tokens']",
        "data = dict(good, text=5)",
        "data = dict(good, tokens=[{'start': 0, 'end': 999, 'text': 'x'}])",
        "data = dict(good, tokens='abc')",
        "data = dict(good, sentences=[{'start': 3, 'end': 10_000, 'section': None}])",
        "data = dict(good, sentences=[{'start': -1, 'end': 2, 'section': None}])",
        "data = dict(good, keywords=[{'term': 'x', 'score': 1, 'method': 'm', "
        "'mentions': [[0, 500]]}])",
        "data = dict(good, sections=[{'id': 's1', 'level': 1, 'start': 0, 'end': 77}])",
        "data = dict(good, entities=[{'start': 'a', 'end': 2, 'label': 'ORG', 'text': ''}])",
        "data = dict(good, arguments=[{'sentence': 40, 'label': 'claim'}])",
        "data = dict(good, offset_map=[[0, 0, 900]])",
        "data = dict(good, section_keywords={'s1': [{'mentions': [[5, 2]]}]})",
    ],
)
def test_from_json_malformed_or_out_of_range(tmp_path: Path, mutation: str) -> None:
    result = run_case(FROM_JSON + mutation + "\nfrom_json(data)", cwd=tmp_path)
    assert_typed_error(result, "SchemaError")


def test_from_json_round_trip_still_holds(tmp_path: Path) -> None:
    result = run_case(FROM_JSON + "return to_json(from_json(good)) == good", cwd=tmp_path)
    assert result["value"] is True


def test_schema_closes_shapes_and_bounds_offsets() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import multilat_nlp
    from multilat_nlp.document import load_schema, to_json

    schema = load_schema()
    good = to_json(multilat_nlp.load()("第一句话。第二句话。"))
    jsonschema.validate(good, schema)
    for bad in (
        dict(good, tokens=[dict(good["tokens"][0], extra=1)]),
        dict(good, tokens=[dict(good["tokens"][0], start=-1)]),
        dict(good, sentences=[dict(good["sentences"][0], unknown="x")]),
        dict(good, keywords=[{"term": "x", "score": 1, "method": "m", "mentions": [[-3, 1]]}]),
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)
