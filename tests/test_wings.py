"""The library's wings (DESIGN.md §3): every import runs downward, never back up a wing."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

KAEDE = Path(__file__).resolve().parent.parent / "kaede"
ORDER = ["data", "model", "methods", "views", "workshop"]
MODULES = sorted(p for w in ORDER for p in (KAEDE / w).rglob("*.py"))


def kaede_imports(path: Path) -> set[str]:
    """The kaede wings a module imports (relative or absolute, at top level or inside functions)."""
    wing_parts = path.relative_to(KAEDE).parts
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's package
                base = list(wing_parts[:-1])[: len(wing_parts) - node.level]
                target = base + (node.module.split(".") if node.module else [])
                if not target:  # "from .. import x": x is a wing
                    names = [a.name for a in node.names]
                else:
                    names = [target[0]]
            elif node.module and node.module.split(".")[0] == "kaede":
                parts = node.module.split(".")
                names = [parts[1]] if len(parts) > 1 else [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for a in node.names:
                parts = a.name.split(".")
                if parts[0] == "kaede" and len(parts) > 1:
                    names.append(parts[1])
        found.update(n for n in names if n in ORDER or n == "cli")
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(KAEDE)))
def test_imports_run_downward(path):
    wing = path.relative_to(KAEDE).parts[0]
    allowed = set(ORDER[: ORDER.index(wing) + 1])
    upward = kaede_imports(path) - allowed
    assert not upward, f"{path.relative_to(KAEDE.parent)} ({wing}) imports {sorted(upward)} from above its wing"


def test_checker_sees_an_upward_import(tmp_path):
    fake = KAEDE / "data" / "_upward_probe.py"
    try:
        fake.write_text("from ..views.plot import plot_chain\nimport kaede.model.chain\n")
        assert kaede_imports(fake) == {"views", "model"}
    finally:
        fake.unlink()


def test_no_module_outside_a_wing():
    loose = sorted(p.name for p in KAEDE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "cli.py"]
