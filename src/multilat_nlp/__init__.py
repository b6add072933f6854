"""multilat_nlp: analysis of Chinese policy texts with exact character offsets.

>>> import multilat_nlp
>>> nlp = multilat_nlp.load()
>>> doc = nlp("我们坚持多边主义，推动构建人类命运共同体。")
>>> multilat_nlp.to_json(doc)["tokens"][2]["text"]
'多边主义'
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

from multilat_nlp._version import __version__
from multilat_nlp.document import SCHEMA_VERSION, dumps, from_json, to_json
from multilat_nlp.errors import ConfigError, MultilatError, PipelineError, SchemaError
from multilat_nlp.files import analyze
from multilat_nlp.pipeline import available_pipelines, config_of, load, to_toml
from multilat_nlp.reading import RawText, ReadError, read

if TYPE_CHECKING:
    from multilat_nlp.comparison import Comparison, compare
    from multilat_nlp.corpus import Corpus

logging.getLogger(__name__).addHandler(logging.NullHandler())

#: Imported on first use: term comparison pulls in scipy.stats and scipy.sparse (0.3-0.7 s),
#: which ``multilat-nlp analyze`` and the pipeline never need.
_LAZY = {
    "Comparison": "multilat_nlp.comparison",
    "compare": "multilat_nlp.comparison",
    "Corpus": "multilat_nlp.corpus",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value

__all__ = [
    "SCHEMA_VERSION",
    "Comparison",
    "ConfigError",
    "Corpus",
    "MultilatError",
    "PipelineError",
    "RawText",
    "ReadError",
    "SchemaError",
    "__version__",
    "analyze",
    "available_pipelines",
    "compare",
    "config_of",
    "dumps",
    "from_json",
    "load",
    "read",
    "to_json",
    "to_toml",
]
