"""Rooms of a size a reader can hold (issue: the house): no module over 400 lines and no view over
40, tests and migrations excepted. A module that grows past the line is split by what it is about;
a view that grows past it hands its work to a form, a selector or a service."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("networks", "funding", "workforce", "audit", "pcnadmin", "benchmarks")
MODULE_LIMIT = 400
VIEW_LIMIT = 40


def sources():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def view_modules():
    for path in sources():
        if path.name == "views.py" or "views" in path.parent.parts[-1:]:
            yield path


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def functions(tree: ast.AST):
    """Every function, methods and nested ones included, with its length from its first decorator."""
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            yield node.name, node.end_lineno - start + 1


def test_no_module_is_over_400_lines():
    long = {
        str(path.relative_to(ROOT)): lines
        for path in sources()
        if (lines := line_count(path)) > MODULE_LIMIT
    }
    assert long == {}


def test_no_view_is_over_40_lines():
    long = {
        f"{path.relative_to(ROOT)}:{name}": lines
        for path in view_modules()
        for name, lines in functions(ast.parse(path.read_text(encoding="utf-8")))
        if lines > VIEW_LIMIT
    }
    assert long == {}


def test_the_measures_measure(tmp_path):
    module = tmp_path / "views.py"
    module.write_text("@decorator\ndef view(request):\n" + "    x = 1\n" * 40, encoding="utf-8")
    assert line_count(module) == 42
    assert dict(functions(ast.parse(module.read_text()))) == {"view": 42}
