"""File dialogs that show files by their names, never by reading them.

Qt's own dialog (where the desktop offers none) asks each file's type of its contents, and a
file in /proc or a pipe may never answer: typing /proc/ froze the whole app. These dialogs
give it icons and types from the names alone; a native dialog is used where there is one, as
QFileDialog's static functions do.
"""

from __future__ import annotations

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QDialog, QFileDialog, QFileIconProvider, QWidget


class NameIcons(QFileIconProvider):
    """Icons and type names of files from their names and kinds (folder or file) alone."""

    def icon(self, what: QFileInfo | QAbstractFileIconProvider.IconType) -> QIcon:
        if isinstance(what, QFileInfo):
            kind = QAbstractFileIconProvider.IconType
            return super().icon(kind.Folder if what.isDir() else kind.File)
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        return f"{info.suffix().upper()} File" if info.suffix() else "File"


NO_OPTIONS = QFileDialog.Option(0)
_icons: NameIcons | None = None  # one for all dialogs: a dialog does not own its provider


def _ask(
    parent: QWidget | None,
    caption: str,
    start: str,
    file_filter: str,
    mode: QFileDialog.FileMode,
    options: QFileDialog.Option,
    save: bool = False,
) -> str:
    """The path chosen in a file dialog, or "" when it is cancelled."""
    global _icons
    if _icons is None:
        _icons = NameIcons()
    dialog = QFileDialog(parent, caption, start, file_filter)
    dialog.setIconProvider(_icons)
    dialog.setFileMode(mode)
    dialog.setOptions(options)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return ""
        return dialog.selectedFiles()[0]
    finally:
        dialog.deleteLater()


def open_file_name(parent: QWidget | None, caption: str, folder: str, file_filter: str) -> str:
    """As QFileDialog.getOpenFileName: the existing file chosen, or "" when cancelled."""
    mode = QFileDialog.FileMode.ExistingFile
    return _ask(parent, caption, folder, file_filter, mode, NO_OPTIONS)


def save_file_name(
    parent: QWidget | None,
    caption: str,
    path: str,
    file_filter: str,
    options: QFileDialog.Option = NO_OPTIONS,
) -> str:
    """As QFileDialog.getSaveFileName: the path typed or chosen, or "" when cancelled."""
    mode = QFileDialog.FileMode.AnyFile
    return _ask(parent, caption, path, file_filter, mode, options, save=True)


def existing_directory(parent: QWidget | None, caption: str, folder: str) -> str:
    """As QFileDialog.getExistingDirectory: the folder chosen, or ""."""
    mode = QFileDialog.FileMode.Directory
    return _ask(parent, caption, folder, "", mode, QFileDialog.Option.ShowDirsOnly)
