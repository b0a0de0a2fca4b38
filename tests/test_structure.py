"""The shape of app/: imports flow one way between packages (style.md, "Imports flow one way")."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"
# The application factory attaches every package's views: it is the one module that imports routes.
FACTORY = APP / "__init__.py"


def _package(path: Path) -> str | None:
    """The package of app/ a module belongs to (None for app/__init__.py and the shared modules at the top)."""
    parts = path.relative_to(APP).parts
    return parts[0] if len(parts) > 1 else None


def _imports(path: Path):
    """(line, imported module, imported names) of every `from app... import ...` and `import app...` in a module."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and (
                node.module == "app" or node.module.startswith("app.")):
            yield node.lineno, node.module, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("app."):
                    yield node.lineno, alias.name, []


def _targets(module: str, names: list[str]):
    """(package, module path below it, names) for what an import reaches, `from app.x import routes` included."""
    parts = module.split(".")[1:]
    if not parts:  # from app import x, y: each name is a package or a top-level module
        return [(name, [], []) for name in names]
    package, rest = parts[0], parts[1:]
    if rest:
        return [(package, rest, names)]
    # from app.x import routes, bp: a submodule named like routes counts as importing that module
    return [(package, [name], []) for name in names if (APP / package / f"{name}.py").exists()] + [
        (package, [], [name for name in names if not (APP / package / f"{name}.py").exists()])]


MODULES = sorted(p for p in APP.rglob("*.py") if "translations" not in p.parts)


def _cross_package(path):
    own = _package(path)
    for line, module, names in _imports(path):
        for package, rest, imported in _targets(module, names):
            if package != own:
                yield line, package, rest, imported


def test_no_package_imports_another_packages_routes():
    wrong = [f"{path.relative_to(APP)}:{line} app.{package}.routes"
             for path in MODULES if path != FACTORY
             for line, package, rest, _names in _cross_package(path) if rest[:1] == ["routes"]]
    assert wrong == []


def test_no_private_name_is_imported_across_packages():
    wrong = [f"{path.relative_to(APP)}:{line} {name} from app.{'.'.join([package, *rest])}"
             for path in MODULES
             for line, package, rest, names in _cross_package(path)
             for name in names + rest[-1:] if name.startswith("_") and not name.startswith("__")]
    assert wrong == []
