"""Checkpoints (issue 22 item 2): MindSpore 2.10's files load, unigrad's files round-trip (and load in
MindSpore: tools/record_mindspore_checkpoints.py --check), bad input gets MindSpore's error type, a killed
save never leaves a broken file, and a failed load changes nothing.

The facts about MindSpore asserted here were measured with MindSpore 2.10 (see the tool for the files)."""
from __future__ import annotations

import json
import os
import pathlib
import random
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

import unigrad as ms
from unigrad import nn

pytest.importorskip("google.protobuf", reason="the checkpoint extra is not installed")
pytest.importorskip("safetensors", reason="the checkpoint extra is not installed")

ROOT = pathlib.Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "checkpoints"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())["files"]
FORMATS = ["ckpt", "safetensors"]
DTYPES = [d for d in (ms.bool_, ms.int8, ms.int16, ms.int32, ms.int64, ms.uint8, ms.uint16, ms.uint32, ms.uint64,
                      ms.float16, ms.bfloat16, ms.float32, ms.float64) if d is not None]


class Net(nn.Cell):
    """The net tools/record_mindspore_checkpoints.py saves with MindSpore."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Dense(4, 3)
        self.fc2 = nn.Dense(3, 2)

    def construct(self, x):
        return self.fc2(self.fc1(x))


def _snapshot(net: nn.Cell) -> dict[str, bytes]:
    return {name: p.asnumpy().tobytes() + str(p.dtype).encode() for name, p in net.parameters_and_names()}


def _described(value) -> dict:
    """A loaded entry as expected.json describes one (bfloat16 compared through float32)."""
    if isinstance(value, str):
        return {"str": value}
    array = value.asnumpy()
    if value.dtype is ms.bfloat16:
        array = array.astype(np.float32)
    return {"dtype": str(value.dtype), "shape": list(value.shape), "values": array.tolist()}


def _every_dtype() -> dict[str, ms.Parameter]:
    """One Parameter per dtype with values that matter: extremes, negative zero, fractions."""
    out = {}
    for d in DTYPES:
        if d.is_floating:
            values = np.array([[-1.5, 0.0, -0.0], [2.0 ** -14, 3.140625, 1024.0]])
        elif d is ms.bool_:
            values = np.array([[True, False, True], [False, False, True]])
        else:
            info = np.iinfo(d.numpy)
            values = np.array([[info.min, info.max, 0], [1, info.max - 1, 7]], dtype=d.numpy)
        out[f"p.{d}"] = ms.Parameter(ms.Tensor(values.astype(d.numpy), d), name=f"p.{d}")
    out["p.scalar"] = ms.Parameter(ms.Tensor(np.float32(0.5)), name="p.scalar")
    return out


# -- files MindSpore 2.10 wrote --------------------------------------------------------------------
@pytest.mark.parametrize("file", sorted(EXPECTED))
def test_mindspore_written_checkpoint_loads(backend, file):
    fmt = "safetensors" if file.endswith(".safetensors") else "ckpt"
    loaded = ms.load_checkpoint(str(FIXTURES / file), format=fmt)
    want = EXPECTED[file]
    assert list(loaded) == want["order"]  # .ckpt in file order, safetensors sorted, as MindSpore returns them
    assert {k: _described(v) for k, v in loaded.items()} == want["entries"]
    for name, value in loaded.items():
        if not isinstance(value, str):
            assert isinstance(value, ms.Parameter) and value.name == name and value.backend == backend


def test_mindspore_written_checkpoint_loads_into_a_net(backend):
    """MindSpore's net.ckpt into the same net: appended entries (and the str 'note') come back as not loaded."""
    net = Net()
    loaded = ms.load_checkpoint(str(FIXTURES / "net.ckpt"), net=net)
    for name, param in net.parameters_and_names():
        np.testing.assert_array_equal(param.asnumpy(), loaded[name].asnumpy())
        assert param.asnumpy().tolist() == EXPECTED["net.ckpt"]["entries"][name]["values"]
    assert ms.load_param_into_net(net, loaded) == ([], ["epoch_num", "step_num", "lr", "best", "note"])
    assert loaded["note"] == "hello"


@pytest.mark.parametrize("file", sorted(EXPECTED))
def test_unigrad_writes_mindspores_bytes(backend, tmp_path, file):
    """The same contents saved by unigrad give the very bytes MindSpore 2.10 wrote (names, order, dtype
    names, dims, metadata)."""
    fmt = "safetensors" if file.endswith(".safetensors") else "ckpt"
    entries = EXPECTED[file]["entries"]
    values = {name: ms.Parameter(ms.Tensor(np.array(e["values"], np.float64), getattr(ms, e["dtype"].lower()
                                                                                     .replace("bool", "bool_"))),
                                 name=name)
              for name, e in entries.items() if "dtype" in e}
    if file.startswith("net."):
        net = Net()
        for name, param in net.parameters_and_names():
            param.set_data(values[name])
        append = {"epoch_num": 5, "step_num": 100, "lr": 0.125, "best": True} | (
            {"note": "hello"} if fmt == "ckpt" else {})
        ms.save_checkpoint(net, str(tmp_path / file), append_dict=append, format=fmt)
    else:
        ms.save_checkpoint({name: values[name] for name in EXPECTED[file]["order"]}, str(tmp_path / file),
                           format=fmt)
    assert (tmp_path / file).read_bytes() == (FIXTURES / file).read_bytes()


def test_the_stored_dtype_names_are_mindspores():
    """The dtype strings inside MindSpore's files are the names unigrad writes and reads."""
    ckpt_types = {v["tensor_type"] for v in EXPECTED["every_dtype.ckpt"]["raw"].values()}
    assert ckpt_types == {str(d) for d in DTYPES}
    assert EXPECTED["every_dtype.safetensors"]["raw"]["__metadata__"] == {"format": "ms"}


# -- unigrad's own files ---------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_dtype_round_trips_exactly(backend, tmp_path, fmt):
    params = _every_dtype()
    ms.save_checkpoint(params, str(tmp_path / "every"), format=fmt)
    loaded = ms.load_checkpoint(str(tmp_path / f"every.{fmt}"), format=fmt)
    assert sorted(loaded) == sorted(params)
    for name, param in params.items():
        got = loaded[name]
        assert got.dtype is param.dtype and got.shape == param.shape and got.backend == backend
        assert got.asnumpy().tobytes() == param.asnumpy().tobytes(), name  # bit for bit, -0.0 included


@pytest.mark.parametrize("fmt", FORMATS)
def test_written_for_mindspore(backend, tmp_path, fmt):
    """The files tools/record_mindspore_checkpoints.py --check loads in real MindSpore: set
    UNIGRAD_CHECKPOINT_OUT to keep them. Each file's expected.json entry is what unigrad reads back."""
    folder = pathlib.Path(os.environ.get("UNIGRAD_CHECKPOINT_OUT") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    expected_file = folder / "expected.json"
    expected = json.loads(expected_file.read_text()) if expected_file.exists() else {}
    net = Net()
    for i, (_, p) in enumerate(net.parameters_and_names()):
        p.set_data(ms.Tensor((np.arange(p.size).reshape(p.shape) * 0.25 + i).astype(np.float32)))
    append = {"epoch_num": 3, "lr": 0.5, "best": False} | ({"note": "unigrad"} if fmt == "ckpt" else {})
    objects = {f"{backend}_net.{fmt}": (net, append), f"{backend}_every_dtype.{fmt}": (_every_dtype(), None)}
    for file, (obj, app) in objects.items():
        ms.save_checkpoint(obj, str(folder / file), append_dict=app, format=fmt)
        expected[file] = {k: _described(v) for k, v in ms.load_checkpoint(str(folder / file), format=fmt).items()}
    assert expected[f"{backend}_net.{fmt}"]["fc1.weight"]["values"][0] == [0.0, 0.25, 0.5, 0.75]
    assert expected[f"{backend}_net.{fmt}"]["epoch_num"] == {"dtype": "Int64", "shape": [], "values": 3}
    expected_file.write_text(json.dumps(expected, indent=1, sort_keys=True))


def test_cell_list_and_dict_save_the_same(backend, tmp_path):
    net = Net()
    named = dict(net.parameters_and_names())
    ms.save_checkpoint(net, str(tmp_path / "cell.ckpt"))
    ms.save_checkpoint([{"name": k, "data": v} for k, v in named.items()], str(tmp_path / "dicts.ckpt"))
    ms.save_checkpoint(list(named.values()), str(tmp_path / "params.ckpt"))
    ms.save_checkpoint(named, str(tmp_path / "dict.ckpt"))
    files = [(tmp_path / f).read_bytes() for f in ("cell.ckpt", "dicts.ckpt", "params.ckpt", "dict.ckpt")]
    assert files[0] and all(f == files[0] for f in files)
    assert list(ms.load_checkpoint(str(tmp_path / "cell.ckpt"))) == ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]


def test_suffix_choice_func_append_dict_and_prefixes(backend, tmp_path):
    net = Net()
    ms.save_checkpoint(net, str(tmp_path / "m"), append_dict={"epoch": 2, "lr": 0.1, "flag": True, "tag": "x"},
                       choice_func=lambda name: name.startswith("fc1"))
    assert (tmp_path / "m.ckpt").exists() and not (tmp_path / "m").exists()  # '.ckpt' appended, as MindSpore
    loaded = ms.load_checkpoint(str(tmp_path / "m.ckpt"))
    assert list(loaded) == ["fc1.weight", "fc1.bias", "epoch", "lr", "flag", "tag"]
    assert [str(loaded[k].dtype) for k in ("epoch", "lr", "flag")] == ["Int64", "Float32", "Bool"]
    assert loaded["tag"] == "x" and loaded["lr"].asnumpy().item() == np.float32(0.1)
    assert list(ms.load_checkpoint(str(tmp_path / "m.ckpt"), filter_prefix="fc1")) == ["epoch", "lr", "flag", "tag"]
    assert list(ms.load_checkpoint(str(tmp_path / "m.ckpt"), specify_prefix=["fc1.w", "ep"])) == ["fc1.weight",
                                                                                                    "epoch"]
    assert list(ms.load_checkpoint(str(tmp_path / "m.ckpt"), choice_func=lambda n: n == "lr")) == ["lr"]
    ms.save_checkpoint(net, str(tmp_path / "s"), format="safetensors")
    assert (tmp_path / "s.safetensors").exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_crc_check(tmp_path, fmt):
    net = Net()
    path = tmp_path / f"c.{fmt}"
    ms.save_checkpoint(net, str(path), crc_check=True, format=fmt)
    assert sorted(ms.load_checkpoint(str(path), crc_check=True, format=fmt)) == sorted(_snapshot(net))
    data = bytearray(path.read_bytes())
    data[-40] ^= 0x01  # a flipped bit inside the last tensor's bytes
    path.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="crc check"):
        ms.load_checkpoint(str(path), crc_check=True, format=fmt)



def test_a_parameter_in_several_messages_loads_whole(backend, tmp_path, monkeypatch):
    """MindSpore splits a parameter over 512 MB into messages of one name; they load as one Parameter (the
    limit made 16 bytes here, so that small parameters are split)."""
    from unigrad.train import serialization
    monkeypatch.setattr(serialization, "_SLICE_BYTES", 16)
    values = {"w": np.arange(12, dtype=np.float32).reshape(3, 4) - 5.5, "b": np.arange(5, dtype=np.float64),
              "s": np.float32(2.5)}
    path = tmp_path / "sliced.ckpt"
    ms.save_checkpoint({k: ms.Parameter(ms.Tensor(v), name=k) for k, v in values.items()}, str(path), crc_check=True)
    message = serialization._checkpoint_class()()
    message.ParseFromString(path.read_bytes()[:-17])  # without the crc trailer
    assert [v.tag for v in message.value] == ["w", "w", "w", "b", "b", "b", "s"]
    for crc_check in (False, True):
        loaded = ms.load_checkpoint(str(path), crc_check=crc_check)
        assert list(loaded) == ["w", "b", "s"]
        for name, value in values.items():
            assert loaded[name].shape == value.shape and loaded[name].asnumpy().tobytes() == value.tobytes()


def test_loaded_parameters_are_their_own(backend, tmp_path):
    """A load hands each Parameter memory of its own: writing one changes neither the others nor a later load."""
    net = Net()
    path = tmp_path / "own.ckpt"
    ms.save_checkpoint(net, str(path))
    first, second = ms.load_checkpoint(str(path)), ms.load_checkpoint(str(path))
    ms.ops.assign(first["fc1.weight"], ms.Tensor(np.full((3, 4), 7.0, np.float32)))
    first["fc1.bias"].set_data(ms.Tensor(np.ones(3, np.float32)))
    assert (first["fc1.weight"].asnumpy() == 7.0).all() and (first["fc1.bias"].asnumpy() == 1.0).all()
    assert {k: v.asnumpy().tobytes() for k, v in second.items()} == \
        {k: v.asnumpy().tobytes() for k, v in net.parameters_and_names()}
    assert first["fc2.weight"].asnumpy().tobytes() == net.fc2.weight.asnumpy().tobytes()


def test_a_file_protobuf_reads_differently_still_loads(backend, tmp_path):
    """Fields MindSpore does not write (an unknown top-level field, before and between the Values) are
    protobuf's to skip, as in a whole-message parse: the same parameters load."""
    net = Net()
    path = tmp_path / "plain.ckpt"
    ms.save_checkpoint(net, str(path))
    data = path.read_bytes()
    from unigrad.train import serialization
    message = serialization._checkpoint_class()()
    message.ParseFromString(data)
    first = message.value[0].ByteSize() + 2  # key, a one-byte length and fc1.weight's Value
    expected = {k: v.asnumpy().tobytes() for k, v in ms.load_checkpoint(str(path)).items()}
    for at in (0, first, len(data)):
        odd = tmp_path / f"odd{at}.ckpt"
        odd.write_bytes(data[:at] + b"\x10\x05\x1a\x03abc" + data[at:])  # field 2 = 5, field 3 = 'abc'
        assert {k: v.asnumpy().tobytes() for k, v in ms.load_checkpoint(str(odd)).items()} == expected


def test_a_damaged_file_fails_its_crc_check_first(backend, tmp_path):
    """With crc_check, a file whose damage also breaks the message reports the crc, as MindSpore (which checks
    the crc before it parses); without, it is the parse error naming the file."""
    net = Net()
    path = tmp_path / "crc.ckpt"
    ms.save_checkpoint(net, str(path), crc_check=True)
    data = bytearray(path.read_bytes())
    data[1] ^= 0x40  # the first Value's length: the rest no longer parses
    path.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="crc check"):
        ms.load_checkpoint(str(path), crc_check=True)
    with pytest.raises(ValueError, match="cannot be parsed") as info:
        ms.load_checkpoint(str(path))
    assert str(path) in str(info.value)


# -- load_param_into_net ---------------------------------------------------------------------------
def _dense_params(**values) -> dict:
    return {k: ms.Parameter(ms.Tensor(v), name=k) for k, v in values.items()}


def test_load_param_into_net_reports_as_mindspore(backend):
    """MindSpore 2.10's returns, measured on a two-Dense net: missing and extra names are reported, never
    raised, also with strict_load=True; a float64 value is cast into a float32 Parameter unless strict."""
    net = Net()
    w = np.ones((3, 4))
    assert ms.load_param_into_net(net, _dense_params(**{"fc1.weight": w, "extra": np.ones(2, np.float32)})) == \
        (["fc1.bias", "fc2.weight", "fc2.bias"], ["extra"])
    assert net.fc1.weight.dtype is ms.float32 and net.fc1.weight.asnumpy().tolist() == w.tolist()
    assert ms.load_param_into_net(net, _dense_params(extra=np.ones(2, np.float32)), strict_load=True) == \
        (["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"], ["extra"])
    # a checkpoint name with a prefix the net lacks still loads, and stays in ckpt_not_load (MindSpore's quirk)
    assert ms.load_param_into_net(net, _dense_params(**{"pre.fc1.weight": np.full((3, 4), 7, np.float32)})) == \
        (["fc1.bias", "fc2.weight", "fc2.bias"], ["pre.fc1.weight"])
    assert (net.fc1.weight.asnumpy() == 7).all()
    ms.load_param_into_net(net, _dense_params(**{"fc1.bias": np.ones(3, np.float16)}))
    assert net.fc1.bias.dtype is ms.float32 and (net.fc1.bias.asnumpy() == 1).all()


@pytest.mark.parametrize("params, strict, message", [
    ({"fc1.weight": np.zeros((4, 4), np.float32)}, False, r"shape \(3, 4\) in the argument 'net' and shape \(4, 4\)"),
    ({"fc1.weight": np.zeros((3, 4), np.int32)}, False, "type Float32 in the argument 'net' and type Int32"),
    ({"fc1.weight": np.zeros((3, 4), np.float64)}, True, "type Float32 in the argument 'net' and type Float64"),
], ids=["shape", "int-into-float", "strict-float64"])
def test_a_failed_load_leaves_the_net_bit_identical(backend, params, strict, message):
    """MindSpore raises RuntimeError naming the parameter; unigrad also changes nothing (MindSpore would
    have loaded the parameters before the bad one)."""
    net = Net()
    before = _snapshot(net)
    good = {"fc2.bias": np.full(2, 9, np.float32), "fc1.bias": np.full(3, 9, np.float32)}
    with pytest.raises(RuntimeError, match=message) as info:
        ms.load_param_into_net(net, _dense_params(**good, **params), strict_load=strict)
    assert "fc1.weight" in str(info.value)
    assert _snapshot(net) == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_checkpoint_that_does_not_fit_the_net_names_file_and_parameter(backend, tmp_path, fmt):
    net = Net()
    path = tmp_path / f"wide.{fmt}"
    ms.save_checkpoint({"fc1.bias": np.zeros(3, np.float32), "fc2.weight": np.zeros((5, 3), np.float32)}, str(path),
                       format=fmt)
    before = _snapshot(net)
    with pytest.raises(RuntimeError, match=r"fc2\.weight in the argument 'net' should have the same shape") as info:
        ms.load_checkpoint(str(path), net=net, format=fmt)
    assert str(path) in str(info.value)
    assert _snapshot(net) == before


def test_without_the_checkpoint_extra_the_error_names_it(tmp_path):
    """In a real interpreter where protobuf and safetensors cannot be imported (None in sys.modules is
    Python's way to block an import): ImportError naming the extra; unigrad itself still imports."""
    script = (
        "import sys\n"
        "for name in ('google.protobuf', 'safetensors'):\n"
        "    sys.modules[name] = None\n"
        "import numpy as np, unigrad as ms\n"
        "for fmt in ('ckpt', 'safetensors'):\n"
        "    try:\n"
        f"        ms.save_checkpoint({{'a': np.ones(2, np.float32)}}, {str(tmp_path / 'x')!r}, format=fmt)\n"
        "    except ImportError as e:\n"
        "        print(e)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env={**os.environ, "UNIGRAD_BACKEND": "numpy"}, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 2 and all("pip install 'unigrad[checkpoint]'" in line for line in lines)
    assert "protobuf" in lines[0] and "safetensors" in lines[1]
    assert os.listdir(tmp_path) == []


def test_load_param_into_net_bad_arguments():
    net = Net()
    with pytest.raises(TypeError, match="'net' should be a Cell, but got <class 'int'>"):
        ms.load_param_into_net(3, {})
    with pytest.raises(TypeError, match="'parameter_dict' should be a dict, but got <class 'list'>"):
        ms.load_param_into_net(net, [])
    with pytest.raises(TypeError, match="should be a 'str' and 'Parameter' , but got <class 'str'> and <class 'int'>"):
        ms.load_param_into_net(net, {"a": 3})
    with pytest.raises(TypeError, match="strict_load"):
        ms.load_param_into_net(net, {}, strict_load=1)
    with pytest.raises(TypeError, match="stand_alone"):
        ms.load_param_into_net(net, {}, remove_redundancy=True)


# -- bad input -------------------------------------------------------------------------------------
def test_save_checkpoint_bad_arguments(tmp_path):
    net = Net()
    target = str(tmp_path / "z")
    cases = [
        (ValueError, "format must be 'safetensors' or 'ckpt', but got pt", lambda: ms.save_checkpoint(net, target,
                                                                                                       format="pt")),
        (TypeError, "'save_obj' must be nn.Cell, list or dict, but got <class 'int'>",
         lambda: ms.save_checkpoint(3, target)),
        (TypeError, "'ckpt_file_name' must be string, but got <class 'int'>", lambda: ms.save_checkpoint(net, 3)),
        (IsADirectoryError, "is a directory", lambda: ms.save_checkpoint(net, str(tmp_path))),
        (TypeError, "'append_dict' must be dict, but got <class 'list'>",
         lambda: ms.save_checkpoint(net, target, append_dict=[1])),
        (TypeError, "key: <class 'int'>, value: <class 'int'>",
         lambda: ms.save_checkpoint(net, target, append_dict={1: 2})),
        (TypeError, "the data in dict should be parameter, but got <class 'int'>",
         lambda: ms.save_checkpoint([{"name": "a", "data": 3}], target)),
        (TypeError, "the param should be parameter, but got <class 'int'>", lambda: ms.save_checkpoint([3], target)),
        (TypeError, "the type of key is <class 'int'>", lambda: ms.save_checkpoint({3: 4}, target)),
        (TypeError, "'integrated_save' must be bool", lambda: ms.save_checkpoint(net, target, integrated_save=1)),
        (TypeError, "'async_save' must be bool or str, but got <class 'int'>",
         lambda: ms.save_checkpoint(net, target, async_save=3)),
        (NotImplementedError, "does not encrypt", lambda: ms.save_checkpoint(net, target, enc_key=b"0" * 16)),
        (TypeError, "a safetensors file holds tensors only; 'note'",
         lambda: ms.save_checkpoint(net, target, append_dict={"note": "x"}, format="safetensors")),
    ]
    for error, message, call in cases:
        with pytest.raises(error, match=message):
            call()
    assert os.listdir(tmp_path) == []  # nothing written, no temp file left


def test_load_checkpoint_bad_arguments(tmp_path):
    ms.save_checkpoint(Net(), str(tmp_path / "a.ckpt"))
    a = str(tmp_path / "a.ckpt")
    cases = [
        (ValueError, "does not exist", lambda: ms.load_checkpoint(str(tmp_path / "nope.ckpt"))),
        (ValueError, "format must same with 'format'", lambda: ms.load_checkpoint(str(tmp_path / "a"))),
        (ValueError, "should end with '.ckpt' or '.safetensors'", lambda: ms.load_checkpoint(a, format="pt")),
        (ValueError, "can't include ''", lambda: ms.load_checkpoint(a, filter_prefix="")),
        (TypeError, "'ckpt_file_name' must be string", lambda: ms.load_checkpoint(3)),
        (NotImplementedError, "does not encrypt or decrypt", lambda: ms.load_checkpoint(a, dec_key=b"0" * 16)),
        (ValueError, "The loaded parameter dict is empty", lambda: ms.load_checkpoint(a, filter_prefix="fc")),
    ]
    for error, message, call in cases:
        with pytest.raises(error, match=message):
            call()


@pytest.mark.parametrize("content, fmt", [
    (b"", "ckpt"), (b"hello world, not a checkpoint\n", "ckpt"), (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "ckpt"),
    (b"garbage" * 10, "safetensors"), (b"", "safetensors"),
], ids=["empty", "text", "binary", "safetensors-garbage", "safetensors-empty"])
def test_not_a_checkpoint(backend, tmp_path, content, fmt):
    """MindSpore's ValueError, naming the file; the net stays as it was."""
    path = tmp_path / f"bad.{fmt}"
    path.write_bytes(content)
    net = Net()
    before = _snapshot(net)
    with pytest.raises(ValueError, match=str(path).replace(".", r"\.")):
        ms.load_checkpoint(str(path), net=net, format=fmt)
    assert _snapshot(net) == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_cut_file_is_a_clear_error_and_changes_nothing(backend, tmp_path, fmt):
    """The file cut at every twentieth of its length: ValueError naming the file, the net untouched."""
    net = Net()
    big = {"fc1.weight": net.fc1.weight, "big": ms.Parameter(ms.Tensor(np.arange(20000, dtype=np.float32)), name="big")}
    path = tmp_path / f"whole.{fmt}"
    ms.save_checkpoint(big, str(path), format=fmt)
    data = path.read_bytes()
    target = Net()
    before = _snapshot(target)
    for k in range(1, 20):
        cut = tmp_path / f"cut{k}.{fmt}"
        cut.write_bytes(data[: len(data) * k // 20])
        with pytest.raises(ValueError, match=str(cut).replace(".", r"\.")):
            ms.load_checkpoint(str(cut), net=target, format=fmt)
        assert _snapshot(target) == before


def _crafted_ckpt(path: pathlib.Path, build) -> None:
    """A .ckpt file made with MindSpore's message (through protobuf, as any writer would)."""
    from unigrad.train.serialization import _checkpoint_class
    message = _checkpoint_class()()
    build(message.value.add())
    path.write_bytes(message.SerializeToString())


def _tensor(tag, dims, kind, content):
    def build(value):
        value.tag = tag
        value.tensor.dims.extend(dims)
        value.tensor.tensor_type = kind
        value.tensor.tensor_content = content
    return build


def _map_tensor(value):
    value.tag = "table"
    t = value.maptensor.tensor.add()
    t.dims.append(1)
    t.tensor_type = "Int64"
    t.tensor_content = bytes(8)


@pytest.mark.parametrize("build, message", [
    (_tensor("w", [2, 3], "Complex64", bytes(48)), r"Parameter 'w' has tensor_type 'Complex64'"),
    (_tensor("w", [2, 3], "Float32", bytes(20)), r"'w' holds 20 bytes, but its shape \(2, 3\) and dtype Float32 need 24"),
    (_map_tensor, "Parameter 'table' is a MapParameter"),
], ids=["unknown-dtype", "short-content", "map-parameter"])
def test_a_checkpoint_unigrad_cannot_read_names_file_and_parameter(backend, tmp_path, build, message):
    path = tmp_path / "odd.ckpt"
    _crafted_ckpt(path, build)
    net = Net()
    before = _snapshot(net)
    with pytest.raises(ValueError, match=message) as info:
        ms.load_checkpoint(str(path), net=net)
    assert str(path) in str(info.value)
    assert _snapshot(net) == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_failed_save_keeps_the_old_file(tmp_path, fmt):
    """A save that fails while writing (here: a str for safetensors, an unsupported array for .ckpt) leaves
    the previous checkpoint byte for byte, and no temp file."""
    path = tmp_path / f"keep.{fmt}"
    ms.save_checkpoint(Net(), str(path), format=fmt)
    old = path.read_bytes()
    bad = {"ok": np.ones(3, np.float32), "bad": np.ones(2, np.complex64)}
    with pytest.raises(TypeError, match="'bad' has dtype complex64"):
        ms.save_checkpoint(bad, str(path), format=fmt)
    assert path.read_bytes() == old and os.listdir(tmp_path) == [path.name]


# -- a save killed at random moments ---------------------------------------------------------------
_SAVER = r"""
import os, sys, numpy as np
import unigrad as ms
path = sys.argv[1]
blocks = [ms.Parameter(ms.Tensor(np.zeros(250_000, np.float32)), name=f"b{i}") for i in range(5)]  # 5 MB
print("ready", flush=True)
for line in sys.stdin:  # one forked child per line: it saves generation after generation until killed
    pid = os.fork()
    if pid == 0:
        generation = int(line)
        while True:
            generation += 1
            for b in blocks:
                b.set_data(ms.Tensor(np.full(250_000, generation, np.float32)))
            ms.save_checkpoint(blocks, path)
    print(pid, flush=True)
    print(os.waitpid(pid, 0)[1], flush=True)
"""


@pytest.mark.slow
def test_a_save_killed_at_random_moments_leaves_a_whole_checkpoint(tmp_path):
    """50 saves killed with SIGKILL at random moments: the final name always holds one whole checkpoint,
    all of one generation, that load_checkpoint reads."""
    path = tmp_path / "model.ckpt"
    saver = subprocess.Popen([sys.executable, "-c", _SAVER, str(path)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True, env={**os.environ, "UNIGRAD_BACKEND": "numpy"})
    try:
        assert saver.stdout.readline().strip() == "ready"
        rng = random.Random(22)
        generations = set()
        for round_ in range(50):
            saver.stdin.write(f"{round_ * 1000}\n")
            saver.stdin.flush()
            child = int(saver.stdout.readline())
            time.sleep(rng.uniform(0.0, 0.15))  # a random moment in its first few saves
            os.kill(child, signal.SIGKILL)
            assert int(saver.stdout.readline()) & 0x7F == signal.SIGKILL
            if not path.exists():  # killed before its first save finished: nothing under the name yet
                continue
            loaded = ms.load_checkpoint(str(path))
            assert sorted(loaded) == [f"b{i}" for i in range(5)]
            values = {float(v) for p in loaded.values() for v in np.unique(p.asnumpy())}
            assert len(values) == 1, f"round {round_}: a mixed checkpoint {values}"
            generations.add(values.pop())
        assert len(generations) > 10  # the kills did land between different saves
    finally:
        saver.kill()
        saver.wait()


# -- on the GPU ------------------------------------------------------------------------------------
def _gpu_backends():
    for name in ms.available_backends():
        if name == "numpy":
            continue
        yield pytest.param(name, marks=[pytest.mark.gpu, pytest.mark.skipif(
            not ms.backends.load(name).has_device("gpu"), reason=f"no GPU visible to {name} here")])


@pytest.mark.parametrize("name", list(_gpu_backends()))
def test_round_trip_on_the_gpu(tmp_path, name):
    with ms.use_backend(name), ms.use_device("gpu"):
        params = _every_dtype()
        net = Net()
        ms.save_checkpoint(params, str(tmp_path / "gpu.ckpt"))
        loaded = ms.load_checkpoint(str(tmp_path / "gpu.ckpt"))
        assert all("cuda" in str(p._data.device).lower() for p in loaded.values())  # made on the GPU
        for key, param in params.items():
            assert loaded[key].dtype is param.dtype
            assert loaded[key].asnumpy().tobytes() == param.asnumpy().tobytes()
        ms.save_checkpoint(net, str(tmp_path / "net.safetensors"), format="safetensors")
        other = Net()
        ms.load_checkpoint(str(tmp_path / "net.safetensors"), net=other, format="safetensors")
        assert _snapshot(other) == _snapshot(net)
