"""Train the entity stage's character tagger (``resources/models/ner_chars.npz``).

Training data, chosen by licence (docs/entities.md):
- silver labels on the 53 Government Work Reports (official documents, public domain): the
  PERSON/ORG/GPE/LOC mentions that the gazetteers and patterns put on them, with the model off;
- Weibo NER train (CC BY-SA 3.0, Peng & Dredze 2015 / He & Sun 2017): its named (``.NAM``)
  PER/ORG/GPE/LOC spans; nominal mentions (``.NOM``) are O, as in our guidelines.
People's Daily, CLUENER, MSRA and Resume are never used (their terms say research/evaluation, or
their train split is absent); dev and test splits are never read here.

Each sentence with a name is also copied ``--augment`` times with every name replaced by another
of its label (the same context, a new name): Chinese names made from the shipped surname table
and given-name characters (the reports' Han characters, less ``names.NOT_GIVEN``), foreign names
from the transliteration characters, places and organisations from the shipped gazetteers and
the names of the training data itself. The tagger so learns contexts and name shapes, not the
few hundred names that 1,350 Weibo sentences and the reports' silver labels hold.

    python benchmarks/train_ner.py --reports ../shared/eval/policy_gov_work_reports/docs \\
        --weibo ../shared/eval/ner_weibo/train/weiboNER_2nd_conll.train [--epochs 5 --augment 0]

The result is deterministic for a seed (the perceptron's shuffling uses numpy's seeded RNG).
"""

from __future__ import annotations

import argparse
import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from multilat_nlp.entities.gazetteer import load_gazetteers
from multilat_nlp.entities.model import (
    MODEL_FILE,
    MODEL_LABELS,
    bio_spans,
    char_features,
    tag_ids,
    token_tags,
    train,
)
from multilat_nlp.entities.names import NOT_GIVEN, name_tables
from multilat_nlp.pipeline import load

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "src" / "multilat_nlp" / "resources" / "models" / MODEL_FILE
WEIBO_LABELS = {"PER": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC"}
_SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")
_HAN = re.compile(r"[\u4e00-\u9fff]")

#: A training sentence: its text and its names (start, end, label).
Raw = tuple[str, list[tuple[int, int, str]]]
Example = tuple[list[list[str]], list[int]]


def _tags_of(doc: Doc, start: int, end: int) -> list[str]:
    spans = [
        (t.idx - start, t.idx - start + len(t.text), t.tag_)
        for t in doc
        if t.idx >= start and t.idx + len(t.text) <= end
    ]
    return token_tags(spans, end - start)


def _labels(length: int, spans: Iterable[tuple[int, int, str]]) -> list[str]:
    labels = ["O"] * length
    for start, end, label in spans:
        labels[start] = f"B-{label}"
        for i in range(start + 1, end):
            labels[i] = f"I-{label}"
    return labels


def report_sentences(
    nlp: Language, folder: Path, max_chars: int
) -> tuple[list[Example], list[Raw], Counter[str]]:
    """Silver sentences: every one with a name, and one in eight of the others; also the raw
    sentences with names and the Han characters of every report read."""
    out: list[Example] = []
    raw: list[Raw] = []
    chars: Counter[str] = Counter()
    total = 0
    for path in sorted(folder.glob("*.txt")):
        doc = nlp(path.read_text(encoding="utf-8"))
        text = doc.text
        chars.update(_HAN.findall(text))
        names = [e for e in doc.ents if e.label_ in MODEL_LABELS]
        for n, match in enumerate(_SENTENCE.finditer(text)):
            start, end = match.span()
            if end - start < 4:
                continue
            inside = [
                (e.start_char - start, e.end_char - start, e.label_)
                for e in names
                if e.start_char >= start and e.end_char <= end
            ]
            if not inside and n % 8:
                continue
            labels = _labels(end - start, inside)
            out.append((char_features(text[start:end], _tags_of(doc, start, end)), tag_ids(labels)))
            if inside:
                raw.append((text[start:end], inside))
            total += end - start
            if total >= max_chars:
                return out, raw, chars
    return out, raw, chars


def weibo_sentences(nlp: Language, path: Path) -> tuple[list[Example], list[Raw]]:
    out: list[Example] = []
    raw: list[Raw] = []
    chars: list[str] = []
    labels: list[str] = []

    def flush() -> None:
        if not chars:
            return
        text = "".join(chars)
        doc = nlp(text)
        if doc.text == text:
            out.append((char_features(text, _tags_of(doc, 0, len(text))), tag_ids(labels)))
            spans = bio_spans(tag_ids(labels))
            if spans:
                raw.append((text, spans))
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
    return out, raw


class NamePools:
    """Where a replacement name comes from, per label (see the module's docstring)."""

    def __init__(self, raw: Sequence[Raw], han: Counter[str], rng: numpy.random.Generator):
        self.rng = rng
        tables = name_tables()
        self.surnames = sorted(tables.common)
        self.compound = sorted(tables.compound)
        self.translit = sorted(tables.transliteration)
        not_given = frozenset(NOT_GIVEN) | tables.common | tables.ambiguous
        frequent = [c for c, _ in han.most_common(3000) if c not in not_given]
        self.given = frequent[:2000]
        self.seen: dict[str, list[str]] = {label: [] for label in MODEL_LABELS}
        for text, spans in raw:
            for start, end, label in spans:
                self.seen[label].append(text[start:end])
        self.listed: dict[str, list[str]] = {label: [] for label in MODEL_LABELS}
        for entry in load_gazetteers():
            if entry.label in self.listed:
                self.listed[entry.label].extend(
                    z for z in (*entry.zh, *entry.aliases) if _HAN.match(z)
                )
        for label in MODEL_LABELS:
            self.seen[label] = sorted(set(self.seen[label]))
            self.listed[label] = sorted(set(self.listed[label]))

    def _pick(self, items: Sequence[str]) -> str:
        return items[int(self.rng.integers(len(items)))]

    def name(self, label: str) -> str:
        draw = float(self.rng.random())
        if label == "PERSON":
            if draw < 0.6:
                surname = self._pick(self.compound if draw < 0.03 else self.surnames)
                given = 1 + int(self.rng.random() < 0.7)
                return surname + "".join(self._pick(self.given) for _ in range(given))
            if draw < 0.8:
                return "".join(
                    self._pick(self.translit) for _ in range(int(self.rng.integers(2, 5)))
                )
            return self._pick(self.seen[label])
        listed, seen = self.listed[label], self.seen[label]
        if seen and (draw < 0.3 or not listed):
            return self._pick(seen)
        return self._pick(listed)


def augmented(raw: Sequence[Raw], pools: NamePools, copies: int) -> list[Raw]:
    """``copies`` of each sentence, every name replaced by one ``pools`` draws."""
    out = []
    for text, spans in raw:
        for _ in range(copies):
            pieces, new_spans, at, length = [], [], 0, 0
            for start, end, label in sorted(spans):
                if start < at:
                    continue
                name = pools.name(label)
                length += start - at
                new_spans.append((length, length + len(name), label))
                length += len(name)
                pieces += (text[at:start], name)
                at = end
            pieces.append(text[at:])
            out.append(("".join(pieces), new_spans))
    return out


def examples(nlp: Language, raw: Sequence[Raw]) -> list[Example]:
    out = []
    for (text, spans), doc in zip(raw, nlp.pipe([t for t, _ in raw], batch_size=256), strict=True):
        if doc.text != text:
            continue
        labels = _labels(len(text), spans)
        out.append((char_features(text, _tags_of(doc, 0, len(text))), tag_ids(labels)))
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
        help="copies of the Weibo data as it is (names are rare in reports)",
    )
    parser.add_argument(
        "--augment",
        type=int,
        default=0,
        help="copies of each sentence with its names replaced (4 did not help on the dev sets)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    nlp = load("policy", disable=["keywords"], entities={"model": "off"})
    started = time.perf_counter()
    data, raw, han = report_sentences(nlp, args.reports, args.max_report_chars)
    print(f"silver report sentences: {len(data)}")
    if args.weibo:
        weibo, weibo_raw = weibo_sentences(nlp, args.weibo)
        print(f"weibo sentences: {len(weibo)}")
        data += weibo * args.weibo_weight
        raw += weibo_raw
    if args.augment:
        pools = NamePools(raw, han, numpy.random.default_rng(args.seed))
        tokens_only = load("policy", disable=["keywords", "entities", "arguments"])
        extra = examples(tokens_only, augmented(raw, pools, args.augment))
        print(f"augmented sentences: {len(extra)}")
        data += extra
    print(f"data ready in {time.perf_counter() - started:.0f}s; training {args.epochs} epochs")
    tagger = train(data, epochs=args.epochs, seed=args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tagger.save(args.out)
    print(f"{len(tagger.features)} features -> {args.out} ({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
