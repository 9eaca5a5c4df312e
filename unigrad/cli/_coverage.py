"""``unigrad coverage PATH ...``: which MindSpore names a body of code uses, and which of them unigrad provides;
``unigrad coverage --mindspore 2.10``: the same for a MindSpore version's whole public surface.

Every ``.py`` file under the paths is read, never run, as ``unigrad run --list-missing`` reads one script
(``_missing``): its ``mindspore`` imports and the attribute chains read through them. The report counts the
distinct names, and ranks the missing ones by how many files use them, so that a port knows what blocks it
most. The surface of a version is the list ``tools/record_mindspore_surface.py`` recorded from that
MindSpore (``surfaces/``), counted part by part (``ops`` functions, Tensor methods, ...). ``--json`` writes
the same numbers, with the names.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, field

from unigrad.cli._hook import missing_prefix

SURFACES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "surfaces")
from unigrad.cli._missing import mindspore_uses


@dataclass
class Missing:
    """A name unigrad lacks: the files and the uses that reach it, and where it is first used."""

    name: str
    files: set = field(default_factory=set)
    uses: int = 0
    first: str = ""


def python_files(paths: list[str]) -> list[str]:
    """The ``.py`` files named or under the folders named, in order; hidden folders and virtualenvs skipped."""
    found = []
    for path in paths:
        if os.path.isfile(path):
            found.append(path)
            continue
        for folder, subfolders, files in os.walk(path):
            subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and d not in ("venv", "__pycache__"))
            found += [os.path.join(folder, f) for f in sorted(files) if f.endswith(".py")]
    return found


def survey(paths: list[str]) -> dict:
    """The report: files read and skipped, the distinct names used, and the missing ones with their counts."""
    used: set[str] = set()
    missing: dict[str, Missing] = {}
    verdicts: dict[str, str | None] = {}
    read, skipped = 0, []
    for path in python_files(paths):
        try:
            with open(path, encoding="utf-8") as f:
                uses = mindspore_uses(f.read(), path)
        except (OSError, SyntaxError, UnicodeDecodeError, ValueError) as err:
            skipped.append(f"{path}: {type(err).__name__}")
            continue
        read += 1
        for use in uses:
            used.add(use.name)
            if use.name not in verdicts:
                verdicts[use.name] = missing_prefix(use.name)
            lacking = verdicts[use.name]
            if lacking is not None:
                entry = missing.setdefault(lacking, Missing(lacking, first=f"{path}:{use.lineno}"))
                entry.files.add(path)
                entry.uses += 1
    provided = sum(verdicts[name] is None for name in used)
    ranked = sorted(missing.values(), key=lambda m: (-len(m.files), -m.uses, m.name))
    return {"files_read": read, "files_skipped": skipped, "names_used": len(used), "names_provided": provided,
            "missing": [{"name": m.name, "files": len(m.files), "uses": m.uses, "first_use": m.first}
                        for m in ranked]}


def surface_versions() -> list[str]:
    """The MindSpore versions whose surface is recorded, oldest first."""
    names = [f[len("mindspore_"):-len(".json")] for f in os.listdir(SURFACES) if f.startswith("mindspore_")]
    return sorted(names, key=lambda v: tuple(int(p) for p in v.split(".")))


def surface_report(version: str) -> dict:
    """For each part of MindSpore ``version``'s public surface: how many names, which unigrad provides."""
    with open(os.path.join(SURFACES, f"mindspore_{version}.json")) as f:
        recorded = json.load(f)
    parts = {}
    for part, names in recorded["surface"].items():
        missing = [name for name in names if missing_prefix(name) is not None]
        parts[part] = {"names": len(names), "provided": len(names) - len(missing), "missing": missing}
    return {"mindspore_version": recorded["mindspore_version"], "parts": parts}


def _print_surface(report: dict) -> None:
    print(f"MindSpore {report['mindspore_version']}'s public names that unigrad provides:")
    width = max(len(part) for part in report["parts"])
    for part, counts in report["parts"].items():
        share = 100 * counts["provided"] / counts["names"] if counts["names"] else 100.0
        print(f"  {part.ljust(width)}  {counts['provided']:4d} / {counts['names']:4d}  ({share:.1f}%)")


def _print_survey(report: dict, most: int) -> None:
    used, provided = report["names_used"], report["names_provided"]
    print(f"{report['files_read']} files read ({len(report['files_skipped'])} skipped: not Python 3 source); "
          f"{used} distinct MindSpore names used, {provided} provided by unigrad"
          + (f" ({100 * provided / used:.1f}%)" if used else "") + f", {len(report['missing'])} missing:")
    if report["missing"]:
        width = max(len(m["name"]) for m in report["missing"][:most])
        print(f"  {'name'.ljust(width)}  files  uses  first use")
        for m in report["missing"][:most]:
            print(f"  {m['name'].ljust(width)}  {m['files']:5d}  {m['uses']:4d}  {m['first_use']}")
        if len(report["missing"]) > most:
            print(f"  ... and {len(report['missing']) - most} more (--most, --json)")


def parser() -> argparse.ArgumentParser:
    made = argparse.ArgumentParser(
        prog="unigrad coverage", allow_abbrev=False,
        description="Read MindSpore code (files or folders, never run) and report which MindSpore names it uses "
                    "and which of them unigrad provides; the missing ones ranked by how many files use them.")
    made.add_argument("paths", nargs="*", help=".py files or folders")
    made.add_argument("--mindspore", metavar="VERSION",
                      help=f"report on this MindSpore version's whole public surface ({', '.join(surface_versions())})")
    made.add_argument("--json", metavar="REPORT.json", help="write the report as JSON")
    made.add_argument("--most", type=int, default=30, help="missing names to print (default 30; all in --json)")
    return made


def command(args: list[str]) -> int:
    """``unigrad coverage ARGS``; 0, or 2 when a path does not exist or the version has no recorded surface."""
    options = parser().parse_args(args)
    if bool(options.paths) == bool(options.mindspore):
        print("unigrad coverage: give .py files or folders, or --mindspore VERSION (not both)", file=sys.stderr)
        return 2
    if options.mindspore:
        if options.mindspore not in surface_versions():
            print(f"unigrad coverage: no recorded surface for MindSpore {options.mindspore!r}; recorded: "
                  f"{', '.join(surface_versions())}", file=sys.stderr)
            return 2
        report = surface_report(options.mindspore)
        _print_surface(report)
    else:
        absent = [p for p in options.paths if not os.path.exists(p)]
        if absent:
            print(f"unigrad coverage: no such file or folder: {', '.join(absent)}", file=sys.stderr)
            return 2
        report = survey(options.paths)
        _print_survey(report, options.most)
    if options.json:
        with open(options.json + ".partial", "w") as f:
            json.dump(report, f, indent=1)
        os.replace(options.json + ".partial", options.json)
    return 0
