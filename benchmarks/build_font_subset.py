"""Build the CJK font subset that multilat_nlp's charts ship with (a build-time tool).

Why a subset: the full Noto Sans CJK SC face is ~16 MB inside the .ttc (8.3 MB as a single
OTF); a chart needs the characters of Chinese policy text, not all 65,535 glyphs.

Inputs come from Debian packages, so the build needs no internet beyond the package mirror::

    apt-get download fonts-noto-cjk unicode-data
    dpkg-deb -x fonts-noto-cjk_*.deb x && dpkg-deb -x unicode-data_*.deb x
    pip install fonttools
    python benchmarks/build_font_subset.py \
        --ttc x/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc \
        --unihan x/usr/share/unicode \
        --reports ../shared/eval/policy_gov_work_reports/docs

Character set (each source is public and its use here is a look-up, nothing of it is shipped
except the glyphs of the OFL font):

- the 8,105 characters of 通用规范汉字表 (2013), from Unihan's ``kTGH`` field;
- GB 2312 (6,763 hanzi) and Big5 level 1 (5,401 common traditional characters), from Python's
  own codecs;
- the traditional variants (Unihan ``kTraditionalVariant``) of every 通用规范汉字表 character;
- every character of the government work reports given with ``--reports`` (public documents);
- ASCII, Latin-1, Latin Extended-A, General Punctuation, CJK Symbols and Punctuation,
  full-width forms, CJK compatibility forms, enclosed numbers (①), Roman numerals (Ⅳ), arrows and
  common mathematical symbols (≤ ±), currency and letter-like symbols (℃ №).

The Noto face is CFF-flavoured OpenType; the subset stays CFF (matplotlib renders it in PNG, SVG
and PDF, checked by tests/test_charts.py).
"""

from __future__ import annotations

import argparse
import bz2
import json
import unicodedata
from collections.abc import Iterable
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parents[1] / "src" / "multilat_nlp" / "resources" / "fonts"
FONT_NAME = "NotoSansSC-Regular-subset.otf"
FACE = "Noto Sans CJK SC"
FAMILY = "MultilatNLP Noto Sans SC"  # the subset's own family name (see rename())
POSTSCRIPT = "MultilatNLPNotoSansSC-Regular"

_BLOCKS = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement
    (0x0100, 0x017F),  # Latin Extended-A (author names in footnotes)
    (0x0391, 0x03C9),  # Greek letters (α β in formulas and names)
    (0x2000, 0x206F),  # General Punctuation (— ‘ ’ “ ” … ‰)
    (0x20A0, 0x20BF),  # currency
    (0x2100, 0x214F),  # letter-like (℃ № ™)
    (0x2150, 0x218F),  # number forms (Ⅰ Ⅱ Ⅲ)
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators (≤ ≥ ± ×)
    (0x2460, 0x24FF),  # enclosed alphanumerics (① ⑴ ⒈)
    (0x2500, 0x257F),  # box drawing
    (0x25A0, 0x25FF),  # geometric shapes (■ ● ◆ ※-like bullets)
    (0x2600, 0x26FF),  # misc symbols (★ ☆)
    (0x3000, 0x303F),  # CJK Symbols and Punctuation (、。〈〉《》「」【】〔〕〇)
    (0x3200, 0x32FF),  # enclosed CJK (㈠ ㊣)
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # half-width and full-width forms
]


def _unihan(unihan_dir: Path, field: str) -> dict[int, str]:
    """Values of one Unihan field, by code point (searches every Unihan_*.txt[.bz2])."""
    values: dict[int, str] = {}
    for path in sorted(unihan_dir.glob("Unihan_*.txt*")):
        opener = bz2.open if path.suffix == ".bz2" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("U+") and f"\t{field}\t" in line:
                    code, _, value = line.rstrip("\n").split("\t", 2)
                    values[int(code[2:], 16)] = value
    return values


def _decode_range(codec: str, lead: Iterable[int], trail: Iterable[int]) -> set[str]:
    chars: set[str] = set()
    trail = list(trail)
    for first in lead:
        for second in trail:
            try:
                chars.add(bytes([first, second]).decode(codec))
            except UnicodeDecodeError:
                continue
    return chars


def _han(chars: Iterable[str]) -> set[str]:
    return {c for c in chars if unicodedata.name(c, "").startswith("CJK")}


def charset(unihan_dir: Path, reports: Path | None) -> tuple[set[str], dict[str, int]]:
    tgh = {chr(cp) for cp in _unihan(unihan_dir, "kTGH")}
    if len(tgh) != 8105:
        raise SystemExit(f"expected 8,105 kTGH characters in Unihan, found {len(tgh)}")
    gb2312 = _han(_decode_range("gb2312", range(0xB0, 0xF8), range(0xA1, 0xFF)))
    big5_level1 = _han(
        _decode_range("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
    )
    big5_level1 = {c for c in big5_level1 if c.encode("big5") <= "\u9f98".encode("big5")}
    variants = _unihan(unihan_dir, "kTraditionalVariant")
    traditional = {
        chr(int(v[2:], 16))
        for cp, value in variants.items()
        if chr(cp) in tgh
        for v in value.split()
    }
    from_reports: set[str] = set()
    if reports is not None:
        for path in sorted(reports.glob("*.txt")):
            from_reports.update(path.read_text(encoding="utf-8"))
        from_reports = {c for c in from_reports if not c.isspace()}
    symbols = {chr(cp) for start, end in _BLOCKS for cp in range(start, end + 1)}
    chars = tgh | gb2312 | big5_level1 | traditional | from_reports | symbols
    counts = {
        "tongyong_guifan_8105": len(tgh),
        "gb2312_hanzi": len(gb2312),
        "big5_level1_hanzi": len(big5_level1),
        "traditional_variants_of_8105": len(traditional),
        "chars_of_gov_reports": len(from_reports),
        "symbol_blocks": len(symbols),
        "requested_total": len(chars),
    }
    return chars, counts


def rename(font: object) -> None:
    """Give the subset a family name of its own.

    A subset that called itself "Noto Sans CJK SC" could be picked by matplotlib for a user's
    own figure that asks for the full font, and miss the glyphs we dropped. The OFL (§3) reserves
    only the name "Source" for this font, so the rename is allowed; the copyright and licence
    records (name IDs 0, 13, 14) are kept.
    """
    name_table = font["name"]  # type: ignore[index]
    for record in name_table.names:
        if record.nameID in (1, 16):
            record.string = FAMILY
        elif record.nameID in (3, 4):
            record.string = f"{FAMILY} Regular" if record.nameID == 4 else f"{POSTSCRIPT};subset"
        elif record.nameID == 6:
            record.string = POSTSCRIPT
    if "CFF " in font:  # type: ignore[operator]
        cff = font["CFF "].cff  # type: ignore[index]
        cff.fontNames = [POSTSCRIPT]
        top = cff.topDictIndex[0]
        top.FullName = f"{FAMILY} Regular"
        top.FamilyName = FAMILY


def build(ttc: Path, unihan_dir: Path, reports: Path | None, out_dir: Path) -> dict[str, object]:
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(ttc))
    faces = [f for f in collection.fonts if f["name"].getDebugName(1) == FACE]
    if not faces:
        raise SystemExit(f"{ttc} has no {FACE!r} face")
    font = faces[0]
    chars, counts = charset(unihan_dir, reports)
    cmap = font.getBestCmap()
    wanted = sorted(ord(c) for c in chars)
    covered = [cp for cp in wanted if cp in cmap]
    options = subset.Options()
    # matplotlib does no OpenType shaping, so GSUB/GPOS alternates (locl JP/KR glyphs, vertical
    # forms) would be dead weight: one glyph per code point.
    options.layout_features = []
    options.name_IDs = ["*"]  # keep the copyright and OFL notice in the font itself
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False  # the CJK face is unhinted CFF; dropping private hints saves space
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=covered)
    subsetter.subset(font)
    rename(font)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / FONT_NAME
    font.save(str(out))
    tgh = {ord(c) for c in chars} & set(_unihan(unihan_dir, "kTGH"))
    report = {
        "font": FONT_NAME,
        "face": FACE,
        "family": FAMILY,
        "source": f"{ttc.name} (Debian fonts-noto-cjk), {font['name'].getDebugName(5)}",
        "bytes": out.stat().st_size,
        "requested": counts,
        "covered_code_points": len(covered),
        "missing_from_font": len(wanted) - len(covered),
        "tongyong_guifan_covered": sum(1 for cp in tgh if cp in cmap),
    }
    (out_dir / "coverage.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ttc", type=Path, required=True, help="NotoSansCJK-Regular.ttc")
    parser.add_argument("--unihan", type=Path, required=True, help="folder with Unihan_*.txt[.bz2]")
    parser.add_argument("--reports", type=Path, help="folder of government work reports (*.txt)")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args()
    report = build(args.ttc, args.unihan, args.reports, args.out)
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
