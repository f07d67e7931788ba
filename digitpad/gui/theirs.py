"""The main window's reading with a model the user trained, beside digitpad's own."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Slot

from digitpad.gui import filedialogs

if TYPE_CHECKING:
    from digitpad.core.foreign import Conventions
    from digitpad.core.service import OpenedModel

log = logging.getLogger(__name__)

TWO_CHARTS_BARS = 1  # with a user's model open, each chart asks room for this many bars
THEIRS_NEED_OURS = (
    "Your model reads the digits that digitpad's own model finds, and that one could not be loaded."
)
MODEL_FOLDER_KEY = "model_folder"  # the setting of where Open Model starts


class TheirModelMixin:
    """MainWindow's Model menu; mixed into MainWindow."""

    def open_model_dialog(self) -> None:
        """Ask for a user's model to read beside digitpad's (Model ▸ Open Model)."""
        path = filedialogs.open_file_name(
            self,
            "Open a digit model",
            self._last_folder(MODEL_FOLDER_KEY),
            "Digit models (*.keras *.h5 *.tflite *.onnx);;All files (*)",
        )
        if path:
            self.open_model(path)

    def open_model(self, path: str | Path) -> None:
        """Read with this model beside digitpad's; its conventions are found first."""
        self.status_bar.say(f"Opening {Path(path).name} and finding its conventions…")
        self._asked_model = str(path)
        self.live.open_theirs(str(path))

    @Slot(object)
    def _on_theirs_opened(self, opened: OpenedModel) -> None:
        name, conventions, how = opened.name, opened.conventions, opened.how
        if self._asked_model is not None:  # not a new convention of the model already open
            self._model_path, self._asked_model = self._asked_model, None
            self.settings.setValue(MODEL_FOLDER_KEY, str(Path(self._model_path).parent))
        self._conventions = conventions
        self._show_theirs(name)
        if self._model_failed:
            self.theirs_chart.show_error(THEIRS_NEED_OURS)
        self.theirs_title.setText(f"Your model: {name}")
        self.theirs_title.setToolTip(f"{name}: {conventions.describe()} ({how})")
        # The conventions are in the title's tip and in Model ▸ Your Model's Conventions.
        if opened.doubtful:  # near chance, or the conventions set are not its own: a box
            self._report(f"{name}: {how}")
        else:  # the whole clause is in the title's tip: the status bar is narrow
            self.status_bar.say(
                f"{name}: {opened.right:.1%} of {opened.count} digits right.", 10000
            )
        self._check_conventions(conventions)

    def _check_conventions(self, conventions: Conventions) -> None:
        """Tick the items of Your Model's Conventions that these conventions are."""
        for action in self.scale_actions:
            action.setChecked(action.data() == conventions.scale)
        self.inverted_action.setChecked(conventions.inverted)
        self.logits_action.setChecked(conventions.logits)

    @Slot(str)
    def _on_theirs_failed(self, message: str) -> None:
        self._asked_model = None  # the model open before, if any, stays open
        if self._conventions is not None:  # and so do its conventions, refused ones unticked
            self._check_conventions(self._conventions)
        self._report(message)

    def _ticked_conventions(self) -> Conventions:
        """The conventions ticked in Model ▸ Your Model's Conventions."""
        from digitpad.core.foreign import Conventions

        scale = next(a.data() for a in self.scale_actions if a.isChecked())
        return Conventions(scale, self.inverted_action.isChecked(), self.logits_action.isChecked())

    def _reconvene(self) -> None:
        """The user changed a convention in the menu: read with it from now on."""
        self.live.open_theirs(self._model_path, self._ticked_conventions())

    def close_model(self) -> None:
        """Stop reading with the user's model."""
        self.live.close_theirs()
        self._show_theirs(None)

    def _show_theirs(self, name: str | None) -> None:
        """Show the user's model's chart beside digitpad's (name None: hide it)."""
        shown = name is not None
        appears = shown and self.theirs_chart.isHidden()
        before = self.height()
        for widget in (self.ours_title, self.theirs_title, self.theirs_chart):
            widget.setVisible(shown)
        # Two charts share the panel: each asks room for fewer bars, and shows more if it can.
        # The window grows for the second where the screen has room; a chart short of room
        # (a small screen, or the user made the window smaller) says how many bars it left out.
        for chart in (self.chart, self.theirs_chart):
            chart.set_fewest_bars(TWO_CHARTS_BARS if shown else 10)
        self._keep_minimum()
        if appears:
            self._grow_for_theirs(before)
        elif not shown:
            self._give_back_growth()
        self.conventions_menu.setEnabled(shown)
        self.close_model_action.setEnabled(shown)
        if not shown:
            self._model_path = None

    def _grow_for_theirs(self, before: int) -> None:
        """Make the window taller than it was (before, pixels), as far as the screen allows,
        by what the user's model's chart and the two titles need to show all its bars: the
        user opened it to compare the two."""
        if self.isMaximized() or self.isFullScreen():
            return
        # Both charts stretch alike: each gets half of what digitpad's had, less the titles.
        spacing = self.chart.parentWidget().layout().spacing()
        titles = self.ours_title.sizeHint().height() + self.theirs_title.sizeHint().height()
        full = max(chart.full_height() for chart in (self.chart, self.theirs_chart))
        added = 2 * full + titles + 2 * spacing - self.chart.height()
        self.resize(self.width(), max(self.height(), before + added))
        self._into_screen()
        self._grown_for_theirs = (self.height() - before, self.height())

    def _give_back_growth(self) -> None:
        """Once the user's model is closed, the height it added, unless the user has resized
        the window since."""
        growth, grown_to = self._grown_for_theirs
        self._grown_for_theirs = (0, 0)
        if growth > 0 and self.height() == grown_to and not self.isMaximized():
            self.resize(self.width(), self.height() - growth)

    def evaluate(self) -> None:
        """Model ▸ Evaluate…: the report for the user's model if one is open, else digitpad's."""
        from digitpad.gui.report import Evaluation, ReportDialog

        model = self._model_path
        name = Path(model).name if model else "digitpad's model"
        dialog = ReportDialog(f"How {name} reads real handwriting", self, self._last_folder())
        overrides = {}
        if model:  # as ticked: the model may still be reopening with the latest tick
            c = self._ticked_conventions()
            overrides = {"scale": c.scale, "inverted": c.inverted, "logits": c.logits}
        evaluation = Evaluation(model, overrides, dialog)
        evaluation.finished.connect(dialog.show_report)
        dialog.finished.connect(lambda _: evaluation.cancel())
        dialog.show()
