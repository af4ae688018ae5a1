"""Pipeline benchmarks in a clone: cold, no-op and one-parameter-change ``dvc repro``.

The time of each stage comes from the moments dvc announces the stages in its output.
"""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path
from typing import Any

import yaml

from bench.common import load, median

STAGE_LINE = re.compile(r"Running stage '([^']+)'")


def stage_times(marks: list[tuple[str, float]], end: float) -> dict[str, float]:
    """Turn (stage, start moment) marks into seconds per stage (up to the next stage's start).

    Parameters
    ----------
    marks : list of (str, float)
        Stage names with the moment dvc announced them, in order.
    end : float
        Moment ``dvc repro`` finished.

    Returns
    -------
    dict of str to float

    Examples
    --------
    >>> stage_times([("synth", 0.0), ("clean_hr", 2.5)], 4.0)
    {'synth': 2.5, 'clean_hr': 1.5}
    """
    out = {}
    for i, (name, start) in enumerate(marks):
        stop = marks[i + 1][1] if i + 1 < len(marks) else end
        out[name] = round(stop - start, 3)
    return out


def repro(clone: Path, env: dict[str, str], force: bool = False) -> dict[str, Any]:
    """Run ``dvc repro`` (``-f``: every stage) in the clone; time it and each stage.

    Parameters
    ----------
    clone : pathlib.Path
        Project copy.
    env : dict
        Environment (:func:`bench.clone.clone_env`).
    force : bool
        Rerun every stage.

    Returns
    -------
    dict
        ``wall_s``, ``load`` (one-minute load average at the start), ``stages`` (seconds per
        stage that ran).

    Raises
    ------
    RuntimeError
        If ``dvc repro`` fails.
    """
    cmd = ["dvc", "repro", *(["-f"] if force else [])]
    start_load = load()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=clone, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, bufsize=1)
    marks: list[tuple[str, float]] = []
    lines: list[str] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        lines.append(line)
        match = STAGE_LINE.search(line)
        if match:
            marks.append((match.group(1), time.perf_counter() - t0))
    proc.wait()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"dvc repro failed in {clone}:\n{''.join(lines[-40:])}")
    return {"wall_s": round(wall, 3), "load": start_load, "stages": stage_times(marks, wall)}


def set_param(params_file: Path, dotted: str, value: Any) -> Any:
    """Set one parameter in a ``params.yaml`` (of the clone); return its old value.

    Comments in the file are lost; the clone is thrown away afterwards.

    Parameters
    ----------
    params_file : pathlib.Path
        The clone's ``params.yaml``.
    dotted : str
        ``section.key``.
    value : Any
        New value.

    Returns
    -------
    Any
        The previous value.
    """
    params = yaml.safe_load(params_file.read_text(encoding="utf-8"))
    node = params
    *parents, key = dotted.split(".")
    for part in parents:
        node = node[part]
    old = node[key]
    node[key] = value
    params_file.write_text(yaml.safe_dump(params, sort_keys=False, allow_unicode=True),
                           encoding="utf-8")
    return old


def pipeline_benchmarks(clone: Path, env: dict[str, str], cold_runs: int = 2, noop_runs: int = 5,
                        change_runs: int = 2) -> dict[str, Any]:
    """Cold, no-op and one-parameter-change runs of the pipeline in ``clone``.

    Parameters
    ----------
    clone : pathlib.Path
        A fresh clone (:func:`bench.clone.prepare_clone`).
    env : dict
        Its environment.
    cold_runs, noop_runs, change_runs : int
        Repetitions (medians are reported).

    Returns
    -------
    dict
        ``cold``, ``noop`` and ``change`` (one entry per parameter changed), each with
        ``median_s``, ``runs``; ``stages_median_s`` for the cold runs.
    """
    cold = [repro(clone, env, force=True) for _ in range(cold_runs)]
    noop = [repro(clone, env) for _ in range(noop_runs)]
    changes: dict[str, Any] = {}
    for dotted, values in (("disclosure.round_percent", (1, 0)),
                           ("estimation.alpha", (0.1, 0.05))):
        runs = []
        for i in range(change_runs):
            set_param(clone / "params.yaml", dotted, values[i % 2])
            runs.append(repro(clone, env))
        changes[dotted] = {"median_s": median([r["wall_s"] for r in runs]), "runs": runs}
    stage_names = list(cold[0]["stages"])
    return {
        "cold": {"median_s": median([r["wall_s"] for r in cold]), "runs": cold},
        "stages_median_s": {s: median([r["stages"].get(s, 0.0) for r in cold])
                            for s in stage_names},
        "noop": {"median_s": median([r["wall_s"] for r in noop]), "runs": noop},
        "change": changes,
    }
