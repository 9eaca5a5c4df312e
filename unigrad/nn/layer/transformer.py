"""MultiheadAttention and the Transformer layers, as MindSpore 2.10 writes them (torch's design): attention
with packed or separate q/k/v projections, optional bias_k/bias_v and a zero attention slot, bool or float
masks (True or -inf hides a key); post- or pre-norm encoder and decoder layers, their stacks (copies of one
freshly made layer) and the whole Transformer (every matrix re-drawn from XavierUniform)."""
from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from unigrad import dtype as dt
from unigrad import ops
from unigrad.common.initializer import HeUniform, Uniform, XavierNormal, XavierUniform, initializer
from unigrad.nn.cell import Cell
from unigrad.nn.layer.activation import GELU, ReLU
from unigrad.nn.layer.basic import Dense, Dropout
from unigrad.nn.layer.container import CellList
from unigrad.nn.layer.normalization import LayerNorm
from unigrad._parameter import Parameter
from unigrad._tensor import Tensor


def _additive(mask: Tensor | None, dtype: dt.DType) -> Tensor | None:
    """A mask as what is added to the attention scores: a bool (or uint8) True becomes -inf."""
    if mask is None:
        return None
    if mask.dtype in (dt.bool_, dt.uint8):
        hidden = ops.cast(mask, dt.bool_)
        return ops.where(hidden, ops.full(mask.shape, -np.inf, dtype=dtype), ops.zeros(mask.shape, dtype))
    if not mask.dtype.is_floating:
        raise ValueError(f"`attn_mask` only support float, byte, and bool types, but got not {mask.dtype}.")
    return ops.cast(mask, dtype)


class MultiheadAttention(Cell):
    """softmax(q k^T / sqrt(head_dim) + mask) v over ``num_heads`` heads, projected in and out; returns
    (output, weights averaged over the heads, or per head), or (output,) without ``need_weights``."""

    def __init__(self, embed_dim: int, num_heads: int, dropout: float = 0.0, has_bias: bool = True,
                 add_bias_kv: bool = False, add_zero_attn: bool = False, kdim: int | None = None,
                 vdim: int | None = None, batch_first: bool = False, dtype: dt.DType = dt.float32) -> None:
        super().__init__()
        self.embed_dim, self.num_heads, self.dropout, self.batch_first = embed_dim, num_heads, dropout, batch_first
        self.kdim = embed_dim if kdim is None else kdim
        self.vdim = embed_dim if vdim is None else vdim
        self._qkv_same_embed_dim = self.kdim == embed_dim and self.vdim == embed_dim
        self.head_dim = embed_dim // num_heads
        if self.head_dim * num_heads != embed_dim:
            raise ValueError("The init argument 'embed_dim' must be divisible by 'num_heads'.")
        dtype = dt.float32 if dtype is None else dtype
        if self._qkv_same_embed_dim:
            self.in_proj_weight = Parameter(initializer(XavierUniform(), (3 * embed_dim, embed_dim), dtype),
                                            "in_proj_weight")
            self.q_proj_weight = self.k_proj_weight = self.v_proj_weight = None
        else:
            self.q_proj_weight = Parameter(initializer(XavierUniform(), (embed_dim, embed_dim), dtype), "q_proj_weight")
            self.k_proj_weight = Parameter(initializer(XavierUniform(), (embed_dim, self.kdim), dtype), "k_proj_weight")
            self.v_proj_weight = Parameter(initializer(XavierUniform(), (embed_dim, self.vdim), dtype), "v_proj_weight")
            self.in_proj_weight = None
        self.in_proj_bias = Parameter(initializer("zeros", (3 * embed_dim,), dtype), "in_proj_bias") \
            if has_bias else None
        self.out_proj = Dense(embed_dim, embed_dim, has_bias=has_bias, weight_init=HeUniform(math.sqrt(5)),
                              bias_init=Uniform(1 / math.sqrt(embed_dim)), dtype=dtype)
        if add_bias_kv:
            self.bias_k = Parameter(initializer(XavierNormal(), (1, 1, embed_dim), dtype), "bias_k")
            self.bias_v = Parameter(initializer(XavierNormal(), (1, 1, embed_dim), dtype), "bias_v")
        else:
            self.bias_k = self.bias_v = None
        self.add_zero_attn, self.dtype = add_zero_attn, dtype

    def _projections(self, query: Tensor, key: Tensor, value: Tensor) -> tuple[Tensor, Tensor, Tensor]:
        e = self.embed_dim
        biases = (None,) * 3 if self.in_proj_bias is None else tuple(self.in_proj_bias[i * e:(i + 1) * e]
                                                                     for i in range(3))
        if self._qkv_same_embed_dim:
            weights = tuple(self.in_proj_weight[i * e:(i + 1) * e] for i in range(3))
        else:
            weights = (self.q_proj_weight, self.k_proj_weight, self.v_proj_weight)
        return tuple(ops.dense(x, w, b) for x, w, b in zip((query, key, value), weights, biases))

    def construct(self, query: Tensor, key: Tensor, value: Tensor, key_padding_mask: Tensor | None = None,
                  need_weights: bool = True, attn_mask: Tensor | None = None,
                  average_attn_weights: bool = True) -> tuple[Tensor, ...]:
        batched = query.ndim == 3
        if key_padding_mask is not None and key_padding_mask.dtype != dt.bool_ and \
                not key_padding_mask.dtype.is_floating:
            raise ValueError("only bool and floating types of key_padding_mask are supported")
        if self.batch_first and batched:
            query, key, value = (ops.swapaxes(x, 1, 0) for x in (query, key, value))
        if not batched:
            query, key, value = (ops.expand_dims(x, 1) for x in (query, key, value))
            if key_padding_mask is not None:
                key_padding_mask = ops.expand_dims(key_padding_mask, 0)
        tgt_len, bsz, embed_dim = query.shape
        if embed_dim != self.embed_dim:
            raise ValueError(f"The `embed_dim` should be {self.embed_dim}, but got {embed_dim}.")
        heads, head_dim = self.num_heads, self.head_dim
        q, k, v = self._projections(query, key, value)
        mask = _additive(attn_mask, q.dtype)
        if mask is not None:
            if mask.ndim == 2:
                if mask.shape != (tgt_len, key.shape[0]):
                    raise ValueError(f"The shape of the `attn_mask` should be {(tgt_len, key.shape[0])}, but got "
                                     f"{mask.shape}.")
                mask = ops.expand_dims(mask, 0)
            elif mask.ndim != 3:
                raise ValueError(f"The ndim of `attn_mask` only support 2 or 3, but got {mask.ndim}.")
        padding = _additive(key_padding_mask, q.dtype)
        extra = 0  # key slots appended after the sequence (bias_k / bias_v, the zero slot)
        if self.bias_k is not None:
            k = ops.concat((k, ops.tile(ops.cast(self.bias_k, k.dtype), (1, bsz, 1))), 0)
            v = ops.concat((v, ops.tile(ops.cast(self.bias_v, v.dtype), (1, bsz, 1))), 0)
            extra += 1
        q = ops.swapaxes(ops.reshape(q, (tgt_len, bsz * heads, head_dim)), 0, 1)
        k = ops.swapaxes(ops.reshape(k, (k.shape[0], bsz * heads, head_dim)), 0, 1)
        v = ops.swapaxes(ops.reshape(v, (v.shape[0], bsz * heads, head_dim)), 0, 1)
        if self.add_zero_attn:
            k = ops.concat((k, ops.zeros((bsz * heads, 1, head_dim), k.dtype)), 1)
            v = ops.concat((v, ops.zeros((bsz * heads, 1, head_dim), v.dtype)), 1)
            extra += 1
        src_len = k.shape[1]
        if extra:  # the appended slots are never masked
            mask = None if mask is None else ops.concat((mask, ops.zeros(mask.shape[:-1] + (extra,), mask.dtype)), -1)
            padding = None if padding is None else ops.concat(
                (padding, ops.zeros(padding.shape[:-1] + (extra,), padding.dtype)), -1)
        if padding is not None:
            if padding.shape != (bsz, src_len):
                raise ValueError(f"The shape of `key_padding_mask` should be {(bsz, src_len)}, but got "
                                 f"{padding.shape}.")
            padding = ops.reshape(ops.tile(ops.reshape(padding, (bsz, 1, 1, src_len)), (1, heads, 1, 1)),
                                  (bsz * heads, 1, src_len))
            mask = padding if mask is None else mask + padding
        # MindSpore divides q and k each by head_dim ** 0.25, rounded in the input's dtype
        scale = float(np.sqrt(np.sqrt(np.asarray(head_dim, dtype=q.dtype.numpy))))
        scores = ops.matmul(ops.reshape(q / scale, (bsz, heads, tgt_len, head_dim)),
                            ops.swapaxes(ops.reshape(k, (bsz, heads, src_len, head_dim)), -2, -1) / scale)
        if mask is not None:
            scores = scores + (ops.expand_dims(mask, 0) if mask.shape[0] == 1 else
                               ops.reshape(mask, (bsz, heads, -1, src_len)))
        weights = ops.softmax(scores, -1)
        if self.dropout and self.training:
            weights = ops.dropout(weights, self.dropout, True)
        out = ops.matmul(weights, ops.reshape(v, (bsz, heads, src_len, head_dim)))
        out = ops.reshape(ops.transpose(out, (2, 0, 1, 3)), (tgt_len * bsz, embed_dim))
        out = ops.reshape(ops.dense(out, self.out_proj.weight, self.out_proj.bias), (tgt_len, bsz, embed_dim))
        if average_attn_weights:
            weights = ops.sum(weights, 1) / heads
        if not batched:
            out, weights = ops.squeeze(out, 1), ops.squeeze(weights, 0)
        elif self.batch_first:
            out = ops.swapaxes(out, 1, 0)
        return (out, weights) if need_weights else (out,)


def _activation(activation: Any) -> Callable[[Tensor], Tensor]:
    """MindSpore's Transformer activations: 'relu' or 'gelu', nn.ReLU or nn.GELU, ops.relu or ops.gelu."""
    if isinstance(activation, str):
        if activation == "relu":
            return ops.relu
        if activation == "gelu":
            return ops.gelu
        raise ValueError(f"The activation must be relu/gelu, but get {activation}")
    if isinstance(activation, Cell):
        if not isinstance(activation, (ReLU, GELU)):
            raise ValueError(f"The argument 'activation' must be nn.ReLU or nn.GELU instance, but get {activation}.")
        return activation
    if callable(activation):
        if activation is not ops.relu and activation is not ops.gelu:
            raise ValueError(f"The argument 'activation' must be ops.relu or ops.gelu instance, but get {activation}.")
        return activation
    raise ValueError(f"The argument 'activation' must be str, callable or Cell instance, but get {activation}.")


class _TransformerLayer(Cell):
    """The feed-forward block, norms and dropouts an encoder and a decoder layer share."""

    _norms = 2

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int, dropout: float, activation: Any,
                 layer_norm_eps: float, batch_first: bool, norm_first: bool, dtype: dt.DType) -> None:
        super().__init__()
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, batch_first=batch_first, dtype=dtype)
        if self._norms == 3:
            self.multihead_attn = MultiheadAttention(d_model, nhead, dropout=dropout, batch_first=batch_first,
                                                     dtype=dtype)
        self.dense1 = Dense(d_model, dim_feedforward, weight_init=HeUniform(math.sqrt(5)),
                            bias_init=Uniform(1 / math.sqrt(d_model)), dtype=dtype)
        self.dropout = Dropout(p=dropout)
        self.dense2 = Dense(dim_feedforward, d_model, weight_init=HeUniform(math.sqrt(5)),
                            bias_init=Uniform(1 / math.sqrt(dim_feedforward)), dtype=dtype)
        self.norm_first = norm_first
        for i in range(1, self._norms + 1):
            setattr(self, f"norm{i}", LayerNorm((d_model,), epsilon=layer_norm_eps, dtype=dtype))
        for i in range(1, self._norms + 1):
            setattr(self, f"dropout{i}", Dropout(p=dropout))
        self.activation1 = activation
        self.activation = _activation(activation)
        self.d_model, self.nhead, self.dim_feedforward, self.dropout_num = d_model, nhead, dim_feedforward, dropout
        self.layernorm_eps, self.batch_first, self.dtype = layer_norm_eps, batch_first, dtype

    def _ff_block(self, x: Tensor) -> Tensor:
        last = getattr(self, f"dropout{self._norms}")
        return last(self.dense2(self.dropout(self.activation(self.dense1(x)))))

    def _attend(self, attention: MultiheadAttention, dropout: Dropout, x: Tensor, memory: Tensor,
                mask: Tensor | None, padding: Tensor | None) -> Tensor:
        return dropout(attention(x, memory, memory, attn_mask=mask, key_padding_mask=padding, need_weights=False)[0])

    def _blocks(self, x: Tensor, blocks: list[Callable[[Tensor], Tensor]]) -> Tensor:
        """Each block with a residual connection and its norm, before (norm_first) or after."""
        for i, block in enumerate(blocks, 1):
            norm = getattr(self, f"norm{i}")
            x = x + block(norm(x)) if self.norm_first else norm(x + block(x))
        return x


class TransformerEncoderLayer(_TransformerLayer):
    """Self-attention, then the feed-forward block, each with a residual connection and LayerNorm."""

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048, dropout: float = 0.1,
                 activation: Any = "relu", layer_norm_eps: float = 1e-5, batch_first: bool = False,
                 norm_first: bool = False, dtype: dt.DType = dt.float32) -> None:
        super().__init__(d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, batch_first,
                         norm_first, dtype)

    def construct(self, src: Tensor, src_mask: Tensor | None = None,
                  src_key_padding_mask: Tensor | None = None) -> Tensor:
        if src_key_padding_mask is not None and src_key_padding_mask.dtype != dt.bool_ and \
                not src_key_padding_mask.dtype.is_floating:
            raise AssertionError("only bool and floating types of key_padding_mask are supported")
        return self._blocks(src, [
            lambda x: self._attend(self.self_attn, self.dropout1, x, x, src_mask, src_key_padding_mask),
            self._ff_block])


class TransformerDecoderLayer(_TransformerLayer):
    """Self-attention, attention over ``memory``, then the feed-forward block, each with a residual
    connection and LayerNorm."""

    _norms = 3

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048, dropout: float = 0.1,
                 activation: Any = "relu", layer_norm_eps: float = 1e-5, batch_first: bool = False,
                 norm_first: bool = False, dtype: dt.DType = dt.float32) -> None:
        super().__init__(d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, batch_first,
                         norm_first, dtype)

    def construct(self, tgt: Tensor, memory: Tensor, tgt_mask: Tensor | None = None,
                  memory_mask: Tensor | None = None, tgt_key_padding_mask: Tensor | None = None,
                  memory_key_padding_mask: Tensor | None = None) -> Tensor:
        return self._blocks(tgt, [
            lambda x: self._attend(self.self_attn, self.dropout1, x, x, tgt_mask, tgt_key_padding_mask),
            lambda x: self._attend(self.multihead_attn, self.dropout2, x, memory, memory_mask,
                                   memory_key_padding_mask),
            self._ff_block])


def _copies(layer: _TransformerLayer, num_layers: int) -> CellList:
    """``num_layers`` layers made with ``layer``'s settings, all holding the first one's initial values
    (MindSpore's stacks deep-copy one new layer: they start equal, and not from ``layer``'s weights)."""
    def make() -> _TransformerLayer:
        return type(layer)(layer.d_model, layer.nhead, layer.dim_feedforward, layer.dropout_num, layer.activation1,
                           layer.layernorm_eps, layer.batch_first, layer.norm_first, dtype=layer.dtype)
    layers = [make() for _ in range(num_layers)]
    for other in layers[1:]:
        for source, target in zip(layers[0].get_parameters(), other.get_parameters()):
            target.set_data(Tensor(source.asnumpy().copy(), source.dtype))
    return CellList(layers)


class TransformerEncoder(Cell):
    """``num_layers`` encoder layers, then ``norm`` if given."""

    def __init__(self, encoder_layer: TransformerEncoderLayer, num_layers: int, norm: Cell | None = None) -> None:
        super().__init__()
        self.layers = _copies(encoder_layer, num_layers)
        self.num_layers, self.norm = num_layers, norm

    def construct(self, src: Tensor, src_mask: Tensor | None = None,
                  src_key_padding_mask: Tensor | None = None) -> Tensor:
        for layer in self.layers:
            src = layer(src, src_mask=src_mask, src_key_padding_mask=src_key_padding_mask)
        return src if self.norm is None else self.norm(src)


class TransformerDecoder(Cell):
    """``num_layers`` decoder layers over ``memory``, then ``norm`` if given."""

    def __init__(self, decoder_layer: TransformerDecoderLayer, num_layers: int, norm: Cell | None = None) -> None:
        super().__init__()
        self.layers = _copies(decoder_layer, num_layers)
        self.num_layers, self.norm = num_layers, norm

    def construct(self, tgt: Tensor, memory: Tensor, tgt_mask: Tensor | None = None,
                  memory_mask: Tensor | None = None, tgt_key_padding_mask: Tensor | None = None,
                  memory_key_padding_mask: Tensor | None = None) -> Tensor:
        for layer in self.layers:
            tgt = layer(tgt, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                        tgt_key_padding_mask=tgt_key_padding_mask, memory_key_padding_mask=memory_key_padding_mask)
        return tgt if self.norm is None else self.norm(tgt)


class Transformer(Cell):
    """Encoder and decoder stacks, each closed by a LayerNorm; every matrix drawn from XavierUniform."""

    def __init__(self, d_model: int = 512, nhead: int = 8, num_encoder_layers: int = 6, num_decoder_layers: int = 6,
                 dim_feedforward: int = 2048, dropout: float = 0.1, activation: Any = "relu",
                 custom_encoder: Cell | None = None, custom_decoder: Cell | None = None, layer_norm_eps: float = 1e-5,
                 batch_first: bool = False, norm_first: bool = False, dtype: dt.DType = dt.float32) -> None:
        super().__init__()
        settings = (d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps, batch_first, norm_first)
        self.encoder = custom_encoder if custom_encoder is not None else TransformerEncoder(
            TransformerEncoderLayer(*settings, dtype=dtype), num_encoder_layers,
            LayerNorm((d_model,), epsilon=layer_norm_eps, dtype=dtype))
        self.decoder = custom_decoder if custom_decoder is not None else TransformerDecoder(
            TransformerDecoderLayer(*settings, dtype=dtype), num_decoder_layers,
            LayerNorm((d_model,), epsilon=layer_norm_eps, dtype=dtype))
        for _, param in self.parameters_and_names():
            if param.ndim > 1:
                param.set_data(initializer("xavier_uniform", param.shape, param.dtype))
        self.d_model, self.nhead, self.batch_first = d_model, nhead, batch_first

    def construct(self, src: Tensor, tgt: Tensor, src_mask: Tensor | None = None, tgt_mask: Tensor | None = None,
                  memory_mask: Tensor | None = None, src_key_padding_mask: Tensor | None = None,
                  tgt_key_padding_mask: Tensor | None = None, memory_key_padding_mask: Tensor | None = None) -> Tensor:
        if src.shape[-1] != self.d_model or tgt.shape[-1] != self.d_model:
            raise ValueError("The number of features for 'src' and 'tgt' must be equal to `d_model`.")
        memory = self.encoder(src, src_mask=src_mask, src_key_padding_mask=src_key_padding_mask)
        return self.decoder(tgt, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                            tgt_key_padding_mask=tgt_key_padding_mask, memory_key_padding_mask=memory_key_padding_mask)
