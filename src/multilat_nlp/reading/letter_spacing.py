"""Deleting letter-spacing from a cleaned text, with its offset map and clean-offset fields.

The spaces of ``不 同 阶 层`` are layout, not text: the segmenter would make four tokens and
the keywords would never see 不同阶层. They are deleted like any other layout character: the
offset map loses them, ``dropped`` lists them (kind ``letter_spacing``), so every raw character is
still either in the clean text or in a dropped region.
"""

from __future__ import annotations

import bisect
import dataclasses
from typing import Any

from multilat_nlp.text.normalise import letter_spacing_gaps

from .clean import CleanText
from .offsets import OffsetMap, Segment

__all__ = ["remove_letter_spacing"]


def remove_letter_spacing(cleaned: CleanText) -> CleanText:
    """``cleaned`` without the spaces of letter-spaced CJK runs (unchanged when there are none).

    Repeated until none is left: joining one run can make its neighbour a run
    (``不 不 不 不不 不 不`` joins to ``不不不不不 不 不``, itself spaced out).
    """
    for _ in range(8):
        gaps = letter_spacing_gaps(cleaned.text)
        if not gaps:
            break
        cleaned = _remove(cleaned, gaps)
    return cleaned


def _remove(cleaned: CleanText, gaps: list[int]) -> CleanText:
    text = "".join(
        cleaned.text[start + 1 : end]
        for start, end in zip([-1, *gaps], [*gaps, len(cleaned.text)], strict=True)
    )

    def shift(offset: int) -> int:
        return offset - bisect.bisect_left(gaps, offset)

    segments: list[Segment] = []
    dropped = [dict(d) for d in cleaned.dropped]
    for c, r, n in cleaned.offset_map.segments:
        position = c
        for k in range(bisect.bisect_left(gaps, c), bisect.bisect_left(gaps, c + n)):
            gap = gaps[k]
            if gap > position:
                segments.append((shift(position), r + position - c, gap - position))
            dropped.append(
                {"kind": "letter_spacing", "raw_start": r + gap - c, "raw_end": r + gap - c + 1}
            )
            position = gap + 1
        if c + n > position:
            segments.append((shift(position), r + position - c, c + n - position))
    dropped.sort(key=lambda d: (d["raw_start"], d["raw_end"]))

    def moved(item: dict[str, Any]) -> dict[str, Any]:
        out = dict(item)
        for key in ("start", "end", "text_start"):
            if key in out and out[key] is not None:
                out[key] = shift(int(out[key]))
        if isinstance(out.get("anchor"), dict):
            out["anchor"] = moved(out["anchor"])
        return out

    return dataclasses.replace(
        cleaned,
        text=text,
        offset_map=OffsetMap(tuple(segments)),
        dropped=dropped,
        footnotes=[moved(f) for f in cleaned.footnotes],
        anchors=[moved(a) for a in cleaned.anchors],
        notes=[moved(n) for n in cleaned.notes],
        body_end=shift(cleaned.body_end),
    )
