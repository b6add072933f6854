"""Structure on real documents: title, authors, keywords, abstract, headings, footnotes vs gold.

    python benchmarks/eval_structure.py GOLD.jsonl ROOT [--json]

``GOLD.jsonl`` has one object per file (``file`` relative to ``ROOT``) with the fields of
``policy_papers_dev/SOURCE.txt``: ``title``, ``authors``, ``declared_keywords``,
``abstract_start`` / ``abstract_end`` (first / last 12 characters of the abstract body),
``first_level_headings`` (without numbers) and ``footnote_count``. The conventions are the
gold's: strings compare after NFKC and with all whitespace removed; a field is scored only where
the gold has a value (``null``, ``""`` and ``[]`` are not scored, except ``footnote_count`` 0,
which is a verified "none"). A footnote count is right within 10 % of the gold.

Each file runs through :func:`multilat_nlp.analyze` (reader, clean-up, structure) as an API
user would. The table is per document plus totals; the last line is one JSON object (the
scoreboard prints it). Nothing here is fitted: the data is only scored.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_SPACE = re.compile(r"\s+")
FOOTNOTE_TOLERANCE = 0.10
FIELDS = ("title", "authors", "keywords", "abstract_start", "abstract_end", "footnotes")


def norm(text: str) -> str:
    """The gold's comparison form: NFKC, no whitespace."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


@dataclass
class Prediction:
    """What the library found in one file, as plain strings and counts."""

    title: str = ""
    authors: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    abstract: str = ""
    headings: list[str] = field(default_factory=list)
    footnotes: int = 0
    error: str | None = None


def predict(path: Path) -> Prediction:
    """Analyse ``path`` with the library's own entry point and pick out the scored fields."""
    import multilat_nlp

    try:
        if hasattr(multilat_nlp, "analyze"):
            doc = multilat_nlp.analyze(path, nlp=_pipeline())
        else:  # a version before the file entry point: what the CLI did
            doc = _pipeline()(multilat_nlp.read(path).text)
    except multilat_nlp.MultilatError as exc:
        return Prediction(error=f"{type(exc).__name__}: {exc}")
    meta: Mapping[str, Any] = doc._.meta or {}
    abstract = meta.get("abstract") or None
    abstract_text = doc.text[abstract["start"] : abstract["end"]] if abstract else ""
    sections: Sequence[Mapping[str, Any]] = doc._.sections or []
    return Prediction(
        title=str(meta.get("title") or ""),
        authors=[str(a) for a in meta.get("authors") or []],
        keywords=[str(k) for k in meta.get("declared_keywords") or []],
        abstract=abstract_text,
        headings=[str(s["title"]) for s in sections if s.get("parent") is None],
        footnotes=len(doc._.footnotes or []),
    )


_NLP: Any = None


def _pipeline() -> Any:
    """Structure needs no POS or keywords; one pipeline serves every file."""
    global _NLP
    if _NLP is None:
        import multilat_nlp

        _NLP = multilat_nlp.load(disable=["sentences", "pos", "entities", "keywords", "arguments"])
    return _NLP


def score(gold: Mapping[str, Any], pred: Prediction) -> dict[str, Any]:
    """Per-field verdicts (True/False, None = not scored) and heading match counts."""
    out: dict[str, Any] = {name: None for name in FIELDS}
    out["headings"] = None
    if gold.get("title"):
        out["title"] = norm(pred.title) == norm(gold["title"])
    if gold.get("authors"):
        out["authors"] = sorted(map(norm, pred.authors)) == sorted(map(norm, gold["authors"]))
    if gold.get("declared_keywords"):
        out["keywords"] = list(map(norm, pred.keywords)) == list(
            map(norm, gold["declared_keywords"])
        )
    abstract = norm(pred.abstract)
    if gold.get("abstract_start"):
        out["abstract_start"] = bool(abstract) and abstract.startswith(norm(gold["abstract_start"]))
    if gold.get("abstract_end"):
        out["abstract_end"] = bool(abstract) and abstract.endswith(norm(gold["abstract_end"]))
    if gold.get("footnote_count") is not None:
        expected = int(gold["footnote_count"])
        out["footnotes"] = abs(pred.footnotes - expected) <= FOOTNOTE_TOLERANCE * expected
    if gold.get("first_level_headings"):
        wanted = Counter(map(norm, gold["first_level_headings"]))
        found = Counter(map(norm, pred.headings))
        out["headings"] = {
            "tp": sum((wanted & found).values()),
            "gold": sum(wanted.values()),
            "pred": sum(found.values()),
        }
    return out


def f1(tp: int, gold: int, pred: int) -> float:
    return 0.0 if tp == 0 else 2 * tp / (gold + pred)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("gold", type=Path, help="gold.jsonl")
    parser.add_argument("root", type=Path, help="folder the gold's file paths are relative to")
    parser.add_argument("-v", "--verbose", action="store_true", help="print misses")
    args = parser.parse_args(argv)
    golds = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    mark = {True: "ok", False: "--", None: ""}
    header = ["file", "read", *FIELDS, "headings P/R/F1"]
    rows: list[list[str]] = []
    totals: dict[str, list[int]] = {name: [0, 0] for name in FIELDS}
    heading_totals = [0, 0, 0]
    read_ok = 0
    for gold in golds:
        pred = predict(args.root / gold["file"])
        verdict = score(gold, pred)
        read_ok += pred.error is None
        for name in FIELDS:
            if verdict[name] is not None:
                totals[name][0] += bool(verdict[name])
                totals[name][1] += 1
        cell = ""
        if verdict["headings"]:
            h = verdict["headings"]
            heading_totals = [a + b for a, b in zip(heading_totals, (h["tp"], h["gold"], h["pred"]),
                                                    strict=True)]
            cell = (f"{h['tp']}/{h['pred']} {h['tp']}/{h['gold']} "
                    f"{f1(h['tp'], h['gold'], h['pred']):.2f}")
        name = Path(gold["file"]).stem[:34]
        rows.append([name, "ok" if pred.error is None else "FAIL",
                     *(mark[verdict[f]] for f in FIELDS), cell])
        if args.verbose:
            _explain(gold, pred, verdict)
    tp, n_gold, n_pred = heading_totals
    total_row = ["TOTAL", f"{read_ok}/{len(golds)}",
                 *(f"{totals[f][0]}/{totals[f][1]}" for f in FIELDS),
                 f"{tp}/{n_pred} {tp}/{n_gold} {f1(tp, n_gold, n_pred):.2f}"]
    widths = [max(len(r[i]) for r in [header, *rows, total_row]) for i in range(len(header))]
    for row in [header, *rows, total_row]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    summary = {
        "files": len(golds),
        "read": read_ok,
        **{f: f"{totals[f][0]}/{totals[f][1]}" for f in FIELDS},
        "headings_f1": round(f1(tp, n_gold, n_pred), 3),
        "headings_precision": round(tp / n_pred, 3) if n_pred else 0.0,
        "headings_recall": round(tp / n_gold, 3) if n_gold else 0.0,
    }
    print(json.dumps(summary, ensure_ascii=False))
    return 0


def _explain(gold: Mapping[str, Any], pred: Prediction, verdict: Mapping[str, Any]) -> None:
    """Misses of one document, on stderr, for working on failure classes."""
    out = sys.stderr
    print(f"== {gold['file']}" + (f"  ERROR {pred.error}" if pred.error else ""), file=out)
    if verdict["title"] is False:
        print(f"  title  {pred.title!r}\n   gold  {gold['title']!r}", file=out)
    if verdict["authors"] is False:
        print(f"  authors {pred.authors} gold {gold['authors']}", file=out)
    if verdict["keywords"] is False:
        print(f"  keywords {pred.keywords} gold {gold['declared_keywords']}", file=out)
    if verdict["abstract_start"] is False or verdict["abstract_end"] is False:
        a = norm(pred.abstract)
        print(f"  abstract {a[:20]!r}…{a[-20:]!r} gold {gold['abstract_start']!r}…"
              f"{gold['abstract_end']!r}", file=out)
    if verdict["footnotes"] is False:
        print(f"  footnotes {pred.footnotes} gold {gold['footnote_count']}", file=out)
    h = verdict["headings"]
    if h and h["tp"] < max(h["gold"], h["pred"]):
        print(f"  headings {[norm(x) for x in pred.headings][:15]}\n   gold {gold['first_level_headings']}",
              file=out)


if __name__ == "__main__":
    sys.exit(main())
