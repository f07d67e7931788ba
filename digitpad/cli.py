"""Command line: the app, `predict`, `evaluate`, `profile` and the self-test."""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import re
import stat
import sys
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from digitpad import __version__
from digitpad.core.errors import InputError, ModelError, file_error
from digitpad.core.format import count as plural
from digitpad.core.format import percent

# Each command imports what it needs when it runs: the app's window comes up before
# NumPy, Pillow and the model are loaded (docs/decisions/startup.md).
if TYPE_CHECKING:
    from digitpad.core.batch import FileReading

COMMANDS = ("app", "predict", "evaluate", "profile")
# How an ink file (JSON) and PNG, JPEG and GIF images begin: what `cat FILE |` would give.
DRAWING_SIGNATURES = (b"{", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")
STDIN_DRAWING = (
    "standard input holds an image or an ink file, not file names: name the file instead "
    "(digitpad predict FILE)"
)
APP_OPTIONS = ("--self-test", "--version", "--help", "--model")  # those given without a command
NO_PROFILE_NAMED = "--profile needs a folder, or default"
NOT_A_PROFILE = "is not a handwriting profile folder (one the app made, with a samples.csv)"
NOTHING_LEARNED = "the app has learned no handwriting yet: reading without a profile"
SMALL = "  (not sure: too small for the pen)"  # a reading of a blob (reader.BLOB_PENS)
EXIT_CODES = """exit status:
  0  every file was read (an empty drawing counts as read)
  1  some file could not be read (its line says why)
  2  bad usage (nothing to read, no such profile), or the model could not be loaded"""
EVALUATE_EXIT_CODES = """exit status:
  0  the report was printed, and the pictures asked for were drawn
  2  bad usage, a model or data that cannot be read, or a picture that could not be drawn"""


def build_parser() -> argparse.ArgumentParser:
    """digitpad's arguments: the app by default, and the predict, evaluate and profile
    sub-commands (each records its own parser as `usage`, for errors in its arguments)."""
    parser = argparse.ArgumentParser(
        prog="digitpad",
        description="Draw a digit and see what a neural network reads.",
        epilog="A bare FILE or --model opens the app: digitpad drawing.json --model mnist.h5",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check the model, the pipeline and the window on built-in samples",
    )
    parser.add_argument("--version", action="version", version=f"digitpad {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    app = commands.add_parser("app", help="start the app (the default)")
    app.set_defaults(usage=app)
    app.add_argument("file", nargs="?", help="an ink file or image to open")
    app.add_argument(
        "--model",
        metavar="FILE",
        help="also read with your own model (.keras, .h5, .tflite or .onnx)",
    )
    predict = commands.add_parser(
        "predict",
        help="read image and ink files and print what the network reads",
        description="Read image files and ink files with the app's own pipeline.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    predict.set_defaults(usage=predict)
    predict.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="image or ink files; a folder means the files in it, a quoted pattern such as "
        "'*.png' the files it matches, and - the file names on standard input, one a line "
        "(or each ending in NUL)",
    )
    predict.add_argument(
        "--top-k",
        type=int,
        default=3,
        choices=range(1, 11),
        metavar="K",
        help="how many digits to list, 1 to 10 (default 3); a number's line gives each digit's "
        "best, --json the K best of each",
    )
    predict.add_argument("--json", action="store_true", help="one JSON object per file on stdout")
    predict.add_argument(
        "--profile",
        metavar="PATH",
        help="read with a handwriting profile: its folder, or 'default' for the app's own",
    )
    predict.add_argument(
        "--model",
        metavar="FILE",
        help="also read each digit with your own model (.keras, .h5, .tflite or .onnx), its "
        "conventions found as the app finds them",
    )
    evaluate = commands.add_parser(
        "evaluate",
        help="report how a model reads real handwriting: per-digit scores and confusions",
        description="Read a labelled set with digitpad's model or your own and report how it\n"
        "did: precision, recall and F1 per digit, the confusion matrix and the accuracy.",
        epilog=EVALUATE_EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    evaluate.set_defaults(usage=evaluate)
    evaluate.add_argument(
        "--model",
        metavar="FILE",
        help="your model: .tflite, .keras or .h5 (needs the keras extra), "
        ".onnx (needs the onnx extra); default: digitpad's own",
    )
    evaluate.add_argument(
        "--data",
        metavar="FOLDER",
        help="images or ink files listed in FOLDER/labels.csv (file,label); "
        "default: the built-in real handwriting",
    )
    evaluate.add_argument(
        "--scale",
        choices=["0-1", "0-255", "MNIST mean/std", "-1 to 1"],
        help="the input scaling your model wants (default: found)",
    )
    evaluate.add_argument(
        "--inverted",
        action=argparse.BooleanOptionalAction,
        help="your model wants a black digit on white (default: found)",
    )
    evaluate.add_argument(
        "--logits",
        action=argparse.BooleanOptionalAction,
        help="your model outputs logits, not probabilities (default: found)",
    )
    evaluate.add_argument("--confusion", metavar="PNG", help="also draw the confusion matrix")
    evaluate.add_argument("--misread", metavar="PNG", help="also draw the misread digits")
    evaluate.add_argument(
        "--overwrite", action="store_true", help="replace the pictures if the files exist"
    )
    profile = commands.add_parser(
        "profile",
        help="export, import, forget or show the handwriting the app has learned",
        description="The samples the app learned from your corrections.",
    )
    profile.set_defaults(usage=profile)
    profile.add_argument(
        "action",
        choices=["export", "import", "forget", "show"],
        help="write the samples as a dataset, add a dataset's, delete them all, or count them",
    )
    profile.add_argument(
        "folder",
        nargs="?",
        help="export: the folder to write; import: a folder with labels.csv, or a copy of a "
        "profile folder",
    )
    profile.add_argument(
        "--profile",
        metavar="PATH",
        default="default",
        help="the profile's folder (default: the app's)",
    )
    profile.add_argument("--yes", action="store_true", help="forget without asking first")
    # For a mistake found before the arguments are parsed: said with its command's usage.
    parser.set_defaults(
        parsers={"app": app, "predict": predict, "evaluate": evaluate, "profile": profile}
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run digitpad with these arguments (default sys.argv[1:]); returns the exit status:
    130 after Ctrl+C, 1 with one sentence when the output cannot be written (a full disk) or
    an unexpected error stopped it (its traceback in the log)."""
    closed = sys.stdout is None
    windowed = sys.stderr is None  # pythonw, the frozen Windows app: no console to write to
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:  # closed (`>&-`), or a windowed app's: written nowhere
            setattr(sys, name, open(os.devnull, "w"))  # noqa: SIM115 (open while we run)
        elif hasattr(stream, "reconfigure"):
            # A console or file in a code page without a file name's letters ("über 数字.png"
            # in cp1252) shows them as escapes rather than stopping with UnicodeEncodeError.
            stream.reconfigure(errors="backslashreplace")
    try:
        return _run(list(sys.argv[1:] if argv is None else argv), closed, windowed)
    except KeyboardInterrupt:  # stopped as asked
        return 130
    except OSError as error:  # the commands check what they read: this is their output
        from digitpad.core.errors import reason

        logging.getLogger(__name__).exception("stopped")
        _drop_output()  # and Python's last flush at exit would fail the same way
        where = "cannot write the output" if error.filename is None else error.filename
        print(f"digitpad: {where}: {reason(error)}", file=sys.stderr)
        return 1
    except Exception:  # a bug: one sentence here, the traceback in the log
        from digitpad.core.logs import LOG_NAME, log_dir

        logging.getLogger(__name__).exception("stopped by an unexpected error")
        print(
            f"digitpad: stopped by an unexpected error; the details are in {log_dir() / LOG_NAME}",
            file=sys.stderr,
        )
        return 1


def _run(argv: list[str], stdout_closed: bool = False, windowed: bool = False) -> int:
    parser = build_parser()
    if argv and argv[0] not in (*COMMANDS, "-h", "--help", "--version", "--self-test"):
        first = argv[0]
        # A word that is no file and has no file's suffix is a command mistyped ("predcit").
        if not (first.startswith("-") or os.path.exists(first) or Path(first).suffix):
            hint = did_you_mean(first, COMMANDS)
            parser.error(f"{first} is neither a command ({', '.join(COMMANDS)}) nor a file{hint}")
        argv.insert(0, "app")  # `digitpad FILE`, as file managers call it
        implied = True
    else:
        implied = False
    # argparse takes a file named like an option (-2.png) for one: say how to name it.
    named = argv[: argv.index("--")] if "--" in argv else argv
    dashed = [a for a in named if a[:1] == "-" and a[:2] != "--" and os.path.isfile(a)]
    if dashed:
        (parser if implied else parser.get_default("parsers")[argv[0]]).error(
            f"{dashed[0]} reads as an option: name the file ./{dashed[0]}, or put it after --"
        )
    args, unknown = parser.parse_known_args(argv)
    if unknown and implied:  # `digitpad --self-tes`: no command was named
        if unknown[0] in ("--version", "--self-test"):  # after a file or --model
            parser.error(f"{unknown[0]} is given alone: digitpad {unknown[0]}")
        # `digitpad --json predict 7.json`: the options came first.
        command = next((a for a in [args.file, *unknown] if a in COMMANDS), None)
        if command is not None:
            given = argv[1:]  # as typed, without the "app" put in front
            given.remove(command)
            parser.error(f"options go after the command: digitpad {command} {' '.join(given)}")
        hint = did_you_mean(unknown[0], APP_OPTIONS)
        parser.error(f"unrecognized arguments: {' '.join(unknown)}{hint}")
    # argparse takes no positional after an option in a sub-command: `profile export
    # --profile P FOLDER` names its folder last.
    late_folder = len(unknown) == 1 and not unknown[0].startswith("-")
    if late_folder and getattr(args, "command", None) == "profile" and args.folder is None:
        args.folder = unknown.pop()
    if unknown:  # said with the usage of the command they were given to
        getattr(args, "usage", parser).error(f"unrecognized arguments: {' '.join(unknown)}")
    from digitpad.core.logs import setup_logging

    setup_logging()
    if stdout_closed and args.command in ("predict", "evaluate", "profile"):
        # What these commands print is what they are for: as `cat >&-`, refuse to lose it.
        print("digitpad: cannot write the output: standard output is closed", file=sys.stderr)
        return 1
    if args.self_test:
        from digitpad.selftest import run_self_test

        return run_self_test()
    if args.command == "predict":
        if "" in args.files:
            args.usage.error("an empty file name was given")
        try:
            paths, unmatched = expand_paths(args.files, sys.stdin)
        except InputError as error:
            args.usage.error(str(error))
        for pattern in unmatched:
            print(f"digitpad: {unmatched_sentence(pattern)}", file=sys.stderr)
        if not paths:
            if not unmatched:
                print("digitpad: no image or ink files to read", file=sys.stderr)
            return 2
        if args.profile == "":
            print(f"digitpad: {NO_PROFILE_NAMED}", file=sys.stderr)
            return 2
        if args.profile not in (None, "default") and not is_profile(args.profile):
            print(f"digitpad: {not_a_profile(args.profile)}", file=sys.stderr)
            return 2
        if args.profile is not None:
            samples, problem = profile_samples(profile_path(args.profile))
            if problem:
                print(f"digitpad: {problem}", file=sys.stderr)
                return 2
            if args.profile == "default" and not samples:
                print(f"digitpad: {NOTHING_LEARNED}", file=sys.stderr)  # a note: reading goes on
        status = predict(paths, args.top_k, args.json, profile_path(args.profile), args.model)
        return status or (1 if unmatched else 0)
    if args.command == "evaluate":
        return evaluate(args)
    if args.command == "profile":
        return profile(args)
    # A file or model that is not there is said now, as predict says it: the window would
    # say it only once started, and without a display never. A windowed app's window says it,
    # and so does the window of an app started from a menu or a file manager.
    named = (getattr(args, "file", None), getattr(args, "model", None))
    problems = [] if windowed else [cannot_open(path) for path in named if path]
    for problem in filter(None, problems):
        print(f"digitpad: {problem}", file=sys.stderr)
    if any(problems) and _stderr_is_read():
        return 2
    # Start-up makes tens of thousands of objects that live as long as the app (Qt's classes
    # and enums): the garbage collector waits for the window's first frame (gui.app).
    gc.disable()
    from digitpad.gui.app import run_app

    return run_app(getattr(args, "file", None), getattr(args, "model", None))


def _stderr_is_read() -> bool:
    """Whether someone reads what digitpad writes to standard error: a terminal does (any of
    the standard streams on one: `digitpad x.json 2>errors.txt` too), and so does whoever runs
    it where no window can open; a desktop menu or a file manager does not."""
    if any(
        stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout, sys.stderr)
    ):
        return True
    from digitpad.gui.app import no_display

    return no_display()


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """' (did you mean --self-test?)' for the choice closest to a mistyped word, or ''."""
    import difflib  # only for a mistake: starting the app does without it

    close = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean {close[0]}?)" if close else ""


def cannot_open(path: str) -> str | None:
    """Why the app cannot open path, in one sentence, where one look tells (no such file, a
    folder); else None: what else is wrong with it is found when it is opened."""
    try:
        if stat.S_ISDIR(os.stat(path).st_mode):
            raise IsADirectoryError(path)
    except OSError as error:  # worded as predict words a file it cannot read (FILE_ERRORS)
        return f"{printable(path)}: {file_error(error)}"
    return None


def unmatched_sentence(argument: str) -> str:
    """Why a folder or pattern given to predict gave no file to read, in one sentence."""
    if os.path.isdir(argument):
        inside = " (the folders inside it are not searched)" if _has_folders(argument) else ""
        return f"no image or ink files in {argument}{inside}"
    # glob matches nothing in a folder it cannot list: the folder's own reason is the one
    # (the nearest that can be seen: one inside a folder that cannot be listed cannot be).
    folder = os.path.dirname(argument)
    while folder and not os.path.isdir(folder) and os.path.dirname(folder) != folder:
        folder = os.path.dirname(folder)
    if folder and os.path.isdir(folder):
        try:
            os.scandir(folder).close()
        except OSError as error:
            from digitpad.core.errors import reason

            return f"cannot look into {folder}: {reason(error)}"
    return f"no file matches {argument}"


def _has_folders(folder: str) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(entry.is_dir() for entry in entries)
    except OSError:  # a folder that cannot be listed: its own message says enough
        return False


def not_a_profile(folder: str) -> str:
    """Why folder is not a profile, in one sentence; for an export of a profile (labels.csv),
    how to read with it."""
    from digitpad.core.errors import reason
    from digitpad.core.profile import LABELS_FILE

    try:
        os.stat(folder)
    except FileNotFoundError:
        return f"there is no profile at {folder}: no such folder"
    except OSError as error:  # the system's own reason: "not a directory", ...
        return f"there is no profile at {folder}: {reason(error)}"
    if not (Path(folder) / LABELS_FILE).is_file():
        return f"{folder} {NOT_A_PROFILE}"
    return (
        f"{folder} {NOT_A_PROFILE}; to read with an export, import it first: "
        f"digitpad profile import {folder}"
    )


def holds_a_drawing(text: str, encoding: str | None) -> bool:
    """Whether standard input's text, decoded from encoding, is an image or an ink file
    itself (`cat 7.png |`), not the file names that `predict -` reads."""
    try:
        head = text[:8].encode(encoding or "utf-8", "surrogateescape")
    except (LookupError, UnicodeEncodeError):
        return False
    return head.lstrip().startswith(DRAWING_SIGNATURES)


def expand_paths(arguments: Sequence[str], stdin: Iterable[str]) -> tuple[list[str], list[str]]:
    """File arguments as file paths: folders listed (_folder_files), patterns matched, - read
    from stdin (a folder named there listed too); and the patterns that matched nothing and
    the folders with nothing to read.

    A pattern is expanded here because Windows shells pass it on as typed. Raises
    InputError when standard input holds a drawing itself instead of names.
    """
    import glob

    paths: list[str] = []
    unmatched: list[str] = []
    for argument in arguments:
        if argument == "-":
            named = [(name, _listed(name)) for name in _stdin_names(stdin)]
        elif glob.has_magic(argument) and not os.path.exists(argument):
            # A pattern names files: the folders it matches are not read.
            matched = (p for p in glob.glob(argument) if not os.path.isdir(p))
            named = [(argument, sorted(matched, key=natural_order))]
        else:
            named = [(argument, _listed(argument))]
        for name, listed in named:
            paths += listed
            if not listed:
                unmatched.append(name)
    return paths, unmatched


def _stdin_names(stdin: Iterable[str]) -> list[str]:
    """The file names read from standard input: one a line (LF or CRLF), or each ending in
    NUL (`find -print0`); spaces are part of a name. Raises InputError when it holds a drawing
    itself."""
    text = "".join(stdin)
    if holds_a_drawing(text, getattr(stdin, "encoding", None)):
        raise InputError(STDIN_DRAWING)
    if "\0" in text:
        names = text.split("\0")
    else:
        names = [line.removesuffix("\r") for line in text.split("\n")]
    return [name for name in names if name.strip()]


def _listed(name: str) -> list[str]:
    """A folder's files (_folder_files), or the name itself."""
    return _folder_files(name) if os.path.isdir(name) else [name]


def _folder_files(folder: str) -> list[str]:
    """The files in a folder that digitpad reads, by their suffix, in natural order; hidden
    ones (a name starting with a dot: a Mac's "._scan.png" beside scan.png) left out, as a
    pattern leaves them out. A folder that cannot be listed stands for itself, read as a file
    that says why."""
    from digitpad.core.files import IMAGE_SUFFIXES, INK_SUFFIXES

    try:
        return sorted(
            (
                str(p)
                for p in Path(folder).iterdir()
                if p.suffix.lower() in IMAGE_SUFFIXES | INK_SUFFIXES
                and not p.name.startswith(".")
                and not p.is_dir()  # "scans.png/" too
            ),
            key=natural_order,
        )
    except OSError:
        return [folder]


def natural_order(path: str) -> tuple[list[list[str | int]], str]:
    """Sort key for page2.png before page10.png: folder by folder, then the name without its
    suffix, then the suffix, each with digit runs as numbers and the rest ignoring case; so a
    name comes before its numbered copies (scan.png, scan (2).png) and a/ before a2/."""
    *folders, name = Path(path).parts
    stem, suffix = os.path.splitext(name)
    # re.split with a group puts the digit runs at the odd places: ints meet ints, strs strs.
    # The path itself breaks ties (page01, page1; Page1, page1), so that the order is total.
    return [
        [int(p) if i % 2 else p.casefold() for i, p in enumerate(re.split(r"(\d+)", part))]
        for part in (*folders, stem, suffix)
    ], path


def is_profile(path: str) -> bool:
    """Whether path is a handwriting profile's folder: one with the profile's index."""
    from digitpad.core.profile import Profile

    try:
        return Profile(path).index_path.is_file()
    except OSError:  # a folder that cannot be looked into: reading the index says why
        return True


def _empty_folder(path: Path) -> bool:
    return path.is_dir() and not any(path.iterdir())


def profile_samples(folder: str) -> tuple[int, str | None]:
    """How many samples a profile folder holds to read with, and why it cannot be read with
    (its index cannot be read: then no samples), or None; one read of its index."""
    from digitpad.core.errors import InputError
    from digitpad.core.profile import Profile

    try:
        return len(Profile(folder).samples(strict=True)), None
    except InputError as error:
        return 0, str(error)


def profile_path(argument: str | None) -> str | None:
    """A --profile argument as a folder: 'default' is the app's own profile."""
    if argument is None:
        return None
    from digitpad.core.profile import default_profile_dir

    return str(default_profile_dir()) if argument == "default" else argument


def predict(
    paths: Sequence[str],
    top_k: int,
    as_json: bool,
    profile: str | None = None,
    model: str | None = None,
) -> int:
    """Print one line per file, in order; the exit status (0, 1 or 2 as in EXIT_CODES).
    model: a user's own model to read each digit with too; how well it reads the built-in
    digits with the conventions found goes to stderr first, as the window's status bar says."""
    from digitpad.core import service
    from digitpad.core.batch import describe_files

    describe = partial(format_json if as_json else format_text, top_k=top_k)
    failures = 0
    try:
        theirs = None
        if model is not None:
            opened = service.open_theirs(model)
            print(f"digitpad: {opened.name}: {opened.how}", file=sys.stderr)
            theirs = service.theirs()
        readings = describe_files(paths, describe, profile=profile, theirs=theirs)
        for reading, line in readings:
            if reading.error is not None:
                failures += 1
                if not sys.stdout.isatty():  # on a terminal its own line already says it
                    print(f"digitpad: {printable(reading.path)}: {reading.error}", file=sys.stderr)
            print(line, flush=True)  # a reader sees each line at once, and can stop us
        sys.stdout.flush()
    except ModelError as error:
        print(f"digitpad: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `digitpad predict ... | head`: the reader has all it wanted
        _drop_output()
        return 0
    return 1 if failures else 0


def _drop_output() -> None:
    """The reader of stdout went away: what is still to be written goes nowhere, so that
    Python's last flush at exit raises no BrokenPipeError."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def evaluate(args: argparse.Namespace) -> int:
    """Print the evaluation report, then draw its pictures; 0, or 2 with one sentence for
    each thing that could not be done (the report is printed whatever the pictures do)."""
    from digitpad.core.errors import InputError
    from digitpad.core.evaluation import picture_problem, report

    names = ("scale", "inverted", "logits")
    overrides = {n: getattr(args, n) for n in names if getattr(args, n) is not None}
    if overrides and not args.model:
        args.usage.error("--scale, --inverted and --logits describe your model: add --model FILE")
    if (
        args.confusion
        and args.misread
        and Path(args.confusion).resolve() == Path(args.misread).resolve()
    ):
        print("digitpad: --confusion and --misread need two different files", file=sys.stderr)
        return 2
    for option, path in (("--confusion", args.confusion), ("--misread", args.misread)):
        problem = path and picture_problem(path, f"{option[2:]}.png")
        if path == "":
            problem = f"{option} needs a picture file's name, such as {option[2:]}.png"
        if path and not problem and os.path.lexists(path) and not args.overwrite:
            problem = f"{path} exists; add --overwrite to replace it"
        if problem:
            print(f"digitpad: {problem}", file=sys.stderr)
            return 2
    try:
        found = report(args.model, args.data, overrides)
    except InputError as error:
        print(f"digitpad: {error}", file=sys.stderr)
        return 2
    try:
        print(found.text, flush=True)
    except BrokenPipeError:  # `digitpad evaluate | head`: the reader has all it wanted
        _drop_output()
    status = 0
    pictures = ((args.confusion, found.save_confusion), (args.misread, found.save_misread))
    for path, save in pictures:
        if not path:
            continue
        try:
            save(path)
        except InputError as error:
            print(f"digitpad: {error}", file=sys.stderr)
            status = 2
        else:
            print(f"wrote {path}")
    return status


def _confirmed(question: str) -> bool:
    """Ask on the terminal; only y or yes agrees (end of input declines)."""
    try:
        return input(question).strip().lower() in ("y", "yes")
    except EOFError:
        return False


def profile(args: argparse.Namespace) -> int:
    """`digitpad profile export|import|forget|show`; 0, or 2 with one sentence."""
    from digitpad.core.errors import InputError, reason
    from digitpad.core.logs import LOG_NAME, log_dir
    from digitpad.core.profile import Profile, check_export_folder, export_sentence, show_sentence

    log = str(log_dir() / LOG_NAME)  # where the samples it cannot read are named

    if not args.profile:
        print(f"digitpad: {NO_PROFILE_NAMED}", file=sys.stderr)
        return 2
    store = Profile.open(profile_path(args.profile))

    # Import may start a profile in a new or empty folder; the rest need one.
    folder = Path(args.profile)
    new = args.action == "import" and (not folder.exists() or _empty_folder(folder))
    if args.profile != "default" and not is_profile(args.profile) and not new:
        print(f"digitpad: {not_a_profile(args.profile)}", file=sys.stderr)
        return 2
    if args.action in ("export", "import") and not args.folder:
        print(f"digitpad: profile {args.action} needs a folder", file=sys.stderr)
        return 2
    if args.action in ("forget", "show") and args.folder:
        print(
            f"digitpad: profile {args.action} takes no folder; name the profile with --profile",
            file=sys.stderr,
        )
        return 2
    try:
        try:
            samples: list | None = store.samples(strict=True)
        except InputError:  # an index that cannot be read is named, not taken as empty ...
            if args.action != "forget":
                raise
            samples = None  # ... except by forget, which deletes its samples all the same
        # Export counts as show does: a sample whose file is missing cannot be read, as one
        # whose file is corrupt, and is not left out of the count.
        listed = store.listed() if args.action == "export" else 0
        if args.action == "export" and not listed:
            check_export_folder(args.folder)  # refused as export() would refuse it
            print(f"{store.path}: no samples to export")  # and no empty dataset written
        elif args.action == "export":
            print(export_sentence(store.export(args.folder), listed, args.folder, log))
        elif args.action == "import":
            print(store.import_folder(args.folder).sentence())
        elif args.action == "forget":
            if samples == []:
                print(f"{store.path}: no samples to forget")
                return 0
            what = "every sample" if samples is None else plural(len(samples), "sample")
            if not args.yes:
                if not sys.stdin.isatty():
                    them = "it" if samples is not None and len(samples) == 1 else "them"
                    print(
                        f"digitpad: profile forget deletes {what}; "
                        f"add --yes to forget {them} without being asked",
                        file=sys.stderr,
                    )
                    return 2
                if not _confirmed(f"Forget {what} in {store.path}? [y/N] "):
                    print(f"kept {what} in {store.path}")
                    return 0
            store.forget()
            print(f"forgot {what}, deleted from {store.path}")
        else:
            print(show_sentence(store, log))
    except InputError as error:
        print(f"digitpad: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        # Named as the user named it: not the file inside it (a sample, a temporary file).
        inside = error.filename is not None and Path(error.filename).absolute().is_relative_to(
            store.path.absolute()
        )
        if args.action == "export":
            where = f"export to {args.folder}"
        elif args.action == "import" and not inside:
            where = f"import from {args.folder}"
        else:
            doing = {"import": "import into", "show": "read"}.get(args.action, args.action)
            where = f"{doing} the profile {store.path}"
        print(f"digitpad: cannot {where}: {reason(error)}", file=sys.stderr)
        return 2
    return 0


def format_json(reading: FileReading, top_k: int) -> str:
    """One JSON object: file, predictions of the drawing as one digit, not_sure,
    digit_probability, box, number and its digits, left_out (ink in none of the digits); or
    error; or empty."""
    # A name that is no valid UTF-8 (bytes Python kept as lone surrogates) as escapes:
    # JSON parsers may refuse a lone surrogate.
    name = reading.path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    record: dict = {"file": name}
    if reading.error is not None:
        record["error"] = reading.error
    elif reading.drawing is None:
        record.update(empty=True, predictions=[])
    else:
        whole = reading.drawing.whole
        record.update(_digit_json(reading, whole, top_k))
        record["digit_probability"] = round(whole.recognition.digit_probability, 6)
        record["number"] = reading.drawing.number
        record["lines"] = reading.drawing.lines(reading.drawing.number)
        record["digits"] = [_digit_json(reading, d, top_k) for d in reading.drawing.digits]
        record["left_out"] = reading.drawing.left_out
        if whole.theirs is not None:  # predict --model
            theirs = _their_number(reading.drawing.digits)
            record["your_model_number"] = theirs
            record["your_model_lines"] = reading.drawing.lines(theirs)
    if reading.frames > 1 and reading.error is None:
        record["frames"] = reading.frames
    return json.dumps(record)


def _digit_json(reading: FileReading, digit, top_k: int) -> dict:
    record = {
        "box": [round(float(v), 1) for v in reading.file_box(digit.box)],
        "predictions": _predictions_json(digit.recognition, top_k),
        "not_sure": digit.recognition.not_sure,
    }
    if digit.theirs is not None:  # predict --model
        record["your_model"] = _predictions_json(digit.theirs, top_k)
        record["your_model_not_sure"] = digit.theirs.not_sure
    return record


def _predictions_json(recognition, top_k: int) -> list[dict]:
    return [{"digit": d, "probability": round(p, 6)} for d, p in recognition.top(top_k)]


def format_text(reading: FileReading, top_k: int) -> str:
    """'path: 7 99.6%  1 0.3% ...' for a digit, 'path: 2026 (2 99.9%, 0 98.1%, ...)' for a
    number ('path: 20 26 (...)' for two lines), with '(not sure)' or '(maybe not a digit ...)'
    and a note when a mark was left out (a minus, an underline), the error, 'empty drawing'
    (ink) or 'no digit found' (a picture)."""
    name = printable(reading.path)
    if reading.error is not None:
        return f"{name}: error: {reading.error}"
    if reading.drawing is None:
        from digitpad.core.files import INK_SUFFIXES

        ink = Path(reading.path).suffix.lower() in INK_SUFFIXES
        off = " (its strokes lie outside its canvas)" if reading.off_canvas else ""
        return f"{name}: {'empty drawing' if ink else 'no digit found'}{off}{_frames_text(reading)}"
    digits = reading.drawing.digits
    left_out = "  (a mark that is no digit was left out)" if reading.drawing.left_out else ""
    # Left out, then the frames, then --model's reading.
    notes = left_out + _frames_text(reading) + _their_text(reading.drawing, top_k)
    if len(digits) > 1:
        each = ", ".join(
            f"{d.recognition.ranked[0][0]}{'?' if d.recognition.not_sure else ''} "
            f"{percent(d.recognition.ranked[0][1])}"
            for d in digits
        )
        number = " ".join(reading.drawing.lines(reading.drawing.marked_number))
        small = SMALL if any(d.recognition.blob for d in digits) else ""
        return f"{name}: {number}  ({each}){small}{notes}"
    # The one digit found, when ink was left out of it (a minus, an underline); else the whole.
    result = digits[0].recognition
    ranked = _ranked_text(result, top_k)
    if result.blob:
        doubt = SMALL
    elif result.maybe_not_a_digit:
        doubt = f"  (maybe not a digit: {percent(result.digit_probability)} a digit)"
    else:
        doubt = "  (not sure)" if result.not_sure else ""
    return f"{name}: {ranked}{doubt}{notes}"


def _frames_text(reading: FileReading) -> str:
    """'  (the first of its 3 frames was read)' for an animated or many-paged image; else ''."""
    return f"  (the first of its {reading.frames} frames was read)" if reading.frames > 1 else ""


def _their_text(drawing, top_k: int) -> str:
    """'  | your model: 7 98.0%  1 1.2%' for a digit, '  | your model: 20?6' for a number
    ('20 ?6' in two lines), as predict --model reads it, its doubt marked as digitpad's is; ''
    without a model."""
    digits = drawing.digits
    if all(d.theirs is None for d in digits):
        return ""
    if len(digits) > 1:
        return f"  | your model: {' '.join(drawing.lines(_their_number(digits, marked=True)))}"
    doubt = "  (not sure)" if digits[0].theirs.not_sure else ""
    return f"  | your model: {_ranked_text(digits[0].theirs, top_k)}{doubt}"


def _their_number(digits: list, marked: bool = False) -> str:
    """The number predict --model reads, a digit per digitpad's digit; marked: '?' for each
    digit it is not sure of, as digitpad's marked_number."""
    return "".join(
        "?" if not d.theirs or (marked and d.theirs.not_sure) else str(d.theirs.ranked[0][0])
        for d in digits
    )


def _ranked_text(recognition, top_k: int) -> str:
    """The top_k digits and their probabilities, in columns: '7  99.6%  1   0.3%'."""
    return "  ".join(f"{d} {percent(p):>6}" for d, p in recognition.top(top_k))


def printable(path: str) -> str:
    """A file name for one line of text: a newline or other control character in it shown
    as Python writes it in a string ('\\n'), so that each file keeps one line; where a
    backslash is no folder separator, it is doubled, so that a name with a backslash and an
    n in it is not taken for one with a newline."""
    if os.sep == "/":
        path = path.replace("\\", "\\\\")
    return "".join(_printable_character(c) for c in path)


def _printable_character(c: str) -> str:
    """A character of a file name as printable shows it: a byte that is no UTF-8, which
    Python holds as a lone surrogate (PEP 383), as \\xff, the way --json writes it."""
    if c.isprintable():
        return c
    if 0xDC80 <= ord(c) <= 0xDCFF:
        return f"\\x{ord(c) - 0xDC00:02x}"
    return repr(c)[1:-1]
