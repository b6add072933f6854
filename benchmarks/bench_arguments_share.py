"""The argument stage's share of the default pipeline's time (issue 11: at most 15 %).

    python benchmarks/bench_arguments_share.py [DOCS_DIR] [--repeats 3]

For each document (default: the 53 government work reports) the whole default pipeline runs
file → JSON (read, ``nlp``, ``to_json``); then the arguments component alone runs again on the
finished Doc. Each repeat sums over all documents; the medians of the repeats are reported, with
their ratio. Times in one run, on one machine: only the ratio is meaningful.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from _argument_data import shared

from multilat_nlp.document import to_json
from multilat_nlp.pipeline import load
from multilat_nlp.reading import read


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "docs", type=Path, nargs="?", default=shared("eval", "policy_gov_work_reports", "docs")
    )
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    paths = sorted(args.docs.glob("*.txt"))
    nlp = load("policy")
    stage = nlp.get_pipe("arguments")
    totals: list[float] = []
    stage_times: list[float] = []
    for _ in range(args.repeats):
        total = in_stage = 0.0
        for path in paths:
            started = time.perf_counter()
            doc = nlp(read(path).text)
            to_json(doc)
            total += time.perf_counter() - started
            started = time.perf_counter()
            stage(doc)
            in_stage += time.perf_counter() - started
        totals.append(total)
        stage_times.append(in_stage)
    total, in_stage = statistics.median(totals), statistics.median(stage_times)
    print(f"{len(paths)} documents, {args.repeats} repeats (medians)")
    print("| measure | seconds |")
    print("|---|---|")
    print(f"| default pipeline, file -> JSON | {total:.2f} |")
    print(f"| arguments stage alone | {in_stage:.2f} |")
    print(f"| share of the pipeline | {in_stage / total:.1%} (target <= 15%) |")


if __name__ == "__main__":
    main()
