"""The package's modules import each other without cycles, counting imports inside functions too.

A cycle hidden behind a function-local import still ties the modules together: neither can be
understood, tested or moved without the other, and the order they load in decides whether an
import at the top of either file works.
"""

import ast
from pathlib import Path

PACKAGE = "foia_tracker"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE


def module_name(path: Path, root: Path = ROOT) -> str:
    """Return the dotted name of a file of the package."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: Path = ROOT) -> dict[str, Path]:
    """Return every module of the package by dotted name."""
    return {module_name(path, root): path for path in sorted(root.rglob("*.py"))}


def imported_by(name: str, path: Path, known: set[str]) -> set[str]:
    """Return the package's modules that this module imports, at any depth of its code."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(name, is_package, node.module, node.level)
            # `from pkg import module` imports the module; `from module import name`, the module.
            found.update(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                         for alias in node.names)
    return {_owner(imported, known) for imported in found if _owner(imported, known)} - {name}


def _absolute(name: str, is_package: bool, module: str | None, level: int) -> str:
    if level == 0:
        return module or ""
    parts = name.split(".")
    # A package's own name is its level-1 base; a module's is its parent package.
    base = parts if is_package else parts[:-1]
    base = base[:len(base) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def _owner(imported: str, known: set[str]) -> str | None:
    """Return the known module an imported name belongs to, e.g. a.b for a.b.SomeClass."""
    while imported:
        if imported in known:
            return imported
        imported = imported.rpartition(".")[0]
    return None


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Return each module of the package with the package's modules it imports."""
    found = modules(root)
    known = set(found)
    return {name: imported_by(name, path, known) for name, path in found.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """Return a cycle of the graph as a path that ends where it starts, or None."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return stack[stack.index(target):] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return one cycle for each knot of the graph: all of them, not only the first found."""
    cycles = []
    remaining = {node: set(targets) for node, targets in graph.items()}
    while cycle := find_cycle(remaining):
        cycles.append(cycle)
        # Cut the cycle's first edge and look again: the other knots, and others in this one.
        remaining[cycle[0]].discard(cycle[1])
    return cycles


def test_the_package_has_no_import_cycle():
    cycles = find_cycles(import_graph())
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_a_cycle_through_a_function_local_import_is_found(tmp_path):
    package = tmp_path / PACKAGE
    (package / "orgs").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "orgs" / "__init__.py").write_text("")
    (package / "orgs" / "models.py").write_text("from .version import new_version\n")
    (package / "orgs" / "version.py").write_text(
        "def place():\n    from . import models\n    return models\n")
    assert find_cycle(import_graph(package)) == ["foia_tracker.orgs.models", "foia_tracker.orgs.version",
                                 "foia_tracker.orgs.models"]


def test_relative_imports_resolve_to_the_package_modules():
    graph = import_graph()
    assert "foia_tracker.extensions" in graph["foia_tracker.records.models"]
    # `from ..web import errors` (a module) counts as importing foia_tracker.web.errors.
    assert "foia_tracker.web.errors" in graph["foia_tracker"]
