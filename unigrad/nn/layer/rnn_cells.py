"""RNNCell, LSTMCell and GRUCell: one step of the recurrent layers (nn/layer/rnns.py's step functions) with
the Cell's own Parameters ``weight_ih``, ``weight_hh``, ``bias_ih``, ``bias_hh`` from U(+-1/sqrt(hidden_size))."""
from __future__ import annotations

import math
from typing import Any

from unigrad import dtype as dt
from unigrad.common._checks import check_positive_int, check_string, check_type
from unigrad.common.initializer import Uniform, initializer
from unigrad.nn.cell import Cell
from unigrad.nn.layer.rnns import _gru_step, _lstm_step, _rnn_step
from unigrad import ops
from unigrad._parameter import Parameter
from unigrad._tensor import Tensor


class _RNNCellBase(Cell):
    _gates = 1

    def __init__(self, input_size: int, hidden_size: int, has_bias: bool = True, dtype: dt.DType = dt.float32) -> None:
        super().__init__()
        owner = type(self).__name__
        check_type("has_bias", has_bias, (bool,), owner)
        self.hidden_size = check_positive_int("hidden_size", hidden_size, owner)
        self.input_size = check_positive_int("input_size", input_size, owner)
        self.has_bias = has_bias
        init, rows = Uniform(1 / math.sqrt(hidden_size)), self._gates * hidden_size
        self.weight_ih = Parameter(initializer(init, (rows, input_size), dtype), name="weight_ih")
        self.weight_hh = Parameter(initializer(init, (rows, hidden_size), dtype), name="weight_hh")
        self.bias_ih = Parameter(initializer(init, (rows,), dtype), name="bias_ih") if has_bias else None
        self.bias_hh = Parameter(initializer(init, (rows,), dtype), name="bias_hh") if has_bias else None

    def _check(self, **tensors: Any) -> None:
        owner = type(self).__name__
        for name, value in tensors.items():
            if not isinstance(value, Tensor):
                raise TypeError(f"For '{owner}', the '{name}' must be a Tensor, but got {type(value).__name__}.")
            if value.dtype not in (dt.float16, dt.float32, dt.float64):
                raise TypeError(f"For '{owner}', the '{name}' must be Float16 or Float32, but got {value.dtype}.")

    def _weights(self, x: Tensor) -> tuple:
        return tuple(None if w is None else ops.cast(w, x.dtype)
                     for w in (self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh))


class RNNCell(_RNNCellBase):
    """h' = act(x W_ih^T + b_ih + h W_hh^T + b_hh), ``nonlinearity`` 'tanh' or 'relu'."""

    def __init__(self, input_size: int, hidden_size: int, has_bias: bool = True, nonlinearity: str = "tanh",
                 dtype: dt.DType = dt.float32) -> None:
        super().__init__(input_size, hidden_size, has_bias, dtype)
        check_type("nonlinearity", nonlinearity, (str,), "RNNCell")
        self.nonlinearity = check_string("nonlinearity", nonlinearity, ("tanh", "relu"), "RNNCell")
        self._step = _rnn_step(ops.tanh if nonlinearity == "tanh" else ops.relu)

    def construct(self, x: Tensor, hx: Tensor) -> Tensor:
        self._check(x=x, hx=hx)
        return self._step(x, hx, *self._weights(x))


class LSTMCell(_RNNCellBase):
    """One LSTM step: (h', c') from x and (h, c)."""
    _gates = 4

    def __init__(self, input_size: int, hidden_size: int, has_bias: bool = True, dtype: dt.DType = dt.float32) -> None:
        super().__init__(input_size, hidden_size, has_bias, dtype)

    def construct(self, x: Tensor, hx: tuple[Tensor, Tensor]) -> tuple[Tensor, Tensor]:
        if not isinstance(hx, tuple):
            raise TypeError(f"For 'LSTMCell', the 'hx' must be a tuple, but got {type(hx).__name__}.")
        if len(hx) != 2:
            raise TypeError(f"For 'LSTMCell', the length of 'hx' must be '2', but got '{len(hx)}'")
        self._check(x=x, **{"hx[0]": hx[0], "hx[1]": hx[1]})
        return _lstm_step(x, hx, *self._weights(x))


class GRUCell(_RNNCellBase):
    """One GRU step: h' from x and h."""
    _gates = 3

    def construct(self, x: Tensor, hx: Tensor) -> Tensor:
        self._check(x=x, hx=hx)
        return _gru_step(x, hx, *self._weights(x))
