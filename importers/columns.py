"""Tables that PDF conversion printed column by column (a "column dump").

Each column's cells come one after another, cells separated by blank
lines... which `lines_of` has already dropped, so cells are told apart by
what they hold. Recognised by a header that names 项目名称 and a
responsibility column; rows are rebuilt by position: the k-th name goes
with the k-th unit.
"""
from __future__ import annotations

from .layout import Line
from .tables import Row


def column_dump_rows(lines: list[Line], index: int) -> tuple[list[Row], int] | None:
    return None
