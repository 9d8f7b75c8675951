"""Counties (县): the one a plan's issuer names, and the registry's own.

A registry belongs to a county (the setting ``county``, chosen by the office);
a plan belongs to the county its issuing body names (平顺县人民政府办公室 → 平顺县),
else to the registry's. Departments are kept per county: 平顺县's 县住建局 and
偏关县's are two bodies. A county is any place whose government issues plans:
a 县, 自治县, 旗, 区 or 市 (a prefecture's plans form a "county" of their own).
"""
from __future__ import annotations

import re
import unicodedata

from models.errors import InvalidInput, translate_errors
from models.registry.schema import Setting

COUNTY_SETTING = "county"

_CJK = r"[\u4e00-\u9fff]"
_LEVEL = r"(?:自治县|自治旗|县|旗|区|市)"
# 平顺县 / 长治市 / 城区; a province (山西省) and a prefecture before a county (长治市平顺县) are dropped.
_PLACE = rf"{_CJK}{{1,5}}?{_LEVEL}"
_ISSUER = re.compile(
    rf"^(?:中共|中国共产党)?(?:{_CJK}{{2,3}}省)?(?:{_CJK}{{2,4}}市(?={_CJK}{{1,5}}?(?:自治县|县|区)))?"
    rf"({_PLACE})"
    # What an issuing body is called after its place: its government, its party committee,
    # or one of its departments (平顺县发展改革和科学技术局).
    rf"(?=人民政府|政府|委|人大|政协|{_CJK}{{1,14}}(?:局|办|办公室|中心|委员会|小组|指挥部)$)"
)
_COUNTY_NAME = re.compile(rf"^{_PLACE}$")
# Words that start collective or generic names, never a place (各县, 全县, 本市 …).
NOT_A_PLACE = set("各全本该每县市省区乡镇有相其所")


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def county_of_issuer(issuer: str | None) -> str | None:
    """The county an issuing body names (平顺县人民政府办公室 → 平顺县), or None."""
    if not issuer:
        return None
    match = _ISSUER.match(_fold(issuer))
    if match is None or match.group(1)[0] in NOT_A_PLACE:
        return None
    return match.group(1)


def check_county(name: str) -> str:
    """A county's name as stored (平顺县); InvalidInput for anything that is not a place's name."""
    folded = _fold(name)
    if not _COUNTY_NAME.match(folded) or folded[0] in NOT_A_PLACE:
        raise InvalidInput(f"“{name}”不是县（市、区、旗）的名称，例如：平顺县")
    return folded


@translate_errors
def registry_county() -> str:
    """The registry's own county; "" until the office (or the first import) sets one."""
    value = Setting.select(Setting.value).where(Setting.key == COUNTY_SETTING).scalar()
    return value or ""


def county_label(county: str) -> str:
    """How a department's county is shown: its name, or 未分县 for a body kept for every county."""
    return county or "未分县"
