"""Character-level helpers shared by the extraction steps."""
from __future__ import annotations

import re
from functools import lru_cache

# Half-width punctuation folded to the full-width forms the rules are written in.
_FOLD = str.maketrans({
    "(": "（", ")": "）", ":": "：", ";": "；", ",": "，",
    "\u00a0": " ", "\u3000": " ", "\ufeff": "",
    "[": "［", "]": "］", "<": "〈", ">": "〉",
})
_FULLWIDTH_ALNUM = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}
_FULLWIDTH_ALNUM.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})
_FULLWIDTH_ALNUM.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})
_FULLWIDTH_ALNUM.update({"．": "."})
_ALNUM = str.maketrans(_FULLWIDTH_ALNUM)


def fold(text: str) -> str:
    """One punctuation and digit form for parsing: （）：；，［］ and ASCII digits."""
    return text.translate(_ALNUM).translate(_FOLD)


# Wide (W) and full-width (F) ranges of the Basic Multilingual Plane.
_WIDE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
                   "\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]")


def width(text: str) -> int:
    """Display width: CJK and full-width characters count two."""
    text = text.strip()
    return len(text) + len(_WIDE.findall(text))


def squeeze(text: str) -> str:
    """Remove all whitespace (line-break artifacts): Chinese has no spaces between words."""
    return re.sub(r"\s+", "", text)


def tidy(text: str) -> str:
    """Text for people: line-break artifacts removed, spaces between Latin words kept."""
    text = re.sub(r"\s*\n\s*", "", text)
    text = re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", text)
    return re.sub(r"\s{2,}", " ", text).strip()


# Traditional characters of the words the rules look for (role words, unit
# endings, labels, deadline words), each mapped to its simplified form.
# One character for one character, so a match found in the simplified copy
# slices the text as written: names are kept as the document wrote them.
_TRADITIONAL = (
    "牽牵頭头負负責责協协調调參参與与辦办處处組组隊队團团館馆區区鄉乡鎮镇縣县單单門门職职務务"
    "會会員员農农業业發发開开廳厅財财稅税醫医衛卫殘残聯联婦妇黨党應应體体環环資资規规劃划設设"
    "計计術术審审統统實实驗验檢检測测運运輸输電电氣气當当級级長长堅坚續续進进時时間间節节點点"
    "報报態态權权歸归類类準准將将對对專专項项為为產产產产廣广場场號号預预導导監监護护總总營营"
    "學学園园藥药療疗險险證证書书濟济經经貿贸礦矿災灾網网絡络線线關关於于國国機机構构稱称並并"
    "於于後后內内須须確确門门們们個个這这從从區区團团倉仓糧粮儲储氣气壇坛館馆廳厅屬属組组簽签"
    "廠厂臺台來来閤合錶表興兴勞劳動动軍军圖图織织價价質质築筑鐵铁傳传紅红愛爱衞卫視视歲岁")
_T2S = str.maketrans(dict(zip(_TRADITIONAL[0::2], _TRADITIONAL[1::2])))
_ANY_TRADITIONAL = re.compile(f"[{re.escape(_TRADITIONAL[0::2])}]")


def simplified(text: str) -> str:
    """The text with the rules' traditional characters simplified (same length)."""
    # Most text has none of these characters: one regex scan, no copy.
    if not _ANY_TRADITIONAL.search(text):
        return text
    # Short strings (unit names, role words) are asked for again and again.
    return _simplified_short(text) if len(text) <= 48 else text.translate(_T2S)


@lru_cache(maxsize=1 << 16)
def _simplified_short(text: str) -> str:
    return text.translate(_T2S)


CN_DIGITS = "零〇一二两三四五六七八九十百"
OPEN = "（［〔【〈"
CLOSE = "）］〕】〉"
PAIRS = dict(zip(OPEN, CLOSE))


def split_top_level(text: str, separators: str) -> list[str]:
    """Split on separators that are not inside brackets."""
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
