"""``python -m pipeline.scaffold <raw export> --wave <year>``: see :mod:`pipeline.scaffold.cli`."""

import sys

from pipeline.cli import run_stage
from pipeline.scaffold.cli import main

if __name__ == "__main__":
    sys.exit(run_stage(main, None, "scaffold"))
