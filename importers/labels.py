"""Labelled fields: 牵头单位：…；责任单位：…；完成时限：… in any bracket or on a line."""
from __future__ import annotations

import re
from bisect import bisect_left
from itertools import product
from dataclasses import dataclass, field

from .compiled_patterns import regex
from .deadlines import SCHEDULE_CLAUSE, TIME_ALONE, deadline_cell_end, parse_deadline
from .headers import DEADLINE, OFFICE_WORDS, PERSON, ZONE_KINDS
from .text import simplified, squeeze
from .units import (COOPERATING, CUT_NAME, ISSUER_END, LEAD, LEADER, LIST_MARKS, PLACED_NAME, RESPONSIBLE, SHORT_ROLE_WORDS, UNIT_S_HEAD, UnitRoles,
                    KEEP, PHONE_LABEL, PHONE_NUMBER, is_role_list, is_unit_list, looks_like_unit, parse_units,
                    area_cut_before_its_unit, name_goes_on, parse_units_with_remarks, sets_of_places_kept, wrapped_inside_name)

# Who builds, owns or carries out the work: a label of a task's own (实施主体：县住建局, 业主单位：县水务局),
# but as a column of a project or investment table (序号 | 实施内容 | 实施主体 | 投资估算) the builder,
# not an assignment.
BUILDER_LABELS = ("实施单位", "实施主体", "实施部门", "建设主体", "承担单位", "承担部门", "执行单位", "执行部门", "工作主体",
                  "业主单位", "项目业主", "建设单位", "项目单位")

# Label -> role; longest labels are tried first.
_LABELS: dict[str, str] = {
    "牵头责任单位": LEAD, "牵头责任部门": LEAD, "牵头单位": LEAD, "牵头部门": LEAD,
    "主办单位": LEAD, "主责单位": LEAD, "主责部门": LEAD,
    "主体责任单位": RESPONSIBLE, "主要责任单位": RESPONSIBLE, "责任单位": RESPONSIBLE,
    "责任部门": RESPONSIBLE, "落实单位": RESPONSIBLE, "承办单位": RESPONSIBLE,
    "具体责任单位": RESPONSIBLE, "责任主体": RESPONSIBLE,
    "负责单位": RESPONSIBLE, "负责部门": RESPONSIBLE, "负责科室": RESPONSIBLE, "负责股室": RESPONSIBLE,
    "负责处室": RESPONSIBLE, "落实科室": RESPONSIBLE, "承办科室": RESPONSIBLE, "落实股室": RESPONSIBLE,
    # 责任分工：县城管局牵头，县财政局配合: the value's own role words give the roles.
    "责任分工": RESPONSIBLE, "部门分工": RESPONSIBLE, "任务分工": RESPONSIBLE,
    "主要协作单位": COOPERATING, "协作单位": COOPERATING, "配合单位": COOPERATING,
    "配合部门": COOPERATING, "协办单位": COOPERATING, "参与单位": COOPERATING,
    "协助单位": COOPERATING, "协助部门": COOPERATING, "参与部门": COOPERATING, "协作部门": COOPERATING,
    "协同单位": COOPERATING, "协同部门": COOPERATING, "配合责任单位": COOPERATING, "协办部门": COOPERATING,
    "协同责任单位": COOPERATING, "协作责任单位": COOPERATING, "参与责任单位": COOPERATING,
    "会办单位": COOPERATING, "参办单位": COOPERATING, "联办单位": COOPERATING, "分办单位": RESPONSIBLE,
    # an event's and a project list's words: 参加单位 (who takes part), 牵头协调部门, 责任协调单位
    "参加单位": COOPERATING, "参加部门": COOPERATING, "牵头协调单位": LEAD, "牵头协调部门": LEAD,
    "责任协调单位": RESPONSIBLE, "责任协调部门": RESPONSIBLE,
    "主办部门": LEAD, "牵头办理单位": LEAD, "配合办理单位": COOPERATING,
    # A bureau's own plans assign its offices: 牵头科室、责任处室、配合股室.
    "牵头科室": LEAD, "牵头处室": LEAD, "牵头股室": LEAD,
    "责任科室": RESPONSIBLE, "责任处室": RESPONSIBLE, "责任股室": RESPONSIBLE,
    # a bureau's and an office's own words (牵头科局, 责任局办), and a unit with its person (责任单位及责任人)
    "牵头科局": LEAD, "配合科局": COOPERATING, "责任科局": RESPONSIBLE, "牵头局办": LEAD, "责任局办": RESPONSIBLE,
    "责任单位及责任人": RESPONSIBLE, "责任部门及责任人": RESPONSIBLE, "牵头单位及责任人": LEAD,
    "责任单位和责任人": RESPONSIBLE, "牵头单位及负责人": LEAD, "责任单位及负责人": RESPONSIBLE,
    # …and a town its offices and stations, a bureau its own units: 责任站所, 责任办所, 责任二级单位.
    "责任站所": RESPONSIBLE, "责任办所": RESPONSIBLE, "责任二级单位": RESPONSIBLE, "牵头站所": LEAD,
    # …and the other words a town has for its offices (站办所, 办室, 部室, 办公室, 专班): 牵头办公室, 责任站办所,
    # 牵头责任站所 (leads, as 牵头责任单位 does), 配合办室
    **{f"{word}{office}": role for word, role in (("牵头", LEAD), ("牵头责任", LEAD), ("责任", RESPONSIBLE),
                                                  ("配合", COOPERATING), ("协办", COOPERATING), ("配合责任", COOPERATING))
       for office in (*OFFICE_WORDS, "专班")},
    "责任办": RESPONSIBLE, "牵头办": LEAD, "配合办": COOPERATING,
    # …and a role bracketed inside the label (责任（牵头）单位, 责任（配合）单位), or two words for one (责任单位/部门)
    "责任（牵头）单位": LEAD, "责任（配合）单位": COOPERATING, "牵头（责任）单位": LEAD, "责任（协办）单位": COOPERATING,
    "责任单位/部门": RESPONSIBLE, "牵头单位/部门": LEAD, "配合单位/部门": COOPERATING,
    # …and a bureau its schools and hospitals, a town its villages: 责任学校, 责任医院, 责任村.
    "责任学校": RESPONSIBLE, "责任医院": RESPONSIBLE, "责任村": RESPONSIBLE, "责任社区": RESPONSIBLE,
    "责任乡镇": RESPONSIBLE, "责任街道": RESPONSIBLE, "责任村居": RESPONSIBLE,
    # …and a rectification plan its own words: 整改主体, 牵头整改单位, 配合整改单位
    "整改主体": RESPONSIBLE, "牵头整改单位": LEAD, "配合整改单位": COOPERATING, "协助整改单位": COOPERATING,
    # …and a 督办/整改 list's, a hotline's and a service hall's (整改单位, 处置单位, 首办单位, 责任窗口)
    "整改单位": RESPONSIBLE, "整改部门": RESPONSIBLE, "整改主体单位": RESPONSIBLE, "处置单位": RESPONSIBLE,
    "处置部门": RESPONSIBLE, "首办单位": RESPONSIBLE, "责任窗口": RESPONSIBLE, "办理部门": RESPONSIBLE,
    "承办部门": RESPONSIBLE, "具体承办单位": RESPONSIBLE,
    # …and a rectification plan's departments it concerns (涉及部门, 涉项部门), who carry out its measures
    "涉及部门": RESPONSIBLE, "涉及单位": RESPONSIBLE, "涉项部门": RESPONSIBLE, "涉项单位": RESPONSIBLE,
    # …and who handles it, as a 交办单 says (办理单位, 经办单位, 承办主体, 落实部门, 承办股室, 办理科室)
    "办理单位": RESPONSIBLE, "经办单位": RESPONSIBLE, "经办部门": RESPONSIBLE, "办理主体": RESPONSIBLE,
    "承办主体": RESPONSIBLE, "落实部门": RESPONSIBLE, "落实主体": RESPONSIBLE, "承办股室": RESPONSIBLE,
    "办理科室": RESPONSIBLE, "办理股室": RESPONSIBLE, "承办处室": RESPONSIBLE, "具体承办": RESPONSIBLE, "承办委室": RESPONSIBLE,
    # …and the office over the work (主管股室, leading as 主责股室 does), and both kinds of office in one word
    "主管股室": LEAD, "主管科室": LEAD, "主管处室": LEAD,
    "责任科（股）室": RESPONSIBLE, "牵头科（股）室": LEAD, "配合科（股）室": COOPERATING,
    "牵头办所": LEAD, "配合站所": COOPERATING, "配合办所": COOPERATING,
    "配合科室": COOPERATING, "配合处室": COOPERATING, "配合股室": COOPERATING, "协办科室": COOPERATING,
    # …and a bureau's other words for its offices' roles (主责股室, 主办科室, 主抓股室, 协同股室, 协办股室)
    **{f"{word}{office}": role for word, role in (("主责", LEAD), ("主办", LEAD), ("主抓", LEAD), ("协同", COOPERATING),
                                                  ("协办", COOPERATING)) for office in ("科室", "股室", "处室", "局室")},
    # (a zone's parks and platforms, a street's communities: 牵头园区, 责任平台, 配合社区)
    **{f"{word}{kind}": role for word, role in (("牵头", LEAD), ("责任", RESPONSIBLE), ("配合", COOPERATING))
       for kind in ZONE_KINDS},
    # (参与股室, 参加科室, 协助处室, 参与站所: the offices that help, as 参与单位 and 参加单位 name the units)
    **{f"{word}{office}": COOPERATING for word in ("参与", "参加", "协助") for office in ("科室", "股室", "处室", "站所")},
    # …and a reform list's words for who drives, receives, guides or supports the work
    "推进单位": RESPONSIBLE, "责任推进单位": RESPONSIBLE, "承接单位": RESPONSIBLE, "主体单位": RESPONSIBLE,
    "责任机构": RESPONSIBLE, "牵头推进单位": LEAD, "牵头机构": LEAD, "统筹单位": LEAD, "协调单位": LEAD,
    "指导单位": LEAD, "支持单位": COOPERATING,
    "完成时限": DEADLINE, "完成时间": DEADLINE, "完成期限": DEADLINE, "时间节点": DEADLINE,
    "办结时限": DEADLINE, "时限要求": DEADLINE, "时限": DEADLINE,
    "截止时间": DEADLINE, "截止日期": DEADLINE, "完成日期": DEADLINE, "办结时间": DEADLINE,
    "办结期限": DEADLINE, "办结日期": DEADLINE, "应办结时间": DEADLINE, "完成节点": DEADLINE, "工作时限": DEADLINE, "落实时限": DEADLINE, "办理时限": DEADLINE,
    "整改期限": DEADLINE, "整改时限": DEADLINE, "办理期限": DEADLINE, "整改时间": DEADLINE, "完成时间节点": DEADLINE,
    # …and the date a fix is ordered by (限改日期, 整改限期, 限期整改日期)
    "限改日期": DEADLINE, "限改时间": DEADLINE, "限改时限": DEADLINE, "整改限期": DEADLINE, "限期整改日期": DEADLINE,
    "限期整改时间": DEADLINE,
    # a campaign's and a plan's own words: 整治时限, 治理期限, 完成年限 (not 时间要求, a plan's schedule)
    "整治时限": DEADLINE, "整治期限": DEADLINE, "整治时间": DEADLINE, "治理时限": DEADLINE, "治理期限": DEADLINE,
    "攻坚时限": DEADLINE, "推进时限": DEADLINE, "完成年限": DEADLINE, "完成年度": DEADLINE, "完成时点": DEADLINE,
    "兑现时限": DEADLINE,
    # …and a bureau's own words for when (推进时间, 落实时间, 结束时间, 达标时间; not 计划时间: a site's 工作计划 时间:…)
    "推进时间": DEADLINE, "落实时间": DEADLINE, "结束时间": DEADLINE, "达标时间": DEADLINE,
    # …and a rollout's, named by the milestone (上线时间, 建成时间, 建设时限, 办成时限)
    "上线时间": DEADLINE, "计划上线时间": DEADLINE, "上线期限": DEADLINE, "上线时限": DEADLINE,
    "建成时间": DEADLINE, "建设时限": DEADLINE, "推出时间": DEADLINE, "实现时间": DEADLINE,
    "启用时间": DEADLINE, "办成时限": DEADLINE, "实施时限": DEADLINE, "完成时限要求": DEADLINE,
    # …and a petition ledger's (化解时限, 化解期限, 化解责任单位)
    "化解时限": DEADLINE, "化解期限": DEADLINE, "化解责任单位": RESPONSIBLE, "化解单位": RESPONSIBLE,
    "答复期限": DEADLINE, "办复期限": DEADLINE, "反馈期限": DEADLINE, "限办日期": DEADLINE, "限办时间": DEADLINE,
    # a project's schedule under its name: the last date it gives is the project's
    "进度安排": DEADLINE, "时间安排": DEADLINE, "工期安排": DEADLINE, "竣工时间": DEADLINE,
    "计划竣工时间": DEADLINE, "计划完成时间": DEADLINE, "节点安排": DEADLINE, "时间节点安排": DEADLINE, "进度要求": DEADLINE,
    # …and its milestones by stage (年度阶段性工作目标：第一季度完成选址；第四季度建成投用): the last
    "阶段性目标": DEADLINE, "阶段目标": DEADLINE, "阶段性工作目标": DEADLINE, "年度阶段性目标": DEADLINE,
    "年度阶段性工作目标": DEADLINE, "节点目标": DEADLINE, "进度目标": DEADLINE,
    "责任领导": PERSON, "牵头领导": PERSON, "分管领导": PERSON, "包联领导": PERSON,
    "责任人": PERSON, "联系人": PERSON, "牵头县领导": PERSON, "责任县领导": PERSON,
    "公开时限": PERSON,         # (a web page's 公开时限：长期公开 is no task's deadline)
    "督办领导": PERSON, "包抓领导": PERSON, "分管县领导": PERSON, "县级领导": PERSON,
    "配合领导": PERSON, "包保领导": PERSON, "包案领导": PERSON, "包案县领导": PERSON, "包案责任人": PERSON,
    "牵头负责领导": PERSON, "牵头市领导": PERSON, "牵头区领导": PERSON, "责任市领导": PERSON,
    "责任区领导": PERSON, "分管市领导": PERSON, "分管区领导": PERSON, "联系领导": PERSON,
    "分管省领导": PERSON, "牵头省领导": PERSON, "联系县领导": PERSON, "联系市领导": PERSON, "联系区领导": PERSON,
    "领衔县领导": PERSON, "领衔市领导": PERSON, "领衔领导": PERSON, "分管副县长": PERSON, "分管副市长": PERSON,
    "分管副区长": PERSON, "主要责任人": PERSON, "具体责任人": PERSON, "直接责任人": PERSON, "主管领导": PERSON,
    "包抓县领导": PERSON, "包抓市领导": PERSON, "包抓区领导": PERSON, "项目责任人": PERSON,
    "领衔代表": PERSON, "提案人": PERSON, "建议人": PERSON,
    # a township's: 包片领导, 包村干部, 驻村干部, 网格员 (persons beside the unit)
    "包片领导": PERSON, "包村领导": PERSON, "包村干部": PERSON, "包片干部": PERSON, "驻村干部": PERSON,
    "驻村工作队": PERSON, "网格员": PERSON, "包联干部": PERSON, "指标长": PERSON,
    # 实施单位：县城管局, as a 办实事 list names who builds each project; and the words older plans
    # use for who carries it out (实施主体, 建设主体, 承担单位, 执行单位; BUILDER_LABELS).
    **dict.fromkeys(BUILDER_LABELS, RESPONSIBLE),
    "责任主体单位": RESPONSIBLE,
    # A label line of the units beside the lead (相关责任单位：各乡镇), and a rectification plan's
    # two kinds of responsibility, where the problem is and who oversees it (属地、监管责任单位).
    "相关责任单位": RESPONSIBLE, "其他责任单位": RESPONSIBLE, "有关责任单位": RESPONSIBLE,
    "相关责任部门": RESPONSIBLE, "其他责任部门": RESPONSIBLE, "有关责任部门": RESPONSIBLE,
    "相关配合单位": COOPERATING, "其他配合单位": COOPERATING, "相关配合部门": COOPERATING,
    "属地责任单位": RESPONSIBLE, "监管责任单位": RESPONSIBLE, "属地责任部门": RESPONSIBLE,
    "监管责任部门": RESPONSIBLE, "行业监管部门": RESPONSIBLE, "行业主管部门": RESPONSIBLE,
}


def label_role(label: str) -> str | None:
    """The role (or deadline, or person) a label word names: 牵头单位 -> lead."""
    return _LABELS.get(simplified(label))


_TRADITIONAL = {
    "牵": "牵牽", "头": "头頭", "单": "单單", "责": "责責", "门": "门門", "协": "协協",
    "办": "办辦", "时": "时時", "间": "间間", "体": "体體", "领": "领領", "导": "导導",
    "参": "参參", "节": "节節", "点": "点點", "实": "实實", "县": "县縣", "联": "联聯",
    "务": "务務", "结": "结結", "求": "求", "与": "与與", "限": "限", "合": "合閤",
    "项": "项項", "称": "称稱", "内": "内內", "止": "止", "期": "期", "负": "负負",
    "问": "问問", "题": "题題", "进": "进進",
}


_EITHER_WIDTH = {"（": "[（(]", "）": "[）)]", "/": "[/／]"}


def _label_pattern(label: str) -> str:
    pattern = r"\s*".join(f"[{_TRADITIONAL[ch]}]" if ch in _TRADITIONAL else _EITHER_WIDTH.get(ch) or re.escape(ch)
                          for ch in label)
    if label.endswith(_OFFICE_KINDS):
        # 责任股（室）, 责任站（所）: a bureau writes its offices' kind with the second word bracketed
        last = pattern[-1]
        pattern = pattern[:-1] + rf"(?:{last}|[（(]\s*{last}\s*[）)])"
    return pattern


_OFFICE_KINDS = ("股室", "科室", "处室", "站所", "办所", "局室", "股所")
# …the bracket inside such a label as written (股（室）), which no aside-masking may blank
OFFICE_KIND_BRACKET = regex("(?:" + "|".join(f"{kind[0]}（{kind[1]}）" for kind in _OFFICE_KINDS) + ")")


# Labels whose value is the task's own text. A task written as a record of label lines
# (工作任务：… / 牵头单位：… / 完成时限：…) opens with one of them.
# An 整改方案 writes its records as problems: 存在问题：… or 问题1：… / 整改措施：… / 责任单位：….
TASK_TEXT_LABELS = ("工作任务", "重点任务", "具体任务", "任务名称", "任务内容", "工作内容",
                    "督办事项", "事项名称", "事项内容", "存在问题", "问题描述",
                    # a 交办单's record of what a leader instructed or the office sends
                    "批示内容", "批示事项", "督办内容", "交办内容", "督查内容", "具体事项",
                    # a 交办单's, a 督查通报's, a meeting's and a project list's records
                    "交办事项", "督查事项", "议定事项", "决定事项", "整改事项", "整改任务", "反馈问题",
                    "重点工作", "工作事项", "目标任务", "项目名称", "建设内容",
                    # a reform list's records (改革事项：企业开办 / 具体举措：… / 牵头单位：…)
                    "改革事项", "改革任务", "一件事名称",
                    # a campaign's groups and what each is to put right (整治内容, 整治重点, 检查范围)
                    "整治内容", "整治任务", "整治重点", "检查内容", "检查范围", "检查重点",
                    # a 建议/提案 list's records
                    "建议名称", "提案名称", "建议题目", "提案题目", "建议标题", "提案标题", "案由", "诉求内容",
                    # a 交办单's problem alone (问题：… / 责任单位：… / 整改时限：…)
                    "问题")
TASK_TEXT_LABEL = regex(r"^\s*(?:(?P<number>\d{1,3})\s*)?(?:" + "|".join(_label_pattern(label) for label in TASK_TEXT_LABELS)
                             # (…maybe counted: 督办事项1：, 交办事项（2）：, 问题3：)
                             + r"|(?P<numbered>[问問]\s*[题題]\s*[0-9一二三四五六七八九十]{1,3}))"
                             r"(?:\s*[（(]?(?P<count>\d{1,3}|[一二三四五六七八九十]{1,3})[）)]?)?\s*[：:]\s*(?=\S)")
_FIELD_WORDS = frozenset(_LABELS) | frozenset(TASK_TEXT_LABELS)


# Every tail of a field's name (位, 单位, 头单位, 责任单位 of 牵头责任单位): a line opening with one and a
# colon may be a name the converter broke (牵头 / 单位：), never proof of a field of its own.
_FIELD_TAILS = frozenset(word[start:] for word in _FIELD_WORDS for start in range(1, len(word)))
# …and every opening of one (完, 完成时, 责任单): a field's name the text's end cut short.
_FIELD_HEADS = frozenset(word[:end] for word in _FIELD_WORDS for end in range(1, len(word)))
_OPENING_FIELD = regex(r"\s*([\u4e00-\u9fff]{2,8})\s*[：:]")


def opens_a_field(line: str, above: str = "") -> bool:
    """Does ``line`` open with a field's name and its colon (监督方式：…, 牵头单位：…), whole? Such a
    line starts a field of its own even after a full-width line: a page that repeats one label
    line under every item makes that line's width look like the width its lines were broken at."""
    opening = _OPENING_FIELD.match(line)
    # (a name that could end a longer one, 内容：, opens a field of its own under a whole field's line:
    # 配合：县委宣传部、各乡镇 / 内容：…, not under the first half of a name, 工作 / 内容：…)
    return opening is not None and (simplified(opening.group(1)) not in _FIELD_TAILS
                                    or bool(above) and _OPENING_FIELD.match(above) is not None)


def lone_field_word(text: str) -> str | None:
    """The label a line holds alone (责任单位, 具体任务：), simplified, or None."""
    word = simplified("".join(text.split())).rstrip("：:")
    return word if len(word) <= 8 and word in _FIELD_WORDS else None


def field_row_as_label_line(cells: list[str]) -> str | None:
    """A row of label and value cells (a task card's table: 牵头单位 | 县住建局, or two
    pairs in one row) as label lines read it: 牵头单位：县住建局. None for other rows."""
    cells = [cell.strip() for cell in cells if cell.strip()]
    if not cells or len(cells) % 2:
        return None
    labels, values = cells[0::2], cells[1::2]
    # (a label cell with its own colon names a field whatever its words: 进展落实情况: | …)
    if not all(simplified("".join(label.split())).rstrip("：:") in _FIELD_WORDS
               or label.endswith(("：", ":")) and len(label) <= 12 for label in labels):
        return None
    if any(simplified("".join(value.split())) in _FIELD_WORDS for value in values):
        return None                    # a header row of a two-column table: two labels
    return " ".join(f"{label.rstrip('：:')}：{value}" for label, value in zip(labels, values))


# The labels that assign a task (not the persons'): what the warnings look for, too.
ASSIGNING_LABELS = tuple(label for label, role in _LABELS.items() if role != PERSON)

_BY_LENGTH = sorted(_LABELS, key=len, reverse=True)
_LABEL_ALTERNATIVES = "|".join(f"(?P<b{index}>{_label_pattern(label)})" for index, label in enumerate(_BY_LENGTH))


def _searching(before_rest: str, after: str) -> tuple[re.Pattern[str], list[str]]:
    """A pattern finding every label, and the role of each of its groups (group k: roles[k - 1]).

    It opens by consuming a label's first character (any label's, in either script), so that
    the regex engine skips straight to the places a label can start; one alternative for each
    first character then looks back at it and tries the rest of the labels starting with it,
    longest first, instead of every label at every character. `before_rest` is matched right
    after the first character, `after` after the label.
    """
    by_first: dict[str, list[str]] = {}
    for label in _BY_LENGTH:
        by_first.setdefault(_TRADITIONAL.get(label[0], label[0]), []).append(label)
    roles: list[str] = []
    alternatives = []
    for first, labels in by_first.items():
        rests = []
        for label in labels:
            rests.append(rf"(\s*{_label_pattern(label[1:])})")
            roles.append(_LABELS[label])
        alternatives.append(f"(?<=[{first}])(?:{'|'.join(rests)})")
    firsts = "".join(sorted(set("".join(by_first))))
    return regex(f"[{firsts}]{before_rest}(?:{'|'.join(alternatives)}){after}"), roles


# A label starts a field: at the start, or after a separator or bracket, and
# is followed by a colon (or, inside brackets, by a space before the value).
# A label may carry a short aside before its colon: 牵头单位（部门）：
_ASIDE = r"(?:\s*[（(][^（）()：:]{1,6}[）)])?"
LABEL_RE, _LABEL_RE_ROLES = _searching(r"(?:(?<=^.)|(?<=[\s（［〔【；，。、|].))", _ASIDE + r"\s*(?:[：:]\s*|(?=[^\s：:]))")
# With its colon a label needs no separator before it: the space between two
# labels is often lost where a converter broke the line (…县工信局\n责任单位：…).
_GLUED_LABEL_RE, _GLUED_ROLES = _searching("", _ASIDE + r"\s*[：:]\s*")
_A_ROLE_LABEL_WORD = regex(r"(?:牵头|责任|配合|协办|参与|牽頭|責任|協辦|參與)[单部單]\s*[位门門]")
# …and with neither: a label anywhere, for a page that lost its punctuation (find_labels).
_BARE_LABEL_RE, _BARE_ROLES = _searching("", "(?=[^\\s：:，,。；;])")
_COLON = regex(r"[：:]")
_ENDS_WITH_COLON = regex(r"[：:]\s*$")
_GLUED_REACH = 24        # characters before a colon in which a label may end
# 【牵头单位】县交通局: a label in brackets of its own, its value after it.
_BRACKETED_LABEL_RE = regex(r"[【［]\s*((?:" + _LABEL_ALTERNATIVES + r"))\s*[】］]\s*[：:]?")


_SHORT_TIME_LABEL = regex(r"^(?:时间|時間|完成|期限|截止)[：:]")


def may_end_in_a_date(value: str) -> bool:
    """Can the value's last character end a trailing deadline phrase (a cheap look first)?"""
    tail = value.rstrip("。； \n\t")
    # (…or a time with what is done by then after it: 11月底前完成40公里, 长期坚持管护)
    return bool(_DATE_TAIL.match(simplified(tail[-1:]))) or "月" in tail[-12:] or "长期" in tail[-8:]


def split_deadline(value: str) -> tuple[str, str | None]:
    """The value without a trailing unlabelled deadline phrase, and that phrase."""
    if not may_end_in_a_date(value):
        return value, None              # (most unit values end in a name: no date to look for)
    parts = re.split(r"([，；,;])", value)
    # …；时间：10月底前 (a short time word labels it: 时间, 完成, 期限, 截止).
    last = _SHORT_TIME_LABEL.sub("", re.sub(r"\s+", "", parts[-1]).strip("。"))
    if len(parts) >= 3 and TIME_ALONE.match(simplified(last)):
        # (…and the milestones before it, a schedule in one breath: 县自然资源局负责；6月底前完成初稿，9月底前
        # 印发实施, 9月启动，年底完成)
        first = len(parts) - 1
        while first >= 4 and SCHEDULE_CLAUSE.match(simplified(re.sub(r"\s+", "", parts[first - 2]))):
            first -= 2
        return "".join(parts[:first - 1]), "".join(parts[first:]) if first < len(parts) - 1 else last
    # 县人社局 2024年11月底前: a gap before it is the separator (the first gap whose rest is a
    # date, so that a date with a gap of its own, 2024年 11月底前, stays whole), or nothing at
    # all where a converter joined a full line to the next (县行政审批局 / 2024年6月底前).
    end = len(value.rstrip())
    for gap in _GAP.finditer(value, max(0, end - _LONGEST_TRAILING_DATE), end):   # (a date is short)
        rest = re.sub(r"\s+", "", value[gap.end():]).strip("。")
        if TIME_ALONE.match(simplified(rest)):
            return value[:gap.start()], rest
    return value, None


def split_leading_deadline(value: str) -> tuple[str, str | None]:
    """The value without a deadline phrase opening it (2024年9月底前，县住建局牵头), and that phrase."""
    parts = re.split(r"[，；,;]", value, maxsplit=1)
    if len(parts) < 2 or not parts[1].strip():
        return value, None
    phrase = _SHORT_TIME_LABEL.sub("", re.sub(r"\s+", "", parts[0]).strip("。"))
    return (parts[1], phrase) if TIME_ALONE.match(simplified(phrase)) else (value, None)


_LONGEST_TRAILING_DATE = 32
# What the last characters of a value hold when it ends in a date (TIME_ALONE's endings).
_DATE_TAIL = regex(r"[0-9年月日底内末度前成结期持进展化工线用标效台发定行施动地位运车收牌立送开盖整新次间改办场批季初中假一二三四五六毕号]")
# (Not after a date's own 年/月: 2024年 5月底前 is one date.)
# (…or a name's firm end before a time of the year with no digit, a full line joined to the next: 县市场监管局 /
# 年底前完成, 城关镇人民政府 / 年内完成)
_GAP = regex(r"(?<![年月日号至到])(?:\s+|(?<=[\u4e00-\u9fff）)])(?=\d))"
             r"|(?<=[局委办府心院所队站司）)])(?=(?:今年|本年|年底|年内|年末|年中|全年|上半年|下半年))")


@dataclass
class Fields:
    """What labelled fields say: units by role and the deadline phrase."""

    units: UnitRoles = field(default_factory=UnitRoles)
    deadline_text: str | None = None
    labelled: bool = False




def ends_with_assignment(text: str) -> bool:
    """Does the text end with a parenthesis that assigns (…（责任单位：县财政局）。, or after a
    sentence …。（县水利局牵头，县生态环境局配合）)?
    Such a parenthesis closes an item: the paragraph after it is another one."""
    # Most texts end in a full stop after no bracket: one look at the end, before the search.
    end = len(text)
    while end and (text[end - 1] in "。；.;" or text[end - 1].isspace()):
        end -= 1
    if not end or text[end - 1] not in "）］〕】":
        return False
    content = _last_bracket_s_content(text, end)
    if content is None:
        return False
    if find_labels(content):
        return True
    # Units with their roles close an item after its sentences; after a heading's words
    # (一、强化科技创新（区科技局牵头）) the paragraph below is still the heading's.
    return text[:end - len(content) - 2].rstrip().endswith(("。", "；")) and is_role_list(split_deadline(content)[0])


def ends_with_a_role_bracket(text: str) -> bool:
    """Does the text end with a parenthesis of units with their roles or labels, whatever comes
    before it (新建城南幼儿园1所（县教育局负责）)?"""
    end = len(text.rstrip("。；.; \t"))
    if not end or text[end - 1] not in "）］〕】":
        return False
    content = _last_bracket_s_content(text, end)
    return content is not None and (bool(find_labels(content)) or is_role_list(split_deadline(content)[0]))


def ends_with_a_unit_bracket(text: str) -> bool:
    """Does the text end with a parenthesis of bare unit names (（二）获得用水用气（县水务公司、县燃气公司）)?"""
    end = len(text.rstrip("。；.; \t"))
    if not end or text[end - 1] not in "）］〕】":
        return False
    content = _last_bracket_s_content(text, end)
    return content is not None and is_unit_list(content)


def _last_bracket_s_content(text: str, end: int) -> str | None:
    """The words inside the bracket that closes at text[end - 1], brackets inside it kept (（县城管局牵头，
    各乡镇（街道）配合）); None where it never opens."""
    depth = 0
    for position in range(end - 1, -1, -1):
        if text[position] in "）］〕】":
            depth += 1
        elif text[position] in "（［〔【":
            depth -= 1
            if depth == 0:
                return text[position + 1:end - 1]
    return None


# A person named in brackets right after a unit (县委组织部（责任人：李某）, 县委办公室（责任领导：王某）):
# an aside about the unit, whose label would otherwise cut the unit's field short.
_PERSON_ASIDE = regex(r"[（(]\s*(?:" + "|".join(_label_pattern(label) for label, role in _LABELS.items() if role == PERSON)
                           # (…and the person's telephone: （联系人：王某，电话：0371-1234567）)
                           + rf")\s*[：:][^（）()：:]{{1,24}}(?:[，,、；;\s]*{PHONE_LABEL}\s*[：:]\s*{PHONE_NUMBER})?\s*[）)]")


def without_person_asides(text: str) -> str:
    """县委组织部（责任人：李某） -> 县委组织部: the persons' asides after units taken out."""
    if "（" not in text and "(" not in text:
        return text                   # (no bracket at all: most texts)
    return _PERSON_ASIDE.sub("", text)


_PERSON_ASIDE_AT_THE_END = regex(r"(?<=[\u4e00-\u9fff])" + _PERSON_ASIDE.pattern + r"\s*$")


def ends_with_a_person_aside(text: str) -> bool:
    """Does ``text`` end with a person's aside after a unit's name (…县委组织部（责任人：李某）)?"""
    return _PERSON_ASIDE_AT_THE_END.search(text) is not None


# A label a typist closed with a semicolon for its colon (（责任单位；县住建局）, 牵头单位；X；配合单位；Y):
# at the start of a line or a bracket, or after the field before it.
# (a word of four characters or more: 时限；, 牵头；… are a list's words, not a label's)
_WORD_THEN_SEMICOLON = regex(r"(?:^|(?<=[\n（(；;]))(\s*[\u4e00-\u9fff]{4,8})\s*[；;](?=\s*[\u4e00-\u9fff])")


def semicolons_as_colons(text: str) -> str:
    """（责任单位；县住建局） -> （责任单位：县住建局）: a label's semicolon read as its colon; and a label
    opening a line with a full stop for its colon (责任单位。县环卫所、城关镇。), a typist's slip."""
    if "；" in text or ";" in text:
        text = _WORD_THEN_SEMICOLON.sub(_as_a_colon, text)
    if "。" in text:
        text = _LINE_LABEL_THEN_STOP.sub(_as_a_colon, text)
    return text


def _as_a_colon(match: re.Match[str]) -> str:
    return match.group(1) + "：" if simplified(match.group(1).strip()) in _LABELS else match.group()


_LINE_LABEL_THEN_STOP = regex(r"(?:^|(?<=\n))(\s*[\u4e00-\u9fff]{4,8})\s*。(?=\s*[\u4e00-\u9fff])")


def paired_labels_apart(text: str) -> str:
    """责任单位/完成时限：县数据局/2024年7月底前 -> 责任单位：县数据局；完成时限：2024年7月底前: two labels
    joined by a slash over their two values, as a cell of two columns reads."""
    if "/" not in text and "／" not in text:
        return text                   # (no slash: most texts)
    # (a narrow page may break a label or a value anywhere: 完成时 / 限, 县数 / 据局)
    return _PAIRED_LABELS.sub(
        lambda match: f"{squeeze(match['a'])}：{squeeze(match['va'])}；{squeeze(match['b'])}：{match['vb']}"
        if simplified(squeeze(match["a"])) in _LABELS and simplified(squeeze(match["b"])) in _LABELS
        else match.group(), text)


_PAIRED_LABELS = regex(r"(?P<a>[\u4e00-\u9fff](?:\s*[\u4e00-\u9fff]){1,5})\s*[/／]\s*"
                       r"(?P<b>[\u4e00-\u9fff](?:\s*[\u4e00-\u9fff]){1,5})\s*[：:]\s*"
                       r"(?P<va>[^/／；;）)]+?)\s*[/／]\s*(?P<vb>[^/／；;）)]+)")


def unbracket_labels(text: str) -> str:
    """【牵头单位】县交通局【责任单位】各乡镇 -> 牵头单位：县交通局 责任单位：各乡镇."""
    if "【" not in text and "［" not in text:
        return text                   # (the pattern opens with one of these: no regex call for most texts)
    return _BRACKETED_LABEL_RE.sub(lambda match: " " + match.group(1) + "：", text)


# 牵头：县发改局 / 配合：县财政局 / 时间：12月底前 on lines of their own: a unit cell's short labels
# (units.SHORT_ROLE_WORDS) written as label lines, read as the labels they stand for.
_SHORT_ROLE = r"(" + "|".join(_label_pattern(word) for word in SHORT_ROLE_WORDS) + r")(?=\s*[：:])"
# The same words as literals in either script, for the quick look (an alternation that opens with
# character classes is scanned slowly).
_SHORT_ROLE_ANYWHERE = regex("(?:" + "|".join(
    "".join(chars) for word in SHORT_ROLE_WORDS for chars in product(*(_TRADITIONAL.get(ch, ch) for ch in word)))
    + r")\s*[：:]")
_SHORT_ROLE_LINE = regex(r"(?:^|(?<=[\n。]))\s*" + _SHORT_ROLE)
_SHORT_ROLE_AFTER = regex(r"(?:^|(?<=[\n。；;，,\s（(]))" + _SHORT_ROLE)
_SHORT_TIME = regex(r"(?:^|(?<=[\n。；;，,\s]))(?:[时時][间間]|[时時]限)(?=\s*[：:])")
_LABEL_OF_ROLE = {LEAD: "牵头单位", RESPONSIBLE: "责任单位", COOPERATING: "配合单位"}
_TIME_ABOVE = 40                    # characters: a card's time line, maybe broken over two


def expand_short_labels(text: str) -> str:
    """牵头：X / 配合：Y / 时间：Z -> 牵头单位：X / 配合单位：Y / 完成时间：Z, from the first short
    role label that opens a line (or a sentence) on. A parenthesis alone (（牵头：X；配合：Y）) is
    left as it is, read as a unit cell is; a time label counts only after a role label
    (时间：2024年3月—6月 alone heads a stage, not a deadline)."""
    if not _SHORT_ROLE_ANYWHERE.search(text):
        return text                  # (one quick look: most items have no short label at all)
    first = _SHORT_ROLE_LINE.search(text)
    if first is None:
        return text
    start = first.start(1)
    # (…or right before it, on the lines above: 时间：2024年4月上旬 / 主办：… / 承办：…, an activity's card)
    times = list(_SHORT_TIME.finditer(text, max(0, start - _TIME_ABOVE), start))
    time = times[-1] if times else None
    if time is not None and (time.start() == 0 or text[time.start() - 1] == "\n") \
            and not re.search(r"[：:。]", text[time.end():start].lstrip(" ：:")):
        start = time.start()
    rest = _SHORT_ROLE_AFTER.sub(lambda match: _LABEL_OF_ROLE[SHORT_ROLE_WORDS[simplified(match.group(1))]],
                                 text[start:])
    return text[:start] + _SHORT_TIME.sub("完成时间", rest)


# Every label ends with one of these characters (in either script): a text with none holds no label.
_HINT = regex("[" + "".join(sorted({ch for label in _LABELS for ch in _TRADITIONAL.get(label[-1], label[-1])}))
                   + "]")


def find_labels(text: str) -> list[tuple[int, int, str]]:
    """(start, end, role) for every label in text."""
    found: list[tuple[int, int, str]] = []
    if not _HINT.search(text):
        return found
    # Glued labels are searched only just before a colon: scanning the whole
    # text with every label at every position was the importer's slowest step.
    glued = []
    for colon in _COLON.finditer(text):
        window_start = max(0, colon.start() - _GLUED_REACH)
        for match in _GLUED_LABEL_RE.finditer(text, window_start, colon.end() + 8):
            if match.start() <= colon.start() < match.end():
                glued.append((match.start(), match.end(), _GLUED_ROLES[match.lastindex - 1]))
                break
    for match in LABEL_RE.finditer(text):
        # Without a colon a label must be followed by its value in a bracket
        # context; "实行牵头单位负责制" is prose, not a field.
        if not _ENDS_WITH_COLON.search(match.group(0)) and not _bracketed_context(text, match.start()) \
                and not _opens_a_line(text, match) and not _names_after_a_comma(text, match) \
                and not _date_after_a_comma(text, match):
            continue
        if match.start() >= 2 and text[match.start() - 1] in "（(" and text[match.end():match.end() + 1] in ("）", ")") \
                and "\u4e00" <= text[match.start() - 2] <= "\u9fff":
            continue                    # 县教育局（牵头单位）、县住建局: a unit's role in brackets, no field
        found.append((match.start(), match.end(), _LABEL_RE_ROLES[match.lastindex - 1]))
    # A glued label counts where no other label overlaps it. Both lists run left to right
    # without overlaps of their own (each glued label holds its own colon), so the one
    # other label to look at is the last that starts before the glued one ends.
    if not found and not glued and _A_ROLE_LABEL_WORD.search(text):
        # …日产日清责任单位县城管局、县环卫所: a page that lost its punctuation glues a label, colon and
        # all, to the words before it; it counts where names of units alone follow it
        for match in _BARE_LABEL_RE.finditer(text):
            if _names_to_the_line_end(text, match) \
                    and not _A_ROLE_NAMED_AS_ANOTHER.search(text, max(0, match.start() - 6), match.start()):
                found.append((match.start(), match.end(), _BARE_ROLES[match.lastindex - 1]))
        return found
    starts = [start for start, _, _ in found]
    ends = [end for _, end, _ in found]
    for start, end, role in glued:
        before = bisect_left(starts, end)
        if not before or ends[before - 1] <= start:
            found.append((start, end, role))
    return sorted(found)


# Words that say which kind of field a label heads, on a line of its own: 整改时限：, 整改责任单位：.
_KIND_WORDS = frozenset(("整改", "反馈", "报送", "上报", "办理", "验收", "销号", "处置", "计划", "县级", "区级", "市级", "省级",
                         "问题", "工作"))
_LABEL_PREFIX = regex(r"\s*(?:(?:" + "|".join(sorted(_KIND_WORDS)) + r")\s*){1,2}")


def field_start(text: str, label_start: int) -> int:
    """Where the field of a label starts: at the start of its line when a word before
    the label names its kind (整改时限：, 整改责任单位：, 反馈时限：)."""
    reach = max(0, label_start - 12)         # the kind word is short: no need to look further back
    line_start = text.rfind("\n", reach, label_start) + 1
    if label_start >= 2 and simplified(text[label_start - 2:label_start]) in _KIND_WORDS:
        # …镇农业服务中心整改时限：: a full line the converter joined to the next one (问题整改责任单位：
        # two kind words)
        if label_start >= 4 and simplified(text[label_start - 4:label_start - 2]) in _KIND_WORDS:
            return label_start - 4
        return label_start - 2
    if not line_start and reach:
        return label_start                   # (no line start that near: a long line of many labels)
    if line_start < label_start and _LABEL_PREFIX.fullmatch(text, line_start, label_start):
        return line_start
    return label_start


# A field of another kind (整改要求：, 组成单位：): a short name, maybe cut by a line break, and a colon.
# A stage of a year's targets, as a deadline field lists them one per line (第一季度：… / 第二季度：…, 上半年：…):
# the field's own, not a field after it.
# (a narrow page may break it, 第三 / 季度：…: the line's 季度 alone)
STAGE_FIELD = regex(r"\s*(?:第?[一二三四1-4]?\s*季度|[上下]?\s*半年|\d{1,2}月(?:底|份)?(?:前)?)(?:[（(][^）)]{1,8}[）)])?\s*[：:]")
OTHER_FIELD = regex(r"\s*(?:[^\s：:，。；、（）()]\s*){2,10}[：:]")
# (on a new line, or after a gap on the same line: 配合单位：X、Y 实际完成情况：…)
# (its name maybe broken by a line, 整改\n要求：, but holding no space: 源局 实际完成情况： is a unit's end and a field)
_FIELD_AFTER_A_GAP = regex(r"\n\s*(?:[^\s：:，。；、（）()]\n?){2,10}[：:]|[ \t\u3000]+[^\s：:，。；、（）()]{2,8}[：:]")


# A progress report's fields, which no unit's name ends with: 县自然资源局实际完成情况：… (a PDF lost the gap).
# The names of a progress report's fields (进展情况, 进展落实情况, 存在问题, 下一步打算, …).
PROGRESS_WORD = (r"(?:(?:实际|进展|工作|整改|任务)?(?:完成|进展|进度|推进|落实|办理)情况|工作进展|存在的?问题|"
                 r"下一?步(?:打算|计划|措施|工作安排|工作计划|工作)(?:建议)?|下阶段工作)")
# …several named in one field, maybe broken by a line (进展情况、存在问题 / 及下一步工作建议：)
PROGRESS_FIELD = regex(rf"{PROGRESS_WORD}(?:\s*[、及和与]\s*{PROGRESS_WORD})*\s*[：:]")
# (…and a record's measures, glued on after its deadline: 整改时限：2023年6月底前整改措施：1.…)
_REPORT_FIELD = regex(rf"{PROGRESS_FIELD.pattern}|备注[：:]|联系(?:人|电话|方式)[：:]|监督电话[：:]|"
                           r"(?:整改|工作|具体|主要|落实)(?:措施|举措)[：:]")
_OWN_LEVEL = regex(r"(?:县|区|镇|乡)级\s*(?:牵头|责任|配合|协办)")
_UPPER_LEVEL = regex(r"(?:市|省|州)级\s*(?:牵头|责任|配合|协办)")


def parse_fields(text: str) -> Fields:
    """Read every labelled field in text (the inside of a bracket, or label lines)."""
    fields = Fields()
    labels = find_labels(text)
    # 市级牵头单位：… beside 县级牵头单位：…: a county's breakdown of a city's plan notes the city's
    # units; the county's own are its assignment (one level alone is the plan's own).
    two_levels = "级" in text and _OWN_LEVEL.search(text) is not None and _UPPER_LEVEL.search(text) is not None
    for number, (start, end, role) in enumerate(labels):
        if two_levels and text[max(0, start - 2):start] in ("市级", "省级", "州级"):
            continue
        stop = field_start(text, labels[number + 1][0]) if number + 1 < len(labels) else len(text)
        value = text[end:stop]
        # A line starting with another "名称：" (组成单位：, 主要职责：) ends the field, as does a field
        # after a gap on the same line, or a report's own field glued to the last unit.
        # (the report's field first: its name after a line break, 利局实际完成情况：, is no gap's field)
        report = _REPORT_FIELD.search(value) if "：" in value or ":" in value else None
        other = _FIELD_AFTER_A_GAP.search(value, 0, report.start() if report else len(value)) or report
        while role == DEADLINE and other is not None and other is not report and STAGE_FIELD.match(value, other.start()):
            other = _FIELD_AFTER_A_GAP.search(value, other.end(), report.start() if report else len(value)) or report
        if other:
            rest = _SHORT_TIME_LABEL.sub("", re.sub(r"\s+", "", value[other.start():]).strip("。；;）)"))
            if role != DEADLINE and not fields.deadline_text and _SHORT_TIME_LABEL.match(value[other.start():].lstrip()) \
                    and TIME_ALONE.match(simplified(rest)):
                fields.deadline_text = rest      # 责任单位：县水利局； / 时间：2024年10月底前: a short time label's date
            value = value[:other.start()]
        if "\n" in value and role in (LEAD, RESPONSIBLE, COOPERATING):
            value = _units_before_the_words_below(value.lstrip(" \n"))
        value = value.strip(" \n；;，,。")
        if value[:1] in "为是" and text[end - 1:end] not in "：:":
            value = value[1:]           # 责任单位为县住建局；完成时限为10月底前: a label stated in a sentence
        fields.labelled = True
        if role == PERSON and value and not fields.deadline_text:
            # 包联领导：王某某；10月20日前开工: a date after the person, with no label of its own
            fields.deadline_text = split_deadline(value)[1]
        if role == PERSON or not value:
            continue
        if role == DEADLINE:
            # A line break inside the value is the converter's (2023年10\n月底前), unless the first line
            # says when in full and the next opens with words (the notice's signature: 平安县人民政府督查室)
            first, _, rest = value.partition("\n")
            if rest and _SIGNATURE_START.match(rest.strip()) and parse_deadline(first.strip(), 2000).due:
                value = first
            fields.deadline_text = re.sub(r"\s*\n\s*", "", value).strip("。；，")
            continue
        if number == len(labels) - 1 and stop == len(text) and "\u4e00" <= text.rstrip()[-1:] <= "\u9fff":
            head, _, tail = value.rpartition("\n")
            # (three characters at least: 配合 or 牵头 alone is the units' role word, not a cut name)
            if head and len(tail.strip()) >= 3 and simplified(tail.strip()) in _FIELD_HEADS:
                value = head.rstrip()   # 区发展改革委 / 完成时: the next field's name, cut by the text's end
        value, trailing = split_deadline(value)
        if trailing and not fields.deadline_text:
            fields.deadline_text = trailing
        if "。" in value:
            value = _units_sentence(value)
        fields.units.extend(parse_units_with_remarks(value, role, labelled=True))
        if number == len(labels) - 1 and stop == len(text) and not trailing:
            cut = _name_cut_at_the_end(text, value)
            if cut is not None:
                fields.units.add(role, cut)
    return fields


# …的责任单位为牵头单位或汇总单位: a role's name said to be another's, a rule of roles, no label of units
_A_ROLE_NAMED_AS_ANOTHER = regex(r"(?:单位|單位|部门|部門)\s*[为為是]\s*$")


def _units_before_the_words_below(value: str) -> str:
    """牵头单位：县卫生健康局 / 3月26日印发改造方案，已完成2家改造。: a unit label's line over the item's words (its
    body, or a report's progress): the units end with their lines, or with the time below them. Not a list a line broke (县水务局、县住房和城乡建 /
    设局; 县财政局、 / 县审计局; 县 / 教育体育局): the lines go on while the last name is not whole or the next
    line goes on with it."""
    lines = value.split("\n")
    kept = lines[0]
    for number, below in enumerate(line.strip() for line in lines[1:]):
        if not below:
            continue
        last = LIST_MARKS.split(kept.strip())[-1]
        plain = _ASIDE_IN_A_LINE.sub("", below)     # (建设办（主任：吴某某）、各村: the name, not its head's aside)
        goes_on = kept.rstrip().endswith(("、", "，", ",")) or kept.count("（") > kept.count("）") \
            or not looks_like_unit(last) or is_unit_list(plain.rstrip("。；;")) or wrapped_inside_name(kept, below) \
            or name_goes_on(last, plain) or UNIT_S_HEAD.match(plain) is not None or area_cut_before_its_unit(last, plain)
        if not goes_on:
            # (… / 4月15日前完成。: the item's time under its units, which the value's end gives; the words' sentence
            # may close on a later line: 按照《…接种 / 项目实施方案》要求，…)
            following = [line for line in lines[number + 1:] if line.strip()][:_A_SENTENCE_S_LINES]
            words = "".join(following).rstrip("。；; ")      # (not the value's own end: …规划建 / 设办；, …城乡 / 建 / 设局。)
            return kept if (_A_SENTENCE.search(below) or _A_SENTENCE.search(words)) \
                and not TIME_ALONE.match(simplified(below.strip("。；; "))) else value
        kept += "\n" + below
    return value


_A_SENTENCE = regex(r"[，。；,;]")
_A_SENTENCE_S_LINES = 6       # (a sentence of words a narrow page broke over as many)
_ASIDE_IN_A_LINE = regex(r"[（(][^（）()]*[）)]")


# What a notice's signature line opens with after the last field: its office's name.
_SIGNATURE_START = regex(rf"[\u4e00-\u9fff]{{2,}}?{ISSUER_END}")


def _units_sentence(value: str) -> str:
    """A label's value to its sentence's end, where a sentence of other words follows (牵头单位：
    县住建局。其中，进度较慢的为城关镇、新华镇。, or a signature after the last item): the places
    and names those words mention are no units of the label's."""
    head, _, rest = value.partition("。")
    following = "".join(rest.split("。", 1)[0].split()).strip("；;，,")
    if len(following) >= 4 and not is_unit_list(following) and not is_role_list(following):
        return head
    if rest[:1] == "\n" and "\n" not in rest.strip() and not LIST_MARKS.search(rest):
        return head                     # …县交通局。 / 平安县民生办: the notice's signature on its own line
    return value




def _name_cut_at_the_end(text: str, value: str) -> str | None:
    """The unit name a text cut off at its end (牵头单位：区商; a page or an excerpt that stops): its
    last characters, with no sentence's end or bracket after them, a name's place but not its kind,
    kept as written as the contract says; None where the text ends otherwise."""
    if not text.rstrip() or not "\u4e00" <= text.rstrip()[-1] <= "\u9fff":
        return None
    names = [re.sub(r"\s+", "", name).replace(KEEP, "、")            # (各区、县级市: one name, no cut 县级市)
             for name in re.split(r"[、，,；;]+", sets_of_places_kept(value.strip())) if name.strip()]
    last = names[-1] if names else ""                  # (县 / 住: a line broke it)
    if looks_like_unit(last) or parse_units(last) or LEADER.match(last):
        return None                     # (各级田长: a post, whole, not a name cut short)
    # 区商, or after bare sector names a bare one (发改局、生态环): the list's own way of naming
    # (persons' posts among them, 各级总河湖长, name nobody's place: no matter)
    bare_list = len(names) >= 2 and all(looks_like_unit(name) and not PLACED_NAME.match(name) or LEADER.match(name)
                                        for name in names[:-1])
    if not CUT_NAME.fullmatch(last) and not (bare_list and _BARE_CUT.fullmatch(last)):
        return None
    return last


_BARE_CUT = regex(r"[\u4e00-\u9fff]{2,6}")


def _opens_a_line(text: str, match: re.Match[str]) -> bool:
    """牵头单位 县水利局 on a line of its own: a label whose colon a table's copy lost,
    with a gap before its value, or alone on its line over its value (责任单位 / 县住建局).
    In a sentence a label word has no gap after it."""
    start = match.start()
    while start and text[start - 1] in " \t":
        start -= 1
    return (start == 0 or text[start - 1] == "\n") and match.group(0)[-1] in " \t\n"


def _names_after_a_comma(text: str, match: re.Match[str]) -> bool:
    """…建设，责任单位县经信局；: a label after a comma with no colon, right before the names it
    gives (a place opens the first; 要, 负责 or any other word after it is prose), which end
    the clause."""
    start = match.start()
    if not start or text[start - 1] not in "，,":
        return False
    rest = _CLAUSE.match(text, match.end())
    names = "".join(rest.group().split()) if rest else ""       # (a PDF's line may break inside them)
    # (…，责任单位为X: the unit stated in a sentence, which the task reader takes as a whole)
    return bool(names) and names[0] not in "为是" and PLACED_NAME.match(names) is not None and is_unit_list(names)


_CLAUSE = regex(r"[^，。；,;]{2,60}(?=[；。;]|\s*$)")


def _names_to_the_line_end(text: str, match: re.Match[str]) -> bool:
    """…日产日清责任单位县城管局、县环卫所 (a page that lost its punctuation): a label glued to the
    words before it with no colon, whose value is names of units only up to the end of its line
    or the next label (…秩序责任单位县市场监管局配合单位城关镇). In a sentence (实行牵头单位负责制,
    督促责任单位县住建局加快进度) other words follow the label."""
    end = match.end()
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    value_end = line_end
    following = _BARE_LABEL_RE.search(text, end, line_end)
    if following is not None:
        value_end = following.start()
    value = text[end:value_end].rstrip("。；;， \t")
    if not value or value[0] in _NO_NAME_STARTS or _NOT_IN_NAMES.search(value) or _BARE_LABEL_RE.search(value):
        return False                    # (均明确牵头单位与责任单位, 责任单位为县财政局, 承办单位的情形)
    return _BARE_ROLES[match.lastindex - 1] in (LEAD, RESPONSIBLE, COOPERATING) and is_unit_list(value)


# Characters that open no unit's name but a sentence's next words.
_NO_NAME_STARTS = "，,。；;、的与和及为是将每在对要应由已與為將對應"
# …and what no list of names holds: a figure, a sentence's end (the value runs to the line's end)
_NOT_IN_NAMES = regex(r"[\d；;。…“”]")


def _date_after_a_comma(text: str, match: re.Match[str]) -> bool:
    """…县生态环境局配合，整改时限2025年10月底前）: a time label after a comma with no colon,
    right before a date that ends the bracket or the clause."""
    start, end = match.start(), match.end()
    if not start or text[start - 1] not in "，," or _LABEL_RE_ROLES[match.lastindex - 1] != DEADLINE:
        return False
    date_end = deadline_cell_end(text, end)
    return date_end > end and text[date_end:date_end + 1] in ("）", ")", "］", "】", "〕", "；", ";", "。", "")


def _bracketed_context(text: str, position: int) -> bool:
    """A label without its colon counts only right after an opening bracket
    or a semicolon: （责任单位 县财政局）, not in a sentence after a comma."""
    # Back over the spaces before the label only: copying the text before it made
    # a text of many labels quadratic.
    while position and text[position - 1].isspace():
        position -= 1
    return position > 0 and text[position - 1] in "（［〔【；"
