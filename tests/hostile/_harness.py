"""Run one hostile case in a child process under hard limits, so a regression fails, not hangs.

The child gets ``RLIMIT_AS`` (address space) and a wall-clock timeout; it prints one JSON line
saying what happened (a result, or the error's class, MRO, path and cause) and its peak RSS.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

ADDRESS_SPACE = 1_500 * 2**20  # RLIMIT_AS of the child: a blow-up becomes MemoryError
PEAK_RSS = 1_000 * 2**20  # what the issue allows per case
TIMEOUT = 60.0

_PRELUDE = '''
import json, resource, sys, traceback

def _report(value=None, error=None):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    out = {"peak_rss": peak, "value": value}
    if error is not None:
        out["error"] = type(error).__name__
        out["mro"] = [c.__name__ for c in type(error).__mro__]
        out["message"] = str(error)
        out["path"] = getattr(error, "path", None)
        out["cause"] = getattr(error, "cause", None)
        out["traceback"] = traceback.format_exc()[-2000:]
    sys.stdout.write("\\n@@RESULT@@" + json.dumps(out, ensure_ascii=True) + "\\n")

def case():
'''

_EPILOGUE = '''
try:
    _value = case()
except BaseException as _err:
    _report(error=_err)
else:
    _report(value=_value)
'''


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def _run_limited(
    command: list[str | bytes | os.PathLike[str]], *, cwd: Path, timeout: float
) -> subprocess.CompletedProcess[bytes]:
    """``command`` in a child under the address-space limit, one BLAS/OpenMP thread."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    return subprocess.run(
        command,
        cwd=cwd,
        env=env,
        capture_output=True,
        timeout=timeout,
        preexec_fn=_limit,
        check=False,
    )


def run_case(body: str, *, cwd: Path, timeout: float = TIMEOUT) -> dict[str, Any]:
    """Run ``body`` (the statements of a function ``case()``) in a limited child process."""
    source = _PRELUDE + textwrap.indent(textwrap.dedent(body), "    ") + _EPILOGUE
    completed = _run_limited([sys.executable, "-c", source], cwd=cwd, timeout=timeout)
    stdout = completed.stdout.decode("utf-8", "replace")
    marker = stdout.rfind("@@RESULT@@")
    assert marker != -1, f"the case died (rc {completed.returncode}): {completed.stderr[-3000:]!r}"
    result: dict[str, Any] = json.loads(stdout[marker + len("@@RESULT@@") :])
    assert result["peak_rss"] <= PEAK_RSS, f"peak RSS {result['peak_rss']:,} bytes"
    return result


def assert_typed_error(result: dict[str, Any], name: str, *, path: str | None = None) -> None:
    """The case raised ``name`` (or a subclass), a MultilatError, naming the file and a cause."""
    assert "error" in result, f"expected {name}, got a result: {str(result['value'])[:300]}"
    assert name in result["mro"] and "MultilatError" in result["mro"], result.get("traceback")
    assert result["message"]
    if path is not None:
        assert result["path"] is not None and path in result["path"], result["message"]
        assert result["cause"], result["message"]


def cli_command(*args: str | bytes | os.PathLike[str]) -> list[str | bytes | os.PathLike[str]]:
    return [sys.executable, "-m", "multilat_nlp.cli", *args]


def run_cli(
    *args: str | bytes | os.PathLike[str], cwd: Path, timeout: float = TIMEOUT
) -> subprocess.CompletedProcess[bytes]:
    """``multilat-nlp ARGS`` in a limited child; stdout and stderr as bytes."""
    completed = _run_limited(cli_command(*args), cwd=cwd, timeout=timeout)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    assert peak <= PEAK_RSS, f"a child's peak RSS was {peak:,} bytes"
    return completed
