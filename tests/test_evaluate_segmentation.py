"""SIGHAN segmentation scorer: hand-computed fixtures, perl quirks, and parity with perl."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

from multilat_nlp.evaluate.formats import EvaluationFormatError
from multilat_nlp.evaluate.segmentation import (
    read_sighan_lines,
    read_word_list,
    score_segmentation,
    sighan_words,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SIGHAN = SHARED / "eval" / "cws_sighan2005"


def test_basic_counts_and_oov_split() -> None:
    # gold 我们|是|中国|人, predicted 我们|是中国|人: 2 of 4 gold words, 2 of 3 predicted.
    # 人 is the only OOV word and is found; of the IV words only 我们 is found.
    result = score_segmentation(
        ["我们  是  中国  人"], ["我们 是中国 人"], train_words={"我们", "是", "中国"}
    )
    assert result["recall"] == pytest.approx(2 / 4)
    assert result["precision"] == pytest.approx(2 / 3)
    assert result["f1"] == pytest.approx(4 / 7)
    assert result["oov_rate"] == pytest.approx(1 / 4)
    assert result["oov_recall"] == pytest.approx(1.0)
    assert result["iv_recall"] == pytest.approx(1 / 3)
    assert (result["sentences"], result["gold_words"], result["predicted_words"]) == (1, 4, 3)


def test_token_lists_and_blank_gold_lines() -> None:
    # The blank gold line is skipped together with its prediction (x is not counted at all).
    result = score_segmentation(["a b", "", "c d e"], [["a", "b"], ["x"], ["c", "de"]])
    assert result["recall"] == pytest.approx(3 / 5)
    assert result["precision"] == pytest.approx(3 / 4)
    assert result["sentences"] == 2
    assert result["predicted_words"] == 4
    assert result["oov_rate"] is None
    assert result["oov_recall"] is None
    assert result["iv_recall"] is None


def test_words_are_aligned_like_diff_not_by_offset() -> None:
    # 的|的的 against 的的|的: no word has the same offsets, but diff keeps one of them.
    result = score_segmentation(["的  的的"], ["的的 的"], train_words={"的"})
    assert result["recall"] == pytest.approx(1 / 2)
    assert result["precision"] == pytest.approx(1 / 2)
    # diff keeps 的的 (OOV) and changes 的 (IV)
    assert result["oov_recall"] == pytest.approx(1.0)
    assert result["iv_recall"] == pytest.approx(0.0)


def test_diff_discard_heuristic_is_followed() -> None:
    # 的 occurs 6 times in the prediction (more than diff's threshold of 5) and sits in the
    # middle of a run of gold words the prediction lacks, so GNU diff discards it unmatched.
    # A longest-common-subsequence scorer would give 2/8; perl (via diff) gives 1/8.
    result = score_segmentation(
        ["好 甲 乙 丙 的 丁 戊 己"], ["好 的 的 的 的 的 的 甲乙丙丁戊己"], train_words={"的"}
    )
    assert result["recall"] == pytest.approx(1 / 8)
    assert result["precision"] == pytest.approx(1 / 8)
    assert result["iv_recall"] == pytest.approx(0.0)
    assert result["oov_recall"] == pytest.approx(1 / 7)


def test_marker_words_count_as_missed_for_recall_only() -> None:
    # perl mistakes an unchanged gold word "|" or "<" for diff's change marker.
    result = score_segmentation(["| 和 <"], ["| 和 <"], train_words={"和"})
    assert result["recall"] == pytest.approx(1 / 3)
    assert result["precision"] == pytest.approx(1.0)
    assert result["oov_recall"] == pytest.approx(0.0)
    assert result["iv_recall"] == pytest.approx(1.0)


def test_whitespace_rules_follow_perl() -> None:
    # A leading U+3000 becomes a space after the strip, so perl sees an empty first word,
    # which always counts as correct; U+3000 inside a line separates words.
    result = score_segmentation(["\u3000中国  人民"], ["中国\u3000人民"], train_words={"中国"})
    assert result["gold_words"] == 3
    assert result["recall"] == pytest.approx(1.0)
    assert result["oov_rate"] == pytest.approx(1 / 3)
    # \r is deleted (joining 中\r国), U+00A0 is not whitespace for perl, \v is.
    assert sighan_words("中\r国 人民  a\xa0b\x0bc\r\n") == ["中国", "人民", "a\xa0b", "c"]
    assert sighan_words("  \t ") == []


def test_blank_prediction_scores_zero_instead_of_crashing() -> None:
    result = score_segmentation(["a b", "c"], ["a b", ""])
    assert result["recall"] == pytest.approx(2 / 3)
    assert result["precision"] == pytest.approx(1.0)


def test_misaligned_files_are_refused() -> None:
    with pytest.raises(ValueError, match="gold line 2"):
        score_segmentation(["a", "b"], ["a"])
    with pytest.raises(ValueError, match="predicted line 2"):
        score_segmentation(["a"], ["a", "b"])
    # trailing blank lines on either side are fine
    assert score_segmentation(["a", ""], ["a"])["f1"] == pytest.approx(1.0)
    assert score_segmentation(["a"], ["a", "  "])["f1"] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="no gold words"):
        score_segmentation(["", " "], ["", ""])


def test_read_word_list_like_perl(tmp_path: Path) -> None:
    path = tmp_path / "words.txt"
    # the final line has no newline: perl's chop eats its last character
    path.write_bytes("甲\n乙\r\n  丙  \n\nab".encode())
    assert read_word_list(path) == {"甲", "乙", "丙", "a"}
    path.write_bytes("甲\n乙".encode())
    assert read_word_list(path) == {"甲"}
    path.write_bytes(b"\xff\xfe\n")
    with pytest.raises(EvaluationFormatError, match=r"words\.txt:1"):
        read_word_list(path)
    with pytest.raises(EvaluationFormatError, match="cannot read"):
        read_word_list(tmp_path / "missing.txt")


def test_read_sighan_lines_splits_on_newline_only(tmp_path: Path) -> None:
    path = tmp_path / "gold.utf8"
    path.write_bytes("a\x0bb\r\nc\u2028d\n\ne\n".encode())
    assert read_sighan_lines(path) == ["a\x0bb\r", "c\u2028d", "", "e"]
    path.write_bytes(b"ok\n\xe4\xb8\n")
    with pytest.raises(EvaluationFormatError, match=r"gold\.utf8:2"):
        read_sighan_lines(path)


# ------------------------------------------------------------------ parity with the perl scorer


def _perturb(words: Sequence[str], counter: list[int]) -> list[str]:
    """Deterministic damage: merge every 3rd word with the next, split every 5th (len >= 2)."""
    out: list[str] = []
    i = 0
    while i < len(words):
        counter[0] += 1
        word = words[i]
        if counter[0] % 3 == 0 and i + 1 < len(words):
            out.append(word + words[i + 1])
            i += 2
            continue
        if counter[0] % 5 == 0 and len(word) >= 2:
            out.extend((word[:1], word[1:]))
        else:
            out.append(word)
        i += 1
    return out


def _perl_summary(words: Path, gold: Path, pred: Path) -> list[str]:
    script = SIGHAN / "scripts" / "score"
    done = subprocess.run(
        ["perl", str(script), str(words), str(gold), str(pred)],
        capture_output=True,
        check=True,
        timeout=300,
    )
    summary = [
        line for line in done.stdout.decode("utf-8", "replace").splitlines() if line[:3] == "###"
    ]
    assert summary, done.stderr.decode("utf-8", "replace")
    return summary[-1].split("\t")


def _require_perl() -> None:
    if not SIGHAN.is_dir():
        pytest.skip("../shared/eval/cws_sighan2005 is not present")
    if shutil.which("perl") is None or not Path("/usr/bin/diff").exists():
        pytest.skip("perl or /usr/bin/diff (used by the SIGHAN scorer) is not available")


def test_same_scores_as_perl_on_pku_sample(tmp_path: Path) -> None:
    _require_perl()
    gold_lines = read_sighan_lines(SIGHAN / "test" / "gold" / "pku_test_gold.utf8")[:300]
    counter = [0]
    predicted = [" ".join(_perturb(sighan_words(line), counter)) for line in gold_lines]
    gold_path = tmp_path / "gold.utf8"
    pred_path = tmp_path / "pred.utf8"
    gold_path.write_text("\n".join(gold_lines) + "\n", encoding="utf-8", newline="")
    pred_path.write_text("\n".join(predicted) + "\n", encoding="utf-8", newline="")
    words_path = SIGHAN / "train_wordlists" / "pku_training_words.utf8"

    fields = _perl_summary(words_path, gold_path, pred_path)
    ours = score_segmentation(gold_lines, predicted, train_words=read_word_list(words_path))
    assert ours["precision"] < 0.95  # the perturbation really changes something
    assert int(fields[6]) == ours["gold_words"]
    assert int(fields[7]) == ours["predicted_words"]
    keys = ("recall", "precision", "f1", "oov_rate", "oov_recall", "iv_recall")
    assert fields[8:14] == [f"{ours[key]:.3f}" for key in keys]


@pytest.mark.parametrize(
    ("gold", "pred"),
    [
        ("我们  是  中国  人", "我们 是中国 人"),
        ("的  的的", "的的 的"),
        ("好 甲 乙 丙 的 丁 戊 己", "好 的 的 的 的 的 的 甲乙丙丁戊己"),
        ("| 和 <", "| 和 <"),
        ("\u3000中国  人民", "中国\u3000人民"),
    ],
)
def test_fixtures_agree_with_perl(tmp_path: Path, gold: str, pred: str) -> None:
    _require_perl()
    words = {"我们", "的", "和", "中国"}
    paths = {name: tmp_path / name for name in ("words", "gold", "pred")}
    paths["words"].write_text("\n".join(sorted(words)) + "\n", encoding="utf-8")
    paths["gold"].write_text(gold + "\n", encoding="utf-8")
    paths["pred"].write_text(pred + "\n", encoding="utf-8")
    fields = _perl_summary(paths["words"], paths["gold"], paths["pred"])
    ours = score_segmentation([gold], [pred], train_words=words)
    keys = ("recall", "precision", "f1", "oov_rate")
    assert fields[8:12] == [f"{ours[key]:.3f}" for key in keys]
    for field, key in ((fields[12], "oov_recall"), (fields[13], "iv_recall")):
        assert field == ("--" if ours[key] is None else f"{ours[key]:.3f}")
