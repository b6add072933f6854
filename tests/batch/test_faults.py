"""Fault tests of ``multilat-nlp batch``: every good input ends with exactly one output."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from tests.batch import _helpers as h

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")


def test_bad_file_in_the_middle_is_recorded_and_the_rest_runs(tmp_path: Path) -> None:
    good = h.make_inputs(tmp_path / "in", 4, repeat=3)
    bad = tmp_path / "in" / "right" / "g0" / "paper1b.txt"
    bad.write_bytes(b"\x00\x01\x02binary\x00" * 50)
    empty = tmp_path / "in" / "left" / "empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "out"
    result = h.run(str(tmp_path / "in"), "-o", str(out), "--jobs", "2")
    assert result.returncode == 1, result.stderr
    records = h.check_complete(out, good)
    failed = {r["path"]: r for r in records if r["status"] == "failed"}
    assert set(failed) == {str(bad), str(empty)}
    assert all(r["error_type"] and r["error_message"] for r in failed.values())
    assert "2 failed" in result.stderr and "4 ok" in result.stderr


def test_a_worker_killed_mid_run_loses_no_document(tmp_path: Path) -> None:
    good = h.make_inputs(tmp_path / "in", 24, repeat=h.SLOW_REPEAT)
    out = tmp_path / "out"
    process = h.start(str(tmp_path / "in"), "-o", str(out), "--jobs", "2")
    h.wait_for_records(out, 2, process)
    workers = h.children(process.pid)
    assert workers, "the pool has no worker processes"
    os.kill(workers[0], signal.SIGKILL)  # the parent survives: only one worker is killed
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    records = h.check_complete(out, good)
    assert sorted(r["path"] for r in records) == sorted(str(p) for p in good)  # once each


def test_sigkill_of_the_whole_run_then_resume(tmp_path: Path) -> None:
    good = h.make_inputs(tmp_path / "in", 24, repeat=h.SLOW_REPEAT)
    out = tmp_path / "out"
    process = h.start(str(tmp_path / "in"), "-o", str(out), "--jobs", "2")
    h.wait_for_records(out, 3, process)
    h.kill_group(process, signal.SIGKILL)
    process.communicate(timeout=30)
    done_before = len((out / "manifest.jsonl").read_text().splitlines())
    assert done_before < len(good), "the run finished before it was killed"
    result = h.run(str(tmp_path / "in"), "-o", str(out), "--jobs", "2", "--resume")
    assert result.returncode == 0, result.stderr
    records = h.check_complete(out, good)
    assert sum(r["status"] == "skipped" for r in records) >= 3
    again = h.run(str(tmp_path / "in"), "-o", str(out), "--resume", "--json")
    assert f'"skipped": {len(good)}' in again.stdout


def test_ctrl_c_stops_cleanly_with_a_summary(tmp_path: Path) -> None:
    good = h.make_inputs(tmp_path / "in", 24, repeat=h.SLOW_REPEAT)
    out = tmp_path / "out"
    process = h.start(str(tmp_path / "in"), "-o", str(out), "--jobs", "2")
    h.wait_for_records(out, 2, process)
    started = time.monotonic()
    h.kill_group(process, signal.SIGINT)  # what a terminal sends the foreground group
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "interrupted" in stderr and "ok" in stderr
    assert time.monotonic() - started < 30
    manifest = (out / "manifest.jsonl").read_text().splitlines()
    assert len(manifest) < len(good)
    outputs = [p for p in out.iterdir() if p.name != "manifest.jsonl"]
    assert len(outputs) == len(manifest), "an output without its manifest record, or the reverse"
    result = h.run(str(tmp_path / "in"), "-o", str(out), "--jobs", "2", "--resume")
    assert result.returncode == 0, result.stderr
    h.check_complete(out, good)
