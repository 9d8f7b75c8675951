"""The window's sign-in on the county's server: the dialog comes first, and signing in is
the worker's connection becoming the account's role (no password kept anywhere)."""
from __future__ import annotations

import pytest

from desktop.login_dialog import LoginDialog, sign_in_if_needed
from desktop.operations import wait_for
from desktop.workers import TaskRunner
from models.access.accounts import WRONG_CREDENTIALS
from models.access.actor import sign_out
from models.access.server_setup import set_up_server
from models.registry.database import close_registry
from models.registry.schema import db
from tests import pg_server

PASSWORD = "server-login-test-1"


@pytest.fixture
def server(postgres_url: str):
    pg_server.reset(postgres_url)
    setup = set_up_server(postgres_url, "office", PASSWORD, "督查室王五")
    close_registry()
    runner = TaskRunner()
    yield setup.url, runner
    runner.shutdown(close=close_registry)
    sign_out()
    db.initialize(None)


def test_the_dialog_connects_as_the_account(qtbot, server, monkeypatch, tmp_path) -> None:
    url, runner = server
    seen: dict[str, str] = {}

    def answer(dialog: LoginDialog) -> int:
        """The person at the keyboard: a wrong password first, then the right one."""
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.username.setText("office")
        dialog.password.setText("wrong-password-1")
        dialog.accept()
        qtbot.waitUntil(lambda: dialog.login_button.isEnabled(), timeout=10_000)
        seen["refusal"] = dialog.error.text()
        dialog.grab().save(str(tmp_path / "server_login.png"))
        dialog.password.setText(PASSWORD)
        dialog.accept()
        qtbot.waitUntil(lambda: dialog.result() == LoginDialog.DialogCode.Accepted, timeout=10_000)
        return dialog.result()

    monkeypatch.setattr(LoginDialog, "exec", answer)
    actor = sign_in_if_needed(url, runner)
    assert seen["refusal"] == WRONG_CREDENTIALS
    assert (actor.username, actor.role) == ("office", "office")
    assert wait_for(runner, lambda: db.execute_sql("SELECT session_user").fetchone()[0]) == "duban.office"
