"""Regenerate docs/comparison.md's table and the four charts in docs/img from the 53 reports.

    multilat-nlp batch ../shared/eval/policy_gov_work_reports/docs -o /tmp/reports_json
    PYTHONPATH=src python benchmarks/make_comparison_docs.py /tmp/reports_json docs/img

Prints the top-30 LRC table (Markdown) of 2012–2022 against 1978–2011.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from multilat_nlp.comparison import compare
from multilat_nlp.comparison_charts import (
    dispersion_chart,
    keyness_chart,
    scatter_chart,
    trend_chart,
)
from multilat_nlp.corpus import Corpus

TREND_TERMS = ("高质量发展", "碳达峰", "改革开放", "创新", "供给侧结构性改革", "脱贫攻坚")
DISPERSION_TERMS = ("高质量发展", "改革开放", "碳达峰")
RECENT, EARLIER = "2012–2022", "1978–2011"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("json_dir", type=Path, help="the batch output of the 53 reports")
    parser.add_argument("out_dir", type=Path, help="where the PNGs go (docs/img)")
    args = parser.parse_args(argv)
    corpus = Corpus.from_json(args.json_dir, phrases=TREND_TERMS)
    recent = corpus.select(year=range(2012, 2023))
    earlier = corpus.select(year=range(1978, 2012))
    result = compare(recent, earlier, stat="lrc")
    args.out_dir.mkdir(parents=True, exist_ok=True)
    figures = {
        "compare_keyness.png": keyness_chart(
            result, top=15, target_name=RECENT, reference_name=EARLIER,
            title=f"政府工作报告 {RECENT} vs {EARLIER}: LRC"),
        "compare_scatter.png": scatter_chart(
            result, top=15, target_name=RECENT, reference_name=EARLIER,
            title=f"政府工作报告 {RECENT} vs {EARLIER}"),
        "compare_trend.png": trend_chart(corpus.trend(list(TREND_TERMS[:4])),
                                         title="政府工作报告 词频趋势 1954–2022"),
        "compare_dispersion.png": dispersion_chart(
            corpus.select(year=range(1978, 2023)), list(DISPERSION_TERMS),
            title="政府工作报告 1978–2022: 词语在各报告中的位置"),
    }
    for name, figure in figures.items():
        figure.savefig(args.out_dir / name, dpi=110)
        print(f"wrote {args.out_dir / name}", file=sys.stderr)
    print(f"target {RECENT}: {result.target_tokens:,} word tokens in {result.target_documents} "
          f"reports; reference {EARLIER}: {result.reference_tokens:,} in "
          f"{result.reference_documents}; {len(result):,} terms with f ≥ 3 "
          f"(Bonferroni m = {result.provenance['bonferroni_m']:,})\n")
    print("| # | term | f 2012–22 | f 1978–2011 | per 10k 2012–22 | per 10k 1978–2011 | LRC | "
          "Log Ratio | G² | reports (of 11) | DP_norm |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for k, row in enumerate(result.top(30), 1):
        print(f"| {k} | {row['term']} | {row['freq_target']} | {row['freq_reference']} | "
              f"{row['pm_target'] / 100:.2f} | {row['pm_reference'] / 100:.2f} | "
              f"{row['lrc']:.2f} | {row['log_ratio']:.2f} | {row['g2']:.1f} | "
              f"{row['df_target']} | {row['dp_norm_target']:.2f} |")
    print("\nreference-key (1978–2011): " + ", ".join(
        f"{r['term']} ({r['lrc']:.2f})" for r in result.top(15, "reference")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
