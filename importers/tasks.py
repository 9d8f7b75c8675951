"""Which items of a plan are tasks, and what each one assigns.

The rules are those of docs/task_record.md (the office's EXTRACTION.md): an item is a task when it
carries a labelled field, a deadline parenthesis of its own, an unlabelled
parenthesis of units with role words, a closing role sentence (由X牵头，Y配合),
or sits under a heading that assigns it (（三）县发改局牵头负责的工作).
"""
from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass, replace
from itertools import takewhile

from .compiled_patterns import regex
from .deadlines import MILESTONE_LINE, TIME_ALONE, find_deadline, find_last_deadline, number_of, parse_deadline
from .headers import DEADLINE
from .labels import (OTHER_FIELD, PROGRESS_FIELD, STAGE_FIELD, TASK_TEXT_LABEL, ends_with_a_role_bracket, expand_short_labels, field_start, find_labels, label_role, opens_a_field,
                     OFFICE_KIND_BRACKET, paired_labels_apart, parse_fields, semicolons_as_colons, split_deadline, split_leading_deadline, unbracket_labels,
                     without_person_asides)
from .outline import ABOVE, ASSIGNING_HEADING, ASSIGNING_HEADING_LINE, ITEM_COUNT, BULLETS, SENTENCE_ENDS, Item, assigns_the_items_above, marker_of
from .records import NO_DEADLINE, Deadline
from .text import CLOSE, OPEN, simplified, split_top_level, squeeze, tidy
from .units import (ACTION, CUT_NAME, FIRST_UNIT_LEADS, OFFICE_ALONE, PLACED_NAME, QUANTITY, ROLES, UnitRoles, has_short_labels, is_role_list, is_unit_list,
                    looks_like_person, looks_like_unit, parse_unit_cell, parse_units, parse_units_with_remarks, role_of_phrase)


@dataclass(frozen=True)
class TaskDraft:
    """A task before it is tied to its plan: text, units, deadline and place."""

    seq: str | None
    text: str
    units: UnitRoles
    deadline: Deadline
    line_start: int
    line_end: int


_PERSON = regex(r"县长|书记|主任(?!办)|同志|常委|领导(?!小组)|政委|局长")
_HEADING_TAIL = regex(r"[（(]\s*\d+\s*项\s*[）)]\s*$|[：。:]\s*$")
_DEADLINE_CHARS = regex(
    r"^[0-9年月日号底前内上下半季度一二三四五六七八九十至到—\-~～初中末旬完成以之止及长期坚持持续推进常态化每份个工作天周年度截今本明始起开展全年份、，即自]+$")


# (what is assigned: 工作, 任务, 事项, 工作任务, 重点工作…)
_ASSIGNED = r"(?:重点|主要)?(?:工作任务|工作事项|工作|任务|事项)"
_COORDINATES = regex(rf"(?P<a>.+?)(?:协调|统筹)[，、]?(?P<b>.+?)负责落实的{_ASSIGNED}")
# (…together: 县财政局、县税务局共同牵头负责的工作)
_LEADS = regex(rf"(?P<a>.+?)(?:共同|联合)?(?:牵头负责|牵头落实|负责落实|牵头|负责)(?:的?{_ASSIGNED}(?:清单)?)?")
_COMPLETES = regex(r"(?P<a>.+?)(?:负责)?完成以下.{0,12}(?:工作|任务|事项)")
# 县公安局主要工作任务, 县自然资源局的重点任务: a unit's own tasks listed under its name
_ITS_TASKS = r"(?:(?:主要|重点)(?:工作)?任务|工作任务)"
_TASKS_OF = regex(rf"(?P<a>.+?)的?{_ITS_TASKS}")


def heading_assignment(text: str) -> UnitRoles | None:
    """Units a heading assigns to the items under it, or None."""
    # 由县财政局牵头的工作: 由 is no part of the unit.
    heading = simplified(squeeze(text.split("。")[0])).removeprefix("由")
    if heading.endswith(("）", ")", "：", "。", ":")):      # (what _HEADING_TAIL can end with: most headings do not)
        heading = _HEADING_TAIL.sub("", _HEADING_TAIL.sub("", heading))
    # The rules read the simplified heading; the units are cut from the heading as written.
    written = squeeze(text.split("。")[0])
    written = written[1:] if simplified(written[:1]) == "由" else written
    if len(heading) > 60 or _PERSON.search(heading):
        return None
    if "负责" not in heading and "牵头" not in heading and "完成以下" not in heading and "任务" not in heading:
        return None                   # (every form below names one of these: most headings are done here)
    match = _COORDINATES.fullmatch(heading)
    if match:
        lead = _units_only(written[match.start("a"):match.end("a")])
        responsible = _units_only(written[match.start("b"):match.end("b")])
        if lead:
            return UnitRoles(lead=lead, responsible=responsible or [])
    if (roles := _two_roles(heading, written)) is not None:
        return roles
    match = _LEADS.fullmatch(heading) or _COMPLETES.fullmatch(heading) or _TASKS_OF.fullmatch(heading)
    if match:
        lead = _units_only(written[match.start("a"):match.end("a")])
        if lead:
            return UnitRoles(lead=lead)
    return None


def _two_roles(heading: str, written: str) -> UnitRoles | None:
    """村镇股牵头、各乡镇配合的工作, 县住建局牵头，县城管局负责落实的工作: a heading naming units in two
    roles, each by its own role word; the one in charge leads the items (X负责，Y配合的工作: X), as
    the one unit of 县财政局负责的工作 does."""
    tail = _ASSIGNED_TAIL.search(heading)
    if tail is None or not any(mark in heading[:tail.start()] for mark in "，、,"):
        return None
    who = written[:tail.start()]
    if not is_role_list(who):
        return None
    roles = parse_units(who)
    if sum(map(bool, (roles.lead, roles.responsible, roles.cooperating))) < 2:
        return None                     # (县发改局、县财政局牵头的工作: one role, read below)
    if not roles.lead:
        roles.lead, roles.responsible = roles.responsible, []
    return roles


_ASSIGNED_TAIL = regex(rf"的{_ASSIGNED}(?:清单)?$")


# （二）县农业农村局主要工作任务： (or 工作任务：) over a paragraph of its own
_UNIT_S_TASKS_HEADING = regex(rf"[^。；，：:\n]{{2,30}}?的?{_ITS_TASKS}[：:]")


def _heading_over_its_body(text: str) -> tuple[UnitRoles, str] | None:
    """（一）县审计局牵头的工作 / 全面加强政府投资项目审计。, or （二）县农业农村局主要工作任务： / 推广…:
    an assigning heading over an unnumbered paragraph of its own (maybe run onto the heading's line
    where a narrow page filled it): the heading's units and the paragraph."""
    heading = ASSIGNING_HEADING.match(text) or _UNIT_S_TASKS_HEADING.match(text) or ASSIGNING_HEADING_LINE.match(text)
    if heading is None:
        return None
    body = text[heading.end():].lstrip("\n ")
    if len(_NOT_WORDS.sub("", body)) < 4 or find_labels(body[:8]):
        return None
    roles = heading_assignment(heading.group())
    return (roles, body) if roles is not None else None


def _counted_paragraphs(text: str, body: str) -> list[str]:
    """The body under an assigning heading as its tasks: a paragraph each where the heading counts as many
    (县住建局牵头工作（3项） over three paragraphs), else the whole body one task."""
    count = ITEM_COUNT.search(text[:len(text) - len(body)])
    if count is None:
        return [body]
    paragraphs = [""]
    for line in body.split("\n"):
        if not paragraphs[-1] and len(paragraphs) > 1 and line.lstrip().startswith(("（", "(")):
            paragraphs.pop()            # (…储备重大项目30个以上。 / （11月底前完成）: the paragraph's bracket, wrapped)
        paragraphs[-1] += line
        if paragraphs[-1].rstrip().endswith(_A_PARAGRAPH_S_END):
            paragraphs.append("")       # (a line a page broke mid-sentence, 投资3亿元（11 / 月底前完成）, goes on)
    paragraphs = [paragraph for paragraph in paragraphs if paragraph.strip()]
    return paragraphs if len(paragraphs) == int(count.group(1)) > 1 else [body]


_A_PARAGRAPH_S_END = ("。", "；", "！", "？", "）", ")")


def _heading_with_labels_below(item: Item) -> UnitRoles | None:
    """（一）县公安局主要工作任务： / 1.… 2.… / 协助单位：X、Y: a heading that assigns its items, and
    the label lines that came after them (put back on the heading, whose items they close): the
    heading's units and the labels' together are every item's."""
    first, _, rest = item.text.partition("\n")
    if not rest or not find_labels(rest):
        return None
    roles = heading_assignment(first)
    if roles is None:
        return None
    roles.extend(parse_fields(rest).units)
    return roles


def _paragraphs_each_with_labels(item: Item) -> bool:
    """（一）开展安全知识进企业活动。组织专家…讲座10场。 / 责任单位：县应急局牵头，… / 各乡镇要组织…。 /
    责任单位：各乡镇人民政府。: the item's heading goes on into its work, closed by labels of its own, and
    the paragraphs after it (unnumbered) each have their own: a task each, none the heading of the others."""
    heading = marker_of(item.lines[0].stripped)[2].strip()
    return "。" in heading[:-1] and bool(find_labels(item.text)) \
        and all(child.kind is None and find_labels(child.text) for child in item.children)


def _label_lines_under_the_heading(item: Item) -> UnitRoles | None:
    """（一）开办企业便利化行动 / 牵头单位：县市场监管局 / 配合单位：县税务局 / 1.… 2.…: label lines of
    their own between a section's heading and its numbered items assign them all, as the same
    labels in the heading's bracket do (_bracket_heading)."""
    if len(item.lines) < 2 or not item.children or not (
            _heads_numbered_items(item) or any(find_labels(child.text) for child in item.children)
            # （一）第一检查组 / 牵头单位：… / 检查范围：…: the group's work as a record of its own
            or _records_under_a_section(item)):
        return None
    if _labels_after_its_parts(item):
        return None                     # (…under its parts: the section is the task, _walk)
    if _paragraphs_each_with_labels(item):
        return None
    below = _lines_over_the_items(item)
    labels = find_labels(below)
    if not labels or labels[0][0] != len(below) - len(below.lstrip()):
        return None                     # (the heading's words go on below it, or a sentence does)
    return parse_fields(below).units or None


def _lines_over_the_items(item: Item) -> str:
    """The section's lines between its heading's first line and its first item (its label lines)."""
    return "\n".join(line.stripped for line in item.lines[1:]
                     if not item.children or line.number < item.children[0].line_start)


def _labels_after_its_parts(item: Item) -> bool:
    """（一）净化环境 / 1.… 2.… 3.… / 完成时间：… / 责任单位：…: label lines put back on a section (outline's
    _assigns_parent) after its numbered parts, none of which has units of its own."""
    return len(item.lines) >= 2 and bool(item.children) and item.lines[-1].number > item.children[-1].line_end \
        and all(not child.children and child.kind in _NUMBERED_KINDS for child in item.children)


def _records_under_a_section(item: Item) -> bool:
    """（一）第一检查组 / 牵头单位：… / 检查范围：…: a section whose children are all records (label lines
    naming its work), none with parts of its own."""
    return item.kind in _SECTION_KINDS and bool(item.children) \
        and all(child.kind == "record" and not child.children for child in item.children)


# An office's own name (党政办公室, 规划建设局): not looks_like_unit, for which 开办企业 ends like a unit.
_AN_OFFICE = regex(r".{1,12}(?:局|办|办公室|委|委员会|部|中心|室|科|股|所|站|队|院)")
# (its title maybe closed by a stop first: 一、夯实统计基层基础。（责任股室：综合股）)
_HEADING_BRACKET = regex(r"^(?P<title>[^。；，]{2,40}?)。?[（(](?P<units>[^（）()]{2,60})[)）]\s*$")
# …or its labels after its title's stop, with no bracket: 二、提升统计服务水平。责任股室：信息股；配合股室：综合股。
_HEADING_LABELS = regex(r"^(?P<title>[^。；，]{2,40}?)。(?P<units>[^（）()。]{4,80})。?\s*$")


def _bracket_heading(item: Item) -> UnitRoles | None:
    """一、强化科技创新（县科技局牵头）: a heading whose own line ends in a role
    parenthesis assigns the items under it, as 县科技局牵头的工作 would. So does a
    labelled one (一、扩大有效投资（牵头单位：县发改局）) over items with labels of their
    own, or a section's over its numbered items (1. 2.); over an item's parts without any
    ((1) (2) under 5.), the item is the task and its parts are its text."""
    line = _heading_line(item)
    match = _HEADING_BRACKET.match(line)
    labelled = _HEADING_LABELS.match(line) if not match else None
    if labelled or match and "。" in line[:match.start("units")]:
        # (a title closed by its stop, then its units: a sentence's bracket where the items have their own)
        if not _heads_numbered_items(item) \
                or not _leads_only(match) and any(find_labels(child.text) or ends_with_a_role_bracket(child.text)
                                                  for child in item.children):
            return None
        if labelled:
            labels = find_labels(labelled.group("units"))
            return parse_fields(labelled.group("units")).units or None if labels and labels[0][0] == 0 else None
    if not match:
        return None
    content = match.group("units")
    if is_role_list(content):
        return parse_units(content) or None
    who, when = split_deadline(content)
    if when and is_role_list(who):      # （县交通局牵头，2024年底前）: its time is its items' (_heading_time)
        return parse_units(who) or None
    if _heads_numbered_items(item) and _all_units(content) and not _AN_OFFICE.fullmatch(match.group("title")):
        # （一）开办企业（县市场监管局） / 1.… 2.…: a section named with its units and no role word, over
        # numbered items; its units lead them, as an assigning heading's do (not 党政办公室（督查室）: a
        # unit with its other names)
        return UnitRoles(lead=parse_units(content).responsible) or None
    if find_labels(content) and (any(find_labels(child.text) for child in item.children)
                                 or _heads_numbered_items(item)):
        return parse_fields(content).units or None
    return None


def _leads_only(match: re.Match[str] | None) -> bool:
    """（州扶贫办牵头）: a heading's bracket naming its lead alone, as an assigning heading's does."""
    if match is None:
        return False
    roles = parse_units(match.group("units")) if is_role_list(match.group("units")) else None
    return bool(roles and roles.lead and not roles.responsible and not roles.cooperating)


def _heading_line(item: Item) -> str:
    """The heading's own line, rejoined where a PDF broke it inside its parenthesis, or before it
    (（一）整治校园周边交通秩 / 序（县公安局牵头，… / …底前）: a full line, then its bracket)."""
    pieces = item.text.split("\n")
    first = pieces[0]
    for piece in pieces[1:4]:
        opened = sum(first.count(mark) for mark in OPEN)
        if opened > sum(first.count(mark) for mark in CLOSE):
            first += piece
        elif not opened and len(item.lines) > 1 and _broke_before_its_bracket(first, piece, item.lines):
            first += piece
        elif not opened and not first.endswith(("。", "）", ")")) and find_labels(first + piece):
            first += piece              # (二、优化经办服务。责任股 / 室：待遇保障股；配合股室 / ：办公室。: its labels go on)
        else:
            break
    return first


def _broke_before_its_bracket(first: str, piece: str, lines: list) -> bool:
    """The heading's line ends where a page's width broke it, and its bracket opens on the next."""
    whole_bracket = piece[:1] in OPEN and piece.rstrip()[-1:] in CLOSE     # (…建设。 / （县交通局牵头）: the title's stop first)
    return (whole_bracket or not first.rstrip().endswith(SENTENCE_ENDS)) and any(mark in piece for mark in OPEN) \
        and len(lines[0].stripped) >= 0.9 * len(lines[1].stripped) and not opens_a_field(piece, first)


def _heading_time(item: Item) -> str | None:
    """The time an assigning heading gives the items under it: from its own line's bracket
    (（一）…（县交通局牵头，2024年底前）) or its label lines (完成时限：… between it and its items)."""
    first = _heading_line(item)
    match = _HEADING_BRACKET.match(first)
    if match:
        content = match.group("units")
        if find_labels(content):
            return parse_fields(content).deadline_text
        return split_deadline(content)[1]
    if len(item.lines) >= 2 and item.children:
        below = _lines_over_the_items(item)
        if find_labels(below):
            return parse_fields(below).deadline_text
    return None


_SECTION_KINDS = ("chapter", "cn", "ordinal", "cn()", "place")   # (place: a place named over its problems, outline)
_NUMBERED_KINDS = ("cn()", "num.", "num()", "num)", "circled", "dec1", "dec2")


_NAMED_UNIT = regex(r"(?P<name>[^（(：:，。；]{2,30}?)(?:[（(](?P<others>[^（）()]{2,40})[)）])?")


def _names_a_unit_alone(item: Item) -> bool:
    """（一）党政办公室（党群工作部、督查室） over 1.… 2.…: a section named by a unit alone, its other
    names in brackets. It is no task, and the brackets assign it nothing. (Its items are the
    unit's own: a department-by-department list, of standing duties as often as of tasks, which
    the contract leaves unassigned.)"""
    if not _heads_numbered_items(item):
        return False
    named = _NAMED_UNIT.fullmatch(squeeze(item.text).replace("\n", ""))
    return named is not None and bool(named.group("others")) and looks_like_unit(simplified(named.group("name"))) \
        and _all_units(named.group("others"))


def _heads_numbered_items(item: Item) -> bool:
    """A section (一、…, （一）…) over numbered items (（一） under 一、, 1. under either): they are its tasks."""
    return item.kind in _SECTION_KINDS and any(child.kind in _NUMBERED_KINDS and child.kind != item.kind
                                               for child in item.children)


def _opening_role_sentence(item: Item) -> UnitRoles | None:
    """二、治理蔬菜污染 / 由县农业农村局牵头，县市场监管局配合。 / （一）… (二)…: a sentence of who
    does it, alone after a section's heading, assigns the numbered items under it."""
    if not _heads_numbered_items(item):
        return None
    sentences = []
    if len(item.lines) >= 2 and "。" not in item.lines[0].stripped and not item.lines[0].stripped.endswith("；"):
        # (not a line holding the heading's stop: …乱堆乱放。由县交通运 / 输局牵头，…, read whole below)
        sentences.append("".join(line.stripped for line in item.lines[1:]))
    # （一）整治公路沿线乱堆乱放。由县交通运输局牵头，沿线各乡镇配合。: the heading's sentence, then
    # the one of who does it, on one line (or on lines a narrow page broke anywhere)
    text = item.text.replace("\n", "")
    heading_end = text.find("。")
    if 0 < heading_end <= _HEADING_LONGEST and "，" not in text[:heading_end] \
            and text[heading_end + 1:].lstrip().startswith(("由", "並由", "并由")):
        sentences.append(text[heading_end + 1:])
    for sentence in sentences:
        roles = _roles_of_an_opening(sentence)
        if roles is not None:
            return roles
    return None


def _works_each_by_whom(written: str, plain: str) -> UnitRoles | None:
    """城区排涝泵站检修由县住建局负责，山塘水库除险由县水利局负责。: a sentence of parts of the work, each
    named in a few words and then who does it; their units together, or None."""
    roles = UnitRoles()
    offset = 0
    clauses = split_top_level(plain.rstrip("。；; \n"), "，")
    for clause in clauses:
        topic = _THIS_WORK.match(clause) or _TOPIC_THEN_BY.match(clause)
        start = offset + (topic.end() + 1 if topic else 0)
        offset += len(clause) + 1
        who = written[start:offset - 1]
        if topic is None or _OWN_RULE.search(topic.group()) or not is_role_list(who):
            return None
        roles.extend(parse_units(who))
    return roles if len(clauses) > 1 and roles else None


def _roles_of_an_opening(sentence: str) -> UnitRoles | None:
    """The units of a section's opening sentence of who does it (由X牵头，Y配合。), or None."""
    if sentence.count("。") > 1 or len(sentence) > 120:
        return None
    closing = _closing_role_sentence(sentence)
    if closing is None:
        return None
    # (from the sentence's start, or after the work it names: 城区整治任务由X牵头，Y配合。)
    named = _THIS_WORK.match(simplified(sentence)) if closing[0] else None
    return closing[2] if closing[0] == 0 or named and named.end() == closing[0] else None


def _units_only(written: str) -> list[str] | None:
    """The units of a heading phrase, or None if any part is not a unit."""
    parts = [part for part in split_top_level(written, "、，") if part]
    if not parts:
        return None
    units = []
    for part in parts:
        name, _ = role_of_phrase(part)
        if not looks_like_unit(name) and name not in OFFICE_ALONE:
            return None                 # (一、办公室牵头负责的工作: a bureau's office by its bare name)
        units.append(name)
    return units


def item_tasks(items: list[Item], year: int | None) -> list[TaskDraft]:
    """Tasks of an outline, in document order."""
    drafts: list[TaskDraft] = []
    token = _OUTLINE_ROOTS.set(items)   # (the siblings of an item with no parent, asked of by a few rules)
    covering = _covered_by_lines_below(items) if len(items) > 1 else {}
    try:
        for index, item in enumerate(items):
            if index in covering and covering[index] is None:
                continue                # the line that assigned the items above it
            _walk(item, covering.get(index), year, drafts)
    finally:
        _OUTLINE_ROOTS.reset(token)
    return drafts


_OUTLINE_ROOTS: ContextVar[list[Item]] = ContextVar("outline_roots", default=[])


def _walk(item: Item, inherited: UnitRoles | None, year: int | None, drafts: list[TaskDraft]) -> None:
    # Articles of a regulation (第七条 X由Y负责) state standing duties, not assignments.
    own_heading = None
    if item.kind and item.kind not in ("article", "chapter"):
        own_heading = heading_assignment(item.text) or (
            (_bracket_heading(item) or _opening_role_sentence(item) or _heading_with_labels_below(item)
             or _label_lines_under_the_heading(item))
            if item.children else None)
    if own_heading is not None and item.children:
        if _records_under_a_section(item):
            # （一）第一检查组 / 牵头单位：… / 检查范围：…: the group's work, named by the group (第一检查组：…)
            name = marker_of(item.lines[0].stripped)[2].strip().rstrip("；;。：:")
            for child in item.children:
                draft = _task_of(child, own_heading, year, text=f"{name}：{child.text}")
                if draft is not None:
                    drafts.append(draft)
            return
        first = len(drafts)
        for child in item.children:
            _walk(child, own_heading, year, drafts)
        when = _heading_time(item)
        if when:
            # （一）加强道路养护（县交通局牵头，2024年底前） / 1.… 2.…: the heading's time is its items' where
            # they give none of their own (an inner heading's, filled first, stays)
            deadline = parse_deadline(when, year)
            drafts[first:] = [replace(draft, deadline=deadline) if draft.deadline == NO_DEADLINE else draft
                              for draft in drafts[first:]]
        return
    if item.kind and own_heading is None and _labels_after_its_parts(item):
        # （一）净化环境 / 1.… 2.… 3.… / 完成时间：5月10日前 / 责任单位：…: one task, the section's, its
        # parts its words (as parts closed by one bracket are, below)
        heading = Item(item.kind, item.label, [line for line in item.lines if line.number < item.children[0].line_start],
                       typical=item.typical)
        labels = Item(None, None, [line for line in item.lines if line.number > item.children[-1].line_end],
                      typical=item.typical)       # (as an item joins its lines: a full one a page broke, at once)
        words = "\n".join([heading.text, *(child.text for child in item.children), labels.text])
        draft = _task_of(item, inherited, year, text=words)
        if draft is not None:
            drafts.append(replace(draft, line_end=item.lines[-1].number))
            return
    if item.kind and own_heading is None and (whole := _parts_closed_by_one_bracket(item)) is not None:
        # 2.推进垃圾治理。 / （1）新建转运站1座； / （2）配置车辆10辆。（县城管局负责）: one list of parts,
        # the bracket after the last closing them all; the item is the task and its parts its words
        draft = _task_of(item, inherited, year, text=whole)
        if draft is not None:
            drafts.append(replace(draft, line_end=item.children[-1].line_end))
            return
    if item.kind and not item.children and (opened := _heading_over_its_body(item.text)) is not None:
        # （一）县审计局牵头的工作 / 全面加强政府投资项目审计。: the heading assigns the words under it
        roles, body = opened
        for words in _counted_paragraphs(item.text, body):
            draft = _task_of(item, roles, year, text=words)
            if draft is not None:
                drafts.append(draft)
        return
    if (item.kind or item.parent is not None) and not item.children and own_heading is None \
            and (sentences := _sentences_each_assigned(item.text)) is not None:
        # （一）扩大投资。新开工项目30个（县发改局牵头）。争取债券5亿元（县财政局牵头，县发改局配合）。:
        # each sentence closed by the bracket that assigns it is a task of its own
        for words in sentences:
            draft = _task_of(item, inherited, year, text=words)
            if draft is not None:
                drafts.append(draft)
        return
    draft = None if own_heading is None and (_names_a_unit_alone(item) or _a_safeguard_s_duty(item, inherited)) else \
        _task_of(item, inherited if own_heading is None else None, year, heading_units=own_heading)
    if draft is not None and own_heading is None and inherited and _a_group_s_name_under_the_heading(item, draft, inherited):
        draft = None                    # 一、县住建局牵头工作 / （一）城市建设 / 1.…: the items' group, no task
    measures = _measures_under_a_requirement(item) if item.children else {}
    if measures:
        # 整改措施：（1）由X负责…。 / （2）由Y负责…: the measures on lines of their own are the item's
        roles = UnitRoles()
        for measure in measures.values():
            roles.extend(measure)
        if draft is None:
            draft = _task_of(item, roles, year)
        else:
            draft.units.extend(roles)
    if draft is not None and item.children and not draft.deadline.due \
            and all(child.kind in _PART_KINDS and not child.children and MILESTONE_LINE.match(child.text)
                    for child in item.children):
        # 3.城西冷链物流园（责任单位：县商务局） / （1）5月底前完成土地摘牌； / （2）9月底前开工建设。: the
        # item's schedule, the last milestone its deadline
        found = find_last_deadline(item.children[-1].text, year)
        if found:
            drafts.append(replace(draft, deadline=found[0], line_end=item.children[-1].line_end))
            return
    if draft is not None:
        drafts.append(draft)
    covering = _covered_by_lines_below(item.children) if len(item.children) > 1 else {}
    for index, child in enumerate(item.children):
        if index in covering and covering[index] is None or index in measures:
            continue                    # the line that assigned the items above it; a measure of the item's
        _walk(child, covering.get(index) or inherited, year, drafts)


_PART_KINDS = ("num()", "num)", "circled", "bullet")
# A plan's chapter of safeguards after its tasks (五、保障措施, 三、工作要求, 组织保障): the duties its parts state in
# passing (县…领导小组负责统筹协调，办公室设在…) are no tasks (EXTRACTION.md: free sentences outside the task list).
_SAFEGUARDS = regex(r"(?:\S{0,12}的)?(?:保障措施|组织保障|工作保障|保障机制|工作要求|有关要求|组织实施)[。：:]?")


def _a_safeguard_s_duty(item: Item, inherited: UnitRoles | None) -> bool:
    """An item of a safeguards chapter with no label, no bracket and no heading's units over it: a duty said in
    passing, no task."""
    if inherited or item.kind is None or find_labels(item.text) or any(mark in item.text for mark in OPEN):
        return False
    parent = item.parent
    while parent is not None:
        if parent.kind is not None and _SAFEGUARDS.fullmatch(marker_of(parent.lines[0].stripped)[2].strip()):
            return True
        parent = parent.parent
    return False


_CLAUSE_ENDS = "。；;，,"


def _closes_a_clause(text: str, start: int, end: int) -> bool:
    """Is the bracket at text[start:end + 1] a clause's last words: a stop after it, the text's end,
    or a sentence's stop right before it (…创新发展。（市发改委负责）引导…)?"""
    return text[end + 1:].lstrip()[:1] in _CLAUSE_ENDS or text[:start].rstrip()[-1:] in "。；;"


def _sentences_each_assigned(text: str) -> list[str] | None:
    """The item's words cut after each bracket that assigns a sentence (or a clause) of it, where two
    or more do and every bracket that assigns closes one (…30个（县发改局牵头）。争取…（县财政局牵头）。);
    None for an item assigned once, or by brackets inside its clauses or by labels."""
    brackets = _brackets(text)
    closing = [(start, end) for start, end in brackets if _closes_a_clause(text, start, end)]
    # (…（牵头单位：县发改局，责任单位：县: the last sentence's bracket cut open by the page's end counts too)
    opened = text.rfind("（") if closing and "（" in text[closing[-1][1]:] else -1
    cut_open = opened if opened > 0 and opened > closing[-1][1] and "）" not in text[opened:] \
        and any(mark in text[closing[-1][1]:opened] for mark in "。；;") and find_labels(text[opened:]) else None
    if len(closing) + (cut_open is not None) < 2:
        return None                     # (most items: one bracket or none closes a clause)
    cuts = []
    for start, end in brackets:
        read = _assigning_parenthesis(text[start + 1:end])
        if read is None or not read[0]:
            continue
        if not _closes_a_clause(text, start, end):
            return None                 # (…（县住建局牵头）、…: a bracket inside a clause)
        after = text[end + 1:].lstrip()
        stop = after[:1] in _CLAUSE_ENDS and bool(after)
        cuts.append(end + 1 + (len(text[end + 1:]) - len(after)) + (1 if stop else 0))
    if len(cuts) + (cut_open is not None) < 2 \
            or find_labels(_mask(text, brackets + ([(cut_open, len(text))] if cut_open is not None else []))):
        return None
    if cut_open is not None:
        cuts.append(len(text))
    else:
        # (…（县科技局负责），为全县发展提供人才支撑。: the words after the last bracket close its sentence)
        cuts[-1] = len(text)
    sentences = [text[begin:stop] for begin, stop in zip([0, *cuts], cuts)]
    if any(len(squeeze(words)) < 8 for words in sentences):
        return None
    return [words.strip() for words in sentences]


def _parts_closed_by_one_bracket(item: Item) -> str | None:
    """The item's words with its parts' where its parts ((1)…； (2)…。（X负责）) run as one list, each
    but the last ending in ；or，and only the last closed by a bracket of units; else None."""
    parts = item.children
    if len(parts) < 2 or any(part.children or part.kind not in _PART_KINDS for part in parts) \
            or len({part.kind for part in parts}) > 1:
        return None
    written = ["".join(line.stripped for line in part.lines) for part in parts]
    # (bullets, - …。 / - …。 / - …。（发展局）, are the parts of one list whatever ends them)
    if parts[0].kind != "bullet" and not all(words.rstrip().endswith(("；", ";", "，", ",")) for words in written[:-1]) \
            or any(ends_with_a_role_bracket(words) or _ends_with_plain_units(words) for words in written[:-1]) \
            or not (ends_with_a_role_bracket(written[-1]) or _ends_with_plain_units(written[-1])):
        return None
    if parts[0].kind == "bullet":
        written = [part.text for part in parts]     # (a list's dashes are no words of it)
    return item.text + "\n" + "\n".join(written)


def _ends_with_plain_units(text: str) -> bool:
    """…。（县自然资源局）: a sentence closed by a bracket of units with no role words."""
    stripped = text.rstrip("。； \n")
    spans = _brackets(stripped)
    if not spans or spans[-1][1] != len(stripped) - 1 or not stripped[:spans[-1][0]].rstrip().endswith(("。", "；")):
        return False
    return _all_units(stripped[spans[-1][0] + 1:spans[-1][1]])


def _measures_under_a_requirement(item: Item) -> dict[int, UnitRoles]:
    """The item's numbered sub-items that are measures of its requirement label (整改措施：… over
    （2）由包片单位县幼儿园负责督促…): child index -> the measure's units."""
    if not any(_A_REQUIREMENT_LABEL.match(simplified(line.stripped)) for line in item.lines[1:]):
        return {}                       # (the label opens a line of the item's own: 整改措施：…)
    measures = {}
    for index, child in enumerate(item.children):
        if child.children or child.kind not in _MEASURE_KINDS or not simplified(child.text.lstrip()).startswith("由"):
            continue
        read = _role_clause("措施：" + child.text)
        if read is not None:
            measures[index] = read[2]
    return measures


def _covered_by_lines_below(children: list[Item]) -> dict[int, UnitRoles | None]:
    """Items that a line after them assigns (（以上任务牵头单位：县发改局）, 以上2项工作由X牵头，Y配合。,
    以上工作的责任单位均为X。): child index -> its units; the line's own index -> None."""
    covering: dict[int, UnitRoles | None] = {}
    start = 0
    for index, child in enumerate(children):
        if child.kind is not None or not assigns_the_items_above(child.lines[0].stripped):
            continue
        read = _above_roles(child.text)
        if read is None:
            continue
        roles, count = read
        first = max(start, index - count) if count else start
        for covered in range(first, index):
            if children[covered].kind is not None:
                covering[covered] = roles
        covering[index] = None
        start = index + 1
    return covering


def _above_roles(text: str) -> tuple[UnitRoles, int | None] | None:
    """The units a line assigns to the items above it, and how many items (None: all of them)."""
    written = squeeze(text).replace("\n", "")
    plain = simplified(written)           # (one character for one: its offsets are the written text's)
    above = ABOVE.match(plain)
    start, end = above.end(), len(plain)
    while start < end and plain[start] in _ABOVE_EDGES:
        start += 1
    while end > start and plain[end - 1] in _ABOVE_EDGES:
        end -= 1
    if plain.startswith(("的", "均"), start):
        start += 1
    roles = _roles_stated_above(plain, written, start, end)
    if roles is None and not written.rstrip().endswith(("。", "；", ";", "）", ")")) \
            and (clause := max(plain.rfind(mark, start, end) for mark in "，,；;")) > start:
        # 以上工作由省教育厅牵头，会同省财政厅、公安: the text's end cut the line; its whole clauses still say who
        roles = _roles_stated_above(plain, written, start, clause)
    if roles is None:
        return None
    count = above.group("count") or above.group("alone")
    return roles, number_of(count) if count else None


_ABOVE_EDGES = "（）()。；; "


def _roles_stated_above(plain: str, written: str, start: int, end: int) -> UnitRoles | None:
    roles = _stated_roles(plain[start:end], written[start:end])
    if roles is None:
        body = written[start:end]
        read = _assigning_parenthesis(body[1:] if simplified(body).startswith("由") else body)
        roles = read[0] if read is not None and read[0] else None
    return roles


def _task_of(item: Item, inherited: UnitRoles | None, year: int | None,
             heading_units: UnitRoles | None = None, text: str | None = None) -> TaskDraft | None:
    """The task an item states, or None. ``text``: the item's words where they are not all of its
    text (its heading's line taken off)."""
    text = expand_short_labels(unbracket_labels(semicolons_as_colons(paired_labels_apart(without_person_asides(
        item.text if text is None else text)))))
    if "—\n—" in text:
        text = text.replace("—\n—", "——")      # (…20项— / —县政务服务中心牵头: a line broke the dash)
    if year is None and "年" in text and (dated := _A_DATED_YEAR.search(text)) is not None:
        # 2011年3月底前完成部署；11月底前进行项目建设: in a plan that names no year, the year the item dates its own
        # steps by is the year of its later dates
        year = int(dated.group(1))
    units = UnitRoles()
    deadline_text: str | None = None
    deadline: Deadline | None = None
    plain_units: list[str] = []
    names_a_document = False
    dated: list[tuple[int, int]] = []
    assigned = opened_by_roles = False
    opened_at, opened_with = -1, UnitRoles()    # (where the opening clauses of roles start, and what they gave)
    cut: list[tuple[int, int]] = []

    brackets = _brackets(text)
    # 1、整治…。 / 县水利局 / 各乡镇（社区） / 张某某 / 2、…: a table without its header row, copied one cell per line,
    # each numbered task over its unit cells (and its person's), where its siblings are written alike; a
    # bracket among those lines is a name's aside
    if item.kind is not None and len(item.lines) > 1 and (below := _unit_lines_below(text)) is not None \
            and _siblings_over_unit_lines(item):
        plain_units = below[1]
        cut.append((below[0], len(text)))
        brackets = [(start, end) for start, end in brackets if end < below[0]]
    for start, end in brackets:
        content = text[start + 1:end]
        read = _assigning_parenthesis(content)
        if read is not None:
            found, when = read
            units.extend(found)
            deadline_text = deadline_text or when
            assigned = assigned or bool(found) or bool(when)
            cut.append((start, end + 1))
        elif _is_deadline_phrase(content) and _own_place(text, start, end):
            parsed = parse_deadline(content, year)
            # (（5月底前完成） in a plan that names no year anywhere: its deadline, dated by no one)
            undated = year is None and not parsed.due and parse_deadline(content, _ANY_YEAR).due is not None
            if parsed.due or parsed.recurrence or parsed.ongoing or undated:
                deadline = deadline or parsed   # kept in the text: it is part of the item's wording
                dated.append((start, end + 1))
        elif (end >= len(text.rstrip("。； \n")) - 1 or start == 0 and text[0] in "【（(〔［"
              or _closes_a_sentence_of_work(text, start, end)) \
                and _all_units(split_deadline(_without_first_unit_note(content))[0]) \
                and not _STATING.search(text, max(0, start - 40), start) and not _other_names_of_the_addressee(text, start):
            # （县发改局、县统计局）, or with their date: （县发改局、县统计局，2024年12月底前）; or
            # opening the item in a bracket: 【县住建局】改造老旧小区12个, （县交通局）完成…; or closing each of its
            # sentences of work (新建扶贫新村12个（县扶贫办）。完成…3个（城关镇政府）。)
            who, when = split_deadline(_without_first_unit_note(content))
            plain_units = plain_units + [unit for unit in parse_units(who).responsible if unit not in plain_units]
            before = simplified(squeeze(text[:start]))
            names_a_document = bool(_DOCUMENT_NAME.search(before)) and not ACTION.match(before)
            deadline_text = deadline_text or when
            cut.append((start, end + 1))

    # …实现全流程网办。（县住建局牵头，县自然资源局、县发: a bracket of units and roles the end of the
    # text cut (or a typist left open) closes the item where it ends.
    if not assigned and not plain_units and _OPEN_MARK.search(text[-_LONGEST_CUT_BRACKET:]):
        unclosed = _unclosed_role_bracket(text)
        if unclosed is not None:
            start, found, when = unclosed
            units.extend(found)
            deadline_text = deadline_text or when
            assigned = True
            cut.append((start, len(text)))

    # 县住建局牵头：完成城市更新项目3个 / 由县教育局牵头，县财政局配合：…: units with their
    # roles, then a colon, open the item.
    opening = _OPENING_ROLES.match(simplified(text)) if not assigned and "：" in text[:64] else None
    if opening is not None:
        roles = text[opening.start("roles"):opening.end("roles")]      # (simplifying keeps offsets)
        read = _assigning_parenthesis(roles)
        if read is not None and read[0] and not find_labels(roles):
            units.extend(read[0])
            assigned = True
            cut.append((0, opening.end()))

    # …加强应急救援能力建设。——县应急局: a dash before the units, as a closing parenthesis.
    dash = _DASHED_UNITS.search(text) if not (plain_units or assigned) and "—" in text else None
    roles_only = False
    if dash is None and not (plain_units or assigned) and "——" in text:
        # 建成便民服务大厅12个——县政务服务中心牵头，各乡镇配合。: the dash right after the work, and
        # units with their roles (not bare names) after it
        dash, roles_only = _DASHED_ROLES.search(text), True
    if dash is not None:
        dashed = squeeze(dash.group("units"))            # (县自然 / 资源局: a line broke it)
        read = _assigning_parenthesis(dashed)
        who, when = split_deadline(dashed)
        if read is not None and read[0]:          # ——县应急局牵头，县消防救援大队配合
            units.extend(read[0])
            deadline_text, assigned = deadline_text or read[1], True
            cut.append((dash.start(), len(text)))
        elif _all_units(who) and not roles_only:
            plain_units = parse_units(who).responsible
            deadline_text = deadline_text or when
            cut.append((dash.start(), len(text)))

    # 由县商务局负责，县农业农村局配合，加快无公害基地建设。: who does it, then the work, in one
    # sentence; or a sentence of who does it before the work's (由X牵头，Y配合。完成…). Either opens
    # the item, or follows its heading's line or sentence (加强宣传教育 / 由县委宣传部牵头，…).
    if not assigned:
        for start in _opening_places(text, item):
            # (an emergency plan's numbered duties, 6.1.1 由公安局负责侦破火灾案件, stand; they assign nothing)
            opening = _opening_role_clauses(text[start:], run_on=not (item.kind or "").startswith("dec"))
            if opening is not None and not text[start:].lstrip().startswith(("由", "並由", "并由")) \
                    and not _names_who_does_it(opening[0]):
                opening = None            # (坚持全社会参与。: no unit; 县执法队配合，…: no one in charge)
            if opening is not None:       # (the clause stays in the words, as a closing sentence does)
                units.extend(opening[0])
                assigned = opened_by_roles = True
                opened_at, opened_with = start, opening[0]
                break

    # 整治居民小区。各乡镇人民政府负责对…开展清理整治。县住建局负责…业务指导。: after the item's
    # heading sentence, sentences each opened by units in charge of their work.
    # (Not where the item's own labels assign it: 县河长办负责组织… / 牵头单位：县河长办; they say who.)
    if not assigned and item.kind is not None and not item.children and not _in_a_regulation(item):
        duties = _duties_after_the_heading(text)
        if duties and not find_labels(_mask(text, cut)):
            units.extend(duties)
            assigned = True

    # Labels written outside brackets, e.g. on lines of their own after the item.
    # (not the bracket inside a label's own word: 责任股（室）：X)
    masked = _mask(text, cut + [(s, e + 1) for s, e in brackets
                                if not (e - s == 2 and OFFICE_KIND_BRACKET.match(text, s - 1))])
    bare = find_labels(masked)
    if bare:
        start = field_start(masked, bare[0][0])
        stop = len(text)
        if not masked[:start].strip():
            # 牵头单位：县交通局。新建农村公路30公里。: labels opening the item end at their
            # sentence's end, and the item's words follow them.
            end = masked.find("。", bare[-1][1])
            if end >= 0 and masked[end + 1:].strip("。； \n"):
                stop = end + 1
            elif bare[-1][2] == DEADLINE:
                # 【完成时限】2024年12月底前 / 全年地区生产总值增长6%以上。: the date ends the
                # field, and the words after it are the item's.
                stop = _deadline_value_end(masked, bare[-1][1], year)
        else:
            # 责任单位：县水利局。整改要求：4月底前完成主体封顶。: a field of another kind after
            # the labels' sentence is the item's words again, with its date.
            end = masked.find("。", bare[-1][1])
            while bare[-1][2] == DEADLINE and end >= 0 and STAGE_FIELD.match(masked, end + 1):
                end = masked.find("。", end + 1)    # 第一季度：…。 / 第二季度：…。: the stages are the field's
            if end >= 0 and OTHER_FIELD.match(masked, end + 1):
                stop = end + 1
            elif bare[-1][2] == DEADLINE and "\n" in masked[bare[-1][1]:] \
                    and ((value_end := _deadline_value_end(masked, bare[-1][1], year)) < end or end < 0) \
                    and (measures := _MEASURES_FIELD.match(masked, value_end)) and "\n" in masked[value_end - 1:measures.end()]:
                # 整改时限：2021年12月31日前 / 整改措施：由县农业农村局负责，…: the date ends its line, no stop, and the
                # item's measures follow on the next
                stop = value_end
        duty = _DUTY_AFTER_LABELS.search(masked, bare[-1][1], stop)
        if duty:
            stop = duty.start()         # 配合单位：X、Y / 负责节会期间交通疏导…: the group's duty, its words again
        # (from the semicolon before a label stated without its colon, which makes it one: …；责任单位为X；,
        # or the comma before one right before its names: …建设，责任单位县经信局；)
        stated = start and (text[start - 1] in "；;" and text[bare[0][1]:bare[0][1] + 1] in ("为", "是")
                            or text[start - 1] in "，," and text[bare[0][1]:bare[0][1] + 1] not in ("：", ":"))
        fields = parse_fields(text[start - 1 if stated else start:stop])
        if fields.units or fields.deadline_text:
            units.extend(fields.units)
            deadline_text = deadline_text or fields.deadline_text
            assigned = True
            opening = len(text[:start].rstrip()) - 1
            if opening >= 0 and text[opening] in OPEN and not any(close in text[start:stop] for close in CLOSE):
                start = opening       # （牵头单位：…, a bracket the text's end cut before it closed
            cut.append((start, stop))

    # 进展情况：… / 下步打算：11月底前全部完工。: a progress report's notes are neither the task's
    # words nor its deadline.
    if "：" in text or ":" in text:
        cut.extend(_progress_notes(_mask(text, cut)))

    # A closing sentence "由X牵头，Y配合。" assigns too (and adds to an item's opening clauses of roles,
    # when it has more work of its own: …。县市场监管局负责，县公安局配合，强化屠宰环节检查。).
    # (…also where a label gave only the date: 开展评议，责任单位为县委宣传部。完成时限：6月底前。)
    if not assigned or not units and deadline_text or opened_by_roles and text.find("。") < len(text.rstrip("。； \n")) - 1:
        closing = _closing_role_sentence(_mask(text, cut))
        if closing is not None:
            start, end, roles = closing
            if start == opened_at:
                # (the opening clauses read again as one sentence: where the two readings differ, the sentence's
                # stands; 由县文明办牵头，县团委、社区 / 志愿者参与，开展…, whose names a line broke, had given 社区, 志愿者
                # and 社区志愿者)
                for role in ROLES:
                    for unit in getattr(opened_with, role):
                        if unit not in getattr(roles, role) and unit in getattr(units, role):
                            getattr(units, role).remove(unit)
            units.extend(roles)
            assigned = True

    # …城北农贸市场燃气软管老化，请县市场监管局于6月10日前完成更换。: an inspection notice's request, the
    # units asked to fix it by a date (请, 责成, 要求 X 于…前)
    if not assigned and "于" in text:
        request = _REQUEST.search(_mask(text, cut))
        if request is not None and is_unit_list(squeeze(request.group("units"))) \
                and not _EVERY_UNIT.match(squeeze(request.group("units"))) \
                and not _REPORTING.search(re.split(r"[。；]", text[request.end():], maxsplit=1)[0]):
            # (not a covering notice's rule, 请各责任单位于每季度末月20日前报送进展: all of them, to report)
            units.extend(UnitRoles(responsible=parse_units(squeeze(request.group("units"))).responsible))
            assigned = bool(units)

    # A numbered item closed by a parenthesis of plain unit names (…增长6%。（县发改局、县统计局）)
    # names the units that carry it out, as a table's plain 责任单位 cell does.
    if not assigned and plain_units and item.kind is not None and not (inherited or heading_units) \
            and not names_a_document:
        units.extend(UnitRoles(responsible=list(plain_units)))
        assigned = True

    heading = inherited or heading_units
    if heading is not None:
        # (each role the item's own, else the heading's but for a unit the item itself gives another role: the
        # heading's lead stays the lead of an item that names it among those responsible, as the contract says,
        # but not of one that names it among those who help)
        helping = {*units.cooperating}
        own = {*units.lead, *units.responsible, *units.cooperating, *(plain_units or ())}
        merged = UnitRoles(list(units.lead) or [unit for unit in heading.lead if unit not in helping],
                           *(list(mine) or [unit for unit in theirs if unit not in own] for mine, theirs in
                             ((units.responsible, heading.responsible), (units.cooperating, heading.cooperating))))
        if plain_units and not units.responsible:
            merged.responsible = plain_units
        units, assigned = merged, True
    if not assigned and (deadline is None or item.kind is None):
        return None
    if _in_a_regulation(item):
        # 第二条 联席会议由县农业农村局牵头，县财政局配合。: a regulation's articles state standing duties
        # in the words of roles; only a labelled field (（责任单位：X）) makes one of them a task
        if not find_labels(text):
            return None

    own_text = _remove(text, cut)
    if deadline_text:
        deadline = parse_deadline(deadline_text, year)
    else:
        found = find_last_deadline(_remove(text, cut + dated), year)
        if deadline is None:
            deadline = found[0] if found else NO_DEADLINE
        elif found and found[0].recurrence and not deadline.recurrence:
            # A stage's period in its heading, but a recurring duty in its own
            # sentence (每年11月底前报送……): the recurrence is the task's rhythm.
            deadline = found[0]
    words = _own_words(tidy(own_text)).rstrip("，,、 ")      # (…改造，牵头单位：X: the comma before the label)
    if "。。" in words:
        words = words.replace("。。", "。")    # (…完工。（X牵头）。: the stops on both sides of the bracket cut out)
    if len(_NOT_WORDS.sub("", words)) < 3:
        return None                     # （一）责任主体：镇人民政府: a plan's rule, no work to do
    return TaskDraft(item.seq(), words, units, deadline, item.line_start, item.line_end)


_EVERY_UNIT = regex(r"各[^、，]{0,8}?(?:单位|部门)")
_A_DATED_YEAR = regex(r"((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月")
_MEASURES_FIELD = regex(r"\s*[^\s：:，。；、（）()]{0,4}(?:措施|要求|举措|办法)[：:]")
_REPORTING = regex(r"报送|上报|报告|报县|报市|报区|反馈")
_REQUEST = regex(r"(?:^|(?<=[，。；,;\n]))\s*(?:请|责成|要求)(?P<units>[^，。；：:,;]{2,40}?)于(?=[^，。；]{1,14}?(?:前|底|内))")


# A line after a card's label lines stating what the group does (（一）安保组 / 牵头单位：… / 负责…).
_DUTY_AFTER_LABELS = regex(r"\n\s*(?=(?:负责|承担|做好)[\u4e00-\u9fff]{2})")


# What a deadline field may add to its date: 2024年6月底前完成。
_AFTER_DEADLINE = regex(r"[\s，,]*(?:前|以前|之前)?(?:完成|办结)?[\s。；;，,]*")


def _deadline_value_end(text: str, start: int, year: int | None) -> int:
    """Where the value of a deadline label that starts at `start` ends: after its date when words
    of their own follow (the item's work, written after the labels that open it), else at the
    text's end. Milestones (6月底前完成主体工程，12月底前投入使用) stay the field's."""
    hit = find_deadline(text[start:], year)
    if hit is None or text[start:start + hit[1]].strip():
        return len(text)
    end = _AFTER_DEADLINE.match(text, start + hit[2]).end()
    rest = text[end:]
    if len(_NOT_WORDS.sub("", rest)) < 4 or find_deadline(rest, year) is not None:
        return len(text)
    return end


_NOT_WORDS = regex(r"\W")


# Marks that flag an item (★ 重点, ● …) and a label naming its text (任务名称：…) are not its words.
_FLAGS = "★☆○□△※" + BULLETS


def _own_words(text: str) -> str:
    return TASK_TEXT_LABEL.sub("", text.lstrip(_FLAGS), count=1)


_BRACKET = regex(f"[{re.escape(OPEN + CLOSE)}]")
_NOT_A_BREAK = regex(r"[^\n]")


def _brackets(text: str) -> list[tuple[int, int]]:
    """Top-level bracket spans (start, end index of the closing bracket).
    An unclosed bracket ends the search, as a stray closing one is skipped."""
    spans, depth, start = [], 0, 0
    for match in _BRACKET.finditer(text):
        if match.group() in OPEN:
            if depth == 0:
                start = match.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append((start, match.start()))
    return spans


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out spans (keeping line breaks and length)."""
    if not spans:
        return text
    # Spans may overlap: each stretch of their union is blanked once, and the text is
    # put together once (blanking span by span copied the whole text for each).
    pieces, done = [], 0
    for start, end in sorted(spans):
        start = max(start, done)
        if start < end:
            pieces += [text[done:start], _NOT_A_BREAK.sub("　", text[start:end])]
            done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _remove(text: str, spans: list[tuple[int, int]]) -> str:
    return _mask(text, spans).replace("　", "") if spans else text


def _is_deadline_phrase(content: str) -> bool:
    compact = squeeze(content)
    # A bare year "（2009年）" is an edition or a period, not a deadline.
    compact = simplified(compact)
    return 2 <= len(compact) <= 30 and bool(_DEADLINE_CHARS.match(compact)) and bool(
        re.search(r"月|日|前|底|年内|全年|季度|半年|长期|持续|常态", compact))


def _own_place(text: str, start: int, end: int) -> bool:
    """A deadline parenthesis of the item's own closes the item or its heading
    phrase (启动阶段（2023年8月—9月）); one inside a sentence qualifies a noun."""
    after = squeeze(text[end + 1:])
    if not after.strip("。；，.;,") or after[0] in "。；":
        return True
    before = squeeze(text[:start])
    # 冬季（1~2月）, 汛期（6-9月）: a season named, not a deadline set.
    return len(before) <= 24 and not re.search(r"[。；，]", before) and not re.search(r"[季期]$", before)


def _assigning_parenthesis(content: str) -> tuple[UnitRoles, str | None] | None:
    """What a parenthesis that assigns says: its units and its deadline phrase; None for any
    other. Labelled fields (a person's label alone assigns nothing, but is no text either);
    units with role words (（X牵头，Y配合）), maybe then when (（县直各部门分别负责，长期坚持）);
    a unit cell's short labels (（牵头：县发改局；配合：县财政局）)."""
    if "\n" in content and ("第" in content or "首" in content) and _FIRST_UNIT_NOTE.search(squeeze(content)):
        content = squeeze(content)      # …列第 / 一位的为牵头部门: a line broke the note
    if ("牵头" in content or "牽頭" in content) and ("第" in content or "首" in content):
        # （县住建局、县水利局负责。列第一位的为牵头单位，下同）: the note tells how to read the list
        content = _FIRST_UNIT_NOTE.sub("", content) or content
    if content.rstrip().endswith(".") and not content.rstrip()[-2:-1].isdigit():
        content = content.rstrip()[:-1] + "。"    # (由县市场监管局负责落实.): a typist's half-width stop
    labels = find_labels(content)
    if labels:
        fields = parse_fields(content)
        before = content[:labels[0][0]].strip("；;，, \n")
        if before and is_role_list(before):
            # （县公安局负责，各地配合；完成时限：6月底前）: units with their roles, then labels
            units = parse_units_with_remarks(before)
            units.extend(fields.units)
            return units, fields.deadline_text
        if before and has_short_labels(before):
            # （牵头：镇应急办；配合：镇派出所、各村；时限：6月底前）: short role labels, then the time's
            units = parse_unit_cell(before)
            units.extend(fields.units)
            return units, fields.deadline_text
        if before and not fields.deadline_text and TIME_ALONE.match(simplified(squeeze(before))):
            # （2025年9月底前完成，责任股室：基层卫生股）: the time first, then the labels
            return fields.units, before
        return fields.units, fields.deadline_text
    who, when = split_deadline(content)
    if when and is_role_list(who):
        # (before the whole: 端午节前完成首场 after the units is their date, not a unit's name)
        return parse_units_with_remarks(who), when
    if is_role_list(content):
        return parse_units_with_remarks(content), None
    after, first = split_leading_deadline(content)
    if first and is_role_list(after):         # （2024年9月底前，县住建局牵头，县自然资源局配合）
        return parse_units_with_remarks(after), first
    if has_short_labels(content) and parse_unit_cell(content):
        return parse_unit_cell(who), when
    if "由" in content:
        # （文件由办公室牵头、解读材料由起草股室牵头，…）, （城区由县卫健局负责，农村由各乡镇卫生院负责）: the
        # work divided by its parts or places, each with who does it
        divided = _ROLE_THEN_PAUSE.sub(r"\1，", _PART_BY_WHOM.sub(r"\1", content))
        if divided != content and is_role_list(divided):
            return parse_units_with_remarks(divided), None
    return _roles_then_time_clauses(content)


_PART_BY_WHOM = regex(r"(^|[，、；])[^，、；由（）]{1,10}由(?=[^，、；]{2,30}(?:牵头|负责|配合))")
_ROLE_THEN_PAUSE = regex(r"(牵头|负责|配合)、")


def _roles_then_time_clauses(content: str) -> tuple[UnitRoles, str] | None:
    """（X牵头，Y按职责分工负责，2020年12月底前完成，并长期坚持）, （X负责，2020年底前完成诊断，2021年底前完成
    整改）: units with their roles, then clauses of when, each giving a date or saying it goes on."""
    if not _WHEN_WORD.search(content):
        return None                     # (no date and no word of going on: no clause of when)
    clauses = split_top_level(content, "，；,;")
    count = _role_clauses_opening(clauses)
    if count and all(_says_when(clause) for clause in clauses[count:]):
        return parse_units_with_remarks("，".join(clauses[:count])), "，".join(clauses[count:])
    return None


def _role_clauses_opening(clauses: list[str]) -> int:
    """How many of the clauses, most first but not all, read together as units with their roles (0: none)."""
    return next((count for count in range(len(clauses) - 1, 0, -1) if is_role_list("，".join(clauses[:count]))), 0)


_WHEN_WORD = regex(r"\d|[年月季]|长期|持续|常态|动态|長期|持續")


def _says_when(clause: str) -> bool:
    deadline = parse_deadline(clause, _ANY_YEAR)      # (a day of any year: 4月、10月各开展一次 names two)
    return bool(deadline.due or deadline.ongoing or deadline.recurrence)


def _without_first_unit_note(content: str) -> str:
    """（县发改局、县农业局。排名第一的为牵头单位，下同） -> the units: the note tells how to read them."""
    if ("牵头" in content or "牽頭" in content) and ("第" in content or "首" in content):
        return _FIRST_UNIT_NOTE.sub("", squeeze(content)) or content
    return content


def _closes_a_sentence_of_work(text: str, start: int, end: int) -> bool:
    """Does the bracket at text[start:end + 1] close a sentence of work inside an item (新建扶贫新村12个
    （县扶贫办、县发改局）。)? The sentence names a quantity of work; a bracket after a name
    (报送县政府办公室（县政府督查室）。) gives that name's other names."""
    if text[end + 1:end + 2] not in ("。", "；"):
        return False
    sentence = re.split(r"[。；，]", text[:start])[-1]
    # (…work named without a quantity, 推广电子执照应用（县市场局、县行政服务中心）。: where no name
    # ends right before the bracket, whose other name it would be)
    return bool(QUANTITY.search(sentence)) or not _ends_with_a_name(squeeze(sentence))


def _ends_with_a_name(words: str) -> bool:
    """Do the words end with a unit's name (…依托县融媒体中心)?"""
    plain = simplified(words)
    return any(looks_like_unit(plain[-size:]) for size in range(3, min(len(plain), 20) + 1))


# (…and the plan's remarks after it, no date among them: 。以下均需各县政府落实，不再列出)
_FIRST_UNIT_NOTE = regex(r"[。；，,;]\s*[^。；，,;]{0,12}?" + FIRST_UNIT_LEADS.pattern + r"[^。；]*(?:[。；][^。；\d]*)*$")


def closing_parenthesis(text: str) -> tuple[UnitRoles, str | None, str] | None:
    """A task cell ending in the parenthesis that assigns it, in a table with no unit column
    or an empty one (新建公园（责任单位：县城管局）, …（县住建局、县水利局）): its units,
    its deadline phrase and the text without it, read as an item's closing parenthesis is."""
    spans = _brackets(text)
    if not spans or text[spans[-1][1] + 1:].strip("。； \n"):
        return None
    start, end = spans[-1]
    content = text[start + 1:end]
    read = _assigning_parenthesis(content)
    if read is not None:
        units, when = read
    elif _all_units(split_deadline(content)[0]) and not _other_names_of_the_addressee(text, start):
        who, when = split_deadline(content)
        units = UnitRoles(responsible=parse_units(who).responsible)
    else:
        return None
    if not units and not when:
        return None
    return units, when, (text[:start] + text[end + 1:]).strip()


# A numbered list of documents with their issuers (1.某县城市管理办法（县城管局）) assigns nothing:
# the words before the parenthesis name a document (制定……方案 is work to do, and a task).
_DOCUMENT_NAME = regex(r"(?:通知|办法|规定|意见|方案|规划|细则|决定|批复|函|条例|制度|目录|》)[。；]?$")


# A parenthesis that sends the reader elsewhere (（附件详见县政府网站）, （见附件2）) or names an
# edition (（试行）, （2023年修订）) names no unit, whatever its last word (试行 ends as 支行 does).
# …or breaks the work down by place (（其中城关镇2所、新华镇1所）): no unit either.
# (…or what the work takes in, not who does it: （含新华镇、城关镇）, （不含城区）; 含山县 is a county's name)
_REFERENCE = regex(r"详见|参见|见附|附件|附表|试行|暂行|修订|草案|征求意见稿|送审稿|讨论稿|^其中|"
                   r"^(?:含|包含|包括|不含|不包括)(?!山县)")


_OPENING_ROLES = regex(r"\s*由?(?P<roles>[^：:。；（）()]{2,60}?(?:牵头|负责|配合|协助|主抓|统筹))\s*[：:]\s*(?=\S)")
_DASHED_UNITS = regex(r"(?<=[。；！）])\s*(?:——|—|--)\s*(?P<units>[^—。；（）()]{2,80}?)[。；]?\s*$")
_DASHED_ROLES = regex(r"(?<=[\u4e00-\u9fff\d”])\s*——\s*(?P<units>[^—。；（）()]{2,80}?)[。；]?\s*$")


# Work sent to an office, then that office's other name in brackets (每月5日前报送县政府办公室（县政府
# 督查室）。 / 考核结果报县政府（县营商办）): the bracket names the addressee, not who does the work.
_SENT_TO = regex(r"(?:报送|上报|报告|报|呈报|提交|提请|反馈|抄送|送交|送|交|汇总)(?:至|到|给)?(?P<name>[^，。；、,;：:（）()\s]{2,24})$")


def _other_names_of_the_addressee(text: str, start: int) -> bool:
    """Does the bracket opening at text[start] follow the name of the office the work is sent to?"""
    sent = _SENT_TO.search(simplified(squeeze(text[max(0, start - 40):start])))
    return sent is not None and _all_units(sent["name"])


_OPEN_MARK = regex(f"[{re.escape(OPEN)}]")
_LONGEST_CUT_BRACKET = 120


_ANY_YEAR = 2000            # a year to ask whether a phrase names a day of one at all


def _unclosed_role_bracket(text: str) -> tuple[int, UnitRoles, str | None] | None:
    """（县住建局牵头，县自然资源局、县发 at the item's end, never closed: where it opens, its units (the
    names after the last role clause, the last maybe cut short, taking the role that usually
    follows: 配合 after 牵头) and its date."""
    stripped = text.rstrip("。；;，, \n")
    opening = max(stripped.rfind(mark) for mark in OPEN)
    if opening < 0 or any(mark in stripped[opening:] for mark in CLOSE):
        return None
    content = squeeze(stripped[opening + 1:]).replace("\n", "")
    if len(content) < 4:
        return None
    read = _assigning_parenthesis(content)
    if read is not None and read[0]:
        return opening, read[0], read[1]
    clauses = split_top_level(content, "，；,;")
    count = _role_clauses_opening(clauses)
    names = split_top_level("，".join(clauses[count:]), "、，") if count else []
    if not names or not all(looks_like_unit(name) for name in names[:-1]) or not CUT_NAME.match(names[-1]):
        return None
    roles = parse_units_with_remarks("，".join(clauses[:count]))
    if roles.lead and not roles.responsible and not roles.cooperating:
        roles.cooperating.extend(names)
    else:
        roles.responsible.extend(names)
    return opening, roles, None


def _unit_lines_below(text: str) -> tuple[int, list[str]] | None:
    """The lines at the end of an item's text that each name units alone, or a person (县水利局 / 各乡镇 /
    张某某): where they start and the units; None where the last line names none."""
    lines = text.split("\n")
    units: list[str] = []
    taken = 0
    for line in reversed(lines[1:]):
        name = squeeze(line)
        if name and looks_like_person(name) and not units:
            taken += 1                  # (the person's cell after the units: no unit)
            continue
        if units and (label_role(name.rstrip("：:")) or find_labels(name)):
            return None                 # (责任单位 / 县教育局: the units are a label's value, read as such)
        if name[:1] in "（(〔［[【":
            break                       # (〔X牵头，Y配合〕: a bracket of roles, read as the item's; no name opens so)
        parts = [part for part in split_top_level(name.replace("(", "（").replace(")", "）"), "、，,") if part]
        if not parts or any(not looks_like_unit(part.split("（")[0]) or re.search(r"[\d：:。]", part) or label_role(part)
                            for part in parts):
            break                       # (names alone, 各村（居、场） too: not （9月底前完成）, 单（见网络版）, a sentence, 责任单位)
        units[:0] = parse_units(name).responsible
        taken += 1
    if not units or taken >= len(lines):
        return None
    words, names = "\n".join(lines[:len(lines) - taken]), "".join(lines[len(lines) - taken:])
    if sum(words.count(mark) for mark in OPEN) != sum(words.count(mark) for mark in CLOSE) \
            or sum(names.count(mark) for mark in OPEN) != sum(names.count(mark) for mark in CLOSE):
        return None                     # (…（责任单位：村 / 建站（站长李某）、…）: a bracket's value a page's width broke)
    return len(words), units


def _siblings_over_unit_lines(item: Item) -> bool:
    """Do two or more of the item's numbered siblings (itself among them) end with lines of units alone?"""
    siblings = item.parent.children if item.parent is not None else _OUTLINE_ROOTS.get()
    alike = (sibling for sibling in siblings if sibling.kind == item.kind and len(sibling.lines) > 1
             and _unit_lines_below(sibling.text) is not None)
    return next(alike, None) is not None and next(alike, None) is not None      # (two are enough: no more asked)


def _a_group_s_name_under_the_heading(item: Item, draft: TaskDraft, inherited: UnitRoles) -> bool:
    """Is the item only a name for the numbered items under it (（一）城市建设), its units all an assigning heading's
    above it and no time of its own?"""
    return bool(item.children) and draft.units == inherited and draft.deadline is NO_DEADLINE \
        and len(squeeze(item.text)) <= _GROUP_NAME_LONGEST and not _A_SENTENCE_S_MARK.search(item.text) \
        and any(child.kind for child in item.children)


_GROUP_NAME_LONGEST = 20
_A_SENTENCE_S_MARK = regex(r"[。；，,;：:]")


def _all_units(content: str) -> bool:
    compact = squeeze(content)
    return len(compact) <= 80 and not _REFERENCE.search(simplified(compact)) and is_unit_list(compact)


_CLOSING = regex(r"由?(?P<body>[^。；]{2,120}?(?:牵头|配合|负责|落实|协助|承办|主办|协办|会办|办理)[^。；]{0,60}?)[。；]?\s*$")


# A leader in charge of the work, by name and title either way round: 张某某副县长负责, 县委常委、副县长张某某负责.
_TITLE = r"(?:常务)?副?(?:县长|市长|区长|州长|旗长|镇长|乡长|书记|主任|局长)"
_PERSON_IN_CHARGE = regex(rf"(?:[\u4e00-\u9fff]{{2,4}}(?:{_TITLE}|同志)|(?:[县市区州旗]委常委、)?{_TITLE}[\u4e00-\u9fff]{{2,3}})"
                               r"(?:负责|牵头|分管|挂帅|督导)?")
_LEADING_PERSON = regex(rf"^[\u4e00-\u9fff]{{2,4}}(?:{_TITLE}|同志)(?:负责|牵头|分管)?[，、]")


_TIME_FIRST = regex(r"(?:\d{4}年)?(?:\d{1,2}月(?:\d{1,2}日|底|末|上旬|中旬|下旬)?|年底|年内|上半年|下半年|汛期|汛前|春节|"
                   r"第?[一二三四]季度末?)(?:前|以前|之前)?[，,]")
_OPENS_WITH_ROLE = regex(r"^[^，。；]{2,40}?(?:牵头|负责(?:具体)?(?:组织)?(?:实施|落实)?|配合|主办|承办|"
                              r"为(?:牵头|责任|配合|协办|主办|承办|会办)(?:单位|部门))[，。；：]")
_PERSON_CLAUSE = regex(rf"由(?=[\u4e00-\u9fff]{{2,4}}(?:{_TITLE}|同志)(?:负责|牵头|分管)?[，、])")


def _offset_of(text: str, squeezed_index: int) -> int:
    """The index in `text` of the character at `squeezed_index` once whitespace is removed."""
    seen = -1
    for index, char in enumerate(text):
        if not char.isspace():
            seen += 1
            if seen == squeezed_index:
                return index
    return len(text)


# A document's rule about itself (本规划自批准之日起实施，由X负责组织实施): no task.
_OWN_RULE = regex(r"本(?:规划|方案|办法|预案|细则|意见|通知|计划)|之日起")


_ASIDE_ON_WHO = regex(r"(?<=负责|牵头|配合|实施|落实)[（(][^（）()：:]{1,30}由[^（）()：:]{2,30}[）)](?=[。；]?\s*$)")
_LONGEST_ASIDE = 64


def _sentence_from(stripped: str, start: int) -> tuple[str, str, str]:
    """The closing sentence from `start`: as written, squeezed onto one line, and simplified."""
    sentence = stripped[start:]
    written = squeeze(sentence).replace("\n", "")
    return sentence, written, simplified(written)


def _closing_role_sentence(text: str) -> tuple[int, int, UnitRoles] | None:
    """由X牵头，Y配合。 / 由X、Y负责落实。 ending an item."""
    if "由" in text[-_LONGEST_ASIDE:] and _ASIDE_ON_WHO.search(text):
        # …各中小学校负责具体实施（各小学由中心小学统筹组织）。: an aside on how the units share it out,
        # blanked (offsets stay) so that the sentence before it is read
        text = _ASIDE_ON_WHO.sub(lambda match: " " * len(match.group()), text)
    stripped = text.rstrip()
    sentence_start = max(stripped.rfind("。", 0, len(stripped) - 1), stripped.rfind("；", 0, len(stripped) - 1)) + 1
    if sentence_start == 0 and stripped.count("由") > 1:
        flat = "".join(stripped.split())          # (the lines a page broke it into, joined)
        shared = _works_each_by_whom(flat, simplified(flat))
        if shared is not None:            # A工作由X负责，B工作由Y负责，…。: each part's units, all the item's
            return 0, len(stripped), shared
    line_start = stripped.rfind("\n由", sentence_start)
    if line_start >= 0:
        sentence_start = line_start + 1   # a heading line, then 由X负责，… on a line of its own
    elif "由" in stripped[sentence_start:]:
        person = _PERSON_CLAUSE.search(simplified(squeeze(stripped[sentence_start:])))
        if person:                        # the heading line and 由张某某副县长负责，… run together
            sentence_start += _offset_of(stripped[sentence_start:], person.start())
    if sentence_start > 1 and (_ONLY_WHEN.match(stripped, sentence_start)
                               or TIME_ALONE.match(simplified(squeeze(stripped[sentence_start:]).rstrip("。；")))):
        # …；责任单位为县住建局；完成时限为2024年10月底前。: the units are stated in the sentence before
        before = max(stripped.rfind("。", 0, sentence_start - 1), stripped.rfind("；", 0, sentence_start - 1)) + 1
        earlier = squeeze(stripped[before:sentence_start]).replace("\n", "").rstrip("。；")
        if before > 0 and is_role_list(earlier):
            # …。县乡村振兴局、县财政局负责，县发改局配合。3月底前完成。: who, then when, each a sentence
            return before, len(stripped), parse_units(earlier)
        if before > 0 and _OPENS_WITH_ROLE.match(simplified(earlier).replace(",", "，")):
            # …。县住建局牵头，县城管局配合，逐条建立清单。10月底前完成。: who, the step they take first, then when
            clauses = list(takewhile(is_role_list, split_top_level(earlier, "，,")))
            if clauses:
                return before, len(stripped), parse_units("，".join(clauses))
        _, earlier_written, earlier_plain = _sentence_from(stripped[:sentence_start - 1], before)
        if _stated_roles(earlier_plain, earlier_written) or _stated_after_the_work(earlier_plain, earlier_written):
            sentence_start = before
    decided = _WHO_DECIDED.match(stripped, sentence_start)
    if decided is not None:
        sentence_start = decided.end()  # 会议议定：X牵头，Y配合，…, 县长张某某批示：由X牵头…: who decided, then who does it
    sentence, written, plain = _sentence_from(stripped, sentence_start)
    stated = _stated_roles(plain, written)
    if stated:
        return sentence_start, len(stripped), stated
    stated_after = _stated_after_the_work(plain, written)
    if stated_after is not None:          # 增长8%，责任单位为县工信局；
        clause, stated = stated_after
        # …and the targets before it in the item, each closed by its own (…，责任单位为县发改局；技改…)
        found: list[UnitRoles] = []
        for before in reversed(stripped[:sentence_start].rstrip("；;").split("；")):
            before = squeeze(before).replace("\n", "")
            more = _stated_after_the_work(simplified(before), before) if before else None
            if more is None:
                break
            found.append(more[1])
        if found:
            roles = UnitRoles()
            for each in [*reversed(found), stated]:
                roles.extend(each)
            stated = roles
        return sentence_start + _offset_of(sentence, clause), len(stripped), stated
    taking = _TAKES_AS.match(plain) if "以" in plain[:8] else None
    if taking:                            # 此项工作以X为牵头单位，Y为责任单位。
        body = written[taking.end():].rstrip("。；").replace("统筹、协调", "统筹协调")
        body = _RESTING_ON.sub(r"\1牵头", body)          # (以X为主，Y配合: the one the work rests on leads)
        clauses = list(takewhile(is_role_list, split_top_level(body, "，")))
        if clauses:
            return sentence_start, len(stripped), parse_units("，".join(clauses))
    this_work = _THIS_WORK.match(plain) if "由" in plain[:12] else None
    if this_work is None and sentence_start == 0 and "由" in plain[:_TOPIC_LONGEST + 1]:
        # 二级以上医院供暖由县卫健局负责组织；: the item's one sentence, the work named in a few words,
        # then who does it (not one of a regulation's or a principle's sentences of standing duties)
        this_work = _TOPIC_THEN_BY.match(plain)
        if this_work is not None and (_OWN_RULE.search(this_work.group()) or not _who_then_when(
                split_top_level(plain[this_work.end() + 1:].rstrip("。；; \n"), "，"))):
            # (本方案由县发改局负责解释: the plan's rule about itself; …由县人民政府负责，要组织专家…: a
            # duty stated with what it involves, as an emergency plan or a regulation states it)
            this_work = None
    if this_work:                         # 此项工作由X牵头，Y配合。, 具体由X负责。
        sentence_start += _offset_of(sentence, this_work.end())
        sentence, written, plain = _sentence_from(stripped, sentence_start)
    after_the_work, work_start = False, sentence_start
    clause = plain.find("，由")
    if clause < 0 and "，具体由" in plain:
        clause = plain.find("，具体由") + 2       # 举办运动会，具体由X负责。
    if not plain.startswith("由") and 0 <= clause <= 40 and not _OWN_RULE.search(plain[:clause]) \
            and _who_then_when(split_top_level(plain[clause + 2:].rstrip("。；"), "，")):
        # 新建农村公路30公里，由县交通局负责，各乡镇配合。: the work, then who does it (and by when:
        # …，由县住建局负责，2025年12月底前完成。).
        sentence_start += _offset_of(sentence, clause + 1)
        sentence, written, plain = _sentence_from(stripped, sentence_start)
        after_the_work = True
    elif not plain.startswith("由") and 0 <= clause <= 60 and not _OWN_RULE.search(plain[:clause]):
        # 关于…的问题，由县农业农村局会同县财政局等部门研究提出落实意见。: who, then the policy work
        studies = _STUDIES.match(plain, clause + 2)
        if studies:
            body = written[_offset_of(written, clause + 2):][:studies.end("who") - clause - 2]
            role = studies.group("role") or studies.group("role2") or "负责"
            if is_role_list(body + role):
                return sentence_start, len(stripped), parse_units(body + role)
    elif not plain.startswith("由") and not _OPENS_WITH_ROLE.match(plain):
        # 完善收运体系，县城管局牵头负责，2024年11月底前完成。: the work, who does it, by when.
        clause = _role_then_date(plain)
        if clause is not None:
            sentence_start += _offset_of(sentence, clause)
            sentence, written, plain = _sentence_from(stripped, sentence_start)
            after_the_work = True
    if not plain.startswith("由") and (when := _TIME_FIRST.match(plain)) and _OPENS_WITH_ROLE.match(plain[when.end():]):
        # 3月底前，镇应急办牵头，派出所配合，开展…: its time first, then who, then the work
        sentence_start += _offset_of(sentence, when.end())
        sentence, written, plain = _sentence_from(stripped, sentence_start)
    # Without 由 the sentence must open with units and their role (县林业局牵头，…).
    match = _CLOSING.match(plain) if plain.startswith("由") or _OPENS_WITH_ROLE.match(plain) else None
    if not match:
        return _role_clause(text)
    body = written[match.start("body"):match.end("body")]
    # 由张某某副县长负责，县发改局牵头，……: the person is not a unit.
    body = _LEADING_PERSON.sub("", body)
    tail = re.search(r"(负责落实|抓好落实|落实到位|组织实施)$", simplified(body))
    if tail:
        body = body[:tail.start()] + "负责"
    if not is_role_list(body):
        # …，相关部门配合，9月底前完成主体工程: the role clauses, then the work.
        clauses = list(takewhile(is_role_list, split_top_level(body, "，")))
        if not clauses:
            return _role_clause(text)
        body = "，".join(clauses)
    roles = parse_units(body)
    if roles and after_the_work:
        roles = _with_earlier_clauses(stripped[:work_start], roles)
    return (sentence_start, len(stripped), roles) if roles else None


def _with_earlier_clauses(before: str, last: UnitRoles) -> UnitRoles:
    """The roles of an item's last clause of work and who does it, with those of the clauses before it
    in the same sentence that close the same way (一是新建户厕2000户，由县农业农村局牵头，2025年10月底前
    完成；二是建设公厕15座，由县住建局负责。): the item is one task, and each clause's units are its own."""
    before = before.rstrip()
    if not before.endswith(("；", ";")):
        return last
    earlier = _closing_role_sentence(before[:-1])        # (which takes the clauses before it in turn)
    if earlier is None:
        return last
    roles = UnitRoles()
    for each in (earlier[2], last):
        roles.extend(each)
    return roles


_NEXT_FIELD = regex(r"[。；\n]" + OTHER_FIELD.pattern)


def _progress_notes(text: str) -> list[tuple[int, int]]:
    """Spans of a progress report's fields (进展情况：…, 下步打算：…), each to the next field or the end."""
    spans = []
    for match in PROGRESS_FIELD.finditer(text):
        if match.start() and text[match.start() - 1] not in "。；\n \t　":
            continue                    # (inside a sentence: 完成情况：… as the task's own words)
        following = _NEXT_FIELD.search(text, match.end())
        while following is not None and STAGE_FIELD.match(text, following.start() + 1):
            following = _NEXT_FIELD.search(text, following.end())      # (第一季度：… 第二季度：…: the note's own)
        spans.append((match.start(), following.start() + 1 if following else len(text)))
    return spans


_HEADING_LONGEST = 30       # a heading's line or sentence before the item's words


def _opening_places(text: str, item: Item) -> list[int]:
    """Where an item's first sentence may open with who does it: at its start, after its
    heading's line (a line its author ended, with no sentence end) or after its heading's
    sentence. An article of a regulation (第七条 …由产权单位负责) states a standing duty."""
    places = [0]
    if item.kind in ("article", "chapter") or item.children:
        return places                   # (a section's own opening sentence assigns its items instead)
    line_end = text.find("\n")
    if 0 < line_end <= _HEADING_LONGEST and "。" not in text[:line_end] and "，" not in text[:line_end] \
            and "由" not in text[:line_end] and item.lines[0].width < item.typical * 0.9:
        # (first: read from the start, the heading's words would open the unit's name, 消防安全领域 /
        # 镇应急办牵头，… giving 消防安全领域镇应急办)
        places.insert(0, line_end + 1)
    sentence_end = text.find("。")
    # (a narrow page may wrap the heading's sentence: 整治东街路口安全隐患 / 。由县交通…)
    if 0 < sentence_end <= _HEADING_LONGEST + 4 and "，" not in text[:sentence_end] \
            and len("".join(text[:sentence_end].split())) <= _HEADING_LONGEST:
        places.append(sentence_end + 1)
    # …and where a leader in charge opens the work right after its heading, the line break between
    # them lost in a narrow page (县城污水管网改造项目由张某某副县长负责，县住建局牵头，…)
    person = _PERSON_CLAUSE.search(text, 2, _HEADING_LONGEST + 2)
    if person and not re.search(r"[，。；：]", text[:person.start()]):
        places.append(person.start())
    # …and after a label naming what the item holds, at its start or after its heading (主要内容：由X牵头，…)
    label = _CONTENT_LABEL.search(text, 0, _HEADING_LONGEST + 8)
    if label and "。" not in text[:label.start()]:
        places.append(label.end())
    # …and after a topic's name and its colon, when who does it follows (现场布置：由县林业局负责，…)
    topic = _TOPIC_BEFORE_WHO.match(text) or _DECIDED.search(text, 0, _HEADING_LONGEST + 12)
    if topic:
        places.append(topic.end())
    return places


# A meeting's minutes open each decision with who decided (会议决定，由X牵头，Y配合，6月底前完成…).
_DECIDED = regex(r"(?:^|(?<=[。\n]))\s*(?:会议|经研究|经会议研究)?(?:研究)?(?:决定|要求|同意|明确|议定|指出|强调|原则同意)"
                      r"[，,：:]\s*(?=由)")


_TOPIC_BEFORE_WHO = regex(r"\s*[\u4e00-\u9fff]{2,8}[：:]\s*(?=由)")


def _duties_after_the_heading(text: str) -> UnitRoles | None:
    """The units of the sentences after an item's heading sentence (整治居民小区。) that each open with
    units and 负责 or 牵头 before their work (各乡镇人民政府负责对无物业小区开展清理整治。); the first
    such sentence comes right after the heading. None where the item opens otherwise."""
    written = squeeze(text)             # (a page's line breaks inside a name: 县城 / 管局负责…)
    plain = simplified(written)         # (one character for one: the written text's offsets)
    heading_end = plain.find("。")
    if not 0 < heading_end <= _HEADING_LONGEST or "，" in plain[:heading_end] or _DUTY.match(plain):
        return None
    roles = UnitRoles()
    for clause in _CLAUSE.finditer(plain, heading_end + 1):     # (…秩序，县城管局负责…: a clause too)
        duty = _DUTY.match(plain, clause.start(), clause.end())
        if duty is None:
            if not roles:
                return None             # (the sentence after the heading names no one: no duties here)
            continue
        who = duty.group("units")
        if not is_unit_list(who) or _A_KIND_OF_UNIT.search(who) and not _A_SECTOR_S_OFFICE.fullmatch(who):
            return None if not roles else roles     # (牵头部门负责…, 县级行政事业单位负责…: a kind, no one by name)
        roles.extend(parse_units(written[duty.start("units"):duty.end("units")] + duty.group("role")))
    return roles or None


_CLAUSE = regex(r"[^。；，]+")


def _in_a_regulation(item: Item) -> bool:
    """Is the item inside a regulation's chapter or article (第二章 / 第十一条 / （四）…): standing duties?"""
    node: Item | None = item
    while node is not None:
        if node.kind in ("article", "chapter"):
            return True
        node = node.parent
    return False


_A_KIND_OF_UNIT = regex(r"(?:单位|部门)$")
_A_SECTOR_S_OFFICE = regex(r"[县市区](?!级)[\u4e00-\u9fff]{1,4}部门")      # 县交警部门, 县公安部门
# 各乡镇人民政府负责对…, 县交通运输局负责清理…: units, then 负责 or 牵头 and their work (not 负责人, 负责的)
_DUTY = regex(r"(?P<units>[^，。；：、]{2,30}?(?:、[^，。；：、]{2,30}?)*)(?P<role>负责|牵头)(?![人的同])(?=\S{4,})")


_CONTENT_LABEL = regex(r"(?:主要|实施|建设|工作|具体|项目)?(?:内容|任务|措施|举措)\s*[：:]\s*")


def _names_who_does_it(roles: UnitRoles) -> bool:
    """Units by name, one of them in charge: what an opening clause without 由 must give."""
    return bool(roles.lead or roles.responsible) and all(
        map(looks_like_unit, [*roles.lead, *roles.responsible, *roles.cooperating]))


_FIRST_CLAUSE_LONGEST = 80
# 由X按照…, 由X依据…, 由X对…: units, then a preposition that says how or on what they act
_UNITS_BEFORE_HOW = regex(r"\s*由(?P<units>[^，。；：]{2,40}?)(?=按照|依照|依据|根据|对(?!于|接|标|外)[^，。；]{2,}?(?:进行|开展|实施|实行|加强|组织))")
_FIRST_CLAUSE_END = regex(r"[，。,；]")
_NO_ONE_BY_NAME = regex(r"(?:牵头|责任|配合|协办|主管|行业主管|有关|相关|属地|各)?(?:部门|单位)")
# …or with no role word at all, the work right after the body's name (由县交通运输局增设减速带…)
# (…maybe with whom and by when first: 由县教育局会同县住建局加快推进, 由县水利局于6月底前完成…)
_A_BODY = r"[^，。；：、]{2,30}?(?:局|委员会|委|办公室|办|院|中心|人民政府|政府|所|站|大队|队|镇|乡|街道)"
_UNIT_THEN_ITS_WORK = regex(rf"\s*由(?P<units>{_A_BODY})(?:会同(?P<with>{_A_BODY}))?(?:[于在][^，。；]{{2,12}}?(?:前|底))?"
                                 r"(?P<role>)(?=(?:立即|及时|尽快|全面|加快|统一|抓紧)?(?:增设|设置|组织|清理|修复|更换|拆除|督促|开展|"
                                 r"做好|完善|制定|建立|加强|整治|安排|协调|指导|推进|完成|实施|建成))")
_ROLE_RUN_ON = regex(r"\s*由(?P<units>[^，。；：]{2,40}?)(?P<role>牵头|负责)(?=的?(?!落实|实施|组织实施|组织落实|组织协调|办理|推进)[\u4e00-\u9fff]{2})")


def _opening_role_clauses(text: str, run_on: bool = True) -> tuple[UnitRoles, int] | None:
    """由X负责，Y、Z配合，<work>: the units of the role clauses that open the item's first sentence,
    and where the work starts; None unless words of work follow them, in the sentence or after it."""
    clause_end = _FIRST_CLAUSE_END.search(text, 0, _FIRST_CLAUSE_LONGEST)
    if run_on and text.lstrip().startswith("由"):
        # 由县林业局负责调运苗木，…, 由县住建局负责的城东安置房项目，…: who and their role, the work
        # run on after the role word (not 由牵头部门负责…: a kind of unit, no one by name)
        # (read with a page's line breaks taken out: 由县交通运输局 / 增设…, 新华镇人民政 / 府立即…)
        flat = "".join(simplified(text).split())
        found = _ROLE_RUN_ON.match(flat) or _UNIT_THEN_ITS_WORK.match(flat)
        units = found.group("units") if found else ""
        if found and is_unit_list(units) and not _NO_ONE_BY_NAME.fullmatch(units):
            roles = parse_units(flat[found.start("units"):found.end("units") if found.re is _UNIT_THEN_ITS_WORK
                                     else found.end("role")])
            if found.re is _UNIT_THEN_ITS_WORK and found.group("with"):       # (会同Y: Y works with them)
                roles.extend(UnitRoles(cooperating=parse_units(found.group("with")).responsible))
            role_end = _offset_of(text, found.end("role") - 1) + 1
            if roles and len(_NOT_WORDS.sub("", text[role_end:])) >= 4:
                roles.extend(_roles_later_in_the_sentence(text[role_end:]))
                return roles, role_end
    if clause_end is not None and text.lstrip().startswith("由"):
        # 由东河电站按照属地管理原则，建立…, 由县水务局对库区…进行清理: who, then how or on what,
        # with no role word; the units carry it out
        by = _UNITS_BEFORE_HOW.match(simplified(text))
        if by and is_unit_list(squeeze(text[by.start("units"):by.end("units")])):
            units = parse_units(squeeze(text[by.start("units"):by.end("units")]))
            if units.responsible and len(_NOT_WORDS.sub("", text[by.end("units"):])) >= 4:
                units.extend(_roles_later_in_the_sentence(text[by.end("units"):]))
                return units, by.end("units")
    if clause_end is None or role_of_phrase(simplified(text[:clause_end.start()].rstrip()))[1] is None:
        return None                     # (most items: their first clause does not end in a role word)
    plain = simplified(text)
    sentence_end = plain.find("。")
    sentence = plain[:sentence_end if sentence_end >= 0 else len(plain)]
    parts = split_top_level(sentence, "，")
    taken, offset = [], 0
    for index, part in enumerate(parts):
        clause = re.sub(r"^\s*(?:并由|由)", "", part)
        if index == 0 and _PERSON_IN_CHARGE.fullmatch(squeeze(clause)):
            offset += len(part) + 1       # 由张某某副县长负责，县住建局牵头，…: the person is not a unit
            continue
        if not clause or not is_role_list(squeeze(clause)):
            break
        # (the units as written: the simplified copy keeps the written text's offsets)
        taken.append(text[offset + len(part) - len(clause):offset + len(part)])
        offset += len(part) + 1
    if not taken:
        return None
    if offset >= len(sentence):
        # 由县市场监管局牵头，县商务局配合。完成…: a sentence of who does it, the work after it.
        if not plain.lstrip().startswith(("由", "并由")) or sentence_end < 0 \
                or len(_NOT_WORDS.sub("", plain[sentence_end:])) < 4:
            return None
    elif len(_NOT_WORDS.sub("", sentence[offset:])) < 4:
        return None
    roles = parse_units("，".join(taken))
    return (roles, offset) if roles else None


def _roles_later_in_the_sentence(work: str) -> UnitRoles:
    """…做好宣传报道，镇文化站配合。 / …进行清理，城关镇人民政府加强督促指导。: the units of role clauses
    after the work in its sentence (not its first clause, which is the work's)."""
    roles = UnitRoles()
    sentence = re.split(r"[。；]", work, maxsplit=1)[0]
    for clause in split_top_level(sentence, "，,")[1:]:
        clause = squeeze(clause)
        if role_of_phrase(simplified(clause))[1] is not None and is_role_list(clause):
            roles.extend(parse_units(clause))
    return roles


def _a_role_then_a_date(plain: str) -> bool:
    """Does a sentence name a role, then after a comma a time (县住建局牵头，…，10月底前完成)? Read once along each
    sentence, the earliest role and the first comma after it deciding: one pattern spanning both had retried every
    role word against every comma of a sentence run on without a stop, cubic in its length."""
    for sentence in _SENTENCE_END.split(plain):
        role = _ROLE_WORD_OF_A_CLAUSE.search(sentence)
        comma = _COMMA.search(sentence, role.end()) if role else None
        if comma and _TIME_WORD.search(sentence, comma.end()):
            return True
    return False


_SENTENCE_END = regex("[。；]")
_ROLE_WORD_OF_A_CLAUSE = regex("牵头|负责|配合|协助|协办|承办|落实")
_COMMA = regex("[，,]")
_TIME_WORD = regex("月|年|季度|前|底")


def _who_then_when(parts: list[str]) -> bool:
    """Are these a sentence's last clauses units with their roles, then maybe dates (县住建局负责，
    各乡镇配合，2025年12月底前完成), the last maybe a milestone (9月底前开工建设), or, after one who
    does it and one who helps, any clause its time opens (…负责，县直各单位配合，年底前开放车位800个)?"""
    if not parts or not is_role_list(parts[0]):
        return False
    paired = len(parts) > 2 and is_role_list(parts[1]) and bool(parse_units(parts[1]).cooperating)
    return all(
        is_role_list(part) or _is_deadline_phrase(part) or last and (
            MILESTONE_LINE.match(part) is not None or paired and _opened_by_its_time(part))
        for last, part in ((index == len(parts) - 1, part) for index, part in enumerate(parts) if index))


def _opened_by_its_time(clause: str) -> bool:
    """年底前开放车位800个, 确保8月25日前具备开学条件: a clause of work its time opens (not a rhythm's: 每月10日前报送)."""
    found = find_deadline(clause, _ANY_YEAR)
    return found is not None and found[1] <= _TIME_OPENS_WITHIN and found[0].due is not None and not found[0].recurrence


_TIME_OPENS_WITHIN = 2          # characters before the time (确保, 力争)


def _role_then_date(plain: str) -> int | None:
    """Where a sentence's clause of units and their roles starts, when only that clause, more
    of its kind and a date close the sentence (…，县城管局牵头负责，2024年11月底前完成。)."""
    if "，" not in plain or not ("牵头" in plain or "负责" in plain or "配合" in plain or "协" in plain
                                or "承办" in plain or "落实" in plain):
        return None
    dated = _a_role_then_a_date(plain)
    if not dated and not _ENDS_WITH_A_ROLE.search(plain):
        return None                     # (most sentences: no role word before a date, nor at their end)
    parts = split_top_level(plain.rstrip("。；"), "，")
    if len(parts) > 12:
        return None                     # (a sentence of who and when has a few clauses, not dozens)
    offset = len(parts[0]) + 1
    for index in range(1, len(parts)):
        rest = parts[index:]
        if is_role_list(rest[0]) and all(is_role_list(part) or _is_deadline_phrase(part) for part in rest[1:]) \
                and (any(_is_deadline_phrase(part) for part in rest[1:]) or _names_one_in_charge(rest)):
            return offset
        offset += len(parts[index]) + 1
    return None


# 推进…梳理，县政务服务中心牵头，县直各部门配合。 with no date: the clauses of who close the sentence
_ENDS_WITH_A_ROLE = regex(r"(?:牵头|负责|配合|协助|协办|承办|落实|参与|持续推进|长期坚持)[。；]?$")


def _names_one_in_charge(clauses: list[str]) -> bool:
    """Do undated clauses of who name a unit by its place in charge (县X局牵头/负责), not only helpers?"""
    roles = parse_units("，".join(clause for clause in clauses if is_role_list(clause)))
    return any(PLACED_NAME.match(unit) for unit in [*roles.lead, *roles.responsible])


# 由X会同Y等部门研究提出落实意见, 由X牵头研究制定…: who, then the policy work they owe, with no
# comma between (a 分工 notice's answer to each question it lists).
_STUDIES = regex(r"(?P<who>[^，。；：向对将]{2,80}?)(?:(?P<role>牵头|负责)?(?:抓紧|认真|深入)?研究|(?P<role2>牵头|负责)(?:制定|出台|提出))"
                      r"[^，；]{0,40}[。；]?$")
# An item's closing sentence that names its work before who does it: 此项工作由…, 该项任务由….
# (or names it: 城区整治任务由…, 宣传工作由…)
_TOPIC_LONGEST = 30
_TOPIC_THEN_BY = regex(rf"[\u4e00-\u9fff、“”]{{2,{_TOPIC_LONGEST}}}?(?=由[\u4e00-\u9fff])")
_THIS_WORK = regex(r"(?:(?:此|该|本)项?(?:工作|任务|目标)|具体|[\u4e00-\u9fff]{1,8}?(?:工作|任务))(?=由)")
# (a bracket that ends such a statement is its last unit's other name: 责任单位为各镇（街道）。)
_STATING = regex(r"(?:单位|部门)均?(?:为|是)[^。；]*$")
# …or takes its units as its roles: 此项工作以X为牵头单位，Y为责任单位。 / 以X为责任主体，Y为统筹、协调单位
# Who decided or instructed, with a colon, before the sentence that assigns (a meeting's decisions, a leader's
# instruction; _DECIDED reads the sentences that open with 由 after it)
_WHO_DECIDED = regex(r"\s*(?:会议\s*(?:议定|明确|决定|要求|研究决定|同意)|[\u4e00-\u9fff\s]{0,16}?(?:批\s*示|指\s*示)(?:要求)?)\s*[：:]\s*")
_RESTING_ON = regex(r"^([^，,]{2,60}?)为主(?=[，,]|$)")
_TAKES_AS = regex(r"(?:(?:此|该|本)项?(?:工作|任务|工程|目标))?以(?=[^，。；以]{2,60}?为(?:牵头|责任|主体|配合|协办|统筹|主(?=[，。；,;]|$)))")
# …or states its units as a label would: 牵头单位为X，配合单位为Y。 / 该项工作责任单位为X。
_STATED_ROLE = regex(r"(?P<label>牵头单位|牵头部门|责任单位|责任部门|配合单位|配合部门|协办单位|主责单位|"
                          r"主办单位|承办单位|会办单位)"
                          r"均?(?:为|是)(?P<units>[^，；。为]{2,80})")
# …and maybe its time the same way: …，完成时限为2024年9月底前。 (or only the date: …，2024年11月底前完成。)
_STATED_TIME = (r"(?:(?:完成时限|完成时间|完成期限|时限)(?:为|是)[^，；。]{2,24}|"
                r"(?:\d{4}年)?(?:\d{1,2}月(?:\d{1,2}日)?|年)底?(?:前|以前|之前)?(?:完成|建成|办结|完工|投用|投入使用)?)")
_STATED_ROLES = regex(rf"(?:(?:此|该|本)项?(?:工作|任务|目标)的?)?(?:{_STATED_ROLE.pattern}[，；]?)+"
                           rf"(?:{_STATED_TIME}[，；]?)?。?"
                           .replace("(?P<label>", "(?:").replace("(?P<units>", "(?:"))
# A sentence that only says when (完成时限为2024年10月底前。, 完成时限：6月底前。): the units are stated
# in the sentence before it.
_ONLY_WHEN = regex(rf"\s*(?:{_STATED_TIME}|(?:完成时限|完成时间|时限)[：:][^，；。]{{2,24}})[。；]?\s*$")


def _stated_after_the_work(plain: str, written: str) -> tuple[int, UnitRoles] | None:
    """增长8%，责任单位为县工信局，配合单位为县统计局。: the work, then its units stated after a
    comma; (where the statement starts, the units) or None."""
    if "为" not in plain or "单位" not in plain and "部门" not in plain:
        return None
    comma = plain.find("，")
    for _ in range(6):
        if comma < 0:
            return None
        stated = _stated_roles(plain[comma + 1:], written[comma + 1:])
        if stated:
            return comma + 1, stated
        comma = plain.find("，", comma + 1)
    return None


def _stated_roles(plain: str, written: str) -> UnitRoles | None:
    """牵头单位为县农业农村局，配合单位为县财政局。: the item's units, stated in a sentence; read in
    its simplified copy `plain`, the units kept as `written` (the same offsets)."""
    if "为" not in plain and "是" not in plain or "单位" not in plain and "部门" not in plain \
            or not _STATED_ROLES.fullmatch(plain):
        return None
    roles = UnitRoles()
    for match in _STATED_ROLE.finditer(plain):
        role = label_role(match["label"])
        if not is_unit_list(match["units"]):
            return None
        roles.extend(parse_units(written[match.start("units"):match.end("units")], default=role))
    return roles or None


# 由X负责清除……, 由包片单位X负责督促……: a clause that names who does the item's work,
# followed by the work itself (整改要求 of a rectification list).
_ROLE_CLAUSE = regex(r"(?:^|(?<=[。；，：\n]))\s*(?:[（(]?\d{1,2}[）)]|[①-⑳])?\s*由(?P<units>[^。；，：由]{2,120}?)"
                          r"(?P<role>牵头负责|负责|牵头|(?<=[局所办委院站队府心])(?=督促|组织|对|进行|开展|协调|按照|依照|根据))"
                          r"(?!的|人|同志)")
# The clause answers a requirement label of the item's own sentence (整改要求：……由X负责……);
# elsewhere 由X负责 is a standing rule (本办法由X负责解释), not an assignment.
_REQUIREMENT = r"(?:要求|措施|意见|建议|办法)："
_REQUIREMENT_LABEL = regex(_REQUIREMENT + r"[^。；]*$")
# …and one that opens a line of the item's own (整改措施：) over the measures numbered below it.
_A_REQUIREMENT_LABEL = regex(r"[^：。；]{0,6}" + _REQUIREMENT)
_MEASURE_KINDS = ("num()", "num)", "circled")
# Words before a unit that say which kind of unit it is: 包片单位县气象局, 沿线包片单位县职教中心.
_UNIT_KIND = regex(r"^[^、，]{0,12}?(?:包片|包联|挂包|帮扶|联系|责任|属地|主管)(?:单位|部门)")


def _role_clause(text: str) -> tuple[int, int, UnitRoles] | None:
    """The 由X负责 clauses after a requirement label whose units are all unit names: the first,
    its role clauses after it (由X牵头，Y配合), and the clauses of the measures numbered after
    it (（1）由X负责…。（2）由Y负责…)."""
    if "由" not in text or "：" not in text:
        return None
    written = text.replace("\n", "")
    plain = simplified(written)
    roles = UnitRoles()
    for match in _ROLE_CLAUSE.finditer(plain):
        if not roles and not _REQUIREMENT_LABEL.search(plain[:match.start()]) \
                or roles and not _MEASURE_NUMBER.match(plain, match.start()):
            continue
        units = written[match.start("units"):match.end("units")]
        units = _UNIT_KIND.sub("", simplified(units)) and units[len(units) - len(_UNIT_KIND.sub("", simplified(units))):]
        body = units + ("牵头" if match.group("role").startswith("牵头") else "负责")
        if not units or not is_role_list(body):
            continue
        roles.extend(parse_units(body))
        # …，县电信公司、县供电公司按职责分工负责: role clauses after the first, to the sentence's end
        rest = plain[match.end():]
        for clause in split_top_level(re.split(r"[。；]", rest, maxsplit=1)[0], "，")[1:]:
            if not is_role_list(clause):
                break
            roles.extend(parse_units(clause))
    return (0, len(text), roles) if roles else None


_MEASURE_NUMBER = regex(r"\s*(?:[（(]?\d{1,2}[）)]|[①-⑳])")
