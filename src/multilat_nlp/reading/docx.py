"""Word .docx files, read with guarded standard-library code.

A .docx is a zip of XML parts, so it can be a zip bomb or carry a DTD with external entities. The
archive is therefore checked before anything is inflated (member count, declared total size,
compression ratio), every member is inflated under a byte budget that also catches lying size
headers, and any XML part with ``<!DOCTYPE`` or ``<!ENTITY`` is refused. Only then is XML parsed,
by expat through ElementTree, which cannot expand entities without a DTD.

python-docx is not needed: it does not read footnotes, drops paragraphs inside tables from
``Document.paragraphs``, and would re-parse every part with lxml after our checks. Parsing the few
parts we need ourselves keeps body order (paragraphs, tables, content controls, text boxes),
footnotes and heading styles in one pass.

Output: one body paragraph per line, opened by its automatic list number when Word numbers it
(一、, （一）, 1.1; see :mod:`.docx_numbering`); footnote references become superscript numbers
(¹, ²...), matching PDF-extracted text; after the body and a blank line, each footnote on its
own line as ``"1 Robert O. Keohane, ..."``, then endnotes the same way.
"""

from __future__ import annotations

import io
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

from multilat_nlp.text import TOC_LABEL, TOC_LINE, fold_for_matching

from .base import Extracted, Footnote, Heading, check_not_empty, check_text_size
from .docx_numbering import (
    Numbering,
    paragraph_numbering,
    paragraph_styles,
    parse_int,
    resolve_based_on,
    style_numbering,
)
from .errors import (
    CorruptDocumentError,
    EmptyFileError,
    EncryptedDocumentError,
    ReadError,
    UnsafeDocumentError,
    UnsupportedFormatError,
)

__all__ = ["OLE2_MAGIC", "ZipLimits", "is_ole2_encrypted", "read_docx"]

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")

_W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # "strict" OOXML
)
_REL_TYPE_SUFFIX = {
    "officeDocument": "/officeDocument",
    "styles": "/styles",
    "footnotes": "/footnotes",
    "endnotes": "/endnotes",
    "numbering": "/numbering",
}
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z][\w.\-]*)["']""")
_SAFE_XML_ENCODINGS = frozenset({"utf-8", "utf8", "utf-16", "utf-16le", "utf-16be", "us-ascii"})
_HEADING_NAME = re.compile(r"^\s*(?:heading|标题|標題)\s*([1-9])\s*$", re.IGNORECASE)
_TITLE_NAME = re.compile(r"^\s*(?:title|标题|標題)\s*$", re.IGNORECASE)
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

# Elements whose subtree never holds visible body text (or duplicates it).
_SKIP_LOCAL = frozenset(
    {
        "del", "moveFrom", "delText", "instrText", "Fallback", "footnoteRef", "endnoteRef",
        "annotationRef", "commentReference", "fldChar", "delInstrText", "sectPr", "bookmarkStart",
        "bookmarkEnd", "proofErr", "lastRenderedPageBreak", "softHyphen",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ZipLimits:
    """Bounds on what an archive may expand to; defaults fit any real paper with images."""

    max_members: int = 10_000
    max_total_uncompressed: int = 200_000_000
    max_ratio: float = 100.0
    #: The ratio check applies to members at least this big; tiny XML parts compress extremely.
    ratio_min_size: int = 1 << 20


def is_ole2_encrypted(data: bytes) -> bool:
    """Password-protected Office files are OLE2 containers holding an EncryptedPackage stream."""
    return data.startswith(OLE2_MAGIC) and _ENCRYPTED_PACKAGE in data


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""  # comments and processing instructions
    return tag.rsplit("}", 1)[-1]


class _Package:
    """A zip opened for reading under the limits; every inflated byte is counted."""

    def __init__(self, data: bytes, path: str | None, limits: ZipLimits) -> None:
        self.path = path
        self.limits = limits
        self.budget = limits.max_total_uncompressed
        self.cache: dict[str, bytes] = {}
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zf.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as err:
            raise CorruptDocumentError(path, f"not a valid .docx (zip) archive: {err}") from None
        self._check(infos)
        self.members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            key = info.filename.lower()
            if key in self.members:
                raise UnsafeDocumentError(path, f"duplicate zip member {info.filename!r}")
            self.members[key] = info

    def _check(self, infos: list[zipfile.ZipInfo]) -> None:
        lim = self.limits
        if len(infos) > lim.max_members:
            raise UnsafeDocumentError(
                self.path, f"zip has {len(infos):,} members, over the limit of {lim.max_members:,}"
            )
        total = sum(i.file_size for i in infos)
        if total > lim.max_total_uncompressed:
            raise UnsafeDocumentError(
                self.path,
                f"zip would expand to {total:,} bytes, over the limit of "
                f"{lim.max_total_uncompressed:,} bytes (zip bomb?)",
            )
        for info in infos:
            if info.flag_bits & 0x1:
                raise EncryptedDocumentError(
                    self.path, f"zip member {info.filename!r} is encrypted"
                )
            if info.file_size >= lim.ratio_min_size:
                ratio = info.file_size / max(info.compress_size, 1)
                if ratio > lim.max_ratio:
                    raise UnsafeDocumentError(
                        self.path,
                        f"zip member {info.filename!r} has compression ratio {ratio:,.0f}:1, "
                        f"over the limit of {lim.max_ratio:,.0f}:1 (zip bomb?)",
                    )

    def has(self, name: str) -> bool:
        return name.lower() in self.members

    def names(self) -> list[str]:
        return [info.filename for info in self.members.values()]

    def read(self, name: str) -> bytes:
        key = name.lower()
        if key in self.cache:
            return self.cache[key]
        info = self.members[key]
        chunks: list[bytes] = []
        size = 0
        try:
            with self.zf.open(info) as fh:
                while chunk := fh.read(1 << 16):
                    size += len(chunk)
                    if size > info.file_size or size > self.budget:
                        raise UnsafeDocumentError(
                            self.path,
                            f"zip member {info.filename!r} inflates beyond its declared size "
                            "or the total budget (zip bomb?)",
                        )
                    chunks.append(chunk)
        except ReadError:
            raise
        except RuntimeError as err:  # zipfile reports encryption this way
            raise EncryptedDocumentError(self.path, f"{info.filename!r}: {err}") from None
        except NotImplementedError as err:
            raise CorruptDocumentError(
                self.path, f"{info.filename!r} uses an unsupported compression: {err}"
            ) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError) as err:
            raise CorruptDocumentError(self.path, f"{info.filename!r} is damaged: {err}") from None
        self.budget -= size
        data = b"".join(chunks)
        self.cache[key] = data
        return data


def _check_xml_safe(data: bytes, name: str, path: str | None) -> None:
    """Refuse DTDs and entity declarations, and encodings that could hide them from this scan."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:2] in (b"<\x00", b"\x00<"):
        codec = (
            "utf-16"
            if data[:2] in (b"\xff\xfe", b"\xfe\xff")
            else ("utf-16-le" if data[:1] == b"<" else "utf-16-be")
        )
        try:
            probe = data.decode(codec).lower().encode("utf-8")
        except UnicodeDecodeError:
            raise CorruptDocumentError(path, f"{name!r} is not valid UTF-16 XML") from None
    else:
        probe = data.removeprefix(b"\xef\xbb\xbf")
        m = _XML_ENCODING.match(probe)
        if m and m.group(1).decode("ascii", "replace").lower() not in _SAFE_XML_ENCODINGS:
            raise UnsafeDocumentError(
                path, f"{name!r} declares XML encoding {m.group(1)!r}; refused"
            )
        probe = probe.lower()
    for marker in (b"<!doctype", b"<!entity"):
        if marker in probe:
            raise UnsafeDocumentError(
                path,
                f"{name!r} contains {marker.decode().upper()} (XML entities/DTDs are refused)",
            )
    _check_no_doctype_by_expat(data, name, path)


class _DoctypeFound(Exception):
    pass


def _refuse_doctype(*_args: object) -> None:
    raise _DoctypeFound


def _check_no_doctype_by_expat(data: bytes, name: str, path: str | None) -> None:
    """Ask expat itself whether the part has a DTD: it decodes every encoding it accepts
    (BOM-less UTF-16 after a space, say), which a byte scan cannot all foresee."""
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    try:
        parser.Parse(data, True)
    except _DoctypeFound:
        raise UnsafeDocumentError(
            path, f"{name!r} contains a DOCTYPE (XML entities/DTDs are refused)"
        ) from None
    except expat.ExpatError as err:
        raise CorruptDocumentError(path, f"{name!r} is not well-formed XML: {err}") from None


@dataclass(slots=True)
class _Notes:
    """Foot- or endnote bodies by id, numbered in order of first reference."""

    bodies: dict[str, ET.Element] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)  # insertion order = reference order

    def number(self, note_id: str) -> int:
        return self.numbers.setdefault(note_id, len(self.numbers) + 1)


@dataclass(slots=True)
class _Doc:
    w: str
    style_levels: dict[str, int]
    footnotes: _Notes
    endnotes: _Notes


class _Reader:
    def __init__(self, pkg: _Package, path: str | None) -> None:
        self.pkg = pkg
        self.path = path

    def xml(self, name: str) -> ET.Element:
        data = self.pkg.read(name)
        _check_xml_safe(data, name, self.path)
        try:
            return ET.fromstring(data)
        except ET.ParseError as err:
            raise CorruptDocumentError(
                self.path, f"{name!r} is not well-formed XML: {err}"
            ) from None

    def rels(self, part: str) -> dict[str, str]:
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if not self.pkg.has(rels_name):
            return {}
        out: dict[str, str] = {}
        for rel in self.xml(rels_name).iter():
            if _local(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
                continue
            rtype, target = rel.get("Type", ""), rel.get("Target", "")
            for key, suffix in _REL_TYPE_SUFFIX.items():
                if rtype.endswith(suffix) and key not in out and target:
                    full = (
                        target.lstrip("/")
                        if target.startswith("/")
                        else (posixpath.normpath(posixpath.join(folder, target)))
                    )
                    out[key] = full
        return out


def _style_levels(root: ET.Element | None, w: str) -> dict[str, int]:
    """Heading level per paragraph style id: by name (Heading N, 标题 N), else outline level."""
    if root is None:
        return {}
    raw: dict[str, tuple[str, str | None, int | None]] = {}
    for sid, style, based_on in paragraph_styles(root, w):
        name_el = style.find(f"{{{w}}}name")
        outline_el = style.find(f"{{{w}}}pPr/{{{w}}}outlineLvl")
        outline = parse_int(outline_el.get(f"{{{w}}}val")) if outline_el is not None else None
        raw[sid] = (
            (name_el.get(f"{{{w}}}val") or "") if name_el is not None else "",
            based_on,
            outline,
        )

    def own_level(sid: str) -> tuple[bool, int | None]:
        """(decided, level): whether the style itself settles it, and the level (None: body)."""
        name, _, outline = raw[sid]
        m = _HEADING_NAME.match(name)
        if m:
            return True, int(m.group(1))
        if _TITLE_NAME.match(name):
            return True, 0
        if outline is not None:
            return True, outline + 1 if 0 <= outline <= 8 else None
        return False, None

    resolved = resolve_based_on(
        {sid: own_level(sid) for sid in raw},
        {sid: based for sid, (_, based, _) in raw.items() if based is not None},
    )
    return {sid: level for sid, level in resolved.items() if level is not None}


def _paragraphs(container: ET.Element, w: str) -> Iterator[ET.Element]:
    """Paragraphs in document order through tables, content controls and tracked insertions."""
    stack: list[Iterator[ET.Element]] = [iter(container)]
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
            continue
        local = _local(el.tag)
        if local == "p" and el.tag == f"{{{w}}}p":
            yield el
        elif local and local not in _SKIP_LOCAL and not local.endswith("Pr"):
            stack.append(iter(el))


def _paragraph_text(p: ET.Element, doc: _Doc) -> tuple[str, list[ET.Element]]:
    """Visible text of one paragraph, plus text boxes anchored in it (read after it)."""
    w = doc.w
    parts: list[str] = []
    boxes: list[ET.Element] = []
    stack: list[Iterator[ET.Element]] = [iter(p)]
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
            continue
        local = _local(el.tag)
        if not local or local in _SKIP_LOCAL or local.endswith("Pr"):
            continue
        if local == "t":
            parts.append(el.text or "")
        elif local == "tab":
            parts.append("\t")
        elif local in ("br", "cr"):
            parts.append("\n")
        elif local == "noBreakHyphen":
            parts.append("-")
        elif local == "sym":
            code = _int_hex(el.get(f"{{{w}}}char"))
            if code is not None and not 0xE000 <= code <= 0xF8FF:
                parts.append(chr(code))
        elif local in ("footnoteReference", "endnoteReference"):
            notes = doc.footnotes if local == "footnoteReference" else doc.endnotes
            note_id = el.get(f"{{{w}}}id")
            if note_id is not None and note_id in notes.bodies:
                number = notes.number(note_id)
                if el.get(f"{{{w}}}customMarkFollows") not in ("1", "true", "on"):
                    parts.append(str(number).translate(_SUPERSCRIPT))
        elif local in ("txbxContent", "p"):
            boxes.append(el)
        else:
            stack.append(iter(el))
    return "".join(parts), boxes


def _int_hex(value: str | None) -> int | None:
    try:
        code = int(value, 16) if value else None
    except ValueError:
        return None
    return code if code is not None and 0 < code <= 0x10FFFF else None


def _heading_level(p: ET.Element, doc: _Doc) -> int | None:
    w = doc.w
    ppr = p.find(f"{{{w}}}pPr")
    if ppr is None:
        return None
    outline = ppr.find(f"{{{w}}}outlineLvl")
    if outline is not None:
        val = parse_int(outline.get(f"{{{w}}}val"))
        if val is not None:
            return val + 1 if 0 <= val <= 8 else None
    style = ppr.find(f"{{{w}}}pStyle")
    if style is not None:
        return doc.style_levels.get(style.get(f"{{{w}}}val") or "")
    return None


def _load_notes(reader: _Reader, part: str | None, w: str, kind: str) -> _Notes:
    notes = _Notes()
    if part is None or not reader.pkg.has(part):
        return notes
    for note in reader.xml(part).iter(f"{{{w}}}{kind}"):
        if note.get(f"{{{w}}}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        note_id = note.get(f"{{{w}}}id")
        if note_id is not None:
            notes.bodies[note_id] = note
    return notes


def _note_lines(notes: _Notes, doc: _Doc) -> list[tuple[str, str]]:
    for note_id in notes.bodies:  # unreferenced notes still carry text: number them last
        notes.number(note_id)
    out: list[tuple[str, str]] = []
    for note_id, i in notes.numbers.items():
        texts: list[str] = []
        for p in _paragraphs(notes.bodies[note_id], doc.w):
            text, _ = _paragraph_text(p, doc)
            text = " ".join(text.split("\n")).strip()
            if text:
                texts.append(text)
        out.append((str(i), " ".join(texts)))
    return out


def read_docx(
    data: bytes, *, path: str | None, max_bytes: int, limits: ZipLimits | None = None
) -> Extracted:
    """Text of a .docx: body paragraphs in order, headings recorded, footnotes appended."""
    if not data:
        raise EmptyFileError(path, "file is empty (0 bytes)")
    if data.startswith(OLE2_MAGIC):
        if is_ole2_encrypted(data):
            raise EncryptedDocumentError(path, "the Word document is password-protected")
        raise UnsupportedFormatError(
            path, "legacy Word 97-2003 (.doc) file; save it as .docx or PDF first"
        )
    if not data.startswith(b"PK"):
        raise CorruptDocumentError(path, "not a .docx: the file is not a zip archive")
    pkg = _Package(data, path, limits or ZipLimits())
    reader = _Reader(pkg, path)
    for name in pkg.names():  # refuse DTDs anywhere, even in parts we do not read
        if name.lower().endswith((".xml", ".rels")):
            _check_xml_safe(pkg.read(name), name, path)

    main = reader.rels("").get("officeDocument", "word/document.xml")
    if not pkg.has(main):
        if not pkg.has("word/document.xml"):
            raise UnsupportedFormatError(
                path, "zip archive without word/document.xml: not a Word document"
            )
        main = "word/document.xml"
    root = reader.xml(main)
    w = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    if w not in _W_NAMESPACES:
        raise CorruptDocumentError(path, f"{main!r} is not WordprocessingML (namespace {w!r})")
    body = root.find(f"{{{w}}}body")
    if body is None:
        raise CorruptDocumentError(path, f"{main!r} has no body")

    parts = reader.rels(main)
    folder = posixpath.dirname(main)
    styles_part = parts.get("styles", posixpath.join(folder, "styles.xml"))
    styles = reader.xml(styles_part) if pkg.has(styles_part) else None
    numbering_part = parts.get("numbering", posixpath.join(folder, "numbering.xml"))
    numbering = Numbering(reader.xml(numbering_part) if pkg.has(numbering_part) else None, w)
    style_lists = style_numbering(styles, w)
    doc = _Doc(
        w=w,
        style_levels=_style_levels(styles, w),
        footnotes=_load_notes(
            reader, parts.get("footnotes", posixpath.join(folder, "footnotes.xml")), w, "footnote"
        ),
        endnotes=_load_notes(
            reader, parts.get("endnotes", posixpath.join(folder, "endnotes.xml")), w, "endnote"
        ),
    )

    lines: list[str] = []
    headings: list[Heading] = []
    pos = 0

    def add_line(text: str, level: int | None) -> None:
        nonlocal pos
        if lines:
            pos += 1  # the "\n" joining lines
        if level is not None and text.strip():
            lead = len(text) - len(text.lstrip())
            headings.append((pos + lead, pos + len(text.rstrip()), level))
        lines.append(text)
        pos += len(text)

    for p in _paragraphs(body, w):
        text, boxes = _paragraph_text(p, doc)
        listed = paragraph_numbering(p.find(f"{{{w}}}pPr"), w, style_lists, numbering)
        if listed is not None:
            text = numbering.label(*listed) + text
        add_line(text, _heading_level(p, doc))
        for box in boxes:  # text boxes anchored in a paragraph are read right after it
            for box_p in [box] if _local(box.tag) == "p" else _paragraphs(box, w):
                add_line(_paragraph_text(box_p, doc)[0], None)
        if pos > max_bytes:
            check_text_size("\n".join(lines), path, max_bytes)

    notes: list[Footnote] = []
    note_lines = _note_lines(doc.footnotes, doc) + _note_lines(doc.endnotes, doc)
    if note_lines:
        add_line("", None)
        for marker, text in note_lines:
            line = f"{marker} {text}" if text else marker
            start = pos + 1 if lines else 0
            add_line(line, None)
            notes.append((start, start + len(line), marker))

    text = "\n".join(lines)
    check_text_size(text, path, max_bytes)
    check_not_empty(text, path, "the .docx has no text")
    toc, toc_titles = _contents(lines)
    headings = [h for h in headings if h[0] not in toc_titles]
    return Extracted(text=text, encoding=None, headings=tuple(headings), footnotes=tuple(notes),
                     toc=tuple(toc))


def _contents(lines: list[str]) -> tuple[list[tuple[str, str]], set[int]]:
    """The table of contents Word renders as text (``1 范围<tab>1``): its entries, and the
    offset of its 目次 title, which a heading style made a heading candidate but which heads
    no section. A run needs three entries."""
    entries: list[tuple[str, str]] = []
    titles: set[int] = set()
    run: list[tuple[str, str]] = []
    label: int | None = None
    position = 0
    previous_label: int | None = None
    for line in [*lines, "\x00"]:  # a last non-blank line ends a run at the end
        match = TOC_LINE.match(fold_for_matching(line)) if line.strip() else None
        if match:
            run.append((line[match.start("title"):match.end("title")].strip(), match.group("page")))
            if len(run) == 1:
                label = previous_label
        elif line.strip():
            if len(run) >= 3:
                entries += run
                if label is not None:
                    titles.add(label)
            run, label = [], None
            stripped = line.strip()
            previous_label = (
                position + len(line) - len(line.lstrip())
                if TOC_LABEL.match(fold_for_matching(stripped)) else None
            )
        position += len(line) + 1
    return entries, titles
