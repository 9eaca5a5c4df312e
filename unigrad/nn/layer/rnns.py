"""RNN, GRU and LSTM as MindSpore 2.10 runs them on CPU: a loop over time of one cell step written on
``ops.dense`` and the activations, stacked over layers and (with ``bidirectional``) a reversed pass per
layer. Gate order and formulas are MindSpore's (and torch's): LSTM (i, f, g, o), GRU (r, z, n) with the
reset gate applied to the recurrent part of n. Parameters ``weight_ih_l{k}[_reverse]`` (gates x input),
``weight_hh_l{k}``, ``bias_ih_l{k}``, ``bias_hh_l{k}``, drawn from U(+-1/sqrt(hidden_size)).

With ``seq_length`` (one length per batch element), a sequence's state stops at its last step and its
outputs beyond are zeros; the reverse pass reverses each sequence within its own length."""
from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from unigrad import dtype as dt
from unigrad import ops
from unigrad.common._checks import check_positive_int, check_type
from unigrad.common.initializer import Uniform, initializer
from unigrad.nn.cell import Cell
from unigrad.nn.layer.basic import Dropout
from unigrad._parameter import Parameter
from unigrad._tensor import Tensor

State = Any  # a Tensor (RNN, GRU) or an (h, c) pair (LSTM)


def _rnn_step(activation: Callable[[Tensor], Tensor]) -> Callable[..., Tensor]:
    def step(x: Tensor, h: Tensor, w_ih: Tensor, w_hh: Tensor, b_ih: Tensor | None, b_hh: Tensor | None) -> Tensor:
        return activation(ops.dense(x, w_ih, b_ih) + ops.dense(h, w_hh, b_hh))
    return step


def _lstm_step(x: Tensor, state: tuple[Tensor, Tensor], w_ih: Tensor, w_hh: Tensor, b_ih: Tensor | None,
               b_hh: Tensor | None) -> tuple[Tensor, Tensor]:
    h, c = state
    gates = ops.dense(x, w_ih, b_ih) + ops.dense(h, w_hh, b_hh)
    i, f, g, o = ops.chunk(gates, 4, 1)
    c = ops.sigmoid(f) * c + ops.sigmoid(i) * ops.tanh(g)
    return ops.sigmoid(o) * ops.tanh(c), c


def _gru_step(x: Tensor, h: Tensor, w_ih: Tensor, w_hh: Tensor, b_ih: Tensor | None, b_hh: Tensor | None) -> Tensor:
    i_r, i_z, i_n = ops.chunk(ops.dense(x, w_ih, b_ih), 3, 1)
    h_r, h_z, h_n = ops.chunk(ops.dense(h, w_hh, b_hh), 3, 1)
    reset, update = ops.sigmoid(i_r + h_r), ops.sigmoid(i_z + h_z)
    new = ops.tanh(i_n + reset * h_n)
    return new + update * (h - new)


class _Recurrence(Cell):
    """One layer in one direction over (T, N, features): the outputs (T, N, hidden) and the last state. A
    child Cell named ``rnn``, as MindSpore's, so ``print`` shows the same tree (its subclasses carry the names
    of MindSpore's CPU classes)."""

    step: Callable[..., State] = staticmethod(_rnn_step(ops.tanh))

    def construct(self, x: Tensor, state: State, lengths: Tensor | None, weights: tuple) -> tuple[Tensor, State]:
        w_ih, w_hh, b_ih, b_hh = (None if w is None else ops.cast(w, x.dtype) for w in weights)
        lstm = isinstance(state, tuple)
        outputs = []
        for t in range(x.shape[0]):
            new = self.step(x[t], state, w_ih, w_hh, b_ih, b_hh)
            out = new[0] if lstm else new
            if lengths is not None:  # finished sequences keep their state and output zeros
                running = ops.expand_dims(lengths > t, 1)
                new = tuple(ops.where(running, n, s) for n, s in zip(new, state)) if lstm else \
                    ops.where(running, new, state)
                out = ops.where(running, out, ops.zeros_like(out))
            state = new
            outputs.append(out)
        return ops.stack(outputs), state


class _DynamicRNNTanh(_Recurrence):
    pass


class _DynamicRNNRelu(_Recurrence):
    step = staticmethod(_rnn_step(ops.relu))


class _DynamicGRUCPUGPU(_Recurrence):
    step = staticmethod(_gru_step)


class _DynamicLSTMCPUGPU(_Recurrence):
    step = staticmethod(_lstm_step)


_MODES = {"RNN_TANH": (1, _DynamicRNNTanh), "RNN_RELU": (1, _DynamicRNNRelu), "GRU": (3, _DynamicGRUCPUGPU),
          "LSTM": (4, _DynamicLSTMCPUGPU)}


def _reverse_within(x: Tensor, lengths: np.ndarray | None) -> Tensor:
    """(T, N, ...) reversed in time; with ``lengths``, each sequence only within its first lengths[n] steps
    (MindSpore's ReverseSequence), the padding after it left in place."""
    steps = x.shape[0]
    if lengths is None:
        return ops.flip(x, (0,))
    t = np.arange(steps)[:, None]
    source = np.where(t < lengths[None, :], lengths[None, :] - 1 - t, t)  # (T, N): the step each slot reads
    index = Tensor((source * x.shape[1] + np.arange(x.shape[1])[None, :]).reshape(-1).astype(np.int32), dt.int32)
    flat = ops.reshape(x, (steps * x.shape[1],) + x.shape[2:])
    return ops.reshape(ops.gather(flat, index, 0), x.shape)


class _RNNBase(Cell):
    """The stack of layers and directions shared by RNN, GRU and LSTM (MindSpore's _RNNBase)."""

    def __init__(self, mode: str, input_size: int, hidden_size: int, num_layers: int = 1, has_bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False,
                 dtype: dt.DType = dt.float32) -> None:
        super().__init__()
        owner = type(self).__name__
        check_positive_int("hidden_size", hidden_size, owner)
        check_positive_int("input_size", input_size, owner)
        check_positive_int("num_layers", num_layers, owner)
        if not isinstance(dropout, float):
            raise TypeError(f"For '{owner}', the type of 'dropout' must be 'float', but got "
                            f"'{type(dropout).__name__}'.")
        for name, flag in (("has_bias", has_bias), ("batch_first", batch_first), ("bidirectional", bidirectional)):
            check_type(name, flag, (bool,), owner)
        if not 0 <= dropout < 1:
            raise ValueError(f"For '{owner}', the 'dropout' must be a number in range [0, 1) representing the "
                             f"probability of an element being zeroed, but got {dropout}.")
        gates, recurrence = _MODES[mode]
        self.rnn = recurrence()
        self.dropout_op = Dropout(p=float(dropout))
        self.is_lstm = mode == "LSTM"
        self.hidden_size, self.num_layers, self.dropout = hidden_size, num_layers, dropout
        self.batch_first, self.bidirectional, self.has_bias = batch_first, bidirectional, has_bias
        init = Uniform(1 / math.sqrt(hidden_size))
        directions = 2 if bidirectional else 1
        lists: dict[str, list[Parameter]] = {"w_ih_list": [], "w_hh_list": [], "b_ih_list": [], "b_hh_list": []}
        for layer in range(num_layers):
            for direction in range(directions):
                suffix = f"l{layer}" + ("_reverse" if direction else "")
                width = input_size if layer == 0 else hidden_size * directions
                shapes = {"weight_ih": (gates * hidden_size, width), "weight_hh": (gates * hidden_size, hidden_size)}
                if has_bias:
                    shapes.update(bias_ih=(gates * hidden_size,), bias_hh=(gates * hidden_size,))
                for kind, shape in shapes.items():
                    param = Parameter(initializer(init, shape, dtype), name=f"{kind}_{suffix}")
                    lists[kind.replace("weight", "w").replace("bias", "b") + "_list"].append(param)
        # registered as MindSpore lists them (every weight_ih, then every weight_hh, bias_ih, bias_hh), each
        # under its name; MindSpore's list attributes are plain tuples of the same Parameters
        for name, params in lists.items():
            for param in params:
                setattr(self, param.name, param)
            object.__setattr__(self, name, tuple(params))

    def _check_state(self, x: Tensor, hx: State) -> None:
        owner = type(self).__name__
        parts = [("hx", hx)]
        if self.is_lstm:
            if not isinstance(hx, tuple):
                raise TypeError(f"For '{owner}', the 'hx' must be a tuple, but got {type(hx).__name__}.")
            if len(hx) != 2:
                raise TypeError(f"For '{owner}', the length of 'hx' must be '2', but got '{len(hx)}'")
            parts = [("hx[0]", hx[0]), ("hx[1]", hx[1])]
        for name, part in parts:
            if not isinstance(part, Tensor):
                raise TypeError(f"For '{owner}', the '{name}' must be a Tensor, but got {type(part).__name__}.")
            if part.dtype != x.dtype or x.dtype not in (dt.float16, dt.float32, dt.float64):
                raise TypeError(f"For '{owner}', the dtype of 'x' and '{name}' must be one float dtype "
                                f"(Float16 or Float32), but got {x.dtype} and {part.dtype}.")

    def construct(self, x: Tensor, hx: State = None, seq_length: Tensor | None = None) -> tuple[Tensor, State]:
        owner = type(self).__name__
        if not isinstance(x, Tensor):
            raise TypeError(f"For '{owner}', the 'x' must be a Tensor, but got {type(x).__name__}.")
        batch = x.shape[0] if self.batch_first else x.shape[1]
        directions = 2 if self.bidirectional else 1
        if hx is None:
            zeros = ops.zeros((self.num_layers * directions, batch, self.hidden_size), x.dtype)
            hx = (zeros, zeros) if self.is_lstm else zeros
        else:
            self._check_state(x, hx)
        lengths = None
        if seq_length is not None:
            if seq_length.dtype not in (dt.int32, dt.int64):
                raise TypeError(f"For '{owner}', the 'seq_length' must be Int32 or Int64, but got "
                                f"{seq_length.dtype}.")
            if seq_length.shape[0] != batch:
                raise ValueError(f"For '{owner}', the 'seq_length' must hold one length per batch element "
                                 f"({batch}), but got shape {seq_length.shape}.")
            lengths = seq_length.asnumpy()
        if self.batch_first:
            x = ops.transpose(x, (1, 0, 2))
        lengths_t = None if lengths is None else Tensor(lengths.astype(np.int64), dt.int64)
        layer_in, finals = x, []
        for layer in range(self.num_layers):
            outs = []
            for direction in range(directions):
                k = layer * directions + direction
                weights = (self.w_ih_list[k], self.w_hh_list[k], *(
                    (self.b_ih_list[k], self.b_hh_list[k]) if self.has_bias else (None, None)))
                state = (hx[0][k], hx[1][k]) if self.is_lstm else hx[k]
                seq = layer_in if direction == 0 else _reverse_within(layer_in, lengths)
                out, last = self.rnn(seq, state, lengths_t, weights)
                outs.append(out if direction == 0 else _reverse_within(out, lengths))
                finals.append(last)
            layer_in = outs[0] if directions == 1 else ops.concat(outs, 2)
            if self.dropout and layer < self.num_layers - 1:
                layer_in = self.dropout_op(layer_in)
        output = ops.transpose(layer_in, (1, 0, 2)) if self.batch_first else layer_in
        if self.is_lstm:
            return output, (ops.stack([h for h, _ in finals]), ops.stack([c for _, c in finals]))
        return output, ops.stack(finals)


class RNN(_RNNBase):
    """Elman RNN: h' = act(x W_ih^T + b_ih + h W_hh^T + b_hh), ``nonlinearity`` 'tanh' (default) or 'relu'."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        nonlinearity = kwargs.pop("nonlinearity", "tanh")
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"For 'RNN', the 'nonlinearity' must be in ['tanh', 'relu'], but got {nonlinearity}.")
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", *args, **kwargs)


class GRU(_RNNBase):
    """Gated recurrent unit: r, z = sigmoid(...), n = tanh(x W_in + b_in + r (h W_hn + b_hn)), h' = n + z (h - n)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__("GRU", *args, **kwargs)


class LSTM(_RNNBase):
    """Long short-term memory: c' = f c + i g, h' = o tanh(c'); returns (output, (h_n, c_n))."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__("LSTM", *args, **kwargs)
