"""Speed of term comparison on the 53 government work reports (issue 12's budget).

1. the pipeline run (file -> Doc) over the reports, for scale;
2. counting plus comparison beyond it: ``Corpus.from_docs`` on those Docs, then
   ``compare`` 2012–2022 against 1978–2011 (budget ≤ 2 s);
3. ``Corpus.from_json`` on the 53 JSON outputs written by ``multilat_nlp.dumps`` (budget ≤ 3 s).

Medians of ``--repeat`` runs; the last line is JSON.

    PYTHONPATH=src python benchmarks/bench_compare.py ../shared/eval/policy_gov_work_reports/docs
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import multilat_nlp
from multilat_nlp.comparison import compare
from multilat_nlp.corpus import Corpus


def _median_time(repeat: int, job: Callable[[], Any]) -> tuple[float, float, Any]:
    """Median wall-clock and CPU seconds (the CPU time shows the cost on a busy machine)."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        result = job()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reports", type=Path, help="folder of YEAR.txt reports")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    paths = sorted(args.reports.glob("*.txt"))
    if not paths:
        print(f"{args.reports}: no .txt files", file=sys.stderr)
        return 2
    nlp = multilat_nlp.load()
    texts = [p.read_text(encoding="utf-8") for p in paths]
    names = [p.stem for p in paths]
    start = time.perf_counter()
    docs = list(nlp.pipe(texts))
    pipeline_s = time.perf_counter() - start

    def count_and_compare() -> Any:
        corpus = Corpus.from_docs(docs, names=names)
        return compare(corpus.select(year=range(2012, 2023)),
                       corpus.select(year=range(1978, 2012)))

    compare_s, compare_cpu, result = _median_time(args.repeat, count_and_compare)
    with tempfile.TemporaryDirectory() as tmp:
        for path, doc in zip(paths, docs, strict=True):
            data = json.loads(multilat_nlp.dumps(doc))
            data["source"] = {"path": str(path)}
            (Path(tmp) / f"{path.stem}.json").write_text(json.dumps(data, ensure_ascii=False),
                                                         encoding="utf-8")
        json_mb = sum(p.stat().st_size for p in Path(tmp).glob("*.json")) / 1e6
        from_json_s, from_json_cpu, corpus = _median_time(args.repeat, lambda: Corpus.from_json(tmp))
    tokens = int(corpus.sizes().sum())
    report = {
        "documents": len(paths), "word_tokens": tokens, "terms": len(corpus.terms),
        "json_mb": round(json_mb, 1), "pipeline_s": round(pipeline_s, 2),
        "count_and_compare_s": round(compare_s, 3), "count_and_compare_cpu_s":
        round(compare_cpu, 3), "from_json_s": round(from_json_s, 3),
        "from_json_cpu_s": round(from_json_cpu, 3),
        "compared_terms": len(result), "budget_count_and_compare_s": 2.0,
        "budget_from_json_s": 3.0,
        "within_budget": compare_s <= 2.0 and from_json_s <= 3.0,
    }
    print(f"{len(paths)} reports, {tokens:,} word tokens, {len(corpus.terms):,} terms, "
          f"{json_mb:.1f} MB of JSON")
    print(f"pipeline (nlp.pipe)              {pipeline_s:8.2f} s   (for scale)")
    print(f"Corpus.from_docs + compare       {compare_s:8.3f} s   (CPU {compare_cpu:.3f} s; "
          "budget 2 s)")
    print(f"Corpus.from_json (53 files)      {from_json_s:8.3f} s   (CPU {from_json_cpu:.3f} s; "
          "budget 3 s)")
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
