"""unigrad's dtypes: MindSpore's names, with one NumPy dtype each as the common currency between backends."""
from __future__ import annotations

import numpy as np


class DType:
    """A dtype as MindSpore shows it (``str(unigrad.float32) == 'Float32'``)."""

    __slots__ = ("name", "numpy", "kind", "itemsize", "is_floating")

    def __init__(self, name: str, numpy_dtype: str, kind: str) -> None:
        self.name = name
        self.numpy = np.dtype(numpy_dtype)
        self.kind = kind  # 'bool', 'int', 'uint' or 'float'
        self.itemsize = self.numpy.itemsize
        self.is_floating = kind == "float"  # an attribute, not a property: autodiff checks it on every call

    def __repr__(self) -> str:
        return self.name

    __str__ = __repr__

    def __reduce__(self):
        return (_by_name, (self.name,))


bool_ = DType("Bool", "bool", "bool")
int8 = DType("Int8", "int8", "int")
int16 = DType("Int16", "int16", "int")
int32 = DType("Int32", "int32", "int")
int64 = DType("Int64", "int64", "int")
uint8 = DType("UInt8", "uint8", "uint")
uint16 = DType("UInt16", "uint16", "uint")
uint32 = DType("UInt32", "uint32", "uint")
uint64 = DType("UInt64", "uint64", "uint")
float16 = DType("Float16", "float16", "float")
float32 = DType("Float32", "float32", "float")
float64 = DType("Float64", "float64", "float")

try:  # NumPy has no bfloat16; ml_dtypes (a dependency of jax, and of the torch extra) brings one
    import ml_dtypes as _ml_dtypes
except ImportError:  # pragma: no cover - exercised only without the torch and jax extras
    _ml_dtypes = None
bfloat16 = DType("BFloat16", _ml_dtypes.bfloat16, "float") if _ml_dtypes else None

ALL = tuple(d for d in (bool_, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float16, bfloat16, float32,
                        float64) if d)
FLOATING = tuple(d for d in (float16, bfloat16, float32, float64) if d)
_BY_NUMPY = {d.numpy: d for d in ALL}
_BY_NAME = {d.name: d for d in ALL}
_KIND_RANK = {"bool": 0, "uint": 1, "int": 1, "float": 2}
# MindSpore 2.10 promotes these only with themselves and Bool (tests/goldens/mindspore_2.10_promotion.json)
WIDE_UNSIGNED = frozenset((uint16, uint32, uint64))

# MindSpore spells some of them twice.
half, single, double = float16, float32, float64
int_, float_ = int64, float32


def dtype_to_nptype(type_: DType) -> type:
    """MindSpore's ``dtype_to_nptype``: the NumPy scalar type of a dtype (``numpy.float32`` for float32)."""
    return check(type_).numpy.type


def _by_name(name: str) -> DType:
    return _BY_NAME[name]


def from_numpy(np_dtype) -> DType:
    """The unigrad dtype of a NumPy dtype; TypeError for the ones unigrad does not support."""
    try:
        return _BY_NUMPY[np_dtype]  # the hot path: already a NumPy dtype
    except (KeyError, TypeError):
        pass
    try:
        return _BY_NUMPY[np.dtype(np_dtype)]
    except (KeyError, TypeError):
        raise TypeError(
            f"unsupported dtype {np_dtype!r}; allowed: {', '.join(str(d.numpy) for d in ALL)}"
        ) from None


def check(dtype) -> DType:
    """``dtype`` itself when it is a unigrad DType (``unigrad.float32``...). A NumPy dtype, a string or a
    Python type is a TypeError, as in MindSpore: taking them would convert silently."""
    if isinstance(dtype, DType):
        return dtype
    raise TypeError(f"dtype must be one of unigrad's dtypes ({', '.join('unigrad.' + d.name.lower() for d in ALL)}), "
                    f"got {dtype!r}")


def promote(a: DType, b: DType) -> DType:
    """MindSpore's tensor-tensor promotion: the higher kind wins, then the wider type (int32+float32 -> float32).
    UInt16, UInt32 and UInt64 meet only themselves and Bool: any other pair is MindSpore's TypeError."""
    if a is b:
        return a
    if a in WIDE_UNSIGNED or b in WIDE_UNSIGNED:
        if b is bool_:
            return a
        if a is bool_:
            return b
        raise no_implicit_conversion(a, b)
    ra, rb = _KIND_RANK[a.kind], _KIND_RANK[b.kind]
    if ra != rb:
        return a if ra > rb else b
    if a.kind != b.kind:  # int with uint8: NumPy's answer (int16 for int8+uint8)
        return from_numpy(np.promote_types(a.numpy, b.numpy))
    if a.itemsize == b.itemsize:  # float16 with bfloat16: neither holds the other
        return float32
    return a if a.itemsize > b.itemsize else b


def no_implicit_conversion(a: DType | str, b: DType | str) -> TypeError:
    """MindSpore's error for two dtypes it does not promote together (a Python scalar is named by its type)."""
    return TypeError(f"Type implicit conversion between {a} and {b} is not supported: MindSpore promotes UInt16, "
                     f"UInt32 and UInt64 only with themselves and Bool (cast one operand with ops.cast first)")


_PY_KINDS = {float: "float", int: "int", bool: "bool"}


def scalar_kind(value) -> str:
    """The kind of a Python scalar, or TypeError when it is not a number."""
    kind = _PY_KINDS.get(type(value))
    if kind is not None:
        return kind
    if isinstance(value, (bool, np.bool_)):
        return "bool"
    if isinstance(value, (int, np.integer)):
        return "int"
    if isinstance(value, (float, np.floating)):
        return "float"
    raise TypeError(f"expected a Tensor, int, float or bool, got {type(value).__name__}")


def promote_with_scalar(tensor_dtype: DType, value) -> DType:
    """A Python scalar never widens a tensor of its own kind; a float scalar makes an int tensor Float32.
    A UInt16, UInt32 or UInt64 tensor takes only a bool scalar (MindSpore's TypeError for an int or a float)."""
    kind = scalar_kind(value)
    if tensor_dtype in WIDE_UNSIGNED and kind != "bool":
        raise no_implicit_conversion(tensor_dtype, f"a Python {kind}")
    if _KIND_RANK[kind] <= _KIND_RANK[tensor_dtype.kind]:
        return tensor_dtype
    return float32 if kind == "float" else int64
