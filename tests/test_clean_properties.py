"""Property tests: whatever the input, clean-up never loses a character silently.

For every input the offset map copies raw characters verbatim (``clean[c:c+n] == raw[r:r+n]``),
and the mapped raw ranges plus the dropped regions tile the raw text with no gap and no overlap.
Inputs are random mixed Chinese/Latin text with injected running headers, page numbers,
footnote lines with superscript markers, and form feeds.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from multilat_nlp.reading.clean import CleanText, clean

_FURNITURE = {"header", "footer", "page_number", "pull_quote"}
_HAN = "的国合作多边主义全球治理中美发展经济政策协调制度安排"
_WORD = st.text(alphabet=_HAN + "abcXY12 ，、“”《》()", min_size=1, max_size=30)
_SUPERSCRIPTS = "¹²³⁴"


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    words = draw(st.lists(_WORD, min_size=1, max_size=4))
    text = "".join(words).strip() or "合作"
    if draw(st.booleans()):
        text += draw(st.sampled_from(_SUPERSCRIPTS))
    if draw(st.booleans()):
        text += draw(st.sampled_from(["。", "；", "？", "”。", "。¹"]))
    indent = draw(st.sampled_from(["", "", "\u3000\u3000", "  "]))
    return indent + text


@st.composite
def page(draw: st.DrawFn, number: int, header: str | None) -> list[str]:
    lines = [header] if header else []
    lines += draw(st.lists(paragraph(), min_size=0, max_size=5))
    if draw(st.booleans()):
        pull = draw(st.sampled_from(lines[-1:] or ["合作。"]))
        lines.append(pull.strip()[: max(len(pull) // 2, 1)] + "。")
    for n in range(1, draw(st.integers(0, 3)) + 1):
        lines.append(f"{n} " + draw(_WORD) + draw(st.sampled_from(["", "，2020-10-16。"])))
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from([f"— {number} —", str(number), f"第{number}页"])))
    return lines


@st.composite
def document(draw: st.DrawFn) -> str:
    header = draw(st.sampled_from([None, "国际问题研究 2021年第3期"]))
    n_pages = draw(st.integers(1, 4))
    pages = [draw(page(k + 1, header)) for k in range(n_pages)]
    line_sep = draw(st.sampled_from(["\n", "\n\n", "\r\n"]))
    page_sep = draw(st.sampled_from(["\f", "\n\f", "\n\n", "\n"]))
    text = page_sep.join(line_sep.join(lines) for lines in pages)
    return text + draw(st.sampled_from(["", "\n", "\n\n"]))


def _check(raw: str, result: CleanText) -> None:
    result.verify(raw)
    for region in result.dropped:
        chunk = raw[region["raw_start"] : region["raw_end"]]
        assert region["kind"] != "unclassified"
        if region["kind"] not in _FURNITURE:
            assert not chunk.strip(), region
    for note in result.footnotes:
        assert 0 <= note["start"] <= note["text_start"] <= note["end"] <= len(result.text)
        assert note["start"] >= result.body_end
        anchor = note["anchor"]
        if anchor is not None:
            assert anchor["end"] <= result.body_end
            assert (
                result.text[anchor["start"] : anchor["end"]]
                .translate(str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890"))
                .strip("[]［］〔〕")
                == note["marker"]
                or result.text[anchor["start"]] in "①②③④⑤"
            )
    assert result.pages[0] == 0 and result.pages == sorted(set(result.pages))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document(), st.sampled_from(["auto", "pdf"]))
def test_paper_like_text_keeps_every_character(raw: str, mode: str) -> None:
    """Random paginated text: the map and dropped regions account for every raw character."""
    _check(raw, clean(raw, mode=mode))  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_any_text_keeps_every_character(raw: str) -> None:
    """Arbitrary Unicode, form feeds and carriage returns included, never breaks the invariant."""
    _check(raw, clean(raw, mode="pdf"))
    _check(raw, clean(raw))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=_HAN + "，。、；：“”", min_size=1, max_size=60), max_size=8))
def test_unpaginated_text_without_notes_is_identity(paragraphs: list[str]) -> None:
    """No form feed and no footnote: ``clean`` is the identity."""
    raw = "\n".join(paragraphs)
    result = clean(raw)
    assert result.text == raw
    assert result.offset_map.to_list() == ([[0, 0, len(raw)]] if raw else [])
