"""Dependencies point one way (docs/adr/0001-architecture.md, shared architecture): workforce →
funding → networks, everything → the base helpers in pcnadmin, and the audit search depends on the
apps, never the reverse; no two modules import each other, however far round. Every import is read
from the source, functions' own imports included, so a new upward arrow or a cycle fails here."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ("networks", "funding", "workforce", "audit")
# What each package may import of the project's own packages.
ALLOWED = {
    "networks": {"networks", "pcnadmin"},
    "funding": {"funding", "networks", "pcnadmin"},
    "workforce": {"workforce", "funding", "networks", "pcnadmin"},
    "audit": {"audit", "workforce", "funding", "networks", "pcnadmin"},
}
# The base helpers of pcnadmin import no app; the rest of pcnadmin (settings, root URLs, the demo
# users, the home page and the search) is the project's shell and may.
BASE_HELPERS = (
    "append_only",
    "converters",
    "exports",
    "form_renderer",
    "history",
    "limits",
    "mail",
    "middleware",
    "pagination",
    "prefetch",
    "readonly_admin",
    "tables",
)


def imported_packages(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found & {*APPS, "pcnadmin"}


def sources(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


@pytest.mark.parametrize("package", APPS)
def test_a_package_imports_only_what_lies_below_it(package):
    upward = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) - ALLOWED[package])
        for path in sources(package)
    }
    assert {path: found for path, found in upward.items() if found} == {}


def test_the_base_helpers_import_no_app():
    found = {
        name: sorted(imported_packages(ROOT / "pcnadmin" / f"{name}.py") - {"pcnadmin"})
        for name in BASE_HELPERS
    }
    assert {name: apps for name, apps in found.items() if apps} == {}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Each project module → the project modules it imports (`from a import b` names module a.b
    when b is a module, otherwise a)."""
    paths = {
        module_name(path): path for package in (*APPS, "pcnadmin") for path in sources(package)
    }
    graph = {}
    for name, path in paths.items():
        here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                edges.update(alias.name for alias in node.names if alias.name in paths)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here[: len(here) - node.level + 1]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module
                for alias in node.names:
                    if f"{module}.{alias.name}" in paths:
                        edges.add(f"{module}.{alias.name}")
                    elif module in paths:
                        edges.add(module)
        graph[name] = edges - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_modules_import_each_other():
    assert cycles(import_graph()) == []
