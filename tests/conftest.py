"""Shared fixtures: one pipeline per session, and the shared evaluation data when it exists."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from spacy.language import Language

import multilat_nlp

#: ../shared beside the checkout: evaluation data and the seed paper, never copied in here.
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seed" / "000_cd34105e53f3530d.txt"
REPORTS = SHARED / "eval" / "policy_gov_work_reports" / "docs"

# hypothesis keeps its example database and caches in .hypothesis/ of the working folder by
# default; no test may leave files outside a temp folder (issue 14), so they go to the temp dir.
os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY", str(Path(tempfile.gettempdir()) / "multilat_nlp-hypothesis")
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="run the slow tests over shared data")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: pass --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def nlp() -> Language:
    return multilat_nlp.load()


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("../shared/seed is not present")
    return SEED.read_text(encoding="utf-8")


def to_traditional(text: str) -> str:
    """``text`` in Traditional characters, one for one (OpenCC's first S→T choice): the Big5
    twin of a Simplified fixture. Only for building test input."""
    from importlib import resources

    table: dict[int, str] = {}
    folder = resources.files("opencc").joinpath("dictionary")
    for line in folder.joinpath("STCharacters.txt").read_text(encoding="utf-8").splitlines():
        simplified, _, forms = line.partition("\t")
        first = forms.split(" ")[0] if forms else ""
        if len(simplified) == 1 and len(first) == 1:
            table[ord(simplified)] = first
    return text.translate(table)
