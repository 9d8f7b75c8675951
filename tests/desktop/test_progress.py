"""Long work behind a delayed progress dialog: results, progress, and actions given back as they were."""
from types import SimpleNamespace

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from desktop.progress import run_with_progress
from desktop.workers import Cancelled, TaskRunner


@pytest.fixture
def context(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = TaskRunner()
    yield SimpleNamespace(parent=parent, runner=runner)
    runner.shutdown()


def test_busy_actions_get_back_their_own_state(context, qtbot):
    offered, refused = QAction("导入"), QAction("恢复")
    refused.setEnabled(False)                     # e.g. a role without the right
    during: list[tuple[bool, bool]] = []
    results: list[object] = []

    def work(job):
        job.progress(1, 2, "一半")
        return "完成"

    run_with_progress(context, "正在处理…", "测试", work, results.append, busy=(offered, refused))
    during.append((offered.isEnabled(), refused.isEnabled()))
    qtbot.waitUntil(lambda: results == ["完成"], timeout=10_000)
    assert during == [(False, False)]
    assert (offered.isEnabled(), refused.isEnabled()) == (True, False)


def test_cancel_reaches_the_job_and_finished_hears_of_it(context, qtbot):
    results: list[object] = []

    def work(job):
        while not job.cancelled:
            job.progress(0, 1)
        raise Cancelled()

    job = run_with_progress(context, "正在处理…", "测试", work, results.append)
    job.cancel()
    qtbot.waitUntil(lambda: len(results) == 1, timeout=10_000)
    assert isinstance(results[0], Cancelled)
