"""No two modules of the project import each other, not even from inside a function: a cycle
means one of them holds something that belongs lower down."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = sorted(
    p.name
    for p in ROOT.iterdir()
    if (p / "__init__.py").exists() and (p / "apps.py").exists() or p.name == "config"
)


def _modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            modules[name.removesuffix(".__init__")] = path
    return modules


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:  # `from package import module` names a module
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in modules else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found & modules.keys()


def test_no_two_modules_import_each_other():
    modules = _modules()
    assert {"dashboards.selectors", "inspections.policy", "config.settings"} <= modules.keys()
    imports = {name: _imports(path, modules) - {name} for name, path in modules.items()}
    pairs = sorted(
        {tuple(sorted((a, b))) for a, deps in imports.items() for b in deps if a in imports[b]}
    )
    assert pairs == []


def test_the_check_sees_a_pair_that_imports_each_other(tmp_path):
    (tmp_path / "one.py").write_text("def f():\n    from pkg.two import g\n")
    (tmp_path / "two.py").write_text("from pkg import one\n")
    modules = {"pkg.one": tmp_path / "one.py", "pkg.two": tmp_path / "two.py"}
    assert _imports(modules["pkg.one"], modules) == {"pkg.two"}
    assert _imports(modules["pkg.two"], modules) == {"pkg.one"}
