"""List words that jieba's dictionary tags as nouns but that policy prose uses as verbs or adverbs.

jieba's ``dict.txt`` carries tags from its source corpora, and some frequent policy words carry
a noun tag there: 深化 ``j`` (abbreviation), 弘扬 ``nr`` (person name), 着力 ``n``, 严格执行 ``nr``.
A noun tag makes them content nouns for the keyword stage, so 着力稳定宏观经济大盘 reads as one
noun compound. This script finds the suspects on a corpus (the 53 government work reports); a
person reads each with its contexts and writes the verdicts into
``src/multilat_nlp/resources/lexicons/tag_fixes.txt``. Nothing here is fitted to a score.

A word is a suspect when jieba's dictionary gives it a noun-class tag (n, nr, ns, nt, j, l, i),
it occurs at least ``--min-count`` times, and either

* a modal or adverb (要, 将, 进一步, 大力, 切实…) stands right before it in at least
  ``--after-modal`` of its occurrences (nouns are rarely modified by these), or
* a verb follows it in at least ``--before-verb`` of its occurrences (着力|调整, 大力|发展).

    python benchmarks/find_tag_suspects.py ../shared/eval/policy_gov_work_reports/docs
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

from multilat_nlp.dictionary_tags import jieba_dict_tags
from multilat_nlp.pipeline import load
from multilat_nlp.reading import read

MODALS = frozenset({
    "要", "将", "应", "应当", "必须", "进一步", "不断", "大力", "加快", "积极", "切实", "继续",
    "更加", "努力", "逐步", "全面", "认真", "坚决", "持续", "深入", "稳步", "有效", "有序", "加大",
    "着力", "坚持",
})
NOUN_TAGS = frozenset({"n", "nr", "ns", "nt", "j", "l", "i"})
VERB_TAGS = frozenset({"v", "vn", "vd"})  # jieba's vn (名动词) is a verb before an object


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path, help="folder of .txt files")
    parser.add_argument("--min-count", type=int, default=15)
    parser.add_argument("--after-modal", type=float, default=0.25)
    parser.add_argument("--before-verb", type=float, default=0.8)
    args = parser.parse_args(argv)
    files = sorted(args.corpus.glob("*.txt"))
    if not files:
        print(f"{args.corpus}: no .txt files", file=sys.stderr)
        return 2
    tags = jieba_dict_tags()
    nlp = load("policy", disable=["structure", "keywords"])
    total: collections.Counter[str] = collections.Counter()
    after_modal: collections.Counter[str] = collections.Counter()
    before_verb: collections.Counter[str] = collections.Counter()
    examples: dict[str, list[str]] = collections.defaultdict(list)
    for path in files:
        doc = nlp(read(path).text)
        tokens = list(doc)
        for i, token in enumerate(tokens):
            word = token.text
            total[word] += 1
            if i and tokens[i - 1].text in MODALS:
                after_modal[word] += 1
            if i + 1 < len(tokens) and tokens[i + 1].tag_ in VERB_TAGS:
                before_verb[word] += 1
            if len(examples[word]) < 3 and i + 2 < len(tokens):
                examples[word].append("".join(t.text for t in tokens[max(i - 2, 0) : i + 3]))
    rows = []
    for word, count in total.items():
        tag = tags.get(word)
        if tag not in NOUN_TAGS or count < args.min_count or len(word) < 2:
            continue
        modal_share = after_modal[word] / count
        verb_share = before_verb[word] / count
        if modal_share >= args.after_modal or verb_share >= args.before_verb:
            rows.append((max(modal_share, verb_share), word, tag, count, modal_share, verb_share))
    print("| word | jieba tag | count | after a modal | before a verb | contexts |")
    print("|---|---|---|---|---|---|")
    for _, word, tag, count, modal_share, verb_share in sorted(rows, reverse=True):
        print(f"| {word} | {tag} | {count} | {modal_share:.2f} | {verb_share:.2f} | "
              f"{' / '.join(examples[word])} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
