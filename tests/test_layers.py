"""models/ and importers/ never import Qt: they run and are tested without a screen; the
layers import only downwards, and no new import cycle appears."""
import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_domain_layers_do_not_import_qt():
    modules = sorted(module for module in import_graph_modules() if module.startswith(("models.", "importers.")))
    modules.append("desktop.cli")
    code = ("import importlib, sys\n"
            f"for name in {modules!r}: importlib.import_module(name)\n"
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]"


# -- the import graph, read from the source (deferred imports inside functions included) --


PACKAGES = ("importers", "models", "desktop")
# What each layer may import of the project: importers read text, models keep the
# registry (and read the importer's records), desktop shows both.
MAY_IMPORT = {"importers": {"importers"}, "models": {"importers", "models"},
              "desktop": {"importers", "models", "desktop"}}
# No module reaches itself through its imports. A cycle that must stay a while is listed
# here with why, so that it shows and cannot grow unseen.
KNOWN_CYCLES: list[list[str]] = []
# The parts of models/, bottom up: each may import the ones before it (and the leaf modules
# models.errors and models.rules.wording), never one after it, so a part can be read knowing only
# those below it.
MODEL_PARTS = ["rules", "registry", "access", "upkeep", "supervision", "paper"]


def module_paths(package: str) -> dict[str, Path]:
    """Every module of a top-level package, sub-packages included: dotted name -> file."""
    found = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def import_graph() -> dict[str, set[str]]:
    """module -> the project modules (and top-level packages) it imports, anywhere in its code."""
    graph: dict[str, set[str]] = {}
    packages = import_graph_modules()
    for package in PACKAGES:
        for module, path in module_paths(package).items():
            here = module if path.stem == "__init__" else module.rpartition(".")[0]
            imported: set[str] = set()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    imported.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom):
                    if node.level:
                        anchor = here.rsplit(".", node.level - 1)[0] if node.level > 1 else here
                        base = f"{anchor}.{node.module}" if node.module else anchor
                    else:
                        base = node.module or ""
                    submodules = {f"{base}.{alias.name}" for alias in node.names} & packages
                    if submodules:           # from models.access import audit: the submodule
                        imported.update(submodules)
                    else:
                        imported.add(base)
            graph[module] = {name for name in imported if name != module}
    return graph


def test_layers_import_only_downwards():
    wrong = [(module, name) for module, names in import_graph().items() for name in names
             if name.split(".")[0] in PACKAGES and name.split(".")[0] not in MAY_IMPORT[module.split(".")[0]]]
    assert wrong == []


def test_domain_layers_name_no_qt_anywhere_in_their_code():
    qt = [(module, name) for module, names in import_graph().items() if module.split(".")[0] != "desktop"
          for name in names if name.split(".")[0] in ("PySide6", "shiboken6", "desktop")]
    assert qt == []


def test_no_import_cycles_but_the_known_ones():
    graph = {module: {name for name in names if name in import_graph_modules()} for module, names in
             import_graph().items()}
    assert strongly_connected(graph) == KNOWN_CYCLES


def import_graph_modules() -> set[str]:
    return {module for package in PACKAGES for module in module_paths(package)}


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's components of more than one module, each sorted, in sorted order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_the_parts_of_models_import_only_the_parts_below():
    def part(module: str) -> int | None:
        pieces = module.split(".")
        return MODEL_PARTS.index(pieces[1]) if len(pieces) > 2 and pieces[1] in MODEL_PARTS else None

    wrong = [(module, name) for module, names in import_graph().items() if part(module) is not None
             for name in names if part(name) is not None and part(name) > part(module)]
    assert wrong == []


def test_models_shows_its_parts_as_folders():
    loose = sorted(path.name for path in (ROOT / "models").glob("*.py"))
    assert loose == ["__init__.py", "errors.py"]
    assert sorted(path.name for path in (ROOT / "models").iterdir() if (path / "__init__.py").exists()) == \
        sorted(MODEL_PARTS)
