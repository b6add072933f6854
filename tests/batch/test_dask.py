"""The Dask backend on a LocalCluster of 2 worker processes: same outputs as the local run."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest

from multilat_nlp import batch
from tests.batch import _helpers as h

distributed = pytest.importorskip("distributed")


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.name != "manifest.jsonl"}


def test_dask_output_is_identical_to_the_local_run_and_survives_a_killed_worker(
    tmp_path: Path,
) -> None:
    good = h.make_inputs(tmp_path / "in", 16)
    local = batch.run([tmp_path / "in"], tmp_path / "local", jobs=1, progress=False)
    assert local.ok == len(good)

    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    try:
        with distributed.Client(cluster) as client:
            pids = list(client.run(os.getpid).values())
        done_at_kill: list[int] = []

        def kill_one_worker_after_first_output() -> None:
            out = tmp_path / "dask"
            for _ in range(3000):
                if (out / "manifest.jsonl").exists():
                    break
                threading.Event().wait(0.01)
            done_at_kill.append(len((out / "manifest.jsonl").read_text().splitlines()))
            os.kill(pids[0], signal.SIGKILL)

        killer = threading.Thread(target=kill_one_worker_after_first_output)
        killer.start()
        summary = batch.run(
            [tmp_path / "in"], tmp_path / "dask", backend="dask",
            scheduler=cluster.scheduler_address, progress=False,
        )
        killer.join()
    finally:
        cluster.close()
    assert done_at_kill and done_at_kill[0] < len(good), "the worker was not killed mid-run"
    assert summary.ok == len(good) and summary.failed == 0
    h.check_complete(tmp_path / "dask", good)
    records = batch.read_manifest(tmp_path / "dask")
    assert sorted(r["path"] for r in records) == sorted(str(p) for p in good)
    assert _outputs(tmp_path / "dask") == _outputs(tmp_path / "local")
