"""The importer's work grows in proportion to its input, whatever the input's shape.

Counted, not timed: the Python lines run and the calls made while extracting an
input of size N and of size 2N (with distinct names, so that no cache hides work).
A step that compares every label, bracket or title with every other one takes about
four times the steps at twice the size; a linear one about twice. The sizes are
small enough to run in a moment; benchmarks/hostile_inputs.py times the same shapes
at full size.
"""
from __future__ import annotations

import sys
from collections.abc import Callable

import pytest

from importers.labels import find_labels
from importers.pipeline import extract_text

# Twice the input may cost a little over twice the calls (a sort, a longer number), never four times.
MOST = 2.5


def _steps(work: Callable[[], object]) -> int:
    """Python lines run and Python and built-in functions called (a loop in Python counts
    every turn; work inside one regex or string method counts once)."""
    count = 0

    def called(frame, event, argument) -> None:
        nonlocal count
        count += event in ("call", "c_call")

    def traced(frame, event, argument):
        nonlocal count
        count += event == "line"
        return traced

    sys.setprofile(called)
    sys.settrace(traced)
    try:
        work()
    finally:
        sys.settrace(None)
        sys.setprofile(None)
    return count


def _labels(count: int, first: int = 0) -> str:
    return "".join(f"责任单位：县第{number}局、" for number in range(first, first + count))


def _growth(make: Callable[[int, int], str], size: int, work: Callable[[str], object]) -> float:
    small, large = make(size, 0), make(2 * size, 10 * size)
    work(make(size, 100 * size))                          # first calls fill caches and compile patterns
    return _steps(lambda: work(large)) / _steps(lambda: work(small))


def test_find_labels_grows_linearly_with_the_labels() -> None:
    assert len(find_labels(_labels(400))) == 400
    assert _growth(_labels, 400, find_labels) < MOST


SHAPES: dict[str, Callable[[int, int], str]] = {
    # one task followed by many labelled units
    "labels": lambda n, first: f"一、加强安全生产监管，2023年12月底前完成。\n（{_labels(n, first)}）\n",
    # one item with many labelled parentheses
    "brackets": lambda n, first: "一、重点任务\n（一）" + "".join(
        f"推进第{k}项工作（责任单位：县第{k}局）；" for k in range(first, first + n)) + "\n",
    # many plans in one file, each a title and one task
    "plans": lambda n, first: "".join(
        f"平顺县第{k}项工作实施方案\n一、推进第{k}项工作。（责任单位：县第{k}局，2023年12月底前完成）\n"
        for k in range(first, first + n)),
    # many numbered items under one heading
    "items": lambda n, first: "平顺县2023年重点工作实施方案\n一、重点任务\n" + "".join(
        f"{k % 900 + 1}．推进第{k}项重点工作。（责任单位：县第{k}局，2023年12月底前完成）\n"
        for k in range(first, first + n)),
    # one line of prose with no line break
    "long line": lambda n, first: "关于加强安全生产的实施方案\n" + "".join(
        f"推进第{k}项隐患排查治理，县应急管理局负责。" for k in range(first, first + n)) + "\n",
    # one item whose sentences each give who and when (the last of an item's dates is its deadline)
    "dated sentences": lambda n, first: "关于加强安全生产的实施方案\n一、重点任务\n1.总体要求。" + "".join(
        f"完善第{k}项制度，县应急管理局牵头负责，2023年11月底前完成。" for k in range(first, first + n)) + "\n",
    # a tab-separated table of many rows
    "table": lambda n, first: "平顺县2023年重点工作任务分解表\n序号\t工作任务\t责任单位\t完成时限\n" + "".join(
        f"{k + 1}\t推进第{k}项重点工作\t县第{k}局\t2023年12月底前\n" for k in range(first, first + n)),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_extraction_grows_linearly(shape: str) -> None:
    assert _growth(SHAPES[shape], 200, lambda text: extract_text(text, "shape.txt")) < MOST
