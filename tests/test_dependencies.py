"""Dependencies point one way (docs/adr/0001-architecture.md, shared architecture): workforce →
funding → networks, everything → the base helpers in pcnadmin, and the audit search depends on the
apps, never the reverse. Every import is read from the source, functions' own imports included, so
a new upward arrow fails here."""

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
# users and the home page) is the project's shell and may.
BASE_HELPERS = (
    "append_only",
    "converters",
    "exports",
    "history",
    "limits",
    "mail",
    "middleware",
    "pagination",
    "readonly_admin",
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
