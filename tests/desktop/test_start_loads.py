"""The window starts without the parts only some actions need.

Loading the importer (its patterns compile at import), 导入审核 and 单位管理
cost a quarter of the window's start-up CPU; they are loaded when first used.
"""
from __future__ import annotations

import os
import subprocess
import sys

DEFERRED = ("importers.pipeline", "importers.labels", "importers.deadlines", "desktop.review_view",
            "desktop.departments_dialog", "desktop.import_job", "desktop.duplicates_dialog",
            "models.upkeep.editing", "models.upkeep.importing")


def test_starting_the_window_does_not_load_the_importer_or_the_occasional_dialogs() -> None:
    code = ("import sys, desktop.app, desktop.main_window\n"
            f"print(' '.join(name for name in {DEFERRED!r} if name in sys.modules))")
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env=environment).stdout.split()
    assert loaded == []
