"""The library's error types, in one place so that callers can catch them by family."""

from __future__ import annotations


class MultilatError(Exception):
    """Base class of every error this library raises on purpose."""


class ConfigError(MultilatError, ValueError):
    """A pipeline config, override or dictionary is wrong; the message says which and how."""


class PipelineError(MultilatError):
    """The stages of a pipeline do not fit together (a requirement no earlier stage assigns)."""


class SchemaError(MultilatError, ValueError):
    """A JSON document does not have the shape or version this library reads."""


class InputError(MultilatError, ValueError):
    """What was handed to ``nlp(...)`` is not text this library analyses (wrong type)."""


class TextTooLongError(InputError):
    """The text is over the byte limit (``load(max_bytes=...)``, ``--max-bytes``)."""

    def __init__(self, size: int, limit: int) -> None:
        self.size = size
        self.limit = limit
        super().__init__(
            f"text is {size:,} bytes in UTF-8, over the limit of {limit:,} bytes "
            "(raise it with load(max_bytes=...) or --max-bytes)"
        )
