"""``nn.Cell``: MindSpore's module class. Parameters and sub-Cells set as attributes are registered,
and a Parameter's name becomes its path (``net.dense.weight``) as the Cell is attached to a parent."""
from __future__ import annotations

import copy
from collections import OrderedDict
from typing import Any, Iterator

from unigrad import backends
from unigrad import dtype as dt
from unigrad._parameter import Parameter, ParameterTuple, parameters_changed
from unigrad.nn import _sharding
from unigrad.ops._creation import cast, mixed_precision_cast

# the dtypes ``Cell.to_float`` accepts, with the flag MindSpore sets for each (``cell.fp16`` ...)
_PRECISION_FLAGS = {dt.float16: "fp16", dt.float32: "fp32", dt.bfloat16: "bf16"}


class Cell:
    """Subclass it and write ``construct``; call the instance to run it."""

    # the float dtype ``to_float`` set: inputs and trainable Parameters are cast to it (None: run as written);
    # with it, the dtype float outputs are cast to (amp's O1 sets float32)
    _compute_dtype: dt.DType | None = None
    _output_dtype: dt.DType | None = None
    # what ``shard`` recorded (None: not sharded), as MindSpore names them
    _in_strategy: tuple | None = None
    _out_strategy: tuple | None = None
    _parameter_plan: dict | None = None

    def __init__(self, auto_prefix: bool = True, flags: dict | None = None) -> None:
        object.__setattr__(self, "_params", OrderedDict())
        object.__setattr__(self, "_cells", OrderedDict())
        object.__setattr__(self, "training", False)
        object.__setattr__(self, "requires_grad", False)
        object.__setattr__(self, "_auto_prefix", auto_prefix)

    def _registry(self, name: str):
        if "_params" not in self.__dict__:
            raise AttributeError(f"{type(self).__name__}.__init__ must call super().__init__() before "
                                 f"setting {name!r}")
        return self.__dict__["_params"], self.__dict__["_cells"]

    def __setattr__(self, name: str, value: Any) -> None:
        """Parameters and Cells are registered (in order, for ``parameters_and_names``) and also kept as plain
        attributes: reading ``self.dense`` or ``self.weight`` in ``construct`` is then an ordinary lookup,
        with no ``__getattr__`` call on every layer of every step."""
        if isinstance(value, Parameter):
            params, cells = self._registry(name)
            cells.pop(name, None)
            if value.name == "Parameter":
                value.name = name
            params[name] = value
            parameters_changed()
        elif isinstance(value, Cell):
            params, cells = self._registry(name)
            params.pop(name, None)
            if self._auto_prefix:  # MindSpore renames by path: BatchNorm's "mean" becomes "bn.moving_mean"
                for path, param in list(value.parameters_and_names()):
                    param.name = f"{name}.{path}"
            cells[name] = value
            parameters_changed()
        else:
            d = self.__dict__
            if "_params" in d and (name in d["_params"] or name in d["_cells"]):
                if value is not None:
                    raise TypeError(f"{type(self).__name__}.{name} holds a Parameter or Cell; "
                                    f"it cannot be replaced by a {type(value).__name__}")
                d["_params"].pop(name, None)
                d["_cells"].pop(name, None)
                parameters_changed()
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        d = self.__dict__
        if d.get("_params", {}).pop(name, None) is not None or d.get("_cells", {}).pop(name, None) is not None:
            parameters_changed()
        object.__delattr__(self, name)

    # -- running --------------------------------------------------------------------------------
    def construct(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must define construct()")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._in_strategy is not None:
            _sharding.refuse_split_across_processes(f"{type(self).__name__}.shard", self._in_strategy,
                                                    self._out_strategy, self._parameter_plan)
        if self._compute_dtype is None:
            return self.construct(*args, **kwargs)
        return self._construct_in(self._compute_dtype, args, kwargs)

    def _construct_in(self, dtype: dt.DType, args: tuple, kwargs: dict) -> Any:
        """``construct`` with its float inputs and its own trainable float Parameters cast to ``dtype``, as
        MindSpore runs a Cell after ``to_float``. The Parameters are read through their casts: ``self.weight``
        is the cast Tensor during the call (the gradient flows through the cast to the Parameter), the
        Parameter again after it. Untrainable ones (BatchNorm's moving statistics, updated in place) stay."""
        d = self.__dict__
        own = [(name, p) for name, p in d["_params"].items()
               if p.requires_grad and p.dtype.is_floating and p.dtype is not dtype]
        for name, param in own:
            d[name] = cast(param, dtype)
        try:
            out = self.construct(*mixed_precision_cast(dtype, args), **mixed_precision_cast(dtype, kwargs))
            return out if self._output_dtype is None else mixed_precision_cast(self._output_dtype, out)
        finally:
            for name, param in own:
                d[name] = param

    def shard(self, in_strategy: tuple, out_strategy: tuple | None = None,
              parameter_plan: dict | None = None) -> None:
        """Record the layouts of this Cell's inputs, outputs and named Parameters, checked as MindSpore 2.10
        checks them; the Cell still runs whole (sharding moves pieces, never changes values). Running it split
        across the processes of a launched group under a model-parallel mode raises (``nn._sharding``)."""
        _sharding.check_shard(in_strategy, out_strategy, parameter_plan)
        planned = _sharding.plan_parameters(self.trainable_params(), parameter_plan)
        object.__setattr__(self, "_in_strategy", in_strategy)
        object.__setattr__(self, "_out_strategy", out_strategy)
        object.__setattr__(self, "_parameter_plan", planned)

    def to_float(self, dst_type: dt.DType) -> "Cell":
        """Run this Cell and every descendant in ``dst_type`` (float16, bfloat16 or float32): their float
        inputs and trainable Parameters are cast on each call; the Parameters themselves stay as they are.
        Sets MindSpore's flags (``fp16``, ``bf16``, ``fp32``) on each Cell; a later call overrides."""
        if dst_type not in _PRECISION_FLAGS:
            raise ValueError("For 'to_float', the argument 'dst_type' must be mstype.float32, mstype.float16 or "
                             f"mstype.bfloat16, but got type: {type(dst_type)} and value: {dst_type}.")
        for _, cell in self.cells_and_names():
            object.__setattr__(cell, "_compute_dtype", dst_type)
            for flag_dtype, flag in _PRECISION_FLAGS.items():
                object.__setattr__(cell, flag, flag_dtype is dst_type)
        return self

    def to_backend(self, name: str) -> "Cell":
        """A copy of this Cell on backend ``name``: every Parameter re-made there with the same name, value and
        ``requires_grad`` (``Tensor.to_backend``), every other Tensor it holds copied there too, and its mode
        and settings kept. The original stays on its own backend, as every object does, so both can run side
        by side (``unigrad.testing.assert_backends_agree`` compares them); a Parameter shared by two Cells
        stays shared in the copy. Raw framework arrays kept outside Tensors are not moved."""
        memo: dict[int, Any] = {}
        for _, param in self.parameters_and_names():
            memo[id(param)] = param.to_backend(name)
        with backends.use_backend(name):  # Tensor.__deepcopy__ makes its copy on the current backend
            moved = copy.deepcopy(self, memo)
        parameters_changed()
        return moved

    # -- parameters and cells -------------------------------------------------------------------
    def insert_param_to_cell(self, param_name: str, param: Parameter, check_name_contain_dot: bool = True) -> None:
        if not isinstance(param, Parameter):
            raise TypeError(f"insert_param_to_cell takes a Parameter, got {type(param).__name__}")
        if check_name_contain_dot and "." in param_name:
            raise KeyError(f"parameter name {param_name!r} must not contain '.'")
        setattr(self, param_name, param)

    def insert_child_to_cell(self, child_name: str, child_cell: "Cell") -> None:
        setattr(self, child_name, child_cell)

    def get_parameters(self, expand: bool = True) -> Iterator[Parameter]:
        for _, param in self.parameters_and_names(expand=expand):
            yield param

    def parameters_and_names(self, name_prefix: str = "", expand: bool = True) -> Iterator[tuple[str, Parameter]]:
        """(name, Parameter) pairs, a Cell's own first, then its children's; each Parameter once."""
        seen: set[int] = set()
        cells = self.cells_and_names(name_prefix=name_prefix) if expand else [(name_prefix, self)]
        for cell_name, cell in cells:
            named = list(cell.__dict__["_params"].items())
            # ParameterTuple attributes (an optimizer's moments) are listed by their Parameters' own names
            named += [(p.name, p) for value in vars(cell).values() if isinstance(value, ParameterTuple) for p in value]
            for attr, param in named:
                if param is not None and id(param) not in seen:
                    seen.add(id(param))
                    yield (f"{cell_name}.{attr}" if cell_name else attr), param

    def parameters_dict(self, recurse: bool = True) -> "OrderedDict[str, Parameter]":
        """{name: Parameter}, in ``parameters_and_names``' order."""
        return OrderedDict(self.parameters_and_names(expand=recurse))

    def init_parameters_data(self, auto_parallel_mode: bool = False) -> dict[Parameter, Parameter]:
        """Initialises every Parameter made with ``init=`` (``init_data``) and returns MindSpore's {old: new}
        map; here old and new are one object, since unigrad drew the values when the Parameter was made."""
        params = list(self.get_parameters())
        for param in params:
            if param.has_init:
                param.init_data()
        return {param: param for param in params}

    def trainable_params(self, recurse: bool = True) -> list[Parameter]:
        return [p for p in self.get_parameters(expand=recurse) if p.requires_grad]

    def untrainable_params(self, recurse: bool = True) -> list[Parameter]:
        return [p for p in self.get_parameters(expand=recurse) if not p.requires_grad]

    def cells_and_names(self, cells: set | None = None, name_prefix: str = "") -> Iterator[tuple[str, "Cell"]]:
        """(path, Cell) for this Cell and every descendant, depth first, each once."""
        cells = set() if cells is None else cells
        if id(self) in cells:
            return
        cells.add(id(self))
        yield name_prefix, self
        for name, child in self.__dict__["_cells"].items():
            yield from child.cells_and_names(cells, f"{name_prefix}.{name}" if name_prefix else name)

    def _replace_child(self, name: str, cell: "Cell") -> None:
        """Put ``cell`` (a wrapper of the child ``name``) in the child's place, its Parameters' names unchanged."""
        self.__dict__["_cells"][name] = cell
        object.__setattr__(self, name, cell)
        parameters_changed()

    def name_cells(self) -> "OrderedDict[str, Cell]":
        return OrderedDict(self.__dict__["_cells"])

    def cells(self) -> list["Cell"]:
        return list(self.__dict__["_cells"].values())

    # -- modes ----------------------------------------------------------------------------------
    def set_train(self, mode: bool = True) -> "Cell":
        """Training mode for this Cell and its descendants (a Cell starts in inference mode)."""
        for _, cell in self.cells_and_names():
            object.__setattr__(cell, "training", bool(mode))
        return self

    def set_grad(self, requires_grad: bool = True) -> "Cell":
        for _, cell in self.cells_and_names():
            object.__setattr__(cell, "requires_grad", bool(requires_grad))
        return self

    def extend_repr(self) -> str:
        return ""

    def __repr__(self) -> str:
        """MindSpore 2.10's layout (torch's): ``Name(extra)`` on one line, or the extra lines and each
        ``(child): repr`` indented by two inside ``Name(`` ... ``)``."""
        extra = self.extend_repr().split("\n") if self.extend_repr() else []
        children = ["(" + name + "): " + repr(child).replace("\n", "\n  ")
                    for name, child in self.__dict__["_cells"].items()]
        if len(extra) == 1 and not children:
            return f"{type(self).__name__}({extra[0]})"
        inner = "".join("\n  " + line for line in extra + children)
        return f"{type(self).__name__}({inner}\n)" if inner else f"{type(self).__name__}()"
