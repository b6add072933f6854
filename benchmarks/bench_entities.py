"""Speed of the entities stage on the 53 Government Work Reports: chars/s and share of the pipeline.

Each stage of the pipeline is timed on its own (the tokenizer too), over every report, and the run
is repeated; the table gives medians over the repeats. The issue's targets: the entity stage at
>= 1M chars/s and <= 15% of the default pipeline's time. ``jieba.lcut`` over the same text is the
baseline that the whole pipeline must not fall behind (BRIEF: performance).

Part of the entity work runs inside the tokenizer: ``EntityRecognizer.cut_tokens`` finds the
gazetteer and pattern mentions on the segmenter's tokens so that the Doc is built with the tokens
those mentions cut already split. That time is measured on its own ("entities pre-pass") and
counted as entity time in the "entities total" columns; the "stage" columns are the pipeline
component alone, as ``bench_pipeline.py``'s stage_seconds report it (where the pre-pass is inside
"segmentation").

    python benchmarks/bench_entities.py [--docs ../shared/eval/policy_gov_work_reports/docs]
        [--repeats 3] [--pipelines policy policy-accurate]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Any

from multilat_nlp.pipeline import load
from multilat_nlp.stages.tokenizer import PolicyTokenizer

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DOCS = ROOT.parent / "shared" / "eval" / "policy_gov_work_reports" / "docs"


def time_stages(name: str, texts: list[str]) -> dict[str, float]:
    """Seconds per stage (and the tokenizer, and the entity pre-pass inside it) over all texts."""
    nlp = load(name)
    seconds = {"tokenizer": 0.0, **{stage: 0.0 for stage in nlp.pipe_names}}
    prepass = _time_entity_prepass(nlp)
    for text in texts:
        start = time.perf_counter()
        doc = nlp.make_doc(text)
        seconds["tokenizer"] += time.perf_counter() - start
        for stage, pipe in nlp.pipeline:
            start = time.perf_counter()
            doc = pipe(doc)
            seconds[stage] += time.perf_counter() - start
    seconds["entities pre-pass"] = prepass[0]
    return seconds


def _time_entity_prepass(nlp: Any) -> list[float]:
    """Wrap the tokenizer's entity cutter with a timer; the list holds its seconds so far."""
    total = [0.0]
    tokenizer = getattr(nlp.tokenizer, "inner", nlp.tokenizer)
    cutters = getattr(tokenizer, "cutters", None)  # None: a version without the pre-pass
    if not isinstance(tokenizer, PolicyTokenizer) or cutters is None:
        return total
    if "entities" not in nlp.pipe_names:
        return total
    recognizer = nlp.get_pipe("entities")

    def timed(text: str, starts: list[int], lengths: list[int]) -> tuple[list[int], dict[str, Any]]:
        start = time.perf_counter()
        result = recognizer.cut_tokens(text, starts, lengths)
        total[0] += time.perf_counter() - start
        return result

    tokenizer.cutters = [
        timed if getattr(c, "__self__", None) is recognizer else c for c in cutters
    ]
    return total


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
        "| pipeline | entities stage s | stage chars/s | entities total s (with pre-pass) "
        "| total chars/s | entities total share | pipeline chars/s | pipeline / jieba.lcut |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name in args.pipelines:
        runs = [time_stages(name, texts) for _ in range(args.repeats)]
        stage_s = statistics.median(r["entities"] for r in runs)
        entity_s = statistics.median(r["entities"] + r["entities pre-pass"] for r in runs)
        # The pre-pass is inside the tokenizer's seconds already.
        total_s = statistics.median(_pipeline_seconds(r) for r in runs)
        share = statistics.median(
            (r["entities"] + r["entities pre-pass"]) / _pipeline_seconds(r) for r in runs
        )
        print(
            f"| {name} | {stage_s:.3f} | {chars / stage_s:,.0f} | {entity_s:.3f} "
            f"| {chars / entity_s:,.0f} | {100 * share:.1f}% | {chars / total_s:,.0f} "
            f"| {total_s / jieba_s:.2f}x time |"
        )
    print(f"| jieba.lcut (baseline) | | | | | | {chars / jieba_s:,.0f} | 1.00x |")
    print(f"\njieba.lcut s (median): {jieba_s:.3f}")


def _pipeline_seconds(run: dict[str, float]) -> float:
    return sum(v for k, v in run.items() if k != "entities pre-pass")


if __name__ == "__main__":
    main()
