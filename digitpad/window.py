"""The main window: canvas, chart and preview, menus, files, and all the signal wiring."""

from __future__ import annotations

import logging
from pathlib import Path

# Dialogs, images and icons are first needed after the first frame, so they are named through
# their module: PySide6 builds a class's enums when the class is first looked up, a few ms
# each, and the first frame would wait for them. Qt-namespace enums before the first frame
# are set by name (setProperty): see digitpad.app.
from PySide6 import QtGui, QtWidgets
from PySide6.QtCore import QThread, QTimer, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSlider,
    QSpinBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from digitpad import __version__
from digitpad.canvas import InkCanvas
from digitpad.chart import ProbabilityChart
from digitpad.painting import MUTED, set_colours
from digitpad.preview import InputPreview
from digitpad.worker import RecognitionWorker

log = logging.getLogger(__name__)

# While the pen moves, the drawing is re-read at most this often; a new request is only sent
# once the previous answer is back, so recognition can never fall behind the pen.
LIVE_INTERVAL_MS = 40
OPEN_FILTER = ("Drawings and images (*.json *.ink *.png *.jpg *.jpeg *.bmp *.gif *.tif "
               "*.tiff *.webp *.pgm *.ppm);;Ink files (*.json *.ink);;All files (*)")


class MainWindow(QMainWindow):
    """Owns the widgets and the recognition thread, and connects them."""

    recognitionRequested = Signal(int, object)
    modelLoadRequested = Signal()
    modelLoaded = Signal(bool)   # on the GUI thread: the model is ready (True) or failed
    readingShown = Signal()      # on the GUI thread: the chart shows the current drawing

    def __init__(self, model_dir: str | None = None) -> None:
        super().__init__()
        self.setWindowTitle("digitpad")
        self.setAcceptDrops(True)
        self.metadata: dict | None = None
        self._model_dir = model_dir
        self._request = 0          # id of the latest request sent to the worker
        self._busy = False         # a request is with the worker
        self._dirty = False        # the drawing changed since the last request
        self._ink_path: Path | None = None
        self._picture_image = None  # the PIL image behind an opened picture
        self._last_dir = str(Path.home())

        self.canvas = InkCanvas()
        self.chart = ProbabilityChart()
        self.preview = InputPreview()
        self._build_layout()
        self._build_actions()
        self._live_timer = QTimer(self, singleShot=True, interval=LIVE_INTERVAL_MS)
        self._wire()
        self.resize(820, 540)

    # ------------------------------------------------------------------ building

    def _build_layout(self) -> None:
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.chart, 1)
        caption = QLabel("What the network sees")
        set_colours(caption, text=MUTED)
        caption.setProperty("alignment", "AlignHCenter")
        side.addWidget(caption)
        centred = QHBoxLayout()
        centred.addStretch()
        centred.addWidget(self.preview)
        centred.addStretch()
        side.addLayout(centred)
        panel = QWidget()
        panel.setLayout(side)
        panel.setFixedWidth(280)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(8, 8, 8, 8)
        row.addWidget(self.canvas, 1)
        row.addWidget(panel)
        self.setCentralWidget(central)
        self.model_status = QLabel("Loading the model…")
        self.statusBar().addPermanentWidget(self.model_status)

    def _action(self, text: str, slot, shortcuts=(), tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.open_action = self._action("&Open…", self.open_dialog, [keys.Open],
                                        "Open a drawing (ink file) or an image to read")
        self.save_action = self._action("&Save Ink", self.save_ink, [keys.Save],
                                        "Save the drawing as an ink file")
        self.save_as_action = self._action("Save Ink &As…", self.save_ink_as, [keys.SaveAs])
        self.export_action = self._action("&Export PNG…", self.export_png, ["Ctrl+E"],
                                          "Save the drawing as a PNG image")
        self.quit_action = self._action("&Quit", self.close, [keys.Quit])
        self.undo_action = self._action("&Undo", self.canvas.undo, [keys.Undo],
                                        "Take back the last stroke")
        self.redo_action = self._action("&Redo", self.canvas.redo, [keys.Redo, "Ctrl+Y"],
                                        "Put back the last stroke taken back")
        self.clear_action = self._action("&Clear", self.canvas.clear,
                                         ["Esc", keys.Delete, "Backspace"],
                                         "Start a new drawing (Esc)")
        self.about_action = self._action("&About digitpad", self.show_about)

        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        for action in (self.open_action, self.save_action, self.save_as_action,
                       self.export_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menus.addMenu("&Edit")
        for action in (self.undo_action, self.redo_action, self.clear_action):
            edit_menu.addAction(action)
        menus.addMenu("&Help").addAction(self.about_action)

        tools = QToolBar("Drawing")
        tools.setObjectName("toolbar")
        tools.setMovable(False)
        tools.setProperty("toolButtonStyle", "ToolButtonTextOnly")
        for action in (self.clear_action, self.undo_action, self.redo_action):
            tools.addAction(action)
        tools.addSeparator()
        tools.addWidget(QLabel(" Pen "))
        self.pen_slider = QSlider()
        self.pen_slider.setProperty("orientation", "Horizontal")
        self.pen_slider.setObjectName("pen_width")
        self.pen_slider.setRange(40, 250)
        self.pen_slider.setValue(100)
        self.pen_slider.setFixedWidth(120)
        self.pen_slider.setToolTip("Pen width")
        tools.addWidget(self.pen_slider)
        tools.addSeparator()
        tools.addWidget(QLabel(" Show top "))
        self.top_k_box = QSpinBox()
        self.top_k_box.setObjectName("top_k")
        self.top_k_box.setRange(1, 10)
        self.top_k_box.setValue(self.chart.top_k())
        self.top_k_box.setToolTip("How many digits the chart shows")
        tools.addWidget(self.top_k_box)
        self.addToolBar(tools)

    def _wire(self) -> None:
        self.canvas.strokeMoved.connect(self._on_stroke_moved)
        self.canvas.inkChanged.connect(self._on_ink_changed)
        self._live_timer.timeout.connect(self._send_request)
        self.pen_slider.valueChanged.connect(lambda v: self.canvas.set_pen_scale(v / 100))
        self.top_k_box.valueChanged.connect(self.chart.set_top_k)

        self._thread = QThread(self)
        self._worker = RecognitionWorker(self._model_dir)
        self._worker.moveToThread(self._thread)
        self.modelLoadRequested.connect(self._worker.load)
        self.recognitionRequested.connect(self._worker.recognize)
        self._worker.modelReady.connect(self._on_model_ready)
        self._worker.modelFailed.connect(self._on_model_failed)
        self._worker.recognized.connect(self._on_recognized)
        self._worker.failed.connect(self._on_recognition_failed)
        self._update_actions()

    def start_model(self) -> None:
        """Start loading the model in the background; call once the window is shown."""
        self._thread.start()
        self.modelLoadRequested.emit()

    # ------------------------------------------------------------------ recognition

    @Slot()
    def _on_stroke_moved(self) -> None:
        self._dirty = True
        if not self._live_timer.isActive():
            self._live_timer.start()

    @Slot()
    def _on_ink_changed(self) -> None:
        self._dirty = True
        self._update_actions()
        self._live_timer.stop()
        self._send_request()

    @Slot()
    def _send_request(self) -> None:
        if self.metadata is None or self._busy or not self._dirty:
            return
        self._dirty = False
        if self.canvas.is_empty():
            self.chart.show_empty()
            self.preview.show_input(None)
            return
        self._busy = True
        self._request += 1
        picture = self.canvas.picture()
        drawing = self._picture_image if picture is not None else self.canvas.ink()
        self.recognitionRequested.emit(self._request, drawing)

    @Slot(int, object, object)
    def _on_recognized(self, request: int, recognition, model_input) -> None:
        self._busy = False
        if self.canvas.is_empty() or recognition is None:
            self.chart.show_empty()
            self.preview.show_input(None)
        else:
            # Shown even if the pen has moved on since: a reading a few points old beats none
            # while the pen keeps moving.
            self.chart.show_recognition(recognition)
            self.preview.show_input(model_input)
        if self._dirty:
            self._send_request()
        else:
            self.readingShown.emit()

    @Slot(int, str)
    def _on_recognition_failed(self, request: int, message: str) -> None:
        self._busy = False
        self.chart.show_error(message)
        self.statusBar().showMessage(message, 8000)
        self.readingShown.emit()
        self._send_request()

    @Slot(dict)
    def _on_model_ready(self, metadata: dict) -> None:
        self.metadata = metadata
        self.model_status.setText("Model ready")
        self.chart.show_empty()
        self.modelLoaded.emit(True)
        self._dirty = True
        self._send_request()

    @Slot(str)
    def _on_model_failed(self, message: str) -> None:
        self.model_status.setText("No model")
        self.chart.show_error(message + "\n\nYou can still draw, open and save drawings.")
        self.statusBar().showMessage(message)
        self.modelLoaded.emit(False)

    def _update_actions(self) -> None:
        self.undo_action.setEnabled(self.canvas.can_undo())
        self.redo_action.setEnabled(self.canvas.can_redo())
        has_ink = self.canvas.has_ink()
        for action in (self.save_action, self.save_as_action, self.export_action):
            action.setEnabled(has_ink)

    # ------------------------------------------------------------------ files

    def open_dialog(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, "Open a drawing or image", self._last_dir, OPEN_FILTER)
        if path:
            self.open_file(path)

    def open_file(self, path: str | Path) -> bool:
        """Show a drawing or image from a file; on failure, say why and keep the drawing."""
        from digitpad.errors import InputError
        from digitpad.files import load_drawing
        from digitpad.ink import Ink
        path = Path(path)
        try:
            drawing = load_drawing(path)
        except InputError as error:
            self._report(f"Could not open {path.name}: {error}.")
            return False
        except Exception as error:
            log.exception("opening %s failed", path)
            self._report(f"Could not open {path.name} ({type(error).__name__}); "
                         "details are in the log file.")
            return False
        if not self._confirm_discard(f"Open {path.name}"):
            return False
        self._last_dir = str(path.parent)
        if isinstance(drawing, Ink):
            self.canvas.set_ink(drawing)
            self._ink_path = path
        else:
            self._picture_image = drawing
            self.canvas.set_picture(_to_qimage(drawing))
            self._ink_path = None
        self.setWindowTitle(f"{path.name} — digitpad")
        self.statusBar().showMessage(f"Opened {path}", 5000)
        return True

    def save_ink(self) -> bool:
        if self._ink_path is None:
            return self.save_ink_as()
        return self._write(self._ink_path, "ink")

    def save_ink_as(self) -> bool:
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, "Save the drawing as ink", str(Path(self._last_dir) / "digit.json"),
            "Ink files (*.json)")
        if not path:
            return False
        if self._write(Path(path), "ink"):
            self._ink_path = Path(path)
            self.setWindowTitle(f"{Path(path).name} — digitpad")
            return True
        return False

    def export_png(self) -> bool:
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, "Export the drawing as PNG", str(Path(self._last_dir) / "digit.png"),
            "PNG images (*.png)")
        return bool(path) and self._write(Path(path), "png")

    def _write(self, path: Path, kind: str) -> bool:
        import io

        from digitpad.files import atomic_write
        from digitpad.ink import ink_to_bytes, render_ink
        ink = self.canvas.ink()
        try:
            if kind == "ink":
                data = ink_to_bytes(ink)
            else:
                buffer = io.BytesIO()
                render_ink(ink).save(buffer, "PNG")
                data = buffer.getvalue()
            atomic_write(path, data)
        except OSError as error:
            log.exception("saving %s failed", path)
            self._report(f"Could not save {path.name}: {error.strerror or error}. "
                         "Your drawing is still here.")
            return False
        self._last_dir = str(path.parent)
        if kind == "ink":
            self.canvas.modified = False
        self.statusBar().showMessage(f"Saved {path}", 5000)
        return True

    def _report(self, message: str) -> None:
        log.warning(message)
        self.statusBar().showMessage(message, 10000)
        QtWidgets.QMessageBox.warning(self, "digitpad", message)

    def _confirm_discard(self, doing: str) -> bool:
        """Ask before an unsaved drawing is replaced; True means go ahead."""
        if not self.canvas.modified or not self.canvas.has_ink():
            return True
        button = QtWidgets.QMessageBox.StandardButton
        answer = QtWidgets.QMessageBox.question(
            self, "digitpad", f"{doing}? Your drawing has not been saved.",
            button.Save | button.Discard | button.Cancel, button.Save)
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
        QtWidgets.QMessageBox.about(self, "About digitpad", about_text(self.metadata))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._confirm_discard("Quit"):
            event.ignore()
            return
        self._thread.quit()
        self._thread.wait(2000)
        self._worker.stop()
        event.accept()


def about_text(metadata: dict | None) -> str:
    lines = [f"<h3>digitpad {__version__}</h3>",
             "<p>Draw a digit; a convolutional network reads it as you write.</p>"]
    if metadata:
        accuracy = metadata.get("mnist_test_accuracy", 0.0)
        lines.append(
            "<p><b>Model</b>: {name}, {params:,} parameters<br>"
            "MNIST test accuracy of the network alone: {acc:.2%}<br>"
            "Preprocessing version: {pre}<br>Input: {shape}<br>"
            "Trained: {created} with TensorFlow {tf}</p>".format(
                name=metadata.get("name", "CNN"), params=metadata.get("parameters", 0),
                acc=accuracy, pre=metadata.get("preprocessing_version"),
                shape=" × ".join(map(str, metadata.get("input_shape", []))),
                created=metadata.get("created", "?"), tf=metadata.get("tensorflow", "?")))
    else:
        lines.append("<p>The model is not loaded.</p>")
    return "".join(lines)


def _to_qimage(image) -> QtGui.QImage:
    from digitpad.preprocess import to_grey
    rgba = (to_grey(image) if image.mode in ("I", "F") else image).convert("RGBA")
    data = rgba.tobytes("raw", "RGBA")
    return QtGui.QImage(data, rgba.width, rgba.height, 4 * rgba.width,
                        QtGui.QImage.Format.Format_RGBA8888).copy()


def window_icon() -> QtGui.QIcon:
    from digitpad.resources import assets_dir
    return QtGui.QIcon(str(assets_dir() / "icon.png"))
