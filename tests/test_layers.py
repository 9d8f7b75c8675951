"""models/ and importers/ never import Qt: they run and are tested without a screen."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_domain_layers_do_not_import_qt():
    modules = [f"{package}.{path.stem}" for package in ("models", "importers")
               for path in sorted((ROOT / package).glob("*.py")) if path.stem != "__init__"]
    modules.append("desktop.cli")
    code = ("import importlib, sys\n"
            f"for name in {modules!r}: importlib.import_module(name)\n"
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]"
