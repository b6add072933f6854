"""Train the entity stage's character tagger (``resources/models/ner_chars.npz``).

Training data, chosen by licence (docs/entities.md):
- silver labels on the 53 Government Work Reports (official documents, public domain): the
  PERSON/ORG/GPE/LOC mentions that the gazetteers and patterns put on them, with the model off;
- Weibo NER train (CC BY-SA 3.0, Peng & Dredze 2015 / He & Sun 2017): its named (``.NAM``)
  PER/ORG/GPE/LOC spans; nominal mentions (``.NOM``) are O, as in our guidelines.
People's Daily, CLUENER, MSRA and Resume are never used (their terms say research/evaluation, or
their train split is absent); dev and test splits are never read here.

    python benchmarks/train_ner.py --reports ../shared/eval/policy_gov_work_reports/docs \\
        --weibo ../shared/eval/ner_weibo/train/weiboNER_2nd_conll.train [--epochs 6]

The result is deterministic for a seed (the perceptron's shuffling uses numpy's seeded RNG).
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from multilat_nlp.entities.model import (
    MODEL_FILE,
    MODEL_LABELS,
    char_features,
    tag_ids,
    token_tags,
    train,
)
from multilat_nlp.pipeline import load

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "src" / "multilat_nlp" / "resources" / "models" / MODEL_FILE
WEIBO_LABELS = {"PER": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC"}
_SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")


def _tags_of(doc: Doc, start: int, end: int) -> list[str]:
    spans = [
        (t.idx - start, t.idx - start + len(t.text), t.tag_)
        for t in doc
        if t.idx >= start and t.idx + len(t.text) <= end
    ]
    return token_tags(spans, end - start)


def report_sentences(
    nlp: Language, folder: Path, max_chars: int
) -> list[tuple[list[list[str]], list[int]]]:
    """Silver sentences: every one with a name, and one in eight of the others."""
    out = []
    total = 0
    for path in sorted(folder.glob("*.txt")):
        doc = nlp(path.read_text(encoding="utf-8"))
        text = doc.text
        names = [e for e in doc.ents if e.label_ in MODEL_LABELS]
        for n, match in enumerate(_SENTENCE.finditer(text)):
            start, end = match.span()
            if end - start < 4:
                continue
            labels = ["O"] * (end - start)
            inside = [e for e in names if e.start_char >= start and e.end_char <= end]
            for e in inside:
                labels[e.start_char - start] = f"B-{e.label_}"
                for i in range(e.start_char - start + 1, e.end_char - start):
                    labels[i] = f"I-{e.label_}"
            if not inside and n % 8:
                continue
            out.append((char_features(text[start:end], _tags_of(doc, start, end)), tag_ids(labels)))
            total += end - start
            if total >= max_chars:
                return out
    return out


def weibo_sentences(nlp: Language, path: Path) -> list[tuple[list[list[str]], list[int]]]:
    out = []
    chars: list[str] = []
    labels: list[str] = []

    def flush() -> None:
        if not chars:
            return
        text = "".join(chars)
        doc = nlp(text)
        if doc.text == text:
            out.append((char_features(text, _tags_of(doc, 0, len(text))), tag_ids(labels)))
        chars.clear()
        labels.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            flush()
            continue
        token, _, tag = line.partition("\t")
        chars.append(token[:1])  # "char+position": the character is the first code point
        label = "O"
        if tag != "O" and tag.endswith(".NAM"):
            prefix, kind = tag[:-4].split("-", 1)
            if kind in WEIBO_LABELS:
                label = f"{prefix}-{WEIBO_LABELS[kind]}"
        labels.append(label)
    flush()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=Path, required=True)
    parser.add_argument("--weibo", type=Path)
    parser.add_argument("--max-report-chars", type=int, default=150_000)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument(
        "--weibo-weight",
        type=int,
        default=3,
        help="copies of the Weibo data (names are rare in reports)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    nlp = load("policy", disable=["keywords"], entities={"model": "off"})
    started = time.perf_counter()
    data = report_sentences(nlp, args.reports, args.max_report_chars)
    print(f"silver report sentences: {len(data)}")
    if args.weibo:
        weibo = weibo_sentences(nlp, args.weibo)
        print(f"weibo sentences: {len(weibo)}")
        data += weibo * args.weibo_weight
    print(f"data ready in {time.perf_counter() - started:.0f}s; training {args.epochs} epochs")
    tagger = train(data, epochs=args.epochs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tagger.save(args.out)
    print(f"{len(tagger.features)} features -> {args.out} ({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
