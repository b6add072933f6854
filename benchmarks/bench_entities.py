"""Speed of the entities stage on the 53 Government Work Reports: chars/s and share of the pipeline.

Each stage of the pipeline is timed on its own (the tokenizer too), over every report, and the run
is repeated; the table gives medians over the repeats. The issue's targets: the entity stage at
>= 1M chars/s and <= 15% of the default pipeline's time. ``jieba.lcut`` over the same text is the
baseline that the whole pipeline must not fall behind (BRIEF: performance).

    python benchmarks/bench_entities.py [--docs ../shared/eval/policy_gov_work_reports/docs]
        [--repeats 3] [--pipelines policy policy-accurate]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from multilat_nlp.pipeline import load

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DOCS = ROOT.parent / "shared" / "eval" / "policy_gov_work_reports" / "docs"


def time_stages(name: str, texts: list[str]) -> dict[str, float]:
    """Seconds per stage (and the tokenizer) over all texts."""
    nlp = load(name)
    seconds = {"tokenizer": 0.0, **{stage: 0.0 for stage in nlp.pipe_names}}
    for text in texts:
        start = time.perf_counter()
        doc = nlp.make_doc(text)
        seconds["tokenizer"] += time.perf_counter() - start
        for stage, pipe in nlp.pipeline:
            start = time.perf_counter()
            doc = pipe(doc)
            seconds[stage] += time.perf_counter() - start
    return seconds


def time_jieba(texts: list[str]) -> float:
    import jieba

    jieba.lcut("预热")
    start = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--pipelines", nargs="+", default=["policy", "policy-accurate"])
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.docs.glob("*.txt"))]
    chars = sum(len(t) for t in texts)
    print(f"{len(texts)} reports, {chars:,} characters, medians of {args.repeats} runs\n")
    jieba_runs = [time_jieba(texts) for _ in range(args.repeats)]
    jieba_s = statistics.median(jieba_runs)
    print(
        "| pipeline | entities chars/s | entities share | pipeline chars/s | pipeline / jieba.lcut |"
    )
    print("|---|---|---|---|---|")
    for name in args.pipelines:
        runs = [time_stages(name, texts) for _ in range(args.repeats)]
        entity_s = statistics.median(r["entities"] for r in runs)
        total_s = statistics.median(sum(r.values()) for r in runs)
        share = statistics.median(r["entities"] / sum(r.values()) for r in runs)
        print(
            f"| {name} | {chars / entity_s:,.0f} | {100 * share:.1f}% | {chars / total_s:,.0f} "
            f"| {total_s / jieba_s:.2f}x time |"
        )
    print(f"| jieba.lcut (baseline) | | | {chars / jieba_s:,.0f} | 1.00x |")


if __name__ == "__main__":
    main()
