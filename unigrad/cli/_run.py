"""``unigrad run [--backend B] [--device D] script.py [args]``: an unmodified MindSpore script, on unigrad.

The script runs as ``python script.py`` would run it (``_script``): as a fresh ``__main__`` module, with
``sys.argv`` its path as given and its arguments, its folder (symlinks resolved) as ``sys.path[0]``, the
working directory unchanged, and a traceback that starts at its own first frame. ``mindspore`` is served
by unigrad (``_hook``). ``--list-missing`` reads the script instead of running it (``_missing``).
"""
from __future__ import annotations

import argparse
import os
import sys

import unigrad
from unigrad import backends
from unigrad.cli import _hook, _script
from unigrad.cli._missing import list_missing

VALUE_OPTIONS = ("--backend", "--device")  # the options of `run` that take a value


def split_at_script(args: list[str], value_options: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """(unigrad's options, [script, its arguments...]): the script is the first argument that is neither an
    option nor an option's value, or the one after ``--``; everything after it is the script's, as with
    ``python``. ``value_options`` are the options that take the next argument as their value."""
    i = 0
    while i < len(args):
        if args[i] == "--":
            return args[:i], args[i + 1:]
        if not args[i].startswith("-") or args[i] == "-":
            break
        i += 2 if args[i] in value_options else 1
    return args[:i], args[i:]


def parser() -> argparse.ArgumentParser:
    made = argparse.ArgumentParser(
        prog="unigrad run", allow_abbrev=False,
        usage="unigrad run [-h] [--backend {%s}] [--device {cpu,gpu}] [--list-missing] script.py [args ...]"
              % ",".join(backends.known_backends()),
        description="Run an unmodified MindSpore script on unigrad: `import mindspore` and every "
                    "`mindspore.X` are served by unigrad. Options go before the script; everything after it "
                    "is the script's.")
    made.add_argument("--backend", choices=backends.known_backends(),
                      help="the backend (default: UNIGRAD_BACKEND, else numpy)")
    made.add_argument("--device", choices=("cpu", "gpu"), help="where Tensors live (default: UNIGRAD_DEVICE, else cpu)")
    made.add_argument("--list-missing", action="store_true",
                      help="do not run the script: list the MindSpore names it uses that unigrad lacks, with "
                           "file:line (exit 0 when there are none, 1 otherwise)")
    made.add_argument("script", help="the MindSpore script")
    return made


def _show_missing(script: str) -> int:
    try:
        missing, checked = list_missing(script)
    except (OSError, SyntaxError, UnicodeDecodeError) as err:
        print(f"unigrad run: cannot read {script}: {err}", file=sys.stderr)
        return 2
    for use in missing:
        print(f"{script}:{use.lineno}: {use.name} is not provided by unigrad")
    if missing:
        print(f"{len(missing)} use{'s' if len(missing) != 1 else ''} of MindSpore names that unigrad lacks "
              f"in {script} ({checked} distinct names checked)")
        return 1
    print(f"{script}: unigrad provides every MindSpore name it uses ({checked} distinct names checked)")
    return 0


def serve_mindspore(backend: str | None, device: str | None) -> None:
    """Serve ``import mindspore`` from unigrad on ``backend``/``device`` (None: as configured). The choice is
    also put in ``UNIGRAD_BACKEND`` / ``UNIGRAD_DEVICE`` so that processes the script starts inherit it.
    Raises ImportError or RuntimeError when the backend or device cannot be used."""
    if backend is not None:
        unigrad.set_backend(backend)
        os.environ["UNIGRAD_BACKEND"] = backend
    if device is not None:
        unigrad.set_context(device_target=device.upper())
        os.environ["UNIGRAD_DEVICE"] = device
    _hook.install()


def run_script(script: str, args: list[str], backend: str | None = None, device: str | None = None) -> int:
    """Run ``script`` as ``__main__`` with ``mindspore`` served by unigrad on ``backend``/``device``; the exit
    status: 0, 1 when the script raised (its traceback printed), 2 when it could not be started. A
    ``sys.exit`` in the script exits as it asks."""
    path = os.path.abspath(script)
    if not os.path.isfile(path):
        print(f"unigrad run: can't open file {path!r}: no such file", file=sys.stderr)
        return 2
    try:
        serve_mindspore(backend, device)
    except (ImportError, RuntimeError) as err:
        print(f"unigrad run: {err}", file=sys.stderr)
        return 2
    return _script.run(script, args, hidden=(_hook.__file__,))


def command(args: list[str]) -> int:
    """``unigrad run ARGS``; the exit status."""
    own, rest = split_at_script(args, VALUE_OPTIONS)
    options = parser().parse_args([*own, "--", *rest[:1]])
    if options.list_missing:
        return _show_missing(options.script)
    return run_script(options.script, rest[1:], options.backend, options.device)
