"""``nn.GraphCell``: runs a program that ``unigrad.export`` traced (``Graph``), as MindSpore's GraphCell runs
a loaded MindIR graph: fixed input shapes and dtypes, the exported weights, no Python control flow left."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from unigrad import backends
from unigrad import dtype as dt
from unigrad._tensor import Tensor
from unigrad.nn.cell import Cell
from unigrad.ops import _dispatch


@dataclass
class Graph:
    """A traced program. ``inputs``: each input's (shape, dtype name); ``nodes``: (op name, arguments), an
    argument being ``("input", i)``, ``("const", i)``, ``("node", i, k)`` (node i's output, k-th of a tuple or
    None), or ``("static", value)``; ``constants``: the arrays the program holds (weights among them);
    ``outputs``: references to the results, in order; ``tuple_output``: whether the net returned a tuple."""

    inputs: list
    nodes: list
    constants: list
    outputs: list
    tuple_output: bool


class GraphCell(Cell):
    """A Cell running ``graph`` (``unigrad.load``'s result) on the current backend."""

    def __init__(self, graph: Graph, params_init: Any = None, obf_random_seed: Any = None) -> None:
        super().__init__()
        if not isinstance(graph, Graph):
            raise TypeError(f"For 'GraphCell', the argument 'graph' must be what unigrad.load returned, "
                            f"got {type(graph).__name__}")
        if params_init is not None:
            raise NotImplementedError("GraphCell: params_init is not supported by unigrad")
        self.graph = graph

    def construct(self, *inputs: Tensor) -> Any:
        graph = self.graph
        if len(inputs) != len(graph.inputs):
            raise ValueError(f"GraphCell: the graph takes {len(graph.inputs)} inputs, got {len(inputs)}")
        for i, (x, (shape, dtype)) in enumerate(zip(inputs, graph.inputs)):
            if not isinstance(x, Tensor) or list(x.shape) != shape or str(x.dtype) != dtype:
                got = f"{list(x.shape)} {x.dtype}" if isinstance(x, Tensor) else type(x).__name__
                raise ValueError(f"GraphCell: input {i} must be a Tensor of shape {shape} and dtype {dtype} (as "
                                 f"exported), got {got}")
        backend = backends.current()
        constants = [backend.asarray(c, dt.from_numpy(c.dtype)) for c in graph.constants]
        results: list = []

        def resolve(ref):
            kind = ref[0]
            if kind == "input":
                return inputs[ref[1]]._data
            if kind == "const":
                return constants[ref[1]]
            if kind == "node":
                out = results[ref[1]]
                return out if ref[2] is None else out[ref[2]]
            return tuple(ref[1]) if isinstance(ref[1], list) else ref[1]

        for name, args in graph.nodes:
            results.append(_dispatch.call(name, backend, *[resolve(a) for a in args])._data)
        outs = []
        for ref in graph.outputs:
            t = Tensor.__new__(Tensor)
            t._data, t._backend = resolve(ref), backend
            outs.append(t)
        return tuple(outs) if graph.tuple_output else outs[0]

