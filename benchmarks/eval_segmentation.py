"""Word-segmentation F1 of jieba and of every multilat_nlp engine setting, as a Markdown table.

Usage (from the repository root; the data paths default to ../shared/eval):

    python benchmarks/eval_segmentation.py [--sighan DIR] [--gsd DIR] [--pkuseg-model DIR] [--json]

Scores come from ``multilat_nlp.evaluate.segmentation.score_segmentation`` (a port of the
SIGHAN 2005 perl scorer), on the same input the CLI uses: one raw line at a time, whitespace
tokens dropped. OOV recall uses the SIGHAN training word lists. The anchor rows are the scores
measured with jieba 0.42.1 and THULAC 0.2.2 by the maintainers (note: on GSDSimp *test*; the
rows measured here are on GSDSimp *dev*, the split that is shipped).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from multilat_nlp.evaluate.segmentation import read_word_list, score_segmentation
from multilat_nlp.stages.segment import Engine, Segmenter, SegmenterSettings

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = ROOT.parent / "shared" / "eval"

ANCHORS = [
    ("jieba 0.42.1 (anchor, GSDSimp test)", "0.818", "0.813", "0.795"),
    ("THULAC 0.2.2 (anchor, GSDSimp test)", "0.923", "0.856", "0.780"),
]

Cut = Callable[[str], list[str]]


def corpora(sighan: Path, gsd: Path) -> dict[str, tuple[Path, Path, Path | None]]:
    return {
        "PKU": (
            sighan / "test/raw/pku_test.utf8",
            sighan / "test/gold/pku_test_gold.utf8",
            sighan / "train_wordlists/pku_training_words.utf8",
        ),
        "MSR": (
            sighan / "test/raw/msr_test.utf8",
            sighan / "test/gold/msr_test_gold.utf8",
            sighan / "train_wordlists/msr_training_words.utf8",
        ),
        "GSDSimp dev": (gsd / "gsdsimp_dev_raw.utf8", gsd / "gsdsimp_dev_gold.utf8", None),
    }


def systems(pkuseg_model: str | None) -> dict[str, Cut]:
    """Every setting to score; each is a ``line -> words`` function."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()

    def ours(**settings: Any) -> Cut:
        return Segmenter(SegmenterSettings(**settings)).initialize().words

    def shipped() -> Cut:
        from multilat_nlp import load

        tokenizer: Any = load().tokenizer  # the CleaningTokenizer: it has the segmenter
        segmenter: Segmenter = tokenizer.segmenter
        return segmenter.words

    bare = {"lexicons": (), "protect": (), "convert_traditional": False}
    found: dict[str, Cut] = {
        "jieba.lcut, HMM on (reference)": lambda line: jieba.lcut(line),
        "jieba.lcut, HMM off": lambda line: jieba.lcut(line, HMM=False),
        "engine jieba (private Tokenizer), HMM on": ours(engine=Engine.JIEBA, **bare),
        "engine rjieba, HMM on": ours(engine=Engine.RJIEBA, **bare),
        "engine rjieba, HMM off": ours(engine=Engine.RJIEBA, hmm=False, **bare),
        "rjieba + protected spans, HMM on": ours(lexicons=(), convert_traditional=False),
        "rjieba + policy lexicon, HMM on": ours(protect=(), convert_traditional=False),
        "**default pipeline** (rjieba + policy lexicon + protected spans, HMM on)": ours(),
        "fast pipeline (default, HMM off)": ours(hmm=False),
        # What `multilat-nlp evaluate segmentation` scores: the segmenter of load(), whose
        # dictionary also holds the stages' words (the entity gazetteers' names, issue 10).
        "shipped policy pipeline, load() (+ the entity gazetteers' names)": shipped(),
    }
    if pkuseg_model:
        found["engine pkuseg (given model) + policy lexicon + protected spans"] = ours(
            engine=Engine.PKUSEG, pkuseg_model=pkuseg_model
        )
    for module in ("jieba_fast_dat", "jieba_next"):  # evaluated alternatives, when installed
        try:
            alt = __import__(module)
        except ImportError:
            continue
        setter = getattr(alt, "set_log_level", None) or getattr(alt, "setLogLevel", None)
        if setter is not None:
            setter(logging.WARNING)
        alt.initialize()
        found[f"{module}.lcut, HMM on (evaluated, not used)"] = alt.lcut
    return found


def evaluate(cut: Cut, raw: Path, gold: Path, words: Path | None) -> dict[str, Any]:
    raw_lines = raw.read_text(encoding="utf-8").splitlines()
    gold_lines = gold.read_text(encoding="utf-8").splitlines()
    start = time.perf_counter()
    predicted = [[w for w in cut(line) if not w.isspace()] for line in raw_lines]
    seconds = time.perf_counter() - start
    result = score_segmentation(
        gold_lines, predicted, train_words=read_word_list(words) if words else None
    )
    result["seconds"] = seconds
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sighan", type=Path, default=DEFAULT_EVAL / "cws_sighan2005")
    parser.add_argument("--gsd", type=Path, default=DEFAULT_EVAL / "cws_ud_gsdsimp" / "dev")
    parser.add_argument("--pkuseg-model", help="a pkuseg model folder, to score that engine too")
    parser.add_argument("--json", action="store_true", help="also print all scores as JSON")
    args = parser.parse_args(argv)

    data = corpora(args.sighan, args.gsd)
    missing = [str(p) for paths in data.values() for p in paths if p and not p.exists()]
    if missing:
        print(f"missing evaluation data: {missing}", file=sys.stderr)
        return 2
    results: dict[str, dict[str, dict[str, Any]]] = {}
    for name, cut in systems(args.pkuseg_model).items():
        results[name] = {corpus: evaluate(cut, *paths) for corpus, paths in data.items()}
        print(f"scored {name}", file=sys.stderr)

    print("| tool | PKU F1 (OOV R) | MSR F1 (OOV R) | GSDSimp dev F1 |")
    print("|---|---|---|---|")
    for name, scores in results.items():
        cells = []
        for corpus in data:
            s = scores[corpus]
            cell = f"{s['f1']:.4f}"
            if s.get("oov_recall") is not None:
                cell += f" ({s['oov_recall']:.3f})"
            cells.append(cell)
        print(f"| {name} | " + " | ".join(cells) + " |")
    for row in ANCHORS:
        print("| " + " | ".join(row) + " |")
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
