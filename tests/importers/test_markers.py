"""Item numbers as plans write them, and figures at a line's start that are none
(a PDF breaks a sentence before 2.5万亩 as readily as anywhere)."""
import pytest

from importers.outline import marker_of


@pytest.mark.parametrize("line, kind, label", [
    ("一、重点任务", "cn", "一"), ("（二）强化保障", "cn()", "（二）"), ("3.新建公园", "num.", "3"),
    ("6.10月31日前完成", "num.", "6"), ("（4）开展检查", "num()", "（4）"), ("②开展检查", "circled", "②"),
    ("1 重点任务", "dec1", "1"), ("1.1 建设政务云", "dec2", "1.1"), ("2.3扑火指挥", "dec2", "2.3"),
    ("1.2.1 建设人口库", "dec3", "1.2.1"), ("工作任务：建成智慧停车平台", "record", ""),
    ("活动二、开展文明社区创建", "ordinal", "活动二"), ("專項行動一、開展整治", "ordinal", "專項行動一"),
    ("工程三：新建污水管网", "ordinal", "工程三"),
])
def test_item_numbers(line, kind, label):
    assert marker_of(line)[:2] == (kind, label)


@pytest.mark.parametrize("line", [
    "2.5万亩，全面完成", "5.024948公顷，住宅用地", "3 个领域", "4.5 小时内到达现场", "1.2 亿元用于改造",
    "10.5 个百分点", "2024年重点任务", "85.2",
])
def test_figures_are_no_item_numbers(line):
    assert marker_of(line)[0] is None
