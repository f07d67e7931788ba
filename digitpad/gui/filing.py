"""The main window's files: open, save, export, drag and drop, and the unsaved drawing
kept on disk."""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path

from PySide6.QtCore import QLockFile, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox

from digitpad.core.errors import InputError, reason, write_reason
from digitpad.gui import dialogs, filedialogs

log = logging.getLogger(__name__)

PICTURE_NOT_SAVED = "An opened picture has no ink to save or export: File ▸ New starts a drawing."
PICTURE_NAME_KEY = "digitpad.file_name"  # an opened picture's info: the name of its file


class FilesMixin:
    """MainWindow's File menu and its unsaved drawings; mixed into MainWindow."""

    def start_recovery(self) -> None:
        """Keep unsaved drawings from now on, and open one that an app left behind (once the
        window is shown, from start_model)."""
        from digitpad.core.recovery import (
            Recovery,
            Unreadable,
            drop_leftovers,
            lock_path,
            take_back,
        )

        self._recovery = Recovery()
        try:
            self._recovery.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self._cannot_keep_unsaved(error)
            self._recovery = None
            return
        self._recovery_lock = QLockFile(str(self._recovery.lock_path))
        self._recovery_lock.tryLock(0)
        reopened, waiting = False, 0
        unreadable: list[Path] = []
        for path in self._recovery.left_behind():
            if not self.canvas.document.is_empty and not reopened:
                break  # the user is drawing already: the next start opens it
            lock = QLockFile(str(lock_path(path)))
            if not lock.tryLock(0):
                continue  # another digitpad is running and keeps it
            if reopened:
                waiting += 1  # one drawing a window: the next start opens the next one
                lock.unlock()
                continue
            try:
                kept = take_back(path)
            except Unreadable as error:
                unreadable.append(error.aside)
                continue
            finally:
                lock.unlock()
            self.canvas.reopen(kept.ink, kept.file)
            if kept.file is not None:
                self._disk_stamps[kept.file] = kept.stamp
            self._keep_unsaved()
            reopened = True
        said = []
        if reopened:
            # Short: the status bar of a window of the default size cuts off what is longer.
            others = {0: "", 1: " (one more on the next start)"}.get(
                waiting, f" ({waiting} more, one at each start)"
            )
            said.append(f"Reopened your unsaved drawing{others}.")
        if len(unreadable) == 1:  # the name first: a narrow window cuts the folder off
            said.append(
                f"Could not read an unsaved drawing left behind: kept as {unreadable[0].name} "
                f"in {unreadable[0].parent}."
            )
        elif unreadable:
            said.append(
                f"Could not read {len(unreadable)} unsaved drawings left behind: kept in "
                f"{unreadable[0].parent}."
            )
        if said:
            self.recovery_said = " ".join(said)
            self.status_bar.say(self.recovery_said)
        for path in self._recovery.locks_without_drawing():  # apps that ended keeping none
            lock = QLockFile(str(path))
            if lock.tryLock(0):
                drop_leftovers(path.with_suffix(".json"))
                lock.unlock()

    def _keep_unsaved(self) -> None:
        """Keep the drawing on disk while it is unsaved ink, or was just cleared away unsaved;
        forget it once it is neither."""
        if self._recovery is None:
            return
        document = self.canvas.document
        try:
            if document.modified and document.has_ink and document.page.picture is None:
                path = document.path
                self._recovery.keep(document.ink(), path, self._disk_stamps.get(path))
            elif (cleared := document.cleared()) is not None:
                # Undo brings it back: so does the next start.
                self._recovery.keep(*cleared, self._disk_stamps.get(cleared[1]))
            else:
                self._recovery.clear()
        except OSError as error:
            self._cannot_keep_unsaved(error)
        else:
            self.unkept_status.hide()

    def _cannot_keep_unsaved(self, error: OSError) -> None:
        """Log why unsaved drawings cannot be kept, tell the user the first time, and keep
        saying so in the status bar's corner until they can be kept again."""
        folder = self._recovery.folder if self._recovery is not None else None
        log.warning("unsaved drawings cannot be kept in %s: %s", folder, error)
        said = f"Unsaved drawings will not survive a crash ({reason(error)}): save to keep them."
        self.unkept_status.setToolTip(said)
        self.unkept_status.show()
        if not self._told_not_kept:
            self._told_not_kept = True
            self.status_bar.say(said, 20000)

    def close_keeping_unsaved(self) -> None:
        """Close without asking, keeping an unsaved drawing for the next start (asked to
        quit by the system: logout, shutdown, Ctrl+C)."""
        self._keep_timer.stop()
        self._keep_unsaved()
        self._keep_on_close = True
        self.discard_changes()
        self.close()

    def new_drawing(self) -> None:
        """An empty sheet, once unsaved work is saved or given up."""
        if self._confirm_discard("Start a new drawing"):
            self.canvas.clear()
            # Chosen Discard: quitting does not ask again, and Undo brings it back, as after Open.
            self.canvas.document.give_up_cleared()
            self._update_title()

    def open_dialog(self) -> None:
        """Ask for an ink file or an image to open (File ▸ Open)."""
        path = filedialogs.open_file_name(
            self, "Open a drawing or image", self._last_folder(), open_filter()
        )
        if path:
            # The folder browsed to: a Save asked for first (unsaved work) starts there too.
            self.settings.setValue("last_folder", str(Path(path).absolute().parent))
            self.open_file(path)

    def open_file(self, path: str | Path) -> bool:
        """Show a drawing or image from a file; on failure, say why and keep the drawing."""
        from digitpad.core.files import FRAMES_KEY, file_stamp, load_drawing
        from digitpad.core.ink import Ink

        path = Path(path).absolute()  # a command line's relative path, kept as a folder
        failure = None
        stamp = file_stamp(path)
        try:
            with dialogs.busy():  # a large file takes seconds
                drawing = load_drawing(path)
        except InputError as error:
            failure = f"Could not open {path.name}: {error}."
        except Exception as error:
            log.exception("opening %s failed", path)
            failure = (
                f"Could not open {path.name} ({type(error).__name__}); details are in the log file."
            )
        if failure is not None:
            self._report(failure)
            return False
        if not self._confirm_discard(f"Open {path.name}"):
            return False
        self.settings.setValue("last_folder", str(path.parent))
        self.selected = 0  # a new drawing: its reading starts at its first digit
        with dialogs.busy():  # drawing it takes a moment for millions of points
            if isinstance(drawing, Ink):
                self.canvas.open_ink(drawing, path)
                self._disk_stamps[path] = stamp
            else:
                drawing.info[PICTURE_NAME_KEY] = path.name  # the title's, even after Undo
                self.canvas.open_picture(drawing)
        frames = 1 if isinstance(drawing, Ink) else drawing.info.get(FRAMES_KEY, 1)
        if frames > 1:  # an animated GIF, a many-paged TIFF
            self.status_bar.say(f"Opened {path.name}: the first of its {frames} frames.", 8000)
        else:
            self.status_bar.say(f"Opened {path.name} from {path.parent}.", 5000)  # the name, if cut
        return True

    def save_ink(self) -> bool:
        """Save the drawing to its ink file (asking for one if new); whether it was saved."""
        if self._only_a_picture():
            return False
        path = self.canvas.document.path
        if path is None:
            return self.save_ink_as()
        if self._changed_elsewhere(path) and not dialogs.confirm_replace(
            self,
            f"{path.name} was changed by another program since digitpad opened or saved it. "
            "Replace it with this drawing?",
        ):
            return False
        return self._write(path, "ink")

    def _changed_elsewhere(self, path: Path) -> bool:
        """Whether the ink file was written since this window last read or wrote it."""
        from digitpad.core.files import file_stamp

        known = self._disk_stamps.get(path)
        now = file_stamp(path)
        return known is not None and now is not None and now != known

    def save_ink_as(self) -> bool:
        """Save the drawing to an ink file the user names; whether it was saved."""
        if self._only_a_picture():
            return False
        path = self._ask_save_path("Save the drawing as ink", "Ink files (*.json)", ".json")
        return path is not None and self._write(path, "ink")

    def export_png(self) -> bool:
        """Save the drawing as a PNG the user names; whether it was saved."""
        if self._only_a_picture():
            return False
        path = self._ask_save_path("Export the drawing as PNG", "PNG images (*.png)", ".png")
        return path is not None and self._write(path, "png")

    def _only_a_picture(self) -> bool:
        """Whether the sheet holds an opened picture and no ink; if so, the status bar says so."""
        if self.canvas.document.has_ink:
            return False
        self.status_bar.say(PICTURE_NOT_SAVED, 8000)
        return True

    def _ask_save_path(self, title: str, file_filter: str, suffix: str) -> Path | None:
        """Where to save, named after the drawing's file (or the number read); the suffix added
        unless it was typed, and a file of that name replaced only if the user says so (if
        not, the dialog asks again); None when the dialog is cancelled."""
        current = self.canvas.document.path
        # "202_73" for a number written in two lines.
        read = "_".join(self.number_lines())
        path = Path(self._last_folder()) / (
            (current.stem if current else read or "drawing") + suffix
        )
        while True:
            # The dialog would ask about the name typed, which may not be the file written.
            chosen = filedialogs.save_file_name(
                self, title, str(path), file_filter, QFileDialog.Option.DontConfirmOverwrite
            )
            if not chosen:
                return None
            path = Path(chosen)
            if path.suffix.lower() != suffix:  # ink is never written into a .png, nor the reverse
                path = path.with_name(path.name.rstrip(".") + suffix)  # "dot." is dot.json
            # os.path.exists: a name too long to look up is not there, and _write says why.
            if not os.path.exists(path) or dialogs.confirm_replace(
                self, f"{path.name} already exists. Replace it?"
            ):
                return path

    def _write(self, path: Path, kind: str) -> bool:
        from digitpad.core.files import atomic_write, file_stamp
        from digitpad.core.ink import ink_to_bytes
        from digitpad.core.render import export_image

        ink = self.canvas.document.ink()
        try:
            if kind == "ink":
                data = ink_to_bytes(ink)
            else:
                buffer = io.BytesIO()
                # In the screen's pixels: on a 2x display, twice the canvas's size.
                export_image(ink, self.canvas.devicePixelRatioF()).save(buffer, "PNG")
                data = buffer.getvalue()
            atomic_write(path, data)
        except OSError as error:
            log.exception("saving %s failed", path)
            why = write_reason(error, path.parent)
            self._report(f"Could not save {path.name}: {why}; your drawing is still here.")
            return False
        self.settings.setValue("last_folder", str(path.parent))
        if kind == "ink":
            self._disk_stamps[path] = file_stamp(path)
            self.canvas.document.mark_saved(path)
            self._update_title()
            self._keep_unsaved()  # saved: nothing to keep
        self.status_bar.say(f"Saved {path.name} in {path.parent}.", 5000)  # the name, if cut
        return True

    def _confirm_discard(self, doing: str) -> bool:
        """Ask before an unsaved drawing is replaced; True means go ahead."""
        document = self.canvas.document
        if not document.modified or not document.has_ink:
            return True
        button = QMessageBox.StandardButton
        unsaved = "Your drawing has not been saved."
        if document.path is not None:
            unsaved = f"Your changes to {document.path.name} have not been saved."
        answer = dialogs.question(
            self,
            "digitpad",
            f"{doing}? {unsaved}",
            button.Save | button.Discard | button.Cancel,
            button.Save,
            {button.Save: "Save", button.Discard: "Discard"},
        )
        if answer == button.Save:
            return self.save_ink()
        return answer == button.Discard

    def _confirm_cleared(self) -> bool:
        """Ask before quitting loses a drawing that was cleared unsaved; True means go ahead."""
        if not self.canvas.document.cleared_unsaved:
            return True
        button = QMessageBox.StandardButton
        answer = dialogs.question(
            self,
            "digitpad",
            "Quit? The drawing you cleared has not been saved (Undo brings it back).",
            button.Discard | button.Cancel,
            button.Cancel,
            {button.Discard: "Quit"},
        )
        return answer == button.Discard

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            _accept_as_copy(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        files = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if files and _accept_as_copy(event):
            # Opening may ask a question; don't hold the drag source waiting for it.
            QTimer.singleShot(0, lambda: self._open_dropped(files))

    def _open_dropped(self, files: list[str]) -> None:
        opened = self.open_file(files[0])
        if len(files) > 1:
            first = Path(files[0]).name
            done = f"Opened {first}" if opened else f"Did not open {first}"
            self.status_bar.say(
                f"{done}, the first of {len(files)} files dropped: digitpad reads one drawing "
                "at a time, so drop the others one by one.",
                8000,
            )

    def discard_changes(self) -> None:
        """Forget that the drawing, or one just cleared away, is unsaved: closing does not ask.

        Undo and Redo then have nothing left to do.
        """
        self.canvas.document.forget_unsaved()
        self._on_document_changed()


def open_filter() -> str:
    """The Open dialog's file types: every suffix digitpad reads (core/files.py)."""
    from digitpad.core.files import IMAGE_SUFFIXES, INK_SUFFIXES

    ink = " ".join(f"*{suffix}" for suffix in sorted(INK_SUFFIXES))
    every = " ".join(f"*{suffix}" for suffix in [*sorted(INK_SUFFIXES), *sorted(IMAGE_SUFFIXES)])
    return f"Drawings and images ({every});;Ink files ({ink});;All files (*)"


def _accept_as_copy(event: QDropEvent) -> bool:
    """Accept a drag or drop of files as a copy, whatever the source proposes: a file
    manager deletes what was moved. False (refused) where the source offers no copy."""
    if not event.possibleActions() & Qt.DropAction.CopyAction:
        event.ignore()
        return False
    event.setDropAction(Qt.DropAction.CopyAction)
    event.accept()
    return True
