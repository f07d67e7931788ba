"""The self-test's window check where no window can be created (a PC without a desktop, Wine
without a display): one line saying so, a failed check, and the recognition thread stopped, so
that the process exits 1 instead of aborting with "QThread: Destroyed while thread is still
running". tests/test_windows_installer.py checks the same under Wine, end to end."""

from digitpad import selftest
from digitpad.gui.window import MainWindow


def test_window_check_fails_in_one_line_when_no_window_can_be_created(qapp, monkeypatch, capsys):
    windows = []

    def no_window(self):
        windows.append(self)
        return 0  # what Qt answers when the platform could not create the window

    monkeypatch.setattr(MainWindow, "winId", no_window)
    assert selftest._window_check() is False
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"FAIL  window: no window could be created ({qapp.platformName()} platform)"]
    assert not windows[0].live._thread.isRunning()
    assert windows[0].live.child_pid() is None


def test_window_check_stops_the_recognition_thread_after_a_pass(qapp, monkeypatch, capsys):
    windows = []
    show = MainWindow.show
    monkeypatch.setattr(MainWindow, "show", lambda self: (windows.append(self), show(self))[1])
    assert selftest._window_check() is True
    assert capsys.readouterr().out.startswith("ok    window: a drawn 3 reads as 3")
    assert not windows[0].live._thread.isRunning()
    assert windows[0].live.child_pid() is None
