"""Python's cyclic garbage collector runs in whichever thread happens to
allocate. If it frees a Qt object there (a dialog left in a reference cycle),
Qt deletes a QObject outside the GUI thread, which can crash the process at
random. As Anki does: no automatic collection; collect on the GUI thread on a
timer (and when asked)."""
from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 30_000


def collect_on_gui_thread(owner: QObject, interval_ms: int = INTERVAL_MS) -> QTimer:
    """Disable automatic collection; run it from a timer owned by `owner` (GUI thread)."""
    gc.disable()
    timer = QTimer(owner)
    timer.setInterval(interval_ms)
    timer.timeout.connect(gc.collect)
    timer.start()
    return timer
