"""File dialogs that show files by their names, never by reading them."""

import os

import pytest
from PySide6.QtCore import QFileInfo
from PySide6.QtWidgets import QDialog, QFileDialog

from digitpad.gui import filedialogs


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX's")
def test_a_files_type_and_icon_come_from_its_name(qapp, tmp_path):
    # Qt's own dialog read each file to name its type: /proc/kmsg never answers.
    fake = tmp_path / "notes.png"
    fake.write_text('{"not": "a picture"}')
    os.mkfifo(tmp_path / "pipe")  # a read would wait for a writer forever
    icons = filedialogs.NameIcons()
    assert icons.type(QFileInfo(str(fake))) == "PNG File"
    assert icons.type(QFileInfo(str(tmp_path / "pipe"))) == "File"
    assert icons.type(QFileInfo(str(tmp_path))) == "Folder"
    assert not icons.icon(QFileInfo(str(tmp_path / "pipe"))).isNull()


@pytest.mark.parametrize(
    ("ask", "mode"),
    [
        (lambda: filedialogs.open_file_name(None, "Open", "/tmp", "*"), "ExistingFile"),
        (lambda: filedialogs.save_file_name(None, "Save", "/tmp/a.json", "*"), "AnyFile"),
        (lambda: filedialogs.existing_directory(None, "Folder", "/tmp"), "Directory"),
    ],
)
def test_every_file_dialog_shows_files_by_name(qapp, monkeypatch, ask, mode):
    shown = []

    def cancel(dialog):
        shown.append((dialog.iconProvider(), dialog.fileMode().name))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QFileDialog, "exec", cancel)
    assert ask() == ""
    assert isinstance(shown[0][0], filedialogs.NameIcons) and shown[0][1] == mode
