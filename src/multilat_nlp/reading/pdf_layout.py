"""pdfminer's page layout made deterministic: the same PDF gives the same text in every run.

pdfminer.six groups a page's text boxes by merging the closest pair first, from a heap of
``(skip, distance, id(a), id(b), a, b)``. Boxes of a table are often equally far apart, so the
tie is broken by ``id()``, a memory address that changes from run to run, and the order of table
cells in the text changed with it (seen on a CNKI journal PDF: the same digits in three orders in
three runs). ``DeterministicTextConverter`` lays pages out with the same algorithm, ties broken by
the order in which the boxes and groups were made.

``group_textboxes`` below is pdfminer.six's own (MIT licence, pdfminer.six 20260107,
``pdfminer/layout.py``), with ``id()`` replaced by a creation counter; nothing else differs.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from itertools import count
from typing import cast

from pdfminer.converter import TextConverter
from pdfminer.layout import (
    LAParams,
    LTComponent,
    LTPage,
    LTTextBox,
    LTTextBoxVertical,
    LTTextGroup,
    LTTextGroupLRTB,
    LTTextGroupTBRL,
)
from pdfminer.pdfpage import PDFPage
from pdfminer.utils import Matrix, Plane, apply_matrix_rect

_Element = LTTextBox | LTTextGroup


class DeterministicPage(LTPage):
    """An ``LTPage`` whose box grouping breaks distance ties by creation order, not address."""

    def group_textboxes(
        self,
        laparams: LAParams,
        boxes: Sequence[LTTextBox],
    ) -> list[LTTextGroup]:
        plane: Plane[_Element] = Plane(self.bbox)
        serial = count()

        def dist(obj1: LTComponent, obj2: LTComponent) -> float:
            """The bounding rectangle's area less the two boxes' areas (may be negative)."""
            x0 = min(obj1.x0, obj2.x0)
            y0 = min(obj1.y0, obj2.y0)
            x1 = max(obj1.x1, obj2.x1)
            y1 = max(obj1.y1, obj2.y1)
            return (x1 - x0) * (y1 - y0) - obj1.width * obj1.height - obj2.width * obj2.height

        def isany(obj1: LTComponent, obj2: LTComponent) -> bool:
            """Whether any other object lies between obj1 and obj2."""
            x0 = min(obj1.x0, obj2.x0)
            y0 = min(obj1.y0, obj2.y0)
            x1 = max(obj1.x1, obj2.x1)
            y1 = max(obj1.y1, obj2.y1)
            return bool(set(plane.find((x0, y0, x1, y1))).difference((obj1, obj2)))

        numbers = [next(serial) for _ in boxes]
        dists: list[tuple[bool, float, int, int, _Element, _Element]] = []
        for i, box1 in enumerate(boxes):
            for j in range(i + 1, len(boxes)):
                box2 = boxes[j]
                dists.append((False, dist(box1, box2), numbers[i], numbers[j], box1, box2))
        heapq.heapify(dists)
        number_of: dict[int, int] = {id(box): n for box, n in zip(boxes, numbers, strict=True)}
        plane.extend(boxes)
        done: set[int] = set()
        while dists:
            skip_isany, d, n1, n2, obj1, obj2 = heapq.heappop(dists)
            if n1 in done or n2 in done:
                continue
            if not skip_isany and isany(obj1, obj2):
                heapq.heappush(dists, (True, d, n1, n2, obj1, obj2))
                continue
            group: LTTextGroup
            if isinstance(obj1, (LTTextBoxVertical, LTTextGroupTBRL)) or isinstance(
                obj2, (LTTextBoxVertical, LTTextGroupTBRL)
            ):
                group = LTTextGroupTBRL([obj1, obj2])
            else:
                group = LTTextGroupLRTB([obj1, obj2])
            plane.remove(obj1)
            plane.remove(obj2)
            done.update((n1, n2))
            group_number = next(serial)
            number_of[id(group)] = group_number
            for other in plane:
                heapq.heappush(
                    dists,
                    (False, dist(group, other), group_number, number_of[id(other)], group, other),
                )
            plane.add(group)
        return [cast(LTTextGroup, g) for g in plane]


class DeterministicTextConverter(TextConverter):
    """pdfminer's ``TextConverter`` laying pages out with ``DeterministicPage``."""

    def begin_page(self, page: PDFPage, ctm: Matrix) -> None:
        (x0, y0, x1, y1) = apply_matrix_rect(ctm, page.mediabox)
        mediabox = (0, 0, abs(x0 - x1), abs(y0 - y1))
        self.cur_item = DeterministicPage(self.pageno, mediabox)
