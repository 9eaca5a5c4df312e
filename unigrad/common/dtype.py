"""``mindspore.common.dtype`` (``import mindspore.common.dtype as mstype``): MindSpore's dtypes, the very objects
of ``unigrad.dtype``, at the path most real code imports them from."""
from unigrad.dtype import (bfloat16, bool_, double, dtype_to_nptype, float16, float32, float64, float_, half,  # noqa: F401
                           int8, int16, int32, int64, int_, single, uint8, uint16, uint32, uint64)
