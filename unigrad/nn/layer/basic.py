"""Dense, Dropout, Flatten, Identity, Embedding."""
from __future__ import annotations

from typing import Any

from unigrad import dtype as dt
from unigrad import ops
from unigrad.common.initializer import initializer
from unigrad.nn.cell import Cell
from unigrad.nn.layer._init import bias_param, check_init_shape, positive_int, weight_param
from unigrad.nn.layer.activation import get_activation
from unigrad._parameter import Parameter
from unigrad._tensor import Tensor


class Dense(Cell):
    """x @ weight.T + bias, then ``activation``; weight is (out_channels, in_channels)."""

    def __init__(self, in_channels: int, out_channels: int, weight_init: Any = None, bias_init: Any = None,
                 has_bias: bool = True, activation: Any = None, dtype: dt.DType = dt.float32) -> None:
        super().__init__()
        self.in_channels = positive_int("Dense", "in_channels", in_channels)
        self.out_channels = positive_int("Dense", "out_channels", out_channels)
        if not isinstance(has_bias, bool):
            raise TypeError(f"For 'Dense', the 'has_bias' must be a bool, but got {type(has_bias).__name__}.")
        self.has_bias = has_bias
        shape = (out_channels, in_channels)
        self.weight = weight_param("Dense", weight_init, shape, dtype)
        self.bias = bias_param("Dense", bias_init, shape, out_channels, dtype) if has_bias else None
        self.activation = get_activation(activation) if isinstance(activation, str) else activation
        if activation is not None and not isinstance(self.activation, Cell):
            raise TypeError(f"For 'Dense', the 'activation' must be str or Cell, but got "
                            f"{type(activation).__name__}.")

    def construct(self, x: Tensor) -> Tensor:
        shape = x.shape
        if len(shape) != 2:  # (N, in) is every MLP's: no reshapes there
            x = ops.reshape(x, (-1, shape[-1]))
        x = ops.dense(x, self.weight, self.bias)
        if self.activation is not None:
            x = self.activation(x)
        return x if len(shape) == 2 else ops.reshape(x, shape[:-1] + (self.out_channels,))

    def extend_repr(self) -> str:
        s = f"input_channels={self.in_channels}, output_channels={self.out_channels}"
        if self.has_bias:
            s += f", has_bias={self.has_bias}"
        if self.activation is not None:
            s += f", activation={self.activation}"
        return s


class Dropout(Cell):
    """Zero elements with probability ``p`` (or 1 - ``keep_prob``) while training; identity in inference.
    The mask comes from unigrad's host RNG, so a seed gives the same mask on every backend."""

    def __init__(self, keep_prob: float | None = None, p: float | None = None, dtype: dt.DType = dt.float32) -> None:
        super().__init__()
        if keep_prob is not None and p is not None:
            raise ValueError("For 'Dropout', give one of 'keep_prob' and 'p', not both")
        if p is None:
            if keep_prob is None:
                p = 0.5
            else:
                if not 0.0 < keep_prob <= 1.0:
                    raise ValueError(f"For 'Dropout', 'keep_prob' must be in (0, 1], but got {keep_prob}")
                p = 1.0 - keep_prob
        if isinstance(p, bool) or not isinstance(p, (int, float)):
            raise TypeError(f"For 'Dropout', 'p' must be a float, but got {type(p).__name__}")
        if not 0.0 <= p < 1.0:
            raise ValueError(f"For 'Dropout', 'p' must be in [0, 1), but got {p}")
        self.p = float(p)
        self.keep_prob = 1.0 - self.p

    def construct(self, x: Tensor) -> Tensor:
        return ops.dropout(x, self.p, self.training)

    def extend_repr(self) -> str:
        return f"p={self.p}"


class Flatten(Cell):
    """Flatten dims start_dim..end_dim (MindSpore's defaults keep the batch axis)."""

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim, self.end_dim = start_dim, end_dim

    def construct(self, x: Tensor) -> Tensor:
        return ops.flatten(x, start_dim=self.start_dim, end_dim=self.end_dim)


class Identity(Cell):
    def construct(self, x: Any) -> Any:
        return x


class Embedding(Cell):
    """Rows of ``embedding_table`` (vocab_size, embedding_size) at int indices; default init N(0, 0.01^2)."""

    def __init__(self, vocab_size: int, embedding_size: int, use_one_hot: bool = False,
                 embedding_table: Any = "normal", dtype: dt.DType = dt.int32, padding_idx: int | None = None) -> None:
        super().__init__()
        self.vocab_size = positive_int("Embedding", "vocab_size", vocab_size)
        self.embedding_size = positive_int("Embedding", "embedding_size", embedding_size)
        self.use_one_hot, self.dtype, self.padding_idx = use_one_hot, dtype, padding_idx
        shape = (vocab_size, embedding_size)
        check_init_shape("Embedding", "embedding_table", embedding_table, shape)
        table = initializer(embedding_table, shape, dt.float32)
        if padding_idx is not None:
            if not -vocab_size <= padding_idx < vocab_size:
                raise ValueError(f"For 'Embedding', 'padding_idx' must be in [{-vocab_size}, {vocab_size}), "
                                 f"but got {padding_idx}")
            values = table.asnumpy().copy()
            values[padding_idx] = 0
            table = Tensor(values, dt.float32)
        self.embedding_table = Parameter(table, name="embedding_table")

    def construct(self, ids: Tensor) -> Tensor:
        if ids.dtype.kind not in ("int", "uint"):
            raise TypeError(f"For 'Embedding', the input must be an int Tensor, but got {ids.dtype}")
        flat = ops.reshape(ids, (-1,))
        if self.use_one_hot:
            rows = ops.matmul(ops.one_hot(flat, self.vocab_size, 1.0, 0.0), self.embedding_table)
        else:
            rows = ops.gather(self.embedding_table, flat, 0)
        return ops.reshape(rows, ids.shape + (self.embedding_size,))
