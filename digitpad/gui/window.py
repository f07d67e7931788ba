"""The main window: canvas, chart and preview, menus, files, settings, and all signal wiring."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSlider,
    QSpinBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from digitpad import __version__
from digitpad.core.errors import InputError
from digitpad.core.resources import assets_dir
from digitpad.gui import colours
from digitpad.gui.canvas import InkCanvas
from digitpad.gui.chart import ProbabilityChart
from digitpad.gui.live import LiveRecognition
from digitpad.gui.preview import InputPreview

log = logging.getLogger(__name__)

OPEN_FILTER = (
    "Drawings and images (*.json *.ink *.png *.jpg *.jpeg *.bmp *.gif *.tif "
    "*.tiff *.webp *.pgm *.ppm);;Ink files (*.json *.ink);;All files (*)"
)
DEFAULTS = {"pen": 100, "top_k": 5}


class MainWindow(QMainWindow):
    """Owns the widgets and the live recognition, and connects them."""

    modelLoaded = Signal(bool)  # the model is ready (True) or failed
    readingShown = Signal()  # the chart shows a reading of the current drawing

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptDrops(True)
        self.settings = QSettings()
        self.canvas = InkCanvas()
        self.chart = ProbabilityChart()
        self.preview = InputPreview()
        self.live = LiveRecognition(self._drawing_to_read, self)
        self._build_layout()
        self._build_actions()
        self._wire()
        self._restore_settings()
        self._tint_caption()
        self._update_title()

    @property
    def metadata(self):
        """The loaded model's ModelMetadata, or None."""
        return self.live.metadata

    # ------------------------------------------------------------------ building

    def _build_layout(self) -> None:
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.chart, 1)
        self.caption = QLabel("What the network sees")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        side.addWidget(self.caption)
        side.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignHCenter)
        panel = QWidget()
        panel.setLayout(side)
        panel.setMinimumWidth(220)
        panel.setMaximumWidth(420)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(8, 8, 8, 8)
        row.addWidget(self.canvas, 3)
        row.addWidget(panel, 1)
        self.setCentralWidget(central)
        self.model_status = QLabel("Loading the model…")
        self.statusBar().addPermanentWidget(self.model_status)
        self.setMinimumSize(560, 400)

    def _action(self, text: str, slot, shortcuts=(), tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setStatusTip(tip)
        action.setToolTip(tip or text.replace("&", "").rstrip("…"))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.new_action = self._action("&New", self.new_drawing, [keys.New], "Start a new drawing")
        self.open_action = self._action(
            "&Open…", self.open_dialog, [keys.Open], "Open a drawing (ink file) or an image to read"
        )
        self.save_action = self._action(
            "&Save Ink", self.save_ink, [keys.Save], "Save the drawing as an ink file"
        )
        self.save_as_action = self._action(
            "Save Ink &As…", self.save_ink_as, [keys.SaveAs], "Save the drawing as a new ink file"
        )
        self.export_action = self._action(
            "&Export PNG…", self.export_png, ["Ctrl+E"], "Save the drawing as a PNG image"
        )
        self.quit_action = self._action("&Quit", self.close, [keys.Quit], "Quit digitpad")
        self.undo_action = self._action(
            "&Undo", self.canvas.undo, [keys.Undo], "Take back the last change"
        )
        self.redo_action = self._action(
            "&Redo", self.canvas.redo, [keys.Redo, "Ctrl+Y"], "Put back the last change taken back"
        )
        self.clear_action = self._action(
            "&Clear",
            self.canvas.clear,
            ["Esc", keys.Delete, "Backspace"],
            "Clear the sheet (can be undone)",
        )
        self.defaults_action = self._action(
            "Restore &Defaults",
            self.restore_defaults,
            (),
            "Pen width, chart length and window size as new",
        )
        self.about_action = self._action("&About digitpad", self.show_about)

        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        for action in (
            self.new_action,
            self.open_action,
            self.save_action,
            self.save_as_action,
            self.export_action,
        ):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menus.addMenu("&Edit")
        for action in (self.undo_action, self.redo_action, self.clear_action):
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.defaults_action)
        menus.addMenu("&Help").addAction(self.about_action)

        tools = QToolBar("Drawing")
        tools.setObjectName("toolbar")
        tools.setMovable(False)
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.clear_action, self.undo_action, self.redo_action):
            tools.addAction(action)
        tools.addSeparator()
        tools.addWidget(QLabel(" Pen "))
        self.pen_slider = QSlider(Qt.Orientation.Horizontal)
        self.pen_slider.setObjectName("pen_width")
        self.pen_slider.setRange(40, 250)
        self.pen_slider.setFixedWidth(120)
        self.pen_slider.setToolTip("Pen width, as a percentage of the default")
        self.pen_slider.setAccessibleName("Pen width")
        tools.addWidget(self.pen_slider)
        tools.addSeparator()
        tools.addWidget(QLabel(" Show top "))
        self.top_k_box = QSpinBox()
        self.top_k_box.setObjectName("top_k")
        self.top_k_box.setRange(1, 10)
        self.top_k_box.setToolTip("How many digits the chart shows")
        self.top_k_box.setAccessibleName("Digits shown in the chart")
        tools.addWidget(self.top_k_box)
        self.addToolBar(tools)

    def _wire(self) -> None:
        self.canvas.strokeMoved.connect(self.live.moved)
        self.canvas.documentChanged.connect(self.live.changed)
        self.canvas.documentChanged.connect(self._on_document_changed)
        self.pen_slider.valueChanged.connect(self._on_pen_changed)
        self.pen_slider.sliderReleased.connect(self.canvas.setFocus)
        self.top_k_box.valueChanged.connect(self.chart.set_top_k)
        self.top_k_box.valueChanged.connect(lambda k: self.settings.setValue("top_k", k))
        self.top_k_box.editingFinished.connect(self.canvas.setFocus)
        self.live.modelReady.connect(self._on_model_ready)
        self.live.modelFailed.connect(self._on_model_failed)
        self.live.recognized.connect(self._on_recognized)
        self.live.failed.connect(self._on_recognition_failed)
        self.live.settled.connect(self.readingShown)
        self.live.restarting.connect(self._on_restarting)

    def start_model(self) -> None:
        """Start loading the model in the background; call once the window is shown."""
        self.live.start()

    # ------------------------------------------------------------------ recognition

    def _drawing_to_read(self):
        return None if self.canvas.is_empty() else self.canvas.drawing()

    @Slot(object, object)
    def _on_recognized(self, recognition, model_input) -> None:
        if self.canvas.is_empty() or recognition is None:
            self.chart.show_empty()
            self.preview.show_input(None)
        else:
            self.chart.show_recognition(recognition)
            self.preview.show_input(model_input)

    @Slot(str)
    def _on_recognition_failed(self, message: str) -> None:
        self.chart.show_error(message)
        self.preview.show_input(None)
        self.statusBar().showMessage(message, 8000)

    @Slot(object)
    def _on_model_ready(self, metadata) -> None:
        self.model_status.setText("Model ready")
        self.chart.show_empty()
        self.modelLoaded.emit(True)

    @Slot(str)
    def _on_model_failed(self, message: str) -> None:
        self.model_status.setText("No model")
        self.chart.show_error(message + "\n\nYou can still draw, open and save drawings.")
        self.statusBar().showMessage(message)
        self.modelLoaded.emit(False)

    @Slot(str)
    def _on_restarting(self, message: str) -> None:
        self.model_status.setText("Restarting the model…")
        self.chart.show_error(message)

    @Slot()
    def _on_document_changed(self) -> None:
        document = self.canvas.document
        self.undo_action.setEnabled(document.can_undo())
        self.redo_action.setEnabled(document.can_redo())
        for action in (self.save_action, self.save_as_action, self.export_action):
            action.setEnabled(document.has_ink)
        self._update_title()

    def _update_title(self) -> None:
        path = self.canvas.document.path
        self.setWindowTitle(f"{path.name if path else 'Untitled'}[*] — digitpad")
        self.setWindowModified(self.canvas.document.modified and self.canvas.document.has_ink)

    @Slot(int)
    def _on_pen_changed(self, value: int) -> None:
        self.canvas.set_pen_scale(value / 100)
        self.settings.setValue("pen", value)

    # ------------------------------------------------------------------ settings

    def _restore_settings(self) -> None:
        self.pen_slider.setValue(int(self.settings.value("pen", DEFAULTS["pen"])))
        self.top_k_box.setValue(int(self.settings.value("top_k", DEFAULTS["top_k"])))
        geometry = self.settings.value("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self._default_size()
        self._on_document_changed()

    def _default_size(self) -> None:
        """820x540, or nine tenths of a smaller screen (a laptop at 200% scaling)."""
        screen = self.screen().availableSize()
        self.resize(min(820, screen.width() * 9 // 10), min(540, screen.height() * 9 // 10))

    def restore_defaults(self) -> None:
        """Pen width, chart length and window size as on a first start."""
        self.pen_slider.setValue(DEFAULTS["pen"])
        self.top_k_box.setValue(DEFAULTS["top_k"])
        self._default_size()
        self.settings.remove("last_folder")

    def _last_folder(self) -> str:
        return str(self.settings.value("last_folder", str(Path.home())))

    # ------------------------------------------------------------------ files

    def new_drawing(self) -> None:
        if self._confirm_discard("Start a new drawing"):
            self.canvas.clear()

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open a drawing or image", self._last_folder(), OPEN_FILTER
        )
        if path:
            self.open_file(path)

    def open_file(self, path: str | Path) -> bool:
        """Show a drawing or image from a file; on failure, say why and keep the drawing."""
        from digitpad.core.files import load_drawing
        from digitpad.core.ink import Ink

        path = Path(path)
        try:
            drawing = load_drawing(path)
        except InputError as error:
            self._report(f"Could not open {path.name}: {error}.")
            return False
        except Exception as error:
            log.exception("opening %s failed", path)
            self._report(
                f"Could not open {path.name} ({type(error).__name__}); details are in the log file."
            )
            return False
        if not self._confirm_discard(f"Open {path.name}"):
            return False
        self.settings.setValue("last_folder", str(path.parent))
        if isinstance(drawing, Ink):
            self.canvas.open_ink(drawing, path)
        else:
            self.canvas.open_picture(drawing)
        self.statusBar().showMessage(f"Opened {path}", 5000)
        return True

    def save_ink(self) -> bool:
        if self.canvas.document.path is None:
            return self.save_ink_as()
        return self._write(self.canvas.document.path, "ink")

    def save_ink_as(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Save the drawing as ink",
            str(Path(self._last_folder()) / "digit.json"),
            "Ink files (*.json)",
        )
        return bool(path) and self._write(Path(path), "ink")

    def export_png(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Export the drawing as PNG",
            str(Path(self._last_folder()) / "digit.png"),
            "PNG images (*.png)",
        )
        return bool(path) and self._write(Path(path), "png")

    def _write(self, path: Path, kind: str) -> bool:
        from digitpad.core.files import atomic_write
        from digitpad.core.ink import ink_to_bytes
        from digitpad.core.render import export_image

        ink = self.canvas.document.ink()
        try:
            if kind == "ink":
                data = ink_to_bytes(ink)
            else:
                buffer = io.BytesIO()
                export_image(ink).save(buffer, "PNG")
                data = buffer.getvalue()
            atomic_write(path, data)
        except OSError as error:
            log.exception("saving %s failed", path)
            self._report(
                f"Could not save {path.name}: {error.strerror or error}. "
                "Your drawing is still here."
            )
            return False
        self.settings.setValue("last_folder", str(path.parent))
        if kind == "ink":
            self.canvas.document.mark_saved(path)
            self._update_title()
        self.statusBar().showMessage(f"Saved {path}", 5000)
        return True

    def _report(self, message: str) -> None:
        log.warning(message)
        self.statusBar().showMessage(message, 10000)
        QMessageBox.warning(self, "digitpad", message)

    def _confirm_discard(self, doing: str) -> bool:
        """Ask before an unsaved drawing is replaced; True means go ahead."""
        document = self.canvas.document
        if not document.modified or not document.has_ink:
            return True
        button = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self,
            "digitpad",
            f"{doing}? Your drawing has not been saved.",
            button.Save | button.Discard | button.Cancel,
            button.Save,
        )
        if answer == button.Save:
            return self.save_ink()
        return answer == button.Discard

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        files = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if files:
            event.acceptProposedAction()
            # Opening may ask a question; don't hold the drag source waiting for it.
            QTimer.singleShot(0, lambda: self.open_file(files[0]))

    # ------------------------------------------------------------------ about and closing

    def show_about(self) -> None:
        QMessageBox.about(self, "About digitpad", about_text(self.metadata))

    def discard_changes(self) -> None:
        """Forget that the drawing is unsaved, so that closing does not ask."""
        self.canvas.document.modified = False

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._confirm_discard("Quit"):
            event.ignore()
            return
        self.settings.setValue("geometry", self.saveGeometry())
        self.live.stop()
        event.accept()

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.PaletteChange:
            self._tint_caption()
        super().changeEvent(event)

    def _tint_caption(self) -> None:
        palette = self.caption.palette()
        palette.setColor(self.caption.foregroundRole(), colours.muted(self))
        self.caption.setPalette(palette)


def about_text(metadata) -> str:
    """The About box's rich text for a ModelMetadata (or None when no model is loaded)."""
    lines = [
        f"<h3>digitpad {__version__}</h3>",
        "<p>Draw a digit; a convolutional network reads it as you write.</p>",
    ]
    if metadata is None:
        lines.append("<p>The model is not loaded.</p>")
    else:
        lines.append(
            f"<p><b>Model</b>: {metadata.name}, {metadata.parameters:,} parameters<br>"
            f"MNIST test accuracy of the network alone: {metadata.mnist_test_accuracy:.2%}<br>"
            f"Preprocessing version: {metadata.preprocessing_version}<br>"
            f"Trained: {metadata.created} with TensorFlow {metadata.tensorflow}</p>"
        )
    return "".join(lines)


def window_icon() -> QIcon:
    return QIcon(str(assets_dir() / "icon.png"))
