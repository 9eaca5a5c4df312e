"""One or more entries per public layer, loss, optimizer and learning-rate schedule of ``unigrad.nn``.

The op registry (``op_registry.py``) checks each primitive; this one checks what users build from them:
a Cell with its Parameters, an optimizer's update rule over several steps, a schedule's curve. Entries
reuse the op registry's samplers, so inputs keep away from kinks (ReLU at 0, Huber at delta, ties in
max pooling) and the checks judge the rules, not the sampling.

* ``CellSpec`` (layers and losses): ``build(rng, dtype)`` makes the Cell with every weight drawn from
  ``rng`` (seeded by the entry id), so the same entry gives the same Cell on every backend;
* ``OptimizerSpec``: three fixed Parameters (one named ``gamma``, which MindSpore's default weight-decay
  filter skips), the optimizer's options, and the gradients of three steps;
* ``ScheduleSpec``: a schedule Cell and its formula in float64 (MindSpore's), evaluated at steps 0..5.

A new public class in ``unigrad.nn`` without an entry fails the coverage test.
"""
from __future__ import annotations

import inspect
import math
import zlib
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

import numpy as np

import unigrad
from unigrad import dtype as dt
from unigrad import nn
from unigrad.nn.layer.activation import Softplus
from unigrad.nn.learning_rate_schedule import LearningRateSchedule, PiecewiseConstantLR
from unigrad.nn.optim import AdamW
from unigrad._parameter import Parameter
from unigrad._tensor import Tensor
from unigrad.testing.op_registry import Sampler, avoiding, const, distinct, inputs, ints, normal, probabilities, uniform

Builder = Callable[[np.random.Generator, dt.DType], nn.Cell]

# Cells unigrad has beyond MindSpore 2.10's ``nn`` namespace, kept in the modules where they live (MindSpore
# has no nn.Softplus, keeps LearningRateSchedule in nn.learning_rate_schedule, and its AdamW is mint's)
EXTRA: dict[str, type] = {"Softplus": Softplus, "AdamW": AdamW, "PiecewiseConstantLR": PiecewiseConstantLR,
                          "LearningRateSchedule": LearningRateSchedule}


def nn_class(name: str) -> type:
    """The Cell class called ``name``: in ``unigrad.nn``, else among ``EXTRA``."""
    return EXTRA[name] if name in EXTRA else getattr(nn, name)


def _seed(text: str) -> int:
    return zlib.crc32(text.encode())


def _np(dtype: Any) -> np.dtype:
    return np.dtype(dtype.numpy if isinstance(dtype, dt.DType) else dtype)


def _w(rng: np.random.Generator, dtype: dt.DType, *shape: int, scale: float = 0.5, shift: float = 0.0) -> Tensor:
    """A weight Tensor of ``dtype`` drawn from the entry's generator (fixed values, any backend)."""
    return Tensor((shift + scale * rng.standard_normal(shape)).astype(dtype.numpy), dtype)


# -- layers and losses -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class CellSpec:
    """How the conformance suite exercises one layer or loss in one configuration.

    * ``build(rng, dtype)``: the Cell, its weights drawn from ``rng`` in ``dtype``;
    * ``sample(rng, dtype)``: its inputs as NumPy arrays (float ones in ``dtype``);
    * ``training``: the Cell runs after ``set_train(True)`` (BatchNorm batch statistics, Dropout masks);
    * ``stochastic``: unigrad's host RNG is re-seeded before every call, so finite differences, the
      gradient and every backend see the same Dropout mask;
    * ``argnums``: the differentiable inputs (None: every float input); the trainable Parameters are
      always differentiated too;
    * ``rounds``: the Cell keeps float32 weights whatever the input dtype (Embedding, as MindSpore), so
      float64 finite differences need a coarser step and tolerance;
    * ``second_order``: whether grad-of-grad with respect to the inputs is checked.
    """

    name: str
    build: Builder
    sample: Sampler
    variant: str = ""
    training: bool = False
    stochastic: bool = False
    argnums: tuple[int, ...] | None = None
    rounds: bool = False
    second_order: bool = True

    @property
    def id(self) -> str:
        return f"{self.name}-{self.variant}" if self.variant else self.name

    def draw(self, dtype: Any) -> list[np.ndarray]:
        """The entry's inputs, from a generator seeded by its id (the same arrays in every test)."""
        return self.sample(np.random.default_rng(_seed(self.id)), dtype)

    def make(self, dtype: dt.DType) -> nn.Cell:
        """The Cell on the current backend, with the entry's fixed weights and its train/eval mode."""
        cell = self.build(np.random.default_rng(_seed(self.id + "/weights")), dtype)
        cell.set_train(self.training)
        return cell

    def caller(self, cell: nn.Cell) -> Callable[..., Any]:
        """``fn(*tensors) = cell(*tensors)``, re-seeding unigrad's RNG first for a stochastic entry."""
        if not self.stochastic:
            return cell

        def call(*xs: Tensor) -> Any:
            unigrad.set_seed(7)
            return cell(*xs)
        return call

    def grad_argnums(self, arrays: Sequence[np.ndarray]) -> tuple[int, ...]:
        if self.argnums is not None:
            return self.argnums
        return tuple(i for i, a in enumerate(arrays) if a.dtype.kind == "f")

    @property
    def tolerances(self) -> dict[str, float]:
        """check_grad's defaults, or for a Cell that rounds its weights to float32 (a lookup, linear in
        them) a step of 1e-2 and 1e-5, above the ~2e-6 its finite differences measure."""
        return {"eps": 1e-2, "rtol": 1e-5, "atol": 1e-5} if self.rounds else {"eps": 1e-6, "rtol": 1e-5, "atol": 1e-7}


CELLS: list[CellSpec] = []


def cell(name: str, build: Builder, sample: Sampler, variant: str = "", **options: Any) -> None:
    CELLS.append(CellSpec(name, build, sample, variant, **options))


class _Call(nn.Cell):
    """``cell(x, *extra)``: a layer's fixed trailing arguments (Tril's k), so the entry's inputs are its
    tensors only."""

    def __init__(self, cell: nn.Cell, *extra: Any) -> None:
        super().__init__()
        self.inner, self.extra = cell, extra

    def construct(self, x: Tensor) -> Any:
        return self.inner(x, *self.extra)


# shapes are shared between entries: jax compiles every new shape once
X23 = normal(2, 3)
IMG = (1, 2, 4, 4)
SEQ = (2, 2, 5)

# piecewise linear in the inputs: the Hessian is zero, so grad-of-grad would only re-check zeros
LINEAR: dict[str, Any] = {"second_order": False}

# activations: no weights; inputs away from each kink
cell("ReLU", lambda r, d: nn.ReLU(), inputs(avoiding(2, 3)), **LINEAR)
cell("ReLU6", lambda r, d: nn.ReLU6(), inputs(avoiding(2, 3, low=-8.0, high=8.0, points=(0.0, 6.0), gap=0.5)), **LINEAR)
cell("LeakyReLU", lambda r, d: nn.LeakyReLU(0.1), inputs(avoiding(2, 3)), **LINEAR)
cell("Sigmoid", lambda r, d: nn.Sigmoid(), inputs(X23))
cell("Tanh", lambda r, d: nn.Tanh(), inputs(X23))
cell("GELU", lambda r, d: nn.GELU(), inputs(X23), "tanh")
cell("GELU", lambda r, d: nn.GELU(approximate=False), inputs(X23), "erf")
cell("SiLU", lambda r, d: nn.SiLU(), inputs(X23))
cell("Softmax", lambda r, d: nn.Softmax(), inputs(X23))
cell("Softmax", lambda r, d: nn.Softmax(axis=0), inputs(X23), "axis0")
cell("LogSoftmax", lambda r, d: nn.LogSoftmax(), inputs(X23))
cell("Softplus", lambda r, d: EXTRA["Softplus"](beta=2.0), inputs(X23))
cell("ELU", lambda r, d: nn.ELU(), inputs(avoiding(2, 3)))
cell("ELU", lambda r, d: nn.ELU(0.5), inputs(avoiding(2, 3)), "alpha")
cell("CELU", lambda r, d: nn.CELU(2.0), inputs(avoiding(2, 3)))
cell("SeLU", lambda r, d: nn.SeLU(), inputs(avoiding(2, 3)))
cell("Mish", lambda r, d: nn.Mish(), inputs(X23))
cell("HSigmoid", lambda r, d: nn.HSigmoid(), inputs(avoiding(2, 3, low=-5.0, high=5.0, points=(-3.0, 3.0), gap=0.3)),
     **LINEAR)
cell("Hardtanh", lambda r, d: nn.Hardtanh(-0.5, 1.0), inputs(avoiding(2, 3, points=(-0.5, 1.0))), **LINEAR)
cell("HShrink", lambda r, d: nn.HShrink(), inputs(avoiding(2, 3, points=(-0.5, 0.5))), **LINEAR)
cell("SoftShrink", lambda r, d: nn.SoftShrink(0.3), inputs(avoiding(2, 3, points=(-0.3, 0.3))), **LINEAR)
cell("Softsign", lambda r, d: nn.Softsign(), inputs(avoiding(2, 3)))
cell("Softmin", lambda r, d: nn.Softmin(0), inputs(X23))
cell("Softmax2d", lambda r, d: nn.Softmax2d(), inputs(normal(*IMG)))
cell("Tanhshrink", lambda r, d: nn.Tanhshrink(), inputs(X23))
cell("Threshold", lambda r, d: nn.Threshold(0.2, -1.0), inputs(avoiding(2, 3, points=(0.2,))), **LINEAR)
cell("LogSigmoid", lambda r, d: nn.LogSigmoid(), inputs(X23))
cell("GLU", lambda r, d: nn.GLU(), inputs(normal(2, 4)))
cell("FastGelu", lambda r, d: nn.FastGelu(), inputs(avoiding(2, 3)))
cell("HSwish", lambda r, d: nn.HSwish(), inputs(avoiding(2, 3, low=-5.0, high=5.0, points=(-3.0, 3.0), gap=0.3)))


def _prelu(channels: int) -> Builder:
    """PReLU with slopes drawn in ``dtype`` (its constructor takes float32 and float16 slopes only, as
    MindSpore's; the float64 ones replace the Parameter)."""
    def build(rng: np.random.Generator, dtype: dt.DType) -> nn.Cell:
        layer = nn.PReLU(channels)
        layer.w = Parameter(_w(rng, dtype, channels, scale=0.2, shift=0.25), name="a")
        return layer
    return build


cell("PReLU", _prelu(3), inputs(avoiding(2, 3, 4)), "per_channel", **LINEAR)
cell("PReLU", _prelu(1), inputs(avoiding(2, 3)), "shared", **LINEAR)

# basic layers
cell("Identity", lambda r, d: nn.Identity(), inputs(X23), **LINEAR)
cell("Flatten", lambda r, d: nn.Flatten(), inputs(normal(*IMG)), **LINEAR)
cell("Dense", lambda r, d: nn.Dense(3, 2, _w(r, d, 2, 3), _w(r, d, 2), dtype=d), inputs(X23), **LINEAR)
cell("Dense", lambda r, d: nn.Dense(3, 2, _w(r, d, 2, 3), _w(r, d, 2), activation="tanh", dtype=d),
     inputs(normal(2, 2, 3)), "tanh_3d")
cell("Dense", lambda r, d: nn.Dense(3, 2, _w(r, d, 2, 3), has_bias=False, dtype=d), inputs(X23), "no_bias", **LINEAR)
cell("BiDense", lambda r, d: nn.BiDense(3, 2, 4, _w(r, d, 4, 3, 2), _w(r, d, 4), dtype=d), inputs(X23, normal(2, 2)))
cell("BiDense", lambda r, d: nn.BiDense(3, 2, 2, _w(r, d, 2, 3, 2), has_bias=False, dtype=d),
     inputs(normal(2, 2, 3), normal(2, 2, 2)), "3d_no_bias")
cell("Dropout", lambda r, d: nn.Dropout(p=0.5), inputs(X23), "eval", **LINEAR)
cell("Dropout", lambda r, d: nn.Dropout(p=0.0), inputs(X23), "p0_train", training=True, **LINEAR)
cell("Dropout", lambda r, d: nn.Dropout(p=0.5), inputs(X23), "train_seeded", training=True, stochastic=True, **LINEAR)
cell("Dropout2d", lambda r, d: nn.Dropout2d(p=0.5), inputs(normal(*IMG)), "eval", **LINEAR)
cell("Dropout1d", lambda r, d: nn.Dropout1d(p=0.5), inputs(normal(4, 3, 2)), "train_seeded", training=True,
     stochastic=True, **LINEAR)
cell("Dropout3d", lambda r, d: nn.Dropout3d(p=0.5), inputs(normal(4, 3, 2, 1, 2)), "train_seeded", training=True,
     stochastic=True, **LINEAR)
cell("Dropout2d", lambda r, d: nn.Dropout2d(p=0.5), inputs(normal(4, 3, 2, 2)), "train_seeded", training=True,
     stochastic=True, **LINEAR)
cell("ClipByNorm", lambda r, d: nn.ClipByNorm(), inputs(normal(2, 3), uniform(low=0.5, high=1.0)), "clipped")
cell("ClipByNorm", lambda r, d: nn.ClipByNorm(1), inputs(normal(2, 3), uniform(low=10.0, high=20.0)), "axis_within",
     **LINEAR)
cell("ClipByNorm", lambda r, d: nn.ClipByNorm((0, 2)), inputs(normal(*SEQ), uniform(1, 2, 1, low=0.5, high=1.0)),
     "axes_clipped")
cell("Embedding", lambda r, d: nn.Embedding(5, 3, embedding_table=_w(r, dt.float32, 5, 3)),
     inputs(ints(2, 3, low=0, high=5)), rounds=True)
cell("Embedding", lambda r, d: nn.Embedding(5, 3, use_one_hot=True, embedding_table=_w(r, dt.float32, 5, 3)),
     inputs(ints(2, 3, low=0, high=5)), "one_hot", rounds=True)

cell("OneHot", lambda r, d: nn.OneHot(depth=4, dtype=d), inputs(const([[0, 3], [5, 1]])), "out_of_range")
cell("OneHot", lambda r, d: nn.OneHot(0, 3, 2.0, -1.0, d), inputs(ints(2, 3, low=0, high=3)), "axis0_values")
cell("MatMul", lambda r, d: nn.MatMul(), inputs(normal(2, 1, 2, 3), normal(4, 3, 2)), "broadcast")
cell("MatMul", lambda r, d: nn.MatMul(True, True), inputs(normal(3, 2), normal(4, 3)), "transposed")
cell("MatMul", lambda r, d: nn.MatMul(), inputs(normal(3), normal(3)), "vectors")
cell("Norm", lambda r, d: nn.Norm(), inputs(X23))
cell("Norm", lambda r, d: nn.Norm((0, 2), True), inputs(normal(*SEQ)), "axes_keep")
cell("Moments", lambda r, d: nn.Moments(1), inputs(normal(*SEQ)))
cell("Moments", lambda r, d: nn.Moments(keep_dims=True), inputs(X23), "all_keep")
cell("Tril", lambda r, d: nn.Tril(), inputs(normal(2, 3, 4)), **LINEAR)
cell("Triu", lambda r, d: _Call(nn.Triu(), 1), inputs(normal(2, 3, 4)), "k1", **LINEAR)
cell("Roll", lambda r, d: nn.Roll((1, -2), (0, 2)), inputs(normal(2, 3, 4)), **LINEAR)
cell("Unflatten", lambda r, d: nn.Unflatten(1, (2, 2)), inputs(normal(2, 4, 3)), **LINEAR)
cell("PixelShuffle", lambda r, d: nn.PixelShuffle(2), inputs(normal(1, 8, 2, 3)), **LINEAR)
cell("PixelUnshuffle", lambda r, d: nn.PixelUnshuffle(2), inputs(normal(1, 2, 4, 2)), **LINEAR)
cell("ChannelShuffle", lambda r, d: nn.ChannelShuffle(2), inputs(normal(2, 4, 3)), **LINEAR)
cell("Unfold", lambda r, d: nn.Unfold([1, 2, 2, 1], [1, 1, 2, 1], [1, 1, 1, 1], "same"), inputs(normal(*IMG)),
     **LINEAR)
cell("Tril", lambda r, d: _Call(nn.Tril(), -1), inputs(normal(2, 3, 4)), "k_neg", **LINEAR)



def _recurrent(kind: type, *args: Any, lengths: Sequence[int] | None = None, **kwargs: Any) -> Builder:
    """A recurrent layer with every Parameter drawn in ``dtype``; with ``lengths``, called with them as
    seq_length (the entry's inputs are x, or x and the initial state)."""
    def build(rng: np.random.Generator, dtype: dt.DType) -> nn.Cell:
        layer = kind(*args, dtype=dtype, **kwargs)
        for param in layer.get_parameters():
            param.set_data(_w(rng, dtype, *param.shape))
        if lengths is None:
            return layer
        return _Call(layer, None, Tensor(np.asarray(lengths, np.int32), dt.int32))
    return build


class _FlatLSTM(nn.Cell):
    """An LSTM's (output, (h_n, c_n)) as three outputs (the checks take a flat tuple), with (h0, c0), when
    given, as two inputs, so both are differentiated."""

    def __init__(self, lstm: nn.Cell) -> None:
        super().__init__()
        self.lstm = lstm

    def construct(self, x: Tensor, *state: Tensor) -> Any:
        output, (h, c) = self.lstm(x, tuple(state) if state else None)
        return output, h, c


def _lstm(*args: Any, **kwargs: Any) -> Builder:
    return lambda rng, dtype: _FlatLSTM(_recurrent(nn.LSTM, *args, **kwargs)(rng, dtype))


SEQ_IN = (3, 2, 2)  # (T, N, input)
cell("LSTM", _lstm(2, 3, 2, bidirectional=True), inputs(normal(*SEQ_IN)), "bi_2layers")
cell("LSTM", _lstm(2, 3, batch_first=True), inputs(normal(2, 3, 2), normal(1, 2, 3), normal(1, 2, 3)), "batch_first_hx")
cell("GRU", _recurrent(nn.GRU, 2, 3, bidirectional=True), inputs(normal(*SEQ_IN), normal(2, 2, 3)), "bi_hx")
cell("GRU", _recurrent(nn.GRU, 2, 3, 2, has_bias=False, lengths=[2, 3]), inputs(normal(*SEQ_IN)), "2layers_seq_length")
cell("RNN", _recurrent(nn.RNN, 2, 3, 2), inputs(normal(*SEQ_IN)), "tanh_2layers")
cell("RNN", _recurrent(nn.RNN, 2, 3, nonlinearity="relu", bidirectional=True), inputs(normal(*SEQ_IN)), "relu_bi")



def _recurrent_cell(kind: type, *args: Any, **kwargs: Any) -> Builder:
    def build(rng: np.random.Generator, dtype: dt.DType) -> nn.Cell:
        layer = kind(*args, dtype=dtype, **kwargs)
        for param in layer.get_parameters():
            param.set_data(_w(rng, dtype, *param.shape))
        return layer
    return build


class _FlatLSTMCell(nn.Cell):
    """LSTMCell(x, (h, c)) with h and c as inputs, its (h', c') as two outputs."""

    def __init__(self, cell: nn.Cell) -> None:
        super().__init__()
        self.cell = cell

    def construct(self, x: Tensor, h: Tensor, c: Tensor) -> Any:
        return self.cell(x, (h, c))


cell("RNNCell", _recurrent_cell(nn.RNNCell, 2, 3), inputs(normal(2, 2), normal(2, 3)), "tanh")
cell("RNNCell", _recurrent_cell(nn.RNNCell, 2, 3, False, "relu"), inputs(normal(2, 2), normal(2, 3)), "relu_no_bias")
cell("GRUCell", _recurrent_cell(nn.GRUCell, 2, 3), inputs(normal(2, 2), normal(2, 3)))
cell("LSTMCell", lambda r, d: _FlatLSTMCell(_recurrent_cell(nn.LSTMCell, 2, 3)(r, d)),
     inputs(normal(2, 2), normal(2, 3), normal(2, 3)))



def _drawn(make: Callable[[dt.DType], nn.Cell], scale: float = 0.5) -> Builder:
    """``make(dtype)`` with every Parameter re-drawn from the entry's generator (layers that draw their own
    initial values from several initializers); ``scale``: their spread."""
    def build(rng: np.random.Generator, dtype: dt.DType) -> nn.Cell:
        layer = make(dtype)
        for param in layer.get_parameters():
            param.set_data(_w(rng, dtype, *param.shape, scale=scale))
        return layer
    return build


ATT_Q, ATT_KV = normal(3, 2, 4), normal(2, 2, 4)  # (target, batch, embed), (source, batch, embed)
cell("MultiheadAttention", _drawn(lambda d: nn.MultiheadAttention(4, 2, dtype=d)), inputs(ATT_Q, ATT_KV, ATT_KV),
     "cross")
cell("MultiheadAttention", _drawn(lambda d: nn.MultiheadAttention(4, 2, add_bias_kv=True, add_zero_attn=True, kdim=3,
                                                                   vdim=5, batch_first=True, dtype=d)),
     inputs(normal(2, 3, 4), normal(2, 2, 3), normal(2, 2, 5)), "bias_kv_zero_kdim_batch_first")
cell("TransformerEncoderLayer", _drawn(lambda d: nn.TransformerEncoderLayer(4, 2, 6, dtype=d)), inputs(ATT_Q))
cell("TransformerEncoderLayer", _drawn(lambda d: nn.TransformerEncoderLayer(4, 2, 6, activation="gelu", norm_first=True,
                                                                            dtype=d)), inputs(ATT_Q), "pre_norm_gelu")
cell("TransformerDecoderLayer", _drawn(lambda d: nn.TransformerDecoderLayer(4, 2, 6, dtype=d)), inputs(ATT_Q, ATT_KV))
cell("TransformerEncoder", _drawn(lambda d: nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 6, dtype=d), 2,
                                                                  nn.LayerNorm((4,), dtype=d))), inputs(ATT_Q))
cell("TransformerDecoder", _drawn(lambda d: nn.TransformerDecoder(nn.TransformerDecoderLayer(4, 2, 6, dtype=d), 1)),
     inputs(ATT_Q, ATT_KV))
# the whole model at a smaller weight spread: float32 rounding through its seven LayerNorms stays within the
# agreement check's 1e-6
cell("Transformer", _drawn(lambda d: nn.Transformer(4, 2, 1, 1, 6, dtype=d), scale=0.25), inputs(ATT_KV, ATT_Q),
     second_order=False)

# convolutions and pooling
cell("Conv2d", lambda r, d: nn.Conv2d(2, 3, 3, pad_mode="pad", padding=1, has_bias=True,
                                      weight_init=_w(r, d, 3, 2, 3, 3), bias_init=_w(r, d, 3), dtype=d), inputs(normal(*IMG)), "pad_bias", **LINEAR)
cell("Conv2d", lambda r, d: nn.Conv2d(2, 2, 2, stride=2, group=2, weight_init=_w(r, d, 2, 1, 2, 2), dtype=d),
     inputs(normal(*IMG)), "same_stride_group", **LINEAR)
cell("Conv1d", lambda r, d: nn.Conv1d(2, 3, 3, has_bias=True, weight_init=_w(r, d, 3, 2, 3), bias_init=_w(r, d, 3),
                                      dtype=d), inputs(normal(*SEQ)), "same_bias", **LINEAR)
cell("Conv1d", lambda r, d: nn.Conv1d(2, 2, 2, stride=2, pad_mode="valid", weight_init=_w(r, d, 2, 2, 2), dtype=d),
     inputs(normal(*SEQ)), "valid_stride", **LINEAR)
cell("Conv2dTranspose", lambda r, d: nn.Conv2dTranspose(2, 3, 3, stride=2, has_bias=True, weight_init=_w(r, d, 2, 3, 3, 3),
                                                        bias_init=_w(r, d, 3), dtype=d),
     inputs(normal(*IMG)), "same_stride_bias", **LINEAR)
cell("Conv2dTranspose", lambda r, d: nn.Conv2dTranspose(2, 4, (2, 3), stride=(2, 1), pad_mode="pad", padding=(1, 0, 0, 1),
                                                        output_padding=(1, 0), group=2, weight_init=_w(r, d, 2, 2, 2, 3),
                                                        dtype=d),
     inputs(normal(*IMG)), "pad_output_padding_group", **LINEAR)
cell("Conv2dTranspose", lambda r, d: nn.Conv2dTranspose(2, 2, 2, stride=3, pad_mode="valid", dilation=2,
                                                        weight_init=_w(r, d, 2, 2, 2, 2), dtype=d),
     inputs(normal(*IMG)), "valid_dilation", **LINEAR)
cell("Conv1dTranspose", lambda r, d: nn.Conv1dTranspose(2, 4, 3, 2, "pad", 1, group=2, has_bias=True,
                                                        weight_init=_w(r, d, 2, 2, 3), bias_init=_w(r, d, 4), dtype=d),
     inputs(normal(*SEQ)), "pad_group_bias", **LINEAR)
VOL = (1, 2, 3, 4, 3)
cell("Conv3d", lambda r, d: nn.Conv3d(2, 3, (2, 3, 2), has_bias=True, weight_init=_w(r, d, 3, 2, 2, 3, 2),
                                      bias_init=_w(r, d, 3), dtype=d), inputs(normal(*VOL)), "same_bias", **LINEAR)
cell("Conv3d", lambda r, d: nn.Conv3d(2, 2, 2, stride=(1, 2, 1), pad_mode="pad", padding=(1, 0, 0, 1, 1, 0), group=2,
                                      dilation=(2, 1, 1), weight_init=_w(r, d, 2, 1, 2, 2, 2), dtype=d),
     inputs(normal(*VOL)), "pad_group_dilation", **LINEAR)
cell("Conv3dTranspose", lambda r, d: nn.Conv3dTranspose(2, 3, 2, stride=2, pad_mode="pad", padding=(1, 0, 0, 1, 0, 0),
                                                        output_padding=(1, 0, 1), weight_init=_w(r, d, 2, 3, 2, 2, 2),
                                                        has_bias=True, bias_init=_w(r, d, 3), dtype=d),
     inputs(normal(*VOL)), "pad_output_padding_bias", **LINEAR)
cell("Conv3dTranspose", lambda r, d: nn.Conv3dTranspose(2, 2, (2, 1, 2), group=2, weight_init=_w(r, d, 2, 1, 2, 1, 2),
                                                        dtype=d), inputs(normal(*VOL)), "same_group", **LINEAR)
cell("MaxPool2d", lambda r, d: nn.MaxPool2d(2, 2), inputs(distinct(*IMG)), **LINEAR)
cell("MaxPool2d", lambda r, d: nn.MaxPool2d(3, 1, pad_mode="same"), inputs(distinct(*IMG)), "same", **LINEAR)
cell("AvgPool2d", lambda r, d: nn.AvgPool2d(2, 2), inputs(normal(*IMG)), **LINEAR)
cell("AvgPool2d", lambda r, d: nn.AvgPool2d(3, 2, pad_mode="same"), inputs(normal(*IMG)), "same", **LINEAR)
cell("AdaptiveAvgPool2d", lambda r, d: nn.AdaptiveAvgPool2d((3, 2)), inputs(normal(*IMG)), **LINEAR)
cell("Upsample", lambda r, d: nn.Upsample(size=(5, 7), mode="bilinear"), inputs(normal(*IMG)), "bilinear", **LINEAR)
cell("Upsample", lambda r, d: nn.Upsample(size=7, mode="linear", align_corners=True), inputs(normal(*SEQ)),
     "linear_corners", **LINEAR)
cell("Upsample", lambda r, d: nn.Upsample(scale_factor=1.5), inputs(normal(1, 2, 2, 3, 2)), "nearest_5d", **LINEAR)
cell("MaxPool1d", lambda r, d: nn.MaxPool1d(2, 2), inputs(distinct(*SEQ)), **LINEAR)
cell("MaxPool1d", lambda r, d: nn.MaxPool1d(3, 2, "pad", 1, ceil_mode=True), inputs(distinct(*SEQ)), "pad_ceil", **LINEAR)
cell("AvgPool1d", lambda r, d: nn.AvgPool1d(3, 2, "same"), inputs(normal(*SEQ)), "same", **LINEAR)
cell("AvgPool1d", lambda r, d: nn.AvgPool1d(3, 2, "pad", 1, count_include_pad=False), inputs(normal(*SEQ)),
     "pad_exclude", **LINEAR)
cell("AdaptiveAvgPool1d", lambda r, d: nn.AdaptiveAvgPool1d(2), inputs(normal(2, 2, 6)), **LINEAR)
cell("AdaptiveMaxPool1d", lambda r, d: nn.AdaptiveMaxPool1d(3), inputs(distinct(2, 2, 6)), **LINEAR)
cell("AdaptiveMaxPool2d", lambda r, d: nn.AdaptiveMaxPool2d((3, 2)), inputs(distinct(1, 2, 5, 3)), **LINEAR)
cell("LPPool2d", lambda r, d: nn.LPPool2d(2, 2, ceil_mode=True), inputs(uniform(1, 2, 3, 5, low=0.5, high=2.0)))
cell("LPPool1d", lambda r, d: nn.LPPool1d(3.0, 2, 1), inputs(uniform(*SEQ, low=0.5, high=2.0)))
cell("AdaptiveAvgPool2d", lambda r, d: nn.AdaptiveAvgPool2d((None, 3)), inputs(normal(2, 4, 5)), "3d_none", **LINEAR)
cell("ConstantPad1d", lambda r, d: nn.ConstantPad1d((2, -1), 0.5), inputs(normal(*SEQ)), "crop", **LINEAR)
cell("ConstantPad2d", lambda r, d: nn.ConstantPad2d((1, 0, 2, 1), -1.0), inputs(normal(*IMG)), **LINEAR)
cell("ConstantPad3d", lambda r, d: nn.ConstantPad3d(1, 0.0), inputs(normal(2, 2, 2, 3)), **LINEAR)
cell("ZeroPad2d", lambda r, d: nn.ZeroPad2d((0, 1, 2, 0)), inputs(normal(*IMG)), **LINEAR)
cell("ReflectionPad1d", lambda r, d: nn.ReflectionPad1d((3, 1)), inputs(normal(*SEQ)), **LINEAR)
cell("ReflectionPad2d", lambda r, d: nn.ReflectionPad2d((1, 2, 3, 0)), inputs(normal(*IMG)), **LINEAR)
cell("ReflectionPad3d", lambda r, d: nn.ReflectionPad3d(1), inputs(normal(1, 2, 3, 3)), **LINEAR)
cell("ReplicationPad1d", lambda r, d: nn.ReplicationPad1d((4, 1)), inputs(normal(*SEQ)), **LINEAR)
cell("ReplicationPad2d", lambda r, d: nn.ReplicationPad2d((2, 0, 1, 3)), inputs(normal(*IMG)), **LINEAR)
cell("ReplicationPad3d", lambda r, d: nn.ReplicationPad3d((1, 0, 0, 2, 1, 1)), inputs(normal(1, 2, 2, 3, 2)), **LINEAR)
for _mode in ("CONSTANT", "REFLECT", "SYMMETRIC"):
    cell("Pad", lambda r, d, m=_mode: nn.Pad(((0, 0), (1, 2), (2, 1)), m), inputs(normal(2, 3, 4)), _mode.lower(),
         **LINEAR)


# normalisation: random affine weights and moving statistics, so inference mode is not the identity
def _batch_norm(kind: type, channels: int) -> Builder:
    def build(rng: np.random.Generator, dtype: dt.DType) -> nn.Cell:
        return kind(channels, gamma_init=_w(rng, dtype, channels, shift=1.0), beta_init=_w(rng, dtype, channels),
                    moving_mean_init=_w(rng, dtype, channels),
                    moving_var_init=_w(rng, dtype, channels, scale=0.2, shift=1.0), dtype=dtype)
    return build


cell("BatchNorm1d", _batch_norm(nn.BatchNorm1d, 3), inputs(normal(4, 3)), "eval", **LINEAR)
cell("BatchNorm1d", _batch_norm(nn.BatchNorm1d, 3), inputs(normal(4, 3)), "train", training=True)
cell("BatchNorm1d", _batch_norm(nn.BatchNorm1d, 2), inputs(normal(*SEQ)), "train_3d", training=True)
cell("BatchNorm2d", _batch_norm(nn.BatchNorm2d, 2), inputs(normal(*IMG)), "eval", **LINEAR)
cell("BatchNorm2d", _batch_norm(nn.BatchNorm2d, 2), inputs(normal(*IMG)), "train", training=True)
cell("GroupNorm", lambda r, d: nn.GroupNorm(2, 4, gamma_init=_w(r, d, 4, shift=1.0), beta_init=_w(r, d, 4), dtype=d),
     inputs(normal(2, 4, 3)))
cell("GroupNorm", lambda r, d: nn.GroupNorm(1, 2, eps=1e-3, gamma_init=_w(r, d, 2, shift=1.0), beta_init=_w(r, d, 2),
                                            dtype=d), inputs(normal(*IMG)), "one_group_4d")
cell("SyncBatchNorm", _batch_norm(nn.SyncBatchNorm, 2), inputs(normal(*IMG)), "train", training=True)


def _instance_norm(kind: type, channels: int) -> Builder:
    """Instance norm with gamma and beta drawn in ``dtype`` (its constructor takes float32 Tensors only, as
    MindSpore's; the drawn ones replace the Parameters)."""
    def build(rng: np.random.Generator, dtype: dt.DType) -> nn.Cell:
        layer = kind(channels, dtype=dtype)
        layer.gamma = Parameter(_w(rng, dtype, channels, shift=1.0), name="gamma")
        layer.beta = Parameter(_w(rng, dtype, channels), name="beta")
        return layer
    return build


cell("InstanceNorm1d", _instance_norm(nn.InstanceNorm1d, 2), inputs(normal(*SEQ)))
cell("InstanceNorm2d", _instance_norm(nn.InstanceNorm2d, 2), inputs(normal(*IMG)), training=True)
cell("InstanceNorm3d", lambda r, d: nn.InstanceNorm3d(2, affine=False, dtype=d), inputs(normal(1, 2, 2, 2, 3)))
cell("BatchNorm3d", _batch_norm(nn.BatchNorm3d, 2), inputs(normal(2, 2, 2, 1, 3)), "train", training=True)
cell("BatchNorm3d", _batch_norm(nn.BatchNorm3d, 2), inputs(normal(2, 2, 2, 1, 3)), "eval", **LINEAR)
cell("SyncBatchNorm", _batch_norm(nn.SyncBatchNorm, 3), inputs(normal(4, 3)), "eval_2d", **LINEAR)
cell("LayerNorm", lambda r, d: nn.LayerNorm((3,), gamma_init=_w(r, d, 3, shift=1.0), beta_init=_w(r, d, 3), dtype=d),
     inputs(X23))
cell("LayerNorm", lambda r, d: nn.LayerNorm((2, 3), 1, 1, gamma_init=_w(r, d, 2, 3, shift=1.0),
                                            beta_init=_w(r, d, 2, 3), epsilon=1e-5, dtype=d),
     inputs(normal(2, 2, 3)), "last_two_axes")


# losses: logits (3, 4); labels away from each loss's kinks
def _offset_pair(points: Sequence[float], low: float = -2.5, high: float = 2.5) -> Sampler:
    """logits and labels whose difference keeps ``gap`` away from each kink in ``points``."""
    def sample(rng: np.random.Generator, dtype: Any) -> list[np.ndarray]:
        labels = normal(3, 4)(rng, np.dtype(np.float64))
        diff = avoiding(3, 4, low=low, high=high, points=points, gap=0.2)(rng, np.dtype(np.float64))
        return [(labels + diff).astype(_np(dtype)), labels.astype(_np(dtype))]
    return sample


def _log_probs(rng: np.random.Generator, dtype: Any) -> np.ndarray:
    return np.log(probabilities(3, 4)(rng, np.dtype(np.float64))).astype(_np(dtype))


LABELS = ints(3, low=0, high=4)
for _reduction in ("mean", "sum", "none"):
    cell("MSELoss", lambda r, d, red=_reduction: nn.MSELoss(red), inputs(normal(3, 4), normal(3, 4)), _reduction)
cell("L1Loss", lambda r, d: nn.L1Loss(), _offset_pair((0.0,)), **LINEAR)
cell("L1Loss", lambda r, d: nn.L1Loss("sum"), _offset_pair((0.0,)), "sum", **LINEAR)
cell("SmoothL1Loss", lambda r, d: nn.SmoothL1Loss(), _offset_pair((-1.0, 0.0, 1.0)))
cell("SmoothL1Loss", lambda r, d: nn.SmoothL1Loss(0.5, "mean"), _offset_pair((-0.5, 0.0, 0.5)), "beta_mean")
cell("HuberLoss", lambda r, d: nn.HuberLoss(), _offset_pair((-1.0, 0.0, 1.0)))
cell("HuberLoss", lambda r, d: nn.HuberLoss("none", delta=0.5), _offset_pair((-0.5, 0.0, 0.5)), "delta_none")
cell("CrossEntropyLoss", lambda r, d: nn.CrossEntropyLoss(), inputs(normal(3, 4), LABELS))
cell("CrossEntropyLoss", lambda r, d: nn.CrossEntropyLoss(), inputs(normal(3, 4), probabilities(3, 4)), "probs")
cell("CrossEntropyLoss", lambda r, d: nn.CrossEntropyLoss(_w(r, d, 4, scale=0.2, shift=1.0), label_smoothing=0.1),
     inputs(normal(3, 4), LABELS), "weight_smoothing")
cell("CrossEntropyLoss", lambda r, d: nn.CrossEntropyLoss(ignore_index=1, reduction="sum"),
     inputs(normal(3, 4), const([0, 1, 3])), "ignore_sum")
cell("NLLLoss", lambda r, d: nn.NLLLoss(), inputs(_log_probs, LABELS))
cell("NLLLoss", lambda r, d: nn.NLLLoss(_w(r, d, 4, scale=0.2, shift=1.0), reduction="sum"),
     inputs(_log_probs, LABELS), "weight_sum")
cell("BCEWithLogitsLoss", lambda r, d: nn.BCEWithLogitsLoss(), inputs(normal(3, 4), uniform(3, 4, low=0.0, high=1.0)))
cell("BCEWithLogitsLoss", lambda r, d: nn.BCEWithLogitsLoss("sum", _w(r, d, 3, 4, scale=0.2, shift=1.0),
                                                            _w(r, d, 4, scale=0.2, shift=1.5)),
     inputs(normal(3, 4), uniform(3, 4, low=0.0, high=1.0)), "weight_pos_weight")
cell("BCELoss", lambda r, d: nn.BCELoss(), inputs(uniform(3, 4, low=0.1, high=0.9), uniform(3, 4, low=0.0, high=1.0)))
cell("BCELoss", lambda r, d: nn.BCELoss(_w(r, d, 3, 4, scale=0.2, shift=1.0), "none"),
     inputs(uniform(3, 4, low=0.1, high=0.9), uniform(3, 4, low=0.0, high=1.0)), "weight_none")
cell("SoftmaxCrossEntropyWithLogits", lambda r, d: nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="mean"),
     inputs(normal(3, 4), LABELS), "sparse_mean")
cell("SoftmaxCrossEntropyWithLogits", lambda r, d: nn.SoftmaxCrossEntropyWithLogits(),
     inputs(normal(3, 4), probabilities(3, 4)), "dense_none", argnums=(0,))
cell("SoftmaxCrossEntropyWithLogits", lambda r, d: nn.SoftmaxCrossEntropyWithLogits(True, "sum"),
     inputs(normal(3, 4), const([0, 5, 3])), "sparse_sum_out_of_range")
cell("DiceLoss", lambda r, d: nn.DiceLoss(), inputs(uniform(3, 4, low=0.0, high=1.0), uniform(3, 4, low=0.0, high=1.0)))
cell("DiceLoss", lambda r, d: nn.DiceLoss(0.5), inputs(normal(3, 4), const([[0, 1, 1, 0]] * 3)), "smooth_binary_labels",
     argnums=(0,))
SIGNS = const([[1, -1, 1, -1], [-1, -1, 1, 1], [1, 1, -1, 1]])
cell("MAELoss", lambda r, d: nn.MAELoss("sum"), _offset_pair((0.0,)), **LINEAR)
cell("RMSELoss", lambda r, d: nn.RMSELoss(), inputs(normal(3, 4), normal(3, 4)))
cell("MarginRankingLoss", lambda r, d: nn.MarginRankingLoss(0.3), inputs(normal(4), normal(4), const([1.0, -1.0, -1.0, 1.0])),
     argnums=(0, 1), **LINEAR)
cell("SoftMarginLoss", lambda r, d: nn.SoftMarginLoss(), inputs(normal(3, 4), SIGNS), argnums=(0,))
cell("CosineEmbeddingLoss", lambda r, d: nn.CosineEmbeddingLoss(-0.9, "sum"),
     inputs(normal(3, 4), normal(3, 4), const([1, -1, -1])), argnums=(0, 1))
cell("HingeEmbeddingLoss", lambda r, d: nn.HingeEmbeddingLoss(4.0), inputs(normal(3, 4), SIGNS), argnums=(0,),
     **LINEAR)
cell("PoissonNLLLoss", lambda r, d: nn.PoissonNLLLoss(full=True), inputs(normal(3, 4), uniform(3, 4, low=1.5, high=4.0)),
     argnums=(0,))
cell("GaussianNLLLoss", lambda r, d: nn.GaussianNLLLoss(full=True),
     inputs(normal(3, 4), normal(3, 4), uniform(3, 4, low=0.5, high=2.0)))
cell("MultiLabelSoftMarginLoss", lambda r, d: nn.MultiLabelSoftMarginLoss(_w(r, d, 4, scale=0.2, shift=1.0)),
     inputs(normal(3, 4), uniform(3, 4, low=0.0, high=1.0)))
cell("FocalLoss", lambda r, d: nn.FocalLoss(_w(r, d, 4, scale=0.2, shift=1.0)), inputs(normal(3, 4, 2), ints(3, 1, 2, high=4)),
     "index_weight")
cell("FocalLoss", lambda r, d: nn.FocalLoss(gamma=1.5, reduction="sum"), inputs(normal(3, 4), probabilities(3, 4)),
     "probabilities", argnums=(0,))
cell("TripletMarginLoss", lambda r, d: nn.TripletMarginLoss(1, True, margin=3.0), inputs(normal(3, 5), normal(3, 5),
                                                                                       normal(3, 5)), "p1_swap")
cell("TripletMarginLoss", lambda r, d: nn.TripletMarginLoss(), inputs(normal(3, 5), normal(3, 5), normal(3, 5)))
# the labels are constants (no gradient), as MindSpore's kl_div
cell("KLDivLoss", lambda r, d: nn.KLDivLoss(), inputs(_log_probs, probabilities(3, 4)), argnums=(0,))
cell("KLDivLoss", lambda r, d: nn.KLDivLoss("batchmean"), inputs(_log_probs, probabilities(3, 4)), "batchmean",
     argnums=(0,))


# -- learning-rate schedules -------------------------------------------------------------------------------
@dataclass(frozen=True)
class ScheduleSpec:
    """A schedule Cell and MindSpore's formula for it in float64 (``reference(step) -> lr``)."""

    name: str
    build: Callable[[], LearningRateSchedule]
    reference: Callable[[int], float]
    variant: str = ""

    @property
    def id(self) -> str:
        return f"{self.name}-{self.variant}" if self.variant else self.name


SCHEDULE_STEPS = tuple(range(6))


def _piecewise(milestone: Sequence[int], lrs: Sequence[float]) -> Callable[[int], float]:
    return lambda s: next((lr for bound, lr in zip(milestone, lrs) if s < bound), lrs[-1])


SCHEDULES: list[ScheduleSpec] = [
    ScheduleSpec("ExponentialDecayLR", lambda: nn.ExponentialDecayLR(0.1, 0.9, 2), lambda s: 0.1 * 0.9 ** (s / 2)),
    ScheduleSpec("ExponentialDecayLR", lambda: nn.ExponentialDecayLR(0.1, 0.9, 2, True),
                 lambda s: 0.1 * 0.9 ** (s // 2), "stair"),
    # MindSpore's code (not its docstring) uses p = step, and p = floor(step / decay_steps) * decay_steps
    # when is_stair; unigrad follows the code, which is what MindSpore users get
    ScheduleSpec("NaturalExpDecayLR", lambda: nn.NaturalExpDecayLR(0.1, 0.5, 2), lambda s: 0.1 * math.exp(-0.5 * s)),
    ScheduleSpec("NaturalExpDecayLR", lambda: nn.NaturalExpDecayLR(0.1, 0.5, 2, True),
                 lambda s: 0.1 * math.exp(-0.5 * (s // 2) * 2), "stair"),
    ScheduleSpec("InverseDecayLR", lambda: nn.InverseDecayLR(0.1, 0.5, 2), lambda s: 0.1 / (1 + 0.5 * s / 2)),
    ScheduleSpec("InverseDecayLR", lambda: nn.InverseDecayLR(0.1, 0.5, 2, True),
                 lambda s: 0.1 / (1 + 0.5 * (s // 2)), "stair"),
    ScheduleSpec("CosineDecayLR", lambda: nn.CosineDecayLR(0.01, 0.1, 4),
                 lambda s: 0.01 + 0.045 * (1 + math.cos(math.pi * min(s, 4) / 4))),
    ScheduleSpec("PolynomialDecayLR", lambda: nn.PolynomialDecayLR(0.1, 0.01, 4, 0.5),
                 lambda s: 0.09 * (1 - min(s, 4) / 4) ** 0.5 + 0.01),
    ScheduleSpec("PolynomialDecayLR", lambda: nn.PolynomialDecayLR(0.1, 0.01, 2, 2.0, True),
                 lambda s: 0.09 * (1 - s / (2 * max(math.ceil(s / 2), 1))) ** 2.0 + 0.01, "update_decay_steps"),
    ScheduleSpec("WarmUpLR", lambda: nn.WarmUpLR(0.1, 3), lambda s: 0.1 * min(s, 3) / 3),
    ScheduleSpec("PiecewiseConstantLR", lambda: EXTRA["PiecewiseConstantLR"]([2, 4], [0.1, 0.05]),
                 _piecewise([2, 4], [0.1, 0.05])),
]


# -- optimizers --------------------------------------------------------------------------------------------
PARAM_SHAPES: dict[str, tuple[int, ...]] = {"dense.weight": (2, 3), "dense.bias": (3,), "norm.gamma": (3,)}
OPT_STEPS = 3


@dataclass(frozen=True)
class OptimizerSpec:
    """One optimizer configuration: ``options`` are its keyword arguments, with ``learning_rate`` a number,
    a list or a ScheduleSpec (built on the current backend); ``groups`` name the Parameters of each
    parameter group (None: ungrouped)."""

    name: str
    options: Mapping[str, Any] = field(default_factory=dict)
    variant: str = ""
    groups: tuple[Mapping[str, Any], ...] | None = None

    @property
    def id(self) -> str:
        return f"{self.name}-{self.variant}" if self.variant else self.name

    def initial_values(self, dtype: dt.DType) -> dict[str, np.ndarray]:
        rng = np.random.default_rng(_seed(self.id + "/params"))
        return {n: rng.standard_normal(s).astype(dtype.numpy) for n, s in PARAM_SHAPES.items()}

    def gradients(self, dtype: dt.DType) -> list[list[np.ndarray]]:
        """One gradient per Parameter for each of the OPT_STEPS steps (fixed values)."""
        rng = np.random.default_rng(_seed(self.id + "/grads"))
        return [[rng.standard_normal(s).astype(dtype.numpy) for s in PARAM_SHAPES.values()] for _ in range(OPT_STEPS)]

    def build(self, dtype: dt.DType) -> tuple[list[Parameter], nn.Optimizer]:
        """The Parameters (in PARAM_SHAPES order) and the optimizer over them, on the current backend."""
        params = [Parameter(Tensor(v, dtype), name=n) for n, v in self.initial_values(dtype).items()]
        by_name = {p.name: p for p in params}
        options = {k: _lr_value(v) if k == "learning_rate" else v for k, v in self.options.items()}
        if self.groups is None:
            return params, nn_class(self.name)(params, **options)
        groups = [{k: [by_name[n] for n in v] if k == "params" else _lr_value(v) if k == "lr" else v
                   for k, v in g.items()} for g in self.groups]
        return params, nn_class(self.name)(groups, **options)


def _lr_value(value: Any) -> Any:
    return value.build() if isinstance(value, ScheduleSpec) else value


_EXP = SCHEDULES[0]
_GROUPS = ({"params": ("dense.weight",), "weight_decay": 0.05, "lr": 0.05}, {"params": ("dense.bias", "norm.gamma")})
OPTIMIZERS: list[OptimizerSpec] = [
    OptimizerSpec("SGD", {"learning_rate": 0.1}),
    OptimizerSpec("SGD", {"learning_rate": 0.1, "momentum": 0.9}, "momentum"),
    OptimizerSpec("SGD", {"learning_rate": 0.1, "momentum": 0.9, "dampening": 0.1}, "dampening"),
    OptimizerSpec("SGD", {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01},
                  "nesterov_wd"),
    OptimizerSpec("SGD", {"learning_rate": 0.1, "momentum": 0.9, "weight_decay": 0.01}, "groups", _GROUPS),
    OptimizerSpec("SGD", {"learning_rate": _EXP, "momentum": 0.5}, "schedule"),
    OptimizerSpec("SGD", {"learning_rate": [0.1, 0.05, 0.02]}, "lr_list"),
    OptimizerSpec("Momentum", {"learning_rate": 0.1, "momentum": 0.9}),
    OptimizerSpec("Momentum", {"learning_rate": 0.1, "momentum": 0.9, "use_nesterov": True, "weight_decay": 0.01,
                               "loss_scale": 2.0}, "nesterov_wd_loss_scale"),
    OptimizerSpec("Adam", {"learning_rate": 0.01}),
    OptimizerSpec("Adam", {"learning_rate": 0.01, "use_nesterov": True, "weight_decay": 0.01}, "nesterov_wd"),
    OptimizerSpec("Adam", {"learning_rate": _EXP, "beta1": 0.8, "beta2": 0.99}, "schedule"),
    OptimizerSpec("AdamWeightDecay", {"learning_rate": 0.01, "weight_decay": 0.01}),
    OptimizerSpec("AdamWeightDecay", {"learning_rate": 0.01}, "groups", _GROUPS),
    OptimizerSpec("AdamW", {"learning_rate": 0.01}),
    OptimizerSpec("RMSProp", {"learning_rate": 0.01}),
    OptimizerSpec("RMSProp", {"learning_rate": 0.01, "momentum": 0.9, "centered": True, "weight_decay": 0.01},
                  "centered_momentum_wd"),
    OptimizerSpec("Adagrad", {"learning_rate": 0.1}),
    OptimizerSpec("Adagrad", {"learning_rate": 0.1, "accum": 0.5, "weight_decay": 0.01}, "accum_wd"),
]


# -- coverage ----------------------------------------------------------------------------------------------
# abstract bases and containers: no numbers of their own (containers are covered by the Cell unit tests)
EXCLUDED: dict[str, str] = {
    "Cell": "the base class of every entry",
    "CellList": "a container; its members are the entries",
    "SequentialCell": "a container; its members are the entries",
    "LossBase": "the abstract base of the losses (reduction only)",
    "Optimizer": "the abstract base of the optimizers",
    "LearningRateSchedule": "the abstract base of the schedules",
    "WithLossCell": "a wrapper of a network and a loss entry; tests/test_model.py checks its outputs against "
                    "MindSpore 2.10's on every backend",
    "TrainOneStepCell": "a wrapper running value_and_grad and an optimizer entry; tests/test_model.py checks it "
                        "against MindSpore 2.10 on every backend",
    "WithEvalCell": "a wrapper of a network and a loss entry; tests/test_model.py checks it against MindSpore 2.10",
    "TrainOneStepWithLossScaleCell": "a wrapper running a loss-scaled step with an optimizer entry; tests/test_amp.py "
                                     "checks it on every backend (MindSpore's CPU build has no kernel for it)",
    "DynamicLossScaleUpdateCell": "updates a loss scale in place, no gradient; tests/test_amp.py checks its sequence "
                                  "against MindSpore 2.10's",
    "FixedLossScaleUpdateCell": "returns its overflow input unchanged; tests/test_amp.py",
    "GraphCell": "runs a graph export traced from another Cell; tests/test_mindir.py checks it against that Cell",
    "DistributedGradReducer": "averages gradients across the processes of a data-parallel group (issue 25); "
                              "tests/test_data_parallel.py runs it in real processes against MindSpore 2.10 under "
                              "msrun",
    "Range": "a constant arange, no input: tests/goldens/nn_programs.py (older_layers) checks it against MindSpore "
             "2.10",
}


def public_classes() -> dict[str, str]:
    """Every public Cell class of ``unigrad.nn`` and ``EXTRA``, with its kind: layer, loss, optimizer or
    schedule."""
    kinds: dict[str, str] = {}
    for name, obj in {**vars(nn), **EXTRA}.items():
        if name.startswith("_") or not inspect.isclass(obj) or not issubclass(obj, nn.Cell):
            continue
        kinds[name] = ("optimizer" if issubclass(obj, nn.Optimizer) else "loss" if issubclass(obj, nn.LossBase)
                       else "schedule" if issubclass(obj, LearningRateSchedule) else "layer")
    return kinds


def covered() -> set[str]:
    """The class names with at least one entry."""
    return {s.name for s in CELLS} | {s.name for s in OPTIMIZERS} | {s.name for s in SCHEDULES}
