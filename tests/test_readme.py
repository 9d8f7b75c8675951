"""The README's promises: .ci/run runs exactly the README's test command."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines[:12] if line.startswith("    ")]


def test_readme_opens_with_run_and_test_commands():
    run, test = readme_commands()[:2]
    assert "duban" in run and "seeds/" in run
    assert "pytest" in test


def test_ci_runs_the_readme_test_command():
    test = readme_commands()[1]
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
