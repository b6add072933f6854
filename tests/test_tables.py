"""The cache of parsed jieba tables: same table as parsing, never a stale or broken copy."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from multilat_nlp._tables import cached_table, jieba_file


def _parse(path: Path) -> dict[str, str]:
    return dict(line.split("\t") for line in path.read_text(encoding="utf-8").splitlines())


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MULTILAT_NLP_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "tables"


def test_second_read_comes_from_the_cache_and_equals_the_parse(
    tmp_path: Path, cache: Path
) -> None:
    source = tmp_path / "table.tsv"
    source.write_text("一带一路\tnz\n东盟\tnt\n", encoding="utf-8")
    calls: list[Path] = []

    def parse(path: Path) -> dict[str, str]:
        calls.append(path)
        return _parse(path)

    first = cached_table("t", source, parse)
    second = cached_table("t", source, parse)
    assert first == second == {"一带一路": "nz", "东盟": "nt"}
    assert len(calls) == 1
    assert len(list(cache.glob("t-*.marshal"))) == 1


def test_a_changed_source_is_parsed_again_and_the_old_copy_goes(
    tmp_path: Path, cache: Path
) -> None:
    source = tmp_path / "table.tsv"
    source.write_text("甲\tn\n", encoding="utf-8")
    cached_table("t", source, _parse)
    source.write_text("甲\tn\n乙\tv\n", encoding="utf-8")
    os.utime(source, ns=(1, 1))
    assert cached_table("t", source, _parse) == {"甲": "n", "乙": "v"}
    assert len(list(cache.glob("t-*.marshal"))) == 1


def test_a_broken_cache_file_falls_back_to_parsing(tmp_path: Path, cache: Path) -> None:
    source = tmp_path / "table.tsv"
    source.write_text("甲\tn\n", encoding="utf-8")
    cached_table("t", source, _parse)
    (copy,) = cache.glob("t-*.marshal")
    copy.write_bytes(b"\x00garbage")
    assert cached_table("t", source, _parse) == {"甲": "n"}


def test_jieba_files_are_found_without_importing_jieba() -> None:
    was_loaded = "jieba" in sys.modules
    assert jieba_file("dict.txt").is_file()
    assert jieba_file("analyse", "idf.txt").is_file()
    assert ("jieba" in sys.modules) == was_loaded
