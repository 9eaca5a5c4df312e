"""``mindspore.ops.operations`` (``from mindspore.ops import operations as P; P.Reshape()``): MindSpore's
primitive classes, each written once in ``unigrad/ops/_primitive_classes.py`` over a functional op."""
from unigrad.ops._primitive_classes import (Abs, Add, AddN, Argmax, ArgMaxWithValue, ArgMinWithValue, Assign,  # noqa: F401
                                            AssignAdd, AvgPool, BatchMatMul, BiasAdd, BinaryCrossEntropy, BroadcastTo,
                                            Cast, Ceil, Concat, Conv2D, Cos, Depend, DepthToSpace, Div, DType, Equal,
                                            Erf, Exp, ExpandDims, Eye, Fill, Flatten, Floor, FloorDiv, Gather,
                                            GatherD, GatherNd, Greater, GreaterEqual, Identity, L2Normalize, Less,
                                            LessEqual, Log, LogicalAnd, LogicalNot, LogicalOr, LogSoftmax, MatMul,
                                            Maximum, MaxPool, Meshgrid, Minimum, Mul, Neg, NotEqual, OneHot, Ones,
                                            OnesLike, Pad, Partial, Pow, RealDiv, Reciprocal, ReduceMax, ReduceMean,
                                            ReduceMin, ReduceProd, ReduceSum, ReLU, Reshape, ResizeNearestNeighbor,
                                            Rsqrt, Select, Shape, Sigmoid, SigmoidCrossEntropyWithLogits, Sign, Sin,
                                            Slice, Softmax, SoftmaxCrossEntropyWithLogits, Softplus, Sort, Split,
                                            Sqrt, Square, Squeeze, Stack, StopGradient, StridedSlice, Sub, Tanh, Tile,
                                            TopK, Transpose, TupleToArray, Unstack, Zeros, ZerosLike)
from unigrad.ops._communication import AllGather, AllReduce, Broadcast, ReduceOp  # noqa: F401
from unigrad.ops._custom import Custom  # noqa: F401
