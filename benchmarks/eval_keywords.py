"""Keyword P/R/F1@3/5/10 on CSL for every method, next to jieba's TF-IDF and TextRank.

The protocol is the CSL baseline's (``../shared/eval/kw_csl/baselines/kw_eval_jieba.py``): the
text is ``title + "。" + abstract``, scores are per-document P/R/F1 averaged over documents, exact
match after trimming whitespace. Our methods run as the pipeline's ``keywords`` stage, exactly
as ``multilat-nlp evaluate keywords`` scores them.

    python benchmarks/eval_keywords.py [--data ../shared/eval/kw_csl/dev/csl_dev.jsonl]
        [--no-jieba] [--ablations] [--json]

Nothing here is fitted: the data is only scored.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from multilat_nlp.evaluate.keywords import csl_input_text, read_csl, score_keywords
from multilat_nlp.pipeline import load

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "kw_csl" / "dev" / "csl_dev.jsonl"
KS = (3, 5, 10)
#: Measured on the CSL *test* split by the shared baseline script (measured_scores.txt).
TEST_ANCHORS = {"jieba TF-IDF": {3: 0.145, 5: 0.153, 10: 0.140},
                "jieba TextRank": {3: 0.099, 5: 0.109, 10: 0.105}}

METHODS: dict[str, dict[str, Any]] = {
    "structural (default)": {"method": "structural"},
    "tfidf": {"method": "tfidf"},
    "textrank": {"method": "textrank"},
}
ABLATIONS: dict[str, dict[str, Any]] = {
    "structural, no MMR": {"method": "structural", "diversity": 0.0},
    "structural, words only": {"method": "structural", "phrases": False},
    "structural, max_tokens=4": {"method": "structural", "max_tokens": 4},
    "structural, jieba IDF only": {"method": "structural", "general_weight": 1.0},
    "structural, policy IDF only": {"method": "structural", "general_weight": 0.0},
    "tfidf, words only, no MMR": {"method": "tfidf", "phrases": False, "diversity": 0.0},
    "textrank, plain (no IDF)": {"method": "textrank", "textrank_idf": False},
}


def run_pipeline(texts: Sequence[str], options: dict[str, Any]) -> tuple[list[list[str]], float]:
    nlp = load(keywords={"topn": max(KS), "sections": False, **options})
    start = time.perf_counter()
    predicted = [[k["term"] for k in doc._.keywords] for doc in nlp.pipe(texts)]
    return predicted, time.perf_counter() - start


def run_jieba(texts: Sequence[str]) -> dict[str, tuple[list[list[str]], float]]:
    import jieba
    import jieba.analyse

    jieba.setLogLevel(logging.WARNING)
    out: dict[str, tuple[list[list[str]], float]] = {}
    extractors: dict[str, Callable[[str], list[str]]] = {
        "jieba TF-IDF": lambda t: list(jieba.analyse.extract_tags(t, topK=max(KS))),
        "jieba TextRank": lambda t: list(jieba.analyse.textrank(t, topK=max(KS))),
    }
    for name, extract in extractors.items():
        start = time.perf_counter()
        out[name] = ([extract(t) for t in texts], time.perf_counter() - start)
    return out


def scores(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> dict[int, float]:
    return {k: float(score_keywords(gold, predicted, k=k)[f"f1@{k}"]) for k in KS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--no-jieba", action="store_true", help="skip the jieba baselines")
    parser.add_argument("--ablations", action="store_true", help="also score design variants")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    records = read_csl(args.data)
    texts = [csl_input_text(r) for r in records]
    gold = [list(r.keywords) for r in records]
    rows: dict[str, dict[str, float]] = {}
    configs = dict(METHODS, **(ABLATIONS if args.ablations else {}))
    for name, options in configs.items():
        predicted, seconds = run_pipeline(texts, options)
        rows[name] = {**{f"F1@{k}": v for k, v in scores(gold, predicted).items()}, "s": seconds}
    if not args.no_jieba:
        for name, (predicted, seconds) in run_jieba(texts).items():
            rows[f"{name} (measured here)"] = {
                **{f"F1@{k}": v for k, v in scores(gold, predicted).items()},
                "s": seconds,
            }
    for name, anchor in TEST_ANCHORS.items():
        rows[f"{name} (anchor: CSL test)"] = {f"F1@{k}": v for k, v in anchor.items()}
    if args.json:
        print(json.dumps({"data": str(args.data), "documents": len(records), "rows": rows},
                         ensure_ascii=False))
        return
    print(f"CSL keywords, {len(records)} documents: {args.data}\n")
    print("| method | F1@3 | F1@5 | F1@10 | seconds |")
    print("|---|---|---|---|---|")
    for name, row in rows.items():
        cells = " | ".join(f"{row[f'F1@{k}']:.3f}" for k in KS)
        seconds = f"{row['s']:.1f}" if "s" in row else ""
        print(f"| {name} | {cells} | {seconds} |")


if __name__ == "__main__":
    main()
