"""Loads the model and recognises drawings on a worker thread, reporting back by signals."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)


class RecognitionWorker(QObject):
    """Lives on a QThread; the window talks to it only through queued signals."""

    modelReady = Signal(dict)             # the model's metadata
    modelFailed = Signal(str)             # one sentence for the user
    recognized = Signal(int, object, object)  # request id, Recognition or None, input or None
    failed = Signal(int, str)             # request id, one sentence for the user

    def __init__(self, model_dir: str | None = None) -> None:
        super().__init__()
        self._model_dir = model_dir
        self._recognizer = None

    @Slot()
    def load(self) -> None:
        # Imported here so that the window is up before numpy, PIL and LiteRT load.
        from digitpad.model import Recognizer
        try:
            self._recognizer = Recognizer(self._model_dir)
        except Exception as error:
            log.exception("loading the model failed")
            self.modelFailed.emit(_sentence(error, "The model could not be loaded"))
            return
        self.modelReady.emit(self._recognizer.metadata)

    @Slot(int, object)
    def recognize(self, request: int, drawing: object) -> None:
        if self._recognizer is None:
            return
        from digitpad.pipeline import model_input
        try:
            pixels = model_input(drawing)
            result = None if pixels is None else self._recognizer.recognize(pixels)
        except Exception as error:
            log.exception("recognition failed")
            self.failed.emit(request, _sentence(error, "This drawing could not be read"))
            return
        self.recognized.emit(request, result, pixels)


def _sentence(error: Exception, fallback: str) -> str:
    from digitpad.errors import InputError
    if isinstance(error, InputError):
        text = str(error)
        return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
    return f"{fallback} ({type(error).__name__}); details are in the log file."
