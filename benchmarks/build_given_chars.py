"""Build ``resources/names/given_chars.tsv``: how name-like each character is as a given name.

Source: jieba 0.42.1's ``dict.txt`` (MIT licence), the installed copy. Its ``nr`` entries of a
surname (from ``resources/names/surnames.tsv``) plus one or two characters give the given-name
character counts; all its entries give each character's count in words. The ratio of the two
shares (given-name share / word share, add-one smoothed) is written for every character seen in
a given name at least ``--min-count`` times; a character not in the table is taken as not
name-like (ratio 0). Nothing from any evaluation set is read.

    python benchmarks/build_given_chars.py [--min-count 3]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from multilat_nlp._tables import jieba_file
from multilat_nlp.resources.names import table_rows

OUT = Path(__file__).resolve().parents[1] / "src/multilat_nlp/resources/names/given_chars.tsv"
HEADER = """\
# source: derived from jieba 0.42.1 dict.txt (MIT licence): nr entries of a surname plus one or two characters; built by benchmarks/build_given_chars.py
# licence: MIT (derived counts of jieba's dict.txt, Copyright (c) 2013 Sun Junyi)
# char<TAB>ratio: the character's share among given-name characters / its share among all word characters (add-one smoothed); absent = not name-like
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-count", type=int, default=3)
    args = parser.parse_args()
    surnames = {row[0] for row in table_rows("surnames.tsv")}
    given: Counter[str] = Counter()
    words: Counter[str] = Counter()
    for line in jieba_file("dict.txt").read_text(encoding="utf-8").splitlines():
        word, _freq, tag = line.split()
        words.update(word)
        if tag != "nr":
            continue
        for length in (2, 1):
            rest = word[length:]
            if word[:length] in surnames and 1 <= len(rest) <= 2:
                given.update(rest)
                break
    g_total, w_total = sum(given.values()), sum(words.values())
    rows = []
    for char, count in given.items():
        if count >= args.min_count and "\u4e00" <= char <= "\u9fff":
            ratio = (count / g_total) / ((words[char] + 1) / w_total)
            rows.append(f"{char}\t{ratio:.2f}")
    OUT.write_text(HEADER + "\n".join(sorted(rows)) + "\n", encoding="utf-8")
    print(f"{len(rows)} characters -> {OUT}")


if __name__ == "__main__":
    main()
