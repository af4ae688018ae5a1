"""Shared helpers: timing with the machine load beside it, subprocess peak memory, versions."""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("pandas", "numpy", "scipy", "pyarrow", "svy", "dvc", "papermill", "nbclient",
            "nbconvert", "ipykernel", "matplotlib")


def load() -> float:
    """Return the one-minute load average of the machine.

    Returns
    -------
    float

    Examples
    --------
    >>> load() >= 0
    True
    """
    return round(os.getloadavg()[0], 2)


def median(values: Sequence[float]) -> float:
    """Return the median of timings, rounded to milliseconds.

    Parameters
    ----------
    values : sequence of float
        Seconds.

    Returns
    -------
    float

    Examples
    --------
    >>> median([3.0, 1.0, 2.0])
    2.0
    """
    return round(float(statistics.median(values)), 3)


def timed(func: Callable[[], Any], repeats: int = 3) -> dict[str, Any]:
    """Time ``func`` several times; return the median, all runs and the load beside each.

    Parameters
    ----------
    func : callable
        Called without arguments.
    repeats : int
        Number of runs.

    Returns
    -------
    dict
        ``median_s``, ``runs_s``, ``load`` (one-minute load average at the start of each run)
        and ``cpu_s`` (process CPU time per run, less sensitive to other users of the machine).

    Examples
    --------
    >>> out = timed(lambda: sum(range(10)), repeats=2)
    >>> len(out["runs_s"]), out["median_s"] >= 0
    (2, True)
    """
    runs, loads, cpus = [], [], []
    for _ in range(repeats):
        loads.append(load())
        cpu0, t0 = time.process_time(), time.perf_counter()
        func()
        runs.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - cpu0)
    return {"median_s": median(runs), "runs_s": [round(r, 3) for r in runs], "load": loads,
            "cpu_s": median(cpus)}


def run_measured(cmd: Sequence[str], cwd: Path,
                 env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run a command; return its wall seconds and CPU seconds (with its children).

    Parameters
    ----------
    cmd : sequence of str
        Command and arguments.
    cwd : pathlib.Path
        Working folder.
    env : dict, optional
        Environment (default: this process's).

    Returns
    -------
    dict
        ``wall_s``, ``cpu_s`` (user + system of the finished children), ``load`` (one-minute
        load average at the start) and ``output`` (standard output and error).

    Raises
    ------
    RuntimeError
        If the command fails (the end of its output is quoted).

    Examples
    --------
    >>> out = run_measured([sys.executable, "-c", "print(1)"], Path("."))
    >>> out["output"].strip(), out["wall_s"] > 0
    ('1', True)
    """
    start_load = load()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(list(cmd), cwd=cwd, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stdout[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "load": start_load,
            "output": proc.stdout}


def child_json(module_args: Sequence[str], cwd: Path, env: dict[str, str]) -> dict[str, Any]:
    """Run ``python <args>`` in a fresh process that prints one JSON line; add its peak memory.

    The child reads its own peak resident set (``VmHWM``) at the end, so the figure belongs to
    that one size only.

    Parameters
    ----------
    module_args : sequence of str
        Arguments after the interpreter.
    cwd : pathlib.Path
        Working folder.
    env : dict
        Environment.

    Returns
    -------
    dict
        The child's JSON object.

    Raises
    ------
    RuntimeError
        If the child fails.
    """
    proc = subprocess.run([sys.executable, *module_args], cwd=cwd, env=env, text=True,
                          capture_output=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(module_args)} failed: {proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def peak_rss_mb() -> float:
    """Return this process's peak resident set size in megabytes.

    Returns
    -------
    float

    Examples
    --------
    >>> peak_rss_mb() > 0
    True
    """
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def machine() -> dict[str, Any]:
    """Return facts about the machine, Python and the key package versions.

    Returns
    -------
    dict

    Examples
    --------
    >>> "python" in machine()
    True
    """
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory_gb = round(pages / 2**30, 1)
    except (ValueError, OSError):
        memory_gb = None
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "host_cpu": cpu,
        "cpus": os.cpu_count(),
        "memory_gb": memory_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": versions,
        "load_at_start": list(round(x, 2) for x in os.getloadavg()),
    }


def growth_exponent(sizes: Sequence[float], seconds: Sequence[float]) -> float | None:
    """Return the slope of log(time) on log(size): 1 is linear growth, 2 quadratic.

    Parameters
    ----------
    sizes : sequence of float
        Problem sizes.
    seconds : sequence of float
        Times (or memory) at those sizes.

    Returns
    -------
    float or None
        Least-squares slope; None with fewer than two positive points.

    Examples
    --------
    >>> growth_exponent([1, 10, 100], [2, 20, 200])
    1.0
    """
    import numpy as np

    pts = [(s, t) for s, t in zip(sizes, seconds, strict=True) if s > 0 and t and t > 0]
    if len(pts) < 2:
        return None
    x = np.log([p[0] for p in pts])
    y = np.log([p[1] for p in pts])
    return round(float(np.polyfit(x, y, 1)[0]), 2)
