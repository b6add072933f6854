"""Build the policy document-frequency table shipped in ``resources/idf/policy_df.tsv``.

Why paragraphs: 53 reports are too few documents for an IDF (every word would score between 0
and ln 53); the ~5,600 paragraphs give the table enough resolution to tell 发展 (in a third of all
paragraphs) from 碳达峰 (in a handful). Why document frequencies rather than IDF values: the
keyword stage mixes this table with jieba's general-language IDF (see
``multilat_nlp.keywords.IdfTable``), which needs each corpus's share of documents, not a log.

The reports are official documents of the State Council (PRC Copyright Law art. 5), so a table
derived from them may ship. Tokens come from the same segmenter as the ``policy`` pipeline, so
table entries and pipeline tokens agree; numbers, punctuation and Latin-only tokens are skipped,
and words seen in a single paragraph are dropped (they carry no information after smoothing).

    python benchmarks/build_idf.py [--reports ../shared/eval/policy_gov_work_reports/docs]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from multilat_nlp.pipeline import load_config
from multilat_nlp.stages.segment import Segmenter, SegmenterSettings

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REPORTS = ROOT.parent / "shared" / "eval" / "policy_gov_work_reports" / "docs"
OUT = ROOT / "src" / "multilat_nlp" / "resources" / "idf" / "policy_df.tsv"
_HAN = re.compile(r"[\u3400-\u9fff]")


def paragraph_df(reports: Path, min_df: int = 2) -> tuple[int, Counter[str], list[str]]:
    settings = SegmenterSettings.from_config(load_config("policy").get("segment", {}))
    segmenter = Segmenter(settings).initialize()
    df: Counter[str] = Counter()
    paragraphs = 0
    years = []
    for path in sorted(reports.glob("*.txt")):
        years.append(path.stem)
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            paragraphs += 1
            df.update({w for w in segmenter.words(line) if _HAN.search(w)})
    return paragraphs, Counter({w: n for w, n in df.items() if n >= min_df}), years


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=Path, default=DEFAULT_REPORTS)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--min-df", type=int, default=2)
    args = parser.parse_args()
    paragraphs, df, years = paragraph_df(args.reports, args.min_df)
    lines = [
        "# multilat_nlp policy document frequencies: WORD<TAB>number of paragraphs containing it",
        "# Corpus: 国务院政府工作报告 (Report on the Work of the Government), "
        f"{len(years)} reports {years[0]}-{years[-1]}",
        "# (official documents of the State Council; digital copy compiled by Wang Chengjun,",
        "# github.com/chengjun/mybook, commit cb6b34b). Built by benchmarks/build_idf.py.",
        f"#documents\t{paragraphs}",
    ]
    lines += [f"{w}\t{n}" for w, n in sorted(df.items(), key=lambda item: (-item[1], item[0]))]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(df)} words, {paragraphs} paragraphs from {len(years)} reports")


if __name__ == "__main__":
    main()
