"""Batch runs: many files in, one JSON per file out, with a manifest that survives any stop.

Why it is built this way:

- Workers go from a *path* to a *JSON string* and write the output themselves; a ``Doc`` is never
  pickled back to the parent (that is what makes ``nlp.pipe(n_process=N)`` slower than one
  process).
- Every output is written atomically (temp file + rename), and ``OUT_DIR/manifest.jsonl`` gets one
  line per finished document, appended with a single ``write``: a killed run leaves complete
  outputs and a manifest whose lines all parse. ``--resume`` skips what the manifest (and, for
  JSONL, the output itself) says is done for the same path, sha256 and config hash.
- Output names are ``<file name>.<10 hex of sha256(absolute path)>.json``: two ``report.pdf`` in
  different folders never collide, and the same input always maps to the same name, so a rerun
  replaces its output instead of adding a second one.
- A worker that dies (killed, out of memory, a crash in a C extension) is replaced and its
  documents are sent again; a document that kills a worker twice is recorded as failed.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import fnmatch
import hashlib
import json
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from spacy.language import Language

from multilat_nlp._io import atomic_write_text
from multilat_nlp.document import TokenMode
from multilat_nlp.errors import ConfigError, MultilatError

Format = Literal["json", "jsonl"]
Backend = Literal["local", "dask"]

MANIFEST_NAME = "manifest.jsonl"
JSONL_NAME = "documents.jsonl"
_MAX_ATTEMPTS = 3  # a document in flight when its worker died this often is recorded failed


class BatchError(MultilatError):
    """The batch itself cannot run (no inputs, an output folder that is a file…)."""


@dataclass
class Summary:
    """What a batch did; ``run`` returns it and the CLI prints it."""

    ok: int = 0
    failed: int = 0
    skipped: int = 0
    chars: int = 0
    wall_seconds: float = 0.0
    #: of ``wall_seconds``, the time spent building the pipeline (0 when ``nlp`` was given): a
    #: fixed, serial cost that ``--jobs`` cannot divide, so speed-ups are read without it
    load_seconds: float = 0.0
    interrupted: bool = False
    out_dir: str = ""
    failures: list[dict[str, str]] = field(default_factory=list)

    @property
    def chars_per_second(self) -> float:
        return self.chars / self.wall_seconds if self.wall_seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["chars_per_second"] = round(self.chars_per_second, 1)
        return data

    def line(self) -> str:
        state = " (interrupted)" if self.interrupted else ""
        return (
            f"batch{state}: {self.ok} ok, {self.failed} failed, {self.skipped} skipped; "
            f"{self.chars:,} characters in {self.wall_seconds:.1f} s "
            f"({self.chars_per_second:,.0f} chars/s)"
        )


# --- inputs and names -----------------------------------------------------------------------


def _readable_extensions() -> frozenset[str]:
    from multilat_nlp.reading import READABLE_EXTENSIONS

    return READABLE_EXTENSIONS


def collect_inputs(inputs: Iterable[str | os.PathLike[str]], glob: str | None = None) -> list[Path]:
    """Files to analyse, absolute, sorted per folder, each once.

    A folder is walked recursively; its files are those matching ``glob`` (a file-name pattern
    such as ``*.pdf``) or, without one, every extension the readers know. Hidden files and
    folders are skipped. A file named directly is always taken.
    """
    extensions = _readable_extensions()
    found: list[Path] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        if path not in seen:
            seen.add(path)
            found.append(path)

    for item in inputs:
        path = Path(item).absolute()
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    wanted = (
                        fnmatch.fnmatch(name, glob)
                        if glob
                        else os.path.splitext(name)[1].lower() in extensions
                    )
                    if wanted:
                        add(Path(root) / name)
        elif path.exists():
            add(path)
        else:
            raise BatchError(f"{item}: no such file or folder")
    return found


def output_name(path: Path, fmt: Format = "json") -> str:
    """The output file of one input: its name plus a hash of its absolute path (see module doc)."""
    digest = hashlib.sha256(str(path.absolute()).encode("utf-8")).hexdigest()[:10]
    return f"{path.name}.{digest}.json" if fmt == "json" else JSONL_NAME


# --- the work of one document (runs in a worker) --------------------------------------------

_WORKER_NLP: Language | None = None


def _config_hash(nlp: Language) -> str:
    try:
        return str(nlp.meta["multilat_nlp"]["config_hash"])
    except KeyError:
        return "unknown"


def analyze_path(
    nlp: Language, path: Path, tokens: TokenMode = "full"
) -> tuple[str, dict[str, Any]]:
    """Read one file and return its document JSON string and its manifest facts.

    The worker goes from file to JSON string: a string is all that crosses back to the parent
    (pickling a Doc back cost more than analysing it), and nothing of the Doc is kept.
    """
    from multilat_nlp.document import dumps
    from multilat_nlp.files import analyze_raw
    from multilat_nlp.reading import read_bytes

    data = path.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    facts: dict[str, Any] = {"sha256": sha256, "size": len(data)}
    raw = read_bytes(data, name=str(path))
    doc = analyze_raw(raw, nlp, path)  # the reader's layout too, exactly as ``analyze`` does
    facts["chars"] = len(raw.text)
    return dumps(doc, tokens=tokens), facts


def process_one(
    nlp: Language, path: Path, out_dir: Path, fmt: Format, tokens: TokenMode = "full"
) -> dict[str, Any]:
    """Analyse one file; write its output (json) or return its line (jsonl). Never raises
    for a bad input: the error goes into the returned manifest record."""
    started = time.perf_counter()
    record: dict[str, Any] = {
        "path": str(path),
        "sha256": None,
        "size": None,
        "status": "ok",
        "error_type": None,
        "error_message": None,
        "seconds": 0.0,
        "output": None,
        "config_hash": _config_hash(nlp),
        "chars": 0,
        "tokens": tokens,
    }
    try:
        text, facts = analyze_path(nlp, path, tokens)
        record.update(facts)
        if fmt == "json":
            name = output_name(path, fmt)
            atomic_write_text(out_dir / name, text + "\n")
            record["output"] = name
        else:
            record["output"] = JSONL_NAME
            record["_line"] = text
    except (MultilatError, OSError, ValueError, UnicodeError, MemoryError, RecursionError) as exc:
        record.update(status="failed", error_type=type(exc).__name__, error_message=str(exc))
        with contextlib.suppress(OSError):
            data = path.read_bytes()
            record.update(sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    record["seconds"] = round(time.perf_counter() - started, 4)
    return record


def _worker_init(config: dict[str, Any] | None) -> None:
    """Pool initializer: ignore Ctrl-C (the parent handles it) and have a pipeline ready."""
    global _WORKER_NLP
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _WORKER_NLP is None:
        if config is None:
            raise BatchError("a worker has no pipeline: give a pipeline built by load()")
        from multilat_nlp.pipeline import build

        _WORKER_NLP = build(config)


def _worker_task(path: Path, out_dir: Path, fmt: Format, tokens: TokenMode) -> dict[str, Any]:
    assert _WORKER_NLP is not None
    return process_one(_WORKER_NLP, path, out_dir, fmt, tokens)


# --- manifest and resume --------------------------------------------------------------------


def _append_line(path: Path, line: str) -> None:
    """Append one complete line with a single write: a kill never leaves half a record."""
    data = (line.rstrip("\n") + "\n").encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def _repair_tail(path: Path) -> None:
    """Cut a last line that has no newline (a write cut by power loss), so appends stay valid."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb+") as handle:
        data = handle.read()
        if data.endswith(b"\n"):
            return
        handle.truncate(data.rfind(b"\n") + 1)


def read_manifest(out_dir: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """The manifest records, in order (a torn last line is ignored)."""
    path = Path(out_dir) / MANIFEST_NAME
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        with contextlib.suppress(json.JSONDecodeError):
            records.append(json.loads(line))
    return records


def _done_keys(
    out_dir: Path, fmt: Format, tokens: TokenMode = "full"
) -> set[tuple[str, str, str]]:
    """(path, sha256, config hash) of every input whose output is present, written with the
    same ``tokens`` mode (another mode is another output)."""
    done: set[tuple[str, str, str]] = set()
    if fmt == "jsonl":
        # The JSONL file itself is the truth: a line may be there without its manifest record.
        jsonl = out_dir / JSONL_NAME
        if jsonl.exists():
            with jsonl.open(encoding="utf-8") as handle:
                for line in handle:
                    try:
                        document = json.loads(line)
                        if document.get("token_encoding", "full") != tokens:
                            continue
                        source, pipeline = document["source"], document["pipeline"]
                        done.add((source["path"], source["sha256"], pipeline["config_hash"]))
                    except (json.JSONDecodeError, KeyError, TypeError):
                        continue
        return done
    for record in read_manifest(out_dir):
        output = record.get("output")
        if (
            record.get("status") in ("ok", "skipped")
            and record.get("tokens", "full") == tokens
            and output
            and (out_dir / output).exists()
        ):
            done.add((record["path"], record["sha256"], record["config_hash"]))
    return done


def _sha256_file(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def _remove_stale_temps(out_dir: Path) -> None:
    """Temp files of writes that a SIGKILL cut short (see ``atomic_write_bytes``)."""
    for stale in out_dir.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


# --- the run --------------------------------------------------------------------------------


class _Recorder:
    """Appends manifest records (and JSONL lines) in the parent, and keeps the summary."""

    def __init__(self, out_dir: Path, fmt: Format, summary: Summary, progress: Any) -> None:
        self.out_dir = out_dir
        self.fmt = fmt
        self.summary = summary
        self.progress = progress
        self.manifest = out_dir / MANIFEST_NAME

    def __call__(self, record: dict[str, Any]) -> None:
        line = record.pop("_line", None)
        if line is not None:
            _append_line(self.out_dir / JSONL_NAME, line)
        _append_line(self.manifest, json.dumps(record, ensure_ascii=False))
        status = record["status"]
        if status == "ok":
            self.summary.ok += 1
            self.summary.chars += int(record.get("chars") or 0)
        elif status == "failed":
            self.summary.failed += 1
            error = f"{record['error_type']}: {record['error_message']}"
            self.summary.failures.append({"path": record["path"], "error": error})
        else:
            self.summary.skipped += 1
        if self.progress is not None:
            self.progress.update(1)


def _make_progress(total: int, enabled: bool | None) -> Any:
    if enabled is False:
        return None
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: workers are forked
    return tqdm(
        total=total,
        unit="doc",
        file=sys.stderr,
        disable=None if enabled is None else not enabled,  # None: quiet when not a TTY
        dynamic_ncols=True,
    )


def run(
    inputs: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    nlp: Language | None = None,
    jobs: int = 1,
    resume: bool = False,
    pipeline: str | Path = "policy",
    settings: Sequence[str] = (),
    fmt: Format = "json",
    glob: str | None = None,
    backend: Backend = "local",
    scheduler: str | None = None,
    progress: bool | None = None,
    tokens: TokenMode = "full",
) -> Summary:
    """Analyse every input into ``out_dir`` and return the :class:`Summary`.

    ``nlp`` is a pipeline from :func:`multilat_nlp.load` (else ``pipeline``/``settings`` build
    one); ``jobs`` is the number of worker processes (1: this process); ``resume`` skips inputs
    already done with the same sha256 and config; ``backend="dask"`` sends paths to a Dask
    cluster (``scheduler`` address, or a local cluster of ``jobs`` workers); ``tokens`` is the
    JSON's token encoding (``full``, ``compact``, ``none``: see ``dumps``). Ctrl-C finishes the
    documents in flight, records them and returns a summary with ``interrupted=True``.
    """
    started = time.perf_counter()
    if fmt not in ("json", "jsonl"):
        raise ConfigError(f"format must be json or jsonl, not {fmt!r}")
    if jobs < 1:
        raise ConfigError(f"jobs must be at least 1, not {jobs}")
    target = Path(out_dir)
    if target.exists() and not target.is_dir():
        raise BatchError(f"{target}: the output must be a folder")
    target.mkdir(parents=True, exist_ok=True)
    paths = collect_inputs(inputs, glob)
    load_seconds = 0.0
    if nlp is None:
        from multilat_nlp.pipeline import load

        loading = time.perf_counter()
        nlp = load(pipeline, settings=settings)
        load_seconds = time.perf_counter() - loading
    config = _config_or_none(nlp)
    config_hash = _config_hash(nlp)

    _remove_stale_temps(target)
    manifest = target / MANIFEST_NAME
    _repair_tail(manifest)
    if fmt == "jsonl":
        _repair_tail(target / JSONL_NAME)
    summary = Summary(out_dir=str(target), load_seconds=round(load_seconds, 3))
    bar = _make_progress(len(paths), progress)
    record = _Recorder(target, fmt, summary, bar)

    todo: list[Path] = paths
    if resume:
        done = _done_keys(target, fmt, tokens)
        todo = []
        for path in paths:
            sha256 = _sha256_file(path)
            if sha256 is not None and (str(path), sha256, config_hash) in done:
                record(_skipped_record(path, sha256, config_hash, target, fmt, tokens))
            else:
                todo.append(path)
    try:
        if backend == "dask":
            from multilat_nlp._batch_dask import run_dask

            run_dask(todo, target, fmt, config, jobs, scheduler, record, tokens)
        elif jobs == 1 or len(todo) <= 1:
            for path in todo:
                record(process_one(nlp, path, target, fmt, tokens))
        else:
            _run_pool(nlp, config, todo, target, fmt, jobs, record, tokens)
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        if bar is not None:
            bar.close()
        # A worker killed mid-write leaves its temp file; once no worker runs, none is live.
        _remove_stale_temps(target)
    summary.wall_seconds = round(time.perf_counter() - started, 3)
    return summary


def _config_or_none(nlp: Language) -> dict[str, Any] | None:
    from multilat_nlp.pipeline import config_of

    try:
        return config_of(nlp)
    except ConfigError:
        return None


def _skipped_record(
    path: Path, sha256: str, config_hash: str, out_dir: Path, fmt: Format,
    tokens: TokenMode = "full",
) -> dict[str, Any]:
    return {
        "path": str(path),
        "sha256": sha256,
        "size": path.stat().st_size,
        "status": "skipped",
        "error_type": None,
        "error_message": None,
        "seconds": 0.0,
        "output": output_name(path, fmt),
        "config_hash": config_hash,
        "chars": 0,
        "tokens": tokens,
    }


def _died_record(path: Path, out_dir: Path, nlp: Language, exc: BaseException) -> dict[str, Any]:
    return {
        "path": str(path),
        "sha256": _sha256_file(path),
        "size": path.stat().st_size if path.exists() else None,
        "status": "failed",
        "error_type": "WorkerDied",
        "error_message": f"the worker process died {_MAX_ATTEMPTS} times on this file ({exc})",
        "seconds": 0.0,
        "output": None,
        "config_hash": _config_hash(nlp),
        "chars": 0,
    }


def _pool_context() -> multiprocessing.context.BaseContext:
    # fork shares the parent's loaded pipeline (no second load, no pickling of the Language).
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _run_pool(
    nlp: Language,
    config: dict[str, Any] | None,
    todo: Sequence[Path],
    out_dir: Path,
    fmt: Format,
    jobs: int,
    record: _Recorder,
    tokens: TokenMode = "full",
) -> None:
    """Keep ``2 × jobs`` documents in flight; replace the pool if a worker dies."""
    global _WORKER_NLP
    context = _pool_context()
    if context.get_start_method() == "fork":
        _WORKER_NLP = nlp
    elif config is None:
        raise BatchError("jobs > 1 without fork needs a pipeline built by multilat_nlp.load")
    # Largest files first (pop() takes from the end): a big file started last would leave the
    # other workers idle at the end of the run.
    queue: list[Path] = sorted(todo, key=_size_or_zero)
    attempts: dict[Path, int] = {}
    try:
        while queue:
            _run_pool_once(
                context, config, queue, attempts, out_dir, fmt, jobs, record, nlp, tokens
            )
    finally:
        _WORKER_NLP = None


def _size_or_zero(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # process_one records the error


def _run_pool_once(
    context: multiprocessing.context.BaseContext,
    config: dict[str, Any] | None,
    queue: list[Path],
    attempts: dict[Path, int],
    out_dir: Path,
    fmt: Format,
    jobs: int,
    record: _Recorder,
    nlp: Language,
    tokens: TokenMode = "full",
) -> None:
    pool = cf.ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_worker_init, initargs=(config,)
    )
    in_flight: dict[cf.Future[dict[str, Any]], Path] = {}
    broken = False
    try:
        while queue or in_flight:
            while queue and len(in_flight) < 2 * jobs and not broken:
                path = queue.pop()
                in_flight[pool.submit(_worker_task, path, out_dir, fmt, tokens)] = path
            if not in_flight:
                break
            finished, _ = cf.wait(in_flight, return_when=cf.FIRST_COMPLETED)
            for future in finished:
                path = in_flight.pop(future)
                try:
                    record(future.result())
                except cf.process.BrokenProcessPool as exc:
                    broken = True
                    attempts[path] = attempts.get(path, 0) + 1
                    if attempts[path] >= _MAX_ATTEMPTS:
                        record(_died_record(path, out_dir, nlp, exc))
                    else:
                        queue.append(path)
            if broken and not in_flight:
                return  # the caller starts a fresh pool for what is left
    except KeyboardInterrupt:
        # Let the documents in flight finish (their outputs are atomic), record them, stop.
        queue.clear()
        for future in list(in_flight):
            future.cancel()
        with contextlib.suppress(KeyboardInterrupt):
            for future, _path in _completed(in_flight):
                with contextlib.suppress(Exception):
                    record(future.result())
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _completed(
    in_flight: Mapping[cf.Future[dict[str, Any]], Path],
) -> Iterator[tuple[cf.Future[dict[str, Any]], Path]]:
    for future in cf.as_completed(in_flight):
        if not future.cancelled():
            yield future, in_flight[future]


# --- the command line -----------------------------------------------------------------------


def add_batch_command(
    commands: Any, add_pipeline_options: Any, add_tokens_option: Any = None
) -> None:
    """Register ``multilat-nlp batch`` on the CLI's subcommands."""
    batch = commands.add_parser(
        "batch",
        help="analyse folders of papers: progress, manifest, resume",
        epilog=f"Outputs are OUT_DIR/<file name>.<hash of its path>.json (or one {JSONL_NAME}); "
        f"OUT_DIR/{MANIFEST_NAME} gets one line per document. Exit 1 if any input failed, "
        "130 on Ctrl-C (after the documents in flight are written).",
    )
    batch.add_argument("inputs", nargs="+", type=Path, metavar="INPUT", help="files or folders")
    batch.add_argument("-o", "--output", type=Path, required=True, metavar="OUT_DIR")
    batch.add_argument("--jobs", type=int, default=1, help="worker processes (1)")
    batch.add_argument("--format", choices=["json", "jsonl"], default="json")
    batch.add_argument("--resume", action="store_true", help="skip inputs already done")
    batch.add_argument("--glob", help="file-name pattern inside folders, e.g. '*.pdf'")
    batch.add_argument("--backend", choices=["local", "dask"], default="local")
    batch.add_argument("--scheduler", help="a Dask scheduler address (tcp://host:8786)")
    batch.add_argument("--json", action="store_true", help="print the summary as JSON")
    if add_tokens_option is not None:
        add_tokens_option(batch)
    add_pipeline_options(batch)
    batch.set_defaults(handler=_cmd_batch)


def _cmd_batch(args: Any) -> int:
    summary = run(
        args.inputs,
        args.output,
        jobs=args.jobs,
        resume=args.resume,
        pipeline=args.pipeline,
        settings=args.settings,
        fmt=args.format,
        glob=args.glob,
        backend=args.backend,
        scheduler=args.scheduler,
        tokens=getattr(args, "tokens", "full"),
    )
    for failure in summary.failures:
        print(f"multilat-nlp: {failure['path']}: {failure['error']}", file=sys.stderr)
    print(summary.line(), file=sys.stderr)
    if args.json:
        print(json.dumps(summary.as_dict(), ensure_ascii=False))
    if summary.interrupted:
        return 130
    return 1 if summary.failed else 0
