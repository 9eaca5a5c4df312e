"""``unigrad run --list-missing``: the MindSpore names a script uses that unigrad lacks, read from its source.

The script is parsed (``ast``), never run: its ``import mindspore...`` and ``from mindspore... import``
statements, and every ``alias.x.y`` attribute chain read through a name those statements bound. The aliases
are collected over the whole file first (tutorial pages import midway) and are not scoped: a static view
that cannot follow names through calls or rebinding, which is what running the script under ``unigrad run``
is for.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass

from unigrad.cli._hook import missing_prefix


@dataclass(frozen=True, order=True)
class Use:
    """A MindSpore name a script uses, where."""
    lineno: int
    name: str


def _is_mindspore(module: str | None) -> bool:
    return module is not None and (module == "mindspore" or module.startswith("mindspore."))


def _aliases_and_imports(tree: ast.AST) -> tuple[dict[str, str], list[Use]]:
    """local name -> the MindSpore name it is bound to; and the names the import statements themselves use."""
    aliases: dict[str, str] = {}
    uses: list[Use] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _is_mindspore(alias.name):
                    uses.append(Use(node.lineno, alias.name))
                    if alias.asname:
                        aliases[alias.asname] = alias.name
                    else:  # `import mindspore.nn` binds `mindspore`
                        aliases[alias.name.partition(".")[0]] = "mindspore"
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and _is_mindspore(node.module):
            for alias in node.names:
                if alias.name != "*":
                    uses.append(Use(node.lineno, f"{node.module}.{alias.name}"))
                    aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return aliases, uses


def _chains(tree: ast.AST, aliases: dict[str, str]) -> list[Use]:
    """Every ``alias.x.y`` read (the whole chain, once per chain) as a MindSpore name."""
    uses: list[Use] = []
    inner: set[int] = set()  # Attribute nodes inside a chain already taken whole
    for node in ast.walk(tree):  # breadth first: a chain's outermost Attribute comes before its inner ones
        if not isinstance(node, ast.Attribute) or id(node) in inner or not isinstance(node.ctx, ast.Load):
            continue
        attrs, base = [], node
        while isinstance(base, ast.Attribute):
            attrs.append(base.attr)
            inner.add(id(base))
            base = base.value
        if isinstance(base, ast.Name) and base.id in aliases:
            uses.append(Use(node.lineno, ".".join([aliases[base.id], *reversed(attrs)])))
    return uses


def mindspore_uses(source: str, filename: str) -> list[Use]:
    """The MindSpore names ``source`` uses (SyntaxError where it is not Python), in line order."""
    tree = ast.parse(source, filename)
    aliases, uses = _aliases_and_imports(tree)
    return sorted(set(uses + _chains(tree, aliases)))


def list_missing(path: str) -> tuple[list[Use], int]:
    """The uses of names unigrad lacks (each as the shortest missing prefix) and how many names were checked."""
    with open(path, encoding="utf-8") as f:
        uses = mindspore_uses(f.read(), path)
    missing = {}
    for use in uses:
        lacking = missing_prefix(use.name)
        if lacking is not None:
            missing.setdefault((use.lineno, lacking), Use(use.lineno, lacking))
    return sorted(missing.values()), len({use.name for use in uses})
