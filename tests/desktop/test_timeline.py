"""The timeline: the date scale, what is painted where, and selection both ways."""
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QCursor, QHelpEvent, QImage, QStandardItem, QStandardItemModel, QWheelEvent
from PySide6.QtWidgets import QApplication, QToolTip

from desktop.date_scale import ZOOM_LEVELS, DateScale
from desktop.roles import END_ROLE, GROUP_ROLE, ONGOING_ROLE, START_ROLE, STATE_ROLE, TASK_ID_ROLE
from desktop.task_table_model import TaskTableModel
from desktop.timeline_view import HEADER_HEIGHT, LABEL_WIDTH, ROW_HEIGHT, TimelineView
from models.supervision.assessment import assess
from models.supervision.listing import TaskTable

AS_OF = date(2024, 6, 15)
RED, AMBER, GREEN, BLUE_GREY, TODAY = "#c62828", "#ef8f00", "#2e7d32", "#78909c", "#3949ab"
OUTSIDE = "#f4f6f8"      # past the calendar's last day

# plan: (number, title, issue date); plan 3 has no issue date, so its tasks have no start.
PLANS = {1: ("某政办发〔2024〕3号", "城市建设工作方案", "2024-05-01"),
         2: ("某政发〔2024〕11号", "优化营商环境实施意见", "2024-06-01"),
         3: ("某督查通知〔2024〕5号", "汛期安全检查", None)}
# plan, text, deadline, ongoing, status -> derived state at AS_OF
TASKS = [
    (1, "新建城区污水管网", "2024-06-30", False, "推进中"),      # 0 推进中
    (1, "改造老旧小区", "2024-06-05", False, "推进中"),          # 1 逾期
    (1, "白改黑提升工程", "2024-06-20", False, "推进中"),        # 2 即将到期
    (1, "清理拖欠账款", "2024-07-31", False, "已完成"),          # 3 已完成
    (2, "企业诉求直通车", None, True, "推进中"),                 # 4 长期
    (2, "一网通办", "2024-08-31", False, "未开始"),              # 5 未开始
    (3, "汛前隐患排查", "2024-07-10", False, "推进中"),          # 6 deadline only: a diamond
    (2, "政策宣讲", None, False, "未开始"),                      # 7 no deadline: a tick at the start
]


def make_table(tasks=TASKS, plans=PLANS) -> TaskTable:
    table = TaskTable(plans=dict(plans), department_names={1: "县住建局"})
    for ident, (plan, text, deadline, ongoing, status) in enumerate(tasks, start=101):
        table.ids.append(ident)
        table.plan_ids.append(plan)
        table.seqs.append(str(ident - 100))
        table.texts.append(text)
        table.deadlines.append(deadline)
        table.deadline_texts.append("长期坚持" if ongoing else None)
        table.recurrences.append(None)
        table.ongoing.append(ongoing)
        table.statuses.append(status)
        table.progress.append(0)
        table.last_updates.append(None)
    table.units = {role: [(1,)] * len(tasks) for role in ("lead", "responsible", "cooperating")}
    return table


def many_tasks(count: int) -> list[tuple]:
    return [(1 + row // 50, f"任务{row}", (date(2024, 5, 1) + timedelta(days=row % 120)).isoformat(), False, "推进中")
            for row in range(count)]


def many_plans(count: int) -> dict:
    return {plan: (f"方案{plan}", "", "2024-05-01") for plan in range(1, count // 50 + 2)}


def table_model(table: TaskTable) -> TaskTableModel:
    model = TaskTableModel()
    model.set_table(table, assess(table, AS_OF))
    return model


@pytest.fixture
def make_view(qtbot):
    def make(model, width=900, height=400) -> TimelineView:
        view = TimelineView()
        qtbot.addWidget(view)
        view.resize(width, height)
        view.setToday(AS_OF)
        view.setModel(model)
        with qtbot.waitExposed(view):
            view.show()
        return view
    return make


@pytest.fixture
def view(make_view):
    return make_view(table_model(make_table()))


def row_y(view: TimelineView, row: int) -> int:
    return HEADER_HEIGHT + (row - view.verticalScrollBar().value()) * ROW_HEIGHT + ROW_HEIGHT // 2


def date_x(view: TimelineView, day: date, fraction: float = 0.5) -> int:
    """Viewport x inside `day`, from the scale alone."""
    scale = view.dateScale()
    return int(LABEL_WIDTH - view.horizontalScrollBar().value() + scale.x(day) + fraction * scale.pixels_per_day)


def bar_middle(view: TimelineView, row: int) -> QPoint:
    """A point inside the row's bar, away from the today line."""
    return QPoint(date_x(view, INSIDE_BAR[row]), row_y(view, row))


INSIDE_BAR = {0: date(2024, 6, 25), 1: date(2024, 5, 20), 2: date(2024, 6, 1), 3: date(2024, 7, 10)}


def pixel(view: TimelineView, point: QPoint) -> str:
    image: QImage = view.viewport().grab().toImage()
    return image.pixelColor(point).name()


# -- the date scale --------------------------------------------------------------


@pytest.mark.parametrize("zoom", list(ZOOM_LEVELS))
def test_scale_round_trip(zoom):
    scale = DateScale(date(2023, 12, 1), zoom)
    for day in (date(2023, 12, 1), date(2024, 2, 29), date(2024, 6, 15), date(2025, 1, 1), date(2023, 11, 3)):
        x = scale.x(day)
        assert scale.date_at(x) == day
        assert scale.date_at(x + scale.pixels_per_day * 0.99) == day
        assert scale.date_at(x - 0.01) == day - timedelta(days=1)
        assert scale.x(day) < scale.centre(day) < scale.x(day + timedelta(days=1))
    assert scale.x(date(2023, 12, 1)) == 0
    assert scale.width(date(2024, 1, 1), date(2024, 1, 31)) == 31 * scale.pixels_per_day


def test_zoom_changes_only_pixels_per_day():
    scale = DateScale(date(2024, 1, 1), "month")
    day = date(2024, 3, 1)
    before = scale.x(day)
    scale.set_zoom("week")
    assert scale.origin == date(2024, 1, 1)
    assert scale.pixels_per_day == ZOOM_LEVELS["week"]
    assert scale.x(day) == before * ZOOM_LEVELS["week"] / ZOOM_LEVELS["month"]
    with pytest.raises(ValueError):
        scale.set_zoom("decade")


# -- selection both ways -------------------------------------------------------------


def test_click_on_bar_emits_task_and_row(qtbot, view):
    point = bar_middle(view, 2)
    assert LABEL_WIDTH < point.x() < view.viewport().width()
    with qtbot.waitSignal(view.taskClicked) as task, qtbot.waitSignal(view.rowClicked) as row:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert (task.args, row.args) == ([103], [2])
    assert view.selectedRow() == 2


def test_click_on_label_emits_task(qtbot, view):
    with qtbot.waitSignal(view.taskClicked) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(100, row_y(view, 5)))
    assert blocker.args == [106]


def test_click_on_header_or_below_rows_emits_nothing(qtbot, view):
    with qtbot.assertNotEmitted(view.rowClicked):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(400, HEADER_HEIGHT // 2))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(400, row_y(view, len(TASKS) + 1)))
    assert view.selectedRow() == -1


def test_select_row_scrolls_into_view_and_emits_nothing(qtbot, make_view):
    view = make_view(table_model(make_table(many_tasks(300), many_plans(300))))
    vbar = view.verticalScrollBar()
    assert vbar.value() == 0
    with qtbot.assertNotEmitted(view.rowClicked), qtbot.assertNotEmitted(view.taskClicked):
        view.selectRow(250)
    assert view.selectedRow() == 250
    assert vbar.value() <= 250 < vbar.value() + vbar.pageStep()
    assert abs(250 - (vbar.value() + vbar.pageStep() // 2)) <= 1      # centred
    view.viewport().repaint()
    first, last = view.paintedRows()
    assert first <= 250 <= last
    view.selectRow(251)                  # already on screen: no scrolling
    assert abs(251 - (vbar.value() + vbar.pageStep() // 2)) <= 2
    view.selectRow(-1)
    assert view.selectedRow() == -1


def test_select_row_scrolls_sideways_to_an_offscreen_bar(make_view):
    tasks = TASKS + [(3, "远期任务", "2026-03-31", False, "未开始")]     # a diamond far to the right
    view = make_view(table_model(make_table(tasks)))
    view.setZoom("week")
    view.selectRow(len(tasks) - 1)
    assert view.dateAt(LABEL_WIDTH) <= date(2026, 3, 31) <= view.dateAt(view.viewport().width() - 1)


def test_up_down_move_selection_and_emit(qtbot, view):
    view.selectRow(3)
    with qtbot.waitSignal(view.taskClicked) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Down)
    assert (view.selectedRow(), blocker.args) == (4, [105])
    qtbot.keyClick(view, Qt.Key.Key_Up)
    with qtbot.waitSignal(view.rowClicked) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Up)
    assert (view.selectedRow(), blocker.args) == (2, [2])
    for _ in range(20):
        qtbot.keyClick(view, Qt.Key.Key_Up)
    assert view.selectedRow() == 0


# -- following the model -------------------------------------------------------------


def test_reset_with_fewer_rows_clamps_scroll_range(make_view):
    model = table_model(make_table(many_tasks(300), many_plans(300)))
    view = make_view(model)
    vbar = view.verticalScrollBar()
    vbar.setValue(vbar.maximum())
    assert vbar.maximum() > 250
    model.set_rows(range(5))
    assert vbar.maximum() == 0 and vbar.value() == 0
    view.viewport().repaint()
    assert view.paintedRows() == (0, 4)
    model.set_rows([])
    view.viewport().repaint()
    assert view.paintedRows()[1] < view.paintedRows()[0]


def standard_model(rows: list[tuple]) -> QStandardItemModel:
    """Any model shaped like the task table will do: (id, text, start, end, state, group) rows."""
    model = QStandardItemModel(0, 2)
    for row in rows:
        model.appendRow(standard_row(*row))
    return model


def standard_row(ident, text, start, end, state, group, ongoing=False) -> list[QStandardItem]:
    seq = QStandardItem(str(ident))
    for role, value in ((TASK_ID_ROLE, ident), (START_ROLE, start), (END_ROLE, end), (STATE_ROLE, state),
                        (GROUP_ROLE, group), (ONGOING_ROLE, ongoing)):
        seq.setData(value, role)
    return [seq, QStandardItem(text)]


def test_any_model_inserts_removes_and_edits(qtbot, make_view):
    model = standard_model([(1, "甲", date(2024, 5, 1), date(2024, 6, 1), "逾期", "一组"),
                            (2, "乙", date(2024, 5, 1), date(2024, 7, 1), "推进中", "一组")])
    view = make_view(model, height=HEADER_HEIGHT + 4 * ROW_HEIGHT)
    vbar = view.verticalScrollBar()
    assert vbar.maximum() == 0 and vbar.pageStep() == 3     # three rows fit above the scroll bar
    model.appendRow(standard_row(3, "丙", date(2021, 1, 4), date(2021, 3, 1), "推进中", "二组"))
    model.appendRow(standard_row(4, "丁", date(2024, 5, 1), None, "长期", "二组", True))
    assert vbar.maximum() == 1
    assert view.dateScale().origin <= date(2021, 1, 4)           # the range grew to the new task
    model.item(0, 0).setData(date(2030, 1, 1), END_ROLE)         # dataChanged with END_ROLE
    assert view.dateAt(LABEL_WIDTH + view.horizontalScrollBar().maximum() + view._chart_width() - 1) \
        >= date(2030, 1, 1)
    view.selectRow(3)
    model.removeRows(0, 3)
    assert vbar.maximum() == 0
    assert view.selectedRow() == 0                                # the selection followed its row
    with qtbot.waitSignal(view.taskClicked) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(LABEL_WIDTH + 50, row_y(view, 0)))
    assert blocker.args == [4]


def test_layout_change_keeps_the_selected_task(make_view):
    model = standard_model([(1, "甲", date(2024, 5, 1), date(2024, 6, 1), "逾期", "一组"),
                            (2, "乙", date(2024, 5, 1), date(2024, 7, 1), "推进中", "一组"),
                            (3, "丙", None, date(2024, 7, 1), "推进中", "二组")])
    view = make_view(model)
    view.selectRow(0)
    model.sort(1)                        # 丙 乙 甲: layoutChanged, persistent indexes move
    assert view.selectedRow() == 2
    view.viewport().repaint()
    assert view.paintedRows() == (0, 2)


def test_no_model_paints_an_empty_calendar(make_view):
    view = make_view(table_model(make_table()))
    view.setModel(None)
    view.viewport().repaint()
    assert view.paintedRows()[1] < view.paintedRows()[0]
    assert view.dateAt(LABEL_WIDTH) is not None
    view.selectRow(3)
    assert view.selectedRow() == -1


def test_big_model_range_covers_every_row(qtbot, make_view):
    """TaskTableModel.date_range gives the exact extent: no row falls outside it."""
    tasks = many_tasks(10_000)
    far = date(2019, 3, 1)
    tasks[9998] = (1, "很早的任务", far.isoformat(), False, "推进中")   # one row far before the others
    plans = many_plans(10_000)
    view = make_view(table_model(make_table(tasks, plans)))
    assert view.dateScale().origin <= far


# -- what is painted -----------------------------------------------------------------


def test_bars_are_painted_in_state_colours(view):
    assert pixel(view, bar_middle(view, 1)) == RED          # 逾期
    assert pixel(view, bar_middle(view, 2)) == AMBER        # 即将到期
    assert pixel(view, bar_middle(view, 3)) == GREEN        # 已完成
    assert pixel(view, bar_middle(view, 0)) == BLUE_GREY    # 推进中
    view.selectRow(1)                                       # selection changes the row, not the bar
    assert pixel(view, bar_middle(view, 1)) == RED


def test_deadline_only_is_a_diamond_and_ongoing_reaches_the_right_edge(view):
    image = view.viewport().grab().toImage()
    diamond = QPoint(date_x(view, date(2024, 7, 10)), row_y(view, 6))
    assert image.pixelColor(diamond).name() == BLUE_GREY
    assert image.pixelColor(diamond + QPoint(0, 9)).name() != BLUE_GREY     # a diamond, not a bar
    ongoing = image.pixelColor(QPoint(view.viewport().width() - 80, row_y(view, 4)))
    assert ongoing.name() == "#546e7a"
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())
    image = view.viewport().grab().toImage()
    assert image.pixelColor(QPoint(view.viewport().width() - 80, row_y(view, 4))).name() == "#546e7a"


def test_group_starts_get_a_separator(view):
    # Rows 0-3 are plan 1, rows 4-5 plan 2, row 6 plan 3, row 7 plan 2 again.
    image = view.viewport().grab().toImage()
    x = view.viewport().width() - 3
    tops = {row: HEADER_HEIGHT + row * ROW_HEIGHT for row in range(len(TASKS))}
    separated = [row for row, y in tops.items() if image.pixelColor(x, y).name() == "#90a4ae"]
    assert separated == [0, 4, 6, 7]


def test_today_line_at_the_as_of_date(view):
    x = int(LABEL_WIDTH - view.horizontalScrollBar().value() + view.dateScale().centre(AS_OF))
    below_rows = row_y(view, len(TASKS) + 1)
    image = view.viewport().grab().toImage()
    assert image.pixelColor(x, below_rows).name() == TODAY
    assert image.pixelColor(x + 6, below_rows).name() != TODAY
    view.setToday(date(2024, 7, 1))
    x = int(LABEL_WIDTH - view.horizontalScrollBar().value() + view.dateScale().centre(date(2024, 7, 1)))
    assert pixel(view, QPoint(x, below_rows)) == TODAY


def test_chinese_labels_are_painted(view):
    # Ink in the label column where the task text is: the bundled CJK font is used.
    image = view.viewport().grab().toImage()
    y = row_y(view, 0)
    dark = [x for x in range(50, 200) if image.pixelColor(x, y).lightness() < 120]
    assert dark


# -- zoom ---------------------------------------------------------------------------------


def wheel(view: TimelineView, x: int, delta: int, modifiers=Qt.KeyboardModifier.ControlModifier) -> None:
    position = QPointF(x, 100)
    event = QWheelEvent(position, QPointF(view.viewport().mapToGlobal(position.toPoint())), QPoint(0, 0),
                        QPoint(0, delta), Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), event)


def test_ctrl_wheel_zooms_around_the_mouse(qtbot, view):
    x = LABEL_WIDTH + 200
    under_mouse = view.dateAt(x)
    with qtbot.waitSignal(view.zoomChanged) as blocker:
        wheel(view, x, 120)
    assert blocker.args == ["week"]
    assert abs((view.dateAt(x) - under_mouse).days) <= 1
    wheel(view, x, -120)
    assert view.zoom() == "month"
    assert abs((view.dateAt(x) - under_mouse).days) <= 1
    wheel(view, x, -240)
    assert view.zoom() == "year"


def test_plain_wheel_scrolls_rows(make_view):
    view = make_view(table_model(make_table(many_tasks(300), many_plans(300))))
    wheel(view, LABEL_WIDTH + 10, -120, Qt.KeyboardModifier.NoModifier)
    assert view.verticalScrollBar().value() > 0
    assert view.zoom() == "month"


def test_plus_minus_keys_zoom(qtbot, view):
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.zoom() == "quarter"
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.zoom() == "week"
    qtbot.keyClick(view, Qt.Key.Key_Plus)               # already the widest
    assert view.zoom() == "week"


def today_x(view: TimelineView) -> float:
    return LABEL_WIDTH - view.horizontalScrollBar().value() + view.dateScale().centre(view.today())


def on_screen(view: TimelineView, x: float) -> bool:
    return LABEL_WIDTH <= x < view.viewport().width()


def test_set_zoom_keeps_the_as_of_line_where_it_is_and_scales_the_range(view):
    hbar = view.horizontalScrollBar()
    before = today_x(view)
    assert on_screen(view, before)
    content = hbar.maximum() + hbar.pageStep()
    view.setZoom("week")                  # zooming in around the middle pushed the line off screen
    assert today_x(view) == pytest.approx(before, abs=1.5)
    assert hbar.maximum() + hbar.pageStep() == pytest.approx(content * 6, abs=30)
    for zoom in ("year", "quarter", "month", "week", "month"):
        view.setZoom(zoom)
        view.viewport().repaint()
        assert on_screen(view, today_x(view)), zoom


def test_set_zoom_keeps_the_middle_date_when_the_as_of_line_is_off_screen(view):
    view.setZoom("week")
    view.horizontalScrollBar().setValue(0)
    assert not on_screen(view, today_x(view))
    middle = LABEL_WIDTH + view._chart_width() // 2
    centre = view.dateAt(middle)
    view.setZoom("week")
    assert abs((view.dateAt(middle) - centre).days) <= 1


def test_zoom_keys_keep_the_as_of_line_in_view(qtbot, view):
    QCursor.setPos(view.mapToGlobal(QPoint(-50, -50)))      # not over the chart: no mouse anchor
    before = today_x(view)
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.zoom() == "week" and today_x(view) == pytest.approx(before, abs=1.5)
    for key in (Qt.Key.Key_Minus, Qt.Key.Key_Minus, Qt.Key.Key_Minus, Qt.Key.Key_Plus, Qt.Key.Key_Plus):
        qtbot.keyClick(view, key)   # at 季 and 年 the whole range fits: the line stays on screen
        assert on_screen(view, today_x(view)), view.zoom()


def test_the_as_of_line_is_followed_when_it_moves(make_view):
    view = make_view(table_model(make_table()))
    view.setZoom("week")                  # room to scroll either way
    before = today_x(view)
    view.setToday(AS_OF + timedelta(days=20))
    assert today_x(view) == pytest.approx(before, abs=1.5)


def test_a_window_built_before_its_tasks_arrive_opens_on_the_as_of_date(qtbot):
    """The window makes its timeline over an empty list (the machine's today), then sets
    the as-of date and loads: the line must be on screen, not the calendar of years later."""
    model = TaskTableModel()
    view = TimelineView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(900, 400)
    view.setToday(AS_OF)
    with qtbot.waitExposed(view):
        view.show()
    table = make_table()
    model.set_table(table, assess(table, AS_OF))
    assert on_screen(view, today_x(view))
    first, last = view.dateRange()
    assert first <= AS_OF <= last <= date(2024, 8, 31) + timedelta(days=75)


def test_a_new_list_outside_the_view_shows_the_as_of_date(make_view):
    model = table_model(make_table())
    view = make_view(model)
    view.setZoom("week")
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())   # far right: October
    early = [(1, "早期任务", "2024-06-20", False, "推进中")]
    model.set_table(make_table(early), assess(make_table(early), AS_OF))        # ends with June
    assert on_screen(view, today_x(view))


def test_the_calendar_ends_near_the_last_deadline(view):
    """At 年 the whole range is narrower than the chart: the axis stops with the range
    (about two months after the last deadline, 2024-08-31), not years later."""
    view.setZoom("year")
    first, last = view.dateRange()
    assert date(2024, 8, 31) < last <= date(2024, 10, 31)
    end_x = int(LABEL_WIDTH - view.horizontalScrollBar().value() + view.dateScale().x(last + timedelta(days=1)))
    assert LABEL_WIDTH < end_x < view.viewport().width() - 100
    image = view.viewport().grab().toImage()
    for y in (HEADER_HEIGHT // 4, HEADER_HEIGHT * 3 // 4, row_y(view, 0), row_y(view, len(TASKS) + 1)):
        past = [image.pixelColor(x, y).name() for x in range(end_x + 3, view.viewport().width() - 20, 7)]
        assert set(past) == {OUTSIDE}, y        # no months, no quarters, no grid past the range
    # The open-ended (长期) bar stops with the calendar too.
    assert image.pixelColor(end_x - 12, row_y(view, 4)).name() != OUTSIDE
    assert image.pixelColor(end_x + 4, row_y(view, 4)).name() == OUTSIDE


# -- the label column ---------------------------------------------------------------------

OUTLINE = [  # two plans numbered alike, texts longer than the column
    (1, "组织排污口排查。对全县入河排污口开展全面排查，摸清底数，建立台账", "2024-06-30", False, "推进中"),
    (2, "组织排污口排查。对全县入河排污口开展全面排查，摸清底数，建立台账", "2024-07-31", False, "推进中"),
    (2, "持续推进马家山水库除险加固工程建设，确保汛前完工", "2024-08-31", False, "推进中"),
    (2, "短", "2024-08-31", False, "推进中"),
]


def test_labels_keep_the_number_and_elide_the_text(make_view):
    table = make_table(OUTLINE)
    table.seqs[:] = ["二/（一）", "三/（一）", "三/（十六）/104", "7"]
    view = make_view(table_model(table))
    shown = [view.rowLabel(row) for row in range(len(OUTLINE))]
    assert [number for number, _text in shown] == ["二/（一）", "三/（一）", "三/（十六）/104", "7"]
    for (number, text), task in zip(shown[:3], OUTLINE):
        assert text.endswith("…") and task[1].startswith(text[:-1])    # the text gave way
    assert shown[3] == ("7", "短")
    # The number's ink ends where the text's begins, on the row: nothing painted over it.
    image = view.viewport().grab().toImage()
    y = row_y(view, 2)
    ink = [x for x in range(LABEL_WIDTH) if image.pixelColor(x, y).lightness() < 120]
    assert ink and min(ink) >= 12                   # right of the light's dot


@pytest.mark.qt_log_ignore("This plugin does not support raise")   # the offscreen platform, showing a tooltip
def test_tooltip_names_the_task_and_its_dates(view):
    point = QPoint(100, row_y(view, 1))
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    text = QToolTip.text()
    assert "改造老旧小区" in text and "2024年6月5日" in text and "逾期" in text
    QToolTip.hideText()


def test_each_row_shows_its_light(view):
    """A 红黄绿 dot left of the number, in the light's colour (red for the overdue row 1)."""
    image = view.viewport().grab().toImage()
    y = HEADER_HEIGHT + 1 * ROW_HEIGHT + ROW_HEIGHT // 2
    assert QColor(image.pixelColor(6, y)).name() == "#d32f2f"
