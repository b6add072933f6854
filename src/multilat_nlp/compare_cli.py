"""``multilat-nlp compare`` and ``multilat-nlp trend``, and the comparison kinds of ``chart``.

Inputs are files or folders: our JSON outputs are read as they are (nothing re-analysed), text,
PDF, .docx and HTML files go through the pipeline first.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from multilat_nlp._io import atomic_write_bytes
from multilat_nlp.comparison import STATISTICS, Comparison, compare
from multilat_nlp.corpus import Corpus, CorpusError

__all__ = ["add_compare_commands", "draw_comparison_chart", "load_corpus", "parse_selector"]

CHART_FORMATS = (".png", ".svg", ".pdf")
COMPARISON_CHART_KINDS = ("keyness", "scatter", "trend", "dispersion")
_RANGE = re.compile(r"^\s*(-?\d+)\s*[-–~:]\s*(-?\d+)\s*$")

_COMPARE_EPILOG = """\
examples:
  multilat-nlp compare paper_a.json --vs paper_b.json
  multilat-nlp compare think_tank/ --vs reports/ --stat g2 --top 20 --csv keys.csv
  multilat-nlp compare reports_json/ --by year --target 2012-2022 --reference 1978-2011 \\
      --chart keyness.png
  multilat-nlp compare paper.json --by section --target '^四' --chart-kind scatter --chart s.png
  multilat-nlp compare papers/ --by group --meta groups.csv --target 智库
--target/--reference select on --by: "2012-2022" is a range of numbers, "a,b" a list, and for
--by section a regular expression on the heading path. Without --reference the rest is the
reference; without --vs and --target every group is compared with the rest.
--csv writes every term (ranked); the table and --json show --top terms of each side."""


def parse_selector(text: str, by: str) -> Any:
    """``2012-2022`` -> range, ``a,b`` -> set, and a regex for sections."""
    if by == "section":
        return re.compile(text)
    found = _RANGE.match(text)
    if found:
        return range(int(found.group(1)), int(found.group(2)) + 1)
    values: set[Any] = set()
    for part in text.split(","):
        part = part.strip()
        if part:
            values.add(int(part) if re.fullmatch(r"-?\d+", part) else part)
    return values


def _corpus_settings(args: argparse.Namespace, phrases: Sequence[str] = ()) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    if getattr(args, "no_stopwords", False):
        settings["stopwords"] = ()
    if getattr(args, "pos", None):
        settings["include_pos"] = frozenset(p.strip().upper() for p in args.pos.split(","))
    ngrams = getattr(args, "ngrams", None)
    if ngrams:
        low, _, high = ngrams.partition("-")
        settings["ngrams"] = (int(low), int(high or low))
    extra = [p.strip() for p in (getattr(args, "phrases", None) or "").split(",") if p.strip()]
    settings["phrases"] = tuple(dict.fromkeys([*phrases, *extra]))
    if getattr(args, "keyword_phrases", False):
        settings["keyword_phrases"] = True
    return settings


def load_corpus(paths: Sequence[Path], args: argparse.Namespace,
                load_nlp: Callable[[], Any], phrases: Sequence[str] = ()) -> Corpus:
    """A Corpus from the command's inputs and filter options."""
    try:
        return Corpus.from_paths(paths, meta=args.meta, load_nlp=load_nlp,
                                 **_corpus_settings(args, phrases))
    except TypeError as exc:  # pragma: no cover - a bad option combination
        raise CorpusError(str(exc)) from exc


def add_compare_commands(
    commands: Any, add_pipeline_options: Callable[[argparse.ArgumentParser], None],
    load_nlp: Callable[[argparse.Namespace], Any],
) -> None:
    """Register ``compare`` and ``trend`` on the CLI's sub-command parser."""
    cmp = commands.add_parser(
        "compare", help="key terms of one set of documents against another",
        epilog=_COMPARE_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    cmp.add_argument("inputs", nargs="+", type=Path, metavar="A",
                     help="target: files (.json/.txt/.pdf/.docx/.html) or folders")
    cmp.add_argument("--vs", nargs="+", type=Path, metavar="B", help="reference files/folders")
    cmp.add_argument("--by", help="year, section, label, document or a metadata field")
    cmp.add_argument("--target", help="which --by values are the target")
    cmp.add_argument("--reference", help="which --by values are the reference (default: rest)")
    cmp.add_argument("--stat", default="lrc", choices=sorted(STATISTICS),
                     help="ranking statistic (lrc)")
    cmp.add_argument("--unit", default="token", choices=["token", "document"],
                     help="count tokens, or documents containing the term (token)")
    cmp.add_argument("--top", type=int, default=30, help="terms per side shown (30; 0 = all)")
    cmp.add_argument("--min-freq", type=int, default=3, help="minimum frequency (3)")
    cmp.add_argument("--correction", default="bonferroni",
                     choices=["bonferroni", "fdr_bh", "none"])
    cmp.add_argument("--chart", type=Path, help="draw a chart: OUT.png|svg|pdf")
    cmp.add_argument("--chart-kind", default="keyness", choices=["keyness", "scatter"])
    cmp.add_argument("--csv", type=Path, help="write every term's record as CSV")
    cmp.add_argument("--json", action="store_true", help="print JSON instead of a table")
    _add_corpus_options(cmp)
    add_pipeline_options(cmp)
    cmp.set_defaults(handler=lambda a: _cmd_compare(a, lambda: load_nlp(a)))

    trend = commands.add_parser("trend", help="how often terms occur over the years")
    trend.add_argument("inputs", nargs="+", type=Path, metavar="FOLDER")
    trend.add_argument("--terms", required=True, help="comma-separated terms (kept whole)")
    trend.add_argument("--by", default="year", help="the field for the x axis (year)")
    trend.add_argument("--chart", type=Path, help="draw the trend chart: OUT.png|svg|pdf")
    trend.add_argument("--csv", type=Path, help="write the records as CSV")
    trend.add_argument("--json", action="store_true", help="print JSON lines")
    _add_corpus_options(trend)
    add_pipeline_options(trend)
    trend.set_defaults(handler=lambda a: _cmd_trend(a, lambda: load_nlp(a)))


def _add_corpus_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--meta", type=Path, help="CSV of metadata (file column + fields)")
    parser.add_argument("--phrases", help="comma-separated phrases counted as one term")
    parser.add_argument("--keyword-phrases", action="store_true",
                        help="count each document's extracted keywords as whole terms")
    parser.add_argument("--pos", help="keep only these POS, e.g. NOUN,VERB,PROPN")
    parser.add_argument("--ngrams", help="n-gram range, e.g. 1-2 (words joined by a space)")
    parser.add_argument("--no-stopwords", action="store_true", help="keep stopwords")
    parser.add_argument("--font", help="a font family or file to use before the bundled one")
    parser.add_argument("--title", help="the chart title")


def _sides(args: argparse.Namespace, load_nlp: Callable[[], Any]
           ) -> list[tuple[str, Corpus, Corpus]]:
    """(group name, target, reference) pairs the arguments ask for."""
    corpus = load_corpus(args.inputs, args, load_nlp)
    if args.vs:
        reference = load_corpus(args.vs, args, load_nlp)
        if args.by and args.target:
            corpus = _select(corpus, args.by, parse_selector(args.target, args.by))
        if args.by and args.reference:
            reference = _select(reference, args.by, parse_selector(args.reference, args.by))
        return [("", corpus, reference)]
    if not args.by:
        raise CorpusError("give a reference (--vs B...) or a field to split on (--by year)")
    if args.target:
        target = _select(corpus, args.by, parse_selector(args.target, args.by))
        if args.reference:
            reference = _select(corpus, args.by, parse_selector(args.reference, args.by))
        else:
            chosen = parse_selector(args.target, args.by)
            reference = _select(corpus, args.by, lambda v: not _in(v, chosen))
        return [(args.target, target, reference)]
    groups = corpus.counts_by(args.by).groups
    return [(str(g), _select(corpus, args.by, {g}), _select(corpus, args.by,
                                                          lambda v, g=g: v != g))
            for g in groups]


def _in(value: Any, selector: Any) -> bool:
    if isinstance(selector, re.Pattern):
        return bool(selector.search(str(value)))
    return value in selector


def _select(corpus: Corpus, by: str, selector: Any) -> Corpus:
    if by == "section":
        chosen = corpus.select(section=selector)
    elif by in ("label", "argument"):
        chosen = corpus.select(label=selector)
    elif by in ("document", "doc"):
        chosen = corpus.select(documents=selector)
    else:
        if all(v is None for v in corpus.metadata(by)):
            raise CorpusError(f"no document has the field {by!r} (add it with --meta FILE.csv)")
        chosen = corpus.select(**{by: selector})
    if not len(chosen):
        raise CorpusError(f"no document matches --by {by} {selector!r}")
    return chosen


def _cmd_compare(args: argparse.Namespace, load_nlp: Callable[[], Any]) -> int:
    if args.chart is not None and args.chart.suffix.lower() not in CHART_FORMATS:
        raise CorpusError(f"{args.chart}: the chart format comes from the suffix {CHART_FORMATS}")
    correction = None if args.correction == "none" else args.correction
    results = []
    for group, target, reference in _sides(args, load_nlp):
        result = compare(target, reference, stat=args.stat, unit=args.unit,
                         min_freq=args.min_freq, correction=correction)
        results.append((group, result))
    top = args.top if args.top > 0 else 10**9
    if args.csv is not None:
        if len(results) == 1:
            results[0][1].to_csv(args.csv)
        else:
            from multilat_nlp._io import atomic_write_text

            atomic_write_text(args.csv, "".join(
                r.to_csv(group=g, header=k == 0) for k, (g, r) in enumerate(results)))
    if args.json:
        payload = [dict(r.to_json(r.top(top, "both")), group=g) for g, r in results]
        print(json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False))
    else:
        for group, result in results:
            _print_table(result, top, group)
    if args.chart is not None:
        group, result = results[0]
        names = _side_names(args, group)
        draw_comparison_chart(args.chart_kind, result, args.chart, top=min(top, 15),
                              font=args.font, title=args.title, names=names)
        if not args.json:
            print(f"wrote {args.chart}")
    return 0


def _side_names(args: argparse.Namespace, group: str) -> tuple[str, str]:
    if args.vs:
        return (", ".join(p.name for p in args.inputs)[:40],
                ", ".join(p.name for p in args.vs)[:40])
    rest = f"{args.by} {args.reference}" if args.reference else "其余 (rest)"
    return (f"{args.by} {group}", rest)


def _print_table(result: Comparison, top: int, group: str) -> None:
    out = sys.stdout
    if group:
        out.write(f"== {group} ==\n")
    out.write(f"target {result.target_tokens:,} tokens in {result.target_documents} documents; "
              f"reference {result.reference_tokens:,} tokens in {result.reference_documents}; "
              f"{len(result)} terms; ranked by {result.stat_name}\n")
    out.write(f"{'side':<9} {_pad('term', 14)} {'f_T':>6} {'f_R':>6} {result.stat_name:>9} "
              f"{'LR':>7} {'G2':>9} {'DP_T':>5} {'df_T':>5}\n")
    rows = result.top(top, "both")
    for row in rows:
        dp = row["dp_norm_target"]
        out.write(f"{row['direction']:<9} {_pad(row['term'], 14)} {row['freq_target']:>6} "
                  f"{row['freq_reference']:>6} {row['stat']:>9.3f} {row['log_ratio']:>7.2f} "
                  f"{row['g2']:>9.1f} {dp:>5.2f} {row['df_target']:>5}\n")
    if not rows:
        out.write(f"(no term is key by {result.stat_name}: with {len(result)} terms the "
                  "Bonferroni-corrected interval admits no difference; try --stat g2, "
                  "--correction none or more documents)\n")


def _pad(text: str, width: int) -> str:
    """Left-align in a terminal where CJK characters take two columns."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - used)


def _cmd_trend(args: argparse.Namespace, load_nlp: Callable[[], Any]) -> int:
    terms = [t.strip() for t in args.terms.split(",") if t.strip()]
    if not terms:
        raise CorpusError("--terms needs at least one term")
    corpus = load_corpus(args.inputs, args, load_nlp, phrases=terms)
    records = corpus.trend(terms, by=args.by)
    if args.csv is not None:
        import csv

        from multilat_nlp._io import atomic_write_text

        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=["term", args.by, "count", "tokens", "rate"],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
        atomic_write_text(args.csv, buffer.getvalue())
    if args.json:
        for record in records:
            print(json.dumps(record, ensure_ascii=False))
    else:
        sizes = corpus.counts_by("document")
        for term in terms:
            rows = [r for r in records if r["term"] == term]
            hits = [r for r in rows if r["count"]]
            docs = 0 if term not in corpus.term_index else int(
                (sizes.matrix[:, corpus.term_index[term]] > 0).sum())
            first = hits[0][args.by] if hits else "never"
            print(f"{term}: first in {first}; {sum(r['count'] for r in rows)} occurrences in "
                  f"{docs} of {len(corpus)} documents")
            if hits:
                print("  " + ", ".join(f"{r[args.by]}: {r['count']} ({r['rate']:.2f}/10k)"
                                       for r in hits))
    if args.chart is not None:
        draw_comparison_chart("trend", records, args.chart, font=args.font, title=args.title,
                              by=args.by)
        if not args.json:
            print(f"wrote {args.chart}")
    return 0


def draw_comparison_chart(kind: str, source: Any, output: Path, *, top: int = 15,
                          font: str | None = None, title: str | None = None,
                          names: tuple[str, str] | None = None, by: str = "year",
                          terms: Sequence[str] = ()) -> None:
    """Render one comparison chart kind and write it atomically (format from the suffix)."""
    from multilat_nlp import comparison_charts as charts

    suffix = output.suffix.lower()
    if suffix not in CHART_FORMATS:
        raise CorpusError(f"{output}: the chart format comes from the suffix {CHART_FORMATS}")
    target_name, reference_name = names or ("目标语料 (target)", "参照语料 (reference)")
    if kind == "keyness":
        figure = charts.keyness_chart(source, top=top, font=font, title=title,
                                       target_name=target_name, reference_name=reference_name)
    elif kind == "scatter":
        figure = charts.scatter_chart(source, top=top, font=font, title=title,
                                       target_name=target_name, reference_name=reference_name)
    elif kind == "trend":
        figure = charts.trend_chart(source, by=by, font=font, title=title)
    elif kind == "dispersion":
        figure = charts.dispersion_chart(source, terms, label_by=by, font=font, title=title)
    else:
        raise CorpusError(f"unknown chart kind {kind!r}; choose from {COMPARISON_CHART_KINDS}")
    buffer = io.BytesIO()
    figure.savefig(buffer, format=suffix[1:], dpi=120)
    atomic_write_bytes(output, buffer.getvalue())


def chart_from_inputs(args: argparse.Namespace, load_nlp: Callable[[], Any]) -> int:
    """``multilat-nlp chart INPUT... --kind keyness|scatter|trend|dispersion``."""
    if args.kind in ("keyness", "scatter"):
        if len(args.inputs) != 1:
            raise CorpusError("--kind keyness/scatter take one comparison JSON "
                              "(multilat-nlp compare ... --json > cmp.json)")
        try:
            data = json.loads(args.inputs[0].read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise CorpusError(f"{args.inputs[0]}: not a comparison JSON ({exc})") from exc
        if isinstance(data, list):
            data = data[0]
        result = Comparison.from_json(data)
        draw_comparison_chart(args.kind, result, args.output, top=min(args.top, 30),
                              font=args.font, title=args.title)
    else:
        terms = [t.strip() for t in (args.terms or "").split(",") if t.strip()]
        if not terms:
            raise CorpusError(f"--kind {args.kind} needs --terms a,b")
        corpus = load_corpus(args.inputs, args, load_nlp, phrases=terms)
        source: Any = corpus.trend(terms, by=args.by) if args.kind == "trend" else corpus
        draw_comparison_chart(args.kind, source, args.output, font=args.font, title=args.title,
                              by=args.by, terms=terms)
    print(f"wrote {args.output}")
    return 0
