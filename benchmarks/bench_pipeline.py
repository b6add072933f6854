"""The whole default pipeline, file → JSON string, against plain ``jieba.lcut``; batch scaling,
memory when streaming, and the cold start of the command line.

Usage (from the repository root):

    python benchmarks/bench_pipeline.py [--docs DIR] [--rounds R] [--rss-mb 1,10,100] [--json]
        [--without entities,arguments]

The machine is shared and noisy, so the pipeline and ``jieba.lcut`` run on the same texts in the
same process, interleaved, once per round; ``pipeline_ratio`` is the median of the per-round
ratios (pipeline chars/s ÷ jieba chars/s). Stage times come from a staged pass in every round
(each stage timed on its own, medians over rounds). Scaling, memory and cold start run in fresh
processes: a process's peak RSS covers everything it did, and a cold start is a whole process.
With ``--json`` the last line is one JSON object with ``pipeline_ratio``, ``stage_seconds``,
``scaling_2proc``, ``rss_mb``, ``cold_start_s`` (and ``long_doc``, ``cpu``).

``--without STAGES`` leaves stages out of the in-process measures (ratio and stage times) to see
the share of the rest; the pipeline is still built whole, so the segmenter keeps the words those
stages give it. Scaling, memory and cold start always run the whole pipeline. ``--clock cpu``
times the in-process measures (jieba, the pipeline, the stages) in CPU seconds of this process.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DOCS = ROOT.parent / "shared" / "eval" / "policy_gov_work_reports" / "docs"
DEFAULT_PAPER = ROOT.parent / "shared" / "seed" / "000_cd34105e53f3530d.txt"
#: The stages the issue names, in pipeline order; a stage not in the pipeline reports null.
STAGES = ("reading", "cleaning", "segmentation", "structure", "sentences", "pos", "keywords",
          "entities", "arguments", "JSON")


def doc_paths(folder: Path) -> list[Path]:
    paths = sorted(folder.glob("*.txt"))
    if not paths:
        sys.exit(f"no .txt documents in {folder} (give --docs DIR)")
    return paths


#: The clock of the in-process measures: wall time, or with ``--clock cpu`` this process's CPU
#: time, which other processes on a shared machine disturb far less (both sides alike).
clock: Callable[[], float] = time.perf_counter


def timed(fn: Callable[[], object]) -> float:
    started = clock()
    fn()
    return clock() - started


def pipeline_pass(nlp: Any, paths: list[Path]) -> None:
    """What ``multilat-nlp analyze`` does for each file: read, analyse, JSON string."""
    from multilat_nlp import analyze, dumps

    for path in paths:
        dumps(analyze(path, nlp))


def staged_pass(nlp: Any, paths: list[Path]) -> dict[str, float]:
    """The same work as :func:`pipeline_pass`, with each stage timed on its own."""
    from multilat_nlp import dumps, read
    from multilat_nlp.reading.clean import clean
    from multilat_nlp.stages.cleaning import CleaningTokenizer

    seconds = dict.fromkeys(STAGES, 0.0)
    tokenizer = nlp.tokenizer
    for path in paths:
        started = clock()
        text = read(path).text
        seconds["reading"] += clock() - started
        if isinstance(tokenizer, CleaningTokenizer):
            started = clock()
            settings = tokenizer.settings
            cleaned = clean(text, mode=settings.mode, drop_pull_quotes=settings.drop_pull_quotes,
                            unwrap_lines=settings.unwrap_lines)
            seconds["cleaning"] += clock() - started
            started = clock()
            doc = tokenizer.inner(cleaned.text)
            doc._.offset_map = cleaned.offset_map.to_list()
            doc._.dropped = list(cleaned.dropped)
            doc._.clean_info = cleaned.info()
        else:
            started = clock()
            doc = tokenizer(text)
        seconds["segmentation"] += clock() - started
        for name, stage in nlp.pipeline:
            started = clock()
            doc = stage(doc)
            seconds[name] = seconds.get(name, 0.0) + clock() - started
        started = clock()
        dumps(doc)
        seconds["JSON"] += clock() - started
    return seconds


def measure_pipeline(nlp: Any, paths: list[Path], rounds: int) -> dict[str, Any]:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    jieba.lcut(texts[0])  # jieba builds its prefix dictionary on first use: not timed
    pipeline_pass(nlp, paths[:2])
    ratios, jieba_s, pipeline_s = [], [], []
    stages: list[dict[str, float]] = []
    for _ in range(rounds):
        j = timed(lambda: [jieba.lcut(t) for t in texts])
        p = timed(lambda: pipeline_pass(nlp, paths))
        stages.append(staged_pass(nlp, paths))
        jieba_s.append(j)
        pipeline_s.append(p)
        ratios.append(j / p)
    in_pipeline = {"reading", "cleaning", "segmentation", "JSON", *nlp.pipe_names}
    stage_seconds = {
        name: round(statistics.median(s[name] for s in stages), 3) if name in in_pipeline
        else None
        for name in [*STAGES, *(n for n in nlp.pipe_names if n not in STAGES)]
    }
    chars = sum(map(len, texts))
    return {
        "chars": chars,
        "documents": len(texts),
        "rounds": rounds,
        "pipeline_ratio": round(statistics.median(ratios), 3),
        "pipeline_ratios": [round(r, 3) for r in ratios],
        "jieba_s": round(statistics.median(jieba_s), 3),
        "pipeline_s": round(statistics.median(pipeline_s), 3),
        "stage_seconds": stage_seconds,
        "stages": list(nlp.pipe_names),
    }


def _python_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    return env


def measure_scaling(docs: Path, rounds: int) -> dict[str, Any]:
    """``multilat-nlp batch --jobs 1`` and ``--jobs 2`` wall time (the run's own summary)."""
    walls: dict[int, list[float]] = {1: [], 2: []}
    loads: dict[int, list[float]] = {1: [], 2: []}
    cpus: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(rounds):
        for jobs in (1, 2):
            out = Path(tempfile.mkdtemp(prefix="bench_batch_"))
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            try:
                code = ("import json, sys; from multilat_nlp.batch import run; "
                        f"s = run([{str(docs)!r}], {str(out)!r}, jobs={jobs}, progress=False); "
                        "print(json.dumps(s.as_dict()))")
                result = subprocess.run([sys.executable, "-c", code], capture_output=True,
                                        text=True, env=_python_env(), check=True)
                summary = json.loads(result.stdout.strip().splitlines()[-1])
                walls[jobs].append(summary["wall_seconds"])
                loads[jobs].append(summary["load_seconds"])
            finally:
                shutil.rmtree(out, ignore_errors=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[jobs].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    one, two = statistics.median(walls[1]), statistics.median(walls[2])
    # The same runs without the pipeline's load, which one process does before any worker
    # starts whatever --jobs says (on 53 reports it is a quarter of a --jobs 2 run).
    work = {jobs: statistics.median(wall - load for wall, load in zip(walls[jobs], loads[jobs], strict=True))
            for jobs in (1, 2)}
    # CPU seconds of all processes of each run: on a machine busy with other work the wall-time
    # ratio says little; equal CPU totals mean --jobs 2 adds no work of its own.
    return {"scaling_2proc": round(one / two, 3), "jobs1_s": one, "jobs2_s": two,
            "scaling_2proc_after_load": round(work[1] / work[2], 3),
            "load_s": round(statistics.median(loads[1] + loads[2]), 3),
            "jobs1_cpu_s": round(statistics.median(cpus[1]), 2),
            "jobs2_cpu_s": round(statistics.median(cpus[2]), 2)}


_RSS_SCRIPT = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    import multilat_nlp
    from multilat_nlp.batch import analyze_path

    def hwm():
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    paths = [Path(p) for p in json.loads(sys.argv[1])]
    marks = sorted(float(m) for m in sys.argv[2].split(","))
    nlp = multilat_nlp.load()
    result = {"loaded": round(hwm(), 1)}
    done, i = 0, 0
    for mark in marks:
        while done < mark * 1e6:
            path = paths[i % len(paths)]
            analyze_path(nlp, path)  # what a batch worker does: file -> JSON string
            done += path.stat().st_size
            i += 1
        result[f"{mark:g}"] = round(hwm(), 1)
    print(json.dumps(result))
""")


def measure_rss(paths: list[Path], marks: str) -> dict[str, Any]:
    """Peak RSS (VmHWM, MiB) of one worker process after streaming 1, 10, 100 MB of files."""
    result = subprocess.run(
        [sys.executable, "-c", _RSS_SCRIPT, json.dumps([str(p) for p in paths]), marks],
        capture_output=True, text=True, env=_python_env(), check=True)
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


_LONG_SCRIPT = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    import multilat_nlp

    texts = [Path(p).read_text(encoding="utf-8") for p in json.loads(sys.argv[1])]
    nlp = multilat_nlp.load()
    result = {}
    for mb in (1, 10):
        parts, size = [], 0
        while size < mb * 1e6:
            text = texts[len(parts) % len(texts)]
            parts.append(text)
            size += len(text.encode("utf-8"))
        document = "\\n\\n".join(parts)
        started = time.perf_counter()
        multilat_nlp.dumps(nlp(document))
        result[f"{mb}MB_s"] = round(time.perf_counter() - started, 2)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            result["peak_rss_mb"] = round(int(line.split()[1]) / 1024, 1)
    result["linearity"] = round(result["10MB_s"] / (10 * result["1MB_s"]), 2)
    print(json.dumps(result))
""")


def measure_long_doc(paths: list[Path]) -> dict[str, Any]:
    """One 1 MB and one 10 MB document (reports joined): linear when ``linearity`` ≈ 1."""
    result = subprocess.run(
        [sys.executable, "-c", _LONG_SCRIPT, json.dumps([str(p) for p in paths])],
        capture_output=True, text=True, env=_python_env(), check=True)
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def measure_cold_start(paper: Path, runs: int) -> dict[str, Any]:
    """``multilat-nlp analyze PAPER`` as a whole process: wall and CPU seconds, medians."""
    script = Path(sys.executable).with_name("multilat-nlp")
    command = [str(script)] if script.exists() else [
        sys.executable, "-c", "import sys; from multilat_nlp.cli import main; sys.exit(main())"]
    walls, cpus = [], []
    with tempfile.TemporaryDirectory(prefix="bench_cold_") as out:
        for _ in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run([*command, "analyze", str(paper), "-o", f"{out}/paper.json"],
                           env=_python_env(), check=True, capture_output=True)
            walls.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return {"cold_start_s": round(statistics.median(walls), 2),
            "cold_start_cpu_s": round(statistics.median(cpus), 2)}


def print_table(report: dict[str, Any]) -> None:
    print(f"{report['documents']} documents, {report['chars']:,} characters, "
          f"{report['rounds']} interleaved rounds; stages: {', '.join(report['stages'])}"
          + (f" (left out: {', '.join(report['without'])})" if report.get("without") else ""))
    print(f"| measure ({report.get('clock', 'wall')} seconds in process) | value |\n|---|---:|")
    print(f"| jieba.lcut s (median) | {report['jieba_s']} |")
    print(f"| pipeline read → JSON s (median) | {report['pipeline_s']} |")
    print(f"| **pipeline_ratio** (÷ jieba.lcut, median of {report['pipeline_ratios']}) "
          f"| {report['pipeline_ratio']} |")
    for name, seconds in report["stage_seconds"].items():
        print(f"| stage {name} s | {'—' if seconds is None else seconds} |")
    for key in ("scaling_2proc", "scaling_2proc_after_load", "load_s", "jobs1_s", "jobs2_s",
                "jobs1_cpu_s", "jobs2_cpu_s",
                "cold_start_s", "cold_start_cpu_s"):
        if key in report:
            print(f"| {key} | {report[key]} |")
    for key, value in (report.get("rss_mb") or {}).items():
        print(f"| peak RSS MiB of a worker after {key} {'' if key == 'loaded' else 'MB'} "
              f"| {value} |")
    for key, value in (report.get("long_doc") or {}).items():
        print(f"| one long document: {key} | {value} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS)
    parser.add_argument("--paper", type=Path, default=DEFAULT_PAPER,
                        help="the paper for the cold start (default: the seed paper)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scaling-rounds", type=int, default=1)
    parser.add_argument("--rss-mb", default="1,10,100", help="streamed MB marks ('' = skip)")
    parser.add_argument("--no-scaling", action="store_true")
    parser.add_argument("--no-long-doc", action="store_true")
    parser.add_argument("--no-cold-start", action="store_true")
    parser.add_argument("--without", default="", metavar="STAGES",
                        help="comma-separated stages to skip in the in-process measures")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="in-process measures in wall (default) or CPU seconds")
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    args = parser.parse_args()
    global clock
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    if args.rounds < 3:
        parser.error("--rounds must be at least 3 (a median of interleaved runs)")
    sys.path.insert(0, str(ROOT / "src"))
    import multilat_nlp

    paths = doc_paths(args.docs)
    nlp = multilat_nlp.load()
    without = [name.strip() for name in args.without.split(",") if name.strip()]
    unknown = sorted(set(without) - set(nlp.pipe_names))
    if unknown:
        parser.error(f"--without {unknown}: not stages of the pipeline {nlp.pipe_names}")
    with nlp.select_pipes(disable=without):
        report = measure_pipeline(nlp, paths, args.rounds)
    report["without"] = without
    report["clock"] = args.clock
    report["scaling_2proc"] = None
    if not args.no_scaling:
        report.update(measure_scaling(args.docs, args.scaling_rounds))
    report["rss_mb"] = measure_rss(paths, args.rss_mb) if args.rss_mb else None
    if not args.no_long_doc:
        report["long_doc"] = measure_long_doc(paths)
    report["cold_start_s"] = None
    if not args.no_cold_start and args.paper.exists():
        report.update(measure_cold_start(args.paper, 3))
    report["cpu"] = {"count": os.cpu_count(), "load_average": os.getloadavg()}
    print_table(report)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
