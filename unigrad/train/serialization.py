"""Checkpoints as MindSpore 2.10 writes and reads them (``mindspore/train/serialization.py``).

``.ckpt`` is MindSpore's protobuf ``Checkpoint`` message (one message per parameter, concatenated), read and
written with the protobuf library from the schema below; ``.safetensors`` goes through the safetensors
package with MindSpore's metadata (``{"format": "ms"}``, names sorted). Both packages come with the
``checkpoint`` extra. Where unigrad differs from MindSpore on purpose: a save is atomic (temp file in the
same folder, fsync, ``os.replace``) and a load is all or nothing (every parameter is checked before any is
changed), ``async_save`` saves before returning, and encryption is a NotImplementedError.
"""
from __future__ import annotations

import binascii
import functools
import math
import os
import secrets
from collections.abc import Callable
from typing import Any

import numpy as np

from unigrad import backends
from unigrad import dtype as dt
from unigrad._parameter import Parameter, adopted
from unigrad._tensor import Tensor, wrap
from unigrad.backends import use_backend
from unigrad.backends.base import aligned_copy
from unigrad.nn import Cell

__all__ = ["load_checkpoint", "load_param_into_net", "save_checkpoint"]

_FORMATS = ("ckpt", "safetensors")
_EXTRA = "pip install 'unigrad[checkpoint]'"
_BY_NAME = {d.name: d for d in dt.ALL}  # MindSpore's tensor_type strings are unigrad's dtype names
_SLICE_BYTES = 512 * 1024 * 1024  # MindSpore splits a parameter into messages of at most this many bytes
_CRC_MARK = b"crc_num"  # MindSpore's crc trailer: b"crc_num" + crc32 as 10 big-endian bytes
_FLOATS = {"Float16", "Float32", "Float64", "BFloat16"}
_INTS = {"Int8", "Int16", "Int32", "Int64"}
_NO_PARAMS = ("The loaded parameter dict is empty after filter or specify, please check whether "
              "'filter_prefix' or 'specify_prefix' are set correctly.")


# -- the .ckpt schema ---------------------------------------------------------------------------
@functools.cache
def _checkpoint_class() -> type:
    """MindSpore's checkpoint.proto, built at run time in a private descriptor pool (no generated code)."""
    try:
        from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
    except ImportError as e:  # pragma: no cover - exercised only without the extra
        raise ImportError(f"reading and writing .ckpt files needs the protobuf package: {_EXTRA}") from e
    F = descriptor_pb2.FieldDescriptorProto
    proto = descriptor_pb2.FileDescriptorProto(name="checkpoint.proto", syntax="proto2")

    def field(message, name, number, kind, label=F.LABEL_OPTIONAL, type_name=None, oneof=None):
        f = message.field.add(name=name, number=number, type=kind, label=label)
        if type_name:
            f.type_name = type_name
        if oneof is not None:
            f.oneof_index = oneof

    checkpoint = proto.message_type.add(name="Checkpoint")
    field(checkpoint, "value", 1, F.TYPE_MESSAGE, F.LABEL_REPEATED, ".Checkpoint.Value")
    value = checkpoint.nested_type.add(name="Value")
    value.oneof_decl.add(name="value")
    field(value, "tag", 1, F.TYPE_STRING, F.LABEL_REQUIRED)
    field(value, "tensor", 2, F.TYPE_MESSAGE, type_name=".TensorProto", oneof=0)
    field(value, "maptensor", 3, F.TYPE_MESSAGE, type_name=".MapTensorProto", oneof=0)
    tensor = proto.message_type.add(name="TensorProto")
    field(tensor, "dims", 1, F.TYPE_INT64, F.LABEL_REPEATED)
    field(tensor, "tensor_type", 2, F.TYPE_STRING, F.LABEL_REQUIRED)
    field(tensor, "tensor_content", 3, F.TYPE_BYTES, F.LABEL_REQUIRED)
    maptensor = proto.message_type.add(name="MapTensorProto")
    field(maptensor, "tensor", 1, F.TYPE_MESSAGE, F.LABEL_REPEATED, ".TensorProto")
    pool = descriptor_pool.DescriptorPool()
    pool.Add(proto)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName("Checkpoint"))


def _safetensors():
    try:
        import safetensors
        import safetensors.numpy
    except ImportError as e:  # pragma: no cover - exercised only without the extra
        raise ImportError(f"reading and writing .safetensors files needs the safetensors package: {_EXTRA}") from e
    return safetensors


# -- argument checks (MindSpore's types and messages) ---------------------------------------------
def _check_type(func: str, name: str, value: Any, types: tuple) -> Any:
    if not isinstance(value, types):
        names = " or ".join(t.__name__ if t is not type(None) else "None" for t in types)
        raise TypeError(f"For '{func}', the argument '{name}' must be {names}, but got {type(value).__name__}.")
    return value


def _no_encryption(func: str, key_name: str, key: Any, mode_name: str, mode: Any, file_format: str) -> None:
    _check_type(func, key_name, key, (type(None), bytes))
    _check_type(func, mode_name, mode, (str,))
    if key is not None:
        raise NotImplementedError(f"For '{func}', unigrad does not encrypt or decrypt checkpoints: "
                                  f"'{key_name}' must be None (got a key of {len(key)} bytes, {mode_name}={mode!r}).")
    if file_format == "safetensors" and mode != "AES-GCM":
        raise ValueError(f"For '{func}', when format is 'safetensors', the parameter '{mode_name}' must be set to "
                         f"default value 'AES-GCM', but got '{mode}'.")


def _save_file_name(save_obj: Any, ckpt_file_name: Any, file_format: Any) -> str:
    """The file to write, after MindSpore's checks in MindSpore's order."""
    if file_format not in _FORMATS:
        raise ValueError(f"For 'save_checkpoint', the format must be 'safetensors' or 'ckpt', but got {file_format}.")
    if not isinstance(save_obj, (Cell, list, dict)):
        raise TypeError("For 'save_checkpoint', the parameter 'save_obj' must be nn.Cell, list or dict, "
                        f"but got {type(save_obj)}.")
    if not isinstance(ckpt_file_name, (str, os.PathLike)):
        raise TypeError(f"For 'save_checkpoint', the parameter {ckpt_file_name} for checkpoint file name is invalid,"
                        f"'ckpt_file_name' must be string, but got {type(ckpt_file_name)}.")
    path = os.path.realpath(os.fspath(ckpt_file_name))
    if os.path.isdir(path):
        raise IsADirectoryError(f"For 'save_checkpoint', the parameter `ckpt_file_name`: {path} is a directory, "
                                "it must be a file name.")
    return path if path.endswith(file_format) else f"{path}.{file_format}"  # MindSpore's test: no dot


def _check_prefix(prefix: Any) -> tuple | None:
    if prefix is None:
        return None
    if not isinstance(prefix, (str, list, tuple)):
        raise TypeError("For 'load_checkpoint', the type of 'specify_prefix' or 'filter_prefix' must be string, "
                        f"list[string] or tuple[string], but got {type(prefix)}.")
    prefix = (prefix,) if isinstance(prefix, str) else tuple(prefix)
    if not prefix:
        raise ValueError("For 'load_checkpoint', the argument 'specify_prefix' or 'filter_prefix' can't be empty "
                         "when 'specify_prefix' or 'filter_prefix' is list or tuple.")
    for index, pre in enumerate(prefix):
        if not isinstance(pre, str):
            raise TypeError("For 'load_checkpoint', when 'specify_prefix' or 'filter_prefix' is list or tuple, the "
                            f"element in it must be string, but got {type(pre)} at index {index}.")
        if pre == "":
            raise ValueError("For 'load_checkpoint', the value of 'specify_prefix' or 'filter_prefix' can't "
                             "include ''.")
    return prefix


# -- what to save ---------------------------------------------------------------------------------
def _contiguous(array: np.ndarray) -> np.ndarray:
    """C order, keeping 0-d arrays 0-d (``np.ascontiguousarray`` makes them 1-d)."""
    return array if array.flags.c_contiguous else array.copy(order="C")


def _host(value: Tensor) -> np.ndarray:
    """The values on the host: a view where the backend can lend one (CPU memory, a dtype NumPy has), else a
    copy. A view is safe because the save finishes before save_checkpoint returns."""
    try:
        array = np.from_dlpack(value)
    except (BufferError, RuntimeError, TypeError, ValueError, AttributeError):
        array = value.asnumpy()
    return _contiguous(np.asarray(array))


def _entries(save_obj: Any, choice_func: Callable | None) -> list[tuple[str, Any]]:
    """(name, ndarray or str) pairs in MindSpore's order for a Cell, a list or a dict."""
    chosen = (lambda name: True) if choice_func is None else choice_func
    if isinstance(save_obj, Cell):
        return [(p.name, _host(p)) for _, p in save_obj.parameters_and_names() if chosen(p.name)]
    out = []
    if isinstance(save_obj, list):
        dicts = bool(save_obj) and isinstance(save_obj[0], dict)
        for item in save_obj:
            if dicts:
                if not (isinstance(item, dict) and "name" in item and "data" in item):
                    raise TypeError("For save_checkpoint, save_obj should be a list of dict items, and the dict "
                                    f"should have key values 'name' and 'value', but got {type(item)} and {item}.")
                name, data = item["name"], item["data"]
                if not isinstance(name, str):
                    raise TypeError("For save_checkpoint, when save_obj is a list of dict items, the name in dict "
                                    f"should be string, but got {type(name)}.")
                if not isinstance(data, Tensor):
                    raise TypeError("For save_checkpoint, when save_obj is a list of dict items, the data in dict "
                                    f"should be parameter, but got {type(data)}.")
            else:
                if not isinstance(item, Parameter):
                    raise TypeError("For save_checkpoint, when save_obj is made up by list of Parameter,"
                                    f"the param should be parameter, but got {type(item)}")
                name, data = item.name, item
            if chosen(name):
                out.append((name, _host(data)))
        return out
    for name, data in save_obj.items():
        if not isinstance(name, str) or not isinstance(data, (Tensor, np.ndarray, str)):
            raise TypeError("For save_checkpoint, when save_obj is made up by dict, the key should be str and "
                            f"value should be Parameter, but got the type of key is {type(name)} and "
                            f"the type of value is {type(data)}")
        if chosen(name):
            out.append((name, data if isinstance(data, str) else _host(data) if isinstance(data, Tensor)
                        else _contiguous(np.asarray(data))))
    return out


def _appended(append_dict: Any) -> list[tuple[str, Any]]:
    """append_dict's entries as MindSpore stores them: int as Int64, float as Float32, bool as Bool."""
    if append_dict is None:
        return []
    if not isinstance(append_dict, dict):
        raise TypeError(f"For 'save_checkpoint', the argument 'append_dict' must be dict, but got "
                        f"{type(append_dict)}.")
    out = []
    for key, value in append_dict.items():
        if not isinstance(key, str) or not isinstance(value, (int, float, bool, str, Tensor)):
            raise TypeError("For 'save_checkpoint', the type of dict 'append_info' must be key: string, value: "
                            f"int, float, bool or Generator, but got key: {type(key)}, value: {type(value)}")
        if isinstance(value, str):
            out.append((key, value))
        elif isinstance(value, Tensor):
            out.append((key, _host(value)))
        else:
            kind = np.bool_ if isinstance(value, bool) else np.int64 if isinstance(value, int) else np.float32
            out.append((key, np.array(value, kind)))
    return out


def _check_dtype(name: str, array: np.ndarray) -> str:
    try:
        return dt.from_numpy(array.dtype).name
    except TypeError:
        raise TypeError(f"For 'save_checkpoint', '{name}' has dtype {array.dtype}, which a checkpoint cannot "
                        f"hold; allowed: {', '.join(sorted(_BY_NAME))}") from None


# -- writing --------------------------------------------------------------------------------------
def _fsync_dir(folder: str) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory handles
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _drop_cached(path: str) -> None:
    """Let the page cache drop the old file's pages (the file itself stays as it is) before its successor is
    written: the rename frees them only at the end, and until then the new pages had to be reclaimed from
    elsewhere, which made saves about 3x slower than a plain rewrite of the file in place (which frees them
    as it truncates; benchmarks/checkpoint.py). Nothing where there is no old file or no posix_fadvise."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not block
    except OSError:
        return
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    except (AttributeError, OSError):  # pragma: no cover - Windows, or a file system that refuses
        pass
    finally:
        os.close(fd)


def _atomic_save(path: str, write: Callable[[str], None]) -> None:
    """Run ``write(tmp)`` on a new file in ``path``'s folder, fsync it, then rename it over ``path``: the
    final name always holds a complete file, the old one until the new one is whole."""
    folder = os.path.dirname(path)
    tmp = os.path.join(folder, f".{os.path.basename(path)}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    _drop_cached(path)
    try:
        mode = os.stat(tmp).st_mode  # 0o666 less the umask, which a writer that recreates the file may not keep
        write(tmp)
        os.chmod(tmp, mode)
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(folder)


def _write_ckpt(tmp: str, entries: list[tuple[str, Any]], crc_check: bool) -> None:
    checkpoint = _checkpoint_class()
    crc = 0
    with open(tmp, "wb") as f:
        for name, data in entries:
            if isinstance(data, str):  # MindSpore: dims [0], type 'str', the text as NumPy's UTF-32
                slices, dims, kind = [np.array(data).tobytes()], [0], "str"
            else:
                raw = memoryview(data.reshape(-1).view(np.uint8))
                slices = [raw[i:i + _SLICE_BYTES] for i in range(0, len(raw), _SLICE_BYTES)] or [b""]
                dims, kind = list(data.shape), _check_dtype(name, data)
            for piece in slices:
                message = checkpoint()
                value = message.value.add()
                value.tag = name
                value.tensor.dims.extend(dims)
                value.tensor.tensor_type = kind
                value.tensor.tensor_content = bytes(piece)
                out = message.SerializeToString()
                del message, value
                if crc_check:
                    crc = binascii.crc32(out, crc)
                f.write(out)
        if crc_check:
            f.write(_CRC_MARK + crc.to_bytes(10, byteorder="big"))


def _write_safetensors(tmp: str, entries: list[tuple[str, Any]], crc_check: bool,
                       remove_redundancy: bool | None = None) -> None:
    st = _safetensors()
    tensors, metadata, crc = {}, {"format": "ms"}, 0
    if remove_redundancy is not None:  # MindSpore records the flag it was given
        metadata["remove_redundancy"] = str(remove_redundancy)
    for name, data in sorted(entries, key=lambda e: e[0]):
        if isinstance(data, str):
            raise TypeError(f"For 'save_checkpoint', a safetensors file holds tensors only; '{name}' is the "
                            f"str {data!r}: save it in the 'ckpt' format")
        _check_dtype(name, data)
        tensors[name] = data
        if crc_check:
            crc = binascii.crc32(data.reshape(-1).view(np.uint8), binascii.crc32(name.encode(), crc))
    if crc_check:
        metadata["crc_num"] = str(crc)
    st.numpy.save_file(tensors, tmp, metadata=metadata if tensors else None)


def save_checkpoint(save_obj: Any, ckpt_file_name: str, integrated_save: bool = True, async_save: bool | str = False,
                    append_dict: dict | None = None, enc_key: bytes | None = None, enc_mode: str = "AES-GCM",
                    choice_func: Callable[[str], bool] | None = None, crc_check: bool = False,
                    format: str = "ckpt", **kwargs: Any) -> None:
    """Save a Cell's parameters, a list of ``{'name', 'data'}`` / Parameters, or a dict name -> Tensor to
    ``ckpt_file_name`` ('.ckpt' or '.safetensors' appended when missing), atomically."""
    path = _save_file_name(save_obj, ckpt_file_name, format)
    if not isinstance(integrated_save, bool):
        raise TypeError(f"For 'save_checkpoint', the argument 'integrated_save' must be bool, but got "
                        f"{type(integrated_save)}.")
    if not isinstance(async_save, (bool, str)):
        raise TypeError(f"For 'save_checkpoint', the parameter 'async_save' must be bool or str, but got "
                        f"{type(async_save)}.")
    if isinstance(async_save, str) and async_save not in ("process", "thread"):
        raise ValueError("For 'save_checkpoint', the argument 'async_save' can only be 'process' or 'thread',"
                         f"but got {async_save}.")
    appended = _appended(append_dict)
    _no_encryption("save_checkpoint", "enc_key", enc_key, "enc_mode", enc_mode, format)
    _check_type("save_checkpoint", "crc_check", crc_check, (bool,))
    if choice_func is not None and not callable(choice_func):
        raise TypeError(f"For 'save_checkpoint', the argument 'choice_func' must be callable, but got "
                        f"{type(choice_func)}.")
    remove_redundancy = kwargs.get("remove_redundancy")  # MindSpore's other kwargs concern parallel runs
    _check_type("save_checkpoint", "remove_redundancy", remove_redundancy, (type(None), bool))
    entries = _entries(save_obj, choice_func) + appended
    if format == "ckpt":
        _atomic_save(path, lambda tmp: _write_ckpt(tmp, entries, crc_check))
    else:
        _atomic_save(path, lambda tmp: _write_safetensors(tmp, entries, crc_check, remove_redundancy))


# -- reading --------------------------------------------------------------------------------------
def _corrupt(path: str, why: str = "") -> ValueError:
    return ValueError(f"Failed to read the checkpoint file {path}. The file may be corrupted, and the content "
                      f"cannot be parsed.{' ' + why if why else ''}")


def _array(path: str, name: str, kind: str, dims: list, content: bytes) -> np.ndarray:
    """The parameter's array, with its byte count checked against its dtype and shape."""
    if kind not in _BY_NAME:
        raise _corrupt(path, f"Parameter '{name}' has tensor_type {kind!r}, which unigrad does not know "
                             f"(known: {', '.join(sorted(_BY_NAME))}).")
    np_dtype = _BY_NAME[kind].numpy
    if dims == [0] and len(content) == np_dtype.itemsize:  # MindSpore reads dims [0] as a scalar
        dims = []
    need = math.prod(dims) * np_dtype.itemsize
    if len(content) != need or any(d < 0 for d in dims):
        raise _corrupt(path, f"Parameter '{name}' holds {len(content)} bytes, but its shape {tuple(dims)} and "
                             f"dtype {kind} need {need}: the file is truncated or damaged.")
    return np.frombuffer(content, np_dtype).reshape(dims)


def _parameter(name: str, value: Any) -> Any:
    """A loaded entry as load_checkpoint returns it: a str stays a str, an array becomes a Parameter (one copy,
    into aligned memory that the backend takes over: torch and jax use it in place)."""
    if isinstance(value, str):
        return value
    backend = backends.current()
    return adopted(wrap(backend.adopt_rows(aligned_copy(value)[None])[0], backend), name)


def _frame_size(head: bytes) -> int | None:
    """The byte count of the top-level field ``head`` starts when it is a ``value`` (key 0x0A, then the varint
    length of one Value message), else None. This only finds where one Value ends, so that protobuf parses
    each parameter's bytes alone; protobuf still reads every byte, key and length included."""
    if not head or head[0] != 0x0A:
        return None
    length = shift = 0
    for count, byte in enumerate(head[1:11], 2):
        length |= (byte & 0x7F) << shift
        if byte < 0x80:
            return count + length
        shift += 7
    return None


def _frame(f: Any, pos: int, end: int) -> bytes:
    """The bytes of the Value field at ``pos``, read in one call; anything else (another field, a cut
    file) gives the rest of the file, for protobuf to parse or reject as a whole."""
    f.seek(pos)
    size = _frame_size(f.read(min(11, end - pos)))
    f.seek(pos)
    return f.read(end - pos if size is None or size > end - pos else size)


def _parsed(path: str, frame: bytes) -> Any:
    """``frame`` parsed as MindSpore's Checkpoint message."""
    from google.protobuf.message import DecodeError
    message = _checkpoint_class()()
    try:
        message.ParseFromString(frame)
    except (DecodeError, RuntimeError, ValueError, TypeError, UnicodeDecodeError) as e:
        raise _corrupt(path) from e
    return message


def _values(path: str, message: Any, wanted: Callable[[str], bool]) -> list[tuple[str, str, list, Any]]:
    """(name, tensor_type, dims, tensor_content, or None when not wanted) of each Value in ``message``."""
    out = []
    for value in message.value:
        name = value.tag
        if not value.HasField("tensor"):
            raise _corrupt(path, f"Parameter '{name}' is a MapParameter, which unigrad does not load.")
        tensor = value.tensor
        out.append((name, tensor.tensor_type, list(tensor.dims), tensor.tensor_content if wanted(name) else None))
    return out


def _loaded(path: str, name: str, kind: str, dims: list, pieces: list[bytes]) -> Any:
    """One parameter's entry from its messages' bytes (MindSpore splits a large one into several)."""
    content = pieces[0] if len(pieces) == 1 else b"".join(pieces)
    if kind == "str":
        return str(np.frombuffer(content, f"U{len(content) // 4}")[0]) if content else ""
    return _parameter(name, _array(path, name, kind, dims, content))


def _crc_error(path: str) -> ValueError:
    return ValueError(f"For 'load_checkpoint', the crc check is failed, please check whether the ckpt file {path} "
                      "is damaged.")


def _read_ckpt(path: str, crc_check: bool, wanted: Callable[[str], bool]) -> dict[str, Any]:
    """name -> Parameter, one Value message at a time: each parameter's bytes are read, parsed by protobuf,
    copied into the backend's memory and let go before the next one's are read, so the load holds little
    more than the loaded model. Consecutive messages with one name are one parameter (MindSpore's slices)."""
    out: dict[str, Any] = {}
    try:
        with open(path, "rb") as f:
            end = os.fstat(f.fileno()).st_size
            stored = None
            if end >= 17:
                f.seek(end - 17)
                tail = f.read(17)
                if tail[:7] == _CRC_MARK:
                    stored, end = int.from_bytes(tail[7:], byteorder="big"), end - 17
            pos = crc = 0
            pending: tuple[str, str, list, list[bytes]] | None = None  # the parameter being read
            try:
                while pos < end:
                    frame = _frame(f, pos, end)
                    pos += len(frame)
                    if crc_check:
                        crc = binascii.crc32(frame, crc)
                    message = _parsed(path, frame)
                    del frame  # each copy goes as soon as the next holds the bytes: at most two at a time
                    values = _values(path, message, wanted)
                    del message
                    for name, kind, dims, content in values:
                        if pending is not None and pending[0] != name:
                            out[pending[0]] = _loaded(path, *pending)
                            pending = None
                        if content is not None:
                            pending = (name, kind, dims, (pending[3] if pending else []) + [content])
                    del values
                if pending is not None:
                    out[pending[0]] = _loaded(path, *pending)
            except ValueError as e:  # a damaged file fails its crc check first, as in MindSpore
                if crc_check and stored is not None:
                    f.seek(pos)
                    while block := f.read(1 << 24):
                        crc = binascii.crc32(block[:max(0, end - pos)], crc)
                        pos += len(block)
                    if crc != stored:
                        raise _crc_error(path) from e
                raise
    except OSError as e:
        raise ValueError(f"Failed to read the checkpoint file {path}. May not have permission to read it, please "
                         f"check the correct of the file. ({e})") from e
    if crc_check and stored is not None and crc != stored:
        raise _crc_error(path)
    return out


# the package maps the file, and every page read stays resident while the mapping lives: a load maps it
# afresh after each window of this many bytes, so it holds the model plus one window, not the model twice
_SAFETENSORS_WINDOW = 64 << 20


def _read_safetensors(path: str, crc_check: bool, wanted: Callable[[str], bool]) -> dict[str, Any]:
    """name -> Parameter, each converted as it is read (one tensor's copy at a time)."""
    st = _safetensors()
    out, crc = {}, 0
    try:
        with st.safe_open(path, framework="np") as f:
            metadata = f.metadata() or {}
            names = [name for name in sorted(f.keys()) if crc_check or wanted(name)]
        position = 0
        while position < len(names):
            with st.safe_open(path, framework="np") as f:
                mapped = 0
                while position < len(names) and mapped < _SAFETENSORS_WINDOW:
                    name = names[position]
                    position += 1
                    array = f.get_tensor(name)
                    mapped += array.nbytes
                    if crc_check:
                        crc = binascii.crc32(_contiguous(array).reshape(-1).view(np.uint8),
                                             binascii.crc32(name.encode(), crc))
                    if wanted(name):
                        try:
                            dt.from_numpy(array.dtype)
                        except TypeError:
                            raise ValueError(f"For 'load_checkpoint', parameter '{name}' in {path} has dtype "
                                             f"{array.dtype}, which unigrad does not support.") from None
                        out[name] = _parameter(name, array)
    except (st.SafetensorError, OSError, ValueError, TypeError, KeyError) as e:
        raise ValueError(f"Fail to parse the input safetensors: '{path}'. Please check the correctness of the "
                         f"file. ({e})") from e
    if crc_check and "crc_num" in metadata and int(metadata["crc_num"]) != crc:
        raise ValueError(f"For 'load_checkpoint', the crc check has failed. Please check whether the ckpt file "
                         f"{path} is damaged.")
    return out


def load_checkpoint(ckpt_file_name: str, net: Cell | None = None, strict_load: bool = False,
                    filter_prefix: str | list | tuple | None = None, dec_key: bytes | None = None,
                    dec_mode: str = "AES-GCM", specify_prefix: str | list | tuple | None = None,
                    choice_func: Callable[[str], bool] | None = None, crc_check: bool = False,
                    remove_redundancy: bool = False, format: str = "ckpt") -> dict[str, Any]:
    """Read a checkpoint into name -> Parameter (str entries stay str) and, given ``net``, load it there.

    The whole file is read and checked before anything is returned or any parameter of ``net`` changes."""
    specify_prefix = _check_prefix(specify_prefix)
    filter_prefix = _check_prefix(filter_prefix)
    _check_type("load_checkpoint", "crc_check", crc_check, (bool,))
    _check_type("load_checkpoint", "remove_redundancy", remove_redundancy, (bool,))
    _no_encryption("load_checkpoint", "dec_key", dec_key, "dec_mode", dec_mode, format)
    if format not in _FORMATS:
        raise ValueError("For 'load_checkpoint', the checkpoint file should end with '.ckpt' or '.safetensors', "
                         "please input the correct 'format'.")
    if not isinstance(ckpt_file_name, (str, os.PathLike)):
        raise TypeError("For 'load_checkpoint', the argument 'ckpt_file_name' must be string, "
                        f"but got {type(ckpt_file_name)}.")
    path = os.fspath(ckpt_file_name)
    if not path.endswith(format):
        raise ValueError(f"For 'load_checkpoint', the checkpoint file format must same with 'format', but got "
                         f"file_name:'{path}', format:'{format}'")
    path = os.path.realpath(path)
    if not os.path.exists(path):
        raise ValueError(f"For 'load_checkpoint', the checkpoint file: {path} does not exist, please check "
                         "whether the 'ckpt_file_name' is correct.")

    def wanted(name: str) -> bool:
        if format == "safetensors" or (specify_prefix is None and filter_prefix is None):
            return choice_func is None or bool(choice_func(name))
        if specify_prefix and not name.startswith(specify_prefix):
            return False
        return not (filter_prefix and name.startswith(filter_prefix))

    read = _read_ckpt if format == "ckpt" else _read_safetensors
    parameter_dict = read(path, crc_check, wanted)
    if not parameter_dict:
        raise ValueError(f"{_NO_PARAMS} (file: {path})")
    if net is not None:
        try:
            load_param_into_net(net, parameter_dict, strict_load, remove_redundancy)
        except RuntimeError as e:  # MindSpore's message names the parameter; add the file
            raise RuntimeError(f"{e} (checkpoint file: {path})") from e
    return parameter_dict


# -- into a net -----------------------------------------------------------------------------------
def _planned(param: Parameter, new: Parameter, strict_load: bool) -> np.ndarray:
    """The array ``param`` will take from ``new``: MindSpore's checks and casts, without changing anything."""
    value = new.asnumpy()
    if param.shape != new.shape:
        extra = new.shape[len(param.shape):]
        if len(new.shape) > len(param.shape) and all(d == 1 for d in extra) and \
                new.shape[:len(param.shape)] == param.shape:
            value = value.reshape(param.shape)  # MindSpore drops trailing 1s: (12, 2048, 1, 1) -> (12, 2048)
        else:
            raise RuntimeError(
                f"For 'load_param_into_net', {param.name} in the argument 'net' should have the same shape as "
                f"{param.name} in the argument 'parameter_dict'. But got its shape {param.shape} in the argument "
                f"'net' and shape {new.shape} in the argument 'parameter_dict'.May you need to check whether the "
                "checkpoint you loaded is correct or the batch size and so on in the 'net' and 'parameter_dict' "
                "are same.")
    if param.dtype is not new.dtype:
        pair = {param.dtype.name, new.dtype.name}
        if strict_load or not (pair <= _FLOATS or pair <= _INTS):
            raise RuntimeError(
                f"For 'load_param_into_net', {param.name} in the argument 'net' should have the same type as "
                f"{param.name} in the argument 'parameter_dict'. but got its type {param.dtype} in the argument "
                f"'net' and type {new.dtype} in the argument 'parameter_dict'.May you need to check whether the "
                "checkpoint you loaded is correct.")
        value = value.astype(param.dtype.numpy)  # MindSpore's lenient cast, e.g. Float64 into Float32
    return value


def load_param_into_net(net: Cell, parameter_dict: dict, strict_load: bool = False,
                        remove_redundancy: bool = False) -> tuple[list[str], list[str]]:
    """Copy ``parameter_dict`` into ``net``'s Parameters by name; ``(param_not_load, ckpt_not_load)``.

    As MindSpore: names missing on either side are reported, not raised, also with ``strict_load``; a
    checkpoint name with a prefix the net lacks still loads (and stays in ``ckpt_not_load``). Unlike
    MindSpore, a shape or dtype error leaves every Parameter of ``net`` as it was."""
    if not isinstance(net, Cell):
        raise TypeError(f"For 'load_param_into_net', the argument 'net' should be a Cell, but got {type(net)}.")
    if not isinstance(parameter_dict, dict):
        raise TypeError("For 'load_param_into_net', the argument 'parameter_dict' should be a dict, "
                        f"but got {type(parameter_dict)}.")
    for key, value in parameter_dict.items():
        if not isinstance(key, str) or not isinstance(value, (Parameter, str, list)):
            raise TypeError("For 'parameter_dict', the element in the argument 'parameter_dict' should be a "
                            f"'str' and 'Parameter' , but got {type(key)} and {type(value)}.")
    _check_type("load_param_into_net", "strict_load", strict_load, (bool,))
    _check_type("load_param_into_net", "remove_redundancy", remove_redundancy, (bool,))
    if remove_redundancy:
        raise TypeError("The deduplication feature for loading checkpoint can only be used in parallel "
                        "scenarios, but got stand_alone.")
    plan: list[tuple[Parameter, np.ndarray]] = []
    param_not_load: list[str] = []
    ckpt_not_load = list(parameter_dict)
    params = [p for _, p in net.parameters_and_names()]
    for param in params:
        if param.name in parameter_dict:
            new = parameter_dict[param.name]
            if not isinstance(new, Parameter):  # a str or list entry: neither loaded nor reported
                continue
            plan.append((param, _planned(param, new, strict_load)))
            ckpt_not_load.remove(param.name)
        elif not param.name.startswith("accu_grads"):
            param_not_load.append(param.name)
    if param_not_load and not strict_load:
        _prefixed(params, parameter_dict, param_not_load, plan, strict_load)
    for param, value in plan:  # every check passed: now change the net
        with use_backend(param.backend):
            param.set_data(Tensor(value, param.dtype))
    return param_not_load, ckpt_not_load


def _prefixed(params: list, parameter_dict: dict, param_not_load: list, plan: list, strict_load: bool) -> None:
    """MindSpore's second pass: a checkpoint name ending with an unloaded parameter's name gives a prefix
    (``'net.'`` + ``'fc.weight'``); every unloaded parameter found under that prefix loads."""
    prefix, longest = "", param_not_load[0]
    while prefix != longest and param_not_load:
        prefix = longest
        for name in param_not_load:
            for dict_name in parameter_dict:
                if dict_name.endswith(name):
                    prefix = dict_name[:-len(name)]
                    break
            if prefix != longest:
                break
        if prefix != longest:
            for param in params:
                new = parameter_dict.get(prefix + param.name)
                if param.name in param_not_load and new is not None:
                    if not isinstance(new, Parameter):  # MindSpore fails on these too, with an AttributeError
                        raise TypeError(f"For 'load_param_into_net', '{prefix + param.name}' in the argument "
                                        f"'parameter_dict' is {type(new).__name__}, not a Parameter.")
                    plan.append((param, _planned(param, new, strict_load)))
                    param_not_load.remove(param.name)
