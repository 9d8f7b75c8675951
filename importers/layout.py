"""Physical lines of a converted document: page furniture dropped, text folded."""
from __future__ import annotations

from typing import NamedTuple

from .compiled_patterns import regex
from .text import PARAGRAPH_EDGE, cut_inside_a_phrase, fold, width, without_web_markup
from .units import is_unit_list

# Page furniture left by PDF conversion: "—— 49", "- 12 -", "— — — 3 —", "3 / 9", "1 / 2023 平顺县人民政府公报…".
_FURNITURE = regex(
    r"^\s*(?:(?:[—\-－–]\s*){1,6}\d{1,4}\s*(?:[—\-－–]\s*){0,6}"   # — 3 —, — — — 3 —
    r"|\d{1,4}\s+/\s+\d{1,4}"                                      # 3 / 9
    r"|[·•]\s*\d{1,4}\s*[·•]"                                        # ·6·
    r"|\d{4}\s*年\s*第\s*\d{1,2}\s*期"                              # 2023年第2期, a gazette's issue
    r"|\d{1,3}\s*/\s*\d{4}\s*\S*公报.*"
    r"|[（(]?\s*第\s*\d+\s*(?:页\s*[/／]?\s*共\s*\d+\s*页|[/／]\s*\d+\s*页|页)\s*[）)]?"   # 第2页 / 共6页, (第3/5页)
    r"|[（(]?\s*续\s*表\s*\d{0,2}\s*[）)]?"                           # 续表, （续表1）: a table's next page
    r"|[-—–\s]*\t[-—–\s]*"
    r"|\|?(?:\s*[:：]?-+[:：]?\s*\|)+\s*[:：]?-*[:：]?\s*"
    r")\s*$")
_TRAILING_PAGE_NUMBER = regex(r"(?<=[\u4e00-\u9fff，。；：、）])\s*[—\-－–]\s*\d{1,4}\s*[—\-－–]\s*$")
# …or before a line's words (- 2 - 工作汇报，…), where the converter put the page's foot and the next line together
_LEADING_PAGE_NUMBER = regex(r"^\s*[—\-－–]\s*\d{1,4}\s*[—\-－–]\s+(?=[\u4e00-\u9fff]|\d{1,3}[.．、]|[（(][一二三四五六七八九十\d])")
# …or a page's count inside a line (第1页共8页深化…方案一、…, …配合）第2页共8页5、…): a document site's, glued to
# the text it joined onto one line. (A line of nothing else is furniture above.)
_PAGE_COUNT = regex(r"第\s*\d{1,4}\s*页\s*[/／,，]?\s*共\s*\d{1,4}\s*页")
# A card's field named in square brackets on a line of its own (【目标任务】, 【推进措施】, 【责任单位】).
_A_FIELD_IN_BRACKETS = regex(r"【([\u4e00-\u9fff]{0,6}(?:任务|措施|目标|单位|部门|时限|时间|要求|内容|事项))】")
# A plan's title and its first chapter's number, glued at the document's top (no stop or bracket in the title).
_TITLE_THEN_ITS_FIRST_CHAPTER = regex(r"^\s*([^。；：，,;:\s《》“”（）()]{4,60}?(?:实施方案|工作方案|行动方案|方案|规划|行动计划|计划|"
                                          r"工作要点|要点|实施细则|细则|任务分解|责任分工))(?=一、[\u4e00-\u9fff])")
_TITLE_S_LINES = 3
# The gazette's name, which a PDF repeats at the head of every page (某县人民政府公报,
# 某县人民政府公报 2024年第1期): left in, it lands inside the item a page break cut.
# …also with the page's number and the issue on either side (·12· 平安县人民政府公报 2023年第3期,
# 2023年第3期 平安县人民政府公报 ·13·, — 14 — 平安县人民政府公报).
_PAGE_MARK = r"(?:[·•]\s*\d{1,4}\s*[·•]|[—\-－–]{1,3}\s*\d{1,4}\s*[—\-－–]{0,3}|\d{1,4})"
_ISSUE = r"\d{4}\s*年\s*第\s*\d{1,2}\s*期"
_RUNNING_HEAD = regex(rf"^\s*(?:{_PAGE_MARK}\s*)?(?:{_ISSUE}\s*)?[\u4e00-\u9fff]{{2,14}}公报(?:\s*{_ISSUE})?"
                           rf"(?:\s*{_PAGE_MARK})?\s*$")     # …公报 2023年第2期 — 7 —

# A web page's breadcrumb (当前位置：首页 > 政务公开 > 政策文件, or its tail > 政务公开 > 工作报告
# on a line of its own): the page's, not the document's; left in, it runs into the title below.
_BREADCRUMB_START = regex(r"^\s*(?:当前位置|您当前的位置|您现在的位置|您的位置|所在位置)")
_BREADCRUMB_STEP = regex(r"\s*[〉»＞]\s*")
_BREADCRUMB_NAME = regex(r"^[\u4e00-\u9fff]{2,12}$")


def is_breadcrumb(text: str) -> bool:
    if _BREADCRUMB_START.match(text):
        return True
    if "〈" in text:
        return False                  # 〈…〉 marks a title inside a title (印发〈…办法〉)
    names = [name for name in _BREADCRUMB_STEP.split(text.strip()) if name]
    return len(names) >= 2 and all(_BREADCRUMB_NAME.match(name) for name in names)


# A web page's tools around the document (【字体：大 中 小】【打印本页】【关闭窗口】, 扫一扫在手机打开
# 当前页, 分享到：微信 微博, 上一篇：…): a line of nothing else is the page's. Left in, the last of
# them ran into the last task's words.
_WEB_TOOLS = regex(r"(?:字体|字号)\s*[：:]\s*大\s*中\s*小|打印本页|打印此页|关闭窗口|关闭本页|返回顶部|我要纠错|"
                        r"扫一扫在手机(?:上)?(?:打开|查看)(?:当前页|本页)?|分享到\s*[：:]?.*|[上下]一篇(?:\s*[：:]|\s+).*|"
                        r"(?:^|(?<=[\s【】\[]))(?:打印|关闭|收藏|返回|听全文|朗读全文|朗读)(?=\s|$|[】\]])")
_WEB_TOOL_WORDS = "打关扫分上下字返收听朗我"
_WEB_LIST_MARKS = "•·●"
# (the page's date alone, its source, its writer or its reads: facts the page metadata reads)
_A_PAGE_FACT = regex(r"(?:19|20)\d{2}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?\s*$|"
                     r"(?:来源|发布时间|发布日期|作者|浏览次数|点击数)\s*[:：]")
_WEB_TOOLS_LONGEST = 80          # characters: a line of tools is short (上一篇：… names a title)
_SITE_PARAGRAPH_MARK = "Р"          # (U+0420, Cyrillic)
_BETWEEN_WORDS = regex(r"(?<=[\u4e00-\u9fff\d。；）)])Р(?=[\u4e00-\u9fff\d（(])")
_SITE_MARKS_LEAST = 3


# A government site's footer: who runs the site, its copyright and its registration numbers.
# (主办：…　承办：…融媒体中心: the same with the short words, the site run by a media or information office; a
# proposal list's 主办：县住建局　承办：… is not)
_SITE_FOOTER = regex(r"^\s*(?:主办单位[:：]\S+\s*(?:承办(?:单位)?|技术支持|维护单位|网站标识码|联系电话|地址|版权所有)[:：]|"
                          r"主办[:：]\S+\s*(?:承办|技术支持)[:：]\S*(?:融媒体|信息|网络|网站|大数据|传媒|新闻|电子政务)|"
                          r"版权所有|网站标识码|网站地图)")
# …and any site's copyright line or its name with its address (某某文秘网 https://www.example.com), a
# line of nothing else.
# (and its 返回顶部 in English, To / Top / Back to top)
_SITE_MARK = regex(r"(?i)copyright|©|^\s*[\u4e00-\u9fff\w]{0,16}\s*(?:https?[:：]//|www\.)\S+\s*$|"
                   r"^\s*(?:back\s+)?(?:to|top|to\s+top)\s*$")
# A document-sharing site's own lines between or after a document's: its widgets and notes.
_SITE_WIDGET = regex(r"^\s*(?:相关推荐|猜你喜欢|阅读全文|继续阅读|下载文档|精品文档|仅供参考|热门范文(?:排行)?|合集下载|"
                          r"文档来源为?[:：].*|[-—_]{6,}|"
                          # a government site's links to others under a page (相关链接：新华县人民政府　新华县农业农村局)
                          r"相关链接[:：][^。；，]*)\s*$")


# …and its notice to readers, numbered as a list (- 1、下载文档前请自行甄别… / - 3、如文档侵犯您的权益…)
_SITE_NOTICE = regex(r"^\s*[-•·]?\s*(?:\d{1,2}\s*[、.．]\s*)?(?:下载文档前|[“\"]?仅部分预览[”\"]?的文档|如文档侵犯|本文档(?:由|为|仅)|"
                     r"文档(?:为|由)用户上传|该文档(?:为|来自))")


def is_web_tools(text: str) -> bool:
    return not _WEB_TOOLS.sub("", text).strip(" \t\u3000【】[]|｜")


# Markup some converters leave: Markdown headings and bold, list bullets before a number. (A list's
# bullet before words, - 城区120个卫生死角…, stays: it marks an item, as —— does.)
_MARKUP_START = regex(r"^\s*(?:#{1,6}\s+|\*\s+(?=\S)|[-•·▪]\s+(?=\d{1,3}[.、．](?!\d)|[^\u4e00-\u9fff“《\s\d]))")
# (not where a template masks a place's name, 落实单位：**镇水利站、**村: there ** follows a word or a list's mark
# and comes before the place's kind, or opens a line with no other ** on it, as a page's width breaks the list;
# a lone ** left elsewhere is markup too)
_MASKED_PLACE = r"(?:(?<=[\u4e00-\u9fff：:、，,（(])|^(?!.*\*\*.*\*\*))\*\*(?=[县市区镇乡村街社])"
_BOLD = regex(rf"(?!{_MASKED_PLACE})\*\*(.+?)(?!{_MASKED_PLACE})\*\*")
_LONE_BOLD = regex(rf"(?!{_MASKED_PLACE})\*\*")


class _LineFields(NamedTuple):
    number: int         # 1-based line number in the source
    text: str           # folded text, right-stripped (tabs kept)
    after_blank: bool   # a blank line came before it (a cell or paragraph gap)
    stripped: str
    width: int
    is_row: bool        # a table row: tab separated, or Markdown pipes


class Line(_LineFields):
    """One physical line. What every step reads of it (its stripped text, width and
    row-ness) is computed once, when it is made. A tuple: as immutable as a frozen
    dataclass, and made several times faster (a document has tens of thousands)."""

    __slots__ = ()

    def __new__(cls, number: int, text: str, after_blank: bool = False) -> Line:
        stripped = text.strip()
        return tuple.__new__(cls, (number, text, after_blank, stripped, width(stripped),
                                   "\t" in stripped or stripped.startswith("|")))


# The first character a page-furniture line can have after its leading spaces (a dash,
# 第, a pipe or colon of a Markdown rule, or a digit): most lines need no regex at all.
_FURNITURE_START = "—-－–第|:：·•（(续"
_MARKUP_CHARACTERS = "#-*•·▪"


# An item's sentence, numbered, then its label fields each after a tab (no table's row: its cells are fields)
_ITEM_WITH_TABBED_FIELDS = regex(r"^\s*(?:\d{1,3}\s*[.．、]|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]|[一二三四五六七八九十]{1,3}、)"
                                 r"[^\t]+[。；]\s*(?:\t\s*(?:牵头|责任|配合|协办|主办|完成)[\u4e00-\u9fff]{0,4}[：:][^\t]+)+\s*$")
_TAB_AFTER_A_NUMBER = regex(r"^\s*(?:\d{1,3}\s*[.．、]|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]|[一二三四五六七八九十]{1,3}、|[•·●■◆▪])\t\S")
_MARKDOWN_ESCAPE = regex(r"\\(?=[.()\[\]（）［］〈〉*#_+!`~>|-])")
_SYMBOL_BULLETS = "\uf0d8\uf0b7\uf0a7\uf076\uf0fc○√☆→➢➤"
_BULLET_BEFORE_A_NUMBER = regex(r"^\s*[\ue000-\uf8ff○√☆→➢➤]\s*(?=[\d一二三四五六七八九十（(])")


_LOST_INDENT = regex(r"^\s*\?+\s*(?=[^\s?])")


_BOX_DRAWING = frozenset(map(chr, range(0x2500, 0x2580)))
_BOX_WALLS = str.maketrans({wall: "|" for wall in "│┃║┆┇┊┋"})


def _box_row_wrapped(row: str, line: str, goes_on: bool) -> str | None:
    """The row of a box-drawn table with `line` under it joined cell by cell, where `line` goes on
    the row: its first cell (the number's) left empty, or whatever it holds where it is known to (`goes_on`: the
    header's lines, 序 / 号, or a row's lines where rules set every row apart); else None."""
    above, below = row.strip().strip("|").split("|"), line.strip().strip("|").split("|")
    if len(above) != len(below) or len(below) < 3 or not goes_on and below[0].strip():
        return None
    return "|" + "|".join(top.strip() + bottom.strip() for top, bottom in zip(above, below)) + "|"


def _rows_ruled_apart(lines: list[Line], groups: list[list[int]]) -> None:
    """The rows of a box-drawn table whose rules set every row apart (├─┼─┤ under each: two rows or more so ruled), each
    row's lines joined into its first, cell by cell (│新建乡镇污水处理站3│县住建局、县│ / │座│水利局│: a row a narrow
    cell wrapped). `groups`: the lines between each two rules below the header."""
    if len(groups) < 2:
        return                          # (rules under the header and the last row only: a line is a row)
    for rows in reversed(groups):
        if len(rows) < 2 or rows != list(range(rows[0], rows[0] + len(rows))) or rows[-1] >= len(lines):
            continue                    # (not a line of other words among them: a row's lines run on)
        joined = lines[rows[0]].text
        for index in rows[1:]:
            joined = _box_row_wrapped(joined, lines[index].text, True)
            if joined is None:
                break
        if joined is None:
            continue
        lines[rows[0]] = Line(lines[rows[0]].number, joined, lines[rows[0]].after_blank)
        del lines[rows[1]:rows[-1] + 1]


def lines_of(text: str) -> list[Line]:
    """Non-blank lines with their numbers; page furniture removed."""
    lines = []
    blank = False
    after_a_page_mark: list[int] = []   # (where each line that came right after a page's number is)
    marked = False
    box_row = False                     # the last line was a box-drawn table's row, no rule since
    box_header = False                  # …under the table's top rule (┌─┬─┐): its header
    box_lines: list[int] = []           # …the lines of its rows since its last rule across it
    box_groups: list[list[int]] = []    # …the lines between each two such rules so far, its header's first
    banners: set[str] = set()           # a copying site's banners met at a line's start
    chunk = 0                           # a sharing site's copy: the number of its last chunk (0: none seen)
    shared = False                      # …its notice seen (《….docx》由会员分享，可在线阅读)
    raw_lines = fold(without_web_markup(text)).splitlines()
    raw_lines = _numbered_chunks_rejoined(raw_lines)
    for number, raw in enumerate(raw_lines, 1):
        folded = raw.rstrip()
        start = folded.lstrip()[:1]
        if not start:
            blank = True
            continue
        if _SITE_PARAGRAPH_MARK in folded and len(_BETWEEN_WORDS.findall(folded)) >= _SITE_MARKS_LEAST:
            # 序号Р指标内容Р责任单位Р1Р建立…。Р县卫健局Р…: a document site's copy that wrote each line break as a
            # Cyrillic Р: a line for each piece again
            folded = _BETWEEN_WORDS.sub(PARAGRAPH_EDGE, folded)
        if not shared and ("在线阅读" in folded or "会员分享" in folded):
            shared = True
        elif shared and start.isdecimal() and (chunk or len(folded) >= _CHUNK_SHORTEST) \
                and (mark := _CHUNK_MARK.match(folded)) and int(mark.group(1)) == chunk + 1 \
                and not (lines and len(lines[-1].text) > _LONGEST_LINE):
            # 1、…加大监督监 / 2、测力度。牵头部门：…: the site cut its copy of a page of prose into numbered
            # chunks, anywhere, even inside a word; the chunk goes on the line before it, its items apart by
            # spaces as a page on one line. (A table run together is one long line, its chunks its rows'
            # stream: glued_tables reads them.)
            chunk += 1
            folded = folded[mark.end():]
            if chunk > 1 and lines and not lines[-1].stripped.endswith(_SENTENCE_CLOSED):
                folded = lines.pop().text + folded
            start = folded.lstrip()[:1]
            if " " in folded and "\t" not in folded and "|" not in folded and (pieces := _page_on_one_line(folded, 1)):
                lines.extend(Line(number, piece, blank and first == 0) for first, piece in enumerate(pieces))
                blank = False
                continue
        if (start in _FURNITURE_START or start.isdecimal()) and _FURNITURE.match(folded):
            marked = True
            continue
        if marked:
            after_a_page_mark.append(len(lines))
            marked = False
        if folded[-1] in "—-－–" and _TRAILING_PAGE_NUMBER.search(folded):
            folded = _TRAILING_PAGE_NUMBER.sub("", folded)       # …完成时限：10月-8-: the page's number
        elif start in "—-－–" and _LEADING_PAGE_NUMBER.match(folded):
            folded = _LEADING_PAGE_NUMBER.sub("", folded)
        if "页" in folded and _PAGE_COUNT.search(folded):
            folded = _PAGE_COUNT.sub("", folded)                  # 第1页共8页…方案一、…: a sharing site's page count
        if len(lines) < _TITLE_S_LINES and "一、" in folded and (glued := _TITLE_THEN_ITS_FIRST_CHAPTER.match(folded)):
            # 深化医药卫生体制改革实施方案一、加快推进…: a page that lost its breaks glued its title to its first chapter
            lines.append(Line(number, glued.group(1), blank))
            folded, blank = folded[glued.end(1):], False
            start = folded[:1]
        if start == "【" and (field := _A_FIELD_IN_BRACKETS.fullmatch(folded.strip())):
            folded = field.group(1) + "："     # 【目标任务】 / 【推进措施】 over their words: a card's fields, named so
        if (start in "当您所" or "〉" in folded or "»" in folded or "＞" in folded) and is_breadcrumb(folded):
            continue
        if "公报" in folded and _RUNNING_HEAD.match(folded):
            continue
        if start in _WEB_LIST_MARKS and len(folded) <= _WEB_TOOLS_LONGEST:
            # • 听全文 / • 2024-03-05 / • 来源：… / • 分享到: a site's page facts listed with its marks
            inner = folded.lstrip()[1:].strip()
            if _the_site_s(inner, inner[:1]):
                continue
            if _A_PAGE_FACT.match(inner):
                folded, start = inner, inner[:1]
        if _the_site_s(folded, start):
            continue
        if "www." in folded:
            # 某某之家—全网资源每日更新www.example.com: a copying site's banner, at a line's start and again anywhere
            # in the text, even inside a label (【牵某某之家—…www.example.com头单位：…】); learnt where it opens a line
            if (opening := _SITE_BANNER.match(folded)) is not None and len(banners) < _BANNERS_KEPT:
                banners.add(opening.group().strip())        # (a few: a file of banners is not searched for each)
            for banner in banners:
                folded = folded.replace(banner, "")
            start = folded.lstrip()[:1]
            if not start:
                continue
        if start in _BOX_DRAWING or "│" in folded:
            # A table drawn with box characters (┌─┬─┐ / │序号│…│): its rules are no lines, its
            # walls are a pipe table's.
            if set(folded) <= _BOX_DRAWING | {" ", "\u3000"}:
                if start in "┌╔":
                    box_groups = []
                elif start in "├╠└╚" and "│" not in folded and "║" not in folded:
                    # (a rule across the whole table; one with a wall inside runs under a merged cell only)
                    box_groups.append(box_lines)
                    if start in "└╚":
                        _rows_ruled_apart(lines, box_groups[1:])
                        box_groups = []
                box_lines = []
                box_row, box_header = False, start == "┌"
                continue
            folded = folded.translate(_BOX_WALLS)
            if box_row and (wrapped := _box_row_wrapped(lines[-1].text, folded, box_header)) is not None:
                # │1 │新建城区污水管│ / │  │网10公里      │: a row a narrow cell wrapped, one row again
                lines[-1] = Line(lines[-1].number, wrapped, lines[-1].after_blank)
                continue
            box_row = folded.lstrip().startswith("|")
            box_lines.append(len(lines))
        else:
            box_row = False
        if "\t" in folded and folded.count("\t") == 1 and _TAB_AFTER_A_NUMBER.match(folded):
            folded = folded.replace("\t", " ")   # 1.⇥整治…: Word's list number and its tab, no table row
        elif "\t" in folded and _ITEM_WITH_TABBED_FIELDS.match(folded):
            folded = folded.replace("\t", " ")   # （六）完善路灯照明。⇥责任单位：…⇥完成时限：…: an item's fields a tab aligns
        if start == "?":
            folded = _LOST_INDENT.sub("", folded)     # ???（一）…: an indent of full-width spaces a page's encoding lost
        if "\\" in folded:
            folded = _MARKDOWN_ESCAPE.sub("", folded)   # 1\. \(一\): a web-to-Markdown tool's escapes
        if start in _SYMBOL_BULLETS and _BULLET_BEFORE_A_NUMBER.match(folded):
            folded = _BULLET_BEFORE_A_NUMBER.sub("", folded, count=1)   # a Word bullet's glyph before a number
        if "\t" not in folded and start != "|" and (start in _MARKUP_CHARACTERS or "**" in folded):
            folded = _LONE_BOLD.sub("", _BOLD.sub(r"\1", _MARKUP_START.sub("", folded)))
        if PARAGRAPH_EDGE in folded:
            # <p>…</p><p>…</p>: a line for each paragraph a web page's tags held
            pieces = [piece.strip() for piece in folded.split(PARAGRAPH_EDGE)
                      if piece.strip() and not _a_page_s_own(piece.strip())]
            lines.extend(Line(number, piece, blank and first == 0) for first, piece in enumerate(pieces))
            blank = not pieces              # (a paragraph of tags alone is an empty line)
            continue
        if len(folded) > _LONGEST_LINE and " " in folded and "\t" not in folded and "|" not in folded:
            pieces = _page_on_one_line(folded)
            if pieces:
                # A page a crawler joined onto one line, its paragraphs and items apart only by a
                # space (…执行。 平安县人民政府办公室 2024年3月5日 一、… 1.…): a line for each again.
                lines.extend(Line(number, piece, blank and first == 0) for first, piece in enumerate(pieces))
                blank = False
                continue
        if len(folded) > _LONGEST_RUN_TOGETHER and "（" in folded and "\t" not in folded and "|" not in folded \
                and (pieces := _parts_run_together(folded)):
            # …工作实施方案：…整治工作（一）建筑施工场地…责任部门：建工科（二）小街巷…: a page a site joined with no
            # space left; its parts numbered （一）（二）… in turn open a line each again
            lines.extend(Line(number, piece, blank and first == 0) for first, piece in enumerate(pieces))
            blank = False
            continue
        lines.append(Line(number, folded, blank))
        blank = False
    return _without_bare_page_numbers(_without_running_heads(lines, after_a_page_mark))


def _without_bare_page_numbers(lines: list[Line]) -> list[Line]:
    """A page's number printed bare on a line of its own (Word's default footer: `2`) inside a
    sentence the page break cut (…（责任 / 2 / 单位：…): dropped. A number alone elsewhere stays: a
    table written one cell per line numbers its rows so, after a cell that ends as cells end."""
    bare = [index for index in range(1, len(lines) - 1) if lines[index].stripped.isdecimal()
            and len(lines[index].stripped) <= _PAGE_NUMBER_DIGITS]
    if not bare:
        return lines
    dropped = {index for index in bare if not lines[index - 1].is_row
               and _cut_mid_sentence(lines[index - 1].stripped, lines[index + 1].stripped)}
    return [line for index, line in enumerate(lines) if index not in dropped] if dropped else lines


def _cut_mid_sentence(before: str, after: str) -> bool:
    """Does a sentence run on from `before` to `after` (a comma or a colon, an open bracket, a word cut)?"""
    return before.endswith(("：", "（", ":", "(")) or before.count("（") > before.count("）") \
        or cut_inside_a_phrase(before, after)


_PAGE_NUMBER_DIGITS = 3


def _without_running_heads(lines: list[Line], after_a_page_mark: list[int]) -> list[Line]:
    """A PDF's running head: the plan's title (or any line of a title's length) printed again at
    the top of each page, right after the page number below the last. Left in, it lands inside
    the item the page break cut, or ends the section the item was in. Dropped where the same line
    came earlier too (the title itself) or heads two pages; and the document's own first line
    printed again anywhere, a page's number before it or not."""
    if not lines:
        return lines
    # The document's first line, alone or with the next (a title's larger type wraps): printed again at the top of
    # a page, with or without the page's number before it, it is the page's head wherever it stands.
    first = lines[0].stripped
    # (…or with the next two: a long title wraps onto three lines)
    title = {"".join(line.stripped for line in lines[:count]) for count in range(1, min(len(lines), _TITLE_LINES) + 1)}
    seen: dict[str, int] = {}
    repeats: list[int] = []
    for index, line in enumerate(lines):
        if not line.is_row and len(line.stripped) >= _SHORTEST_HEAD:
            seen[line.stripped] = seen.get(line.stripped, 0) + 1
            if index > 1 and line.stripped in title:
                repeats.append(index)
    # (not a label line that items repeat, 责任单位：县发展和改革局, which a page may open with: a title
    # has no colon)
    # (…nor a bracket alone, （第一季度完成）, an item's time or units that many items repeat: no head is bracketed;
    # nor a list of units, 有关部门、县财政局, the rest of a label's value each item repeats, or any line with a comma,
    # 农村厅、省商务厅等，各市人民政府，省沈抚示, such a list cut at both ends; nor a label's first line,
    # 进展情况、存在问题 / 及下一步工作建议：, which each item's card repeats)
    heads = {index for index in after_a_page_mark
             if index < len(lines) and (seen.get(lines[index].stripped, 0) >= 2 or lines[index].stripped in title)
             and "：" not in lines[index].stripped and ":" not in lines[index].stripped
             and not _A_BRACKET_ALONE.fullmatch(lines[index].stripped)
             and not ("、" in lines[index].stripped and is_unit_list(lines[index].stripped.rstrip("。；;")))
             and not ("，" in lines[index].stripped or "," in lines[index].stripped)
             and not _a_label_s_first_line(lines, index)}
    heads.update(index for index in repeats if "：" not in lines[index].stripped and ":" not in lines[index].stripped)
    # (…and a gazette's section printed at a page's top, 县政府文件, 县政府办文件, 部门文件: short, once is enough)
    heads.update(index for index in after_a_page_mark
                 if index < len(lines) and _GAZETTE_SECTION.fullmatch(lines[index].stripped))
    heads.update(_titles_again_inside_a_sentence(lines))
    return [line for index, line in enumerate(lines) if index not in heads] if heads else lines


def _a_label_s_first_line(lines: list[Line], index: int) -> bool:
    """Is the line the first of a label a line's end broke, its rest a few words closed by the colon below?"""
    following = lines[index + 1].stripped if index + 1 < len(lines) else ""
    return following.endswith(("：", ":")) and len(following) <= _A_LABEL_S_REST and "：" not in following[:-1]


_A_LABEL_S_REST = 12
_GAZETTE_SECTION = regex(r"【?[\u4e00-\u9fff]{1,10}文件】?")
_A_BRACKET_ALONE = regex(r"[（(【〔［\[][^（）()【】〔〕［］\[\]]*[）)】〕］\]][。；;]?")


def _titles_again_inside_a_sentence(lines: list[Line]) -> set[int]:
    """A plan's title (maybe wrapped over two or three lines where it stands) printed again alone on a line that
    cuts a sentence (…（责任 / 平安县2025年…工作方案 / 单位：…): a page's running head, as a plan under its covering
    notice prints its own title at every page's top. A title standing between sentences stays."""
    written: dict[str, int] = {}        # a title-like text -> the line its first printing ends on
    heads: set[int] = set()
    for index, line in enumerate(lines):
        text = line.stripped
        if line.is_row or not text.endswith(_TITLE_ENDINGS):
            continue
        if index > 0 and text in written and written[text] < index - 1 and _A_TITLE_S_OPENING.match(text) \
                and "：" not in text and ":" not in text and index + 1 < len(lines) \
                and _inside_a_sentence(lines[index - 1].stripped, lines[index + 1].stripped):
            heads.add(index)
            continue
        for count in range(1, _TITLE_LINES + 1):
            if index + 1 >= count:
                joined = "".join(previous.stripped for previous in lines[index + 1 - count:index + 1])
                if len(joined) >= _SHORTEST_HEAD:
                    written.setdefault(joined, index)
    return heads


def _inside_a_sentence(before: str, after: str) -> bool:
    """Does a sentence run on from `before` to `after`: not finished, and cut where a sentence goes on (a comma,
    an open bracket, a cut word) or in a sentence's words (a comma or a 、 in them)? (Not a 目录's entry, nor a
    document's number over its title: 偏政发〔2023〕1号 / 关于做好…的通知.)"""
    return not before.endswith(_FINISHED) and (_cut_mid_sentence(before, after) or before.endswith(("，", "、"))
                                               or "，" in before or "、" in before)


_TITLE_LINES = 3                    # lines a title's larger type may wrap onto
_TITLE_ENDINGS = ("方案", "计划", "要点", "清单", "规划", "分工", "意见", "办法", "细则", "通知", "通报", "责任书", "任务", "台账")
# (a plan's title opens with its place or its year: 平安县2025年…, 2025年…)
_A_TITLE_S_OPENING = regex(r"[\u4e00-\u9fff]{0,8}?(?:[县市区镇乡省州旗]|\d{4}\s*年)")
_FINISHED = ("。", "；", "！", "？", "）", ")", "：", ":")


_SITE_BANNER = regex(r"\s*[\u4e00-\u9fff]{2,8}\s*[—\-－–]{1,2}\s*[\u4e00-\u9fff]{2,12}\s*www\.[A-Za-z0-9\-]+\.(?:com|cn|net|org)(?:\.cn)?")
_BANNERS_KEPT = 4
_SHORTEST_HEAD = 8                  # characters: a title, not a header cell (序号, 责任单位)
_CHUNK_MARK = regex(r"(\d{1,3})、")
_CHUNK_SHORTEST = 40                # characters: a chunk of a page, not an item numbered 1、
_LONGEST_LINE = 120
_FULL_CHUNK = 150                   # characters of a chunk the site cut (but the last): a page's share
# (the document's own numbering inside a chunk: …实施方案一、工作目标…, …。（二）…)
_NUMBERING_INSIDE = regex(r"(?<=[\u4e00-\u9fff。；）])(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）)")


def _numbered_chunks_rejoined(raw_lines: list[str]) -> list[str]:
    """A sharing site's copy cut into numbered chunks where no notice of the site says so (1、…提升改造破旧楼宇 /
    2、城建成区…): the chunks' marks dropped and each chunk cut mid-sentence put back on the one before (its
    line left blank). Chunks are lines numbered 1、 2、 … one after another, each but the last a page's share
    long and holding the document's own numbering inside it, one at least cut mid-sentence: not items
    numbered 1、 2、, which end their sentences and hold no chapters."""
    first = next((index for index, line in enumerate(raw_lines) if line.lstrip().startswith("1、")), None)
    if first is None:
        return raw_lines
    chunks = [first]
    for index in range(first + 1, len(raw_lines)):
        line = raw_lines[index].strip()
        if line and not line.startswith(f"{len(chunks) + 1}、"):
            break
        if line:
            chunks.append(index)
    full = [raw_lines[index].strip() for index in chunks[:-1]]
    if len(chunks) < 2 or not all(len(chunk) >= _FULL_CHUNK and _NUMBERING_INSIDE.search(chunk) for chunk in full) \
            or all(chunk.endswith(_SENTENCE_CLOSED) for chunk in full):
        return raw_lines
    rejoined = list(raw_lines)
    kept = None
    for index in chunks:
        text = _CHUNK_MARK.sub("", rejoined[index].strip(), count=1)
        if kept is not None and not rejoined[kept].endswith(_SENTENCE_CLOSED):
            rejoined[kept] += text
            rejoined[index] = ""
        else:
            rejoined[index], kept = text, index
    return rejoined


_SENTENCE_CLOSED = ("。", "；", "）")      # (how a chunk ends that the site cut after a sentence, in folded text)


def _the_site_s(text: str, start: str) -> bool:
    """A web site's own line (`start` its first character): a line of its tools (打印 关闭, 分享到：),
    its footer (主办单位：…办公室 承办单位：…中心: no item's labels), a sharing site's widgets
    (相关推荐, 精品文档: not the document's words)."""
    return bool((start in _WEB_TOOL_WORDS or start in "【[") and len(text) <= _WEB_TOOLS_LONGEST and is_web_tools(text)
                or start in "主版网" and _SITE_FOOTER.match(text)
                # (【打印本页】 【关闭窗口】 上一篇：… 网站标识码：… 主办单位：…: the tools and the footer run together)
                or start in "【[" and ("网站标识码" in text or "ICP备" in text)
                or start in "相猜阅继下精仅热文合-—_" and _SITE_WIDGET.match(text)
                or "文档" in text and _SITE_NOTICE.match(text)
                or len(text) <= _WEB_TOOLS_LONGEST and ("©" in text or "opyright" in text or "//" in text
                                                         or text.strip().isascii()) and _SITE_MARK.search(text))


def _a_page_s_own(text: str) -> bool:
    """A paragraph that is the page's, not the document's (— 3 —, 分享到：, 相关推荐): what the lines
    above are dropped for, asked of each paragraph a web page's tags held on one line."""
    return bool(_FURNITURE.match(text)) or _the_site_s(text, text[:1])


def _page_on_one_line(text: str, least: int = 3) -> list[str] | None:
    """The paragraphs of a long line that holds several items, each apart by a space (Chinese
    puts no space between words: on such a line every gap was a line's end); None for any
    other line (a long paragraph, a row of spaced cells). A character alone between gaps
    (牵 头 单 位) stays with the one before it. `least`: how many of the pieces open with an item's
    number (a sharing site's chunk, a part of a page, may hold one)."""
    if _SPACED_ROW.match(text):
        return None                     # 3 新建… 县住建局 1.4月底前…；2.8月底前…: a row of spaced cells
    pieces: list[str] = []
    for piece in text.split():
        if pieces and (len(piece) == 1 or len(pieces[-1]) == 1):
            pieces[-1] += piece
        else:
            pieces.append(piece)
    fields = sum(1 for piece in pieces if _FIELD_START.match(piece))
    marked = sum(1 for piece in pieces if _ITEM_START.match(piece)) + fields
    return pieces if marked >= least or fields >= 2 else None


_LONGEST_RUN_TOGETHER = 400
# A part's number (（一）) or a chapter's after a stop (。二、), each right before its words.
_PART_MARK = regex(r"（([一二三四五六七八九十]{1,3})）(?=[\u4e00-\u9fff“《])|(?<=[。；）])([一二三四五六七八九十]{1,3})、(?=[\u4e00-\u9fff“《])(?![一二三四五六七八九十])")
_PART_NUMBERS = {numeral: value for value, numeral in enumerate(
    ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五"), 1)}


def _parts_run_together(text: str) -> list[str] | None:
    """The pieces of a long line before each of its chapters' and parts' numbers, where they come in turn (。一、…
    （一）…（二）… 。二、… （一）…); None where no two parts or chapters come in turn."""
    cuts: list[int] = []
    expected = {1: 1, 2: 1}           # the next chapter's number, the next part's
    in_turn = False
    for mark in _PART_MARK.finditer(text):
        level = 2 if mark.group(1) else 1
        value = _PART_NUMBERS.get(mark.group(1) or mark.group(2))
        if value == expected[level] or level == 2 and value == 1 and cuts:
            cuts.append(mark.start())
            in_turn = in_turn or value >= 2
            expected[level] = value + 1
            if level == 1:
                expected[2] = 1         # (a chapter's parts number afresh)
    if not in_turn:
        return None
    pieces = [text[start:end].strip() for start, end in zip([0, *cuts], [*cuts, len(text)])]
    return [piece for piece in pieces if piece]


_SPACED_ROW = regex(r"\s*\d{1,3}\s+\S")
# …or with a field's name and its colon (粮食产量…以上 部门分工：X牵头… 大力推进… 工作措施：… 部门分工：…: records
# unnumbered, each its title over its fields)
_FIELD_START = regex(r"[\u4e00-\u9fff]{2,6}[：:](?=\S)")
_ITEM_START = regex(r"(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.、．](?!\d))")


# -- a document's signature -----------------------------------------------------

_SIGNATURE_DATE = regex(r"^\s*(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
                             r"|[二][〇○零][〇○零一二三四五六七八九]{2}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)\s*$")
_SIGNER = regex(r"^[\u4e00-\u9fff（）]{2,30}(?:人民政府|政府|办公室|委员会|局|中心|公司|管委会|指挥部|领导小组|办)$")
_PUBLISHED = regex(r"^[（(]此件(?:公开发布|主动公开|不公开)[）)]$")


def signs_the_document(lines: list[Line], index: int) -> bool:
    """A signer's line followed by a date alone, that date, or （此件公开发布）."""
    text = lines[index].stripped
    if _PUBLISHED.match(text):
        return True
    if _SIGNATURE_DATE.match(text):
        return index > 0 and bool(_SIGNER.match(lines[index - 1].stripped))
    following = lines[index + 1].stripped if index + 1 < len(lines) else ""
    return bool(_SIGNER.match(text)) and bool(_SIGNATURE_DATE.match(following))
