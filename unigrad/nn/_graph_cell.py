"""``nn.GraphCell``: runs a program that ``unigrad.export`` traced (``Graph``), as MindSpore's GraphCell runs
a loaded MindIR graph: fixed input shapes and dtypes, the exported weights, no Python control flow left."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from unigrad import backends
from unigrad import dtype as dt
from unigrad._tensor import Tensor
from unigrad.nn.cell import Cell
from unigrad.ops import _dispatch


@dataclass
class Graph:
    """A traced program, in JSON's terms. ``inputs``: each input's [shape, dtype name]; ``nodes``: [op name,
    its arguments], each argument encoded (``decode``): an array as ``{"ref": ["input", i] | ["const", i] |
    ["node", i, k]}`` (k: the place in a tuple result, or None), a tuple, slice, Ellipsis or dtype as a tagged
    dict, numbers, strings, None and lists as themselves; ``constants``: the NumPy arrays it holds (the
    weights among them); ``outputs``: the results' refs; ``tuple_output``: whether the net returned a tuple."""

    inputs: list
    nodes: list
    constants: list
    outputs: list
    tuple_output: bool
    _on_backend: dict = field(default_factory=dict, repr=False)

    def constants_on(self, backend: Any) -> list:
        """The constants as ``backend``'s arrays (converted once per backend and device)."""
        key = (backend.name, backends.get_device())
        if key not in self._on_backend:
            self._on_backend[key] = [backend.asarray(c, dt.from_numpy(c.dtype)) for c in self.constants]
        return self._on_backend[key]


def decode(value: Any, resolve: Any) -> Any:
    """An encoded argument back as the op takes it; ``resolve(ref)`` gives an array's value."""
    if isinstance(value, list):
        return [decode(v, resolve) for v in value]
    if not isinstance(value, dict):
        return value
    (tag, body), = value.items()
    if tag == "ref":
        return resolve(body)
    if tag == "tuple":
        return tuple(decode(v, resolve) for v in body)
    if tag == "slice":
        return slice(*(decode(v, resolve) for v in body))
    if tag == "ellipsis":
        return Ellipsis
    if tag == "dtype":
        return dt._by_name(body)
    raise ValueError(f"GraphCell: an argument of unknown kind {tag!r} in the graph")


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
        constants = graph.constants_on(backend)
        results: list = []

        def resolve(ref: list) -> Any:
            if ref[0] == "input":
                return inputs[ref[1]]._data
            if ref[0] == "const":
                return constants[ref[1]]
            out = results[ref[1]]
            return out if ref[2] is None else out[ref[2]]

        for name, args in graph.nodes:
            results.append(_dispatch.call(name, backend, *decode(args, resolve))._data)
        outs = []
        for ref in graph.outputs:
            t = Tensor.__new__(Tensor)
            t._data, t._backend = decode(ref, resolve), backend
            outs.append(t)
        return tuple(outs) if graph.tuple_output else outs[0]
