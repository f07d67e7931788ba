"""The command line: `digitpad predict` on good and bad files, and the entry points."""

import gc
import io
import json
import os
import shutil
import subprocess
import sys

import pytest
from helpers import ROOT, number_ink, sample_label, self_test_from_source
from PIL import Image

from digitpad.cli import main
from digitpad.core.ink import Ink, ink_to_bytes, read_ink
from digitpad.core.render import export_image


def run_predict(capsys, *args):
    status = main(["predict", *map(str, args)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_json_gives_one_line_per_file_in_order(capsys, samples, tmp_path):
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not an image")
    empty = tmp_path / "empty.json"
    empty.write_text('{"width": 100, "height": 100, "strokes": []}')
    good = sorted(samples.glob("*-*-*.*"))
    files = [good[0], bad, empty, *good[1:]]
    status, out, _ = run_predict(capsys, *files, "--json", "--top-k", "2")
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["file"] for r in records] == [str(f) for f in files]
    assert status == 1  # one file failed, all the others were still read
    assert set(records[1]) == {"file", "error"} and "\n" not in records[1]["error"]
    assert records[2] == {"file": str(empty), "empty": True, "predictions": []}
    right = 0
    for path, record in zip(files, records):
        if path in good:
            predictions = record["predictions"]
            assert len(predictions) == 2
            assert predictions[0]["probability"] >= predictions[1]["probability"]
            right += predictions[0]["digit"] == sample_label(path)
            # Boxes are canvas or image pixels, always as numbers with a fraction.
            boxes = [record["box"], *(digit["box"] for digit in record["digits"])]
            assert all(isinstance(v, float) for box in boxes for v in box)
    assert right >= len(good) - 2


def test_boxes_are_in_the_files_own_pixels_however_large_the_picture(capsys, tmp_path):
    # A picture over files.WORKING_SIDE across is read shrunk; its boxes are still its own.
    picture = export_image(number_ink([2, 0, 6]))
    picture.save(tmp_path / "small.png")
    picture.resize((picture.width * 8, picture.height * 8)).save(tmp_path / "large.png")
    _, out, _ = run_predict(capsys, tmp_path / "small.png", tmp_path / "large.png", "--json")
    small, large = (json.loads(line) for line in out.splitlines())
    assert small["number"] == large["number"] == "206"
    for one, eight in zip(small["digits"], large["digits"]):
        assert max(abs(8 * a - b) for a, b in zip(one["box"], eight["box"])) < 8 * 4
    assert max(abs(8 * a - b) for a, b in zip(small["box"], large["box"])) < 8 * 4


@pytest.mark.parametrize("width", [8000, 20000])
def test_a_digit_in_a_long_thin_strip_is_read_as_in_a_short_one(capsys, tmp_path, width):
    # A fresh tester's 7, 29 px tall in a 20000x50 strip: shrunk to 2000x5, it was no digit.
    seven = export_image(number_ink([7])).convert("L")
    seven = seven.resize((seven.width * 40 // seven.height, 40))
    strip = Image.new("L", (width, 50), 255)
    strip.paste(seven, (20, 5))
    strip.save(tmp_path / "strip.png")
    strip.crop((0, 0, 400, 50)).save(tmp_path / "short.png")
    _, out, _ = run_predict(capsys, tmp_path / "short.png", tmp_path / "strip.png", "--json")
    short, long = (json.loads(line) for line in out.splitlines())
    assert short["number"] == long["number"] == "7"
    assert long["predictions"] == short["predictions"]


def test_a_number_in_two_lines_is_printed_as_two(capsys, tmp_path):
    top, bottom = number_ink([2, 0]), number_ink([2, 6])
    below = [[(x, y + 200) for x, y in stroke] for stroke in bottom.strokes]
    (tmp_path / "two.json").write_bytes(ink_to_bytes(Ink(top.width, 500, top.strokes + below)))
    _, out, _ = run_predict(capsys, tmp_path / "two.json", "--json")
    record = json.loads(out)
    assert record["number"] == "2026" and record["lines"] == ["20", "26"]
    _, out, _ = run_predict(capsys, tmp_path / "two.json")
    assert out.startswith(f"{tmp_path / 'two.json'}: 20 26  (2 ")


def test_text_output_and_success_status(capsys, samples):
    status, out, err = run_predict(capsys, samples / "mnist-7-0.png", samples / "pen-2-0.json")
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith(f"{samples / 'mnist-7-0.png'}: 7 ")
    assert lines[1].startswith(f"{samples / 'pen-2-0.json'}: 2 ")


def test_a_file_name_with_a_newline_keeps_to_one_line(capsys, samples, tmp_path):
    named = tmp_path / "two\nlines.json"
    named.write_bytes((samples / "pen-2-0.json").read_bytes())
    assert main(["predict", str(named), str(tmp_path / "gone\n.png")]) == 1
    out, err = capsys.readouterr()
    read, missing = out.splitlines()
    assert read.startswith(f"{tmp_path}/two\\nlines.json: 2 ")
    assert missing == f"{tmp_path}/gone\\n.png: error: the file does not exist"
    assert err.count("\n") == 1 and "gone\\n.png" in err
    if os.sep == "/":  # a backslash and an n, not a newline
        (tmp_path / "back\\nslash.json").write_bytes(named.read_bytes())
        assert main(["predict", str(tmp_path / "back\\nslash.json")]) == 0
        assert capsys.readouterr().out.startswith(f"{tmp_path}/back\\\\nslash.json: 2 ")


def test_text_output_says_when_a_drawing_is_maybe_not_a_digit(capsys, tmp_path):
    dot = tmp_path / "dot.json"
    dot.write_text('{"width": 360, "height": 360, "strokes": [[[180, 180]]]}')
    status, out, _ = run_predict(capsys, dot)
    assert status == 0 and "(maybe not a digit: " in out and "a digit)" in out


def test_text_output_says_why_a_digit_too_small_for_its_pen_is_not_sure(capsys, tmp_path):
    # A 7 two pen widths across: read 7 at 83%, but from a blob (reader.BLOB_PENS).
    small = tmp_path / "small.json"
    small.write_text(
        '{"width": 360, "height": 360, "pen_width": 12.6, '
        '"strokes": [[[175, 165], [195, 165], [183, 190]]]}'
    )
    status, out, _ = run_predict(capsys, small)
    assert status == 0 and out.startswith(f"{small}: 7 ")
    assert out.rstrip().endswith("(not sure: too small for the pen)")


def test_text_output_says_why_a_number_of_digits_too_small_for_their_pen_is_not_sure(
    capsys, tmp_path
):
    # A fresh tester's two tiny digits at 100% pen: read "??", with no word on why.
    small = tmp_path / "small.json"
    small.write_text(
        '{"width": 578, "height": 452, "pen_width": 15.8, "strokes": ['
        "[[196, 193], [204, 193], [200, 200], [196, 208], [204, 208], [196, 193]], "
        "[[221, 193], [229, 193], [225, 200], [221, 208], [229, 208], [221, 193]]]}"
    )
    status, out, _ = run_predict(capsys, small)
    assert status == 0 and out.startswith(f"{small}: ??  (")
    assert out.rstrip().endswith(")  (not sure: too small for the pen)")


def test_text_output_gives_the_digit_read_without_the_line_under_it(capsys):
    # Drawn in the app, 9% of its height above the line; read whole, the 7 and line are a 1.
    status, out, _ = run_predict(capsys, ROOT / "tests" / "data" / "underlined-7.json")
    assert status == 0 and ": 7 " in out
    assert out.rstrip().endswith("(a mark that is no digit was left out)")
    status, out, _ = run_predict(capsys, ROOT / "tests" / "data" / "underlined-7.json", "--json")
    record = json.loads(out)
    assert record["number"] == "7" and record["predictions"][0]["digit"] == 1  # the whole
    assert record["left_out"] is True


def test_text_output_tells_an_empty_drawing_from_a_picture_without_a_digit(capsys, tmp_path):
    blank = tmp_path / "blank.json"
    blank.write_text('{"width": 100, "height": 100, "strokes": []}')
    Image.new("L", (60, 40), 255).save(tmp_path / "white.png")
    # A tester's ink drawn wholly outside its canvas was only "empty drawing".
    outside = tmp_path / "outside.json"
    outside.write_text('{"width": 100, "height": 100, "strokes": [[[-50, -50], [-40, -30]]]}')
    status, out, _ = run_predict(capsys, blank, tmp_path / "white.png", outside)
    assert status == 0
    assert out.splitlines() == [
        f"{blank}: empty drawing",
        f"{tmp_path / 'white.png'}: no digit found",
        f"{outside}: empty drawing (its strokes lie outside its canvas)",
    ]


def test_an_animated_gif_is_said_to_be_read_by_its_first_frame(capsys, samples, tmp_path):
    path = tmp_path / "anim.gif"
    frames = [Image.open(samples / f"mnist-{d}-0.png") for d in (8, 3, 5)]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=300)
    status, out, _ = run_predict(capsys, path)
    assert status == 0 and out.startswith(f"{path}: 8 ")
    assert out.rstrip().endswith("(the first of its 3 frames was read)")
    status, out, _ = run_predict(capsys, path, samples / "mnist-3-0.png", "--json")
    records = [json.loads(line) for line in out.splitlines()]
    assert records[0]["number"] == "8" and records[0]["frames"] == 3
    assert "frames" not in records[1]


def test_bad_top_k_is_a_usage_error(capsys, samples):
    with pytest.raises(SystemExit) as exit_info:
        main(["predict", str(samples / "mnist-1-0.png"), "--top-k", "11"])
    assert exit_info.value.code == 2
    assert "--top-k" in capsys.readouterr().err


def test_nothing_to_read_and_a_missing_profile_are_usage_errors(capsys, samples, tmp_path):
    folder = tmp_path / "empty"  # not the test's own folder, which holds its settings
    folder.mkdir()
    assert main(["predict", str(folder)]) == 2
    assert capsys.readouterr().err.strip() == f"digitpad: no image or ink files in {folder}"
    # Beside a file that is read, the empty folder is named and the status says so.
    assert main(["predict", str(folder), str(samples / "pen-3-0.json")]) == 1
    assert capsys.readouterr().err.strip() == f"digitpad: no image or ink files in {folder}"
    pen = str(samples / "pen-3-0.json")
    nowhere = folder / "nowhere"
    assert main(["predict", "--profile", str(nowhere), pen]) == 2
    assert (
        capsys.readouterr().err == f"digitpad: there is no profile at {nowhere}: no such folder\n"
    )
    through = samples / "pen-3-0.json" / "profile"  # a path through a file
    assert main(["predict", "--profile", str(through), pen]) == 2
    assert capsys.readouterr().err.endswith(f"no profile at {through}: not a directory\n")
    assert main(["predict", "--profile", str(samples), pen]) == 2  # a folder of something else
    assert "not a handwriting profile folder" in capsys.readouterr().err
    # A folder of folders: they are not searched, and it says so.
    (folder / "inside").mkdir()
    assert main(["predict", str(folder)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"digitpad: no image or ink files in {folder} (the folders inside it are not searched)"
    )
    # An exported profile is not a profile: how to read with it is named.
    (folder / "labels.csv").write_text("file,label\n")
    assert main(["predict", "--profile", str(folder), pen]) == 2
    assert f"import it first: digitpad profile import {folder}" in capsys.readouterr().err


def test_the_apps_profile_with_nothing_learned_is_named_and_read_without(capsys, samples):
    pen = str(samples / "pen-3-0.json")
    assert main(["predict", "--profile", "default", pen]) == 0
    out, err = capsys.readouterr()
    assert err == "digitpad: the app has learned no handwriting yet: reading without a profile\n"
    assert out.startswith(f"{pen}: 3")


def test_a_blank_picture_read_with_a_profile_is_no_digit_found(capsys, samples, tmp_path):
    from digitpad.core.profile import Profile

    Profile(tmp_path / "profile").add(read_ink(samples / "pen-3-0.json"), 3)
    blank = tmp_path / "blank.png"
    Image.new("L", (40, 30), 255).save(blank)
    assert main(["predict", "--profile", str(tmp_path / "profile"), str(blank)]) == 0
    assert capsys.readouterr().out == f"{blank}: no digit found\n"


def test_an_unexpected_error_is_one_sentence_and_its_traceback_is_in_the_log(
    capsys, samples, monkeypatch, tmp_path
):
    def broken(*args):
        raise RuntimeError("a bug")

    monkeypatch.setattr("digitpad.cli.expand_paths", broken)
    assert main(["predict", str(samples / "pen-3-0.json")]) == 1
    log = tmp_path / "logs" / "digitpad.log"
    assert capsys.readouterr().err == (
        f"digitpad: stopped by an unexpected error; the details are in {log}\n"
    )
    assert "RuntimeError: a bug" in log.read_text()


def test_profile_show_and_forget_take_no_folder(capsys, tmp_path):
    for action in ("show", "forget"):
        assert main(["profile", action, str(tmp_path)]) == 2
        assert "takes no folder" in capsys.readouterr().err


def test_missing_model_is_one_line_not_a_traceback(tmp_path, samples):
    env = dict(os.environ, DIGITPAD_ASSETS=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "digitpad", "predict", str(samples / "mnist-1-0.png")],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().startswith("digitpad: the model is missing")
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_the_app_says_a_missing_file_or_model_before_it_starts(
    capsys, monkeypatch, tmp_path, samples
):
    from digitpad.gui import app

    started = []

    def run_app(open_path=None, model_path=None):  # where a display or its absence is seen
        gc.enable()  # as the window's first frame does (cli turns it off for start-up)
        started.append((open_path, model_path))
        return 0

    monkeypatch.setattr(app, "run_app", run_app)
    monkeypatch.setattr("digitpad.cli._stderr_is_read", lambda: True)  # a terminal
    model, drawing = str(tmp_path / "MISSING.keras"), str(tmp_path / "MISSING.json")
    assert main(["--model", model]) == 2
    assert capsys.readouterr().err == f"digitpad: {model}: the file does not exist\n"
    assert main([drawing, "--model", str(tmp_path)]) == 2  # each named, the folder as one
    assert capsys.readouterr().err == (
        f"digitpad: {drawing}: the file does not exist\n"
        f"digitpad: {tmp_path}: that is a folder, not a file\n"
    )
    assert started == []
    sample, ours = str(samples / "pen-2-0.json"), str(ROOT / "assets" / "model.keras")
    assert main([sample, "--model", ours]) == 0 and started == [(sample, ours)]
    # Started from a menu or a file manager, where no one reads standard error: the window
    # opens and says it (a tester's moved file opened from a file manager showed nothing).
    monkeypatch.setattr("digitpad.cli._stderr_is_read", lambda: False)
    assert main([drawing]) == 0 and started[-1] == (drawing, None)
    assert capsys.readouterr().err == f"digitpad: {drawing}: the file does not exist\n"
    # A windowed app (pythonw, the frozen one on Windows) has nowhere to say it: its window does.
    monkeypatch.setattr(sys, "stderr", None)
    assert main(["--model", model]) == 0
    sys.stderr.close()  # the stand-in main opened
    assert started[-1] == (None, model)


@pytest.mark.parametrize("terminal", ["stdin", "stdout", "stderr", None])
def test_a_terminal_on_any_standard_stream_reads_what_is_said_on_stderr(monkeypatch, terminal):
    from digitpad import cli
    from digitpad.gui import app

    monkeypatch.setattr(app, "no_display", lambda: False)
    for name in ("stdin", "stdout", "stderr"):
        stream = io.StringIO()
        stream.isatty = lambda tty=name == terminal: tty
        monkeypatch.setattr(sys, name, stream)
    # `digitpad gone.json 2>errors.txt` at a terminal: status 2; from a desktop menu: a window.
    assert cli._stderr_is_read() == (terminal is not None)


def test_file_names_the_output_cannot_encode_are_written_as_escapes(tmp_path, samples):
    # A Windows console's code page, say, has no letters for some names: one line each still.
    named = tmp_path / "über 数字 ✓.png"
    shutil.copy(samples / "mnist-1-0.png", named)
    missing = tmp_path / "数字-missing.png"
    env = dict(os.environ, PYTHONIOENCODING="cp1252")
    done = subprocess.run(
        [sys.executable, "-m", "digitpad", "predict", str(named), str(missing)],
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 1
    out, err = done.stdout.decode("cp1252"), done.stderr.decode("cp1252")
    folder = f"{tmp_path}{os.sep}"
    assert out.startswith(f"{folder}über \\u6570\\u5b57 \\u2713.png: 1 ")
    assert err == f"digitpad: {folder}\\u6570\\u5b57-missing.png: the file does not exist\n"


@pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes on Linux only")
def test_a_file_name_that_is_no_utf8_is_valid_json(tmp_path, samples):
    named = os.path.join(os.fsencode(tmp_path), b"bad\xffname.png")
    shutil.copy(samples / "mnist-1-0.png", named)
    done = subprocess.run(
        [sys.executable, "-m", "digitpad", "predict", "--json", named],
        capture_output=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0
    line = done.stdout.decode("utf-8")
    assert "\\ud" not in line  # no lone surrogate
    assert json.loads(line)["file"] == f"{tmp_path}/bad\\xffname.png"
    text = subprocess.run(
        [sys.executable, "-m", "digitpad", "predict", named], capture_output=True, cwd=ROOT
    )
    assert text.stdout.decode("utf-8").startswith(f"{tmp_path}/bad\\xffname.png: 1 ")


def test_many_files_are_read_in_worker_processes_as_they_would_be_in_one(tmp_path, samples):
    from digitpad.core.batch import PARALLEL_FROM

    good = sorted(samples.glob("*-*-*.*"))
    files = [good[i % len(good)] for i in range(PARALLEL_FROM + 10)]
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    files.insert(PARALLEL_FROM // 2, bad)
    done = subprocess.run(
        [sys.executable, "-m", "digitpad", "predict", "--json", *map(str, files)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr == f"digitpad: {bad}: not an ink file: invalid JSON at line 1\n"
    lines = done.stdout.splitlines()
    assert [json.loads(line)["file"] for line in lines] == [str(f) for f in files]
    # The same lines as one process gives, file by file.
    alone = {path: line for path, line in zip(files, lines) if path in good[:3]}
    for path, line in alone.items():
        single = subprocess.run(
            [sys.executable, "-m", "digitpad", "predict", "--json", str(path)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
        )
        assert single.stdout.strip() == line


def test_missing_model_with_many_files_is_still_one_line(tmp_path, samples):
    from digitpad.core.batch import PARALLEL_FROM

    env = dict(os.environ, DIGITPAD_ASSETS=str(tmp_path))
    files = [str(samples / "mnist-1-0.png")] * (PARALLEL_FROM + 1)
    done = subprocess.run(
        [sys.executable, "-m", "digitpad", "predict", *files],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip().startswith("digitpad: the model is missing")
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_python_dash_m_and_version():
    done = subprocess.run(
        [sys.executable, "-m", "digitpad", "--version"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0 and done.stdout.startswith("digitpad ")


def test_self_test_passes_and_leaves_the_users_settings_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    done = self_test_from_source(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PASSED" in done.stdout and "window: a drawn 3 reads as 3" in done.stdout
    assert not list((tmp_path / "config").rglob("*.conf"))


def test_startup_report_times_first_frame_then_model(tmp_path):
    """tools/benchmark.py reads these lines: the first frame is painted before the model."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        DIGITPAD_LOG_DIR=str(tmp_path),
        DIGITPAD_STARTUP_REPORT="1",
    )
    done = subprocess.run(
        [sys.executable, "-m", "digitpad"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    times = {
        line.split()[0]: float(line.split()[1])
        for line in done.stdout.splitlines()
        if line.startswith(("window_shown ", "model_ready "))
    }
    assert done.stdout.rstrip().endswith(" ok")
    assert times.keys() == {"window_shown", "model_ready"}
    assert times["window_shown"] <= times["model_ready"]


@pytest.mark.parametrize("page", ["README.md", "docs/command-line.md"])
def test_the_docs_predict_examples_are_what_predict_prints(capsys, monkeypatch, tmp_path, page):
    # The examples' files: the shipped samples, an empty drawing and a truncated PNG.
    (tmp_path / "assets").symlink_to(ROOT / "assets")
    (tmp_path / "blank.json").write_text('{"width": 360, "height": 360, "strokes": []}')
    png = (ROOT / "assets" / "samples" / "mnist-7-0.png").read_bytes()
    (tmp_path / "broken.png").write_bytes(png[: len(png) // 2])
    monkeypatch.chdir(tmp_path)
    lines = (ROOT / page).read_text(encoding="utf-8").splitlines()
    examples = [i for i, line in enumerate(lines) if line.startswith("$ digitpad predict ")]
    assert examples
    for start in examples:
        end = lines.index("```", start)
        _, out, _ = run_predict(capsys, *lines[start].split()[3:])
        assert out.splitlines() == lines[start + 1 : end]


def test_a_mistyped_command_is_a_usage_error_not_a_file_to_open(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["predcit", "x.png"])
    assert exit_info.value.code == 2
    assert (
        "predcit is neither a command (app, predict, evaluate, profile) nor a file "
        "(did you mean predict?)"
    ) in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv, said",
    [
        (["--self-tes"], "digitpad: error: unrecognized arguments: --self-tes (did you mean "),
        (
            ["--model", "m.keras", "--version"],
            "error: --version is given alone: digitpad --version",
        ),
        (["pen.json", "--self-test"], "error: --self-test is given alone: digitpad --self-test"),
        (["predict", ""], "digitpad predict: error: an empty file name was given"),
        (
            ["--json", "predict", "7.json"],
            "digitpad: error: options go after the command: digitpad predict --json 7.json",
        ),
        (
            ["--top-k", "1", "predict", "7.json"],
            "digitpad: error: options go after the command: digitpad predict --top-k 1 7.json",
        ),
        (
            ["evaluate", "--logits"],
            "digitpad evaluate: error: --scale, --inverted and --logits describe your model",
        ),
    ],
)
def test_a_mistake_in_the_arguments_is_named_as_the_user_typed_it(capsys, argv, said):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2 and said in capsys.readouterr().err


def test_an_unknown_option_is_said_with_its_commands_usage(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["predict", "-k", "2", "x.png"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: digitpad predict") and "unrecognized arguments: -k" in err


def test_an_unreadable_file_is_named_once_on_a_terminal_and_also_on_stderr_when_piped(
    capsys, monkeypatch, tmp_path
):
    bad = tmp_path / "fake.png"
    bad.write_text("x")
    status, out, err = run_predict(capsys, bad)  # stdout captured: as if piped
    assert status == 1 and out.strip() == f"{bad}: error: not an image file that digitpad can read"
    assert err.strip() == f"digitpad: {bad}: not an image file that digitpad can read"
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    status, out, err = run_predict(capsys, bad)
    assert status == 1 and "not an image file" in out and err == ""


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
def test_a_full_disk_ends_with_one_sentence_not_a_traceback(samples):
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "digitpad", "predict", str(samples / "pen-3-0.json")],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            timeout=60,
        )
    assert done.returncode == 1
    assert done.stderr == "digitpad: cannot write the output: no space left on device\n"


def test_ctrl_c_ends_quietly_with_status_130(samples, monkeypatch):
    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr("digitpad.cli._run", interrupted)
    assert main(["predict", str(samples / "pen-3-0.json")]) == 130


def test_a_path_through_a_file_is_named_for_what_it_is(capsys, samples):
    through = samples / "mnist-1-0.png" / "x.png"
    status, out, _ = run_predict(capsys, through)
    assert status == 1 and out.strip() == f"{through}: error: cannot read the file: not a directory"


def test_a_file_named_like_an_option_is_told_how_to_be_named(capsys, monkeypatch, tmp_path):
    (tmp_path / "-7.png").write_bytes((ROOT / "assets" / "samples" / "mnist-7-0.png").read_bytes())
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        main(["predict", "-7.png"])
    assert exit_info.value.code == 2
    said = "-7.png reads as an option: name the file ./-7.png, or put it after --"
    err = capsys.readouterr().err
    assert said in err and err.startswith("usage: digitpad predict ")  # predict's usage
    status, out, _ = run_predict(capsys, "--", "-7.png")
    assert status == 0 and out.startswith("-7.png: 7 ")


def test_a_folders_hidden_files_are_passed_over_and_a_folder_named_on_stdin_is_read(
    capsys, samples, tmp_path, monkeypatch
):
    good = sorted(samples.glob("pen-*.json"))[0]
    (tmp_path / good.name).write_bytes(good.read_bytes())
    (tmp_path / f"._{good.name}").write_bytes(b"\0\5\26\7 a Mac's resource fork")
    status, out, err = run_predict(capsys, tmp_path, "--json")
    assert status == 0 and err == ""
    assert [json.loads(line)["file"] for line in out.splitlines()] == [str(tmp_path / good.name)]
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{tmp_path}\n"))
    status, out, err = run_predict(capsys, "-", "--json")
    assert status == 0 and err == ""
    assert [json.loads(line)["file"] for line in out.splitlines()] == [str(tmp_path / good.name)]


def test_a_folder_named_like_a_picture_inside_a_folder_read_is_passed_over(
    capsys, samples, tmp_path
):
    good = sorted(samples.glob("pen-*.json"))[0]
    (tmp_path / good.name).write_bytes(good.read_bytes())
    (tmp_path / "scans.png").mkdir()  # as any other folder in it, not read
    status, out, err = run_predict(capsys, tmp_path, "--json")
    assert status == 0 and err == ""
    assert [json.loads(line)["file"] for line in out.splitlines()] == [str(tmp_path / good.name)]
