"""Table headers: what each column of a task table means, read from its header words.

A header comes in every form a converter gives: cells separated by tabs or
pipes, one cell per line, words separated by single spaces, words broken by
spaces (`牵头 单位`, `主 要 工 作 任 务`) or run together with no separator at
all (`序号项目名称主要内容牵头单位`). `header_words` reads all of them the same
way: split on the separators it is sure of, then cut each piece into header
words where it holds several.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate

from .compiled_patterns import regex
from .layout import Line
from .text import ASIDE_AT_THE_END, simplified, squeeze
from .units import COOPERATING, FIRST_UNIT_LEADS, LEAD, RESPONSIBLE, looks_like_unit

SEQ = "seq"
TEXT = "text"
DEADLINE = "deadline"
PERIOD = "period"
OTHER_UNIT = "other_unit"       # 项目实施单位: a unit column that assigns no role
PERSON = "person"               # 分管领导: persons are never units
NOTE = "note"                   # 进展情况, 备注, 是否达序, 资金: neither the task, nor a deadline
PLACE = "place"                 # 建设地点, 所在乡镇: where the work is; a town's name there is no unit
# One column for two roles (牵头单位/配合单位, 牵头单位（配合单位）, 责任单位、配合单位): in each
# cell the units before a slash, or outside a bracket, have the first role, the rest the second.
PAIRED_COLUMNS = {f"{first}/{second}": (first, second)
                  for first, second in ((LEAD, COOPERATING), (LEAD, RESPONSIBLE), (RESPONSIBLE, COOPERATING))}
ROLE_COLUMNS = (LEAD, RESPONSIBLE, COOPERATING, *PAIRED_COLUMNS)
# Columns under a time header (时间节点, 进度安排) named by dates (6月底前 | 12月底前, 一季度 … 四季度):
# each cell is the target due then; the last one written completes the task. The column's
# meaning holds its date: "milestone:6月底前".
MILESTONE = "milestone:"
# A column headed by a unit's own name, its cells marking the unit's role in each row (a 医改 分工表:
# | 重点任务 | 县卫健局 | 县医保局 | … over ★ / √): "unit_marks:" + the unit's name.
UNIT_MARKS = "unit_marks:"
_MARK_ROLES = {**dict.fromkeys("★●◆▲■", LEAD), **dict.fromkeys("√✓✔○◇☆", COOPERATING)}
_MARK_WORDS = {"牵头": LEAD, "主责": LEAD, "负责": RESPONSIBLE, "责任": RESPONSIBLE, "配合": COOPERATING,
               "协助": COOPERATING, "参与": COOPERATING}


def unit_mark_columns(words: list[str], meanings: list[str | None]) -> list[str | None]:
    """The meanings with units heading columns of their marks (| 重点任务 | 县卫健局 | 县医保局 | over ★ √),
    where two or more header words are units' names and no column names a role."""
    if any(meaning in ROLE_COLUMNS for meaning in meanings) \
            or any(meaning == TEXT and len(squeeze(word)) > _MARKED_TASK_WORD for word, meaning in zip(words, meanings)):
        return meanings             # (制定农村改厕年度工作计划 | 县农业农村局 | 各乡镇: a row's words, then its units)
    named = []
    for word, meaning in zip(words, meanings):
        unit = meaning is None and bool(word.strip())
        if unit and not looks_like_unit(squeeze(word)):
            return meanings         # (every other word a column's: a data row names units among its words)
        named.append(unit)
    if sum(named) < 2:
        return meanings
    return [UNIT_MARKS + squeeze(word) if unit else meaning for word, meaning, unit in zip(words, meanings, named)]


_MARKED_TASK_WORD = 8                # characters of the task column's word over units' columns (重点任务, 工作任务)


def unit_mark_role(cell: str) -> str | None:
    """The role a mark under a unit's column gives it (★ leads, √ works with the lead, 负责 is
    responsible), or None for an empty or unknown cell."""
    mark = squeeze(cell)
    return _MARK_ROLES.get(mark) if len(mark) == 1 else _MARK_WORDS.get(mark)
_MILESTONE_WORD = regex(r"(?:\d{4}年)?(?:\d{1,2}月(?:\d{1,2}日)?(?:底|末|中旬|上旬|下旬)?|第?[一二三四1-4]季度(?:末)?|"
                             # (a period of months: 1-3月, 4—6月份, 7至9月)
                             r"\d{1,2}\s*[-—－~～至到]\s*\d{1,2}\s*月份?|"
                             r"[上下]半年|年底|年末)(?:前|以前)?")


def milestone_meaning(word: str, years: bool = False) -> str | None:
    """The meaning of a date naming a milestone column (6月底前, 第二季度), or None. ``years``: a year
    names one too (| 2023年 | 2024年 | 2025年 | over 开工建设 | 主体完工 | 投入使用: each by its year's end)."""
    name = simplified(squeeze(word)).strip("：:")
    if "?" in name or "？" in name:
        name = _LOST_CHARACTER.sub("", name)
    if years and (year := _YEAR_WORD.fullmatch(name)):
        return f"{MILESTONE}{year.group(1)}年底"
    return MILESTONE + name if _MILESTONE_WORD.fullmatch(name) else None


_YEAR_WORD = regex(r"(\d{4})年度?")


def milestones_below(meanings: list[str | None], words: list[str]) -> list[str] | None:
    """The milestone meanings of a header's second row (6月底前 | 12月底前 under 时间节点), or None."""
    found = [milestone_meaning(word) for word in words]
    if len(found) < 2 or not all(found) or DEADLINE not in meanings:
        return None
    return found

# The words a bureau and a town have for their offices, in role columns and labels alike (责任股室, 牵头站办所,
# 配合办公室): one list, longest first.
OFFICE_WORDS = ("站办所", "办站所", "办公室", "科室", "处室", "股室", "站所", "办所", "站办", "办室", "部室", "站室", "所站",
                # (a development zone's offices, 局室, and a bureau's stations, 股所)
                "局室", "股所",
                # (a people's congress's or a political consultative conference's committees and offices, 委室)
                "委室")
_OFFICES = "|".join(OFFICE_WORDS)
# …and the kinds of unit a role column may name instead of 单位 (牵头镇街, 责任科局, 牵头负责司局, 配合科所).
# (…and a zone's or a street's: 牵头园区, 配合社区, 责任平台)
ZONE_KINDS = ("园区", "社区", "平台")
_UNIT_KINDS = "科局|局办|机构|镇街|街镇|乡镇|街道|司局|科所|" + "|".join(ZONE_KINDS)

# Header words by column meaning; the first pattern that matches a header cell wins.
COLUMN_MEANINGS: list[tuple[str, re.Pattern]] = [
    (SEQ, regex(r"^(任务|事项|指标|项目|工作|要点|目标)?(序号|编号)$|^序$")),
    # 责任单位及责任人 names units (with a person beside them); 责任人 alone a person.
    # …and a 建议/提案 list's deputies (领衔代表, 代表姓名, 提案人).
    (PERSON, regex(r"^(?!.*(?:单位|部门|科室|处室|股室|站所|办所)).*(?:领导|责任人|负责人|联系人|代表|代表姓名|提案人|委员)$|^分管|包联|"
                   # a township's cadres by the villages they cover, its grid's keepers, and how to reach them
                   r"^(?:包村|包片|驻村|包保)(?:[（(][一-鿿]{1,2}[）)])?(?:干部|人员)$|^网格(?:员|长)$|^(?:联系)?电话$|^联系方式$|"
                   # a petition ledger's petitioner (信访人, 反映人, 来信人): a person, not the task
                   r"^(?:信访|反映|来信|来访|诉求|投诉|举报)人(?:姓名)?$|^当事人$")),
    # Who scores or checks the work (评分部门, 考核责任单位, 监考单位), or who helps a village (帮扶单位,
    # 包村单位, 驻村单位): units, but not the task's.
    (OTHER_UNIT, regex(r"^(?:评分|考核|考评|评价|监考|督查|督办|审核|验收|评估|帮扶|包村|包联|驻村|结对|挂包|联系)"
                            r"(?:责任)?(?:单位|部门|科室)$")),
    # where the work is (建设地点, 所在乡镇: a town's name there is no unit)
    (PLACE, regex(r"地点$|^(?:建设|项目)?(?:位置|地址|所在地)$|^所在(?:乡镇|镇街|村|镇)$")),
    # (问题具体情况 in a rectification list is the problem itself, the task's words)
    (NOTE, regex(r"进展|(?<!计划|时序|时间|目标)进度(?!安排|计划|要求|时限)|推进情况|完成情况|(?<!问题)(?<!问题具体)情况$|(?:完成|落实|推进|办理|整改)状况$|是否|说明$|备注|资金|投资|金额|类别|^类型$|"
                      # a ledger's status and its record of when the work was in fact done
                      r"状态$|等级$|评价$|^实际|^亮灯|"
                      # how much of it is done (完成率, 1-8月完成率%, 完成比例)
                      r"完成率|完成比例|完成百分比|"
                      r"季度$|达序|^全年目标(?!任务)|^年度目标(?!任务)|^目标值|^评价(?!指标)|^督查(?!(?:发现|指出|反馈)?(?:问题|事项|内容)$)|"
                      # where a ledger's task came from and what kind it is (任务来源, 任务类型, 所属领域)
                      r"来源$|类型$|分类$|领域$|^(?:建议|提案|议案)(?:编号|号)$|"
                      # a progress report's plan for the month (月度工作计划): the step due now, not the task
                      r"^(?:月度|季度|本月|下月|本季度|下季度|下阶段)(?:工作)?(?:计划|进度安排|安排|进度计划)$|"
                      # a disclosure catalog's (政务公开标准目录): how soon and by whom a kind of information is
                      # published, no task's time or units
                      r"^公开(?:时限|主体|渠道|方式|对象|依据|范围|形式|层级)$|"
                      # how many there are (项目数量, 区民生实事项目数量: 民生实事项目（2个）; 计划数, 完成数, 户数)
                      r"数量$|数$|"
                      # the figures a task is measured by this year or quarter (年度任务量化指标, 三季度分解指标)
                      r"(?:量化|分解)指标$")),
    # (a role's word alone, as a two-row header divides 责任单位 into 牵头 | 配合, or as one row says it: 主办 | 协办)
    (LEAD, regex(r"^(?:牵头|主办|主责|主抓)$")),
    (COOPERATING, regex(r"^(?:配合|协办|参与|协助|协同|会办|参办)$")),
    (RESPONSIBLE, regex(r"^(?:责任|承办)$")),
    (LEAD, regex(rf"牵头(责任|负责|落实|抓总|办理|整改|协调|推进)?(单位|部门|{_OFFICES}|{_UNIT_KINDS})|"
                 r"主办(单位|部门)|^(?:主责|主办|主抓)(?:科室|股室|处室)$|^(?:统筹|协调|指导)单位$|"
                      r"主责(单位|部门)")),
    (RESPONSIBLE, regex(r"^责任主体|^责任单位|^责任清单$|^整改主体$|"
                        # a 督办/整改 list's: 整改单位, 处置单位, 首办单位, 责任窗口
                        r"^(?:整改|处置|首办)(?:主体|责任)?(?:单位|部门)$|^责任窗口$|"
                        # …and a 交办单's: 经办单位, 办理主体, 承办主体, 落实部门
                        r"^(?:经办|办理|承办|落实)(?:单位|部门|主体|股室|科室|处室)$|^(?:涉及|涉项)(?:单位|部门)$|"
                        # a 交办单's instruction on who handles it (请县水利局牵头，新华镇配合办理): its role words give the roles
                        r"^(?:交办|办理|督办|处理|分工)(?:意见|要求)$")),
    (COOPERATING, regex(rf"(配合|协作|协办|参与|协助|协同|会办|参办|联办|参加)(责任|办理|整改)?(单位|部门|{_OFFICES}|{_UNIT_KINDS})|"
                        r"^支持单位$")),
    (RESPONSIBLE, regex(rf"责任(协调)?(单位|部门|主体|{_OFFICES}|二级单位|{_UNIT_KINDS})|责任(?:学校|医院|村|社区|乡镇|街道|村居)(?:[（(][村社区居镇街道]{{1,4}}[）)])?$|"
                             # (who carries it out, by other words: 承担单位, 执行单位, 完成单位)
                             r"落实单位|主体责任|实施主体|(?:承办|办理|分办)(单位|部门)|^(?:责任)?推进单位$|^(?:承接|承担|执行|完成)(?:单位|部门)$|^主体单位$|"
                             r"负责(单位|部门|科室|股室|处室)|(?:落实|承办)(?:科室|股室)")),
    (DEADLINE, regex(r"完成(时限|时间|期限|节点)|时限|时间节点|计划(完工|竣工)|(完工|竣工)时间|截止时间|^时间安排$|"
                          r"^(?:整改|办理|办结|答复|办复|反馈|整治|治理|化解)期限$|^限办(?:日期|时间)$|"
                          r"^限改(?:日期|时间|时限)$|^整改限期$|^限期整改(?:日期|时间)$|"
                          r"^(?:整治|整改|治理)时间$|^(?:计划)?完成年[限度]$|"
                          # a rollout's milestone: 上线时间, 建成时间, 计划上线时间, 办成时限
                          r"^(?:计划)?(?:上线|建成|推出|实现|启用)(?:时间|时限|期限)$|^(?:建设|办成|实施)时限$|"
                          r"^进度安排$|^时间要求$|"
                          # a word of the work between: 计划完成整治时间, 完成整改时限
                          r"完成[\u4e00-\u9fff]{1,4}(?:时间|时限|期限|日期)$|"
                          # a schedule's other names: 工作进度安排, 进度计划, 计划进度, 时序进度, 节点安排, 推进计划
                          r"^(?:工作|时间)进度安排$|^进度(?:计划|要求)$|^(?:计划|时序)进度$|^节点安排$|^推进计划$|"
                          # …and 时间进度, 进度时限, 完成时序 (a column of dates by those names)
                          r"^时间进度$|^进度时限$|^完成时序$|"
                          # a 督办/交办 list's: 办结时间, 应办结时间, 办结日期, 截止日期
                          r"^(?:应|要求|限定)?办结(?:时间|日期|时限)$|^截止(?:日期|时间)$|"
                          r"^(?:推进|落实|计划|结束|达标)时间$|"
                          # a project's milestones by their targets (节点目标, 年度建设目标: 3月底前开工，11月底前完工)
                          r"^(?:年度)?(?:节点|进度|建设)目标$|^(?:(?:19|20)\d{2}年度?)?建设目标$|"
                          # …and a schedule's stages (阶段目标, 阶段性目标: 第二季度：完成选点。第四季度：建成运营。)
                          r"^阶段性?(?:工作)?目标$|"
                          # …and a target list's milestones (2025年目标进度: 3月开工，年内完工)
                          r"目标进度$")),
    (PERIOD, regex(r"实施年限|建设年限|计划开工|开工时间|建设期限|实施期限|起止")),
    (OTHER_UNIT, regex(r"(实施|建设|主管|业主|承建)(单位|部门)")),
    (TEXT, regex(r"任务|项目$|项目名称|项目内容|工作内容|主要内容|具体内容|工作事项|事项|内容|措施|名称|要求|举措|分工|问题|计划|"
                      r"标题$|题目$|^案由$|(?:主要)?诉求(?:事项|内容)?$|^信访事项$|"
                      # a hazard list's problem (隐患描述, 隐患具体情况, 主要隐患), as 存在问题 is
                      r"^隐患(?:描述|情况|具体情况|内容)$|^(?:主要|存在)隐患$|"
                      # (…and the year's: 年度重点工作, 全年重点工作; 年度目标任务 is the year's tasks, 年度目标 a note)
                      r"^(?:年度|全年)?(重点|主要)工作$|^工作要点$|^(?:[一二三四五]级)?要点$|^(?:预期|主要|发展)目标$|^(?:主要)?指标(?:名称)?$|"
                      # a 民生实事 list's and a target list's own words for the task
                      r"实事$|(?:民生|惠民|重点|实事)工程$|^工程(?:名称|内容)?$|^(?:(?:19|20)\d{2}年度?|年度|重点|主要)?(?:工作)?目标$|^工作重点$|"
                      # a month's work list's own word for its tasks (工作安排 | 工作完成情况 | 牵头单位; 进度安排 dates them)
                      r"^(?:重点)?工作安排$")),
]

# A piece of a run-together header is one header word when it has a meaning,
# at most this long, and does not start with a joining word (内容与要求 is one word).
_LONGEST_WORD = 12
_JOINING_START = regex(r"^[及和与、或]")
# Two-character words that stand alone; longer words need three characters, so
# that 项目内容 is not cut into 项目 + 内容.
_SHORT_WORDS = {"序号", "编号", "类别", "类型", "备注", "说明", "资金", "时限", "进度", "投资", "金额", "地点"}
_SEPARATORS = regex(r"\s*[|\t]\s*")


# A header's aside saying the first unit leads (units.FIRST_UNIT_LEADS) says nothing of the column's meaning.
_FIRST_UNIT_LEADS_ASIDE = regex(r"[（(][^（）()]*" + FIRST_UNIT_LEADS.pattern + r"[^（）()]*[）)]")


_PAIR_ROLE = {"牵头": LEAD, "主办": LEAD, "责任": RESPONSIBLE, "配合": COOPERATING, "协办": COOPERATING,
              "参与": COOPERATING, "协作": COOPERATING, "协同": COOPERATING}
_PAIRED_HEADER = regex(r"^(牵头|主办|责任)(?:单位|部门)?(?:[/／、]|和|及)(配合|协办|参与|协作|协同|责任)(?:单位|部门)$|"
                            r"^(牵头|主办|责任)(?:单位|部门)[（(](配合|协办|参与|协作|协同|责任)(?:单位|部门)[）)]$")
MARK_RULE_ASIDE = regex(r"[（(][^（）()]*[★☆*＊▲][^（）()]*[）)]")
_MARKED_COLUMN = regex(r"(?P<word>[\u4e00-\u9fff]{0,4}(?:单位|部门))\s*" + MARK_RULE_ASIDE.pattern)


def _column_of_the_rest(column: re.Match[str]) -> str:
    """责任单位（标★的为牵头单位，其余为配合单位） -> 配合单位: the marked unit leads (units.parse_units), the
    rest have the role the aside gives them, the column's own."""
    rest = _REST_ROLE.search(column.group())
    return f"{rest.group(1)}单位" if rest else column.group("word")


_REST_ROLE = regex(r"其余(?:单位|部门)?为(配合|协办|参与|协作|协同|责任)")
_ROLE_ASIDE = regex(r"[（(](?:牵头|配合|协办|参与|协同|责任)[）)](?=单位|部门)")


# A character a mirror site's conversion lost, written as a question mark inside a word (项目?内容).
_LOST_CHARACTER = regex(r"(?<=[\u4e00-\u9fff])[?？]+(?=[\u4e00-\u9fff])")


def meaning_of(word: str) -> str | None:
    """The column meaning of one header cell, or None."""
    name = simplified(squeeze(word)).strip("：:")
    if "?" in name or "？" in name:
        name = _LOST_CHARACTER.sub("", name)
    if "牵头" in name:
        name = _FIRST_UNIT_LEADS_ASIDE.sub("", name)
    if ("（" in name or "(" in name) and MARK_RULE_ASIDE.search(name):
        name = _MARKED_COLUMN.sub(_column_of_the_rest, name)     # (as header_words reads it)
    if "（" in name or "(" in name:
        name = _ROLE_ASIDE.sub("", name)         # 责任（配合）单位: a column of 责任单位
    if _NOTES_OF_SEVERAL_KINDS.fullmatch(name):
        return NOTE                             # 目前完成情况、存在问题及下一步工作措施: however long
    if len(name) > 16 and name.endswith(("）", ")")):
        name = ASIDE_AT_THE_END.sub("", name)        # 工作内容（按照创建标准结合本镇实际）: the column's word, its note aside
    if not name or len(name) > 16 or name.endswith(("。", "；", ";")):
        return None                             # (制定农村改厕年度工作计划。: a row's sentence, no column's word)
    if paired := _PAIRED_HEADER.match(name):
        first, second = (_PAIR_ROLE[word] for word in paired.groups() if word)
        return f"{first}/{second}" if first != second else first
    return next((meaning for meaning, pattern in COLUMN_MEANINGS if pattern.search(name)), None)


# A progress report's column of several kinds of note in one (完成情况、存在问题及下一步工作措施).
_NOTE_KIND = (r"(?:目前|当前|实际|工作|整改|任务)?(?:完成|进展|进度|推进|落实|办理)情况|工作进展|存在的?问题|"
              r"下一?步(?:工作)?(?:打算|计划|措施|安排|思路)?(?:建议)?|下阶段(?:工作)?(?:打算|计划|安排)?")
_NOTE_KIND_CUE = regex(r"情况、|问题、|进展、")
_NOTES_OF_SEVERAL_KINDS = regex(rf"(?:{_NOTE_KIND})(?:[、及和与/]\s*(?:{_NOTE_KIND}))+")


# A header word ends with the word that names its column (项目名称, 区政府分管领导).
_WORD_ENDS = [regex(f"(?:{pattern.pattern})$") for _, pattern in COLUMN_MEANINGS]


@lru_cache(maxsize=65536)
def _is_word(piece: str) -> bool:
    if len(piece) < 2 or len(piece) > _LONGEST_WORD or _JOINING_START.match(piece):
        return False
    if len(piece) == 2 and piece not in _SHORT_WORDS:
        return False
    return any(pattern.search(piece) for pattern in _WORD_ENDS)


@lru_cache(maxsize=4096)
def split_run(text: str) -> tuple[str, ...] | None:
    """Cut a run of header words written together into the most words that
    each mean a column; None when some part is not a header word."""
    plain = simplified(squeeze(text))
    size = len(plain)
    if size > 16 * _LONGEST_WORD:
        return None
    if _PAIRED_HEADER.match(plain) or _NOTES_OF_SEVERAL_KINDS.fullmatch(plain):
        return (squeeze(text),)         # 牵头单位/配合单位: one column for two roles; 完成情况及存在问题: one of notes
    # best[i]: (word count, cut positions) for plain[:i]
    best: list[tuple[int, tuple[int, ...]] | None] = [None] * (size + 1)
    best[0] = (0, ())
    for end in range(1, size + 1):
        for start in range(max(0, end - _LONGEST_WORD), end - 1):
            if best[start] is None or not _is_word(plain[start:end]):
                continue
            candidate = (best[start][0] + 1, best[start][1] + (end,))
            if best[end] is None or candidate[0] > best[end][0]:
                best[end] = candidate
    if best[size] is None:
        # A lone short word (任务, 内容) is a header cell of its own.
        return (squeeze(text),) if 2 <= size <= _LONGEST_WORD and meaning_of(plain) else None
    squeezed = squeeze(text)            # cut the text as written, not its simplified copy
    cuts = (0, *best[size][1])
    return tuple(squeezed[a:b] for a, b in zip(cuts, cuts[1:]))


# Header lines are short, hold no sentence punctuation and name at least one column word.
_NOT_A_HEADER = regex(r"[，。；：！？、,;!?]|\d{4}")
_HEADER_HINT = regex(r"序|编号|任务|内容|名称|项目|措施|要求|事项|单位|部门|科室|处室|股室|站所|办所|站办|办室|部室|科局|局办|时限|期限|时间|领导|主体|情况|责任人|负责人|联系人|"
                          r"地点|投资|资金|金额|状态|状况|等级|评价|进度|完成率|"
                          r"备注|说明|类别|季度|分工|举措|计划|问题|目标|工作|案由|提案|建议|题目|标题|代表|干部|网格|电话")


# (…or a date inside the cell's words: 预计至12月31日完成工作量, 截至9月底完成情况, 12月底预计完成量)
# (…its year and months too: 2025年4-6月份进展情况)
_MONTHS_BEFORE_A_WORD = r"(?:\d{1,2}\s*[-—～~至]\s*\d{1,2}\s*月份?|(?:预计)?(?:截至|截止|至|到)?\d{1,2}\s*月(?:\d{1,2}\s*日|底|末|份)?)"
_PERIOD_BEFORE_A_WORD = regex(rf"(?:^|(?<=[|\t ]))\s*(?:(?:截至|截止|至|到)?\d{{4,5}}\s*年(?:度|底|末)?(?P<months>{_MONTHS_BEFORE_A_WORD})?|"
                                   rf"(?P<alone>{_MONTHS_BEFORE_A_WORD}))(?=[\u4e00-\u9fff])")
# A schedule for the months named (2025年7-9月份进度安排, 10月工作计划) is the next period's plan, a note; a
# schedule column without them (进度安排) dates the task.
_SCHEDULE_WORD = regex(r"(?:工作)?(?:进度安排|安排|计划|进度计划)(?=$|[|\t ])")


def _period_dropped(match: re.Match[str]) -> str:
    if (match.group("months") or match.group("alone")) and _SCHEDULE_WORD.match(match.string, match.end()):
        return "下阶段"
    return ""
# (…or a form's note to whoever fills it in, however long: 进度情况（必填项，请在“达进度”“欠进度”…中选择一项填写）)
_CELL_ASIDE = regex(r"[（(](?![^（）()]*(?:单位|部门))(?:[^（）()\t|]{1,24}|[^（）()\t|]{0,60}?(?:填写|填报|必填|选填|请在|请选择)"
                    r"[^（）()\t|]{0,60})[）)](?=\s|$|[|\t])")
_UNKNOWN_CELL = regex(r"[\u4e00-\u9fff（）]{1,16}")     # (村, 联农带农富农利益联结机制: columns nobody listed)


def header_words(text: str) -> list[str] | None:
    """The header words of one line (pipes, tabs, spaces or nothing between
    them), or None when the line is not made of header words only."""
    if "?" in text or "？" in text:
        text = _LOST_CHARACTER.sub("", text)      # 项目?内容: a character a mirror's conversion lost
    if ("（" in text or "(" in text) and MARK_RULE_ASIDE.search(text):
        # 责任单位（标★的为牵头单位，其余为配合单位）: its comma is no sentence's
        text = _MARKED_COLUMN.sub(_column_of_the_rest, text)
    if ("（" in text or "(" in text) and _CELL_ASIDE.search(text):
        # 投资（万元）, 重点工作任务（本县2项牵头工作、3项配合工作）: a unit or a count, no column word
        text = _CELL_ASIDE.sub("", text)
    if ("|" in text or "\t" in text or text.count(" ") >= 2) and _PERIOD_BEFORE_A_WORD.search(text):
        # | 2024年度任务目标 | 1-6月份完成情况 |: a cell's year or months say when, not which column
        text = _PERIOD_BEFORE_A_WORD.sub(_period_dropped, text)
    if "、" in text and _NOTE_KIND_CUE.search(text):
        # 目前完成情况、存在问题及下一步工作措施: one column of several kinds of note, its 、 no sentence's
        text = _NOTES_OF_SEVERAL_KINDS.sub(lambda match: match.group().replace("、", "及"), text)
    if len(text) > 200 or _NOT_A_HEADER.search(text):
        return None
    if not _HEADER_HINT.search(text) and not _HEADER_HINT.search(simplified(squeeze(text))):
        return None                     # (主 要 工 作 任 务: a word broken by spaces)
    pieces = [piece for piece in _SEPARATORS.split(text.strip().strip("|")) if piece.strip()]
    if not pieces:
        return None
    words: list[str] = []
    separated = len(pieces) > 1
    if not separated and _A_TABLE_S_TITLE_END.search(squeeze(pieces[0])):
        return None                     # 作任务分解表（县人社局部分）: a table's title, its first line broken off
    for piece in pieces:
        run = None
        if separated and ("情况" in piece or "进展" in piece) and _PROGRESS_CELL.search(squeeze(piece)):
            # | 一季度重点工作完成情况 |: one column of how the work went, whatever work it names
            words.append(squeeze(piece))
            continue
        if "|" not in text and "\t" not in text and " " in piece.strip():
            # 项目 工作内容 责任单位: words a space divides are words each, where each is one (项目, a two-character
            # word, is a column's only where it stands alone: run together it would join 工作内容). Inside a
            # cell between pipes a space is a wrap (督查 情况, 责任单位 或牵头单位: one cell each).
            runs = [split_run(part) for part in piece.split()]
            if all(runs):
                run = tuple(word for part in runs for word in part)
        run = run or split_run(piece)
        if run is None and separated and (_UNKNOWN_CELL.fullmatch(squeeze(piece))
                                          or _MILESTONE_WORD.fullmatch(simplified(squeeze(piece)))):
            run = (squeeze(piece),)      # a column nobody listed (实施地点), or a period's (1-3月): still a cell
        if run is None:
            # Words separated by single spaces: each space-separated part on its own.
            parts = piece.split()
            runs = [split_run(part) for part in parts] if len(parts) > 1 else [None]
            if any(part is None for part in runs):
                return None
            run = tuple(word for part in runs for word in part)
        if separated and len(run) == 2 and (paired := _person_beside_units(run)) is not None:
            run = (paired,)             # | 牵头领导/牵头单位 |: one cell, a person beside the units (dropped)
        words.extend(run)
    return words


# How a table's title ends (任务分解表, 一览表, 清单表（县人社局部分）); no column's name does (but 代表, a deputy).
_A_TABLE_S_TITLE_END = regex(r"(?<!代)表(?:[（(][^（）()]*[）)])?$")
_PROGRESS_CELL = regex(r"(?:完成|进展|推进|落实|办理)情况$|进展$")


def _person_beside_units(run: tuple[str, ...]) -> str | None:
    """The unit word of a cell's two header words, a person's and a unit role's (牵头领导/牵头单位, 责任单位/
    责任人), or None."""
    words = [word.strip("/／、及和 ") for word in run]
    meanings = [meaning_of(word) for word in words]
    if PERSON in meanings and any(meaning in (LEAD, RESPONSIBLE, COOPERATING) for meaning in meanings):
        return words[meanings.index(PERSON) ^ 1]
    return None


# Every role or time column and label names one of these words (单位, 部门, 科室, 主体, 时限,
# 时间, 节点, 牵头), in either script, maybe with a space inside: a cheap first look at a line
# before the table readers and the never-silent pass search it for headers and labels.
# Each alternative opens with one character (单 and 單 apart), so that the regex engine
# skips through a whole document to the places a role word can start.
ROLE_WORDS = regex(r"单\s*位|單\s*位|部\s*[门門]|科\s*室|处\s*室|處\s*室|股\s*室|主\s*[体體]|时\s*限|時\s*限|期\s*限|"
                        r"时\s*[间間]|時\s*[间間]|节\s*[点點]|節\s*[点點]|牵\s*[头頭]|牽\s*[头頭]|进\s*度\s*安\s*排|進\s*度\s*安\s*排|"
                        r"[阶階]\s*段\s*(?:性\s*)?目\s*[标標]")


def role_word_lines(lines: Sequence[Line]) -> set[int]:
    """Indexes of the lines in which ROLE_WORDS finds a word: one search through the whole
    document instead of one per line. (A NUL between lines: no role word reaches across it.)"""
    starts = list(accumulate((len(line.text) + 1 for line in lines), initial=0))
    joined = "\0".join(line.text for line in lines)
    return {bisect_right(starts, match.start()) - 1 for match in ROLE_WORDS.finditer(joined)}


_TASK_WORD = regex(r"任务|项目|工作|事项|目标|名称|内容|措施|工程|实事")
# (…and the difficulties met, with or without advice: 问题与困难, 存在问题和建议, 困难和问题)
_PROGRESS_WORD = regex(r"^(?:存在|主要|遇到)?(?:的)?(?:问题|困难)(?:[和与及、](?:困难|建议|问题))?$|^下一?步|^下阶段|^工作计划$")
_PLANNED_TIME = regex(r"时限|节点|计划")


def progress_columns(words: list[str], meanings: list[str | None]) -> list[str | None]:
    """A ledger's columns beside its task (工作任务 | 存在问题 | 下步打算; 完成时限 | 完成时间):
    with a task column of its own, a problems or next-steps column is a note, and beside a
    column of the time allowed, a column of the time taken is one too."""
    texts = [index for index, meaning in enumerate(meanings) if meaning == TEXT]
    tasks = [index for index in texts if _TASK_WORD.search(simplified(words[index]))
             and not _PROGRESS_WORD.search(simplified(squeeze(words[index])))]
    if len(texts) > 1 and tasks:
        # (after the task's column: 存在问题 before 整改措施 is a rectification list's problem, the task itself)
        meanings = [NOTE if index in texts and index > tasks[0] and _PROGRESS_WORD.search(simplified(squeeze(words[index])))
                    else meaning for index, meaning in enumerate(meanings)]
    times = [index for index, meaning in enumerate(meanings) if meaning == DEADLINE]
    if len(times) > 1 and any(_PLANNED_TIME.search(words[index]) for index in times):
        meanings = [NOTE if index in times and not _PLANNED_TIME.search(words[index]) else meaning
                    for index, meaning in enumerate(meanings)]
    numbers = [index for index, meaning in enumerate(meanings) if meaning == SEQ]
    if len(numbers) > 1:
        # 序号 | 编号 | …: the row's number is the first; a second is the record's own number (12, 13)
        meanings = [NOTE if index in numbers[1:] else meaning for index, meaning in enumerate(meanings)]
    return meanings


def first_column_as_text(meanings: list[str | None], words: list[str]) -> list[str | None]:
    """具体分解 | 年份 | 季度 | 责任领导 | 具体责任单位: a header with a role column that names neither the task
    nor a number, its first column a word of its own (a few characters, no figure: not a row's number): that
    column is the task's text."""
    if meanings and meanings[0] is None and TEXT not in meanings and SEQ not in meanings \
            and _HEADER_WORD.fullmatch(squeeze(words[0])) and any(meaning in ROLE_COLUMNS for meaning in meanings):
        return [TEXT, *meanings[1:]]
    return meanings


_HEADER_WORD = regex(r"[\u4e00-\u9fff]{2,8}|[县市区乡镇州旗]")      # (县（区）: a place's column, its aside dropped)


def with_text_column(meanings: list[str | None]) -> list[str | None]:
    """A header that names no task column (序号 | 民生实事 | 责任单位): the first unnamed
    column after the number is the task's text."""
    if TEXT in meanings:
        return meanings
    for index, meaning in enumerate(meanings):
        if meaning is None and index > 0:
            return [*meanings[:index], TEXT, *meanings[index + 1:]]
    return meanings


def is_task_header(meanings: list[str | None]) -> bool:
    """A task table's header names the task (text or 序号) and who or when."""
    has_roles = any(meaning in ROLE_COLUMNS or meaning == DEADLINE for meaning in meanings)
    return has_roles and (TEXT in meanings or SEQ in meanings)
