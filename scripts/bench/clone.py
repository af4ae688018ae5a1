"""A throw-away copy of the working tree for the pipeline benchmarks (never the real repo)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from bench.common import ROOT


def changed_files(src: Path) -> tuple[list[str], list[str]]:
    """Return the working tree's modified or new files and its deleted files (git paths).

    Parameters
    ----------
    src : pathlib.Path
        Repository.

    Returns
    -------
    (list of str, list of str)
        Files to copy over a fresh clone, and files to remove from it.
    """
    def git(*args: str) -> list[str]:
        out = subprocess.run(["git", *args], cwd=src, capture_output=True, text=True, check=True)
        return [line for line in out.stdout.splitlines() if line]

    deleted = git("ls-files", "--deleted")
    changed = git("ls-files", "--modified", "--others", "--exclude-standard")
    return sorted(set(changed) - set(deleted)), deleted


def prepare_clone(dst: Path, src: Path = ROOT) -> Path:
    """Clone ``src`` to ``dst`` and lay the uncommitted working-tree files over it.

    Data, reports, ``.venv`` and the DVC cache are not copied: the clone starts cold.

    Parameters
    ----------
    dst : pathlib.Path
        Destination (removed first if it exists).
    src : pathlib.Path
        Repository (default the project root).

    Returns
    -------
    pathlib.Path
        ``dst``.
    """
    if dst.exists():
        shutil.rmtree(dst)
    subprocess.run(["git", "clone", "-q", str(src), str(dst)], check=True)
    changed, deleted = changed_files(src)
    for rel in changed:
        if rel.startswith(("data/", "reports/", ".venv/", "node_modules/")):
            continue
        target = dst / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if (src / rel).is_file():
            shutil.copy2(src / rel, target)
    for rel in deleted:
        (dst / rel).unlink(missing_ok=True)
    return dst


def clone_env(clone: Path, src: Path = ROOT) -> dict[str, str]:
    """Environment that runs the clone's code with the project's virtual environment.

    ``AIM_ROOT`` points the pipeline at the clone's folders; ``PYTHONPATH`` makes the clone's
    ``pipeline`` package win over the editable install (also inside the notebook kernels).

    Parameters
    ----------
    clone : pathlib.Path
        The clone.
    src : pathlib.Path
        Project root holding ``.venv``.

    Returns
    -------
    dict of str to str
    """
    env = dict(os.environ)
    env["PATH"] = f"{src / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["AIM_ROOT"] = str(clone)
    env["PYTHONPATH"] = str(clone)
    env["PYTHONUNBUFFERED"] = "1"
    env.pop("VIRTUAL_ENV", None)
    return env
