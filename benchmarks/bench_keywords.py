"""Time the keyword stage against segmentation on the 53 government work reports.

The issue's budget: the keyword stage may cost no more than segmentation itself. Segmentation
here is the pipeline's tokenizer (segmenter + ``Doc`` construction); the keyword stage is timed
alone, on documents that already went through every earlier stage (structure, sentences, POS),
as it runs in the pipeline.

The machine is shared, so each repeat times segmentation and then the keyword stage back to
back over all 53 reports, and the report gives the best time of each and the median of the
per-repeat ratios (both halves of a repeat see about the same load). The first pass of a fresh
stage is reported apart: it also fills the stage's tables (word facts, IDF look-ups), which
later documents reuse.

    python benchmarks/bench_keywords.py [--reports ../shared/eval/policy_gov_work_reports/docs]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from multilat_nlp.pipeline import load

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REPORTS = ROOT.parent / "shared" / "eval" / "policy_gov_work_reports" / "docs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=Path, default=DEFAULT_REPORTS)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--method", default=None, help="keyword method (default: the config's)")
    parser.add_argument("--no-sections", action="store_true", help="document keywords only")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.reports.glob("*.txt"))]
    overrides: dict[str, object] = {"method": args.method} if args.method else {}
    if args.no_sections:
        overrides["sections"] = False
    nlp = load(keywords=overrides)
    stage = nlp.get_pipe("keywords")
    before = [name for name in nlp.pipe_names if name != "keywords"]
    docs = [nlp.tokenizer(t) for t in texts]  # warm-up, and the docs for the earlier stages
    for name in before:
        docs = [nlp.get_pipe(name)(d) for d in docs]
    start = time.perf_counter()
    for doc in docs:
        stage(doc)
    first_pass = time.perf_counter() - start
    segmentation: list[float] = []
    keywords: list[float] = []
    others: dict[str, list[float]] = {name: [] for name in before}
    for _ in range(args.repeat):
        start = time.perf_counter()
        fresh = [nlp.tokenizer(text) for text in texts]
        segmentation.append(time.perf_counter() - start)
        start = time.perf_counter()
        for doc in docs:
            stage(doc)
        keywords.append(time.perf_counter() - start)
        for name in before:  # the other stages, for context
            component = nlp.get_pipe(name)
            start = time.perf_counter()
            fresh = [component(doc) for doc in fresh]
            others[name].append(time.perf_counter() - start)
    ratios = [k / s for k, s in zip(keywords, segmentation, strict=True)]
    result = {
        "documents": len(texts),
        "characters": sum(map(len, texts)),
        "segmentation_s": round(min(segmentation), 3),
        "keywords_s": round(min(keywords), 3),
        "ratio_of_best": round(min(keywords) / min(segmentation), 3),
        "ratio_median": round(statistics.median(ratios), 3),
        "ratio_range": [round(min(ratios), 3), round(max(ratios), 3)],
        "keywords_first_pass_s": round(first_pass, 3),
        **{f"{name}_s": round(min(seconds), 3) for name, seconds in others.items()},
        "method": nlp.get_pipe_config("keywords")["method"],
        "sections": sum(len(d._.sections or []) for d in docs)
        if nlp.get_pipe_config("keywords")["sections"]
        else 0,
        "repeats": args.repeat,
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            print(f"{key:>22}  {value}")


if __name__ == "__main__":
    main()
