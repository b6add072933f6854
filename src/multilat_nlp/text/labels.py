"""Labels of a paper's front matter and apparatus: 摘要, 关键词, 作者简介, 基金项目, 中图分类号…

Each pattern matches at the start of a copy folded by
:func:`~multilat_nlp.text.folding.fold_for_matching`, so the variants a paper may print are one
label: brackets ``【内容提要】`` ``［提 要］`` ``〔摘要〕``, letter-spacing ``摘　要``, a colon in
either width, and Traditional script (``關鍵詞``, ``內容提要``). Group 1 is the label itself; the
match ends where the value starts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

__all__ = [
    "ABSTRACT_LABEL",
    "AUTHOR_NOTE_START",
    "KEYWORDS_LABEL",
    "LABEL_NAMES",
    "METADATA_LABELS",
    "REFERENCES_LABEL",
    "TABLE_NOTE_LABEL",
    "TOC_LABEL",
    "TOC_LINE",
    "label_pattern",
]

_OPEN = r"[\[【〔]"
_CLOSE = r"[\]】〕]"


def _spaced(word: str) -> str:
    """A CJK label that may be letter-spaced (摘 要); Latin labels as words (Key words)."""
    if word.isascii():
        return re.escape(word).replace(r"\ ", r"\s*")
    return r"\s*".join(map(re.escape, word))


def label_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """The pattern of a label with any of ``names``, bracketed or not, with an optional colon."""
    alternatives = "|".join(_spaced(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(
        rf"^\s*{_OPEN}?\s*({alternatives})\s*{_CLOSE}?\s*[:]?\s*", re.IGNORECASE
    )


#: The names of each label, Simplified (Traditional is folded before matching).
LABEL_NAMES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "abstract": ("内容提要", "内容摘要", "摘要", "提要", "Abstract"),
        "keywords": ("关键词", "关键字", "主题词", "Key words", "Key word"),
        "author_intro": ("作者简介", "作者单位", "作者"),
        "fund": ("基金项目", "基金"),
        "clc": ("中图分类号", "中图法分类号", "分类号"),
        "document_code": ("文献标识码", "文献标志码"),
        "article_id": ("文章编号",),
        "received": ("收稿日期", "修回日期"),
        "references": ("参考文献", "主要参考文献", "References"),
    }
)
#: One pattern per label kind.
METADATA_LABELS: Mapping[str, re.Pattern[str]] = MappingProxyType(
    {kind: label_pattern(names) for kind, names in LABEL_NAMES.items()}
)
ABSTRACT_LABEL = METADATA_LABELS["abstract"]
KEYWORDS_LABEL = METADATA_LABELS["keywords"]
REFERENCES_LABEL = METADATA_LABELS["references"]
#: How an author footer or a page-1 note starts: a note mark, or an author/fund/received label.
AUTHOR_NOTE_START = re.compile(rf"^(?:[*∗†‡]|{_OPEN}?\s*(?:作者|收稿日期|基金项目))")
#: The label of a table's notes (``注：``, ``资料来源：``), with the number of its first item if it
#: is numbered (group 1: ``注：1．…``, ``注：(1)…``). Table notes number their items like
#: footnotes but belong to the table, not to the page's footnotes.
TABLE_NOTE_LABEL = re.compile(
    r"^\s*(?:注|资料来源|数据来源)\s*[:]\s*(?:[(]?(\d{1,2})[.)、\s．])?"
)
#: The title of a table of contents on a line of its own (目录, 目 次, 目錄 folded, Contents).
TOC_LABEL = re.compile(r"^\s*(?:目\s*录|目\s*次|contents|table\s+of\s+contents)\s*$", re.IGNORECASE)
#: A table-of-contents entry: a title, a dot leader (or Word's tab), a page number (arabic or
#: roman). Group
#: ``title`` and ``page``; matched on a copy folded by ``fold_for_matching``.
TOC_LINE = re.compile(
    r"^\s*(?P<title>\S.*?)(?:\s*(?:[.·…⋯‥_-]\s*){4,}|\t+)\s*"
    r"(?P<page>\d{1,4}|[ivxlcIVXLC]{1,6})\s*$"
)
