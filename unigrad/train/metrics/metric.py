"""The ``Metric`` base of ``mindspore.train.metrics`` and the checks its metrics share.

Metrics run on the host in NumPy whatever the backend: ``update`` turns its inputs (unigrad Tensors of any
backend, NumPy arrays or lists) into arrays, and the running sums stay NumPy values, as MindSpore keeps them.
"""
from __future__ import annotations

import functools
from abc import ABCMeta, abstractmethod
from typing import Any, Callable, Sequence

import numpy as np

from unigrad._tensor import Tensor

EVAL_TYPES = ("classification", "multilabel")


def rearrange_inputs(func: Callable) -> Callable:
    """Decorate ``update`` so that the metric's ``indexes`` pick and order its inputs (MindSpore's decorator)."""
    @functools.wraps(func)
    def wrapper(self, *inputs):
        indexes = self.indexes
        if indexes:
            inputs = tuple(inputs[i] for i in indexes)
        return func(self, *inputs)
    return wrapper


class Metric(metaclass=ABCMeta):
    """A running measure over an evaluation: ``clear`` resets it, ``update`` adds a batch, ``eval`` gives the
    result; ``set_indexes`` picks which of the network's outputs ``update`` receives."""

    def __init__(self) -> None:
        self._indexes: list[int] | None = None

    def _convert_data(self, data: Any) -> np.ndarray:
        """``data`` as a NumPy array: a unigrad Tensor (any backend), a list or an ndarray; anything else is a
        TypeError, as in MindSpore (a tuple too)."""
        if isinstance(data, Tensor):
            return data.asnumpy()
        if isinstance(data, list):
            return np.array(data)
        if isinstance(data, np.ndarray):
            return data
        raise TypeError(f"For '{type(self).__name__}', each input must be a Tensor, a list or a numpy.ndarray, "
                        f"but got {type(data)}.")

    @property
    def indexes(self) -> list[int] | None:
        """The positions of ``update``'s inputs to use, in order; None uses them all as given."""
        return getattr(self, "_indexes", None)

    def set_indexes(self, indexes: list[int]) -> "Metric":
        """Use only ``update``'s inputs at ``indexes``, in that order (for a network with several outputs)."""
        if not isinstance(indexes, list) or not all(isinstance(i, int) for i in indexes):
            raise ValueError(f"For 'set_indexes', the argument 'indexes' must be a list of int, but got {indexes!r}.")
        self._indexes = indexes
        return self

    def __call__(self, *inputs: Any) -> Any:
        """The metric of these inputs alone: clear, update once, eval."""
        self.clear()
        self.update(*inputs)
        return self.eval()

    @abstractmethod
    def clear(self) -> None:
        """Reset the running state."""

    @abstractmethod
    def eval(self) -> Any:
        """The result over every update since the last clear."""

    @abstractmethod
    def update(self, *inputs: Any) -> None:
        """Add one batch (usually logits and labels)."""


def check_input_count(owner: str, inputs: Sequence, count: int, what: str) -> None:
    """ValueError when ``update`` did not get ``count`` inputs (MindSpore's type)."""
    if len(inputs) != count:
        raise ValueError(f"For '{owner}.update', it needs {count} input{'s' if count > 1 else ''} ({what}), "
                         f"but got {len(inputs)}.")


def no_samples(owner: str) -> RuntimeError:
    """The error of ``eval`` before any update (or after updates of no samples)."""
    return RuntimeError(f"The '{owner}' can not be calculated, because the number of samples is 0: call update "
                        "with non-empty inputs before eval.")


def is_onehot(data: np.ndarray) -> bool:
    """Whether ``data`` (N, C, ...) is one-hot along axis 1: only 0 and 1, exactly one 1 per position."""
    if data.ndim < 2 or not np.equal(data ** 2, data).all():
        return False
    return bool(np.equal(data.sum(axis=1), 1).all())


def class_count(owner: str, known: int, y_pred: np.ndarray) -> int:
    """The number of classes, axis 1 of ``y_pred``; every update must keep the first update's number."""
    if known not in (0, y_pred.shape[1]):
        raise ValueError(f"For '{owner}.update', the predicted value (inputs[0]) must keep {known} classes as in "
                         f"the previous updates, but got {y_pred.shape[1]} classes (shape {y_pred.shape}).")
    return y_pred.shape[1]


def onehot_labels_and_predictions(owner: str, y_pred: np.ndarray, y: np.ndarray,
                                  class_num: int) -> tuple[np.ndarray, np.ndarray]:
    """(labels, argmax predictions) as one-hot rows of ``class_num`` columns, for per-class counts."""
    if y.max() + 1 > class_num:
        raise ValueError(f"For '{owner}.update', the true value (inputs[1]) holds class {y.max()}, but the "
                         f"predicted value (inputs[0]) has only {class_num} classes.")
    if not np.issubdtype(y.dtype, np.integer):
        raise IndexError(f"For '{owner}.update', class labels (inputs[1]) must be integers or one-hot, but got "
                         f"dtype {y.dtype}.")
    eye = np.eye(class_num)
    return eye[y.reshape(-1)], eye[y_pred.argmax(axis=1).reshape(-1)]


class EvaluationBase(Metric):
    """A metric of ``'classification'`` (logits, labels) or ``'multilabel'`` (0/1 predictions and labels)."""

    def __init__(self, eval_type: str) -> None:
        super().__init__()
        if eval_type not in EVAL_TYPES:
            raise TypeError(f"For '{type(self).__name__}', the argument 'eval_type' must be one of {EVAL_TYPES}, "
                            f"but got {eval_type!r}.")
        self._type = eval_type

    def _inputs(self, inputs: Sequence) -> tuple[np.ndarray, np.ndarray]:
        """(y_pred, y) checked for this eval type; one-hot classification labels become indices."""
        owner = type(self).__name__
        check_input_count(owner, inputs, 2, "predicted value, true value")
        y_pred, y = self._convert_data(inputs[0]), self._convert_data(inputs[1])
        if self._type == "classification":
            if y_pred.ndim == y.ndim and is_onehot(y):
                y = y.argmax(axis=1)
            if y_pred.ndim != y.ndim + 1 or y.shape != (y_pred.shape[0],) + y_pred.shape[2:]:
                raise ValueError(f"For '{owner}.update', in the classification case the true value must have the "
                                 "shape of the predicted value without axis 1 (or be one-hot), but got predicted "
                                 f"value shape {y_pred.shape} and true value shape {y.shape}.")
        else:
            if y_pred.shape != y.shape:
                raise ValueError(f"For '{owner}.update', in the multilabel case the predicted value and the true "
                                 f"value must have one shape, but got {y_pred.shape} and {y.shape}.")
            if not (np.equal(y_pred ** 2, y_pred).all() and np.equal(y ** 2, y).all()):
                raise ValueError(f"For '{owner}.update', in the multilabel case every element of the predicted "
                                 "value and the true value must be 0 or 1.")
        return y_pred, y
