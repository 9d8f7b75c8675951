"""Unit lists: split a written list of units and tell each unit's role.

`parse_units("县工信局牵头，县发改局、县财政局等部门配合", default="responsible")`
gives lead [县工信局] and cooperating [县发改局, 县财政局]. Names are kept as
written (alias resolution is the registry's job); only line-break artifacts,
half-width brackets and trailing role words are removed.
"""
from __future__ import annotations

from itertools import permutations

import re
from dataclasses import dataclass, field

from .compiled_patterns import regex
from .text import CLOSE, MEASURES, OPEN, role_goes_on, simplified, split_top_level, squeeze

LEAD, RESPONSIBLE, COOPERATING = "lead", "responsible", "cooperating"
ROLES = (LEAD, RESPONSIBLE, COOPERATING)

# Trailing role phrases, longest first, with the role they give. The plain
# strippers (等部门, 等单位) give no role of their own.
# (a phrase written twice, by hand and by a rule below, counts once)
_ROLE_PHRASES: list[tuple[str, str | None]] = sorted(dict.fromkeys([
    ("牵头负责", LEAD), ("分别牵头", LEAD), ("牵头落实", LEAD), ("牵头", LEAD),
    ("总牵头", LEAD), ("牵头抓总", LEAD), ("统筹协调", LEAD), ("协调", LEAD), ("组织协调", LEAD), ("负责协调", LEAD),
    ("统筹", LEAD), ("主抓", LEAD), ("抓总", LEAD), ("指导", LEAD),
    ("牵头实施", LEAD), ("牵头推进", LEAD), ("牵头组织", LEAD), ("主责", LEAD),
    ("负责实施", RESPONSIBLE), ("具体落实", RESPONSIBLE), ("具体实施", RESPONSIBLE),
    # (who organises a campaign's work: X负责组织, X、Y负责具体实施)
    ("负责具体实施", RESPONSIBLE), ("负责组织实施", RESPONSIBLE), ("负责组织", RESPONSIBLE), ("负责具体落实", RESPONSIBLE),
    ("组织推进", RESPONSIBLE), ("组织落实", RESPONSIBLE), ("具体承办", RESPONSIBLE), ("抓落实", RESPONSIBLE),
    ("具体抓落实", RESPONSIBLE),
    # …and who oversees it (X跟踪督办，Y抓落实; X统筹，Y承担): the one in charge
    ("跟踪督办", LEAD), ("督办", LEAD), ("督促落实", LEAD), ("把关", LEAD), ("督促", LEAD),
    # …also after 加强 (由X负责清淤，Y加强监督 / 加强业务指导 / 加强督促指导)
    ("加强督促指导", LEAD), ("加强指导", LEAD), ("加强业务指导", LEAD), ("业务指导", LEAD), ("加强督促", LEAD),
    ("加强监督", LEAD), ("加强监管", LEAD), ("加强督导", LEAD), ("督导", LEAD), ("监督", LEAD),
    ("等部门配合", COOPERATING), ("等单位配合", COOPERATING), ("配合落实", COOPERATING),
    ("积极配合", COOPERATING), ("密切配合", COOPERATING), ("主动配合", COOPERATING), ("全力配合", COOPERATING),
    ("通力配合", COOPERATING), ("协助", COOPERATING), ("参与", COOPERATING), ("协作", COOPERATING),
    ("协作配合", COOPERATING),
    ("协办", COOPERATING), ("配合", COOPERATING), ("会办", COOPERATING),
    # X主办，Y协办 / X承办，Y协办, as their labels read (主办单位 leads, 承办单位 carries it out)
    ("主办", LEAD), ("承办", RESPONSIBLE), ("牵头督导", LEAD), ("牵头监管", LEAD), ("参加", COOPERATING),
    # …and a 建议/提案 list's handling: 由X负责办理, X牵头办理，Y配合办理, X、Y分别办理
    ("负责办理", RESPONSIBLE), ("牵头办理", LEAD), ("配合办理", COOPERATING), ("协助办理", COOPERATING),
    ("会同办理", COOPERATING), ("分别办理", RESPONSIBLE), ("办理", RESPONSIBLE),
    ("按职责分工负责", RESPONSIBLE), ("按职责分工落实", RESPONSIBLE), ("按职责负责", RESPONSIBLE),
    ("按分工负责", RESPONSIBLE), ("等部门分工负责", RESPONSIBLE), ("分工负责", RESPONSIBLE),
    ("分别负责", RESPONSIBLE), ("具体负责", RESPONSIBLE), ("共同负责", RESPONSIBLE),
    ("负责落实", RESPONSIBLE), ("抓好落实", RESPONSIBLE), ("组织实施", RESPONSIBLE),
    ("督促企业落实", RESPONSIBLE), ("负责", RESPONSIBLE), ("落实", RESPONSIBLE),
    ("按职责配合", COOPERATING), ("按职责分工配合", COOPERATING),
    ("按职能分工负责", RESPONSIBLE), ("按职能负责", RESPONSIBLE), ("依职责负责", RESPONSIBLE),
    ("按职能分工落实", RESPONSIBLE), ("按职能落实", RESPONSIBLE), ("按职能职责落实", RESPONSIBLE),
    ("按职能职责负责", RESPONSIBLE), ("按照职能分工落实", RESPONSIBLE),
    ("按要求负责", RESPONSIBLE), ("根据职责负责", RESPONSIBLE), ("依据职责负责", RESPONSIBLE), ("按照职责负责", RESPONSIBLE),
    ("依职责分工负责", RESPONSIBLE), ("按照职责分工负责", RESPONSIBLE), ("根据职责分工负责", RESPONSIBLE),
    ("负总责", RESPONSIBLE), ("按职责分工", RESPONSIBLE), ("按职责落实", RESPONSIBLE),
    # whose ground or whose duty: 各乡镇按属地负责, X负主体责任，Y负监管责任, 各乡镇落实属地责任
    ("属地负责", RESPONSIBLE), ("按属地负责", RESPONSIBLE), ("负属地责任", RESPONSIBLE),
    ("属地落实", RESPONSIBLE), ("按属地落实", RESPONSIBLE),
    ("落实属地责任", RESPONSIBLE), ("负主体责任", RESPONSIBLE), ("落实主体责任", RESPONSIBLE),
    ("负监管责任", RESPONSIBLE), ("等部门联动", COOPERATING),
    # …and those who work with the lead: X牵头，Y协同推进 / 配合推进 / 共同参与
    ("协同推进", COOPERATING), ("协同", COOPERATING), ("配合推进", COOPERATING), ("协助推进", COOPERATING),
    ("共同参与", COOPERATING), ("参与推进", COOPERATING),
    # …and those who act together (X、Y联合开展, 共同推进, 各负其责) and their manner (按职责抓好落实, 统筹推进,
    # 主抓落实, 做好配合)
    ("联合开展", RESPONSIBLE), ("联合执法", RESPONSIBLE), ("联合实施", RESPONSIBLE), ("共同推进", RESPONSIBLE),
    ("共同实施", RESPONSIBLE), ("组织开展", RESPONSIBLE), ("各负其责", RESPONSIBLE), ("推进落实", RESPONSIBLE),
    ("按职责抓好落实", RESPONSIBLE), ("按照职责分工抓好落实", RESPONSIBLE), ("按照行业职责抓好落实", RESPONSIBLE),
    ("按要求落实", RESPONSIBLE), ("按照要求落实", RESPONSIBLE), ("主抓落实", LEAD), ("统筹推进", LEAD),
    ("做好配合", COOPERATING), ("按照职责分工配合", COOPERATING), ("按职责分工配合", COOPERATING),
    # …and those who support it: X负责，Y予以支持 / 给予配合 / 支持配合
    ("予以支持", COOPERATING), ("给予支持", COOPERATING), ("大力支持", COOPERATING), ("支持配合", COOPERATING),
    ("给予配合", COOPERATING), ("予以配合", COOPERATING), ("支持", COOPERATING),
    # 县发改局为牵头单位，县财政局为配合单位
    ("为牵头单位", LEAD), ("为牵头部门", LEAD), ("为责任单位", RESPONSIBLE), ("为责任部门", RESPONSIBLE),
    ("为配合单位", COOPERATING), ("为配合部门", COOPERATING), ("为协办单位", COOPERATING),
    # (a proposal's handling units: X为主办单位，Y为协办单位 / 会办单位)
    ("为主办单位", LEAD), ("为承办单位", RESPONSIBLE), ("为会办单位", COOPERATING), ("为协办部门", COOPERATING),
    # 以X、Y为责任主体，Z为统筹协调单位
    ("为责任主体", RESPONSIBLE), ("为主体责任单位", RESPONSIBLE), ("为统筹协调单位", LEAD), ("为协调单位", LEAD),
    # …and each on its own share: X、Y按职责分别负责
    ("按职责分别负责", RESPONSIBLE), ("按职能分别负责", RESPONSIBLE), ("按照职责分别负责", RESPONSIBLE),
    ("分别", None), ("等部门", None), ("等单位", None), ("等", None),
    # …and the manner of a duty in any of its words (按照各自职责分工负责, 根据职能抓好落实, 依职责推进落实)
    *((f"{by}{own}{duty}{split}{verb}", RESPONSIBLE)
      for by in ("按照", "按", "根据", "依据", "依", "结合") for own in ("", "各自") for duty in ("职责", "职能", "职能职责")
      for split in ("", "分工") for verb in ("负责", "落实", "抓好落实", "推进落实", "推进", "实施", "具体负责", "负责落实")),
    ("各司其职", RESPONSIBLE),
    # a role and the work it does, said in a general verb (X牵头，Y配合实施 / Y配合做好 / Y协助实施)
    *((f"{word}{verb}", role) for word, role in (("牵头", LEAD), ("负责", RESPONSIBLE), ("配合", COOPERATING),
                                                   ("协助", COOPERATING), ("参与", COOPERATING))
      for verb in ("实施", "做好", "开展", "执行", "完成", "推进", "落实", "组织")),
    # X会同有关部门负责 and its kin (会同各相关单位分工负责): the others are no one by name
    *((f"会同{every}{which}{kind}{duty}", RESPONSIBLE) for every in ("", "各") for which in ("有关", "相关")
      for kind in ("部门", "单位", "部门和单位", "部门单位") for duty in ("负责", "分工负责", "按职责分工负责", "落实")),
]), key=lambda pair: -len(pair[0]))
# The phrases by their last character, longest first: a token is tried against the few that can end it.
_ROLE_PHRASES_BY_END: dict[str, tuple[tuple[str, str | None], ...]] = {
    end: tuple(pair for pair in _ROLE_PHRASES if pair[0][-1] == end) for end in {phrase[-1] for phrase, _ in _ROLE_PHRASES}}
# A role in brackets after a name (县发改局（牵头）, 县财政局（按职责分工负责）): any role phrase,
# and the label words a bracket may hold alone.
_BRACKETED_ROLES = {**{phrase: role for phrase, role in _ROLE_PHRASES if role is not None},
                    "牵头单位": LEAD, "牵头部门": LEAD, "主责": LEAD, "主办单位": LEAD, "责任单位": RESPONSIBLE,
                    "责任部门": RESPONSIBLE, "配合单位": COOPERATING, "配合部门": COOPERATING, "协办单位": COOPERATING}
_LAST_BRACKET = regex(r"[（［〔【(]\s*([^（［〔【(）］〕】)]{2,12}?)\s*[）］〕】)]$")

# What a unit's name ends with; used to tell a unit from a sentence or a
# name broken by a line end.
_UNIT_END = regex(
    # (…and a ministry's or a province's departments, 规划司, 原材料工业司, a company's 公司 among them)
    r"(局|办|办公室|委|委员会|委会|中心|政府|院|部|会|所|队|站|司|行|社|团|馆|处|室|科|股|组|国企|央企|"
    r"区|镇|乡|乡镇|村|街道|单位|部门|企业|机构|集团|联|协|人大|政协|小组|专班|县委|"
    r"法庭|厂|场|园|段|台|校|小学|中学|中小学|大学|企业|管委会|指挥部|机关|厅|海关|党总支|党组织|党小组|"
    # a bureau's schools and clinics as groups (各高中, 各初中, 各医共体, 各接种门诊)
    r"高中|初中|医共体|医联体|门诊|诊所|"
    # a service hall's windows (县不动产登记中心窗口, 办税服务厅3号窗口)
    r"窗口|服务厅|"
    # a county's development zones as a group (各县区、功能板块)
    r"功能板块|"
    # a town or zone built as a platform (未来科技城, 平安商贸城, 城东新城)
    r"(?:科技|科学|商贸|工业|生态|物流|大学|新)城|"
    # a school by its number (县一中, 城关二小, 县十五中)
    r"(?<=[\u4e00-\u9fff])[一二三四五六七八九十]{1,3}[中小]|"
    # a company or service named without 公司 (县电信、县移动、县联通、县供电)
    r"电信|移动|联通|供电|广电|铁塔|邮政|烟草|（[^（）]*）|"
    # a grain depot (县粮食储备库, 中储粮某直属库: not a database, 项目库)
    r"储备库|直属库|粮库|中转库|"
    # parties outside government a plan names as written (东城广场业主, 沿街商户, 社区志愿者, 沿河群众,
    # 网格员, 县一中师生)
    r"业主|商户|经营户|经营者|志愿者|群众|网格员|村民|居民|师生|党员干部)$")
_NOT_A_UNIT = regex(
    r"以下|不再列出|均需|均由|各项工作|工作任务|具体工作|相关工作|责任领导|负责人|联系人|"
    # (a figure is no name, but a hotline's or an alarm's number is part of one: 县12345热线中心, 县公安局110指挥中心)
    r"(?<![0-9])(?!(?:12345|12315|12369|12319|12348|12333|12388|12350|12366|12328|110|119|120|122)(?![0-9]))[0-9]{3,}|[：:%％]|——|的为|的是|(?:单位|部门)为|应当|应该|进行|按照|根据|确保|加强|推进|开展|要求|通过|实施|建立|做好|是否|(?<=.)由|管理由|"
    # a problem found somewhere, not a body (工地泥浆大量流向街道, 垃圾散落至社区)
    r"流向|流入|散落|倾倒|乱停|乱放|乱堆|乱扔|乱搭|无人(?!机)|严重|未按|破损|脏乱|"
    # a count of places built (新建城市公园2处, 新建公厕3所), not an office (第二处)
    r"(?<![第\d])[\d两]{1,3}[处所]$|"
    # a stretch of road or a route from one place to another (新华街至铁路货场, 县城至东岭镇)
    r"(?<=[\u4e00-\u9fff]{2})至(?=[\u4e00-\u9fff]{2})|"
    r"^(?:县|市|省)$|^各$|^(?:人民政府|政府|分局|办公室|委员会|中心|部门|单位)$|"
    # a time opening the words (9月20日前上线运行, 年底前投入运行: a clause of when, 运行 no bank)
    r"^(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?(?:底|末|中旬|上旬|下旬)?(?:前|以前)|^年底前|^年内|"
    # (各牵头单位对所牵头工作…负总责, 各配合单位: whoever holds a role, named by it, no body)
    r"^各(?:牵头|配合|协办|参与|协作)(?:单位|部门)")
# 各乡镇党委、政府: each township's party committee and its government; 政府 alone names nobody.
# 各乡、镇、街道, 各县、市、区政府 and 各县市、区政府: one set of places written by their levels, as 各县（市）、区 is.
# (…then what they share, or the list goes on: not 各镇、县直有关部门 or 各乡镇、县有关部门, where 县 opens a name of
# its own)
_LEVELS = r"各\s*(?:[县市区州]{1,2}|[乡镇])(?:\s*、\s*(?:自\s*治\s*县|特\s*区|林\s*区|县\s*级\s*市|[县市区乡镇州]|街\s*道))+"
EACH_LEVEL = regex(_LEVELS + r"(?=\s*(?:$|[、，；,;。（(〔<）)]|人\s*民\s*政\s*府|政\s*府|党\s*[委政]|两\s*委|有\s*关|相\s*关|各|所\s*属|"
                             # (…then their role: 各区、县级市配合)
                             r"直\s*属|及|和|等|配\s*合|负\s*责|落\s*实|协\s*助|参\s*与))")
_SET_OF_PLACES = regex(_LEVELS + r"(?:人民政府|政府)?")
_GROUP_PHRASES = ("有关部门、单位", "相关部门、单位", "党委、政府", "党委、人民政府",
                  # (…every county, city and district in any order: 各县（市）、区, 各市（县）、区, 各区（市）、县)
                  *(f"各{first}{open_}{second}{close}、{third}" for first, second, third in permutations("县市区")
                    for open_, close in ("（）", "()")),
                  # (…with the alternates of a town's and a street's: 党（工）委、政府（办事处）)
                  "党（工）委、政府", "党委（党工委）、政府", "党(工)委、政府", "党委(党工委)、政府")
_GROUP_PHRASE = regex("|".join(r"\s*".join(map(re.escape, phrase)) for phrase in sorted(_GROUP_PHRASES, key=len, reverse=True)))
KEEP = "\x01"            # a 、 inside one name, kept from splitting


@dataclass
class UnitRoles:
    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)

    def add(self, role: str, unit: str) -> None:
        bucket = getattr(self, role)
        if unit not in bucket:
            bucket.append(unit)

    def extend(self, other: "UnitRoles") -> None:
        for role in ROLES:
            for unit in getattr(other, role):
                self.add(role, unit)

    def __bool__(self) -> bool:
        return bool(self.lead or self.responsible or self.cooperating)


# A town's or department's office named by its work (建设办, 项目推进办, 创建办): short, ending in
# 办, and not a verb of handling (交办, 督办, 承办, 协办).
SHORT_OFFICE = regex(r"[\u4e00-\u9fff]{1,5}(?<![交督承协主转代帮领包查会])办")


# A township's post named by its line of work (林业发展岗, 应急管理岗, 社会事务岗: where a reform made its
# stations posts), not a person's being at one (上岗, 在岗, 转岗).
TOWNSHIP_POST = regex(r"[\u4e00-\u9fff]{1,8}(?:工作|发展|管理|服务|保障|建设|执法|事务|治理|监管|应急)岗")


# The first characters of a unit's name that a text's end or a line cut short (区商, 县住, 各乡镇人民):
# its place, then a few more characters. Kept as written at a text's end; a cell's, not a person's.
CUT_NAME = regex(r"[县縣区區市镇鎮乡鄉省州旗各][\u4e00-\u9fff（）()、]{0,9}")


# Every place of a level, named as a whole: 各地, 各县, 各市州, 各县市区, 各区县市, 各旗县, 各镇街.
EVERY_PLACE = regex(r"各(?:县级市|[县市区乡镇街旗州盟]{1,4}|地|县（市、区）|市（州）|乡（镇）)")


# A body named by the work it drives (县推进义务教育优质均衡发展工作领导小组成员单位, 县实施健康平安行动推进
# 委员会办公室, 县养老服务体系建设推进办): its place, then its work's words (verbs that _NOT_A_UNIT takes
# for a sentence's), then the kind of body it is.
_NAMED_BODY = regex(r"[县市区省州旗][\u4e00-\u9fff“”]{2,30}?(?:领导小组(?:成员单位|办公室)?|委员会(?:办公室|成员单位)?|"
                         r"指挥部(?:办公室|成员单位)?|工作专班|推进办|推进中心|联席会议(?:办公室|成员单位))")


# A county or city by its bare name in a city's list of who does it (和顺县, 东丰市, 科尔沁旗), not the words
# for a place in general or a market (全县, 本市, 城市, 超市).
_COUNTY_OR_CITY = regex(r"[\u4e00-\u9fff]{2,4}(?:县|市|旗)")
_PLACE_WORDS = regex(r"(?:示范|试点|重点|贫困|先进|百强|强|大|级|城|中心|兄弟|各|全|本|该|我|郊|邻)[县市旗]$|[超夜早集门股楼车]市$")


# A task's measure in brackets (城镇老旧小区改造（个）, 新增城镇就业（人）): a target's name, no unit's.
# (…（个）, 城镇标准（元/月）, a count: 党建惠民项目（2个）)
_MEASURE_ASIDE = regex(rf"[（(]\s*\d{{0,4}}\s*[{MEASURES}%％/／月年日]{{1,6}}[）)]$")


def looks_like_unit(name: str) -> bool:
    name = simplified(squeeze(name))
    if name.endswith(("）", ")")) and _MEASURE_ASIDE.search(name):
        return False
    if "〔" in name:
        name = name.replace("〔", "（").replace("〕", "）")        # 各乡〔镇〕
    # (村“两委”: a name may end inside its quotes)
    ending = name.rstrip("”’」』\"") if name[-1:] in "”’」』\"" else name
    return 2 <= len(name) <= 40 and (bool(_UNIT_END.search(ending)) and not _NOT_A_UNIT.search(name)
                                     or bool(SHORT_OFFICE.fullmatch(name)) or bool(TOWNSHIP_POST.fullmatch(name))
                                     or bool(EVERY_PLACE.fullmatch(name))
                                     or bool(_SET_OF_PLACES.fullmatch(name))
                                     or bool(_NAMED_BODY.fullmatch(name))
                                     or bool(_COUNTY_OR_CITY.fullmatch(name)) and not _PLACE_WORDS.search(name) and not ACTION.match(name)
                                     or ("及" in name or "和" in name) and _a_unit_and_a_group_of_places(name))


# 县自然资源局及相关市县, 县发改局和各盟市: a unit and, after 及 or 和, the governments of a group of places
# (kept as one name as written, as the contract keeps 县水利局及各乡镇).
_A_GROUP_OF_PLACES = regex(r"(?:各|相关|有关|毗邻|沿线|周边)(?:各)?[县市区乡镇街旗州盟地]{1,4}")


def _a_unit_and_a_group_of_places(name: str) -> bool:
    head, _, tail = name.rpartition("及") if "及" in name else name.rpartition("和")
    return bool(_A_GROUP_OF_PLACES.fullmatch(tail)) and looks_like_unit(head)


# The office a bureau's own plan names most, by its bare name, beside a role word (（办公室牵头，各股室配合）,
# 由办公室负责, 办公室、人事股按职责分工负责): a unit there, as in a cell, though prose uses the word of any office.
OFFICE_ALONE = frozenset(("办公室", "办公厅", "局办", "局办公室"))


# Bare names that prose never uses alone but a unit column of an office's own
# table does (办公室, 各科室); and what a sentence has that a name has not.
BARE_UNIT = regex(r"^(?:各|相关|有关)?(?:办公室|办公厅|委员会|中心|科室|处室|股室|部门|单位)$")
_SENTENCE = regex(r"[，。；：！？,.;:!?]|负责|开展|推进|完成|落实|加强|进行|确保|实施|建设|做好|已|将|的|\d")


# Persons' names start with a surname; the common ones cover nearly every official.
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施"
    "文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷"
    "盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷"
    "晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝芮")


def looks_like_person(name: str) -> bool:
    """张某某, 李明: two or three characters starting with a surname, and no unit's ending."""
    name = simplified(squeeze(name))
    return 2 <= len(name) <= 3 and name[0] in SURNAMES and not looks_like_unit(name) and not BARE_UNIT.match(name)


def looks_like_cell_unit(name: str) -> bool:
    """A name in a table's unit column: the column says it holds units, so a
    name without a place before it or a unit ending (办公室, 各平台, 镇街)
    counts; a sentence does not."""
    name = simplified(squeeze(name))
    if looks_like_unit(name) or BARE_UNIT.match(name):
        return True
    if looks_like_person(name):
        return False                    # 县应急局 李某某: the person beside the unit
    short = len(name) <= 4 or name.startswith(("各", "相关", "有关")) and len(name) <= 10
    return 2 <= len(name) and short and not _SENTENCE.search(name)


def role_of_phrase(token: str) -> tuple[str, str | None]:
    """Strip trailing role words; return (bare name, role they give or None).

    A role in brackets after the name counts too: 县发改局（牵头）.
    """
    role: str | None = None
    if token.startswith("以"):
        # 以X为主 (the one the work rests on leads), 以X为牵头单位: the unit is what comes after 以
        resting = _RESTS_ON.fullmatch(simplified(token))
        if resting:
            return token[1:resting.end(1)], LEAD
        bare, role = role_of_phrase(token[1:])
        if role is not None and token[1 + len(bare):2 + len(bare)] in ("为", "為"):
            return bare, role
        role = None
    if ("“" in token or "\"" in token or "原则" in token) and (rule := _BY_A_RULE.search(token)):
        # 县商务局按照“管行业必须管安全”要求负责, 县民政局按照属地管理原则牵头: the rule is no part of the
        # name; the role word after it gives the role
        token = token[:rule.start()] + token[rule.end():]
    if token.endswith(("）", ")", "］", "〕", "】")):
        aside = _LAST_BRACKET.search(simplified(token))
        if aside and aside.group(1) in _BRACKETED_ROLES:
            role = _BRACKETED_ROLES[aside.group(1)]
            token = token[:aside.start()].rstrip()
    if role is None and (share := _SHARE.search(simplified(token))) and share.start() >= 2:
        # 县财政局负责资金保障, 县大数据中心提供技术保障: the unit's own share of the work
        return token[:share.start()], _SHARE_ROLES[share.group("verb") or share.group("funds") or share.group("step")]
    changed = True
    while changed:
        changed = False
        plain = simplified(token)
        # (most tokens end with a character no phrase ends with: one look)
        for phrase, phrase_role in _ROLE_PHRASES_BY_END.get(plain[-1:], ()):
            if plain.endswith(phrase) and len(token) > len(phrase):
                token = token[: -len(phrase)].rstrip("，、 ")
                if role is None and phrase_role is not None:
                    role = phrase_role
                changed = True
                break
    return token, role


# A unit's share of the work named after it: who does their part (负责/做好) carries it, who
# gives support (提供/给予) works with the lead.
_SHARE = regex(r"(?:(?P<verb>负责|做好|提供|给予)[\u4e00-\u9fff]{0,6}?(?:保障|支撑|支持)(?:工作)?"
              r"|(?P<funds>保障)(?:资金|经费|用地|要素)"              # (县财政局保障资金: as 负责资金保障)
              # (县人社局负责审核，县财政局负责拨付: a policy's steps, each unit its own)
              r"|(?P<step>负责)(?:审核|审批|拨付|兑现|兑付|执行|推进|受理|核查|核实|认定|评审|验收|发放))$")
_SHARE_ROLES = {"负责": RESPONSIBLE, "做好": RESPONSIBLE, "保障": RESPONSIBLE, "提供": COOPERATING, "给予": COOPERATING}
_BY_A_RULE = regex(r"(?:按照|按|依照|根据)(?:[“\"「][^”\"」]{2,20}[”\"」](?:原则|要求)?|[\u4e00-\u9fff]{2,8}原则)"
                   r"(?=(?:负责|牵头|配合|落实|抓好落实|协助)$)")
# A remark on how to read the list, not another name of the unit: （排名不分先后）.
_READING_REMARK = regex(r"（[^（）]*(?:不分先后|下同|以下简称|按笔画|排名)[^（）]*）$")


# The person answering for a unit, in brackets after its name (a 责任单位及责任人 column):
# 县卫健局（张某）, 县人社局（责任人：王某、李某）.
# (…or its post before a colon: 农业综合服务中心（站长：李某某）)
# A person's post before the name (校长王某, 站长：李某某), in an aside and in a cell alike.
_POSTS = r"(?:常务)?副?(?:校长|院长|站长|所长|股长|科长|局长|主任|支书|书记|村长|组长|队长|馆长|经理|董事长|部长|处长|镇长|乡长|区长|县长)"
_LAST_ASIDE = regex(rf"（(?:(?:责任人|负责人|联系人|{_POSTS})[：:])?([^（）]{{2,40}})）$")


def _without_person_aside(name: str) -> str:
    aside = _LAST_ASIDE.search(name)
    if aside is None:
        # 县市场监管局周某: a unit with its person in charge written on, in a 单位及负责人 cell
        glued = _PERSON_GLUED.fullmatch(name) if name[-1:] != "）" else None
        if glued and looks_like_person(glued.group(2)) and looks_like_unit(glued.group(1)) and not looks_like_unit(name):
            return glued.group(1)
        return name
    if not looks_like_unit(name[:aside.start()]):
        return name
    # (a person with the post written before the name: 校长王某, 院长 张某某, 支书赵某; and their telephone:
    # 县住建局（李某某，13800000000）, （联系人：王某，电话：0371-1234567）)
    persons = [_POST.sub("", part) for part in re.split(r"[、，,；;\s]+", _PHONE.sub("", aside.group(1))) if part]
    return name[:aside.start()] if persons and all(looks_like_person(person) for person in persons) else name


# A telephone beside a person (联系人：王某，电话：0371-1234567, 李某某 13800000000): its label and its number.
PHONE_LABEL = r"(?:联系)?(?:电\s*话|手\s*机|座\s*机)"
PHONE_NUMBER = r"\d[\d\-－\s]{5,22}\d"
_PHONE = regex(rf"(?:{PHONE_LABEL})?[：:]?\s*{PHONE_NUMBER}|(?:联系人|责任人|负责人)[：:]")


_PERSON_GLUED = regex(r"(.{2,30}?(?:局|委|办|办公室|中心|政府|院|所|站|队))([\u4e00-\u9fff]{2,3})")
_POST = regex(rf"^(?:{_POSTS}|负责人)\s*")


# The word handing the work to a unit: 交县公安局办理 (a proposal's; not 交通局, 交警大队), 会议责成县住建局牵头,
# 明确县水利局牵头 (a meeting's decision list).
_CHARGING = regex(r"^(?:交由?|转(?:由|交)?|(?:会议|會議)?(?:责成|責成|明确由?|明確由?|要求由?|决定由|決定由|同意由|指定由?|安排由?))"
                  r"(?=[县縣市区區各省州旗镇鎮乡鄉][\u4e00-\u9fff])")


_FOOTNOTE_MARK = regex(r"(?<=[局委办院所站队心府室股组会司镇乡村区])(?:\[\d{1,2}\]|［\d{1,2}］|[①-⑳]|\d)$")


# 县消防救援大队主要领导, 县住建局主要负责同志, 县应急管理局局长: a unit answering through its head, the
# head's title after the name (a 责任单位及责任人 label's value). A deputy or one in charge of a part
# (县政府办副主任, 分管领导) is a person, as LEADER says, not the unit.
_HEAD_AFTER_THE_UNIT = regex(r"(?<=[局委办院所站队心府室股组会司镇乡村区])主要(?:领导|负责同志|负责人)(?:同志)?$|"
                             r"(?<=局)局长$|(?<=镇)镇长$|(?<=乡)乡长$|(?<=队)(?:大队长|队长)$|(?<=所)所长$|(?<=站)站长$|"
                             r"(?<=院)院长$|(?<=校)校长$")


def _without_its_head(name: str) -> str:
    return _HEAD_AFTER_THE_UNIT.sub("", name) if len(name) > 4 else name


_RESTS_ON = regex(r"以(.{2,40}?)为主")
# A unit's number in a list of them: ①, ⑴, 1. (only before a name, and first or after one)
_LISTED_BY_NUMBER = regex(r"(?:^|(?<=[\u4e00-\u9fff）)\s]))\s*(?:[①-⑳]|[⑴-⒇]|(?<![\d.])\d{1,2}[.．、](?!\d))\s*"
                          r"(?=[\u4e00-\u9fff]{2})")
_OTHERS_ALONE = regex(r"等[^等、，]{0,16}(?:部门|单位|机构)")


def clean_unit(name: str) -> str:
    """One written unit name: no whitespace, full-width brackets, no role tail."""
    name = squeeze(name).replace(KEEP, "、")
    name = name.replace("(", "（").replace(")", "）").replace("<", "（").replace(">", "）")
    name = name.replace("〈", "（").replace("〉", "）").replace("〔", "（").replace("〕", "）")
    name = name.strip("，、；。：,.;: ")
    # (not the first character of a place: 和平县, 和田市, 和平村, 和谐社区, 及第村: 和 and 及 go only before a
    # place's level or 各, where a line broke a list, 县住建局 / 和县水利局)
    name = re.sub(r"^(?:并由|由|请|以及|与|[和及](?=[各县市区乡镇省州]))(?=.{2})(?![\u4e00-\u9fff][县市区旗])", "", name)
    # (请 before a place's body too, whose second character may be 市: 请县市场监管局, 请县市政设施管理所)
    name = re.sub(r"^请(?=[县市区镇乡省州各].{2})", "", name)
    name = _CHARGING.sub("", name)
    # 县发改局1, 县生态环境分局[2], 县住建局③: a footnote's mark a text copy left after the name
    name = _FOOTNOTE_MARK.sub("", name)
    name = _without_its_head(name)
    name = _READING_REMARK.sub("", name)
    name = _without_person_aside(name)
    name, _ = role_of_phrase(name)
    if _OTHERS_ALONE.fullmatch(simplified(name)):
        return ""                       # 县住建局、等县直有关部门: a stray 、 before the list's 等… tail
    # "X等重点行业领域监管部门" names X
    cut = re.match(r"(.+?)等[^等]*(?:部门|单位)$", simplified(name))
    if cut and len(cut.group(1)) >= 2:
        name = name[:cut.end(1)]          # as written, not the simplified copy
    name, _ = role_of_phrase(name)
    return _balance(name.strip("，、；。："))


# 牵头：X；配合：Y inside one unit cell of a table: short role labels with a colon.
# Short role labels and the role each gives: 牵头：X；配合：Y in a unit cell or a parenthesis, and
# on label lines (labels.expand_short_labels).
SHORT_ROLE_WORDS = {"牵头": LEAD, "主责": LEAD, "责任": RESPONSIBLE, "配合": COOPERATING, "协办": COOPERATING,
                    "参与": COOPERATING, "协助": COOPERATING, "协同": COOPERATING,
                    # a 建议/提案 list's words for the same: 主办：X；会办：Y, 分办：X、Y
                    "主办": LEAD, "承办": RESPONSIBLE, "会办": COOPERATING, "参办": COOPERATING, "分办": RESPONSIBLE}
CELL_LABEL = regex(r"(" + "|".join(SHORT_ROLE_WORDS) + r")(?:单位|部门)?\s*[：:]")


def has_short_labels(written: str) -> bool:
    """Does a cell (or a parenthesis) carry short role labels (牵头：X；配合：Y)?"""
    return bool(CELL_LABEL.search(simplified(written)))


def parse_unit_cell(written: str, default: str = RESPONSIBLE) -> UnitRoles:
    """A table's unit cell: its own role labels if it has them (牵头：X；配合：Y), else a unit list."""
    if ("/" in written or "／" in written) and (leader := _PERSON_THEN_SLASH.match(written)) \
            and looks_like_person(leader.group(1)):
        written = written[leader.end():]        # 周某某/经发办: a 责任领导/责任站所 column's leader, then the office
    labels = list(CELL_LABEL.finditer(simplified(written)))
    if not labels:
        return parse_units(written, default=default, cell=True)
    roles = UnitRoles()
    if labels[0].start() > 0:
        roles.extend(parse_units(written[:labels[0].start()], default=default, cell=True))
    for number, label in enumerate(labels):
        end = labels[number + 1].start() if number + 1 < len(labels) else len(written)
        role = SHORT_ROLE_WORDS[label.group(1)]
        roles.extend(parse_units(written[label.end():end].strip("；;，, \n"), default=role, cell=True))
    return roles


_PERSON_THEN_SLASH = regex(r"\s*([\u4e00-\u9fff]{2,3})\s*[/／]\s*(?=\S)")
_PAIR_SEPARATOR = regex(r"\s*[/／；;]\s*")
_BRACKETED_TAIL = regex(r"(?P<head>[^（(]+?)[（(](?P<tail>[^（）()]+)[）)]")


def parse_paired_cell(written: str, first: str, second: str) -> UnitRoles:
    """A cell of a column for two roles (牵头单位/配合单位, 牵头单位（配合单位）): role words
    of its own win (县住建局牵头，县财政局配合); else the units before a slash or `；`, or
    before a bracket of units, have the first role and the rest the second."""
    plain = parse_unit_cell(written, default=first)
    if any(getattr(plain, role) for role in ROLES if role != first):
        return plain
    bracket = _BRACKETED_TAIL.fullmatch(squeeze(written))
    if bracket and is_unit_list(bracket["tail"]):
        head, tail = bracket["head"], bracket["tail"]
    else:
        parts = _PAIR_SEPARATOR.split(written.strip(), maxsplit=1)
        if len(parts) < 2:
            return plain
        head, tail = parts
    roles = parse_units(head, default=first, cell=True)
    roles.extend(parse_units(tail, default=second, cell=True))
    return roles


_ANOTHER_UNIT_S_SHARE = regex(r"[（(](?P<who>[^（）()，、；]{2,30}?(?:督办|督导|督促|监督|实施|具体实施|负责实施)|"
                                   # 镇政府（具体由乡村振兴办负责）: the office inside that carries it out
                                   r"(?:具\s*体\s*)?由[^（）()，、；]{2,20}?(?:具体)?(?:负责|落实|承办))[）)]")


def _share_apart(match: re.Match[str]) -> str:
    who = re.sub(r"^(?:具\s*体\s*)?由", "", match.group("who"))
    if who.endswith("实施") and not who.endswith(("具体实施", "负责实施")):
        who = who[:-2] + "负责实施"            # (县城投公司实施: who carries it out)
    name, role = role_of_phrase(who)
    return f"，{who}" if role is not None and looks_like_unit(name) else match.group()


def another_unit_s_share_apart(text: str) -> str:
    """县交通局（县城投公司实施）, 镇政府（具体由乡村振兴办负责）: the unit in brackets that carries out the named
    unit's share, a unit of its own after a comma (…，县城投公司负责实施); the text as it is where there is none."""
    if "（" not in text and "(" not in text:
        return text
    return _ANOTHER_UNIT_S_SHARE.sub(_share_apart, text)


def _group_phrases_kept(text: str) -> str:
    """有关部门、单位, 各市（县）、区, 党委、政府: phrases of one name, their 、 kept from splitting (KEEP); a
    page's line break inside one goes (各市（县 / ）、区人民政府)."""
    if "、" not in text:
        return text
    return _GROUP_PHRASE.sub(lambda match: "".join(match.group().split()).replace("、", KEEP), text)


def sets_of_places_kept(text: str) -> str:
    """各乡、镇、街道, 各区、县级市: one set of places written by their levels, its 、 kept from splitting
    (KEEP in their place; a name's own 、 again with ``.replace(KEEP, "、")``)."""
    if "各" in text:
        # (read in the simplified copy: 各縣、區人民政府 too; the offsets are the written text's)
        plain = simplified(text)
        for match in reversed(list(EACH_LEVEL.finditer(plain))):
            # (one name: a page's line break inside it goes, 各乡、镇 / 、街道)
            text = text[:match.start()] + "".join(text[match.start():match.end()].split()).replace("、", KEEP) \
                + text[match.end():]
    return text


# In a unit cell, a clause of who does it then which part of the work (县司法局牵头清理结果公开工作, 各乡镇负责做好
# 本乡镇文件公开工作): the unit and its role; the work is the task's.
_ROLE_OVER_ITS_WORK = regex(r"(?:^|(?<=[，；,;]))(?P<unit>[^，；,;、]{2,24}?)(?P<role>牵头|负责|配合)"
                            r"(?:做好|抓好|开展|推进|组织)?[^，；,;、]{2,30}?工作(?=$|[，；,;。])")


def _role_without_its_work(match: re.Match[str]) -> str:
    unit = match.group("unit")
    return unit + match.group("role") if looks_like_unit(unit) else match.group()


_MASKED_PLACE = regex(r"(?:\*\*|＊＊)[县市区镇乡村街社]")     # (a template masks the place's name)

_MARK_THEN_SPACE = regex(r"([★☆])[ \u3000]+(?=\S)")


def parse_units(written: str, default: str = RESPONSIBLE, cell: bool = False, labelled: bool = False) -> UnitRoles:
    """Split a written unit list and give each unit its role.

    Role words after a run of units give that run its role; units left
    without one take `default`. ``cell``: a table's unit column, where any
    short name counts; ``labelled``: a field whose label says it holds units
    (牵头科室：办公室), where a bare office name counts.
    """
    result = UnitRoles()
    text = _each_at_its_post(written)
    if ("★" in text or "☆" in text) and _MARK_THEN_SPACE.search(text):
        text = _MARK_THEN_SPACE.sub(r"\1", text)     # ★ 县卫健局: the mark is the name's, a space or not
    if cell and "工作" in text:
        text = _ROLE_OVER_ITS_WORK.sub(_role_without_its_work, text)
    if labelled or cell:
        # 牵头单位：县交通运输局（县扫黑办督办）, 县交通局（县城投公司实施）: another unit's share, bracketed
        # after the unit the label (or the column) names: a unit of its own, with the role its word gives
        text = another_unit_s_share_apart(text)
    if "\n" in text and ("会" in text or "會" in text):
        text = _HUITONG_BROKEN.sub(r"\1同", text)    # 发展改革委会 / 同财政局: a line broke 会同
    text = sets_of_places_kept(_group_phrases_kept(text))
    if not cell and "\n" in text:
        text = _parts_kept_with_their_body(text)
    # Units separated only by spaces split like units on lines of their own: where
    # both sides are whole names (安监站 安监所), not inside one (县交通 运输局). A name a line's end cut
    # among them is mended first (县民政局 县科协 城关 / 镇: the line's end, not the spaces, cut 城关镇).
    if "\n" in text and (" " in text or "\t" in text):
        text = _CUT_AMONG_SPACED_NAMES.sub(_mended_across_the_line_end, text)
    text = re.sub(r"(?<=[^\s、，；,;])[ \t]+(?=[^\s、，；,;])", "\n", text)
    # "X等部门和Y" is a list boundary; "和" inside a name is not.
    if "等" in text or "部门" in text or "单位" in text or "部門" in text or "單位" in text:
        text = _replace_at(text, _AFTER_A_GROUP, "、", group=1)
    if "牵头" in text or "牽頭" in text:
        # 县司法局牵头各乡镇负责: the comma between two roles left out
        text = _replace_at(text, _ROLE_THEN_A_NAME, "，", group=1)
    if "分别" in text:
        text = _BOTH_EACH.sub(_split_both_each, text)
    # Between two whole names a slash (a ledger's 县发改局/县财政局) is a list boundary. 和 and
    # 及 are not, wherever they stand (the contract: 县安委办及有关部门, 各乡（镇）及有关部门 and
    # 县发改局和县财政局 are kept as written), except after 等部门/等单位 above.
    if "/" in text or "／" in text:
        text = _replace_at(text, rf"(?<={_NAME_END})\s*[/／]\s*(?=[\u4e00-\u9fff各])", "、")
    if "·" in text or "・" in text:         # 县水利局·县财政局: a typist's dot between two names
        text = _replace_at(text, rf"(?<={_NAME_END})\s*[·・]\s*(?=[\u4e00-\u9fff各])", "、")
    if _LISTED_BY_NUMBER.search(text):
        # ①县水利局②新华镇人民政府, 1.县应急局 2.县粮食和物资储备中心: units numbered in their cell
        text = _LISTED_BY_NUMBER.sub("、", text).strip("、")
    pending: list[str] = []
    # 县教育局、县住建局，县财政局配合: where a writer lists with 、 (or a label names the field's
    # role), a comma ends a clause, and role words after it do not reach back across it.
    # So does a comma before those who help (县民政局，各乡镇配合: the first carries it out), a list
    # with no 、 at all: a task whose units all cooperate has no one in charge.
    clauses = split_top_level(text, "，；,;") if (labelled or "、" in text or _HELPERS_AFTER_A_COMMA.search(text)) \
        and _CLAUSE_END.search(text) else [text]
    tokens = _shared_names([(number, token) for number, clause in enumerate(clauses) for token in _tokens(clause)])
    clause_before = 0
    group_open = had_role = False
    starred: list[str] = []             # (★区发改委、统计局: the starred unit leads, as such tables note)
    for clause, token in tokens:
        token = token.strip()
        # (★县住建局, or the mark after the name: 县住建局*, 县住建局★)
        star = token.startswith(("★", "☆")) or token.rstrip().endswith(_STARS)
        if star:
            token = token.strip("★☆*＊▲ ")
        elif not _MASKED_PLACE.match(token):
            token = token.lstrip("*＊ ")          # (*区城管局: a mark no legend reads; **镇水利站 a template's name)
        if not token:
            continue
        token = re.sub(r"^(?:并由|並由|由)", "", token)
        if "由" in token and (shared := _AREA_THEN_ITS_UNIT.match(squeeze(token))) and looks_like_unit(shared["unit"]) \
                and not _GOVERNING_BODY.search(shared["area"]):
            token = shared["unit"] + shared["role"]     # 城区由县城管局负责，乡镇驻地由各乡镇负责: each area's unit
        bare, role = role_of_phrase(squeeze(token))
        if bare and LEADER.match(bare) and not _HEAD_AFTER_THE_UNIT.search(bare):
            clause_before = clause
            continue                    # 分管副县长、县政府办副主任负责: persons, not units
        # (after a clause of its own role the groups go on to the next role: X牵头；A、B，C，D配合)
        if clause != clause_before and bare and pending and not group_open and not had_role:
            for unit in pending:
                result.add(default, unit)
            pending = []
        clause_before = clause
        # 县财政局、县住建局等部门，县城投公司配合: a group named by 等部门 with no role of its own
        # goes on to the role after the comma (under a label, the label gives it its role).
        group_open = not labelled and role is None and bool(_ENDS_A_GROUP.search(simplified(squeeze(token))))
        # (县住建局会同县财政局、县水利局负责: two names joined in a token before the role's)
        names = _split_where_joined(bare)
        if cell:
            names = [part for name in names for part in _joined_pair(name)]
        own: list[str] = []
        for name in names:
            unit = clean_unit(name)
            if unit and (looks_like_unit(unit) or cell and looks_like_cell_unit(unit) or unit in OFFICE_ALONE
                         or labelled and _labelled_name(unit)):
                own.append(unit)
                if star:
                    starred.append(unit)
        if role == LEAD and pending and token.rstrip().endswith(("）", ")", "］", "〕", "】")):
            # 县公安局交警大队、县住建局（牵头）、县城管局, 城关镇、县交通局（牵头）: a lead in brackets is its
            # own name's alone (other roles in brackets close their run: X、Y（按职责分工负责）、Z（配合落实）)
            for unit in own:
                result.add(role, unit)
            continue
        pending.extend(own)
        if role is not None:
            for unit in pending:
                result.add(role, unit)
            pending = []
            had_role = True
    for unit in pending:
        result.add(default, unit)
    for unit in starred:
        for others in (result.responsible, result.cooperating):
            if unit in others:
                others.remove(unit)
                result.add(LEAD, unit)
    return result


_STARS = ("★", "☆", "*", "＊", "▲")
# A share of the work by area (城区由县城管局负责, 背街小巷由新华镇负责): the area, then its unit and role (not a
# body that has another do its share: 县政府由县发改局负责 is no area's).
_GOVERNING_BODY = regex(r"(?:局|委|办|政府|公司|中心|(?<!结合)部)$")      # (城乡结合部 is an area)
_AREA_THEN_ITS_UNIT = regex(r"(?P<area>[\u4e00-\u9fff]{2,10}?)(?:由|並由|并由)(?P<unit>[^由，。；,;]{2,30}?)(?P<role>负责|負責|牵头|牽頭|落实|實施|实施)$")


# A stem that shares the name after it (县第一、第二人民医院, 城关、新华镇人民政府): a few characters that
# are no name of their own, no person, no sector and no sentence.
_STEM = regex(r"[\u4e00-\u9fff]{1,5}")
# …where the name after it names a place of its own (汉江国投、襄阳市水利和湖泊局): two units.
_OWN_PLACE = regex(r"(?:县|市|区|镇|乡|省|州|各|有关|相关|[\u4e00-\u9fff]{1,3}(?:县|市|区|省|州|旗|盟))")
# …unless it is a place's government, whose ending the places before it share (哈尔滨、黑河、绥芬河市政府).
_A_PLACE_S_GOVERNMENT = regex(r"(?!各|有关|相关)[\u4e00-\u9fff]{1,4}[市县区镇乡旗](?:人民)?政府")


def _shared_names(tokens: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Tokens with each stem joined to the name it shares, as written (城关、新华镇人民政府): the
    stem had been dropped, or kept as a unit of its own."""
    joined: list[tuple[int, str]] = []
    named = ""                          # the name the last joined token ends with
    for clause, token in reversed(tokens):
        stem = squeeze(token)
        if joined and joined[-1][0] == clause and _is_stem(stem) and _shares_its_ending(stem, named):
            joined[-1] = (clause, f"{stem}、{squeeze(joined[-1][1])}")
            continue
        joined.append((clause, token))
        named = stem
    return joined[::-1]


_LEVEL = "县市区乡镇省州縣區鄉鎮"


def two_levels(stem: str, named: str) -> bool:
    """县、乡编办, 市、区爱卫办: one office at two levels, the first level alone before the second's name."""
    return len(stem) == 1 and stem in _LEVEL and len(named) > 2 and named[0] in _LEVEL and named[0] != stem \
        and named[1] not in _LEVEL


_LONGEST_STEM = 3                      # characters of a place's name before the ending it shares (绥芬河)


def _a_stem_before_its_name(tokens: list[tuple[str, bool]], index: int) -> bool:
    """Is tokens[index] a stem (哈尔滨, in 哈尔滨、黑河、绥芬河市政府), maybe before other stems, the first
    name after them giving the ending they share (as the unit reader joins them, _shared_names)?"""
    for later, (token, ends_a_sentence) in enumerate(tokens[index:]):
        if len(token) > _LONGEST_STEM or not _is_stem(token):
            return later > 0 and _shares_its_ending(tokens[index + later - 1][0], token)
        if ends_a_sentence:
            return False
    return False


def _shares_its_ending(stem: str, named: str) -> bool:
    """May `stem` (城关, 县第一) share the ending of the unit after it (新华镇人民政府, 第二人民医院)? Not a
    name opening with its own place (汉江国投、襄阳市水利和湖泊局 are two), unless that is the same office
    at another level (县、乡编办) or a place's government (哈尔滨、黑河、绥芬河市政府); never a bureau named
    by its sector alone (北关、执法局: no place for a stem)."""
    name = simplified(role_of_phrase(named)[0])
    return looks_like_unit(name) and not _SECTOR.match(simplified(named)) \
        and (not _OWN_PLACE.match(simplified(named)) or two_levels(stem, named)
             or len(stem) <= _LONGEST_STEM and bool(_A_PLACE_S_GOVERNMENT.fullmatch(name)))


def _is_stem(piece: str) -> bool:
    """A few characters that are no name of their own (城关, 县第一): no unit, person, sector, sentence
    or role."""
    plain = simplified(piece)
    return bool(_STEM.fullmatch(piece)) and not _whole_name(piece) and not FIRM_END.search(plain) \
        and not looks_like_person(piece) and not _SECTOR.fullmatch(plain) and not _SENTENCE.search(piece) \
        and role_of_phrase(piece)[1] is None and not LEADER.match(plain)


# A town's plans name a bureau by its sector alone under a label (环保、卫计、村建、民政): two
# characters of the government's sectors, not a sentence's words.
_SECTOR = regex(r"(?:环保|卫计|卫健|卫生|市政|园林|村建|城建|民政|财政|发改|国土|规划|林业|水利|农业|农办|农技|畜牧|水务|交通|教育|"
                     r"文化|文旅|人社|社保|医保|公安|司法|工商|税务|统计|审计|商务|供销|电力|供电|电信|移动|联通|广电|"
                     r"住建|城管|环卫|市监|食药|安监|应急|消防|妇联|团委|残联|工会|扶贫|综治|信访|武装|计生|执法)")
def _labelled_name(unit: str) -> bool:
    """Under a unit label a bare office (牵头科室：办公室), a sector (责任单位：环保、卫计) or a street
    office by its short name (仁兴街, for 仁兴街道办事处) is a name."""
    plain = simplified(squeeze(unit))
    return bool(BARE_UNIT.match(plain) or _SECTOR.fullmatch(plain.removeprefix("县"))     # (县市政: the county's)
                or _STREET_OFFICE.fullmatch(plain))


_STREET_OFFICE = regex(r"[\u4e00-\u9fff]{2,3}街")


_ENDS_A_GROUP = regex(r"等[^、，；,;]{0,8}(?:部门|单位)$")
# (not 委会办公室: 县安委会办公室 is one office of a committee, 委会 its name's end)
_JOINED = regex(r"(.+?(?:[处局室科办]|委(?!会(?!同))))会同?(.+)")      # (县安委会各成员单位: a 委员会, one name)


def _joined_pair(name: str) -> list[str]:
    """宣传处会同办公室, 宣传处会办公室 (会 for 会同) in a unit cell: two units; and two of a town's stations
    whose separator a copy lost (派出所工商质监所, 文化宣传股文化馆): a station has no office of its own inside it."""
    match = _JOINED.fullmatch(simplified(name))
    if match and looks_like_unit(match.group(1)) and looks_like_cell_unit(match.group(2)):
        return [name[:match.end(1)], name[match.start(2):]]
    glued = _GLUED_STATIONS.fullmatch(simplified(name)) if not PLACED_NAME.match(name) else None
    if glued and looks_like_cell_unit(glued.group(1)) and looks_like_cell_unit(glued.group(2)):
        return [name[:glued.end(1)], name[glued.start(2):]]
    return [name]


_GLUED_STATIONS = regex(r"([\u4e00-\u9fff]{1,5}?(?:所|站|馆|股))([\u4e00-\u9fff]{2,8}(?:所|站|馆|股|办|中心|院))")


def _split_at(text: str, pattern: str) -> list[str]:
    """Split where `pattern` matches the simplified text; parts keep the original characters."""
    parts, start = [], 0
    for match in re.finditer(pattern, simplified(text)):
        if not text[start:match.start()].strip() and simplified(text[match.end():match.end() + 1]) == "县":
            continue                    # (会同县人民政府: a county's name opening with the word)
        parts.append(text[start:match.start()])
        start = match.end()
    parts.append(text[start:])
    return [part for part in parts if part]


def _split_where_joined(text: str) -> list[str]:
    """县市场监管局联合县城管局, X会同Y: two units, where each side is a whole name; not inside
    one (县联合执法大队, 城区市容整治联合执法工作组)."""
    if not any(word in text for word in ("会同", "協同", "协同", "會同", "联合", "聯合")):
        return [text]                   # (most names: no joining word at all)
    parts = _split_at(text, r"会同|协同|联合")
    if len(parts) > 1 and not (all(looks_like_unit(clean_unit(part)) for part in parts)
                               and all(PLACED_NAME.match(simplified(part.strip())) for part in parts[1:])):
        # (会同 joins two bodies even where neither names its place, as a ministry's or a bureau's own
        # papers write them: 农业农村局会同财政局, 发展改革委会同中央农办; 联合 and 协同 open names too)
        parts = _split_at(text, r"会同|會同")
        if len(parts) == 2 and all(looks_like_unit(clean_unit(part)) for part in parts) \
                and re.search(f"{_NAME_END}$", simplified(parts[0].strip())):
            return parts
        return [text]
    return parts


_JOINING_WORDS = regex(r"会同|會同|联合|聯合|协同|協同")     # (县委 / 政法委会同有关部门…: the office, then 会同)
_HUITONG_BROKEN = regex(r"(?<=[局委办室部厅院心府辦廳])([会會])\s*\n\s*[同]")


# A unit's name that opens with its place or level (县城管局, 各乡镇, 平安镇政府), as a second unit after
# 联合 does (执法大队 after 县城管局联合 is the rest of one name), and as a piece a cell's space cut
# off does not (运输局 ends 县交通 运输局).
PLACED_NAME = regex(r"(?:县|市|区|省|州|镇|乡|旗|各|相关|有关|[\u4e00-\u9fff]{1,3}(?:县|市|区|镇|乡|省|旗))")


# 县司法局牵头各乡镇负责, 县财政局牵头县审计局配合: a unit's role, then at once the next unit's name.
_ROLE_THEN_A_NAME = regex(r"(?<=[局办委室队所站院心府])\s*(?:牵头|牽頭)()(?=(?:县|市|区|各|镇|乡|縣|區|鎮|鄉)\s*[\u4e00-\u9fff])")


# X等部门和Y, X等县有关部门和Y, X等县直相关单位及Y: 和/及 after a group of units joins two lists.
# (…and after a bare 等 or a body's departments, where another body's name follows: 县发改局等和各乡镇人民政府,
# 县直各部门和各乡镇人民政府; 县直各有关部门及各乡镇人民政府, 县级各相关单位和各乡镇: a group of units
# and another group; a line may break before the joining word: 县直有关部门 / 及各乡镇)
_AFTER_A_GROUP = regex(r"(?:等\s*[^、，；,;\s和及]{0,8}?(?:部门|单位)|(?:等|各部门|各单位)(?=\s*[和及](?:各|有关|相关|[县市区镇乡]))|"
                            r"(?:有关|相关)(?:部门|单位)(?=\s*[和及]各))\s*(和|及)")


# 县商务局和县交通局分别牵头: 分别 says there are two, where both sides are whole names.
_BOTH_EACH = regex(r"(?P<first>[^、，；,;和及\s]{2,30}?)(?P<joint>和|及)(?P<second>[^、，；,;\s]{2,30}?)(?=分别)")


def _split_both_each(match: re.Match) -> str:
    if looks_like_unit(match["first"]) and looks_like_unit(match["second"]):
        return f"{match['first']}、{match['second']}"
    return match.group()


_CLAUSE_END = regex(r"[，；,;]")
_HELPERS_AFTER_A_COMMA = regex(r"[，；,;][^，；,;]{2,30}?(?:配合|协助|参与|协办|协同)[。；]?\s*$")


def _replace_at(text: str, pattern: str | re.Pattern, replacement: str, group: int = 0) -> str:
    """Replace where `pattern` (or its `group`) matches the simplified text; the rest stays as written."""
    pieces, start = [], 0
    for match in re.finditer(pattern, simplified(text)):
        pieces += [text[start:match.start(group)], replacement]
        start = match.end(group)
    return "".join(pieces) + text[start:]


_ANY_ASIDE = regex(r"[（(〈<〔][^（）()〈〉<>〔〕]*[）)〉>〕]")
REMARK = regex(r"以下|不再|下同|均需|均由|均涉及|所有工作|各项工作")


# A plan that says how to read its unit lists: 责任单位（排名第一的为牵头单位）, or a note
# 注：责任单位中排在首位的为牵头单位 (headers reads it in a header cell, pipeline in a document).
FIRST_UNIT_LEADS = regex(r"(?:第一|首位|第1)[位个個家名]?(?:的|者)?(?:[^，。；、（）]{0,4}?(?:[单單]位|部[门門]))?"
                              # (…为工作牵头单位; 排在第一位的，为落实该项工作的牵头单位)
                              r"[，,]?(?:[为為爲]|是|系)(?:工作|[^，。；（）]{2,12}?的)?[牵牽][头頭]")


def _reads_the_list(part: str) -> bool:
    return FIRST_UNIT_LEADS.search(simplified(part)) is not None


def parse_units_with_remarks(value: str, default: str = RESPONSIBLE, labelled: bool = False) -> UnitRoles:
    """Units of one field or parenthesis; plan-wide remarks in it are no units,
    except a unit that a remark names with a role (所有工作均需X配合).
    ``labelled``: the value of a unit label (see parse_units)."""
    kept, remarks = [], []
    if "(" in value:
        value = value.replace("(", "（").replace(")", "）")     # (an aside's comma is the aside's)
    for part in split_top_level(value, "，；,;。"):
        # (a remark inside a unit's aside is the aside's: 各乡镇人民政府〈含县经开区，下同〉)
        bare = part
        if "（" in part or "〈" in part or "(" in part or "〔" in part:
            bare = _ANY_ASIDE.sub("", part)
            # 县开发区管委会〔以下均需…落实，不再列出〕: the unit stays, its remark goes with the remarks
            asides = [aside.group() for aside in _ANY_ASIDE.finditer(part) if REMARK.search(aside.group())]
            if asides and not REMARK.search(bare):
                remarks.extend(asides)
                part = _ANY_ASIDE.sub(lambda aside: "" if REMARK.search(aside.group()) else aside.group(), part)
            if "牵头" in part or "牽頭" in part:
                # 县公安局（列第一位的为牵头单位）: how to read the list, in the last unit's aside
                part = _ANY_ASIDE.sub(lambda aside: "" if FIRST_UNIT_LEADS.search(squeeze(aside.group()))
                                      else aside.group(), part)
        bare = squeeze(bare) if "\n" in bare else bare         # (a line break inside 牵|头)
        if ("牵头" in bare or "牽頭" in bare) and ("首位" in bare or "第一" in bare) and _reads_the_list(bare):
            continue                    # 首位单位为牵头单位，下同: how to read the list, no unit
        (remarks if REMARK.search(bare) else kept).append(part)
    roles = parse_units("，".join(kept), default=default, labelled=labelled)
    for remark in remarks:
        if "以下" in remark and not re.search(r"配合|协助|参与", remark):
            continue
        named = re.search(r"(?:均需|需要|需|均由|由)(.+)$", squeeze(remark))
        if named:
            roles.extend(parse_units(re.sub(r"[，,]?以下.*$", "", named.group(1)), default=default))
    if remarks and any(_THE_PLAN_S_UNITS.fullmatch(unit) for units in (roles.lead, roles.responsible, roles.cooperating)
                       for unit in units):
        # …不再列出。各责任单位按职责分工落实: after such a note, the plan's units by that name, no unit of the item
        roles = UnitRoles(*([unit for unit in units if not _THE_PLAN_S_UNITS.fullmatch(unit)]
                            for units in (roles.lead, roles.responsible, roles.cooperating)))
    return roles


_THE_PLAN_S_UNITS = regex(r"各责任单位|各牵头单位|各责任部门")


# Endings that close a name for sure; a line break after a weaker one (县市场|监管局,
# 县乡|村振兴局) is more likely the converter's than the author's.
# The last character of a name that ends firmly (a body, an office, a bracketed aside).
_NAME_END = "[局委办室心府院部会所队站司组门位镇道团构行厅关股科）]"
FIRM_END = regex(r"(局|委|办|办公室|委员会|中心|政府|院|部|会|所|队|站|公司|组|部门|单位|乡镇|街道|集团|"
                       r"分局|支行|分行|大队|机构|小组|专班|厅|海关|（[^（）]*）|"
                       # a bureau's offices and a town's places: 计财股, 人事科, 党政办, 城关小学, 城关镇
                       r"股|科|室|处|校|小学|中学|幼儿园|镇|社区|(?<=[一二三四五六七八九十])[中小]|"
                       # …and a bureau's venues and troupes: 文化馆, 图书馆, 剧团; and the people's bodies: 县妇联, 县科协
                       r"馆|团|(?:妇|残|侨|文|工商|社科)联|科协)$")


# "平顺分局" on a line of its own finishes "市生态环境局": a branch named by its
# place alone, with no 县/市/省 of its own, belongs to the body before it.
_BRANCH = regex(r"^[^、，；县市省区州盟旗镇乡]{1,4}(分局|分行|支行|分公司|分中心|分所|分队)$")


# "督查室" on a line of its own after "县委县政府" is that body's office: one name.
# (…and 县委 / 政法委, 市委 / 宣传部: a party committee's departments)
_INNER_OFFICE = regex(r"^[^、，；县市省区州镇乡各]{1,4}(室|科|股|办|部|委)$")
# A name a line break cut after a word that never ends one (县人力资源社会 / 保障局).
def its_place_s_body(place: str, line: str) -> bool:
    """Does the line open with the body of the place the line before ended with (城关镇 / 人民政府、…, 西城街道 /
    办事处)?"""
    # (各乡(镇) / 人民政府: the level in brackets is the place's too)
    return _A_PLACE_S_BODY.match(simplified(squeeze(line))) is not None \
        and simplified(place).replace("(", "").replace(")", "").replace("（", "").replace("）", "").endswith(_PLACE_LEVELS)


_A_PLACE_S_BODY = regex(r"(?:人民政府|政府|办事处|党委|党工委)(?:(?![\u4e00-\u9fff])|(?=主要|分管|负责|牵头|配合|等))")
_PLACE_LEVELS = ("镇", "乡", "县", "市", "区", "街道")
_NUMBERED_PART = regex(r"\d{3,5}[\u4e00-\u9fff]|\d{1,3}[号號]")
_UNFINISHED_NAME = regex(r"(?:社会|和|及|与)$")
# …and a line opening with the word that joins it to the name before (县直有关部门 / 和单位, 县民政局 / 及各乡镇
# 人民政府): not a place of its own whose name opens so (和平镇, 和顺县).
_JOINING_WORD_THEN_A_NAME = regex(r"^(?:和|及|与|暨)(?:各|有关|相关|沿线|其他|县|市|区|乡|镇|单位|部门)")


def joined_on(line: str) -> bool:
    """Does the line open with 和/及/与/暨 joining it to the list on the line before (…等部门 / 和县林业局。)?"""
    return _joined_on(simplified(squeeze(line)))


def _joined_on(line: str) -> bool:
    """Does the line open with 和/及/与/暨 joining it to the name on the line before (not a place named 和平…)?"""
    return _JOINING_WORD_THEN_A_NAME.match(line) is not None or line[:1] in "和及与暨" and not looks_like_unit(line)


_BODY = regex(r"(政府|县委|市委|区委|党委|人大|政协)$")
# …and "办公室" or "成员单位" after a committee, a leading group or a headquarters (县食安委 / 各成员单位).
_COMMITTEE = regex(r"(?:委员会|委会|领导小组|指挥部|联席会议|工作组|委)$")
_COMMITTEE_S_OWN = regex(r"办公室|各?成员单位")
# …and "各部门" after a government or a party committee of a county or a city (县政府 / 各部门): its departments.
_GOVERNMENT = regex(r"(?:县|市|区|州|省|旗)(?:人民)?政府$|(?:县|市|区|州|旗)委$")
_ITS_DEPARTMENTS = regex(r"(?:所属)?(?:各|有关|相关|各有关|各相关)(?:部门|单位|部门单位|委办局)")


def _its_own_office(head: str, tail: str) -> bool:
    """Is `tail` the office of the body `head` names (县委县政府 / 督查室, 县…推进委员会 / 办公室, 县政府 / 各部门)?"""
    head, tail = simplified(squeeze(head)), simplified(squeeze(tail))
    return bool(_INNER_OFFICE.match(tail) and _BODY.search(head)
                or _COMMITTEE_S_OWN.fullmatch(tail) and _COMMITTEE.search(head)
                or _ITS_DEPARTMENTS.fullmatch(tail) and _GOVERNMENT.search(head))


def opens_with_its_own_office(head: str, line: str) -> bool:
    """Does the line open with the office of the body `head` ends with, before a list's next word (县委 / 宣传部等部门和…,
    县委 / 组织部、…)?"""
    first = _OFFICE_S_END.split(simplified(squeeze(line)), maxsplit=1)[0]
    return bool(first) and _its_own_office(LIST_MARKS.split(head)[-1], first)


_OFFICE_S_END = regex(r"[、，,；;。：:\s（(]|等|和|及|与")


_A_PLACE_S_OFFICE = regex(r"(?:人民)?政府|办事处|管委会|管理委员会|党委|党工委|居委会|村委会")
_A_PLACE = regex(r".{1,10}(?:[镇乡县区市村]|街道)")


def office_of_its_place(head: str, tail: str) -> bool:
    """六横镇 / 人民政府, 东港街道 / 办事处: a place's name, then its office on a line of its own (a cell wrapped)."""
    return bool(_A_PLACE_S_OFFICE.fullmatch(simplified(tail)) and _A_PLACE.fullmatch(simplified(head)))


def joined_name(head: str, tail: str) -> bool:
    """Are two space-separated pieces one unit name broken by a wrap?"""
    if _its_own_office(head, tail):
        return True          # 县委县政府 督查室
    return wrapped_inside_name(head, tail)     # 县交通 运输局


# How an issuing office's name ends: before 关于 in a notice's title (平安县人民政府督查室关于…), or on
# the signature line under a notice (平安县人民政府督查室 / 2024年4月1日).
ISSUER_END = (r"(?:人民政府办公室|人民政府|政府|办公室|委员会|联合会|督查室|指挥部|管委会|领导小组|工作组|局|委|办|中心|"
              r"总河长办)")
# A task starts with what is to be done; a unit name never does (改造全民健身广场 ends like a unit).
ACTION = regex(r"(?:新建|新增|改造|改扩建|建设|建成|实施|推进|完成|开展|加强|提升|打造|组织|推动|落实|建立|健全|完善|"
                    r"开工|启动|举办|创建|整治|优化|强化|深化|扩大|提高|做好|抓好|确保|力争|争创|培育|引进|规范|严格|"
                    r"加快|全面|持续|积极|编制|制定|修订|实现|负责|对|在|按照|依法|聚焦|坚持|出台|印发|起草)")
# A quantity of work (2万亩, 500户, 3所): what a task's words hold and a unit's name does not.
QUANTITY = regex(rf"\d[{MEASURES}]")
_NEW_NAME_HEAD = regex(r"^(?:县|市|区|镇|乡|省|州|各|有关|相关)")


def _each_township_cut(before: str, after: str) -> bool:
    """各乡 / 镇人民政府: 各乡镇 broken by a line, not 各乡 and a 镇 of no name."""
    return before.endswith("各乡") and after.startswith("镇")


def wrapped_inside_name(before: str, after: str) -> bool:
    """Is the break between two lines of unit names a wrap inside one name (县财政局、县市场 /
    监管局), not the end of a name? The last name before it is not whole (no firm ending such as
    局, 委, 办, 中心), the line after does not open a name of its own (县…, 各…), and together
    they read as one unit."""
    head = simplified(squeeze(LIST_MARKS.split(before)[-1]))
    tail = simplified(squeeze(LIST_MARKS.split(after)[0]))
    if _each_township_cut(head, tail):
        return True
    if not head or not tail or _NEW_NAME_HEAD.match(tail) and not _place_cut_before_its_level(head, tail) \
            or head.isdecimal() or QUANTITY.search(head) or ACTION.match(head) or head[-1] in "。.；;！？!?":
        return False                    # (12 新建…中心一所: a row's number before its words; 改造老旧小区5个 住建局,
                                        # 新建公园 住建局, …，销售保持增长。 商务局: a task's words, then a unit)
    if FIRM_END.search(head) and not _fragment(tail):
        return False
    if looks_like_person(head) and looks_like_unit(tail):
        return False                    # (张某某 社会事务办: a person's cell, then the unit's)
    if len(head) > 4 and PLACED_NAME.match(tail) and looks_like_unit(tail):
        return False                    # (东关菜市场排水沟堵塞 新华镇人民政府: a task's words, then a town's whole name)
    return looks_like_unit(_without_its_head(role_of_phrase(head + tail)[0]))


# A development zone named by its kind, maybe with its place before it (经开区, 高新区, 县工业园区, 综保区)
_ZONE = regex(r"[\u4e00-\u9fff]{0,6}?(?:开发|经开|高新|工业|产业|园|新|示范|保税|综保|功能|试验|合作|自贸)区(?=$|[（(])")
# A body's own part named without a place of its own (交警大队, 城关派出所, 各乡镇 / 卫生院, 市容执法中队).
OWN_PART = regex(r"(?!县|市(?!容|场|政)|区|镇|乡|省|州|各|有关|相关)[\u4e00-\u9fff]{0,8}?"
                      r"(?:大队|中队|支队|分局|分队|派出所|卫生院|执法队|"
                      # (…a body's party school and committees: 县委 / 党校, 各乡镇 / 党委; a center's window, a
                      # hospital's or a bureau's office: 县政务服务中心 / 综合窗口, 县人民医院 / 急诊科)
                      r"党校|党委|党组|党工委|党支部|党总支|窗口|科)")
# 县安委 / 会各成员单位: a committee's short name (安委会, 食安委会) cut before its 会, not 会同/会计.
_COMMITTEE_CUT = regex(r"(?<=委)\n[ \t]*(?=会(?!同|计|商|议))")
_LINE_BREAK = regex(r"\n[ \t]*")


def _parts_kept_with_their_body(text: str) -> str:
    """A line of prose that a page broke inside one unit's name, after a whole name (由新华镇 /
    市容联合执法中队负责, 县公安局 / 交警大队、县城管局, 县安委 / 会各成员单位), or before a body's own office (县委 /
    政法委, 县食安委 / 各成员单位, as a cell's lines are read too): one name, not two. A cell's lines are not joined
    for a body's part: there a line may be a unit of its own."""
    text = _COMMITTEE_CUT.sub("", text)
    pieces = _LINE_BREAK.split(text)
    joined = pieces[0]
    for piece in pieces[1:]:
        # (in names set apart by spaces, the name the line ended with and the one it opens with: 县城管局 县公安局 /
        # 交警大队 县交通运输局)
        head = squeeze(_last_word(LIST_MARKS.split(joined)[-1]))
        part = role_of_phrase(squeeze(_first_word(LIST_MARKS.split(piece)[0])))[0]
        body = re.sub(r"^(?:并由|由)", "", role_of_phrase(head)[0])
        if part and (OWN_PART.fullmatch(simplified(part)) or _its_own_office(body, part)) \
                and looks_like_unit(body) and looks_like_unit(body + part) or part and _cut_inside_one_name(body, part) \
                or area_cut_before_its_unit(head, piece):
            joined += piece
        else:
            joined += "\n" + piece
    return joined


def _last_word(text: str) -> str:
    """The last of names set apart by spaces (a line's breaks inside it kept: 县政务服务 / 中心)."""
    words = [word for word in _SPACES.split(text) if word.strip()]
    return words[-1] if words else ""


def _first_word(text: str) -> str:
    words = [word for word in _SPACES.split(text) if word.strip()]
    return words[0] if words else ""


_SPACES = regex(r"[ \t\u3000]+")


def area_cut_before_its_unit(head: str, line: str) -> bool:
    """城区 / 街道由县城管局负责: a share of the work by area whose area a line's end cut, not a unit 城区 before it."""
    first = squeeze(LIST_MARKS.split(line)[0])
    return "由" in first and "由" not in head and bool(
        (shared := _AREA_THEN_ITS_UNIT.match(head + first)) and looks_like_unit(shared["unit"])
        and not _GOVERNING_BODY.search(shared["area"]))


# A name of level words alone (镇村, 各县): in prose, the start of a longer one a line cut (镇村 / 镇建设办, 各县 / 区政府).
_LEVEL_WORDS_ALONE = regex(r"各?[县市区镇乡村]{1,2}")


def _cut_inside_one_name(body: str, part: str) -> bool:
    """Is a prose line's break, with no list mark at it, inside one name? Either a town's name, then one of a town's
    offices with no place of its own (镇村镇 / 建设办公室), or a name of level words alone, then one opening with a level
    (各县 / 区政府). A cell's lines are not asked: there each line may be a unit of its own."""
    body, part = simplified(body), simplified(part)
    if not looks_like_unit(body + part):
        return False
    if _NEW_NAME_HEAD.match(part):
        return len(body) <= 3 and bool(_LEVEL_WORDS_ALONE.fullmatch(body))
    return bool(_TOWN.search(body) and _TOWN_S_OFFICE.fullmatch(part))


# A town's name, and an office of a town named without a place (建设办公室, 党政办, 财政所, 便民服务中心): no writer
# puts a town and another town's office apart with only a line's end (城北镇 / 和平镇人民政府 are two towns).
_TOWN = regex(r"(?:镇|乡|街道)$")
_TOWN_S_OFFICE = regex(r"[\u4e00-\u9fff]{1,8}?(?:办公室|办|所|站|服务中心)")


def name_goes_on(name: str, line: str) -> bool:
    """Does the name a line ended with go on into the next line's first words (各乡 / 镇。…, 县市场监管局 /
    稽查大队、…, 县市场 / 监管局配合。 without its role, 新华镇 / 人民政府主要负责人。 its body): together, one unit?"""
    first = _FIRST_WORDS_END.split(line, maxsplit=1)[0]
    return looks_like_unit(name + first) or looks_like_unit(name + role_of_phrase(first)[0]) or its_place_s_body(name, line)


_FIRST_WORDS_END = regex(r"[、，,；;。：:\s]")


def _place_cut_before_its_level(head: str, tail: str) -> bool:
    """新华 / 镇人民政府: a place's name the line cut before its level (the head a short name of no
    level or ending of its own, not 县市场 / 县住建局, nor a person's: 王某某 / 县卫健委)."""
    return len(head) <= 4 and tail[0] in "镇乡区" and not _NEW_NAME_HEAD.match(head) \
        and not looks_like_unit(head) and not looks_like_person(head) and looks_like_unit(_without_its_head(head + tail))


# Bodies known by two characters (团县委、妇联): every other unit piece that short is the end
# of a name a narrow cell wrapped after a firm-looking character (各街道办 / 事处).
SHORT_BODIES = {"妇联", "团委", "残联", "工会", "科协", "侨联", "文联", "台办", "侨办", "法院", "党校", "街道", "乡镇", "社区"}


def _fragment(tail: str) -> bool:
    return len(tail) <= 2 and tail not in SHORT_BODIES


# The marks a list of names is written with (县发改局、县财政局；县水利局): where one name ends and the next opens.
LIST_MARKS = regex("[、，,；;]")


_CUT_AMONG_SPACED_NAMES = regex(r"(?<=[ \t])([^\s、，；,;]+)[ \t]*\n[ \t]*([^\s、，；,;]+)")


def _mended_across_the_line_end(match: re.Match[str]) -> str:
    head, tail = match.group(1), match.group(2)
    name = role_of_phrase(squeeze(tail))[0]
    return head + tail if not looks_like_unit(head) and looks_like_unit(head + name) else match.group()


def _tokens(text: str) -> list[str]:
    """Split on list separators; a line end splits only between complete names."""
    tokens: list[str] = []
    for part in split_top_level(text, "、，；。,;"):
        lines = [line for line in part.split("\n") if line.strip()]
        merged: list[str] = []
        for line in lines:
            before = role_of_phrase(squeeze(merged[-1]))[0] if merged else ""
            if looks_like_person(line) and merged and looks_like_unit(before):
                merged.append(line)          # 县应急局 / 李某某: a person beside the unit, not its end
            elif merged and looks_like_person(merged[-1]) and looks_like_unit(line) \
                    and (_NEW_NAME_HEAD.match(simplified(line.lstrip())) or not looks_like_unit(merged[-1] + line)):
                merged.append(line)          # …李某某 / 县住建局 赵某: the next unit after the person, not its name's end
                                             # (but 农业服 / 务中心: a name cut where its head looks like a person's)
            elif merged and _goes_on(before, line):
                merged[-1] += line
            else:
                merged.append(line)
        tokens.extend(merged or [part])
    return tokens


def _goes_on(before: str, line: str) -> bool:
    """Does `line` go on the name `before` it, a line break inside one name?"""
    plain = simplified(squeeze(line))
    name = role_of_phrase(squeeze(line))[0]
    if line.lstrip().startswith(tuple(OPEN + CLOSE)) or _BRANCH.match(plain):
        return True                     # （县粮食局）, 平顺分局: the name's aside or branch; 各乡（镇 / ）人民政府: its rest
    if before.rstrip().endswith(_STARS):
        return False                    # 县生态环境分局* / 新华镇: the mark a table puts after a whole name ends it
    if _NUMBERED_PART.match(plain):
        return True                     # 县公安局 / 110指挥中心: a part named by its number (no name opens so)
    if its_place_s_body(before, plain):
        return True                     # 城关镇 / 人民政府, 西城街道 / 办事处: the place's own body
    if role_goes_on(before, plain):
        return True                     # 县发展改革局 / 牵头县市场监管局配合: the name's role, then the next name
    if _fragment(plain) and not plain.startswith("各") and looks_like_unit(before + squeeze(line)) \
            or name and _fragment(simplified(name)) and not name.startswith("各") and looks_like_unit(before + name):
        return True                     # 县财政 / 局, 县委组 / 织部牵头 (各村 opens a name of its own)
    if _its_own_office(before, _JOINING_WORDS.split(name, maxsplit=1)[0]) or opens_with_its_own_office(before, line) \
            or _UNFINISHED_NAME.search(simplified(before)) \
            or _joined_on(plain):
        return True                     # 县政府 / 督查室, 县人力资源社会 / 保障局, 县直有关部门 / 和单位
    if _each_township_cut(simplified(before), plain):
        return True
    if not (_whole_name(before) and _whole_name(name)):
        return True                     # 县市场 / 监管局: not two names
    if _ZONE.fullmatch(simplified(squeeze(before))) and _ZONE.match(plain):
        return False                    # 经开区 / 高新区（新华镇）: two zones, each named whole by its kind
    # Two names each whole: apart where the line opens with its place (县供销联社 / 县畜牧业发展中心)
    # or the name before ends firmly (办公室 / 人事股); else a wrap (县乡村 / 振兴局).
    return not (_NEW_NAME_HEAD.match(plain) or FIRM_END.search(simplified(before)))


def _whole_name(name: str) -> bool:
    """A unit's name, or a bare office's (办公室, 各科室) as a bureau's lists name its own."""
    return looks_like_unit(name) or bool(BARE_UNIT.match(simplified(squeeze(name))))


def _balance(name: str) -> str:
    """Drop a dangling bracket left by a cut (县发改局（县粮食局 → keep whole or trim)."""
    opens = sum(name.count(ch) for ch in OPEN)
    closes = sum(name.count(ch) for ch in CLOSE)
    if closes > opens and name and name[-1] in CLOSE:
        return name[:-1]
    if opens > closes and name and name[0] in OPEN:
        return name[1:]
    return name


def is_unit_list(content: str) -> bool:
    """县发改局、县统计局: names of units only, without role words."""
    tokens = [token for token in split_top_level(squeeze(content), "、，") if token]
    if len(tokens) > 1 and any(len(token) == 1 for token in tokens):
        # (县、乡编办: one office at two levels)
        tokens = [token for index, token in enumerate(tokens)
                  if not (index + 1 < len(tokens) and two_levels(token, tokens[index + 1]))]
    return bool(tokens) and all(looks_like_unit(token) for token in tokens)


# A unit's head, named right after the unit (责任单位及责任人：县应急管理局 / 主要领导、新华镇人民政府主要负责人。)
UNIT_S_HEAD = regex(r"(?:主要|分管)(?:领导|负责人|负责同志)|负责人|局长|主任")


# A leader beside the units in a role parenthesis (分管副县长负责，县发改局牵头): a person, no unit.
LEADER = regex(r"^[\u4e00-\u9fff]{0,10}?(?:副?(?:县|市|区|州|省|镇|乡)长|副?书记|副?主任|副?秘书长|(?<!小组)领导|同志|"
                    # a chief's post held by persons at every level (各级总河湖长, 县级林长, 各级田长, 网格长)
                    r"(?:副?总)?(?:河湖|河|湖|林|田|路|街|网格|山)长)$")


def _tokens_and_sentence_ends(text: str) -> list[tuple[str, bool]]:
    """The list's tokens (split at 、，；), each with whether a sentence ends after it (。)."""
    return [(token, index == len(tokens) - 1)
            for sentence in split_top_level(text, "。")
            for tokens in [split_top_level(sentence, "、，；")] for index, token in enumerate(tokens)]


# X、Y等各司其职，积极配合: the role said after the duty, one role for the run of names.
_EACH_AT_ITS_POST = regex(r"等?各司其[职職责責](?:[，,、]\s*各[负負]其[责責])?[，,、]\s*((?:积极|積極|主动|主動|密切|通力|全力)?配合)")


def _each_at_its_post(text: str) -> str:
    return _EACH_AT_ITS_POST.sub(r"\1", text) if "各司其" in text else text


def is_role_list(content: str) -> bool:
    """（X、Y按职责分工负责） or （X牵头，Y等部门配合）: units with role words only."""
    compact = _each_at_its_post(squeeze(content))
    if not compact or len(compact) > 200 or "：" in compact:
        return False
    if "、" in compact:
        # (县直有关部门、单位配合, 各市（县）、区配合: one name, kept whole)
        compact = sets_of_places_kept(_group_phrases_kept(compact))
    has_role = False
    in_a_remark = False                 # (a remark's sentence goes on to its end: 以下均需各乡镇落实，乡镇无…的，由…负责…)
    tokens = list(_tokens_and_sentence_ends(compact.replace("\n", "")))
    for index, (token, ends_a_sentence) in enumerate(tokens):
        skip = not token or in_a_remark or bool(REMARK.search(token))
        in_a_remark = skip and bool(token) and not ends_a_sentence
        if skip:
            continue
        if _a_stem_before_its_name(tokens, index):
            continue                    # 新华、清河镇人民政府配合: a stem sharing a later name's ending
        name, role = role_of_phrase(_CHARGING.sub("", re.sub(r"^(?:并由|由)", "", token)))
        if LEADER.match(name):
            continue                    # 分管副县长负责: the leader answers for it, no unit
        has_role = has_role or role is not None
        parts = [piece for part in re.split(r"和(?=.*(?:等部门|等单位))", name)
                 for piece in _split_where_joined(part)] if role else [name]
        if not all(looks_like_unit(_without_its_head(re.sub(r"等.*?(?:部门|单位)$", "", part.replace(KEEP, "、")) or part))
                   or part in OFFICE_ALONE
                   for part in parts if part):
            return False
    return has_role
