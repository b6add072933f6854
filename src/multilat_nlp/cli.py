"""The ``multilat-nlp`` command line.

Exit codes: 0 everything worked, 1 some inputs failed (each is named on stderr and the rest
still ran), 2 the command itself was wrong (usage, unknown pipeline, bad --set).
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.language import Language

from multilat_nlp._io import atomic_write_bytes, atomic_write_chunks, atomic_write_text
from multilat_nlp._version import __version__
from multilat_nlp.document import TokenMode
from multilat_nlp.errors import MultilatError

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2

_EPILOG = """\
examples:
  multilat-nlp demo                                  # run on the bundled sample
  multilat-nlp analyze paper.txt -o paper.json        # one paper to one JSON file
  multilat-nlp analyze a.txt b.docx -o out/           # one JSON file per paper in out/
  multilat-nlp analyze *.txt -o -                     # JSON lines on stdout
  multilat-nlp analyze paper.txt --set segment.engine=jieba --pipeline fast
  multilat-nlp batch papers/ -o results/ --jobs 2     # a folder, with manifest and resume
  multilat-nlp chart paper.json --kind keywords -o keywords.png
  multilat-nlp arguments paper.json                   # thesis, problems -> recommendations
  multilat-nlp chart paper.json --kind arguments -o arguments.html
  multilat-nlp compare out/ --by year --target 2012-2022 --reference 1978-2011 --chart k.png
  multilat-nlp trend reports/ --terms 高质量发展,碳达峰 --chart trend.png
  multilat-nlp chart out/ --kind dispersion --terms 高质量发展 -o dispersion.png
  multilat-nlp evaluate segmentation --raw pku_test.utf8 --gold pku_test_gold.utf8 --json
"""


class UsageError(Exception):
    """A command-line mistake: reported in one line, exit code 2."""


def _add_pipeline_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pipeline", default="policy", help="a shipped pipeline name or a .toml path (policy)"
    )
    parser.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="STAGE.PARAM=VALUE",
        help="override one config value, e.g. segment.hmm=false (repeatable)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="multilat-nlp",
        description="Analyse Chinese policy texts: structure, segmentation, keywords, entities, "
        "arguments; JSON with exact character offsets.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"multilat-nlp {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    analyze = commands.add_parser(
        "analyze",
        help="analyse files and write document JSON",
        epilog="With one input, -o FILE gets one JSON object; with several, -o DIR/ gets one file "
        "each (STEM.json; inputs sharing a stem get NAME.<10 hex of sha256(path)>.json) and "
        "-o FILE.jsonl or -o - get one JSON object per line, written as each is done.",
    )
    analyze.add_argument("files", nargs="+", type=Path, metavar="FILE")
    analyze.add_argument("-o", "--output", default="-", help="FILE, DIR/ or - for stdout")
    analyze.add_argument("--encoding", help="the text encoding, instead of detecting it")
    analyze.add_argument("--indent", type=int, default=None, help="pretty-print with N spaces")
    analyze.add_argument(
        "--max-bytes",
        type=_positive_int,
        default=None,
        metavar="N",
        help="refuse inputs (files and their text) over N bytes (50,000,000)",
    )
    add_tokens_option(analyze)
    _add_pipeline_options(analyze)
    analyze.set_defaults(handler=_cmd_analyze)

    from multilat_nlp.batch import add_batch_command

    add_batch_command(commands, _add_pipeline_options, add_tokens_option)
    from multilat_nlp.compare_cli import COMPARISON_CHART_KINDS, add_compare_commands

    demo = commands.add_parser("demo", help="run the default pipeline on the bundled sample")
    demo.add_argument("-o", "--output", type=Path, default=Path("multilat_nlp_demo"))
    _add_pipeline_options(demo)
    demo.set_defaults(handler=_cmd_demo)

    chart = commands.add_parser(
        "chart",
        help="draw a chart from document JSON",
        epilog="The output suffix picks the format: .png, .svg or .pdf.",
    )
    chart.add_argument("inputs", nargs="+", type=Path, metavar="INPUT",
                       help="keywords: one DOC.json; keyness/scatter: a `compare --json` "
                       "file; trend/dispersion: documents or folders")
    chart.add_argument("--kind", choices=["keywords", "arguments", *COMPARISON_CHART_KINDS],
                       default="keywords")
    chart.add_argument("-o", "--output", type=Path, required=True, help="OUT.png|svg|pdf")
    chart.add_argument("--top", type=int, default=20, help="how many keywords/terms (20)")
    chart.add_argument("--terms", help="trend/dispersion: comma-separated terms")
    chart.add_argument("--by", default="year", help="trend/dispersion: the field (year)")
    chart.add_argument("--meta", type=Path, help="trend/dispersion: metadata CSV")
    chart.add_argument("--font", help="a font family name or file to use before the bundled one")
    chart.add_argument("--title", help="the chart title (default: the document title)")
    _add_pipeline_options(chart)
    chart.set_defaults(handler=_cmd_chart)

    outline = commands.add_parser(
        "arguments", help="print a document's argument outline (thesis, problems → recommendations)"
    )
    outline.add_argument("document", type=Path, metavar="DOC.json")
    outline.set_defaults(handler=_cmd_arguments)

    add_compare_commands(commands, _add_pipeline_options, _load_pipeline)

    evaluate = commands.add_parser("evaluate", help="score a stage on evaluation data")
    tasks = evaluate.add_subparsers(dest="task", metavar="TASK", required=True)
    seg = tasks.add_parser("segmentation", help="SIGHAN-format word segmentation P/R/F1")
    seg.add_argument("--raw", type=Path, required=True, help="one sentence a line")
    seg.add_argument("--gold", type=Path, required=True, help="words separated by spaces")
    seg.add_argument("--words", type=Path, help="training word list, for OOV/IV recall")
    kw = tasks.add_parser("keywords", help="CSL-format keyword P/R/F1@k")
    kw.add_argument(
        "--data", type=Path, required=True, help='JSON lines {"title","abstract","keywords"}'
    )
    kw.add_argument("--k", type=int, default=5)
    ent = tasks.add_parser("entities", help="exact-span entity P/R/F1")
    ent.add_argument("--data", type=Path, required=True)
    ent.add_argument("--format", choices=["offsets", "cluener", "bio"], default="offsets")
    ent.add_argument(
        "--label-map",
        type=Path,
        help="JSON: gold label -> our label(s); --format cluener defaults to its person, place "
        "and organisation types (name, address, organization, company, government)",
    )
    arg = tasks.add_parser("arguments", help="argument labels against gold sentences")
    arg.add_argument(
        "--text", type=Path, required=True, help="the document, or the folder of the gold's docs"
    )
    arg.add_argument(
        "--gold", type=Path, required=True, help='JSON lines {"text","label"[,"doc","start","end"]}'
    )
    for task_parser in (seg, kw, ent, arg):
        task_parser.add_argument("--json", action="store_true", help="print one JSON object")
        _add_pipeline_options(task_parser)
    evaluate.set_defaults(handler=_cmd_evaluate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    handler: Callable[[argparse.Namespace], int] = args.handler
    previous = _exit_cleanly_on_sigterm()
    try:
        return handler(args)
    except (UsageError, MultilatError) as exc:
        print(f"multilat-nlp: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:  # a data file or output folder that cannot be opened
        print(f"multilat-nlp: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    finally:
        _restore_sigterm(previous)


def _exit_cleanly_on_sigterm() -> object:
    """SIGTERM unwinds like Ctrl-C, so an atomic write in progress removes its temp file.

    Returns the previous handler: ``main`` restores it, so a caller that runs ``main`` in its
    own process (a test, a notebook) keeps its SIGTERM behaviour afterwards.
    """
    import signal
    import threading

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, interrupt)


def _restore_sigterm(previous: object) -> None:
    import signal

    if previous is not None:
        signal.signal(signal.SIGTERM, previous)  # type: ignore[arg-type]


def _load_pipeline(args: argparse.Namespace) -> Language:
    from multilat_nlp.limits import DEFAULT_MAX_BYTES
    from multilat_nlp.pipeline import load

    max_bytes = getattr(args, "max_bytes", None) or DEFAULT_MAX_BYTES
    return load(args.pipeline, settings=args.settings, max_bytes=max_bytes)


def _positive_int(value: str) -> int:
    try:
        number = int(value.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {value!r}") from None
    if number <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {value!r}")
    return number


def _analyze_file(
    nlp: Language, path: Path, encoding: str | None, max_bytes: int | None = None
) -> dict[str, Any]:
    from multilat_nlp.document import to_json
    from multilat_nlp.files import analyze

    return to_json(analyze(path, nlp, encoding=encoding, max_bytes=max_bytes))


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _analyze_json(
    nlp: Language,
    path: Path,
    encoding: str | None,
    max_bytes: int | None,
    indent: int | None,
    tokens: TokenMode = "full",
) -> Iterator[bytes]:
    """One file's document JSON as UTF-8 pieces and a final newline, through
    ``document.iter_dumps`` (no dict per token, never the whole JSON in memory at once)."""
    from multilat_nlp.document import iter_dumps
    from multilat_nlp.files import analyze

    doc = analyze(path, nlp, encoding=encoding, max_bytes=max_bytes)
    for piece in iter_dumps(doc, indent=indent, tokens=tokens):
        yield _utf8_json(piece)
    yield b"\n"


def _utf8_json(text: str) -> bytes:
    """UTF-8 JSON; a lone surrogate (a file name that is not UTF-8, kept by surrogateescape)
    is written as its ``\\uXXXX`` escape, so the output is valid UTF-8 and loads back the same
    ``str``."""
    text = _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
    return text.encode("utf-8")


def _output_names(paths: Sequence[Path]) -> list[str]:
    """Output file names for ``-o DIR/``: ``STEM.json``, or ``NAME.<hash>.json`` for inputs
    whose stem another input of the same run shares (the batch command's rule)."""
    import hashlib
    import os
    from collections import Counter

    stems = Counter(path.stem for path in paths)
    names = []
    for path in paths:
        if stems[path.stem] == 1:
            names.append(f"{path.stem}.json")
        else:
            absolute = os.fsencode(path.absolute())
            names.append(f"{path.name}.{hashlib.sha256(absolute).hexdigest()[:10]}.json")
    return names


def _check_encoding(encoding: str | None) -> None:
    if encoding is None:
        return
    from multilat_nlp.reading.encoding import canonical_encoding

    try:
        canonical_encoding(encoding)
    except LookupError:
        raise UsageError(f"--encoding {encoding!r}: not a text encoding Python knows") from None


def add_tokens_option(command: argparse.ArgumentParser) -> None:
    """``--tokens full|compact|none``: how the JSON carries tokens (analyze and batch)."""
    from multilat_nlp.document import TOKEN_MODES

    command.add_argument(
        "--tokens",
        choices=TOKEN_MODES,
        default="full",
        help="full: one object per token (default); compact: parallel arrays in token_arrays "
        "(about a third of the size); none: no tokens",
    )


def _cmd_analyze(args: argparse.Namespace) -> int:
    from multilat_nlp._io import check_output_target, remove_stale_temps

    output: str = args.output
    to_dir = output.endswith(("/", "\\")) or Path(output).is_dir()
    streaming = output == "-" or (output.endswith(".jsonl") and not to_dir)
    if len(args.files) > 1 and not to_dir and not streaming:
        raise UsageError("several inputs need -o DIR/, -o FILE.jsonl or -o -")
    _check_encoding(args.encoding)
    if not to_dir and output != "-":
        check_output_target(output, args.files)
    if to_dir:
        if Path(output).is_symlink():
            raise UsageError(f"{output}: the output folder is a symbolic link")
        remove_stale_temps(output)
    nlp = _load_pipeline(args)
    failed = 0
    names = _output_names(args.files) if to_dir else []
    with _streaming_sink(output if streaming else None) as sink:
        for index, path in enumerate(args.files):
            try:
                one_object = to_dir or sink is None or (len(args.files) == 1 and output == "-")
                indent = args.indent if one_object else None
                # Analysis errors surface here, before anything is written for this file.
                pieces = _analyze_json(
                    nlp, path, args.encoding, args.max_bytes, indent, args.tokens
                )
                first = next(pieces)
                chunks = itertools.chain([first], pieces)
                if to_dir:
                    target = Path(output) / names[index]
                    check_output_target(target, args.files)
                    atomic_write_chunks(target, chunks)
                elif sink is not None:
                    sink(chunks)
                else:
                    atomic_write_chunks(output, chunks)
            except (MultilatError, OSError) as exc:
                failed += 1
                named = getattr(exc, "path", None) is not None or getattr(exc, "filename", None)
                where = "" if named else f"{path}: "
                print(f"multilat-nlp: {_printable(where)}{_printable(exc)}", file=sys.stderr)
    return EXIT_SOME_FAILED if failed else EXIT_OK


def _printable(exc: BaseException | str) -> str:
    """The message with any undecodable file-name bytes escaped, so stderr never chokes."""
    return str(exc).encode("utf-8", "backslashreplace").decode("utf-8")


@contextlib.contextmanager
def _streaming_sink(
    output: str | None,
) -> Iterator[Callable[[Iterable[bytes]], None] | None]:
    """A function that writes one JSON line, piece by piece, and flushes it: stdout for ``-``
    or a .jsonl file.

    Each document is written when it is done, so memory does not grow with the number of
    documents or with a document's size (a 20 MB text's line is never joined in memory), and a
    killed run keeps the lines it finished; only a line being written when the run is killed
    can be incomplete (a .jsonl is written in place).
    """
    if output is None:
        yield None
        return
    if output == "-":
        stream = sys.stdout.buffer

        def to_stdout(line: Iterable[bytes]) -> None:
            for piece in line:
                stream.write(piece)
            stream.flush()

        yield to_stdout
        return
    import os

    target = Path(output)
    target.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(target, flags, 0o666)
    with os.fdopen(fd, "wb") as handle:

        def to_file(line: Iterable[bytes]) -> None:
            for piece in line:
                handle.write(piece)
            handle.flush()

        yield to_file


def sample_path() -> Path:
    """The bundled public-domain sample (the 2022 government work report)."""
    resource = resources.files("multilat_nlp.resources").joinpath(
        "samples/gov_work_report_2022.txt"
    )
    return Path(str(resource))


def _cmd_demo(args: argparse.Namespace) -> int:
    nlp = _load_pipeline(args)
    sample = sample_path()
    result = _analyze_file(nlp, sample, None)
    out_dir: Path = args.output
    json_path = out_dir / "gov_work_report_2022.json"
    atomic_write_text(json_path, json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    print(
        f"analysed the bundled sample {sample.name}: {len(result['text'])} characters, "
        f"{len(result['sentences'])} sentences, {len(result['tokens'])} tokens, "
        f"{len(result['sections'])} sections"
    )
    top = ", ".join(keyword["term"] for keyword in result["keywords"][:10])
    if top:
        print(f"top keywords: {top}")
    print(f"wrote {json_path}")
    if result["keywords"]:
        chart_path = out_dir / "keywords.png"
        save_keyword_chart(result, chart_path, title="2022年政府工作报告 关键词")
        print(f"wrote {chart_path}")
    return EXIT_OK


_CHART_FORMATS = (".png", ".svg", ".pdf")


def save_keyword_chart(
    document: dict[str, Any], output: Path, *, top: int = 20, font: str | None = None,
    title: str | None = None,
) -> None:
    """Render the keyword chart of a document JSON and write it atomically."""
    import io

    from matplotlib.figure import Figure

    from multilat_nlp.charts import keyword_chart

    suffix = output.suffix.lower()
    if suffix not in _CHART_FORMATS:
        raise UsageError(f"{output}: the chart format comes from the suffix: {_CHART_FORMATS}")
    figure: Figure = keyword_chart(document, topn=top, font=font, title=title)
    buffer = io.BytesIO()
    figure.savefig(buffer, format=suffix[1:], dpi=110)
    atomic_write_bytes(output, buffer.getvalue())


def _cmd_chart(args: argparse.Namespace) -> int:
    if args.kind == "arguments":
        if len(args.inputs) != 1:
            raise UsageError("--kind arguments takes one DOC.json")
        args.document = args.inputs[0]
        return _save_argument_chart(args)
    if args.kind != "keywords":
        from multilat_nlp.compare_cli import chart_from_inputs

        return chart_from_inputs(args, lambda: _load_pipeline(args))
    if len(args.inputs) != 1:
        raise UsageError("--kind keywords takes one DOC.json")
    args.document = args.inputs[0]
    try:
        document = json.loads(args.document.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise UsageError(f"{args.document}: not JSON ({exc})") from exc
    if isinstance(document, list):  # the output of analyze on several files, as one list
        raise UsageError(f"{args.document}: expected one document object, got a list")
    if not document.get("keywords"):
        raise UsageError(f"{args.document}: has no keywords (was the keywords stage disabled?)")
    save_keyword_chart(document, args.output, top=args.top, font=args.font, title=args.title)
    print(f"wrote {args.output}")
    return EXIT_OK


def _read_document(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}: not JSON ({exc})") from exc
    if not isinstance(document, dict):
        raise UsageError(f"{path}: expected one document object")
    if not document.get("arguments"):
        raise UsageError(f"{path}: has no arguments (was the arguments stage disabled?)")
    return document


def _save_argument_chart(args: argparse.Namespace) -> int:
    import io

    from multilat_nlp.argument_charts import argument_html, argument_map

    document = _read_document(args.document)
    suffix = args.output.suffix.lower()
    if suffix in (".html", ".htm"):
        atomic_write_text(args.output, argument_html(document))
    elif suffix in _CHART_FORMATS:
        buffer = io.BytesIO()
        argument_map(document, font=args.font, title=args.title).savefig(
            buffer, format=suffix[1:], dpi=110
        )
        atomic_write_bytes(args.output, buffer.getvalue())
    else:
        raise UsageError(f"{args.output}: use .html (span view) or {_CHART_FORMATS} (map)")
    print(f"wrote {args.output}")
    return EXIT_OK


def _cmd_arguments(args: argparse.Namespace) -> int:
    from multilat_nlp.arguments.outline import build_outline, format_outline

    sys.stdout.write(format_outline(build_outline(_read_document(args.document))))
    return EXIT_OK


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from multilat_nlp.evaluate.runner import run_evaluation

    result = run_evaluation(args.task, vars(args), _load_pipeline(args))
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            print(f"{key:>16}  {value}")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
