"""Entry point for `python -m digitpad`."""

import sys

from digitpad.cli import main

sys.exit(main())
