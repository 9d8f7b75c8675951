"""Custom item data roles shared by the task table and the views over it
(the timeline reads start and end from these, as KGantt does)."""
from PySide6.QtCore import Qt

_BASE = Qt.ItemDataRole.UserRole

TASK_ID_ROLE = _BASE + 1        # int: Task.id
START_ROLE = _BASE + 2          # datetime.date | None: the plan's issue date
END_ROLE = _BASE + 3            # datetime.date | None: the current deadline
STATE_ROLE = _BASE + 4          # str: derived state 逾期/即将到期/推进中/未开始/长期/已完成
GROUP_ROLE = _BASE + 5          # str: the row's group label (its plan, or its lead department)
ONGOING_ROLE = _BASE + 6        # bool: 长期/持续推进, an open-ended bar
LIGHT_ROLE = _BASE + 8          # str | None: 红 / 黄 / 绿 (models.supervision.lights)
ORIGINAL_END_ROLE = _BASE + 9   # datetime.date | None: the document's deadline, when an approved 延期 moved it
