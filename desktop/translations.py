"""Qt's own words in Chinese: the standard buttons, file and print dialogs, the calendar.

Our own widgets are written in Chinese, but what Qt draws itself (「Look in」,
「File name」, 「Save」 in a file dialog, the print dialog, a calendar's
month names, a text field's context menu) comes from Qt's catalogues. PySide6
(PySide6-Essentials, too) ships them as ``qtbase_zh_CN.qm`` in Qt's translations
folder. The office works in Chinese whatever the machine's locale is set to
(a fresh Debian says ``C``), so zh_CN is loaded, not the system's language.

Qt 6's zh_CN catalogue lags its sources in a few labels people see: the file
dialog's 「&Look in:」 and 「Files of &type:」 (the catalogue has them
without the shortcut mark), a folder's type, and three print settings.
:data:`CATALOGUE_GAPS` fills those, asked only when the catalogue has no answer.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

CATALOGUE = "qtbase_zh_CN"     # QtCore, QtGui, QtWidgets and QtPrintSupport's words
CHINA = QLocale(QLocale.Language.Chinese, QLocale.Country.China)

# (context, source text, disambiguation) -> Chinese, for what qtbase_zh_CN.qm leaves in English.
CATALOGUE_GAPS: dict[tuple[str, str, str], str] = {
    ("QFileDialog", "&Look in:", ""): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:", ""): "文件类型(&T)：",
    ("QAbstractFileIconProvider", "Folder", "All other platforms"): "文件夹",
    ("QAbstractFileIconProvider", "Drive", ""): "驱动器",
    ("QPrintSettingsOutput", "Page &Set:", ""): "打印页面(&S)：",
    ("QPageSetupWidget", "Page &order:", ""): "页面顺序(&O)：",
    ("QPageSetupWidget", "Pages &per sheet:", ""): "每张页数(&P)：",
}


class _CatalogueGaps(QTranslator):
    """Answers the few labels the catalogue lacks; empty (ask the next one) otherwise."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        return CATALOGUE_GAPS.get((context, source, disambiguation or ""), "")

    def isEmpty(self) -> bool:
        return False


def qt_translations_folder() -> str:
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def install_qt_chinese(app: QCoreApplication) -> QTranslator | None:
    """Load Qt's zh_CN catalogue into ``app`` (once) and make zh_CN the default locale.

    Returns the catalogue's translator, or None when this Qt has no such
    catalogue: Qt's dialogs then stay in English, the rest works the same.
    """
    installed = app.findChild(QTranslator, CATALOGUE)
    if installed is not None:
        return installed
    QLocale.setDefault(CHINA)      # the calendar popup's months and weekdays
    catalogue = QTranslator(app)   # parented: it lives as long as the application
    catalogue.setObjectName(CATALOGUE)
    if not catalogue.load(CATALOGUE, qt_translations_folder()):
        catalogue.deleteLater()
        return None
    # Qt asks the translator installed last first: the gaps go in before the
    # catalogue, so Python is asked only about what the catalogue does not know.
    app.installTranslator(_CatalogueGaps(app))
    app.installTranslator(catalogue)
    return catalogue
