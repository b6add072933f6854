"""``multilat-nlp analyze`` outputs under hostile paths: nothing is destroyed, names never
collide, file names that are not UTF-8 give valid UTF-8 JSON, streams are written as they go."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import time
from pathlib import Path

import pytest

from tests.hostile._harness import cli_command, run_cli

TEXT = "一、总体要求\n我们要坚持稳中求进工作总基调。推动高质量发展。\n"


def _input(folder: Path, name: str | bytes = "paper.txt", text: str = TEXT) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = Path(os.fsdecode(os.path.join(os.fsencode(folder), os.fsencode(name))))
    path.write_text(text, encoding="utf-8")
    return path


def test_output_on_a_fifo_or_device_is_refused(tmp_path: Path) -> None:
    source = _input(tmp_path)
    node = tmp_path / "node"
    if os.geteuid() == 0:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a null device, in tmp_path
    else:
        os.mkfifo(node)
    before = node.lstat()
    done = run_cli("analyze", source, "-o", node, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert b"not a regular file" in done.stderr
    after = node.lstat()
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)


def test_output_through_a_symlink_is_refused(tmp_path: Path) -> None:
    source = _input(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    link = tmp_path / "out.json"
    link.symlink_to(victim)
    done = run_cli("analyze", source, "-o", link, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert link.is_symlink() and victim.read_text(encoding="utf-8") == "keep me"


def test_output_onto_the_input_is_refused(tmp_path: Path) -> None:
    source = _input(tmp_path, "paper.json", TEXT)
    done = run_cli("analyze", source, "-o", source, "--encoding", "utf-8", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert source.read_text(encoding="utf-8") == TEXT


def test_symlink_inside_the_output_folder_is_not_followed(tmp_path: Path) -> None:
    source = _input(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me", encoding="utf-8")
    (out / "paper.json").symlink_to(outside)
    done = run_cli("analyze", source, "-o", f"{out}/", cwd=tmp_path)
    assert done.returncode == 1 and b"symbolic link" in done.stderr
    assert outside.read_text(encoding="utf-8") == "keep me"


def test_same_stem_inputs_get_distinct_outputs(tmp_path: Path) -> None:
    inputs = [
        _input(tmp_path / "a", "report.txt", TEXT),
        _input(tmp_path / "b", "report.txt", TEXT + "第二份。\n"),
        _input(tmp_path / "a", "report.html", "<p>" + TEXT + "</p>"),
        _input(tmp_path / "a", "unique.txt", TEXT),
    ]
    out = tmp_path / "out"
    done = run_cli("analyze", *inputs, "-o", f"{out}/", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 4 and "unique.json" in names
    sources = {json.loads(p.read_text(encoding="utf-8"))["source"]["path"] for p in out.iterdir()}
    assert sources == {str(p) for p in inputs}


def test_non_utf8_file_name_gives_valid_utf8_json(tmp_path: Path) -> None:
    source = _input(tmp_path, b"bad-\xff\xfe-name.txt")
    for output in ("-", str(tmp_path / "one.json"), f"{tmp_path / 'dir'}/"):
        done = run_cli("analyze", source, "-o", output, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        if output == "-":
            payload = done.stdout
        elif output.endswith("/"):
            (written,) = (tmp_path / "dir").iterdir()
            payload = written.read_bytes()
        else:
            payload = (tmp_path / "one.json").read_bytes()
        document = json.loads(payload.decode("utf-8"))  # strict UTF-8
        assert document["source"]["path"] == str(source)  # the surrogateescape str, loss-free


def test_stale_temp_files_are_removed_on_the_next_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    gone = subprocess.Popen(["true"])
    gone.wait()
    stale = out / f".paper.json.{gone.pid}.k3j2h1g0.tmp"
    stale.write_bytes(b"half a document")
    live = out / f".other.json.{os.getpid()}.a1b2c3d4.tmp"  # a writer still running
    live.write_bytes(b"in progress")
    done = run_cli("analyze", _input(tmp_path / "in"), "-o", f"{out}/", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert not stale.exists() and live.exists()


def test_sigkill_mid_write_leaves_only_what_the_next_run_cleans(tmp_path: Path) -> None:
    big = _input(tmp_path / "in", "big.txt", TEXT * 30_000)
    out = tmp_path / "out"
    process = subprocess.Popen(cli_command("analyze", big, "-o", f"{out}/"), cwd=tmp_path,
                               stderr=subprocess.DEVNULL)
    time.sleep(2.0)
    process.send_signal(signal.SIGKILL)
    process.wait()
    done = run_cli("analyze", _input(tmp_path / "in", "small.txt"), "-o", f"{out}/",
                   cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("target", ["-", "out.jsonl"])
def test_streams_write_each_document_when_done(tmp_path: Path, target: str) -> None:
    """A run killed during its second document keeps the first, complete and flushed."""
    small = _input(tmp_path / "in", "small.txt")
    big = _input(tmp_path / "in", "big.txt", TEXT * 60_000)
    stdout_path = tmp_path / "stdout.jsonl"
    with stdout_path.open("wb") as stdout:
        process = subprocess.Popen(
            cli_command("analyze", small, big, big, "-o", target),
            cwd=tmp_path, stdout=stdout, stderr=subprocess.DEVNULL,
        )
        written = stdout_path if target == "-" else tmp_path / target
        deadline = time.monotonic() + 50
        while time.monotonic() < deadline and process.poll() is None:
            if written.exists() and written.read_bytes().endswith(b"\n"):
                break
            time.sleep(0.05)
        assert process.poll() is None, "the run ended before the first line could be seen"
        process.send_signal(signal.SIGKILL)
        process.wait()
    lines = written.read_bytes().splitlines()
    assert lines and json.loads(lines[0])["source"]["path"] == str(small)


def test_unknown_encoding_is_a_usage_error(tmp_path: Path) -> None:
    done = run_cli("analyze", _input(tmp_path), "--encoding", "nonsense", cwd=tmp_path)
    assert done.returncode == 2 and b"nonsense" in done.stderr


def test_a_failing_file_does_not_lose_the_others(tmp_path: Path) -> None:
    """A text over --max-bytes fails alone; the files after it are still written."""
    inputs = [_input(tmp_path, "long.txt", TEXT * 50), _input(tmp_path, "short.txt")]
    done = run_cli("analyze", *inputs, "--max-bytes", "1000", "-o", "-", cwd=tmp_path)
    assert done.returncode == 1
    assert b"long.txt" in done.stderr and b"1,000" in done.stderr
    (line,) = done.stdout.splitlines()
    assert json.loads(line)["source"]["path"] == str(inputs[1])
