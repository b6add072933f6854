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
