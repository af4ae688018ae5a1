"""Execute a report notebook's code cells in this process, with given parameters.

Faster than papermill (no kernel start-up) for tests that run the notebooks many times; the
cells are the same code the reports run.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

import nbformat


def run_notebook_inline(path: Path, parameters: dict[str, Any]) -> dict[str, Any]:
    """Run every code cell of ``path`` after replacing its parameters cell.

    Returns the notebook's namespace; raises whatever a cell raises.
    """
    nb = nbformat.read(path, as_version=4)
    namespace: dict[str, Any] = {"__name__": "__notebook__"}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        source = cell.source
        if "parameters" in cell.metadata.get("tags", []):
            source = "\n".join(f"{k} = {v!r}" for k, v in parameters.items())
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(source, f"{path.name}", "exec"), namespace)
    return namespace
