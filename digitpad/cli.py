"""Command line: start the app, classify files with `digitpad predict`, or run a self-test."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from itertools import repeat

from digitpad import __version__, service
from digitpad.errors import ModelError

log = logging.getLogger(__name__)
BATCH = 128
PARALLEL_FROM = 200  # files; below this a process pool costs more than it saves
Describe = Callable[[str, object], str]  # a file's line of output, from what was read in it


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["predict"]:
        return predict_command(argv[1:])
    parser = argparse.ArgumentParser(
        prog="digitpad", description="Draw a digit and see what a neural network reads.",
        epilog="Classify files without the window: digitpad predict FILE... [--json]")
    parser.add_argument("file", nargs="?", help="an ink file or image to open in the window")
    parser.add_argument("--self-test", action="store_true",
                        help="check the model and the whole pipeline on built-in samples")
    parser.add_argument("--version", action="version", version=f"digitpad {__version__}")
    args = parser.parse_args(argv)
    if args.self_test:
        from digitpad.selftest import run_self_test
        return run_self_test()
    from digitpad.app import run_app
    return run_app(args.file)


def predict_command(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="digitpad predict",
        description="Classify image files and ink files with the app's own pipeline.")
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--top-k", type=int, default=3, metavar="K",
                        help="how many digits to list, 1 to 10 (default 3)")
    parser.add_argument("--json", action="store_true",
                        help="one JSON object per file on stdout")
    args = parser.parse_args(argv)
    if not 1 <= args.top_k <= 10:
        parser.error("--top-k must be between 1 and 10")
    describe = partial(describe_outcome, as_json=args.json, top_k=args.top_k)
    failures = 0
    try:
        for failed, line in describe_files(args.files, describe):
            failures += failed
            print(line, flush=False)
    except ModelError as error:
        print(f"digitpad: {error}", file=sys.stderr)
        return 2
    sys.stdout.flush()
    return 1 if failures else 0


def describe_files(paths: Sequence[str], describe: Describe) -> Iterator[tuple[bool, str]]:
    """Per file, in the order given: whether it could not be read, and its line of output."""
    chunks = [paths[i:i + BATCH] for i in range(0, len(paths), BATCH)]
    workers = min(4, os.cpu_count() or 1)
    if len(paths) < PARALLEL_FROM or workers < 2:
        from digitpad.model import Recognizer
        recognizer = Recognizer()
        for chunk in chunks:
            yield from describe_chunk(recognizer, chunk, describe)
        return
    # Reading, rendering and inference per file, spread over the cores. The workers are
    # started before this process imports NumPy or loads the model: each loads its own, side
    # by side, and sends back finished lines, which need no NumPy to unpickle.
    from concurrent.futures import ProcessPoolExecutor
    pool = ProcessPoolExecutor(workers, initializer=service.load)
    try:
        for lines in pool.map(_describe_in_worker, chunks, repeat(describe)):
            yield from lines
    finally:
        pool.shutdown(cancel_futures=True)


def describe_chunk(recognizer, paths: Sequence[str], describe: Describe) -> list[tuple[bool, str]]:
    outcomes = classify_chunk(recognizer, paths)
    return [(isinstance(o, str), describe(path, o)) for path, o in zip(paths, outcomes)]


def _describe_in_worker(paths: Sequence[str], describe: Describe) -> list[tuple[bool, str]]:
    return describe_chunk(service.recognizer(), paths, describe)


def classify_chunk(recognizer, paths: Sequence[str]) -> list[object]:
    import numpy as np
    outcomes, inputs = read_inputs(paths)
    results = recognizer.recognize_batch(np.stack(inputs)) if inputs else []
    return [results[o] if isinstance(o, int) else o for o in outcomes]


def read_inputs(paths: Sequence[str]) -> tuple[list[object], list]:
    """Model inputs for some files: per file an index into the inputs, None or an error."""
    from digitpad.errors import InputError
    from digitpad.files import load_drawing
    from digitpad.pipeline import model_input
    outcomes: list[object] = []
    inputs = []
    for path in paths:
        try:
            pixels = model_input(load_drawing(path))
        except InputError as error:
            outcomes.append(str(error))
            continue
        except Exception as error:  # one bad file must not stop the rest
            log.exception("reading %s failed", path)
            outcomes.append(f"unexpected {type(error).__name__} while reading the file")
            continue
        outcomes.append(None if pixels is None else len(inputs))
        if pixels is not None:
            inputs.append(pixels)
    return outcomes, inputs


def describe_outcome(path: str, outcome: object, as_json: bool, top_k: int) -> str:
    return format_json(path, outcome, top_k) if as_json else format_text(path, outcome, top_k)


def format_json(path: str, outcome: object, top_k: int) -> str:
    if isinstance(outcome, str):
        record: dict = {"file": path, "error": outcome}
    elif outcome is None:
        record = {"file": path, "empty": True, "predictions": []}
    else:
        record = {"file": path, "predictions": [
            {"digit": d, "probability": round(p, 6)} for d, p in outcome.top(top_k)]}
        if outcome.not_sure:
            record["not_sure"] = True
    import json
    return json.dumps(record)


def format_text(path: str, outcome: object, top_k: int) -> str:
    if isinstance(outcome, str):
        return f"{path}: error: {outcome}"
    if outcome is None:
        return f"{path}: empty drawing"
    from digitpad.format import percent
    ranked = "  ".join(f"{d} {percent(p):>6}" for d, p in outcome.top(top_k))
    return f"{path}: {ranked}" + ("  (not sure)" if outcome.not_sure else "")


if __name__ == "__main__":
    sys.exit(main())
