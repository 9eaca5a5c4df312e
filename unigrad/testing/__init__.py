"""Conformance helpers a user can call: gradient checks and the registry of every public op.

``check_grad(fn, inputs)`` compares unigrad's gradient with finite differences in float64;
``check_second_order`` does the same for grad-of-grad; ``REGISTRY`` holds one or more ``OpSpec`` per
public op of ``unigrad.ops`` and drives ``tests/conformance`` over every backend; ``CELLS``, ``OPTIMIZERS``
and ``SCHEDULES`` (``cell_registry``) do the same for every public layer, loss, optimizer and schedule of
``unigrad.nn``.
"""
from unigrad.testing.cell_registry import (CELLS, OPTIMIZERS, SCHEDULES, CellSpec, OptimizerSpec, ScheduleSpec,
                                           public_classes)
from unigrad.testing.gradcheck import (analytic_grad, as_tensors, assert_close, check_grad, check_second_order,
                                       cotangents, float_positions, outputs_of)
from unigrad.testing.op_registry import ALIASES, EXCLUDED, INTERNAL, REGISTRY, OpSpec, entries, public_ops

__all__ = ["ALIASES", "CELLS", "EXCLUDED", "INTERNAL", "OPTIMIZERS", "REGISTRY", "SCHEDULES", "CellSpec", "OpSpec", "OptimizerSpec",
           "ScheduleSpec", "analytic_grad", "as_tensors", "assert_close", "check_grad", "check_second_order",
           "cotangents", "entries", "float_positions", "outputs_of", "public_classes", "public_ops"]
