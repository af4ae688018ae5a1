"""Print where the reports of the configured source are (``make reports`` ends with it)."""

from __future__ import annotations

import sys

from pipeline.config import load_params, project_paths


def main() -> int:
    """Print the path of the index page, relative to the project root."""
    paths = project_paths(load_params())
    index = paths.reports / "index.html"
    sys.stdout.write(f"Rapporten: {index.relative_to(paths.root).as_posix()}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
