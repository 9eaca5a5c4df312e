"""Conformance helpers a user can call: gradient checks, the op observer, and the registries of every
public op and layer.

``assert_backends_agree(model, *inputs)`` runs a model on several backends (the same weights, inputs and
seed) and asserts its outputs, gradients and updated state agree, array by array (``compare``'s rows and
default tolerances by dtype); ``check_grad(fn, inputs)`` compares unigrad's gradient with finite
differences in float64;
``check_second_order`` does the same for grad-of-grad; ``observe()`` records every op a block runs (name,
shapes, dtypes, values, source line, and the gradient flowing out of each op inside a derivative);
``REGISTRY`` holds one or more ``OpSpec`` per public op of ``unigrad.ops`` and drives ``tests/conformance``
over every backend; ``CELLS``, ``OPTIMIZERS`` and ``SCHEDULES`` (``cell_registry``) do the same for every
public layer, loss, optimizer and schedule of ``unigrad.nn``.
"""
from unigrad.ops._observe import OpRecord, Recording, TensorRecord, observe
from unigrad.testing.backends_agree import assert_backends_agree
from unigrad.testing.cell_registry import (CELLS, OPTIMIZERS, SCHEDULES, CellSpec, OptimizerSpec, ScheduleSpec,
                                           public_classes)
from unigrad.testing.compare import TOLERANCES, Comparison, compare, table, tolerances
from unigrad.testing.gradcheck import (analytic_grad, as_tensors, assert_close, check_grad, check_second_order,
                                       cotangents, float_positions, outputs_of)
from unigrad.testing.op_registry import (ALIASES, EDGE_GAPS, EDGE_GAPS_ON_GPU, EDGE_KINDS, EXCLUDED, INTERNAL, REGISTRY, OpSpec,
                                          edge_atol, edge_cotangents, edge_results, entries, public_ops)

__all__ = ["ALIASES", "CELLS", "CellSpec", "Comparison", "EDGE_GAPS", "EDGE_GAPS_ON_GPU", "EDGE_KINDS", "EXCLUDED",
           "INTERNAL", "OPTIMIZERS", "OpRecord", "OpSpec", "OptimizerSpec", "REGISTRY", "Recording", "SCHEDULES",
           "ScheduleSpec", "TOLERANCES", "TensorRecord", "analytic_grad", "as_tensors", "assert_backends_agree",
           "assert_close", "check_grad", "check_second_order", "compare", "cotangents", "edge_atol",
           "edge_cotangents", "edge_results", "entries", "float_positions", "observe", "outputs_of",
           "public_classes", "public_ops", "table", "tolerances"]
