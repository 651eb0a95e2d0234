"""`python -m tracker` runs the same command as `tracker`."""

import sys

from tracker.cli import main

sys.exit(main())
