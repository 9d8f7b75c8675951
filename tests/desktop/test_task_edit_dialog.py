"""编辑任务: only what the office changed goes back, names complete after 、, and a
re-import's different reading is the office's to choose."""
from datetime import date

from desktop.task_edit_dialog import TaskEditDialog, split_names
from models.upkeep.review import Difference, ReviewTask


def review_task(**changes) -> ReviewTask:
    fields = dict(id=7, seq="3", text="新建污水管网三公里。", line_start=10, line_end=11, lead=("县住建局",),
                  responsible=("县水利局", "县财政局"), cooperating=(), deadline=date(2023, 12, 31),
                  deadline_text="2023年底前", ongoing=False, recurrence=None, withdrawn=False, withdrawn_reason=None,
                  edited=frozenset(), flags=(), differences=(), version=2)
    fields.update(changes)
    return ReviewTask(**fields)


def test_nothing_changed_gives_no_change(qtbot):
    dialog = TaskEditDialog(None, review_task(), ["县住建局"], lambda phrase: None)
    qtbot.addWidget(dialog)
    edit = dialog.edit()
    assert not edit.changes_fields and edit.take_extracted == {}


def test_only_the_changed_fields_come_back(qtbot):
    dialog = TaskEditDialog(None, review_task(), ["县住建局", "县交通局"], lambda phrase: None)
    qtbot.addWidget(dialog)
    dialog.units["cooperating"].setText("县交通局，县林业局")
    dialog.deadline.setText("2024年6月底前")
    edit = dialog.edit()
    assert edit.units == {"cooperating": ("县交通局", "县林业局")}
    assert edit.deadline == "2024年6月底前" and edit.text is None and edit.ongoing is None


def test_the_deadline_phrase_is_read_when_typing_pauses(qtbot):
    asked = []
    dialog = TaskEditDialog(None, review_task(), [], asked.append)
    qtbot.addWidget(dialog)
    dialog.deadline.setText("每季度末")
    qtbot.waitUntil(lambda: bool(asked) and asked[-1] == "每季度末", timeout=3000)
    dialog.show_preview("将保存为周期性任务：每季度")
    assert dialog.deadline_preview.text() == "将保存为周期性任务：每季度"


def test_units_complete_after_the_last_separator(qtbot):
    dialog = TaskEditDialog(None, review_task(), ["县住房和城乡建设局", "县交通运输局"], lambda phrase: None)
    qtbot.addWidget(dialog)
    field = dialog.units["lead"]
    field.setText("县住建局、交通")
    completer = field.completer()
    assert completer.splitPath(field.text()) == ["交通"]
    completer.setCompletionPrefix("交通")
    assert completer.pathFromIndex(completer.completionModel().index(0, 0)) == "县住建局、县交通运输局"


def test_a_reimport_difference_is_kept_unless_the_office_takes_it(qtbot):
    task = review_task(edited=frozenset({"lead"}), differences=(Difference(41, 7, "lead", "县住建局", "县城管局"),))
    dialog = TaskEditDialog(None, task, [], lambda phrase: None)
    qtbot.addWidget(dialog)
    assert dialog.edit().take_extracted == {41: False}
    dialog.choices[41].button(1).setChecked(True)
    assert dialog.edit().take_extracted == {41: True}


def test_names_split_on_any_separator():
    assert split_names("县住建局、县水利局,县财政局；县林业局") == ("县住建局", "县水利局", "县财政局", "县林业局")


def test_an_empty_text_is_not_saved(qtbot):
    dialog = TaskEditDialog(None, None, [], lambda phrase: None, text="")
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.result() != TaskEditDialog.DialogCode.Accepted and "不能为空" in dialog.error.text()
