"""Atomic, non-destructive file writes: a reader never sees half a file, a crash never leaves
one for long, and an output path never replaces a device, a symlink's target or an input.
Also the one reader of user-supplied UTF-8 data files (dictionaries, gazetteers)."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from multilat_nlp.errors import ConfigError, MultilatError


class OutputError(MultilatError):
    """An output path that would destroy something (a device, a symlink, an input file)."""

    def __init__(self, path: str | Path, cause: str) -> None:
        self.path = os.fsdecode(path)
        self.cause = cause
        super().__init__(f"{self.path}: {cause}")


def read_user_text(path: Path, what: str, error: type[ConfigError] = ConfigError) -> str:
    """The text of a user's UTF-8 data file; ``error`` names the file (as ``what``) and why."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"cannot read {what} {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise error(f"{what} {path} is not UTF-8: {exc}") from exc


def check_output_target(path: str | Path, inputs: Iterable[str | Path] = ()) -> None:
    """Refuse an output path that is a symlink, not a regular file, or one of ``inputs``."""
    target = Path(path)
    try:
        info = target.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise OutputError(target, "is a symbolic link; refusing to write through or over it")
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(target, "exists and is not a regular file (a device, FIFO or folder)")
    for source in inputs:
        with contextlib.suppress(OSError):
            if os.path.samefile(source, target):
                raise OutputError(
                    target, f"is the input {os.fsdecode(source)}; refusing to overwrite it"
                )


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, fsync it, then rename it into place."""
    atomic_write_chunks(path, [data])


def atomic_write_chunks(path: str | Path, chunks: Iterable[bytes]) -> None:
    """:func:`atomic_write_bytes` for data made piece by piece (a long document's JSON).

    The temp name carries the writer's pid (``.NAME.PID.XXXX.tmp``), so
    :func:`remove_stale_temps` can tell a SIGKILLed writer's leftovers from a live one's.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent
        )
        # mkstemp makes the file private (0600); give it the permissions open() would have.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        if tmp_name is not None:
            Path(tmp_name).unlink(missing_ok=True)
        raise


def atomic_write_text(path: str | Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temps(folder: str | Path) -> list[Path]:
    """Delete temp files in ``folder`` left by writers that are no longer running (SIGKILL)."""
    removed: list[Path] = []
    try:
        candidates = list(Path(folder).glob(".*.tmp"))
    except OSError:
        return removed
    for candidate in candidates:
        parts = candidate.name.split(".")  # "", NAME..., PID, random, "tmp"
        pid = int(parts[-3]) if len(parts) >= 5 and parts[-3].isdigit() else None
        if pid is not None and (pid == os.getpid() or _pid_alive(pid)):
            continue
        with contextlib.suppress(OSError):
            candidate.unlink()
            removed.append(candidate)
    return removed
