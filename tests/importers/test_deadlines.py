"""Deadline grammar: phrases and sentences from data/deadlines.tsv, plus working_year."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from importers.deadlines import find_deadline, find_last_deadline, number_of, parse_deadline, working_year
from importers.labels import parse_fields
from importers.records import Deadline

DATA = Path(__file__).parent / "data" / "deadlines.tsv"
COLUMNS = ("phrase", "year", "due", "recurrence", "ongoing", "context", "note")


def _unescape(field: str) -> str:
    # Line breaks of the dirty sources are written as \n in the data file.
    return field.replace("\\n", "\n").replace("\\t", "\t")


def _rows() -> list[pytest.param]:
    params = []
    header_seen = False
    for number, line in enumerate(DATA.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:
            assert tuple(line.split("\t")) == COLUMNS, "unexpected header"
            header_seen = True
            continue
        fields = [_unescape(f) for f in line.split("\t")]
        fields += [""] * (len(COLUMNS) - len(fields))
        row = dict(zip(COLUMNS, fields))
        label = f"{number}:{(row['phrase'] or row['context'])[:20]!r}"
        params.append(pytest.param(row, id=label))
    return params


ROWS = _rows()


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _expected(row: dict[str, str]) -> tuple[date | None, str | None, bool]:
    due = date.fromisoformat(row["due"]) if row["due"] else None
    return due, row["recurrence"] or None, row["ongoing"] == "ongoing"


def test_data_file_is_not_empty() -> None:
    assert len(ROWS) > 150


@pytest.mark.parametrize("row", [r for r in ROWS if not r.values[0]["context"]])
def test_parse_deadline(row: dict[str, str]) -> None:
    year = int(row["year"]) if row["year"] else None
    got = parse_deadline(row["phrase"], year)
    due, recurrence, ongoing = _expected(row)
    text = _compact(row["phrase"])
    while len(text) >= 2 and text[0] in "（(" and text[-1] in ")）":
        text = text[1:-1]  # the enclosing brackets of a parenthesised deadline
    assert got == Deadline(text=text or None, due=due, recurrence=recurrence, ongoing=ongoing)


@pytest.mark.parametrize("row", [r for r in ROWS if r.values[0]["context"]])
def test_find_deadline(row: dict[str, str]) -> None:
    year = int(row["year"]) if row["year"] else None
    context = row["context"]
    found = find_deadline(context, year)
    if not row["phrase"]:
        assert found is None
        return
    assert found is not None
    deadline, start, end = found
    due, recurrence, ongoing = _expected(row)
    assert _compact(context[start:end]) == _compact(row["phrase"])
    assert deadline == Deadline(text=_compact(row["phrase"]), due=due,
                                recurrence=recurrence, ongoing=ongoing)


def test_find_deadline_span_in_original_text() -> None:
    text = "（三）完成 2023 年\n\n12 月底前的验收（责任单位：县住建局）"
    deadline, start, end = find_deadline(text, 2022)
    assert text[start:end] == "2023 年\n\n12 月底前"
    assert deadline.text == "2023年12月底前"
    assert deadline.due == date(2023, 12, 31)


def test_find_deadline_takes_the_first_deadline() -> None:
    text = "2023年6月底前完成实验室整合，2023年8月底前完成人员配备。"
    deadline, start, end = find_deadline(text, 2023)
    assert (deadline.due, start, end) == (date(2023, 6, 30), 0, 9)


def test_a_schedule_s_last_step_opened_by_its_time_is_the_deadline() -> None:
    """(…；四季度新改建公厕投入使用。: the step's verb after the work's name; several dates, the last completes it)"""
    text = "一季度完成选址、设计等前期工作；二季度全面开工；三季度基本完成项目建设；四季度新改建公厕投入使用。"
    deadline, start, end = find_last_deadline(text, 2020)
    assert (deadline.text, deadline.due) == ("四季度", date(2020, 12, 31))


def test_parse_deadline_never_raises_on_odd_text() -> None:
    for text in ("2月30日前", "0月底", "32日", "-", "——", "每月0日", "2023年13月", "年", "月底前"):
        assert isinstance(parse_deadline(text, 2023), Deadline)


@pytest.mark.parametrize(
    ("title", "issued", "expected"),
    [
        ("平顺县2023年度县城园林绿化实施方案", date(2024, 1, 5), 2023),
        ("稷山县2022年冬季清洁取暖工作实施方案", date(2022, 9, 1), 2022),
        ("偏关县2022年农作物秸秆能源化利用模式县项目实施方案", date(2023, 3, 1), 2022),
        ("关于做好2023年安全生产工作的通知（附件：重点任务分工）", None, 2023),
        ("２０２３年市政府工作报告重点工作任务分解方案", None, 2023),
        ("关于推进网络货运平台健康发展实施方案", date(2023, 12, 17), 2023),
        # A span or a plan period names no single year: the issue year.
        ("平顺县地下水污染防治2022-2023年行动计划", date(2023, 5, 4), 2023),
        ("平顺县保水环境质量稳定2022—2023年行动计划", date(2023, 5, 4), 2023),
        ("平顺县“十四五”残疾人保障和发展规划", date(2023, 7, 1), 2023),
        ("某县2021年至2025年农村公路建设规划", date(2022, 2, 1), 2022),
        (None, date(2022, 4, 13), 2022),
    ],
)
def test_working_year(title: str | None, issued: date | None, expected: int) -> None:
    assert working_year(title, issued) == expected


def test_working_year_default() -> None:
    assert working_year("关于加强扶贫项目资产后续管理的实施方案", None) is None
    assert working_year("关于加强扶贫项目资产后续管理的实施方案", None, default=2023) == 2023
    assert working_year(None, None, default=2021) == 2021


def test_a_deadline_field_ends_where_the_notice_s_signature_begins() -> None:
    fields = parse_fields("完成城区污水管网改造。\n责任单位：县住建局\n完成时限：2024年4月15日\n平安县人民政府督查室\n2024年4月1日")
    assert fields.deadline_text == "2024年4月15日"


def test_a_deadline_field_a_line_break_cut_is_read_whole() -> None:
    assert parse_fields("完成改造。\n责任单位：县住建局\n完成时限：2024年10\n月底前").deadline_text == "2024年10月底前"


def test_next_year_counts_from_the_year_of_writing() -> None:
    """明年 in a 2025 plan issued in December 2024 is 2025; 次年 follows the plan's own year."""
    year = working_year("2025年县政府工作报告重点任务分工", date(2024, 12, 20))
    assert year == 2025
    assert parse_deadline("明年6月底前", year).due == date(2025, 6, 30)
    assert parse_deadline("次年3月底前", year).due == date(2026, 3, 31)
    assert parse_deadline("年底前", year).due == date(2025, 12, 31)
    # Issued in its own year, or with no issue date known, 明年 is the year after the plan's.
    assert parse_deadline("明年6月底前", working_year("2025年工作要点", date(2025, 2, 1))).due == date(2026, 6, 30)
    assert parse_deadline("明年6月底前", 2025).due == date(2026, 6, 30)


@pytest.mark.parametrize(("token", "value"), [("②", 2), ("⑩", 10), ("⑳", 20), ("⑵", 2), ("12", 12), ("１２", 12),
                                              ("三", 3), ("二十一", 21), ("二〇二三", 2023)])
def test_an_item_s_number_in_any_script_is_its_value(token: str, value: int) -> None:
    # (② is a digit to Python but no decimal: int('②') raised, and a plan of circled items was lost whole)
    assert number_of(token) == value
