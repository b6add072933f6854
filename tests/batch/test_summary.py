"""The batch summary separates the pipeline's load from the run, so speed-ups can be read."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language

from multilat_nlp.batch import run

from ._helpers import make_inputs


def test_a_given_pipeline_costs_no_load_time(nlp: Language, tmp_path: Path) -> None:
    make_inputs(tmp_path / "in", 2, repeat=2)
    summary = run([tmp_path / "in"], tmp_path / "out", nlp=nlp, progress=False)
    assert summary.ok == 2
    assert summary.load_seconds == 0.0
    assert summary.as_dict()["load_seconds"] == 0.0


def test_a_pipeline_built_by_the_run_counts_its_load(tmp_path: Path) -> None:
    make_inputs(tmp_path / "in", 1, repeat=2)
    summary = run([tmp_path / "in"], tmp_path / "out", progress=False)
    assert summary.ok == 1
    assert 0.0 < summary.load_seconds <= summary.wall_seconds
