"""``Dataset``: MindSpore's pipeline API. Every source and operation is a Dataset; calling an operation
(``map``, ``batch``...) returns a new one with this one as its child. Iterating runs the tree: each node's
``_blocks`` yields one epoch as blocks of rows (``_rows.Rows``), so stages work on many rows per call."""
from __future__ import annotations

import numbers
from typing import Any, Callable, Iterator, Sequence

import numpy as np

from unigrad.dataset import _streams
from unigrad.dataset._rows import Rows


class Run:
    """One iteration of a pipeline: the streams of its random stages, its epoch, and whether built-in
    transforms run on whole blocks (``vectorise``; per sample gives the same rows, only slower)."""

    def __init__(self, root: Dataset, vectorise: bool = True) -> None:
        self._root_stream = _streams.root()
        self._places = {}
        for place, node in enumerate(root._walk()):
            self._places.setdefault(id(node), place)
        self.vectorise = vectorise
        self.epoch = 0

    def stream(self, node: Dataset) -> _streams.Stream:
        """The stream of one stage, the same object for the whole run (so epochs draw afresh)."""
        return self._root_stream.child(self._places[id(node)])


class Dataset:
    """The base of every source and operation."""

    def __init__(self, children: Sequence[Dataset] = ()) -> None:
        self.children = list(children)
        self._size_cache: int | None = None

    # -- what a node implements -------------------------------------------------------------------
    def _blocks(self, run: Run) -> Iterator[Rows]:
        """One epoch's rows, in blocks."""
        raise NotImplementedError

    def _count(self) -> int | None:
        """Rows per epoch when known without running the pipeline; None otherwise."""
        return None

    def _columns(self) -> list[str] | None:
        """The output column names when known without running the pipeline."""
        return None

    def _batch_size(self) -> int:
        return self.children[0]._batch_size() if self.children else 1

    def _repeat_count(self) -> int:
        return self.children[0]._repeat_count() if self.children else 1

    def _walk(self) -> Iterator[Dataset]:
        yield self
        for child in self.children:
            yield from child._walk()

    # -- operations --------------------------------------------------------------------------------
    def map(self, operations: Callable | Sequence[Callable], input_columns: str | Sequence[str] | None = None,
            output_columns: str | Sequence[str] | None = None, num_parallel_workers: int | None = None,
            python_multiprocessing: bool = False, cache: Any = None, callbacks: Any = None,
            max_rowsize: Any = None, offload: Any = None) -> Dataset:
        """Apply ``operations`` in order to ``input_columns`` (default: the first column); their results
        become ``output_columns`` (default: the input columns)."""
        return _ops.MapDataset(self, operations, input_columns, output_columns)

    def batch(self, batch_size: int, drop_remainder: bool = False, num_parallel_workers: int | None = None,
              per_batch_map: Callable | None = None, input_columns: Sequence[str] | None = None,
              output_columns: Sequence[str] | None = None, python_multiprocessing: bool = False,
              max_rowsize: Any = None) -> Dataset:
        """Rows stacked ``batch_size`` at a time (the last batch smaller unless ``drop_remainder``)."""
        return _ops.BatchDataset(self, batch_size, drop_remainder, per_batch_map, input_columns, output_columns)

    def shuffle(self, buffer_size: int) -> Dataset:
        """Rows in a random order, drawn from a window of ``buffer_size`` rows."""
        return _ops.ShuffleDataset(self, buffer_size)

    def repeat(self, count: int | None = None) -> Dataset:
        """The epoch ``count`` times over (None or -1: without end)."""
        return _ops.RepeatDataset(self, count)

    def take(self, count: int = -1) -> Dataset:
        return _ops.TakeDataset(self, count)

    def skip(self, count: int) -> Dataset:
        return _ops.SkipDataset(self, count)

    def project(self, columns: str | Sequence[str]) -> Dataset:
        """Only ``columns``, in that order."""
        return _ops.ProjectDataset(self, columns)

    def rename(self, input_columns: str | Sequence[str], output_columns: str | Sequence[str]) -> Dataset:
        return _ops.RenameDataset(self, input_columns, output_columns)

    def zip(self, datasets: Dataset | Sequence[Dataset]) -> Dataset:
        """The columns of this dataset and of ``datasets`` side by side, as long as the shortest."""
        others = [datasets] if isinstance(datasets, Dataset) else list(datasets)
        return _ops.ZipDataset([self] + others)

    def concat(self, datasets: Dataset | Sequence[Dataset]) -> Dataset:
        """This dataset's rows, then those of ``datasets``."""
        others = [datasets] if isinstance(datasets, Dataset) else list(datasets)
        return _ops.ConcatDataset([self] + others)

    def __add__(self, other: Dataset) -> Dataset:
        return self.concat(other)

    def split(self, sizes: Sequence[int | float], randomize: bool = True) -> list[Dataset]:
        """Datasets of ``sizes`` rows (ints), or of those fractions of the rows (floats summing to 1)."""
        return _ops.split(self, sizes, randomize)

    # -- facts -------------------------------------------------------------------------------------
    def get_dataset_size(self) -> int:
        """Rows per epoch (batches, after ``batch``); counted by running the pipeline when the tree
        cannot tell, as MindSpore does."""
        if self._size_cache is None:
            count = self._count()
            if count is None:
                run = Run(self)
                count = sum(block.count for block in self._blocks(run))
            self._size_cache = count
        return self._size_cache

    def __len__(self) -> int:
        return self.get_dataset_size()

    def get_col_names(self) -> list[str]:
        names = self._columns()
        return list(names) if names is not None else self._first_row()[0]

    def output_shapes(self, estimate: bool = False) -> list[list[int]]:
        return [list(np.shape(value)) for value in self._first_row()[1]]

    def output_types(self) -> list[np.dtype]:
        return [np.asarray(value).dtype for value in self._first_row()[1]]

    def get_batch_size(self) -> int:
        return self._batch_size()

    def get_repeat_count(self) -> int:
        return self._repeat_count()

    def _first_row(self) -> tuple[list[str], list[np.ndarray]]:
        for block in self._blocks(Run(self)):
            if block.count:
                return block.names, block.row(0)
        raise RuntimeError(f"{type(self).__name__}: the pipeline gives no rows, so it has no first row to "
                           f"describe")

    # -- iteration ---------------------------------------------------------------------------------
    def create_tuple_iterator(self, columns: Sequence[str] | None = None, num_epochs: int = -1,
                              output_numpy: bool = False, do_copy: bool = True) -> Iterator[list]:
        """Rows as lists of Tensors on the active backend and device (arrays with ``output_numpy``)."""
        from unigrad.dataset.iterators import TupleIterator
        return TupleIterator(self, columns, num_epochs, output_numpy)

    def create_dict_iterator(self, num_epochs: int = -1, output_numpy: bool = False,
                             do_copy: bool = True) -> Iterator[dict]:
        """Rows as dicts from column name to Tensor (array with ``output_numpy``)."""
        from unigrad.dataset.iterators import DictIterator
        return DictIterator(self, None, num_epochs, output_numpy)

    def __iter__(self) -> Iterator[list]:
        return self.create_tuple_iterator(num_epochs=1)


def check_positive_int(value: Any, name: str, what: str) -> int:
    """MindSpore's ValueError for a count out of [1, 2**31 - 1] (a TypeError for a non-int)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{what}: {name} must be an int, got {value!r}")
    if not 1 <= value <= 2 ** 31 - 1:
        raise ValueError(f"{what}: input {name} is not within the required interval of [1, 2147483647], "
                         f"got {value}")
    return int(value)


def column_list(columns: str | Sequence[str] | None, name: str) -> list[str] | None:
    if columns is None:
        return None
    names = [columns] if isinstance(columns, str) else list(columns)
    if not names or not all(isinstance(c, str) for c in names):
        raise TypeError(f"{name} must be a column name or a non-empty list of them, got {columns!r}")
    if len(set(names)) != len(names):
        raise ValueError(f"{name} names a column twice: {names}")
    return names


from unigrad.dataset import operations as _ops  # noqa: E402  (the operations are Datasets themselves)
