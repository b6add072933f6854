"""Segmentation and POS throughput, as ratios to jieba measured in the same process.

Usage (from the repository root):

    python benchmarks/bench_segmentation.py [--docs DIR] [--chars N] [--rounds R] [--json]

The machine is shared and noisy, so every system runs once per round, rounds interleave the
systems, and each figure is the median over rounds; a ratio is the median of the per-round ratios
``chars/s of the system ÷ chars/s of the reference`` in that same round. Peak RSS is measured in a
fresh subprocess per system (load + one pass), since a process's peak covers everything it did.

Also printed (not timed): token agreement of each engine with ``jieba.lcut`` and tag agreement of
the POS stage with ``jieba.posseg``, on the benchmark text and, when given, the PKU test input.
With ``--json`` the last line is one JSON object with at least ``segment_ratio`` (default
segmenter ÷ ``jieba.lcut``) and ``pos_ratio`` (tokenizer + POS stage ÷ ``jieba.posseg``).
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DOCS = ROOT.parent / "shared" / "eval" / "policy_gov_work_reports" / "docs"
DEFAULT_PKU = ROOT.parent / "shared" / "eval" / "cws_sighan2005" / "test" / "raw" / "pku_test.utf8"
SAMPLE = ROOT / "src" / "multilat_nlp" / "resources" / "samples" / "gov_work_report_2022.txt"

Run = Callable[[list[str]], object]

DEFAULT_SEGMENTER = "Segmenter default (rjieba + lexicon + protection).spans"
TOKENIZER = "tokenizer (spaCy Doc), default"
TOKENIZE_AND_TAG = "tokenizer + POS stage, default"
ALTERNATIVES = ("jieba_fast_dat", "jieba_next")


def load_docs(folder: Path, chars: int) -> list[str]:
    """Whole documents up to about ``chars`` characters (the bundled sample if none)."""
    paths = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    docs: list[str] = []
    total = 0
    for path in reversed(paths):  # newest reports first: the language the library is for
        text = path.read_text(encoding="utf-8")
        docs.append(text)
        total += len(text)
        if total >= chars:
            break
    return docs or [SAMPLE.read_text(encoding="utf-8")]


def load_nlp(name: str = "policy") -> Any:
    """The shipped pipeline with only the stages this benchmark is about (sentences, pos).

    Other stages (keywords, entities…) have their own benchmarks; leaving them out keeps these
    figures about segmentation and POS.
    """
    import multilat_nlp

    return multilat_nlp.load(name, settings=['pipeline.stages=["sentences", "pos"]'])


def system_builders(pkuseg_model: str | None) -> dict[str, Callable[[], Run]]:
    """name → builder of a function over a list of documents (loading stays out of timing)."""

    def over(fn: Callable[[str], object]) -> Run:
        return lambda docs: [fn(d) for d in docs]

    def jieba_fn(hmm: bool = True, posseg: bool = False) -> Run:
        import jieba
        import jieba.posseg

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        if posseg:
            return over(jieba.posseg.lcut)
        return over(lambda d: jieba.lcut(d, HMM=hmm))

    def segmenter(**settings: Any) -> Run:
        from multilat_nlp.stages.segment import Segmenter, SegmenterSettings

        return over(Segmenter(SegmenterSettings(**settings)).initialize().spans)

    def default_words() -> Run:
        from multilat_nlp.stages.segment import Segmenter

        return over(Segmenter().initialize().words)

    def policy_tokenizer() -> Any:
        """Our tokenizer itself: the pipeline may wrap it (text cleaning), which is not timed."""
        from multilat_nlp.stages.segment import Segmenter
        from multilat_nlp.stages.tokenizer import PolicyTokenizer

        return PolicyTokenizer(load_nlp().vocab, Segmenter().initialize(), {})

    def tokenizer() -> Run:
        return over(policy_tokenizer())

    def tokenize_and_tag() -> Run:
        tagger = load_nlp().get_pipe("pos")
        tokenize = policy_tokenizer()
        return over(lambda d: tagger(tokenize(d)))

    def rjieba_bare() -> Run:
        import rjieba

        return over(lambda d: rjieba.cut(d, True))

    def shipped(name: str) -> Run:
        import multilat_nlp

        return over(multilat_nlp.load(name))

    def alternative(module: str) -> Run:
        alt = __import__(module)
        setter = getattr(alt, "set_log_level", None) or getattr(alt, "setLogLevel", None)
        if setter is not None:
            setter(logging.WARNING)
        alt.initialize()
        return over(alt.lcut)

    builders: dict[str, Callable[[], Run]] = {
        "jieba.lcut (HMM)": jieba_fn,
        "jieba.lcut (no HMM)": lambda: jieba_fn(hmm=False),
        "jieba.posseg.lcut (HMM)": lambda: jieba_fn(posseg=True),
        "rjieba.cut (HMM), bare": rjieba_bare,
        "Segmenter engine=jieba + lexicon + protection": lambda: segmenter(engine="jieba"),
        DEFAULT_SEGMENTER: segmenter,
        "Segmenter default .words": default_words,
        "Segmenter fast (HMM off).spans": lambda: segmenter(hmm=False),
        TOKENIZER: tokenizer,
        TOKENIZE_AND_TAG: tokenize_and_tag,
        "shipped policy pipeline, all stages (informative)": lambda: shipped("policy"),
        "shipped fast pipeline, all stages (informative)": lambda: shipped("fast"),
    }
    if pkuseg_model:
        builders["Segmenter engine=pkuseg (given model)"] = lambda: segmenter(
            engine="pkuseg", pkuseg_model=pkuseg_model
        )
    for module in ALTERNATIVES:
        try:
            __import__(module)
        except ImportError:
            continue
        builders[f"{module}.lcut (HMM), evaluated alternative"] = (
            lambda module=module: alternative(module)  # type: ignore[misc]
        )
    return builders


def build_systems(pkuseg_model: str | None) -> dict[str, Run]:
    """Every system that loads here; one that fails (another stage mid-work) is reported."""
    systems: dict[str, Run] = {}
    for name, build in system_builders(pkuseg_model).items():
        try:
            systems[name] = build()
        except Exception as exc:  # a broken optional row must not stop the benchmark
            print(f"skipped {name}: {exc}", file=sys.stderr)
    return systems


def pos_stage_run(docs: list[str]) -> tuple[Run, Run]:
    """The POS stage alone on already tokenized docs, and jieba.posseg for the same round."""
    import jieba.posseg

    from multilat_nlp.stages.segment import Segmenter
    from multilat_nlp.stages.tokenizer import PolicyTokenizer

    nlp = load_nlp()
    tagger = nlp.get_pipe("pos")
    tokenize = PolicyTokenizer(nlp.vocab, Segmenter().initialize(), {})
    tokenized = [tokenize(d) for d in docs]
    return (lambda _docs: [tagger(doc) for doc in tokenized]), (
        lambda d: [jieba.posseg.lcut(x) for x in d]
    )


def time_rounds(systems: dict[str, Run], docs: list[str], rounds: int) -> dict[str, list[float]]:
    chars = sum(map(len, docs))
    speeds: dict[str, list[float]] = {name: [] for name in systems}
    for run in systems.values():  # warm-up: lazy tables, spaCy's vocab, jieba's caches
        run(docs)
    for _ in range(rounds):
        for name, run in systems.items():
            start = time.perf_counter()
            run(docs)
            speeds[name].append(chars / (time.perf_counter() - start))
    return speeds


def ratio(speeds: dict[str, list[float]], name: str, reference: str) -> float:
    return statistics.median(a / b for a, b in zip(speeds[name], speeds[reference], strict=True))


def peak_rss(name: str, docs_arg: list[str]) -> float:
    """Peak RSS (MiB) of a fresh process that loads one system and runs it once."""
    out = subprocess.run(
        [sys.executable, __file__, "--rss-of", name, *docs_arg],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        return float(out.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return float("nan")


def _peak_rss_mib() -> float:
    """This process's peak RSS. VmHWM, not ru_maxrss: Linux carries ru_maxrss over a fork and
    exec, so a child of a big parent would report the parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _agreement(ours: Iterable[tuple[int, int]], theirs: Iterable[tuple[int, int]]) -> float:
    """Token F1 between two segmentations of one text, by exact spans."""
    a, b = set(ours), set(theirs)
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def _spans(words: Iterable[str]) -> list[tuple[int, int]]:
    spans, position = [], 0
    for word in words:
        spans.append((position, position + len(word)))
        position += len(word)
    return spans


def agreement(texts: dict[str, list[str]]) -> dict[str, Any]:
    """Token agreement with jieba.lcut and tag agreement with jieba.posseg (not timed)."""
    import jieba
    import jieba.posseg
    import rjieba

    from multilat_nlp.stages.segment import Segmenter, SegmenterSettings
    from multilat_nlp.stages.tokenizer import PolicyTokenizer

    nlp = load_nlp()
    tagger = nlp.get_pipe("pos")
    tokenize = PolicyTokenizer(nlp.vocab, Segmenter().initialize(), {})
    bare = {"lexicons": (), "protect": (), "convert_traditional": False}
    engines = {
        "rjieba HMM on vs jieba HMM on": (lambda t: rjieba.cut(t, True), True),
        "rjieba HMM off vs jieba HMM off": (lambda t: rjieba.cut(t, False), False),
        "Segmenter bare rjieba HMM on vs jieba": (
            Segmenter(SegmenterSettings(**bare)).initialize().words,  # type: ignore[arg-type]
            True,
        ),
        "default Segmenter vs jieba HMM on": (Segmenter().initialize().words, True),
    }
    for module in ALTERNATIVES:
        try:
            alt = __import__(module)
        except ImportError:
            continue
        engines[f"{module} HMM on vs jieba HMM on"] = (alt.lcut, True)
    result: dict[str, Any] = {}
    for corpus, docs in texts.items():
        section: dict[str, Any] = {}
        for name, (cut, hmm) in engines.items():
            same_lines = 0
            f1s = []
            for doc in docs:
                mine, ref = cut(doc), jieba.lcut(doc, HMM=hmm)
                same_lines += mine == ref
                f1s.append((len(doc), _agreement(_spans(mine), _spans(ref))))
            chars = sum(n for n, _ in f1s)
            section[name] = {
                "identical_docs": f"{same_lines}/{len(docs)}",
                "token_f1": sum(n * f for n, f in f1s) / chars,
            }
        # POS: tags of tokens that both cut the same, and how many tokens that is.
        same = agree = theirs_total = 0
        confusions: dict[str, int] = {}
        for doc_text in docs:
            doc = tagger(tokenize(doc_text))
            mine = {(t.idx, t.idx + len(t.text)): t.tag_ for t in doc}
            position = 0
            for pair in jieba.posseg.lcut(doc_text):
                span = (position, position + len(pair.word))
                position = span[1]
                if pair.word.isspace():
                    continue
                theirs_total += 1
                if span in mine:
                    same += 1
                    if mine[span] == pair.flag:
                        agree += 1
                    else:
                        key = f"{pair.flag}->{mine[span]}"
                        confusions[key] = confusions.get(key, 0) + 1
        section["pos vs jieba.posseg"] = {
            "posseg_tokens": theirs_total,
            "same_token_share": same / theirs_total if theirs_total else 1.0,
            "tag_agreement_on_same_tokens": agree / same if same else 1.0,
            "top_differences": sorted(confusions.items(), key=lambda kv: -kv[1])[:8],
        }
        result[corpus] = section
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help="folder of .txt files")
    parser.add_argument("--chars", type=int, default=300_000, help="about this many characters")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pku", type=Path, default=DEFAULT_PKU, help="PKU raw, for agreement")
    parser.add_argument("--pkuseg-model", help="a pkuseg model folder, to time that engine too")
    parser.add_argument("--no-rss", action="store_true", help="skip the peak-RSS subprocesses")
    parser.add_argument("--no-agreement", action="store_true")
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    parser.add_argument("--rss-of", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    docs = load_docs(args.docs, args.chars)
    if args.rss_of:  # child mode: load one system, run it once, print peak RSS in MiB
        system = system_builders(args.pkuseg_model)[args.rss_of]()
        system(docs)
        print(_peak_rss_mib())
        return 0

    chars = sum(map(len, docs))
    print(f"{len(docs)} documents, {chars} characters, {args.rounds} rounds", file=sys.stderr)
    systems = build_systems(args.pkuseg_model)
    speeds = time_rounds(systems, docs, args.rounds)
    stage, posseg = pos_stage_run(docs)
    stage_speeds = time_rounds(
        {"POS stage alone": stage, "jieba.posseg.lcut (HMM)": posseg}, docs, args.rounds
    )

    seg_ref, pos_ref = "jieba.lcut (HMM)", "jieba.posseg.lcut (HMM)"
    rss_args = ["--docs", str(args.docs), "--chars", str(args.chars)]
    if args.pkuseg_model:
        rss_args += ["--pkuseg-model", args.pkuseg_model]
    print("| system | chars/s (median) | ÷ jieba.lcut | ÷ jieba.posseg | peak RSS MiB |")
    print("|---|---:|---:|---:|---:|")
    rows: dict[str, dict[str, float]] = {}
    for name in systems:
        rss = float("nan") if args.no_rss else peak_rss(name, rss_args)
        row = {
            "chars_per_s": statistics.median(speeds[name]),
            "vs_jieba_lcut": ratio(speeds, name, seg_ref),
            "vs_jieba_posseg": ratio(speeds, name, pos_ref),
            "peak_rss_mib": rss,
        }
        rows[name] = row
        print(
            f"| {name} | {row['chars_per_s']:,.0f} | {row['vs_jieba_lcut']:.2f} | "
            f"{row['vs_jieba_posseg']:.2f} | {rss:.0f} |"
        )
    stage_row = {
        "chars_per_s": statistics.median(stage_speeds["POS stage alone"]),
        "vs_jieba_posseg": ratio(stage_speeds, "POS stage alone", pos_ref),
    }
    rows["POS stage alone (pre-tokenized docs)"] = stage_row
    print(
        f"| POS stage alone (pre-tokenized docs) | {stage_row['chars_per_s']:,.0f} | | "
        f"{stage_row['vs_jieba_posseg']:.2f} | |"
    )

    summary: dict[str, Any] = {
        "chars": chars,
        "rounds": args.rounds,
        "segment_ratio": rows[DEFAULT_SEGMENTER]["vs_jieba_lcut"],
        "tokenizer_ratio": rows[TOKENIZER]["vs_jieba_lcut"],
        "pos_ratio": rows[TOKENIZE_AND_TAG]["vs_jieba_posseg"],
        "pos_stage_ratio": stage_row["vs_jieba_posseg"],
        "systems": rows,
    }
    if not args.no_agreement:
        texts = {"benchmark docs": docs}
        if args.pku.exists():
            texts["PKU test raw"] = [
                line for line in args.pku.read_text(encoding="utf-8").splitlines() if line
            ]
        summary["agreement"] = agreement(texts)
        print(json.dumps(summary["agreement"], ensure_ascii=False, indent=1))
    print(
        f"segment_ratio={summary['segment_ratio']:.2f} tokenizer_ratio="
        f"{summary['tokenizer_ratio']:.2f} pos_ratio={summary['pos_ratio']:.2f} "
        f"pos_stage_ratio={summary['pos_stage_ratio']:.2f}"
    )
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
