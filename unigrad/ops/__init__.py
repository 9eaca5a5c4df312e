"""``unigrad.ops``: MindSpore's ``mindspore.ops`` namespace: its functional ops, primitive classes and
functional autodiff, gathered as MindSpore gathers them (``function``, ``operations``, ``composite``), so
``ops.add``, ``F.add`` and ``P.Add`` are each one object. Only MindSpore's public names live here; the ops are
written in the private modules beside this file, each once, on the backend primitives."""
from unigrad.ops import composite, function, functional, operations  # noqa: F401
from unigrad.ops._composite import constexpr  # noqa: F401
from unigrad.ops._creation import cast, dtype, identity  # noqa: F401
from unigrad.ops.functional import make_range, mm, tensor_scatter_update  # noqa: F401
from unigrad.ops._reduction import reduce_max, reduce_mean, reduce_min, reduce_sum  # noqa: F401
from unigrad.ops.composite import GradOperation, HyperMap, Map, MultitypeFuncGraph  # noqa: F401
from unigrad.ops.function import *  # noqa: F401,F403
from unigrad.ops.operations import *  # noqa: F401,F403
from unigrad.ops._tensor_methods import attach as _attach_tensor_methods

_attach_tensor_methods()
