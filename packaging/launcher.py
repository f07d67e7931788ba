"""Entry point of the frozen app (PyInstaller bundle): the same as the `digitpad` command."""

import multiprocessing
import sys

if __name__ == "__main__":
    # First thing: in a worker process of `digitpad predict` this runs the worker and exits.
    multiprocessing.freeze_support()
    from digitpad.cli import main

    sys.exit(main())
