"""``export`` and ``load``: a Cell's forward pass on given inputs, traced op by op at unigrad's one dispatch
point, saved with its weights as one file (``FILE.mindir``), and loaded back as a ``Graph`` that
``nn.GraphCell`` runs.

As MindSpore's MindIR, the file fixes the inputs' shapes and dtypes and holds the weights, and the Python
control flow of ``construct`` is resolved at export. It is unigrad's own format (a NumPy ``.npz``: the graph
as JSON and the arrays, read without pickle), not MindSpore's protobuf MindIR: neither framework reads the
other's. Only ``file_format='MINDIR'`` is written.
"""
from __future__ import annotations

import io
import json
import os
import warnings
from typing import Any

import numpy as np

from unigrad import backends
from unigrad import dtype as dt
from unigrad._tensor import Tensor
from unigrad.nn.cell import Cell
from unigrad.nn._graph_cell import Graph
from unigrad.ops import _dispatch


def trace(net: Cell, inputs: tuple) -> Graph:
    """The ops ``net(*inputs)`` calls, each argument encoded as ``nn._graph_cell.decode`` reads it: arrays as
    references to an input, a constant (a weight, or an array made outside the ops) or an earlier op's result."""
    backend = backends.current()
    refs: dict[int, list] = {id(x._data): ["input", i] for i, x in enumerate(inputs)}
    keep: list = [x._data for x in inputs]  # alive while tracing, so that no id is reused
    constants: list[np.ndarray] = []
    nodes: list = []

    def encode(value: Any, op: str) -> Any:
        if id(value) in refs:
            return {"ref": refs[id(value)]}
        if backend.is_array(value):
            constants.append(np.asarray(backend.to_numpy(value)))
            keep.append(value)
            refs[id(value)] = ["const", len(constants) - 1]
            return {"ref": refs[id(value)]}
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        if isinstance(value, list):
            return [encode(v, op) for v in value]
        if isinstance(value, tuple):
            return {"tuple": [encode(v, op) for v in value]}
        if isinstance(value, slice):
            return {"slice": [encode(v, op) for v in (value.start, value.stop, value.step)]}
        if value is Ellipsis:
            return {"ellipsis": None}
        if isinstance(value, dt.DType):
            return {"dtype": value.name}
        if isinstance(value, np.generic):
            return encode(value.item(), op)
        raise TypeError(f"export: op {op!r} takes an argument of type {type(value).__name__}, which a graph file "
                        f"cannot hold")

    def observer(name, _backend, args, out):
        if isinstance(out, list):
            raise TypeError(f"export: the net updates state ({name!r}) while running; export a net that only "
                            f"computes")
        nodes.append([name, [encode(a, name) for a in args]])
        index = len(nodes) - 1
        keep.append(out)
        for k, part in enumerate(out) if isinstance(out, tuple) else [(None, out)]:
            refs[id(part)] = ["node", index, k]
        return out

    saved = _dispatch._observer[0]
    _dispatch._observer[0] = observer
    try:
        result = net(*inputs)
    finally:
        _dispatch._observer[0] = saved
    results = result if isinstance(result, tuple) else (result,)
    if not all(isinstance(r, Tensor) for r in results):
        raise TypeError("export: the net must return a Tensor or a tuple of Tensors")
    outputs = [encode(r._data, "output") for r in results]
    return Graph([[list(x.shape), str(x.dtype)] for x in inputs], nodes, constants, outputs,
                 isinstance(result, tuple))


def export(net: Cell, *inputs: Tensor, file_name: str, file_format: str = "MINDIR", **kwargs: Any) -> None:
    """Writes ``file_name`` + '.mindir' (unless it ends so already): ``net``'s forward pass on ``inputs``."""
    if not isinstance(net, Cell):
        raise TypeError(f"For 'export', the argument 'net' must be a Cell, got {type(net).__name__}")
    if file_format != "MINDIR":
        raise ValueError(f"For 'export', unigrad writes file_format 'MINDIR' only, got {file_format!r}")
    if not inputs or not all(isinstance(x, Tensor) for x in inputs):
        raise TypeError("For 'export', the inputs must be one or more Tensors")
    if not isinstance(file_name, str) or not file_name:
        raise ValueError(f"For 'export', file_name must be a file's path, got {file_name!r}")
    path = file_name if file_name.endswith(".mindir") else file_name + ".mindir"
    warnings.warn(f"unigrad.export writes {path} in unigrad's own graph format under MindSpore's '.mindir' name: "
                  "unigrad.load reads it, MindSpore and MindSpore Lite cannot. For weights both frameworks read, use "
                  "save_checkpoint.", UserWarning, stacklevel=2)
    was_training = net.training
    net.set_train(False)
    try:
        graph = trace(net, inputs)
    finally:
        net.set_train(was_training)
    header = {"format": "unigrad-mindir 1", "inputs": graph.inputs, "nodes": graph.nodes, "outputs": graph.outputs,
              "tuple_output": graph.tuple_output}
    buffer = io.BytesIO()
    np.savez(buffer, graph=np.frombuffer(json.dumps(header).encode(), np.uint8),
             **{f"c{i}": c for i, c in enumerate(graph.constants)})
    with open(path + ".partial", "wb") as f:
        f.write(buffer.getvalue())
        f.flush()
        os.fsync(f.fileno())
    os.replace(path + ".partial", path)


def load(file_name: str, **kwargs: Any) -> Graph:
    """The Graph in a file ``export`` wrote (``nn.GraphCell(graph)`` runs it); ValueError for another file."""
    if not isinstance(file_name, str) or not file_name.endswith(".mindir"):
        raise ValueError(f"For 'load', file_name must be a '.mindir' file's path, got {file_name!r}")
    if not os.path.isfile(file_name):
        raise ValueError(f"For 'load', the file {file_name!r} does not exist")
    try:
        with np.load(file_name, allow_pickle=False) as files:
            header = json.loads(files["graph"].tobytes())
            constants = [files[f"c{i}"] for i in range(len(files.files) - 1)]
    except (OSError, ValueError, KeyError) as e:
        raise ValueError(f"For 'load', {file_name!r} is not a graph file unigrad.export wrote ({e})") from None
    if header.get("format") != "unigrad-mindir 1":
        raise ValueError(f"For 'load', {file_name!r} is not a graph file unigrad.export wrote")
    return Graph(header["inputs"], header["nodes"], constants, header["outputs"], header["tuple_output"])
