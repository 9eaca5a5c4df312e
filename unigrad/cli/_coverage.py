"""``unigrad coverage PATH ...``: which MindSpore names a body of code uses, and which of them unigrad provides.

Every ``.py`` file under the paths is read, never run, as ``unigrad run --list-missing`` reads one script
(``_missing``): its ``mindspore`` imports and the attribute chains read through them. The report counts the
distinct names, and ranks the missing ones by how many files use them, so that a port knows what blocks it
most. ``--json`` writes the same numbers.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, field

from unigrad.cli._hook import missing_prefix
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


def parser() -> argparse.ArgumentParser:
    made = argparse.ArgumentParser(
        prog="unigrad coverage", allow_abbrev=False,
        description="Read MindSpore code (files or folders, never run) and report which MindSpore names it uses "
                    "and which of them unigrad provides; the missing ones ranked by how many files use them.")
    made.add_argument("paths", nargs="+", help=".py files or folders")
    made.add_argument("--json", metavar="REPORT.json", help="write the report as JSON")
    made.add_argument("--most", type=int, default=30, help="missing names to print (default 30; all in --json)")
    return made


def command(args: list[str]) -> int:
    """``unigrad coverage ARGS``; 0, or 2 when a path does not exist."""
    options = parser().parse_args(args)
    absent = [p for p in options.paths if not os.path.exists(p)]
    if absent:
        print(f"unigrad coverage: no such file or folder: {', '.join(absent)}", file=sys.stderr)
        return 2
    report = survey(options.paths)
    used, provided = report["names_used"], report["names_provided"]
    print(f"{report['files_read']} files read ({len(report['files_skipped'])} skipped: not Python 3 source); "
          f"{used} distinct MindSpore names used, {provided} provided by unigrad"
          + (f" ({100 * provided / used:.1f}%)" if used else "") + f", {len(report['missing'])} missing:")
    if report["missing"]:
        width = max(len(m["name"]) for m in report["missing"][:options.most])
        print(f"  {'name'.ljust(width)}  files  uses  first use")
        for m in report["missing"][:options.most]:
            print(f"  {m['name'].ljust(width)}  {m['files']:5d}  {m['uses']:4d}  {m['first_use']}")
        if len(report["missing"]) > options.most:
            print(f"  ... and {len(report['missing']) - options.most} more (--most, --json)")
    if options.json:
        with open(options.json + ".partial", "w") as f:
            json.dump(report, f, indent=1)
        os.replace(options.json + ".partial", options.json)
    return 0
