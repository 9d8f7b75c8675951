"""The window when the county's server goes away while a liaison types (issue 12 §14): the banner says
the server cannot be reached, what was typed is kept, and the next 更新进展 connects again and saves it."""
from __future__ import annotations

from datetime import date

import pytest

from desktop.update_dialog import UpdateDialog, UpdateRequest
from models.access.actor import OFFICE, Actor, sign_in
from models.registry.database import close_registry, open_registry
from models.registry.schema import db
from models.upkeep.importing import store_extracted
from tests.models.builders import extracted, plan, task

from .windows import open_main_window


@pytest.fixture
def window(qtbot, tmp_path, server_url):
    actor = Actor("office", "督查室", OFFICE)
    sign_in(actor)
    open_registry(server_url)
    store_extracted(extracted([plan("平政发〔2023〕3号", "方案", [task("修路", seq="1", lead=("县交通局",),
                                                                     due=date(2023, 12, 31))])]))
    window = open_main_window(qtbot, server_url, tmp_path, actor=actor,
                              until=lambda window: len(window.presenter.table) == 1 and not window.runner.busy)
    yield window
    window.runner.shutdown(close=close_registry)
    close_registry()
    db.initialize(None)


def test_the_window_says_the_server_is_gone_keeps_the_form_and_saves_it_once_back(
        window, restartable_server, monkeypatch, qtbot):
    task_id = window.model.table.ids[0]
    window.select_row(0)
    typed = UpdateRequest("推进中", 40, "路基已完成，正在铺设面层", "张三", None, None, ())

    def while_typing(cls, *args, **kwargs):
        restartable_server.halt("fast")              # the server goes while the form is open
        return typed

    monkeypatch.setattr(UpdateDialog, "ask", classmethod(while_typing))
    window.tasks.update_selected()
    qtbot.waitUntil(lambda: window.errors.isVisible() and not window.runner.busy, timeout=20_000)
    message = window.errors.label.text()
    assert "无法连接登记册服务器" in message and "已保留" in message and "\n" not in message
    assert window.tasks.drafts == {task_id: typed}

    restartable_server.start()
    offered = []
    monkeypatch.setattr(UpdateDialog, "ask", classmethod(lambda cls, *args, **kwargs: offered.append(kwargs)
                                                         or kwargs["draft"]))
    window.tasks.update_selected()                   # the next action connects again
    qtbot.waitUntil(lambda: window.tasks.drafts == {} and not window.runner.busy, timeout=20_000)
    assert offered[0]["draft"] == typed
    assert saved(restartable_server.url) == [(task_id, 40, typed.note)]


def saved(url: str) -> list[tuple]:
    """The status updates on the server, read on a connection of their own (this thread's died with it)."""
    import psycopg2

    connection = psycopg2.connect(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT task_id, progress, note FROM status_update ORDER BY id")
            return cursor.fetchall()
    finally:
        connection.close()
