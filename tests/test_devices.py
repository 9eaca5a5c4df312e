"""Devices and interop: CPU/GPU selection never falls back silently; zero-copy exchange via DLPack."""
from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

import unigrad
from recorders import gpu_backends
from unigrad import Tensor


def test_default_device_is_cpu(backend):
    assert unigrad.get_context("device_target") == "CPU"


def test_gpu_request_raises_where_there_is_none(backend):
    if unigrad.backends.current().has_device("gpu"):
        pytest.skip("this machine has a GPU for this backend")
    with pytest.raises(RuntimeError, match="(?i)gpu"):
        unigrad.set_context(device_target="GPU")
    assert unigrad.get_context("device_target") == "CPU"  # nothing changed
    t = Tensor([1.0, 2.0])
    assert t.asnumpy().tolist() == [1.0, 2.0]


def test_unknown_device_target_is_a_value_error():
    with pytest.raises(ValueError, match="'CPU' or 'GPU'"):
        unigrad.set_context(device_target="TPU")


def test_environment_variable_picks_the_device():
    code = "import unigrad; unigrad.Tensor([1.0])"
    env = dict(os.environ, UNIGRAD_DEVICE="gpu", UNIGRAD_BACKEND="numpy")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode != 0 and "RuntimeError" in done.stderr and "gpu" in done.stderr.lower()
    env["UNIGRAD_DEVICE"] = "quantum"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode != 0 and "ValueError" in done.stderr and "quantum" in done.stderr


def test_asnumpy_is_a_snapshot(backend):
    p = unigrad.Parameter(Tensor(np.array([1.0, 2.0], np.float32)), name="p")
    before = p.asnumpy()
    unigrad.ops.assign_sub(p, Tensor(np.array([1.0, 1.0], np.float32)))
    assert before.tolist() == [1.0, 2.0]
    assert p.asnumpy().tolist() == [0.0, 1.0]
    before[0] = 5.0  # a writable copy on every backend (jax's own arrays export read-only views)
    assert p.asnumpy().tolist() == [0.0, 1.0]


def test_tensor_does_not_alias_the_callers_array(backend):
    array = np.array([1.0, 2.0], np.float32)
    t = Tensor(array)
    array[0] = 9.0
    assert t.asnumpy().tolist() == [1.0, 2.0]


def test_from_numpy_shares_memory_on_the_cpu(backend):
    if not unigrad.backends.load(backend).updates_in_place:
        pytest.skip(f"{backend} arrays are immutable: from_numpy may copy")
    array = np.array([1.0, 2.0], np.float32)
    t = Tensor.from_numpy(array)
    array[0] = 7.0
    assert t.asnumpy().tolist() == [7.0, 2.0]


def test_from_numpy_copies_on_jax_whatever_the_alignment():
    """jax arrays are immutable: Tensor.from_numpy copies there, so writing the array later never shows
    through (jax itself aliases a 64-byte-aligned array and copies the others)."""
    pytest.importorskip("jax")
    raw = np.zeros(64 + 16, np.uint8)
    start = -raw.ctypes.data % 64
    with unigrad.use_backend("jax"):
        for offset in (0, 4):  # one aligned array, one not
            array = raw[start + offset:start + offset + 8].view(np.float32)
            array[:] = [1.0, 2.0]
            t = Tensor.from_numpy(array)
            array[0] = 7.0
            assert t.asnumpy().tolist() == [1.0, 2.0], offset


def test_dlpack_exports_without_a_copy():
    torch = pytest.importorskip("torch")
    with unigrad.use_backend("torch"):
        t = Tensor(np.array([1.0, 2.0], np.float32))
        shared = torch.from_dlpack(t)
        shared[0] = 5.0
        assert t.asnumpy().tolist() == [5.0, 2.0]
    with unigrad.use_backend("numpy"):
        n = unigrad.Parameter(Tensor(np.array([3.0, 4.0], np.float32)), name="n")
        exported = np.from_dlpack(n)
        unigrad.ops.assign_sub(n, Tensor(np.array([1.0, 1.0], np.float32)))  # in place: the export sees it
        assert exported.tolist() == [2.0, 3.0]


def test_tf32_is_off_until_asked():
    """float32 matmuls and convolutions on CUDA must agree with the other backends: no TF32 by default."""
    torch = pytest.importorskip("torch")
    from unigrad.backends import torch as torch_backend
    unigrad.backends.load("torch")
    assert not torch.backends.cuda.matmul.allow_tf32 and not torch.backends.cudnn.allow_tf32
    try:
        torch_backend.allow_tf32(True)
        assert torch.backends.cuda.matmul.allow_tf32 and torch.backends.cudnn.allow_tf32
    finally:
        torch_backend.allow_tf32(False)
    assert not torch.backends.cuda.matmul.allow_tf32 and not torch.backends.cudnn.allow_tf32



@pytest.mark.gpu
@pytest.mark.skipif(not gpu_backends(), reason="no GPU visible to torch or jax here")
@pytest.mark.parametrize("name", gpu_backends() or ["none"])
def test_gpu_tensors_live_on_the_gpu_and_come_back(name):
    with unigrad.use_backend(name), unigrad.use_device("gpu"):
        x = Tensor(np.array([1.0, 2.0, 3.0], np.float32))
        assert "cuda" in str(getattr(x._data, "device", "")).lower() or "gpu" in str(x._data.devices()).lower()
        g = unigrad.grad(lambda v: (v ** 3).sum())(x)
        np.testing.assert_allclose(g.asnumpy(), [3.0, 12.0, 27.0], rtol=1e-6)
    assert unigrad.get_context("device_target") == "CPU"


def test_copy_has_its_own_memory(backend):
    p = unigrad.Parameter(Tensor(np.array([1.0, 2.0], np.float32)), name="p")
    snapshot = p.copy()
    unigrad.ops.assign_sub(p, Tensor(np.array([1.0, 1.0], np.float32)))
    assert snapshot.asnumpy().tolist() == [1.0, 2.0]
    grad = unigrad.grad(lambda x: (x.copy() ** 2).sum())(Tensor(np.array([1.0, 2.0], np.float32)))
    assert grad.asnumpy().tolist() == [2.0, 4.0]  # a copy inside a derivative stays differentiable
