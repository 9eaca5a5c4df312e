"""One iteration of a pipeline: the state its stages share while it runs."""
from __future__ import annotations

from typing import Any

from unigrad.dataset import _streams


class Run:
    """One iteration of a pipeline: the streams of its random stages, its epoch, and whether built-in
    transforms run on whole blocks (``vectorise``; per sample gives the same rows, only slower)."""

    def __init__(self, root: Any, vectorise: bool = True) -> None:
        self._root_stream = _streams.root()
        self._places = {}
        for place, node in enumerate(root._walk()):
            self._places.setdefault(id(node), place)
        self.vectorise = vectorise
        self.epoch = 0

    def stream(self, node: Any) -> _streams.Stream:
        """The stream of one stage, the same object for the whole run (so epochs draw afresh)."""
        return self._root_stream.child(self._places[id(node)])
