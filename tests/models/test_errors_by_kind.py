"""Errors by kind, not by built-in type: a mistake of the user's world is a
models.errors.UserError (shown to people as one line), anything else is a bug.
Built-in ValueError/LookupError/KeyError raised by the domain would look like
either, so models/ raises none of them."""
import ast
import importlib
import inspect
from pathlib import Path

import pytest

from models.errors import InvalidInput, NotFound, RegistryError, UserError

MODELS = Path(__file__).resolve().parents[2] / "models"
BUILT_INS = {"ValueError", "LookupError", "KeyError", "IndexError"}


def raised_names(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(target, ast.Name):
                found.append((node.lineno, target.id))
    return found


@pytest.mark.parametrize("path", sorted(MODELS.rglob("*.py")), ids=lambda path: path.name)
def test_models_raise_no_built_in_error_for_a_mistake(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert [(line, name) for line, name in raised_names(tree) if name in BUILT_INS] == []


def test_every_error_the_domain_defines_is_a_user_error():
    for path in sorted(MODELS.rglob("*.py")):
        module = importlib.import_module(".".join(path.relative_to(MODELS.parent).with_suffix("").parts).removesuffix(".__init__"))
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, Exception) and value.__module__ == module.__name__:
                assert issubclass(value, UserError), f"{module.__name__}.{name}"


def test_the_kinds_still_read_as_the_built_ins_callers_know():
    # Callers written against ValueError / LookupError keep working.
    assert issubclass(InvalidInput, ValueError) and issubclass(NotFound, LookupError)
    assert issubclass(RegistryError, UserError)


def test_an_unknown_department_is_not_found(sqlite_registry):
    from models.registry.departments import DepartmentResolver

    with pytest.raises(NotFound):
        DepartmentResolver().require("县不存在局")
