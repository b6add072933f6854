"""HTML pages: the readable text, with block elements as line breaks.

Uses libxml2's HTML parser through lxml (linear on malformed markup, unlike the stdlib
``HTMLParser``): it never fetches anything, does not expand DTDs, and copes with the broken
markup government sites serve. Navigation, headers, footers, scripts and styles are
dropped; if the page has a ``<main>`` element, only its content is kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .base import Extracted, Heading, check_not_empty
from .encoding import Decoded, canonical_encoding, check_not_binary_text, decode
from .errors import CorruptDocumentError, EmptyFileError, EncodingError, ReadError

__all__ = ["declared_charset", "read_html"]

_SKIP = frozenset(
    {
        "script", "style", "nav", "header", "footer", "noscript", "template", "svg", "math",
        "head", "iframe", "object", "embed", "canvas", "select", "datalist",
    }
)  # fmt: skip
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd",
        "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "form", "h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "hr", "html", "legend", "li",
        "main", "menu", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
        "th", "thead", "title", "tr", "ul",
    }
)  # fmt: skip
# Page widgets by their id or class words (gov.cn's "扫一扫在手机打开当前页" sits in
# <div id="qr_container">): QR codes, share bars, toolbars, breadcrumbs. Whole words only, and
# never on the page's own containers (a <body class="share-page"> is still the page).
_WIDGET = re.compile(r"(?:^|[-_\s])(?:qr|qrcode|share|toolbar|breadcrumbs?)(?=$|[-_\s\d])", re.I)
_NEVER_WIDGETS = frozenset({"html", "body", "main", "article"})
_HEADINGS = {f"h{i}": i for i in range(1, 7)}
# A <header> inside these is the article's own title block, not site chrome.
_CONTENT_CONTAINERS = frozenset({"article", "main"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
     "track", "wbr"}
)  # fmt: skip

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)
# Whitespace that HTML collapses (not U+3000 or NBSP, which are content).
_HTML_WS = re.compile(r"[ \t\n\r\f]+")

# WHATWG maps these labels to a superset; sites labelled gb2312 routinely contain GBK characters.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5hkscs",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
}


def _is_wide(ch: str) -> bool:
    """East Asian characters, between which a source line break renders as nothing."""
    code = ord(ch)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
        or 0x20000 <= code <= 0x3FFFF
    )


def _collapse(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        start, end = m.start(), m.end()
        if (
            "\n" in m.group(0)
            and start > 0
            and end < len(text)
            and _is_wide(text[start - 1])
            and _is_wide(text[end])
        ):
            return ""
        return " "

    return _HTML_WS.sub(repl, text)


@dataclass(slots=True)
class _Chunk:
    text: str
    pre: bool
    heading: int  # heading ordinal, -1 outside headings


@dataclass(slots=True)
class _Line:
    chunks: list[_Chunk] = field(default_factory=list)
    in_main: bool = False


class _Extractor:
    """Collects lines of text; rendering happens afterwards so <main> can be preferred."""

    def __init__(self) -> None:
        self.lines: list[_Line] = [_Line()]
        self.heading_levels: list[int] = []
        self.stack: list[str] = []
        self.open_count: dict[str, int] = {}  # O(1) "is it open?" even on absurd nesting
        self.skip_depth = 0
        self.pre_depth = 0
        self.main_depth = 0
        self.saw_main = False
        self.heading: int = -1

    def _break(self) -> None:
        if self.lines[-1].chunks:
            self.lines.append(_Line())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag in _BLOCK and not self.skip_depth:
                self._break()
            return
        if tag == "p" and self.stack and self.stack[-1] == "p":
            self._end()  # an open <p> is closed by the next one
        if tag == "body" and self._is_open("head"):
            self.handle_endtag("head")  # a missing </head> must not hide the whole body
        in_content = any(self._is_open(t) for t in _CONTENT_CONTAINERS)
        self.stack.append(tag)
        self.open_count[tag] = self.open_count.get(tag, 0) + 1
        if (
            self.skip_depth
            or (tag in _SKIP and not (tag == "header" and in_content))
            or (tag not in _NEVER_WIDGETS and _is_widget(attrs))
        ):
            self.skip_depth += 1
            return
        if tag in _BLOCK:
            self._break()
        if tag == "pre":
            self.pre_depth += 1
        if tag == "main":
            self.main_depth += 1
            self.saw_main = True
        if tag in _HEADINGS and self.heading < 0:
            self.heading_levels.append(_HEADINGS[tag])
            self.heading = len(self.heading_levels) - 1

    def _is_open(self, tag: str) -> bool:
        return self.open_count.get(tag, 0) > 0

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK and not self.skip_depth:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            if tag in _BLOCK and not self.skip_depth:
                self._break()
            return
        if not self._is_open(tag):
            return  # stray end tag: ignore, as browsers do
        while self.stack:
            if self._end() == tag:
                break

    def _end(self) -> str:
        tag = self.stack.pop()
        self.open_count[tag] -= 1
        if self.skip_depth:
            self.skip_depth -= 1
            return tag
        if tag in _BLOCK:
            self._break()
        if tag == "pre":
            self.pre_depth -= 1
        if tag == "main":
            self.main_depth -= 1
        if tag in _HEADINGS and not any(self._is_open(h) for h in _HEADINGS):
            self.heading = -1
        return tag

    def handle_data(self, data: str) -> None:
        if self.skip_depth or not data:
            return
        line = self.lines[-1]
        if self.main_depth:
            line.in_main = True
        if self.pre_depth:
            parts = data.split("\n")
            for i, part in enumerate(parts):
                if i:
                    self.lines.append(_Line(in_main=self.main_depth > 0))
                    line = self.lines[-1]
                if part:
                    line.chunks.append(_Chunk(part, True, self.heading))
            return
        line.chunks.append(_Chunk(data, False, self.heading))


def _is_widget(attrs: list[tuple[str, str | None]]) -> bool:
    return any(
        name in ("id", "class") and value and _WIDGET.search(value) for name, value in attrs
    )


class _Events:
    """lxml parser target that forwards libxml2's (already balanced) events to the extractor."""

    def __init__(self, extractor: _Extractor) -> None:
        self.extractor = extractor

    def start(self, tag: object, attrib: object) -> None:
        if isinstance(tag, str):
            items = attrib.items() if isinstance(attrib, Mapping) else ()
            attrs: list[tuple[str, str | None]] = [(str(k).lower(), str(v)) for k, v in items]
            self.extractor.handle_starttag(tag.lower(), attrs)

    def end(self, tag: object) -> None:
        if isinstance(tag, str):
            self.extractor.handle_endtag(tag.lower())

    def data(self, data: str) -> None:
        self.extractor.handle_data(data)

    def comment(self, text: str) -> None:
        return None

    def close(self) -> None:
        return None


def _parse_linear(text: str, extractor: _Extractor) -> None:
    """Tokenise with libxml2's HTML parser (through lxml): linear on any markup.

    The stdlib ``HTMLParser`` rescans from each unterminated ``<!--``, ``</``, ``<?`` or
    ``<a `` to the end of the page, so a few megabytes of them took hours; libxml2 does not.
    Nothing is fetched and no DTD is loaded (``no_network``, no entity resolution).
    """
    from lxml import etree

    parser = etree.HTMLParser(
        target=_Events(extractor),
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        recover=True,
        default_doctype=False,
    )
    for start in range(0, len(text), _FEED_CHARS):
        parser.feed(text[start : start + _FEED_CHARS])
    parser.close()


_FEED_CHARS = 1 << 20


def _render(ex: _Extractor) -> tuple[str, tuple[Heading, ...]]:
    lines = [ln for ln in ex.lines if ln.chunks and (ln.in_main or not ex.saw_main)]
    out: list[str] = []
    pos = 0
    spans: dict[int, list[int]] = {}  # heading ordinal -> [start, end]
    for line in lines:
        pieces: list[tuple[str, int]] = []
        run: list[str] = []
        run_heading = -1
        for chunk in line.chunks:
            if chunk.pre:
                if run:
                    pieces.append((_collapse("".join(run)), run_heading))
                    run = []
                pieces.append((chunk.text, chunk.heading))
            else:
                if not run:
                    run_heading = chunk.heading
                run.append(chunk.text)
        if run:
            pieces.append((_collapse("".join(run)), run_heading))
        text = "".join(p for p, _ in pieces)
        has_pre = any(c.pre for c in line.chunks)
        if not has_pre:
            text = text.strip(" ")
        if not text.strip():
            continue
        if out:
            out.append("\n")
            pos += 1
        heading = next((h for _, h in pieces if h >= 0), -1)
        if heading >= 0:
            lead = len(text) - len(text.lstrip())
            start, end = pos + lead, pos + len(text.rstrip())
            span = spans.setdefault(heading, [start, end])
            span[1] = end
        out.append(text)
        pos += len(text)
    headings = tuple(
        (start, end, ex.heading_levels[ordinal]) for ordinal, (start, end) in sorted(spans.items())
    )
    return "".join(out), headings


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KiB (<meta charset> or the XML declaration)."""
    head = data[:4096]
    m = _META_CHARSET.search(head) or _XML_DECL.search(head)
    return m.group(1).decode("ascii") if m else None


def _decode_html(data: bytes, path: str | None, encoding: str | None) -> Decoded:
    if encoding is not None or data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode(data, path=path, encoding=encoding)
    label = declared_charset(data)
    if label is None:
        return decode(data, path=path)
    try:
        codec = canonical_encoding(label)
    except LookupError:
        return decode(data, path=path)
    if codec.startswith(("utf-16", "utf-32")):
        codec = "utf-8"  # an ASCII-readable meta tag cannot be in UTF-16; WHATWG says UTF-8
    for attempt in dict.fromkeys((codec, _SUPERSETS.get(codec, codec))):
        try:
            text = data.decode(attempt)
        except UnicodeDecodeError:
            continue
        check_not_binary_text(text, path, attempt)
        return Decoded(text, attempt, False)
    try:
        return decode(data, path=path)
    except EncodingError as err:
        raise EncodingError(
            path,
            f"declares charset {label!r} but is not valid {codec}, and detection failed: "
            f"{err.cause}",
        ) from None


def read_html(data: bytes, *, path: str | None, encoding: str | None = None) -> Extracted:
    """Readable text of an HTML page, with h1-h6 recorded as headings."""
    if not data:
        raise EmptyFileError(path, "file is empty (0 bytes)")
    decoded = _decode_html(data, path, encoding)
    ex = _Extractor()
    try:
        _parse_linear(decoded.text, ex)
    except ReadError:
        raise
    except Exception as err:  # libxml2 may still refuse pathological markup
        raise CorruptDocumentError(path, f"cannot parse HTML: {type(err).__name__}: {err}") from err
    text, headings = _render(ex)
    check_not_empty(text, path, "HTML page has no readable text")
    return Extracted(
        text=text, encoding=decoded.encoding, headings=headings, had_bom=decoded.had_bom
    )
