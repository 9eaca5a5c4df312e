"""unigrad's modules import downward only, and no two modules import each other, however indirectly.

The layers, bottom up: dtypes → backends → Tensor and Parameter → autodiff → ops → nn → the public face
(``unigrad``) → the tools on top of it (``unigrad.testing``; the ``unigrad`` command, ``unigrad.cli`` and
``python -m unigrad``). The graph is read from the source (every
``import`` statement, also those inside functions), so a lazy import cannot hide a circle. Importing a
module inside a package runs the package's ``__init__`` first: an import from outside the package counts
as an import of that ``__init__`` too.
"""
from __future__ import annotations

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "unigrad"

# (module prefix, layer); the longest matching prefix decides. A module may import its own layer and below.
LAYERS = [
    ("unigrad.dtype", 0), ("unigrad._random", 0), ("unigrad.common._checks", 0),
    ("unigrad.backends", 1),
    ("unigrad._tensor", 2), ("unigrad.common", 2), ("unigrad._parameter", 2), ("unigrad.context", 2),
    ("unigrad.communication", 2),
    ("unigrad._autodiff", 3), ("unigrad._jit", 3),
    ("unigrad.ops", 4),
    ("unigrad.nn", 5),
    ("unigrad", 6),
    ("unigrad.testing", 7), ("unigrad.cli", 7), ("unigrad.__main__", 7),
]
LAYER_NAMES = ["dtypes", "backends", "tensor", "autodiff", "ops", "nn", "public face", "tools"]
FRAMEWORKS = ("torch", "jax", "jaxlib")


def _module_name(path: pathlib.Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, pathlib.Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py")}


MODULES = _modules()


def _is_package(name: str) -> bool:
    return MODULES.get(name, pathlib.Path()).name == "__init__.py"


def _resolve(importer: str, node: ast.AST) -> list[str]:
    """The modules an import statement names (modules of unigrad and top-level frameworks)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    package = importer if _is_package(importer) else importer.rpartition(".")[0]
    if node.level:
        base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
        source = f"{base}.{node.module}" if node.module else base
    else:
        source = node.module
    return [f"{source}.{alias.name}" if f"{source}.{alias.name}" in MODULES else source for alias in node.names]


def _packages_run(importer: str, target: str) -> list[str]:
    """The package ``__init__`` modules that importing ``target`` runs, other than the importer's own."""
    parts = target.split(".")
    runs = []
    for i in range(2, len(parts)):
        package = ".".join(parts[:i])
        if not (importer == package or importer.startswith(package + ".")):
            runs.append(package)
    return runs


def import_graph() -> dict[str, set[str]]:
    """module -> the unigrad modules and frameworks it imports."""
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for target in _resolve(name, node):
                    if target.split(".")[0] in FRAMEWORKS:
                        edges.add(target.split(".")[0])
                    elif target == "unigrad" or target.startswith("unigrad."):
                        while target not in MODULES:  # `import unigrad.a.b` where b is a name
                            target = target.rpartition(".")[0]
                        edges.add(target)
                        edges.update(_packages_run(name, target))
        edges.discard(name)
        graph[name] = edges
    return graph


def layer(module: str) -> int:
    matches = [(len(prefix), level) for prefix, level in LAYERS
               if module == prefix or module.startswith(prefix + ".")]
    return max(matches)[1]


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle, as a path that returns to its start, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


GRAPH = import_graph()


def test_the_graph_is_read() -> None:
    """The walk finds the modules and the imports it is meant to judge (a broken walk would pass anything)."""
    assert {"unigrad", "unigrad.ops", "unigrad._tensor", "unigrad.backends.numpy.autodiff"} <= set(GRAPH)
    assert "unigrad._tensor" in GRAPH["unigrad.ops._args"]
    assert "unigrad.backends" in GRAPH["unigrad._tensor"]
    assert "torch" in GRAPH["unigrad.backends.torch.primitives"]


def test_no_import_circle() -> None:
    cycle = _cycle(GRAPH)
    assert cycle is None, "import circle: " + " -> ".join(cycle)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_downward(module: str) -> None:
    upward = sorted(f"{target} ({LAYER_NAMES[layer(target)]})" for target in GRAPH[module]
                    if target.startswith("unigrad") and layer(target) > layer(module))
    assert not upward, f"{module} ({LAYER_NAMES[layer(module)]}) imports upward: {', '.join(upward)}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_only_backends_import_frameworks(module: str) -> None:
    """Nothing above ``unigrad/backends/`` imports torch or jax, and each backend only its own."""
    frameworks = GRAPH[module] & set(FRAMEWORKS)
    own = {"unigrad.backends.torch": {"torch"}, "unigrad.backends.jax": {"jax", "jaxlib"}}
    allowed = next((names for prefix, names in own.items() if module == prefix or module.startswith(prefix + ".")),
                   set())
    assert frameworks <= allowed, f"{module} imports {sorted(frameworks - allowed)}"


def test_a_circle_is_found() -> None:
    """The circle finder itself: a two-module circle and a longer one are reported, a tree is not."""
    assert _cycle({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None
