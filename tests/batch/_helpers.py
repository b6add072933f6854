"""Synthetic inputs and manifest checks shared by the batch fault tests."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

SENTENCES = [
    "我们坚持以经济建设为中心，推动高质量发展。",
    "各地区各部门要加大改革开放力度，优化营商环境。",
    "二〇二三年国内生产总值增长百分之五左右。",
    "要加强生态环境保护，推进碳达峰碳中和。",
]
#: Sentences per paper in the tests that interrupt a run: each paper must take long enough that a
#: signal sent after the first records lands mid-run however fast the pipeline becomes.
SLOW_REPEAT = 400
SRC = Path(__file__).resolve().parents[2] / "src"


def make_inputs(root: Path, count: int, repeat: int = 40) -> list[Path]:
    """``count`` different small papers in two folders, same file names in both."""
    paths = []
    for i in range(count):
        folder = root / ("left" if i % 2 else "right") / f"g{i // 4}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"paper{i % 4}.txt"
        body = "".join(SENTENCES[(i + k) % 4] for k in range(repeat))
        path.write_text(f"第{i}号文件\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths


def batch_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "multilat_nlp.cli", "batch", *args]


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        batch_command(*args), env=env(), text=True, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, start_new_session=True,
    )


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(batch_command(*args), env=env(), text=True, capture_output=True,
                          timeout=120)


def wait_for_records(out: Path, count: int, process: subprocess.Popen[str]) -> None:
    manifest = out / "manifest.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if manifest.exists() and len(manifest.read_text().splitlines()) >= count:
            return
        if process.poll() is not None:
            raise AssertionError(f"the batch ended before {count} records: {process.stderr}")
        time.sleep(0.02)
    raise AssertionError("no manifest records in time")


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.extend(int(child) for child in text)
    return found


def kill_group(process: subprocess.Popen[str], sig: signal.Signals) -> None:
    os.killpg(process.pid, sig)


def check_complete(out: Path, good: list[Path]) -> list[dict[str, object]]:
    """Every good input has exactly one output whose source is that input; the manifest parses."""
    lines = (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]  # every line is whole JSON
    outputs = sorted(p for p in out.iterdir() if p.name != "manifest.jsonl")
    assert not [p for p in outputs if p.name.endswith(".tmp")], "a partial output is left"
    sources = [json.loads(p.read_text(encoding="utf-8"))["source"]["path"] for p in outputs]
    assert sorted(sources) == sorted(str(p) for p in good)
    last = {r["path"]: r for r in records}
    for path in good:
        assert last[str(path)]["status"] in ("ok", "skipped")
        assert (out / last[str(path)]["output"]).exists()
    return records
