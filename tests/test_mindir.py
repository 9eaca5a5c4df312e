"""unigrad.export / unigrad.load / nn.GraphCell: a Cell's forward pass traced to a file and run back, on every
backend (the save_load tutorial's MindIR cells). export warns that the file is unigrad's own format."""
import numpy as np
import pytest

import unigrad as ms
from unigrad import Tensor, nn, ops


@pytest.fixture(params=ms.available_backends())
def backend(request):
    with ms.use_backend(request.param):
        yield request.param


class TwoHeads(nn.Cell):
    def __init__(self):
        super().__init__()
        self.dense = nn.Dense(4, 3)

    def construct(self, x):
        y = self.dense(x.reshape(x.shape[0], -1))
        return ops.relu(y), y.sum(axis=1) * 2.0


def test_the_loaded_graph_computes_what_the_net_does(backend, tmp_path):
    ms.set_seed(1)
    net = TwoHeads()
    x = Tensor(np.random.default_rng(0).normal(size=(2, 2, 2)), ms.float32)
    with pytest.warns(UserWarning, match="MindSpore and MindSpore Lite cannot"):
        ms.export(net, x, file_name=str(tmp_path / "net"), file_format="MINDIR")
    graph = ms.load(str(tmp_path / "net.mindir"))
    cell = nn.GraphCell(graph)
    z = Tensor(np.random.default_rng(1).normal(size=(2, 2, 2)), ms.float32)  # new values, the exported shape
    for got, expected in zip(cell(z), net(z)):
        np.testing.assert_allclose(got.asnumpy(), expected.asnumpy(), rtol=1e-6)
    net.dense.weight.set_data(ops.zeros((3, 4), ms.float32))  # the file holds the weights as exported
    assert np.abs(cell(z)[1].asnumpy()).sum() > 0


class Mixed(nn.Cell):
    """Ops whose static arguments are tuples of slices and Ellipsis, dtypes and lists of arrays."""

    def construct(self, x):
        y = ops.cast(x[0, ..., 1:3], ms.float64)
        parts = ops.split(x.reshape(2, -1), 4, axis=1)
        return ops.concat([parts[0], parts[2]], 0).max(axis=1), y, x.astype(ms.int32)


def test_static_arguments_survive_the_file(backend, tmp_path):
    x = Tensor(np.arange(24).reshape(2, 3, 4), ms.float32)
    ms.export(Mixed(), x, file_name=str(tmp_path / "m"))
    got = nn.GraphCell(ms.load(str(tmp_path / "m.mindir")))(x + 1)
    for a, b in zip(got, Mixed()(x + 1)):
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a.asnumpy(), b.asnumpy())


def test_graph_cell_checks_the_exported_shape(backend, tmp_path):
    net = nn.Dense(4, 2)
    ms.export(net, ops.ones((1, 4), ms.float32), file_name=str(tmp_path / "d.mindir"))
    cell = nn.GraphCell(ms.load(str(tmp_path / "d.mindir")))
    assert cell(ops.ones((1, 4), ms.float32)).shape == (1, 2)
    with pytest.raises(ValueError, match=r"shape \[1, 4\] and dtype Float32"):
        cell(ops.ones((3, 4), ms.float32))
    with pytest.raises(ValueError, match="takes 1 inputs"):
        cell()


def test_export_and_load_errors(tmp_path):
    net = nn.Dense(4, 2)
    with pytest.raises(ValueError, match="'MINDIR' only"):
        ms.export(net, ops.ones((1, 4), ms.float32), file_name=str(tmp_path / "d"), file_format="ONNX")
    with pytest.raises(TypeError, match="must be a Cell"):
        ms.export(lambda x: x, ops.ones((1, 4), ms.float32), file_name=str(tmp_path / "d"))
    with pytest.raises(ValueError, match="does not exist"):
        ms.load(str(tmp_path / "none.mindir"))
    (tmp_path / "bad.mindir").write_bytes(b"not a graph")
    with pytest.raises(ValueError, match="not a graph file"):
        ms.load(str(tmp_path / "bad.mindir"))
    with pytest.raises(TypeError, match="what unigrad.load returned"):
        nn.GraphCell("graph")


def test_jit_syntax_level_is_checked():
    ms.set_context(jit_syntax_level=ms.STRICT)
    assert ms.get_context("jit_syntax_level") == ms.STRICT
    with pytest.raises(ValueError, match="jit_syntax_level"):
        ms.set_context(jit_syntax_level=7)
    ms.set_context(mode=ms.PYNATIVE_MODE, jit_syntax_level=ms.LAX)
