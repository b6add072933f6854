"""Errors raised by the reading layer.

Every error names the file and the cause, so a batch run over thousands of papers can log one
line per bad file and move on. Catch :class:`ReadError` to handle them all.
"""

from __future__ import annotations

from typing import Any

from multilat_nlp.errors import MultilatError

__all__ = [
    "BinaryFileError",
    "CorruptDocumentError",
    "EmptyFileError",
    "EncodingError",
    "EncryptedDocumentError",
    "FileAccessError",
    "FileTooLargeError",
    "MissingDependencyError",
    "ReadError",
    "UnsafeDocumentError",
    "UnsupportedFormatError",
]


def _restore(cls: type[ReadError], args: tuple[Any, ...], state: dict[str, Any]) -> ReadError:
    """Rebuild an error after pickling; the subclasses' keyword-only __init__ can't take args."""
    obj = cls.__new__(cls)
    Exception.__init__(obj, *args)
    obj.__dict__.update(state)
    return obj


class ReadError(MultilatError):
    """A file could not be turned into text; ``path`` names it, ``cause`` says why."""

    path: str | None
    cause: str

    def __init__(self, path: str | None, cause: str) -> None:
        self.path = path
        self.cause = cause
        super().__init__(f"{path if path is not None else '<bytes>'}: {cause}")

    def __reduce__(self) -> tuple[Any, ...]:
        # Errors cross process boundaries in batch runs, so they must survive pickling.
        return (_restore, (type(self), self.args, dict(self.__dict__)))


class FileAccessError(ReadError):
    """The file could not be opened or read (missing, a directory, no permission)."""


class EmptyFileError(ReadError):
    """The file has no bytes, or only whitespace once decoded."""

    def __init__(self, path: str | None, cause: str = "file is empty or whitespace only") -> None:
        super().__init__(path, cause)


class BinaryFileError(ReadError):
    """The bytes look like binary data rather than text."""


class EncodingError(ReadError):
    """The encoding could not be determined, or the bytes are invalid for the declared one."""

    offset: int | None
    encoding: str | None

    def __init__(
        self,
        path: str | None,
        cause: str,
        *,
        offset: int | None = None,
        encoding: str | None = None,
    ) -> None:
        self.offset = offset
        self.encoding = encoding
        super().__init__(path, cause)


class FileTooLargeError(ReadError):
    """The input exceeds a size limit; refused before it is read into memory."""

    size: int
    limit: int

    def __init__(self, path: str | None, *, size: int, limit: int, what: str = "file") -> None:
        self.size = size
        self.limit = limit
        super().__init__(
            path,
            f"{what} is {size:,} bytes, over the limit of {limit:,} bytes "
            "(raise it with max_bytes=)",
        )


class CorruptDocumentError(ReadError):
    """A PDF or .docx is damaged, truncated, or not of the format its name claims."""


class EncryptedDocumentError(ReadError):
    """The document is password-protected; we never try to guess passwords."""


class UnsafeDocumentError(ReadError):
    """The document looks built to exhaust resources (zip bomb) or to leak files (XXE/DTD)."""


class UnsupportedFormatError(ReadError):
    """The format is recognised but not supported (e.g. legacy .doc), or unknown."""


class MissingDependencyError(ReadError):
    """An optional extra is needed for this format; the message gives the pip line."""

    package: str
    extra: str | None

    def __init__(
        self, path: str | None, *, package: str, purpose: str, extra: str | None = None
    ) -> None:
        self.package = package
        self.extra = extra
        install = f'pip install "multilat-nlp[{extra}]"' if extra else f"pip install {package}"
        super().__init__(path, f"{purpose} needs {package}, which is not installed: {install}")
