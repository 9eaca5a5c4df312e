"""Running a file as ``python script.py`` runs it: shared by ``unigrad run`` and ``unigrad check``'s workers.

Standard library only: ``unigrad check`` also runs a script on real MindSpore, in MindSpore's own
environment, where unigrad is not installed (``_check_worker`` imports this file from beside it there).
"""
from __future__ import annotations

import builtins
import importlib.machinery
import io
import os
import sys
import types


def exec_as_main(path: str) -> None:
    """Run the file at ``path`` (absolute) as a fresh ``__main__`` module, as the interpreter runs
    ``python script.py``: what ``runpy.run_path`` does, except that run_path also sets ``sys.argv[0]`` to
    the absolute path where Python leaves it as typed. The module stays ``__main__`` afterwards (pickle and
    atexit handlers may look it up)."""
    main = types.ModuleType("__main__")
    main.__file__, main.__cached__, main.__builtins__ = path, None, builtins
    main.__loader__ = importlib.machinery.SourceFileLoader("__main__", path)
    sys.modules["__main__"] = main
    with io.open_code(path) as f:
        code = compile(f.read(), path, "exec", dont_inherit=True)  # bytes: the file's coding line is honoured
    exec(code, main.__dict__)


def script_traceback(tb: types.TracebackType | None, script: str,
                     hidden: tuple[str, ...] = ()) -> types.TracebackType | None:
    """``tb`` from the script's first frame on (without the runner's frames before it), and without the
    frames of the files in ``hidden`` (an import hook that raised for the script): what ``python
    script.py`` shows."""
    frames = []
    while tb is not None:
        frames.append(tb)
        tb = tb.tb_next
    start = next((i for i, frame in enumerate(frames) if frame.tb_frame.f_code.co_filename == script), len(frames))
    kept = None
    for frame in reversed(frames[start:]):
        if frame.tb_frame.f_code.co_filename not in hidden:
            kept = types.TracebackType(kept, frame.tb_frame, frame.tb_lasti, frame.tb_lineno)
    return kept


def run(script: str, args: list[str], hidden: tuple[str, ...] = ()) -> int:
    """Run ``script`` with ``sys.argv`` its path as given and ``args``, its folder (symlinks resolved) as
    ``sys.path[0]``, the working directory unchanged. The exit status: 0, or 1 when it raised (its
    traceback printed as Python prints it, ``hidden`` files left out). ``sys.exit``, Ctrl-C and other
    BaseExceptions pass through to the caller."""
    path = os.path.abspath(script)
    sys.argv = [script, *args]
    sys.path[0] = os.path.dirname(os.path.realpath(script))
    try:
        exec_as_main(path)
    except Exception as err:  # noqa: BLE001  (printed as Python prints it)
        err.__traceback__ = script_traceback(err.__traceback__, path, hidden)  # the hook prints the exception's own
        sys.excepthook(type(err), err, err.__traceback__)
        return 1
    return 0
