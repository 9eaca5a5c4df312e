"""The ``unigrad`` command (``python -m unigrad``): tools for people who run MindSpore scripts on unigrad.

``unigrad run script.py`` runs an unmodified MindSpore script (``_run``), its ``mindspore`` imports served
by one import hook (``_hook``; ``serving_mindspore()`` does the same inside a ``with`` block).
A name unigrad lacks raises ``NotProvidedError``. ``unigrad check script.py`` runs it on several backends
(and real MindSpore) in lockstep and names the first array and the first op that differ (``_check``, with
``_check_worker`` running in each backend's process).
"""
from __future__ import annotations

import argparse
import sys
from typing import Callable, Sequence

import unigrad
from unigrad.cli._hook import AttributeNotProvidedError, ImportNotProvidedError, NotProvidedError, serving_mindspore
from unigrad.cli._missing import list_missing
from unigrad.cli._check import command as _check_command
from unigrad.cli._coverage import command as _coverage_command
from unigrad.cli._launch import command as _launch_command
from unigrad.cli._run import command as _run_command

__all__ = ["main", "serving_mindspore", "list_missing", "NotProvidedError", "AttributeNotProvidedError",
           "ImportNotProvidedError"]

# each command parses its own arguments (run's end at the script: the rest are the script's)
_COMMANDS: dict[str, tuple[Callable[[list[str]], int], str]] = {
    "run": (_run_command, "run an unmodified MindSpore script on unigrad"),
    "check": (_check_command, "run a MindSpore script on several backends in lockstep and name where they differ"),
    "launch": (_launch_command, "start a data-parallel MindSpore script on N processes (msrun's options)"),
    "coverage": (_coverage_command, "which MindSpore names a body of code uses, and which unigrad provides"),
}


def main(argv: Sequence[str] | None = None) -> int:
    """``unigrad COMMAND ...``; returns the exit status (argparse exits 2 itself on a usage error)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in _COMMANDS:
        return _COMMANDS[argv[0]][0](argv[1:])
    parser = argparse.ArgumentParser(
        prog="unigrad", usage="unigrad [-h] [--version] COMMAND ...",
        description="unigrad: MindSpore's API on NumPy, PyTorch or JAX.",
        epilog="commands:\n" + "\n".join(f"  {name:8}{help_}" for name, (_, help_) in _COMMANDS.items())
               + "\n\n'unigrad COMMAND -h' describes one.", formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"unigrad {unigrad.__version__}")
    parser.add_argument("command", choices=sorted(_COMMANDS), help=argparse.SUPPRESS)
    parser.parse_args(argv[:1])  # only -h, --version or a usage error get here: each exits
    return 2
