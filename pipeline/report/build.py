"""Stage ``report``: execute a wave's section notebooks with papermill and render them to HTML.

Run as ``python -m pipeline.report.build --wave 2024``. Executed notebooks are sensitive
intermediate files (``data/processed/<source>/notebooks/``); only the rendered pages, whose
tables passed the disclosure gate, go to ``reports/<source>/<wave>/``. Both are reproducible: an
executed notebook is stripped of execution times and machine paths (:func:`normalise_notebook`),
and the pages are dated by the peildatum (:func:`pipeline.report.provenance.dated_line`), not
the clock.
"""

from __future__ import annotations

import argparse
import logging
import os
import queue
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

from pipeline.config import ROOT, load_params, project_paths
from pipeline.contract import TRACE_ENV, stage_params
from pipeline.ingest.atomic import atomic_path
from pipeline.log import TERMINAL_ONLY
from pipeline.report.provenance import code_version, dated_line, source_label
from pipeline.report.sections import SECTION_TITLES

# papermill and the renderer (nbconvert) take seconds to import; they are imported while the
# kernels start (see execute_notebooks), not at module import.

#: Kernels executing a wave's notebooks side by side (at most one per CPU).
KERNELS = 2
#: Run in each kernel as soon as it is up: the modules every section notebook imports.
WARM_UP = "import pipeline.report.context, pipeline.report.sections, pipeline.report.figures"
STUDY_NAMES = {"herhaal": "herhaalonderzoek (vierjaarlijks)", "monitor": "monitor (tweejaarlijks)"}
logger = logging.getLogger(__name__)


def _drop_zmq_gc_notice(record: logging.LogRecord) -> bool:
    """Drop jupyter_client's notice about a client collected with its channels open.

    nbclient leaves the channels of its client on our shared kernel to us; they close when the
    kernel shuts down at the end of the wave, so the notice at garbage collection says nothing
    a user can act on.
    """
    return "Could not destroy zmq context" not in record.getMessage()


logging.getLogger("traitlets").addFilter(_drop_zmq_gc_notice)


def wave_study(params: dict[str, Any], wave: int) -> str:
    """Return the study type of a wave from its mapping file."""
    from pipeline.ingest.waves import wave_mapping

    return wave_mapping(project_paths(params), wave).study


def wave_peildatum(params: dict[str, Any], wave: int) -> date:
    """Return the reference date (peildatum) of a wave from its mapping (or canonical) file."""
    from pipeline.ingest.waves import wave_mapping

    return wave_mapping(project_paths(params), wave).peildatum


#: Papermill's per-run metadata that holds clock times.
_CLOCK_KEYS = ("start_time", "end_time", "duration")
_PARAMETERS_CELL_ID = "injected-parameters"


def normalise_notebook(nb: dict[str, Any], root: Path | None = None) -> dict[str, Any]:
    """Remove what differs between two executions of the same notebook on the same inputs.

    Drops papermill's start and end times and durations (notebook and cells) and the kernel's
    ``execution`` timestamps of every cell; makes papermill's input and output paths relative
    to `root`; gives the injected-parameters cell a fixed id (papermill draws a random one).
    Outputs, execution counts and everything else stay as they are.

    Parameters
    ----------
    nb : dict
        An executed notebook (``nbformat.NotebookNode`` or plain JSON dict); changed in place.
    root : pathlib.Path, optional
        Paths under it are written relative to it (default the project root).

    Returns
    -------
    dict
        `nb`.

    Examples
    --------
    >>> nb = {"metadata": {"papermill": {"start_time": "2026-12-01T22:08:47Z", "duration": 1.2,
    ...       "input_path": "/x/notebooks/a.ipynb", "version": "2.7.0"}},
    ...       "cells": [{"id": "3f9a", "metadata": {"tags": ["injected-parameters"],
    ...       "execution": {"iopub.status.busy": "2026-12-01T22:08:47Z"},
    ...       "papermill": {"status": "completed", "end_time": "2026-12-01T22:08:48Z"}}}]}
    >>> out = normalise_notebook(nb, Path("/x"))
    >>> out["metadata"]["papermill"]
    {'input_path': 'notebooks/a.ipynb', 'version': '2.7.0'}
    >>> out["cells"][0]["id"], out["cells"][0]["metadata"]
    ('injected-parameters', {'tags': ['injected-parameters'], 'papermill': {'status': 'completed'}})
    """
    root = ROOT if root is None else root
    run = nb.get("metadata", {}).get("papermill")
    if run is not None:
        for key in _CLOCK_KEYS:
            run.pop(key, None)
        for key in ("input_path", "output_path"):
            if run.get(key):
                path = Path(run[key])
                run[key] = (path.relative_to(root).as_posix() if path.is_relative_to(root)
                            else path.name)
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {})
        meta.pop("execution", None)
        for key in _CLOCK_KEYS:
            meta.get("papermill", {}).pop(key, None)
        if _PARAMETERS_CELL_ID in meta.get("tags", []) and "id" in cell:
            cell["id"] = _PARAMETERS_CELL_ID
    return nb


def normalise_notebook_file(path: Path, root: Path | None = None) -> Path:
    """Rewrite an executed notebook file through :func:`normalise_notebook` (atomically).

    Parameters
    ----------
    path : pathlib.Path
        The executed notebook.
    root : pathlib.Path, optional
        See :func:`normalise_notebook`.

    Returns
    -------
    pathlib.Path
        `path`.
    """
    import nbformat

    nb = normalise_notebook(nbformat.read(path, as_version=4), root)
    with atomic_path(path) as tmp:
        nbformat.write(nb, tmp)
    return path


@contextmanager
def shared_kernel(cwd: Path) -> Iterator[tuple[AsyncKernelManager, Callable[[], None]]]:
    """Start one kernel for all of a wave's notebooks; yield it and a namespace reset.

    Each notebook used to pay a kernel start-up and the import of pandas, matplotlib and the
    pipeline (about 2 s CPU per notebook). The kernel is shared and imports those modules
    (:data:`WARM_UP`) as soon as it is up; before each notebook its user namespace is cleared
    (``%reset -f``), so a notebook still sees only what it defines itself.

    Parameters
    ----------
    cwd : pathlib.Path
        Working folder of the kernel (the notebooks folder).

    Yields
    ------
    (jupyter_client.AsyncKernelManager, callable)
        The running kernel's manager, and a function that clears its namespace.
    """
    # IPC sockets in a private folder, not TCP on localhost: nothing else can connect to the
    # kernel, and ipykernel no longer warns per kernel that TCP runs without encryption.
    sockets = tempfile.mkdtemp(prefix="aim-kernel-")
    km = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=f"{sockets}/kernel")
    run_sync(km.start_kernel)(cwd=str(cwd))
    client = km.blocking_client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)
        client.execute(WARM_UP, silent=True, store_history=False)  # the first reset waits for it

        def reset() -> None:
            reply = client.execute_interactive("get_ipython().run_line_magic('reset', '-f')",
                                               store_history=False, timeout=120,
                                               output_hook=lambda msg: None)
            if reply["content"].get("status") != "ok":
                raise RuntimeError("could not clear the shared kernel's namespace")

        yield km, reset
    finally:
        client.stop_channels()
        run_sync(km.shutdown_kernel)(now=True)
        shutil.rmtree(sockets, ignore_errors=True)


def execute_notebooks(jobs: list[tuple[Path, Path]], parameters: dict[str, Any], cwd: Path,
                      kernels: int = KERNELS) -> Future[None]:
    """Start executing notebooks with papermill on a few shared kernels working side by side.

    Returns at once; the kernels start (and papermill is imported) in background threads, so
    the caller can meanwhile import what it needs.

    Parameters
    ----------
    jobs : list of (pathlib.Path, pathlib.Path)
        Notebook and where its executed copy goes.
    parameters : dict
        Papermill parameters, the same for every notebook.
    cwd : pathlib.Path
        Working folder of the kernels.
    kernels : int
        Kernels (and threads) at most; each takes the next notebook when it is free.

    Returns
    -------
    concurrent.futures.Future
        Done when every notebook ran; its ``result()`` raises
        ``papermill.PapermillExecutionError`` if a notebook failed (the other kernel finishes
        its notebook first).
    """
    todo: queue.SimpleQueue[tuple[Path, Path]] = queue.SimpleQueue()
    for job in jobs:
        todo.put(job)

    def worker() -> None:
        with shared_kernel(cwd) as (km, reset):
            import papermill

            while True:
                try:
                    source, executed = todo.get_nowait()
                except queue.Empty:
                    return
                reset()
                papermill.execute_notebook(str(source), str(executed), parameters=parameters,
                                           kernel_name="python3", progress_bar=False,
                                           log_output=False, km=km)
                normalise_notebook_file(executed)
                logger.info("notebook uitgevoerd: %s", source.name, extra=TERMINAL_ONLY)

    def run_all() -> None:
        workers = max(1, min(kernels, len(jobs), os.cpu_count() or 1))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(worker) for _ in range(workers)]
            for future in futures:
                future.result()

    done: Future[None] = Future()

    def track() -> None:
        try:
            run_all()
        except BaseException as exc:  # handed to the caller through the future
            done.set_exception(exc)
        else:
            done.set_result(None)

    threading.Thread(target=track, name="notebooks", daemon=True).start()
    return done


def build_wave(params: dict[str, Any], wave: int) -> list[Path]:
    """Execute and render every section notebook of one wave.

    Parameters
    ----------
    params : dict
        Parameters (``report.sections``, ``data.source``).
    wave : int
        Survey year.

    Returns
    -------
    list of pathlib.Path
        The rendered HTML pages.
    """
    paths = project_paths(params)
    study = wave_study(params, wave)
    source = params["data"]["source"]
    executed_dir = paths.artefact("executed", wave)
    executed_dir.mkdir(parents=True, exist_ok=True)
    dated = dated_line(wave_peildatum(params, wave))
    sections = list(params["report"]["sections"])
    version = code_version(ROOT, "report", sections)
    jobs = [(paths.notebooks / f"{s}.ipynb", executed_dir / f"{s}.ipynb") for s in sections]
    if not os.environ.get(TRACE_ENV):  # the kernels record the params the notebooks read
        handle, trace = tempfile.mkstemp(prefix="aim-params-", suffix=".txt")
        os.close(handle)
        os.environ[TRACE_ENV] = trace
    logger.info("%d notebooks uitvoeren (%s)", len(jobs), ", ".join(sections))
    running = execute_notebooks(jobs, {"wave": wave, "study": study}, paths.notebooks)
    from pipeline.report.render import ReportMeta, render_html  # while the kernels start

    running.result()
    frame = {"subtitle": (f"Medewerkersonderzoek gemeente Amsterdam, {STUDY_NAMES[study]}; "
                          f"{dated}"),
             "synthetic": source == "demo",
             "footer": f"Bron: {source_label(source)}. Code: versie {version}."}
    pages = []
    for section, (_, executed) in zip(sections, jobs, strict=True):
        meta = ReportMeta(title=f"{SECTION_TITLES.get(section, section)} {wave}", **frame)
        pages.append(render_html(executed, paths.artefact("pages", wave) / f"{section}.html",
                                 meta))
        logger.info("pagina gemaakt: %s", pages[-1].relative_to(ROOT))
    if "eenheden" in sections:
        pages += _unit_pages(paths.artefact("pages", wave), wave, study, frame)
    return pages


def _unit_pages(pages_dir: Path, wave: int, study: str, frame: dict[str, Any]) -> list[Path]:
    """Render the page of every reported cluster and directie (in this process, no kernel).

    ``frame`` is the section pages' subtitle, banner and footer; a unit page, one folder
    deeper, adds its breadcrumb.
    """
    from pipeline.report.context import WaveReport
    from pipeline.report.render import ReportMeta
    from pipeline.report.unit_pages import UNIT_DIR, build_unit_pages

    def meta(title: str, trail: tuple[tuple[str, str], ...]) -> ReportMeta:
        return ReportMeta(title=f"{title} {wave}", index_href="../../index.html",
                          trail=tuple((f"{label} {wave}", href) for label, href in trail),
                          **frame)

    report = WaveReport.load(wave, study, report="eenheden")
    return build_unit_pages(report, pages_dir / UNIT_DIR, meta)


def main(argv: list[str] | None = None) -> int:
    """Build one wave's reports; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wave", type=int, required=True)
    args = parser.parse_args(argv)
    params = stage_params(load_params(), "report")
    build_wave(params, args.wave)  # logs each notebook it executes and page it renders
    return 0


if __name__ == "__main__":
    from pipeline.cli import run_stage

    sys.exit(run_stage(main, sys.argv[1:], "rapport"))
