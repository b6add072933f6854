from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from multilat_nlp import __version__
from multilat_nlp.cli import EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, main
from multilat_nlp.document import load_schema
from tests.conftest import SEED

PAPER = "一、总体要求\n坚持多边主义，推动构建人类命运共同体。\n完善全球治理。\n"


@pytest.fixture
def paper(tmp_path: Path) -> Path:
    path = tmp_path / "paper.txt"
    path.write_text(PAPER, encoding="utf-8")
    return path


def test_analyze_one_file_writes_one_valid_object(paper: Path, tmp_path: Path) -> None:
    out = tmp_path / "paper.json"
    assert main(["analyze", str(paper), "-o", str(out)]) == EXIT_OK
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, load_schema())
    assert data["source"]["path"] == str(paper)
    assert data["source"]["encoding"] in {"utf-8", "ascii"}
    assert "多边主义" in out.read_text(encoding="utf-8")  # ensure_ascii=False


def test_analyze_gb18030_file(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(PAPER.encode("gb18030"))
    out = tmp_path / "gbk.json"
    assert main(["analyze", str(path), "-o", str(out)]) == EXIT_OK
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["source"]["encoding"] == "gb18030"
    assert "多边主义" in [t["text"] for t in data["tokens"]]


def test_several_files_to_a_folder_with_one_failure(
    paper: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "out"
    assert main(["analyze", str(paper), str(empty), "-o", f"{out}/"]) == EXIT_SOME_FAILED
    assert (out / "paper.json").is_file()
    assert not (out / "empty.json").exists()
    assert "empty.txt" in capsys.readouterr().err


def test_several_files_to_stdout_are_json_lines(
    paper: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    second = tmp_path / "second.txt"
    second.write_text("推进乡村振兴。", encoding="utf-8")
    assert main(["analyze", str(paper), str(second), "-o", "-"]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["text"] for line in lines] == [PAPER, "推进乡村振兴。"]


def test_several_files_to_one_json_file_is_a_usage_error(paper: Path, tmp_path: Path) -> None:
    assert main(["analyze", str(paper), str(paper), "-o", str(tmp_path / "x.json")]) == EXIT_USAGE


def test_set_and_pipeline_options(paper: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(paper), "--pipeline", "fast", "--set", "segment.engine=jieba"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["pipeline"]["name"] == "fast"


def test_bad_set_and_unknown_pipeline_exit_2(
    paper: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", str(paper), "--set", "nonsense"]) == EXIT_USAGE
    assert main(["analyze", str(paper), "--pipeline", "nope"]) == EXIT_USAGE
    assert "unknown pipeline" in capsys.readouterr().err


def test_usage_error_exit_code_from_argparse() -> None:
    with pytest.raises(SystemExit) as info:
        main(["analyze"])
    assert info.value.code == EXIT_USAGE


def test_demo_writes_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "-o", str(tmp_path / "demo")]) == EXIT_OK
    written = list((tmp_path / "demo").glob("*.json"))
    assert len(written) == 1
    data = json.loads(written[0].read_text(encoding="utf-8"))
    assert len(data["tokens"]) > 5000
    assert str(tmp_path / "demo") in capsys.readouterr().out


def test_console_script_version_and_help() -> None:
    run = [sys.executable, "-m", "multilat_nlp.cli"]
    version = subprocess.run([*run, "--version"], capture_output=True, text=True, check=True)
    assert __version__ in version.stdout
    helped = subprocess.run([*run, "--help"], capture_output=True, text=True, check=True)
    assert "examples:" in helped.stdout


def test_analyze_seed_offsets_exact(tmp_path: Path) -> None:
    if not SEED.exists():
        pytest.skip("../shared/seed is not present")
    out = tmp_path / "seed.json"
    assert main(["analyze", str(SEED), "-o", str(out)]) == EXIT_OK
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, load_schema())
    text = data["text"]
    assert all(text[t["start"] : t["end"]] == t["text"] for t in data["tokens"])


@pytest.mark.parametrize("mode", ["compact", "none"])
def test_analyze_tokens_option(paper: Path, tmp_path: Path, mode: str) -> None:
    full, other = tmp_path / "full.json", tmp_path / f"{mode}.json"
    assert main(["analyze", str(paper), "-o", str(full)]) == EXIT_OK
    assert main(["analyze", str(paper), "-o", str(other), "--tokens", mode]) == EXIT_OK
    data = json.loads(other.read_text(encoding="utf-8"))
    jsonschema.validate(data, load_schema())
    assert data["token_encoding"] == mode and data["tokens"] == []
    assert other.stat().st_size < full.stat().st_size
    reference = json.loads(full.read_text(encoding="utf-8"))
    assert data["sentences"] == reference["sentences"]
    if mode == "compact":
        assert len(data["token_arrays"]["start"]) == len(reference["tokens"])


def test_batch_tokens_mode_is_part_of_resume(paper: Path, tmp_path: Path) -> None:
    from multilat_nlp.batch import read_manifest, run

    out = tmp_path / "out"
    assert run([paper], out, tokens="compact", progress=False).ok == 1
    (output,) = out.glob("*.json")
    assert json.loads(output.read_text(encoding="utf-8"))["token_encoding"] == "compact"
    again = run([paper], out, tokens="full", resume=True, progress=False)
    assert again.ok == 1 and again.skipped == 0  # another mode is another output: re-run
    assert "token_encoding" not in json.loads(output.read_text(encoding="utf-8"))
    assert run([paper], out, tokens="full", resume=True, progress=False).skipped == 1
    assert [r["tokens"] for r in read_manifest(out)] == ["compact", "full", "full"]
