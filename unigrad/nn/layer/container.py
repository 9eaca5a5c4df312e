"""CellList and SequentialCell: children keyed "0", "1", ... so parameter names read
``dense_relu_sequential.0.weight`` as in MindSpore."""
from __future__ import annotations

from collections import OrderedDict
from typing import Any, Iterable, Iterator

from unigrad.nn.cell import Cell


def _check_cell(cell: Any, owner: str) -> Cell:
    if not isinstance(cell, Cell):
        raise TypeError(f"For '{owner}', each cell must be a Cell, but got {type(cell).__name__}")
    return cell


class _IndexedCells(Cell):
    """Children stored under their position; shared by CellList and SequentialCell."""

    def __len__(self) -> int:
        return len(self.__dict__["_cells"])

    def __iter__(self) -> Iterator[Cell]:
        return iter(self.__dict__["_cells"].values())

    def __getitem__(self, index: int | slice) -> Any:
        cells = list(self.__dict__["_cells"].values())
        if isinstance(index, slice):
            return type(self)(cells[index])
        if isinstance(index, bool) or not isinstance(index, int):
            raise TypeError(f"For '{type(self).__name__}', the index must be an int or a slice, "
                            f"but got {type(index).__name__}")
        if not -len(cells) <= index < len(cells):
            raise IndexError(f"For '{type(self).__name__}', index {index} is out of range for {len(cells)} cells")
        return cells[index]

    def append(self, cell: Cell) -> None:
        self.insert_child_to_cell(str(len(self)), _check_cell(cell, type(self).__name__))

    def extend(self, cells: Iterable[Cell]) -> "_IndexedCells":
        for cell in cells:
            self.append(cell)
        return self


class CellList(_IndexedCells):
    """A list of Cells whose parameters are registered; iterate over it in your own construct."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()
        if len(args) == 1 and isinstance(args[0], (list, tuple)):
            self.extend(args[0])
        elif args:
            raise TypeError(f"For 'CellList', the argument must be a list of Cells, got {args!r}")

    def construct(self, *inputs: Any) -> Any:
        raise NotImplementedError("CellList is a container; call its cells in your own construct")


class SequentialCell(_IndexedCells):
    """Runs its cells in order; built from a list, an OrderedDict (names kept) or varargs."""

    def __init__(self, *args: Any) -> None:
        super().__init__()
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            for name, cell in args[0].items():
                self.insert_child_to_cell(name, _check_cell(cell, "SequentialCell"))
        elif len(args) == 1 and isinstance(args[0], (list, tuple)):
            self.extend(args[0])
        else:
            self.extend(args)

    def construct(self, input_data: Any) -> Any:
        for cell in self.__dict__["_cells"].values():
            input_data = cell(input_data)
        return input_data
