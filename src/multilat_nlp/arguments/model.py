"""The learned layer: a linear model over binary features, stored as plain JSON.

The weights are data (feature names, class names, a coefficient per class and feature), so the
shipped model is small, diffable and loads without unpickling code. ``benchmarks/
train_arguments.py`` fits it with scikit-learn's LogisticRegression and writes this format.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import numpy
from numpy.typing import NDArray

MODEL_FORMAT = "multilat_nlp.argument_model/1"


@dataclass(frozen=True)
class LinearModel:
    """Scores ``intercept + sum(coef[:, feature])`` over the features present."""

    classes: tuple[str, ...]
    index: dict[str, int]
    coef: NDArray[numpy.float64]  # (features, classes)
    intercept: NDArray[numpy.float64]
    info: dict[str, Any]
    confidence_floor: dict[str, float] = field(default_factory=dict)
    """Per genre, the probability below which the cue tagger's label is kept
    (:func:`multilat_nlp.arguments.tagger.decide`); chosen by cross-validation on the training
    data only (``benchmarks/train_arguments.py``). 0 for a genre not named."""

    def scores(self, features: Iterable[str]) -> NDArray[numpy.float64]:
        columns = [self.index[f] for f in set(features) if f in self.index]
        total: NDArray[numpy.float64] = self.intercept.copy()
        if columns:
            total += self.coef[columns].sum(axis=0)
        return total

    def predict(self, features: Iterable[str]) -> tuple[str, float]:
        """The best class and its softmax probability."""
        scores = self.scores(features)
        best = int(numpy.argmax(scores))
        shifted = numpy.exp(scores - scores[best])
        return self.classes[best], float(1.0 / shifted.sum())

    def to_json(self) -> dict[str, Any]:
        names = sorted(self.index, key=self.index.__getitem__)
        return {
            "format": MODEL_FORMAT,
            "classes": list(self.classes),
            "intercept": [round(float(v), 4) for v in self.intercept],
            "weights": {
                name: [round(float(v), 4) for v in self.coef[self.index[name]]] for name in names
            },
            "info": self.info,
            **(
                {"confidence_floor": dict(sorted(self.confidence_floor.items()))}
                if self.confidence_floor
                else {}
            ),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinearModel:
        if data.get("format") != MODEL_FORMAT:
            raise ValueError(f"not an argument model ({data.get('format')!r})")
        names: Sequence[str] = list(data["weights"])
        coef = numpy.array([data["weights"][n] for n in names], dtype=numpy.float64)
        return cls(
            classes=tuple(data["classes"]),
            index={name: k for k, name in enumerate(names)},
            coef=coef.reshape(len(names), len(data["classes"])),
            intercept=numpy.array(data["intercept"], dtype=numpy.float64),
            info=dict(data.get("info", {})),
            confidence_floor={
                str(k): float(v) for k, v in data.get("confidence_floor", {}).items()
            },
        )


@cache
def shipped_model() -> LinearModel | None:
    """The model in ``resources/arguments/model.json`` (None before one is trained)."""
    resource = resources.files("multilat_nlp.resources").joinpath("arguments/model.json")
    if not resource.is_file():
        return None
    return LinearModel.from_json(json.loads(resource.read_text(encoding="utf-8")))
