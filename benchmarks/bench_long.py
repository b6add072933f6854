"""Long texts end to end: time and peak RSS of ``multilat-nlp analyze FILE -o OUT.json`` on a
1 MB and a 20 MB Chinese text, and whether the 20 MB run is linear (issue 14's acceptance:
peak RSS <= 1.5 GB, time <= 1.5 x 20 x the 1 MB time).

The texts are the 53 government work reports repeated to the size, written to a temp folder
that is removed afterwards; each run is a fresh child process (measured with ``wait4``), so cold
start is included in both sizes. The baseline is ``jieba.lcut`` on the same 1 MB text, in the
same run.

    python benchmarks/bench_long.py [--reports ../shared/eval/policy_gov_work_reports/docs]
        [--sizes 1 20] [--repeat 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REPORTS = ROOT.parent / "shared" / "eval" / "policy_gov_work_reports" / "docs"
MB = 1_000_000


def build_text(reports: Path, size: int) -> str:
    """The reports, in order, repeated until the UTF-8 size reaches ``size`` bytes."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(reports.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no .txt reports in {reports}")
    parts: list[str] = []
    total = 0
    while total < size:
        for text in texts:
            parts.append(text.rstrip("\n") + "\n\n")
            total += len(parts[-1].encode("utf-8"))
            if total >= size:
                break
    return "".join(parts)


def run_analyze(path: Path, out: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (bytes) of one ``analyze`` child process."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p
    )
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "multilat_nlp.cli", "analyze", str(path), "-o", str(out)],
        env=env,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
        raise SystemExit(f"analyze failed on {path.name} (status {status}): {stderr[-2000:]}")
    return seconds, usage.ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=Path, default=DEFAULT_REPORTS)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 20], help="MB, first = unit")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each size but the last")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench_long_") as folder:
        tmp = Path(folder)
        unit_text = build_text(args.reports, args.sizes[0] * MB)
        import jieba

        jieba.lcut("预热")
        started = time.perf_counter()
        jieba.lcut(unit_text)
        jieba_seconds = time.perf_counter() - started
        for index, size in enumerate(args.sizes):
            path = tmp / f"long_{size}mb.txt"
            text = unit_text if index == 0 else build_text(args.reports, size * MB)
            path.write_text(text, encoding="utf-8")
            repeats = 1 if index == len(args.sizes) - 1 and index > 0 else args.repeat
            runs = [run_analyze(path, tmp / f"out_{size}.json") for _ in range(repeats)]
            rows.append(
                {
                    "mb": size,
                    "chars": len(text),
                    "seconds": statistics.median(s for s, _ in runs),
                    "peak_rss_mb": max(r for _, r in runs) / 2**20,
                    "runs": repeats,
                }
            )
            path.unlink()
    unit = rows[0]
    for row in rows:
        row["linear_budget_s"] = 1.5 * row["mb"] / unit["mb"] * unit["seconds"]
        row["linear"] = row["seconds"] <= row["linear_budget_s"]
        row["rss_ok"] = row["peak_rss_mb"] <= 1536
    result = {"jieba_lcut_1unit_s": jieba_seconds, "rows": rows}
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    print(f"baseline jieba.lcut on the {unit['mb']} MB text: {jieba_seconds:.2f} s")
    print(f"{'MB':>4} {'chars':>11} {'runs':>4} {'median s':>9} {'budget s':>9} "
          f"{'peak RSS MB':>11}  linear  RSS<=1.5GB")
    for row in rows:
        print(f"{row['mb']:>4} {row['chars']:>11,} {row['runs']:>4} {row['seconds']:>9.2f} "
              f"{row['linear_budget_s']:>9.2f} {row['peak_rss_mb']:>11.0f}  "
              f"{'yes' if row['linear'] else 'NO':>6}  {'yes' if row['rss_ok'] else 'NO':>10}")


if __name__ == "__main__":
    main()
