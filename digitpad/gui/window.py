"""The main window: canvas, chart and preview, menus, files, settings, and all signal wiring."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QLockFile,
    QSettings,
    QSignalBlocker,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QMoveEvent,
    QResizeEvent,
    QShortcut,
    QStatusTipEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from digitpad import __version__
from digitpad.core.format import article, sentence
from digitpad.core.format import count as plural
from digitpad.core.resources import assets_dir, data_dir
from digitpad.gui import colours, dialogs
from digitpad.gui.canvas import InkCanvas
from digitpad.gui.chart import MARGIN as CHART_MARGIN
from digitpad.gui.chart import ProbabilityChart
from digitpad.gui.digits import DigitsMixin
from digitpad.gui.filing import PICTURE_NAME_KEY, FilesMixin
from digitpad.gui.live import LiveRecognition
from digitpad.gui.number import NumberView
from digitpad.gui.placement import WINDOWS_FOLDER, WindowSlot, cascade
from digitpad.gui.preview import LARGEST_SIDE as PREVIEW_LARGEST_SIDE
from digitpad.gui.preview import SIDE as PREVIEW_SIDE
from digitpad.gui.preview import SMALLEST_SIDE as PREVIEW_SMALLEST_SIDE
from digitpad.gui.preview import InputPreview
from digitpad.gui.slider import FocusSlider
from digitpad.gui.status import StatusBar
from digitpad.gui.stepbox import StepBox
from digitpad.gui.teaching import UNDO_TIP, LearningMixin, Untaught
from digitpad.gui.theirs import MODEL_FOLDER_KEY, THEIRS_NEED_OURS, TheirModelMixin
from digitpad.gui.title import ChartTitle

if TYPE_CHECKING:
    from PIL import Image

    from digitpad.core.profile import Profile, Sample
    from digitpad.core.reader import DrawingReading
    from digitpad.core.recognizer import ModelMetadata
    from digitpad.core.recovery import Recovery
    from digitpad.gui.help import HelpWindow

log = logging.getLogger(__name__)

DEFAULTS = {"pen": 100, "top_k": 5}
MINIMUM_SIZE = (560, 400)  # the smallest window in which everything stays readable
KEEP_AFTER_MS = 1000  # an unsaved change is kept on disk at most this long after it is made
PROFILE_CHECK_MS = 2000  # how often the window looks whether the samples changed elsewhere
# The window's size and place are saved this long after it was last resized or moved, not
# only on quitting: a crash or a power cut would lose them.
GEOMETRY_SAVE_MS = 1000
PICTURE_REPLACED = "A new drawing replaced the picture: Undo each stroke to get it back."
TOP_K_TAKES_KEYS = "Keys typed now go to Show top; Esc gives them back."
PEN_TAKES_KEYS = "The arrow keys now set the Pen; Esc gives them back to the drawing."
KEYS_BACK = "Keys act on the drawing again."


class MainWindow(FilesMixin, LearningMixin, TheirModelMixin, DigitsMixin, QMainWindow):
    """Owns the widgets and the live recognition, and connects them."""

    modelLoaded = Signal(bool)  # the model is ready (True) or failed
    readingShown = Signal()  # the chart shows a reading of the current drawing

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptDrops(True)
        self.status_bar = StatusBar()
        self.setStatusBar(self.status_bar)
        self.settings = QSettings()
        self.canvas = InkCanvas()
        self.chart = ProbabilityChart()
        self.theirs_chart = ProbabilityChart()
        self.theirs_chart.setObjectName("theirs_chart")
        self.theirs_chart.setAccessibleName("Your model's reading")
        self.theirs_chart.hide()
        self.number = NumberView()
        self.preview = InputPreview()
        self.reading = None  # the latest DrawingReading shown
        # Strokes of the drawing, or its picture, when a settled reading was last shown.
        self._strokes_read = 0
        self._picture_read: Image.Image | None = None
        self._model_path: str | None = None  # the user's model, read beside digitpad's
        self._asked_model: str | None = None  # the model being opened, until it is
        self._model_failed = False  # digitpad's own model could not be loaded
        self._conventions = None  # and its Conventions
        self._grown_for_theirs = (0, 0)  # the height its chart added, and the height then
        self.selected = 0  # the digit of a number whose reading the charts show
        # The charts follow the digit being written, until the user picks one or the drawing
        # changes otherwise (open, undo): the pen moved since the drawing last changed, or
        # the last change was the pen's.
        self._pen_moved = self._follow_pen = False
        # End was pressed since the drawing last changed: its reading, when it comes, shows
        # its last digit too, however many digits it has.
        self._at_end = False
        # The drawing changed since the reading shown was made: that reading is not taught.
        self.drawing_unread = False
        self._picture_before = None  # the picture shown before the latest change, if any
        self._drawing_before = self.canvas.document.drawing_id  # and the drawing's id
        # The picture (if any) and the id of the drawing last sent to be read.
        self._sent: tuple[Image.Image | None, int] = (None, self._drawing_before)
        self.profile: Profile | None = None  # the user's handwriting; opened by start_model
        self._profile_revision: tuple[int, int, int] | None = None  # as the window shows it
        self._taught: list[Sample] = []  # the samples taught in this session, last last
        self._last_drawing: object = None  # the drawing of the sample taught last
        # The corrections taught since the drawing last changed, which Undo forgets first.
        self._corrections = 0
        self._drawing_of: dict[Sample, object] = {}  # each sample taught here: its drawing
        # The drawings and digits Undo forgot, last last: Redo teaches them again in turn.
        self._untaught: list[Untaught] = []
        self._stepping = False  # Undo or Redo is changing the drawing, not a new edit
        self._relabelled: list[int] = []  # the digits the last drawing was taught as before
        self._expected: int | None = None  # the digit just taught, until it is read again
        self.live = LiveRecognition(self._drawing_to_read, self)
        # The unsaved drawing, kept on disk while the app runs (core/recovery.py): its file,
        # the lock held on it, and whether closing keeps it for the next start.
        self._recovery: Recovery | None = None
        self._told_not_kept = False  # that unsaved drawings cannot be kept: told once
        # Each ink file's files.file_stamp when last read or written here: changed since, it
        # was written by another program, and Save asks before replacing that.
        self._disk_stamps: dict[Path, tuple[int, int, int] | None] = {}
        self.recovery_said = ""  # what start_recovery said of the drawings it reopened
        self._recovery_lock: QLockFile | None = None
        self._keep_on_close = False
        self._slot = WindowSlot(data_dir() / WINDOWS_FOLDER)  # its place among digitpads running
        self._keep_timer = QTimer(self, singleShot=True, interval=KEEP_AFTER_MS)
        # `digitpad profile import|forget` from a terminal shows within this (a stat each time).
        self._profile_timer = QTimer(self, interval=PROFILE_CHECK_MS)
        self._geometry_timer = QTimer(self, singleShot=True, interval=GEOMETRY_SAVE_MS)
        self._help: HelpWindow | None = None  # Help ▸ digitpad Help, once opened
        self._keys_said = TOP_K_TAKES_KEYS  # what the status bar last said of the toolbar's keys
        self._build_layout()
        self._build_actions()
        self._wire()
        self._restore_settings()
        self._update_samples()
        self._tint_caption()
        self._update_title()

    @property
    def metadata(self) -> ModelMetadata | None:
        """The loaded model's ModelMetadata, or None."""
        return self.live.metadata

    # ------------------------------------------------------------------ building

    def _build_layout(self) -> None:
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.number)
        self.ours_title = ChartTitle("digitpad")
        self.theirs_title = ChartTitle()
        for title in (self.ours_title, self.theirs_title):
            title.setContentsMargins(CHART_MARGIN, 0, 0, 0)  # in line with the chart's contents
            title.hide()
        side.addWidget(self.ours_title)
        side.addWidget(self.chart, 1)
        side.addWidget(self.theirs_title)
        side.addWidget(self.theirs_chart, 1)
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
        self.samples_status = QLabel()
        # Shown while unsaved drawings cannot be kept for the next start (filing.py).
        self.unkept_status = QLabel("Not kept if it crashes")
        self.unkept_status.hide()
        for label in (self.unkept_status, self.samples_status, self.model_status):
            label.setContentsMargins(12, 0, 0, 0)  # apart from the message and each other
            self.status_bar.addPermanentWidget(label)
        self.model_status.setContentsMargins(12, 0, 8, 0)  # off the edge once maximised too
        self._keep_minimum()

    def _action(
        self, text: str, slot, shortcuts=(), tip: str = "", pen_up: bool = False
    ) -> QAction:
        """A window action; pen_up: refused while a stroke is being drawn (pen_is_down), as
        an action that replaces, saves or leaves the drawing would lose the stroke."""

        def unless_pen_is_down() -> None:
            if not self.pen_is_down():
                slot()

        action = QAction(text, self)
        keys: list[QKeySequence] = []
        for key in map(QKeySequence, shortcuts):  # a standard key: the platform's first one
            if key not in keys:
                keys.append(key)
        action.setShortcuts(keys)
        action.setStatusTip(tip)
        action.setToolTip(tip or text.replace("&", "").rstrip("…"))
        action.triggered.connect(unless_pen_is_down if pen_up else slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.new_action = self._action(
            "&New", self.new_drawing, [keys.New], "Start a new drawing", pen_up=True
        )
        self.open_action = self._action(
            "&Open…",
            self.open_dialog,
            [keys.Open],
            "Open a drawing (ink file) or an image to read",
            pen_up=True,
        )
        self.save_action = self._action(
            "&Save Ink", self.save_ink, [keys.Save], "Save the drawing as an ink file", pen_up=True
        )
        self.save_as_action = self._action(
            "Save Ink &As…",
            self.save_ink_as,
            [keys.SaveAs],
            "Save the drawing as a new ink file",
            pen_up=True,
        )
        self.export_action = self._action(
            "&Export PNG…",
            self.export_png,
            ["Ctrl+E"],
            "Save the drawing as a PNG image",
            pen_up=True,
        )
        self.quit_action = self._action(
            "&Quit", self.close, [keys.Quit], "Quit digitpad", pen_up=True
        )
        self.undo_action = self._action("&Undo", self.undo, [keys.Undo], UNDO_TIP, pen_up=True)
        self.redo_action = self._action(
            "&Redo",
            self.redo,
            [keys.Redo, "Ctrl+Shift+Z", "Ctrl+Y"],  # Windows' Redo is Ctrl+Y alone
            "Put back the last change taken back",
            pen_up=True,
        )
        self.copy_number_action = self._action(
            "Copy &Number",
            self.copy_number,
            [keys.Copy, "Ctrl+Shift+C"],
            "Copy the number read to the clipboard",
        )
        self.clear_action = self._action(
            "&Clear",
            self.canvas.clear,
            [keys.Delete, "Backspace"],
            "Clear the sheet (can be undone)",
            pen_up=True,
        )
        self.defaults_action = self._action(
            "Restore &Defaults",
            self.restore_defaults,
            (),
            "Pen width, chart length, window size and the folder files open in, as new",
        )
        self.about_action = self._action(
            "&About digitpad",
            self.show_about,
            (),
            "The versions, the log's folder and the model's details, for a bug report",
        )
        self.help_action = self._action(
            "digitpad &Help",
            self.show_help,
            [keys.HelpContents],
            "How to use digitpad, and its keys",
        )
        self.log_action = self._action(
            "Show &Log Folder",
            self.show_log_folder,
            (),
            "Open the folder of digitpad's log, for a bug report",
        )
        self.open_model_action = self._action(
            "Open &Model…",
            self.open_model_dialog,
            ["Ctrl+M"],
            "Open a model you trained (.keras, .h5, .tflite, .onnx) to read beside digitpad's",
        )
        self.close_model_action = self._action(
            "&Close Model", self.close_model, (), "Stop reading with your model"
        )
        self.evaluate_action = self._action(
            "&Evaluate…",
            self.evaluate,
            ["Ctrl+R"],
            "Report how the model reads real handwriting: per-digit scores and confusions",
        )
        self.inverted_action = self._action(
            "Black Digit on &White", self._reconvene, (), "Your model wants a black digit on white"
        )
        self.logits_action = self._action(
            "Outputs Are &Logits", self._reconvene, (), "Your model's outputs need a softmax"
        )
        self.scale_actions = []
        items = {
            "0-1": "Pixels 0-&1",
            "0-255": "Pixels 0-&255",
            "MNIST mean/std": "Pixels MNIST &mean/std",
            "-1 to 1": "Pixels -1 &to 1",
        }
        for scale, text in items.items():
            action = self._action(
                text, self._reconvene, (), f"Your model wants pixel values {scale}"
            )
            action.setData(scale)
            self.scale_actions.append(action)
        for action in (self.inverted_action, self.logits_action, *self.scale_actions):
            action.setCheckable(True)
        scales = QActionGroup(self)
        for action in self.scale_actions:
            scales.addAction(action)
        # Each digit twice: its key, and an item of That's Wrong ("It's a 4", which names the
        # key after a tab), where the digit read is left out: choosing it is not a correction
        # (the key still confirms it, as That's Right does).
        self.correct_actions: list[QAction] = []
        self.wrong_actions: list[QAction] = []
        for d in range(10):

            def teach(_checked: bool = False, d: int = d) -> None:
                self.correct(d)

            tip = f"The digit shown is {article(d)} {d}: learn it from this drawing"
            self.correct_actions.append(self._action(f"&{d}", teach, [str(d)], tip))
            self.wrong_actions.append(self._action(f"It's {article(d)} &{d}\t{d}", teach, (), tip))
        self.confirm_action = self._action(
            "That's &Right",
            lambda: self.correct(None),
            ["Ctrl+Return", "Ctrl+Enter"],  # Enter: the keypad's
            "The reading is right: learn this drawing as it is read",
        )
        self.unteach_action = self._action(
            "&Undo Last Sample",
            self.undo_correction,
            (),
            "Forget the sample you taught last, as if it had never been taught",
        )
        self.samples_action = self._action(
            "&My Handwriting…",
            self.show_samples,
            (),
            "See the samples digitpad learns from, and remove one that is wrong",
        )
        self.export_profile_action = self._action(
            "&Export My Handwriting…",
            self.export_profile,
            (),
            "Write your samples as PNGs with labels.csv and MNIST-style IDX files",
        )
        self.import_profile_action = self._action(
            "&Import Handwriting…",
            self.import_profile,
            (),
            "Add the samples of a folder with labels.csv (file,label), such as an export, or "
            "of a copy of a profile folder",
        )
        self.forget_action = self._action(
            "&Forget My Handwriting…",
            self.forget_profile,
            (),
            "Delete every sample digitpad has learned from",
        )
        # The menu items only name their keys (after a tab): the keys are the drawing's own
        # shortcuts, which step aside while a menu is open, where they move between menus.
        self.previous_digit_action = self._action(
            "&Previous Digit\tLeft",
            lambda: self.select(-1, True),
            (),
            "Show the reading of the digit before",
        )
        self.next_digit_action = self._action(
            "&Next Digit\tRight",
            lambda: self.select(1, True),
            (),
            "Show the reading of the next digit",
        )
        self.first_digit_action = self._action(
            "&First Digit\tHome", lambda: self.select(0), (), "Show the reading of the first digit"
        )
        self.last_digit_action = self._action(
            "&Last Digit\tEnd", lambda: self.select(-1), (), "Show the reading of the last digit"
        )
        self.digit_above_action = self._action(
            "Digit &Above\tUp",
            lambda: self.select_in_line(-1),
            (),
            "Show the reading of the digit in the line above",
        )
        self.digit_below_action = self._action(
            "Digit &Below\tDown",
            lambda: self.select_in_line(1),
            (),
            "Show the reading of the digit in the line below",
        )
        self.digit_keys = []
        for key, action in (
            ("Left", self.previous_digit_action),
            ("Right", self.next_digit_action),
            ("Home", self.first_digit_action),
            ("End", self.last_digit_action),
            ("Up", self.digit_above_action),
            ("Down", self.digit_below_action),
        ):
            shortcut = QShortcut(QKeySequence(key), self.centralWidget())
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action.trigger)
            self.digit_keys.append(shortcut)
        self._update_digit_arrows()  # off until a number is read
        # The keys that clear (Delete, Backspace) and teach (the digits) act only from the
        # drawing and the panel beside it: the toolbar's Show top box types them, and the Pen
        # slider would pass them on ("150" typed on it taught three digits). Esc clears nothing:
        # it closes menus and cancels dialogs.
        for action in (self.clear_action, *self.correct_actions):
            self.removeAction(action)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.centralWidget().addAction(action)

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
        file_menu.addAction(self.open_model_action)  # also in the Model menu
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menus.addMenu("&Edit")
        for action in (self.undo_action, self.redo_action, self.clear_action):
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.copy_number_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.defaults_action)
        view_menu = menus.addMenu("&View")
        for action in (
            self.previous_digit_action,
            self.next_digit_action,
            self.first_digit_action,
            self.last_digit_action,
            self.digit_above_action,
            self.digit_below_action,
        ):
            view_menu.addAction(action)
        learn_menu = menus.addMenu("&Learn")
        self.wrong_menu = learn_menu.addMenu("That's &Wrong")
        for action in self.wrong_actions:
            self.wrong_menu.addAction(action)
        learn_menu.addAction(self.confirm_action)
        learn_menu.addAction(self.unteach_action)
        learn_menu.addSeparator()
        learn_menu.addAction(self.samples_action)
        for action in (self.export_profile_action, self.import_profile_action, self.forget_action):
            learn_menu.addAction(action)
        model_menu = menus.addMenu("&Model")
        model_menu.addAction(self.open_model_action)
        self.conventions_menu = model_menu.addMenu("Your Model's Co&nventions")
        for action in (*self.scale_actions, None, self.inverted_action, self.logits_action):
            if action is None:
                self.conventions_menu.addSeparator()
            else:
                self.conventions_menu.addAction(action)
        model_menu.addAction(self.close_model_action)
        model_menu.addSeparator()
        model_menu.addAction(self.evaluate_action)
        self._show_theirs(None)
        help_menu = menus.addMenu("&Help")
        help_menu.addAction(self.help_action)
        help_menu.addAction(self.log_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

        tools = QToolBar("Drawing")
        tools.setObjectName("toolbar")
        tools.setMovable(False)
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.clear_action, self.undo_action, self.redo_action):
            tools.addAction(action)
        tools.addSeparator()
        tools.addWidget(QLabel(" Pen "))
        self.pen_slider = FocusSlider(Qt.Orientation.Horizontal)
        self.pen_slider.setObjectName("pen_width")
        self.pen_slider.setRange(40, 250)
        self.pen_slider.setFixedWidth(120)
        # A click gives it the arrow keys, as any slider's does, and it shows it has them; Esc,
        # or a click or a stroke on the drawing, gives ←, →, Home and End back to the digits.
        self.pen_slider.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.pen_slider.setToolTip("Pen width for the next strokes, as a percentage of the default")
        self.pen_slider.setAccessibleName("Pen width")
        tools.addWidget(self.pen_slider)
        self.pen_value = QLabel()
        self.pen_value.setObjectName("pen_value")
        self.pen_value.setMinimumWidth(self.pen_value.fontMetrics().horizontalAdvance(" 250% "))
        tools.addWidget(self.pen_value)
        tools.addSeparator()
        tools.addWidget(QLabel(" Show top "))
        self.top_k_box = StepBox()
        self.top_k_box.setObjectName("top_k")
        self.top_k_box.setRange(1, 10)
        self.top_k_box.setToolTip("How many digits the chart shows (Esc: back to the drawing)")
        self.top_k_box.setAccessibleName("Digits shown in the chart")
        tools.addWidget(self.top_k_box)
        # The box keeps the keys it is given (digits would correct a reading otherwise): Esc
        # hands them back to the drawing, as Return says.
        self.keys_back = [
            QShortcut(QKeySequence(Qt.Key.Key_Escape), widget)
            for widget in (self.top_k_box, self.pen_slider)
        ]
        for shortcut in self.keys_back:
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addToolBar(tools)

    def _wire(self) -> None:
        self.canvas.strokeMoved.connect(self.live.moved)
        self.canvas.strokeMoved.connect(self._on_stroke_moved)
        self.canvas.documentChanged.connect(self.live.changed)
        self.canvas.documentChanged.connect(self._on_document_changed)
        self._keep_timer.timeout.connect(self._keep_unsaved)
        self._geometry_timer.timeout.connect(self._save_geometry)
        self.pen_slider.valueChanged.connect(self._on_pen_changed)
        self.top_k_box.valueChanged.connect(self._set_top_k)
        self.top_k_box.valueChanged.connect(lambda k: self.settings.setValue("top_k", k))
        self.top_k_box.editingFinished.connect(self._on_top_k_entered)
        self.top_k_box.stepped.connect(self._keys_stay)
        QApplication.instance().focusChanged.connect(self._on_focus_changed)
        for shortcut in self.keys_back:
            shortcut.activated.connect(self._give_keys_back)
        self.live.modelReady.connect(self._on_model_ready)
        self.live.modelFailed.connect(self._on_model_failed)
        self.live.recognized.connect(self._on_recognized)
        self.live.failed.connect(self._on_recognition_failed)
        self.live.settled.connect(self.readingShown)
        self.live.outdated.connect(lambda: self._set_outdated(True))
        self.live.settled.connect(lambda: self._set_outdated(False))
        self.live.settled.connect(self._on_drawing_read)
        self.live.settled.connect(self._after_correction)
        self.live.settled.connect(self._say_if_ink_left_out)
        self._profile_timer.timeout.connect(self._catch_up_with_profile)
        self.live.restarting.connect(self._on_restarting)
        self.live.theirsOpened.connect(self._on_theirs_opened)
        self.live.theirsFailed.connect(self._on_theirs_failed)
        self.number.selected.connect(self.select)
        self.canvas.digitClicked.connect(self.select)
        self.number.selected.connect(lambda _: self.canvas.setFocus())  # then ← and → go on
        self.chart.digitClicked.connect(self.correct)
        self.chart.offer_corrections()
        for menu in self.menuBar().findChildren(QMenu):
            menu.aboutToShow.connect(lambda: self._free_digit_keys(menu_open=True))
            menu.aboutToShow.connect(self._catch_up_with_profile)  # Learn's items, its count
            # After the menu is gone, or another one (→ to the next menu) has opened.
            menu.aboutToHide.connect(lambda: QTimer.singleShot(0, self._free_digit_keys))

    def _on_top_k_entered(self) -> None:
        if self.top_k_box.hasFocus():  # Return, not the focus moving away
            self._keys_said = f"Showing the top {self.top_k_box.value()}; Esc gives the keys back."
            self.status_bar.say(self._keys_said, 8000)

    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        def inside(control: QWidget, widget: QWidget | None) -> bool:
            return widget is not None and (widget is control or control.isAncestorOf(widget))

        controls = ((self.top_k_box, TOP_K_TAKES_KEYS), (self.pen_slider, PEN_TAKES_KEYS))
        left = any(inside(c, old) and not inside(c, new) for c, _ in controls)
        if left and self.status_bar.saying(self._keys_said):
            self.status_bar.say(KEYS_BACK, 3000)  # left with Tab or a click elsewhere
        for control, takes in controls:  # said after: Tab from one control to the other
            if inside(control, new) and not inside(control, old):  # a click on it, or Tab
                self._keys_said = takes
                self.status_bar.say(takes, 8000)

    def _keys_stay(self) -> None:
        """Give the keys back to the drawing, unsaid: the click only stepped Show top."""
        self.status_bar.say("")
        self.canvas.setFocus()

    def _give_keys_back(self) -> None:
        self.canvas.setFocus()
        self.status_bar.say(KEYS_BACK, 3000)

    def start_model(self) -> None:
        """Open the user's handwriting and start loading the model in the background.

        Called once the window is shown: NumPy, Pillow and the model load after the first frame.
        """
        from digitpad.core.profile import Profile

        self.profile = Profile.open()
        self._update_samples()
        self.live.start(str(self.profile.path))
        self.start_recovery()
        self._profile_timer.start()

    # ------------------------------------------------------------------ recognition

    def _drawing_to_read(self):
        self._sent = (self.canvas.document.page.picture, self.canvas.document.drawing_id)
        return None if self.canvas.is_empty() else self.canvas.drawing()

    @Slot(object)
    def _on_recognized(self, reading: DrawingReading | None) -> None:
        self._notice_profile_changes()  # this reading already used the samples as they are
        picture, drawing_id = self._sent
        document = self.canvas.document
        if picture is not document.page.picture or drawing_id != document.drawing_id:
            return  # of another drawing (Undo went on, a file opened): its own comes next
        if reading is None or self.canvas.is_empty():
            self._forget_reading()
            picture = self.canvas.document.page.picture is not None
            for chart in (self.chart, self.theirs_chart):
                if picture:
                    chart.show_nothing_found()
                else:
                    chart.show_empty()
            return
        self.reading = reading
        self._enable_corrections(True)
        if self._pen_moved or self._follow_pen:
            self.selected = self._digit_at_pen()
        last = len(self.reading.digits) - 1
        self.selected = last if self._at_end else min(self.selected, last)
        self._show_selected()

    @Slot()
    def _say_if_ink_left_out(self) -> None:
        """Once the reading shown is of the drawing as it is: when some ink is in none of its
        digits (a sign, a line under a digit, a dot far from them), say so after each change
        of the strokes or picture, since only digits are read."""
        document = self.canvas.document
        if self.reading is None or self.canvas.is_drawing():
            return  # a stroke still being drawn may yet join a digit
        picture = document.page.picture
        drawn = sum(1 for stroke in document.page.strokes if stroke) if picture is None else 0
        changed = drawn != self._strokes_read or picture is not self._picture_read
        self._strokes_read, self._picture_read = drawn, picture
        if changed and self.reading.left_out:
            # Short enough for the smallest window's status bar.
            said = "Ink outside the framed digits was left out: it is no digit."
            if self.status_bar.saying(self.recovery_said):  # why the drawing is here comes first
                self.status_bar.say(f"{self.recovery_said} {said}")
            else:
                self.status_bar.say(said, 6000)

    @Slot()
    def _on_stroke_moved(self) -> None:
        self._pen_moved = True
        self.drawing_unread = True

    @Slot()
    def _on_drawing_read(self) -> None:
        self.drawing_unread = False

    def pen_is_down(self) -> bool:
        """Whether a stroke is being drawn, said in the status bar: the drawing is not changed
        or taught from while it is written (the stroke would be lost, or taught half-drawn)."""
        self.canvas.end_stroke_if_released()
        drawing = self.canvas.is_drawing()
        if drawing:
            self.status_bar.say("Lift the pen first: the drawing is still being written.", 5000)
        return drawing

    def undo(self) -> None:
        """Take back the last thing done: a correction taught since the drawing last changed
        (Learn ▸ Undo Last Sample), else the drawing's last change."""
        if self._corrections:
            self.undo_correction()
        else:
            self._step_through_history(self.canvas.undo)

    def redo(self) -> None:
        """Put back what Undo took back: the corrections it forgot, last first, while their
        digits are in the drawing (each is shown as it is taught again), else the drawing's
        change; the chart shows the digit of a stroke put back."""
        last = self._untaught[-1] if self._untaught else None
        # Taught again where it was taught: strokes Undo took back after it come back first.
        if last is not None and last.depth == self.canvas.document.undo_depth:
            index = self._digit_showing(last.drawing)
            if index is not None:
                waiting = self._untaught[:-1]
                if index != self.selected:
                    self.select(index)  # the digit taught again is the one shown
                self.correct(last.label)
                if not self._untaught:  # taught: those Undo forgot before it wait their turn
                    self._untaught = waiting
                    self._set_corrections(self._corrections)
                return
        self._pen_moved = True
        self._step_through_history(self.canvas.redo)

    def _step_through_history(self, step: Callable[[], None]) -> None:
        """Undo or Redo a change of the drawing, keeping the corrections Redo teaches again."""
        self._stepping = True
        try:
            step()
        finally:
            self._stepping = False

    def _free_digit_keys(self, menu_open: bool = False) -> None:
        """The arrow keys, Home and End are the drawing's, except while a menu is open. A menu
        closed with Esc leaves the menu bar the keys, with nothing on it lit: they go back to
        the drawing, as in GNOME's and KDE's apps."""
        free = not menu_open and QApplication.activePopupWidget() is None
        for shortcut in self.digit_keys:
            shortcut.setEnabled(free)
        if free and QApplication.focusWidget() is self.menuBar():
            self.canvas.setFocus()

    @Slot(str)
    def _on_recognition_failed(self, message: str) -> None:
        self._forget_reading()  # the reading shown was of the drawing before
        for chart in (self.chart, self.theirs_chart):
            chart.show_error(message)
        self.status_bar.say(message, 8000)

    def say_still_being_read(self, then: str) -> None:
        """Say that an action on the reading waits for the drawing's ("copy it", "press 3")."""
        self.status_bar.say(
            f"The drawing is still being read: {then} once its reading shows.", 5000
        )

    def _forget_reading(self) -> None:
        """Show no reading: nothing to teach, copy, frame or step through."""
        self.reading = None
        self._enable_corrections(False)
        self.preview.show_input(None)
        self.number.show_number("", 0)
        self._keep_minimum()
        self.canvas.set_boxes([], -1)
        self._update_digit_arrows()

    @Slot(object)
    def _on_model_ready(self, metadata) -> None:
        self._model_failed = False
        self.model_status.setText("Model ready")
        for chart in (self.chart, self.theirs_chart):
            if self.canvas.is_empty():
                chart.show_empty()
            else:  # a drawing opened or reopened at start-up: its reading comes next
                chart.show_reading()
        self.modelLoaded.emit(True)

    @Slot(str)
    def _on_model_failed(self, message: str) -> None:
        self._model_failed = True
        self.model_status.setText("No model")
        self.chart.show_error(message + "\n\nYou can still draw, open and save drawings.")
        self.theirs_chart.show_error(THEIRS_NEED_OURS)
        self.status_bar.say(message)
        self.modelLoaded.emit(False)

    @Slot(str)
    def _on_restarting(self, message: str) -> None:
        self.model_status.setText("Restarting the model…")
        self.chart.show_error(message)

    @Slot()
    def _on_document_changed(self) -> None:
        document = self.canvas.document
        # A message spoke of the drawing as it was; that a picture was replaced still holds
        # while strokes follow it or are undone, until the picture is back.
        replaced = self.status_bar.saying(PICTURE_REPLACED)
        picture = document.page.picture
        if not (replaced and (self._pen_moved or self._stepping) and picture is None):
            self.status_bar.clearMessage()
        if replaced and self._stepping and picture is not None:
            self.status_bar.say("The picture is back.", 3000)
        # Ink drawn (or put back by Redo) where a picture was; not a Clear redone.
        if (
            self._pen_moved
            and self._picture_before is not None
            and picture is None
            and document.has_ink
        ):
            self.status_bar.say(PICTURE_REPLACED, 10000)
        if document.drawing_id != self._drawing_before and not self.canvas.is_empty():
            # Another drawing opened or brought back by Undo or Redo: the last one's reading,
            # even dimmed, would pass for this one's until it comes (a big photo takes seconds).
            self._forget_reading()
            for chart in (self.chart, self.theirs_chart):
                chart.show_reading()
        elif picture is not self._picture_before or document.drawing_id != self._drawing_before:
            # Ink drawn over a picture, or a new sheet: the reading shown and its frames are
            # the last drawing's until its own comes.
            self._set_outdated(True, at_once=True)
            self.canvas.set_boxes([], -1)
        self._picture_before, self._drawing_before = picture, document.drawing_id
        self._follow_pen, self._pen_moved = self._pen_moved, False
        self._at_end = False
        self.drawing_unread = True
        if not self._stepping:  # a new edit: Redo would teach them to another drawing
            self._untaught = []
        self._set_corrections(0)
        # With a picture open they stay enabled, to say why there is nothing to save.
        for action in (self.save_action, self.save_as_action, self.export_action):
            action.setEnabled(not document.is_empty)
        self.clear_action.setEnabled(not document.is_empty)  # nothing to clear on a blank sheet
        if document.is_empty:
            self._enable_corrections(False)
            # Nothing read: a drawing brought back by Undo says again what was left out of it.
            self._strokes_read, self._picture_read = 0, None
        self._update_title()
        # Not restarted by each change: one who writes on without a pause is kept too.
        if (
            self._recovery is not None
            and not self._keep_on_close
            and not self._keep_timer.isActive()
        ):
            self._keep_timer.start()

    def copy_number(self) -> None:
        """Put the number read on the clipboard: each digit's best reading, as in the "number"
        of `digitpad predict --json` (no "?" marks), a line of text for each line written,
        parts maybe no digit at all left out; the status bar names the digits marked.
        A drawing maybe no digit at all is not copied, nor one still being read."""
        if self.drawing_unread and not self.canvas.is_empty():
            self.say_still_being_read("copy it")
            return
        if self.reading is None:
            return
        if all(d.recognition.maybe_not_a_digit for d in self.reading.digits):
            # As the chart says: a blob's reason to doubt comes first there too (caption_text).
            if all(d.recognition.blob for d in self.reading.digits):
                why = "it is drawn too small to read; draw it larger, or with a thinner pen"
            else:
                why = "this is maybe not a digit"
            self.status_bar.say(f"Nothing copied: {why}.", 8000)
            return
        digits = self.reading.digits
        numbers = self.number_lines()
        marked = ", ".join(self.reading.lines(self.reading.marked_number))
        QApplication.clipboard().setText("\n".join(numbers))  # a line of text per line written
        copied = ", ".join(numbers) + (f" ({len(numbers)} lines)" if len(numbers) > 1 else "")
        left_out = sum(d.recognition.maybe_not_a_digit for d in digits)
        if left_out:
            parts = "a part" if left_out == 1 else plural(left_out, "part")
            copied += f", leaving out {parts} maybe no digit"
        count = marked.count("?") - left_out
        if "?" not in marked:
            self.status_bar.say(f"Copied {copied}.", 3000)
        elif len(digits) == 1:
            self.status_bar.say(
                f"Copied {copied}, which is read without being sure: check it.", 8000
            )
        elif count:
            unsure = "digit" if count == 1 else plural(count, "digit")
            self.status_bar.say(f"Copied {copied}: check the {unsure} marked ? ({marked}).", 8000)
        else:
            self.status_bar.say(f"Copied {copied} ({marked}).", 8000)

    def number_lines(self) -> list[str]:
        """The number read as Copy Number copies it and a file is named after it: a string of
        digits for each line written, parts maybe no digit at all left out (a scribble among
        digits: its best digit would be a guess); [] when nothing is read."""
        if self.reading is None:
            return []
        digits = self.reading.digits
        no_digit = [d.recognition.maybe_not_a_digit for d in digits]
        kept = "".join(" " if no else c for c, no in zip(self.reading.number, no_digit))
        lines = [line.replace(" ", "") for line in self.reading.lines(kept)]
        return [line for line in lines if line]

    def _enable_corrections(self, enabled: bool) -> None:
        """The Learn menu's "That's Wrong" and "That's Right" (and the digit keys), and
        Edit ▸ Copy Number, act only on a reading shown."""
        for action in (
            *self.correct_actions,
            *self.wrong_actions,
            self.confirm_action,
            self.wrong_menu.menuAction(),
        ):
            action.setEnabled(enabled)
        self.copy_number_action.setEnabled(enabled)

    def _update_title(self) -> None:
        document = self.canvas.document
        name = document.path.name if document.path else "Untitled"
        if document.page.picture is not None:
            name = document.page.picture.info.get(PICTURE_NAME_KEY, name)
        self.setWindowTitle(f"{name}[*] — digitpad")
        # A cleared drawing that was never saved is still unsaved work: Quit asks for it.
        self.setWindowModified((document.modified and document.has_ink) or document.cleared_unsaved)

    @Slot(int)
    def _on_pen_changed(self, value: int) -> None:
        self.canvas.set_pen_scale(value / 100)
        self.pen_value.setText(f" {value}%")
        self.pen_slider.setAccessibleDescription(f"{value}% of the default width")
        self.settings.setValue("pen", value)

    # ------------------------------------------------------------------ keys

    def _set_outdated(self, outdated: bool, at_once: bool = False) -> None:
        for chart in (self.chart, self.theirs_chart):
            chart.set_outdated(outdated, at_once)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.StatusTip and isinstance(event, QStatusTipEvent):
            # Qt shows a hovered item's tip uncut: cut it with "…" as every message is.
            self.status_bar.say(event.tip())
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # The keys that teach the reading shown: on a blank sheet they say so, not nothing.
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        blank = self.canvas.document.is_empty
        key = event.text()
        # Digit keys teach only from the drawing and its panel: elsewhere is the toolbar.
        focus = QApplication.focusWidget()
        elsewhere = focus is not None and not self.centralWidget().isAncestorOf(focus)
        digit = modifiers == Qt.KeyboardModifier(0) and key.isascii() and key.isdigit()
        if digit and (blank or elsewhere):
            self.status_bar.say(
                f"{'Draw a digit' if blank else 'Click the drawing'} first: then {key} teaches "
                f"digitpad that it is {article(int(key))} {key}.",
                5000,
            )
            return
        confirm = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        confirm = confirm and modifiers == Qt.KeyboardModifier.ControlModifier
        if blank and confirm:
            self.status_bar.say("Draw a digit first: then Ctrl+Enter confirms its reading.", 5000)
            return
        copy = event.matches(QKeySequence.StandardKey.Copy)
        if blank and copy:
            keys = self.copy_number_action.shortcut().toString(
                QKeySequence.SequenceFormat.NativeText
            )
            self.status_bar.say(f"Draw a number first: then {keys} copies it.", 5000)
            return
        # Drawn, but its first reading has not come (a slow or restarting recognizer): the
        # keys' actions wait for one, and say so rather than nothing.
        if self.reading is None and self.drawing_unread and (digit or confirm or copy):
            then = f"press {key}" if digit else ("confirm it" if confirm else "copy it")
            self.say_still_being_read(then)
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ settings

    def _restore_settings(self) -> None:
        # Applied once each, here: setValue() alone signals nothing when the range already
        # gave the widget that value (the smallest pen, one bar).
        for widget, key in ((self.pen_slider, "pen"), (self.top_k_box, "top_k")):
            with QSignalBlocker(widget):
                widget.setValue(self._whole_number(key))
        self._on_pen_changed(self.pen_slider.value())
        self._set_top_k(self.top_k_box.value())
        geometry = self.settings.value("geometry")
        if not isinstance(geometry, QByteArray) or not self.restoreGeometry(geometry):
            self._default_size()  # and the window manager places it
        else:  # where the last session left off, or a step aside if another digitpad is there
            cascade(self, self._slot.index)
        self._on_document_changed()

    def _whole_number(self, key: str) -> int:
        """A setting that is a whole number, or its default if the settings file holds anything
        else there (edited by hand, or cut short when the computer lost power)."""
        value = self.settings.value(key, DEFAULTS[key])
        try:
            return int(value)
        except (TypeError, ValueError):
            log.warning("setting %s is %r, not a whole number: %s used", key, value, DEFAULTS[key])
            return DEFAULTS[key]

    def _default_size(self) -> None:
        """820x540, or nine tenths of a smaller screen (a laptop at 200% scaling)."""
        dialogs.resize_to_fit(self, 820, 540)

    def restore_defaults(self) -> None:
        """Pen width, chart length, window size and the folder files open in, as on a first
        start."""
        self.pen_slider.setValue(DEFAULTS["pen"])
        self.top_k_box.setValue(DEFAULTS["top_k"])
        self.showNormal()  # a maximised or full-screen window keeps its size otherwise
        self._default_size()
        if not self.theirs_chart.isHidden():  # and room for the user's model's chart
            self.layout().activate()  # the charts as tall as the default size makes them
            self._grow_for_theirs(self.height())
        frame = self.frameGeometry()
        frame.moveCenter(self.screen().availableGeometry().center())
        self.move(frame.topLeft())
        self.settings.remove("last_folder")
        self.settings.remove(MODEL_FOLDER_KEY)
        self.status_bar.say(
            "Restored the defaults: pen width, chart length, window size, folders.", 5000
        )

    def _last_folder(self, key: str = "last_folder") -> str:
        """Where the file dialogs start: the folder of the file last opened or saved, or (for
        MODEL_FOLDER_KEY) of the model last opened; the drawings' folder, or home, before."""
        fallback = str(Path.home()) if key == "last_folder" else self._last_folder()
        return str(self.settings.value(key, fallback))

    # ------------------------------------------------------------------ size and messages

    @Slot(int)
    def _set_top_k(self, k: int) -> None:
        """Both charts show k bars; the smallest window makes room for them."""
        for chart in (self.chart, self.theirs_chart):
            chart.set_top_k(k)
        self._keep_minimum()

    def _keep_minimum(self) -> None:
        """The smallest window: MINIMUM_SIZE, or what the panel needs to show a number above
        the chart's bars, so that the window never grows when a number appears."""
        # The layouts learn of a chart's new size or the number shown or hidden from posted
        # events: measured before those, the number's row would be counted twice.
        for widget in (self.chart.parentWidget(), self.centralWidget()):
            widget.updateGeometry()
        needed = self.minimumSizeHint()
        needed.setHeight(needed.height() + self._hidden_number_height())
        # Never more than the screen has room for, title bar included (a small screen at 200%).
        room = self.screen().availableSize() - (self.frameGeometry().size() - self.size())
        # Where it has too little, the preview gives up height before the panel is cut off.
        full = needed.height() + PREVIEW_SIDE - self.preview.height()
        side = max(PREVIEW_SMALLEST_SIDE, min(PREVIEW_SIDE, PREVIEW_SIDE - (full - room.height())))
        self.preview.set_side(side)
        needed.setHeight(full - (PREVIEW_SIDE - side))
        before = self.size()
        self.setMinimumSize(needed.expandedTo(QSize(*MINIMUM_SIZE)).boundedTo(room))
        if self.isVisible() and self.size() != before:
            self._into_screen()  # grown to the new minimum: not past the screen's edge
        self._grow_preview()

    def _hidden_number_height(self) -> int:
        """The height, in pixels, that the number's row adds to the panel once shown (0 while
        it is shown)."""
        if not self.number.isHidden():
            return 0
        spacing = self.chart.parentWidget().layout().spacing()
        return self.number.row_height() + max(spacing, 0)

    def fit_on_screen(self) -> None:
        """Once shown: the smallest window measured again, now that the window manager's frame
        is known (a small screen at 200%, where the window placed below the top would reach
        past the bottom), and the window shrunk and moved into the screens' free area."""
        self._keep_minimum()
        self._into_screen()

    def _into_screen(self) -> None:
        """Shrink and move the window, title bar included, into the screens' free area; it may
        still span several."""
        if self.isMaximized() or self.isFullScreen():
            return  # the window manager's to place
        chrome = self.frameGeometry().size() - self.size()  # the title bar and borders
        room = self.screen().availableVirtualGeometry()
        self.resize(self.size().boundedTo(room.size() - chrome))
        frame = self.frameGeometry()
        x = min(max(frame.left(), room.left()), room.right() + 1 - frame.width())
        y = min(max(frame.top(), room.top()), room.bottom() + 1 - frame.height())
        if (x, y) != (frame.left(), frame.top()):
            self.move(x, y)

    def _report(self, message: str, boxed: str | None = None) -> None:
        """A problem in the log, the status bar and a message box, which says boxed instead
        when given (the same sentence laid out for the box: a path on a line of its own)."""
        log.warning(message)
        self.status_bar.say(message, 10000)
        dialogs.warn(self, boxed or message)

    def _status_clause(self, clause: str, timeout_ms: int = 0) -> str:
        """A clause the core words for the command line ('imported 3 samples'), as a
        sentence in the status bar; that sentence."""
        said = sentence(clause)
        self.status_bar.say(said, timeout_ms)
        return said

    # ------------------------------------------------------------------ about and closing

    def show_about(self) -> None:
        """Help ▸ About: the version and the model's metadata."""
        QMessageBox.about(self, "About digitpad", about_text(self.metadata))

    def show_help(self) -> None:
        """Help ▸ digitpad Help: how to use the app and its keys, in a window of its own beside
        this one where the screen has room (the drawing goes on while it is open)."""
        if self._help is None:
            from digitpad.gui.help import HelpWindow

            self._help = HelpWindow(self.actions() + self.centralWidget().actions())
            self._help.addActions([self.quit_action, self.help_action])  # Ctrl+Q from it too
            self._help.place_beside(self)
        self._help.show()
        self._help.raise_()
        self._help.activateWindow()

    def show_log_folder(self) -> None:
        """Help ▸ Show Log Folder: the folder of digitpad.log in the file manager."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from digitpad.core.logs import log_dir

        folder = log_dir()
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            # The path on a line of its own in the box: it would wrap it at any slash.
            self._report(
                f"Could not open a file manager; the log is in {folder}.",
                f"Could not open a file manager; the log is in this folder:\n{folder}",
            )

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._confirm_discard("Quit") or not self._confirm_cleared():
            event.ignore()
            return
        self._save_geometry()
        if self._help is not None:
            self._help.close()
        self.live.stop()
        self._keep_timer.stop()
        if self._recovery is not None and not self._keep_on_close:
            self._recovery.clear()
        if self._recovery_lock is not None:
            self._recovery_lock.unlock()
        self._slot.release()
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._grow_preview()
        if self.isVisible():
            self._geometry_timer.start()

    def moveEvent(self, event: QMoveEvent) -> None:
        super().moveEvent(event)
        if self.isVisible():
            self._geometry_timer.start()

    def _save_geometry(self) -> None:
        self._geometry_timer.stop()
        self.settings.setValue("geometry", self.saveGeometry())

    def _grow_preview(self) -> None:
        """In a large window the preview grows into the height the charts leave spare when
        drawn at their largest, in whole input pixels (28 screen pixels at a time), up to
        PREVIEW_LARGEST_SIDE; where _keep_minimum shrank it for a short screen, it stays so."""
        if self.preview.height() < PREVIEW_SIDE:
            return
        panel = self.preview.parentWidget()
        # What the panel needs with the preview at PREVIEW_SIDE, a number shown and each chart
        # drawn at its largest.
        needed = panel.minimumSizeHint().height() - (self.preview.height() - PREVIEW_SIDE)
        needed += self._hidden_number_height()
        for chart in (self.chart, self.theirs_chart):
            if not chart.isHidden():
                needed += chart.roomy_height() - chart.minimumSizeHint().height()
        spare = panel.height() - needed
        side = min(PREVIEW_SIDE + spare, panel.width(), PREVIEW_LARGEST_SIDE) // 28 * 28
        if max(side, PREVIEW_SIDE) != self.preview.height():
            self.preview.set_side(max(side, PREVIEW_SIDE))

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.PaletteChange:
            self._tint_caption()
        elif event.type() == event.Type.ActivationChange:
            self._catch_up_with_profile()
            self.canvas.end_stroke_if_released()  # a dialog opened mid-stroke has closed
        super().changeEvent(event)

    def _tint_caption(self) -> None:
        palette = self.caption.palette()
        palette.setColor(self.caption.foregroundRole(), colours.muted(self))
        self.caption.setPalette(palette)


def about_text(metadata: ModelMetadata | None) -> str:
    """The About box's rich text for a ModelMetadata (or None when no model is loaded): the
    versions it runs on and where its log is, for a bug report, and the model's metadata."""
    import html
    import platform
    from importlib.metadata import PackageNotFoundError, version

    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    from digitpad.core.logs import LOG_NAME, log_dir

    try:
        litert = version("ai-edge-litert")
    except PackageNotFoundError:
        litert = "(version unknown)"
    lines = [
        f"<h3>digitpad {__version__}</h3>",
        "<p>Draw a digit or a number; a convolutional network reads it as you write.</p>",
        "<p>© 2026 the digitpad developers, under the MIT licence. The model learned from MNIST "
        "(CC BY-SA 3.0) and the UCI pen digits (CC BY 4.0); UNIPEN digits (CC BY 4.0) set its "
        "confidence.</p>",
        f"<p>Python {platform.python_version()}, Qt {qVersion()} (PySide6 {pyside_version}), "
        f"LiteRT {litert}<br>Log: {html.escape(str(log_dir() / LOG_NAME))}</p>",
    ]
    if metadata is None:
        lines.append("<p>The model is not loaded.</p>")
    else:
        lines.append(
            f"<p><b>Model</b>: {metadata.name}, {metadata.parameters:,} parameters<br>"
            f"MNIST test accuracy when trained (TensorFlow): "
            f"{metadata.mnist_test_accuracy:.2%}<br>"
            f"Preprocessing version: {metadata.preprocessing_version}<br>"
            f"Trained on {metadata.created[:10]} with TensorFlow {metadata.tensorflow}</p>"
        )
    return "".join(lines)


def window_icon() -> QIcon:
    """The app's icon, from the packaged assets."""
    return QIcon(str(assets_dir() / "icon.png"))
