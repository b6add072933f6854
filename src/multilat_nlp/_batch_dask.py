"""The Dask backend of :mod:`multilat_nlp.batch` (extra ``[dask]``).

Documents travel as paths: every worker must see the inputs and ``OUT_DIR`` at the same paths
(a shared filesystem). A worker plugin builds the pipeline once per worker process; tasks find
it through a per-process cache, so a restarted worker rebuilds it on its first task. Workers
write JSON outputs themselves; for JSONL the line comes back and the client appends it. When a
worker dies, the scheduler reruns its tasks on another worker (``allowed-failures``), so no
document is lost; results are recorded by the client only once per document.
"""

from __future__ import annotations

import functools
import importlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from multilat_nlp.errors import ConfigError, MultilatError

_PLUGIN_NAME = "multilat-nlp-pipeline"


@functools.cache
def _cached_pipeline(config_json: str) -> Any:
    from multilat_nlp.pipeline import build

    return build(json.loads(config_json))


def _dask_task(path: str, out_dir: str, fmt: str, config_json: str) -> dict[str, Any]:
    from multilat_nlp.batch import process_one

    nlp = _cached_pipeline(config_json)
    return process_one(nlp, Path(path), Path(out_dir), fmt)  # type: ignore[arg-type]


def _plugin(config_json: str) -> Any:
    from distributed.diagnostics.plugin import WorkerPlugin

    class PipelinePlugin(WorkerPlugin):
        """Loads the pipeline when a worker starts, before its first task."""

        def __init__(self, config_json: str) -> None:
            self.config_json = config_json

        def setup(self, worker: Any) -> None:
            _cached_pipeline(self.config_json)

    return PipelinePlugin(config_json)


def _lost_record(path: Path, exc: BaseException) -> dict[str, Any]:
    return {
        "path": str(path), "sha256": None, "size": None, "status": "failed",
        "error_type": type(exc).__name__, "error_message": str(exc), "seconds": 0.0,
        "output": None, "config_hash": None, "chars": 0,
    }


def run_dask(
    todo: Sequence[Path],
    out_dir: Path,
    fmt: str,
    config: dict[str, Any] | None,
    jobs: int,
    scheduler: str | None,
    record: Callable[[dict[str, Any]], None],
) -> None:
    """Send every path to the cluster and record each result as it comes back."""
    try:
        distributed: Any = importlib.import_module("distributed")  # untyped: keep it Any
    except ImportError as exc:
        raise MultilatError(
            "the dask backend needs the [dask] extra: pip install 'multilat-nlp[dask]'"
        ) from exc
    if config is None:
        raise ConfigError("the dask backend needs a pipeline built by multilat_nlp.load")
    config_json = json.dumps(config, sort_keys=True, ensure_ascii=False)
    cluster = None
    if scheduler:
        client = distributed.Client(scheduler)
    else:
        cluster = distributed.LocalCluster(
            n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = distributed.Client(cluster)
    try:
        client.register_plugin(_plugin(config_json), name=_PLUGIN_NAME)
        futures = [
            client.submit(
                _dask_task, str(path), str(out_dir), fmt, config_json, pure=False, retries=2
            )
            for path in todo
        ]
        try:
            for future in distributed.as_completed(futures):
                try:
                    record(future.result())
                except Exception as exc:  # KilledWorker: this task killed workers repeatedly
                    record(_lost_record(todo[futures.index(future)], exc))
        except KeyboardInterrupt:
            client.cancel(futures)
            raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
