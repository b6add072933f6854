"""Entity P/R/F1 per label on the seed gold, People's Daily dev and CLUENER dev, beside the anchors.

Exact-span scoring, as ``multilat-nlp evaluate entities`` does it (the same readers and scorer).
Each data set is read from ../shared (paths are arguments; nothing is copied into the project):

    python benchmarks/eval_entities.py [--pipeline policy] [--shared ../shared] [--json]

Also prints the seed's alias-linking share: of the gold entities written in two or more surface
forms, the share whose mentions are all found at the gold span and all carry one canonical id.
Nothing here is fitted: the data is only scored.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from spacy.language import Language

from multilat_nlp.document import to_input_spans
from multilat_nlp.evaluate.formats import CLUENER_PER_LOC_ORG, read_span_documents
from multilat_nlp.evaluate.runner import _entities_in_input
from multilat_nlp.evaluate.spans import score_spans
from multilat_nlp.pipeline import load

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"

PD_MAP: dict[str, str | list[str]] = {"PER": "PERSON", "LOC": ["GPE", "LOC", "FAC"], "ORG": "ORG"}
CLUENER_MAPPED: dict[str, str | list[str]] = CLUENER_PER_LOC_ORG
#: Every CLUENER type with its nearest label of ours; position has none ("(none)" is never predicted).
CLUENER_TYPES: dict[str, str | list[str]] = {
    **CLUENER_MAPPED,
    "book": "WORK_OF_ART",
    "movie": "WORK_OF_ART",
    "game": "WORK_OF_ART",
    "position": "(none)",
    "scene": ["FAC", "LOC"],
}

#: The issue's anchors (P, R, F1), PER/LOC/ORG only; People's Daily and MSRA on their *test*.
ANCHORS = {
    "seed": {"jieba": (0.58, 0.57, 0.57), "THULAC": (0.68, 0.54, 0.61), "LAC": (0.81, 0.72, 0.76)},
    "pd": {"jieba": (0.52, 0.57, 0.54), "THULAC": (0.77, 0.59, 0.67), "LAC": (0.75, 0.68, 0.72)},
    "cluener": {"jieba": (0.23, 0.30, 0.26), "THULAC": (0.32, 0.28, 0.30), "LAC": (0.51, 0.59, 0.55)},
}  # fmt: skip
#: Published CLUENER2020 overall F1 (x100) on the official *test* split (arXiv:2001.04351), as
#: the issue quotes them; the per-type figures are not reproduced here (not verifiable offline).
CLUENER_PUBLISHED = {"BiLSTM-CRF": 70.0, "BERT": 78.8}


def predict(nlp: Language, texts: list[str]) -> tuple[list[list[tuple[int, int, str]]], float]:
    start = time.perf_counter()
    predicted = [_entities_in_input(doc) for doc in nlp.pipe(texts)]
    return predicted, time.perf_counter() - start


def _row(name: str, p: float, r: float, f: float, support: int | str = "") -> str:
    return f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} | {support} |"


def print_table(title: str, result: dict[str, Any], anchors: dict[str, tuple[float, ...]]) -> None:
    print(f"\n### {title}\n")
    print("| label | P | R | F1 | gold |")
    print("|---|---|---|---|---|")
    for label, cell in sorted(result["per_label"].items()):
        print(_row(label, cell["precision"], cell["recall"], cell["f1"], cell["support"]))
    print(_row("**overall (micro)**", result["precision"], result["recall"], result["f1"]))
    for tool, (p, r, f) in anchors.items():
        print(_row(f"anchor: {tool}", p, r, f, "PER/LOC/ORG"))


def alias_linking(nlp: Language, seed_text: str, gold_path: Path) -> dict[str, Any]:
    """Share of multi-surface gold entities whose mentions are all found with one id."""
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines()]
    doc = nlp(seed_text)
    predicted = {}
    for ent in doc.ents:  # in the offsets of the file, as the gold (the cleaner moves text)
        pieces = to_input_spans(doc, ent.start_char, ent.end_char)
        if pieces:
            predicted[(pieces[0][0], pieces[-1][1])] = ent.kb_id_
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for record in gold:
        if record.get("canonical") and not record.get("fragment"):
            groups[(record["label"], record["canonical"])].append(record)
    multi = {k: v for k, v in groups.items() if len({r["text"] for r in v}) >= 2}
    linked = found_linked = 0
    for mentions in multi.values():
        ids = [predicted.get((m["start"], m["end"])) for m in mentions]
        found = [i for i in ids if i]
        if found and len(set(found)) == 1:
            found_linked += 1
            if len(found) == len(ids):
                linked += 1
    return {"entities": len(multi), "all_found_one_id": linked, "found_share_one_id": found_linked}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pipeline", default="policy")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    shared: Path = args.shared
    nlp = load(args.pipeline)
    out: dict[str, Any] = {"pipeline": args.pipeline}

    seed_doc = shared / "design" / "gold" / "seed_entities_doc.jsonl"
    docs = read_span_documents(seed_doc, "offsets")
    predicted, _ = predict(nlp, [d.text for d in docs])
    out["seed"] = score_spans(docs, predicted)
    out["seed_per_loc_org"] = score_spans(
        docs, predicted, label_map={"PERSON": "PERSON", "GPE": "GPE", "LOC": "LOC", "ORG": "ORG"}
    )
    seed_text = (shared / "seed" / "000_cd34105e53f3530d.txt").read_text(encoding="utf-8")
    out["alias_linking"] = alias_linking(nlp, seed_text, shared / "design/gold/seed_entities.jsonl")

    pd_docs = read_span_documents(shared / "eval/ner_peoples_daily/dev/example.dev", "bio")
    predicted, seconds = predict(nlp, [d.text for d in pd_docs])
    out["pd_dev"] = score_spans(pd_docs, predicted, label_map=PD_MAP)
    out["pd_dev"]["chars_per_s"] = sum(len(d.text) for d in pd_docs) / seconds

    cl_docs = read_span_documents(shared / "eval/ner_cluener2020/dev/dev.jsonl", "cluener")
    predicted, _ = predict(nlp, [d.text for d in cl_docs])
    out["cluener_mapped"] = score_spans(cl_docs, predicted, label_map=CLUENER_MAPPED)
    out["cluener_types"] = score_spans(cl_docs, predicted, label_map=CLUENER_TYPES)

    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return
    print(f"pipeline: {args.pipeline}")
    print_table("Seed gold, every label", out["seed"], {})
    print_table("Seed gold, PERSON/GPE/LOC/ORG", out["seed_per_loc_org"], ANCHORS["seed"])
    alias = out["alias_linking"]
    print(
        f"\nAlias linking (seed): {alias['all_found_one_id']}/{alias['entities']} multi-form "
        f"entities have every mention found with one id; {alias['found_share_one_id']}/"
        f"{alias['entities']} give one id to the mentions found."
    )
    print_table("People's Daily dev, PER/LOC/ORG (anchors: test)", out["pd_dev"], ANCHORS["pd"])
    print_table(
        "CLUENER dev, name/address/organization+company+government",
        out["cluener_mapped"],
        ANCHORS["cluener"],
    )
    print("\n### CLUENER dev per type (F1 x100); published overall on the official test\n")
    print("| type | P | R | F1 | gold |")
    print("|---|---|---|---|---|")
    for label, cell in sorted(out["cluener_types"]["per_label"].items()):
        print(
            f"| {label} | {100 * cell['precision']:.1f} | {100 * cell['recall']:.1f} "
            f"| {100 * cell['f1']:.1f} | {cell['support']} |"
        )
    print(f"| overall (ours, dev) | | | {100 * out['cluener_types']['f1']:.1f} | |")
    for name, f1 in CLUENER_PUBLISHED.items():
        print(f"| overall, {name} (published, test) | | | {f1} | |")


if __name__ == "__main__":
    main()
