"""SIGHAN 2005 word-segmentation scorer that reproduces the official perl ``score`` script.

The perl scorer writes each gold and predicted line one word a line, runs GNU ``diff -y`` and
counts a word as correct when diff leaves it unchanged. That is *not* exact span matching: diff
aligns the two word sequences by a longest-common-subsequence heuristic, so a word can count as
correct at a different character offset, and GNU diff's ``discard_confusing_lines`` speed-up
occasionally marks a matchable word as changed. On jieba output for the PKU and MSR test sets,
span matching disagrees with perl on 4 and 15 lines. This module therefore ports the parts of GNU
diffutils 3.8 that decide which lines are changed (identical prefix/suffix trimming,
``discard_confusing_lines``, ``compareseq``/``diag`` with the ``too_expensive`` cut-off; the
cosmetic ``shift_boundaries`` only moves changes between identical words and cannot alter any
count) and applies the perl script's own text handling on UTF-8 bytes:

* a line is stripped of ASCII whitespace, then U+3000 (and the Big5 byte pair ``A1 40``) become
  spaces, ``\\r`` is deleted and the rest is split on ASCII whitespace (``\\s`` in perl's byte
  mode: not U+00A0, not U+3000 before the substitution);
* a gold line without words is skipped together with its prediction;
* the OOV/IV split looks words up in the training word list; OOV rate = OOV words / gold words;
* quirks kept on purpose: an empty word (only possible after a leading U+3000) is never counted
  wrong; an unchanged gold word that is exactly ``|``, ``<`` or ``>`` counts as missed for recall
  (perl's regexes mistake it for diff's change marker) but not for precision.

Differences from perl, all in cases where perl crashes or silently misreads: a blank prediction
for a non-blank gold line scores as all-missed (perl dies dividing by zero); gold and prediction
must align line for line (perl silently stops at the shorter file), trailing blank lines aside;
and perl looks up words wider than diff's 61-column half line truncated, which only happens for
words over 30 CJK characters (none in PKU or MSR).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from multilat_nlp.evaluate.formats import read_sighan_lines, read_word_list

__all__ = [
    "read_sighan_lines",
    "read_word_list",
    "score_segmentation",
    "sighan_words",
]

_SPACE_RUN = re.compile(rb"[ \t\n\r\f\x0b]+")
_PERL_SPACE = b" \t\n\r\f\x0b"
_WIDE_SPACE = re.compile(rb"\xe3\x80\x80|\xa1\x40")
_MARKERS = frozenset((b"|", b"<", b">"))
_LIN_MAX = 1 << 62


def _perl_words(line: bytes) -> list[bytes]:
    """Split one line exactly like the perl scorer (see the module docstring)."""
    line = line.strip(_PERL_SPACE)
    line = _WIDE_SPACE.sub(b" ", line)
    line = line.replace(b"\r", b"")
    if not line:
        return []
    words = _SPACE_RUN.split(line)
    while words and not words[-1]:  # perl's split drops trailing empty fields, keeps leading
        words.pop()
    return words


def sighan_words(line: str) -> list[str]:
    """The words the scorer sees in ``line`` (handy to write predictions or to debug)."""
    return [w.decode("utf-8", "surrogateescape") for w in _perl_words(_encode(line))]


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


# ----------------------------------------------------------------- GNU diff (analyze.c) port


def _discards(equivs: Sequence[int], other_counts: dict[int, int]) -> list[int]:
    """``discard_confusing_lines`` for one file: 1 = discard, 0 = keep."""
    end = len(equivs)
    many = 5
    tem = end // 64
    while True:
        tem >>= 2
        if tem <= 0:
            break
        many *= 2
    discards = [0] * end
    for i, e in enumerate(equivs):
        nmatch = other_counts.get(e, 0)
        if nmatch == 0:
            discards[i] = 1
        elif nmatch > many:
            discards[i] = 2

    i = 0
    while i < end:
        if discards[i] == 2:
            discards[i] = 0
        elif discards[i] != 0:
            provisional = 0
            j = i
            while j < end and discards[j] != 0:
                if discards[j] == 2:
                    provisional += 1
                j += 1
            while j > i and discards[j - 1] == 2:
                j -= 1
                discards[j] = 0
                provisional -= 1
            length = j - i
            if provisional * 4 > length:
                while j > i:
                    j -= 1
                    if discards[j] == 2:
                        discards[j] = 0
            else:
                minimum = 1
                tem = length >> 2
                while True:
                    tem >>= 2
                    if tem <= 0:
                        break
                    minimum <<= 1
                minimum += 1
                j = 0
                consec = 0
                while j < length:
                    if discards[i + j] != 2:
                        consec = 0
                    else:
                        consec += 1
                        if consec == minimum:
                            j -= consec
                        elif consec > minimum:
                            discards[i + j] = 0
                    j += 1
                j = 0
                consec = 0
                while j < length:
                    if j >= 8 and discards[i + j] == 1:
                        break
                    if discards[i + j] == 2:
                        consec = 0
                        discards[i + j] = 0
                    elif discards[i + j] == 0:
                        consec = 0
                    else:
                        consec += 1
                    if consec == 3:
                        break
                    j += 1
                i += length - 1
                j = 0
                consec = 0
                while j < length:
                    if j >= 8 and discards[i - j] == 1:
                        break
                    if discards[i - j] == 2:
                        consec = 0
                        discards[i - j] = 0
                    elif discards[i - j] == 0:
                        consec = 0
                    else:
                        consec += 1
                    if consec == 3:
                        break
                    j += 1
        i += 1
    return [1 if d else 0 for d in discards]


@dataclass(slots=True)
class _Diff:
    """State of one ``compareseq`` run: the vectors, the diagonal arrays and the results."""

    xv: list[int]
    yv: list[int]
    fd: list[int]
    bd: list[int]
    off: int
    too_expensive: int

    def diag(
        self, xoff: int, xlim: int, yoff: int, ylim: int, find_minimal: bool
    ) -> tuple[int, int, bool, bool]:
        """Midpoint of the shortest edit script (Myers' middle snake, GNU variant)."""
        xv, yv, fd, bd, off = self.xv, self.yv, self.fd, self.bd, self.off
        dmin = xoff - ylim
        dmax = xlim - yoff
        fmid = xoff - yoff
        bmid = xlim - ylim
        fmin = fmax = fmid
        bmin = bmax = bmid
        odd = (fmid - bmid) & 1
        fd[off + fmid] = xoff
        bd[off + bmid] = xlim
        c = 1
        while True:
            if fmin > dmin:
                fmin -= 1
                fd[off + fmin - 1] = -1
            else:
                fmin += 1
            if fmax < dmax:
                fmax += 1
                fd[off + fmax + 1] = -1
            else:
                fmax -= 1
            for d in range(fmax, fmin - 1, -2):
                tlo = fd[off + d - 1]
                thi = fd[off + d + 1]
                x = thi if tlo < thi else tlo + 1
                y = x - d
                while x < xlim and y < ylim and xv[x] == yv[y]:
                    x += 1
                    y += 1
                fd[off + d] = x
                if odd and bmin <= d <= bmax and bd[off + d] <= x:
                    return x, y, True, True

            if bmin > dmin:
                bmin -= 1
                bd[off + bmin - 1] = _LIN_MAX
            else:
                bmin += 1
            if bmax < dmax:
                bmax += 1
                bd[off + bmax + 1] = _LIN_MAX
            else:
                bmax -= 1
            for d in range(bmax, bmin - 1, -2):
                tlo = bd[off + d - 1]
                thi = bd[off + d + 1]
                x = tlo if tlo < thi else thi - 1
                y = x - d
                while x > xoff and y > yoff and xv[x - 1] == yv[y - 1]:
                    x -= 1
                    y -= 1
                bd[off + d] = x
                if not odd and fmin <= d <= fmax and x <= fd[off + d]:
                    return x, y, True, True

            if not find_minimal and c >= self.too_expensive:
                return self._give_up(xoff, xlim, yoff, ylim, fmin, fmax, bmin, bmax)
            c += 1

    def _give_up(
        self, xoff: int, xlim: int, yoff: int, ylim: int, fmin: int, fmax: int, bmin: int, bmax: int
    ) -> tuple[int, int, bool, bool]:
        """diff's TOO_EXPENSIVE heuristic: split at the furthest-reaching diagonal so far."""
        fd, bd, off = self.fd, self.bd, self.off
        fxybest, fxbest = -1, 0
        for d in range(fmax, fmin - 1, -2):
            x = min(fd[off + d], xlim)
            y = x - d
            if ylim < y:
                x, y = ylim + d, ylim
            if fxybest < x + y:
                fxybest, fxbest = x + y, x
        bxybest, bxbest = _LIN_MAX, 0
        for d in range(bmax, bmin - 1, -2):
            x = max(xoff, bd[off + d])
            y = x - d
            if y < yoff:
                x, y = yoff + d, yoff
            if x + y < bxybest:
                bxybest, bxbest = x + y, x
        if (xlim + ylim) - bxybest < fxybest - (xoff + yoff):
            return fxbest, fxybest - fxbest, True, False
        return bxbest, bxybest - bxbest, False, True

    def compareseq(self, xlim: int, ylim: int, minimal: bool) -> tuple[list[bool], list[bool]]:
        """Changed flags for the undiscarded lines (``compareseq`` without recursion)."""
        xv, yv = self.xv, self.yv
        xchanged = [False] * xlim
        ychanged = [False] * ylim
        stack = [(0, xlim, 0, ylim, minimal)]
        while stack:
            xoff, xl, yoff, yl, find_minimal = stack.pop()
            while xoff < xl and yoff < yl and xv[xoff] == yv[yoff]:
                xoff += 1
                yoff += 1
            while xoff < xl and yoff < yl and xv[xl - 1] == yv[yl - 1]:
                xl -= 1
                yl -= 1
            if xoff == xl:
                for k in range(yoff, yl):
                    ychanged[k] = True
            elif yoff == yl:
                for k in range(xoff, xl):
                    xchanged[k] = True
            else:
                xmid, ymid, lo_minimal, hi_minimal = self.diag(xoff, xl, yoff, yl, find_minimal)
                stack.append((xmid, xl, ymid, yl, hi_minimal))
                stack.append((xoff, xmid, yoff, ymid, lo_minimal))
        return xchanged, ychanged


def _diff_changed(a: Sequence[bytes], b: Sequence[bytes]) -> tuple[list[bool], list[bool]]:
    """Which words GNU ``diff`` (no options) reports as changed when each is one line."""
    n0, n1 = len(a), len(b)
    prefix = 0
    while prefix < n0 and prefix < n1 and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    limit = min(n0, n1) - prefix
    while suffix < limit and a[n0 - 1 - suffix] == b[n1 - 1 - suffix]:
        suffix += 1
    mid_a = a[prefix : n0 - suffix]
    mid_b = b[prefix : n1 - suffix]

    classes: dict[bytes, int] = {}
    eq_a = [classes.setdefault(w, len(classes) + 1) for w in mid_a]
    eq_b = [classes.setdefault(w, len(classes) + 1) for w in mid_b]
    counts_a: dict[int, int] = {}
    counts_b: dict[int, int] = {}
    for e in eq_a:
        counts_a[e] = counts_a.get(e, 0) + 1
    for e in eq_b:
        counts_b[e] = counts_b.get(e, 0) + 1
    disc_a = _discards(eq_a, counts_b)
    disc_b = _discards(eq_b, counts_a)
    real_a = [i for i, d in enumerate(disc_a) if not d]
    real_b = [i for i, d in enumerate(disc_b) if not d]
    xv = [eq_a[i] for i in real_a]
    yv = [eq_b[i] for i in real_b]

    diags = len(xv) + len(yv) + 3
    too_expensive = 1
    while diags:
        too_expensive <<= 1
        diags >>= 2
    engine = _Diff(
        xv=xv,
        yv=yv,
        fd=[0] * (len(xv) + len(yv) + 3),
        bd=[0] * (len(xv) + len(yv) + 3),
        off=len(yv) + 1,
        too_expensive=max(4096, too_expensive),
    )
    xchanged, ychanged = engine.compareseq(len(xv), len(yv), minimal=False)

    changed_a = [False] * n0
    changed_b = [False] * n1
    for i, d in enumerate(disc_a):
        if d:
            changed_a[prefix + i] = True
    for i, d in enumerate(disc_b):
        if d:
            changed_b[prefix + i] = True
    for k, flag in enumerate(xchanged):
        if flag:
            changed_a[prefix + real_a[k]] = True
    for k, flag in enumerate(ychanged):
        if flag:
            changed_b[prefix + real_b[k]] = True
    return changed_a, changed_b


# ----------------------------------------------------------------- scoring


@dataclass(slots=True)
class _Totals:
    gold: int = 0
    test: int = 0
    gold_correct: int = 0
    test_correct: int = 0
    oov: int = 0
    oov_missed: int = 0
    iv: int = 0
    iv_missed: int = 0
    sentences: int = 0


def _as_line(pred: str | Sequence[str]) -> str:
    """A prediction line: a string as is, a token sequence joined with spaces (what the
    prediction file would contain, so whitespace inside tokens splits them, as in perl)."""
    if isinstance(pred, str):
        return pred
    return " ".join(pred)


def _check_alignment(gold: Sequence[list[bytes]], pred: Sequence[list[bytes]]) -> None:
    """Refuse misaligned files: perl would silently score only the common lines."""
    for i in range(len(pred), len(gold)):
        if gold[i]:
            raise ValueError(
                f"{len(gold)} gold lines but {len(pred)} predicted lines; "
                f"gold line {i + 1} has words and no prediction"
            )
    for i in range(len(gold), len(pred)):
        if pred[i]:
            raise ValueError(
                f"{len(gold)} gold lines but {len(pred)} predicted lines; "
                f"predicted line {i + 1} has words and no gold line"
            )


def score_segmentation(
    gold_lines: Sequence[str],
    pred_lines: Sequence[Sequence[str]] | Sequence[str],
    *,
    train_words: set[str] | None = None,
) -> dict[str, Any]:
    """Precision, recall, F1 and OOV/IV recall exactly as the SIGHAN 2005 perl scorer.

    ``gold_lines`` are gold lines with words separated by whitespace; ``pred_lines`` are either
    lines in the same form or token sequences, one per gold line. ``train_words`` is the
    training word list for the OOV split (see :func:`read_word_list`).

    Returns ``precision``, ``recall``, ``f1`` (floats), ``oov_rate``, ``oov_recall``,
    ``iv_recall`` (floats, ``None`` without ``train_words`` or when there is no OOV/IV word),
    ``sentences`` (gold lines with words), ``gold_words`` and ``predicted_words`` (ints).
    Raises ``ValueError`` if there is no gold word or the lines do not align.
    """
    gold_words = [_perl_words(_encode(line)) for line in gold_lines]
    pred_words = [_perl_words(_encode(_as_line(p))) for p in pred_lines]
    _check_alignment(gold_words, pred_words)
    vocab = None if train_words is None else {_encode(w) for w in train_words}

    t = _Totals()
    for gold, pred in zip(gold_words, pred_words, strict=False):
        if not gold:
            continue
        t.sentences += 1
        t.gold += len(gold)
        t.test += len(pred)
        changed_gold, changed_pred = _diff_changed(gold, pred)
        for word, changed in zip(gold, changed_gold, strict=True):
            if not word:
                t.gold_correct += 1  # perl cannot see an empty word in diff's output
                continue
            missed = changed or word in _MARKERS
            if not missed:
                t.gold_correct += 1
            if vocab is None:
                continue
            if word in vocab:
                t.iv += 1
                t.iv_missed += missed
            else:
                t.oov += 1
                t.oov_missed += missed
        # a predicted word is wrong if diff changed it, unless it is empty (invisible to perl)
        t.test_correct += sum(1 for w, ch in zip(pred, changed_pred, strict=True) if not (ch and w))

    if t.gold == 0:
        raise ValueError("no gold words to score")
    recall = t.gold_correct / t.gold
    precision = t.test_correct / t.test if t.test else 0.0
    beta = 1
    denominator = beta * precision + recall
    f1 = (1 + beta) * precision * recall / denominator if denominator else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "oov_rate": None if vocab is None else t.oov / t.gold,
        "oov_recall": None if vocab is None or t.oov == 0 else 1 - t.oov_missed / t.oov,
        "iv_recall": None if vocab is None or t.iv == 0 else 1 - t.iv_missed / t.iv,
        "sentences": t.sentences,
        "gold_words": t.gold,
        "predicted_words": t.test,
    }
