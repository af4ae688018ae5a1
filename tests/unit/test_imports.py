"""The modules of pipeline/ import each other without cycles; every *Error is a PipelineError.

Read from the source (ast), so imports inside functions count too: a lazy import hides a
cycle from Python's import machinery but not from the design.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from pipeline.errors import PipelineError

PACKAGE = Path(__file__).resolve().parents[2] / "pipeline"

#: Exceptions that mean a bug in the code, not bad input: they keep their traceback.
PROGRAMMING_ERRORS = {
    "pipeline.disclosure.errors.PublicationError",
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """Return the module of ``pipeline`` that ``name`` denotes (or is an attribute of)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _is_type_checking(node: ast.AST) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _runtime_nodes(tree: ast.AST):
    """Every node of ``tree`` except the bodies of ``if TYPE_CHECKING:`` (never run)."""
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        if _is_type_checking(node):
            todo.extend(node.orelse)
            continue
        todo.extend(ast.iter_child_nodes(node))


def _imports(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Modules of ``pipeline`` that ``module`` imports anywhere in its source (when run)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # ``from pipeline.x import y`` imports the module pipeline.x.y when there is one.
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                     for alias in node.names]
        else:
            continue
        for name in names:
            if name == "pipeline" or name.startswith("pipeline."):
                target = _resolve(name, modules)
                if target is not None and target != module:
                    found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    """Return module -> modules of ``pipeline`` it imports (top-level and function-local)."""
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """Return one import cycle as a list of modules (first = last), or None.

    Examples
    --------
    >>> find_cycle({"a": {"b"}, "b": {"a"}})
    ['a', 'b', 'a']
    >>> find_cycle({"a": {"b"}, "b": set()}) is None
    True
    """
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_import_graph_is_read() -> None:
    graph = import_graph()
    assert "pipeline.errors" in graph["pipeline.config"]
    assert "pipeline.errors" in graph["pipeline.cli"]
    assert graph["pipeline.errors"] == set()  # ground floor


def test_no_import_cycle_between_modules() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_cli_and_ingest_errors_do_not_import_each_other() -> None:
    graph = import_graph()
    assert "pipeline.cli" not in graph["pipeline.ingest.errors"]
    assert "pipeline.ingest.errors" not in graph["pipeline.cli"]


def _error_classes() -> list[tuple[str, str]]:
    found = []
    for module, path in _modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [(module, node.name) for node in ast.walk(tree)
                  if isinstance(node, ast.ClassDef) and node.name.endswith("Error")]
    return sorted(found)


def test_error_classes_are_found() -> None:
    names = {name for _, name in _error_classes()}
    assert {"ConfigError", "IngestError", "StatsError", "DesignError", "ExploreError",
            "DisclosureError", "PublicationError"} <= names


@pytest.mark.parametrize(("module", "name"), _error_classes())
def test_every_error_is_a_pipeline_error(module: str, name: str) -> None:
    cls = getattr(importlib.import_module(module), name)
    if f"{module}.{name}" in PROGRAMMING_ERRORS:
        assert not issubclass(cls, PipelineError)
    else:
        assert issubclass(cls, PipelineError), f"{module}.{name} must subclass PipelineError"
