"""What PySide6 and Qt do once, on first use, that a bare window never pays for.

    QT_QPA_PLATFORM=offscreen python tools/startup_costs.py [--runs 7]

Each run is a fresh process that meets the items in the order below; medians over runs, in
milliseconds. PySide6 builds a class's Python enums the first time the class is looked up,
and the whole Qt namespace's the first time `Qt` is named or a QPainter, QPen or QBrush
overload could take one of its enums. The window leaves the namespace until after its first
frame (see digitpad.app).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import numpy as np

# Classes the window uses before its first frame, then those it now looks up only after it.
BEFORE_FIRST_FRAME = ["QtGui.QPainter", "QtGui.QFont", "QtGui.QFontMetricsF", "QtGui.QPalette",
                      "QtGui.QKeySequence", "QtGui.QAction", "QtWidgets.QSizePolicy",
                      "QtWidgets.QLabel", "QtWidgets.QSlider", "QtWidgets.QSpinBox",
                      "QtWidgets.QToolBar", "QtWidgets.QHBoxLayout"]
AFTER_FIRST_FRAME = ["QtWidgets.QMessageBox", "QtWidgets.QFileDialog", "QtGui.QImage",
                     "QtGui.QIcon"]

ONE_RUN = """
import json, sys, time
from PySide6 import QtCore, QtGui, QtWidgets
app = QtWidgets.QApplication([])
window = QtWidgets.QMainWindow()
costs = {}
def timed(name, action):
    started = time.perf_counter()
    action()
    costs[name] = (time.perf_counter() - started) * 1e3
timed("first text measured (fonts)",
      lambda: QtGui.QFontMetrics(window.font()).horizontalAdvance("0"))
timed("QStatusBar()", lambda: window.setStatusBar(QtWidgets.QStatusBar()))
modules = {"QtGui": QtGui, "QtWidgets": QtWidgets}
for name in sys.argv[1:]:
    module, cls = name.split(".")
    timed(name, lambda: getattr(modules[module], cls))
timed("Qt namespace enums", lambda: QtCore.Qt)
print(json.dumps(costs))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    names = BEFORE_FIRST_FRAME + AFTER_FIRST_FRAME
    runs = [json.loads(subprocess.run([sys.executable, "-c", ONE_RUN, *names], check=True,
                                      capture_output=True, text=True).stdout)
            for _ in range(args.runs)]
    for name in runs[0]:
        later = name in AFTER_FIRST_FRAME or name == "Qt namespace enums"
        note = "  (after the first frame)" if later else ""
        print(f"{np.median([run[name] for run in runs]):6.1f} ms  {name}{note}")


if __name__ == "__main__":
    main()
