"""Learn ▸ My Handwriting: the samples digitpad learns from, as the network sees them, to remove."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractListModel,
    QDateTime,
    QItemSelection,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListView,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.errors import InputError, reason
from digitpad.core.format import article
from digitpad.core.format import count as plural
from digitpad.gui import dialogs

if TYPE_CHECKING:
    from digitpad.core.profile import Profile, Sample

log = logging.getLogger(__name__)

CHECK_MS = 2000  # how often the list looks whether the samples changed elsewhere
ICON_SIDE = 56  # logical pixels: the 28x28 input at twice its size, as the preview shows it
ModelIndex = QModelIndex | QPersistentModelIndex


def taught_on(sample: Sample) -> str:
    """When a sample was taught, in the user's locale and time zone ('' if not recorded)."""
    when = QDateTime.fromString(sample.created, Qt.DateFormat.ISODate)
    if not when.isValid():
        return ""
    local, locale = when.toLocalTime(), QLocale()
    day = locale.toString(local.date(), QLocale.FormatType.LongFormat)
    return f"{day}, {locale.toString(local.time(), QLocale.FormatType.ShortFormat)}"


class SampleList(QAbstractListModel):
    """A profile's samples for a list view, ordered by digit and then oldest first.

    Each row shows its digit and, as its icon, its 28x28 network input (white on black, as the
    window's preview), which is made the first time the view asks for it: a profile of
    thousands of imported samples opens at once. A sample whose file cannot be read shows
    the style's warning icon instead.
    """

    unreadableFound = Signal()  # a sample's file turned out not to be readable

    def __init__(self, samples: list[Sample], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.samples = sorted(samples, key=lambda s: s.label)  # stable: oldest first
        self._icons: dict[str, QPixmap] = {}
        self.unreadable: set[str] = set()  # the files found unreadable so far
        self._warning = QApplication.style().standardPixmap(
            QStyle.StandardPixmap.SP_MessageBoxWarning
        )

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self.samples)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        sample = self.samples[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return str(sample.label)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(sample)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            self._icon(sample)  # finds out whether it can be read
            when = taught_on(sample)
            text = f"{article(sample.label).capitalize()} {sample.label}"
            text += f", taught {when}" if when else ""
            if sample.file in self.unreadable:
                text += ": its file cannot be read"
            return text
        return None

    def _icon(self, sample: Sample) -> QPixmap:
        icon = self._icons.get(sample.file)
        if icon is None:
            try:
                pixels = sample.model_input()
            except InputError as error:
                log.warning("cannot read the sample %s: %s", sample.file, error)
                pixels = None
            if pixels is None:
                self.unreadable.add(sample.file)
                icon = self._warning
                self.unreadableFound.emit()
            else:
                data = (pixels.clip(0, 1) * 255).astype("uint8").tobytes()
                image = QImage(data, 28, 28, 28, QImage.Format.Format_Grayscale8)
                icon = QPixmap.fromImage(
                    image.scaled(
                        ICON_SIDE, ICON_SIDE, mode=Qt.TransformationMode.FastTransformation
                    )
                )
            self._icons[sample.file] = icon
        return icon

    def remove(self, rows: list[int]) -> None:
        """Take these rows out of the list (the samples are gone from the profile), each run
        of neighbouring rows at once: removing all of thousands is one step for the view."""
        runs: list[list[int]] = []
        for row in sorted(set(rows), reverse=True):
            if runs and runs[-1][0] == row + 1:
                runs[-1][0] = row
            else:
                runs.append([row, row])
        for first, last in runs:  # from the bottom up: the rows above keep their numbers
            self.beginRemoveRows(QModelIndex(), first, last)
            del self.samples[first : last + 1]
            self.endRemoveRows()


def of_digits(labels: list[int]) -> str:
    """The digits samples are taught as: 'of a 4' for one, 'of 4s' or '(of 3 and 9)' for more."""
    if len(labels) == 1:
        return f"of {article(labels[0])} {labels[0]}"
    digits = [str(d) for d in sorted(set(labels))]
    if len(digits) == 1:
        return f"of {digits[0]}s"
    return f"(of {', '.join(digits[:-1])} and {digits[-1]})"


class SamplesDialog(QDialog):
    """Shows every sample of the user's handwriting and removes those they select.

    Emits samplesRemoved with the Sample objects taken out of the profile.
    """

    samplesRemoved = Signal(list)
    changedElsewhere = Signal()  # the samples changed outside this window: shown anew

    def __init__(self, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("My Handwriting — digitpad")
        self.profile = profile
        self._revision: tuple[int, int, int] | None = None  # the index as the list shows it
        self._unlisted = 0  # its rows that name no usable sample
        self._described = False  # the summary describes the list (no other message)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.view = QListView()
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setUniformItemSizes(True)
        self.view.setIconSize(QSize(ICON_SIDE, ICON_SIDE))
        self.view.setSpacing(4)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setAccessibleName("Your samples")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.remove_button = self.buttons.addButton(
            "&Remove", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.remove_button.setToolTip("Forget the selected samples (Delete)")
        self.remove_button.clicked.connect(self.remove_selected)
        self.buttons.rejected.connect(self.reject)
        remove_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view)
        remove_key.activated.connect(self.remove_selected)
        # A change from a terminal shows here too (a stat each time).
        self._check_timer = QTimer(self, interval=CHECK_MS)
        self._check_timer.timeout.connect(self._changed_elsewhere)
        self._check_timer.start()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)
        self.setMinimumSize(420, 320)  # room for the words above the list, wrapped
        dialogs.resize_to_fit(self, 620, 460)
        self.reload()

    def reload(self) -> None:
        """Read the profile again and show its samples."""
        self._revision = self.profile.revision()
        try:
            samples, self._unlisted = self.profile.rows(strict=True)
        except InputError as error:
            self._show([])
            self._say(f"Your samples cannot be shown: {reason(error)}.")
        else:
            self._show(samples)
            self._describe()

    def _show(self, samples: list[Sample]) -> None:
        self.listing = SampleList(samples, self)
        # Said once the view has drawn the sample: the summary's new height changes the layout.
        self.listing.unreadableFound.connect(self._unreadable_found)
        self.view.setModel(self.listing)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        if samples:  # the sample that looks current is selected: Delete acts on it
            self.view.setCurrentIndex(self.listing.index(0))
        self._selection_changed()

    def _unreadable_found(self) -> None:
        if self._described:  # not over a message about something else
            QTimer.singleShot(0, self._describe)

    def _say(self, message: str) -> None:
        """Put a message about what just happened in place of the list's description."""
        self.summary.setText(message)
        self._described = False

    def _describe(self) -> None:
        count = len(self.listing.samples)
        if count == 0:
            self.summary.setText(
                "No samples. When you correct a reading (press the digit you meant) or "
                "confirm one (Ctrl+Enter), digitpad keeps the drawing here and learns from it."
            )
            self._described = True
            return
        lost = (
            f" {plural(self._unlisted, 'more row')} of samples.csv "
            f"{'names' if self._unlisted == 1 else 'name'} no sample that can be shown (a file "
            "that is missing, a label that is not a digit; the log names the lines): a row "
            "whose file is gone goes at the next change, the others stay as they are."
            if self._unlisted
            else ""
        )
        if count == 1:
            text = (
                "digitpad reads with this sample of your handwriting in mind, shown as the "
                "network sees it. If it is not the digit it says, remove it."
            )
        else:
            text = (
                f"digitpad reads with these {count} samples of your handwriting in mind, each "
                "shown as the network sees it. Select one that is not the digit it says, and "
                "remove it."
            )
        unreadable = (
            " A sample shown as ⚠ has a file that cannot be read: digitpad cannot learn from it."
            if any(s.file in self.listing.unreadable for s in self.listing.samples)
            else ""
        )
        self.summary.setText(text + unreadable + lost)
        self._described = True

    def _changed_elsewhere(self) -> bool:
        """Whether the samples changed since they were shown (from a terminal, say); if so,
        show them anew and say so."""
        if self.profile.revision() == self._revision:
            return False
        self.reload()
        if self._described:  # not over a reason why they cannot be shown
            self._say(
                "Your samples changed meanwhile (from a terminal?), and are shown again as they "
                "are now: select what to remove once more."
            )
        self.changedElsewhere.emit()
        return True

    def _selection_changed(self, *_: QItemSelection) -> None:
        self.remove_button.setEnabled(self.view.selectionModel().hasSelection())

    def remove_selected(self) -> None:
        """Ask, then forget the selected samples."""
        rows = sorted(index.row() for index in self.view.selectionModel().selectedIndexes())
        if not rows:
            return
        chosen = [self.listing.samples[row] for row in rows]
        what, them = (
            ("this sample", "it") if len(chosen) == 1 else (f"these {len(chosen)} samples", "them")
        )
        question = (
            f"Forget {what} {of_digits([s.label for s in chosen])}? digitpad would no longer "
            f"learn from {them}, and this cannot be undone."
        )
        listing = self.listing
        if self._changed_elsewhere() or not dialogs.confirm(self, question, "Remove"):
            return
        # Not if the list was shown anew while the question was asked, or should have been.
        if self.listing is not listing or self._changed_elsewhere():
            return
        try:
            self.profile.remove_many(chosen)
        except (InputError, OSError) as error:
            self._say(f"Could not remove {what}: {reason(error)}.")
            return
        self._revision = self.profile.revision()
        # Written anew: rows whose file is gone went, damaged rows naming a file stayed.
        self._unlisted = self.profile.rows()[1]
        self.listing.remove(rows)
        if self.listing.rowCount():  # the keyboard goes on from where the removed ones were
            near = self.listing.index(min(rows[0], self.listing.rowCount() - 1))
            self.view.selectionModel().setCurrentIndex(
                near, QItemSelectionModel.SelectionFlag.NoUpdate
            )
        self._describe()
        self.samplesRemoved.emit(chosen)
