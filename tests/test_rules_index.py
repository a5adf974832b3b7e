"""docs/des-rules.md ends with an index from each § to the pure functions that cite it. The index
is checked against the docstrings of every rules module, so it cannot rot: a rule that starts or
stops citing a section fails here until the index says the same."""

import ast
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ("networks", "funding", "workforce")
HEADING = "## Index: § → rule"


def des_rules_sections(doc: str) -> set[int]:
    """The sections of des-rules.md a docstring cites ("DES rules §6", "DES §1", "§2 and §4");
    citations of des-years.md and of the issues are another document's and are left out."""
    doc = re.sub(
        r"(?:des-years(?:\.md)?|issue \d+)\s*§\s*\d+(?:\s*(?:[–,-]|and)\s*§?\s*\d+)*", "", doc
    )
    if not re.search(r"DES rules|des-rules|DES §", doc):
        return set()
    sections = set()
    for first, last in re.findall(r"§\s?(\d+)(?:\s*[–-]\s*§?(\d+))?", doc):
        sections.update(range(int(first), int(last or first) + 1))
    return sections


def rules_modules():
    """Each app's rules: a module ``rules.py``, or the modules of a package ``rules/``."""
    for app in APPS:
        if (ROOT / app / "rules.py").exists():
            yield f"{app}/rules.py"
        for path in sorted((ROOT / app / "rules").glob("*.py")):
            if path.name != "__init__.py":
                yield str(path.relative_to(ROOT))


def index_from_docstrings() -> str:
    by_section: dict[int, list[str]] = defaultdict(list)
    for path in rules_modules():
        module = path.removesuffix(".py").replace("/", ".")
        for node in ast.parse((ROOT / path).read_text(encoding="utf-8")).body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_"):
                for section in des_rules_sections(ast.get_docstring(node) or ""):
                    by_section[section].append(f"`{module}.{node.name}`")
    lines = [HEADING, ""]
    for section in sorted(by_section):
        lines.append(f"- §{section}: {', '.join(by_section[section])}")
    return "\n".join(lines) + "\n"


def test_the_index_in_des_rules_matches_the_rules_docstrings():
    text = (ROOT / "docs" / "des-rules.md").read_text(encoding="utf-8")
    assert HEADING in text, "docs/des-rules.md has no index of § → rule"
    shown = text[text.index(HEADING) :]
    assert shown == index_from_docstrings(), (
        "The index at the end of docs/des-rules.md is out of date; replace it with:\n\n"
        + index_from_docstrings()
    )


def test_every_section_of_the_rules_is_implemented_somewhere():
    index = index_from_docstrings()
    for section in range(1, 8):  # §1 organisations … §7 additionality and claims
        assert f"- §{section}:" in index, section
