"""Model ▸ Evaluate…: the honest report on real handwriting, made in a process of its own."""

from __future__ import annotations

import logging
import multiprocessing
import shutil
import tempfile
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.errors import InputError, write_reason
from digitpad.gui import colours, dialogs, filedialogs

log = logging.getLogger(__name__)

POLL_MS = 100
# The report's widest lines: a user's model's conventions ("conventions found: pixels MNIST
# mean/std, white digit on black, outputs probabilities", 85 characters), then the confusion
# matrix's rows (70).
REPORT_COLUMNS = 86
PICTURE_WIDTH = 440  # the confusion matrix's picture beside it, and the margins
# Narrower than that beside the table, the picture goes under it (a laptop at 200%).
SMALLEST_PICTURE = 280
DARK_MATRIX = "confusion-dark.png"  # shown in a dark window; Save Pictures saves the light one


def _make_report(model: str | None, overrides: dict, folder: str) -> str:
    """In the evaluation process: the report's text; the pictures go into folder."""
    from digitpad.core.evaluation import report

    try:
        found = report(model, None, overrides)
    except InputError as error:
        return f"The evaluation could not be made: {error}."
    try:
        found.save_confusion(f"{folder}/confusion.png", scale=2)  # sharp on a 2x screen too
        found.save_confusion(f"{folder}/{DARK_MATRIX}", scale=2, dark=True)  # shown in dark
        found.save_misread(f"{folder}/misread.png")
    except InputError as error:
        return f"{found.text}\n\nThe pictures could not be drawn: {error}."
    return found.text


class Evaluation(QObject):
    """Runs `digitpad evaluate` for a model in a child process and says when it is done."""

    finished = Signal(str, str)  # the report's text, the folder holding its pictures

    def __init__(self, model: str | None, overrides: dict, parent: QObject | None = None):
        super().__init__(parent)
        self.folder = tempfile.mkdtemp(prefix="digitpad-evaluation-")
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._pool: ProcessPoolExecutor | None = None
        try:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(1, mp_context=context)
            self._future: Future = self._pool.submit(_make_report, model, overrides, self.folder)
        except (OSError, RuntimeError) as error:  # no process to be had (the app moved away?)
            log.error("evaluation not started", exc_info=error)
            message = "The evaluation could not be started: no process could be made for it."
            QTimer.singleShot(0, lambda: self.finished.emit(message, self.folder))
            return
        self._timer.start()

    def _poll(self) -> None:
        if not self._future.done():
            return
        self._timer.stop()
        try:
            text = self._future.result()
        except Exception as error:  # the process's failure: logged, told in one line
            log.error("evaluation failed", exc_info=error)
            text = f"The evaluation failed ({type(error).__name__}); details are in the log file."
        if self._pool is not None:
            self._pool.shutdown(wait=False)
        self.finished.emit(text, self.folder)

    def cancel(self) -> None:
        self._timer.stop()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)


class FittedPicture(QLabel):
    """A picture scaled down to the label's size, keeping its proportions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full: QPixmap | None = None
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(120, 120)

    def set_picture(self, pixmap: QPixmap) -> None:
        self._full = pixmap
        self._fit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self._full is None or self._full.isNull():
            return
        # As large on a 2x screen as on a 1x one, in device pixels where they are there.
        ratio = self.devicePixelRatioF()
        size = (self._full.size() * ratio).boundedTo(self.size() * ratio)
        fitted = self._full.scaled(
            size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        fitted.setDevicePixelRatio(ratio)
        self.setPixmap(fitted)


class ReportDialog(QDialog):
    """The report as text, its confusion matrix as a picture, and a way to save both."""

    def __init__(self, title: str, parent: QWidget | None = None, save_in: str = "") -> None:
        """save_in: where Save Pictures… starts (then where it last saved)."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self._folder: str | None = None
        self._save_in = save_in
        self._arranged = False
        self.text = QPlainTextEdit("Reading the built-in real handwriting…")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)  # tables stay tables
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setAccessibleName("Evaluation report")
        self.picture = FittedPicture()
        self.split = QSplitter(Qt.Orientation.Horizontal)  # the user moves the line between
        self.split.addWidget(self.text)
        self.split.addWidget(self.picture)
        self.split.setChildrenCollapsible(False)
        self.split.setStretchFactor(1, 1)  # the picture takes what the dialog gains
        table = self.text.fontMetrics().horizontalAdvance("0" * REPORT_COLUMNS)
        table += self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        table += 2 * (self.text.frameWidth() + round(self.text.document().documentMargin()))
        self._table = table
        dialogs.resize_to_fit(self, table + PICTURE_WIDTH, 620)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = buttons.addButton(
            "&Save Pictures…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button.setEnabled(False)
        self.save_button.setToolTip("Save the confusion matrix and the misread digits as PNG")
        self.save_button.clicked.connect(self.save_pictures)
        buttons.rejected.connect(self.reject)
        self.saved = QLabel()  # where Save Pictures… put them
        self.saved.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bottom = QHBoxLayout()
        bottom.addWidget(self.saved, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.split, 1)
        layout.addLayout(bottom)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._arrange()  # the layout has given the splitter its size by now

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.isVisible():
            self._arrange()

    def _arrange(self) -> None:
        """The picture beside the text, which is as wide as the report's widest table; where
        the two do not fit side by side, the picture under the text, so that no table needs
        scrolling sideways. The sizes are set only when the arrangement changes: a line the
        user moved between them stays."""
        room = self.split.width() - self.split.handleWidth()
        beside = room >= self._table + SMALLEST_PICTURE
        orientation = Qt.Orientation.Horizontal if beside else Qt.Orientation.Vertical
        if orientation == self.split.orientation() and self._arranged:
            return
        self._arranged = True
        self.split.setOrientation(orientation)
        if beside:
            self.split.setSizes([self._table, room - self._table])
        else:
            tall = self.split.height() - self.split.handleWidth()
            self.split.setSizes([tall - tall // 2, tall // 2])

    def show_report(self, text: str, folder: str) -> None:
        self.text.setPlainText(text)
        self._folder = folder
        matrix = Path(folder) / "confusion.png"
        if matrix.exists():
            shown = Path(folder) / DARK_MATRIX if colours.is_dark(self) else matrix
            self.picture.set_picture(QPixmap(str(shown if shown.exists() else matrix)))
            self.save_button.setEnabled(True)

    def save_pictures(self) -> None:
        target = filedialogs.existing_directory(
            self, "Save the pictures in a folder", self._save_in
        )
        if not target or self._folder is None:
            return
        self._save_in = target
        self.saved.clear()  # an earlier save's line would answer for this one
        names = [n for n in ("confusion.png", "misread.png") if (Path(self._folder) / n).exists()]
        taken = [n for n in names if (Path(target) / n).exists()]
        are, them = ("are", "them") if len(taken) > 1 else ("is", "it")
        if taken and not dialogs.confirm_replace(
            self, f"{' and '.join(taken)} {are} already in {target}. Replace {them}?"
        ):
            return
        try:
            for name in names:
                shutil.copyfile(Path(self._folder) / name, Path(target) / name)
        except OSError as error:
            dialogs.warn(
                self, f"Could not save the pictures in {target}: {write_reason(error, target)}."
            )
            return
        self.saved.setText(f"Saved {' and '.join(names)} in {target}.")
