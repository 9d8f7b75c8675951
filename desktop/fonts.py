"""The application font: a bundled CJK font, so Chinese never renders as boxes.

Machines without a CJK font (a fresh Debian, many CI images) show every
Chinese character as a box, on screen and in PDFs, silently. WenQuanYi Micro
Hei (Apache-2.0, resources/fonts) is loaded into Qt's font database and set
as the application font; its text also extracts cleanly from PDFs.
"""
from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

FAMILY_FALLBACK = "WenQuanYi Micro Hei"
_loaded: str | None = None


def cjk_family() -> str:
    """Load the bundled font once; return its family name."""
    global _loaded
    if _loaded is None:
        path = resources.files("resources") / "fonts" / "wqy-microhei.ttc"
        with resources.as_file(path) as file:
            font_id = QFontDatabase.addApplicationFont(str(file))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        _loaded = families[0] if families else FAMILY_FALLBACK
    return _loaded


def cjk_font(point_size: float = 10.0) -> QFont:
    font = QFont(cjk_family())
    font.setPointSizeF(point_size)
    return font


def install_application_font(app: QGuiApplication, point_size: float = 10.0) -> None:
    app.setFont(cjk_font(point_size))
