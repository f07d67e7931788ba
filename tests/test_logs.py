"""Errors are logged with detail to the per-user log file; the user sees one sentence."""

import logging
import os
import subprocess
import sys

from digitpad.core.logs import log_dir, setup_logging


def test_errors_reach_the_log_file_with_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("DIGITPAD_LOG_DIR", str(tmp_path / "logs"))
    root = logging.getLogger()
    handlers = list(root.handlers)
    try:
        path = setup_logging()
        assert path == log_dir() / "digitpad.log"
        try:
            raise ValueError("a bug worth reporting")
        except ValueError:
            logging.getLogger("digitpad.test").exception("reading broken.png failed")
        for handler in root.handlers:
            handler.flush()
        text = path.read_text()
        assert "reading broken.png failed" in text and "Traceback" in text
        assert "ValueError: a bug worth reporting" in text
    finally:
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()


def test_unwritable_log_folder_does_not_stop_the_app(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DIGITPAD_LOG_DIR", str(blocker / "logs"))
    assert setup_logging() is None


def test_a_full_log_is_moved_aside_at_start_up(tmp_path, monkeypatch):
    from digitpad.core.logs import MAX_LOG_BYTES

    monkeypatch.setenv("DIGITPAD_LOG_DIR", str(tmp_path))
    (tmp_path / "digitpad.log.1").write_text("the oldest run\n")
    (tmp_path / "digitpad.log").write_text("x" * (MAX_LOG_BYTES + 1))
    root = logging.getLogger()
    handlers = list(root.handlers)
    try:
        path = setup_logging()
        logging.getLogger("digitpad.test").warning("a new run")
        for handler in root.handlers:
            handler.flush()
        assert "a new run" in path.read_text() and path.stat().st_size < 1000
        assert (tmp_path / "digitpad.log.1").stat().st_size == MAX_LOG_BYTES + 1
    finally:
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()


def test_a_spawned_child_process_logs_to_the_file_not_the_terminal(tmp_path):
    # A child started fresh (spawn: macOS, Windows, the app's recognition process) inherits no
    # handler: without one, Python prints warnings and their tracebacks on the terminal.
    script = (
        "import logging\n"
        "from digitpad.core import service\n"
        "service.start_child()\n"
        "try:\n"
        "    raise RuntimeError('Got: 400 Expected: 1')\n"
        "except RuntimeError as error:\n"
        "    logging.getLogger('digitpad.core.foreign').warning('x failed', exc_info=error)\n"
    )
    env = {**os.environ, "DIGITPAD_LOG_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0 and done.stderr == ""
    assert "Got: 400 Expected: 1" in (tmp_path / "digitpad.log").read_text()
