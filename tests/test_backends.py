"""The same seeds through `duban` give the same answers on SQLite and on PostgreSQL."""
from pathlib import Path

import pytest

from desktop.cli import main
from models.registry.database import close_registry
from models.registry.schema import db
from tests import pg_server

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted(str(path) for path in (ROOT / "seeds").glob("*.txt"))
QUESTIONS = (
    ("tasks", "--json", "--as-of", "2023-11-06"),
    ("tasks", "--overdue", "--as-of", "2023-11-06", "--dept", "县住建局"),
    ("departments",),
)


def answers(location: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The seeds imported by the first (office) account, then the questions asked by it."""
    monkeypatch.setenv("DUBAN_NEW_PASSWORD", "督查室的密码2023")
    monkeypatch.setenv("DUBAN_PASSWORD", "督查室的密码2023")
    try:
        assert main(["--db", location, "import", "--quiet", *SEEDS[:1]]) == (77 if "://" in location else 0)
        assert main(["--db", location, "account", "add", "duchashi", "--role", "office"]) == 0
        user = ["--db", location, "--user", "duchashi"]
        assert main([*user, "import", "--quiet", *SEEDS]) == 0
        capsys.readouterr()
        found = []
        for question in QUESTIONS:
            assert main([*user, *question]) == 0
            found.append(capsys.readouterr().out)
        return found
    finally:
        close_registry()
        db.initialize(None)


def test_seeds_answer_alike_on_both_backends(tmp_path: Path, postgres_url: str, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A server needs an account before anything is written; the embedded registry does not."""
    pg_server.reset(postgres_url)
    embedded = answers(str(tmp_path / "registry.sqlite3"), capsys, monkeypatch)
    server = answers(postgres_url, capsys, monkeypatch)
    assert embedded[0].count('"id"') > 600          # the seeds' 648 tasks, as JSON
    assert server == embedded
