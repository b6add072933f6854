"""Reading and cleaning against segmentation, as a ratio measured in the same run.

Usage (from the repository root):

    python benchmarks/bench_reading.py [--docs DIR] [--rounds R] [--json]

Issue 9's speed check: reading a file and cleaning its text must cost at most 0.3x the
segmentation stage on the 53 government work reports. Per round every document is read
(:func:`multilat_nlp.read`: bytes, encoding, text), cleaned (the pipeline's own cleaning step,
``CleaningTokenizer.clean``: page rules, letter-spacing) and segmented (the pipeline's
``Segmenter.spans`` on the clean text, what the tokenizer runs); the three stages alternate per
document so that machine noise hits them alike. Each figure is the median over rounds; the
ratio is the median of the per-round ratios ``(read + clean) / segment``. With ``--json`` the
last line is one JSON object (``ratio``, ``read_s``, ``clean_s``, ``segment_s``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DOCS = ROOT.parent / "shared" / "eval" / "policy_gov_work_reports" / "docs"
LIMIT = 0.3


def one_round(nlp: Any, paths: Sequence[Path]) -> dict[str, float]:
    """Seconds spent reading, cleaning and segmenting every document once."""
    import multilat_nlp

    tokenizer = nlp.tokenizer
    segmenter = tokenizer.segmenter
    spent = {"read": 0.0, "clean": 0.0, "segment": 0.0}
    for path in paths:
        t0 = time.perf_counter()
        raw = multilat_nlp.read(path)
        t1 = time.perf_counter()
        cleaned = tokenizer.clean(raw.text)
        t2 = time.perf_counter()
        segmenter.spans(cleaned.text)
        t3 = time.perf_counter()
        spent["read"] += t1 - t0
        spent["clean"] += t2 - t1
        spent["segment"] += t3 - t2
    return spent


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help="folder of .txt reports")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    args = parser.parse_args(argv)
    paths = sorted(args.docs.glob("*.txt"))
    if not paths:
        print(f"no .txt documents in {args.docs}", file=sys.stderr)
        return 2
    import multilat_nlp

    nlp = multilat_nlp.load(disable=["sentences", "pos", "entities", "keywords", "arguments"])
    one_round(nlp, paths[:3])  # warm-up: dictionaries, caches
    rounds = [one_round(nlp, paths) for _ in range(args.rounds)]
    median = {k: statistics.median(r[k] for r in rounds) for k in ("read", "clean", "segment")}
    ratio = statistics.median((r["read"] + r["clean"]) / r["segment"] for r in rounds)
    chars = sum(len(multilat_nlp.read(p).text) for p in paths)
    print(f"{len(paths)} documents, {chars:,} characters, {args.rounds} rounds (medians)")
    print(f"{'stage':<10}{'seconds':>10}{'Mchars/s':>10}{'x segment':>11}")
    for name in ("read", "clean", "segment"):
        seconds = median[name]
        print(f"{name:<10}{seconds:>10.3f}{chars / seconds / 1e6:>10.2f}"
              f"{seconds / median['segment']:>11.3f}")
    verdict = "ok" if ratio <= LIMIT else "TOO SLOW"
    print(f"(read + clean) / segment = {ratio:.3f}  (limit {LIMIT}: {verdict})")
    if args.json:
        print(json.dumps({"documents": len(paths), "chars": chars, "rounds": args.rounds,
                          "ratio": round(ratio, 4), "read_s": round(median["read"], 4),
                          "clean_s": round(median["clean"], 4),
                          "segment_s": round(median["segment"], 4)}))
    return 0 if ratio <= LIMIT else 1


if __name__ == "__main__":
    raise SystemExit(main())
