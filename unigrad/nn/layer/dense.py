"""BiDense, MindSpore's bilinear layer: x1^T W[o] x2 + b[o] for each output o."""
from __future__ import annotations

import math
from typing import Any

from unigrad import dtype as dt
from unigrad import ops
from unigrad.common._checks import check_bool, check_positive_int
from unigrad.common.initializer import Uniform, initializer
from unigrad.nn.cell import Cell
from unigrad._parameter import Parameter
from unigrad._tensor import Tensor


class BiDense(Cell):
    """out[..., o] = sum_ij input1[..., i] weight[o, i, j] input2[..., j] + bias[o]; weight and bias drawn from
    U(+-1/sqrt(in1_channels)) by default."""

    def __init__(self, in1_channels: int, in2_channels: int, out_channels: int, weight_init: Any = None,
                 bias_init: Any = None, has_bias: bool = True, dtype: dt.DType = dt.float32) -> None:
        super().__init__()
        for name, value in (("in1_channels", in1_channels), ("in2_channels", in2_channels),
                            ("out_channels", out_channels)):
            check_positive_int(name, value, "BiDense")
        self.has_bias = check_bool("has_bias", has_bias, "BiDense")
        self.in1_channels, self.in2_channels, self.out_channels = in1_channels, in2_channels, out_channels
        bound = 1 / math.sqrt(in1_channels)
        shape = (out_channels, in1_channels, in2_channels)
        if isinstance(weight_init, Tensor) and tuple(weight_init.shape) != shape:
            raise ValueError(f"For 'BiDense', weight init shape error. The ndim of 'weight_init' must be equal to 3, "
                             f"the first dim must be equal to 'out_channels', the second dim must be equal to "
                             f"'in1_channels', and the third dim must be equal to 'in2_channels'. But got "
                             f"'weight_init' of shape {weight_init.shape}, 'out_channels': {out_channels}, "
                             f"'in_channels': {in1_channels}, 'in2_channels': {in2_channels}")
        self.weight = Parameter(initializer(Uniform(bound) if weight_init is None else weight_init, shape, dtype),
                                "weight")
        if has_bias:
            if isinstance(bias_init, Tensor) and tuple(bias_init.shape) != (out_channels,):
                raise ValueError(f"For 'BiDense', bias init shape error. The ndim of 'bias_init' should be equal to "
                                 f"1, and the first dim must be equal to 'out_channels'. But got 'bias_init' of shape "
                                 f"{bias_init.shape}, 'out_channels': {out_channels}.")
            self.bias = Parameter(initializer(Uniform(bound) if bias_init is None else bias_init, (out_channels,),
                                              dtype), name="bias")

    def construct(self, input1: Tensor, input2: Tensor) -> Tensor:
        for name, x, size, arg in (("input1", input1, self.in1_channels, "in1_channels"),
                                   ("input2", input2, self.in2_channels, "in2_channels")):
            if x.shape[-1] != size:
                raise ValueError(f"For 'BiDense', the last dimension of '{name}' must be equal to '{arg}' {size}, "
                                 f"but got {x.shape[-1]}.")
        if input1.shape[:-1] != input2.shape[:-1]:
            raise ValueError(f"For 'BiDense', the shape of 'input1' and 'input2' must be the same except the last "
                             f"dimension, but got {input1.shape} and {input2.shape}.")
        lead = input1.shape[:-1]
        x1 = ops.reshape(input1, (-1, self.in1_channels))
        x2 = ops.reshape(input2, (-1, self.in2_channels))
        kernel = ops.reshape(ops.transpose(self.weight, (1, 2, 0)), (self.in1_channels, -1))
        out = ops.reshape(ops.matmul(x1, kernel), (-1, self.in2_channels, self.out_channels))
        out = ops.sum(out * ops.expand_dims(x2, 2), 1)
        if self.has_bias:
            out = out + self.bias
        return ops.reshape(out, lead + (self.out_channels,))

    def extend_repr(self) -> str:
        s = f"in1_channels={self.in1_channels}, in2_channels={self.in2_channels}, output_channels={self.out_channels}"
        return s + (f", has_bias={self.has_bias}" if self.has_bias else "")
