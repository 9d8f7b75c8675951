"""Character-level helpers shared by the extraction steps."""
from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from importlib import resources

from .compiled_patterns import regex

# Half-width punctuation folded to the full-width forms the rules are written in.
_FOLD = {
    "(": "（", ")": "）", ":": "：", ";": "；", ",": "，",
    "\u00a0": " ", "\u3000": " ", "\ufeff": "",
    # Invisible characters a web page leaves inside words (zero-width space, joiners, soft hyphen).
    "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\u00ad": "",
    "[": "［", "]": "］", "<": "〈", ">": "〉",
    # The look-alikes PDF text and some fonts carry: the ratio sign for a colon (责任单位∶),
    # small and vertical forms, half-width ideographic stops.
    "∶": "：", "﹕": "：", "︰": "：", "︓": "：", "﹔": "；", "︔": "；", "﹐": "，", "︐": "，",
    "﹑": "、", "︑": "、", "､": "、", "｡": "。", "﹒": ".", "﹙": "（", "﹚": "）", "︵": "（", "︶": "）",
    # A typist's 丶 for 、, and the small tortoise-shell brackets of Word's symbol picker (平政办发﹝2024﹞8号).
    "丶": "、", "﹝": "〔", "﹞": "〕",
    # The white lenticular brackets some typists use for 【】 (〖责任单位：县财政局〗).
    "〖": "【", "〗": "】",
}
_FULLWIDTH_ALNUM = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}
_FULLWIDTH_ALNUM.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})
_FULLWIDTH_ALNUM.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})
_FULLWIDTH_ALNUM.update({"．": "."})


# Radical signs in place of characters: some PDF writers map a glyph to its radical's code
# point (⽉ for 月, ⼯ for 工, ⻓ for 长), and the text a PDF gives back has them. The 214
# Kangxi radicals have their characters by Unicode's compatibility mapping; the simplified
# radicals of the supplement, which PDFs give for simplified characters, have none.
_RADICALS = {chr(code): unicodedata.normalize("NFKC", chr(code)) for code in range(0x2F00, 0x2FD6)}
_RADICALS.update(zip("⺟⺠⺩⺧⺮⺶⺝⺼⻅⻆⻈⻉⻋⻐⻓⻔⻙⻚⻛⻜⻠⻢⻥⻦⻧⻨⻩⻬⻮⻰⻳",
                     "母民王牛竹羊月月见角讠贝车钅长门韦页风飞饣马鱼鸟卤麦黄齐齿龙龟"))

# Each character fold() changes, and what it becomes ("" for the byte-order mark).
_FOLDED = {**_FOLD, **_FULLWIDTH_ALNUM, **_RADICALS}
_FOLDABLE = regex(f"[{re.escape(''.join(_FOLDED))}]")


# What a web page leaves in text copied from it: character references (&nbsp; &ldquo;
# &#8220;) and line breaks inside a table cell (<br>, <br/>), which a Markdown table keeps.
_CHARACTER_REFERENCE = regex(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_LINE_BREAK_TAG = regex(r"<\s*br\s*/?\s*>", re.I)


def without_web_markup(text: str) -> str:
    """Character references decoded, <br> tags made spaces (a line break inside
    a cell: a space is what separates the names of one cell, and tidy() drops it
    from sentences) and a mirror's pinyin after a character dropped. Lines stay where
    they were."""
    if "&" in text:
        text = _CHARACTER_REFERENCE.sub(lambda match: _line_kept(html.unescape(match.group())), text)
    if "<" in text:
        text = _INLINE_TAG.sub("", _BLOCK_TAG.sub(PARAGRAPH_EDGE, _LINE_BREAK_TAG.sub(" ", text)))
    if ("(" in text or "（" in text) and _PINYIN.search(text):
        text = _PINYIN.sub(_without_pinyin, text)
    if "?" in text and (")" in text or "）" in text) and _HALF_PINYIN.search(text):
        text = _HALF_PINYIN.sub("", text)
    return text


# A paragraph's or a list's tags a copied page keeps (<p class="ql-block">…</p>, <div>, <li>): the edge of
# a paragraph, which layout.lines_of splits a line at (a page of such paragraphs may be one line). Not a
# line break: that would move every line number after it. (str.splitlines does not split at U+001F.)
PARAGRAPH_EDGE = "\x1f"
_BLOCK_TAG = regex(r"</?(?:p|div|li|ul|ol|section|article|h[1-6]|blockquote)(?:\s[^<>]{0,300})?/?>", re.IGNORECASE)
# Inline emphasis a copied page keeps (<strong>责任单位</strong>, <span style=…>): no text of its own.
_INLINE_TAG = regex(r"</?(?:strong|b|em|i|u|span|font|sup|sub)(?:\s[^<>]{0,200})?>", re.IGNORECASE)


def _without_pinyin(match: re.Match[str]) -> str:
    before = match.string[match.start() - 1:match.start()]
    return "" if "\u4e00" <= before <= "\u9fff" else match.group()


# A mirror site's reading aid after a character its font lacks: 發(fā), 區(qū), 鎮(zhèn). Nothing
# in a plan writes lower-case Latin letters in brackets right after a Chinese character.
# (The bracket first, so that the engine jumps from bracket to bracket; the character before is
# looked at when one is found.)
_PINYIN = regex(r"[(（](?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")


# …and the same aid half lost, its character and its opening bracket turned into a question mark (項目?jī)?nèi)容,
# ?jiǎn)?dòng): the character is lost either way; the debris is dropped, the words around it kept.
_HALF_PINYIN = regex(r"\?(?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")


def _line_kept(decoded: str) -> str:
    # &#10; would add a line and move every line number after it.
    return decoded.replace("\r", " ").replace("\n", " ")


def fold(text: str) -> str:
    """One punctuation and digit form for parsing: （）：；，［］ and ASCII digits."""
    # str.translate looks every character of a document up in a dict (0.1 s for the
    # seeds); a document holds a few of these characters, each replaced in one C pass.
    for ch in set(_FOLDABLE.findall(text)):
        text = text.replace(ch, _FOLDED[ch])
    if "○" in text or "◯" in text or _LETTER_ZERO.search(text):
        # 二○二四年, 二OO八年, 二00四年: a circle, a letter O or a digit typed for the zero of a year
        # written in numerals (one for one: offsets stay)
        text = _TYPED_ZERO_YEAR.sub(lambda match: match.group().translate(_ZERO), text)
    return text


_TYPED_ZEROS = "○◯OoＯ0"
_ZERO = str.maketrans(_TYPED_ZEROS, "〇" * len(_TYPED_ZEROS))
_LETTER_ZERO = regex(r"[一二][Oo0Ｏ]")
_TYPED_ZERO_YEAR = regex(rf"[一二][{_TYPED_ZEROS}〇零][{_TYPED_ZEROS}〇零一二三四五六七八九]{{2}}(?=\s*年)")


# The characters above ASCII that are neither wide (W) nor full-width (F): the gaps between
# the wide ranges of the Basic Multilingual Plane (U+1100–115F, 2E80–303E, 3041–33FF,
# 3400–4DBF, 4E00–9FFF, A000–A4CF, AC00–D7A3, F900–FAFF, FE30–FE4F, FF00–FF60, FFE0–FFE6),
# and everything above it.
_NARROW_NON_ASCII = regex("[\u0080-\u10ff\u1160-\u2e7f\u303f-\u3040\u4dc0-\u4dff\ua4d0-\uabff"
                               "\ud7a4-\uf8ff\ufb00-\ufe2f\ufe50-\ufeff\uff61-\uffdf\uffe7-\U0010ffff]")


def width(text: str) -> int:
    """Display width: CJK and full-width characters count two."""
    text = text.strip()
    # Every line of a document is measured: listing its wide characters cost more than the
    # rest of reading the line. Without a narrow character beyond ASCII (most lines), each
    # character is ASCII (one byte of UTF-8) or wide (three bytes), and the bytes tell.
    if not _NARROW_NON_ASCII.search(text):
        return len(text) + (len(text.encode()) - len(text)) // 2
    wide = len(text) - len(text.encode("ascii", "ignore")) - len(_NARROW_NON_ASCII.findall(text))
    return len(text) + wide


# A bracketed aside closing a text (…县政府（管委会）, 工作内容（按照…实际）, …。（县住建局）): its words in group 1.
ASIDE_AT_THE_END = regex(r"[（(]([^（）()]{1,60})[）)]$")


def squeeze(text: str) -> str:
    """Remove all whitespace (line-break artifacts): Chinese has no spaces between words."""
    return "".join(text.split())      # split() cuts at the same whitespace as \s, without a regex call


def tidy(text: str) -> str:
    """Text for people: line-break artifacts removed, spaces between Latin words kept."""
    text = re.sub(r"\s*\n\s*", "", text)
    text = re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", text)
    return re.sub(r"\s{2,}", " ", text).strip()


# Traditional characters simplified one for one, by OpenCC's character table
# (resources/t2s_characters.tsv, made from OpenCC's data by resources/make_t2s.py;
# a shipped file rather than a converter package: no run-time dependency, and a
# character table keeps every offset by construction).
# One character for one character, so a match found in the simplified copy
# slices the text as written: names are kept as the document wrote them.
_T2S: dict[int, str] = {}
_ANY_TRADITIONAL: re.Pattern[str] | None = None


def _load_t2s() -> re.Pattern[str]:
    """Read the table on the first call, so that importing the importers reads no file."""
    global _ANY_TRADITIONAL
    table = resources.files("resources").joinpath("t2s_characters.tsv").read_text(encoding="utf-8")
    for line in table.splitlines():
        if line and not line.startswith("#"):
            traditional, simple = line.split("\t")
            _T2S[ord(traditional)] = simple
    # The keys are all in the Basic Multilingual Plane (make_t2s.py keeps them there), so
    # the regex engine tests each character of a text with one bitmap lookup.
    _ANY_TRADITIONAL = regex(f"[{re.escape(''.join(map(chr, sorted(_T2S))))}]")
    return _ANY_TRADITIONAL


def simplified(text: str) -> str:
    """The text with its traditional characters simplified (same length)."""
    # Most text has none of these characters: one regex scan, no copy.
    if not (_ANY_TRADITIONAL or _load_t2s()).search(text):
        return text
    # Short strings (unit names, role words) are asked for again and again.
    return _simplified_short(text) if len(text) <= 48 else text.translate(_T2S)


@lru_cache(maxsize=1 << 16)
def _simplified_short(text: str) -> str:
    return text.translate(_T2S)


def has_traditional(text: str) -> bool:
    """Does the text hold a character the table simplifies?"""
    return bool((_ANY_TRADITIONAL or _load_t2s()).search(text))


def written_forms(text: str) -> dict[int, str] | None:
    """How the document writes the characters it writes in traditional form: for each simplified character, the
    traditional one the text uses for it three times in four or more (縣 for 县 in a traditional page whose running head
    alone writes 县), to put back into what was read from `simplified(text)` where a string's own place is not known.
    None for a text with no traditional character."""
    if not has_traditional(text):
        return None
    uses = Counter(text)                # (every character counted once: not a scan of the text for each)
    forms: dict[str, list[str]] = {}
    for written in uses:
        if (simple := _T2S.get(ord(written))) is not None and simple != written:
            forms.setdefault(simple, []).append(written)
    chosen = {}
    for simple, written in forms.items():
        commonest = max(written, key=uses.__getitem__)
        if uses[commonest] * _MOSTLY >= (sum(uses[form] for form in written) + uses[simple]) * (_MOSTLY - 1):
            chosen[ord(simple)] = commonest
    return chosen


_MOSTLY = 4                 # three uses in four


CN_DIGITS = "零〇一二两三四五六七八九十百"
# What follows a figure as its measure (2.5万亩, 3 个, 12吨, 4.5 小时): a number before one of
# these is a quantity, not an item's number nor a date.
MEASURES = "万亿千百十个倍米亩吨元公平方里户人家所座项次台辆条余多名套场处支小天周分秒度张间栋床立升件只头份级"
OPEN = "（［〔【〈"
CLOSE = "）］〕】〉"
PAIRS = dict(zip(OPEN, CLOSE))


_SPLITTERS: dict[str, re.Pattern] = {}
_ANY_OPEN = regex(f"[{OPEN}]")


def split_top_level(text: str, separators: str) -> list[str]:
    """Split on separators that are not inside brackets."""
    if not _ANY_OPEN.search(text):
        # (most text has no bracket: one split in C, not a loop over its characters)
        splitter = _SPLITTERS.get(separators)
        if splitter is None:
            splitter = _SPLITTERS[separators] = regex(f"[{re.escape(separators)}]")
        return splitter.split(text)
    parts, depth, current = [], 0, []
    for ch in text:
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth = max(0, depth - 1)
        if depth == 0 and ch in separators:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


# The words that name a role or a field; a page's line may end inside one (牵 / 头, 责 / 任单位, 等部 / 门).
_ROLE_WORD_CUT = regex(r"(?:牵头|牽頭|配合|负责|負責|协助|協助|协办|協辦|协同|協同|主办|主辦|承办|承辦|会办|會辦|参与|參與|"
                            # …or a word of doing (按 / 照, …落 / 实)
                            r"落实|落實|办理|辦理|按照|完成|具体|具體|实际|實際|"
                            # …or a level's (（市 / 级牵头单位：, 县 / 级各部门)
                            r"省级|省級|市级|市級|州级|州級|县级|縣級|区级|區級|"
                            # …or a field's (整改措 / 施：, 实际完成情 / 况：, …主要工作任 / 务：)
                            r"责任|責任|单位|單位|部门|部門|时限|時限|以下|措施|目标|目標|情况|情況|进展|進展|"
                            # …or a deadline's (长 / 期坚持, 10月 / 底前, 第三季 / 度)
                            r"长期|長期|坚持|堅持|年底|月底|底前|季度|上旬|中旬|下旬|"
                            # …or a group's (县直有 / 关部门, 相 / 关单位)
                            r"有关|有關|相关|相關|"
                            # …or a meeting decision's (…问题。会 / 议议定：, 县长王某某批 / 示：)
                            r"会议|會議|议定|議定|批示)")
# …or right after a word that joins two units or groups (县直各部门及 / 各乡镇, 以 / 下任务均需…), or right
# before one that joins a unit to the one before (县住建局 / 会同县市场监管局).
_JOINS_THE_NEXT = ("及", "和", "与", "與", "暨", "各")
# (…牵头各 / 乡镇负责: 各 opens a name, never ends one; 等 at a line's end goes on only where the words after show it,
# _HALVES_BY_WHAT_FOLLOWS)
_JOINS_THE_ONE_BEFORE = ("会同", "會同", "联合", "聯合", "等")     # (…各乡镇人民政府 / 等配合。)
# …or between a label's role word and its noun (（牵头 / 单位：县住建局, （责任 / 单位;各乡镇, …工程牵头 / 责任部门：)
_LABEL_CUT_AFTER_ITS_ROLE = regex(r"(?:^|[（(；;，,。\s])(?:牵头|牽頭|责任|責任|配合|协办|協辦|主办|主辦|承办|承辦|协助|協助|主责|主責)$")
# …or before the role a sentence names after its unit (以县城管局 / 为牵头单位)
_ROLE_NAMED_AFTER_ITS_UNIT = regex(r"[为為](?:牵头|牽頭|责任|責任|配合|协办|協辦|主办|主辦|主责|主責)(?:单位|單位|部门|部門)")
# …or between a level and its label (（市级 / 牵头单位：…；县级牵头单位：…)
_LEVELS_OF_A_LABEL = ("省级", "市级", "州级", "县级", "区级", "省級", "市級", "州級", "縣級", "區級")
# …or before a field's last word, which opens no field of its own (实际完成 / 情况：…), or inside a progress field's
# name (…县水利局 实际 / 完成情况：; not a heading's 立足实际, which a line may end)
_A_FIELD_S_LAST_WORD = ("情况：", "情况:", "情況：", "情況:")
# …or a word whose second half the words after it show to be the word's, not a new line's first word (a heading
# may end 狠抓落实 over 施工企业要…, 稳步推进 over 行业…, 压实责任 over 务必…, 各负其责 over 成立…, 强化监督 over
# 办公室…, 坚持预防为主 over 要…): 实 / 施）, 进 / 行清理, 工作任 / 务：, 主要工 / 作任务：, 责 / 成县…, 督 / 办）, （主 /
# 责：, （县能源局）主 / 要 / 工作任务：
_HALVES_BY_WHAT_FOLLOWS = (
    ("实", regex(r"施(?![\u4e00-\u9fff])")), ("實", regex(r"施(?![\u4e00-\u9fff])")),
    ("进", regex(r"行(?:清理|整治|检查|排查|整改|处理|处置|修复|维修|改造|督查|核查|查处|宣传|培训|通报|约谈)")),
    ("任", regex(r"[务務]\s*[：:]")), ("工", regex(r"作任[务務]|作\s*(?:[（(]\s*\d+\s*[项項]\s*[）)])?\s*[：:]?\s*$")), ("责", regex(r"成(?:县|市|区|镇|乡|各|有关|相关)")),
    ("督", regex(r"[办辦](?![\u4e00-\u9fff])")),
    # (…县直有关部门等 / 部门配合: 等 goes on into what it groups or the role; 等 / 推进…: the list ended there)
    ("等", regex(r"(?:有关|相关|有關|相關|其他|其它|成员|成員)?(?:部门|部門|单位|單位|各|配合|负责|負責|牵头|牽頭|按|职能|職能)")), ("主", regex(r"[责責]\s*[：:]|要\s*$|要(?:工作|任务|任務|职责|職責)")),
)
# …or inside the name after 由 whose role follows on the next line (…，由偏 / 关县综合检验检测中心牵头负责，…)
_BY_WHOM_CUT = regex(r"(?<![理自缘因事])由[\u4e00-\u9fff]{0,16}$")
_ITS_ROLE_FOLLOWS = regex(r"[\u4e00-\u9fff（）()]{1,24}?(?:牵头|牽頭|负责|負責|配合|承担|承擔|组织|組織)")
_LABEL_NOUNS = ("单位", "單位", "部门", "部門", "科室", "股室", "处室", "處室")
# …or right before the role a unit takes, the comma before it left out (县财政局 / 牵头县审计局配合, 由县市政设施管理所 /
# 负责修复。)
# (not a label line: 牵头：…, 配合单位：…, 负责人：…; nor a duty line under a unit label's line, 配合单位：X / 负责…)
_UNIT_LABEL_LINE = regex(r"(?:^|\n)\s*[\u4e00-\u9fff]{0,6}(?:单位|單位|部门|部門|科室|股室|处室|站所)\s*[：:]")
_ROLE_AFTER_ITS_UNIT = regex(r"(?:牵头|牽頭|配合|负责|負責|协助|協助|协办|協辦)"
                             r"(?!\s*(?:[：:]|单位|單位|部门|部門|科室|股室|处室|站所|人|领导|領導|责任|責任))")


_A_ROLE_ALONE = regex(r"(?:牵头|牽頭|配合|负责|負責|协助|協助|参与|參與)[。；;，,]?")


def role_goes_on(before: str, after: str) -> bool:
    """Does a line open with the role of the unit the line before ended with (县财政局 / 牵头县审计局配合)? Not
    under a unit label's line (配合单位：X / 负责… is a duty line below), but for one whose value runs on in roles
    already (责任单位：县教育局牵头，县消防救援大队 / 配合。), or in clauses to a role word alone on the line
    (责任单位：县财政局、县发改局，县审计局 / 配合。)."""
    if not before or not "\u4e00" <= before[-1] <= "\u9fff" or _ROLE_AFTER_ITS_UNIT.match(after.lstrip()) is None:
        return False
    label = _UNIT_LABEL_LINE.search(before)
    return label is None or _ROLE_AFTER_ITS_UNIT.search(before, label.end()) is not None \
        or ("，" in before[label.end():] or "," in before[label.end():]) and _A_ROLE_ALONE.fullmatch(after.strip()) is not None


def cut_inside_a_phrase(before: str, after: str) -> bool:
    """Does the break between two lines fall inside a role's, a field's or a deadline's word (牵 / 头, 完成时 / 限,
    长 / 期坚持), beside a word that joins two units (…部门及 / 各乡镇, 县住建局 / 会同…), after a comma, or
    before an aside on the words before it: no break of the writer's?"""
    after = after.lstrip()
    if not before or not after:
        return False
    return _ROLE_WORD_CUT.fullmatch(before[-1] + after[0]) is not None or before.endswith(_JOINS_THE_NEXT) \
        or _LABEL_CUT_AFTER_ITS_ROLE.search(before) is not None and after.startswith(_LABEL_NOUNS) \
        or before.endswith(("牵头", "牽頭", "配合")) and after.startswith(("责任单位", "责任部门", "責任單位", "責任部門")) \
        or before.endswith(_LEVELS_OF_A_LABEL) and after.startswith(("牵头", "牽頭", "责任", "責任", "配合")) \
        or after.startswith(_A_FIELD_S_LAST_WORD) and "\u4e00" <= before[-1] <= "\u9fff" \
        or before.endswith(("实际", "實際")) and after.startswith(("完成", "进展", "進展")) \
        or any(before.endswith(head) and tail.match(after) for head, tail in _HALVES_BY_WHAT_FOLLOWS) \
        or _ROLE_NAMED_AFTER_ITS_UNIT.match(after) is not None and "\u4e00" <= before[-1] <= "\u9fff" \
        or after.startswith(_JOINS_THE_ONE_BEFORE) or before[-1] in GOES_ON \
        or before.endswith(("有关", "相关", "有關", "相關")) and after.startswith(("部门", "单位", "部門", "單位")) \
        or role_goes_on(before, after) \
        or _BY_WHOM_CUT.search(before) is not None and _ITS_ROLE_FOLLOWS.match(after) is not None \
        or after[0] in _ASIDE_OPENS and "\u4e00" <= before[-1] <= "\u9fff"


# A line that ends on a comma goes on (…的问题， / 由县农业农村局…), as does one that opens with a comma, past a bracket
# of units (…（责任单位：县文旅体局） / ，培训…: a page's width broke the line after the bracket); so does a line whose
# next opens an aside right after its words (…负责具体实施 / （各小学由中心小学统筹）).
GOES_ON = "，,、"
_ASIDE_OPENS = "（("
